/* duelog.c: the call log's records in force for fu-due; see duelog.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>

#include "log/calllog.h"
#include "fmt/date.h"
#include "log/duelog.h"
#include "log/duescan.h"
#include "base/err.h"
#include "base/hash.h"
#include "log/logfile.h"
#include "fmt/outcome.h"
#include "base/text.h"
#include "fmt/tsv.h"
#include "base/util.h"

/* Bad lines shown on standard error, as calllog.c; the rest are counted. */
#define SHOW_BAD	20

/*
 * The corrections: a record corrected (its ts and id, hashed) and the
 * line of its last correction.  Open addressing; key 0 is empty.
 */
struct duelog_sup {
	uint64_t	*key;
	long		*line;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
};

static uint64_t
sup_key(long long ts, uint64_t id)
{
	uint64_t k = mix64(mix64((uint64_t)ts) + id);

	return k != 0 ? k : 1;
}

static void
sup_put(struct duelog_sup *s, uint64_t k, long line)
{
	size_t i, j, ocap = s->cap;
	uint64_t *okey = s->key;
	long *oline = s->line;

	if ((s->n + 1) * 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->key = xcalloc(s->cap, sizeof(*s->key));
		s->line = xcalloc(s->cap, sizeof(*s->line));
		s->n = 0;
		for (i = 0; i < ocap; i++)
			if (okey[i] != 0)
				sup_put(s, okey[i], oline[i]);
		free(okey);
		free(oline);
	}
	for (j = k & (s->cap - 1); s->key[j] != 0; j = (j + 1) & (s->cap - 1))
		if (s->key[j] == k) {
			if (line > s->line[j])
				s->line[j] = line;
			return;
		}
	s->key[j] = k;
	s->line[j] = line;
	s->n++;
}

static long
sup_get(const struct duelog_sup *s, uint64_t k)
{
	size_t j;

	if (s->n == 0)
		return 0;
	for (j = k & (s->cap - 1); s->key[j] != 0; j = (j + 1) & (s->cap - 1))
		if (s->key[j] == k)
			return s->line[j];
	return 0;
}

static void
bad_line(struct duelog *lg, long lineno, const char *why)
{
	lg->bad++;
	if (lg->shown++ < SHOW_BAD)
		fu_datawarn(lg->name, lineno, "%s", why);
}

