/* cli.h: what the command-line front end's files share: the commands and their usage helpers. */
#ifndef GPDIGEST_CLI_H
#define GPDIGEST_CLI_H

#include "gpdigest/diag.h"

/* Each command takes argv with argv[0] the command's name; returns the exit status. */
int gpd_cmd_validate(int argc, char **argv);
int gpd_cmd_schema(int argc, char **argv);
int gpd_cmd_import(int argc, char **argv);
int gpd_cmd_build(int argc, char **argv);
int gpd_cmd_list(int argc, char **argv);

/* Prints "gpdigest CMD: MESSAGE" and a hint to stderr; returns 2. */
int gpd_cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* Parses a --format value; -1 when unknown. */
int gpd_cli_format(const char *text, gpd_format *out);

/* The folder holding the editor's files (templates/ unless overridden). */
#define GPD_DEFAULT_RECORDS "records"
#define GPD_DEFAULT_TEMPLATES "templates"
#define GPD_DEFAULT_OUT "out"
#define GPD_CATALOGUE_FILE "standards.xml"

#endif
