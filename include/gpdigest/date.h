/* date.h: dates without the clock: SOURCE_DATE_EPOCH, record dates, and the date an edition carries. */
#ifndef GPDIGEST_DATE_H
#define GPDIGEST_DATE_H

#include <stddef.h>

#include "gpdigest/export.h"
#include "gpdigest/record.h"

/* Parses a SOURCE_DATE_EPOCH value (decimal seconds, 0 .. year 9999).
 * 0 on success, -1 when malformed. */
GPD_EXPORT int gpd_parse_epoch(const char *text, long long *out);

/* "YYYY-MM-DD" of an epoch (UTC) into buf (at least 11 bytes). */
GPD_EXPORT void gpd_epoch_date(long long epoch, char *buf, size_t n);

/* Seconds at 00:00 UTC of a "YYYY-MM-DD..." date; -1 when malformed. */
GPD_EXPORT long long gpd_date_epoch(const char *date);

/* An edition's date as seconds: source_date_epoch (SOURCE_DATE_EPOCH's
 * value) when it is set and well formed, else the newest received date
 * of the n records; never the clock, so the same inputs give the same
 * bytes. */
GPD_EXPORT long long gpd_edition_epoch(const char *source_date_epoch,
	const gpd_record *const *recs, size_t n);

#endif
