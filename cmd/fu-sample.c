/*
 * fu-sample: contacts in, this week's follow-ups out: 40% of each
 * store's gifts by value, service customers by amount tier, small
 * stores topped up to their monthly minimum, large and small stores
 * by turns, recent successes and the do-not-call list left out.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/env.h"
#include "base/err.h"
#include "base/opt.h"
#include "base/rand.h"
#include "base/util.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/policy.h"
#include "sample/sample.h"

enum {
	BUFFER_SIZE_OPTION = CHAR_MAX + 1,
	DNC_OPTION,
	GIFT_RATE_OPTION,
	HOLIDAYS_OPTION,
	LAST_OPTION,
	METHOD_OPTION,
	NEXT_OPTION,
	NOW_OPTION,
	POLICY_OPTION,
	RECENT_OPTION,
	SEED_OPTION,
	TIERS_OPTION,
	VERBOSE_OPTION,
	VERSION_OPTION,
	WEEK_OPTION
};

static const char short_options[] = "hl:";

static const struct option long_options[] = {
	{ "buffer-size", required_argument, NULL, BUFFER_SIZE_OPTION },
	{ "dnc", required_argument, NULL, DNC_OPTION },
	{ "gift-rate", required_argument, NULL, GIFT_RATE_OPTION },
	{ "help", no_argument, NULL, 'h' },
	{ "holidays", required_argument, NULL, HOLIDAYS_OPTION },
	{ "last", no_argument, NULL, LAST_OPTION },
	{ "log", required_argument, NULL, 'l' },
	{ "method", required_argument, NULL, METHOD_OPTION },
	{ "next", no_argument, NULL, NEXT_OPTION },
	{ "now", required_argument, NULL, NOW_OPTION },
	{ "policy", required_argument, NULL, POLICY_OPTION },
	{ "recent", required_argument, NULL, RECENT_OPTION },
	{ "seed", required_argument, NULL, SEED_OPTION },
	{ "tiers", required_argument, NULL, TIERS_OPTION },
	{ "verbose", no_argument, NULL, VERBOSE_OPTION },
	{ "version", no_argument, NULL, VERSION_OPTION },
	{ "week", required_argument, NULL, WEEK_OPTION },
	{ NULL, 0, NULL, 0 }
};

static const char synopsis[] =
    "usage: fu-sample [--seed N] [--gift-rate R] [--tiers SPEC] "
    "[--method weighted|top]\n"
    "                 [-l LOG [--recent DAYS]] [--dnc FILE] "
    "[--week W | --last | --next]\n"
    "                 [--now T] [--policy F] [--holidays F] "
    "[--buffer-size SIZE]\n"
    "                 [--verbose] [FILE...]\n";

static const struct opt_usage prog = { "fu-sample", synopsis };

/* The command line as given; setup() checks it. */
struct options {
	const char	*dnc;		/* --dnc */
	int		 verbose;	/* --verbose */
	const char	*holidays;	/* --holidays; NULL: $FU_HOLIDAYS */
	const char	*log;		/* -l */
	const char	*method;	/* --method; NULL: the policy's */
	const char	*now;		/* --now; NULL: $FU_NOW */
	const char	*policy;	/* --policy; NULL: $FU_POLICY */
	const char	*rate;		/* --gift-rate; NULL: the policy's */
	const char	*recent;	/* --recent; NULL: the policy's */
	const char	*seed;		/* --seed; NULL: from the week */
	const char	*tiers;		/* --tiers; NULL: the policy's */
	const char	*week;		/* --week */
	size_t		 buffer;	/* --buffer-size; 0: the engine's */
	int		 last;		/* --last */
	int		 next;		/* --next */
};

