/*
 * util.h: memory that never returns NULL, bounded number parsing,
 * and the standard input/output discipline shared by every program.
 */
#ifndef FU_UTIL_H
#define FU_UTIL_H

#include <stddef.h>
#include <stdio.h>

#define FU_VERSION "0.1.0"

/* Allocation: on failure print "out of memory" and exit 2. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
/*
 * Room for at least n elements of size in p, whose room is *cap:
 * doubled as needed, so that adding one at a time stays linear.
 */
void	*xgrow(void *, size_t *, size_t, size_t);
char	*xstrndup(const char *, size_t);

/*
 * OpenBSD strtonum(3): a decimal integer in [min, max], else 0 with
 * *errstr set to "invalid", "too small" or "too large".
 */
long long	 fu_strtonum(const char *, long long, long long, const char **);

/* Open an input operand; "-" is standard input.  NULL and errno on error. */
FILE	*fu_open_in(const char *);
/* Close an input opened by fu_open_in (standard input is left open). */
void	 fu_close_in(FILE *);

/*
 * A temporary file in the directory dir (the caller's TMPDIR; NULL or
 * "" is /tmp), already unlinked: gone when closed.  -1 with errno.
 */
int	 fu_tmpfd(const char *dir);
/* write(2) all of buf, through short writes and EINTR; -1 with errno. */
int	 fu_write_all(int, const void *, size_t);
/* A temporary file as a stream ("w+"), as tmpfile(3) but in dir. */
FILE	*fu_tmpfile(const char *dir);

/*
 * An input a caller can read twice: fp itself when it is a regular file
 * (*start its offset now, to seek back to), else a temporary file
 * (fu_tmpfile in dir) holding the rest of fp, at offset 0; fp is then
 * read to its end but not closed.  NULL with errno on a read or write
 * error.
 */
FILE	*fu_rereadable(FILE *, const char *dir, long long *);

/*
 * Check an output stream after writing to it.  A write error is fatal:
 * "prog: NAME: write error: ..." and exit 2.  EPIPE (the reader went
 * away, as with "| head") exits 2 without a message.
 */
void	 fu_check_out(FILE *, const char *);
/* Flush and close standard output, checked as above.  Call before exit. */
void	 fu_close_stdout(void);

/*
 * What every main does first: the locale from the environment, and
 * argv[0] cut to the program's name, so that getopt's own messages
 * read "fu-x: ..." however the program was run.
 */
void	 fu_init(char *[]);

/* "prog (fu) 0.1.0" on standard output, for --version. */
void	 fu_print_version(void);

#endif
