/* failmalloc.c: preloaded (LD_PRELOAD) by tests/cli/failure.sh: the
 * GPD_FAIL_ALLOC-th allocation (malloc, calloc, realloc) made by the
 * program's own code returns NULL, once. A library's own allocations are
 * left alone: cmark's allocator aborts by design, libxml2 and libharu
 * report theirs to us, and ulimit -v (failure.sh) fails them all alike.
 * Where ulimit -v fails whichever allocation comes last, this reaches any
 * one of ours: a build under ulimit -v crashed only now and then, freeing
 * a template's tree that was NULL. GPD_FAIL_ALLOC=0 fails none and, with
 * GPD_FAIL_COUNT naming a file, writes there how many the program made. */
#define _GNU_SOURCE
#include <link.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t k, size_t n);
extern void *__libc_realloc(void *p, size_t n);

static uintptr_t lo = UINTPTR_MAX, hi;
static long target = -1;
static atomic_long count;

/* The main program's loaded segments: its code's addresses. */
static int program(struct dl_phdr_info *info, size_t size, void *first)
{
	(void)size;
	if (!*(int *)first)
		return 1;
	*(int *)first = 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		uintptr_t a = info->dlpi_addr + p->p_vaddr;

		if (p->p_type != PT_LOAD)
			continue;
		lo = a < lo ? a : lo;
		hi = a + p->p_memsz > hi ? a + p->p_memsz : hi;
	}
	return 1;
}

__attribute__((constructor)) static void start(void)
{
	const char *s = getenv("GPD_FAIL_ALLOC");
	int first = 1;

	if (s != NULL)
		target = atol(s);
	dl_iterate_phdr(program, &first);
}

__attribute__((destructor)) static void finish(void)
{
	const char *f = getenv("GPD_FAIL_COUNT");
	FILE *fp;

	if (target == 0 && f != NULL && (fp = fopen(f, "w")) != NULL) {
		fprintf(fp, "%ld\n", atomic_load(&count));
		fclose(fp);
	}
}

static int fail(const void *caller)
{
	uintptr_t c = (uintptr_t)caller;

	if (target < 0 || c < lo || c >= hi || atomic_fetch_add(&count, 1) + 1 != target)
		return 0;
	errno = ENOMEM; /* as glibc's allocator says it */
	return 1;
}

/* exported, over the project's hidden default: they replace libc's */
#define EXPORT __attribute__((visibility("default")))

EXPORT void *malloc(size_t n)
{
	return fail(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

EXPORT void *calloc(size_t k, size_t n)
{
	return fail(__builtin_return_address(0)) ? NULL : __libc_calloc(k, n);
}

EXPORT void *realloc(void *p, size_t n)
{
	return fail(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}
