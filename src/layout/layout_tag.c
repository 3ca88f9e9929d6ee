/* layout_tag.c: the tagged PDF layer (PDF/UA-1): structure elements made as the renderer places blocks, marked content and artifacts in the page streams, and the structure tree, parent tree, named destinations and XMP metadata written after libharu's objects. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include "gpdigest/buf.h"
#include "gpdigest/pool.h"
#include "layout/layout_embed.h"
#include "layout/layout_pack.h"
#include "layout/layout_reuse.h"
#include "layout/layout_show.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"
#include "layout/layout_flate.h"

/*
 * libharu 2.3.0 has no tagging: this file keeps the logical structure in
 * a few flat arrays (an element is 24 bytes, a kid 16, a marked-content
 * id 4: a 10,000-record compendium has about a million of them) and
 * writes them itself. Content is marked where it is drawn: every line's
 * text between BT and ET in one or more "/P <</MCID n>> BDC ... EMC"
 * sequences (one per element it shows: the text, a link, a list marker),
 * never open across ET; everything else (running heads, footers, rules,
 * leaders, table bands, a repeated table header) as /Artifact. MCIDs
 * count from 0 on every page, so a page whose drawing is unchanged keeps
 * its bytes and a rebuild still copies its deflated stream.
 *
 * When libharu saves, the catalog gains its entries through its write
 * hook (the object numbers are known by then: the fonts' descriptors,
 * which libharu makes while writing, are made first), and the structure
 * elements, the parent tree, the named destinations and the XMP metadata
 * are written after libharu's objects (gpd__tag_append). The file is
 * written again whole: libharu's dictionaries and ours in deflated object
 * streams, the streams at the top level, one cross-reference stream
 * (layout_pack.c reads libharu's objects back). Struct elements that
 * came to hold nothing (an empty paragraph) are left out.
 */

enum { K_ELEM, K_MCR, K_OBJR };
#define NIL UINT32_MAX
#define KEY_ANNOT 0x80000000u

typedef struct telem {
	uint32_t parent, first, last; /* kids: indices in kids, NIL when none */
	uint8_t type, txt, scope, lang; /* lang: 1 + its index in langs, 0: its parent's */
	size_t text;                  /* offset in L->strs, SIZE_MAX: none */
} telem;

typedef struct tkid {
	uint32_t next, kind, a, b;    /* ELEM: a; MCR: page a, mcid b; OBJR: annot a */
} tkid;

typedef struct tannot {
	uint32_t obj, page;
} tannot;

struct gpd_tags {
	telem *e;
	size_t ne, ce;
	tkid *k;
	size_t nk, ck;
	uint32_t *mc;          /* the element of every MCID, page after page */
	size_t nmc, cmc;
	uint32_t *pkey, *pmc;  /* per page: its parent-tree key, its first in mc */
	size_t cpk, cpm;
	tannot *an;
	size_t nan, can;
	uint32_t *keyv;        /* per key: page index, or KEY_ANNOT | annotation */
	size_t nkeys, ckeys;
	uint32_t *stack;       /* open groups; stack[0] is the Document */
	size_t depth, cstack;
	uint32_t leaf, marker;
	int next_h, last_h, art;
	uint32_t open;         /* element whose marked content is open, or TAG_NONE */
	HPDF_Page open_pg;
	int open_in_text;      /* it was opened inside the text object (gpd__mc_begin) */
	/* saving */
	int prepared;
	uint32_t base, nobj;   /* libharu's object count; ours after it */
	uint32_t nfont;        /* the fonts' objects, numbered first (layout_embed.c) */
	uint32_t *num;         /* object number of each element written, 0: left out */
	uint32_t root, ptree, dests, meta;
	gpd_buf xmp;
	struct gpd_tag_early *early; /* the tree being written while libharu saves */
};

static const char *const TYPE_NAME[T__COUNT] = {
	"Document", "Part", "Sect", "Div", "TOC", "TOCI", "Reference", "Link",
	"P", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody",
	"Table", "THead", "TBody", "TR", "TH", "TD", "BlockQuote", "Span"
};

/* ---- the tree ----------------------------------------------------------- */

int gpd__tag_init(gpd_layout *L)
{
	struct gpd_tags *t = calloc(1, sizeof *t);

	if (!t)
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	L->tags = t;
	t->open = TAG_NONE;
	if (gpd__grow(L, &t->e, &t->ce, 1, sizeof *t->e)
	    || gpd__grow(L, &t->stack, &t->cstack, 8, sizeof *t->stack))
		return L->err;
	t->e[0] = (telem){NIL, NIL, NIL, T_DOCUMENT, TXT_NONE, SCOPE_NONE, 0, SIZE_MAX};
	t->ne = 1;
	t->stack[0] = 0;
	t->depth = 1;
	return GPD_LAYOUT_OK;
}

void gpd__tag_free(gpd_layout *L)
{
	struct gpd_tags *t = L ? L->tags : NULL;

	if (!t)
		return;
	gpd__tag_early_drop(L);
	free(t->e);
	free(t->k);
	free(t->mc);
	free(t->pkey);
	free(t->pmc);
	free(t->an);
	free(t->keyv);
	free(t->stack);
	free(t->num);
	gpd_buf_free(&t->xmp);
	free(t);
	L->tags = NULL;
}

static int add_kid(gpd_layout *L, uint32_t e, uint32_t kind, uint32_t a, uint32_t b)
{
	struct gpd_tags *t = L->tags;
	telem *p;

	if (gpd__grow(L, &t->k, &t->ck, t->nk + 1, sizeof *t->k))
		return L->err;
	t->k[t->nk] = (tkid){NIL, kind, a, b};
	p = &t->e[e];
	if (p->last == NIL)
		p->first = (uint32_t)t->nk;
	else
		t->k[p->last].next = (uint32_t)t->nk;
	p->last = (uint32_t)t->nk++;
	return GPD_LAYOUT_OK;
}

static uint32_t new_elem(gpd_layout *L, uint32_t parent, tag_type type)
{
	struct gpd_tags *t = L->tags;
	uint32_t e;

	if (L->err || gpd__grow(L, &t->e, &t->ce, t->ne + 1, sizeof *t->e))
		return TAG_NONE;
	e = (uint32_t)t->ne++;
	t->e[e] = (telem){parent, NIL, NIL, (uint8_t)type, TXT_NONE, SCOPE_NONE, 0, SIZE_MAX};
	if (add_kid(L, parent, K_ELEM, e, 0))
		return TAG_NONE;
	return e;
}

uint32_t gpd__tag_leaf(gpd_layout *L, tag_type type)
{
	return new_elem(L, L->tags->stack[L->tags->depth - 1], type);
}

uint32_t gpd__tag_group(gpd_layout *L, tag_type type)
{
	struct gpd_tags *t = L->tags;
	uint32_t e = gpd__tag_leaf(L, type);

	if (e == TAG_NONE || gpd__grow(L, &t->stack, &t->cstack, t->depth + 1, sizeof *t->stack))
		return TAG_NONE;
	t->stack[t->depth++] = e;
	return e;
}

void gpd__tag_close(gpd_layout *L)
{
	if (L->tags->depth > 1)
		L->tags->depth--;
}

void gpd__tag_close_to(gpd_layout *L, tag_type type)
{
	struct gpd_tags *t = L->tags;

	for (size_t d = t->depth; d-- > 1;)
		if (t->e[t->stack[d]].type == type) {
			t->depth = d;
			return;
		}
}

uint32_t gpd__tag_swap_leaf(gpd_layout *L, uint32_t e)
{
	uint32_t old = L->tags->leaf;

	L->tags->leaf = e;
	return old;
}

void gpd__tag_set_marker(gpd_layout *L, uint32_t e)
{
	L->tags->marker = e;
}

uint32_t gpd__tag_marker(const gpd_layout *L)
{
	return L->tags->marker;
}

void gpd__tag_next_heading(gpd_layout *L, int level)
{
	L->tags->next_h = level;
}

int gpd__tag_open_type(const gpd_layout *L)
{
	const struct gpd_tags *t = L->tags;

	return t->depth > 1 ? t->e[t->stack[t->depth - 1]].type : -1;
}

uint32_t gpd__tag_heading(gpd_layout *L, int level, int label)
{
	struct gpd_tags *t = L->tags;
	int lvl = t->next_h ? t->next_h : (label ? 0 : level);

	t->next_h = 0;
	if (lvl <= 0)
		return gpd__tag_leaf(L, T_P);
	/* the first heading is H1 and none skips a level (Matterhorn 14-002,
	 * 14-003): a deeper one than that is raised */
	if (lvl > t->last_h + 1)
		lvl = t->last_h + 1;
	if (lvl > 6)
		lvl = 6;
	t->last_h = lvl;
	return gpd__tag_leaf(L, (tag_type)(T_H1 + lvl - 1));
}

