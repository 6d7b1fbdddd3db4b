/* rand.c: counter-based random numbers; see rand.h. */
#include <string.h>

#include "base/hash.h"
#include "base/rand.h"

#define GOLDEN	UINT64_C(0x9e3779b97f4a7c15)

uint64_t
rnd_u64(uint64_t seed, uint64_t id, uint64_t stream)
{
	return mix64(mix64(seed ^ (stream * GOLDEN)) + id * GOLDEN);
}

double
rnd_unit(uint64_t seed, uint64_t id, uint64_t stream)
{
	uint64_t x = rnd_u64(seed, id, stream);

	return ((double)(x >> 11) + 0.5) * 0x1p-53;
}

uint64_t
rnd_seed_str(const char *s)
{
	return mix64(fnv1a64(FNV64_OFFSET, s, strlen(s)));
}
