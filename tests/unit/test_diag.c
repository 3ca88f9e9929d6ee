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
	/* control characters in an argument are escaped: one line each */
	gpd_diag_report(c.diag, "z.xml", 1, 1, GPD_W_BAD_EMAIL, "a\nb\tc\x1b[31m");
	assert_string_equal(cap_text(&c),
		"records/x.xml:3:7: warning: no ECM outcome ticked [no-outcome]\n"
		"records/x.xml:9:1: warning: criterion 9.9 is not in the standards catalogue (a typo?) [unknown-criterion]\n"
		"records/y.xml: error: cannot read records/y.xml [io]\n"
		"gpdigest: error: out of memory [out-of-memory]\n"
		"z.xml:1:1: warning: contact email \"a\\u{A}b\\u{9}c\\u{1B}[31m\" is not an address [bad-email]\n");
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

/* Accepted (one record) and silenced (--no-warn) warnings: kept, neither
 * counted nor shown, not made errors by --strict; errors never hidden. */
static void test_accepted(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 1);
	assert_int_equal(gpd_diag_accept(c.diag, "x", GPD_W_NO_OUTCOME), 0);
	assert_int_equal(gpd_diag_accept(c.diag, NULL, GPD_W_BAD_EMAIL), 0);
	assert_int_equal(gpd_diag_accept(c.diag, "x", GPD_E_SCHEMA), 0);
	assert_true(gpd_diag_accepts(c.diag, "records/x.xml", GPD_W_NO_OUTCOME));
	assert_true(gpd_diag_accepts(c.diag, "records/x.XML", GPD_W_NO_OUTCOME));
	assert_false(gpd_diag_accepts(c.diag, "records/xy.xml", GPD_W_NO_OUTCOME));
	assert_false(gpd_diag_accepts(c.diag, "records/y.xml", GPD_W_NO_OUTCOME));
	gpd_diag_report(c.diag, "records/x.xml", 3, 1, GPD_W_NO_OUTCOME, NULL);
	gpd_diag_report(c.diag, "records/y.xml", 5, 1, GPD_W_BAD_EMAIL, "z");
	gpd_diag_report(c.diag, "records/x.xml", 7, 1, GPD_E_SCHEMA, "bad");
	gpd_diag_report(c.diag, "records/y.xml", 9, 1, GPD_W_NO_OUTCOME, NULL);
	assert_int_equal(gpd_diag_size(c.diag), 4);
	assert_int_equal(gpd_diag_at(c.diag, 0)->hidden, GPD_HIDDEN_ACCEPTED);
	assert_int_equal(gpd_diag_at(c.diag, 1)->hidden, GPD_HIDDEN_NO_WARN);
	assert_int_equal(gpd_diag_at(c.diag, 2)->hidden, GPD_SHOWN);
	/* only the error and y's unaccepted warning (made an error) count */
	assert_int_equal(gpd_diag_count(c.diag, GPD_LEVEL_ERROR), 2);
	assert_int_equal(gpd_diag_count(c.diag, GPD_LEVEL_WARNING), 0);
	assert_int_equal(gpd_diag_finish(c.diag, "2 records checked"), 1);
	assert_string_equal(cap_text(&c),
		"records/x.xml:7:1: error: bad [schema]\n"
		"records/y.xml:9:1: error: no ECM outcome ticked [no-outcome]\n"
		"gpdigest: 2 records checked: 2 errors, 0 warnings, 1 accepted, 1 silenced\n");
	cap_close(&c);
}

/* -q: warnings counted, not printed; a merge into a collector decides
 * anew; a sorted merge orders by file, line, column. */
static void test_errors_only_and_sorted(void **state)
{
	capture c;
	gpd_diag *src = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_set_errors_only(c.diag, 1);
	gpd_diag_report(src, "b.xml", 2, 1, GPD_W_NO_REGION, NULL);
	gpd_diag_report(src, "a.xml", 9, 1, GPD_E_SCHEMA, "late");
	gpd_diag_report(src, NULL, 0, 0, GPD_E_LIMIT, "run");
	gpd_diag_report(src, "a.xml", 2, 5, GPD_E_SCHEMA, "col 5");
	gpd_diag_report(src, "a.xml", 2, 3, GPD_E_SCHEMA, "col 3");
	assert_int_equal(gpd_diag_merge_sorted(c.diag, src), 0);
	assert_int_equal(gpd_diag_count(c.diag, GPD_LEVEL_WARNING), 1);
	assert_string_equal(cap_text(&c),
		"gpdigest: error: run [limit]\n"
		"a.xml:2:3: error: col 3 [schema]\n"
		"a.xml:2:5: error: col 5 [schema]\n"
		"a.xml:9:1: error: late [schema]\n");
	gpd_diag_free(src);
	cap_close(&c);
}

