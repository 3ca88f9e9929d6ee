/* test_render_md.c: cmocka tests of the Markdown renderer: order, fixed point, links, hostile text, golden file. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <cmark.h>
#include <libxml/parser.h>

#include "gpdigest/buf.h"
#include "gpdigest/corpus.h"
#include "gpdigest/load.h"
#include "gpdigest/record.h"
#include "gpdigest/date.h"
#include "gpdigest/render.h"
#include "gpdigest/template.h"
#include "render/render_md_priv.h"

/* ---- fixtures ---- */

static const char *src_dir(void)
{
	const char *s = getenv("GPD_SOURCE_DIR");

	return s ? s : ".";
}

static char *path_in(const char *rel)
{
	gpd_buf b = {0};

	gpd_buf_printf(&b, "%s/%s", src_dir(), rel);
	return gpd_buf_take(&b);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	gpd_buf b = {0};
	char chunk[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	gpd_buf_puts(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		gpd_buf_append(&b, chunk, n);
	fclose(f);
	return gpd_buf_take(&b);
}

static void spill(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* A records folder and a templates folder loaded as a build would. */
typedef struct edition {
	gpd_diag *diag;
	gpd_catalogue *cat;
	gpd_template *cover, *intro;
	gpd_records recs;
	gpd_corpus *corpus;
} edition;

static void edition_load(edition *e, const char *records, const char *templates)
{
	char *rdir = path_in(records), *p;
	const char *paths[1] = {rdir};
	gpd_buf b = {0};

	memset(e, 0, sizeof(*e));
	e->diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);
	assert_non_null(e->diag);
	gpd_diag_set_quiet(e->diag, 1);
	gpd_buf_printf(&b, "%s/standards.xml", templates);
	p = path_in(b.data);
	e->cat = gpd_catalogue_load(p, e->diag);
	free(p), gpd_buf_free(&b);
	gpd_buf_printf(&b, "%s/cover.md", templates);
	p = path_in(b.data);
	e->cover = gpd_template_load(p, e->diag);
	free(p), gpd_buf_free(&b);
	gpd_buf_printf(&b, "%s/introduction.md", templates);
	p = path_in(b.data);
	e->intro = gpd_template_load(p, e->diag);
	free(p), gpd_buf_free(&b);
	assert_non_null(e->cat);
	assert_non_null(e->cover);
	assert_non_null(e->intro);
	assert_int_equal(gpd_load_records(paths, 1, e->cat, e->diag, &e->recs), 0);
	assert_int_equal(e->recs.failed, 0);
	assert_true(e->recs.n > 0);
	free(rdir);
	e->corpus = gpd_corpus_build((const gpd_record *const *)e->recs.items, e->recs.n, e->cat);
	assert_non_null(e->corpus);
}

static void edition_free(edition *e)
{
	gpd_corpus_free(e->corpus);
	gpd_records_free(&e->recs);
	gpd_template_free(e->cover);
	gpd_template_free(e->intro);
	gpd_catalogue_free(e->cat);
	gpd_diag_free(e->diag);
}

static gpd_edition_info info(const gpd_template *cover, const gpd_template *intro,
	const gpd_catalogue *cat, const char *date)
{
	gpd_edition_info ed = {
		.kind = GPD_EDITION_COMPENDIUM,
		.publication = "What Makes The Difference?",
		.publisher = "Leaving Care Advisory Service",
		.title = "Good-practice compendium",
		.selection = "All records",
		.date = date,
		.cover = cover,
		.introduction = intro,
		.catalogue = cat,
		.date_format = GPD_DATE_FORMAT_DEFAULT,
	};

	return ed;
}

static char *render_corpus(const gpd_corpus *c, const gpd_edition_info *ed)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);
	gpd_buf out = {0};

	assert_non_null(d);
	assert_int_equal(gpd_render_md(c, ed, &out, d), 0);
	assert_int_equal(gpd_diag_size(d), 0);
	gpd_diag_free(d);
	return gpd_buf_take(&out);
}

static char *render_edition(const edition *e, const char *date)
{
	gpd_edition_info ed = info(e->cover, e->intro, e->cat, date);

	return render_corpus(e->corpus, &ed);
}

/* ---- checks shared by several tests ---- */

/* Parsing the output and rendering it back gives the same text. */
static void assert_fixed_point(const char *md)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	char *again = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	size_t i = 0, line = 1;

	while (md[i] && md[i] == again[i])
		line += md[i++] == '\n';
	if (md[i] != again[i])
		fail_msg("not a fixed point of cmark at line %zu:\n  out:   %.80s\n  again: %.80s",
			line, md + i, again + i);
	free(again);
	cmark_node_free(doc);
}

/* Position of needle in hay, failing when absent. */
static size_t at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (p == NULL)
		fail_msg("missing from the output: %s", needle);
	return (size_t)(p - hay);
}

/* The text of a section: from its heading's anchor to the next heading of
 * the same or higher level (caller frees). */
