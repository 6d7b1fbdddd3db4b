/* test_date: dates, times, weeks, months and "now" (lib/date.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/date.h"
#include "base/err.h"
#include "base/util.h"
#include "t.h"

static const char *dp(const char *, unsigned, char *);
static const char *dpn(const char *, size_t, unsigned, char *);
static const char *tp(const char *, unsigned, char *);
static const char *wp(const char *, enum week_rule, char *);
static const char *mp(const char *, char *);
static const char *wk(int, enum week_rule, char *);
static void	test_days(void);
static void	test_date_parse(void);
static void	test_serial(void);
static void	test_bounded(void);
static void	test_time(void);
static void	test_clock(void);
static void	test_tod(void);
static void	test_now(void);
static void	test_weeks(void);
static void	test_weeks_first_day(void);
static void	test_week_parse(void);
static void	test_months(void);
static void	test_select(void);
static void	test_round_trips(void);

#define D(y, m, d)	date_from_ymd((y), (m), (d))

/*
 * Parse a date and give it back formatted, or "ERR " and the message,
 * so one check compares both the result and the reason.
 */
static const char *
dpn(const char *s, size_t len, unsigned flags, char *buf)
{
	char err[FU_ERRBUF] = "";
	int day = 12345;

	if (date_parse(s, len, flags, &day, err) == -1) {
		snprintf(buf, FU_ERRBUF + 8, "ERR %s", err);
		return buf;
	}
	date_format(day, buf);
	return buf;
}

static const char *
dp(const char *s, unsigned flags, char *buf)
{
	return dpn(s, strlen(s), flags, buf);
}

static const char *
tp(const char *s, unsigned flags, char *buf)
{
	char err[FU_ERRBUF] = "";
	long long t;

	if (time_parse(s, strlen(s), flags, &t, err) == -1) {
		snprintf(buf, FU_ERRBUF + 8, "ERR %s", err);
		return buf;
	}
	time_format(t, buf);
	return buf;
}

/* A week as "2026-11-W3 2026-11-16 11月第3周", or "ERR ...". */
static const char *
wp(const char *s, enum week_rule rule, char *buf)
{
	char err[FU_ERRBUF] = "", f[16], m[11], zh[32];
	struct week w;

	if (week_parse(s, rule, &w, err) == -1) {
		snprintf(buf, FU_ERRBUF + 8, "ERR %s", err);
		return buf;
	}
	week_format(&w, f);
	date_format(w.monday, m);
	week_label_zh(&w, zh);
	snprintf(buf, FU_ERRBUF + 8, "%s %s %s", f, m, zh);
	return buf;
}

static const char *
wk(int day, enum week_rule rule, char *buf)
{
	char f[16], m[11], zh[32];
	struct week w;

	week_of(day, rule, &w);
	week_format(&w, f);
	date_format(w.monday, m);
	week_label_zh(&w, zh);
	snprintf(buf, FU_ERRBUF + 8, "%s %s %s", f, m, zh);
	return buf;
}

static const char *
mp(const char *s, char *buf)
{
	char err[FU_ERRBUF] = "";
	struct month m;

	if (month_parse(s, &m, err) == -1) {
		snprintf(buf, FU_ERRBUF + 8, "ERR %s", err);
		return buf;
	}
	month_format(&m, buf);
	return buf;
}

static void
test_days(void)
{
	int y, m, d;

	T_INTEQ(D(1970, 1, 1), 0);
	T_INTEQ(D(1969, 12, 31), -1);
	T_INTEQ(D(2026, 11, 3), 20760);
	T_INTEQ(D(1900, 1, 1), -25567);
	T_INTEQ(D(2000, 2, 29), 11016);
	T_INTEQ(D(2024, 2, 29), 19782);
	T_INTEQ(D(9999, 12, 31), 2932896);
	T_INTEQ(D(1, 1, 1), -719162);
	T_INTEQ(D(2024, 3, 1) - D(2024, 2, 28), 2);
	T_INTEQ(D(2100, 3, 1) - D(2100, 2, 28), 1);
	T_INTEQ(D(2000, 3, 1) - D(2000, 2, 28), 2);

	date_to_ymd(-1, &y, &m, &d);
	T_OK(y == 1969 && m == 12 && d == 31);
	date_to_ymd(-25567, &y, &m, &d);
	T_OK(y == 1900 && m == 1 && d == 1);
	date_to_ymd(-719162, &y, &m, &d);
	T_OK(y == 1 && m == 1 && d == 1);
	date_to_ymd(19782, &y, &m, &d);
	T_OK(y == 2024 && m == 2 && d == 29);
	date_to_ymd(2932896, &y, &m, &d);
	T_OK(y == 9999 && m == 12 && d == 31);
	/* Before the algorithm's era 0 (0000-03-01): year 0 is leap. */
	T_INTEQ(D(0, 3, 1), -719468);
	T_INTEQ(D(0, 1, 1), -719528);
	T_INTEQ(D(-1, 12, 31), -719529);
	date_to_ymd(-719469, &y, &m, &d);
	T_OK(y == 0 && m == 2 && d == 29);
	date_to_ymd(-719529, &y, &m, &d);
	T_OK(y == -1 && m == 12 && d == 31);

	T_INTEQ(date_weekday(0), 4);		/* Thursday */
	T_INTEQ(date_weekday(-1), 3);
	T_INTEQ(date_weekday(-3), 1);
	T_INTEQ(date_weekday(-4), 7);
	T_INTEQ(date_weekday(D(2026, 11, 3)), 2);
	T_INTEQ(date_weekday(D(2026, 11, 1)), 7);
	T_INTEQ(date_weekday(D(2027, 1, 1)), 5);
	T_INTEQ(date_weekday(D(1900, 1, 1)), 1);

	T_INTEQ(date_days_in_month(2024, 2), 29);
	T_INTEQ(date_days_in_month(2026, 2), 28);
	T_INTEQ(date_days_in_month(2100, 2), 28);
	T_INTEQ(date_days_in_month(2000, 2), 29);
	T_INTEQ(date_days_in_month(1900, 2), 28);
	T_INTEQ(date_days_in_month(2026, 4), 30);
	T_INTEQ(date_days_in_month(2026, 12), 31);
	T_INTEQ(date_days_in_month(2026, 13), 0);
	T_INTEQ(date_days_in_month(2026, 0), 0);

	T_OK(date_valid_ymd(2024, 2, 29));
	T_OK(!date_valid_ymd(2100, 2, 29));
	T_OK(!date_valid_ymd(2026, 2, 29));
	T_OK(date_valid_ymd(1900, 1, 1));
	T_OK(!date_valid_ymd(1899, 12, 31));
	T_OK(date_valid_ymd(9999, 12, 31));
	T_OK(!date_valid_ymd(10000, 1, 1));
	T_OK(!date_valid_ymd(2026, 4, 31));
	T_OK(!date_valid_ymd(2026, 0, 1));
	T_OK(!date_valid_ymd(2026, 1, 0));
}

