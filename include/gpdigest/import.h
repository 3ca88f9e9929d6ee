/* import.h: turning a legacy form (a Markdown/HTML export of the Word form,
 * or OCR text of a scanned paper form) into a record. */
#ifndef GPDIGEST_IMPORT_H
#define GPDIGEST_IMPORT_H

#include <stddef.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/record.h"

/* The largest input the importer reads is GPD_MAX_FILE_BYTES (limits.h). */

/* The kinds of input, told apart by gpd_import_detect. */
typedef enum gpd_import_kind {
	GPD_IMPORT_HTML, /* Markdown with <input type="checkbox"/> boxes */
	GPD_IMPORT_OCR,  /* plain text from a scan: "[ ]", "X", ... */
	GPD_IMPORT_DOCX  /* a Word document (.docx: a zip archive) */
} gpd_import_kind;

typedef struct gpd_import_opts {
	/* The record id to use instead of the derived one, or NULL. Borrowed. */
	const char *id;
	/* The received date (YYYY-MM-DD), or NULL to use source_date. Borrowed. */
	const char *received;
	/* Seconds since the epoch whose UTC date is the received date when
	 * received is NULL (the caller passes SOURCE_DATE_EPOCH or the input's
	 * modification time); negative when unknown, and then the date is
	 * 1970-01-01 with a warning. The importer never reads the clock. */
	long long source_date;
	/* Where source_date came from, for the warning ("SOURCE_DATE_EPOCH"). */
	const char *source_date_from;
} gpd_import_opts;

/* The kind of input data holds: a Word document when it is a zip archive,
 * HTML when it has checkbox inputs or HTML paragraphs, OCR otherwise. */
GPD_EXPORT gpd_import_kind gpd_import_detect(const char *data, size_t len);

/* Reads one form from data (len bytes, need not be NUL-terminated): a Word
 * document (.docx) or the text of an export or a scan; an old binary .doc
 * is refused with how to convert it. name is what diagnostics call the
 * input (in a .docx, LINE is the paragraph's number). Every field it cannot read, every tick
 * it cannot match to one option, and every derived editorial field is a
 * warning (GPD_W_IMPORT) at name:line:col of the input. Returns a new
 * record (free with gpd_record_free), with rec->path NULL, or NULL when the
 * input is refused (too large, not a form) or memory runs out (reported).
 * The record is not yet checked against the schema: see gpd_import_check. */
GPD_EXPORT gpd_record *gpd_import_memory(const char *name, const char *data,
	size_t len, const gpd_import_opts *opts, gpd_diag *diag);

/* Serialises rec and reads the bytes back through the schema and the lint
 * (as `gpdigest validate` would, under the file name ID.xml). On success
 * returns 0 and hands the XML to *xml (caller frees). Otherwise reports why
 * at name (GPD_E_IMPORT) and returns -1; nothing is handed over. */
GPD_EXPORT int gpd_import_check(const gpd_record *rec, const char *name,
	gpd_diag *diag, char **xml, size_t *len);

/* True for an id the schema accepts: [a-z0-9]+(-[a-z0-9]+)*, at most 80. */
GPD_EXPORT int gpd_import_valid_id(const char *id);

/* True for a calendar date YYYY-MM-DD. */
GPD_EXPORT int gpd_import_valid_date(const char *s);

/* One line for the per-file report: which fields were read and which are
 * empty, e.g. "read: criteria, target-groups, ...; empty: outcomes, fax". */
GPD_EXPORT void gpd_import_summary(const gpd_record *rec, gpd_buf *out);

#endif
