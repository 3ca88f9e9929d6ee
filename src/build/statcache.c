/* statcache.c: out/.gpdigest-cache: the outputs' file times for the no-op fast path, never committed. */
#define _POSIX_C_SOURCE 200809L
#include "build/statcache.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gpdigest/buf.h"
#include "gpdigest/hash.h"
#include "gpdigest/output.h"

#define CACHE_HEADER "gpdigest-cache 1"
/* A cache is three short lines; anything longer is not one. */
#define CACHE_MAX 256

uint64_t gpd_statcache_signature(const gpd_outdir *od, const gpd_manifest *m)
{
	uint64_t h = GPD_HASH_INIT;

	for (size_t i = 0; i < m->n; i++) {
		struct stat st;

		h = gpd_hash_str(h, m->items[i].path);
		if (gpd_outdir_stat(od, m->items[i].path, &st) == 0 && S_ISREG(st.st_mode)) {
			long long v[6] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
				(long long)st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
				(long long)st.st_ctim.tv_nsec, (long long)st.st_ino};
			h = gpd_hash(h, v, sizeof(v));
		} else {
			h = gpd_hash_str(h, "<missing>");
		}
	}
	return h;
}

/* The cache's bytes for m as the outputs are now; NULL out of memory. */
static char *cache_text(const gpd_outdir *od, const gpd_manifest *m)
{
	gpd_buf b = {0}, man = {0};
	uint64_t mh;

	gpd_manifest_format(m, &man);
	if (gpd_buf_failed(&man))
		return NULL;
	mh = gpd_hash(GPD_HASH_INIT, man.data, man.len);
	gpd_buf_free(&man);
	gpd_buf_printf(&b, CACHE_HEADER "\nmanifest %016" PRIx64 "\noutputs %016" PRIx64 "\n",
		mh, gpd_statcache_signature(od, m));
	return gpd_buf_take(&b);
}

int gpd_statcache_matches(const gpd_outdir *od, const gpd_manifest *m)
{
	char *want, *have = NULL;
	size_t len = 0;
	int same;

	if (gpd_outdir_read(od, GPD_CACHE_NAME, CACHE_MAX, &have, &len) != 0)
		return 0;
	want = cache_text(od, m);
	same = want != NULL && strlen(want) == len && memcmp(want, have, len) == 0;
	free(want);
	free(have);
	return same;
}

void gpd_statcache_write(const gpd_outdir *od, const gpd_manifest *m)
{
	gpd_diag *quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	char *text = cache_text(od, m), *old = NULL;
	gpd_staged *staged = NULL;
	size_t len = 0;

	/* unchanged, it is not rewritten: a no-op build changes no file */
	if (text != NULL && gpd_outdir_read(od, GPD_CACHE_NAME, CACHE_MAX, &old, &len) == 0 &&
	    len == strlen(text) && memcmp(old, text, len) == 0) {
		free(old);
		free(text);
		gpd_diag_free(quiet);
		return;
	}
	free(old);
	if (quiet == NULL || text == NULL ||
	    gpd_outdir_stage(od, GPD_CACHE_NAME, text, strlen(text), quiet, &staged) != 0 ||
	    gpd_commit_staged(staged, quiet) != 0)
		gpd_outdir_unlink(od, GPD_CACHE_NAME); /* a stale one must not stay */
	free(text);
	gpd_diag_free(quiet);
}
