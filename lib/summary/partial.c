/*
 * partial.c: a summary's mergeable state written out and read back
 * (fu-summarize --partial, --merge); see summary.h.
 *
 * The state is integers only: each group's counters, and the entries of
 * the tables keyed by a group (days, resolution days, agent-weeks,
 * store-months) or by an agent-week or a store-month alone.  A line a
 * kind of entry:
 *
 *	#fu-summarize-partial 1	KEYS	CONTACTS_FED	C_N
 *	G	GROUP	KEYVAL...	COUNTER...	(group 0: the totals)
 *	D	GROUP	DAY	CALLS		R	GROUP	DAYS	COMPLAINTS
 *	A	GROUP	AGENT	MONDAY		Q	AGENT	MONDAY	SUCCESSES
 *	S	GROUP	STORE	MONTH		M	STORE	MONTH	REACHED
 *	Z	STORE	SIZE
 *
 * GROUP is the writer's number of a group, given by its G line first;
 * the totals' (0) entries of D, R, A and S are not written: the reader
 * makes them from the groups' (sum_fold_totals).
 * Merged, the counts add; for parts split by contact id no contact is
 * in two parts, so the distinct counts add too and the merge is exact.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/tsv.h"
#include "summary/sum.h"

#define MAGIC	"#fu-summarize-partial 1"

static void
put_day(FILE *fp, uint32_t w)
{
	char buf[16];

	date_format((int)(w - DAY_BIAS), buf);
	fprintf(fp, "\t%s", buf);
}

static void
put_month(FILE *fp, uint32_t w)
{
	struct month m = { (int)(w / 12), (int)(w % 12) + 1 };
	char buf[16];

	month_format(&m, buf);
	fprintf(fp, "\t%s", buf);
}

static void
put_str(FILE *fp, const struct strtab *st, uint32_t i)
{
	putc('\t', fp);
	tsv_puts(fp, str_at(st, i));
}

void
summary_write_partial(const struct summary *s, FILE *fp)
{
	const struct tuptab *t;
	const uint32_t *w;
	char buf[SUM_FMT];
	size_t g, i;
	int k, c;

	fprintf(fp, "%s\t", MAGIC);
	for (i = 0; i < s->o.nkeys; i++)
		fprintf(fp, "%s%s", i ? "," : "", sum_key_names[s->o.keys[i]]);
	fprintf(fp, "\t%d\t%d\n", s->fed_contacts, C_N);
	for (g = 0; g < tup_n(&s->groups); g++) {
		fprintf(fp, "G\t%zu", g);
		for (i = 0; i < s->o.nkeys; i++) {
			k = s->o.keys[i];
			putc('\t', fp);
			if (g > 0)
				tsv_puts(fp, sum_key_text(s, (uint32_t)g, k,
				    buf));
		}
		for (c = 0; c < C_N; c++)
			fprintf(fp, "\t%lld", (long long)s->cnt[g * C_N + c]);
		putc('\n', fp);
	}
	/* The totals' entries are made again from the groups' (fold). */
	t = &s->gday;
	for (i = 0; i < tup_n(t); i++) {
		if ((w = tup_words(t, i))[0] == 0)
			continue;
		fprintf(fp, "D\t%u", w[0]);
		put_day(fp, w[1]);
		fprintf(fp, "\t%lld\n", (long long)t->val[i]);
	}
	t = &s->gres;
	for (i = 0; i < tup_n(t); i++) {
		if ((w = tup_words(t, i))[0] == 0)
			continue;
		fprintf(fp, "R\t%u\t%u\t%lld\n", w[0], w[1],
		    (long long)t->val[i]);
	}
	t = &s->gaw;
	for (i = 0; i < tup_n(t); i++) {
		if ((w = tup_words(t, i))[0] == 0)
			continue;
		fprintf(fp, "A\t%u", w[0]);
		put_str(fp, &s->str[SK_AGENT], w[1]);
		put_day(fp, w[2]);
		putc('\n', fp);
	}
	t = &s->aws;
	for (i = 0; i < tup_n(t); i++) {
		w = tup_words(t, i);
		fputs("Q", fp);
		put_str(fp, &s->str[SK_AGENT], w[0]);
		put_day(fp, w[1]);
		fprintf(fp, "\t%lld\n", (long long)t->val[i]);
	}
	t = &s->gsm;
	for (i = 0; i < tup_n(t); i++) {
		if ((w = tup_words(t, i))[0] == 0)
			continue;
		fprintf(fp, "S\t%u", w[0]);
		put_str(fp, &s->str[SK_STORE], w[1]);
		put_month(fp, w[2]);
		putc('\n', fp);
	}
	t = &s->smr;
	for (i = 0; i < tup_n(t); i++) {
		w = tup_words(t, i);
		fputs("M", fp);
		put_str(fp, &s->str[SK_STORE], w[0]);
		put_month(fp, w[1]);
		fprintf(fp, "\t%lld\n", (long long)t->val[i]);
	}
	for (i = 1; i <= s->str[SK_STORE].n; i++)
		if (sum_size_of(s, (uint32_t)i) != SIZE_UNKNOWN) {
			fputs("Z", fp);
			put_str(fp, &s->str[SK_STORE], (uint32_t)i);
			fprintf(fp, "\t%s\n", contact_size_code(
			    (enum store_size)sum_size_of(s, (uint32_t)i)));
		}
}