static void
test_date_parse(void)
{
	char b[FU_ERRBUF + 8];

	T_STREQ(dp("2026-11-03", 0, b), "2026-11-03");
	T_STREQ(dp("2026/11/3", 0, b), "2026-11-03");
	T_STREQ(dp("2026.11.3", 0, b), "2026-11-03");
	T_STREQ(dp("2026-1-9", 0, b), "2026-01-09");
	T_STREQ(dp("2026年11月3日", 0, b), "2026-11-03");
	T_STREQ(dp("2026年11月3", 0, b), "2026-11-03");
	T_STREQ(dp("2026年1月03日", 0, b), "2026-01-03");
	T_STREQ(dp("20261103", 0, b), "2026-11-03");
	T_STREQ(dp("  2026-11-03  ", 0, b), "2026-11-03");
	T_STREQ(dp("\t2026-11-03", 0, b), "2026-11-03");
	T_STREQ(dp("2024-02-29", 0, b), "2024-02-29");
	T_STREQ(dp("1900-01-01", 0, b), "1900-01-01");
	T_STREQ(dp("9999-12-31", 0, b), "9999-12-31");
	T_STREQ(dp("2026-12-31", 0, b), "2026-12-31");

	T_STREQ(dp("2026-02-30", 0, b), "ERR no such day: 2026-02-30");
	T_STREQ(dp("2100-02-29", 0, b), "ERR no such day: 2100-02-29");
	T_STREQ(dp("2026-13-01", 0, b), "ERR no such day: 2026-13-01");
	T_STREQ(dp("2026-00-10", 0, b), "ERR no such day: 2026-00-10");
	T_STREQ(dp("2026-11-00", 0, b), "ERR no such day: 2026-11-00");
	T_STREQ(dp("20260230", 0, b), "ERR no such day: 20260230");
	T_STREQ(dp("1899-12-31", 0, b), "ERR year before 1900: 1899-12-31");
	T_STREQ(dp("", 0, b), "ERR empty date");
	T_STREQ(dp("   ", 0, b), "ERR empty date");
	T_STREQ(dp("abc", 0, b), "ERR \"abc\" is not a date");
	T_STREQ(dp("2026-11", 0, b), "ERR \"2026-11\" is not a date");
	T_STREQ(dp("2026-11-03x", 0, b), "ERR \"2026-11-03x\" is not a date");
	T_STREQ(dp("2026-11-031", 0, b), "ERR \"2026-11-031\" is not a date");
	T_STREQ(dp("2026-11/03", 0, b), "ERR \"2026-11/03\" is not a date");
	T_STREQ(dp("2026-11-", 0, b), "ERR \"2026-11-\" is not a date");
	T_STREQ(dp("2026年11-03", 0, b), "ERR \"2026年11-03\" is not a date");
	T_STREQ(dp("02026-11-03", 0, b), "ERR \"02026-11-03\" is not a date");
	T_STREQ(dp("26-11-03", 0, b), "ERR \"26-11-03\" is not a date");
	T_STREQ(dp("-2026-11-03", 0, b), "ERR \"-2026-11-03\" is not a date");
	T_STREQ(dp("2026-11-03 x", 0, b), "ERR \"2026-11-03 x\" is not a date");
	T_STREQ(dp("46329", 0, b), "ERR \"46329\" is not a date");
	T_STREQ(dp("2026110", 0, b), "ERR \"2026110\" is not a date");
	T_STREQ(dp("202611031", 0, b), "ERR \"202611031\" is not a date");

	/* A time is refused unless asked for, and then must be a time. */
	T_STREQ(dp("2026-11-03T10:05", 0, b),
	    "ERR \"2026-11-03T10:05\" is not a date");
	T_STREQ(dp("2026-11-03T10:05", DATE_TIME_OK, b), "2026-11-03");
	T_STREQ(dp("2026-11-03 10:05", DATE_TIME_OK, b), "2026-11-03");
	T_STREQ(dp("2026-11-03  10:05:30 ", DATE_TIME_OK, b), "2026-11-03");
	T_STREQ(dp("2026/11/3 9:05", DATE_TIME_OK, b), "2026-11-03");
	T_STREQ(dp("2026年11月3日 10:05", DATE_TIME_OK, b), "2026-11-03");
	T_STREQ(dp("20261103T10:05", DATE_TIME_OK, b), "2026-11-03");
	T_STREQ(dp("2026-11-03 24:00", DATE_TIME_OK, b),
	    "ERR \"2026-11-03 24:00\" is not a date");
	T_STREQ(dp("2026-11-03 10:60", DATE_TIME_OK, b),
	    "ERR \"2026-11-03 10:60\" is not a date");
	T_STREQ(dp("2026-11-03 10:5", DATE_TIME_OK, b),
	    "ERR \"2026-11-03 10:5\" is not a date");
	T_STREQ(dp("2026-11-03T", DATE_TIME_OK, b),
	    "ERR \"2026-11-03T\" is not a date");
	T_STREQ(dp("2026-11-03 10:05:3", DATE_TIME_OK, b),
	    "ERR \"2026-11-03 10:05:3\" is not a date");
	T_STREQ(dp("2026-02-30 10:05", DATE_TIME_OK, b),
	    "ERR no such day: 2026-02-30 10:05");
}

