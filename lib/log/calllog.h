/*
 * calllog.h: the call-log reader: the records of the call log (fu(7),
 * "Call log") in force, in log order, one at a time or a block at a
 * time, each field split out only when it is asked for.
 *
 * The log is only ever appended to; a correction is a later line whose
 * supersedes column names the record it replaces as "TS ID" (the ts and
 * id of that record).  A record replaced by a correction is not in
 * force; of several corrections of one record, the last in the log wins
 * (and a correction may itself be corrected).
 *
 * The log is read twice: once for the corrections (where each
 * supersedes is parsed, the only time), once for the records.  A log
 * that cannot be read twice (a pipe) is copied to a temporary file
 * first; the second reading stops where the first ended.  Columns are
 * found by name: ts, id and outcome must be there; any other may be
 * missing (its field reads empty).  A bad line (wrong field count, a
 * ts, id, outcome or supersedes that does not parse) is reported as
 * "prog: LOG:line: why" (the first 20; calllog_close says how many more),
 * counted in bad, and skipped.  The record a mend appends (id
 * LOG_MEND_ID, outcome mend) is no call: counted in mends, and skipped.  The columns are logfile.h's (enum
 * logcol, log_cols).
 *
 * A time bound (as of): the log as it stood then, so that a past state
 * can be reproduced.  A record whose ts is after it is taken as not yet
 * written: not in force, and correcting nothing (what it corrected is
 * in force again).  Such a line is counted in later; only its field
 * count and its ts are checked.
 *
 * Every record carries call_ts, the ts of the first record of its chain
 * of corrections (its own ts when it corrects nothing): the call it
 * stands for was made then.  With CALLLOG_IN_PLACE a correction in
 * force is returned where that first record was, instead of where it
 * was written, so that each contact's records come in the order of the
 * calls (fu-summarize counts rounds of dials so).  For that the first
 * reading keeps a copy of every correction line: memory grows with the
 * corrections, not with the log.  A correction whose first record is
 * not in the log (or not read) is returned where it was written.
 */
#ifndef FU_CALLLOG_H
#define FU_CALLLOG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/idmap.h"
#include "fmt/tsv.h"
#include "log/logfile.h"

/* Records a block, at most. */
#define CALLLOG_BLOCK	64
/* No time bound: every record. */
#define CALLLOG_NO_AS_OF	LLONG_MAX
/* calllog_open_flags: corrections where their chain began. */
#define CALLLOG_IN_PLACE	0x01
/* calllog_open_flags: a torn last line (no newline) said, not read. */
#define CALLLOG_NO_TORN		0x02
/* calllog_open_flags: bad lines counted, nothing said (a second reader). */
#define CALLLOG_QUIET		0x04
/*
 * calllog_open_flags: the first reading of a big file (CALLLOG_SPLIT_MIN
 * bytes or more) on two threads, its second half scanned beside; the
 * same corrections found.  CALLLOG_SPLIT_ANY splits whatever the size
 * (the tests).
 */
#define CALLLOG_SPLIT		0x08
#define CALLLOG_SPLIT_ANY	0x10
#define CALLLOG_SPLIT_MIN	(32LL << 20)

/*
 * A record in force; its fields through calllog_field.  Valid until the
 * next calllog_read, calllog_next or calllog_close.
 */
struct callrec {
	long long	 ts;		/* date.h time: seconds, local */
	long long	 call_ts;	/* the ts of its chain's first record */
	uint64_t	 id;
	int		 outcome;	/* enum outcome */
	long		 lineno;
	int		 correction;	/* it replaces the record below */
	long long	 sup_ts;
	uint64_t	 sup_id;
	/* private: the line, and its fields as they are cut out */
	char		*s;
	const uint32_t	*end;		/* its fields' ends */
	uint32_t	 ready;		/* bits by logcol: fields cut out */
	uint32_t	 len[LC_N];	/* their lengths, once cut out */
	int		 esc;		/* the line holds a backslash */
};

struct calllog_fix;

