/*
 * err.h: the one error reporter of fu, and its exit codes.
 *
 * Every message has the form "prog: context: detail" on standard error,
 * where prog is the name the program was run as.  Data errors name the
 * file and line: "fu-import: sales.csv:17: phone \"1380013800\" has 10 digits".
 */
#ifndef FU_ERR_H
#define FU_ERR_H

#include <stdnoreturn.h>

/* Exit statuses shared by every fu program (see fu(7), EXIT STATUS). */
enum {
	FU_EXIT_OK = 0,		/* all good */
	FU_EXIT_DATA = 1,	/* data problems, reported; work done */
	FU_EXIT_FATAL = 2	/* could not run: usage, I/O, memory */
};

/* Size of the message buffers that parsers fill with a reason. */
#define FU_ERRBUF 256

/*
 * Format a reason into err (FU_ERRBUF bytes), as parsers do; err may be
 * NULL.
 */
void		 fu_seterr(char *err, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

const char	*fu_progname(void);

/* "prog: msg" */
void		 fu_warnx(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
/* "prog: msg: strerror(errno)" */
void		 fu_warn(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
/* As above, then exit with the given status. */
noreturn void	 fu_errx(int, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
noreturn void	 fu_err(int, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* "prog: file:line: msg"; line 0 leaves the line out. */
void		 fu_datawarn(const char *, long, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

#endif
