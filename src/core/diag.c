/* diag.c: the message table and the diagnostics collector (mandoc_msg.c is the model). */
#include "gpdigest/diag.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/suggest.h"
#include "gpdigest/utf8.h"

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
	[GPD_W_MISSING_SCRIPT] = {"missing-script", GPD_LEVEL_WARNING,
		"no font of the style covers the %s; its text prints as replacement marks"},
	[GPD_W_MISSING_EMPHASIS] = {"missing-emphasis", GPD_LEVEL_WARNING,
		"no font of the style has the %s, so that text prints without the emphasis"},
	[GPD_W_WORD_CUT] = {"word-cut", GPD_LEVEL_WARNING,
		"a line of the %s is broken inside a word, between syllables, for want of a "
		"dictionary of its words (a zero width space, U+200B, between words marks where "
		"lines may break)"},
	[GPD_W_MISSING_GLYPH] = {"missing-glyph", GPD_LEVEL_WARNING,
		"the PDF font has no glyph for %s; printed as a replacement mark"},
	[GPD_W_UNRESOLVED_LINK] = {"unresolved-link", GPD_LEVEL_WARNING,
		"link to \"%s\" has no target in this edition"},
	[GPD_W_PDF] = {"pdf", GPD_LEVEL_WARNING, "PDF typesetting: %s"},
	[GPD_W_IMPORT] = {"import-warning", GPD_LEVEL_WARNING, "%s"},
	[GPD_W_DEEP_NESTING] = {"deep-nesting", GPD_LEVEL_WARNING,
		"the text of <%s> nests quotes and lists, or emphasis and links, more than "
		GPD_LIMIT_TEXT(GPD_MD_MAX_DEPTH) " levels deep; the deeper levels are printed flat"},
	[GPD_W_PIPE_TABLE] = {"pipe-table", GPD_LEVEL_WARNING,
		"the text of <%s> holds a pipe table; CommonMark has no tables, so it prints as "
		"text, its rows run together: write it as a list"},
	[GPD_W_AUTHORITY_SPELLING] = {"authority-spelling", GPD_LEVEL_WARNING, "%s"},
	[GPD_W_KEPT] = {"kept", GPD_LEVEL_WARNING,
		"no edition declares this output any more, but it was changed since a build wrote it: left in place%s"},
	[GPD_W_NOT_READ] = {"not-read", GPD_LEVEL_WARNING,
		"records in subfolders are not read: %s; to publish them, move them up into the records folder"},
	[GPD_W_LINE_ENDINGS] = {"line-endings", GPD_LEVEL_WARNING,
		"the lines end in a CR alone (an old Mac format), which other tools read as one "
		"long line: save the file with LF (or CR LF) line ends; the positions here count "
		"each CR as a line end"},
	[GPD_W_EMPTY_FIELD] = {"empty-field", GPD_LEVEL_WARNING,
		"%s is empty: the record stays out of the publication until it is filled in"},
	[GPD_W_CONTROL_CHAR] = {"control-char", GPD_LEVEL_WARNING, "%s"},
	[GPD_W_BAD_REFERENCE] = {"bad-reference", GPD_LEVEL_WARNING,
		"%s, a character reference to no character (U+0000, a surrogate, U+FFFE, "
		"U+FFFF or past U+10FFFF): it prints as a replacement mark (U+FFFD)"},
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
		"record id %s; an id names one record (and its file)"},
	[GPD_E_ID_FILENAME] = {"id-filename", GPD_LEVEL_ERROR,
		"record id \"%s\" does not match the file name"},
	[GPD_E_RESERVED_ID] = {"reserved-id", GPD_LEVEL_ERROR,
		"record id \"%s\" is reserved for a section of the publication"},
	[GPD_E_TOO_MANY] = {"too-many-records", GPD_LEVEL_ERROR,
		"more records than the limit of %s"},
	[GPD_E_TEMPLATE] = {"template", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_PUBLICATION] = {"publication", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_CATALOGUE] = {"catalogue", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_EMPTY_SELECTION] = {"empty-selection", GPD_LEVEL_ERROR,
		"%s selects no record"},
	[GPD_E_STALE] = {"stale", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_LIMIT] = {"limit", GPD_LEVEL_ERROR, "%s"},
	[GPD_E_IMPORT] = {"import", GPD_LEVEL_ERROR, "%s"},
	[GPD_F_USAGE] = {"usage", GPD_LEVEL_FATAL, "%s"},
	[GPD_F_IO] = {"io", GPD_LEVEL_FATAL, "%s"},
	[GPD_F_NOT_REGULAR] = {"not-regular-file", GPD_LEVEL_FATAL,
		"refused: it is %s; records and templates are read only from regular files"},
	[GPD_F_NOMEM] = {"out-of-memory", GPD_LEVEL_FATAL, "out of memory%s"},
	[GPD_F_WRITE] = {"write", GPD_LEVEL_FATAL, "cannot write %s"},
	[GPD_F_OUTPUT_FOLDER] = {"output-folder", GPD_LEVEL_FATAL, "%s"},
	[GPD_F_MANIFEST] = {"manifest", GPD_LEVEL_FATAL, "%s"},
	[GPD_F_BUSY] = {"busy", GPD_LEVEL_FATAL, "another build is running%s"},
	[GPD_F_INTERRUPTED] = {"interrupted", GPD_LEVEL_FATAL,
		"interrupted by %s: the files it had staged are removed; files not yet in place keep their old versions, or are not written"},
	[GPD_F_INTERNAL] = {"internal", GPD_LEVEL_FATAL, "internal error: %s"},
};

