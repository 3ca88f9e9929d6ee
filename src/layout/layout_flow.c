/* layout_flow.c: blocks held back until what follows them is known, then placed page by page: headings kept with the lines after them, widows and orphans, groups kept together, no lone line before a forced break. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "layout/layout_defer.h"
#include "layout/layout_flow.h"
#include "layout/layout_page.h"
#include "layout/layout_show.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/*
 * Every block (paragraph, heading, label, code, contents entry) is broken
 * into lines when it is given, then held. Pages are decided line by line:
 * when a line does not fit, the page ends before the latest line where a
 * break is allowed (not inside a block's first `orphans` or last `widows`
 * lines, not after a heading or label, not inside a group that fits on a
 * page, not before the last line before a forced break), so no rule needs
 * to look back at anything already drawn. The last two units (a block with
 * the headings before it, or a kept group) stay held, because a forced
 * break after them may still move their lines; older ones are drawn.
 */

struct plan_line {
	size_t e, li;      /* held entry and its line */
	int brk;           /* a new page starts before it */
};


static int place(gpd_layout *L, size_t count, float h_next, int tail);

/* ---- the queue -------------------------------------------------------------- */

held *gpd__flow_new(gpd_layout *L)
{
	size_t old = L->chq;
	held *h;
	block b;

	if (L->err)
		return NULL;
	if (L->nhq >= MAX_HELD && place(L, L->nhq - 1, 0, 0))
		return NULL;
	if (gpd__grow(L, &L->hq, &L->chq, L->nhq + 1, sizeof *h))
		return NULL;
	if (L->chq > old)
		memset(L->hq + old, 0, (L->chq - old) * sizeof *h);
	h = &L->hq[L->nhq];
	b = h->b;
	memset(h, 0, sizeof *h);
	h->b = b;
	gpd__block_reset(&h->b);
	return h;
}

/* May a page break fall between held entries e - 1 and e, as far as
 * their kinds tell (a group's fit is known only when planning)? */
static int between(const gpd_layout *L, size_t e)
{
	const held *p = &L->hq[e - 1], *q = &L->hq[e];

	return !p->keep_next && !(p->group && p->group == q->group);
}

/* Keeps the last two units held and places the older ones. */
static int hold_two(gpd_layout *L)
{
	size_t e, last = 0, prev = 0;

	for (e = 1; e < L->nhq; e++)
		if (between(L, e)) {
			prev = last;
			last = e;
		}
	return prev ? place(L, prev, 0, 0) : GPD_LAYOUT_OK;
}

int gpd__flow_push(gpd_layout *L, held *h)
{
	if (L->err)
		return L->err;
	gpd__block_release(L, &h->b);
	if (!h->b.nlines) /* nothing to draw: its gap and marker stay pending */
		return GPD_LAYOUT_OK;
	h->gap = L->gap;
	L->gap = 0;
	h->mark_end = L->nmarks;
	h->nquotes = L->nquotes;
	h->group = L->group;
	if (L->marker[0]) {
		memcpy(h->marker, L->marker, sizeof h->marker);
		h->marker_slot = L->marker_slot;
		h->marker_right = L->marker_right;
		h->marker_tag = gpd__tag_marker(L);
		gpd__tag_set_marker(L, TAG_NONE);
		L->marker[0] = '\0';
	}
	L->nhq++;
	return hold_two(L);
}

/* Swaps held entries in place (their buffers travel with them). */
static void reverse(held *a, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		held t = a[i];
		a[i] = a[n - 1 - i];
		a[n - 1 - i] = t;
	}
}

/* Removes the first count entries; their slots go after the rest. */
static void drop(gpd_layout *L, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (gpd__block_bytes(&L->hq[i].b) > GPD_HELD_KEEP_BYTES)
			gpd__block_free(&L->hq[i].b);
	reverse(L->hq, count);
	reverse(L->hq + count, L->nhq - count);
	reverse(L->hq, L->nhq);
	L->nhq -= count;
}

void gpd__flow_free(gpd_layout *L)
{
	size_t i;

	for (i = 0; i < L->chq; i++)
		gpd__block_free(&L->hq[i].b);
	free(L->hq);
	free(L->plan);
}

