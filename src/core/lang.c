/* lang.c: the language tag rule (lang.h). */
#include "gpdigest/lang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang_codes.h"

/* Whether the primary subtag p (n letters, any case) is a language code:
 * ISO 639-1 for two letters, 639-2, -3 or -5 for three; no language has a
 * longer one (RFC 5646 2.2.1: four letters are reserved, five to eight
 * registered ones, of which there are none). */
static int known_language(const char *p, size_t n)
{
	char c[3];
	size_t lo = 0, hi = n == 2 ? LANG_TWO_COUNT : LANG_THREE_COUNT;

	if (n != 2 && n != 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		c[i] = (char)tolower((unsigned char)p[i]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = memcmp(c, n == 2 ? lang_two[mid] : lang_three[mid], n);

		if (cmp == 0)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int gpd_lang_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0, run = 0, part = 0;

	if (n == 0 || n >= GPD_LANGUAGE_MAX)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char c = s[i];
		int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

		if (c == '-' || c == '\0') {
			if (run == 0 || run > 8 || (part == 0 && run < 2))
				return 0; /* the primary subtag has 2 to 8 letters */
			run = 0, part++;
		} else if (letter || (part > 0 && c >= '0' && c <= '9')) {
			run++;
		} else {
			return 0;
		}
	}
	return known_language(s, strcspn(s, "-"));
}
