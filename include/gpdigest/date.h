/* date.h: dates without the clock (SOURCE_DATE_EPOCH, record dates, the date an edition carries), written as a reader expects them ("23 November 2026"). */
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

/* The long UK form: day without a leading zero, the month's name, the year. */
#define GPD_DATE_FORMAT_DEFAULT "%-d %B %Y"
/* Room for any date a valid format makes (the format's own text included). */
#define GPD_DATE_MAX 128

/* True when fmt is a date format: text, with %d (day, two digits), %-d
 * (day), %m (month, two digits), %-m (month), %B (month's English name),
 * %b (its first three letters), %Y (year) and %% (a percent sign); at most
 * 64 bytes. */
GPD_EXPORT int gpd_date_format_ok(const char *fmt);

/* Writes the date iso (YYYY-MM-DD) in format fmt into buf (n bytes, cut if
 * need be; always terminated when n > 0). A date that is not YYYY-MM-DD,
 * or fmt NULL or not a format, is copied as it is. Returns buf. */
GPD_EXPORT char *gpd_date_format(const char *iso, const char *fmt, char *buf, size_t n);

#endif
