/*
 * progress.h: progress on standard error, only when it is a terminal
 * (an office user watching); in a pipe, a file or cron it is silent.
 * The caller can silence it too (FU_QUIET).
 */
#ifndef FU_PROGRESS_H
#define FU_PROGRESS_H

struct progress {
	int		 on;
	const char	*what;		/* "sales.csv"; not owned */
	long long	 count;
	long long	 next_check;	/* count at which to look at the clock */
	double		 last;		/* when it last printed */
};

/* Start counting rows of what; quiet: never print. */
void	progress_init(struct progress *, const char *what, int quiet);
/* Count n more rows; prints at most a few times a second. */
void	progress_add(struct progress *, long long);
/* Clear the progress line. */
void	progress_done(struct progress *);

#endif
