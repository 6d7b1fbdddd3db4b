/*
 * hash.h: the stable 64-bit id, and the hash functions beneath it.
 *
 * id = mix64(FNV-1a-64(f1 US f2 US ... fn)), where US is the byte 0x1F
 * (ASCII unit separator, which no normalized field holds), FNV-1a-64 is
 * offset 0xcbf29ce484222325, prime 0x100000001b3, and mix64 is the
 * SplitMix64 finalizer (Stafford's Mix13).  Written as 16 lowercase hex
 * digits.  These are fixed for ever: ids in logs must not change between
 * versions or machines (tests/unit/test_hash.c pins vectors).
 */
#ifndef FU_HASH_H
#define FU_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV64_OFFSET	UINT64_C(0xcbf29ce484222325)
#define FNV64_PRIME	UINT64_C(0x100000001b3)

uint64_t	fnv1a64(uint64_t, const void *, size_t);
uint64_t	mix64(uint64_t);
/* The id of fields (lengths may be NULL for NUL-terminated fields). */
uint64_t	fu_id(const char *const *, const size_t *, size_t);
/*
 * A fast well-mixed 64-bit hash of n bytes (eight at a time), for the
 * log's chain (logfile.h) and in-memory tables: not for ids, which are
 * fu_id's for ever.  Pinned by tests/unit/test_logfile_chain.c.
 */
uint64_t	fu_hash64(uint64_t, const void *, size_t);
/* 16 hex digits and a NUL into 17 bytes. */
void		fu_id_format(uint64_t, char *);
/* 0 for exactly 16 hex digits, else -1. */
int		fu_id_parse(const char *, uint64_t *);
/*
 * What fu_id_parse says of the n bytes at s taken as a string: 16 hex
 * digits, or 16 and then a NUL (as a field cut out of a line and then
 * read as a string stops at a NUL).  s[n] is not looked at: a raw field
 * of a line (escapes in it) can be parsed where it lies, and an escaped
 * one fails as its unescaped self would, a backslash being no digit.
 */
int		fu_id_parse_n(const char *, size_t, uint64_t *);

#endif
