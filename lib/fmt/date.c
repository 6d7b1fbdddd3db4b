/*
 * date.c: dates, times, weeks and months, and "now"; see date.h.
 *
 * Day numbers use the days-from-civil and civil-from-days algorithms
 * (H. Hinnant), proleptic Gregorian, exact for negative numbers too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "base/opt.h"
#include "fmt/date.h"

#define SECS_PER_DAY	86400LL
/*
 * Longest piece of a bad input quoted in a message.  Dates show the raw
 * bytes through %.*s, not text_quote(): their messages, as tested, keep
 * a cut-off character as its bytes and end at a NUL, unescaped.
 */
#define QUOTE_MAX	64
/* Excel's largest serial day number, 9999-12-31. */
#define SERIAL_MAX	2958465

static const char ZH_YEAR[] = "年";
static const char ZH_MONTH[] = "月";
static const char ZH_DAY[] = "日";
static const char ZH_AM[] = "上午";
static const char ZH_PM[] = "下午";

static int	qlen(size_t);
static long long floordiv(long long, long long);
static size_t	count_digits(const char *, size_t, size_t);
static int	digits_value(const char *, size_t);
static int	match(const char *, size_t, size_t *, const char *);
static void	trim(const char **, size_t *);
static int	scan_date(const char *, size_t, size_t *, int *, int *, int *);
static int	scan_clock(const char *, size_t, int *);
static int	scan_time(const char *, size_t, int *);
static int	scan_serial(const char *, size_t, long *);
static int	parse_date(const char *, size_t, unsigned, int *, char *);
static int	week_anchor(enum week_rule);

/* How much of an input of length n to quote in a message. */
static int
qlen(size_t n)
{
	return n > QUOTE_MAX ? QUOTE_MAX : (int)n;
}

/* Division rounding toward minus infinity, for times before 1970. */
static long long
floordiv(long long a, long long b)
{
	long long q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

/* The number of ASCII digits in s[i..len). */
static size_t
count_digits(const char *s, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && s[i + n] >= '0' && s[i + n] <= '9')
		n++;
	return n;
}

