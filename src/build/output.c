/* output.c: atomic file writes, safe file-name slugs. */
#define _GNU_SOURCE /* syncfs */
#include "gpdigest/output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gpdigest/buf.h"
#include "gpdigest/input.h"

int gpd_mkdirs(const char *dir)
{
	char *p;
	int rc = 0;

	if (dir[0] == '\0') { /* no folder: the loop below starts at dir + 1 */
		errno = ENOENT;
		return -1;
	}
	if ((p = gpd_strdup(dir)) == NULL)
		return -1;
	for (char *s = p + 1; rc == 0; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

static void report_write(gpd_diag *diag, const char *path, int err)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "%s: %s", path, strerror(err));
	gpd_diag_report(diag, path, 0, 0, GPD_F_WRITE, b.data);
	gpd_buf_free(&b);
}

static int write_fully(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The folder part of path ("." when there is none). Caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	gpd_buf b = {0};

	if (slash == NULL)
		gpd_buf_putc(&b, '.');
	else
		gpd_buf_append(&b, path, slash == path ? 1 : (size_t)(slash - path));
	return gpd_buf_take(&b);
}

/* "<prefix><pid>-<n>": unique among this process's temporaries; another
 * process's are kept apart by the build lock and by O_EXCL. */
#define TMP_NAME_MAX (sizeof(GPD_TMP_PREFIX) + 48)

struct gpd_staged {
	int dirfd;                 /* the target's folder */
	int owns_dirfd;            /* closed with the staged file */
	int unsynced;              /* not flushed: gpd_stage_at_unsynced */
	size_t slot;               /* its index in staged_files while tracked */
	char tmp[TMP_NAME_MAX];    /* the temporary's name in it */
	char *name;                /* the target's name in it */
	char *shown;               /* the target as diagnostics name it */
};

/* Staged files not yet committed or abandoned. A temporary is opened
 * outside the lock (the writers' opens, most of a page's cost, run side
 * by side), but counted in `creating` from before its open until it is
 * tracked: gpd_staged_exit (on the signal thread) closes the door, then
 * waits for that count to reach 0, so it sees every temporary that
 * exists, and none appears after it has run. */
static pthread_mutex_t staged_lock = PTHREAD_MUTEX_INITIALIZER;
static gpd_staged **staged_files;
static size_t nstaged, cstaged, creating;
static unsigned long staged_serial;
static long staged_pid;
static int staged_closed;

static int track_locked(gpd_staged *s)
{
	if (nstaged == cstaged) {
		size_t cap = cstaged ? cstaged * 2 : 64;
		gpd_staged **p = realloc(staged_files, cap * sizeof *p);

		if (p == NULL)
			return -1;
		staged_files = p;
		cstaged = cap;
	}
	s->slot = nstaged;
	staged_files[nstaged++] = s;
	return 0;
}

/* Constant time: a build may hold tens of thousands of staged pages. */
static void untrack_locked(const gpd_staged *s)
{
	size_t i = s->slot;

	if (i < nstaged && staged_files[i] == s) {
		staged_files[i] = staged_files[--nstaged];
		staged_files[i]->slot = i;
	}
	if (nstaged == 0) {
		free(staged_files);
		staged_files = NULL;
		cstaged = 0;
	}
}

/* Removes every tracked temporary; with closing, refuses new ones from
 * then on (the process is exiting). */
static void remove_all(int closing)
{
	/* a thread that died holding the lock (cmark's abort path) must not
	 * stop the clean-up on the way to _exit */
	int locked = pthread_mutex_trylock(&staged_lock) == 0;
	struct timespec pause = {0, 10 * 1000 * 1000};

	/* a writer holds it only for a moment, or an unlink */
	for (int i = 0; i < 100 && !locked; i++) {
		nanosleep(&pause, NULL);
		locked = pthread_mutex_trylock(&staged_lock) == 0;
	}
	staged_closed |= closing;
	/* a temporary being opened is tracked as soon as it is (an open takes
	 * microseconds; a second at most, for a stalled file system) */
	for (int i = 0; i < 100 && locked && creating > 0; i++) {
		pthread_mutex_unlock(&staged_lock);
		nanosleep(&pause, NULL);
		pthread_mutex_lock(&staged_lock);
	}
	for (size_t i = 0; i < nstaged; i++)
		unlinkat(staged_files[i]->dirfd, staged_files[i]->tmp, 0);
	nstaged = 0;
	if (locked)
		pthread_mutex_unlock(&staged_lock);
}

void gpd_staged_remove_all(void)
{
	remove_all(0);
}

void gpd_staged_exit(void)
{
	remove_all(1);
}

static void staged_free(gpd_staged *s)
{
	if (s == NULL)
		return;
	if (s->owns_dirfd && s->dirfd >= 0)
		close(s->dirfd);
	free(s->name);
	free(s->shown);
	free(s);
}

/* The next temporary's name, unless the process is on its way out; the
 * caller is counted in `creating` until create_tracked is done. */
static int next_name(gpd_staged *s, int first)
{
	int ok;

	pthread_mutex_lock(&staged_lock);
	if ((ok = !staged_closed) != 0) {
		if (staged_pid == 0)
			staged_pid = (long)getpid();
		snprintf(s->tmp, sizeof(s->tmp), GPD_TMP_PREFIX "%ld-%lu", staged_pid,
			++staged_serial);
		creating += first;
	}
	pthread_mutex_unlock(&staged_lock);
	if (!ok)
		errno = EINTR;
	return ok;
}

/* Creates the temporary and tracks it. Returns its descriptor, or -1 with
 * errno set. */
