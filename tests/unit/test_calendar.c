/* test_calendar: the working-day calendar (lib/calendar.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt/calendar.h"
#include "fmt/date.h"
#include "base/err.h"
#include "base/util.h"
#include "t.h"

#define SAMPLE	"samples/holidays-cn.tsv"
#define MSGSZ	4096

static void	replace(char *, size_t, const char *, const char *);
static int	load_text(const char *, struct calendar *, char *);
/* How load_text loads: cal_load, or cal_find as --holidays or as env. */
enum { BY_LOAD, BY_OPTION, BY_ENV };
static int	load_how = BY_LOAD;
static const char *days(const struct calendar *, int, int, char *);
static int	D(const char *);
static void	test_sample(void);
static void	test_default_path(void);
static void	test_years(void);
static void	test_empty(void);
static void	test_good_files(void);
static void	test_bad_files(void);

/* A day number from "YYYY-MM-DD", which must parse. */
static int
D(const char *s)
{
	char err[FU_ERRBUF];
	int day;

	if (date_parse(s, strlen(s), 0, &day, err) == -1) {
		fprintf(stderr, "test_calendar: %s\n", err);
		exit(2);
	}
	return day;
}

/* Replace every "from" in s (of size sz) with "to", which is shorter. */
static void
replace(char *s, size_t sz, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to);
	char *p;

	(void)sz;
	while ((p = strstr(s, from)) != NULL) {
		memmove(p + nt, p + nf, strlen(p + nf) + 1);
		memcpy(p, to, nt);
	}
}

/*
 * Load a calendar from text put in a temporary file, with what
 * cal_load says on standard error in msgs, the file's name as "F" and
 * the program's as "P".  text NULL loads a file that does not exist.
 */
static int
load_text(const char *text, struct calendar *cal, char *msgs)
{
	char path[] = "/tmp/fu-cal.XXXXXX", errpath[] = "/tmp/fu-err.XXXXXX";
	int fd, efd, saved, rc;
	ssize_t n;

	if ((fd = mkstemp(path)) == -1 || (efd = mkstemp(errpath)) == -1) {
		perror("mkstemp");
		exit(2);
	}
	if (text != NULL) {
		if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
			perror("write");
			exit(2);
		}
	} else
		unlink(path);
	close(fd);

	fflush(stderr);
	saved = dup(2);
	dup2(efd, 2);
	if (load_how == BY_OPTION)
		rc = cal_find(cal, path, "/nonexistent/env.tsv");
	else if (load_how == BY_ENV)
		rc = cal_find(cal, NULL, path);
	else
		rc = cal_load(cal, path);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);

	n = pread(efd, msgs, MSGSZ - 1, 0);
	msgs[n > 0 ? n : 0] = '\0';
	close(efd);
	unlink(errpath);
	unlink(path);
	replace(msgs, MSGSZ, path, "F");
	replace(msgs, MSGSZ, fu_progname(), "P");
	return rc;
}

/* The working days in [from, to] as "MM-DD MM-DD ...". */
static const char *
days(const struct calendar *cal, int from, int to, char *buf)
{
	int out[64];
	char s[11];
	size_t n, i;

	n = cal_workdays(cal, from, to, out);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		date_format(out[i], s);
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, s + 5);
	}
	return buf;
}