/* Paths shown from the user's folder, in the human format only. */
static void test_base(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	assert_int_equal(gpd_diag_set_base(c.diag, "records/old"), 0);
	gpd_diag_report(c.diag, "records/old/a.xml", 1, 1, GPD_E_SCHEMA, "x");
	gpd_diag_report(c.diag, "records/b.xml", 1, 1, GPD_E_SCHEMA, "x");
	gpd_diag_report(c.diag, "templates/style.xml", 1, 1, GPD_E_TEMPLATE, "x");
	gpd_diag_report(c.diag, "/abs/c.xml", 1, 1, GPD_E_SCHEMA, "x");
	assert_string_equal(cap_text(&c),
		"a.xml:1:1: error: x [schema]\n"
		"../b.xml:1:1: error: x [schema]\n"
		"../../templates/style.xml:1:1: error: x [template]\n"
		"/abs/c.xml:1:1: error: x [schema]\n");
	cap_close(&c);
	cap_open(&c, GPD_FORMAT_GITHUB, 0);
	assert_int_equal(gpd_diag_set_base(c.diag, "records"), 0);
	gpd_diag_report(c.diag, "records/b.xml", 1, 1, GPD_E_SCHEMA, "x");
	assert_string_equal(cap_text(&c), "::error file=records/b.xml,line=1,col=1::x [schema]\n");
	cap_close(&c);
}

static void test_github_format(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_GITHUB, 0);
	gpd_diag_report(c.diag, "records/a.xml", 3, 5, GPD_W_NO_OUTCOME, NULL);
	gpd_diag_report(c.diag, "records/b.xml", 7, 0, GPD_E_SCHEMA, "100% wrong: really");
	/* in a property, ':' and ',' would end it; '%' is the escape itself;
	 * a line break is escaped as in every format */
	gpd_diag_report(c.diag, "odd,na:me%.xml", 1, 2, GPD_E_XML, "x");
	gpd_diag_report(c.diag, "line\nbreak.xml", 1, 2, GPD_E_XML, "y");
	gpd_diag_report(c.diag, "c.xml", 0, 0, GPD_F_IO, "cannot read c.xml");
	gpd_diag_report(c.diag, NULL, 0, 0, GPD_F_NOMEM, NULL);
	assert_string_equal(cap_text(&c),
		"::warning file=records/a.xml,line=3,col=5::no ECM outcome ticked [no-outcome]\n"
		"::error file=records/b.xml,line=7,col=1::100%25 wrong: really [schema]\n"
		"::error file=odd%2Cna%3Ame%25.xml,line=1,col=2::malformed XML: x [xml]\n"
		"::error file=line\\u{A}break.xml,line=1,col=2::malformed XML: y [xml]\n"
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
		"\"code\":\"schema\",\"message\":\"Element 'x': \\\"quoted\\\" \\\\ tab\\u0009here\"},\n"
		" {\"file\":null,\"line\":0,\"column\":0,\"severity\":\"error\","
		"\"code\":\"out-of-memory\",\"message\":\"out of memory\"},\n"
		" {\"file\":null,\"line\":0,\"column\":0,\"severity\":\"note\","
		"\"code\":\"summary\",\"message\":\"3 records checked: 2 errors, 1 warning\"}\n"
		"]\n");
	cap_close(&c);

	/* no diagnostics: the summary alone; no summary either: an empty array */
	cap_open(&c, GPD_FORMAT_JSON, 0);
	assert_int_equal(gpd_diag_finish(c.diag, "0 records checked"), 0);
	assert_string_equal(cap_text(&c), "[\n {\"file\":null,\"line\":0,\"column\":0,"
		"\"severity\":\"note\",\"code\":\"summary\","
		"\"message\":\"0 records checked: 0 errors, 0 warnings\"}\n]\n");
	cap_close(&c);
	cap_open(&c, GPD_FORMAT_JSON, 0);
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 0);
	assert_string_equal(cap_text(&c), "[]\n");
	cap_close(&c);

	/* --strict shows in the severity */
	cap_open(&c, GPD_FORMAT_JSON, 1);
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_W_NO_REGION, NULL);
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 1);
	assert_non_null(strstr(cap_text(&c), "\"severity\":\"error\",\"code\":\"no-region\""));
	cap_close(&c);
}

