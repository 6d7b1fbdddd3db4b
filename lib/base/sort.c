/*
 * sort.c: an LSD radix sort of fixed-size records by a 64-bit key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "base/util.h"

/* Below this many records an insertion sort does less work. */
#define SORT_SMALL	32

static inline uint64_t
key_at(const unsigned char *r, size_t off, uint64_t mask)
{
	uint64_t k;

	memcpy(&k, r + off, sizeof(k));
	return k & mask;
}

/*
 * One pass: the records of src to dst by the byte at shift, pos[b]
 * where the next record of byte b goes.  Inline, so that the calls
 * below with a constant size move a record in one or two loads.
 */
static inline void
scatter(unsigned char *dst, const unsigned char *src, size_t n,
    size_t size, size_t off, int shift, size_t *pos)
{
	const unsigned char *r;
	size_t i, b;
	uint64_t k;

	for (i = 0; i < n; i++) {
		r = src + i * size;
		memcpy(&k, r + off, sizeof(k));
		b = (size_t)(k >> shift) & 0xff;
		memcpy(dst + pos[b]++ * size, r, size);
	}
}

static void
scatter_any(unsigned char *dst, const unsigned char *src, size_t n,
    size_t size, size_t off, int shift, size_t *pos)
{
	if (size == 8)
		scatter(dst, src, n, 8, off, shift, pos);
	else if (size == 16)
		scatter(dst, src, n, 16, off, shift, pos);
	else
		scatter(dst, src, n, size, off, shift, pos);
}

/* Stable: a record moves only past those whose keys are greater. */
static void
insertion(unsigned char *a, size_t n, size_t size, size_t off,
    uint64_t mask, unsigned char *x)
{
	size_t i, j;
	uint64_t k;

	for (i = 1; i < n; i++) {
		k = key_at(a + i * size, off, mask);
		for (j = i; j > 0 && key_at(a + (j - 1) * size, off, mask) > k;
		    j--)
			;
		if (j == i)
			continue;
		memcpy(x, a + i * size, size);
		memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
		memcpy(a + j * size, x, size);
	}
}

void
sort_radix(void *base, size_t n, size_t size, size_t off, uint64_t mask,
    void *tmp)
{
	size_t (*cnt)[256], i, b, sum, c;
	unsigned char *a = base, *t = tmp, *src, *dst, *swap;
	uint64_t k;
	int d, passes = 0;

	if (n < 2)
		return;
	if (t == NULL)
		t = xreallocarray(NULL, n, size);
	if (n < SORT_SMALL) {
		insertion(a, n, size, off, mask, t);
		goto out;
	}
	/* Every byte's counts in one pass over the keys. */
	cnt = xcalloc(8, sizeof(*cnt));
	for (i = 0; i < n; i++) {
		k = key_at(a + i * size, off, mask);
		for (d = 0; d < 8; d++)
			cnt[d][(k >> (8 * d)) & 0xff]++;
	}
	src = a;
	dst = t;
	for (d = 0; d < 8; d++) {
		if ((mask >> (8 * d) & 0xff) == 0)
			continue;
		/* A byte every key shares orders nothing. */
		k = key_at(src, off, mask);
		if (cnt[d][(k >> (8 * d)) & 0xff] == n)
			continue;
		for (b = 0, sum = 0; b < 256; b++) {
			c = cnt[d][b];
			cnt[d][b] = sum;
			sum += c;
		}
		scatter_any(dst, src, n, size, off, 8 * d, cnt[d]);
		swap = src;
		src = dst;
		dst = swap;
		passes++;
	}
	free(cnt);
	if (passes % 2 == 1)
		memcpy(a, t, n * size);
out:
	if (t != tmp)
		free(t);
}