static void
test_serial(void)
{
	char b[FU_ERRBUF + 8];

	T_STREQ(dp("1", DATE_SERIAL, b), "1900-01-01");
	T_STREQ(dp("59", DATE_SERIAL, b), "1900-02-28");
	T_STREQ(dp("60", DATE_SERIAL, b),
	    "ERR serial day 60 is Excel's 1900-02-29, not a date");
	T_STREQ(dp("61", DATE_SERIAL, b), "1900-03-01");
	T_STREQ(dp("45000", DATE_SERIAL, b), "2023-03-15");
	T_STREQ(dp("46329", DATE_SERIAL, b), "2026-11-03");
	T_STREQ(dp(" 46329.75 ", DATE_SERIAL, b), "2026-11-03");
	T_STREQ(dp("46329.0", DATE_SERIAL, b), "2026-11-03");
	T_STREQ(dp("2958465", DATE_SERIAL, b), "9999-12-31");
	T_STREQ(dp("2958466", DATE_SERIAL, b),
	    "ERR serial day 2958466 out of range");
	T_STREQ(dp("0", DATE_SERIAL, b), "ERR serial day 0 out of range");
	T_STREQ(dp("0.5", DATE_SERIAL, b), "ERR serial day 0.5 out of range");
	T_STREQ(dp("99999999999999999999", DATE_SERIAL, b),
	    "ERR serial day 99999999999999999999 out of range");
	T_STREQ(dp("46329.", DATE_SERIAL, b), "ERR \"46329.\" is not a date");
	T_STREQ(dp("46329.5.5", DATE_SERIAL, b),
	    "ERR \"46329.5.5\" is not a date");
	T_STREQ(dp("-1", DATE_SERIAL, b), "ERR \"-1\" is not a date");
	T_STREQ(dp("4e4", DATE_SERIAL, b), "ERR \"4e4\" is not a date");
	/* Eight digits are a date, and dates still parse. */
	T_STREQ(dp("20261103", DATE_SERIAL, b), "2026-11-03");
	T_STREQ(dp("2026.11.3", DATE_SERIAL, b), "2026-11-03");
	T_STREQ(dp("2026-11-03", DATE_SERIAL | DATE_TIME_OK, b),
	    "2026-11-03");
}

/* The parsers must stay inside the length they are given. */
static void
test_bounded(void)
{
	char b[FU_ERRBUF + 8];
	char *p;

	/* An exact-size heap copy: ASan catches a read past its end. */
	p = xmalloc(10);
	memcpy(p, "2026-11-03", 10);
	T_STREQ(dpn(p, 10, 0, b), "2026-11-03");
	T_STREQ(dpn(p, 9, 0, b), "ERR no such day: 2026-11-0");
	T_STREQ(dpn(p, 7, 0, b), "ERR \"2026-11\" is not a date");
	T_STREQ(dpn(p, 4, DATE_SERIAL, b), "1905-07-18");
	T_STREQ(dpn(p, 0, 0, b), "ERR empty date");
	free(p);
	p = xmalloc(8);
	memcpy(p, "20261103", 8);
	T_STREQ(dpn(p, 8, DATE_SERIAL, b), "2026-11-03");
	free(p);
	p = xmalloc(16);
	memcpy(p, "2026-11-03T10:05", 16);
	T_STREQ(dpn(p, 16, DATE_TIME_OK, b), "2026-11-03");
	T_STREQ(dpn(p, 15, DATE_TIME_OK, b),
	    "ERR \"2026-11-03T10:0\" is not a date");
	T_STREQ(dpn(p, 11, DATE_TIME_OK, b),
	    "ERR \"2026-11-03T\" is not a date");
	free(p);
	p = xmalloc(strlen("2026年11月3日"));
	memcpy(p, "2026年11月3日", strlen("2026年11月3日"));
	T_STREQ(dpn(p, strlen("2026年11月3日"), 0, b), "2026-11-03");
	/* A cut in the middle of 日 leaves junk. */
	T_STREQ(dpn(p, strlen("2026年11月3日") - 1, 0, b),
	    "ERR \"2026年11月3\xe6\x97\" is not a date");
	free(p);
	/* A NUL inside the length is junk, not an end. */
	T_STREQ(dpn("2026-11-03\0", 11, 0, b),
	    "ERR \"2026-11-03\" is not a date");
}

