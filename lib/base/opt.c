/* opt.c: usage errors; see opt.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/err.h"
#include "base/opt.h"

void
opt_usage_exit(const struct opt_usage *u)
{
	fputs(u->synopsis, stderr);
	fprintf(stderr, "Try '%s --help' for more.\n", u->name);
	exit(FU_EXIT_FATAL);
}

void
opt_usage_errx(const struct opt_usage *u, const char *fmt, ...)
{
	va_list ap;

	/* As fu_warnx: what was written to stdout comes first. */
	fflush(stdout);
	fprintf(stderr, "%s: ", fu_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);	/* checked by the attribute in opt.h */
	va_end(ap);
	fputc('\n', stderr);
	opt_usage_exit(u);
}

void
opt_bad_value(const struct opt_usage *u, const char *opt, const char *value,
    const char *why)
{
	opt_usage_errx(u, "%s: \"%s\" is %s", opt, value, why);
}
