/* layout_cff.c: reads a CFF table's header, Top DICT and charset (Adobe Technical Note #5176) to tell whether CIDs are glyph ids. */
#include <stdint.h>

#include "layout/layout_cff.h"

/*
 * The content streams show glyph ids. A CIDFontType0 font reaches a glyph
 * by CID through the CFF program's charset (ISO 32000-1, 9.7.4.2), and
 * HarfBuzz's subsetter keeps each glyph's CID while it packs the glyphs
 * together: the code shown is right when the original font's CID of every
 * glyph is its glyph id, as in Noto CJK (Adobe-Identity-0). Only that much
 * of the format is read here.
 */

static unsigned be(const unsigned char *p, unsigned size)
{
	unsigned v = 0;

	while (size--)
		v = v << 8 | *p++;
	return v;
}

/* The end of the INDEX at off (its data's first byte at *data, its
 * offsets' size in *osize), 0 when it does not fit. */
static size_t index_end(const unsigned char *d, size_t n, size_t off, size_t *data,
	unsigned *osize)
{
	unsigned count, os;

	if (off + 2 > n)
		return 0;
	count = be(d + off, 2);
	if (count == 0)
		return *data = off + 2, *osize = 0, off + 2;
	if (off + 3 > n || (os = d[off + 2]) < 1 || os > 4
	    || off + 3 + (size_t)(count + 1) * os > n)
		return 0;
	*osize = os;
	*data = off + 3 + (size_t)(count + 1) * os - 1; /* offsets count from 1 */
	return *data + be(d + off + 3 + (size_t)count * os, os) <= n
		? *data + be(d + off + 3 + (size_t)count * os, os) : 0;
}

/* The Top DICT's charset offset and whether it has ROS: -1 on damage. */
static long top_dict(const unsigned char *d, size_t a, size_t b, int *ros)
{
	long operand = 0, charset = 0;

	*ros = 0;
	while (a < b) {
		unsigned c = d[a];
		if (c >= 32 && c <= 246) {
			operand = (long)c - 139, a += 1;
		} else if (c >= 247 && c <= 254 && a + 1 < b) {
			operand = c <= 250 ? ((long)c - 247) * 256 + d[a + 1] + 108
				: -((long)c - 251) * 256 - d[a + 1] - 108;
			a += 2;
		} else if (c == 28 && a + 2 < b) {
			operand = (int16_t)be(d + a + 1, 2), a += 3;
		} else if (c == 29 && a + 4 < b) {
			operand = (int32_t)be(d + a + 1, 4), a += 5;
		} else if (c == 30) { /* a real: nibbles up to 0xf */
			for (a++; a < b && (d[a] & 0x0f) != 0x0f && (d[a] >> 4) != 0x0f; a++)
				;
			a++, operand = 0;
		} else if (c == 12 && a + 1 < b) {
			*ros |= d[a + 1] == 30;
			a += 2;
		} else if (c <= 21) {
			if (c == 15)
				charset = operand;
			a += 1;
		} else {
			return -1;
		}
	}
	return a == b ? charset : -1;
}

int gpd__cff_cid_is_gid(const unsigned char *d, size_t n, unsigned nglyphs)
{
	size_t off, data, end;
	unsigned os, g = 1;
	long charset;
	int ros;

	if (!d || n < 4 || (off = d[2]) >= n)
		return 0;
	if (!(off = index_end(d, n, off, &data, &os))           /* Name INDEX */
	    || !(end = index_end(d, n, off, &data, &os)) || os == 0) /* Top DICT INDEX */
		return 0;
	end = data + be(d + off + 3 + os, os); /* the first Top DICT's end */
	data += be(d + off + 3, os);
	if (end > n || data > end || (charset = top_dict(d, data, end, &ros)) <= 2 || !ros
	    || (size_t)charset >= n)
		return 0; /* 0 to 2: the predefined charsets of name-keyed fonts */
	for (off = (size_t)charset + 1; off < n && g < nglyphs;) {
		unsigned format = d[charset], first, left;

		if (format == 0) {
			if (off + 2 > n || be(d + off, 2) != g)
				return 0;
			off += 2, g++;
			continue;
		}
		if (format > 2 || off + 2 + format > n || (first = be(d + off, 2)) != g)
			return 0;
		left = be(d + off + 2, format);
		off += 2 + format;
		g += left + 1;
	}
	return g >= nglyphs;
}
