/*
 * recorder.h: what the files of fu-record's engine share; record.h is
 * the side cmd/fu-record.c sees.
 *
 *	contacts.c	the id table and the contacts of the ids
 *	queue.c		a request's own values checked, and queued
 *	batch.c		batch files (TSV or CSV) read into the queue
 *	commit.c	the queue matched with the log (rounds, duplicates,
 *			corrections) and appended
 *	terminal.c	a due list walked at the terminal
 *	rejects.c	refused records: said, and kept for -r
 */
#ifndef FU_RECORDER_H
#define FU_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "fmt/csvin.h"
#include "record/record.h"

#define DAY	86400LL
#define NONE	SIZE_MAX	/* rec_row.orig: the row is not kept */

/* contacts.c */

/* Room for n more bytes at the end of a growing buffer: where they go. */
char	*rec_room(char **, size_t *, size_t *, size_t);
/*
 * A field escaped as tsv.h says, into o (room for 2n).  Returns the
 * end.
 */
char	*rec_put_esc(char *, const char *, size_t);
/* Room in the id table for n ids in all. */
void	 rec_ent_reserve(struct recorder *, size_t);
/*
 * The contact of an entry from a log line (type, store, customer, phone:
 * four fields, unescaped), unless --contacts gave it.
 */
void	 rec_set_log_contact(struct recorder *, struct rec_ent *,
	    char *const *, const size_t *);

/* queue.c */

/* An empty row: nothing given, nothing kept. */
void	 rec_row_clear(struct rec_row *);
/* A row's id as given (16 hex digits, capitals where they were; 17 bytes). */
void	 rec_row_id(const struct rec_row *, char *);
/*
 * Check a record's own values (not yet against the log) and queue it;
 * idtext is its id as given.  0 queued, -1 refused.
 */
int	 rec_queue_row(struct recorder *, struct rec_row *, const char *);
/* A row's complaint, note and agent (NULL: none) into rc->text. */
void	 rec_row_texts(struct recorder *, struct rec_row *,
	    const char *const *, const size_t *);

/* rejects.c */

/*
 * Say why a record is refused (with its file and line when it has
 * them), count it, and keep it for -r when its row was kept.
 */
void	 rec_refuse(struct recorder *, const struct rec_row *, const char *,
	    ...) __attribute__((format(printf, 3, 4)));
/* The reject column of a header name, added when new. */
size_t	 rec_rej_col(struct recorder *, const char *);
/*
 * The row as read, for -r: its fields in the reject columns (infield:
 * the field of each, or -1), escaped, NUL-terminated in rc->text.
 * Returns its offset.
 */
size_t	 rec_keep_orig(struct recorder *, const struct csvin *,
	    const long *);

#endif
