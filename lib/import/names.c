/*
 * names.c: a list of distinct names (column names, odd store sizes) in
 * the order they were added, found through base/idmap by the FNV-1a-64
 * of the name: linear in the names however many a header has.  See
 * export.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/idmap.h"
#include "base/util.h"
#include "import/export.h"

/*
 * Two names of one hash: the second probes the next key of its hash's
 * sequence, so a lookup walks the keys until an empty one or its name.
 */
#define PROBE_STEP	UINT64_C(0x9e3779b97f4a7c15)

void
imp_names_init(struct imp_names *l)
{
	memset(l, 0, sizeof(*l));
	idmap_init(&l->map);
}

/* The index of a name (n bytes), or -1; *key the first free key. */
static long
lookup(const struct imp_names *l, const char *s, size_t n, uint64_t *key)
{
	uint64_t k = fnv1a64(FNV64_OFFSET, s, n);
	uint32_t slot;

	for (;; k += PROBE_STEP) {
		if ((slot = idmap_get(&l->map, k)) == IDMAP_NONE) {
			*key = k;
			return -1;
		}
		/* The slot of the map is the slot of the list. */
		if (strlen(l->name[slot]) == n &&
		    memcmp(l->name[slot], s, n) == 0)
			return (long)slot;
	}
}

long
imp_names_find(const struct imp_names *l, const char *s, size_t n)
{
	uint64_t key;

	return lookup(l, s, n, &key);
}

size_t
imp_names_add(struct imp_names *l, const char *s, size_t n, int *added)
{
	uint64_t key;
	long i;

	if ((i = lookup(l, s, n, &key)) != -1) {
		if (added != NULL)
			*added = 0;
		return (size_t)i;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->name = xreallocarray(l->name, l->cap, sizeof(*l->name));
		l->count = xreallocarray(l->count, l->cap, sizeof(*l->count));
		l->first = xreallocarray(l->first, l->cap, sizeof(*l->first));
	}
	idmap_put(&l->map, key, NULL);
	l->name[l->n] = xstrndup(s, n);
	l->count[l->n] = 0;
	l->first[l->n] = NULL;
	if (added != NULL)
		*added = 1;
	return l->n++;
}

void
imp_names_free(struct imp_names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->name[i]);
		free(l->first[i]);
	}
	free(l->name);
	free(l->count);
	free(l->first);
	idmap_free(&l->map);
	memset(l, 0, sizeof(*l));
}