/* What a terminal must never get raw: C0 (tab and newline too), DEL, C1,
 * the bidi controls, and bytes that are not UTF-8. */
static const char hostile[] = "a\t\x7f\xc2\x9b" "31m\xe2\x80\xae" "b\xd8\x9c\xe2\x80\x8e"
	"\xe2\x80\x8f\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\xa8\x9b\xff" "c\xc3\xa9";

/* What shows nothing is shown escaped too: a message naming "Lewisham"
 * and "Lewisham" with a zero width space (or a soft hyphen, a word
 * joiner, a byte order mark) as two spellings showed the same twice.
 * Persian's and emoji's joiners, and a no-break space, stay as written. */
static void test_escapes_invisible(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_report(c.diag, "x.xml", 4, 3, GPD_E_SCHEMA, "\"Lewisham\xe2\x80\x8b\" "
		"Lew\xc2\xadisham a\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xef\xbb\xbf\xc2\xa0" "b");
	assert_string_equal(cap_text(&c), "x.xml:4:3: error: \"Lewisham\\u{200B}\" "
		"Lew\\u{AD}isham a\xe2\x80\x8c\xe2\x80\x8d\\u{2060}\\u{FEFF}\xc2\xa0" "b [schema]\n");
	cap_close(&c);
}

static void test_escapes_human(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_report(c.diag, "x\xe2\x80\xae.xml", 2, 3, GPD_E_SCHEMA, hostile);
	assert_string_equal(cap_text(&c), "x\\u{202E}.xml:2:3: error: "
		"a\\u{9}\\u{7F}\\u{9B}31m\\u{202E}b\\u{61C}\\u{200E}\\u{200F}\\u{202A}"
		"\\u{2066}\\u{2069}\\u{2028}\\x9B\\xFFc\xc3\xa9 [schema]\n");
	/* the stored text is what was given: escaping is the printer's */
	assert_string_equal(gpd_diag_at(c.diag, 0)->text, hostile);
	cap_close(&c);

	cap_open(&c, GPD_FORMAT_GITHUB, 0);
	gpd_diag_report(c.diag, "a,\n.xml", 1, 1, GPD_E_XML, "\xe2\x80\xae%\r");
	assert_string_equal(cap_text(&c), "::error file=a%2C\\u{A}.xml,line=1,col=1::"
		"malformed XML: \\u{202E}%25\\u{D} [xml]\n");
	cap_close(&c);
}

static void test_escapes_json(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_JSON, 0);
	gpd_diag_report(c.diag, "\x9b.xml", 1, 1, GPD_E_SCHEMA, hostile);
	gpd_diag_finish(c.diag, NULL);
	assert_string_equal(cap_text(&c), "[\n {\"file\":\"\\\\x9B.xml\",\"line\":1,"
		"\"column\":1,\"severity\":\"error\",\"code\":\"schema\",\"message\":"
		"\"a\\u0009\\u007f\\u009b31m\\u202eb\\u061c\\u200e\\u200f\\u202a\\u2066\\u2069"
		"\\u2028\\\\x9B\\\\xFFc\xc3\xa9\"}\n]\n");
	cap_close(&c);
}

/* A long run of record text (a 10 KB tag name) is cut to an excerpt; the
 * excerpt is never cut again; the whole argument is bounded too. */
