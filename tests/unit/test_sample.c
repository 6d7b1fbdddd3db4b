/*
 * test_sample.c: the pieces of fu-sample's draw: the gift quota, the
 * rotation, the weighted law (chi-square over many seeds), the top
 * method, customers of several rows, service tiers with fill-down and
 * the top-up, the key as written, and the stores' table.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/date.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "fmt/policy.h"
#include "base/rand.h"
#include "sample/run.h"
#include "sample/sample.h"
#include "t.h"

static void
test_quota(void)
{
	/* ceil, so that no store is under-checked: 1, 2, 3 rows. */
	T_INTEQ(sample_gift_quota(0.40, 0), 0);
	T_INTEQ(sample_gift_quota(0.40, 1), 1);
	T_INTEQ(sample_gift_quota(0.40, 2), 1);
	T_INTEQ(sample_gift_quota(0.40, 3), 2);
	T_INTEQ(sample_gift_quota(0.40, 5), 2);
	T_INTEQ(sample_gift_quota(0.40, 10), 4);
	T_INTEQ(sample_gift_quota(0.40, 11), 5);
	T_INTEQ(sample_gift_quota(0.40, 28), 12);
	/* Floating point: 0.7 * 10 and 0.3 * 10 are 7 and 3 as written. */
	T_INTEQ(sample_gift_quota(0.70, 10), 7);
	T_INTEQ(sample_gift_quota(0.30, 10), 3);
	T_INTEQ(sample_gift_quota(0.15, 20), 3);
	T_INTEQ(sample_gift_quota(1.0, 7), 7);
	T_INTEQ(sample_gift_quota(0.01, 1), 1);
}

static void
test_rotation(void)
{
	struct policy p;
	char err[FU_ERRBUF];
	int m = date_from_ymd(2024, 1, 1), w, prev, i, alternate = 1;

	policy_init(&p);
	T_INTEQ(sample_rotation(&p, m), SIZE_LARGE);
	T_INTEQ(sample_rotation(&p, m + 7), SIZE_SMALL);
	T_INTEQ(sample_rotation(&p, m + 14), SIZE_LARGE);
	/* Before the epoch too: week -1 is odd. */
	T_INTEQ(sample_rotation(&p, m - 7), SIZE_SMALL);
	T_INTEQ(sample_rotation(&p, m - 14), SIZE_LARGE);
	/*
	 * Strictly alternating across 2026's 53rd ISO week, where ISO
	 * parity would give W53 and the next W1 the same turn.
	 */
	w = date_from_ymd(2026, 12, 28);
	T_INTEQ(date_weekday(w), 1);
	T_OK(sample_rotation(&p, w) != sample_rotation(&p, w + 7));
	prev = sample_rotation(&p, date_from_ymd(2026, 1, 5));
	for (i = 1; i < 120; i++) {
		w = sample_rotation(&p, date_from_ymd(2026, 1, 5) + 7 * i);
		if (w == prev)
			alternate = 0;
		prev = w;
	}
	T_OK(alternate);
	/* 2026-11-16 (2026-11-W3) is week 150 from 2024-01-01: large. */
	T_INTEQ(sample_rotation(&p, date_from_ymd(2026, 11, 16)), SIZE_LARGE);
	T_INTEQ(sample_rotation(&p, date_from_ymd(2026, 11, 23)), SIZE_SMALL);
	T_INTEQ(policy_set(&p, "rotation_even", "small", err), 0);
	T_INTEQ(sample_rotation(&p, m), SIZE_SMALL);
	T_INTEQ(sample_rotation(&p, m + 7), SIZE_LARGE);
	T_INTEQ(policy_set(&p, "rotation", "off", err), 0);
	T_INTEQ(sample_rotation(&p, m), SIZE_UNKNOWN);
	T_INTEQ(sample_rotation(&p, m + 7), SIZE_UNKNOWN);
	policy_free(&p);
}

static void
test_es_key(void)
{
	T_OK(isinf(sample_es_key(0.5, 0)) && sample_es_key(0.5, 0) < 0);
	/* log(u) / w, w in yuan. */
	T_OK(fabs(sample_es_key(0.5, 200) - log(0.5) / 2) < 1e-15);
	T_OK(sample_es_key(0.5, 100000) > sample_es_key(0.5, 100));
	T_OK(sample_es_key(0.9, 100) > sample_es_key(0.1, 100));
}

