/*
 * read.c: what a summary is fed: the call log's records in force (each
 * once, where its chain began: calllog.h's CALLLOG_IN_PLACE; log.c
 * reads them), the due list, the contacts and the sample; see
 * summary.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/tsv.h"
#include "log/calllog.h"
#include "summary/sum.h"

#define DAY	86400LL

/* What a record or a row is counted under. */
struct at {
	uint32_t	 all[SK_N];	/* every key's word */
	uint32_t	 g;		/* its group */
	int		 day, monday;
};

/* The keys' words of a row, and its group. */
static void
place(struct summary *s, struct at *a, uint32_t store, int size,
    uint32_t agent, const char *type, size_t tlen, int sms, int day)
{
	uint32_t w[SK_N];
	int y, m, d;

	a->day = day;
	a->monday = day - (date_weekday(day) - 1);
	date_to_ymd(day, &y, &m, &d);
	a->all[SK_STORE] = store;
	a->all[SK_STORE_SIZE] = (uint32_t)size;
	a->all[SK_AGENT] = agent;
	a->all[SK_TYPE] = s->bykey[SK_TYPE] ?
	    str_put(&s->str[SK_TYPE], type, tlen) : 0;
	a->all[SK_METHOD] = s->bykey[SK_METHOD] ? str_put(&s->str[SK_METHOD],
	    sms ? "sms" : "phone", sms ? 3 : 5) : 0;
	a->all[SK_DAY] = (uint32_t)day + DAY_BIAS;
	a->all[SK_WEEK] = (uint32_t)a->monday + DAY_BIAS;
	a->all[SK_MONTH] = MONTH_INDEX(y, m);
	sum_tuple(s, a->all, w);
	a->g = sum_group(s, w);
}

/* Add to a counter of the group and of the totals. */
static void
add2(struct summary *s, uint32_t g, int c, int64_t n)
{
	sum_cnt(s, g)[c] += n;
	if (g != 0)
		sum_cnt(s, 0)[c] += n;
}

/* A score "1".."5", or 0. */
static int
score(const char *f, size_t n)
{
	return n == 1 && f[0] >= '1' && f[0] <= '5' ? f[0] - '0' : 0;
}

/*
 * The round of dials of a contact (rule 6, as fu-record counts it): a
 * round runs while its last outcome leaves it open, round_days at most.
 * Returns what the record does: 1 a lost round, 2 a third dial (a call
 * of any outcome after two failed dials, as fu-record refuses), 0.
 */
static int
round_step(const struct summary *s, struct sum_contact *c, long long t,
    int oc)
{
	const struct outcome_info *o = &outcomes[oc];
	long long span = (long long)s->o.pol->round_days * 1440;
	int32_t m = (int32_t)(t / 60);
	int third;

	if (!c->active || m - c->start > span) {
		c->active = 1;
		c->start = m;
		c->dials = 0;
	}
	/* Both dials used and the round open: any call is a third. */
	third = c->dials >= 2;
	if (o->dial) {
		if (c->dials < 255)
			c->dials++;
		return third ? 2 : c->dials == 2;
	}
	if (!o->open)
		c->active = 0;
	if (third)
		return 2;
	return oc == OC_SUSPENDED || oc == OC_WRONG_NUMBER;
}

/* The contact's flags in group g (CF_*), switching its pair. */
static uint8_t *
pair_flags(struct summary *s, struct sum_contact *c, uint32_t slot,
    uint32_t g)
{
	uint32_t w[2], p;

	if (c->g != g) {
		if (c->g != UINT32_MAX) {
			w[0] = c->g;
			w[1] = slot;
			p = tup_put(&s->pairs, w, NULL);
			s->pairs.val[p] = c->flags;
		}
		/* Of a contact in one group so far, nothing else is kept. */
		c->flags = 0;
		if (c->multi_g) {
			w[0] = g;
			w[1] = slot;
			p = tup_get(&s->pairs, w);
			if (p != IDMAP_NONE)
				c->flags = (uint8_t)s->pairs.val[p];
		}
		c->multi_g = c->g != UINT32_MAX;
		c->g = g;
	}
	return &c->flags;
}

