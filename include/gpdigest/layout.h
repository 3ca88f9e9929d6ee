/* layout.h: a small PDF typesetting engine over libharu; knows nothing about records. */
#ifndef GPDIGEST_LAYOUT_H
#define GPDIGEST_LAYOUT_H

#include <stddef.h>
#include <time.h>

#include "gpdigest/export.h"
#include "gpdigest/pool.h"

/* Status codes. Every int-returning function returns GPD_LAYOUT_OK or one
 * of the negative codes. Errors are sticky: after the first one, every
 * further call on the same gpd_layout fails with the same code, and
 * gpd_layout_errmsg() says what went wrong. */
enum {
	GPD_LAYOUT_OK = 0,
	GPD_LAYOUT_ENOMEM = -1,  /* out of memory */
	GPD_LAYOUT_EPDF = -2,    /* libharu reported an error */
	GPD_LAYOUT_EPAGES = -3,  /* style.max_pages exceeded */
	GPD_LAYOUT_EINVAL = -4,  /* bad argument or unbalanced begin/end */
	GPD_LAYOUT_EIO = -5      /* could not write the output */
};

typedef struct gpd_rgb {
	float r, g, b; /* 0..1 */
} gpd_rgb;

/* Heading levels: gpd_layout_heading takes 1..GPD_LAYOUT_HEADINGS. */
#define GPD_LAYOUT_HEADINGS 10

/* Everything visual. Fill it with gpd_style_defaults() and change fields.
 * Lengths are PDF points (1/72 inch). The font paths are only read during
 * gpd_layout_new(); the caller keeps ownership of the strings. */

typedef struct gpd_style {
	float page_width, page_height;
	float margin_top, margin_bottom, margin_left, margin_right;
	const char *font_regular, *font_bold, *font_italic, *font_bold_italic;
	const char *font_mono;     /* NULL: GPD_FACE_MONO uses font_regular */
	const char *font_fallback; /* NULL: none; used for glyphs a face lacks */
	const char *fallback_chain[5]; /* per face (regular, bold, italic, bold
	                            * italic, mono): more fonts for the scripts
	                            * the face lacks (Bengali, Arabic...), paths,
	                            * one a line; NULL: none. A face tries its
	                            * own font and chain, bold italic then the
	                            * bold and italic ones, every face last
	                            * font_fallback and the regular chain */
	float base_size;           /* body text size */
	float heading_size[GPD_LAYOUT_HEADINGS]; /* levels 1..10, each smaller
	                            * than the one above (the last two levels
	                            * are set in italic to be told apart) */
	float small_size;          /* running header, footer, table text */
	float leading;             /* line pitch = size * leading */
	float para_space;          /* space after a paragraph */
	float indent_step;         /* list and quote indentation */
	gpd_rgb text, heading, link, rule, muted;
	int widows, orphans;       /* at least this many lines of a paragraph
	                            * after (widows) and before (orphans) a page
	                            * break inside it; 1 allows any break */
	int max_pages;             /* more pages than this: GPD_LAYOUT_EPAGES */
	const char *lang;          /* the document's language (BCP 47, "en-GB"): the
	                            * catalog's /Lang, the XMP dc:language and the
	                            * HTML's lang (lang.h); read during
	                            * gpd_layout_new() only */
	int pageref_digits;        /* digits kept for a forward page number; 0: auto
	                            * (inline: digits of the current page count,
	                            * a longer final number is condensed; contents:
	                            * digits of max_pages) */
} gpd_style;

typedef enum gpd_face {
	GPD_FACE_REGULAR,
	GPD_FACE_BOLD,
	GPD_FACE_ITALIC,
	GPD_FACE_BOLD_ITALIC,
	GPD_FACE_MONO
} gpd_face;

/* Pass as gpd_run.len when text is NUL-terminated. */
#define GPD_RUN_STRLEN ((size_t)-1)

