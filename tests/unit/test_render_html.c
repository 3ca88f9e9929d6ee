/* test_render_html.c: cmocka tests of the HTML edition: pages and names, headings, hostile text, the theme's checks, escaping, golden site. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "gpdigest/buf.h"
#include "gpdigest/corpus.h"
#include "gpdigest/html.h"
#include "gpdigest/load.h"
#include "gpdigest/record.h"
#include "gpdigest/render.h"
#include "gpdigest/template.h"
#include "gpdigest/utf8.h"
#include "render/html_page.h"

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

/* The files of a site, as the renderer emits them. */
typedef struct site {
	char **names;
	char **pages;
	size_t n;
	int stop_after; /* > 0: emit says stop at this file */
} site;

static int collect(void *ctx, const char *name, const char *data, size_t len)
{
	site *s = ctx;
	char *copy = malloc(len + 1);

	assert_non_null(copy);
	memcpy(copy, data, len);
	copy[len] = '\0';
	assert_int_equal(strlen(copy), len); /* no NUL in a page */
	s->names = realloc(s->names, (s->n + 1) * sizeof(char *));
	s->pages = realloc(s->pages, (s->n + 1) * sizeof(char *));
	assert_non_null(s->names);
	assert_non_null(s->pages);
	s->names[s->n] = strdup(name);
	s->pages[s->n++] = copy;
	return s->stop_after > 0 && (int)s->n >= s->stop_after ? -1 : 0;
}

static void site_free(site *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i]), free(s->pages[i]);
	free(s->names), free(s->pages);
	memset(s, 0, sizeof(*s));
}

static const char *page_named(const site *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return s->pages[i];
	fail_msg("no page %s", name);
	return NULL;
}

static gpd_html_theme *theme_from(const char *dir)
{
	char *d = path_in(dir);
	gpd_diag *diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);
	gpd_html_theme *t = gpd_html_theme_load(d, "en-GB", diag);

	assert_non_null(t);
	gpd_diag_free(diag);
	free(d);
	return t;
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
		.output = "compendium",
	};

	return ed;
}

static void render_site(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_html_theme *t, site *s)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);

	assert_non_null(d);
	assert_int_equal(gpd_render_html(c, ed, t, collect, s, d), 0);
	assert_int_equal(gpd_diag_size(d), 0);
	gpd_diag_free(d);
}

static gpd_record *mkrec(const char *id, const char *title, const char *authority,
	const char *criterion)
{
	gpd_record *r = gpd_record_new();
	gpd_criterion c;

	assert_non_null(r);
	r->id = strdup(id);
	r->title = strdup(title);
	r->authority = strdup(authority);
	r->received = strdup("2026-01-01");
	r->agency = strdup("Agency");
	r->text[GPD_TEXT_PURPOSE] = strdup("Purpose.");
	r->text[GPD_TEXT_DESCRIPTION] = strdup("Description.");
	assert_int_equal(gpd_criterion_parse(criterion, &c), 0);
	assert_int_equal(gpd_record_add_criterion(r, c), 0);
	return r;
}

/* A records folder and a templates folder loaded as a build would. */
typedef struct edition {
	gpd_diag *diag;
	gpd_catalogue *cat;
	gpd_template *cover, *intro;
	gpd_records recs;
	gpd_corpus *corpus;
} edition;

static gpd_template *template_in(const char *dir, const char *name, gpd_diag *diag)
{
	gpd_buf b = {0};
	char *p;
	gpd_template *t;

	gpd_buf_printf(&b, "%s/%s", dir, name);
	p = path_in(b.data);
	t = gpd_template_load(p, diag);
	free(p), gpd_buf_free(&b);
	assert_non_null(t);
	return t;
}

static void edition_load(edition *e, const char *records, const char *templates)
{
	char *rdir = path_in(records), *p;
	const char *paths[1] = {rdir};
	gpd_buf b = {0};

	memset(e, 0, sizeof(*e));
	e->diag = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);
	gpd_diag_set_quiet(e->diag, 1);
	gpd_buf_printf(&b, "%s/standards.xml", templates);
	p = path_in(b.data);
	e->cat = gpd_catalogue_load(p, e->diag);
	free(p), gpd_buf_free(&b);
	assert_non_null(e->cat);
	e->cover = template_in(templates, "cover.md", e->diag);
	e->intro = template_in(templates, "introduction.md", e->diag);
	assert_int_equal(gpd_load_records(paths, 1, e->cat, e->diag, &e->recs), 0);
	assert_int_equal(e->recs.failed, 0);
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

