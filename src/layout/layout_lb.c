/* layout_lb.c: where a line may break inside a block's text besides its spaces: Unicode's line breaking algorithm (UAX #14, libunibreak) for scripts written without spaces between words, Thai's words from libthai's dictionary. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <hb.h>
#include <linebreak.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>

#include "gpdigest/utf8.h"
#include "layout/layout_font.h"
#include "layout/layout_lb.h"
#include "layout/layout_text.h"

_Static_assert(sizeof(wchar_t) == sizeof(uint32_t), "libthai's wide characters are UTF-32");

#define NOWHERE UINT32_MAX /* a character the text has in no arena byte */

int gpd__lb_wanted_slow(uint32_t c)
{
	if (c == 0x200B)
		return LB_UAX14; /* a zero width space: a break its writer asked for */
	if (c >= 0x2000 && c < 0x2E80) /* punctuation and symbols of every script */
		return 0;
	if (c >= 0xAC00 && c <= 0xD7A3) /* Hangul syllables: Korean has spaces */
		return 0;
	if (c < 0x0F00 || (c >= 0x1000 && c < 0x10A0) || (c >= 0x1780 && c < 0x1800))
		return c >= 0x0E00 ? LB_DICT : 0; /* Thai and Lao, Myanmar, Khmer */
	if ((c >= 0x3000 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF)
	    || (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F)
	    || (c >= 0xFF00 && c <= 0xFF65))
		return LB_UAX14; /* CJK punctuation, kana, the common ideographs (asked
		                  * first: most of such text); vertical, small and
		                  * full-width forms */
	switch (hb_unicode_script(hb_unicode_funcs_get_default(), c)) {
	case HB_SCRIPT_HAN: case HB_SCRIPT_HIRAGANA: case HB_SCRIPT_KATAKANA:
	case HB_SCRIPT_BOPOMOFO: case HB_SCRIPT_YI:
		return LB_UAX14;
	case HB_SCRIPT_THAI: case HB_SCRIPT_LAO: case HB_SCRIPT_KHMER:
	case HB_SCRIPT_MYANMAR: case HB_SCRIPT_TAI_THAM: case HB_SCRIPT_TAI_LE:
	case HB_SCRIPT_NEW_TAI_LUE: case HB_SCRIPT_TAI_VIET:
		return LB_DICT;
	default:
		return 0;
	}
}

/* The script of a letter UAX #14 leaves to a dictionary (class SA,
 * which libunibreak reads as a letter, AL: no break between two), or
 * HB_SCRIPT_INVALID. */
static hb_script_t sa_script(uint32_t c)
{
	if (c < 0x0E00 || (c >= 0x1AB0 && c < 0xA9E0) || c >= 0xAAE0)
		return HB_SCRIPT_INVALID;
	switch (hb_unicode_script(hb_unicode_funcs_get_default(), c)) {
	case HB_SCRIPT_THAI: return HB_SCRIPT_THAI;
	case HB_SCRIPT_LAO: return HB_SCRIPT_LAO;
	case HB_SCRIPT_KHMER: return HB_SCRIPT_KHMER;
	case HB_SCRIPT_MYANMAR: return HB_SCRIPT_MYANMAR;
	case HB_SCRIPT_TAI_THAM: return HB_SCRIPT_TAI_THAM;
	case HB_SCRIPT_TAI_LE: return HB_SCRIPT_TAI_LE;
	case HB_SCRIPT_NEW_TAI_LUE: return HB_SCRIPT_NEW_TAI_LUE;
	case HB_SCRIPT_TAI_VIET: return HB_SCRIPT_TAI_VIET;
	default: return HB_SCRIPT_INVALID;
	}
}

/* The characters of b's segs in order into cp, their arena offsets into
 * at: a no-break space as U+00A0 (UAX #14's glue), a replacement mark as
 * the character it stands for (a Chinese one no font has still breaks as
 * Chinese), a page number not yet known as a digit in no byte. Returns
 * their count. */
static size_t lb_chars(const block *b, uint32_t *cp, uint32_t *at)
{
	size_t s, off, n = 0, a, r = 0;

	for (s = 0; s < b->nsegs; s++) {
		const seg *g = &b->segs[s];
		if (g->pageref) {
			cp[n] = '0';
			at[n++] = NOWHERE;
			continue;
		}
		for (off = g->off; off < g->off + g->len; off += a, n++) {
			a = gpd_utf8_decode((const unsigned char *)b->arena + off,
				g->off + g->len - off, &cp[n]);
			if (a == 0) { /* cannot be: the arena is clean UTF-8 */
				a = 1;
				cp[n] = 0xFFFD;
			}
			if (g->nobreak && cp[n] == ' ')
				cp[n] = 0xA0;
			while (r < b->nrepl && b->repl[r].off < off)
				r++;
			if (r < b->nrepl && b->repl[r].off == off)
				cp[n] = b->repl[r].cp;
			at[n] = (uint32_t)off;
		}
	}
	return n;
}

