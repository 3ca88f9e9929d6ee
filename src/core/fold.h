/* fold.h: how the characters of a name fold to ASCII, for file-name slugs and authority keys (internal). */
#ifndef GPDIGEST_FOLD_H
#define GPDIGEST_FOLD_H

#include <stddef.h>
#include <stdint.h>

typedef enum gpd_fold_kind {
	GPD_FOLD_ALNUM, /* a letter or digit, with its ASCII spelling */
	GPD_FOLD_SPACE, /* white space, a control, a hyphen or a dash, a line or
	                 * paragraph separator */
	GPD_FOLD_PUNCT, /* punctuation and symbols */
	GPD_FOLD_MARK,  /* a combining accent, a soft hyphen, an invisible format
	                 * character (zero width space or joiner, a bidi control),
	                 * a variation selector, Arabic's tatweel and harakat,
	                 * Hebrew's points: part of the letter before */
	GPD_FOLD_OTHER  /* a character with no ASCII spelling (CJK, emoji), or a malformed byte */
} gpd_fold_kind;

/* The kind of the character at s (NUL-terminated; never read past the
 * NUL) and its length in bytes (*len, at least 1). For GPD_FOLD_ALNUM,
 * *ascii is its lower-case ASCII spelling: ASCII letters and digits as
 * themselves (in one), Latin letters U+00C0..U+024F and U+1E00..U+1EFF as
 * their base letters, as their NFD forms fold ("ộ" is "o", "Ł" "l", "ß"
 * "ss"), Greek and Cyrillic letters transliterated ("Θ" is "th", "Щ"
 * "shch"; Cyrillic hard and soft signs ""). */
gpd_fold_kind gpd_fold_char(const unsigned char *s, size_t *len, const char **ascii,
	char one[2]);

/* The letters an Arabic presentation form (U+FE80..U+FEFC: a letter's
 * contextual shape, a lam-alef ligature) stands for, as UTF-8 (NFKC), or
 * NULL for any other code point: the authority key reads "ﺑﺮﻣﻨﻐﻬﺎﻡ" as
 * "برمنغهام". */
const char *gpd_fold_compat(uint32_t cp);

#endif
