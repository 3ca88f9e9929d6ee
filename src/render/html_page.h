/* html_page.h: the editor's page template around each HTML page's content, and the escaping every HTML text goes through (internal). */
#ifndef GPDIGEST_HTML_PAGE_H
#define GPDIGEST_HTML_PAGE_H

#include <stddef.h>

#include "gpdigest/buf.h"
#include "gpdigest/html.h"

/* The page template's placeholders, in the order of their names in
 * html_page.c. Their values are HTML (escaped by the renderer), inserted
 * as they are. */
typedef enum gpd_html_slot {
	GPD_SLOT_LANG,        /* the language tag */
	GPD_SLOT_TITLE,       /* the page's title, for <title> */
	GPD_SLOT_STYLESHEET,  /* the stylesheet's address */
	GPD_SLOT_HOME,        /* the edition's first page's address */
	GPD_SLOT_PUBLICATION, /* the publication's title */
	GPD_SLOT_EDITION,     /* the edition's title */
	GPD_SLOT_BREADCRUMBS, /* the trail to this page (a nav), or nothing */
	GPD_SLOT_CONTENT,     /* the page's own content */
	GPD_SLOT_PAGER,       /* links to the previous and next pages (a nav) */
	GPD_SLOT_PUBLISHER,
	GPD_SLOT_DATE,        /* the edition's date */
	GPD_SLOT_DOWNLOADS,   /* links to the edition in the other formats */
	GPD_SLOT__COUNT
} gpd_html_slot;

/* One value per slot (a NULL data is empty). */
typedef struct gpd_html_value {
	const char *data;
	size_t len;
} gpd_html_value;

/* Appends the page template with each placeholder replaced by its value. */
void gpd_html_page(const gpd_html_theme *t, const gpd_html_value values[GPD_SLOT__COUNT],
	gpd_buf *out);

/* The theme's language tag and stylesheet bytes (owned by t). */
const char *gpd_html_language(const gpd_html_theme *t);
const char *gpd_html_css(const gpd_html_theme *t, size_t *len);

/* Appends s as HTML text (also fit for an attribute value in double
 * quotes): & < > " ' escaped, invalid UTF-8 as U+FFFD, C0 controls and
 * DEL as their Control Pictures (as md_tame.h's gpd_md_clean); in line
 * mode tab, CR and LF as spaces. NULL appends nothing. */
void gpd_html_text(gpd_buf *b, const char *s, int line);

#endif
