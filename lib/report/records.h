/*
 * records.h: what the record sheets of fu-report share: the contacts'
 * purchase data (--contacts), and the row of 附表1 客户服务回访记录单
 * written from a call-log record (the week's form and the month's
 * store sheets).  Private to lib/report.
 */
#ifndef FU_REPORT_RECORDS_H
#define FU_REPORT_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/idmap.h"
#include "base/pool.h"
#include "log/calllog.h"
#include "report/book.h"
#include "report/report.h"
#include "summary/summary.h"

/* Purchase date, amount and item of each contact, by id. */
struct purchases {
	struct idmap	 ids;
	int		*date;		/* day number, or INT32_MIN */
	int64_t		*fen;		/* INT64_MIN: unknown */
	char		**item;
	size_t		 cap;
};

/*
 * What a workbook reads of --contacts and --due, once for all its
 * sheets: the contacts' purchase data (contacts or a due list: TSV with
 * id, and date, amount, item where it has them), and the tallies that
 * each of its summaries is fed (summary.h), so millions of contacts
 * are read once, not once a summary.
 */
struct report_feed {
	struct purchases p;
	struct sum_tally *contacts;	/* NULL: no --contacts */
	struct sum_tally *due;		/* NULL: no --due */
};

typedef void report_record_fn(const struct calllog *, struct callrec *,
    void *);

/*
 * For the workbooks of the kinds (a set of REPORT_KIND bits) and period
 * from the logs: the purchase data of the records they show only.  With
 * --contacts the log is read first for their ids: with fn, each record
 * is given to fn with arg then (report_each_record's order) and the
 * log's bad lines are said there, so that a later reading can be quiet;
 * without fn quietly.  0; 1 when bad rows or lines were said (and
 * skipped); -1 cannot be read (said).
 */
int	 report_feed_load(struct report_feed *, const struct report_opts *,
	    unsigned, const struct report_period *, char *const *, size_t,
	    report_record_fn *, void *);
void	 report_feed_free(struct report_feed *);
/* The slot of an id, or -1. */
long	 purchases_find(const struct purchases *, uint64_t);
void	 purchases_free(struct purchases *);

/* The week's form of a record: RK_GIFT for a gift, else RK_SERVICE. */
enum report_kind report_record_form(const struct calllog *, struct callrec *);

/*
 * Each record in force of the log at path that a workbook of the kinds
 * (REPORT_KIND bits) shows: called in the period (its chain's first
 * call: calllog.h's CALLLOG_IN_PLACE), and of a kind (RK_SERVICE all but
 * gifts, RK_GIFT gifts, RK_MONTH all and the month for the period),
 * given to fn with arg in the order of the calls.
 * flags: more calllog_open_flags (CALLLOG_QUIET).  0; 1 when the log
 * had bad lines (said unless quiet); -1 it cannot be read (said).
 */
int	 report_each_record(const struct report_opts *, unsigned,
	    const struct report_period *, const char *, int,
	    report_record_fn *, void *);

/* The columns of 附表1. */
enum svcol {
	SV_SEQ, SV_DAY, SV_STORE, SV_CUSTOMER, SV_PHONE, SV_BOUGHT, SV_AMOUNT,
	SV_METHOD, SV_ATTEMPT, SV_OUTCOME, SV_Q1, SV_Q2, SV_Q3, SV_COMPLAINT,
	SV_RESULT, SV_AGENT, SV_TYPE, SV_NOTE, SV_ID, SV_N
};

extern const struct book_col service_cols[SV_N];

/* Row r of t: record rec of the log, number seq. */
void	 service_row(struct book_table *, uint32_t, long,
	    const struct calllog *, struct callrec *,
	    const struct purchases *, int mask);

/* The phone as the workbook shows it: masked unless mask is 0. */
void	 report_phone(const char *, int mask, char *out);

/*
 * "2026年11月第3周客户回访记录单（11月16日—11月22日）": a week's title
 * with what (客户回访记录单); 128 bytes.
 */
void	 report_week_title(const struct week *, const char *what, char *);

/*
 * The summaries a workbook shows (sumsheet.c, every figure from
 * summary.h), by their keys ("type,store"): started at once, they are
 * read from the logs on a thread of their own (report_opts.threads of 2
 * or more) while the caller reads the contacts and writes the records;
 * each is taken when its sheet is written, given the tallies of
 * --contacts and --due first (the order fu-summarize feeds them).
 */
#define REPORT_SUMS	4	/* the week's two forms: 3 + 1 */

struct report_sums {
	struct pool_job	 job;
	struct pool	 pool;
	void		*ctx;
	const struct report_opts *o;
	const struct report_period *per;
	int		 month;		/* the period is per->mon */
	char *const	*files;
	size_t		 nfiles;
	const char	*key[REPORT_SUMS];	/* of each summary, rs->n */
	struct summary	*s[REPORT_SUMS];	/* read; NULL once taken */
	size_t		 n;
	int		 failed;	/* the reading failed: err */
	int		 waited;
	char		 err[FU_ERRBUF];
};

/* The summaries of the workbooks of the kinds (REPORT_KIND bits). */
void	 report_sums_start(struct report_sums *, const struct report_opts *,
	    unsigned, const struct report_period *, char *const *, size_t);
/*
 * Wait for the reading to end.  Once it has, summaries may be taken on
 * more than one thread (each its own): the tallies are only read.
 */
void	 report_sums_wait(struct report_sums *);
/*
 * The summary by keys ("type,store"), fed f's tallies and finished; the
 * caller closes it.  NULL after saying why (once).
 */
struct summary *report_sums_take(struct report_sums *,
	    const struct report_feed *, const char *);
void	 report_sums_free(struct report_sums *);

/*
 * The summary sheets: the week's 本周汇总 (service) or 汇总 (gift)
 * added to b; the month's 汇总 written in sh, its stores (the caller
 * frees them) in *store; the month's weeks from row row of sh.  0, or
 * -1 after saying why.
 */
int	 report_week_summary(struct book *, const struct report_opts *,
	    const struct report_feed *, struct report_sums *, enum report_kind,
	    const struct report_period *);
int	 report_month_summary(struct book_sheet *, const struct report_opts *,
	    const struct report_feed *, struct report_sums *,
	    const struct report_period *, char ***, size_t *);
int	 report_month_weeks(struct book_sheet *, uint32_t,
	    const struct report_opts *, const struct report_feed *,
	    struct report_sums *, size_t *);

#endif
