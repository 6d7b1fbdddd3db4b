/*
 * sample.h: whom to call this week (fu-sample's work; fu(7) rules 1,
 * 3, 4 and 8).
 *
 * A run reads the contacts twice.  The first reading keeps, per row,
 * only what the draw needs (16 bytes: the customer or id, the value or
 * amount band, the row's number), per store.  The draw then runs store
 * by store, in the order of their names: gift checks (40% by value,
 * Efraimidis-Spirakis, a customer's rows together), service tiers with
 * fill-down, the small-store monthly top-up, and the other types, all
 * of which are taken; each chosen row gets a slot in the output order,
 * a rank, a reason and its key.  The second reading finds the chosen
 * rows by their number, and puts them in output order through the
 * spool (base/spool.h: held in memory up to a budget, in temporary
 * files beyond it).  An input that cannot be read twice (a pipe) is
 * copied to a temporary file during the first reading.
 *
 * A row's random number is rnd_unit(seed, id, 0) (rand.h); a gift
 * customer's is that of its customer id, fu_id(store, phone) (hash.h),
 * or of the row's id when it has no phone.
 */
#ifndef FU_SAMPLE_H
#define FU_SAMPLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt/contact.h"
#include "fmt/date.h"
#include "base/idmap.h"
#include "fmt/dnc.h"
#include "fmt/policy.h"

/* A gift row, as the draw sees it. */
struct sample_gift {
	uint64_t	 cust;		/* customer id: fu_id(store, phone) */
	uint64_t	 id;		/* the row's id (an id seen twice) */
	uint32_t	 weight;	/* value, fen (0: gift_min_weight) */
	uint32_t	 row;		/* the row's number in the input */
};

/*
 * A customer of gift rows, and its place in the draw: customers are
 * ranked by rank, low first, which orders their keys high first (the
 * Efraimidis-Spirakis key log(u)/w, or with GIFT_TOP the value w plus
 * u); equal ranks by u, high first, then by customer id.
 */
struct sample_unit {
	uint64_t	 rank;
	uint32_t	 start;		/* its rows: g[start .. start + n) */
	uint32_t	 n;
};

/* A service row. */
struct sample_svc {
	uint64_t	 id;
	uint32_t	 row;
	uint8_t		 band;		/* sample_band */
	uint8_t		 flags;		/* SV_* */
	uint16_t	 pick;		/* what the draw made of it: SP_* */
};

#define SV_NOAMOUNT	0x01	/* no amount: in no tier, only a top-up */
#define SV_FLOOR	0x02	/* below tier_floor: fills no tier */

/* What the service draw made of a row (struct sample_svc pick). */
#define SP_NONE		0
#define SP_TOPUP	0xffff
/* 1 + 2t: tier t's own draw; 2 + 2t: filled into tier t from below. */

/* Rows of other types: every one is taken. */
struct sample_other {
	uint64_t	 id;
	uint32_t	 row;
	uint32_t	 type;		/* enum contact_type */
};

/* A chosen row: what the second reading appends to it. */
struct sample_pick {
	double		 key;
	uint32_t	 slot;		/* place in the output (a customer's) */
	uint32_t	 rank;		/* in its store's draw << 8 | ... */
};

/*
 * Ranks in a store's draw fit 24 bits; the low 8 are the reason (an
 * index into the reason strings) and SAMPLE_SHARED: the slot holds
 * other rows of the customer.
 */
#define SAMPLE_MAX_RANK		0xffffff
#define SAMPLE_REASON		0x7f
#define SAMPLE_SHARED		0x80

struct sample_store;
struct sample_input;
struct sample_dup;

struct sample {
	const struct policy *pol;
	struct week	 week;
	char		 label[16];	/* "2026-11-W3" */
	uint64_t	 seed;
	int		 drawn_size;	/* store_size drawn; UNKNOWN: all */
	size_t		 buffer;	/* bytes to order output in; 0: auto */
	const char	*tmpdir;	/* temporary files (TMPDIR); NULL: /tmp */
	int		 quiet;		/* FU_QUIET: no progress */
	int		 status;	/* FU_EXIT_* so far */

	/* the inputs */
	struct sample_input **in;
	size_t		 nin;
	char		**col;		/* output columns before ours */
	size_t		 ncol;
	int		 same_header;	/* every input has exactly col */
	uint64_t	 nrows;		/* rows read, bad ones too */
	long long	 bytes;		/* bytes of those rows */

	/* the stores, by name */
	struct sample_store **store;	/* in the order first seen */
	size_t		 nstore;
	struct idmap	 stores;	/* a name's hash -> its store (run.h) */

	/* exclusions */
	struct dnc	 dnc;		/* phones never to call (dnc.h) */
	struct idmap	 recent;	/* fu_id(phone) a success lately */
	/*
	 * recent's filter, built once the log is read: of millions of
	 * contacts few were reached lately, and the filter says so
	 * without a look at a table too big for the cache.
	 */
	struct idfilter	 recentf;
	int		 recent_filtered;
	int		 lastwd;	/* the week's last working day; after
					   it no contact is drawn */
	int		 have_log;
	const char	*logname;	/* the log named, or NULL */
	int		 log_missing;	/* it was not there: no records */

