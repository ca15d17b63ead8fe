/*
 * Calendar checks and RFC 3339 parsing without the C library's locale or
 * time zone (timegm-style arithmetic on the proleptic Gregorian calendar).
 */
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Parse "YYYY-MM-DD" at s (exactly 10 characters). */
static int date_parts(const char *s, int *y, int *m, int *d)
{
	if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) ||
	    s[7] != '-' || !digits(s + 8, 2, d))
		return 0;
	return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= days_in_month(*y, *m);
}

int mc__date_valid(const char *s)
{
	int y, m, d;

	return strlen(s) == 10 && date_parts(s, &y, &m, &d);
}

int mc__timestamp_valid(const char *s)
{
	long long t;

	return strlen(s) == 20 && s[19] == 'Z' &&
	       mc__timestamp_parse(s, &t) == 0;
}

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int mc__timestamp_parse(const char *s, long long *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p;

	if (strlen(s) < 20 || !date_parts(s, &y, &mo, &d) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec) || h > 23 || mi > 59 || sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (!digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL +
	       sec - sign * (oh * 3600LL + om * 60LL);
	return 0;
}

long long mc__now(void)
{
#ifdef MC_TEST_CLOCK
	const char *fixed = getenv("MICROCRED_TEST_NOW");
	long long t;
	char *end;

	if (fixed && *fixed) {
		if (mc__timestamp_parse(fixed, &t) == 0)
			return t;
		t = strtoll(fixed, &end, 10);
		if (!*end)
			return t;
	}
#endif
	return (long long)time(NULL);
}

void mc__timestamp_format(char out[21], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}
