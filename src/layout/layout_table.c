/* layout_table.c: tables: column geometry and alignment, page breaks between rows (widows and orphans), the header row repeated. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "layout/layout_flow.h"
#include "layout/layout_page.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/* ---- tables ------------------------------------------------------------------ */

typedef struct tbl {
	const gpd_table *t;
	float x[64], w[64];    /* column left edges and widths */
	float size, pitch, padx, pady, width, hdr_h;
	block *hdr, *row;
	float *h;              /* each row's height */
	unsigned char *brk;    /* a new page starts before the row */
	uint32_t cell[64];     /* the structure elements of the row being drawn */
} tbl;

static int table_setup(gpd_layout *L, const gpd_table *t, tbl *k)
{
	float sum = 0, x, w;
	size_t c;

	if (!t || !t->ncols || t->ncols > 64 || !t->col_frac
	    || (t->nrows && !t->cells))
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "bad table");
	for (c = 0; c < t->ncols; c++) {
		if (!(t->col_frac[c] > 0))
			return gpd__fail(L, GPD_LAYOUT_EINVAL, "bad column width");
		sum += t->col_frac[c];
	}
	if (L->ncells < 2 * t->ncols) {
		block *nb = realloc(L->cells, 2 * t->ncols * sizeof *nb);
		if (!nb)
			return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		memset(nb + L->ncells, 0, (2 * t->ncols - L->ncells) * sizeof *nb);
		L->cells = nb;
		L->ncells = 2 * t->ncols;
	}
	gpd__measure(L, &x, &w);
	memset(k, 0, sizeof *k);
	k->t = t;
	k->size = L->st.small_size; /* gpd_style: "table text" */
	k->pitch = gpd__pitch_of(L, k->size) * GPD__TABLE_PITCH;
	k->padx = k->size * 0.5f;
	k->pady = k->size * 0.35f;
	k->width = w;
	k->hdr = L->cells;
	k->row = L->cells + t->ncols;
	for (c = 0; c < t->ncols; c++) {
		k->w[c] = w * t->col_frac[c] / sum;
		k->x[c] = c ? k->x[c - 1] + k->w[c - 1] : x;
	}
	return GPD_LAYOUT_OK;
}

/* Widens the columns whose widest word would not fit in their share, at
 * the expense of the others (in proportion to their shares), so no word is
 * cut while the table can be set without: "contribution" stays whole. */
static int fit_columns(gpd_layout *L, tbl *k)
{
	const gpd_table *t = k->t;
	float need[64] = {0}, total = 0, share = 0, room;
	unsigned char fixed[64] = {0};
	size_t r, c, pass;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			const gpd_cell *cell = &t->cells[r * t->ncols + c];
			float w;
			if (gpd__block_prep(L, &k->row[c], cell->runs, cell->n, k->size,
			    t->header_row && r == 0 ? GPD__BOLD : 0))
				return L->err;
			w = gpd__block_widest(L, &k->row[c]) + 2 * k->padx;
			need[c] = w > need[c] ? w : need[c];
		}
	for (c = 0; c < t->ncols; c++)
		total += need[c];
	if (total > k->width)
		return GPD_LAYOUT_OK; /* words must break anyway: the shares stand */
	for (pass = 0; pass < t->ncols; pass++) {
		int changed = 0;
		room = k->width;
		share = 0;
		for (c = 0; c < t->ncols; c++) {
			if (fixed[c])
				room -= need[c];
			else
				share += t->col_frac[c];
		}
		for (c = 0; c < t->ncols; c++) {
			if (fixed[c])
				continue;
			k->w[c] = room * t->col_frac[c] / share;
			if (k->w[c] < need[c]) {
				fixed[c] = 1;
				changed = 1;
			}
		}
		if (!changed)
			break;
	}
	for (c = 0; c < t->ncols; c++) {
		if (fixed[c])
			k->w[c] = need[c];
		k->x[c] = c ? k->x[c - 1] + k->w[c - 1] : k->x[0];
	}
	return GPD_LAYOUT_OK;
}