static char *section(const char *md, const char *id)
{
	char needle[160];
	const char *start, *end, *p;
	size_t level = 0;

	snprintf(needle, sizeof(needle), "<a id=\"%s\"></a>", id);
	start = strstr(md, needle);
	if (start == NULL)
		fail_msg("no anchor %s", id);
	for (p = start; p > md && p[-1] != '\n'; p--)
		;
	while (p[level] == '#')
		level++;
	assert_true(level > 0);
	end = start;
	for (;;) {
		end = strchr(end, '\n');
		if (end == NULL) {
			end = md + strlen(md);
			break;
		}
		end++;
		size_t l = 0;
		while (end[l] == '#')
			l++;
		if (l > 0 && l <= level && end[l] == ' ')
			break;
	}
	return strndup(start, (size_t)(end - start));
}

/* The HTML cmark makes of the output, raw HTML passed through (unsafe),
 * so that any user markup that leaked would show. */
static char *html_of(const char *md)
{
	return cmark_markdown_to_html(md, strlen(md), CMARK_OPT_UNSAFE);
}

static int has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* ---- links resolve (pandoc -f gfm) ---- */

static int have_pandoc(void)
{
	return system("command -v pandoc >/dev/null 2>&1") == 0;
}

/* Adds every fragment the document links to: Markdown links, and the
 * hrefs of the coverage tables' HTML. */
static void collect_fragments(const char *md, char ***out, size_t *n)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		const char *s;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(x) == CMARK_NODE_LINK) {
			s = cmark_node_get_url(x);
			if (s[0] == '#') {
				*out = realloc(*out, (*n + 1) * sizeof(**out));
				(*out)[(*n)++] = strdup(s + 1);
			}
		} else if (cmark_node_get_type(x) == CMARK_NODE_HTML_BLOCK) {
			for (s = cmark_node_get_literal(x); (s = strstr(s, "href=\"#")) != NULL;) {
				size_t len = strcspn(s + 7, "\"");
				*out = realloc(*out, (*n + 1) * sizeof(**out));
				(*out)[(*n)++] = strndup(s + 7, len);
				s += 7 + len;
			}
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

/* Every (#fragment) is an id in pandoc's GitHub-flavoured HTML. */
static void assert_links_resolve(const char *md)
{
	char in[] = "/tmp/gpd-md-XXXXXX", cmd[128], **frags = NULL;
	size_t n = 0, outlen;
	char *html, outpath[64];
	int fd = mkstemp(in);

	assert_true(fd >= 0);
	close(fd);
	spill(in, md);
	snprintf(outpath, sizeof(outpath), "%s.html", in);
	snprintf(cmd, sizeof(cmd), "pandoc -f gfm -t html -o %s %s", outpath, in);
	assert_int_equal(system(cmd), 0);
	html = slurp(outpath);
	assert_non_null(html);
	outlen = strlen(html);
	collect_fragments(md, &frags, &n);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		char needle[512];

		snprintf(needle, sizeof(needle), " id=\"%s\"", frags[i]);
		if (strstr(html, needle) == NULL)
			fail_msg("link #%s has no target in pandoc's HTML (%zu bytes)", frags[i], outlen);
		free(frags[i]);
	}
	free(frags);
	free(html);
	unlink(in);
	unlink(outpath);
}

/* ---- records built in memory (for what XML cannot carry) ---- */

static gpd_record *mkrec(const char *id, const char *title, const char *authority,
	const char *criteria)
{
	gpd_record *r = gpd_record_new();
	char *list = strdup(criteria), *save = NULL;

	assert_non_null(r);
	r->id = strdup(id);
	r->title = title ? strdup(title) : NULL;
	r->authority = strdup(authority);
	r->received = strdup("2026-01-01");
	r->agency = strdup("Agency");
	r->text[GPD_TEXT_PURPOSE] = strdup("Purpose.");
	r->text[GPD_TEXT_DESCRIPTION] = strdup("Description.");
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		gpd_criterion c;
		assert_int_equal(gpd_criterion_parse(t, &c), 0);
		assert_int_equal(gpd_record_add_criterion(r, c), 0);
	}
	free(list);
	return r;
}

static char *render_records(gpd_record **recs, size_t n, const gpd_edition_info *ed)
{
	gpd_corpus *c = gpd_corpus_build((const gpd_record *const *)recs, n, NULL);
	char *md;

	assert_non_null(c);
	md = render_corpus(c, ed);
	gpd_corpus_free(c);
	return md;
}

/* ---- tests ---- */