/* A partial being read: its groups mapped to ours. */
struct merge {
	struct summary	*s;
	const char	*name;
	long		 line;
	uint32_t	*gmap;		/* theirs -> ours, + 1 */
	size_t		 gcap;
	char		*f[64 + C_N];
	size_t		 nf;
	char		*err;
};

static int
bad(struct merge *m, const char *why)
{
	fu_seterr(m->err, "%s:%ld: %s", m->name, m->line, why);
	return -1;
}

static int
num(struct merge *m, const char *f, long long *v)
{
	const char *e;

	*v = fu_strtonum(f, 0, INT64_MAX, &e);
	return e != NULL ? bad(m, "not a count") : 0;
}

static int
group_of(struct merge *m, const char *f, uint32_t *g)
{
	long long v;

	if (num(m, f, &v) == -1)
		return -1;
	if ((size_t)v >= m->gcap || m->gmap[v] == 0)
		return bad(m, "a group not given before");
	*g = m->gmap[v] - 1;
	return 0;
}

static int
day_of(struct merge *m, const char *f, uint32_t *w)
{
	char err[FU_ERRBUF];
	int d;

	if (date_parse(f, strlen(f), 0, &d, err) == -1)
		return bad(m, err);
	*w = (uint32_t)d + DAY_BIAS;
	return 0;
}

static int
month_of_text(struct merge *m, const char *f, uint32_t *w)
{
	char err[FU_ERRBUF];
	struct month mo;

	if (month_parse(f, &mo, err) == -1)
		return bad(m, err);
	*w = MONTH_INDEX(mo.year, mo.month);
	return 0;
}

static int
line_G(struct merge *m)
{
	struct summary *s = m->s;
	size_t nk = s->o.nkeys, i;
	uint32_t all[SK_N], g;
	long long v;
	int64_t *c;

	if (m->nf != 2 + nk + C_N)
		return bad(m, "a G line of another field count");
	if (num(m, m->f[1], &v) == -1)
		return -1;
	memset(all, 0, sizeof(all));
	if (v == 0)
		g = 0;
	else {
		for (i = 0; i < nk; i++)
			if (sum_key_parse(s, s->o.keys[i], m->f[2 + i],
			    &all[s->o.keys[i]]) == -1)
				return bad(m, "a key's value does not parse");
		g = sum_group(s, all);
	}
	if ((size_t)v >= m->gcap) {
		size_t old = m->gcap;

		m->gmap = xgrow(m->gmap, &m->gcap, (size_t)v + 1,
		    sizeof(*m->gmap));
		memset(m->gmap + old, 0, (m->gcap - old) * sizeof(*m->gmap));
	}
	m->gmap[v] = g + 1;
	c = sum_cnt(s, g);
	for (i = 0; i < C_N; i++) {
		if (num(m, m->f[2 + nk + i], &v) == -1)
			return -1;
		c[i] += v;
	}
	return 0;
}

