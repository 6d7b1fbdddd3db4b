/*
 * fu-summarize: call logs in, the figures an office is judged by out,
 * one row a group and a totals row: every outcome, the funnel, scores,
 * complaints, gift coverage, quotas and the rule checks, as of any
 * time; partial summaries out and merged, for logs split by contact.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/env.h"
#include "base/err.h"
#include "base/opt.h"
#include "base/pool.h"
#include "base/util.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/policy.h"
#include "log/calllog.h"
#include "summary/summary.h"

enum {
	AS_OF_OPTION = CHAR_MAX + 1,
	BY_OPTION,
	CHECK_OPTION,
	CONTACTS_OPTION,
	DUE_OPTION,
	FROM_OPTION,
	HOLIDAYS_OPTION,
	LAST_OPTION,
	LAST_MONTH_OPTION,
	MERGE_OPTION,
	MONTH_OPTION,
	NOW_OPTION,
	PARTIAL_OPTION,
	POLICY_OPTION,
	SAMPLE_OPTION,
	TO_OPTION,
	VERSION_OPTION,
	WEEK_OPTION
};

static const char short_options[] = "hl:";

static const struct option long_options[] = {
	{ "as-of", required_argument, NULL, AS_OF_OPTION },
	{ "by", required_argument, NULL, BY_OPTION },
	{ "check", no_argument, NULL, CHECK_OPTION },
	{ "contacts", required_argument, NULL, CONTACTS_OPTION },
	{ "due", required_argument, NULL, DUE_OPTION },
	{ "from", required_argument, NULL, FROM_OPTION },
	{ "help", no_argument, NULL, 'h' },
	{ "holidays", required_argument, NULL, HOLIDAYS_OPTION },
	{ "last", no_argument, NULL, LAST_OPTION },
	{ "last-month", no_argument, NULL, LAST_MONTH_OPTION },
	{ "log", required_argument, NULL, 'l' },
	{ "merge", no_argument, NULL, MERGE_OPTION },
	{ "month", required_argument, NULL, MONTH_OPTION },
	{ "now", required_argument, NULL, NOW_OPTION },
	{ "partial", no_argument, NULL, PARTIAL_OPTION },
	{ "policy", required_argument, NULL, POLICY_OPTION },
	{ "sample", required_argument, NULL, SAMPLE_OPTION },
	{ "to", required_argument, NULL, TO_OPTION },
	{ "version", no_argument, NULL, VERSION_OPTION },
	{ "week", required_argument, NULL, WEEK_OPTION },
	{ NULL, 0, NULL, 0 }
};

static const char synopsis[] =
    "usage: fu-summarize [--by KEYS] [--week W | --month M | --from D --to D"
    " | --last\n"
    "                    | --last-month] [--as-of T] [--due F] "
    "[--contacts F] [--sample F]\n"
    "                    [--check] [--partial | --merge] [--now T] "
    "[--policy F]\n"
    "                    [--holidays F] [-l LOG] [FILE...]\n";

static const struct opt_usage prog = { "fu-summarize", synopsis };

/* The command line as given; setup() checks it. */
struct options {
	const char	*as_of;		/* --as-of */
	const char	*by;		/* --by; NULL: store */
	const char	*contacts;	/* --contacts */
	const char	*due;		/* --due */
	const char	*from;		/* --from */
	const char	*holidays;	/* --holidays; NULL: $FU_HOLIDAYS */
	const char	*log;		/* -l; NULL: $FU_LOG, calls.tsv */
	const char	*month;		/* --month */
	const char	*now;		/* --now; NULL: $FU_NOW */
	const char	*policy;	/* --policy; NULL: $FU_POLICY */
	const char	*sample;	/* --sample */
	const char	*to;		/* --to */
	const char	*week;		/* --week */
	int		 check;		/* --check */
	int		 last;		/* --last */
	int		 last_month;	/* --last-month */
	int		 merge;		/* --merge */
	int		 partial;	/* --partial */
};

