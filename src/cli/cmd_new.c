/* cmd_new.c: `gpdigest new ID`: starts a record with every field of the form, in its order, each tick group listing its boxes. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "gpdigest/authority.h"
#include "gpdigest/build.h"
#include "gpdigest/buf.h"
#include "gpdigest/form.h"
#include "gpdigest/import.h"
#include "gpdigest/ingest.h"
#include "gpdigest/limits.h"
#include "gpdigest/lint.h"
#include "gpdigest/load.h"
#include "gpdigest/date.h"
#include "gpdigest/output.h"
#include "gpdigest/record.h"
#include "gpdigest/utf8.h"

static void new_help(void)
{
	fputs("usage: gpdigest new [--authority A] [--criterion C]... [--title T]\n"
	      "                    [--received DATE] [--records DIR] [--force]\n"
	      "                    [--diagnostics FORMAT] ID\n\n"
	      "Starts a record: writes records/ID.xml holding every field of the form,\n"
	      "in the form's order, empty, each tick group with a comment listing its\n"
	      "boxes (the ids a <tick option=\"ID\"/> takes, and the labels the form\n"
	      "prints). It validates at once, with a warning for each empty field; a\n"
	      "record is left out of the publication until its title, authority,\n"
	      "agency, purpose and description are filled in.\n\n"
	      "  --authority A      the authority: a name, or an authority the records\n"
	      "                     already have, by any spelling or its handout's file\n"
	      "                     name (tower-hamlets), which is then spelled as they do\n"
	      "  --criterion C      a criterion, two numbers like 2.11 (may be repeated)\n"
	      "  --title T          the title\n"
	      "  --received DATE    the date the form was received, YYYY-MM-DD (default:\n"
	      "                     SOURCE_DATE_EPOCH's date if set, else today's)\n"
	      "  --records DIR      the records folder (default records/)\n"
	      "  -f, --force        replace records/ID.xml if it exists\n"
	      "  --diagnostics FMT  human, github or json\n"
	      "  -h, --help         show this help\n\n"
	      "ID is the record's id and file name: lower-case letters and digits, words\n"
	      "joined by single hyphens (tower-hamlets-contact-policy).\n"
	      "Exit status: 0 written, 1 the record would not be valid, 2 usage or I/O\n"
	      "errors (ID.xml exists), 130 or 143 stopped by Ctrl-C or SIGTERM.\n", stdout);
}

typedef struct new_opts {
	const char *id, *authority, *title, *received, *records;
	const char *criteria[64];
	size_t ncriteria;
	int force;
	gpd_format format;
} new_opts;

/* ---- the skeleton ---- */

static void put_text(gpd_buf *b, const char *s)
{
	gpd_buf_put_xml(b, s ? s : "");
}

/* A comment's lines, each indented: its text must hold no "--". */
static void put_comment(gpd_buf *b, int pad, const char *text)
{
	gpd_buf_printf(b, "%*s<!-- %s -->\n", pad, "", text);
}

/* A tick group: a comment listing its boxes, then the empty group. */
static void put_group(gpd_buf *b, int pad, const gpd_form_element *e)
{
	const gpd_option_group *g = gpd_form_group((gpd_group)e->which);
	size_t w = 0;

	for (size_t i = 0; i < g->count; i++)
		if (strlen(g->options[i].id) > w)
			w = strlen(g->options[i].id);
	gpd_buf_printf(b, "%*s<!-- %s: tick %s with <tick option=\"ID\"/>, ID one of:\n", pad, "",
		g->question, g->single ? "one box" : "each box that applies");
	for (size_t i = 0; i < g->count; i++)
		gpd_buf_printf(b, "%*s       %-*s  %s\n", pad, "", (int)w, g->options[i].id,
			g->options[i].label);
	for (size_t i = 0; i < g->count; i++)
		if (g->options[i].specify)
			gpd_buf_printf(b, "%*s     a ticked %s takes its text beside it: <specify "
				"option=\"%s\">TEXT</specify>\n", pad, "", g->options[i].id,
				g->options[i].id);
	gpd_buf_printf(b, "%*s-->\n%*s<%s>\n%*s</%s>\n", pad, "", pad, "", e->element, pad, "",
		e->element);
}

static void put_criteria(gpd_buf *b, int pad, const new_opts *o)
{
	put_comment(b, pad, GPD_Q_CRITERIA ": one <criterion> each, two numbers like "
		"<criterion>2.11</criterion> (Standard 2, criterion 11)");
	gpd_buf_printf(b, "%*s<criteria>\n", pad, "");
	for (size_t i = 0; i < o->ncriteria; i++)
		gpd_buf_printf(b, "%*s  <criterion>%s</criterion>\n", pad, "", o->criteria[i]);
	gpd_buf_printf(b, "%*s</criteria>\n", pad, "");
}

