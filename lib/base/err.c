/* err.c: the one error reporter; see err.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"

/*
 * glibc sets program_invocation_short_name from argv[0] before main, so
 * the reporter needs no state of its own.
 */
extern char *program_invocation_short_name;

const char *
fu_progname(void)
{
	return program_invocation_short_name;
}

static void vreport(const char *, va_list, int)
    __attribute__((format(printf, 1, 0)));

static void
vreport(const char *fmt, va_list ap, int errnum)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", fu_progname());
	vfprintf(stderr, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
fu_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, 0);
	va_end(ap);
}

void
fu_warn(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vreport(fmt, ap, e);
	va_end(ap);
}

void
fu_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, 0);
	va_end(ap);
	exit(status);
}

void
fu_err(int status, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vreport(fmt, ap, e);
	va_end(ap);
	exit(status);
}

void
fu_datawarn(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (line > 0)
		fprintf(stderr, "%s: %s:%ld: ", fu_progname(), file, line);
	else
		fprintf(stderr, "%s: %s: ", fu_progname(), file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);	/* checked by the attribute in err.h */
	va_end(ap);
	fputc('\n', stderr);
}

/* NULL: the caller only wants to know whether the value parses. */
void
fu_seterr(char *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err, FU_ERRBUF, fmt, ap);
	va_end(ap);
}
