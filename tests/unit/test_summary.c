/*
 * test_summary.c: lib/summary through its API (summary.h): keys, rows
 * and values by enum and by name, rounds of dials (a third dial, a new
 * round after round_days), a partial written and merged back; and what
 * it asks of the call-log reader: call_ts, corrections returned where
 * their chain began (CALLLOG_IN_PLACE), a torn last line left out
 * (CALLLOG_NO_TORN); and the tables of exact keys (sum.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/policy.h"
#include "log/calllog.h"
#include "summary/sum.h"
#include "summary/summary.h"
#include "t.h"

#define HDR	"ts\tid\ttype\tstore\tcustomer\tphone\tattempt\tmethod\t" \
		"outcome\tq1\tq2\tq3\tcomplaint\tresolved\tgift_ok\t" \
		"callback\tagent\tnote\tsupersedes\tchain\n"
/* A record: ts, id, store, outcome, q1, agent, supersedes. */
#define REC(ts, id, store, oc, q1, agent, sup) \
	ts "\t00000000000000" id "\tservice\t" store "\t王\t13800000000\t1\t" \
	"phone\t" oc "\t" q1 "\t\t\t\t\t\t\t" agent "\t\t" sup \
	"\t0000000000000000\n"

/* The records in the reader's order: "lineno:call_ts's day:outcome". */
static void
order(const char *path, int flags, char *out, size_t size)
{
	struct calllog lg;
	struct callrec r;
	char err[FU_ERRBUF];
	size_t len = 0;
	int y, mo, d;

	out[0] = '\0';
	if (calllog_open_flags(&lg, path, CALLLOG_NO_AS_OF, NULL, flags,
	    err) == -1) {
		snprintf(out, size, "error %s", err);
		return;
	}
	while (calllog_next(&lg, &r) == 1) {
		date_to_ymd(time_day(r.call_ts), &y, &mo, &d);
		len += (size_t)snprintf(out + len, size - len, "%s%ld:%d:%s",
		    len ? " " : "", r.lineno, d, outcomes[r.outcome].code);
	}
	calllog_close(&lg);
}

static void
test_in_place(void)
{
	char got[512], *path;

	/* Line 2 corrected by 4, which 5 corrects; 3 another contact. */
	path = t_write_temp(HDR
	    REC("2026-11-16T10:00", "01", "店1", "partial", "3", "张敏", "")
	    REC("2026-11-17T10:00", "02", "店1", "success", "5", "张敏", "")
	    REC("2026-11-18T10:00", "01", "店1", "success", "4", "张敏",
		"2026-11-16T10:00 0000000000000001")
	    REC("2026-11-19T10:00", "01", "店1", "refused", "", "张敏",
		"2026-11-18T10:00 0000000000000001"));
	/* As written: the last form where it was written, at the first's time. */
	order(path, 0, got, sizeof(got));
	T_STREQ(got, "3:17:success 5:16:refused");
	/* In place: the last form where the chain began. */
	order(path, CALLLOG_IN_PLACE, got, sizeof(got));
	T_STREQ(got, "5:16:refused 3:17:success");
	unlink(path);
	free(path);

	/* A torn last line: a correction that is not applied. */
	path = t_write_temp(HDR
	    REC("2026-11-16T10:00", "01", "店1", "partial", "3", "张敏", "")
	    "2026-11-18T10:00\t0000000000000001\tservice\t店1\t王\t1\t1\t"
	    "phone\tsuccess\t\t\t\t\t\t\t\t\t\t2026-11-16T10:00 "
	    "0000000000000001\t0000000000000000");
	order(path, CALLLOG_IN_PLACE | CALLLOG_NO_TORN, got, sizeof(got));
	T_STREQ(got, "2:16:partial");
	unlink(path);
	free(path);
}