/* The shipped records: Part 1's order, "Criterion not stated", Part 2. */
static void test_shipped_order(void **state)
{
	edition e;
	char *md, *p2;

	(void)state;
	edition_load(&e, "records", "templates");
	md = render_edition(&e, "2026-11-23");
	/* the first criterion section is 1.4; then 2.4, 2.11, 5.2 */
	assert_int_equal(at(md, "### <a id=\"criterion-"), at(md, "### <a id=\"criterion-1-4\""));
	assert_true(at(md, "### <a id=\"criterion-1-4\"") < at(md, "### <a id=\"criterion-2-4\""));
	assert_true(at(md, "### <a id=\"criterion-2-4\"") < at(md, "### <a id=\"criterion-2-11\""));
	assert_true(at(md, "### <a id=\"criterion-2-11\"") < at(md, "### <a id=\"criterion-5-2\""));
	/* 2.4's record before 2.11's, 5.2's after both */
	assert_true(at(md, "<a id=\"tower-hamlets-health-information\"></a>Health") <
		at(md, "<a id=\"thurrock-sexual-health-worker\"></a>Sexual"));
	assert_true(at(md, "<a id=\"thurrock-sexual-health-worker\"></a>") <
		at(md, "<a id=\"tower-hamlets-user-involvement\"></a>"));
	/* seed 003 is the last section of Part 1 */
	assert_true(at(md, "<a id=\"tower-hamlets-user-involvement\"></a>") <
		at(md, "## <a id=\"criterion-not-stated\"></a>Criterion not stated"));
	assert_true(at(md, "## <a id=\"criterion-not-stated\"></a>") <
		at(md, "### <a id=\"birmingham-peer-education\"></a>Peer education"));
	assert_true(at(md, "<a id=\"birmingham-peer-education\"></a>") <
		at(md, "# <a id=\"part-2\"></a>"));
	/* Part 2: seed 002 under "Make a positive contribution" */
	p2 = section(md, "outcome-make-a-positive-contribution");
	assert_non_null(strstr(p2, "](#tower-hamlets-user-involvement)"));
	free(p2);
	p2 = section(md, "outcome-not-stated");
	assert_null(strstr(p2, "](#tower-hamlets-user-involvement)"));
	assert_non_null(strstr(p2, "](#birmingham-peer-education)"));
	free(p2);
	free(md);
	edition_free(&e);
}

/* A record reads like the form: labels from form.c, ticked options only,
 * blank questions omitted, contact with a mailto link. */
static void test_record_reads_like_form(void **state)
{
	edition e;
	char *md, *rec;

	(void)state;
	edition_load(&e, "records", "templates");
	md = render_edition(&e, "2026-11-23");
	rec = section(md, "tower-hamlets-user-involvement");
	assert_non_null(strstr(rec, "*Tower Hamlets · form received 23 November 2026*"));
	assert_non_null(strstr(rec, gpd_form_group(GPD_GROUP_TARGET)->question));
	assert_non_null(strstr(rec, gpd_form_text(GPD_TEXT_PURPOSE)->question));
	assert_non_null(strstr(rec, "  - Make a positive contribution\n"));
	assert_null(strstr(rec, "Be healthy"));       /* unticked: omitted */
	assert_null(strstr(rec, "Address:"));         /* blank: omitted */
	assert_null(strstr(rec, gpd_form_text(GPD_TEXT_EVIDENCE_NOTES)->question));
	assert_non_null(strstr(rec, "  - Email: <jo.bird@towerhamlets.gov.uk>"));
	assert_non_null(strstr(rec, "**" GPD_Q_ATTACHMENTS "**"));
	/* the attachment's "## Background" nests under the record (level 4) */
	assert_non_null(strstr(rec, "\n###### Background\n"));
	/* fields in the form's order */
	assert_true(at(rec, GPD_Q_CRITERIA) < at(rec, gpd_form_group(GPD_GROUP_OUTCOME)->question));
	assert_true(at(rec, GPD_Q_AGENCY) < at(rec, gpd_form_group(GPD_GROUP_TARGET)->question));
	assert_true(at(rec, gpd_form_text(GPD_TEXT_STRUCTURES)->question) <
		at(rec, gpd_form_group(GPD_GROUP_AGENCY_TYPE)->question));
	assert_true(at(rec, gpd_form_group(GPD_GROUP_REGION)->question) <
		at(rec, gpd_form_text(GPD_TEXT_TOOLS)->question));
	assert_true(at(rec, GPD_Q_EVIDENCE) < at(rec, gpd_form_group(GPD_GROUP_REPORT)->question));
	assert_true(at(rec, GPD_Q_CONTACT) < at(rec, GPD_Q_ATTACHMENTS));
	free(rec);
	free(md);
	edition_free(&e);
}

static void test_shipped_fixed_point(void **state)
{
	edition e;
	char *md;

	(void)state;
	edition_load(&e, "records", "templates");
	md = render_edition(&e, "2026-11-23");
	assert_fixed_point(md);
	free(md);
	edition_free(&e);
}

/* Internal links resolve where the Markdown is published (pandoc -f gfm). */
static void test_links_resolve(void **state)
{
	edition e;
	char *md;

	(void)state;
	if (!have_pandoc()) {
		fprintf(stderr, "pandoc not installed: skipping\n");
		skip();
	}
	edition_load(&e, "records", "templates");
	md = render_edition(&e, "2026-11-23");
	assert_links_resolve(md);
	free(md);
	edition_free(&e);
	edition_load(&e, "tests/golden/records", "tests/golden/templates");
	md = render_edition(&e, "15 January 2026");
	assert_links_resolve(md);
	free(md);
	edition_free(&e);
}

