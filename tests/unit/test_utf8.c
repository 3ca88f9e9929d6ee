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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_tame),
		cmocka_unit_test(test_isolate_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
