/* layout_text.c: text clean-up, fallback fonts per character, shaping and bidi levels of a block, and greedy line breaking on shaped clusters. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <hb.h>

#include "gpdigest/buf.h"
#include "gpdigest/fontref.h"
#include "gpdigest/lang.h"
#include "gpdigest/utf8.h"
#include "layout/layout_font.h"
#include "layout/layout_lb.h"
#include "layout/layout_tag.h"
#include "layout/layout_text.h"

/* ---- UTF-8 ---------------------------------------------------------- */

static size_t utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) { o[0] = (char)c; return 1; }
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Returns a malloc'd copy of s with bad UTF-8 replaced by U+FFFD and
 * control characters by spaces, cut at a character boundary after at most
 * max bytes. A line or paragraph separator (U+2028, U+2029) is a space
 * too: what this cleans is one line (a running head, an outline entry's
 * title, the document's information), which a text block would break. */
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
	while (i < n) {
		char enc[4];
		size_t el;
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		if (c == 0xFFFFFFFFu)
			c = 0xFFFD;
		if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029)
			c = ' ';
		if (o + (el = utf8_put(enc, c)) > max)
			break;
		memcpy(out + o, enc, el);
		o += el;
		i += a;
	}
	out[o] = '\0';
	return out;
}

/* ---- metrics ------------------------------------------------------------ */

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
	const glyph *g;
	long n = gpd__shape(L, slot, 0, s, strlen(s), &g), i;
	long w = 0;

	for (i = 0; i < n; i++)
		w += g[i].adv;
	return n > 0 ? (float)w * size / (float)L->slots[slot].upem : 0;
}

/* ---- blocks: preparing text ------------------------------------------ */

void gpd__block_reset(block *b)
{
	b->alen = b->nsegs = b->nfrags = b->nlines = b->nword = b->ngl = b->niso = b->nrepl = 0;
	b->glo = b->ghi = 0;
	b->rtl = b->base_rtl = b->long_word = b->tall = 0;
	b->lb_want = b->lb_on = 0;
	b->nzw = 0;
	b->width = 0;
	b->run_lang = 0;
	b->ascii = -1;
}

size_t gpd__block_bytes(const block *b)
{
	return b->acap + b->csegs * sizeof *b->segs + b->cfrags * sizeof *b->frags
		+ b->clines * sizeof *b->lines + b->cword * sizeof *b->word
		+ b->ccut * sizeof *b->cut + b->cgl * sizeof *b->gl + b->clvl
		+ b->ciso * sizeof *b->iso + b->crepl * sizeof *b->repl + b->clbf
		+ b->czw * sizeof *b->zw;
}

void gpd__block_free(block *b)
{
	free(b->gl);
	free(b->lvl);
	free(b->arena);
	free(b->segs);
	free(b->frags);
	free(b->lines);
	free(b->word);
	free(b->cut);
	free(b->iso);
	free(b->repl);
	free(b->lbf);
	free(b->zw);
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

/* Forgets what the block before reported missing or without its
 * emphasis: each block says it again (a caller that wants it once per
 * record keeps its own, as render_pdf.c does). */
static void warned_reset(gpd_layout *L)
{
	for (size_t i = 0; i < L->nwarned; i++)
		L->warned[L->warned_cp[i] >> 3] &= (uint8_t)~(1u << (L->warned_cp[i] & 7));
	L->nwarned = 0;
	L->warned_script = 0;
	L->warned_cut = 0;
	L->warned_utf8 = 0;
	L->warned_marks = 0;
	memset(L->warned_style, 0, sizeof L->warned_style);
}

/* Whether the font reference (a file name, "#N" allowed) is a usable
 * font of the style's: one of its slots' paths ends in "/" and it. */
static int style_has(gpd_layout *L, const char *font)
{
	size_t n = strlen(font);

	for (int i = 0; i < L->nslots; i++) {
		const char *p = L->slots[i].path;
		size_t m = p ? strlen(p) : 0;
		if (m > n && p[m - n - 1] == '/' && strcmp(p + m - n, font) == 0
		    && gpd__slot_ok(L, i))
			return 1;
	}
	return 0;
}

/* A character no font of the chain has: a letter of a script no font of
 * the style covers is reported by its script, naming the font to add to
 * the style when one is installed, else the package with one; anything
 * else, and a letter the script's font lacks though the style has it
 * (Han beyond the common ideographs: "add the font" would be no help),
 * by its code point. Each once per block (the renderer keeps one per
 * record). */
static void warn_missing(gpd_layout *L, uint32_t cp)
{
	char arg[256];
	const char *script, *pkg, *font;
	int k = gpd__script_of(cp, &script, &pkg, &font);

	if (k >= 0 && !style_has(L, font)) {
		if (!(L->warned_script & ((uint64_t)1 << k))) {
			L->warned_script |= (uint64_t)1 << k;
			if (gpd_font_installed(font))
				snprintf(arg, sizeof arg, "%s script (%s is installed: add it to "
					"<fallback regular> in templates/style.xml)", script, font);
			else
				snprintf(arg, sizeof arg, "%s script (none is installed: the package "
					"%s has a font for it)", script, pkg);
			gpd__warn(L, GPD_LAYOUT_W_MISSING_SCRIPT, arg);
		}
		return;
	}
	if (!L->warned) {
		L->warned = calloc(0x110000 / 8, 1);
		if (!L->warned)
			return;
	}
	if ((L->warned[cp >> 3] & (1u << (cp & 7)))
	    || gpd__grow(L, &L->warned_cp, &L->cwarned, L->nwarned + 1, sizeof *L->warned_cp))
		return;
	L->warned[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	L->warned_cp[L->nwarned++] = cp;
	snprintf(arg, sizeof arg, "U+%04X", (unsigned)cp);
	gpd__warn(L, GPD_LAYOUT_W_MISSING_GLYPH, arg);
}

/* Characters that belong with the one before them: marks, joiners,
 * variation selectors, emoji modifiers and tags. They stay in its font
 * when it has them (the shaper places a mark on its base only there). */
static int combines(uint32_t c)
{
	if (c < 0x300) /* before the first combining mark (most text, asked per letter) */
		return 0;
	if (c == 0x200C || c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F)
	    || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x1F3FB && c <= 0x1F3FF)
	    || (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3 || c == 0x200E
	    || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
	    || c == 0x061C)
		return 2; /* invisible: no glyph needed */
	switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), c)) {
	case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
	case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
	case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
		return 1;
	default:
		return 0;
	}
}

