/*
 * logfile.h: the call log as a file (fu(7), "Call log"): opened under a
 * lock, created 0600 with its header, a torn last line (a crash) moved
 * aside to LOG.torn, records scanned in order, lines appended whole
 * with O_APPEND and synced, and the chain that makes an edit or a
 * deleted line in the middle detectable.
 *
 * chain = 16 hex digits of mix64(FNV-1a-64(prev US f1 US ... US f19)),
 * where prev is the previous record's chain (sixteen 0s for the first),
 * f1..f19 are the record's values from ts to supersedes (unescaped) and
 * US is the byte 0x1F.
 */
#ifndef FU_LOGFILE_H
#define FU_LOGFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "tsv.h"

enum logcol {
	LC_TS, LC_ID, LC_TYPE, LC_STORE, LC_CUSTOMER, LC_PHONE, LC_ATTEMPT,
	LC_METHOD, LC_OUTCOME, LC_Q1, LC_Q2, LC_Q3, LC_COMPLAINT, LC_RESOLVED,
	LC_GIFT_OK, LC_CALLBACK, LC_AGENT, LC_NOTE, LC_SUPERSEDES, LC_CHAIN,
	LC_N
};

extern const char *const log_cols[LC_N];

#define LOG_WRITE	0x01	/* lock it for writing, mend a torn line */
#define LOG_CREATE	0x02	/* create it (0600, with the header) */

struct logfile {
	char	*path;
	int	 fd;
	int	 flags;
	off_t	 size;		/* bytes of whole lines */
	char	 chain[17];	/* the last record's chain, after a scan */
	long	 records;
};

/*
 * Open (and with LOG_WRITE lock) the log.  The lock is exclusive for
 * writing, shared for reading, and held until logfile_close.  -1 with
 * err when it cannot be opened, is not a regular file, or is not a call
 * log.
 */
int	logfile_open(struct logfile *, const char *, int, char *);
/*
 * Read every record in order: fn(arg, fields, lengths, line) for each;
 * fn returns 0 to go on.  A line whose fields do not match the header
 * is an error.  Leaves lf->chain as the last record's.  -1 with err.
 */
int	logfile_scan(struct logfile *,
	    int (*)(void *, char **, size_t *, long), void *, char *);
/* The chain of a record after prev (16 hex digits and a NUL in out). */
void	log_chain(const char *, char *const *, const size_t *, char *);
/*
 * Append whole lines (already escaped TSV, each ending in LF) in one
 * write, then fsync unless no_sync.  On failure the log is cut back to
 * what it was: -1 with err, nothing appended.
 */
int	logfile_append(struct logfile *, const char *, size_t, int, char *);
/*
 * Check every record's chain.  0 when whole; 1 after naming the first
 * broken line on standard error; -1 with err when it cannot be read.
 */
int	logfile_verify(struct logfile *, char *);
void	logfile_close(struct logfile *);

#endif