/* The value of n (at most 9) digits. */
static int
digits_value(const char *s, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* If s[*i..len) starts with lit, step over it and return 1. */
static int
match(const char *s, size_t len, size_t *i, const char *lit)
{
	size_t n = strlen(lit);

	if (len - *i < n || memcmp(s + *i, lit, n) != 0)
		return 0;
	*i += n;
	return 1;
}

/*
 * Spaces and tabs only, not text_trim()'s wider set: a line break or a
 * no-break space around a date stays an error, as it always has been.
 */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/*
 * Scan a date at the start of s: YYYY-M-D with "-", "/" or "." (the
 * same one twice), YYYY年M月D[日], or YYYYMMDD.  The fields are not
 * checked; *used is how far the date reaches.  -1 if there is none.
 */
static int
scan_date(const char *s, size_t len, size_t *used, int *y, int *m, int *d)
{
	size_t i, n;
	char sep;

	n = count_digits(s, len, 0);
	if (n == 8) {
		*y = digits_value(s, 4);
		*m = digits_value(s + 4, 2);
		*d = digits_value(s + 6, 2);
		*used = 8;
		return 0;
	}
	if (n != 4)
		return -1;
	*y = digits_value(s, 4);
	i = 4;
	if (i < len && (s[i] == '-' || s[i] == '/' || s[i] == '.'))
		sep = s[i++];
	else if (match(s, len, &i, ZH_YEAR))
		sep = 'Y';
	else
		return -1;

	n = count_digits(s, len, i);
	if (n < 1 || n > 2)
		return -1;
	*m = digits_value(s + i, n);
	i += n;
	if (sep == 'Y') {
		if (!match(s, len, &i, ZH_MONTH))
			return -1;
	} else if (i < len && s[i] == sep)
		i++;
	else
		return -1;

	n = count_digits(s, len, i);
	if (n < 1 || n > 2)
		return -1;
	*d = digits_value(s + i, n);
	i += n;
	if (sep == 'Y')
		(void)match(s, len, &i, ZH_DAY);
	*used = i;
	return 0;
}

/*
 * Scan a time of day, all of s: [上午|下午][spaces]H[H]:MM[:SS], as a
 * spreadsheet saves it (LibreOffice: "下午 2:05").  -1 unless it is
 * exactly that.
 */
static int
scan_clock(const char *s, size_t len, int *secs)
{
	size_t i = 0, n;
	int h, m, sec = 0, half = 0;

	if (match(s, len, &i, ZH_AM))
		half = 1;
	else if (match(s, len, &i, ZH_PM))
		half = 2;
	while (half != 0 && i < len && s[i] == ' ')
		i++;
	n = count_digits(s, len, i);
	if (n < 1 || n > 2)
		return -1;
	h = digits_value(s + i, n);
	i += n;
	if (i >= len || s[i++] != ':' || count_digits(s, len, i) != 2)
		return -1;
	m = digits_value(s + i, 2);
	i += 2;
	if (i < len) {
		if (s[i++] != ':' || count_digits(s, len, i) != 2)
			return -1;
		sec = digits_value(s + i, 2);
		i += 2;
	}
	if (i != len || h > 23 || m > 59 || sec > 59)
		return -1;
	/* 上午 12:05 is 00:05, 下午 2:05 is 14:05; 下午 14:05 is refused. */
	if (half != 0 && (h < 1 || h > 12))
		return -1;
	if (half == 1 && h == 12)
		h = 0;
	else if (half == 2 && h < 12)
		h += 12;
	*secs = h * 3600 + m * 60 + sec;
	return 0;
}

/*
 * Scan what follows a date as a time of day: "T" or spaces, then a
 * time of day (scan_clock), and nothing more.
 */
static int
scan_time(const char *s, size_t len, int *secs)
{
	size_t i = 0;

	if (len > 0 && s[0] == 'T')
		i = 1;
	else {
		while (i < len && s[i] == ' ')
			i++;
		if (i == 0)
			return -1;
	}
	return scan_clock(s + i, len - i, secs);
}

/*
 * An Excel serial day number, digits with an optional fraction (the
 * time of day, dropped).  -1 if s is not of that shape; the number is
 * not range-checked beyond fitting a long.
 */
static int
scan_serial(const char *s, size_t len, long *serial)
{
	size_t n, f;

	n = count_digits(s, len, 0);
	if (n == 0)
		return -1;
	if (n < len) {
		if (s[n] != '.')
			return -1;
		f = count_digits(s, len, n + 1);
		if (f == 0 || n + 1 + f != len)
			return -1;
	}
	/* Leading zeros aside, more than 9 digits is out of range anyway. */
	while (n > 1 && *s == '0') {
		s++;
		n--;
	}
	*serial = n > 9 ? SERIAL_MAX + 1L : digits_value(s, n);
	return 0;
}

/*
 * date_parse, telling the kinds of failure apart: -1 when the input is
 * not shaped like a date, -2 when it is but names no real day.
 */
static int
parse_date(const char *s, size_t len, unsigned flags, int *day, char *err)
{
	size_t used;
	long serial;
	int y, m, d, secs;

	trim(&s, &len);
	if (len == 0) {
		fu_seterr(err, "empty date");
		return -1;
	}
	if ((flags & DATE_SERIAL) && count_digits(s, len, 0) != 8 &&
	    scan_serial(s, len, &serial) == 0) {
		if (serial < 1 || serial > SERIAL_MAX) {
			fu_seterr(err, "serial day %.*s out of range",
			    qlen(len), s);
			return -2;
		}
		/* Excel's 1900 system counts a 1900-02-29 that never was. */
		if (serial == 60) {
			fu_seterr(err, "serial day 60 is Excel's 1900-02-29, "
			    "not a date");
			return -2;
		}
		if (serial < 60)
			*day = date_from_ymd(1899, 12, 31) + (int)serial;
		else
			*day = date_from_ymd(1899, 12, 30) + (int)serial;
		return 0;
	}
	if (scan_date(s, len, &used, &y, &m, &d) == -1 ||
	    (used < len && (!(flags & DATE_TIME_OK) ||
	    scan_time(s + used, len - used, &secs) == -1))) {
		fu_seterr(err, "\"%.*s\" is not a date", qlen(len), s);
		return -1;
	}
	if (y < 1900) {
		fu_seterr(err, "year before 1900: %.*s", qlen(len), s);
		return -2;
	}
	if (!date_valid_ymd(y, m, d)) {
		fu_seterr(err, "no such day: %.*s", qlen(len), s);
		return -2;
	}
	*day = date_from_ymd(y, m, d);
	return 0;
}

int
date_from_ymd(int y, int m, int d)
{
	long long yy, era, yoe, doy, doe;

	yy = (long long)y - (m <= 2);
	era = floordiv(yy, 400);
	yoe = yy - era * 400;
	doy = (153LL * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int)(era * 146097 + doe - 719468);
}

int
date_valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= date_days_in_month(y, m);
}

