/*
 * draw.c: the draw, store by store: gift checks, service tiers with
 * fill-down, the small-store top-up, the other types; the store sizes
 * drawn in a week (rotation).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/rand.h"
#include "base/sort.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/policy.h"
#include "sample/run.h"
#include "sample/sample.h"


size_t
sample_gift_quota(double rate, size_t n)
{
	double x = rate * (double)n;
	size_t k = (size_t)x;

	/* 0.7 * 10 is 6.9999999999999991: ceil by the rate as written. */
	if ((double)k < x - 1e-9 * (x > 1 ? x : 1))
		k++;
	return k > n ? n : k;
}

int
sample_rotation(const struct policy *p, int monday)
{
	long w;

	if (!p->rotation)
		return SIZE_UNKNOWN;
	w = (long)(monday - p->rotation_epoch);
	w = (w - ((w % 7 + 7) % 7)) / 7;
	if ((w % 2 + 2) % 2 == 0)
		return p->rotation_even;
	return p->rotation_even == SIZE_LARGE ? SIZE_SMALL : SIZE_LARGE;
}

double
sample_es_key(double u, uint64_t weight)
{
	if (weight == 0)
		return -INFINITY;
	return log(u) / ((double)weight / 100.0);
}

/* What ties between customers are broken by. */
struct unit_ctx {
	const struct sample_gift *g;
	uint64_t	 seed;
};

/*
 * Customers by rank, low first.  Equal ranks (rare: a gift worth
 * nothing, or equal values with --method top) by u, high first, then by
 * customer id: no two customers are equal.
 */
static int
unit_cmp(const void *a, const void *b, void *arg)
{
	const struct sample_unit *x = a, *y = b;
	const struct unit_ctx *c = arg;
	uint64_t cx, cy;
	double ux, uy;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	cx = c->g[x->start].cust;
	cy = c->g[y->start].cust;
	ux = rnd_unit(c->seed, cx, 0);
	uy = rnd_unit(c->seed, cy, 0);
	if (ux != uy)
		return ux > uy ? -1 : 1;
	return cx < cy ? -1 : cx > cy;
}

static double
bitsd(uint64_t b)
{
	double d;

	memcpy(&d, &b, sizeof(d));
	return d;
}

/*
 * A key as a rank, low first.  The bits of a double that is not
 * negative order as the double does: an Efraimidis-Spirakis key (below
 * 0, or -inf) ranks by the bits of its size, a value by their complement.
 */
static uint64_t
key_rank(double key, int method)
{
	if (method == GIFT_TOP)
		return ~sample_dbits(key);
	return sample_dbits(-key);
}

double
sample_unit_key(const struct sample_unit *u, const struct sample_gift *g,
    uint64_t seed, int method)
{
	if (method == GIFT_TOP)
		return rnd_unit(seed, g[u->start].cust, 0);
	return -bitsd(u->rank);
}

/*
 * Customers by rank, then each run of equal ranks by unit_cmp.  The
 * radix sort is stable, so a run is left in the order of the customers'
 * ids; runs are rare (a gift worth nothing, or equal values with
 * --method top) and short.  tmp: room for n units.
 */
static void
sort_units(struct sample_unit *u, size_t n, struct unit_ctx *c, void *tmp)
{
	size_t i, j;

	sort_radix(u, n, sizeof(*u), offsetof(struct sample_unit, rank),
	    UINT64_MAX, tmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && u[j].rank == u[i].rank; j++)
			;
		if (j - i > 1)
			qsort_r(u + i, j - i, sizeof(*u), unit_cmp, c);
	}
}

size_t
sample_gifts(struct sample_gift *g, size_t n, size_t k, uint64_t seed,
    int method, struct sample_unit **unitsp)
{
	struct sample_unit *u;
	struct unit_ctx c;
	size_t i, j, nu = 0, want, covered;
	uint64_t w;
	double r;
	void *tmp;

	/*
	 * Gift rows by customer, a customer's rows in the order of the
	 * input (stable; which of them comes first changes nothing drawn:
	 * they share a slot).  The units are no larger than the rows: the
	 * one scratch serves both sorts.
	 */
	tmp = xreallocarray(NULL, n ? n : 1, sizeof(*g) > sizeof(*u) ?
	    sizeof(*g) : sizeof(*u));
	sort_radix(g, n, sizeof(*g), offsetof(struct sample_gift, cust),
	    UINT64_MAX, tmp);
	u = xreallocarray(NULL, n ? n : 1, sizeof(*u));
	for (i = 0; i < n; i = j) {
		w = 0;
		for (j = i; j < n && g[j].cust == g[i].cust; j++)
			w += g[j].weight;
		r = rnd_unit(seed, g[i].cust, 0);
		/* w + u: the value first, then u breaks the ties. */
		u[nu].rank = key_rank(method == GIFT_TOP ? (double)w + r :
		    sample_es_key(r, w), method);
		u[nu].start = (uint32_t)i;
		u[nu].n = (uint32_t)(j - i);
		nu++;
	}
	c.g = g;
	c.seed = seed;
	sort_units(u, nu, &c, tmp);
	free(tmp);
	/* Each customer covers a row at least: the first k cover k rows. */
	want = k < nu ? k : nu;
	for (i = 0, covered = 0; i < want && covered < k; i++)
		covered += u[i].n;
	*unitsp = u;
	return i;
}

