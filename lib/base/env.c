/* env.c: the environment, read in one place; see env.h. */
#include <stdlib.h>

#include "base/env.h"

/* A variable's value, NULL when it is unset or empty. */
static const char *
nonempty(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

void
fu_env_read(struct fu_env *e)
{
	e->now = nonempty("FU_NOW");
	e->policy = nonempty("FU_POLICY");
	e->holidays = nonempty("FU_HOLIDAYS");
	e->threads = nonempty("FU_THREADS");
	/* An empty FU_LOG is a name like any other (and fails to open). */
	e->log = getenv("FU_LOG");
	if ((e->agent = getenv("FU_AGENT")) == NULL &&
	    (e->agent = getenv("USER")) == NULL)
		e->agent = getenv("LOGNAME");
	if ((e->tmpdir = nonempty("TMPDIR")) == NULL)
		e->tmpdir = "/tmp";
	e->quiet = nonempty("FU_QUIET") != NULL;
}