/* Rows with distinct customers 1..n, weights in fen. */
static void
fill(struct sample_gift *g, const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		g[i].cust = mix64(i + 1);
		g[i].weight = w[i];
		g[i].row = (uint32_t)i;
	}
}

static size_t
index_of(uint64_t cust, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mix64(i + 1) == cust)
			return i;
	return n;
}

/*
 * The weighted law: over many seeds the first draw is row i with
 * probability w_i / sum w (chi-square, 5 cells, 4 degrees of freedom,
 * 18.47 at p = 0.001; the seeds are fixed, so the test is too), and
 * rows worth more are drawn more often.
 */
static void
test_weighted_law(void)
{
	static const uint32_t w[5] = { 100, 200, 300, 400, 1000 };
	struct sample_gift g[5];
	struct sample_unit *u;
	long first[5] = { 0 }, incl[5] = { 0 };
	double chi = 0, e, sum = 0;
	size_t i, j, nu, seeds = 20000;

	for (i = 0; i < 5; i++)
		sum += w[i];
	for (i = 0; i < seeds; i++) {
		fill(g, w, 5);
		nu = sample_gifts(g, 5, 1, mix64(i ^ 0x5eed), GIFT_WEIGHTED,
		    &u);
		if (nu == 1 && u[0].n == 1)
			first[index_of(g[u[0].start].cust, 5)]++;
		free(u);
		fill(g, w, 5);
		nu = sample_gifts(g, 5, 2, mix64(i ^ 0x5eed), GIFT_WEIGHTED,
		    &u);
		for (j = 0; j < nu; j++)
			incl[index_of(g[u[j].start].cust, 5)]++;
		free(u);
	}
	for (i = 0; i < 5; i++) {
		e = (double)seeds * w[i] / sum;
		chi += (first[i] - e) * (first[i] - e) / e;
	}
	if (!T_OK(chi < 18.47))
		fprintf(stderr, "\tchi-square %.2f: %ld %ld %ld %ld %ld\n",
		    chi, first[0], first[1], first[2], first[3], first[4]);
	for (i = 1; i < 5; i++)
		T_OK(incl[i] > incl[i - 1]);
	T_INTEQ(incl[0] + incl[1] + incl[2] + incl[3] + incl[4],
	    2 * (long)seeds);
}

/* Different seeds, different draws; the same seed, the same draw. */
static void
test_seeds(void)
{
	uint32_t w[40];
	struct sample_gift g[40];
	struct sample_unit *u;
	uint64_t a[16], b[16], c[16];
	size_t i, nu;
	int same = 1, differ = 0;

	for (i = 0; i < 40; i++)
		w[i] = 1000 + 37 * (uint32_t)i;
	fill(g, w, 40);
	nu = sample_gifts(g, 40, 16, 1, GIFT_WEIGHTED, &u);
	T_INTEQ(nu, 16);
	for (i = 0; i < 16; i++)
		a[i] = g[u[i].start].cust;
	free(u);
	/* The rows reversed: the same customers in the same order. */
	for (i = 0; i < 40; i++)
		w[i] = 1000 + 37 * (uint32_t)(39 - i);
	for (i = 0; i < 40; i++) {
		g[i].cust = mix64(40 - i);
		g[i].weight = w[i];
		g[i].row = (uint32_t)i;
	}
	nu = sample_gifts(g, 40, 16, 1, GIFT_WEIGHTED, &u);
	for (i = 0; i < 16; i++) {
		b[i] = g[u[i].start].cust;
		if (b[i] != a[i])
			same = 0;
	}
	free(u);
	T_OK(same);
	for (i = 0; i < 40; i++)
		w[i] = 1000 + 37 * (uint32_t)i;
	fill(g, w, 40);
	nu = sample_gifts(g, 40, 16, 2, GIFT_WEIGHTED, &u);
	for (i = 0; i < 16; i++) {
		c[i] = g[u[i].start].cust;
		if (c[i] != a[i])
			differ = 1;
	}
	free(u);
	T_OK(differ);
}

