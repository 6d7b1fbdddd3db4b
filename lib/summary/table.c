/*
 * table.c: the rows of a finished summary, made from its counters and
 * tables (rates, means, medians, the rules), sorted; and the rules
 * broken, for --check.  See summary.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "fmt/calendar.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "summary/sum.h"

static void
set(struct sum_row *r, int m, double v)
{
	r->v[m] = v;
}

static void
none(struct sum_row *r, int m)
{
	r->v[m] = 0;
	r->none[m / 64] |= (uint64_t)1 << (m % 64);
}

static void
ratio(struct sum_row *r, int m, int64_t a, int64_t b)
{
	if (b == 0)
		none(r, m);
	else
		set(r, m, (double)a / (double)b);
}

/* Entries of a table, in the order of their words. */
static int
cmp_entry(const void *a, const void *b, void *arg)
{
	const struct tuptab *t = arg;
	const uint32_t *x = tup_words(t, *(const uint32_t *)a);
	const uint32_t *y = tup_words(t, *(const uint32_t *)b);
	size_t i;

	for (i = 0; i < t->nw; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

static uint32_t *
sorted(const struct tuptab *t)
{
	uint32_t *ix = xcalloc(tup_n(t) + 1, sizeof(*ix));
	size_t i;

	for (i = 0; i < tup_n(t); i++)
		ix[i] = (uint32_t)i;
	qsort_r(ix, tup_n(t), sizeof(*ix), cmp_entry, (void *)t);
	return ix;
}

static int
workdays(const struct summary *s, int monday)
{
	int out[7], d, n = 0;

	if (s->o.cal != NULL)
		return (int)cal_workdays(s->o.cal, monday, monday + 6, out);
	for (d = 0; d < 5; d++)
		n++;
	return n;
}

/* days_used, max_day_share, bunched: from (g, day) phone calls. */
static void
days(struct summary *s, struct sum_row *rows)
{
	const struct tuptab *t = &s->gday;
	uint32_t *ix = sorted(t), g;
	const uint32_t *w;
	size_t i, j, k;
	int64_t max, wsum, wmax, c;
	int monday, d;

	for (i = 0; i < tup_n(t); i = j) {
		g = tup_words(t, ix[i])[0];
		max = 0;
		for (j = i; j < tup_n(t) && tup_words(t, ix[j])[0] == g; ) {
			/* One week of the group. */
			d = (int)(tup_words(t, ix[j])[1] - DAY_BIAS);
			monday = d - (date_weekday(d) - 1);
			wsum = wmax = 0;
			for (k = j; k < tup_n(t); k++) {
				w = tup_words(t, ix[k]);
				if (w[0] != g || (int)(w[1] - DAY_BIAS) > monday + 6)
					break;
				c = t->val[ix[k]];
				wsum += c;
				if (c > wmax)
					wmax = c;
			}
			rows[g].v[SM_DAYS_USED] += (double)(k - j);
			/* A day of one call is not bunched. */
			if (wmax > 1 &&
			    (double)wmax > s->o.bunch_factor * (double)wsum /
			    (workdays(s, monday) > 0 ? workdays(s, monday) : 1))
				rows[g].v[SM_BUNCHED]++;
			if (wmax > max)
				max = wmax;
			j = k;
		}
		ratio(&rows[g], SM_MAX_DAY_SHARE, max, sum_cnt(s, g)[C_PHONE]);
	}
	free(ix);
}

/* median_days_to_resolve: from (g, days) complaints resolved. */
static void
medians(struct summary *s, struct sum_row *rows)
{
	const struct tuptab *t = &s->gres;
	uint32_t *ix = sorted(t), g;
	size_t i, j;
	int64_t n, lo, hi, at;
	double vlo = 0, vhi = 0;

	for (i = 0; i < tup_n(t); i = j) {
		g = tup_words(t, ix[i])[0];
		n = sum_cnt(s, g)[C_RESOLVED];
		lo = (n - 1) / 2;
		hi = n / 2;
		at = 0;
		for (j = i; j < tup_n(t) && tup_words(t, ix[j])[0] == g; j++) {
			int64_t c = t->val[ix[j]];
			double v = tup_words(t, ix[j])[1];

			if (lo >= at && lo < at + c)
				vlo = v;
			if (hi >= at && hi < at + c)
				vhi = v;
			at += c;
		}
		set(&rows[g], SM_MEDIAN_DAYS, (vlo + vhi) / 2);
	}
	free(ix);
}

/* agent_weeks, quota_target, quota_met. */
static void
quotas(struct summary *s, struct sum_row *rows)
{
	const struct tuptab *t = &s->gaw;
	const uint32_t *w;
	uint32_t aw[2], a;
	size_t i;
	int64_t target, got;

	for (i = 0; i < tup_n(t); i++) {
		w = tup_words(t, i);
		target = (int64_t)s->o.pol->per_day *
		    workdays(s, (int)(w[2] - DAY_BIAS));
		aw[0] = w[1];
		aw[1] = w[2];
		a = tup_get(&s->aws, aw);
		got = a == IDMAP_NONE ? 0 : s->aws.val[a];
		rows[w[0]].v[SM_AGENT_WEEKS]++;
		rows[w[0]].v[SM_QUOTA_TARGET] += (double)target;
		if (got >= target)
			rows[w[0]].v[SM_QUOTA_MET]++;
	}
}

/* small_stores, small_store_min_met. */
static void
small_stores(struct summary *s, struct sum_row *rows)
{
	const struct tuptab *t = &s->gsm;
	const uint32_t *w;
	uint32_t sm[2], a;
	size_t i;
	int64_t got;

	for (i = 0; i < tup_n(t); i++) {
		w = tup_words(t, i);
		if (sum_size_of(s, w[1]) != SIZE_SMALL)
			continue;
		sm[0] = w[1];
		sm[1] = w[2];
		a = tup_get(&s->smr, sm);
		got = a == IDMAP_NONE ? 0 : s->smr.val[a];
		rows[w[0]].v[SM_SMALL_STORES]++;
		if (got >= s->o.pol->small_store_monthly_min)
			rows[w[0]].v[SM_SMALL_STORE_MIN_MET]++;
	}
}

static void
counts(const struct summary *s, uint32_t g, struct sum_row *r)
{
	const int64_t *c = &s->cnt[(size_t)g * C_N];
	int i;

	set(r, SM_PLANNED, (double)c[C_PLANNED]);
	set(r, SM_CONTACTS, (double)c[C_CONTACTS]);
	set(r, SM_DIALS, (double)c[C_DIALS]);
	set(r, SM_SUCCESS, (double)c[C_SUCCESS]);
	ratio(r, SM_SUCCESS_RATE, c[C_SUCCESS], c[C_CONTACTS]);
	ratio(r, SM_VISIT_RATE, c[C_CONTACTS], c[C_PLANNED]);
	for (i = 0; i < 11; i++)
		set(r, SM_N_OUTCOME + i, (double)c[C_OC + i]);
	set(r, SM_LOST, (double)c[C_LOST]);
	set(r, SM_SUBMITTED, (double)c[C_SUBMITTED]);
	set(r, SM_SAMPLED, (double)c[C_SAMPLED]);
	set(r, SM_DIALLED, (double)c[C_CONTACTS]);
	set(r, SM_REACHED, (double)c[C_REACHED]);
	for (i = 0; i < 3; i++)
		ratio(r, SM_Q1_MEAN + i, c[C_QSUM1 + i], c[C_QN1 + i]);
	set(r, SM_SCORED, (double)c[C_SCORED]);
	ratio(r, SM_SATISFIED, c[C_SATISFIED], c[C_SCORED]);
	ratio(r, SM_DISSATISFIED, c[C_DISSATISFIED], c[C_SCORED]);
	set(r, SM_COMPLAINTS, (double)c[C_COMPLAINTS]);
	set(r, SM_RESOLVED, (double)c[C_RESOLVED]);
	ratio(r, SM_RESOLUTION_RATE, c[C_RESOLVED], c[C_COMPLAINTS]);
	none(r, SM_MEDIAN_DAYS);	/* medians() sets it */
	set(r, SM_OPEN_COMPLAINTS, (double)(c[C_COMPLAINTS] - c[C_RESOLVED]));
	set(r, SM_GIFT_CHECKED, (double)c[C_GIFT_CHECKED]);
	set(r, SM_GIFT_SUBMITTED, (double)c[C_GIFT_SUBMITTED]);
	ratio(r, SM_GIFT_COVERAGE, c[C_GIFT_CHECKED], c[C_GIFT_SUBMITTED]);
	set(r, SM_GIFT_MISMATCH, (double)c[C_GIFT_MISMATCH]);
	none(r, SM_MAX_DAY_SHARE);	/* days() sets it */
	set(r, SM_THIRD_DIALS, (double)c[C_THIRD]);
	set(r, SM_OUTSIDE_WINDOW, (double)c[C_OUTSIDE]);
	set(r, SM_REQUESTS, (double)(s->fed_contacts ? c[C_REQ_SUBMITTED] :
	    c[C_REQ_LOG]));
}

static void
unset(struct sum_row *r, int m)
{
	r->none[m / 64] &= ~((uint64_t)1 << (m % 64));
}

/* The groups' key texts, for sorting. */
struct sort_keys {
	size_t		 nk;
	char		**text;		/* nk per group */
};

static int
cmp_group(const void *a, const void *b, void *arg)
{
	const struct sort_keys *sk = arg;
	uint32_t x = ((const struct sum_row *)a)->g;
	uint32_t y = ((const struct sum_row *)b)->g;
	size_t i;
	int c;

	if (x == 0 || y == 0)
		return x == y ? 0 : x == 0 ? 1 : -1;
	for (i = 0; i < sk->nk; i++)
		if ((c = strcmp(sk->text[(size_t)x * sk->nk + i],
		    sk->text[(size_t)y * sk->nk + i])) != 0)
			return c;
	return 0;
}

void
sum_make_rows(struct summary *s)
{
	size_t ng = tup_n(&s->groups), nk = s->o.nkeys, i, k, n;
	struct sum_row *rows = xcalloc(ng, sizeof(*rows));
	char buf[SUM_FMT];
	struct sort_keys sk;

	sum_fold_totals(s);
	for (i = 0; i < ng; i++) {
		rows[i].g = (uint32_t)i;
		counts(s, (uint32_t)i, &rows[i]);
	}
	days(s, rows);
	medians(s, rows);
	quotas(s, rows);
	small_stores(s, rows);
	for (i = 0; i < ng; i++) {
		if (s->cnt[i * C_N + C_RESOLVED] > 0)
			unset(&rows[i], SM_MEDIAN_DAYS);
		if (s->cnt[i * C_N + C_PHONE] > 0)
			unset(&rows[i], SM_MAX_DAY_SHARE);
	}
	/* With no keys, the totals row alone. */
	if (nk == 0) {
		s->row = xcalloc(1, sizeof(*s->row));
		s->row[0] = rows[0];
		s->nrow = 1;
		free(rows);
		return;
	}
	sk.nk = nk;
	sk.text = xcalloc(ng * nk, sizeof(*sk.text));
	for (i = 1; i < ng; i++)
		for (k = 0; k < nk; k++)
			sk.text[i * nk + k] = xstrdup(sum_key_text(s,
			    (uint32_t)i, s->o.keys[k], buf));
	qsort_r(rows, ng, sizeof(*rows), cmp_group, &sk);
	n = ng * nk;
	for (i = 0; i < n; i++)
		free(sk.text[i]);
	free(sk.text);
	s->row = rows;
	s->nrow = ng;
}

/* "店3" or "店3/2026-11-W3": a row's keys, for a message. */
static void
row_label(const struct summary *s, size_t r, char *out, size_t size)
{
	size_t i, len = 0;
	const char *v;

	out[0] = '\0';
	for (i = 0; i < s->o.nkeys && len < size; i++) {
		v = summary_keyval(s, r, s->o.keys[i]);
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i ? "/" : "", *v ? v : "(none)");
	}
	if (s->o.nkeys == 0)
		snprintf(out, size, "合计");
}

/* An agent-week under its quota, for the message. */
struct shortfall {
	const char	*agent;
	uint32_t	 monday;
	int64_t		 got, target;
};

static int
cmp_shortfall(const void *a, const void *b)
{
	const struct shortfall *x = a, *y = b;

	if (x->monday != y->monday)
		return x->monday < y->monday ? -1 : 1;
	return strcmp(x->agent, y->agent);
}

/*
 * Rule 1 is an agent's, not a store's: one line an agent-week under its
 * quota, with all of that agent's successes of the week in any group,
 * whatever the grouping.  The totals' (agent, week) entries name each
 * once.
 */
static long
quota_check(const struct summary *s, const char *per)
{
	const struct tuptab *t = &s->gaw;
	const uint32_t *w;
	struct shortfall *sf;
	struct week wk;
	char label[32];
	uint32_t aw[2], a;
	size_t i, n = 0;
	int64_t target, got;

	sf = xcalloc(tup_n(t) + 1, sizeof(*sf));
	for (i = 0; i < tup_n(t); i++) {
		w = tup_words(t, i);
		if (w[0] != 0)
			continue;
		target = (int64_t)s->o.pol->per_day *
		    workdays(s, (int)(w[2] - DAY_BIAS));
		aw[0] = w[1];
		aw[1] = w[2];
		a = tup_get(&s->aws, aw);
		got = a == IDMAP_NONE ? 0 : s->aws.val[a];
		if (got >= target)
			continue;
		sf[n].agent = str_at(&s->str[SK_AGENT], w[1]);
		sf[n].monday = w[2];
		sf[n].got = got;
		sf[n].target = target;
		n++;
	}
	if (n > 1)
		qsort(sf, n, sizeof(*sf), cmp_shortfall);
	for (i = 0; i < n; i++) {
		week_of((int)(sf[i].monday - DAY_BIAS),
		    (enum week_rule)s->o.pol->week_rule, &wk);
		week_format(&wk, label);
		fu_warnx("%s: quota not met: %s in %s: %lld of %lld "
		    "successes", per, sf[i].agent, label,
		    (long long)sf[i].got, (long long)sf[i].target);
	}
	free(sf);
	return (long)n;
}

#define V(m)	(s->row[r].v[(m)])

long
summary_check(const struct summary *s)
{
	const struct policy *pol = s->o.pol;
	const char *per = s->o.label != NULL ? s->o.label : "all";
	char who[512];
	long lines = 0;
	size_t r;
	double v;

	for (r = 0; r < s->nrow; r++) {
		if (s->o.nkeys > 0 && summary_is_total(s, r))
			continue;
		row_label(s, r, who, sizeof(who));
		if (summary_get(s, r, SM_GIFT_COVERAGE, &v) == 0 &&
		    v < pol->gift_rate) {
			fu_warnx("%s: %s: gift coverage %.1f%% < %.0f%% "
			    "(%.0f of %.0f checked)", per, who, v * 100,
			    pol->gift_rate * 100, V(SM_GIFT_CHECKED),
			    V(SM_GIFT_SUBMITTED));
			lines++;
		}
		if (V(SM_BUNCHED) > 0) {
			fu_warnx("%s: %s: calls bunched on one day (over %g x "
			    "the even share) in %.0f week%s", per, who,
			    s->o.bunch_factor, V(SM_BUNCHED),
			    V(SM_BUNCHED) == 1 ? "" : "s");
			lines++;
		}
		if (V(SM_THIRD_DIALS) > 0) {
			fu_warnx("%s: %s: third dials: %.0f (two a round at "
			    "most)", per, who, V(SM_THIRD_DIALS));
			lines++;
		}
		if (V(SM_OUTSIDE_WINDOW) > 0) {
			fu_warnx("%s: %s: calls outside the call windows: %.0f",
			    per, who, V(SM_OUTSIDE_WINDOW));
			lines++;
		}
		if (V(SM_SMALL_STORE_MIN_MET) < V(SM_SMALL_STORES)) {
			fu_warnx("%s: %s: small stores under %d customers "
			    "reached a month: %.0f of %.0f", per, who,
			    pol->small_store_monthly_min,
			    V(SM_SMALL_STORES) - V(SM_SMALL_STORE_MIN_MET),
			    V(SM_SMALL_STORES));
			lines++;
		}
		if ((s->o.monthly || s->bykey[SK_MONTH]) &&
		    s->bykey[SK_STORE] &&
		    V(SM_REQUESTS) < pol->request_monthly_min) {
			fu_warnx("%s: %s: follow-up requests: %.0f (at least "
			    "%d a month)", per, who, V(SM_REQUESTS),
			    pol->request_monthly_min);
			lines++;
		}
	}
	return lines + quota_check(s, per);
}
