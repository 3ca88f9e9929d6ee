/* accepted.h: templates/accepted-warnings: warnings the editor has reviewed, one record and code a line, with the reason. */
#ifndef GPDIGEST_ACCEPTED_H
#define GPDIGEST_ACCEPTED_H

#include "gpdigest/diag.h"
#include "gpdigest/export.h"

/* The file's name in the templates folder. */
#define GPD_ACCEPTED_FILE "accepted-warnings"

/* Reads path, when it exists: each line "RECORD-ID CODE REASON" (blank
 * lines and lines starting with '#' aside) accepts the warning CODE for
 * that record (gpd_diag_accept): it is then neither counted, shown nor
 * made an error by --strict. A line that names no warning code (errors
 * cannot be accepted), a malformed record id or no reason is a `template`
 * error naming its line (with the nearest code for a misspelt one). A
 * missing file accepts nothing. Returns 0, or -1 when the file is wrong or
 * cannot be read (reported). */
GPD_EXPORT int gpd_accepted_load(const char *path, gpd_diag *diag);

#endif
