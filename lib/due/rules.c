/* rules.c: timing rules and their matches; see due.h, plan.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "due/plan.h"
#include "fmt/contact.h"
#include "fmt/date.h"

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

	n = due_split_tabs(line, f, 64);
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
	/* Only match may be left off the end (an editor drops tabs). */
	for (i = RC_TYPE; i <= RC_TIMES; i++)
		if ((size_t)c->col[i] >= n) {
			fu_datawarn(c->path, lineno, "%zu field%s: no %s",
			    n, n == 1 ? "" : "s", rule_cols[i]);
			return -1;
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
	if (strcmp(v, "*") != 0 && contact_type_parse(v, strlen(v)) == -1) {
		fu_datawarn(c->path, lineno, "type \"%s\" is not a contact "
		    "type (service, gift, writeoff, member, request) or *", v);
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
	r = due_each_line(path, rule_line, &c);
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
void
due_rules_apply(struct due *d, struct drow *r, const struct fields *t,
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
