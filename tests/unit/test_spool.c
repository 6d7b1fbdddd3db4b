/*
 * test_spool.c: rows to temporary files, then out in order: held in
 * memory and spilled to files, rows sharing a position (by key, then as
 * put), one row a position (fu-due's use), an empty spool.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/spool.h"
#include "t.h"

/* A row's bytes: its position, key and number, padded to n bytes. */
static size_t
row_text(char *buf, size_t n, uint32_t pos, uint64_t key, uint32_t nth)
{
	size_t len = (size_t)snprintf(buf, n, "%u %llu %u ", pos,
	    (unsigned long long)key, nth);

	for (; len + 1 < n; len++)
		buf[len] = (char)('a' + (pos + len) % 26);
	buf[len] = '\0';
	return len;
}

/* Positions 0 .. n - 1 in a shuffled order. */
static uint32_t *
shuffled(uint32_t n, uint64_t seed)
{
	uint32_t *p = malloc((n ? n : 1) * sizeof(*p)), i, j, t;

	for (i = 0; i < n; i++)
		p[i] = i;
	for (i = n; i > 1; i--) {
		j = (uint32_t)(mix64(seed + i) % i);
		t = p[i - 1];
		p[i - 1] = p[j];
		p[j] = t;
	}
	return p;
}

static int
spilled(const struct spool *sp)
{
	size_t b;

	for (b = 0; b < sp->nb; b++)
		if (sp->fd[b] != -1)
			return 1;
	return 0;
}

/*
 * fu-due's use: one row a position, put in a shuffled order, out in
 * position order with their bytes, whether held or spilled.
 */
static void
test_unique(uint32_t n, size_t rowlen, size_t budget, int spill)
{
	struct spool sp;
	struct spool_row r;
	uint32_t *p = shuffled(n, n), i, got = 0, want = 0, nb = 0;
	char *buf = malloc(rowlen + 1), *exp = malloc(rowlen + 1);
	size_t len;
	int rc, bad = 0;

	spool_init(&sp, n, n, (double)n * (double)rowlen, budget, NULL);
	for (i = 0; i < n; i++) {
		len = row_text(buf, rowlen + 1, p[i], 0, 0);
		if (spool_put(&sp, p[i], buf, len) == -1)
			bad++;
	}
	T_INTEQ(bad, 0);
	T_INTEQ(spilled(&sp), spill);
	while ((rc = spool_next_bucket(&sp)) == 1) {
		nb++;
		while (spool_next(&sp, &r)) {
			len = row_text(exp, rowlen + 1, want, 0, 0);
			/* In position order, each row whole. */
			if (r.pos != want || r.key != 0 || r.len != len ||
			    memcmp(r.s, exp, len) != 0)
				bad++;
			want++;
			got++;
		}
	}
	T_INTEQ(rc, 0);
	T_INTEQ(bad, 0);
	T_INTEQ(got, n);
	T_INTEQ(nb, sp.nb);
	if (spill)
		T_OK(sp.nb > 1);
	/* Taken: no more buckets. */
	T_INTEQ(spool_next_bucket(&sp), 0);
	spool_free(&sp);
	free(p);
	free(buf);
	free(exp);
}

/*
 * fu-sample's use: positions of several rows, put with keys in no
 * order and some keys twice; out by position, then key, then as put.
 * Position 0 also holds rows without a key: key 0, so first.
 */
