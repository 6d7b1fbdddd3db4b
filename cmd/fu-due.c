/*
 * fu-due: the week's call plan: which working day, which call window
 * and slot, which agent, which attempt and why, for each contact.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/env.h"
#include "base/err.h"
#include "base/opt.h"
#include "base/rand.h"
#include "base/util.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/policy.h"
#include "due/due.h"

enum {
	AGENTS_OPTION = CHAR_MAX + 1,
	AGENTS_FILE_OPTION,
	DNC_OPTION,
	HOLIDAYS_OPTION,
	LAST_OPTION,
	NEXT_OPTION,
	NOW_OPTION,
	OVERFLOW_OPTION,
	PER_DAY_OPTION,
	POLICY_OPTION,
	RULES_OPTION,
	SEED_OPTION,
	VERBOSE_OPTION,
	VERSION_OPTION,
	WEEK_OPTION
};

static const char short_options[] = "hl:";

static const struct option long_options[] = {
	{ "agents", required_argument, NULL, AGENTS_OPTION },
	{ "agents-file", required_argument, NULL, AGENTS_FILE_OPTION },
	{ "dnc", required_argument, NULL, DNC_OPTION },
	{ "help", no_argument, NULL, 'h' },
	{ "holidays", required_argument, NULL, HOLIDAYS_OPTION },
	{ "last", no_argument, NULL, LAST_OPTION },
	{ "log", required_argument, NULL, 'l' },
	{ "next", no_argument, NULL, NEXT_OPTION },
	{ "now", required_argument, NULL, NOW_OPTION },
	{ "overflow", required_argument, NULL, OVERFLOW_OPTION },
	{ "per-day", required_argument, NULL, PER_DAY_OPTION },
	{ "policy", required_argument, NULL, POLICY_OPTION },
	{ "rules", required_argument, NULL, RULES_OPTION },
	{ "seed", required_argument, NULL, SEED_OPTION },
	{ "verbose", no_argument, NULL, VERBOSE_OPTION },
	{ "version", no_argument, NULL, VERSION_OPTION },
	{ "week", required_argument, NULL, WEEK_OPTION },
	{ NULL, 0, NULL, 0 }
};

static const char synopsis[] =
    "usage: fu-due [--week W | --last | --next] [--agents A,B,... | "
    "--agents-file F]\n"
    "              [--per-day N] [--holidays F] [-l LOG] [--rules F] "
    "[--dnc FILE]\n"
    "              [--overflow FILE] [--seed N] [--now TIME] "
    "[--policy FILE]\n"
    "              [--verbose] [FILE...]\n";

static const struct opt_usage prog = { "fu-due", synopsis };

/* The command line as given; setup() checks it and makes the plan. */
struct options {
	const char	*agents;	/* --agents A,B,... */
	const char	*agents_file;	/* --agents-file */
	const char	*dnc;		/* --dnc */
	int		 verbose;	/* --verbose */
	const char	*holidays;	/* --holidays; NULL: $FU_HOLIDAYS */
	const char	*log;		/* -l; NULL: $FU_LOG or calls.tsv */
	const char	*now;		/* --now; NULL: $FU_NOW */
	const char	*overflow;	/* --overflow */
	const char	*per_day;	/* --per-day; NULL: the policy's */
	const char	*policy;	/* --policy; NULL: $FU_POLICY */
	const char	*rules;		/* --rules */
	const char	*seed;		/* --seed; NULL: from the week */
	const char	*week;		/* --week */
	int		 last;		/* --last */
	int		 next;		/* --next */
};

/* What due_run is given, and what its options point at. */
struct plan {
	struct due_opts	 o;
	struct policy	 pol;
	struct calendar	 cal;
	struct due_rules rules;
};

