/* cmd_list.c: `gpdigest list`: one line per record (id, authority, regions, criteria, outcomes, warnings). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "gpdigest/buf.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/edition.h"
#include "gpdigest/load.h"
#include "gpdigest/utf8.h"

static void list_help(void)
{
	fputs("usage: gpdigest list [--format human|tsv|json] [--grep TEXT] [--strict] [-q]\n"
	      "                     [--diagnostics FORMAT] [--no-warn CODE] [-j N]\n"
	      "                     [--records DIR] [--templates DIR] [FILTERS]\n\n"
	      "Lists the records, one line each: id, title, authority, region(s),\n"
	      "criteria, ECM outcomes and the number of lint warnings, in file-name\n"
	      "order. Regions and outcomes are the form's option ids, several joined by\n"
	      "commas; criteria are in numeric order. A draft (a record with an empty\n"
	      "field every record needs) is listed with its warnings; builds leave it out.\n\n"
	      "  --format FORMAT    human: aligned columns under a header, '-' for an\n"
	      "                     empty field (the default, whether or not stdout is\n"
	      "                     a terminal); tsv: tab-separated, no header, empty\n"
	      "                     fields empty; json: one array of objects\n"
	      "  --tsv              the same as --format tsv\n"
	      "  --grep TEXT        only records whose text holds TEXT (any case): id,\n"
	      "                     title, authority, agency, the free texts, the\n"
	      "                     \"please specify\" texts, contact and attachments\n"
	      GPD_CLI_COMMON_HELP
	      "  -h, --help         show this help\n\n"
	      "Filters, as for 'gpdigest build' (AND across kinds, OR within one; values\n"
	      "are the form's option ids or printed labels, case-insensitive):\n"
	      "  --region R  --authority A  --criterion C (2.4, or 2 for Standard 2)\n"
	      "  --outcome O  --target T  --agency-type K\n\n"
	      "Diagnostics go to stderr, the list to stdout.\n"
	      "Exit status: 0 listed (warnings allowed unless --strict), 1 invalid records\n"
	      "or no record matches the filters, 2 usage or I/O errors.\n", stdout);
}

enum { OPT_TSV = 256, OPT_FORMAT, OPT_GREP };

static const struct option opts[] = {
	{"format", required_argument, NULL, OPT_FORMAT},
	{"tsv", no_argument, NULL, OPT_TSV},
	{"grep", required_argument, NULL, OPT_GREP},
	GPD_CLI_COMMON_OPTIONS,
	GPD_CLI_FILTER_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const gpd_cli_spec spec = {"list", opts, ":hqj:", GPD_CLI_OPT_DIAG};

typedef enum list_format { LIST_HUMAN, LIST_TSV, LIST_JSON } list_format;

typedef struct list_opts {
	gpd_cli_common co;
	list_format format;
	const char *grep;
	gpd_filter filter;
	int empty_folder; /* no record to list, and no selection */
} list_opts;

enum { COL_ID, COL_TITLE, COL_AUTHORITY, COL_REGION, COL_CRITERIA, COL_OUTCOMES,
	COL_WARNINGS, NCOLS };

static const char *const headers[NCOLS] = {
	"ID", "TITLE", "AUTHORITY", "REGION", "CRITERIA", "OUTCOMES", "WARNINGS"
};

/* The JSON keys, and whether the value is a list (comma-joined in a cell). */
static const struct { const char *key; int list; } json_keys[NCOLS] = {
	{"id", 0}, {"title", 0}, {"authority", 0}, {"regions", 1}, {"criteria", 1},
	{"outcomes", 1}, {"warnings", 0}
};

/* One row's fields; "" for an empty one. */
typedef struct row {
	char *cell[NCOLS];
} row;

/* Appends text with tabs and line breaks as spaces (a field must stay one
 * field on one line; XML allows no other control characters). */
