/* layout_text.c: fonts, cached glyph metrics, text clean-up and greedy line breaking. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_doc.h>     /* HPDF_GetFontDef: libharu has no public way to */
#include <hpdf_fontdef.h> /* ask whether a TrueType font has a glyph */
#include <hpdf_font.h>
#include <hpdf_streams.h>

#include "gpdigest/utf8.h"
#include "layout/layout_hpdf.h"
#include "layout/layout_text.h"

/* ---- UTF-8 ---------------------------------------------------------- */

/* Decodes one codepoint strictly (no overlongs, surrogates or values past
 * U+10FFFF). On a bad sequence returns 0xFFFFFFFF and consumes one byte,
 * so the caller can replace it and resynchronise. */
uint32_t gpd__utf8_next(const unsigned char *s, size_t n, size_t *adv)
{
	uint32_t c;
	size_t len = gpd_utf8_decode(s, n, &c);

	*adv = len ? len : 1;
	return len ? c : 0xFFFFFFFFu;
}

static size_t utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) { o[0] = (char)c; return 1; }
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (c >> 12));
	o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[2] = (char)(0x80 | (c & 0x3F));
	return 3;
}

/* Returns a malloc'd copy of s with bad UTF-8 and non-BMP characters
 * replaced by U+FFFD and control characters by spaces, cut at a character
 * boundary after at most max bytes: libharu strings are 16-bit only. */
char *gpd__clean_utf8(gpd_layout *L, const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, a;
	char *out;

	if (!s)
		n = 0;
	else if (n == GPD_RUN_STRLEN)
		n = strlen(s);
	out = malloc(max + 4);
	if (!out) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return NULL;
	}
	while (i < n && o + 3 <= max) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		if (c == 0xFFFFFFFFu || c > 0xFFFF)
			c = 0xFFFD;
		if (c < 0x20 || c == 0x7F)
			c = ' ';
		o += utf8_put(out + o, c);
		i += a;
	}
	out[o] = '\0';
	return out;
}

/* ---- fonts and metrics ---------------------------------------------- */

/* libharu 2.3.0 gives UTF-8 fonts a ToUnicode CMap built with
 * "begincidrange", which is a CID-map operator; poppler warns about it on
 * every page. The codes are UTF-16 units (Identity-H over Unicode), so an
 * identity bfrange per high byte is the correct map. */
