/* md_empty.c: whether CommonMark text shows nothing once its character references are read, as a reader's are. */
#include "ingest/md_empty.h"

#include <cmark.h>
#include <stdint.h>
#include <string.h>

#include "gpdigest/utf8.h"
#include "ingest/md_bound.h"

/* The length of what looks like a character reference at s ("&#x200B;",
 * "&#8203;", "&shy;": '&', then '#' or letters and digits, then ';'), 0
 * when s starts none. Whether CommonMark reads it so is cmark's to say. */
static size_t reference_like(const char *s)
{
	size_t n = 1;

	if (s[0] != '&')
		return 0;
	n += s[1] == '#';
	while ((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'z') ||
	       (s[n] >= 'A' && s[n] <= 'Z'))
		if (++n > 40) /* longer than any name HTML has */
			return 0;
	return s[n] == ';' && n > 1 + (s[1] == '#') ? n + 1 : 0;
}

/* Whether md holds nothing but characters that show nothing and what
 * looks like character references, at least one: only such a text can
 * read as empty where its bytes do not. */
static int only_references(const char *md)
{
	const unsigned char *u = (const unsigned char *)md;
	int refs = 0;
	uint32_t c;
	size_t len;

	while (*u) {
		if ((len = reference_like((const char *)u)) > 0) {
			refs = 1;
		} else if ((len = gpd_utf8_decode(u, SIZE_MAX, &c)) == 0 ||
		           !gpd_utf8_shows_nothing(c)) {
			return 0;
		}
		u += len;
	}
	return refs;
}

/* Whether the parsed document is paragraphs of text, and the text shows
 * nothing. Any other node prints something of its own (a code block keeps
 * its references as written; a link or an image its destination). */
static int tree_empty(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int empty = it != NULL;

	while (empty && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_DOCUMENT:
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			break;
		case CMARK_NODE_TEXT:
			empty = gpd_utf8_visibly_empty(cmark_node_get_literal(n));
			break;
		default:
			empty = 0;
			break;
		}
	}
	cmark_iter_free(it);
	return empty;
}

int gpd_md_visibly_empty(const char *md)
{
	cmark_node *doc;
	int empty;

	if (gpd_utf8_visibly_empty(md))
		return 1;
	if (!only_references(md))
		return 0;
	if ((doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT)) == NULL)
		return 0;
	empty = tree_empty(doc);
	gpd_md_free(doc);
	return empty;
}
