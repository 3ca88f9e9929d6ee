/* hash.c: the one content hash: records, outputs, the manifest, font streams. */
#include "gpdigest/hash.h"

#include <string.h>

/* Four independent lanes of 8-byte words, mixed as xxHash64's rounds are:
 * the outputs hashed on every build (is_current, the manifest) run to
 * hundreds of megabytes, where a byte-at-a-time hash spent a second. */
#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* The word read little-endian on every machine. On a little-endian one
 * that is a plain load: gcc does not see one in the shifts (they cost
 * three quarters of the hash, 18 M of validate's 656 M instructions at
 * N = 1,000, by callgrind). */
static uint64_t load64(const unsigned char *p)
{
	uint64_t v = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, sizeof(v));
#else
	for (int k = 7; k >= 0; k--)
		v = v << 8 | p[k];
#endif
	return v;
}

static uint64_t round64(uint64_t acc, uint64_t w)
{
	return rotl(acc + w * P2, 31) * P1;
}

uint64_t gpd_hash(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t a = h + P1 + P2, b = h + P2, c = h, d = h - P1, x;
	size_t i = 0;

	for (; i + 32 <= len; i += 32) {
		a = round64(a, load64(p + i));
		b = round64(b, load64(p + i + 8));
		c = round64(c, load64(p + i + 16));
		d = round64(d, load64(p + i + 24));
	}
	x = (rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18)) ^ (uint64_t)len;
	for (; i + 8 <= len; i += 8)
		x = rotl(x ^ round64(0, load64(p + i)), 27) * P1 + P3;
	for (; i < len; i++)
		x = rotl(x ^ (p[i] * P3), 11) * P1;
	x ^= x >> 33; /* the final avalanche */
	x *= P2;
	x ^= x >> 29;
	x *= P3;
	return x ^ (x >> 32);
}

uint64_t gpd_hash_str(uint64_t h, const char *s)
{
	/* The terminating NUL is hashed too, so ("ab","c") != ("a","bc"). */
	return gpd_hash(h, s ? s : "", s ? strlen(s) + 1 : 1);
}
