/* date.c: dates without the clock: SOURCE_DATE_EPOCH, record dates as seconds, and the date an edition carries. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/date.h"

#include <stdio.h>
#include <time.h>

int gpd_parse_epoch(const char *text, long long *out)
{
	long long v = 0;

	if (text == NULL || *text == '\0')
		return -1;
	for (const char *s = text; *s; s++) {
		if (*s < '0' || *s > '9' || v > 253402300799LL / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v > 253402300799LL)
		return -1;
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm):
 * no timegm(), no time zone, no locale. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

long long gpd_date_epoch(const char *date)
{
	int y, m, d;

	if (date == NULL || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31 || y < 1970)
		return -1;
	return days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
}

void gpd_epoch_date(long long epoch, char *buf, size_t n)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		snprintf(buf, n, "1970-01-01");
	else
		/* the ranges are what gmtime gives; saying so keeps -O2's
		 * truncation analysis quiet */
		snprintf(buf, n, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
			(unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

/* The edition date: SOURCE_DATE_EPOCH when set, else the newest received
 * date of its records; never the clock. */
long long gpd_edition_epoch(const char *source_date_epoch,
	const gpd_record *const *recs, size_t n)
{
	long long best = 0, v;

	if (source_date_epoch != NULL && gpd_parse_epoch(source_date_epoch, &v) == 0)
		return v;
	for (size_t i = 0; i < n; i++)
		if ((v = gpd_date_epoch(recs[i]->received)) > best)
			best = v;
	return best;
}
