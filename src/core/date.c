/* date.c: ISO dates written the way a reader expects them, in a format the style chooses; no locale, no clock. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/date.h"

#include <stdio.h>
#include <string.h>

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
