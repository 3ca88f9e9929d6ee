/* template.c: {{placeholder}} checking and expansion inside a CommonMark tree, so values stay literal. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"
#include "ingest/xml.h"

struct gpd_template {
	char *text;
	size_t len;
};

static const char *const names[] = {
	"title", "publisher", "edition", "date", "selection", "authority",
	"region", "records", "authorities", NULL,
};

static const char *const conditions[GPD_IF__COUNT + 1] = {
	[GPD_IF_COMPENDIUM] = "compendium", [GPD_IF_DIGEST] = "digest",
	[GPD_IF_HANDOUT] = "handout", [GPD_IF_PART2] = "part-2",
	[GPD_IF_BY_AUTHORITY] = "index-by-authority", [GPD_IF_BY_REGION] = "index-by-region",
	[GPD_IF_COVERAGE] = "coverage", [GPD_IF_SUMMARY] = "summary",
	[GPD_IF_UNSTATED] = "criterion-not-stated", [GPD_IF_SELECTION] = "selection",
	[GPD_IF__COUNT] = NULL,
};

const char *const *gpd_template_conditions(void)
{
	return conditions;
}

/* Conditional lines nest at most GPD_MAX_IF_DEPTH deep (limits.h); the
 * check keeps one bit of an unsigned for each level's {{else}}. */
#define MAX_IF_DEPTH GPD_MAX_IF_DEPTH
_Static_assert(MAX_IF_DEPTH < 32, "one bit a level in check_directive's elses");

enum { DIR_NONE, DIR_IF, DIR_ELSE, DIR_END, DIR_BAD };

/* What the placeholder text p[0, len) is: a directive (with its condition
 * in *cond, negated when *neg), or none. An "if" naming no known condition
 * is DIR_BAD. */
static int directive(const char *p, size_t len, int *cond, int *neg)
{
	*neg = 0;
	if (len == 4 && memcmp(p, "else", 4) == 0)
		return DIR_ELSE;
	if (len == 3 && memcmp(p, "end", 3) == 0)
		return DIR_END;
	if (len < 3 || memcmp(p, "if ", 3) != 0)
		return DIR_NONE;
	p += 3, len -= 3;
	if (len > 4 && memcmp(p, "not ", 4) == 0)
		p += 4, len -= 4, *neg = 1;
	for (int i = 0; i < GPD_IF__COUNT; i++)
		if (strlen(conditions[i]) == len && memcmp(conditions[i], p, len) == 0) {
			*cond = i;
			return DIR_IF;
		}
	return DIR_BAD;
}

/* True when text[from, to) is only spaces and tabs. */
static int only_space(const char *text, size_t from, size_t to)
{
	for (; from < to; from++)
		if (text[from] != ' ' && text[from] != '\t')
			return 0;
	return 1;
}

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
/* Checks a conditional line: alone on its line, balanced. Returns the
 * message for an error, or NULL. */
/* elses: bit d set when the {{if ...}} open at depth d has had its {{else}}. */
static const char *check_directive(int dir, const char *text, size_t sol, size_t i,
	size_t close, size_t eol, int *depth, unsigned *elses)
{
	if (dir == DIR_BAD)
		return "unknown condition in {{if ...}}; known: compendium, digest, handout, "
			"part-2, index-by-authority, index-by-region, coverage, summary, "
			"criterion-not-stated, selection";
	if (!only_space(text, sol, i) || !only_space(text, close + 2, eol))
		return "{{if ...}}, {{else}} and {{end}} must stand alone on their line";
	if (dir == DIR_IF && ++*depth > MAX_IF_DEPTH)
		return "{{if ...}} nested too deep (" GPD_LIMIT_TEXT(GPD_MAX_IF_DEPTH) " levels)";
	if (dir != DIR_IF && *depth == 0)
		return dir == DIR_ELSE ? "{{else}} without {{if ...}}" : "{{end}} without {{if ...}}";
	if (dir == DIR_ELSE && (*elses >> *depth & 1u))
		return "a second {{else}} in one {{if ...}}";
	if (dir == DIR_IF || dir == DIR_END)
		*elses &= ~(1u << *depth);
	else
		*elses |= 1u << *depth;
	if (dir == DIR_END)
		--*depth;
	return NULL;
}

