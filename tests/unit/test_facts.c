/* test_facts.c: facts kept in one place (issue 16): criterion text, the safe-link rule, authority keys, slugs, limits. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/corpus.h"
#include "gpdigest/form.h"
#include "gpdigest/link.h"
#include "gpdigest/record.h"
#include "gpdigest/style.h"

/* ---- criterion text: one formatter ---- */

static void test_criterion_str(void **state)
{
	gpd_criterion c = {2, 11, {0, 0}}, big = {4294967295u, 4294967295u, {0, 0}};
	char small[4];

	(void)state;
	assert_string_equal(gpd_criterion_str(c).s, "2.11");
	assert_string_equal(gpd_criterion_str(big).s, "4294967295.4294967295");
	gpd_criterion_format(c, small, sizeof(small));
	assert_string_equal(small, "2.1"); /* cut, terminated */
}

/* ---- the safe-link rule ---- */

static void test_link_is_safe(void **state)
{
	static const char *const safe[] = {"http://example.com/", "https://example.com/a?b=c#d",
		"HTTPS://EXAMPLE.COM", "mailto:jo@example.org", "https://example.com/%20x"};
	static const char *const unsafe[] = {"javascript:alert(1)", "data:text/html,x",
		"#part-1", "/relative", "example.com", "ftp://example.com/", "",
		"https://example.com/a b", "https://example.com/\ta", "https://ex\x7F.com",
		"http:/example.com", " https://example.com", "mailto:a b@example.org"};

	(void)state;
	for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
		if (!gpd_link_is_safe(safe[i]))
			fail_msg("'%s' should be safe", safe[i]);
	for (size_t i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++)
		if (gpd_link_is_safe(unsafe[i]))
			fail_msg("'%s' should not be safe", unsafe[i]);
	assert_false(gpd_link_is_safe(NULL));
}

static void test_link_is_email(void **state)
{
	(void)state;
	assert_true(gpd_link_is_email("Jo.Bird@towerhamlets.gov.uk"));
	assert_false(gpd_link_is_email("jo@localhost"));
	assert_false(gpd_link_is_email("jo bird@example.org"));
	assert_false(gpd_link_is_email("jo\t@example.org"));
	assert_false(gpd_link_is_email("@example.org"));
	assert_false(gpd_link_is_email("a@b@example.org"));
	assert_false(gpd_link_is_email(NULL));
}

/* ---- counts tied to the form's tables ---- */

static void test_counts_from_form(void **state)
{
	gpd_corpus c;

	(void)state;
	/* one Part 2 section per outcome and one "not stated", no more */
	assert_int_equal(sizeof(c.outcomes) / sizeof(c.outcomes[0]),
		gpd_form_group(GPD_GROUP_OUTCOME)->count + 1);
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		assert_true(gpd_form_group((gpd_group)g)->count <= GPD_MAX_OPTIONS);
}

/* ---- the fonts a build depends on ---- */

static void test_style_font_slots(void **state)
{
	gpd_style st;
	const char *path, *want[6];
	size_t k = 0;

	(void)state;
	gpd_style_defaults(&st);
	st.font_fallback = NULL; /* an unset slot is still a slot */
	want[0] = st.font_regular, want[1] = st.font_bold, want[2] = st.font_italic;
	want[3] = st.font_bold_italic, want[4] = st.font_mono, want[5] = st.font_fallback;
	for (; gpd_style_font_slot(&st, k, &path); k++) {
		size_t i = 0;
		while (i < 6 && want[i] != path)
			i++;
		assert_true(i < 6);
		want[i] = (const char *)&want; /* each slot once */
	}
	assert_int_equal(k, 6);
	assert_false(gpd_style_font_slot(&st, 6, &path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_criterion_str),
		cmocka_unit_test(test_link_is_safe),
		cmocka_unit_test(test_link_is_email),
		cmocka_unit_test(test_counts_from_form),
		cmocka_unit_test(test_style_font_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
