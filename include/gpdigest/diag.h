/* diag.h: the one table of diagnostics, and the context that collects and prints them. */
#ifndef GPDIGEST_DIAG_H
#define GPDIGEST_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "gpdigest/buf.h"
#include "gpdigest/export.h"

typedef enum gpd_level {
	GPD_LEVEL_OK,
	GPD_LEVEL_WARNING,
	GPD_LEVEL_ERROR,   /* bad content: exit 1 */
	GPD_LEVEL_FATAL    /* usage, I/O, memory: exit 2 */
} gpd_level;

/* Every message gpdigest can print, banded by severity; the texts live in
 * one parallel table in diag.c, and README's DIAGNOSTICS section lists them. */
typedef enum gpd_msg {
	/* warnings */
	GPD_W_NO_CRITERION,
	GPD_W_UNKNOWN_CRITERION,
	GPD_W_NO_OUTCOME,
	GPD_W_SPECIFY_UNTICKED,
	GPD_W_BAD_EMAIL,
	GPD_W_NO_REGION,
	GPD_W_DUP_CRITERION,
	GPD_W_MISSING_GLYPH,
	GPD_W_MISSING_SCRIPT,
	GPD_W_MISSING_EMPHASIS,
	GPD_W_WORD_CUT,
	GPD_W_UNRESOLVED_LINK,
	GPD_W_PDF,
	GPD_W_IMPORT,
	GPD_W_DEEP_NESTING,
	GPD_W_PIPE_TABLE,
	GPD_W_AUTHORITY_SPELLING,
	GPD_W_KEPT,
	GPD_W_NOT_READ,
	GPD_W_LINE_ENDINGS,
	GPD_W_EMPTY_FIELD,
	GPD_W_CONTROL_CHAR,
	GPD_W_BAD_REFERENCE,
	/* errors */
	GPD_E_XML,
	GPD_E_DTD,
	GPD_E_ENCODING,
	GPD_E_EMPTY_FILE,
	GPD_E_TOO_LARGE,
	GPD_E_SCHEMA,
	GPD_E_SPECIFY_MISSING,
	GPD_E_DUP_ID,
	GPD_E_ID_FILENAME,
	GPD_E_RESERVED_ID,
	GPD_E_TOO_MANY,
	GPD_E_TEMPLATE,
	GPD_E_PUBLICATION,
	GPD_E_CATALOGUE,
	GPD_E_EMPTY_SELECTION,
	GPD_E_STALE,
	GPD_E_LIMIT,
	GPD_E_IMPORT,
	/* fatal */
	GPD_F_USAGE,
	GPD_F_IO,
	GPD_F_NOT_REGULAR,
	GPD_F_NOMEM,
	GPD_F_WRITE,
	GPD_F_OUTPUT_FOLDER,
	GPD_F_MANIFEST,
	GPD_F_BUSY,
	GPD_F_INTERRUPTED,
	GPD_F_INTERNAL,
	GPD_MSG__COUNT
} gpd_msg;

typedef enum gpd_format {
	GPD_FORMAT_HUMAN,
	GPD_FORMAT_GITHUB,
	GPD_FORMAT_JSON
} gpd_format;

/* Whether a warning is shown, or one the user has reviewed. */
typedef enum gpd_hidden {
	GPD_SHOWN,
	GPD_HIDDEN_NO_WARN,  /* --no-warn CODE: for every record */
	GPD_HIDDEN_ACCEPTED  /* the accepted-warnings file: for one record */
} gpd_hidden;

/* One emitted diagnostic; strings owned by the context. */
typedef struct gpd_diagnostic {
	char *file;    /* NULL when not about a file */
	unsigned line; /* 0 when unknown */
	unsigned col;  /* 0 when unknown */
	gpd_msg code;
	gpd_level level; /* after --strict promotion */
	char *text;
	gpd_hidden hidden; /* hidden ones are kept, but neither counted nor shown */
} gpd_diagnostic;

typedef struct gpd_diag gpd_diag;

/* A new collector; NULL when out of memory. strict promotes warnings to
 * errors. Diagnostics print as they arrive in human and github formats
 * (to out, normally stderr), and all at once as JSON in gpd_diag_finish. */
GPD_EXPORT gpd_diag *gpd_diag_new(gpd_format format, int strict, FILE *out);
GPD_EXPORT void gpd_diag_free(gpd_diag *d);

/* A silent collector (no output, not strict) that reads as model does:
 * verbose, and accepting what model accepts; for work merged into model
 * later (parallel readers). NULL when out of memory. */
GPD_EXPORT gpd_diag *gpd_diag_new_like(const gpd_diag *model);

/* Whether a warning of code about file is one d accepts (it would be
 * neither counted nor shown). */
GPD_EXPORT int gpd_diag_accepts(const gpd_diag *d, const char *file, gpd_msg code);

/* What a message quotes of its argument (record content: a tag name, a
 * value) is bounded: a run of non-blank characters longer than
 * GPD_DIAG_EXCERPT is cut to that many, the last being GPD_DIAG_ELLIPSIS,
 * and the whole argument to GPD_DIAG_ARG_MAX characters. */
#define GPD_DIAG_EXCERPT 60
#define GPD_DIAG_ARG_MAX (16 * GPD_DIAG_EXCERPT)
#define GPD_DIAG_ELLIPSIS "\u2026"

