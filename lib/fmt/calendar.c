/* calendar.c: the working-day calendar; see calendar.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt/calendar.h"
#include "fmt/date.h"
#include "base/err.h"
#include "fmt/tsv.h"
#include "base/util.h"

#include "fu_config.h"	/* FU_DATADIR, written by the Makefile */
#ifndef FU_DATADIR
#define FU_DATADIR "/usr/local/share/fu"
#endif

#define CAL_FILE	"holidays-cn.tsv"
#define CAL_INSTALLED	FU_DATADIR "/" CAL_FILE
#define CAL_BUILTIN	"(built-in " CAL_FILE ")"

/* samples/holidays-cn.tsv, compiled in by the Makefile (cal_builtin.c). */
extern const unsigned char cal_builtin[];
extern const size_t cal_builtin_len;

/* One line of the file while loading; the line is kept for messages. */
struct entry {
	int	 day;
	char	 kind;
	long	 line;
};

static int	 load_fp(struct calendar *, FILE *, const char *);
static int	 load_named(struct calendar *, const char *, const char *);
static int	 field_is(const struct tsv_reader *, long, const char *);
static int	 cmp_entry(const void *, const void *);
static int	 read_entries(struct tsv_reader *, const char *,
		    struct entry **, size_t *);
static size_t	 merge_entries(struct entry *, size_t, const char *, int *);
static long	 find(const struct calendar *, int);

static const char *const weekday_name[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"
};

/* 1 when field col of the current record is exactly s. */
static int
field_is(const struct tsv_reader *r, long col, const char *s)
{
	size_t n = strlen(s);

	return r->len[col] == n && memcmp(r->field[col], s, n) == 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	/* Equal days stay in file order, so the later line is the repeat. */
	return (x->line > y->line) - (x->line < y->line);
}

/*
 * Read the records into *ep, *np (unsorted), reporting every bad line.
 * Returns 0, 1 if any line was bad, or -1 if the file could not be
 * read to its end.
 */
static int
read_entries(struct tsv_reader *r, const char *path, struct entry **ep,
    size_t *np)
{
	char err[FU_ERRBUF], ds[11];
	struct entry *e = NULL;
	size_t n = 0, cap = 0;
	long dcol, kcol;
	int rc, bad = 0, day, wd;
	char kind;

	dcol = tsv_col(r, "date");
	kcol = tsv_col(r, "kind");
	if (dcol == -1 || kcol == -1) {
		if (dcol == -1 && kcol == -1)
			fu_datawarn(path, 1,
			    "no \"date\" and \"kind\" columns");
		else
			fu_datawarn(path, 1, "no \"%s\" column",
			    dcol == -1 ? "date" : "kind");
		*ep = NULL;
		*np = 0;
		return 1;
	}
	while ((rc = tsv_next(r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_warn("%s", path);
			free(e);
			return -1;
		}
		if (rc == TSV_BADROW) {
			tsv_badrow_msg(r, err);
			fu_datawarn(path, r->lineno, "%s", err);
			bad = 1;
			continue;
		}
		if (date_parse(r->field[dcol], r->len[dcol], 0, &day, err) ==
		    -1) {
			fu_datawarn(path, r->lineno, "%s", err);
			bad = 1;
			continue;
		}
		if (field_is(r, kcol, "holiday"))
			kind = 'h';
		else if (field_is(r, kcol, "workday"))
			kind = 'w';
		else {
			fu_datawarn(path, r->lineno, "kind \"%.*s\" is not "
			    "holiday or workday", (int)(r->len[kcol] > 64 ? 64 :
			    r->len[kcol]), r->field[kcol]);
			bad = 1;
			continue;
		}
		/*
		 * A holiday on a weekend is harmless (files list whole
		 * festivals), but a make-up workday on Monday to Friday
		 * means the date or the kind is wrong.
		 */
		wd = date_weekday(day);
		if (kind == 'w' && wd <= 5) {
			date_format(day, ds);
			fu_datawarn(path, r->lineno, "workday %s is a %s, not "
			    "a weekend day", ds, weekday_name[wd - 1]);
			bad = 1;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			e = xreallocarray(e, cap, sizeof(*e));
		}
		e[n].day = day;
		e[n].kind = kind;
		e[n].line = r->lineno;
		n++;
	}
	*ep = e;
	*np = n;
	return bad;
}

/*
 * Sort the entries and drop repeated days, reporting a day listed with
 * both kinds.  Returns the new count; *bad is set on a conflict.
 */
static size_t
merge_entries(struct entry *e, size_t n, const char *path, int *bad)
{
	char ds[11];
	size_t i, j;

	if (n == 0)
		return 0;
	qsort(e, n, sizeof(*e), cmp_entry);
	for (i = 0, j = 1; j < n; j++) {
		if (e[j].day != e[i].day) {
			e[++i] = e[j];
			continue;
		}
		if (e[j].kind != e[i].kind) {
			date_format(e[j].day, ds);
			fu_datawarn(path, e[j].line, "%s is a %s here but a %s "
			    "on line %ld", ds,
			    e[j].kind == 'h' ? "holiday" : "workday",
			    e[i].kind == 'h' ? "holiday" : "workday",
			    e[i].line);
			*bad = 1;
		}
	}
	return i + 1;
}

/* The calendar from fp (named name in messages); fp is not closed. */
static int
load_fp(struct calendar *cal, FILE *fp, const char *name)
{
	struct tsv_reader r;
	struct entry *e;
	size_t n, i;
	int bad;

	memset(cal, 0, sizeof(*cal));
	if (tsv_open(&r, fp, name) == -1) {
		fu_warn("%s", name);
		tsv_close(&r);
		return -1;
	}
	bad = read_entries(&r, name, &e, &n);
	tsv_close(&r);
	if (bad == -1)
		return -1;
	n = merge_entries(e, n, name, &bad);
	if (bad) {
		free(e);
		return -1;
	}
	cal->day = xreallocarray(NULL, n, sizeof(*cal->day));
	cal->kind = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		cal->day[i] = e[i].day;
		cal->kind[i] = e[i].kind;
	}
	cal->n = n;
	cal->name = name;
	free(e);
	return 0;
}