/* ---- deciding the pages -------------------------------------------------------- */

static float body_height(const gpd_layout *L)
{
	return gpd__page_top(L) - L->st.margin_bottom;
}

/* The height line li of h takes: its pitch, and the room ink taller
 * than the line (stacked marks, a tall glyph) needs (gpd__line_room),
 * *up of it above the line. */
static float line_h(const held *h, size_t li, float *up)
{
	float u, d;

	gpd__line_room(&h->b.lines[li], h->pitch, h->b.size, &u, &d);
	if (up)
		*up = u;
	return h->pitch + u + d;
}

/* The height of all h's lines. */
static float held_h(const held *h)
{
	float t = 0;

	for (size_t li = 0; li < h->b.nlines; li++)
		t += line_h(h, li, NULL);
	return t;
}

/* Marks the entries of [0, count) whose kept group fits on a page. */
static void groups_fit(gpd_layout *L, size_t count)
{
	size_t e = 0, f;

	while (e < count) {
		held *g = &L->hq[e];
		float h = 0;

		if (!g->group) {
			g->gfits = 0;
			e++;
			continue;
		}
		for (f = e; f < count && L->hq[f].group == g->group; f++)
			h += (f > e ? L->hq[f].gap : 0) + held_h(&L->hq[f]);
		for (; e < f; e++)
			L->hq[e].gfits = h <= body_height(L) + GPD__EPS;
	}
}

static size_t at_least_one(int v)
{
	return v > 1 ? (size_t)v : 1;
}

/* May a page break fall before line i of the n being placed? */
static int may_break(const gpd_layout *L, size_t i, size_t n, int tail)
{
	const struct plan_line *pl = L->plan;
	const held *h = &L->hq[pl[i].e], *p;
	size_t li = pl[i].li, nl = h->b.nlines;

	if (tail && i + 1 == n)
		return 0; /* the last line never starts a page alone */
	if (li > 0)
		return h->split && !(h->group && h->gfits)
			&& li >= at_least_one(L->st.orphans)
			&& nl - li >= at_least_one(L->st.widows);
	if (pl[i].e == 0)
		return 1;
	p = &L->hq[pl[i].e - 1];
	return !p->keep_next && !(p->group && p->group == h->group && h->gfits);
}

/* The latest line in [lo, i] a page may start with; i when there is none
 * (a group or heading run taller than a page must break somewhere). */
static size_t find_break(const gpd_layout *L, size_t lo, size_t i, size_t n,
	int tail)
{
	size_t q;

	for (q = i + 1; q-- > lo;)
		if (may_break(L, q, n, tail))
			return q;
	return i;
}

/* Lists the lines of entries [0, count) and marks where pages start. */
static int plan(gpd_layout *L, size_t count, float h_next, int tail, size_t *nout)
{
	float bottom = L->st.margin_bottom - GPD__EPS, y = L->y;
	size_t n = 0, e, li, i, start = 0;
	int empty = L->page_empty, fresh = L->page_empty;

	for (e = 0; e < count; e++)
		n += L->hq[e].b.nlines;
	if (gpd__grow(L, &L->plan, &L->cplan, n ? n : 1, sizeof *L->plan))
		return L->err;
	for (e = 0, i = 0; e < count; e++)
		for (li = 0; li < L->hq[e].b.nlines; li++)
			L->plan[i++] = (struct plan_line){ e, li, 0 };
	groups_fit(L, count);
	for (i = 0; i < n;) {
		const held *h = &L->hq[L->plan[i].e];
		float need = line_h(h, L->plan[i].li, NULL)
			+ (L->plan[i].li == 0 && !empty ? h->gap : 0);
		if (empty || y - need >= bottom) {
			y -= need;
			empty = 0;
			i++;
			continue;
		}
		/* a page begun here keeps its first line */
		i = find_break(L, fresh ? start + 1 : 0, i, n, tail);
		L->plan[i].brk = 1;
		start = i;
		fresh = 1;
		y = gpd__page_top(L);
		empty = 1;
	}
	/* a heading last is kept with the unit the caller places next */
	if (h_next > 0 && n && L->hq[count - 1].keep_next && !empty
	    && y - L->gap - h_next < bottom) {
		i = find_break(L, fresh ? start + 1 : 0, n - 1, n, 0);
		if (may_break(L, i, n, 0))
			L->plan[i].brk = 1;
	}
	*nout = n;
	return L->err;
}

