/* layout.c: pages, vertical placement, blocks, deferred page numbers and links, saving. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>

#include "layout/layout_priv.h"

#define EPS 0.01f
#define HEAD_LEADING 1.2f

#define CHECK(L) do { \
	if (!(L)) return GPD_LAYOUT_EINVAL; \
	if ((L)->err) return (L)->err; \
	if ((L)->finished) \
		return gpd__fail((L), GPD_LAYOUT_EINVAL, "document already saved"); \
} while (0)

/* ---- errors, memory, strings ------------------------------------------ */

int gpd__fail(gpd_layout *L, int code, const char *fmt, ...)
{
	va_list ap;

	if (!L->err) {
		L->err = code;
		va_start(ap, fmt);
		vsnprintf(L->errmsg, sizeof L->errmsg, fmt, ap);
		va_end(ap);
	}
	return L->err;
}

void gpd__warn(gpd_layout *L, gpd_layout_warn kind, const char *arg)
{
	if (L->warn)
		L->warn(L->wctx, kind, arg);
}

/* The texts of the warnings, each with at most one %s for its argument. */
static const char *const warn_texts[] = {
	[GPD_LAYOUT_W_MISSING_GLYPH] = "no glyph for %s; printed as a replacement mark",
	[GPD_LAYOUT_W_BAD_UTF8] = "invalid UTF-8 replaced by U+FFFD",
	[GPD_LAYOUT_W_UNRESOLVED_ANCHOR] = "unresolved anchor \"%s\"",
	[GPD_LAYOUT_W_DUPLICATE_ANCHOR] = "anchor \"%s\" defined twice; the first one wins",
	/* (one literal: clang reads two in an initialiser list as a missed comma) */
	[GPD_LAYOUT_W_TOO_MANY_LINKS] = "more than %s links in this edition: the rest print as plain text, not as links (the Markdown keeps them)",
	[GPD_LAYOUT_W_INVALID_STYLE] = "layout: invalid style",
	[GPD_LAYOUT_W_CANNOT_START] = "layout: %s",
};
_Static_assert(sizeof warn_texts / sizeof *warn_texts == GPD_LAYOUT_W__COUNT,
	"every layout warning has a text");

char *gpd_layout_warn_text(gpd_layout_warn kind, const char *arg, char *buf, size_t n)
{
	const char *t = (unsigned)kind < GPD_LAYOUT_W__COUNT ? warn_texts[kind] : "layout: %s";
	const char *hole = strstr(t, "%s");

	if (n == 0)
		return buf;
	/* the text around the hole, the argument in it: no runtime format */
	if (hole)
		snprintf(buf, n, "%.*s%s%s", (int)(hole - t), t, arg ? arg : "", hole + 2);
	else
		snprintf(buf, n, "%s", t);
	return buf;
}

/* Grows the array whose pointer lives at pp to hold need elements,
 * doubling so appends stay amortised O(1). The pointer is moved with
 * memcpy because its real type is not void *. Nonzero on failure. */
int gpd__grow(gpd_layout *L, void *pp, size_t *cap, size_t need, size_t elsz)
{
	void *old, *q;
	size_t nc = *cap ? *cap : 16;

	if (need <= *cap)
		return 0;
	while (nc < need) {
		if (nc > SIZE_MAX / 2 / elsz)
			return gpd__fail(L, GPD_LAYOUT_ENOMEM, "array too large");
		nc *= 2;
	}
	memcpy(&old, pp, sizeof old);
	q = realloc(old, nc * elsz);
	if (!q)
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	memcpy(pp, &q, sizeof q);
	*cap = nc;
	return 0;
}

/* Copies s into the string pool; returns its offset or SIZE_MAX. Offsets,
 * not pointers, because the pool moves when it grows. */
size_t gpd__intern(gpd_layout *L, const char *s, size_t n)
{
	size_t off = L->slen;

	if (gpd__grow(L, &L->strs, &L->scap, L->slen + n + 1, 1))
		return SIZE_MAX;
	memcpy(L->strs + off, s, n);
	L->strs[off + n] = '\0';
	L->slen += n + 1;
	return off;
}

/* ---- anchors ------------------------------------------------------------ */

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

anchor_ent *gpd__anchor_find(const gpd_layout *L, const char *id)
{
	size_t i;

	if (!L->acap || !id)
		return NULL;
	for (i = hash_str(id) & (L->acap - 1); L->atab[i].key != SIZE_MAX;
	     i = (i + 1) & (L->acap - 1))
		if (strcmp(L->strs + L->atab[i].key, id) == 0)
			return &L->atab[i];
	return NULL;
}

static void anchor_insert(anchor_ent *tab, size_t cap, const char *strs,
	anchor_ent e)
{
	size_t i = hash_str(strs + e.key) & (cap - 1);

	while (tab[i].key != SIZE_MAX)
		i = (i + 1) & (cap - 1);
	tab[i] = e;
}

/* Open addressing at most half full: lookups stay O(1) for the 10,000s
 * of anchors a large compendium has. */
static anchor_ent *anchor_add(gpd_layout *L, const char *id, int page)
{
	anchor_ent e = { 0, page, 0 };
	size_t i;

	if ((L->acount + 1) * 2 > L->acap) {
		size_t nc = L->acap ? L->acap * 2 : 256;
		anchor_ent *t = malloc(nc * sizeof *t);
		if (!t) {
			gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
			return NULL;
		}
		for (i = 0; i < nc; i++)
			t[i].key = SIZE_MAX;
		for (i = 0; i < L->acap; i++)
			if (L->atab[i].key != SIZE_MAX)
				anchor_insert(t, nc, L->strs, L->atab[i]);
		free(L->atab);
		L->atab = t;
		L->acap = nc;
	}
	if ((e.key = gpd__intern(L, id, strlen(id))) == SIZE_MAX)
		return NULL;
	anchor_insert(L->atab, L->acap, L->strs, e);
	L->acount++;
	return gpd__anchor_find(L, id);
}

/* ---- pages -------------------------------------------------------------- */

static HPDF_Page cur_page(const gpd_layout *L)
{
	return L->pages[L->npages - 1].page;
}

static float page_top(const gpd_layout *L)
{
	return L->st.page_height - L->st.margin_top;
}

