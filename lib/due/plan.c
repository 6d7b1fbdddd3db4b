/*
 * plan.c: what each row needs (classify), and who calls it on which
 * day: the fixed calls, then the rest, then the texts; see plan.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "base/util.h"
#include "due/plan.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/outcome.h"

/* The first working day index on or after day, or -1. */
static int
wd_from(const struct due *d, int day)
{
	int i;

	for (i = 0; i < d->nwd; i++)
		if (d->wd[i] >= day)
			return i;
	return -1;
}

static int
wd_upto(const struct due *d, int day)
{
	int i;

	for (i = d->nwd - 1; i >= 0; i--)
		if (d->wd[i] <= day)
			return i;
	return -1;
}

/*
 * The working days a row may go on: those of [from, to] not before the
 * first day calls may be on (t0day).  None: its window closed before
 * that day (to < t0day), or every working day of it is past (the week
 * goes on, but no call window of it is left: overflow), or it is due
 * later.
 */
static void
set_range(struct due *d, struct drow *r, int from, int to)
{
	int a = wd_from(d, from > d->t0day ? from : d->t0day);
	int b = wd_upto(d, to), any = wd_from(d, from);

	if (a == -1 || b == -1 || a > b) {
		r->fate = to < d->t0day ? F_MISSED : any != -1 &&
		    d->wd[any] <= to ? F_NOWIN : F_LATER;
		return;
	}
	r->dlo = (unsigned int)a;
	r->dhi = (unsigned int)b;
}

/*
 * When a callback agreed for minute cb (since the epoch) is made: the
 * first minute of a call window at or after it, on a working day
 * (12:30 is 14:00; 17:30 the next working day's first window).
 */
static long long
callback_time(const struct due *d, int32_t cb)
{
	int day = (int)(cb / 1440), m = (int)(cb % 1440), at, pm, k;

	for (k = 0; k < 400; k++) {
		if (cal_is_workday(d->o->cal, day) && (at = due_at_or_after(
		    d->pol, date_weekday(day) == 1, m, &pm)) != -1)
			return (long long)day * 1440 + at;
		day = cal_next_workday(d->o->cal, day);
		m = 0;
	}
	return cb;	/* no window in the policy: as agreed */
}

static void
classify(struct due *d, struct drow *r)
{
	long long span = (long long)d->pol->round_days * 1440;
	int dials = r->flags & FL_DIALS, day, m, lastday, from;
	long long at;
	int active = (r->flags & FL_ACTIVE) && d->t0min - r->start <= span;

	int fate0 = r->fate;

	r->attempt = 1;
	r->win = WIN_ANY;
	r->fate = F_PLAN;
	if (r->flags & FL_SEEN && active) {
		lastday = (int)(r->last / 1440);
		if (dials >= 2) {
			r->fate = F_USEDUP;
			return;
		}
		if (r->lastoc == OC_CALLBACK && r->cb != -1) {
			r->attempt = (uint8_t)(dials + 1);
			day = (int)(r->cb / 1440);
			at = callback_time(d, r->cb);
			if (at >= d->t0min) {
				r->what = W_CALLBACK;
				day = (int)(at / 1440);
				set_range(d, r, day, day);
				if (at != r->cb)
					r->flags |= FL_MOVED;
				r->slot = (int32_t)(at % 1440);
				return;
			}
			r->what = W_OVERDUE;
			set_range(d, r, day + 1, d->we);
			r->dhi = r->dlo;
			return;
		}
		if (outcomes[r->lastoc].dial) {
			r->what = W_REDIAL;
			r->attempt = (uint8_t)(dials + 1);
			set_range(d, r, lastday + 1, d->we);
			r->dhi = r->dlo;
			m = (int)(r->last % 1440);
			if (m < d->pol->am_window.end)
				r->win = WIN_PM;
			else if (m >= d->pol->pm_window.start)
				r->win = WIN_AM;
			return;
		}
	}
	if (r->pend != -1) {
		r->what = W_REVISIT;
		set_range(d, r, d->ws, d->we);
		return;
	}
	if (r->flags & FL_LOG) {
		r->fate = F_DONE;	/* not an input row: not counted */
		return;
	}
	if (fate0 != F_PLAN) {
		r->fate = (uint8_t)fate0;	/* the rules' word */
		return;
	}
	if (r->rule != UINT8_MAX) {
		int s = d->ws + r->lo, e = d->ws + r->hi;

		if (r->flags & FL_SEEN && !active &&
		    (long long)r->last >= (long long)s * 1440) {
			r->fate = F_DONE;
			return;
		}
		r->what = W_RULE;
		set_range(d, r, s, e);
	} else {
		if (r->flags & FL_SEEN &&
		    (long long)r->last >= (long long)d->ws * 1440) {
			r->fate = F_DONE;
			return;
		}
		r->what = W_FIRST;
		from = r->lo != NODATE && r->lo > 0 ? d->ws + r->lo : d->ws;
		if (d->nwd > 0 && from > d->wd[d->nwd - 1]) {
			r->fate = F_AFTER;
			return;
		}
		set_range(d, r, from, d->we);
	}
	if (r->fate == F_PLAN && (r->flags & FL_GIFT)) {
		r->win = WIN_SMS;
		/* A text's time already past today: from the next day. */
		if ((int)r->dlo == d->cutwd && d->cut > d->pol->sms_time) {
			if (r->dlo == r->dhi) {
				r->fate = F_NOWIN;
				return;
			}
			r->dlo++;
		}
		if (d->pol->gift_spread != SPREAD_EVEN)
			r->dhi = r->dlo;
	}
}