static void
test_shared(size_t budget, size_t rowlen, int spill)
{
	enum { NPOS = 3000, PER = 7 };
	struct spool sp;
	struct spool_row r;
	uint32_t *p = shuffled(NPOS * PER, 99), i, pos, nth, lastpos = 0;
	uint32_t lastnth = 0;
	uint64_t key, lastkey = 0;
	char *buf = malloc(rowlen + 1);
	size_t len, got = 0;
	int bad = 0, first = 1, n;
	unsigned long long k;
	unsigned up, un;

	spool_init(&sp, NPOS, NPOS * PER, (double)NPOS * PER * rowlen,
	    budget, NULL);
	/* p[i] = pos * PER + j; nth counts the rows put, in order. */
	for (i = 0; i < NPOS * PER; i++) {
		pos = p[i] / PER;
		/* Rows 2j and 2j + 1 of a position share a key. */
		key = mix64(p[i] % PER / 2 + pos) % 1000;
		if (pos == 0 && p[i] % PER == 0)
			key = 0;
		len = row_text(buf, rowlen + 1, pos, key, i);
		if (pos == 0 && p[i] % PER == 0)
			n = spool_put(&sp, pos, buf, len);
		else
			n = spool_put_key(&sp, pos, key, buf, len);
		if (n == -1)
			bad++;
	}
	T_INTEQ(bad, 0);
	T_INTEQ(spilled(&sp), spill);
	while (spool_next_bucket(&sp) == 1)
		while (spool_next(&sp, &r)) {
			got++;
			/* r.s is not NUL-ended: sscanf would read past it. */
			if (r.len > rowlen) {
				bad++;
				continue;
			}
			memcpy(buf, r.s, r.len);
			buf[r.len] = '\0';
			if (sscanf(buf, "%u %llu %u ", &up, &k, &un) != 3 ||
			    up != r.pos || k != r.key) {
				bad++;
				continue;
			}
			nth = un;
			if (!first && (r.pos < lastpos || (r.pos == lastpos &&
			    (r.key < lastkey || (r.key == lastkey &&
			    nth < lastnth)))))
				bad++;
			first = 0;
			lastpos = r.pos;
			lastkey = r.key;
			lastnth = nth;
		}
	T_INTEQ(bad, 0);
	T_INTEQ(got, NPOS * PER);
	spool_free(&sp);
	free(p);
	free(buf);
}

/*
 * Rows put in reverse come out in position order: a spool that gave
 * them back as they were put fails here.
 */
static void
test_not_put_order(void)
{
	struct spool sp;
	struct spool_row r;
	uint32_t i, last = 0;
	int inorder = 1, first = 1;
	char c = 'x';

	spool_init(&sp, 100, 100, 100, 1 << 20, NULL);
	for (i = 100; i-- > 0;)
		T_INTEQ(spool_put(&sp, i, &c, 1), 0);
	while (spool_next_bucket(&sp) == 1)
		while (spool_next(&sp, &r)) {
			if (!first && r.pos < last)
				inorder = 0;
			T_INTEQ(r.len, 1);
			first = 0;
			last = r.pos;
		}
	T_OK(inorder);
	T_INTEQ(last, 99);
	spool_free(&sp);
}

/* Nothing put: every bucket empty; no positions at all. */
static void
test_empty(void)
{
	struct spool sp;
	struct spool_row r;
	int nb = 0, rows = 0;

	spool_init(&sp, 50, 0, 0, 1 << 20, NULL);
	while (spool_next_bucket(&sp) == 1) {
		nb++;
		while (spool_next(&sp, &r))
			rows++;
	}
	T_OK(nb >= 1);
	T_INTEQ(rows, 0);
	spool_free(&sp);
	spool_init(&sp, 0, 0, 0, 0, NULL);
	T_INTEQ(spool_next_bucket(&sp), 1);
	T_INTEQ(spool_next(&sp, &r), 0);
	T_INTEQ(spool_next_bucket(&sp), 0);
	spool_free(&sp);
	/* Rows of no bytes are rows too. */
	spool_init(&sp, 3, 3, 0, 1 << 20, NULL);
	T_INTEQ(spool_put(&sp, 2, NULL, 0), 0);
	T_INTEQ(spool_put_key(&sp, 1, 5, "", 0), 0);
	T_INTEQ(spool_next_bucket(&sp), 1);
	rows = 0;
	do {
		while (spool_next(&sp, &r)) {
			T_INTEQ(r.len, 0);
			T_INTEQ(r.pos, rows == 0 ? 1 : 2);
			T_INTEQ(r.key, rows == 0 ? 5 : 0);
			rows++;
		}
	} while (spool_next_bucket(&sp) == 1);
	T_INTEQ(rows, 2);
	spool_free(&sp);
}

int
main(void)
{
	/* Held in memory: a budget far above the rows. */
	test_unique(20000, 40, (size_t)64 << 20, 0);
	/* 20 MB of rows in 64 KiB: every bucket to its temporary file. */
	test_unique(40000, 500, 64 * 1024, 1);
	test_shared((size_t)64 << 20, 30, 0);
	test_shared(64 * 1024, 1000, 1);
	test_not_put_order();
	test_empty();
	return t_done("test_spool");
}