/* New flags for a contact in a group: the distinct counts they add. */
static void
flag(struct summary *s, uint32_t g, uint8_t *fl, uint8_t set, int ct)
{
	int64_t *c = sum_cnt(s, g);
	uint8_t n = (uint8_t)(set & ~*fl);

	*fl |= set;
	if (n & CF_SEEN) {
		c[C_CONTACTS]++;
		if (ct == CT_GIFT)
			c[C_GIFT_CHECKED]++;
		if (ct == CT_REQUEST)
			c[C_REQ_LOG]++;
	}
	if (n & CF_SUCCESS)
		c[C_SUCCESS]++;
	if (n & CF_REACHED)
		c[C_REACHED]++;
}

/*
 * A service contact reached in a store's month (rule 3), counted once:
 * a contact stays in its store and goes forward in time, so its last
 * (store, month) says it all; one that does not has every pair of its
 * in smc from then on.
 */
static void
reached_in(struct summary *s, struct sum_contact *c, uint32_t slot,
    uint32_t store, uint32_t month)
{
	uint32_t w[3];
	int added = 1;

	if (c->sm_multi == 0) {
		if (c->sm_month != 0 && c->sm_store == store &&
		    c->sm_month == (uint16_t)month)
			return;
		if (c->sm_month == 0 || (c->sm_store == store &&
		    (uint16_t)month > c->sm_month && month <= UINT16_MAX)) {
			c->sm_store = store;
			c->sm_month = (uint16_t)month;
			w[0] = store;
			w[1] = month;
			tup_add(&s->smr, w, 1);
			return;
		}
		/* Another store, or back in time: the table from now. */
		w[0] = c->sm_store;
		w[1] = c->sm_month;
		w[2] = slot;
		(void)tup_put(&s->smc, w, NULL);
		c->sm_multi = 1;
	}
	w[0] = store;
	w[1] = month;
	w[2] = slot;
	(void)tup_put(&s->smc, w, &added);
	if (added)
		tup_add(&s->smr, w, 1);
}

static int
in_window(const struct window *w, int min)
{
	return min >= w->start && min < w->end;
}

/*
 * The record r read into p: 1, or 0 when it adds nothing (after the
 * period, or before the rounds it could be part of).
 */
int
sum_prepare(const struct sum_opts *o, const struct calllog *lg,
    struct callrec *r, struct sum_rec *p)
{
	static const enum logcol qc[3] = { LC_Q1, LC_Q2, LC_Q3 };
	const struct policy *pol = o->pol;
	long long t = r->call_ts;
	const char *f;
	size_t n;
	int i, d, min;
	char err[FU_ERRBUF];

	/* A round that began before the period is followed from its start. */
	if (t >= o->to || (o->from != SUM_NO_BOUND_LO &&
	    t < o->from - (long long)pol->round_days * DAY - DAY))
		return 0;
	p->id = r->id;
	p->t = t;
	p->outcome = r->outcome;
	p->type = calllog_field(lg, r, LC_TYPE, &n);
	p->tlen = (uint32_t)n;
	p->ct = contact_type_parse(p->type, n);
	f = calllog_field(lg, r, LC_METHOD, &n);
	p->sms = n > 0 ? n == 3 && memcmp(f, "sms", 3) == 0 :
	    r->outcome == OC_SMS_SENT || r->outcome == OC_SMS_REPLIED;
	p->store = calllog_field(lg, r, LC_STORE, &n);
	p->slen = (uint32_t)n;
	p->agent = calllog_field(lg, r, LC_AGENT, &n);
	p->alen = (uint32_t)n;
	p->day = time_day(t);
	for (i = 0; i < 3; i++) {
		f = calllog_field(lg, r, qc[i], &n);
		p->q[i] = (uint8_t)score(f, n);
	}
	(void)calllog_field(lg, r, LC_COMPLAINT, &n);
	p->complaint = n > 0;
	p->resolved = 0;
	p->res_days = 0;
	if (p->complaint) {
		f = calllog_field(lg, r, LC_RESOLVED, &n);
		if (n > 0 && date_parse(f, n, 0, &d, err) == 0) {
			p->resolved = 1;
			p->res_days = d < p->day ? 0 : d - p->day;
		}
	}
	f = calllog_field(lg, r, LC_GIFT_OK, &n);
	p->gift_mismatch = n == 1 && f[0] == '0';
	p->outside = 0;
	if (!p->sms) {
		min = time_minute_of_day(t);
		p->outside = !((in_window(&pol->am_window, min) &&
		    (pol->monday_morning || date_weekday(p->day) != 1)) ||
		    in_window(&pol->pm_window, min));
	}
	return 1;
}

