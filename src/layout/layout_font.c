/* layout_font.c: the fonts through HarfBuzz: faces and their fallback chains, coverage, metrics, shaping with a cache of shaped words, and the glyphs each font shows. */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb.h>

#include "gpdigest/fontref.h"
#include "gpdigest/hash.h"
#include "layout/layout_cff.h"
#include "layout/layout_font.h"
#include "layout/layout_text.h"

/*
 * Every font is a HarfBuzz face opened from its file (mapped, not read)
 * the first time something asks about it: a Latin-only edition never opens
 * the Bengali font its chains name. HarfBuzz gives the coverage (cmap),
 * the advances (hmtx) and the shaping (GSUB, GPOS: each script's required
 * features, kerning, marks placed on their bases); the layout keeps, per
 * font, which glyphs it showed and the text each one extracts as, which is
 * what layout_embed.c makes the subset and the ToUnicode map from.
 *
 * Words are shaped once per layout and font: running heads, labels, tick
 * boxes and the common words of record text come back from the cache.
 */

/* ---- the shaped-word cache ------------------------------------------------ */

typedef struct sent {
	uint64_t hash;
	size_t key;        /* the text in keys */
	uint32_t klen, g, ng;
	uint8_t slot, rtl, used; /* used 2: a run of marks was cut (said at each use) */
} sent;

struct gpd_shape_cache {
	sent *tab;
	size_t cap, count;
	char *keys;
	size_t klen, kcap;
	glyph *gl;
	size_t ngl, cgl;
	glyph *tmp;        /* a word too big for the cache */
	size_t ctmp;
	hb_buffer_t *buf;
	int cut;           /* the last text shaped had a run of marks cut */
};

static struct gpd_shape_cache *cache_of(gpd_layout *L)
{
	if (!L->shapes) {
		L->shapes = calloc(1, sizeof *L->shapes);
		if (!L->shapes || !(L->shapes->buf = hb_buffer_create())
		    || !hb_buffer_allocation_successful(L->shapes->buf)) {
			gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
			return NULL;
		}
	}
	return L->shapes;
}

static void cache_clear(struct gpd_shape_cache *c)
{
	free(c->tab);
	c->tab = NULL;
	c->cap = c->count = 0;
	c->klen = c->ngl = 0;
}

static void cache_free(struct gpd_shape_cache *c)
{
	if (!c)
		return;
	cache_clear(c);
	free(c->keys);
	free(c->gl);
	free(c->tmp);
	hb_buffer_destroy(c->buf);
	free(c);
}

static int cache_grow(gpd_layout *L, struct gpd_shape_cache *c)
{
	size_t ncap = c->cap ? c->cap * 2 : 1024;
	sent *t = calloc(ncap, sizeof *t);

	if (!t)
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->cap; i++) {
		size_t j;
		if (!c->tab[i].used)
			continue;
		for (j = c->tab[i].hash & (ncap - 1); t[j].used; j = (j + 1) & (ncap - 1))
			;
		t[j] = c->tab[i];
	}
	free(c->tab);
	c->tab = t;
	c->cap = ncap;
	return GPD_LAYOUT_OK;
}

/* ---- fonts ------------------------------------------------------------------ */

/* A slot for a font file; a chain's file that is a slot already is that
 * slot (each file embedded once). */
static int add_slot(gpd_layout *L, const char *path, size_t n, int chain)
{
	int i;

	for (i = 0; chain && i < L->nslots; i++)
		if (L->slots[i].path && strlen(L->slots[i].path) == n
		    && memcmp(L->slots[i].path, path, n) == 0)
			return i;
	if (L->nslots >= MAX_SLOTS)
		return -1;
	i = L->nslots++;
	if (!(L->slots[i].path = malloc(n + 1))) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return -1;
	}
	memcpy(L->slots[i].path, path, n);
	L->slots[i].path[n] = '\0';
	return i;
}

/* The outlines a face has: 1 TrueType (glyf), 2 CFF whose CIDs are its
 * glyph ids, 0 neither (CFF2, a name-keyed CFF: no embedding here). */
