/* test_output.c: safe file-name slugs (hostile names), atomic writes, hashes. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/hash.h"
#include "gpdigest/limits.h"
#include "gpdigest/output.h"
#include "build/manifest.h"

#define SLUG_MAX GPD_MAX_SLUG_BYTES /* what the planner uses */

/* The slug of text with a 64-byte limit, checked for the promises every
 * slug keeps: lower-case ASCII letters, digits and single inner hyphens,
 * non-empty, shorter than the limit, and no byte written past it. */
static const char *slug(const char *text)
{
	static char buf[SLUG_MAX + 16];
	size_t n;

	memset(buf, 0x7f, sizeof(buf));
	gpd_slug(text, buf, SLUG_MAX);
	for (size_t i = SLUG_MAX; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0x7f);
	n = strlen(buf);
	assert_true(n >= 1 && n <= SLUG_MAX - 1);
	assert_true(buf[0] != '-' && buf[n - 1] != '-');
	assert_null(strstr(buf, "--"));
	for (size_t i = 0; i < n; i++)
		assert_true((buf[i] >= 'a' && buf[i] <= 'z') ||
			(buf[i] >= '0' && buf[i] <= '9') || buf[i] == '-');
	return buf;
}

static void test_slug_plain(void **state)
{
	(void)state;
	assert_string_equal(slug("Tower Hamlets"), "tower-hamlets");
	assert_string_equal(slug("Birmingham"), "birmingham");
	assert_string_equal(slug("  Stoke-on-Trent  "), "stoke-on-trent");
	assert_string_equal(slug("St. Helens"), "st-helens");
	assert_string_equal(slug("St Helens"), "st-helens"); /* the planner separates them */
	assert_string_equal(slug("Brighton & Hove"), "brighton-hove");
	assert_string_equal(slug("NE England 2"), "ne-england-2");
}

/* Nothing a name holds can make a path leave the output folder. */
static void test_slug_hostile_paths(void **state)
{
	(void)state;
	assert_string_equal(slug("../../etc"), "etc");
	assert_string_equal(slug("../../etc/passwd"), "etc-passwd");
	assert_string_equal(slug("/"), "x");
	assert_string_equal(slug("//"), "x");
	assert_string_equal(slug(".."), "x");
	assert_string_equal(slug("."), "x");
	assert_string_equal(slug("/etc/passwd"), "etc-passwd");
	assert_string_equal(slug("a/../b"), "a-b");
	assert_string_equal(slug("..\\..\\windows"), "windows");
	assert_string_equal(slug("C:\\temp"), "c-temp");
	assert_string_equal(slug("~root"), "root");
	assert_string_equal(slug("$(rm -rf /)"), "rm-rf");
	assert_string_equal(slug("name\nwith\r\tcontrols\x1b[0m"), "name-with-controls-0m");
	assert_string_equal(slug(""), "x");
	assert_string_equal(slug(NULL), "x");
}

/* A NUL cannot occur in XML, but a C name ends at one: nothing after it
 * (a hidden "/../") can reach the slug. */
static void test_slug_embedded_nul(void **state)
{
	static const char with_nul[] = "safe\0/../../etc";
	static const char only_nul[] = "\0../x";

	(void)state;
	assert_int_equal(sizeof(with_nul), 16);
	assert_string_equal(slug(with_nul), "safe");
	assert_string_equal(slug(only_nul), "x");
}

static void test_slug_all_punctuation(void **state)
{
	(void)state;
	assert_string_equal(slug("!!!"), "x");
	assert_string_equal(slug("-"), "x");
	assert_string_equal(slug("---...___"), "x");
	assert_string_equal(slug("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"), "x");
	assert_string_equal(slug("\xc3\x97\xc3\xb7"), "x"); /* U+00D7 U+00F7: symbols */
}

