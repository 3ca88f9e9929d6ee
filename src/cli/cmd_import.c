/* cmd_import.c: `gpdigest import`: legacy form text to XML records. The
 * command decides where records go and never overwrites one unasked; the
 * reading is import.c's, the checking gpd_import_check's. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "gpdigest/date.h"
#include "gpdigest/output.h"
#include "gpdigest/buf.h"
#include "gpdigest/import.h"
#include "ingest/xml.h"

static void import_help(void)
{
	fputs("usage: gpdigest import [-o DIR] [--id ID] [--force] [--received DATE]\n"
	      "                       [--diagnostics human|github|json] FILE...\n\n"
	      "Turns legacy forms into XML records: the Word form itself (.docx; its\n"
	      "form-field, content-control, \u2612/\u2610 and Wingdings check boxes), exports\n"
	      "of it (Markdown or HTML; boxes as <input type=\"checkbox\"/>, [x]/[ ],\n"
	      "\u2612/\u2610, an X cell or \"Label: Yes/No\") and OCR text of scanned forms\n"
	      "(boxes as OCR reads them: \"[X|\", \"IX!\", \"{_]\", \"(|\"), told apart\n"
	      "automatically. An old binary .doc is refused, with the LibreOffice\n"
	      "command that converts it to .docx. One record\n"
	      "per FILE (at most " GPD_LIMIT_TEXT(GPD_MAX_FILE_MIB) " MiB); a file holding two forms is refused.\n"
	      "With one FILE and no -o the record goes to standard output; otherwise\n"
	      "to DIR/ID.xml (DIR defaults to records/), written atomically.\n\n"
	      "  -o, --out DIR      write DIR/ID.xml for each FILE\n"
	      "      --id ID        the record id (one FILE only); default: derived\n"
	      "                     from the authority and the purpose (from the\n"
	      "                     FILE's name when they have no Latin letter)\n"
	      "  -f, --force        overwrite an existing record\n"
	      "      --received DATE  the date the form was received (YYYY-MM-DD);\n"
	      "                     default: SOURCE_DATE_EPOCH if set, else the\n"
	      "                     FILE's modification time (never today's date)\n"
	      "      --diagnostics FMT  human, github or json (json: standard error\n"
	      "                     is one JSON array)\n"
	      "      --format FMT   the same as --diagnostics FMT\n"
	      "  -h, --help         show this help\n\n"
	      "Ticks are matched to the form's options tolerantly (case, spacing,\n"
	      "punctuation, small OCR errors) but never guessed: a tick that is\n"
	      "unreadable or could be two options is a warning naming FILE:LINE:COL,\n"
	      "and the box is left for the editor. The id, title, authority and\n"
	      "received date are derived and flagged for the editor to confirm.\n"
	      "The rules of `gpdigest validate` are reported at the input's lines.\n"
	      "After each FILE a report on standard error lists the fields read and\n"
	      "the fields left empty, the ticks read and the warnings. A record is\n"
	      "written only if it passes the schema and the rules as `gpdigest\n"
	      "validate` would check it.\n\n"
	      "Exit status: 0 imported (warnings allowed), 1 a FILE could not be made\n"
	      "into a valid record, 2 usage or I/O errors, 130 or 143 stopped by Ctrl-C\n"
	      "or SIGTERM (the records already written are whole).\n", stdout);
}

typedef struct import_cli {
	const char *dir;
	const char *id;
	const char *received;
	int force;
	int to_stdout;
	gpd_format format;
	gpd_diag *diag;
	char **written; /* ids written in this run */
	size_t nwritten;
} import_cli;

/* SOURCE_DATE_EPOCH as seconds, or -1 when unset or not a number. */
static long long source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	long long v;

	return s != NULL && gpd_parse_epoch(s, &v) == 0 ? v : -1;
}

/* Writes the record through a temporary file in the same folder, so it
 * appears whole or not at all; without force an existing record is kept.
 * 0, 1 when it exists, -1 (reported). */
