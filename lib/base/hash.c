/* hash.c: FNV-1a-64, the SplitMix64 finalizer, and the stable id. */
#include <string.h>

#include "base/hash.h"

uint64_t
fnv1a64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= FNV64_PRIME;
	}
	return h;
}

uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

uint64_t
fu_id(const char *const *field, const size_t *len, size_t n)
{
	uint64_t h = FNV64_OFFSET;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			h = fnv1a64(h, "\x1f", 1);
		h = fnv1a64(h, field[i], len ? len[i] : strlen(field[i]));
	}
	return mix64(h);
}

void
fu_id_format(uint64_t id, char *out)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	/* A byte a step: an id is written for every row of an import. */
	for (i = 14; i >= 0; i -= 2) {
		out[i + 1] = hex[id & 0xf];
		out[i] = hex[id >> 4 & 0xf];
		id >>= 8;
	}
	out[16] = '\0';
}

/* Hex digits plus one (0: not one): a table, as ids are parsed by millions. */
static const unsigned char hexval[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16
};

int
fu_id_parse_n(const char *s, size_t n, uint64_t *id)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t v = 0;
	unsigned int d, bad = 0;
	int i;

	if (n > 16 && s[16] == '\0')
		n = 16;
	if (n != 16)
		return -1;
	/* No branch a digit: ids are parsed by millions. */
	for (i = 0; i < 16; i++) {
		d = (unsigned int)hexval[p[i]];
		bad |= d == 0;
		v = v << 4 | (uint64_t)((d - 1) & 0xf);
	}
	if (bad)
		return -1;
	*id = v;
	return 0;
}

int
fu_id_parse(const char *s, uint64_t *id)
{
	return fu_id_parse_n(s, strnlen(s, 17), id);
}

/*
 * fu_hash64: eight bytes a step, two lanes so that the multiplies of
 * one block do not wait on each other (FNV's byte at a time was most of
 * the cost of chaining a million log lines).  Every step is a bijection
 * of the lane for a fixed word and of the word for a fixed lane, so one
 * changed word cannot cancel out; mix64 at the end spreads every bit.
 * Words are read little-endian on every machine: the chains written
 * with it are kept in logs.
 */
#define H64_P1	UINT64_C(0x9e3779b97f4a7c15)
#define H64_P2	UINT64_C(0xc2b2ae3d27d4eb4f)
#define H64_P3	UINT64_C(0x165667b19e3779f9)

static inline uint64_t
load64le(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint64_t
rotl64(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

static inline uint64_t
h64_step(uint64_t h, uint64_t w)
{
	h ^= w * H64_P2;
	h = rotl64(h, 31);
	return h * H64_P1;
}

uint64_t
fu_hash64(uint64_t seed, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t a = seed ^ H64_P3, b = rotl64(seed, 32) ^ H64_P1, w;
	size_t len = n, i;

	for (; n >= 16; p += 16, n -= 16) {
		a = h64_step(a, load64le(p));
		b = h64_step(b, load64le(p + 8));
	}
	if (n >= 8) {
		a = h64_step(a, load64le(p));
		p += 8;
		n -= 8;
	}
	if (n > 0) {
		/*
		 * The last bytes, zero-padded: the length mixed in below
		 * tells "a" from "a\0".
		 */
		for (w = 0, i = 0; i < n; i++)
			w |= (uint64_t)p[i] << (8 * i);
		b = h64_step(b, w);
	}
	return mix64(a ^ rotl64(b, 23) ^ (uint64_t)len * H64_P3);
}
