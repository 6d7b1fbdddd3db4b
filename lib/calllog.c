/* calllog.c: the call log's records in force; see calllog.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>

#include "calllog.h"
#include "date.h"
#include "err.h"
#include "hash.h"
#include "logfile.h"
#include "outcome.h"
#include "text.h"
#include "tsv.h"
#include "util.h"

/* Bad lines shown on standard error; the rest are counted. */
#define SHOW_BAD	20

/*
 * The corrections: for each record corrected (its ts and id, hashed),
 * the line of the last correction of it.  Open addressing; 0 is empty.
 */
struct calllog_sup {
	uint64_t	*key;
	long		*line;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
};

static uint64_t
rec_key(long long ts, uint64_t id)
{
	uint64_t k = mix64(id ^ mix64((uint64_t)ts));

	return k != 0 ? k : 1;
}

static void
sup_put(struct calllog_sup *s, uint64_t k, long line)
{
	size_t i, j, oldcap;
	uint64_t *okey;
	long *oline;

	if ((s->n + 1) * 2 > s->cap) {
		okey = s->key;
		oline = s->line;
		oldcap = s->cap;
		s->cap = s->cap ? s->cap * 2 : 64;
		s->key = xcalloc(s->cap, sizeof(*s->key));
		s->line = xcalloc(s->cap, sizeof(*s->line));
		s->n = 0;
		for (i = 0; i < oldcap; i++)
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

/* The line of the last correction of k, or 0. */
static long
sup_get(const struct calllog_sup *s, uint64_t k)
{
	size_t j;

	if (s->cap == 0)
		return 0;
	for (j = k & (s->cap - 1); s->key[j] != 0; j = (j + 1) & (s->cap - 1))
		if (s->key[j] == k)
			return s->line[j];
	return 0;
}

int
calllog_parse_supersedes(const char *s, size_t n, long long *ts,
    uint64_t *id, char *err)
{
	char idbuf[17], q[TEXT_QUOTE_MAX + 1];
	const unsigned char *p = (const unsigned char *)s;
	size_t sp;

	text_trim(&p, &n);
	s = (const char *)p;
	for (sp = n; sp > 0 && s[sp - 1] != ' '; sp--)
		;
	if (sp == 0 || n - sp != 16)
		goto bad;
	memcpy(idbuf, s + sp, 16);
	idbuf[16] = '\0';
	if (fu_id_parse(idbuf, id) == -1 ||
	    time_parse(s, sp - 1, 0, ts, NULL) == -1)
		goto bad;
	return 0;
bad:
	text_quote(s, n, q);
	fu_seterr(err, "supersedes \"%s\" is not \"TS ID\" (a time and a "
	    "16-digit id)", q);
	return -1;
}

static void
bad_line(struct calllog *lg, long lineno, const char *why)
{
	lg->bad++;
	if (lg->shown++ < SHOW_BAD)
		fu_datawarn(lg->name, lineno, "%s", why);
}

/* Read the header and find the columns; -1 with err. */
static int
start(struct calllog *lg, char *err)
{
	int i;

	if (tsv_open(&lg->r, lg->fp, lg->name) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	for (i = 0; i < LC_N; i++)
		lg->col[i] = tsv_col(&lg->r, log_cols[i]);
	if (lg->r.ncol == 0)
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

/* The first reading: every correction, and what it corrects. */
static int
read_corrections(struct calllog *lg, char *err)
{
	long c = lg->col[LC_SUPERSEDES];
	long long ts;
	uint64_t id;
	int rc;

	if (c == -1)
		return 0;
	while ((rc = tsv_next(&lg->r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_seterr(err, "%s: read error: %s", lg->name,
			    strerror(errno));
			return -1;
		}
		if (rc != TSV_OK || lg->r.len[c] == 0)
			continue;
		/* A bad one is reported by the second reading. */
		if (calllog_parse_supersedes(lg->r.field[c], lg->r.len[c], &ts,
		    &id, NULL) == 0)
			sup_put(lg->sup, rec_key(ts, id), lg->r.lineno);
	}
	tsv_close(&lg->r);
	if (fseeko(lg->fp, lg->start, SEEK_SET) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	return start(lg, err);
}

int
calllog_open(struct calllog *lg, const char *path, char *err)
{
	FILE *fp, *rr;

	memset(lg, 0, sizeof(*lg));
	lg->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	lg->sup = xcalloc(1, sizeof(*lg->sup));
	if ((fp = fu_open_in(path)) == NULL) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((rr = fu_rereadable(fp, &lg->start)) == NULL) {
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
	if (start(lg, err) == -1 || read_corrections(lg, err) == -1)
		goto fail;
	return 0;
fail:
	calllog_close(lg);
	return -1;
}

const char *
calllog_field(const struct calllog *lg, enum logcol c, size_t *len)
{
	long i = lg->col[c];

	if (i == -1 || (size_t)i >= lg->r.nfield) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	if (len != NULL)
		*len = lg->r.len[i];
	return lg->r.field[i];
}

int
calllog_next(struct calllog *lg, struct callrec *rec)
{
	char err[FU_ERRBUF], why[FU_ERRBUF], q[TEXT_QUOTE_MAX + 1];
	const char *f;
	size_t n;
	int rc;

	for (;;) {
		rc = tsv_next(&lg->r);
		if (rc == TSV_EOF)
			return 0;
		if (rc == TSV_ERR) {
			fu_warn("%s: read error", lg->name);
			return -1;
		}
		if (rc == TSV_BADROW) {
			tsv_badrow_msg(&lg->r, err);
			bad_line(lg, lg->r.lineno, err);
			continue;
		}
		memset(rec, 0, sizeof(*rec));
		rec->lineno = lg->r.lineno;
		f = calllog_field(lg, LC_TS, &n);
		if (time_parse(f, n, 0, &rec->ts, err) == -1) {
			snprintf(why, sizeof(why), "ts: %.200s", err);
			bad_line(lg, rec->lineno, why);
			continue;
		}
		f = calllog_field(lg, LC_ID, &n);
		if (fu_id_parse(f, &rec->id) == -1) {
			text_quote(f, n, q);
			snprintf(why, sizeof(why), "id \"%s\" is not 16 hex "
			    "digits", q);
			bad_line(lg, rec->lineno, why);
			continue;
		}
		f = calllog_field(lg, LC_OUTCOME, &n);
		if ((rec->outcome = outcome_parse(f, n)) == -1) {
			text_quote(f, n, q);
			snprintf(why, sizeof(why), "unknown outcome \"%s\"",
			    q);
			bad_line(lg, rec->lineno, why);
			continue;
		}
		f = calllog_field(lg, LC_SUPERSEDES, &n);
		if (n > 0) {
			if (calllog_parse_supersedes(f, n, &rec->sup_ts,
			    &rec->sup_id, err) == -1) {
				bad_line(lg, rec->lineno, err);
				continue;
			}
			rec->correction = 1;
		}
		/* Replaced by a later correction of it or of its target. */
		if (sup_get(lg->sup, rec_key(rec->ts, rec->id)) > rec->lineno ||
		    (rec->correction && sup_get(lg->sup,
		    rec_key(rec->sup_ts, rec->sup_id)) > rec->lineno)) {
			lg->superseded++;
			continue;
		}
		lg->records++;
		return 1;
	}
}

void
calllog_close(struct calllog *lg)
{
	if (lg->shown > SHOW_BAD)
		fu_warnx("%s: %ld more bad lines", lg->name,
		    lg->shown - SHOW_BAD);
	tsv_close(&lg->r);
	if (lg->fp != NULL && lg->own_fp)
		fclose(lg->fp);
	if (lg->sup != NULL) {
		free(lg->sup->key);
		free(lg->sup->line);
		free(lg->sup);
	}
	free(lg->name);
	memset(lg, 0, sizeof(*lg));
}