/* A one-line or free-text field: its question, then the element. */
static void put_field(gpd_buf *b, int pad, const gpd_form_element *e, const char *value)
{
	gpd_buf c = {0};

	gpd_buf_printf(&c, "%s%s", gpd_form_element_label(e),
		e->kind == GPD_ELEMENT_TEXT ? " (CommonMark)" :
		e->kind == GPD_ELEMENT_DATE ? ": YYYY-MM-DD" : "");
	if (strcmp(e->parent, "contact") != 0)
		put_comment(b, pad, c.data ? c.data : e->element);
	gpd_buf_free(&c);
	gpd_buf_printf(b, "%*s<%s>", pad, "", e->element);
	put_text(b, value);
	gpd_buf_printf(b, "</%s>\n", e->element);
}

static void put_elements(gpd_buf *b, const char *parent, int pad, const new_opts *o);

static void put_element(gpd_buf *b, int pad, const gpd_form_element *e, const new_opts *o)
{
	switch (e->kind) {
	case GPD_ELEMENT_GROUP: put_group(b, pad, e); break;
	case GPD_ELEMENT_CRITERIA: put_criteria(b, pad, o); break;
	case GPD_ELEMENT_EVIDENCE:
	case GPD_ELEMENT_CONTACT:
		put_comment(b, pad, gpd_form_element_label(e));
		gpd_buf_printf(b, "%*s<%s>\n", pad, "", e->element);
		put_elements(b, e->element, pad + 2, o);
		gpd_buf_printf(b, "%*s</%s>\n", pad, "", e->element);
		break;
	case GPD_ELEMENT_ATTACHMENTS:
		gpd_buf_printf(b, "%*s<!-- %s, when there are any (CommonMark):\n%*s  <attachments>\n"
			"%*s    <attachment title=\"Its title\">Its text</attachment>\n%*s  </attachments>\n"
			"%*s-->\n", pad, "", gpd_form_element_label(e), pad, "", pad, "", pad, "",
			pad, "");
		break;
	default:
		put_field(b, pad, e, strcmp(e->element, "title") == 0 ? o->title :
			strcmp(e->element, "authority") == 0 ? o->authority :
			strcmp(e->element, "received") == 0 ? o->received : NULL);
		break;
	}
}

static void put_elements(gpd_buf *b, const char *parent, int pad, const new_opts *o)
{
	size_t n;
	const gpd_form_element *all = gpd_form_elements(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].parent, parent) == 0)
			put_element(b, pad, &all[i], o);
}

/* Can the folder's name stand in an XML comment: UTF-8, no control
 * character, no "--" (a folder may be called "records--2026")? */
static int comment_safe(const char *s)
{
	size_t n = strlen(s);

	if (strstr(s, "--") != NULL)
		return 0;
	for (size_t i = 0, k; i < n; i += k) {
		uint32_t c = 0;

		if ((k = gpd_utf8_decode((const unsigned char *)s + i, n - i, &c)) == 0 ||
		    c < 0x20 || (c >= 0x7F && c < 0xA0))
			return 0;
	}
	return 1;
}

static char *skeleton(const new_opts *o)
{
	gpd_buf b = {0};
	int safe = comment_safe(o->records);

	gpd_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!-- A \"" GPD_Q_FORM_TITLE "\" form, started by\n"
		"     `gpdigest new`. Fill in each field as the form has it; the fields stay in\n"
		"     this order. Check it with `gpdigest validate %s%s%s.xml`: an empty\n"
		"     field is a warning, and the record is published once its title,\n"
		"     authority, agency, purpose and description are filled in. -->\n"
		"<record xmlns=\"" GPD_RECORD_NS "\" version=\"" GPD_RECORD_VERSION "\" id=\"%s\">\n",
		safe ? o->records : "", safe ? "/" : "", o->id, o->id);
	put_elements(&b, "record", 2, o);
	gpd_buf_puts(&b, "</record>\n");
	return gpd_buf_take(&b);
}

/* ---- the values ---- */

/* The authority as the records spell it, when they have it under any
 * spelling or its handout's file name; else as given. */