static int outlines(hb_face_t *face, unsigned nglyphs)
{
	hb_blob_t *t = hb_face_reference_table(face, HB_TAG('g', 'l', 'y', 'f'));
	unsigned n;
	const char *d;
	int kind = hb_blob_get_length(t) > 0;

	hb_blob_destroy(t);
	if (kind)
		return 1;
	t = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
	d = hb_blob_get_data(t, &n);
	kind = gpd__cff_cid_is_gid((const unsigned char *)d, n, nglyphs) ? 2 : 0;
	hb_blob_destroy(t);
	return kind;
}

/* The weight and slant a font was drawn with (GPD__BOLD, GPD__ITALIC):
 * bold from a weight of 600 up, italic when it says so or slants (an
 * oblique, Noto Serif Tamil Slanted). */
static int font_style(hb_font_t *font)
{
	int st = 0;

	if (hb_style_get_value(font, HB_STYLE_TAG_WEIGHT) >= 600)
		st |= GPD__BOLD;
	if (hb_style_get_value(font, HB_STYLE_TAG_ITALIC) != 0
	    || hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE) != 0)
		st |= GPD__ITALIC;
	return st;
}

/* Opens a slot's file (mapped, not read: a CJK collection is 20 MB) and
 * the face its reference names (fontref.h); a font the embedding cannot
 * write (outlines above) is left out of its chain. */
int gpd__slot_open(gpd_layout *L, int i)
{
	fontslot *f = &L->slots[i];
	size_t len;
	int face, kind;
	char *file;

	if (f->state)
		return f->state > 0;
	f->state = -1;
	if (!f->path)
		return 0;
	face = gpd_font_ref(f->path, &len);
	if (!(file = strndup(f->path, len))) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return 0;
	}
	f->blob = hb_blob_create_from_file_or_fail(file);
	free(file);
	if (!f->blob || (unsigned)face >= hb_face_count(f->blob))
		return 0;
	f->face = hb_face_create(f->blob, (unsigned)face);
	f->nglyphs = hb_face_get_glyph_count(f->face);
	f->upem = hb_face_get_upem(f->face);
	if (f->nglyphs == 0 || f->upem == 0 || !(kind = outlines(f->face, f->nglyphs)))
		return 0;
	f->cff = kind == 2;
	f->font = hb_font_create(f->face);
	f->style = (uint8_t)font_style(f->font);
	f->adv = malloc(65536 * sizeof *f->adv);
	f->gidc = malloc(65536 * sizeof *f->gidc);
	f->used = calloc(f->nglyphs / 8 + 1, 1);
	f->uni = calloc(f->nglyphs, sizeof *f->uni);
	f->gw = malloc(f->nglyphs * sizeof *f->gw);
	if (!f->adv || !f->gidc || !f->used || !f->uni || !f->gw) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		return 0;
	}
	for (size_t k = 0; k < 65536; k++)
		f->adv[k] = ADV_UNKNOWN;
	memset(f->gw, 0xFF, f->nglyphs * sizeof *f->gw); /* -1: not asked yet */
	memset(f->gidc, 0xFF, 65536 * sizeof *f->gidc); /* GID_UNKNOWN */
	f->state = 1;
	return 1;
}

/* Appends slot s to face's chain, unless it is there already or full. */
static void chain_add(gpd_layout *L, int face, int s)
{
	for (int i = 0; i < L->nchain[face]; i++)
		if (L->chain[face][i] == s)
			return;
	if (s >= 0 && L->nchain[face] < MAX_CHAIN)
		L->chain[face][L->nchain[face]++] = s;
}

/* Appends the fonts of the style's chain for face from (paths, one a
 * line) to face's chain. */
static int chain_add_style(gpd_layout *L, int face, int from)
{
	const char *p = L->st.fallback_chain[from];

	while (p && *p) {
		size_t len = strcspn(p, "\n");
		int s = len ? add_slot(L, p, len, 1) : -1;

		if (L->err)
			return L->err;
		chain_add(L, face, s);
		p += len + (p[len] == '\n');
	}
	return GPD_LAYOUT_OK;
}

/* The faces a bold italic face's text falls back to, after its own
 * fonts: it keeps the weight, then the slant. */
static const int bold_italic_falls_to[] = { SLOT_BOLD, SLOT_IT };

/* A face's chain: its own font and chain first (a bold word of Hebrew
 * finds a bold font with Hebrew), bold italic then the bold and the italic
 * ones, and last, for every face, the general fallback and the regular
 * chain. A font there without the face's weight or slant prints the text,
 * and the layout says the emphasis is lost (layout_text.c). */
