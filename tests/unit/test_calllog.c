/*
 * test_calllog.c: the call log's records in force: corrections (the
 * last wins, a correction corrected), bad lines reported and skipped,
 * columns by name, missing columns, a log from a pipe.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log/calllog.h"
#include "fmt/date.h"
#include "base/err.h"
#include "fmt/outcome.h"
#include "t.h"

#define HDR	"ts\tid\ttype\tstore\tcustomer\tphone\tattempt\tmethod\t" \
		"outcome\tq1\tq2\tq3\tcomplaint\tresolved\tgift_ok\tcallback\t" \
		"agent\tnote\tsupersedes\tchain\n"
/* A record: ts, id, phone, outcome, supersedes. */
#define REC(ts, id, phone, oc, sup) \
	ts "\t" id "\tservice\t城东店\t王\t" phone "\t1\tphone\t" oc \
	"\t5\t5\t5\t\t\t\t\t张敏\tnote\t" sup "\t0000000000000000\n"

#define ID1	"00000000000000a1"
#define ID2	"00000000000000a2"
#define ID3	"00000000000000a3"
#define ID4	"00000000000000a4"

static void
test_corrections(void)
{
	struct calllog lg;
	struct callrec r;
	char err[FU_ERRBUF], *path;
	const char *f;
	size_t n;
	long seen[8];
	int k = 0;

	path = t_write_temp(HDR
	    REC("2026-11-16T10:00", ID1, "13800138001", "no_answer", "")
	    REC("2026-11-16T10:05", ID2, "13800138002", "busy", "")
	    /* line 4 corrects line 2 ... */
	    REC("2026-11-16T10:06", ID2, "13800138002", "success",
	        "2026-11-16T10:05 " ID2)
	    /* line 5 corrects line 4 in turn */
	    REC("2026-11-16T10:07", ID2, "13800138002", "refused",
	        "2026-11-16T10:06 " ID2)
	    REC("2026-11-16T11:00", ID3, "13800138003", "success", "")
	    /* lines 7 and 8 both correct line 6: the last wins */
	    REC("2026-11-17T09:00", ID3, "13800138003", "partial",
	        "2026-11-16T11:00 " ID3)
	    REC("2026-11-17T09:30", ID3, "13800138003", "callback",
	        "2026-11-16 11:00 " ID3)
	    /* bad lines: ts, id, outcome, supersedes, field count */
	    REC("2026-11-32T10:00", ID4, "13800138004", "success", "")
	    REC("2026-11-16T10:00", "xyz", "13800138004", "success", "")
	    REC("2026-11-16T10:00", ID4, "13800138004", "maybe", "")
	    REC("2026-11-16T10:00", ID4, "13800138004", "success", "soon")
	    "2026-11-16T10:00\t" ID4 "\tservice\n"
	    /* a correction of what is not in the log is in force */
	    REC("2026-11-18T10:00", ID4, "13800138004", "成功回访",
	        "2026-01-01T00:00 " ID4));
	T_INTEQ(calllog_open(&lg, path, NULL, err), 0);
	while (calllog_next(&lg, &r) == 1 && k < 8)
		seen[k++] = r.lineno;
	T_INTEQ(k, 4);
	T_INTEQ(seen[0], 2);
	T_INTEQ(seen[1], 5);
	T_INTEQ(seen[2], 8);
	T_INTEQ(seen[3], 14);
	T_INTEQ(lg.records, 4);
	T_INTEQ(lg.superseded, 4);
	T_INTEQ(lg.bad, 5);
	calllog_close(&lg);

	/* The fields of a record, and what each line parsed to. */
	T_INTEQ(calllog_open(&lg, path, NULL, err), 0);
	T_INTEQ(calllog_next(&lg, &r), 1);
	T_INTEQ(r.outcome, OC_NO_ANSWER);
	T_INTEQ(r.ts, date_from_ymd(2026, 11, 16) * 86400LL + 10 * 3600);
	T_U64EQ(r.id, 0xa1);
	T_INTEQ(r.correction, 0);
	f = calllog_field(&lg, LC_PHONE, &n);
	T_STREQ(f, "13800138001");
	T_INTEQ(n, 11);
	T_STREQ(calllog_field(&lg, LC_STORE, NULL), "城东店");
	T_STREQ(calllog_field(&lg, LC_AGENT, NULL), "张敏");
	T_INTEQ(calllog_next(&lg, &r), 1);
	T_INTEQ(r.outcome, OC_REFUSED);
	T_INTEQ(r.correction, 1);
	T_U64EQ(r.sup_id, 0xa2);
	T_INTEQ(r.sup_ts, date_from_ymd(2026, 11, 16) * 86400LL + 10 * 3600 +
	    6 * 60);
	T_INTEQ(calllog_next(&lg, &r), 1);
	T_INTEQ(r.outcome, OC_CALLBACK);
	T_INTEQ(calllog_next(&lg, &r), 1);
	T_INTEQ(r.outcome, OC_SUCCESS);
	T_INTEQ(calllog_next(&lg, &r), 0);
	calllog_close(&lg);
	unlink(path);
	free(path);
}

