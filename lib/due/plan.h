/*
 * plan.h: the plan being made, shared by fu-due's files (not for cmd/:
 * due.h is the engine's door).  struct due holds the week, the agents,
 * a small record a row (struct drow) and what the run has counted; the
 * files each do one part of the run:
 *
 *	lines.c		the small files (agents, rules, do-not-call) a line
 *			at a time
 *	agents.c	the agents: parsed, loaded, found by name
 *	rules.c		timing rules and their matches
 *	contacts.c	pass one: the contacts and the do-not-call list
 *	fromlog.c	the call log's records onto the rows
 *	plan.c		what each row needs, and who calls it on which day
 *	slots.c		call windows and slots of each agent's day
 *	write.c		pass two: the lines, through the sink (sink.h)
 *	run.c		due_run: the steps in order
 *
 * Every function here takes the plan it works on; nothing is global.
 */
#ifndef FU_DUE_PLAN_H
#define FU_DUE_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/idmap.h"
#include "due/due.h"
#include "fmt/dnc.h"

#define MAXWD	7		/* working days in a week, at most */
#define NOAG	(-1)
#define NODATE	INT16_MIN	/* a row's lo: no contact date */

/* What a planned row is (the why column). */
enum what {
	W_NONE,
	W_CALLBACK,		/* 回电: at the agreed time, same agent
				   (回电顺延 when FL_MOVED: the first window
				   at or after it) */
	W_REDIAL,		/* 再拨: second dial, next working day */
	W_OVERDUE,		/* 回电逾期: a callback missed, any agent */
	W_REVISIT,		/* 复访: complaint resolved, or a low score */
	W_RULE,			/* a timing rule's occurrence */
	W_FIRST			/* 首访: the first dial of a round */
};

/* What became of a row: each input row ends in one of these. */
enum fate {
	F_PLAN,			/* on the due list */
	F_OVER,			/* over the week's capacity: overflow */
	F_DNC,			/* on the do-not-call list */
	F_DONE,			/* followed up already */
	F_LATER,		/* not due this week */
	F_MISSED,		/* the rules' windows closed before the week */
	F_USEDUP,		/* two dials used: never a third */
	F_DUP,			/* the same id again */
	F_BAD,			/* a bad row, reported */
	F_NORULE,		/* no timing rule matches */
	F_NOWIN,		/* due this week, but every call window of it
				   left is past: overflow */
	F_AFTER,		/* dated after the week's last working day */
	F_N
};

/* Window preferences and assignments. */
enum { WIN_ANY, WIN_AM, WIN_PM, WIN_SMS };

#define FL_DIALS	0x03	/* dials in the round, at most 3 */
#define FL_ACTIVE	0x04	/* the round is open */
#define FL_GIFT		0x08	/* a gift check: by SMS */
#define FL_LOG		0x10	/* a contact from the log alone */
#define FL_SEEN		0x20	/* the log has a record of it */
#define FL_MOVED	0x40	/* a callback not at the time agreed */

/*
 * One row: 40 bytes, so a million contacts fit in well under 64 MiB.
 * Times from the log are minutes since the epoch.  The callback time
 * is read last by classify, which then sets the slot: they share a
 * place.  After the plan, start holds the row's place in the output.
 * Agents are int16_t: due_run refuses more than INT16_MAX of them.
 * The small fields are bit-fields; each holds its whole range (days
 * of the week 0..6, or -1 for day; attempts 1..3; enum values < 16).
 *
 * What the plan sets (agent, day, the days it may go on, window,
 * attempt) means nothing before it: until then a gift row keeps its
 * customer there (cust: a hash of store and phone), so that one
 * customer's texts are put together (one text) at no cost in memory.
 * After classify, pend of a row whose text is another's (with) is that
 * other row.
 */
struct drow {
	uint64_t	 id;
	int32_t		 start;		/* the round's first record */
	int32_t		 last;		/* the last record */
	union {
		int32_t	 cb;		/* the agreed callback time */
		int32_t	 slot;		/* after classify: minute of the day */
	};
	int32_t		 pend;		/* re-visit due since, or -1 */
	union {
		struct {
			int16_t	 agent;	/* planned agent */
			signed int day : 4;	/* working day index */
			unsigned int dlo : 3, dhi : 3;	/* the days it may
						   go on */
			unsigned int win : 2;
			unsigned int attempt : 2;
		};
		uint32_t cust;		/* a gift row's customer, until
					   the plan */
	};
	int16_t		 pref;		/* agent of the last record, or -1 */
	int16_t		 sidx;		/* store in the agents' stores, or -1 */
	int16_t		 lo, hi;	/* rule window, days from Monday; with
					   no rule, lo is the contact's date
					   (NODATE: none) */
	uint8_t		 rule;
	uint8_t		 lastoc;
	unsigned int	 flags : 7;
	unsigned int	 what : 3;
	unsigned int	 fate : 4;
	unsigned int	 with : 1;	/* its text is the row pend's */
};
_Static_assert(sizeof(struct drow) == 40, "struct drow is 40 bytes");
_Static_assert(offsetof(struct drow, pref) == offsetof(struct drow, cust) +
    sizeof(uint32_t), "the plan's fields of a row are cust's 32 bits");

/* The contact columns of a row from the log alone. */
struct logrow {
	char	*type, *store, *customer, *phone;
};

/* The plan's columns, in order: due window slot agent attempt why. */
#define NPLAN	6
extern const char *const due_plan_cols[NPLAN];