void
date_to_ymd(int day, int *y, int *m, int *d)
{
	long long z, era, doe, yoe, doy, mp;

	z = (long long)day + 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
date_weekday(int day)
{
	/* Day 0, 1970-01-01, was a Thursday. */
	return (int)((day % 7 + 7 + 3) % 7) + 1;
}

int
date_days_in_month(int y, int m)
{
	static const int dim[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

int
date_parse(const char *s, size_t len, unsigned flags, int *day, char *err)
{
	int y, m, d;

	/* The usual YYYY-MM-DD, straight through. */
	if (len == 10 && s[4] == '-' && s[7] == '-' &&
	    s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
	    s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
	    s[5] >= '0' && s[5] <= '9' && s[6] >= '0' && s[6] <= '9' &&
	    s[8] >= '0' && s[8] <= '9' && s[9] >= '0' && s[9] <= '9') {
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[5] - '0') * 10 + (s[6] - '0');
		d = (s[8] - '0') * 10 + (s[9] - '0');
		if (date_valid_ymd(y, m, d)) {
			*day = date_from_ymd(y, m, d);
			return 0;
		}
	}
	return parse_date(s, len, flags, day, err) == 0 ? 0 : -1;
}

void
date_format(int day, char *buf)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
		return;
	}
	/* By hand, not snprintf: this runs for every row of an import. */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int
time_parse(const char *s, size_t len, unsigned flags, long long *t,
    char *err)
{
	size_t used;
	int y, m, d, secs = 0;

	trim(&s, &len);
	if (len == 0) {
		fu_seterr(err, "empty time");
		return -1;
	}
	if (scan_date(s, len, &used, &y, &m, &d) == -1 ||
	    (used < len && scan_time(s + used, len - used, &secs) == -1)) {
		fu_seterr(err, "\"%.*s\" is not a time", qlen(len), s);
		return -1;
	}
	if (used == len && !(flags & TIME_DATE_OK)) {
		fu_seterr(err, "\"%.*s\" has no time of day", qlen(len), s);
		return -1;
	}
	if (!date_valid_ymd(y, m, d)) {
		fu_seterr(err, "no such day: %.*s", qlen(len), s);
		return -1;
	}
	*t = date_from_ymd(y, m, d) * SECS_PER_DAY + secs;
	return 0;
}

void
time_format(long long t, char *buf)
{
	unsigned secs;
	int day, y, m, d;

	day = time_day(t);
	/* The modulo tells the compiler the fields' widths. */
	secs = (unsigned)(t - day * SECS_PER_DAY) % 86400;
	date_to_ymd(day, &y, &m, &d);
	if (y >= 0 && y <= 9999) {
		/* By hand, not snprintf: a log has millions of these. */
		date_format(day, buf);
		buf[10] = 'T';
		buf[11] = (char)('0' + secs / 36000);
		buf[12] = (char)('0' + secs / 3600 % 10);
		buf[13] = ':';
		buf[14] = (char)('0' + secs / 600 % 6);
		buf[15] = (char)('0' + secs / 60 % 10);
		buf[16] = '\0';
		if (secs % 60 != 0) {
			buf[16] = ':';
			buf[17] = (char)('0' + secs % 60 / 10);
			buf[18] = (char)('0' + secs % 10);
			buf[19] = '\0';
		}
		return;
	}
	if (secs % 60 != 0)
		snprintf(buf, 20, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d,
		    secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, 20, "%04d-%02d-%02dT%02d:%02d", y, m, d,
		    secs / 3600, secs / 60 % 60);
}

int
time_day(long long t)
{
	return (int)floordiv(t, SECS_PER_DAY);
}

int
time_minute_of_day(long long t)
{
	return (int)((t - time_day(t) * SECS_PER_DAY) / 60);
}

int
clock_parse(const char *s, int *minutes, char *err)
{
	size_t len = strlen(s), n;
	int h, m;

	n = count_digits(s, len, 0);
	if (n < 1 || n > 2 || s[n] != ':' || count_digits(s, len, n + 1) != 2 ||
	    n + 3 != len) {
		fu_seterr(err, "\"%.*s\" is not a time of day (HH:MM)",
		    qlen(len), s);
		return -1;
	}
	h = digits_value(s, n);
	m = digits_value(s + n + 1, 2);
	if (h > 23 || m > 59) {
		fu_seterr(err, "no such time of day: %s", s);
		return -1;
	}
	*minutes = h * 60 + m;
	return 0;
}

int
tod_parse(const char *s, size_t len, int *secs, char *err)
{
	trim(&s, &len);
	if (scan_clock(s, len, secs) == -1) {
		fu_seterr(err, "\"%.*s\" is not a time of day (HH:MM)",
		    qlen(len), s);
		return -1;
	}
	return 0;
}

long long
time_next_tod(long long now, int secs)
{
	long long t = time_day(now) * SECS_PER_DAY + secs;

	return t >= now ? t : t + SECS_PER_DAY;
}

int
fu_now(const char *opt, const char *env, long long *now, char *err)
{
	const char *src, *val;
	struct tm tm;
	time_t t;

	if (opt != NULL) {
		src = "--now";
		val = opt;
	} else if (env != NULL && *env != '\0') {
		src = "FU_NOW";
		val = env;
	} else {
		/* The naive local wall clock, as times are kept in the log. */
		t = time(NULL);
		if (localtime_r(&t, &tm) == NULL) {
			fu_seterr(err, "cannot read the clock");
			return -1;
		}
		*now = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday) * SECS_PER_DAY + tm.tm_hour * 3600 +
		    tm.tm_min * 60 + (tm.tm_sec > 59 ? 59 : tm.tm_sec);
		return 0;
	}
	if (time_parse(val, strlen(val), TIME_DATE_OK, now, NULL) == -1) {
		fu_seterr(err, "%s: \"%.*s\" is not a date or time", src,
		    qlen(strlen(val)), val);
		return -1;
	}
	return 0;
}