static const char *known_authority(const new_opts *o, gpd_records *recs)
{
	const char *paths[1] = {o->records};
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	struct stat st;

	if (quiet == NULL || stat(o->records, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    gpd_load_records(paths, 1, NULL, quiet, recs) != 0) {
		gpd_diag_free(quiet);
		return o->authority;
	}
	gpd_diag_free(quiet);
	for (size_t i = 0; i < recs->n; i++) {
		const char *a = recs->items[i]->authority;
		char slug[GPD_MAX_SLUG_BYTES];

		if (a == NULL)
			continue;
		if (gpd_authority_cmp(a, o->authority) == 0 ||
		    (gpd_slug(a, slug, sizeof(slug)) && strcmp(slug, o->authority) == 0))
			return a;
	}
	return o->authority;
}

/* The date received: given, else SOURCE_DATE_EPOCH's, else today's (the
 * day the editor starts the record: the one date gpdigest takes from the
 * clock, and only here). */
static int received_date(new_opts *o, char *buf, size_t max)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long v;
	time_t t;
	struct tm tm;

	if (o->received != NULL)
		return 0;
	if (sde != NULL && *sde != '\0') {
		if (gpd_parse_epoch(sde, &v) != 0)
			return gpd_cli_usage_error("new", "SOURCE_DATE_EPOCH must be a number of "
				"seconds, not '%s'", sde);
		t = (time_t)v;
		if (gmtime_r(&t, &tm) == NULL)
			return gpd_cli_usage_error("new", "SOURCE_DATE_EPOCH is out of range");
	} else {
		t = time(NULL);
		if (localtime_r(&t, &tm) == NULL)
			return gpd_cli_usage_error("new", "cannot read today's date");
	}
	if (strftime(buf, max, "%Y-%m-%d", &tm) == 0)
		return gpd_cli_usage_error("new", "cannot write today's date");
	o->received = buf;
	return 0;
}

/* ---- checking and writing ---- */

/* Reads the skeleton back as validate would: its errors (a reserved id)
 * are reported at path; warnings are what an empty record has. */
static int check(const char *path, const char *xml, gpd_diag *diag)
{
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_ingest *in = quiet ? gpd_ingest_new(quiet) : NULL;
	gpd_record *rec = NULL;
	int rc = -1;

	if (in == NULL) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		goto done;
	}
	gpd_diag_set_quiet(quiet, 1);
	rec = gpd_ingest_memory(in, path, xml, strlen(xml));
	if (rec != NULL)
		gpd_lint_record(rec, NULL, quiet);
	for (size_t i = 0; i < gpd_diag_size(quiet); i++) {
		const gpd_diagnostic *g = gpd_diag_at(quiet, i);

		gpd_buf msg = {0};

		if (g->level < GPD_LEVEL_ERROR)
			continue;
		gpd_buf_printf(&msg, "the record would not be valid: %s [%s]", g->text,
			gpd_msg_name(g->code));
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_USAGE, msg.data ? msg.data : g->text);
		gpd_buf_free(&msg);
	}
	rc = rec != NULL && gpd_diag_count(quiet, GPD_LEVEL_ERROR) +
		gpd_diag_count(quiet, GPD_LEVEL_FATAL) == 0 ? 0 : -1;
done:
	gpd_record_free(rec);
	gpd_ingest_free(in);
	gpd_diag_free(quiet);
	return rc;
}

static int write_new(const new_opts *o, const char *path, const char *xml, gpd_diag *diag)
{
	gpd_staged *staged;
	gpd_buf msg = {0};
	int rc;

	if (gpd_cli_linked_records(o->records, diag))
		return -1;
	if (mkdir(o->records, 0755) != 0 && errno != EEXIST) {
		gpd_buf_printf(&msg, "cannot make the records folder %s: %s", o->records,
			strerror(errno));
		gpd_diag_report(diag, o->records, 0, 0, GPD_F_IO, msg.data);
		gpd_buf_free(&msg);
		return -1;
	}
	if (gpd_write_staged(path, xml, strlen(xml), diag, &staged) != 0)
		return -1;
	rc = o->force ? gpd_commit_staged(staged, diag) : gpd_commit_staged_new(staged, diag);
	if (rc == 1) {
		gpd_buf_printf(&msg, "%s exists; not replaced (use --force, or another ID)", path);
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_USAGE, msg.data);
		gpd_buf_free(&msg);
	}
	return rc == 0 ? 0 : -1;
}