/* A piece of inline text in one face. All strings are borrowed for the
 * duration of the call only. text is UTF-8; invalid bytes and glyphs the
 * fonts lack are replaced visibly and reported through the warn callback.
 * White space collapses to one breakable space; a no-break space (U+00A0)
 * prints as a space where no line may break ("page 11"). At most one of
 * link_uri / link_anchor is used. If pageref_anchor is set, text is ignored
 * and the page number of that anchor is printed (and made a link to it).
 * If hard_break is set, text is ignored and the line ends there (a
 * CommonMark hard line break). The bidi isolate controls U+2066 LRI,
 * U+2067 RLI, U+2068 FSI and U+2069 PDI, in one run or across runs, set
 * the text between them apart as UBA says (its own direction; the
 * paragraph's from its first strong letter outside it); the embeddings,
 * overrides (U+202A to U+202E) and marks (U+200E LRM, U+200F RLM, U+061C
 * ALM) act as UBA says too. None of them is printed or in the text a
 * reader extracts. lang (a BCP 47 tag, lang.h's rule; NULL: the
 * language around it) says the run is in another language than its
 * block (a record's title named in an English line, a Polish "please
 * specify" text after our label): its text is the content of a Span
 * with that /Lang, or of its Link, given the /Lang, when it is a link
 * (WCAG 3.1.2, language of parts). */
typedef struct gpd_run {
	const char *text;
	size_t len;
	gpd_face face;
	const char *link_uri;
	const char *link_anchor;
	const char *pageref_anchor;
	int hard_break;
	const char *lang;
} gpd_run;

/* One table cell: a sequence of runs; muted sets it in the muted colour
 * (a zero in a table of counts). */
typedef struct gpd_cell {
	const gpd_run *runs;
	size_t n;
	int muted;
} gpd_cell;

typedef enum gpd_align { GPD_ALIGN_LEFT, GPD_ALIGN_RIGHT } gpd_align;

/* A table: nrows * ncols cells, row-major. col_frac[i] is column i's share
 * of the available width (normalised if they do not sum to 1); align[i]
 * its alignment (NULL: all left). If header_row is set, row 0 is set bold
 * on a tinted band and repeated when the table continues on a new page;
 * its cells are tagged TH with /Scope /Column. If header_col is set, each
 * other row's first cell is tagged TH with /Scope /Row (it names the row).
 * If total_row is set, the last row is set apart by a rule above it. A
 * page break between rows leaves at least style.orphans rows before it
 * and style.widows rows after it, where the table has that many. */
typedef struct gpd_table {
	size_t ncols, nrows;
	const float *col_frac;
	const gpd_cell *cells;
	int header_row;
	const gpd_align *align;
	int total_row;
	int header_col;
} gpd_table;

typedef enum gpd_tick {
	GPD_TICK_BOX_EMPTY,   /* U+2610 */
	GPD_TICK_BOX_CHECKED, /* U+2612 */
	GPD_TICK_CHECK        /* U+2713 */
} gpd_tick;

/* Document information, all borrowed for the call. date is used for both
 * CreationDate and ModDate (take it from SOURCE_DATE_EPOCH, never the
 * clock); 0 leaves the dates out. */
typedef struct gpd_docinfo {
	const char *title, *author, *subject, *keywords, *creator;
	time_t date;
} gpd_docinfo;

typedef struct gpd_layout gpd_layout;

/* What a non-fatal problem is about, with its one argument (arg below);
 * a caller decides what each means to it and never reads the text. */
typedef enum gpd_layout_warn {
	GPD_LAYOUT_W_MISSING_GLYPH,     /* no font has a glyph for a character, printed
	                                 * as a replacement mark (its /ActualText the
	                                 * character); arg: "U+4E2D" (once per
	                                 * character and block of text) */
	GPD_LAYOUT_W_MISSING_SCRIPT,    /* no font of the style covers a script: its
	                                 * text prints as replacement marks; arg:
	                                 * "Bengali script (none is installed: the
	                                 * package fonts-noto-core has a font for it)",
	                                 * or with the installed font to add to the
	                                 * style's regular chain (once per block that
	                                 * has it) */
	GPD_LAYOUT_W_BAD_UTF8,          /* invalid UTF-8 replaced by U+FFFD (once per
	                                 * block); arg: NULL */
	GPD_LAYOUT_W_UNRESOLVED_ANCHOR, /* a link or page reference to an anchor never
	                                 * placed; arg: the anchor's id */
	GPD_LAYOUT_W_DUPLICATE_ANCHOR,  /* an anchor defined twice, the first one wins;
	                                 * arg: its id */
	GPD_LAYOUT_W_TOO_MANY_LINKS,    /* past GPD_MAX_PDF_LINKS links the rest are
	                                 * plain text (once per document); arg: the
	                                 * limit */
	GPD_LAYOUT_W_MARK_RUN,          /* more than GPD_MAX_MARK_RUN combining marks
	                                 * in a row, shaped in runs of that many, the
	                                 * later runs not placed on their letter (once
	                                 * per block); arg: the limit */
	GPD_LAYOUT_W_INVALID_STYLE,     /* gpd_layout_new: the style is unusable; NULL */
	GPD_LAYOUT_W_CANNOT_START,      /* gpd_layout_new failed; arg: why (a font that
	                                 * does not load, out of memory) */
	GPD_LAYOUT_W_LOST_EMPHASIS,     /* bold or italic text of a script no font of
	                                 * the face's own covers, set in a font without
	                                 * that weight or slant; arg: "Arabic script in
	                                 * italic" (once per block, script and what is
	                                 * lost) */
	GPD_LAYOUT_W_WORD_CUT,          /* a line of a script written without spaces
	                                 * (Lao, Khmer, Myanmar; Thai without its
	                                 * dictionary) broken between two of its letters,
	                                 * where a word may go on; arg: "Lao script"
	                                 * (once per block and script) */
	GPD_LAYOUT_W__COUNT
} gpd_layout_warn;