static struct summary *
summarize(const char *log, const char *keys, const struct policy *pol,
    const struct calendar *cal)
{
	struct sum_opts o;
	struct summary *s;
	char err[FU_ERRBUF];

	sum_opts_init(&o, pol, cal);
	T_INTEQ(sum_parse_keys(&o, keys, err), 0);
	s = summary_open(&o);
	T_INTEQ(summary_log(s, log, err), 0);
	return s;
}

static const char *
cell(struct summary *s, size_t r, const char *name, char *buf)
{
	summary_format(s, r, sum_metric_by_name(name), buf);
	return buf;
}

static void
test_rows(const struct policy *pol, const struct calendar *cal)
{
	struct summary *s;
	char *path, buf[SUM_FMT];
	double v;

	/*
	 * 张敏: two no answers (lost), a third dial in the round, then a
	 * dial 8 days after the round began: a new round.  李娜: success.
	 */
	path = t_write_temp(HDR
	    REC("2026-11-02T10:00", "01", "店2", "no_answer", "", "张敏", "")
	    REC("2026-11-02T14:00", "01", "店2", "no_answer", "", "张敏", "")
	    REC("2026-11-03T14:00", "01", "店2", "busy", "", "张敏", "")
	    REC("2026-11-10T14:30", "01", "店2", "success", "4", "张敏", "")
	    REC("2026-11-04T14:00", "02", "店1", "success", "2", "李娜", ""));
	s = summarize(path, "agent", pol, cal);
	summary_finish(s);
	T_INTEQ(summary_nrows(s), 3);
	/* 张 (e5 bc a0) before 李 (e6 9d 8e): bytes of UTF-8. */
	T_STREQ(summary_keyval(s, 0, SK_AGENT), "张敏");
	T_STREQ(summary_keyval(s, 1, SK_AGENT), "李娜");
	T_STREQ(summary_keyval(s, 2, SK_AGENT), "合计");
	T_STREQ(summary_keyval(s, 0, SK_STORE), "");
	T_OK(!summary_is_total(s, 0) && summary_is_total(s, 2));
	T_STREQ(cell(s, 0, "dials", buf), "4");
	T_STREQ(cell(s, 0, "lost", buf), "1");
	T_STREQ(cell(s, 0, "third_dials", buf), "1");
	T_STREQ(cell(s, 0, "success", buf), "1");
	T_STREQ(cell(s, 0, "success_rate", buf), "1.0000");
	T_STREQ(cell(s, 0, "visit_rate", buf), "");
	T_STREQ(cell(s, 2, "q1_mean", buf), "3.00");
	T_STREQ(cell(s, 2, "dissatisfied", buf), "0.5000");
	T_STREQ(cell(s, 2, "contacts", buf), "2");
	T_INTEQ(summary_get(s, 2, SM_DIALS, &v), 0);
	T_OK(v == 5);
	T_INTEQ(summary_get(s, 2, SM_MEDIAN_DAYS, &v), -1);
	T_INTEQ(summary_get(s, 9, SM_DIALS, &v), -1);
	T_INTEQ(summary_get(s, 0, SM_N, &v), -1);
	summary_close(s);

	/* No keys: the totals row alone. */
	s = summarize(path, "", pol, cal);
	summary_finish(s);
	T_INTEQ(summary_nrows(s), 1);
	T_STREQ(cell(s, 0, "n_no_answer", buf), "2");
	summary_close(s);

	/* A success after two failed dials is a third dial too. */
	unlink(path);
	free(path);
	path = t_write_temp(HDR
	    REC("2026-11-02T10:00", "01", "店2", "busy", "", "张敏", "")
	    REC("2026-11-02T14:00", "01", "店2", "power_off", "", "张敏", "")
	    REC("2026-11-03T14:00", "01", "店2", "success", "5", "张敏", "")
	    REC("2026-11-04T14:00", "02", "店2", "callback", "", "张敏", "")
	    REC("2026-11-05T14:00", "02", "店2", "no_answer", "", "张敏", "")
	    REC("2026-11-06T14:00", "02", "店2", "success", "5", "张敏", ""));
	s = summarize(path, "store", pol, cal);
	summary_finish(s);
	T_STREQ(cell(s, 0, "third_dials", buf), "1");
	T_STREQ(cell(s, 0, "lost", buf), "1");
	summary_close(s);

	unlink(path);
	free(path);
}