static int make(new_opts *o, gpd_diag *diag)
{
	gpd_records recs = {0};
	gpd_buf path = {0};
	char date[16], *xml = NULL;
	int rc = -1;

	if (received_date(o, date, sizeof(date)) != 0)
		return 2;
	if (o->authority != NULL)
		o->authority = known_authority(o, &recs);
	gpd_buf_printf(&path, "%s/%s.xml", o->records, o->id);
	xml = skeleton(o);
	if (xml == NULL || path.data == NULL)
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
	else if (check(path.data, xml, diag) == 0 && write_new(o, path.data, xml, diag) == 0)
		rc = 0;
	if (rc == 0 && o->format == GPD_FORMAT_HUMAN)
		fprintf(stderr, "gpdigest: wrote %s: fill in its fields, then run 'gpdigest "
			"validate %s'\n", path.data, path.data);
	free(xml);
	gpd_buf_free(&path);
	gpd_records_free(&recs);
	return rc;
}

typedef struct new_run {
	new_opts *o;
	gpd_diag *diag;
} new_run;

static int run_make(void *arg)
{
	const new_run *r = arg;

	return make(r->o, r->diag);
}

/* ---- options ---- */

enum { OPT_AUTHORITY = 256, OPT_CRITERION, OPT_TITLE, OPT_RECEIVED, OPT_RECORDS, OPT_DIAG };

static const struct option opts[] = {
	{"authority", required_argument, NULL, OPT_AUTHORITY},
	{"criterion", required_argument, NULL, OPT_CRITERION},
	{"title", required_argument, NULL, OPT_TITLE},
	{"received", required_argument, NULL, OPT_RECEIVED},
	{"records", required_argument, NULL, OPT_RECORDS},
	{"force", no_argument, NULL, 'f'},
	{"diagnostics", required_argument, NULL, OPT_DIAG},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const gpd_cli_spec spec = {"new", opts, ":fh", OPT_DIAG};

static int take_option(new_opts *o, int c, char **argv)
{
	gpd_criterion crit;

	switch (c) {
	case OPT_AUTHORITY: o->authority = optarg; return -1;
	case OPT_TITLE: o->title = optarg; return -1;
	case 'f': o->force = 1; return -1;
	case 'h': new_help(); return 0;
	case OPT_RECORDS:
		if (*optarg == '\0')
			return gpd_cli_usage_error("new", "--records needs a folder name");
		o->records = gpd_cli_path(optarg);
		return -1;
	case OPT_RECEIVED:
		if (!gpd_import_valid_date(optarg))
			return gpd_cli_usage_error("new", "--received '%s' must be a date YYYY-MM-DD, "
				"for example 2026-11-23", optarg);
		o->received = optarg;
		return -1;
	case OPT_CRITERION:
		if (gpd_criterion_parse(optarg, &crit) != 0 || strchr(optarg, ' ') != NULL)
			return gpd_cli_usage_error("new", "--criterion '%s' must be two numbers like "
				"2.11 (Standard 2, criterion 11)", optarg);
		if (o->ncriteria == sizeof(o->criteria) / sizeof(o->criteria[0]))
			return gpd_cli_usage_error("new", "too many --criterion");
		o->criteria[o->ncriteria++] = optarg;
		return -1;
	case OPT_DIAG:
		if (gpd_cli_format(optarg, &o->format) != 0)
			return gpd_cli_usage_error("new", "unknown diagnostics format '%s' (use human, "
				"github or json)", optarg);
		return -1;
	default:
		return gpd_cli_option_error(&spec, argv);
	}
}

int gpd_cmd_new(int argc, char **argv)
{
	new_opts o = {.records = GPD_DEFAULT_RECORDS, .format = GPD_FORMAT_HUMAN};
	gpd_diag *diag;
	int c, rc = -1;

	rc = gpd_cli_begin(&spec, argc, argv);
	while (rc < 0 && (c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1)
		rc = take_option(&o, c, argv);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return gpd_cli_usage_error("new", "no ID given: 'gpdigest new ID' writes records/ID.xml");
	if (argc - optind > 1)
		return gpd_cli_usage_error("new", "one ID, not '%s' too", argv[optind + 1]);
	o.id = argv[optind];
	if (!gpd_import_valid_id(o.id))
		return gpd_cli_usage_error("new", "the id '%s' must be lower-case letters and digits, "
			"words joined by single hyphens (at most 80), like tower-hamlets-contact-policy",
			o.id);
	if ((diag = gpd_diag_new(o.format, 0, stderr)) == NULL) {
		fputs("gpdigest: error: out of memory [out-of-memory]\n", stderr);
		return 2;
	}
	gpd_diag_set_base(diag, gpd_cli_user_dir());
	/* 2: a usage error make() printed itself (SOURCE_DATE_EPOCH), which
	 * the diagnostics do not count */
	c = gpd_cli_interruptible(o.format, run_make, &(new_run){&o, diag});
	rc = gpd_diag_finish(diag, NULL);
	gpd_diag_free(diag);
	return c == 2 ? 2 : rc;
}