static void put_field_text(gpd_buf *b, const char *text)
{
	for (const char *s = text ? text : ""; *s; s++)
		gpd_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* The ids of the options ticked in a group, comma-separated. */
static char *ticked_ids(const gpd_record *rec, gpd_group g)
{
	const gpd_option_group *grp = gpd_form_group(g);
	gpd_buf b = {0};

	gpd_buf_puts(&b, "");
	for (size_t i = 0; i < grp->count; i++)
		if (rec->ticks[g] & GPD_TICK(i))
			gpd_buf_printf(&b, "%s%s", b.len ? "," : "", grp->options[i].id);
	return gpd_buf_take(&b);
}

static int cmp_criterion(const void *a, const void *b)
{
	return gpd_criterion_cmp(a, b);
}

/* The record's criteria in numeric order, comma-separated. */
static char *criteria_text(const gpd_record *rec)
{
	gpd_criterion *sorted = malloc((rec->ncriteria ? rec->ncriteria : 1) * sizeof(*sorted));
	gpd_buf b = {0};

	if (sorted == NULL)
		return NULL;
	if (rec->ncriteria > 0) { /* criteria is NULL when there are none */
		memcpy(sorted, rec->criteria, rec->ncriteria * sizeof(*sorted));
		qsort(sorted, rec->ncriteria, sizeof(*sorted), cmp_criterion);
	}
	gpd_buf_puts(&b, "");
	for (size_t i = 0; i < rec->ncriteria; i++)
		gpd_buf_printf(&b, "%s%s", i ? "," : "", gpd_criterion_str(sorted[i]).s);
	free(sorted);
	return gpd_buf_take(&b);
}

static int make_row(const gpd_record *rec, row *r)
{
	gpd_buf b = {0};

	put_field_text(&b, rec->id);
	r->cell[COL_ID] = gpd_buf_take(&b);
	gpd_buf_puts(&b, "");
	put_field_text(&b, rec->title);
	r->cell[COL_TITLE] = gpd_buf_take(&b);
	gpd_buf_puts(&b, "");
	put_field_text(&b, rec->authority);
	r->cell[COL_AUTHORITY] = gpd_buf_take(&b);
	r->cell[COL_REGION] = ticked_ids(rec, GPD_GROUP_REGION);
	r->cell[COL_CRITERIA] = criteria_text(rec);
	r->cell[COL_OUTCOMES] = ticked_ids(rec, GPD_GROUP_OUTCOME);
	gpd_buf_printf(&b, "%u", rec->nwarnings);
	r->cell[COL_WARNINGS] = gpd_buf_take(&b);
	for (int c = 0; c < NCOLS; c++)
		if (r->cell[c] == NULL)
			return -1;
	return 0;
}

/* A cell as it is printed for a person or a terminal: record text may
 * hold C1 controls (U+009B starts an escape sequence), bidi controls
 * (U+202E shows the line backwards), tabs and line breaks (a title's
 * would break the columns); they print as \u{9B}, as in diagnostics. */
static char *visible(const char *s)
{
	gpd_buf b = {0};

	gpd_diag_put_visible(&b, s);
	return gpd_buf_take(&b);
}

static void print_tsv(const row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < NCOLS; c++) {
			char *v = visible(rows[i].cell[c]);

			printf("%s%c", v ? v : "", c + 1 < NCOLS ? '\t' : '\n');
			free(v);
		}
}

/* One array of objects: {"id", "title", "authority", "regions": [...],
 * "criteria": [...], "outcomes": [...], "warnings": N, "draft", "file"}. */
static void print_json(const row *rows, const gpd_record *const *recs, size_t n)
{
	gpd_buf b = {0};

	gpd_buf_puts(&b, "[");
	for (size_t i = 0; i < n; i++) {
		gpd_buf_puts(&b, i ? ",\n {" : "\n {");
		for (int c = 0; c < NCOLS; c++) {
			const char *v = rows[i].cell[c];

			gpd_buf_printf(&b, "%s\"%s\":", c ? ", " : "", json_keys[c].key);
			if (c == COL_WARNINGS) {
				gpd_buf_puts(&b, v);
			} else if (!json_keys[c].list) {
				gpd_diag_put_json(&b, v);
			} else {
				gpd_buf_putc(&b, '[');
				for (const char *p = v; *p;) {
					size_t k = strcspn(p, ",");
					char *item = strndup(p, k);

					gpd_buf_puts(&b, p == v ? "" : ", ");
					gpd_diag_put_json(&b, item ? item : "");
					free(item);
					p += k + (p[k] == ',');
				}
				gpd_buf_putc(&b, ']');
			}
		}
		gpd_buf_printf(&b, ", \"draft\": %s, \"file\": ", recs[i]->draft ? "true" : "false");
		gpd_diag_put_json(&b, recs[i]->path);
		gpd_buf_putc(&b, '}');
	}
	gpd_buf_puts(&b, n ? "\n]\n" : "]\n");
	if (!gpd_buf_failed(&b))
		fwrite(b.data, 1, b.len, stdout);
	gpd_buf_free(&b);
}

