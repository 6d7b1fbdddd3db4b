/*
 * recorder.h: what the files of fu-record's engine share; record.h is
 * the side cmd/fu-record.c sees.
 *
 *	idtable.c	the id table and the contacts of the ids
 *	queue.c		a request's own values checked, and queued
 *	batch.c		batch files (TSV or CSV) read into the queue
 *	commit.c	the queue matched with the log (rounds, duplicates,
 *			corrections) and appended
 *	terminal.c	a due list walked at the terminal
 *	verify.c	the log checked (--verify) and repaired (--mend)
 *	refused.c	refused records: said, and kept for -r
 */
#ifndef FU_RECORDER_H
#define FU_RECORDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "base/idmap.h"
#include "fmt/calendar.h"
#include "fmt/csvin.h"
#include "fmt/policy.h"
#include "fmt/tsv.h"
#include "record/record.h"

/*
 * One queued record, compact and without pointers of its own: a batch
 * holds a million, so its strings live in one buffer (rc->text) and its
 * source is a file number and a line.
 */
struct rec_row {
	uint64_t	 id;
	long long	 ts;		/* when; -1 for now */
	long long	 callback;	/* -1 if none */
	long long	 supersedes;	/* ts of the record corrected, or -1 */
	size_t		 text;		/* complaint, note, agent: rc->text */
	size_t		 orig;		/* the row as read (TSV, for -r), or
					   SIZE_MAX */
	long		 line;		/* in its file; 0: command line */
	uint32_t	 tlen[3];	/* complaint, note, agent; 0 if none */
	int32_t		 resolved;	/* a day, or INT32_MIN if none */
	uint32_t	 file;		/* rc->files index + 1, or 0 */
	uint32_t	 ent;		/* its rc->ent index (rec_row_push) */
	signed char	 oc;		/* enum outcome */
	signed char	 gift_ok;	/* -1 if not given */
	unsigned char	 q[3];
	unsigned char	 nq;
	unsigned char	 method;	/* ROW_PHONE, ROW_SMS */
	unsigned char	 has_agent;	/* agent given, if empty */
};

#define ROW_PHONE	1
#define ROW_SMS		2

/*
 * What is known of an id: its contact (escaped TSV of type, store,
 * customer and phone, in rc->ctext, ended by a newline) and, while a commit runs, its
 * history in the log (a list in time order).
 */
struct rec_ent {
	uint32_t	 coff;		/* contact in rc->ctext: low 32 bits */
	uint32_t	 head, tail;	/* events, index + 1; 0 none */
	unsigned char	 coff_hi;	/* and the next 8 (1 TiB) */
	unsigned char	 flags;		/* ENT_* */
};				/* 16 bytes: a million ids are 16 MiB */

#define ENT_FILE	0x01	/* the contact is from --contacts */
#define ENT_LOG		0x02	/* the contact is the log's latest */
#define ENT_GIFT	0x04	/* its type is gift */
#define ENT_WANT	0x08	/* a queued record's id: read its history */
#define ENT_MULTI	0x10	/* queued twice or more: the batch's count */