/* Chooses the slot that prints cp: the font of the character before it
 * for a mark that font has, else the first of the face's chain with a
 * glyph; replaces cp (and warns) when none has one. prev: the slot of the
 * character before, -1 when none. */
static int pick_slot(gpd_layout *L, int slot, int prev, uint32_t *cp)
{
	int k, face = gpd__face_of(L, slot), s;

	if (prev >= 0 && (k = combines(*cp)) != 0
	    && (k == 2 || gpd__gid(L, prev, *cp)))
		return prev;
	if (gpd__gid(L, slot, *cp))
		return slot;
	if ((s = gpd__chain_pick(L, face, *cp)) >= 0)
		return s;
	if (combines(*cp) == 2)
		return slot; /* the shaper hides it */
	warn_missing(L, *cp);
	*cp = 0xFFFD;
	if ((s = gpd__chain_pick(L, face, *cp)) >= 0)
		return s;
	*cp = '?';
	return slot;
}

/* Notes that the character about to go into the arena is a replacement
 * mark for cp (pick_slot found no glyph for it). */
static int note_replaced(gpd_layout *L, block *b, uint32_t cp)
{
	if (gpd__grow(L, &b->repl, &b->crepl, b->nrepl + 1, sizeof *b->repl))
		return L->err;
	b->repl[b->nrepl++] = (replaced){ (uint32_t)b->alen, cp };
	return GPD_LAYOUT_OK;
}

const replaced *gpd__block_replaced(const block *b, size_t off, size_t n, size_t *k)
{
	size_t lo = 0, hi = b->nrepl, e;

	*k = 0;
	if (b->nrepl == 0) /* b->repl may be NULL: NULL + 0 is undefined in C */
		return NULL;

	while (lo < hi) { /* the first at or after off */
		size_t mid = lo + (hi - lo) / 2;
		if (b->repl[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < b->nrepl && b->repl[e].off < off + n; e++)
		;
	*k = e - lo;
	return b->repl + lo;
}

void gpd__block_text(const block *b, size_t off, size_t n, gpd_buf *out)
{
	size_t k, done = off, a;
	const replaced *r = gpd__block_replaced(b, off, n, &k);

	for (size_t i = 0; i < k; i++) {
		char enc[4];

		gpd_buf_append(out, b->arena + done, r[i].off - done);
		gpd__utf8_next((const unsigned char *)b->arena + r[i].off,
			b->alen - r[i].off, &a);
		gpd_buf_append(out, enc, utf8_put(enc, r[i].cp));
		done = r[i].off + a;
	}
	gpd_buf_append(out, b->arena + done, off + n - done);
}

/* Starts a new seg unless the last one has the same slot, target and
 * language (the run's: b->run_lang). */
static int seg_for(gpd_layout *L, block *b, int slot, int lk, size_t loff,
	int fresh)
{
	seg *s = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;

	if (s && !fresh && !s->pageref && !s->nobreak && s->slot == slot
	    && s->link_kind == lk && s->link_off == loff && s->lang == b->run_lang
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
	s->lang = b->run_lang;
	return GPD_LAYOUT_OK;
}

/* Classifies a codepoint: 0 print, 1 white space, 2 drop, 3 a bidi
 * control (the isolates LRI, RLI, FSI, PDI; the embeddings and overrides
 * LRE, RLE, PDF, LRO, RLO; the marks LRM, RLM, ALM: for the bidi pass
 * alone), 4 a line's end (U+2028 LINE SEPARATOR, U+2029 PARAGRAPH
 * SEPARATOR: UAX #14's class BK, a break the writer put there). */
static int cp_class(uint32_t c)
{
	if (c == ' ' || (c < 0x20) || c == 0x7F || (c >= 0x80 && c < 0xA0))
		return 1;
	if (c == 0x2028 || c == 0x2029)
		return 4;
	if (c == 0xAD || c == 0x200B || c == 0xFEFF)
		return 2;
	if ((c >= 0x2066 && c <= 0x2069) || (c >= 0x202A && c <= 0x202E)
	    || c == 0x200E || c == 0x200F || c == 0x061C)
		return 3;
	return 0;
}

/* A bidi control where the text has come to: for the bidi pass only.
 * Shaped, it would be an invisible glyph whose text (U+2068, U+202E...) a
 * reader copies and pdftotext splits words and lines at. White space
 * around it collapses as if it were not there. */
static int iso_put(gpd_layout *L, block *b, uint32_t cp)
{
	if (gpd__grow(L, &b->iso, &b->ciso, b->niso + 1, sizeof *b->iso))
		return L->err;
	b->iso[b->niso++] = (isomark){ b->alen, cp };
	return GPD_LAYOUT_OK;
}

/* The slot of the character just put in the arena, -1 when something
 * else (a link target, a placeholder) or nothing came before. */
static int prev_slot(const block *b)
{
	const seg *s = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;

	return s && !s->pageref && s->len && s->off + s->len == b->alen ? s->slot : -1;
}

/* Whether slot has every letter of n bytes of text (what the shaper
 * hides or the seg drops needs none). */
static int covers(gpd_layout *L, int slot, const unsigned char *u, size_t n)
{
	size_t i = 0, a;

	while (i < n) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		i += a;
		if (c != 0xFFFFFFFFu && cp_class(c) == 0 && combines(c) != 2
		    && !gpd__gid(L, slot, c))
			return 0;
	}
	return 1;
}

/* The font a word is set in when one font has all of it: the face's,
 * else the one the face's last such word took (a sentence stays in one
 * font), else the first of the chain; -1: each character its own. A
 * word split between fonts would lose its joins (Arabic) and conjuncts
 * (Bengali). The last word's font is not kept when the chain has one
 * that shows more of the face's weight and slant: after italic Arabic
 * in a regular font (no oblique one has Arabic), italic Hebrew goes to
 * an oblique font that has it. */
static int word_slot(gpd_layout *L, int slot0, const unsigned char *u, size_t n)
{
	int face = gpd__face_of(L, slot0), s = L->sticky[face], first = -1, lost;

	if (covers(L, slot0, u, n))
		return slot0;
	lost = s > 0 ? gpd__style_lost(L, slot0, s) : 0;
	if (s > 0 && lost == 0 && covers(L, s, u, n))
		return s;
	for (int i = 0; i < L->nchain[face] && first < 0; i++)
		if (L->chain[face][i] != slot0 && covers(L, L->chain[face][i], u, n))
			first = L->chain[face][i];
	if (first < 0)
		return -1;
	if (s > 0 && s != first && (lost & ~gpd__style_lost(L, slot0, first)) == 0
	    && covers(L, s, u, n))
		return s;
	return L->sticky[face] = first;
}

/* Bytes up to the end of the word starting at u (white space, a no-break
 * space or the end). */
static size_t word_len(const unsigned char *u, size_t n)
{
	size_t i = 0, a;

	while (i < n) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		if (c == 0xA0 || (c != 0xFFFFFFFFu && (cp_class(c) == 1 || cp_class(c) == 4)))
			break;
		i += a;
	}
	return i;
}

/* Bytes of a word that go into the arena as they are: valid UTF-8 with
 * nothing to drop (the rest of the word, from the first that is not). */
static size_t clean_len(const unsigned char *u, size_t n)
{
	size_t i = 0, a;

	while (i < n) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		if (c == 0xFFFFFFFFu || cp_class(c) != 0)
			break;
		i += a;
	}
	return i;
}

