/* diag.c: the message table and the diagnostics collector (mandoc_msg.c is the model). */
#include "gpdigest/diag.h"

#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"

typedef struct msg_def {
	const char *name;
	gpd_level level;
	const char *text;
} msg_def;

static const msg_def msgs[] = {
	[GPD_W_NO_CRITERION] = {"no-criterion", GPD_LEVEL_WARNING,
		"no National Leaving Care Standards criterion stated"},
	[GPD_W_UNKNOWN_CRITERION] = {"unknown-criterion", GPD_LEVEL_WARNING,
		"criterion %s is not in the standards catalogue (a typo?)"},
	[GPD_W_NO_OUTCOME] = {"no-outcome", GPD_LEVEL_WARNING,
		"no ECM outcome ticked"},
	[GPD_W_SPECIFY_UNTICKED] = {"specify-unticked", GPD_LEVEL_WARNING,
		"text given for \"%s\" but its box is not ticked"},
	[GPD_W_BAD_EMAIL] = {"bad-email", GPD_LEVEL_WARNING,
		"contact email \"%s\" is not an address"},
	[GPD_W_NO_REGION] = {"no-region", GPD_LEVEL_WARNING,
		"no region ticked"},
	[GPD_W_DUP_CRITERION] = {"duplicate-criterion", GPD_LEVEL_WARNING,
		"criterion %s is given more than once"},
	[GPD_W_MISSING_GLYPH] = {"missing-glyph", GPD_LEVEL_WARNING,
		"the PDF font has no glyph for %s; printed as a replacement mark"},
	[GPD_W_UNRESOLVED_LINK] = {"unresolved-link", GPD_LEVEL_WARNING,
		"link to \"%s\" has no target in this edition"},
	[GPD_W_PDF] = {"pdf", GPD_LEVEL_WARNING, "PDF typesetting: %s"},
	[GPD_W_IMPORT] = {"import-warning", GPD_LEVEL_WARNING, "%s"},
	[GPD_W_DEEP_NESTING] = {"deep-nesting", GPD_LEVEL_WARNING,
		"the text of <%s> nests quotes and lists, or emphasis and links, more than "
		"32 levels deep; the deeper levels are printed flat"},
	[GPD_E_XML] = {"xml", GPD_LEVEL_ERROR, "malformed XML: %s"},
	[GPD_E_DTD] = {"dtd", GPD_LEVEL_ERROR,
		"a DOCTYPE or entity declaration is not allowed in a record"},
	[GPD_E_ENCODING] = {"encoding", GPD_LEVEL_ERROR,
		"the file is not valid UTF-8: %s"},
	[GPD_E_EMPTY_FILE] = {"empty-file", GPD_LEVEL_ERROR, "the file is empty"},
	[GPD_E_TOO_LARGE] = {"too-large", GPD_LEVEL_ERROR,
		"the file is larger than the limit of %s"},
	[GPD_E_SCHEMA] = {"schema", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_SPECIFY_MISSING] = {"specify-missing", GPD_LEVEL_ERROR,
		"\"%s\" is ticked but the text it asks for is missing"},
	[GPD_E_DUP_ID] = {"duplicate-id", GPD_LEVEL_ERROR,
		"record id \"%s\" is used by another file too"},
	[GPD_E_ID_FILENAME] = {"id-filename", GPD_LEVEL_ERROR,
		"record id \"%s\" does not match the file name"},
	[GPD_E_RESERVED_ID] = {"reserved-id", GPD_LEVEL_ERROR,
		"record id \"%s\" is reserved for a section of the publication"},
	[GPD_E_EMPTY_TEXT] = {"empty-text", GPD_LEVEL_ERROR,
		"required text \"%s\" is empty"},
	[GPD_E_TOO_MANY] = {"too-many-records", GPD_LEVEL_ERROR,
		"more records than the limit of %s"},
	[GPD_E_TEMPLATE] = {"template", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_PUBLICATION] = {"publication", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_CATALOGUE] = {"catalogue", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_EMPTY_SELECTION] = {"empty-selection", GPD_LEVEL_ERROR,
		"edition %s selects no record"},
	[GPD_E_STALE] = {"stale", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_LIMIT] = {"limit", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_IMPORT] = {"import", GPD_LEVEL_ERROR, "%s"},
	[GPD_F_USAGE] = {"usage", GPD_LEVEL_FATAL, "%s"},
	[GPD_F_IO] = {"io", GPD_LEVEL_FATAL, "%s"},
	[GPD_F_NOT_REGULAR] = {"not-regular-file", GPD_LEVEL_FATAL,
		"refused: it is %s; records and templates are read only from regular files"},
	[GPD_F_NOMEM] = {"out-of-memory", GPD_LEVEL_FATAL, "out of memory%s"},
	[GPD_F_WRITE] = {"write", GPD_LEVEL_FATAL, "cannot write %s"},
	[GPD_F_INTERNAL] = {"internal", GPD_LEVEL_FATAL, "internal error: %s"},
};

