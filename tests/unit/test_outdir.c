/* test_outdir.c: the output folder as untrusted input: output names, refused places, walks that never follow a link, the lock. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "gpdigest/diag.h"
#include "gpdigest/outdir.h"

typedef struct fixture {
	char root[64];     /* a scratch folder */
	char victim[128];  /* a folder "elsewhere" holding one file */
	char cwd[4096];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || getcwd(f->cwd, sizeof(f->cwd)) == NULL)
		return -1;
	strcpy(f->root, "/tmp/gpd-outdir-XXXXXX");
	if (mkdtemp(f->root) == NULL || chdir(f->root) != 0)
		return -1;
	snprintf(f->victim, sizeof(f->victim), "%s/victim", f->root);
	if (mkdir("victim", 0755) != 0 || mkdir("records", 0755) != 0 ||
	    mkdir("templates", 0755) != 0 || system("echo precious >victim/precious.md") != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char cmd[200];

	if (chdir(f->cwd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void test_output_names(void **state)
{
	static const char *const good[] = {"compendium.md", "compendium.pdf", "digests/london.md",
		"handouts/tower-hamlets.pdf", "a.md", "x-2/y-3.pdf"};
	static const char *const bad[] = {"", ".md", "notes.txt", "compendium", "../x.md",
		"/etc/x.md", "a/b/c.md", "a/../b.md", "digests/London.md", "-a.md", "a-.md", "a--b.md",
		"a//b.md", "a/.md", ".gpdigest-manifest", ".gpdigest-tmp-1.md", "a b.md", "a.md/",
		"a.pdf.md/x", "digests\\x.md", "a.MD", "a.md.bak"};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(gpd_output_name_ok(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (gpd_output_name_ok(bad[i]))
			fail_msg("'%s' accepted as an output name", bad[i]);
	}
}

/* 0 when out is allowed, else the one diagnostic's code. */
static int place(const char *out)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	int rc;

	assert_non_null(d);
	rc = gpd_outdir_check_place(out, "records", "templates", d);
	assert_int_equal(gpd_diag_size(d), rc == 0 ? 0 : 1);
	rc = rc == 0 ? 0 : (int)gpd_diag_at(d, 0)->code;
	gpd_diag_free(d);
	return rc;
}

static void test_places(void **state)
{
	fixture *f = *state;
	char path[256];

	assert_int_equal(place("out"), 0);
	assert_int_equal(place("new/deeper/out"), 0);
	assert_int_equal(place("/"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("/tmp/../"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("records"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("./records/"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("records/x/y"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("new/../records"), GPD_F_OUTPUT_FOLDER); /* lexical, not there */
	assert_int_equal(place("templates"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("."), GPD_F_OUTPUT_FOLDER); /* holds records/ */
	assert_int_equal(place(".."), GPD_F_OUTPUT_FOLDER);
	snprintf(path, sizeof(path), "%s/records", f->root);
	assert_int_equal(place(path), GPD_F_OUTPUT_FOLDER);
	/* a link to records is records */
	assert_int_equal(symlink("records", "alias"), 0);
	assert_int_equal(place("alias"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("alias/sub"), GPD_F_OUTPUT_FOLDER);
	/* a repository: its root and anything in .git */
	assert_int_equal(mkdir("repo", 0755), 0);
	assert_int_equal(mkdir("repo/.git", 0755), 0);
	assert_int_equal(place("repo"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("repo/.git"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("repo/.git/objects/x"), GPD_F_OUTPUT_FOLDER);
	assert_int_equal(place("repo/out"), 0);
	assert_int_equal(place("repo/.github"), 0); /* only .git itself */
}

static int open_out(gpd_outdir *od, const char *path, int create)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	int rc;

	assert_non_null(d);
	rc = gpd_outdir_open(od, path, create, 1, d);
	if (rc != 0 && gpd_diag_size(d) > 0)
		print_message("(%s: %s)\n", path, gpd_diag_at(d, 0)->text);
	gpd_diag_free(d);
	return rc;
}

/* No walk from the folder follows a link: not to read, write, stat or
 * delete, whatever the link points at. */
static void test_walks_never_follow(void **state)
{
	fixture *f = *state;
	gpd_outdir od;
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_staged *s = NULL;
	struct stat st;
	char *data = NULL;
	size_t len;

	assert_non_null(d);
	assert_int_equal(open_out(&od, "out", 1), 0);
	assert_int_equal(symlink(f->victim, "out/evil"), 0);
	assert_int_equal(symlink("../victim/precious.md", "out/file.md"), 0);
	assert_int_equal(gpd_outdir_read(&od, "evil/precious.md", 100, &data, &len), -1);
	assert_int_equal(gpd_outdir_read(&od, "file.md", 100, &data, &len), -1);
	assert_int_equal(gpd_outdir_stat(&od, "evil/precious.md", &st), -1);
	assert_int_equal(gpd_outdir_unlink(&od, "evil/precious.md"), -1);
	assert_int_equal(gpd_outdir_unlink(&od, "file.md"), -1);
	assert_int_equal(gpd_outdir_stage(&od, "evil/new.md", "x", 1, d, &s), -1);
	assert_null(s);
	assert_int_equal(gpd_diag_size(d), 1);
	assert_int_equal(lstat("victim/new.md", &st), -1);
	assert_int_equal(lstat("victim/precious.md", &st), 0);
	assert_int_equal(lstat("out/file.md", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	/* a staged output replaces the link itself, not its target */
	assert_int_equal(gpd_outdir_stage(&od, "file.md", "new", 3, d, &s), 0);
	assert_int_equal(gpd_commit_staged(s, d), 0);
	assert_int_equal(lstat("out/file.md", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_not_equal(gpd_outdir_read(&od, "evil/../file.md", 100, &data, &len), 0);
	assert_int_equal(gpd_outdir_read(&od, "file.md", 100, &data, &len), 0);
	assert_string_equal(data, "new");
	free(data);
	/* the folder itself as a link is refused */
	gpd_outdir_close(&od);
	assert_int_equal(symlink("out", "linked"), 0);
	assert_int_equal(open_out(&od, "linked", 1), -1);
	gpd_outdir_close(&od);
	assert_int_equal(system("grep -q precious victim/precious.md"), 0);
	gpd_diag_free(d);
}

/* A folder with someone's work in it is refused; one holding only what a
 * build writes is not. */
static void test_foreign_folders(void **state)
{
	gpd_outdir od;

	(void)state;
	assert_int_equal(mkdir("mine", 0755), 0);
	assert_int_equal(open_out(&od, "mine", 0), 0); /* empty */
	gpd_outdir_close(&od);
	assert_int_equal(system("mkdir -p mine/digests && : >mine/compendium.md && "
		": >mine/digests/london.pdf && : >mine/digests/.gpdigest-tmp-1-2"), 0);
	assert_int_equal(open_out(&od, "mine", 0), 0); /* a first build, stopped */
	gpd_outdir_close(&od);
	assert_int_equal(system(": >mine/digests/notes.txt"), 0);
	assert_int_equal(open_out(&od, "mine", 0), -1);
	gpd_outdir_close(&od);
	assert_int_equal(system(": >mine/.gpdigest-manifest"), 0);
	assert_int_equal(open_out(&od, "mine", 0), 0); /* an output folder */
	gpd_outdir_close(&od);
	assert_int_equal(open_out(&od, "absent", 0), 0);
	assert_int_equal(od.fd, -1);
	gpd_outdir_close(&od);
}

/* A second exclusive lock fails at once, naming the holder's pid; the
 * lock file goes when the build closes the folder. */
static void test_lock(void **state)
{
	gpd_outdir a, b;
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	struct stat st;
	char want[64];

	(void)state;
	assert_non_null(d);
	assert_int_equal(open_out(&a, "locked", 1), 0);
	assert_int_equal(open_out(&b, "locked", 1), 0);
	assert_int_equal(gpd_outdir_lock(&a, 0, 0, d), 0);
	assert_int_equal(gpd_outdir_lock(&b, 0, 0, d), -1);
	assert_int_equal(gpd_outdir_lock(&b, 1, 0, d), -1); /* a check too */
	assert_int_equal(gpd_diag_size(d), 2);
	assert_int_equal(gpd_diag_at(d, 0)->code, GPD_F_BUSY);
	snprintf(want, sizeof(want), "(pid %ld)", (long)getpid());
	assert_non_null(strstr(gpd_diag_at(d, 0)->text, want));
	gpd_outdir_close(&a);
	assert_int_equal(lstat("locked/" GPD_LOCK_NAME, &st), -1);
	assert_int_equal(gpd_outdir_lock(&b, 1, 0, d), 0); /* no build: no file, no lock */
	assert_int_equal(lstat("locked/" GPD_LOCK_NAME, &st), -1);
	gpd_outdir_close(&b);
	gpd_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_names),
		cmocka_unit_test_setup_teardown(test_places, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walks_never_follow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_folders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
