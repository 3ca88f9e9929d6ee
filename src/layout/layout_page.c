/* layout_page.c: pages, horizontal geometry, drawing a line, and the marks (anchors, outline) a placed line resolves. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "layout/layout_defer.h"
#include "layout/layout_deflate.h"
#include "layout/layout_embed.h"
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
		if (q->x >= 0 && q->y_top >= 0 && q->page + 1 == L->npages)
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
	pi->obj = gpd__obj_num(pg);
	pi->furniture = L->furniture;
	pi->section = L->section;
	pi->numbers = pi->handed = 0;
	gpd__tag_page_added(L, pg);
	gpd__embed_page(L, pg);
	L->y = gpd__page_top(L);
	L->page_empty = 1;
	L->cur_slot = -1;
	L->cur_color.r = -1;
	gpd__deflate_early(L); /* the page left behind, to the other cores */
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
	/* Too deep to indent further: the right indent gives way first, and
	 * text never moves back left (where an outer quote's rule is). */
	if (total - il - ir < minw) {
		il = il < total - minw ? il : total - minw;
		ir = total - minw - il;
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
	gpd__show_font(L, pg, slot, size);
}

void gpd__set_fill(gpd_layout *L, HPDF_Page pg, const gpd_rgb *c)
{
	if (memcmp(c, &L->cur_color, sizeof *c) != 0) {
		HPDF_Page_SetRGBFill(pg, c->r, c->g, c->b);
		L->cur_color = *c;
	}
}

/* The clusters of frag f (and the space after it, when it prints in the
 * same font: shown so that extraction keeps words apart) in L->order. */
static size_t frag_clusters(gpd_layout *L, const block *b, const frag *f, int space)
{
	size_t n = 0, end = f->off + f->len, i = gpd__glyph_at(b, f->off);

	if (gpd__grow(L, &L->order, &L->corder, f->len + 2, sizeof *L->order))
		return 0;
	for (; i < b->ngl && b->gl[i].off < end; i++)
		if (!n || b->gl[i].off != L->order[n - 1])
			L->order[n++] = b->gl[i].off;
	if (space && i < b->ngl && b->gl[i].off == end && b->arena[end] == ' '
	    && b->gl[i].slot == b->segs[f->seg].slot)
		L->order[n++] = (uint32_t)end;
	return n;
}

/* A space or a hard line break follows frag f in the text: the words on
 * either side of a break are two words to a reader too ("email" and "If",
 * not "emailIf"), so the break is shown as a space, as a wrap is. */
static int space_ends(const block *b, const frag *f)
{
	size_t end = f->off + f->len;

	return end < b->alen && (b->arena[end] == ' ' || b->arena[end] == '\n');
}

/* The same, and that frag_clusters left it out (it is in another font or
 * seg, or is a break): shown in f's font. */
static int space_after(const block *b, const frag *f)
{
	size_t end = f->off + f->len, i = gpd__glyph_at(b, end);

	return space_ends(b, f)
		&& (i == SIZE_MAX || b->gl[i].slot != b->segs[f->seg].slot);
}

/* The element a seg's text is the content of: its Link, its Span (a run
 * in a language of its own), or TAG_NONE: the current leaf's. */
static uint32_t seg_tag(gpd_layout *L, block *b, size_t si)
{
	const seg *s = &b->segs[si];

	return s->link_kind ? gpd__tag_link(L, b, si) : s->lang ? gpd__tag_span(L, b, si)
		: TAG_NONE;
}

/* Each piece of text is marked content of the current leaf element, or of
 * its link's Link element or its language's Span (layout_tag.h: gpd__tag_line). A piece is shown with
 * the space that follows it (at a line's end or before a change of
 * face), invisible but there for text extraction and screen readers,
 * which read the words of marked content without guessing spaces from
 * positions. */
static void emit_logical(gpd_layout *L, HPDF_Page pg, block *b, const line *ln,
	float x0, float base, const gpd_rgb *col, uint32_t whole)
{
	for (size_t i = ln->first; i < ln->first + ln->n && !L->err; i++) {
		const frag *f = &b->frags[i];
		const seg *s = &b->segs[f->seg];
		uint32_t e = seg_tag(L, b, f->seg);

		if (s->pageref) {
			gpd__defer_number(L, b, s, x0 + f->x, base);
		} else {
			size_t n;
			gpd__set_font(L, pg, s->slot, b->size);
			gpd__set_fill(L, pg, s->link_kind ? &L->st.link : col);
			if (whole == TAG_NONE)
				gpd__mc_begin(L, pg, e);
			n = frag_clusters(L, b, f, 1);
			gpd__show_clusters(L, pg, b, L->order, n, space_after(b, f),
				x0 + f->x, base);
		}
		if (s->link_kind)
			gpd__defer_link(L, pg, b, s, x0 + f->x, base, f->w);
	}
}

