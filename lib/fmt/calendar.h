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
};

/*
 * Load a calendar from path (--holidays, else the caller's FU_HOLIDAYS);
 * NULL means the default: FU_DATADIR/holidays-cn.tsv, else
 * samples/holidays-cn.tsv.  Errors are
 * reported as "prog: file:line: ..."; returns -1 if the file could not
 * be read or had any bad line.
 */
int	 cal_load(struct calendar *, const char *);
void	 cal_free(struct calendar *);
/* 1 when the day is a working day. */
int	 cal_is_workday(const struct calendar *, int);
/* The first and last day the file names (0 with n == 0). */
int	 cal_first(const struct calendar *);
int	 cal_last(const struct calendar *);
/* The working days in [from, to] into out (room for to-from+1); count. */
size_t	 cal_workdays(const struct calendar *, int, int, int *);
/* The first working day after a day. */
int	 cal_next_workday(const struct calendar *, int);

#endif
