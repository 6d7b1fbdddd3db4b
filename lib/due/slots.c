/*
 * slots.c: the call windows and slots of each agent's day: the morning
 * and the afternoon shared out, callbacks at their time, no two calls
 * of an agent at one minute; see due.h, plan.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "due/plan.h"
#include "fmt/date.h"
#include "fmt/policy.h"

int
due_am_open(const struct policy *p, int monday)
{
	return !monday || p->monday_morning;
}

int
due_at_or_after(const struct policy *p, int monday, int m, int *pm)
{
	const struct window *am = &p->am_window, *w = &p->pm_window;

	*pm = 0;
	if (due_am_open(p, monday) && m < am->end && am->start < am->end)
		return m > am->start ? m : am->start;
	*pm = 1;
	if (m < w->end && w->start < w->end)
		return m > w->start ? m : w->start;
	return -1;
}

static int
wlen(const struct window *w)
{
	return w->end > w->start ? w->end - w->start : 0;
}

/* The windows of working day i from minute cut on (0: the whole day). */
static int
windows_from(const struct due *d, int i, int cut, struct window *am,
    struct window *pm)
{
	const struct policy *p = d->pol;

	*am = p->am_window;
	*pm = p->pm_window;
	if (!due_am_open(p, date_weekday(d->wd[i]) == 1))
		am->end = am->start;
	/* Nothing before now: the windows start at now at the soonest. */
	if (am->start < cut)
		am->start = cut < am->end ? cut : am->end;
	if (pm->start < cut)
		pm->start = cut < pm->end ? cut : pm->end;
	return wlen(am) + wlen(pm);
}

int
due_day_windows(const struct due *d, int i, struct window *am,
    struct window *pm)
{
	return windows_from(d, i, i == d->cutwd ? d->cut : 0, am, pm);
}

int
due_day_cap(const struct due *d, size_t a, int i)
{
	int cap = d->ag[a].cap;

	if (i != d->cutwd || d->cutleft == d->cutfull)
		return cap;
	return (int)((long)cap * d->cutleft / d->cutfull);
}

void
due_now_setup(struct due *d)
{
	struct window am, pm;
	int i;

	/* Now to the minute, rounded up: no call before it. */
	d->t0min = (d->o->now + 59) / 60;
	if (d->t0min < (long long)d->ws * 1440)
		d->t0min = (long long)d->ws * 1440;
	d->t0day = (int)(d->t0min / 1440);
	d->cutwd = -1;
	for (i = 0; i < d->nwd; i++) {
		if (d->wd[i] != d->t0day)
			continue;
		d->cut = (int)(d->t0min % 1440);
		d->cutleft = windows_from(d, i, d->cut, &am, &pm);
		d->cutfull = windows_from(d, i, 0, &am, &pm);
		if (d->cutleft > 0)
			d->cutwd = i;
		else
			d->t0day++;	/* no window left today: tomorrow */
		break;
	}
}

int
due_slot(const struct window *w, int i, int n)
{
	if (n <= 0)
		return w->start;
	return w->start + (int)((long)i * (w->end - w->start) / n);
}

/* Within an agent's day: am first, then any, pm, callbacks; by key. */
static int
cmp_group(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];
	static const int worder[] = { 1, 0, 2, 4 };
	int x, y;

	if (a->agent != b->agent)
		return a->agent < b->agent ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	x = a->what == W_CALLBACK ? 3 : worder[a->win];
	y = b->what == W_CALLBACK ? 3 : worder[b->win];
	if (x != y)
		return x < y ? -1 : 1;
	return due_by_key(d, a, b);
}

#define DAY_MINUTES	(24 * 60)

/*
 * The free minute of [start, end) farthest from the calls of calls[]
 * and from the window's ends (the first such: the middle of the widest
 * free stretch), or -1 when every minute has a call.
 */
static int
widest_gap(const uint16_t *calls, int start, int end)
{
	int m, last = start - 1, next = end, best = -1, bestd = 0, dist;
	int nextat[DAY_MINUTES];

	if (start < 0 || end > DAY_MINUTES || start >= end)
		return -1;
	for (m = end - 1; m >= start; m--) {
		if (calls[m] > 0)
			next = m;
		nextat[m] = next;
	}
	for (m = start; m < end; m++) {
		if (calls[m] > 0) {
			last = m;
			continue;
		}
		dist = m - last < nextat[m] - m ? m - last : nextat[m] - m;
		if (dist > bestd) {
			bestd = dist;
			best = m;
		}
	}
	return best;
}