static void fix_tounicode(HPDF_Font font)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Stream st;
	char buf[64];
	int hi;

	if (!attr || !attr->cmap_stream || !attr->cmap_stream->stream)
		return;
	st = attr->cmap_stream->stream;
	HPDF_MemStream_FreeData(st);
	HPDF_Stream_WriteStr(st, "/CIDInit /ProcSet findresource begin\n"
		"12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe)"
		" /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS"
		" def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
		"endcodespacerange\n");
	for (hi = 0; hi < 256; hi++) {
		if (hi % 100 == 0)
			HPDF_Stream_WriteStr(st, hi == 200 ? "56 beginbfrange\n"
				: "100 beginbfrange\n");
		snprintf(buf, sizeof buf, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		HPDF_Stream_WriteStr(st, buf);
		if (hi % 100 == 99 || hi == 255)
			HPDF_Stream_WriteStr(st, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(st, "endcmap\nCMapName currentdict /CMap "
		"defineresource pop\nend\nend\n");
}

static int load_slot(gpd_layout *L, int slot, const char *path)
{
	fontslot *f = &L->slots[slot];
	const char *name;
	size_t i;

	name = HPDF_LoadTTFontFromFile(L->pdf, path, HPDF_TRUE);
	if (!name)
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot load font %s", path);
	gpd__cmap_register(L, HPDF_GetFontDef(L->pdf, name)); /* before libharu maps it */
	f->font = HPDF_GetFont(L->pdf, name, "UTF-8");
	f->def = HPDF_GetFontDef(L->pdf, name);
	if (!f->font || !f->def)
		return gpd__fail(L, GPD_LAYOUT_EPDF, "cannot use font %s", path);
	fix_tounicode(f->font);
	f->adv = malloc(65536 * sizeof *f->adv);
	if (!f->adv)
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	for (i = 0; i < 65536; i++)
		f->adv[i] = ADV_UNKNOWN;
	return GPD_LAYOUT_OK;
}

/* Loads the faces; a missing monospace face falls back to regular. The
 * fallback slot stays empty when no fallback font is configured. */
int gpd__fonts_load(gpd_layout *L)
{
	const char *paths[NSLOT] = { L->st.font_regular, L->st.font_bold,
		L->st.font_italic, L->st.font_bold_italic,
		L->st.font_mono ? L->st.font_mono : L->st.font_regular,
		L->st.font_fallback };
	int i, rc;

	if (HPDF_UseUTFEncodings(L->pdf) != HPDF_OK)
		return gpd__fail(L, GPD_LAYOUT_EPDF, "no UTF-8 support in libharu");
	HPDF_SetCurrentEncoder(L->pdf, "UTF-8");
	for (i = 0; i < NSLOT; i++) {
		if (!paths[i] && i == SLOT_FB)
			continue;
		if (!paths[i])
			return gpd__fail(L, GPD_LAYOUT_EINVAL, "font %d not set", i);
		if ((rc = load_slot(L, i, paths[i])) != GPD_LAYOUT_OK)
			return rc;
	}
	return GPD_LAYOUT_OK;
}

/* libharu 2.3.0 keeps, of a composite glyph, only its direct components,
 * and skips the components of a glyph it first met as a component. A part
 * that is itself composite then loses its outline: DejaVu's Greek epsilon is
 * composite, so "έ" printed as a bare accent and "ε" as a blank, though the
 * text extracted fine. Before saving, mark every part of every glyph kept,
 * to any depth (the glyf table layout: OpenType spec, "glyf"). */
static int read_u16(HPDF_Stream st, unsigned *v)
{
	HPDF_BYTE b[2];
	HPDF_UINT n = 2;

	if (HPDF_Stream_Read(st, b, &n) != HPDF_OK || n != 2)
		return -1;
	*v = (unsigned)b[0] << 8 | b[1];
	return 0;
}

static void close_composites(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = def ? (HPDF_TTFontDefAttr)def->attr : NULL;
	HPDF_UINT16 *todo;
	size_t n = 0;
	unsigned g, ng;

	if (!a || !a->embedding || !a->stream || !a->glyph_tbl.flgs
	    || !a->glyph_tbl.offsets)
		return;
	ng = a->num_glyphs;
	if (!(todo = malloc((ng ? ng : 1) * sizeof *todo)))
		return;
	for (g = 0; g < ng; g++)
		if (a->glyph_tbl.flgs[g])
			todo[n++] = (HPDF_UINT16)g;
	while (n) {
		unsigned scale = a->header.index_to_loc_format == 0 ? 2 : 1;
		unsigned flags, comp, contours;

		g = todo[--n];
		if (a->glyph_tbl.offsets[g + 1] <= a->glyph_tbl.offsets[g]
		    || HPDF_Stream_Seek(a->stream, (HPDF_INT)(a->glyph_tbl.base_offset
			+ a->glyph_tbl.offsets[g] * scale), HPDF_SEEK_SET) != HPDF_OK
		    || read_u16(a->stream, &contours) || contours < 0x8000
		    || HPDF_Stream_Seek(a->stream, 8, HPDF_SEEK_CUR) != HPDF_OK)
			continue; /* empty or simple glyph */
		do {
			if (read_u16(a->stream, &flags) || read_u16(a->stream, &comp))
				break;
			if (comp < ng && !a->glyph_tbl.flgs[comp]) {
				a->glyph_tbl.flgs[comp] = 1;
				todo[n++] = (HPDF_UINT16)comp;
			}
			if (HPDF_Stream_Seek(a->stream, ((flags & 1) ? 4 : 2)
			    + ((flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0),
			    HPDF_SEEK_CUR) != HPDF_OK)
				break;
		} while (flags & 0x20);
	}
	free(todo);
}

void gpd__fonts_close_glyphs(gpd_layout *L)
{
	int i;

	for (i = 0; i < NSLOT; i++)
		if (L->slots[i].font)
			close_composites(L->slots[i].def);
	HPDF_ResetError(L->pdf);
}

void gpd__fonts_free(gpd_layout *L)
{
	int i;

	for (i = 0; i < NSLOT; i++)
		free(L->slots[i].adv);
}

/* Advance of cp in 1/1000 em, or ADV_MISSING. Cached per slot because
 * libharu's lookup walks the cmap segments on every call. */
int gpd__adv(gpd_layout *L, int slot, uint32_t cp)
{
	fontslot *f = &L->slots[slot];
	int16_t a;

	if (!f->font || cp > 0xFFFF)
		return ADV_MISSING;
	a = f->adv[cp];
	if (a != ADV_UNKNOWN)
		return a;
	if (cp != 0 && HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp) == 0)
		a = ADV_MISSING;
	else
		a = HPDF_TTFontDef_GetCharWidth(f->def, (HPDF_UINT16)cp);
	if (a < 0)
		a = ADV_MISSING;
	f->adv[cp] = a;
	return a;
}

int gpd__face_slot(const gpd_layout *L, gpd_face face, int promote)
{
	int bold = face == GPD_FACE_BOLD || face == GPD_FACE_BOLD_ITALIC
		|| (promote & GPD__BOLD);
	int italic = face == GPD_FACE_ITALIC || face == GPD_FACE_BOLD_ITALIC
		|| (promote & GPD__ITALIC);

	(void)L;
	if (face == GPD_FACE_MONO)
		return SLOT_MONO;
	return bold ? (italic ? SLOT_BI : SLOT_BOLD) : (italic ? SLOT_IT : SLOT_REG);
}

float gpd__str_width(gpd_layout *L, int slot, float size, const char *s)
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

/* ---- blocks: preparing text ------------------------------------------ */

void gpd__block_reset(block *b)
{
	b->alen = b->nsegs = b->nfrags = b->nlines = b->nword = 0;
}

void gpd__block_free(block *b)
{
	free(b->arena);
	free(b->segs);
	free(b->frags);
	free(b->lines);
	free(b->word);
	free(b->cut);
	memset(b, 0, sizeof *b);
}

static int arena_put(gpd_layout *L, block *b, const char *s, size_t n)
{
	if (gpd__grow(L, &b->arena, &b->acap, b->alen + n + 1, 1))
		return L->err;
	memcpy(b->arena + b->alen, s, n);
	b->alen += n;
	return GPD_LAYOUT_OK;
}

static void warn_missing(gpd_layout *L, uint32_t cp)
{
	char name[16];

	if (!L->warned) {
		L->warned = calloc(0x110000 / 8, 1);
		if (!L->warned)
			return;
	}
	if (L->warned[cp >> 3] & (1u << (cp & 7)))
		return;
	L->warned[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	snprintf(name, sizeof name, "U+%04X", (unsigned)cp);
	gpd__warn(L, GPD_LAYOUT_W_MISSING_GLYPH, name);
}

/* Chooses the slot that prints cp, replacing it (and warning once) when
 * neither the face nor the fallback has a glyph. */
static int pick_slot(gpd_layout *L, int slot, uint32_t *cp)
{
	if (gpd__adv(L, slot, *cp) >= 0)
		return slot;
	if (gpd__adv(L, SLOT_FB, *cp) >= 0)
		return SLOT_FB;
	warn_missing(L, *cp);
	*cp = 0xFFFD;
	if (gpd__adv(L, slot, *cp) >= 0)
		return slot;
	if (gpd__adv(L, SLOT_FB, *cp) >= 0)
		return SLOT_FB;
	*cp = '?';
	return slot;
}

/* Starts a new seg unless the last one has the same slot and target. */
static int seg_for(gpd_layout *L, block *b, int slot, int lk, size_t loff,
	int fresh)
{
	seg *s = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;

	if (s && !fresh && !s->pageref && !s->nobreak && s->slot == slot
	    && s->link_kind == lk && s->link_off == loff
	    && s->off + s->len == b->alen)
		return GPD_LAYOUT_OK;
	if (gpd__grow(L, &b->segs, &b->csegs, b->nsegs + 1, sizeof *s))
		return L->err;
	s = &b->segs[b->nsegs++];
	memset(s, 0, sizeof *s);
	s->off = b->alen;
	s->slot = slot;
	s->link_kind = lk;
	s->link_off = loff;
	return GPD_LAYOUT_OK;
}

/* Classifies a codepoint: 0 print, 1 white space, 2 drop. */
static int cp_class(uint32_t c)
{
	if (c == ' ' || (c < 0x20) || c == 0x7F || (c >= 0x80 && c < 0xA0)
	    || c == 0x2028 || c == 0x2029)
		return 1;
	if (c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF)
		return 2;
	return 0;
}

/* Appends one run's text: spaces collapsed, each codepoint in a slot that
 * has its glyph. *sp tracks "last thing was a space" across runs. */
static int prep_text(gpd_layout *L, block *b, const char *text, size_t n,
	int slot0, int lk, size_t loff, int *sp)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i = 0, a, el;
	char enc[4];

	while (i < n) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		int slot, cls;
		i += a;
		if (c == 0xFFFFFFFFu) {
			if (!L->warned_utf8++)
				gpd__warn(L, GPD_LAYOUT_W_BAD_UTF8, NULL);
			c = 0xFFFD;
		}
		if (c == 0xA0) { /* a space no line breaks at, printed as one */
			uint32_t space = ' ';
			*sp = 0;
			if (seg_for(L, b, pick_slot(L, slot0, &space), lk, loff, 1)
			    || arena_put(L, b, " ", 1))
				return L->err;
			b->segs[b->nsegs - 1].nobreak = 1;
			b->segs[b->nsegs - 1].len = 1;
			continue;
		}
		cls = cp_class(c);
		if (cls == 2 || (cls == 1 && *sp))
			continue;
		if (cls == 1)
			c = ' ';
		*sp = cls == 1;
		slot = pick_slot(L, slot0, &c);
		el = utf8_put(enc, c);
		if (seg_for(L, b, slot, lk, loff, 0) || arena_put(L, b, enc, el))
			return L->err;
		b->segs[b->nsegs - 1].len += el;
	}
	return GPD_LAYOUT_OK;
}

/* A page reference: the number itself when the anchor is already placed,
 * otherwise a fixed-width placeholder filled in when the document ends. */
static int prep_pageref(gpd_layout *L, block *b, const gpd_run *r, int slot,
	size_t loff, int *sp)
{
	anchor_ent *e = gpd__anchor_find(L, r->pageref_anchor);
	char num[24];
	int digits = L->st.pageref_digits;
	size_t np;

	/* a forward target lies at or after this page: its digits, usually */
	if (L->ref_digits_auto)
		for (digits = 1, np = L->npages; np >= 10; np /= 10)
			digits++;

	*sp = 0;
	if (e && e->page >= 0) {
		snprintf(num, sizeof num, "%d", e->page + 1);
		return prep_text(L, b, num, strlen(num), slot, LINK_ANCHOR, loff, sp);
	}
	if (seg_for(L, b, slot, LINK_ANCHOR, loff, 1))
		return L->err;
	b->segs[b->nsegs - 1].pageref = 1;
	b->segs[b->nsegs - 1].fixed_w = (float)digits
		* (float)gpd__adv(L, slot, '0') * b->size / 1000.0f;
	return GPD_LAYOUT_OK;
}

static int prep_run(gpd_layout *L, block *b, const gpd_run *r, int promote,
	int *sp)
{
	int slot = gpd__face_slot(L, r->face, promote), lk = LINK_NONE;
	const char *target = NULL;
	size_t loff = 0, n = r->len;

	if (r->pageref_anchor) { lk = LINK_ANCHOR; target = r->pageref_anchor; }
	else if (r->link_uri) { lk = LINK_URI; target = r->link_uri; }
	else if (r->link_anchor) { lk = LINK_ANCHOR; target = r->link_anchor; }
	if (target) {
		/* keep the target in the arena: pending headings outlive runs */
		loff = b->alen;
		if (arena_put(L, b, target, strlen(target) + 1))
			return L->err;
	}
	if (r->pageref_anchor)
		return prep_pageref(L, b, r, slot, loff, sp);
	if (r->hard_break) { /* the line ends here: a '\n' the breaker obeys */
		*sp = 1;
		if (seg_for(L, b, slot, lk, loff, 1) || arena_put(L, b, "\n", 1))
			return L->err;
		b->segs[b->nsegs - 1].len = 1;
		return GPD_LAYOUT_OK;
	}
	if (!r->text)
		return GPD_LAYOUT_OK;
	if (n == GPD_RUN_STRLEN)
		n = strlen(r->text);
	return prep_text(L, b, r->text, n, slot, lk, loff, sp);
}

/* Turns runs into segs of clean UTF-8 at one size. promote (GPD__BOLD,
 * GPD__ITALIC) sets runs bold or italic (headings, table headers). */
int gpd__block_prep(gpd_layout *L, block *b, const gpd_run *runs, size_t n,
	float size, int promote)
{
	size_t i;
	int sp = 1;

	gpd__block_reset(b);
	b->size = size;
	if (n && !runs)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "runs is NULL");
	for (i = 0; i < n; i++)
		if (prep_run(L, b, &runs[i], promote, &sp))
			return L->err;
	return L->err;
}