_Static_assert(sizeof(msgs) / sizeof(msgs[0]) == GPD_MSG__COUNT,
	"every gpd_msg has a row in the message table");

struct gpd_diag {
	gpd_format format;
	int strict;
	int quiet;
	FILE *out;
	gpd_diagnostic *items;
	size_t n, cap;
	size_t counts[GPD_LEVEL_FATAL + 1];
	int nomem; /* a diagnostic could not be stored */
};

const char *gpd_msg_name(gpd_msg code)
{
	return (unsigned)code < GPD_MSG__COUNT ? msgs[code].name : "?";
}

gpd_level gpd_msg_level(gpd_msg code)
{
	return (unsigned)code < GPD_MSG__COUNT ? msgs[code].level : GPD_LEVEL_FATAL;
}

const char *gpd_msg_format(gpd_msg code)
{
	return (unsigned)code < GPD_MSG__COUNT ? msgs[code].text : "?";
}

gpd_diag *gpd_diag_new(gpd_format format, int strict, FILE *out)
{
	gpd_diag *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->format = format;
	d->strict = strict;
	d->out = out;
	return d;
}

void gpd_diag_free(gpd_diag *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].text);
	}
	free(d->items);
	free(d);
}

void gpd_diag_set_quiet(gpd_diag *d, int quiet)
{
	d->quiet = quiet;
}

/* The table text with its one "%s" replaced by arg; control characters
 * become spaces so one diagnostic stays one line. */
static char *expand(gpd_msg code, const char *arg)
{
	const char *fmt = gpd_msg_format(code);
	const char *hole = strstr(fmt, "%s");
	gpd_buf b = {0};

	if (hole == NULL)
		return gpd_strdup(fmt);
	gpd_buf_append(&b, fmt, (size_t)(hole - fmt));
	for (const char *s = arg ? arg : ""; *s; s++)
		gpd_buf_putc(&b, (unsigned char)*s < 0x20 ? ' ' : *s);
	gpd_buf_puts(&b, hole + 2);
	return gpd_buf_take(&b);
}

static const char *level_name(gpd_level level)
{
	switch (level) {
	case GPD_LEVEL_WARNING: return "warning";
	case GPD_LEVEL_ERROR: return "error";
	case GPD_LEVEL_FATAL: return "error";
	default: return "note";
	}
}

/* GitHub's workflow commands need %, CR, LF (and in properties , :) encoded. */
static void put_github_escaped(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

static void print_human(FILE *out, const gpd_diagnostic *g)
{
	if (g->file != NULL) {
		fputs(g->file, out);
		if (g->line > 0)
			fprintf(out, ":%u:%u", g->line, g->col ? g->col : 1);
		fputs(": ", out);
	} else {
		fputs("gpdigest: ", out);
	}
	fprintf(out, "%s: %s [%s]\n", level_name(g->level), g->text,
		gpd_msg_name(g->code));
}

static void print_github(FILE *out, const gpd_diagnostic *g)
{
	fprintf(out, "::%s ", g->level == GPD_LEVEL_WARNING ? "warning" : "error");
	if (g->file != NULL) {
		fputs("file=", out);
		put_github_escaped(out, g->file, 1);
		if (g->line > 0)
			fprintf(out, ",line=%u,col=%u", g->line, g->col ? g->col : 1);
	}
	fputs("::", out);
	put_github_escaped(out, g->text, 0);
	fprintf(out, " [%s]\n", gpd_msg_name(g->code));
}

static int push(gpd_diag *d, gpd_diagnostic g)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		gpd_diagnostic *p = realloc(d->items, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		d->items = p;
		d->cap = cap;
	}
	d->items[d->n++] = g;
	return 0;
}

