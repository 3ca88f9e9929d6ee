/* mem.h: the allocator given to libxml2 and libharu, with a reserve for when memory runs out (core). */
#ifndef GPDIGEST_MEM_H
#define GPDIGEST_MEM_H

#include <stddef.h>

#include "gpdigest/export.h"

/*
 * libxml2 2.9 and libharu 2.3 do not survive an allocation that fails in
 * some of their paths (schema compiling and validating, loading a font):
 * they go on with NULL and crash. So they allocate through these
 * functions, which hold GPD_MEM_RESERVE_BYTES back from the start: the
 * first time an allocation fails, the reserve is given back and the
 * allocation tried again, so the library's call can finish, and
 * gpd_mem_exhausted() says so from then on. The program then reports
 * running out of memory and fails (exit 2) before it writes anything, as
 * it does when its own allocations fail.
 */

/* Sets the reserve aside and gives the allocators to libxml2 (libharu
 * takes them in HPDF_NewEx). Call once, first. 0, or -1 when even the
 * reserve cannot be had. */
GPD_EXPORT int gpd_mem_init(void);
/* Whether the reserve has been spent: memory ran out. */
GPD_EXPORT int gpd_mem_exhausted(void);

GPD_EXPORT void *gpd_mem_malloc(size_t n);
GPD_EXPORT void *gpd_mem_realloc(void *p, size_t n);
GPD_EXPORT char *gpd_mem_strdup(const char *s);
/* libharu's allocation function type (HPDF_UINT is unsigned int). */
GPD_EXPORT void *gpd_mem_hpdf_alloc(unsigned int n);

#endif