/* Preformatted text in the monospace slot: every character kept, tabs
 * to the next multiple of GPD__TAB columns, lines ended by '\n'. */
#define GPD__TAB 4
int gpd__block_prep_pre(gpd_layout *L, block *b, const char *text, size_t n,
	float size)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i = 0, a, col = 0, el;
	char enc[4];

	gpd__block_reset(b);
	b->size = size;
	while (i < n && !L->err) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		int slot;
		i += a;
		if (c == 0xFFFFFFFFu) {
			if (!L->warned_utf8++)
				gpd__warn(L, GPD_LAYOUT_W_BAD_UTF8, NULL);
			c = 0xFFFD;
		}
		if (c == '\t') {
			do {
				if (seg_for(L, b, SLOT_MONO, LINK_NONE, 0, 0)
				    || arena_put(L, b, " ", 1))
					return L->err;
				b->segs[b->nsegs - 1].len++;
			} while (++col % GPD__TAB);
			continue;
		}
		if (c != '\n' && cp_class(c) == 2)
			continue;
		if (c != '\n' && cp_class(c) == 1)
			c = ' ';
		col = c == '\n' ? 0 : col + 1;
		slot = c == '\n' ? SLOT_MONO : pick_slot(L, SLOT_MONO, &c);
		el = utf8_put(enc, c);
		if (seg_for(L, b, slot, LINK_NONE, 0, 0) || arena_put(L, b, enc, el))
			return L->err;
		b->segs[b->nsegs - 1].len += el;
	}
	return L->err;
}