/* One line of a partial, split into m->f. */
static int
merge_line(struct merge *m)
{
	struct summary *s = m->s;
	uint32_t w[3], slot;
	long long v;
	int sz;

	switch (m->f[0][0] != '\0' && m->f[0][1] == '\0' ? m->f[0][0] : 0) {
	case 'G':
		return line_G(m);
	case 'D': case 'R':
		if (m->nf != 4 || group_of(m, m->f[1], &w[0]) == -1 ||
		    num(m, m->f[3], &v) == -1)
			return m->nf != 4 ? bad(m, "not 4 fields") : -1;
		if (m->f[0][0] == 'D') {
			if (day_of(m, m->f[2], &w[1]) == -1)
				return -1;
			slot = tup_put(&s->gday, w, NULL);
			s->gday.val[slot] += v;
			return 0;
		}
		{
			long long d;

			if (num(m, m->f[2], &d) == -1)
				return -1;
			w[1] = (uint32_t)d;
		}
		slot = tup_put(&s->gres, w, NULL);
		s->gres.val[slot] += v;
		return 0;
	case 'A': case 'S':
		if (m->nf != 4)
			return bad(m, "not 4 fields");
		if (group_of(m, m->f[1], &w[0]) == -1)
			return -1;
		if (m->f[0][0] == 'A') {
			w[1] = str_put(&s->str[SK_AGENT], m->f[2],
			    strlen(m->f[2]));
			if (day_of(m, m->f[3], &w[2]) == -1)
				return -1;
			(void)tup_put(&s->gaw, w, NULL);
			return 0;
		}
		w[1] = sum_store(s, m->f[2], strlen(m->f[2]));
		if (month_of_text(m, m->f[3], &w[2]) == -1)
			return -1;
		(void)tup_put(&s->gsm, w, NULL);
		return 0;
	case 'Q': case 'M':
		if (m->nf != 4 || num(m, m->f[3], &v) == -1)
			return m->nf != 4 ? bad(m, "not 4 fields") : -1;
		if (m->f[0][0] == 'Q') {
			w[0] = str_put(&s->str[SK_AGENT], m->f[1],
			    strlen(m->f[1]));
			if (day_of(m, m->f[2], &w[1]) == -1)
				return -1;
			tup_add(&s->aws, w, v);
			return 0;
		}
		w[0] = sum_store(s, m->f[1], strlen(m->f[1]));
		if (month_of_text(m, m->f[2], &w[1]) == -1)
			return -1;
		tup_add(&s->smr, w, v);
		return 0;
	case 'Z':
		if (m->nf != 3 || (sz = contact_size_parse(m->f[2],
		    strlen(m->f[2]))) == -1)
			return bad(m, "not a store and its size");
		sum_set_size(s, sum_store(s, m->f[1], strlen(m->f[1])), sz);
		return 0;
	default:
		return bad(m, "not a line of a partial summary");
	}
}

/* Split a line at its tabs, each field unescaped; -1 if too many. */
static int
split(struct merge *m, char *line, size_t len)
{
	char *p = line, *t;
	size_t n;

	m->nf = 0;
	for (;;) {
		if (m->nf == sizeof(m->f) / sizeof(m->f[0]))
			return bad(m, "too many fields");
		t = memchr(p, '\t', len - (size_t)(p - line));
		n = t != NULL ? (size_t)(t - p) : len - (size_t)(p - line);
		p[tsv_unescape(p, n)] = '\0';
		m->f[m->nf++] = p;
		if (t == NULL)
			return 0;
		p = t + 1;
	}
}

int
summary_merge(struct summary *s, const char *path, char *err)
{
	FILE *fp;
	int rc;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = sum_merge_fp(s, fp, strcmp(path, "-") == 0 ? "stdin" : path, err);
	fu_close_in(fp);
	return rc;
}

int
sum_merge_fp(struct summary *s, FILE *fp, const char *name, char *err)
{
	struct merge m;
	char *line = NULL, keys[256], want[256];
	size_t cap = 0, i;
	ssize_t len;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	m.s = s;
	m.name = name;
	m.err = err;
	want[0] = '\0';
	for (i = 0; i < s->o.nkeys; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    "%s%s", i ? "," : "", sum_key_names[s->o.keys[i]]);
	while ((len = getline(&line, &cap, fp)) > 0) {
		m.line++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (m.line == 1) {
			if (strncmp(line, MAGIC "\t", sizeof(MAGIC)) != 0) {
				rc = bad(&m, "not a partial summary "
				    "(fu-summarize --partial)");
				break;
			}
			if (split(&m, line, (size_t)len) == -1 || m.nf != 4 ||
			    atoi(m.f[3]) != C_N) {
				rc = bad(&m, "a partial summary of another "
				    "version");
				break;
			}
			snprintf(keys, sizeof(keys), "%s", m.f[1]);
			if (strcmp(keys, want) != 0) {
				fu_seterr(err, "%s: a partial summary by \"%s\""
				    ", not by \"%s\"", m.name, keys, want);
				rc = -1;
				break;
			}
			if (m.f[2][0] == '1')
				s->fed_contacts = 1;
			continue;
		}
		if ((rc = split(&m, line, (size_t)len)) == -1 ||
		    (rc = merge_line(&m)) == -1)
			break;
	}
	if (rc == 0 && ferror(fp)) {
		fu_seterr(err, "%s: read error: %s", m.name, strerror(errno));
		rc = -1;
	}
	free(line);
	free(m.gmap);
	return rc;
}
