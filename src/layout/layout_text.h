/* layout_text.h: UTF-8, blocks of text shaped (fallback fonts, bidi levels) and broken into lines (layout_text.c; not installed). */
#ifndef GPDIGEST_LAYOUT_TEXT_H
#define GPDIGEST_LAYOUT_TEXT_H

#include <stdint.h>

#include "gpdigest/buf.h"
#include "gpdigest/utf8.h"
#include "layout/layout_font.h"
#include "layout/layout_priv.h"

/* Decodes the codepoint at s (n bytes left) strictly (no overlongs,
 * surrogates or values past U+10FFFF), *adv its length. On a bad sequence
 * returns 0xFFFFFFFF and consumes one byte, so the caller can replace it
 * and resynchronise. Inline: every letter is walked several times; most
 * are ASCII. */
static inline uint32_t gpd__utf8_next(const unsigned char *s, size_t n, size_t *adv)
{
	uint32_t c;
	size_t len;

	if (n > 0 && s[0] < 0x80) {
		*adv = 1;
		return s[0];
	}
	len = gpd_utf8_decode(s, n, &c);
	*adv = len ? len : 1;
	return len ? c : 0xFFFFFFFFu;
}
/* A malloc'd copy of n bytes of s (GPD_RUN_STRLEN: up to the NUL), at
 * most max bytes, bad UTF-8 and controls replaced, a line or paragraph
 * separator a space (one line); NULL on failure. */
char *gpd__clean_utf8(gpd_layout *L, const char *s, size_t n, size_t max);
/* What a block sets every run in, on top of the run's own face. */
enum { GPD__BOLD = 1, GPD__ITALIC = 2 };
int gpd__face_slot(const gpd_layout *L, gpd_face face, int promote);
/* Width in points of a short UTF-8 string in one slot (markers, numbers). */
float gpd__str_width(gpd_layout *L, int slot, float size, const char *s);

/* The first glyph of the cluster at arena offset off of b, SIZE_MAX when
 * no cluster starts there. */
size_t gpd__glyph_at(const block *b, size_t off);
/* The same, trying hint first (where the cluster before, in logical
 * order, ended: the next one of left-to-right text), as each cluster of
 * a line drawn asks. The glyphs' offsets increase, so a glyph at hint
 * with that offset is its cluster's first. */
static inline size_t gpd__glyph_at_hint(const block *b, size_t off, size_t hint)
{
	if (hint < b->ngl && b->gl[hint].off == off)
		return hint;
	return gpd__glyph_at(b, off);
}
/* Whether line li has a cluster whose text goes in /ActualText (of
 * several glyphs, a replacement mark, a glyph that stood for other
 * text); its glyphs made. Notes in b whether its text is ASCII. */
int gpd__line_actual(const gpd_layout *L, block *b, size_t li);

/* The replacement marks of b among the n bytes of its arena from off:
 * *k of them, from the one returned. */
const replaced *gpd__block_replaced(const block *b, size_t off, size_t n, size_t *k);
/* Appends the n bytes of b's arena from off to out as they were written:
 * each replacement mark as the character it stands for. */
void gpd__block_text(const block *b, size_t off, size_t n, gpd_buf *out);

void gpd__block_reset(block *b);
void gpd__block_free(block *b);
/* The bytes b's buffers hold, used or not: what keeping it costs. */
size_t gpd__block_bytes(const block *b);
int gpd__block_prep(gpd_layout *L, block *b, const gpd_run *runs, size_t n,
	float size, int promote);
int gpd__block_break(gpd_layout *L, block *b, float width);
/* Where line li of b starts, set in a measure from x: a right-to-left
 * paragraph (its first strong character R or AL) is set flush right,
 * ragged left, as a left-to-right one is set flush left. */
float gpd__line_start(const block *b, size_t li, float x);
/* A block broken into lines and held (layout_flow.c) lets go of its
 * glyphs, 16 bytes a character; gpd__line_glyphs shapes those of line li
 * again (the same pieces through the same cache: the same glyphs) before
 * it is drawn. A block with a word too long for the cache keeps them, and
 * so does a short one (HELD_KEEPS_GLYPHS). */
void gpd__block_release(const gpd_layout *L, block *b);
int gpd__line_glyphs(gpd_layout *L, block *b, size_t li);
/* Width of the widest word of a prepared block (what no line breaks). */
float gpd__block_widest(gpd_layout *L, block *b);
/* Preformatted text (code): every character kept, tabs expanded, lines
 * ended by '\n'; broken only there and where a line is too wide. */
int gpd__block_prep_pre(gpd_layout *L, block *b, const char *text, size_t n,
	float size);
int gpd__block_break_pre(gpd_layout *L, block *b, float width, float indent);

#endif