/* ---- blocks: greedy line breaking ------------------------------------- */

typedef struct brk {
	gpd_layout *L;
	block *b;
	float maxw, line_w, word_w, space_w;
	size_t line_first;
} brk;

#define FIT_EPS 0.001f

/* Two segs that print in the same font with the same link. */
static int same_print(const block *b, size_t s, size_t t)
{
	const seg *x = &b->segs[s], *y = &b->segs[t];

	return s == t ? !x->pageref : !x->pageref && !y->pageref
		&& x->slot == y->slot && x->link_kind == y->link_kind
		&& x->link_off == y->link_off;
}

static int push_frag(brk *k, size_t s, size_t off, size_t len, float x,
	float w)
{
	block *b = k->b;
	frag *p = b->nfrags > k->line_first ? &b->frags[b->nfrags - 1] : NULL;

	/* merge with the previous piece when only one space separates them
	 * and they print alike: one ShowText per line and font, not per word */
	if (p && same_print(b, p->seg, s)) {
		size_t gap = off - (p->off + p->len);
		if (gap == 0 || (gap == 1 && b->arena[off - 1] == ' ')) {
			p->len = off + len - p->off;
			p->w = x + w - p->x;
			return GPD_LAYOUT_OK;
		}
	}
	if (gpd__grow(k->L, &b->frags, &b->cfrags, b->nfrags + 1,
	    sizeof *p))
		return k->L->err;
	b->frags[b->nfrags++] = (frag){ s, off, len, x, w };
	return GPD_LAYOUT_OK;
}