/* ---- checks ---- */

static int has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* One h1, the first heading; no heading more than one below the last. */
static void assert_headings(const char *name, const char *page)
{
	int last = 0, h1 = 0;

	for (const char *p = page; (p = strstr(p, "<h")) != NULL; p++) {
		int l = p[2] - '0';

		if (l < 1 || l > 6 || (p[3] != '>' && p[3] != ' '))
			continue;
		if (l > last + 1)
			fail_msg("%s: h%d after h%d", name, l, last);
		h1 += l == 1;
		last = l;
	}
	if (h1 != 1)
		fail_msg("%s: %d h1 elements", name, h1);
}

/* A file name of ours: lower-case letters, digits, hyphens, then .html
 * (or the stylesheet). */
static void assert_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (strcmp(name, GPD_HTML_STYLESHEET) == 0)
		return;
	assert_non_null(dot);
	assert_string_equal(dot, ".html");
	for (const char *p = name; p < dot; p++)
		assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
}

/* Every href="X.html#Y" of a page names a page of the site, and Y an id on
 * it. */
static void assert_links_resolve(const site *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (const char *p = s->pages[i]; (p = strstr(p, "href=\"")) != NULL; p++) {
			const char *q = p + 6, *end = strchr(q, '"'), *hash;
			char file[256], id[256], pat[300];
			int found = 0;

			if (strncmp(q, "http", 4) == 0 || strncmp(q, "mailto:", 7) == 0 ||
			    strncmp(q, "../", 3) == 0 || strncmp(q, "style.css", 9) == 0)
				continue;
			hash = memchr(q, '#', (size_t)(end - q));
			if (q[0] == '#') {
				snprintf(file, sizeof(file), "%s", s->names[i]);
			} else {
				snprintf(file, sizeof(file), "%.*s", (int)((hash ? hash : end) - q), q);
			}
			for (size_t k = 0; k < s->n; k++)
				if (strcmp(s->names[k], file) == 0) {
					found = 1;
					if (hash != NULL) {
						snprintf(id, sizeof(id), "%.*s", (int)(end - hash - 1), hash + 1);
						snprintf(pat, sizeof(pat), "id=\"%s\"", id);
						if (strstr(s->pages[k], pat) == NULL)
							fail_msg("%s links to %s#%s: no such id", s->names[i], file, id);
					}
				}
			if (!found)
				fail_msg("%s links to %s: no such page", s->names[i], file);
		}
}

/* ---- tests ---- */

/* The shipped records: a page per part, criterion, group and record, each
 * named by its anchor; every page well formed in the ways we promise. */
static void test_shipped_site(void **state)
{
	edition e;
	gpd_html_theme *t = theme_from("templates");
	gpd_edition_info ed;
	site s = {0};

	(void)state;
	edition_load(&e, "records", "templates");
	ed = info(e.cover, e.intro, e.cat, "2026-11-23");
	render_site(e.corpus, &ed, t, &s);
	assert_string_equal(s.names[0], "index.html");
	assert_string_equal(s.names[s.n - 1], GPD_HTML_STYLESHEET);
	for (const char *want[] = {"introduction.html", "part-1.html", "criterion-2-11.html",
		"tower-hamlets-contact-policy.html", "part-2.html", "coverage.html",
		"index-by-authority.html", "authority-thurrock.html", "region-london.html",
		"criterion-not-stated.html", NULL}, **w = want; *w; w++)
		page_named(&s, *w);
	for (size_t i = 0; i < s.n; i++) {
		assert_name(s.names[i]);
		if (strcmp(s.names[i], GPD_HTML_STYLESHEET) == 0)
			continue;
		assert_headings(s.names[i], s.pages[i]);
		assert_non_null(strstr(s.pages[i], "<html lang=\"en-GB\">"));
		assert_null(strstr(s.pages[i], "<script"));
	}
	assert_links_resolve(&s);
	/* a record's page: its id, its form, its contact as an address */
	assert_non_null(strstr(page_named(&s, "tower-hamlets-contact-policy.html"),
		"<h1 id=\"tower-hamlets-contact-policy\">Contact policy for care leavers</h1>"));
	assert_non_null(strstr(page_named(&s, "tower-hamlets-contact-policy.html"), "<address>"));
	assert_non_null(strstr(page_named(&s, "tower-hamlets-contact-policy.html"),
		"<h2 id=\"tower-hamlets-contact-policy--attachment-1\">"));
	/* the coverage table: caption, th with scope */
	assert_non_null(strstr(page_named(&s, "coverage.html"), "<caption>"));
	assert_non_null(strstr(page_named(&s, "coverage.html"), "<th scope=\"col\">Be healthy</th>"));
	assert_non_null(strstr(page_named(&s, "coverage.html"),
		"<th scope=\"row\"><a href=\"criterion-1-4.html\">1.4</a></th>"));
	site_free(&s);
	gpd_html_theme_free(t);
	edition_free(&e);
}

