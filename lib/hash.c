/* hash.c: FNV-1a-64, the SplitMix64 finalizer, and the stable id. */
#include <string.h>

#include "hash.h"

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

	for (i = 15; i >= 0; i--) {
		out[i] = hex[id & 0xf];
		id >>= 4;
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