static int finish_line(brk *k)
{
	block *b = k->b;

	if (gpd__grow(k->L, &b->lines, &b->clines, b->nlines + 1,
	    sizeof *b->lines))
		return k->L->err;
	b->lines[b->nlines++] = (line){ k->line_first,
		b->nfrags - k->line_first, k->line_w, 0 };
	k->line_first = b->nfrags;
	k->line_w = 0;
	return GPD_LAYOUT_OK;
}

/* Width of the character at arena offset off in seg s (placeholders are
 * one unit); *len receives its byte length. */
static float char_w(brk *k, size_t s, size_t off, size_t *len)
{
	block *b = k->b;
	seg *g = &b->segs[s];
	uint32_t c;

	if (g->pageref) {
		*len = 0;
		return g->fixed_w;
	}
	c = gpd__utf8_next((unsigned char *)b->arena + off,
		g->off + g->len - off, len);
	return (float)gpd__adv(k->L, g->slot, c) * b->size / 1000.0f;
}

/* After these a URL breaks without a hyphen (never inside "//"). */
static int url_break_after(const block *b, const frag *c, const frag *next)
{
	char ch = c->len == 1 ? b->arena[c->off] : 0;

	if (!ch || !strchr("/.?&=-", ch))
		return 0;
	return !(ch == '/' && next->len == 1 && b->arena[next->off] == '/');
}

