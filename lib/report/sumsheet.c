/*
 * sumsheet.c: the summary sheets of the workbooks, every figure from
 * fu-summarize's library (summary.h), never counted here: 本周汇总 of
 * the service form (by store and by agent, quota met or not, rules
 * broken), 汇总 of the gift form (coverage against the gift rate), and
 * the month's 汇总 by store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "log/calllog.h"
#include "report/book.h"
#include "report/records.h"
#include "report/report.h"
#include "summary/summary.h"

#define NCOLS(a)	(sizeof(a) / sizeof((a)[0]))

/* Columns that are not a metric. */
#define SC_KEY		(-1)	/* the group's key shown */
#define SC_BREACH	(-2)	/* the rules broken, in words */
#define SC_QUOTA	(-3)	/* 达标: quota met by every agent-week */
#define SC_GIFT_OK	(-4)	/* 达标: coverage at the gift rate */
#define SC_GIFT_RATE	(-5)	/* the gift rate asked for */

struct sum_col {
	const char	*head;
	int		 metric;	/* enum sum_metric, or SC_* */
	int		 fmt;		/* enum book_fmt of the cells */
};

static const struct sum_col store_cols[] = {
	{ "店面", SC_KEY, BF_TEXT },
	{ "回访客户", SM_CONTACTS, BF_INT },
	{ "拨打", SM_DIALS, BF_INT },
	{ "成功", SM_SUCCESS, BF_INT },
	{ "成功率", SM_SUCCESS_RATE, BF_PCT },
	{ "满意度", SM_SATISFIED, BF_PCT },
	{ "投诉", SM_COMPLAINTS, BF_INT },
	{ "已解决", SM_RESOLVED, BF_INT },
	{ "解决率", SM_RESOLUTION_RATE, BF_PCT },
	{ "失访", SM_LOST, BF_INT },
	{ "第三次拨打", SM_THIRD_DIALS, BF_INT },
	{ "时段外", SM_OUTSIDE_WINDOW, BF_INT },
	{ "集中一天", SM_BUNCHED, BF_INT },
	{ "违规", SC_BREACH, BF_TEXT },
};

static const struct sum_col agent_cols[] = {
	{ "回访人", SC_KEY, BF_TEXT },
	{ "回访客户", SM_CONTACTS, BF_INT },
	{ "拨打", SM_DIALS, BF_INT },
	{ "成功", SM_SUCCESS, BF_INT },
	{ "成功率", SM_SUCCESS_RATE, BF_PCT },
	{ "周目标", SM_QUOTA_TARGET, BF_INT },
	{ "达标", SC_QUOTA, BF_TEXT },
	{ "第三次拨打", SM_THIRD_DIALS, BF_INT },
	{ "时段外", SM_OUTSIDE_WINDOW, BF_INT },
	{ "违规", SC_BREACH, BF_TEXT },
};

static const struct sum_col gift_cols[] = {
	{ "店面", SC_KEY, BF_TEXT },
	{ "提报礼品", SM_GIFT_SUBMITTED, BF_INT },
	{ "已核查", SM_GIFT_CHECKED, BF_INT },
	{ "覆盖率", SM_GIFT_COVERAGE, BF_PCT },
	{ "要求", SC_GIFT_RATE, BF_PCT },
	{ "达标", SC_GIFT_OK, BF_TEXT },
	{ "误差(不符)", SM_GIFT_MISMATCH, BF_INT },
};

static const struct sum_col month_cols[] = {
	{ "店面", SC_KEY, BF_TEXT },
	{ "应回访", SM_PLANNED, BF_INT },
	{ "已回访", SM_CONTACTS, BF_INT },
	{ "成功", SM_SUCCESS, BF_INT },
	{ "成功率", SM_SUCCESS_RATE, BF_PCT },
	{ "满意度", SM_SATISFIED, BF_PCT },
	{ "投诉", SM_COMPLAINTS, BF_INT },
	{ "已解决", SM_RESOLVED, BF_INT },
	{ "解决率", SM_RESOLUTION_RATE, BF_PCT },
	{ "礼品核查", SM_GIFT_CHECKED, BF_INT },
	{ "误差", SM_GIFT_MISMATCH, BF_INT },
	{ "回访需求", SM_REQUESTS, BF_INT },
};

/* The summaries of each kind of workbook, by their keys. */
static const char *const service_keys[] = { "type", "type,store",
    "type,agent", NULL };
