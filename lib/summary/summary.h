/*
 * summary.h: the figures an office is judged by (fu-summarize(1),
 * fu(7) "Summary"): the call log's records in force, counted by group,
 * with every metric of the procedures, as of any time, and mergeable.
 * This is what cmd/fu-summarize.c and fu-report see.
 *
 * Use:
 *
 *	struct sum_opts o;
 *	struct summary *s;
 *	char err[FU_ERRBUF];
 *
 *	sum_opts_init(&o, &pol, &cal);		// by store, the whole log
 *	sum_parse_keys(&o, "store,week", err);	// --by
 *	sum_period_week(&o, &w);		// or _month, _days
 *	o.as_of = t;				// --as-of; CALLLOG_NO_AS_OF
 *	s = summary_open(&o);
 *	summary_log(s, "calls.tsv", err);	// each log (calllog.h)
 *	summary_due(s, "due.tsv", err);		// optional inputs
 *	summary_finish(s);			// groups sorted, totals
 *	for (r = 0; r < summary_nrows(s); r++) {
 *		summary_keyval(s, r, SK_STORE);		// "合计" on the total
 *		summary_get(s, r, SM_SUCCESS_RATE, &v);	// by enum, or
 *		summary_get(s, r, sum_metric_by_name("success_rate"), &v);
 *	}
 *	summary_close(s);
 *
 * Or summary_write (the TSV table), summary_write_partial and
 * summary_merge (the mergeable state), summary_check (the rules broken).
 * The options are copied by summary_open; pol and cal must outlive s.
 *
 * Records count in their newest form at the time of the first record
 * of their chain of corrections (its ts, callrec's call_ts), so a
 * correction made next week changes last week's figures, not next
 * week's.  Rows are the groups in byte order of their keys' values
 * (UTF-8), then the totals row (合计), which is over every record of
 * the period: its distinct counts are not the sum of the groups'.
 */
#ifndef FU_SUMMARY_H
#define FU_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/policy.h"

/* The grouping keys (fu(7) "KEYS"), in the order of their names. */
enum sum_key {
	SK_STORE,		/* store 门店 */
	SK_STORE_SIZE,		/* store_size: large, small, "" (--contacts) */
	SK_AGENT,		/* agent who called */
	SK_TYPE,		/* type: service, gift, ... */
	SK_METHOD,		/* method: phone, sms */
	SK_DAY,			/* day of the call, YYYY-MM-DD */
	SK_WEEK,		/* its week, 2026-11-W3 (week_rule) */
	SK_MONTH,		/* its month (calendar), 2026-11 */
	SK_N
};

extern const char *const sum_key_names[SK_N];

/* How a metric is written. */
enum sum_kind {
	MK_COUNT,		/* an integer */
	MK_RATE,		/* a share, 4 decimals; empty when 0/0 */
	MK_MEAN,		/* a mean, 2 decimals; empty when no values */
	MK_DAYS			/* a median of days, 1 decimal; empty */
};

/*
 * The metrics, in the order of the table's columns (after the keys).
 * Names and formulas in sum_metrics[] and fu-summarize(1).  New ones
 * are only ever added at the end.
 */