static int check(const char *name, const char *text, size_t len, gpd_diag *diag)
{
	unsigned line = 1, col = 1, if_line = 0;
	size_t close = 0, eol = 0, sol = 0;
	int bad = 0, have_close = 0, have_eol = 0, depth = 0;
	unsigned elses = 0;

	for (size_t i = 0; i < len; i++, col++) {
		const char *nl, *why = NULL;
		int unclosed, dir = DIR_NONE, cond, neg;
		gpd_buf b = {0};

		if (text[i] == '\n') {
			line++, col = 0, sol = i + 1;
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
		if (!unclosed)
			dir = directive(text + i + 2, close - i - 2, &cond, &neg);
		if (dir != DIR_NONE && (why = check_directive(dir, text, sol, i, close, eol,
		    &depth, &elses)) == NULL) {
			if (dir == DIR_IF && depth == 1)
				if_line = line;
			continue;
		}
		if (bad++ >= GPD_MAX_TEMPLATE_ERRORS)
			continue; /* counted, not worded: the wording is O(line) */
		if (why != NULL)
			gpd_buf_puts(&b, why);
		else if (unclosed)
			gpd_buf_puts(&b, "unclosed placeholder: \"{{\" needs a \"}}\" on the same line");
		else
			gpd_buf_printf(&b, "unknown placeholder {{%.*s%s}}; known: title, publisher, "
				"edition, date, selection, authority, region, records, authorities",
				(int)(close - i - 2 > 60 ? 60 : close - i - 2), text + i + 2,
				close - i - 2 > 60 ? "..." : "");
		gpd_diag_report(diag, name, line, col, GPD_E_TEMPLATE, b.data);
		gpd_buf_free(&b);
	}
	if (depth > 0 && bad++ < GPD_MAX_TEMPLATE_ERRORS)
		gpd_diag_report(diag, name, if_line, 1, GPD_E_TEMPLATE,
			"{{if ...}} without its {{end}}");
	return bad ? -1 : 0;
}

/* A NUL or another C0 control character but tab and line ends, which a
 * record's XML cannot hold either: an error at the first (its line and
 * column in characters). The renderers would print it as a control
 * picture (U+241B for ESC), not the text the editor meant. 1 when found. */
static int control_char(const char *name, const char *text, size_t len, gpd_diag *diag)
{
	unsigned line = 1, col = 0;
	gpd_buf b = {0};

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c & 0xC0) != 0x80) /* a character starts here */
			col++;
		if (c == '\n') {
			line++, col = 0;
			continue;
		}
		if (c >= 0x20 || c == '\t' || c == '\r')
			continue;
		gpd_buf_printf(&b, c == 0 ? "a NUL byte (U+0000): delete it" :
			"a control character (U+%04X), which prints as nothing a reader can use: "
			"delete it", c);
		gpd_diag_report(diag, name, line, col, GPD_E_TEMPLATE,
			b.data ? b.data : "a control character");
		gpd_buf_free(&b);
		return 1;
	}
	return 0;
}

/* More pieces than cmark can hold within the memory bound (md_bound.h):
 * an error at the template's first line. 1 when reported. */
static int too_many_pieces(const char *name, const char *text, size_t len, gpd_diag *diag)
{
	size_t n;
	gpd_buf b = {0};

	if (len <= GPD_MD_MAX_PIECES || (n = gpd_md_pieces(text, len, 0)) <= GPD_MD_MAX_PIECES)
		return 0;
	gpd_md_pieces_message(&b, "the template", n);
	gpd_diag_report(diag, name, 1, 1, GPD_E_LIMIT, b.data ? b.data : "too much markup");
	gpd_buf_free(&b);
	return 1;
}

/* Brackets that would take cmark time growing with their square to parse
 * (md_bound.h): an error at the paragraph's line. 1 when reported. */
