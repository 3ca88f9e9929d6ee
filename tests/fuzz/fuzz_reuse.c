/* fuzz_reuse.c: libFuzzer target: a damaged previous save offered for reuse -> the same bytes as a fresh save. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "gpdigest/layout.h"

#include <zlib.h>

/*
 * A rebuild reads the PDF the last build wrote (layout_reuse.c) and copies
 * page streams from it. build.c only offers a file whose hash the manifest
 * vouches for, but the reader must still never crash, hang or change a
 * byte of the result whatever the file holds. The input is an edit script
 * over a real previous save (a whole PDF is too big to mutate blindly):
 * each 4 bytes overwrite one byte, anywhere in the file (a 23-bit offset)
 * or, when the first byte's top bit is set, inside one of the deflated
 * page streams (its index, a 16-bit offset), then the value; a final short
 * piece, if any, cuts the file at that fraction of its length. The oracle:
 * the save equals a fresh save of the same document, byte for byte but
 * for reused page streams, which must inflate to the same content: deflate
 * writes one text many ways, and an edit the inflater cannot see (a match
 * pointing at another equal run, padding bits, the header's level bits:
 * the inputs in regress/ show each) leaves a stream that is still right.
 * The edits keep every length, so the streams lie where fresh has them.
 */

static void warn_nothing(void *ctx, gpd_layout_warn kind, const char *arg)
{
	(void)ctx;
	(void)kind;
	(void)arg;
}

/* Five pages; page 2 says something else in the "after" version. */
static gpd_layout *document(int after)
{
	gpd_style st;
	gpd_layout *L;
	char text[160];

	gpd_style_defaults(&st);
	L = gpd_layout_new(&st, warn_nothing, NULL);
	if (L == NULL)
		abort();
	gpd_layout_set_running_title(L, "Reuse fuzzing");
	for (int i = 0; i < 5; i++) {
		gpd_run r = { text, GPD_RUN_STRLEN, GPD_FACE_REGULAR, NULL, NULL, NULL, 0, NULL };

		snprintf(text, sizeof text, "Page %d: %s \xCE\xB1\xCE\xB2 \xE2\x80\x99 words to deflate.",
			i, after && i == 2 ? "changed" : "as it was");
		gpd_layout_paragraph(L, &r, 1);
		gpd_layout_page_break(L);
	}
	return L;
}

static void save(gpd_layout *L, const void *prev, size_t plen, unsigned char **out,
	size_t *len)
{
	gpd_docinfo info = { "T", "A", "S", "K", "C", 1700000000 };

	gpd_layout_reuse_from(L, prev, plen);
	if (gpd_layout_save_mem(L, &info, out, len) != 0)
		abort();
}

static unsigned char *before, *fresh;
static size_t before_len, fresh_len;

/* Where the deflated stream data of page-content-shaped objects lie in
 * before (found by the dictionary layout_tag.c writes before them); empty
 * ones are left out, as an offset in them means nothing. */
#define MAX_STREAMS 64
typedef struct streams {
	size_t off[MAX_STREAMS], len[MAX_STREAMS], n;
} streams;
static streams in_before, in_fresh;

static void find_streams(const unsigned char *pdf, size_t pdf_len, streams *st)
{
	static const char head[] = "/Filter/FlateDecode>>\nstream\n"; /* GPD_FLATE_TAIL */
	size_t hl = sizeof head - 1;

	for (size_t i = 0; i + hl < pdf_len && st->n < MAX_STREAMS; i++) {
		size_t start = i + hl, end = start;

		if (memcmp(pdf + i, head, hl) != 0)
			continue;
		while (end + 10 <= pdf_len && memcmp(pdf + end, "\nendstream", 10) != 0)
			end++;
		if (end + 10 > pdf_len)
			break;
		i = end;
		if (end == start) /* an empty stream (a page with no furniture): nothing to edit */
			continue;
		st->off[st->n] = start;
		st->len[st->n++] = end - start;
	}
	if (st->n == 0)
		abort(); /* the harness no longer matches what libharu writes */
}

/* The content a zlib stream inflates to, in a new buffer (NULL: it does not). */
static unsigned char *inflated(const unsigned char *z, size_t zlen, uLongf *n)
{
	uLongf cap = 1 << 20;
	unsigned char *buf = malloc(cap);

	*n = cap;
	if (buf == NULL)
		abort();
	if (uncompress(buf, n, z, (uLong)zlen) != Z_OK) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* got is fresh but for page streams that inflate to what fresh's do. */
static int same_but_encoding(const unsigned char *got, size_t glen)
{
	size_t k = 0;

	if (glen != fresh_len)
		return 0;
	for (size_t i = 0; i < glen; i++) {
		unsigned char *a, *b;
		uLongf an, bn;
		int same;

		if (got[i] == fresh[i])
			continue;
		while (k < in_fresh.n && in_fresh.off[k] + in_fresh.len[k] <= i)
			k++;
		if (k == in_fresh.n || i < in_fresh.off[k])
			return 0; /* a difference outside every stream's data */
		a = inflated(got + in_fresh.off[k], in_fresh.len[k], &an);
		b = inflated(fresh + in_fresh.off[k], in_fresh.len[k], &bn);
		same = a && b && an == bn && memcmp(a, b, an) == 0;
		free(a);
		free(b);
		if (!same)
			return 0;
		i = in_fresh.off[k] + in_fresh.len[k] - 1; /* this stream is settled */
	}
	return 1;
}

static void once(void)
{
	gpd_layout *L;

	if (before != NULL)
		return;
	L = document(0);
	save(L, NULL, 0, &before, &before_len);
	gpd_layout_free(L);
	L = document(1);
	save(L, NULL, 0, &fresh, &fresh_len);
	gpd_layout_free(L);
	find_streams(before, before_len, &in_before);
	find_streams(fresh, fresh_len, &in_fresh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *prev, *got;
	size_t plen, glen, i;
	gpd_layout *L;

	once();
	if ((prev = malloc(before_len)) == NULL)
		abort();
	memcpy(prev, before, before_len);
	plen = before_len;
	for (i = 0; i + 4 <= size; i += 4) {
		size_t at;

		if (data[i] & 0x80) {
			size_t k = (data[i] & 0x7f) % in_before.n;

			at = in_before.off[k] + ((size_t)data[i + 1] << 8 | data[i + 2]) %
				in_before.len[k];
		} else {
			at = ((size_t)data[i] << 16 | (size_t)data[i + 1] << 8 | data[i + 2]) % plen;
		}
		prev[at] = data[i + 3];
	}
	if (i < size) /* a cut */
		plen = plen * data[i] / 256;
	L = document(1);
	save(L, prev, plen, &got, &glen);
	if (!same_but_encoding(got, glen))
		abort(); /* a damaged previous save changed the output */
	gpd_layout_free(L);
	free(got);
	free(prev);
	return 0;
}
