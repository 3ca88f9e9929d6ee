/* md_tame.c: record and template CommonMark made safe to print: raw HTML as text, unsafe links and images as their text, controls visible, headings placed. */
#define _POSIX_C_SOURCE 200809L
#include "render/md_tame.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"
#include "gpdigest/limits.h"
#include "gpdigest/link.h"
#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"

#define MAX_LEVEL 6

/* ---- text ---- */

/* Length of the valid UTF-8 sequence at s (NUL-terminated), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t cp;

	return gpd_utf8_decode(s, SIZE_MAX, &cp);
}

/* Appends the Control Picture of a C0 control or DEL (U+2400 + c, U+2421):
 * visible, literal, and inert in CommonMark and HTML. */
static void put_control_picture(gpd_buf *b, unsigned char c)
{
	unsigned cp = c == 0x7F ? 0x2421 : 0x2400 + c;

	gpd_buf_putc(b, (char)(0xE0 | (cp >> 12)));
	gpd_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
	gpd_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
}

/* Is p at a C1 control (U+0080 to U+009F)? The record reader leaves them
 * out of a field's text, but a CommonMark character reference (&#x9B;)
 * makes one as it renders; it has no Control Picture, so it prints as
 * U+FFFD, visible as the C0 ones are. */
static int c1_control(const unsigned char *p)
{
	return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
}

/* True when s needs no cleaning: valid UTF-8 without C0 or C1 controls (but
 * tab and LF outside line mode) or DEL, and in line mode no edge space.
 * The common case, checked without copying. */
static int already_clean(const char *s, int line)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (line && n > 0 && (strchr(" \t\n\r", p[0]) || strchr(" \t\n\r", p[n - 1])))
		return 0;
	while (*p) {
		if (*p >= 0x20 && *p < 0x7F) {
			p++;
		} else if (*p >= 0x80) {
			size_t k = utf8_len(p);

			if (k == 0 || c1_control(p))
				return 0;
			p += k;
		} else if ((*p == '\t' || *p == '\n') && !line) {
			p++;
		} else {
			return 0;
		}
	}
	return 1;
}

/* A line break or edge space would not survive a round trip through cmark,
 * so line mode drops them. Runs of good bytes are copied whole. */