static void vrule(gpd_layout *L, HPDF_Page pg, float x, float y0, float y1)
{
	HPDF_Page_SetLineWidth(pg, 1.6f);
	HPDF_Page_SetRGBStroke(pg, L->st.rule.r, L->st.rule.g, L->st.rule.b);
	HPDF_Page_MoveTo(pg, x, y0);
	HPDF_Page_LineTo(pg, x, y1);
	HPDF_Page_Stroke(pg);
}

/* Draws the left rule of every open quote down to the cursor; the rest
 * continues from the top of the next page. */
static void quotes_close_page(gpd_layout *L)
{
	int i;

	for (i = 0; i < L->nquotes; i++) {
		quote_state *q = &L->quotes[i];
		if (q->y_top >= 0 && q->page + 1 == L->npages)
			vrule(L, cur_page(L), q->x, q->y_top, L->y);
		q->y_top = -1;
	}
}

static int new_page(gpd_layout *L)
{
	HPDF_Page pg;
	pageinfo *pi;

	if (L->err)
		return L->err;
	if (L->npages >= (size_t)L->st.max_pages)
		return gpd__fail(L, GPD_LAYOUT_EPAGES, "more than %d pages",
			L->st.max_pages);
	if (L->npages)
		quotes_close_page(L);
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
	L->y = page_top(L);
	L->page_empty = 1;
	L->cur_font = NULL;
	L->cur_color.r = -1;
	return L->err;
}

static int ensure_page(gpd_layout *L)
{
	return L->npages ? L->err : new_page(L);
}

/* ---- horizontal geometry ----------------------------------------------- */

/* Indentation is clamped so at least six ems of measure remain: deep
 * nesting squeezes, it never pushes text past the right margin. */
static void measure(const gpd_layout *L, float *x, float *w)
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

static float content_x(const gpd_layout *L)
{
	float x, w;

	measure(L, &x, &w);
	return x;
}

static float content_w(const gpd_layout *L)
{
	float x, w;

	measure(L, &x, &w);
	return w;
}

static void add_gap(gpd_layout *L, float g)
{
	if (g > L->gap)
		L->gap = g;
}

/* ---- drawing primitives ------------------------------------------------ */

static void set_font(gpd_layout *L, HPDF_Page pg, int slot, float size)
{
	HPDF_Font f = L->slots[slot].font;

	if (f != L->cur_font || size != L->cur_size) {
		HPDF_Page_SetFontAndSize(pg, f, size);
		L->cur_font = f;
		L->cur_size = size;
	}
}

static void set_fill(gpd_layout *L, HPDF_Page pg, const gpd_rgb *c)
{
	if (memcmp(c, &L->cur_color, sizeof *c) != 0) {
		HPDF_Page_SetRGBFill(pg, c->r, c->g, c->b);
		L->cur_color = *c;
	}
}

/* Width of a short UTF-8 string in one slot (markers, numbers). */
static float str_width(gpd_layout *L, int slot, float size, const char *s)
{
	size_t n = strlen(s), i = 0, a;
	float w = 0;

	while (i < n) {
		uint32_t c = gpd__utf8_next((const unsigned char *)s + i, n - i, &a);
		int adv = gpd__adv(L, slot, c);
		w += (float)(adv > 0 ? adv : 0);
		i += a;
	}
	return w * size / 1000.0f;
}

static float baseline_off(float pitch, float size)
{
	return (pitch - size) / 2 + 0.8f * size;
}

static int defer_add(gpd_layout *L, const defer *d)
{
	if (gpd__grow(L, &L->defs, &L->cdefs, L->ndefs + 1, sizeof *d))
		return L->err;
	L->defs[L->ndefs++] = *d;
	return GPD_LAYOUT_OK;
}

/* Links to anchors are only known at the end; URIs are annotated now. */
static int add_link(gpd_layout *L, HPDF_Page pg, const block *b,
	const seg *s, float x, float base, float w)
{
	HPDF_Rect r = { x, base - 0.25f * b->size, x + w, base + 0.85f * b->size };
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
			gpd__annot_compact(a);
		}
		return L->err;
	}
	memset(&d, 0, sizeof d);
	d.kind = DEF_LINK;
	d.page = L->npages - 1;
	d.anchor = gpd__intern(L, b->arena + s->link_off,
		strlen(b->arena + s->link_off));
	d.x0 = r.left; d.y0 = r.bottom; d.x1 = r.right; d.y1 = r.top;
	return d.anchor == SIZE_MAX ? L->err : defer_add(L, &d);
}

static int defer_number(gpd_layout *L, const block *b, const seg *s,
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
	return d.anchor == SIZE_MAX ? L->err : defer_add(L, &d);
}

/* A pending list or tick marker hangs left of the first line it meets. */
static void draw_marker(gpd_layout *L, HPDF_Page pg, float base)
{
	float size = L->st.base_size, w, x;

	/* a queued heading flushed by this block must not take its mark */
	if (!L->marker[0] || L->flushing)
		return;
	w = str_width(L, L->marker_slot, size, L->marker);
	x = L->marker_right - w;
	if (x < L->st.margin_left)
		x = L->st.margin_left;
	set_font(L, pg, L->marker_slot, size);
	set_fill(L, pg, &L->st.text);
	gpd__text_out(L, pg, x, base, L->marker, strlen(L->marker));
	L->marker[0] = '\0';
}

static int emit_line(gpd_layout *L, HPDF_Page pg, const block *b, size_t li,
	float x0, float base, const gpd_rgb *col)
{
	const line *ln = &b->lines[li];
	size_t i;

	HPDF_Page_BeginText(pg);
	draw_marker(L, pg, base);
	for (i = ln->first; i < ln->first + ln->n && !L->err; i++) {
		const frag *f = &b->frags[i];
		const seg *s = &b->segs[f->seg];
		if (s->pageref) {
			defer_number(L, b, s, x0 + f->x, base);
		} else {
			set_font(L, pg, s->slot, b->size);
			set_fill(L, pg, s->link_kind ? &L->st.link : col);
			gpd__text_out(L, pg, x0 + f->x, base, b->arena + f->off, f->len);
		}
		if (s->link_kind)
			add_link(L, pg, b, s, x0 + f->x, base, f->w);
	}
	HPDF_Page_EndText(pg);
	return L->err;
}

/* ---- vertical placement ------------------------------------------------ */

static void resolve_marks(gpd_layout *L, float top)
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
		dst = HPDF_Page_CreateDestination(cur_page(L));
		if (dst) {
			HPDF_Destination_SetFitH(dst, fminf(top + 6, L->st.page_height));
			HPDF_Outline_SetDestination(L->outl[m->idx], dst);
		}
	}
}

