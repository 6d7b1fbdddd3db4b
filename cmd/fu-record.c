/*
 * fu-record: the only writer of the call log: one outcome from the
 * command line, many from a batch file, or a due list walked at the
 * terminal; checked, then appended under a lock and synced.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/env.h"
#include "base/err.h"
#include "base/opt.h"
#include "base/util.h"
#include "fmt/csvin.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/policy.h"
#include "record/record.h"

enum {
	AGENT_OPTION = CHAR_MAX + 1,
	BATCH_OPTION,
	CALLBACK_OPTION,
	COMPLAINT_OPTION,
	CONTACTS_OPTION,
	CORRECT_OPTION,
	GIFT_OK_OPTION,
	INTERACTIVE_OPTION,
	MEND_OPTION,
	METHOD_OPTION,
	NO_SYNC_OPTION,
	NOTE_OPTION,
	NOW_OPTION,
	POLICY_OPTION,
	RESOLVED_OPTION,
	VERIFY_OPTION,
	VERSION_OPTION
};

static const char short_options[] = "e:hl:r:";

static const struct option long_options[] = {
	{ "agent", required_argument, NULL, AGENT_OPTION },
	{ "batch", no_argument, NULL, BATCH_OPTION },
	{ "callback", required_argument, NULL, CALLBACK_OPTION },
	{ "complaint", required_argument, NULL, COMPLAINT_OPTION },
	{ "contacts", required_argument, NULL, CONTACTS_OPTION },
	{ "correct", required_argument, NULL, CORRECT_OPTION },
	{ "encoding", required_argument, NULL, 'e' },
	{ "gift-ok", required_argument, NULL, GIFT_OK_OPTION },
	{ "help", no_argument, NULL, 'h' },
	{ "interactive", required_argument, NULL, INTERACTIVE_OPTION },
	{ "log", required_argument, NULL, 'l' },
	{ "mend", no_argument, NULL, MEND_OPTION },
	{ "method", required_argument, NULL, METHOD_OPTION },
	{ "no-sync", no_argument, NULL, NO_SYNC_OPTION },
	{ "note", required_argument, NULL, NOTE_OPTION },
	{ "now", required_argument, NULL, NOW_OPTION },
	{ "policy", required_argument, NULL, POLICY_OPTION },
	{ "rejects", required_argument, NULL, 'r' },
	{ "resolved", required_argument, NULL, RESOLVED_OPTION },
	{ "verify", no_argument, NULL, VERIFY_OPTION },
	{ "version", no_argument, NULL, VERSION_OPTION },
	{ NULL, 0, NULL, 0 }
};

static const char synopsis[] =
    "usage: fu-record [-l LOG] [--contacts F] ID OUTCOME [Q1 [Q2 [Q3]]]\n"
    "                 [--complaint TEXT] [--callback TIME] [--gift-ok 0|1]\n"
    "                 [--resolved DATE] [--agent NAME] [--method phone|sms]\n"
    "                 [--note TEXT] [--correct TS]\n"
    "       fu-record [-l LOG] [--contacts F] [-e ENC] [-r REJECTS] "
    "--batch [FILE...]\n"
    "       fu-record [-l LOG] [--contacts F] --interactive DUE.tsv\n"
    "       fu-record [-l LOG] --verify | --mend\n";

static const struct opt_usage prog = { "fu-record", synopsis };

/* The command line as given; setup() completes rec. */
struct options {
	struct rec_opts	 rec;		/* the engine's: -e, -l, -r,
					   --contacts, --no-sync so far */
	struct outcome_req req;		/* the one record's options */
	const char	*due;		/* --interactive DUE */
	const char	*now;		/* --now; NULL: $FU_NOW */
	const char	*policy;	/* --policy; NULL: $FU_POLICY */
	int		 batch;		/* --batch */
	int		 verify;	/* --verify 1, --mend 2 */
};