static void
test_time(void)
{
	char b[FU_ERRBUF + 8];
	long long t;
	char err[FU_ERRBUF];

	T_STREQ(tp("2026-11-03T10:05", 0, b), "2026-11-03T10:05");
	T_STREQ(tp("2026-11-03 10:05:30", 0, b), "2026-11-03T10:05:30");
	T_STREQ(tp("2026-11-03 10:05:00", 0, b), "2026-11-03T10:05");
	T_STREQ(tp("2026/11/3 9:05", 0, b), "2026-11-03T09:05");
	T_STREQ(tp("2026年11月3日 10:05", 0, b), "2026-11-03T10:05");
	T_STREQ(tp(" 2026-11-03T23:59:59 ", 0, b), "2026-11-03T23:59:59");
	T_STREQ(tp("2026-11-03T00:00", 0, b), "2026-11-03T00:00");
	T_STREQ(tp("2026-11-03", TIME_DATE_OK, b), "2026-11-03T00:00");
	T_STREQ(tp("2026-11-03", 0, b),
	    "ERR \"2026-11-03\" has no time of day");
	T_STREQ(tp("2026-11-03T24:00", 0, b),
	    "ERR \"2026-11-03T24:00\" is not a time");
	T_STREQ(tp("2026-11-03T10:05:60", 0, b),
	    "ERR \"2026-11-03T10:05:60\" is not a time");
	T_STREQ(tp("2026-11-03T10", 0, b),
	    "ERR \"2026-11-03T10\" is not a time");
	T_STREQ(tp("2026-11-03T 10:05", 0, b),
	    "ERR \"2026-11-03T 10:05\" is not a time");
	T_STREQ(tp("2026-02-30T10:05", 0, b),
	    "ERR no such day: 2026-02-30T10:05");
	T_STREQ(tp("46329", TIME_DATE_OK, b), "ERR \"46329\" is not a time");
	T_STREQ(tp("", TIME_DATE_OK, b), "ERR empty time");

	T_INTEQ(time_parse("2026-11-03T10:05:30", 19, 0, &t, err), 0);
	T_INTEQ(t, 20760LL * 86400 + 10 * 3600 + 5 * 60 + 30);
	T_INTEQ(time_day(t), 20760);
	T_INTEQ(time_minute_of_day(t), 605);
	/* Before 1970 the day still starts at midnight. */
	T_INTEQ(time_parse("1969-12-31 23:00", 16, 0, &t, err), 0);
	T_INTEQ(t, -3600);
	T_INTEQ(time_day(t), -1);
	T_INTEQ(time_minute_of_day(t), 1380);
	time_format(t, b);
	T_STREQ(b, "1969-12-31T23:00");
	T_INTEQ(time_day(-86400), -1);
	T_INTEQ(time_day(-86401), -2);
	T_INTEQ(time_day(0), 0);
	T_INTEQ(time_minute_of_day(-1), 1439);
	time_format(-1, b);
	T_STREQ(b, "1969-12-31T23:59:59");
	time_format(0, b);
	T_STREQ(b, "1970-01-01T00:00");
}

static void
test_clock(void)
{
	char err[FU_ERRBUF];
	int m = -1;

	T_INTEQ(clock_parse("10:00", &m, err), 0);
	T_INTEQ(m, 600);
	T_INTEQ(clock_parse("9:30", &m, err), 0);
	T_INTEQ(m, 570);
	T_INTEQ(clock_parse("00:00", &m, err), 0);
	T_INTEQ(m, 0);
	T_INTEQ(clock_parse("23:59", &m, err), 0);
	T_INTEQ(m, 1439);
	T_INTEQ(clock_parse("24:00", &m, err), -1);
	T_STREQ(err, "no such time of day: 24:00");
	T_INTEQ(clock_parse("12:60", &m, err), -1);
	T_INTEQ(clock_parse("1230", &m, err), -1);
	T_STREQ(err, "\"1230\" is not a time of day (HH:MM)");
	T_INTEQ(clock_parse("12:3", &m, err), -1);
	T_INTEQ(clock_parse("12:30:00", &m, err), -1);
	T_INTEQ(clock_parse("123:00", &m, err), -1);
	T_INTEQ(clock_parse(":30", &m, err), -1);
	T_INTEQ(clock_parse("", &m, err), -1);
	T_INTEQ(clock_parse("1", &m, err), -1);
	T_INTEQ(m, 1439);
}

/* Times of day as agents and spreadsheets write them; the next one. */
static void
test_tod(void)
{
	char err[FU_ERRBUF], b[FU_ERRBUF + 8];
	long long now = 20760LL * 86400 + 14 * 3600 + 5 * 60;	/* 14:05 */
	int s = -1;

	T_INTEQ(tod_parse("15:00", 5, &s, err), 0);
	T_INTEQ(s, 15 * 3600);
	T_INTEQ(tod_parse(" 9:05:30 ", 9, &s, err), 0);
	T_INTEQ(s, 9 * 3600 + 5 * 60 + 30);
	T_INTEQ(tod_parse("下午 2:05", strlen("下午 2:05"), &s, err), 0);
	T_INTEQ(s, 14 * 3600 + 5 * 60);
	T_INTEQ(tod_parse("下午3:00", strlen("下午3:00"), &s, err), 0);
	T_INTEQ(s, 15 * 3600);
	T_INTEQ(tod_parse("下午 12:30", strlen("下午 12:30"), &s, err), 0);
	T_INTEQ(s, 12 * 3600 + 30 * 60);
	T_INTEQ(tod_parse("上午 12:30", strlen("上午 12:30"), &s, err), 0);
	T_INTEQ(s, 30 * 60);
	T_INTEQ(tod_parse("上午 9:30", strlen("上午 9:30"), &s, err), 0);
	T_INTEQ(s, 9 * 3600 + 30 * 60);
	T_INTEQ(tod_parse("下午 14:05", strlen("下午 14:05"), &s, err), -1);
	T_INTEQ(tod_parse("下午 0:05", strlen("下午 0:05"), &s, err), -1);
	T_INTEQ(tod_parse("24:00", 5, &s, err), -1);
	T_STREQ(err, "\"24:00\" is not a time of day (HH:MM)");
	T_INTEQ(tod_parse("1500", 4, &s, err), -1);
	T_INTEQ(tod_parse("", 0, &s, err), -1);
	T_INTEQ(tod_parse("15:00x", 6, &s, err), -1);

	/* Later today, else tomorrow; now itself is at or after now. */
	time_format(time_next_tod(now, 15 * 3600), b);
	T_STREQ(b, "2026-11-03T15:00");
	time_format(time_next_tod(now, 10 * 3600), b);
	T_STREQ(b, "2026-11-04T10:00");
	time_format(time_next_tod(now, 14 * 3600 + 5 * 60), b);
	T_STREQ(b, "2026-11-03T14:05");

	/* A date with 上午/下午, as LibreOffice saves it. */
	T_STREQ(tp("2026/11/23 下午 2:05", 0, b), "2026-11-23T14:05");
	T_STREQ(tp("2026/11/23 上午 10:15", 0, b), "2026-11-23T10:15");
	T_STREQ(tp("2026/11/23 下午 13:05", 0, b),
	    "ERR \"2026/11/23 下午 13:05\" is not a time");
}