_Static_assert(sizeof(msgs) / sizeof(msgs[0]) == GPD_MSG__COUNT,
	"every gpd_msg has a row in the message table");

/* A warning the editor has reviewed: accepted for one record (the
 * accepted-warnings file), or for every record (--no-warn). */
typedef struct accepted {
	char *record; /* NULL: every record (--no-warn) */
	gpd_msg code;
} accepted;

struct gpd_diag {
	gpd_format format;
	int strict;
	int quiet;
	int errors_only; /* -q: warnings are counted, not printed */
	int verbose;
	char *base;      /* the folder the user is in, relative to the paths
	                  * reported (human format only): "records" */
	FILE *out;
	accepted *acc;
	size_t nacc;
	size_t hidden[3]; /* warnings not shown, by gpd_hidden */
	gpd_diagnostic *items;
	size_t n, cap;
	size_t counts[GPD_LEVEL_FATAL + 1];
	char **summaries; /* JSON only: printed last, as notes */
	size_t nsummaries;
	int nomem; /* a diagnostic could not be stored */
};

static gpd_hidden hidden_as(const gpd_diag *d, const char *file, gpd_msg code);

const char *gpd_msg_name(gpd_msg code)
{
	return (unsigned)code < GPD_MSG__COUNT ? msgs[code].name : "?";
}

int gpd_msg_by_name(const char *name)
{
	for (int i = 0; name != NULL && i < GPD_MSG__COUNT; i++)
		if (strcmp(msgs[i].name, name) == 0)
			return i;
	return -1;
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
	for (size_t i = 0; i < d->nsummaries; i++)
		free(d->summaries[i]);
	for (size_t i = 0; i < d->nacc; i++)
		free(d->acc[i].record);
	free(d->acc);
	free(d->base);
	free(d->summaries);
	free(d->items);
	free(d);
}

gpd_diag *gpd_diag_new_like(const gpd_diag *model)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

	if (d == NULL)
		return NULL;
	d->verbose = model->verbose;
	for (size_t i = 0; i < model->nacc; i++)
		if (gpd_diag_accept(d, model->acc[i].record, model->acc[i].code) != 0) {
			gpd_diag_free(d);
			return NULL;
		}
	return d;
}