/* Lays out row r into bs; returns the number of lines of its tallest cell. */
static size_t row_prep(gpd_layout *L, tbl *k, size_t r, block *bs)
{
	size_t c, most = 1;

	for (c = 0; c < k->t->ncols; c++) {
		const gpd_cell *cell = &k->t->cells[r * k->t->ncols + c];
		float w = k->w[c] - 2 * k->padx;
		if (gpd__block_prep(L, &bs[c], cell->runs, cell->n, k->size,
		    k->t->header_row && r == 0)
		    || gpd__block_break(L, &bs[c], w > 1 ? w : 1))
			return 0;
		if (bs[c].nlines > most)
			most = bs[c].nlines;
	}
	return most;
}

/* The height line li of a row (laid out in bs) takes: the pitch, and
 * the room the tallest ink of its cells' line li needs (gpd__line_room),
 * *up of it above the line when up is not NULL. */
static float row_line(const tbl *k, const block *bs, size_t li, float *up)
{
	float most_up = 0, most_down = 0, u, d;

	for (size_t c = 0; c < k->t->ncols; c++) {
		if (li >= bs[c].nlines)
			continue;
		gpd__line_room(&bs[c].lines[li], k->pitch, k->size, &u, &d);
		most_up = u > most_up ? u : most_up;
		most_down = d > most_down ? d : most_down;
	}
	if (up)
		*up = most_up;
	return k->pitch + most_up + most_down;
}

/* The height of a row of n lines laid out in bs, its padding with it. */
static float row_h(const tbl *k, const block *bs, size_t n)
{
	float h = 2 * k->pady;

	for (size_t li = 0; li < n; li++)
		h += row_line(k, bs, li, NULL);
	return h;
}

/* Draws lines [from, to) of row r (laid out in bs) whose slice starts at
 * top and is h tall. */
static int row_draw(gpd_layout *L, tbl *k, size_t r, block *bs, int hdr,
	size_t from, size_t to, float top, float h, int first)
{
	HPDF_Page pg = gpd__cur_page(L);
	float y = top - (first ? k->pady : 0);
	size_t c, li;

	if (hdr) {
		gpd__art_begin(L, pg, ART_LAYOUT);
		HPDF_Page_SetRGBFill(pg, 0.93f, 0.95f, 0.97f);
		HPDF_Page_Rectangle(pg, k->x[0], top - h, k->width, h);
		HPDF_Page_Fill(pg);
		gpd__art_end(L, pg);
		L->cur_color.r = -1;
	}
	if (first && k->t->total_row && r + 1 == k->t->nrows && r > 0) {
		gpd__art_begin(L, pg, ART_LAYOUT);
		HPDF_Page_SetLineWidth(pg, 0.9f);
		HPDF_Page_SetRGBStroke(pg, L->st.rule.r, L->st.rule.g, L->st.rule.b);
		HPDF_Page_MoveTo(pg, k->x[0], top);
		HPDF_Page_LineTo(pg, k->x[0] + k->width, top);
		HPDF_Page_Stroke(pg);
		gpd__art_end(L, pg);
	}
	for (c = 0; c < k->t->ncols; c++) {
		const gpd_cell *cell = &k->t->cells[r * k->t->ncols + c];
		int right = k->t->align && k->t->align[c] == GPD_ALIGN_RIGHT;
		float ly = y, up;

		gpd__tag_swap_leaf(L, k->cell[c]);
		for (li = from; li < to && li < bs[c].nlines; li++) {
			float lh = row_line(k, bs, li, &up);
			if (gpd__emit_line(L, pg, &bs[c], li, right ? k->x[c] + k->w[c]
			    - k->padx - bs[c].lines[li].w
			    : gpd__line_start(&bs[c], li, k->x[c] + k->padx), ly - up
			    - gpd__baseline_off(k->pitch, k->size),
			    cell->muted ? &L->st.muted : &L->st.text))
				return L->err;
			ly -= lh;
		}
	}
	gpd__tag_swap_leaf(L, TAG_NONE);
	gpd__art_begin(L, pg, ART_LAYOUT);
	HPDF_Page_SetLineWidth(pg, hdr ? 0.9f : 0.4f);
	HPDF_Page_SetRGBStroke(pg, L->st.rule.r, L->st.rule.g, L->st.rule.b);
	HPDF_Page_MoveTo(pg, k->x[0], top - h);
	HPDF_Page_LineTo(pg, k->x[0] + k->width, top - h);
	HPDF_Page_Stroke(pg);
	gpd__art_end(L, pg);
	return L->err;
}

