/* layout_font.h: font faces through HarfBuzz: coverage, metrics, shaping (cached), the glyphs shown (layout_font.c; not installed). */
#ifndef GPDIGEST_LAYOUT_FONT_H
#define GPDIGEST_LAYOUT_FONT_H

#include <stdint.h>

#include "layout/layout_priv.h"

/* The faces' slots and every face's fallback chain (fonts are opened
 * when first asked about). */
int gpd__fonts_load(gpd_layout *L);
void gpd__fonts_free(gpd_layout *L);
/* Opens the slot's font at its first use; 1 when usable (its file opened
 * and holds TrueType outlines). */
int gpd__slot_open(gpd_layout *L, int slot);
/* The slot is usable: inline, as every letter and glyph drawn asks. */
static inline int gpd__slot_ok(gpd_layout *L, int slot)
{
	return slot >= 0 && slot < L->nslots
	    && (L->slots[slot].state > 0 || gpd__slot_open(L, slot));
}
/* The glyph of cp in slot, 0 when the font has none: HarfBuzz's answer,
 * remembered for the BMP (gpd__gid). */
unsigned gpd__gid_lookup(gpd_layout *L, int slot, uint32_t cp);
/* The same, inline when remembered: every letter of every word asks
 * which font has it. */
static inline unsigned gpd__gid(gpd_layout *L, int slot, uint32_t cp)
{
	if (cp < 65536 && gpd__slot_ok(L, slot) && L->slots[slot].gidc[cp] != GID_UNKNOWN)
		return L->slots[slot].gidc[cp];
	return gpd__gid_lookup(L, slot, cp);
}
/* Nominal advance of cp in 1/1000 em, or ADV_MISSING. */
int gpd__adv(gpd_layout *L, int slot, uint32_t cp);
/* A glyph's advance in 1/1,000,000 em, rounded: its width in the PDF's
 * /W, written in 1/1000 em with three decimals. Whole thousandths would be
 * off the shaper's advance by up to half a unit a glyph, and the text
 * would need a TJ correction every few glyphs (a sixth of the page bytes). */
long gpd__glyph_w_lookup(gpd_layout *L, int slot, unsigned gid);
/* The same, inline when remembered: every glyph drawn asks. */
static inline long gpd__glyph_w(gpd_layout *L, int slot, unsigned gid)
{
	const fontslot *f = slot >= 0 && slot < L->nslots ? &L->slots[slot] : NULL;

	if (f && f->state > 0 && gid < f->nglyphs && f->gw[gid] >= 0)
		return f->gw[gid];
	return gpd__glyph_w_lookup(L, slot, gid);
}
/* How far the outline of glyph gid of slot reaches above its baseline
 * (*top) and below it (*bottom, negative below), in font units: HarfBuzz's
 * extents, remembered (a letter's marks in every line of Indic text ask).
 * 0 when the glyph has none (both 0). */
int gpd__glyph_ink(gpd_layout *L, int slot, unsigned gid, int *top, int *bottom);
/* The first slot of face's chain (from start, the face's own slot, on)
 * with a glyph for cp, or -1. */
int gpd__chain_pick(gpd_layout *L, int face, uint32_t cp);
/* The face a slot was asked for (its chain). */
int gpd__face_of(const gpd_layout *L, int slot);
/* What of its face's emphasis (GPD__BOLD, GPD__ITALIC) text of slot0's
 * face loses when set in slot, a font of the chain without the face's
 * weight or slant; 0 when nothing is lost (slot is slot0, the face is
 * regular or monospace, the font has the style). */
int gpd__style_lost(gpd_layout *L, int slot0, int slot);

/* n bytes of UTF-8 (one word: no spaces) shaped in slot, right to left
 * when rtl: *out gets the glyphs (valid until the next call), clusters in
 * logical order (a cluster's glyphs in the order they are drawn), offsets
 * from the text's start; returns their count, or -1 (L->err set). Words of
 * up to GPD__SHAPE_KEPT bytes are kept (a cache), longer ones shaped anew
 * at every call. */
#define GPD__SHAPE_KEPT 256
long gpd__shape(gpd_layout *L, int slot, int rtl, const char *s, size_t n,
	const glyph **out);

/* A glyph of slot is shown for text (n bytes of UTF-8): it goes into the
 * subset, and gets text as its ToUnicode unless it has one already.
 * Returns 1 when the glyph's ToUnicode is text (nothing else needed for
 * extraction), 0 when it says something else. */
int gpd__glyph_use(gpd_layout *L, int slot, unsigned gid, const char *text, size_t n);
/* The text a used glyph extracts as, or NULL. */
const char *gpd__glyph_text(const gpd_layout *L, int slot, unsigned gid);

/* The script of cp as an index (< 64) with its English name ("Bengali"),
 * the Debian package with a font for it and that font's file
 * ("NotoSerifBengali-Regular.ttf"), for the missing-script warning; -1
 * for characters of no script of their own (punctuation, symbols, marks)
 * or one not in the table. */
int gpd__script_of(uint32_t cp, const char **name, const char **package,
	const char **font);

#endif