static int write_record(const char *path, const char *data, size_t len, int force,
	gpd_diag *diag)
{
	gpd_staged *staged;

	if (gpd_write_staged(path, data, len, diag, &staged) != 0)
		return -1;
	return force ? gpd_commit_staged(staged, diag) : gpd_commit_staged_new(staged, diag);
}

/* Whether id was written from another input in this run. */
static int written_id(const import_cli *c, const char *id)
{
	for (size_t i = 0; i < c->nwritten; i++)
		if (strcmp(c->written[i], id) == 0)
			return 1;
	return 0;
}

/* Remembers that id was written in this run (only once it was: a record
 * kept because it existed was not written from this run's inputs). */
static void remember_id(import_cli *c, const char *id)
{
	char **p = realloc(c->written, (c->nwritten + 1) * sizeof(*p));

	if (p == NULL)
		return;
	c->written = p;
	if ((p[c->nwritten] = gpd_strdup(id)) != NULL)
		c->nwritten++;
}

/* Places one checked record: standard output or DIR/ID.xml. */
static void output(import_cli *c, const char *file, const char *id,
	const char *xml, size_t len)
{
	gpd_buf path = {0};
	int rc;

	if (c->to_stdout) {
		if (fwrite(xml, 1, len, stdout) != len || fflush(stdout) != 0)
			gpd_diag_report(c->diag, NULL, 0, 0, GPD_F_WRITE, "standard output");
		return;
	}
	gpd_buf_printf(&path, "%s/%s.xml", c->dir, id);
	if (gpd_buf_failed(&path)) {
		gpd_diag_report(c->diag, file, 0, 0, GPD_F_NOMEM, "");
		return;
	}
	if (written_id(c, id)) {
		gpd_buf_printf(&path, " was already written from another input in "
			"this run; give this one its own --id");
		gpd_diag_report(c->diag, file, 1, 1, GPD_E_IMPORT, path.data);
	} else if ((rc = write_record(path.data, xml, len, c->force, c->diag)) == 1) {
		gpd_buf_puts(&path, " exists; not overwritten (use --force)");
		gpd_diag_report(c->diag, file, 1, 1, GPD_E_IMPORT, path.data);
	} else if (rc == 0) {
		remember_id(c, id);
		if (c->format == GPD_FORMAT_HUMAN)
			fprintf(stderr, "%s: wrote %s\n", file, path.data);
	}
	gpd_buf_free(&path);
}

/* The file's one summary line: what was read, and how many warnings. */
static void report(const import_cli *c, const char *file, const gpd_record *rec,
	gpd_import_kind kind, size_t warnings)
{
	gpd_buf b = {0};

	if (c->format != GPD_FORMAT_HUMAN)
		return;
	gpd_import_summary(rec, &b);
	fprintf(stderr, "%s: report: %s; %s; %zu warning%s\n", file,
		kind == GPD_IMPORT_DOCX ? "Word document" : kind == GPD_IMPORT_HTML ?
		"Markdown/HTML export" : "OCR or plain text",
		b.data ? b.data : "", warnings, warnings == 1 ? "" : "s");
	gpd_buf_free(&b);
}

static void import_one(import_cli *c, const char *file)
{
	gpd_import_opts o = {c->id, c->received, -1, NULL};
	struct stat st;
	gpd_record *rec;
	char *data = NULL, *xml = NULL;
	size_t len = 0, xlen = 0, warnings;

	if (gpd_xml_read_file(file, GPD_MAX_FILE_BYTES, &data, &len, c->diag) != 0)
		return;
	if (o.received == NULL && (o.source_date = source_date_epoch()) >= 0)
		o.source_date_from = "SOURCE_DATE_EPOCH";
	else if (o.received == NULL && stat(file, &st) == 0) {
		o.source_date = (long long)st.st_mtime;
		o.source_date_from = "the input file's modification time";
	}
	warnings = gpd_diag_count(c->diag, GPD_LEVEL_WARNING);
	rec = gpd_import_memory(file, data, len, &o, c->diag);
	if (rec != NULL) {
		int ok = gpd_import_check(rec, file, c->diag, &xml, &xlen) == 0;

		report(c, file, rec, gpd_import_detect(data, len),
			gpd_diag_count(c->diag, GPD_LEVEL_WARNING) - warnings);
		if (ok)
			output(c, file, rec->id, xml, xlen);
	}
	free(xml);
	gpd_record_free(rec);
	free(data);
}