/* Collects the characters of the word being broken into b->cut. */
static int word_chars(brk *k)
{
	block *b = k->b;
	size_t i, off, len;

	b->ncut = 0;
	for (i = 0; i < b->nword; i++) {
		frag *p = &b->word[i];
		for (off = p->off; off < p->off + p->len || (b->segs[p->seg].pageref
		    && off == p->off); off += len) {
			float cw = char_w(k, p->seg, off, &len);
			if (gpd__grow(k->L, &b->cut, &b->ccut, b->ncut + 1, sizeof *p))
				return k->L->err;
			b->cut[b->ncut++] = (frag){ p->seg, off, len, 0, cw };
			if (len == 0)
				break;
		}
	}
	return GPD_LAYOUT_OK;
}

/* A word wider than the line: cut after the last '/', '.', '?', '&', '='
 * or '-' that fits, so a URL breaks where a reader expects, with nothing
 * added; else between characters. */
static int chop_word(brk *k)
{
	block *b = k->b;
	size_t i0 = 0, i, end, j, ok;
	float x;

	if (word_chars(k))
		return k->L->err;
	while (i0 < b->ncut) {
		ok = SIZE_MAX;
		for (i = i0, x = 0; i < b->ncut && (i == i0
		    || x + b->cut[i].w <= k->maxw + FIT_EPS); i++) {
			if (i + 1 < b->ncut && url_break_after(b, &b->cut[i], &b->cut[i + 1]))
				ok = i;
			x += b->cut[i].w;
		}
		end = i < b->ncut && ok != SIZE_MAX ? ok + 1 : i;
		for (j = i0, x = 0; j < end; x += b->cut[j].w, j++)
			if (push_frag(k, b->cut[j].seg, b->cut[j].off, b->cut[j].len, x,
			    b->cut[j].w))
				return k->L->err;
		k->line_w = x;
		i0 = end;
		if (i0 < b->ncut && finish_line(k))
			return k->L->err;
	}
	return GPD_LAYOUT_OK;
}

static int commit_word(brk *k, float x0)
{
	block *b = k->b;
	size_t i;

	for (i = 0; i < b->nword; i++) {
		frag *p = &b->word[i];
		if (push_frag(k, p->seg, p->off, p->len, x0 + p->x, p->w))
			return k->L->err;
	}
	k->line_w = x0 + k->word_w;
	return GPD_LAYOUT_OK;
}

static int end_word(brk *k)
{
	block *b = k->b;
	int rc = GPD_LAYOUT_OK;

	if (!b->nword)
		return GPD_LAYOUT_OK;
	if (b->nfrags > k->line_first) {
		if (k->line_w + k->space_w + k->word_w <= k->maxw + FIT_EPS)
			rc = commit_word(k, k->line_w + k->space_w);
		else if ((rc = finish_line(k)) == GPD_LAYOUT_OK)
			rc = k->word_w <= k->maxw + FIT_EPS ? commit_word(k, 0)
				: chop_word(k);
	} else {
		rc = k->word_w <= k->maxw + FIT_EPS ? commit_word(k, 0)
			: chop_word(k);
	}
	b->nword = 0;
	k->word_w = 0;
	return rc;
}

