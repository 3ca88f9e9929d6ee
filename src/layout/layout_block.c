/* layout_block.c: the blocks a renderer places: paragraphs, headings and labels, lists, quotes, ticks, rules, contents entries, anchors and outline. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "layout/layout_defer.h"
#include "layout/layout_flow.h"
#include "layout/layout_page.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

#define CODE_SCALE 0.9f /* monospace looks larger than the serif at one size */

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

	GPD__CHECK(L);
	if (!id || !*id)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "empty anchor id");
	if ((e = gpd__anchor_find(L, id)) != NULL) {
		gpd__warn(L, GPD_LAYOUT_W_DUPLICATE_ANCHOR, id);
		return GPD_LAYOUT_OK;
	}
	if (!(e = gpd__anchor_add(L, id, -1)))
		return L->err;
	return add_mark(L, MARK_ANCHOR, e->key);
}

gpd_outline_id gpd_layout_outline(gpd_layout *L, gpd_outline_id parent,
	const char *utf8_title)
{
	HPDF_Outline o;

	GPD__CHECK(L);
	if (parent < 0 || (size_t)parent > L->noutl)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "bad outline parent %d", parent);
	if (gpd__grow(L, &L->outl, &L->coutl, L->noutl + 1, sizeof *L->outl))
		return L->err;
	/* made untitled, then titled in place (its first key still) */
	o = HPDF_CreateOutline(L->pdf, parent ? L->outl[parent - 1] : NULL, "", NULL);
	if (!o)
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot create outline");
	if (gpd__tag_text_entry(L, o, "Title", utf8_title, 1000))
		return L->err;
	/* top level open, deeper levels folded: 10,000 entries stay usable */
	HPDF_Outline_SetOpened(o, parent == GPD_OUTLINE_ROOT);
	L->outl[L->noutl++] = o;
	if (add_mark(L, MARK_OUTLINE, L->noutl - 1))
		return L->err;
	return (gpd_outline_id)L->noutl;
}

/* ---- text blocks ------------------------------------------------------------ */

/* Headings by level: the last two are told apart by italic as well. */
static int heading_promote(int level)
{
	return level == GPD_LAYOUT_HEADINGS ? GPD__ITALIC
		: level == GPD_LAYOUT_HEADINGS - 1 ? GPD__BOLD | GPD__ITALIC : GPD__BOLD;
}

/* A list indents its items from the side they start on: a right-to-left
 * paragraph in one (set flush right, its marker on the right) is moved
 * left by the lists' indentation, which is then on its right, as a page
 * in Arabic or Hebrew sets a list. Returns how far; 0 for any other. */
static float list_mirror(const gpd_layout *L, const block *b, float x0)
{
	float ind = (float)L->nlists * L->st.indent_step;

	if (!b->base_rtl || L->nlists == 0)
		return 0;
	return ind < x0 - L->st.margin_left ? ind : x0 - L->st.margin_left;
}

/* Holds a block of runs at the current indentation, broken to the measure;
 * before is the gap it wants above it. Returns the entry or NULL. */
static held *hold_text(gpd_layout *L, const gpd_run *runs, size_t n,
	float size, int promote, float before)
{
	held *h = gpd__flow_new(L);

	if (!h || gpd__block_prep(L, &h->b, runs, n, size, promote)
	    || gpd__block_break(L, &h->b, gpd__content_w(L)))
		return NULL;
	h->kind = HELD_TEXT;
	h->split = 1;
	h->pitch = gpd__pitch_of(L, size);
	h->x0 = gpd__content_x(L);
	h->mirror = list_mirror(L, &h->b, h->x0);
	h->x0 -= h->mirror;
	h->col = &L->st.text;
	gpd__add_gap(L, before);
	return h;
}

/* A paragraph at the current indentation; after is the gap it leaves. */
static int para_emit(gpd_layout *L, const gpd_run *runs, size_t n, float after,
	uint32_t tag)
{
	held *h = hold_text(L, runs, n, L->st.base_size, 0, 0);

	if (!h)
		return L->err;
	/* the element is made now, in the group open now, though the lines
	 * are drawn later (layout_flow.c) */
	h->tag = tag != TAG_NONE ? tag : h->b.nlines ? gpd__tag_leaf(L, T_P) : TAG_NONE;
	if (gpd__flow_push(L, h))
		return L->err;
	gpd__add_gap(L, after);
	return L->err;
}

int gpd_layout_paragraph(gpd_layout *L, const gpd_run *runs, size_t n)
{
	GPD__CHECK(L);
	return para_emit(L, runs, n,
		L->nlists ? L->st.para_space * 0.45f : L->st.para_space, TAG_NONE);
}