static void
test_sample(void)
{
	struct calendar cal;
	char b[512];

	T_INTEQ(cal_load(&cal, SAMPLE), 0);
	T_INTEQ(cal.n, 108);
	T_INTEQ(cal_first(&cal), D("2024-01-01"));
	T_INTEQ(cal_last(&cal), D("2026-10-10"));

	/* Spring Festival 2026: the week of 02-16 is all off. */
	T_STREQ(days(&cal, D("2026-02-16"), D("2026-02-22"), b), "");
	T_INTEQ(cal_workdays(&cal, D("2026-02-16"), D("2026-02-22"), NULL),
	    0);
	/* The week before works its Saturday, the week after too. */
	T_STREQ(days(&cal, D("2026-02-09"), D("2026-02-15"), b),
	    "02-09 02-10 02-11 02-12 02-13 02-14");
	T_STREQ(days(&cal, D("2026-02-23"), D("2026-03-01"), b),
	    "02-24 02-25 02-26 02-27 02-28");
	T_OK(cal_is_workday(&cal, D("2026-02-14")));	/* Saturday */
	T_OK(!cal_is_workday(&cal, D("2026-02-15")));	/* Sunday off */
	T_OK(!cal_is_workday(&cal, D("2026-02-16")));	/* Monday off */
	T_OK(!cal_is_workday(&cal, D("2026-02-23")));
	T_OK(cal_is_workday(&cal, D("2026-02-28")));	/* Saturday */
	T_OK(!cal_is_workday(&cal, D("2026-03-01")));	/* plain Sunday */

	/* National Day and Mid-Autumn 2026. */
	T_STREQ(days(&cal, D("2026-09-14"), D("2026-09-20"), b),
	    "09-14 09-15 09-16 09-17 09-18 09-20");
	T_STREQ(days(&cal, D("2026-09-21"), D("2026-09-27"), b),
	    "09-21 09-22 09-23 09-24");
	T_STREQ(days(&cal, D("2026-09-28"), D("2026-10-04"), b),
	    "09-28 09-29 09-30");
	T_STREQ(days(&cal, D("2026-10-05"), D("2026-10-11"), b),
	    "10-08 10-09 10-10");

	/* An ordinary week, and one after the file's last day. */
	T_STREQ(days(&cal, D("2026-11-16"), D("2026-11-22"), b),
	    "11-16 11-17 11-18 11-19 11-20");
	T_INTEQ(cal_workdays(&cal, D("2026-11-16"), D("2026-11-22"), NULL),
	    5);
	T_INTEQ(cal_workdays(&cal, D("2027-03-01"), D("2027-03-07"), NULL),
	    5);
	/* Whole years, counted independently from the same file. */
	T_INTEQ(cal_workdays(&cal, D("2024-01-01"), D("2024-12-31"), NULL),
	    251);
	T_INTEQ(cal_workdays(&cal, D("2025-01-01"), D("2025-12-31"), NULL),
	    248);
	T_INTEQ(cal_workdays(&cal, D("2026-01-01"), D("2026-12-31"), NULL),
	    248);
	/* One day, and an empty range. */
	T_INTEQ(cal_workdays(&cal, D("2026-11-18"), D("2026-11-18"), NULL),
	    1);
	T_INTEQ(cal_workdays(&cal, D("2026-11-18"), D("2026-11-17"), NULL),
	    0);

	T_INTEQ(cal_next_workday(&cal, D("2026-02-13")), D("2026-02-14"));
	T_INTEQ(cal_next_workday(&cal, D("2026-02-14")), D("2026-02-24"));
	T_INTEQ(cal_next_workday(&cal, D("2026-09-30")), D("2026-10-08"));
	T_INTEQ(cal_next_workday(&cal, D("2026-10-09")), D("2026-10-10"));
	T_INTEQ(cal_next_workday(&cal, D("2026-10-10")), D("2026-10-12"));
	T_INTEQ(cal_next_workday(&cal, D("2026-11-20")), D("2026-11-23"));
	T_INTEQ(cal_next_workday(&cal, D("2025-12-31")), D("2026-01-04"));
	T_INTEQ(cal_next_workday(&cal, D("2026-01-03")), D("2026-01-04"));
	cal_free(&cal);
	T_INTEQ(cal.n, 0);
	T_OK(cal.day == NULL && cal.kind == NULL);
}