static void
test_now(void)
{
	char err[FU_ERRBUF], b[20];
	long long now, before;

	T_INTEQ(fu_now("2026-11-23T09:30", NULL, &now, err), 0);
	time_format(now, b);
	T_STREQ(b, "2026-11-23T09:30");
	T_INTEQ(fu_now("2026-11-23", NULL, &now, err), 0);
	time_format(now, b);
	T_STREQ(b, "2026-11-23T00:00");
	T_INTEQ(fu_now("2026-11-31", NULL, &now, err), -1);
	T_STREQ(err, "--now: \"2026-11-31\" is not a date or time");
	T_INTEQ(fu_now("", NULL, &now, err), -1);
	T_STREQ(err, "--now: \"\" is not a date or time");

	/* FU_NOW's value, given by the caller. */
	T_INTEQ(fu_now(NULL, "2026-12-01 08:00:05", &now, err), 0);
	time_format(now, b);
	T_STREQ(b, "2026-12-01T08:00:05");
	/* The option wins over the environment. */
	T_INTEQ(fu_now("2027-01-01", "2026-12-01 08:00:05", &now, err), 0);
	time_format(now, b);
	T_STREQ(b, "2027-01-01T00:00");
	T_INTEQ(fu_now(NULL, "yesterday", &now, err), -1);
	T_STREQ(err, "FU_NOW: \"yesterday\" is not a date or time");
	T_INTEQ(fu_now("2026-11-31", "yesterday", &now, err), -1);
	T_STREQ(err, "--now: \"2026-11-31\" is not a date or time");

	/* Empty or unset: the clock, which is after this code was written. */
	T_INTEQ(fu_now(NULL, "", &now, err), 0);
	T_OK(now > D(2025, 1, 1) * 86400LL);
	before = now;
	T_INTEQ(fu_now(NULL, NULL, &now, err), 0);
	T_OK(now >= before && now - before < 3600);
}

static void
test_weeks(void)
{
	char b[FU_ERRBUF + 8], f[16];
	struct week w, x;
	struct month m;
	int d;

	for (d = D(2026, 11, 16); d <= D(2026, 11, 22); d++)
		T_STREQ(wk(d, WEEK_THURSDAY, b),
		    "2026-11-W3 2026-11-16 11月第3周");
	T_STREQ(wk(D(2026, 11, 2), WEEK_THURSDAY, b),
	    "2026-11-W1 2026-11-02 11月第1周");
	/* Nov 1 2026 is a Sunday: its week's Thursday is in October. */
	T_STREQ(wk(D(2026, 11, 1), WEEK_THURSDAY, b),
	    "2026-10-W5 2026-10-26 10月第5周");
	T_STREQ(wk(D(2026, 11, 29), WEEK_THURSDAY, b),
	    "2026-11-W4 2026-11-23 11月第4周");
	T_STREQ(wk(D(2026, 11, 30), WEEK_THURSDAY, b),
	    "2026-12-W1 2026-11-30 12月第1周");
	T_STREQ(wk(D(2026, 12, 6), WEEK_THURSDAY, b),
	    "2026-12-W1 2026-11-30 12月第1周");
	T_STREQ(wk(D(2026, 12, 31), WEEK_THURSDAY, b),
	    "2026-12-W5 2026-12-28 12月第5周");
	T_STREQ(wk(D(2027, 1, 1), WEEK_THURSDAY, b),
	    "2026-12-W5 2026-12-28 12月第5周");
	T_STREQ(wk(D(2027, 1, 3), WEEK_THURSDAY, b),
	    "2026-12-W5 2026-12-28 12月第5周");
	T_STREQ(wk(D(2027, 1, 4), WEEK_THURSDAY, b),
	    "2027-01-W1 2027-01-04 1月第1周");
	/* 2026-01-01 is a Thursday, so its week starts in 2025. */
	T_STREQ(wk(D(2025, 12, 29), WEEK_THURSDAY, b),
	    "2026-01-W1 2025-12-29 1月第1周");
	T_STREQ(wk(D(2024, 2, 29), WEEK_THURSDAY, b),
	    "2024-02-W5 2024-02-26 2月第5周");
	T_STREQ(wk(D(1969, 12, 31), WEEK_THURSDAY, b),
	    "1970-01-W1 1969-12-29 1月第1周");

	week_of(D(2026, 11, 18), WEEK_THURSDAY, &w);
	T_INTEQ(w.monday, D(2026, 11, 16));
	T_INTEQ(w.year, 2026);
	T_INTEQ(w.month, 11);
	T_INTEQ(w.n, 3);

	/* Next and previous across the turn of the year. */
	week_of(D(2026, 12, 21), WEEK_THURSDAY, &w);
	week_next(&w, WEEK_THURSDAY, &x);
	week_format(&x, f);
	T_STREQ(f, "2026-12-W5");
	week_next(&x, WEEK_THURSDAY, &w);
	week_format(&w, f);
	T_STREQ(f, "2027-01-W1");
	T_INTEQ(w.monday, D(2027, 1, 4));
	week_prev(&w, WEEK_THURSDAY, &x);
	week_format(&x, f);
	T_STREQ(f, "2026-12-W5");
	T_INTEQ(x.monday, D(2026, 12, 28));
	week_of(D(2026, 1, 1), WEEK_THURSDAY, &w);
	week_prev(&w, WEEK_THURSDAY, &x);
	week_format(&x, f);
	T_STREQ(f, "2025-12-W4");
	T_INTEQ(x.monday, D(2025, 12, 22));

	m.year = 2026;
	m.month = 11;
	T_INTEQ(month_first_monday(&m, WEEK_THURSDAY), D(2026, 11, 2));
	T_INTEQ(month_weeks(&m, WEEK_THURSDAY), 4);
	m.month = 12;
	T_INTEQ(month_first_monday(&m, WEEK_THURSDAY), D(2026, 11, 30));
	T_INTEQ(month_weeks(&m, WEEK_THURSDAY), 5);
	m.month = 1;
	T_INTEQ(month_first_monday(&m, WEEK_THURSDAY), D(2025, 12, 29));
	T_INTEQ(month_weeks(&m, WEEK_THURSDAY), 5);
	m.month = 2;
	T_INTEQ(month_weeks(&m, WEEK_THURSDAY), 4);
}