/* Headings and labels are kept with what follows them (never alone at
 * the foot of a page) and never split. */
/* A heading's or label's element (H<n>, or P for a label), made when it is
 * held so that the tree keeps the order of the calls. */
static void kept_tag(gpd_layout *L, held *h, int level, int label)
{
	if (h->b.nlines)
		h->tag = gpd__tag_heading(L, level, label);
	else
		gpd__tag_next_heading(L, 0); /* nothing drawn: the level is not used */
}

int gpd_layout_heading(gpd_layout *L, int level, const gpd_run *runs,
	size_t n, const char *anchor)
{
	float size;
	held *h;

	GPD__CHECK(L);
	if (level < 1 || level > GPD_LAYOUT_HEADINGS)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "heading level %d", level);
	if (anchor && gpd_layout_anchor(L, anchor))
		return L->err;
	size = L->st.heading_size[level - 1];
	h = hold_text(L, runs, n, size, heading_promote(level),
		size * (level == 1 ? 1.3f : 1.0f));
	if (!h)
		return L->err;
	h->keep_next = 1;
	h->split = 0;
	h->pitch = size * GPD__HEAD_LEADING;
	h->col = &L->st.heading;
	kept_tag(L, h, level, 0);
	if (gpd__flow_push(L, h))
		return L->err;
	L->gap = size * 0.35f;
	return GPD_LAYOUT_OK;
}

int gpd_layout_label(gpd_layout *L, const gpd_run *runs, size_t n)
{
	held *h;

	GPD__CHECK(L);
	h = hold_text(L, runs, n, L->st.base_size, GPD__BOLD,
		L->nlists ? L->st.para_space * 0.45f : L->st.para_space);
	if (!h)
		return L->err;
	h->keep_next = 1;
	h->split = 0;
	kept_tag(L, h, 0, 1);
	if (gpd__flow_push(L, h))
		return L->err;
	L->gap = L->st.para_space * 0.3f;
	return GPD_LAYOUT_OK;
}

int gpd_layout_code(gpd_layout *L, const char *utf8, size_t len)
{
	float size;
	held *h;

	GPD__CHECK(L);
	if (!utf8)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "code is NULL");
	if (len == GPD_RUN_STRLEN)
		len = strlen(utf8);
	size = L->st.base_size * CODE_SCALE;
	if (!(h = gpd__flow_new(L)))
		return L->err;
	/* a wrapped line goes on after the continuation mark, in the measure */
	h->cont = gpd__str_width(L, gpd__adv(L, SLOT_MONO, CONT_MARK_CP) >= 0 ? SLOT_MONO
		: SLOT_FB, size, CONT_MARK) + size * 0.4f;
	if (gpd__block_prep_pre(L, &h->b, utf8, len, size)
	    || gpd__block_break_pre(L, &h->b, gpd__content_w(L), h->cont))
		return L->err;
	h->kind = HELD_CODE;
	h->split = 1;
	h->tag = h->b.nlines ? gpd__tag_leaf(L, T_P) : TAG_NONE;
	h->pitch = gpd__pitch_of(L, L->st.base_size);
	h->x0 = gpd__content_x(L);
	h->col = &L->st.text;
	gpd__add_gap(L, L->nlists ? L->st.para_space * 0.45f : L->st.para_space);
	if (gpd__flow_push(L, h))
		return L->err;
	gpd__add_gap(L, L->nlists ? L->st.para_space * 0.45f : L->st.para_space);
	return L->err;
}

int gpd_layout_keep_begin(gpd_layout *L)
{
	GPD__CHECK(L);
	if (L->keep_depth++ == 0)
		L->group = ++L->groups ? L->groups : ++L->groups;
	return GPD_LAYOUT_OK;
}

int gpd_layout_keep_end(gpd_layout *L)
{
	GPD__CHECK(L);
	if (!L->keep_depth)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "keep_end without keep_begin");
	if (--L->keep_depth == 0)
		L->group = 0;
	return GPD_LAYOUT_OK;
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
	GPD__CHECK(L);
	if (L->nlists == MAX_NEST)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "lists nested too deeply");
	L->lists[L->nlists].ordered = ordered != 0;
	L->lists[L->nlists++].counter = (start >= 0 ? start : 1) - 1;
	gpd__tag_group(L, T_L);
	L->indent_l += L->st.indent_step;
	gpd__add_gap(L, L->st.para_space * (L->nlists == 1 ? 0.6f : 0.3f));
	return GPD_LAYOUT_OK;
}