/* Raw HTML prints as text; only http, https and mailto links are live;
 * record headings never skip a level; controls are visible. */
static void test_hostile_text(void **state)
{
	static const char body[] =
		"<script>alert(1)</script>\n\n"
		"Text with <b>bold</b> and <img src=x onerror=alert(1)>.\n\n"
		"[click](javascript:alert(1)) [CLICK](JaVaScRiPt:alert(2)) [data](data:text/html,x) "
		"[ok](https://example.org/ok) [mail](mailto:a@example.org) [rel](page.html) "
		"[frag](#part-1) <javascript:alert(3)> ![alt](http://example.org/i.png)\n\n"
		"# Top heading\n\n#### Deep heading\n\n## Back up\n\n###### Deepest\n\n"
		"```\n<script>in code</script>\n```\n\n"
		"ctl \x01\x1b[31m red \x7f end \xff\n";
	gpd_record *r = mkrec("hostile-text", "<i>Hostile</i> & \"text\"", "A & B", "2.4");
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	gpd_html_theme *t = theme_from("templates");
	gpd_corpus *c;
	site s = {0};
	const char *page;

	(void)state;
	free(r->text[GPD_TEXT_DESCRIPTION]);
	r->text[GPD_TEXT_DESCRIPTION] = strdup(body);
	assert_int_equal(gpd_record_add_attachment(r, strdup("<b>Attachment</b> #1"),
		strdup(body), (gpd_pos){0, 0}), 0);
	r->contact[GPD_CONTACT_EMAIL] = strdup("x@example.org\"><script>alert(1)</script>");
	r->contact[GPD_CONTACT_ADDRESS] = strdup("1 Street\n\n<b>Town</b>");
	c = gpd_corpus_build((const gpd_record *const *)&r, 1, NULL);
	assert_non_null(c);
	render_site(c, &ed, t, &s);
	for (size_t i = 0; i < s.n; i++) {
		assert_false(has_ci(s.pages[i], "<script"));
		assert_false(has_ci(s.pages[i], "href=\"javascript"));
		assert_false(has_ci(s.pages[i], "href=\"data:"));
		assert_false(has_ci(s.pages[i], "href=\"page.html"));
		assert_false(has_ci(s.pages[i], "<b>"));
		assert_false(has_ci(s.pages[i], "<img"));
		assert_false(has_ci(s.pages[i], "<i>"));
		if (strcmp(s.names[i], GPD_HTML_STYLESHEET) != 0)
			assert_headings(s.names[i], s.pages[i]);
	}
	page = page_named(&s, "hostile-text.html");
	assert_non_null(strstr(page, "<title>&lt;i&gt;Hostile&lt;/i&gt; &amp; &quot;text&quot; \xE2\x80\x93"));
	assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(page, "<a href=\"https://example.org/ok\">ok</a>"));
	assert_non_null(strstr(page, "<a href=\"mailto:a@example.org\">mail</a>"));
	assert_non_null(strstr(page, "click"));
	/* record headings: below the page's h1, no level skipped, nesting kept
	 * (# > #### and ## under #, ###### under ##) */
	assert_non_null(strstr(page, "<h2>Top heading</h2>\n<h3>Deep heading</h3>\n<h3>Back up</h3>\n"
		"<h4>Deepest</h4>"));
	/* in an attachment (h2): from h3 */
	assert_non_null(strstr(page, "<h3>Top heading</h3>\n<h4>Deep heading</h4>"));
	assert_non_null(strstr(page, "ctl \xE2\x90\x81\xE2\x90\x9B[31m red \xE2\x90\xA1 end \xEF\xBF\xBD"));
	/* an email that is not an address is text, not a link */
	assert_false(has_ci(page, "mailto:x@example.org"));
	assert_non_null(strstr(page, "1 Street<br>\n&lt;b&gt;Town&lt;/b&gt;"));
	site_free(&s);
	gpd_corpus_free(c);
	gpd_record_free(r);
	gpd_html_theme_free(t);
}

