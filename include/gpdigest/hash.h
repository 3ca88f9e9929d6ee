/* hash.h: the one content hash, for noticing changes (not for security). */
#ifndef GPDIGEST_HASH_H
#define GPDIGEST_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/export.h"

/* A 64-bit hash of data, continuing from h (start with GPD_HASH_INIT):
 * for noticing changes, not for security. */
#define GPD_HASH_INIT 0xcbf29ce484222325ULL
GPD_EXPORT uint64_t gpd_hash(uint64_t h, const void *data, size_t len);
/* The string and its terminating NUL, so ("ab","c") != ("a","bc"); NULL
 * hashes as "". */
GPD_EXPORT uint64_t gpd_hash_str(uint64_t h, const char *s);

#endif
