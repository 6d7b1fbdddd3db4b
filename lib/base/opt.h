/*
 * opt.h: usage errors, reported the same way by every main.
 *
 * A main describes its command line once, as a struct opt_usage: its
 * name and its synopsis (the "usage: ..." lines, of the same form as
 * its man page's SYNOPSIS).  A usage error is "prog: what is wrong" on
 * standard error, then the synopsis and "Try 'NAME --help' for more.",
 * and exit status 2 (FU_EXIT_FATAL).  A bad option value reads
 * "prog: OPT: "VALUE" is WHY".
 */
#ifndef FU_OPT_H
#define FU_OPT_H

#include <stdnoreturn.h>

struct opt_usage {
	const char	*name;		/* "fu-due": the Try line's */
	const char	*synopsis;	/* "usage: fu-due ...\n", whole lines */
};

/*
 * The synopsis and the Try line, then exit 2: for an error already
 * reported, as getopt_long reports an unknown option.
 */
noreturn void	opt_usage_exit(const struct opt_usage *);
/* "prog: MSG" (printf-formatted), then as opt_usage_exit. */
noreturn void	opt_usage_errx(const struct opt_usage *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* "prog: OPT: "VALUE" is WHY", then as opt_usage_exit. */
noreturn void	opt_bad_value(const struct opt_usage *, const char *opt,
		    const char *value, const char *why);

#endif
