/* layout_show.h: the text operators of shaped glyphs (layout_show.c; not installed). */
#ifndef GPDIGEST_LAYOUT_SHOW_H
#define GPDIGEST_LAYOUT_SHOW_H

#include <stdint.h>

#include "layout/layout_priv.h"

/* v as a page's operators give it: "%.3f" with no trailing zeros (nor
 * "-0"), into buf of n bytes. */
void gpd__pdf_real(char *buf, size_t n, double v);
/* "/F<slot> size Tf" unless that is the page's font and size already. */
void gpd__show_font(gpd_layout *L, HPDF_Page pg, int slot, float size);
/* BT and ET, for every text object of the layout: a BT straight after an
 * ET (nothing drawn between) takes it back, and the text object goes on.
 * Every BT..ET of a page's layout goes through these, as they keep where
 * its lines start. */
void gpd__text_begin(gpd_layout *L, HPDF_Page pg);
void gpd__text_end(gpd_layout *L, HPDF_Page pg);
/* Inside BT..ET: n bytes of clean UTF-8 shaped in the current font and
 * shown from x, y (markers, numbers, an ellipsis). */
int gpd__text_out(gpd_layout *L, HPDF_Page pg, float x, float y, const char *s,
	size_t n);
/* Inside BT..ET, in the current font: the clusters of b that start at the
 * arena offsets offs[0..n), in that order (visual), from x, y; then, when
 * space is set, a space (for extraction: the words stay apart). */
int gpd__show_clusters(gpd_layout *L, HPDF_Page pg, const block *b,
	const uint32_t *offs, size_t n, int space, float x, float y);
/* The same, each cluster drawn at xs[i] (xs NULL: each after the one
 * before), so that they can be shown in another order than they are
 * drawn in: a line's right-to-left clusters in the order they are read. */
int gpd__show_placed(gpd_layout *L, HPDF_Page pg, const block *b,
	const uint32_t *offs, const float *xs, size_t n, int space, float x, float y);

#endif
