/* layout_defer.h: links and page numbers resolved when the document ends (layout_defer.c; not installed). */
#ifndef GPDIGEST_LAYOUT_DEFER_H
#define GPDIGEST_LAYOUT_DEFER_H

#include "layout/layout_priv.h"

/* The link of seg s drawn w wide at x on baseline base of page pg: a URI
 * is annotated now, an anchor when the document ends. */
int gpd__defer_link(gpd_layout *L, HPDF_Page pg, const block *b,
	const seg *s, float x, float base, float w);
/* The page number of a pageref seg, drawn at x on base at the end. */
int gpd__defer_number(gpd_layout *L, const block *b, const seg *s,
	float x, float base);
/* A contents entry's link (DEF_LINK: the rectangle) or its page number
 * (DEF_NUM_RIGHT: right-aligned at x0 on baseline y0), on the current page. */
int gpd__defer_contents(gpd_layout *L, int kind, size_t anchor, float x0,
	float y0, float x1, float y1, int slot);
/* Draws every deferred link and number, in the order they were made. */
void gpd__defers_finish(gpd_layout *L);

#endif
