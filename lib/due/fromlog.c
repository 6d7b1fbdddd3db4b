/*
 * fromlog.c: the call log's records in force onto the rows: rounds,
 * dials, callbacks, re-visits, and the contacts the log alone has;
 * see plan.h.  All of fu-due's use of the log reader (calllog.h) is
 * here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "due/plan.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "log/calllog.h"

static int
low_score(const struct due *d, const struct calllog *cl, struct callrec *rec)
{
	static const enum logcol q[3] = { LC_Q1, LC_Q2, LC_Q3 };
	const char *s;
	size_t len;
	int i;

	if (!d->pol->revisit_low_scores)
		return 0;
	for (i = 0; i < 3; i++) {
		s = calllog_field(cl, rec, q[i], &len);
		if (len == 1 && s[0] >= '1' && s[0] - '0' <= d->pol->low_score)
			return 1;
	}
	return 0;
}

static void
add_log_contact(struct due *d, const struct calllog *cl,
    struct callrec *rec)
{
	uint64_t id = rec->id;
	struct logrow *l;
	struct drow *r;

	r = due_new_row(d);
	r->id = id;
	r->flags |= FL_LOG;
	(void)due_id_add(d, id, d->nrow - 1);
	d->lr = xgrow(d->lr, &d->lrcap, d->nlr + 1, sizeof(*d->lr));
	l = &d->lr[d->nlr++];
	l->type = xstrdup(calllog_field(cl, rec, LC_TYPE, NULL));
	l->store = xstrdup(calllog_field(cl, rec, LC_STORE, NULL));
	l->customer = xstrdup(calllog_field(cl, rec, LC_CUSTOMER, NULL));
	l->phone = xstrdup(calllog_field(cl, rec, LC_PHONE, NULL));
	if (contact_type_parse(l->type, strlen(l->type)) == CT_GIFT)
		r->flags |= FL_GIFT;
	if (d->restricted)
		r->sidx = (int16_t)due_store_index(d, l->store);
	if (dnc_has(&d->dnc, l->phone, strlen(l->phone)))
		r->fate = F_DNC;
}

/* One record in force, as fu-record counts rounds (record.c). */
static void
apply_record(struct due *d, struct drow *r, const struct calllog *cl,
    struct callrec *rec)
{
	const struct outcome_info *o = &outcomes[rec->outcome];
	long long span = (long long)d->pol->round_days * 1440;
	int32_t t = (int32_t)(rec->ts / 60);
	const char *s;
	size_t len;
	long long cbt;
	int day, dials, a;
	char err[FU_ERRBUF];

	if (!(r->flags & FL_ACTIVE) || t - r->start > span) {
		r->flags |= FL_ACTIVE;
		r->flags &= ~FL_DIALS;
		r->start = t;
	}
	dials = r->flags & FL_DIALS;
	if (o->dial && dials < 3)
		r->flags = (uint8_t)((r->flags & ~FL_DIALS) | (dials + 1));
	else if (!o->dial && !o->open)
		r->flags &= ~FL_ACTIVE;
	r->flags |= FL_SEEN;
	r->last = t;
	r->lastoc = (uint8_t)rec->outcome;
	r->cb = -1;
	if (rec->outcome == OC_CALLBACK) {
		s = calllog_field(cl, rec, LC_CALLBACK, &len);
		if (len > 0 && time_parse(s, len, TIME_DATE_OK, &cbt, err) == 0)
			r->cb = (int32_t)(cbt / 60);
	}
	s = calllog_field(cl, rec, LC_AGENT, &len);
	if (len > 0 && (a = due_agent_by_name(d, s)) != NOAG)
		r->pref = (int16_t)a;
	/*
	 * Re-visits: a round after the reason that ends (a success, an
	 * answer, a refusal, a dead number, its second failed dial) is the
	 * re-visit made; the customer is not called again the next day.
	 */
	if (r->pend != -1 && t >= r->pend && (o->success ||
	    (!o->dial && !o->open) || (r->flags & FL_DIALS) >= 2))
		r->pend = -1;
	s = calllog_field(cl, rec, LC_RESOLVED, &len);
	if (len > 0 && date_parse(s, len, 0, &day, err) == 0) {
		r->pend = (int32_t)(day * 1440LL);
		if (r->pend <= t)
			r->pend = t + 1;
	}
	if (low_score(d, cl, rec))
		r->pend = t + 1;
}

int
due_log_read(struct due *d)
{
	struct calllog cl;
	struct callrec rec[CALLLOG_BLOCK];
	char err[FU_ERRBUF];
	size_t len;
	long idx, n, k;

	if (calllog_open(&cl, d->o->log, CALLLOG_NO_AS_OF, d->o->tmpdir,
	    err) == -1) {
		fu_warnx("%s", err);
		return -1;
	}
	d->logmissing = cl.missing;
	while ((n = calllog_read(&cl, rec, CALLLOG_BLOCK)) > 0) {
		for (k = 0; k < n; k++) {
			if ((idx = due_id_find(d, rec[k].id)) == -1) {
				/* A complaint closed, a low score: re-visit. */
				(void)calllog_field(&cl, &rec[k], LC_RESOLVED,
				    &len);
				if (len == 0 && !low_score(d, &cl, &rec[k]))
					continue;
				add_log_contact(d, &cl, &rec[k]);
				idx = (long)d->nrow - 1;
			}
			if (d->row[idx].fate != F_BAD &&
			    d->row[idx].fate != F_DUP &&
			    d->row[idx].fate != F_DNC)
				apply_record(d, &d->row[idx], &cl, &rec[k]);
		}
	}
	if (cl.bad > 0)
		due_setstatus(d, FU_EXIT_DATA);
	calllog_close(&cl);
	if (n == -1)
		return -1;
	return 0;
}