void gpd__tag_text(gpd_layout *L, uint32_t e, int kind, const char *utf8, size_t n)
{
	size_t off;

	if (e == TAG_NONE || !utf8)
		return;
	if (n == GPD_RUN_STRLEN)
		n = strlen(utf8);
	if ((off = gpd__intern(L, utf8, n)) == SIZE_MAX)
		return;
	L->tags->e[e].text = off;
	L->tags->e[e].txt = (uint8_t)kind;
}

int gpd__tag_lang(gpd_layout *L, const char *lang)
{
	struct gpd_tags *t = L->tags;
	uint8_t id = 0;

	if (t->depth < 2)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "a language with no group begun");
	if (lang != NULL && (id = gpd__lang_id(L, lang)) == 0)
		return L->err;
	t->e[t->stack[t->depth - 1]].lang = id;
	return GPD_LAYOUT_OK;
}

void gpd__tag_scope(gpd_layout *L, uint32_t e, int scope)
{
	if (e != TAG_NONE)
		L->tags->e[e].scope = (uint8_t)scope;
}

/* Segs si and sj print one link. */
static int same_link(const block *b, size_t si, size_t sj)
{
	const seg *x = &b->segs[si], *y = &b->segs[sj];

	return x->link_kind && x->link_kind == y->link_kind && !x->pageref && !y->pageref
		&& x->lang == y->lang && strcmp(b->arena + x->link_off, b->arena + y->link_off) == 0;
}

uint32_t gpd__tag_link(gpd_layout *L, block *b, size_t si)
{
	struct gpd_tags *t = L->tags;
	seg *s = &b->segs[si];
	gpd_buf text = {0};
	size_t j;
	uint32_t e;

	if (s->tag != TAG_NONE || t->art)
		return s->tag;
	if (si > 0 && b->segs[si - 1].tag != TAG_NONE && same_link(b, si - 1, si))
		return s->tag = b->segs[si - 1].tag;
	if (t->leaf == TAG_NONE)
		t->leaf = gpd__tag_leaf(L, T_P);
	if ((e = new_elem(L, t->leaf, T_LINK)) == TAG_NONE)
		return TAG_NONE;
	t->e[e].lang = s->lang; /* the link holds its run alone: a title named */
	for (j = si; j < b->nsegs && (j == si || same_link(b, si, j)); j++)
		gpd__block_text(b, b->segs[j].off, b->segs[j].len, &text);
	if (gpd_buf_failed(&text)) { /* the link would say less than it shows */
		gpd_buf_free(&text);
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return TAG_NONE;
	}
	if (text.len)
		gpd__tag_text(L, e, TXT_NONE, text.data, text.len);
	gpd_buf_free(&text);
	return s->tag = e;
}

uint32_t gpd__tag_span(gpd_layout *L, block *b, size_t si)
{
	struct gpd_tags *t = L->tags;
	seg *s = &b->segs[si], *before = si > 0 ? &b->segs[si - 1] : NULL;
	uint32_t e;

	if (s->tag != TAG_NONE || t->art)
		return s->tag;
	/* the segs of one run (a change of font inside it) share its Span */
	if (before && before->tag != TAG_NONE && !before->link_kind && before->lang == s->lang)
		return s->tag = before->tag;
	if (t->leaf == TAG_NONE)
		t->leaf = gpd__tag_leaf(L, T_P);
	if ((e = new_elem(L, t->leaf, T_SPAN)) == TAG_NONE)
		return TAG_NONE;
	t->e[e].lang = s->lang;
	return s->tag = e;
}

/* ---- pages and marked content ------------------------------------------ */

static void put(HPDF_Page pg, const char *s)
{
	HPDF_PageAttr pa = (HPDF_PageAttr)pg->attr;

	if (HPDF_Stream_WriteStr(pa->stream, s) != HPDF_OK)
		HPDF_CheckError(pg->error);
}

static uint32_t new_key(gpd_layout *L, uint32_t v)
{
	struct gpd_tags *t = L->tags;

	if (gpd__grow(L, &t->keyv, &t->ckeys, t->nkeys + 1, sizeof *t->keyv))
		return 0;
	t->keyv[t->nkeys] = v;
	return (uint32_t)t->nkeys++;
}

void gpd__tag_page_added(gpd_layout *L, HPDF_Page pg)
{
	struct gpd_tags *t = L->tags;
	size_t p = L->npages - 1;
	uint32_t key;

	if (L->err)
		return;
	if (t->open != TAG_NONE)
		gpd__mc_end(L, t->open_pg);
	if (gpd__grow(L, &t->pkey, &t->cpk, p + 1, sizeof *t->pkey)
	    || gpd__grow(L, &t->pmc, &t->cpm, p + 1, sizeof *t->pmc))
		return;
	key = new_key(L, (uint32_t)p);
	t->pkey[p] = key;
	t->pmc[p] = (uint32_t)t->nmc;
	HPDF_Dict_AddNumber(pg, "StructParents", (HPDF_INT32)key);
	HPDF_Dict_AddName(pg, "Tabs", "S");
}

static uint32_t new_mcid(gpd_layout *L, uint32_t e)
{
	struct gpd_tags *t = L->tags;
	size_t p = L->npages - 1;
	uint32_t mcid;

	/* after a failure the page's arrays may be short */
	if (L->err || L->npages == 0)
		return 0;
	mcid = (uint32_t)(t->nmc - t->pmc[p]);
	if (gpd__grow(L, &t->mc, &t->cmc, t->nmc + 1, sizeof *t->mc)
	    || add_kid(L, e, K_MCR, (uint32_t)p, mcid))
		return 0;
	t->mc[t->nmc++] = e;
	return mcid;
}

void gpd__mc_write(gpd_layout *L, HPDF_Page pg, uint32_t e, uint32_t mcid)
{
	struct gpd_tags *t = L->tags;
	char buf[64];

	const char *name = TYPE_NAME[t->e[e].type];
	size_t nl = strlen(name);
	char *p = buf;

	/* not snprintf: every line of text opens one (the names are short) */
	*p++ = '/';
	memcpy(p, name, nl);
	memcpy(p += nl, " <</MCID ", 9);
	p = gpd__put_int(p + 9, mcid);
	memcpy(p, ">> BDC\012", 8); /* with its terminator */
	put(pg, buf);
	t->open = e;
	t->open_pg = pg;
	t->open_in_text = 0; /* gpd__mc_begin's are */
}

void gpd__mc_begin(gpd_layout *L, HPDF_Page pg, uint32_t e)
{
	struct gpd_tags *t = L->tags;

	if (t->art || L->err)
		return;
	if (e == TAG_NONE) { /* never untagged: a paragraph of its own */
		if (t->leaf == TAG_NONE)
			t->leaf = gpd__tag_leaf(L, T_P);
		e = t->leaf;
	}
	if (t->open == e && t->open_pg == pg)
		return;
	if (t->open != TAG_NONE)
		gpd__mc_end(L, t->open_pg);
	gpd__mc_write(L, pg, e, new_mcid(L, e));
	t->open_in_text = 1;
}

uint32_t gpd__tag_line(gpd_layout *L, int mixed)
{
	struct gpd_tags *t = L->tags;

	if (mixed || t->art || L->err)
		return TAG_NONE;
	if (t->leaf == TAG_NONE)
		t->leaf = gpd__tag_leaf(L, T_P);
	return t->leaf;
}

void gpd__mc_around(gpd_layout *L, HPDF_Page pg, uint32_t e)
{
	struct gpd_tags *t = L->tags;

	if (t->art || L->err || (e != TAG_NONE && t->open == e && t->open_pg == pg))
		return;
	if (t->open != TAG_NONE)
		gpd__mc_end(L, t->open_pg);
	if (e != TAG_NONE)
		gpd__mc_write(L, pg, e, new_mcid(L, e));
}

void gpd__mc_end(gpd_layout *L, HPDF_Page pg)
{
	struct gpd_tags *t = L->tags;

	if (t->open == TAG_NONE)
		return;
	put(pg, "EMC\012");
	t->open = TAG_NONE;
	t->open_pg = NULL;
}

/* A cluster whose text is its /ActualText (layout_show.c) goes in a
 * marked-content sequence of its own, of the same element with an MCID
 * of its own, and not nested in the element's: poppler's structure reader
 * (pdfinfo -struct-text) takes the inner sequence's EMC for the outer's
 * end, and read a paragraph only up to its first such cluster. Only a
 * sequence begun in the text object can be cut there (a whole line's,
 * begun around its BT, cannot: BT..ET and marked content nest); there, and
 * in artifacts, the cluster's Span stays nested (gpd__line_actual makes
 * such a line's pieces marked inside the text object). */