/* Same input, same bytes; another date changes only the lines with it. */
static void test_deterministic(void **state)
{
	edition e;
	char *a, *b, *c, *pa, *pc;

	(void)state;
	edition_load(&e, "records", "templates");
	a = render_edition(&e, "2026-11-23");
	b = render_edition(&e, "2026-11-23");
	c = render_edition(&e, "2031-02-28");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	pa = a, pc = c;
	while (*pa || *pc) {
		size_t la = strcspn(pa, "\n"), lc = strcspn(pc, "\n");

		assert_true(*pa && *pc); /* as many lines */
		if (la != lc || memcmp(pa, pc, la) != 0) {
			char *x = strndup(pa, la), *y = strndup(pc, lc);
			assert_non_null(strstr(x, "2026-11-23"));
			assert_non_null(strstr(y, "2031-02-28"));
			free(x), free(y);
		}
		pa += la + (pa[la] != '\0');
		pc += lc + (pc[lc] != '\0');
	}
	free(a), free(b), free(c);
	edition_free(&e);
}

/* Numeric criterion order, through the corpus and the output. */
static void test_criterion_order(void **state)
{
	static const char *const order[] = {"1.4", "2.4", "2.11", "5.2", "10.1"};
	gpd_record *recs[6];
	gpd_corpus *c;
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	char *md, *sec;
	size_t k = 0, last = 0;

	(void)state;
	for (size_t i = 0; i + 1 < 5; i++) {
		gpd_criterion x, y;
		assert_int_equal(gpd_criterion_parse(order[i], &x), 0);
		assert_int_equal(gpd_criterion_parse(order[i + 1], &y), 0);
		assert_true(gpd_criterion_cmp(&x, &y) < 0);
		assert_true(gpd_criterion_cmp(&y, &x) > 0);
	}
	recs[0] = mkrec("r-ten", "Ten", "A", "10.1");
	recs[1] = mkrec("r-two-eleven", "Two eleven", "A", "2.11");
	recs[2] = mkrec("r-five", "Five", "A", "5.2");
	recs[3] = mkrec("r-one", "One", "A", "1.4");
	recs[4] = mkrec("r-two-four", "Two four", "A", "2.4");
	recs[5] = mkrec("r-both", "Both", "B", "2.11,10.1,2.4");
	c = gpd_corpus_build((const gpd_record *const *)recs, 6, NULL);
	assert_non_null(c);
	assert_int_equal(c->nstandards, 4);
	for (size_t s = 0; s < c->nstandards; s++)
		for (size_t i = 0; i < c->standards[s].n; i++) {
			char num[16];
			gpd_criterion_format(c->standards[s].criteria[i].crit, num, sizeof(num));
			assert_string_equal(num, order[k++]);
		}
	assert_int_equal(k, 5);
	md = render_corpus(c, &ed);
	for (k = 0; k < 5; k++) {
		char needle[64];
		size_t pos;

		snprintf(needle, sizeof(needle), "Criterion %s](#criterion-", order[k]);
		pos = at(md, needle);  /* the contents lists them in order too */
		assert_true(pos > last);
		last = pos;
	}
	/* a record citing 2.11, 10.1, 2.4: in full under 2.4, referred to elsewhere */
	sec = section(md, "criterion-2-4");
	assert_non_null(strstr(sec, "<a id=\"r-both\"></a>Both"));
	free(sec);
	sec = section(md, "criterion-2-11");
	assert_null(strstr(sec, "<a id=\"r-both\">"));
	assert_non_null(strstr(sec, "  - See [*Both*](#r-both) (B), printed in full under Criterion 2.4\n"));
	free(sec);
	sec = section(md, "criterion-10-1");
	assert_non_null(strstr(sec, "See [*Both*](#r-both) (B), printed in full under Criterion 2.4"));
	free(sec);
	assert_fixed_point(md);
	free(md);
	gpd_corpus_free(c);
	for (size_t i = 0; i < 6; i++)
		gpd_record_free(recs[i]);
}

/* Titles that are all metacharacters: the heading's text, parsed back,
 * is the title (control characters as their visible pictures). */
static const char *const hostile_titles[] = {
	"*Draft* #1 <b>",
	"[x](javascript:alert(1))",
	"<script>alert(1)</script>",
	"Title ending in a hash #",
	"# starts with a hash",
	"1. looks like a list",
	"2) also a list",
	"- dash",
	"+ plus",
	"> quote",
	"```fence",
	"~~~ tilde fence",
	"    indented code",
	"<!-- comment -->",
	"&amp; &copy; &#65; entities",
	"back\\slash\\",
	"`code` and ``more``",
	"_under_ __strong__ ***both***",
	"| a | b |",
	"=====",
	"-----",
	"***",
	"[ref]: /url",
	"<http://example.org/>",
	"![img](x.png)",
	"trailing spaces   ",
	"  leading spaces",
	"line\nbreak\r\nand\rCR",
	"tab\there",
	"a \\\nb",
	"\xC3\xA9t\xC3\xA9 \xCE\xB1\xCE\xB2 \xD0\xB6",
};