int gpd_layout_item_begin(gpd_layout *L)
{
	static const char *const bullets[] = { "\xE2\x80\xA2", "\xE2\x80\x93",
		"\xE2\x97\xA6" }; /* bullet, en dash, white bullet */
	list_state *ls;
	char num[16];

	GPD__CHECK(L);
	if (!L->nlists)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "item outside a list");
	ls = &L->lists[L->nlists - 1];
	ls->counter++;
	if (ls->ordered)
		snprintf(num, sizeof num, "%d.", ls->counter);
	set_marker(L, ls->ordered ? num : bullets[(L->nlists - 1) % 3],
		gpd__content_x(L) - L->st.base_size * 0.45f);
	if (gpd__tag_open_type(L) != T_L) /* an item not ended */
		gpd__tag_close_to(L, T_LI);
	gpd__tag_group(L, T_LI);
	gpd__tag_set_marker(L, gpd__tag_leaf(L, T_LBL));
	gpd__tag_group(L, T_LBODY);
	gpd__add_gap(L, L->st.para_space * 0.25f);
	return L->err;
}

int gpd_layout_item_end(gpd_layout *L)
{
	GPD__CHECK(L);
	if (!L->nlists)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "item_end outside a list");
	L->marker[0] = '\0';
	gpd__tag_set_marker(L, TAG_NONE);
	gpd__tag_close_to(L, T_LI);
	return GPD_LAYOUT_OK;
}

int gpd_layout_list_end(gpd_layout *L)
{
	GPD__CHECK(L);
	if (!L->nlists)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "list_end without a list");
	L->nlists--;
	L->indent_l -= L->st.indent_step;
	L->marker[0] = '\0';
	gpd__tag_set_marker(L, TAG_NONE);
	gpd__tag_close_to(L, T_L);
	gpd__add_gap(L, L->st.para_space);
	return GPD_LAYOUT_OK;
}

int gpd_layout_quote_begin(gpd_layout *L)
{
	quote_state *q;
	float x0;

	GPD__CHECK(L);
	if (L->nquotes == MAX_NEST)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "quotes nested too deeply");
	q = &L->quotes[L->nquotes++];
	x0 = gpd__content_x(L);
	q->y_top = -1;
	q->page = L->npages;
	L->indent_l += L->st.indent_step;
	L->indent_r += L->st.indent_step * 0.5f;
	/* Its rule goes between the text outside and the text inside; nested
	 * past the room the text area leaves (gpd__measure), the text moves in
	 * no further and a rule would cross it: such a quote has none. */
	q->x = gpd__content_x(L) >= x0 + L->st.indent_step * 0.6f
		? x0 + L->st.indent_step * 0.3f : -1;
	gpd__tag_group(L, T_BLOCKQUOTE);
	gpd__add_gap(L, L->st.para_space);
	return L->err;
}

int gpd_layout_quote_end(gpd_layout *L)
{
	quote_state *q;

	GPD__CHECK(L);
	if (!L->nquotes)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "quote_end without a quote");
	/* what it holds is drawn before its rule */
	if (gpd__flow_flush(L, 0, 0))
		return L->err;
	q = &L->quotes[--L->nquotes];
	if (q->x >= 0 && q->y_top >= 0 && q->page + 1 == L->npages)
		gpd__vrule(L, gpd__cur_page(L), q->x, q->y_top, L->y);
	L->indent_l -= L->st.indent_step;
	L->indent_r -= L->st.indent_step * 0.5f;
	gpd__tag_close_to(L, T_BLOCKQUOTE);
	gpd__add_gap(L, L->st.para_space);
	return L->err;
}

int gpd_layout_tick(gpd_layout *L, gpd_tick box, const gpd_run *runs,
	size_t n)
{
	const char *g = box == GPD_TICK_BOX_CHECKED ? "\xE2\x98\x92"
		: box == GPD_TICK_CHECK ? "\xE2\x9C\x93" : "\xE2\x98\x90";
	float ind = L ? L->st.base_size * 1.6f : 0;
	int rc, own;
	uint32_t lbl;

	GPD__CHECK(L);
	L->indent_l += ind;
	set_marker(L, g, gpd__content_x(L) - L->st.base_size * 0.4f);
	/* an option with its state: the box is a label whose text is the
	 * state, so a screen reader says "ticked", not the glyph's name */
	if ((own = gpd__tag_open_type(L) != T_L))
		gpd__tag_group(L, T_L);
	gpd__tag_group(L, T_LI);
	lbl = gpd__tag_leaf(L, T_LBL);
	gpd__tag_text(L, lbl, TXT_ACTUAL, box == GPD_TICK_BOX_EMPTY ? "not ticked: "
		: "ticked: ", GPD_RUN_STRLEN);
	gpd__tag_set_marker(L, lbl);
	gpd__add_gap(L, L->st.para_space * 0.2f);
	/* the option's text is the body itself: one element fewer a tick */
	rc = para_emit(L, runs, n, L->st.para_space * 0.2f, gpd__tag_leaf(L, T_LBODY));
	gpd__tag_close_to(L, T_LI);
	if (own)
		gpd__tag_close_to(L, T_L);
	gpd__tag_set_marker(L, TAG_NONE);
	L->indent_l -= ind;
	L->marker[0] = '\0';
	return rc;
}