/* arg is borrowed for the call only. */
typedef void (*gpd_warn_fn)(void *ctx, gpd_layout_warn kind, const char *arg);

/* The warning in English, for a log ("no glyph for U+4E2D; printed as a
 * replacement mark"), into buf (n bytes, cut if need be). Returns buf. */
GPD_EXPORT char *gpd_layout_warn_text(gpd_layout_warn kind, const char *arg,
	char *buf, size_t n);

/* Outline (bookmark) handle; GPD_OUTLINE_ROOT is the top level. */
typedef int gpd_outline_id;
#define GPD_OUTLINE_ROOT 0

/* Fills *s with an A4, DejaVu Serif, 10 pt style. */
GPD_EXPORT void gpd_style_defaults(gpd_style *s);

/* The bounds gpd_style_problem holds a style to, in points: PDF's page
 * sizes (ISO 32000-1, annex C), and the least text area a page may leave. */
#define GPD_STYLE_MIN_PAGE 3
#define GPD_STYLE_MAX_PAGE 14400
#define GPD_STYLE_MIN_TEXT_W 36
#define GPD_STYLE_MIN_TEXT_H 72

/* NULL when gpd_layout_new can lay out with *s; else the style file's
 * element whose settings break a rule ("page", "margins", "text",
 * "headings", "pagination", "limits", "document"), with why (what is
 * set and what is allowed) in the n bytes at why. */
GPD_EXPORT const char *gpd_style_problem(const gpd_style *s, char *why, size_t n);

/* Creates a layout. *style is copied; warn (may be NULL) receives
 * non-fatal problems (gpd_layout_warn: missing glyphs, bad UTF-8,
 * unresolved anchors) with ctx. Returns NULL if out of memory or a font cannot be loaded. The
 * caller owns the result and frees it with gpd_layout_free(). */
GPD_EXPORT gpd_layout *gpd_layout_new(const gpd_style *style, gpd_warn_fn warn,
	void *ctx);
/* Frees L and everything it owns. NULL is fine. */
GPD_EXPORT void gpd_layout_free(gpd_layout *L);
/* The sticky status, and a message owned by L (valid until free). */
GPD_EXPORT int gpd_layout_status(const gpd_layout *L);
GPD_EXPORT const char *gpd_layout_errmsg(const gpd_layout *L);

/* Page furniture. The strings are copied. The running title is printed at
 * the left of every header; the section text at the right of pages from
 * the current one on (the current one only while it is still empty).
 * set_furniture(L, 0) suppresses header and footer on the current page and
 * later ones until turned on again. */
GPD_EXPORT int gpd_layout_set_running_title(gpd_layout *L, const char *utf8);
GPD_EXPORT int gpd_layout_set_section(gpd_layout *L, const char *utf8);
GPD_EXPORT int gpd_layout_set_furniture(gpd_layout *L, int on);

/* Blocks. Runs are borrowed for the call (blocks are held back and drawn
 * once what follows is known, so that pages break well: a heading is kept
 * with the first lines after it, a paragraph leaves style.orphans lines
 * before a page break and style.widows after it, and no page holds a
 * single line before a forced break or the end). anchor (ASCII, may be
 * NULL) names the block's position for links, page references and
 * contents. Headings take levels 1..GPD_LAYOUT_HEADINGS. */
