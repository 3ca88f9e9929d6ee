/* layout_flate.h: the deflater of every stream gpdigest compresses itself (layout_flate.c; not installed). */
#ifndef GPDIGEST_LAYOUT_FLATE_H
#define GPDIGEST_LAYOUT_FLATE_H

#include <stddef.h>
#include <stdint.h>

struct libdeflate_compressor;

/* The levels (libdeflate's 1..12), one home for each: they shape the
 * output bytes, so a change raises GPD_OUTPUT_FORMAT. All chosen by
 * measurement (bytes against CPU time and memory, tests/bench/README.md);
 * fonts at 9, not 12: 12 saved 332 bytes on the N = 1,000 compendium's
 * fonts and cost 4.7 MB more peak memory (its compressor is large). The
 * object streams (every dictionary: the structure tree, the pages, the
 * links) at 6: on a 300-record compendium 9 would save 50 bytes a page
 * more but, on the saving thread, it cost more CPU than shaping does
 * (8 and 9 search deep in the parent tree's runs of references); on the
 * N = 1,000 compendium (PDF only, callgrind) 7 cost 4.7 % more
 * instructions than 6 for 0.4 % fewer bytes, and 5 saved another 1.8 %
 * for 0.8 % more bytes. */
#ifndef GPD_FLATE_PAGE_LEVEL
#define GPD_FLATE_PAGE_LEVEL 6
#endif
#define GPD_FLATE_FONT_LEVEL 9
#ifndef GPD_FLATE_TREE_LEVEL
#define GPD_FLATE_TREE_LEVEL 6
#endif

/* n bytes as a zlib-wrapped deflate stream (what /FlateDecode reads) in a
 * new buffer *z (the caller frees it); c is a compressor to use (NULL: one
 * is made for this call at level). 0, or -1 when out of memory. */
int gpd__flate(struct libdeflate_compressor *c, int level, const void *raw, size_t n,
	unsigned char **z, size_t *zlen);

/* Does the zlib stream z[0..zlen) inflate to exactly the n bytes at want? */
int gpd__flate_same(const unsigned char *z, size_t zlen, const unsigned char *want, size_t n);

/* The Adler-32 of n bytes, continuing from a (1 to start). */
uint32_t gpd__adler32(uint32_t a, const void *p, size_t n);

#endif