/*
 * The day of the week (0 Monday .. 6 Sunday) whose month a week
 * belongs to under a rule.
 */
static int
week_anchor(enum week_rule rule)
{
	return rule == WEEK_FIRST_DAY ? 6 : 3;
}

void
week_of(int day, enum week_rule rule, struct week *w)
{
	struct month m;
	int y, mo, d;

	w->monday = day - (date_weekday(day) - 1);
	date_to_ymd(w->monday + week_anchor(rule), &y, &mo, &d);
	m.year = y;
	m.month = mo;
	w->year = y;
	w->month = mo;
	w->n = (w->monday - month_first_monday(&m, rule)) / 7 + 1;
}

int
week_parse(const char *s, enum week_rule rule, struct week *w, char *err)
{
	const char *p = s;
	size_t len = strlen(s), n, i;
	struct month m;
	int day, wn, nweeks;

	trim(&p, &len);
	/* YYYY-M[M]-Wn is a week; anything else must be a date. */
	n = count_digits(p, len, 5);
	i = 5 + n;
	if (len > i + 1 && count_digits(p, len, 0) == 4 && p[4] == '-' &&
	    n >= 1 && n <= 2 && p[i] == '-' &&
	    (p[i + 1] == 'W' || p[i + 1] == 'w')) {
		m.year = digits_value(p, 4);
		m.month = digits_value(p + 5, n);
		n = count_digits(p, len, i + 2);
		if (n < 1 || n > 2 || i + 2 + n != len) {
			fu_seterr(err, "\"%.*s\" is not a week (YYYY-MM-Wn)",
			    qlen(len), p);
			return -1;
		}
		wn = digits_value(p + i + 2, n);
		if (m.year < 1900 || m.month < 1 || m.month > 12) {
			fu_seterr(err, "no such month: %.*s", qlen(len), p);
			return -1;
		}
		nweeks = month_weeks(&m, rule);
		if (wn < 1 || wn > nweeks) {
			fu_seterr(err, "no such week: %.*s (%04d-%02d has %d "
			    "weeks)", qlen(len), p, m.year, m.month, nweeks);
			return -1;
		}
		w->monday = month_first_monday(&m, rule) + (wn - 1) * 7;
		w->year = m.year;
		w->month = m.month;
		w->n = wn;
		return 0;
	}
	switch (parse_date(p, len, 0, &day, err)) {
	case 0:
		week_of(day, rule, w);
		return 0;
	case -1:
		fu_seterr(err, "\"%.*s\" is not a week (YYYY-MM-Wn) or a date",
		    qlen(len), p);
		break;
	}
	return -1;
}