static int make_chain(gpd_layout *L, int face)
{
	L->nchain[face] = 0;
	chain_add(L, face, face);
	if (face != SLOT_REG && chain_add_style(L, face, face))
		return L->err;
	for (size_t i = 0; face == SLOT_BI && i < 2; i++) {
		chain_add(L, face, bold_italic_falls_to[i]);
		if (chain_add_style(L, face, bold_italic_falls_to[i]))
			return L->err;
	}
	if (L->slots[SLOT_FB].path)
		chain_add(L, face, SLOT_FB);
	return chain_add_style(L, face, SLOT_REG);
}

int gpd__style_lost(gpd_layout *L, int slot0, int slot)
{
	static const int wants[NFACE] = { [SLOT_BOLD] = GPD__BOLD,
		[SLOT_IT] = GPD__ITALIC, [SLOT_BI] = GPD__BOLD | GPD__ITALIC };
	int face = gpd__face_of(L, slot0);

	if (slot == slot0 || !wants[face] || !gpd__slot_ok(L, slot))
		return 0;
	return wants[face] & ~L->slots[slot].style;
}

/* Loads the faces (a missing monospace face is the regular one) and sets
 * up the chains; the fallback fonts open when first asked about. */
int gpd__fonts_load(gpd_layout *L)
{
	const char *paths[NFIXED] = { L->st.font_regular, L->st.font_bold,
		L->st.font_italic, L->st.font_bold_italic,
		L->st.font_mono ? L->st.font_mono : L->st.font_regular,
		L->st.font_fallback };
	int i;

	for (i = 0; i < NFIXED; i++) {
		if (!paths[i] && i == SLOT_FB) {
			L->nslots++;
			continue;
		}
		if (!paths[i])
			return gpd__fail(L, GPD_LAYOUT_EINVAL, "font %d not set", i);
		if (add_slot(L, paths[i], strlen(paths[i]), 0) != i)
			return L->err;
		if (!gpd__slot_open(L, i))
			return gpd__fail(L, L->err ? L->err : GPD_LAYOUT_EPDF,
				"cannot load font %s", paths[i]);
	}
	for (i = 0; i < NFACE; i++)
		if (make_chain(L, i))
			return L->err;
	L->cur_slot = -1;
	return GPD_LAYOUT_OK;
}

void gpd__fonts_free(gpd_layout *L)
{
	for (int i = 0; i < L->nslots; i++) {
		fontslot *f = &L->slots[i];

		hb_font_destroy(f->font);
		hb_face_destroy(f->face);
		hb_blob_destroy(f->blob);
		free(f->adv);
		free(f->gidc);
		free(f->used);
		free(f->uni);
		free(f->gw);
		free(f->ink);
		free(f->path);
	}
	cache_free(L->shapes);
	L->shapes = NULL;
	L->nslots = 0;
}

unsigned gpd__gid_lookup(gpd_layout *L, int slot, uint32_t cp)
{
	hb_codepoint_t g = 0;
	fontslot *f;

	if (!gpd__slot_ok(L, slot))
		return 0;
	/* gpd__gid answers from what is remembered; HarfBuzz (a chain of
	 * calls) is asked once for each BMP letter, and its answer kept */
	f = &L->slots[slot];
	if (!hb_font_get_nominal_glyph(f->font, cp, &g))
		g = 0;
	if (cp < 65536 && g < GID_UNKNOWN)
		f->gidc[cp] = (uint16_t)g;
	return g;
}

static int per_mille(const fontslot *f, long v)
{
	double x = (double)v * 1000.0 / f->upem;

	return (int)(x < 0 ? x - 0.5 : x + 0.5);
}

int gpd__adv(gpd_layout *L, int slot, uint32_t cp)
{
	fontslot *f;
	unsigned g;
	int a;

	if (!gpd__slot_ok(L, slot))
		return ADV_MISSING;
	f = &L->slots[slot];
	if (cp < 65536 && f->adv[cp] != ADV_UNKNOWN)
		return f->adv[cp];
	g = gpd__gid(L, slot, cp);
	a = g || cp == 0 ? per_mille(f, hb_font_get_glyph_h_advance(f->font, g)) : ADV_MISSING;
	if (a < 0)
		a = ADV_MISSING;
	if (a > INT16_MAX)
		a = INT16_MAX;
	if (cp < 65536)
		f->adv[cp] = (int16_t)a;
	return a;
}