/* A unit of a line in bidi order: a cluster, a placeholder or the gap
 * between two frags. */
typedef struct unit {
	uint32_t frag, off;  /* off: a cluster, UINT32_MAX: none */
	uint32_t at;         /* its place in logical order */
	float w, x;          /* x: where it is drawn */
	uint8_t level;
	uint8_t gap;         /* only room: the space after a frag, in another font */
} unit;

/* UBA L2: from the highest level to the lowest odd one, every run at that
 * level or above is turned round. */
static void reorder(unit *u, size_t n)
{
	uint8_t hi = 0, lo = 255;

	for (size_t i = 0; i < n; i++) {
		hi = u[i].level > hi ? u[i].level : hi;
		if ((u[i].level & 1) && u[i].level < lo)
			lo = u[i].level;
	}
	for (int lev = hi; lev >= lo && lev > 0; lev--)
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && u[j].level >= lev)
				j++;
			for (size_t a = i, z = j ? j - 1 : 0; j > i && a < z; a++, z--) {
				unit t = u[a];
				u[a] = u[z];
				u[z] = t;
			}
			i = j > i ? j : i + 1;
		}
}

static size_t line_units(gpd_layout *L, block *b, const line *ln, unit **out)
{
	unit *u = NULL;
	size_t n = 0, cap = 0, next = 0; /* the glyph after the cluster measured last */

	for (size_t i = ln->first; i < ln->first + ln->n && !L->err; i++) {
		const frag *f = &b->frags[i];
		const seg *s = &b->segs[f->seg];
		size_t k, m = s->pageref ? 0 : frag_clusters(L, b, f, i + 1 < ln->first + ln->n);
		float gap = i + 1 < ln->first + ln->n ? b->frags[i + 1].x - f->x - f->w : 0;

		if (gpd__grow(L, &u, &cap, n + m + 2, sizeof *u))
			break;
		if (s->pageref)
			u[n++] = (unit){ (uint32_t)i, UINT32_MAX, 0, f->w, 0, (uint8_t)b->base_rtl, 0 };
		for (k = 0; k < m; k++) {
			uint32_t off = L->order[k];
			const glyph *g = &b->gl[gpd__glyph_at_hint(b, off, next)], *h;
			float w = 0;
			for (h = g; h < b->gl + b->ngl && h->off == off; h++)
				w += (float)h->adv * b->size / (float)L->slots[h->slot].upem;
			next = (size_t)(h - b->gl);
			if (off >= f->off + f->len) /* the space after it: the gap */
				gap -= w;
			u[n++] = (unit){ (uint32_t)i, off, 0, w, 0, b->lvl[off], 0 };
		}
		if (gap > GPD__EPS)
			u[n++] = (unit){ (uint32_t)i, UINT32_MAX, 0, gap, 0,
				(uint8_t)(f->off + f->len < b->alen ? b->lvl[f->off + f->len] : b->base_rtl), 1 };
	}
	*out = u;
	return L->err ? 0 : n;
}

/* Where each unit of a line is drawn: UBA L2 puts them in visual order,
 * from x0 on; they go back to logical order (the order they are read in)
 * with their places. A frag's units side by side are placed from where
 * the first is, to the 1/20 pt a line's start is written to (layout_show.c),
 * as they were when shown in visual order: the page looks the same. */
static void place_units(unit *u, size_t n, float x0)
{
	float at = 0, from = 0;

	for (size_t i = 0; i < n; i++)
		u[i].at = (uint32_t)i;
	reorder(u, n);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || u[i].gap || u[i - 1].gap || u[i].frag != u[i - 1].frag) {
			from = x0;
			at = roundf(x0 * 20.0f) / 20.0f;
		}
		u[i].x = at + (x0 - from);
		x0 += u[i].w;
	}
	for (size_t i = 0; i < n; i++) /* back by cycles: each to its place */
		while (u[i].at != i) {
			unit t = u[u[i].at];
			u[u[i].at] = u[i];
			u[i] = t;
		}
}

/* A line with right-to-left text: each cluster drawn where UBA L2 puts
 * it, but shown in the order the text is read, each frag's clusters in one
 * TJ whose numbers move the pen back and forth. A screen reader or tool
 * that takes a tagged PDF's marked content in content order (PDF 14.8.2.5)
 * reads the words, and the letters of each, as written, and copies them
 * so; one that orders text by where it is (pdftotext) sees the same page.
 * The space after a frag that no unit shows (in another font, or the
 * line's last) is shown after its last cluster, where it moves nothing:
 * two frags' or two lines' words do not run together. Its links and
 * underlines cover where its clusters went. */
