/*
 * idmap.h: the one table of 64-bit keys (ids, and hashes of names):
 * each key added gets the next slot number, 0, 1, 2, ..., which the
 * caller uses to index its own arrays (rows, agents, stores, log
 * entries).  Every id table of fu is one of these.
 *
 * The keys are kept dense, in the order they were added (key[slot]);
 * the open-addressing table beside them holds slot + 1 and is kept at
 * most half full: 16 to 24 bytes a key.  Any key is allowed, 0 too.  At
 * most IDMAP_MAX keys.
 */
#ifndef FU_IDMAP_H
#define FU_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#define IDMAP_NONE	UINT32_MAX
#define IDMAP_MAX	(UINT32_MAX - 1)

struct idmap {
	uint64_t	*key;		/* key[slot], slot < n */
	uint32_t	*tab;		/* slot + 1, or 0 for empty */
	size_t		 n;		/* keys */
	size_t		 keycap;
	size_t		 cap;		/* tab's size: a power of two, or 0 */
};

void	 idmap_init(struct idmap *);
/* Make room for n keys in all, sparing the rehashing as it grows. */
void	 idmap_reserve(struct idmap *, size_t);
/*
 * The slot of key, adding it (as slot n) when it is not there; *added
 * (may be NULL) says which.  Exits as out of memory past IDMAP_MAX.
 */
uint32_t idmap_put(struct idmap *, uint64_t, int *);
/* The slot of key, or IDMAP_NONE. */
uint32_t idmap_get(const struct idmap *, uint64_t);
/*
 * For a caller with many keys to look up or add: start loading the
 * part of the table where key's search begins, so that a put or get a
 * few dozen keys later finds it in the cache rather than waiting on
 * memory (most of a lookup's time in a large table).
 */
void	 idmap_prefetch(const struct idmap *, uint64_t);
/*
 * The second step, after idmap_prefetch has had time: the slot that
 * key's search finds first (most often its own), its key loaded too,
 * for the caller to load what it keeps by slot; IDMAP_NONE when that
 * place is empty (a key new to the table).
 */
uint32_t idmap_prefetch_slot(const struct idmap *, uint64_t);
void	 idmap_free(struct idmap *);

/*
 * A filter of the keys in a table (16 bits a key, 2 probes), for a
 * caller that looks up many keys of which most are not there: one the
 * filter says is absent is, without a look at the table, which a long
 * stream of input would have pushed out of the cache (about 1 in 700
 * absent keys passes).  Keys added to the table later are not in it:
 * build it once the table is complete.
 */
struct idfilter {
	uint64_t	*bits;
	size_t		 mask;		/* its bits - 1 */
};

void	 idfilter_build(struct idfilter *, const struct idmap *);
/* 0 when key is not in the table; 1 when it may be. */
int	 idfilter_maybe(const struct idfilter *, uint64_t);
void	 idfilter_free(struct idfilter *);

#endif
