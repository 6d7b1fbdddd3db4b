/*
 * week.c: fu-report week: 附表1 客户服务回访记录单 (a row per record in
 * force, corrections in their newest form) and 附表2 礼品核查回访记录单
 * (a row per gift customer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/pool.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/phone.h"
#include "log/calllog.h"
#include "report/book.h"
#include "report/records.h"
#include "report/report.h"

/* The columns of 附表2. */
enum gcol {
	G_SEQ, G_STORE, G_CUSTOMER, G_PHONE, G_GIFT, G_VALUE, G_SENT, G_REPLY,
	G_CHECK, G_NOTE, G_AGENT, G_ID, G_N
};

static const struct book_col gift_cols[G_N] = {
	[G_SEQ] = { "序号", BF_INT },
	[G_STORE] = { "店面", BF_TEXT },
	[G_CUSTOMER] = { "客户姓名", BF_TEXT },
	[G_PHONE] = { "联系电话", BF_TEXT },
	[G_GIFT] = { "礼品", BF_TEXT },
	[G_VALUE] = { "价值", BF_MONEY },
	[G_SENT] = { "短信发送", BF_DATE },
	[G_REPLY] = { "回复", BF_TEXT },
	[G_CHECK] = { "核查结果", BF_TEXT },
	[G_NOTE] = { "备注", BF_NOTE },
	[G_AGENT] = { "回访人", BF_TEXT },
	[G_ID] = { "编号", BF_TEXT },
};

/* A gift customer of the week: what its records say, the last winning. */
struct gcust {
	uint64_t id;
	char	*store, *customer, *phone, *note, *agent;
	int	 sent;		/* day of the first record, or of the sms */
	int	 replied;	/* day of the reply, or -1 */
	int	 ok;		/* gift_ok: 1, 0, or -1 not said */
};

struct gifts {
	struct idmap	 ids;
	struct gcust	*c;
	size_t		 cap;
};

static void
set(char **dst, const char *v, size_t n)
{
	if (n == 0 && *dst != NULL)
		return;		/* an earlier record said it */
	free(*dst);
	*dst = xstrndup(v, n);
}

/* A gift record of the week into its customer. */
static void
gift_add(struct gifts *g, const struct calllog *lg, struct callrec *rec)
{
	struct gcust *c;
	const char *v;
	size_t n;
	uint32_t slot;
	int added, day = time_day(rec->call_ts);

	slot = idmap_put(&g->ids, rec->id, &added);
	if (added) {
		g->c = xgrow(g->c, &g->cap, slot + 1, sizeof(*g->c));
		c = &g->c[slot];
		memset(c, 0, sizeof(*c));
		c->id = rec->id;
		c->sent = day;
		c->replied = -1;
		c->ok = -1;
	}
	c = &g->c[slot];
	v = calllog_field(lg, rec, LC_STORE, &n);
	set(&c->store, v, n);
	v = calllog_field(lg, rec, LC_CUSTOMER, &n);
	set(&c->customer, v, n);
	v = calllog_field(lg, rec, LC_PHONE, &n);
	set(&c->phone, v, n);
	v = calllog_field(lg, rec, LC_AGENT, &n);
	set(&c->agent, v, n);
	v = calllog_field(lg, rec, LC_NOTE, &n);
	set(&c->note, v, n);
	if (rec->outcome == OC_SMS_SENT && day < c->sent)
		c->sent = day;
	if (outcomes[rec->outcome].success && c->replied == -1)
		c->replied = day;
	v = calllog_field(lg, rec, LC_GIFT_OK, &n);
	if (n == 1 && (*v == '0' || *v == '1'))
		c->ok = *v - '0';
}

static void
gifts_free(struct gifts *g)
{
	size_t i;

	for (i = 0; i < g->ids.n; i++) {
		free(g->c[i].store);
		free(g->c[i].customer);
		free(g->c[i].phone);
		free(g->c[i].note);
		free(g->c[i].agent);
	}
	free(g->c);
	idmap_free(&g->ids);
}

