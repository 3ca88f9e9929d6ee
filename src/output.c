/* output.c: atomic file writes, content hashes, safe file-name slugs. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/output.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gpdigest/buf.h"
#include "gpdigest/input.h"

/* Four independent lanes of 8-byte words, mixed as xxHash64's rounds are:
 * the outputs hashed on every build (is_current, the manifest) run to
 * hundreds of megabytes, where a byte-at-a-time hash spent a second. */
#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t load64(const unsigned char *p) /* little-endian everywhere */
{
	uint64_t v = 0;

	for (int k = 7; k >= 0; k--)
		v = v << 8 | p[k];
	return v;
}

static uint64_t round64(uint64_t acc, uint64_t w)
{
	return rotl(acc + w * P2, 31) * P1;
}

uint64_t gpd_hash(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t a = h + P1 + P2, b = h + P2, c = h, d = h - P1, x;
	size_t i = 0;

	for (; i + 32 <= len; i += 32) {
		a = round64(a, load64(p + i));
		b = round64(b, load64(p + i + 8));
		c = round64(c, load64(p + i + 16));
		d = round64(d, load64(p + i + 24));
	}
	x = (rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18)) ^ (uint64_t)len;
	for (; i + 8 <= len; i += 8)
		x = rotl(x ^ round64(0, load64(p + i)), 27) * P1 + P3;
	for (; i < len; i++)
		x = rotl(x ^ (p[i] * P3), 11) * P1;
	x ^= x >> 33; /* the final avalanche */
	x *= P2;
	x ^= x >> 29;
	x *= P3;
	return x ^ (x >> 32);
}

