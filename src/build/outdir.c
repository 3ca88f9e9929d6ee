/* outdir.c: the output folder as untrusted input: refused places, descriptor walks with O_NOFOLLOW, the build lock. */
#define _GNU_SOURCE /* O_DIRECTORY, O_NOFOLLOW, flock, realpath's friends */
#include "gpdigest/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "gpdigest/buf.h"
#include "gpdigest/html.h"
#include "gpdigest/limits.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* The extensions of the files a build writes beside an edition's folder
 * (its HTML site, in the folder, is html.h's). */
static const char *const output_exts[] = {"md", "pdf"};

static int slug_part_ok(const char *s, const char *end)
{
	int prev_dash = 1; /* no leading hyphen */

	if (s == end)
		return 0;
	for (; s < end; s++) {
		int dash = *s == '-';

		if (!dash && !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
		if (dash && prev_dash)
			return 0;
		prev_dash = dash;
	}
	return !prev_dash; /* no trailing hyphen */
}

/* An edition's output: a slug, or folder/slug, ending at end. */
static int edition_ok(const char *s, const char *end)
{
	const char *slash = memchr(s, '/', (size_t)(end - s));

	if (slash == NULL)
		return slug_part_ok(s, end);
	return slug_part_ok(s, slash) && slug_part_ok(slash + 1, end);
}

int gpd_output_name_ok(const char *rel)
{
	const char *dot = strrchr(rel, '.'), *slash = strrchr(rel, '/');

	if (dot == NULL || strlen(rel) > GPD_MAX_OUTPUT_PATH)
		return 0;
	for (size_t i = 0; i < sizeof(output_exts) / sizeof(output_exts[0]); i++)
		if (strcmp(dot + 1, output_exts[i]) == 0)
			return (slash == NULL || slash < dot) && edition_ok(rel, dot);
	/* an edition's site: EDITION/PAGE.html and EDITION/style.css */
	if (slash == NULL || slash > dot)
		return 0;
	if (strcmp(slash + 1, GPD_HTML_STYLESHEET) != 0 &&
	    !(strcmp(dot, ".html") == 0 && slug_part_ok(slash + 1, dot)))
		return 0;
	return edition_ok(rel, slash);
}

/* The folders outputs are staged into, each opened once (a build stages
 * hundreds of outputs into two or three folders and holds them all until
 * the end: one descriptor each would run out). */
struct gpd_outdir_folders {
	pthread_mutex_t lock;
	struct { char *dir; int fd; } *items;
	size_t n;
	char **made;  /* folders staging made, as paths in the output folder, */
	size_t nmade; /* in the order made: a failed build takes them back */
};

static void free_folders(struct gpd_outdir_folders *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++) {
		close(f->items[i].fd);
		free(f->items[i].dir);
	}
	free(f->items);
	for (size_t i = 0; i < f->nmade; i++)
		free(f->made[i]);
	free(f->made);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/* ---- where an output folder may be ---- */

/* Appends the names of rest to b (an absolute path), "." and ".." taken
 * lexically: rest does not exist yet, so no link can be in it. */
static void append_lexical(gpd_buf *b, const char *rest)
{
	while (*rest) {
		const char *slash = strchr(rest, '/');
		size_t n = slash ? (size_t)(slash - rest) : strlen(rest);

		if (n == 2 && rest[0] == '.' && rest[1] == '.') {
			while (b->len > 1 && b->data[b->len - 1] != '/')
				b->len--;
			if (b->len > 1)
				b->len--;
			b->data[b->len] = '\0';
		} else if (n > 0 && !(n == 1 && rest[0] == '.')) {
			if (b->len != 1)
				gpd_buf_putc(b, '/');
			gpd_buf_append(b, rest, n);
		}
		rest += n + (slash != NULL);
	}
}

/* The absolute path without links that path names, whether or not it
 * exists yet: its deepest existing ancestor through realpath(), the names
 * after it lexically. Caller frees; NULL when it cannot be resolved. */
static char *resolve(const char *path)
{
	char *cur = gpd_strdup(path), *real = NULL;
	gpd_buf rest = {0}, b = {0};

	while (cur != NULL && (real = realpath(*cur ? cur : ".", NULL)) == NULL &&
	       errno == ENOENT && *cur && strcmp(cur, "/") != 0) {
		/* cut the last name off cur, onto the front of rest */
		char *slash = strrchr(cur, '/');
		gpd_buf r = {0};

		gpd_buf_printf(&r, "%s/%s", slash ? slash + 1 : cur, rest.data ? rest.data : "");
		gpd_buf_free(&rest);
		rest = r;
		if (slash == NULL)
			cur[0] = '\0';
		else
			slash[slash == cur] = '\0'; /* "/x" leaves "/" */
	}
	if (real != NULL) {
		gpd_buf_puts(&b, real);
		append_lexical(&b, rest.data ? rest.data : "");
	}
	free(real);
	free(cur);
	gpd_buf_free(&rest);
	if (real == NULL || gpd_buf_failed(&b)) {
		gpd_buf_free(&b);
		return NULL;
	}
	return gpd_buf_take(&b);
}

/* a is b or inside it */
static int within(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (strcmp(b, "/") == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

static int has_git_part(const char *abs)
{
	for (const char *p = strstr(abs, "/.git"); p; p = strstr(p + 1, "/.git"))
		if (p[5] == '\0' || p[5] == '/')
			return 1;
	return 0;
}

static int refuse(gpd_diag *diag, const char *out, const char *why)
{
	gpd_buf msg = {0};

	gpd_buf_printf(&msg, "refusing to build into '%s': %s; pass another --out", out, why);
	gpd_diag_report(diag, NULL, 0, 0, GPD_F_OUTPUT_FOLDER, msg.data);
	gpd_buf_free(&msg);
	return -1;
}

/* Refuses out when it is, holds or lies inside the folder `what` names. */
static int clashes(const char *o, const char *other, const char *what, gpd_diag *diag,
	const char *out)
{
	gpd_buf why = {0};
	int rc = 0;

	if (other == NULL)
		return 0;
	if (strcmp(o, other) == 0)
		gpd_buf_printf(&why, "it is the %s folder", what);
	else if (within(other, o))
		gpd_buf_printf(&why, "it holds the %s folder", what);
	else if (within(o, other))
		gpd_buf_printf(&why, "it is inside the %s folder", what);
	if (why.len > 0)
		rc = refuse(diag, out, why.data);
	gpd_buf_free(&why);
	return rc;
}

int gpd_outdir_check_place(const char *out, const char *records, const char *templates,
	gpd_diag *diag)
{
	char *o = resolve(out), *r = resolve(records), *t = resolve(templates);
	gpd_buf git = {0};
	struct stat st;
	int rc = -1;

	if (o == NULL) {
		rc = refuse(diag, out, "its location cannot be resolved");
		goto out;
	}
	gpd_buf_printf(&git, "%s/.git", o);
	if (strcmp(o, "/") == 0)
		refuse(diag, out, "it is the root folder");
	else if (has_git_part(o))
		refuse(diag, out, "it is inside a Git repository's .git folder");
	else if (!gpd_buf_failed(&git) && lstat(git.data, &st) == 0)
		refuse(diag, out, "it is a repository's root folder");
	else if (clashes(o, r, "records", diag, out) == 0 &&
		 clashes(o, t, "templates", diag, out) == 0)
		rc = 0;
out:
	gpd_buf_free(&git);
	free(o);
	free(r);
	free(t);
	return rc;
}

/* ---- opening ---- */

static int is_temporary(const char *name)
{
	return strncmp(name, GPD_TMP_PREFIX, strlen(GPD_TMP_PREFIX)) == 0;
}

/* Calls fn for every entry of the folder open as fd (but . and ..), with
 * the entry's lstat; stops at the first nonzero fn, returning it. */
static int each_entry(int fd, int (*fn)(int fd, const char *name, const struct stat *st,
	void *ctx), void *ctx)
{
	/* a descriptor of its own: a dup would share (and move) fd's offset */
	int own = openat(fd, ".", DIR_FLAGS), rc = 0;
	DIR *d = own >= 0 ? fdopendir(own) : NULL;
	struct dirent *e;

	if (d == NULL) {
		if (own >= 0)
			close(own);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		rc = fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ? -1 :
			fn(fd, e->d_name, &st, ctx);
	}
	closedir(d);
	return rc;
}

/* At the top of the output folder: outputs and temporaries (else 1). */
static int top_file(const char *name, const struct stat *st)
{
	return S_ISREG(st->st_mode) && (is_temporary(name) || gpd_output_name_ok(name)) ? 0 : 1;
}

static int folder_foreign(int fd, const char *name, int depth);

/* An entry of a folder at depth 1 (an edition's site, or a folder of
 * editions: digests/) or 2 (the site of an edition in one:
 * digests/london/): what a build writes there, and at depth 1 the folders
 * of sites (else 1). */
static int inner_entry(int fd, const char *name, const struct stat *st, void *ctx)
{
	int depth = *(const int *)ctx;
	char probe[NAME_MAX + 8];

	if (S_ISDIR(st->st_mode))
		return depth == 1 ? folder_foreign(fd, name, 2) : 1;
	if (!S_ISREG(st->st_mode))
		return 1;
	if (is_temporary(name) || (depth == 1 && gpd_output_name_ok(name)))
		return 0; /* digests/london.md is "london.md" in digests/ */
	snprintf(probe, sizeof(probe), "x/%s", name); /* a page of some edition x */
	return gpd_output_name_ok(probe) ? 0 : 1;
}

/* Whether the folder name in fd holds anything a build does not write. */
static int folder_foreign(int fd, const char *name, int depth)
{
	char probe[NAME_MAX + 8];
	int sub, foreign;

	snprintf(probe, sizeof(probe), "%s.md", name); /* named like an output */
	if (!gpd_output_name_ok(probe) || (sub = openat(fd, name, DIR_FLAGS)) < 0)
		return 1;
	foreign = each_entry(sub, inner_entry, &depth) != 0;
	close(sub);
	return foreign;
}

typedef struct folder_scan {
	int marked;   /* holds the manifest or the lock file */
	int foreign;  /* holds something a build does not write */
	const char *odd; /* the manifest's or the lock's name, when not a file */
} folder_scan;

/* One entry of the output folder: the manifest or the lock file mark it
 * as an output folder; outputs, temporaries and folders holding only what
 * a build writes are a build's; anything else is foreign. */
static int top_entry(int fd, const char *name, const struct stat *st, void *ctx)
{
	folder_scan *scan = ctx;

	int mark = strcmp(name, GPD_MANIFEST_NAME) == 0 || strcmp(name, GPD_LOCK_NAME) == 0;

	if (mark && S_ISREG(st->st_mode))
		scan->marked = 1;
	else if (mark)
		scan->odd = strcmp(name, GPD_MANIFEST_NAME) == 0 ? GPD_MANIFEST_NAME : GPD_LOCK_NAME;
	else if (S_ISREG(st->st_mode) && strcmp(name, GPD_CACHE_NAME) == 0)
		scan->foreign |= 0; /* a build's own, but no mark: it is not committed */
	else if (!S_ISDIR(st->st_mode))
		scan->foreign |= top_file(name, st);
	else
		scan->foreign |= folder_foreign(fd, name, 1);
	return 0; /* look at every entry: the mark may come last */
}

/* Whether a build may write into the folder open as fd: it holds the
 * manifest or the lock file (an output folder), or nothing but what a
 * build writes (empty, or what a first build that was stopped before its
 * manifest left). Anything else may be someone's work. */
static int is_ours_or_empty(int fd, const char **odd)
{
	folder_scan scan = {0, 0, NULL};

	if (each_entry(fd, top_entry, &scan) != 0)
		return 0;
	*odd = scan.odd;
	return !scan.odd && (scan.marked || !scan.foreign);
}

static int open_failed(gpd_diag *diag, const char *path, int err)
{
	gpd_buf msg = {0};

	if (err == ELOOP) {
		gpd_buf_printf(&msg, "'%s' is a symbolic link; pass the folder it points to as --out",
			path);
		gpd_diag_report(diag, path, 0, 0, GPD_F_OUTPUT_FOLDER, msg.data);
	} else {
		gpd_buf_printf(&msg, "%s: %s", path, strerror(err));
		gpd_diag_report(diag, path, 0, 0, GPD_F_WRITE, msg.data);
	}
	gpd_buf_free(&msg);
	return -1;
}

int gpd_outdir_open(gpd_outdir *od, const char *path, int create, int refuse_foreign,
	gpd_diag *diag)
{
	const char *odd = NULL;
	int rc;

	*od = (gpd_outdir){-1, -1, 0, gpd_strdup(path), NULL};
	if (od->path == NULL)
		return gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, ""), -1;
	od->fd = open(path, DIR_FLAGS);
	if (od->fd < 0 && errno == ENOENT) {
		if (!create)
			return 0;
		if (gpd_mkdirs(path) != 0)
			return open_failed(diag, path, errno);
		od->fd = open(path, DIR_FLAGS);
	}
	if (od->fd < 0) {
		struct stat st;
		int err = errno;

		/* O_NOFOLLOW|O_DIRECTORY on a link says ENOTDIR or ELOOP */
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			err = ELOOP;
		return open_failed(diag, path, err);
	}
	if (refuse_foreign && !is_ours_or_empty(od->fd, &odd)) {
		gpd_buf why = {0};

		close(od->fd);
		od->fd = -1;
		/* a build's own name standing for something it never makes
		 * (out/ is untrusted): said by name, not as "not ours" */
		if (odd != NULL)
			gpd_buf_printf(&why, "its %s is not a file (a build writes one there): "
				"remove it", odd);
		rc = refuse(diag, path, why.data ? why.data :
			"it is neither empty nor a gpdigest output folder");
		gpd_buf_free(&why);
		return rc;
	}
	od->folders = calloc(1, sizeof(*od->folders));
	if (od->folders == NULL || pthread_mutex_init(&od->folders->lock, NULL) != 0) {
		free(od->folders);
		od->folders = NULL;
		return gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, ""), -1;
	}
	return 0;
}

/* The pid the lock's holder wrote into it, or 0. The file is untrusted:
 * only digits are taken. */
static long holder_pid(int fd)
{
	char text[24] = "";
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	long pid = 0;

	for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9' && pid < 100000000; i++)
		pid = pid * 10 + (text[i] - '0');
	return pid;
}

static int report_busy(const gpd_outdir *od, int fd, gpd_diag *diag)
{
	gpd_buf msg = {0};
	long pid = holder_pid(fd);

	if (pid > 0)
		gpd_buf_printf(&msg, " (pid %ld)", pid);
	gpd_buf_printf(&msg, " in '%s'; wait for it, or pass --wait", od->path);
	gpd_diag_report(diag, NULL, 0, 0, GPD_F_BUSY, msg.data);
	gpd_buf_free(&msg);
	return -1;
}

/* Whether fd is still the file the folder calls GPD_LOCK_NAME: the
 * holder before us may have removed it (a build removes its lock file
 * when it ends), and a lock on a removed file guards nothing. */
static int still_linked(const gpd_outdir *od, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && fstatat(od->fd, GPD_LOCK_NAME, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
		a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The folder whose lock file this process made and holds, for
 * gpd_outdir_exit: an exit that cannot return through the build. */
static volatile int exclusive_dirfd = -1;

void gpd_outdir_exit(void)
{
	int fd = exclusive_dirfd;

	if (fd >= 0)
		unlinkat(fd, GPD_LOCK_NAME, 0);
}

/* The lock file cannot be opened: named, with what it is (a link or a
 * folder in out/, which is untrusted, is no build's). -1. */
static int lock_failed(const gpd_outdir *od, int err, gpd_diag *diag)
{
	char *shown = gpd_outdir_shown(od, GPD_LOCK_NAME);
	gpd_buf msg = {0};
	int planted = err == ELOOP || err == EISDIR;

	gpd_buf_printf(&msg, "cannot take the build lock %s: %s%s", shown ? shown : GPD_LOCK_NAME,
		err == ELOOP ? "it is a symbolic link" : strerror(err),
		planted ? " (no build makes one): remove it" : "");
	gpd_diag_report(diag, shown, 0, 0, GPD_F_OUTPUT_FOLDER, msg.data);
	gpd_buf_free(&msg);
	free(shown);
	return -1;
}

int gpd_outdir_lock(gpd_outdir *od, int shared, int wait, gpd_diag *diag)
{
	int op = (shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
	/* a check writes nothing, not even a lock file: when there is none,
	 * no build is running */
	int flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC | (shared ? 0 : O_CREAT);

	if (od->fd < 0)
		return 0;
	for (;;) {
		int fd = openat(od->fd, GPD_LOCK_NAME, flags, 0644), rc;

		if (fd < 0)
			return shared && (errno == ENOENT || errno == EROFS || errno == EACCES) ? 0 :
				lock_failed(od, errno, diag);
		while ((rc = flock(fd, op)) != 0 && errno == EINTR)
			;
		if (rc != 0) {
			report_busy(od, fd, diag);
			close(fd);
			return -1;
		}
		if (still_linked(od, fd)) {
			od->lock_fd = fd;
			od->lock_shared = shared;
			break;
		}
		close(fd); /* removed under us: lock the new one */
		if (shared)
			return 0;
	}
	if (!shared) {
		char pid[24];
		int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		/* the pid is only a courtesy to the next build's message */
		ssize_t wrote = ftruncate(od->lock_fd, 0) == 0 ? pwrite(od->lock_fd, pid, (size_t)n, 0) : -1;

		(void)wrote;
		exclusive_dirfd = od->fd;
	}
	return 0;
}

void gpd_outdir_close(gpd_outdir *od)
{
	if (od->lock_fd >= 0) {
		/* a build leaves no lock file behind (one killed outright does,
		 * and the next build takes it over); a check never made one */
		if (!od->lock_shared) {
			exclusive_dirfd = -1;
			unlinkat(od->fd, GPD_LOCK_NAME, 0);
		}
		close(od->lock_fd); /* releases the flock */
	}
	free_folders(od->folders);
	if (od->fd >= 0)
		close(od->fd);
	free(od->path);
	*od = (gpd_outdir){-1, -1, 0, NULL, NULL};
}

/* ---- walking ---- */

/* Notes the folder rel0[0, len) as made by this build (f's lock held). 0,
 * or -1 out of memory. */
static int note_made(struct gpd_outdir_folders *f, const char *rel0, size_t len)
{
	char **grown = realloc(f->made, (f->nmade + 1) * sizeof(*f->made));

	if (grown == NULL)
		return -1;
	f->made = grown;
	if ((f->made[f->nmade] = strndup(rel0, len)) == NULL)
		return -1;
	f->nmade++;
	return 0;
}

/* gpd_outdir_parent; each folder it makes noted in made when not NULL. */
static int parent_walk(const gpd_outdir *od, const char *rel, int create, const char **base,
	struct gpd_outdir_folders *made)
{
	const char *rel0 = rel;
	int fd;

	if (od->fd < 0) {
		errno = ENOENT;
		return -1;
	}
	if ((fd = fcntl(od->fd, F_DUPFD_CLOEXEC, 0)) < 0)
		return -1;
	for (;;) {
		const char *slash = strchr(rel, '/');
		char name[NAME_MAX + 1];
		size_t n;
		int next;

		if (slash == NULL) {
			*base = rel;
			return fd;
		}
		n = (size_t)(slash - rel);
		if (n == 0 || n > NAME_MAX || (n <= 2 && strncmp(rel, "..", n) == 0)) {
			close(fd);
			errno = EINVAL; /* "", "." or "..": never a name of ours */
			return -1;
		}
		memcpy(name, rel, n);
		name[n] = '\0';
		next = openat(fd, name, DIR_FLAGS);
		if (next < 0 && errno == ENOENT && create) {
			if (mkdirat(fd, name, 0777) == 0) {
				if (made != NULL && note_made(made, rel0, (size_t)(slash - rel0)) != 0) {
					close(fd);
					errno = ENOMEM;
					return -1;
				}
				next = openat(fd, name, DIR_FLAGS);
			} else if (errno == EEXIST) {
				next = openat(fd, name, DIR_FLAGS);
			}
		}
		close(fd);
		if (next < 0)
			return -1;
		fd = next;
		rel = slash + 1;
	}
}

int gpd_outdir_parent(const gpd_outdir *od, const char *rel, int create, const char **base)
{
	return parent_walk(od, rel, create, base, NULL);
}

void gpd_outdir_unmake(const gpd_outdir *od)
{
	struct gpd_outdir_folders *f = od->folders;

	if (f == NULL || od->fd < 0)
		return;
	pthread_mutex_lock(&f->lock);
	for (size_t i = f->nmade; i-- > 0;) /* the deepest, made last, first */
		unlinkat(od->fd, f->made[i], AT_REMOVEDIR); /* only when empty */
	pthread_mutex_unlock(&f->lock);
}

static int cached_folder(const gpd_outdir *od, const char *rel, const char **base);

int gpd_outdir_read(const gpd_outdir *od, const char *rel, size_t max, char **data,
	size_t *len)
{
	const char *base;
	/* a folder staged into is open already: a site's pages need no walk */
	int cached = cached_folder(od, rel, &base);
	int dirfd = cached >= 0 ? cached : gpd_outdir_parent(od, rel, 0, &base), fd, rc = -1;
	struct stat st;
	char *p = NULL;
	size_t got = 0;

	if (dirfd < 0)
		return errno == ENOENT ? 1 : -1;
	fd = openat(dirfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (dirfd != cached)
		close(dirfd);
	if (fd < 0)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max ||
	    (p = malloc((size_t)st.st_size + 1)) == NULL)
		goto out;
	while (got <= (size_t)st.st_size) {
		ssize_t n = read(fd, p + got, (size_t)st.st_size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got > (size_t)st.st_size)
		goto out; /* it grew while read */
	p[got] = '\0';
	*data = p;
	*len = got;
	p = NULL;
	rc = 0;
out:
	free(p);
	close(fd);
	return rc;
}

int gpd_outdir_stat(const gpd_outdir *od, const char *rel, struct stat *st)
{
	const char *base;
	int cached = cached_folder(od, rel, &base);
	int dirfd = cached >= 0 ? cached : gpd_outdir_parent(od, rel, 0, &base), rc;

	if (dirfd < 0)
		return -1;
	rc = fstatat(dirfd, base, st, AT_SYMLINK_NOFOLLOW);
	if (dirfd != cached)
		close(dirfd);
	return rc;
}

typedef struct walk {
	void (*fn)(void *ctx, const char *rel);
	void *ctx;
	int depth, max;
	gpd_buf path; /* the folder's path in the output folder, "" or "a/b/" */
} walk;

static int walk_entry(int fd, const char *name, const struct stat *st, void *ctx)
{
	walk *w = ctx;
	size_t at = w->path.len;
	int sub;

	if (is_temporary(name) || (w->depth == 0 && (strcmp(name, GPD_MANIFEST_NAME) == 0 ||
	    strcmp(name, GPD_LOCK_NAME) == 0 || strcmp(name, GPD_CACHE_NAME) == 0)))
		return 0;
	gpd_buf_puts(&w->path, name);
	if (gpd_buf_failed(&w->path))
		return -1;
	if (!S_ISDIR(st->st_mode) || w->depth >= w->max ||
	    (sub = openat(fd, name, DIR_FLAGS)) < 0) {
		w->fn(w->ctx, w->path.data);
	} else {
		gpd_buf_puts(&w->path, "/");
		w->depth++;
		each_entry(sub, walk_entry, w);
		w->depth--;
		close(sub);
	}
	w->path.len = at;
	w->path.data[at] = '\0';
	return 0;
}

void gpd_outdir_walk(const gpd_outdir *od, int max_depth,
	void (*fn)(void *ctx, const char *rel), void *ctx)
{
	walk w = {fn, ctx, 0, max_depth, {0}};

	if (od->fd < 0)
		return;
	gpd_buf_puts(&w.path, "");
	if (!gpd_buf_failed(&w.path))
		each_entry(od->fd, walk_entry, &w);
	gpd_buf_free(&w.path);
}

char *gpd_outdir_shown(const gpd_outdir *od, const char *rel)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "%s/%s", od->path, rel);
	return gpd_buf_take(&b);
}

/* The folder that holds rel when a stage opened it already (borrowed,
 * valid until gpd_outdir_close), else -1. */
static int cached_folder(const gpd_outdir *od, const char *rel, const char **base)
{
	struct gpd_outdir_folders *f = od->folders;
	const char *slash = strrchr(rel, '/');
	size_t len = slash ? (size_t)(slash - rel) : 0;
	int fd = -1;

	if (f == NULL)
		return -1;
	pthread_mutex_lock(&f->lock);
	for (size_t i = 0; i < f->n && fd < 0; i++)
		if (strlen(f->items[i].dir) == len && strncmp(f->items[i].dir, rel, len) == 0)
			fd = f->items[i].fd;
	pthread_mutex_unlock(&f->lock);
	*base = slash ? slash + 1 : rel;
	return fd;
}

/* The open folder that holds rel (made if need be), from od's set:
 * borrowed, valid until gpd_outdir_close. -1 with errno. */
static int staging_folder(const gpd_outdir *od, const char *rel, const char **base)
{
	struct gpd_outdir_folders *f = od->folders;
	const char *slash = strrchr(rel, '/');
	size_t len = slash ? (size_t)(slash - rel) : 0;
	int fd = -1;
	void *grown;

	if (f == NULL) { /* a folder that was not there and not made */
		errno = ENOENT;
		return -1;
	}
	pthread_mutex_lock(&f->lock);
	for (size_t i = 0; i < f->n && fd < 0; i++)
		if (strlen(f->items[i].dir) == len && strncmp(f->items[i].dir, rel, len) == 0)
			fd = f->items[i].fd;
	if (fd >= 0) {
		*base = slash ? slash + 1 : rel;
	} else if ((fd = parent_walk(od, rel, 1, base, f)) >= 0) {
		grown = realloc(f->items, (f->n + 1) * sizeof(*f->items));
		if (grown == NULL || (((f->items = grown)[f->n].dir = strndup(rel, len)) == NULL)) {
			close(fd);
			fd = -1;
			errno = ENOMEM;
		} else {
			f->items[f->n++].fd = fd;
		}
	}
	pthread_mutex_unlock(&f->lock);
	return fd;
}

/* gpd_outdir_stage, flushed or not. */
static int outdir_stage(const gpd_outdir *od, const char *rel, int unsynced, const void *data,
	size_t len, gpd_diag *diag, gpd_staged **out)
{
	const char *base;
	char *shown = gpd_outdir_shown(od, rel);
	int dirfd = shown ? staging_folder(od, rel, &base) : -1;

	*out = NULL;
	if (dirfd >= 0 && shown != NULL) {
		int rc = (unsynced ? gpd_stage_at_unsynced : gpd_stage_at)(dirfd, base, shown, data,
			len, diag, out);

		free(shown);
		return rc;
	}
	gpd_buf msg = {0};
	int err = shown == NULL ? ENOMEM : errno;

	gpd_buf_printf(&msg, "%s: %s", shown ? shown : rel, err == ELOOP || err == ENOTDIR ?
		"a folder on the way is a symbolic link or not a folder (never followed)" :
		strerror(err));
	gpd_diag_report(diag, shown, 0, 0, GPD_F_WRITE, msg.data);
	gpd_buf_free(&msg);
	free(shown);
	return -1;
}

int gpd_outdir_stage(const gpd_outdir *od, const char *rel, const void *data, size_t len,
	gpd_diag *diag, gpd_staged **out)
{
	return outdir_stage(od, rel, 0, data, len, diag, out);
}

int gpd_outdir_stage_unsynced(const gpd_outdir *od, const char *rel, const void *data,
	size_t len, gpd_diag *diag, gpd_staged **out)
{
	return outdir_stage(od, rel, 1, data, len, diag, out);
}

int gpd_outdir_sync(const gpd_outdir *od)
{
	return od->fd < 0 ? 0 : gpd_sync_fs(od->fd);
}

int gpd_outdir_unlink(const gpd_outdir *od, const char *rel)
{
	const char *base;
	int dirfd = gpd_outdir_parent(od, rel, 0, &base), rc = -1;
	struct stat st;

	if (dirfd < 0)
		return errno == ENOENT ? 1 : -1;
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0)
		rc = errno == ENOENT ? 1 : -1;
	else if (!S_ISREG(st.st_mode))
		errno = S_ISLNK(st.st_mode) ? ELOOP : EISDIR;
	else
		rc = unlinkat(dirfd, base, 0);
	close(dirfd);
	return rc;
}

int gpd_outdir_rmdir(const gpd_outdir *od, const char *rel)
{
	const char *base;
	int dirfd = gpd_outdir_parent(od, rel, 0, &base), rc;

	if (dirfd < 0)
		return -1;
	rc = unlinkat(dirfd, base, AT_REMOVEDIR); /* only an empty folder, never a link */
	close(dirfd);
	return rc;
}

size_t gpd_outdir_temporaries(const gpd_outdir *od, const char *dir, int remove,
	void (*fn)(void *ctx, const char *rel), void *ctx)
{
	gpd_buf probe = {0};
	const char *base;
	int dirfd, fd;
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	gpd_buf_printf(&probe, "%s%sx", dir, *dir ? "/" : "");
	dirfd = gpd_buf_failed(&probe) ? -1 : gpd_outdir_parent(od, probe.data, 0, &base);
	gpd_buf_free(&probe);
	if (dirfd < 0)
		return 0;
	fd = openat(dirfd, ".", DIR_FLAGS); /* its own offset, unlike a dup */
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		close(dirfd);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		gpd_buf rel = {0};

		if (!is_temporary(e->d_name))
			continue;
		n++;
		gpd_buf_printf(&rel, "%s%s%s", dir, *dir ? "/" : "", e->d_name);
		if (fn != NULL && !gpd_buf_failed(&rel))
			fn(ctx, rel.data);
		if (remove)
			unlinkat(dirfd, e->d_name, 0);
		gpd_buf_free(&rel);
	}
	closedir(d);
	close(dirfd);
	return n;
}
