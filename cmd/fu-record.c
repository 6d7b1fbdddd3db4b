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
    "       fu-record [-l LOG] --verify\n";

static void
usage(int status)
{
	int i;

	if (status != 0) {
		fputs(synopsis, stderr);
		fputs("Try 'fu-record --help' for more.\n", stderr);
		exit(status);
	}
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
	    "      --interactive DUE  walk a due list at the terminal\n"
	    "      --verify           check the log's chain; name the first "
	    "broken line\n"
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
		if (time_parse(arg, strlen(arg), 0, &q->callback, err) == -1) {
			fu_warnx("--callback: %s", err);
			usage(FU_EXIT_FATAL);
		}
		break;
	/* --complaint */
	case COMPLAINT_OPTION:
		free(q->complaint);
		q->complaint = xstrdup(arg);
		break;
	/* --correct */
	case CORRECT_OPTION:
		if (time_parse(arg, strlen(arg), 0, &q->supersedes,
		    err) == -1) {
			fu_warnx("--correct: %s", err);
			usage(FU_EXIT_FATAL);
		}
		break;
	/* --gift-ok */
	case GIFT_OK_OPTION:
		if ((q->gift_ok = rec_gift_ok(arg, strlen(arg))) == -1) {
			fu_warnx("--gift-ok: \"%s\" is not 0 or 1", arg);
			usage(FU_EXIT_FATAL);
		}
		break;
	/* --method */
	case METHOD_OPTION:
		if (strcmp(arg, "phone") != 0 && strcmp(arg, "sms") != 0) {
			fu_warnx("--method: \"%s\" is not phone or sms", arg);
			usage(FU_EXIT_FATAL);
		}
		q->method = strcmp(arg, "sms") == 0 ? "sms" : "phone";
		break;
	/* --note */
	case NOTE_OPTION:
		free(q->note);
		q->note = xstrdup(arg);
		break;
	/* --resolved */
	case RESOLVED_OPTION:
		if (date_parse(arg, strlen(arg), 0, &day, err) == -1) {
			fu_warnx("--resolved: %s", err);
			usage(FU_EXIT_FATAL);
		}
		q->resolved = day;
		break;
	default:
		return -1;
	}
	return 0;
}

/*
 * One way of recording at a time, with its operands: ID OUTCOME and up
 * to three scores for one record, none for --interactive and --verify.
 */
static void
check_mode(int batch, int verify, int interactive, int argc, char **argv)
{
	int single = !batch && !verify && !interactive;

	if (batch + verify + interactive > 1) {
		fu_warnx("--batch, --interactive and --verify go alone");
		usage(FU_EXIT_FATAL);
	}
	if (single && argc > 5)
		fu_errx(FU_EXIT_DATA, "at most three scores a call "
		    "(回访问题一般控制在3个)");
	if (single && argc < 2) {
		fu_warnx("give ID and OUTCOME (and up to three scores), or "
		    "--batch, --interactive or --verify");
		usage(FU_EXIT_FATAL);
	}
	if ((verify || interactive) && argc > 0) {
		fu_warnx("unexpected operand \"%s\"", argv[0]);
		usage(FU_EXIT_FATAL);
	}
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct outcome_req q;
	struct rec_opts o;
	struct policy pol;
	char err[FU_ERRBUF], *stdin_only[] = { "-", NULL };
	const char *due = NULL, *now_arg = NULL, *policy = NULL;
	int ch, batch = 0, verify = 0, status;

	fu_init(argv);
	fu_env_read(&env);
	memset(&o, 0, sizeof(o));
	o.enc = ENC_AUTO;
	rec_req_init(&q);
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --batch */
		case BATCH_OPTION:
			batch = 1;
			break;
		/* --contacts */
		case CONTACTS_OPTION:
			o.contacts = optarg;
			break;
		/* -e, --encoding */
		case 'e':
			if ((o.enc = csvin_enc_parse(optarg)) == -1) {
				fu_warnx("-e: unknown encoding \"%s\" (auto, "
				    "utf-8, gb18030, gbk, utf-16)", optarg);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* -h, --help */
		case 'h':
			usage(0);
			break;
		/* --interactive */
		case INTERACTIVE_OPTION:
			due = optarg;
			break;
		/* -l, --log */
		case 'l':
			o.log = optarg;
			break;
		/* --no-sync */
		case NO_SYNC_OPTION:
			o.no_sync = 1;
			break;
		/* --now */
		case NOW_OPTION:
			now_arg = optarg;
			break;
		/* --policy */
		case POLICY_OPTION:
			policy = optarg;
			break;
		/* -r, --rejects */
		case 'r':
			o.rejects = optarg;
			break;
		/* --verify */
		case VERIFY_OPTION:
			verify = 1;
			break;
		/* --version */
		case VERSION_OPTION:
			fu_print_version();
			return 0;
		default:
			if (req_option(ch, optarg, &q) == -1)
				usage(FU_EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;
	check_mode(batch, verify, due != NULL, argc, argv);
	if (o.log == NULL && (o.log = env.log) == NULL)
		o.log = "calls.tsv";
	if (verify)
		return rec_verify(o.log);

	policy_init(&pol);
	if (policy_load(&pol, policy != NULL ? policy : env.policy) == -1)
		return FU_EXIT_FATAL;
	if (fu_now(now_arg, env.now, &o.now, err) == -1) {
		/* A bad --now is a usage error; a bad FU_NOW is not. */
		if (now_arg != NULL) {
			fu_warnx("%s", err);
			usage(FU_EXIT_FATAL);
		}
		fu_errx(FU_EXIT_FATAL, "%s", err);
	}
	o.pol = &pol;
	o.agent = env.agent;
	/* A batch's rows say who called, or --agent does. */
	if (batch && q.agent != NULL)
		o.agent = q.agent;

	if (batch)
		status = rec_batch(&o, argc > 0 ? argv : stdin_only);
	else if (due != NULL)
		status = rec_terminal(&o, due, stdin, stdout);
	else
		status = rec_single(&o, &q, argc, argv);

	rec_req_free(&q);
	policy_free(&pol);
	if (status == -1)	/* --contacts unreadable: nothing done */
		return FU_EXIT_FATAL;
	fu_close_stdout();
	return status;
}