char *gpd_md_clean(const char *s, int line)
{
	const unsigned char *p = (const unsigned char *)s;
	gpd_buf b = {0};

	if (line)
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
	gpd_buf_puts(&b, "");
	while (*p) {
		const unsigned char *run = p;
		size_t n;

		while (*p >= 0x20 && *p < 0x7F)
			p++;
		gpd_buf_append(&b, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		n = utf8_len(p);
		if (n == 0 || c1_control(p)) {
			gpd_buf_puts(&b, "\xEF\xBF\xBD");
			p += n == 0 ? 1 : n;
		} else if (line && (*p == '\t' || *p == '\n' || *p == '\r')) {
			gpd_buf_putc(&b, ' ');
			p++;
		} else if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F) {
			put_control_picture(&b, *p++);
		} else {
			gpd_buf_append(&b, (const char *)p, n);
			p += n;
		}
	}
	while (line && b.len > 0 && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return gpd_buf_take(&b);
}

/* ---- replacing nodes ---- */

/* Puts node's children where node is, then frees node. */
static void unwrap(cmark_node *n)
{
	cmark_node *ch;

	while ((ch = cmark_node_first_child(n)) != NULL)
		cmark_node_insert_before(n, ch);
	gpd_md_free(n);
}

/* A new literal node (TEXT, ...) holding s; NULL when out of memory. */
static cmark_node *literal(cmark_node_type type, const char *s)
{
	cmark_node *n = cmark_node_new(type);

	if (n != NULL && !cmark_node_set_literal(n, s)) {
		gpd_md_free(n);
		return NULL;
	}
	return n;
}

/* Appends child to parent, or frees it; 0 or -1. */
static int append(cmark_node *parent, cmark_node *child)
{
	if (child == NULL || !cmark_node_append_child(parent, child)) {
		gpd_md_free(child);
		return -1;
	}
	return 0;
}

/* One line of a raw HTML block into the paragraph being built (*para,
 * begun before html when NULL); a blank line ends the paragraph. */
static int block_line(cmark_node *html, cmark_node **para, const char *t)
{
	if (*t == '\0') {
		*para = NULL;
		return 0;
	}
	if (*para == NULL) {
		if ((*para = cmark_node_new(CMARK_NODE_PARAGRAPH)) == NULL)
			return -1;
		if (!cmark_node_insert_before(html, *para)) {
			gpd_md_free(*para);
			*para = NULL;
			return -1;
		}
	} else if (append(*para, cmark_node_new(CMARK_NODE_SOFTBREAK)) != 0) {
		return -1;
	}
	return append(*para, literal(CMARK_NODE_TEXT, t));
}

/* A raw HTML block becomes paragraphs of its lines as literal text (blank
 * lines separate paragraphs; each line trimmed, so nothing is re-read as
 * an indented code block or a hard break). */
static int html_block_to_text(cmark_node *html)
{
	const char *s = cmark_node_get_literal(html);
	cmark_node *para = NULL;
	int rc = 0;

	while (s != NULL && *s && rc == 0) {
		size_t n = strcspn(s, "\n");
		char *line = malloc(n + 1);
		char *t = NULL;

		if (line != NULL) {
			memcpy(line, s, n);
			line[n] = '\0';
			t = gpd_md_clean(line, 1);
		}
		rc = t == NULL ? -1 : block_line(html, &para, t);
		free(line);
		free(t);
		s += n + (s[n] == '\n');
	}
	gpd_md_free(html);
	return rc;
}

/* Inline raw HTML becomes the same characters as text. */
static int html_inline_to_text(cmark_node *html)
{
	const char *s = cmark_node_get_literal(html);
	char *t = gpd_md_clean(s ? s : "", 0);
	cmark_node *n = NULL;
	int rc = -1;

	for (char *p = t; p && *p; p++)
		if (*p == '\n')
			*p = ' ';
	if (t != NULL && (n = literal(CMARK_NODE_TEXT, t)) != NULL &&
	    cmark_node_insert_before(html, n))
		rc = 0;
	else
		gpd_md_free(n);
	free(t);
	gpd_md_free(html);
	return rc;
}

/* Replaces one string of a node with a cleaned copy through set. */
static int clean_one(cmark_node *n, const char *s, int line,
	int (*set)(cmark_node *, const char *))
{
	char *t;
	int ok;

	if (s == NULL || (line && *s == '\0') || already_clean(s, line))
		return 0;
	t = gpd_md_clean(s, line);
	ok = t != NULL && set(n, t);
	free(t);
	return ok ? 0 : -1;
}

int gpd_md_clean_node(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	int rc = clean_one(n, cmark_node_get_literal(n), 0, cmark_node_set_literal);

	if (t == CMARK_NODE_CODE_BLOCK && rc == 0)
		rc = clean_one(n, cmark_node_get_fence_info(n), 1, cmark_node_set_fence_info);
	if (t == CMARK_NODE_LINK && rc == 0)
		rc = clean_one(n, cmark_node_get_title(n), 1, cmark_node_set_title);
	return rc;
}

/* Is this node to be replaced (raw HTML, an image, an unsafe link)? */
static int to_replace(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_IMAGE:
		return 1;
	case CMARK_NODE_LINK:
		return !gpd_link_is_safe(cmark_node_get_url(n));
	default:
		return 0;
	}
}

/* ---- heading levels ---- */

/* The smallest heading level in a tree, or 0 when it has none. */
static int min_heading(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int min = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int l = cmark_node_get_heading_level(n);

		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    (min == 0 || l < min))
			min = l;
	}
	cmark_iter_free(it);
	return min;
}

/* The open headings, by source level (strictly increasing, so at most
 * six): a heading goes one below the nearest open one of a smaller source
 * level. floor: how many entries stay open for good (GPD_TAME_ONE_TOP
 * keeps the first heading open above all the others). */
typedef struct levels {
	int base, shift_top, floor, one_top;
	unsigned flags;
	int open[MAX_LEVEL];
	int n;
} levels;

static int place(levels *lv, int source)
{
	int l;

	if (!(lv->flags & GPD_TAME_NO_SKIP))
		return lv->shift_top > 0 ? source - lv->shift_top + lv->base + 1 : source;
	while (lv->n > lv->floor && lv->open[lv->n - 1] >= source)
		lv->n--;
	l = lv->base + 1 + lv->n;
	if (lv->n < MAX_LEVEL)
		lv->open[lv->n++] = source;
	if (lv->one_top && lv->floor == 0)
		lv->floor = 1;
	return l;
}

/* ---- line and paragraph separators ---- */

/* Puts a TEXT of s's first n bytes (when any) and k hard breaks before
 * node; 0 or -1. */
