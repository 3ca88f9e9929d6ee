/* main.c: the gpdigest command: dispatches to the subcommands. */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"

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

int gpd_cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "gpdigest%s%s: error: ", cmd ? " " : "", cmd ? cmd : "");
	fprintf(stderr, fmt, arg ? arg : "");
	fprintf(stderr, "\nTry 'gpdigest%s%s --help' for more information.\n",
		cmd ? " " : "", cmd ? cmd : "");
	return 2;
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

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2)
		return gpd_cli_usage_error(NULL, "no command given%s", NULL);
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