/* The header row again, at the top of a page the table continues on. */
static int repeat_header(gpd_layout *L, tbl *k)
{
	float top;

	if (gpd__place(L, k->hdr_h, &top))
		return L->err;
	/* the header again on the new page: pagination, read once */
	gpd__art_begin(L, gpd__cur_page(L), ART_PAGINATION);
	row_draw(L, k, 0, k->hdr, 1, 0, SIZE_MAX, top, k->hdr_h, 1);
	gpd__art_end(L, gpd__cur_page(L));
	return L->err;
}

/* Makes room for h points of row r, starting a new page (with the header
 * repeated) when they do not fit. */
static int row_room(gpd_layout *L, tbl *k, size_t r, float h)
{
	float gap;

	if (L->nhq && gpd__flow_flush(L, h, 0))
		return L->err;
	if (gpd__ensure_page(L))
		return L->err;
	gap = L->page_empty ? 0 : L->gap;
	if (L->page_empty || L->y - gap - h >= L->st.margin_bottom - GPD__EPS)
		return GPD_LAYOUT_OK;
	if (gpd__new_page(L))
		return L->err;
	if (!k->t->header_row || r == 0)
		return GPD_LAYOUT_OK;
	return repeat_header(L, k);
}

/* The row's TR and its cells: TH (the header row's, with /Scope /Column;
 * a row's first with header_col, /Scope /Row) or TD. */
static void row_tags(gpd_layout *L, tbl *k, size_t r)
{
	int hdr = k->t->header_row && r == 0;

	if (r == (k->t->header_row ? 1u : 0u)) {
		if (k->t->header_row)
			gpd__tag_close_to(L, T_THEAD);
		gpd__tag_group(L, T_TBODY);
	} else if (hdr) {
		gpd__tag_group(L, T_THEAD);
	}
	gpd__tag_group(L, T_TR);
	for (size_t c = 0; c < k->t->ncols; c++) {
		int th = hdr || (c == 0 && k->t->header_col);

		k->cell[c] = gpd__tag_leaf(L, th ? T_TH : T_TD);
		if (th)
			gpd__tag_scope(L, k->cell[c], hdr ? SCOPE_COLUMN : SCOPE_ROW);
	}
	gpd__tag_close_to(L, T_TR);
}

static int table_row(gpd_layout *L, tbl *k, size_t r)
{
	int hdr = k->t->header_row && r == 0;
	block *bs = hdr ? k->hdr : k->row;
	size_t n = row_prep(L, k, r, bs), li;
	float h = row_h(k, bs, n), top, lh;
	float body = gpd__page_top(L) - L->st.margin_bottom;

	if (L->err)
		return L->err;
	row_tags(L, k, r);
	if (k->brk[r] && !L->page_empty && (gpd__new_page(L) || (r > 0
	    && k->t->header_row && repeat_header(L, k))))
		return L->err;
	if (h <= body) {
		/* a header row needs room for one body line below it */
		if (row_room(L, k, r, h + (hdr ? k->pitch * 2 : 0))
		    || gpd__place(L, h, &top))
			return L->err;
		return row_draw(L, k, r, bs, hdr, 0, n, top, h, 1);
	}
	for (li = 0; li < n; li++) {   /* taller than a page: split by lines */
		lh = row_line(k, bs, li, NULL) + (li == 0 ? k->pady : 0)
			+ (li + 1 == n ? k->pady : 0);
		if (row_room(L, k, r, lh) || gpd__place(L, lh, &top)
		    || row_draw(L, k, r, bs, hdr, li, li + 1, top, lh, li == 0))
			return L->err;
	}
	return L->err;
}