/* --method top: the highest values, ties by the random number. */
static void
test_top(void)
{
	static const uint32_t w[8] = {
		500, 29900, 100, 29900, 800000, 12000, 29900, 100
	};
	struct sample_gift g[8];
	struct sample_unit *u;
	size_t i, nu, idx[4];
	double u1, u3, u6;
	int ok;

	fill(g, w, 8);
	nu = sample_gifts(g, 8, 3, 7, GIFT_TOP, &u);
	T_INTEQ(nu, 3);
	for (i = 0; i < nu; i++)
		idx[i] = index_of(g[u[i].start].cust, 8);
	/* 8000 yuan first, then two of the three worth 299 by u. */
	T_INTEQ(idx[0], 4);
	u1 = rnd_unit(7, mix64(2), 0);
	u3 = rnd_unit(7, mix64(4), 0);
	u6 = rnd_unit(7, mix64(7), 0);
	ok = w[idx[1]] == 29900 && w[idx[2]] == 29900;
	T_OK(ok);
	/* The one left out has the lowest u of the three. */
	for (i = 1; i < 3; i++) {
		double ui = idx[i] == 1 ? u1 : idx[i] == 3 ? u3 : u6;

		T_OK(ui >= fmin(u1, fmin(u3, u6)));
		T_OK(!(ui == fmin(u1, fmin(u3, u6))));
	}
	/* Its key column is u. */
	T_OK(sample_unit_key(&u[0], g, 7, GIFT_TOP) ==
	    rnd_unit(7, g[u[0].start].cust, 0));
	free(u);
}

/*
 * A customer of several rows is one: drawn whole, weighted by its total,
 * and its rows count towards the quota.
 */
static void
test_customers(void)
{
	struct sample_gift g[6];
	struct sample_unit *u;
	size_t i, nu, rows;
	long whole = 1, cover = 1, a_first = 0, trials = 2000, t;

	for (t = 0; t < trials; t++) {
		/* Customer A: three rows of 1 yuan; B, C, D: 3 yuan each. */
		for (i = 0; i < 3; i++) {
			g[i].cust = 0xaaaa;
			g[i].weight = 100;
			g[i].row = (uint32_t)(5 - i);
		}
		for (i = 3; i < 6; i++) {
			g[i].cust = mix64(i);
			g[i].weight = 300;
			g[i].row = (uint32_t)(5 - i);
		}
		nu = sample_gifts(g, 6, 3, mix64((uint64_t)t), GIFT_WEIGHTED,
		    &u);
		for (i = 0, rows = 0; i < nu; i++) {
			rows += u[i].n;
			if (g[u[i].start].cust == 0xaaaa && u[i].n != 3)
				whole = 0;
		}
		/* Whole customers until 3 rows are covered, no more. */
		if (rows < 3 || rows - u[nu - 1].n >= 3)
			cover = 0;
		if (g[u[0].start].cust == 0xaaaa)
			a_first++;
		free(u);
	}
	T_OK(whole);
	T_OK(cover);
	/* A weighs its total, 3 yuan, as each other: first a quarter of
	 * the time (not a tenth, as one row of 1 yuan would). */
	T_OK(a_first > 400 && a_first < 600);
}

/* A gift worth nothing (gift_min_weight 0) comes after every other. */
static void
test_zero_weight(void)
{
	static const uint32_t w[4] = { 0, 100, 0, 100 };
	struct sample_gift g[4];
	struct sample_unit *u;
	size_t nu;

	fill(g, w, 4);
	nu = sample_gifts(g, 4, 3, 99, GIFT_WEIGHTED, &u);
	T_INTEQ(nu, 3);
	T_INTEQ(g[u[0].start].weight, 100);
	T_INTEQ(g[u[1].start].weight, 100);
	T_INTEQ(g[u[2].start].weight, 0);
	T_OK(isinf(sample_unit_key(&u[2], g, 99, GIFT_WEIGHTED)));
	free(u);
	/* All of them when k is all. */
	fill(g, w, 4);
	nu = sample_gifts(g, 4, 9, 99, GIFT_WEIGHTED, &u);
	T_INTEQ(nu, 4);
	free(u);
	nu = sample_gifts(g, 0, 1, 99, GIFT_WEIGHTED, &u);
	T_INTEQ(nu, 0);
	free(u);
}

