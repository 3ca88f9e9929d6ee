/* test_utf8.c: the one policy on control characters (gpd_utf8_control) and the text it cleans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "gpdigest/utf8.h"

/* Every code point of C0, DEL and C1 is classed, and nothing else is. */
static void test_classes(void **state)
{
	(void)state;
	for (uint32_t c = 0; c < 0x200; c++) {
		gpd_control k = gpd_utf8_control(c);

		if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F) || c >= 0xA0)
			assert_int_equal(k, GPD_CONTROL_NONE);
		else if (c == 0x0B || c == 0x0C || c == 0x85)
			assert_int_equal(k, GPD_CONTROL_SPACE);
		else
			assert_int_equal(k, GPD_CONTROL_DROP);
	}
	assert_int_equal(gpd_utf8_control(0x2028), GPD_CONTROL_NONE);
	assert_int_equal(gpd_utf8_control(0xFFFD), GPD_CONTROL_NONE);
}

static void test_tame(void **state)
{
	static const struct { const char *in, *out; size_t n; uint32_t first; } cases[] = {
		{"plain text, \xC3\xA9t\xC3\xA9\tand\nlines", "plain text, \xC3\xA9t\xC3\xA9\tand\nlines", 0, 0},
		{"page\fend", "page end", 1, 0x0C},
		{"a\x07" "b\x1B" "c\x7F" "d", "abcd", 3, 0x07},
		{"next\xC2\x85line", "next line", 1, 0x85},
		{"\xC2\x9B" "31m", "31m", 1, 0x9B},
		/* U+00A0 and U+00C2 are not controls: C2 A0, C3 82 */
		{"no\xC2\xA0" "break \xC3\x82", "no\xC2\xA0" "break \xC3\x82", 0, 0},
		{"\xC2\x80\xC2\x9F", "", 2, 0x80},
		/* a lone C2 byte (not UTF-8) stays for the UTF-8 check to report */
		{"x\xC2", "x\xC2", 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];
		uint32_t first = 0;

		strcpy(buf, cases[i].in);
		assert_int_equal(gpd_utf8_tame_controls(buf, &first), cases[i].n);
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(first, cases[i].first);
	}
}

/* The PDI that closes an isolate, past nested ones; the text's end when
 * none does (template.c and render_html.c both walk isolates with it). */
static void test_isolate_end(void **state)
{
	const char *s = "a" GPD_UTF8_FSI "b" GPD_UTF8_FSI "c" GPD_UTF8_PDI "d" GPD_UTF8_PDI "e";
	const char *open = s + 1;

	(void)state;
	assert_ptr_equal(gpd_utf8_isolate_end(open), strstr(s, "d") + 1);
	assert_ptr_equal(gpd_utf8_isolate_end(strstr(s, "b") + 1), strstr(s, "c") + 1);
	s = GPD_UTF8_FSI "open" GPD_UTF8_FSI "x" GPD_UTF8_PDI;
	assert_ptr_equal(gpd_utf8_isolate_end(s), s + strlen(s));
}

/* What shows nothing: White_Space, Default_Ignorable_Code_Point (Unicode
 * 15), the controls and U+2800, at the edges of each range; and a text is
 * visibly empty when all of it is such. */
static void test_visibly_empty(void **state)
{
	static const uint32_t nothing[] = {0x00, 0x09, 0x20, 0x7F, 0x85, 0xA0, 0xAD, 0x034F,
		0x061C, 0x115F, 0x1160, 0x1680, 0x17B4, 0x17B5, 0x180B, 0x180F, 0x2000, 0x200B,
		0x200F, 0x2028, 0x202F, 0x205F, 0x2060, 0x2065, 0x206F, 0x2800, 0x3000, 0x3164,
		0xFE00, 0xFE0F, 0xFEFF, 0xFFA0, 0xFFF0, 0xFFF8, 0x1BCA0, 0x1BCA3, 0x1D173,
		0x1D17A, 0xE0000, 0xE0020, 0xE0100, 0xE0FFF};
	static const uint32_t something[] = {0x21, 0x7E, 0xA1, 0xAC, 0xAE, 0x0300, 0x034E,
		0x0350, 0x061B, 0x115E, 0x1161, 0x167F, 0x1681, 0x17B3, 0x17B6, 0x180A, 0x1810,
		0x1FFF, 0x2010, 0x2027, 0x2030, 0x205E, 0x2070, 0x27FF, 0x2801, 0x2FFF, 0x3001,
		0x3163, 0x3165, 0xFDFF, 0xFE10, 0xFEFE, 0xFF00, 0xFF9F, 0xFFA1, 0xFFEF, 0xFFF9,
		0xFFFD, 0x1BC9F, 0x1BCA4, 0x1D172, 0x1D17B, 0xDFFFF, 0xE1000, 0x10FFFF};

	(void)state;
	for (size_t i = 0; i < sizeof nothing / sizeof nothing[0]; i++)
		assert_true(gpd_utf8_shows_nothing(nothing[i]));
	for (size_t i = 0; i < sizeof something / sizeof something[0]; i++)
		assert_false(gpd_utf8_shows_nothing(something[i]));
	assert_true(gpd_utf8_visibly_empty(NULL));
	assert_true(gpd_utf8_visibly_empty(""));
	assert_true(gpd_utf8_visibly_empty(" \t\r\n"));
	/* ZWSP, word joiner, soft hyphen, LRM, BOM, VS16, Hangul filler */
	assert_true(gpd_utf8_visibly_empty("\xE2\x80\x8B \xE2\x81\xA0\xC2\xAD\xE2\x80\x8E"
		"\xEF\xBB\xBF\xEF\xB8\x8F\xE3\x85\xA4"));
	assert_false(gpd_utf8_visibly_empty("\xE2\x80\x8B" "a"));
	assert_false(gpd_utf8_visibly_empty("\xE2\x80\x8B\xC3\xA9")); /* é */
	assert_false(gpd_utf8_visibly_empty(" \xC2")); /* not UTF-8: something to show */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_tame),
		cmocka_unit_test(test_isolate_end),
		cmocka_unit_test(test_visibly_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