/* ---- drawing ------------------------------------------------------------------ */

/* A list or tick marker hangs left of its block's first line. */
static void draw_marker(gpd_layout *L, HPDF_Page pg, const held *h, float base)
{
	float size = L->st.base_size;
	float x = h->marker_right - gpd__str_width(L, h->marker_slot, size, h->marker);

	if (x < L->st.margin_left)
		x = L->st.margin_left;
	/* a right-to-left item starts at the right: its marker there, as far
	 * from the text as on the left, in the indentation (list_mirror) */
	if (h->kind == HELD_TEXT && h->b.base_rtl)
		x = h->x0 + h->b.width + (h->x0 + h->mirror - h->marker_right);
	gpd__mc_around(L, pg, TAG_NONE); /* its own sequence, in its Lbl */
	gpd__text_begin(L, pg);
	gpd__set_font(L, pg, h->marker_slot, size);
	gpd__set_fill(L, pg, &L->st.text);
	gpd__mc_begin(L, pg, h->marker_tag);
	gpd__text_out(L, pg, x, base, h->marker, strlen(h->marker));
	gpd__mc_end(L, pg);
	gpd__text_end(L, pg);
}

/* The rest of a wrapped line of code: a hooked arrow before it. */
static void draw_continuation(gpd_layout *L, HPDF_Page pg, const held *h,
	float base)
{
	int slot = gpd__adv(L, SLOT_MONO, CONT_MARK_CP) >= 0 ? SLOT_MONO
		: gpd__adv(L, SLOT_FB, CONT_MARK_CP) >= 0 ? SLOT_FB : -1;

	if (slot < 0)
		return;
	gpd__art_begin(L, pg, ART_LAYOUT); /* a mark of the layout, not the text */
	gpd__text_begin(L, pg);
	gpd__set_font(L, pg, slot, h->b.size);
	gpd__set_fill(L, pg, &L->st.muted);
	gpd__text_out(L, pg, h->x0, base, CONT_MARK, sizeof CONT_MARK - 1);
	gpd__text_end(L, pg);
	gpd__art_end(L, pg);
}

/* Dots on a fixed grid (so leaders of all entries line up), drawn as one
 * string whose character spacing makes the pitch. */
static void leader(gpd_layout *L, HPDF_Page pg, float x0, float x1,
	float base, float size)
{
	float pitch = size * 0.55f, dotw = gpd__str_width(L, SLOT_REG, size, ".");
	float start = ceilf(x0 / pitch) * pitch;
	int n = (int)floorf((x1 - dotw - start) / pitch) + 1, i;

	if (n < 2)
		return;
	if (gpd__grow(L, &L->scratch, &L->scratch_cap, (size_t)n + 1, 1))
		return;
	for (i = 0; i < n; i++)
		L->scratch[i] = '.';
	L->scratch[n] = '\0';
	gpd__art_begin(L, pg, ART_LAYOUT);
	gpd__text_begin(L, pg);
	gpd__set_font(L, pg, SLOT_REG, size);
	gpd__set_fill(L, pg, &L->st.muted);
	HPDF_Page_SetCharSpace(pg, pitch - dotw);
	gpd__text_out(L, pg, start, base, L->scratch, (size_t)n);
	HPDF_Page_SetCharSpace(pg, 0);
	gpd__text_end(L, pg);
	gpd__art_end(L, pg);
}

/* A contents entry's line: the link over it; after its last line the
 * dotted leader and the page number. */
static int draw_toc_line(gpd_layout *L, HPDF_Page pg, const held *h, size_t li,
	float top, float base)
{
	float size = h->b.size;

	if (gpd__defer_contents(L, DEF_LINK, h->anchor, h->x0, top - line_h(h, li, NULL),
	    h->right, top, h->toc_slot))
		return L->err;
	if (li + 1 < h->b.nlines)
		return L->err;
	leader(L, pg, h->x0 + h->b.lines[li].w + size * 0.5f,
		h->right - h->numw - size * 0.4f, base, size);
	return gpd__defer_contents(L, DEF_NUM_RIGHT, h->anchor, h->right, base, 0, 0,
		h->toc_slot);
}