static void
add_record(struct summary *s, const struct sum_rec *p)
{
	const struct outcome_info *o = &outcomes[p->outcome];
	long long t = p->t;
	struct sum_contact *c;
	struct at a;
	uint32_t slot, store, agent, w[3];
	struct sum_gcache *gc;
	uint8_t set;
	int ct = p->ct, sms = p->sms, added, step, q, i, lo = 0, hi = 0,
	    any = 0;

	slot = idmap_put(&s->cid, p->id, &added);
	if (added) {
		s->ct = xgrow(s->ct, &s->ctcap, s->cid.n, sizeof(*s->ct));
		c = &s->ct[slot];
		memset(c, 0, sizeof(*c));
		c->g = UINT32_MAX;
	}
	c = &s->ct[slot];
	step = round_step(s, c, t, p->outcome);
	if (t < s->o.from)
		return;		/* before the period: its rounds only */

	store = sum_store(s, p->store, p->slen);
	agent = str_put(&s->str[SK_AGENT], p->agent, p->alen);
	place(s, &a, store, sum_size_of(s, store), agent, p->type, p->tlen,
	    sms, p->day);
	gc = &s->gc[a.g];

	add2(s, a.g, C_DIALS, 1);
	add2(s, a.g, C_OC + p->outcome, 1);
	if (step == 1)
		add2(s, a.g, C_LOST, 1);
	else if (step == 2)
		add2(s, a.g, C_THIRD, 1);

	set = CF_SEEN;
	if (o->success)
		set |= CF_SUCCESS;
	if (p->outcome == OC_SUCCESS || p->outcome == OC_PARTIAL ||
	    p->outcome == OC_SMS_REPLIED)
		set |= CF_REACHED;
	flag(s, a.g, pair_flags(s, c, slot, a.g), set, ct);
	flag(s, 0, &c->tflags, set, ct);

	for (i = 0; i < 3; i++) {
		if ((q = p->q[i]) == 0)
			continue;
		add2(s, a.g, C_QSUM1 + i, q);
		add2(s, a.g, C_QN1 + i, 1);
		any = 1;
		lo |= q <= 2;
		hi |= q < 4;
	}
	if (any) {
		add2(s, a.g, C_SCORED, 1);
		if (!hi)
			add2(s, a.g, C_SATISFIED, 1);
		if (lo)
			add2(s, a.g, C_DISSATISFIED, 1);
	}
	if (p->complaint) {
		add2(s, a.g, C_COMPLAINTS, 1);
		if (p->resolved) {
			add2(s, a.g, C_RESOLVED, 1);
			w[0] = a.g;
			w[1] = (uint32_t)p->res_days;
			tup_add(&s->gres, w, 1);
		}
	}
	if (p->gift_mismatch)
		add2(s, a.g, C_GIFT_MISMATCH, 1);

	if (!sms) {
		if (p->outside)
			add2(s, a.g, C_OUTSIDE, 1);
		if (ct != CT_GIFT) {
			add2(s, a.g, C_PHONE, 1);
			w[0] = a.g;
			w[1] = (uint32_t)p->day + DAY_BIAS;
			if (gc->day != w[1]) {
				gc->dslot = tup_put(&s->gday, w, NULL);
				gc->day = w[1];
			}
			s->gday.val[gc->dslot]++;
		}
	}
	if (ct == CT_SERVICE && !sms && agent != 0) {
		w[0] = a.g;
		w[1] = agent;
		w[2] = (uint32_t)a.monday + DAY_BIAS;
		if (gc->awa != w[1] || gc->awm != w[2]) {
			(void)tup_put(&s->gaw, w, NULL);
			gc->awa = w[1];
			gc->awm = w[2];
		}
		if (o->success)
			tup_add(&s->aws, w + 1, 1);	/* (agent, monday) */
	}
	if (store != 0) {
		w[0] = a.g;
		w[1] = store;
		w[2] = a.all[SK_MONTH];
		if (gc->sms != w[1] || gc->smm != w[2]) {
			(void)tup_put(&s->gsm, w, NULL);
			gc->sms = w[1];
			gc->smm = w[2];
		}
		if (ct == CT_SERVICE && (p->outcome == OC_SUCCESS ||
		    p->outcome == OC_PARTIAL))
			reached_in(s, c, slot, store, w[2]);
	}
}

/*
 * Records, each looked up in the contacts table in three steps (a
 * prefetch of the table, then of the contact's state, then the
 * record), a block at a time, so that the block's lookups wait on
 * memory together rather than one by one (most of the time of a big
 * log).
 */