int gpd_diag_accepts(const gpd_diag *d, const char *file, gpd_msg code)
{
	return hidden_as(d, file, code) != GPD_SHOWN;
}

void gpd_diag_set_quiet(gpd_diag *d, int quiet)
{
	d->quiet = quiet;
}

void gpd_diag_set_errors_only(gpd_diag *d, int on)
{
	d->errors_only = on;
}

void gpd_diag_set_verbose(gpd_diag *d, int on)
{
	d->verbose = on;
}

int gpd_diag_verbose(const gpd_diag *d)
{
	return d->verbose;
}

int gpd_diag_set_base(gpd_diag *d, const char *base)
{
	free(d->base);
	d->base = NULL;
	if (base == NULL || *base == '\0' || strcmp(base, ".") == 0)
		return 0;
	return (d->base = gpd_strdup(base)) == NULL ? -1 : 0;
}

int gpd_diag_accept(gpd_diag *d, const char *record, gpd_msg code)
{
	accepted *p = realloc(d->acc, (d->nacc + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	d->acc = p;
	p[d->nacc] = (accepted){NULL, code};
	if (record != NULL && (p[d->nacc].record = gpd_strdup(record)) == NULL)
		return -1;
	d->nacc++;
	return 0;
}

/* The record id a file holds, as the file name says it (lint checks
 * that the two agree): "records/x.xml" is x. */
static int names_record(const char *file, const char *record)
{
	const char *base = file ? strrchr(file, '/') : NULL;
	size_t n;

	if (file == NULL)
		return 0;
	base = base ? base + 1 : file;
	n = strlen(record);
	return strncmp(base, record, n) == 0 && base[n] == '.' && strcasecmp(base + n, ".xml") == 0;
}

/* Whether a warning of code about file is one the user accepted. */
static gpd_hidden hidden_as(const gpd_diag *d, const char *file, gpd_msg code)
{
	if (gpd_msg_level(code) != GPD_LEVEL_WARNING)
		return GPD_SHOWN;
	for (size_t i = 0; i < d->nacc; i++)
		if (d->acc[i].code == code && d->acc[i].record == NULL)
			return GPD_HIDDEN_NO_WARN;
	for (size_t i = 0; i < d->nacc; i++)
		if (d->acc[i].code == code && d->acc[i].record != NULL &&
		    names_record(file, d->acc[i].record))
			return GPD_HIDDEN_ACCEPTED;
	return GPD_SHOWN;
}

/* The bytes of the character at s (before end): a UTF-8 sequence, or one
 * byte that is not UTF-8, which counts as a character of its own. */
static size_t char_len(const char *s, const char *end)
{
	uint32_t cp;
	size_t n = gpd_utf8_decode((const unsigned char *)s, (size_t)(end - s), &cp);

	return n ? n : 1;
}

/* Characters in s up to end. */
static size_t chars_in(const char *s, const char *end)
{
	size_t n = 0;

	for (; s < end; s += char_len(s, end))
		n++;
	return n;
}

/* The byte length of s's first max characters (all of s when shorter). */
static size_t prefix_bytes(const char *s, size_t len, size_t max)
{
	size_t i = 0;

	for (size_t n = 0; i < len && n < max; n++)
		i += char_len(s + i, s + len);
	return i;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends arg with every run of non-blank characters (a tag name, a
 * value, a token pasted into a record) longer than GPD_DIAG_EXCERPT cut to
 * an excerpt ending in an ellipsis, and the whole at most GPD_DIAG_ARG_MAX
 * characters. A cut text is never cut again (an excerpt is exactly
 * GPD_DIAG_EXCERPT long), so a diagnostic replayed from the manifest
 * reads as it did the first time. */
static void put_excerpt(gpd_buf *b, const char *arg)
{
	size_t start = b->len;

	while (*arg) {
		size_t blank = 0, run = 0;

		while (is_blank(arg[blank]))
			blank++;
		while (arg[blank + run] && !is_blank(arg[blank + run]))
			run++;
		gpd_buf_append(b, arg, blank);
		arg += blank;
		if (chars_in(arg, arg + run) > GPD_DIAG_EXCERPT) {
			gpd_buf_append(b, arg, prefix_bytes(arg, run, GPD_DIAG_EXCERPT - 1));
			gpd_buf_puts(b, GPD_DIAG_ELLIPSIS);
		} else {
			gpd_buf_append(b, arg, run);
		}
		arg += run;
	}
	if (!gpd_buf_failed(b) && b->data != NULL &&
	    chars_in(b->data + start, b->data + b->len) > GPD_DIAG_ARG_MAX) {
		b->len = start + prefix_bytes(b->data + start, b->len - start, GPD_DIAG_ARG_MAX - 1);
		b->data[b->len] = '\0';
		gpd_buf_puts(b, GPD_DIAG_ELLIPSIS);
	}
}

/* The table text with its one "%s" replaced by an excerpt of arg. Control
 * characters are kept as they are here and escaped where they are
 * printed, differently for a terminal and for JSON. */
static char *expand(gpd_msg code, const char *arg)
{
	const char *fmt = gpd_msg_format(code);
	const char *hole = strstr(fmt, "%s");
	gpd_buf b = {0};

	if (hole == NULL)
		return gpd_strdup(fmt);
	gpd_buf_append(&b, fmt, (size_t)(hole - fmt));
	put_excerpt(&b, arg ? arg : "");
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

/* True for the characters a message must not pass to a terminal as they
 * are: C0 controls (tab and line breaks too, which would break the one
 * line a diagnostic is), DEL, C1 controls (U+009B is a CSI), the bidi
 * controls that reorder what is shown (U+202E), the line and paragraph
 * separators, and what shows nothing (the soft hyphen, zero width space,
 * word joiner, byte order mark): a message quoting "Lewisham" and
 * "Lewisham" with a zero width space as two spellings showed two of the
 * same. Not the joiners (U+200C, U+200D): Persian and emoji are written
 * with them, and a title listed would be hard to read. */
static int must_escape(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0xAD ||
	       cp == 0x200B || cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

enum { PUT_HUMAN, PUT_GITHUB, PUT_GITHUB_PROPERTY };

/* The JSON array is written in pieces of about this many bytes. */
#define JSON_CHUNK ((size_t)64 << 10)

/* How many bytes at p are printable ASCII that need no escape (none of
 * the bytes in special). */
static size_t plain_run(const unsigned char *p, const char *special)
{
	size_t n = 0;

	while (p[n] >= 0x20 && p[n] < 0x7F && strchr(special, p[n]) == NULL)
		n++;
	return n;
}

/* Writes s with every character must_escape() names as \u{XXXX} and every
 * byte that is not UTF-8 as \xXX, visibly; for GitHub's workflow
 * commands, '%' (their escape) and in a property ':' and ',' are
 * %-encoded too. */
static void put_visible(gpd_buf *out, const char *s, int mode)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		size_t n = plain_run(p, mode == PUT_HUMAN ? "" : mode == PUT_GITHUB ? "%" : "%:,");

		/* plain ASCII in one write: 250,000 diagnostics must print in time */
		if (n > 0) {
			gpd_buf_append(out, (const char *)p, n);
			p += n;
			continue;
		}
		n = gpd_utf8_decode(p, SIZE_MAX, &cp);
		if (n == 0)
			gpd_buf_printf(out, "\\x%02X", *p);
		else if (must_escape(cp))
			gpd_buf_printf(out, "\\u{%X}", (unsigned)cp);
		else if (*p == '%')
			gpd_buf_puts(out, "%25");
		else if (*p == ':')
			gpd_buf_puts(out, "%3A");
		else if (*p == ',')
			gpd_buf_puts(out, "%2C");
		else
			gpd_buf_append(out, (const char *)p, n);
		p += n ? n : 1;
	}
}

void gpd_diag_put_visible(gpd_buf *out, const char *s)
{
	put_visible(out, s ? s : "", PUT_HUMAN);
}

/* A reported path as seen from the folder the user is in (base, relative
 * to the paths' folder): "records/x.xml" from records/ is x.xml, from
 * records/old/ ../x.xml. Absolute paths are as they are. */
static void put_path(gpd_buf *out, const char *base, const char *file)
{
	size_t n = base ? strlen(base) : 0;

	if (base == NULL || file[0] == '/') {
		put_visible(out, file, PUT_HUMAN);
		return;
	}
	while (n > 0) {
		if (strncmp(file, base, n) == 0 && file[n] == '/') {
			put_visible(out, file + n + 1, PUT_HUMAN);
			return;
		}
		gpd_buf_puts(out, "../");
		while (n > 0 && base[n - 1] != '/')
			n--;
		while (n > 0 && base[n - 1] == '/')
			n--;
	}
	put_visible(out, file, PUT_HUMAN);
}

static void line_human(gpd_buf *out, const char *base, const gpd_diagnostic *g)
{
	if (g->file != NULL) {
		put_path(out, base, g->file);
		if (g->line > 0)
			gpd_buf_printf(out, ":%u:%u", g->line, g->col ? g->col : 1);
		gpd_buf_puts(out, ": ");
	} else {
		gpd_buf_puts(out, "gpdigest: ");
	}
	gpd_buf_printf(out, "%s: ", level_name(g->level));
	put_visible(out, g->text, PUT_HUMAN);
	gpd_buf_printf(out, " [%s]\n", gpd_msg_name(g->code));
}

static void line_github(gpd_buf *out, const gpd_diagnostic *g)
{
	gpd_buf_printf(out, "::%s ", g->level == GPD_LEVEL_WARNING ? "warning" : "error");
	if (g->file != NULL) {
		gpd_buf_puts(out, "file=");
		put_visible(out, g->file, PUT_GITHUB_PROPERTY);
		if (g->line > 0)
			gpd_buf_printf(out, ",line=%u,col=%u", g->line, g->col ? g->col : 1);
	}
	gpd_buf_puts(out, "::");
	put_visible(out, g->text, PUT_GITHUB);
	gpd_buf_printf(out, " [%s]\n", gpd_msg_name(g->code));
}

/* Said in place of a message that could not be stored or put into words
 * for want of memory, without asking for any: a run that failed so must
 * not end with exit 2 and nothing said. */
static void say_lost(FILE *out, gpd_format format)
{
	if (out == NULL)
		return;
	fputs(format == GPD_FORMAT_GITHUB ? "::error ::" : "gpdigest: error: ", out);
	fputs("out of memory (a message was lost) [", out);
	fputs(gpd_msg_name(GPD_F_NOMEM), out);
	fputs("]\n", out);
}

/* Writes what b holds to out in one call and empties b: stderr is
 * unbuffered, and a build can print 250,000 diagnostics. On a failed
 * (out of memory) buffer nothing is written rather than half a line, and
 * -1 is returned (else 0). */
static int flush_buf(FILE *out, gpd_buf *b)
{
	int failed = gpd_buf_failed(b);

	if (!failed && b->len > 0)
		fwrite(b->data, 1, b->len, out);
	gpd_buf_free(b);
	return failed ? -1 : 0;
}

/* Whether g is printed: not a warning the user accepted, and under -q
 * not a warning at all. */
static int shown(const gpd_diag *d, const gpd_diagnostic *g)
{
	return g->hidden == GPD_SHOWN && !(d->errors_only && g->level == GPD_LEVEL_WARNING);
}

/* One diagnostic, printed at once in the human or github format. */
static void print_line(const gpd_diag *d, const gpd_diagnostic *g)
{
	gpd_buf line = {0};

	if (d->quiet || d->out == NULL || d->format == GPD_FORMAT_JSON || !shown(d, g))
		return;
	if (d->format == GPD_FORMAT_HUMAN)
		line_human(&line, d->base, g);
	else
		line_github(&line, g);
	if (flush_buf(d->out, &line) != 0)
		say_lost(d->out, d->format);
}

/* A message d could not keep: counted as fatal, and said at once (JSON:
 * at the array's end, print_json). */
static void lost(gpd_diag *d)
{
	d->nomem = 1;
	d->counts[GPD_LEVEL_FATAL]++;
	if (!d->quiet && d->format != GPD_FORMAT_JSON)
		say_lost(d->out, d->format);
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

/* Stores g (its strings taken), decides its level and whether it is
 * shown, counts it and prints it. */
static void add(gpd_diag *d, gpd_diagnostic g)
{
	g.level = gpd_msg_level(g.code);
	g.hidden = hidden_as(d, g.file, g.code);
	if (d->strict && g.level == GPD_LEVEL_WARNING && g.hidden == GPD_SHOWN)
		g.level = GPD_LEVEL_ERROR;
	if (g.text == NULL || push(d, g) != 0) {
		free(g.file);
		free(g.text);
		lost(d);
		return;
	}
	/* an accepted warning is kept (a build's manifest records it for the
	 * next run, which decides again) but neither counted nor shown */
	if (g.hidden != GPD_SHOWN)
		d->hidden[g.hidden]++;
	else
		d->counts[g.level]++;
	print_line(d, &g);
}

void gpd_diag_report(gpd_diag *d, const char *file, unsigned line,
	unsigned col, gpd_msg code, const char *arg)
{
	gpd_diagnostic g = {NULL, line, col, code, GPD_LEVEL_OK, NULL, GPD_SHOWN};

	g.file = gpd_strdup(file);
	g.text = expand(code, arg);
	if (file != NULL && g.file == NULL) {
		free(g.text);
		g.text = NULL;
	}
	add(d, g);
}

/* The same diagnostic, owned anew. */
static gpd_diagnostic copy_of(const gpd_diagnostic *g)
{
	gpd_diagnostic c = *g;

	c.file = gpd_strdup(g->file);
	c.text = gpd_strdup(g->text);
	if (g->file != NULL && c.file == NULL) {
		free(c.text);
		c.text = NULL;
	}
	return c;
}

/* One diagnostic from another collector, owned anew. */
void gpd_diag_relay(gpd_diag *dst, const gpd_diagnostic *g)
{
	add(dst, copy_of(g));
}

/* A message src lost for want of memory is lost in dst too: said (once)
 * and counted, or a merge would forget it and the run end with exit 0. */
static void merge_lost(gpd_diag *dst, const gpd_diag *src)
{
	if (src->nomem && !dst->nomem)
		lost(dst);
}

void gpd_diag_merge(gpd_diag *dst, const gpd_diag *src)
{
	for (size_t i = 0; i < src->n; i++)
		add(dst, copy_of(&src->items[i]));
	merge_lost(dst, src);
}

/* Files in name order, then lines and columns; a message about no file
 * (a limit, the run itself) first. Ties keep their order: the items are
 * one array, so their addresses are their order. */
static int by_place(const void *a, const void *b)
{
	const gpd_diagnostic *x = *(const gpd_diagnostic *const *)a;
	const gpd_diagnostic *y = *(const gpd_diagnostic *const *)b;
	int c = (x->file != NULL) - (y->file != NULL);

	if (c == 0 && x->file != NULL)
		c = strcmp(x->file, y->file);
	if (c == 0)
		c = (x->line > y->line) - (x->line < y->line);
	if (c == 0)
		c = (x->col > y->col) - (x->col < y->col);
	return c ? c : (x > y) - (x < y);
}

int gpd_diag_merge_sorted(gpd_diag *dst, const gpd_diag *src)
{
	const gpd_diagnostic **order = malloc((src->n ? src->n : 1) * sizeof(*order));

	if (order == NULL)
		return -1;
	for (size_t i = 0; i < src->n; i++)
		order[i] = &src->items[i];
	qsort(order, src->n, sizeof(*order), by_place);
	for (size_t i = 0; i < src->n; i++)
		add(dst, copy_of(order[i]));
	free(order);
	merge_lost(dst, src);
	return 0;
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

/* A JSON string: what must_escape() names as \\uXXXX (so the document
 * is valid and shows nothing raw), a byte that is not UTF-8 as the text
 * \\xXX (JSON cannot hold it at all). */
static void put_json_string(gpd_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	gpd_buf_putc(out, '"');
	while (p && *p) {
		uint32_t cp;
		size_t n = plain_run(p, "\"\\");

		if (n > 0) {
			gpd_buf_append(out, (const char *)p, n);
			p += n;
			continue;
		}
		n = gpd_utf8_decode(p, SIZE_MAX, &cp);
		if (n == 0)
			gpd_buf_printf(out, "\\\\x%02X", *p);
		else if (*p == '"' || *p == '\\')
			gpd_buf_printf(out, "\\%c", *p);
		else if (must_escape(cp))
			gpd_buf_printf(out, "\\u%04x", (unsigned)cp);
		else
			gpd_buf_append(out, (const char *)p, n);
		p += n ? n : 1;
	}
	gpd_buf_putc(out, '"');
}

void gpd_diag_put_json(gpd_buf *out, const char *s)
{
	put_json_string(out, s);
}

/* One element of the JSON array; file NULL prints as null. */
static void put_json_item(gpd_buf *out, const char *file, unsigned line, unsigned col,
	const char *severity, const char *code, const char *message)
{
	gpd_buf_puts(out, "{\"file\":");
	if (file)
		put_json_string(out, file);
	else
		gpd_buf_puts(out, "null");
	gpd_buf_printf(out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"code\":",
		line, col, severity);
	put_json_string(out, code);
	gpd_buf_puts(out, ",\"message\":");
	put_json_string(out, message);
	gpd_buf_puts(out, "}");
}

/* The one JSON document: every diagnostic, then the summaries as notes of
 * code "summary" (last, so a consumer still reads one array). */
static void print_json(gpd_diag *d, const char *closing)
{
	gpd_buf b = {0};
	size_t k = 0;

	gpd_buf_puts(&b, "[");
	for (size_t i = 0; i < d->n; i++) {
		const gpd_diagnostic *g = &d->items[i];

		if (!shown(d, g))
			continue;
		gpd_buf_puts(&b, k++ ? ",\n " : "\n ");
		put_json_item(&b, g->file, g->line, g->col, level_name(g->level),
			gpd_msg_name(g->code), g->text);
		if (b.len >= JSON_CHUNK)
			flush_buf(d->out, &b);
	}
	if (d->nomem) { /* a message lost for want of memory: said */
		gpd_buf_puts(&b, k++ ? ",\n " : "\n ");
		put_json_item(&b, NULL, 0, 0, level_name(GPD_LEVEL_FATAL),
			gpd_msg_name(GPD_F_NOMEM), "out of memory (a message was lost)");
	}
	for (size_t i = 0; i <= d->nsummaries; i++, k++) {
		const char *text = i < d->nsummaries ? d->summaries[i] : closing;

		if (text == NULL)
			break;
		gpd_buf_puts(&b, k ? ",\n " : "\n ");
		put_json_item(&b, NULL, 0, 0, "note", GPD_DIAG_SUMMARY, text);
	}
	gpd_buf_puts(&b, k ? "\n]\n" : "]\n");
	flush_buf(d->out, &b);
}

void gpd_diag_summary(gpd_diag *d, const char *text)
{
	gpd_buf line = {0};
	char **p;

	if (d->quiet || d->out == NULL)
		return;
	if (d->format != GPD_FORMAT_JSON) {
		gpd_buf_puts(&line, "gpdigest: ");
		put_visible(&line, text, PUT_HUMAN);
		gpd_buf_putc(&line, '\n');
		flush_buf(d->out, &line);
		return;
	}
	p = realloc(d->summaries, (d->nsummaries + 1) * sizeof(*p));
	if (p == NULL || (p[d->nsummaries] = gpd_strdup(text)) == NULL) {
		if (p != NULL)
			d->summaries = p;
		d->nomem = 1;
		return;
	}
	d->summaries = p;
	d->nsummaries++;
}

void gpd_diag_usage(FILE *out, gpd_format format, const char *cmd, const char *text)
{
	const char *sp = cmd ? " " : "", *name = cmd ? cmd : "";
	gpd_buf b = {0};

	if (format == GPD_FORMAT_JSON) {
		gpd_buf_puts(&b, "[\n ");
		put_json_item(&b, NULL, 0, 0, level_name(GPD_LEVEL_FATAL),
			gpd_msg_name(GPD_F_USAGE), text);
		gpd_buf_puts(&b, "\n]\n");
	} else if (format == GPD_FORMAT_GITHUB) {
		gpd_buf_printf(&b, "::error ::gpdigest%s%s: ", sp, name);
		put_visible(&b, text, PUT_GITHUB);
		gpd_buf_printf(&b, " [%s]\n", gpd_msg_name(GPD_F_USAGE));
	} else {
		gpd_buf_printf(&b, "gpdigest%s%s: error: ", sp, name);
		put_visible(&b, text, PUT_HUMAN);
		gpd_buf_printf(&b, "\nTry 'gpdigest%s%s --help' for more information.\n", sp, name);
	}
	flush_buf(out, &b);
	fflush(out);
}

int gpd_diag_finish(gpd_diag *d, const char *what)
{
	size_t errors = d->counts[GPD_LEVEL_ERROR] + d->counts[GPD_LEVEL_FATAL];
	size_t warnings = d->counts[GPD_LEVEL_WARNING];

	if (d->out != NULL && !d->quiet) {
		gpd_buf closing = {0};

		if (what != NULL)
			gpd_buf_printf(&closing, "%s: %zu error%s, %zu warning%s", what,
				errors, errors == 1 ? "" : "s", warnings,
				warnings == 1 ? "" : "s");
		if (what != NULL && d->hidden[GPD_HIDDEN_ACCEPTED] > 0)
			gpd_buf_printf(&closing, ", %zu accepted", d->hidden[GPD_HIDDEN_ACCEPTED]);
		if (what != NULL && d->hidden[GPD_HIDDEN_NO_WARN] > 0)
			gpd_buf_printf(&closing, ", %zu silenced", d->hidden[GPD_HIDDEN_NO_WARN]);
		if (d->format == GPD_FORMAT_JSON)
			print_json(d, closing.data);
		else if (closing.data != NULL)
			gpd_diag_summary(d, closing.data);
		gpd_buf_free(&closing);
		fflush(d->out);
	}
	switch (gpd_diag_worst(d)) {
	case GPD_LEVEL_FATAL: return 2;
	case GPD_LEVEL_ERROR: return 1;
	default: return 0;
	}
}

const char *gpd_msg_nearest_warning(const char *word)
{
	const char *names[GPD_MSG__COUNT];
	size_t n = 0;

	for (int i = 0; i < GPD_MSG__COUNT; i++)
		if (msgs[i].level == GPD_LEVEL_WARNING)
			names[n++] = msgs[i].name;
	return gpd_suggest(word, names, n);
}