/* A large draw agrees with a plain sort of every key. */
static int
cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void
test_big_draw(void)
{
	size_t n = 50000, k = 20000, i, nu;
	struct sample_gift *g = malloc(n * sizeof(*g));
	struct sample_unit *u;
	double *keys = malloc(n * sizeof(*keys));
	int ok = 1;

	for (i = 0; i < n; i++) {
		g[i].cust = mix64(i * 3 + 11);
		g[i].weight = 100 + (uint32_t)(mix64(i) % 100000);
		g[i].row = (uint32_t)i;
		keys[i] = sample_es_key(rnd_unit(5, g[i].cust, 0),
		    g[i].weight);
	}
	qsort(keys, n, sizeof(*keys), cmp_desc);
	nu = sample_gifts(g, n, k, 5, GIFT_WEIGHTED, &u);
	T_INTEQ(nu, k);
	for (i = 0; i < nu; i++)
		if (sample_unit_key(&u[i], g, 5, GIFT_WEIGHTED) != keys[i])
			ok = 0;
	T_OK(ok);
	free(u);
	free(g);
	free(keys);
}

static void
test_band(void)
{
	struct tiers t;
	char err[FU_ERRBUF];

	T_INTEQ(tiers_parse("1500-2999:20,3000-4999:30,5000-:50", &t, err), 0);
	T_INTEQ(sample_band(&t, 0), 0);
	T_INTEQ(sample_band(&t, 149999), 0);
	T_INTEQ(sample_band(&t, 150000), 1);
	T_INTEQ(sample_band(&t, 299999), 1);
	T_INTEQ(sample_band(&t, 300000), 3);
	T_INTEQ(sample_band(&t, 499999), 3);
	T_INTEQ(sample_band(&t, 500000), 5);
	T_INTEQ(sample_band(&t, 900000000), 5);
	tiers_free(&t);
	/* A gap between tiers, and room above the last. */
	T_INTEQ(tiers_parse("100-199:1,500-599:1", &t, err), 0);
	T_INTEQ(sample_band(&t, 25000), 2);
	T_INTEQ(sample_band(&t, 55000), 3);
	T_INTEQ(sample_band(&t, 60000), 4);
	tiers_free(&t);
}

/* Service rows of the given amounts (yuan); -1 for none. */
static size_t
svc_rows(struct sample_svc *sv, const struct tiers *t, const int *yuan,
    size_t n, int64_t floor_fen)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sv[i].id = mix64(1000 + i);
		sv[i].row = (uint32_t)i;
		sv[i].flags = 0;
		if (yuan[i] < 0) {
			sv[i].band = SAMPLE_NOBAND;
			sv[i].flags = SV_NOAMOUNT;
		} else {
			sv[i].band = (uint8_t)sample_band(t, yuan[i] * 100LL);
			if (yuan[i] * 100LL < floor_fen)
				sv[i].flags = SV_FLOOR;
		}
	}
	return n;
}

