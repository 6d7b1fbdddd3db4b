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

/* Where the week's records go: service rows written, gifts gathered. */
struct week_sink {
	enum report_kind	 kind;
	struct book_table	*t;
	long			*seq;
	struct gifts		*g;
	const struct purchases	*p;
	int			 mask;
};

static void
week_record(const struct calllog *lg, struct callrec *rec, void *arg)
{
	struct week_sink *w = arg;

	if (w->kind == RK_GIFT)
		gift_add(w->g, lg, rec);
	else
		service_row(w->t, book_table_row(w->t), ++*w->seq, lg, rec,
		    w->p, w->mask);
}

int
report_week(const struct report_opts *o, enum report_kind kind,
    const struct report_period *per, char *const *files, size_t nfiles)
{
	struct report_feed f;
	struct report_sums rs;
	struct gifts g;
	struct book b;
	struct book_table t;
	struct week_sink sink;
	char err[FU_ERRBUF], title[128], *name, *path;
	long seq = 0;
	size_t i;
	int r, rval = FU_EXIT_OK;

	if ((name = report_file_name(kind, per, o->name_format, err)) == NULL) {
		fu_warnx("--name-format: %s", err);
		return FU_EXIT_FATAL;
	}
	report_sums_start(&rs, o, kind, per, files, nfiles);
	if ((r = report_feed_load(&f, o, kind, per, files, nfiles)) ==
	    -1) {
		report_sums_free(&rs);
		free(name);
		return FU_EXIT_FATAL;
	}
	if (r == 1)
		rval = FU_EXIT_DATA;
	path = report_path(o->dir, name);
	memset(&g, 0, sizeof(g));
	idmap_init(&g.ids);
	if (book_open(&b, path, o->asof != CALLLOG_NO_AS_OF ? o->asof : o->now,
	    1, o->tmpdir, err) == -1) {
		fu_warnx("%s", err);
		rval = FU_EXIT_FATAL;
		goto out;
	}
	if (o->max_rows)
		b.max_rows = o->max_rows;
	report_week_title(&per->wk, kind == RK_GIFT ? "礼品回访记录单" :
	    "客户回访记录单", title);
	if (kind == RK_GIFT)
		r = book_table_start(&b, &t, "记录", title, gift_cols, G_N);
	else
		r = book_table_start(&b, &t, "记录", title, service_cols, SV_N);
	sink.kind = kind;
	sink.t = &t;
	sink.seq = &seq;
	sink.g = &g;
	sink.p = &f.p;
	sink.mask = o->mask;
	for (i = 0; r == 0 && i < nfiles; i++) {
		r = report_each_record(o, kind, per, files[i], 0, week_record,
		    &sink);
		if (r == 1) {
			rval = FU_EXIT_DATA;
			r = 0;
		}
	}
	if (r == -1) {
		book_table_end(&t);
		book_abort(&b);
		rval = FU_EXIT_FATAL;
		goto out;
	}
	if (kind == RK_GIFT)
		gift_rows(&t, &g, &f.p, o->mask);
	book_table_end(&t);
	if (report_week_summary(&b, o, &f, &rs, kind, per) == -1) {
		book_abort(&b);
		rval = FU_EXIT_FATAL;
		goto out;
	}
	if (book_close(&b, err) == -1) {
		fu_warnx("%s", err);
		rval = FU_EXIT_FATAL;
	} else
		printf("%s\n", path);
out:
	report_sums_free(&rs);
	gifts_free(&g);
	report_feed_free(&f);
	free(name);
	free(path);
	return rval;
}
