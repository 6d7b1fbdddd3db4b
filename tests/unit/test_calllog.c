/*
 * test_calllog.c: the call-log reader: corrections (the last wins, a
 * correction corrected), bad lines reported and skipped, columns by
 * name, missing columns, a log from a pipe, fields cut out once, the
 * time bound; each through calllog_next and through calllog_read with
 * blocks of several sizes.  And the id of a raw field (fu_id_parse_n),
 * which fu-due's block reader parses where it lies.  And a mend's own
 * record, skipped.  And the first reading split in two (CALLLOG_SPLIT):
 * the same records in force, in the same order, as one reading.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "log/calllog.h"
#include "t.h"

#define HDR	"ts\tid\ttype\tstore\tcustomer\tphone\tattempt\tmethod\t" \
		"outcome\tq1\tq2\tq3\tcomplaint\tresolved\tgift_ok\t" \
		"callback\tagent\tnote\tsupersedes\tchain\n"
/* A record: ts, id, phone, outcome, supersedes. */
#define REC(ts, id, phone, oc, sup) \
	ts "\t" id "\tservice\t城东店\t王\t" phone "\t1\tphone\t" oc \
	"\t5\t5\t5\t\t\t\t\t张敏\tnote\t" sup "\t0000000000000000\n"

#define ID1	"00000000000000a1"
#define ID2	"00000000000000a2"
#define ID3	"00000000000000a3"
#define ID4	"00000000000000a4"

/* The ways to read: calllog_next (0), or calllog_read blocks of n. */
static const size_t ways[] = { 0, 1, 3, CALLLOG_BLOCK };
#define NWAYS	(sizeof(ways) / sizeof(ways[0]))

/* A reader of the records one after another, whichever the way. */
struct rd {
	struct calllog	 lg;
	struct callrec	 blk[CALLLOG_BLOCK];
	size_t		 block;
	long		 n, i;
};

static int
rd_open(struct rd *rd, const char *path, long long asof, size_t block,
    char *err)
{
	rd->block = block;
	rd->n = rd->i = 0;
	return calllog_open(&rd->lg, path, asof, NULL, err);
}

/* The next record (in rd->blk, valid as calllog.h says), or NULL. */
static struct callrec *
rd_next(struct rd *rd)
{
	if (rd->block == 0)
		return calllog_next(&rd->lg, &rd->blk[0]) == 1 ? &rd->blk[0] :
		    NULL;
	if (rd->i == rd->n) {
		rd->n = calllog_read(&rd->lg, rd->blk, rd->block);
		rd->i = 0;
		T_OK(rd->n <= (long)rd->block);
		if (rd->n <= 0)
			return NULL;
	}
	return &rd->blk[rd->i++];
}

static const char corrections_log[] = HDR
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
	"2026-01-01T00:00 " ID4);

static long long
at(int y, int m, int d, int hh, int mm)
{
	return date_from_ymd(y, m, d) * 86400LL + hh * 3600 + mm * 60;
}

static void
corrections(const char *path, size_t block)
{
	struct rd rd;
	struct callrec *r;
	char err[FU_ERRBUF];
	const char *f;
	size_t n;
	long seen[8];
	int k = 0;

	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, block, err), 0);
	while ((r = rd_next(&rd)) != NULL && k < 8)
		seen[k++] = r->lineno;
	T_INTEQ(k, 4);
	T_INTEQ(seen[0], 2);
	T_INTEQ(seen[1], 5);
	T_INTEQ(seen[2], 8);
	T_INTEQ(seen[3], 14);
	T_INTEQ(rd.lg.records, 4);
	T_INTEQ(rd.lg.superseded, 4);
	T_INTEQ(rd.lg.bad, 5);
	T_INTEQ(rd.lg.later, 0);
	calllog_close(&rd.lg);

	/* The fields of a record, and what each line parsed to. */
	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, block, err), 0);
	T_OK((r = rd_next(&rd)) != NULL);
	T_INTEQ(r->outcome, OC_NO_ANSWER);
	T_INTEQ(r->ts, at(2026, 11, 16, 10, 0));
	T_U64EQ(r->id, 0xa1);
	T_INTEQ(r->correction, 0);
	f = calllog_field(&rd.lg, r, LC_PHONE, &n);
	T_STREQ(f, "13800138001");
	T_INTEQ(n, 11);
	T_STREQ(calllog_field(&rd.lg, r, LC_STORE, NULL), "城东店");
	T_STREQ(calllog_field(&rd.lg, r, LC_AGENT, NULL), "张敏");
	T_OK((r = rd_next(&rd)) != NULL);
	T_INTEQ(r->outcome, OC_REFUSED);
	T_INTEQ(r->correction, 1);
	T_U64EQ(r->sup_id, 0xa2);
	T_INTEQ(r->sup_ts, at(2026, 11, 16, 10, 6));
	T_STREQ(calllog_field(&rd.lg, r, LC_SUPERSEDES, NULL),
	    "2026-11-16T10:06 " ID2);
	T_OK((r = rd_next(&rd)) != NULL);
	T_INTEQ(r->outcome, OC_CALLBACK);
	T_OK((r = rd_next(&rd)) != NULL);
	T_INTEQ(r->outcome, OC_SUCCESS);
	T_OK(rd_next(&rd) == NULL);
	/* The end stays the end. */
	T_OK(rd_next(&rd) == NULL);
	calllog_close(&rd.lg);
}

