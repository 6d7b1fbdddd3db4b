/*
 * groups.c: the tables of exact keys (tuples of words, strings) and the
 * groups of a summary; see sum.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "summary/sum.h"

/* The next key to try when a hash is taken by another tuple. */
#define REHASH(h)	mix64((h) + UINT64_C(0x9e3779b97f4a7c15))

void
tup_init(struct tuptab *t, size_t nw, int counted)
{
	memset(t, 0, sizeof(*t));
	idmap_init(&t->map);
	t->nw = nw;
	t->val = counted ? xcalloc(1, sizeof(*t->val)) : NULL;
	t->valcap = counted ? 1 : 0;
}

static uint64_t
tup_hash(const uint32_t *w, size_t nw)
{
	uint64_t h = nw;
	size_t i;

	for (i = 0; i + 1 < nw; i += 2)
		h = mix64(h ^ ((uint64_t)w[i] << 32 | w[i + 1]));
	if (i < nw)
		h = mix64(h ^ w[i]);
	return h;
}

uint32_t
tup_put(struct tuptab *t, const uint32_t *w, int *added)
{
	uint64_t h = tup_hash(w, t->nw);
	uint32_t slot;
	int add;

	for (;;) {
		slot = idmap_put(&t->map, h, &add);
		if (add) {
			t->w = xgrow(t->w, &t->wcap, t->map.n * t->nw,
			    sizeof(*t->w));
			memcpy(tup_words(t, slot), w, t->nw * sizeof(*w));
			if (t->val != NULL) {
				t->val = xgrow(t->val, &t->valcap, t->map.n,
				    sizeof(*t->val));
				t->val[slot] = 0;
			}
			break;
		}
		if (memcmp(tup_words(t, slot), w, t->nw * sizeof(*w)) == 0)
			break;
		h = REHASH(h);
	}
	if (added != NULL)
		*added = add;
	return slot;
}

void
tup_add(struct tuptab *t, const uint32_t *w, int64_t n)
{
	uint32_t slot = tup_put(t, w, NULL);

	t->val[slot] += n;
}

uint32_t
tup_get(const struct tuptab *t, const uint32_t *w)
{
	uint64_t h = tup_hash(w, t->nw);
	uint32_t slot;

	for (;;) {
		slot = idmap_get(&t->map, h);
		if (slot == IDMAP_NONE ||
		    memcmp(tup_words(t, slot), w, t->nw * sizeof(*w)) == 0)
			return slot;
		h = REHASH(h);
	}
}

void
tup_free(struct tuptab *t)
{
	idmap_free(&t->map);
	free(t->w);
	free(t->val);
	memset(t, 0, sizeof(*t));
}

void
str_init(struct strtab *st)
{
	memset(st, 0, sizeof(*st));
	idmap_init(&st->map);
	st->off = xcalloc(1, sizeof(*st->off));
	st->offcap = 1;
	st->pool = xcalloc(1, 1);	/* "" is string 0, at 0 */
	st->cap = st->len = 1;
}

static int
str_is(const struct strtab *st, uint32_t i, const char *s, size_t n)
{
	const char *p = st->pool + st->off[i];

	return strncmp(p, s, n) == 0 && p[n] == '\0';
}

uint32_t
str_put(struct strtab *st, const char *s, size_t n)
{
	uint64_t h;
	uint32_t slot;
	int add;

	/* A NUL ends it, as it is written out (a damaged log's bytes). */
	n = strnlen(s, n);
	if (n == 0)
		return 0;
	h = fu_hash64(0, s, n);
	for (;;) {
		slot = idmap_put(&st->map, h, &add);
		if (add)
			break;
		if (str_is(st, slot + 1, s, n))
			return slot + 1;
		h = REHASH(h);
	}
	st->n++;
	st->off = xgrow(st->off, &st->offcap, st->n + 1, sizeof(*st->off));
	st->off[st->n] = (uint32_t)st->len;
	st->pool = xgrow(st->pool, &st->cap, st->len + n + 1, 1);
	memcpy(st->pool + st->len, s, n);
	st->pool[st->len + n] = '\0';
	st->len += n + 1;
	return (uint32_t)st->n;
}

long
str_get(const struct strtab *st, const char *s, size_t n)
{
	uint64_t h;
	uint32_t slot;

	n = strnlen(s, n);
	if (n == 0)
		return 0;
	h = fu_hash64(0, s, n);
	for (;;) {
		slot = idmap_get(&st->map, h);
		if (slot == IDMAP_NONE)
			return -1;
		if (str_is(st, slot + 1, s, n))
			return (long)slot + 1;
		h = REHASH(h);
	}
}

const char *
str_at(const struct strtab *st, uint32_t i)
{
	return st->pool + st->off[i];
}