void
week_next(const struct week *w, enum week_rule rule, struct week *out)
{
	week_of(w->monday + 7, rule, out);
}

void
week_prev(const struct week *w, enum week_rule rule, struct week *out)
{
	week_of(w->monday - 7, rule, out);
}

void
week_format(const struct week *w, char *buf)
{
	snprintf(buf, 16, "%04d-%02d-W%d", w->year, w->month, w->n);
}

void
week_label_zh(const struct week *w, char *buf)
{
	snprintf(buf, 32, "%d月第%d周", w->month, w->n);
}

int
month_first_monday(const struct month *m, enum week_rule rule)
{
	int first, anchor;

	first = month_first_day(m);
	/*
	 * The first week is the one whose anchor day (Thursday or Sunday)
	 * is the first such day of the month.
	 */
	anchor = first + (week_anchor(rule) + 1 - date_weekday(first) + 7) % 7;
	return anchor - week_anchor(rule);
}

int
month_weeks(const struct month *m, enum week_rule rule)
{
	struct month next;

	month_next(m, &next);
	return (month_first_monday(&next, rule) -
	    month_first_monday(m, rule)) / 7;
}

void
month_of(int day, struct month *m)
{
	int d;

	date_to_ymd(day, &m->year, &m->month, &d);
}

int
month_parse(const char *s, struct month *m, char *err)
{
	const char *p = s;
	size_t len = strlen(s), i, n;
	int y, mo, zh = 0;

	trim(&p, &len);
	if (count_digits(p, len, 0) != 4)
		goto bad;
	y = digits_value(p, 4);
	i = 4;
	if (i < len && (p[i] == '-' || p[i] == '/'))
		i++;
	else if (match(p, len, &i, ZH_YEAR))
		zh = 1;
	else
		goto bad;
	n = count_digits(p, len, i);
	if (n < 1 || n > 2)
		goto bad;
	mo = digits_value(p + i, n);
	i += n;
	if (zh && !match(p, len, &i, ZH_MONTH))
		goto bad;
	if (i != len)
		goto bad;
	if (y < 1900 || mo < 1 || mo > 12) {
		fu_seterr(err, "no such month: %.*s", qlen(len), p);
		return -1;
	}
	m->year = y;
	m->month = mo;
	return 0;
bad:
	fu_seterr(err, "\"%.*s\" is not a month (YYYY-MM)", qlen(len), p);
	return -1;
}

void
month_next(const struct month *m, struct month *out)
{
	*out = *m;
	if (++out->month > 12) {
		out->month = 1;
		out->year++;
	}
}

void
month_prev(const struct month *m, struct month *out)
{
	*out = *m;
	if (--out->month < 1) {
		out->month = 12;
		out->year--;
	}
}

int
month_first_day(const struct month *m)
{
	return date_from_ymd(m->year, m->month, 1);
}

int
month_last_day(const struct month *m)
{
	return date_from_ymd(m->year, m->month,
	    date_days_in_month(m->year, m->month));
}

void
month_format(const struct month *m, char *buf)
{
	snprintf(buf, 8, "%04d-%02d", m->year, m->month);
}

void
month_label_zh(const struct month *m, char *buf)
{
	snprintf(buf, 16, "%d月", m->month);
}

int
week_select(const char *weekarg, int last, int next, long long now,
    enum week_rule rule, struct week *w, char *err)
{
	struct week cur;

	if (weekarg != NULL)
		return week_parse(weekarg, rule, w, err);
	if (last && next) {
		fu_seterr(err, "the last week and the next week at once");
		return -1;
	}
	week_of(time_day(now), rule, &cur);
	if (last)
		week_prev(&cur, rule, w);
	else if (next)
		week_next(&cur, rule, w);
	else
		*w = cur;
	return 0;
}

int
month_select(const char *montharg, int last, long long now, struct month *m,
    char *err)
{
	struct month cur;

	if (montharg != NULL)
		return month_parse(montharg, m, err);
	month_of(time_day(now), &cur);
	if (last)
		month_prev(&cur, m);
	else
		*m = cur;
	return 0;
}

long long
fu_now_or_exit(const struct opt_usage *prog, const char *opt,
    const char *env)
{
	char err[FU_ERRBUF];
	long long now;

	if (fu_now(opt, env, &now, err) == -1) {
		if (opt != NULL)
			opt_usage_errx(prog, "%s", err);
		fu_errx(FU_EXIT_FATAL, "%s", err);
	}
	return now;
}
