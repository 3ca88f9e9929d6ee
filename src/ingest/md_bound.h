/* md_bound.h: bounds the nesting of a CommonMark tree before a renderer walks it (internal). */
#ifndef GPDIGEST_MD_BOUND_H
#define GPDIGEST_MD_BOUND_H

#include <cmark.h>

#include "gpdigest/buf.h"

/* The renderers bound nesting at GPD_MD_MAX_DEPTH (limits.h): cmark itself
 * sets no such limit (">>>>..." of a 1 MiB field nests a million deep); the
 * PDF layout holds that many lists and quotes, and the walkers recurse. */
#include "gpdigest/limits.h"

/* How both renderers parse record text: with smart punctuation (curly
 * quotes, en and em dashes from "--" and "---", ellipses), so the two
 * editions print the same characters. Templates are parsed as written. */
#define GPD_MD_RECORD_OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_SMART)

/* Frees a cmark tree (and unlinks it from its parent), NULL included:
 * cmark_node_free(NULL) crashes, and a tree is NULL wherever making it ran
 * out of memory (a template expanded on a thread that lost the race for
 * the last megabyte: a build under ulimit -v died on SIGSEGV). Every
 * cmark tree is freed through here. */
static inline void gpd_md_free(cmark_node *node)
{
	if (node != NULL)
		cmark_node_free(node);
}

/* Makes tree (a parsed document, or any node) no deeper than max levels:
 * a block quote or list item at depth max keeps its text as a flat
 * sequence of paragraphs, headings and code blocks; an emphasis, link or
 * image at depth max keeps its text as one plain text node. Nothing is
 * lost but the deeper structure. Linear in the size of the tree, without
 * recursion. Returns how many nodes were flattened (0: the tree was within
 * bounds), or -1 when out of memory (the tree is then valid but may be
 * partly flattened). */
int gpd_md_bound(cmark_node *tree, int max);

/* Whether gpd_md_bound(tree, max) would flatten something: quotes and
 * lists, or emphasis, links and images, nested more than max deep. 0 when
 * not; else the line the first node past max starts on (1 for a node made
 * rather than parsed). */
int gpd_md_too_deep(cmark_node *tree, int max);

/* False when the CommonMark text t cannot parse deeper than max, by what
 * its bytes could open (a sound bound, read in one pass, no tree): every
 * block quote or list begins at its own marker ('>'; '-', '+' or '*'
 * before a space or the line's end; a number's '.' or ')') at the start of
 * a line, among its outer containers' markers and indentation, and text
 * at the first column after a blank line closes them all; every emphasis
 * at a '*' or '_', every link or image at a '[' or '<', within a
 * paragraph, which no blank line crosses. True means only that
 * gpd_md_too_deep must look. */
int gpd_md_may_nest_beyond(const char *t, int max);

/* An upper bound on the work cmark 0.30's inline parser does for the
 * brackets of the CommonMark text t[0, len), in its worst paragraph: each
 * link it makes walks back over every image opener ('![') still open in
 * that paragraph, so N image openers and M links (each a '[' and a ']')
 * take up to N x M steps (cmark 0.31 fixed it; Debian 12 has 0.30.2). The link
 * openers it deactivates on that walk are passed over once each, and an
 * image closing makes no walk: nested images cost nothing. Counted per
 * run of lines between blank lines, which no paragraph crosses; an
 * escaped '!' or '[' is text. One pass, no tree. */
typedef struct gpd_md_brackets {
	unsigned long long images;   /* "![" in the worst run of lines */
	unsigned long long links;    /* links it may hold: the fewer of '[' (not
	                              * after '!') and ']' in it */
	unsigned line;               /* the line of t (1-based) it starts on */
} gpd_md_brackets;

gpd_md_brackets gpd_md_bracket_work(const char *t, size_t len);

/* How many pieces the CommonMark text t[0, len) parses into, at most
 * about: each run of '*', '_' or '`' (one delimiter node), each '[', ']',
 * '<', '!', '&', '\\', quote, '.' and line end, each run of '-' with smart
 * punctuation (smart) and each '-' without, and every run of other bytes
 * between them; and each list marker ('-', '+', a run of '*') is a run too. cmark
 * keeps a node of some 200 bytes, and a delimiter beside it while it
 * parses, for each: GPD_MD_MAX_PIECES (limits.h). One pass, no tree. */
size_t gpd_md_pieces(const char *t, size_t len, int smart);

/* The `limit` error's words for a text of n pieces, in what. */
void gpd_md_pieces_message(gpd_buf *b, const char *what, size_t n);

/* Over GPD_MD_MAX_BRACKET_WORK (limits.h): too much to parse. */
int gpd_md_brackets_over(const gpd_md_brackets *w);

/* The `limit` error's words for w, in what ("the text of <description>",
 * "the template"), appended to b. */
void gpd_md_brackets_message(gpd_buf *b, const char *what, const gpd_md_brackets *w);

#endif
