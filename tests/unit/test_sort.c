/*
 * test_sort.c: sort_radix against qsort on random, sorted, reversed,
 * all-equal and few-valued keys, for n = 0, 1, 2, around the insertion
 * sort's bound and large; records of 8, 16 and 24 bytes, the key at an
 * offset, a mask; stability: records with equal keys keep their order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/sort.h"
#include "t.h"

/* 24 bytes, the key in the middle, where it need not be first. */
struct rec {
	uint32_t	 idx;		/* its place in the input */
	uint32_t	 pad;
	uint64_t	 key;
	uint64_t	 tail;		/* idx again: moved with the record */
};

/* The stable order: key under the mask, then the place in the input. */
static uint64_t cmp_mask;

static int
rec_cmp(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;
	uint64_t x = a->key & cmp_mask, y = b->key & cmp_mask;

	if (x != y)
		return x < y ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

enum shape { RANDOM, SORTED, REVERSED, EQUAL, FEW, HIGHONLY, NSHAPE };

static uint64_t
key_of(enum shape s, size_t i, size_t n, uint64_t seed)
{
	switch (s) {
	case RANDOM:
		return mix64(seed + i);
	case SORTED:
		return (uint64_t)i * 0x9e3779b97f4a7c15ull / (n ? n : 1);
	case REVERSED:
		return (uint64_t)(n - i) << 20 | 7;
	case EQUAL:
		return 0x0123456789abcdefull;
	case FEW:
		return mix64(seed + i) % 5 << 40;
	default:
		return mix64(seed + i) & 0xff00000000000000ull;
	}
}

static void
check_rec(enum shape s, size_t n, uint64_t mask, int own_tmp)
{
	struct rec *a = calloc(n + 1, sizeof(*a));
	struct rec *w = calloc(n + 1, sizeof(*w));
	struct rec *t = own_tmp ? calloc(n + 1, sizeof(*t)) : NULL;
	size_t i;
	int same;

	for (i = 0; i < n; i++) {
		a[i].idx = (uint32_t)i;
		a[i].key = key_of(s, i, n, n * 31 + (uint64_t)s);
		a[i].tail = i;
	}
	memcpy(w, a, n * sizeof(*a));
	cmp_mask = mask;
	qsort(w, n, sizeof(*w), rec_cmp);
	sort_radix(a, n, sizeof(*a), offsetof(struct rec, key), mask, t);
	same = memcmp(a, w, n * sizeof(*a)) == 0;
	if (!same)
		printf("rec: shape %d n %zu mask %llx\n", (int)s, n,
		    (unsigned long long)mask);
	T_OK(same);
	free(a);
	free(w);
	free(t);
}

/* 16 bytes, the key first: fu-sample's gift rows and customers. */
struct pair {
	uint64_t	 key;
	uint32_t	 idx;
	uint32_t	 more;
};

static int
pair_cmp(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void
check_pair(enum shape s, size_t n)
{
	struct pair *a = calloc(n + 1, sizeof(*a));
	struct pair *w = calloc(n + 1, sizeof(*w));
	size_t i;
	int same;

	for (i = 0; i < n; i++) {
		a[i].key = key_of(s, i, n, n + (uint64_t)s);
		a[i].idx = (uint32_t)i;
		a[i].more = (uint32_t)~i;
	}
	memcpy(w, a, n * sizeof(*a));
	qsort(w, n, sizeof(*w), pair_cmp);
	sort_radix(a, n, sizeof(*a), 0, UINT64_MAX, NULL);
	same = memcmp(a, w, n * sizeof(*a)) == 0;
	if (!same)
		printf("pair: shape %d n %zu\n", (int)s, n);
	T_OK(same);
	free(a);
	free(w);
}

/* 8 bytes, the record its own key: fu-due's picks, high half a key. */
static int
u64_hi_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	if (a >> 32 != b >> 32)
		return a >> 32 < b >> 32 ? -1 : 1;
	/* The low half is the place in the input: stable. */
	return (uint32_t)a < (uint32_t)b ? -1 : (uint32_t)a > (uint32_t)b;
}

static void
check_u64(enum shape s, size_t n)
{
	uint64_t *a = calloc(n + 1, sizeof(*a));
	uint64_t *w = calloc(n + 1, sizeof(*w));
	size_t i;
	int same;

	for (i = 0; i < n; i++)
		a[i] = (key_of(s, i, n, n ^ (uint64_t)s) &
		    0xffffffff00000000ull) | (uint32_t)i;
	memcpy(w, a, n * sizeof(*a));
	qsort(w, n, sizeof(*w), u64_hi_cmp);
	sort_radix(a, n, sizeof(*a), 0, 0xffffffff00000000ull, NULL);
	same = memcmp(a, w, n * sizeof(*a)) == 0;
	if (!same)
		printf("u64: shape %d n %zu\n", (int)s, n);
	T_OK(same);
	free(a);
	free(w);
}

int
main(void)
{
	static const size_t ns[] = { 0, 1, 2, 3, 31, 32, 33, 100, 257, 1000,
	    65536 + 17, 300000 };
	size_t i;
	int s;

	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		for (s = 0; s < NSHAPE; s++) {
			check_rec((enum shape)s, ns[i], UINT64_MAX, i % 2);
			check_rec((enum shape)s, ns[i],
			    0x00ffff0000ffff00ull, 1);
			check_pair((enum shape)s, ns[i]);
			check_u64((enum shape)s, ns[i]);
		}
	/* An odd number of passes ends in the scratch: copied back. */
	check_rec(FEW, 5000, 0x0000ff0000000000ull, 0);
	return t_done("sort");
}
