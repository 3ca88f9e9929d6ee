/* lint.h: the semantic rules a schema cannot express, reported through the diagnostics table. */
#ifndef GPDIGEST_LINT_H
#define GPDIGEST_LINT_H

#include <stddef.h>

#include "gpdigest/catalogue.h"
#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/record.h"

/* Checks one record; cat may be NULL (then no catalogue check). Counts the
 * record's warnings into rec->nwarnings. Returns the number of errors. */
GPD_EXPORT size_t gpd_lint_record(gpd_record *rec, const gpd_catalogue *cat,
	gpd_diag *diag);

/* Is id one the publications keep for their own sections' anchors and
 * pages (contents, index, region-..., ...)? Such a record is a
 * reserved-id error. */
GPD_EXPORT int gpd_lint_id_reserved(const char *id);

/* Checks rules across records (duplicate ids; one authority spelled two
 * ways, respelled as gpd_authority_unify says); records keep their order.
 * Of each record it reads only what gpd_record_drop_content keeps.
 * Returns the number of errors; -1 when out of memory (reported). */
GPD_EXPORT long gpd_lint_corpus(gpd_record *const *recs, size_t n,
	gpd_diag *diag);

#endif
