/*
 * plan.c: what each row needs (classify), and who calls it on which
 * day: the fixed calls, then the rest, then the texts; see plan.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "due/plan.h"
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

static void
set_range(struct due *d, struct drow *r, int from, int to)
{
	int a = wd_from(d, from), b = wd_upto(d, to);

	if (a == -1 || b == -1 || a > b) {
		r->fate = to < d->t0day ? F_MISSED : F_LATER;
		return;
	}
	r->dlo = (unsigned int)a;
	r->dhi = (unsigned int)b;
}

static void
classify(struct due *d, struct drow *r)
{
	long long span = (long long)d->pol->round_days * 1440;
	int dials = r->flags & FL_DIALS, day, m, lastday;
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
			if ((long long)r->cb >= d->t0min) {
				r->what = W_CALLBACK;
				set_range(d, r, day, d->we);
				r->dhi = r->dlo;
				m = (int)(r->cb % 1440);
				if (r->fate == F_PLAN && d->wd[r->dlo] != day)
					m = 0;	/* not a working day: morning */
				r->slot = (int16_t)m;
				return;
			}
			r->what = W_OVERDUE;
			set_range(d, r, day + 1 > d->t0day ? day + 1 :
			    d->t0day, d->we);
			r->dhi = r->dlo;
			return;
		}
		if (outcomes[r->lastoc].dial) {
			r->what = W_REDIAL;
			r->attempt = (uint8_t)(dials + 1);
			set_range(d, r, lastday + 1 > d->t0day ? lastday + 1 :
			    d->t0day, d->we);
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
		set_range(d, r, d->t0day, d->we);
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
		set_range(d, r, s > d->t0day ? s : d->t0day, e);
	} else {
		if (r->flags & FL_SEEN &&
		    (long long)r->last >= (long long)d->ws * 1440) {
			r->fate = F_DONE;
			return;
		}
		r->what = W_FIRST;
		set_range(d, r, d->t0day, d->we);
	}
	if (r->fate == F_PLAN && (r->flags & FL_GIFT)) {
		r->win = WIN_SMS;
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
		if (!sms && l[i] >= d->ag[a].cap)
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

static int
cmp_plan(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];

	if (prio(a) != prio(b))
		return prio(a) < prio(b) ? -1 : 1;
	if (a->dhi != b->dhi)
		return a->dhi < b->dhi ? -1 : 1;
	return due_by_key(d, a, b);
}

static int
part(const struct drow *r)
{
	return r->win == WIN_SMS ? 2 : r->what <= W_OVERDUE ? 0 : 1;
}

static int
cmp_part(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];

	if (part(a) != part(b))
		return part(a) < part(b) ? -1 : 1;
	return cmp_plan(pa, pb, arg);
}

/*
 * Sorting a million rows by cmp_part calls the key's hash twice a
 * comparison, on rows all over memory.  Instead each row gets one
 * 64-bit number: part, prio and dhi, the top 24 bits of its key, and
 * its index below; those sort in place (no scratch buffer: memory is
 * what limits the run).  Rows alike in the top 32 bits (a key's top
 * bits seldom tie) are then put in order by cmp_part itself.
 */
static void
u64_swap(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;

	*a = *b;
	*b = t;
}

static void
u64_sift(uint64_t *v, size_t i, size_t n)
{
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[i] >= v[c])
			return;
		u64_swap(&v[i], &v[c]);
		i = c;
	}
}

/*
 * Partition v[0..n) (n > 16) about the median of three: [0, j] <= p <=
 * [j + 1, n).  Returns j.
 */
static size_t
u64_partition(uint64_t *v, size_t n)
{
	size_t i, j;
	uint64_t p;

	if (v[n / 2] < v[0])
		u64_swap(&v[n / 2], &v[0]);
	if (v[n - 1] < v[0])
		u64_swap(&v[n - 1], &v[0]);
	if (v[n - 1] < v[n / 2])
		u64_swap(&v[n - 1], &v[n / 2]);
	p = v[n / 2];
	i = 0;
	j = n - 1;
	for (;;) {
		while (v[i] < p)
			i++;
		while (v[j] > p)
			j--;
		if (i >= j)
			return j;
		u64_swap(&v[i++], &v[j--]);
	}
}

