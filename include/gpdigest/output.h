/* output.h: writing files so that a reader never sees a half-written one, and hashing contents. */
#ifndef GPDIGEST_OUTPUT_H
#define GPDIGEST_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/diag.h"
#include "gpdigest/export.h"

/* Prefix of the temporary files a write leaves only if it is killed; the
 * next build removes them. */
#define GPD_TMP_PREFIX ".gpdigest-tmp-"

/* A 64-bit hash of data, continuing from h (start with GPD_HASH_INIT):
 * for noticing changes, not for security. */
#define GPD_HASH_INIT 0xcbf29ce484222325ULL
GPD_EXPORT uint64_t gpd_hash(uint64_t h, const void *data, size_t len);
GPD_EXPORT uint64_t gpd_hash_str(uint64_t h, const char *s);

/* Creates dir and its parents (like mkdir -p). 0, or -1 with errno set. */
GPD_EXPORT int gpd_mkdirs(const char *dir);

/* Writes data to path atomically: a temporary file in the same folder,
 * flushed to disk, then renamed over path, then the folder synced. On any
 * failure the temporary file is removed, path is untouched, and the reason
 * is reported (GPD_F_WRITE naming the path). Returns 0 or -1. */
GPD_EXPORT int gpd_write_atomic(const char *path, const void *data, size_t len,
	gpd_diag *diag);

/* gpd_write_atomic in two steps, so a build can make all its outputs
 * appear together or none: gpd_write_staged writes data to a new temporary
 * file beside path (named GPD_TMP_PREFIX...) and flushes it to disk, path
 * untouched, handing its name to *staged (caller frees); on failure nothing
 * is left and the reason is reported. gpd_commit_staged renames it over
 * path and syncs the folder (on failure it removes the temporary and
 * reports). gpd_abandon_staged removes a staged file instead. Both
 * return 0 or -1. */
GPD_EXPORT int gpd_write_staged(const char *path, const void *data, size_t len,
	gpd_diag *diag, char **staged);
GPD_EXPORT int gpd_commit_staged(const char *staged, const char *path, gpd_diag *diag);
GPD_EXPORT void gpd_abandon_staged(const char *staged);

/* Removes every file staged and not yet committed or abandoned, for an
 * exit that cannot return through its caller (no memory left). */
GPD_EXPORT void gpd_staged_remove_all(void);

/* Like gpd_commit_staged, but never replaces an existing path (link(),
 * not rename()): returns 1, unreported, when path exists. The temporary
 * is removed in every case. */
GPD_EXPORT int gpd_commit_staged_new(const char *staged, const char *path, gpd_diag *diag);

/* Reads a whole file (at most max bytes) into *data (caller frees).
 * Returns 0, 1 when the file does not exist, -1 on another error. */
GPD_EXPORT int gpd_read_all(const char *path, size_t max, char **data, size_t *len);

/* A file-name slug: lower-case ASCII letters and digits (accented Latin
 * letters, U+00C0..U+017F, as their base letters: "Łódź" is "lodz"; Greek
 * and Cyrillic transliterated: "Москва" is "moskva"), other runs folded to
 * one hyphen, no leading/trailing hyphen, at most max-1 bytes; "x" when
 * nothing is left. A name Windows reserves (CON, PRN, AUX, NUL, COM1-9,
 * LPT1-9) gets "-la": "con-la". Can never contain '/', '.', or NUL.
 * Returns 1, or 0 when text gave no letter or digit (buf is then "x"). */
GPD_EXPORT int gpd_slug(const char *text, char *buf, size_t max);

#endif
