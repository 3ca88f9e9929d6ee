/* layout_lb.h: where a line may break inside a block's text besides its spaces, for scripts written without them (layout_lb.c; not installed). */
#ifndef GPDIGEST_LAYOUT_LB_H
#define GPDIGEST_LAYOUT_LB_H

#include <stdint.h>

#include "layout/layout_priv.h"

/* A block's break flags, one byte per arena byte (b->lbf, valid while
 * b->lb_on), read at the start of each cluster: */
enum {
	LB_BREAK = 1,  /* a line may break before this character, no space before it */
	LB_KEEP = 2,   /* this space is not a place to break (UAX #14: "東京 。") */
	LB_NODICT = 4  /* a letter of a script written without spaces whose words
	                * no dictionary here knows (Lao, Khmer, Myanmar): a line
	                * cut between two of them may cut a word */
};

/* What c calls for, 0 nothing: LB_UAX14, Unicode's line breaking
 * algorithm, for a Han, kana, Bopomofo or Yi letter, CJK punctuation, a
 * full-width form or a zero width space; LB_DICT, a dictionary of words,
 * for a letter of Thai, Lao, Khmer, Myanmar or the Tai scripts (UAX #14's
 * class SA: it sees no breaks between them). Latin, Greek, Cyrillic,
 * Arabic, Hebrew and Indic text never calls for either (their letters are
 * below U+0E00, their punctuation and symbols at U+2000 to U+2E7F), nor
 * Hangul: Korean puts spaces between words, and is broken there. Inline:
 * every character of a block is asked. */
enum { LB_UAX14 = 1, LB_DICT = 2 };
int gpd__lb_wanted_slow(uint32_t c);
static inline int gpd__lb_wanted(uint32_t c)
{
	return c >= 0x0E00 ? gpd__lb_wanted_slow(c) : 0;
}

/* Fills b->lbf for the text of b's segs and sets b->lb_on, for a text
 * with a character gpd__lb_wanted (b->lb_want):
 * Unicode's line breaking algorithm (UAX #14, libunibreak) where such a
 * character is on either side, Thai's words from libthai's dictionary,
 * and a break wherever a zero width space stood.
 * (gpd__block_prep calls it only then: other text is left to the
 * breaker's spaces, as it always was.) */
int gpd__lb_find(gpd_layout *L, block *b);
/* Whether a line cut between the clusters a and b (b after a, logical
 * order; frags of b->cut), in a word no break opportunity fits, is one a
 * reader can take: not after a virama (an Indic syllable goes on), not
 * where HarfBuzz says the glyphs would change (a conjunct, a joined
 * letter; not asked of Latin, Greek, Cyrillic or text of no script, where
 * it means kerning), and not where kinsoku forbids (UAX #14: no line
 * starting with 。、」！ or a small kana, none ending with 「（). */
int gpd__lb_cut_ok(const block *b, const frag *a, const frag *c);
/* Says once per block and script that a line was cut between two
 * letters at arena offset off of a script no dictionary here has words
 * for (LB_NODICT). */
void gpd__lb_cut_warn(gpd_layout *L, const block *b, size_t off);
/* Closes Thai's dictionary. */
void gpd__lb_free(gpd_layout *L);

#endif