GPD_EXPORT int gpd_layout_heading(gpd_layout *L, int level, const gpd_run *runs,
	size_t n, const char *anchor);
GPD_EXPORT int gpd_layout_paragraph(gpd_layout *L, const gpd_run *runs, size_t n);
/* Preformatted text (a code block) in the monospace face at the body's
 * line spacing: every line, space and blank line kept, tabs to the next
 * multiple of four columns; a line wider than the measure wraps, its
 * continuation marked in the margin. */
GPD_EXPORT int gpd_layout_code(gpd_layout *L, const char *utf8, size_t len);
/* The blocks placed between begin and end are kept on one page when they
 * fit on one (a tick-box group, a contact block). Not nested: an inner
 * begin/end pair is part of the outer group. */
GPD_EXPORT int gpd_layout_keep_begin(gpd_layout *L);
GPD_EXPORT int gpd_layout_keep_end(gpd_layout *L);
/* A label (a form's question): a paragraph in the runs' faces and the text
 * colour, set close to what follows and, like a heading, never left alone
 * at the foot of a page. */
GPD_EXPORT int gpd_layout_label(gpd_layout *L, const gpd_run *runs, size_t n);
/* An ordered list numbers its items from start (0 included). */
GPD_EXPORT int gpd_layout_list_begin(gpd_layout *L, int ordered, int start);
GPD_EXPORT int gpd_layout_item_begin(gpd_layout *L);
GPD_EXPORT int gpd_layout_item_end(gpd_layout *L);
GPD_EXPORT int gpd_layout_list_end(gpd_layout *L);
GPD_EXPORT int gpd_layout_quote_begin(gpd_layout *L);
GPD_EXPORT int gpd_layout_quote_end(gpd_layout *L);
GPD_EXPORT int gpd_layout_table(gpd_layout *L, const gpd_table *t);
GPD_EXPORT int gpd_layout_tick(gpd_layout *L, gpd_tick box, const gpd_run *runs,
	size_t n);
/* A contents line: runs, dotted leader, the page of anchor right-aligned;
 * the whole entry links to the anchor, which may be defined later. */
GPD_EXPORT int gpd_layout_toc_entry(gpd_layout *L, int level, const gpd_run *runs,
	size_t n, const char *anchor);
GPD_EXPORT int gpd_layout_rule(gpd_layout *L);
GPD_EXPORT int gpd_layout_space(gpd_layout *L, float points);
/* Starts a new page unless the current one is still empty. */
GPD_EXPORT int gpd_layout_page_break(gpd_layout *L);
/* Names the position of the next block. The id is copied. */
GPD_EXPORT int gpd_layout_anchor(gpd_layout *L, const char *id);

/* Tagged PDF (PDF/UA-1). Every document is tagged: blocks become
 * structure elements as they are placed (P, H1-H6, L/LI/Lbl/LBody for
 * lists and ticks, Table/THead/TBody/TR/TH/TD, BlockQuote, Link with its
 * annotations), in the group opened last; running heads, footers, rules,
 * leaders and table bands are artifacts. Groups give the document its
 * sections; they nest and are closed in reverse order. */
typedef enum gpd_struct {
	GPD_STRUCT_PART,   /* a part of the publication */
	GPD_STRUCT_SECT,   /* a section: its heading and what follows */
	GPD_STRUCT_DIV,    /* a group of blocks with no meaning of its own */
	GPD_STRUCT_TOC,    /* a table of contents, or a nested level of one */
	GPD_STRUCT_TOCI,   /* one contents entry (with any nested TOC) */
	GPD_STRUCT_L       /* a list of ticks (gpd_layout_tick) */
} gpd_struct;
GPD_EXPORT int gpd_layout_struct_begin(gpd_layout *L, gpd_struct s);
GPD_EXPORT int gpd_layout_struct_end(gpd_layout *L);
/* The group begun last is in the language lang (a BCP 47 tag, lang.h's
 * rule: a record or an answer written in Polish or Bengali), its /Lang,
 * which what it holds inherits (WCAG 3.1.2, language of parts); NULL:
 * the language around it. */
GPD_EXPORT int gpd_layout_struct_lang(gpd_layout *L, const char *lang);
/* The next heading or label is tagged H<level> (1..6: the structure's
 * level, not its size). Without it a heading is tagged by its level and
 * a label as P. Whatever the levels, the first heading is H1 and no
 * heading is more than one level below the one before it. */