enum sum_metric {
	SM_PLANNED,		/* due rows (--due) */
	SM_CONTACTS,		/* distinct contacts dialled or texted */
	SM_DIALS,		/* records in force: calls and texts */
	SM_SUCCESS,		/* distinct contacts with a success */
	SM_SUCCESS_RATE,	/* success / contacts */
	SM_VISIT_RATE,		/* 回访率: contacts / planned */
	SM_N_OUTCOME,		/* n_success: records by outcome; then one */
	SM_LOST = SM_N_OUTCOME + 11,	/* per enum outcome (OC_N = 11) */
				/* 失访: rounds ended by two failed dials,
				   停机 or a wrong number */
	SM_SUBMITTED,		/* contacts rows (--contacts) */
	SM_SAMPLED,		/* sample rows (--sample) */
	SM_DIALLED,		/* = contacts, under its funnel name */
	SM_REACHED,		/* distinct contacts connected and answering:
				   success, partial, sms_replied */
	SM_Q1_MEAN,		/* mean of the q1 scores given */
	SM_Q2_MEAN,
	SM_Q3_MEAN,
	SM_SCORED,		/* records with any score */
	SM_SATISFIED,		/* share of scored with every score >= 4 */
	SM_DISSATISFIED,	/* share of scored with any score <= 2 */
	SM_COMPLAINTS,		/* records with a complaint */
	SM_RESOLVED,		/* of those, with a resolved date */
	SM_RESOLUTION_RATE,	/* 问题解决率: resolved / complaints */
	SM_MEDIAN_DAYS,		/* median_days_to_resolve: call day to
				   resolved date */
	SM_OPEN_COMPLAINTS,	/* complaints - resolved */
	SM_GIFT_CHECKED,	/* distinct gift contacts dialled or texted */
	SM_GIFT_SUBMITTED,	/* gift rows of --contacts */
	SM_GIFT_COVERAGE,	/* gift_checked / gift_submitted (>= 40%) */
	SM_GIFT_MISMATCH,	/* records with gift_ok 0 (礼品赠送误差) */
	SM_AGENT_WEEKS,		/* distinct (agent, week) with service calls */
	SM_QUOTA_TARGET,	/* sum of their targets: per_day x working
				   days of the week (rule 1) */
	SM_QUOTA_MET,		/* agent-weeks whose successes reach it */
	SM_SMALL_STORES,	/* distinct (small store, month) */
	SM_SMALL_STORE_MIN_MET,	/* of those, with at least
				   small_store_monthly_min service contacts
				   reached (rule 3) */
	SM_DAYS_USED,		/* days with phone calls (not gift texts) */
	SM_MAX_DAY_SHARE,	/* the busiest day's share of them */
	SM_BUNCHED,		/* weeks with a day over bunch_factor x the
				   even share (rule 2) */
	SM_THIRD_DIALS,		/* calls of a round after its two failed
				   dials (rule 6: must be 0) */
	SM_OUTSIDE_WINDOW,	/* phone calls outside the call windows,
				   Monday mornings included (rule 5) */
	SM_REQUESTS,		/* distinct request contacts (rule 11) */
	SM_N
};

struct sum_metric_info {
	const char	*name;		/* its column */
	int		 kind;		/* enum sum_kind */
	const char	*what;		/* its formula, in a few words */
};

extern const struct sum_metric_info sum_metrics[SM_N];

/* The metric of a column name, or -1. */
int	 sum_metric_by_name(const char *);
/* The key of a name, or -1. */
int	 sum_key_by_name(const char *);

/* A period with no bounds. */
#define SUM_NO_BOUND_LO	(-0x7fffffffffffffffLL)
#define SUM_NO_BOUND_HI	0x7fffffffffffffffLL

struct sum_opts {
	int		 keys[SK_N];	/* enum sum_key, in --by order */
	size_t		 nkeys;		/* 0: the totals row alone */
	long long	 from, to;	/* call times counted: [from, to) */
	long long	 as_of;		/* the log as it stood; or
					   CALLLOG_NO_AS_OF */
	const struct policy *pol;	/* windows, per_day, week_rule, ... */
	const struct calendar *cal;	/* working days (quota, bunched) */
	double		 bunch_factor;	/* policy bunch_factor (2) */
	const char	*tmpdir;	/* a log on a pipe is kept here */
	const char	*label;		/* the period, for --check's lines
					   ("2026-11-W3"); NULL: none */
	int		 monthly;	/* a month (sum_period_month): the
					   monthly rules are checked */
	int		 threads;	/* a log file read by as many, each
					   for its share of the contacts
					   (0 or 1: one) */
	long long	 thread_bytes;	/* of the log a thread at least
					   (0: any size) */
	int		 beside;	/* one part: the log read on a
					   thread beside the one that
					   summarizes it */
	int		 quiet;		/* the log's bad lines counted,
					   not said (a caller that reads
					   the log itself says them) */
};

/*
 * By store, the whole log, no time bound, bunch_factor from the
 * policy, "/tmp", one thread (32 MiB a thread when more).
 */
void	 sum_opts_init(struct sum_opts *, const struct policy *,
	    const struct calendar *);
/* "store,week" (--by): 0, or -1 with err naming the bad key. */
int	 sum_parse_keys(struct sum_opts *, const char *, char *);
/* The period: a week, a month, or the days from..to (inclusive). */
void	 sum_period_week(struct sum_opts *, const struct week *);
void	 sum_period_month(struct sum_opts *, const struct month *);
void	 sum_period_days(struct sum_opts *, int, int);

