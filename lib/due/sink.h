/*
 * sink.h: where fu-due's rows go in pass two.  The rows are read again
 * in input order but come out in the plan's order: each planned row is
 * put at its place (sink_put, into the spool: base/spool.h), and
 * sink_copy writes them out in order.  The rows over the week's
 * capacity go, in input order, to the overflow file if there is one
 * (sink_over).  Every failure is said here ("temporary file: write
 * error", the overflow file's name).
 */
#ifndef FU_DUE_SINK_H
#define FU_DUE_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/outfile.h"
#include "base/spool.h"

struct sink {
	struct spool	 sp;		/* the planned rows, by place */
	FILE		*ovf;		/* NULL: no overflow file */
	struct outfile	 of;
	char		*ovfbuf;
	int		 ovferr;	/* errno of the first failed write */
	const char	*ovfname;
};

/* A sink for n places, its temporary files in tmpdir. */
void	 sink_open(struct sink *, size_t, const char *);
/* Rows over capacity to a file at path: 0, or -1 (said). */
int	 sink_open_over(struct sink *, const char *);
/* Is there an overflow file? */
int	 sink_has_over(const struct sink *);
/* The line s (n bytes) at place i: 0, or -1 (said). */
int	 sink_put(struct sink *, size_t, const char *, size_t);
/* A line of the overflow file. */
void	 sink_over(struct sink *, const char *, size_t);
/* The overflow file complete, under its name: 0, or -1 (said). */
int	 sink_close_over(struct sink *);
/* The lines onto out, in the order of their places: 0, or -1 (said). */
int	 sink_copy(struct sink *, FILE *);
/* Free it all; an overflow file still open is given up. */
void	 sink_free(struct sink *);

#endif