static void
usage(int status)
{
	if (status != 0)
		opt_usage_exit(&prog);
	fputs(synopsis, stdout);
	printf("\n"
	    "Call logs in (fu-record's; no FILE: -l LOG, else $FU_LOG, else "
	    "calls.tsv; - is\nstandard input); a TSV table out: the keys, then "
	    "every figure (fu-summarize(1)\nsays each formula), a row a group "
	    "in byte order, then the totals (合计).\n"
	    "\n"
	    "      --by KEYS          group by store, store_size, agent, type, "
	    "method, day,\n"
	    "                         week, month, comma-separated "
	    "(default: store)\n"
	    "      --week W           calls of a week, 2026-11-W3 or a date in "
	    "it\n"
	    "      --month M          calls of a month, 2026-11\n"
	    "      --from D --to D    calls of the days D to D\n"
	    "      --last             the last whole week before now\n"
	    "      --last-month       the last whole month before now\n"
	    "                         (no period: the whole log)\n"
	    "      --as-of T          the log as it stood at T: later lines and "
	    "corrections\n"
	    "                         left out\n"
	    "      --due F            the due list: planned, visit_rate\n"
	    "      --contacts F       the contacts: submitted, gift_submitted, "
	    "requests,\n"
	    "                         store sizes\n"
	    "      --sample F         the sample: sampled\n"
	    "      --check            every broken rule a line on standard "
	    "error; exit 1\n"
	    "      --partial          write mergeable state, not the table\n"
	    "      --merge            FILEs are --partial outputs: merge "
	    "them\n"
	    "  -l, --log LOG          the call log (also FU_LOG)\n"
	    "      --now T            take T as now (also FU_NOW)\n"
	    "      --policy F         the policy file (also FU_POLICY)\n"
	    "      --holidays F       the calendar (also FU_HOLIDAYS)\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n"
	    "\n"
	    "Exit status: 0 done, 1 bad lines or (--check) a rule broken, 2 "
	    "could not run.\n");
	exit(0);
}

static void
parse_options(int argc, char *argv[], struct options *opts)
{
	int ch;

	memset(opts, 0, sizeof(*opts));
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --as-of */
		case AS_OF_OPTION:
			opts->as_of = optarg;
			break;
		/* --by */
		case BY_OPTION:
			opts->by = optarg;
			break;
		/* --check */
		case CHECK_OPTION:
			opts->check = 1;
			break;
		/* --contacts */
		case CONTACTS_OPTION:
			opts->contacts = optarg;
			break;
		/* --due */
		case DUE_OPTION:
			opts->due = optarg;
			break;
		/* --from */
		case FROM_OPTION:
			opts->from = optarg;
			break;
		/* -h, --help */
		case 'h':
			usage(0);
			break;
		/* --holidays */
		case HOLIDAYS_OPTION:
			opts->holidays = optarg;
			break;
		/* --last */
		case LAST_OPTION:
			opts->last = 1;
			break;
		/* --last-month */
		case LAST_MONTH_OPTION:
			opts->last_month = 1;
			break;
		/* -l, --log */
		case 'l':
			opts->log = optarg;
			break;
		/* --merge */
		case MERGE_OPTION:
			opts->merge = 1;
			break;
		/* --month */
		case MONTH_OPTION:
			opts->month = optarg;
			break;
		/* --now */
		case NOW_OPTION:
			opts->now = optarg;
			break;
		/* --partial */
		case PARTIAL_OPTION:
			opts->partial = 1;
			break;
		/* --policy */
		case POLICY_OPTION:
			opts->policy = optarg;
			break;
		/* --sample */
		case SAMPLE_OPTION:
			opts->sample = optarg;
			break;
		/* --to */
		case TO_OPTION:
			opts->to = optarg;
			break;
		/* --version */
		case VERSION_OPTION:
			fu_print_version();
			exit(0);
		/* --week */
		case WEEK_OPTION:
			opts->week = optarg;
			break;
		default:
			usage(FU_EXIT_FATAL);
		}
	}
}

static int
parse_day(const char *opt, const char *v)
{
	char err[FU_ERRBUF];
	int d;

	if (date_parse(v, strlen(v), 0, &d, err) == -1)
		opt_usage_errx(&prog, "%s: %s", opt, err);
	return d;
}

/*
 * The period, the keys and the time bound into o, and its label; the
 * first error is the one reported (a usage error).
 */
static void
setup(const struct options *opts, const struct fu_env *env,
    const struct policy *pol, const struct calendar *cal,
    struct sum_opts *o, char *label)
{
	char err[FU_ERRBUF], a[16], b[16];
	struct week w;
	struct month m;
	long long now = 0, t;
	int from, to;

