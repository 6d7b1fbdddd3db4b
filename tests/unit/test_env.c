/* test_env.c: the one reader of the environment. */
#include <stdlib.h>

#include "base/env.h"
#include "base/util.h"
#include "t.h"

static const char *const vars[] = {
	"FU_NOW", "FU_POLICY", "FU_HOLIDAYS", "FU_THREADS", "FU_LOG",
	"FU_AGENT", "USER", "LOGNAME", "TMPDIR", "FU_QUIET", NULL
};

static void
clear(void)
{
	int i;

	for (i = 0; vars[i] != NULL; i++)
		unsetenv(vars[i]);
}

/* Nothing set: no values, the temporary files in /tmp. */
static void
test_unset(void)
{
	struct fu_env e;

	clear();
	fu_env_read(&e);
	T_OK(e.now == NULL && e.policy == NULL && e.holidays == NULL);
	T_OK(e.threads == NULL && e.log == NULL && e.agent == NULL);
	T_STREQ(e.tmpdir, "/tmp");
	T_INTEQ(e.quiet, 0);
}

static void
test_set(void)
{
	struct fu_env e;

	clear();
	setenv("FU_NOW", "2026-11-23T09:00", 1);
	setenv("FU_POLICY", "p.tsv", 1);
	setenv("FU_HOLIDAYS", "h.tsv", 1);
	setenv("FU_THREADS", "3", 1);
	setenv("FU_LOG", "calls.tsv", 1);
	setenv("LOGNAME", "li", 1);
	setenv("TMPDIR", "/var/tmp", 1);
	setenv("FU_QUIET", "1", 1);
	fu_env_read(&e);
	T_STREQ(e.now, "2026-11-23T09:00");
	T_STREQ(e.policy, "p.tsv");
	T_STREQ(e.holidays, "h.tsv");
	T_STREQ(e.threads, "3");
	T_STREQ(e.log, "calls.tsv");
	T_STREQ(e.agent, "li");
	T_STREQ(e.tmpdir, "/var/tmp");
	T_INTEQ(e.quiet, 1);
	/* The agent: FU_AGENT, else USER, else LOGNAME. */
	setenv("USER", "wang", 1);
	fu_env_read(&e);
	T_STREQ(e.agent, "wang");
	setenv("FU_AGENT", "zhang", 1);
	fu_env_read(&e);
	T_STREQ(e.agent, "zhang");
}

/* Empty is unset, except for FU_LOG and the agent, taken as written. */
static void
test_empty(void)
{
	struct fu_env e;
	int i;

	for (i = 0; vars[i] != NULL; i++)
		setenv(vars[i], "", 1);
	fu_env_read(&e);
	T_OK(e.now == NULL && e.policy == NULL && e.holidays == NULL);
	T_OK(e.threads == NULL);
	T_STREQ(e.log, "");
	T_STREQ(e.agent, "");
	T_STREQ(e.tmpdir, "/tmp");
	T_INTEQ(e.quiet, 0);
	clear();
}

int
main(int argc, char *argv[])
{
	(void)argc;
	fu_init(argv);
	test_unset();
	test_set();
	test_empty();
	return t_done("test_env");
}
