/* test_diag.c: the message table, --strict promotion, exit codes, and the three output formats. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/diag.h"

/* A collector writing into a memory stream, read back with take(). */
typedef struct capture {
	char *data;
	size_t len;
	FILE *out;
	gpd_diag *diag;
} capture;

static void cap_open(capture *c, gpd_format format, int strict)
{
	memset(c, 0, sizeof(*c));
	c->out = open_memstream(&c->data, &c->len);
	assert_non_null(c->out);
	c->diag = gpd_diag_new(format, strict, c->out);
	assert_non_null(c->diag);
}

/* Everything written so far (owned by c). */
static const char *cap_text(capture *c)
{
	fflush(c->out);
	return c->data ? c->data : "";
}

static void cap_close(capture *c)
{
	gpd_diag_free(c->diag);
	fclose(c->out);
	free(c->data);
}

/* [a-z]+(-[a-z]+)* */
static int is_code_name(const char *s)
{
	int dash = 1;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++) {
		if (*s == '-') {
			if (dash)
				return 0;
			dash = 1;
		} else if (*s >= 'a' && *s <= 'z') {
			dash = 0;
		} else {
			return 0;
		}
	}
	return !dash;
}

static void test_table(void **state)
{
	(void)state;
	assert_false(is_code_name("Bad"));
	assert_false(is_code_name("a--b"));
	assert_false(is_code_name("a-"));
	for (int m = 0; m < GPD_MSG__COUNT; m++) {
		const char *name = gpd_msg_name((gpd_msg)m);
		const char *fmt = gpd_msg_format((gpd_msg)m);
		const char *p;
		gpd_level want = m < GPD_E_XML ? GPD_LEVEL_WARNING :
			m < GPD_F_USAGE ? GPD_LEVEL_ERROR : GPD_LEVEL_FATAL;

		if (!is_code_name(name))
			fail_msg("message %d: bad name '%s'", m, name ? name : "(null)");
		for (int k = 0; k < m; k++)
			if (strcmp(name, gpd_msg_name((gpd_msg)k)) == 0)
				fail_msg("messages %d and %d are both named '%s'", k, m, name);
		/* the enum is banded by severity, and the table agrees */
		if (gpd_msg_level((gpd_msg)m) != want)
			fail_msg("message '%s' has level %d, its band says %d", name,
				gpd_msg_level((gpd_msg)m), want);
		/* a text, with at most one "%s" and no other conversion */
		assert_non_null(fmt);
		assert_true(strlen(fmt) > 0);
		p = strchr(fmt, '%');
		if (p != NULL) {
			if (p[1] != 's')
				fail_msg("message '%s': only %%s may appear: %s", name, fmt);
			if (strchr(p + 2, '%') != NULL)
				fail_msg("message '%s': more than one %%: %s", name, fmt);
		}
		assert_null(strchr(fmt, '\n'));
	}
	/* out of range: never a crash */
	assert_string_equal(gpd_msg_name(GPD_MSG__COUNT), "?");
	assert_int_equal(gpd_msg_level(GPD_MSG__COUNT), GPD_LEVEL_FATAL);
	/* the names the documentation and the checks rely on */
	assert_string_equal(gpd_msg_name(GPD_W_NO_CRITERION), "no-criterion");
	assert_string_equal(gpd_msg_name(GPD_W_UNKNOWN_CRITERION), "unknown-criterion");
	assert_string_equal(gpd_msg_name(GPD_E_SPECIFY_MISSING), "specify-missing");
	assert_string_equal(gpd_msg_name(GPD_E_DUP_ID), "duplicate-id");
	assert_string_equal(gpd_msg_name(GPD_E_ID_FILENAME), "id-filename");
}

static void test_human_format(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_report(c.diag, "records/x.xml", 3, 7, GPD_W_NO_OUTCOME, NULL);
	gpd_diag_report(c.diag, "records/x.xml", 9, 0, GPD_W_UNKNOWN_CRITERION, "9.9");
	gpd_diag_report(c.diag, "records/y.xml", 0, 0, GPD_F_IO, "cannot read records/y.xml");
	gpd_diag_report(c.diag, NULL, 0, 0, GPD_F_NOMEM, NULL);
	/* control characters in an argument become spaces: one line each */
	gpd_diag_report(c.diag, "z.xml", 1, 1, GPD_W_BAD_EMAIL, "a\nb\tc\x1b[31m");
	assert_string_equal(cap_text(&c),
		"records/x.xml:3:7: warning: no ECM outcome ticked [no-outcome]\n"
		"records/x.xml:9:1: warning: criterion 9.9 is not in the standards catalogue (a typo?) [unknown-criterion]\n"
		"records/y.xml: error: cannot read records/y.xml [io]\n"
		"gpdigest: error: out of memory [out-of-memory]\n"
		"z.xml:1:1: warning: contact email \"a b c [31m\" is not an address [bad-email]\n");
	assert_int_equal(gpd_diag_finish(c.diag, "5 records checked"), 2);
	assert_non_null(strstr(cap_text(&c),
		"\ngpdigest: 5 records checked: 2 errors, 3 warnings\n"));
	assert_int_equal(gpd_diag_size(c.diag), 5);
	assert_string_equal(gpd_diag_at(c.diag, 1)->text,
		"criterion 9.9 is not in the standards catalogue (a typo?)");
	assert_null(gpd_diag_at(c.diag, 5));
	cap_close(&c);
}

