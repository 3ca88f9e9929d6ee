/* utf8.h: the one UTF-8 decoder every module uses (the validator, the renderers, the importer). */
#ifndef GPDIGEST_UTF8_H
#define GPDIGEST_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/export.h"

/* Decodes the sequence at s, of which avail bytes may be read (a NUL stops
 * it too, so NUL-terminated text may pass SIZE_MAX). Returns its length,
 * 1 to 4, and stores the code point in *cp; returns 0 for bytes that are
 * not UTF-8: overlong forms, surrogates, code points past U+10FFFF and
 * truncated sequences. */
GPD_EXPORT size_t gpd_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

/* Whether cp may make text right to left: a letter of the RTL scripts'
 * blocks (Hebrew, Arabic, Syriac, Thaana, N'Ko, ...) or an explicit mark
 * (RLM, RLE, RLO, RLI, ALM). Text with none is left to right whatever
 * else it holds; text with one needs the bidi algorithm to tell. */
GPD_EXPORT int gpd_utf8_maybe_rtl(uint32_t cp);
/* Whether n bytes of s (SIZE_MAX: up to the NUL) hold such a character. */
GPD_EXPORT int gpd_utf8_has_rtl(const char *s, size_t n);

/* U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE in
 * UTF-8: round text that takes its own direction inside a line of
 * another (a record's name in a sentence or title of ours). */
#define GPD_UTF8_FSI "\xE2\x81\xA8"
#define GPD_UTF8_PDI "\xE2\x81\xA9"
/* The isolate that opens with the FSI at fsi: where its PDI is (the one
 * that matches it, past any nested isolate), or the NUL that ends the
 * text when it is left open (UAX #9: it ends with the paragraph). */
GPD_EXPORT const char *gpd_utf8_isolate_end(const char *fsi);

/* The characters of the NUL-terminated UTF-8 text s: its bytes that do
 * not continue a sequence ("Łódź" is 4). */
GPD_EXPORT size_t gpd_utf8_chars(const char *s);

/* Whether cp shows nothing of its own on a page: Unicode's White_Space
 * (a space, a line end, the no-break and ideographic spaces),
 * Default_Ignorable_Code_Point (the soft hyphen, the zero width space and
 * joiners, the bidi marks, embeddings and isolates, the word joiner, the
 * byte order mark, variation selectors, the combining grapheme joiner, the
 * Hangul fillers, tags), a control character, and the blank Braille
 * pattern U+2800, which fonts draw as nothing. */
GPD_EXPORT int gpd_utf8_shows_nothing(uint32_t cp);
/* Whether the NUL-terminated UTF-8 text s (NULL: none) is visibly empty:
 * every character of it shows nothing (a title of zero width spaces
 * prints blank, as an empty one does). The one rule of what is blank: a
 * field so is empty to the reader, the lint and every edition alike. A
 * byte that is not UTF-8 is something to show. */
GPD_EXPORT int gpd_utf8_visibly_empty(const char *s);

/* What text gpdigest reads does with a control character, so that no
 * record it writes and no output holds one: the C0 controls but tab, LF
 * and CR, DEL and the C1 controls (U+0080 to U+009F) mean nothing on a
 * page, and XML 1.0 forbids the C0 ones. The importer and the record
 * reader both ask here. */
typedef enum gpd_control {
	GPD_CONTROL_NONE,  /* not a control, or tab, LF, CR: text's own */
	GPD_CONTROL_SPACE, /* whitespace by another name: VT, FF (tesseract ends
	                    * each page with one), NEL (U+0085, a line end in
	                    * EBCDIC text); a space */
	GPD_CONTROL_DROP,  /* any other (BEL, ESC, a terminal's CSI U+009B):
	                    * left out */
} gpd_control;
GPD_EXPORT gpd_control gpd_utf8_control(uint32_t cp);

/* Applies gpd_utf8_control to the NUL-terminated UTF-8 text s, in place:
 * returns how many controls it replaced or left out, 0 when s holds none
 * (and is untouched). *first, when not NULL, is set to the first one's
 * code point. */
GPD_EXPORT size_t gpd_utf8_tame_controls(char *s, uint32_t *first);

#endif