/* Read the header and find the columns, then stand at its start. */
static int
start(struct duelog *lg, char *err)
{
	struct tsv_reader r;
	int i;

	if (tsv_open(&r, lg->fp, lg->name) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		tsv_close(&r);
		return -1;
	}
	lg->ncol = r.ncol;
	for (i = 0; i < LC_N; i++)
		lg->col[i] = tsv_col(&r, log_cols[i]);
	tsv_close(&r);
	if (lg->ncol == 0)
		return 0;
	for (i = 0; i < LC_N; i++)
		if (lg->col[i] == -1 &&
		    (i == LC_TS || i == LC_ID || i == LC_OUTCOME)) {
			fu_seterr(err, "%s: not a call log: no %s column",
			    lg->name, log_cols[i]);
			return -1;
		}
	if (fseeko(lg->fp, lg->start, SEEK_SET) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Field c of a line of ncol fields, looked for from the nearer end:
 * [*a, *b).  -1 when the line has too few tabs for it.  A line with
 * the wrong count of fields may show another field here: the caller
 * checks the count before it trusts a field that is not empty.
 */
static int
find_field(const char *s, size_t len, size_t c, size_t ncol, size_t *a,
    size_t *b)
{
	const char *p = s, *q = s + len, *t;
	size_t k;

	if (c < ncol / 2) {
		for (k = 0; k < c; k++) {
			if ((t = memchr(p, '\t', (size_t)(q - p))) == NULL)
				return -1;
			p = t + 1;
		}
		t = memchr(p, '\t', (size_t)(q - p));
		*a = (size_t)(p - s);
		*b = t != NULL ? (size_t)(t - s) : len;
		return 0;
	}
	for (k = ncol - 1; k > c; k--) {
		if ((t = memrchr(s, '\t', (size_t)(q - s))) == NULL)
			return -1;
		q = t;
	}
	t = memrchr(s, '\t', (size_t)(q - s));
	*a = t != NULL ? (size_t)(t - s) + 1 : 0;
	*b = (size_t)(q - s);
	return 0;
}

/* The first reading: the corrections, and what each corrects. */
static int
read_corrections(struct duelog *lg, char *err)
{
	long c = lg->col[LC_SUPERSEDES];
	struct dueline *l;
	uint32_t *end = lg->end;
	long n, k;
	size_t a, b, nf;
	long long ts;
	uint64_t id;

	if (c == -1 || lg->ncol == 0)
		return 0;
	duescan_init(&lg->sc, lg->fp, lg->ncol);
	while ((n = duescan_lines(&lg->sc, lg->ln, DUELOG_BLOCK)) > 0)
		for (k = 0; k < n; k++) {
			l = &lg->ln[k];
			/* Most records correct nothing: one field looked at. */
			if (find_field(l->s, l->len, (size_t)c, lg->ncol, &a,
			    &b) == -1 || a == b)
				continue;
			nf = text_tabs(l->s, l->len, end, lg->ncol);
			if (nf != lg->ncol)
				continue;
			a = c > 0 ? end[c - 1] + 1 : 0;
			b = end[c];
			if (memchr(l->s + a, '\\', b - a) != NULL)
				b = a + tsv_unescape(l->s + a, b - a);
			l->s[b] = '\0';
			/* A bad one is reported by the second reading. */
			if (calllog_parse_supersedes(l->s + a, b - a, &ts, &id,
			    NULL) == 0)
				sup_put(lg->sup, sup_key(ts, id), l->lineno);
		}
	duescan_free(&lg->sc);
	if (n == -1) {
		fu_seterr(err, "%s: read error: %s", lg->name,
		    strerror(errno));
		return -1;
	}
	if (fseeko(lg->fp, lg->start, SEEK_SET) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	return 0;
}

int
duelog_open(struct duelog *lg, const char *path, const char *tmpdir,
    char *err)
{
	FILE *fp, *rr;

	memset(lg, 0, sizeof(*lg));
	lg->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	lg->sup = xcalloc(1, sizeof(*lg->sup));
	if ((fp = fu_open_in(path)) == NULL) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((rr = fu_rereadable(fp, tmpdir, &lg->start)) == NULL) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		fu_close_in(fp);
		goto fail;
	}
	if (rr != fp)
		fu_close_in(fp);
	lg->fp = rr;
	lg->own_fp = rr != stdin;
	/* fu-record appends under an exclusive lock: read whole batches. */
	(void)flock(fileno(lg->fp), LOCK_SH);
	if (start(lg, err) == -1)
		goto fail;
	lg->end = xcalloc((lg->ncol ? lg->ncol : 1) * DUELOG_BLOCK,
	    sizeof(*lg->end));
	if (read_corrections(lg, err) == -1)
		goto fail;
	duescan_init(&lg->sc, lg->fp, lg->ncol);
	return 0;
fail:
	duelog_close(lg);
	return -1;
}

const char *
duelog_field(const struct duelog *lg, struct duelog_rec *r, enum logcol c,
    size_t *len)
{
	long i = lg->col[c];
	size_t a, n;

	if (i == -1) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	a = i > 0 ? r->end[i - 1] + 1 : 0;
	if (!(r->ready & (uint32_t)1 << c)) {
		/* Cut out once: unescaping twice would undo a "\\". */
		n = r->end[i] - a;
		if (r->esc)
			n = tsv_unescape(r->s + a, n);
		r->s[a + n] = '\0';
		r->len[c] = (uint32_t)n;
		r->ready |= (uint32_t)1 << c;
	}
	if (len != NULL)
		*len = r->len[c];
	return r->s + a;
}

/* A line: 1 a record in force (in r), else 0 (bad, or superseded). */
static int
take(struct duelog *lg, struct dueline *l, struct duelog_rec *r,
    uint32_t *end)
{
	char err[FU_ERRBUF], why[FU_ERRBUF], q[TEXT_QUOTE_MAX + 1];
	const char *f;
	size_t n, nf;
	long long sts;
	uint64_t sid;

	nf = text_tabs(l->s, l->len, end, lg->ncol);
	if (nf != lg->ncol) {
		struct tsv_reader t;

		/* tsv.c words it: the same message as calllog.c's. */
		memset(&t, 0, sizeof(t));
		t.nfield = nf;
		t.ncol = lg->ncol;
		tsv_badrow_msg(&t, err);
		bad_line(lg, l->lineno, err);
		return 0;
	}
	memset(r, 0, sizeof(*r));
	r->s = l->s;
	r->end = end;
	r->esc = memchr(l->s, '\\', l->len) != NULL;
	r->lineno = l->lineno;
	f = duelog_field(lg, r, LC_TS, &n);
	if (time_parse(f, n, 0, &r->ts, err) == -1) {
		snprintf(why, sizeof(why), "ts: %.200s", err);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	f = duelog_field(lg, r, LC_ID, &n);
	if (fu_id_parse(f, &r->id) == -1) {
		text_quote(f, n, q);
		snprintf(why, sizeof(why), "id \"%s\" is not 16 hex digits", q);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	f = duelog_field(lg, r, LC_OUTCOME, &n);
	if ((r->outcome = outcome_parse(f, n)) == -1) {
		text_quote(f, n, q);
		snprintf(why, sizeof(why), "unknown outcome \"%s\"", q);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	f = duelog_field(lg, r, LC_SUPERSEDES, &n);
	if (n > 0) {
		if (calllog_parse_supersedes(f, n, &sts, &sid, err) == -1) {
			bad_line(lg, r->lineno, err);
			return 0;
		}
		/* Replaced by a later correction of its target. */
		if (sup_get(lg->sup, sup_key(sts, sid)) > r->lineno) {
			lg->superseded++;
			return 0;
		}
	}
	/* Replaced by a later correction of it. */
	if (sup_get(lg->sup, sup_key(r->ts, r->id)) > r->lineno) {
		lg->superseded++;
		return 0;
	}
	lg->records++;
	return 1;
}

long
duelog_next(struct duelog *lg, struct duelog_rec *r)
{
	long n, k, got = 0;

	if (lg->ncol == 0)
		return 0;
	while (got == 0) {
		if ((n = duescan_lines(&lg->sc, lg->ln, DUELOG_BLOCK)) == -1) {
			fu_warn("%s: read error", lg->name);
			return -1;
		}
		if (n == 0)
			return 0;
		for (k = 0; k < n; k++)
			got += take(lg, &lg->ln[k], &r[got],
			    lg->end + (size_t)got * lg->ncol);
	}
	return got;
}

void
duelog_close(struct duelog *lg)
{
	if (lg->shown > SHOW_BAD)
		fu_warnx("%s: %ld more bad lines", lg->name,
		    lg->shown - SHOW_BAD);
	duescan_free(&lg->sc);
	if (lg->fp != NULL && lg->own_fp)
		fclose(lg->fp);
	if (lg->sup != NULL) {
		free(lg->sup->key);
		free(lg->sup->line);
		free(lg->sup);
	}
	free(lg->end);
	free(lg->name);
	memset(lg, 0, sizeof(*lg));
}
