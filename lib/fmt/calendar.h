/*
 * calendar.h: the working-day calendar.
 *
 * A calendar file is TSV with a header "date<TAB>kind[<TAB>name]"; kind
 * is "holiday" (a weekday off) or "workday" (a make-up working Saturday
 * or Sunday, 调休).  Working days are Monday to Friday less holidays,
 * plus workdays.
 */
#ifndef FU_CALENDAR_H
#define FU_CALENDAR_H

#include <stddef.h>

struct calendar {
	int	*day;		/* sorted day numbers */
	char	*kind;		/* 'h' holiday, 'w' workday, per day */
	size_t	 n;
	const char *name;	/* where it came from, for messages (not
				   owned: the caller's path or a literal) */
};

/*
 * Find and load the calendar, in the one order every program uses:
 * opt (--holidays) when not NULL, else env (FU_HOLIDAYS, as the main
 * read it) when not NULL, else the installed FU_DATADIR/holidays-cn.tsv
 * when it exists, else the copy of samples/holidays-cn.tsv built into
 * the programs.  Never a path relative to the current directory unless
 * one is named.  A file named that cannot be read is reported with
 * what named it ("prog: --holidays: F: No such file or directory").
 * 0, or -1 when it could not be loaded (said).
 */
int	 cal_find(struct calendar *, const char *, const char *);
/*
 * Load a calendar from path; NULL means the default (the installed
 * file, else the built-in copy: cal_find's last two).  Errors are
 * reported as "prog: file:line: ..."; returns -1 if the file could not
 * be read or had any bad line.
 */
int	 cal_load(struct calendar *, const char *);
/* The built-in copy alone. */
int	 cal_load_builtin(struct calendar *);
void	 cal_free(struct calendar *);
/* 1 when the day is a working day. */
int	 cal_is_workday(const struct calendar *, int);
/* The first and last day the file names (0 with n == 0). */
int	 cal_first(const struct calendar *);
int	 cal_last(const struct calendar *);
/* 1 when the calendar has an entry in the year. */
int	 cal_has_year(const struct calendar *, int);
/*
 * Warn of each year of the days [from, to] the calendar has no entries
 * for (its weekdays would be taken as working days, holidays or not),
 * naming the year and how to add them.  Every program that counts
 * working days checks its days so, and exits 1 after a warning.
 * Returns the number of years warned of.
 */
int	 cal_check_years(const struct calendar *, int, int);
/* The working days in [from, to] into out (room for to-from+1); count. */
size_t	 cal_workdays(const struct calendar *, int, int, int *);
/* The first working day after a day. */
int	 cal_next_workday(const struct calendar *, int);

#endif