static int
eligible(const struct due *d, size_t a, const struct drow *r)
{
	const struct due_agent *g = &d->ag[a];
	size_t i;

	if (!d->restricted || g->nstore == 0)
		return 1;
	if (r->sidx < 0)
		return 0;
	for (i = 0; i < g->nstore; i++)
		if (strcmp(g->store[i], d->sname[r->sidx]) == 0)
			return 1;
	return 0;
}

/* Does any agent cover this row?  If none does, any agent will do. */
static int
covered(const struct due *d, const struct drow *r)
{
	size_t a;

	for (a = 0; a < d->na; a++)
		if (eligible(d, a, r))
			return 1;
	return 0;
}

/* The least loaded day of agent a in the row's range with room. */
static int
pick_day(const struct due *d, size_t a, const struct drow *r, int sms)
{
	const int *l = (sms ? d->sms : d->load) + a * (size_t)d->nwd;
	int i, best = -1;

	for (i = r->dlo; i <= r->dhi; i++) {
		if (!sms && l[i] >= due_day_cap(d, a, i))
			continue;
		if (best == -1 || l[i] < l[best])
			best = i;
	}
	return best;
}

static void
place(struct due *d, struct drow *r, size_t a, int day, int sms)
{
	r->agent = (int16_t)a;
	r->day = day;
	if (sms) {
		d->sms[a * (size_t)d->nwd + (size_t)day]++;
		d->smstot[a]++;
		d->nsms++;
	} else {
		d->load[a * (size_t)d->nwd + (size_t)day]++;
		d->tot[a]++;
		d->remday[day]--;
		d->room--;
		d->ncall++;
	}
}

