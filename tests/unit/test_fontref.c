/* test_fontref.c: cmocka unit tests for font references ("name.ttc#2", fontref.h) and the CFF check the embedding relies on (layout_cff.c). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/fontref.h"
#include "layout/layout_cff.h"

static void test_ref(void **state)
{
	/* a reference, its face and how much of it names the file */
	static const struct { const char *ref; int face; size_t file; } cases[] = {
		{ "/f/NotoSerifCJK-Regular.ttc#2", 2, sizeof "/f/NotoSerifCJK-Regular.ttc" - 1 },
		{ "a.ttc#999", 999, 5 },
		{ "DejaVuSans.ttf", 0, 14 },
		/* not an index: the whole reference is the file, face 0 */
		{ "a#b.ttf", 0, 7 },
		{ "a.ttc#1000", 0, 10 },
		{ "a.ttc#", 0, 6 },
		{ "#2", 0, 2 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n = 0;

		assert_int_equal(gpd_font_ref(cases[i].ref, &n), cases[i].face);
		assert_int_equal(n, cases[i].file);
	}
}

/* A font name is installed when a system font folder has it: the DejaVu
 * fonts are needed to build at all; a name with a folder is no name. */
static void test_installed(void **state)
{
	(void)state;
	assert_non_null(gpd_font_dir(0));
	assert_null(gpd_font_dir(64));
	assert_true(gpd_font_installed("DejaVuSans.ttf"));
	assert_false(gpd_font_installed("NoSuchFont-Regular.ttf"));
	assert_false(gpd_font_installed("../dejavu/DejaVuSans.ttf"));
	assert_false(gpd_font_installed("dejavu/DejaVuSans.ttf"));
	assert_false(gpd_font_installed(""));
}

/* The first n bytes of the font at path, in a file of ours: its name. */
static char *cut_copy(const char *path, long n)
{
	static char name[32];
	FILE *in = fopen(path, "rb"), *out;
	int fd = (strcpy(name, "/tmp/gpd-fontref-XXXXXX"), mkstemp(name));
	char buf[4096];
	size_t k;

	assert_non_null(in);
	assert_true(fd >= 0);
	out = fdopen(fd, "wb");
	while (n > 0 && (k = fread(buf, 1, n < (long)sizeof buf ? (size_t)n : sizeof buf, in)) > 0)
		fwrite(buf, 1, k, out), n -= (long)k;
	fclose(in);
	fclose(out);
	return name;
}

/* A whole font reads as one; a cut, empty or foreign file, a face past a
 * collection's, and a face asked of a single font, each say what is wrong. */
static void test_damage(void **state)
{
	char dejavu[512];
	char *cut;

	(void)state;
	snprintf(dejavu, sizeof dejavu, "%s/DejaVuSans.ttf", gpd_font_dir(0));
	assert_null(gpd_font_damage(dejavu));
	assert_non_null(gpd_font_damage("/nonexistent/font.ttf"));
	assert_non_null(gpd_font_damage("/etc/hostname"));
	strcat(dejavu, "#1");
	assert_string_equal(gpd_font_damage(dejavu),
		"it is a single font, not a collection with faces to number");
	dejavu[strlen(dejavu) - 2] = '\0';
	cut = cut_copy(dejavu, 5000);
	assert_string_equal(gpd_font_damage(cut), "it is cut short or damaged (a table lies past its end)");
	remove(cut);
	cut = cut_copy(dejavu, 0);
	assert_string_equal(gpd_font_damage(cut), "it is empty");
	remove(cut);
	cut = cut_copy(dejavu, 20);
	assert_string_equal(gpd_font_damage(cut), "it is cut short (in its table directory)");
	remove(cut);
}

/* A CFF table: header, Name INDEX ("A"), Top DICT INDEX (ROS when ros,
 * charset at 28), then the charset given. */
static size_t cff(unsigned char *out, int ros, const unsigned char *charset, size_t clen)
{
	static const unsigned char head[] = { 1, 0, 4, 1, 0, 1, 1, 1, 2, 'A' };
	static const unsigned char rosop[] = { 28, 1, 0x87, 28, 1, 0x88, 0x8b, 12, 30 };
	unsigned char dict[32];
	size_t d = 0, o = 0;

	if (ros)
		memcpy(dict, rosop, sizeof rosop), d = sizeof rosop;
	else /* a name-keyed font's first operator: FullName, SID 391 */
		memcpy(dict, (const unsigned char[]){ 28, 1, 0x87, 28, 1, 0x87, 0x8b, 0x8b, 2 }, 9), d = 9;
	memcpy(dict + d, (const unsigned char[]){ 28, 0, 28, 15 }, 4), d += 4;
	memcpy(out, head, sizeof head), o = sizeof head;
	memcpy(out + o, (const unsigned char[]){ 0, 1, 1, 1, (unsigned char)(d + 1) }, 5), o += 5;
	memcpy(out + o, dict, d), o += d;
	assert_int_equal(o, 28);
	memcpy(out + o, charset, clen);
	return o + clen;
}

static void test_cff_cids(void **state)
{
	unsigned char b[64];
	size_t n;

	(void)state;
	/* format 2: gids 1 to 9 are CIDs 1 to 9 */
	n = cff(b, 1, (const unsigned char[]){ 2, 0, 1, 0, 8 }, 5);
	assert_true(gpd__cff_cid_is_gid(b, n, 10));
	assert_false(gpd__cff_cid_is_gid(b, n, 11)); /* a glyph the charset leaves out */
	assert_false(gpd__cff_cid_is_gid(b, n - 1, 10)); /* cut short */
	/* format 1 and format 0, the same */
	n = cff(b, 1, (const unsigned char[]){ 1, 0, 1, 2, 0, 4, 0 }, 7);
	assert_true(gpd__cff_cid_is_gid(b, n, 5));
	n = cff(b, 1, (const unsigned char[]){ 0, 0, 1, 0, 2, 0, 3 }, 7);
	assert_true(gpd__cff_cid_is_gid(b, n, 4));
	/* CIDs that are not the glyph ids */
	n = cff(b, 1, (const unsigned char[]){ 2, 0, 5, 0, 8 }, 5);
	assert_false(gpd__cff_cid_is_gid(b, n, 10));
	n = cff(b, 1, (const unsigned char[]){ 0, 0, 1, 0, 3, 0, 2 }, 7);
	assert_false(gpd__cff_cid_is_gid(b, n, 4));
	/* name-keyed: no ROS */
	n = cff(b, 0, (const unsigned char[]){ 2, 0, 1, 0, 8 }, 5);
	assert_false(gpd__cff_cid_is_gid(b, n, 10));
	assert_false(gpd__cff_cid_is_gid(NULL, 0, 10));
	assert_false(gpd__cff_cid_is_gid(b, 3, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref),
		cmocka_unit_test(test_installed),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_cff_cids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