static int flush_headings(gpd_layout *L, float h);

/* Reserves h points for the next unit (a line, a table row) and returns
 * its top. Gaps vanish at the top of a page; pending headings are placed
 * first and go to a new page together with this unit if it would not fit
 * beside them. */
static int place(gpd_layout *L, float h, float *top)
{
	float gap;
	int rc;

	if (L->nph && !L->flushing && (rc = flush_headings(L, h)))
		return rc;
	if ((rc = ensure_page(L)))
		return rc;
	gap = L->page_empty ? 0 : L->gap;
	if (!L->page_empty && L->y - gap - h < L->st.margin_bottom - EPS) {
		if ((rc = new_page(L)))
			return rc;
		gap = 0;
	}
	L->y -= gap;
	L->gap = 0;
	*top = L->y;
	L->y -= h;
	L->page_empty = 0;
	resolve_marks(L, *top);
	for (int i = 0; i < L->nquotes; i++)
		if (L->quotes[i].y_top < 0) {
			L->quotes[i].y_top = *top;
			L->quotes[i].page = L->npages - 1;
		}
	return L->err;
}

static int emit_block(gpd_layout *L, const block *b, float x0, float pitch,
	const gpd_rgb *col)
{
	float top;
	size_t i;

	for (i = 0; i < b->nlines; i++) {
		if (place(L, pitch, &top))
			return L->err;
		if (emit_line(L, cur_page(L), b, i, x0,
		    top - baseline_off(pitch, b->size), col))
			return L->err;
	}
	return L->err;
}

/* Places the queued headings, keeping them with the next h points. */
static int flush_headings(gpd_layout *L, float h)
{
	float need = L->gap + h, after = L->gap;
	int i, rc;

	if ((rc = ensure_page(L)))
		return rc;
	for (i = 0; i < L->nph; i++)
		need += L->ph[i].height + (i || !L->page_empty ? L->ph[i].gap : 0);
	if (!L->page_empty && L->y - need < L->st.margin_bottom - EPS
	    && (rc = new_page(L)))
		return rc;
	L->flushing = 1;
	for (i = 0; i < L->nph && !rc; i++) {
		L->gap = L->ph[i].gap;
		L->mark_limit = L->ph[i].mark_end;
		rc = emit_block(L, &L->ph[i].b, L->ph[i].x0, L->ph[i].pitch,
			L->ph[i].label ? &L->st.text : &L->st.heading);
	}
	L->flushing = 0;
	L->mark_limit = SIZE_MAX;
	L->nph = 0;
	L->gap = after;
	return rc;
}

/* ---- style, life cycle -------------------------------------------------- */

#define DEJAVU "/usr/share/fonts/truetype/dejavu/"

void gpd_style_defaults(gpd_style *s)
{
	memset(s, 0, sizeof *s);
	s->page_width = 595.276f;
	s->page_height = 841.89f;
	s->margin_top = 72;
	s->margin_bottom = 64;
	s->margin_left = 68;
	s->margin_right = 68;
	s->font_regular = DEJAVU "DejaVuSerif.ttf";
	s->font_bold = DEJAVU "DejaVuSerif-Bold.ttf";
	s->font_italic = DEJAVU "DejaVuSerif-Italic.ttf";
	s->font_bold_italic = DEJAVU "DejaVuSerif-BoldItalic.ttf";
	s->font_mono = DEJAVU "DejaVuSansMono.ttf";
	s->font_fallback = DEJAVU "DejaVuSans.ttf";
	s->base_size = 10;
	s->heading_size[0] = 20;
	s->heading_size[1] = 15;
	s->heading_size[2] = 12.5f;
	s->heading_size[3] = 11;
	s->small_size = 8;
	s->leading = 1.4f;
	s->para_space = 7;
	s->indent_step = 18;
	s->text = (gpd_rgb){ 0.10f, 0.10f, 0.12f };
	s->heading = (gpd_rgb){ 0.09f, 0.22f, 0.42f };
	s->link = (gpd_rgb){ 0.05f, 0.33f, 0.65f };
	s->rule = (gpd_rgb){ 0.72f, 0.76f, 0.82f };
	s->muted = (gpd_rgb){ 0.40f, 0.42f, 0.46f };
	s->max_pages = GPD_DEFAULT_MAX_PAGES;
	memcpy(s->language, "en-GB", sizeof("en-GB"));
	s->pageref_digits = 0;
}

static int style_ok(gpd_style *s)
{
	int i, d;

	if (!(s->page_width > s->margin_left + s->margin_right + 36)
	    || !(s->page_height > s->margin_top + s->margin_bottom + 72)
	    || s->margin_left < 0 || s->margin_right < 0 || s->margin_top < 0
	    || s->margin_bottom < 0 || !(s->base_size >= 2 && s->base_size <= 72)
	    || !(s->small_size >= 2) || !(s->leading >= 0.8f && s->leading <= 4)
	    || s->max_pages < 1 || s->para_space < 0 || s->indent_step < 0)
		return 0;
	for (i = 0; i < 4; i++)
		if (!(s->heading_size[i] >= 2 && s->heading_size[i] <= 144))
			return 0;
	if (s->pageref_digits <= 0)
		for (d = s->max_pages, s->pageref_digits = 1; d >= 10; d /= 10)
			s->pageref_digits++;
	if (s->pageref_digits > 9)
		s->pageref_digits = 9;
	return 1;
}

static void on_hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *ud)
{
	gpd_layout *L = ud;
	int code = L->saving ? GPD_LAYOUT_EIO : GPD_LAYOUT_EPDF;

	/* reading the finished PDF back ends with an EOF "error" */
	if (L->saving == 2 && e == HPDF_STREAM_EOF)
		return;
	if (e == HPDF_FAILD_TO_ALLOC_MEM)
		code = GPD_LAYOUT_ENOMEM;
	gpd__fail(L, code, "libharu error 0x%04X (detail %u)", (unsigned)e,
		(unsigned)detail);
}