static int too_much_bracket_work(const char *name, const char *text, size_t len,
	gpd_diag *diag)
{
	gpd_md_brackets w = gpd_md_bracket_work(text, len);
	gpd_buf b = {0};

	if (!gpd_md_brackets_over(&w))
		return 0;
	gpd_md_brackets_message(&b, "the template", &w);
	gpd_diag_report(diag, name, w.line, 1, GPD_E_LIMIT,
		b.data ? b.data : "too many brackets to parse");
	gpd_buf_free(&b);
	return 1;
}

/* The directive the line text[sol, eol) is, alone on it between blanks
 * (DIR_NONE for a line of text). */
static int directive_line(const char *text, size_t sol, size_t eol, int *cond, int *neg)
{
	size_t a = sol, z = eol;

	while (a < z && (text[a] == ' ' || text[a] == '\t'))
		a++;
	while (z > a && (text[z - 1] == ' ' || text[z - 1] == '\t' || text[z - 1] == '\r'))
		z--;
	if (z - a >= 4 && text[a] == '{' && text[a + 1] == '{' && text[z - 2] == '}' &&
	    text[z - 1] == '}')
		return directive(text + a + 2, z - a - 4, cond, neg);
	return DIR_NONE;
}

/* The template's lines but its conditional ones, every branch kept: the
 * text any edition's is a part of. */
static int every_branch(const char *text, size_t len, gpd_buf *out)
{
	gpd_buf_puts(out, "");
	for (size_t sol = 0; sol < len;) {
		const char *nl = memchr(text + sol, '\n', len - sol);
		size_t eol = nl ? (size_t)(nl - text) : len;
		int cond, neg;

		if (directive_line(text, sol, eol, &cond, &neg) == DIR_NONE) {
			gpd_buf_append(out, text + sol, eol - sol);
			gpd_buf_putc(out, '\n');
		}
		sol = eol + 1;
	}
	return gpd_buf_failed(out) ? -1 : 0;
}

/* The line of the template that is line n of every_branch's text. */
static unsigned source_line(const char *text, size_t len, unsigned n)
{
	unsigned line = 1;

	for (size_t sol = 0; sol < len; line++) {
		const char *nl = memchr(text + sol, '\n', len - sol);
		size_t eol = nl ? (size_t)(nl - text) : len;
		int cond, neg;

		if (directive_line(text, sol, eol, &cond, &neg) == DIR_NONE && --n == 0)
			break;
		sol = eol + 1;
	}
	return line;
}

/* Quotes and lists, or emphasis, links and images, nested deeper than the
 * editions keep (GPD_MD_MAX_DEPTH): they would be printed flat, the
 * template's structure lost unsaid (a record's text is so with a warning:
 * its writer may not know CommonMark; a template's means its markup). An
 * error at the line of the first level past it, in any edition's text. 1
 * when reported (or out of memory, -1). */
static int too_deep(const char *name, const char *text, size_t len, gpd_diag *diag)
{
	gpd_buf all = {0}, b = {0};
	cmark_node *doc = NULL;
	int line = 0;

	if (every_branch(text, len, &all) != 0)
		goto nomem;
	if (!gpd_md_may_nest_beyond(all.data, GPD_MD_MAX_DEPTH)) {
		gpd_buf_free(&all);
		return 0;
	}
	if ((doc = cmark_parse_document(all.data, all.len, CMARK_OPT_DEFAULT)) == NULL)
		goto nomem;
	line = gpd_md_too_deep(doc, GPD_MD_MAX_DEPTH);
	gpd_md_free(doc);
	gpd_buf_free(&all);
	if (line == 0)
		return 0;
	gpd_buf_puts(&b, "quotes and lists, or emphasis, links and images, nested more than "
		GPD_LIMIT_TEXT(GPD_MD_MAX_DEPTH) " deep, which the editions would print flat: "
		"nest them less");
	gpd_diag_report(diag, name, source_line(text, len, (unsigned)line), 1, GPD_E_TEMPLATE,
		b.data ? b.data : "nested too deep");
	gpd_buf_free(&b);
	return 1;
nomem:
	gpd_buf_free(&all);
	gpd_diag_report(diag, name, 0, 0, GPD_F_NOMEM, "");
	return -1;
}