static void
test_corrections(void)
{
	char *path = t_write_temp(corrections_log);
	size_t w;

	for (w = 0; w < NWAYS; w++)
		corrections(path, ways[w]);
	unlink(path);
	free(path);
}

static void
columns(size_t block)
{
	struct rd rd;
	struct callrec *r;
	char err[FU_ERRBUF], *path;

	/* Columns by name, in any order; those missing read empty. */
	path = t_write_temp("outcome\tnote\tid\tts\n"
	    "success\thi\t00000000000000b1\t2026-11-20T15:00:30\n");
	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, block, err), 0);
	T_OK((r = rd_next(&rd)) != NULL);
	T_U64EQ(r->id, 0xb1);
	T_INTEQ(r->outcome, OC_SUCCESS);
	T_STREQ(calllog_field(&rd.lg, r, LC_NOTE, NULL), "hi");
	T_STREQ(calllog_field(&rd.lg, r, LC_PHONE, NULL), "");
	T_STREQ(calllog_field(&rd.lg, r, LC_SUPERSEDES, NULL), "");
	T_OK(rd_next(&rd) == NULL);
	calllog_close(&rd.lg);
	unlink(path);
	free(path);

	/* Without an outcome column it is no call log. */
	path = t_write_temp("ts\tid\tphone\n2026-11-20T15:00\t"
	    "00000000000000b1\t13800138000\n");
	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, block, err), -1);
	T_OK(strstr(err, "not a call log: no outcome column") != NULL);
	unlink(path);
	free(path);

	/*
	 * An empty log has no records; so has one not there yet (a first
	 * week), but one in a folder that is not there cannot be opened.
	 */
	path = t_write_temp("");
	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, block, err), 0);
	T_OK(rd_next(&rd) == NULL);
	calllog_close(&rd.lg);
	unlink(path);
	free(path);
	path = t_write_temp("");
	unlink(path);
	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, block, err), 0);
	T_INTEQ(rd.lg.missing, 1);
	T_OK(rd_next(&rd) == NULL);
	calllog_close(&rd.lg);
	free(path);
	T_INTEQ(rd_open(&rd, "/nonexistent/calls.tsv", CALLLOG_NO_AS_OF,
	    block, err), -1);
	T_OK(strstr(err, "/nonexistent/calls.tsv") != NULL);
}

static void
test_columns(void)
{
	size_t w;

	for (w = 0; w < NWAYS; w++)
		columns(ways[w]);
}

/* A log on a pipe is read twice all the same. */
static void
pipe_log(size_t block)
{
	static const char text[] = HDR
	    REC("2026-11-16T10:00", ID1, "13800138001", "busy", "")
	    REC("2026-11-16T10:30", ID1, "13800138001", "success",
		"2026-11-16T10:00 " ID1);
	struct rd rd;
	struct callrec *r;
	char err[FU_ERRBUF];
	int p[2], saved;

	if (pipe(p) == -1 || write(p[1], text, sizeof(text) - 1) !=
	    (ssize_t)sizeof(text) - 1)
		return;
	close(p[1]);
	saved = dup(0);
	dup2(p[0], 0);
	close(p[0]);
	T_INTEQ(rd_open(&rd, "-", CALLLOG_NO_AS_OF, block, err), 0);
	T_OK((r = rd_next(&rd)) != NULL);
	T_INTEQ(r->outcome, OC_SUCCESS);
	T_INTEQ(r->lineno, 3);
	T_OK(rd_next(&rd) == NULL);
	T_INTEQ(rd.lg.superseded, 1);
	calllog_close(&rd.lg);
	dup2(saved, 0);
	close(saved);
}

