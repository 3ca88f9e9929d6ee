/* input.c: reading records and templates only when each is a regular file itself (no symbolic links, FIFOs, devices). */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/input.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not a regular one is, for the diagnostic. */
static const char *kind_of(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return "not a regular file";
}

/* Why open() failed, errno kept: ELOOP is O_NOFOLLOW meeting a symbolic
 * link; ENXIO is a socket (or a device with nothing behind it), which
 * cannot be opened at all, so lstat only names it for the diagnostic. */
static gpd_read_status open_failed(const char *path, const char **kind)
{
	int e = errno;
	struct stat st;
	gpd_read_status rc = GPD_READ_FAILED;

	if (e == ELOOP) {
		rc = GPD_READ_REFUSED;
		if (kind != NULL)
			*kind = "a symbolic link";
	} else if (e == ENXIO && lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = GPD_READ_REFUSED;
		if (kind != NULL)
			*kind = kind_of(st.st_mode);
	} else if (e == ENOENT) {
		rc = GPD_READ_MISSING;
	}
	errno = e;
	return rc;
}

gpd_read_status gpd_read_fd(int fd, size_t size, size_t max, char **data, size_t *len)
{
	size_t n = 0;
	char *p;

	if (size > max)
		return GPD_READ_TOO_LARGE;
	if ((p = malloc(size + 1)) == NULL)
		return GPD_READ_FAILED;
	/* one byte more than the size: a file that grew while we read it is
	 * refused rather than trusted past a size we never checked */
	while (n < size + 1) {
		ssize_t got = read(fd, p + n, size + 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(p);
			errno = e;
			return GPD_READ_FAILED;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > size) {
		free(p);
		return GPD_READ_TOO_LARGE;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return GPD_READ_OK;
}

int gpd_folder_is_link(const char *path, size_t n)
{
	struct stat st;
	char dir[PATH_MAX]; /* not malloc: out of memory, the check passed */

	while (n > 1 && path[n - 1] == '/') /* "records/", "records//x.xml" */
		n--;
	if (n == 0 || n >= sizeof dir) /* longer, no call takes it */
		return 0;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return lstat(dir, &st) == 0 && S_ISLNK(st.st_mode);
}

/* Is the folder path names its file in a symbolic link? O_NOFOLLOW guards
 * only the last component: records/ or templates/ committed as a link to
 * a folder elsewhere would have its files read (and quoted) otherwise. */
static int in_linked_folder(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && gpd_folder_is_link(path, (size_t)(slash - path));
}

gpd_read_status gpd_read_regular(const char *path, size_t max, char **data,
	size_t *len, const char **kind)
{
	/* O_NOFOLLOW: a symbolic link as the last component fails with ELOOP
	 * and is never read; O_NONBLOCK: a FIFO opens at once (and is then
	 * refused) instead of waiting for a writer. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	gpd_read_status rc;
	struct stat st;

	if (kind != NULL)
		*kind = NULL;
	if (fd >= 0 && in_linked_folder(path)) {
		close(fd);
		if (kind != NULL)
			*kind = "in a folder that is a symbolic link";
		return GPD_READ_REFUSED;
	}
	if (fd < 0)
		return open_failed(path, kind);
	if (fstat(fd, &st) != 0) {
		rc = GPD_READ_FAILED;
	} else if (!S_ISREG(st.st_mode)) {
		if (kind != NULL)
			*kind = kind_of(st.st_mode);
		rc = GPD_READ_REFUSED;
	} else {
		rc = (unsigned long long)st.st_size > max ? GPD_READ_TOO_LARGE :
			gpd_read_fd(fd, (size_t)st.st_size, max, data, len);
	}
	if (rc == GPD_READ_FAILED) {
		int e = errno;
		close(fd);
		errno = e;
	} else {
		close(fd);
	}
	return rc;
}
