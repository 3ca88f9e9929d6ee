/* import_priv.h: what the importer's files share. The two tokenizers (HTML
 * exports, OCR text) turn an input into one stream of segments, so that a
 * single parser (import.c) reads both kinds; the matcher (import_match.c)
 * compares text with the form's questions and option labels. */
#ifndef GPDIGEST_IMPORT_PRIV_H
#define GPDIGEST_IMPORT_PRIV_H

#include <stddef.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/record.h"
#include "gpdigest/form.h"

/* Most tick boxes the parser looks at: the form has fewer than 80, so an
 * input with far more is not a form, and the bound keeps matching linear. */
#define IMP_MAX_BOXES 1000

/* A question heading has at most this many words (the longest has 19). */
#define IMP_MAX_QWORDS 24

/* What stands before a segment's text. */
typedef enum imp_box {
	IMP_BOX_NONE,       /* plain text */
	IMP_BOX_EMPTY,      /* an empty tick box */
	IMP_BOX_TICKED,     /* a ticked box */
	IMP_BOX_UNREADABLE  /* a box whose state cannot be read ("[?]") */
} imp_box;

/* One piece of the input: an optional box and the text after it (up to the
 * next box, cell or line end), tags removed and spaces collapsed. */
typedef struct imp_seg {
	imp_box box;
	char *text;          /* owned; "" for a box without a label */
	unsigned line, col;  /* 1-based; col counts bytes */
	int brk;             /* before it: 0 same line, 1 new line, 2 new paragraph */
	char shape[12];      /* the box as written, for messages */
} imp_seg;

/* The tokenized input. data holds the cleaned text (valid UTF-8, no NUL or
 * control characters but tab and newline); lines index it. */
typedef struct imp_doc {
	const char *data;
	size_t len;
	size_t *line_off;    /* start of each line; line_off[nlines] == len + 1 */
	size_t nlines;
	imp_seg *segs;
	size_t nsegs, cap;
	size_t nboxes;       /* boxes pushed; none past IMP_MAX_BOXES + 1 */
	int html;            /* an HTML/Markdown export (else OCR text) */
	int nomem;
} imp_doc;

/* Appends a segment (text copied, whitespace collapsed, trimmed). Plain
 * segments with no text are dropped. Returns 1 when a segment was added;
 * sets d->nomem on failure. In import_doc.c, below the tokenizers. */
int imp_doc_push(imp_doc *d, imp_box box, const char *text, size_t len,
	unsigned line, unsigned col, int brk, const char *shape);

/* Appends the text of raw[0..len) to b with inline HTML removed: tags
 * dropped (a <br> becomes a space), the common entities decoded, Markdown's
 * ** markers dropped. Used for HTML segments and attachment lines. */
void imp_html_inline(gpd_buf *b, const char *raw, size_t len);

/* The two tokenizers: fill d->segs from d->data, line by line. */
void imp_scan_html(imp_doc *d);
void imp_scan_ocr(imp_doc *d);

/* --- matching (import_match.c) --- */

/* A text split into normalised words: lower-case letters and digits only,
 * "+" kept ("16+"), other characters dropped inside a word. */
typedef struct imp_words {
	char w[IMP_MAX_QWORDS][40];
	size_t n;
	size_t end[IMP_MAX_QWORDS]; /* byte offset in the source after word i */
} imp_words;

/* Splits at most IMP_MAX_QWORDS words of s (longer words are cut). */
void imp_words_split(imp_words *out, const char *s);

/* True when two normalised words are the same allowing small OCR damage. */
int imp_word_like(const char *a, const char *b);

/* Levenshtein distance between a (len m) and the best prefix of b that ends
 * at a word boundary; *used gets that prefix's length in b. Only prefixes up
 * to m + slack are tried, so the cost is O(m * (m + slack)). */
unsigned imp_prefix_distance(const char *a, size_t m, const char *b,
	size_t blen, size_t slack, size_t *used);

/* The verdict on one box label against one group. */
typedef struct imp_match {
	int option;        /* option index, -1 when none or ambiguous */
	int ambiguous;     /* two options were about equally close ... */
	int cand[2];       /* ... and these are the two */
	unsigned distance; /* edits of the chosen label */
	size_t used;       /* bytes of the text the label took */
} imp_match;

/* Matches the start of text to one option label of group, tolerating case,
 * spacing, punctuation and a few OCR edits (more for longer labels). Never
 * picks between two options that are about equally close: then ambiguous
 * is set and option is -1. */
void imp_match_label(gpd_group group, const char *text, imp_match *out);

/* Allowed edits for a normalised label of n bytes. */
unsigned imp_label_slack(size_t n);

/* --- the form and its attachment --- */

/* Reads the form's questions from d's segments into rec, reporting what it
 * cannot read to diag as warnings at name:line:col. *attach_line gets the
 * line where a document attached after the form starts (0: none). Returns
 * 0, or -1 when the input is refused (reported). Sets d->nomem on failure. */
int imp_parse_form(imp_doc *d, gpd_record *rec, const char *name,
	gpd_diag *diag, size_t *attach_line);

/* Turns lines from_line.. of d into one CommonMark attachment of rec:
 * headings, numbered sections and bullet lists recognised, lines the scan
 * broke rejoined. Returns 0, -1 when out of memory. */
int imp_attachment(imp_doc *d, size_t from_line, gpd_record *rec,
	const char *name, gpd_diag *diag);

#endif