gpd_layout *gpd_layout_new(const gpd_style *style, gpd_warn_fn warn, void *ctx)
{
	gpd_layout *L;

	if (!style || !(L = calloc(1, sizeof *L)))
		return NULL;
	gpd__memops_link();
	L->st = *style;
	L->warn = warn;
	L->wctx = ctx;
	L->section = L->title = SIZE_MAX;
	L->mark_limit = SIZE_MAX;
	L->furniture = 1;
	L->ref_digits_auto = style->pageref_digits <= 0;
	if (!style_ok(&L->st)) {
		gpd__warn(L, GPD_LAYOUT_W_INVALID_STYLE, NULL);
		free(L);
		return NULL;
	}
	L->pdf = HPDF_New(on_hpdf_error, L);
	if (L->pdf) {
		HPDF_SetCompressionMode(L->pdf, HPDF_COMP_ALL);
		HPDF_SetPagesConfiguration(L->pdf, 64);
		gpd__fonts_load(L);
	}
	if (!L->pdf || L->err) {
		gpd__warn(L, GPD_LAYOUT_W_CANNOT_START, L->err ? L->errmsg : "out of memory");
		gpd_layout_free(L);
		return NULL;
	}
	return L;
}

void gpd_layout_free(gpd_layout *L)
{
	size_t i;

	if (!L)
		return;
	if (L->zpool) { /* deflating, never saved: stop the threads first */
		if (!L->err)
			L->err = GPD_LAYOUT_EINVAL;
		gpd__deflate_finish(L);
	}
	gpd__cmap_forget(L); /* layout_cmap.c: before the font defs go */
	if (L->pdf)
		HPDF_Free(L->pdf);
	gpd__fonts_free(L);
	gpd__block_free(&L->blk);
	gpd__block_free(&L->fblk);
	for (i = 0; i < MAX_PENDING; i++)
		gpd__block_free(&L->ph[i].b);
	for (i = 0; i < L->ncells; i++)
		gpd__block_free(&L->cells[i]);
	free(L->cells);
	free(L->warned);
	free(L->pages);
	free(L->strs);
	free(L->atab);
	free(L->marks);
	free(L->outl);
	free(L->defs);
	free(L->scratch);
	free(L);
}

int gpd_layout_status(const gpd_layout *L)
{
	return L ? L->err : GPD_LAYOUT_EINVAL;
}

const char *gpd_layout_errmsg(const gpd_layout *L)
{
	if (!L)
		return "no layout";
	return L->err ? L->errmsg : "no error";
}

void gpd_layout_reuse_from(gpd_layout *L, const void *pdf, size_t len)
{
	if (L) {
		L->reuse_pdf = pdf;
		L->reuse_len = pdf ? len : 0;
	}
}

size_t gpd_layout_pages_reused(const gpd_layout *L)
{
	return L ? L->pages_reused : 0;
}

int gpd_layout_page_count(const gpd_layout *L)
{
	return L ? (int)L->npages : 0;
}

int gpd_layout_anchor_page(const gpd_layout *L, const char *id)
{
	const anchor_ent *e = L ? gpd__anchor_find(L, id) : NULL;

	return e && e->page >= 0 ? e->page + 1 : 0;
}

/* ---- furniture settings ------------------------------------------------- */

static int set_string(gpd_layout *L, const char *utf8, size_t *dst)
{
	char *c;

	CHECK(L);
	if (!utf8) {
		*dst = SIZE_MAX;
		return GPD_LAYOUT_OK;
	}
	if (!(c = gpd__clean_utf8(L, utf8, GPD_RUN_STRLEN, 400)))
		return L->err;
	*dst = gpd__intern(L, c, strlen(c));
	free(c);
	return L->err;
}

int gpd_layout_set_running_title(gpd_layout *L, const char *utf8)
{
	return set_string(L, utf8, L ? &L->title : NULL);
}

int gpd_layout_set_section(gpd_layout *L, const char *utf8)
{
	int rc = set_string(L, utf8, L ? &L->section : NULL);

	if (!rc && L->npages && L->page_empty)
		L->pages[L->npages - 1].section = L->section;
	return rc;
}

int gpd_layout_set_furniture(gpd_layout *L, int on)
{
	CHECK(L);
	L->furniture = on != 0;
	if (L->npages)
		L->pages[L->npages - 1].furniture = L->furniture;
	return GPD_LAYOUT_OK;
}

/* ---- anchors and outline -------------------------------------------------- */

static int add_mark(gpd_layout *L, int kind, size_t idx)
{
	if (gpd__grow(L, &L->marks, &L->cmarks, L->nmarks + 1, sizeof *L->marks))
		return L->err;
	L->marks[L->nmarks].kind = kind;
	L->marks[L->nmarks++].idx = idx;
	return GPD_LAYOUT_OK;
}

int gpd_layout_anchor(gpd_layout *L, const char *id)
{
	anchor_ent *e;

	CHECK(L);
	if (!id || !*id)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "empty anchor id");
	if ((e = gpd__anchor_find(L, id)) != NULL) {
		gpd__warn(L, GPD_LAYOUT_W_DUPLICATE_ANCHOR, id);
		return GPD_LAYOUT_OK;
	}
	if (!(e = anchor_add(L, id, -1)))
		return L->err;
	return add_mark(L, MARK_ANCHOR, e->key);
}

gpd_outline_id gpd_layout_outline(gpd_layout *L, gpd_outline_id parent,
	const char *utf8_title)
{
	HPDF_Outline o;
	char *t;

	CHECK(L);
	if (parent < 0 || (size_t)parent > L->noutl)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "bad outline parent %d", parent);
	if (gpd__grow(L, &L->outl, &L->coutl, L->noutl + 1, sizeof *L->outl))
		return L->err;
	if (!(t = gpd__clean_utf8(L, utf8_title, GPD_RUN_STRLEN, 1000)))
		return L->err;
	o = HPDF_CreateOutline(L->pdf, parent ? L->outl[parent - 1] : NULL, t,
		HPDF_GetEncoder(L->pdf, "UTF-8"));
	free(t);
	if (!o)
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot create outline");
	/* top level open, deeper levels folded: 10,000 entries stay usable */
	HPDF_Outline_SetOpened(o, parent == GPD_OUTLINE_ROOT);
	L->outl[L->noutl++] = o;
	if (add_mark(L, MARK_OUTLINE, L->noutl - 1))
		return L->err;
	return (gpd_outline_id)L->noutl;
}

/* ---- text blocks ------------------------------------------------------------ */

static float pitch_of(const gpd_layout *L, float size)
{
	return size * L->st.leading;
}

/* A paragraph at the current indentation; after is the gap it leaves. */
static int para_emit(gpd_layout *L, const gpd_run *runs, size_t n, float after)
{
	float size = L->st.base_size;

	if (gpd__block_prep(L, &L->blk, runs, n, size, 0)
	    || gpd__block_break(L, &L->blk, content_w(L))
	    || emit_block(L, &L->blk, content_x(L), pitch_of(L, size),
		&L->st.text))
		return L->err;
	add_gap(L, after);
	return L->err;
}