static void
test_names(void)
{
	struct sum_opts o;
	char err[FU_ERRBUF];
	int i, j;

	for (i = 0; i < SM_N; i++) {
		T_OK(sum_metrics[i].name != NULL);
		T_INTEQ(sum_metric_by_name(sum_metrics[i].name), i);
		for (j = 0; j < i; j++)
			T_OK(strcmp(sum_metrics[i].name,
			    sum_metrics[j].name) != 0);
	}
	T_STREQ(sum_metrics[SM_N_OUTCOME + OC_WRONG_NUMBER].name,
	    "n_wrong_number");
	T_INTEQ(sum_metric_by_name("nope"), -1);
	T_INTEQ(sum_key_by_name("week"), SK_WEEK);
	sum_opts_init(&o, NULL, NULL);
	T_INTEQ(o.nkeys, 1);
	T_INTEQ(sum_parse_keys(&o, "store,week", err), 0);
	T_INTEQ(o.nkeys, 2);
	T_INTEQ(o.keys[1], SK_WEEK);
	T_INTEQ(sum_parse_keys(&o, "store,shop", err), -1);
	T_OK(strstr(err, "\"shop\"") != NULL);
	T_INTEQ(sum_parse_keys(&o, "day,day", err), -1);
	T_OK(strstr(err, "twice") != NULL);
}

/* A partial written and merged back gives every cell again. */
static void
test_partial(const struct policy *pol, const struct calendar *cal)
{
	struct summary *a, *b;
	struct sum_opts o;
	char *log, *part, err[FU_ERRBUF], x[SUM_FMT], y[SUM_FMT];
	FILE *fp;
	size_t r;
	int m;

	log = t_write_temp(HDR
	    REC("2026-11-02T10:00", "01", "店2", "no_answer", "", "张敏", "")
	    REC("2026-11-03T14:00", "03", "店1\\t东", "success", "5", "张敏",
		"")
	    REC("2026-11-04T14:00", "02", "店1", "success", "2", "李娜", ""));
	a = summarize(log, "store,week", pol, cal);
	part = t_write_temp("");
	fp = fopen(part, "w");
	summary_write_partial(a, fp);
	fclose(fp);
	summary_finish(a);
	sum_opts_init(&o, pol, cal);
	T_INTEQ(sum_parse_keys(&o, "store,week", err), 0);
	b = summary_open(&o);
	T_INTEQ(summary_merge(b, part, err), 0);
	summary_finish(b);
	T_INTEQ(summary_nrows(b), summary_nrows(a));
	T_STREQ(summary_keyval(b, 1, SK_STORE), "店1\t东");
	for (r = 0; r < summary_nrows(a); r++)
		for (m = 0; m < SM_N; m++) {
			summary_format(a, r, m, x);
			summary_format(b, r, m, y);
			T_STREQ(y, x);
		}
	summary_close(b);
	/* By other keys: refused. */
	sum_opts_init(&o, pol, cal);
	b = summary_open(&o);
	T_INTEQ(summary_merge(b, part, err), -1);
	T_OK(strstr(err, "store,week") != NULL);
	summary_close(b);
	summary_close(a);
	unlink(part);
	unlink(log);
	free(part);
	free(log);
}

