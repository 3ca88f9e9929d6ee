/* fold.c: how letters fold to ASCII (Latin from fold_latin.h, Greek, Cyrillic), read by gpd_slug and the authority key. */
#include "core/fold.h"

#include <stdint.h>

#include "core/fold_latin.h"
#include "gpdigest/utf8.h"

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* Greek U+0380..U+03CF as ELOT 743, simplified ("Αθήνα" is "athina");
 * NULL where no letter is assigned. */
#define GREEK_FIRST 0x0380
static const char *const greek[80] = {
	NULL, NULL, NULL, NULL, NULL, NULL, "a", NULL, "e", "i", "i", NULL,
	"o", NULL, "y", "o", "i", "a", "v", "g", "d", "e", "z", "i",
	"th", "i", "k", "l", "m", "n", "x", "o", "p", "r", NULL, "s",
	"t", "y", "f", "ch", "ps", "o", "i", "y", "a", "e", "i", "i",
	"y", "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l",
	"m", "n", "x", "o", "p", "r", "s", "s", "t", "y", "f", "ch",
	"ps", "o", "i", "y", "o", "y", "o", NULL,
};

/* Cyrillic U+0400..U+045F (Russian, Ukrainian, Belarusian, Serbian,
 * Macedonian, Bulgarian letters) as BGN/PCGN, simplified ("Москва" is
 * "moskva"); "" for the hard and soft signs, which spell no sound. */
#define CYRILLIC_FIRST 0x0400
static const char *const cyrillic[96] = {
	"e", "yo", "dj", "g", "ye", "dz", "i", "yi", "j", "lj", "nj", "c",
	"k", "i", "u", "dz", "a", "b", "v", "g", "d", "e", "zh", "z",
	"i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
	"f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l",
	"m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch",
	"sh", "shch", "", "y", "", "e", "yu", "ya", "e", "yo", "dj", "g",
	"ye", "dz", "i", "yi", "j", "lj", "nj", "c", "k", "i", "u", "dz",
};

static gpd_fold_kind fold_ascii(unsigned c, const char **ascii, char one[2])
{
	if (c >= 'A' && c <= 'Z')
		c = c - 'A' + 'a';
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
		one[0] = (char)c;
		one[1] = '\0';
		*ascii = one;
		return GPD_FOLD_ALNUM;
	}
	return c <= ' ' || c == '-' || c == 0x7F ? GPD_FOLD_SPACE : GPD_FOLD_PUNCT;
}

/* The table entry for cp, or NULL when no table spells it. Latin comes
 * from fold_latin.h, generated from Unicode's decompositions, so a
 * precomposed letter folds as its NFD form ("ộ" as "o" and two accents). */
static const char *letter(uint32_t cp)
{
	if (cp >= LATIN_FIRST && cp - LATIN_FIRST < COUNT(latin))
		return latin[cp - LATIN_FIRST];
	if (cp >= GREEK_FIRST && cp - GREEK_FIRST < COUNT(greek))
		return greek[cp - GREEK_FIRST];
	if (cp >= CYRILLIC_FIRST && cp - CYRILLIC_FIRST < COUNT(cyrillic))
		return cyrillic[cp - CYRILLIC_FIRST];
	if (cp >= LATIN_ADDITIONAL_FIRST && cp - LATIN_ADDITIONAL_FIRST < COUNT(latin_additional))
		return latin_additional[cp - LATIN_ADDITIONAL_FIRST];
	return NULL;
}

/* Arabic Presentation Forms-B, U+FE80..U+FEFC: each letter's isolated,
 * final, initial and medial shapes and the lam-alef ligatures, as the
 * letters they are (NFKC). Text copied out of a PDF often comes so. */
