/* fontref.c: a font file and the face in it (fontref.h). */
#include "gpdigest/fontref.h"

#include <string.h>

int gpd_font_ref(const char *ref, size_t *pathlen)
{
	size_t n = strlen(ref);
	const char *hash = strrchr(ref, '#');
	int index = 0;

	*pathlen = n;
	if (!hash || hash == ref || hash[1] == '\0' || ref + n - hash > 4)
		return 0;
	for (const char *p = hash + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		index = index * 10 + (*p - '0');
	}
	*pathlen = (size_t)(hash - ref);
	return index;
}
