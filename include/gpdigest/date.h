/* date.h: dates as a reader expects them ("23 November 2026"), from the ISO dates records and builds use. */
#ifndef GPDIGEST_DATE_H
#define GPDIGEST_DATE_H

#include <stddef.h>

#include "gpdigest/export.h"

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