/* Text of slot0's face set in slot, a font without the face's weight or
 * slant (no font of the face's own covers its script): reported by script
 * and what is lost, once per block (the renderer keeps one per record). */
static void warn_style(gpd_layout *L, int slot0, int slot, const unsigned char *u, size_t n)
{
	static const char *const what[] = { "", "bold", "italic", "bold italic" };
	int lost = gpd__style_lost(L, slot0, slot);
	size_t i = 0, a;

	while (lost && i < n) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a);
		const char *script, *pkg, *font;
		int k = c == 0xFFFFFFFFu ? -1 : gpd__script_of(c, &script, &pkg, &font);
		char arg[96];

		i += a;
		if (k < 0 || (L->warned_style[lost - 1] & ((uint64_t)1 << k)))
			continue;
		L->warned_style[lost - 1] |= (uint64_t)1 << k;
		snprintf(arg, sizeof arg, "%s script in %s", script, what[lost]);
		gpd__warn(L, GPD_LAYOUT_W_LOST_EMPHASIS, arg);
	}
}

/* Whether n bytes of UTF-8 hold a character gpd__lb_wanted (a zero
 * width space among them): the quick scan that leaves Latin, Greek,
 * Cyrillic, Arabic, Hebrew and Indic text to the breaker's spaces. Their
 * letters are below U+0E00: a lead byte under 0xE0 (U+0800) or, Indic,
 * one gpd__lb_wanted turns away at once; ASCII goes eight bytes at a
 * time. */
static int wants_lb(const unsigned char *u, size_t n)
{
	size_t i = 0, a;
	uint64_t w;

	while (i < n) {
		if (i + 8 <= n) { /* eight ASCII letters at once: most text */
			memcpy(&w, u + i, 8);
			if (!(w & 0x8080808080808080u)) {
				i += 8;
				continue;
			}
		}
		if (u[i] >= 0xE0 && gpd__lb_wanted(gpd__utf8_next(u + i, n - i, &a)))
			return 1;
		i++;
	}
	return 0;
}

/* A hard line break: a '\n' in a seg of its own, which the breaker obeys
 * and the shaper skips; white space after it collapses. */
static int put_break(gpd_layout *L, block *b, int slot, int lk, size_t loff, int *sp)
{
	*sp = 1;
	if (seg_for(L, b, slot, lk, loff, 1) || arena_put(L, b, "\n", 1))
		return L->err;
	b->segs[b->nsegs - 1].len = 1;
	return GPD_LAYOUT_OK;
}

/* Appends one run's text: spaces collapsed, each word in a font that has
 * all of it, else each codepoint in one that has its glyph. *sp tracks
 * "last thing was a space" across runs. */
