/*
 * record.h: fu-record's work.  Outcomes come in (from the command line,
 * a batch file or the terminal), are checked, matched with their
 * contact and with the log's history of that contact (rounds of at most
 * two dials, duplicates, corrections), and appended to the call log in
 * one locked write.
 */
#ifndef FU_RECORD_H
#define FU_RECORD_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "policy.h"

/* A contact: where the log's contact columns come from. */
struct contact {
	uint64_t	 id;
	char		*type;
	char		*store;
	char		*customer;
	char		*phone;
};

/* One outcome to record, as given. */
struct outcome_req {
	char		*src;		/* "file:line", or "" for the command line */
	char		 id[17];
	long long	 ts;		/* when; -1 for now */
	int		 oc;		/* enum outcome */
	int		 q[3];
	int		 nq;
	char		*complaint;
	char		*note;
	char		*agent;
	const char	*method;	/* "phone", "sms", or NULL: by outcome */
	long long	 callback;	/* -1 if none */
	int		 gift_ok;	/* -1 if not given */
	int		 resolved;	/* a day, or INT32_MIN if none */
	long long	 supersedes;	/* ts of the record corrected, or -1 */
	char		**orig;		/* the fields as read, for -r */
	size_t		 norig;
};

struct recorder {
	struct policy	*pol;
	long long	 now;
	const char	*default_agent;
	int		 no_sync;
	int		 keep_rejects;	/* keep rows as read, for -r */
	struct contact	*contact;	/* sorted by id */
	size_t		 ncontact, contactcap;
	struct outcome_req *req;
	size_t		 nreq, reqcap;
	/* rejected requests, kept for -r */
	char		**rej_cols;
	size_t		 nrej_cols;
	FILE		*rejtmp;
	/* counts */
	long		 appended;
	long		 duplicates;
	long		 rejected;
	long		 unfilled;
	int		 status;
};

void	rec_init(struct recorder *, struct policy *, long long);
/* Read --contacts (contacts or a due list).  -1 after reporting. */
int	rec_load_contacts(struct recorder *, const char *);
/* A contact by id, or NULL. */
const struct contact *rec_contact(const struct recorder *, uint64_t);
/*
 * Check a request's own values (not yet against the log) and queue it;
 * a bad one is reported (src, or the command line) and counted.
 * 0 queued, -1 rejected.
 */
int	rec_add(struct recorder *, struct outcome_req *);
/*
 * Read a batch (TSV or CSV, UTF-8 or GB18030, English or Chinese
 * headers) and queue its rows.  -1 when the file cannot be used at all.
 */
int	rec_read_batch(struct recorder *, const char *, int);
/*
 * Lock the log, match every queued request with the log, append the
 * good ones in one write.  Returns the exit status.
 */
int	rec_commit(struct recorder *, const char *);
/*
 * Walk a due list at the terminal (in, out): each contact not yet
 * recorded, its outcome asked for and appended and synced at once.
 * Returns the exit status.
 */
int	rec_interactive(struct recorder *, const char *, const char *, FILE *,
	    FILE *);
/* fu-record --verify. */
int	rec_verify(const char *);
/* The rejected requests as TSV.  -1 on a write error. */
int	rec_write_rejects(struct recorder *, const char *);
void	rec_free(struct recorder *);
/* Parse a score "1".."5"; -1. */
int	rec_score(const char *);
/* Parse gift_ok: 1/0, 是/否, 相符/不符, y/n; -1. */
int	rec_gift_ok(const char *, size_t);

#endif
