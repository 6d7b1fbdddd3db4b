/*
 * rand.h: counter-based random numbers (see fu(7), "Randomness").
 *
 * A row's random number is a pure function of the seed, the row's id
 * and a stream number (for a second independent draw of the same row):
 *   rnd_u64(seed, id, stream) = mix64(mix64(seed ^ stream*G) + id*G)
 * with G = 0x9e3779b97f4a7c15 (SplitMix64's increment).  So a sample does
 * not depend on the order of the input rows, or on how it was split.
 */
#ifndef FU_RAND_H
#define FU_RAND_H

#include <stdint.h>

uint64_t	rnd_u64(uint64_t, uint64_t, uint64_t);
/* Uniform in the open interval (0, 1), from the top 53 bits. */
double		rnd_unit(uint64_t, uint64_t, uint64_t);
/* A seed from a string, such as the week "2026-11-W3". */
uint64_t	rnd_seed_str(const char *);

#endif
