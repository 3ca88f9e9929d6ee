/* pdf_text.c: walks a CommonMark tree and calls the layout engine: inline runs, lists, quotes, headings. */
#define _POSIX_C_SOURCE 200809L
#include "render/pdf_text.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gpdigest/buf.h"
#include "gpdigest/link.h"
#include "ingest/md_bound.h"
#include "render/md_tame.h"


/* A CommonMark heading's level, shifted: its size (the layout's four) and
 * its structure level (the tag's H1-H6). */
typedef struct lv {
	int shift, tag;
} lv;

/* The runs of one paragraph being collected; the strings they point to
 * live in the cmark tree, which outlives the layout call. */
typedef struct runs {
	gpd_run *items;
	size_t n, cap;
	int failed;
} runs;

static gpd_face face_of(int bold, int italic)
{
	return bold ? (italic ? GPD_FACE_BOLD_ITALIC : GPD_FACE_BOLD)
		: (italic ? GPD_FACE_ITALIC : GPD_FACE_REGULAR);
}

static void push_run(runs *r, gpd_run run)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		gpd_run *p = realloc(r->items, cap * sizeof(*p));
		if (p == NULL) {
			r->failed = 1;
			return;
		}
		r->items = p;
		r->cap = cap;
	}
	r->items[r->n++] = run;
}

static void push(runs *r, const char *text, gpd_face face, const char *uri)
{
	if (text != NULL && *text != '\0')
		push_run(r, (gpd_run){text, GPD_RUN_STRLEN, face, uri, NULL, NULL, 0, NULL});
}

/* Collects the inline content under node, carrying emphasis and links down. */
static void collect(runs *r, cmark_node *node, int bold, int italic, const char *uri)
{
	for (cmark_node *n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_HTML_INLINE:
			push(r, cmark_node_get_literal(n), face_of(bold, italic), uri);
			break;
		case CMARK_NODE_CODE:
			push(r, cmark_node_get_literal(n), GPD_FACE_MONO, uri);
			break;
		case CMARK_NODE_SOFTBREAK:
			push(r, " ", face_of(bold, italic), uri);
			break;
		case CMARK_NODE_LINEBREAK: /* kept, as the Markdown keeps it */
			push_run(r, (gpd_run){NULL, 0, face_of(bold, italic), uri, NULL, NULL, 1, NULL});
			break;
		case CMARK_NODE_EMPH:
			collect(r, n, bold, 1, uri);
			break;
		case CMARK_NODE_STRONG:
			collect(r, n, 1, italic, uri);
			break;
		case CMARK_NODE_LINK:
			collect(r, n, bold, italic, gpd_link_is_safe(cmark_node_get_url(n)) ?
				cmark_node_get_url(n) : uri);
			break;
		case CMARK_NODE_CUSTOM_INLINE: /* a template's isolate: FSI ... PDI */
			push(r, cmark_node_get_on_enter(n), face_of(bold, italic), uri);
			collect(r, n, bold, italic, uri);
			push(r, cmark_node_get_on_exit(n), face_of(bold, italic), uri);
			break;
		default: /* images print their alt text */
			collect(r, n, bold, italic, uri);
			break;
		}
	}
}

static int paragraph(gpd_layout *L, cmark_node *node)
{
	runs r = {0};
	int rc;

	collect(&r, node, 0, 0, NULL);
	rc = r.failed ? GPD_LAYOUT_ENOMEM : r.n ? gpd_layout_paragraph(L, r.items, r.n) : 0;
	free(r.items);
	return rc;
}

static int heading(gpd_layout *L, cmark_node *node, lv shift)
{
	runs r = {0};
	int md = cmark_node_get_heading_level(node), level = md + shift.shift, rc;
	int tag = md + shift.tag;

	collect(&r, node, 0, 0, NULL);
	if (level > GPD_LAYOUT_HEADINGS)
		level = GPD_LAYOUT_HEADINGS;
	if (level < 1)
		level = 1;
	rc = r.failed ? GPD_LAYOUT_ENOMEM : 0;
	if (rc == 0 && r.n)
		rc = gpd_layout_struct_heading(L, tag < 1 ? 1 : tag > 6 ? 6 : tag);
	if (rc == 0 && r.n)
		rc = gpd_layout_heading(L, level, r.items, r.n, NULL);
	free(r.items);
	return rc;
}