/* UAX #14's answers where a character gpd__lb_wanted is on either side:
 * a break between two characters (LB_BREAK), none at a space
 * (LB_KEEP). Elsewhere the breaker keeps to spaces, so Latin text set
 * beside Chinese breaks as it does alone (UAX #14 would also break it
 * after hyphens and slashes). brk[i]: UAX #14 between cp[i] and cp[i+1];
 * want[i]: whether cp[i] is such a character. */
static void uax14_marks(block *b, const uint32_t *cp, const uint32_t *at,
	const char *brk, const uint8_t *want, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		uint32_t a = cp[i], c = cp[i + 1];
		if (at[i + 1] == NOWHERE)
			continue;
		if (c == ' ') {
			if (i + 2 < n && brk[i + 1] != LINEBREAK_ALLOWBREAK
			    && brk[i + 1] != LINEBREAK_MUSTBREAK && (want[i] || want[i + 2]))
				b->lbf[at[i + 1]] |= LB_KEEP;
		} else if (a != ' ' && a != '\n' && brk[i] == LINEBREAK_ALLOWBREAK
		    && (want[i] || want[i + 1])) {
			b->lbf[at[i + 1]] |= LB_BREAK;
		}
	}
}

/* Opens Thai's dictionary at the first Thai text of the layout. */
static ThBrk *thai_dict(gpd_layout *L)
{
	if (L->thbrk_state == 0) {
		L->thbrk = th_brk_new(NULL); /* libthai-data's, where libthai looks */
		L->thbrk_state = L->thbrk ? 1 : -1;
	}
	return L->thbrk;
}

/* The n characters of a Thai run from cp: a break before each word but
 * the first, where libthai's dictionary puts one. */
static int thai_words(gpd_layout *L, block *b, ThBrk *dict, const uint32_t *cp,
	const uint32_t *at, size_t n)
{
	wchar_t *w = malloc((n + 1) * sizeof *w);
	int *pos = malloc(n * sizeof *pos), k;

	if (!w || !pos) {
		free(w);
		free(pos);
		return gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		w[i] = (wchar_t)cp[i];
	w[n] = 0;
	k = th_brk_wc_find_breaks(dict, w, pos, n);
	for (int i = 0; i < k; i++)
		if (pos[i] > 0 && (size_t)pos[i] < n)
			b->lbf[at[pos[i]]] |= LB_BREAK;
	free(w);
	free(pos);
	return GPD_LAYOUT_OK;
}

/* Runs of letters UAX #14 leaves to a dictionary: Thai's words where
 * libthai has its dictionary; every other (Lao, Khmer, Myanmar, the Tai
 * scripts, Thai without the dictionary) marked LB_NODICT: broken only
 * where a line has no other place, between clusters, and said. */
static int sa_marks(gpd_layout *L, block *b, const uint32_t *cp, const uint32_t *at,
	const uint8_t *want, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		hb_script_t s = at[i] == NOWHERE || want[i] != LB_DICT ? HB_SCRIPT_INVALID
			: sa_script(cp[i]);
		ThBrk *dict;
		if (s == HB_SCRIPT_INVALID) {
			i++;
			continue;
		}
		for (j = i + 1; j < n && at[j] != NOWHERE && want[j] == LB_DICT
		     && sa_script(cp[j]) == s; j++)
			;
		if (s == HB_SCRIPT_THAI && (dict = thai_dict(L)) != NULL) {
			if (thai_words(L, b, dict, cp + i, at + i, j - i))
				return L->err;
		} else {
			for (size_t k = i; k < j; k++)
				b->lbf[at[k]] |= LB_NODICT;
		}
		i = j;
	}
	return GPD_LAYOUT_OK;
}

/* libunibreak 1.1 (Debian's) knows the class of a regional indicator
 * (a flag's half) but has no row for it in its table of pairs, and takes
 * U+FFFF (a Markdown entity may give one) for the end of the text: beside
 * another character either failed its assertion (the build aborted) or,
 * built without assertions, read past the table. Each is given to it as
 * a character it breaks alike (UAX #14 LB30a): a flag's first half as an
 * emoji (ID), its second as a combining mark (no break before it),
 * U+FFFF as a replacement mark. */
static void uax14_tame(uint32_t *cp, size_t n)
{
	int second = 0;

	for (size_t i = 0; i < n; i++) {
		if (cp[i] >= 0x1F1E6 && cp[i] <= 0x1F1FF) {
			cp[i] = second ? 0x0300 : 0x1F600;
			second = !second;
			continue;
		}
		second = 0;
		if (cp[i] == 0xFFFF)
			cp[i] = 0xFFFD;
	}
}

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

