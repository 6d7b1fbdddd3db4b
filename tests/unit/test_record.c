/*
 * test_record.c: fu-record's rounds (fu(7), rules 6 and 7): the dials of
 * a contact in a round, attempt 1 and 2, the third dial refused, a
 * callback no failed dial, an answer or a refusal closing the round, a
 * round running round_days at most, a correction counting as what it
 * says.  Each scenario is recorded twice, through the public calls: one
 * record a commit (the history comes from the log), and all in one
 * commit (the history is the batch's own).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/policy.h"
#include "record/recorder.h"
#include "t.h"

#define ID	"3cef3399d39b4558"

static const char contacts[] =
    "id\ttype\tstore\tcustomer\tphone\n"
    ID "\tservice\t城东店\t李秀英\t15973124680\n";

struct step {
	const char	*ts;
	int		 oc;
	int		 sms;		/* by text message */
	const char	*corrects;	/* the ts of the record it corrects */
	int		 want;		/* its attempt; 0: refused */
};

static long long
ts_of(const char *s)
{
	char err[FU_ERRBUF];
	long long t;

	if (time_parse(s, strlen(s), 0, &t, err) == -1)
		abort();
	return t;
}

static void
queue(struct recorder *rc, const struct step *s)
{
	struct outcome_req q;

	memset(&q, 0, sizeof(q));
	memcpy(q.id, ID, sizeof(q.id));
	q.ts = ts_of(s->ts);
	q.oc = s->oc;
	q.callback = s->oc == OC_CALLBACK ? q.ts + 3600 : -1;
	q.supersedes = s->corrects != NULL ? ts_of(s->corrects) : -1;
	q.gift_ok = -1;
	q.resolved = INT32_MIN;
	q.method = s->sms ? "sms" : "phone";
	q.agent = strdup("张敏");
	T_INTEQ(rec_add(rc, &q), 0);
}

/* The attempt column of the log's line at ts; -1 if there is none. */
static int
logged_attempt(const char *log, const char *ts)
{
	char *text = t_slurp(log), *line, *save = NULL, *f, *fsave;
	int k, attempt = -1;

	if (text == NULL)
		return -1;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, ts, strlen(ts)) != 0 ||
		    line[strlen(ts)] != '\t')
			continue;
		/* The first seven fields are never empty here. */
		fsave = NULL;
		f = strtok_r(line, "\t", &fsave);
		for (k = 0; f != NULL && k < 6; k++)
			f = strtok_r(NULL, "\t", &fsave);
		if (f != NULL)
			attempt = atoi(f);
	}
	free(text);
	return attempt;
}

static int
log_lines(const char *log)
{
	char *text = t_slurp(log), *p;
	int n = 0;

	if (text == NULL)
		return 0;
	for (p = text; *p != '\0'; p++)
		n += *p == '\n';
	free(text);
	return n - 1;		/* the header */
}

static void
scenario(const char *name, const struct step *s, size_t ns)
{
	struct recorder rc;
	struct rec_opts o;
	struct policy pol;
	char dir[] = "/tmp/fu-record.XXXXXX", log[64], *cpath;
	size_t i, appended;
	int together, errfd, null, refused, bad;

	cpath = t_write_temp(contacts);
	for (together = 0; together <= 1; together++) {
		T_OK(mkdtemp(dir) != NULL);
		snprintf(log, sizeof(log), "%s/calls.tsv", dir);
		policy_init(&pol);
		memset(&o, 0, sizeof(o));
		o.pol = &pol;
		o.now = ts_of("2026-12-31T20:00");
		o.no_sync = 1;
		rec_init(&rc, &o);
		T_INTEQ(rec_load_contacts(&rc, cpath, 0), 0);
		/* The refusals are said on standard error: not here. */
		fflush(stderr);
		errfd = dup(2);
		null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		close(null);
		for (i = 0; i < ns; i++) {
			queue(&rc, &s[i]);
			if (!together)
				rec_commit(&rc, log);
		}
		if (together)
			rec_commit(&rc, log);
		fflush(stderr);
		dup2(errfd, 2);
		close(errfd);

		refused = 0;
		bad = 0;
		for (i = 0, appended = 0; i < ns; i++) {
			int got = logged_attempt(log, s[i].ts);

			if (s[i].want == 0)
				refused++;
			else
				appended++;
			if (got != (s[i].want == 0 ? -1 : s[i].want)) {
				fprintf(stderr, "%s (%s): %s: attempt %d, "
				    "want %d\n", name, together ? "one commit" :
				    "a commit each", s[i].ts, got, s[i].want);
				bad++;
			}
		}
		T_INTEQ(bad, 0);
		T_INTEQ(log_lines(log), appended);
		T_INTEQ(rc.rejected, refused);
		T_INTEQ(rc.status, refused ? FU_EXIT_DATA : FU_EXIT_OK);
		rec_free(&rc);
		policy_free(&pol);
		unlink(log);
		rmdir(dir);
		memcpy(dir + sizeof(dir) - 7, "XXXXXX", 6);
	}
	unlink(cpath);
	free(cpath);
}