GPD_EXPORT int gpd_layout_struct_heading(gpd_layout *L, int level);

/* Adds a bookmark under parent that points at the next block placed.
 * title is copied. Returns a handle (> 0) or a negative status. */
GPD_EXPORT gpd_outline_id gpd_layout_outline(gpd_layout *L, gpd_outline_id parent,
	const char *utf8_title);

/* Pages so far; the 1-based page of an anchor, or 0 if not (yet) placed. */
GPD_EXPORT int gpd_layout_page_count(const gpd_layout *L);
GPD_EXPORT int gpd_layout_anchor_page(const gpd_layout *L, const char *id);

/* Offers the bytes of a previous save of this same document, by this same
 * program with this same deflater (the caller vouches for that), so that pages
 * whose content is unchanged copy its deflated streams instead of being
 * deflated again. Each one is checked to inflate to exactly the new
 * content, so the saved bytes are the same with or without it. pdf must
 * stay valid until the save returns. */
GPD_EXPORT void gpd_layout_reuse_from(gpd_layout *L, const void *pdf, size_t len);
/* The same, L taking over pdf (malloc'd): it is freed as soon as the
 * pages are deflated, or with L. */
GPD_EXPORT void gpd_layout_reuse_from_owned(gpd_layout *L, void *pdf, size_t len);

/* A finished document's deflated page streams, indexed once (their bytes
 * copied: pdf may go as soon as this returns), so that any number of
 * layouts, on any threads, can copy the pages they have in common with
 * it: a regional digest or a handout shares most of its pages with the
 * compendium built before it. NULL when pdf has no such streams or out of
 * memory. Read-only once made; free it after the last save that uses it. */
typedef struct gpd_layout_pages gpd_layout_pages;
GPD_EXPORT gpd_layout_pages *gpd_layout_pages_new(const void *pdf, size_t len);
GPD_EXPORT void gpd_layout_pages_free(gpd_layout_pages *p);
/* Offers p (borrowed; may be NULL) like a previous save: a page whose
 * content one of its streams inflates to exactly is copied from it. With
 * gpd_layout_reuse_from too, the previous save is looked in first. Set it
 * before the first block is placed. */
GPD_EXPORT void gpd_layout_reuse_shared(gpd_layout *L, const gpd_layout_pages *p);

/* Lets the save deflate the pages on pool's workers (NULL, the default:
 * on the calling thread alone); the bytes are the same either way. pool
 * is borrowed and must outlive the save. Set before the first block is
 * placed (and after gpd_layout_reuse_from, if any), it has the pages
 * deflated as the layout leaves them behind, so their uncompressed
 * content is not all held until the save. */
GPD_EXPORT void gpd_layout_set_pool(gpd_layout *L, gpd_pool *pool);

/* How many content streams the last save took from the previous one (a
 * page has two: its body, and its running head and page number). */
GPD_EXPORT size_t gpd_layout_pages_reused(const gpd_layout *L);

/* The deflaters' identity ("libdeflate 1.14 HASH zlib 1.2.13"), for
 * deciding whether a previous save may be offered; "none" when libdeflate
 * cannot work (out of memory). */
GPD_EXPORT const char *gpd_layout_deflater(void);

/* Finishes the document (page numbers, links, furniture) on first use and
 * writes it. info may be NULL. Saving again writes identical bytes; no
 * more blocks may be added after a save. save_mem hands the caller a
 * malloc'd buffer (free with free()), with a NUL after its len bytes (so
 * that it may become a gpd_buf's data as it is). */
GPD_EXPORT int gpd_layout_save(gpd_layout *L, const char *path,
	const gpd_docinfo *info);
GPD_EXPORT int gpd_layout_save_mem(gpd_layout *L, const gpd_docinfo *info,
	unsigned char **buf, size_t *len);
/* save_mem for the last time: libharu's objects are freed as soon as it
 * has written them, not held beside the file (for a long document, a
 * third of the peak memory). The bytes are save_mem's. Afterwards L
 * answers only page_count, anchor_page, pages_reused, status, errmsg and
 * free; another save fails with GPD_LAYOUT_EINVAL. */
GPD_EXPORT int gpd_layout_take_mem(gpd_layout *L, const gpd_docinfo *info,
	unsigned char **buf, size_t *len);

#endif