/* What a title must read as: the renderer's promise for one-line text. */
static char *expected_line(const char *s)
{
	gpd_buf b = {0};
	size_t len;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	gpd_buf_puts(&b, "");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\t' || c == '\n' || c == '\r')
			gpd_buf_putc(&b, ' ');
		else if (c < 0x20 || c == 0x7F) {
			unsigned cp = c == 0x7F ? 0x2421 : 0x2400 + c;
			gpd_buf_printf(&b, "%c%c%c", 0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3F),
				0x80 | (cp & 0x3F));
		} else
			gpd_buf_putc(&b, (char)c);
	}
	len = b.len;
	while (len > 0 && b.data[len - 1] == ' ')
		b.data[--len] = '\0';
	b.len = len;
	return gpd_buf_take(&b);
}

/* The text of the heading carrying anchor id, after parsing md: its TEXT
 * literals; any other inline but the anchor's two tags shows as {type}. */
static char *heading_text(const char *md, const char *id)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	char anchor[128];
	gpd_buf b = {0};
	cmark_node *h = NULL, *x;

	snprintf(anchor, sizeof(anchor), "<a id=\"%s\">", id);
	while (h == NULL && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		x = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_HTML_INLINE &&
		    strcmp(cmark_node_get_literal(x), anchor) == 0 &&
		    cmark_node_get_type(cmark_node_parent(x)) == CMARK_NODE_HEADING)
			h = cmark_node_parent(x);
	}
	cmark_iter_free(it);
	if (h == NULL)
		fail_msg("no heading with the anchor %s", anchor);
	gpd_buf_puts(&b, "");
	x = cmark_node_first_child(h);
	assert_string_equal(cmark_node_get_literal(x), anchor);
	x = cmark_node_next(x);
	assert_int_equal(cmark_node_get_type(x), CMARK_NODE_HTML_INLINE);
	assert_string_equal(cmark_node_get_literal(x), "</a>");
	for (x = cmark_node_next(x); x != NULL; x = cmark_node_next(x)) {
		if (cmark_node_get_type(x) == CMARK_NODE_TEXT)
			gpd_buf_puts(&b, cmark_node_get_literal(x));
		else
			gpd_buf_printf(&b, "{%s}", cmark_node_get_type_string(x));
	}
	cmark_node_free(doc);
	return gpd_buf_take(&b);
}

static void test_hostile_titles(void **state)
{
	size_t n = sizeof(hostile_titles) / sizeof(hostile_titles[0]);
	gpd_record **recs = calloc(n + 2, sizeof(*recs));
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	char *md, *html, *word = malloc(10001), *ctl = malloc(64);
	size_t k = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof(id), "hostile-%zu", i);
		recs[i] = mkrec(id, hostile_titles[i], hostile_titles[i], i % 2 ? "2.4" : "");
	}
	memset(word, 'w', 10000);
	word[10000] = '\0';
	recs[n] = mkrec("long-word", word, word, "1.4");
	for (unsigned c = 1; c < 0x20; c++)
		ctl[k++] = (char)c;
	ctl[k++] = 0x7F;
	memcpy(ctl + k, " end", 5);
	recs[n + 1] = mkrec("controls", ctl, ctl, "1.4");
	md = render_records(recs, n + 2, &ed);
	assert_fixed_point(md);
	for (size_t i = 0; i < n + 2; i++) {
		char *want = expected_line(recs[i]->title), *got = heading_text(md, recs[i]->id);
		if (strcmp(want, got) != 0)
			fail_msg("title %zu reads back as \"%s\", not \"%s\"", i, got, want);
		free(want), free(got);
	}
	html = html_of(md);
	assert_false(has_ci(html, "<script"));
	assert_false(has_ci(html, "href=\"javascript"));
	assert_false(has_ci(html, "<b>"));
	assert_false(has_ci(html, "<img"));
	assert_false(has_ci(html, "<!--"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, word));
	for (const unsigned char *p = (const unsigned char *)md; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
			fail_msg("raw control character 0x%02x in the output", *p);
	if (have_pandoc())
		assert_links_resolve(md);
	free(html), free(md), free(word), free(ctl);
	for (size_t i = 0; i < n + 2; i++)
		gpd_record_free(recs[i]);
	free(recs);
}

