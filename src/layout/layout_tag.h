/* layout_tag.h: the tagged PDF layer: structure elements, marked content in the page streams, artifacts, and the objects written after libharu's (layout_tag.c; not installed). */
#ifndef GPDIGEST_LAYOUT_TAG_H
#define GPDIGEST_LAYOUT_TAG_H

#include "layout/layout_priv.h"

/* The structure types the engine makes (ISO 32000-1, 14.8.4). */
typedef enum tag_type {
	T_DOCUMENT, T_PART, T_SECT, T_DIV, T_TOC, T_TOCI, T_REFERENCE, T_LINK,
	T_P, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_L, T_LI, T_LBL, T_LBODY,
	T_TABLE, T_THEAD, T_TBODY, T_TR, T_TH, T_TD, T_BLOCKQUOTE, T_SPAN, T__COUNT
} tag_type;

/* What a piece of drawing that is not content is (the /Artifact's /Type). */
enum { ART_LAYOUT, ART_HEADER, ART_FOOTER, ART_PAGINATION };

/* Text kinds attached to an element. */
enum { TXT_NONE, TXT_ACTUAL, TXT_ALT };

/* TH scopes. */
enum { SCOPE_NONE, SCOPE_ROW, SCOPE_COLUMN };

#define TAG_NONE 0u /* element 0 is the Document: never a leaf or link */

int gpd__tag_init(gpd_layout *L);
void gpd__tag_free(gpd_layout *L);

/* A new element of type t, the last child of the open group; groups are
 * also opened (they receive what is created until closed). */
uint32_t gpd__tag_group(gpd_layout *L, tag_type t);
uint32_t gpd__tag_leaf(gpd_layout *L, tag_type t);
void gpd__tag_close(gpd_layout *L);
/* Closes the innermost open group of type t and those inside it; nothing
 * when none is open. */
void gpd__tag_close_to(gpd_layout *L, tag_type t);
/* The element the text of the lines drawn next belongs to (links inside
 * it get Link children); returns the one before. */
uint32_t gpd__tag_swap_leaf(gpd_layout *L, uint32_t e);
/* The Lbl element of the list or tick marker drawn next (TAG_NONE: none). */
void gpd__tag_set_marker(gpd_layout *L, uint32_t e);
uint32_t gpd__tag_marker(const gpd_layout *L);
/* The renderer's level for the next heading or label. */
void gpd__tag_next_heading(gpd_layout *L, int level);
/* The open group's type, or -1 (the Document). */
int gpd__tag_open_type(const gpd_layout *L);
/* The element of the next heading or label: H<level> for a heading
 * (the renderer's level when it gave one), no level skipped after the
 * last; a label is P unless the renderer gave it a level. */
uint32_t gpd__tag_heading(gpd_layout *L, int level, int label);
/* Text for an element: /ActualText or /Alt, and what its link
 * annotations say (/Contents). n may be GPD_RUN_STRLEN. */
void gpd__tag_text(gpd_layout *L, uint32_t e, int kind, const char *utf8, size_t n);
void gpd__tag_scope(gpd_layout *L, uint32_t e, int scope);
/* The innermost open group's language (gpd_layout_struct_lang): its
 * /Lang (gpd__lang_id); NULL: its parent's. */
int gpd__tag_lang(gpd_layout *L, const char *lang);

/* The Span element of seg si of block b, a run in a language of its own
 * (seg.lang) that is no link: one per run of such segs in the same
 * language, made in the current leaf the first time. */
uint32_t gpd__tag_span(gpd_layout *L, block *b, size_t si);

/* The Link element of seg si of block b (one per run of segs with the
 * same target), made in the current leaf the first time. */
uint32_t gpd__tag_link(gpd_layout *L, block *b, size_t si);

/* Pages and marked content. */
void gpd__tag_page_added(gpd_layout *L, HPDF_Page pg);
/* Content of element e follows on pg (the current page), inside BT..ET: a
 * marked-content sequence is begun unless one of e is open; end it before ET. */
