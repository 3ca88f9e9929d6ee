/* date.c: dates without the clock: SOURCE_DATE_EPOCH, record dates as seconds, the date an edition carries, and dates written in a format the style chooses (no locale). */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/date.h"

#include <stdio.h>
#include <string.h>
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

/* ---- dates as a reader expects them ---- */

static const char *const months[12] = {"January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December"};

#define FORMAT_MAX 64

/* The conversion at fmt (after its '%'), and its length; 0 when none. */
static size_t conversion(const char *fmt)
{
	static const char *const known[] = {"-d", "-m", "d", "m", "B", "b", "Y", "%"};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strncmp(fmt, known[i], strlen(known[i])) == 0)
			return strlen(known[i]);
	return 0;
}

int gpd_date_format_ok(const char *fmt)
{
	if (fmt == NULL || strlen(fmt) > FORMAT_MAX)
		return 0;
	for (const char *s = fmt; *s; s++) {
		size_t k;
		if (*s != '%')
			continue;
		if ((k = conversion(s + 1)) == 0)
			return 0;
		s += k;
	}
	return 1;
}

/* Year, month and day of a strict YYYY-MM-DD, or -1. */
static int parse(const char *iso, int *y, int *m, int *d)
{
	if (iso == NULL || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
			return -1;
	*y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
	*m = (iso[5] - '0') * 10 + (iso[6] - '0');
	*d = (iso[8] - '0') * 10 + (iso[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 ? 0 : -1;
}

char *gpd_date_format(const char *iso, const char *fmt, char *buf, size_t n)
{
	int y, m, d;
	size_t o = 0;

	if (n == 0)
		return buf;
	if (parse(iso, &y, &m, &d) != 0 || !gpd_date_format_ok(fmt)) {
		snprintf(buf, n, "%s", iso ? iso : "");
		return buf;
	}
	buf[0] = '\0';
	for (const char *s = fmt; *s && o + 1 < n; s++) {
		char piece[16];
		size_t k;

		if (*s != '%') {
			buf[o++] = *s;
			buf[o] = '\0';
			continue;
		}
		k = conversion(s + 1);
		switch (s[k]) {
		case 'd': snprintf(piece, sizeof piece, k == 2 ? "%d" : "%02d", d); break;
		case 'm': snprintf(piece, sizeof piece, k == 2 ? "%d" : "%02d", m); break;
		case 'B': snprintf(piece, sizeof piece, "%s", months[m - 1]); break;
		case 'b': snprintf(piece, sizeof piece, "%.3s", months[m - 1]); break;
		case 'Y': snprintf(piece, sizeof piece, "%04d", y); break;
		default: snprintf(piece, sizeof piece, "%%"); break;
		}
		o += (size_t)snprintf(buf + o, n - o, "%s", piece);
		if (o >= n)
			o = n - 1;
		s += k;
	}
	return buf;
}
