/* render.h: the back ends' entry points: an edition in, Markdown or PDF bytes out (each walks structure.h's tree). */
#ifndef GPDIGEST_RENDER_H
#define GPDIGEST_RENDER_H

#include "gpdigest/buf.h"
#include "gpdigest/corpus.h"
#include "gpdigest/diag.h"
#include "gpdigest/edition.h"
#include "gpdigest/export.h"
#include "gpdigest/layout.h"
#include "gpdigest/pool.h"

/* Writes the edition as CommonMark into out (appended). Returns 0, or -1
 * with the reason reported (out of memory). Never writes raw user markup:
 * the document is a cmark node tree rendered by cmark_render_commonmark. */
GPD_EXPORT int gpd_render_md(const gpd_corpus *c, const gpd_edition_info *ed,
	gpd_buf *out, gpd_diag *diag);

/* Typesets the edition as PDF into out (appended). Returns 0, or -1 with
 * the reason reported. Characters the fonts lack are reported as warnings
 * (missing-glyph) and printed as a visible replacement mark. */
GPD_EXPORT int gpd_render_pdf(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, gpd_buf *out, gpd_diag *diag);

/* The same, also storing the number of pages in *pages (may be NULL),
 * copying unchanged pages' deflated streams from previous (may be NULL):
 * the last build's bytes of this PDF, by this program and deflater (see
 * gpd_layout_reuse_from), which it takes over (previous is left empty)
 * and frees as soon as the pages are deflated, or else from shared (may be
 * NULL: another edition's pages, gpd_layout_reuse_shared), and deflating
 * pages on pool's workers (may be NULL). The bytes are the same with or
 * without any of them. */
GPD_EXPORT int gpd_render_pdf_counted(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, gpd_buf *previous, const gpd_layout_pages *shared,
	gpd_pool *pool, gpd_buf *out, gpd_diag *diag, size_t *pages);

#endif