long gpd__glyph_w_lookup(gpd_layout *L, int slot, unsigned gid)
{
	fontslot *f = &L->slots[slot];
	double x;

	if (!gpd__slot_ok(L, slot))
		return 0;
	/* every glyph drawn asks: remembered, as HarfBuzz's look-up is a
	 * chain of calls */
	if (gid < f->nglyphs && f->gw[gid] >= 0)
		return f->gw[gid];
	x = (double)hb_font_get_glyph_h_advance(f->font, gid) * 1e6 / f->upem;
	x = x < 0 ? x - 0.5 : x + 0.5;
	if (gid < f->nglyphs && x >= 0 && x < (double)INT32_MAX)
		f->gw[gid] = (int32_t)x;
	return (long)x;
}

int gpd__glyph_ink(gpd_layout *L, int slot, unsigned gid, int *top, int *bottom)
{
	fontslot *f = &L->slots[slot];
	hb_glyph_extents_t e;

	*top = *bottom = 0;
	if (!gpd__slot_ok(L, slot) || gid >= f->nglyphs)
		return 0;
	if (!f->ink) {
		if (!(f->ink = malloc(f->nglyphs * sizeof *f->ink)))
			return 0;
		for (unsigned i = 0; i < f->nglyphs; i++)
			f->ink[i][0] = INK_UNKNOWN;
	}
	if (f->ink[gid][0] == INK_UNKNOWN) {
		if (!hb_font_get_glyph_extents(f->font, gid, &e))
			e.y_bearing = e.height = 0;
		f->ink[gid][0] = (int16_t)(e.y_bearing > INT16_MAX ? INT16_MAX
			: e.y_bearing <= INK_UNKNOWN ? INK_UNKNOWN + 1 : e.y_bearing);
		e.y_bearing += e.height;
		f->ink[gid][1] = (int16_t)(e.y_bearing > INT16_MAX ? INT16_MAX
			: e.y_bearing < INT16_MIN ? INT16_MIN : e.y_bearing);
	}
	*top = f->ink[gid][0];
	*bottom = f->ink[gid][1];
	return *top != 0 || *bottom != 0;
}

int gpd__chain_pick(gpd_layout *L, int face, uint32_t cp)
{
	if (face < 0 || face >= NFACE)
		face = SLOT_REG;
	for (int i = 0; i < L->nchain[face]; i++)
		if (gpd__gid(L, L->chain[face][i], cp))
			return L->chain[face][i];
	return -1;
}

int gpd__face_of(const gpd_layout *L, int slot)
{
	(void)L;
	return slot < NFACE ? slot : SLOT_REG;
}

/* ---- shaping ---------------------------------------------------------------- */

/* HarfBuzz gives a right-to-left run's glyphs in visual order: the
 * clusters are turned round (each one's glyphs kept in drawing order), so
 * everything above works in logical order. */
static void to_logical(glyph *g, size_t n)
{
	size_t i = 0, j;

	for (i = 0; i < n / 2; i++) {
		glyph t = g[i];
		g[i] = g[n - 1 - i];
		g[n - 1 - i] = t;
	}
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && g[j].off == g[i].off; j++)
			;
		for (size_t a = i, b = j - 1; a < b; a++, b--) {
			glyph t = g[a];
			g[a] = g[b];
			g[b] = t;
		}
	}
}

static int16_t clamp16(hb_position_t v)
{
	return (int16_t)(v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX : v);
}

/* The end of the piece of s[0..n) that starts at a and is shaped at once:
 * n, or where a run of combining marks (non-starters) would pass
 * GPD_MAX_MARK_RUN. */
static size_t piece_end(const char *s, size_t n, size_t a)
{
	hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
	size_t run = 0, i = a, len;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		uint32_t cp;

		if (b < 0x80 || (b >= 0xC2 && b < 0xCC)) { /* below U+0300: no mark */
			run = 0;
			i += b < 0x80 ? 1 : 2;
			continue;
		}
		cp = gpd__utf8_next((const unsigned char *)s + i, n - i, &len);
		if (cp == 0xFFFFFFFFu || hb_unicode_combining_class(u, cp) == 0)
			run = 0;
		else if (++run > GPD_MAX_MARK_RUN)
			return i;
		i += len;
	}
	return n;
}

