/* lang.h: the one rule for a language tag (the style's <document lang>: the PDF's /Lang, the HTML's lang). */
#ifndef GPDIGEST_LANG_H
#define GPDIGEST_LANG_H

#include "gpdigest/export.h"

/* Bytes of a language tag with its NUL (BCP 47 tags in use are far shorter). */
#define GPD_LANGUAGE_MAX 36

/* Whether s is a BCP 47 language tag as PDF and HTML take one: a primary
 * subtag that is a language's code (ISO 639-1's two letters, or 639-2,
 * -3 or -5's three, any case: src/core/lang_codes.h), then hyphenated
 * subtags of 1 to 8 letters or digits ("en-GB", "cy", "zh-Hant-HK",
 * "cmn"), shorter than GPD_LANGUAGE_MAX. "english" or "po" names no
 * language: a screen reader could pick no voice for it. */
GPD_EXPORT int gpd_lang_ok(const char *s);

#endif
