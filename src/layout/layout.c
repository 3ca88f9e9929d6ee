/* layout.c: the layout's style, life cycle and document settings (running title, section, furniture). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "gpdigest/lang.h"
#include "gpdigest/mem.h"
#include "layout/layout_deflate.h"
#include "layout/layout_embed.h"
#include "layout/layout_font.h"
#include "layout/layout_flow.h"
#include "layout/layout_hpdf.h"
#include "layout/layout_lb.h"
#include "layout/layout_page.h"
#include "layout/layout_reuse.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/* ---- style, life cycle -------------------------------------------------- */

#define DEJAVU "/usr/share/fonts/truetype/dejavu/"

_Static_assert(GPD_STYLE_MIN_PAGE == HPDF_MIN_PAGE_SIZE && GPD_STYLE_MAX_PAGE == HPDF_MAX_PAGE_SIZE,
	"the style's page bounds are libharu's");
#define XREF_STEP 65536 /* libharu object-table entries added at a time */

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
	{
		static const float sizes[GPD_LAYOUT_HEADINGS] = { 22, 17, 14.5f, 13,
			12, 11.5f, 11, 10.6f, 10.3f, 10 };
		memcpy(s->heading_size, sizes, sizeof sizes);
	}
	s->widows = 2;
	s->orphans = 2;
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
	s->pageref_digits = 0;
	s->lang = "en-GB";
}

/* The text area a style leaves inside the margins, in points. */
static float text_w(const gpd_style *s)
{
	return s->page_width - s->margin_left - s->margin_right;
}

static float text_h(const gpd_style *s)
{
	return s->page_height - s->margin_top - s->margin_bottom;
}

/* The rules a style must keep (one home: gpd_layout_new refuses a style
 * that breaks one, and the style file reports it at its setting). Past
 * them the layout has nothing sensible to do: no room for a line, a page
 * PDF cannot have, an indent that leaves no measure, a paragraph space
 * that puts each paragraph on a page of its own. */
const char *gpd_style_problem(const gpd_style *s, char *why, size_t n)
{
	const char *el = NULL;
	int i;

#define BAD(e, ...) (el = (e), snprintf(why, n, __VA_ARGS__))
	if (!(s->page_width >= GPD_STYLE_MIN_PAGE && s->page_width <= GPD_STYLE_MAX_PAGE &&
	      s->page_height >= GPD_STYLE_MIN_PAGE && s->page_height <= GPD_STYLE_MAX_PAGE))
		BAD("page", "the page is %g x %g pt: PDF allows %d to %d pt (5,080 mm) each way",
			(double)s->page_width, (double)s->page_height, GPD_STYLE_MIN_PAGE,
			GPD_STYLE_MAX_PAGE);
	else if (!(s->margin_left >= 0 && s->margin_right >= 0 && s->margin_top >= 0 &&
		   s->margin_bottom >= 0 && text_w(s) > GPD_STYLE_MIN_TEXT_W &&
		   text_h(s) > GPD_STYLE_MIN_TEXT_H))
		BAD("margins", "the margins leave a text area of %g x %g pt on a page of %g x %g "
			"pt: it must be more than %d pt wide and %d pt high", (double)text_w(s),
			(double)text_h(s), (double)s->page_width, (double)s->page_height,
			GPD_STYLE_MIN_TEXT_W, GPD_STYLE_MIN_TEXT_H);
	else if (!(s->base_size >= 2 && s->base_size <= 72))
		BAD("text", "text size %g pt: it must be 2 to 72 pt", (double)s->base_size);
	else if (!(s->small_size >= 2 && s->small_size <= 72))
		BAD("text", "small text size %g pt: it must be 2 to 72 pt", (double)s->small_size);
	else if (!(s->leading >= 0.8f && s->leading <= 4))
		BAD("text", "leading %g: it must be 0.8 to 4 (times the text size)", (double)s->leading);
	else if (!(s->para_space >= 0 && s->para_space <= text_h(s) / 4))
		BAD("text", "paragraph space %g pt: it must be at most a quarter of the text "
			"area's height, %g pt", (double)s->para_space, (double)(text_h(s) / 4));
	else if (!(s->indent_step >= 0 && s->indent_step <= text_w(s) / 6))
		BAD("text", "indent %g pt: it must be at most a sixth of the text area's width, "
			"%g pt", (double)s->indent_step, (double)(text_w(s) / 6));
	else if (s->widows < 1 || s->orphans < 1 || s->widows > 100 || s->orphans > 100)
		BAD("pagination", "widows %d and orphans %d: each must be 1 to 100", s->widows,
			s->orphans);
	else if (s->max_pages < 1)
		BAD("limits", "max-pages %d: it must be at least 1", s->max_pages);
	else if (s->lang && !gpd_lang_ok(s->lang))
		BAD("document", "language \"%s\" is not a BCP 47 tag", s->lang);
	for (i = 0; el == NULL && i < GPD_LAYOUT_HEADINGS; i++)
		if (!(s->heading_size[i] >= 2 && s->heading_size[i] <= 144))
			BAD("headings", "heading h%d is %g pt: headings must be 2 to 144 pt", i + 1,
				(double)s->heading_size[i]);
#undef BAD
	return el;
}

