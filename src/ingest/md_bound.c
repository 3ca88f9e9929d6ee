/* md_bound.c: flattens CommonMark nested beyond a depth, iteratively, so no renderer recurses without bound. */
#include "ingest/md_bound.h"

#include <stdlib.h>
#include <string.h>

#include "gpdigest/buf.h"

static int is_block_leaf(cmark_node_type t)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
	       t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK ||
	       t == CMARK_NODE_THEMATIC_BREAK || t == CMARK_NODE_CUSTOM_BLOCK;
}

static int is_inline_container(cmark_node_type t)
{
	return t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK ||
	       t == CMARK_NODE_IMAGE || t == CMARK_NODE_CUSTOM_INLINE;
}

/* Frees every child of node (cmark frees a subtree without recursion). */
static void drop_children(cmark_node *node)
{
	cmark_node *c;

	while ((c = cmark_node_first_child(node)) != NULL) {
		cmark_node_unlink(c);
		gpd_md_free(c);
	}
}

/* A block quote or item's leaf blocks, in document order, become its only
 * children, and the quotes and lists that held them go; each leaf moves
 * once. 1 when it changed anything, 0 when there was nothing nested. */
static int flatten_blocks(cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_node **leaves = NULL;
	size_t n = 0, cap = 0, nested = 0;
	cmark_event_type ev;
	int rc = -1;

	if (it == NULL)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER || x == node)
			continue;
		if (!is_block_leaf(cmark_node_get_type(x))) {
			nested += cmark_node_get_type(x) == CMARK_NODE_BLOCK_QUOTE ||
				cmark_node_get_type(x) == CMARK_NODE_LIST;
			continue;
		}
		if (n == cap) {
			cmark_node **p = realloc(leaves, (cap = cap ? 2 * cap : 16) * sizeof(*p));
			if (p == NULL)
				goto out;
			leaves = p;
		}
		leaves[n++] = x;
	}
	if (nested == 0) {
		rc = 0;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		cmark_node_unlink(leaves[i]);
	drop_children(node);
	for (size_t i = 0; i < n; i++)
		if (!cmark_node_append_child(node, leaves[i]))
			gpd_md_free(leaves[i]); /* cannot happen: leaves fit anywhere a block does */
	rc = 1;
out:
	cmark_iter_free(it);
	free(leaves);
	return rc;
}

/* An inline container's text (literals, breaks as spaces) becomes its one
 * child, a plain text node. 1 when it changed anything, 0 when there was
 * nothing nested. */
static int flatten_inlines(cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_node *text = NULL;
	cmark_event_type ev;
	gpd_buf b = {0};
	size_t nested = 0;
	int rc = -1;

	if (it == NULL)
		return -1;
	gpd_buf_puts(&b, "");
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(x);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (x != node && is_inline_container(t))
			nested++;
		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			gpd_buf_putc(&b, ' ');
		else if (x != node && cmark_node_get_literal(x) != NULL)
			gpd_buf_puts(&b, cmark_node_get_literal(x));
	}
	if (nested == 0) {
		rc = 0;
		goto out;
	}
	if (gpd_buf_failed(&b) || (text = cmark_node_new(CMARK_NODE_TEXT)) == NULL ||
	    !cmark_node_set_literal(text, b.data))
		goto out;
	drop_children(node);
	if (cmark_node_append_child(node, text)) {
		text = NULL;
		rc = 1;
	}
out:
	gpd_md_free(text);
	cmark_iter_free(it);
	gpd_buf_free(&b);
	return rc;
}

int gpd_md_bound(cmark_node *tree, int max)
{
	cmark_iter *it = cmark_iter_new(tree);
	cmark_event_type ev;
	int blocks = 0, inlines = 0, flattened = 0;

	if (it == NULL)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(x);
		int rc;

		/* depth counts quotes and lists; an item sits at its list's */
		if (t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST)
			blocks += ev == CMARK_EVENT_ENTER ? 1 : -1;
		else if (is_inline_container(t))
			inlines += ev == CMARK_EVENT_ENTER ? 1 : -1;
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if ((t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_ITEM) && blocks >= max)
			rc = flatten_blocks(x);
		else if (is_inline_container(t) && inlines >= max)
			rc = flatten_inlines(x);
		else
			continue;
		if (rc < 0) {
			cmark_iter_free(it);
			return -1;
		}
		if (rc > 0) {
			flattened++;
			/* x's children changed under the iterator: step in afresh */
			cmark_iter_reset(it, x, CMARK_EVENT_ENTER);
		}
	}
	cmark_iter_free(it);
	return flattened;
}

int gpd_md_too_deep(cmark_node *tree, int max)
{
	cmark_iter *it = cmark_iter_new(tree);
	cmark_event_type ev;
	int blocks = 0, inlines = 0, deep = 0;

	while (it != NULL && !deep && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		int step = ev == CMARK_EVENT_ENTER ? 1 : -1;

		if (t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST)
			deep = (blocks += step) > max;
		else if (is_inline_container(t))
			deep = (inlines += step) > max;
		if (deep) /* a node made, not parsed, has no line */
			deep = cmark_node_get_start_line(n) > 0 ? cmark_node_get_start_line(n) : 1;
	}
	cmark_iter_free(it);
	return deep;
}

static int is_line_end(unsigned char c)
{
	return c == '\n' || c == '\r' || c == '\0';
}

/* After a marker: a space, a tab or the line's end (where a list marker
 * must stop). */
static int marker_end(unsigned char c)
{
	return c == ' ' || c == '\t' || is_line_end(c);
}

/* The line's start: its container markers ('>', '-', '+' or '*', a
 * number and '.' or ')'), each counted into *blocks, and the space
 * between them. A block quote or list item opens only there, after its
 * outer containers' markers and indentation. Returns where the line's
 * text begins. */
