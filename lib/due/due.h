/*
 * due.h: the week's call plan (fu-due(1)): which working day, which
 * call window and slot, which agent, which attempt, and why.
 *
 * The contacts are read twice (fu_rereadable): a first pass keeps a
 * small record a row (40 bytes) and the log's state of each
 * contact; the plan is made on those; a second pass writes each
 * planned row (its line as read, with the plan's columns) to a
 * temporary file, and the rows are then copied out in order.  The
 * files of lib/due/ and what each does: plan.h.
 */
#ifndef FU_DUE_H
#define FU_DUE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/policy.h"

/* An agent: a name, a daily cap, and the stores covered (none: any). */
struct due_agent {
	char	*name;
	int	 cap;
	char	**store;
	size_t	 nstore;
};

/* A condition of a rule's match: COLUMN OP VALUE. */
enum due_op { OP_EQ, OP_NE, OP_GE, OP_LE, OP_GT, OP_LT };

struct due_cond {
	char	*col;
	int	 op;		/* enum due_op */
	char	*val;
	double	 num;
	int	 isnum;		/* val is a number: compare as numbers */
	long	 idx;		/* its column in the input, or -1 */
};

/* A timing rule (fu-due(1), RULES). */
struct due_rule {
	char	*name;
	char	*type;		/* the contact type, or "*" */
	int	 after;		/* days after the contact's date */
	int	 within;	/* days the window stays open */
	int	 every;		/* days between occurrences; 0 once */
	int	 times;		/* occurrences; 0 without end */
	struct due_cond *cond;
	size_t	 ncond;
};

struct due_rules {
	struct due_rule *r;
	size_t	 n;
};

struct due_opts {
	struct policy	*pol;
	struct calendar	*cal;
	struct week	 wk;
	long long	 now;
	uint64_t	 seed;
	struct due_agent *agent;	/* none: one agent with no name */
	size_t		 nagent;
	struct due_rules *rules;	/* NULL: every row is due this week */
	const char	*log;		/* NULL: no log */
	const char	*dnc;
	int		 verbose;	/* --verbose: phones unmasked in messages */
	const char	*overflow;	/* NULL: listed on standard error */
	const char	*tmpdir;	/* temporary files (TMPDIR); NULL: /tmp */
};

/*
 * "A,B,C" into agents with the daily cap cap.  0, or -1 with err.
 */
int	due_agents_parse(const char *, int, struct due_agent **, size_t *,
	    char *);
/*
 * An agents file: "name[<TAB>cap[<TAB>store,store...]]" lines; "#"
 * comments, empty lines and a header whose first field is "name" or
 * "agent" are skipped.  An empty cap is cap.  Bad lines are reported as
 * "prog: file:line: ..."; -1 after any.
 */
int	due_agents_load(const char *, int, struct due_agent **, size_t *);
void	due_agents_free(struct due_agent *, size_t);

/*
 * A match: conditions separated by ",", each COLUMN=VALUE, COLUMN!=VALUE,
 * COLUMN>=N, <=, > or <; empty or "*" matches every row.  0, or -1
 * with err.
 */
int	due_match_parse(const char *, struct due_cond **, size_t *, char *);
/* Does a row (fields by the conditions' idx) match?  1 or 0. */
int	due_match(const struct due_cond *, size_t, char *const *, size_t);

/*
 * A rules file (TSV, header: name type after_days within_days
 * every_days times match; name and match may be left out); "#" lines
 * are comments.  Bad lines are reported; -1 after any.
 */
int	due_rules_load(const char *, struct due_rules *);
void	due_rules_free(struct due_rules *);
/*
 * The occurrence of a rule due around the week [ws, we] for a contact
 * dated date: its window [*s, *e] (day numbers), the latest that has
 * begun by we.  0, or -1 when none has begun yet.
 */
int	due_rule_window(const struct due_rule *, int, int, int *, int *);

/*
 * Is the morning window open on a day (monday: 1 for a Monday)?  Not
 * on Mondays unless the policy's monday_morning: the one place the
 * rule is written.
 */
int	due_am_open(const struct policy *, int);
/*
 * The first minute of the call windows of a day (am only where
 * due_am_open) at or after a minute of the day: itself when inside
 * one, else the start of the next window; -1 when no window of the day
 * is left.  *pm is set to 1 when it is in the pm window.
 */
int	due_at_or_after(const struct policy *, int, int, int *);
/* The i-th of n slots spread evenly over a window: a minute of the day. */
int	due_slot(const struct window *, int, int);

/*
 * Plan the week for the contacts in files (NULL-terminated; "-" is
 * standard input) onto out.  Returns the exit status: 0, 1 (bad rows,
 * overflow), 2 (could not run).
 */
int	due_run(const struct due_opts *, char *const *, FILE *);

#endif
