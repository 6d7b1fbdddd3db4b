/* due.c: the week's call plan; see due.h and fu-due(1). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/bgwrite.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "due/due.h"
#include "log/calllog.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/idset.h"
#include "log/logfile.h"
#include "fmt/outcome.h"
#include "base/outfile.h"
#include "fmt/phone.h"
#include "fmt/policy.h"
#include "base/rand.h"
#include "base/text.h"
#include "fmt/tsv.h"
#include "base/util.h"

#define MAXWD	7		/* working days in a week, at most */
#define NOAG	(-1)

/* What a planned row is (the why column). */
enum what {
	W_NONE,
	W_CALLBACK,		/* 回电: at the agreed time, same agent */
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
	F_N
};

/* Window preferences and assignments. */
enum { WIN_ANY, WIN_AM, WIN_PM, WIN_SMS };

#define FL_DIALS	0x03	/* dials in the round, at most 3 */
#define FL_ACTIVE	0x04	/* the round is open */
#define FL_GIFT		0x08	/* a gift check: by SMS */
#define FL_LOG		0x10	/* a contact from the log alone */
#define FL_SEEN		0x20	/* the log has a record of it */
#define FL_HASHED	0x40	/* its id is in the id table */

/*
 * One row: 40 bytes, so a million contacts fit in well under 64 MiB.
 * Times from the log are minutes since the epoch.  The callback time
 * is read last by classify, which then sets the slot: they share a
 * place.  After the plan, start holds the row's place in the output.
 * Agents are int16_t: due_run refuses more than INT16_MAX of them.
 * The small fields are bit-fields; each holds its whole range (days
 * of the week 0..6, or -1 for day; attempts 1..3; enum values < 16).
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
	int16_t		 agent;		/* planned agent */
	int16_t		 pref;		/* agent of the last record, or -1 */
	int16_t		 sidx;		/* store in the agents' stores, or -1 */
	int16_t		 lo, hi;	/* rule window, days from Monday */
	uint8_t		 rule;
	uint8_t		 lastoc;
	unsigned int	 flags : 7;
	unsigned int	 what : 3;
	unsigned int	 fate : 4;
	signed int	 day : 4;	/* working day index */
	unsigned int	 dlo : 3, dhi : 3;	/* working days it may go on */
	unsigned int	 win : 2;
	unsigned int	 attempt : 2;
};
_Static_assert(sizeof(struct drow) == 40, "struct drow is 40 bytes");

/* The contact columns of a row from the log alone. */
struct logrow {
	char	*type, *store, *customer, *phone;
};

static const char *const plan_cols[] = { "due", "window", "slot", "agent",
    "attempt", "why" };
#define NPLAN	6

struct due {
	const struct due_opts *o;
	const struct policy *pol;
	struct drow	*row;
	size_t		 nrow, rowcap, ninput;
	uint32_t	*hslot;		/* id -> row + 1 */
	size_t		 hcap, hn;
	int		 wd[MAXWD];
	int		 nwd;
	int		 ws, we;		/* Monday, Sunday */
	int		 t0day;
	long long	 t0min;
	struct idset	 dnc;
	int		 has_dnc;
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
	uint32_t	*ahash;		/* agent name -> index + 1 */
	size_t		 ahcap;
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
	int		 status;
};

static void
setstatus(struct due *d, int s)
{
	if (s > d->status)
		d->status = s;
}

static uint64_t
key(const struct due *d, uint64_t id)
{
	return rnd_u64(d->o->seed, id, 0);
}

/* The last word of every order of rows: their random keys, then ids. */
static int
by_key(const struct due *d, const struct drow *a, const struct drow *b)
{
	uint64_t ka = key(d, a->id), kb = key(d, b->id);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* --- agents ------------------------------------------------------- */

static void
add_agent(struct due_agent **a, size_t *n, size_t *cap, const char *name,
    size_t len, int c)
{
	struct due_agent *p;

	*a = xgrow(*a, cap, *n + 1, sizeof(**a));
	p = &(*a)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->name = xstrndup(name, len);
	p->cap = c;
}

int
due_agents_parse(const char *s, int cap, struct due_agent **a, size_t *n,
    char *err)
{
	size_t acap = 0, i, j;
	const char *p = s, *q;

	*a = NULL;
	*n = 0;
	for (;;) {
		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		if (q == p) {
			fu_seterr(err, "an empty agent name in \"%s\"", s);
			due_agents_free(*a, *n);
			*a = NULL;
			*n = 0;
			return -1;
		}
		add_agent(a, n, &acap, p, (size_t)(q - p), cap);
		if (*q == '\0')
			break;
		p = q + 1;
	}
	for (i = 0; i < *n; i++)
		for (j = i + 1; j < *n; j++)
			if (strcmp((*a)[i].name, (*a)[j].name) == 0) {
				fu_seterr(err, "agent \"%s\" named twice",
				    (*a)[i].name);
				due_agents_free(*a, *n);
				*a = NULL;
				*n = 0;
				return -1;
			}
	return 0;
}

/* Split a line on tabs, in place; unescaped.  Returns the count. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *t;

	while (n < max) {
		f[n++] = p;
		if ((t = strchr(p, '\t')) == NULL)
			break;
		*t = '\0';
		p = t + 1;
	}
	for (size_t i = 0; i < n; i++)
		f[i][tsv_unescape(f[i], strlen(f[i]))] = '\0';
	return n;
}

/* Read a small text file a line at a time: fn(arg, line, lineno). */
static int
each_line(const char *path, int (*fn)(void *, char *, long), void *arg)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int bad = 0;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return -2;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1 && len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0)
			memmove(line, line + 3, (size_t)(len -= 3) + 1);
		if (len == 0 || line[0] == '#')
			continue;
		if (fn(arg, line, lineno) == -1)
			bad = 1;
	}
	if (ferror(fp)) {
		fu_warn("%s: read error", path);
		bad = 2;
	}
	free(line);
	fu_close_in(fp);
	return bad == 2 ? -2 : bad ? -1 : 0;
}

struct agents_ctx {
	const char	*path;
	struct due_agent **a;
	size_t		*n, cap;
	int		 defcap;
	int		 first;
};

static int
agent_line(void *arg, char *line, long lineno)
{
	struct agents_ctx *c = arg;
	struct due_agent *p;
	char *f[3], *s, *t;
	const char *e;
	size_t n, i;
	int cap;

	n = split_tabs(line, f, 3);
	if (c->first) {
		c->first = 0;
		if (strcmp(f[0], "name") == 0 || strcmp(f[0], "agent") == 0)
			return 0;
	}
	if (f[0][0] == '\0') {
		fu_datawarn(c->path, lineno, "no agent name");
		return -1;
	}
	for (i = 0; i < *c->n; i++)
		if (strcmp((*c->a)[i].name, f[0]) == 0) {
			fu_datawarn(c->path, lineno, "agent \"%s\" named twice",
			    f[0]);
			return -1;
		}
	cap = c->defcap;
	if (n > 1 && f[1][0] != '\0') {
		cap = (int)fu_strtonum(f[1], 0, 100000, &e);
		if (e != NULL) {
			fu_datawarn(c->path, lineno, "daily cap \"%s\" is %s",
			    f[1], e);
			return -1;
		}
	}
	add_agent(c->a, c->n, &c->cap, f[0], strlen(f[0]), cap);
	p = &(*c->a)[*c->n - 1];
	if (n > 2 && f[2][0] != '\0') {
		size_t scap = 0;

		for (s = f[2]; s != NULL; s = t) {
			if ((t = strchr(s, ',')) != NULL)
				*t++ = '\0';
			if (*s == '\0')
				continue;
			p->store = xgrow(p->store, &scap, p->nstore + 1,
			    sizeof(*p->store));
			p->store[p->nstore++] = xstrdup(s);
		}
	}
	return 0;
}

int
due_agents_load(const char *path, int cap, struct due_agent **a, size_t *n)
{
	struct agents_ctx c;
	int r;

	*a = NULL;
	*n = 0;
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.a = a;
	c.n = n;
	c.defcap = cap;
	c.first = 1;
	r = each_line(path, agent_line, &c);
	if (r == 0 && *n == 0) {
		fu_warnx("%s: no agents", path);
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

void
due_agents_free(struct due_agent *a, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(a[i].name);
		for (j = 0; j < a[i].nstore; j++)
			free(a[i].store[j]);
		free(a[i].store);
	}
	free(a);
}

/* --- rules -------------------------------------------------------- */

static int
parse_num(const char *s, double *v)
{
	char *end;

	if (*s == '\0')
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	return *end == '\0' && errno == 0 ? 0 : -1;
}

static void
free_conds(struct due_cond *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].col);
		free(c[i].val);
	}
	free(c);
}

int
due_match_parse(const char *s, struct due_cond **cp, size_t *np, char *err)
{
	static const struct {
		const char	*tok;
		int		 op;
	} ops[] = { { "!=", OP_NE }, { ">=", OP_GE }, { "<=", OP_LE },
	    { "=", OP_EQ }, { ">", OP_GT }, { "<", OP_LT } };
	struct due_cond *c = NULL, *x;
	size_t n = 0, cap = 0, i, best, blen;
	const char *p = s, *q, *o, *bo;

	*cp = NULL;
	*np = 0;
	if (*s == '\0' || strcmp(s, "*") == 0)
		return 0;
	for (;;) {
		if ((q = strchr(p, ',')) == NULL)
			q = p + strlen(p);
		/* The first operator in the condition. */
		bo = NULL;
		best = 0;
		blen = 0;
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			o = strstr(p, ops[i].tok);
			if (o == NULL || o >= q)
				continue;
			if (bo == NULL || o < bo || (o == bo &&
			    strlen(ops[i].tok) > blen)) {
				bo = o;
				best = i;
				blen = strlen(ops[i].tok);
			}
		}
		if (bo == NULL || bo == p) {
			fu_seterr(err, "\"%.*s\" is not COLUMN=VALUE (or !=, "
			    ">=, <=, >, <)", (int)(q - p), p);
			free_conds(c, n);
			return -1;
		}
		c = xgrow(c, &cap, n + 1, sizeof(*c));
		x = &c[n++];
		memset(x, 0, sizeof(*x));
		x->col = xstrndup(p, (size_t)(bo - p));
		x->op = ops[best].op;
		x->val = xstrndup(bo + blen, (size_t)(q - bo - blen));
		x->isnum = parse_num(x->val, &x->num) == 0;
		x->idx = -1;
		if (x->op != OP_EQ && x->op != OP_NE && !x->isnum) {
			fu_seterr(err, "\"%s\": %s compares numbers", x->val,
			    ops[best].tok);
			free_conds(c, n);
			return -1;
		}
		if (*q == '\0')
			break;
		p = q + 1;
	}
	*cp = c;
	*np = n;
	return 0;
}

