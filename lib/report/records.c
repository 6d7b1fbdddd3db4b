/* records.c: purchase data and the rows of 附表1; see records.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/money.h"
#include "fmt/outcome.h"
#include "fmt/phone.h"
#include "fmt/tsv.h"
#include "report/records.h"
#include "summary/summary.h"

const struct book_col service_cols[SV_N] = {
	[SV_SEQ] = { "序号", BF_INT },
	[SV_DAY] = { "回访日期", BF_DATE },
	[SV_STORE] = { "店面", BF_TEXT },
	[SV_CUSTOMER] = { "客户姓名", BF_TEXT },
	[SV_PHONE] = { "联系电话", BF_TEXT },
	[SV_BOUGHT] = { "购买日期", BF_DATE },
	[SV_AMOUNT] = { "金额", BF_MONEY },
	[SV_METHOD] = { "回访方式", BF_TEXT },
	[SV_ATTEMPT] = { "拨打次数", BF_INT },
	[SV_OUTCOME] = { "回访结果", BF_TEXT },
	[SV_Q1] = { "问题1评分", BF_INT },
	[SV_Q2] = { "问题2评分", BF_INT },
	[SV_Q3] = { "问题3评分", BF_INT },
	[SV_COMPLAINT] = { "客户意见/投诉", BF_NOTE },
	[SV_RESULT] = { "处理结果", BF_TEXT },
	[SV_AGENT] = { "回访人", BF_TEXT },
	[SV_TYPE] = { "回访类别", BF_TEXT },
	[SV_NOTE] = { "备注", BF_NOTE },
	[SV_ID] = { "编号", BF_TEXT },
};

enum { P_ID, P_DATE, P_AMOUNT, P_ITEM, P_N };

/*
 * The purchase data of --contacts of the ids in want, and its tally for
 * the summaries fed from the same reading (t, or NULL).
 */