static const char *const gift_keys[] = { "store", NULL };
static const char *const month_keys[] = { "store", "week", NULL };

/* A summary of the period by keys, read from the logs. */
static struct summary *
sum_read(const struct report_sums *rs, const char *keys, char *err)
{
	const struct report_opts *o = rs->o;
	struct sum_opts so;
	struct summary *s;
	size_t i;

	sum_opts_init(&so, o->pol, o->cal);
	if (sum_parse_keys(&so, keys, err) == -1)
		return NULL;
	if (rs->month)
		sum_period_month(&so, &rs->per->mon);
	else
		sum_period_week(&so, &rs->per->wk);
	so.as_of = o->asof;
	so.tmpdir = o->tmpdir;
	/* One thread has the records sheet, this one the summaries. */
	so.beside = o->threads >= 3;
	/* The sheets' own reading of the log says its bad lines. */
	so.quiet = 1;
	s = summary_open(&so);
	for (i = 0; i < rs->nfiles; i++)
		if (summary_log(s, rs->files[i], err) == -1) {
			summary_close(s);
			return NULL;
		}
	return s;
}

/* The job: every summary of the workbook read, in order. */
static void
sums_work(struct pool_job *job, void *ctx)
{
	struct report_sums *rs = (struct report_sums *)job;
	size_t i;

	(void)ctx;
	for (i = 0; i < rs->n; i++)
		if ((rs->s[i] = sum_read(rs, rs->key[i], rs->err)) == NULL) {
			rs->failed = 1;
			break;
		}
}

/* keys added to rs's, each once. */
static void
add_keys(struct report_sums *rs, const char *const *keys)
{
	size_t i;

	for (; *keys != NULL; keys++) {
		for (i = 0; i < rs->n && strcmp(rs->key[i], *keys) != 0; i++)
			;
		if (i == rs->n)
			rs->key[rs->n++] = *keys;
	}
}

void
report_sums_start(struct report_sums *rs, const struct report_opts *o,
    unsigned kinds, const struct report_period *per, char *const *files,
    size_t nfiles)
{
	memset(rs, 0, sizeof(*rs));
	rs->o = o;
	rs->per = per;
	rs->month = (kinds & REPORT_KIND(RK_MONTH)) != 0;
	rs->files = files;
	rs->nfiles = nfiles;
	if (kinds & REPORT_KIND(RK_SERVICE))
		add_keys(rs, service_keys);
	if (kinds & REPORT_KIND(RK_GIFT))
		add_keys(rs, gift_keys);
	if (rs->month)
		add_keys(rs, month_keys);
	/* Without a thread to spare the job is done here, at once. */
	pool_init(&rs->pool, o->threads >= 2, sums_work, &rs->ctx);
	pool_submit(&rs->pool, &rs->job);
}

void
report_sums_wait(struct report_sums *rs)
{
	if (rs->waited)
		return;
	pool_wait(&rs->pool, &rs->job);
	rs->waited = 1;
	if (rs->failed && rs->err[0] != '\0')
		fu_warnx("%s", rs->err);
}

struct summary *
report_sums_take(struct report_sums *rs, const struct report_feed *f,
    const char *keys)
{
	struct summary *s;
	size_t i;

	report_sums_wait(rs);
	for (i = 0; i < rs->n && strcmp(rs->key[i], keys) != 0; i++)
		;
	if (rs->failed || i == rs->n || (s = rs->s[i]) == NULL)
		return NULL;
	rs->s[i] = NULL;
	if (f->contacts != NULL)
		summary_feed(s, f->contacts);
	if (f->due != NULL)
		summary_feed(s, f->due);
	summary_finish(s);
	return s;
}

void
report_sums_free(struct report_sums *rs)
{
	size_t i;

	if (!rs->waited)
		pool_wait(&rs->pool, &rs->job);
	pool_free(&rs->pool);
	for (i = 0; i < rs->n; i++)
		summary_close(rs->s[i]);
	memset(rs, 0, sizeof(*rs));
}

static double
get(const struct summary *s, size_t r, int m)
{
	double v;

	return summary_get(s, r, m, &v) == -1 ? 0 : v;
}