int
due_match(const struct due_cond *c, size_t n, char *const *f, size_t nf)
{
	size_t i;
	double v;
	int cmp;

	for (i = 0; i < n; i++) {
		const char *s = c[i].idx >= 0 && (size_t)c[i].idx < nf ?
		    f[c[i].idx] : "";

		if (c[i].isnum && parse_num(s, &v) == 0)
			cmp = v < c[i].num ? -1 : v > c[i].num;
		else if (c[i].op == OP_EQ || c[i].op == OP_NE)
			cmp = strcmp(s, c[i].val) != 0;
		else
			return 0;	/* not a number: no order */
		switch (c[i].op) {
		case OP_EQ: if (cmp != 0) return 0; break;
		case OP_NE: if (cmp == 0) return 0; break;
		case OP_GE: if (cmp < 0) return 0; break;
		case OP_LE: if (cmp > 0) return 0; break;
		case OP_GT: if (cmp <= 0) return 0; break;
		case OP_LT: if (cmp >= 0) return 0; break;
		}
	}
	return 1;
}

enum { RC_NAME, RC_TYPE, RC_AFTER, RC_WITHIN, RC_EVERY, RC_TIMES,
    RC_MATCH, RC_N };
static const char *const rule_cols[RC_N] = { "name", "type", "after_days",
    "within_days", "every_days", "times", "match" };

struct rules_ctx {
	const char	*path;
	struct due_rules *rs;
	size_t		 cap;
	long		 col[RC_N];
	int		 have_hdr;
};

static int
rule_line(void *arg, char *line, long lineno)
{
	struct rules_ctx *c = arg;
	struct due_rule r;
	char *f[64], err[FU_ERRBUF];
	const char *e, *v;
	int *num[4], i;
	size_t n, k;

	n = split_tabs(line, f, 64);
	if (!c->have_hdr) {
		for (i = 0; i < RC_N; i++)
			c->col[i] = -1;
		for (k = 0; k < n; k++)
			for (i = 0; i < RC_N; i++)
				if (strcmp(f[k], rule_cols[i]) == 0)
					c->col[i] = (long)k;
		c->have_hdr = 1;
		for (i = RC_TYPE; i <= RC_TIMES; i++)
			if (c->col[i] == -1) {
				fu_datawarn(c->path, lineno, "no column \"%s\" "
				    "(the header names type, after_days, "
				    "within_days, every_days, times, match)",
				    rule_cols[i]);
				return -1;
			}
		return 0;
	}
	memset(&r, 0, sizeof(r));
	num[0] = &r.after;
	num[1] = &r.within;
	num[2] = &r.every;
	num[3] = &r.times;
	for (i = RC_AFTER; i <= RC_TIMES; i++) {
		v = (size_t)c->col[i] < n ? f[c->col[i]] : "";
		*num[i - RC_AFTER] = v[0] == '\0' ? 0 :
		    (int)fu_strtonum(v, 0, 36600, &e);
		if (v[0] != '\0' && e != NULL) {
			fu_datawarn(c->path, lineno, "%s \"%s\" is %s",
			    rule_cols[i], v, e);
			return -1;
		}
	}
	v = (size_t)c->col[RC_TYPE] < n ? f[c->col[RC_TYPE]] : "";
	if (v[0] == '\0') {
		fu_datawarn(c->path, lineno, "no type (a contact type, or *)");
		return -1;
	}
	if (c->rs->n >= 250) {
		fu_datawarn(c->path, lineno, "more than 250 rules");
		return -1;
	}
	r.type = xstrdup(v);
	v = c->col[RC_MATCH] >= 0 && (size_t)c->col[RC_MATCH] < n ?
	    f[c->col[RC_MATCH]] : "";
	if (due_match_parse(v, &r.cond, &r.ncond, err) == -1) {
		fu_datawarn(c->path, lineno, "match: %s", err);
		free(r.type);
		return -1;
	}
	v = c->col[RC_NAME] >= 0 && (size_t)c->col[RC_NAME] < n ?
	    f[c->col[RC_NAME]] : "";
	if (v[0] != '\0')
		r.name = xstrdup(v);
	else {
		char buf[64];

		snprintf(buf, sizeof(buf), "%s+%d", r.type, r.after);
		r.name = xstrdup(buf);
	}
	c->rs->r = xgrow(c->rs->r, &c->cap, c->rs->n + 1, sizeof(r));
	c->rs->r[c->rs->n++] = r;
	return 0;
}

int
due_rules_load(const char *path, struct due_rules *rs)
{
	struct rules_ctx c;
	int r;

	memset(rs, 0, sizeof(*rs));
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.rs = rs;
	r = each_line(path, rule_line, &c);
	if (r == 0 && rs->n == 0) {
		fu_warnx("%s: no rules", path);
		r = -1;
	}
	return r < 0 ? -1 : 0;
}

void
due_rules_free(struct due_rules *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->r[i].name);
		free(rs->r[i].type);
		free_conds(rs->r[i].cond, rs->r[i].ncond);
	}
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

int
due_rule_window(const struct due_rule *r, int date, int we, int *s, int *e)
{
	long k, first = (long)date + r->after;

	if (first > we)
		return -1;
	k = 0;
	if (r->every > 0) {
		k = (we - first) / r->every;
		if (r->times > 0 && k > r->times - 1)
			k = r->times - 1;
	}
	*s = (int)(first + k * r->every);
	*e = *s + r->within;
	return 0;
}

/* --- windows and slots -------------------------------------------- */

int
due_clamp(const struct policy *p, int monday, int m, int *pm)
{
	const struct window *am = &p->am_window, *w = &p->pm_window;
	int amok = !monday || p->monday_morning;

	*pm = 0;
	if (amok && m >= am->start && m < am->end)
		return m;
	if (m >= w->start && m < w->end) {
		*pm = 1;
		return m;
	}
	if (amok && m < am->start)
		return am->start;
	if (amok && m < w->start && m - (am->end - 1) <= w->start - m)
		return am->end - 1;
	*pm = 1;
	if (m < w->start)
		return w->start;
	return w->end - 1;
}

int
due_slot(const struct window *w, int i, int n)
{
	if (n <= 0)
		return w->start;
	return w->start + (int)((long)i * (w->end - w->start) / n);
}

/* --- the id table ------------------------------------------------- */

/*
 * Open addressing, linear probing, 4 bytes a slot: the row's index + 1
 * in the low bits (below hcap: the table is kept at least twice the
 * rows), and the high bits of the id's hash above them.  Those tag bits
 * spare most probes a look at the row itself: a cache miss each, in a
 * table of a million rows.
 */
static uint32_t
htag(const struct due *d, uint64_t h)
{
	return (uint32_t)(h >> 32) & ~(uint32_t)(d->hcap - 1);
}

/*
 * The table, zeroed.  A big one is on huge pages where the system has
 * them: each lookup is a random place in it, and with small pages most
 * of them cost a TLB miss as well as a cache miss.
 */
static uint32_t *
halloc(size_t n)
{
#ifdef MADV_HUGEPAGE
	size_t sz = n * sizeof(uint32_t), huge = (size_t)2 << 20;
	void *p;

	if (sz >= huge && sz % huge == 0 &&
	    posix_memalign(&p, huge, sz) == 0) {
		(void)madvise(p, sz, MADV_HUGEPAGE);
		memset(p, 0, sz);
		return p;
	}
#endif
	return xcalloc(n, sizeof(uint32_t));
}

/*
 * A bigger table for rows [0, nold).  They are taken in their order,
 * not the old table's: the old order would send each to a row all over
 * memory (for its id), a cache miss each.  FL_HASHED says which rows
 * the table holds (not the fate: a row the rules find bad is in it).
 */
static void
hgrow(struct due *d, size_t hcap, size_t nold)
{
	uint32_t mask = (uint32_t)(hcap - 1);
	uint64_t h;
	size_t i, j;

	free(d->hslot);
	d->hcap = hcap;
	d->hslot = halloc(hcap);
	for (i = 0; i < nold; i++) {
		if (!(d->row[i].flags & FL_HASHED))
			continue;
		h = mix64(d->row[i].id);
		for (j = (size_t)h & mask; d->hslot[j] != 0; j = (j + 1) & mask)
			;
		d->hslot[j] = htag(d, h) | ((uint32_t)i + 1);
	}
}

/*
 * Room for rows up to idx; rows [0, nold) are all read (in the table or
 * never to be).
 */
static void
hreserve(struct due *d, size_t idx, size_t nold)
{
	size_t c = d->hcap ? d->hcap : 1024;

	while ((idx + 1) * 2 > c)
		c *= 2;
	if (c != d->hcap)
		hgrow(d, c, d->hcap ? nold : 0);
}

/*
 * The lookups of a block of ids, in three stages, so that their cache
 * misses overlap: the slots of all into the cache, then the rows those
 * slots name, then the lookups themselves (hlook), in order.  The first
 * two only fetch: a lookup's answer is always hlook's.
 */
static void
hfetch_slot(const struct due *d, uint64_t h)
{
	if (d->hcap != 0)
		__builtin_prefetch(&d->hslot[h & (d->hcap - 1)]);
}

static void
hfetch_row(const struct due *d, uint64_t h)
{
	uint32_t mask = (uint32_t)(d->hcap - 1), tag, v;
	size_t j;

	if (d->hcap == 0)
		return;
	tag = htag(d, h);
	for (j = (size_t)h & mask; (v = d->hslot[j]) != 0; j = (j + 1) & mask)
		if ((v & ~mask) == tag) {
			__builtin_prefetch(&d->row[(v & mask) - 1]);
			return;
		}
}

/* The row of id (its hash h), or -1; with add, else add row idx for it. */
static long
hlook(struct due *d, uint64_t id, uint64_t h, size_t idx, int add)
{
	uint32_t mask, tag, v;
	size_t j;

	if (add)
		hreserve(d, idx, idx);
	else if (d->hcap == 0)
		return -1;
	mask = (uint32_t)(d->hcap - 1);
	tag = htag(d, h);
	for (j = (size_t)h & mask; (v = d->hslot[j]) != 0; j = (j + 1) & mask)
		if ((v & ~mask) == tag && d->row[(v & mask) - 1].id == id)
			return (long)(v & mask) - 1;
	if (add) {
		d->hslot[j] = tag | ((uint32_t)idx + 1);
		d->row[idx].flags |= FL_HASHED;
		d->hn++;
	}
	return -1;
}

static long
hfind(struct due *d, uint64_t id, uint64_t h)
{
	return hlook(d, id, h, 0, 0);
}