/* U+2028 LINE SEPARATOR in a record's text is a line break and U+2029
 * PARAGRAPH SEPARATOR a blank line, as the PDF sets them (UAX #14's
 * class BK): <br /> (browsers showed the character as a space, a box or
 * nothing), raw HTML's text and headings alike; the character itself
 * gone from the page. */
static void test_line_separators(void **state)
{
	static const char body[] = "one \xE2\x80\xA8two\xE2\x80\xA9three <b>x</b>\xE2\x80\xA8y\n\n"
		"# Head\xE2\x80\xA8line\n\n\xE2\x80\xA8";
	gpd_record *r = mkrec("separators", "Separators", "A", "2.4");
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	gpd_html_theme *t = theme_from("templates");
	gpd_corpus *c;
	site s = {0};
	const char *page;

	(void)state;
	free(r->text[GPD_TEXT_DESCRIPTION]);
	r->text[GPD_TEXT_DESCRIPTION] = strdup(body);
	c = gpd_corpus_build((const gpd_record *const *)&r, 1, NULL);
	assert_non_null(c);
	render_site(c, &ed, t, &s);
	page = page_named(&s, "separators.html");
	assert_non_null(strstr(page, "<p>one <br />\ntwo<br />\n<br />\nthree &lt;b&gt;x&lt;/b&gt;<br />\ny</p>"));
	assert_non_null(strstr(page, ">Head<br />\nline</h"));
	assert_null(strstr(page, "\xE2\x80\xA8"));
	assert_null(strstr(page, "\xE2\x80\xA9"));
	site_free(&s);
	gpd_corpus_free(c);
	gpd_record_free(r);
	gpd_html_theme_free(t);
}

/* A record's page is its id, and adding records changes no id. */
static void test_permanent_addresses(void **state)
{
	gpd_record *recs[3] = {mkrec("first-one", "First", "Alpha", "2.4"),
		mkrec("second-one", "Second", "Beta", "3.1"), mkrec("added-later", "Added", "Alpha", "2.4")};
	gpd_edition_info ed = info(NULL, NULL, NULL, "2026-01-01");
	gpd_html_theme *t = theme_from("templates");
	site a = {0}, b = {0};

	(void)state;
	for (int k = 0; k < 2; k++) {
		gpd_corpus *c = gpd_corpus_build((const gpd_record *const *)recs, k == 0 ? 2 : 3, NULL);

		assert_non_null(c);
		render_site(c, &ed, t, k == 0 ? &a : &b);
		gpd_corpus_free(c);
	}
	for (size_t i = 0; i < a.n; i++)
		page_named(&b, a.names[i]); /* every page is still there, by the same name */
	assert_non_null(strstr(page_named(&b, "first-one.html"), "<h1 id=\"first-one\">"));
	assert_non_null(strstr(page_named(&b, "added-later.html"), "<h1 id=\"added-later\">"));
	site_free(&a), site_free(&b);
	for (int k = 0; k < 3; k++)
		gpd_record_free(recs[k]);
	gpd_html_theme_free(t);
}

/* The same input gives the same bytes; emit can stop the walk. */
static void test_deterministic_and_stop(void **state)
{
	edition e;
	gpd_html_theme *t = theme_from("templates");
	gpd_edition_info ed;
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);
	site a = {0}, b = {0}, c = {.stop_after = 3};

	(void)state;
	edition_load(&e, "records", "templates");
	ed = info(e.cover, e.intro, e.cat, "2026-11-23");
	render_site(e.corpus, &ed, t, &a);
	render_site(e.corpus, &ed, t, &b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.names[i], b.names[i]);
		assert_string_equal(a.pages[i], b.pages[i]);
	}
	assert_int_equal(gpd_render_html(e.corpus, &ed, t, collect, &c, d), -1);
	assert_int_equal(c.n, 3);
	assert_int_equal(gpd_diag_size(d), 0); /* stopping is not an error of its own */
	site_free(&a), site_free(&b), site_free(&c);
	gpd_diag_free(d);
	gpd_html_theme_free(t);
	edition_free(&e);
}