static void
usage(int status)
{
	int i;

	if (status != 0)
		opt_usage_exit(&prog);
	fputs(synopsis, stdout);
	printf("\n"
	    "Append follow-up outcomes to the call log (-l, $FU_LOG, or "
	    "calls.tsv).\n"
	    "\n"
	    "  -l, --log LOG          the call log (created 0600 with its "
	    "header)\n"
	    "      --contacts F       contacts or a due list: the contact's "
	    "columns\n"
	    "      --batch            outcomes from FILEs (TSV or CSV, English "
	    "or Chinese\n"
	    "                         headers: 编号 结果 评分1-3 投诉 约定回电 "
	    "礼品相符 回访人\n"
	    "                         备注 回访时间); rows with no outcome are "
	    "not yet called\n"
	    "      --interactive DUE  walk a due list at the terminal (whole "
	    "numbers; an\n"
	    "                         outcome key and Enter; a callback as "
	    "15:00 or a time)\n"
	    "      --verify           check the log's chain; name the first "
	    "broken line\n"
	    "      --mend             move damaged lines of the log to LOG.bad\n"
	    "      --correct TS       this record replaces the one at TS\n"
	    "      --complaint TEXT   the problem the customer raised\n"
	    "      --callback TIME    the agreed time, for callback\n"
	    "      --gift-ok 0|1      gift checks: 1 as recorded, 0 a "
	    "discrepancy\n"
	    "      --resolved DATE    the date the complaint was closed\n"
	    "      --agent NAME       who called (default $FU_AGENT, else "
	    "$USER)\n"
	    "      --method phone|sms how (default: sms for sms_* outcomes)\n"
	    "      --note TEXT        free text\n"
	    "  -e, --encoding ENC     of batch files: auto, utf-8, gb18030, "
	    "gbk\n"
	    "  -r, --rejects FILE     rejected batch rows as TSV\n"
	    "      --no-sync          no fsync (bulk loads)\n"
	    "      --now TIME         the time taken as now (or $FU_NOW)\n"
	    "      --policy FILE      policy file (or $FU_POLICY)\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n"
	    "\n"
	    "Outcomes:");
	for (i = 0; i < OC_N; i++)
		printf("%s %s (%s)", i % 3 ? "," : "\n ", outcomes[i].code,
		    outcomes[i].zh);
	printf("\n\nExit status: 0 recorded, 1 a record was refused, 2 could "
	    "not run.\n");
	exit(0);
}

/*
 * The options that describe the one record (ID OUTCOME ...) into q; -1
 * when ch is none of them.  A bad value is a usage error.
 */
static int
req_option(int ch, const char *arg, struct outcome_req *q)
{
	char err[FU_ERRBUF];
	int day;

	switch (ch) {
	/* --agent */
	case AGENT_OPTION:
		free(q->agent);
		q->agent = xstrdup(arg);
		break;
	/* --callback */
	case CALLBACK_OPTION:
		if (time_parse(arg, strlen(arg), 0, &q->callback, err) == -1)
			opt_usage_errx(&prog, "--callback: %s", err);
		break;
	/* --complaint */
	case COMPLAINT_OPTION:
		free(q->complaint);
		q->complaint = xstrdup(arg);
		break;
	/* --correct */
	case CORRECT_OPTION:
		if (time_parse(arg, strlen(arg), 0, &q->supersedes,
		    err) == -1)
			opt_usage_errx(&prog, "--correct: %s", err);
		break;
	/* --gift-ok */
	case GIFT_OK_OPTION:
		if ((q->gift_ok = rec_gift_ok(arg, strlen(arg))) == -1)
			opt_bad_value(&prog, "--gift-ok", arg, "not 0 or 1");
		break;
	/* --method */
	case METHOD_OPTION:
		if (strcmp(arg, "phone") != 0 && strcmp(arg, "sms") != 0)
			opt_bad_value(&prog, "--method", arg,
			    "not phone or sms");
		q->method = strcmp(arg, "sms") == 0 ? "sms" : "phone";
		break;
	/* --note */
	case NOTE_OPTION:
		free(q->note);
		q->note = xstrdup(arg);
		break;
	/* --resolved */
	case RESOLVED_OPTION:
		if (date_parse(arg, strlen(arg), 0, &day, err) == -1)
			opt_usage_errx(&prog, "--resolved: %s", err);
		q->resolved = day;
		break;
	default:
		return -1;
	}
	return 0;
}

static void
parse_options(int argc, char *argv[], struct options *opts)
{
	int ch;

	memset(opts, 0, sizeof(*opts));
	opts->rec.enc = ENC_AUTO;
	rec_req_init(&opts->req);
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --batch */
		case BATCH_OPTION:
			opts->batch = 1;
			break;
		/* --contacts */
		case CONTACTS_OPTION:
			opts->rec.contacts = optarg;
			break;
		/* -e, --encoding */
		case 'e':
			if ((opts->rec.enc = csvin_enc_parse(optarg)) == -1)
				opt_usage_errx(&prog, "-e: unknown encoding "
				    "\"%s\" (auto, utf-8, gb18030, gbk, "
				    "utf-16)", optarg);
			break;
		/* -h, --help */
		case 'h':
			usage(0);
			break;
		/* --interactive */
		case INTERACTIVE_OPTION:
			opts->due = optarg;
			break;
		/* -l, --log */
		case 'l':
			opts->rec.log = optarg;
			break;
		/* --no-sync */
		case NO_SYNC_OPTION:
			opts->rec.no_sync = 1;
			break;
		/* --now */
		case NOW_OPTION:
			opts->now = optarg;
			break;
		/* --policy */
		case POLICY_OPTION:
			opts->policy = optarg;
			break;
		/* -r, --rejects */
		case 'r':
			opts->rec.rejects = optarg;
			break;
		/* --verify */
		case VERIFY_OPTION:
			opts->verify |= 1;
			break;
		/* --mend */
		case MEND_OPTION:
			opts->verify |= 2;
			break;
		/* --version */
		case VERSION_OPTION:
			fu_print_version();
			exit(0);
		default:
			if (req_option(ch, optarg, &opts->req) == -1)
				usage(FU_EXIT_FATAL);
		}
	}
}

