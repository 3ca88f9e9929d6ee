/* slug.c: safe file-name slugs of names, for outputs and anchors alike. */
#include "gpdigest/slug.h"

#include <string.h>

#include "core/fold.h"

/* Device names Windows reserves whatever the extension ("con.pdf" cannot
 * be opened there); a slug that is one gets RESERVED_SUFFIX. */
static const char *const reserved[] = {"con", "prn", "aux", "nul",
	"com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
	"lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"};
#define RESERVED_SUFFIX "-la" /* slugs are of authority and region names */

static int is_reserved(const char *slug)
{
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(slug, reserved[i]) == 0)
			return 1;
	return 0;
}

int gpd_slug(const char *text, char *buf, size_t max)
{
	size_t k = 0, len;
	int dash = 0, got;
	char one[2];

	if (max == 0)
		return 0;
	for (const unsigned char *s = (const unsigned char *)text; s && *s; s += len) {
		const char *a = NULL;
		gpd_fold_kind kind = gpd_fold_char(s, &len, &a, one);

		if (kind == GPD_FOLD_MARK || (kind == GPD_FOLD_ALNUM && *a == '\0'))
			continue; /* part of the letter before */
		if (kind != GPD_FOLD_ALNUM) {
			dash = 1;
			continue;
		}
		for (; *a; a++) {
			int hyphen = dash && k > 0;

			if (k + (size_t)hyphen + 1 > max - 1)
				goto full; /* cut at the limit, never after a hyphen */
			if (hyphen)
				buf[k++] = '-';
			dash = 0;
			buf[k++] = *a;
		}
	}
full:
	got = k > 0;
	if (k == 0 && max > 1)
		buf[k++] = 'x';
	buf[k] = '\0';
	if (is_reserved(buf) && k + strlen(RESERVED_SUFFIX) < max)
		strcpy(buf + k, RESERVED_SUFFIX);
	return got;
}