/* Choose an agent and day; 0, or -1 when nobody has room. */
static int
assign(struct due *d, struct drow *r, int sms, int prefer)
{
	const int *tot = sms ? d->smstot : d->tot;
	size_t a, best = 0;
	int day, bday = -1, any, room = 0;

	/*
	 * No day has room (remday never goes below 0): the most rows of a
	 * big week end here, so this is said before anything is counted.
	 */
	if (!sms && d->room <= 0)
		return -1;
	if (sms && !d->restricted) {
		/*
		 * What the loop below comes to for a text when every agent
		 * may take it and every day has room: the first agent of the
		 * fewest texts, or the log's agent when it has as few.
		 */
		for (a = 1; a < d->na; a++)
			if (tot[a] < tot[best])
				best = a;
		if (r->pref != NOAG && tot[r->pref] == tot[best])
			best = (size_t)r->pref;
		if ((day = pick_day(d, best, r, sms)) == -1)
			return -1;
		place(d, r, best, day, sms);
		return 0;
	}
	any = !covered(d, r);
	if (!sms) {
		for (day = r->dlo; day <= r->dhi; day++)
			room += d->remday[day];
		if (room <= 0)
			return -1;
	}
	if (prefer && r->pref != NOAG && (any || eligible(d, (size_t)r->pref,
	    r)) && (day = pick_day(d, (size_t)r->pref, r, sms)) != -1) {
		place(d, r, (size_t)r->pref, day, sms);
		return 0;
	}
	/* The least loaded agent with room; the log's agent on a tie. */
	for (a = 0; a < d->na; a++) {
		if (!any && !eligible(d, a, r))
			continue;
		if (bday != -1 && (tot[a] > tot[best] || (tot[a] == tot[best] &&
		    (int32_t)a != r->pref)))
			continue;
		if ((day = pick_day(d, a, r, sms)) == -1)
			continue;
		best = a;
		bday = day;
	}
	if (bday == -1)
		return -1;
	place(d, r, best, bday, sms);
	return 0;
}

/* Callbacks, second dials, overdue callbacks, re-visits, the rest. */
static int
prio(const struct drow *r)
{
	return r->what <= W_REVISIT ? r->what : W_REVISIT + 1;
}

/* The part of the list a planned row is in: fixed calls, the rest, texts. */
static int
part(const struct drow *r)
{
	return r->win == WIN_SMS ? 2 : r->what <= W_OVERDUE ? 0 : 1;
}

/*
 * The gift rows by customer: cust << 32 | row, in order, *np of them.
 * Their plan's fields (which held cust) are set as for any row.
 */
static uint64_t *
gift_customers(struct due *d, size_t *np)
{
	struct drow *r;
	uint64_t *e;
	size_t i, n = 0;

	for (i = 0; i < d->ninput; i++)
		n += (d->row[i].flags & FL_GIFT) != 0;
	e = xcalloc(n + 1, sizeof(*e));
	n = 0;
	for (i = 0; i < d->ninput; i++) {
		r = &d->row[i];
		if (!(r->flags & FL_GIFT))
			continue;
		e[n++] = (uint64_t)r->cust << 32 | (uint32_t)i;
		r->cust = 0;
		r->agent = NOAG;
		r->day = -1;
	}
	sort_radix(e, n, sizeof(*e), 0, UINT64_MAX, NULL);
	*np = n;
	return e;
}

/*
 * One customer, one text: the texts of a customer (the rows of e[0..n)
 * whose cust is one) go with the first of them, on the days all of
 * them may go on (from the latest first day).
 */
static void
gift_texts(struct due *d, const uint64_t *e, size_t n)
{
	struct drow *r;
	size_t i, j, k, m;
	unsigned int lo, hi;
	long first;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && e[j] >> 32 == e[i] >> 32; j++)
			;
		lo = 0;
		hi = MAXWD - 1;
		for (k = i, m = 0; k < j; k++) {
			r = &d->row[(uint32_t)e[k]];
			if (r->fate != F_PLAN || r->win != WIN_SMS)
				continue;
			m++;
			lo = r->dlo > lo ? r->dlo : lo;
			hi = r->dhi < hi ? r->dhi : hi;
		}
		if (m < 2)
			continue;
		if (hi < lo)
			hi = lo;
		first = -1;
		for (k = i; k < j; k++) {
			r = &d->row[(uint32_t)e[k]];
			if (r->fate != F_PLAN || r->win != WIN_SMS)
				continue;
			r->dlo = lo;
			r->dhi = hi;
			if (first == -1) {
				first = (long)(uint32_t)e[k];
				continue;
			}
			r->with = 1;
			r->pend = (int32_t)first;
		}
	}
}

