/*
 * calllog.h: reading the call log (fu(7), "Call log") as its readers
 * need it: the records in force.
 *
 * The log is only ever appended to; a correction is a later line whose
 * supersedes column names the record it replaces as "TS ID" (the ts and
 * id of that record).  A record replaced by a correction is not in
 * force; of several corrections of one record, the last in the log wins
 * (and a correction may itself be corrected).  calllog_next returns the
 * records in force, in log order, and counts the others.
 *
 * The log is read twice (duelog.h does the reading): once for the
 * corrections, once for the records.  A log that cannot be read twice (a pipe) is copied to a
 * temporary file first.  Columns are found by name: ts, id and outcome
 * must be there; any other may be missing (its field reads empty).
 * A bad line (wrong field count, a ts, id, outcome or supersedes that
 * does not parse) is reported as "prog: LOG:line: why", counted in bad,
 * and skipped.  The columns are logfile.h's (enum logcol, log_cols).
 */
#ifndef FU_CALLLOG_H
#define FU_CALLLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log/duelog.h"
#include "log/logfile.h"

/* One record in force; the other fields through calllog_field. */
struct callrec {
	long long	 ts;		/* date.h time: seconds, local */
	uint64_t	 id;
	int		 outcome;	/* enum outcome */
	long		 lineno;
	int		 correction;	/* it replaces the record below */
	long long	 sup_ts;
	uint64_t	 sup_id;
};

struct calllog {
	struct duelog	 d;		/* the block reader beneath */
	struct duelog_rec blk[DUELOG_BLOCK];
	long		 n, next;	/* records in blk; the next one */
	struct duelog_rec *cur;		/* the one last returned */
	const char	*name;		/* for messages (d's) */
	long		 col[LC_N];	/* the column of each, or -1 */
	long		 records;	/* records in force returned */
	long		 superseded;	/* records replaced by a correction */
	long		 bad;		/* bad lines reported */
	long		 shown;		/* of those, shown on standard error */
};

/*
 * Open the log at path ("-" is standard input) and read its
 * corrections.  0, or -1 with err (FU_ERRBUF) when it cannot be read
 * or lacks a needed column: the caller cannot go on.  An empty log (no
 * header) is a log without records.  A log on a pipe is kept in a
 * temporary file in tmpdir (fu_rereadable).
 */
int	 calllog_open(struct calllog *, const char *path, const char *tmpdir,
	    char *);
/* The next record in force: 1, 0 at the end, -1 on a read error (said). */
int	 calllog_next(struct calllog *, struct callrec *);
/*
 * A field of the record calllog_next returned last, unescaped and
 * NUL-terminated; "" when the log has no such column.  len may be NULL.
 */
const char *calllog_field(const struct calllog *, enum logcol, size_t *);
void	 calllog_close(struct calllog *);

/* "2026-11-16T10:05 0123456789abcdef": 0, or -1 with err. */
int	 calllog_parse_supersedes(const char *, size_t, long long *,
	    uint64_t *, char *);

#endif