/* Quicksort, median of three; heapsort past a depth (never, here). */
static void
u64_sort(uint64_t *v, size_t n, int depth)
{
	size_t i, j;

	while (n > 16) {
		if (depth-- == 0) {
			for (i = n / 2; i-- > 0; )
				u64_sift(v, i, n);
			for (i = n - 1; i > 0; i--) {
				u64_swap(&v[0], &v[i]);
				u64_sift(v, 0, i);
			}
			return;
		}
		j = u64_partition(v, n);
		/* [0, j] <= p <= [j + 1, n); the smaller side first */
		if (j + 1 < n - j - 1) {
			u64_sort(v, j + 1, depth);
			v += j + 1;
			n -= j + 1;
		} else {
			u64_sort(v + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j] < v[j - 1]; j--)
			u64_swap(&v[j], &v[j - 1]);
}

static int
u64_depth(size_t n)
{
	int depth = 8;

	for (; n > 1; n >>= 1)
		depth += 2;
	return depth;
}

/*
 * v[0..n) with its least k first (0 < k < n), in no order: quickselect
 * with u64_sort's partition; the rest of u64_sort past a depth.
 */
static void
u64_select(uint64_t *v, size_t n, size_t k)
{
	int depth = u64_depth(n);
	size_t j;

	while (n > 16) {
		if (depth-- == 0) {
			u64_sort(v, n, 0);
			return;
		}
		j = u64_partition(v, n);
		/* [0, j] <= p <= [j + 1, n): k falls on one side */
		if (k == j + 1)
			return;
		if (k < j + 1)
			n = j + 1;
		else {
			v += j + 1;
			n -= j + 1;
			k -= j + 1;
		}
	}
	u64_sort(v, n, 0);
}

/*
 * One part of the list (fixed calls, the rest, texts), put in order as
 * it is used.  Each row gets one 64-bit number: part, prio and dhi, the
 * top 24 bits of its key, and its index below; those sort in place (no
 * scratch buffer: memory is what limits the run).  Rows alike in the
 * top 32 bits (a key's top bits seldom tie) are then put in order by
 * cmp_part itself.  A big week has room for a few thousand calls and a
 * million rows to offer them to; once the room is gone, each of the
 * rest ends over capacity whatever its place, so only the head of the
 * list is sorted, a growing piece at a time (quickselect, then a sort
 * of the piece).
 */
struct order {
	struct due	*d;
	uint64_t	*v;
	uint32_t	*ix;		/* the rows; in order up to done */
	size_t		 n, done;
	int		 oneday;	/* each row's day is its dhi */
};

static void
order_init(struct order *o, struct due *d, uint64_t *v, uint32_t *ix,
    size_t n)
{
	o->d = d;
	o->v = v;
	o->ix = ix;
	o->n = n;
	o->done = 0;
	o->oneday = 0;
}

static void
order_add(struct order *o, size_t i, const struct drow *r, uint32_t idx)
{
	uint64_t top = (uint64_t)(part(r) << 6 | prio(r) << 3 | (int)r->dhi);

	o->v[i] = top << 56 | (due_key(o->d, r->id) >> 40) << 32 | idx;
}

/*
 * Fetch the row a few places ahead in a list: the rows of a list in
 * order are all over memory, a cache miss each.
 */
static void
order_fetch(const struct order *o, size_t i)
{
	i += 16;
	if (i < o->done && o->ix[i] != UINT32_MAX)
		__builtin_prefetch(&o->d->row[o->ix[i]]);
}

/*
 * Rows [0, m) in their places, at least.  With oneday, a row whose day
 * is full already fails wherever it stands (room is never given back):
 * such rows go to the end unsorted, out of the way of those that can
 * still be placed, whose order among themselves is kept.  The fixed
 * calls of a big week crowd onto a day or two that fill at once.
 */
static void
order_upto(struct order *o, size_t m)
{
	uint64_t *v = o->v, top;
	size_t from = o->done, to, mid, live = o->n, end, i, j;

	if (m <= o->done)
		return;
	if (o->oneday) {
		for (i = from; i < live; ) {
			if (o->d->remday[(v[i] >> 56) & 7] <= 0)
				u64_swap(&v[i], &v[--live]);
			else
				i++;
		}
	}
	to = from + (from > 4096 ? from : 4096);
	if (to < m)
		to = m;
	if (to >= live) {
		u64_sort(v + from, live - from, u64_depth(live - from));
		to = o->n;
		end = live;
	} else {
		u64_select(v + from, live - from, to - from);
		u64_sort(v + from, to - from, u64_depth(to - from));
		/* Rows tied with the last in the top bits come along. */
		top = v[to - 1] >> 32;
		mid = to;
		for (i = to; i < live; i++)
			if (v[i] >> 32 == top)
				u64_swap(&v[i], &v[to++]);
		u64_sort(v + mid, to - mid, u64_depth(to - mid));
		end = to;
	}
	for (i = from; i < to; i++)
		o->ix[i] = (uint32_t)v[i];
	for (i = from; i < end; i = j) {
		for (j = i + 1; j < end && v[j] >> 32 == v[i] >> 32; j++)
			;
		if (j - i > 1)
			qsort_r(o->ix + i, j - i, sizeof(*o->ix), cmp_part,
			    o->d);
	}
	o->done = to;
}

/* The rest in any order: none of them has a place to take. */
static void
order_rest(struct order *o)
{
	size_t i;

	for (i = o->done; i < o->n; i++)
		o->ix[i] = (uint32_t)o->v[i];
	o->done = o->n;
}

/* What each row needs, and how many of each part the list has. */
static void
classify_all(struct due *d, size_t *cnt)
{
	struct drow *r;
	size_t i;

	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate == F_PLAN || r->fate == F_LATER ||
		    r->fate == F_NORULE)
			classify(d, r);
	}
	cnt[0] = cnt[1] = cnt[2] = 0;
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate == F_PLAN)
			cnt[part(r)]++;
	}
}

