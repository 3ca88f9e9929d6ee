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
	fputs("usage: gpdigest validate [--strict] [--format=human|github|json]\n"
	      "                         [--templates DIR] [PATH...]\n\n"
	      "Checks record files (or folders of *.xml records) against the form schema\n"
	      "and the semantic rules. PATH defaults to records/.\n\n"
	      "  --strict           treat warnings as errors\n"
	      "  --format=FORMAT    human (FILE:LINE:COL: level: message [code]),\n"
	      "                     github (workflow annotations) or json (one array,\n"
	      "                     the summary its last element)\n"
	      "  --diagnostics FMT  the same as --format=FMT\n"
	      "  --templates DIR    where standards.xml (the criteria catalogue) is;\n"
	      "                     default templates/\n"
	      "  -h, --help         show this help\n\n"
	      "Exit status: 0 valid (warnings allowed unless --strict), 1 invalid records,\n"
	      "2 usage or I/O errors.\n", stdout);
}

int gpd_cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"strict", no_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"diagnostics", required_argument, NULL, 'f'},
		{"templates", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const gpd_cli_spec spec = {"validate", opts, ":h", 'f'};
	const char *templates = GPD_DEFAULT_TEMPLATES;
	const char *def[] = {GPD_DEFAULT_RECORDS};
	gpd_format format = GPD_FORMAT_HUMAN;
	gpd_catalogue *cat = NULL;
	gpd_records recs;
	gpd_diag *diag;
	int strict = 0, c, rc;

	if ((rc = gpd_cli_begin(&spec, argc, argv)) >= 0)
		return rc;
	while ((c = getopt_long(argc, argv, spec.shortopts, opts, NULL)) != -1) {
		switch (c) {
		case 's': strict = 1; break;
		case 't': templates = optarg; break;
		case 'h': validate_help(); return 0;
		case 'f':
			if (gpd_cli_format(optarg, &format) != 0)
				return gpd_cli_usage_error("validate",
					"unknown format '%s' (use human, github or json)", optarg);
			break;
		default:
			return gpd_cli_option_error(&spec, argv);
		}
	}
	diag = gpd_diag_new(format, strict, stderr);
	if (diag == NULL) {
		/* no collector to report through: say it directly */
		fputs("gpdigest: error: out of memory [out-of-memory]\n", stderr);
		return 2;
	}
	if (gpd_cli_load_catalogue(templates, diag, &cat) == 0 &&
	    gpd_load_records(optind < argc ? (const char *const *)argv + optind : def,
		optind < argc ? (size_t)(argc - optind) : 1, cat, diag, &recs) == 0) {
		char what[64];
		size_t files = recs.n + recs.failed;
		snprintf(what, sizeof(what), "%zu record%s checked",
			files, files == 1 ? "" : "s");
		gpd_records_free(&recs);
		rc = gpd_diag_finish(diag, what);
	} else {
		rc = gpd_diag_finish(diag, "validation stopped");
	}
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