void
sum_add_records(struct summary *s, const struct sum_rec *p, long n)
{
	uint32_t slot;
	long i, j, m;

	for (j = 0; j < n; j += CALLLOG_BLOCK) {
		m = n - j < CALLLOG_BLOCK ? n - j : CALLLOG_BLOCK;
		for (i = j; i < j + m; i++)
			idmap_prefetch(&s->cid, p[i].id);
		for (i = j; i < j + m; i++)
			if ((slot = idmap_prefetch_slot(&s->cid, p[i].id)) !=
			    IDMAP_NONE && slot < s->ctcap)
				__builtin_prefetch(&s->ct[slot]);
		for (i = j; i < j + m; i++)
			add_record(s, &p[i]);
	}
}

/*
 * A tally of the rows of a due list, contacts or a sample.  An entry is
 * (store, type, agent, day, the row's contact type and its store's
 * size); its count the rows.  A row without a size has the size its
 * store was last given in these rows, else the one the summary fed
 * knew before (SIZE_BEFORE), as feeding the rows one by one gives it.
 * Entries are in the order of their first rows, so a summary's groups
 * are made in the same order as by the rows (a partial's bytes).
 */
#define SIZE_BEFORE	0xff

struct sum_tally {
	enum sum_input	 in;
	long		 col[5];	/* type, store, store_size, date or
					   due, agent: -1 when missing */
	struct strtab	 store, type, agent;
	uint8_t		*size;		/* store -> last size, SIZE_BEFORE */
	size_t		 sizecap;
	struct tuptab	 ent;
	long		 bad;
};

enum { T_TYPE, T_STORE, T_SIZE, T_DATE, T_AGENT };

struct sum_tally *
sum_tally_open(enum sum_input in)
{
	struct sum_tally *t = xcalloc(1, sizeof(*t));
	int i;

	t->in = in;
	for (i = 0; i < 5; i++)
		t->col[i] = -1;
	str_init(&t->store);
	str_init(&t->type);
	str_init(&t->agent);
	tup_init(&t->ent, 5, 1);
	return t;
}

int
sum_tally_columns(struct sum_tally *t, const struct tsv_reader *tr,
    char *err)
{
	static const char *const cols[5] = {
		"type", "store", "store_size", "date", "agent"
	};
	int i;

	for (i = 0; i < 5; i++)
		t->col[i] = tsv_col(tr, t->in == SUM_DUE && i == T_DATE ?
		    "due" : cols[i]);
	if (tr->ncol > 0 && (t->col[T_STORE] == -1 || t->col[T_DATE] == -1)) {
		fu_seterr(err, "%s: no %s column", tr->name,
		    t->col[T_STORE] == -1 ? "store" : t->in == SUM_DUE ?
		    "due" : "date");
		return -1;
	}
	return 0;
}

void
sum_tally_row(struct sum_tally *t, const struct tsv_reader *tr)
{
	const char *f[5];
	size_t n[5];
	uint32_t w[5], store;
	int i, ct, day, sz;
	char err[FU_ERRBUF];

	for (i = 0; i < 5; i++) {
		f[i] = t->col[i] == -1 ? "" : tr->field[t->col[i]];
		n[i] = t->col[i] == -1 ? 0 : tr->len[t->col[i]];
	}
	store = str_put(&t->store, f[T_STORE], n[T_STORE]);
	if (store >= t->sizecap) {
		size_t old = t->sizecap;

		t->size = xgrow(t->size, &t->sizecap, (size_t)store + 1,
		    sizeof(*t->size));
		memset(t->size + old, SIZE_BEFORE, t->sizecap - old);
	}
	if ((sz = contact_size_parse(f[T_SIZE], n[T_SIZE])) > 0)
		t->size[store] = (uint8_t)sz;
	if (date_parse(f[T_DATE], n[T_DATE], 0, &day, err) == -1) {
		fu_datawarn(tr->name, tr->lineno, "%s: %s",
		    t->in == SUM_DUE ? "due" : "date", err);
		t->bad++;
		return;
	}
	ct = contact_type_parse(f[T_TYPE], n[T_TYPE]);
	w[0] = store;
	w[1] = str_put(&t->type, f[T_TYPE], n[T_TYPE]);
	w[2] = str_put(&t->agent, f[T_AGENT], n[T_AGENT]);
	w[3] = (uint32_t)day + DAY_BIAS;
	w[4] = (uint32_t)(ct + 1) << 8 | t->size[store];
	tup_add(&t->ent, w, 1);
}

