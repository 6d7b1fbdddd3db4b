/*
 * sum.h: what the files of lib/summary share (summary.h is what others
 * see): the tables of exact keys, the counters of a group, the summary.
 *
 * A group is a tuple of SK_N words (store, store_size, agent, type and
 * method as interned numbers, day, week and month as day numbers; a key
 * not grouped by is 0).  Group 0 is the totals row.  Every figure is a
 * sum of integers kept per group or per entry of a table keyed by the
 * group, so that partial summaries add up (partial.c) and the rates
 * and medians are made from them only at the end (table.c).
 */
#ifndef FU_SUM_H
#define FU_SUM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/idmap.h"
#include "log/calllog.h"
#include "summary/summary.h"

/* Words of a tuple key, at most. */
#define TUP_MAX	4

/*
 * Tuples of nw 32-bit words, each a dense slot as idmap gives them:
 * keyed by a hash of the words, checked against the words kept, so no
 * two tuples ever share a slot.
 */
struct tuptab {
	struct idmap	 map;
	uint32_t	*w;		/* nw words per slot */
	size_t		 wcap;
	size_t		 nw;
	int64_t		*val;		/* a count per slot, or NULL */
	size_t		 valcap;
};

void	 tup_init(struct tuptab *, size_t, int);
/* The slot of a tuple, adding it; *added (may be NULL) says which. */
uint32_t tup_put(struct tuptab *, const uint32_t *, int *);
uint32_t tup_get(const struct tuptab *, const uint32_t *);
/* Add n to a counted tuple's count, adding it. */
void	 tup_add(struct tuptab *, const uint32_t *, int64_t);
#define tup_n(t)	((t)->map.n)
#define tup_words(t, i)	(&(t)->w[(size_t)(i) * (t)->nw])
void	 tup_free(struct tuptab *);

/* Strings, each a number from 1 ("" is 0), kept once. */
struct strtab {
	struct idmap	 map;
	char		*pool;
	size_t		 len, cap;
	uint32_t	*off;		/* of string i (1..n) in pool */
	size_t		 offcap;
	size_t		 n;
};

void	 str_init(struct strtab *);
uint32_t str_put(struct strtab *, const char *, size_t);
/* -1 when not there. */
long	 str_get(const struct strtab *, const char *, size_t);
const char *str_at(const struct strtab *, uint32_t);
void	 str_free(struct strtab *);

/* The counters of a group, all sums. */
enum sum_counter {
	C_PLANNED, C_DIALS, C_CONTACTS, C_SUCCESS,
	C_OC,				/* OC_N of them */
	C_LOST = C_OC + 11,
	C_SUBMITTED, C_SAMPLED, C_REACHED,
	C_QSUM1, C_QSUM2, C_QSUM3, C_QN1, C_QN2, C_QN3,
	C_SCORED, C_SATISFIED, C_DISSATISFIED,
	C_COMPLAINTS, C_RESOLVED,
	C_GIFT_CHECKED, C_GIFT_SUBMITTED, C_GIFT_MISMATCH,
	C_THIRD, C_OUTSIDE, C_PHONE,
	C_REQ_LOG,			/* distinct request contacts, log */
	C_REQ_SUBMITTED,		/* request rows of --contacts */
	C_N
};

extern const char *const sum_counter_names[C_N];

/* A contact of the log: its round of dials, its group's flags. */
struct sum_contact {
	int32_t		 start;		/* its round's first call, minutes */
	uint32_t	 g;		/* the group of its last record */
	uint32_t	 sm_store;	/* the (store, month) it was last */
	uint16_t	 sm_month;	/* counted reached in; 0: none */
	uint8_t		 flags;		/* for group g: CF_* */
	uint8_t		 tflags;	/* for the totals */
	uint8_t		 dials;		/* failed dials of the round */
	uint8_t		 active;	/* a round open */
	uint8_t		 sm_multi;	/* in several: smc holds them all */
	uint8_t		 multi_g;	/* in several groups: pairs has them */
};

/*
 * A group's last entries of the tables keyed by it: records of a group
 * come in runs of a day, an agent, a store, so most need no look-up.
 */
struct sum_gcache {
	uint32_t	 day, dslot;	/* gday */
	uint32_t	 awa, awm;	/* gaw */
	uint32_t	 sms, smm;	/* gsm */
};