static int text_breaks(cmark_node *node, const char *s, size_t n, int k)
{
	char *t = malloc(n + 1);
	cmark_node *x = NULL;
	int rc = t ? 0 : -1;

	if (t != NULL && n > 0) {
		memcpy(t, s, n);
		t[n] = '\0';
		if ((x = literal(CMARK_NODE_TEXT, t)) == NULL || !cmark_node_insert_before(node, x)) {
			gpd_md_free(x);
			rc = -1;
		}
	}
	free(t);
	while (rc == 0 && k-- > 0)
		if ((x = cmark_node_new(CMARK_NODE_LINEBREAK)) == NULL
		    || !cmark_node_insert_before(node, x)) {
			gpd_md_free(x);
			rc = -1;
		}
	return rc;
}

/* A TEXT node holding separators (U+2028: E2 80 A8, U+2029: E2 80 A9)
 * put as its pieces and hard breaks in its place (GPD_TAME_BREAKS). */
static int split_text(cmark_node *node)
{
	const char *s = cmark_node_get_literal(node), *from = s, *p = s;
	int rc = 0;

	while (rc == 0 && (p = strstr(p, "\xE2\x80")) != NULL) {
		if (p[2] != '\xA8' && p[2] != '\xA9') {
			p += 2; /* another of U+2000..U+203F */
			continue;
		}
		rc = text_breaks(node, from, (size_t)(p - from), p[2] == '\xA8' ? 1 : 2);
		from = p += 3;
	}
	if (rc == 0 && *from)
		rc = text_breaks(node, from, strlen(from), 0);
	if (rc == 0)
		gpd_md_free(node);
	return rc;
}

/* Every TEXT node under root with a separator in it, split (after the
 * walk: raw HTML turned to text has them too). */
static int split_separators(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node **todo = NULL, **q;
	size_t n = 0, cap = 0;
	int rc = it ? 0 : -1;

	while (rc == 0 && it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		const char *s;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(x) != CMARK_NODE_TEXT
		    || (s = cmark_node_get_literal(x)) == NULL
		    || (!strstr(s, "\xE2\x80\xA8") && !strstr(s, "\xE2\x80\xA9")))
			continue;
		if (n == cap) {
			if ((q = realloc(todo, (cap = cap ? 2 * cap : 16) * sizeof(*q))) == NULL) {
				rc = -1;
				break;
			}
			todo = q;
		}
		todo[n++] = x;
	}
	cmark_iter_free(it);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = split_text(todo[i]);
	free(todo);
	return rc;
}

/* ---- the walk ---- */

/* Replacements wait until the walk is done, and run last-first, so inner
 * nodes are unwrapped before the ones around them. */
static int replace_all(cmark_node **todo, size_t n)
{
	int rc = 0;

	while (n-- > 0 && rc == 0) {
		cmark_node_type t = cmark_node_get_type(todo[n]);

		if (t == CMARK_NODE_HTML_BLOCK)
			rc = html_block_to_text(todo[n]);
		else if (t == CMARK_NODE_HTML_INLINE)
			rc = html_inline_to_text(todo[n]);
		else
			unwrap(todo[n]);
	}
	return rc;
}

int gpd_md_tame(cmark_node *root, int base, unsigned flags)
{
	levels lv = {base, 0, 0, (flags & GPD_TAME_ONE_TOP) != 0, flags, {0}, 0};
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node **todo = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	/* Bounded first: ">>>>..." or "*_*_..." may nest a million deep, and
	 * deep nesting makes cmark's writer repeat each line's prefix and
	 * unwrapping nested images quadratic (md_bound.h). */
	if (gpd_md_bound(root, GPD_MD_MAX_DEPTH) < 0)
		return -1;
	lv.shift_top = base > 0 && !(flags & GPD_TAME_NO_SKIP) ? min_heading(root) : 0;
	if ((it = cmark_iter_new(root)) == NULL)
		return -1;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(x);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HEADING) {
			int l = place(&lv, cmark_node_get_heading_level(x));
			cmark_node_set_heading_level(x, l > MAX_LEVEL ? MAX_LEVEL : l);
		}
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK ||
		    t == CMARK_NODE_LINK)
			rc = gpd_md_clean_node(x);
		if (rc != 0 || !to_replace(x))
			continue;
		if (n == cap) {
			cmark_node **p = realloc(todo, (cap = cap ? 2 * cap : 16) * sizeof(*p));
			if (p == NULL) {
				rc = -1;
				break;
			}
			todo = p;
		}
		todo[n++] = x;
	}
	cmark_iter_free(it);
	if (rc == 0)
		rc = replace_all(todo, n);
	free(todo);
	if (rc == 0 && (flags & GPD_TAME_BREAKS))
		rc = split_separators(root);
	return rc;
}
