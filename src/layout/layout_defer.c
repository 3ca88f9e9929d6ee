/* layout_defer.c: links and page numbers whose target is known only at the end, recorded while placing and drawn when finishing. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <hpdf.h>

#include "layout/layout_defer.h"
#include "layout/layout_hpdf.h"
#include "layout/layout_show.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/* ---- recorded while placing --------------------------------------------- */

static int defer_add(gpd_layout *L, const defer *d)
{
	if (gpd__grow(L, &L->defs, &L->cdefs, L->ndefs + 1, sizeof *d))
		return L->err;
	L->defs[L->ndefs++] = *d;
	return GPD_LAYOUT_OK;
}

/* Links to anchors are only known at the end; URIs are annotated now. */
int gpd__defer_link(gpd_layout *L, HPDF_Page pg, const block *b,
	const seg *s, float x, float base, float w)
{
	HPDF_Rect r = { gpd__pt_half(x), gpd__pt_half(base - 0.25f * b->size), gpd__pt_half(x + w),
		gpd__pt_half(base + 0.85f * b->size) };
	defer d;

	/* every link is held until the save: past the limit, memory would
	 * follow a text of nothing but links, so the rest stay text */
	if (L->nlinks >= GPD_MAX_PDF_LINKS) {
		if (L->nlinks++ == GPD_MAX_PDF_LINKS)
			gpd__warn(L, GPD_LAYOUT_W_TOO_MANY_LINKS, GPD_LIMIT_TEXT(GPD_MAX_PDF_LINKS));
		return L->err;
	}
	L->nlinks++;

	if (s->link_kind == LINK_URI) {
		HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(pg, r,
			b->arena + s->link_off);
		if (a) {
			HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			gpd__tag_annot(L, a, L->npages - 1, s->tag, b->arena + s->link_off);
			gpd__annot_compact(a);
		}
		return L->err;
	}
	memset(&d, 0, sizeof d);
	d.kind = DEF_LINK;
	d.tag = s->tag;
	d.page = L->npages - 1;
	d.anchor = gpd__intern(L, b->arena + s->link_off,
		strlen(b->arena + s->link_off));
	d.x0 = r.left; d.y0 = r.bottom; d.x1 = r.right; d.y1 = r.top;
	return d.anchor == SIZE_MAX ? L->err : defer_add(L, &d);
}

int gpd__defer_number(gpd_layout *L, const block *b, const seg *s,
	float x, float base)
{
	defer d;

	memset(&d, 0, sizeof d);
	d.kind = DEF_NUM_LEFT;
	d.page = L->npages - 1;
	d.anchor = gpd__intern(L, b->arena + s->link_off,
		strlen(b->arena + s->link_off));
	d.x0 = x;
	d.y0 = base;
	d.x1 = x + s->fixed_w;
	d.slot = s->slot;
	d.size = b->size;
	d.color = L->st.link;
	d.tag = s->tag;
	d.mcid = gpd__mc_reserve(L, s->tag);
	L->pages[d.page].numbers++;
	return d.anchor == SIZE_MAX ? L->err : defer_add(L, &d);
}

int gpd__defer_contents(gpd_layout *L, int kind, size_t anchor, float x0,
	float y0, float x1, float y1, int slot)
{
	defer d;

	memset(&d, 0, sizeof d);
	d.kind = kind;
	d.page = L->npages - 1;
	d.anchor = anchor;
	d.x0 = x0; d.y0 = y0; d.x1 = x1; d.y1 = y1;
	d.slot = slot;
	d.size = L->st.base_size;
	d.color = L->st.text;
	/* the entry's Link, the leaf while it is placed */
	d.tag = gpd__tag_swap_leaf(L, TAG_NONE);
	gpd__tag_swap_leaf(L, d.tag);
	if (kind != DEF_LINK) {
		d.mcid = gpd__mc_reserve(L, d.tag);
		L->pages[d.page].numbers++;
	}
	return defer_add(L, &d);
}

/* ---- drawn when finishing ----------------------------------------------- */

/* The anchor's page for a deferred reference; warns once per unknown id. */
static int target_page(gpd_layout *L, const char *id)
{
	anchor_ent *e = gpd__anchor_find(L, id);

	if (e && e->page >= 0)
		return e->page;
	if (!e) {
		gpd__warn(L, GPD_LAYOUT_W_UNRESOLVED_ANCHOR, id);
		gpd__anchor_add(L, id, -2);
	}
	return -1;
}

static void finish_defer(gpd_layout *L, const defer *d)
{
	HPDF_Page pg = L->pages[d->page].page;
	int tp = target_page(L, L->strs + d->anchor);
	char num[24];
	float w;

	if (d->kind == DEF_LINK) {
		HPDF_Rect r = { gpd__pt_half(d->x0), gpd__pt_half(d->y0), gpd__pt_half(d->x1), gpd__pt_half(d->y1) };
		HPDF_Destination dst;
		HPDF_Annotation an;
		if (tp < 0 || !(dst = HPDF_Page_CreateDestination(L->pages[tp].page)))
			return;
		HPDF_Destination_SetFitH(dst, gpd__pt_half(fminf(gpd__anchor_find(L,
			L->strs + d->anchor)->y + 6, L->st.page_height)));
		if ((an = HPDF_Page_CreateLinkAnnot(pg, r, dst)) != NULL) {
			HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
			snprintf(num, sizeof num, "page %d", tp + 1);
			gpd__tag_annot(L, an, d->page, d->tag, num);
			gpd__annot_compact(an);
		}
		return;
	}
	if (tp >= 0)
		snprintf(num, sizeof num, "%d", tp + 1);
	else
		snprintf(num, sizeof num, "?");
	w = gpd__str_width(L, d->slot, d->size, num);
	gpd__text_begin(L, pg);
	L->cur_slot = -1; /* another page's text state */
	gpd__show_font(L, pg, d->slot, d->size);
	HPDF_Page_SetRGBFill(pg, d->color.r, d->color.g, d->color.b);
	/* an inline number longer than the room kept for it is condensed,
	 * never allowed to overprint the text that follows */
	if (d->kind == DEF_NUM_LEFT && w > d->x1 - d->x0 + GPD__EPS)
		HPDF_Page_SetHorizontalScalling(pg, 100 * (d->x1 - d->x0) / w);
	gpd__mc_write(L, pg, d->tag, d->mcid);
	gpd__text_out(L, pg, d->kind == DEF_NUM_RIGHT ? d->x0 - w : d->x0,
		d->y0, num, strlen(num));
	gpd__mc_end(L, pg);
	HPDF_Page_SetHorizontalScalling(pg, 100);
	gpd__text_end(L, pg);
	if (d->kind == DEF_NUM_LEFT) {
		gpd__underline_begin(L, pg, d->size);
		gpd__underline(pg, d->x0, d->y0, fminf(w, d->x1 - d->x0), d->size);
		gpd__underline_end(L, pg);
	}
}

void gpd__defers_finish(gpd_layout *L)
{
	for (size_t i = 0; i < L->ndefs && !L->err; i++)
		finish_defer(L, &L->defs[i]);
}
