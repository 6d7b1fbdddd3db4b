/* idmap.c: 64-bit keys to dense slots; see idmap.h. */
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/util.h"

void
idmap_init(struct idmap *m)
{
	memset(m, 0, sizeof(*m));
}

/* Ids are hashes already, but keys may not be: mix them. */
static size_t
home(const struct idmap *m, uint64_t key)
{
	return (size_t)mix64(key) & (m->cap - 1);
}

static void
rehash(struct idmap *m, size_t cap)
{
	size_t i, j;

	free(m->tab);
	m->cap = cap;
	m->tab = xcalloc(cap, sizeof(*m->tab));
	for (i = 0; i < m->n; i++) {
		for (j = home(m, m->key[i]); m->tab[j] != 0;
		    j = (j + 1) & (cap - 1))
			;
		m->tab[j] = (uint32_t)i + 1;
	}
}

void
idmap_reserve(struct idmap *m, size_t n)
{
	size_t cap = 64;

	if (n > IDMAP_MAX)
		n = IDMAP_MAX;
	while (cap < 2 * n)
		cap *= 2;
	if (cap > m->cap)
		rehash(m, cap);
	if (n > m->keycap) {
		m->key = xreallocarray(m->key, n, sizeof(*m->key));
		m->keycap = n;
	}
}

uint32_t
idmap_put(struct idmap *m, uint64_t key, int *added)
{
	size_t j;
	uint32_t v;

	if (2 * (m->n + 1) > m->cap)
		rehash(m, m->cap ? 2 * m->cap : 64);
	for (j = home(m, key); (v = m->tab[j]) != 0; j = (j + 1) & (m->cap - 1))
		if (m->key[v - 1] == key) {
			if (added != NULL)
				*added = 0;
			return v - 1;
		}
	if (m->n >= IDMAP_MAX)
		fu_errx(FU_EXIT_FATAL, "out of memory: more than %lu keys",
		    (unsigned long)IDMAP_MAX);
	if (m->n == m->keycap)
		m->key = xgrow(m->key, &m->keycap, m->n + 1, sizeof(*m->key));
	m->key[m->n] = key;
	m->tab[j] = (uint32_t)++m->n;
	if (added != NULL)
		*added = 1;
	return (uint32_t)(m->n - 1);
}

uint32_t
idmap_get(const struct idmap *m, uint64_t key)
{
	size_t j;
	uint32_t v;

	if (m->cap == 0)
		return IDMAP_NONE;
	for (j = home(m, key); (v = m->tab[j]) != 0; j = (j + 1) & (m->cap - 1))
		if (m->key[v - 1] == key)
			return v - 1;
	return IDMAP_NONE;
}

void
idmap_prefetch(const struct idmap *m, uint64_t key)
{
	if (m->cap != 0)
		__builtin_prefetch(&m->tab[home(m, key)]);
}

uint32_t
idmap_prefetch_slot(const struct idmap *m, uint64_t key)
{
	uint32_t v;

	if (m->cap == 0 || (v = m->tab[home(m, key)]) == 0)
		return IDMAP_NONE;
	__builtin_prefetch(&m->key[v - 1]);
	return v - 1;
}

void
idmap_free(struct idmap *m)
{
	free(m->key);
	free(m->tab);
	memset(m, 0, sizeof(*m));
}

void
idfilter_build(struct idfilter *f, const struct idmap *m)
{
	size_t bits = 4096, i;
	uint64_t h;

	while (bits < 16 * m->n)
		bits *= 2;
	f->bits = xcalloc(bits / 64, sizeof(*f->bits));
	f->mask = bits - 1;
	for (i = 0; i < m->n; i++) {
		h = mix64(m->key[i]);
		f->bits[(h & f->mask) / 64] |= UINT64_C(1) << (h & 63);
		f->bits[((h >> 32) & f->mask) / 64] |=
		    UINT64_C(1) << ((h >> 32) & 63);
	}
}

int
idfilter_maybe(const struct idfilter *f, uint64_t key)
{
	uint64_t h = mix64(key);

	return (f->bits[(h & f->mask) / 64] >> (h & 63) & 1) &&
	    (f->bits[((h >> 32) & f->mask) / 64] >> ((h >> 32) & 63) & 1);
}

void
idfilter_free(struct idfilter *f)
{
	free(f->bits);
	memset(f, 0, sizeof(*f));
}
