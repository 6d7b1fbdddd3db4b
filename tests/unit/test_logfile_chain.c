/*
 * test_logfile_chain.c: the log's chain (fu_hash64 over the line as
 * written, pinned: chains are kept in logs), the raw line check, and
 * fu-record's id table.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/hash.h"
#include "log/logfile.h"
#include "record/recorder.h"
#include "t.h"

static void
test_hash64(void)
{
	char buf[64];
	size_t i;

	/*
	 * Pinned (computed by an independent Python implementation of
	 * fu_hash64 as hash.c describes it): the chains of logs depend on
	 * them.  Lengths 0, 1, 2, 6, 16 and 17 take every path: no block,
	 * tail only, a zero byte in the tail, a full block, a block and a
	 * tail.
	 */
	T_U64EQ(fu_hash64(0, "", 0), UINT64_C(0x2751188cb2ad0a94));
	T_U64EQ(fu_hash64(0, "a", 1), UINT64_C(0x82b3ba631d0f1291));
	T_U64EQ(fu_hash64(0, "a\0", 2), UINT64_C(0x83a3c56e85713637));
	T_U64EQ(fu_hash64(0, "foobar", 6), UINT64_C(0x81b76d62cb6409f9));
	T_U64EQ(fu_hash64(0, "0123456789abcdef", 16),
	    UINT64_C(0xb2b3ce3582a75c91));
	T_U64EQ(fu_hash64(0, "0123456789abcdefg", 17),
	    UINT64_C(0x1905c4818971716f));
	T_U64EQ(fu_hash64(42, "The quick brown fox jumps over the lazy dog",
	    43), UINT64_C(0x46f4390a8b79c175));
	T_U64EQ(fu_hash64(0, "客户回访", strlen("客户回访")),
	    UINT64_C(0xfbb15960d9815dec));
	/* Not where the bytes are: the same at every alignment. */
	for (i = 0; i < 8; i++) {
		memcpy(buf + i, "The quick brown fox jumps over the lazy dog",
		    43);
		T_U64EQ(fu_hash64(42, buf + i, 43),
		    UINT64_C(0x46f4390a8b79c175));
	}
	/* One bit changed anywhere changes it. */
	memcpy(buf, "The quick brown fox jumps over the lazy dog", 43);
	for (i = 0; i < 43; i++) {
		buf[i] ^= 0x20;
		T_OK(fu_hash64(42, buf, 43) != UINT64_C(0x46f4390a8b79c175));
		buf[i] ^= 0x20;
	}
}

static void
test_chain(void)
{
	static const char line[] = "2026-11-23T10:05\t5100e7966a5c7cd0\t"
	    "service\t城东店\t王建军\t13812346521\t1\tphone\tno_answer\t\t\t"
	    "\t\t\t\t\t张敏\t\t";
	char out[17], prev[17], full[512];
	size_t at;

	/* Pinned as above: the first line after the header. */
	log_chain_line("0000000000000000", line, strlen(line), out);
	T_STREQ(out, "d76d419149e13a70");
	/* Chained: the next one depends on it. */
	memcpy(prev, out, sizeof(prev));
	log_chain_line(prev, line, strlen(line), out);
	T_OK(strcmp(out, "d76d419149e13a70") != 0);

	/* A line as the log holds it: 20 fields, the chain last. */
	snprintf(full, sizeof(full), "%s\t%s", line, "d76d419149e13a70");
	T_INTEQ(log_line_split(full, strlen(full), LC_N, &at), 0);
	T_INTEQ((long long)at, (long long)strlen(line) + 1);
	T_OK(memcmp(full + at, "d76d419149e13a70", 16) == 0);
	/* Escaped tabs are not fields; a field more or less is an error. */
	T_INTEQ(log_line_split(full, strlen(full), LC_N + 1, &at), -1);
	T_INTEQ(log_line_split(full, strlen(full), LC_N - 1, &at), -1);
	snprintf(full, sizeof(full), "a\\tb%s\t%s", line, "d76d419149e13a70");
	T_INTEQ(log_line_split(full, strlen(full), LC_N, &at), 0);
	/* A header with a column more: the chain is still the 20th. */
	snprintf(full, sizeof(full), "%s\t%s\textra", line,
	    "d76d419149e13a70");
	T_INTEQ(log_line_split(full, strlen(full), LC_N + 1, &at), 0);
	T_INTEQ((long long)at, (long long)strlen(line) + 1);
}

static void
test_ids(void)
{
	struct recorder rc;
	struct rec_opts o;
	struct rec_ent *e;
	uint64_t i, n = 100000, bad = 0;

	memset(&o, 0, sizeof(o));
	rec_init(&rc, &o);
	T_OK(rec_ent_find(&rc, 1) == NULL);
	/* Ids that differ in their high bits only, and sequential ones. */
	for (i = 0; i < n; i++) {
		e = rec_ent_add(&rc, i << 40);
		e->head = (uint32_t)i;
		rec_ent_add(&rc, UINT64_C(0xa1b2c3d400000000) + i);
	}
	T_INTEQ((long long)rc.ids.n, (long long)(2 * n));
	for (i = 0; i < n; i++) {
		e = rec_ent_find(&rc, i << 40);
		if (e == NULL || rc.ids.key[e - rc.ent] != i << 40 ||
		    e->head != i)
			bad++;
		e = rec_ent_add(&rc, UINT64_C(0xa1b2c3d400000000) + i);
		if (rc.ids.key[e - rc.ent] != UINT64_C(0xa1b2c3d400000000) + i)
			bad++;
	}
	T_INTEQ((long long)bad, 0);
	/* Adding again adds nothing; an id never added is not found. */
	T_INTEQ((long long)rc.ids.n, (long long)(2 * n));
	T_OK(rec_ent_find(&rc, UINT64_C(0xffffffffffffffff)) == NULL);
	/* A new entry is cleared, whatever the one before it held. */
	e = rec_ent_add(&rc, 3);
	T_OK(e->coff == 0 && e->flags == 0 && e->head == 0);
	/* An entry is 16 bytes: a million ids in 16 MiB. */
	T_INTEQ((long long)sizeof(struct rec_ent), 16);
	rec_free(&rc);
}

int
main(void)
{
	test_hash64();
	test_chain();
	test_ids();
	return t_done("test_logfile_chain");
}