#define SCENARIO(name, ...) do {					\
	static const struct step steps[] = { __VA_ARGS__ };		\
	scenario(name, steps, sizeof(steps) / sizeof(steps[0]));	\
} while (0)

static void
test_rounds(void)
{
	SCENARIO("two dials, the third refused",
	    { "2026-11-23T10:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T11:00", OC_BUSY, 0, NULL, 2 },
	    { "2026-11-23T14:00", OC_POWER_OFF, 0, NULL, 0 },
	    { "2026-11-23T15:00", OC_NO_ANSWER, 0, NULL, 0 });
	SCENARIO("a callback is no failed dial",
	    { "2026-11-23T10:05", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T14:05", OC_CALLBACK, 0, NULL, 2 },
	    { "2026-11-24T15:00", OC_NO_ANSWER, 0, NULL, 2 },
	    { "2026-11-24T16:00", OC_POWER_OFF, 0, NULL, 0 });
	SCENARIO("callbacks only",
	    { "2026-11-23T10:00", OC_CALLBACK, 0, NULL, 1 },
	    { "2026-11-23T12:00", OC_CALLBACK, 0, NULL, 1 },
	    { "2026-11-23T14:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T15:00", OC_CALLBACK, 0, NULL, 2 },
	    { "2026-11-23T16:00", OC_BUSY, 0, NULL, 2 });
	SCENARIO("success closes the round",
	    { "2026-11-23T10:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T11:00", OC_SUCCESS, 0, NULL, 2 },
	    { "2026-11-23T14:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T15:00", OC_BUSY, 0, NULL, 2 },
	    { "2026-11-23T16:00", OC_BUSY, 0, NULL, 0 });
	SCENARIO("a refusal closes the round",
	    { "2026-11-23T10:00", OC_BUSY, 0, NULL, 1 },
	    { "2026-11-23T11:00", OC_REFUSED, 0, NULL, 2 },
	    { "2026-11-23T14:00", OC_NO_ANSWER, 0, NULL, 1 });
	SCENARIO("a round runs round_days at most",
	    { "2026-11-23T10:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T11:00", OC_NO_ANSWER, 0, NULL, 2 },
	    { "2026-11-30T10:00", OC_NO_ANSWER, 0, NULL, 0 },
	    { "2026-11-30T10:01", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-30T11:00", OC_BUSY, 0, NULL, 2 });
	SCENARIO("a text message is no dial",
	    { "2026-11-23T10:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T11:00", OC_NO_ANSWER, 0, NULL, 2 },
	    { "2026-11-23T12:00", OC_SMS_SENT, 1, NULL, 3 },
	    { "2026-11-23T13:00", OC_NO_ANSWER, 0, NULL, 1 });
	SCENARIO("a correction counts as what it says",
	    { "2026-11-23T10:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T11:00", OC_NO_ANSWER, 0, NULL, 2 },
	    { "2026-11-23T12:00", OC_WRONG_NUMBER, 0, "2026-11-23T11:00", 2 },
	    { "2026-11-23T14:00", OC_NO_ANSWER, 0, NULL, 1 });
	SCENARIO("a correction to a dial keeps it a dial",
	    { "2026-11-23T10:00", OC_NO_ANSWER, 0, NULL, 1 },
	    { "2026-11-23T11:00", OC_SUCCESS, 0, NULL, 2 },
	    { "2026-11-23T12:00", OC_BUSY, 0, "2026-11-23T11:00", 2 },
	    { "2026-11-23T14:00", OC_NO_ANSWER, 0, NULL, 0 });
}

int
main(int argc, char *argv[])
{
	(void)argc;
	fu_init(argv);
	test_rounds();
	return t_done("test_record");
}