int gpd_layout_paragraph(gpd_layout *L, const gpd_run *runs, size_t n)
{
	CHECK(L);
	return para_emit(L, runs, n,
		L->nlists ? L->st.para_space * 0.45f : L->st.para_space);
}

/* Headings (and labels) are queued, not drawn: they are placed together
 * with the first unit that follows, so none is ever left alone at the foot
 * of a page. before and after are the gaps around the block. */
static int queue_kept(gpd_layout *L, const gpd_run *runs, size_t n,
	float size, float pitch, float before, float after, int label)
{
	pending_heading *p;

	if (L->nph == MAX_PENDING && flush_headings(L, 0))
		return L->err;
	p = &L->ph[L->nph];
	p->pitch = pitch;
	p->label = label;
	if (gpd__block_prep(L, &p->b, runs, n, size, !label)
	    || gpd__block_break(L, &p->b, content_w(L)))
		return L->err;
	add_gap(L, before);
	p->gap = L->gap;
	p->x0 = content_x(L);
	p->height = (float)p->b.nlines * p->pitch;
	p->mark_end = L->nmarks;
	L->nph++;
	L->gap = after;
	return GPD_LAYOUT_OK;
}

int gpd_layout_heading(gpd_layout *L, int level, const gpd_run *runs,
	size_t n, const char *anchor)
{
	float size;

	CHECK(L);
	if (level < 1 || level > 4)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "heading level %d", level);
	if (anchor && gpd_layout_anchor(L, anchor))
		return L->err;
	size = L->st.heading_size[level - 1];
	return queue_kept(L, runs, n, size, size * HEAD_LEADING,
		size * (level == 1 ? 1.3f : 1.0f), size * 0.35f, 0);
}

int gpd_layout_label(gpd_layout *L, const gpd_run *runs, size_t n)
{
	float size;

	CHECK(L);
	size = L->st.base_size;
	return queue_kept(L, runs, n, size, pitch_of(L, size),
		L->nlists ? L->st.para_space * 0.45f : L->st.para_space,
		L->st.para_space * 0.3f, 1);
}

static void set_marker(gpd_layout *L, const char *utf8, float right)
{
	size_t a;
	uint32_t c = gpd__utf8_next((const unsigned char *)utf8, strlen(utf8), &a);

	L->marker_slot = SLOT_REG;
	if (gpd__adv(L, SLOT_REG, c) < 0)
		L->marker_slot = gpd__adv(L, SLOT_FB, c) >= 0 ? SLOT_FB : SLOT_REG;
	if (gpd__adv(L, L->marker_slot, c) < 0)
		utf8 = "-";
	snprintf(L->marker, sizeof L->marker, "%s", utf8);
	L->marker_right = right;
}

int gpd_layout_list_begin(gpd_layout *L, int ordered, int start)
{
	CHECK(L);
	if (L->nlists == MAX_NEST)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "lists nested too deeply");
	L->lists[L->nlists].ordered = ordered != 0;
	L->lists[L->nlists++].counter = (start > 0 ? start : 1) - 1;
	L->indent_l += L->st.indent_step;
	add_gap(L, L->st.para_space * (L->nlists == 1 ? 0.6f : 0.3f));
	return GPD_LAYOUT_OK;
}

int gpd_layout_item_begin(gpd_layout *L)
{
	static const char *const bullets[] = { "\xE2\x80\xA2", "\xE2\x80\x93",
		"\xE2\x97\xA6" }; /* bullet, en dash, white bullet */
	list_state *ls;
	char num[16];

	CHECK(L);
	if (!L->nlists)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "item outside a list");
	ls = &L->lists[L->nlists - 1];
	ls->counter++;
	if (ls->ordered)
		snprintf(num, sizeof num, "%d.", ls->counter);
	set_marker(L, ls->ordered ? num : bullets[(L->nlists - 1) % 3],
		content_x(L) - L->st.base_size * 0.45f);
	add_gap(L, L->st.para_space * 0.25f);
	return GPD_LAYOUT_OK;
}

int gpd_layout_item_end(gpd_layout *L)
{
	CHECK(L);
	if (!L->nlists)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "item_end outside a list");
	L->marker[0] = '\0';
	return GPD_LAYOUT_OK;
}

int gpd_layout_list_end(gpd_layout *L)
{
	CHECK(L);
	if (!L->nlists)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "list_end without a list");
	L->nlists--;
	L->indent_l -= L->st.indent_step;
	L->marker[0] = '\0';
	add_gap(L, L->st.para_space);
	return GPD_LAYOUT_OK;
}

int gpd_layout_quote_begin(gpd_layout *L)
{
	quote_state *q;

	CHECK(L);
	if (L->nquotes == MAX_NEST)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "quotes nested too deeply");
	q = &L->quotes[L->nquotes++];
	q->x = content_x(L) + L->st.indent_step * 0.3f;
	q->y_top = -1;
	q->page = L->npages;
	L->indent_l += L->st.indent_step;
	L->indent_r += L->st.indent_step * 0.5f;
	add_gap(L, L->st.para_space);
	return GPD_LAYOUT_OK;
}

int gpd_layout_quote_end(gpd_layout *L)
{
	quote_state *q;

	CHECK(L);
	if (!L->nquotes)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "quote_end without a quote");
	q = &L->quotes[--L->nquotes];
	if (q->y_top >= 0 && q->page + 1 == L->npages)
		vrule(L, cur_page(L), q->x, q->y_top, L->y);
	L->indent_l -= L->st.indent_step;
	L->indent_r -= L->st.indent_step * 0.5f;
	add_gap(L, L->st.para_space);
	return L->err;
}

int gpd_layout_tick(gpd_layout *L, gpd_tick box, const gpd_run *runs,
	size_t n)
{
	const char *g = box == GPD_TICK_BOX_CHECKED ? "\xE2\x98\x92"
		: box == GPD_TICK_CHECK ? "\xE2\x9C\x93" : "\xE2\x98\x90";
	float ind = L ? L->st.base_size * 1.6f : 0;
	int rc;

	CHECK(L);
	L->indent_l += ind;
	set_marker(L, g, content_x(L) - L->st.base_size * 0.4f);
	add_gap(L, L->st.para_space * 0.2f);
	rc = para_emit(L, runs, n, L->st.para_space * 0.2f);
	L->indent_l -= ind;
	L->marker[0] = '\0';
	return rc;
}