void gpd__mc_begin(gpd_layout *L, HPDF_Page pg, uint32_t e);
void gpd__mc_end(gpd_layout *L, HPDF_Page pg);
/* A line of one element's text (mixed: 0) is marked from outside its
 * BT..ET, and the sequence stays open for the next lines of the same
 * element on the page: one MCID a paragraph and page, not one a line.
 * gpd__tag_line gives that element (TAG_NONE for a mixed line: a link or
 * a marker in it, each piece marked inside BT); gpd__mc_around opens its
 * sequence unless open, or closes any (TAG_NONE). */
uint32_t gpd__tag_line(gpd_layout *L, int mixed);
void gpd__mc_around(gpd_layout *L, HPDF_Page pg, uint32_t e);
/* A cluster with /ActualText: ends the sequence open in the text object
 * and gives the cluster's own MCID, of the same element (returned);
 * TAG_NONE when none such is open (the cluster's Span nests in what is).
 * after: the element of a cluster of its own just before (nothing open
 * since), whose next one this is. Before text that follows such a
 * cluster, gpd__mc_cluster_end opens the element's sequence again. */
uint32_t gpd__mc_cluster_begin(gpd_layout *L, HPDF_Page pg, uint32_t after, uint32_t *mcid);
void gpd__mc_cluster_end(gpd_layout *L, HPDF_Page pg, uint32_t e);
/* An MCID on the current page for content of e drawn later (page
 * numbers): the sequence is written with gpd__mc_write. */
uint32_t gpd__mc_reserve(gpd_layout *L, uint32_t e);
void gpd__mc_write(gpd_layout *L, HPDF_Page pg, uint32_t e, uint32_t mcid);
/* Drawing that is not content; nests (emit_line draws nothing tagged
 * inside). */
void gpd__art_begin(gpd_layout *L, HPDF_Page pg, int kind);
void gpd__art_end(gpd_layout *L, HPDF_Page pg);
/* Links' underlines (an artifact): begin, one w wide at x under
 * baseline base for each link, end. */
void gpd__underline_begin(gpd_layout *L, HPDF_Page pg, float size);
void gpd__underline(HPDF_Page pg, float x, float base, float w, float size);
void gpd__underline_end(gpd_layout *L, HPDF_Page pg);

/* A link annotation just made on page p for element e: its /StructParent,
 * its /Contents (the element's text, else alt), and an OBJR in e. */
void gpd__tag_annot(gpd_layout *L, HPDF_Annotation a, size_t page, uint32_t e,
	const char *alt);

/* Sets d's key to utf8 as a PDF text string (UTF-16BE in hex, every
 * character kept: one past U+FFFF as a surrogate pair), cleaned and cut
 * at max bytes of UTF-8 (gpd__clean_utf8): an outline entry's /Title, the
 * document information. Returns L->err. */
int gpd__tag_text_entry(gpd_layout *L, HPDF_Dict d, const char *key,
	const char *utf8, size_t max);

/* Saving: once the pages are final, before libharu writes (the catalog's
 * entries, PDF 1.7); then the structure tree, parent tree, named
 * destinations and XMP metadata appended to libharu's bytes, *buf
 * reallocated. */
int gpd__tag_prepare(gpd_layout *L, const gpd_docinfo *info);
int gpd__tag_append(gpd_layout *L, unsigned char **buf, size_t *len);
/* Between the two, as libharu starts writing: the structure tree written
 * and deflated on the pool meanwhile, for gpd__tag_append (which falls
 * back to writing it itself). Nothing when out of memory. Everything it
 * reads (the tags, pages' object numbers, anchors, strings, fonts'
 * objects, the previous save's streams) stays unchanged until
 * gpd__tag_append or gpd__tag_early_drop, which waits for it and throws
 * it away (after a failure; gpd__tag_free drops it too). */
void gpd__tag_early(gpd_layout *L);
void gpd__tag_early_drop(gpd_layout *L);

#endif
