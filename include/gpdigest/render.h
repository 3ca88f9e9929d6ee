/* render.h: what every renderer is given (the edition), and the renderers' entry points. */
#ifndef GPDIGEST_RENDER_H
#define GPDIGEST_RENDER_H

#include "gpdigest/buf.h"
#include "gpdigest/catalogue.h"
#include "gpdigest/corpus.h"
#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/layout.h"
#include "gpdigest/template.h"

typedef enum gpd_edition_kind {
	GPD_EDITION_COMPENDIUM, /* every record, or an ad-hoc selection */
	GPD_EDITION_DIGEST,     /* one region's records */
	GPD_EDITION_HANDOUT     /* one authority's records, with a summary page */
} gpd_edition_kind;

/* Formats as bits: those that show a node of the edition's structure
 * (gpd_node.formats), and those an edition is built in. */
enum {
	GPD_SHOW_MD = 1,
	GPD_SHOW_PDF = 2,
	GPD_SHOW_HTML = 4
};

/* One publication to render: the corpus plus everything printed around it.
 * Strings are borrowed; renderers only read. */
typedef struct gpd_edition_info {
	gpd_edition_kind kind;
	const char *publication; /* the publication's title */
	const char *publisher;
	const char *subject;     /* PDF document info */
	const char *keywords;
	const char *title;       /* this edition's title, e.g. "London digest" */
	const char *selection;   /* the filter, in words: "All records" */
	const char *authority;   /* handouts: the authority; else NULL */
	const char *region;      /* digests and handouts: the region label; else NULL */
	const char *date;        /* edition date YYYY-MM-DD */
	long long epoch;         /* the same date as seconds, for PDF metadata */
	const gpd_template *cover;        /* may be NULL */
	const gpd_template *introduction; /* may be NULL */
	const gpd_catalogue *catalogue;   /* may be NULL */
	const char *output;      /* where it is written, without extension ("digests/london"):
	                          * the HTML links to its PDF and Markdown; NULL: no links */
} gpd_edition_info;

/* The sections every edition has, their anchors and titles, shared by the
 * renderers so the PDF and the Markdown read the same. Records use their
 * id as anchor; the corpus names its own sections ("criterion-2-11"). */
#define GPD_A_CONTENTS "contents"
#define GPD_A_INTRODUCTION "introduction"
#define GPD_A_PART1 "part-1"
#define GPD_A_UNSTATED "criterion-not-stated"
#define GPD_A_PART2 "part-2"
#define GPD_A_INDEXES "indexes"
#define GPD_A_BY_AUTHORITY "index-by-authority"
#define GPD_A_BY_REGION "index-by-region"
#define GPD_A_COVERAGE "coverage"
#define GPD_A_SUMMARY "summary"

#define GPD_T_CONTENTS "Contents"
#define GPD_T_INTRODUCTION "About this publication"
#define GPD_T_PART1 "Part 1: Examples by National Leaving Care Standards criterion"
#define GPD_T_UNSTATED "Criterion not stated"
#define GPD_T_PART2 "Part 2: Examples by Every Child Matters outcome"
#define GPD_T_INDEXES "Indexes"
#define GPD_T_BY_AUTHORITY "Index by authority"
#define GPD_T_BY_REGION "Index by region"
#define GPD_T_COVERAGE "Coverage summary"
#define GPD_T_COV_CRITERIA "Examples by criterion and outcome"
#define GPD_T_COV_REGIONS "Examples by region"
#define GPD_T_SUMMARY "Summary"

/* True when a record answers any part of the evidence question. */
GPD_EXPORT int gpd_record_has_evidence(const gpd_record *rec);

/* The placeholder values of an edition, for gpd_template_expand. */
GPD_EXPORT gpd_template_vars gpd_edition_vars(const gpd_edition_info *ed,
	const gpd_corpus *c);

/* Writes the edition as CommonMark into out (appended). Returns 0, or -1
 * with the reason reported (out of memory). Never writes raw user markup:
 * the document is a cmark node tree rendered by cmark_render_commonmark. */
GPD_EXPORT int gpd_render_md(const gpd_corpus *c, const gpd_edition_info *ed,
	gpd_buf *out, gpd_diag *diag);

/* Typesets the edition as PDF into out (appended). Returns 0, or -1 with
 * the reason reported. Characters the fonts lack are reported as warnings
 * (missing-glyph) and printed as a visible replacement mark. */
GPD_EXPORT int gpd_render_pdf(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, gpd_buf *out, gpd_diag *diag);

/* The same, also storing the number of pages in *pages (may be NULL), and
 * copying unchanged pages' deflated streams from previous (may be NULL):
 * the last build's bytes of this PDF, by this program and deflater (see
 * gpd_layout_reuse_from). The bytes are the same with or without it. */
GPD_EXPORT int gpd_render_pdf_counted(const gpd_corpus *c, const gpd_edition_info *ed,
	const gpd_style *style, const gpd_buf *previous, gpd_buf *out, gpd_diag *diag,
	size_t *pages);

/* Heading text of a criterion section: "Standard 2 · Criterion 2.4" with
 * the catalogue's title appended when there is one. Caller frees. */
GPD_EXPORT char *gpd_criterion_heading(const gpd_criterion_section *cs);
GPD_EXPORT char *gpd_standard_heading(const gpd_standard_section *s);

#endif