static void test_summary_singular(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_E_EMPTY_FILE, NULL);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_W_NO_REGION, NULL);
	assert_int_equal(gpd_diag_finish(c.diag, "1 record checked"), 1);
	assert_non_null(strstr(cap_text(&c),
		"gpdigest: 1 record checked: 1 error, 1 warning\n"));
	cap_close(&c);

	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	assert_int_equal(gpd_diag_finish(c.diag, "0 records checked"), 0);
	assert_string_equal(cap_text(&c), "gpdigest: 0 records checked: 0 errors, 0 warnings\n");
	cap_close(&c);
}

static void test_exit_codes(void **state)
{
	capture c;

	(void)state;
	/* nothing: 0 */
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	assert_int_equal(gpd_diag_worst(c.diag), GPD_LEVEL_OK);
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 0);
	assert_string_equal(cap_text(&c), ""); /* no summary without a `what` */
	cap_close(&c);
	/* warnings only: 0 */
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_W_NO_CRITERION, NULL);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_W_NO_OUTCOME, NULL);
	assert_int_equal(gpd_diag_worst(c.diag), GPD_LEVEL_WARNING);
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 0);
	cap_close(&c);
	/* an error: 1 */
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_W_NO_CRITERION, NULL);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_E_SCHEMA, "bad");
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 1);
	cap_close(&c);
	/* fatal wins over errors: 2 */
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_E_SCHEMA, "bad");
	gpd_diag_report(c.diag, "b.xml", 0, 0, GPD_F_IO, "cannot read b.xml");
	gpd_diag_report(c.diag, "c.xml", 1, 1, GPD_E_XML, "worse");
	assert_int_equal(gpd_diag_worst(c.diag), GPD_LEVEL_FATAL);
	assert_int_equal(gpd_diag_count(c.diag, GPD_LEVEL_ERROR), 2);
	assert_int_equal(gpd_diag_count(c.diag, GPD_LEVEL_FATAL), 1);
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 2);
	cap_close(&c);
}

static void test_strict(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 1);
	gpd_diag_report(c.diag, "a.xml", 4, 2, GPD_W_NO_CRITERION, NULL);
	/* promoted: counted and printed as an error, the code unchanged */
	assert_int_equal(gpd_diag_count(c.diag, GPD_LEVEL_WARNING), 0);
	assert_int_equal(gpd_diag_count(c.diag, GPD_LEVEL_ERROR), 1);
	assert_int_equal(gpd_diag_at(c.diag, 0)->level, GPD_LEVEL_ERROR);
	assert_int_equal(gpd_diag_at(c.diag, 0)->code, GPD_W_NO_CRITERION);
	assert_string_equal(cap_text(&c),
		"a.xml:4:2: error: no National Leaving Care Standards criterion stated [no-criterion]\n");
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 1);
	cap_close(&c);

	/* errors stay errors, fatal stays fatal */
	cap_open(&c, GPD_FORMAT_HUMAN, 1);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_E_DUP_ID, "x");
	gpd_diag_report(c.diag, "a.xml", 0, 0, GPD_F_IO, "x");
	assert_int_equal(gpd_diag_at(c.diag, 0)->level, GPD_LEVEL_ERROR);
	assert_int_equal(gpd_diag_at(c.diag, 1)->level, GPD_LEVEL_FATAL);
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 2);
	cap_close(&c);
}

static void test_quiet(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_set_quiet(c.diag, 1);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_E_SCHEMA, "bad");
	assert_int_equal(gpd_diag_finish(c.diag, "done"), 1);
	assert_string_equal(cap_text(&c), "");
	assert_int_equal(gpd_diag_size(c.diag), 1);
	cap_close(&c);

	/* no stream at all: collected, never printed */
	{
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_JSON, 0, NULL);

		gpd_diag_report(d, "a.xml", 1, 1, GPD_E_SCHEMA, "bad");
		assert_int_equal(gpd_diag_finish(d, "done"), 1);
		gpd_diag_free(d);
	}
}