static void
test_weeks_first_day(void)
{
	char b[FU_ERRBUF + 8];
	struct month m;
	struct week w, x;
	char f[16];
	int d;

	for (d = D(2026, 10, 26); d <= D(2026, 11, 1); d++)
		T_STREQ(wk(d, WEEK_FIRST_DAY, b),
		    "2026-11-W1 2026-10-26 11月第1周");
	T_STREQ(wk(D(2026, 11, 2), WEEK_FIRST_DAY, b),
	    "2026-11-W2 2026-11-02 11月第2周");
	T_STREQ(wk(D(2026, 11, 8), WEEK_FIRST_DAY, b),
	    "2026-11-W2 2026-11-02 11月第2周");
	T_STREQ(wk(D(2026, 11, 16), WEEK_FIRST_DAY, b),
	    "2026-11-W4 2026-11-16 11月第4周");
	T_STREQ(wk(D(2026, 11, 29), WEEK_FIRST_DAY, b),
	    "2026-11-W5 2026-11-23 11月第5周");
	for (d = D(2026, 11, 30); d <= D(2026, 12, 6); d++)
		T_STREQ(wk(d, WEEK_FIRST_DAY, b),
		    "2026-12-W1 2026-11-30 12月第1周");
	/* The week of 2027-01-01 holds the 1st, so it is January's. */
	T_STREQ(wk(D(2026, 12, 31), WEEK_FIRST_DAY, b),
	    "2027-01-W1 2026-12-28 1月第1周");
	T_STREQ(wk(D(2026, 12, 27), WEEK_FIRST_DAY, b),
	    "2026-12-W4 2026-12-21 12月第4周");
	/* A month that starts on a Monday. */
	T_STREQ(wk(D(2026, 6, 1), WEEK_FIRST_DAY, b),
	    "2026-06-W1 2026-06-01 6月第1周");
	T_STREQ(wk(D(2026, 5, 31), WEEK_FIRST_DAY, b),
	    "2026-05-W5 2026-05-25 5月第5周");

	m.year = 2026;
	m.month = 11;
	T_INTEQ(month_first_monday(&m, WEEK_FIRST_DAY), D(2026, 10, 26));
	T_INTEQ(month_weeks(&m, WEEK_FIRST_DAY), 5);
	m.month = 12;
	T_INTEQ(month_weeks(&m, WEEK_FIRST_DAY), 4);
	m.month = 6;
	T_INTEQ(month_first_monday(&m, WEEK_FIRST_DAY), D(2026, 6, 1));
	T_INTEQ(month_weeks(&m, WEEK_FIRST_DAY), 4);

	week_of(D(2026, 12, 21), WEEK_FIRST_DAY, &w);
	week_next(&w, WEEK_FIRST_DAY, &x);
	week_format(&x, f);
	T_STREQ(f, "2027-01-W1");
	week_prev(&x, WEEK_FIRST_DAY, &w);
	week_format(&w, f);
	T_STREQ(f, "2026-12-W4");
}

static void
test_week_parse(void)
{
	char b[FU_ERRBUF + 8];

	T_STREQ(wp("2026-11-W3", WEEK_THURSDAY, b),
	    "2026-11-W3 2026-11-16 11月第3周");
	T_STREQ(wp("2026-11-W1", WEEK_THURSDAY, b),
	    "2026-11-W1 2026-11-02 11月第1周");
	T_STREQ(wp("2026-11-W4", WEEK_THURSDAY, b),
	    "2026-11-W4 2026-11-23 11月第4周");
	T_STREQ(wp("2026-12-W5", WEEK_THURSDAY, b),
	    "2026-12-W5 2026-12-28 12月第5周");
	T_STREQ(wp(" 2026-11-w3 ", WEEK_THURSDAY, b),
	    "2026-11-W3 2026-11-16 11月第3周");
	T_STREQ(wp("2026-1-W1", WEEK_THURSDAY, b),
	    "2026-01-W1 2025-12-29 1月第1周");
	T_STREQ(wp("2026-11-W5", WEEK_THURSDAY, b),
	    "ERR no such week: 2026-11-W5 (2026-11 has 4 weeks)");
	T_STREQ(wp("2026-11-W6", WEEK_THURSDAY, b),
	    "ERR no such week: 2026-11-W6 (2026-11 has 4 weeks)");
	T_STREQ(wp("2026-11-W0", WEEK_THURSDAY, b),
	    "ERR no such week: 2026-11-W0 (2026-11 has 4 weeks)");
	T_STREQ(wp("2026-11-W5", WEEK_FIRST_DAY, b),
	    "2026-11-W5 2026-11-23 11月第5周");
	T_STREQ(wp("2026-11-W6", WEEK_FIRST_DAY, b),
	    "ERR no such week: 2026-11-W6 (2026-11 has 5 weeks)");
	T_STREQ(wp("2026-11-W1", WEEK_FIRST_DAY, b),
	    "2026-11-W1 2026-10-26 11月第1周");
	T_STREQ(wp("2026-13-W1", WEEK_THURSDAY, b),
	    "ERR no such month: 2026-13-W1");
	T_STREQ(wp("2026-11-W", WEEK_THURSDAY, b),
	    "ERR \"2026-11-W\" is not a week (YYYY-MM-Wn)");
	T_STREQ(wp("2026-11-W3x", WEEK_THURSDAY, b),
	    "ERR \"2026-11-W3x\" is not a week (YYYY-MM-Wn)");
	T_STREQ(wp("2026-11-W333", WEEK_THURSDAY, b),
	    "ERR \"2026-11-W333\" is not a week (YYYY-MM-Wn)");

	/* Any date names the week that holds it. */
	T_STREQ(wp("2026-11-18", WEEK_THURSDAY, b),
	    "2026-11-W3 2026-11-16 11月第3周");
	T_STREQ(wp("2027/1/1", WEEK_THURSDAY, b),
	    "2026-12-W5 2026-12-28 12月第5周");
	T_STREQ(wp("2026年11月30日", WEEK_FIRST_DAY, b),
	    "2026-12-W1 2026-11-30 12月第1周");
	T_STREQ(wp("2026-02-30", WEEK_THURSDAY, b),
	    "ERR no such day: 2026-02-30");
	T_STREQ(wp("2026-11", WEEK_THURSDAY, b),
	    "ERR \"2026-11\" is not a week (YYYY-MM-Wn) or a date");
	T_STREQ(wp("last", WEEK_THURSDAY, b),
	    "ERR \"last\" is not a week (YYYY-MM-Wn) or a date");
	T_STREQ(wp("", WEEK_THURSDAY, b),
	    "ERR \"\" is not a week (YYYY-MM-Wn) or a date");
}