/* Add row idx for id (its hash h) unless there is one: then its index. */
static long
hadd(struct due *d, uint64_t id, uint64_t h, size_t idx)
{
	return hlook(d, id, h, idx, 1);
}

/* --- do-not-call -------------------------------------------------- */

static uint64_t
phone_key(const char *s, size_t len)
{
	char norm[PHONE_MAX];

	if (len > 0 && phone_norm(s, len, norm, NULL) == 0)
		return fnv1a64(FNV64_OFFSET, norm, strlen(norm));
	return fnv1a64(FNV64_OFFSET, s, len);
}

struct dnc_ctx {
	struct due	*d;
	const char	*path;
	long		 col;		/* the phone column; -1 a phone a line */
	int		 first;
};

static int
dnc_line(void *arg, char *line, long lineno)
{
	struct dnc_ctx *c = arg;
	char *f[256], norm[PHONE_MAX], err[FU_ERRBUF];
	size_t n, k;
	const char *p;

	n = split_tabs(line, f, 256);
	if (c->first) {
		c->first = 0;
		for (k = 0; k < n; k++)
			if (strcmp(f[k], "phone") == 0 ||
			    strcmp(f[k], "电话") == 0 ||
			    strcmp(f[k], "手机") == 0) {
				c->col = (long)k;
				return 0;
			}
		if (n > 1) {
			fu_datawarn(c->path, lineno, "no phone column");
			return -1;
		}
	}
	p = c->col >= 0 ? ((size_t)c->col < n ? f[c->col] : "") : f[0];
	if (*p == '\0')
		return 0;
	if (phone_norm(p, strlen(p), norm, err) == -1) {
		fu_datawarn(c->path, lineno, "%s", err);
		return -1;
	}
	idset_add(&c->d->dnc, fnv1a64(FNV64_OFFSET, norm, strlen(norm)));
	return 0;
}

/* --- reading the contacts ----------------------------------------- */

/* Contact lines a block: their ids are looked up together. */
#define BLOCK	64

/* A contact row's fields, cut out of its line. */
struct fields {
	char	**field;
	size_t	*len;
	size_t	 nfield;
	long	 lineno;
};

/*
 * Cut a line into its nf fields at the tabs found (end[]), unescaping
 * them, as tsv_split does.
 */
static void
cut_fields(struct fields *t, const struct tsv_line *l, const uint32_t *end,
    size_t nf)
{
	int esc = memchr(l->s, '\\', l->len) != NULL;
	size_t i, a, n;

	for (i = 0; i < nf; i++) {
		a = i > 0 ? end[i - 1] + 1 : 0;
		n = end[i] - a;
		if (esc)
			n = tsv_unescape(l->s + a, n);
		l->s[a + n] = '\0';
		t->field[i] = l->s + a;
		t->len[i] = n;
	}
	t->nfield = nf;
	t->lineno = l->lineno;
}

static int
store_index(const struct due *d, const char *s)
{
	size_t i;

	for (i = 0; i < d->nsname; i++)
		if (strcmp(d->sname[i], s) == 0)
			return (int)i;
	return -1;
}

static struct drow *
new_row(struct due *d)
{
	struct drow *r;

	d->row = xgrow(d->row, &d->rowcap, d->nrow + 1, sizeof(*d->row));
	r = &d->row[d->nrow++];
	memset(r, 0, sizeof(*r));
	r->start = r->last = r->cb = r->pend = -1;
	r->agent = r->pref = NOAG;
	r->sidx = -1;
	r->day = -1;
	r->rule = UINT8_MAX;
	return r;
}

static void
clamp16(int v, int16_t *out)
{
	*out = (int16_t)(v < -30000 ? -30000 : v > 30000 ? 30000 : v);
}

/*
 * The rules' view of a row.  Every rule whose type and match fit is
 * looked at; the one whose window is open in the week (the earliest)
 * decides, else the row is not due: later, or its windows closed.
 */
static void
apply_rules(struct due *d, struct drow *r, const struct fields *t,
    const char *name)
{
	const struct due_rules *rs = d->o->rules;
	const char *type = d->ctype >= 0 ? t->field[d->ctype] : "";
	char err[FU_ERRBUF];
	size_t i;
	int date = 0, s, e, bs = 0, be = 0, best = -1, later = 0, any = 0;

	for (i = 0; i < rs->n; i++) {
		if (strcmp(rs->r[i].type, "*") != 0 &&
		    strcmp(rs->r[i].type, type) != 0)
			continue;
		if (!due_match(rs->r[i].cond, rs->r[i].ncond, t->field,
		    t->nfield))
			continue;
		if (!any && (d->cdate < 0 || date_parse(t->field[d->cdate],
		    t->len[d->cdate], 0, &date, err) == -1)) {
			fu_datawarn(name, t->lineno, "%s: rule \"%s\" needs a "
			    "date: %s", t->field[d->cid], rs->r[i].name,
			    d->cdate < 0 ? "no date column" : err);
			r->fate = F_BAD;
			return;
		}
		any = 1;
		if (due_rule_window(&rs->r[i], date, d->we, &s, &e) == -1) {
			later = 1;
			continue;
		}
		if (e < d->ws) {
			/* the next occurrence, if any, is after the week */
			if (rs->r[i].every > 0 && (rs->r[i].times == 0 ||
			    (s - date - rs->r[i].after) / rs->r[i].every + 1 <
			    rs->r[i].times))
				later = 1;
			continue;
		}
		if (best == -1 || s < bs) {
			best = (int)i;
			bs = s;
			be = e;
		}
	}
	if (!any) {
		r->fate = F_NORULE;
		return;
	}
	if (best == -1) {
		r->fate = later ? F_LATER : F_MISSED;
		return;
	}
	r->rule = (uint8_t)best;
	clamp16(bs - d->ws, &r->lo);
	clamp16(be - d->ws, &r->hi);
}

static int
same_header(const struct due *d, const struct tsv_reader *t)
{
	size_t i;

	if (t->ncol != d->nhdr)
		return 0;
	for (i = 0; i < d->nhdr; i++)
		if (strcmp(t->col[i], d->hdr[i]) != 0)
			return 0;
	return 1;
}

static void
take_header(struct due *d, const struct tsv_reader *t)
{
	size_t i, k;

	d->nhdr = t->ncol;
	d->hdr = xcalloc(t->ncol + 1, sizeof(*d->hdr));
	for (i = 0; i < t->ncol; i++)
		d->hdr[i] = xstrdup(t->col[i]);
	d->cid = tsv_col(t, "id");
	d->ctype = tsv_col(t, "type");
	d->cstore = tsv_col(t, "store");
	d->cphone = tsv_col(t, "phone");
	d->cdate = tsv_col(t, "date");
	d->ccust = tsv_col(t, "customer");
	for (k = 0; k < NPLAN; k++)
		if ((d->outcol[k] = tsv_col(t, plan_cols[k])) != -1)
			d->inplace = 1;
	if (d->o->rules != NULL)
		for (i = 0; i < d->o->rules->n; i++)
			for (k = 0; k < d->o->rules->r[i].ncond; k++) {
				struct due_cond *c = &d->o->rules->r[i].cond[k];

				if ((c->idx = tsv_col(t, c->col)) == -1)
					fu_warnx("%s: no column \"%s\" for rule "
					    "\"%s\": it matches no row",
					    t->name, c->col,
					    d->o->rules->r[i].name);
			}
}

/* Read a file no further: its rows are not in the plan. */
static void
drop_file(struct due *d, size_t fi)
{
	if (d->fp[fi] != NULL && d->fp[fi] != d->orig[fi])
		fclose(d->fp[fi]);
	d->fp[fi] = NULL;
}

static void
read_file(struct due *d, size_t fi)
{
	struct tsv_reader t;
	struct tsv_line ln[BLOCK];
	struct fields f;
	struct drow *r;
	const char *name = d->fname[fi];
	char why[FU_ERRBUF];
	uint64_t id, ids[BLOCK], hs[BLOCK];
	size_t nf[BLOCK], ncol, a;
	uint32_t *end, *e;
	int idok[BLOCK];
	long prev, n, k;

	if (tsv_open(&t, d->fp[fi], name) == -1) {
		fu_warn("%s: read error", name);
		setstatus(d, FU_EXIT_FATAL);
		tsv_close(&t);
		drop_file(d, fi);
		return;
	}
	if (t.ncol == 0) {
		tsv_close(&t);
		return;
	}
	if (d->hdr == NULL) {
		take_header(d, &t);
		if (d->cid == -1) {
			fu_warnx("%s: no id column (contacts from fu-import or "
			    "fu-sample have one)", name);
			setstatus(d, FU_EXIT_FATAL);
		}
	} else if (!same_header(d, &t)) {
		fu_warnx("%s: its header is not that of %s: skipped", name,
		    d->fname[0]);
		setstatus(d, FU_EXIT_FATAL);
		tsv_close(&t);
		drop_file(d, fi);
		return;
	}
	if (d->cid == -1) {
		tsv_close(&t);
		drop_file(d, fi);
		return;
	}
	ncol = t.ncol;
	end = xcalloc(ncol * BLOCK, sizeof(*end));
	f.field = xcalloc(ncol, sizeof(*f.field));
	f.len = xcalloc(ncol, sizeof(*f.len));
	while ((n = tsv_next_lines(&t, ln, BLOCK)) != 0) {
		if (n == -1) {
			fu_warn("%s: read error", name);
			setstatus(d, FU_EXIT_FATAL);
			break;
		}
		/* The block's ids and their slots, before any is looked up. */
		hreserve(d, d->nrow + (size_t)n - 1, d->nrow);
		for (k = 0; k < n; k++) {
			e = end + (size_t)k * ncol;
			nf[k] = text_tabs(ln[k].s, ln[k].len, e, ncol);
			if (nf[k] != ncol)
				continue;
			a = d->cid > 0 ? e[d->cid - 1] + 1 : 0;
			idok[k] = fu_id_parse_n(ln[k].s + a, e[d->cid] - a,
			    &ids[k]) == 0;
			if (idok[k]) {
				hs[k] = mix64(ids[k]);
				hfetch_slot(d, hs[k]);
			}
		}
		/* Then each row, as if it were alone. */
		for (k = 0; k < n; k++) {
			r = new_row(d);
			if (nf[k] != ncol) {
				/* tsv.c words it, as for any bad row. */
				t.nfield = nf[k];
				tsv_badrow_msg(&t, why);
				fu_datawarn(name, ln[k].lineno, "%s", why);
				r->fate = F_BAD;
				continue;
			}
			cut_fields(&f, &ln[k], end + (size_t)k * ncol, ncol);
			if (!idok[k]) {
				fu_datawarn(name, f.lineno, "id \"%s\" is not "
				    "16 hex digits", f.field[d->cid]);
				r->fate = F_BAD;
				continue;
			}
			id = ids[k];
			r->id = id;
			if ((prev = hadd(d, id, hs[k], d->nrow - 1)) != -1) {
				fu_datawarn(name, f.lineno, "id %s again: "
				    "planned once", f.field[d->cid]);
				r->fate = F_DUP;
				continue;
			}
			if (d->ctype >= 0 &&
			    strcmp(f.field[d->ctype], "gift") == 0)
				r->flags |= FL_GIFT;
			if (d->restricted && d->cstore >= 0)
				r->sidx = (int16_t)store_index(d,
				    f.field[d->cstore]);
			if (d->has_dnc && d->cphone >= 0 &&
			    idset_has(&d->dnc, phone_key(f.field[d->cphone],
			    f.len[d->cphone]))) {
				r->fate = F_DNC;
				continue;
			}
			if (d->o->rules != NULL)
				apply_rules(d, r, &f, name);
		}
	}
	free(end);
	free(f.field);
	free(f.len);
	tsv_close(&t);
}