gpd_template *gpd_template_parse(const char *name, const char *text, size_t len,
	gpd_diag *diag)
{
	gpd_template *t;

	if (control_char(name, text, len, diag) != 0 || gpd_xml_check_utf8(name, text, len, diag) != 0
	    || check(name, text, len, diag) != 0
	    || too_many_pieces(name, text, len, diag) || too_much_bracket_work(name, text, len, diag)
	    || too_deep(name, text, len, diag) != 0)
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

/* Which placeholder is a record's words, not ours: the authority. */
#define RECORD_TEXT 5

/* A text node of the text so far, put before node; the text is emptied.
 * 0, or -1 out of memory. */
static int text_before(cmark_node *node, gpd_buf *b)
{
	cmark_node *t;

	if (gpd_buf_failed(b))
		return -1;
	if (b->len == 0)
		return 0;
	t = cmark_node_new(CMARK_NODE_TEXT);
	if (t == NULL || !cmark_node_set_literal(t, b->data) || !cmark_node_insert_before(node, t)) {
		gpd_md_free(t);
		return -1;
	}
	b->len = 0;
	b->data[0] = '\0';
	return 0;
}

/* The authority with right-to-left letters inside a sentence of ours, as
 * a node of its own before node: an isolate (template.h), so
 * that it neither gives the sentence its direction nor turns our words
 * round it. */
static int isolate_before(cmark_node *node, const char *s)
{
	cmark_node *iso = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
	cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);

	if (iso == NULL || t == NULL || !cmark_node_set_on_enter(iso, GPD_TEMPLATE_FSI)
	    || !cmark_node_set_on_exit(iso, GPD_TEMPLATE_PDI) || !cmark_node_set_literal(t, s)
	    || !cmark_node_append_child(iso, t)) {
		gpd_md_free(t);
		gpd_md_free(iso);
		return -1;
	}
	if (!cmark_node_insert_before(node, iso)) {
		gpd_md_free(iso);
		return -1;
	}
	return 0;
}

/* A value with bidi isolates in it (an edition's title, its right-to-left
 * authority between FSI and PDI: plan.c) into node's place: the text
 * around them into b, each isolate a node of its own before node, as
 * isolate_before makes it. 0, or -1 out of memory. */
static int split_isolates(cmark_node *node, gpd_buf *b, const char *val)
{
	const char *open, *q;

	while ((open = strstr(val, GPD_TEMPLATE_FSI)) != NULL) {
		char *inner;

		q = gpd_utf8_isolate_end(open);
		gpd_buf_append(b, val, (size_t)(open - val));
		inner = strndup(open + 3, (size_t)(q - open - 3));
		if (inner == NULL || text_before(node, b) || isolate_before(node, inner)) {
			free(inner);
			return -1;
		}
		free(inner);
		val = *q ? q + 3 : q; /* an isolate left open ends with the value */
	}
	gpd_buf_puts(b, val);
	return 0;
}

/* Whether a text node is a lone placeholder, all its block holds (a
 * heading "{{authority}}", emphasis and all): record text alone keeps its
 * own direction. */
static int alone(cmark_node *node, const char *s)
{
	if (strncmp(s, "{{", 2) != 0 || strstr(s, "}}") != s + strlen(s) - 2)
		return 0;
	for (cmark_node *n = node; n != NULL; n = cmark_node_parent(n)) {
		cmark_node_type t = cmark_node_get_type(n);

		if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING)
			return 1;
		if (cmark_node_previous(n) != NULL || cmark_node_next(n) != NULL)
			return 0;
	}
	return 1;
}

/* Replaces placeholders in one text node's literal content; a record's
 * words with right-to-left letters inside a text node (not code) are
 * isolated. */