static int style_ok(gpd_style *s)
{
	char why[200];
	int d;

	if (gpd_style_problem(s, why, sizeof why) != NULL)
		return 0;
	if (!s->lang)
		s->lang = "en-GB";
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
	L->keep_glyphs = HELD_KEEPS_GLYPHS;
	L->max_pending = MAX_PENDING;
	L->max_pending_reuse = MAX_PENDING_REUSE;
	if (!style_ok(&L->st)) {
		gpd__warn(L, GPD_LAYOUT_W_INVALID_STYLE, NULL);
		free(L);
		return NULL;
	}
	gpd__least_box(&L->st, &L->tall_up, &L->tall_down);
	/* libharu allocates through mem.h: its reserve for when memory runs out */
	L->pdf = HPDF_NewEx(on_hpdf_error, gpd_mem_hpdf_alloc, free, 0, L);
	if (L->pdf && !gpd__tag_init(L)) {
		HPDF_SetCompressionMode(L->pdf, HPDF_COMP_ALL);
		HPDF_SetPagesConfiguration(L->pdf, 64);
		/* libharu's object table grows by a fixed 1,024 entries, each
		 * time copied whole into new memory: at 26,000 pages (hundreds of
		 * thousands of objects) that was a quarter of a second of copying
		 * and page faults; 64 Ki entries a step makes it a handful */
		if (L->pdf->xref && L->pdf->xref->entries)
			L->pdf->xref->entries->items_per_block = XREF_STEP;
		L->lang = gpd__intern(L, L->st.lang, strlen(L->st.lang));
		L->st.lang = NULL; /* the caller's string: read only now */
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
	if (L->tags) /* the tree written early reads what is freed below */
		gpd__tag_early_drop(L);
	free(L->reuse_owned);
	gpd__reuse_free(L->tree_reuse);
	if (L->pdf)
		HPDF_Free(L->pdf);
	gpd__fonts_free(L);
	gpd__lb_free(L);
	gpd__embed_free(L);
	gpd__tag_free(L);
	gpd__block_free(&L->blk);
	gpd__block_free(&L->fblk);
	gpd__flow_free(L);
	for (i = 0; i < L->ncells; i++)
		gpd__block_free(&L->cells[i]);
	free(L->cells);
	free(L->warned);
	free(L->warned_cp);
	free(L->pages);
	free(L->strs);
	free(L->atab);
	free(L->marks);
	free(L->outl);
	free(L->defs);
	free(L->scratch);
	free(L->tjbuf);
	free(L->order);
	free(L->ox);
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
		/* the object streams are wanted at the save, after the pages
		 * (and, when owned, the previous save) are gone: copied now */
		gpd__reuse_free(L->tree_reuse);
		L->tree_reuse = pdf ? gpd__reuse_index_objstm(pdf, len) : NULL;
	}
}

void gpd_layout_reuse_from_owned(gpd_layout *L, void *pdf, size_t len)
{
	if (!L) {
		free(pdf);
		return;
	}
	free(L->reuse_owned);
	L->reuse_owned = pdf;
	gpd_layout_reuse_from(L, pdf, len);
}

gpd_layout_pages *gpd_layout_pages_new(const void *pdf, size_t len)
{
	return gpd__pages_new(pdf, len);
}

void gpd_layout_pages_free(gpd_layout_pages *p)
{
	gpd__pages_free(p);
}

void gpd_layout_reuse_shared(gpd_layout *L, const gpd_layout_pages *p)
{
	if (L)
		L->shared = p;
}

void gpd_layout_set_pool(gpd_layout *L, gpd_pool *pool)
{
	if (L)
		L->pool = pool;
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

	GPD__CHECK(L);
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
	int rc;

	/* what is held before it belongs to the old section's pages */
	GPD__CHECK(L);
	if (gpd__flow_flush_body(L))
		return L->err;
	rc = set_string(L, utf8, &L->section);

	if (!rc && L->npages && L->page_empty)
		L->pages[L->npages - 1].section = L->section;
	return rc;
}

int gpd_layout_set_furniture(gpd_layout *L, int on)
{
	GPD__CHECK(L);
	L->furniture = on != 0;
	if (L->npages)
		L->pages[L->npages - 1].furniture = L->furniture;
	return GPD_LAYOUT_OK;
}

/* ---- structure ---------------------------------------------------------- */

int gpd_layout_struct_begin(gpd_layout *L, gpd_struct s)
{
	static const tag_type types[] = { T_PART, T_SECT, T_DIV, T_TOC, T_TOCI, T_L };

	GPD__CHECK(L);
	if ((unsigned)s >= sizeof types / sizeof types[0])
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "bad structure type %d", (int)s);
	gpd__tag_group(L, types[s]);
	return L->err;
}

int gpd_layout_struct_end(gpd_layout *L)
{
	GPD__CHECK(L);
	if (gpd__tag_open_type(L) < 0)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "struct_end without struct_begin");
	gpd__tag_close(L);
	return GPD_LAYOUT_OK;
}

int gpd_layout_struct_lang(gpd_layout *L, const char *lang)
{
	GPD__CHECK(L);
	if (lang != NULL && !gpd_lang_ok(lang))
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "not a language tag: %s", lang);
	return gpd__tag_lang(L, lang);
}

int gpd_layout_struct_heading(gpd_layout *L, int level)
{
	GPD__CHECK(L);
	if (level < 1 || level > 6)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "heading level %d", level);
	gpd__tag_next_heading(L, level);
	return GPD_LAYOUT_OK;
}