/* --- the log ------------------------------------------------------ */

/* The comparisons take the plan as qsort_r's argument: no global. */
static int
cmp_byname(const void *a, const void *b, void *arg)
{
	const struct due *d = arg;

	return strcmp(d->ag[*(const size_t *)a].name,
	    d->ag[*(const size_t *)b].name);
}

/*
 * An agent by name, or NOAG: a hash table of the names (they are
 * unique: due_agents_parse and due_agents_load refuse a name twice), as
 * every record of the log names one.
 */
static int
agent_by_name(const struct due *d, const char *s)
{
	size_t mask = d->ahcap - 1, j;
	uint32_t v;

	for (j = (size_t)fnv1a64(FNV64_OFFSET, s, strlen(s)) & mask;
	    (v = d->ahash[j]) != 0; j = (j + 1) & mask)
		if (strcmp(d->ag[v - 1].name, s) == 0)
			return (int)(v - 1);
	return NOAG;
}

static void
agent_hash(struct due *d)
{
	size_t a, j, mask;

	for (d->ahcap = 16; d->ahcap < 2 * d->na; d->ahcap *= 2)
		;
	mask = d->ahcap - 1;
	d->ahash = xcalloc(d->ahcap, sizeof(*d->ahash));
	for (a = 0; a < d->na; a++) {
		j = (size_t)fnv1a64(FNV64_OFFSET, d->ag[a].name,
		    strlen(d->ag[a].name)) & mask;
		while (d->ahash[j] != 0)
			j = (j + 1) & mask;
		d->ahash[j] = (uint32_t)a + 1;
	}
}

static int
low_score(const struct due *d, const struct calllog *cl, struct callrec *rec)
{
	static const enum logcol q[3] = { LC_Q1, LC_Q2, LC_Q3 };
	const char *s;
	size_t len;
	int i;

	if (!d->pol->revisit_low_scores)
		return 0;
	for (i = 0; i < 3; i++) {
		s = calllog_field(cl, rec, q[i], &len);
		if (len == 1 && s[0] >= '1' && s[0] - '0' <= d->pol->low_score)
			return 1;
	}
	return 0;
}

static void
add_log_contact(struct due *d, const struct calllog *cl,
    struct callrec *rec, uint64_t h)
{
	uint64_t id = rec->id;
	struct logrow *l;
	struct drow *r;

	r = new_row(d);
	r->id = id;
	r->flags |= FL_LOG;
	(void)hadd(d, id, h, d->nrow - 1);
	d->lr = xgrow(d->lr, &d->lrcap, d->nlr + 1, sizeof(*d->lr));
	l = &d->lr[d->nlr++];
	l->type = xstrdup(calllog_field(cl, rec, LC_TYPE, NULL));
	l->store = xstrdup(calllog_field(cl, rec, LC_STORE, NULL));
	l->customer = xstrdup(calllog_field(cl, rec, LC_CUSTOMER, NULL));
	l->phone = xstrdup(calllog_field(cl, rec, LC_PHONE, NULL));
	if (strcmp(l->type, "gift") == 0)
		r->flags |= FL_GIFT;
	if (d->restricted)
		r->sidx = (int16_t)store_index(d, l->store);
	if (d->has_dnc && idset_has(&d->dnc, phone_key(l->phone,
	    strlen(l->phone))))
		r->fate = F_DNC;
}

/* One record in force, as fu-record counts rounds (record.c). */
static void
apply_record(struct due *d, struct drow *r, const struct calllog *cl,
    struct callrec *rec)
{
	const struct outcome_info *o = &outcomes[rec->outcome];
	long long span = (long long)d->pol->round_days * 1440;
	int32_t t = (int32_t)(rec->ts / 60);
	const char *s;
	size_t len;
	long long cbt;
	int day, dials, a;
	char err[FU_ERRBUF];

	if (!(r->flags & FL_ACTIVE) || t - r->start > span) {
		r->flags |= FL_ACTIVE;
		r->flags &= ~FL_DIALS;
		r->start = t;
	}
	dials = r->flags & FL_DIALS;
	if (o->dial && dials < 3)
		r->flags = (uint8_t)((r->flags & ~FL_DIALS) | (dials + 1));
	else if (!o->dial && !o->open)
		r->flags &= ~FL_ACTIVE;
	r->flags |= FL_SEEN;
	r->last = t;
	r->lastoc = (uint8_t)rec->outcome;
	r->cb = -1;
	if (rec->outcome == OC_CALLBACK) {
		s = calllog_field(cl, rec, LC_CALLBACK, &len);
		if (len > 0 && time_parse(s, len, TIME_DATE_OK, &cbt, err) == 0)
			r->cb = (int32_t)(cbt / 60);
	}
	s = calllog_field(cl, rec, LC_AGENT, &len);
	if (len > 0 && (a = agent_by_name(d, s)) != NOAG)
		r->pref = (int16_t)a;
	/* Re-visits: a success after the reason clears it. */
	if (r->pend != -1 && o->success && t >= r->pend)
		r->pend = -1;
	s = calllog_field(cl, rec, LC_RESOLVED, &len);
	if (len > 0 && date_parse(s, len, 0, &day, err) == 0) {
		r->pend = (int32_t)(day * 1440LL);
		if (r->pend <= t)
			r->pend = t + 1;
	}
	if (low_score(d, cl, rec))
		r->pend = t + 1;
}

static int
read_log(struct due *d)
{
	struct calllog cl;
	struct callrec rec[CALLLOG_BLOCK];
	uint64_t h[CALLLOG_BLOCK];
	char err[FU_ERRBUF];
	size_t len;
	long idx, n, k;

	if (calllog_open(&cl, d->o->log, CALLLOG_NO_AS_OF, d->o->tmpdir,
	    err) == -1) {
		fu_warnx("%s", err);
		return -1;
	}
	while ((n = calllog_read(&cl, rec, CALLLOG_BLOCK)) > 0) {
		for (k = 0; k < n; k++) {
			h[k] = mix64(rec[k].id);
			hfetch_slot(d, h[k]);
		}
		for (k = 0; k < n; k++)
			hfetch_row(d, h[k]);
		for (k = 0; k < n; k++) {
			if ((idx = hfind(d, rec[k].id, h[k])) == -1) {
				/* A complaint closed, a low score: re-visit. */
				(void)calllog_field(&cl, &rec[k], LC_RESOLVED,
				    &len);
				if (len == 0 && !low_score(d, &cl, &rec[k]))
					continue;
				add_log_contact(d, &cl, &rec[k], h[k]);
				idx = (long)d->nrow - 1;
			}
			if (d->row[idx].fate != F_BAD &&
			    d->row[idx].fate != F_DUP &&
			    d->row[idx].fate != F_DNC)
				apply_record(d, &d->row[idx], &cl, &rec[k]);
		}
	}
	if (cl.bad > 0)
		setstatus(d, FU_EXIT_DATA);
	calllog_close(&cl);
	if (n == -1)
		return -1;
	return 0;
}

/* --- what each row needs ------------------------------------------ */

/* The first working day index on or after day, or -1. */
static int
wd_from(const struct due *d, int day)
{
	int i;

	for (i = 0; i < d->nwd; i++)
		if (d->wd[i] >= day)
			return i;
	return -1;
}

static int
wd_upto(const struct due *d, int day)
{
	int i;

	for (i = d->nwd - 1; i >= 0; i--)
		if (d->wd[i] <= day)
			return i;
	return -1;
}

static void
set_range(struct due *d, struct drow *r, int from, int to)
{
	int a = wd_from(d, from), b = wd_upto(d, to);

	if (a == -1 || b == -1 || a > b) {
		r->fate = to < d->t0day ? F_MISSED : F_LATER;
		return;
	}
	r->dlo = (unsigned int)a;
	r->dhi = (unsigned int)b;
}

static void
classify(struct due *d, struct drow *r)
{
	long long span = (long long)d->pol->round_days * 1440;
	int dials = r->flags & FL_DIALS, day, m, lastday;
	int active = (r->flags & FL_ACTIVE) && d->t0min - r->start <= span;

	int fate0 = r->fate;

	r->attempt = 1;
	r->win = WIN_ANY;
	r->fate = F_PLAN;
	if (r->flags & FL_SEEN && active) {
		lastday = (int)(r->last / 1440);
		if (dials >= 2) {
			r->fate = F_USEDUP;
			return;
		}
		if (r->lastoc == OC_CALLBACK && r->cb != -1) {
			r->attempt = (uint8_t)(dials + 1);
			day = (int)(r->cb / 1440);
			if ((long long)r->cb >= d->t0min) {
				r->what = W_CALLBACK;
				set_range(d, r, day, d->we);
				r->dhi = r->dlo;
				m = (int)(r->cb % 1440);
				if (r->fate == F_PLAN && d->wd[r->dlo] != day)
					m = 0;	/* not a working day: morning */
				r->slot = (int16_t)m;
				return;
			}
			r->what = W_OVERDUE;
			set_range(d, r, day + 1 > d->t0day ? day + 1 :
			    d->t0day, d->we);
			r->dhi = r->dlo;
			return;
		}
		if (outcomes[r->lastoc].dial) {
			r->what = W_REDIAL;
			r->attempt = (uint8_t)(dials + 1);
			set_range(d, r, lastday + 1 > d->t0day ? lastday + 1 :
			    d->t0day, d->we);
			r->dhi = r->dlo;
			m = (int)(r->last % 1440);
			if (m < d->pol->am_window.end)
				r->win = WIN_PM;
			else if (m >= d->pol->pm_window.start)
				r->win = WIN_AM;
			return;
		}
	}
	if (r->pend != -1) {
		r->what = W_REVISIT;
		set_range(d, r, d->t0day, d->we);
		return;
	}
	if (r->flags & FL_LOG) {
		r->fate = F_DONE;	/* not an input row: not counted */
		return;
	}
	if (fate0 != F_PLAN) {
		r->fate = (uint8_t)fate0;	/* the rules' word */
		return;
	}
	if (r->rule != UINT8_MAX) {
		int s = d->ws + r->lo, e = d->ws + r->hi;

		if (r->flags & FL_SEEN && !active &&
		    (long long)r->last >= (long long)s * 1440) {
			r->fate = F_DONE;
			return;
		}
		r->what = W_RULE;
		set_range(d, r, s > d->t0day ? s : d->t0day, e);
	} else {
		if (r->flags & FL_SEEN &&
		    (long long)r->last >= (long long)d->ws * 1440) {
			r->fate = F_DONE;
			return;
		}
		r->what = W_FIRST;
		set_range(d, r, d->t0day, d->we);
	}
	if (r->fate == F_PLAN && (r->flags & FL_GIFT)) {
		r->win = WIN_SMS;
		if (d->pol->gift_spread != SPREAD_EVEN)
			r->dhi = r->dlo;
	}
}