static void
gift_rows(struct book_table *t, const struct gifts *g,
    const struct purchases *p, int mask)
{
	struct book_sheet *s;
	const struct gcust *c;
	char ph[PHONE_MAX + 64], id[17];
	uint32_t r;
	size_t i;
	long slot;

	for (i = 0; i < g->ids.n; i++) {
		c = &g->c[i];
		r = book_table_row(t);
		s = &t->sh;
		book_num(s, r, G_SEQ, (double)(i + 1), BF_INT);
		book_text(s, r, G_STORE, c->store, BF_TEXT);
		book_text(s, r, G_CUSTOMER, c->customer, BF_TEXT);
		report_phone(c->phone, mask, ph);
		book_text(s, r, G_PHONE, ph, BF_TEXT);
		slot = purchases_find(p, c->id);
		book_text(s, r, G_GIFT, slot == -1 ? "" : p->item[slot],
		    BF_TEXT);
		if (slot != -1 && p->fen[slot] != INT64_MIN)
			book_num(s, r, G_VALUE, (double)p->fen[slot] / 100,
			    BF_MONEY);
		else
			book_blank(s, r, G_VALUE, BF_MONEY);
		book_date(s, r, G_SENT, c->sent, BF_DATE);
		book_text(s, r, G_REPLY, c->replied == -1 ? "未回复" : "已回复",
		    BF_TEXT);
		book_text(s, r, G_CHECK, c->ok == 1 ? "相符" : c->ok == 0 ?
		    "不符" : "", BF_TEXT);
		book_text(s, r, G_NOTE, c->note, BF_NOTE);
		book_text(s, r, G_AGENT, c->agent, BF_TEXT);
		fu_id_format(c->id, id);
		book_text(s, r, G_ID, id, BF_TEXT);
	}
}

/* A workbook of the week being written. */
struct week_book {
	enum report_kind	 kind;
	char			*name, *path;
	struct book		 b;
	struct book_table	 t;
	long			 seq;		/* the service rows so far */
};

/* Where the week's records go: service rows written, gifts gathered. */
struct week_sink {
	struct week_book	*service;
	struct gifts		*g;
	const struct purchases	*p;
	int			 mask;
};

static void
week_record(const struct calllog *lg, struct callrec *rec, void *arg)
{
	struct week_sink *w = arg;
	struct week_book *sv = w->service;

	if (report_record_form(lg, rec) == RK_GIFT)
		gift_add(w->g, lg, rec);
	else
		service_row(&sv->t, book_table_row(&sv->t), ++sv->seq, lg, rec,
		    w->p, w->mask);
}

/* A gift record of the feed's reading of the log, into its customer. */
static void
gift_first(const struct calllog *lg, struct callrec *rec, void *arg)
{
	if (report_record_form(lg, rec) == RK_GIFT)
		gift_add(arg, lg, rec);
}

/* The last of a form's record sheet: the gift rows, once all are read. */
static void
week_records_end(struct week_book *wb, const struct gifts *g,
    const struct purchases *p, int mask)
{
	if (wb->kind == RK_GIFT)
		gift_rows(&wb->t, g, p, mask);
	book_table_end(&wb->t);
}

/* The gift rows, on a thread of their own. */
struct gift_job {
	struct pool_job		 job;
	struct week_book	*wb;
	const struct gifts	*g;
	const struct purchases	*p;
	int			 mask;
};

static void
gift_work(struct pool_job *job, void *ctx)
{
	struct gift_job *j = (struct gift_job *)job;

	(void)ctx;
	week_records_end(j->wb, j->g, j->p, j->mask);
}

/*
 * A form's summary sheet, then the workbook closed into place and its
 * path printed; the status.  Called for one form at a time: two
 * libxlsxwriter closes at once would share gmtime's buffer.
 */
static int
week_close(struct week_book *wb, const struct report_opts *o,
    const struct report_feed *f, struct report_sums *rs,
    const struct report_period *per)
{
	char err[FU_ERRBUF];

	if (report_week_summary(&wb->b, o, f, rs, wb->kind, per) == -1) {
		book_abort(&wb->b);
		return FU_EXIT_FATAL;
	}
	if (book_close(&wb->b, err) == -1) {
		fu_warnx("%s", err);
		return FU_EXIT_FATAL;
	}
	printf("%s\n", wb->path);
	return FU_EXIT_OK;
}

/*
 * With --contacts the log is read for the ids wanted before the
 * contacts, and the gift customers are gathered in that reading: then
 * the gift rows, the longest part of the gift form, are written on a
 * thread of their own while the service form's records are read and
 * written here (quietly: the first reading said the bad lines).
 */