static int prep_text(gpd_layout *L, block *b, const char *text, size_t n,
	int slot0, int lk, size_t loff, int *sp)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t i = 0, a, el, wend = 0;
	int wslot = -1;
	char enc[4];

	if (!b->lb_want)
		b->lb_want = wants_lb(u, n);
	while (i < n) {
		uint32_t c, was;
		int slot, cls;
		if (i >= wend) { /* a word starts: its font */
			wend = i + word_len(u + i, n - i);
			wslot = wend > i ? word_slot(L, slot0, u + i, wend - i) : -1;
		}
		/* a word one font has: its clean letters at once, as the loop
		 * below would put them one by one (the same seg, the same bytes) */
		if (wslot >= 0 && i < wend && (el = clean_len(u + i, wend - i)) > 0) {
			if (seg_for(L, b, wslot, lk, loff, 0) || arena_put(L, b, text + i, el))
				return L->err;
			if (wslot != slot0)
				warn_style(L, slot0, wslot, u + i, el);
			b->segs[b->nsegs - 1].len += el;
			*sp = 0;
			i += el;
			continue;
		}
		c = gpd__utf8_next(u + i, n - i, &a);
		i += a;
		if (c == 0xFFFFFFFFu) {
			if (!L->warned_utf8++)
				gpd__warn(L, GPD_LAYOUT_W_BAD_UTF8, NULL);
			c = 0xFFFD;
		}
		if (c == 0xA0) { /* a space no line breaks at, printed as one */
			uint32_t space = ' ';
			*sp = 0;
			if (seg_for(L, b, pick_slot(L, slot0, -1, &space), lk, loff, 1)
			    || arena_put(L, b, " ", 1))
				return L->err;
			b->segs[b->nsegs - 1].nobreak = 1;
			b->segs[b->nsegs - 1].len = 1;
			continue;
		}
		cls = cp_class(c);
		if (cls == 3) {
			if (iso_put(L, b, c))
				return L->err;
			continue;
		}
		if (cls == 4) { /* a line separator; a paragraph's, a blank line too */
			if (put_break(L, b, slot0, lk, loff, sp)
			    || (c == 0x2029 && put_break(L, b, slot0, lk, loff, sp)))
				return L->err;
			continue;
		}
		if (c == 0x200B) { /* dropped, but a line may break there */
			if (gpd__grow(L, &b->zw, &b->czw, b->nzw + 1, sizeof *b->zw))
				return L->err;
			b->zw[b->nzw++] = b->alen;
			continue;
		}
		if (cls == 2 || (cls == 1 && *sp))
			continue;
		if (cls == 1)
			c = ' ';
		*sp = cls == 1;
		was = c;
		slot = cls == 0 && wslot >= 0 && i <= wend ? wslot
			: pick_slot(L, slot0, cls == 1 ? -1 : prev_slot(b), &c);
		el = utf8_put(enc, c);
		if (seg_for(L, b, slot, lk, loff, 0) || (c != was && note_replaced(L, b, was))
		    || arena_put(L, b, enc, el))
			return L->err;
		if (slot != slot0)
			warn_style(L, slot0, slot, (const unsigned char *)enc, el);
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
	if (r->lang && !gpd_lang_ok(r->lang))
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "not a language tag: %s", r->lang);
	/* its segs are in its language: their text a Span's or their Link's */
	b->run_lang = r->lang ? gpd__lang_id(L, r->lang) : 0;
	if (L->err)
		return L->err;
	if (target) {
		/* keep the target in the arena: pending headings outlive runs */
		loff = b->alen;
		if (arena_put(L, b, target, strlen(target) + 1))
			return L->err;
	}
	if (r->pageref_anchor)
		return prep_pageref(L, b, r, slot, loff, sp);
	if (r->hard_break) /* the line ends here */
		return put_break(L, b, slot, lk, loff, sp);
	if (!r->text)
		return GPD_LAYOUT_OK;
	if (n == GPD_RUN_STRLEN)
		n = strlen(r->text);
	return prep_text(L, b, r->text, n, slot, lk, loff, sp);
}

/* The first glyph at or after arena offset off (b->ngl: none). */
static size_t lo_glyph(const block *b, size_t off)
{
	size_t lo = 0, hi = b->ngl;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->gl[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t gpd__glyph_at(const block *b, size_t off)
{
	size_t g = lo_glyph(b, off);

	return g < b->ngl && b->gl[g].off == off ? g : SIZE_MAX;
}

/* ---- blocks: bidi levels and shaping ---------------------------------- */

/* Whether anything in the block can be right to left: a letter, or a
 * bidi control opening right-to-left text (RLI, RLE, RLO) or
 * marking it (RLM, ALM). */
static int any_rtl(const block *b)
{
	size_t s, off, a, k;

	for (s = 0; s < b->nsegs; s++)
		for (off = b->segs[s].off; !b->segs[s].pageref && off < b->segs[s].off
		    + b->segs[s].len; off += a)
			if (gpd_utf8_maybe_rtl(gpd__utf8_next((const unsigned char *)b->arena
			    + off, b->alen - off, &a)))
				return 1;
	for (k = 0; k < b->niso; k++)
		if (gpd_utf8_maybe_rtl(b->iso[k].cp))
			return 1;
	return 0;
}

/* The characters the bidi pass reads into cp, their arena offsets into at:
 * the text's, and its bidi controls where they stood (at UINT32_MAX:
 * in no byte). Returns their count. */
static size_t bidi_chars(const block *b, FriBidiChar *cp, uint32_t *at)
{
	size_t s, off, a, n = 0, k = 0;

	for (s = 0; s < b->nsegs; s++)
		for (off = b->segs[s].off; !b->segs[s].pageref && off < b->segs[s].off
		    + b->segs[s].len; off += a, n++) {
			for (; k < b->niso && b->iso[k].off <= off; k++, n++) {
				cp[n] = b->iso[k].cp;
				at[n] = UINT32_MAX;
			}
			cp[n] = gpd__utf8_next((const unsigned char *)b->arena + off,
				b->alen - off, &a);
			at[n] = (uint32_t)off;
		}
	for (; k < b->niso; k++, n++) {
		cp[n] = b->iso[k].cp;
		at[n] = UINT32_MAX;
	}
	return n;
}

/* The embedding level of every character (UBA, FriBidi: the paragraph's
 * direction from its first strong character, P2 and P3, text inside an
 * isolate skipped) into b->lvl, by arena byte; left alone (b->rtl 0,
 * every level 0) when nothing in the block can be right to left. */
static int bidi_levels(gpd_layout *L, block *b)
{
	FriBidiChar *cp = NULL;
	FriBidiCharType *ty = NULL;
	FriBidiBracketType *br = NULL;
	FriBidiLevel *lv = NULL;
	uint32_t *at = NULL;
	FriBidiParType base = FRIBIDI_PAR_ON;
	size_t off, n, k, j, m = b->alen + b->niso + 1;

	if (!any_rtl(b))
		return GPD_LAYOUT_OK;
	cp = malloc(m * sizeof *cp);
	ty = malloc(m * sizeof *ty);
	br = malloc(m * sizeof *br);
	lv = malloc(m * sizeof *lv);
	at = malloc(m * sizeof *at);
	if (!cp || !ty || !br || !lv || !at
	    || gpd__grow(L, &b->lvl, &b->clvl, b->alen + 1, 1))
		goto done;
	n = bidi_chars(b, cp, at);
	fribidi_get_bidi_types(cp, (FriBidiStrIndex)n, ty);
	fribidi_get_bracket_types(cp, (FriBidiStrIndex)n, ty, br);
	if (!fribidi_get_par_embedding_levels_ex(ty, br, (FriBidiStrIndex)n, &base, lv)) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "bidi: out of memory");
		goto done;
	}
	memset(b->lvl, 0, b->alen + 1);
	for (k = 0; k < n; k = j) { /* a character's level: its bytes' up to the next one */
		for (j = k + 1; j < n && at[j] == UINT32_MAX; j++)
			;
		if (at[k] == UINT32_MAX)
			continue;
		for (off = at[k]; off < (j < n ? at[j] : b->alen); off++)
			b->lvl[off] = (uint8_t)lv[k];
	}
	b->rtl = 1;
	b->base_rtl = FRIBIDI_IS_RTL(base) ? 1 : 0;
done:
	if (!L->err && (!cp || !ty || !br || !lv || !at))
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	free(cp);
	free(ty);
	free(br);
	free(lv);
	free(at);
	return L->err;
}

