/* layout_save.c: finishing (queued blocks, deferred numbers and links, running heads and footers) and saving. */
#define _POSIX_C_SOURCE 200809L

#include <malloc.h> /* malloc_trim */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_streams.h>

#include "layout/layout_deflate.h"
#include "layout/layout_defer.h"
#include "layout/layout_flow.h"
#include "layout/layout_hpdf.h"
#include "layout/layout_page.h"
#include "layout/layout_show.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/* ---- finishing ------------------------------------------------------------------- */

/* How close to the page's top edge a running head's ink may come: this
 * part of the margin it stands in is kept clear (a quarter: 6 mm of the
 * default 25, more than most printers leave unprinted). */
#define HEAD_EDGE 0.25f
/* How far the running head's rule is below its baseline, and how far
 * above the rule its ink stays, in its size (small_size). */
#define HEAD_RULE 0.7f
#define HEAD_RULE_CLEAR 0.1f

/* The ink of a running head's text at the small size (how high above its
 * baseline, how deep below), remembered by its place in L->strs: a
 * document's pages share a few heads, and measuring one is shaping it. */
typedef struct headink {
	size_t key;        /* offset in L->strs; SIZE_MAX: none measured */
	float up, down;
} headink;

/* Prepares utf8 in L->fblk at size, as a head or footer is set. */
static int fitted_prep(gpd_layout *L, const char *utf8, int slot, float size)
{
	gpd_run r = { utf8, GPD_RUN_STRLEN, slot == SLOT_IT ? GPD_FACE_ITALIC
		: GPD_FACE_REGULAR, NULL, NULL, NULL, 0, NULL };

	return gpd__block_prep(L, &L->fblk, &r, 1, size, 0);
}

/* The ink of the head at key in L->strs, on one line (its glyphs' extents,
 * as a body line's: gpd__line_room), into *c unless it holds it already. */
static void head_ink(gpd_layout *L, size_t key, int slot, headink *c)
{
	block *b = &L->fblk;

	if (c->key == key)
		return;
	c->key = key;
	c->up = c->down = 0;
	if (!fitted_prep(L, L->strs + key, slot, L->st.small_size)
	    && !gpd__block_break(L, b, 1e9f) && b->nlines) {
		c->up = b->lines[0].ink_up;
		c->down = b->lines[0].ink_down;
	}
}

/* The baseline of a page's running heads, whose ink reaches up to up and
 * down to down at the small size: where the style puts it (yh), else
 * raised or lowered until the ink is within [lo, hi], else (taller than
 * that) where the heads, shrunk, fit best (head_scale). */
static float head_base(float yh, float lo, float hi, float up, float down)
{
	if (up + down > hi - lo)
		return lo + (hi - lo) * down / (up + down);
	return fminf(fmaxf(yh, lo + down), hi - up);
}

/* What a head with ink c on baseline y is scaled by to keep its ink in
 * [lo, hi]: 1 but for a stack of marks or a tall glyph taller than the
 * band. Shrunk, not clipped (a glyph cut prints wrong, unsaid), nor
 * given room from the body (laid out already): a running head repeats
 * what the page's own heading prints in full. */
static float head_scale(const headink *c, float y, float lo, float hi)
{
	float f = 1;

	if (c->up > hi - y)
		f = (hi - y) / c->up;
	if (c->down > y - lo)
		f = fminf(f, (y - lo) / c->down);
	return f;
}

/* Draws text at size, at most maxw wide, ending at (align right) or
 * starting at x; longer text is cut after the words of its first line
 * and ends with an ellipsis: on their right, or on their left when the
 * text is right to left (its end, logically, is there). */
