/* fontref.c: a font file and the face in it (fontref.h). */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/fontref.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef GPD_FONT_DIR
#define GPD_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

static const char *const font_dirs[] = {
	GPD_FONT_DIR, "/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto",
};

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

const char *gpd_font_dir(size_t k)
{
	return k < sizeof font_dirs / sizeof *font_dirs ? font_dirs[k] : NULL;
}

int gpd_font_installed(const char *ref)
{
	size_t len;
	char path[PATH_MAX];

	gpd_font_ref(ref, &len);
	if (len == 0 || memchr(ref, '/', len) || ref[0] == '.')
		return 0;
	for (size_t k = 0; k < sizeof font_dirs / sizeof *font_dirs; k++) {
		int n = snprintf(path, sizeof path, "%s/%.*s", font_dirs[k], (int)len, ref);

		if (n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0)
			return 1;
	}
	return 0;
}
