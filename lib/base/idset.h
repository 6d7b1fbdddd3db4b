/*
 * idset.h: a set of 64-bit ids (open addressing, at most 80% full: 10 to
 * 20 bytes an id), for finding rows seen before.
 */
#ifndef FU_IDSET_H
#define FU_IDSET_H

#include <stddef.h>
#include <stdint.h>

struct idset {
	uint64_t	*slot;		/* 0 is empty; id 0 is held in has_zero */
	size_t		 cap;		/* a power of two */
	size_t		 n;
	int		 has_zero;
};

void	idset_init(struct idset *);
/* Make room for about n ids at once, sparing the rehashing as it grows. */
void	idset_reserve(struct idset *, size_t);
/* 1 when the id was new (and is now in), 0 when it was there. */
int	idset_add(struct idset *, uint64_t);
int	idset_has(const struct idset *, uint64_t);
/* Start fetching the id's slot, to add it a little later: hides a miss. */
void	idset_prefetch(const struct idset *, uint64_t);
void	idset_free(struct idset *);

#endif