/*
 * The list, in three parts: fixed calls, the rest, texts (part()).
 * left[a]: the rows of the rest whose log's agent is a.
 */
struct list {
	uint32_t	*ix;		/* all three parts, one after another */
	uint64_t	*v;
	struct order	 part[3];
	size_t		*left;
};

static void
list_make(struct due *d, struct list *l, const size_t *cnt)
{
	size_t n = cnt[0] + cnt[1] + cnt[2], at[3] = { 0, 0, 0 }, i, j;
	struct drow *r;

	l->ix = xcalloc(n + 1, sizeof(*l->ix));
	l->v = xcalloc(n + 1, sizeof(*l->v));
	order_init(&l->part[0], d, l->v, l->ix, cnt[0]);
	l->part[0].oneday = 1;		/* fixed calls: dlo == dhi */
	order_init(&l->part[1], d, l->v + cnt[0], l->ix + cnt[0], cnt[1]);
	order_init(&l->part[2], d, l->v + cnt[0] + cnt[1],
	    l->ix + cnt[0] + cnt[1], cnt[2]);
	l->left = xcalloc(d->na, sizeof(*l->left));
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate != F_PLAN)
			continue;
		j = (size_t)part(r);
		if (j == 1 && r->pref != NOAG)
			l->left[r->pref]++;
		order_add(&l->part[j], at[j]++, r, (uint32_t)i);
	}
}

static void
list_free(struct list *l)
{
	free(l->ix);
	free(l->v);
	free(l->left);
}

/* Row i of part o, putting the list in order as far as it is needed. */
static uint32_t
list_at(struct due *d, struct order *o, size_t i)
{
	if (i >= o->done) {
		if (d->room > 0)
			order_upto(o, i + 1);
		else
			order_rest(o);
	}
	order_fetch(o, i);
	return o->ix[i];
}

/* The fixed calls first: each on its day, the log's agent if it can. */
static void
assign_fixed(struct due *d, struct order *o)
{
	struct drow *r;
	size_t i;

	for (i = 0; i < o->n; i++) {
		r = &d->row[list_at(d, o, i)];
		if (assign(d, r, 0, 1) == -1)
			r->fate = F_OVER;
	}
}

/*
 * Keep agents where the log had them, up to an even share: the rows of
 * the rest (o) whose log's agent is under the level go to that agent
 * first; those placed are marked done (UINT32_MAX) in the list.
 */
static void
assign_kept(struct due *d, struct order *o, size_t *left)
{
	struct drow *r;
	long est, level, capsum = 0;
	size_t i, j, active;

	for (i = 0; i < d->na; i++)
		capsum += (long)d->ag[i].cap * d->nwd;
	est = (long)(d->ncall + (long)o->n);
	if (est > capsum)
		est = capsum;
	level = d->na ? est / (long)d->na : 0;
	/*
	 * A row of this pass does something only while its agent is under
	 * the level.  An agent is active while some row still to come is
	 * its and it is under the level; with none active, the rest of the
	 * pass would do nothing (tots only grow): it stops, and the rest of
	 * the list need not be put in order for it.
	 */
	active = 0;
	for (i = 0; i < d->na; i++)
		active += left[i] > 0 && d->tot[i] < level;
	for (i = 0; i < o->n && d->room > 0 && active > 0; i++) {
		order_upto(o, i + 1);
		order_fetch(o, i);
		r = &d->row[o->ix[i]];
		if (r->pref == NOAG)
			continue;
		if (d->tot[r->pref] < level &&
		    (!covered(d, r) || eligible(d, (size_t)r->pref, r)) &&
		    assign(d, r, 0, 1) == 0) {
			o->ix[i] = UINT32_MAX;
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
assign_rest(struct due *d, struct order *o)
{
	struct drow *r;
	uint32_t ix;
	size_t i;

	for (i = 0; i < o->n; i++) {
		if ((ix = list_at(d, o, i)) == UINT32_MAX)
			continue;
		r = &d->row[ix];
		if (assign(d, r, 0, 0) == -1)
			r->fate = F_OVER;
	}
}

/* The texts: any day, no cap. */
static void
assign_sms(struct due *d, struct order *o)
{
	size_t i;

	order_upto(o, o->n);
	for (i = 0; i < o->n; i++) {
		order_fetch(o, i);
		assign(d, &d->row[o->ix[i]], 1, 0);
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
	assign_fixed(d, &l.part[0]);
	assign_kept(d, &l.part[1], l.left);
	assign_rest(d, &l.part[1]);
	assign_sms(d, &l.part[2]);
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
