/*
 * env.h: the environment, read in one place.
 *
 * Every variable a fu program reads is here; each main fills one struct
 * fu_env at its start and passes the values down as arguments, so that
 * nothing below cmd/ looks at the environment (and a test can give a
 * module any value without setenv).  The strings belong to the
 * environment: valid for the run, never freed.
 */
#ifndef FU_ENV_H
#define FU_ENV_H

struct fu_env {
	const char	*now;		/* FU_NOW: "now" when --now is not
					   given; NULL when unset or empty */
	const char	*policy;	/* FU_POLICY: the policy file when
					   --policy is not given; NULL likewise */
	const char	*holidays;	/* FU_HOLIDAYS: the calendar when
					   --holidays is not given; NULL likewise */
	const char	*threads;	/* FU_THREADS: fu-import's workers;
					   NULL likewise */
	const char	*log;		/* FU_LOG: the call log when --log is
					   not given; NULL only when unset */
	const char	*agent;		/* FU_AGENT, else USER, else LOGNAME:
					   who records; NULL when none is set */
	const char	*tmpdir;	/* TMPDIR, else "/tmp" when unset or
					   empty: where temporary files go */
	int		 quiet;		/* FU_QUIET set and not empty: no
					   progress even on a terminal */
};

void	fu_env_read(struct fu_env *);

#endif
