/* layout_pack.c: reads back the file libharu saved, object by object, for layout_tag.c to write it again packed. */
#include <stdlib.h>
#include <string.h>

#include "layout/layout_pack.h"

/*
 * libharu 2.3.0 writes every object at the top level with a classic
 * cross-reference table: a page's dictionary, each link annotation and
 * outline entry, and a separate object for each stream's length. In a
 * compendium those dictionaries are a third of the file. PDF 1.5 lets
 * them share deflated object streams, indexed by a cross-reference
 * stream; layout_tag.c writes the file that way, and this file gives it
 * libharu's objects to write.
 *
 * The file is read as libharu writes it and nothing else is accepted:
 * "N 0 obj\n" ... "endobj\n" spans, in any order, that tile the bytes
 * between the header and the table; a stream is
 * "<<\n/Length M 0 R ... >>\nstream\r\n" data "\nendstream\nendobj\n",
 * with its length the lone number in object M.
 */

static const char END_OBJ[] = "endobj\n";
static const char END_STREAM[] = "\nendstream\nendobj\n";
static const char AT_STREAM[] = ">>\nstream\r\n";
static const char LENGTH[] = "<<\n/Length ";

typedef struct span {
	size_t off, end;
	uint32_t id;
} span;

static const unsigned char *find(const unsigned char *p, const unsigned char *end, const char *s)
{
	size_t n = strlen(s);

	for (; (size_t)(end - p) >= n; p++)
		if (*p == (unsigned char)s[0] && memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

static int ends_with(const unsigned char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && memcmp(p + n - k, s, k) == 0;
}

long long gpd__pdf_digits(const unsigned char **p, const unsigned char *end, int max)
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

static int by_off(const void *a, const void *b)
{
	const span *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* The table's in-use entries as spans, sorted, each ending where the next
 * begins (the last at the table). */
static span *spans_of(const unsigned char *table, uint32_t count, size_t xoff, size_t *n)
{
	span *s = malloc((count ? count : 1) * sizeof *s);

	*n = 0;
	if (!s)
		return NULL;
	for (uint32_t id = 1; id < count; id++) {
		const unsigned char *e = table + 20 * (size_t)id, *q = e;
		long long off = gpd__pdf_digits(&q, e + 10, 10);

		if (e[17] != 'n')
			continue;
		if (off < 0 || (size_t)off >= xoff) {
			free(s);
			return NULL;
		}
		s[(*n)++] = (span){(size_t)off, 0, id};
	}
	qsort(s, *n, sizeof *s, by_off);
	for (size_t i = 0; i < *n; i++)
		s[i].end = i + 1 < *n ? s[i + 1].off : xoff;
	return s;
}

/* The number an object holds (a stream's length), or -1. */
static long long number_in(const gpd_pk_obj *o)
{
	const unsigned char *p = o->text, *end = o->text + o->tlen;
	long long v = gpd__pdf_digits(&p, end, 15);

	return p == end ? v : -1;
}

/* One span: id's "N 0 obj\n" checked, then the object's text or stream. */
static int read_obj(const unsigned char *pdf, const span *s, gpd_pk_obj *o)
{
	const unsigned char *p = pdf + s->off, *end = pdf + s->end, *at;

	if (gpd__pdf_digits(&p, end, 10) != s->id || (size_t)(end - p) < 7
	    || memcmp(p, " 0 obj\n", 7) != 0)
		return -1;
	p += 7;
	if (ends_with(p, (size_t)(end - p), END_STREAM)) {
		if ((size_t)(end - p) < sizeof LENGTH - 1 || memcmp(p, LENGTH, sizeof LENGTH - 1) != 0
		    || !(at = find(p, end, AT_STREAM)))
			return -1;
		o->kind = PK_STREAM;
		o->text = p;
		o->tlen = sizeof LENGTH - 1;
		o->rest = p + o->tlen;
		o->rlen = (size_t)(at + 2 - o->rest);
		o->data = at + sizeof AT_STREAM - 1;
		o->dlen = (size_t)(end - (sizeof END_STREAM - 1) - o->data);
		return 0;
	}
	if (!ends_with(p, (size_t)(end - p), END_OBJ))
		return -1;
	o->kind = PK_PLAIN;
	o->text = p;
	o->tlen = (size_t)(end - p) - (sizeof END_OBJ - 1);
	while (o->tlen && (o->text[o->tlen - 1] == '\n' || o->text[o->tlen - 1] == '\r'))
		o->tlen--;
	return 0;
}

/* A stream's "M 0 R" length: object M must hold exactly the data's length;
 * M is then dropped (the length is written directly) and rest skips it. */
static int direct_length(gpd_pk_file *f, gpd_pk_obj *o)
{
	const unsigned char *p = o->rest, *end = o->rest + o->rlen;
	long long m = gpd__pdf_digits(&p, end, 10);

	if (m <= 0 || m >= f->count || (size_t)(end - p) < 4 || memcmp(p, " 0 R", 4) != 0
	    || f->obj[m].kind != PK_PLAIN || number_in(&f->obj[m]) != (long long)o->dlen)
		return -1;
	f->obj[m].kind = PK_FREE;
	o->rlen -= (size_t)(p + 4 - o->rest);
	o->rest = p + 4;
	return 0;
}

/* The trailer's entries between "<<\n" and ">>", but /Size. */
static int read_trailer(const unsigned char *p, const unsigned char *end, gpd_pk_file *f)
{
	const unsigned char *size, *close, *nl;

	if ((size_t)(end - p) < 11 || memcmp(p, "trailer\n<<\n", 11) != 0)
		return -1;
	p += 11;
	if (!(close = find(p, end, ">>")) || !(size = find(p, close, "/Size "))
	    || !(nl = find(size, close, "\n")) || nl + 1 != close)
		return -1;
	f->trailer = p;
	f->trlen = (size_t)(size - p);
	return 0;
}

int gpd__pack_read(const unsigned char *pdf, size_t len, gpd_pk_file *f)
{
	const unsigned char *end = pdf + len, *p, *sx, *table;
	long long xoff, count;
	span *s;
	size_t n, i;

	memset(f, 0, sizeof *f);
	if (!(sx = find(len > 64 ? end - 64 : pdf, end, "startxref\n")))
		return -1;
	p = sx + 10;
	if ((xoff = gpd__pdf_digits(&p, end, 12)) < 0 || (size_t)xoff >= len)
		return -1;
	p = pdf + xoff;
	if ((size_t)(end - p) < 7 || memcmp(p, "xref\n0 ", 7) != 0)
		return -1;
	p += 7;
	if ((count = gpd__pdf_digits(&p, end, 9)) <= 0 || p >= end || *p++ != '\n'
	    || count > (end - p) / 20 || read_trailer(p + 20 * count, end, f))
		return -1;
	table = p;
	f->count = (uint32_t)count;
	if (!(s = spans_of(table, f->count, (size_t)xoff, &n)))
		return -1;
	f->obj = calloc(f->count, sizeof *f->obj);
	f->head = n ? s[0].off : (size_t)xoff;
	for (i = 0; f->obj && i < n && read_obj(pdf, &s[i], &f->obj[s[i].id]) == 0; i++)
		;
	free(s);
	if (!f->obj || i < n)
		goto bad;
	for (uint32_t id = 1; id < f->count; id++)
		if (f->obj[id].kind == PK_STREAM && direct_length(f, &f->obj[id]))
			goto bad;
	return 0;
bad:
	gpd__pack_free(f);
	return -1;
}

void gpd__pack_free(gpd_pk_file *f)
{
	free(f->obj);
	f->obj = NULL;
	f->count = 0;
}