static int create_tracked(gpd_staged *s)
{
	int fd = -1, err;

	if (!next_name(s, 1))
		return -1;
	for (int tries = 0; tries < 100; tries++) {
		fd = openat(s->dirfd, s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			0644);
		if (fd >= 0 || errno != EEXIST || !next_name(s, 0))
			break;
	}
	err = errno;
	pthread_mutex_lock(&staged_lock);
	if (fd >= 0 && track_locked(s) != 0) {
		unlinkat(s->dirfd, s->tmp, 0);
		close(fd);
		fd = -1;
		err = ENOMEM;
	}
	creating--;
	pthread_mutex_unlock(&staged_lock);
	errno = err;
	return fd;
}

/* Removes the temporary (if any) and forgets it; s stays allocated. */
static void discard(gpd_staged *s)
{
	pthread_mutex_lock(&staged_lock);
	unlinkat(s->dirfd, s->tmp, 0);
	untrack_locked(s);
	pthread_mutex_unlock(&staged_lock);
}

void gpd_abandon_staged(gpd_staged *s)
{
	if (s == NULL)
		return;
	discard(s);
	staged_free(s);
}

/* gpd_stage_at; with owns, dirfd is the staged file's (closed with it,
 * or at once on failure); with unsynced, the data is not flushed. */
static int stage(int dirfd, int owns, int unsynced, const char *name, const char *shown,
	const void *data, size_t len, gpd_diag *diag, gpd_staged **out)
{
	gpd_staged *s = calloc(1, sizeof(*s));
	int fd = -1, err = ENOMEM, tracked = 0;

	*out = NULL;
	if (s == NULL) {
		if (owns)
			close(dirfd);
		goto fail;
	}
	s->dirfd = dirfd;
	s->owns_dirfd = owns;
	s->unsynced = unsynced;
	s->name = gpd_strdup(name);
	s->shown = gpd_strdup(shown);
	if (s->name == NULL || s->shown == NULL)
		goto fail;
	if ((fd = create_tracked(s)) < 0) {
		err = errno;
		goto fail;
	}
	tracked = 1;
	/* errno is cleared first: a short write on a full disk may leave it
	 * unset, and the message must still say why */
	errno = 0;
	if (fchmod(fd, 0644) != 0 || write_fully(fd, data, len) != 0 ||
	    (!unsynced && fsync(fd) != 0)) {
		err = errno ? errno : ENOSPC;
		goto fail;
	}
	err = close(fd) != 0 ? errno : 0;
	fd = -1;
	if (err != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	if (tracked)
		discard(s);
	report_write(diag, shown, err ? err : EIO);
	staged_free(s);
	return -1;
}

int gpd_stage_at(int dirfd, const char *name, const char *shown, const void *data,
	size_t len, gpd_diag *diag, gpd_staged **out)
{
	return stage(dirfd, 0, 0, name, shown, data, len, diag, out);
}

int gpd_stage_at_unsynced(int dirfd, const char *name, const char *shown, const void *data,
	size_t len, gpd_diag *diag, gpd_staged **out)
{
	return stage(dirfd, 0, 1, name, shown, data, len, diag, out);
}

int gpd_sync_fs(int fd)
{
	return syncfs(fd);
}

int gpd_write_staged(const char *path, const void *data, size_t len, gpd_diag *diag,
	gpd_staged **out)
{
	char *dir = folder_of(path);
	const char *slash = strrchr(path, '/');
	int dirfd = -1, rc = -1, err = ENOMEM;

	*out = NULL;
	if (dir != NULL && (gpd_mkdirs(dir) != 0 ||
	    (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0))
		err = errno;
	if (dirfd >= 0)
		rc = stage(dirfd, 1, 0, slash ? slash + 1 : path, path, data, len, diag, out);
	else
		report_write(diag, path, err);
	free(dir);
	return rc;
}

int gpd_staged_check(const gpd_staged *s, gpd_diag *diag)
{
	struct stat st;

	if (fstatat(s->dirfd, s->name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
		return 0; /* absent, a file or a link: rename replaces it */
	report_write(diag, s->shown, EISDIR);
	return -1;
}

int gpd_commit_staged(gpd_staged *s, gpd_diag *diag)
{
	int rc = 0, err = 0;

	/* outside the lock: a clean-up that runs meanwhile finds the
	 * temporary renamed (nothing to remove) or removes it first (then
	 * this fails, on a process on its way out) */
	if (renameat(s->dirfd, s->tmp, s->dirfd, s->name) != 0) {
		err = errno;
		unlinkat(s->dirfd, s->tmp, 0);
		rc = -1;
	}
	pthread_mutex_lock(&staged_lock);
	untrack_locked(s);
	pthread_mutex_unlock(&staged_lock);
	if (rc != 0)
		report_write(diag, s->shown, err);
	else if (!s->unsynced)
		fsync(s->dirfd); /* the rename itself on disk */
	staged_free(s);
	return rc;
}

int gpd_commit_staged_new(gpd_staged *s, gpd_diag *diag)
{
	int rc = 0, err = 0;

	if (linkat(s->dirfd, s->tmp, s->dirfd, s->name, 0) != 0) {
		err = errno;
		rc = err == EEXIST ? 1 : -1;
	}
	discard(s); /* linked or not, only the temporary goes */
	if (rc < 0)
		report_write(diag, s->shown, err);
	else if (rc == 0)
		fsync(s->dirfd);
	staged_free(s);
	return rc;
}

int gpd_write_atomic(const char *path, const void *data, size_t len, gpd_diag *diag)
{
	gpd_staged *s;

	if (gpd_write_staged(path, data, len, diag, &s) != 0)
		return -1;
	return gpd_commit_staged(s, diag);
}

int gpd_read_all(const char *path, size_t max, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int rc;

	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	rc = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		gpd_read_fd(fd, (size_t)st.st_size, max, data, len) == GPD_READ_OK ? 0 : -1;
	close(fd);
	return rc;
}