static int level_at(const block *b, size_t off)
{
	return b->rtl ? b->lvl[off] : 0;
}

/* Shapes one piece of a seg (a word, or the part of one in a direction)
 * into b->gl. */
static int shape_piece(gpd_layout *L, block *b, int slot, size_t off, size_t end)
{
	const glyph *g;
	long n = gpd__shape(L, slot, level_at(b, off) & 1, b->arena + off, end - off, &g);

	if (n < 0 || gpd__grow(L, &b->gl, &b->cgl, b->ngl + (size_t)n + 1, sizeof *b->gl))
		return L->err;
	for (long i = 0; i < n; i++) {
		glyph *o = &b->gl[b->ngl + (size_t)i];
		*o = g[i];
		o->off += (uint32_t)off;
		b->tall |= o->flags & GLYPH_TALL;
	}
	b->ngl += (size_t)n;
	b->long_word |= end - off > GPD__SHAPE_KEPT;
	return GPD_LAYOUT_OK;
}

/* The pieces text is shaped in, each through the shaped-word cache: each
 * space on its own, each word (or the part of one in one direction) as a
 * whole; a newline is not shaped. The piece that starts at off, in a seg
 * ending at end, ends at the result. */
static size_t piece_end(const block *b, size_t off, size_t end)
{
	size_t e = off + 1;

	if (b->arena[off] == ' ' || b->arena[off] == '\n')
		return e;
	while (e < end && b->arena[e] != ' ' && b->arena[e] != '\n'
	       && (level_at(b, e) & 1) == (level_at(b, off) & 1))
		e++;
	return e;
}

/* Where the piece holding byte p of a seg starting at start begins. */
static size_t piece_start(const block *b, size_t start, size_t p)
{
	if (b->arena[p] == ' ' || b->arena[p] == '\n')
		return p;
	while (p > start && b->arena[p - 1] != ' ' && b->arena[p - 1] != '\n'
	       && (level_at(b, p - 1) & 1) == (level_at(b, p) & 1))
		p--;
	return p;
}

/* Appends to b->gl the glyphs of every piece holding a byte of [lo, hi]. */
static int shape_span(gpd_layout *L, block *b, size_t lo, size_t hi)
{
	size_t s = 0, n = b->nsegs, off, e;

	while (s < n) { /* the first seg starting after lo (segs go up the arena) */
		size_t mid = s + (n - s) / 2;
		if (b->segs[mid].off <= lo)
			s = mid + 1;
		else
			n = mid;
	}
	for (s = s ? s - 1 : 0; s < b->nsegs && b->segs[s].off <= hi; s++) {
		const seg *g = &b->segs[s];
		size_t end = g->off + g->len;
		if (g->pageref || end <= lo)
			continue;
		for (off = piece_start(b, g->off, lo > g->off ? lo : g->off);
		     off < end && off <= hi; off = e) {
			e = piece_end(b, off, end);
			if (b->arena[off] != '\n' && shape_piece(L, b, g->slot, off, e))
				return L->err;
		}
	}
	return GPD_LAYOUT_OK;
}

/* Shapes the block's text, all of it (line breaking measures it). */
static int shape_block(gpd_layout *L, block *b)
{
	b->ngl = 0;
	b->glo = b->ghi = 0;
	/* a glyph a byte is room for nearly any text: asked for at once, not
	 * doubled into (a 7 MB field would need three times that while the
	 * array moved, and keep up to twice) */
	if (b->cgl < b->alen + 1) {
		glyph *q = realloc(b->gl, (b->alen + 1) * sizeof *q);

		if (q == NULL)
			return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		b->gl = q;
		b->cgl = b->alen + 1;
	}
	if (bidi_levels(L, b) || shape_span(L, b, 0, b->alen))
		return L->err;
	b->ghi = SIZE_MAX;
	return GPD_LAYOUT_OK;
}

void gpd__block_release(const gpd_layout *L, block *b)
{
	/* shaping it again line by line would cost too much (a long word),
	 * or more than keeping them (a short paragraph, most of them) */
	if (b->long_word || b->alen <= L->keep_glyphs)
		return;
	free(b->gl);
	b->gl = NULL;
	b->ngl = b->cgl = 0;
	b->glo = b->ghi = 0;
}