/* What each row needs, and how many of each part the list has. */
static void
classify_all(struct due *d, size_t *cnt)
{
	struct drow *r;
	uint64_t *gifts;
	size_t i, ngift;

	gifts = gift_customers(d, &ngift);
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate == F_PLAN || r->fate == F_LATER ||
		    r->fate == F_NORULE)
			classify(d, r);
	}
	gift_texts(d, gifts, ngift);
	free(gifts);
	cnt[0] = cnt[1] = cnt[2] = 0;
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate == F_PLAN && !r->with)
			cnt[part(r)]++;
	}
}

/*
 * A row of the list, with what puts it in order: by prio, then the
 * rows of the fewest days first (dhi), then by key.  A key is a
 * bijection of the id (rnd_u64 is mix64 of an odd multiple of the id
 * plus a constant) and the planned rows' ids are unique (a second one
 * is F_DUP), so no two rows tie: the order is the one any sort gives.
 *
 * A pick is one 64-bit number: prio (4 bits), dhi (3), the top 25 bits
 * of the key, and the row below (PICK_PLACED once placed).  Memory is
 * what limits a big week: 8 bytes a row, where a struct of the three
 * took 16; the rows whose top 32 bits tie (seldom) are put in order by
 * their whole keys.
 */
#define PICK_ROW(p)	((uint32_t)(p))
#define PICK_PLACED	UINT32_MAX

static uint64_t
pick_make(const struct due *d, const struct drow *r, size_t i)
{
	uint64_t hi = (uint64_t)prio(r) << 28 | (uint64_t)r->dhi << 25 |
	    due_key(d, r->id) >> 39;

	return hi << 32 | (uint32_t)i;
}

static int
cmp_pick(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	uint64_t ka, kb;

	if (a >> 32 != b >> 32)
		return a >> 32 < b >> 32 ? -1 : 1;
	ka = due_key(d, d->row[PICK_ROW(a)].id);
	kb = due_key(d, d->row[PICK_ROW(b)].id);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return PICK_ROW(a) < PICK_ROW(b) ? -1 : PICK_ROW(a) > PICK_ROW(b);
}

/*
 * Picks in cmp_pick's order: by their high half (radix, stable), then
 * each run of equal high halves (rare: 25 bits of the key in it) by
 * cmp_pick.
 */
static void
sort_picks(struct due *d, uint64_t *p, size_t n)
{
	size_t i, j;

	sort_radix(p, n, sizeof(*p), 0, UINT64_C(0xffffffff00000000), NULL);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && p[j] >> 32 == p[i] >> 32; j++)
			;
		if (j - i > 1)
			qsort_r(p + i, j - i, sizeof(*p), cmp_pick, d);
	}
}

/*
 * The list, in three parts (part()), each in order.  left[a]: the rows
 * of the rest whose log's agent is a.
 */
struct list {
	uint64_t	*p;		/* the three parts, one after another */
	uint64_t	*part[3];
	size_t		 n[3];
	size_t		*left;
};

static void
list_make(struct due *d, struct list *l, const size_t *cnt)
{
	size_t at[3] = { 0, 0, 0 }, i, j;
	struct drow *r;

	l->p = xcalloc(cnt[0] + cnt[1] + cnt[2] + 1, sizeof(*l->p));
	l->part[0] = l->p;
	l->part[1] = l->p + cnt[0];
	l->part[2] = l->p + cnt[0] + cnt[1];
	l->left = xcalloc(d->na, sizeof(*l->left));
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate != F_PLAN || r->with)
			continue;
		j = (size_t)part(r);
		if (j == 1 && r->pref != NOAG)
			l->left[r->pref]++;
		l->part[j][at[j]++] = pick_make(d, r, i);
	}
	for (j = 0; j < 3; j++) {
		l->n[j] = cnt[j];
		sort_picks(d, l->part[j], cnt[j]);
	}
}

static void
list_free(struct list *l)
{
	free(l->p);
	free(l->left);
}

