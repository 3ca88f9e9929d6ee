/* pdf_text.h: CommonMark trees typeset through the layout engine (used by the PDF renderer). */
#ifndef GPDIGEST_PDF_TEXT_H
#define GPDIGEST_PDF_TEXT_H

#include <cmark.h>

#include "gpdigest/layout.h"

/* Typesets the blocks of a CommonMark document (first flattened beyond
 * GPD_MD_MAX_DEPTH levels, in place: see md_bound.h): headings are shifted by
 * `shift` levels and clamped to the layout's four, and tagged H<level +
 * tag_shift> (the structure's level, at most H6); raw HTML prints as
 * literal text; only http, https and mailto links become links; images
 * print their alt text. Returns the layout status. */
int gpd_pdf_blocks(gpd_layout *L, cmark_node *doc, int shift, int tag_shift);

/* Parses text as CommonMark and typesets it as gpd_pdf_blocks does. */
int gpd_pdf_markdown(gpd_layout *L, const char *text, int shift, int tag_shift);

#endif