/* The rules a row breaks, in words; "" when none. */
static void
breaches(const struct summary *s, size_t r, char *out, size_t n)
{
	out[0] = '\0';
	if (get(s, r, SM_THIRD_DIALS) > 0)
		snprintf(out + strlen(out), n - strlen(out), "%s第三次拨打",
		    *out ? "；" : "");
	if (get(s, r, SM_OUTSIDE_WINDOW) > 0)
		snprintf(out + strlen(out), n - strlen(out), "%s时段外",
		    *out ? "；" : "");
	if (get(s, r, SM_BUNCHED) > 0)
		snprintf(out + strlen(out), n - strlen(out), "%s集中一天",
		    *out ? "；" : "");
}

/* Row r of summary s in sheet row row, its key shown being key. */
static void
sum_row(struct book_sheet *sh, uint32_t row, const struct summary *s,
    size_t r, int key, const char *label, const struct sum_col *col,
    size_t ncol, const struct report_opts *o, int total)
{
	char buf[128];
	double v;
	size_t c;
	int fmt;

	for (c = 0; c < ncol; c++) {
		fmt = col[c].fmt;
		if (total)
			fmt = fmt == BF_INT ? BF_TOTAL_INT : fmt == BF_PCT ?
			    BF_TOTAL_PCT : fmt == BF_NUM2 ? BF_TOTAL_NUM2 :
			    BF_TOTAL;
		switch (col[c].metric) {
		case SC_KEY:
			book_text(sh, row, c, label != NULL ? label :
			    summary_keyval(s, r, key), fmt);
			break;
		case SC_BREACH:
			breaches(s, r, buf, sizeof(buf));
			book_text(sh, row, c, buf, fmt);
			break;
		case SC_QUOTA:
			v = get(s, r, SM_AGENT_WEEKS);
			book_text(sh, row, c, v == 0 ? "" :
			    get(s, r, SM_QUOTA_MET) >= v ? "是" : "否", fmt);
			break;
		case SC_GIFT_RATE:
			book_num(sh, row, c, o->pol->gift_rate, fmt);
			break;
		case SC_GIFT_OK:
			if (summary_get(s, r, SM_GIFT_COVERAGE, &v) == -1)
				book_text(sh, row, c, "", fmt);
			else
				book_text(sh, row, c, v + 1e-9 >=
				    o->pol->gift_rate ? "是" : "否", fmt);
			break;
		default:
			if (summary_get(s, r, col[c].metric, &v) == -1)
				book_blank(sh, row, c, fmt);
			else
				book_num(sh, row, c, v, fmt);
		}
	}
}

/*
 * A table of s's groups from row row: headings, the groups whose type
 * key (typekey, unless -1) is "service", then the totals row of tot
 * (its row whose type is "service" when typekey is not -1).  The next
 * free row.
 */
static uint32_t
sum_table(struct book_sheet *sh, uint32_t row, const struct summary *s,
    int key, int typekey, const struct summary *tot,
    const struct sum_col *col, size_t ncol, const struct report_opts *o,
    uint32_t *last)
{
	struct book_col bc[16];
	size_t r, c;

	for (c = 0; c < ncol; c++) {
		bc[c].head = col[c].head;
		bc[c].fmt = col[c].fmt;
	}
	book_sheet_heads(sh, row++, bc, ncol);
	for (r = 0; r < summary_nrows(s); r++) {
		if (summary_is_total(s, r))
			continue;
		if (typekey != -1 &&
		    strcmp(summary_keyval(s, r, typekey), "service") != 0)
			continue;
		if (typekey == -1 && col == gift_cols &&
		    get(s, r, SM_GIFT_SUBMITTED) == 0 &&
		    get(s, r, SM_GIFT_CHECKED) == 0)
			continue;
		/* a group of no calls without a name: contacts only */
		if (*summary_keyval(s, r, key) == '\0' &&
		    get(s, r, SM_DIALS) == 0 && col != gift_cols)
			continue;
		sum_row(sh, row++, s, r, key, *summary_keyval(s, r, key) ?
		    NULL : "（空）", col, ncol, o, 0);
	}
	if (last != NULL)
		*last = row - 1;
	for (r = 0; r < summary_nrows(tot); r++) {
		if (typekey != -1 ? summary_is_total(tot, r) ||
		    strcmp(summary_keyval(tot, r, typekey), "service") != 0 :
		    !summary_is_total(tot, r))
			continue;
		sum_row(sh, row++, tot, r, 0, "合计", col, ncol, o, 1);
		break;
	}
	return row;
}

int
report_week_summary(struct book *b, const struct report_opts *o,
    const struct report_feed *f, struct report_sums *rs,
    enum report_kind kind, const struct report_period *p)
{
	struct summary *st = NULL, *sa = NULL, *stot = NULL;
	struct book_sheet sh;
	char title[128];
	uint32_t row, last;
	int ret = -1;