static void
test_default_path(void)
{
	struct calendar cal, inst;
	char msgs[MSGSZ];
	size_t i;

	/* FU_HOLIDAYS does not reach here: the environment is cmd/'s. */
	setenv("FU_HOLIDAYS", "/nonexistent/holidays.tsv", 1);
	/* No path: the installed file, else the built-in copy. */
	T_INTEQ(cal_load(&cal, NULL), 0);
	T_OK(cal.n > 0);
	T_OK(!cal_is_workday(&cal, D("2026-10-01")));
	cal_free(&cal);
	T_INTEQ(cal_find(&cal, NULL, NULL), 0);
	T_OK(cal.n > 0);
	cal_free(&cal);
	unsetenv("FU_HOLIDAYS");

	/* The built-in copy is the shipped file, day for day. */
	T_INTEQ(cal_load_builtin(&cal), 0);
	T_STREQ(cal.name, "(built-in holidays-cn.tsv)");
	T_INTEQ(cal_load(&inst, SAMPLE), 0);
	T_STREQ(inst.name, SAMPLE);
	T_INTEQ(cal.n, inst.n);
	for (i = 0; i < cal.n && i < inst.n; i++)
		T_OK(cal.day[i] == inst.day[i] && cal.kind[i] == inst.kind[i]);
	cal_free(&cal);
	cal_free(&inst);

	/* A file named that is not there names what named it. */
	load_how = BY_OPTION;
	T_INTEQ(load_text(NULL, &cal, msgs), -1);
	T_STREQ(msgs, "P: --holidays: F: No such file or directory\n");
	T_INTEQ(load_text("date\tkind\n2026-10-01\tholiday\n", &cal, msgs),
	    0);
	T_OK(cal.n == 1 && msgs[0] == '\0');
	cal_free(&cal);
	load_how = BY_ENV;
	T_INTEQ(load_text(NULL, &cal, msgs), -1);
	T_STREQ(msgs, "P: FU_HOLIDAYS: F: No such file or directory\n");
	T_INTEQ(load_text("date\tkind\n2026-10-0x\tholiday\n", &cal, msgs),
	    -1);
	T_OK(strncmp(msgs, "P: F:2: ", 8) == 0);
	load_how = BY_LOAD;
}

/* Years with no entries are said, by name and year, and counted. */
static void
test_years(void)
{
	struct calendar cal;
	char path[] = "/tmp/fu-years.XXXXXX", msgs[MSGSZ];
	int efd, saved, n;
	ssize_t len;

	T_INTEQ(cal_load(&cal, SAMPLE), 0);
	T_OK(!cal_has_year(&cal, 2023));
	T_OK(cal_has_year(&cal, 2024));
	T_OK(cal_has_year(&cal, 2026));
	T_OK(!cal_has_year(&cal, 2027));
	if ((efd = mkstemp(path)) == -1)
		exit(2);
	unlink(path);
	fflush(stderr);
	saved = dup(2);
	dup2(efd, 2);
	T_INTEQ(cal_check_years(&cal, D("2026-11-16"), D("2026-11-22")), 0);
	/* 2026-12-W5 reaches into 2027; a span of three unknown years. */
	n = cal_check_years(&cal, D("2026-12-28"), D("2027-01-03"));
	n += 10 * cal_check_years(&cal, D("2021-12-27"), D("2023-01-01"));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	T_INTEQ(n, 31);
	len = pread(efd, msgs, MSGSZ - 1, 0);
	msgs[len > 0 ? len : 0] = '\0';
	close(efd);
	replace(msgs, MSGSZ, fu_progname(), "P");
	T_OK(strncmp(msgs, "P: samples/holidays-cn.tsv has no entries for "
	    "2027: ", 52) == 0);
	T_OK(strstr(msgs, "add 2027's holidays (DATE<TAB>holiday) and 调休 "
	    "days (DATE<TAB>workday)") != NULL);
	T_OK(strstr(msgs, "for 2021:") != NULL && strstr(msgs, "for 2022:") !=
	    NULL && strstr(msgs, "for 2023:") != NULL);
	cal_free(&cal);
	/* A calendar of no entries knows no year. */
	memset(&cal, 0, sizeof(cal));
	T_OK(!cal_has_year(&cal, 2026));
}

static void
test_empty(void)
{
	struct calendar cal;
	char b[512];

	memset(&cal, 0, sizeof(cal));
	T_INTEQ(cal_first(&cal), 0);
	T_INTEQ(cal_last(&cal), 0);
	T_STREQ(days(&cal, D("2026-02-16"), D("2026-02-22"), b),
	    "02-16 02-17 02-18 02-19 02-20");
	T_INTEQ(cal_next_workday(&cal, D("2026-11-20")), D("2026-11-23"));
	T_INTEQ(cal_next_workday(&cal, D("2026-11-22")), D("2026-11-23"));
	T_INTEQ(cal_next_workday(&cal, D("2026-11-23")), D("2026-11-24"));
	cal_free(&cal);
}

