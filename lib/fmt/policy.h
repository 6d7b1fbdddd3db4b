/*
 * policy.h: a site's policy: the rules' defaults, a file of
 * "key<TAB>value" lines (--policy FILE or $FU_POLICY) over them, and
 * command-line options over both.  Every key, its default and its
 * meaning are in one table in policy.c; samples/policy.tsv is that
 * table written out (policy_write), and fu(7) documents it.
 */
#ifndef FU_POLICY_H
#define FU_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt/contact.h"
#include "fmt/date.h"

/* An amount tier of service follow-ups: lo <= amount < hi, in fen. */
struct tier {
	int64_t	lo;
	int64_t	hi;		/* exclusive; -1 for no upper bound */
	int	count;		/* how many to draw per store and week */
};

struct tiers {
	struct tier *t;
	size_t	 n;
};

/* A call window: minutes of the day, start inclusive, end exclusive. */
struct window {
	int	start;
	int	end;
};

/*
 * Store-size values of the exports mapped to a size (size_alias
 * "中型=large,旗舰店=large"): fu-import takes them as it takes 大店.
 */
struct size_alias {
	char	*name;		/* as the export writes it */
	int	 size;		/* enum store_size */
};

struct size_aliases {
	struct size_alias *a;
	size_t	 n;
};

enum gift_method { GIFT_WEIGHTED, GIFT_TOP };
enum gift_spread { SPREAD_FIRST_DAY, SPREAD_EVEN };

struct policy {
	double		 gift_rate;
	int64_t		 gift_min_weight;	/* fen */
	int		 gift_method;		/* enum gift_method */
	struct tiers	 tiers;
	int64_t		 tier_floor;		/* fen */
	int		 rotation;
	int		 rotation_even;		/* enum store_size */
	int		 rotation_epoch;	/* a Monday, day number */
	int		 small_store_monthly_min;
	int		 recent_days;
	int		 week_rule;		/* enum week_rule */
	int		 per_day;
	int		 gift_spread;		/* enum gift_spread */
	struct window	 am_window;
	struct window	 pm_window;
	int		 monday_morning;
	int		 sms_time;		/* minute of the day */
	int		 revisit_low_scores;
	int		 low_score;
	int		 mask_phones;
	int		 request_monthly_min;
	int		 round_days;
	double		 bunch_factor;		/* rule 2: fu-summarize */
	struct size_aliases size_aliases;
};

/* Fill with the defaults. */
void	policy_init(struct policy *);
void	policy_free(struct policy *);
/*
 * Set one key from its text form.  0, or -1 with err (FU_ERRBUF):
 * 'unknown policy key "x"' or 'gift_rate: "1.5" is not in 0-1'.
 */
int	policy_set(struct policy *, const char *, const char *, char *);
/*
 * Read a policy file over what p holds: path (--policy, else the
 * caller's FU_POLICY); NULL reads nothing.  Lines are "key<TAB>value"; "#" comments, empty lines and a
 * "key<TAB>value" header are skipped.  Each bad line is reported as
 * "prog: file:line: ..."; returns 0, or -1 after any error.
 */
int	policy_load(struct policy *, const char *);
/* Every key with its current value and comment, as samples/policy.tsv. */
void	policy_write(FILE *, const struct policy *);

/* "1500-2999:20,3000-4999:30,5000-:50" (yuan; "A-B" is A.00..B.99). */
int	tiers_parse(const char *, struct tiers *, char *);
void	tiers_format(const struct tiers *, char *, size_t);
void	tiers_free(struct tiers *);

/*
 * The size a store-size value is mapped to (ASCII letters in any case),
 * or -1.
 */
int	size_alias_find(const struct size_aliases *, const char *, size_t);

#endif