/*
 * An agent cannot make two calls at one minute.  Call-backs keep the
 * time agreed; of call-backs agreed for one minute, the first keeps it
 * and the others follow at the next free minutes (later, never before
 * the time agreed).  A spaced call that falls on a taken minute moves
 * to the middle of the widest free stretch of its window.  Where every
 * minute is taken, calls stay where they are.
 */
static void
unclash(struct due *d, const uint32_t *g, size_t n, const struct window *am,
    const struct window *pm)
{
	uint16_t calls[DAY_MINUTES];
	const struct window *w;
	struct drow *r;
	size_t i;
	int m, pass;

	memset(calls, 0, sizeof(calls));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			r = &d->row[g[i]];
			if (r->win == WIN_SMS || r->slot < 0 ||
			    r->slot >= DAY_MINUTES ||
			    (r->what == W_CALLBACK) != (pass == 0))
				continue;
			w = r->win == WIN_AM ? am : pm;
			if (pass == 0 && calls[r->slot] > 0) {
				for (m = r->slot + 1; m < w->end &&
				    m < DAY_MINUTES && calls[m] > 0; m++)
					;
				if (m < w->end && m < DAY_MINUTES) {
					r->slot = (int16_t)m;
					r->flags |= FL_MOVED;
				}
			}
			calls[r->slot]++;
		}
	for (i = 0; i < n; i++) {
		r = &d->row[g[i]];
		if (r->what == W_CALLBACK || r->win == WIN_SMS ||
		    r->slot < 0 || r->slot >= DAY_MINUTES || calls[r->slot] < 2)
			continue;
		w = r->win == WIN_AM ? am : pm;
		calls[r->slot]--;
		if ((m = widest_gap(calls, w->start, w->end)) != -1)
			r->slot = (int16_t)m;
		calls[r->slot]++;
	}
}

/* Windows and slots of one agent's calls on one day: rows g[0..n). */
static void
slot_group(struct due *d, const uint32_t *g, size_t n)
{
	const struct policy *p = d->pol;
	struct window am, pm, *amw = &am, *pmw = &pm;
	struct drow *r;
	size_t i, nn = 0, nam = 0, npm = 0, k;
	int monday, amok, tam, amlen, pmlen, inpm;

	if (n == 0)
		return;
	monday = date_weekday(d->wd[d->row[g[0]].day]) == 1;
	/* The day's windows as open: cut at now on the day of now. */
	(void)due_day_windows(d, d->row[g[0]].day, &am, &pm);
	amok = am.end > am.start;
	for (i = 0; i < n; i++) {
		r = &d->row[g[i]];
		if (r->what == W_CALLBACK)
			continue;
		nn++;
		if (r->win == WIN_AM && amok)
			nam++;
		else if (r->win == WIN_PM || r->win == WIN_AM)
			npm++;
	}
	amlen = amw->end - amw->start;
	pmlen = pmw->end - pmw->start;
	tam = 0;
	if (amok && amlen + pmlen > 0)
		tam = (int)(((long)2 * (long)nn * amlen + amlen + pmlen) /
		    (2L * (amlen + pmlen)));
	if ((size_t)tam < nam)
		tam = (int)nam;
	if ((size_t)tam > nn - npm)
		tam = (int)(nn - npm);
	k = 0;
	for (i = 0; i < n; i++) {
		r = &d->row[g[i]];
		if (r->what == W_CALLBACK) {
			/* classify put it in a window at or after the time. */
			(void)due_at_or_after(p, monday, r->slot, &inpm);
			r->win = inpm ? WIN_PM : WIN_AM;
			continue;
		}
		if (k < (size_t)tam) {
			r->win = WIN_AM;
			r->slot = (int16_t)due_slot(amw, (int)k, tam);
		} else {
			r->win = WIN_PM;
			r->slot = (int16_t)due_slot(pmw, (int)(k - tam),
			    (int)(nn - (size_t)tam));
		}
		k++;
	}
	unclash(d, g, n, amw, pmw);
}

void
due_slots(struct due *d)
{
	uint32_t *calls;
	size_t i, j, n = 0;

	calls = xcalloc(d->nrow + 1, sizeof(*calls));
	for (i = 0; i < d->nrow; i++)
		if (d->row[i].fate == F_PLAN && d->row[i].win != WIN_SMS)
			calls[n++] = (uint32_t)i;
	qsort_r(calls, n, sizeof(*calls), cmp_group, d);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && d->row[calls[j]].agent ==
		    d->row[calls[i]].agent && d->row[calls[j]].day ==
		    d->row[calls[i]].day; j++)
			;
		slot_group(d, calls + i, j - i);
	}
	free(calls);
}
