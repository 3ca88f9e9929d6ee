/* md_tame.h: record and template CommonMark made safe to print, for every back end that prints it as markup (internal). */
#ifndef GPDIGEST_MD_TAME_H
#define GPDIGEST_MD_TAME_H

#include <cmark.h>

/* A copy of s made safe for a literal node or an HTML text: invalid UTF-8
 * becomes U+FFFD, C0 controls and DEL their Control Pictures (U+2400 +
 * c, U+2421), C1 controls (which have none) U+FFFD. In line mode (a title, a name, a heading) tab, CR and LF
 * become spaces and the ends are trimmed; otherwise tab and LF are kept.
 * NULL when out of memory; caller frees. */
char *gpd_md_clean(const char *s, int line);

/* Replaces n's literal text (and a code block's info string, a link's
 * title) with gpd_md_clean's copies, in place: control characters made
 * visible, each printed alike in every edition. 0, or -1 out of memory. */
int gpd_md_clean_node(cmark_node *n);

/* Flags of gpd_md_tame. */
enum {
	/* Headings take levels that never skip one: each is one below the
	 * nearest heading before it of a smaller source level (the first at
	 * base + 1), so "# a / ### b" prints as base+1, base+2. Without it,
	 * levels are shifted so the smallest one is base + 1 (none shifted
	 * when base is 0). Either way levels stop at 6. */
	GPD_TAME_NO_SKIP = 1,
	/* With GPD_TAME_NO_SKIP: only the first heading may take base + 1;
	 * every later one is below it (a page's one h1). */
	GPD_TAME_ONE_TOP = 2,
	/* U+2028 LINE SEPARATOR in text becomes a hard line break, U+2029
	 * PARAGRAPH SEPARATOR two (a blank line), as the PDF sets them
	 * (UAX #14's class BK): for the HTML, where browsers show the
	 * character as a space, a box or nothing. Not for the Markdown:
	 * cmark's writer cannot put a hard break in a heading, and the
	 * character written as it is means the same there. */
	GPD_TAME_BREAKS = 4
};

/* Makes a parsed CommonMark tree safe to print: nesting bounded
 * (md_bound.h), heading levels set below base (flags), raw HTML turned to
 * text (a block to paragraphs of its lines), images to their alt text,
 * links the safe-link rule refuses (link.h) to their text, control
 * characters made visible in every literal, code info string and link
 * title. Walks with an iterator (input may nest deeply). 0, or -1 when
 * out of memory (the tree is then valid but partly tamed: print nothing
 * of it). */
int gpd_md_tame(cmark_node *root, int base, unsigned flags);

#endif