static void draw_fitted(gpd_layout *L, HPDF_Page pg, const char *utf8,
	int slot, float size, float x, float y, float maxw, int right)
{
	float ew = gpd__str_width(L, SLOT_REG, size, "\xE2\x80\xA6"), w;
	block *b = &L->fblk;
	int cut;

	if (fitted_prep(L, utf8, slot, size) || gpd__block_break(L, b, maxw)
	    || !b->nlines)
		return;
	cut = b->nlines > 1;
	if (cut && gpd__block_break(L, b, maxw - ew))
		return;
	w = b->lines[0].w + (cut ? ew : 0);
	if (right)
		x -= w;
	gpd__emit_line(L, pg, b, 0, cut && b->base_rtl ? x + ew : x, y, &L->st.muted);
	if (cut) {
		gpd__text_begin(L, pg);
		gpd__set_font(L, pg, SLOT_REG, size);
		gpd__text_out(L, pg, b->base_rtl ? x : x + b->lines[0].w, y,
			"\xE2\x80\xA6", 3);
		gpd__text_end(L, pg);
	}
}

/* The width of utf8 on one line as draw_fitted sets it at size (with
 * fallback glyphs and replacement marks). */
static float fitted_width(gpd_layout *L, const char *utf8, int slot, float size)
{
	block *b = &L->fblk;

	if (fitted_prep(L, utf8, slot, size) || gpd__block_break(L, b, 1e9f) || !b->nlines)
		return 0;
	return b->lines[0].w;
}

/* Page i's running head (the document's title on the left, the section's
 * on the right, a rule under them) and its number; ink[0] and ink[1]
 * remember the title's and the section's ink from page to page. */
static void furniture(gpd_layout *L, size_t i, headink ink[2])
{
	const gpd_style *s = &L->st;
	HPDF_Page pg = L->pages[i].page;
	size_t title = L->title, sect = L->pages[i].section;
	float left = s->margin_left, right = s->page_width - s->margin_right;
	float half = (right - left) * 0.48f, yh = gpd__page_top(L) + s->margin_top * 0.42f;
	float lo = yh - s->small_size * (HEAD_RULE - HEAD_RULE_CLEAR);
	float hi = s->page_height - s->margin_top * HEAD_EDGE, y, ts = 0, ss = 0;
	char foot[64];

	L->cur_slot = -1;
	L->cur_color.r = -1;
	if (title != SIZE_MAX)
		head_ink(L, title, SLOT_IT, &ink[0]);
	if (sect != SIZE_MAX)
		head_ink(L, sect, SLOT_REG, &ink[1]);
	y = head_base(yh, lo, hi, fmaxf(title != SIZE_MAX ? ink[0].up : 0,
		sect != SIZE_MAX ? ink[1].up : 0), fmaxf(title != SIZE_MAX ? ink[0].down : 0,
		sect != SIZE_MAX ? ink[1].down : 0));
	gpd__art_begin(L, pg, ART_HEADER);
	if (sect != SIZE_MAX)
		ss = s->small_size * head_scale(&ink[1], y, lo, hi);
	/* the title takes the room the section text leaves, at least half */
	if (title != SIZE_MAX) {
		ts = s->small_size * head_scale(&ink[0], y, lo, hi);
		draw_fitted(L, pg, L->strs + title, SLOT_IT, ts, left, y,
			sect == SIZE_MAX ? right - left : fmaxf(half, right - left
			- s->small_size * 2 - fminf(half, fitted_width(L, L->strs + sect,
			SLOT_REG, ss))), 0);
	}
	if (sect != SIZE_MAX)
		draw_fitted(L, pg, L->strs + sect, SLOT_REG, ss, right, y, half, 1);
	HPDF_Page_SetLineWidth(pg, 0.5f);
	HPDF_Page_SetRGBStroke(pg, s->rule.r, s->rule.g, s->rule.b);
	HPDF_Page_MoveTo(pg, left, yh - s->small_size * HEAD_RULE);
	HPDF_Page_LineTo(pg, right, yh - s->small_size * HEAD_RULE);
	HPDF_Page_Stroke(pg);
	gpd__art_end(L, pg);
	snprintf(foot, sizeof foot, "page %zu of %zu", i + 1, L->npages);
	gpd__art_begin(L, pg, ART_FOOTER);
	draw_fitted(L, pg, foot, SLOT_REG, s->small_size, (left + right) / 2
		+ gpd__str_width(L, SLOT_REG, s->small_size, foot) / 2,
		s->margin_bottom * 0.5f, right - left, 1);
	gpd__art_end(L, pg);
}

