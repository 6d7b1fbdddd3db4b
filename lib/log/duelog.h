/*
 * duelog.h: the call log's reader: the records in force (calllog.h
 * says which those are, and how bad lines are reported), a block at a
 * time, each field split out only when it is asked for.
 *
 * fu-due needs a few fields of a million lines and wants a block of
 * records at once to look their ids up together; calllog.h serves the
 * same records one at a time (fu-sample).  The corrections pass looks
 * at one field of a line.
 */
#ifndef FU_DUELOG_H
#define FU_DUELOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log/duescan.h"
#include "log/logfile.h"

/* Records a block, at most. */
#define DUELOG_BLOCK	64

/* One record in force; its fields through duelog_field. */
struct duelog_rec {
	long long	 ts;
	uint64_t	 id;
	int		 outcome;	/* enum outcome */
	long		 lineno;
	/* private */
	char		*s;		/* the line */
	const uint32_t	*end;		/* its fields' ends */
	uint32_t	 ready;		/* bits by logcol: fields cut out */
	uint32_t	 len[LC_N];	/* their lengths, once cut out */
	int		 esc;		/* the line holds a backslash */
};

struct duelog_sup;

struct duelog {
	char		*name;		/* for messages */
	FILE		*fp;
	int		 own_fp;
	long long	 start;
	size_t		 ncol;
	long		 col[LC_N];	/* the column of each, or -1 */
	struct duescan	 sc;
	struct dueline	 ln[DUELOG_BLOCK];
	uint32_t	*end;		/* ncol ends a line of the block */
	struct duelog_sup *sup;
	long		 records, superseded, bad, shown;
};

/*
 * Open the log at path ("-" is standard input) and read its
 * corrections: 0, or -1 with err (FU_ERRBUF), as calllog_open.
 */
int	 duelog_open(struct duelog *, const char *, const char *, char *);
/*
 * The next records in force, up to DUELOG_BLOCK, into r: valid until the
 * next call.  How many; 0 at the end; -1 on a read error (said).
 */
long	 duelog_next(struct duelog *, struct duelog_rec *);
/* A field, unescaped and NUL-terminated; "" when the log has no such column. */
const char *duelog_field(const struct duelog *, struct duelog_rec *,
	    enum logcol, size_t *);
void	 duelog_close(struct duelog *);

#endif