/* The fixed calls first: each on its day, the log's agent if it can. */
static void
assign_fixed(struct due *d, const uint64_t *p, size_t n)
{
	struct drow *r;
	size_t i;

	for (i = 0; i < n; i++) {
		r = &d->row[PICK_ROW(p[i])];
		if (assign(d, r, 0, 1) == -1)
			r->fate = F_OVER;
	}
}

/*
 * Keep agents where the log had them, up to an even share: the rows of
 * the rest (p[0..n)) whose log's agent is under the level go to that
 * agent first; those placed are marked (UINT32_MAX).
 */
static void
assign_kept(struct due *d, uint64_t *p, size_t n, size_t *left)
{
	struct drow *r;
	long est, level, capsum = 0;
	size_t i, j, active;

	for (i = 0; i < d->na; i++)
		capsum += (long)d->ag[i].cap * d->nwd;
	est = (long)(d->ncall + (long)n);
	if (est > capsum)
		est = capsum;
	level = d->na ? est / (long)d->na : 0;
	/*
	 * A row of this pass does something only while its agent is under
	 * the level.  An agent is active while some row still to come is
	 * its and it is under the level; with none active, the rest of the
	 * pass would do nothing (tots only grow): it stops.
	 */
	active = 0;
	for (i = 0; i < d->na; i++)
		active += left[i] > 0 && d->tot[i] < level;
	for (i = 0; i < n && d->room > 0 && active > 0; i++) {
		r = &d->row[PICK_ROW(p[i])];
		if (r->pref == NOAG)
			continue;
		if (d->tot[r->pref] < level &&
		    (!covered(d, r) || eligible(d, (size_t)r->pref, r)) &&
		    assign(d, r, 0, 1) == 0) {
			p[i] |= PICK_PLACED;
			/* Its agent (the pref or not) one up: at the level? */
			j = (size_t)r->agent;
			if (d->tot[j] == level && left[j] > 0)
				active--;
		}
		/* One row less to come of its pref's. */
		j = (size_t)r->pref;
		if (left[j] == 1 && d->tot[j] < level)
			active--;
		left[j]--;
	}
}

/* The rest of the calls, to the least loaded agent with room. */
static void
assign_rest(struct due *d, const uint64_t *p, size_t n)
{
	struct drow *r;
	size_t i;

	for (i = 0; i < n; i++) {
		if (PICK_ROW(p[i]) == PICK_PLACED)
			continue;
		r = &d->row[PICK_ROW(p[i])];
		if (assign(d, r, 0, 0) == -1)
			r->fate = F_OVER;
	}
}

/*
 * The texts: any day, no cap; then the other rows of a customer's text
 * with it.
 */
static void
assign_sms(struct due *d, const uint64_t *p, size_t n)
{
	struct drow *r;
	size_t i;

	for (i = 0; i < n; i++)
		assign(d, &d->row[PICK_ROW(p[i])], 1, 0);
	for (i = 0; i < d->ninput; i++) {
		r = &d->row[i];
		if (r->with && r->fate == F_PLAN) {
			r->agent = d->row[r->pend].agent;
			r->day = d->row[r->pend].day;
		}
	}
}

void
due_plan(struct due *d, uint32_t **outp, size_t *noutp)
{
	struct list l;
	struct drow *r;
	uint32_t *out;
	size_t cnt[3], i, n;

	classify_all(d, cnt);
	list_make(d, &l, cnt);
	assign_fixed(d, l.part[0], l.n[0]);
	assign_kept(d, l.part[1], l.n[1], l.left);
	assign_rest(d, l.part[1], l.n[1]);
	assign_sms(d, l.part[2], l.n[2]);
	list_free(&l);
	due_slots(d);
	out = xcalloc(d->nrow + 1, sizeof(*out));
	n = 0;
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate != F_PLAN)
			continue;
		if (r->win == WIN_SMS)
			r->slot = (int16_t)d->pol->sms_time;
		out[n++] = (uint32_t)i;
	}
	due_out_order(d, out, n);
	*outp = out;
	*noutp = n;
}