int gpd_layout_space(gpd_layout *L, float points)
{
	float room;

	CHECK(L);
	if (!(points > 0))
		return GPD_LAYOUT_OK;
	if (L->nph || (L->npages && !L->page_empty)) {
		L->gap += points;
		return GPD_LAYOUT_OK;
	}
	/* on an empty page the space is meant (title pages): keep it, but
	 * leave at least half the body for what follows */
	if (ensure_page(L))
		return L->err;
	room = L->y - (L->st.margin_bottom + page_top(L)) / 2;
	L->y -= points < room ? points : (room > 0 ? room : 0);
	return GPD_LAYOUT_OK;
}

int gpd_layout_rule(gpd_layout *L)
{
	float top, h = L ? L->st.para_space : 0, x, w;
	HPDF_Page pg;

	CHECK(L);
	add_gap(L, L->st.para_space);
	if (place(L, h, &top))
		return L->err;
	measure(L, &x, &w);
	pg = cur_page(L);
	HPDF_Page_SetLineWidth(pg, 0.6f);
	HPDF_Page_SetRGBStroke(pg, L->st.rule.r, L->st.rule.g, L->st.rule.b);
	HPDF_Page_MoveTo(pg, x + w * 0.3f, top - h / 2);
	HPDF_Page_LineTo(pg, x + w * 0.7f, top - h / 2);
	HPDF_Page_Stroke(pg);
	add_gap(L, L->st.para_space);
	return L->err;
}

int gpd_layout_page_break(gpd_layout *L)
{
	CHECK(L);
	if (L->nph && flush_headings(L, 0))
		return L->err;
	if (L->npages && !L->page_empty)
		return new_page(L);
	return ensure_page(L);
}

/* ---- tables ------------------------------------------------------------------ */

typedef struct tbl {
	const gpd_table *t;
	float x[64], w[64];    /* column left edges and widths */
	float size, pitch, padx, pady, width, hdr_h;
	block *hdr, *row;
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
	measure(L, &x, &w);
	memset(k, 0, sizeof *k);
	k->t = t;
	k->size = L->st.small_size; /* gpd_style: "table text" */
	k->pitch = pitch_of(L, k->size) * 0.95f;
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
	HPDF_Page pg = cur_page(L);
	float y = top - (first ? k->pady : 0);
	size_t c, li;

	if (hdr) {
		HPDF_Page_SetRGBFill(pg, 0.93f, 0.95f, 0.97f);
		HPDF_Page_Rectangle(pg, k->x[0], top - h, k->width, h);
		HPDF_Page_Fill(pg);
		L->cur_color.r = -1;
	}
	for (c = 0; c < k->t->ncols; c++)
		for (li = from; li < to && li < bs[c].nlines; li++)
			if (emit_line(L, pg, &bs[c], li, k->x[c] + k->padx, y
			    - (float)(li - from) * k->pitch
			    - baseline_off(k->pitch, k->size), &L->st.text))
				return L->err;
	HPDF_Page_SetLineWidth(pg, hdr ? 0.9f : 0.4f);
	HPDF_Page_SetRGBStroke(pg, L->st.rule.r, L->st.rule.g, L->st.rule.b);
	HPDF_Page_MoveTo(pg, k->x[0], top - h);
	HPDF_Page_LineTo(pg, k->x[0] + k->width, top - h);
	HPDF_Page_Stroke(pg);
	return L->err;
}

/* Makes room for h points of row r, starting a new page (with the header
 * repeated) when they do not fit. */
static int row_room(gpd_layout *L, tbl *k, size_t r, float h)
{
	float top, gap;

	if (L->nph && flush_headings(L, h))
		return L->err;
	if (ensure_page(L))
		return L->err;
	gap = L->page_empty ? 0 : L->gap;
	if (L->page_empty || L->y - gap - h >= L->st.margin_bottom - EPS)
		return GPD_LAYOUT_OK;
	if (new_page(L))
		return L->err;
	if (!k->t->header_row || r == 0)
		return GPD_LAYOUT_OK;
	if (place(L, k->hdr_h, &top))
		return L->err;
	return row_draw(L, k, k->hdr, 1, 0, SIZE_MAX, top, k->hdr_h, 1);
}

static int table_row(gpd_layout *L, tbl *k, size_t r)
{
	int hdr = k->t->header_row && r == 0;
	block *bs = hdr ? k->hdr : k->row;
	size_t n = row_prep(L, k, r, bs), li;
	float h = (float)n * k->pitch + 2 * k->pady, top, lh;
	float body = page_top(L) - L->st.margin_bottom;

	if (L->err)
		return L->err;
	if (hdr)
		k->hdr_h = h;
	if (h <= body) {
		/* a header row needs room for one body line below it */
		if (row_room(L, k, r, h + (hdr ? k->pitch * 2 : 0))
		    || place(L, h, &top))
			return L->err;
		return row_draw(L, k, bs, hdr, 0, n, top, h, 1);
	}
	for (li = 0; li < n; li++) {   /* taller than a page: split by lines */
		lh = k->pitch + (li == 0 ? k->pady : 0) + (li + 1 == n ? k->pady : 0);
		if (row_room(L, k, r, lh) || place(L, lh, &top)
		    || row_draw(L, k, bs, hdr, li, li + 1, top, lh, li == 0))
			return L->err;
	}
	return L->err;
}

int gpd_layout_table(gpd_layout *L, const gpd_table *t)
{
	tbl k;
	size_t r;

	CHECK(L);
	if (table_setup(L, t, &k))
		return L->err;
	add_gap(L, L->st.para_space);
	for (r = 0; r < t->nrows; r++)
		if (table_row(L, &k, r))
			return L->err;
	add_gap(L, L->st.para_space * 1.3f);
	return L->err;
}

/* ---- contents entries ----------------------------------------------------------- */

/* Dots on a fixed grid (so leaders of all entries line up), drawn as one
 * string whose character spacing makes the pitch. */