uint32_t gpd__mc_cluster_begin(gpd_layout *L, HPDF_Page pg, uint32_t after, uint32_t *mcid)
{
	struct gpd_tags *t = L->tags;
	uint32_t e = after != TAG_NONE ? after : t->open;

	if (t->art || L->err || e == TAG_NONE)
		return TAG_NONE;
	if (after == TAG_NONE) {
		if (!t->open_in_text || t->open_pg != pg)
			return TAG_NONE;
		gpd__mc_end(L, pg);
	}
	*mcid = new_mcid(L, e);
	return L->err ? TAG_NONE : e;
}

void gpd__mc_cluster_end(gpd_layout *L, HPDF_Page pg, uint32_t e)
{
	if (L->tags->open == TAG_NONE)
		gpd__mc_begin(L, pg, e);
}

uint32_t gpd__mc_reserve(gpd_layout *L, uint32_t e)
{
	return new_mcid(L, e);
}

void gpd__art_begin(gpd_layout *L, HPDF_Page pg, int kind)
{
	static const char *const props[] = {
		"/Artifact BMC\012", /* rules, leaders, underlines: /Layout, the default */
		"/Artifact <</Type /Pagination /Subtype /Header>> BDC\012",
		"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\012",
		"/Artifact <</Type /Pagination>> BDC\012",
	};

	if (L->tags->open != TAG_NONE)
		gpd__mc_end(L, L->tags->open_pg);
	put(pg, props[kind]);
	L->tags->art++;
}

void gpd__art_end(gpd_layout *L, HPDF_Page pg)
{
	if (L->tags->art > 0) {
		put(pg, "EMC\012");
		L->tags->art--;
	}
}

/* Links are underlined as well as coloured: told apart without colour
 * (WCAG 1.4.1). The lines are an artifact (the Link element says it),
 * one path for all the links of a line. */
void gpd__underline_begin(gpd_layout *L, HPDF_Page pg, float size)
{
	gpd__art_begin(L, pg, ART_LAYOUT);
	HPDF_Page_SetLineWidth(pg, size * 0.06f);
	HPDF_Page_SetRGBStroke(pg, L->st.link.r, L->st.link.g, L->st.link.b);
}

/* A coordinate to 1/20 pt (a seventieth of a millimetre), as the text's
 * lines are placed (layout_show.c): libharu would write five decimals,
 * whose noise deflate cannot squeeze. */
static void coord(char buf[24], float v)
{
	long c = lroundf(v * 20.0f) * 5, a = c < 0 ? -c : c; /* in 1/100 pt */
	char *p = buf;

	/* 24 bytes: a long's digits, a sign, a point and two more */
	if (c < 0)
		*p++ = '-';
	p = gpd__put_int(p, a / 100);
	if (a % 100 != 0) {
		*p++ = '.';
		*p++ = (char)('0' + a % 100 / 10);
		if (a % 10 != 0)
			*p++ = (char)('0' + a % 10);
	}
	*p = '\0';
}

/* The path is written here, not through libharu's path operators (their
 * reals are libharu's five decimals); underline_end closes it. */
void gpd__underline(HPDF_Page pg, float x, float base, float w, float size)
{
	char a[24], b[24], c[24], op[128];

	coord(a, x);
	coord(b, base - size * 0.14f);
	coord(c, x + w);
	snprintf(op, sizeof op, "%s %s m\012%s %s l\012", a, b, c, b);
	put(pg, op);
}

void gpd__underline_end(gpd_layout *L, HPDF_Page pg)
{
	put(pg, "S\012");
	gpd__art_end(L, pg);
}

/* UTF-16BE with a byte order mark: a PDF text string. */
static unsigned char *utf16(const char *s, size_t n, size_t *len)
{
	unsigned char *o = malloc(4 * n + 2), *p = o;
	size_t i = 0, a;

	if (!o)
		return NULL;
	*p++ = 0xFE;
	*p++ = 0xFF;
	while (i < n) {
		uint32_t c = gpd__utf8_next((const unsigned char *)s + i, n - i, &a);

		i += a;
		if (c == 0xFFFFFFFFu || (c >= 0xD800 && c <= 0xDFFF))
			c = 0xFFFD;
		if (c >= 0x10000) {
			uint32_t v = c - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			*p++ = (unsigned char)(hi >> 8);
			*p++ = (unsigned char)hi;
			c = lo;
		}
		*p++ = (unsigned char)(c >> 8);
		*p++ = (unsigned char)c;
	}
	*len = (size_t)(p - o);
	return o;
}

static int printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return 0;
	return 1;
}

void gpd__tag_annot(gpd_layout *L, HPDF_Annotation a, size_t page, uint32_t e,
	const char *alt)
{
	struct gpd_tags *t = L->tags;
	const char *text = e != TAG_NONE && t->e[e].text != SIZE_MAX ? L->strs + t->e[e].text : alt;
	unsigned char *u;
	size_t n;
	uint32_t key;

	if (!a || e == TAG_NONE || L->err)
		return;
	if (gpd__grow(L, &t->an, &t->can, t->nan + 1, sizeof *t->an))
		return;
	key = new_key(L, KEY_ANNOT | (uint32_t)t->nan);
	HPDF_Dict_AddNumber(a, "StructParent", (HPDF_INT32)key);
	if (!text)
		text = "link";
	/* printable ASCII is the same in PDFDocEncoding: a literal string, half
	 * the bytes of UTF-16 in hex (a compendium has thousands of links) */
	if (printable_ascii(text))
		HPDF_Dict_Add(a, "Contents", HPDF_String_New(a->mmgr, text, NULL));
	else if ((u = utf16(text, strlen(text), &n)) != NULL) {
		HPDF_Dict_Add(a, "Contents", HPDF_Binary_New(a->mmgr, u, (HPDF_UINT)n));
		free(u);
	} else { /* a link without its words (PDF/UA: every link has them) */
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return;
	}
	t->an[t->nan] = (tannot){gpd__obj_num(a), (uint32_t)page};
	add_kid(L, e, K_OBJR, (uint32_t)t->nan++, 0);
}

/* Not libharu's string through its UTF-8 encoder: that encoder's code
 * units are 16-bit, a character past U+FFFF came out a space. For the
 * rest both write the same bytes: <FEFF...> in upper-case hex. */
int gpd__tag_text_entry(gpd_layout *L, HPDF_Dict d, const char *key,
	const char *utf8, size_t max)
{
	char *c = gpd__clean_utf8(L, utf8, GPD_RUN_STRLEN, max);
	unsigned char *u = NULL;
	size_t n;

	if (!c)
		return L->err;
	if (!(u = utf16(c, strlen(c), &n)))
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	else if (HPDF_Dict_Add(d, key, HPDF_Binary_New(d->mmgr, u, (HPDF_UINT)n)) != HPDF_OK)
		gpd__fail(L, GPD_LAYOUT_EPDF, "cannot write the /%s text", key);
	free(u);
	free(c);
	return L->err;
}

/* ---- saving: before libharu writes ------------------------------------- */

/* A text string: printable ASCII as a literal (PDFDocEncoding is ASCII
 * there), anything else UTF-16BE in hex. */
static void put_pdf_text(gpd_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i;
	unsigned char *u;
	char *h;

	for (i = 0; i < n && s[i] >= 0x20 && s[i] < 0x7F && s[i] != '(' && s[i] != ')'
	     && s[i] != '\\'; i++)
		;
	if (i == n) {
		gpd_buf_putc(b, '(');
		gpd_buf_append(b, s, n);
		gpd_buf_putc(b, ')');
		return;
	}
	if (!(u = utf16(s, n, &n)) || !(h = malloc(2 * n + 2))) {
		free(u);
		b->failed = 1;
		return;
	}
	h[0] = '<';
	for (i = 0; i < n; i++) {
		h[1 + 2 * i] = hex[u[i] >> 4];
		h[2 + 2 * i] = hex[u[i] & 15];
	}
	h[1 + 2 * n] = '>';
	gpd_buf_append(b, h, 2 * n + 2);
	free(h);
	free(u);
}

/* The catalog's own entries, written by libharu's write hook of the
 * catalog dictionary (after its /Type, /Pages and /Outlines). */
