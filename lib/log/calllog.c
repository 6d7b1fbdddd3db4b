/* calllog.c: the call-log reader; see calllog.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/tsv.h"
#include "log/calllog.h"
#include "log/logfile.h"

/* Bad lines shown on standard error; the rest are counted. */
#define SHOW_BAD	20

/* A correction, as the first reading parsed its supersedes. */
struct calllog_fix {
	long		 line;
	long long	 ts;		/* what it corrects */
	uint64_t	 id;
	char		*why;		/* NULL, or why it does not parse */
};

int
calllog_parse_supersedes(const char *s, size_t n, long long *ts,
    uint64_t *id, char *err)
{
	char q[TEXT_QUOTE_MAX + 1];
	const unsigned char *p = (const unsigned char *)s;
	size_t sp;

	text_trim(&p, &n);
	s = (const char *)p;
	for (sp = n; sp > 0 && s[sp - 1] != ' '; sp--)
		;
	if (sp == 0 || n - sp != 16 || fu_id_parse_n(s + sp, 16, id) == -1 ||
	    time_parse(s, sp - 1, 0, ts, NULL) == -1) {
		text_quote(s, n, q);
		fu_seterr(err, "supersedes \"%s\" is not \"TS ID\" (a time and "
		    "a 16-digit id)", q);
		return -1;
	}
	return 0;
}

/* The key of the record (ts, id) in the table of those corrected. */
static uint64_t
fix_key(long long ts, uint64_t id)
{
	return mix64(mix64((uint64_t)ts) + id);
}

/* The line of the last correction of the record (ts, id), or 0. */
static long
last_fix(const struct calllog *lg, long long ts, uint64_t id)
{
	uint32_t slot;

	if (lg->fixed.n == 0)
		return 0;
	slot = idmap_get(&lg->fixed, fix_key(ts, id));
	return slot == IDMAP_NONE ? 0 : lg->last[slot];
}

static void
bad_line(struct calllog *lg, long lineno, const char *why)
{
	lg->bad++;
	if (lg->shown++ < SHOW_BAD)
		fu_datawarn(lg->name, lineno, "%s", why);
}