/* The page template's placeholders are checked at load, with positions. */
static void test_theme_errors(void **state)
{
	static const struct { const char *page; const char *want; } cases[] = {
		{"<p>{{content}} {{colour}}</p>", "page.html:1:16: error: unknown placeholder {{colour}}"},
		{"<p>\n  {{content}\n</p>", "page.html:2:3: error: unclosed placeholder"},
		{"<p>no content</p>", "page.html:1:1: error: the page template has no {{content}}"},
		{"<p>{{content}}\xff</p>", "page.html:1:15: error: the file is not valid UTF-8: byte 0xFF"},
		{"<p>{{content}}\0</p>", "page.html:1:15: error: the file holds a NUL byte"},
	};
	char *out = NULL;
	size_t outlen = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		FILE *f = open_memstream(&out, &outlen);
		gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, f);
		size_t len = strlen(cases[i].page) + (strstr(cases[i].want, "NUL") ? 4 : 0);

		assert_null(gpd_html_theme_parse("page.html", cases[i].page, len, "style.css", "x", 1,
			"en", d));
		gpd_diag_free(d);
		fclose(f);
		if (strstr(out, cases[i].want) == NULL)
			fail_msg("case %zu: got %s", i, out);
		free(out);
		out = NULL;
	}
}

/* The theme fills every placeholder, as many times as it appears. */
static void test_theme_fill(void **state)
{
	static const char page[] = "<html lang=\"{{lang}}\">{{title}}|{{content}}|{{title}}</html>";
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, stderr);
	gpd_html_theme *t = gpd_html_theme_parse("p", page, strlen(page), "c", "css", 3, "cy", d);
	gpd_html_value v[GPD_SLOT__COUNT] = {{NULL, 0}};
	gpd_buf out = {0};
	size_t len;

	(void)state;
	assert_non_null(t);
	v[GPD_SLOT_LANG] = (gpd_html_value){"cy", 2};
	v[GPD_SLOT_TITLE] = (gpd_html_value){"T", 1};
	v[GPD_SLOT_CONTENT] = (gpd_html_value){"<p>x</p>", 8};
	gpd_html_page(t, v, &out);
	assert_string_equal(out.data, "<html lang=\"cy\">T|<p>x</p>|T</html>");
	assert_string_equal(gpd_html_language(t), "cy");
	assert_memory_equal(gpd_html_css(t, &len), "css", 3);
	assert_int_equal(len, 3);
	gpd_buf_free(&out);
	gpd_html_theme_free(t);
	gpd_diag_free(d);
}

static void test_escaping(void **state)
{
	gpd_buf b = {0};

	(void)state;
	gpd_html_text(&b, "a<b>&\"'\tc\nd\re\x01\x7f\xc3\xa9\xff", 0);
	assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;&#39;\tc\nd\xE2\x90\x8D" "e\xE2\x90\x81"
		"\xE2\x90\xA1\xC3\xA9\xEF\xBF\xBD");
	b.len = 0;
	gpd_html_text(&b, "a\tb\nc\rd", 1);
	assert_string_equal(b.data, "a b c d");
	/* every printable ASCII byte but the five is copied as it is */
	for (int c = 0x20; c < 0x7F; c++) {
		char in[4] = { 'x', (char)c, 'y', 0 };

		b.len = 0;
		gpd_html_text(&b, in, 0);
		if (strchr("&<>\"'", c) == NULL)
			assert_string_equal(b.data, in);
		else
			assert_true(b.len > 3 && b.data[1] == '&');
	}
	gpd_buf_free(&b);
}

/* UTF-8 of cp at p (cp valid, not a surrogate); its length. */
static size_t enc(char *p, uint32_t cp)
{
	if (cp < 0x80)
		return (size_t)(p[0] = (char)cp, 1);
	if (cp < 0x800)
		return (size_t)(p[0] = (char)(0xC0 | cp >> 6), p[1] = (char)(0x80 | (cp & 63)), 2);
	if (cp < 0x10000)
		return (size_t)(p[0] = (char)(0xE0 | cp >> 12), p[1] = (char)(0x80 | ((cp >> 6) & 63)),
			p[2] = (char)(0x80 | (cp & 63)), 3);
	return (size_t)(p[0] = (char)(0xF0 | cp >> 18), p[1] = (char)(0x80 | ((cp >> 12) & 63)),
		p[2] = (char)(0x80 | ((cp >> 6) & 63)), p[3] = (char)(0x80 | (cp & 63)), 4);
}