/* The running head and "page N of M" go in a content stream of their own
 * (the page's /Contents becomes [body furniture]; a reader joins them as
 * one), so the body's bytes do not depend on the page count: a rebuild
 * that adds or removes a page still copies every unchanged body's
 * deflated stream (layout_deflate.c, layout_reuse.c). */
static int own_stream(gpd_layout *L, size_t i)
{
	if (gpd__deflate_new_stream(L, i, 512) != 0)
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot start page %zu's running head", i + 1);
	return 0;
}

/* Runs once: places what is still queued, then fills in everything that
 * needed the whole document (page numbers, links, "of M"). */
static int finish(gpd_layout *L)
{
	headink ink[2] = { { SIZE_MAX, 0, 0 }, { SIZE_MAX, 0, 0 } };
	size_t i;

	if (L->finished)
		return L->err;
	if (gpd__flow_flush(L, 0, 1) || gpd__ensure_page(L))
		return L->err;
	L->mark_limit = SIZE_MAX;
	gpd__mc_around(L, gpd__cur_page(L), TAG_NONE); /* the last line's sequence */
	gpd__resolve_marks(L, L->y);
	gpd__quotes_close_page(L);
	L->nquotes = 0;
	L->marker[0] = '\0';
	gpd__defers_finish(L);
	/* from here each page is final once its furniture is drawn: the
	 * other cores deflate it meanwhile (layout_deflate.c) */
	gpd__deflate_start(L);
	for (i = 0; i < L->npages && !L->err; i++) {
		if (L->pages[i].furniture && own_stream(L, i) == 0)
			furniture(L, i, ink);
		gpd__deflate_page(L, i);
	}
	L->finished = 1;
	return L->err;
}

/* ---- saving -------------------------------------------------------------------------- */

/* libharu made the information dictionary with the document (its
 * /Producer), so the entries follow that, in the order set here. */
static void info_str(gpd_layout *L, const char *key, const char *v)
{
	if (v)
		gpd__tag_text_entry(L, L->pdf->info, key, v, 2000);
}

/* Dates come from the caller (SOURCE_DATE_EPOCH) so output is
 * reproducible; libharu adds no date of its own. */
static int set_info(gpd_layout *L, const gpd_docinfo *info)
{
	struct tm tm;
	HPDF_Date d;

	if (!info)
		return L->err;
	info_str(L, "Title", info->title);
	info_str(L, "Author", info->author);
	info_str(L, "Subject", info->subject);
	info_str(L, "Keywords", info->keywords);
	info_str(L, "Creator", info->creator);
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

/* Every page is the style's size: one /MediaBox on the page tree's root,
 * which pages inherit (ISO 32000-1, 7.7.3.4), not one on every page. */
static void share_media_box(gpd_layout *L)
{
	HPDF_Array box;

	if (!L->pdf->root_pages || !(box = HPDF_Box_Array_New(L->pdf->mmgr,
	    (HPDF_Box){0, 0, L->st.page_width, L->st.page_height}))
	    || HPDF_Dict_Add(L->pdf->root_pages, "MediaBox", box) != HPDF_OK) {
		gpd__fail(L, GPD_LAYOUT_EPDF, "cannot set the page size");
		return;
	}
	for (size_t i = 0; i < L->npages; i++)
		if (HPDF_Dict_GetItem(L->pages[i].page, "MediaBox", HPDF_OCLASS_ARRAY))
			HPDF_Dict_RemoveElement(L->pages[i].page, "MediaBox");
}

static int prepare_save(gpd_layout *L, const gpd_docinfo *info)
{
	if (!L)
		return GPD_LAYOUT_EINVAL;
	if (L->err || finish(L)) {
		gpd__deflate_finish(L); /* nothing is swapped in after a failure */
		return L->err;
	}
	set_info(L, info);
	share_media_box(L);
	gpd__tag_prepare(L, info); /* layout_tag.c: the catalog's entries */
	gpd__deflate_finish(L); /* layout_deflate.c: same bytes, every core */
	return L->err;
}

int gpd_layout_save(gpd_layout *L, const char *path, const gpd_docinfo *info)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (!path)
		return L ? gpd__fail(L, GPD_LAYOUT_EINVAL, "no output path") : GPD_LAYOUT_EINVAL;
	if (gpd_layout_save_mem(L, info, &buf, &len))
		return L ? L->err : GPD_LAYOUT_EINVAL;
	if (!(f = fopen(path, "wb")) || fwrite(buf, 1, len, f) != len)
		gpd__fail(L, GPD_LAYOUT_EIO, "cannot write %s", path);
	if (f && fclose(f) != 0 && !L->err)
		gpd__fail(L, GPD_LAYOUT_EIO, "cannot write %s", path);
	free(buf);
	return L->err;
}