/* Rule 3's distinct reached contacts: a contact in two stores' months. */
static void
test_reached(const struct policy *pol, const struct calendar *cal)
{
	struct summary *s;
	char *path;
	uint32_t w[2], i;
	int64_t n[2] = { 0, 0 };

	path = t_write_temp(HDR
	    REC("2026-11-02T14:00", "01", "店1", "success", "", "张敏", "")
	    REC("2026-11-03T14:00", "01", "店1", "partial", "", "张敏", "")
	    REC("2026-11-04T14:00", "01", "店2", "success", "", "张敏", "")
	    REC("2026-11-05T14:00", "01", "店1", "success", "", "张敏", "")
	    REC("2026-12-01T14:00", "01", "店1", "success", "", "张敏", "")
	    REC("2026-11-06T14:00", "02", "店1", "success", "", "张敏", ""));
	s = summarize(path, "store", pol, cal);
	for (i = 0; i < 2; i++) {
		w[0] = (uint32_t)str_get(&s->str[SK_STORE], i ? "店2" : "店1",
		    strlen("店1"));
		w[1] = MONTH_INDEX(2026, 11);
		n[i] = s->smr.val[tup_get(&s->smr, w)];
	}
	T_INTEQ(n[0], 2);	/* 01 and 02 */
	T_INTEQ(n[1], 1);
	w[0] = (uint32_t)str_get(&s->str[SK_STORE], "店1", strlen("店1"));
	w[1] = MONTH_INDEX(2026, 12);
	T_INTEQ(s->smr.val[tup_get(&s->smr, w)], 1);
	summary_close(s);
	unlink(path);
	free(path);
}

/*
 * The tally of a due list and of contacts: a store's size learnt from
 * an earlier input (the due list) and from an earlier row, one tally
 * fed to two summaries as each would read the file, a bad date said
 * once and counted at each feed.
 */
static void
test_tally(const struct policy *pol, const struct calendar *cal)
{
	struct sum_tally *due, *ct;
	struct summary *a, *b;
	struct sum_opts o;
	char *dpath, *cpath, *log, err[FU_ERRBUF], buf[SUM_FMT];
	size_t r;

	log = t_write_temp(HDR);
	dpath = t_write_temp("id\ttype\tstore\tstore_size\tdue\tagent\n"
	    "0000000000000001\tservice\t店1\tsmall\t2026-11-02\t张敏\n"
	    "0000000000000002\tgift\t店2\t\t2026-11-02\t张敏\n");
	/* 店1's row has no size: small, from the due list; 店2's first
	   none (not known yet), its third large from its second, its
	   fourth a bad date: said, not counted. */
	cpath = t_write_temp("id\ttype\tstore\tstore_size\tdate\n"
	    "0000000000000001\tservice\t店1\t\t2026-11-01\n"
	    "0000000000000002\tgift\t店2\t\t2026-11-01\n"
	    "0000000000000003\tgift\t店2\tlarge\t2026-11-01\n"
	    "0000000000000004\tgift\t店2\t\t2026-11-01\n"
	    "0000000000000005\trequest\t店2\tlarge\t2026-02-30\n");
	due = sum_tally_open(SUM_DUE);
	ct = sum_tally_open(SUM_CONTACTS);
	T_INTEQ(sum_tally_read(due, dpath, err), 0);
	T_INTEQ(sum_tally_read(ct, cpath, err), 0);
	T_INTEQ(sum_tally_nbad(ct), 1);
	sum_opts_init(&o, pol, cal);
	T_INTEQ(sum_parse_keys(&o, "store_size,store", err), 0);
	a = summary_open(&o);
	b = summary_open(&o);
	T_INTEQ(summary_log(a, log, err), 0);
	T_INTEQ(summary_log(b, log, err), 0);
	summary_feed(a, due);
	summary_feed(a, ct);
	T_INTEQ(summary_due(b, dpath, err), 0);
	T_INTEQ(summary_contacts(b, cpath, err), 0);
	T_INTEQ(summary_bad(a), 1);
	T_INTEQ(summary_bad(b), 1);
	summary_finish(a);
	summary_finish(b);
	/* "" 店2 (its due row, size not known yet), large 店2, small 店1 */
	T_INTEQ(summary_nrows(a), 4);
	T_INTEQ(summary_nrows(b), 4);
	T_STREQ(summary_keyval(a, 0, SK_STORE_SIZE), "");
	T_STREQ(summary_keyval(a, 1, SK_STORE_SIZE), "large");
	T_STREQ(summary_keyval(a, 1, SK_STORE), "店2");
	T_STREQ(cell(a, 0, "submitted", buf), "1");
	T_STREQ(cell(a, 0, "planned", buf), "1");
	T_STREQ(cell(a, 1, "submitted", buf), "2");
	T_STREQ(cell(a, 1, "gift_submitted", buf), "2");
	T_STREQ(cell(a, 1, "requests", buf), "0");
	T_STREQ(summary_keyval(a, 2, SK_STORE_SIZE), "small");
	T_STREQ(cell(a, 2, "submitted", buf), "1");
	T_STREQ(cell(a, 2, "planned", buf), "1");
	T_STREQ(cell(a, 3, "submitted", buf), "4");
	for (r = 0; r < summary_nrows(a); r++) {
		T_STREQ(summary_keyval(a, r, SK_STORE),
		    summary_keyval(b, r, SK_STORE));
		T_STREQ(cell(a, r, "planned", buf), cell(b, r, "planned",
		    err));
		T_STREQ(cell(a, r, "submitted", buf), cell(b, r, "submitted",
		    err));
	}
	summary_close(a);
	summary_close(b);
	/* A second summary fed the same tallies: the same figures. */
	a = summary_open(&o);
	summary_feed(a, due);
	summary_feed(a, ct);
	summary_finish(a);
	T_INTEQ(summary_nrows(a), 4);
	T_STREQ(cell(a, 3, "submitted", buf), "4");
	T_INTEQ(summary_bad(a), 1);
	summary_close(a);
	sum_tally_free(due);
	sum_tally_free(ct);
	/* No store column: said as summary_contacts says it. */
	ct = sum_tally_open(SUM_CONTACTS);
	unlink(cpath);
	free(cpath);
	cpath = t_write_temp("id\ttype\tdate\n0000000000000001\tgift\t"
	    "2026-11-01\n");
	T_INTEQ(sum_tally_read(ct, cpath, err), -1);
	T_OK(strstr(err, "no store column") != NULL);
	sum_tally_free(ct);
	unlink(cpath);
	unlink(dpath);
	unlink(log);
	free(cpath);
	free(dpath);
	free(log);
}

