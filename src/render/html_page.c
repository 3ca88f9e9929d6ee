/* html_page.c: the HTML theme (the editor's page template and stylesheet), checked once and filled in for every page; HTML escaping. */
#define _POSIX_C_SOURCE 200809L
#include "render/html_page.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/lang.h"
#include "gpdigest/limits.h"
#include "gpdigest/utf8.h"
#include "ingest/xml.h"

/* The placeholders' names, by slot. */
static const char *const slot_names[GPD_SLOT__COUNT] = {
	[GPD_SLOT_LANG] = "lang", [GPD_SLOT_TITLE] = "title",
	[GPD_SLOT_STYLESHEET] = "stylesheet", [GPD_SLOT_HOME] = "home",
	[GPD_SLOT_PUBLICATION] = "publication", [GPD_SLOT_EDITION] = "edition",
	[GPD_SLOT_BREADCRUMBS] = "breadcrumbs", [GPD_SLOT_CONTENT] = "content",
	[GPD_SLOT_PAGER] = "pager", [GPD_SLOT_PUBLISHER] = "publisher",
	[GPD_SLOT_DATE] = "date", [GPD_SLOT_DOWNLOADS] = "downloads",
};
#define KNOWN_SLOTS "lang, title, stylesheet, home, publication, edition, breadcrumbs, " \
	"content, pager, publisher, date, downloads"

/* A piece of the template: text as it is, or a placeholder (slot >= 0). */
typedef struct piece {
	size_t at, len; /* the text's place in the template */
	int slot;       /* -1: text */
} piece;

struct gpd_html_theme {
	char *page;       /* the template's bytes */
	piece *pieces;
	size_t npieces;
	char *css;
	size_t css_len;
	char language[GPD_LANGUAGE_MAX];
};

/* ---- escaping ---- */

/* Bytes gpd_html_text copies as they are: printable ASCII but the five
 * it escapes (a table: every byte of every page's text is looked at). */
#define PLAIN_ROW(c) ((c) >= 0x20 && (c) < 0x7F && (c) != '&' && (c) != '<' && (c) != '>' && \
	(c) != '"' && (c) != '\'')
#define P4(c) PLAIN_ROW(c), PLAIN_ROW((c) + 1), PLAIN_ROW((c) + 2), PLAIN_ROW((c) + 3)
#define P16(c) P4(c), P4((c) + 4), P4((c) + 8), P4((c) + 12)
static const unsigned char plain[256] = { P16(0), P16(16), P16(32), P16(48), P16(64), P16(80),
	P16(96), P16(112) };

void gpd_html_text(gpd_buf *b, const char *s, int line)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p != NULL && *p) {
		const unsigned char *run = p;
		uint32_t cp;
		size_t n;

		/* the common case, a run of plain printable ASCII, in one copy */
		while (plain[*p])
			p++;
		if (p > run)
			gpd_buf_append(b, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '&': gpd_buf_puts(b, "&amp;"); p++; continue;
		case '<': gpd_buf_puts(b, "&lt;"); p++; continue;
		case '>': gpd_buf_puts(b, "&gt;"); p++; continue;
		case '"': gpd_buf_puts(b, "&quot;"); p++; continue;
		case '\'': gpd_buf_puts(b, "&#39;"); p++; continue;
		default: break;
		}
		if (line && (*p == '\t' || *p == '\n' || *p == '\r')) {
			gpd_buf_putc(b, ' ');
			p++;
		} else if (*p == '\t' || *p == '\n') {
			gpd_buf_putc(b, (char)*p++);
		} else if (*p < 0x20 || *p == 0x7F) {
			/* U+2400 + c, U+2421 for DEL: as md_tame's gpd_md_clean */
			char pic[4] = {(char)0xE2, (char)0x90,
				(char)(0x80 + (*p == 0x7F ? 0x21 : *p)), 0};
			gpd_buf_puts(b, pic);
			p++;
		} else if ((n = gpd_utf8_decode(p, SIZE_MAX, &cp)) == 0) {
			gpd_buf_puts(b, "\xEF\xBF\xBD");
			p++;
		} else {
			gpd_buf_append(b, (const char *)p, n);
			p += n;
		}
	}
}