static void leader(gpd_layout *L, HPDF_Page pg, float x0, float x1,
	float base, float size)
{
	float pitch = size * 0.55f, dotw = str_width(L, SLOT_REG, size, ".");
	float start = ceilf(x0 / pitch) * pitch;
	int n = (int)floorf((x1 - dotw - start) / pitch) + 1, i;

	if (n < 2)
		return;
	if (gpd__grow(L, &L->scratch, &L->scratch_cap, (size_t)n + 1, 1))
		return;
	for (i = 0; i < n; i++)
		L->scratch[i] = '.';
	L->scratch[n] = '\0';
	HPDF_Page_BeginText(pg);
	set_font(L, pg, SLOT_REG, size);
	set_fill(L, pg, &L->st.muted);
	HPDF_Page_SetCharSpace(pg, pitch - dotw);
	HPDF_Page_TextOut(pg, start, base, L->scratch);
	HPDF_Page_SetCharSpace(pg, 0);
	HPDF_Page_EndText(pg);
}

static int toc_defer(gpd_layout *L, int kind, size_t anchor, float x0,
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
	return defer_add(L, &d);
}

int gpd_layout_toc_entry(gpd_layout *L, int level, const gpd_run *runs,
	size_t n, const char *anchor)
{
	float size, pitch, x, w, numw, x0, right, top = 0, base = 0;
	int slot = level == 1 ? SLOT_BOLD : SLOT_REG;
	size_t a, i;

	CHECK(L);
	if (level < 1 || level > 4 || !anchor || !*anchor)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "bad contents entry");
	size = L->st.base_size;
	pitch = pitch_of(L, size);
	measure(L, &x, &w);
	right = x + w;
	x0 = x + (float)(level - 1) * L->st.indent_step;
	numw = (float)L->st.pageref_digits * str_width(L, SLOT_BOLD, size, "0");
	if ((a = gpd__intern(L, anchor, strlen(anchor))) == SIZE_MAX
	    || gpd__block_prep(L, &L->blk, runs, n, size, level == 1)
	    || gpd__block_break(L, &L->blk, right - x0 - numw - size * 1.5f))
		return L->err;
	add_gap(L, level == 1 ? L->st.para_space * 0.9f : L->st.para_space * 0.1f);
	for (i = 0; i < L->blk.nlines; i++) {
		if (place(L, pitch, &top))
			return L->err;
		base = top - baseline_off(pitch, size);
		if (emit_line(L, cur_page(L), &L->blk, i, x0, base, &L->st.text)
		    || toc_defer(L, DEF_LINK, a, x0, top - pitch, right, top, slot))
			return L->err;
	}
	if (L->blk.nlines)
		leader(L, cur_page(L), x0 + L->blk.lines[L->blk.nlines - 1].w
			+ size * 0.5f, right - numw - size * 0.4f, base, size);
	return L->blk.nlines ? toc_defer(L, DEF_NUM_RIGHT, a, right, base, 0, 0,
		slot) : L->err;
}

/* ---- finishing ------------------------------------------------------------------- */

/* The anchor's page for a deferred reference; warns once per unknown id. */
static int target_page(gpd_layout *L, const char *id)
{
	anchor_ent *e = gpd__anchor_find(L, id);

	if (e && e->page >= 0)
		return e->page;
	if (!e) {
		gpd__warn(L, GPD_LAYOUT_W_UNRESOLVED_ANCHOR, id);
		anchor_add(L, id, -2);
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
		HPDF_Rect r = { d->x0, d->y0, d->x1, d->y1 };
		HPDF_Destination dst;
		HPDF_Annotation an;
		if (tp < 0 || !(dst = HPDF_Page_CreateDestination(L->pages[tp].page)))
			return;
		HPDF_Destination_SetFitH(dst, fminf(gpd__anchor_find(L,
			L->strs + d->anchor)->y + 6, L->st.page_height));
		if ((an = HPDF_Page_CreateLinkAnnot(pg, r, dst)) != NULL) {
			HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
			gpd__annot_compact(an);
		}
		return;
	}
	if (tp >= 0)
		snprintf(num, sizeof num, "%d", tp + 1);
	else
		snprintf(num, sizeof num, "?");
	w = str_width(L, d->slot, d->size, num);
	HPDF_Page_BeginText(pg);
	HPDF_Page_SetFontAndSize(pg, L->slots[d->slot].font, d->size);
	HPDF_Page_SetRGBFill(pg, d->color.r, d->color.g, d->color.b);
	/* an inline number longer than the room kept for it is condensed,
	 * never allowed to overprint the text that follows */
	if (d->kind == DEF_NUM_LEFT && w > d->x1 - d->x0 + EPS)
		HPDF_Page_SetHorizontalScalling(pg, 100 * (d->x1 - d->x0) / w);
	HPDF_Page_TextOut(pg, d->kind == DEF_NUM_RIGHT ? d->x0 - w : d->x0,
		d->y0, num);
	HPDF_Page_SetHorizontalScalling(pg, 100);
	HPDF_Page_EndText(pg);
}

/* Draws text at most maxw wide ending at (align right) or starting at x;
 * longer text is cut and ends with an ellipsis. */
static void draw_fitted(gpd_layout *L, HPDF_Page pg, const char *utf8,
	int slot, float x, float y, float maxw, int right)
{
	gpd_run r = { utf8, GPD_RUN_STRLEN, GPD_FACE_REGULAR, NULL, NULL, NULL };
	float size = L->st.small_size, ew = str_width(L, SLOT_REG, size,
		"\xE2\x80\xA6"), w;
	block *b = &L->fblk;

	r.face = slot == SLOT_IT ? GPD_FACE_ITALIC : GPD_FACE_REGULAR;
	if (gpd__block_prep(L, b, &r, 1, size, 0) || gpd__block_break(L, b, maxw)
	    || !b->nlines)
		return;
	if (b->nlines > 1 && gpd__block_break(L, b, maxw - ew))
		return;
	w = b->lines[0].w + (b->nlines > 1 ? ew : 0);
	if (right)
		x -= w;
	emit_line(L, pg, b, 0, x, y, &L->st.muted);
	if (b->nlines > 1) {
		HPDF_Page_BeginText(pg);
		set_font(L, pg, SLOT_REG, size);
		gpd__text_out(L, pg, x + b->lines[0].w, y, "\xE2\x80\xA6", 3);
		HPDF_Page_EndText(pg);
	}
}

/* The width of utf8 on one line as draw_fitted sets it (with fallback
 * glyphs and replacement marks). */
static float fitted_width(gpd_layout *L, const char *utf8, int slot)
{
	gpd_run r = { utf8, GPD_RUN_STRLEN, slot == SLOT_IT ? GPD_FACE_ITALIC
		: GPD_FACE_REGULAR, NULL, NULL, NULL };
	block *b = &L->fblk;

	if (gpd__block_prep(L, b, &r, 1, L->st.small_size, 0)
	    || gpd__block_break(L, b, 1e9f) || !b->nlines)
		return 0;
	return b->lines[0].w;
}

