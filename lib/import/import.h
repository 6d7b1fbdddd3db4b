/*
 * import.h: store exports to contacts (fu-import's work).
 *
 * A run opens every input first and finds each one's header row (below
 * any title rows), maps its columns to the contacts fields by the names
 * stores use, then streams the rows: normalized, given their stable id,
 * written once (duplicates counted), or rejected with a reason.  Every
 * data row is imported, rejected or counted as a duplicate; title,
 * footer and empty rows are counted as skipped.
 */
#ifndef FU_IMPORT_H
#define FU_IMPORT_H

#include <stdio.h>

#include "fmt/csvin.h"
#include "base/idmap.h"
#include "fmt/policy.h"
#include "fmt/tsv.h"

/* The contacts fields an export may have, in the contacts' order. */
enum cfield {
	CF_ORDER,	/* the source order number: part of the id only */
	CF_TYPE,
	CF_STORE,
	CF_STORE_SIZE,
	CF_DATE,
	CF_CUSTOMER,
	CF_PHONE,
	CF_AMOUNT,
	CF_ITEM,
	CF_N
};

/* Why rows are rejected, for the counts of --check. */
enum reject_kind {
	RJ_FIELDS,	/* wrong number of fields */
	RJ_ENCODING,	/* bytes invalid in the encoding */
	RJ_CSV,		/* broken quoting */
	RJ_TYPE,
	RJ_STORE,
	RJ_SIZE,
	RJ_DATE,
	RJ_PHONE,
	RJ_AMOUNT,
	RJ_NOTE,	/* a row of text: no date, phone or amount */
	RJ_N
};

struct import_opts {
	const char	*type;		/* -t, a type code, or NULL */
	const char	*store;		/* -s */
	const char	*size;		/* -S, "large" or "small" */
	int		 enc;		/* enum csvin_enc */
	const char	*map[CF_N];	/* -m FIELD=HEADER */
	long		 skip_lines;	/* --skip-lines */
	const char	*stores;	/* --stores: a list of store sizes */
	const struct size_aliases *aliases; /* policy size_alias, or NULL */
	int		 check;		/* --check: count, write nothing */
	int		 today;		/* --now's date: later dates warned */
	const char	*threads;	/* FU_THREADS (pool_threads), or NULL */
	int		 quiet;		/* FU_QUIET: no progress */
	int		 verbose;	/* --verbose: phones unmasked in messages */
};

struct import_counts {
	long	rows;		/* data rows: imported + rejected + duplicates */
	long	imported;
	long	rejected;
	long	duplicates;
	long	title;		/* skipped above the header */
	long	footer;		/* skipped: totals, notes at the end */
	long	empty;		/* skipped: no value in any field */
	long	headers;	/* skipped: the header again */
	long	future;		/* imported with a date after today */
	long	future_line;	/* the first of them */
	long	reason[RJ_N];
};

struct import_file;

/*
 * Distinct names in the order added (names.c): the output's and the
 * rejects' columns, the store sizes fu does not know (with their row
 * counts and first row).
 */
struct imp_names {
	char		**name;
	long		 *count;
	char		**first;	/* "file:line", or NULL */
	size_t		  n, cap;
	struct idmap	  map;		/* fnv1a64 of the name -> index */
};

/* A store of the --stores list and its size. */
struct listed_store {
	char		*store;
	const char	*size;		/* "large" or "small" */
};

struct import {
	struct import_opts	 opt;
	struct import_file	**file;
	size_t			 nfile;
	struct imp_names	 extra;		/* output columns after src */
	struct imp_names	 orig;		/* reject columns after reason */
	struct imp_names	 oddsize;	/* store sizes not large/small */
	size_t			 surplus;	/* most fields beyond a header */
	FILE			*rejtmp;	/* rejects, until the end */
	struct listed_store	*sizes;		/* sorted by store */
	size_t			 nsizes;
	struct idmap		 seen;		/* ids written: duplicates */
	struct import_counts	 total;
	int			 status;	/* exit status so far */
};

/* The field names of -m: "order", "type", ...; -1 if unknown. */
int	 import_field_parse(const char *);
/* A type code from a code or the Chinese names stores use; NULL. */
const char *import_type_parse(const char *, size_t);
/* A store size from 大店/小店/large/small...: "large", "small"; NULL. */
const char *import_size_parse(const char *, size_t);

/*
 * Set up a run; with opt->stores, read the store list (TSV with columns
 * store and size).  -1 after reporting a bad list.
 */
int	 import_init(struct import *, const struct import_opts *);
/*
 * Open an input ("-" for standard input) and find its header.  On
 * failure the reason is reported, status becomes 2, and -1 returned.
 */
int	 import_open(struct import *, const char *);
/* After all are open: the contacts header on out. */
void	 import_write_header(struct import *, FILE *);
/* Stream every opened file's rows to out (NULL with --check). */
void	 import_run(struct import *, FILE *);
/* --check: the report of each file, on fp. */
void	 import_report(struct import *, FILE *);
/* Write the rejected rows as TSV to path.  -1 on a write error. */
int	 import_write_rejects(struct import *, const char *);
void	 import_free(struct import *);

#endif
