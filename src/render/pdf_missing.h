/* pdf_missing.h: what the PDF's fonts lack, said once per record: each character (one missing-glyph warning for the field they are met in, naming the first few), each script and each emphasis lost (used by the PDF renderer). */
#ifndef GPDIGEST_PDF_MISSING_H
#define GPDIGEST_PDF_MISSING_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/diag.h"
#include "gpdigest/limits.h"
#include "gpdigest/record.h"

/* A record and a character (or a script, or an emphasis lost) said
 * already for it; an empty slot when what is 0. */
typedef struct gpd_missing_seen {
	const gpd_record *rec;
	uint64_t what;
} gpd_missing_seen;

/* What an edition has said so far. Zero-initialise it with the diag set;
 * free with gpd_pdf_missing_finish. */
typedef struct gpd_pdf_missing {
	gpd_diag *diag;           /* borrowed */
	gpd_missing_seen *seen;   /* open addressing, at most half full */
	size_t nseen, cseen;
	uint8_t *said;            /* bitset: characters said for some record */
	uint8_t *loose;           /* bitset: met in text of no record */
	uint32_t *loose_cp;       /* the same in the order met */
	size_t nloose, cloose;
	char **loose_script;      /* missing-script arguments met in text of no */
	size_t nscript, cscript;  /* record, in the order met */
	/* the warning being gathered: rec's field at pos, its characters */
	const gpd_record *rec;
	gpd_pos pos;
	uint32_t first[GPD_MAX_MISSING_GLYPHS_NAMED];
	size_t n;
	int nomem;                /* something could not be held: out of memory */
} gpd_pdf_missing;

/* cp, a character no font has, met in the text of rec's field at pos.
 * The first time for rec it joins the warning being gathered for that
 * field (the one gathered for another is said first); later, nothing.
 * rec NULL: text of no record (the cover, a running head), said when
 * the edition ends unless a record had it. -1 when out of memory. */
int gpd_pdf_missing_add(gpd_pdf_missing *m, const gpd_record *rec, gpd_pos pos,
	uint32_t cp);
/* Whether the missing-script warning with this argument (the script and
 * the font to add or the package to install, as the layout words it) is
 * new for rec: 1, noted; 0 said before; -1 out of memory. rec NULL (text
 * of no record): 0, and said when the edition ends unless a record had
 * the script. */
int gpd_pdf_missing_script(gpd_pdf_missing *m, const gpd_record *rec, const char *arg);
/* Whether the missing-emphasis warning with this argument (the script and
 * the emphasis, "Arabic script in italic", as the layout words it) is new
 * for rec: 1, noted; 0 said before, or rec NULL (text of no record: the
 * emphasis is ours, not a record's); -1 out of memory. */
int gpd_pdf_missing_emphasis(gpd_pdf_missing *m, const gpd_record *rec, const char *arg);
/* Whether the word-cut warning with this argument (the script, as the
 * layout words it) is new for rec (NULL: text of no record, once an
 * edition): 1, noted; 0 said before; -1 out of memory. */
int gpd_pdf_missing_word_cut(gpd_pdf_missing *m, const gpd_record *rec, const char *arg);
/* Whether a typesetting warning of the text (kind: its layout warning,
 * GPD_LAYOUT_W_MARK_RUN or GPD_LAYOUT_W_BAD_UTF8) is new for rec (NULL:
 * text of no record, once an edition): 1, noted; 0 said before; -1 out of
 * memory. */
int gpd_pdf_missing_text(gpd_pdf_missing *m, const gpd_record *rec, int kind);
/* Says the warning being gathered, if any (before any other warning, so
 * that they come in order). */
void gpd_pdf_missing_flush(gpd_pdf_missing *m);
/* Says what is left (the characters of no record last) and frees m's
 * memory. Returns -1 when out of memory was met, else 0. */
int gpd_pdf_missing_finish(gpd_pdf_missing *m);

#endif