/*
 * The calendar file path; who (an option or a variable, or NULL) named
 * it, and is said when it cannot be opened.
 */
static int
load_named(struct calendar *cal, const char *path, const char *who)
{
	FILE *fp;
	int r;

	memset(cal, 0, sizeof(*cal));
	if ((fp = fu_open_in(path)) == NULL) {
		if (who != NULL)
			fu_warn("%s: %s", who, path);
		else
			fu_warn("%s", path);
		return -1;
	}
	r = load_fp(cal, fp, path);
	fu_close_in(fp);
	return r;
}

int
cal_load_builtin(struct calendar *cal)
{
	FILE *fp;
	int r;

	memset(cal, 0, sizeof(*cal));
	/* Read only: fmemopen's buffer is not written in mode "r". */
	if ((fp = fmemopen((void *)(uintptr_t)cal_builtin, cal_builtin_len,
	    "r")) == NULL) {
		fu_warn("%s", CAL_BUILTIN);
		return -1;
	}
	r = load_fp(cal, fp, CAL_BUILTIN);
	fclose(fp);
	return r;
}

int
cal_load(struct calendar *cal, const char *path)
{
	if (path != NULL)
		return load_named(cal, path, NULL);
	if (access(CAL_INSTALLED, F_OK) == 0)
		return load_named(cal, CAL_INSTALLED, NULL);
	return cal_load_builtin(cal);
}

int
cal_find(struct calendar *cal, const char *opt, const char *env)
{
	if (opt != NULL)
		return load_named(cal, opt, "--holidays");
	if (env != NULL)
		return load_named(cal, env, "FU_HOLIDAYS");
	return cal_load(cal, NULL);
}

void
cal_free(struct calendar *cal)
{
	free(cal->day);
	free(cal->kind);
	memset(cal, 0, sizeof(*cal));
}

/* The index of a day in the calendar, or -1. */
static long
find(const struct calendar *cal, int day)
{
	size_t lo = 0, hi = cal->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->day[mid] < day)
			lo = mid + 1;
		else if (cal->day[mid] > day)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

int
cal_is_workday(const struct calendar *cal, int day)
{
	long i;

	if (cal != NULL && (i = find(cal, day)) != -1)
		return cal->kind[i] == 'w';
	return date_weekday(day) <= 5;
}

int
cal_first(const struct calendar *cal)
{
	return cal->n > 0 ? cal->day[0] : 0;
}

int
cal_last(const struct calendar *cal)
{
	return cal->n > 0 ? cal->day[cal->n - 1] : 0;
}

size_t
cal_workdays(const struct calendar *cal, int from, int to, int *out)
{
	size_t n = 0;
	int d;

	for (d = from; d <= to; d++) {
		if (cal_is_workday(cal, d)) {
			if (out != NULL)
				out[n] = d;
			n++;
		}
		if (d == to)	/* to may be INT_MAX */
			break;
	}
	return n;
}

int
cal_next_workday(const struct calendar *cal, int day)
{
	do
		day++;
	while (!cal_is_workday(cal, day));
	return day;
}

int
cal_has_year(const struct calendar *cal, int year)
{
	int first = date_from_ymd(year, 1, 1);
	size_t lo = 0, hi = cal->n, mid;

	/* The first entry on or after the 1st of January. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->day[mid] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal->n && cal->day[lo] <= date_from_ymd(year, 12, 31);
}

int
cal_check_years(const struct calendar *cal, int from, int to)
{
	int y, y0, y1, m, d, n = 0;

	date_to_ymd(from, &y0, &m, &d);
	date_to_ymd(to, &y1, &m, &d);
	for (y = y0; y <= y1; y++) {
		if (cal_has_year(cal, y))
			continue;
		fu_warnx("%s has no entries for %d: its weekdays are taken as "
		    "working days; add %d's holidays (DATE<TAB>holiday) and "
		    "调休 days (DATE<TAB>workday) to a calendar and name it "
		    "with --holidays or FU_HOLIDAYS", cal->name != NULL ?
		    cal->name : "the calendar", y, y);
		n++;
	}
	return n;
}