/* Puts line li of h at the cursor (a new page first when planned). */
static int draw_line(gpd_layout *L, held *h, size_t li, int brk)
{
	HPDF_Page pg;
	float top, base, x, up;
	uint32_t leaf;
	int q;

	if (brk && !L->page_empty && gpd__new_page(L))
		return L->err;
	if (li == 0 && !L->page_empty)
		L->y -= h->gap;
	top = L->y;
	L->y -= line_h(h, li, &up);
	L->page_empty = 0;
	L->mark_limit = h->mark_end;
	gpd__resolve_marks(L, top);
	for (q = 0; q < h->nquotes && q < L->nquotes; q++)
		if (L->quotes[q].y_top < 0) {
			L->quotes[q].y_top = top;
			L->quotes[q].page = L->npages - 1;
		}
	pg = gpd__cur_page(L);
	base = top - up - gpd__baseline_off(h->pitch, h->b.size);
	/* the text is the content of the element made when it was held */
	leaf = gpd__tag_swap_leaf(L, h->tag);
	if (li == 0 && h->marker[0])
		draw_marker(L, pg, h, base);
	if (h->kind == HELD_CODE && h->b.lines[li].cont)
		draw_continuation(L, pg, h, base);
	if (h->kind == HELD_TEXT) /* a right-to-left paragraph flush right */
		x = gpd__line_start(&h->b, li, h->x0);
	else
		x = h->x0 + (h->kind == HELD_CODE && h->b.lines[li].cont ? h->cont : 0);
	if (!gpd__emit_line(L, pg, &h->b, li, x, base, h->col) && h->kind == HELD_TOC)
		draw_toc_line(L, pg, h, li, top, base);
	gpd__tag_swap_leaf(L, leaf);
	return L->err;
}

/* Places held entries [0, count), then forgets them. */
static int place(gpd_layout *L, size_t count, float h_next, int tail)
{
	size_t n = 0, i;

	if (!count || gpd__ensure_page(L) || plan(L, count, h_next, tail, &n))
		return L->err;
	L->flushing = 1;
	for (i = 0; i < n && !L->err; i++)
		draw_line(L, &L->hq[L->plan[i].e], L->plan[i].li, L->plan[i].brk);
	L->flushing = 0;
	drop(L, count);
	if (!L->nhq)
		L->mark_limit = SIZE_MAX;
	return L->err;
}

/* Reserves h points for a unit drawn directly (a table row, a rule) after
 * the held blocks, and returns its top. Gaps vanish at the top of a page. */
int gpd__place(gpd_layout *L, float h, float *top)
{
	float gap;
	int i;

	if (L->nhq && !L->flushing && gpd__flow_flush(L, h, 0))
		return L->err;
	if (gpd__ensure_page(L))
		return L->err;
	L->mark_limit = SIZE_MAX;
	gap = L->page_empty ? 0 : L->gap;
	if (!L->page_empty && L->y - gap - h < L->st.margin_bottom - GPD__EPS) {
		if (gpd__new_page(L))
			return L->err;
		gap = 0;
	}
	L->y -= gap;
	L->gap = 0;
	*top = L->y;
	L->y -= h;
	L->page_empty = 0;
	gpd__resolve_marks(L, *top);
	for (i = 0; i < L->nquotes; i++)
		if (L->quotes[i].y_top < 0) {
			L->quotes[i].y_top = *top;
			L->quotes[i].page = L->npages - 1;
		}
	return L->err;
}

int gpd__flow_flush(gpd_layout *L, float h_next, int tail)
{
	return place(L, L->nhq, h_next, tail);
}

int gpd__flow_flush_body(gpd_layout *L)
{
	size_t count = L->nhq;

	while (count && L->hq[count - 1].keep_next)
		count--;
	return place(L, count, 0, 0);
}