/* ---- the template ---- */

static int slot_of(const char *name, size_t len)
{
	for (int k = 0; k < GPD_SLOT__COUNT; k++)
		if (strlen(slot_names[k]) == len && memcmp(slot_names[k], name, len) == 0)
			return k;
	return -1;
}

static int add_piece(gpd_html_theme *t, size_t *cap, size_t at, size_t len, int slot)
{
	if (len == 0 && slot < 0)
		return 0;
	if (t->npieces == *cap) {
		size_t n = *cap ? 2 * *cap : 32;
		piece *p = realloc(t->pieces, n * sizeof(*p));

		if (p == NULL)
			return -1;
		t->pieces = p, *cap = n;
	}
	t->pieces[t->npieces++] = (piece){at, len, slot};
	return 0;
}

/* What is wrong with the placeholder at text[i] ("{{"), or NULL when it is
 * known; *end is set past its "}}". */
static const char *placeholder(const char *text, size_t len, size_t i, size_t *end,
	int *slot)
{
	size_t j = i + 2;

	while (j + 1 < len && text[j] != '\n' && !(text[j] == '}' && text[j + 1] == '}'))
		j++;
	if (j + 1 >= len || text[j] == '\n')
		return "unclosed placeholder: \"{{\" needs a \"}}\" on the same line";
	*end = j + 2;
	*slot = slot_of(text + i + 2, j - i - 2);
	return *slot < 0 ? "unknown placeholder" : NULL;
}

static void complain(gpd_diag *diag, const char *name, unsigned line, unsigned col,
	const char *why, const char *text, size_t from, size_t to)
{
	gpd_buf b = {0};

	if (to > from)
		gpd_buf_printf(&b, "%s {{%.*s%s}}; known: " KNOWN_SLOTS, why,
			(int)(to - from > 60 ? 60 : to - from), text + from, to - from > 60 ? "..." : "");
	else
		gpd_buf_puts(&b, why);
	gpd_diag_report(diag, name, line, col, GPD_E_TEMPLATE, b.data);
	gpd_buf_free(&b);
}

/* Splits the template into text and placeholders, reporting each bad
 * placeholder (at most GPD_MAX_TEMPLATE_ERRORS) and a missing {{content}}. */
static int split(gpd_html_theme *t, const char *name, size_t len, gpd_diag *diag)
{
	const char *text = t->page;
	size_t cap = 0, from = 0;
	unsigned line = 1, col = 1;
	int bad = 0, content = 0;

	for (size_t i = 0; i < len; i++, col++) {
		size_t end = i + 2;
		int slot = -1;
		const char *why;

		if (text[i] == '\n') {
			line++, col = 0;
			continue;
		}
		if (text[i] != '{' || i + 1 >= len || text[i + 1] != '{')
			continue;
		if ((why = placeholder(text, len, i, &end, &slot)) != NULL) {
			if (bad++ < GPD_MAX_TEMPLATE_ERRORS)
				complain(diag, name, line, col, why, text, i + 2,
					slot < 0 && end > i + 2 ? end - 2 : i + 2);
		} else if (add_piece(t, &cap, from, i - from, -1) != 0 ||
			   add_piece(t, &cap, i, end - i, slot) != 0) {
			return gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, ""), -1;
		}
		content |= slot == GPD_SLOT_CONTENT;
		col += (unsigned)(end - i - 1);
		i = end - 1;
		from = end;
	}
	if (!bad && add_piece(t, &cap, from, len - from, -1) != 0)
		return gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, ""), -1;
	if (!bad && !content)
		complain(diag, name, 1, 1, "the page template has no {{content}}: "
			"the pages would be empty", NULL, 0, 0), bad = 1;
	return bad ? -1 : 0;
}