static void test_slug_non_ascii(void **state)
{
	(void)state;
	assert_string_equal(slug("\xc5\x81\xc3\xb3\x64\xc5\xba"), "lodz");   /* Łódź */
	assert_string_equal(slug("\xc5\x81\xc3\x93\x44\xc5\xb9"), "lodz");   /* ŁÓDŹ */
	assert_string_equal(slug("Gda\xc5\x84sk"), "gdansk");                /* Gdańsk */
	assert_string_equal(slug("Stra\xc3\x9f" "e"), "strasse");            /* Straße */
	assert_string_equal(slug("\xc3\x86r\xc3\xb8sk\xc3\xb8" "bing"), "aeroskobing");
	assert_string_equal(slug("Caf\xc3\xa9 de Par\xc3\xads"), "cafe-de-paris");
	assert_string_equal(slug("Ynys M\xc3\xb4n"), "ynys-mon");
	/* Greek and Cyrillic are transliterated; CJK and emoji are separators */
	assert_string_equal(slug("\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1"), "athina");
	assert_string_equal(slug("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 2"), "moskva-2");
	assert_string_equal(slug("a\xf0\x9f\x98\x80" "b"), "a-b");
	assert_string_equal(slug("\xe6\x9d\xb1\xe4\xba\xac"), "x");
}

/* Malformed UTF-8 is a separator and is never read past its NUL. */
static void test_slug_malformed_utf8(void **state)
{
	(void)state;
	assert_string_equal(slug("\xc5"), "x");
	assert_string_equal(slug("ab\xc5"), "ab");
	assert_string_equal(slug("\xc3\x28" "a"), "a");
	assert_string_equal(slug("a\x80\x80\x80\x80\x80" "b"), "a-b");
	assert_string_equal(slug("a\xf0\x9f" "b"), "a-b");
	assert_string_equal(slug("\xff\xfe" "z"), "z");
	assert_string_equal(slug("\xc0\xaf" "x"), "x"); /* overlong '/' */
}

/* 5,000-character names are cut to the limit; no trailing hyphen. */
static void test_slug_long(void **state)
{
	char *name = malloc(5001);
	const char *s;

	(void)state;
	assert_non_null(name);
	memset(name, 'A', 5000);
	name[5000] = '\0';
	s = slug(name);
	assert_int_equal(strlen(s), SLUG_MAX - 1);
	assert_int_equal(strspn(s, "a"), SLUG_MAX - 1);
	for (size_t i = 0; i < 5000; i++)
		name[i] = "ab/"[i % 3];
	s = slug(name);
	assert_true(strlen(s) <= SLUG_MAX - 1);
	assert_int_equal(strncmp(s, "ab-ab-ab", 8), 0);
	for (size_t i = 0; i < 5000; i++)
		name[i] = i % 2 ? '.' : '/';
	assert_string_equal(slug(name), "x");
	for (size_t i = 0; i + 2 <= 5000; i += 2)
		memcpy(name + i, "\xc5\x81", 2); /* Ł x 2500 */
	s = slug(name);
	assert_int_equal(strlen(s), SLUG_MAX - 1);
	assert_int_equal(strspn(s, "l"), SLUG_MAX - 1);
	free(name);
}

/* Tiny buffers still get a terminated string, never an overrun. */
static void test_slug_small_buffers(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 0x7f, sizeof(buf));
	gpd_slug("abc", buf, 0);
	assert_int_equal(buf[0], 0x7f);
	gpd_slug("abc", buf, 1);
	assert_string_equal(buf, "");
	assert_int_equal(buf[1], 0x7f);
	gpd_slug("abc", buf, 2);
	assert_string_equal(buf, "a");
	gpd_slug("!!", buf, 2);
	assert_string_equal(buf, "x");
	gpd_slug("a b", buf, 3);
	assert_string_equal(buf, "a"); /* no room for "-b": cut, not "ab" */
	gpd_slug("a b", buf, 4);
	assert_string_equal(buf, "a-b");
	gpd_slug("\xc3\x86", buf, 2); /* Æ: "ae" cut to "a" */
	assert_string_equal(buf, "a");
}

/* Random bytes: the promises hold, and the same input gives the same slug. */
static void test_slug_random(void **state)
{
	unsigned seed = 12345;
	char text[301], first[SLUG_MAX];

	(void)state;
	for (int round = 0; round < 5000; round++) {
		size_t len = (seed = seed * 1103515245u + 12345u) % 300;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = (char)(1 + (seed >> 16) % 255);
		}
		text[len] = '\0';
		strcpy(first, slug(text));
		assert_string_equal(slug(text), first);
		assert_true(strcmp(first, ".") != 0 && strcmp(first, "..") != 0);
	}
}

/* ---- atomic writes ---- */

