/*
 * record.h: fu-record's work.  Outcomes come in (from the command line,
 * a batch file or the terminal), are checked, matched with their
 * contact and with the log's history of that contact (rounds of at most
 * two dials, duplicates, corrections), and appended to the call log in
 * one locked write.  cmd/fu-record.c reads the options into a rec_opts
 * (and, for one record, an outcome_req) and calls one of rec_single,
 * rec_batch, rec_terminal or rec_verify.
 */
#ifndef FU_RECORD_H
#define FU_RECORD_H

#include <stddef.h>
#include <stdio.h>

#include "fmt/policy.h"

/* What every way of recording is told, from the options. */
struct rec_opts {
	struct policy	*pol;		/* not owned */
	long long	 now;
	const char	*log;		/* the call log */
	const char	*contacts;	/* --contacts, or NULL */
	const char	*rejects;	/* -r: rejected batch rows, or NULL */
	const char	*agent;		/* who called, where a record does
					   not say; or NULL */
	const char	*holidays;	/* the calendar ($FU_HOLIDAYS), or
					   NULL: Monday to Friday */
	int		 enc;		/* of batch files: enum csvin_enc */
	int		 no_sync;	/* no fsync */
	const char	*tmpdir;	/* for a large queue ($TMPDIR), or
					   NULL: /tmp */
};

/*
 * One outcome to record, as given on the command line or at the
 * terminal.  Its strings are malloc'd; rec_req_free frees them.
 */
struct outcome_req {
	char		 id[17];
	long long	 ts;		/* when; -1 for now */
	int		 oc;		/* enum outcome */
	int		 q[3];
	int		 nq;
	char		*complaint;
	char		*note;
	char		*agent;
	const char	*method;	/* "phone", "sms", or NULL (by the
					   outcome) */
	long long	 callback;	/* -1 if none */
	int		 gift_ok;	/* -1 if not given */
	int		 resolved;	/* a day, or INT32_MIN if none */
	long long	 supersedes;	/* ts of the record corrected, or -1 */
};

/* A request with nothing given: no time, no callback, ... */
void	rec_req_init(struct outcome_req *);
void	rec_req_free(struct outcome_req *);

/*
 * The four ways of recording.  Each returns the exit status (0; 1 a
 * record refused; 2 could not run), or -1 when --contacts could not be
 * read (said so): then nothing was done, nor written to standard output.
 *
 * rec_single: one record, argv holding ID OUTCOME [Q1 [Q2 [Q3]]] (argc
 * of them, two to five) and q the rest of it (from the options).
 * Refused means nothing at all is appended.  A bad outcome, score or id
 * is reported and exits with status 1.  q's strings are taken (and set
 * to NULL) once the record is checked.
 */
int	rec_single(const struct rec_opts *, struct outcome_req *, int,
	    char *const *);
/*
 * Every row of the batch files (TSV or CSV, UTF-8 or GB18030, English
 * or Chinese headers; NULL-terminated, "-" standard input), then one
 * commit, its counts on standard error, and the rejected rows to
 * o->rejects.
 */
int	rec_batch(const struct rec_opts *, char *const *);
/*
 * Walk a due list at the terminal (in, out): each contact not yet
 * recorded, its outcome asked for and appended and synced at once.
 */
int	rec_terminal(const struct rec_opts *, const char *, FILE *, FILE *);
/*
 * fu-record --verify: the log's chain checked (1 for any problem in it,
 * 2 when it cannot be read); --mend: damaged lines moved to LOG.bad.
 */
int	rec_verify(const char *);
int	rec_mend(const char *, long long, const char *);

/* Parse gift_ok: 1/0, 是/否, 相符/不符, y/n, TRUE/FALSE, √/×; -1. */
int	rec_gift_ok(const char *, size_t);

#endif