void gpd_diag_report(gpd_diag *d, const char *file, unsigned line,
	unsigned col, gpd_msg code, const char *arg)
{
	gpd_diagnostic g = {NULL, line, col, code, gpd_msg_level(code), NULL};

	if (d->strict && g.level == GPD_LEVEL_WARNING)
		g.level = GPD_LEVEL_ERROR;
	d->counts[g.level]++;
	g.file = gpd_strdup(file);
	g.text = expand(code, arg);
	if (g.text == NULL || (file != NULL && g.file == NULL) || push(d, g) != 0) {
		free(g.file);
		free(g.text);
		d->nomem = 1;
		d->counts[GPD_LEVEL_FATAL]++;
		return;
	}
	if (d->quiet || d->out == NULL)
		return;
	if (d->format == GPD_FORMAT_HUMAN)
		print_human(d->out, &g);
	else if (d->format == GPD_FORMAT_GITHUB)
		print_github(d->out, &g);
}

void gpd_diag_merge(gpd_diag *dst, const gpd_diag *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const gpd_diagnostic *g = &src->items[i];
		gpd_diagnostic copy = *g;

		copy.file = gpd_strdup(g->file);
		copy.text = gpd_strdup(g->text);
		if (dst->strict && copy.level == GPD_LEVEL_WARNING)
			copy.level = GPD_LEVEL_ERROR;
		dst->counts[copy.level]++;
		if (copy.text == NULL || (g->file && copy.file == NULL) || push(dst, copy) != 0) {
			free(copy.file);
			free(copy.text);
			dst->nomem = 1;
			continue;
		}
		if (!dst->quiet && dst->out != NULL && dst->format == GPD_FORMAT_HUMAN)
			print_human(dst->out, &copy);
		else if (!dst->quiet && dst->out != NULL && dst->format == GPD_FORMAT_GITHUB)
			print_github(dst->out, &copy);
	}
}

size_t gpd_diag_count(const gpd_diag *d, gpd_level level)
{
	return (unsigned)level <= GPD_LEVEL_FATAL ? d->counts[level] : 0;
}

gpd_level gpd_diag_worst(const gpd_diag *d)
{
	for (int l = GPD_LEVEL_FATAL; l > GPD_LEVEL_OK; l--)
		if (d->counts[l] > 0)
			return (gpd_level)l;
	return GPD_LEVEL_OK;
}

size_t gpd_diag_size(const gpd_diag *d)
{
	return d->n;
}

const gpd_diagnostic *gpd_diag_at(const gpd_diag *d, size_t i)
{
	return i < d->n ? &d->items[i] : NULL;
}

static void put_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void print_json(gpd_diag *d)
{
	fputs("[", d->out);
	for (size_t i = 0; i < d->n; i++) {
		const gpd_diagnostic *g = &d->items[i];

		fputs(i ? ",\n " : "\n ", d->out);
		fputs("{\"file\":", d->out);
		if (g->file)
			put_json_string(d->out, g->file);
		else
			fputs("null", d->out);
		fprintf(d->out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"code\":",
			g->line, g->col, level_name(g->level));
		put_json_string(d->out, gpd_msg_name(g->code));
		fputs(",\"message\":", d->out);
		put_json_string(d->out, g->text);
		fputs("}", d->out);
	}
	fputs(d->n ? "\n]\n" : "]\n", d->out);
}

int gpd_diag_finish(gpd_diag *d, const char *what)
{
	size_t errors = d->counts[GPD_LEVEL_ERROR] + d->counts[GPD_LEVEL_FATAL];
	size_t warnings = d->counts[GPD_LEVEL_WARNING];

	if (d->out != NULL && !d->quiet) {
		if (d->format == GPD_FORMAT_JSON)
			print_json(d);
		else if (what != NULL)
			fprintf(d->out, "gpdigest: %s: %zu error%s, %zu warning%s\n", what,
				errors, errors == 1 ? "" : "s", warnings,
				warnings == 1 ? "" : "s");
		fflush(d->out);
	}
	switch (gpd_diag_worst(d)) {
	case GPD_LEVEL_FATAL: return 2;
	case GPD_LEVEL_ERROR: return 1;
	default: return 0;
	}
}