typedef struct tmpdir {
	char path[64];
} tmpdir;

static int setup_dir(void **state)
{
	tmpdir *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return -1;
	snprintf(t->path, sizeof(t->path), "%s", "/tmp/gpd-test-output-XXXXXX");
	if (mkdtemp(t->path) == NULL)
		return -1;
	*state = t;
	return 0;
}

static int teardown_dir(void **state)
{
	tmpdir *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->path);
	if (system(cmd) != 0)
		return -1;
	free(t);
	return 0;
}

/* Files in dir (recursively) whose name starts with the temporary prefix. */
static int count_temporaries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char sub[512];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (strncmp(e->d_name, GPD_TMP_PREFIX, strlen(GPD_TMP_PREFIX)) == 0)
			n++;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			n += count_temporaries(sub);
	}
	closedir(d);
	return n;
}

static char *read_file(const char *path, size_t *len)
{
	char *data = NULL;

	assert_int_equal(gpd_read_all(path, 1 << 20, &data, len), 0);
	return data;
}

static void test_write_atomic(void **state)
{
	tmpdir *t = *state;
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	char path[256];
	struct stat st;
	size_t len;
	char *data;

	assert_non_null(diag);
	snprintf(path, sizeof(path), "%s/a/b/c.pdf", t->path);
	assert_int_equal(gpd_write_atomic(path, "first", 5, diag), 0);
	data = read_file(path, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(data, "first", 5);
	free(data);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* replaced whole, never appended to */
	assert_int_equal(gpd_write_atomic(path, "2nd", 3, diag), 0);
	data = read_file(path, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(data, "2nd", 3);
	free(data);
	/* empty content is a file too */
	assert_int_equal(gpd_write_atomic(path, "", 0, diag), 0);
	data = read_file(path, &len);
	assert_int_equal(len, 0);
	free(data);
	assert_int_equal(count_temporaries(t->path), 0);
	assert_int_equal(gpd_diag_size(diag), 0);
	gpd_diag_free(diag);
}

/* Staged files are tracked until committed or abandoned, so an exit that
 * cannot return (cmark out of memory) removes exactly those. */
static void test_staged_remove_all(void **state)
{
	tmpdir *t = *state;
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	char path[3][256];
	gpd_staged *staged[3];
	struct stat st;

	assert_non_null(diag);
	for (int i = 0; i < 3; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/d%d/out.pdf", t->path, i);
		assert_int_equal(gpd_write_staged(path[i], "x", 1, diag, &staged[i]), 0);
	}
	assert_int_equal(count_temporaries(t->path), 3);
	assert_int_equal(gpd_commit_staged(staged[0], diag), 0);
	gpd_abandon_staged(staged[1]);
	assert_int_equal(count_temporaries(t->path), 1);
	gpd_staged_remove_all();
	assert_int_equal(count_temporaries(t->path), 0);
	/* the committed file stays */
	assert_int_equal(stat(path[0], &st), 0);
	assert_int_equal(stat(path[1], &st), -1);
	assert_int_equal(stat(path[2], &st), -1);
	gpd_abandon_staged(staged[2]); /* its temporary is gone: harmless */
	assert_int_equal(gpd_diag_size(diag), 0);
	gpd_diag_free(diag);
}

typedef struct stager {
	int dirfd;
	atomic_int staged;
} stager;

/* Stages files into the folder until staging fails (the exit below). */
static void *stage_until_refused(void *arg)
{
	stager *g = arg;
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_staged *s;

	while (diag != NULL && atomic_load(&g->staged) < 200000 &&
	       gpd_stage_at_unsynced(g->dirfd, "page.html", "page.html", "x", 1, diag, &s) == 0)
		atomic_fetch_add(&g->staged, 1); /* s is left staged: the exit removes it */
	gpd_diag_free(diag);
	return NULL;
}

/* In a child (the exit is for good): two threads stage files as fast as
 * they can, their opens side by side, while gpd_staged_exit runs. A
 * temporary being opened when it runs must be removed all the same, and
 * none made after it. Exit code: 0, or what failed. */
static int exit_while_staging(const char *dir)
{
	struct timespec pause = {0, 20 * 1000 * 1000};
	stager g[2];
	pthread_t th[2];
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return 2;
	for (int i = 0; i < 2; i++) {
		g[i].dirfd = fd;
		atomic_init(&g[i].staged, 0);
		if (pthread_create(&th[i], NULL, stage_until_refused, &g[i]) != 0)
			return 3;
	}
	/* both staging before the exit runs (on a loaded machine a thread
	 * may start late: a fixed pause alone failed in CI), then a while
	 * side by side */
	for (int i = 0; i < 1000 && (atomic_load(&g[0].staged) == 0 ||
	     atomic_load(&g[1].staged) == 0); i++)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	nanosleep(&pause, NULL);
	gpd_staged_exit();
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	if (atomic_load(&g[0].staged) == 0 || atomic_load(&g[1].staged) == 0 ||
	    atomic_load(&g[0].staged) + atomic_load(&g[1].staged) >= 400000)
		return 4; /* they did not both run, or the exit did not stop them */
	return count_temporaries(dir) == 0 ? 0 : 5;
}

static void test_staged_exit_races_writers(void **state)
{
	tmpdir *t = *state;
	int status = -1;
	pid_t pid;

	for (int round = 0; round < 5; round++) {
		assert_true((pid = fork()) >= 0);
		if (pid == 0)
			_exit(exit_while_staging(t->path));
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

/* A folder that cannot be made (its parent is a file): -1, the path
 * named in a write diagnostic, no temporary file anywhere. */
static void test_write_atomic_unwritable(void **state)
{
	tmpdir *t = *state;
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	char file[256], path[300];
	const gpd_diagnostic *d;

	assert_non_null(diag);
	snprintf(file, sizeof(file), "%s/plain-file", t->path);
	assert_int_equal(gpd_write_atomic(file, "x", 1, diag), 0);
	snprintf(path, sizeof(path), "%s/sub/out.pdf", file);
	assert_int_equal(gpd_write_atomic(path, "data", 4, diag), -1);
	assert_int_equal(gpd_diag_size(diag), 1);
	d = gpd_diag_at(diag, 0);
	assert_int_equal(d->code, GPD_F_WRITE);
	assert_non_null(strstr(d->text, path));
	/* renaming over a folder fails after the temporary was written */
	snprintf(path, sizeof(path), "%s/a-folder", t->path);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(gpd_write_atomic(path, "data", 4, diag), -1);
	assert_int_equal(gpd_diag_size(diag), 2);
	assert_non_null(strstr(gpd_diag_at(diag, 1)->text, path));
	assert_int_equal(count_temporaries(t->path), 0);
	gpd_diag_free(diag);
}

static void test_mkdirs(void **state)
{
	tmpdir *t = *state;
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/x/y/z", t->path);
	assert_int_equal(gpd_mkdirs(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(gpd_mkdirs(path), 0); /* already there */
	assert_int_equal(gpd_mkdirs(""), -1);  /* no folder (was a heap overrun) */
}

static void test_read_all(void **state)
{
	tmpdir *t = *state;
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	char path[256];
	char *data = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), "%s/missing", t->path);
	assert_int_equal(gpd_read_all(path, 100, &data, &len), 1);
	assert_int_equal(gpd_read_all(t->path, 100, &data, &len), -1); /* a folder */
	snprintf(path, sizeof(path), "%s/big", t->path);
	assert_non_null(diag);
	assert_int_equal(gpd_write_atomic(path, "0123456789", 10, diag), 0);
	assert_int_equal(gpd_read_all(path, 9, &data, &len), -1); /* over max */
	assert_int_equal(gpd_read_all(path, 10, &data, &len), 0);
	assert_int_equal(len, 10);
	assert_int_equal(data[10], '\0');
	free(data);
	gpd_diag_free(diag);
}

static void test_hash(void **state)
{
	uint64_t a, b;

	(void)state;
	static const char fox[] = "The quick brown fox jumps over the lazy dog, "
		"twice over: the quick brown fox.";
	unsigned char buf[100];
	uint64_t base;

	/* pinned: manifests written by one build are read by the next, and
	 * tests/cli/incremental.sh computes the same values in Python */
	assert_true(gpd_hash(GPD_HASH_INIT, "", 0) == 0x8c249f4b1ae1bd77ULL);
	assert_true(gpd_hash(GPD_HASH_INIT, "a", 1) == 0xaca91c6e077b800fULL);
	assert_true(gpd_hash(GPD_HASH_INIT, fox, strlen(fox)) == 0x8590055dfbc1b32dULL);
	/* every bit of every byte counts, in the word lanes and the tail */
	memset(buf, 0x5A, sizeof buf);
	base = gpd_hash(GPD_HASH_INIT, buf, sizeof buf);
	for (size_t i = 0; i < sizeof buf; i++)
		for (int bit = 0; bit < 8; bit++) {
			buf[i] ^= (unsigned char)(1u << bit);
			assert_true(gpd_hash(GPD_HASH_INIT, buf, sizeof buf) != base);
			buf[i] ^= (unsigned char)(1u << bit);
		}
	/* and so does the length, and the starting value */
	for (size_t n = 0; n < sizeof buf; n++)
		assert_true(gpd_hash(GPD_HASH_INIT, buf, n) != gpd_hash(GPD_HASH_INIT, buf, n + 1));
	assert_true(gpd_hash(1, buf, sizeof buf) != base);
	a = gpd_hash_str(gpd_hash_str(GPD_HASH_INIT, "ab"), "c");
	b = gpd_hash_str(gpd_hash_str(GPD_HASH_INIT, "a"), "bc");
	assert_true(a != b);
	assert_true(gpd_hash_str(GPD_HASH_INIT, NULL) == gpd_hash_str(GPD_HASH_INIT, ""));
}

/* What a build writes into its manifest, the next build reads back: every
 * hash (the fast no-op path compares `inputs`: read as 0, it never ran),
 * the editions line, the diagnostics and the entries. */
static void test_manifest_round_trip(void **state)
{
	gpd_manifest m = {0}, back;
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_buf a = {0}, b = {0};

	(void)state;
	assert_non_null(diag);
	m.inputs = 0x0123456789abcdefULL;
	m.program = 0xfedcba9876543210ULL;
	m.adhoc = 1;
	gpd_buf_puts(&m.diags, "records/a.xml 7 3 no-criterion no%20criterion\n");
	assert_int_equal(gpd_manifest_set(&m, "compendium.pdf", 0x1111, 0x2222), 0);
	assert_int_equal(gpd_manifest_set(&m, "digests/london.md", 0x3333, 0x4444), 0);
	gpd_manifest_format(&m, &a);
	assert_false(gpd_buf_failed(&a));
	assert_int_equal(gpd_manifest_parse(a.data, a.len, "m", &back, diag), 0);
	assert_true(back.inputs == m.inputs);
	assert_true(back.program == m.program);
	assert_int_equal(back.adhoc, 1);
	assert_int_equal(back.n, 2);
	assert_true(gpd_manifest_find(&back, "digests/london.md")->content == 0x4444);
	gpd_manifest_format(&back, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* an "outputs" line of an older manifest is read and forgotten */
	gpd_manifest_free(&back);
	assert_int_equal(gpd_manifest_parse("gpdigest-manifest 1\ninputs 00000000000000aa\n"
		"outputs 00000000000000bb\n", 69, "m", &back, diag), 0);
	assert_true(back.inputs == 0xaa && back.program == 0);
	assert_int_equal(gpd_diag_size(diag), 0);
	gpd_manifest_free(&back);
	gpd_manifest_free(&m);
	gpd_buf_free(&a);
	gpd_buf_free(&b);
	gpd_diag_free(diag);
}

/* Parses text as a manifest: the line of the one diagnostic it makes (0:
 * none, and the manifest read into *m), which must quote `quoted`. */
static unsigned parse_manifest(const char *text, gpd_manifest *m, const char *quoted)
{
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	unsigned line = 0;
	int rc;

	assert_non_null(diag);
	rc = gpd_manifest_parse(text, strlen(text), "m", m, diag);
	assert_int_equal(gpd_diag_size(diag), rc == 0 ? 0 : 1);
	if (rc != 0) {
		const gpd_diagnostic *g = gpd_diag_at(diag, 0);

		assert_int_equal(g->code, GPD_F_MANIFEST);
		assert_non_null(strstr(g->text, quoted));
		line = g->line;
		assert_int_equal(m->n, 0);
	}
	gpd_diag_free(diag);
	return line;
}

#define M_HEAD "gpdigest-manifest 1\ninputs 0000000000000001\n"
#define M_ENTRY(path) path "\t0000000000000002\t0000000000000003\n"

/* Entries in any order are read (and sorted); the first line where an
 * entry names a path again is the bad one, as is a bad line before it,
 * though entries are sorted and compared only once all are read. */
static void test_manifest_repeats(void **state)
{
	gpd_manifest m;

	(void)state;
	assert_int_equal(parse_manifest(M_HEAD M_ENTRY("c.md") M_ENTRY("a.md") M_ENTRY("b.md"),
		&m, ""), 0);
	assert_int_equal(m.n, 3);
	assert_string_equal(m.items[0].path, "a.md");
	assert_string_equal(m.items[2].path, "c.md");
	/* later single inserts keep the order: a new path, a replaced one */
	assert_int_equal(gpd_manifest_set(&m, "b.pdf", 7, 8), 0);
	assert_int_equal(gpd_manifest_set(&m, "a.md", 9, 9), 0);
	assert_int_equal(m.n, 4);
	assert_string_equal(m.items[2].path, "b.pdf");
	assert_true(gpd_manifest_find(&m, "a.md")->inputs == 9);
	gpd_manifest_free(&m);
	assert_int_equal(parse_manifest(M_HEAD M_ENTRY("b.md") M_ENTRY("a.md") M_ENTRY("b.md")
		M_ENTRY("a.md") M_ENTRY("b.md"), &m, "'b.md\t00"), 5);
	assert_int_equal(parse_manifest(M_HEAD M_ENTRY("b.md") M_ENTRY("a.md") M_ENTRY("a.md")
		"junk\n" M_ENTRY("b.md"), &m, "a second time"), 5);
	assert_int_equal(parse_manifest(M_HEAD M_ENTRY("b.md") "junk\n" M_ENTRY("b.md"), &m,
		"'junk' is not a line"), 4);
	assert_int_equal(parse_manifest(M_HEAD M_ENTRY("a.md") "diag x\n" M_ENTRY("b.md")
		M_ENTRY("b.md") "inputs 00\n", &m, "a second time"), 6);
}

/* The most entries the size limit admits, in descending order: read
 * (in n log n: inserting each in place took minutes, so this also guards
 * against a hang under the test's timeout), sorted, and a repeat on the
 * last line found. */
static void test_manifest_many_entries(void **state)
{
	const size_t line = sizeof(M_ENTRY("compendium/z0000000.html")) - 1;
	size_t n = (GPD_MAX_MANIFEST_BYTES - sizeof(M_HEAD)) / line - 1;
	gpd_buf b = {0};
	gpd_manifest m;

	(void)state;
	gpd_buf_puts(&b, M_HEAD);
	for (size_t i = n; i > 0; i--)
		gpd_buf_printf(&b, M_ENTRY("compendium/z%07zu.html"), i);
	assert_false(gpd_buf_failed(&b));
	assert_int_equal(parse_manifest(b.data, &m, ""), 0);
	assert_int_equal(m.n, n);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(m.items[i - 1].path, m.items[i].path) < 0);
	gpd_manifest_free(&m);
	gpd_buf_printf(&b, M_ENTRY("compendium/z%07zu.html"), n / 2);
	assert_true(b.len <= GPD_MAX_MANIFEST_BYTES);
	assert_int_equal(parse_manifest(b.data, &m, "a second time"), n + 3);
	gpd_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slug_plain),
		cmocka_unit_test(test_manifest_round_trip),
		cmocka_unit_test(test_manifest_repeats),
		cmocka_unit_test(test_manifest_many_entries),
		cmocka_unit_test(test_slug_hostile_paths),
		cmocka_unit_test(test_slug_embedded_nul),
		cmocka_unit_test(test_slug_all_punctuation),
		cmocka_unit_test(test_slug_non_ascii),
		cmocka_unit_test(test_slug_malformed_utf8),
		cmocka_unit_test(test_slug_long),
		cmocka_unit_test(test_slug_small_buffers),
		cmocka_unit_test(test_slug_random),
		cmocka_unit_test_setup_teardown(test_write_atomic, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_staged_exit_races_writers, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_staged_remove_all, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_write_atomic_unwritable, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_mkdirs, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_read_all, setup_dir, teardown_dir),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
