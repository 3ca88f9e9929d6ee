/* test_lint.c: each lint rule fires when it should, and only then. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cmark.h>

#include "gpdigest/buf.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/diag.h"
#include "gpdigest/link.h"
#include "gpdigest/lint.h"
#include "gpdigest/record.h"
#include "gpdigest/limits.h"
#include "ingest/md_bound.h"
#include "ingest/md_empty.h"

static const char catalogue_xml[] =
	"<standards xmlns=\"urn:x-gpdigest:standards\">\n"
	"  <standard number=\"2\" title=\"Two\">\n"
	"    <criterion number=\"2.4\"/>\n"
	"    <criterion number=\"2.11\" title=\"Eleven\"/>\n"
	"  </standard>\n"
	"</standards>\n";

static int index_of(gpd_group g, const char *id)
{
	int i = gpd_form_find_id(g, id);

	if (i < 0)
		fail_msg("no option %s", id);
	return i;
}

/* A record that passes every rule; each test spoils one thing. */
static gpd_record *good(void)
{
	gpd_record *r = gpd_record_new();
	gpd_criterion c = {2, 4, {7, 5}};

	assert_non_null(r);
	r->path = gpd_strdup("some/dir/good-one.xml");
	r->id = gpd_strdup("good-one");
	r->title = gpd_strdup("Title");
	r->authority = gpd_strdup("Sampleton");
	r->received = gpd_strdup("2026-11-23");
	r->agency = gpd_strdup("Sampleton Leaving Care");
	r->text[GPD_TEXT_PURPOSE] = gpd_strdup("Purpose");
	r->text[GPD_TEXT_DESCRIPTION] = gpd_strdup("Description");
	r->contact[GPD_CONTACT_EMAIL] = gpd_strdup("ann.example@sampleton.gov.uk");
	r->pos[GPD_FIELD_RECORD] = (gpd_pos){2, 1};
	r->pos[GPD_FIELD_CRITERIA] = (gpd_pos){6, 3};
	r->group_pos[GPD_GROUP_OUTCOME] = (gpd_pos){10, 3};
	r->group_pos[GPD_GROUP_REGION] = (gpd_pos){20, 3};
	r->group_pos[GPD_GROUP_TARGET] = (gpd_pos){14, 3};
	r->text_pos[GPD_TEXT_PURPOSE] = (gpd_pos){16, 3};
	r->contact_pos[GPD_CONTACT_EMAIL] = (gpd_pos){30, 5};
	assert_int_equal(gpd_record_add_criterion(r, c), 0);
	r->ticks[GPD_GROUP_OUTCOME] = GPD_TICK(1);
	r->ticks[GPD_GROUP_REGION] = GPD_TICK(index_of(GPD_GROUP_REGION, "london"));
	return r;
}

typedef struct fixture {
	gpd_diag *diag;
	gpd_catalogue *cat;
	gpd_record *rec;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	gpd_diag *quiet;

	if (f == NULL)
		return -1;
	f->diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	quiet = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	f->cat = gpd_catalogue_parse("standards.xml", catalogue_xml,
		strlen(catalogue_xml), quiet);
	if (f->cat == NULL || gpd_diag_size(quiet) != 0)
		return -1;
	gpd_diag_free(quiet);
	f->rec = good();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	gpd_record_free(f->rec);
	gpd_catalogue_free(f->cat);
	gpd_diag_free(f->diag);
	free(f);
	return 0;
}

/* Lints f->rec and asserts the diagnostics are exactly `codes` (in order). */
static size_t lint_expect(fixture *f, const gpd_msg *codes, size_t n)
{
	size_t errors = gpd_lint_record(f->rec, f->cat, f->diag);
	size_t want_errors = 0;

	if (gpd_diag_size(f->diag) != n) {
		for (size_t i = 0; i < gpd_diag_size(f->diag); i++)
			print_message("  got [%s] %s\n",
				gpd_msg_name(gpd_diag_at(f->diag, i)->code),
				gpd_diag_at(f->diag, i)->text);
		fail_msg("expected %zu diagnostics, got %zu", n, gpd_diag_size(f->diag));
	}
	for (size_t i = 0; i < n; i++) {
		const gpd_diagnostic *g = gpd_diag_at(f->diag, i);

		if (g->code != codes[i])
			fail_msg("diagnostic %zu: expected [%s], got [%s] %s", i,
				gpd_msg_name(codes[i]), gpd_msg_name(g->code), g->text);
		assert_string_equal(g->file, f->rec->path);
		assert_true(g->line > 0);
		if (gpd_msg_level(codes[i]) >= GPD_LEVEL_ERROR)
			want_errors++;
	}
	assert_int_equal(errors, want_errors);
	assert_int_equal(f->rec->nwarnings, n - want_errors);
	return errors;
}