static void furniture(gpd_layout *L, size_t i)
{
	const gpd_style *s = &L->st;
	HPDF_Page pg = L->pages[i].page;
	float left = s->margin_left, right = s->page_width - s->margin_right;
	float half = (right - left) * 0.48f, yh = page_top(L) + s->margin_top * 0.42f;
	char foot[64];

	L->cur_font = NULL;
	L->cur_color.r = -1;
	/* the title takes the room the section text leaves, at least half */
	if (L->title != SIZE_MAX)
		draw_fitted(L, pg, L->strs + L->title, SLOT_IT, left, yh,
			L->pages[i].section == SIZE_MAX ? right - left
			: fmaxf(half, right - left - s->small_size * 2 - fminf(half,
			fitted_width(L, L->strs + L->pages[i].section, SLOT_REG))), 0);
	if (L->pages[i].section != SIZE_MAX)
		draw_fitted(L, pg, L->strs + L->pages[i].section, SLOT_REG, right,
			yh, half, 1);
	HPDF_Page_SetLineWidth(pg, 0.5f);
	HPDF_Page_SetRGBStroke(pg, s->rule.r, s->rule.g, s->rule.b);
	HPDF_Page_MoveTo(pg, left, yh - s->small_size * 0.7f);
	HPDF_Page_LineTo(pg, right, yh - s->small_size * 0.7f);
	HPDF_Page_Stroke(pg);
	snprintf(foot, sizeof foot, "page %zu of %zu", i + 1, L->npages);
	draw_fitted(L, pg, foot, SLOT_REG, (left + right) / 2
		+ str_width(L, SLOT_REG, s->small_size, foot) / 2,
		s->margin_bottom * 0.5f, right - left, 1);
}

/* Runs once: places what is still queued, then fills in everything that
 * needed the whole document (page numbers, links, "of M"). */
static int finish(gpd_layout *L)
{
	size_t i;

	if (L->finished)
		return L->err;
	if ((L->nph && flush_headings(L, 0)) || ensure_page(L))
		return L->err;
	L->mark_limit = SIZE_MAX;
	resolve_marks(L, L->y);
	quotes_close_page(L);
	L->nquotes = 0;
	L->marker[0] = '\0';
	for (i = 0; i < L->ndefs && !L->err; i++)
		finish_defer(L, &L->defs[i]);
	/* from here each page is final once its furniture is drawn: the
	 * other cores deflate it meanwhile (layout_deflate.c) */
	gpd__deflate_start(L);
	for (i = 0; i < L->npages && !L->err; i++) {
		if (L->pages[i].furniture)
			furniture(L, i);
		gpd__deflate_page(L, i);
	}
	L->finished = 1;
	return L->err;
}

/* ---- saving -------------------------------------------------------------------------- */

static void info_str(gpd_layout *L, HPDF_InfoType type, const char *v)
{
	char *c;

	if (!v || !(c = gpd__clean_utf8(L, v, GPD_RUN_STRLEN, 2000)))
		return;
	HPDF_SetInfoAttr(L->pdf, type, c);
	free(c);
}

/* Dates come from the caller (SOURCE_DATE_EPOCH) so output is
 * reproducible; libharu adds no date of its own. */
static int set_info(gpd_layout *L, const gpd_docinfo *info)
{
	struct tm tm;
	HPDF_Date d;

	if (!info)
		return L->err;
	info_str(L, HPDF_INFO_TITLE, info->title);
	info_str(L, HPDF_INFO_AUTHOR, info->author);
	info_str(L, HPDF_INFO_SUBJECT, info->subject);
	info_str(L, HPDF_INFO_KEYWORDS, info->keywords);
	info_str(L, HPDF_INFO_CREATOR, info->creator);
	if (info->date && gmtime_r(&info->date, &tm)) {
		memset(&d, 0, sizeof d);
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
		d.hour = tm.tm_hour;
		d.minutes = tm.tm_min;
		d.seconds = tm.tm_sec;
		d.ind = 'Z';
		HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(L->pdf, HPDF_INFO_MOD_DATE, d);
	}
	return L->err;
}

static int prepare_save(gpd_layout *L, const gpd_docinfo *info)
{
	if (!L)
		return GPD_LAYOUT_EINVAL;
	if (L->err || finish(L)) {
		gpd__deflate_finish(L); /* nothing is swapped in after a failure */
		return L->err;
	}
	gpd__fonts_close_glyphs(L);
	set_info(L, info);
	gpd__deflate_finish(L); /* layout_deflate.c: same bytes, every core */
	if (L->err)
		return L->err;
	gpd__deflate_fonts(L); /* and font streams deflated once for all editions */
	return L->err;
}

int gpd_layout_save(gpd_layout *L, const char *path, const gpd_docinfo *info)
{
	if (prepare_save(L, info))
		return L->err;
	if (!path)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "no output path");
	L->saving = 1;
	if (HPDF_SaveToFile(L->pdf, path) != HPDF_OK)
		gpd__fail(L, GPD_LAYOUT_EIO, "cannot write %s", path);
	L->saving = 0;
	return L->err;
}

int gpd_layout_save_mem(gpd_layout *L, const gpd_docinfo *info,
	unsigned char **buf, size_t *len)
{
	HPDF_UINT32 size, got, total = 0;
	unsigned char *out;

	if (!buf || !len || prepare_save(L, info))
		return L ? (L->err ? L->err : GPD_LAYOUT_EINVAL) : GPD_LAYOUT_EINVAL;
	L->saving = 1;
	if (HPDF_SaveToStream(L->pdf) != HPDF_OK || HPDF_ResetStream(L->pdf))
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot build the PDF");
	size = HPDF_GetStreamSize(L->pdf);
	if (!(out = malloc(size ? size : 1)))
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	L->saving = 2;
	while (total < size && !L->err) {
		got = size - total;
		HPDF_STATUS rc = HPDF_ReadFromStream(L->pdf, out + total, &got);
		total += got;
		if (rc != HPDF_OK || got == 0)
			break;
	}
	HPDF_ResetError(L->pdf);
	L->saving = 0;
	if (L->err || total != size) {
		free(out);
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot read the PDF back");
	}
	*buf = out;
	*len = total;
	return GPD_LAYOUT_OK;
}