/* Raw HTML prints as text, its lines kept. */
static int html_block(gpd_layout *L, cmark_node *node)
{
	const char *s = cmark_node_get_literal(node);
	runs r = {0};
	int rc;

	while (s && *s) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);

		if (r.n)
			push_run(&r, (gpd_run){NULL, 0, GPD_FACE_REGULAR, NULL, NULL, NULL, 1, NULL});
		push_run(&r, (gpd_run){s, len, GPD_FACE_REGULAR, NULL, NULL, NULL, 0, NULL});
		s = eol ? eol + 1 : s + len;
	}
	rc = r.failed ? GPD_LAYOUT_ENOMEM : r.n ? gpd_layout_paragraph(L, r.items, r.n) : 0;
	free(r.items);
	return rc;
}

/* A code block as one preformatted block: every space, tab, indentation
 * and blank line kept. */
static int code_block(gpd_layout *L, cmark_node *node)
{
	const char *s = cmark_node_get_literal(node);

	return s && *s ? gpd_layout_code(L, s, strlen(s)) : 0;
}

static int blocks(gpd_layout *L, cmark_node *parent, lv shift);

static int list(gpd_layout *L, cmark_node *node, lv shift)
{
	int rc = gpd_layout_list_begin(L, cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
		cmark_node_get_list_start(node));

	for (cmark_node *item = cmark_node_first_child(node); item && rc == 0;
	     item = cmark_node_next(item)) {
		rc = gpd_layout_item_begin(L);
		if (rc == 0)
			rc = blocks(L, item, shift);
		if (rc == 0)
			rc = gpd_layout_item_end(L);
	}
	return rc ? rc : gpd_layout_list_end(L);
}

static int block(gpd_layout *L, cmark_node *n, lv shift)
{
	int rc;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH: return paragraph(L, n);
	case CMARK_NODE_HEADING: return heading(L, n, shift);
	case CMARK_NODE_LIST: return list(L, n, shift);
	case CMARK_NODE_CODE_BLOCK: return code_block(L, n);
	case CMARK_NODE_HTML_BLOCK: return html_block(L, n);
	case CMARK_NODE_THEMATIC_BREAK: return gpd_layout_rule(L);
	case CMARK_NODE_BLOCK_QUOTE:
		rc = gpd_layout_quote_begin(L);
		if (rc == 0)
			rc = blocks(L, n, shift);
		return rc ? rc : gpd_layout_quote_end(L);
	default:
		return blocks(L, n, shift);
	}
}

static int blocks(gpd_layout *L, cmark_node *parent, lv shift)
{
	int rc = 0;

	for (cmark_node *n = cmark_node_first_child(parent); n && rc == 0; n = cmark_node_next(n))
		rc = block(L, n, shift);
	return rc;
}

/* The smallest heading level in a tree, or 0 when it has none. */
static int min_heading(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int min = 0;

	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int l = cmark_node_get_heading_level(n);

		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    (min == 0 || l < min))
			min = l;
	}
	cmark_iter_free(it);
	return min;
}

/* Every literal as the Markdown and HTML editions print it (md_tame.c):
 * a control character a CommonMark reference made (&#x1B;) as its
 * Control Picture, not left out by the layout; a C1 one and the byte
 * cmark 0.30 writes for &#xFFFE; or &#xFFFF; (0xFE, 0xFF: no UTF-8, which
 * the layout would replace with a warning of invalid UTF-8 in text that
 * was valid) as U+FFFD. Our input is valid UTF-8 without raw controls
 * (ingest and the template check): references make the only ones. */
static int clean_literals(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int rc = it == NULL ? -1 : 0;

	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		if (ev == CMARK_EVENT_ENTER)
			rc = gpd_md_clean_node(cmark_iter_get_node(it));
	cmark_iter_free(it);
	return rc;
}

int gpd_pdf_blocks(gpd_layout *L, cmark_node *doc, int top, int tag_top)
{
	int min;
	lv l = {0, 0};

	/* The walk below recurses, and the layout holds 32 lists and 32
	 * quotes: deeper input (cmark sets no limit) is flattened first. */
	if (gpd_md_bound(doc, GPD_MD_MAX_DEPTH) < 0 || clean_literals(doc) != 0)
		return GPD_LAYOUT_ENOMEM;
	min = top > 0 ? min_heading(doc) : 0;
	if (min > 0)
		l = (lv){top - min, tag_top - min};
	return blocks(L, doc, l);
}

int gpd_pdf_markdown(gpd_layout *L, const char *text, int top, int tag_top)
{
	/* smart punctuation: the Markdown edition parses record text alike */
	cmark_node *doc = cmark_parse_document(text, strlen(text), GPD_MD_RECORD_OPTIONS);
	int rc;

	if (doc == NULL)
		return GPD_LAYOUT_ENOMEM;
	rc = gpd_pdf_blocks(L, doc, top, tag_top);
	gpd_md_free(doc);
	return rc;
}
