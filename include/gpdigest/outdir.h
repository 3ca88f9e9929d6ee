/* outdir.h: the output folder, treated as untrusted input: reached only through descriptors walked from it with O_NOFOLLOW, refused where it could hold someone else's files, and locked against a second build. */
#ifndef GPDIGEST_OUTDIR_H
#define GPDIGEST_OUTDIR_H

#include <stddef.h>
#include <sys/stat.h>

#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/output.h"

/* The files of its own a build keeps in the output folder. */
#define GPD_MANIFEST_NAME ".gpdigest-manifest"
#define GPD_LOCK_NAME ".gpdigest-lock"
/* The outputs' file times for the no-op fast path (src/build/statcache.h):
 * differs in every copy of the folder, so it is never committed. */
#define GPD_CACHE_NAME ".gpdigest-cache"

/* An open output folder. Every file under it is reached by openat() and
 * friends from fd, one folder at a time with O_NOFOLLOW|O_DIRECTORY, so a
 * symbolic link anywhere inside the folder (committed by a pull request,
 * say) can never lead a read, write, rename or delete outside it. */
typedef struct gpd_outdir {
	int fd;        /* the folder; -1 when it does not exist (a --check) */
	int lock_fd;   /* the lock file while locked, else -1 */
	int lock_shared; /* the lock is a check's (shared) */
	char *path;    /* as the user gave it, for messages (owned) */
	struct gpd_outdir_folders *folders; /* folders staged into, open (owned) */
} gpd_outdir;

/* True when rel is a name a build could have written: an edition's output
 * as publication.xml allows it (a slug, or folder/slug, each part
 * lower-case letters and digits joined by single hyphens) with .md or
 * .pdf, or a file of its HTML site in a folder of that name (a slug with
 * .html, or style.css: html.h), at most GPD_MAX_OUTPUT_PATH bytes in all.
 * Nothing else in the folder is ever deleted. */
GPD_EXPORT int gpd_output_name_ok(const char *rel);

/* Refuses, before anything exists or is written, an output folder that
 * would put other files at risk: the root folder, a repository's root or
 * any folder inside a .git folder, the records or templates folder, a
 * folder inside either, or one that holds either. Reported (GPD_F_USAGE);
 * 0 or -1. */
GPD_EXPORT int gpd_outdir_check_place(const char *out, const char *records,
	const char *templates, gpd_diag *diag);

/* Opens path as the output folder into *od (path copied). With create,
 * a missing folder and its parents are made. Without, a missing folder
 * gives od->fd == -1 and 0. A folder that is a symbolic link, that is not
 * a folder, or (if refuse_foreign) that is neither empty nor an output
 * folder (one holding GPD_MANIFEST_NAME or GPD_LOCK_NAME) is refused.
 * Returns 0 or -1, reported (GPD_F_USAGE or GPD_F_WRITE). */
GPD_EXPORT int gpd_outdir_open(gpd_outdir *od, const char *path, int create,
	int refuse_foreign, gpd_diag *diag);

/* Takes the folder's build lock (flock on GPD_LOCK_NAME): exclusive for a
 * build, which makes the file and removes it when it closes the folder;
 * shared for a check, which makes nothing (no lock file: no build is
 * running). When another build holds it: with wait, waits; else reports
 * "another build is running (pid N)" and returns -1. A folder that does
 * not exist needs no lock (0). Held until gpd_outdir_close. */
GPD_EXPORT int gpd_outdir_lock(gpd_outdir *od, int shared, int wait, gpd_diag *diag);

/* For an exit that cannot return through the build (a signal, the
 * CommonMark library out of memory): removes the lock file this process
 * holds, as gpd_outdir_close would. */
GPD_EXPORT void gpd_outdir_exit(void);

/* Closes the folder and releases the lock; od may be zeroed or closed. */
GPD_EXPORT void gpd_outdir_close(gpd_outdir *od);

/* The folder that holds rel (a relative path of plain names), opened from
 * od one name at a time, never following a link; with create, missing
 * folders are made. Returns a descriptor the caller closes, with *base
 * set to rel's last name, or -1 with errno (ELOOP for a link, ENOTDIR). */
GPD_EXPORT int gpd_outdir_parent(const gpd_outdir *od, const char *rel, int create,
	const char **base);

/* Reads rel (a regular file, at most max bytes; a link is never followed)
 * into *data (caller frees; NUL-terminated). 0; 1 when it does not exist;
 * -1 when it cannot be read, is a link or is not a regular file. */
GPD_EXPORT int gpd_outdir_read(const gpd_outdir *od, const char *rel, size_t max,
	char **data, size_t *len);

/* lstat() of rel, through the walk. 0, or -1 with errno. */
GPD_EXPORT int gpd_outdir_stat(const gpd_outdir *od, const char *rel, struct stat *st);

/* gpd_stage_at for rel, its folders made as needed (no link followed).
 * Each folder is opened once and stays open until gpd_outdir_close, so
 * any number of staged outputs hold no descriptor of their own; commit
 * or abandon them before closing od. Thread-safe. */
GPD_EXPORT int gpd_outdir_stage(const gpd_outdir *od, const char *rel, const void *data,
	size_t len, gpd_diag *diag, gpd_staged **out);

/* gpd_outdir_stage for one of many outputs committed together, not
 * flushed one by one (gpd_stage_at_unsynced): call gpd_outdir_sync after
 * staging them all and before committing any, and again after. */
GPD_EXPORT int gpd_outdir_stage_unsynced(const gpd_outdir *od, const char *rel,
	const void *data, size_t len, gpd_diag *diag, gpd_staged **out);

/* Removes the folders gpd_outdir_stage made in od, deepest first, each
 * only when it is empty (rmdir): a build that fails, its staged outputs
 * abandoned, leaves the output folder as it found it, not a tree of empty
 * edition folders. Folders that were there before are left alone. */
GPD_EXPORT void gpd_outdir_unmake(const gpd_outdir *od);

/* Flushes the file system of the output folder to disk (gpd_sync_fs).
 * 0, or -1 with errno. */
GPD_EXPORT int gpd_outdir_sync(const gpd_outdir *od);

/* Removes rel when it is a regular file (never a link or a folder).
 * 0; 1 when it does not exist; -1 with errno. */
GPD_EXPORT int gpd_outdir_unlink(const gpd_outdir *od, const char *rel);

/* Removes the folder rel when it is empty (rmdir: never a folder holding
 * anything, never a link). 0, or -1 with errno. */
GPD_EXPORT int gpd_outdir_rmdir(const gpd_outdir *od, const char *rel);

/* The temporary files (GPD_TMP_PREFIX...) an interrupted build left in
 * the folder dir ("" for the output folder itself): fn is called with
 * each one's path relative to the output folder, then, with remove, it is
 * deleted. Returns how many there were. */
GPD_EXPORT size_t gpd_outdir_temporaries(const gpd_outdir *od, const char *dir, int remove,
	void (*fn)(void *ctx, const char *rel), void *ctx);

/* Every entry of the output folder that is not a folder (files, links,
 * FIFOs...), and every folder deeper than max_depth, as a path relative
 * to it, to fn; the build's own files (manifest, lock, cache) and
 * temporaries left out. Links are never followed. */
GPD_EXPORT void gpd_outdir_walk(const gpd_outdir *od, int max_depth,
	void (*fn)(void *ctx, const char *rel), void *ctx);

/* "out/rel" (the folder as given, then rel) for messages; caller frees. */
GPD_EXPORT char *gpd_outdir_shown(const gpd_outdir *od, const char *rel);

#endif