int gpd__line_glyphs(gpd_layout *L, block *b, size_t li)
{
	const line *ln = &b->lines[li];
	size_t lo = SIZE_MAX, hi = 0; /* hi: the byte after the last frag too, */
	                              /* the space shown after it */
	for (size_t i = ln->first; i < ln->first + ln->n; i++) {
		const frag *f = &b->frags[i];
		lo = f->off < lo ? f->off : lo;
		hi = f->off + f->len > hi ? f->off + f->len : hi;
	}
	if (lo > hi || (b->glo <= lo && hi < b->ghi))
		return L->err;
	b->ngl = 0;
	b->glo = b->ghi = 0;
	if (shape_span(L, b, lo, hi))
		return L->err;
	b->glo = lo;
	b->ghi = hi + 1;
	return GPD_LAYOUT_OK;
}

static int all_ascii(const unsigned char *u, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, u + i, 8);
		if (w & 0x8080808080808080u)
			return 0;
	}
	for (; i < n; i++)
		if (u[i] & 0x80)
			return 0;
	return 1;
}

/* Whether line li (its glyphs made: gpd__line_glyphs) has a cluster whose
 * text goes in /ActualText (layout_show.c): one of several glyphs (a
 * vowel sign drawn before its consonant, a base and its marks), a
 * replacement mark, or a glyph that stood for other text when first
 * shown (a precomposed letter for decomposed text). Such a line's pieces
 * are marked inside its text object, where the cluster can be a sequence
 * of its own (gpd__mc_cluster_begin). Two texts of one glyph met first on
 * the same line are found only as it is drawn. */
int gpd__line_actual(const gpd_layout *L, block *b, size_t li)
{
	const line *ln = &b->lines[li];
	size_t lo = SIZE_MAX, hi = 0, g, k;

	for (size_t i = ln->first; i < ln->first + ln->n; i++) {
		const frag *f = &b->frags[i];
		lo = f->off < lo ? f->off : lo;
		hi = f->off + f->len > hi ? f->off + f->len : hi;
	}
	if (lo >= hi)
		return 0;
	if (b->nrepl && gpd__block_replaced(b, lo, hi - lo, &k) && k)
		return 1;
	/* ASCII text, most of it, is one glyph a letter (or a ligature for
	 * its letters), each its own: the block is looked at once, eight
	 * bytes at a time, not each line glyph by glyph */
	if (b->ascii < 0)
		b->ascii = all_ascii((const unsigned char *)b->arena, b->alen);
	if (b->ascii)
		return 0;
	for (g = lo_glyph(b, lo); g < b->ngl && b->gl[g].off < hi; g++) {
		const glyph *x = &b->gl[g];
		const char *was;

		if (g + 1 < b->ngl && b->gl[g + 1].off == x->off)
			return 1;
		if (x->clen == 1 && (unsigned char)b->arena[x->off] < 0x80)
			continue; /* most glyphs: one ASCII letter, its own */
		was = gpd__glyph_text(L, x->slot, x->gid);
		if (was && (strncmp(was, b->arena + x->off, x->clen) != 0 || was[x->clen] != '\0'))
			return 1;
	}
	return 0;
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
	warned_reset(L);
	if (n && !runs)
		return gpd__fail(L, GPD_LAYOUT_EINVAL, "runs is NULL");
	for (i = 0; i < n; i++)
		if (prep_run(L, b, &runs[i], promote, &sp))
			return L->err;
	if (shape_block(L, b))
		return L->err;
	return b->lb_want ? gpd__lb_find(L, b) : GPD_LAYOUT_OK;
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
	warned_reset(L);
	while (i < n && !L->err) {
		uint32_t c = gpd__utf8_next(u + i, n - i, &a), was;
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
		if (cp_class(c) == 4) /* a line separator ends the line, as '\n' does */
			c = '\n';
		if (c != '\n' && cp_class(c) == 2)
			continue;
		if (c != '\n' && cp_class(c) == 1)
			c = ' ';
		col = c == '\n' ? 0 : col + 1;
		was = c;
		slot = c == '\n' ? SLOT_MONO : pick_slot(L, SLOT_MONO,
			c == ' ' ? -1 : prev_slot(b), &c);
		el = utf8_put(enc, c);
		if (seg_for(L, b, slot, LINK_NONE, 0, 0) || (c != was && note_replaced(L, b, was))
		    || arena_put(L, b, enc, el))
			return L->err;
		b->segs[b->nsegs - 1].len += el;
	}
	return L->err ? L->err : shape_block(L, b);
}

/* ---- blocks: greedy line breaking ------------------------------------- */

typedef struct brk {
	gpd_layout *L;
	block *b;
	float maxw, line_w, word_w, space_w;
	size_t line_first;
	size_t gi;         /* the glyph char_w found last: the next is near */
} brk;

#define FIT_EPS 0.001f

/* Whether the break flag f (layout_lb.h) is on the character at off. */
static inline int lb_at(const block *b, size_t off, int f)
{
	return b->lb_on && (b->lbf[off] & f);
}

