/* cmd_validate.c: `gpdigest validate` and `gpdigest schema`. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/load.h"
#include "gpdigest/schema.h"

static void validate_help(void)
{
	fputs("usage: gpdigest validate [--strict] [-q] [--diagnostics FORMAT] [-j N]\n"
	      "                         [--no-warn CODE] [--verbose] [--records DIR]\n"
	      "                         [--templates DIR] [PATH...]\n\n"
	      "Checks record files (or folders of *.xml records) against the form schema\n"
	      "and the semantic rules. PATH defaults to the records folder. Messages name\n"
	      "the field as the form prints it and say what it takes.\n\n"
	      GPD_CLI_COMMON_HELP
	      "  --format FMT       the same as --diagnostics FMT\n"
	      "  -h, --help         show this help\n\n"
	      "Exit status: 0 valid (warnings allowed unless --strict), 1 invalid records,\n"
	      "2 usage or I/O errors.\n", stdout);
}

int gpd_cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		GPD_CLI_COMMON_OPTIONS,
		/* the diagnostics format's first name, kept */
		{"format", required_argument, NULL, GPD_CLI_OPT_DIAG},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const gpd_cli_spec spec = {"validate", opts, ":hqj:", GPD_CLI_OPT_DIAG};
	gpd_cli_common co;
	gpd_catalogue *cat = NULL;
	const char **paths = NULL;
	size_t npaths, files;
	gpd_diag *diag;
	int c, rc;

	gpd_cli_common_init(&co);
	if ((rc = gpd_cli_begin(&spec, argc, argv)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1) {
		if (c == 'h') {
			validate_help();
			return 0;
		}
		if ((rc = gpd_cli_common_option("validate", &co, c, optarg)) == -1)
			return gpd_cli_option_error(&spec, argv);
		if (rc != 0)
			return rc;
	}
	if (optind >= argc && (rc = gpd_cli_check_project("validate", co.records, NULL)) >= 0)
		return rc;
	npaths = optind < argc ? (size_t)(argc - optind) : 1;
	if ((paths = calloc(npaths, sizeof(*paths))) == NULL || (diag = gpd_cli_diag(&co)) == NULL) {
		if (paths == NULL) /* gpd_cli_diag says its own */
			fputs("gpdigest: error: out of memory [out-of-memory]\n", stderr);
		free(paths);
		return 2;
	}
	for (size_t i = 0; i < npaths; i++)
		paths[i] = optind < argc ? gpd_cli_path(argv[optind + (int)i]) : co.records;
	if (gpd_cli_load_catalogue(co.templates, diag, &cat) == 0 &&
	    gpd_check_records(paths, npaths, cat, (size_t)co.jobs, diag, &files) == 0) {
		char what[64];

		snprintf(what, sizeof(what), "%zu record%s checked",
			files, files == 1 ? "" : "s");
		rc = gpd_diag_finish(diag, co.quiet ? NULL : what);
	} else {
		rc = gpd_diag_finish(diag, co.quiet ? NULL : "validation stopped");
	}
	free(paths);
	gpd_catalogue_free(cat);
	gpd_diag_free(diag);
	return rc;
}

int gpd_cmd_schema(int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const gpd_cli_spec spec = {"schema", opts, ":h", 0};
	char *xsd;
	int c, rc;

	if ((rc = gpd_cli_begin(&spec, argc, argv)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1) {
		if (c != 'h')
			return gpd_cli_option_error(&spec, argv);
		fputs("usage: gpdigest schema\n\nPrints the record format's XML Schema "
		      "(the same as records/record.xsd).\n\n"
		      "  -h, --help         show this help\n", stdout);
		return 0;
	}
	if (optind < argc)
		return gpd_cli_usage_error("schema", "unexpected argument '%s'", argv[optind]);
	xsd = gpd_schema_xsd();
	if (xsd == NULL)
		return 2;
	/* A write error (a full disk) must not pass for success: the
	 * error flag catches a failure fflush no longer sees. */
	if (fputs(xsd, stdout) == EOF || fflush(stdout) != 0 || ferror(stdout)) {
		free(xsd);
		fputs("gpdigest schema: error: cannot write the schema to standard output\n",
			stderr);
		return 2;
	}
	free(xsd);
	return 0;
}