/* Free text is CommonMark, but nothing in it runs or escapes its place. */
static void test_hostile_free_text(void **state)
{
	static const char body[] =
		"<script>alert(1)</script>\n\n"
		"Text with <b>bold</b> and <img src=x onerror=alert(1)> and <span\nclass=x>.\n\n"
		"[click](javascript:alert(1)) [CLICK](JaVaScRiPt:alert(2)) [data](data:text/html,x) "
		"[ok](https://example.org/ok) [mail](mailto:a@example.org) [rel](page.html) "
		"[frag](#part-1) <javascript:alert(3)> ![alt *text*](http://example.org/i.png) "
		"[![nested](javascript:x)](javascript:y)\n\n"
		"# Top heading\n\n### Deep heading\n\nSetext\n======\n\n"
		"<div onclick=\"x\">\n  indented\n\n<iframe src=x>\n</div>\n\n"
		"- item <b>x</b>\n\n  <script>in item</script>\n\n"
		"> quote <i>x</i>\n\n"
		"```\n<script>in code</script>\n```\n\n"
		"```\x01info\x02\ncode \x03\n```\n\n"
		"[t](<http://example.org/\x01y> \"ti\x02tle\") [u](https://example.org/u \"ti\x04tle\")\n\n"
		"ctl \x01\x02\x1b[31m red \x7f end\n";
	gpd_record *r = mkrec("hostile-text", "Hostile text", "Authority", "2.4");
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	char *md, *html;

	(void)state;
	free(r->text[GPD_TEXT_DESCRIPTION]);
	r->text[GPD_TEXT_DESCRIPTION] = strdup(body);
	r->text[GPD_TEXT_EVIDENCE_NOTES] = strdup(body);
	assert_int_equal(gpd_record_add_attachment(r, strdup("<b>Attachment</b> #1"),
		strdup(body), (gpd_pos){0, 0}), 0);
	r->ticks[GPD_GROUP_TARGET] |= GPD_TICK(gpd_form_find_id(GPD_GROUP_TARGET, "others"));
	assert_int_equal(gpd_record_add_specified(r, GPD_GROUP_TARGET,
		(unsigned)gpd_form_find_id(GPD_GROUP_TARGET, "others"),
		strdup("<script>x</script> *y*"), (gpd_pos){0, 0}), 0);
	r->contact[GPD_CONTACT_NAME] = strdup("<b>Name</b>\n# not a heading");
	r->contact[GPD_CONTACT_EMAIL] = strdup("x@example.org\"><script>alert(1)</script>");
	r->contact[GPD_CONTACT_ADDRESS] = strdup("1 Street\n\n# Town\n<b>x</b>");
	md = render_records(&r, 1, &ed);
	assert_fixed_point(md);
	html = html_of(md);
	assert_false(has_ci(html, "<script"));
	assert_false(has_ci(html, "href=\"javascript"));
	assert_false(has_ci(html, "href=\"data:"));
	assert_false(has_ci(html, "href=\"page.html"));
	assert_false(has_ci(html, "<b>"));
	assert_false(has_ci(html, "<img"));
	assert_false(has_ci(html, "<div"));
	assert_false(has_ci(html, "<iframe"));
	assert_false(has_ci(html, "<span"));
	assert_false(has_ci(html, "<i>"));
	assert_non_null(strstr(html, "<a href=\"https://example.org/ok\">ok</a>"));
	assert_non_null(strstr(html, "<a href=\"mailto:a@example.org\">mail</a>"));
	assert_non_null(strstr(html, "<a href=\"https://example.org/u\" title=\"ti\xE2\x90\x84tle\">u</a>"));
	assert_false(has_ci(html, "href=\"http://example.org/"));  /* a control character in it */
	assert_non_null(strstr(html, "code \xE2\x90\x83"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;script&gt;in code&lt;/script&gt;")); /* a code block stays one */
	assert_non_null(strstr(html, "alt <em>text</em>"));                     /* image: its alt text */
	/* headings nest under the record (level 4): # -> 5, ### -> 6 */
	assert_non_null(strstr(html, "<h5>Top heading</h5>"));
	assert_non_null(strstr(html, "<h6>Deep heading</h6>"));
	/* an attachment is a section of its own, with its anchor */
	assert_non_null(strstr(html, "<h5><a id=\"hostile-text--attachment-1\"></a>"
		"&lt;b&gt;Attachment&lt;/b&gt; #1</h5>"));
	assert_non_null(strstr(html, "Others (please specify): &lt;script&gt;x&lt;/script&gt; *y*"));
	assert_non_null(strstr(html, "Name: &lt;b&gt;Name&lt;/b&gt;<br />\n# not a heading"));
	assert_non_null(strstr(html, "Address: 1 Street<br />\n# Town<br />\n&lt;b&gt;x&lt;/b&gt;"));
	assert_null(strstr(html, "mailto:x@example.org&quot;"));
	assert_non_null(strstr(html, "ctl \xE2\x90\x81\xE2\x90\x82\xE2\x90\x9B[31m red \xE2\x90\xA1 end"));
	for (const unsigned char *p = (const unsigned char *)md; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
			fail_msg("raw control character 0x%02x in the output", *p);
	if (have_pandoc())
		assert_links_resolve(md);
	free(html), free(md);
	gpd_record_free(r);
}

/* A model built by other means may carry an id that is not a slug: it
 * must not break out of the anchor's HTML. The edition's values, in the
 * template and in the plain title block, stay text too. */
static void test_hostile_ids_and_values(void **state)
{
	gpd_record *r = mkrec("x\"><script>alert(1)</script>", "T", "A", "2.4");
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	gpd_template *cover;
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);
	static const char tpl[] = "# {{title}}\n\n{{selection}} <b>raw</b>\n";
	char *md, *html;

	(void)state;
	ed.publication = "<script>alert('t')</script> *T*";
	ed.selection = "# <b>sel</b>";
	md = render_records(&r, 1, &ed);
	assert_fixed_point(md);
	html = html_of(md);
	assert_false(has_ci(html, "<script"));
	assert_false(has_ci(html, "<b>"));
	assert_non_null(strstr(html, "<h1>&lt;script&gt;alert('t')&lt;/script&gt; *T*</h1>"));
	free(html), free(md);
	cover = gpd_template_parse("cover.md", tpl, strlen(tpl), d);
	assert_non_null(cover);
	ed.cover = cover;
	md = render_records(&r, 1, &ed);
	assert_fixed_point(md);
	html = html_of(md);
	assert_false(has_ci(html, "<script"));
	assert_false(has_ci(html, "<b>"));
	assert_non_null(strstr(html, "# &lt;b&gt;sel&lt;/b&gt; &lt;b&gt;raw&lt;/b&gt;"));
	if (have_pandoc())
		assert_links_resolve(md);
	free(html), free(md);
	gpd_template_free(cover);
	gpd_diag_free(d);
	gpd_record_free(r);
}

/* Without templates: a plain title block, still a fixed point. An empty
 * corpus renders too (a build refuses it, but the renderer must not care). */
static void test_no_templates(void **state)
{
	gpd_record *r = mkrec("only", "Only", "A", "");
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	char *md;

	(void)state;
	md = render_records(&r, 1, &ed);
	assert_true(strncmp(md, "# What Makes The Difference?\n\n## Good-practice compendium\n", 58) == 0);
	assert_non_null(strstr(md, "Edition of 2026-01-01 · 1 good-practice examples from 1 authorities"));
	assert_fixed_point(md);
	free(md);
	md = render_records(&r, 0, &ed);
	assert_fixed_point(md);
	assert_null(strstr(md, "<a id=\"criterion-not-stated\">"));
	free(md);
	gpd_record_free(r);
}

/* Blank answers are left out, question and all; an unticked box is left
 * out even when a "please specify" text was written beside it (the lint
 * warns about that); a single-answer question reads inline. */
static void test_blank_and_unticked(void **state)
{
	gpd_record *r = mkrec("blanks", "Blanks", "A", "2.4");
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	int other = gpd_form_find_id(GPD_GROUP_AGENCY_TYPE, "other");
	char *md, *rec;

	(void)state;
	r->text[GPD_TEXT_STRUCTURES] = strdup("  \n\t ");
	r->contact[GPD_CONTACT_NAME] = strdup("   ");
	/* a zero width space, a no-break space, a word joiner: as blank */
	r->text[GPD_TEXT_TOOLS] = strdup("\xE2\x80\x8B\xC2\xA0\xE2\x81\xA0");
	r->contact[GPD_CONTACT_FAX] = strdup("\xE2\x80\x8B");
	r->contact[GPD_CONTACT_TEL] = strdup("01234");
	assert_int_equal(gpd_record_add_specified(r, GPD_GROUP_AGENCY_TYPE, (unsigned)other,
		strdup("Written but not ticked"), (gpd_pos){0, 0}), 0);
	r->ticks[GPD_GROUP_AGENCY_TYPE] = GPD_TICK(gpd_form_find_id(GPD_GROUP_AGENCY_TYPE, "voluntary"));
	r->ticks[GPD_GROUP_REPORT] = GPD_TICK(gpd_form_find_id(GPD_GROUP_REPORT, "yes"));
	md = render_records(&r, 1, &ed);
	rec = section(md, "blanks");
	assert_null(strstr(rec, gpd_form_text(GPD_TEXT_STRUCTURES)->question));
	assert_null(strstr(rec, gpd_form_text(GPD_TEXT_TOOLS)->question));
	assert_null(strstr(rec, GPD_Q_EVIDENCE));
	assert_null(strstr(rec, GPD_Q_ATTACHMENTS));
	assert_null(strstr(rec, gpd_form_group(GPD_GROUP_TARGET)->question));
	assert_null(strstr(rec, "Name:"));
	assert_null(strstr(rec, "Fax:"));
	assert_null(strstr(rec, "Written but not ticked"));
	assert_non_null(strstr(rec, "  - Voluntary organisation\n"));
	assert_non_null(strstr(rec, "  - Tel: 01234\n"));
	assert_non_null(strstr(rec, "**Feedback/evaluation report available on this site?** Yes\n"));
	free(rec), free(md);
	gpd_record_free(r);
}

/* The document is written a record at a time (render_md.c's flush); the
 * text must be the one tree's, byte for byte, whatever block ends the
 * text before a record's heading: each record's free text and attachment
 * end in another kind of block, and records of one criterion follow each
 * other (with its "See" list between criteria). */
static void test_record_at_a_time(void **state)
{
	static const char *const ends[] = {
		"Para.", "- a\n- b", "1. a\n2. b\n\n   loose", "> quote\n> more",
		"```\ncode\n```", "    indented code", "<div>\nhtml\n</div>", "---",
		"Setext\n===", "# Heading", "Line with hard break  ", "- a\n\n      code in item",
		"* x\n\n  > in item", "text \\", "1) x", "- [ ] task",
	};
	enum { N = sizeof(ends) / sizeof(ends[0]) };
	static const char *const crit[] = {"1.4", "2.4", "2.4,1.4", "3.1"};
	gpd_record *recs[N];
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	char id[32], *chunked, *whole;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		snprintf(id, sizeof id, "rec-%02zu", i);
		recs[i] = mkrec(id, id, i % 3 ? "Authority A" : "Authority B", crit[i % 4]);
		free(recs[i]->text[GPD_TEXT_DESCRIPTION]);
		recs[i]->text[GPD_TEXT_DESCRIPTION] = strdup(ends[i]);
		recs[i]->text[GPD_TEXT_EVIDENCE_NOTES] = strdup(ends[(i + 5) % N]);
		if (i % 2)
			assert_int_equal(gpd_record_add_attachment(recs[i], strdup("Attached"),
				strdup(ends[(i + 7) % N]), (gpd_pos){0, 0}), 0);
	}
	chunked = render_records(recs, N, &ed);
	gpd__md_one_tree = 1;
	whole = render_records(recs, N, &ed);
	gpd__md_one_tree = 0;
	assert_string_equal(chunked, whole);
	assert_non_null(strstr(whole, "code in item")); /* the cases made it in */
	free(chunked), free(whole);
	for (size_t i = 0; i < N; i++)
		gpd_record_free(recs[i]);
}

/* Pathological nesting in free text: linear time, still a fixed point. */
static void test_pathological(void **state)
{
	static const char *const units[] = {"> ", "- ", "*a", "[", "![", "<b>", "`", "\\", "&#", "1. "};
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	const size_t n = 20000;

	(void)state;
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		gpd_record *r = mkrec("deep", "Deep", "A", "1.4");
		size_t len = strlen(units[u]);
		char *s = malloc(n * len + 2), *md;
		time_t t0 = time(NULL);

		for (size_t i = 0; i < n; i++)
			memcpy(s + i * len, units[u], len);
		strcpy(s + n * len, "x");
		free(r->text[GPD_TEXT_DESCRIPTION]);
		r->text[GPD_TEXT_DESCRIPTION] = s;
		md = render_records(&r, 1, &ed);
		assert_fixed_point(md);
		if (time(NULL) - t0 > 20)
			fail_msg("\"%s\" x %zu took %lds", units[u], n, (long)(time(NULL) - t0));
		free(md);
		gpd_record_free(r);
	}
}

