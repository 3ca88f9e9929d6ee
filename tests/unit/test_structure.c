/* test_structure.c: the edition document model: sections per kind, levels, unique and stable anchors; template conditions. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/structure.h"
#include "gpdigest/template.h"

static gpd_record *mkrec(const char *id, const char *authority, const char *criterion)
{
	gpd_record *r = gpd_record_new();

	assert_non_null(r);
	r->id = strdup(id);
	r->title = strdup(id);
	r->authority = strdup(authority);
	r->received = strdup("2026-01-01");
	r->agency = strdup("Agency");
	r->text[GPD_TEXT_PURPOSE] = strdup("Purpose.");
	if (criterion != NULL) {
		gpd_criterion c;
		assert_int_equal(gpd_criterion_parse(criterion, &c), 0);
		assert_int_equal(gpd_record_add_criterion(r, c), 0);
	}
	return r;
}

/* The node with this anchor, or NULL. */
static const gpd_node *find(const gpd_structure *s, const char *anchor)
{
	size_t n;
	const gpd_node *nodes = gpd_structure_nodes(s, &n);

	for (size_t i = 0; i < n; i++)
		if (nodes[i].anchor != NULL && strcmp(nodes[i].anchor, anchor) == 0)
			return &nodes[i];
	return NULL;
}

typedef struct fixture {
	gpd_record *recs[4];
	gpd_corpus *c;
	gpd_structure *s;
} fixture;

static void build(fixture *f, gpd_edition_kind kind)
{
	static gpd_edition_info ed;

	ed = (gpd_edition_info){0};
	ed.kind = kind;
	ed.title = "Test edition";
	/* "St Helens" and "St.Helens" are two authorities (two keys) with one
	 * anchor; "Thurrock" and "THURROCK" are one; a record whose id is a
	 * criterion section's anchor keeps it */
	f->recs[0] = mkrec("a-record", "Thurrock", "2.4");
	f->recs[1] = mkrec("b-record", "THURROCK", "2.11");
	f->recs[2] = mkrec("criterion-2-4", "St Helens", "2.4");
	f->recs[3] = mkrec("d-record", "St.Helens", NULL);
	f->c = gpd_corpus_build((const gpd_record *const *)f->recs, 4, NULL);
	assert_non_null(f->c);
	f->s = gpd_structure_build(f->c, &ed);
	assert_non_null(f->s);
}

static void done(fixture *f)
{
	gpd_structure_free(f->s);
	gpd_corpus_free(f->c);
	for (int i = 0; i < 4; i++)
		gpd_record_free(f->recs[i]);
}

static void test_anchors_unique(void **state)
{
	fixture f;
	size_t n;
	const gpd_node *nodes;

	(void)state;
	build(&f, GPD_EDITION_COMPENDIUM);
	nodes = gpd_structure_nodes(f.s, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; nodes[i].anchor && j < n; j++)
			if (nodes[j].anchor && strcmp(nodes[i].anchor, nodes[j].anchor) == 0)
				fail_msg("anchor %s used twice", nodes[i].anchor);
	assert_non_null(find(f.s, "authority-thurrock"));
	assert_null(find(f.s, "authority-thurrock-2"));
	assert_non_null(find(f.s, "authority-st-helens-2"));
	/* the record keeps its id; the criterion gets the suffix, and links follow it */
	assert_int_equal(find(f.s, "criterion-2-4")->kind, GPD_NODE_RECORD);
	assert_int_equal(find(f.s, "criterion-2-4-2")->kind, GPD_NODE_CRITERION);
	assert_string_equal(gpd_structure_criterion_anchor(f.s, &f.recs[0]->criteria[0]),
		"criterion-2-4-2");
	assert_string_equal(gpd_structure_record_anchor(f.s, f.recs[2]), "criterion-2-4");
	done(&f);
}

static void test_unstated_at_criterion_level(void **state)
{
	fixture f;
	const gpd_node *u, *rec;

	(void)state;
	build(&f, GPD_EDITION_COMPENDIUM);
	u = find(f.s, "criterion-not-stated");
	assert_non_null(u);
	assert_int_equal(u->level, find(f.s, "criterion-2-11")->level);
	assert_int_equal(find(f.s, "standard-not-stated")->level, 2);
	rec = find(f.s, "d-record");
	assert_int_equal(rec->level, find(f.s, "a-record")->level);
	done(&f);
}

