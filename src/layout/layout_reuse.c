/* layout_reuse.c: finds, in the last save of the same document, the deflated page streams a rebuild can copy instead of deflating again. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_reuse.h"
#include "layout/layout_zlib.h"

/*
 * Deflating the pages is most of a long edition's cost, and after one
 * record changes most pages are what they were. A stream deflated from the
 * same bytes by the same zlib at the same level comes out the same, so the
 * previous save's deflated bytes can stand in for a page whose content is
 * unchanged: the file is byte for byte what a fresh build writes. The
 * caller vouches that the previous save came from this program and this
 * zlib (build.c checks the manifest); this file proves, for every page it
 * hands back, that the old stream inflates to exactly the new content.
 *
 * The old file is read as layout_tag.c writes it (libharu's page streams
 * kept as libharu wrote them, their lengths direct): every
 *   "<<\n/Length N\n/Filter [ /FlateDecode ]\n>>\nstream\r\n" data "\nendstream"
 * is a candidate, wherever it is: nothing in the old file is trusted, a
 * false one only costs a look, and a page is reused only once its
 * candidate has inflated to exactly the new content.
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

static const char LEN_KEY[] = "<<\n/Length ";
static const char PAGE_HEAD[] = "\n/Filter [ /FlateDecode ]\n>>\nstream\r\n";

/* The page-content-shaped stream whose dictionary ends with PAGE_HEAD at
 * q, into *s; 0 if so. */
static int stream_at(const unsigned char *pdf, const unsigned char *end,
	const unsigned char *q, old_stream *s)
{
	const unsigned char *d = q, *p;
	long long zlen;

	while (d > pdf && q - d < 12 && d[-1] >= '0' && d[-1] <= '9')
		d--;
	if (d == q || (size_t)(d - pdf) < sizeof LEN_KEY - 1
	    || memcmp(d - (sizeof LEN_KEY - 1), LEN_KEY, sizeof LEN_KEY - 1) != 0)
		return -1;
	p = d;
	zlen = digits(&p, q, 12);
	p = q + sizeof PAGE_HEAD - 1;
	if (zlen < 6 || zlen > end - p || (size_t)(end - p - zlen) < 10 ||
	    memcmp(p + zlen, "\nendstream", 10) != 0)
		return -1;
	q = p + zlen - 4;
	s->adler = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	s->off = (size_t)(p - pdf);
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
	const unsigned char *p = pdf, *end, *q;
	size_t cap = 0;
	gpd_reuse *r;

	if (!pdf || !gpd__zlib() || !(r = calloc(1, sizeof *r)))
		return NULL;
	end = p + len;
	r->pdf = pdf;
	r->len = len;
	while ((q = memmem(p, (size_t)(end - p), PAGE_HEAD, sizeof PAGE_HEAD - 1)) != NULL) {
		old_stream s;

		if (stream_at(pdf, end, q, &s) != 0) {
			p = q + 1;
			continue;
		}
		if (r->n == cap) {
			old_stream *m = realloc(r->s, (cap = cap ? 2 * cap : 256) * sizeof *m);

			if (!m) {
				gpd__reuse_free(r);
				return NULL;
			}
			r->s = m;
		}
		r->s[r->n++] = s;
		p = (const unsigned char *)pdf + s.off + s.zlen;
	}
	if (r->n)
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

/* Does the old stream inflate to exactly the content in chunks? */
static int inflates_to(const gpd_zlib *z, const old_stream *o, const unsigned char *pdf,
	unsigned char *const *chunks, size_t chunk_size, size_t size)
{
	unsigned char buf[4096];
	z_stream zs;
	size_t done = 0;
	int rc = Z_OK, same = 1;

	memset(&zs, 0, sizeof zs);
	if (z->inflate_init(&zs, ZLIB_VERSION, (int)sizeof zs) != Z_OK)
		return 0;
	zs.next_in = (Bytef *)(pdf + o->off);
	zs.avail_in = (uInt)o->zlen;
	while (same && rc == Z_OK) {
		size_t got;

		zs.next_out = buf;
		zs.avail_out = sizeof buf;
		rc = z->inflate(&zs, Z_NO_FLUSH);
		got = sizeof buf - zs.avail_out;
		if ((rc != Z_OK && rc != Z_STREAM_END) || got > size - done)
			same = 0;
		/* compare piece by piece against the new content's chunks */
		for (size_t k = 0; same && k < got;) {
			size_t at = done + k, c = at / chunk_size, in = at % chunk_size;
			size_t n = chunk_size - in < got - k ? chunk_size - in : got - k;

			same = memcmp(chunks[c] + in, buf + k, n) == 0;
			k += n;
		}
		done += got;
		if (rc == Z_OK && got == 0 && zs.avail_in == 0)
			same = 0; /* truncated */
	}
	z->inflate_end(&zs);
	return same && rc == Z_STREAM_END && done == size && zs.avail_in == 0;
}

const unsigned char *gpd__reuse_find(const gpd_reuse *r, unsigned char *const *chunks,
	size_t chunk_size, size_t size, size_t *zlen)
{
	const gpd_zlib *z = gpd__zlib();
	uLong a;
	size_t lo = 0, hi;

	if (!r || !z || r->n == 0)
		return NULL;
	a = z->adler32(0L, Z_NULL, 0);
	for (size_t done = 0, k = 0; done < size; k++) {
		size_t n = size - done < chunk_size ? size - done : chunk_size;

		a = z->adler32(a, chunks[k], (uInt)n);
		done += n;
	}
	hi = r->n;
	while (lo < hi) { /* the first entry with this checksum */
		size_t mid = lo + (hi - lo) / 2;

		if (r->s[mid].adler < (uint32_t)a)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* a few candidates at most: checksums seldom collide, and a file
	 * made to collide everywhere must not make each page inflate them all */
	for (int tries = 0; lo < r->n && r->s[lo].adler == (uint32_t)a && tries < 4; lo++, tries++)
		if (inflates_to(z, &r->s[lo], r->pdf, chunks, chunk_size, size)) {
			*zlen = r->s[lo].zlen;
			return r->pdf + r->s[lo].off;
		}
	return NULL;
}
