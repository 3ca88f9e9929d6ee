/* utf8.c: strict UTF-8 decoding (RFC 3629), shared so that every module agrees on what is text. */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include "gpdigest/utf8.h"

#include <stdint.h>
#include <string.h>

size_t gpd_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	uint32_t c;
	size_t n;

	if (avail == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

int gpd_utf8_maybe_rtl(uint32_t c)
{
	return (c >= 0x590 && c <= 0x8FF) || (c >= 0xFB1D && c <= 0xFDFF)
		|| (c >= 0xFE70 && c <= 0xFEFE) || (c >= 0x10800 && c <= 0x10FFF)
		|| (c >= 0x1E800 && c <= 0x1EFFF) || c == 0x200F || c == 0x202B
		|| c == 0x202E || c == 0x2067 || c == 0x061C;
}

int gpd_utf8_has_rtl(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len, end;
	uint32_t c;

	if (s == NULL)
		return 0;
	/* ASCII, which most text is, eight bytes at a time: every HTML
	 * element of the editions asks (up to the NUL when n is SIZE_MAX) */
	end = n == SIZE_MAX ? strlen(s) : strnlen(s, n);
	while (i < end) {
		uint64_t w;

		if (i + 8 <= end && (memcpy(&w, u + i, 8), (w & 0x8080808080808080u) == 0)) {
			i += 8;
			continue;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		len = gpd_utf8_decode(u + i, end - i, &c);
		if (len && gpd_utf8_maybe_rtl(c))
			return 1;
		i += len ? len : 1;
	}
	return 0;
}

const char *gpd_utf8_isolate_end(const char *fsi)
{
	const char *q = fsi;
	int depth = 0;

	for (; *q; q++) {
		depth += strncmp(q, GPD_UTF8_FSI, 3) == 0;
		if (strncmp(q, GPD_UTF8_PDI, 3) == 0 && --depth == 0)
			return q;
	}
	return q;
}

size_t gpd_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Default_Ignorable_Code_Point and White_Space past Latin-1, from the
 * Unicode 15 data files (DerivedCoreProperties.txt, PropList.txt), and
 * U+2800; first and last of each range. */
static const uint32_t nothing_ranges[][2] = {
	{0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x1680, 0x1680},
	{0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x2000, 0x200F}, {0x2028, 0x202F},
	{0x205F, 0x206F}, {0x2800, 0x2800}, {0x3000, 0x3000}, {0x3164, 0x3164},
	{0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8},
	{0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

int gpd_utf8_shows_nothing(uint32_t c)
{
	if (c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD)
		return 1; /* controls, the space, NEL, the no-break space, the soft hyphen */
	for (size_t i = 0; i < sizeof nothing_ranges / sizeof nothing_ranges[0]; i++)
		if (c >= nothing_ranges[i][0] && c <= nothing_ranges[i][1])
			return 1;
	return 0;
}

int gpd_utf8_visibly_empty(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t len;

	for (; u != NULL && *u; u += len) {
		if (*u > 0x20 && *u < 0x7F)
			return 0; /* ASCII shows at once: most text ends here */
		if ((len = gpd_utf8_decode(u, SIZE_MAX, &c)) == 0 || !gpd_utf8_shows_nothing(c))
			return 0;
	}
	return 1;
}

gpd_control gpd_utf8_control(uint32_t c)
{
	if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F) || c > 0x9F)
		return GPD_CONTROL_NONE;
	return c == 0x0B || c == 0x0C || c == 0x85 ? GPD_CONTROL_SPACE : GPD_CONTROL_DROP;
}

/* Is s at a control: 1 or 2 bytes (a C1 control's UTF-8), else 0? */
static size_t control_at(const unsigned char *s, uint32_t *c)
{
	if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
		*c = s[1];
		return 2;
	}
	*c = s[0];
	return s[0] < 0x80 && gpd_utf8_control(s[0]) != GPD_CONTROL_NONE ? 1 : 0;
}

size_t gpd_utf8_tame_controls(char *s, uint32_t *first)
{
	unsigned char *r = (unsigned char *)s, *w;
	size_t n = 0, len;
	uint32_t c;

	/* the common case, no control: one pass that writes nothing */
	while (*r && control_at(r, &c) == 0)
		r++;
	for (w = r; *r;) {
		if ((len = control_at(r, &c)) == 0) {
			*w++ = *r++;
			continue;
		}
		if (n++ == 0 && first != NULL)
			*first = c;
		if (gpd_utf8_control(c) == GPD_CONTROL_SPACE)
			*w++ = ' ';
		r += len;
	}
	*w = '\0';
	return n;
}
