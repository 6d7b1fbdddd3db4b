/*
 * calllog.c: the call log's records in force, a record at a time; see
 * calllog.h.  duelog.c reads them a block at a time: this is that
 * reader, one record after another.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "log/calllog.h"
#include "fmt/date.h"
#include "log/duelog.h"
#include "base/err.h"
#include "base/hash.h"
#include "log/logfile.h"
#include "base/text.h"
#include "base/util.h"

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

/* The counts are duelog's; kept in step for the callers that read them. */
static void
counts(struct calllog *lg)
{
	lg->records = lg->d.records;
	lg->superseded = lg->d.superseded;
	lg->bad = lg->d.bad;
	lg->shown = lg->d.shown;
}

int
calllog_open(struct calllog *lg, const char *path, const char *tmpdir,
    char *err)
{
	memset(lg, 0, sizeof(*lg));
	if (duelog_open(&lg->d, path, tmpdir, err) == -1)
		return -1;
	lg->name = lg->d.name;
	memcpy(lg->col, lg->d.col, sizeof(lg->col));
	return 0;
}

int
calllog_next(struct calllog *lg, struct callrec *rec)
{
	const char *f;
	size_t n;
	long got;

	if (lg->next == lg->n) {
		lg->cur = NULL;
		lg->next = lg->n = 0;
		got = duelog_next(&lg->d, lg->blk);
		counts(lg);
		if (got <= 0)
			return got < 0 ? -1 : 0;
		lg->n = got;
	}
	lg->cur = &lg->blk[lg->next++];
	memset(rec, 0, sizeof(*rec));
	rec->ts = lg->cur->ts;
	rec->id = lg->cur->id;
	rec->outcome = lg->cur->outcome;
	rec->lineno = lg->cur->lineno;
	f = duelog_field(&lg->d, lg->cur, LC_SUPERSEDES, &n);
	/* duelog took it only if it parses. */
	if (n > 0 && calllog_parse_supersedes(f, n, &rec->sup_ts,
	    &rec->sup_id, NULL) == 0)
		rec->correction = 1;
	return 1;
}

const char *
calllog_field(const struct calllog *lg, enum logcol c, size_t *len)
{
	if (lg->cur == NULL) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	return duelog_field(&lg->d, lg->cur, c, len);
}

void
calllog_close(struct calllog *lg)
{
	duelog_close(&lg->d);
	memset(lg, 0, sizeof(*lg));
}