#define CF_SEEN		0x01
#define CF_SUCCESS	0x02
#define CF_REACHED	0x04

/* A finished row: its group, and what table.c made of it. */
struct sum_row {
	uint32_t	 g;
	double		 v[SM_N];
	uint64_t	 none[(SM_N + 63) / 64];	/* bit: no value */
};

struct summary {
	struct sum_opts	 o;
	int		 bykey[SK_N];	/* 1 when grouped by */
	struct strtab	 str[SK_N];	/* store, agent, type, method names */
	struct tuptab	 groups;	/* SK_N words: the group tuples */
	int64_t		*cnt;		/* C_N counters per group */
	size_t		 cntcap;
	struct sum_gcache *gc;		/* per group */
	size_t		 gccap;
	int		 folded;	/* the totals' table entries made */
	struct idmap	 cid;		/* contact id -> its slot */
	struct sum_contact *ct;
	size_t		 ctcap;
	struct tuptab	 pairs;		/* (g, contact): CF_* in val */
	struct tuptab	 gday;		/* (g, day): phone calls */
	struct tuptab	 gres;		/* (g, days to resolve): complaints */
	struct tuptab	 gaw;		/* (g, agent, monday): presence */
	struct tuptab	 aws;		/* (agent, monday): successes */
	struct tuptab	 gsm;		/* (g, store, month): presence */
	struct tuptab	 smc;		/* (store, month, contact): presence */
	struct tuptab	 smr;		/* (store, month): reached */
	uint8_t		*size;		/* store -> enum store_size */
	size_t		 sizecap;
	int		 fed_contacts;	/* --contacts was given */
	long		 bad;
	/* summary_finish */
	struct sum_row	*row;
	size_t		 nrow;
	char		 keybuf[SK_N][SUM_FMT];
};

/* The group of a tuple (words as summary.h's keys), added when new. */
uint32_t sum_group(struct summary *, const uint32_t *);
int64_t	*sum_cnt(struct summary *, uint32_t);
/* A store's number, its size known or learnt. */
uint32_t sum_store(struct summary *, const char *, size_t);
void	 sum_set_size(struct summary *, uint32_t, int);
int	 sum_size_of(const struct summary *, uint32_t);
/* The tuple of a record's keys: fills w[SK_N], grouped keys only. */
void	 sum_tuple(const struct summary *, const uint32_t *, uint32_t *);
/* A key's value as text: the totals row's too. */
const char *sum_key_text(const struct summary *, uint32_t, int, char *);
/* A key's value from text (partial.c): 0, or -1. */
int	 sum_key_parse(struct summary *, int, const char *, uint32_t *);

/*
 * The totals' entries of the tables keyed by a group (days, days to
 * resolve, agent-weeks, store-months), made from the groups' at the
 * end rather than kept for each record.  Once.
 */
void	 sum_fold_totals(struct summary *);
/* partial.c: a partial summary read from fp (name for messages). */
int	 sum_merge_fp(struct summary *, FILE *, const char *, char *);
/* table.c: the rows, from the counters and the tables. */
void	 sum_make_rows(struct summary *);
/* A month as a number: year * 12 + month - 1. */
#define MONTH_INDEX(y, m)	((uint32_t)((y) * 12 + (m) - 1))
/* Day numbers, kept in a word: days since 1970 plus this. */
#define DAY_BIAS	0x40000000u

/*
 * read.c: what a record adds, read off it: all that needs no state of
 * the summary, so that with o.beside it is done on the reader's core.
 * Its strings are the record's fields (or copies of them).
 */
struct sum_rec {
	uint64_t	 id;
	long long	 t;		/* call_ts */
	const char	*type, *store, *agent;
	uint32_t	 tlen, slen, alen;
	int		 outcome, ct, day, res_days;
	uint8_t		 sms, outside, complaint, resolved, gift_mismatch;
	uint8_t		 q[3];		/* scores 1..5, or 0 */
};

/*
 * A record in force of the log read into a sum_rec: 1, or 0 when it
 * adds nothing (after the period, or before the rounds it could be
 * part of).
 */
int	 sum_prepare(const struct sum_opts *, const struct calllog *,
	    struct callrec *, struct sum_rec *);
/* Add n records, in order, their contacts' lookups fetched together. */
void	 sum_add_records(struct summary *, const struct sum_rec *, long);

#endif
