/* idset.c: a set of 64-bit ids; see idset.h. */
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/idset.h"
#include "base/util.h"

void
idset_init(struct idset *s)
{
	memset(s, 0, sizeof(*s));
}

static void
rehash(struct idset *s, size_t cap)
{
	uint64_t *old = s->slot;
	size_t oldcap = s->cap, i, j;

	s->cap = cap;
	s->slot = xcalloc(s->cap, sizeof(*s->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		/* Ids are hashes already, but mix in case they are not. */
		for (j = mix64(old[i]) & (s->cap - 1); s->slot[j] != 0;
		    j = (j + 1) & (s->cap - 1))
			;
		s->slot[j] = old[i];
	}
	free(old);
}

static void
grow(struct idset *s)
{
	rehash(s, s->cap ? s->cap * 2 : 1024);
}

void
idset_reserve(struct idset *s, size_t n)
{
	size_t cap = 1024;

	while (cap < n + n / 4 + 1 && cap < ((size_t)1 << 40))
		cap *= 2;
	if (cap > s->cap)
		rehash(s, cap);
}

int
idset_add(struct idset *s, uint64_t id)
{
	size_t j;

	if (id == 0) {
		if (s->has_zero)
			return 0;
		s->has_zero = 1;
		return 1;
	}
	/* At most 80% full: 10 to 20 bytes an id. */
	if ((s->n + 1) * 5 > s->cap * 4)
		grow(s);
	for (j = mix64(id) & (s->cap - 1); s->slot[j] != 0;
	    j = (j + 1) & (s->cap - 1))
		if (s->slot[j] == id)
			return 0;
	s->slot[j] = id;
	s->n++;
	return 1;
}

int
idset_has(const struct idset *s, uint64_t id)
{
	size_t j;

	if (id == 0)
		return s->has_zero;
	if (s->cap == 0)
		return 0;
	for (j = mix64(id) & (s->cap - 1); s->slot[j] != 0;
	    j = (j + 1) & (s->cap - 1))
		if (s->slot[j] == id)
			return 1;
	return 0;
}

void
idset_prefetch(const struct idset *s, uint64_t id)
{
	if (s->cap > 0)
		__builtin_prefetch(&s->slot[mix64(id) & (s->cap - 1)]);
}

void
idset_free(struct idset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}