static void test_github_format(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_GITHUB, 0);
	gpd_diag_report(c.diag, "records/a.xml", 3, 5, GPD_W_NO_OUTCOME, NULL);
	gpd_diag_report(c.diag, "records/b.xml", 7, 0, GPD_E_SCHEMA, "100% wrong: really");
	/* in a property, ':' and ',' would end it; '%' is the escape itself */
	gpd_diag_report(c.diag, "odd,na:me%.xml", 1, 2, GPD_E_XML, "x");
	gpd_diag_report(c.diag, "line\nbreak.xml", 1, 2, GPD_E_XML, "y");
	gpd_diag_report(c.diag, "c.xml", 0, 0, GPD_F_IO, "cannot read c.xml");
	gpd_diag_report(c.diag, NULL, 0, 0, GPD_F_NOMEM, NULL);
	assert_string_equal(cap_text(&c),
		"::warning file=records/a.xml,line=3,col=5::no ECM outcome ticked [no-outcome]\n"
		"::error file=records/b.xml,line=7,col=1::100%25 wrong: really [schema]\n"
		"::error file=odd%2Cna%3Ame%25.xml,line=1,col=2::malformed XML: x [xml]\n"
		"::error file=line%0Abreak.xml,line=1,col=2::malformed XML: y [xml]\n"
		"::error file=c.xml::cannot read c.xml [io]\n"
		"::error ::out of memory [out-of-memory]\n");
	assert_int_equal(gpd_diag_finish(c.diag, "6 records checked"), 2);
	cap_close(&c);

	/* --strict: the annotation is an error too */
	cap_open(&c, GPD_FORMAT_GITHUB, 1);
	gpd_diag_report(c.diag, "a.xml", 3, 5, GPD_W_NO_OUTCOME, NULL);
	assert_string_equal(cap_text(&c),
		"::error file=a.xml,line=3,col=5::no ECM outcome ticked [no-outcome]\n");
	gpd_diag_finish(c.diag, NULL);
	cap_close(&c);
}

static void test_json_format(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_JSON, 0);
	gpd_diag_report(c.diag, "dir/a \"q\".xml", 3, 5, GPD_W_NO_OUTCOME, NULL);
	gpd_diag_report(c.diag, "back\\slash\x01.xml", 7, 2, GPD_E_SCHEMA,
		"Element 'x': \"quoted\" \\ tab\there");
	gpd_diag_report(c.diag, NULL, 0, 0, GPD_F_NOMEM, NULL);
	/* nothing is printed until the end: JSON is one array */
	assert_string_equal(cap_text(&c), "");
	assert_int_equal(gpd_diag_finish(c.diag, "3 records checked"), 2);
	assert_string_equal(cap_text(&c),
		"[\n"
		" {\"file\":\"dir/a \\\"q\\\".xml\",\"line\":3,\"column\":5,\"severity\":\"warning\","
		"\"code\":\"no-outcome\",\"message\":\"no ECM outcome ticked\"},\n"
		" {\"file\":\"back\\\\slash\\u0001.xml\",\"line\":7,\"column\":2,\"severity\":\"error\","
		"\"code\":\"schema\",\"message\":\"Element 'x': \\\"quoted\\\" \\\\ tab here\"},\n"
		" {\"file\":null,\"line\":0,\"column\":0,\"severity\":\"error\","
		"\"code\":\"out-of-memory\",\"message\":\"out of memory\"}\n"
		"]\n");
	cap_close(&c);

	/* no diagnostics: an empty array, and no summary line */
	cap_open(&c, GPD_FORMAT_JSON, 0);
	assert_int_equal(gpd_diag_finish(c.diag, "0 records checked"), 0);
	assert_string_equal(cap_text(&c), "[]\n");
	cap_close(&c);

	/* --strict shows in the severity */
	cap_open(&c, GPD_FORMAT_JSON, 1);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_W_NO_REGION, NULL);
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 1);
	assert_non_null(strstr(cap_text(&c), "\"severity\":\"error\",\"code\":\"no-region\""));
	cap_close(&c);
}

/* Many reports: storage grows and keeps every one in order. */
static void test_many(void **state)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

	(void)state;
	for (unsigned i = 0; i < 1000; i++)
		gpd_diag_report(d, "a.xml", i + 1, 1, GPD_W_NO_REGION, NULL);
	assert_int_equal(gpd_diag_size(d), 1000);
	assert_int_equal(gpd_diag_count(d, GPD_LEVEL_WARNING), 1000);
	for (unsigned i = 0; i < 1000; i++)
		assert_int_equal(gpd_diag_at(d, i)->line, i + 1);
	gpd_diag_free(d);
	gpd_diag_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_human_format),
		cmocka_unit_test(test_summary_singular),
		cmocka_unit_test(test_exit_codes),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_github_format),
		cmocka_unit_test(test_json_format),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