static void
test_service(void)
{
	/* Tier 1500-2999 has 3, 3000-4999 has 1, 5000- has none. */
	static const int yuan[] = {
		1500, 2000, 2999, 3000, 100, 200, 1000, 800,
		-1, 50
	};
	struct sample_svc sv[10];
	struct tiers t;
	char err[FU_ERRBUF];
	uint32_t order[10];
	size_t n, shortv[3], tshort, i, own0 = 0, fill0 = 0, fill1 = 0;
	size_t fill2 = 0, topup = 0;

	T_INTEQ(tiers_parse("1500-2999:2,3000-4999:2,5000-:3", &t, err), 0);
	svc_rows(sv, &t, yuan, 10, 60000);
	n = sample_service(sv, 10, &t, 3, 0, order, shortv, &tshort);
	for (i = 0; i < 10; i++) {
		if (sv[i].pick == 1)
			own0++;
		else if (sv[i].pick == 2)
			fill0++;
		else if (sv[i].pick == 4)
			fill1++;
		else if (sv[i].pick == 6)
			fill2++;
	}
	/*
	 * Tier 0 takes 2 of its 3; tier 1 takes its one (pick 3).  Tier 2,
	 * highest first, fills 3 from below: the 1 row left of tier 0 (its
	 * band is nearer), then 800 and 1000 yuan (floor 600: not 100,
	 * 200 or 50).  Tier 1 then has nothing left above the floor.
	 */
	T_INTEQ(own0, 2);
	T_INTEQ(sv[3].pick, 3);
	T_INTEQ(fill2, 3);
	T_INTEQ(fill1, 0);
	T_INTEQ(fill0, 0);
	T_INTEQ(shortv[0], 0);
	T_INTEQ(shortv[1], 1);
	T_INTEQ(shortv[2], 0);
	T_INTEQ(n, 6);
	T_INTEQ(tshort, 0);
	T_OK(sv[4].pick == SP_NONE && sv[5].pick == SP_NONE &&
	    sv[9].pick == SP_NONE && sv[8].pick == SP_NONE);
	T_OK(sv[6].pick == 6 && sv[7].pick == 6);
	/* Rank order: tier 0 own, tier 1 own, tier 2's fill. */
	T_INTEQ(sv[order[0]].pick, 1);
	T_INTEQ(sv[order[1]].pick, 1);
	T_INTEQ(sv[order[2]].pick, 3);
	T_INTEQ(sv[order[3]].pick, 6);
	/* The fill takes the nearer band first: tier 0's row left over. */
	T_INTEQ(sv[order[3]].band, 1);

	/* A top-up of 3 from what is left, the row without amount too. */
	n = sample_service(sv, 10, &t, 3, 3, order, shortv, &tshort);
	for (i = 0; i < 10; i++)
		if (sv[i].pick == SP_TOPUP)
			topup++;
	T_INTEQ(n, 9);
	T_INTEQ(topup, 3);
	T_INTEQ(tshort, 0);
	T_INTEQ(sv[order[8]].pick, SP_TOPUP);
	/* More than is left: short. */
	n = sample_service(sv, 10, &t, 3, 9, order, shortv, &tshort);
	T_INTEQ(n, 10);
	T_INTEQ(tshort, 5);
	/* Without a floor the low rows fill too: tier 1 and 2 full. */
	svc_rows(sv, &t, yuan, 10, 0);
	n = sample_service(sv, 10, &t, 3, 0, order, shortv, &tshort);
	T_INTEQ(shortv[1], 0);
	T_INTEQ(shortv[2], 0);
	T_INTEQ(n, 7);
	tiers_free(&t);
}

/*
 * The draw as it was written first, for the test below: every row
 * sorted (band, then the higher key, then the lower id; a stable sort
 * keeps the rows' order for the rest), each tier from the front of its
 * band, the short ones filled walking down the bands, the top-up from
 * what is left sorted again without bands.
 */
struct ref_ord {
	double		 u;
	uint64_t	 id;
	uint32_t	 i, band, ub;
};

static int
ref_cmp(const void *a, const void *b)
{
	const struct ref_ord *x = a, *y = b;

	if (x->ub != y->ub)
		return x->ub < y->ub ? -1 : 1;
	if (x->u != y->u)
		return x->u > y->u ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->band != y->band)
		return x->band < y->band ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static size_t
ref_service(struct sample_svc *sv, size_t n, const struct tiers *ts,
    uint64_t seed, size_t topup, uint32_t *order, size_t *short_,
    size_t *topup_short)
{
	struct ref_ord o[400];
	size_t m = ts->n, nb = 2 * m + 1, i, t, b, need, nout = 0;
	size_t bstart[16], own[8], fill[400], fstart[8], flen[8], nfill = 0;
	size_t nleft = 0;

	for (i = 0; i < n; i++) {
		o[i].u = rnd_unit(seed, sv[i].id, 0);
		o[i].id = sv[i].id;
		o[i].i = (uint32_t)i;
		o[i].band = o[i].ub = sv[i].band;
		sv[i].pick = SP_NONE;
	}
	qsort(o, n, sizeof(*o), ref_cmp);
	for (b = 0, i = 0; b <= nb; b++) {
		while (i < n && o[i].band < b)
			i++;
		bstart[b] = i;
	}
	for (t = 0; t < m; t++) {
		b = 2 * t + 1;
		own[t] = bstart[b + 1] - bstart[b];
		if (own[t] > (size_t)ts->t[t].count)
			own[t] = (size_t)ts->t[t].count;
		for (i = 0; i < own[t]; i++)
			sv[o[bstart[b] + i].i].pick = (uint16_t)(2 * t + 1);
	}
	for (t = m; t-- > 0;) {
		need = (size_t)ts->t[t].count - own[t];
		fstart[t] = nfill;
		for (b = 2 * t + 1; b-- > 0 && need > 0;)
			for (i = bstart[b]; i < bstart[b + 1] && need > 0; i++)
				if (sv[o[i].i].pick == SP_NONE &&
				    !(sv[o[i].i].flags & SV_FLOOR)) {
					sv[o[i].i].pick = (uint16_t)(2 * t + 2);
					fill[nfill++] = o[i].i;
					need--;
				}
		flen[t] = nfill - fstart[t];
		short_[t] = need;
	}
	for (t = 0; t < m; t++) {
		for (i = 0; i < own[t]; i++)
			order[nout++] = o[bstart[2 * t + 1] + i].i;
		for (i = 0; i < flen[t]; i++)
			order[nout++] = (uint32_t)fill[fstart[t] + i];
	}
	for (i = 0; i < n; i++)
		if (sv[o[i].i].pick == SP_NONE) {
			o[nleft] = o[i];
			o[nleft++].ub = 0;
		}
	qsort(o, nleft, sizeof(*o), ref_cmp);
	for (i = 0; i < nleft && i < topup; i++) {
		sv[o[i].i].pick = SP_TOPUP;
		order[nout++] = o[i].i;
	}
	*topup_short = topup - i;
	return nout;
}