static HPDF_STATUS catalog_entries(HPDF_Dict dict, HPDF_Stream stream)
{
	gpd_layout *L = dict->attr;
	struct gpd_tags *t = L->tags;
	gpd_buf b = {0};
	HPDF_STATUS rc;

	gpd_buf_printf(&b, "/StructTreeRoot %u 0 R\012/MarkInfo <<\012/Marked true\012>>\012"
		"/Lang ", (unsigned)t->root);
	put_pdf_text(&b, L->strs + L->lang);
	gpd_buf_printf(&b, "\012/ViewerPreferences <<\012/DisplayDocTitle true\012>>\012"
		"/PageMode /UseOutlines\012/Metadata %u 0 R\012/Names <<\012/Dests %u 0 R\012>>\012",
		(unsigned)t->meta, (unsigned)t->dests);
	if (gpd_buf_failed(&b))
		rc = HPDF_FAILD_TO_ALLOC_MEM;
	else
		rc = HPDF_Stream_Write(stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	gpd_buf_free(&b);
	return rc;
}

/* Elements holding content, kept; their object numbers from base on. */
static int number_elements(gpd_layout *L)
{
	struct gpd_tags *t = L->tags;
	uint8_t *keep = calloc(t->ne, 1);
	uint32_t n = t->base + t->nfont;

	free(t->num);
	t->num = calloc(t->ne, sizeof *t->num);
	if (!keep || !t->num) {
		free(keep);
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	}
	/* a child is made after its parent: one pass backwards */
	for (size_t i = t->ne; i-- > 0;) {
		for (uint32_t k = t->e[i].first; k != NIL && !keep[i]; k = t->k[k].next)
			keep[i] = t->k[k].kind != K_ELEM || keep[t->k[k].a];
	}
	keep[0] = 1;
	for (size_t i = 0; i < t->ne; i++)
		if (keep[i])
			t->num[i] = n++;
	free(keep);
	t->root = n++;
	t->ptree = n++;
	t->dests = n++;
	t->meta = n++;
	t->nobj = n;
	return GPD_LAYOUT_OK;
}

static void xmp_date(gpd_buf *b, time_t when)
{
	struct tm tm;

	if (when && gmtime_r(&when, &tm))
		gpd_buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void xmp_prop(gpd_buf *b, const char *name, const char *v, const char *wrap)
{
	if (!v || !*v)
		return;
	if (wrap)
		gpd_buf_printf(b, "   <%s><rdf:%s><rdf:li%s>", name, wrap,
			strcmp(wrap, "Alt") == 0 ? " xml:lang=\"x-default\"" : "");
	else
		gpd_buf_printf(b, "   <%s>", name);
	gpd_buf_put_xml(b, v);
	if (wrap)
		gpd_buf_printf(b, "</rdf:li></rdf:%s></%s>\n", wrap, name);
	else
		gpd_buf_printf(b, "</%s>\n", name);
}

/* The XMP packet: what the document information says, the language, and
 * the PDF/UA identification (Matterhorn 06-002, 06-003). */
static void make_xmp(gpd_layout *L, const gpd_docinfo *info)
{
	gpd_buf *b = &L->tags->xmp;

	b->len = 0;
	gpd_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		"  <rdf:Description rdf:about=\"\"\n"
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		"    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n");
	xmp_prop(b, "dc:title", info && info->title ? info->title : "", "Alt");
	xmp_prop(b, "dc:creator", info ? info->author : NULL, "Seq");
	xmp_prop(b, "dc:description", info ? info->subject : NULL, "Alt");
	xmp_prop(b, "dc:language", L->strs + L->lang, "Bag");
	xmp_prop(b, "pdf:Keywords", info ? info->keywords : NULL, NULL);
	xmp_prop(b, "xmp:CreatorTool", info ? info->creator : NULL, NULL);
	if (info && info->date) {
		gpd_buf d = {0};
		xmp_date(&d, info->date);
		xmp_prop(b, "xmp:CreateDate", d.data, NULL);
		xmp_prop(b, "xmp:ModifyDate", d.data, NULL);
		gpd_buf_free(&d);
	}
	gpd_buf_puts(b, "   <pdfuaid:part>1</pdfuaid:part>\n  </rdf:Description>\n"
		" </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

int gpd__tag_prepare(gpd_layout *L, const gpd_docinfo *info)
{
	struct gpd_tags *t = L->tags;
	HPDF_Doc pdf = L->pdf;

	if (L->err || t->prepared)
		return L->err;
	if (t->open != TAG_NONE)
		gpd__mc_end(L, t->open_pg);
	/* the fonts first (layout_embed.c), then the structure tree */
	t->base = (uint32_t)(pdf->xref->start_offset + pdf->xref->entries->count);
	t->nfont = gpd__embed_prepare(L, t->base);
	if (L->err || number_elements(L))
		return L->err;
	make_xmp(L, info);
	if (gpd_buf_failed(&t->xmp))
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	pdf->catalog->attr = L;
	pdf->catalog->write_fn = catalog_entries;
	pdf->pdf_version = HPDF_VER_17;
	t->prepared = 1;
	return L->err;
}

/* ---- saving: appended after libharu's objects ------------------------- */

typedef struct dest {
	const char *name;
	const anchor_ent *a;
} dest;

/* Where each of our objects is: in the file (1) or in an object stream (2). */
typedef struct xent {
	size_t off;             /* type 1: offset in the file */
	uint32_t stm, idx;      /* type 2: the object stream and the place in it;
	                         * type 1: a hole's number + 1, 0 for the rest */
	uint8_t type;
} xent;

#define STM_OBJS 1000       /* objects an object stream holds (200: 19 bytes a page more) */
/* Object streams deflated on other cores while more are written: at most
 * this many wait undeflated (each about 100 KB); past it the writing
 * thread deflates the next one itself. */
#define HOLES_IN_FLIGHT 8

/* An object stream being deflated on the pool: the file leaves a hole at
 * 'at' for it, filled when everything else is written. */
typedef struct hole {
	size_t at;              /* where it goes in out.file, as that is written */
	uint32_t num;
	char *dict;
	char *raw;              /* freed once deflated */
	size_t rawlen;
	unsigned char *z;
	size_t zlen;
	int failed;
	atomic_int *done;       /* out.done, counted up when deflated */
	struct out *o;
} hole;

typedef struct out {
	const gpd_reuse *reuse; /* the previous save's object streams, or NULL */
	atomic_size_t reused;
	gpd_buf b;              /* the body of the object stream being filled */
	gpd_buf file;           /* what is appended to libharu's bytes */
	const dest *names;      /* the named destinations, sorted (their tree's limits) */
	xent *x;                /* by object number */
	uint32_t next;          /* next free object number (tree nodes, streams) */
	uint32_t snum[STM_OBJS];
	size_t soff[STM_OBJS], ns;
	int failed;
	gpd_tasks *tasks;       /* the holes being deflated */
	hole **holes;
	size_t nholes, choles;
	atomic_int done;
	/* written early (gpd__tag_early): the first stream's first lead
	 * objects are libharu's, not known yet; the stream is kept in bnd */
	size_t lead;
	int lead_pending;
	struct boundary *bnd;
} out;

/* The early writer's first object stream, its own objects (the ones
 * after libharu's last): their text, numbers and offsets in the text,
 * and the hole the whole stream fills. */
typedef struct boundary {
	gpd_buf text;
	uint32_t snum[STM_OBJS];
	size_t soff[STM_OBJS], n;
	hole *h;
} boundary;

static void put_u(gpd_buf *b, uint64_t v)
{
	char d[20];

	gpd_buf_append(b, d, (size_t)(gpd__put_int(d, (long long)v) - d));
}

static void put_ref(gpd_buf *b, uint32_t obj)
{
	put_u(b, obj);
	gpd_buf_append(b, " 0 R", 4);
}

/* Deflates n bytes into *z; 0, or -1 when out of memory. A rebuild
 * copies the previous save's stream that inflates to exactly these bytes:
 * this program deflated it from them at this level, so it is what
 * deflating again would make (layout_reuse.c), at an inflate's cost. */
static int squeeze(out *o, const char *raw, size_t n, unsigned char **z, size_t *zlen)
{
	size_t oldlen;
	const unsigned char *old = gpd__reuse_find(o->reuse, (const unsigned char *)raw, n, &oldlen);

	if (old != NULL) {
		if (!(*z = malloc(oldlen)))
			return -1;
		memcpy(*z, old, oldlen);
		*zlen = oldlen;
		atomic_fetch_add(&o->reused, 1);
		return 0;
	}
	return gpd__flate(NULL, GPD_FLATE_TREE_LEVEL, raw, n, z, zlen);
}

/* A stream object in the file: dict entries, then the data (deflated). */
static uint32_t file_stream(out *o, const char *dict, const char *data, size_t n)
{
	uint32_t num = o->next++;
	unsigned char *z = NULL;
	size_t zlen = 0;
	int packed = squeeze(o, data, n, &z, &zlen) == 0;

	if (!packed) /* out of memory: so is the file (undeflated, other bytes) */
		o->file.failed = 1;

	o->x[num] = (xent){o->file.len, 0, 0, 1};
	gpd_buf_printf(&o->file, "%u 0 obj\012<<%s /Length %zu%s>>\012stream\012", (unsigned)num,
		dict, packed ? zlen : n, packed ? " /Filter /FlateDecode" : "");
	gpd_buf_append(&o->file, packed ? (const char *)z : data, packed ? zlen : n);
	gpd_buf_puts(&o->file, "\012endstream\012endobj\012");
	free(z);
	return num;
}

static void deflate_hole(void *arg)
{
	hole *h = arg;

	h->failed = squeeze(h->o, h->raw, h->rawlen, &h->z, &h->zlen) != 0;
	free(h->raw);
	h->raw = NULL;
	atomic_fetch_add(h->done, 1);
}

/* A hole at the end of the file for the next object number, or NULL
 * (nothing done) when out of memory. */
static hole *new_hole(out *o)
{
	hole *h;

	if (o->nholes == o->choles) {
		size_t c = o->choles ? 2 * o->choles : 64;
		hole **n = realloc(o->holes, c * sizeof *n);

		if (!n)
			return NULL;
		o->holes = n, o->choles = c;
	}
	if (!(h = calloc(1, sizeof *h)))
		return NULL;
	*h = (hole){o->file.len, o->next++, NULL, NULL, 0, NULL, 0, 0, &o->done, o};
	o->holes[o->nholes++] = h;
	o->x[h->num] = (xent){h->at, (uint32_t)o->nholes, 0, 1};
	return h;
}

/* Hands the object stream (head, dict: taken over) to the pool, leaving a
 * hole in the file for it; -1 (nothing done) when it is to be written
 * here: out of memory, or enough holes wait to be deflated already. */
static int make_hole(out *o, gpd_buf *head, gpd_buf *dict)
{
	hole *h;

	if (o->nholes - (size_t)atomic_load(&o->done) >= HOLES_IN_FLIGHT || !(h = new_hole(o)))
		return -1;
	h->dict = dict->data;
	h->raw = head->data;
	h->rawlen = head->len;
	*head = *dict = (gpd_buf){0};
	gpd_tasks_add(o->tasks, deflate_hole, h);
	return 0;
}

/* The early writer's first stream, whose first o->lead objects are
 * libharu's: its own objects are kept, and a hole left, for
 * join_early to fill once libharu's are known. */
static void keep_boundary(out *o)
{
	/* the objects' text moves to k, and a failure to grow it would go
	 * with it unsaid (the stream was written short, and the build said
	 * it succeeded) */
	boundary *k = gpd_buf_failed(&o->b) ? NULL : calloc(1, sizeof *k);
	hole *h = k ? new_hole(o) : NULL;

	if (!h) {
		free(k);
		o->failed = 1;
		return;
	}
	atomic_fetch_add(&o->done, 1); /* never deflated here: not in flight */
	k->n = o->ns - o->lead;
	memcpy(k->snum, o->snum + o->lead, k->n * sizeof *k->snum);
	memcpy(k->soff, o->soff + o->lead, k->n * sizeof *k->soff);
	for (size_t i = o->lead; i < o->ns; i++)
		o->x[o->snum[i]] = (xent){0, h->num, (uint32_t)i, 2};
	k->text = o->b;
	k->h = h;
	o->b = (gpd_buf){0};
	o->bnd = k;
	o->lead_pending = 0;
	o->lead = 0;
	o->ns = 0;
}

/* The object stream of the objects gathered, numbered num: its data
 * (the objects' numbers and offsets, then their text) and dictionary. */
static void stream_parts(out *o, uint32_t num, gpd_buf *head, gpd_buf *dict)
{
	for (size_t i = 0; i < o->ns; i++) {
		/* not printf: a million objects at 10,000 records */
		put_u(head, o->snum[i]);
		gpd_buf_putc(head, ' ');
		put_u(head, o->soff[i]);
		gpd_buf_putc(head, ' ');
		o->x[o->snum[i]] = (xent){0, num, (uint32_t)i, 2};
	}
	gpd_buf_printf(dict, "/Type /ObjStm /N %zu /First %zu", o->ns, head->len);
	gpd_buf_append(head, o->b.data, o->b.len);
	o->failed |= gpd_buf_failed(head) || gpd_buf_failed(dict) || gpd_buf_failed(&o->b);
}

/* The objects gathered so far, as one object stream (PDF 1.5): the
 * structure tree is a million small dictionaries at 10,000 records, three
 * times the size of the pages uncompressed. */
static void flush_stream(out *o)
{
	gpd_buf head = {0}, dict = {0};

	if (o->ns == 0)
		return;
	if (o->lead_pending) {
		keep_boundary(o);
		return;
	}
	stream_parts(o, o->next, &head, &dict);
	if (!o->failed && (o->tasks == NULL || make_hole(o, &head, &dict) != 0))
		file_stream(o, dict.data, head.data, head.len);
	gpd_buf_free(&head);
	gpd_buf_free(&dict);
	o->b.len = 0;
	o->ns = 0;
}

static void obj_begin(out *o, uint32_t num)
{
	o->snum[o->ns] = num;
	o->soff[o->ns++] = o->b.len;
}

static void obj_end(out *o)
{
	gpd_buf_putc(&o->b, '\012');
	if (o->ns == STM_OBJS)
		flush_stream(o);
}

static uint32_t page_obj(const gpd_layout *L, uint32_t p)
{
	return L->pages[p].obj; /* the page itself may be freed (take_mem) */
}

/* The first page an element's content is on (its /Pg), or NIL. */
static uint32_t first_page(const struct gpd_tags *t, uint32_t e)
{
	for (uint32_t k = t->e[e].first; k != NIL; k = t->k[k].next)
		if (t->k[k].kind == K_MCR)
			return t->k[k].a;
	return NIL;
}

static void put_kid(const gpd_layout *L, out *o, const tkid *k, uint32_t pg)
{
	const struct gpd_tags *t = L->tags;
	gpd_buf *b = &o->b;

	switch (k->kind) {
	case K_ELEM:
		if (t->num[k->a]) {
			put_ref(b, t->num[k->a]);
			gpd_buf_putc(b, ' ');
		}
		break;
	case K_MCR:
		if (k->a == pg) {
			put_u(b, k->b);
		} else {
			gpd_buf_puts(b, "<</Type /MCR /Pg ");
			put_ref(b, page_obj(L, k->a));
			gpd_buf_puts(b, " /MCID ");
			put_u(b, k->b);
			gpd_buf_puts(b, ">>");
		}
		gpd_buf_putc(b, ' ');
		break;
	case K_OBJR:
		gpd_buf_puts(b, "<</Type /OBJR /Obj ");
		put_ref(b, t->an[k->a].obj);
		gpd_buf_puts(b, " /Pg ");
		put_ref(b, page_obj(L, t->an[k->a].page));
		gpd_buf_puts(b, ">> ");
		break;
	}
}

static void write_element(const gpd_layout *L, out *o, uint32_t e)
{
	const struct gpd_tags *t = L->tags;
	const telem *el = &t->e[e];
	gpd_buf *b = &o->b;
	uint32_t pg = first_page(t, e);

	obj_begin(o, t->num[e]);
	gpd_buf_puts(b, "<</S /"); /* /Type /StructElem is optional: 18 bytes a million times */
	gpd_buf_puts(b, TYPE_NAME[el->type]);
	gpd_buf_puts(b, " /P ");
	put_ref(b, e == 0 ? t->root : t->num[el->parent]);
	if (pg != NIL) {
		gpd_buf_puts(b, " /Pg ");
		put_ref(b, page_obj(L, pg));
	}
	if (el->text != SIZE_MAX && el->txt != TXT_NONE) {
		gpd_buf_puts(b, el->txt == TXT_ALT ? " /Alt " : " /ActualText ");
		put_pdf_text(b, L->strs + el->text);
	}
	if (el->lang != 0) {
		gpd_buf_puts(b, " /Lang ");
		put_pdf_text(b, L->strs + L->langs[el->lang - 1]);
	}
	if (el->scope != SCOPE_NONE)
		gpd_buf_puts(b, el->scope == SCOPE_ROW ? " /A <</O /Table /Scope /Row>>"
			: " /A <</O /Table /Scope /Column>>");
	gpd_buf_puts(b, " /K [");
	for (uint32_t k = el->first; k != NIL; k = t->k[k].next)
		put_kid(L, o, &t->k[k], pg);
	gpd_buf_puts(b, "]>>");
	obj_end(o);
}

/* A page's parent-tree value: the element of each of its MCIDs. */
static void page_parents(const gpd_layout *L, gpd_buf *b, uint32_t page)
{
	const struct gpd_tags *t = L->tags;
	size_t first = t->pmc[page], end = page + 1 < L->npages ? t->pmc[page + 1] : t->nmc;

	gpd_buf_putc(b, '[');
	for (size_t m = first; m < end; m++) {
		put_ref(b, t->num[t->mc[m]]);
		gpd_buf_putc(b, ' ');
	}
	gpd_buf_putc(b, ']');
}

#define FANOUT 32

typedef struct tnode {
	uint32_t obj, lo, hi; /* key range: numbers, or indices of sorted names */
} tnode;

/* Writes the levels above the nodes in lv (n of them) up to a root with
 * the given number. */
static void tree_up(out *o, tnode *lv, size_t n, uint32_t root,
	void (*limits)(out *, const tnode *))
{
	while (n > FANOUT) {
		size_t m = 0;

		for (size_t i = 0; i < n; i += FANOUT, m++) {
			size_t end = i + FANOUT < n ? i + FANOUT : n;
			tnode p = {o->next++, lv[i].lo, lv[end - 1].hi};

			obj_begin(o, p.obj);
			gpd_buf_puts(&o->b, "<</Limits ");
			limits(o, &p);
			gpd_buf_puts(&o->b, " /Kids [");
			for (size_t k = i; k < end; k++) {
				put_ref(&o->b, lv[k].obj);
				gpd_buf_putc(&o->b, ' ');
			}
			gpd_buf_puts(&o->b, "]>>");
			obj_end(o);
			lv[m] = p;
		}
		n = m;
	}
	obj_begin(o, root);
	gpd_buf_puts(&o->b, "<</Kids [");
	for (size_t k = 0; k < n; k++) {
		put_ref(&o->b, lv[k].obj);
		gpd_buf_putc(&o->b, ' ');
	}
	gpd_buf_puts(&o->b, "]>>");
	obj_end(o);
}

static void num_limits(out *o, const tnode *p)
{
	gpd_buf_putc(&o->b, '[');
	put_u(&o->b, p->lo);
	gpd_buf_putc(&o->b, ' ');
	put_u(&o->b, p->hi);
	gpd_buf_putc(&o->b, ']');
}

/* The parent tree: a number tree of FANOUT keys a leaf. */
static int write_parent_tree(const gpd_layout *L, out *o, uint32_t *annot_elem)
{
	const struct gpd_tags *t = L->tags;
	size_t nleaves = (t->nkeys + FANOUT - 1) / FANOUT;
	tnode *lv = calloc(nleaves ? nleaves : 1, sizeof *lv);

	if (!lv)
		return -1;
	for (size_t l = 0; l < nleaves; l++) {
		uint32_t lo = (uint32_t)(l * FANOUT);
		uint32_t hi = (uint32_t)((l + 1) * FANOUT < t->nkeys ? (l + 1) * FANOUT : t->nkeys) - 1;

		lv[l] = (tnode){nleaves == 1 ? t->ptree : o->next++, lo, hi};
		obj_begin(o, lv[l].obj);
		gpd_buf_puts(&o->b, "<<");
		if (nleaves > 1) {
			gpd_buf_puts(&o->b, "/Limits ");
			num_limits(o, &lv[l]);
			gpd_buf_putc(&o->b, ' ');
		}
		gpd_buf_puts(&o->b, "/Nums [");
		for (uint32_t key = lo; key <= hi; key++) {
			put_u(&o->b, key);
			gpd_buf_putc(&o->b, ' ');
			if (t->keyv[key] & KEY_ANNOT)
				put_ref(&o->b, t->num[annot_elem[t->keyv[key] & ~KEY_ANNOT]]);
			else
				page_parents(L, &o->b, t->keyv[key]);
			gpd_buf_putc(&o->b, ' ');
		}
		gpd_buf_puts(&o->b, "]>>");
		obj_end(o);
	}
	if (nleaves == 0) {
		obj_begin(o, t->ptree);
		gpd_buf_puts(&o->b, "<</Nums []>>");
		obj_end(o);
	} else if (nleaves > 1) {
		tree_up(o, lv, nleaves, t->ptree, num_limits);
	}
	free(lv);
	return 0;
}

/* ---- named destinations ------------------------------------------------ */

static int by_name(const void *x, const void *y)
{
	return strcmp(((const dest *)x)->name, ((const dest *)y)->name);
}

static void put_pdf_string(gpd_buf *b, const char *s)
{
	gpd_buf_putc(b, '(');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '(' || c == ')' || c == '\\')
			gpd_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c > 0x7E)
			gpd_buf_printf(b, "\\%03o", c);
		else
			gpd_buf_putc(b, (char)c);
	}
	gpd_buf_putc(b, ')');
}