static void test_excerpt(void **state)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	char *big = malloc(10001), *words = malloc(4 * 3000 + 1);
	const char *text, *cut;
	size_t chars = 0;

	(void)state;
	memset(big, 'T', 10000);
	big[10000] = '\0';
	for (size_t i = 0; i < 3000; i++)
		memcpy(words + 4 * i, "abc ", 4);
	words[4 * 3000] = '\0';
	gpd_diag_report(d, "a.xml", 1, 1, GPD_E_XML, big);
	text = gpd_diag_at(d, 0)->text;
	cut = strstr(text, GPD_DIAG_ELLIPSIS);
	assert_non_null(cut);
	assert_int_equal(cut - text, strlen("malformed XML: ") + GPD_DIAG_EXCERPT - 1);
	assert_string_equal(cut, GPD_DIAG_ELLIPSIS);
	/* a replayed diagnostic (its argument already cut) reads the same */
	gpd_diag_report(d, "a.xml", 1, 1, GPD_E_XML, text + strlen("malformed XML: "));
	assert_string_equal(gpd_diag_at(d, 1)->text, text);
	/* exactly GPD_DIAG_EXCERPT characters: not cut; multi-byte ones count once */
	memset(big, 'T', GPD_DIAG_EXCERPT);
	big[GPD_DIAG_EXCERPT] = '\0';
	gpd_diag_report(d, "a.xml", 1, 1, GPD_E_SCHEMA, big);
	assert_string_equal(gpd_diag_at(d, 2)->text, big);
	/* bytes that are not UTF-8 count one each: a run of them is cut too */
	memset(big, 0x80, 10000);
	big[10000] = '\0';
	gpd_diag_report(d, "a.xml", 1, 1, GPD_E_SCHEMA, big);
	assert_int_equal(strlen(gpd_diag_at(d, 3)->text),
		GPD_DIAG_EXCERPT - 1 + strlen(GPD_DIAG_ELLIPSIS));
	/* many short words: the whole is bounded */
	gpd_diag_report(d, "a.xml", 1, 1, GPD_E_SCHEMA, words);
	text = gpd_diag_at(d, 4)->text;
	for (const char *p = text; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	assert_int_equal(chars, GPD_DIAG_ARG_MAX);
	assert_non_null(strstr(text, GPD_DIAG_ELLIPSIS));
	free(big);
	free(words);
	gpd_diag_free(d);
}

/* A run's summary: a line at once for people, the array's last element
 * in JSON (after every diagnostic, even those reported later). */
static void test_summary_note(void **state)
{
	capture c;

	(void)state;
	cap_open(&c, GPD_FORMAT_HUMAN, 0);
	gpd_diag_summary(c.diag, "2 editions built");
	assert_string_equal(cap_text(&c), "gpdigest: 2 editions built\n");
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 0);
	cap_close(&c);

	cap_open(&c, GPD_FORMAT_JSON, 0);
	gpd_diag_summary(c.diag, "nothing written: the inputs have errors");
	gpd_diag_report(c.diag, "a.xml", 1, 1, GPD_E_EMPTY_FILE, NULL);
	assert_string_equal(cap_text(&c), "");
	assert_int_equal(gpd_diag_finish(c.diag, NULL), 1);
	assert_string_equal(cap_text(&c), "[\n {\"file\":\"a.xml\",\"line\":1,\"column\":1,"
		"\"severity\":\"error\",\"code\":\"empty-file\",\"message\":\"the file is empty\"},\n"
		" {\"file\":null,\"line\":0,\"column\":0,\"severity\":\"note\",\"code\":\"summary\","
		"\"message\":\"nothing written: the inputs have errors\"}\n]\n");
	cap_close(&c);
}

static void test_usage(void **state)
{
	char *data = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	out = open_memstream(&data, &len);
	gpd_diag_usage(out, GPD_FORMAT_HUMAN, "build", "unknown option '-\x1b'");
	gpd_diag_usage(out, GPD_FORMAT_GITHUB, NULL, "no command given");
	gpd_diag_usage(out, GPD_FORMAT_JSON, "list", "option '--fo' is ambiguous");
	fclose(out);
	assert_string_equal(data, "gpdigest build: error: unknown option '-\\u{1B}'\n"
		"Try 'gpdigest build --help' for more information.\n"
		"::error ::gpdigest: no command given [usage]\n"
		"[\n {\"file\":null,\"line\":0,\"column\":0,\"severity\":\"error\",\"code\":\"usage\","
		"\"message\":\"option '--fo' is ambiguous\"}\n]\n");
	free(data);
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
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_errors_only_and_sorted),
		cmocka_unit_test(test_base),
		cmocka_unit_test(test_github_format),
		cmocka_unit_test(test_json_format),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_escapes_human),
		cmocka_unit_test(test_escapes_invisible),
		cmocka_unit_test(test_escapes_json),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_summary_note),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