static void
test_months(void)
{
	char b[FU_ERRBUF + 8];
	struct month m, x;

	T_STREQ(mp("2026-11", b), "2026-11");
	T_STREQ(mp("2026/11", b), "2026-11");
	T_STREQ(mp("2026年11月", b), "2026-11");
	T_STREQ(mp("2026-1", b), "2026-01");
	T_STREQ(mp(" 2026-01 ", b), "2026-01");
	T_STREQ(mp("2026-13", b), "ERR no such month: 2026-13");
	T_STREQ(mp("2026-00", b), "ERR no such month: 2026-00");
	T_STREQ(mp("2026年11", b), "ERR \"2026年11\" is not a month (YYYY-MM)");
	T_STREQ(mp("2026-11月", b),
	    "ERR \"2026-11月\" is not a month (YYYY-MM)");
	T_STREQ(mp("2026-11-03", b),
	    "ERR \"2026-11-03\" is not a month (YYYY-MM)");
	T_STREQ(mp("2026.11", b), "ERR \"2026.11\" is not a month (YYYY-MM)");
	T_STREQ(mp("202611", b), "ERR \"202611\" is not a month (YYYY-MM)");
	T_STREQ(mp("2026-", b), "ERR \"2026-\" is not a month (YYYY-MM)");
	T_STREQ(mp("", b), "ERR \"\" is not a month (YYYY-MM)");
	T_STREQ(mp("Nov", b), "ERR \"Nov\" is not a month (YYYY-MM)");

	month_of(D(2026, 11, 30), &m);
	T_OK(m.year == 2026 && m.month == 11);
	month_of(-1, &m);
	T_OK(m.year == 1969 && m.month == 12);
	month_next(&m, &x);
	T_OK(x.year == 1970 && x.month == 1);
	month_prev(&x, &m);
	T_OK(m.year == 1969 && m.month == 12);
	m.year = 2024;
	m.month = 2;
	T_INTEQ(month_first_day(&m), D(2024, 2, 1));
	T_INTEQ(month_last_day(&m), D(2024, 2, 29));
	m.year = 2100;
	T_INTEQ(month_last_day(&m), D(2100, 2, 28));
	m.month = 12;
	T_INTEQ(month_last_day(&m), D(2100, 12, 31));
	month_format(&m, b);
	T_STREQ(b, "2100-12");
	m.month = 1;
	month_label_zh(&m, b);
	T_STREQ(b, "1月");
	m.month = 11;
	month_label_zh(&m, b);
	T_STREQ(b, "11月");
}

static void
test_select(void)
{
	char err[FU_ERRBUF], f[16];
	long long now = D(2026, 11, 18) * 86400LL + 10 * 3600;
	struct week w;
	struct month m;

	T_INTEQ(week_select(NULL, 0, 0, now, WEEK_THURSDAY, &w, err), 0);
	week_format(&w, f);
	T_STREQ(f, "2026-11-W3");
	T_INTEQ(week_select(NULL, 1, 0, now, WEEK_THURSDAY, &w, err), 0);
	week_format(&w, f);
	T_STREQ(f, "2026-11-W2");
	T_INTEQ(w.monday, D(2026, 11, 9));
	T_INTEQ(week_select(NULL, 0, 1, now, WEEK_THURSDAY, &w, err), 0);
	week_format(&w, f);
	T_STREQ(f, "2026-11-W4");
	T_INTEQ(week_select(NULL, 1, 1, now, WEEK_THURSDAY, &w, err), -1);
	/* A named week wins over last and next. */
	T_INTEQ(week_select("2026-12-W5", 1, 0, now, WEEK_THURSDAY, &w, err),
	    0);
	T_INTEQ(w.monday, D(2026, 12, 28));
	T_INTEQ(week_select("2026-11-W6", 0, 0, now, WEEK_THURSDAY, &w, err),
	    -1);
	T_STREQ(err, "no such week: 2026-11-W6 (2026-11 has 4 weeks)");

	/* Monday 2027-01-04, cron's morning: last week is 2026's 12月第5周. */
	now = D(2027, 1, 4) * 86400LL + 6 * 3600;
	T_INTEQ(week_select(NULL, 1, 0, now, WEEK_THURSDAY, &w, err), 0);
	week_format(&w, f);
	T_STREQ(f, "2026-12-W5");
	T_INTEQ(week_select(NULL, 1, 0, now, WEEK_FIRST_DAY, &w, err), 0);
	week_format(&w, f);
	T_STREQ(f, "2027-01-W1");
	/* Sunday night still belongs to its own week. */
	now = D(2026, 11, 22) * 86400LL + 23 * 3600 + 59 * 60;
	T_INTEQ(week_select(NULL, 0, 0, now, WEEK_THURSDAY, &w, err), 0);
	T_INTEQ(w.monday, D(2026, 11, 16));

	now = D(2026, 12, 2) * 86400LL + 6 * 3600;
	T_INTEQ(month_select(NULL, 0, now, &m, err), 0);
	T_OK(m.year == 2026 && m.month == 12);
	T_INTEQ(month_select(NULL, 1, now, &m, err), 0);
	T_OK(m.year == 2026 && m.month == 11);
	now = D(2027, 1, 2) * 86400LL;
	T_INTEQ(month_select(NULL, 1, now, &m, err), 0);
	T_OK(m.year == 2026 && m.month == 12);
	T_INTEQ(month_select("2026年3月", 1, now, &m, err), 0);
	T_OK(m.year == 2026 && m.month == 3);
	T_INTEQ(month_select("March", 0, now, &m, err), -1);
	T_STREQ(err, "\"March\" is not a month (YYYY-MM)");
}