/* May a page start with row r (r > 0)? Not below the header, nor among
 * the first `orphans` or last `widows` body rows. */
static int row_may_break(const gpd_layout *L, const tbl *k, size_t r)
{
	size_t hdr = k->t->header_row ? 1 : 0, nb = k->t->nrows - hdr, b = r - hdr;
	size_t orph = L->st.orphans > 1 ? (size_t)L->st.orphans : 1;
	size_t wid = L->st.widows > 1 ? (size_t)L->st.widows : 1;

	return r >= hdr + 1 && b >= orph && nb - b >= wid;
}

/* Measures every row, then decides before which rows pages start (as
 * layout_flow.c does for lines); a row taller than a page splits itself. */
static int table_plan(gpd_layout *L, tbl *k)
{
	const gpd_table *t = k->t;
	float body = gpd__page_top(L) - L->st.margin_bottom, y, lead = 0;
	float bottom = L->st.margin_bottom - GPD__EPS;
	size_t r, q, start = 0;
	int empty, fresh;

	for (r = 0; r < t->nrows; r++) {
		int hdr = t->header_row && r == 0;
		size_t n = row_prep(L, k, r, hdr ? k->hdr : k->row);
		if (L->err)
			return L->err;
		k->h[r] = row_h(k, hdr ? k->hdr : k->row, n);
		k->brk[r] = 0;
		if (hdr)
			k->hdr_h = k->h[r];
	}
	/* the headings before it stay with its first rows */
	for (r = 0; r < t->nrows && r < (t->header_row ? 1u : 0u)
	    + (size_t)(L->st.orphans > 1 ? L->st.orphans : 1); r++)
		lead += k->h[r];
	if (gpd__flow_flush(L, fminf(lead, body), 0) || gpd__ensure_page(L))
		return L->err;
	y = L->y - (L->page_empty ? 0 : L->gap);
	empty = fresh = L->page_empty;
	for (r = 0; r < t->nrows;) {
		size_t lo = fresh ? start + 1 : 0;
		int found = 0;
		if (empty || k->h[r] > body || y - k->h[r] >= bottom) {
			y -= k->h[r];
			empty = 0;
			r++;
			continue;
		}
		for (q = r + 1; q-- > lo;)
			if (q == 0 || row_may_break(L, k, q)) {
				found = 1;
				break;
			}
		if (!found)
			q = r;
		k->brk[q] = 1;
		start = r = q;
		fresh = empty = 1;
		y = gpd__page_top(L) - (q > 0 && t->header_row ? k->hdr_h : 0);
	}
	return L->err;
}

int gpd_layout_table(gpd_layout *L, const gpd_table *t)
{
	tbl k;
	size_t r;

	GPD__CHECK(L);
	if (table_setup(L, t, &k))
		return L->err;
	gpd__add_gap(L, L->st.para_space);
	gpd__tag_group(L, T_TABLE);
	k.h = malloc((t->nrows ? t->nrows : 1) * sizeof *k.h);
	k.brk = malloc(t->nrows ? t->nrows : 1);
	if (!k.h || !k.brk)
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	else if (!fit_columns(L, &k) && !table_plan(L, &k))
		for (r = 0; r < t->nrows; r++)
			if (table_row(L, &k, r))
				break;
	free(k.h);
	free(k.brk);
	gpd__tag_close_to(L, T_TABLE);
	gpd__add_gap(L, L->st.para_space * 1.3f);
	return L->err;
}