/* Reports code at file:line:col. The table's text may hold one "%s",
 * replaced by an excerpt of arg (NULL reads as ""). file may be NULL.
 * Control, bidi-control and non-UTF-8 characters of file and text are
 * stored as given and escaped wherever they are printed. */
GPD_EXPORT void gpd_diag_report(gpd_diag *d, const char *file, unsigned line,
	unsigned col, gpd_msg code, const char *arg);

/* Appends s as a terminal shows it safely, as diagnostics print their
 * text: control, bidi-control and line-separator characters as \u{XXXX},
 * bytes that are not UTF-8 as \xXX. For what a command prints of
 * records for a person (list's columns, structure's titles). */
GPD_EXPORT void gpd_diag_put_visible(gpd_buf *out, const char *s);

/* Appends s as a JSON string, quoted, those characters as \uXXXX (valid
 * JSON of the same text, nothing raw on a terminal). */
GPD_EXPORT void gpd_diag_put_json(gpd_buf *out, const char *s);

/* Re-reports one diagnostic (of another collector) into dst as it is. */
GPD_EXPORT void gpd_diag_relay(gpd_diag *dst, const gpd_diagnostic *g);

/* Re-reports every diagnostic of src into dst, in order (used to merge the
 * collectors of parallel jobs deterministically). dst decides their level
 * and whether they are shown. */
GPD_EXPORT void gpd_diag_merge(gpd_diag *dst, const gpd_diag *src);

/* The same, sorted by file name, then line and column (messages about no
 * file first; ties in src's order). 0, or -1 out of memory (nothing
 * merged). */
GPD_EXPORT int gpd_diag_merge_sorted(gpd_diag *dst, const gpd_diag *src);

/* Silences printing (the collector still counts): for fuzzers and tests. */
GPD_EXPORT void gpd_diag_set_quiet(gpd_diag *d, int quiet);

/* -q: warnings are counted (and --strict still makes them errors, which
 * are shown) but not printed. */
GPD_EXPORT void gpd_diag_set_errors_only(gpd_diag *d, int on);

/* --verbose: readers add what they know beyond the message (libxml2's
 * own text of a schema or XML error). */
GPD_EXPORT void gpd_diag_set_verbose(gpd_diag *d, int on);
GPD_EXPORT int gpd_diag_verbose(const gpd_diag *d);

/* The folder the user is in, relative to the folder the reported paths
 * are relative to ("records" when gpdigest runs from records/ of the
 * project it found): the human format shows paths from there ("x.xml",
 * "../templates/style.xml"); github and JSON keep them as reported
 * (relative to the project, as GitHub wants them). NULL or "" for none.
 * Copied; 0 or -1 out of memory. */
GPD_EXPORT int gpd_diag_set_base(gpd_diag *d, const char *base);

/* Accepts code (a warning) for the record whose file is named record.xml
 * (record NULL: for every file, as --no-warn does): such a warning is
 * kept, but neither counted (so --strict passes) nor shown; the summary
 * counts them apart ("3 accepted", "2 silenced"). Errors cannot be
 * accepted. 0 or -1 out of memory. */
GPD_EXPORT int gpd_diag_accept(gpd_diag *d, const char *record, gpd_msg code);

/* Counts so far at a level (after promotion). */
GPD_EXPORT size_t gpd_diag_count(const gpd_diag *d, gpd_level level);
GPD_EXPORT gpd_level gpd_diag_worst(const gpd_diag *d);
GPD_EXPORT size_t gpd_diag_size(const gpd_diag *d);
GPD_EXPORT const gpd_diagnostic *gpd_diag_at(const gpd_diag *d, size_t i);

/* Prints the closing summary "WHAT: N errors, M warnings" (none when what
 * is NULL) and, in JSON, the one array; returns the exit status: 0, 1 for
 * errors, 2 for fatal. */
GPD_EXPORT int gpd_diag_finish(gpd_diag *d, const char *what);

/* A summary of the run ("3 editions built, ..."; copied): printed at once
 * as "gpdigest: TEXT" in human and github formats; in JSON kept for
 * gpd_diag_finish, which ends the array with it as an element of severity
 * "note" and code GPD_DIAG_SUMMARY, so standard error stays one JSON
 * document. */
#define GPD_DIAG_SUMMARY "summary"
GPD_EXPORT void gpd_diag_summary(gpd_diag *d, const char *text);

/* A usage error of the command line (cmd NULL for the top level), printed
 * at once to out in format: human as "gpdigest CMD: error: TEXT" and a
 * hint to --help; github as one annotation; JSON as a whole array of one
 * "usage" element. Escaped as every diagnostic is. */
GPD_EXPORT void gpd_diag_usage(FILE *out, gpd_format format, const char *cmd,
	const char *text);

/* The code's short name ("no-criterion") and its level in the table. */
GPD_EXPORT const char *gpd_msg_name(gpd_msg code);
GPD_EXPORT gpd_level gpd_msg_level(gpd_msg code);
/* The warning code nearest to word, for "did you mean"; NULL when none is near. */
GPD_EXPORT const char *gpd_msg_nearest_warning(const char *word);
GPD_EXPORT const char *gpd_msg_format(gpd_msg code);

/* The code named name ("no-criterion"), or -1. */
GPD_EXPORT int gpd_msg_by_name(const char *name);

#endif
