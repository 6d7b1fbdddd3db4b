/*
 * logfile.h: the call log as a file (fu(7), "Call log"): opened under a
 * lock, created 0600 with its header, a torn last line (a crash) moved
 * aside to LOG.torn, records scanned in order, lines appended whole
 * with O_APPEND and synced, and the chain that makes an edit or a
 * deleted line in the middle detectable.
 *
 * chain = 16 hex digits of fu_hash64(fu_hash64(0, prev), line), where
 * prev is the previous record's chain (sixteen 0s for the first) and
 * line is the record's line as written, from ts to supersedes: its
 * first 19 fields, escaped, with their tabs (not the tab before chain).
 * A field changes only if its escaped text does, so the chain covers the
 * values, and it is computed on the bytes being written, with no
 * splitting.  Logs begun before it hold, up to their first line chained
 * so, the older chain: 16 hex digits of
 * mix64(FNV-1a-64(prev US f1 US ... US f19)), f1..f19 the unescaped
 * values and US the byte 0x1F; --verify accepts those lines there.
 */
#ifndef FU_LOGFILE_H
#define FU_LOGFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "fmt/tsv.h"

enum logcol {
	LC_TS, LC_ID, LC_TYPE, LC_STORE, LC_CUSTOMER, LC_PHONE, LC_ATTEMPT,
	LC_METHOD, LC_OUTCOME, LC_Q1, LC_Q2, LC_Q3, LC_COMPLAINT, LC_RESOLVED,
	LC_GIFT_OK, LC_CALLBACK, LC_AGENT, LC_NOTE, LC_SUPERSEDES, LC_CHAIN,
	LC_N
};

extern const char *const log_cols[LC_N];

#define LOG_WRITE	0x01	/* lock it for writing, mend a torn line */
#define LOG_CREATE	0x02	/* create it (0600, with the header) */
#define LOG_TORN_OK	0x04	/* reading: a torn last line is lf->torn */

struct logfile {
	char	*path;
	int	 fd;
	int	 flags;
	off_t	 size;		/* bytes of whole lines */
	mode_t	 mode;		/* its permissions, as opened */
	int	 torn;		/* LOG_TORN_OK: the last line is torn */
	long	 badline;	/* a scan stopped at this damaged line */
	long	 mended;	/* --verify: lines mended out (LOG.bad) */
	long	 mended_line;	/* the first of them, as it was */
	long	 mends;		/* --verify: mend records in the log */
	long	 mend_line;	/* the first one's line, and its ts */
	char	 mend_ts[20];
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
/*
 * logfile_scan without splitting: fn(arg, line, len, chain_at, lineno)
 * gets each record's line as in the file (escapes in it, no newline,
 * NUL-terminated, its field count checked; fn may change its bytes) and
 * where its chain field begins.  For a million lines of which a few are
 * wanted: the caller splits only those.
 */
int	logfile_scan_raw(struct logfile *,
	    int (*)(void *, char *, size_t, size_t, long), void *, char *);
/*
 * The chain of a record after prev (16 hex digits and a NUL in out):
 * log_chain_line from the line as written (n bytes, up to the tab
 * before chain); log_chain, the older chain, from its unescaped values.
 */
void	log_chain_line(const char *, const char *, size_t, char *);
void	log_chain(const char *, char *const *, const size_t *, char *);
/*
 * Check a raw log line (escapes in it) has ncol fields: 0 and where the
 * chain field begins in *chain_at, or -1.
 */
int	log_line_split(const char *, size_t, size_t, size_t *);
/*
 * Split such a line's first 19 fields (ts to supersedes, before
 * chain_at) in place: each NUL-terminated and unescaped, into f and len.
 */
void	log_line_fields(char *, size_t, char **, size_t *);
/*
 * Append whole lines (already escaped TSV, each ending in LF) in one
 * write, then fsync unless no_sync.  A log that group or others may
 * read (made by touch, say) is first set to 0600, with a warning.  On
 * failure the log is cut back to what it was: -1 with err, nothing
 * appended.
 */
int	logfile_append(struct logfile *, const char *, size_t, int, char *);
/*
 * A commit in parts (appended with no_sync): logfile_sync at the end (-1
 * with err), and logfile_cut back to the size it began at (lf->size
 * then) when any part fails.
 */
int	logfile_sync(struct logfile *, char *);
void	logfile_cut(struct logfile *, off_t);
/*
 * Check every record's chain, across the lines a mend moved to LOG.bad
 * (counted in lf->mended; the mend records in lf->mends).  0 when
 * whole; 1 after naming on standard error the first broken line, a
 * damaged line, a torn one, or a mend record without its LOG.bad; -1
 * with err when it cannot be read.
 */
int	logfile_verify(struct logfile *, char *);
/*
 * The repair of a damaged log, opened with LOG_WRITE: every line whose
 * fields do not match the header is moved to LOG.bad as "N<TAB>K<TAB>
 * line" (N its line number, K the records before it that stay), the
 * rest kept in order (a copy in LOG.mend until it is written), and a
 * mend record appended (at now, by agent, which may be NULL), chained
 * after the last line as it was.  LOG.bad must not exist yet.  The
 * number of lines moved, or -1 with err.
 */
long	logfile_mend(struct logfile *, long long, const char *, char *);
/*
 * The id and outcome of the record a mend appends (its ts the mend's,
 * agent who ran it, note what it moved): readers skip it.
 */
#define LOG_MEND_ID	"0000000000000000"
/* Is a raw log line (chain_at as log_line_split gives) a mend record? */
int	log_line_is_mend(const char *, size_t);
void	logfile_close(struct logfile *);

#endif