static void name_limits(out *o, const tnode *p)
{
	gpd_buf_putc(&o->b, '[');
	put_pdf_string(&o->b, o->names[p->lo].name);
	gpd_buf_putc(&o->b, ' ');
	put_pdf_string(&o->b, o->names[p->hi].name);
	gpd_buf_putc(&o->b, ']');
}

static void put_dest(const gpd_layout *L, gpd_buf *b, const anchor_ent *a)
{
	float y = a->y + 6 < L->st.page_height ? a->y + 6 : L->st.page_height;

	gpd_buf_putc(b, '[');
	put_ref(b, page_obj(L, (uint32_t)a->page));
	gpd_buf_printf(b, " /FitH %.2f]", (double)y);
}

/* Every anchor placed, by name (record ids, section anchors): the
 * catalog's /Names /Dests, so that file.pdf#id opens there. */
static int write_dests(const gpd_layout *L, out *o)
{
	size_t n = 0, nleaves;
	dest *d = malloc((L->acount ? L->acount : 1) * sizeof *d);
	tnode *lv;

	if (!d)
		return -1;
	for (size_t i = 0; i < L->acap; i++)
		if (L->atab[i].key != SIZE_MAX && L->atab[i].page >= 0)
			d[n++] = (dest){L->strs + L->atab[i].key, &L->atab[i]};
	qsort(d, n, sizeof *d, by_name);
	nleaves = (n + FANOUT - 1) / FANOUT;
	if (!(lv = calloc(nleaves ? nleaves : 1, sizeof *lv))) {
		free(d);
		return -1;
	}
	o->names = d;
	for (size_t l = 0; l < nleaves; l++) {
		size_t lo = l * FANOUT, hi = ((l + 1) * FANOUT < n ? (l + 1) * FANOUT : n) - 1;

		lv[l] = (tnode){nleaves == 1 ? L->tags->dests : o->next++, (uint32_t)lo, (uint32_t)hi};
		obj_begin(o, lv[l].obj);
		gpd_buf_puts(&o->b, "<<");
		if (nleaves > 1) {
			gpd_buf_puts(&o->b, "/Limits ");
			name_limits(o, &lv[l]);
			gpd_buf_putc(&o->b, ' ');
		}
		gpd_buf_puts(&o->b, "/Names [");
		for (size_t k = lo; k <= hi; k++) {
			put_pdf_string(&o->b, d[k].name);
			gpd_buf_putc(&o->b, ' ');
			put_dest(L, &o->b, d[k].a);
			gpd_buf_putc(&o->b, ' ');
		}
		gpd_buf_puts(&o->b, "]>>");
		obj_end(o);
	}
	if (nleaves == 0) {
		obj_begin(o, L->tags->dests);
		gpd_buf_puts(&o->b, "<</Names []>>");
		obj_end(o);
	} else if (nleaves > 1) {
		tree_up(o, lv, nleaves, L->tags->dests, name_limits);
	}
	o->names = NULL;
	free(lv);
	free(d);
	return 0;
}