int
sample_band(const struct tiers *ts, int64_t fen)
{
	size_t t;

	for (t = 0; t < ts->n; t++) {
		if (fen < ts->t[t].lo)
			return (int)(2 * t);
		if (ts->t[t].hi == -1 || fen < ts->t[t].hi)
			return (int)(2 * t + 1);
	}
	return (int)(2 * ts->n);
}

/* A row in the order of the service draw. */
struct svc_ord {
	double		 u;
	uint64_t	 id;
	uint32_t	 i;
	uint32_t	 band;
};

/*
 * Is x drawn before y?  A higher key, then a lower id; then, as a sort
 * that keeps the input's order would have them, a lower band (byband
 * 0: the top-up, which looks at no band) and an earlier row.
 */
static int
svc_before(const struct svc_ord *x, const struct svc_ord *y, int byband)
{
	if (x->u != y->u)
		return x->u > y->u;
	if (x->id != y->id)
		return x->id < y->id;
	if (!byband && x->band != y->band)
		return x->band < y->band;
	return x->i < y->i;
}

static void
svc_sift(struct svc_ord *h, size_t n, size_t k, int byband)
{
	struct svc_ord t;
	size_t c;

	for (; (c = 2 * k + 1) < n; k = c) {
		if (c + 1 < n && svc_before(&h[c + 1], &h[c], byband))
			c++;
		if (!svc_before(&h[c], &h[k], byband))
			break;
		t = h[k];
		h[k] = h[c];
		h[c] = t;
	}
}

/*
 * Rows in the order of the draw, sorted only as far as it reads them:
 * h[0, n) a heap of the best first, the rows given up so far at its
 * end, the first at h[n - 1].  A tier takes tens of a store's
 * thousands: building a heap is linear, each row taken log n, where a
 * whole sort was 13% of fu-sample on a chain's 5M contacts.
 */
struct svc_heap {
	struct svc_ord	*h;
	size_t		 n, taken;
	int		 byband;
};

static void
svc_heap_init(struct svc_heap *hp, struct svc_ord *h, size_t n, int byband)
{
	size_t k;

	hp->h = h;
	hp->n = n;
	hp->taken = 0;
	hp->byband = byband;
	for (k = n / 2; k-- > 0;)
		svc_sift(h, n, k, byband);
}

/* The j-th row in order (j < n). */
static const struct svc_ord *
svc_heap_at(struct svc_heap *hp, size_t j)
{
	struct svc_ord t;
	size_t left;

	while (hp->taken <= j) {
		left = hp->n - hp->taken;
		t = hp->h[0];
		hp->h[0] = hp->h[left - 1];
		hp->h[left - 1] = t;
		hp->taken++;
		svc_sift(hp->h, left - 1, 0, hp->byband);
	}
	return &hp->h[hp->n - 1 - j];
}

