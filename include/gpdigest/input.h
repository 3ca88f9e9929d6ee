/* input.h: reading the files gpdigest is given (records, templates) only when each is a regular file itself. */
#ifndef GPDIGEST_INPUT_H
#define GPDIGEST_INPUT_H

#include <stddef.h>

#include "gpdigest/export.h"
#include "gpdigest/limits.h" /* GPD_MAX_FILE_BYTES: the largest record or template read */

/* What gpd_read_regular found. */
typedef enum gpd_read_status {
	GPD_READ_OK,
	GPD_READ_MISSING,   /* no such file */
	GPD_READ_REFUSED,   /* a symbolic link, FIFO, folder, device or socket */
	GPD_READ_TOO_LARGE, /* over max bytes (or it grew past its size while read) */
	GPD_READ_FAILED     /* another error; errno says which (ENOMEM included) */
} gpd_read_status;

/* Reads the whole of path (at most max bytes) into *data, NUL-terminated
 * (caller frees), and its length into *len; only when path is a regular
 * file itself. A hostile pull request can make records/x.xml or
 * templates/cover.md a symbolic link to a secret, or a FIFO that hangs the
 * run: the file is opened with O_NOFOLLOW and O_NONBLOCK and its type is
 * checked on the descriptor opened (fstat), never stat-then-open, so
 * nothing can be swapped in between. On GPD_READ_REFUSED *kind (when not
 * NULL) names what it is ("a symbolic link", "a FIFO"...), a static string. */
/* Is the folder named by the first n bytes of path (trailing '/'s
 * aside) a symbolic link? Records and templates are read only from the
 * project's own folders, never through a link to one elsewhere. */
GPD_EXPORT int gpd_folder_is_link(const char *path, size_t n);

GPD_EXPORT gpd_read_status gpd_read_regular(const char *path, size_t max, char **data,
	size_t *len, const char **kind);

/* Reads the rest of the open file fd, a regular file of st_size bytes, into
 * *data as gpd_read_regular does (used by it and gpd_read_all). Does not
 * close fd. GPD_READ_OK, GPD_READ_TOO_LARGE or GPD_READ_FAILED. */
GPD_EXPORT gpd_read_status gpd_read_fd(int fd, size_t size, size_t max, char **data,
	size_t *len);

#endif