static void
test_pipe(void)
{
	size_t w;

	for (w = 0; w < NWAYS; w++)
		pipe_log(ways[w]);
}

/*
 * The records in force, their fields unescaped (each cut out once, so
 * asking twice gives the same), corrections of corrections, CRLF and
 * empty lines, no final newline.
 */
static void
fields(const char *path, size_t block)
{
	static const struct {
		long		 line;
		uint64_t	 id;
		int		 outcome;
		const char	*agent;
		const char	*q1;
	} want[] = {
		{ 2, 0x11eef, OC_NO_ANSWER, "张\\敏", "" },
		{ 5, 0x13dde, OC_SUCCESS, "", "5" },
		{ 8, 0x15ccd, OC_SUCCESS, "", "" },
		{ 9, 0x17bbc, OC_CALLBACK, "\\", "" },
	};
	struct rd rd;
	struct callrec *r;
	char err[FU_ERRBUF];
	const char *a;
	size_t la, c;
	long recs = 0;

	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, block, err), 0);
	while ((r = rd_next(&rd)) != NULL && recs < 4) {
		T_INTEQ(r->lineno, want[recs].line);
		T_U64EQ(r->id, want[recs].id);
		T_INTEQ(r->outcome, want[recs].outcome);
		for (c = 0; c < 2; c++) {
			a = calllog_field(&rd.lg, r, LC_AGENT, &la);
			T_STREQ(a, want[recs].agent);
			T_INTEQ(la, strlen(want[recs].agent));
			T_STREQ(calllog_field(&rd.lg, r, LC_Q1, NULL),
			    want[recs].q1);
			/* No such column: empty. */
			T_STREQ(calllog_field(&rd.lg, r, LC_NOTE, &la), "");
			T_INTEQ(la, 0);
		}
		recs++;
	}
	T_OK(r == NULL);
	T_INTEQ(recs, 4);
	T_INTEQ(rd.lg.records, 4);
	T_INTEQ(rd.lg.superseded, 3);
	calllog_close(&rd.lg);
}

static void
test_fields(void)
{
	static const char log[] =
	    "ts\tid\toutcome\tq1\tagent\tsupersedes\n"
	    "2026-11-13T10:05\t0000000000011eef\tno_answer\t\t张\\\\敏\t\n"
	    "2026-11-13T10:06\t0000000000013dde\tno_answer\t3\ta\\tb\t\r\n"
	    "\n"
	    "2026-11-13T11:00\t0000000000013dde\tsuccess\t5\t\t"
	    "2026-11-13T10:06 0000000000013dde\n"
	    "2026-11-13T12:00\t0000000000015ccd\tbusy\t\t\t\n"
	    "2026-11-13T12:30\t0000000000015ccd\tbusy\t\t\t"
	    "2026-11-13T12:00 0000000000015ccd\n"
	    "2026-11-13T12:40\t0000000000015ccd\tsuccess\t\t\t"
	    "2026-11-13T12:30 0000000000015ccd\n"
	    "2026-11-13T13:00\t0000000000017bbc\tcallback\t\t\\\\\t";
	char *path = t_write_temp(log);
	size_t w;

	for (w = 0; w < NWAYS; w++)
		fields(path, ways[w]);
	unlink(path);
	free(path);
}

/* The lines of the records read as of asof, and the counts. */
static int
lines_as_of(const char *path, long long asof, size_t block, long *line,
    int max, long *later, long *bad)
{
	struct rd rd;
	struct callrec *r;
	char err[FU_ERRBUF];
	int k = 0;

	if (!T_INTEQ(rd_open(&rd, path, asof, block, err), 0))
		return -1;
	while ((r = rd_next(&rd)) != NULL)
		if (k < max)
			line[k++] = r->lineno;
	*later = rd.lg.later;
	*bad = rd.lg.bad;
	calllog_close(&rd.lg);
	return k;
}

/*
 * The time bound: the log as it stood then.  A record after it is not
 * read, and corrects nothing, so what it corrected is back in force.
 */
