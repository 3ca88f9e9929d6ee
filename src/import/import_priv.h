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
 * next box, cell or line end), tags removed and spaces collapsed. A box is
 * weak unless marked strong: what looked like a box is one only when its
 * label names an option, else the parser reads the shape and the label back
 * as text (a weak shape is also a word: "I", "1", "X", "Label: No"). A
 * strong box (a check box element, a glyph, "[x]", brackets around an X)
 * is a box whatever follows it, so a label it cannot place is reported. */
typedef struct imp_seg {
	imp_box box;
	char *text;          /* owned; "" for a box without a label */
	unsigned line, col;  /* 1-based; col counts bytes */
	int brk;             /* before it: 0 same line, 1 new line, 2 new paragraph */
	char shape[12];      /* the box as written, for messages */
	unsigned char strong; /* a box even when its label names no option */
	unsigned char suffix; /* the shape follows the text ("Label: Yes") */
} imp_seg;

/* A paragraph of a Word document, for its attachment: the text as
 * CommonMark (inline markup and escapes; no block markers) and what the
 * document says the paragraph is. */
typedef struct imp_para {
	char *md;              /* owned; "" for an empty paragraph */
	unsigned char heading; /* 1-9: a heading of that level; 0: none */
	unsigned char list;    /* 0: none, 1: bullet item, 2: numbered item */
	unsigned char level;   /* list nesting, 0 outermost */
	unsigned number;       /* a numbered item's number */
} imp_para;

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
	imp_para *paras;     /* a Word document's paragraphs, one a line of
	                      * data (import_docx.c); NULL for text inputs */
	size_t nparas;
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

/* The text s[0..len) (valid UTF-8) in Normalization Form C, into *out
 * (malloc'd, *out_len bytes): 1; 0 when it is ASCII (*out NULL); -1 out of
 * memory. In import_nfc.c. */
int imp_nfc(const char *s, size_t len, char **out, size_t *out_len);

/* Each of a Word document's paragraphs (its attachment's CommonMark) in
 * Normalization Form C; -1 out of memory. */
int imp_nfc_paras(imp_para *paras, size_t n);

/* Where an export's text had line ends put in (import_split.c). */
typedef struct imp_split {
	size_t *ins;       /* offsets in the split text of the line ends put in */
	size_t nins;
	size_t *orig_off;  /* where each line of the text before starts */
	size_t norig;
} imp_split;

/* Starts a line before each table row, table end, and paragraph, heading,
 * list or division outside a table's cells that stands mid-line (Google
 * Docs writes its whole document on one line), replacing *text (*len);
 * sp records where, and is left empty when no line was started. -1 out of
 * memory, -2 refused (reported: more lines than an input may have). */
int imp_split_blocks(imp_split *sp, char **text, size_t *len, const char *name,
	gpd_diag *diag);

/* A place in the split text d as the input's own line and column. */
gpd_pos imp_split_pos(const imp_split *sp, const imp_doc *d, gpd_pos p);

/* Re-reports from's diagnostics into to at the input's own places. */
void imp_split_relay(const imp_split *sp, const imp_doc *d, gpd_diag *from, gpd_diag *to);

/* The places rec keeps (for validate's reasons) as the input's own. */
void imp_split_record(const imp_split *sp, const imp_doc *d, gpd_record *rec);

void imp_split_free(imp_split *sp);

/* An HTML export's text (cleaned) with every tag on one line and comments
 * blanked, as the line scanner reads it: a tag that wraps over line ends
 * (Word wraps its source at 76 columns, inside tags too) is joined and its
 * line ends put after it, so each line keeps its number. malloc'd, its
 * length in *out_len; NULL when out of memory. In import_html.c. */
char *imp_html_unwrap(const char *s, size_t len, size_t *out_len);

/* Appends the UTF-8 encoding of code point c to b; a control character,
 * a surrogate or a value past U+10FFFF as U+FFFD. */
void imp_put_utf8(gpd_buf *b, unsigned long c);

/* The two tokenizers: fill d->segs from d->data, line by line. */
void imp_scan_html(imp_doc *d);
void imp_scan_ocr(imp_doc *d);

/* Splits one piece of text s[0..len) (a line of OCR text, or the text of
 * an export's cell) at the tick boxes the grammar in import_ocr.c knows and
 * pushes the pieces; col is the column of s[0]. With notation, only the
 * notations an export writes count as boxes (glyphs, "[x]", "[ ]", a leading
 * "X", "Label: Yes/No"), not the shapes a scan makes of a box. */
void imp_scan_marks(imp_doc *d, unsigned line, unsigned col, const char *s,
	size_t len, int brk, int notation);

/* When s starts with a tick box: fills seg's box, shape and strength and
 * returns the bytes up to its label; else 0. */
size_t imp_box_prefix(const char *s, size_t len, int notation, imp_seg *seg);

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

/* The symbol fonts Word draws boxes with, by name: 1 Wingdings, 2 Wingdings
 * 2, 3 another symbol font (Symbol, Webdings, Wingdings 3), 0 a text font. */
int imp_symbol_font(const char *name);

/* The Unicode text of a symbol font's character c (0x20-0xFF, or Word's
 * 0xF020-0xF0FF for the same), NULL for one that is not a box or a mark:
 * a box in Wingdings or Wingdings 2, a tick or a cross. The two fonts'
 * boxes and marks are at different codes. */
const char *imp_symbol_glyph(int font, unsigned long c);

/* True when two normalised words are the same allowing small OCR damage. */
int imp_word_like(const char *a, const char *b);

/* Levenshtein distance between a (len m) and the best prefix of b that ends
 * at a word boundary; *used gets that prefix's length in b. Only prefixes up
 * to m + slack are tried, so the cost is O(m * (m + slack)); a distance over
 * slack is returned as some value over slack, as soon as it is certain. */
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

/* --- Word documents (import_docx.c) --- */

/* What data starts with: a zip archive (a .docx), an OLE2 compound file
 * (an old binary .doc, or a .docx Word encrypted), or neither. */
typedef enum imp_container { IMP_TEXT, IMP_ZIP, IMP_OLE2 } imp_container;
imp_container imp_container_of(const char *data, size_t len);

/* An HTML export that is not valid UTF-8 and whose <meta> declares another
 * charset, converted to UTF-8 into *out (malloc'd, *out_len bytes; a byte
 * the charset lacks U+FFFD, reported once). *out NULL and 0 when there is
 * nothing to convert; -1 for a charset that cannot be read (reported), -2
 * out of memory. In import_charset.c. */
int imp_decode_charset(const char *name, const char *data, size_t len, gpd_diag *diag,
	char **out, size_t *out_len);

/* Reports why an OLE2 file is not read and how to convert it. */
void imp_ole2_refuse(const char *name, const char *data, size_t len, gpd_diag *diag);

/* Unpacks and reads a .docx: *text gets the document as the HTML
 * tokenizer reads it, one line a paragraph (table cells as <td>, check
 * boxes as <input type="checkbox">), *paras one entry a line. Returns 0,
 * or -1 when the archive or its XML is refused (reported) or memory runs
 * out (*nomem set). */
int imp_docx_read(const char *name, const char *data, size_t len, gpd_diag *diag,
	char **text, size_t *tlen, imp_para **paras, size_t *nparas, int *nomem);

/* imp_attachment for a Word document: the paragraphs' own headings, lists
 * and emphasis, from line from_line on. */
int imp_docx_attachment(imp_doc *d, size_t from_line, gpd_record *rec,
	const char *name, gpd_diag *diag);

#endif
