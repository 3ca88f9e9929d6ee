/* slug.h: safe file-name slugs of names (core: outputs, anchors and filters use them). */
#ifndef GPDIGEST_SLUG_H
#define GPDIGEST_SLUG_H

#include <stddef.h>

#include "gpdigest/export.h"

/* A file-name slug: lower-case ASCII letters and digits (accented Latin
 * letters, U+00C0..U+017F, as their base letters: "Łódź" is "lodz"; Greek
 * and Cyrillic transliterated: "Москва" is "moskva"), other runs folded to
 * one hyphen, no leading/trailing hyphen, at most max-1 bytes; "x" when
 * nothing is left. A name Windows reserves (CON, PRN, AUX, NUL, COM1-9,
 * LPT1-9) gets "-la": "con-la". Can never contain '/', '.', or NUL.
 * Returns 1, or 0 when text gave no letter or digit (buf is then "x"). */
GPD_EXPORT int gpd_slug(const char *text, char *buf, size_t max);

#endif
