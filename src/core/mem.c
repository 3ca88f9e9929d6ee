/* mem.c: allocators with a reserve for libraries that cannot run out of memory (mem.h). */
#include "gpdigest/mem.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#include "gpdigest/limits.h"

static _Atomic(void *) reserve;
static atomic_int exhausted;

int gpd_mem_init(void)
{
	void *r = malloc(GPD_MEM_RESERVE_BYTES);

	if (r == NULL)
		return -1;
	r = atomic_exchange(&reserve, r);
	free(r); /* a second call keeps one reserve */
	/* free is the C library's: blocks allocated before this are freed
	 * alike */
	return xmlMemSetup(free, gpd_mem_malloc, gpd_mem_realloc, gpd_mem_strdup) == 0 ? 0 : -1;
}

int gpd_mem_exhausted(void)
{
	return atomic_load(&exhausted);
}

/* The allocation failed: the reserve goes back, once; whether to try
 * again. */
static int spend_reserve(void)
{
	void *r = atomic_exchange(&reserve, NULL);

	atomic_store(&exhausted, 1);
	free(r);
	return r != NULL;
}

void *gpd_mem_malloc(size_t n)
{
	void *p = malloc(n);

	return p != NULL || !spend_reserve() ? p : malloc(n);
}

void *gpd_mem_realloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	return q != NULL || n == 0 || !spend_reserve() ? q : realloc(p, n);
}

char *gpd_mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = gpd_mem_malloc(n);

	return d ? memcpy(d, s, n) : NULL;
}

void *gpd_mem_hpdf_alloc(unsigned int n)
{
	return gpd_mem_malloc(n);
}