/* --- the plan ----------------------------------------------------- */

static int
eligible(const struct due *d, size_t a, const struct drow *r)
{
	const struct due_agent *g = &d->ag[a];
	size_t i;

	if (!d->restricted || g->nstore == 0)
		return 1;
	if (r->sidx < 0)
		return 0;
	for (i = 0; i < g->nstore; i++)
		if (strcmp(g->store[i], d->sname[r->sidx]) == 0)
			return 1;
	return 0;
}

/* Does any agent cover this row?  If none does, any agent will do. */
static int
covered(const struct due *d, const struct drow *r)
{
	size_t a;

	for (a = 0; a < d->na; a++)
		if (eligible(d, a, r))
			return 1;
	return 0;
}

/* The least loaded day of agent a in the row's range with room. */
static int
pick_day(const struct due *d, size_t a, const struct drow *r, int sms)
{
	const int *l = (sms ? d->sms : d->load) + a * (size_t)d->nwd;
	int i, best = -1;

	for (i = r->dlo; i <= r->dhi; i++) {
		if (!sms && l[i] >= d->ag[a].cap)
			continue;
		if (best == -1 || l[i] < l[best])
			best = i;
	}
	return best;
}

static void
place(struct due *d, struct drow *r, size_t a, int day, int sms)
{
	r->agent = (int16_t)a;
	r->day = day;
	if (sms) {
		d->sms[a * (size_t)d->nwd + (size_t)day]++;
		d->smstot[a]++;
		d->nsms++;
	} else {
		d->load[a * (size_t)d->nwd + (size_t)day]++;
		d->tot[a]++;
		d->remday[day]--;
		d->room--;
		d->ncall++;
	}
}

/* Choose an agent and day; 0, or -1 when nobody has room. */
static int
assign(struct due *d, struct drow *r, int sms, int prefer)
{
	const int *tot = sms ? d->smstot : d->tot;
	size_t a, best = 0;
	int day, bday = -1, any, room = 0;

	/*
	 * No day has room (remday never goes below 0): the most rows of a
	 * big week end here, so this is said before anything is counted.
	 */
	if (!sms && d->room <= 0)
		return -1;
	if (sms && !d->restricted) {
		/*
		 * What the loop below comes to for a text when every agent
		 * may take it and every day has room: the first agent of the
		 * fewest texts, or the log's agent when it has as few.
		 */
		for (a = 1; a < d->na; a++)
			if (tot[a] < tot[best])
				best = a;
		if (r->pref != NOAG && tot[r->pref] == tot[best])
			best = (size_t)r->pref;
		if ((day = pick_day(d, best, r, sms)) == -1)
			return -1;
		place(d, r, best, day, sms);
		return 0;
	}
	any = !covered(d, r);
	if (!sms) {
		for (day = r->dlo; day <= r->dhi; day++)
			room += d->remday[day];
		if (room <= 0)
			return -1;
	}
	if (prefer && r->pref != NOAG && (any || eligible(d, (size_t)r->pref,
	    r)) && (day = pick_day(d, (size_t)r->pref, r, sms)) != -1) {
		place(d, r, (size_t)r->pref, day, sms);
		return 0;
	}
	/* The least loaded agent with room; the log's agent on a tie. */
	for (a = 0; a < d->na; a++) {
		if (!any && !eligible(d, a, r))
			continue;
		if (bday != -1 && (tot[a] > tot[best] || (tot[a] == tot[best] &&
		    (int32_t)a != r->pref)))
			continue;
		if ((day = pick_day(d, a, r, sms)) == -1)
			continue;
		best = a;
		bday = day;
	}
	if (bday == -1)
		return -1;
	place(d, r, best, bday, sms);
	return 0;
}

/* Callbacks, second dials, overdue callbacks, re-visits, the rest. */
static int
prio(const struct drow *r)
{
	return r->what <= W_REVISIT ? r->what : W_REVISIT + 1;
}

static int
cmp_plan(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];

	if (prio(a) != prio(b))
		return prio(a) < prio(b) ? -1 : 1;
	if (a->dhi != b->dhi)
		return a->dhi < b->dhi ? -1 : 1;
	return by_key(d, a, b);
}

static int
part(const struct drow *r)
{
	return r->win == WIN_SMS ? 2 : r->what <= W_OVERDUE ? 0 : 1;
}

static int
cmp_part(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];

	if (part(a) != part(b))
		return part(a) < part(b) ? -1 : 1;
	return cmp_plan(pa, pb, arg);
}

/*
 * Sorting a million rows by cmp_part calls the key's hash twice a
 * comparison, on rows all over memory.  Instead each row gets one
 * 64-bit number: part, prio and dhi, the top 24 bits of its key, and
 * its index below; those sort in place (no scratch buffer: memory is
 * what limits the run).  Rows alike in the top 32 bits (a key's top
 * bits seldom tie) are then put in order by cmp_part itself.
 */
static void
u64_swap(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;

	*a = *b;
	*b = t;
}

static void
u64_sift(uint64_t *v, size_t i, size_t n)
{
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[i] >= v[c])
			return;
		u64_swap(&v[i], &v[c]);
		i = c;
	}
}

/*
 * Partition v[0..n) (n > 16) about the median of three: [0, j] <= p <=
 * [j + 1, n).  Returns j.
 */
static size_t
u64_partition(uint64_t *v, size_t n)
{
	size_t i, j;
	uint64_t p;

	if (v[n / 2] < v[0])
		u64_swap(&v[n / 2], &v[0]);
	if (v[n - 1] < v[0])
		u64_swap(&v[n - 1], &v[0]);
	if (v[n - 1] < v[n / 2])
		u64_swap(&v[n - 1], &v[n / 2]);
	p = v[n / 2];
	i = 0;
	j = n - 1;
	for (;;) {
		while (v[i] < p)
			i++;
		while (v[j] > p)
			j--;
		if (i >= j)
			return j;
		u64_swap(&v[i++], &v[j--]);
	}
}

/* Quicksort, median of three; heapsort past a depth (never, here). */
static void
u64_sort(uint64_t *v, size_t n, int depth)
{
	size_t i, j;

	while (n > 16) {
		if (depth-- == 0) {
			for (i = n / 2; i-- > 0; )
				u64_sift(v, i, n);
			for (i = n - 1; i > 0; i--) {
				u64_swap(&v[0], &v[i]);
				u64_sift(v, 0, i);
			}
			return;
		}
		j = u64_partition(v, n);
		/* [0, j] <= p <= [j + 1, n); the smaller side first */
		if (j + 1 < n - j - 1) {
			u64_sort(v, j + 1, depth);
			v += j + 1;
			n -= j + 1;
		} else {
			u64_sort(v + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j] < v[j - 1]; j--)
			u64_swap(&v[j], &v[j - 1]);
}

static int
u64_depth(size_t n)
{
	int depth = 8;

	for (; n > 1; n >>= 1)
		depth += 2;
	return depth;
}

/*
 * v[0..n) with its least k first (0 < k < n), in no order: quickselect
 * with u64_sort's partition; the rest of u64_sort past a depth.
 */
static void
u64_select(uint64_t *v, size_t n, size_t k)
{
	int depth = u64_depth(n);
	size_t j;

	while (n > 16) {
		if (depth-- == 0) {
			u64_sort(v, n, 0);
			return;
		}
		j = u64_partition(v, n);
		/* [0, j] <= p <= [j + 1, n): k falls on one side */
		if (k == j + 1)
			return;
		if (k < j + 1)
			n = j + 1;
		else {
			v += j + 1;
			n -= j + 1;
			k -= j + 1;
		}
	}
	u64_sort(v, n, 0);
}

/*
 * One part of the list (fixed calls, the rest, texts), put in order as
 * it is used.  Each row gets one 64-bit number: part, prio and dhi, the
 * top 24 bits of its key, and its index below; those sort in place (no
 * scratch buffer: memory is what limits the run).  Rows alike in the
 * top 32 bits (a key's top bits seldom tie) are then put in order by
 * cmp_part itself.  A big week has room for a few thousand calls and a
 * million rows to offer them to; once the room is gone, each of the
 * rest ends over capacity whatever its place, so only the head of the
 * list is sorted, a growing piece at a time (quickselect, then a sort
 * of the piece).
 */
struct order {
	struct due	*d;
	uint64_t	*v;
	uint32_t	*ix;		/* the rows; in order up to done */
	size_t		 n, done;
	int		 oneday;	/* each row's day is its dhi */
};

static void
order_init(struct order *o, struct due *d, uint64_t *v, uint32_t *ix,
    size_t n)
{
	o->d = d;
	o->v = v;
	o->ix = ix;
	o->n = n;
	o->done = 0;
	o->oneday = 0;
}

static void
order_add(struct order *o, size_t i, const struct drow *r, uint32_t idx)
{
	uint64_t top = (uint64_t)(part(r) << 6 | prio(r) << 3 | (int)r->dhi);

	o->v[i] = top << 56 | (key(o->d, r->id) >> 40) << 32 | idx;
}

/*
 * Fetch the row a few places ahead in a list: the rows of a list in
 * order are all over memory, a cache miss each.
 */
static void
order_fetch(const struct order *o, size_t i)
{
	i += 16;
	if (i < o->done && o->ix[i] != UINT32_MAX)
		__builtin_prefetch(&o->d->row[o->ix[i]]);
}

/*
 * Rows [0, m) in their places, at least.  With oneday, a row whose day
 * is full already fails wherever it stands (room is never given back):
 * such rows go to the end unsorted, out of the way of those that can
 * still be placed, whose order among themselves is kept.  The fixed
 * calls of a big week crowd onto a day or two that fill at once.
 */
static void
order_upto(struct order *o, size_t m)
{
	uint64_t *v = o->v, top;
	size_t from = o->done, to, mid, live = o->n, end, i, j;

	if (m <= o->done)
		return;
	if (o->oneday) {
		for (i = from; i < live; ) {
			if (o->d->remday[(v[i] >> 56) & 7] <= 0)
				u64_swap(&v[i], &v[--live]);
			else
				i++;
		}
	}
	to = from + (from > 4096 ? from : 4096);
	if (to < m)
		to = m;
	if (to >= live) {
		u64_sort(v + from, live - from, u64_depth(live - from));
		to = o->n;
		end = live;
	} else {
		u64_select(v + from, live - from, to - from);
		u64_sort(v + from, to - from, u64_depth(to - from));
		/* Rows tied with the last in the top bits come along. */
		top = v[to - 1] >> 32;
		mid = to;
		for (i = to; i < live; i++)
			if (v[i] >> 32 == top)
				u64_swap(&v[i], &v[to++]);
		u64_sort(v + mid, to - mid, u64_depth(to - mid));
		end = to;
	}
	for (i = from; i < to; i++)
		o->ix[i] = (uint32_t)v[i];
	for (i = from; i < end; i = j) {
		for (j = i + 1; j < end && v[j] >> 32 == v[i] >> 32; j++)
			;
		if (j - i > 1)
			qsort_r(o->ix + i, j - i, sizeof(*o->ix), cmp_part,
			    o->d);
	}
	o->done = to;
}

/* The rest in any order: none of them has a place to take. */
static void
order_rest(struct order *o)
{
	size_t i;

	for (i = o->done; i < o->n; i++)
		o->ix[i] = (uint32_t)o->v[i];
	o->done = o->n;
}

/* Within an agent's day: am first, then any, pm, callbacks; by key. */
static int
cmp_group(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];
	static const int worder[] = { 1, 0, 2, 4 };
	int x, y;

	if (a->agent != b->agent)
		return a->agent < b->agent ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	x = a->what == W_CALLBACK ? 3 : worder[a->win];
	y = b->what == W_CALLBACK ? 3 : worder[b->win];
	if (x != y)
		return x < y ? -1 : 1;
	return by_key(d, a, b);
}

