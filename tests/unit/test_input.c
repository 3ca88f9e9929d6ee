/* test_input.c: the reader every record and template goes through refuses what is not a regular file itself. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "gpdigest/input.h"

typedef struct fixture {
	char dir[64];
	char path[128];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	FILE *out;

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/gpd-test-input-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/good.xml", f->dir);
	if ((out = fopen(f->path, "wb")) == NULL)
		return -1;
	fputs("<record/>", out);
	fclose(out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* "" when refused, the content when read, "missing" / "large" / "failed". */
static const char *outcome(const char *path, size_t max, const char **kind)
{
	static char got[64];
	char *data = NULL;
	size_t len = 0;

	switch (gpd_read_regular(path, max, &data, &len, kind)) {
	case GPD_READ_OK:
		snprintf(got, sizeof(got), "%s", data);
		assert_int_equal(len, strlen(got));
		free(data);
		return got;
	case GPD_READ_REFUSED: return "";
	case GPD_READ_MISSING: return "missing";
	case GPD_READ_TOO_LARGE: return "large";
	default: return "failed";
	}
}

static void test_regular(void **state)
{
	fixture *f = *state;
	const char *kind = "x";

	assert_string_equal(outcome(f->path, 100, &kind), "<record/>");
	assert_null(kind);
	assert_string_equal(outcome(f->path, 9, NULL), "<record/>"); /* max is inclusive */
	assert_string_equal(outcome(f->path, 8, NULL), "large");
}

static void test_refused(void **state)
{
	fixture *f = *state;
	char link[160], fifo[160], folder[160], dangling[160];
	const char *kind;

	snprintf(link, sizeof(link), "%s/link.xml", f->dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo.xml", f->dir);
	snprintf(folder, sizeof(folder), "%s/folder.xml", f->dir);
	snprintf(dangling, sizeof(dangling), "%s/dangling.xml", f->dir);
	assert_int_equal(symlink(f->path, link), 0);
	assert_int_equal(symlink("/nonexistent/secret", dangling), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0); /* no writer: must not block */
	assert_int_equal(mkdir(folder, 0700), 0);

	assert_string_equal(outcome(link, 100, &kind), "");
	assert_string_equal(kind, "a symbolic link");
	assert_string_equal(outcome(dangling, 100, &kind), "");
	assert_string_equal(kind, "a symbolic link");
	assert_string_equal(outcome(fifo, 100, &kind), "");
	assert_string_equal(kind, "a FIFO");
	assert_string_equal(outcome(folder, 100, &kind), "");
	assert_string_equal(kind, "a folder");
	assert_string_equal(outcome("/dev/null", 100, &kind), "");
	assert_string_equal(kind, "a device");
	assert_string_equal(outcome(f->dir, 100, NULL), "");
}

/* A socket cannot be opened at all (ENXIO); it is still named as one. */
static void test_socket(void **state)
{
	fixture *f = *state;
	struct sockaddr_un addr = {0};
	const char *kind;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(s >= 0);
	addr.sun_family = AF_UNIX;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/socket.xml", f->dir);
	assert_int_equal(bind(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
	assert_string_equal(outcome(addr.sun_path, 100, &kind), "");
	assert_string_equal(kind, "a socket");
	close(s);
}

static void test_missing(void **state)
{
	fixture *f = *state;
	char path[160];

	snprintf(path, sizeof(path), "%s/none.xml", f->dir);
	assert_string_equal(outcome(path, 100, NULL), "missing");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
