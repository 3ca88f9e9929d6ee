/* lang.c: the language tag rule (lang.h). */
#include "gpdigest/lang.h"

#include <string.h>

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
	return 1;
}