static void
test_good_files(void)
{
	struct calendar cal;
	char msgs[MSGSZ];

	/* Unsorted, columns in another order, a weekend holiday, CRLF. */
	T_INTEQ(load_text("kind\tname\tdate\n"
	    "workday\tx\t2026-10-10\n"
	    "holiday\t\t2026-10-01\n"
	    "holiday\tSat\t2026-10-03\n"
	    "holiday\t\t2026-01-01\r\n"
	    "\n"
	    "holiday\tagain\t2026-10-01\n", &cal, msgs), 0);
	T_STREQ(msgs, "");
	T_INTEQ(cal.n, 4);
	T_INTEQ(cal_first(&cal), D("2026-01-01"));
	T_INTEQ(cal_last(&cal), D("2026-10-10"));
	T_INTEQ(cal.day[1], D("2026-10-01"));
	T_INTEQ(cal.kind[1], 'h');
	T_INTEQ(cal.day[2], D("2026-10-03"));
	T_INTEQ(cal.kind[3], 'w');
	T_OK(!cal_is_workday(&cal, D("2026-01-01")));
	T_OK(cal_is_workday(&cal, D("2026-01-02")));
	T_OK(cal_is_workday(&cal, D("2026-10-10")));
	T_OK(!cal_is_workday(&cal, D("2026-10-11")));
	cal_free(&cal);

	/* A header alone is an empty calendar. */
	T_INTEQ(load_text("date\tkind\n", &cal, msgs), 0);
	T_STREQ(msgs, "");
	T_INTEQ(cal.n, 0);
	T_OK(cal_is_workday(&cal, D("2026-10-01")));
	cal_free(&cal);
}

static void
test_bad_files(void)
{
	struct calendar cal;
	char msgs[MSGSZ];

	T_INTEQ(load_text("date\tkind\n2026-02-30\tholiday\n", &cal, msgs),
	    -1);
	T_STREQ(msgs, "P: F:2: no such day: 2026-02-30\n");
	T_INTEQ(cal.n, 0);
	T_OK(cal.day == NULL);
	cal_free(&cal);

	/* Every bad line is reported, not just the first. */
	T_INTEQ(load_text("date\tkind\tname\n"
	    "2026-10-03\tholiday\tok\n"
	    "2026/10/2\tvacation\tx\n"
	    "2026-11-03\tworkday\tx\n"
	    "yesterday\tholiday\tx\n"
	    "2026-10-10\tworkday\n"
	    "2026-10-11\tworkday\tok\n"
	    "2026-10-03\tworkday\tx\n"
	    "2026-10-11\tworkday\tok again\n"
	    "2026-10-05\tHoliday\tx\n", &cal, msgs), -1);
	T_STREQ(msgs,
	    "P: F:3: kind \"vacation\" is not holiday or workday\n"
	    "P: F:4: workday 2026-11-03 is a Tuesday, not a weekend day\n"
	    "P: F:5: \"yesterday\" is not a date\n"
	    "P: F:6: 2 fields, expected 3 (as the header)\n"
	    "P: F:10: kind \"Holiday\" is not holiday or workday\n"
	    "P: F:8: 2026-10-03 is a workday here but a holiday on line 2\n");
	T_INTEQ(cal.n, 0);
	cal_free(&cal);

	T_INTEQ(load_text("day\tkind\n2026-10-01\tholiday\n", &cal, msgs), -1);
	T_STREQ(msgs, "P: F:1: no \"date\" column\n");
	T_INTEQ(load_text("date\ttype\n2026-10-01\tholiday\n", &cal, msgs),
	    -1);
	T_STREQ(msgs, "P: F:1: no \"kind\" column\n");
	T_INTEQ(load_text("2026-10-01\tholiday\n", &cal, msgs), -1);
	T_STREQ(msgs, "P: F:1: no \"date\" and \"kind\" columns\n");
	T_INTEQ(load_text("", &cal, msgs), -1);
	T_STREQ(msgs, "P: F:1: no \"date\" and \"kind\" columns\n");
	T_INTEQ(load_text(NULL, &cal, msgs), -1);
	T_STREQ(msgs, "P: F: No such file or directory\n");
	/* A directory opens but cannot be read. */
	T_INTEQ(cal_load(&cal, "/"), -1);
	T_INTEQ(cal.n, 0);
	cal_free(&cal);
}

int
main(void)
{
	test_sample();
	test_default_path();
	test_years();
	test_empty();
	test_good_files();
	test_bad_files();
	return t_done("test_calendar");
}
