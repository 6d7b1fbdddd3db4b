/*
 * date.h: dates, times, weeks and months, and "now".
 *
 * A date is a day number: days since 1970-01-01 (negative before).
 * A time is seconds since 1970-01-01T00:00:00 of the local wall clock
 * (no time zone arithmetic: the log and the office share one zone).
 * Parsers fill err (FU_ERRBUF bytes) with a reason and return -1.
 */
#ifndef FU_DATE_H
#define FU_DATE_H

#include <stddef.h>

/* date_parse flags */
#define DATE_SERIAL	0x01	/* accept Excel serial day numbers (1900 system) */
#define DATE_TIME_OK	0x02	/* accept and ignore a trailing time of day */

int	date_from_ymd(int, int, int);		/* no checking */
int	date_valid_ymd(int, int, int);		/* 1 if a real date, years 1900-9999 */
void	date_to_ymd(int, int *, int *, int *);
int	date_weekday(int);			/* 1 Monday .. 7 Sunday */
int	date_days_in_month(int, int);
/*
 * 2026-11-03, 2026/11/3, 2026.11.3, 2026年11月3日, 20261103, and with
 * DATE_SERIAL a number such as 46329 (Excel); spaces around are ignored.
 */
int	date_parse(const char *, size_t, unsigned, int *, char *);
/* "YYYY-MM-DD" into a buffer of at least 11 bytes. */
void	date_format(int, char *);

/*
 * A date with a time: "2026-11-03T10:05", "2026-11-03 10:05:30",
 * "2026/11/3 10:05", "2026年11月3日 10:05", "2026/11/3 下午 2:05"; with
 * TIME_DATE_OK a date alone means its 00:00.
 */
#define TIME_DATE_OK	0x01
int	time_parse(const char *, size_t, unsigned, long long *, char *);
/* "YYYY-MM-DDTHH:MM", or "...:SS" when the seconds are not 0; 20 bytes. */
void	time_format(long long, char *);
int	time_day(long long);			/* the date of a time */
int	time_minute_of_day(long long);		/* 0..1439 */
/* "HH:MM" (0:00-23:59) to minutes of the day. */
int	clock_parse(const char *, int *, char *);
/*
 * A time of day to seconds of the day: "15:00", "9:05:30", and as a
 * spreadsheet saves it, "下午 3:00" or "上午 9:05"; spaces around are
 * ignored.
 */
int	tod_parse(const char *, size_t, int *, char *);
/* The first time at or after now at that time of day (seconds). */
long long time_next_tod(long long, int);

/*
 * Now: opt (--now) when not NULL, else env (the value of FU_NOW) when
 * neither NULL nor "", else the clock.  Either may be a date (meaning
 * its 00:00) or a date and time.  -1 with err, naming --now or FU_NOW,
 * when the value used is not a time.
 */
int	fu_now(const char *opt, const char *env, long long *, char *);
/*
 * fu_now for a main: the time, or exit.  A bad --now is a usage error
 * (opt_usage_errx of prog, status 2); a bad FU_NOW is said alone,
 * status 2.
 */
struct opt_usage;
long long fu_now_or_exit(const struct opt_usage *, const char *opt,
	    const char *env);

/*
 * Weeks run Monday to Sunday.  WEEK_THURSDAY: a week belongs to the month
 * of its Thursday, and 第N周 is its place among that month's weeks (ISO
 * 8601 applied to months).  WEEK_FIRST_DAY: the week holding the 1st is
 * the month's 第1周 (so a week belongs to the month of its Sunday).
 */
enum week_rule {
	WEEK_THURSDAY,		/* default */
	WEEK_FIRST_DAY
};

struct week {
	int	monday;		/* day number of its Monday */
	int	year;		/* year and month it belongs to */
	int	month;
	int	n;		/* 第n周 of that month, from 1 */
};

struct month {
	int	year;
	int	month;
};

void	week_of(int, enum week_rule, struct week *);
/* "2026-11-W3" or any date in the week. */
int	week_parse(const char *, enum week_rule, struct week *, char *);
void	week_next(const struct week *, enum week_rule, struct week *);
void	week_prev(const struct week *, enum week_rule, struct week *);
/* "2026-11-W3"; 16 bytes. */
void	week_format(const struct week *, char *);
/* "11月第3周"; 32 bytes. */
void	week_label_zh(const struct week *, char *);
/* The Monday of the first week of a month, and the number of its weeks. */
int	month_first_monday(const struct month *, enum week_rule);
int	month_weeks(const struct month *, enum week_rule);

void	month_of(int, struct month *);
/* "2026-11" (also "2026/11", "2026年11月"). */
int	month_parse(const char *, struct month *, char *);
void	month_next(const struct month *, struct month *);
void	month_prev(const struct month *, struct month *);
int	month_first_day(const struct month *);
int	month_last_day(const struct month *);
/* "2026-11"; 8 bytes. */
void	month_format(const struct month *, char *);
/* "11月"; 16 bytes. */
void	month_label_zh(const struct month *, char *);

/*
 * The week a program works on: the one named (weekarg, as week_parse),
 * else with last the whole week before now's, with next the one after,
 * else now's week.  -1 with err when weekarg is bad.
 */
int	week_select(const char *, int, int, long long, enum week_rule,
	    struct week *, char *);
/* Likewise for months ("--month M | --last"). */
int	month_select(const char *, int, long long, struct month *, char *);

#endif