/*
 * One way of recording at a time, with its operands: ID OUTCOME and up
 * to three scores for one record, none for --interactive and --verify.
 */
static void
check_mode(const struct options *opts, int argc, char **argv)
{
	int interactive = opts->due != NULL;
	int single = !opts->batch && !opts->verify && !interactive;

	if (opts->batch + (opts->verify != 0) + interactive > 1 ||
	    opts->verify == 3)
		opt_usage_errx(&prog, "--batch, --interactive, --verify and "
		    "--mend go alone");
	if (single && argc > 5)
		fu_errx(FU_EXIT_DATA, "at most three scores a call "
		    "(回访问题一般控制在3个)");
	if (single && argc < 2)
		opt_usage_errx(&prog, "give ID and OUTCOME (and up to three "
		    "scores), or --batch, --interactive or --verify");
	if ((opts->verify || interactive) && argc > 0)
		opt_usage_errx(&prog, "unexpected operand \"%s\"", argv[0]);
}

/* --now more than a day from the clock ($FU_NOW, else the system's). */
static void
warn_far_now(long long now, const struct fu_env *env)
{
	char err[FU_ERRBUF], t1[24], t2[24];
	long long clock;

	if (fu_now(NULL, env->now, &clock, err) == -1 ||
	    (now - clock <= 86400 && clock - now <= 86400))
		return;
	time_format(now, t1);
	time_format(clock, t2);
	fu_warnx("--now %s is more than a day from the clock (%s): the "
	    "records are taken at that time", t1, t2);
}

/*
 * The rest of rec from the options and the environment: the policy
 * (into pol), now, who called.  A bad --now is a usage error; -1 when
 * the policy could not be read (reported), with pol freed.
 */
static int
setup(struct options *opts, const struct fu_env *env, struct policy *pol)
{
	struct rec_opts *o = &opts->rec;

	policy_init(pol);
	if (policy_load(pol, opts->policy != NULL ? opts->policy :
	    env->policy) == -1) {
		policy_free(pol);
		return -1;
	}
	o->now = fu_now_or_exit(&prog, opts->now, env->now);
	if (opts->now != NULL)
		warn_far_now(o->now, env);
	o->pol = pol;
	o->agent = env->agent;
	o->holidays = env->holidays;
	o->tmpdir = env->tmpdir;
	/* A batch's rows say who called, or --agent does. */
	if (opts->batch && opts->req.agent != NULL)
		o->agent = opts->req.agent;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct options opts;
	struct policy pol;
	char *stdin_only[] = { "-", NULL };
	int status;

	fu_init(argv);
	fu_env_read(&env);
	parse_options(argc, argv, &opts);
	argc -= optind;
	argv += optind;
	check_mode(&opts, argc, argv);
	if (opts.rec.log == NULL && (opts.rec.log = env.log) == NULL)
		opts.rec.log = "calls.tsv";
	if (opts.verify)
		return opts.verify == 1 ? rec_verify(opts.rec.log) :
		    rec_mend(opts.rec.log, fu_now_or_exit(&prog, opts.now,
		    env.now), env.agent);
	if (setup(&opts, &env, &pol) == -1)
		return FU_EXIT_FATAL;

	if (opts.batch)
		status = rec_batch(&opts.rec, argc > 0 ? argv : stdin_only);
	else if (opts.due != NULL)
		status = rec_terminal(&opts.rec, opts.due, stdin, stdout);
	else
		status = rec_single(&opts.rec, &opts.req, argc, argv);

	rec_req_free(&opts.req);
	policy_free(&pol);
	if (status == -1)	/* --contacts unreadable: nothing done */
		return FU_EXIT_FATAL;
	fu_close_stdout();
	return status;
}
