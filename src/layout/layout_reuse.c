/* layout_reuse.c: finds, in the last save of the same document, the deflated page streams a rebuild can copy instead of deflating again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_reuse.h"
#include "layout/layout_flate.h"

/*
 * Deflating the pages is most of a long edition's cost, and after one
 * record changes most pages are what they were. A stream deflated from the
 * same bytes by the same deflater at the same level comes out the same, so the
 * previous save's deflated bytes can stand in for a page whose content is
 * unchanged: the file is byte for byte what a fresh build writes. The
 * caller vouches that the previous save came from this program and this
 * deflater (build.c checks the manifest); this file proves, for every page it
 * hands back, that the old stream inflates to exactly the new content.
 *
 * The old file is read as libharu writes it: a classic cross-reference
 * table after "startxref", and page contents as
 *   "N 0 obj\n<<\n/Length M 0 R\n/Filter [ /FlateDecode ]\n>>\nstream\r\n"
 *   data "\nendstream" ... "M 0 obj\nLENGTH\nendobj".
 * Anything else is simply not indexed. A zlib stream ends with the Adler-32
 * of its content, so candidates are found by that checksum and only they
 * are inflated.
 */

typedef struct old_stream {
	uint32_t adler;
	size_t off, zlen;
} old_stream;

struct gpd_reuse {
	const unsigned char *pdf;
	size_t len;
	old_stream *s;
	size_t n;
};

/* Digits at p (at most max of them, bounded by end); -1 when there are none. */
static long long digits(const unsigned char **p, const unsigned char *end, int max)
{
	long long v = 0;
	int k = 0;

	while (*p < end && k < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k ? v : -1;
}

static int lit(const unsigned char **p, const unsigned char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
		return 0;
	*p += n;
	return 1;
}

typedef struct xref {
	const unsigned char *pdf, *end, *table;
	long long count;
} xref;

/* Offset of object id's "id 0 obj\n", checked, or -1. */
static long long object_at(const xref *x, long long id)
{
	const unsigned char *e, *p;
	long long off, got;

	if (id <= 0 || id >= x->count)
		return -1;
	e = x->table + 20 * id;
	if (e[17] != 'n' || (off = digits(&e, e + 10, 10)) < 0 || off >= x->end - x->pdf)
		return -1;
	p = x->pdf + off;
	if ((got = digits(&p, x->end, 10)) != id || !lit(&p, x->end, " 0 obj\n"))
		return -1;
	return p - x->pdf;
}

static int read_xref(const unsigned char *pdf, size_t len, xref *x)
{
	const unsigned char *end = pdf + len, *p = len > 64 ? end - 64 : pdf;
	long long at;

	while (p < end && !lit(&p, end, "startxref\n"))
		p++;
	if ((at = digits(&p, end, 12)) < 0 || (size_t)at >= len)
		return -1;
	p = pdf + at;
	if (!lit(&p, end, "xref\n0 ") || (x->count = digits(&p, end, 9)) <= 0 ||
	    !lit(&p, end, "\n") || x->count > (end - p) / 20)
		return -1;
	x->pdf = pdf;
	x->end = end;
	x->table = p;
	return 0;
}

/* The page-content-shaped stream that is object id, into *s; 0 if so. */
static int stream_of(const xref *x, long long id, old_stream *s)
{
	long long off = object_at(x, id), len_id, zlen, loff;
	const unsigned char *p, *q;

	if (off < 0)
		return -1;
	p = x->pdf + off;
	if (!lit(&p, x->end, "<<\n/Length ") || (len_id = digits(&p, x->end, 10)) < 0 ||
	    !lit(&p, x->end, " 0 R\n/Filter [ /FlateDecode ]\n>>\nstream\r\n"))
		return -1;
	if ((loff = object_at(x, len_id)) < 0)
		return -1;
	q = x->pdf + loff;
	if ((zlen = digits(&q, x->end, 12)) < 6 || !lit(&q, x->end, "\nendobj"))
		return -1;
	if (zlen > x->end - p || (size_t)(x->end - p - zlen) < 10 ||
	    memcmp(p + zlen, "\nendstream", 10) != 0)
		return -1;
	q = p + zlen - 4;
	s->adler = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	s->off = (size_t)(p - x->pdf);
	s->zlen = (size_t)zlen;
	return 0;
}

static int by_adler(const void *a, const void *b)
{
	const old_stream *x = a, *y = b;

	if (x->adler != y->adler)
		return x->adler < y->adler ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

gpd_reuse *gpd__reuse_index(const void *pdf, size_t len)
{
	gpd_reuse *r;
	xref x;

	if (!pdf || read_xref(pdf, len, &x) != 0 || !(r = calloc(1, sizeof *r)))
		return NULL;
	r->pdf = pdf;
	r->len = len;
	if (!(r->s = malloc((size_t)x.count * sizeof *r->s))) {
		free(r);
		return NULL;
	}
	for (long long id = 1; id < x.count; id++)
		if (stream_of(&x, id, &r->s[r->n]) == 0)
			r->n++;
	qsort(r->s, r->n, sizeof *r->s, by_adler);
	return r;
}

void gpd__reuse_free(gpd_reuse *r)
{
	if (r) {
		free(r->s);
		free(r);
	}
}

const unsigned char *gpd__reuse_find(const gpd_reuse *r, const unsigned char *data,
	size_t size, size_t *zlen)
{
	uint32_t a;
	size_t lo = 0, hi;

	if (!r || r->n == 0)
		return NULL;
	a = gpd__adler32(1, data, size);
	hi = r->n;
	while (lo < hi) { /* the first entry with this checksum */
		size_t mid = lo + (hi - lo) / 2;

		if (r->s[mid].adler < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a few candidates at most: checksums seldom collide, and a file
	 * made to collide everywhere must not make each page inflate them all */
	for (int tries = 0; lo < r->n && r->s[lo].adler == a && tries < 4; lo++, tries++)
		if (gpd__flate_same(r->pdf + r->s[lo].off, r->s[lo].zlen, data, size)) {
			*zlen = r->s[lo].zlen;
			return r->pdf + r->s[lo].off;
		}
	return NULL;
}