static void emit_bidi(gpd_layout *L, HPDF_Page pg, block *b, const line *ln,
	float x0, float base, const gpd_rgb *col, uint32_t whole, float *ux)
{
	unit *u = NULL;
	size_t n = line_units(L, b, ln, &u), i, j;
	size_t last = ln->first + ln->n - 1;

	place_units(u, n, x0);
	if (gpd__grow(L, &L->ox, &L->cox, n + 1, sizeof *L->ox)) {
		free(u);
		return;
	}
	for (i = 0; i < n && !L->err; i = j) {
		const frag *f = &b->frags[u[i].frag];
		const seg *s = &b->segs[f->seg];
		size_t k = 0;

		/* a gap (the space after a frag, in another font) is not drawn:
		 * a group is a frag's clusters */
		if (u[i].gap) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < n && u[j].frag == u[i].frag && !u[j].gap; j++)
			;
		if (s->pageref) {
			gpd__defer_number(L, b, s, u[i].x, base);
			continue;
		}
		if (gpd__grow(L, &L->order, &L->corder, j - i + 1, sizeof *L->order))
			break;
		for (size_t m = i; m < j; m++)
			if (u[m].off != UINT32_MAX) {
				L->ox[k] = u[m].x;
				L->order[k++] = u[m].off;
			}
		if (!k)
			continue;
		gpd__set_font(L, pg, s->slot, b->size);
		gpd__set_fill(L, pg, s->link_kind ? &L->st.link : col);
		if (whole == TAG_NONE)
			gpd__mc_begin(L, pg, seg_tag(L, b, f->seg));
		gpd__show_placed(L, pg, b, L->order, L->ox, k, u[i].frag == last
			? space_ends(b, f) : space_after(b, f), L->ox[0], base);
	}
	/* links: from the leftmost to the rightmost place of their clusters */
	for (i = ln->first; i < ln->first + ln->n && !L->err; i++) {
		const seg *s = &b->segs[b->frags[i].seg];
		float lo = 1e30f, hi = -1e30f;

		for (j = 0; j < n; j++)
			if (u[j].frag == i && !u[j].gap) {
				lo = u[j].x < lo ? u[j].x : lo;
				hi = u[j].x + u[j].w > hi ? u[j].x + u[j].w : hi;
			}
		if (lo < hi) { /* for the underlines */
			ux[2 * (i - ln->first)] = lo;
			ux[2 * (i - ln->first) + 1] = hi - lo;
		}
		if (s->link_kind && lo < hi)
			gpd__defer_link(L, pg, b, s, lo, base, hi - lo);
	}
	free(u);
}

int gpd__emit_line(gpd_layout *L, HPDF_Page pg, block *b, size_t li,
	float x0, float base, const gpd_rgb *col)
{
	const line *ln = &b->lines[li];
	size_t i;
	int links = 0, mixed = 0;
	uint32_t whole;
	float *ux = NULL; /* where each frag went, a bidi line's */

	if (gpd__line_glyphs(L, b, li))
		return L->err;
	for (i = ln->first; i < ln->first + ln->n && !mixed; i++)
		mixed = b->segs[b->frags[i].seg].link_kind != LINK_NONE
			|| b->segs[b->frags[i].seg].lang != 0;
	mixed = mixed || gpd__line_actual(L, b, li);
	for (i = ln->first; i < ln->first + ln->n; i++)
		links += b->segs[b->frags[i].seg].link_kind && !b->segs[b->frags[i].seg].pageref;
	whole = gpd__tag_line(L, mixed);
	gpd__mc_around(L, pg, whole);
	gpd__text_begin(L, pg);
	if (b->rtl && (ux = malloc(2 * (ln->n + 1) * sizeof *ux)) == NULL)
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	for (i = 0; ux && i < ln->n; i++) {
		ux[2 * i] = x0 + b->frags[ln->first + i].x;
		ux[2 * i + 1] = b->frags[ln->first + i].w;
	}
	if (ux)
		emit_bidi(L, pg, b, ln, x0, base, col, whole, ux);
	else if (!L->err)
		emit_logical(L, pg, b, ln, x0, base, col, whole);
	if (whole == TAG_NONE)
		gpd__mc_end(L, pg);
	gpd__text_end(L, pg);
	if (links)
		gpd__underline_begin(L, pg, b->size);
	for (i = ln->first; links && i < ln->first + ln->n && !L->err; i++) {
		const frag *f = &b->frags[i];

		if (b->segs[f->seg].link_kind && !b->segs[f->seg].pageref)
			gpd__underline(pg, ux ? ux[2 * (i - ln->first)] : x0 + f->x, base,
				ux ? ux[2 * (i - ln->first) + 1] : f->w, b->size);
	}
	if (links)
		gpd__underline_end(L, pg);
	free(ux);
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
			HPDF_Destination_SetFitH(dst, gpd__pt_half(fminf(top + 6, L->st.page_height)));
			HPDF_Outline_SetDestination(L->outl[m->idx], dst);
		}
	}
}