struct summary;

/* A summary to feed; exits as out of memory only. */
struct summary *summary_open(const struct sum_opts *);
/*
 * Feed a call log ("-" standard input), read through calllog.h; a big
 * file with o.threads > 1 by several threads, each summarizing its
 * share of the contacts (by id), merged as partials are: the same
 * figures, byte for byte.  Feed contacts (their store sizes) first.
 * Bad lines are said and counted (summary_bad).  0, or -1 with err when
 * it cannot be read at all (err empty: a read error, already said).
 */
int	 summary_log(struct summary *, const char *, char *);
/*
 * Feed what was planned (a due list: planned, by its due and agent),
 * submitted (contacts: submitted, gift_submitted, requests, store
 * sizes) or drawn (a sample: sampled).  Every row counts: the files
 * are the period's (the period filters the log only); the day, week
 * and month keys place a row by its date (a due list's: its due).
 * 0, or -1 with err (empty when already said).
 */
int	 summary_due(struct summary *, const char *, char *);
int	 summary_contacts(struct summary *, const char *, char *);
int	 summary_sample(struct summary *, const char *, char *);
/*
 * The same rows read once for many summaries (fu-report makes several
 * of one period): a tally of a due list, contacts or a sample, each
 * row counted under what a summary reads of it (type, store, its size,
 * date, agent), a few thousand entries for millions of rows.  Feeding
 * a tally gives the figures, and the partial state, that feeding its
 * files would, byte for byte; its bad lines are said once, when read,
 * and counted at each feed.  sum_tally_read reads a file whole; a
 * caller reading the file for itself gives sum_tally_columns the
 * reader after tsv_open, then each good row to sum_tally_row and each
 * bad one (already said) to sum_tally_bad.
 */
enum sum_input { SUM_DUE, SUM_CONTACTS, SUM_SAMPLE };
struct sum_tally;
struct tsv_reader;
struct sum_tally *sum_tally_open(enum sum_input);
int	 sum_tally_read(struct sum_tally *, const char *, char *);
/* 0, or -1 with err: no store column, no date (due) column. */
int	 sum_tally_columns(struct sum_tally *, const struct tsv_reader *,
	    char *);
void	 sum_tally_row(struct sum_tally *, const struct tsv_reader *);
void	 sum_tally_bad(struct sum_tally *);
/* The bad lines counted. */
long	 sum_tally_nbad(const struct sum_tally *);
void	 summary_feed(struct summary *, const struct sum_tally *);
void	 sum_tally_free(struct sum_tally *);
/*
 * Feed a partial summary (summary_write_partial's output) made with the
 * same keys: its state is added to this one's.  For parts split by
 * contact id the merged figures are those of the whole, exactly.
 * 0, or -1 with err (a partial of other keys, a damaged one).
 */
int	 summary_merge(struct summary *, const char *, char *);
/* Lines that were bad (said on standard error), of every input. */
long	 summary_bad(const struct summary *);

/*
 * Done feeding: the groups sorted and the totals made; what was kept
 * for each contact is let go (a partial is written before).
 */
void	 summary_finish(struct summary *);
/* After summary_finish: the groups and the totals row (the last). */
size_t	 summary_nrows(const struct summary *);
int	 summary_is_total(const struct summary *, size_t);
/*
 * A key's value in a row: "" for a key not grouped by; the totals row
 * has "合计" for the first key and "" for the others.  Day, week and
 * month are formatted into s, valid until the next call for that key.
 */
const char *summary_keyval(const struct summary *, size_t, int);
/* A metric's value: 0, or -1 when it has none (a rate of 0/0). */
int	 summary_get(const struct summary *, size_t, int, double *);
/* As written in the table: "" when it has none.  Room for SUM_FMT. */
#define SUM_FMT	32
void	 summary_format(const struct summary *, size_t, int, char *);
/* The table: a header of the keys then the metrics, the rows. */
void	 summary_write(const struct summary *, FILE *);
/*
 * Every broken rule, one line each on standard error as
 * "prog: PERIOD: GROUP: what" (fu-summarize(1) "--check"): the number
 * of lines.
 */
long	 summary_check(const struct summary *);
/* The mergeable state: before summary_finish, or without it. */
void	 summary_write_partial(const struct summary *, FILE *);
void	 summary_close(struct summary *);

#endif
