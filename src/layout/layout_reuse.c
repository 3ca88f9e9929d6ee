/* layout_reuse.c: finds, in the last save of the same document, the deflated page streams a rebuild can copy instead of deflating again. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_pack.h"
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
 * Inflating cannot prove more: deflate writes one text many ways (a match
 * may point at either of two equal runs; the header's level bits and the
 * last byte's padding are never read), so an old file altered in such a
 * place, with a manifest altered to vouch for it, gives a page that reads
 * the same in other bytes. Proving the bytes would take the deflate that
 * reuse saves; the fuzz target (fuzz_reuse.c) holds the file to the rest.
 *
 * The old file is read as layout_tag.c writes it (libharu's deflated
 * streams with a short dictionary, their lengths direct): every
 *   GPD_FLATE_HEAD N GPD_FLATE_TAIL data "\nendstream"
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
	unsigned char *own;   /* the object streams' copied bytes (pdf points here) */
	old_stream *s;
	size_t n;
};

static const char LEN_KEY[] = GPD_FLATE_HEAD;
static const char PAGE_HEAD[] = GPD_FLATE_TAIL;

/* The deflated stream of zlen bytes at data, followed by "\nendstream",
 * into *s (its offset in pdf, and the Adler-32 that ends a zlib stream);
 * 0, or -1 when it is not whole. */
static int found(const unsigned char *pdf, const unsigned char *end,
	const unsigned char *data, long long zlen, old_stream *s)
{
	const unsigned char *a;

	if (zlen < 6 || zlen > end - data || (size_t)(end - data - zlen) < 10 ||
	    memcmp(data + zlen, "\nendstream", 10) != 0)
		return -1;
	a = data + zlen - 4;
	s->adler = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
	s->off = (size_t)(data - pdf);
	s->zlen = (size_t)zlen;
	return 0;
}

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
	zlen = gpd__pdf_digits(&p, q, 12);
	return found(pdf, end, q + sizeof PAGE_HEAD - 1, zlen, s);
}

/* The object stream whose dictionary starts with GPD_OBJSTM_HEAD at q,
 * as layout_tag.c writes it, into *s; 0 if so. */
static int objstm_at(const unsigned char *pdf, const unsigned char *end,
	const unsigned char *q, old_stream *s)
{
	static const char FIRST[] = " /First ", LEN[] = " /Length ";
	const unsigned char *p = q + sizeof GPD_OBJSTM_HEAD - 1;
	long long zlen;

	if (gpd__pdf_digits(&p, end, 12) < 0 || end - p < (long)sizeof FIRST
	    || memcmp(p, FIRST, sizeof FIRST - 1) != 0)
		return -1;
	p += sizeof FIRST - 1;
	if (gpd__pdf_digits(&p, end, 12) < 0 || end - p < (long)sizeof LEN
	    || memcmp(p, LEN, sizeof LEN - 1) != 0)
		return -1;
	p += sizeof LEN - 1;
	zlen = gpd__pdf_digits(&p, end, 12);
	if (end - p < (long)sizeof GPD_OBJSTM_TAIL
	    || memcmp(p, GPD_OBJSTM_TAIL, sizeof GPD_OBJSTM_TAIL - 1) != 0)
		return -1;
	return found(pdf, end, p + sizeof GPD_OBJSTM_TAIL - 1, zlen, s);
}

typedef int stream_fn(const unsigned char *pdf, const unsigned char *end,
	const unsigned char *q, old_stream *s);

/* Every stream that at() finds where key occurs in pdf, into r->s in file
 * order, their total deflated bytes in *total; 0, or -1 when out of
 * memory. */
static int scan(gpd_reuse *r, const unsigned char *pdf, size_t len, const char *key,
	size_t klen, stream_fn *at, size_t *total)
{
	const unsigned char *p = pdf, *end = pdf + len, *q;
	size_t cap = 0;

	*total = 0;
	while ((q = memmem(p, (size_t)(end - p), key, klen)) != NULL) {
		old_stream s;

		if (at(pdf, end, q, &s) != 0) {
			p = q + 1;
			continue;
		}
		if (r->n == cap) {
			old_stream *m = realloc(r->s, (cap = cap ? 2 * cap : 256) * sizeof *m);

			if (!m)
				return -1;
			r->s = m;
		}
		r->s[r->n++] = s;
		*total += s.zlen;
		p = pdf + s.off + s.zlen;
	}
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
	size_t total;

	if (!pdf || !(r = calloc(1, sizeof *r)))
		return NULL;
	r->pdf = pdf;
	r->len = len;
	if (scan(r, pdf, len, PAGE_HEAD, sizeof PAGE_HEAD - 1, stream_at, &total) != 0) {
		gpd__reuse_free(r);
		return NULL;
	}
	if (r->n)
		qsort(r->s, r->n, sizeof *r->s, by_adler);
	return r;
}

/* Every stream at() finds where key occurs, indexed with its deflated
 * bytes copied out (r->own), so that pdf can go; NULL when there are none
 * or no memory. */
static gpd_reuse *index_copied(const void *pdf, size_t len, const char *key, size_t klen,
	stream_fn *at)
{
	gpd_reuse *r;
	size_t total, off = 0;

	if (!pdf || !(r = calloc(1, sizeof *r)))
		return NULL;
	if (scan(r, pdf, len, key, klen, at, &total) != 0
	    || r->n == 0 || !(r->own = malloc(total))) {
		gpd__reuse_free(r);
		return NULL;
	}
	for (size_t i = 0; i < r->n; i++) {
		memcpy(r->own + off, (const unsigned char *)pdf + r->s[i].off, r->s[i].zlen);
		r->s[i].off = off;
		off += r->s[i].zlen;
	}
	r->pdf = r->own;
	r->len = total;
	qsort(r->s, r->n, sizeof *r->s, by_adler);
	return r;
}

gpd_reuse *gpd__reuse_index_objstm(const void *pdf, size_t len)
{
	/* copied out, the previous save can go when its pages are taken */
	return index_copied(pdf, len, GPD_OBJSTM_HEAD, sizeof GPD_OBJSTM_HEAD - 1, objstm_at);
}

/* A copied page index as the public API hands it out (gpd_layout_pages). */
struct gpd_layout_pages {
	gpd_reuse *r;
};

struct gpd_layout_pages *gpd__pages_new(const void *pdf, size_t len)
{
	struct gpd_layout_pages *p = malloc(sizeof *p);

	if (p && !(p->r = index_copied(pdf, len, PAGE_HEAD, sizeof PAGE_HEAD - 1, stream_at))) {
		free(p);
		p = NULL;
	}
	return p;
}

void gpd__pages_free(struct gpd_layout_pages *p)
{
	if (p) {
		gpd__reuse_free(p->r);
		free(p);
	}
}

const gpd_reuse *gpd__pages_index(const struct gpd_layout_pages *p)
{
	return p ? p->r : NULL;
}

void gpd__reuse_free(gpd_reuse *r)
{
	if (r) {
		free(r->own);
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