	if (kind == RK_GIFT) {
		if ((st = report_sums_take(rs, f, "store")) == NULL)
			return -1;
		report_week_title(&p->wk, "礼品核查汇总", title);
		if (book_sheet_add(b, &sh, "汇总", NCOLS(gift_cols)) == -1)
			goto out;
		book_sheet_print(&sh, 1);
		book_sheet_title(&sh, 0, title);
		(void)sum_table(&sh, 1, st, SK_STORE, -1, st, gift_cols,
		    NCOLS(gift_cols), o, NULL);
		book_sheet_end(&sh);
		ret = 0;
		goto out;
	}
	if ((stot = report_sums_take(rs, f, "type")) == NULL ||
	    (st = report_sums_take(rs, f, "type,store")) == NULL)
		goto out;
	report_week_title(&p->wk, "回访汇总", title);
	if (book_sheet_add(b, &sh, "本周汇总", NCOLS(store_cols)) == -1)
		goto out;
	book_sheet_print(&sh, 1);
	book_sheet_title(&sh, 0, title);
	row = sum_table(&sh, 1, st, SK_STORE, SK_TYPE, stot, store_cols,
	    NCOLS(store_cols), o, &last);
	summary_close(st);
	st = NULL;
	if ((sa = report_sums_take(rs, f, "type,agent")) == NULL) {
		book_sheet_end(&sh);
		goto out;
	}
	(void)sum_table(&sh, row + 1, sa, SK_AGENT, SK_TYPE, stot, agent_cols,
	    NCOLS(agent_cols), o, NULL);
	ret = 0;
	book_sheet_end(&sh);
out:
	if (st != NULL)
		summary_close(st);
	if (sa != NULL)
		summary_close(sa);
	if (stot != NULL)
		summary_close(stot);
	return ret;
}

/*
 * The month's 汇总 in sheet sh: a row per store and the totals.  The
 * stores in order (the caller owns the names) in *store, *nstore; the
 * last store's row in *last.  -1 after saying why.
 */
int
report_month_summary(struct book_sheet *sh, const struct report_opts *o,
    const struct report_feed *f, struct report_sums *rs,
    const struct report_period *p, char ***store, size_t *nstore)
{
	struct summary *s;
	char title[64];
	size_t r, n = 0;

	if ((s = report_sums_take(rs, f, "store")) == NULL)
		return -1;
	snprintf(title, sizeof(title), "%d年%d月客户回访汇总表", p->mon.year,
	    p->mon.month);
	book_sheet_print(sh, 1);
	book_sheet_title(sh, 0, title);
	(void)sum_table(sh, 1, s, SK_STORE, -1, s, month_cols,
	    NCOLS(month_cols), o, NULL);
	*store = xreallocarray(NULL, summary_nrows(s) + 1, sizeof(**store));
	for (r = 0; r < summary_nrows(s); r++)
		if (!summary_is_total(s, r))
			(*store)[n++] = xstrdup(summary_keyval(s, r, SK_STORE));
	*nstore = n;
	summary_close(s);
	return 0;
}

/*
 * The month's satisfaction by week, from row row of sh: 周 and 满意度
 * (SM_SATISFIED) a week; the rows written in *n.  -1 after saying why.
 */
int
report_month_weeks(struct book_sheet *sh, uint32_t row,
    const struct report_opts *o, const struct report_feed *f,
    struct report_sums *rs, size_t *n)
{
	static const struct sum_col cols[] = {
		{ "周", SC_KEY, BF_TEXT },
		{ "满意度", SM_SATISFIED, BF_PCT },
		{ "成功率", SM_SUCCESS_RATE, BF_PCT },
	};
	struct summary *s;
	struct book_col bc[3];
	size_t r, c;

	if ((s = report_sums_take(rs, f, "week")) == NULL)
		return -1;
	for (c = 0; c < 3; c++) {
		bc[c].head = cols[c].head;
		bc[c].fmt = cols[c].fmt;
	}
	book_sheet_heads(sh, row++, bc, 3);
	*n = 0;
	for (r = 0; r < summary_nrows(s); r++) {
		if (summary_is_total(s, r))
			continue;
		sum_row(sh, row++, s, r, SK_WEEK, NULL, cols, 3, o, 0);
		(*n)++;
	}
	summary_close(s);
	return 0;
}