void
str_free(struct strtab *st)
{
	idmap_free(&st->map);
	free(st->pool);
	free(st->off);
	memset(st, 0, sizeof(*st));
}

uint32_t
sum_group(struct summary *s, const uint32_t *w)
{
	uint32_t g;
	int added;

	g = tup_put(&s->groups, w, &added);
	if (added) {
		s->cnt = xgrow(s->cnt, &s->cntcap, (size_t)(g + 1) * C_N,
		    sizeof(*s->cnt));
		memset(&s->cnt[(size_t)g * C_N], 0, C_N * sizeof(*s->cnt));
		s->gc = xgrow(s->gc, &s->gccap, (size_t)g + 1, sizeof(*s->gc));
		memset(&s->gc[g], 0xff, sizeof(s->gc[g]));
	}
	return g;
}

int64_t *
sum_cnt(struct summary *s, uint32_t g)
{
	return &s->cnt[(size_t)g * C_N];
}

uint32_t
sum_store(struct summary *s, const char *name, size_t n)
{
	uint32_t i = str_put(&s->str[SK_STORE], name, n);

	if (i >= s->sizecap) {
		size_t old = s->sizecap;

		s->size = xgrow(s->size, &s->sizecap, (size_t)i + 1,
		    sizeof(*s->size));
		memset(s->size + old, 0, s->sizecap - old);
	}
	return i;
}

void
sum_set_size(struct summary *s, uint32_t store, int size)
{
	if (size != SIZE_UNKNOWN)
		s->size[store] = (uint8_t)size;
}

int
sum_size_of(const struct summary *s, uint32_t store)
{
	return store < s->sizecap ? s->size[store] : SIZE_UNKNOWN;
}

void
sum_tuple(const struct summary *s, const uint32_t *all, uint32_t *w)
{
	int k;

	for (k = 0; k < SK_N; k++)
		w[k] = s->bykey[k] ? all[k] : 0;
}

const char *
sum_key_text(const struct summary *s, uint32_t g, int k, char *buf)
{
	const uint32_t *w = tup_words(&s->groups, g);
	struct week wk;
	struct month m;

	if (g == 0)
		return s->o.nkeys > 0 && k == s->o.keys[0] ? "合计" : "";
	if (!s->bykey[k])
		return "";
	switch (k) {
	case SK_STORE_SIZE:
		return contact_size_code((enum store_size)w[k]);
	case SK_DAY:
		date_format((int)(w[k] - DAY_BIAS), buf);
		return buf;
	case SK_WEEK:
		week_of((int)(w[k] - DAY_BIAS),
		    (enum week_rule)s->o.pol->week_rule, &wk);
		week_format(&wk, buf);
		return buf;
	case SK_MONTH:
		m.year = (int)(w[k] / 12);
		m.month = (int)(w[k] % 12) + 1;
		month_format(&m, buf);
		return buf;
	default:
		return str_at(&s->str[k], w[k]);
	}
}

int
sum_key_parse(struct summary *s, int k, const char *v, uint32_t *w)
{
	char err[FU_ERRBUF];
	struct week wk;
	struct month m;
	int day, sz;

	switch (k) {
	case SK_STORE:
		*w = sum_store(s, v, strlen(v));
		return 0;
	case SK_STORE_SIZE:
		if ((sz = contact_size_parse(v, strlen(v))) == -1)
			return -1;
		*w = (uint32_t)sz;
		return 0;
	case SK_DAY:
		if (date_parse(v, strlen(v), 0, &day, err) == -1)
			return -1;
		*w = (uint32_t)day + DAY_BIAS;
		return 0;
	case SK_WEEK:
		if (week_parse(v, (enum week_rule)s->o.pol->week_rule, &wk,
		    err) == -1)
			return -1;
		*w = (uint32_t)wk.monday + DAY_BIAS;
		return 0;
	case SK_MONTH:
		if (month_parse(v, &m, err) == -1)
			return -1;
		*w = MONTH_INDEX(m.year, m.month);
		return 0;
	default:
		*w = str_put(&s->str[k], v, strlen(v));
		return 0;
	}
}

/* Each entry of a group other than the totals, into the totals'. */
static void
fold(struct tuptab *t)
{
	size_t i, n = tup_n(t);
	uint32_t w[TUP_MAX];

	for (i = 0; i < n; i++) {
		memcpy(w, tup_words(t, i), t->nw * sizeof(*w));
		if (w[0] == 0)
			continue;
		w[0] = 0;
		if (t->val != NULL)
			tup_add(t, w, t->val[i]);
		else
			(void)tup_put(t, w, NULL);
	}
}

void
sum_fold_totals(struct summary *s)
{
	if (s->folded)
		return;
	fold(&s->gday);
	fold(&s->gres);
	fold(&s->gaw);
	fold(&s->gsm);
	s->folded = 1;
}
