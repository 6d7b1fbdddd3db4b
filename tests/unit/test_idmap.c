/* test_idmap.c: the one table of 64-bit keys. */
#include <stdint.h>
#include <stdlib.h>

#include "base/idmap.h"
#include "t.h"

/* Keys that collide in the low bits, 0 among them, past several growths. */
static void
test_many(void)
{
	struct idmap m;
	uint32_t i, s;
	int added, bad = 0;
	const uint32_t n = 100000;

	idmap_init(&m);
	T_INTEQ(idmap_get(&m, 0), IDMAP_NONE);
	for (i = 0; i < n; i++) {
		s = idmap_put(&m, (uint64_t)i << 40, &added);
		if (s != i || !added)
			bad++;
	}
	T_INTEQ(bad, 0);
	T_INTEQ(m.n, n);
	for (i = 0; i < n; i++) {
		if (idmap_get(&m, (uint64_t)i << 40) != i)
			bad++;
		if (idmap_put(&m, (uint64_t)i << 40, &added) != i || added)
			bad++;
		if (m.key[i] != (uint64_t)i << 40)
			bad++;
	}
	T_INTEQ(bad, 0);
	T_INTEQ(m.n, n);
	T_INTEQ(idmap_get(&m, 1), IDMAP_NONE);
	T_INTEQ(idmap_get(&m, (uint64_t)n << 40), IDMAP_NONE);
	/* At most half full. */
	T_OK(2 * m.n <= m.cap);
	idmap_free(&m);
	T_INTEQ(m.n, 0);
}

static void
test_reserve(void)
{
	struct idmap m;
	uint32_t s;

	idmap_init(&m);
	s = idmap_put(&m, 42, NULL);
	T_INTEQ(s, 0);
	idmap_reserve(&m, 1000);
	T_OK(m.cap >= 2000);
	T_OK(m.keycap >= 1000);
	/* What was there before is there after. */
	T_INTEQ(idmap_get(&m, 42), 0);
	T_INTEQ(idmap_put(&m, UINT64_MAX, NULL), 1);
	T_INTEQ(idmap_get(&m, UINT64_MAX), 1);
	idmap_free(&m);
}

/*
 * The prefetching steps: an empty table, a key not there, and keys
 * there, most found at their home (the slot returned is theirs).
 */
static void
test_prefetch(void)
{
	struct idmap m;
	uint32_t i, s;
	int own = 0, wrong = 0;
	const uint32_t n = 1000;

	idmap_init(&m);
	idmap_prefetch(&m, 7);
	T_INTEQ(idmap_prefetch_slot(&m, 7), IDMAP_NONE);
	for (i = 0; i < n; i++)
		(void)idmap_put(&m, 0x9e3779b97f4a7c15ULL * (i + 1), NULL);
	for (i = 0; i < n; i++) {
		idmap_prefetch(&m, 0x9e3779b97f4a7c15ULL * (i + 1));
		s = idmap_prefetch_slot(&m, 0x9e3779b97f4a7c15ULL * (i + 1));
		if (s == i)
			own++;
		else if (s == IDMAP_NONE || s >= n)
			wrong++;
	}
	T_INTEQ(wrong, 0);
	T_OK(own > (int)n / 2);
	idmap_free(&m);
}

/*
 * The filter: every key of the table passes, few others do (it is
 * sized for 1 in 700; 1 in 100 fails the test), none of an empty
 * table's, and keys added after it was built are not in it.
 */
static void
test_filter(void)
{
	struct idmap m;
	struct idfilter f;
	uint64_t i, k;
	int passed = 0, missed = 0;
	const uint64_t n = 50000;

	idmap_init(&m);
	idfilter_build(&f, &m);
	for (i = 0; i < 1000; i++)
		passed += idfilter_maybe(&f, i);
	T_INTEQ(passed, 0);
	idfilter_free(&f);
	for (i = 0; i < n; i++)
		(void)idmap_put(&m, i * 3, NULL);	/* keys that are not hashes */
	idfilter_build(&f, &m);
	for (i = 0; i < n; i++)
		missed += !idfilter_maybe(&f, i * 3);
	T_INTEQ(missed, 0);
	passed = 0;
	for (i = 0; i < 100000; i++) {
		k = i * 3 + 1;			/* never a key */
		passed += idfilter_maybe(&f, k);
	}
	T_OK(passed < 1000);
	idfilter_free(&f);
	idmap_free(&m);
}

int
main(void)
{
	test_many();
	test_prefetch();
	test_reserve();
	test_filter();
	return t_done("idmap");
}
