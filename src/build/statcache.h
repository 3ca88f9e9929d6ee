/* statcache.h: the output folder's file times, kept apart from the committed manifest, so a no-op build can trust the outputs without reading them. */
#ifndef GPDIGEST_STATCACHE_H
#define GPDIGEST_STATCACHE_H

#include <stdint.h>

#include "gpdigest/outdir.h"
#include "build/manifest.h"

/* The manifest holds only what a build decides from content (hashes of
 * inputs and bytes), so it reads the same in every clone. What says "these
 * files are still the ones a build wrote" without reading them (size,
 * mtime, ctime, inode) differs between any two copies of the folder, so it
 * lives in GPD_CACHE_NAME, which is never committed (.gitignore): a clone
 * has none, and its first build decides from content and writes one. */

/* The outputs m lists as the file system has them now: name, size,
 * modification and change time, inode (a missing one counts as such). */
uint64_t gpd_statcache_signature(const gpd_outdir *od, const gpd_manifest *m);

/* Whether the folder's cache says the outputs are as the build that wrote
 * m left them: it names m's bytes and the outputs' signature now. Any
 * doubt (no cache, a damaged one, a link) is "no". */
int gpd_statcache_matches(const gpd_outdir *od, const gpd_manifest *m);

/* Records m and the outputs' signature after a build wrote them. A cache
 * is only a shortcut: one that cannot be written is left out (and an old
 * one removed), never an error. */
void gpd_statcache_write(const gpd_outdir *od, const gpd_manifest *m);

#endif
