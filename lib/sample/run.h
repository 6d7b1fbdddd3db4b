/*
 * run.h: what the files of fu-sample's engine share (sample.h is the
 * public side): the inputs, the stores with the rows the first reading
 * keeps of them, the reasons and how the draw numbers them.
 *
 * input.c reads the contacts and the do-not-call list, history.c the
 * call log, draw.c makes the draw, output.c the second reading and the
 * output; sample.c holds the run and its stores.
 */
#ifndef FU_SAMPLE_RUN_H
#define FU_SAMPLE_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/hash.h"

/* Declared in sample.h. */
struct sample;
struct sample_gift;
struct sample_svc;
struct sample_other;

/* The longest reason (tier labels are short: "1500.50-2999.99 ..."). */
#define REASON_MAX	256

/* The columns fu-sample adds: reason, rank and key. */
extern const char *const sample_cols[];
#define NOURS	3

/*
 * The reasons, in this order: the gift checks, each tier's own draw and
 * its fill from below, the top-up, the types taken whole.
 */
#define R_GIFT		0
#define R_OWN(t)	(1 + 2 * (t))
#define R_FILL(t)	(2 + 2 * (t))
#define R_TOPUP(m)	(1 + 2 * (m))
#define R_ALL(m)	(2 + 2 * (m))

/* A slot shared by the rows of a customer (in rowslot). */
#define SLOT_SHARED	0x80000000u

/* Room for one more row in a vector (util.h xgrow). */
#define PUSH(v, n, cap)	do {						\
	if ((n) == (cap))						\
		(v) = xgrow((v), &(cap), (n) + 1, sizeof(*(v)));	\
} while (0)

struct sample_input {
	char		*name;		/* for messages; "stdin" for "-" */
	FILE		*fp;
	int		 own;		/* fp is ours to close */
	long long	 start;		/* where its header begins in fp */
	uint64_t	 first;		/* the number of its first row */
	uint64_t	 rows;		/* records the first reading saw */
	long		*map;		/* output column -> its column, or -1 */
	size_t		 nmap;		/* output columns when it was read */
	long		 cid;		/* its id column */
	long		 shown;		/* bad rows shown */
};

struct sample_store {
	char		*name;
	size_t		 len;
	uint64_t	 hash;		/* FNV-1a-64 of the name, not mixed */
	unsigned	 sizes;		/* 1: said large, 2: said small */
	int		 size;		/* enum store_size, decided */
	struct sample_gift *g;
	size_t		 ng, capg;
	struct sample_svc *s;
	size_t		 ns, caps;
	struct sample_other *o;
	size_t		 no, capo;
	long		 rows;		/* its good rows */
	long		 gift_rows;	/* gift rows, excluded ones too */
	long		 service_rows;	/* service rows, excluded ones too */
	long		 ex_recent;
	long		 ex_dnc;
	long		 noamount;
	long		 called;	/* customers reached this month (log) */
};

/*
 * An id seen twice in a store (dups.c): the rows, in the order read,
 * and what the second reading found of the first.
 */
struct sample_dup {
	uint64_t	 id;
	uint64_t	 hash;		/* the first row's fields but src */
	uint32_t	 row[2];	/* the first row read, the later */
	uint32_t	 in0;		/* the first's input */
	long		 line0;		/* the first's line; -1 till read */
	int		 kept_later;	/* the later row is drawn from */
};

/* Duplicate ids said on standard error; the rest are counted. */
#define SAMPLE_SHOW_DUPS	20

/*
 * Before a store's draw: a row whose id an earlier row of the store
 * has is taken out (counted out of the store's rows) and listed.
 */
void	 sample_dedupe_store(struct sample *, struct sample_store *);
/*
 * The second reading: begin, then each row of input in (an index into
 * s->in), its number, raw line of ncol fields and line number, then end:
 * each id seen twice is said, the same row again (any column but src may
 * differ: counted in dups) or two rows under one id (a bad row).
 */
void	 sample_dups_begin(struct sample *);
void	 sample_dups_row(struct sample *, size_t, uint32_t, const char *,
	    size_t, long, size_t);
void	 sample_dups_end(struct sample *);

/*
 * The store of a name, made when new.  s->stores holds the FNV-1a-64
 * of each store's name (sample.c: or a key further along, when two
 * names have one hash); its slot i is s->store[i].
 */
struct sample_store *sample_store_get(struct sample *, const char *, size_t);
/* Free a store's rows (after its draw). */
void	 sample_store_free_rows(struct sample_store *);

/* The key of a phone in the exclusion sets. */
static inline uint64_t
sample_phone_key(const char *p, size_t n)
{
	return fu_id(&p, &n, 1);
}

/*
 * The customer of a row: fu_id(store, phone) (hash.h), carrying on from
 * the hash of the store's name.
 */
static inline uint64_t
sample_cust_key(const struct sample_store *st, const char *phone,
    size_t plen)
{
	return mix64(fnv1a64(fnv1a64(st->hash, "\x1f", 1), phone, plen));
}

/* The bits of a double. */
static inline uint64_t
sample_dbits(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b;
}

#endif