static void
test_tuples(void)
{
	struct tuptab t;
	struct strtab st;
	uint32_t w[3], i;
	int added;

	tup_init(&t, 3, 1);
	for (i = 0; i < 10000; i++) {
		w[0] = i % 7;
		w[1] = i;
		w[2] = ~i;
		T_INTEQ(tup_put(&t, w, &added), i);
		T_OK(added);
	}
	w[0] = 3 % 7;
	w[1] = 3;
	w[2] = ~3u;
	T_INTEQ(tup_put(&t, w, &added), 3);
	T_OK(!added);
	w[2] = 0;
	T_INTEQ(tup_get(&t, w), IDMAP_NONE);
	tup_free(&t);
	str_init(&st);
	T_INTEQ(str_put(&st, "", 0), 0);
	T_INTEQ(str_put(&st, "城东店", strlen("城东店")), 1);
	T_INTEQ(str_put(&st, "城西店", strlen("城西店")), 2);
	T_INTEQ(str_put(&st, "城东店", strlen("城东店")), 1);
	T_INTEQ(str_get(&st, "城西", strlen("城西")), -1);
	T_STREQ(str_at(&st, 2), "城西店");
	str_free(&st);
}

/*
 * The log read beside the summary (o.beside: batches handed to another
 * thread, reused round a ring) and split by contacts between threads
 * give the table read on one thread: a log of many batches, with
 * corrections, a correction of a correction, escapes and bad lines.
 */