static void
test_as_of(void)
{
	char *path = t_write_temp(corrections_log);
	long line[16], later, bad;
	size_t w;
	int k;

	for (w = 0; w < NWAYS; w++) {
		/* Before the first correction of line 2 (line 4, 10:06). */
		k = lines_as_of(path, at(2026, 11, 16, 10, 5), ways[w], line,
		    16, &later, &bad);
		T_INTEQ(k, 2);
		T_INTEQ(line[0], 2);
		T_INTEQ(line[1], 3);
		/* 4 to 8 and 14 are later; lines 9 and 13 bad as ever. */
		T_INTEQ(later, 6);
		T_INTEQ(bad, 5);

		/* At 10:06 sharp: line 4 is in force, not yet corrected. */
		k = lines_as_of(path, at(2026, 11, 16, 10, 6), ways[w], line,
		    16, &later, &bad);
		T_INTEQ(k, 2);
		T_INTEQ(line[0], 2);
		T_INTEQ(line[1], 4);
		T_INTEQ(later, 5);

		/* Between the two corrections of line 6 (17 Nov 9:00, 9:30). */
		k = lines_as_of(path, at(2026, 11, 17, 9, 15), ways[w], line,
		    16, &later, &bad);
		T_INTEQ(k, 3);
		T_INTEQ(line[0], 2);
		T_INTEQ(line[1], 5);
		T_INTEQ(line[2], 7);
		T_INTEQ(later, 2);

		/* After everything: the whole log. */
		k = lines_as_of(path, at(2027, 1, 1, 0, 0), ways[w], line,
		    16, &later, &bad);
		T_INTEQ(k, 4);
		T_INTEQ(line[3], 14);
		T_INTEQ(later, 0);

		/* Before anything: no record. */
		k = lines_as_of(path, at(2026, 1, 1, 0, 0), ways[w], line,
		    16, &later, &bad);
		T_INTEQ(k, 0);
		T_INTEQ(later, 11);
		T_INTEQ(bad, 2);	/* the bad ts, the short line */
	}
	unlink(path);
	free(path);
}

/* Lines appended after the corrections were read are not read. */
/*
 * The record a mend appends is no call: skipped, counted in mends, not
 * bad; a later call is read; and log_line_is_mend knows it by its id
 * and outcome alone.  Each way of reading.
 */
static void
test_mend(void)
{
	static const char mend[] = "2026-11-16T10:30\t" LOG_MEND_ID
	    "\t\t\t\t\t\t\tmend\t\t\t\t\t\t\t\t张敏\t1 damaged line moved to "
	    "calls.tsv.bad: line 3\t\t0000000000000000\n";
	char *path = t_write_temp(HDR
	    REC("2026-11-16T10:00", ID1, "13800138001", "busy", "")
	    "2026-11-16T10:30\t" LOG_MEND_ID
	    "\t\t\t\t\t\t\tmend\t\t\t\t\t\t\t\t张敏\t1 damaged line moved to "
	    "calls.tsv.bad: line 3\t\t0000000000000000\n"
	    REC("2026-11-16T11:00", ID1, "13800138001", "busy", "")
	    /* an id of zeros with a call's outcome is a call */
	    REC("2026-11-16T11:05", LOG_MEND_ID, "13800138001", "busy", ""));
	static const char call[] = REC("2026-11-16T11:05", LOG_MEND_ID,
	    "13800138001", "mended", "");
	struct rd rd;
	struct callrec *r;
	char err[FU_ERRBUF];
	size_t w;

	for (w = 0; w < NWAYS; w++) {
		T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, ways[w], err), 0);
		T_OK((r = rd_next(&rd)) != NULL);
		T_INTEQ(r->lineno, 2);
		T_OK((r = rd_next(&rd)) != NULL);
		T_INTEQ(r->lineno, 4);
		T_OK((r = rd_next(&rd)) != NULL);
		T_INTEQ(r->lineno, 5);
		T_U64EQ(r->id, 0);
		T_OK(rd_next(&rd) == NULL);
		T_INTEQ(rd.lg.records, 3);
		T_INTEQ(rd.lg.mends, 1);
		T_INTEQ(rd.lg.bad, 0);
		T_INTEQ(rd.lg.later, 0);
		calllog_close(&rd.lg);
	}
	T_INTEQ(log_line_is_mend(mend, sizeof(mend) - 18), 1);
	T_INTEQ(log_line_is_mend(call, sizeof(call) - 18), 0);
	T_INTEQ(log_line_is_mend(REC("2026-11-16T11:05", ID1, "1", "mend",
	    ""), 20), 0);
	unlink(path);
	free(path);
}