static void
usage(int status)
{
	if (status != 0)
		opt_usage_exit(&prog);
	fputs(synopsis, stdout);
	printf("\n"
	    "Plan the week's follow-ups: each contact gets a working day, a "
	    "call window\n"
	    "and slot, an agent, an attempt and why.  Output: the contact's "
	    "columns and\n"
	    "due, window, slot, agent, attempt, why; sorted by due, agent, "
	    "slot.\n"
	    "\n"
	    "      --week W           the week (2026-11-W3, or a date in it); "
	    "default now's\n"
	    "      --last             the last whole week before now\n"
	    "      --next             the week after now's\n"
	    "      --agents A,B,...   the agents who call; NAME:CAP gives one "
	    "a daily cap\n"
	    "                         of its own (else --per-day's)\n"
	    "      --agents-file F    agents: name, daily cap, stores "
	    "(TAB-separated)\n"
	    "      --per-day N        calls a day an agent (policy per_day, "
	    "30)\n"
	    "      --holidays F       the calendar; else $FU_HOLIDAYS, else "
	    "the installed\n"
	    "                         share/fu/holidays-cn.tsv, else the "
	    "built-in copy\n"
	    "  -l, --log LOG          the call log (or $FU_LOG; default "
	    "calls.tsv if it exists)\n"
	    "      --rules F          timing rules: name, type, after_days, "
	    "within_days,\n"
	    "                         every_days, times, match\n"
	    "      --dnc FILE         phones never to call (a phone a line, "
	    "or TSV with phone)\n"
	    "      --overflow FILE    rows over the week's capacity (else "
	    "listed on stderr)\n"
	    "      --seed N           the seed of the order (default: from the "
	    "week)\n"
	    "      --now TIME         the time taken as now (or $FU_NOW)\n"
	    "      --policy FILE      policy file (or $FU_POLICY)\n"
	    "      --verbose          phones in messages as written (default "
	    "masked)\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n"
	    "\n"
	    "why: 首访 first visit, 再拨 second dial, 回电 callback, 回电顺延 "
	    "callback moved\n"
	    "to the first window at or after the time agreed, 回电逾期 "
	    "overdue callback,\n"
	    "复访 re-visit, or the name of a timing rule.\n"
	    "\n"
	    "Exit status: 0 planned, 1 bad rows or rows over capacity, the "
	    "week over, or\n"
	    "a year of the week the calendar has no entries for; 2 could not "
	    "run.\n");
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
		/* --agents */
		case AGENTS_OPTION:
			opts->agents = optarg;
			break;
		/* --agents-file */
		case AGENTS_FILE_OPTION:
			opts->agents_file = optarg;
			break;
		/* --dnc */
		case DNC_OPTION:
			opts->dnc = optarg;
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
		/* -l, --log */
		case 'l':
			opts->log = optarg;
			break;
		/* --next */
		case NEXT_OPTION:
			opts->next = 1;
			break;
		/* --now */
		case NOW_OPTION:
			opts->now = optarg;
			break;
		/* --overflow */
		case OVERFLOW_OPTION:
			opts->overflow = optarg;
			break;
		/* --per-day */
		case PER_DAY_OPTION:
			opts->per_day = optarg;
			break;
		/* --policy */
		case POLICY_OPTION:
			opts->policy = optarg;
			break;
		/* --rules */
		case RULES_OPTION:
			opts->rules = optarg;
			break;
		/* --seed */
		case SEED_OPTION:
			opts->seed = optarg;
			break;
		/* --verbose */
		case VERBOSE_OPTION:
			opts->verbose = 1;
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

/* Also a plan half made: setup zeroes it first, and each part frees. */
static void
plan_free(struct plan *p)
{
	due_rules_free(&p->rules);
	due_agents_free(p->o.agent, p->o.nagent);
	cal_free(&p->cal);
	policy_free(&p->pol);
}

/*
 * The plan from the options and the environment, checked in this order
 * (the first error is the one reported).  A bad value is a usage error;
 * -1 when a file could not be used (reported), with the plan freed.
 */
static int
setup(struct plan *p, const struct options *opts, const struct fu_env *env)
{
	struct due_opts *o = &p->o;
	char err[FU_ERRBUF], wk[16];
	const char *e;
	long long v;

	memset(p, 0, sizeof(*p));
	policy_init(&p->pol);
	if (policy_load(&p->pol, opts->policy != NULL ? opts->policy :
	    env->policy) == -1)
		goto fail;
	/* The option is named, not its policy key. */
	if (opts->per_day != NULL &&
	    policy_set(&p->pol, "per_day", opts->per_day, err) == -1)
		opt_usage_errx(&prog, "--per-day: %s",
		    strncmp(err, "per_day: ", 9) == 0 ? err + 9 : err);
	o->now = fu_now_or_exit(&prog, opts->now, env->now);
	if (week_select(opts->week, opts->last, opts->next, o->now,
	    p->pol.week_rule, &o->wk, err) == -1)
		opt_usage_errx(&prog, "--week: %s", err);
	week_format(&o->wk, wk);
	o->seed = rnd_seed_str(wk);
	if (opts->seed != NULL) {
		v = fu_strtonum(opts->seed, 0, LLONG_MAX, &e);
		if (e != NULL)
			opt_bad_value(&prog, "--seed", opts->seed, e);
		o->seed = (uint64_t)v;
	}
	if (opts->agents != NULL && due_agents_parse(opts->agents,
	    p->pol.per_day, &o->agent, &o->nagent, err) == -1)
		opt_usage_errx(&prog, "--agents: %s", err);
	if (opts->agents_file != NULL && due_agents_load(opts->agents_file,
	    p->pol.per_day, &o->agent, &o->nagent) == -1)
		goto fail;
	if (cal_find(&p->cal, opts->holidays, env->holidays) == -1)
		goto fail;
	if (opts->rules != NULL) {
		if (due_rules_load(opts->rules, &p->rules) == -1)
			goto fail;
		o->rules = &p->rules;
	}
	if ((o->log = opts->log) == NULL && (o->log = env->log) == NULL &&
	    access("calls.tsv", F_OK) == 0)
		o->log = "calls.tsv";
	o->dnc = opts->dnc;
	o->verbose = opts->verbose;
	o->overflow = opts->overflow;
	o->pol = &p->pol;
	o->cal = &p->cal;
	o->tmpdir = env->tmpdir;
	return 0;

fail:
	plan_free(p);
	return -1;
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct options opts;
	struct plan p;
	char *stdin_only[] = { "-", NULL };
	int status;

	fu_init(argv);
	fu_env_read(&env);
	parse_options(argc, argv, &opts);
	argc -= optind;
	argv += optind;
	if ((opts.week != NULL) + opts.last + opts.next > 1)
		opt_usage_errx(&prog, "--week, --last and --next go alone");
	if (opts.agents != NULL && opts.agents_file != NULL)
		opt_usage_errx(&prog, "--agents or --agents-file, not both");
	if (setup(&p, &opts, &env) == -1)
		return FU_EXIT_FATAL;

	status = due_run(&p.o, argc > 0 ? argv : stdin_only, stdout);

	plan_free(&p);
	fu_close_stdout();
	return status;
}
