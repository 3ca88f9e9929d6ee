/* edition.h: selections (filters), the publication file, and the concrete editions they declare. */
#ifndef GPDIGEST_EDITION_H
#define GPDIGEST_EDITION_H

#include <stddef.h>
#include <stdint.h>

#include "gpdigest/buf.h"
#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/record.h"

#define GPD_PUBLICATION_NS "urn:x-gpdigest:publication"

typedef enum gpd_edition_kind {
	GPD_EDITION_COMPENDIUM, /* every record, or an ad-hoc selection */
	GPD_EDITION_DIGEST,     /* one region's records */
	GPD_EDITION_HANDOUT     /* one authority's records, with a summary page */
} gpd_edition_kind;

/* Loaded elsewhere, and only pointed to here. */
typedef struct gpd_catalogue gpd_catalogue; /* catalogue.h */
typedef struct gpd_template gpd_template;   /* template.h */

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
	const char *date;        /* edition date, as readers see it ("15 January 2026") */
	long long epoch;         /* the same date as seconds, for PDF metadata */
	const gpd_template *cover;        /* may be NULL */
	const gpd_template *introduction; /* may be NULL */
	const gpd_catalogue *catalogue;   /* may be NULL */
	const char *date_format; /* how dates print (date.h); NULL: as recorded */
	const char *output;      /* where it is written, without extension ("digests/london"):
	                          * the HTML links to its PDF and Markdown; NULL: no links */
} gpd_edition_info;

/* The kinds of filter; AND across kinds, OR within one. */
typedef enum gpd_filter_kind {
	GPD_FILTER_REGION,
	GPD_FILTER_AUTHORITY,
	GPD_FILTER_CRITERION,   /* "2.4", or "2" for a whole Standard */
	GPD_FILTER_OUTCOME,
	GPD_FILTER_TARGET,
	GPD_FILTER_AGENCY_TYPE,
	GPD_FILTER__COUNT
} gpd_filter_kind;

typedef struct gpd_filter {
	uint64_t ticks[GPD_GROUP__COUNT]; /* wanted options per tick group */
	char **authorities;               /* compared by key (gpd_authority_cmp) */
	size_t nauthorities;
	gpd_criterion *criteria;          /* number 0: the whole Standard */
	size_t ncriteria;
} gpd_filter;

/* The option name of a kind ("region", "agency-type"), and back (-1). */
GPD_EXPORT const char *gpd_filter_kind_name(gpd_filter_kind kind);
GPD_EXPORT int gpd_filter_kind_find(const char *name);

/* Adds a value (an option id or printed label, case-insensitive; a
 * criterion or Standard number; any authority name). Returns 0; -1 for an
 * unknown value, with why set to a sentence listing the valid ones; -2
 * when out of memory. */
GPD_EXPORT int gpd_filter_add(gpd_filter *f, gpd_filter_kind kind,
	const char *value, gpd_buf *why);

/* Every authority the filter names must be one some record has (compared
 * by key: gpd_authority_cmp), as a region must be one of the form's. Returns 0;
 * -1 with why set to a sentence naming the unknown authority and listing
 * those the records have. */
GPD_EXPORT int gpd_filter_check_authorities(const gpd_filter *f,
	gpd_record *const *recs, size_t n, gpd_buf *why);

GPD_EXPORT int gpd_filter_is_empty(const gpd_filter *f);
GPD_EXPORT int gpd_filter_match(const gpd_filter *f, const gpd_record *rec);

/* The selection in words, e.g. "Region: London; Standard 2";
 * GPD_SELECTION_ALL when empty. Appends to out. */
#define GPD_SELECTION_ALL "All records"
GPD_EXPORT void gpd_filter_describe(const gpd_filter *f, gpd_buf *out);

/* Deep copy into dst (zeroed first); 0 or -1 (out of memory). */
GPD_EXPORT int gpd_filter_copy(gpd_filter *dst, const gpd_filter *src);
GPD_EXPORT void gpd_filter_free(gpd_filter *f);

typedef enum gpd_each {
	GPD_EACH_NONE,
	GPD_EACH_REGION,
	GPD_EACH_AUTHORITY
} gpd_each;

/* One <edition> of the publication file. */
typedef struct gpd_edition_def {
	char *name;
	gpd_edition_kind kind;
	gpd_each each;
	char *title;        /* may hold {{region}} or {{authority}} */
	char *output;       /* path under out/ without extension, or a folder with each */
	char *cover;        /* template file names in the templates folder */
	char *introduction;
	gpd_filter filter;
	gpd_pos pos;        /* its start tag in the publication file */
} gpd_edition_def;

typedef struct gpd_publication {
	char *path;         /* the file it was read from, for diagnostics */
	char *title;
	char *publisher;
	char *subject;
	char *keywords;
	gpd_edition_def *editions;
	size_t n;
} gpd_publication;

/* Loads and validates the publication file (its own schema, then the
 * filter values); NULL with diagnostics naming path:line on error. */
GPD_EXPORT gpd_publication *gpd_publication_load(const char *path, gpd_diag *diag);
GPD_EXPORT gpd_publication *gpd_publication_parse(const char *name,
	const char *data, size_t len, gpd_diag *diag);
GPD_EXPORT void gpd_publication_free(gpd_publication *pub);

/* A concrete edition to build: its selected records and where it goes. */
typedef struct gpd_edition {
	const gpd_edition_def *def;
	gpd_edition_kind kind;
	char *title;
	char *output;       /* relative to out/, no extension: "digests/london" */
	char *selection;    /* in words */
	char *authority;    /* handouts */
	const char *region; /* digests: the region label (static) */
	const gpd_record **recs; /* in load order; borrowed */
	size_t n;
} gpd_edition;

typedef struct gpd_plan {
	gpd_edition *items;
	size_t n;
} gpd_plan;

/* Expands the definitions against the records (drafts left out: a record
 * with an empty field every record needs, gpd_record.draft): one edition per plain
 * definition, one per region / authority (with records) for "each"
 * definitions. Output names are slugs that cannot leave out/, unique
 * (names of one "each" definition that slug alike get -2, -3 ... in
 * authority order). An output a plain definition declares is its own:
 * when an "each" definition makes the same name (a digest of London in
 * digests/ beside a declared digests/london), neither is moved; it is a
 * publication error at the declared edition, reported to diag. Empty
 * selections are kept with n == 0 for the caller to report. 0; -1 when
 * out of memory (not reported); -2 when an output is made twice
 * (reported). */
GPD_EXPORT int gpd_plan_make(const gpd_publication *pub,
	gpd_record *const *recs, size_t n, gpd_diag *diag, gpd_plan *out);
GPD_EXPORT void gpd_plan_free(gpd_plan *plan);

#endif
