/* cmd_list.c: `gpdigest list`: one line per record (id, authority, regions, criteria, outcomes, warnings). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "gpdigest/buf.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/edition.h"
#include "gpdigest/load.h"

static void list_help(void)
{
	fputs("usage: gpdigest list [--tsv] [--strict] [--quiet] [--diagnostics FORMAT]\n"
	      "                     [--records DIR] [--templates DIR] [FILTERS]\n\n"
	      "Lists the records, one line each: id, authority, region(s), criteria,\n"
	      "ECM outcomes and the number of lint warnings, in file-name order. Regions\n"
	      "and outcomes are the form's option ids, several joined by commas;\n"
	      "criteria are in numeric order.\n\n"
	      "  --tsv              tab-separated fields, no header line, empty fields\n"
	      "                     empty (default: aligned columns under a header, '-'\n"
	      "                     for an empty field, whether or not stdout is a\n"
	      "                     terminal)\n"
	      "  --strict           treat warnings as errors\n"
	      "  --quiet            print diagnostics only, no summary\n"
	      "  --diagnostics FMT  human, github or json (json: standard error is one\n"
	      "                     JSON array, the summary its last element)\n"
	      "  --records DIR      records folder, or one record file (default records/)\n"
	      "  --templates DIR    where standards.xml is (default templates/)\n"
	      "  -h, --help         show this help\n\n"
	      "Filters, as for 'gpdigest build' (AND across kinds, OR within one; values\n"
	      "are the form's option ids or printed labels, case-insensitive):\n"
	      "  --region R  --authority A  --criterion C (2.4, or 2 for Standard 2)\n"
	      "  --outcome O  --target T  --agency-type K\n\n"
	      "Diagnostics go to stderr, the list to stdout.\n"
	      "Exit status: 0 listed (warnings allowed unless --strict), 1 invalid records\n"
	      "or no record matches the filters, 2 usage or I/O errors.\n", stdout);
}

enum { OPT_TSV = 256, OPT_STRICT, OPT_QUIET, OPT_DIAG, OPT_RECORDS, OPT_TEMPLATES };

static const struct option opts[] = {
	{"tsv", no_argument, NULL, OPT_TSV},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"diagnostics", required_argument, NULL, OPT_DIAG},
	{"records", required_argument, NULL, OPT_RECORDS},
	{"templates", required_argument, NULL, OPT_TEMPLATES},
	GPD_CLI_FILTER_OPTIONS,
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const gpd_cli_spec spec = {"list", opts, ":h", OPT_DIAG};

typedef struct list_opts {
	const char *records, *templates;
	int tsv, strict, quiet;
	gpd_format format;
	gpd_filter filter;
} list_opts;

enum { COL_ID, COL_AUTHORITY, COL_REGION, COL_CRITERIA, COL_OUTCOMES, COL_WARNINGS,
	NCOLS };

static const char *const headers[NCOLS] = {
	"ID", "AUTHORITY", "REGION", "CRITERIA", "OUTCOMES", "WARNINGS"
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

/* Columns on screen: UTF-8 characters, not bytes ("Łódź" is 4 wide). */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

static void print_tsv(const row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < NCOLS; c++)
			printf("%s%c", rows[i].cell[c], c + 1 < NCOLS ? '\t' : '\n');
}