struct recorder {
	struct policy	*pol;
	long long	 now;
	const char	*default_agent;
	const char	*holidays;
	struct calendar	 cal;		/* loaded for the first callback */
	int		 cal_state;	/* 0 not yet, 1 loaded, -1 unreadable */
	int		 no_sync;
	int		 keep_rejects;	/* keep rows as read, for -r */
	/* the ids: each id's slot in ids indexes ent */
	struct idmap	 ids;
	struct rec_ent	*ent;		/* ids.n of them */
	size_t		 entcap;
	struct tsv_buf	 ctext;		/* contacts, escaped */
	/*
	 * The queued records, nrow of them: the first nspilled in a
	 * temporary file (spillfd, in tmpdir), a block at a time, the rest
	 * in row (ROW_BLOCK at most); read them with rec_rows.
	 */
	struct rec_row	*row;
	size_t		 nrow, rowcap;
	size_t		 nspilled;
	size_t		 nsettled;	/* rows with ent set: rec_rows_settle */
	int		 spillfd;	/* -1 until a block is spilled */
	struct rec_row	*rbuf;		/* a spilled block, read back */
	const char	*tmpdir;
	struct tsv_buf	 text;		/* their strings; for -r, the rows
					   as read */
	char		**files;	/* batch file names, for messages */
	size_t		 nfiles;
	/* --contacts rows that were damaged: their ids (when readable) */
	struct rec_damaged *damaged;
	size_t		 ndamaged, damcap;
	long		 damaged_noid;	/* the first with no readable id */
	const char	*contacts_path;
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

/* A damaged row of --contacts: the id it still shows, and its line. */
struct rec_damaged {
	uint64_t	 id;
	long		 line;
};

#define DAY	86400LL
#define NONE	SIZE_MAX	/* rec_row.orig: the row is not kept */

/* idtable.c */

/* An empty recorder doing as o says (o's strings and policy outlive it). */
void	 rec_init(struct recorder *, const struct rec_opts *);
void	 rec_free(struct recorder *);
/*
 * The entry of an id, or NULL; the entry of an id, added (cleared) if
 * new.  Valid until the next id is added.
 */
struct rec_ent *rec_ent_find(const struct recorder *, uint64_t);
struct rec_ent *rec_ent_add(struct recorder *, uint64_t);
/* Room in the id table for n ids in all. */
void	 rec_ent_reserve(struct recorder *, size_t);
/*
 * Read --contacts (contacts or a due list), every row checked (a
 * damaged row is said and skipped, the status set to 1: only the
 * records that need it are refused, rec_damaged_why); with
 * only_queued, keep only the contacts of the ids in the table: those of
 * the records queued, and any added with rec_ent_add (read the batch
 * first: a million contacts need not be held for a few records).  -1
 * after reporting.
 */
int	 rec_load_contacts(struct recorder *, const char *, int);
/* The contact of an entry (ENT_FILE or ENT_LOG): escaped, *len bytes. */
const char *rec_ent_contact(const struct recorder *, const struct rec_ent *,
	    size_t *);
/*
 * Its four fields (type, store, customer, phone) unescaped into f, in a
 * copy to free (messages only).
 */
char	*rec_contact_fields(const struct recorder *, const struct rec_ent *,
	    char **);
/*
 * Why an id has no contact, when --contacts had a damaged row that may
 * be its: into why ("" when none), for the refusal.
 */
void	 rec_damaged_why(const struct recorder *, uint64_t, char *, size_t);
/*
 * The contact of an entry from a log line (type, store, customer, phone:
 * four fields, unescaped), unless --contacts gave it.
 */
void	 rec_set_log_contact(struct recorder *, struct rec_ent *,
	    char *const *, const size_t *);

/* queue.c */

/* Queued rows held in memory, at most: a block (80 KiB a thousand). */
#define ROW_BLOCK	16384
/* Rows queued before their ids are added to the table (a divisor of ROW_BLOCK). */
#define SETTLE_BLOCK	32
/*
 * Queue a row (a copy), its id added to the id table (w->ent set) by
 * rec_rows_settle, which pushes do a few dozen rows at a time: beyond
 * ROW_BLOCK in memory, a block is spilled.
 */
void	 rec_row_push(struct recorder *, const struct rec_row *);
/*
 * The queued rows' ids into the id table, in queue order: before the
 * table or the rows are read (rec_rows, rec_load_contacts, rec_commit).
 */
void	 rec_rows_settle(struct recorder *);
/*
 * The queued rows from index i on, contiguous, into *p: how many (at
 * least 1 while i < nrow).  Valid until the next call; read only.
 */
size_t	 rec_rows(struct recorder *, size_t, const struct rec_row **);
/* The queue emptied (rows, spill, their texts). */
void	 rec_rows_clear(struct recorder *);

/* Parse a score "1".."5" (blanks around it allowed); -1. */
int	 rec_score(const char *);
/* An empty row: nothing given, nothing kept. */
void	 rec_row_clear(struct rec_row *);
/* A row's id: 16 hex digits, lower case (17 bytes). */
void	 rec_row_id(const struct rec_row *, char *);
/*
 * Say why an id (n bytes) is not 16 hex digits, into why (quoted; with
 * Excel's scientific notation, the digits lost there).
 */
void	 rec_bad_id(const char *, size_t, char *, size_t);
/* A row's complaint, note and agent (NULL: none) into rc->text. */
void	 rec_row_texts(struct recorder *, struct rec_row *,
	    const char *const *, const size_t *);
/*
 * Check a record's own values (not yet against the log) and queue it;
 * idtext is its id as given.  0 queued, -1 refused.
 */
int	 rec_queue_row(struct recorder *, struct rec_row *, const char *);
/*
 * rec_queue_row for a request: its strings are freed either way (and
 * set to NULL).  0 queued, -1 refused.
 */
int	 rec_add(struct recorder *, struct outcome_req *);

/* batch.c */

/*
 * Read a batch (TSV or CSV, UTF-8 or GB18030, English or Chinese
 * headers; enc an enum csvin_enc) and queue its rows.  -1 when the file
 * cannot be used at all.
 */
int	 rec_read_batch(struct recorder *, const char *, int);

/* commit.c */

/*
 * Lock the log, match every queued request with the log, append the
 * good ones in one write, and empty the queue.  Returns the exit status.
 */
int	 rec_commit(struct recorder *, const char *);

/* refused.c */

/*
 * Say why a record is refused (with its file and line when it has
 * them), count it, and keep it for -r when its row was kept.
 */
void	 rec_refuse(struct recorder *, const struct rec_row *, const char *,
	    ...) __attribute__((format(printf, 3, 4)));
/* A warning about a record kept: said as rec_refuse says, not counted. */
void	 rec_note(const struct recorder *, const struct rec_row *,
	    const char *, ...) __attribute__((format(printf, 3, 4)));
/* The reject column of a header name, added when new. */
size_t	 rec_rej_col(struct recorder *, const char *);
/*
 * The row as read, for -r: its fields in the reject columns (infield:
 * the field of each, or -1), escaped, NUL-terminated in rc->text.
 * Returns its offset.
 */
size_t	 rec_keep_orig(struct recorder *, const struct csvin *,
	    const long *);
/* The rejected requests as TSV.  -1 on a write error. */
int	 rec_write_rejects(struct recorder *, const char *);

#endif
