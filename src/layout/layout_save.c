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

/* Draws text at most maxw wide ending at (align right) or starting at x;
 * longer text is cut after the words of its first line and ends with an
 * ellipsis: on their right, or on their left when the text is right to
 * left (its end, logically, is there). */
static void draw_fitted(gpd_layout *L, HPDF_Page pg, const char *utf8,
	int slot, float x, float y, float maxw, int right)
{
	gpd_run r = { utf8, GPD_RUN_STRLEN, GPD_FACE_REGULAR, NULL, NULL, NULL, 0, NULL };
	float size = L->st.small_size, ew = gpd__str_width(L, SLOT_REG, size,
		"\xE2\x80\xA6"), w;
	block *b = &L->fblk;
	int cut;

	r.face = slot == SLOT_IT ? GPD_FACE_ITALIC : GPD_FACE_REGULAR;
	if (gpd__block_prep(L, b, &r, 1, size, 0) || gpd__block_break(L, b, maxw)
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

/* The width of utf8 on one line as draw_fitted sets it (with fallback
 * glyphs and replacement marks). */
static float fitted_width(gpd_layout *L, const char *utf8, int slot)
{
	gpd_run r = { utf8, GPD_RUN_STRLEN, slot == SLOT_IT ? GPD_FACE_ITALIC
		: GPD_FACE_REGULAR, NULL, NULL, NULL, 0, NULL };
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
	float half = (right - left) * 0.48f, yh = gpd__page_top(L) + s->margin_top * 0.42f;
	char foot[64];

	L->cur_slot = -1;
	L->cur_color.r = -1;
	gpd__art_begin(L, pg, ART_HEADER);
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
	gpd__art_end(L, pg);
	snprintf(foot, sizeof foot, "page %zu of %zu", i + 1, L->npages);
	gpd__art_begin(L, pg, ART_FOOTER);
	draw_fitted(L, pg, foot, SLOT_REG, (left + right) / 2
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
			furniture(L, i);
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