static void
test_appended(void)
{
	char *path = t_write_temp(HDR
	    REC("2026-11-16T10:00", ID1, "13800138001", "busy", ""));
	struct rd rd;
	struct callrec *r;
	char err[FU_ERRBUF];
	FILE *fp;

	T_INTEQ(rd_open(&rd, path, CALLLOG_NO_AS_OF, 8, err), 0);
	if ((fp = fopen(path, "a")) != NULL) {
		/* It would correct line 2, which is read as it stood. */
		fputs(REC("2026-11-16T10:30", ID1, "13800138001", "success",
		    "2026-11-16T10:00 " ID1), fp);
		fclose(fp);
	}
	T_OK((r = rd_next(&rd)) != NULL);
	T_INTEQ(r->lineno, 2);
	T_INTEQ(r->outcome, OC_BUSY);
	T_OK(rd_next(&rd) == NULL);
	calllog_close(&rd.lg);
	unlink(path);
	free(path);
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
	T_INTEQ(calllog_parse_supersedes("2026-11-16T10:05 00000000000000g2",
	    33, &ts, &id, err), -1);
}

/* fu_id_parse_n of field (s, n) against fu_id_parse of it cut out. */
static void
id_like_fu(const char *line, size_t n)
{
	char buf[64];
	uint64_t a = 0, b = 0;
	int ra, rb;

	memcpy(buf, line, n);
	buf[n] = '\0';
	ra = fu_id_parse_n(line, n, &a);
	rb = fu_id_parse(buf, &b);
	T_INTEQ(ra, rb);
	if (ra == 0)
		T_U64EQ(a, b);
}

static void
test_id(void)
{
	uint64_t id;
	static const char nul[] = "0123456789abcdef\0zz\tx";

	T_INTEQ(fu_id_parse_n("0123456789abcdef\tx", 16, &id), 0);
	T_U64EQ(id, UINT64_C(0x0123456789abcdef));
	T_INTEQ(fu_id_parse_n("FFFFFFFFFFFFFFFF", 16, &id), 0);
	T_U64EQ(id, UINT64_MAX);
	id_like_fu("0123456789abcdef\tx", 16);
	id_like_fu("0123456789ABCDEF", 16);
	id_like_fu("0123456789abcde\t", 15);
	id_like_fu("0123456789abcdef0\t", 17);
	id_like_fu("0123456789abcdeg", 16);
	id_like_fu("g123456789abcdef", 16);
	id_like_fu("0123456789\\tbcdef", 17);
	id_like_fu(nul, 19);			/* a NUL after the digits */
	id_like_fu("", 0);
	T_INTEQ(fu_id_parse_n("0123456789abcdef0", 17, &id), -1);
}

/* What a reading gives, as text: each record, then the counts. */
static char *
dump(const char *path, long long asof, int flags)
{
	struct calllog lg;
	struct callrec blk[CALLLOG_BLOCK];
	char err[FU_ERRBUF], line[256], *out = NULL;
	size_t len = 0, cap = 0, k;
	long n, i;

	if (calllog_open_flags(&lg, path, asof, NULL, flags, err) == -1)
		return strdup(err);
	while ((n = calllog_read(&lg, blk, CALLLOG_BLOCK)) > 0)
		for (i = 0; i < n; i++) {
			k = (size_t)snprintf(line, sizeof(line),
			    "%ld %lld %lld %016llx %d %s [%s]\n",
			    blk[i].lineno, blk[i].call_ts, blk[i].ts,
			    (unsigned long long)blk[i].id, blk[i].outcome,
			    calllog_field(&lg, &blk[i], LC_NOTE, NULL),
			    calllog_field(&lg, &blk[i], LC_CHAIN, NULL));
			if (len + k + 1 > cap)
				out = realloc(out, cap = 2 * (len + k + 1));
			memcpy(out + len, line, k + 1);
			len += k;
		}
	k = (size_t)snprintf(line, sizeof(line), "end %ld: %ld in force, "
	    "%ld superseded, %ld bad, torn %d\n", n, lg.records,
	    lg.superseded, lg.bad, lg.torn);
	out = realloc(out, len + k + 1);
	memcpy(out + len, line, k + 1);
	calllog_close(&lg);
	return out;
}

