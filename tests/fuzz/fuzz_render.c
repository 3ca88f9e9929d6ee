/* fuzz_render.c: libFuzzer target: CommonMark bytes as one record's free text and attachment -> corpus -> Markdown, PDF and HTML. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "gpdigest/buf.h"
#include "gpdigest/corpus.h"
#include "gpdigest/html.h"
#include "gpdigest/layout.h"
#include "gpdigest/record.h"
#include "gpdigest/render.h"

static char *dup(const char *s)
{
	char *d = gpd_strdup(s);

	if (d == NULL)
		abort();
	return d;
}

static void add_criterion(gpd_record *rec, unsigned s, unsigned n)
{
	gpd_criterion c = {s, n, {0, 0}};

	if (gpd_record_add_criterion(rec, c) != 0)
		abort();
}

/* The record under test: the input's first part (up to a NUL byte) is its
 * description, the rest an attachment's body. It cites two criteria, so
 * it is printed in full once and cross-referenced once. */
static gpd_record *fuzzed_record(const uint8_t *data, size_t size)
{
	gpd_record *rec = gpd_record_new();
	const uint8_t *nul = memchr(data, '\0', size);
	size_t head = nul ? (size_t)(nul - data) : size;

	if (rec == NULL)
		abort();
	rec->path = dup("fuzz.xml");
	rec->id = dup("fuzz");
	rec->title = dup("Fuzzed text");
	rec->authority = dup("Fuzzshire");
	rec->received = dup("2024-01-01");
	add_criterion(rec, 2, 4);
	add_criterion(rec, 5, 2);
	rec->ticks[GPD_GROUP_OUTCOME] = GPD_TICK(0) | GPD_TICK(2);
	rec->ticks[GPD_GROUP_REGION] = GPD_TICK(0);
	rec->text[GPD_TEXT_DESCRIPTION] = fuzz_cstr(data, head);
	if (nul != NULL && gpd_record_add_attachment(rec, dup("Attached"),
	    fuzz_cstr(nul + 1, size - head - 1), (gpd_pos){0, 0}) != 0)
		abort();
	return rec;
}

/* A plain neighbour, so the corpus has sections and references to share. */
static gpd_record *plain_record(void)
{
	gpd_record *rec = gpd_record_new();

	if (rec == NULL)
		abort();
	rec->path = dup("plain.xml");
	rec->id = dup("plain");
	rec->title = dup("Plain record");
	rec->authority = dup("Plainborough");
	rec->received = dup("2023-06-30");
	add_criterion(rec, 1, 4);
	add_criterion(rec, 2, 4);
	rec->ticks[GPD_GROUP_OUTCOME] = GPD_TICK(1);
	rec->text[GPD_TEXT_PURPOSE] = dup("A *plain* purpose.");
	return rec;
}

/* True when s[0, n) holds needle, ASCII case-insensitively. */
static int has_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;

		while (j < k && (s[i + j] | 0x20) == (needle[j] | 0x20))
			j++;
		if (j == k)
			return 1;
	}
	return 0;
}

/* What every HTML page must be whatever the text: no script or live
 * unsafe link, one h1 and no heading level skipped. */
static int check_page(void *ctx, const char *name, const char *data, size_t len)
{
	int last = 0, h1 = 0;

	(void)ctx;
	if (strcmp(name, GPD_HTML_STYLESHEET) == 0)
		return 0;
	if (memchr(data, '\0', len) != NULL || has_ci(data, len, "<script") ||
	    has_ci(data, len, "href=\"javascript") || has_ci(data, len, "href=\"data:") ||
	    has_ci(data, len, "<img") || has_ci(data, len, "<iframe"))
		abort();
	for (size_t i = 0; i + 3 < len; i++) {
		int l = data[i + 2] - '0';

		if (data[i] != '<' || data[i + 1] != 'h' || l < 1 || l > 6 ||
		    (data[i + 3] != '>' && data[i + 3] != ' '))
			continue;
		if (l > last + 1)
			abort();
		h1 += l == 1;
		last = l;
	}
	if (h1 != 1)
		abort();
	return 0;
}

static const char page_template[] = "<html lang=\"{{lang}}\"><title>{{title}}</title>"
	"{{breadcrumbs}}<main>{{content}}</main>{{pager}}{{downloads}}</html>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gpd_html_theme *theme;
	gpd_diag *diag = fuzz_diag();
	gpd_record *recs[2] = {fuzzed_record(data, size), plain_record()};
	gpd_corpus *c = gpd_corpus_build((const gpd_record *const *)recs, 2, NULL);
	gpd_edition_info ed = {0};
	gpd_style style;
	gpd_buf md = {0}, pdf = {0};

	if (c == NULL)
		abort();
	/* The three kinds of edition print different furniture. */
	ed.kind = (gpd_edition_kind)(size % 3);
	ed.publication = "Fuzz";
	ed.publisher = "Fuzzers";
	ed.title = "Fuzz edition";
	ed.selection = "All records";
	ed.authority = ed.kind == GPD_EDITION_HANDOUT ? "Fuzzshire" : NULL;
	ed.date = "2024-01-01";
	ed.epoch = 1704067200;
	gpd_style_defaults(&style);
	style.max_pages = 200;
	/* Loading six TrueType fonts is most of an execution's time: three
	 * inputs in four run without the monospace and fallback fonts (their
	 * faces then fall back to the regular one). */
	if (size % 4 != 0)
		style.font_mono = style.font_fallback = NULL;
	gpd_render_md(c, &ed, &md, diag);
	gpd_render_pdf(c, &ed, &style, &pdf, diag);
	theme = gpd_html_theme_parse("page.html", page_template, sizeof(page_template) - 1,
		"style.css", "p{}", 3, "en-GB", diag);
	if (theme == NULL)
		abort();
	ed.output = "fuzz";
	gpd_render_html(c, &ed, theme, check_page, NULL, diag);
	gpd_html_theme_free(theme);
	gpd_buf_free(&md);
	gpd_buf_free(&pdf);
	gpd_corpus_free(c);
	gpd_record_free(recs[0]);
	gpd_record_free(recs[1]);
	gpd_diag_free(diag);
	return 0;
}