/*
 * The draw, which sorts each band only as far as it reads it, gives
 * what a whole sort gives: 300 random stores of up to 400 rows, with
 * rows of no amount, under the floor and of ids alike (their keys
 * alike too), tiers short and full, a top-up or none.
 */
static void
test_service_as_sorted(void)
{
	static const char *const specs[] = {
		"1500-2999:2,3000-4999:2,5000-:3", "0-999:40,1000-:60",
		"2000-2999:1,6000-:5", "100-:500"
	};
	struct sample_svc sv[400], rv[400];
	uint32_t order[400], rorder[400];
	size_t shortv[8], rshort[8], tshort, rtshort, n, rn, i, k, rows;
	size_t topup, same = 0;
	struct tiers t;
	char err[FU_ERRBUF];
	uint64_t r = 12345;
	int64_t fen;

	for (k = 0; k < 300; k++) {
		T_INTEQ(tiers_parse(specs[k % 4], &t, err), 0);
		r = mix64(r + k);
		rows = (size_t)(r % 400);
		for (i = 0; i < rows; i++) {
			r = mix64(r);
			memset(&sv[i], 0, sizeof(sv[i]));
			/* Some ids twice: the tie broken by the row. */
			sv[i].id = r % 7 == 0 && i > 0 ? sv[i - 1].id : r;
			fen = (int64_t)(r >> 20) % 800000;
			if (r % 13 == 0) {
				sv[i].band = SAMPLE_NOBAND;
				sv[i].flags = SV_NOAMOUNT;
			} else {
				sv[i].band = (uint8_t)sample_band(&t, fen);
				if (fen < 60000)
					sv[i].flags = SV_FLOOR;
			}
		}
		memcpy(rv, sv, rows * sizeof(*sv));
		topup = k % 3 == 0 ? 0 : (size_t)(r >> 40) % 50;
		n = sample_service(sv, rows, &t, k, topup, order, shortv,
		    &tshort);
		rn = ref_service(rv, rows, &t, k, topup, rorder, rshort,
		    &rtshort);
		T_INTEQ(n, rn);
		T_INTEQ(tshort, rtshort);
		T_OK(memcmp(order, rorder, n * sizeof(*order)) == 0);
		T_OK(memcmp(shortv, rshort, t.n * sizeof(*shortv)) == 0);
		for (i = 0; i < rows && sv[i].pick == rv[i].pick; i++)
			;
		T_INTEQ(i, rows);
		same += n > 0 && i == rows;
		tiers_free(&t);
	}
	/* Not a vacuous pass: most stores drew something. */
	T_OK(same > 200);
}

/* The uniform law of a tier: each of 4 rows first about a quarter. */
static void
test_service_uniform(void)
{
	static const int yuan[] = { 1600, 1700, 2800, 2900 };
	struct sample_svc sv[4];
	struct tiers t;
	char err[FU_ERRBUF];
	uint32_t order[4];
	size_t shortv[1], tshort, i, seeds = 8000;
	long first[4] = { 0 };
	double chi = 0, e = 8000 / 4.0;

	T_INTEQ(tiers_parse("1500-2999:1", &t, err), 0);
	for (i = 0; i < seeds; i++) {
		svc_rows(sv, &t, yuan, 4, 0);
		sample_service(sv, 4, &t, mix64(i), 0, order, shortv, &tshort);
		first[order[0]]++;
	}
	for (i = 0; i < 4; i++)
		chi += (first[i] - e) * (first[i] - e) / e;
	/* 3 degrees of freedom: 16.27 at p = 0.001. */
	T_OK(chi < 16.27);
	tiers_free(&t);
}