size_t
sample_service(struct sample_svc *sv, size_t n, const struct tiers *ts,
    uint64_t seed, size_t topup, uint32_t *order, size_t *short_,
    size_t *topup_short)
{
	struct svc_ord *o = xreallocarray(NULL, n ? n : 1, sizeof(*o));
	size_t m = ts->n, nb = 2 * m + 1, i, t, b, j, need, nout = 0,
	    nfill = 0;
	/* Bands 0 .. 2m, then the rows of no band (SAMPLE_NOBAND). */
	size_t *bstart = xcalloc(nb + 2, sizeof(*bstart));
	size_t *own = xcalloc(m ? m : 1, sizeof(*own));
	size_t *fstart = xcalloc(m ? m : 1, sizeof(*fstart));
	size_t *flen = xcalloc(m ? m : 1, sizeof(*flen));
	uint32_t *fill = xreallocarray(NULL, n ? n : 1, sizeof(*fill));
	struct svc_heap *band = xcalloc(nb, sizeof(*band)), left;
	const struct svc_ord *r;

	/* By band, counted out: bstart[b + 1] ends band b. */
	for (i = 0; i < n; i++) {
		b = sv[i].band < nb ? sv[i].band : nb;
		bstart[b + 1]++;
	}
	for (b = 1; b <= nb; b++)
		bstart[b] += bstart[b - 1];
	for (i = 0; i < n; i++) {
		b = sv[i].band < nb ? sv[i].band : nb;
		j = bstart[b]++;
		o[j].u = rnd_unit(seed, sv[i].id, 0);
		o[j].id = sv[i].id;
		o[j].i = (uint32_t)i;
		o[j].band = sv[i].band;
		sv[i].pick = SP_NONE;
	}
	for (b = nb + 1; b-- > 1;)
		bstart[b] = bstart[b - 1];
	bstart[0] = 0;
	for (b = 0; b < nb; b++)
		svc_heap_init(&band[b], o + bstart[b], bstart[b + 1] -
		    bstart[b], 1);

	/* Each tier from its own band. */
	for (t = 0; t < m; t++) {
		b = 2 * t + 1;
		own[t] = band[b].n;
		if (own[t] > (size_t)ts->t[t].count)
			own[t] = (size_t)ts->t[t].count;
		for (i = 0; i < own[t]; i++)
			sv[svc_heap_at(&band[b], i)->i].pick =
			    (uint16_t)R_OWN(t);
	}
	/* A short tier, the highest first, from the bands below it. */
	for (t = m; t-- > 0;) {
		need = (size_t)ts->t[t].count - own[t];
		fstart[t] = nfill;
		for (b = 2 * t + 1; b-- > 0 && need > 0;)
			for (i = 0; i < band[b].n && need > 0; i++) {
				struct sample_svc *rs;

				r = svc_heap_at(&band[b], i);
				rs = &sv[r->i];
				if (rs->pick != SP_NONE ||
				    (rs->flags & SV_FLOOR))
					continue;
				rs->pick = (uint16_t)R_FILL(t);
				fill[nfill++] = r->i;
				need--;
			}
		flen[t] = nfill - fstart[t];
		short_[t] = need;
	}
	for (t = 0; t < m; t++) {
		b = 2 * t + 1;
		for (i = 0; i < own[t]; i++)
			order[nout++] = svc_heap_at(&band[b], i)->i;
		for (i = 0; i < flen[t]; i++)
			order[nout++] = fill[fstart[t] + i];
	}

	/* The top-up: the best keys of any rows left, whatever the band. */
	if (topup > 0) {
		size_t nleft = 0;

		for (i = 0; i < n; i++)
			if (sv[o[i].i].pick == SP_NONE)
				o[nleft++] = o[i];
		svc_heap_init(&left, o, nleft, 0);
		for (i = 0; i < nleft && i < topup; i++) {
			r = svc_heap_at(&left, i);
			sv[r->i].pick = SP_TOPUP;
			order[nout++] = r->i;
		}
		*topup_short = topup - i;
	} else
		*topup_short = 0;
	free(band);
	free(o);
	free(bstart);
	free(own);
	free(fstart);
	free(flen);
	free(fill);
	return nout;
}

static void
add_pick(struct sample *s, uint32_t row, uint32_t slot, uint32_t rank,
    double key, uint32_t reason)
{
	struct sample_pick *p;

	if (rank > SAMPLE_MAX_RANK)
		fu_errx(FU_EXIT_FATAL, "more than %d rows drawn in one store",
		    SAMPLE_MAX_RANK);
	PUSH(s->pick, s->npick, s->pickcap);
	p = &s->pick[s->npick++];
	p->key = key;
	p->slot = slot;
	p->rank = rank << 8 | reason;
	s->pos[row] = (uint32_t)s->npick;
}

