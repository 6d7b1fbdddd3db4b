/*
 * spool.h: rows to temporary files, then out in order.
 *
 * A caller puts rows in any order, each with a position (0 .. npos - 1)
 * and its bytes, and then takes them back bucket by bucket, in position
 * order.  The rows of one position come back by their key, low first (a
 * u64 the caller gives, 0 when it gives none), and rows of one key in
 * the order they were put.
 *
 * The positions are cut into buckets, each a range of them.  The first
 * buckets stay in memory, as many as the budget holds; the others
 * gather their rows in memory and write them to temporary files of
 * their own (fu_tmpfd: gone when closed) a flush at a time.  A bucket
 * is read back whole and put in order in memory (a counting sort by
 * position), so a bucket is kept to a few megabytes: at most 8 MiB, a
 * quarter of the budget if less, as the caller's estimate of the rows
 * allows.  In memory a row costs its bytes and 8 (16 with a key).
 *
 * Its two users:
 *
 * - fu-sample: a position is a slot of the draw's order.  The rows of
 *   a gift customer share its slot, and are put with their ids as keys
 *   (spool_put_key) so that they come out by id, the other rows alone
 *   at theirs (spool_put).  Rows are put as the second reading finds
 *   them; each line is written out with its slot's reason, rank and key.
 * - fu-due: every row has a position of its own, its place in the
 *   output (npos = the rows planned).  Rows are put in input order with
 *   spool_put, then taken back in position order and written as they
 *   are.  This stands for a temporary file with an offset and a length
 *   a row: the offsets go, the rows in memory stay within the budget.
 *
 * Rows come back in position order whatever order they were put in;
 * a row may be at most SPOOL_MAX_ROW bytes.  Errors of the temporary
 * files are said ("temporary file: write error") and returned as -1;
 * the spool must then only be freed.
 */
#ifndef FU_SPOOL_H
#define FU_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#define SPOOL_MAX_ROW	0x7fffffffu

/* Bytes held in memory: the rows of a bucket, or what it gathers. */
struct spool_buf {
	char		*s;
	size_t		 len;
	size_t		 cap;
};

struct spool {
	uint32_t	 npos;		/* positions 0 .. npos - 1 */
	uint32_t	 per;		/* positions a bucket */
	size_t		 nb;		/* buckets */
	size_t		 keep;		/* the first keep stay in memory */
	size_t		 flush;		/* bytes a bucket gathers to write */
	struct spool_buf *buf;		/* each bucket's in memory */
	int		*fd;		/* its temporary file, or -1 */
	size_t		*bytes;		/* the bytes in that file */
	size_t		*nrow;		/* the rows put in each bucket */
	const char	*tmpdir;	/* where the files go */

	/* taking them back */
	size_t		 cur;		/* the bucket taken, + 1; 0: none yet */
	const char	*d;		/* its rows, as put */
	size_t		*at;		/* their offsets in d, in order */
	size_t		 nat, atcap;
	size_t		 next;		/* the next of at to hand back */
	struct spool_buf data;		/* a bucket read back from its file */
};

/* A row handed back: s is good until the next spool_next_bucket. */
struct spool_row {
	uint32_t	 pos;
	uint64_t	 key;		/* 0 when put without one */
	const char	*s;
	size_t		 len;
};

/*
 * Start a spool of npos positions.  nrows and bytes are what the caller
 * expects to put (the rows, and their bytes in all): an estimate, which
 * shapes the buckets; one too low makes them bigger than planned, not
 * wrong.  budget is the bytes of rows it may hold in memory (fu-sample's
 * --buffer-size); no temporary file is made before a bucket outgrows
 * its share of it.  The files go in tmpdir (fu_tmpfd; NULL: /tmp).
 */
void	spool_init(struct spool *, uint32_t, size_t, double, size_t,
	    const char *);
/*
 * Put a row of len bytes at a position (< npos), without a key or with
 * one.  0, or -1 when a temporary file fails (said).  A position out of
 * range or a row over SPOOL_MAX_ROW is a fatal error.
 */
int	spool_put(struct spool *, uint32_t, const void *, size_t);
int	spool_put_key(struct spool *, uint32_t, uint64_t, const void *,
	    size_t);
/*
 * Take the next bucket (the first at the first call), its rows in
 * order, and let the last one's memory go: 1; 0 when every bucket has
 * been taken; -1 when its temporary file cannot be read (said).
 * Buckets may hold no rows.
 */
int	spool_next_bucket(struct spool *);
/* The next row of the bucket taken: 1, or 0 at its end. */
int	spool_next(struct spool *, struct spool_row *);
/* Close the temporary files and free everything; the spool is done. */
void	spool_free(struct spool *);

#endif