static void
test_columns(void)
{
	struct calllog lg;
	struct callrec r;
	char err[FU_ERRBUF], *path;

	/* Columns by name, in any order; those missing read empty. */
	path = t_write_temp("outcome\tnote\tid\tts\n"
	    "success\thi\t00000000000000b1\t2026-11-20T15:00:30\n");
	T_INTEQ(calllog_open(&lg, path, NULL, err), 0);
	T_INTEQ(calllog_next(&lg, &r), 1);
	T_U64EQ(r.id, 0xb1);
	T_INTEQ(r.outcome, OC_SUCCESS);
	T_STREQ(calllog_field(&lg, LC_NOTE, NULL), "hi");
	T_STREQ(calllog_field(&lg, LC_PHONE, NULL), "");
	T_STREQ(calllog_field(&lg, LC_SUPERSEDES, NULL), "");
	T_INTEQ(calllog_next(&lg, &r), 0);
	calllog_close(&lg);
	unlink(path);
	free(path);

	/* Without an outcome column it is no call log. */
	path = t_write_temp("ts\tid\tphone\n2026-11-20T15:00\t"
	    "00000000000000b1\t13800138000\n");
	T_INTEQ(calllog_open(&lg, path, NULL, err), -1);
	T_OK(strstr(err, "no outcome column") != NULL);
	unlink(path);
	free(path);

	/* An empty log has no records; a missing one cannot be opened. */
	path = t_write_temp("");
	T_INTEQ(calllog_open(&lg, path, NULL, err), 0);
	T_INTEQ(calllog_next(&lg, &r), 0);
	calllog_close(&lg);
	unlink(path);
	free(path);
	T_INTEQ(calllog_open(&lg, "/nonexistent/calls.tsv", NULL, err), -1);
	T_OK(strstr(err, "/nonexistent/calls.tsv") != NULL);
}

/* A log on a pipe is read twice all the same. */
static void
test_pipe(void)
{
	static const char text[] = HDR
	    REC("2026-11-16T10:00", ID1, "13800138001", "busy", "")
	    REC("2026-11-16T10:30", ID1, "13800138001", "success",
	        "2026-11-16T10:00 " ID1);
	struct calllog lg;
	struct callrec r;
	char err[FU_ERRBUF];
	int p[2], saved;

	if (pipe(p) == -1 || write(p[1], text, sizeof(text) - 1) !=
	    (ssize_t)sizeof(text) - 1)
		return;
	close(p[1]);
	saved = dup(0);
	dup2(p[0], 0);
	close(p[0]);
	T_INTEQ(calllog_open(&lg, "-", NULL, err), 0);
	T_INTEQ(calllog_next(&lg, &r), 1);
	T_INTEQ(r.outcome, OC_SUCCESS);
	T_INTEQ(r.lineno, 3);
	T_INTEQ(calllog_next(&lg, &r), 0);
	T_INTEQ(lg.superseded, 1);
	calllog_close(&lg);
	dup2(saved, 0);
	close(saved);
}

static void
test_supersedes(void)
{
	char err[FU_ERRBUF];
	long long ts;
	uint64_t id;

	T_INTEQ(calllog_parse_supersedes("2026-11-16T10:05 " ID2, 33, &ts,
	    &id, err), 0);
	T_U64EQ(id, 0xa2);
	T_INTEQ(ts, date_from_ymd(2026, 11, 16) * 86400LL + 36300);
	T_INTEQ(calllog_parse_supersedes(" 2026-11-16 10:05 " ID2 " ", 35,
	    &ts, &id, err), 0);
	T_INTEQ(ts, date_from_ymd(2026, 11, 16) * 86400LL + 36300);
	T_INTEQ(calllog_parse_supersedes(ID2, 16, &ts, &id, err), -1);
	T_OK(strstr(err, "is not \"TS ID\"") != NULL);
	T_INTEQ(calllog_parse_supersedes("2026-11-16 " ID2, 27, &ts, &id,
	    err), -1);
	T_INTEQ(calllog_parse_supersedes("2026-11-16T10:05 00a2", 21, &ts,
	    &id, err), -1);
}

int
main(void)
{
	test_corrections();
	test_columns();
	test_pipe();
	test_supersedes();
	return t_done("test_calllog");
}