static void
test_fmt_key(void)
{
	char buf[32];
	double x, back;
	int i, ok = 1;

	sample_fmt_key(0.5, buf);
	T_STREQ(buf, "0.5");
	sample_fmt_key(-0.00123456789, buf);
	T_STREQ(buf, "-0.00123456789");
	sample_fmt_key(-1e-5, buf);
	T_STREQ(buf, "-1e-05");
	sample_fmt_key(-4.52297829e-08, buf);
	T_STREQ(buf, "-4.52297829e-08");
	sample_fmt_key(-INFINITY, buf);
	T_STREQ(buf, "-inf");
	sample_fmt_key(123456789, buf);
	T_STREQ(buf, "123456789");
	sample_fmt_key(1234567891, buf);
	T_STREQ(buf, "1.23456789e+09");
	sample_fmt_key(0.999999999, buf);
	T_STREQ(buf, "0.999999999");
	sample_fmt_key(0.9999999999, buf);
	T_STREQ(buf, "1");
	sample_fmt_key(0, buf);
	T_STREQ(buf, "0");
	sample_fmt_key(-2.5, buf);
	T_STREQ(buf, "-2.5");
	/* Nine significant digits, as %.9g: read back within half a unit. */
	for (i = 0; i < 100000; i++) {
		x = -rnd_unit(1, (uint64_t)i, 0) * pow(10, (int)(i % 30) - 20);
		sample_fmt_key(x, buf);
		back = strtod(buf, NULL);
		if (fabs(back - x) > 5.01e-9 * fabs(x)) {
			if (ok)
				fprintf(stderr, "\t%.17g wrote %s\n", x, buf);
			ok = 0;
		}
	}
	T_OK(ok);
}

/*
 * Stores are keyed by the FNV-1a-64 of their names.  A name whose key
 * another store holds (a hash collision, made here by hand) gets a
 * store of its own, found again by its name; the other keeps its own.
 */
static void
test_store_collision(void)
{
	struct policy p;
	struct week w;
	struct sample s;
	struct sample_store *a, *b, *c, *fake;

	policy_init(&p);
	week_of(date_from_ymd(2026, 11, 16), p.week_rule, &w);
	sample_init(&s, &p, &w, 1);
	a = sample_store_get(&s, "门店1", strlen("门店1"));
	T_OK(sample_store_get(&s, "门店1", strlen("门店1")) == a);
	T_INTEQ(s.nstore, 1);
	/* A store "fake" made to hold the key of "门店2". */
	fake = sample_store_get(&s, "fake", 4);
	T_INTEQ(s.nstore, 2);
	idmap_free(&s.stores);
	idmap_init(&s.stores);
	T_INTEQ(idmap_put(&s.stores, a->hash, NULL), 0);
	T_INTEQ(idmap_put(&s.stores, fnv1a64(FNV64_OFFSET, "门店2",
	    strlen("门店2")), NULL), 1);
	b = sample_store_get(&s, "门店2", strlen("门店2"));
	T_OK(b != fake && b != a);
	T_STREQ(b->name, "门店2");
	T_INTEQ(s.nstore, 3);
	T_OK(sample_store_get(&s, "门店2", strlen("门店2")) == b);
	T_OK(sample_store_get(&s, "门店1", strlen("门店1")) == a);
	T_INTEQ(s.nstore, 3);
	/* Its hash is the name's still: customer ids do not change. */
	T_OK(b->hash == fnv1a64(FNV64_OFFSET, "门店2", strlen("门店2")));
	/* A name that collides with nothing is a store of its own. */
	c = sample_store_get(&s, "门店3", strlen("门店3"));
	T_OK(c != a && c != b && c != fake);
	T_INTEQ(s.nstore, 4);
	T_INTEQ(s.stores.n, 4);
	sample_free(&s);
	policy_free(&p);
}

int
main(void)
{
	test_quota();
	test_rotation();
	test_es_key();
	test_weighted_law();
	test_seeds();
	test_top();
	test_customers();
	test_zero_weight();
	test_big_draw();
	test_band();
	test_service();
	test_service_uniform();
	test_service_as_sorted();
	test_fmt_key();
	test_store_collision();
	return t_done("test_sample");
}
