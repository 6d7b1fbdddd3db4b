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

#include "fmt/calendar.h"
#include "fmt/date.h"
#include "due/due.h"
#include "base/env.h"
#include "base/err.h"
#include "fmt/policy.h"
#include "base/rand.h"
#include "base/util.h"

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
    "[--policy FILE] [FILE...]\n";

static void
usage(int status)
{
	if (status != 0) {
		fputs(synopsis, stderr);
		fputs("Try 'fu-due --help' for more.\n", stderr);
		exit(status);
	}
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
	    "      --dnc FILE         do-not-call numbers: a phone a line, or "
	    "TSV with phone\n"
	    "      --overflow FILE    rows over the week's capacity (else "
	    "listed on stderr)\n"
	    "      --seed N           the seed of the order (default: from the "
	    "week)\n"
	    "      --now TIME         the time taken as now (or $FU_NOW)\n"
	    "      --policy FILE      policy file (or $FU_POLICY)\n"
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

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct due_opts o;
	struct policy pol;
	struct calendar cal;
	struct due_rules rules;
	char err[FU_ERRBUF], wk[16];
	char *stdin_only[] = { "-", NULL };
	const char *week = NULL, *agents = NULL, *agents_file = NULL;
	const char *holidays = NULL, *now_arg = NULL, *policy = NULL;
	const char *per_day = NULL, *seed = NULL, *rules_file = NULL, *e;
	int ch, last = 0, next = 0, status;
	long long v;

	fu_init(argv);
	fu_env_read(&env);
	memset(&o, 0, sizeof(o));
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --agents */
		case AGENTS_OPTION:
			agents = optarg;
			break;
		/* --agents-file */
		case AGENTS_FILE_OPTION:
			agents_file = optarg;
			break;
		/* --dnc */
		case DNC_OPTION:
			o.dnc = optarg;
			break;
		/* -h, --help */
		case 'h':
			usage(0);
			break;
		/* --holidays */
		case HOLIDAYS_OPTION:
			holidays = optarg;
			break;
		/* --last */
		case LAST_OPTION:
			last = 1;
			break;
		/* -l, --log */
		case 'l':
			o.log = optarg;
			break;
		/* --next */
		case NEXT_OPTION:
			next = 1;
			break;
		/* --now */
		case NOW_OPTION:
			now_arg = optarg;
			break;
		/* --overflow */
		case OVERFLOW_OPTION:
			o.overflow = optarg;
			break;
		/* --per-day */
		case PER_DAY_OPTION:
			per_day = optarg;
			break;
		/* --policy */
		case POLICY_OPTION:
			policy = optarg;
			break;
		/* --rules */
		case RULES_OPTION:
			rules_file = optarg;
			break;
		/* --seed */
		case SEED_OPTION:
			seed = optarg;
			break;
		/* --version */
		case VERSION_OPTION:
			fu_print_version();
			return 0;
		/* --week */
		case WEEK_OPTION:
			week = optarg;
			break;
		default:
			usage(FU_EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;
	if ((week != NULL) + last + next > 1) {
		fu_warnx("--week, --last and --next go alone");
		usage(FU_EXIT_FATAL);
	}
	if (agents != NULL && agents_file != NULL) {
		fu_warnx("--agents or --agents-file, not both");
		usage(FU_EXIT_FATAL);
	}

	policy_init(&pol);
	if (policy_load(&pol, policy != NULL ? policy : env.policy) == -1)
		return FU_EXIT_FATAL;
	if (per_day != NULL && policy_set(&pol, "per_day", per_day, err) == -1) {
		/* The option is named, not its policy key. */
		fu_warnx("--per-day: %s", strncmp(err, "per_day: ", 9) == 0 ?
		    err + 9 : err);
		usage(FU_EXIT_FATAL);
	}
	if (fu_now(now_arg, env.now, &o.now, err) == -1) {
		/* A bad --now is a usage error; a bad FU_NOW is not. */
		if (now_arg != NULL) {
			fu_warnx("%s", err);
			usage(FU_EXIT_FATAL);
		}
		fu_errx(FU_EXIT_FATAL, "%s", err);
	}
	if (week_select(week, last, next, o.now, pol.week_rule, &o.wk,
	    err) == -1) {
		fu_warnx("--week: %s", err);
		usage(FU_EXIT_FATAL);
	}
	week_format(&o.wk, wk);
	o.seed = rnd_seed_str(wk);
	if (seed != NULL) {
		v = fu_strtonum(seed, 0, LLONG_MAX, &e);
		if (e != NULL) {
			fu_warnx("--seed: \"%s\" is %s", seed, e);
			usage(FU_EXIT_FATAL);
		}
		o.seed = (uint64_t)v;
	}
	if (agents != NULL && due_agents_parse(agents, pol.per_day, &o.agent,
	    &o.nagent, err) == -1) {
		fu_warnx("--agents: %s", err);
		usage(FU_EXIT_FATAL);
	}
	if (agents_file != NULL && due_agents_load(agents_file, pol.per_day,
	    &o.agent, &o.nagent) == -1)
		return FU_EXIT_FATAL;
	if (cal_find(&cal, holidays, env.holidays) == -1) {
		due_agents_free(o.agent, o.nagent);
		policy_free(&pol);
		return FU_EXIT_FATAL;
	}
	if (rules_file != NULL) {
		if (due_rules_load(rules_file, &rules) == -1)
			return FU_EXIT_FATAL;
		o.rules = &rules;
	}
	if (o.log == NULL && (o.log = env.log) == NULL &&
	    access("calls.tsv", F_OK) == 0)
		o.log = "calls.tsv";
	o.pol = &pol;
	o.cal = &cal;
	o.tmpdir = env.tmpdir;

	status = due_run(&o, argc > 0 ? argv : stdin_only, stdout);

	if (o.rules != NULL)
		due_rules_free(&rules);
	due_agents_free(o.agent, o.nagent);
	cal_free(&cal);
	policy_free(&pol);
	fu_close_stdout();
	return status;
}