static void
usage(int status)
{
	if (status != 0)
		opt_usage_exit(&prog);
	fputs(synopsis, stdout);
	printf("\n"
	    "Contacts TSV in (fu-import's output); the contacts to follow up "
	    "this week\nout, with the columns reason, rank and key added.  "
	    "No FILE, or -, is\nstandard input.\n"
	    "\n"
	    "      --seed N           the random seed (default: from the "
	    "week, as 2026-11-W3)\n"
	    "      --gift-rate R      share of each store's gift rows checked "
	    "(policy gift_rate,\n"
	    "                         0.40), rounded up\n"
	    "      --tiers SPEC       service tiers, yuan:count (policy "
	    "tiers,\n"
	    "                         1500-2999:20,3000-4999:30,5000-:50)\n"
	    "      --method M         gifts weighted by value (weighted) or "
	    "the highest (top)\n"
	    "  -l, --log LOG          the call log: leave out recent "
	    "successes, and top up\n"
	    "                         small stores to their monthly minimum\n"
	    "      --recent DAYS      a success this many days before the "
	    "week is recent\n"
	    "                         (policy recent_days, 30)\n"
	    "      --dnc FILE         phones never to call (a phone a line, "
	    "or TSV with phone)\n"
	    "      --week W           the week, 2026-11-W3 or a date in it "
	    "(default: this week)\n"
	    "      --last             the week before this one\n"
	    "      --next             the week after this one\n"
	    "      --now T            take T as now (also FU_NOW)\n"
	    "      --policy F         the policy file (also FU_POLICY)\n"
	    "      --holidays F       the calendar; else $FU_HOLIDAYS, else "
	    "the installed\n"
	    "                         share/fu/holidays-cn.tsv, else the "
	    "built-in copy\n"
	    "      --buffer-size SIZE memory to order the output in (32M, or "
	    "12 bytes a\n"
	    "                         row if more); more goes to temporary "
	    "files\n"
	    "      --verbose          phones in messages as written (default "
	    "masked)\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n"
	    "\n"
	    "Exit status: 0 done, 1 bad rows reported, 2 could not run.\n");
	exit(0);
}

/* An option that sets a policy key; "key: " left out of its message. */
static void
set_policy(struct policy *p, const char *key, const char *opt,
    const char *value)
{
	char err[FU_ERRBUF];
	const char *msg = err;
	size_t n = strlen(key);

	if (policy_set(p, key, value, err) == 0)
		return;
	if (strncmp(err, key, n) == 0 && err[n] == ':' && err[n + 1] == ' ')
		msg = err + n + 2;
	opt_usage_errx(&prog, "%s: %s", opt, msg);
}

/* 64M, 512K, 1G or bytes. */
static size_t
parse_size(const char *arg)
{
	char num[32];
	const char *errstr;
	size_t n = strlen(arg), mult = 1;
	long long v;

	if (n > 0 && n < sizeof(num)) {
		switch (arg[n - 1]) {
		case 'K': case 'k':
			mult = 1024;
			n--;
			break;
		case 'M': case 'm':
			mult = 1024 * 1024;
			n--;
			break;
		case 'G': case 'g':
			mult = 1024 * 1024 * 1024;
			n--;
			break;
		}
		memcpy(num, arg, n);
		num[n] = '\0';
		v = fu_strtonum(num, 1, LLONG_MAX / 1073741824LL, &errstr);
		if (errstr == NULL)
			return (size_t)v * mult;
	}
	opt_bad_value(&prog, "--buffer-size", arg, "not a size (as 64M)");
}

