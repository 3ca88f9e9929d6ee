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
int gpd_cmd_new(int argc, char **argv);
int gpd_cmd_help(int argc, char **argv);

/* Prints a command's help (cmd NULL: the program's) to stdout; 0, or 2
 * (reported, with the nearest command) when there is no such command. */
int gpd_cli_help(const char *cmd);

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

/* ---- the project, and paths from where the user is (common.c) ---- */

/* Finds the project as git finds a repository: the nearest folder from
 * the current one up that holds records/ and templates/, and works there,
 * so every default (records/, templates/, out/) is the project's. The
 * folder the user is in is remembered: paths the user gives are taken
 * from it (gpd_cli_path) and diagnostics shown from it. No project: the
 * current folder, as it is. 0, or 2 (reported). */
int gpd_cli_find_project(void);

/* No project was found and the default records or templates folder the
 * command would read is missing: a usage error saying so, and how to name
 * one (returns 2); else -1. NULL for a folder the command does not read. */
int gpd_cli_check_project(const char *cmd, const char *records, const char *templates);

/* The templates folder a command reads unless told: the project's
 * templates/, or, when it has none, the templates installed with the
 * program (share/gpdigest/templates beside its bin/). */
const char *gpd_cli_default_templates(void);

/* The user's folder, relative to the project (NULL: the same). */
const char *gpd_cli_user_dir(void);

/* A path the user gave (relative to the folder they are in), as seen from
 * the project folder: "x.xml" from records/ is "records/x.xml". Absolute
 * paths are as they are. The result lives until gpd_cli_end. */
const char *gpd_cli_path(const char *arg);

/* The folder a command writes records into (new, import) when it is a
 * symbolic link: reported (not-regular-file) and 1, else 0. validate,
 * list and build refuse to read such a folder, so a record written
 * through it would land outside the project and never be read. */
int gpd_cli_linked_records(const char *dir, gpd_diag *diag);

/* Frees what gpd_cli_path made. */
void gpd_cli_end(void);

/* ---- Ctrl-C and SIGTERM (common.c) ---- */

/* Runs run(arg) and returns what it returns, with SIGINT and SIGTERM
 * caught, for every command that writes files: a signal removes every
 * staged temporary (gpd_staged_exit: a file not yet in place is not
 * written at all; one already renamed or linked stays whole) and the
 * build lock this process holds, reports GPD_F_INTERRUPTED in format, and
 * exits 128 + the signal's number (130, 143) without returning. */
int gpd_cli_interruptible(gpd_format format, int (*run)(void *arg), void *arg);

/* ---- the options every command that reads records takes ---- */

typedef struct gpd_cli_common {
	gpd_format format;     /* --diagnostics */
	int strict;            /* --strict: warnings are errors */
	int quiet;             /* -q: print errors only, no summary */
	int verbose;           /* --verbose: libxml2's words too */
	int jobs;              /* -j N; 0: one thread per core */
	const char *records, *templates;
	int no_warn[GPD_MSG__COUNT]; /* --no-warn CODE... */
	size_t nno_warn;
} gpd_cli_common;

enum {
	GPD_CLI_OPT_DIAG = 2048, GPD_CLI_OPT_STRICT, GPD_CLI_OPT_VERBOSE, GPD_CLI_OPT_NO_WARN,
	GPD_CLI_OPT_RECORDS, GPD_CLI_OPT_TEMPLATES
};

/* Their getopt_long entries; the short ones are "qj:". */
#define GPD_CLI_COMMON_OPTIONS \
	{"diagnostics", required_argument, NULL, GPD_CLI_OPT_DIAG}, \
	{"strict", no_argument, NULL, GPD_CLI_OPT_STRICT}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"verbose", no_argument, NULL, GPD_CLI_OPT_VERBOSE}, \
	{"no-warn", required_argument, NULL, GPD_CLI_OPT_NO_WARN}, \
	{"records", required_argument, NULL, GPD_CLI_OPT_RECORDS}, \
	{"templates", required_argument, NULL, GPD_CLI_OPT_TEMPLATES}, \
	{"jobs", required_argument, NULL, 'j'}

/* Their lines in a command's help. */
#define GPD_CLI_COMMON_HELP \
	"  --records DIR      the records folder (default records/)\n" \
	"  --templates DIR    the templates folder (default templates/)\n" \
	"  --strict           treat warnings as errors\n" \
	"  -q, --quiet        print errors only: no warnings, no summary\n" \
	"  --no-warn CODE     do not show the warning CODE (e.g. no-outcome); may be\n" \
	"                     repeated; templates/accepted-warnings accepts one\n" \
	"                     warning of one record, with the reason\n" \
	"  --diagnostics FMT  human (FILE:LINE:COL: level: message [code]), github\n" \
	"                     (workflow annotations) or json (standard error is one\n" \
	"                     JSON array, the summary its last element)\n" \
	"  --verbose          add libxml2's own words to XML and schema errors\n" \
	"  -j, --jobs N       threads reading records (default: the number of cores)\n"

void gpd_cli_common_init(gpd_cli_common *c);

/* One option into c: 0, 2 (a usage error, reported), or -1 when opt is
 * not one of them. */
int gpd_cli_common_option(const char *cmd, gpd_cli_common *c, int opt, const char *arg);

/* --jobs N / -j N into *out: 0, or 2 (reported). */
int gpd_cli_jobs(const char *cmd, const char *arg, int *out);

/* The collector c asks for: strict, errors only, verbose, paths shown from
 * the user's folder, --no-warn, and templates/accepted-warnings read (its
 * mistakes reported in it). NULL when out of memory (said). */
gpd_diag *gpd_cli_diag(const gpd_cli_common *c);

/* "unknown WHAT 'WORD'; did you mean 'NEAR'?" (the nearest of words, when
 * one is near) as a usage error of cmd; returns 2. */
int gpd_cli_suggest(const char *cmd, const char *what, const char *word,
	const char *const *words, size_t n);

/* The folder holding the editor's files (templates/ unless overridden). */
#define GPD_DEFAULT_RECORDS "records"
#define GPD_DEFAULT_TEMPLATES "templates"
#define GPD_DEFAULT_OUT "out"
#define GPD_CATALOGUE_FILE "standards.xml"

#endif