/* ---- appending ---------------------------------------------------------- */


/* Our objects, into o. */
static int write_objects(gpd_layout *L, out *o)
{
	struct gpd_tags *t = L->tags;
	uint32_t *annot_elem = malloc((t->nan ? t->nan : 1) * sizeof *annot_elem);
	const gpd_buf *fo;
	uint32_t fnum;

	if (!annot_elem)
		return -1;
	for (size_t k = 0; (fo = gpd__embed_object(L, k, &fnum)) != NULL; k++) {
		o->x[fnum] = (xent){o->file.len, 0, 0, 1};
		gpd_buf_append(&o->file, fo->data, fo->len);
	}
	for (size_t e = 0; e < t->ne; e++)
		for (uint32_t k = t->e[e].first; k != NIL; k = t->k[k].next)
			if (t->k[k].kind == K_OBJR)
				annot_elem[t->k[k].a] = (uint32_t)e;
	for (size_t e = 0; e < t->ne; e++)
		if (t->num[e])
			write_element(L, o, (uint32_t)e);
	obj_begin(o, t->root);
	gpd_buf_puts(&o->b, "<</Type /StructTreeRoot /K ");
	put_ref(&o->b, t->num[0]);
	gpd_buf_puts(&o->b, " /ParentTree ");
	put_ref(&o->b, t->ptree);
	gpd_buf_puts(&o->b, " /ParentTreeNextKey ");
	put_u(&o->b, (uint32_t)t->nkeys);
	gpd_buf_puts(&o->b, ">>");
	obj_end(o);
	/* uncompressed, as PDF/A wants it and XMP readers expect */
	o->x[t->meta] = (xent){o->file.len, 0, 0, 1};
	gpd_buf_printf(&o->file, "%u 0 obj\012<</Type /Metadata /Subtype /XML /Length %zu>>\012"
		"stream\012", (unsigned)t->meta, t->xmp.len);
	gpd_buf_append(&o->file, t->xmp.data, t->xmp.len);
	gpd_buf_puts(&o->file, "\012endstream\012endobj\012");
	if (write_parent_tree(L, o, annot_elem) || write_dests(L, o)) {
		free(annot_elem);
		return -1;
	}
	free(annot_elem);
	flush_stream(o);
	return o->failed || gpd_buf_failed(&o->b) || gpd_buf_failed(&o->file) ? -1 : 0;
}

