/*
 * export.h: fu-import's own header, shared by its files (not cmd/'s):
 * what a run holds of each export it reads, and of the rows in flight.
 *
 *   header.c	the store list; opening an export, finding its header
 *		and mapping its columns to the contacts fields
 *   rowcheck.c	the row check: what one row becomes (classify)
 *   batches.c	the rows in batches on the worker pool, committed in
 *		input order: duplicates, held footer rows, the output
 *   rejects.c	rejected rows, the summaries, --check's report
 *   names.c	lists of distinct names, found by hash
 */
#ifndef FU_IMPORT_EXPORT_H
#define FU_IMPORT_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/pool.h"
#include "fmt/csvin.h"
#include "fmt/tsv.h"
#include "import/import.h"

/*
 * A short row kept until it is known whether a footer follows (then its
 * reason to be rejected, else NULL).
 */
struct held {
	char	**field;
	size_t	*len;
	size_t	 n;
	long	 lineno;
	char	*why;
	int	 kind;		/* enum reject_kind */
};

/* An opened export; made by import_open, freed by import_free. */
struct import_file {
	char		*name;		/* as given; "stdin" for "-" */
	FILE		*fp;
	struct csvin	 in;
	char		**hdr;		/* the header as written */
	size_t		 ncol;
	long		 hdrline;
	long		 col[CF_N];	/* column of each field, or -1 */
	long		*outcol;	/* column -> output extra, or -1 */
	long		*rejcol;	/* column -> reject column */
	const char	*type;		/* from -t or inferred, if no column */
	int		 type_inferred;
	int		 qmarks;	/* rows of ? marks above: a header
					   saved in the wrong character set */
	struct held	 pending;	/* the row read after the header */
	int		 has_pending;
	char		*pending_bad;	/* its csvin reason, or NULL */
	int		 pending_badenc;
	struct held	*held;		/* short rows that may be a footer */
	size_t		 nheld;
	long		 shown;		/* rejects shown on stderr */
	struct import_counts c;
	size_t		 index;		/* in import's list */
};

/* What the row check makes of a row. */
enum verdict { V_EMPTY, V_FOOTER, V_HEADER, V_REJECT, V_OK };

/* A row of a batch: where its text is, then the worker's verdict. */
struct brow {
	size_t		 src;		/* read: the line in text, if plain, */
	size_t		 nsrc;		/* its length; else fields in foff */
	int		 plain;		/* a whole line, not yet split */
	int		 quoted;	/* with clean quotes (csvin.h) */
	long		 lineno;
	size_t		 bad;		/* csvin's reason, offset in text + 1 */
	int		 badenc;
	size_t		 field;		/* split: the first in fptr, flen */
	size_t		 nfield;
	/* The worker's verdict. */
	unsigned char	 verdict;
	unsigned char	 kind;		/* enum reject_kind */
	unsigned char	 shortrow;	/* few values: maybe a footer */
	unsigned char	 future;	/* dated after today */
	size_t		 oddsize;	/* an unknown size: offset in whys + 1 */
	size_t		 why;		/* the reject reason, in whys */
	uint64_t	 id;
	size_t		 line, linelen;	/* the output line, in out */
};

/*
 * Rows of one file on their way through a worker.  The reading thread
 * fills it; one worker splits and checks its rows (writing only the
 * batch); the reading thread then commits it.
 */
struct batch {
	struct pool_job		 job;	/* first: a batch is its job */
	const struct import	*im;
	const struct import_file *f;
	const long		*extra_from;
	int			 lines;	/* build output lines (not --check) */
	struct brow		*row;
	size_t			 nrow, rowcap;
	char			*text;	/* lines and fields, each NUL-ended */
	size_t			 textlen, textcap;
	size_t			*foff;	/* fields of records not plain */
	size_t			*fsrclen;
	size_t			 nf, fcap;
	char			**fptr;	/* every row's fields, by the worker */
	size_t			*flen;
	size_t			 nw, wcap;
	struct tsv_buf		 out;
	struct tsv_buf		 src;	/* "file:" escaped, for src */
	struct tsv_buf		 whys;	/* reject reasons, NUL-ended */
	/* What csvin leaves to the reader of whole lines. */
	char			 delim;
	enum csvin_enc		 enc;
	int			 utf16be, prevalid;
	long			 bad_bytes, tabs_in_fields;
};

/* A worker's own state. */
struct norm_ctx {
	char		 lastsize[16];	/* the store size last read */
	size_t		 lastsize_len;
	const char	*lastsize_code;
};

/* names.c: a name's index, or -1; add one (*added may be NULL). */
void	 imp_names_init(struct imp_names *);
long	 imp_names_find(const struct imp_names *, const char *, size_t);
size_t	 imp_names_add(struct imp_names *, const char *, size_t, int *);
void	 imp_names_free(struct imp_names *);

/* -m's names of the fields, in enum cfield's order. */
extern const char *const imp_field_names[CF_N];

/* header.c: the listed size of a store (n bytes), or NULL. */
const char *imp_listed_size(const struct import *, const char *, size_t);

/* rowcheck.c: a field with blanks trimmed, as pointer and length. */
void	 imp_trim(const char *, size_t, const char **, size_t *);
/*
 * rowcheck.c: judge one split row and build its output line (with
 * b->lines).  Runs on a worker: reads the import and the file, writes
 * only the batch, its row and ctx.
 */
void	 imp_classify(struct batch *, struct brow *, struct norm_ctx *);

/* header.c: free a copied record. */
void	 imp_free_record(struct held *);
/* batches.c: free a file's held short rows. */
void	 imp_free_held(struct import_file *);

/* rejects.c: count a rejected row, show it, keep it for the reject file. */
void	 imp_reject(struct import *, struct import_file *, long,
	    char *const *, const size_t *, size_t, enum reject_kind,
	    const char *);
/* rejects.c: a file's (or the total's) summary line on standard error. */
void	 imp_summary(const char *, const struct import_counts *);

#endif