/* Whether glyph g of slot, where the shaper put it, reaches past the
 * smallest line box (L->tall_up, L->tall_down): asked once per word shaped
 * (the cache keeps the answer), so that only text with such a glyph has
 * its lines' ink measured, glyph by glyph (layout_text.c). */
static int is_tall(gpd_layout *L, int slot, const glyph *g)
{
	float upem = (float)L->slots[slot].upem;
	int top, bottom;

	if (!gpd__glyph_ink(L, slot, g->gid, &top, &bottom))
		return 0;
	return (float)(g->dy + top) > L->tall_up * upem
	    || (float)(g->dy + bottom) < -L->tall_down * upem;
}

/* Shapes s[a..b) with the rest of s as context: the glyphs' clusters are
 * offsets in s. At most cap glyphs into out; their count, or -1. */
static long shape_piece(gpd_layout *L, struct gpd_shape_cache *c, int slot, int rtl,
	const char *s, size_t n, size_t a, size_t b, glyph *out, size_t cap)
{
	unsigned count, i;
	hb_glyph_info_t *info;
	hb_glyph_position_t *pos;

	hb_buffer_clear_contents(c->buf);
	hb_buffer_add_utf8(c->buf, s, (int)n, (unsigned)a, (int)(b - a));
	hb_buffer_set_direction(c->buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_buffer_guess_segment_properties(c->buf);
	hb_shape(L->slots[slot].font, c->buf, NULL, 0);
	info = hb_buffer_get_glyph_infos(c->buf, &count);
	pos = hb_buffer_get_glyph_positions(c->buf, &count);
	if (count > cap)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "shaping gave too many glyphs"), -1;
	for (i = 0; i < count; i++) {
		out[i] = (glyph){ info[i].cluster, (uint16_t)info[i].codepoint, (uint8_t)slot,
			(uint8_t)((rtl ? GLYPH_RTL : 0) | (hb_glyph_info_get_glyph_flags(&info[i])
			& HB_GLYPH_FLAG_UNSAFE_TO_BREAK ? GLYPH_UNSAFE : 0)),
			clamp16(pos[i].x_advance), clamp16(pos[i].x_offset), clamp16(pos[i].y_offset), 0 };
		if (is_tall(L, slot, &out[i]))
			out[i].flags |= GLYPH_TALL;
	}
	if (rtl)
		to_logical(out, count);
	return (long)count;
}

/* s[0..n) shaped into out (cap glyphs), in logical order, in pieces where
 * piece_end cuts it; the glyphs' count, or -1. */
/* Says a run of marks was cut (once per block), and notes it for the
 * cache's entry: a block that finds the word there says it too. */
static void marks_cut(gpd_layout *L, struct gpd_shape_cache *c)
{
	c->cut = 1;
	if (!L->warned_marks++)
		gpd__warn(L, GPD_LAYOUT_W_MARK_RUN, GPD_LIMIT_TEXT(GPD_MAX_MARK_RUN));
}

static long shape_into(gpd_layout *L, struct gpd_shape_cache *c, int slot, int rtl,
	const char *s, size_t n, glyph *out, size_t cap)
{
	size_t a = 0, b, count = 0, i;

	do {
		long k;

		b = piece_end(s, n, a);
		if (b < n)
			marks_cut(L, c);
		if ((k = shape_piece(L, c, slot, rtl, s, n, a, b, out + count, cap - count)) < 0)
			return -1;
		count += (size_t)k;
		a = b;
	} while (a < n);
	/* a cluster runs to the next one (logical order: increasing) */
	for (i = 0; i < count; i++) {
		size_t j = i;
		while (j < count && out[j].off == out[i].off)
			j++;
		uint32_t len = (j < count ? out[j].off : (uint32_t)n) - out[i].off;
		for (size_t k = i; k < j; k++)
			out[k].clen = (uint16_t)(len < 65535 ? len : 65535);
		i = j - 1;
	}
	return (long)count;
}