static int
store_cmp(const void *a, const void *b)
{
	const struct sample_store *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

struct ord {
	double		 u;
	uint64_t	 id;
	uint32_t	 i;
};

static int
ord_cmp(const void *a, const void *b)
{
	const struct ord *x = a, *y = b;

	if (x->u != y->u)
		return x->u > y->u ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Weeks from this one to the month's last in which a size is drawn. */
static int
weeks_left(const struct sample *s, int size)
{
	struct month m;
	int d, last, n = 0, drawn;

	m.year = s->week.year;
	m.month = s->week.month;
	last = month_first_monday(&m, s->pol->week_rule) +
	    7 * (month_weeks(&m, s->pol->week_rule) - 1);
	for (d = s->week.monday; d <= last; d += 7) {
		drawn = sample_rotation(s->pol, d);
		if (drawn == SIZE_UNKNOWN || drawn == size)
			n++;
	}
	return n > 0 ? n : 1;
}

static void
shortfall(struct sample *s, const char *store, const char *what,
    size_t got, size_t want, const char *why)
{
	s->shortfalls++;
	fu_warnx("%s: %s: %zu of %zu drawn (%zu short%s%s)", store, what, got,
	    want, want - got, why[0] ? ": " : "", why);
}

/*
 * A store's gift checks: whole customers until the quota's rows are
 * covered (*covered), ranked from *rank on.  The customers drawn.
 */
static size_t
draw_gifts(struct sample *s, struct sample_store *st, uint32_t *rank,
    size_t *coveredp)
{
	const struct policy *pol = s->pol;
	struct sample_unit *units = NULL;
	uint32_t slot;
	size_t k, nu, j, r, covered = 0;
	char why[128];

	*coveredp = 0;
	if (st->gift_rows == 0)
		return 0;
	k = sample_gift_quota(pol->gift_rate, (size_t)st->gift_rows);
	nu = sample_gifts(st->g, st->ng, k, s->seed, pol->gift_method, &units);
	for (j = 0; j < nu; j++) {
		++*rank;
		slot = s->nslot++;
		for (r = units[j].start; r < units[j].start + units[j].n;
		    r++, covered++)
			add_pick(s, st->g[r].row, slot, *rank,
			    sample_unit_key(&units[j], st->g, s->seed,
			    pol->gift_method), R_GIFT |
			    (units[j].n > 1 ? SAMPLE_SHARED : 0));
	}
	free(units);
	s->drawn[CT_GIFT] += (long)covered;
	if (covered < k) {
		snprintf(why, sizeof(why), "%ld excluded",
		    st->ex_recent + st->ex_dnc);
		shortfall(s, st->name, "gift checks", covered, k, why);
	}
	*coveredp = covered;
	return nu;
}

/*
 * A store's service follow-ups, ranked from *rank on, and its
 * small-store top-up: what the month still lacks of its minimum after
 * the drawn customers of the other types, shared over the weeks left in
 * which small stores are drawn.  The rows drawn.
 */
static size_t
draw_service(struct sample *s, struct sample_store *st, long drawn,
    uint32_t *rank)
{
	const struct policy *pol = s->pol;
	const struct tiers *ts = &pol->tiers;
	uint32_t *order;
	size_t j, nsvc, tshort = 0, topup = 0;
	size_t shortv[SAMPLE_MAX_TIERS];
	long need;
	char what[256], why[128];

	order = xreallocarray(NULL, st->ns ? st->ns : 1, sizeof(*order));
	nsvc = sample_service(st->s, st->ns, ts, s->seed, 0, order, shortv,
	    &tshort);
	drawn += (long)nsvc;
	if (s->have_log && st->size == SIZE_SMALL &&
	    (need = pol->small_store_monthly_min - st->called - drawn) > 0) {
		long wl = weeks_left(s, SIZE_SMALL);

		topup = (size_t)((need + wl - 1) / wl);
		nsvc = sample_service(st->s, st->ns, ts, s->seed, topup, order,
		    shortv, &tshort);
	}
	for (j = 0; j < nsvc; j++) {
		struct sample_svc *sv = &st->s[order[j]];

		add_pick(s, sv->row, s->nslot++, ++*rank,
		    rnd_unit(s->seed, sv->id, 0),
		    sv->pick == SP_TOPUP ? (uint32_t)R_TOPUP(ts->n) :
		    (uint32_t)sv->pick);
		if (sv->pick == SP_TOPUP)
			s->topup++;
		else
			s->drawn[CT_SERVICE]++;
	}
	free(order);
	/* A store with no service rows at all has no tiers to fill. */
	for (j = 0; j < ts->n && st->service_rows > 0; j++) {
		if (shortv[j] == 0)
			continue;
		snprintf(what, sizeof(what), "service %s",
		    s->reason[R_OWN(j)]);
		shortfall(s, st->name, what,
		    (size_t)ts->t[j].count - shortv[j],
		    (size_t)ts->t[j].count, "");
	}
	if (tshort > 0) {
		snprintf(why, sizeof(why), "%ld called this month, %ld drawn, "
		    "minimum %d", st->called, drawn,
		    pol->small_store_monthly_min);
		shortfall(s, st->name, "小店月度补足", topup - tshort, topup,
		    why);
	}
	return nsvc;
}

/* The other types of a store: every one, in key order, from *rank on. */
static void
draw_others(struct sample *s, struct sample_store *st, uint32_t *rank)
{
	struct ord *ord;
	size_t j;

	if (st->no == 0)
		return;
	ord = xreallocarray(NULL, st->no, sizeof(*ord));
	for (j = 0; j < st->no; j++) {
		ord[j].u = rnd_unit(s->seed, st->o[j].id, 0);
		ord[j].id = st->o[j].id;
		ord[j].i = (uint32_t)j;
	}
	qsort(ord, st->no, sizeof(*ord), ord_cmp);
	for (j = 0; j < st->no; j++) {
		add_pick(s, st->o[ord[j].i].row, s->nslot++, ++*rank,
		    ord[j].u, (uint32_t)R_ALL(s->pol->tiers.n));
		s->drawn[st->o[ord[j].i].type]++;
	}
	free(ord);
}

/* One store's draw, given the slots and ranks that follow. */
static void
draw_store(struct sample *s, struct sample_store *st)
{
	uint32_t rank = 0;
	size_t covered, nu, nsvc, want;

	s->ex_recent += st->ex_recent;
	s->ex_dnc += st->ex_dnc;
	s->noamount += st->noamount;
	nu = draw_gifts(s, st, &rank, &covered);
	nsvc = draw_service(s, st, (long)nu + (long)st->no, &rank);
	draw_others(s, st, &rank);
	want = (size_t)st->rows - (size_t)(st->ex_recent + st->ex_dnc);
	s->notdrawn += (long)want - (long)(covered + nsvc + st->no);
}

/*
 * After the draw: for the second reading, which rows are chosen (a bit
 * a row) and the slot of each, in the order of the rows (gathered in a
 * tight loop, where the misses overlap, rather than one miss a row while
 * reading); for the writing, one pick a slot, in slot order.
 */
static void
finish_draw(struct sample *s)
{
	const struct sample_pick *p;
	uint64_t row;
	size_t j = 0, i;

	s->chosen = xcalloc(s->nrows / 64 + 1, sizeof(*s->chosen));
	s->rowslot = xreallocarray(NULL, s->npick ? s->npick : 1,
	    sizeof(*s->rowslot));
	for (row = 0; row < s->nrows; row++) {
		if (s->pos[row] == 0)
			continue;
		p = &s->pick[s->pos[row] - 1];
		s->chosen[row / 64] |= UINT64_C(1) << (row % 64);
		s->rowslot[j++] = p->slot |
		    ((p->rank & SAMPLE_SHARED) ? SLOT_SHARED : 0);
	}
	free(s->pos);
	s->pos = NULL;
	/* The rows of a customer share their slot and its pick. */
	for (i = 0, j = 0; i < s->npick; i++)
		if (i == 0 || s->pick[i].slot != s->pick[j - 1].slot)
			s->pick[j++] = s->pick[i];
	s->pick = xreallocarray(s->pick, j ? j : 1, sizeof(*s->pick));
	s->pickcap = j;
}

void
sample_draw(struct sample *s)
{
	struct sample_store **order;
	struct sample_store *st;
	size_t i;

	if (s->pol->tiers.n > SAMPLE_MAX_TIERS) {
		fu_warnx("tiers: more than %d tiers", SAMPLE_MAX_TIERS);
		s->status = FU_EXIT_FATAL;
		return;
	}
	s->pos = xcalloc(s->nrows ? s->nrows : 1, sizeof(*s->pos));
	order = xreallocarray(NULL, s->nstore ? s->nstore : 1,
	    sizeof(*order));
	if (s->nstore > 0)
		memcpy(order, s->store, s->nstore * sizeof(*order));
	qsort(order, s->nstore, sizeof(*order), store_cmp);
	for (i = 0; i < s->nstore; i++) {
		st = order[i];
		st->size = st->sizes == 1 ? SIZE_LARGE : st->sizes == 2 ?
		    SIZE_SMALL : SIZE_UNKNOWN;
		if (st->sizes == 3) {
			fu_warnx("%s: rows say both large and small: drawn "
			    "every week", st->name);
			s->conflicts++;
			s->status = s->status > FU_EXIT_DATA ? s->status :
			    FU_EXIT_DATA;
		}
		if (st->rows == 0)
			continue;
		/* No id drawn twice, nor weighing twice. */
		sample_dedupe_store(s, st);
		if (s->drawn_size != SIZE_UNKNOWN &&
		    st->size != SIZE_UNKNOWN && st->size != s->drawn_size) {
			s->off_week += st->rows;
			sample_store_free_rows(st);
			continue;
		}
		draw_store(s, st);
		sample_store_free_rows(st);
	}
	free(order);
	finish_draw(s);
}