static int
cmp_out(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->agent != b->agent)
		return d->rank[a->agent] < d->rank[b->agent] ? -1 : 1;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

#define DAY_MINUTES	(24 * 60)

/*
 * The free minute of [start, end) farthest from the calls of calls[]
 * and from the window's ends (the first such: the middle of the widest
 * free stretch), or -1 when every minute has a call.
 */
static int
widest_gap(const uint16_t *calls, int start, int end)
{
	int m, last = start - 1, next = end, best = -1, bestd = 0, dist;
	int nextat[DAY_MINUTES];

	if (start < 0 || end > DAY_MINUTES || start >= end)
		return -1;
	for (m = end - 1; m >= start; m--) {
		if (calls[m] > 0)
			next = m;
		nextat[m] = next;
	}
	for (m = start; m < end; m++) {
		if (calls[m] > 0) {
			last = m;
			continue;
		}
		dist = m - last < nextat[m] - m ? m - last : nextat[m] - m;
		if (dist > bestd) {
			bestd = dist;
			best = m;
		}
	}
	return best;
}

/*
 * An agent cannot make two calls at one minute.  Call-backs keep the
 * time agreed; of call-backs agreed for one minute, the first keeps it
 * and the others follow at the next free minutes (later, never before
 * the time agreed).  A spaced call that falls on a taken minute moves
 * to the middle of the widest free stretch of its window.  Where every
 * minute is taken, calls stay where they are.
 */
static void
unclash(struct due *d, const uint32_t *g, size_t n)
{
	uint16_t calls[DAY_MINUTES];
	const struct window *w;
	struct drow *r;
	size_t i;
	int m, pass;

	memset(calls, 0, sizeof(calls));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			r = &d->row[g[i]];
			if (r->win == WIN_SMS || r->slot < 0 ||
			    r->slot >= DAY_MINUTES ||
			    (r->what == W_CALLBACK) != (pass == 0))
				continue;
			w = r->win == WIN_AM ? &d->pol->am_window :
			    &d->pol->pm_window;
			if (pass == 0 && calls[r->slot] > 0) {
				for (m = r->slot + 1; m < w->end &&
				    m < DAY_MINUTES && calls[m] > 0; m++)
					;
				if (m < w->end && m < DAY_MINUTES)
					r->slot = (int16_t)m;
			}
			calls[r->slot]++;
		}
	for (i = 0; i < n; i++) {
		r = &d->row[g[i]];
		if (r->what == W_CALLBACK || r->win == WIN_SMS ||
		    r->slot < 0 || r->slot >= DAY_MINUTES || calls[r->slot] < 2)
			continue;
		w = r->win == WIN_AM ? &d->pol->am_window :
		    &d->pol->pm_window;
		calls[r->slot]--;
		if ((m = widest_gap(calls, w->start, w->end)) != -1)
			r->slot = (int16_t)m;
		calls[r->slot]++;
	}
}

/* Windows and slots of one agent's calls on one day: rows g[0..n). */
static void
slot_group(struct due *d, const uint32_t *g, size_t n)
{
	const struct policy *p = d->pol;
	const struct window *amw = &p->am_window, *pmw = &p->pm_window;
	struct drow *r;
	size_t i, nn = 0, nam = 0, npm = 0, k;
	int monday, amok, tam, amlen, pmlen, pm;

	if (n == 0)
		return;
	monday = date_weekday(d->wd[d->row[g[0]].day]) == 1;
	amok = !monday || p->monday_morning;
	for (i = 0; i < n; i++) {
		r = &d->row[g[i]];
		if (r->what == W_CALLBACK)
			continue;
		nn++;
		if (r->win == WIN_AM && amok)
			nam++;
		else if (r->win == WIN_PM || r->win == WIN_AM)
			npm++;
	}
	amlen = amw->end - amw->start;
	pmlen = pmw->end - pmw->start;
	tam = 0;
	if (amok && amlen + pmlen > 0)
		tam = (int)(((long)2 * (long)nn * amlen + amlen + pmlen) /
		    (2L * (amlen + pmlen)));
	if ((size_t)tam < nam)
		tam = (int)nam;
	if ((size_t)tam > nn - npm)
		tam = (int)(nn - npm);
	k = 0;
	for (i = 0; i < n; i++) {
		r = &d->row[g[i]];
		if (r->what == W_CALLBACK) {
			r->slot = (int16_t)due_clamp(p, monday, r->slot, &pm);
			r->win = pm ? WIN_PM : WIN_AM;
			continue;
		}
		if (k < (size_t)tam) {
			r->win = WIN_AM;
			r->slot = (int16_t)due_slot(amw, (int)k, tam);
		} else {
			r->win = WIN_PM;
			r->slot = (int16_t)due_slot(pmw, (int)(k - tam),
			    (int)(nn - (size_t)tam));
		}
		k++;
	}
	unclash(d, g, n);
}

static void
plan(struct due *d, uint32_t **outp, size_t *noutp)
{
	uint32_t *fixed = NULL, *flex, *sms, *calls, *out;
	uint64_t *v;
	size_t nf = 0, nx = 0, ns = 0, i, j, n = 0, at[3], *left, active;
	long est, level, capsum = 0;
	struct order of, ox, os;
	struct drow *r;

	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate == F_PLAN || r->fate == F_LATER ||
		    r->fate == F_NORULE)
			classify(d, r);
	}
	/* One list, in three parts: fixed calls, the rest, texts. */
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate != F_PLAN)
			continue;
		if (r->win == WIN_SMS)
			ns++;
		else if (r->what <= W_OVERDUE)
			nf++;
		else
			nx++;
	}
	n = nf + nx + ns;
	fixed = xcalloc(n + 1, sizeof(*fixed));
	v = xcalloc(n + 1, sizeof(*v));
	flex = fixed + nf;
	sms = flex + nx;
	order_init(&of, d, v, fixed, nf);
	of.oneday = 1;		/* fixed calls: dlo == dhi */
	order_init(&ox, d, v + nf, flex, nx);
	order_init(&os, d, v + nf + nx, sms, ns);
	at[0] = at[1] = at[2] = 0;
	left = xcalloc(d->na, sizeof(*left));
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate != F_PLAN)
			continue;
		j = (size_t)part(r);
		if (j == 1 && r->pref != NOAG)
			left[r->pref]++;
		order_add(j == 0 ? &of : j == 1 ? &ox : &os, at[j]++, r,
		    (uint32_t)i);
	}
	order_upto(&os, ns);
	for (i = 0; i < nf; i++) {
		if (i >= of.done) {
			if (d->room > 0)
				order_upto(&of, i + 1);
			else
				order_rest(&of);
		}
		order_fetch(&of, i);
		r = &d->row[fixed[i]];
		if (assign(d, r, 0, 1) == -1)
			r->fate = F_OVER;
	}
	/* Keep agents where the log had them, up to an even share. */
	for (i = 0; i < d->na; i++)
		capsum += (long)d->ag[i].cap * d->nwd;
	est = (long)(d->ncall + (long)nx);
	if (est > capsum)
		est = capsum;
	level = d->na ? est / (long)d->na : 0;
	/*
	 * A row of this pass does something only while its agent is under
	 * the level.  An agent is active while some row still to come is
	 * its and it is under the level; with none active, the rest of the
	 * pass would do nothing (tots only grow): it stops, and the rest of
	 * the list need not be put in order for it.
	 */
	active = 0;
	for (i = 0; i < d->na; i++)
		active += left[i] > 0 && d->tot[i] < level;
	for (i = 0; i < nx && d->room > 0 && active > 0; i++) {
		order_upto(&ox, i + 1);
		order_fetch(&ox, i);
		r = &d->row[flex[i]];
		if (r->pref == NOAG)
			continue;
		if (d->tot[r->pref] < level &&
		    (!covered(d, r) || eligible(d, (size_t)r->pref, r)) &&
		    assign(d, r, 0, 1) == 0) {
			flex[i] = UINT32_MAX;
			/* Its agent (the pref or not) one up: at the level? */
			j = (size_t)r->agent;
			if (d->tot[j] == level && left[j] > 0)
				active--;
		}
		/* One row less to come of its pref's. */
		j = (size_t)r->pref;
		if (left[j] == 1 && d->tot[j] < level)
			active--;
		left[j]--;
	}
	free(left);
	for (i = 0; i < nx; i++) {
		if (i >= ox.done) {
			if (d->room > 0)
				order_upto(&ox, i + 1);
			else
				order_rest(&ox);
		}
		order_fetch(&ox, i);
		if (flex[i] == UINT32_MAX)
			continue;
		r = &d->row[flex[i]];
		if (assign(d, r, 0, 0) == -1)
			r->fate = F_OVER;
	}
	for (i = 0; i < ns; i++) {
		order_fetch(&os, i);
		assign(d, &d->row[sms[i]], 1, 0);
	}
	free(fixed);
	free(v);

	/* Slots: each agent's day, calls. */
	calls = xcalloc(d->nrow + 1, sizeof(*calls));
	n = 0;
	for (i = 0; i < d->nrow; i++)
		if (d->row[i].fate == F_PLAN && d->row[i].win != WIN_SMS)
			calls[n++] = (uint32_t)i;
	qsort_r(calls, n, sizeof(*calls), cmp_group, d);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && d->row[calls[j]].agent ==
		    d->row[calls[i]].agent && d->row[calls[j]].day ==
		    d->row[calls[i]].day; j++)
			;
		slot_group(d, calls + i, j - i);
	}
	free(calls);
	out = xcalloc(d->nrow + 1, sizeof(*out));
	n = 0;
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (r->fate != F_PLAN)
			continue;
		if (r->win == WIN_SMS)
			r->slot = (int16_t)d->pol->sms_time;
		out[n++] = (uint32_t)i;
	}
	qsort_r(out, n, sizeof(*out), cmp_out, d);
	for (i = 0; i < n; i++)
		d->row[out[i]].start = (int32_t)i;
	*outp = out;
	*noutp = n;
}