long gpd__shape(gpd_layout *L, int slot, int rtl, const char *s, size_t n,
	const glyph **out)
{
	struct gpd_shape_cache *c = cache_of(L);
	uint64_t h;
	size_t j;
	long ng;
	sent *e;

	if (!c || !gpd__slot_ok(L, slot))
		return L->err ? -1 : 0;
	if (n > GPD__SHAPE_KEPT) { /* not a word worth keeping */
		if (gpd__grow(L, &c->tmp, &c->ctmp, 2 * n + 4, sizeof *c->tmp))
			return -1;
		hb_buffer_pre_allocate(c->buf, (unsigned)n);
		ng = shape_into(L, c, slot, rtl, s, n, c->tmp, 2 * n + 4);
		*out = c->tmp;
		return ng;
	}
	/* one pass: the slot seeds it (every word is looked up twice) */
	h = gpd_hash(GPD_HASH_INIT + (uint64_t)slot, s, n) ^ (uint64_t)(rtl != 0);
	for (j = c->cap ? h & (c->cap - 1) : 0; c->cap && c->tab[j].used; j = (j + 1) & (c->cap - 1)) {
		e = &c->tab[j];
		if (e->hash == h && e->klen == n && e->slot == slot && e->rtl == (rtl != 0)
		    && memcmp(c->keys + e->key, s, n) == 0) {
			if (e->used == 2)
				marks_cut(L, c);
			*out = c->gl + e->g;
			return e->ng;
		}
	}
	if (c->klen + c->ngl * sizeof(glyph) > GPD_SHAPE_CACHE_BYTES)
		cache_clear(c); /* start again rather than grow without end */
	if ((c->count + 1) * 2 > c->cap && cache_grow(L, c))
		return -1;
	/* a cluster is at least one byte: at most n glyphs, plus what a
	 * decomposing script inserts (a Bengali vowel sign: two) */
	if (gpd__grow(L, &c->gl, &c->cgl, c->ngl + 4 * n + 4, sizeof *c->gl)
	    || gpd__grow(L, &c->keys, &c->kcap, c->klen + n, 1))
		return -1;
	c->cut = 0;
	if ((ng = shape_into(L, c, slot, rtl, s, n, c->gl + c->ngl, 4 * n + 4)) < 0)
		return -1;
	memcpy(c->keys + c->klen, s, n);
	for (j = h & (c->cap - 1); c->tab[j].used; j = (j + 1) & (c->cap - 1))
		;
	c->tab[j] = (sent){ h, c->klen, (uint32_t)n, (uint32_t)c->ngl, (uint32_t)ng,
		(uint8_t)slot, (uint8_t)(rtl != 0), (uint8_t)(c->cut ? 2 : 1) };
	c->count++;
	c->klen += n;
	*out = c->gl + c->ngl;
	c->ngl += (size_t)ng;
	return ng;
}

/* ---- glyphs shown --------------------------------------------------------- */

int gpd__glyph_use(gpd_layout *L, int slot, unsigned gid, const char *text, size_t n)
{
	fontslot *f = &L->slots[slot];
	size_t off;

	if (!gpd__slot_ok(L, slot) || gid >= f->nglyphs)
		return 0;
	f->used[gid >> 3] |= (uint8_t)(1u << (gid & 7));
	f->any_used = 1;
	if (f->uni[gid]) {
		const char *t = L->strs + f->uni[gid] - 1;

		if (n == 1) /* most glyphs: one letter, no call */
			return t[0] == text[0] && t[1] == '\0';
		return strncmp(t, text, n) == 0 && t[n] == '\0'; /* no strlen: every glyph drawn asks */
	}
	if (n == 0 || (off = gpd__intern(L, text, n)) == SIZE_MAX)
		return 0;
	f->uni[gid] = off + 1;
	return 1;
}

const char *gpd__glyph_text(const gpd_layout *L, int slot, unsigned gid)
{
	const fontslot *f = &L->slots[slot];

	return f->uni && gid < f->nglyphs && f->uni[gid] ? L->strs + f->uni[gid] - 1 : NULL;
}

/* ---- scripts ------------------------------------------------------------------ */

/* The scripts a record may bring, the Debian package with a font for
 * each and that font's file, the serif design where Noto has one (the
 * text is DejaVu Serif): the missing-script warning names the file when
 * it is installed, else the package. */