#define EXPECT(...) do { \
		static const gpd_msg codes_[] = {__VA_ARGS__}; \
		lint_expect(f, codes_, sizeof(codes_) / sizeof(codes_[0])); \
	} while (0)

static const gpd_diagnostic *diag0(fixture *f)
{
	return gpd_diag_at(f->diag, 0);
}

static void test_good_record_is_clean(void **state)
{
	fixture *f = *state;

	assert_int_equal(gpd_lint_record(f->rec, f->cat, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
	assert_int_equal(f->rec->nwarnings, 0);
	/* without a catalogue too */
	assert_int_equal(gpd_lint_record(f->rec, NULL, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
}

static void test_no_criterion(void **state)
{
	fixture *f = *state;

	f->rec->ncriteria = 0;
	EXPECT(GPD_W_NO_CRITERION);
	/* reported at the <criteria> element */
	assert_int_equal(diag0(f)->line, 6);
	assert_int_equal(diag0(f)->col, 3);
	assert_int_equal(diag0(f)->level, GPD_LEVEL_WARNING);
}

static void test_no_criterion_position_falls_back(void **state)
{
	fixture *f = *state;

	f->rec->ncriteria = 0;
	f->rec->pos[GPD_FIELD_CRITERIA] = (gpd_pos){0, 0};
	EXPECT(GPD_W_NO_CRITERION);
	/* at the record's start tag when the element has no position */
	assert_int_equal(diag0(f)->line, 2);
	assert_int_equal(diag0(f)->col, 1);
}

static void test_unknown_criterion(void **state)
{
	fixture *f = *state;
	gpd_criterion c = {9, 9, {8, 5}};

	assert_int_equal(gpd_record_add_criterion(f->rec, c), 0);
	EXPECT(GPD_W_UNKNOWN_CRITERION);
	assert_non_null(strstr(diag0(f)->text, "9.9"));
	assert_int_equal(diag0(f)->line, 8);
	assert_int_equal(diag0(f)->col, 5);
}

static void test_unknown_criterion_needs_catalogue(void **state)
{
	fixture *f = *state;
	gpd_criterion c = {9, 9, {8, 5}};

	assert_int_equal(gpd_record_add_criterion(f->rec, c), 0);
	/* no catalogue: nothing to compare with, so no warning */
	assert_int_equal(gpd_lint_record(f->rec, NULL, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
}

static void test_known_criteria_and_catalogue(void **state)
{
	fixture *f = *state;
	gpd_criterion c211 = {2, 11, {0, 0}}, c24 = {2, 4, {0, 0}};
	gpd_criterion c21 = {2, 1, {0, 0}}, c4 = {2, 40, {0, 0}};

	assert_true(gpd_catalogue_has(f->cat, c211));
	assert_true(gpd_catalogue_has(f->cat, c24));
	assert_false(gpd_catalogue_has(f->cat, c21));
	assert_false(gpd_catalogue_has(f->cat, c4));
	assert_string_equal(gpd_catalogue_criterion_title(f->cat, c211), "Eleven");
	assert_null(gpd_catalogue_criterion_title(f->cat, c24)); /* never invented */
	assert_string_equal(gpd_catalogue_standard_title(f->cat, 2), "Two");
	assert_null(gpd_catalogue_standard_title(f->cat, 5));
	/* both criteria listed, neither repeated: nothing to say */
	assert_int_equal(gpd_record_add_criterion(f->rec, c211), 0);
	assert_int_equal(gpd_lint_record(f->rec, f->cat, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
}

/* A catalogue title that shows nothing, or longer than a one-line field:
 * an error at its element; 400 characters (800 bytes) are read. */
/* A criterion or a standard listed twice was accepted unsaid (most
 * likely a typo for a number left out). */
static void test_catalogue_listed_twice(void **state)
{
	static const char *const cats[] = {
		"<standards xmlns=\"urn:x-gpdigest:standards\">\n  <standard number=\"2\">\n"
		"    <criterion number=\"2.4\"/>\n    <criterion number=\"2.4\"/>\n"
		"  </standard>\n</standards>\n",
		"<standards xmlns=\"urn:x-gpdigest:standards\">\n"
		"  <standard number=\"2\"><criterion number=\"2.4\"/></standard>\n"
		"  <standard number=\"2\"><criterion number=\"2.5\"/></standard>\n</standards>\n",
	};
	static const int lines[] = { 4, 3 };
	static const char *const said[] = { "criterion 2.4 is listed twice", "standard 2 is listed twice" };

	(void)state;
	for (size_t i = 0; i < sizeof cats / sizeof *cats; i++) {
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_catalogue *cat = gpd_catalogue_parse("standards.xml", cats[i], strlen(cats[i]), d);

		assert_null(cat);
		assert_int_equal(gpd_diag_size(d), 1);
		assert_int_equal(gpd_diag_at(d, 0)->code, GPD_E_CATALOGUE);
		assert_int_equal(gpd_diag_at(d, 0)->line, lines[i]);
		assert_non_null(strstr(gpd_diag_at(d, 0)->text, said[i]));
		gpd_diag_free(d);
	}
}

static void test_catalogue_titles(void **state)
{
	static const char head[] = "<standards xmlns=\"urn:x-gpdigest:standards\">\n"
		"  <standard number=\"2\">\n    <criterion number=\"2.4\" title=\"";
	static const char tail[] = "\"/>\n  </standard>\n</standards>\n";
	struct { const char *unit; size_t n; int ok; } c[] = {
		{" ", 1, 0}, {"\xE2\x80\x8B", 2, 0}, {"\xC3\xA9", 400, 1}, {"a", 401, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_buf b = {0};
		gpd_catalogue *cat;

		gpd_buf_puts(&b, head);
		for (size_t k = 0; k < c[i].n; k++)
			gpd_buf_puts(&b, c[i].unit);
		gpd_buf_puts(&b, tail);
		cat = gpd_catalogue_parse("standards.xml", b.data, b.len, d);
		if (c[i].ok) {
			assert_non_null(cat);
			assert_int_equal(gpd_diag_size(d), 0);
		} else {
			assert_null(cat);
			assert_int_equal(gpd_diag_size(d), 1);
			assert_int_equal(gpd_diag_at(d, 0)->code, GPD_E_CATALOGUE);
			assert_int_equal(gpd_diag_at(d, 0)->line, 3);
		}
		gpd_catalogue_free(cat);
		gpd_buf_free(&b);
		gpd_diag_free(d);
	}
}

static void test_duplicate_criterion(void **state)
{
	fixture *f = *state;
	gpd_criterion c = {2, 4, {9, 5}};

	assert_int_equal(gpd_record_add_criterion(f->rec, c), 0);
	EXPECT(GPD_W_DUP_CRITERION);
	assert_int_equal(diag0(f)->line, 9);
}

static void test_no_outcome(void **state)
{
	fixture *f = *state;

	f->rec->ticks[GPD_GROUP_OUTCOME] = 0;
	EXPECT(GPD_W_NO_OUTCOME);
	assert_int_equal(diag0(f)->line, 10);
}

static void test_no_region(void **state)
{
	fixture *f = *state;

	f->rec->ticks[GPD_GROUP_REGION] = 0;
	EXPECT(GPD_W_NO_REGION);
	assert_int_equal(diag0(f)->line, 20);
}

static void test_specify_ticked_without_text(void **state)
{
	fixture *f = *state;
	int others = index_of(GPD_GROUP_TARGET, "others");

	f->rec->ticks[GPD_GROUP_TARGET] = GPD_TICK(others);
	EXPECT(GPD_E_SPECIFY_MISSING);
	assert_int_equal(diag0(f)->level, GPD_LEVEL_ERROR);
	assert_non_null(strstr(diag0(f)->text, "Others (please specify)"));
	assert_int_equal(diag0(f)->line, 14);
}

static void test_specify_ticked_with_text(void **state)
{
	fixture *f = *state;
	int others = index_of(GPD_GROUP_TARGET, "others");
	int national = index_of(GPD_GROUP_REGION, "national");

	f->rec->ticks[GPD_GROUP_TARGET] = GPD_TICK(others);
	f->rec->ticks[GPD_GROUP_REGION] = GPD_TICK(national);
	assert_int_equal(gpd_record_add_specified(f->rec, GPD_GROUP_TARGET,
		(unsigned)others, gpd_strdup("Grandparents"), (gpd_pos){15, 5}), 0);
	assert_int_equal(gpd_record_add_specified(f->rec, GPD_GROUP_REGION,
		(unsigned)national, gpd_strdup("Wales"), (gpd_pos){21, 5}), 0);
	assert_int_equal(gpd_lint_record(f->rec, f->cat, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
}

static void test_specify_text_without_tick(void **state)
{
	fixture *f = *state;
	int multi = index_of(GPD_GROUP_AGENCY_TYPE, "multi-agency");

	assert_int_equal(gpd_record_add_specified(f->rec, GPD_GROUP_AGENCY_TYPE,
		(unsigned)multi, gpd_strdup("PCT and police"), (gpd_pos){25, 7}), 0);
	EXPECT(GPD_W_SPECIFY_UNTICKED);
	assert_int_equal(diag0(f)->level, GPD_LEVEL_WARNING);
	assert_non_null(strstr(diag0(f)->text, "Multi-agency"));
	assert_int_equal(diag0(f)->line, 25);
	assert_int_equal(diag0(f)->col, 7);
}

/* A box that asks for nothing needs no text. */
static void test_plain_tick_needs_no_text(void **state)
{
	fixture *f = *state;

	f->rec->ticks[GPD_GROUP_TARGET] = GPD_TICK(0) | GPD_TICK(1) | GPD_TICK(27);
	f->rec->ticks[GPD_GROUP_AGENCY_TYPE] = GPD_TICK(0);
	assert_int_equal(gpd_lint_record(f->rec, f->cat, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
}

static void test_empty_required_text(void **state)
{
	fixture *f = *state;

	free(f->rec->text[GPD_TEXT_PURPOSE]);
	f->rec->text[GPD_TEXT_PURPOSE] = NULL;
	assert_int_equal(f->rec->draft, 0);
	EXPECT(GPD_W_EMPTY_FIELD);
	assert_non_null(strstr(diag0(f)->text, gpd_form_text(GPD_TEXT_PURPOSE)->question));
	assert_non_null(strstr(diag0(f)->text, "<purpose>"));
	assert_int_equal(diag0(f)->line, 16);
	/* a warning, and the record a draft the editions leave out */
	assert_int_equal(f->rec->draft, 1);
}

static void test_empty_required_fields(void **state)
{
	fixture *f = *state;

	free(f->rec->text[GPD_TEXT_DESCRIPTION]);
	f->rec->text[GPD_TEXT_DESCRIPTION] = NULL;
	free(f->rec->title);
	f->rec->title = NULL;
	free(f->rec->authority);
	f->rec->authority = NULL;
	free(f->rec->agency);
	f->rec->agency = NULL;
	EXPECT(GPD_W_EMPTY_FIELD, GPD_W_EMPTY_FIELD, GPD_W_EMPTY_FIELD, GPD_W_EMPTY_FIELD);
	assert_int_equal(f->rec->draft, 1);
}

/* CommonMark text that shows nothing as read: the characters that show
 * nothing written as character references (decimal, hexadecimal, named)
 * are as empty as the characters themselves; references kept as written
 * (escaped, in code, unknown) and references to what shows are not. */
static void test_md_visibly_empty(void **state)
{
	static const char *const empty[] = {
		NULL, "", " \n ", "\xE2\x80\x8B", "&#x200B;", "&#8203;", "&shy;", "&nbsp;",
		"&#x200b;\n\n&ZeroWidthSpace; &zwj;", " &#xFEFF;\xE2\x80\x8B&#x2060; ",
	};
	static const char *const shows[] = {
		"a", "&#65;", "&amp;", "\\&#x200B;", "`&#x200B;`", "    &#x200B;", "&nosuch;",
		"&#x200B", "&#;", "- &#x200B;", "&#x200B; x", "---", "&#0;",
	};

	(void)state;
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
		if (!gpd_md_visibly_empty(empty[i]))
			fail_msg("'%s' should show nothing", empty[i] ? empty[i] : "(null)");
	for (size_t i = 0; i < sizeof shows / sizeof *shows; i++)
		if (gpd_md_visibly_empty(shows[i]))
			fail_msg("'%s' should show", shows[i]);
}

/* An attachment with no text, or only what shows nothing (written as
 * itself or as a character reference), is an empty field at it. */
static void test_empty_attachment(void **state)
{
	fixture *f = *state;

	assert_int_equal(gpd_record_add_attachment(f->rec, gpd_strdup("Budget"),
		gpd_strdup("&#x200B;\n"), (gpd_pos){40, 5}), 0);
	EXPECT(GPD_W_EMPTY_FIELD);
	assert_non_null(strstr(diag0(f)->text, "<attachment title=\"Budget\">"));
	assert_int_equal(diag0(f)->line, 40);
	assert_int_equal(diag0(f)->col, 5);
	assert_int_equal(f->rec->draft, 1);
}

static void test_optional_texts_may_be_empty(void **state)
{
	fixture *f = *state;

	assert_null(f->rec->text[GPD_TEXT_STRUCTURES]);
	assert_null(f->rec->text[GPD_TEXT_TOOLS]);
	assert_null(f->rec->text[GPD_TEXT_EVIDENCE_NOTES]);
	free(f->rec->contact[GPD_CONTACT_EMAIL]);
	f->rec->contact[GPD_CONTACT_EMAIL] = NULL; /* no email is fine */
	assert_int_equal(gpd_lint_record(f->rec, f->cat, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
}

static void test_bad_email(void **state)
{
	fixture *f = *state;

	free(f->rec->contact[GPD_CONTACT_EMAIL]);
	f->rec->contact[GPD_CONTACT_EMAIL] = gpd_strdup("ann at sampleton");
	EXPECT(GPD_W_BAD_EMAIL);
	assert_non_null(strstr(diag0(f)->text, "ann at sampleton"));
	assert_int_equal(diag0(f)->line, 30);
	assert_int_equal(diag0(f)->col, 5);
}

/* A pipe table prints as text: said once per field; pipes in a sentence,
 * in code or over a heading's underline are no table. */
static void test_pipe_table(void **state)
{
	fixture *f = *state;

	free(f->rec->text[GPD_TEXT_DESCRIPTION]);
	f->rec->text[GPD_TEXT_DESCRIPTION] = gpd_strdup("a | b in a sentence\n\n"
		"    | code | block |\n    |---|---|\n\nHeading | one\n---\n\n"
		"Before:\n\n| Post | Hours |\n|:---|---:|\n| PA | 37 |\n\n| x |\n|-|\n");
	f->rec->text_pos[GPD_TEXT_DESCRIPTION] = (gpd_pos){18, 3};
	EXPECT(GPD_W_PIPE_TABLE);
	assert_non_null(strstr(diag0(f)->text, "<description>"));
	assert_int_equal(diag0(f)->line, 18);
	gpd_diag_free(f->diag);
	f->diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	f->rec->nwarnings = 0;
	free(f->rec->text[GPD_TEXT_DESCRIPTION]);
	f->rec->text[GPD_TEXT_DESCRIPTION] = gpd_strdup("a | b in a sentence\n\n"
		"    | code | block |\n    |---|---|\n\nHeading | one\n---\n");
	assert_int_equal(gpd_lint_record(f->rec, f->cat, f->diag), 0);
	assert_int_equal(gpd_diag_size(f->diag), 0);
}

/* Text nested past the renderers' depth is still told, through the
 * prefilter that spares prose cmark's parse: quotes, lists, emphasis. */
static void test_deep_nesting(void **state)
{
	static const char *const deep[] = { ">", "- ", "* ", "1. ", "![" };
	fixture *f = *state;

	for (size_t k = 0; k < sizeof deep / sizeof *deep; k++) {
		gpd_buf b = {0};

		for (int i = 0; i <= GPD_MD_MAX_DEPTH; i++)
			gpd_buf_puts(&b, deep[k]);
		gpd_buf_puts(&b, "text");
		if (k == 4)
			for (int i = 0; i <= GPD_MD_MAX_DEPTH; i++)
				gpd_buf_puts(&b, "](u)");
		free(f->rec->text[GPD_TEXT_DESCRIPTION]);
		f->rec->text[GPD_TEXT_DESCRIPTION] = b.data;
		gpd_diag_free(f->diag);
		f->diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		f->rec->nwarnings = 0;
		EXPECT(GPD_W_DEEP_NESTING);
	}
}

/* The prefilter is sound: whenever it says a text cannot nest beyond max,
 * cmark's tree agrees; checked on small max over random markup-heavy
 * text (a fixed seed), where both answers occur often. */
static void test_nest_bound_is_sound(void **state)
{
	/* pieces of markup, so that random text nests often */
	static const char *const piece[] = { ">", "> ", "- ", "-", "+ ", "* ", "*", "**", "_",
		"1. ", "2)", "9.", "[", "](u)", "![", "]", "(", ")", "<", "<a@b.c>", "\n", "\n\n",
		"  ", "    ", "\t", "a", "b ", "|", "\\", "`", ".", "x.", "&ast;", "#", "=",
		"\r", "\r\n", "\n \n", "10. ", "1234567890. ", "0)", "-\t", "a *" };
	unsigned long x = 12345;
	size_t spared = 0, deep = 0;
	char s[24 * 16]; /* pieces are shorter than 16 */

	/* texts a looser bound gets wrong: a line of one '+' is not a blank
	 * line (an empty item cannot interrupt a paragraph, which goes on
	 * with the emphasis open); "\r" alone ends a line; text at the first
	 * column closes the lists only after a blank line (else it is the
	 * paragraph's, and the item goes on) */
	static const char *const tricky[] = {
		"*a _b\n+\n*c d*\n+\ne_ f*", "*a _b\n+ \n*c d*\n+ \ne_ f*", "- a\r  - b\r    - c",
		"> a\r> > b\r> > > c", "1. a\n   1) b\n      1. c", "- - - x",
		"- a\n  - b\nc\n    - d", "> > a\nb\n> > > c",
	};

	(void)state;
	for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
		cmark_node *doc = cmark_parse_document(tricky[i], strlen(tricky[i]), CMARK_OPT_DEFAULT);

		assert_non_null(doc);
		assert_true(gpd_md_too_deep(doc, 2));
		if (!gpd_md_may_nest_beyond(tricky[i], 2))
			fail_msg("\"%s\" nests deeper than 2, the prefilter said not", tricky[i]);
		cmark_node_free(doc);
	}
	for (int round = 0; round < 60000; round++) {
		size_t len = 0, n;
		int max = 1 + round % 3;
		cmark_node *doc;

		x = x * 6364136223846793005ul + 1442695040888963407ul;
		n = (x >> 33) % 24;
		for (size_t i = 0; i < n; i++) {
			const char *p;

			x = x * 6364136223846793005ul + 1442695040888963407ul;
			p = piece[(x >> 33) % (sizeof piece / sizeof *piece)];
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		s[len] = '\0';
		assert_non_null(doc = cmark_parse_document(s, len, CMARK_OPT_DEFAULT));
		if (gpd_md_too_deep(doc, max)) {
			deep++;
			if (!gpd_md_may_nest_beyond(s, max))
				fail_msg("max %d: \"%s\" nests deeper, the prefilter said not", max, s);
		} else if (!gpd_md_may_nest_beyond(s, max)) {
			spared++;
		}
		cmark_node_free(doc);
	}
	assert_true(deep > 1000 && spared > 1000); /* both sides were tried */
}

static void test_is_email(void **state)
{
	static const char *const good_addrs[] = {
		"a@b.org", "Lorraine.Marshall@towerhamets.gov.uk",
		"Karen.W.Jones@birmingham.gov.uk", "first+tag@sub.example.co.uk",
		"o'neil@example.ie",
	};
	static const char *const bad_addrs[] = {
		"", "plain", "@example.org", "a@", "a@b", "a@.org", "a@b.", "a@@b.org",
		"a@b@c.org", "a b@c.org", "a@b .org", "a@b.org ", " a@b.org",
		"a\t@b.org", "<a@b.org>", "a@b,c.org", "a;b@c.org", "a@b.org\n",
		"mailto:a@b.org",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good_addrs) / sizeof(good_addrs[0]); i++)
		if (!gpd_link_is_email(good_addrs[i]))
			fail_msg("'%s' should be an address", good_addrs[i]);
	for (size_t i = 0; i < sizeof(bad_addrs) / sizeof(bad_addrs[0]); i++)
		if (gpd_link_is_email(bad_addrs[i]))
			fail_msg("'%s' should not be an address", bad_addrs[i]);
}

static void test_file_name_must_match_id(void **state)
{
	static const struct { const char *path; int ok; } cases[] = {
		{"some/dir/good-one.xml", 1},
		{"good-one.xml", 1},
		{"/abs/path/good-one.xml", 1},
		{"good-one", 1},             /* read from a name without .xml */
		{"some/dir/good-two.xml", 0},
		{"some/dir/good-one-x.xml", 0},
		{"some/dir/good.xml", 0},
		{"some/dir/Good-one.xml", 0},
		{"good-one/other.xml", 0},
		{"some/dir/good-one.XML", 0},
		{"some/dir/good-one.xml.xml", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture *f;

		teardown(state);
		assert_int_equal(setup(state), 0);
		f = *state;
		free(f->rec->path);
		f->rec->path = gpd_strdup(cases[i].path);
		if (cases[i].ok) {
			if (gpd_lint_record(f->rec, f->cat, f->diag) != 0)
				fail_msg("%s should match id good-one", cases[i].path);
			assert_int_equal(gpd_diag_size(f->diag), 0);
		} else {
			EXPECT(GPD_E_ID_FILENAME);
			assert_non_null(strstr(diag0(f)->text, "\"good-one\""));
			assert_int_equal(diag0(f)->line, 2);
		}
	}
}

/* Record ids are anchors beside the publication's own section anchors. */
static void test_reserved_ids(void **state)
{
	static const struct { const char *id; int reserved; } cases[] = {
		{"contents", 1}, {"introduction", 1}, {"part-1", 1}, {"coverage", 1},
		{"standard-2", 1}, {"criterion-2-4", 1}, {"outcome-stay-safe", 1},
		{"authority-tower-hamlets", 1}, {"region-london", 1}, {"target-uasc", 1},
		{"contents-of-the-pack", 0}, {"my-introduction", 0}, {"standards", 0},
		{"part-3", 0}, {"regional-forum", 0}, {"good-one", 0}, {"index", 1}, {"index-2", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fixture *f;
		char path[128];

		teardown(state);
		assert_int_equal(setup(state), 0);
		f = *state;
		snprintf(path, sizeof(path), "records/%s.xml", cases[i].id);
		free(f->rec->path);
		f->rec->path = gpd_strdup(path);
		free(f->rec->id);
		f->rec->id = gpd_strdup(cases[i].id);
		if (cases[i].reserved) {
			EXPECT(GPD_E_RESERVED_ID);
			assert_non_null(strstr(diag0(f)->text, cases[i].id));
		} else if (gpd_lint_record(f->rec, f->cat, f->diag) != 0 ||
		    gpd_diag_size(f->diag) != 0) {
			fail_msg("id '%s' is not reserved", cases[i].id);
		}
	}
}

static void test_every_rule_at_once(void **state)
{
	fixture *f = *state;
	gpd_criterion c = {7, 1, {8, 5}};

	free(f->rec->path);
	f->rec->path = gpd_strdup("wrong-name.xml");
	assert_int_equal(gpd_record_add_criterion(f->rec, c), 0);
	f->rec->ticks[GPD_GROUP_OUTCOME] = 0;
	f->rec->ticks[GPD_GROUP_TARGET] = GPD_TICK(index_of(GPD_GROUP_TARGET, "others"));
	free(f->rec->contact[GPD_CONTACT_EMAIL]);
	f->rec->contact[GPD_CONTACT_EMAIL] = gpd_strdup("nobody");
	free(f->rec->text[GPD_TEXT_DESCRIPTION]);
	f->rec->text[GPD_TEXT_DESCRIPTION] = NULL;
	EXPECT(GPD_E_ID_FILENAME, GPD_W_UNKNOWN_CRITERION, GPD_W_NO_OUTCOME,
		GPD_E_SPECIFY_MISSING, GPD_W_EMPTY_FIELD, GPD_W_BAD_EMAIL);
}

static gpd_record *named(const char *path, const char *id, unsigned line)
{
	gpd_record *r = gpd_record_new();

	assert_non_null(r);
	r->path = gpd_strdup(path);
	r->id = gpd_strdup(id);
	r->pos[GPD_FIELD_RECORD] = (gpd_pos){line, 1};
	return r;
}

static void test_duplicate_ids(void **state)
{
	gpd_record *recs[4];
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	const gpd_diagnostic *g;

	(void)state;
	recs[0] = named("b/same.xml", "same", 3);
	recs[1] = named("a/other.xml", "other", 4);
	recs[2] = named("a/same.xml", "same", 5);
	recs[3] = named("c/third.xml", "third", 6);
	assert_int_equal(gpd_lint_corpus(recs, 4, d), 1);
	assert_int_equal(gpd_diag_size(d), 1);
	g = gpd_diag_at(d, 0);
	assert_int_equal(g->code, GPD_E_DUP_ID);
	assert_int_equal(g->level, GPD_LEVEL_ERROR);
	assert_non_null(strstr(g->text, "\"same\""));
	/* the later path is blamed, whatever the input order */
	assert_string_equal(g->file, "b/same.xml");
	assert_int_equal(g->line, 3);
	/* the input order is not changed */
	assert_string_equal(recs[0]->path, "b/same.xml");
	assert_string_equal(recs[2]->path, "a/same.xml");
	gpd_diag_free(d);

	/* distinct ids: nothing */
	d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	free(recs[2]->id);
	recs[2]->id = gpd_strdup("samE");
	assert_int_equal(gpd_lint_corpus(recs, 4, d), 0);
	assert_int_equal(gpd_diag_size(d), 0);
	/* one or no record: nothing to compare */
	assert_int_equal(gpd_lint_corpus(recs, 1, d), 0);
	assert_int_equal(gpd_lint_corpus(NULL, 0, d), 0);
	gpd_diag_free(d);

	/* three copies: two reports */
	d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	free(recs[2]->id);
	recs[2]->id = gpd_strdup("same");
	free(recs[1]->id);
	recs[1]->id = gpd_strdup("same");
	assert_int_equal(gpd_lint_corpus(recs, 4, d), 2);
	assert_int_equal(gpd_diag_count(d, GPD_LEVEL_ERROR), 2);
	gpd_diag_free(d);
	for (int i = 0; i < 4; i++)
		gpd_record_free(recs[i]);
}

/* The checks across a corpus of full records (good()'s) with two ids
 * alike and an authority spelled three ways: on the records whole, or
 * with their content dropped (as validate keeps them). */
static gpd_diag *corpus_checked(int dropped)
{
	static const char *const ids[] = {"one", "two", "one", "three"};
	static const char *const spelled[] = {"Tower Hamlets", "TOWER HAMLETS",
		"Tower-Hamlets", "Tower Hamlets"};
	gpd_record *recs[4];
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

	for (int i = 0; i < 4; i++) {
		recs[i] = good();
		free(recs[i]->id);
		recs[i]->id = gpd_strdup(ids[i]);
		free(recs[i]->path);
		recs[i]->path = gpd_strdup(i == 2 ? "b/one.xml" : ids[i]);
		free(recs[i]->authority);
		recs[i]->authority = gpd_strdup(spelled[i]);
		recs[i]->pos[GPD_FIELD_AUTHORITY] = (gpd_pos){4, (unsigned)i + 3};
		if (dropped)
			gpd_record_drop_content(recs[i]);
	}
	assert_int_equal(gpd_lint_corpus(recs, 4, d), 1);
	for (int i = 0; i < 4; i++)
		gpd_record_free(recs[i]);
	return d;
}

/* gpd_lint_corpus reads nothing gpd_record_drop_content frees: the same
 * diagnostics, word for word, from records whole and dropped. */
static void test_corpus_after_drop_content(void **state)
{
	gpd_diag *whole = corpus_checked(0), *dropped = corpus_checked(1);

	(void)state;
	assert_int_equal(gpd_diag_size(whole), 3); /* a duplicate id, two respellings */
	assert_int_equal(gpd_diag_size(dropped), gpd_diag_size(whole));
	for (size_t i = 0; i < gpd_diag_size(whole); i++) {
		const gpd_diagnostic *a = gpd_diag_at(whole, i), *b = gpd_diag_at(dropped, i);

		assert_int_equal(a->code, b->code);
		assert_string_equal(a->file, b->file);
		assert_int_equal(a->line, b->line);
		assert_int_equal(a->col, b->col);
		assert_string_equal(a->text, b->text);
	}
	gpd_diag_free(whole);
	gpd_diag_free(dropped);
}

/* What gpd_record_drop_content keeps and what it empties. */
static void test_drop_content(void **state)
{
	fixture *f = *state;
	gpd_record *r = f->rec;

	r->nwarnings = 2;
	gpd_record_drop_content(r);
	assert_string_equal(r->path, "some/dir/good-one.xml");
	assert_string_equal(r->id, "good-one");
	assert_string_equal(r->authority, "Sampleton");
	assert_int_equal(r->pos[GPD_FIELD_RECORD].line, 2);
	assert_int_equal(r->nwarnings, 2);
	assert_int_equal(r->ticks[GPD_GROUP_OUTCOME], GPD_TICK(1));
	assert_null(r->title);
	assert_null(r->received);
	assert_null(r->agency);
	assert_null(r->text[GPD_TEXT_PURPOSE]);
	assert_null(r->contact[GPD_CONTACT_EMAIL]);
	assert_null(r->criteria);
	assert_int_equal(r->ncriteria, 0);
	gpd_record_drop_content(r); /* twice: nothing left to free */
}

static void test_strict_promotes_lint_warnings(void **state)
{
	fixture *f = *state;
	gpd_diag *strict = gpd_diag_new(GPD_FORMAT_HUMAN, 1, NULL);

	f->rec->ticks[GPD_GROUP_OUTCOME] = 0;
	/* lint counts by the table's level; the collector promotes */
	assert_int_equal(gpd_lint_record(f->rec, f->cat, strict), 0);
	assert_int_equal(gpd_diag_at(strict, 0)->level, GPD_LEVEL_ERROR);
	assert_int_equal(gpd_diag_finish(strict, NULL), 1);
	gpd_diag_free(strict);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_good_record_is_clean),
		T(test_no_criterion),
		T(test_no_criterion_position_falls_back),
		T(test_unknown_criterion),
		T(test_unknown_criterion_needs_catalogue),
		T(test_known_criteria_and_catalogue),
		cmocka_unit_test(test_catalogue_titles),
		cmocka_unit_test(test_catalogue_listed_twice),
		T(test_duplicate_criterion),
		T(test_no_outcome),
		T(test_no_region),
		T(test_specify_ticked_without_text),
		T(test_specify_ticked_with_text),
		T(test_specify_text_without_tick),
		T(test_plain_tick_needs_no_text),
		T(test_empty_required_text),
		T(test_empty_required_fields),
		cmocka_unit_test(test_md_visibly_empty),
		T(test_empty_attachment),
		T(test_optional_texts_may_be_empty),
		T(test_bad_email),
		T(test_pipe_table),
		T(test_deep_nesting),
		cmocka_unit_test(test_nest_bound_is_sound),
		cmocka_unit_test(test_is_email),
		T(test_file_name_must_match_id),
		T(test_reserved_ids),
		T(test_every_rule_at_once),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_corpus_after_drop_content),
		T(test_drop_content),
		T(test_strict_promotes_lint_warnings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
