/* test_record.c: the record model, criterion numbers, and the string buffer. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/record.h"

/* ---- criteria ---- */

static gpd_criterion crit(const char *s)
{
	gpd_criterion c = {0, 0, {0, 0}};

	if (gpd_criterion_parse(s, &c) != 0)
		fail_msg("'%s' should parse", s);
	return c;
}

static void test_criterion_parse_good(void **state)
{
	static const struct { const char *text; unsigned s, n; } good[] = {
		{"1.4", 1, 4}, {"2.4", 2, 4}, {"2.11", 2, 11}, {"5.2", 5, 2},
		{"10.1", 10, 1}, {"999.999", 999, 999}, {"1.10", 1, 10},
		{"100.101", 100, 101},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		gpd_criterion c = {77, 77, {5, 6}};

		if (gpd_criterion_parse(good[i].text, &c) != 0)
			fail_msg("'%s' should parse", good[i].text);
		assert_int_equal(c.standard, good[i].s);
		assert_int_equal(c.number, good[i].n);
		/* parse knows nothing of positions */
		assert_int_equal(c.pos.line, 0);
		assert_int_equal(c.pos.col, 0);
	}
}

static void test_criterion_parse_bad(void **state)
{
	static const char *const bad[] = {
		"02.4", "2.", ".4", "2.4.1", "1000.1", "a.b", "", ".", "2", "24",
		"2.04", "0.4", "2.0", "0.0", "1.1000", " 2.4", "2.4 ", "+2.4",
		"-2.4", "2,4", "2..4", "2.4a", "a2.4", "2.4\n", "9999999999.1",
		"4294967297.1",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gpd_criterion c = {77, 88, {0, 0}};

		if (gpd_criterion_parse(bad[i], &c) != -1)
			fail_msg("'%s' should be refused", bad[i]);
		/* the output is untouched on failure */
		assert_int_equal(c.standard, 77);
		assert_int_equal(c.number, 88);
	}
}

static int cmp_crit(const void *a, const void *b)
{
	return gpd_criterion_cmp(a, b);
}

static void test_criterion_order(void **state)
{
	/* numeric, not textual: 2.11 after 2.4, 10.1 after 5.2 */
	const char *sorted[] = {"1.4", "2.4", "2.11", "5.2", "10.1"};
	const char *shuffled[] = {"10.1", "2.11", "5.2", "1.4", "2.4"};
	gpd_criterion c[5];

	(void)state;
	for (size_t i = 0; i + 1 < 5; i++) {
		gpd_criterion a = crit(sorted[i]), b = crit(sorted[i + 1]);

		assert_true(gpd_criterion_cmp(&a, &b) < 0);
		assert_true(gpd_criterion_cmp(&b, &a) > 0);
		assert_int_equal(gpd_criterion_cmp(&a, &a), 0);
	}
	for (size_t i = 0; i < 5; i++)
		c[i] = crit(shuffled[i]);
	qsort(c, 5, sizeof(c[0]), cmp_crit);
	for (size_t i = 0; i < 5; i++) {
		gpd_criterion want = crit(sorted[i]);

		assert_int_equal(gpd_criterion_cmp(&c[i], &want), 0);
	}
	/* positions do not take part in the order */
	{
		gpd_criterion a = crit("2.4"), b = crit("2.4");

		a.pos = (gpd_pos){3, 4};
		b.pos = (gpd_pos){9, 1};
		assert_int_equal(gpd_criterion_cmp(&a, &b), 0);
	}
}

/* ---- records ---- */

static void test_record_new_is_empty(void **state)
{
	gpd_record *r = gpd_record_new();

	(void)state;
	assert_non_null(r);
	assert_null(r->id);
	assert_null(r->path);
	assert_int_equal(r->ncriteria, 0);
	assert_int_equal(r->nspecified, 0);
	assert_int_equal(r->nattachments, 0);
	for (int g = 0; g < GPD_GROUP__COUNT; g++)
		assert_int_equal(r->ticks[g], 0);
	for (int t = 0; t < GPD_TEXT__COUNT; t++)
		assert_null(r->text[t]);
	assert_null(gpd_record_specified(r, GPD_GROUP_TARGET, 28));
	gpd_record_free(r);
	gpd_record_free(NULL); /* allowed */
}