struct due {
	const struct due_opts *o;
	const struct policy *pol;
	struct drow	*row;
	size_t		 nrow, rowcap, ninput;
	struct idmap	 ids;		/* id -> slot, while pass one reads */
	uint32_t	*idrow;		/* slot -> row */
	size_t		 idrowcap;
	int		 wd[MAXWD];
	int		 nwd;
	int		 ws, we;		/* Monday, Sunday */
	int		 t0day;		/* the first day calls may be on */
	long long	 t0min;		/* now, to the minute (rounded up) */
	int		 cutwd;		/* the working day of now, its windows
					   cut at now; or -1 */
	int		 cut;		/* that minute of the day */
	int		 cutleft;	/* its window minutes left */
	int		 cutfull;	/* and in all */
	struct dnc	 dnc;		/* phones never to call (dnc.h) */
	/* agents */
	const struct due_agent *ag;
	size_t		 na;
	size_t		*byname;	/* agents sorted by name */
	int		*rank;		/* each agent's place by name */
	int		*load;		/* na * nwd calls */
	int		*sms;		/* na * nwd texts */
	int		*tot;		/* na: the week's calls */
	int		*smstot;
	int		 remday[MAXWD];
	long		 room;		/* calls left: remday summed */
	struct idmap	 agmap;		/* hash of an agent's name -> slot */
	size_t		*agslot;	/* slot -> agent */
	char		**sname;	/* the stores agents name */
	size_t		 nsname;
	int		 restricted;	/* some agent covers some stores */
	/* input */
	FILE		**fp;		/* rereadable inputs */
	FILE		**orig;
	long long	*fstart;
	const char	**fname;
	size_t		 nfile;
	char		**hdr;
	size_t		 nhdr;
	long		 cid, ctype, cstore, cphone, cdate, ccust;
	long		 outcol[NPLAN];
	int		 inplace;	/* the input has plan columns */
	struct logrow	*lr;
	size_t		 nlr, lrcap;
	/* counts */
	long		 count[F_N];
	long		 ncall, nsms, nfromlog;
	int		 logmissing;	/* the log named was not there */
	int		 status;
};

/* The exit status rises to s, never falls. */
void	 due_setstatus(struct due *, int);
/* A row's random key: the order of rows alike (rand.h). */
uint64_t due_key(const struct due *, uint64_t);
/* The last word of every order of rows: their random keys, then ids. */
int	 due_by_key(const struct due *, const struct drow *,
	    const struct drow *);

/*
 * lines.c.  Read a small text file a line at a time: fn(arg, line,
 * lineno) for each line not empty or a "#" comment, its end and a BOM
 * taken off.  0; -1 when fn said -1 of some line; -2 when the file
 * cannot be read (said).
 */
int	 due_each_line(const char *, int (*)(void *, char *, long), void *);
/* Split a line on tabs, in place, unescaped: at most max fields. */
size_t	 due_split_tabs(char *, char **, size_t);

/* agents.c.  The agents of the run (opts', else one with no name). */
void	 due_agents_setup(struct due *, struct due_agent *);
/* An agent by name, or NOAG. */
int	 due_agent_by_name(const struct due *, const char *);

/* A contact row's fields, cut out of its line. */
struct fields {
	char	**field;
	size_t	*len;
	size_t	 nfield;
	long	 lineno;
};

/*
 * rules.c.  The rules' view of row r, its fields t (of file name): its
 * rule and window, or its fate.
 */
void	 due_rules_apply(struct due *, struct drow *, const struct fields *,
	    const char *);

/* contacts.c */
/*
 * Read the do-not-call list (dnc.h; bad lines make the status 1): 0, or
 * -1 when it could not be read.
 */
int	 due_dnc_load(struct due *);
/* Pass one: each file's rows.  The status says what went wrong. */
void	 due_contacts_read(struct due *, char *const *);
/* A new row, all unset, at the end of d->row. */
struct drow *due_new_row(struct due *);
/* The agents' store named s, or -1. */
int	 due_store_index(const struct due *, const char *);
/*
 * The ids seen: the row of id, or -1; due_id_add adds row idx for id
 * unless there is one (then its row).  due_ids_free: no more lookups.
 */
long	 due_id_find(const struct due *, uint64_t);
long	 due_id_add(struct due *, uint64_t, size_t);
void	 due_ids_free(struct due *);

/* fromlog.c.  The log's records onto the rows: 0, or -1 (said). */
int	 due_log_read(struct due *);

/*
 * plan.c.  The plan: each row's day and agent.  The planned rows are
 * *out[0..*nout) in output order, and each one's start its place.
 */
void	 due_plan(struct due *, uint32_t **, size_t *);

/* slots.c.  Windows and slots of every agent's day of calls. */
void	 due_slots(struct due *);
/*
 * The call windows of working day i (an index into wd) as they are
 * open: the morning empty (start == end) where it is not open, both cut
 * at now on the day of now.  Returns their minutes in all.
 */
int	 due_day_windows(const struct due *, int, struct window *,
	    struct window *);
/* Agent a's cap on working day i: cut, on the day of now, to its share. */
int	 due_day_cap(const struct due *, size_t, int);
/*
 * Now: t0min, and the first day calls may be on (t0day: the day of
 * now, or the next when no window of it is left), and on the day of
 * now the minute its windows are cut at.
 */
void	 due_now_setup(struct due *);

/* write.c */
struct sink;
struct tsv_buf;
/* The output's header line into b (its old length dropped). */
void	 due_header_line(const struct due *, struct tsv_buf *);
/* Pass two: every planned or overflowing row's line into s. */
void	 due_write_rows(struct due *, struct sink *);
/*
 * Put the planned rows out[0..n) in output order (due, agent by name,
 * slot, id), and each row's start at its place.
 */
void	 due_out_order(struct due *, uint32_t *, size_t);

#endif
