/*
 * report.h: fu-report(1), the workbooks handed in and the agents' call
 * list: what cmd/fu-report.c sees.
 *
 *   calls.c     the day's call list, a sheet per agent (回访清单)
 *   week.c      附表1 客户服务回访记录单 and 附表2 礼品核查回访记录单
 *   records.c   the call log read for a period, with the contacts'
 *               purchase data; the record rows of both forms
 *   sumsheet.c  the summary sheets, from fu-summarize's library
 *   month.c     客户回访汇总表: 汇总, a sheet per store, 图表
 *   filename.c  the exact names, and --name-format
 *   book.c      libxlsxwriter wrapped (book.h)
 */
#ifndef FU_REPORT_H
#define FU_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/policy.h"

enum report_kind {
	RK_SERVICE,		/* 客户回访记录单: every type but gift */
	RK_GIFT,		/* 礼品回访记录单 */
	RK_MONTH,		/* 客户回访汇总表 */
	RK_CALLS		/* 回访清单 */
};

/* A set of kinds: the bits REPORT_KIND(RK_SERVICE) | ... */
#define REPORT_KIND(k)	(1u << (k))

struct report_opts {
	const char	*dir;		/* -o: where the workbook goes */
	const char	*name_format;	/* --name-format; NULL: the standard */
	const char	*contacts;	/* --contacts: purchase data; NULL */
	const char	*tmpdir;	/* temporary files; NULL: /tmp */
	int		 mask;		/* phones masked (not --no-mask) */
	long long	 now;
	long long	 asof;		/* the log as of; CALLLOG_NO_AS_OF */
	enum week_rule	 rule;
	uint32_t	 max_rows;	/* rows a sheet; 0: Excel's 1,048,576 */
	const char	*due;		/* --due: what was planned; NULL */
	const struct policy *pol;	/* the summaries' rules, gift_rate */
	const struct calendar *cal;	/* working days (quota) */
	/*
	 * The threads to use (pool_threads): 2 or more, the summaries are
	 * read from the log on a thread of their own while the records are
	 * written; 3 or more, each also read and added up on two
	 * (sum_opts.beside).
	 */
	int		 threads;
};

/* The period of a workbook: a day, a week or a month. */
struct report_period {
	int		 day;		/* RK_CALLS */
	struct week	 wk;		/* RK_SERVICE, RK_GIFT */
	struct month	 mon;		/* RK_MONTH */
};

/*
 * The file name of a workbook (no directory): the standard one
 * ("11月第3周客户回访记录单.xlsx", "11月客户回访汇总表.xlsx",
 * "2026-11-23回访清单.xlsx"), or fmt's expansion (fu-report(1),
 * --name-format: %Y %m %d %D %W %N %%), ".xlsx" added when it does not
 * end so.  NULL with err when fmt is bad or makes no file name.
 */
char	*report_file_name(enum report_kind, const struct report_period *,
	    const char *fmt, char *err);

/* dir/name, or name when dir is ".". */
char	*report_path(const char *dir, const char *name);

/*
 * Write the workbook of kind for the period from the files (call logs,
 * or due lists for RK_CALLS; "-" is standard input), and print its path
 * on standard output.  The exit status: 0, 1 when rows were bad
 * (reported), 2 when nothing could be written (said).
 */
int	 report_calls(const struct report_opts *, const struct report_period *,
	    char *const *, size_t);
/*
 * The week's forms of the kinds (REPORT_KIND(RK_SERVICE), RK_GIFT or
 * both) from one reading of the contacts and the log, their paths
 * printed in that order.
 */
int	 report_week(const struct report_opts *, unsigned,
	    const struct report_period *, char *const *, size_t);
int	 report_month(const struct report_opts *, const struct report_period *,
	    char *const *, size_t);

#endif
