/*
 * fu-record: the only writer of the call log: one outcome from the
 * command line, many from a batch file, or a due list walked at the
 * terminal; checked, then appended under a lock and synced.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/csvin.h"
#include "fmt/date.h"
#include "base/env.h"
#include "base/err.h"
#include "base/hash.h"
#include "fmt/outcome.h"
#include "fmt/policy.h"
#include "record/record.h"
#include "base/util.h"

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

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct outcome_req q;
	struct recorder rc;
	struct policy pol;
	const char *log = NULL, *contacts = NULL, *rejects = NULL;
	const char *due = NULL, *now_arg = NULL, *policy = NULL;
	char err[FU_ERRBUF];
	long long now;
	uint64_t id;
	int ch, i, batch = 0, verify = 0, enc = ENC_AUTO, no_sync = 0, day;
	int status, queued = 0;

	fu_init(argv);
	fu_env_read(&env);
	memset(&q, 0, sizeof(q));
	q.ts = q.callback = q.supersedes = -1;
	q.gift_ok = -1;
	q.resolved = INT32_MIN;
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --agent */
		case AGENT_OPTION:
			q.agent = xstrdup(optarg);
			break;
		/* --batch */
		case BATCH_OPTION:
			batch = 1;
			break;
		/* --callback */
		case CALLBACK_OPTION:
			if (time_parse(optarg, strlen(optarg), 0, &q.callback,
			    err) == -1) {
				fu_warnx("--callback: %s", err);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* --complaint */
		case COMPLAINT_OPTION:
			q.complaint = xstrdup(optarg);
			break;
		/* --contacts */
		case CONTACTS_OPTION:
			contacts = optarg;
			break;
		/* --correct */
		case CORRECT_OPTION:
			if (time_parse(optarg, strlen(optarg), 0, &q.supersedes,
			    err) == -1) {
				fu_warnx("--correct: %s", err);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* -e, --encoding */
		case 'e':
			if ((enc = csvin_enc_parse(optarg)) == -1) {
				fu_warnx("-e: unknown encoding \"%s\" (auto, "
				    "utf-8, gb18030, gbk, utf-16)", optarg);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* --gift-ok */
		case GIFT_OK_OPTION:
			q.gift_ok = rec_gift_ok(optarg, strlen(optarg));
			if (q.gift_ok == -1) {
				fu_warnx("--gift-ok: \"%s\" is not 0 or 1",
				    optarg);
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
			log = optarg;
			break;
		/* --method */
		case METHOD_OPTION:
			if (strcmp(optarg, "phone") != 0 &&
			    strcmp(optarg, "sms") != 0) {
				fu_warnx("--method: \"%s\" is not phone or sms",
				    optarg);
				usage(FU_EXIT_FATAL);
			}
			q.method = strcmp(optarg, "sms") == 0 ? "sms" : "phone";
			break;
		/* --no-sync */
		case NO_SYNC_OPTION:
			no_sync = 1;
			break;
		/* --note */
		case NOTE_OPTION:
			q.note = xstrdup(optarg);
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
			rejects = optarg;
			break;
		/* --resolved */
		case RESOLVED_OPTION:
			if (date_parse(optarg, strlen(optarg), 0, &day,
			    err) == -1) {
				fu_warnx("--resolved: %s", err);
				usage(FU_EXIT_FATAL);
			}
			q.resolved = day;
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
			usage(FU_EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;
	if (batch + verify + (due != NULL) > 1) {
		fu_warnx("--batch, --interactive and --verify go alone");
		usage(FU_EXIT_FATAL);
	}
	if (!batch && !verify && due == NULL && argc > 5)
		fu_errx(FU_EXIT_DATA, "at most three scores a call "
		    "(回访问题一般控制在3个)");
	if (!batch && !verify && due == NULL && argc < 2) {
		fu_warnx("give ID and OUTCOME (and up to three scores), or "
		    "--batch, --interactive or --verify");
		usage(FU_EXIT_FATAL);
	}
	if ((verify || due != NULL) && argc > 0) {
		fu_warnx("unexpected operand \"%s\"", argv[0]);
		usage(FU_EXIT_FATAL);
	}
	if (log == NULL && (log = env.log) == NULL)
		log = "calls.tsv";
	if (verify)
		return rec_verify(log);

	policy_init(&pol);
	if (policy_load(&pol, policy != NULL ? policy : env.policy) == -1)
		return FU_EXIT_FATAL;
	if (fu_now(now_arg, env.now, &now, err) == -1) {
		/* A bad --now is a usage error; a bad FU_NOW is not. */
		if (now_arg != NULL) {
			fu_warnx("%s", err);
			usage(FU_EXIT_FATAL);
		}
		fu_errx(FU_EXIT_FATAL, "%s", err);
	}
	rec_init(&rc, &pol, now);
	rc.no_sync = no_sync;
	rc.keep_rejects = rejects != NULL;
	rc.default_agent = env.agent;
	/*
	 * One record needs one contact: only its id's is kept (a batch's
	 * are read after the batch).  The terminal walks a list: all.
	 */
	if (!batch && due == NULL && argc > 0 && strlen(argv[0]) == 16 &&
	    fu_id_parse(argv[0], &id) == 0)
		rec_ent_add(&rc, id);
	if (contacts != NULL && !batch &&
	    rec_load_contacts(&rc, contacts, due == NULL) == -1) {
		rec_free(&rc);
		policy_free(&pol);
		return FU_EXIT_FATAL;
	}
	if (batch) {
		char *stdin_only[] = { "-", NULL };

		if (q.agent != NULL)
			rc.default_agent = q.agent;
		if (argc == 0)
			argv = stdin_only;
		for (i = 0; argv[i] != NULL; i++)
			if (rec_read_batch(&rc, argv[i], enc) == -1)
				rc.status = FU_EXIT_FATAL;
		/* After the batch: only its records' contacts are kept. */
		if (contacts != NULL &&
		    rec_load_contacts(&rc, contacts, 1) == -1) {
			rec_free(&rc);
			policy_free(&pol);
			return FU_EXIT_FATAL;
		}
		status = rec_commit(&rc, log);
		fu_warnx("%s: %ld appended, %ld duplicate%s, %ld rejected, "
		    "%ld not filled in", log, rc.appended, rc.duplicates,
		    rc.duplicates == 1 ? "" : "s", rc.rejected, rc.unfilled);
		if (rejects != NULL && rec_write_rejects(&rc, rejects) == -1)
			status = FU_EXIT_FATAL;
	} else if (due != NULL) {
		status = rec_interactive(&rc, due, log, stdin, stdout);
	} else {
		/* One record: refused means nothing at all is appended. */
		snprintf(q.id, sizeof(q.id), "%s", argv[0]);
		if (strlen(argv[0]) != 16)
			q.id[0] = '\0';
		if ((q.oc = outcome_parse(argv[1], strlen(argv[1]))) == -1)
			fu_errx(FU_EXIT_DATA, "\"%s\" is not an outcome (see "
			    "fu-record --help)", argv[1]);
		for (i = 2; i < argc; i++)
			if ((q.q[q.nq++] = rec_score(argv[i])) == -1)
				fu_errx(FU_EXIT_DATA, "score \"%s\" is not 1 "
				    "to 5", argv[i]);
		if (q.id[0] == '\0')
			fu_errx(FU_EXIT_DATA, "id \"%s\" is not 16 hex digits",
			    argv[0]);
		queued = 1;	/* rec_add owns q's strings now */
		if (rec_add(&rc, &q) == 0)
			status = rec_commit(&rc, log);
		else
			status = FU_EXIT_DATA;
		if (status == 0 && rc.appended == 1)
			fu_warnx("%s: %s %s appended", log, q.id,
			    outcomes[q.oc].code);
		else if (status == 0 && rc.duplicates == 1)
			fu_warnx("%s: %s %s: recorded already", log,
			    q.id, outcomes[q.oc].code);
	}
	rec_free(&rc);
	policy_free(&pol);
	if (!queued) {
		free(q.agent);
		free(q.complaint);
		free(q.note);
	}
	fu_close_stdout();
	return status;
}