	sum_opts_init(o, pol, cal);
	o->tmpdir = env->tmpdir;
	/*
	 * FU_THREADS splits the contacts between threads that each read
	 * the whole log: they pay only with idle cores.  Measured on the
	 * loaded 2-core machine, 10M genlog rows: 1 thread 23.1 s (8.5 s
	 * user), 2 threads 32.6 s (12.5 s user).  Without it, the log is
	 * read on one core and summarized on another, where there are two.
	 */
	if (env->threads != NULL) {
		o->threads = pool_threads(env->threads, 16);
		o->thread_bytes = 0;
	} else
		o->beside = pool_threads(NULL, 2) >= 2;
	if (opts->by != NULL && sum_parse_keys(o, opts->by, err) == -1)
		opt_usage_errx(&prog, "--by: %s", err);
	if (opts->last || opts->last_month || opts->week != NULL)
		now = fu_now_or_exit(&prog, opts->now, env->now);
	else if (opts->now != NULL || env->now != NULL)
		now = fu_now_or_exit(&prog, opts->now, env->now);
	if (opts->week != NULL || opts->last) {
		if (week_select(opts->week, opts->last, 0, now,
		    (enum week_rule)pol->week_rule, &w, err) == -1)
			opt_usage_errx(&prog, "--week: %s", err);
		sum_period_week(o, &w);
		week_format(&w, label);
	} else if (opts->month != NULL || opts->last_month) {
		if (month_select(opts->month, opts->last_month, now, &m,
		    err) == -1)
			opt_usage_errx(&prog, "--month: %s", err);
		sum_period_month(o, &m);
		month_format(&m, label);
	} else if (opts->from != NULL) {
		from = parse_day("--from", opts->from);
		to = parse_day("--to", opts->to);
		if (to < from)
			opt_usage_errx(&prog, "--to: %s is before --from %s",
			    opts->to, opts->from);
		sum_period_days(o, from, to);
		date_format(from, a);
		date_format(to, b);
		snprintf(label, 64, "%s..%s", a, b);
	} else
		snprintf(label, 64, "all");
	o->label = label;
	if (opts->as_of != NULL) {
		if (time_parse(opts->as_of, strlen(opts->as_of), TIME_DATE_OK,
		    &t, err) == -1)
			opt_usage_errx(&prog, "--as-of: %s", err);
		o->as_of = t;
	}
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct options opts;
	struct policy pol;
	struct calendar cal;
	struct sum_opts o;
	struct summary *s;
	char err[FU_ERRBUF], label[64];
	char *deflog[] = { NULL, NULL };
	const char *what;
	int i, rc, periods, status = FU_EXIT_OK;

	fu_init(argv);
	fu_env_read(&env);
	parse_options(argc, argv, &opts);
	argc -= optind;
	argv += optind;
	periods = (opts.week != NULL) + opts.last + (opts.month != NULL) +
	    opts.last_month + (opts.from != NULL || opts.to != NULL);
	if (periods > 1)
		opt_usage_errx(&prog, "--week, --month, --from/--to, --last "
		    "and --last-month: one at most");
	if ((opts.from != NULL) != (opts.to != NULL))
		opt_usage_errx(&prog, "--from and --to go together");
	if (opts.partial && opts.check)
		opt_usage_errx(&prog, "--check works on the table, not "
		    "--partial");
	if (opts.merge && argc == 0)
		opt_usage_errx(&prog, "--merge: name the partial summaries");
	if (opts.merge && (opts.due != NULL || opts.contacts != NULL ||
	    opts.sample != NULL || opts.log != NULL || opts.as_of != NULL))
		opt_usage_errx(&prog, "--merge takes partial summaries alone: "
		    "give --due, --contacts, --sample, -l and --as-of to "
		    "--partial");
	if (argc > 0 && opts.log != NULL)
		opt_usage_errx(&prog, "-l or FILE operands, not both");
	if (argc == 0) {
		deflog[0] = (char *)(opts.log != NULL ? opts.log :
		    env.log != NULL ? env.log : "calls.tsv");
		argv = deflog;
	}

	policy_init(&pol);
	if (policy_load(&pol, opts.policy != NULL ? opts.policy :
	    env.policy) == -1) {
		policy_free(&pol);
		return FU_EXIT_FATAL;
	}
	if (cal_find(&cal, opts.holidays, env.holidays) == -1) {
		policy_free(&pol);
		return FU_EXIT_FATAL;
	}
	setup(&opts, &env, &pol, &cal, &o, label);
	if (periods > 0 && cal_check_years(&cal, (int)(o.from / 86400),
	    (int)(o.to / 86400) - 1) > 0)
		status = FU_EXIT_DATA;

	s = summary_open(&o);
	rc = 0;
	what = NULL;
	if (opts.contacts != NULL)
		rc = summary_contacts(s, what = opts.contacts, err);
	if (rc == 0 && opts.due != NULL)
		rc = summary_due(s, what = opts.due, err);
	if (rc == 0 && opts.sample != NULL)
		rc = summary_sample(s, what = opts.sample, err);
	for (i = 0; rc == 0 && argv[i] != NULL; i++)
		rc = opts.merge ? summary_merge(s, argv[i], err) :
		    summary_log(s, argv[i], err);
	if (rc == -1) {
		if (err[0] != '\0')
			fu_warnx("%s", err);
		summary_close(s);
		cal_free(&cal);
		policy_free(&pol);
		return FU_EXIT_FATAL;
	}
	(void)what;
	if (summary_bad(s) > 0)
		status = FU_EXIT_DATA;
	if (opts.partial)
		summary_write_partial(s, stdout);
	else {
		summary_finish(s);
		summary_write(s, stdout);
	}
	fflush(stdout);
	fu_check_out(stdout, "standard output");
	if (opts.check && summary_check(s) > 0)
		status = FU_EXIT_DATA;
	summary_close(s);
	cal_free(&cal);
	policy_free(&pol);
	fu_close_stdout();
	return status;
}