/* The same reading, split or not; records says how many stand. */
static void
split_same(const char *text, long long asof, long records)
{
	static const int flags[] = { 0, CALLLOG_IN_PLACE,
	    CALLLOG_IN_PLACE | CALLLOG_NO_TORN };
	char *path = t_write_temp(text), *one, *two, want[64];
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		one = dump(path, asof, flags[i] | CALLLOG_QUIET);
		two = dump(path, asof, flags[i] | CALLLOG_QUIET |
		    CALLLOG_SPLIT_ANY);
		T_STREQ(two, one);
		/* 2001 records, 281 corrections; the torn one not read. */
		if (records == -1)
			snprintf(want, sizeof(want), ": %d in force,",
			    2001 - 281 - ((flags[i] & CALLLOG_NO_TORN) != 0));
		else
			snprintf(want, sizeof(want), ": %ld in force,", records);
		T_OK(strstr(one, want) != NULL);
		free(one);
		free(two);
	}
	unlink(path);
	free(path);
}

/*
 * A log of n records over 40 contacts, a record every 7 minutes from
 * 2026-11-16, where each seventh record from the 35th corrects the one
 * 28 lines up (from the 63rd, a correction itself): so each correction
 * supersedes one record, before and after the middle of the file, in
 * chains across it.  Every eleventh line ends in CRLF, an empty line
 * follows every fiftieth; with torn the last has no newline.
 */
static char *
gen_log(int n, int torn)
{
	char *out = NULL, line[512], ts[32], sup[64];
	size_t len = 0, cap = 0, k;
	int i, t;

	k = strlen(HDR);
	out = realloc(out, cap = k + 1);
	memcpy(out, HDR, k + 1);
	len = k;
	for (i = 0; i < n; i++) {
		t = i * 7;
		snprintf(ts, sizeof(ts), "2026-11-%02dT%02d:%02d", 16 + t / 1440,
		    t / 60 % 24, t % 60);
		sup[0] = '\0';
		if (i % 7 == 6 && i >= 28) {
			t = (i - 28) * 7;
			snprintf(sup, sizeof(sup), "2026-11-%02dT%02d:%02d "
			    "00000000000000%02x", 16 + t / 1440, t / 60 % 24,
			    t % 60, (i - 28) % 40);
		}
		k = (size_t)snprintf(line, sizeof(line), "%s\t00000000000000%02x"
		    "\tservice\t城东店\t王\t13800138000\t1\tphone\t%s\t5\t5"
		    "\t5\t\t\t\t\t张敏\tline %d\t%s\t0000000000000000%s",
		    ts, i % 40, i % 3 ? "success" : "no_answer", i + 2, sup,
		    i % 11 == 0 ? "\r\n" : i == n - 1 && torn ? "" : "\n");
		if (i % 50 == 49 && i < n - 1) {
			line[k++] = '\n';
			line[k] = '\0';
		}
		if (len + k + 1 > cap)
			out = realloc(out, cap = 2 * (len + k + 1));
		memcpy(out + len, line, k + 1);
		len += k;
	}
	return out;
}

static void
test_split(void)
{
	char *log;

	/* Every kind of line of the small log, the split near its middle. */
	split_same(corrections_log, CALLLOG_NO_AS_OF, 4);
	split_same(corrections_log, at(2026, 11, 16, 23, 0), 3);
	/* Only a header; one record; a record without its newline. */
	split_same(HDR, CALLLOG_NO_AS_OF, 0);
	split_same(HDR REC("2026-11-16T10:00", ID1, "13800138001",
	    "success", ""), CALLLOG_NO_AS_OF, 1);
	split_same(HDR REC("2026-11-16T10:00", ID1, "13800138001",
	    "success", "") "2026-11-16T10:05\t" ID1, CALLLOG_NO_AS_OF, 1);
	/* 2000 records, 281 of them corrections (i = 34, 41, ..., 1994). */
	log = gen_log(2000, 0);
	split_same(log, CALLLOG_NO_AS_OF, 2000 - 281);
	free(log);
	/*
	 * As of 2026-11-20 00:00: 823 records written (7 i < 4 days),
	 * 113 of them corrections (i = 34 ... 818); the last line torn.
	 */
	log = gen_log(2000, 1);
	split_same(log, at(2026, 11, 20, 0, 0), 823 - 113);
	free(log);
	/* Torn, no time bound: the last record read but for NO_TORN. */
	log = gen_log(2001, 1);
	split_same(log, CALLLOG_NO_AS_OF, -1);
	free(log);
}

int
main(void)
{
	test_corrections();
	test_columns();
	test_pipe();
	test_fields();
	test_as_of();
	test_appended();
	test_mend();
	test_supersedes();
	test_id();
	test_split();
	return t_done("test_calllog");
}
