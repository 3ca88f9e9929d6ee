/* main.c: the gpdigest command: dispatches to the subcommands. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmark.h>
#include <libxml/parser.h>

#include "cli.h"
#include "gpdigest/outdir.h"
#include "gpdigest/output.h"

#ifndef GPD_VERSION
#define GPD_VERSION "0.0.0"
#endif

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{"build", gpd_cmd_build, "build the compendium, digests and handouts (PDF and Markdown)"},
	{"list", gpd_cmd_list, "list the records, one line each (filters as in build)"},
	{"validate", gpd_cmd_validate, "check records against the form schema and the rules"},
	{"schema", gpd_cmd_schema, "print the record format's XML Schema"},
	{"import", gpd_cmd_import, "turn legacy form text (HTML export or OCR) into records"},
	{"structure", gpd_cmd_structure, "print each edition's document tree (sections, levels, anchors)"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void help(FILE *out)
{
	fputs("usage: gpdigest COMMAND [OPTIONS] [ARGS]\n"
	      "       gpdigest --help | --version\n\n"
	      "Turns \"What Makes The Difference?\" good-practice records into publications.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'gpdigest COMMAND --help' for a command's options.\n"
	      "Exit status: 0 success (warnings allowed), 1 content errors, 2 usage or I/O errors.\n",
	      out);
}

int gpd_cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gpdigest%s%s: error: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'gpdigest%s%s --help' for more information.\n",
		cmd ? " " : "", cmd ? cmd : "");
	return 2;
}

int gpd_cli_filter_option(const char *cmd, gpd_filter *f, int opt, const char *value)
{
	gpd_buf why = {0};
	int rc;

	if (opt < GPD_CLI_OPT_FILTER || opt >= GPD_CLI_OPT_FILTER + GPD_FILTER__COUNT)
		return -1;
	rc = gpd_filter_add(f, (gpd_filter_kind)(opt - GPD_CLI_OPT_FILTER), value, &why);
	if (rc != 0)
		rc = gpd_cli_usage_error(cmd, "%s", rc == -2 ? "out of memory" : why.data ? why.data : "");
	gpd_buf_free(&why);
	return rc;
}

int gpd_cli_format(const char *text, gpd_format *out)
{
	static const struct { const char *name; gpd_format f; } names[] = {
		{"human", GPD_FORMAT_HUMAN}, {"github", GPD_FORMAT_GITHUB},
		{"json", GPD_FORMAT_JSON},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(text, names[i].name) == 0) {
			*out = names[i].f;
			return 0;
		}
	return -1;
}

/* cmark cannot fail an allocation: its own allocator aborts (exit 134,
 * "[cmark] calloc returned null pointer"). The program's policy instead:
 * say so in our format and exit 2. Nothing is lost: a build puts its
 * outputs in place only after every edition has rendered, and the ones
 * already staged are removed here. */
static void cmark_out_of_memory(void)
{
	static const char msg[] = "gpdigest: error: out of memory (in the CommonMark "
		"library, which cannot recover) [out-of-memory]\n";

	gpd_staged_exit();
	gpd_outdir_exit();

	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(2);
}

static void *cmark_calloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		cmark_out_of_memory();
	return p;
}

static void *cmark_realloc(void *old, size_t size)
{
	void *p = realloc(old, size);

	if (p == NULL)
		cmark_out_of_memory();
	return p;
}

int main(int argc, char **argv)
{
	int rc;

	/* Past a file-size limit (ulimit -f) write() fails with EFBIG and the
	 * build reports it and removes its temporaries; the default SIGXFSZ
	 * would kill it mid-write instead, leaving them behind. */
	signal(SIGXFSZ, SIG_IGN);
	cmark_get_default_mem_allocator()->calloc = cmark_calloc;
	cmark_get_default_mem_allocator()->realloc = cmark_realloc;

	if (argc < 2)
		return gpd_cli_usage_error(NULL, "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("gpdigest %s\n", GPD_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		xmlInitParser();
		rc = commands[i].run(argc - 1, argv + 1);
		xmlCleanupParser();
		return rc;
	}
	return gpd_cli_usage_error(NULL, argv[1][0] == '-' ?
		"unknown option '%s'" : "unknown command '%s'", argv[1]);
}
