/* fontref.c: a font file and the face in it (fontref.h). */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/fontref.h"

#include <limits.h>
#include <stdint.h>
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

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads n bytes at off of f into buf: 0, or -1 past the end. */
static int read_at(FILE *f, long off, unsigned char *buf, size_t n)
{
	return fseek(f, off, SEEK_SET) == 0 && fread(buf, 1, n, f) == n ? 0 : -1;
}

/* The face's table directory at off, in a file of size bytes. */
static const char *face_damage(FILE *f, long off, long size)
{
	unsigned char head[12], rec[16];
	uint32_t tag;
	unsigned ntables;

	if (read_at(f, off, head, sizeof head) != 0)
		return "it is cut short";
	tag = be32(head);
	if (tag != 0x00010000u && tag != 0x4F54544Fu /* OTTO */ && tag != 0x74727565u /* true */)
		return "it is not a TrueType or OpenType font";
	ntables = (unsigned)head[4] << 8 | head[5];
	if (ntables == 0)
		return "it holds no tables";
	for (unsigned i = 0; i < ntables; i++) {
		if (read_at(f, off + 12 + 16L * (long)i, rec, sizeof rec) != 0)
			return "it is cut short (in its table directory)";
		if (be32(rec + 8) > (uint32_t)size || be32(rec + 12) > (uint32_t)size - be32(rec + 8))
			return "it is cut short or damaged (a table lies past its end)";
	}
	return NULL;
}

const char *gpd_font_damage(const char *ref)
{
	size_t len;
	int face = gpd_font_ref(ref, &len);
	char path[PATH_MAX];
	unsigned char head[12], at[4];
	const char *why = NULL;
	long size, off = 0;
	FILE *f;

	if (len >= sizeof path)
		return "its name is too long";
	memcpy(path, ref, len);
	path[len] = '\0';
	if ((f = fopen(path, "rb")) == NULL)
		return "it cannot be read";
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0)
		why = "it cannot be read";
	else if (size == 0)
		why = "it is empty";
	else if (size > (long)UINT32_MAX)
		why = "it is larger than a font can be";
	else if (read_at(f, 0, head, sizeof head) != 0)
		why = "it is cut short";
	else if (be32(head) == 0x74746366u) { /* ttcf: a collection */
		if ((uint32_t)face >= be32(head + 8))
			why = "the collection has no face of that number";
		else if (read_at(f, 12 + 4L * face, at, sizeof at) != 0)
			why = "it is cut short";
		else
			off = (long)be32(at);
	} else if (face > 0)
		why = "it is a single font, not a collection with faces to number";
	if (why == NULL)
		why = face_damage(f, off, size);
	fclose(f);
	return why;
}