/* The parts of each kind: a handout has its summary, not Part 2. */
static void test_parts_by_kind(void **state)
{
	fixture f;

	(void)state;
	build(&f, GPD_EDITION_HANDOUT);
	assert_non_null(find(f.s, "summary"));
	assert_null(find(f.s, "part-2"));
	assert_null(find(f.s, "coverage"));
	assert_null(find(f.s, "index-by-authority"));
	done(&f);
	build(&f, GPD_EDITION_DIGEST);
	assert_null(find(f.s, "summary"));
	assert_non_null(find(f.s, "part-2"));
	assert_non_null(find(f.s, "coverage"));
	assert_non_null(find(f.s, "index-by-authority"));
	assert_int_equal(gpd_structure_vars(f.s).sections >> GPD_IF_DIGEST & 1u, 1);
	done(&f);
}

/* Two builds of the same corpus: the same tree, line for line. */
static void test_dump_stable(void **state)
{
	fixture f;
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	FILE *fa = open_memstream(&a, &la), *fb = open_memstream(&b, &lb);

	(void)state;
	build(&f, GPD_EDITION_COMPENDIUM);
	assert_int_equal(gpd_structure_dump(f.s, fa), 0);
	done(&f);
	build(&f, GPD_EDITION_COMPENDIUM);
	assert_int_equal(gpd_structure_dump(f.s, fb), 0);
	done(&f);
	fclose(fa);
	fclose(fb);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "\n    standard 2 standard-not-stated md,pdf,html toc Standard not stated\n"
		"      criterion 3 criterion-not-stated md,pdf,html toc Criterion not stated\n"));
	free(a);
	free(b);
}

static char *expand(const char *text, unsigned sections)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_template *t = gpd_template_parse("t.md", text, strlen(text), d);
	gpd_template_vars v = {0};
	cmark_node *doc;
	char *out;

	assert_non_null(t);
	v.sections = sections;
	doc = gpd_template_expand(t, &v);
	out = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	gpd_template_free(t);
	gpd_diag_free(d);
	return out;
}

static void test_template_conditions(void **state)
{
	const char *text = "Intro.\n\n{{if part-2}}\nPart two.\n{{else}}\nNo part two.\n{{end}}\n"
		"  {{if not handout}}  \nNot a handout.\n{{end}}\n";
	char *with = expand(text, 1u << GPD_IF_PART2);
	char *without = expand(text, 1u << GPD_IF_HANDOUT);

	(void)state;
	assert_string_equal(with, "Intro.\n\nPart two.\nNot a handout.\n"); /* one paragraph */
	assert_string_equal(without, "Intro.\n\nNo part two.\n");
	free(with);
	free(without);
}

/* The template text expanded with authority a, written as CommonMark
 * with its isolates as open ... close. */
static char *expand_authority(const char *text, const char *a, const char *open,
	const char *close)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_template *t = gpd_template_parse("t.md", text, strlen(text), d);
	gpd_template_vars v = {0};
	cmark_node *doc;
	char *out;

	assert_non_null(t);
	v.authority = a;
	doc = gpd_template_expand(t, &v);
	assert_non_null(doc);
	if (open != NULL)
		assert_int_equal(gpd_template_isolates_as(doc, open, close), 0);
	out = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	gpd_template_free(t);
	gpd_diag_free(d);
	return out;
}

#define AR "\xD9\x85\xD8\xB1\xD9\x83\xD8\xB2 2024" /* an Arabic name and a year */

/* A handout's authority with right-to-left letters inside a template's
 * sentence is a bidi isolate (FSI ... PDI in the tree, <bdi> for HTML,
 * nothing for Markdown); alone in its heading, in code or with no such
 * letter it is its text as before. An Arabic authority starting a sentence
 * of ours made the paragraph right to left, the sentence torn. */
static void test_template_authority_isolate(void **state)
{
	static const char *const cases[][3] = {
		{ "{{authority}} sent in {{records}}.\n", GPD_TEMPLATE_FSI, GPD_TEMPLATE_PDI },
		{ "{{authority}} sent in {{records}}.\n", "<bdi>", "</bdi>" },
		{ "{{authority}} sent in {{records}}.\n", "", "" },
	};
	char *got;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[200];

		snprintf(want, sizeof want, "%s" AR "%s sent in 0.\n", cases[i][1], cases[i][2]);
		got = expand_authority(cases[i][0], AR, i ? cases[i][1] : NULL, cases[i][2]);
		assert_string_equal(got, want);
		free(got);
	}
	got = expand_authority("# {{authority}}\n\nBy *{{authority}}*, `{{authority}}`.\n", AR,
		NULL, NULL);
	assert_string_equal(got, "# " AR "\n\nBy *" GPD_TEMPLATE_FSI AR GPD_TEMPLATE_PDI "*, `" AR "`.\n");
	free(got);
	got = expand_authority("Examples that {{authority}} sent in.\n", "Tower Hamlets", NULL, NULL);
	assert_string_equal(got, "Examples that Tower Hamlets sent in.\n");
	free(got);
}