static int word_add(brk *k, size_t s, size_t off, size_t len, float w)
{
	block *b = k->b;
	frag *p = b->nword ? &b->word[b->nword - 1] : NULL;

	if (p && p->seg == s && p->off + p->len == off && len) {
		p->len += len;
		p->w += w;
	} else {
		if (gpd__grow(k->L, &b->word, &b->cword, b->nword + 1,
		    sizeof *p))
			return k->L->err;
		b->word[b->nword++] = (frag){ s, off, len, k->word_w, w };
	}
	k->word_w += w;
	return GPD_LAYOUT_OK;
}

static int break_seg(brk *k, size_t s)
{
	seg *g = &k->b->segs[s];
	size_t off, len;

	if (g->pageref)
		return word_add(k, s, g->off, 0, g->fixed_w);
	for (off = g->off; off < g->off + g->len; off += len) {
		float w;
		if (k->b->arena[off] == '\n') { /* a hard line break */
			len = 1;
			k->space_w = 0;
			if (end_word(k) || finish_line(k))
				return k->L->err;
			continue;
		}
		w = char_w(k, s, off, &len);
		if (k->b->arena[off] != ' ' || g->nobreak) {
			if (word_add(k, s, off, len, w))
				return k->L->err;
			continue;
		}
		if (end_word(k))
			return k->L->err;
		k->space_w = w;
	}
	return GPD_LAYOUT_OK;
}

float gpd__block_widest(gpd_layout *L, block *b)
{
	brk k = { L, b, 0, 0, 0, 0, 0 };
	float word = 0, most = 0;
	size_t s, off, len;

	for (s = 0; s < b->nsegs; s++) {
		const seg *g = &b->segs[s];
		if (g->pageref) {
			word += g->fixed_w;
			continue;
		}
		for (off = g->off; off < g->off + g->len; off += len) {
			char c = b->arena[off];
			if (c == '\n' || (c == ' ' && !g->nobreak)) {
				len = 1;
				most = word > most ? word : most;
				word = 0;
				continue;
			}
			word += char_w(&k, s, off, &len);
		}
	}
	return word > most ? word : most;
}

/* Preformatted lines: broken only at '\n' and where a line is wider than
 * width (between characters); the rest is marked as a continuation, and
 * set indent narrower (for the mark before it). */
int gpd__block_break_pre(gpd_layout *L, block *b, float width, float indent)
{
	brk k = { L, b, width, 0, 0, 0, 0 };
	size_t s, off, len;
	int cont = 0;

	b->nfrags = b->nlines = b->nword = 0;
	for (s = 0; s < b->nsegs; s++)
		for (off = b->segs[s].off; off < b->segs[s].off + b->segs[s].len;
		    off += len) {
			float w;
			if (b->arena[off] == '\n') {
				len = 1;
				if (finish_line(&k))
					return L->err;
				b->lines[b->nlines - 1].cont = cont;
				cont = 0;
				continue;
			}
			w = char_w(&k, s, off, &len);
			if (k.line_w > 0 && k.line_w + w > width - (cont ? indent : 0) + FIT_EPS) {
				if (finish_line(&k))
					return L->err;
				b->lines[b->nlines - 1].cont = cont;
				cont = 1;
			}
			if (push_frag(&k, s, off, len, k.line_w, w))
				return L->err;
			k.line_w += w;
		}
	if (b->nfrags > k.line_first) {
		if (finish_line(&k))
			return L->err;
		b->lines[b->nlines - 1].cont = cont;
	}
	return GPD_LAYOUT_OK;
}

/* Greedy first-fit breaking in one pass over the text: linear time. No
 * line is wider than width except a single glyph wider than the line. */
int gpd__block_break(gpd_layout *L, block *b, float width)
{
	brk k = { L, b, width, 0, 0, 0, 0 };
	size_t s;

	b->nfrags = b->nlines = b->nword = 0;
	for (s = 0; s < b->nsegs; s++)
		if (break_seg(&k, s))
			return L->err;
	if (end_word(&k))
		return L->err;
	if (b->nfrags > k.line_first)
		return finish_line(&k);
	return GPD_LAYOUT_OK;
}
