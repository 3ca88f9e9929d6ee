/* catalogue.h: the standards catalogue: known criterion numbers, grouped by Standard, titles optional. */
#ifndef GPDIGEST_CATALOGUE_H
#define GPDIGEST_CATALOGUE_H

#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/record.h"

#define GPD_CATALOGUE_NS "urn:x-gpdigest:standards"

typedef struct gpd_catalogue gpd_catalogue;

/* Loads the catalogue file (see templates/standards.xml). NULL on error,
 * with the reasons reported against path. Free with gpd_catalogue_free. */
GPD_EXPORT gpd_catalogue *gpd_catalogue_load(const char *path, gpd_diag *diag);

/* The same from bytes in memory (name labels diagnostics). */
GPD_EXPORT gpd_catalogue *gpd_catalogue_parse(const char *name,
	const char *data, size_t len, gpd_diag *diag);

GPD_EXPORT void gpd_catalogue_free(gpd_catalogue *cat);

/* True when the criterion is listed. */
GPD_EXPORT int gpd_catalogue_has(const gpd_catalogue *cat, gpd_criterion c);

/* The editor's titles, or NULL where none is given (titles are never
 * invented). Owned by the catalogue. */
GPD_EXPORT const char *gpd_catalogue_criterion_title(const gpd_catalogue *cat,
	gpd_criterion c);
GPD_EXPORT const char *gpd_catalogue_standard_title(const gpd_catalogue *cat,
	unsigned standard);

#endif