int gpd_layout_space(gpd_layout *L, float points)
{
	float room;

	GPD__CHECK(L);
	if (!(points > 0))
		return GPD_LAYOUT_OK;
	if (L->nhq || (L->npages && !L->page_empty)) {
		L->gap += points;
		return GPD_LAYOUT_OK;
	}
	/* on an empty page the space is meant (title pages): keep it, but
	 * leave at least half the body for what follows */
	if (gpd__ensure_page(L))
		return L->err;
	room = L->y - (L->st.margin_bottom + gpd__page_top(L)) / 2;
	L->y -= points < room ? points : (room > 0 ? room : 0);
	return GPD_LAYOUT_OK;
}

int gpd_layout_rule(gpd_layout *L)
{
	float top, h = L ? L->st.para_space : 0, x, w;
	HPDF_Page pg;

	GPD__CHECK(L);
	gpd__add_gap(L, L->st.para_space);
	if (gpd__place(L, h, &top))
		return L->err;
	gpd__measure(L, &x, &w);
	pg = gpd__cur_page(L);
	gpd__art_begin(L, pg, ART_LAYOUT);
	HPDF_Page_SetLineWidth(pg, 0.6f);
	HPDF_Page_SetRGBStroke(pg, L->st.rule.r, L->st.rule.g, L->st.rule.b);
	HPDF_Page_MoveTo(pg, x + w * 0.3f, top - h / 2);
	HPDF_Page_LineTo(pg, x + w * 0.7f, top - h / 2);
	HPDF_Page_Stroke(pg);
	gpd__art_end(L, pg);
	gpd__add_gap(L, L->st.para_space);
	return L->err;
}

int gpd_layout_page_break(gpd_layout *L)
{
	GPD__CHECK(L);
	if (gpd__flow_flush(L, 0, 1))
		return L->err;
	if (L->npages && !L->page_empty)
		return gpd__new_page(L);
	return gpd__ensure_page(L);
}

/* ---- contents entries ----------------------------------------------------------- */

int gpd_layout_toc_entry(gpd_layout *L, int level, const gpd_run *runs,
	size_t n, const char *anchor)
{
	float size, x, w, x0;
	held *h;

	GPD__CHECK(L);
	if (level < 1 || level > 4 || !anchor || !*anchor)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "bad contents entry");
	size = L->st.base_size;
	gpd__measure(L, &x, &w);
	x0 = x + (float)(level - 1) * L->st.indent_step;
	if (!(h = gpd__flow_new(L)))
		return L->err;
	h->kind = HELD_TOC;
	h->toc_slot = level == 1 ? SLOT_BOLD : SLOT_REG;
	h->right = x + w;
	h->numw = (float)L->st.pageref_digits * gpd__str_width(L, SLOT_BOLD, size, "0");
	if ((h->anchor = gpd__intern(L, anchor, strlen(anchor))) == SIZE_MAX
	    || gpd__block_prep(L, &h->b, runs, n, size, level == 1 ? GPD__BOLD : 0)
	    || gpd__block_break(L, &h->b, h->right - x0 - h->numw - size * 1.5f))
		return L->err;
	h->split = 1;
	h->keep_next = level == 1; /* a part's entry with the first under it */
	h->pitch = gpd__pitch_of(L, size);
	h->x0 = x0;
	h->col = &L->st.text;
	/* a contents entry is a reference: a Link holding its text and page
	 * number, with an annotation per line */
	gpd__tag_group(L, T_REFERENCE);
	h->tag = gpd__tag_leaf(L, T_LINK);
	if (h->b.nrepl == 0) {
		gpd__tag_text(L, h->tag, TXT_NONE, h->b.arena, h->b.alen);
	} else { /* each replacement mark as the character it stands for */
		gpd_buf text = {0};

		gpd__block_text(&h->b, 0, h->b.alen, &text);
		if (gpd_buf_failed(&text))
			return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		gpd__tag_text(L, h->tag, TXT_NONE, text.data, text.len);
		gpd_buf_free(&text);
	}
	gpd__tag_close_to(L, T_REFERENCE);
	gpd__add_gap(L, level == 1 ? L->st.para_space * 0.9f : L->st.para_space * 0.1f);
	return gpd__flow_push(L, h);
}