/* Two segs that print in the same font with the same link. */
static int same_print(const block *b, size_t s, size_t t)
{
	const seg *x = &b->segs[s], *y = &b->segs[t];

	return s == t ? !x->pageref : !x->pageref && !y->pageref
		&& x->slot == y->slot && x->link_kind == y->link_kind
		&& x->link_off == y->link_off && x->lang == y->lang;
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

/* Ink hi above the baseline and lo below it (font units of slot; none
 * when slot is -1), in points at the block's size, into *up and *down
 * when more. */
static void ink_pt(gpd_layout *L, const block *b, int slot, int hi, int lo,
	float *up, float *down)
{
	float k;

	if (slot < 0 || (hi <= 0 && lo >= 0))
		return;
	k = b->size / (float)L->slots[slot].upem;
	if ((float)hi * k > *up)
		*up = (float)hi * k;
	if (-(float)lo * k > *down)
		*down = -(float)lo * k;
}

/* The ink of the glyphs of frag f, into *up and *down (points from the
 * baseline, the most of each): where the font drew each glyph (its
 * extents, hb_font_get_glyph_extents) and where the shaper moved it. One
 * rule for what reaches past a line's box, however it got there: marks
 * stacked on marks, and a single glyph drawn taller or deeper than the
 * font's letters (a Tibetan stack, Myanmar's medials, a Thai consonant
 * with a vowel and a tone above it, a Vietnamese capital with two marks). */
static void frag_ink(gpd_layout *L, const block *b, const frag *f, float *up, float *down)
{
	size_t g = b->segs[f->seg].pageref ? SIZE_MAX : gpd__glyph_at(b, f->off);
	const glyph *y = b->gl + (g == SIZE_MAX ? b->ngl : g), *end = b->gl + b->ngl;
	size_t stop = f->off + f->len;
	const fontslot *fs = NULL;
	int slot = -1, hi = 0, lo = 0, top, bottom;

	/* the most of each slot's run in its font units, then in points:
	 * every glyph of every line comes here, most of them remembered in
	 * their slot's ink table */
	for (; y < end && y->off < stop; y++) {
		if (y->slot != slot) {
			ink_pt(L, b, slot, hi, lo, up, down);
			slot = y->slot;
			fs = slot < L->nslots ? &L->slots[slot] : NULL;
			hi = lo = 0;
		}
		if (fs && fs->ink && y->gid < fs->nglyphs && fs->ink[y->gid][0] != INK_UNKNOWN) {
			top = fs->ink[y->gid][0];
			bottom = fs->ink[y->gid][1];
		} else if (!gpd__glyph_ink(L, slot, y->gid, &top, &bottom)) {
			continue;
		}
		top += y->dy;
		bottom += y->dy;
		hi = top > hi ? top : hi;
		lo = bottom < lo ? bottom : lo;
	}
	ink_pt(L, b, slot, hi, lo, up, down);
}

static int finish_line(brk *k)
{
	block *b = k->b;
	line *ln;

	if (gpd__grow(k->L, &b->lines, &b->clines, b->nlines + 1,
	    sizeof *b->lines))
		return k->L->err;
	ln = &b->lines[b->nlines++];
	*ln = (line){ k->line_first, b->nfrags - k->line_first, k->line_w, 0, 0, 0 };
	for (size_t i = ln->first; b->tall && i < ln->first + ln->n; i++)
		frag_ink(k->L, b, &b->frags[i], &ln->ink_up, &ln->ink_down);
	k->line_first = b->nfrags;
	k->line_w = 0;
	return GPD_LAYOUT_OK;
}

/* Width of the cluster at arena offset off in seg s, as shaped
 * (placeholders are one unit); *len receives its byte length. No line
 * breaks inside a cluster. */
static float char_w(brk *k, size_t s, size_t off, size_t *len)
{
	block *b = k->b;
	seg *g = &b->segs[s];
	long units = 0;
	size_t i;

	if (g->pageref) {
		*len = 0;
		return g->fixed_w;
	}
	/* the text is walked forwards: the glyph after the last one found
	 * is usually this one (else a binary search) */
	i = k->gi;
	while (i < b->ngl && b->gl[i].off < off && i < k->gi + 4)
		i++;
	if (i >= b->ngl || b->gl[i].off != off)
		i = gpd__glyph_at(b, off);
	else if (i > 0 && b->gl[i - 1].off == off)
		i = gpd__glyph_at(b, off); /* the cluster's first glyph */
	if (i != SIZE_MAX)
		k->gi = i;
	if (i == SIZE_MAX) { /* a line break */
		gpd__utf8_next((unsigned char *)b->arena + off, g->off + g->len - off, len);
		return 0;
	}
	*len = b->gl[i].clen;
	for (; i < b->ngl && b->gl[i].off == off; i++)
		units += b->gl[i].adv;
	return (float)units * b->size / (float)k->L->slots[g->slot].upem;
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

/* Whether HarfBuzz marked the glyphs of the cluster at arena offset off
 * unsafe to break before: shaped apart, they would not be the same. */
static int unsafe_at(const block *b, size_t off)
{
	for (size_t g = gpd__glyph_at(b, off); g < b->ngl && b->gl[g].off == off; g++)
		if (b->gl[g].flags & GLYPH_UNSAFE)
			return 1;
	return 0;
}

/* Where a word wider than the line is cut, the fitting clusters of it
 * being [i0, i) (i past i0): before the last that gpd__lb_cut_ok takes,
 * else (none does) after all of them. */
static size_t cut_at(const block *b, size_t i0, size_t i)
{
	for (size_t j = i; j > i0; j--)
		if (gpd__lb_cut_ok(b, &b->cut[j - 1], &b->cut[j], unsafe_at(b, b->cut[j].off)))
			return j;
	return i;
}

/* A word wider than the line: cut after the last '/', '.', '?', '&', '='
 * or '-' that fits, so a URL breaks where a reader expects, with nothing
 * added; else between clusters, where gpd__lb_cut_ok lets it (a syllable
 * kept whole, kinsoku). */
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
		end = i >= b->ncut ? i : ok != SIZE_MAX ? ok + 1 : cut_at(b, i0, i);
		if (end < b->ncut && end > i0 && lb_at(b, b->cut[end].off, LB_NODICT)
		    && lb_at(b, b->cut[end - 1].off, LB_NODICT))
			gpd__lb_cut_warn(k->L, b, b->cut[end].off);
		for (j = i0, x = 0; j < end; x += b->cut[j].w, j++)
			if (push_frag(k, b->cut[j].seg, b->cut[j].off, b->cut[j].len, x,
			    b->cut[j].w))
				return k->L->err;
		k->line_w = x;
		i0 = end;
		if (i0 < b->ncut && finish_line(k))
			return k->L->err;
	}
	/* the characters are in the lines now: a block is held (layout_flow.c)
	 * until its page is decided, and a long word's 32 bytes a character
	 * with it were 8 MB of each of the last blocks held */
	free(b->cut);
	b->cut = NULL;
	b->ncut = b->ccut = 0;
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
	const uint8_t *lb = k->b->lb_on ? k->b->lbf : NULL; /* NULL: spaces only */

	if (g->pageref)
		return word_add(k, s, g->off, 0, g->fixed_w);
	for (off = g->off; off < g->off + g->len; off += len) {
		float w;
		char c = k->b->arena[off];
		if (c == '\n') { /* a hard line break */
			len = 1;
			k->space_w = 0;
			if (end_word(k) || finish_line(k))
				return k->L->err;
			continue;
		}
		w = char_w(k, s, off, &len);
		if (c != ' ' || g->nobreak || (lb && (lb[off] & LB_KEEP))) {
			/* a break with no space (Chinese, Thai): the word so far ends */
			if (lb && (lb[off] & LB_BREAK) && c != ' ' && k->b->nword) {
				if (end_word(k))
					return k->L->err;
				k->space_w = 0;
			}
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
	brk k = { L, b, 0, 0, 0, 0, 0, 0 };
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
			if (c == '\n' || (c == ' ' && !g->nobreak && !lb_at(b, off, LB_KEEP))) {
				len = 1;
				most = word > most ? word : most;
				word = 0;
				continue;
			}
			if (c != ' ' && lb_at(b, off, LB_BREAK)) {
				most = word > most ? word : most;
				word = 0;
			}
			word += char_w(&k, s, off, &len);
		}
	}
	return word > most ? word : most;
}