/* --- writing ------------------------------------------------------ */

static const char *
why_text(const struct due *d, const struct drow *r)
{
	switch (r->what) {
	case W_CALLBACK:
		return "回电";
	case W_REDIAL:
		return "再拨";
	case W_OVERDUE:
		return "回电逾期";
	case W_REVISIT:
		return "复访";
	case W_RULE:
		return d->o->rules->r[r->rule].name;
	default:
		return "首访";
	}
}

/* The plan's value of column k for a row, into buf (64 bytes). */
static const char *
plan_value(const struct due *d, const struct drow *r, int k, char *buf)
{
	static const char *const wname[] = { "", "am", "pm", "sms" };

	buf[0] = '\0';
	if (r->fate != F_PLAN && k != 5)
		return buf;
	switch (k) {
	case 0:
		date_format(d->wd[r->day], buf);
		return buf;
	case 1:
		return wname[r->win];
	case 2:
		snprintf(buf, 64, "%02d:%02d", r->slot / 60, r->slot % 60);
		return buf;
	case 3:
		return r->agent == NOAG ? "" : d->ag[r->agent].name;
	case 4:
		snprintf(buf, 64, "%d", r->attempt);
		return buf;
	default:
		return why_text(d, r);
	}
}

static void
put_plan(struct due *d, struct tsv_buf *b, const struct drow *r, int k)
{
	char buf[64];
	const char *v = plan_value(d, r, k, buf);

	tsv_buf_put(b, v, strlen(v));
}

/* A row's output line into b: its fields (or raw line) and the plan. */
static void
build_line(struct due *d, struct tsv_buf *b, const struct drow *r,
    const char *raw, size_t rawlen, char *const *f, const size_t *len)
{
	size_t i;
	int k;

	b->len = 0;
	if (raw != NULL && r->fate != F_PLAN) {
		/* Over capacity (most rows of a big week): only why is said. */
		const char *why = why_text(d, r);

		tsv_buf_raw(b, raw, rawlen);
		tsv_buf_raw(b, "\t\t\t\t\t\t", NPLAN);
		tsv_buf_put(b, why, strlen(why));
		tsv_buf_char(b, '\n');
		return;
	}
	if (raw != NULL) {
		tsv_buf_raw(b, raw, rawlen);
	} else {
		for (i = 0; i < d->nhdr; i++) {
			if (i > 0)
				tsv_buf_char(b, '\t');
			for (k = 0; k < NPLAN; k++)
				if (d->outcol[k] == (long)i)
					break;
			if (k < NPLAN)
				put_plan(d, b, r, k);
			else
				tsv_buf_put(b, f[i], len[i]);
		}
	}
	for (k = 0; k < NPLAN; k++)
		if (d->outcol[k] == -1) {
			tsv_buf_char(b, '\t');
			put_plan(d, b, r, k);
		}
	tsv_buf_char(b, '\n');
}

static void
header_line(struct due *d, struct tsv_buf *b)
{
	size_t i;
	int k;

	b->len = 0;
	for (i = 0; i < d->nhdr; i++) {
		if (i > 0)
			tsv_buf_char(b, '\t');
		tsv_buf_put(b, d->hdr[i], strlen(d->hdr[i]));
	}
	for (k = 0; k < NPLAN; k++)
		if (d->outcol[k] == -1) {
			if (d->nhdr > 0 || k > 0)
				tsv_buf_char(b, '\t');
			tsv_buf_put(b, plan_cols[k], strlen(plan_cols[k]));
		}
	tsv_buf_char(b, '\n');
}

/*
 * Where the rows go.  The overflow of a big week is most of the input,
 * a hundred megabytes: it is written through a big buffer, not stdio's
 * page-sized one (a system call each 4 KiB).
 */
#define SINK_BUF	(1024 * 1024)

struct sink {
	FILE		*tmp;
	uint64_t	 pos;		/* tmp's size */
	uint64_t	*off;
	uint32_t	*len;
	FILE		*ovf;		/* written through bg, not stdio */
	struct bgwrite	 bg;
	const char	*ovfname;
	char		*tmpbuf;
};

static void
emit(struct due *d, struct sink *s, const struct drow *r, struct tsv_buf *b,
    const char *name, long lineno)
{
	if (r->fate == F_PLAN) {
		s->off[r->start] = s->pos;
		s->len[r->start] = (uint32_t)b->len;
		s->pos += b->len;
		if (fwrite(b->s, 1, b->len, s->tmp) != b->len) {
			fu_warn("temporary file: write error");
			setstatus(d, FU_EXIT_FATAL);
		}
	} else if (r->fate == F_OVER) {
		if (s->ovf != NULL)
			bgwrite(&s->bg, b->s, b->len);
		else {
			char idh[17];

			fu_id_format(r->id, idh);
			fu_datawarn(name, lineno, "%s: over the week's capacity "
			    "(%s): not planned", idh, why_text(d, r));
		}
	}
	b->len = 0;
}

static void
write_rows(struct due *d, struct sink *s)
{
	struct tsv_reader t;
	struct tsv_buf b = { NULL, 0, 0 };
	size_t fi, ri = 0, i, k, nf;
	char *raw, idh[17], **f;
	size_t rawlen, *len;
	struct drow *r;
	int rc;

	for (fi = 0; fi < d->nfile; fi++) {
		if (d->fp[fi] == NULL)
			continue;
		if (fseeko(d->fp[fi], (off_t)d->fstart[fi], SEEK_SET) == -1 ||
		    tsv_open(&t, d->fp[fi], d->fname[fi]) == -1) {
			fu_warn("%s: cannot read it again", d->fname[fi]);
			setstatus(d, FU_EXIT_FATAL);
			continue;
		}
		while (ri < d->ninput &&
		    (rc = tsv_next_raw(&t, &raw, &rawlen)) == TSV_OK) {
			r = &d->row[ri++];
			if (r->fate != F_PLAN && r->fate != F_OVER)
				continue;
			if (d->inplace) {
				if (tsv_split(&t) != TSV_OK)
					continue;
				build_line(d, &b, r, NULL, 0, t.field, t.len);
			} else
				build_line(d, &b, r, raw, rawlen, NULL, NULL);
			emit(d, s, r, &b, d->fname[fi], t.lineno);
		}
		tsv_close(&t);
	}
	/* Re-visits from the log alone: the columns it has. */
	f = xcalloc(d->nhdr + 1, sizeof(*f));
	len = xcalloc(d->nhdr + 1, sizeof(*len));
	for (i = d->ninput, k = 0; i < d->nrow; i++, k++) {
		r = &d->row[i];
		if (r->fate != F_PLAN && r->fate != F_OVER)
			continue;
		fu_id_format(r->id, idh);
		for (nf = 0; nf < d->nhdr; nf++) {
			const char *v = "";

			if ((long)nf == d->cid)
				v = idh;
			else if ((long)nf == d->ctype)
				v = d->lr[k].type;
			else if ((long)nf == d->cstore)
				v = d->lr[k].store;
			else if ((long)nf == d->ccust)
				v = d->lr[k].customer;
			else if ((long)nf == d->cphone)
				v = d->lr[k].phone;
			f[nf] = (char *)v;
			len[nf] = strlen(v);
		}
		build_line(d, &b, r, NULL, 0, f, len);
		emit(d, s, r, &b, d->o->log, 0);
	}
	free(f);
	free(len);
	tsv_buf_free(&b);
}

/*
 * The planned rows from the temporary file to out in order, through a
 * mapping of it: a read a row is a system call a row.  The pages read
 * count as the run's memory, and the rows come from all over the file,
 * so after as many rows as could touch MAP_WINDOW bytes of pages they
 * are let go (they stay in the page cache: a row read again costs a
 * minor fault).  0, or -1 when it cannot be mapped (or is not all
 * there: then the reads say so).
 */
#define MAP_WINDOW	(32 * 1024 * 1024)

static int
copy_mapped(int fd, const struct sink *s, size_t nout, FILE *out)
{
	struct stat st;
	const char *p;
	size_t i, n = 0, page = (size_t)sysconf(_SC_PAGESIZE);

	if (nout == 0 || s->pos == 0 || fstat(fd, &st) == -1 ||
	    (uint64_t)st.st_size < s->pos || s->pos > SIZE_MAX)
		return -1;
	p = mmap(NULL, (size_t)s->pos, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < nout; i++) {
		fwrite_unlocked(p + s->off[i], 1, s->len[i], out);
		/* A row spans a page, or two, or a few of its own. */
		if ((n += page + s->len[i]) >= MAP_WINDOW) {
			(void)madvise((void *)p, (size_t)s->pos,
			    MADV_DONTNEED);
			n = 0;
		}
	}
	munmap((void *)p, (size_t)s->pos);
	return 0;
}

/* --- the run ------------------------------------------------------ */

