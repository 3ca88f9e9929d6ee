/* record.h: the in-memory model of one good-practice record (one filled-in form). */
#ifndef GPDIGEST_RECORD_H
#define GPDIGEST_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/export.h"
#include "gpdigest/form.h"

/* The record format's namespace and version (the root's version attribute). */
#define GPD_RECORD_NS "urn:x-gpdigest:record"
#define GPD_RECORD_VERSION "1"

/* A place in a source file, for diagnostics; 0 when unknown. */
typedef struct gpd_pos {
	unsigned line;
	unsigned col;
} gpd_pos;

/* A National Leaving Care Standards criterion number "S.C", e.g. 2.11. */
typedef struct gpd_criterion {
	unsigned standard;
	unsigned number;
	gpd_pos pos;
} gpd_criterion;

/* A "please specify" text given beside an option. */
typedef struct gpd_specified {
	gpd_group group;
	unsigned option; /* index into the group's options */
	char *text;
	gpd_pos pos;
	char *lang; /* its xml:lang, NULL: the record's */
} gpd_specified;

/* A titled document that follows the form, kept as CommonMark. */
typedef struct gpd_attachment {
	char *title;
	char *body;
	gpd_pos pos;
	char *lang; /* its xml:lang, NULL: the record's */
} gpd_attachment;

/* Source positions of the parts of a record, for diagnostics. */
typedef enum gpd_field {
	GPD_FIELD_RECORD,
	GPD_FIELD_TITLE,
	GPD_FIELD_AUTHORITY,
	GPD_FIELD_RECEIVED,
	GPD_FIELD_CRITERIA,
	GPD_FIELD_AGENCY,
	GPD_FIELD_CONTACT,
	GPD_FIELD__COUNT
} gpd_field;

typedef struct gpd_record {
	char *path;       /* the file it came from */
	char *id;         /* stable id: file name and anchor */
	char *title;      /* editorial short title */
	char *authority;  /* normalised authority an edition is made for */
	char *received;   /* YYYY-MM-DD the form was received */
	char *agency;     /* agency name(s) and region as written */

	gpd_criterion *criteria; /* in document order */
	size_t ncriteria;
	size_t first_criterion;  /* index of the lowest (the first of equals), kept
	                          * by gpd_record_add_criterion: every reference to
	                          * the record names it (gpd_record_first_criterion) */

	uint64_t ticks[GPD_GROUP__COUNT]; /* GPD_TICK(option index) */
	gpd_specified *specified;
	size_t nspecified;

	char *text[GPD_TEXT__COUNT];       /* CommonMark, NULL when blank */
	/* The language of the record and of a part of it written in another
	 * (xml:lang, a BCP 47 tag: a Polish quote, a description in Bengali),
	 * for WCAG's language of parts: the PDF's /Lang, the HTML's lang.
	 * NULL: the record's, and the record's NULL: the edition's (style.xml). */
	char *lang;
	char *text_lang[GPD_TEXT__COUNT];
	char *contact[GPD_CONTACT__COUNT]; /* NULL when blank */

	gpd_attachment *attachments;
	size_t nattachments;

	gpd_pos pos[GPD_FIELD__COUNT];
	gpd_pos group_pos[GPD_GROUP__COUNT];
	gpd_pos text_pos[GPD_TEXT__COUNT];
	gpd_pos contact_pos[GPD_CONTACT__COUNT];
	unsigned nwarnings; /* lint warnings raised for this record */
	int draft;          /* a field every record needs is empty: it is
	                     * checked and listed, but left out of every
	                     * edition until the editor fills it in */
	uint64_t source_hash; /* hash of the file's bytes, for incremental builds */
	size_t source_bytes;  /* the file's size, for the memory a build may use */
} gpd_record;

/* A new, empty record, or NULL when out of memory. Free with gpd_record_free. */
/* True when the n bytes at s are a record id: runs of a-z and 0-9 joined
 * by single hyphens, at most GPD_MAX_ID_CHARS (the schema's "id" type). */
GPD_EXPORT int gpd_record_id_ok(const char *s, size_t n);

GPD_EXPORT gpd_record *gpd_record_new(void);

/* Frees the record and every string it owns. NULL is allowed. */
GPD_EXPORT void gpd_record_free(gpd_record *rec);

/* Frees what the record holds beyond its path, id, authority, positions,
 * ticks and counts (its texts, languages, criteria, "please specify"
 * texts, contact and attachments), leaving those empty: what is left is
 * all gpd_lint_corpus reads, for a caller that wants the diagnostics and
 * not the record (validate, which would otherwise hold every record's
 * text until the end). Free it with gpd_record_free as before. */
GPD_EXPORT void gpd_record_drop_content(gpd_record *rec);

/* Appends a criterion; 0 on success, -1 when out of memory. */
GPD_EXPORT int gpd_record_add_criterion(gpd_record *rec, gpd_criterion c);

/* Appends a "please specify" text; the record takes ownership of text
 * (freed even on failure). 0 on success, -1 when out of memory. */
GPD_EXPORT int gpd_record_add_specified(gpd_record *rec, gpd_group group,
	unsigned option, char *text, gpd_pos pos);

/* The "please specify" text for an option, or NULL. Owned by the record. */
GPD_EXPORT const char *gpd_record_specified(const gpd_record *rec,
	gpd_group group, unsigned option);
/* The same with its language and place, or NULL. Owned by the record. */
GPD_EXPORT const gpd_specified *gpd_record_find_specified(const gpd_record *rec,
	gpd_group group, unsigned option);

/* Appends an attachment; the record takes ownership of title and body
 * (freed even on failure). 0 on success, -1 when out of memory. */
GPD_EXPORT int gpd_record_add_attachment(gpd_record *rec, char *title,
	char *body, gpd_pos pos);

/* Parses "S.C" (digits, a dot, digits; no leading zero, each part 1..999).
 * 0 on success, -1 on a malformed number. */
GPD_EXPORT int gpd_criterion_parse(const char *text, gpd_criterion *out);

/* A criterion as text, "S.C" ("2.11"): room for any two unsigned parts. */
typedef struct gpd_criterion_text {
	char s[24];
} gpd_criterion_text;

/* The one way a criterion is written, for every renderer, the lint, list
 * and the record writer. Returned by value: use .s within the expression
 * (e.g. as a printf argument). */
GPD_EXPORT gpd_criterion_text gpd_criterion_str(gpd_criterion c);

/* Writes gpd_criterion_str(c) into buf (cut to n - 1 bytes). */
GPD_EXPORT void gpd_criterion_format(gpd_criterion c, char *buf, size_t n);

/* Numeric order of criteria: 1.4 < 2.4 < 2.11 < 5.2 < 10.1. */
GPD_EXPORT int gpd_criterion_cmp(const gpd_criterion *a, const gpd_criterion *b);

/* True when a record answers any part of the evidence question. */
GPD_EXPORT int gpd_record_has_evidence(const gpd_record *rec);

#endif
