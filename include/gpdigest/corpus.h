/* corpus.h: the records of one edition, ordered and grouped once for every renderer (read-only). */
#ifndef GPDIGEST_CORPUS_H
#define GPDIGEST_CORPUS_H

#include <stddef.h>

#include "gpdigest/catalogue.h"
#include "gpdigest/export.h"
#include "gpdigest/form.h"
#include "gpdigest/record.h"

/* A record's place in a criterion section: in full (the first criterion it
 * cites, in numeric order) or as a cross-reference to that place. */
typedef struct gpd_entry {
	const gpd_record *rec;
	int in_full;
} gpd_entry;

typedef struct gpd_criterion_section {
	gpd_criterion crit;
	const char *title;   /* the catalogue's title, or NULL */
	char anchor[32];     /* "criterion-2-11" */
	gpd_entry *entries;  /* by authority, then title, then id */
	size_t n;
} gpd_criterion_section;

typedef struct gpd_standard_section {
	unsigned number;
	const char *title;   /* the catalogue's title, or NULL */
	char anchor[32];     /* "standard-2" */
	gpd_criterion_section *criteria; /* numeric order */
	size_t n;
} gpd_standard_section;

/* Records under one heading of Part 2 or of an index. */
typedef struct gpd_group_section {
	const char *label;   /* printed heading */
	char anchor[96];
	int option;          /* option index, or -1 for "not stated" */
	const gpd_record **recs; /* by authority, then title, then id */
	size_t n;
} gpd_group_section;

typedef struct gpd_corpus {
	const gpd_record **records; /* every record: by authority, title, id */
	size_t nrecords;
	size_t nauthorities;

	gpd_standard_section *standards; /* Part 1, numeric order */
	size_t nstandards;
	gpd_entry *unstated;             /* "Criterion not stated" */
	size_t nunstated;

	/* Part 2: one per ECM outcome in the form's order, then "not stated";
	 * sections with no record are kept (n == 0) so renderers decide. */
	gpd_group_section outcomes[GPD_OUTCOME_COUNT + 1];
	size_t noutcomes;

	gpd_group_section *authorities;  /* index by authority (one per key), sorted */
	size_t nauth_sections;
	gpd_group_section *regions;      /* by region in form order, then "not stated"; only non-empty */
	size_t nregions;

	gpd_group_section *targets;      /* target groups ticked, form order; only non-empty */
	size_t ntargets;

	/* Coverage: rows are the criterion sections in order (Part 1), then
	 * one row for "not stated"; columns the ECM outcomes, then "not stated". */
	size_t coverage_rows;
	size_t coverage_cols;
	unsigned *coverage;              /* rows x cols, row-major */
} gpd_corpus;

/* Orders and groups recs (borrowed: they must outlive the corpus) once.
 * cat may be NULL. Returns NULL when out of memory. */
GPD_EXPORT gpd_corpus *gpd_corpus_build(const gpd_record *const *recs, size_t n,
	const gpd_catalogue *cat);
GPD_EXPORT void gpd_corpus_free(gpd_corpus *c);

/* The criterion section of row r of the coverage table, or NULL for the
 * "not stated" row. */
GPD_EXPORT const gpd_criterion_section *gpd_corpus_coverage_row(
	const gpd_corpus *c, size_t r);

/* Records in a record's first (in-full) criterion: where its full text is. */
GPD_EXPORT const gpd_criterion *gpd_record_first_criterion(const gpd_record *rec);

/* Order of authorities, then titles, both by key (gpd_authority_cmp:
 * "Łódź" sorts as "lodz", "École" with "ecole"), then ids. */
GPD_EXPORT int gpd_record_cmp(const gpd_record *a, const gpd_record *b);

#endif
