/* build.h: the build: records and templates in, every declared edition out, incrementally and atomically. */
#ifndef GPDIGEST_BUILD_H
#define GPDIGEST_BUILD_H

#include "gpdigest/diag.h"
#include "gpdigest/edition.h"
#include "gpdigest/export.h"

enum {
	GPD_OUTPUT_MD = 1,
	GPD_OUTPUT_PDF = 2,
	GPD_OUTPUT_HTML = 4 /* a folder of pages per edition (html.h) */
};

typedef struct gpd_build_opts {
	const char *records;    /* folder (or file) of records */
	const char *templates;  /* folder of templates, style, catalogue, publication */
	const char *out;        /* output folder */
	unsigned formats;       /* GPD_OUTPUT_* bits */
	int check;              /* compare with out/ instead of writing */
	int force;              /* rebuild even what is current */
	int quiet;              /* no summary line */
	int progress;           /* a progress line on stderr (a terminal) */
	int jobs;               /* editions built at once, >= 1 */
	int wait;               /* wait for another build's lock instead of failing */
	const gpd_filter *adhoc; /* non-NULL: one ad-hoc edition of this selection */
	const char *source_date_epoch; /* SOURCE_DATE_EPOCH's value, or NULL */
} gpd_build_opts;

/* Runs a build (or a check). Returns the exit status: 0 done (or current);
 * 1 invalid records, an empty selection, or (check) stale outputs; 2 usage,
 * I/O or memory errors. Everything is reported through diag. */
GPD_EXPORT int gpd_build(const gpd_build_opts *o, gpd_diag *diag);

#endif
