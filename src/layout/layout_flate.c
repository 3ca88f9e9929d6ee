/* layout_flate.c: deflating (libdeflate) every stream gpdigest compresses itself: pages, fonts, the structure tree. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zlib.h>

#include "gpdigest/hash.h"
#include "gpdigest/layout.h"
#include "layout/layout_flate.h"

/* libdeflate compresses a whole buffer at once, about three times as fast
 * as zlib at the same size; its output is a plain zlib stream, so readers
 * see the same /FlateDecode. libharu still deflates, with its zlib, the
 * few streams it makes itself (pages it is left, metadata). */

int gpd__flate(struct libdeflate_compressor *c, int level, const void *raw, size_t n,
	unsigned char **z, size_t *zlen)
{
	struct libdeflate_compressor *own = c ? NULL : libdeflate_alloc_compressor(level);
	unsigned char *t;
	size_t cap;

	*z = NULL;
	if (!c && !(c = own))
		return -1;
	cap = libdeflate_zlib_compress_bound(c, n);
	if ((*z = malloc(cap ? cap : 1)) != NULL)
		*zlen = libdeflate_zlib_compress(c, raw, n, *z, cap);
	libdeflate_free_compressor(own);
	if (!*z || *zlen == 0) { /* within the bound it cannot fail */
		free(*z);
		*z = NULL;
		return -1;
	}
	/* the bound is about the input's size; a page waits for the saving
	 * thread with its deflated bytes, which are a fifth of that */
	if ((t = realloc(*z, *zlen)) != NULL)
		*z = t;
	return 0;
}

int gpd__flate_same(const unsigned char *z, size_t zlen, const unsigned char *want, size_t n)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	unsigned char *buf = malloc(n ? n : 1);
	size_t in = 0, out = 0;
	int same = 0;

	/* exactly n bytes, no more (INSUFFICIENT_SPACE), all of z read */
	if (d && buf && libdeflate_zlib_decompress_ex(d, z, zlen, buf, n, &in, &out) ==
		LIBDEFLATE_SUCCESS)
		same = in == zlen && out == n && memcmp(buf, want, n) == 0;
	free(buf);
	libdeflate_free_decompressor(d);
	return same;
}

uint32_t gpd__adler32(uint32_t a, const void *p, size_t n)
{
	return libdeflate_adler32(a, p, n);
}

/* The deflaters' identity: the versions, and a hash of what libdeflate
 * makes of a fixed text at each level used, so a library that compresses
 * differently (a new release, another build) is told apart even when its
 * version string is the same. */
static char id[96] = "none";
static pthread_once_t id_once = PTHREAD_ONCE_INIT;

static void make_id(void)
{
	static const char probe[] = "BT /F1 10 Tf 72 720 Td (page 1 of 2: the same bytes, "
		"the same bytes, the same bytes) Tj ET 0.5 w 72 700 m 520 700 l S";
	static const int levels[] = { GPD_FLATE_PAGE_LEVEL, GPD_FLATE_FONT_LEVEL,
		GPD_FLATE_TREE_LEVEL };
	uint64_t h = GPD_HASH_INIT;

	for (size_t k = 0; k < sizeof levels / sizeof *levels; k++) {
		unsigned char *z;
		size_t zlen;

		if (gpd__flate(NULL, levels[k], probe, sizeof probe - 1, &z, &zlen) != 0)
			return;
		h = gpd_hash(h, z, zlen);
		free(z);
	}
	snprintf(id, sizeof id, "libdeflate %s %016llx zlib %s", LIBDEFLATE_VERSION_STRING,
		(unsigned long long)h, zlibVersion());
}

const char *gpd_layout_deflater(void)
{
	pthread_once(&id_once, make_id);
	return id;
}