/* The golden corpus, byte for byte. GPD_UPDATE_GOLDEN=1 rewrites
 * tests/golden/expected.md instead (then review the diff). */
static void test_golden(void **state)
{
	edition e;
	char *md, *want, *path = path_in("tests/golden/expected.md");
	const char *update = getenv("GPD_UPDATE_GOLDEN");

	(void)state;
	edition_load(&e, "tests/golden/records", "tests/golden/templates");
	md = render_edition(&e, "15 January 2026");
	assert_fixed_point(md);
	if (update != NULL && strcmp(update, "1") == 0) {
		spill(path, md);
		fprintf(stderr, "rewrote %s\n", path);
	}
	want = slurp(path);
	if (want == NULL)
		fail_msg("cannot read %s (GPD_UPDATE_GOLDEN=1 creates it)", path);
	if (strcmp(md, want) != 0) {
		size_t i = 0, line = 1;
		while (md[i] && md[i] == want[i])
			line += md[i++] == '\n';
		fail_msg("output differs from %s at line %zu:\n  got:  %.80s\n  want: %.80s\n"
			"(if the change is intended: GPD_UPDATE_GOLDEN=1 ctest -R render_md, then review)",
			path, line, md + i, want + i);
	}
	free(want), free(md), free(path);
	edition_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_order),
		cmocka_unit_test(test_record_reads_like_form),
		cmocka_unit_test(test_shipped_fixed_point),
		cmocka_unit_test(test_links_resolve),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_criterion_order),
		cmocka_unit_test(test_hostile_titles),
		cmocka_unit_test(test_hostile_free_text),
		cmocka_unit_test(test_hostile_ids_and_values),
		cmocka_unit_test(test_no_templates),
		cmocka_unit_test(test_blank_and_unticked),
		cmocka_unit_test(test_record_at_a_time),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_golden),
	};
	int rc;

	xmlInitParser();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