/*
 * Every day from 1950 to 2100: the day number, the text form and the
 * weeks all come back as they went in.  A failure counts once per
 * property and shows the first day it happened on.
 */
static void
test_round_trips(void)
{
	static const enum week_rule rules[] = { WEEK_THURSDAY, WEEK_FIRST_DAY };
	static const unsigned flags[] = { 0, DATE_SERIAL, DATE_TIME_OK };
	char buf[FU_ERRBUF], err[FU_ERRBUF], s[32];
	int first = D(1950, 1, 1), last = D(2100, 12, 31);
	int day, y, m, d, back, pd, wd, ty, tm, td;
	long bad_ymd = 0, bad_wd = 0, bad_fmt = 0, bad_week = 0, bad_n = 0;
	long bad_wfmt = 0, bad_time = 0, bad_month = 0, ndays = 0;
	long long t;
	struct week w, w2;
	struct month mo;
	size_t r, f;

	pd = first - 1;
	date_to_ymd(pd, &y, &m, &d);
	for (day = first; day <= last; day++, pd++, ndays++) {
		ty = y;
		tm = m;
		td = d;
		/* The next day, counted by hand. */
		if (++td > date_days_in_month(ty, tm)) {
			td = 1;
			if (++tm > 12) {
				tm = 1;
				ty++;
			}
		}
		date_to_ymd(day, &y, &m, &d);
		if (y != ty || m != tm || d != td ||
		    date_from_ymd(y, m, d) != day || !date_valid_ymd(y, m, d)) {
			if (bad_ymd++ == 0)
				fprintf(stderr, "ymd: day %d\n", day);
		}
		wd = date_weekday(day);
		if (wd != date_weekday(pd) % 7 + 1 || wd < 1 || wd > 7)
			bad_wd++;

		date_format(day, s);
		for (f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
			back = day + 1;
			if (date_parse(s, strlen(s), flags[f], &back,
			    err) != 0 || back != day) {
				if (bad_fmt++ == 0)
					fprintf(stderr, "format: %s\n", s);
			}
		}
		snprintf(s, sizeof(s), "%d/%d/%d 10:05:07", y, m, d);
		if (time_parse(s, strlen(s), 0, &t, err) != 0 ||
		    t != day * 86400LL + 36307)
			bad_time++;
		time_format(t, buf);
		if (strlen(buf) != 19 || time_parse(buf, 19, 0, &t, err) != 0 ||
		    t != day * 86400LL + 36307)
			bad_time++;

		month_of(day, &mo);
		if (mo.year != y || mo.month != m ||
		    month_first_day(&mo) != day - d + 1 ||
		    month_last_day(&mo) != day - d +
		    date_days_in_month(y, m))
			bad_month++;

		for (r = 0; r < 2; r++) {
			week_of(day, rules[r], &w);
			/*
			 * Independently: the week's Thursday (or Sunday)
			 * is the n-th of its month when its day of the
			 * month is in 7n-6..7n.
			 */
			date_to_ymd(w.monday + (r == 0 ? 3 : 6), &ty, &tm,
			    &td);
			if (w.monday > day || w.monday + 6 < day ||
			    date_weekday(w.monday) != 1 || w.year != ty ||
			    w.month != tm || w.n != (td - 1) / 7 + 1) {
				if (bad_week++ == 0)
					fprintf(stderr, "week: %d rule %zu\n",
					    day, r);
			}
			mo.year = w.year;
			mo.month = w.month;
			if (w.n < 1 || w.n > month_weeks(&mo, rules[r]) ||
			    month_weeks(&mo, rules[r]) < 4 ||
			    month_weeks(&mo, rules[r]) > 5)
				bad_n++;
			week_format(&w, s);
			if (week_parse(s, rules[r], &w2, err) != 0 ||
			    w2.monday != w.monday || w2.n != w.n ||
			    w2.year != w.year || w2.month != w.month) {
				if (bad_wfmt++ == 0)
					fprintf(stderr, "week_parse: %s %s\n",
					    s, err);
			}
		}
	}
	T_INTEQ(ndays, 55152);
	T_INTEQ(bad_ymd, 0);
	T_INTEQ(bad_wd, 0);
	T_INTEQ(bad_fmt, 0);
	T_INTEQ(bad_time, 0);
	T_INTEQ(bad_month, 0);
	T_INTEQ(bad_week, 0);
	T_INTEQ(bad_n, 0);
	T_INTEQ(bad_wfmt, 0);
}

int
main(void)
{
	test_days();
	test_date_parse();
	test_serial();
	test_bounded();
	test_time();
	test_clock();
	test_tod();
	test_now();
	test_weeks();
	test_weeks_first_day();
	test_week_parse();
	test_months();
	test_select();
	test_round_trips();
	return t_done("test_date");
}