static const struct {
	hb_script_t script;
	const char *name, *package, *font;
} scripts[] = {
	{HB_SCRIPT_ARABIC, "Arabic", "fonts-noto-core", "NotoNaskhArabic-Regular.ttf"},
	{HB_SCRIPT_ARMENIAN, "Armenian", "fonts-noto-core", "NotoSerifArmenian-Regular.ttf"},
	{HB_SCRIPT_BENGALI, "Bengali", "fonts-noto-core", "NotoSerifBengali-Regular.ttf"},
	{HB_SCRIPT_BOPOMOFO, "Bopomofo", "fonts-noto-cjk", "NotoSerifCJK-Regular.ttc#2"},
	{HB_SCRIPT_CYRILLIC, "Cyrillic", "fonts-dejavu-core", "DejaVuSans.ttf"},
	{HB_SCRIPT_DEVANAGARI, "Devanagari", "fonts-noto-core", "NotoSerifDevanagari-Regular.ttf"},
	{HB_SCRIPT_ETHIOPIC, "Ethiopic", "fonts-noto-core", "NotoSerifEthiopic-Regular.ttf"},
	{HB_SCRIPT_GEORGIAN, "Georgian", "fonts-noto-core", "NotoSerifGeorgian-Regular.ttf"},
	{HB_SCRIPT_GREEK, "Greek", "fonts-dejavu-core", "DejaVuSans.ttf"},
	{HB_SCRIPT_GUJARATI, "Gujarati", "fonts-noto-core", "NotoSerifGujarati-Regular.ttf"},
	{HB_SCRIPT_GURMUKHI, "Gurmukhi", "fonts-noto-core", "NotoSerifGurmukhi-Regular.ttf"},
	{HB_SCRIPT_HAN, "Han (Chinese, Japanese kanji)", "fonts-noto-cjk", "NotoSerifCJK-Regular.ttc#2"},
	{HB_SCRIPT_HANGUL, "Hangul (Korean)", "fonts-noto-cjk", "NotoSerifCJK-Regular.ttc#2"},
	{HB_SCRIPT_HEBREW, "Hebrew", "fonts-noto-core", "NotoSerifHebrew-Regular.ttf"},
	{HB_SCRIPT_HIRAGANA, "Hiragana", "fonts-noto-cjk", "NotoSerifCJK-Regular.ttc#2"},
	{HB_SCRIPT_KANNADA, "Kannada", "fonts-noto-core", "NotoSerifKannada-Regular.ttf"},
	{HB_SCRIPT_KATAKANA, "Katakana", "fonts-noto-cjk", "NotoSerifCJK-Regular.ttc#2"},
	{HB_SCRIPT_KHMER, "Khmer", "fonts-noto-core", "NotoSerifKhmer-Regular.ttf"},
	{HB_SCRIPT_LAO, "Lao", "fonts-noto-core", "NotoSerifLao-Regular.ttf"},
	{HB_SCRIPT_MALAYALAM, "Malayalam", "fonts-noto-core", "NotoSerifMalayalam-Regular.ttf"},
	{HB_SCRIPT_MYANMAR, "Myanmar", "fonts-noto-core", "NotoSerifMyanmar-Regular.ttf"},
	{HB_SCRIPT_ORIYA, "Oriya", "fonts-noto-core", "NotoSansOriya-Regular.ttf"},
	{HB_SCRIPT_SINHALA, "Sinhala", "fonts-noto-core", "NotoSerifSinhala-Regular.ttf"},
	{HB_SCRIPT_SYRIAC, "Syriac", "fonts-noto-core", "NotoSansSyriac-Regular.ttf"},
	{HB_SCRIPT_TAMIL, "Tamil", "fonts-noto-core", "NotoSerifTamil-Regular.ttf"},
	{HB_SCRIPT_TELUGU, "Telugu", "fonts-noto-core", "NotoSerifTelugu-Regular.ttf"},
	{HB_SCRIPT_THAANA, "Thaana", "fonts-noto-core", "NotoSansThaana-Regular.ttf"},
	{HB_SCRIPT_THAI, "Thai", "fonts-noto-core", "NotoSerifThai-Regular.ttf"},
	{HB_SCRIPT_TIBETAN, "Tibetan", "fonts-noto-core", "NotoSerifTibetan-Regular.ttf"},
};

_Static_assert(sizeof scripts / sizeof *scripts <= 64, "a script is a bit of a uint64_t");

int gpd__script_of(uint32_t cp, const char **name, const char **package,
	const char **font)
{
	hb_script_t s = hb_unicode_script(hb_unicode_funcs_get_default(), cp);

	for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++)
		if (scripts[i].script == s) {
			*name = scripts[i].name;
			*package = scripts[i].package;
			*font = scripts[i].font;
			return (int)i;
		}
	return -1;
}
