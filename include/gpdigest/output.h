/* output.h: writing files so that a reader never sees a half-written one. */
#ifndef GPDIGEST_OUTPUT_H
#define GPDIGEST_OUTPUT_H

#include <stddef.h>

#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/slug.h" /* the names outputs are given */

/* Prefix of the temporary files a write leaves only if it is killed; the
 * next build removes them. */
#define GPD_TMP_PREFIX ".gpdigest-tmp-"

/* Creates dir and its parents (like mkdir -p). 0, or -1 with errno set. */
GPD_EXPORT int gpd_mkdirs(const char *dir);

/* Writes data to path atomically: a temporary file in the same folder,
 * flushed to disk, then renamed over path, then the folder synced. On any
 * failure the temporary file is removed, path is untouched, and the reason
 * is reported (GPD_F_WRITE naming the path). Returns 0 or -1. */
GPD_EXPORT int gpd_write_atomic(const char *path, const void *data, size_t len,
	gpd_diag *diag);

/* A file written under a temporary name beside its target and flushed to
 * disk, not yet in place. Writing in two steps lets a build make all its
 * outputs appear together or none. Every staged file is tracked until it
 * is committed or abandoned, so an exit that cannot return through its
 * caller (a signal, the CommonMark library out of memory) removes them all
 * (gpd_staged_remove_all). */
typedef struct gpd_staged gpd_staged;

/* Stages data as the file `name` (a plain name, no '/') of the folder open
 * as dirfd (borrowed: it must stay open until the staged file is committed
 * or abandoned; one descriptor per folder however many outputs). The
 * temporary is created with O_EXCL|O_NOFOLLOW, so nothing already in the
 * folder (a symbolic link planted there) is ever followed or reused.
 * `shown` names the target in diagnostics (copied). 0 with *out set, or -1
 * reported (GPD_F_WRITE) with nothing left behind. */
GPD_EXPORT int gpd_stage_at(int dirfd, const char *name, const char *shown,
	const void *data, size_t len, gpd_diag *diag, gpd_staged **out);

/* gpd_stage_at for one of many files committed together (the pages of
 * the HTML editions: tens of thousands, where a flush each would take
 * minutes): the data is not flushed to disk file by file. Call
 * gpd_sync_fs once after staging them all and before committing any, so
 * a rename never reaches the disk before its data; gpd_commit_staged then
 * leaves the folder unsynced too: call gpd_sync_fs again after the last
 * commit. */
GPD_EXPORT int gpd_stage_at_unsynced(int dirfd, const char *name, const char *shown,
	const void *data, size_t len, gpd_diag *diag, gpd_staged **out);

/* Flushes everything written to the file system that holds the open file
 * or folder fd (syncfs). 0, or -1 with errno. */
GPD_EXPORT int gpd_sync_fs(int fd);

/* gpd_stage_at for a path: its folder is created (like mkdir -p) and
 * opened first. */
GPD_EXPORT int gpd_write_staged(const char *path, const void *data, size_t len,
	gpd_diag *diag, gpd_staged **out);

/* Can the staged file be renamed over its target? Not when the target is
 * a folder (out/ is untrusted: a folder can stand where an output goes):
 * reported, -1. A build checks every staged file before it renames the
 * first, so a failure leaves the output folder as it was. 0 otherwise. */
GPD_EXPORT int gpd_staged_check(const gpd_staged *s, gpd_diag *diag);

/* Renames the staged file over its target and syncs the folder (not for
 * gpd_stage_at_unsynced's files); on failure
 * removes the temporary and reports. Frees s either way. 0 or -1. */
GPD_EXPORT int gpd_commit_staged(gpd_staged *s, gpd_diag *diag);

/* Like gpd_commit_staged, but never replaces an existing target (link(),
 * not rename()): returns 1, unreported, when it exists. The temporary is
 * removed and s freed in every case. */
GPD_EXPORT int gpd_commit_staged_new(gpd_staged *s, gpd_diag *diag);

/* Removes the temporary and frees s (NULL: nothing). */
GPD_EXPORT void gpd_abandon_staged(gpd_staged *s);

/* Removes every file staged and not yet committed or abandoned. Safe to
 * call from a thread other than the writers'. */
GPD_EXPORT void gpd_staged_remove_all(void);

/* gpd_staged_remove_all for an exit that cannot return through its caller
 * (a signal, the CommonMark library out of memory): staging fails from
 * then on, so no temporary appears before the process is gone. */
GPD_EXPORT void gpd_staged_exit(void);

/* Reads a whole file (at most max bytes) into *data (caller frees).
 * Returns 0, 1 when the file does not exist, -1 on another error. */
GPD_EXPORT int gpd_read_all(const char *path, size_t max, char **data, size_t *len);

#endif