static const unsigned char *line_prefix(const unsigned char *p, long *blocks)
{
	for (;;) {
		const unsigned char *q = p;

		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (*p == '>') {
			++*blocks;
			p++;
			continue;
		}
		if ((*p == '-' || *p == '+' || *p == '*') && marker_end(p[1])) {
			++*blocks;
			p++;
			continue;
		}
		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p && (*q == '.' || *q == ')') && marker_end(q[1])) {
			++*blocks;
			p = q + 1;
			continue;
		}
		return p;
	}
}

/* Lines: CommonMark ends one at "\n", "\r" or "\r\n". */
static const unsigned char *next_line(const unsigned char *p)
{
	if (*p == '\r' && p[1] == '\n')
		return p + 2;
	return *p ? p + 1 : p;
}

int gpd_md_may_nest_beyond(const char *t, int max)
{
	const unsigned char *p = (const unsigned char *)t, *line;
	long blocks = 0, inlines = 0;
	int after_blank = 0;

	while (*p != '\0' && blocks <= max && inlines <= max) {
		long before = blocks;

		p = line_prefix(line = p, &blocks);
		/* text at the first column after a blank line (which a
		 * paragraph cannot go on across) closes every quote and list:
		 * the markers counted so far bound nothing after it */
		if (after_blank && p == line && !is_line_end(*p))
			blocks = 0;
		/* a blank line (no markers, no text): no emphasis or link
		 * crosses it; quotes and lists may go on after it */
		after_blank = blocks == before && is_line_end(*p);
		if (after_blank)
			inlines = 0;
		/* the bytes that may open an emphasis ('*', '_'), a link or
		 * an image ('['), or an autolink ('<'); strcspn passes over
		 * the prose between them many bytes a step (a byte at a time
		 * this loop was 3 % of validate's instructions) */
		while (p += strcspn((const char *)p, "\n\r*_[<"), !is_line_end(*p)) {
			inlines++;
			p++;
		}
		p = next_line(p);
	}
	return blocks > max || inlines > max;
}

gpd_md_brackets gpd_md_bracket_work(const char *t, size_t len)
{
	unsigned long long images = 0, openers = 0, closers = 0;
	gpd_md_brackets worst = {0, 0, 1};
	unsigned line = 1, start = 1;
	int blank = 1; /* the line so far is only spaces and tabs */

	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? t[i] : '\n';
		unsigned long long links;

		if (c == '\n' || c == '\r') {
			if (blank) {
				images = openers = closers = 0;
				start = line + 1;
			}
			if (!(c == '\r' && i + 1 < len && t[i + 1] == '\n'))
				line++, blank = 1;
			continue;
		}
		if (c != ' ' && c != '\t')
			blank = 0;
		if (c == '\\' && i + 1 < len && t[i + 1] != '\n' && t[i + 1] != '\r')
			i++; /* an escaped character is text */
		else if (c == '!' && i + 1 < len && t[i + 1] == '[')
			images++, i++;
		else if (c == '[')
			openers++;
		else if (c == ']')
			closers++;
		else
			continue;
		/* a link takes a '[' and a ']' */
		links = openers < closers ? openers : closers;
		if (images * links > worst.images * worst.links)
			worst = (gpd_md_brackets){images, links, start};
	}
	return worst;
}

int gpd_md_brackets_over(const gpd_md_brackets *w)
{
	return w->images * w->links > GPD_MD_MAX_BRACKET_WORK;
}

void gpd_md_brackets_message(gpd_buf *b, const char *what, const gpd_md_brackets *w)
{
	gpd_buf_printf(b, "the paragraph here in %s has %llu image openers \"![\" and room "
		"for %llu links (\"[\" with \"]\"): CommonMark's parser takes time growing with "
		"their product, which may be at most %llu in one paragraph; break it up with "
		"blank lines, or write \"\\[\" for a bracket that is text", what, w->images,
		w->links, (unsigned long long)GPD_MD_MAX_BRACKET_WORK);
}

/* Which piece the byte c starts: 0 for text; a run of the same byte
 * (RUN) or each byte alone (ONE) for markup. */
enum { TEXT, RUN, ONE };

static int piece_kind(unsigned char c, int smart)
{
	switch (c) {
	case '-': /* without smart punctuation cmark makes each '-' it meets a
	           * node (handle_hyphen), as it does each '.': a 1 MiB word
	           * of dots in a template took 117 MB to parse */
		return smart ? RUN : ONE;
	case '*': case '_': case '`': case '+':
		return RUN;
	case '.': /* smart: each "..." an ellipsis of its own */
	case '\'': case '"': /* a delimiter each, smart or not (scan_delims) */
		return ONE;
	case '[': case ']': case '<': case '!': case '&': case '\\': case '\n': case '\r':
		return ONE;
	default:
		return TEXT;
	}
}

size_t gpd_md_pieces(const char *t, size_t len, int smart)
{
	size_t n = 0;
	int prev = -1; /* the byte before, or -1 */

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		int k = piece_kind(c, smart);

		if (prev < 0 || k == ONE || k != piece_kind((unsigned char)prev, smart)
		    || (k == RUN && c != prev))
			n++;
		prev = c;
	}
	return n;
}

void gpd_md_pieces_message(gpd_buf *b, const char *what, size_t n)
{
	gpd_buf_printf(b, "%s parses into %zu pieces of markup and text (each run of \"*\", "
		"\"_\" or \"`\", each bracket, line end and the like, and the words between "
		"them); CommonMark keeps some 250 bytes for each, so one text may have at most %lu: "
		"use less markup, or split it into attachments", what, n,
		(unsigned long)GPD_MD_MAX_PIECES);
}