/* Read the header and find the columns. */
static int
begin(struct calllog *lg, char *err)
{
	int i;

	if (tsv_open(&lg->tsv, lg->fp, lg->name) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	lg->ncol = lg->tsv.ncol;
	for (i = 0; i < LC_N; i++)
		lg->col[i] = tsv_col(&lg->tsv, log_cols[i]);
	if (lg->ncol == 0)
		return 0;
	for (i = 0; i < LC_N; i++)
		if (lg->col[i] == -1 &&
		    (i == LC_TS || i == LC_ID || i == LC_OUTCOME)) {
			fu_seterr(err, "%s: not a call log: no %s column",
			    lg->name, log_cols[i]);
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

/* Field c of a line split at end[], cut out and unescaped in place. */
static char *
cut(char *s, const uint32_t *end, long c, size_t *n)
{
	size_t a = c > 0 ? end[c - 1] + 1 : 0, b = end[c];

	if (memchr(s + a, '\\', b - a) != NULL)
		b = a + tsv_unescape(s + a, b - a);
	s[b] = '\0';
	*n = b - a;
	return s + a;
}

/* A correction line of the first reading: listed, its target noted. */
static void
add_fix(struct calllog *lg, struct tsv_line *l)
{
	char err[FU_ERRBUF];
	struct calllog_fix *fx;
	const char *f;
	size_t n;
	long long ts;
	uint32_t slot;
	int added;

	if (lg->asof != CALLLOG_NO_AS_OF) {
		/* Not yet written then; a bad ts is the second reading's. */
		f = cut(l->s, lg->end, lg->col[LC_TS], &n);
		if (time_parse(f, n, 0, &ts, NULL) == 0 && ts > lg->asof)
			return;
	}
	lg->fix = xgrow(lg->fix, &lg->fixcap, lg->nfix + 1, sizeof(*lg->fix));
	fx = &lg->fix[lg->nfix++];
	memset(fx, 0, sizeof(*fx));
	fx->line = l->lineno;
	f = cut(l->s, lg->end, lg->col[LC_SUPERSEDES], &n);
	if (calllog_parse_supersedes(f, n, &fx->ts, &fx->id, err) == -1) {
		/* Reported by the second reading, if the line gets there. */
		fx->why = xstrdup(err);
		return;
	}
	slot = idmap_put(&lg->fixed, fix_key(fx->ts, fx->id), &added);
	if (added)
		lg->last = xgrow(lg->last, &lg->lastcap, lg->fixed.n,
		    sizeof(*lg->last));
	/* Lines come in order: the last correction is this one. */
	lg->last[slot] = l->lineno;
}

/*
 * The first reading: the corrections, and what each corrects; then
 * back to the start for the second.
 */
static int
read_corrections(struct calllog *lg, char *err)
{
	size_t c = (size_t)lg->col[LC_SUPERSEDES], a, b;
	struct tsv_line *l;
	long n, k;

	while ((n = tsv_next_lines(&lg->tsv, lg->ln, CALLLOG_BLOCK)) > 0)
		for (k = 0; k < n; k++) {
			l = &lg->ln[k];
			/* Most records correct nothing: one field looked at. */
			if (find_field(l->s, l->len, c, lg->ncol, &a, &b) ==
			    -1 || a == b)
				continue;
			if (text_tabs(l->s, l->len, lg->end, lg->ncol) ==
			    lg->ncol)
				add_fix(lg, l);
		}
	if (n == -1) {
		fu_seterr(err, "%s: read error: %s", lg->name,
		    strerror(errno));
		return -1;
	}
	lg->lines = lg->tsv.lineno;
	tsv_close(&lg->tsv);
	if (fseeko(lg->fp, lg->start, SEEK_SET) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	return begin(lg, err);
}

int
calllog_open(struct calllog *lg, const char *path, long long asof,
    const char *tmpdir, char *err)
{
	FILE *fp, *rr;

	memset(lg, 0, sizeof(*lg));
	lg->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	lg->asof = asof;
	lg->lines = LONG_MAX;
	idmap_init(&lg->fixed);
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
	if (begin(lg, err) == -1)
		goto fail;
	lg->end = xcalloc((lg->ncol ? lg->ncol : 1) * CALLLOG_BLOCK,
	    sizeof(*lg->end));
	if (lg->ncol > 0 && lg->col[LC_SUPERSEDES] != -1 &&
	    read_corrections(lg, err) == -1)
		goto fail;
	return 0;
fail:
	calllog_close(lg);
	return -1;
}

const char *
calllog_field(const struct calllog *lg, struct callrec *r, enum logcol c,
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

/* The correction on line lineno, if it is one, as the first reading saw. */
static const struct calllog_fix *
fix_at(struct calllog *lg, long lineno)
{
	while (lg->nextfix < lg->nfix && lg->fix[lg->nextfix].line < lineno)
		lg->nextfix++;
	if (lg->nextfix < lg->nfix && lg->fix[lg->nextfix].line == lineno)
		return &lg->fix[lg->nextfix];
	return NULL;
}

/* Whether a record stands: 0 if a correction replaced it (counted). */
static int
in_force(struct calllog *lg, struct callrec *r)
{
	const struct calllog_fix *fx;

	if ((fx = fix_at(lg, r->lineno)) != NULL) {
		if (fx->why != NULL) {
			bad_line(lg, r->lineno, fx->why);
			return 0;
		}
		/* Replaced by a later correction of its target. */
		if (last_fix(lg, fx->ts, fx->id) > r->lineno) {
			lg->superseded++;
			return 0;
		}
		r->correction = 1;
		r->sup_ts = fx->ts;
		r->sup_id = fx->id;
	}
	/* Replaced by a later correction of it. */
	if (last_fix(lg, r->ts, r->id) > r->lineno) {
		lg->superseded++;
		return 0;
	}
	return 1;
}

/* A line: 1 a record in force (in r), else 0 (bad, later, superseded). */
static int
take(struct calllog *lg, struct tsv_line *l, struct callrec *r,
    uint32_t *end)
{
	char err[FU_ERRBUF], why[FU_ERRBUF], q[TEXT_QUOTE_MAX + 1];
	const char *f;
	size_t n;

	lg->tsv.nfield = text_tabs(l->s, l->len, end, lg->ncol);
	/* A last line cut short, without its newline: a crash's. */
	if (lg->tsv.nfield != lg->ncol && l->lineno == lg->tsv.unended) {
		bad_line(lg, l->lineno, "the last line is torn (no newline, "
		    "fields missing: a crash?): left out; fu-record moves it "
		    "aside on its next write");
		return 0;
	}
	if (lg->tsv.nfield != lg->ncol) {
		/* tsv.c words it, as for any bad row. */
		tsv_badrow_msg(&lg->tsv, err);
		bad_line(lg, l->lineno, err);
		return 0;
	}
	memset(r, 0, sizeof(*r));
	r->s = l->s;
	r->end = end;
	r->esc = memchr(l->s, '\\', l->len) != NULL;
	r->lineno = l->lineno;
	f = calllog_field(lg, r, LC_TS, &n);
	if (time_parse(f, n, 0, &r->ts, err) == -1) {
		snprintf(why, sizeof(why), "ts: %.200s", err);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	if (r->ts > lg->asof) {
		lg->later++;
		return 0;
	}
	f = calllog_field(lg, r, LC_ID, &n);
	if (fu_id_parse_n(f, n, &r->id) == -1) {
		text_quote(f, n, q);
		snprintf(why, sizeof(why), "id \"%s\" is not 16 hex digits", q);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	f = calllog_field(lg, r, LC_OUTCOME, &n);
	if ((r->outcome = outcome_parse(f, n)) == -1) {
		text_quote(f, n, q);
		snprintf(why, sizeof(why), "unknown outcome \"%s\"", q);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	if (!in_force(lg, r))
		return 0;
	lg->records++;
	return 1;
}

long
calllog_read(struct calllog *lg, struct callrec *r, size_t max)
{
	long n, k, got = 0;

	if (lg->ncol == 0 || lg->fp == NULL)
		return 0;
	if (max > CALLLOG_BLOCK)
		max = CALLLOG_BLOCK;
	while (got == 0) {
		if ((n = tsv_next_lines(&lg->tsv, lg->ln, max)) == -1) {
			fu_warn("%s: read error", lg->name);
			return -1;
		}
		if (n == 0)
			return 0;
		for (k = 0; k < n; k++) {
			/* Appended since the first reading: not read. */
			if (lg->ln[k].lineno > lg->lines)
				return got;
			got += take(lg, &lg->ln[k], &r[got],
			    lg->end + (size_t)got * lg->ncol);
		}
	}
	return got;
}

int
calllog_next(struct calllog *lg, struct callrec *r)
{
	return (int)calllog_read(lg, r, 1);
}

void
calllog_close(struct calllog *lg)
{
	size_t i;

	if (lg->shown > SHOW_BAD)
		fu_warnx("%s: %ld more bad lines", lg->name,
		    lg->shown - SHOW_BAD);
	tsv_close(&lg->tsv);
	if (lg->fp != NULL && lg->own_fp)
		fclose(lg->fp);
	for (i = 0; i < lg->nfix; i++)
		free(lg->fix[i].why);
	free(lg->fix);
	free(lg->last);
	idmap_free(&lg->fixed);
	free(lg->end);
	free(lg->name);
	memset(lg, 0, sizeof(*lg));
}
