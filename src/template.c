/* template.c: {{placeholder}} checking and expansion inside a CommonMark tree, so values stay literal. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "xml.h"

struct gpd_template {
	char *text;
	size_t len;
};

static const char *const names[] = {
	"title", "publisher", "edition", "date", "selection", "authority",
	"region", "records", "authorities", NULL,
};

static int known(const char *name, size_t len)
{
	for (size_t i = 0; names[i]; i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return (int)i;
	return -1;
}

/* At most this many placeholder errors are reported per template: the
 * first few say what is wrong; millions would only exhaust memory. */

/* Index of the first "}}" in text[from, len), or len when there is none.
 * Bounded by len: the text need not end in a NUL (fuzzing found strstr
 * reading past the end of an unterminated buffer). */
static size_t next_close(const char *text, size_t from, size_t len)
{
	for (size_t j = from; j + 1 < len; j++)
		if (text[j] == '}' && text[j + 1] == '}')
			return j;
	return len;
}

/* Checks every "{{" opens a known, closed placeholder on the same line.
 * The next "}}" and the end of the line are remembered between "{{"s, so
 * the check stays linear even for a line made of nothing but "{{". */
static int check(const char *name, const char *text, size_t len, gpd_diag *diag)
{
	unsigned line = 1, col = 1;
	size_t close = 0, eol = 0;
	int bad = 0, have_close = 0, have_eol = 0;

	for (size_t i = 0; i < len; i++, col++) {
		const char *nl;
		int unclosed;
		gpd_buf b = {0};

		if (text[i] == '\n') {
			line++, col = 0;
			continue;
		}
		if (text[i] != '{' || i + 1 >= len || text[i + 1] != '{')
			continue;
		if (!have_close || close < i + 2)
			close = next_close(text, i + 2, len), have_close = 1;
		if (!have_eol || eol < i)
			eol = (nl = memchr(text + i, '\n', len - i)) ? (size_t)(nl - text) : len, have_eol = 1;
		unclosed = close >= eol;
		if (!unclosed && known(text + i + 2, close - i - 2) >= 0)
			continue;
		if (bad++ >= GPD_MAX_TEMPLATE_ERRORS)
			continue; /* counted, not worded: the wording is O(line) */
		if (unclosed)
			gpd_buf_puts(&b, "unclosed placeholder: \"{{\" needs a \"}}\" on the same line");
		else
			gpd_buf_printf(&b, "unknown placeholder {{%.*s%s}}; known: title, publisher, "
				"edition, date, selection, authority, region, records, authorities",
				(int)(close - i - 2 > 60 ? 60 : close - i - 2), text + i + 2,
				close - i - 2 > 60 ? "..." : "");
		gpd_diag_report(diag, name, line, col, GPD_E_TEMPLATE, b.data);
		gpd_buf_free(&b);
	}
	return bad ? -1 : 0;
}

gpd_template *gpd_template_parse(const char *name, const char *text, size_t len,
	gpd_diag *diag)
{
	gpd_template *t;

	if (memchr(text, '\0', len) != NULL) {
		gpd_diag_report(diag, name, 1, 1, GPD_E_TEMPLATE, "the template contains a NUL byte");
		return NULL;
	}
	if (check(name, text, len, diag) != 0)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (t == NULL || (t->text = malloc(len + 1)) == NULL) {
		free(t);
		gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
		return NULL;
	}
	memcpy(t->text, text, len);
	t->text[len] = '\0';
	t->len = len;
	return t;
}

gpd_template *gpd_template_load(const char *path, gpd_diag *diag)
{
	char *data = NULL;
	size_t len = 0;
	gpd_template *t;

	if (gpd_xml_read_file(path, GPD_MAX_FILE_BYTES, &data, &len, diag) != 0)
		return NULL;
	t = gpd_template_parse(path, data, len, diag);
	free(data);
	return t;
}

void gpd_template_free(gpd_template *t)
{
	if (t == NULL)
		return;
	free(t->text);
	free(t);
}

static const char *value(const gpd_template_vars *v, int which, char *num, size_t n)
{
	const char *s[] = {v->title, v->publisher, v->edition, v->date, v->selection,
		v->authority, v->region};

	if (which == 7 || which == 8) {
		snprintf(num, n, "%zu", which == 7 ? v->records : v->authorities);
		return num;
	}
	return s[which] ? s[which] : "";
}

/* Replaces placeholders in one text node's literal content. */
static int expand_text(cmark_node *node, const gpd_template_vars *v)
{
	const char *s = cmark_node_get_literal(node), *open, *close;
	gpd_buf b = {0};
	char num[32];
	int rc;

	if (s == NULL || strstr(s, "{{") == NULL)
		return 0;
	while ((open = strstr(s, "{{")) != NULL && (close = strstr(open + 2, "}}")) != NULL) {
		int k = known(open + 2, (size_t)(close - open - 2));

		gpd_buf_append(&b, s, (size_t)(open - s));
		if (k >= 0)
			gpd_buf_puts(&b, value(v, k, num, sizeof(num)));
		else
			gpd_buf_append(&b, open, (size_t)(close + 2 - open));
		s = close + 2;
	}
	gpd_buf_puts(&b, s);
	rc = !gpd_buf_failed(&b) && cmark_node_set_literal(node, b.data) ? 0 : -1;
	gpd_buf_free(&b);
	return rc;
}

cmark_node *gpd_template_expand(const gpd_template *t, const gpd_template_vars *v)
{
	cmark_node *doc = cmark_parse_document(t->text, t->len, CMARK_OPT_DEFAULT);
	cmark_iter *it;
	cmark_event_type ev;
	int rc = 0;

	if (doc == NULL)
		return NULL;
	it = cmark_iter_new(doc);
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(n) == CMARK_NODE_TEXT ||
		    cmark_node_get_type(n) == CMARK_NODE_CODE))
			rc = expand_text(n, v);
	}
	cmark_iter_free(it);
	if (rc != 0) {
		cmark_node_free(doc);
		return NULL;
	}
	return doc;
}
