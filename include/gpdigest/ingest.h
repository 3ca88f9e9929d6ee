/* ingest.h: reading record files: hardened parse, schema validation, conversion to the model. */
#ifndef GPDIGEST_INGEST_H
#define GPDIGEST_INGEST_H

#include <stddef.h>

#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/record.h"

typedef struct gpd_ingest gpd_ingest;

/* A reader with the record schema compiled once; diagnostics go to diag
 * (borrowed, must outlive the reader). NULL when out of memory or the
 * built-in schema does not compile (reported). Free with gpd_ingest_free. */
GPD_EXPORT gpd_ingest *gpd_ingest_new(gpd_diag *diag);
GPD_EXPORT void gpd_ingest_free(gpd_ingest *in);

/* Where the reader's diagnostics go from now on (borrowed). A reader is
 * used by one thread at a time; readers on several threads run at once. */
GPD_EXPORT void gpd_ingest_set_diag(gpd_ingest *in, gpd_diag *diag);

/* Whether gpd_ingest_file fills each record's source_hash (on when the
 * reader is made): only a build compares them, so a check that builds
 * nothing turns it off. */
GPD_EXPORT void gpd_ingest_set_hash(gpd_ingest *in, int on);

/* Reads, validates and converts one record file. Returns the record (caller
 * frees with gpd_record_free) or NULL with the reasons reported. */
GPD_EXPORT gpd_record *gpd_ingest_file(gpd_ingest *in, const char *path);

/* The same for bytes in memory; name is what diagnostics call the input. */
GPD_EXPORT gpd_record *gpd_ingest_memory(gpd_ingest *in, const char *name,
	const char *data, size_t len);

#endif