int
report_week(const struct report_opts *o, unsigned kinds,
    const struct report_period *per, char *const *files, size_t nfiles)
{
	static const enum report_kind order[] = { RK_SERVICE, RK_GIFT };
	struct week_book wb[2], *sv = NULL, *gf = NULL;
	struct report_feed f;
	struct report_sums rs;
	struct gifts g;
	struct week_sink sink;
	struct gift_job j;
	struct pool pool;
	void *ctx = NULL;
	char err[FU_ERRBUF], title[128];
	size_t i, k, nb = 0, nopen = 0;
	unsigned rest;
	int r, s, gathered, beside = 0, rval = FU_EXIT_OK;

	memset(wb, 0, sizeof(wb));
	for (k = 0; k < 2; k++) {
		if (!(kinds & REPORT_KIND(order[k])))
			continue;
		wb[nb].kind = order[k];
		if ((wb[nb].name = report_file_name(order[k], per,
		    o->name_format, err)) == NULL) {
			fu_warnx("--name-format: %s", err);
			rval = FU_EXIT_FATAL;
			goto names;
		}
		nb++;
	}
	if (nb == 2 && strcmp(wb[0].name, wb[1].name) == 0) {
		fu_warnx("--name-format: both workbooks would be %s (%%N "
		    "gives each its standard name)", wb[0].name);
		rval = FU_EXIT_FATAL;
		goto names;
	}
	memset(&g, 0, sizeof(g));
	idmap_init(&g.ids);
	report_sums_start(&rs, o, kinds, per, files, nfiles);
	gathered = o->contacts != NULL && (kinds & REPORT_KIND(RK_GIFT));
	if ((r = report_feed_load(&f, o, kinds, per, files, nfiles,
	    gathered ? gift_first : NULL, &g)) == -1) {
		report_sums_free(&rs);
		gifts_free(&g);
		rval = FU_EXIT_FATAL;
		goto names;
	}
	if (r == 1)
		rval = FU_EXIT_DATA;
	for (i = 0; i < nb; i++) {
		wb[i].path = report_path(o->dir, wb[i].name);
		if (book_open(&wb[i].b, wb[i].path, o->asof !=
		    CALLLOG_NO_AS_OF ? o->asof : o->now, 1, o->tmpdir,
		    err) == -1) {
			fu_warnx("%s", err);
			rval = FU_EXIT_FATAL;
			goto out;
		}
		nopen++;
		if (o->max_rows)
			wb[i].b.max_rows = o->max_rows;
		if (wb[i].kind == RK_GIFT) {
			gf = &wb[i];
			report_week_title(&per->wk, "礼品回访记录单", title);
			r = book_table_start(&wb[i].b, &wb[i].t, "记录", title,
			    gift_cols, G_N);
		} else {
			sv = &wb[i];
			report_week_title(&per->wk, "客户回访记录单", title);
			r = book_table_start(&wb[i].b, &wb[i].t, "记录", title,
			    service_cols, SV_N);
		}
		if (r == -1) {
			rval = FU_EXIT_FATAL;
			goto out;
		}
	}
	if (gathered && sv != NULL) {
		memset(&j, 0, sizeof(j));
		j.wb = gf;
		j.g = &g;
		j.p = &f.p;
		j.mask = o->mask;
		pool_init(&pool, o->threads >= 2, gift_work, &ctx);
		pool_submit(&pool, &j.job);
		beside = 1;
	}
	/* The records not read yet: all, or the service form's. */
	rest = gathered ? kinds & ~REPORT_KIND(RK_GIFT) : kinds;
	sink.service = sv;
	sink.g = &g;
	sink.p = &f.p;
	sink.mask = o->mask;
	for (i = 0; rest != 0 && i < nfiles; i++) {
		r = report_each_record(o, rest, per, files[i], gathered ?
		    CALLLOG_QUIET : 0, week_record, &sink);
		if (r == -1)
			break;
		if (r == 1)
			rval = FU_EXIT_DATA;
	}
	if (r == -1) {
		rval = FU_EXIT_FATAL;
		goto out;
	}
	report_sums_wait(&rs);
	nopen = 0;
	/* The service form closed while the gift rows go on beside. */
	if (sv != NULL) {
		week_records_end(sv, &g, &f.p, o->mask);
		if ((s = week_close(sv, o, &f, &rs, per)) > rval)
			rval = s;
	}
	if (gf != NULL) {
		if (beside) {
			pool_wait(&pool, &j.job);
			pool_free(&pool);
			beside = 0;
		} else
			week_records_end(gf, &g, &f.p, o->mask);
		if ((s = week_close(gf, o, &f, &rs, per)) > rval)
			rval = s;
	}
out:
	if (beside) {
		pool_wait(&pool, &j.job);
		pool_free(&pool);
	}
	/* Books left open by a failure: their tables ended, nothing kept. */
	for (i = 0; i < nopen; i++) {
		book_table_end(&wb[i].t);
		book_abort(&wb[i].b);
	}
	report_sums_free(&rs);
	gifts_free(&g);
	report_feed_free(&f);
	for (i = 0; i < nb; i++)
		free(wb[i].path);
names:
	for (i = 0; i < 2; i++)
		free(wb[i].name);
	return rval;
}