static void test_record_add(void **state)
{
	gpd_record *r = gpd_record_new();
	const int n = 40; /* enough to grow the arrays many times */

	(void)state;
	assert_non_null(r);
	r->id = gpd_strdup("some-id");
	r->title = gpd_strdup("A title");
	r->text[GPD_TEXT_PURPOSE] = gpd_strdup("Purpose");
	r->contact[GPD_CONTACT_EMAIL] = gpd_strdup("a@b.org");
	for (int i = 0; i < n; i++) {
		gpd_criterion c = {(unsigned)i + 1, 2, {(unsigned)i + 10, 3}};

		assert_int_equal(gpd_record_add_criterion(r, c), 0);
	}
	assert_int_equal(r->ncriteria, (size_t)n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(r->criteria[i].standard, (unsigned)i + 1);
		assert_int_equal(r->criteria[i].pos.line, (unsigned)i + 10);
	}

	assert_int_equal(gpd_record_add_specified(r, GPD_GROUP_TARGET, 28,
		gpd_strdup("Grandparents"), (gpd_pos){7, 5}), 0);
	assert_int_equal(gpd_record_add_specified(r, GPD_GROUP_AGENCY_TYPE, 7,
		gpd_strdup("PCT and police"), (gpd_pos){8, 5}), 0);
	assert_int_equal(r->nspecified, 2);
	assert_string_equal(gpd_record_specified(r, GPD_GROUP_TARGET, 28), "Grandparents");
	assert_string_equal(gpd_record_specified(r, GPD_GROUP_AGENCY_TYPE, 7),
		"PCT and police");
	/* same option index, other group: not found */
	assert_null(gpd_record_specified(r, GPD_GROUP_AGENCY_TYPE, 28));
	assert_null(gpd_record_specified(r, GPD_GROUP_TARGET, 7));
	assert_int_equal(r->specified[1].pos.line, 8);

	for (int i = 0; i < n; i++) {
		char t[32];

		snprintf(t, sizeof(t), "Attachment %d", i);
		assert_int_equal(gpd_record_add_attachment(r, gpd_strdup(t),
			gpd_strdup("# Body\n\n1. One"), (gpd_pos){(unsigned)i, 1}), 0);
	}
	assert_int_equal(r->nattachments, (size_t)n);
	assert_string_equal(r->attachments[n - 1].title, "Attachment 39");
	assert_string_equal(r->attachments[0].body, "# Body\n\n1. One");
	/* freeing releases every owned string (ASan/valgrind check) */
	gpd_record_free(r);
}

/* ---- buf ---- */

static void test_buf_growth(void **state)
{
	gpd_buf b = {0};
	char *s;

	(void)state;
	for (int i = 0; i < 10000; i++)
		gpd_buf_putc(&b, (char)('a' + i % 26));
	assert_false(gpd_buf_failed(&b));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(strlen(b.data), 10000);
	assert_int_equal(b.data[26], 'a');
	assert_int_equal(b.data[9999], (char)('a' + 9999 % 26));

	gpd_buf_printf(&b, "[%d|%s]", 42, "x");
	assert_int_equal(b.len, 10006);
	assert_string_equal(b.data + 10000, "[42|x]");
	gpd_buf_append(&b, "zz\0ignored", 2);
	gpd_buf_append(&b, NULL, 0);
	gpd_buf_puts(&b, "");
	assert_string_equal(b.data + 10006, "zz");
	assert_int_equal(b.len, 10008);
	/* extend: room at the end for the caller, still terminated */
	s = gpd_buf_extend(&b, 3000);
	assert_ptr_equal(s, b.data + 10008);
	assert_int_equal(b.len, 13008);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	memset(s, 'e', 3000);
	assert_int_equal(strlen(b.data), 13008);
	b.len = 10008;
	b.data[b.len] = '\0';

	s = gpd_buf_take(&b);
	assert_non_null(s);
	assert_int_equal(strlen(s), 10008);
	/* take resets the buffer */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);

	/* a long printf in one go */
	{
		char big[5000];

		memset(big, 'q', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		gpd_buf_printf(&b, "<%s>", big);
		assert_int_equal(b.len, sizeof(big) + 1);
		assert_int_equal(b.data[0], '<');
		assert_int_equal(b.data[b.len - 1], '>');
		assert_int_equal(b.data[b.len], '\0');
		gpd_buf_free(&b);
		assert_null(b.data);
	}
}