/* ASCII case-insensitive: whether hay holds needle. */
static int holds(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay != NULL && *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return hay != NULL && n == 0;
}

/* Whether any text of the record holds the --grep text. */
static int grep_match(const gpd_record *rec, const char *text)
{
	if (holds(rec->id, text) || holds(rec->title, text) || holds(rec->authority, text) ||
	    holds(rec->agency, text))
		return 1;
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		if (holds(rec->text[t], text))
			return 1;
	for (int f = 0; f < GPD_CONTACT__COUNT; f++)
		if (holds(rec->contact[f], text))
			return 1;
	for (size_t i = 0; i < rec->nspecified; i++)
		if (holds(rec->specified[i].text, text))
			return 1;
	for (size_t i = 0; i < rec->nattachments; i++)
		if (holds(rec->attachments[i].title, text) || holds(rec->attachments[i].body, text))
			return 1;
	return 0;
}

/* Aligned columns under a header; the warnings count right-aligned. The
 * cells print visible (see visible()), and are measured so. */
static void print_aligned(const row *rows, size_t n)
{
	size_t w[NCOLS];
	char **shown = calloc(n * NCOLS + 1, sizeof(char *));

	if (shown == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < NCOLS; c++)
			shown[i * NCOLS + (size_t)c] = visible(rows[i].cell[c]);
	for (int c = 0; c < NCOLS; c++) {
		w[c] = gpd_utf8_chars(headers[c]); /* columns on screen: characters */
		for (size_t i = 0; i < n; i++) {
			const char *v = shown[i * NCOLS + (size_t)c];
			size_t cw = v && v[0] ? gpd_utf8_chars(v) : 1;

			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (size_t i = 0; i <= n; i++) {
		for (int c = 0; c < NCOLS; c++) {
			const char *s = i == 0 ? headers[c] : shown[(i - 1) * NCOLS + (size_t)c];
			size_t pad;

			if (s == NULL || *s == '\0')
				s = "-";
			pad = w[c] - gpd_utf8_chars(s);
			if (c == COL_WARNINGS)
				printf("%*s%s\n", (int)pad, "", s);
			else
				printf("%s%*s  ", s, (int)pad, "");
		}
	}
	for (size_t i = 0; i < n * NCOLS; i++)
		free(shown[i]);
	free(shown);
}

static void free_rows(row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		for (int c = 0; c < NCOLS; c++)
			free(rows[i].cell[c]);
	free(rows);
}

/* Prints the selected records; returns how many, or -1 when out of
 * memory (reported). */
static long list_records(const list_opts *lo, const gpd_records *recs, gpd_diag *diag)
{
	row *rows = calloc(recs->n ? recs->n : 1, sizeof(*rows));
	const gpd_record **picked = calloc(recs->n ? recs->n : 1, sizeof(*picked));
	size_t n = 0;

	if (rows == NULL || picked == NULL) {
		free(rows);
		free(picked);
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	for (size_t i = 0; i < recs->n; i++) {
		if (!gpd_filter_match(&lo->filter, recs->items[i]) ||
		    (lo->grep != NULL && !grep_match(recs->items[i], lo->grep)))
			continue;
		picked[n] = recs->items[i];
		if (make_row(recs->items[i], &rows[n++]) != 0) {
			free_rows(rows, n);
			free(picked);
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
			return -1;
		}
	}
	if (lo->format == LIST_JSON)
		print_json(rows, picked, n);
	else if (n > 0 && lo->format == LIST_TSV)
		print_tsv(rows, n);
	else if (n > 0)
		print_aligned(rows, n);
	free_rows(rows, n);
	free(picked);
	return (long)n;
}

/* The catalogue is optional: without one there is no unknown-criterion
 * warning. Anything by its name, even a dangling symbolic link, counts as
 * present (lstat), so the reader refuses what is not a regular file
 * instead of the run quietly skipping the check. */
int gpd_cli_load_catalogue(const char *templates, gpd_diag *diag, gpd_catalogue **out)
{
	gpd_buf path = {0};
	struct stat st;
	int rc = 0;

	*out = NULL;
	gpd_buf_printf(&path, "%s/%s", templates, GPD_CATALOGUE_FILE);
	if (gpd_buf_failed(&path)) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	if (lstat(path.data, &st) == 0 && (*out = gpd_catalogue_load(path.data, diag)) == NULL)
		rc = -1;
	gpd_buf_free(&path);
	return rc;
}

/* Nothing listed: with a selection, an empty selection (an error, naming
 * it); with none, an empty folder, which is no error. */
static void none_listed(list_opts *lo, gpd_diag *diag)
{
	gpd_buf sel = {0};

	if (gpd_filter_is_empty(&lo->filter) && lo->grep == NULL) {
		lo->empty_folder = 1;
	} else {
		gpd_buf_puts(&sel, "the selection \"");
		if (!gpd_filter_is_empty(&lo->filter))
			gpd_filter_describe(&lo->filter, &sel);
		if (lo->grep != NULL)
			gpd_buf_printf(&sel, "%stext holding \u201c%s\u201d",
				gpd_filter_is_empty(&lo->filter) ? "" : "; ", lo->grep);
		gpd_buf_printf(&sel, "\" of %s", lo->co.records);
		gpd_diag_report(diag, NULL, 0, 0, GPD_E_EMPTY_SELECTION, sel.data);
	}
	gpd_buf_free(&sel);
}

/* Loads, filters and prints; reports everything through diag. */
static void run_list(list_opts *lo, gpd_diag *diag, size_t *listed)
{
	const char *paths[1] = {lo->co.records};
	gpd_catalogue *cat = NULL;
	gpd_records recs = {0};
	gpd_buf why = {0};
	long n;

	if (gpd_cli_load_catalogue(lo->co.templates, diag, &cat) != 0 ||
	    gpd_load_records_jobs(paths, 1, cat, (size_t)lo->co.jobs, diag, &recs) != 0)
		goto done;
	if (gpd_filter_check_authorities(&lo->filter, recs.items, recs.n, &why) != 0) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_USAGE, why.data);
		goto done;
	}
	n = list_records(lo, &recs, diag);
	if (n > 0)
		*listed = (size_t)n;
	if (n == 0 && recs.failed == 0)
		none_listed(lo, diag);
	if (fflush(stdout) != 0 || ferror(stdout))
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_WRITE, "the standard output");
done:
	gpd_buf_free(&why);
	gpd_records_free(&recs);
	gpd_catalogue_free(cat);
}