typedef struct import_run {
	import_cli *c;
	int argc;
	char **argv;
} import_run;

/* Every FILE in turn (argv from optind). */
static int import_all(void *arg)
{
	const import_run *r = arg;

	for (int i = optind; i < r->argc; i++)
		import_one(r->c, gpd_cli_path(r->argv[i]));
	return 0;
}

/* Options into c; returns -1 to go on, else the exit status. */
static int parse_args(import_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"id", required_argument, NULL, 'i'},
		{"force", no_argument, NULL, 'f'},
		{"received", required_argument, NULL, 'r'},
		{"format", required_argument, NULL, 'F'},
		{"diagnostics", required_argument, NULL, 'F'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const gpd_cli_spec spec = {"import", opts, ":o:fh", 'F'};
	int ch;

	if ((ch = gpd_cli_begin(&spec, argc, argv)) >= 0)
		return ch;
	while ((ch = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1) {
		switch (ch) {
		case 'o': c->dir = gpd_cli_path(optarg); break;
		case 'i': c->id = optarg; break;
		case 'f': c->force = 1; break;
		case 'r': c->received = optarg; break;
		case 'h': import_help(); return 0;
		case 'F':
			if (gpd_cli_format(optarg, &c->format) != 0)
				return gpd_cli_usage_error("import",
					"unknown format '%s' (use human, github or json)", optarg);
			break;
		default:
			return gpd_cli_option_error(&spec, argv);
		}
	}
	if (optind >= argc)
		return gpd_cli_usage_error("import", "no input FILE given");
	if (c->id != NULL && !gpd_import_valid_id(c->id))
		return gpd_cli_usage_error("import", "bad --id '%s': use lower-case "
			"letters and digits in hyphen-separated runs (at most 80)", c->id);
	if (c->received != NULL && !gpd_import_valid_date(c->received))
		return gpd_cli_usage_error("import", "bad --received '%s': use a date "
			"YYYY-MM-DD", c->received);
	if (c->id != NULL && argc - optind > 1)
		return gpd_cli_usage_error("import", "--id names one record; "
			"give one FILE");
	return -1;
}

int gpd_cmd_import(int argc, char **argv)
{
	import_cli c = {NULL, NULL, NULL, 0, 0, GPD_FORMAT_HUMAN, NULL, NULL, 0};
	int rc = parse_args(&c, argc, argv);

	if (rc >= 0)
		return rc;
	c.to_stdout = c.dir == NULL && argc - optind == 1;
	if (c.dir == NULL)
		c.dir = GPD_DEFAULT_RECORDS;
	c.diag = gpd_diag_new(c.format, 0, stderr);
	if (c.diag == NULL || gpd_diag_set_base(c.diag, gpd_cli_user_dir()) != 0) {
		gpd_diag_free(c.diag);
		fputs("gpdigest: error: out of memory [out-of-memory]\n", stderr);
		return 2;
	}
	if (!c.to_stdout && gpd_cli_linked_records(c.dir, c.diag))
		; /* reported */
	else if (!c.to_stdout && mkdir(c.dir, 0755) != 0 && errno != EEXIST)
		gpd_diag_report(c.diag, c.dir, 0, 0, GPD_F_IO, strerror(errno));
	else
		gpd_cli_interruptible(c.format, import_all, &(import_run){&c, argc, argv});
	rc = gpd_diag_finish(c.diag, "import");
	gpd_diag_free(c.diag);
	for (size_t i = 0; i < c.nwritten; i++)
		free(c.written[i]);
	free(c.written);
	return rc;
}
