/*
 * duescan.h: the records of a TSV file as lines, many at a time, for
 * fu-due's big inputs (the contacts, the call log).
 *
 * tsv_next_raw hands out one line, valid until the next call; fu-due
 * wants a block of lines alive at once, so that it can look up all
 * their ids in the id table together (the lookups' cache misses then
 * overlap instead of following one another).  The records are exactly
 * those of tsv_next_raw on the same file: the line end (and the CR of
 * a CRLF) taken off, empty lines skipped when there are several
 * columns, a last line without its newline a line.
 */
#ifndef FU_DUESCAN_H
#define FU_DUESCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct duescan {
	FILE	*fp;
	char	*buf;
	size_t	 cap, beg, end;
	int	 eof;
	long	 lineno;	/* of the last line handed out */
	size_t	 ncol;		/* the header's columns */
};

struct dueline {
	char	*s;		/* NUL-terminated, no line end */
	size_t	 len;
	long	 lineno;
};

/*
 * Read fp from where it is (the start of the header line) with ncol
 * columns (tsv_open's).  The header line is skipped.
 */
void	duescan_init(struct duescan *, FILE *, size_t);
/*
 * Up to max records into l, all valid until the next call: how many,
 * 0 at the end, or -1 on a read error (errno set).
 */
long	duescan_lines(struct duescan *, struct dueline *, size_t);
void	duescan_free(struct duescan *);


/*
 * An id field of a raw line (s, its length n, s[n] a tab or NUL):
 * what fu_id_parse says of the field cut out and unescaped.  0 or -1.
 */
int	duescan_id(const char *, size_t, uint64_t *);

#endif
