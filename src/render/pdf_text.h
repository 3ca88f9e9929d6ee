/* pdf_text.h: CommonMark trees typeset through the layout engine (used by the PDF renderer). */
#ifndef GPDIGEST_PDF_TEXT_H
#define GPDIGEST_PDF_TEXT_H

#include <cmark.h>

#include "gpdigest/layout.h"

/* Typesets the blocks of a CommonMark document (first flattened beyond
 * GPD_MD_MAX_DEPTH levels, in place: see md_bound.h). top > 0: the
 * document's highest heading is set at layout level top and tagged
 * H<tag_top>, and the others below it, in order; 0: headings keep
 * CommonMark's levels, in size and tag. Levels past the layout's last are
 * set at the last, tags past H6 are H6. Hard line breaks and code blocks
 * (monospace, every space and line kept) are kept; raw HTML prints as
 * literal text, its lines kept; only http, https and mailto links become
 * links; images print their alt text. Returns the layout status. */
int gpd_pdf_blocks(gpd_layout *L, cmark_node *doc, int top, int tag_top);

/* Parses record text as CommonMark (GPD_MD_RECORD_OPTIONS: with smart
 * punctuation) and typesets it as gpd_pdf_blocks does. */
int gpd_pdf_markdown(gpd_layout *L, const char *text, int top, int tag_top);

#endif