static void test_template_condition_errors(void **state)
{
	const char *bad[] = {
		"{{if nonsense}}\nx\n{{end}}\n",      /* unknown condition */
		"{{if part-2}}\nx\n",                 /* no end */
		"x\n{{end}}\n",                       /* end without if */
		"text {{if part-2}}\nx\n{{end}}\n",   /* not alone on its line */
		"{{if part-2}}\na\n{{else}}\nb\n{{else}}\nc\n{{end}}\n", /* two elses */
		"{{if part-2}}\n{{if coverage}}\n{{else}}\n{{end}}\n{{else}}\n{{else}}\n{{end}}\n",
		"caf\xe9\n",                          /* Latin-1, not UTF-8 */
		"a\n\x1b[31mred\n",                   /* a terminal escape */
		"tab\tok\x01\n",                       /* another control character */
		"\xff\xfe{\0{\0",                     /* UTF-16 */
	};
	/* an else in each of two nested ifs, and in two ifs one after the other */
	const char *good[] = {
		"{{if part-2}}\n{{if coverage}}\n{{else}}\n{{end}}\n{{else}}\n{{end}}\n",
		"{{if part-2}}\n{{else}}\n{{end}}\n{{if part-2}}\n{{else}}\n{{end}}\n",
		"a\tb\r\nc\n",                          /* tab and CR are not controls here */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_template *t = gpd_template_parse("t.md", bad[i], strlen(bad[i]), d);

		if (t != NULL)
			fail_msg("accepted: %s", bad[i]);
		assert_true(gpd_diag_worst(d) >= GPD_LEVEL_ERROR);
		gpd_diag_free(d);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_template *t = gpd_template_parse("t.md", good[i], strlen(good[i]), d);

		if (t == NULL)
			fail_msg("refused: %s", good[i]);
		gpd_template_free(t);
		gpd_diag_free(d);
	}
	for (int depth = GPD_MAX_IF_DEPTH; depth <= GPD_MAX_IF_DEPTH + 1; depth++) {
		/* nested to the limit: read; one more: refused at that {{if}} */
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_buf b = {0};
		gpd_template *t;

		for (int i = 0; i < depth; i++)
			gpd_buf_puts(&b, "{{if part-2}}\n");
		gpd_buf_puts(&b, "deep\n");
		for (int i = 0; i < depth; i++)
			gpd_buf_puts(&b, "{{end}}\n");
		t = gpd_template_parse("t.md", b.data, b.len, d);
		assert_int_equal(t != NULL, depth == GPD_MAX_IF_DEPTH);
		if (t == NULL) {
			assert_int_equal(gpd_diag_at(d, 0)->line, (unsigned)depth);
			assert_non_null(strstr(gpd_diag_at(d, 0)->text,
				"(" GPD_LIMIT_TEXT(GPD_MAX_IF_DEPTH) " levels)"));
		}
		gpd_template_free(t);
		gpd_buf_free(&b);
		gpd_diag_free(d);
	}
	{ /* a control character is named at its line and column */
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		const char *esc = "# T\n\nCaf\xc3\xa9 \x1b[31m\n";

		assert_null(gpd_template_parse("t.md", esc, strlen(esc), d));
		assert_int_equal(gpd_diag_size(d), 1);
		assert_int_equal(gpd_diag_at(d, 0)->line, 3);
		assert_int_equal(gpd_diag_at(d, 0)->col, 6);
		assert_non_null(strstr(gpd_diag_at(d, 0)->text, "U+001B"));
		gpd_diag_free(d);
	}
}

/* "![[]()" repeated: cmark 0.30 walks back over every open "![" at each
 * link it closes, time growing with the square (60,000 took minutes). The
 * template is refused before it is parsed; the same brackets split into
 * paragraphs, or escaped, or a paragraph within the bound, are not. */
static char *repeated(const char *head, const char *unit, size_t n, const char *tail)
{
	size_t h = strlen(head), u = strlen(unit);
	char *s = malloc(h + n * u + strlen(tail) + 1);

	assert_non_null(s);
	memcpy(s, head, h);
	for (size_t i = 0; i < n; i++)
		memcpy(s + h + i * u, unit, u);
	strcpy(s + h + n * u, tail);
	return s;
}

