/* html.h: the HTML edition: each edition a small static site of accessible pages, walked from the edition's document model. */
#ifndef GPDIGEST_HTML_H
#define GPDIGEST_HTML_H

#include <stddef.h>

#include "gpdigest/corpus.h"
#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/render.h"

/*
 * An edition becomes a folder of pages (out/compendium/, out/digests/london/):
 *
 *   index.html            the cover and the contents
 *   introduction.html     the introduction
 *   ANCHOR.html           a part, a criterion, an outcome's, authority's or
 *                         region's examples, and every record: a record's
 *                         page is its id (tower-hamlets-contact-policy.html),
 *                         which no other record can change (structure.h)
 *   style.css             the stylesheet
 *
 * Standards, attachments and tables are sections of their page
 * (part-1.html#standard-2, ID.html#ID--attachment-1). Every page is the
 * editor's page template (templates/page.html) around its content.
 */

/* The theme's files in the templates folder, and the stylesheet's name in
 * each edition's folder. */
#define GPD_HTML_PAGE_TEMPLATE "page.html"
#define GPD_HTML_STYLESHEET "style.css"

/* The page template and stylesheet, as loaded once for every edition. */
typedef struct gpd_html_theme gpd_html_theme;

/* Loads templates/page.html and templates/style.css (each a regular file
 * of UTF-8, as every template) for pages in language (a BCP 47 tag as
 * style.xml gives it; copied). The page's {{placeholders}} are checked:
 * an unknown or unclosed one, or a page without {{content}}, is a
 * `template` error at its line and column. NULL when anything is wrong
 * (reported). Free with gpd_html_theme_free. */
GPD_EXPORT gpd_html_theme *gpd_html_theme_load(const char *templates, const char *language,
	gpd_diag *diag);

/* The same from bytes (page and css need not end in a NUL); page_name and
 * css_name name them in diagnostics. */
GPD_EXPORT gpd_html_theme *gpd_html_theme_parse(const char *page_name, const char *page,
	size_t page_len, const char *css_name, const char *css, size_t css_len,
	const char *language, gpd_diag *diag);

GPD_EXPORT void gpd_html_theme_free(gpd_html_theme *t);

/* Receives each file of an edition's site, in a fixed order: name is a
 * plain file name (index.html, ANCHOR.html, style.css: lower-case
 * letters, digits and hyphens, then the extension), data borrowed for
 * the call. Returns 0 to go on, or -1 to stop: the renderer then returns
 * -1 at once, reporting nothing more. */
typedef int (*gpd_html_emit)(void *ctx, const char *name, const char *data, size_t len);

/* Renders the edition's site, one file at a time through emit (so memory
 * holds one page). Record text goes through cmark's HTML writer after
 * md_tame: raw HTML prints as text and only http, https and mailto links
 * are live. Returns 0, or -1 (out of memory: reported; or emit stopped). */
GPD_EXPORT int gpd_render_html(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_html_theme *theme, gpd_html_emit emit, void *ctx, gpd_diag *diag);

#endif