static void
setup_agents(struct due *d, struct due_agent *one)
{
	size_t i, j, k, cap = 0;

	if (d->o->nagent == 0) {
		memset(one, 0, sizeof(*one));
		one->name = (char *)"";
		one->cap = d->pol->per_day;
		d->ag = one;
		d->na = 1;
	} else {
		d->ag = d->o->agent;
		d->na = d->o->nagent;
	}
	d->byname = xcalloc(d->na, sizeof(*d->byname));
	d->rank = xcalloc(d->na, sizeof(*d->rank));
	for (i = 0; i < d->na; i++)
		d->byname[i] = i;
	qsort_r(d->byname, d->na, sizeof(*d->byname), cmp_byname, d);
	for (i = 0; i < d->na; i++)
		d->rank[d->byname[i]] = (int)i;
	agent_hash(d);
	d->load = xcalloc(d->na * MAXWD, sizeof(*d->load));
	d->sms = xcalloc(d->na * MAXWD, sizeof(*d->sms));
	d->tot = xcalloc(d->na, sizeof(*d->tot));
	d->smstot = xcalloc(d->na, sizeof(*d->smstot));
	for (i = 0; i < d->na; i++)
		for (j = 0; j < d->ag[i].nstore; j++) {
			d->restricted = 1;
			for (k = 0; k < d->nsname; k++)
				if (strcmp(d->sname[k], d->ag[i].store[j]) == 0)
					break;
			if (k == d->nsname && d->nsname < INT16_MAX) {
				d->sname = xgrow(d->sname, &cap,
				    d->nsname + 1, sizeof(*d->sname));
				d->sname[d->nsname++] = d->ag[i].store[j];
			}
		}
}

static void
summary(struct due *d)
{
	char wk[16];
	long n = 0;
	int i;

	for (i = 0; i < F_N; i++)
		n += d->count[i];
	static const struct {
		int		 k;
		const char	*what;
	} other[] = {
		{ F_OVER, "over capacity" }, { F_DONE, "done" },
		{ F_LATER, "not due this week" }, { F_MISSED, "window closed" },
		{ F_USEDUP, "two dials used" }, { F_DNC, "do-not-call" },
		{ F_NORULE, "no rule" }, { F_DUP, "duplicate" }, { F_BAD, "bad" },
	};
	char more[512];
	size_t used = 0, k;

	week_format(&d->o->wk, wk);
	/* Every row is somewhere; the empty categories are left out. */
	more[0] = '\0';
	for (k = 0; k < sizeof(other) / sizeof(other[0]); k++)
		if (d->count[other[k].k] > 0 && used < sizeof(more))
			used += snprintf(more + used, sizeof(more) - used,
			    "%s %ld %s", used ? "," : ";", d->count[other[k].k],
			    other[k].what);
	if (d->nfromlog > 0 && used < sizeof(more))
		snprintf(more + used, sizeof(more) - used, "; %ld re-visit%s "
		    "from the log", d->nfromlog, d->nfromlog == 1 ? "" : "s");
	fu_warnx("%s: %ld row%s: %ld planned (%ld call%s, %ld sms)%s", wk, n,
	    n == 1 ? "" : "s", d->count[F_PLAN], d->ncall,
	    d->ncall == 1 ? "" : "s", d->nsms, more);
}

int
due_run(const struct due_opts *o, char *const *files, FILE *out)
{
	struct due d;
	struct due_agent one;
	struct sink s;
	struct outfile of;
	struct tsv_buf b = { NULL, 0, 0 };
	uint32_t *order = NULL;
	size_t nout = 0, i;
	char *buf = NULL;
	size_t bufcap = 0;
	int fd;

	memset(&d, 0, sizeof(d));
	memset(&s, 0, sizeof(s));
	d.o = o;
	d.pol = o->pol;
	d.ws = o->wk.monday;
	d.we = o->wk.monday + 6;
	d.nwd = (int)cal_workdays(o->cal, d.ws, d.we, d.wd);
	d.t0min = o->now / 60;
	if (d.t0min < (long long)d.ws * 1440)
		d.t0min = (long long)d.ws * 1440;
	d.t0day = (int)(d.t0min / 1440);
	if (o->nagent > INT16_MAX) {
		fu_warnx("%zu agents: at most %d", o->nagent, INT16_MAX);
		return FU_EXIT_FATAL;
	}
	setup_agents(&d, &one);
	for (i = 0; i < (size_t)d.nwd; i++)
		for (size_t a = 0; a < d.na; a++)
			d.remday[i] += d.ag[a].cap;
	for (i = 0; i < (size_t)d.nwd; i++)
		d.room += d.remday[i];
	idset_init(&d.dnc);
	if (o->dnc != NULL) {
		struct dnc_ctx c = { &d, o->dnc, -1, 1 };
		int r = each_line(o->dnc, dnc_line, &c);

		if (r == -2) {
			d.status = FU_EXIT_FATAL;
			goto done;
		}
		if (r == -1)
			setstatus(&d, FU_EXIT_DATA);
		d.has_dnc = 1;
	}

	/* Pass one: the rows. */
	for (i = 0; files[i] != NULL; i++)
		d.nfile++;
	d.fp = xcalloc(d.nfile, sizeof(*d.fp));
	d.orig = xcalloc(d.nfile, sizeof(*d.orig));
	d.fstart = xcalloc(d.nfile, sizeof(*d.fstart));
	d.fname = xcalloc(d.nfile, sizeof(*d.fname));
	for (i = 0; i < d.nfile; i++) {
		d.fname[i] = strcmp(files[i], "-") == 0 ? "stdin" : files[i];
		if ((d.orig[i] = fu_open_in(files[i])) == NULL) {
			fu_warn("%s", files[i]);
			setstatus(&d, FU_EXIT_FATAL);
			continue;
		}
		if ((d.fp[i] = fu_rereadable(d.orig[i], o->tmpdir,
		    &d.fstart[i])) == NULL) {
			fu_warn("%s: read error", d.fname[i]);
			setstatus(&d, FU_EXIT_FATAL);
			continue;
		}
		read_file(&d, i);
	}
	d.ninput = d.nrow;
	if (d.status == FU_EXIT_FATAL)
		goto done;
	if (o->log != NULL && read_log(&d) == -1) {
		d.status = FU_EXIT_FATAL;
		goto done;
	}
	free(d.hslot);		/* ids are looked up no more */
	d.hslot = NULL;
	d.hcap = d.hn = 0;
	if (d.nwd == 0) {
		char wk[16];

		week_format(&o->wk, wk);
		fu_warnx("%s: no working days in the week", wk);
	}
	plan(&d, &order, &nout);

	/* Pass two: the lines, into a temporary file, then in order. */
	if ((s.tmp = fu_tmpfile(o->tmpdir)) == NULL) {
		fu_warn("temporary file");
		d.status = FU_EXIT_FATAL;
		goto done;
	}
	s.tmpbuf = xmalloc(SINK_BUF);
	(void)setvbuf(s.tmp, s.tmpbuf, _IOFBF, SINK_BUF);
	s.off = xcalloc(nout + 1, sizeof(*s.off));
	s.len = xcalloc(nout + 1, sizeof(*s.len));
	memset(&of, 0, sizeof(of));
	if (o->overflow != NULL) {
		if ((s.ovf = outfile_open(&of, o->overflow, 0600)) == NULL) {
			fu_warn("%s", o->overflow);
			d.status = FU_EXIT_FATAL;
			goto done;
		}
		/* The kernel's copy of the overflow runs beside pass two. */
		bgwrite_open(&s.bg, fileno(s.ovf), SINK_BUF);
		header_line(&d, &b);
		bgwrite(&s.bg, b.s, b.len);
		b.len = 0;
	}
	write_rows(&d, &s);
	if (s.ovf != NULL) {
		if (bgwrite_close(&s.bg) == -1) {
			fu_warn("%s", o->overflow);
			outfile_abort(&of);
			setstatus(&d, FU_EXIT_FATAL);
		} else if (outfile_commit(&of) == -1) {
			fu_warn("%s", o->overflow);
			setstatus(&d, FU_EXIT_FATAL);
		}
		s.ovf = NULL;
	}
	d.ncall = d.nsms = 0;
	for (i = 0; i < d.nrow; i++) {
		const struct drow *r = &d.row[i];

		if (i >= d.ninput) {
			d.nfromlog += r->fate == F_PLAN;
			if (r->fate == F_OVER)
				setstatus(&d, FU_EXIT_DATA);
			continue;
		}
		d.count[r->fate]++;
		if (r->fate == F_PLAN && r->win == WIN_SMS)
			d.nsms++;
		else if (r->fate == F_PLAN)
			d.ncall++;
	}
	/* The rows are counted: their memory is the copy's to use. */
	free(d.row);
	d.row = NULL;
	if (fflush(s.tmp) != 0) {
		fu_warn("temporary file: write error");
		d.status = FU_EXIT_FATAL;
		goto done;
	}
	if (d.nhdr > 0 || nout > 0) {
		header_line(&d, &b);
		tsv_buf_write(&b, out);
	}
	fd = fileno(s.tmp);
	if (copy_mapped(fd, &s, nout, out) == 0)
		nout = 0;	/* done */
	for (i = 0; i < nout; i++) {
		if (s.len[i] > bufcap)
			buf = xgrow(buf, &bufcap, s.len[i], 1);
		if (pread(fd, buf, s.len[i], (off_t)s.off[i]) !=
		    (ssize_t)s.len[i]) {
			fu_warn("temporary file: read error");
			d.status = FU_EXIT_FATAL;
			goto done;
		}
		fwrite(buf, 1, s.len[i], out);
	}
	fu_check_out(out, "standard output");

	summary(&d);
	if (d.count[F_BAD] > 0 || d.count[F_OVER] > 0)
		setstatus(&d, FU_EXIT_DATA);
done:
	if (s.tmp != NULL)
		fclose(s.tmp);
	free(s.tmpbuf);
	free(s.off);
	free(s.len);
	free(buf);
	free(order);
	tsv_buf_free(&b);
	for (i = 0; i < d.nfile; i++) {
		if (d.fp[i] != NULL && d.fp[i] != d.orig[i])
			fclose(d.fp[i]);
		if (d.orig[i] != NULL)
			fu_close_in(d.orig[i]);
	}
	free(d.fp);
	free(d.orig);
	free(d.fstart);
	free(d.fname);
	for (i = 0; i < d.nhdr; i++)
		free(d.hdr[i]);
	free(d.hdr);
	for (i = 0; i < d.nlr; i++) {
		free(d.lr[i].type);
		free(d.lr[i].store);
		free(d.lr[i].customer);
		free(d.lr[i].phone);
	}
	free(d.lr);
	free(d.row);
	free(d.hslot);
	idset_free(&d.dnc);
	free(d.byname);
	free(d.rank);
	free(d.ahash);
	free(d.load);
	free(d.sms);
	free(d.tot);
	free(d.smstot);
	free(d.sname);
	return d.status;
}