/* Where the k-th hole's object starts once filled, and how far what
 * follows the hole moves. */
typedef struct filled {
	size_t at, shift;
} filled;

/* How far the byte at offset off of the file with holes moves once they
 * are filled: as far as the last hole at or before it moved things. */
static size_t shift_of(const out *o, const filled *fl, size_t off)
{
	size_t lo = 0, hi = o->nholes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->holes[mid]->at <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? fl[lo - 1].shift : 0;
}

/* Hole h's object: its head (in head[0..], returned length), then its
 * deflated bytes, then ENDSTREAM. */
#define ENDSTREAM "\012endstream\012endobj\012"

static size_t hole_head(const hole *h, char *head, size_t n)
{
	int k = snprintf(head, n, "%u 0 obj\012<<%s /Length %zu /Filter /FlateDecode>>\012stream\012",
		(unsigned)h->num, h->dict, h->zlen);

	return k > 0 && (size_t)k < n ? (size_t)k : 0;
}

/* Fills every hole with its deflated object stream, in place (the file is
 * lengthened once and each byte after a hole moved once, from the end:
 * no second copy of a file of a hundred megabytes), and moves the
 * offsets of the objects to match. */
static int fill_holes(out *o)
{
	char head[256];
	size_t end = o->file.len, grow = 0, n = (size_t)o->next;
	filled *fl = calloc(o->nholes ? o->nholes : 1, sizeof *fl);

	for (size_t k = 0; fl && k < o->nholes; k++) {
		size_t hl = hole_head(o->holes[k], head, sizeof head);

		o->failed |= o->holes[k]->failed || hl == 0;
		grow += hl + o->holes[k]->zlen + sizeof ENDSTREAM - 1;
		fl[k].shift = grow;
	}
	if (!fl || o->failed || !gpd_buf_extend(&o->file, grow)) {
		free(fl);
		return -1;
	}
	for (size_t k = o->nholes; k-- > 0;) {
		const hole *h = o->holes[k];
		size_t before = k ? fl[k - 1].shift : 0, hl = hole_head(h, head, sizeof head);
		char *at = o->file.data + h->at + before;

		memmove(o->file.data + h->at + fl[k].shift, o->file.data + h->at, end - h->at);
		end = h->at;
		memcpy(at, head, hl);
		memcpy(at + hl, h->z, h->zlen);
		memcpy(at + hl + h->zlen, ENDSTREAM, sizeof ENDSTREAM - 1);
		fl[k].at = h->at + before;
	}
	for (size_t i = 0; i < n; i++) {
		xent *x = &o->x[i];

		if (x->type != 1)
			continue;
		x->off = x->stm ? fl[x->stm - 1].at : x->off + shift_of(o, fl, x->off);
		x->stm = 0;
	}
	free(fl);
	return 0;
}

static void free_holes(out *o)
{
	for (size_t k = 0; k < o->nholes; k++) {
		free(o->holes[k]->dict);
		free(o->holes[k]->raw);
		free(o->holes[k]->z);
		free(o->holes[k]);
	}
	free(o->holes);
}

/* A cross-reference stream's row: the PNG predictor's byte, then the
 * entry's type (1 byte), offset or object stream (4) and index (2). */
#define XREF_ROW 8

/* The cross-reference stream of our objects (a hybrid-reference file:
 * libharu's objects keep the classic table, which the next build's page
 * reuse reads); its own number is the last. */
static uint32_t write_xref_stream(out *o, const gpd_pk_file *f)
{
	uint32_t self = o->next, n = self + 1;
	unsigned char *e = malloc((size_t)n * XREF_ROW), prev[XREF_ROW - 1] = {0};
	gpd_buf dict = {0};

	if (!e)
		return 0;
	o->x[self] = (xent){o->file.len, 0, 0, 1};
	for (uint32_t i = 0; i < n; i++) {
		const xent *x = &o->x[i];
		uint32_t f2 = x->type == 1 ? (uint32_t)x->off : x->stm;
		unsigned char row[XREF_ROW - 1], *p = e + (size_t)i * XREF_ROW;

		row[0] = x->type;
		row[1] = (unsigned char)(f2 >> 24);
		row[2] = (unsigned char)(f2 >> 16);
		row[3] = (unsigned char)(f2 >> 8);
		row[4] = (unsigned char)f2;
		row[5] = (unsigned char)(x->idx >> 8);
		row[6] = (unsigned char)x->idx;
		/* PNG's "Up": each byte less the one above it, so the rows of
		 * one object stream (the same type and stream, the index one
		 * more) are nearly all alike: a fifth of the bytes deflated */
		p[0] = 2;
		for (int k = 0; k < XREF_ROW - 1; k++)
			p[k + 1] = (unsigned char)(row[k] - prev[k]);
		memcpy(prev, row, sizeof(prev));
	}
	gpd_buf_printf(&dict, "/Type /XRef /Size %u /W [1 4 2] /DecodeParms <</Columns %d "
		"/Predictor 12>>\012", (unsigned)(self + 1), XREF_ROW - 1);
	gpd_buf_append(&dict, (const char *)f->trailer, f->trlen); /* /Root, /Info */
	if (gpd_buf_failed(&dict)) /* no table: the file unreadable, not saved */
		self = 0;
	else
		file_stream(o, dict.data, (const char *)e, (size_t)n * XREF_ROW);
	gpd_buf_free(&dict);
	free(e);
	return self;
}

/* libharu's objects again: dictionaries into object streams, streams at
 * the top level as libharu wrote them but with their lengths direct. */
static void write_harus(const gpd_pk_file *f, out *o)
{
	static const char HARU_FLATE[] = "\n/Filter [ /FlateDecode ]\n>>";

	for (uint32_t id = 1; id < f->count; id++) {
		const gpd_pk_obj *k = &f->obj[id];

		if (k->kind == PK_PLAIN) {
			obj_begin(o, id);
			gpd_buf_append(&o->b, (const char *)k->text, k->tlen);
			obj_end(o);
		} else if (k->kind == PK_STREAM) {
			o->x[id] = (xent){o->file.len, 0, 0, 1};
			put_u(&o->file, id);
			gpd_buf_puts(&o->file, " 0 obj\012");
			if (k->rlen == sizeof HARU_FLATE - 1
			    && memcmp(k->rest, HARU_FLATE, k->rlen) == 0) {
				/* a page's content: the short form page reuse looks for */
				gpd_buf_printf(&o->file, GPD_FLATE_HEAD "%zu" GPD_FLATE_TAIL, k->dlen);
			} else {
				gpd_buf_append(&o->file, (const char *)k->text, k->tlen);
				gpd_buf_printf(&o->file, "%zu", k->dlen);
				gpd_buf_append(&o->file, (const char *)k->rest, k->rlen);
				gpd_buf_puts(&o->file, "\012stream\015\012");
			}
			gpd_buf_append(&o->file, (const char *)k->data, k->dlen);
			gpd_buf_puts(&o->file, "\012endstream\012endobj\012");
		}
	}
}

/* ---- written early ------------------------------------------------------ */

/*
 * The structure tree does not depend on libharu's bytes, only on how many
 * of libharu's objects go into object streams before it (they take the
 * first stream numbers, and the last of them share a stream with the
 * tree's first). That is known from libharu's object table before it
 * writes, so the tree is written, and its streams deflated, on the pool
 * while libharu writes its file and its document is freed, a second and
 * more on one core at 10,000 records. join_early then puts it after
 * libharu's objects: the same bytes as writing it there. When the count
 * was not right after all, it is thrown away and written as before.
 */
struct gpd_tag_early {
	gpd_layout *L;
	out o;
	gpd_tasks *g;     /* the writing task and the holes it leaves */
	uint32_t next0;   /* o.next after libharu's object streams */
	size_t lead;      /* libharu's objects in the stream the tree starts */
	int ok;
};

