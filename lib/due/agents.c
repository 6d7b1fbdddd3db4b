/* agents.c: the agents, their daily caps and stores; see due.h, plan.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/text.h"
#include "base/util.h"
#include "due/plan.h"

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

/*
 * One agent of "NAME[:CAP]" at p (len bytes), blanks around the name
 * and the cap taken off.  0, or -1 with err.
 */
static int
parse_one(const char *p, size_t len, int cap, struct due_agent **a,
    size_t *n, size_t *acap, char *err)
{
	const unsigned char *name = (const unsigned char *)p, *c;
	const char *colon, *e;
	char num[16];
	size_t nlen = len, clen;
	long long v;

	if ((colon = memchr(p, ':', len)) != NULL)
		nlen = (size_t)(colon - p);
	text_trim(&name, &nlen);
	if (nlen == 0) {
		fu_seterr(err, "an empty agent name");
		return -1;
	}
	if (colon != NULL) {
		c = (const unsigned char *)colon + 1;
		clen = (size_t)(p + len - (const char *)c);
		text_trim(&c, &clen);
		if (clen == 0 || clen >= sizeof(num)) {
			fu_seterr(err, "agent \"%.*s\": the cap after \":\" "
			    "is not a number", (int)nlen, (const char *)name);
			return -1;
		}
		memcpy(num, c, clen);
		num[clen] = '\0';
		v = fu_strtonum(num, 0, 100000, &e);
		if (e != NULL) {
			fu_seterr(err, "agent \"%.*s\": cap \"%s\" is %s",
			    (int)nlen, (const char *)name, num, e);
			return -1;
		}
		cap = (int)v;
	}
	add_agent(a, n, acap, (const char *)name, nlen, cap);
	return 0;
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
		if (parse_one(p, (size_t)(q - p), cap, a, n, &acap, err) ==
		    -1) {
			if (strcmp(err, "an empty agent name") == 0)
				fu_seterr(err, "an empty agent name in \"%s\"",
				    s);
			goto bad;
		}
		if (*q == '\0')
			break;
		p = q + 1;
	}
	for (i = 0; i < *n; i++)
		for (j = i + 1; j < *n; j++)
			if (strcmp((*a)[i].name, (*a)[j].name) == 0) {
				fu_seterr(err, "agent \"%s\" named twice",
				    (*a)[i].name);
				goto bad;
			}
	return 0;
bad:
	due_agents_free(*a, *n);
	*a = NULL;
	*n = 0;
	return -1;
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
	const unsigned char *name;
	char *f[3], *s, *t;
	const char *e;
	size_t n, i, nlen;
	int cap;

	n = due_split_tabs(line, f, 3);
	if (c->first) {
		c->first = 0;
		if (strcmp(f[0], "name") == 0 || strcmp(f[0], "agent") == 0)
			return 0;
	}
	/* Blanks around a name are not the name's (as --agents). */
	name = (const unsigned char *)f[0];
	nlen = strlen(f[0]);
	text_trim(&name, &nlen);
	f[0] = (char *)name;
	f[0][nlen] = '\0';
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
	r = due_each_line(path, agent_line, &c);
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

/* The comparisons take the plan as qsort_r's argument: no global. */
static int
cmp_byname(const void *a, const void *b, void *arg)
{
	const struct due *d = arg;

	return strcmp(d->ag[*(const size_t *)a].name,
	    d->ag[*(const size_t *)b].name);
}

/*
 * An agent by name, or NOAG, as every record of the log names one.
 * The names are unique (due_agents_parse and due_agents_load refuse
 * one twice); the map holds the hash of each, and two names of one
 * hash (the second is not in the map) are found by going through them
 * all.
 */
int
due_agent_by_name(const struct due *d, const char *s)
{
	uint32_t slot;
	size_t a;

	slot = idmap_get(&d->agmap, fnv1a64(FNV64_OFFSET, s, strlen(s)));
	if (slot == IDMAP_NONE)
		return NOAG;
	if (strcmp(d->ag[d->agslot[slot]].name, s) == 0)
		return (int)d->agslot[slot];
	for (a = 0; a < d->na; a++)
		if (strcmp(d->ag[a].name, s) == 0)
			return (int)a;
	return NOAG;
}

static void
agent_map(struct due *d)
{
	uint32_t slot;
	size_t a;
	int added;

	idmap_init(&d->agmap);
	d->agslot = xcalloc(d->na, sizeof(*d->agslot));
	for (a = 0; a < d->na; a++) {
		slot = idmap_put(&d->agmap, fnv1a64(FNV64_OFFSET,
		    d->ag[a].name, strlen(d->ag[a].name)), &added);
		if (added)
			d->agslot[slot] = a;
	}
}

void
due_agents_setup(struct due *d, struct due_agent *one)
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
	agent_map(d);
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