static void test_template_bracket_work(void **state)
{
	struct { char *text; int ok; } c[] = {
		{repeated("# Title\n\n", "![[]()", 60000, "\n"), 0},
		{repeated("", "![[]()\n\n", 60000, ""), 1},     /* a paragraph each */
		{repeated("", "\\![[]()", 60000, ""), 1},        /* "\![": no image */
		{repeated("", "[![a](b)](c) ", 7000, ""), 1},     /* 7,000 x 7,000 */
		{repeated("", "![a ", 50000, "x](u)"), 1},        /* nested images: no link */
		{repeated("", "a <![CDATA[ ", 60000, ""), 1},    /* no ']': no link */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_template *t = gpd_template_parse("t.md", c[i].text, strlen(c[i].text), d);

		if ((t != NULL) != c[i].ok)
			fail_msg("case %zu: %s", i, t ? "accepted" : "refused");
		assert_int_equal(gpd_diag_size(d), !c[i].ok);
		if (!c[i].ok) { /* at the paragraph's line */
			assert_int_equal(gpd_diag_at(d, 0)->code, GPD_E_LIMIT);
			assert_int_equal(gpd_diag_at(d, 0)->line, 3);
		}
		gpd_template_free(t);
		gpd_diag_free(d);
		free(c[i].text);
	}
}

/* A template that would parse into more pieces than GPD_MD_MAX_PIECES
 * (cmark's tree past the memory bound) is refused at its line 1; as many
 * bytes of prose are not. */
static void test_template_pieces(void **state)
{
	const size_t n = GPD_MD_MAX_PIECES / 2 + 1;
	char *marks = repeated("", "_*", n, ""), *prose = repeated("", "a care leaver ", n, "");
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	gpd_template *t;

	(void)state;
	assert_null(gpd_template_parse("t.md", marks, strlen(marks), d));
	assert_int_equal(gpd_diag_size(d), 1);
	assert_int_equal(gpd_diag_at(d, 0)->code, GPD_E_LIMIT);
	assert_int_equal(gpd_diag_at(d, 0)->line, 1);
	gpd_diag_free(d);
	d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
	assert_non_null(t = gpd_template_parse("t.md", prose, strlen(prose), d));
	gpd_template_free(t);
	gpd_diag_free(d);
	free(marks);
	free(prose);
}

/* After head, n emphases each inside the one before: "*a *a b c* c*". */
static char *emphasis(const char *head, int n)
{
	gpd_buf b = {0};

	gpd_buf_puts(&b, head);
	for (int i = 0; i < n; i++)
		gpd_buf_puts(&b, "*a ");
	gpd_buf_puts(&b, "b");
	for (int i = 0; i < n; i++)
		gpd_buf_puts(&b, " c*");
	gpd_buf_putc(&b, '\n');
	assert_false(gpd_buf_failed(&b));
	return b.data;
}

/* Quotes, lists or emphasis nested past GPD_MD_MAX_DEPTH in a template:
 * a template error at the line of the level past it (counted in the
 * template's own lines, its conditional lines too), not printed flat
 * unsaid; at the limit, read. */
static void test_template_nesting(void **state)
{
	const int max = GPD_MD_MAX_DEPTH;
	struct { char *text; unsigned line; } c[] = {
		{repeated("# T\n\n{{if part-2}}\n", "> ", (size_t)max + 1, "deep\n{{end}}\n"), 4},
		{repeated("", "> ", (size_t)max, "at the limit\n"), 0},
		{emphasis("a\n\n{{if part-2}}\nb\n{{else}}\nc\n{{end}}\n\n", max + 1), 9},
		{emphasis("", max), 0},
		{NULL, 0},
	};
	gpd_buf list = {0};

	(void)state;
	gpd_buf_puts(&list, "# T\n\n");
	for (int i = 0; i <= max; i++)
		gpd_buf_printf(&list, "%*s- item\n", 2 * i, "");
	c[4].text = list.data, c[4].line = 3 + (unsigned)max; /* the (max + 1)th list */
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);
		gpd_template *t = gpd_template_parse("t.md", c[i].text, strlen(c[i].text), d);

		if (c[i].line == 0 && t == NULL)
			fail_msg("refused: %.60s", c[i].text);
		if (c[i].line != 0) {
			if (t != NULL)
				fail_msg("accepted: %.60s", c[i].text);
			assert_int_equal(gpd_diag_size(d), 1);
			assert_int_equal(gpd_diag_at(d, 0)->code, GPD_E_TEMPLATE);
			assert_int_equal(gpd_diag_at(d, 0)->line, c[i].line);
		}
		gpd_template_free(t);
		gpd_diag_free(d);
		free(c[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchors_unique),
		cmocka_unit_test(test_unstated_at_criterion_level),
		cmocka_unit_test(test_parts_by_kind),
		cmocka_unit_test(test_dump_stable),
		cmocka_unit_test(test_template_conditions),
		cmocka_unit_test(test_template_condition_errors),
		cmocka_unit_test(test_template_authority_isolate),
		cmocka_unit_test(test_template_bracket_work),
		cmocka_unit_test(test_template_pieces),
		cmocka_unit_test(test_template_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
