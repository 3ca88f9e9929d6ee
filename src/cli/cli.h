/* cli.h: what the command-line front end's files share: the commands and their usage helpers. */
#ifndef GPDIGEST_CLI_H
#define GPDIGEST_CLI_H

#include <getopt.h>

#include "gpdigest/catalogue.h"
#include "gpdigest/diag.h"
#include "gpdigest/edition.h"

/* Each command takes argv with argv[0] the command's name; returns the exit status. */
int gpd_cmd_validate(int argc, char **argv);
int gpd_cmd_schema(int argc, char **argv);
int gpd_cmd_import(int argc, char **argv);
int gpd_cmd_build(int argc, char **argv);
int gpd_cmd_list(int argc, char **argv);
int gpd_cmd_structure(int argc, char **argv);

/* Prints the usage error (printf's fmt and its arguments) for cmd (NULL:
 * the top level) to stderr through gpd_diag_usage, in the diagnostics
 * format the command line asked for; returns 2. */
int gpd_cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A command's options, as getopt_long takes them. */
typedef struct gpd_cli_spec {
	const char *cmd;            /* "build"; NULL for the top level */
	const struct option *opts;  /* getopt_long's table */
	const char *shortopts;      /* getopt_long's, starting with ':' */
	int diag_val;               /* val of the options naming the diagnostics
	                             * format (--diagnostics), 0 when none */
} gpd_cli_spec;

/* Checks every option word of argv (argv[0] the command) before
 * getopt_long runs, so an error names exactly the word at fault (getopt
 * leaves argv[optind - 1] pointing elsewhere for "-j4" and combined short
 * options): "unknown option '-j'", "option '--fo' is ambiguous;
 * possibilities: --force --format", "option '--out' needs a value",
 * "option '--check' takes no value". First takes the diagnostics format
 * from anywhere on the line, so the error is printed in it. Then resets
 * getopt (optind 1, opterr 0). Returns -1 when every option is good, else
 * 2 (reported). */
int gpd_cli_begin(const gpd_cli_spec *spec, int argc, char **argv);

/* The error for a getopt_long result gpd_cli_begin let through (it never
 * should): names the word getopt stopped at. Returns 2. */
int gpd_cli_option_error(const gpd_cli_spec *spec, char **argv);

/* The filter options build and list share; getopt returns
 * GPD_CLI_OPT_FILTER + the gpd_filter_kind. */
#define GPD_CLI_OPT_FILTER 1024
#define GPD_CLI_FILTER_OPTIONS \
	{"region", required_argument, NULL, GPD_CLI_OPT_FILTER + GPD_FILTER_REGION}, \
	{"authority", required_argument, NULL, GPD_CLI_OPT_FILTER + GPD_FILTER_AUTHORITY}, \
	{"criterion", required_argument, NULL, GPD_CLI_OPT_FILTER + GPD_FILTER_CRITERION}, \
	{"outcome", required_argument, NULL, GPD_CLI_OPT_FILTER + GPD_FILTER_OUTCOME}, \
	{"target", required_argument, NULL, GPD_CLI_OPT_FILTER + GPD_FILTER_TARGET}, \
	{"agency-type", required_argument, NULL, GPD_CLI_OPT_FILTER + GPD_FILTER_AGENCY_TYPE}

/* When opt is a filter option, adds value to f and returns 0, or prints
 * the usage error (listing the valid values) and returns 2; returns -1
 * when opt is not a filter option. */
int gpd_cli_filter_option(const char *cmd, gpd_filter *f, int opt, const char *value);

/* Loads templates/standards.xml into *out when it exists (NULL when it
 * does not: the catalogue is optional). 0, or -1 when it does not load
 * (reported). */
int gpd_cli_load_catalogue(const char *templates, gpd_diag *diag, gpd_catalogue **out);

/* Parses a --format value; -1 when unknown. */
int gpd_cli_format(const char *text, gpd_format *out);

/* The folder holding the editor's files (templates/ unless overridden). */
#define GPD_DEFAULT_RECORDS "records"
#define GPD_DEFAULT_TEMPLATES "templates"
#define GPD_DEFAULT_OUT "out"
#define GPD_CATALOGUE_FILE "standards.xml"

#endif