uint64_t gpd_hash_str(uint64_t h, const char *s)
{
	/* The terminating NUL is hashed too, so ("ab","c") != ("a","bc"). */
	return gpd_hash(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

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

static void sync_folder(const char *dir)
{
	int fd = open(dir, O_RDONLY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Staged files not yet committed or abandoned. A build stages each output
 * as soon as it is rendered (its memory then goes back), so an exit that
 * cannot return through the build (the CommonMark library out of memory)
 * must still remove them: gpd_staged_remove_all. */
static pthread_mutex_t staged_lock = PTHREAD_MUTEX_INITIALIZER;
static char **staged_files;
static size_t nstaged, cstaged;

static int track(char *staged)
{
	int rc = 0;

	pthread_mutex_lock(&staged_lock);
	if (nstaged == cstaged) {
		size_t cap = cstaged ? cstaged * 2 : 64;
		char **p = realloc(staged_files, cap * sizeof *p);

		if (p == NULL)
			rc = -1;
		else {
			staged_files = p;
			cstaged = cap;
		}
	}
	if (rc == 0)
		staged_files[nstaged++] = staged;
	pthread_mutex_unlock(&staged_lock);
	return rc;
}

static void untrack(const char *staged)
{
	pthread_mutex_lock(&staged_lock);
	for (size_t i = 0; i < nstaged; i++)
		if (staged_files[i] == staged) {
			staged_files[i] = staged_files[--nstaged];
			break;
		}
	if (nstaged == 0) {
		free(staged_files);
		staged_files = NULL;
		cstaged = 0;
	}
	pthread_mutex_unlock(&staged_lock);
}

void gpd_staged_remove_all(void)
{
	/* called on the way to _exit: a thread that died holding the lock
	 * must not stop the clean-up */
	int locked = pthread_mutex_trylock(&staged_lock) == 0;

	for (size_t i = 0; i < nstaged; i++)
		unlink(staged_files[i]);
	nstaged = 0;
	if (locked)
		pthread_mutex_unlock(&staged_lock);
}

void gpd_abandon_staged(const char *staged)
{
	if (staged != NULL) {
		unlink(staged);
		untrack(staged);
	}
}

int gpd_write_staged(const char *path, const void *data, size_t len, gpd_diag *diag,
	char **staged)
{
	char *dir = folder_of(path);
	gpd_buf tmp = {0};
	int fd = -1, err = 0;

	*staged = NULL;
	if (dir == NULL || gpd_mkdirs(dir) != 0) {
		err = dir ? errno : ENOMEM;
		goto fail;
	}
	gpd_buf_printf(&tmp, "%s/" GPD_TMP_PREFIX "XXXXXX", dir);
	if (gpd_buf_failed(&tmp) || (fd = mkstemp(tmp.data)) < 0) {
		err = gpd_buf_failed(&tmp) ? ENOMEM : errno;
		goto fail;
	}
	/* errno is cleared first: a short write on a full disk may leave it
	 * unset, and the message must still say why */
	errno = 0;
	if (fchmod(fd, 0644) != 0 || write_fully(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		err = errno ? errno : ENOSPC;
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = errno;
		goto fail;
	}
	fd = -1;
	if (track(tmp.data) != 0) {
		err = ENOMEM;
		goto fail;
	}
	free(dir);
	*staged = gpd_buf_take(&tmp);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	if (tmp.data != NULL && !gpd_buf_failed(&tmp))
		unlink(tmp.data);
	report_write(diag, path, err ? err : EIO);
	free(dir);
	gpd_buf_free(&tmp);
	return -1;
}

int gpd_commit_staged(const char *staged, const char *path, gpd_diag *diag)
{
	char *dir = folder_of(path);

	if (rename(staged, path) != 0) {
		int err = errno;

		gpd_abandon_staged(staged);
		report_write(diag, path, err);
		free(dir);
		return -1;
	}
	untrack(staged);
	if (dir != NULL)
		sync_folder(dir);
	free(dir);
	return 0;
}

int gpd_commit_staged_new(const char *staged, const char *path, gpd_diag *diag)
{
	char *dir;
	int err;

	if (link(staged, path) != 0) {
		err = errno;
		gpd_abandon_staged(staged);
		if (err == EEXIST)
			return 1;
		report_write(diag, path, err);
		return -1;
	}
	gpd_abandon_staged(staged); /* the name is linked: only the temporary goes */
	dir = folder_of(path);
	if (dir != NULL)
		sync_folder(dir);
	free(dir);
	return 0;
}

int gpd_write_atomic(const char *path, const void *data, size_t len, gpd_diag *diag)
{
	char *staged;
	int rc;

	if (gpd_write_staged(path, data, len, diag, &staged) != 0)
		return -1;
	rc = gpd_commit_staged(staged, path, diag);
	free(staged);
	return rc;
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

/* ASCII for the Latin-1 and Latin Extended-A letters U+00C0..U+017F, so
 * "Łódź" slugs to "lodz" rather than "d"; "" for the two symbols. */
static const char *const latin[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* The ASCII letters s's next character stands for ("" for a separator),
 * and how many bytes it takes. Malformed UTF-8 is a separator, one byte at
 * a time; a NUL is never read past. */
static const char *slug_char(const unsigned char *s, size_t *len, char one[2])
{
	unsigned c = s[0];

	*len = 1;
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		one[0] = (char)c;
		one[1] = '\0';
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? one : "";
	}
	if (c >= 0xC3 && c <= 0xC5 && (s[1] & 0xC0) == 0x80) {
		unsigned cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
		*len = 2;
		return cp >= 0xC0 ? latin[cp - 0xC0] : "";
	}
	/* any other character: skip its continuation bytes */
	while ((s[*len] & 0xC0) == 0x80 && *len < 4)
		(*len)++;
	return "";
}

void gpd_slug(const char *text, char *buf, size_t max)
{
	size_t k = 0, len;
	int dash = 0;
	char one[2];

	if (max == 0)
		return;
	for (const unsigned char *s = (const unsigned char *)text; s && *s; s += len) {
		const char *a = slug_char(s, &len, one);

		if (*a == '\0') {
			dash = 1;
			continue;
		}
		for (; *a; a++) {
			int hyphen = dash && k > 0;

			if (k + (size_t)hyphen + 1 > max - 1)
				goto full; /* cut at the limit, never after a hyphen */
			if (hyphen)
				buf[k++] = '-';
			dash = 0;
			buf[k++] = *a;
		}
	}
full:
	if (k == 0 && max > 1)
		buf[k++] = 'x';
	buf[k] = '\0';
}
