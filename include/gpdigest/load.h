/* load.h: gathering a set of records from files and folders: ingest, then lint. */
#ifndef GPDIGEST_LOAD_H
#define GPDIGEST_LOAD_H

#include <stddef.h>

#include "gpdigest/catalogue.h"
#include "gpdigest/diag.h"
#include "gpdigest/export.h"
#include "gpdigest/pool.h"
#include "gpdigest/record.h"

/* The records that ingested and validated, in path order. */
typedef struct gpd_records {
	gpd_record **items;
	size_t n;
	size_t failed; /* files that did not become records */
} gpd_records;

/* Reads every path: a file is one record; a folder contributes its *.xml
 * files (not recursive), sorted by name. Each record is validated and
 * linted (cat may be NULL), then duplicate ids are checked across all.
 * Records that fail are left out and reported. Returns 0, or -1 on a fatal
 * problem (unreadable path, out of memory). Free with gpd_records_free. */
GPD_EXPORT int gpd_load_records(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, gpd_diag *diag, gpd_records *out);

/* The same on a pool of jobs workers (0: one per core). These two leave
 * each record's source_hash 0: only a build compares them. */
GPD_EXPORT int gpd_load_records_jobs(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, size_t jobs, gpd_diag *diag, gpd_records *out);

/* The same on pool's workers (NULL: on the calling thread alone; the
 * above makes a pool of one worker per core); the records and diagnostics
 * do not depend on it. A build's load: it fills each source_hash. */
GPD_EXPORT int gpd_load_records_on(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, gpd_pool *pool, gpd_diag *diag, gpd_records *out);

GPD_EXPORT void gpd_records_free(gpd_records *recs);

/* Checks the records as gpd_load_records_jobs reads them, with the same
 * diagnostics, for a caller that wants those and not the records (validate):
 * each record's content is dropped as soon as it is linted, and the rest
 * (gpd_record_drop_content) freed once the checks across records have run.
 * *files: the files checked (records and files that are not). Returns 0,
 * or -1 on a fatal problem as gpd_load_records does (*files is then 0). */
GPD_EXPORT int gpd_check_records(const char *const *paths, size_t npaths,
	const gpd_catalogue *cat, size_t jobs, gpd_diag *diag, size_t *files);

/* The record files the same paths name, in the same order, without reading
 * them (for hashing inputs). Returns 0 or -1 (reported). */
typedef struct gpd_paths {
	char **items;
	size_t n, cap;
	unsigned long long bytes; /* the regular files' total size, from lstat */
} gpd_paths;

GPD_EXPORT int gpd_find_records(const char *const *paths, size_t npaths,
	gpd_paths *out, gpd_diag *diag);
GPD_EXPORT void gpd_paths_free(gpd_paths *p);

#endif