static void test_buf_xml_escaping(void **state)
{
	gpd_buf b = {0};

	(void)state;
	gpd_buf_put_xml(&b, "a<b>&\"c'd\" é");
	assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&apos;d&quot; é");
	gpd_buf_free(&b);
	gpd_buf_put_xml(&b, "&amp;");
	assert_string_equal(b.data, "&amp;amp;"); /* escapes, never interprets */
	gpd_buf_free(&b);
	gpd_buf_put_xml(&b, "plain");
	assert_string_equal(b.data, "plain");
	gpd_buf_free(&b);
}

static void test_buf_take_empty(void **state)
{
	gpd_buf b = {0};
	char *s = gpd_buf_take(&b);

	(void)state;
	/* never NULL for an empty healthy buffer */
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	gpd_buf_free(&b); /* freeing an empty buffer is fine */
}

/* An empty buffer takes a string over as it is (the same pointer, no
 * copy) and grows it like its own; one with content appends it. */
static void test_buf_adopt(void **state)
{
	gpd_buf b = {0};
	char *s = gpd_strdup("made elsewhere");

	(void)state;
	assert_non_null(s);
	gpd_buf_adopt(&b, s);
	assert_ptr_equal(b.data, s);
	assert_int_equal(b.len, 14);
	gpd_buf_puts(&b, ", then grown past its first size by appending to it");
	assert_string_equal(b.data, "made elsewhere, then grown past its first size by appending to it");
	gpd_buf_adopt(&b, gpd_strdup("; appended"));
	assert_string_equal(b.data + b.len - 10, "; appended");
	gpd_buf_adopt(&b, NULL);
	assert_int_equal(b.len, 75);
	gpd_buf_free(&b);
}

static void test_buf_failed_stays_failed(void **state)
{
	gpd_buf b = {0};

	(void)state;
	gpd_buf_puts(&b, "abc");
	/* an impossible size fails the buffer instead of wrapping around */
	gpd_buf_append(&b, "x", (size_t)-1 / 2);
	assert_true(gpd_buf_failed(&b));
	gpd_buf_puts(&b, "more");
	assert_true(gpd_buf_failed(&b));
	assert_null(gpd_buf_extend(&b, 1));
	assert_null(gpd_buf_take(&b)); /* and frees */
	assert_null(b.data);
}

static void test_strdup(void **state)
{
	char *s = gpd_strdup("hello");

	(void)state;
	assert_string_equal(s, "hello");
	free(s);
	assert_null(gpd_strdup(NULL));
	s = gpd_strdup("");
	assert_string_equal(s, "");
	free(s);
}

/* The one id rule (the schema's "id" type): runs of a-z0-9 joined by single
 * hyphens, at most GPD_MAX_ID_CHARS. */
static int id_ok(const char *s)
{
	return gpd_record_id_ok(s, strlen(s));
}

static void test_record_id_rule(void **state)
{
	char longest[GPD_MAX_ID_CHARS + 2];

	(void)state;
	assert_true(id_ok("tower-hamlets-contact-policy"));
	assert_true(id_ok("a1"));
	assert_false(id_ok(""));
	assert_false(id_ok("-a"));
	assert_false(id_ok("a-"));
	assert_false(id_ok("a--b"));
	assert_false(id_ok("Tower"));
	assert_false(id_ok("a_b"));
	assert_false(id_ok("caf\xc3\xa9"));
	memset(longest, 'a', sizeof(longest));
	longest[GPD_MAX_ID_CHARS] = '\0';
	assert_true(id_ok(longest));
	longest[GPD_MAX_ID_CHARS] = 'a';
	longest[GPD_MAX_ID_CHARS + 1] = '\0';
	assert_false(id_ok(longest));
	/* only the n bytes count: an id inside a longer line */
	assert_true(gpd_record_id_ok("abc def", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_criterion_parse_good),
		cmocka_unit_test(test_criterion_parse_bad),
		cmocka_unit_test(test_criterion_order),
		cmocka_unit_test(test_record_new_is_empty),
		cmocka_unit_test(test_record_add),
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_buf_xml_escaping),
		cmocka_unit_test(test_buf_take_empty),
		cmocka_unit_test(test_buf_adopt),
		cmocka_unit_test(test_buf_failed_stays_failed),
		cmocka_unit_test(test_strdup),
		cmocka_unit_test(test_record_id_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