static void
test_beside(const struct policy *pol, const struct calendar *cal)
{
	static const char *oc[] = { "no_answer", "success", "partial",
	    "refused", "power_off", "success", "sms_sent" };
	struct summary *s[3];
	struct sum_opts o;
	char *log, x[SUM_FMT], y[SUM_FMT], err[FU_ERRBUF];
	FILE *fp;
	size_t r;
	int i, k, m, day, fixes = 0;

	log = t_write_temp("");
	fp = fopen(log, "w");
	fputs(HDR, fp);
	for (i = 0; i < 9000; i++) {
		day = 2 + i % 27;
		fprintf(fp, "2026-11-%02dT%02d:%02d\t%016x\tservice\t店%d%s\t王"
		    "\t13800000000\t1\tphone\t%s\t%d\t\t\t\t\t\t\t客服%d\t"
		    "\t\t0000000000000000\n", day, 9 + i % 9, i % 50,
		    (unsigned)(i * 7919 % 1500), i % 5, i % 11 == 0 ? "\\t东" : "",
		    oc[i % 7], 1 + i % 5, i % 13);
		if (i % 97 == 0)
			fputs("not\ta\tline\n", fp);
		if (i % 31 == 0 && i > 0) {
			/* Correct the record before, then that correction. */
			k = i - 1;
			for (m = 0; m < 1 + (i % 62 == 0); m++) {
				fprintf(fp, "2026-11-%02dT%02d:%02d\t%016x\tservice\t"
				    "店%d%s\t王\t13800000000\t1\tphone\trefused\t\t"
				    "\t\t\t\t\t\t客服%d\t\t2026-11-%02dT%02d:%02d "
				    "%016x\t0000000000000000\n", 2 + k % 27,
				    9 + k % 9, m == 0 ? 59 : 58,
				    (unsigned)(k * 7919 % 1500), k % 5,
				    k % 11 == 0 ? "\\t东" : "", k % 13,
				    2 + k % 27, 9 + k % 9, m == 0 ? k % 50 : 59,
				    (unsigned)(k * 7919 % 1500));
				fixes++;
			}
		}
	}
	fclose(fp);
	for (k = 0; k < 3; k++) {
		sum_opts_init(&o, pol, cal);
		T_INTEQ(sum_parse_keys(&o, "store,agent,day", err), 0);
		o.beside = k == 1;
		o.threads = k == 2 ? 3 : 1;
		o.thread_bytes = 0;
		s[k] = summary_open(&o);
		T_INTEQ(summary_log(s[k], log, err), 0);
		summary_finish(s[k]);
	}
	/* Every record line is in force in its last form. */
	summary_format(s[0], summary_nrows(s[0]) - 1, SM_DIALS, x);
	T_STREQ(x, "9000");
	T_OK(fixes > 300);
	T_OK(summary_nrows(s[0]) > 1000);
	for (k = 1; k < 3; k++) {
		T_INTEQ(summary_bad(s[k]), summary_bad(s[0]));
		T_INTEQ(summary_nrows(s[k]), summary_nrows(s[0]));
		for (r = 0; r < summary_nrows(s[0]); r++)
			for (m = 0; m < SM_N; m++) {
				summary_format(s[0], r, m, x);
				summary_format(s[k], r, m, y);
				T_STREQ(y, x);
			}
	}
	T_INTEQ(summary_bad(s[0]), (9000 + 96) / 97);
	for (k = 0; k < 3; k++)
		summary_close(s[k]);
	unlink(log);
	free(log);
}

int
main(void)
{
	struct policy pol;
	struct calendar cal;

	setenv("TZ", "Asia/Shanghai", 1);
	policy_init(&pol);
	T_INTEQ(cal_load_builtin(&cal), 0);
	test_in_place();
	test_names();
	test_rows(&pol, &cal);
	test_partial(&pol, &cal);
	test_reached(&pol, &cal);
	test_tally(&pol, &cal);
	test_beside(&pol, &cal);
	test_tuples();
	cal_free(&cal);
	policy_free(&pol);
	return t_done("test_summary");
}
