/*
 * tsv.h: the one TSV reader and writer of fu (see fu(7), "TSV").
 *
 * UTF-8, a header line of column names, one record a line.  Inside a
 * field "\t", "\n", "\r" and "\\" stand for tab, newline, carriage return
 * and backslash; any other backslash is an ordinary character.  On input
 * a CRLF line end, a UTF-8 byte-order mark before the header and a
 * missing final newline are tolerated; lines have no length limit.
 */
#ifndef FU_TSV_H
#define FU_TSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/idmap.h"

struct tsv_reader {
	FILE	*fp;
	const char *name;	/* for messages; not owned */
	long	 lineno;	/* line of the current record */
	long	 blank;		/* empty lines skipped so far */
	long	 unended;	/* the last line, read without its newline */
	/* the header, unescaped; owned */
	char	**col;
	size_t	 ncol;
	/* the current record, unescaped, valid until the next tsv_next */
	char	**field;
	size_t	*len;
	size_t	 nfield;
	/* private */
	char	*buf;
	size_t	 bufsz, beg, end;
	size_t	 fieldcap;
	int	 eof;
	int	 shrank;	/* the file got shorter than when opened */
	long long opened;	/* its size then; -1: not a regular file */
	struct idmap colmap;	/* the names' hashes: a slot a column */
	size_t	*colat;		/* colat[slot]: the column */
	char	*raw;		/* the line of tsv_next_raw, until split */
	size_t	 rawlen;
	int	 pfd;		/* tsv_open_part: fd read with pread */
	long long ppos, pend;	/* the part's next byte and its end */
};

/* tsv_next results */
#define TSV_OK		1	/* a record */
#define TSV_EOF		0
#define TSV_ERR		(-1)	/* read error, errno set */
#define TSV_BADROW	(-2)	/* a record whose field count is not ncol */

/*
 * Start reading fp and read its header.  An empty input has no columns
 * (ncol 0) and no records.  Returns 0, or -1 on a read error.
 */
int	tsv_open(struct tsv_reader *, FILE *, const char *);
/*
 * A header that names two columns alike keeps the first under its name
 * and renames each later one NAME_K (K its column, or the next free),
 * saying "name:1: two columns named ...".  tsv_reopen is tsv_open for a
 * second reading of an input already opened once: it says nothing.
 */
int	tsv_reopen(struct tsv_reader *, FILE *, const char *);
/*
 * A part of a regular file already opened, its bytes [from, to) (from
 * at a line's start) read with pread, as records of ncol columns: no
 * header, line numbers from 1 in the part, the lines and their numbers
 * as one reading of the whole finds them.  A reading of one file split
 * between threads, each reading a part.
 */
void	tsv_open_part(struct tsv_reader *, int fd, long long from,
	    long long to, size_t ncol, const char *name);
/*
 * Open path ("-" is standard input) and read its header, naming it name
 * in messages.  The FILE to close with fu_close_in, or NULL after
 * "prog: path: why" or "prog: name: read error".
 */
FILE	*tsv_open_path(struct tsv_reader *, const char *, const char *);
/*
 * The next record.  An empty line in a file of several columns cannot
 * be a record; it is skipped and counted in blank.  On TSV_BADROW the
 * fields read are in field/nfield, for the caller to report with
 * tsv_badrow_msg and pass on to a reject file.
 */
int	tsv_next(struct tsv_reader *);
/*
 * The next record as its line, not split: escapes still in it, no line
 * end (nor the CR of a CRLF), NUL-terminated, valid until the next call.
 * TSV_OK, TSV_EOF or TSV_ERR; the records are exactly those of tsv_next
 * (empty lines are skipped the same way), so a second reading of a file
 * can find the records a first one chose, and copy them as they are.
 * Then tsv_split, at most once, splits it into field/nfield as tsv_next
 * does (unescaping the line in place) and returns TSV_OK or TSV_BADROW.
 * tsv_next is the two together.
 */
int	tsv_next_raw(struct tsv_reader *, char **, size_t *);
int	tsv_split(struct tsv_reader *);

/* A record's line as tsv_next_raw gives it, and its line number. */
struct tsv_line {
	char	*s;		/* escapes in it, no line end, NUL-terminated */
	size_t	 len;
	long	 lineno;
};

/*
 * Many records at once: up to max of them as their lines into l, all
 * valid until the next call (tsv_next_raw gives one, valid until the
 * next).  A caller that looks a block of ids up together (fu-due, the
 * call-log reader) wants a block alive at once.  The records and their
 * line numbers are exactly tsv_next_raw's (the two share one line
 * finder), and the two may be mixed.  How many (fewer than max when the
 * buffer holds no more: never 0 before the end), 0 at the end, or -1 on
 * a read error (errno set).  lineno counts the lines read: the last
 * one's, or an empty line's after it.
 */
long	tsv_next_lines(struct tsv_reader *, struct tsv_line *, size_t);
/*
 * tsv_next, and a read error or a bad row already reported, as
 * "prog: NAME: read error: ..." or "prog: NAME:LINE: 3 fields, ...":
 * for the small files (lists, calendars) whose callers only count.
 */
int	tsv_next_report(struct tsv_reader *);
/*
 * Why TSV_ERR: strerror(errno), or that the file shrank while it was
 * read (cut short or rewritten by another program: the lines past
 * the cut are lost, and the last one read may be cut short).  Growing
 * is no fault: a call log grows while it is read.
 */
const char *tsv_strerror(const struct tsv_reader *);
/* "3 fields, expected 5"; FU_ERRBUF bytes. */
void	tsv_badrow_msg(const struct tsv_reader *, char *);
/* The index of a column by name, or -1. */
long	tsv_col(const struct tsv_reader *, const char *);
/* Free what the reader holds (not fp). */
void	tsv_close(struct tsv_reader *);

/* Unescape in place; returns the new length. */
size_t	tsv_unescape(char *, size_t);

/* Write one field, escaped (the same bytes as tsv_buf_put). */
void	tsv_put(FILE *, const char *, size_t);
void	tsv_puts(FILE *, const char *);
/* Write fields separated by tabs and a newline, each escaped. */
void	tsv_write_row(FILE *, char *const *, const size_t *, size_t);

/*
 * A line built in memory and written with one call: the way to write
 * millions of rows fast.  Start zeroed; tsv_buf_write empties it.
 */
struct tsv_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	tsv_buf_put(struct tsv_buf *, const char *, size_t);	/* escaped */
void	tsv_buf_raw(struct tsv_buf *, const char *, size_t);	/* as is */
void	tsv_buf_long(struct tsv_buf *, long);
void	tsv_buf_write(struct tsv_buf *, FILE *);
void	tsv_buf_free(struct tsv_buf *);

static inline void
tsv_buf_char(struct tsv_buf *b, char c)
{
	if (b->len == b->cap)
		tsv_buf_raw(b, &c, 1);
	else
		b->s[b->len++] = c;
}

#endif
