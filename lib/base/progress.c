/* progress.c: progress on a terminal's standard error; see progress.h. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "base/progress.h"

#define CHECK_EVERY	16384	/* rows between looks at the clock */

static double
monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
progress_init(struct progress *p, const char *what, int quiet)
{
	p->on = !quiet && isatty(STDERR_FILENO);
	p->what = what;
	p->count = 0;
	p->next_check = CHECK_EVERY;
	p->last = p->on ? monotonic() : 0;
}

void
progress_add(struct progress *p, long long n)
{
	double now;

	p->count += n;
	if (!p->on || p->count < p->next_check)
		return;
	p->next_check = p->count + CHECK_EVERY;
	now = monotonic();
	if (now - p->last < 0.25)
		return;
	p->last = now;
	fprintf(stderr, "\r%s: %s: %lld rows", fu_progname(), p->what,
	    p->count);
	fflush(stderr);
}

void
progress_done(struct progress *p)
{
	if (p->on && p->count >= CHECK_EVERY)
		fputs("\r\033[K", stderr);
	p->on = 0;
}