/* Aligned columns under a header; the warnings count right-aligned. */
static void print_aligned(const row *rows, size_t n)
{
	size_t w[NCOLS];

	for (int c = 0; c < NCOLS; c++) {
		w[c] = width(headers[c]);
		for (size_t i = 0; i < n; i++) {
			size_t cw = rows[i].cell[c][0] ? width(rows[i].cell[c]) : 1;
			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (size_t i = 0; i <= n; i++) {
		for (int c = 0; c < NCOLS; c++) {
			const char *s = i == 0 ? headers[c] : rows[i - 1].cell[c];
			size_t pad;

			if (*s == '\0')
				s = "-";
			pad = w[c] - width(s);
			if (c == COL_WARNINGS)
				printf("%*s%s\n", (int)pad, "", s);
			else
				printf("%s%*s  ", s, (int)pad, "");
		}
	}
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
	size_t n = 0;

	if (rows == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return -1;
	}
	for (size_t i = 0; i < recs->n; i++) {
		if (!gpd_filter_match(&lo->filter, recs->items[i]))
			continue;
		if (make_row(recs->items[i], &rows[n++]) != 0) {
			free_rows(rows, n);
			gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
			return -1;
		}
	}
	if (n > 0) {
		if (lo->tsv)
			print_tsv(rows, n);
		else
			print_aligned(rows, n);
	}
	free_rows(rows, n);
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

/* Loads, filters and prints; reports everything through diag. */
static void run_list(list_opts *lo, gpd_diag *diag, size_t *listed)
{
	const char *paths[1] = {lo->records};
	gpd_catalogue *cat = NULL;
	gpd_records recs = {0};
	gpd_buf why = {0}, sel = {0};
	long n;

	if (gpd_cli_load_catalogue(lo->templates, diag, &cat) != 0 ||
	    gpd_load_records(paths, 1, cat, diag, &recs) != 0)
		goto done;
	if (gpd_filter_check_authorities(&lo->filter, recs.items, recs.n, &why) != 0) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_USAGE, why.data);
		goto done;
	}
	n = list_records(lo, &recs, diag);
	if (n > 0)
		*listed = (size_t)n;
	if (n == 0) {
		gpd_buf_putc(&sel, '"');
		gpd_filter_describe(&lo->filter, &sel);
		gpd_buf_putc(&sel, '"');
		gpd_diag_report(diag, NULL, 0, 0, GPD_E_EMPTY_SELECTION, sel.data);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_WRITE, "the standard output");
done:
	gpd_buf_free(&why);
	gpd_buf_free(&sel);
	gpd_records_free(&recs);
	gpd_catalogue_free(cat);
}

/* One option; -1 to go on, or an exit status. */
static int take_option(list_opts *lo, int c, char **argv)
{
	int rc;

	switch (c) {
	case OPT_TSV: lo->tsv = 1; return -1;
	case OPT_STRICT: lo->strict = 1; return -1;
	case OPT_QUIET: lo->quiet = 1; return -1;
	case OPT_RECORDS:
	case OPT_TEMPLATES:
		if (*optarg == '\0')
			return gpd_cli_usage_error("list", "%s needs a folder name",
				c == OPT_RECORDS ? "--records" : "--templates");
		*(c == OPT_RECORDS ? &lo->records : &lo->templates) = optarg;
		return -1;
	case 'h': list_help(); return 0;
	case OPT_DIAG:
		if (gpd_cli_format(optarg, &lo->format) != 0)
			return gpd_cli_usage_error("list", "unknown diagnostics format '%s' (use human, github or json)", optarg);
		return -1;
	default:
		rc = gpd_cli_filter_option("list", &lo->filter, c, optarg);
		if (rc >= 0)
			return rc == 0 ? -1 : rc;
		return gpd_cli_option_error(&spec, argv);
	}
}

int gpd_cmd_list(int argc, char **argv)
{
	list_opts lo = {GPD_DEFAULT_RECORDS, GPD_DEFAULT_TEMPLATES, 0, 0, 0,
		GPD_FORMAT_HUMAN, {{0}, NULL, 0, NULL, 0}};
	gpd_diag *diag;
	size_t listed = 0;
	char what[64];
	int c, rc = -1;

	rc = gpd_cli_begin(&spec, argc, argv);
	while (rc < 0 && (c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1)
		rc = take_option(&lo, c, argv);
	if (rc < 0 && optind < argc)
		rc = gpd_cli_usage_error("list", "unexpected argument '%s' (records are read from --records DIR)",
			argv[optind]);
	if (rc >= 0) {
		gpd_filter_free(&lo.filter);
		return rc;
	}
	diag = gpd_diag_new(lo.format, lo.strict, stderr);
	if (diag == NULL) {
		/* no collector to report through: say it directly */
		fputs("gpdigest: error: out of memory [out-of-memory]\n", stderr);
		gpd_filter_free(&lo.filter);
		return 2;
	}
	run_list(&lo, diag, &listed);
	snprintf(what, sizeof(what), "%zu record%s listed", listed, listed == 1 ? "" : "s");
	rc = gpd_diag_finish(diag, lo.quiet ? NULL : what);
	gpd_diag_free(diag);
	gpd_filter_free(&lo.filter);
	return rc;
}