#define ARABIC_FORMS_FIRST 0xFE80
static const char *const arabic_forms[] = {
	"\xd8\xa1", "\xd8\xa2", "\xd8\xa2", "\xd8\xa3", "\xd8\xa3", "\xd8\xa4",
	"\xd8\xa4", "\xd8\xa5", "\xd8\xa5", "\xd8\xa6", "\xd8\xa6", "\xd8\xa6",
	"\xd8\xa6", "\xd8\xa7", "\xd8\xa7", "\xd8\xa8", "\xd8\xa8", "\xd8\xa8",
	"\xd8\xa8", "\xd8\xa9", "\xd8\xa9", "\xd8\xaa", "\xd8\xaa", "\xd8\xaa",
	"\xd8\xaa", "\xd8\xab", "\xd8\xab", "\xd8\xab", "\xd8\xab", "\xd8\xac",
	"\xd8\xac", "\xd8\xac", "\xd8\xac", "\xd8\xad", "\xd8\xad", "\xd8\xad",
	"\xd8\xad", "\xd8\xae", "\xd8\xae", "\xd8\xae", "\xd8\xae", "\xd8\xaf",
	"\xd8\xaf", "\xd8\xb0", "\xd8\xb0", "\xd8\xb1", "\xd8\xb1", "\xd8\xb2",
	"\xd8\xb2", "\xd8\xb3", "\xd8\xb3", "\xd8\xb3", "\xd8\xb3", "\xd8\xb4",
	"\xd8\xb4", "\xd8\xb4", "\xd8\xb4", "\xd8\xb5", "\xd8\xb5", "\xd8\xb5",
	"\xd8\xb5", "\xd8\xb6", "\xd8\xb6", "\xd8\xb6", "\xd8\xb6", "\xd8\xb7",
	"\xd8\xb7", "\xd8\xb7", "\xd8\xb7", "\xd8\xb8", "\xd8\xb8", "\xd8\xb8",
	"\xd8\xb8", "\xd8\xb9", "\xd8\xb9", "\xd8\xb9", "\xd8\xb9", "\xd8\xba",
	"\xd8\xba", "\xd8\xba", "\xd8\xba", "\xd9\x81", "\xd9\x81", "\xd9\x81",
	"\xd9\x81", "\xd9\x82", "\xd9\x82", "\xd9\x82", "\xd9\x82", "\xd9\x83",
	"\xd9\x83", "\xd9\x83", "\xd9\x83", "\xd9\x84", "\xd9\x84", "\xd9\x84",
	"\xd9\x84", "\xd9\x85", "\xd9\x85", "\xd9\x85", "\xd9\x85", "\xd9\x86",
	"\xd9\x86", "\xd9\x86", "\xd9\x86", "\xd9\x87", "\xd9\x87", "\xd9\x87",
	"\xd9\x87", "\xd9\x88", "\xd9\x88", "\xd9\x89", "\xd9\x89", "\xd9\x8a",
	"\xd9\x8a", "\xd9\x8a", "\xd9\x8a", "\xd9\x84\xd8\xa2", "\xd9\x84\xd8\xa2", "\xd9\x84\xd8\xa3",
	"\xd9\x84\xd8\xa3", "\xd9\x84\xd8\xa5", "\xd9\x84\xd8\xa5", "\xd9\x84\xd8\xa7", "\xd9\x84\xd8\xa7",
};

const char *gpd_fold_compat(uint32_t cp)
{
	if (cp >= ARABIC_FORMS_FIRST && cp - ARABIC_FORMS_FIRST < COUNT(arabic_forms))
		return arabic_forms[cp - ARABIC_FORMS_FIRST];
	return NULL;
}

/* What a name may hold that shows nothing of its own or only dresses
 * the letters: the zero width space, joiners and non-joiner, the bidi
 * marks, embeddings, overrides and isolates, the word joiner and the byte
 * order mark; variation selectors; Arabic's tatweel (a stretched join)
 * and vowel marks (harakat, also in their presentation forms), and
 * Hebrew's points, which a name is as
 * often written without. "Lewisham" and "Lewisham" with a zero width
 * space or a left-to-right mark after it were two authorities, two
 * handouts of one name; so were a name with and without its harakat. */
static int invisible(uint32_t c)
{
	return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
	    || (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF || c == 0x061C
	    || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)
	    || c == 0x0640 || (c >= 0x064B && c <= 0x065F) || c == 0x0670
	    || (c >= 0xFE70 && c <= 0xFE7F && c != 0xFE73) /* harakat's forms */
	    || (c >= 0x0591 && c <= 0x05BD) || c == 0x05BF || c == 0x05C1 || c == 0x05C2
	    || c == 0x05C4 || c == 0x05C5 || c == 0x05C7;
}

gpd_fold_kind gpd_fold_char(const unsigned char *s, size_t *len, const char **ascii,
	char one[2])
{
	uint32_t cp;

	*len = 1;
	if (s[0] < 0x80)
		return fold_ascii(s[0], ascii, one);
	if ((*len = gpd_utf8_decode(s, SIZE_MAX, &cp)) == 0) {
		*len = 1; /* malformed: one byte at a time */
		return GPD_FOLD_OTHER;
	}
	if ((*ascii = letter(cp)) != NULL)
		return GPD_FOLD_ALNUM;
	if ((cp >= 0x300 && cp <= 0x36F) || cp == 0xAD || invisible(cp))
		return GPD_FOLD_MARK;
	if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || (cp >= 0x2010 && cp <= 0x2015) ||
	    cp == 0x202F || cp == 0x3000 || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x205F || cp == 0x1680)
		return GPD_FOLD_SPACE;
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2016 && cp <= 0x206F))
		return GPD_FOLD_PUNCT; /* Latin-1 symbols, × and ÷, general punctuation */
	return GPD_FOLD_OTHER;
}