static void
parse_options(int argc, char *argv[], struct options *opts)
{
	int ch;

	memset(opts, 0, sizeof(*opts));
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --buffer-size */
		case BUFFER_SIZE_OPTION:
			opts->buffer = parse_size(optarg);
			break;
		/* --dnc */
		case DNC_OPTION:
			opts->dnc = optarg;
			break;
		/* --gift-rate */
		case GIFT_RATE_OPTION:
			opts->rate = optarg;
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
		/* --method */
		case METHOD_OPTION:
			opts->method = optarg;
			break;
		/* --next */
		case NEXT_OPTION:
			opts->next = 1;
			break;
		/* --now */
		case NOW_OPTION:
			opts->now = optarg;
			break;
		/* --policy */
		case POLICY_OPTION:
			opts->policy = optarg;
			break;
		/* --recent */
		case RECENT_OPTION:
			opts->recent = optarg;
			break;
		/* --seed */
		case SEED_OPTION:
			opts->seed = optarg;
			break;
		/* --tiers */
		case TIERS_OPTION:
			opts->tiers = optarg;
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

/*
 * The run started from the options and the environment: the seed, the
 * policy (into pol) with the options that set its keys, now and the
 * week, checked in this order (the first error is the one reported).  A
 * bad value is a usage error; -1 when the policy could not be read
 * (reported), with pol freed.
 */
static int
setup(const struct options *opts, const struct fu_env *env,
    struct policy *pol, struct sample *s)
{
	char err[FU_ERRBUF];
	const char *errstr;
	struct calendar cal;
	struct week w;
	long long now;
	uint64_t seed;
	int wd[7];
	size_t nwd;

	seed = 0;
	if (opts->seed != NULL) {
		seed = (uint64_t)fu_strtonum(opts->seed, 0, LLONG_MAX,
		    &errstr);
		if (errstr != NULL)
			opt_bad_value(&prog, "--seed", opts->seed, errstr);
	}
	policy_init(pol);
	if (policy_load(pol, opts->policy != NULL ? opts->policy :
	    env->policy) == -1) {
		policy_free(pol);
		return -1;
	}
	if (opts->rate != NULL)
		set_policy(pol, "gift_rate", "--gift-rate", opts->rate);
	if (opts->tiers != NULL)
		set_policy(pol, "tiers", "--tiers", opts->tiers);
	if (opts->method != NULL)
		set_policy(pol, "gift_method", "--method", opts->method);
	if (opts->recent != NULL)
		set_policy(pol, "recent_days", "--recent", opts->recent);
	if (pol->tiers.n > SAMPLE_MAX_TIERS)
		fu_errx(FU_EXIT_FATAL, "tiers: more than %d tiers",
		    SAMPLE_MAX_TIERS);
	now = fu_now_or_exit(&prog, opts->now, env->now);
	if (week_select(opts->week, opts->last, opts->next, now,
	    pol->week_rule, &w, err) == -1)
		opt_usage_errx(&prog, "--week: %s", err);

	sample_init(s, pol, &w, 0);
	/* Nothing drawn that is dated after the week's last working day. */
	if (cal_find(&cal, opts->holidays, env->holidays) == -1) {
		policy_free(pol);
		return -1;
	}
	if ((nwd = cal_workdays(&cal, w.monday, w.monday + 6, wd)) > 0)
		s->lastwd = wd[nwd - 1];
	/* A holiday the calendar does not know is never silently worked. */
	if (cal_check_years(&cal, w.monday, w.monday + 6) > 0)
		s->status = FU_EXIT_DATA;
	cal_free(&cal);
	s->tmpdir = env->tmpdir;
	s->quiet = env->quiet;
	s->seed = opts->seed != NULL ? seed : rnd_seed_str(s->label);
	if (opts->buffer > 0)
		s->buffer = opts->buffer;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct options opts;
	struct policy pol;
	struct sample s;
	char *stdin_only[] = { "-", NULL };
	int i, rc, status = FU_EXIT_OK;

	fu_init(argv);
	fu_env_read(&env);
	parse_options(argc, argv, &opts);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		argv = stdin_only;
	if (opts.last + opts.next + (opts.week != NULL) > 1)
		opt_usage_errx(&prog, "--week, --last and --next: one at most");
	if (opts.recent != NULL && opts.log == NULL)
		opt_usage_errx(&prog, "--recent: successes are found in the "
		    "log: give --log");
	if (setup(&opts, &env, &pol, &s) == -1)
		return FU_EXIT_FATAL;

	if (opts.dnc != NULL &&
	    (rc = dnc_load(&s.dnc, opts.dnc, opts.verbose)) != 0) {
		if (rc == -1)
			exit(FU_EXIT_FATAL);
		status = FU_EXIT_DATA;
	}
	if (opts.log != NULL && (rc = sample_load_log(&s, opts.log)) != 0) {
		if (rc == -1)
			exit(FU_EXIT_FATAL);
		status = FU_EXIT_DATA;
	}
	for (i = 0; argv[i] != NULL; i++)
		if (sample_read(&s, argv[i]) == -1)
			s.status = FU_EXIT_FATAL;
	if (s.status != FU_EXIT_FATAL)
		sample_draw(&s);
	if (s.status == FU_EXIT_FATAL)
		exit(FU_EXIT_FATAL);
	if (sample_write(&s, stdout) == -1)
		exit(FU_EXIT_FATAL);
	/* A full disk is said before the summary, which would deny it. */
	fflush(stdout);
	fu_check_out(stdout, "standard output");
	sample_report(&s);
	if (s.status > status)
		status = s.status;
	sample_free(&s);
	policy_free(&pol);
	fu_close_stdout();
	return status;
}