/* libharu's written file: the stream's one buffer, taken (layout_deflate.c),
 * or else copied out of its 4096-byte pieces. The stream is then freed
 * (or emptied, when the document stays for another save) and the memory
 * given back to the system: pieces would be holes in the heap that the
 * file written next, one large block, cannot use. */
static unsigned char *read_back(gpd_layout *L, HPDF_Stream s, int take, size_t *len)
{
	HPDF_UINT32 size = HPDF_Stream_Size(s), got, total = 0;
	/* written in one piece (layout_deflate.c): taken, not copied */
	unsigned char *out = gpd__save_buf_take(s, len), *mine = out;

	if (mine)
		total = size;
	else
		out = malloc(size ? size : 1);
	if (out && !mine && HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) == HPDF_OK)
		while (total < size && !L->err) {
			got = size - total;
			HPDF_STATUS rc = HPDF_Stream_Read(s, out + total, &got);
			total += got;
			if (rc != HPDF_OK || got == 0)
				break;
		}
	/* the stream's errors (its end, reached) are set, not raised:
	 * on_hpdf_error never sees them, and the sizes tell a short read */
	HPDF_ResetError(L->pdf);
	L->saving = 0;
	if (take)
		HPDF_Stream_Free(s);
	else
		HPDF_MemStream_FreeData(s);
	malloc_trim(0);
	if (!out)
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	else if (L->err || total != size)
		gpd__fail(L, GPD_LAYOUT_EPDF, "cannot read the PDF back");
	if (L->err) {
		free(out);
		return NULL;
	}
	*len = total;
	return out;
}

static int save_mem(gpd_layout *L, const gpd_docinfo *info,
	unsigned char **buf, size_t *len, int take)
{
	HPDF_Stream s;
	unsigned char *out;

	if (L && L->taken)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "the document was taken by an earlier save");
	if (!buf || !len || prepare_save(L, info))
		return L ? (L->err ? L->err : GPD_LAYOUT_EINVAL) : GPD_LAYOUT_EINVAL;
	L->saving = 1;
	gpd__save_buf_begin(L);
	gpd__tag_early(L); /* the structure tree, on the pool meanwhile */
	if (HPDF_SaveToStream(L->pdf) != HPDF_OK || !(s = L->pdf->stream)) {
		gpd__tag_early_drop(L);
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot build the PDF");
	}
	if (take) {
		/* every object is in the written file now: the document goes
		 * before that file is copied (for a long one, its page objects
		 * and deflated contents are a third of the peak) */
		L->pdf->stream = NULL;
		HPDF_FreeDoc(L->pdf);
		L->taken = 1;
		for (size_t i = 0; i < L->npages; i++)
			L->pages[i].page = NULL;
		malloc_trim(0); /* or the copy below comes on top */
	}
	if (!(out = read_back(L, s, take, len))) {
		gpd__tag_early_drop(L);
		return L->err;
	}
	/* layout_tag.c: the structure tree after libharu's objects */
	if (gpd__tag_append(L, &out, len)) {
		free(out);
		return L->err;
	}
	*buf = out;
	return GPD_LAYOUT_OK;
}

int gpd_layout_save_mem(gpd_layout *L, const gpd_docinfo *info,
	unsigned char **buf, size_t *len)
{
	return save_mem(L, info, buf, len, 0);
}

int gpd_layout_take_mem(gpd_layout *L, const gpd_docinfo *info,
	unsigned char **buf, size_t *len)
{
	return save_mem(L, info, buf, len, 1);
}