struct calllog {
	long		 records;	/* records in force returned */
	long		 superseded;	/* records replaced by a correction */
	long		 later;		/* records after the time bound */
	long		 bad;		/* bad lines reported */
	long		 mends;		/* mend records (logfile.h), skipped */
	int		 torn;		/* CALLLOG_NO_TORN: a torn line said */
	long		 shown;		/* of those, shown on standard error */
	long		 col[LC_N];	/* the column of each, or -1 */
	int		 missing;	/* the file was not there: empty */
	/* private */
	char		*name;		/* for messages */
	FILE		*fp;
	int		 own_fp;
	long long	 start;
	long long	 asof;
	struct tsv_reader tsv;
	size_t		 ncol;
	struct tsv_line	 ln[CALLLOG_BLOCK];
	uint32_t	*end;		/* ncol ends a record of the block */
	long		 lines;		/* the lines the first reading saw */
	struct idmap	 fixed;		/* the records corrected: slots of */
	long		*last;		/* the line of their last correction */
	size_t		 lastcap;
	struct calllog_fix *fix;	/* the corrections, in log order */
	size_t		 nfix, fixcap, nextfix;
	int		 flags;		/* CALLLOG_IN_PLACE */
	struct idmap	 own;		/* the corrections' own (ts, id): */
	uint32_t	*ownfix;	/* slot to its fix */
	size_t		 owncap;
	struct idmap	 roots;		/* IN_PLACE: first records of chains */
	uint32_t	*rootfix;	/* per root: its first fix, + 1 */
	size_t		 rootcap;
	struct idfilter	 filter;	/* of fixed, once it is complete */
	int		 filtered;
	uint32_t	 pend;		/* a fix to return next, + 1 */
	long		 blk_n, blk_i;	/* the block read, the next line */
	int		 at_end;	/* the lines of the first reading done */
};

/*
 * Open the log at path ("-" is standard input) and read its
 * corrections, with a time bound (date.h seconds; CALLLOG_NO_AS_OF for
 * none).  0, or -1 with err (FU_ERRBUF) when it cannot be read or lacks
 * a needed column: the caller cannot go on.  An empty log (no header)
 * is a log without records; so is a file that is not there in a folder
 * that is (a first week): that is noted on standard error and missing
 * is set.  A log on a pipe is kept in a temporary
 * file in tmpdir (fu_rereadable).
 */
int	 calllog_open(struct calllog *, const char *, long long,
	    const char *, char *);
/* calllog_open with flags (CALLLOG_IN_PLACE). */
int	 calllog_open_flags(struct calllog *, const char *, long long,
	    const char *, int, char *);
/*
 * For a program that reads its logs more than once: the logs not made
 * yet (as calllog_open reads them empty) dropped from files, *n
 * lessened, each noted once on standard error as calllog_open notes it.
 */
void	 calllog_drop_missing(char **files, size_t *n);
/*
 * The next records in force, up to max (1 to CALLLOG_BLOCK; more is
 * taken as CALLLOG_BLOCK) into r, which the caller owns: how many, 0 at
 * the end, -1 on a read error (said); fewer than max says nothing of
 * the end.  fu-due reads a block to look its ids up together;
 * calllog_next is this with max 1.
 */
long	 calllog_read(struct calllog *, struct callrec *, size_t);
/* The next record in force: 1, 0 at the end, -1 on a read error (said). */
int	 calllog_next(struct calllog *, struct callrec *);
/*
 * A field of a record, unescaped and NUL-terminated (cut out of its line
 * the first time it is asked for); "" when the log has no such column.
 * len may be NULL.
 */
const char *calllog_field(const struct calllog *, struct callrec *,
	    enum logcol, size_t *);
/* Say how many bad lines were not shown, and free what it holds. */
void	 calllog_close(struct calllog *);

/* "2026-11-16T10:05 0123456789abcdef": 0, or -1 with err. */
int	 calllog_parse_supersedes(const char *, size_t, long long *,
	    uint64_t *, char *);

#endif