/* dir="auto" and <bdi> hang on gpd_utf8_has_rtl, which passes over the
 * bytes that cannot start a right-to-left letter without decoding them:
 * for every code point to U+1FFFF, after Latin, Cyrillic or Armenian
 * text, after a stray continuation byte and after runs of ASCII longer
 * than the eight bytes it passes over at a time, at each byte of such a
 * word, it answers as
 * gpd_utf8_maybe_rtl of that code point; and it stops at n and at NUL. */
static void test_has_rtl(void **state)
{
	static const char *const before[] = { "", "caf\xC3\xA9 ", "\xD0\x9F\xD5\xBF", "\x80",
		"Leaving care 16+ ", "\xCE\xB1 0123456789abcdef ", "0123456", "0123456\xC3\xA9" };
	char t[48];

	(void)state;
	for (uint32_t cp = 1; cp < 0x20000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		for (size_t k = 0; k < sizeof before / sizeof *before; k++) {
			size_t m = strlen(before[k]);

			memcpy(t, before[k], m);
			m += enc(t + m, cp);
			memcpy(t + m, " and on.", 9); /* so it is inside a word of eight */
			if (gpd_utf8_has_rtl(t, SIZE_MAX) != gpd_utf8_maybe_rtl(cp))
				fail_msg("U+%04X after \"%s\"", (unsigned)cp, before[k]);
		}
	}
	assert_false(gpd_utf8_has_rtl("ab\xD7\x90", 2));
	assert_true(gpd_utf8_has_rtl("ab\xD7\x90", 4));
	assert_false(gpd_utf8_has_rtl("ab\0\xD7\x90", 5));
	assert_false(gpd_utf8_has_rtl("\xD7", 1)); /* a lead without its byte */
	assert_false(gpd_utf8_has_rtl(NULL, 4));
}

/* The golden site: the golden records (hostile titles, raw HTML, every
 * kind of field) through a minimal theme, every file compared. */
static void test_golden(void **state)
{
	edition e;
	gpd_html_theme *t = theme_from("tests/golden/templates");
	gpd_edition_info ed;
	site s = {0};
	gpd_buf all = {0};
	char *want, *path = path_in("tests/golden/expected-site.txt");
	const char *update = getenv("GPD_UPDATE_GOLDEN");

	(void)state;
	edition_load(&e, "tests/golden/records", "tests/golden/templates");
	ed = info(e.cover, e.intro, e.cat, "2026-01-15");
	render_site(e.corpus, &ed, t, &s);
	assert_links_resolve(&s);
	for (size_t i = 0; i < s.n; i++)
		gpd_buf_printf(&all, "==> %s <==\n%s", s.names[i], s.pages[i]);
	if (update != NULL && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(all.data, 1, all.len, f), all.len);
		assert_int_equal(fclose(f), 0);
		fprintf(stderr, "rewrote %s\n", path);
	}
	want = slurp(path);
	if (want == NULL)
		fail_msg("cannot read %s (GPD_UPDATE_GOLDEN=1 creates it)", path);
	if (strcmp(all.data, want) != 0) {
		size_t i = 0, line = 1;
		while (all.data[i] && all.data[i] == want[i])
			line += all.data[i++] == '\n';
		fail_msg("output differs from %s at line %zu:\n  got:  %.80s\n  want: %.80s\n"
			"(if the change is intended: GPD_UPDATE_GOLDEN=1 ctest -R render_html, then review)",
			path, line, all.data + i, want + i);
	}
	free(want), free(path);
	gpd_buf_free(&all);
	site_free(&s);
	gpd_html_theme_free(t);
	edition_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_site),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_line_separators),
		cmocka_unit_test(test_permanent_addresses),
		cmocka_unit_test(test_deterministic_and_stop),
		cmocka_unit_test(test_theme_errors),
		cmocka_unit_test(test_theme_fill),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_has_rtl),
		cmocka_unit_test(test_golden),
	};
	int rc;

	xmlInitParser();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