	/* the draw */
	char		**reason;	/* reason strings */
	size_t		*reasonlen;
	size_t		 nreason;
	uint32_t	*pos;		/* row -> pick + 1, or 0 (the draw) */
	struct sample_pick *pick;	/* by slot; one a slot after the draw */
	size_t		 npick, pickcap;
	uint32_t	 nslot;
	uint64_t	*chosen;	/* a bit a row: chosen */
	uint32_t	*rowslot;	/* each chosen row's slot, by row */

	/* ids seen twice (dups.c) */
	struct sample_dup *dup;
	size_t		 ndup, dupcap;
	uint64_t	*dupfirst;	/* first row << 32 | dup, in order */
	size_t		 nextlater, nextfirst;
	long		 srccol;	/* the output's src column, or -1 */
	long		 dupshown;

	/* what happened, for the summary */
	long		 bad;		/* bad rows */
	long		 dups;		/* the same row again: drawn once */
	long		 off_week;	/* rows of stores not drawn this week */
	long		 after_week;	/* rows dated after lastwd */
	long		 ex_recent;
	long		 ex_dnc;
	long		 notdrawn;
	long		 noamount;	/* service rows with no amount */
	long		 drawn[CT_N];
	long		 topup;
	long		 shortfalls;	/* tiers and stores left short */
	int		 conflicts;	/* stores said to be large and small */
};

/*
 * Start a run for a week.  The policy must outlive the run.  seed is
 * usually rnd_seed_str(the week's label).
 */
void	sample_init(struct sample *, const struct policy *, const struct week *,
	    uint64_t);
/*
 * The call log: successes in the recent_days before the week are not
 * drawn again, and the customers each store's calls reached in the
 * week's month before the week count towards its monthly minimum.
 * 0; 1 when lines were bad (said); -1 when it cannot be read (said).
 */
int	sample_load_log(struct sample *, const char *);
/*
 * The first reading of one input ("-" standard input).  Bad rows are
 * said and counted; -1 when the input cannot be used at all (said).
 */
int	sample_read(struct sample *, const char *);
/* The draw, store by store; shortfalls are said on standard error. */
void	sample_draw(struct sample *);
/*
 * The second reading: the header and the chosen rows in output order.
 * -1 when an input or a temporary file fails (said).
 */
int	sample_write(struct sample *, FILE *);
/* The summary on standard error: one line for the run. */
void	sample_report(const struct sample *);
void	sample_free(struct sample *);

/* The pieces of the draw, for the tests. */

/* ceil(rate * n), by the rate as written (0.40 of 5 is 2, not 3). */
size_t	sample_gift_quota(double, size_t);
/*
 * The store size drawn in the week of a Monday: SIZE_LARGE or
 * SIZE_SMALL, or SIZE_UNKNOWN when rotation is off (all are drawn).
 */
int	sample_rotation(const struct policy *, int);
/* The Efraimidis-Spirakis key log(u) / w of a weight in fen. */
double	sample_es_key(double, uint64_t);
/*
 * The key of a drawn customer as the key column shows it: its
 * Efraimidis-Spirakis key, or with GIFT_TOP its random number u.
 */
double	sample_unit_key(const struct sample_unit *,
	    const struct sample_gift *, uint64_t, int);
/*
 * Draw the gift checks of one store: whole customers, best key first,
 * until they cover k rows (all of them when k >= n).  Sorts g by
 * customer.  Returns how many customers are drawn; *units (malloc'd,
 * the caller frees) holds them in rank order.
 */
size_t	sample_gifts(struct sample_gift *, size_t, size_t, uint64_t, int,
	    struct sample_unit **);
/*
 * The band of an amount: 2t + 1 in tier t, 2t below tier t (and above
 * tier t - 1), 2m above the last of m tiers.
 */
int	sample_band(const struct tiers *, int64_t);
/*
 * Draw the service follow-ups of one store: each tier's count from its
 * own band, uniformly (the highest keys u); then each tier left short,
 * the highest first, is filled from the rows left in the bands below
 * it, nearest band first, but not below tier_floor; then topup more are
 * drawn from any rows left.  Marks each row's pick (SP_*), and puts the
 * drawn rows' indexes in order[] (room for n) in rank order: tier by
 * tier as listed, its own rows then those filled into it, then the
 * top-up.  short_[t] (room for the tiers) is what tier t still lacks,
 * *topup_short what the top-up does.  Returns the rows drawn.
 */
size_t	sample_service(struct sample_svc *, size_t, const struct tiers *,
	    uint64_t, size_t, uint32_t *, size_t *, size_t *);
/* Most tiers a policy may have (their reasons fit 7 bits). */
#define SAMPLE_MAX_TIERS	60
#define SAMPLE_NOBAND		255	/* the band of a row with no amount */
/* The key as written in the key column ("%.9g", made fast); 32 bytes. */
size_t	sample_fmt_key(double, char *);

#endif
