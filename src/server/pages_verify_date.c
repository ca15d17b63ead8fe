/*
 * Dates on the verify page, as the reader's language writes them: the
 * catalogue's "date.format" ("{day} {month} {year}") with the month's name
 * "date.month.N" (the form a date uses: Ukrainian "грудня", not
 * "грудень"), and "date.time_format" ("{date}, {time} UTC") for a time.
 * Times are shown in UTC, said so, as a reader anywhere reads them alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "pages_verify.h"

/* A date-time in UTC, and the date as written (the writer's own day). */
struct when {
	long year;
	int month, day, hour, minute, second;
	int has_time;
	long written_year;
	int written_month, written_day;
};

/* `n` digits at `s` as a number into *out; 0, or -1 when not digits. */
static int digits(const char *s, int n, long *out)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(long y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's
 * algorithms), for moving a time with an offset to UTC. */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, struct when *w)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	w->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	w->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	w->year = yoe + era * 400 + (w->month <= 2);
}

/*
 * Parse "YYYY-MM-DD", optionally followed by "THH:MM[:SS[.frac]]" and
 * "Z" or "+HH:MM" / "-HH:MM" (no offset: UTC), into *w in UTC.  0, or -1
 * when `s` is not such a date.
 */
static int parse(const char *s, struct when *w)
{
	long y, mo, d, h = 0, mi = 0, se = 0, oh, om;
	long minutes, days;
	size_t i = 10;

	memset(w, 0, sizeof(*w));
	if (strlen(s) < 10 || digits(s, 4, &y) < 0 || s[4] != '-' ||
	    digits(s + 5, 2, &mo) < 0 || s[7] != '-' ||
	    digits(s + 8, 2, &d) < 0 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, (int)mo))
		return -1;
	w->year = w->written_year = y;
	w->month = w->written_month = (int)mo;
	w->day = w->written_day = (int)d;
	if (!s[i])
		return 0;
	if ((s[i] != 'T' && s[i] != 't' && s[i] != ' ') ||
	    digits(s + i + 1, 2, &h) < 0 || s[i + 3] != ':' ||
	    digits(s + i + 4, 2, &mi) < 0 || h > 23 || mi > 59)
		return -1;
	i += 6;
	if (s[i] == ':') {
		if (digits(s + i + 1, 2, &se) < 0 || se > 60)
			return -1;
		i += 3;
		if (s[i] == '.') {
			for (i++; s[i] >= '0' && s[i] <= '9'; i++)
				;
		}
	}
	minutes = h * 60 + mi;
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		if (digits(s + i + 1, 2, &oh) < 0 || s[i + 3] != ':' ||
		    digits(s + i + 4, 2, &om) < 0 || oh > 23 || om > 59)
			return -1;
		minutes -= (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
		i += 6;
	}
	if (s[i])
		return -1;
	/* Minutes since the epoch, in UTC, split into days and minutes
	 * (flooring: an offset may move the time to the day before). */
	minutes += days_from_civil(y, (int)mo, (int)d) * 1440;
	days = minutes >= 0 ? minutes / 1440 : -((1439 - minutes) / 1440);
	minutes -= days * 1440;
	civil_from_days(days, w);
	w->hour = (int)(minutes / 60);
	w->minute = (int)(minutes % 60);
	w->second = (int)se;
	w->has_time = 1;
	return 0;
}

const char *srv__verify_date(srv_req *req, const char *value,
			     enum srv__date_style style)
{
	static const char *const names[] = {"day", "month", "year"};
	const char *values[3], *date;
	char key[24], day[16], year[24], time[24];
	const char *tn[] = {"date", "time"}, *tv[2];
	struct when w;

	if (!value || parse(value, &w) < 0)
		return value;
	if (style == SRV__DATE_ONLY) {
		w.year = w.written_year;
		w.month = w.written_month;
		w.day = w.written_day;
		w.has_time = 0;
	}
	snprintf(key, sizeof(key), "date.month.%d", w.month);
	snprintf(day, sizeof(day), "%d", w.day);
	snprintf(year, sizeof(year), "%ld", w.year);
	values[0] = day;
	values[1] = srv_t(req, key);
	values[2] = year;
	date =
	    srv__verify_fill(req, srv_t(req, "date.format"), names, values, 3);
	if (!w.has_time ||
	    (style == SRV__DATE_AUTO && !w.hour && !w.minute && !w.second))
		return date;
	snprintf(time, sizeof(time), "%02d:%02d", w.hour, w.minute);
	tv[0] = date;
	tv[1] = time;
	return srv__verify_fill(req, srv_t(req, "date.time_format"), tn, tv, 2);
}

const char *srv__verify_fill(srv_req *req, const char *text,
			     const char *const *names,
			     const char *const *values, size_t n)
{
	mc_check c = {0};
	char **params = NULL, *out;
	const char *copy;
	size_t i;

	if (n &&
	    !(params = srv_arena_alloc(req->arena, 2 * n * sizeof(*params))))
		return text;
	for (i = 0; i < n; i++) {
		/* mc_verify_render() only reads the parameters. */
		params[2 * i] = (char *)names[i];
		params[2 * i + 1] = (char *)values[i];
	}
	c.params = params;
	c.nparams = n;
	if (!(out = mc_verify_render(text, &c)))
		return text;
	copy = srv_arena_strdup(req->arena, out);
	free(out);
	return copy ? copy : text;
}