/* Bytes that are printed as they are must be UTF-8 without NUL. */
static int check_bytes(const char *name, const char *data, size_t len, gpd_diag *diag)
{
	unsigned line = 1, col = 1;

	for (size_t i = 0; i < len; col++) {
		uint32_t cp;
		size_t n = data[i] == '\0' ? 0 :
			gpd_utf8_decode((const unsigned char *)data + i, len - i, &cp);

		if (n == 0) {
			char what[64];

			snprintf(what, sizeof(what), data[i] == '\0' ? "the file holds a NUL byte" :
				"byte 0x%02X is not UTF-8", (unsigned char)data[i]);
			gpd_diag_report(diag, name, line, col, data[i] == '\0' ? GPD_E_TEMPLATE :
				GPD_E_ENCODING, what);
			return -1;
		}
		if (data[i] == '\n')
			line++, col = 0;
		i += n;
	}
	return 0;
}

static char *copy(const char *data, size_t len)
{
	char *p = malloc(len + 1);

	if (p != NULL) {
		memcpy(p, data, len);
		p[len] = '\0';
	}
	return p;
}

gpd_html_theme *gpd_html_theme_parse(const char *page_name, const char *page,
	size_t page_len, const char *css_name, const char *css, size_t css_len,
	const char *language, gpd_diag *diag)
{
	gpd_html_theme *t;

	if (check_bytes(page_name, page, page_len, diag) != 0 ||
	    check_bytes(css_name, css, css_len, diag) != 0)
		return NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL || (t->page = copy(page, page_len)) == NULL ||
	    (t->css = copy(css, css_len)) == NULL) {
		gpd_html_theme_free(t);
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return NULL;
	}
	t->css_len = css_len;
	snprintf(t->language, sizeof(t->language), "%s", language ? language : "");
	if (split(t, page_name, page_len, diag) != 0) {
		gpd_html_theme_free(t);
		return NULL;
	}
	return t;
}

/* Reads templates/NAME (a regular file, not empty) into *data. */
static char *read_theme_file(const char *templates, const char *name, size_t *len,
	gpd_diag *diag, char **path)
{
	gpd_buf p = {0};
	char *data = NULL;

	gpd_buf_printf(&p, "%s/%s", templates, name);
	if (gpd_buf_failed(&p)) {
		gpd_diag_report(diag, NULL, 0, 0, GPD_F_NOMEM, "");
		return NULL;
	}
	if (gpd_xml_read_file(p.data, GPD_MAX_FILE_BYTES, &data, len, diag) != 0)
		data = NULL;
	*path = gpd_buf_take(&p);
	return data;
}

gpd_html_theme *gpd_html_theme_load(const char *templates, const char *language,
	gpd_diag *diag)
{
	char *page_path = NULL, *css_path = NULL;
	size_t page_len = 0, css_len = 0;
	char *page = read_theme_file(templates, GPD_HTML_PAGE_TEMPLATE, &page_len, diag, &page_path);
	char *css = page ? read_theme_file(templates, GPD_HTML_STYLESHEET, &css_len, diag,
		&css_path) : NULL;
	gpd_html_theme *t = NULL;

	if (page != NULL && css != NULL && page_path != NULL && css_path != NULL)
		t = gpd_html_theme_parse(page_path, page, page_len, css_path, css, css_len,
			language, diag);
	free(page);
	free(css);
	free(page_path);
	free(css_path);
	return t;
}

void gpd_html_theme_free(gpd_html_theme *t)
{
	if (t == NULL)
		return;
	free(t->page);
	free(t->pieces);
	free(t->css);
	free(t);
}

void gpd_html_page(const gpd_html_theme *t, const gpd_html_value values[GPD_SLOT__COUNT],
	gpd_buf *out)
{
	for (size_t i = 0; i < t->npieces; i++) {
		const piece *p = &t->pieces[i];

		if (p->slot < 0)
			gpd_buf_append(out, t->page + p->at, p->len);
		else if (values[p->slot].data != NULL)
			gpd_buf_append(out, values[p->slot].data, values[p->slot].len);
	}
}

const char *gpd_html_language(const gpd_html_theme *t)
{
	return t->language;
}

const char *gpd_html_css(const gpd_html_theme *t, size_t *len)
{
	*len = t->css_len;
	return t->css;
}