static int expand_text(cmark_node *node, const gpd_template_vars *v)
{
	const char *s = cmark_node_get_literal(node), *open, *close;
	int text = cmark_node_get_type(node) == CMARK_NODE_TEXT, prose = text;
	gpd_buf b = {0};
	char num[32];
	int rc;

	if (s == NULL || strstr(s, "{{") == NULL)
		return 0;
	text = text && !alone(node, s);
	gpd_buf_puts(&b, "");
	while ((open = strstr(s, "{{")) != NULL && (close = strstr(open + 2, "}}")) != NULL) {
		int k = known(open + 2, (size_t)(close - open - 2));
		const char *val = k >= 0 ? value(v, k, num, sizeof(num)) : NULL;

		gpd_buf_append(&b, s, (size_t)(open - s));
		if (text && k == RECORD_TEXT && gpd_utf8_has_rtl(val, strlen(val))) {
			if (text_before(node, &b) || isolate_before(node, val)) {
				gpd_buf_free(&b);
				return -1;
			}
		} else if (prose && val != NULL && strstr(val, GPD_TEMPLATE_FSI) != NULL) {
			if (split_isolates(node, &b, val)) {
				gpd_buf_free(&b);
				return -1;
			}
		} else if (val != NULL) {
			gpd_buf_puts(&b, val);
		} else {
			gpd_buf_append(&b, open, (size_t)(close + 2 - open));
		}
		s = close + 2;
	}
	gpd_buf_puts(&b, s);
	rc = !gpd_buf_failed(&b) && cmark_node_set_literal(node, b.data) ? 0 : -1;
	gpd_buf_free(&b);
	return rc;
}

int gpd_template_isolates_as(cmark_node *root, const char *open, const char *close)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int rc = it == NULL ? -1 : 0;

	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *e = cmark_node_get_type(n) == CMARK_NODE_CUSTOM_INLINE
			? cmark_node_get_on_enter(n) : NULL;

		if (ev == CMARK_EVENT_ENTER && e != NULL && strcmp(e, GPD_TEMPLATE_FSI) == 0
		    && (!cmark_node_set_on_enter(n, open) || !cmark_node_set_on_exit(n, close)))
			rc = -1;
	}
	cmark_iter_free(it);
	return rc;
}

/* The lines the edition's conditions keep (the template was checked: the
 * conditional lines are alone on their lines and balanced). */
static int select_lines(const char *text, size_t len, unsigned sections, gpd_buf *out)
{
	int keep[MAX_IF_DEPTH + 1] = {1}, cond_met[MAX_IF_DEPTH + 1] = {0}, depth = 0;

	gpd_buf_puts(out, "");
	for (size_t sol = 0; sol < len;) {
		const char *nl = memchr(text + sol, '\n', len - sol);
		size_t eol = nl ? (size_t)(nl - text) : len;
		int dir, cond = 0, neg;

		dir = directive_line(text, sol, eol, &cond, &neg);
		if (dir == DIR_IF && depth < MAX_IF_DEPTH) {
			cond_met[depth + 1] = (int)((sections >> cond) & 1u) != neg;
			keep[depth + 1] = keep[depth] && cond_met[depth + 1];
			depth++;
		} else if (dir == DIR_ELSE && depth > 0) {
			keep[depth] = keep[depth - 1] && !cond_met[depth];
		} else if (dir == DIR_END && depth > 0) {
			depth--;
		} else if (keep[depth]) {
			gpd_buf_append(out, text + sol, eol - sol);
			gpd_buf_putc(out, '\n');
		}
		sol = eol + 1;
	}
	return gpd_buf_failed(out) ? -1 : 0;
}

cmark_node *gpd_template_expand(const gpd_template *t, const gpd_template_vars *v)
{
	gpd_buf kept = {0};
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	int rc = 0;

	if (select_lines(t->text, t->len, v->sections, &kept) != 0) {
		gpd_buf_free(&kept);
		return NULL;
	}
	doc = cmark_parse_document(kept.data, kept.len, CMARK_OPT_DEFAULT);
	gpd_buf_free(&kept);
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
		gpd_md_free(doc);
		return NULL;
	}
	return doc;
}
