/* layout_page.c: pages, horizontal geometry, drawing a line, and the marks (anchors, outline) a placed line resolves. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <string.h>

#include <hpdf.h>

#include "layout/layout_defer.h"
#include "layout/layout_page.h"
#include "layout/layout_show.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/* ---- pages -------------------------------------------------------------- */

void gpd__vrule(gpd_layout *L, HPDF_Page pg, float x, float y0, float y1)
{
	gpd__art_begin(L, pg, ART_LAYOUT);
	HPDF_Page_SetLineWidth(pg, 1.6f);
	HPDF_Page_SetRGBStroke(pg, L->st.rule.r, L->st.rule.g, L->st.rule.b);
	HPDF_Page_MoveTo(pg, x, y0);
	HPDF_Page_LineTo(pg, x, y1);
	HPDF_Page_Stroke(pg);
	gpd__art_end(L, pg);
}

/* Draws the left rule of every open quote down to the cursor; the rest
 * continues from the top of the next page. */
void gpd__quotes_close_page(gpd_layout *L)
{
	int i;

	for (i = 0; i < L->nquotes; i++) {
		quote_state *q = &L->quotes[i];
		if (q->y_top >= 0 && q->page + 1 == L->npages)
			gpd__vrule(L, gpd__cur_page(L), q->x, q->y_top, L->y);
		q->y_top = -1;
	}
}

int gpd__new_page(gpd_layout *L)
{
	HPDF_Page pg;
	pageinfo *pi;

	if (L->err)
		return L->err;
	if (L->npages >= (size_t)L->st.max_pages)
		return gpd__fail(L, GPD_LAYOUT_EPAGES, "more than %d pages",
			L->st.max_pages);
	if (L->npages)
		gpd__quotes_close_page(L);
	if (gpd__grow(L, &L->pages, &L->cpages, L->npages + 1, sizeof *pi))
		return L->err;
	if (!(pg = HPDF_AddPage(L->pdf)))
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot add a page");
	HPDF_Page_SetWidth(pg, L->st.page_width);
	HPDF_Page_SetHeight(pg, L->st.page_height);
	pi = &L->pages[L->npages++];
	pi->page = pg;
	pi->furniture = L->furniture;
	pi->section = L->section;
	gpd__tag_page_added(L, pg);
	L->y = gpd__page_top(L);
	L->page_empty = 1;
	L->cur_font = NULL;
	L->cur_color.r = -1;
	return L->err;
}

int gpd__ensure_page(gpd_layout *L)
{
	return L->npages ? L->err : gpd__new_page(L);
}

/* ---- horizontal geometry ----------------------------------------------- */

/* Indentation is clamped so at least six ems of measure remain: deep
 * nesting squeezes, it never pushes text past the right margin. */
void gpd__measure(const gpd_layout *L, float *x, float *w)
{
	float total = L->st.page_width - L->st.margin_left - L->st.margin_right;
	float minw = 6 * L->st.base_size, il = L->indent_l, ir = L->indent_r;

	if (minw > total)
		minw = total;
	if (total - il - ir < minw) {
		ir = ir < total - minw ? ir : total - minw;
		il = total - minw - ir;
	}
	*x = L->st.margin_left + il;
	*w = total - il - ir;
}

float gpd__content_x(const gpd_layout *L)
{
	float x, w;

	gpd__measure(L, &x, &w);
	return x;
}

float gpd__content_w(const gpd_layout *L)
{
	float x, w;

	gpd__measure(L, &x, &w);
	return w;
}

/* ---- drawing primitives ------------------------------------------------ */

void gpd__set_font(gpd_layout *L, HPDF_Page pg, int slot, float size)
{
	HPDF_Font f = L->slots[slot].font;

	if (f != L->cur_font || size != L->cur_size) {
		HPDF_Page_SetFontAndSize(pg, f, size);
		L->cur_font = f;
		L->cur_size = size;
	}
}

void gpd__set_fill(gpd_layout *L, HPDF_Page pg, const gpd_rgb *c)
{
	if (memcmp(c, &L->cur_color, sizeof *c) != 0) {
		HPDF_Page_SetRGBFill(pg, c->r, c->g, c->b);
		L->cur_color = *c;
	}
}

/* Each piece of text is marked content of the current leaf element, or of
 * its link's Link element (layout_tag.h: gpd__tag_line). A piece is shown with
 * the space that follows it (at a line's end or before a change of
 * face), invisible but there for text extraction and screen readers,
 * which read the words of marked content without guessing spaces from
 * positions. */
int gpd__emit_line(gpd_layout *L, HPDF_Page pg, block *b, size_t li,
	float x0, float base, const gpd_rgb *col)
{
	const line *ln = &b->lines[li];
	size_t i;
	int links = 0, mixed = 0;
	uint32_t whole;

	for (i = ln->first; i < ln->first + ln->n && !mixed; i++)
		mixed = b->segs[b->frags[i].seg].link_kind != LINK_NONE;
	whole = gpd__tag_line(L, mixed);
	gpd__mc_around(L, pg, whole);
	HPDF_Page_BeginText(pg);
	for (i = ln->first; i < ln->first + ln->n && !L->err; i++) {
		const frag *f = &b->frags[i];
		const seg *s = &b->segs[f->seg];
		uint32_t e = s->link_kind ? gpd__tag_link(L, b, f->seg) : TAG_NONE;

		if (s->pageref) {
			gpd__defer_number(L, b, s, x0 + f->x, base);
		} else {
			gpd__set_font(L, pg, s->slot, b->size);
			gpd__set_fill(L, pg, s->link_kind ? &L->st.link : col);
			if (whole == TAG_NONE)
				gpd__mc_begin(L, pg, e);
			gpd__text_out(L, pg, x0 + f->x, base, b->arena + f->off, f->len
				+ (b->arena[f->off + f->len] == ' ' && f->off + f->len < b->alen));
			links += s->link_kind != LINK_NONE;
		}
		if (s->link_kind)
			gpd__defer_link(L, pg, b, s, x0 + f->x, base, f->w);
	}
	if (whole == TAG_NONE)
		gpd__mc_end(L, pg);
	HPDF_Page_EndText(pg);
	if (links)
		gpd__underline_begin(L, pg, b->size);
	for (i = ln->first; links && i < ln->first + ln->n && !L->err; i++) {
		const frag *f = &b->frags[i];

		if (b->segs[f->seg].link_kind && !b->segs[f->seg].pageref)
			gpd__underline(pg, x0 + f->x, base, f->w, b->size);
	}
	if (links)
		gpd__underline_end(L, pg);
	return L->err;
}

/* ---- vertical placement ------------------------------------------------ */

void gpd__resolve_marks(gpd_layout *L, float top)
{
	size_t lim = L->mark_limit < L->nmarks ? L->mark_limit : L->nmarks;
	HPDF_Destination dst;

	for (; L->marks_done < lim; L->marks_done++) {
		mark *m = &L->marks[L->marks_done];
		if (m->kind == MARK_ANCHOR) {
			anchor_ent *e = gpd__anchor_find(L, L->strs + m->idx);
			if (e) {
				e->page = (int)L->npages - 1;
				e->y = top;
			}
			continue;
		}
		dst = HPDF_Page_CreateDestination(gpd__cur_page(L));
		if (dst) {
			HPDF_Destination_SetFitH(dst, fminf(top + 6, L->st.page_height));
			HPDF_Outline_SetDestination(L->outl[m->idx], dst);
		}
	}
}