/* Sets the first n clusters of b->cut as a line (a continuation of the
 * one above when cont) and keeps the rest in b->cut, from its start. */
static int pre_line(brk *k, size_t n, int cont)
{
	block *b = k->b;
	float x = 0;

	for (size_t j = 0; j < n; x += b->cut[j].w, j++)
		if (push_frag(k, b->cut[j].seg, b->cut[j].off, b->cut[j].len, x, b->cut[j].w))
			return k->L->err;
	k->line_w = x;
	if (finish_line(k))
		return k->L->err;
	b->lines[b->nlines - 1].cont = cont;
	if (n && n < b->ncut)
		memmove(b->cut, b->cut + n, (b->ncut - n) * sizeof *b->cut);
	b->ncut -= n;
	return GPD_LAYOUT_OK;
}

/* The clusters of a preformatted line not yet set, in b->cut, wider than
 * room (width, indent less on a continued line): the fitting ones set as
 * a line, cut where prose cuts a word wider than its line (cut_at: a
 * syllable kept whole, kinsoku), not between any two clusters; until
 * what is left fits. Only one line's clusters are held at a time. */
static int pre_overflow(brk *k, float width, float indent, int *cont)
{
	block *b = k->b;

	for (;;) {
		float room = width - (*cont ? indent : 0), x = 0;
		size_t i;

		for (i = 0; i < b->ncut && (i == 0 || x + b->cut[i].w <= room + FIT_EPS); i++)
			x += b->cut[i].w;
		if (i >= b->ncut)
			return GPD_LAYOUT_OK;
		if (pre_line(k, cut_at(b, 0, i), *cont))
			return k->L->err;
		*cont = 1;
	}
}

/* Preformatted lines: broken only at '\n' and where a line is wider than
 * width (pre_overflow); the rest is marked as a continuation, and set
 * indent narrower (for the mark before it). */
int gpd__block_break_pre(gpd_layout *L, block *b, float width, float indent)
{
	brk k = { L, b, width, 0, 0, 0, 0, 0 };
	size_t s, off, len;
	float x = 0;
	int cont = 0;

	b->nfrags = b->nlines = b->nword = b->ncut = 0;
	for (s = 0; s < b->nsegs; s++)
		for (off = b->segs[s].off; off < b->segs[s].off + b->segs[s].len;
		    off += len) {
			float w;
			if (b->arena[off] == '\n') {
				len = 1;
				if (pre_line(&k, b->ncut, cont))
					return L->err;
				cont = 0;
				x = 0;
				continue;
			}
			w = char_w(&k, s, off, &len);
			if (gpd__grow(L, &b->cut, &b->ccut, b->ncut + 1, sizeof *b->cut))
				return L->err;
			b->cut[b->ncut++] = (frag){ s, off, len, 0, w };
			if ((x += w) > width - (cont ? indent : 0) + FIT_EPS && b->ncut > 1) {
				if (pre_overflow(&k, width, indent, &cont))
					return L->err;
				x = 0;
				for (size_t j = 0; j < b->ncut; j++)
					x += b->cut[j].w;
			}
		}
	if (b->ncut && pre_line(&k, b->ncut, cont))
		return L->err;
	free(b->cut); /* as chop_word: held blocks keep no characters */
	b->cut = NULL;
	b->ncut = b->ccut = 0;
	return GPD_LAYOUT_OK;
}

float gpd__line_start(const block *b, size_t li, float x)
{
	return b->base_rtl ? x + b->width - b->lines[li].w : x;
}

/* Greedy first-fit breaking in one pass over the text: linear time. No
 * line is wider than width except a single glyph wider than the line. */
int gpd__block_break(gpd_layout *L, block *b, float width)
{
	brk k = { L, b, width, 0, 0, 0, 0, 0 };
	size_t s;

	b->nfrags = b->nlines = b->nword = 0;
	b->width = width;
	for (s = 0; s < b->nsegs; s++)
		if (break_seg(&k, s))
			return L->err;
	if (end_word(&k))
		return L->err;
	if (b->nfrags > k.line_first)
		return finish_line(&k);
	return GPD_LAYOUT_OK;
}
