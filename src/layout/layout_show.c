/* layout_show.c: shows a line's text as libharu's HPDF_Page_TextOut does, without its per-character detours. */
#include <string.h>

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>

#include "layout/layout_hpdf.h"
#include "layout/layout_show.h"
#include "layout/layout_text.h"

/*
 * HPDF_Page_TextOut with a UTF-8 font was half of the layout's time: for
 * each line libharu decodes the text twice (once to measure it, though the
 * layout knows the width already; once to encode it, one malloc'd
 * two-byte copy per character), looks every glyph up through its encoder's
 * parse state, and writes the hex through a 512-byte buffer it clears
 * first. What reaches the page is simple: "x y Td", then the text's UTF-16
 * code units in uppercase hex between angle brackets, then " Tj". The one
 * lasting side effect is that measuring marks each glyph as used (and the
 * parts of a composite glyph the first time), which decides what the
 * embedded subset holds.
 *
 * Here libharu still writes the "Td" (TextOut with empty text moves and
 * stops) and keeps its text state; this file writes the text operator and
 * marks the glyphs itself. Anything outside the plain case (a font that is
 * not one of the layout's UTF-8 TrueType slots, a character beyond the
 * Basic Multilingual Plane, text too long for one libharu string) goes
 * through HPDF_Page_TextOut as before. The page bytes are the same either
 * way; tests/bench/same-bytes and the golden PDFs check it.
 */

#if GPD_HPDF_PATCHES

/* The slot whose font libharu will show the text in, or -1. */
static int slot_of(const gpd_layout *L, HPDF_Font font)
{
	for (int i = 0; i < NSLOT; i++)
		if (L->slots[i].font == font && font)
			return i;
	return -1;
}

static const char HEX[] = "0123456789ABCDEF";

/* "<hex> Tj\n" into L->scratch, marking each glyph used as libharu's
 * measuring does; the length, or 0 to fall back. */
static size_t encode(gpd_layout *L, HPDF_FontDef def, const char *s, size_t n)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, step;
	char *out;

	/* each byte gives at most one code unit, four hex digits */
	if (gpd__grow(L, &L->scratch, &L->scratch_cap, 4 * n + 8, 1))
		return 0;
	out = L->scratch;
	out[o++] = '<';
	while (i < n) {
		uint32_t cp = gpd__utf8_next(u + i, n - i, &step);
		HPDF_UINT16 gid;

		if (cp == 0 || cp > 0xFFFF || step == 0 ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0; /* libharu's encoder has its own ideas here */
		/* a glyph met for the first time: libharu's measuring marks it
		 * and, for a composite, its parts; let it do that once */
		gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp);
		if (gid < a->num_glyphs && !a->glyph_tbl.flgs[gid])
			HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp);
		out[o++] = HEX[cp >> 12];
		out[o++] = HEX[(cp >> 8) & 15];
		out[o++] = HEX[(cp >> 4) & 15];
		out[o++] = HEX[cp & 15];
		i += step;
	}
	memcpy(out + o, "> Tj\012", 5);
	return o + 5;
}

#endif

/* libharu's way, for anything unusual: it wants NUL-terminated text. */
static int text_out_libharu(gpd_layout *L, HPDF_Page pg, float x, float y,
	const char *s, size_t n)
{
	if (gpd__grow(L, &L->scratch, &L->scratch_cap, n + 1, 1))
		return L->err;
	memcpy(L->scratch, s, n);
	L->scratch[n] = '\0';
	HPDF_Page_TextOut(pg, x, y, L->scratch);
	return L->err;
}

#if GPD_HPDF_PATCHES

int gpd__text_out(gpd_layout *L, HPDF_Page pg, float x, float y, const char *s,
	size_t n)
{
	HPDF_PageAttr pa = pg ? (HPDF_PageAttr)pg->attr : NULL;
	HPDF_Font font = pa && pa->gstate ? pa->gstate->font : NULL;
	int slot = slot_of(L, font);
	HPDF_FontAttr fa = font ? (HPDF_FontAttr)font->attr : NULL;
	size_t len;

	if (n == 0 || slot < 0 || !fa || fa->type != HPDF_FONT_TYPE0_TT ||
	    fa->fontdef != L->slots[slot].def || n >= 16384 ||
	    L->slots[slot].def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return text_out_libharu(L, pg, x, y, s, n);
	/* encoded first: a fallback must not find a Td written already */
	if ((len = encode(L, L->slots[slot].def, s, n)) == 0)
		return L->err ? L->err : text_out_libharu(L, pg, x, y, s, n);
	if (HPDF_Page_TextOut(pg, x, y, "") != HPDF_OK || L->err)
		return L->err;
	/* text_pos (where libharu would say the text ends) is read only by
	 * calls the layout never makes, so it stays at the line's start */
	if (HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)L->scratch, (HPDF_UINT)len)
	    != HPDF_OK)
		HPDF_CheckError(pg->error);
	return L->err;
}

#else /* libharu's HPDF_Page_TextOut, always */

int gpd__text_out(gpd_layout *L, HPDF_Page pg, float x, float y, const char *s,
	size_t n)
{
	return text_out_libharu(L, pg, x, y, s, n);
}

#endif
