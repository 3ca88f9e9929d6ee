/* layout_page.h: pages, horizontal geometry, drawing a line, vertical placement (layout_page.c; not installed). */
#ifndef GPDIGEST_LAYOUT_PAGE_H
#define GPDIGEST_LAYOUT_PAGE_H

#include <math.h>

#include "layout/layout_priv.h"

static inline HPDF_Page gpd__cur_page(const gpd_layout *L)
{
	return L->pages[L->npages - 1].page;
}

static inline float gpd__page_top(const gpd_layout *L)
{
	return L->st.page_height - L->st.margin_top;
}

/* Gaps between blocks do not add up: the larger one is kept. */
static inline void gpd__add_gap(gpd_layout *L, float g)
{
	if (g > L->gap)
		L->gap = g;
}

static inline float gpd__pitch_of(const gpd_layout *L, float size)
{
	return size * L->st.leading;
}

/* Headings' pitch in their size (tighter than text's), and a table
 * row's line pitch in text's at its size. */
#define GPD__HEAD_LEADING 1.2f
#define GPD__TABLE_PITCH 0.95f

static inline float gpd__baseline_off(float pitch, float size)
{
	return (pitch - size) / 2 + 0.8f * size;
}

/* How far above its baseline (*up) and below it (*down) the smallest
 * line box a style's lines get reaches, in their size: a glyph whose ink
 * stays within it stays within every line's (GLYPH_TALL). */
static inline void gpd__least_box(const gpd_style *st, float *up, float *down)
{
	float r = fminf(st->leading, fminf(st->leading * GPD__TABLE_PITCH, GPD__HEAD_LEADING));

	*up = gpd__baseline_off(r, 1);
	*down = r - *up;
}

/* The room line ln of a block at size, set pitch apart, takes beyond its
 * pitch so that its ink stays in its own box: *up above the box, *down
 * below (0 but for ink taller or deeper than the line, a stack of marks
 * or one tall glyph, which drew over the lines around it), as a
 * browser's line box grows round what it holds. */
static inline void gpd__line_room(const line *ln, float pitch, float size,
	float *up, float *down)
{
	float above = gpd__baseline_off(pitch, size), below = pitch - above;

	*up = ln->ink_up > above ? ln->ink_up - above : 0;
	*down = ln->ink_down > below ? ln->ink_down - below : 0;
}

void gpd__vrule(gpd_layout *L, HPDF_Page pg, float x, float y0, float y1);
void gpd__quotes_close_page(gpd_layout *L);
int gpd__new_page(gpd_layout *L);
int gpd__ensure_page(gpd_layout *L);

/* The current measure: left edge and width after indentation. */
void gpd__measure(const gpd_layout *L, float *x, float *w);
float gpd__content_x(const gpd_layout *L);
float gpd__content_w(const gpd_layout *L);

void gpd__set_font(gpd_layout *L, HPDF_Page pg, int slot, float size);
void gpd__set_fill(gpd_layout *L, HPDF_Page pg, const gpd_rgb *c);
/* Draws line li of b at x0 on baseline base. */
int gpd__emit_line(gpd_layout *L, HPDF_Page pg, block *b, size_t li,
	float x0, float base, const gpd_rgb *col);


/* Anchors and outline entries up to L->mark_limit point at top. */
void gpd__resolve_marks(gpd_layout *L, float top);

#endif