/* One option; -1 to go on, or an exit status. */
static int take_option(list_opts *lo, int c, char **argv)
{
	static const char *const formats[] = {"human", "tsv", "json"};
	int rc;

	switch (c) {
	case OPT_TSV: lo->format = LIST_TSV; return -1;
	case OPT_GREP: lo->grep = optarg; return -1;
	case OPT_FORMAT:
		for (int f = 0; f < 3; f++)
			if (strcmp(optarg, formats[f]) == 0) {
				lo->format = (list_format)f;
				return -1;
			}
		return gpd_cli_suggest("list", "format", optarg, formats, 3);
	case 'h': list_help(); return 0;
	default:
		if ((rc = gpd_cli_common_option("list", &lo->co, c, optarg)) >= 0)
			return rc == 0 ? -1 : rc;
		rc = gpd_cli_filter_option("list", &lo->filter, c, optarg);
		if (rc >= 0)
			return rc == 0 ? -1 : rc;
		return gpd_cli_option_error(&spec, argv);
	}
}

int gpd_cmd_list(int argc, char **argv)
{
	list_opts lo = {0};
	gpd_diag *diag;
	size_t listed = 0;
	char what[96];
	int c, rc = -1;

	gpd_cli_common_init(&lo.co);
	rc = gpd_cli_begin(&spec, argc, argv);
	while (rc < 0 && (c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1)
		rc = take_option(&lo, c, argv);
	if (rc < 0 && optind < argc)
		rc = gpd_cli_usage_error("list", "unexpected argument '%s' (records are read from --records DIR)",
			argv[optind]);
	if (rc < 0)
		rc = gpd_cli_check_project("list", lo.co.records, NULL);
	if (rc >= 0) {
		gpd_filter_free(&lo.filter);
		return rc;
	}
	if ((diag = gpd_cli_diag(&lo.co)) == NULL) {
		gpd_filter_free(&lo.filter);
		return 2;
	}
	run_list(&lo, diag, &listed);
	if (lo.empty_folder)
		snprintf(what, sizeof(what), "0 records listed (%.30s holds no .xml file)",
			lo.co.records);
	else
		snprintf(what, sizeof(what), "%zu record%s listed", listed, listed == 1 ? "" : "s");
	rc = gpd_diag_finish(diag, lo.co.quiet ? NULL : what);
	gpd_diag_free(diag);
	gpd_filter_free(&lo.filter);
	return rc;
}