void
sum_tally_bad(struct sum_tally *t)
{
	t->bad++;
}

long
sum_tally_nbad(const struct sum_tally *t)
{
	return t->bad;
}

int
sum_tally_read(struct sum_tally *t, const char *path, char *err)
{
	struct tsv_reader tr;
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	FILE *fp;
	int rc;

	memset(&tr, 0, sizeof(tr));
	if ((fp = fu_open_in(path)) == NULL) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (tsv_open(&tr, fp, name) == -1) {
		fu_seterr(err, "%s: read error: %s", name, strerror(errno));
		rc = TSV_ERR;
		goto out;
	}
	if (sum_tally_columns(t, &tr, err) == -1) {
		tsv_close(&tr);
		fu_close_in(fp);
		return -1;
	}
	while ((rc = tsv_next_report(&tr)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			err[0] = '\0';		/* said */
			break;
		}
		if (rc == TSV_BADROW)
			sum_tally_bad(t);
		else
			sum_tally_row(t, &tr);
	}
out:
	tsv_close(&tr);
	fu_close_in(fp);
	return rc == TSV_ERR ? -1 : 0;
}

void
summary_feed(struct summary *s, const struct sum_tally *t)
{
	uint32_t *store, i;
	uint8_t *before;
	const uint32_t *w;
	const char *v;
	struct at a;
	int64_t n;
	int ct, sz;

	store = xreallocarray(NULL, t->store.n + 1, sizeof(*store));
	before = xmalloc(t->store.n + 1);
	for (i = 0; i <= t->store.n; i++) {
		v = str_at(&t->store, i);
		store[i] = sum_store(s, v, strlen(v));
		before[i] = (uint8_t)sum_size_of(s, store[i]);
	}
	for (i = 0; i < tup_n(&t->ent); i++) {
		w = tup_words(&t->ent, i);
		n = t->ent.val[i];
		ct = (int)(w[4] >> 8) - 1;
		sz = (int)(w[4] & 0xff);
		v = str_at(&t->type, w[1]);
		place(s, &a, store[w[0]], sz == SIZE_BEFORE ? before[w[0]] : sz,
		    str_put(&s->str[SK_AGENT], str_at(&t->agent, w[2]),
		    strlen(str_at(&t->agent, w[2]))), v, strlen(v),
		    ct == CT_GIFT, (int)(w[3] - DAY_BIAS));
		switch (t->in) {
		case SUM_DUE:
			add2(s, a.g, C_PLANNED, n);
			break;
		case SUM_CONTACTS:
			add2(s, a.g, C_SUBMITTED, n);
			if (ct == CT_GIFT)
				add2(s, a.g, C_GIFT_SUBMITTED, n);
			if (ct == CT_REQUEST)
				add2(s, a.g, C_REQ_SUBMITTED, n);
			break;
		case SUM_SAMPLE:
			add2(s, a.g, C_SAMPLED, n);
			break;
		}
	}
	for (i = 0; i <= t->store.n && i < t->sizecap; i++)
		if (t->size[i] != SIZE_BEFORE)
			sum_set_size(s, store[i], t->size[i]);
	s->bad += t->bad;
	if (t->in == SUM_CONTACTS)
		s->fed_contacts = 1;
	free(store);
	free(before);
}

void
sum_tally_free(struct sum_tally *t)
{
	if (t == NULL)
		return;
	str_free(&t->store);
	str_free(&t->type);
	str_free(&t->agent);
	free(t->size);
	tup_free(&t->ent);
	free(t);
}

/* One file's rows, tallied then fed. */
static int
feed_file(struct summary *s, enum sum_input in, const char *path, char *err)
{
	struct sum_tally *t = sum_tally_open(in);
	int rc;

	if ((rc = sum_tally_read(t, path, err)) == 0)
		summary_feed(s, t);
	sum_tally_free(t);
	return rc;
}

int
summary_due(struct summary *s, const char *path, char *err)
{
	return feed_file(s, SUM_DUE, path, err);
}

int
summary_contacts(struct summary *s, const char *path, char *err)
{
	return feed_file(s, SUM_CONTACTS, path, err);
}

int
summary_sample(struct summary *s, const char *path, char *err)
{
	return feed_file(s, SUM_SAMPLE, path, err);
}
