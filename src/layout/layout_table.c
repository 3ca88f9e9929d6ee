/* layout_table.c: tables: column geometry, rows split across pages, the header row repeated. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "layout/layout_page.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/* ---- tables ------------------------------------------------------------------ */

typedef struct tbl {
	const gpd_table *t;
	float x[64], w[64];    /* column left edges and widths */
	float size, pitch, padx, pady, width, hdr_h;
	block *hdr, *row;
	uint32_t cell[64];     /* the structure elements of the row being drawn */
	int art;               /* drawing the repeated header: an artifact */
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
	k->pitch = gpd__pitch_of(L, k->size) * 0.95f;
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

/* Draws lines [from, to) of a row whose slice starts at top and is h tall. */
static int row_draw(gpd_layout *L, tbl *k, block *bs, int hdr, size_t from,
	size_t to, float top, float h, int first)
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
	for (c = 0; c < k->t->ncols; c++) {
		gpd__tag_swap_leaf(L, k->cell[c]);
		for (li = from; li < to && li < bs[c].nlines; li++)
			if (gpd__emit_line(L, pg, &bs[c], li, k->x[c] + k->padx, y
			    - (float)(li - from) * k->pitch
			    - gpd__baseline_off(k->pitch, k->size), &L->st.text))
				return L->err;
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

/* Makes room for h points of row r, starting a new page (with the header
 * repeated) when they do not fit. */
static int row_room(gpd_layout *L, tbl *k, size_t r, float h)
{
	float top, gap;

	if (L->nph && gpd__flush_headings(L, h))
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
	if (gpd__place(L, k->hdr_h, &top))
		return L->err;
	/* the header again on the new page: pagination, read once */
	gpd__art_begin(L, gpd__cur_page(L), ART_PAGINATION);
	row_draw(L, k, k->hdr, 1, 0, SIZE_MAX, top, k->hdr_h, 1);
	gpd__art_end(L, gpd__cur_page(L));
	return L->err;
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
	float h = (float)n * k->pitch + 2 * k->pady, top, lh;
	float body = gpd__page_top(L) - L->st.margin_bottom;

	if (L->err)
		return L->err;
	row_tags(L, k, r);
	if (hdr)
		k->hdr_h = h;
	if (h <= body) {
		/* a header row needs room for one body line below it */
		if (row_room(L, k, r, h + (hdr ? k->pitch * 2 : 0))
		    || gpd__place(L, h, &top))
			return L->err;
		return row_draw(L, k, bs, hdr, 0, n, top, h, 1);
	}
	for (li = 0; li < n; li++) {   /* taller than a page: split by lines */
		lh = k->pitch + (li == 0 ? k->pady : 0) + (li + 1 == n ? k->pady : 0);
		if (row_room(L, k, r, lh) || gpd__place(L, lh, &top)
		    || row_draw(L, k, bs, hdr, li, li + 1, top, lh, li == 0))
			return L->err;
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
	for (r = 0; r < t->nrows; r++)
		if (table_row(L, &k, r))
			return L->err;
	gpd__tag_close_to(L, T_TABLE);
	gpd__add_gap(L, L->st.para_space * 1.3f);
	return L->err;
}