int gpd__lb_find(gpd_layout *L, block *b)
{
	size_t m = b->alen + b->nsegs + 1, n;
	uint32_t *cp = NULL, *at = NULL;
	char *brk = NULL;
	uint8_t *want = NULL;
	int kinds = 0;

	b->lb_on = 0;
	if (gpd__grow(L, &b->lbf, &b->clbf, b->alen + 1, 1))
		return L->err;
	memset(b->lbf, 0, b->alen + 1);
	cp = malloc(m * sizeof *cp);
	at = malloc(m * sizeof *at);
	brk = malloc(m);
	want = malloc(m);
	if (!cp || !at || !brk || !want) {
		gpd__fail(L, GPD_LAYOUT_ENOMEM, "out of memory");
		goto done;
	}
	n = lb_chars(b, cp, at);
	for (size_t i = 0; i < n; i++)
		kinds |= want[i] = (uint8_t)gpd__lb_wanted(cp[i]);
	/* Thai or Lao alone: UAX #14 sees no break between their letters
	 * (class SA) and adds none to the spaces' elsewhere */
	if (kinds & LB_UAX14) {
		/* libunibreak's index of its table: built once per process
		 * (without it, each character is looked for from the start) */
		pthread_once(&lb_once, init_linebreak);
		uax14_tame(cp, n);
		set_linebreaks_utf32(cp, n, NULL, brk);
		uax14_marks(b, cp, at, brk, want, n);
	}
	if ((kinds & LB_DICT) && sa_marks(L, b, cp, at, want, n))
		goto done;
	for (size_t k = 0; k < b->nzw; k++)
		if (b->zw[k] < b->alen)
			b->lbf[b->zw[k]] |= LB_BREAK;
	b->lb_on = 1;
done:
	free(cp);
	free(at);
	free(brk);
	free(want);
	return L->err;
}

/* UAX #14's class CJ: small kana and the prolonged sound mark, which
 * libunibreak (normal breaking) takes for ideographs but a Japanese line
 * does not start with (strict kinsoku). */
static int small_kana(uint32_t c)
{
	static const uint16_t cj[] = { 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063,
		0x3083, 0x3085, 0x3087, 0x308E, 0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5,
		0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6,
		0x30FC };

	if ((c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF67 && c <= 0xFF70))
		return 1;
	for (size_t i = 0; i < sizeof cj / sizeof *cj; i++)
		if (c == cj[i])
			return 1;
	return 0;
}

/* Whether the glyphs of the cluster at arena offset off change when the
 * text is cut before it, in a script where that matters. */
static int unsafe_before(const block *b, size_t off, uint32_t c)
{
	size_t g = gpd__glyph_at(b, off);

	switch (hb_unicode_script(hb_unicode_funcs_get_default(), c)) {
	case HB_SCRIPT_LATIN: case HB_SCRIPT_GREEK: case HB_SCRIPT_CYRILLIC:
	case HB_SCRIPT_COMMON: case HB_SCRIPT_INHERITED:
		return 0; /* kerning: the same glyphs */
	default:
		break;
	}
	for (; g < b->ngl && b->gl[g].off == off; g++)
		if (b->gl[g].flags & GLYPH_UNSAFE)
			return 1;
	return 0;
}

int gpd__lb_cut_ok(const block *b, const frag *a, const frag *c)
{
	size_t end = a->off + a->len, p = end - 1, n;
	uint32_t last = 0, first = 0;
	hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();

	if (a->len == 0 || c->len == 0)
		return 1; /* a page number not yet known */
	while (p > a->off && ((unsigned char)b->arena[p] & 0xC0) == 0x80)
		p--; /* to the last character's first byte */
	n = gpd_utf8_decode((const unsigned char *)b->arena + p, end - p, &last);
	if (n == 0 || !gpd_utf8_decode((const unsigned char *)b->arena + c->off,
	    c->len, &first))
		return 1;
	if (hb_unicode_combining_class(u, last) == HB_UNICODE_COMBINING_CLASS_VIRAMA
	    || last == 0x200D || unsafe_before(b, c->off, first) || small_kana(first))
		return 0;
	pthread_once(&lb_once, init_linebreak);
	/* beside an ideograph, which breaks before and after anything */
	return is_line_breakable(0x4E00, first, NULL) != LINEBREAK_NOBREAK
		&& is_line_breakable(last, 0x4E00, NULL) != LINEBREAK_NOBREAK;
}

void gpd__lb_cut_warn(gpd_layout *L, const block *b, size_t off)
{
	const char *name, *pkg, *font;
	char arg[128];
	uint32_t c = 0;
	int k;

	gpd_utf8_decode((const unsigned char *)b->arena + off, b->alen - off, &c);
	k = gpd__script_of(c, &name, &pkg, &font);
	if (L->warned_cut & ((uint64_t)1 << (k >= 0 ? k : 63)))
		return;
	L->warned_cut |= (uint64_t)1 << (k >= 0 ? k : 63);
	if (k < 0)
		snprintf(arg, sizeof arg, "script of U+%04X", (unsigned)c);
	else if (hb_unicode_script(hb_unicode_funcs_get_default(), c) == HB_SCRIPT_THAI)
		snprintf(arg, sizeof arg, "%s script (its dictionary is not installed: the "
			"package libthai-data has it)", name);
	else
		snprintf(arg, sizeof arg, "%s script", name);
	gpd__warn(L, GPD_LAYOUT_W_WORD_CUT, arg);
}

void gpd__lb_free(gpd_layout *L)
{
	if (L->thbrk)
		th_brk_delete(L->thbrk);
	L->thbrk = NULL;
	L->thbrk_state = 0;
}