static int
purchases_load(struct purchases *p, const char *path,
    const struct idmap *want, struct sum_tally *t)
{
	static const char *const names[P_N] = { "id", "date", "amount",
	    "item" };
	struct tsv_reader r;
	struct idfilter wf;
	char err[FU_ERRBUF];
	long col[P_N];
	uint64_t id;
	uint32_t slot;
	int64_t fen;
	FILE *fp;
	int rc, k, day, added, ret = 0;

	memset(p, 0, sizeof(*p));
	idmap_init(&p->ids);
	if (path == NULL)
		return 0;
	if ((fp = tsv_open_path(&r, path, path)) == NULL)
		return -1;
	for (k = 0; k < P_N; k++)
		col[k] = tsv_col(&r, names[k]);
	if (r.ncol > 0 && col[P_ID] == -1) {
		fu_warnx("%s: no column id: not contacts", path);
		ret = -1;
	} else if (t != NULL && sum_tally_columns(t, &r, err) == -1) {
		fu_warnx("%s", err);
		ret = -1;
	}
	if (ret == -1) {
		tsv_close(&r);
		fu_close_in(fp);
		return -1;
	}
	/* Of millions of contacts, most are not wanted: said so cheaply. */
	idfilter_build(&wf, want);
	while ((rc = tsv_next(&r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_warnx("%s: read error: %s", path, tsv_strerror(&r));
			ret = -1;
			break;
		}
		if (rc == TSV_BADROW) {
			tsv_badrow_msg(&r, err);
			fu_datawarn(path, r.lineno, "%s", err);
			if (t != NULL)
				sum_tally_bad(t);
			ret = 1;
			continue;
		}
		if (t != NULL)
			sum_tally_row(t, &r);
		if (fu_id_parse(r.field[col[P_ID]], &id) == -1) {
			fu_datawarn(path, r.lineno, "id \"%s\" is not 16 hex "
			    "digits", r.field[col[P_ID]]);
			ret = 1;
			continue;
		}
		if (!idfilter_maybe(&wf, id) || idmap_get(want, id) ==
		    IDMAP_NONE)
			continue;	/* not in the workbook */
		slot = idmap_put(&p->ids, id, &added);
		if (!added)
			continue;	/* a due list's second round */
		if (slot >= p->cap) {
			size_t c = p->cap;

			p->date = xgrow(p->date, &c, slot + 1, sizeof(*p->date));
			c = p->cap;
			p->fen = xgrow(p->fen, &c, slot + 1, sizeof(*p->fen));
			c = p->cap;
			p->item = xgrow(p->item, &c, slot + 1, sizeof(*p->item));
			p->cap = c;
		}
		day = INT32_MIN;
		if (col[P_DATE] != -1 && r.len[col[P_DATE]] > 0 &&
		    date_parse(r.field[col[P_DATE]], r.len[col[P_DATE]], 0,
		    &day, err) == -1)
			day = INT32_MIN;
		fen = INT64_MIN;
		if (col[P_AMOUNT] != -1 && r.len[col[P_AMOUNT]] > 0 &&
		    money_parse(r.field[col[P_AMOUNT]], r.len[col[P_AMOUNT]], 0,
		    &fen, err) == -1)
			fen = INT64_MIN;
		p->date[slot] = day;
		p->fen[slot] = fen;
		p->item[slot] = xstrdup(col[P_ITEM] == -1 ? "" :
		    r.field[col[P_ITEM]]);
	}
	idfilter_free(&wf);
	tsv_close(&r);
	fu_close_in(fp);
	return ret;
}

enum report_kind
report_record_form(const struct calllog *lg, struct callrec *rec)
{
	return strcmp(calllog_field(lg, rec, LC_TYPE, NULL), "gift") == 0 ?
	    RK_GIFT : RK_SERVICE;
}

int
report_each_record(const struct report_opts *o, unsigned kinds,
    const struct report_period *per, const char *path, int flags,
    report_record_fn *fn, void *arg)
{
	struct calllog lg;
	struct callrec rec;
	char err[FU_ERRBUF];
	int rc, day, lo, hi, ret = 0;

	if (kinds & REPORT_KIND(RK_MONTH)) {
		lo = month_first_day(&per->mon);
		hi = month_last_day(&per->mon);
	} else {
		lo = per->wk.monday;
		hi = per->wk.monday + 6;
	}
	if (calllog_open_flags(&lg, path, o->asof, o->tmpdir,
	    CALLLOG_IN_PLACE | flags, err) == -1) {
		fu_warnx("%s", err);
		return -1;
	}
	while ((rc = calllog_next(&lg, &rec)) == 1) {
		day = time_day(rec.call_ts);
		if (day < lo || day > hi)
			continue;
		if (!(kinds & REPORT_KIND(RK_MONTH)) &&
		    !(kinds & REPORT_KIND(report_record_form(&lg, &rec))))
			continue;
		fn(&lg, &rec, arg);
	}
	if (rc == -1)
		ret = -1;
	else if (lg.bad > 0)
		ret = 1;
	calllog_close(&lg);
	return ret;
}

/* The wanted pass: each record's id, and the record to the caller's fn. */
struct want_pass {
	struct idmap	*want;
	report_record_fn *fn;
	void		*arg;
};

static void
want_id(const struct calllog *lg, struct callrec *rec, void *arg)
{
	struct want_pass *w = arg;

	(void)idmap_put(w->want, rec->id, NULL);
	if (w->fn != NULL)
		w->fn(lg, rec, w->arg);
}

/*
 * The ids of the records the workbooks show, so that of millions of
 * contacts only theirs are kept; each record also to fn, when given,
 * and then the log's bad lines are said here (else read quietly: the
 * sheets' reading says them).  0; 1 bad lines said; -1 (said).
 */
static int
wanted(struct idmap *want, const struct report_opts *o, unsigned kinds,
    const struct report_period *per, char *const *files, size_t nfiles,
    report_record_fn *fn, void *arg)
{
	struct want_pass w;
	size_t i;
	int r, ret = 0;

	w.want = want;
	w.fn = fn;
	w.arg = arg;
	for (i = 0; i < nfiles; i++) {
		r = report_each_record(o, kinds, per, files[i], fn == NULL ?
		    CALLLOG_QUIET : 0, want_id, &w);
		if (r == -1)
			return -1;
		if (r == 1)
			ret = 1;
	}
	return ret;
}

int
report_feed_load(struct report_feed *f, const struct report_opts *o,
    unsigned kinds, const struct report_period *per, char *const *files,
    size_t nfiles, report_record_fn *fn, void *arg)
{
	struct idmap want;
	char err[FU_ERRBUF];
	int r, logbad = 0;

	memset(f, 0, sizeof(*f));
	idmap_init(&want);
	if (o->contacts != NULL) {
		f->contacts = sum_tally_open(SUM_CONTACTS);
		if ((logbad = wanted(&want, o, kinds, per, files, nfiles, fn,
		    arg)) == -1) {
			idmap_free(&want);
			goto fail;
		}
	}
	r = purchases_load(&f->p, o->contacts, &want, f->contacts);
	idmap_free(&want);
	if (r == -1)
		goto fail;
	if (logbad)
		r = 1;
	if (f->contacts != NULL && sum_tally_nbad(f->contacts) > 0)
		r = 1;
	if (o->due != NULL) {
		f->due = sum_tally_open(SUM_DUE);
		if (sum_tally_read(f->due, o->due, err) == -1) {
			if (*err != '\0')
				fu_warnx("%s", err);
			goto fail;
		}
		if (sum_tally_nbad(f->due) > 0)
			r = 1;
	}
	return r;
fail:
	report_feed_free(f);
	return -1;
}

void
report_feed_free(struct report_feed *f)
{
	purchases_free(&f->p);
	sum_tally_free(f->contacts);
	sum_tally_free(f->due);
	memset(f, 0, sizeof(*f));
}

long
purchases_find(const struct purchases *p, uint64_t id)
{
	uint32_t s = idmap_get(&p->ids, id);

	return s == IDMAP_NONE ? -1 : (long)s;
}

void
purchases_free(struct purchases *p)
{
	size_t i;

	for (i = 0; i < p->ids.n; i++)
		free(p->item[i]);
	free(p->item);
	free(p->date);
	free(p->fen);
	idmap_free(&p->ids);
	memset(p, 0, sizeof(*p));
}

void
report_phone(const char *phone, int mask, char *out)
{
	if (mask)
		phone_mask(phone, out);
	else
		snprintf(out, PHONE_MAX, "%s", phone);
}

void
report_week_title(const struct week *w, const char *what, char *out)
{
	int y1, m1, d1, y2, m2, d2;

	date_to_ymd(w->monday, &y1, &m1, &d1);
	date_to_ymd(w->monday + 6, &y2, &m2, &d2);
	snprintf(out, 128, "%d年%d月第%d周%s（%d月%d日—%d月%d日）", w->year,
	    w->month, w->n, what, m1, d1, m2, d2);
}

/* A score cell: a number 1-5, else the text as it is. */
static void
score(struct book_sheet *s, uint32_t r, size_t c, const char *v)
{
	if (v[0] >= '1' && v[0] <= '5' && v[1] == '\0')
		book_num(s, r, c, v[0] - '0', BF_INT);
	else
		book_text(s, r, c, v, BF_TEXT);
}

void
service_row(struct book_table *t, uint32_t r, long seq,
    const struct calllog *lg, struct callrec *rec,
    const struct purchases *p, int mask)
{
	struct book_sheet *s = &t->sh;
	char ph[PHONE_MAX + 64], buf[64];
	const char *v, *res;
	size_t n;
	long slot;
	int ty;

	book_num(s, r, SV_SEQ, (double)seq, BF_INT);
	book_date(s, r, SV_DAY, time_day(rec->call_ts), BF_DATE);
	v = calllog_field(lg, rec, LC_STORE, &n);
	book_textn(s, r, SV_STORE, v, n, BF_TEXT);
	v = calllog_field(lg, rec, LC_CUSTOMER, &n);
	book_textn(s, r, SV_CUSTOMER, v, n, BF_TEXT);
	report_phone(calllog_field(lg, rec, LC_PHONE, NULL), mask, ph);
	book_text(s, r, SV_PHONE, ph, BF_TEXT);
	slot = purchases_find(p, rec->id);
	if (slot != -1 && p->date[slot] != INT32_MIN)
		book_date(s, r, SV_BOUGHT, p->date[slot], BF_DATE);
	else
		book_blank(s, r, SV_BOUGHT, BF_DATE);
	if (slot != -1 && p->fen[slot] != INT64_MIN)
		book_num(s, r, SV_AMOUNT, (double)p->fen[slot] / 100, BF_MONEY);
	else
		book_blank(s, r, SV_AMOUNT, BF_MONEY);
	v = calllog_field(lg, rec, LC_METHOD, NULL);
	book_text(s, r, SV_METHOD, strcmp(v, "sms") == 0 ? "短信" :
	    strcmp(v, "phone") == 0 ? "电话" : v, BF_TEXT);
	v = calllog_field(lg, rec, LC_ATTEMPT, NULL);
	if (v[0] >= '1' && v[0] <= '9' && v[1] == '\0')
		book_num(s, r, SV_ATTEMPT, v[0] - '0', BF_INT);
	else
		book_text(s, r, SV_ATTEMPT, v, BF_TEXT);
	book_text(s, r, SV_OUTCOME, outcomes[rec->outcome].zh, BF_TEXT);
	score(s, r, SV_Q1, calllog_field(lg, rec, LC_Q1, NULL));
	score(s, r, SV_Q2, calllog_field(lg, rec, LC_Q2, NULL));
	score(s, r, SV_Q3, calllog_field(lg, rec, LC_Q3, NULL));
	v = calllog_field(lg, rec, LC_COMPLAINT, &n);
	book_textn(s, r, SV_COMPLAINT, v, n, BF_NOTE);
	res = "";
	if (n > 0) {
		v = calllog_field(lg, rec, LC_RESOLVED, NULL);
		if (*v != '\0') {
			snprintf(buf, sizeof(buf), "已解决 %s", v);
			res = buf;
		} else
			res = "未解决";
	}
	book_text(s, r, SV_RESULT, res, BF_TEXT);
	v = calllog_field(lg, rec, LC_AGENT, &n);
	book_textn(s, r, SV_AGENT, v, n, BF_TEXT);
	v = calllog_field(lg, rec, LC_TYPE, &n);
	ty = contact_type_parse(v, n);
	book_text(s, r, SV_TYPE, ty == -1 ? v : contact_type_name(ty), BF_TEXT);
	v = calllog_field(lg, rec, LC_NOTE, &n);
	book_textn(s, r, SV_NOTE, v, n, BF_NOTE);
	fu_id_format(rec->id, buf);
	book_text(s, r, SV_ID, buf, BF_TEXT);
}