/* How many of libharu's objects layout_pack.c will find to be neither a
 * stream nor a stream's length (which it drops). */
static uint32_t plain_objects(HPDF_Doc pdf)
{
	HPDF_List l = pdf->xref->entries;
	uint32_t used = 0, streams = 0;

	for (HPDF_UINT i = 0; i < l->count; i++) {
		HPDF_XrefEntry en = (HPDF_XrefEntry)HPDF_List_ItemAt(l, i);
		const HPDF_Obj_Header *h = en ? (const HPDF_Obj_Header *)en->obj : NULL;

		if (!h || en->entry_typ == HPDF_FREE_ENTRY)
			continue;
		used++;
		if ((h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT && ((HPDF_Dict)en->obj)->stream)
			streams++;
	}
	return used >= 2 * streams ? used - 2 * streams : 0;
}

/* The cross-reference entries an append needs: our objects, then tree
 * nodes and object streams past nobj, at most two per FANOUT keys or
 * names and one per STM_OBJS objects. */
static size_t xref_size(const gpd_layout *L)
{
	size_t nx = L->tags->nobj + 2 * (L->tags->nkeys + L->acount) / (FANOUT - 1) + 16;

	return nx + nx / (STM_OBJS - 1) + 2;
}

static void early_task(void *arg)
{
	struct gpd_tag_early *e = arg;

	e->ok = write_objects(e->L, &e->o) == 0;
}

void gpd__tag_early(gpd_layout *L)
{
	struct gpd_tags *t = L->tags;
	struct gpd_tag_early *e;
	uint32_t plain;

	if (L->err || !t->prepared || t->early || !L->pdf->xref
	    || t->base != L->pdf->xref->start_offset + L->pdf->xref->entries->count
	    || !(e = calloc(1, sizeof *e)))
		return;
	plain = plain_objects(L->pdf);
	e->L = L;
	e->o.reuse = L->tree_reuse;
	e->next0 = t->nobj + plain / STM_OBJS;
	e->lead = plain % STM_OBJS;
	e->o.next = e->next0;
	e->o.ns = e->lead; /* slots for libharu's: written by join_early */
	e->o.lead = e->lead;
	e->o.lead_pending = 1;
	if (!(e->o.x = calloc(xref_size(L), sizeof *e->o.x))) {
		free(e);
		return;
	}
	e->g = gpd_tasks_new(L->pool);
	e->o.tasks = e->g;
	t->early = e;
	/* without a pool (or memory for the group), it runs in
	 * gpd__tag_append (or here) */
	gpd_tasks_add(e->g, early_task, e);
}

static void free_holes(out *o);

/* Waits until the early writer has finished, its holes deflated (the
 * waiting thread helps). NULL is fine. */
static struct gpd_tag_early *early_wait(struct gpd_tag_early *e)
{
	if (e) {
		gpd_tasks_free(e->g);
		e->g = NULL;
		e->o.tasks = NULL;
	}
	return e;
}

/* Takes the early writer from L (NULL if none), not waiting. */
static struct gpd_tag_early *take_early(gpd_layout *L)
{
	struct gpd_tag_early *e = L->tags ? L->tags->early : NULL;

	if (e)
		L->tags->early = NULL;
	return e;
}

static void early_free(struct gpd_tag_early *e)
{
	if (!e)
		return;
	free_holes(&e->o);
	if (e->o.bnd)
		gpd_buf_free(&e->o.bnd->text);
	free(e->o.bnd);
	free(e->o.x);
	gpd_buf_free(&e->o.b);
	gpd_buf_free(&e->o.file);
	free(e);
}

void gpd__tag_early_drop(gpd_layout *L)
{
	early_free(early_wait(take_early(L)));
}

/* Puts the early writer's objects after libharu's, in o: its first
 * stream completed with libharu's last objects and deflated, its file and
 * holes moved to the end of o's. -1 (o unchanged) when libharu's objects
 * were not as counted. */
static int join_early(const gpd_layout *L, out *o, struct gpd_tag_early *e)
{
	boundary *k = e->o.bnd;
	gpd_buf head = {0}, dict = {0};
	size_t base, nh = o->nholes, nx = xref_size(L);
	hole **hs;

	if (!e->ok || !k || o->next != e->next0 || o->ns != e->lead || o->failed)
		return -1;
	if (o->nholes + e->o.nholes > o->choles) {
		if (!(hs = realloc(o->holes, (o->nholes + e->o.nholes) * sizeof *hs)))
			return -1;
		o->holes = hs;
		o->choles = o->nholes + e->o.nholes;
	}
	/* the first stream: libharu's objects, then the tree's */
	for (size_t i = 0; i < k->n; i++) {
		o->snum[o->ns] = k->snum[i];
		o->soff[o->ns++] = k->soff[i] + o->b.len;
	}
	gpd_buf_append(&o->b, k->text.data, k->text.len);
	stream_parts(o, k->h->num, &head, &dict);
	k->h->failed = o->failed || squeeze(o, head.data, head.len, &k->h->z, &k->h->zlen) != 0;
	k->h->dict = dict.data;
	gpd_buf_free(&head);
	o->b.len = 0;
	o->ns = 0;
	/* the rest follows libharu's objects */
	base = o->file.len;
	gpd_buf_append(&o->file, e->o.file.data, e->o.file.len);
	for (size_t i = 0; i < e->o.nholes; i++) {
		e->o.holes[i]->at += base;
		o->holes[o->nholes++] = e->o.holes[i];
	}
	e->o.nholes = 0;
	for (size_t n = L->tags->base; n < nx; n++) {
		xent x = e->o.x[n];

		if (x.type == 1 && x.stm)
			x.stm += (uint32_t)nh;
		else if (x.type == 1)
			x.off += base;
		if (x.type)
			o->x[n] = x;
	}
	o->next = e->o.next;
	atomic_fetch_add(&o->reused, atomic_load(&e->o.reused));
	return 0;
}

int gpd__tag_append(gpd_layout *L, unsigned char **buf, size_t *len)
{
	struct gpd_tags *t = L->tags;
	struct gpd_tag_early *e = take_early(L); /* still writing, maybe */
	gpd_pk_file f;
	out o;
	uint32_t xs = 0;
	unsigned char *trailer = NULL;
	int wrote = -1;

	if (gpd__pack_read(*buf, *len, &f) || f.count != t->base) {
		early_free(early_wait(e));
		return gpd__fail(L, GPD_LAYOUT_EPDF, "libharu's file is not as expected");
	}
	memset(&o, 0, sizeof o);
	o.reuse = L->tree_reuse;
	o.next = t->nobj;
	/* NULL without a pool (or memory): then every stream is deflated here */
	o.tasks = L->pool ? gpd_tasks_new(L->pool) : NULL;
	o.x = calloc(xref_size(L), sizeof *o.x);
	if (o.x) {
		o.x[0].idx = 65535; /* the head of the free list */
		gpd_buf_append(&o.file, (const char *)*buf, f.head);
		write_harus(&f, &o);
		/* libharu's file is copied now but for its trailer: it goes
		 * before ours grows by the structure tree (a tenth of the peak) */
		if ((trailer = malloc(f.trlen ? f.trlen : 1)) != NULL) {
			memcpy(trailer, f.trailer, f.trlen);
			f.trailer = trailer;
			gpd__pack_free(&f);
			free(*buf);
			*buf = NULL;
		}
	}
	if (o.x && trailer) {
		early_wait(e);
		wrote = e && join_early(L, &o, e) == 0 ? 0 : write_objects(L, &o);
	}
	early_free(e);
	if (wrote == 0) {
		gpd_tasks_free(o.tasks); /* every hole deflated */
		o.tasks = NULL;
		if (fill_holes(&o) == 0)
			xs = write_xref_stream(&o, &f);
	}
	gpd_tasks_free(o.tasks);
	free_holes(&o);
	if (xs != 0)
		gpd_buf_printf(&o.file, "startxref\012%zu\012%%%%EOF\012", o.x[xs].off);
	free(trailer);
	gpd__pack_free(&f); /* nothing, when freed above */
	if (!o.x || xs == 0 || gpd_buf_failed(&o.file)) {
		free(o.x);
		gpd_buf_free(&o.b);
		gpd_buf_free(&o.file);
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	}
	free(o.x);
	gpd_buf_free(&o.b);
	L->trees_reused = atomic_load(&o.reused);
	gpd__reuse_free(L->tree_reuse); /* a later save deflates (the same bytes) */
	L->tree_reuse = NULL;
	free(*buf);
	*len = o.file.len;
	*buf = (unsigned char *)o.file.data;
	return GPD_LAYOUT_OK;
}
