/* commit.c: the queue matched with the log and appended; see record.h. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/phone.h"
#include "fmt/tsv.h"
#include "log/logfile.h"
#include "record/recorder.h"

/* What the log says of an id: its records in time order, a list. */
struct event {
	long long	 ts;
	long long	 sup;		/* a correction: the ts it corrects;
					   else -1 (no record, no dial) */
	uint64_t	 content;	/* what it says: content_hash */
	long		 line;		/* its line in the log; 0: of this run */
	uint32_t	 row;		/* of this run: its rc->row index + 1 */
	uint32_t	 next;		/* index + 1; 0 at the end */
	int		 attempt;
	signed char	 oc;		/* as corrected, if it was */
	signed char	 logged_oc;	/* as first written */
	unsigned char	 cx;		/* EV_COMPLAINT, EV_RESOLVED */
};

#define EV_COMPLAINT	0x01	/* it raised a complaint */
#define EV_RESOLVED	0x02	/* it closed one (its own, or earlier) */

/* A queued record at the time of a logged one, saying something else. */
struct differ {
	size_t		 row;		/* rc->row index */
	long		 line;		/* the logged one's line, or 0 */
	uint32_t	 prow;		/* else its rc->row index + 1 */
};

/* Lines appended a part at a time: 1 MiB (a million lines are 130 MiB). */
#define OUT_PART	(1 << 20)

/* The dates kept written, for the times of a batch over some weeks. */
#define DAYS	32
/* Ids wanted, at most, for matching a log line's id by its digits. */
#define FEW	4

struct commit {
	struct recorder	*rc;
	/* dates as time_format writes them, by day % DAYS (INT_MIN: none) */
	int		 day[DAYS];
	char		 date[DAYS][11];
	/* the events of every entry, one array: no allocation per id */
	struct event	*ev;
	size_t		 nev, evcap;
	struct differ	*dif;		/* reported once the queue is done */
	size_t		 ndif, difcap;
	size_t		 cur;		/* the rc->row being committed */
	uint64_t	 few[FEW];	/* ids wanted, when FEW or fewer: */
	int		 nfew;		/* their first 8 digits; or 0 */
};

/*
 * What a record says (every field a row gives): the fields compared
 * when a batch is re-run.
 */
static const int content_cols[] = { LC_METHOD, LC_OUTCOME, LC_Q1, LC_Q2,
    LC_Q3, LC_COMPLAINT, LC_RESOLVED, LC_GIFT_OK, LC_CALLBACK, LC_AGENT,
    LC_NOTE };
#define NCONTENT	(sizeof(content_cols) / sizeof(content_cols[0]))

/* A hash of what a record says, for re-runs of batches. */
static uint64_t
content_hash(const char *const *f, const size_t *len)
{
	const int *cols = content_cols;
	const char *v[NCONTENT];
	size_t n[NCONTENT];
	size_t i;

	for (i = 0; i < NCONTENT; i++) {
		v[i] = f[cols[i]];
		n[i] = len[cols[i]];
	}
	return fu_id(v, n, NCONTENT);
}

static void
add_event(struct commit *cm, struct rec_ent *h, const struct event *e)
{
	struct event *ev;
	uint32_t x, prev = 0, cur;

	cm->ev = xgrow(cm->ev, &cm->evcap, cm->nev + 1, sizeof(*cm->ev));
	if (cm->nev >= UINT32_MAX)
		fu_errx(FU_EXIT_FATAL, "more than %lu records of the log "
		    "concern the batch", (unsigned long)UINT32_MAX);
	ev = cm->ev;
	ev[cm->nev] = *e;
	ev[cm->nev].next = 0;
	x = (uint32_t)++cm->nev;
	/* In time order; a record at the same time goes after. */
	if (h->head == 0) {
		h->head = h->tail = x;
		return;
	}
	if (ev[h->tail - 1].ts <= e->ts) {
		ev[h->tail - 1].next = x;
		h->tail = x;
		return;
	}
	for (cur = h->head; cur != 0 && ev[cur - 1].ts <= e->ts;
	    cur = ev[cur - 1].next)
		prev = cur;
	ev[x - 1].next = cur;
	if (prev == 0)
		h->head = x;
	else
		ev[prev - 1].next = x;
}

/*
 * What a correction naming ts corrects: the record at ts, else the last
 * correction at ts (a correction may itself be corrected).
 */
static struct event *
event_at(struct commit *cm, const struct rec_ent *h, long long ts)
{
	struct event *corr = NULL;
	uint32_t x;

	for (x = h->head; x != 0; x = cm->ev[x - 1].next)
		if (cm->ev[x - 1].ts == ts) {
			if (cm->ev[x - 1].sup == -1)
				return &cm->ev[x - 1];
			corr = &cm->ev[x - 1];
		}
	return corr;
}

/* A correction's outcome holds for the record beneath it too. */
static void
set_outcome(struct commit *cm, const struct rec_ent *h, struct event *ev,
    int oc)
{
	int depth;

	for (depth = 0; ev != NULL && depth < 16; depth++) {
		ev->oc = (signed char)oc;
		if (ev->sup == -1)
			break;
		ev = event_at(cm, h, ev->sup);
	}
}

/*
 * With few ids wanted, a line's id is first matched by its first eight
 * digits, lower-cased (| 0x20 keeps a digit and lowers A-F), against
 * theirs: no parse and no lookup for the others (a fifth of a single
 * append to a 1M-line log).
 */
static int
few_wanted(const struct commit *cm, const char *p)
{
	uint64_t w;
	int i;

	memcpy(&w, p, 8);
	w |= 0x2020202020202020ULL;
	for (i = 0; i < cm->nfew; i++)
		if (w == cm->few[i])
			return 1;
	return 0;
}

/* One more id wanted; past FEW, nfew says so and few is not used. */
static void
few_add(struct commit *cm, uint64_t id)
{
	char hex[17];

	if (cm->nfew++ == FEW)
		return;
	fu_id_format(id, hex);
	memcpy(&cm->few[cm->nfew - 1], hex, 8);
}

/*
 * A log line, raw: only the lines of the ids queued are split (a log
 * of a million lines holds few of a small batch's ids).
 */
static int
scan_one(void *arg, char *line, size_t n, size_t at, long lineno)
{
	struct commit *cm = arg;
	struct recorder *rc = cm->rc;
	struct rec_ent *h;
	struct event e, *old;
	char err[FU_ERRBUF], *f[LC_N], *p, *tab;
	size_t len[LC_N];
	long long sup;
	uint64_t id;
	int k;

	p = (char *)memchr(line, '\t', n) + 1;
	tab = memchr(p, '\t', n - (size_t)(p - line));
	if (tab - p != 16 || (cm->nfew > 0 && !few_wanted(cm, p)))
		return 0;
	k = fu_id_parse_n(p, 16, &id);
	if (k == -1 || (h = rec_ent_find(rc, id)) == NULL ||
	    !(h->flags & ENT_WANT))
		return 0;
	/* Its fields up to supersedes, unescaped in place. */
	log_line_fields(line, at, f, len);
	memset(&e, 0, sizeof(e));
	e.sup = -1;
	if (time_parse(f[LC_TS], len[LC_TS], 0, &e.ts, err) == -1 ||
	    (k = outcome_parse(f[LC_OUTCOME], len[LC_OUTCOME])) == -1)
		return 0;	/* not ours to judge here: --verify */
	e.oc = e.logged_oc = (signed char)k;
	e.attempt = atoi(f[LC_ATTEMPT]);
	e.line = lineno;
	e.cx = (unsigned char)((len[LC_COMPLAINT] > 0 ? EV_COMPLAINT : 0) |
	    (len[LC_RESOLVED] > 0 ? EV_RESOLVED : 0));
	e.content = content_hash((const char *const *)f, len);
	/* The contact as the log has it last, unless --contacts has it. */
	if (!(h->flags & ENT_FILE))
		rec_set_log_contact(rc, h, &f[LC_TYPE], &len[LC_TYPE]);
	/*
	 * A correction changes the record it names, and is no call itself;
	 * it is kept (marked) so that a batch re-run does not append it
	 * again.
	 */
	if (len[LC_SUPERSEDES] > 0 && time_parse(f[LC_SUPERSEDES],
	    strcspn(f[LC_SUPERSEDES], " "), 0, &sup, err) == 0) {
		if ((old = event_at(cm, h, sup)) != NULL)
			set_outcome(cm, h, old, e.oc);
		e.sup = sup;
	}
	add_event(cm, h, &e);
	return 0;
}

/*
 * The round a call at time t belongs to: the dials it has used and
 * when, or 0 when t starts a new round.  A round runs while its last
 * outcome leaves it open (no answer, busy, power off, callback) or has
 * used both dials, and for round_days at most.
 */
static int
round_dials(const struct commit *cm, const struct rec_ent *h, long long t,
    long long span, const struct event **dial)
{
	const struct event *ev;
	long long start = 0;
	int active = 0, dials = 0;
	uint32_t x;

	for (x = h->head; x != 0 && cm->ev[x - 1].ts <= t; x = ev->next) {
		const struct outcome_info *o;

		ev = &cm->ev[x - 1];
		if (ev->sup != -1)
			continue;	/* a correction is no call */
		o = &outcomes[ev->oc];
		if (!active || ev->ts - start > span) {
			active = 1;
			start = ev->ts;
			dials = 0;
		}
		if (o->dial) {
			if (dials < 2)
				dial[dials] = ev;
			dials++;
		} else if (!o->open)
			active = 0;
	}
	if (!active || t - start > span)
		return 0;
	return dials;
}

/*
 * time_format at o: a batch's records fall on few days, so the dates of
 * the last DAYS days seen are kept and only the time of day is written.
 */
static void
put_time(struct commit *cm, struct tsv_buf *b, long long t)
{
	char buf[24], *o = buf;
	unsigned secs;
	int day = time_day(t), k = (int)((unsigned)day % DAYS);
	size_t n;

	if (day != cm->day[k]) {
		time_format(t, buf);
		n = strlen(buf);
		tsv_buf_raw(b, buf, n);
		/* Years 0-9999: the date is 10 bytes then T. */
		if (n >= 16 && buf[10] == 'T') {
			memcpy(cm->date[k], buf, 10);
			cm->day[k] = day;
		}
		return;
	}
	secs = (unsigned)(t - (long long)day * DAY) % 86400;
	memcpy(o, cm->date[k], 10);
	o += 10;
	*o++ = 'T';
	*o++ = (char)('0' + secs / 36000);
	*o++ = (char)('0' + secs / 3600 % 10);
	*o++ = ':';
	*o++ = (char)('0' + secs / 600 % 6);
	*o++ = (char)('0' + secs / 60 % 10);
	if (secs % 60 != 0) {
		*o++ = ':';
		*o++ = (char)('0' + secs % 60 / 10);
		*o++ = (char)('0' + secs % 10);
	}
	tsv_buf_raw(b, buf, (size_t)(o - buf));
}

static void
put_str(struct tsv_buf *b, const char *s)
{
	tsv_buf_raw(b, s, strlen(s));
}

/* A record's values as the log will hold them. */
struct vals {
	char		 qs[3][2];	/* scores, "" when not given */
	char		 cb[24];	/* callback */
	char		 res[16];	/* resolved */
	char		 gift[2];	/* gift_ok */
	const char	*text;		/* complaint, then note (rc->text) */
	const char	*agent;
	size_t		 agent_len;
};

static void
vals_of(const struct recorder *rc, const struct rec_row *w, struct vals *v)
{
	size_t i;

	/* rc->text has no buffer while every string queued is empty. */
	v->text = rc->text.s != NULL ? rc->text.s + w->text : "";
	for (i = 0; i < 3; i++) {
		v->qs[i][0] = i < w->nq ? (char)('0' + w->q[i]) : '\0';
		v->qs[i][1] = '\0';
	}
	v->cb[0] = v->res[0] = v->gift[0] = v->gift[1] = '\0';
	if (w->callback != -1)
		time_format(w->callback, v->cb);
	if (w->resolved != INT32_MIN)
		date_format(w->resolved, v->res);
	if (w->gift_ok != -1)
		v->gift[0] = (char)('0' + w->gift_ok);
	if (w->has_agent) {
		v->agent = v->text + w->tlen[0] + w->tlen[1];
		v->agent_len = w->tlen[2];
	} else {
		v->agent = rc->default_agent ? rc->default_agent : "";
		v->agent_len = strlen(v->agent);
	}
}

/* content_hash of a record about to be written. */
static uint64_t
vals_content(const struct rec_row *w, const struct vals *v)
{
	const char *f[LC_N];
	size_t len[LC_N], i;

	f[LC_METHOD] = w->method == ROW_SMS ? "sms" : "phone";
	f[LC_RESOLVED] = v->res;
	f[LC_OUTCOME] = outcomes[w->oc].code;
	f[LC_Q1] = v->qs[0];
	f[LC_Q2] = v->qs[1];
	f[LC_Q3] = v->qs[2];
	f[LC_COMPLAINT] = v->text;
	f[LC_GIFT_OK] = v->gift;
	f[LC_CALLBACK] = v->cb;
	f[LC_AGENT] = v->agent;
	f[LC_NOTE] = v->text + w->tlen[0];
	len[LC_OUTCOME] = strlen(f[LC_OUTCOME]);
	len[LC_METHOD] = strlen(f[LC_METHOD]);
	len[LC_RESOLVED] = strlen(f[LC_RESOLVED]);
	for (i = LC_Q1; i <= LC_Q3; i++)
		len[i] = strlen(f[i]);
	len[LC_GIFT_OK] = strlen(v->gift);
	len[LC_CALLBACK] = strlen(v->cb);
	len[LC_COMPLAINT] = w->tlen[0];
	len[LC_AGENT] = v->agent_len;
	len[LC_NOTE] = w->tlen[1];
	return content_hash(f, len);
}

/* Can the record be one of its contact's at all?  -1 after refusing it. */
static int
check_contact(struct recorder *rc, const struct rec_row *w,
    const struct rec_ent *h, const char *id)
{
	char *cf[4], *copy, why[FU_ERRBUF];

	if (!(h->flags & (ENT_FILE | ENT_LOG))) {
		rec_damaged_why(rc, w->id, why, sizeof(why));
		if (why[0] == ':')
			rec_refuse(rc, w, "%s: no contact%s", id, why);
		else
			rec_refuse(rc, w, "%s: no such contact (give --contacts "
			    "with the contacts or the due list it is on)%s", id,
			    why);
		return -1;
	}
	if (w->gift_ok != -1 && !(h->flags & ENT_GIFT)) {
		copy = rec_contact_fields(rc, h, cf);
		rec_refuse(rc, w, "%s: gift_ok is for gift checks, and this is "
		    "a %s follow-up", id, cf[0][0] ? cf[0] : "untyped");
		free(copy);
		return -1;
	}
	return 0;
}

/*
 * Re-running a batch: is the same record (or correction of the same
 * record) there already?  A record with a time is the one logged at
 * that time: 1 (a duplicate) when it says the same in every field
 * (or what a correction of it says), 2 with *other when it says
 * something else (a batch row: from the command line or the terminal,
 * another record at that time is another record).  A batch row without
 * a time is a duplicate of one saying the same that day.  0: a new
 * record.
 */
static int
is_duplicate(const struct commit *cm, const struct rec_ent *h,
    const struct rec_row *w, long long t, uint64_t content,
    const struct event **other)
{
	const struct event *x;

	*other = NULL;
	for (x = h->head ? &cm->ev[h->head - 1] : NULL; x != NULL;
	    x = x->next ? &cm->ev[x->next - 1] : NULL) {
		if (w->ts == -1) {
			if (x->sup == w->supersedes &&
			    time_day(x->ts) == time_day(t) &&
			    x->content == content)
				return 1;
			continue;
		}
		if (x->content == content && (x->sup == w->supersedes ?
		    x->ts == t : w->supersedes == -1 && x->sup == t))
			return 1;
		if (x->sup == w->supersedes && x->ts == t && *other == NULL &&
		    w->file != 0)
			*other = x;
	}
	return *other != NULL ? 2 : 0;
}

/*
 * A resolved date closes a complaint, the record's own or the last one
 * of its contact left open before it (*closes: its time, else -1), and
 * is not before it.  0, or -1 after refusing the record.
 */
static int
check_resolved(struct commit *cm, const struct rec_row *w,
    const struct rec_ent *h, long long t, const char *id, long long *closes)
{
	const struct event *ev;
	char d[16], t1[24];
	long long from = t;
	uint32_t x;

	*closes = -1;
	if (w->resolved == INT32_MIN)
		return 0;
	if (w->tlen[0] == 0) {
		for (x = h->head; x != 0 && cm->ev[x - 1].ts <= t;
		    x = ev->next) {
			ev = &cm->ev[x - 1];
			if (ev->cx & EV_RESOLVED)
				*closes = -1;
			else if (ev->cx & EV_COMPLAINT)
				*closes = ev->ts;
		}
		if (*closes == -1) {
			rec_refuse(cm->rc, w, "%s: resolved, but there is no "
			    "complaint to close: not in this record, and none "
			    "of its contact left open before it", id);
			return -1;
		}
		from = *closes;
	}
	if (w->resolved < time_day(from)) {
		date_format(w->resolved, d);
		time_format(from, t1);
		rec_refuse(cm->rc, w, "%s: resolved %s is before the complaint "
		    "it closes (%s)", id, d, t1);
		return -1;
	}
	return 0;
}

/*
 * The record's attempt: a correction's is that of the record it
 * corrects (*old), a call's the dials of its round so far and one.  0,
 * or -1 after refusing it: nothing to correct, or a third dial.
 */
static int
attempt_of(struct commit *cm, const struct rec_row *w, struct rec_ent *h,
    long long t, const char *id, struct event **old, int *attempt)
{
	struct recorder *rc = cm->rc;
	const struct event *dial[2];
	char t1[24], t2[24], mask[PHONE_MAX], *cf[4], *copy;
	int n;

	*old = NULL;
	if (w->supersedes != -1) {
		if ((*old = event_at(cm, h, w->supersedes)) == NULL) {
			time_format(w->supersedes, t1);
			rec_refuse(rc, w, "%s: there is no record at %s to "
			    "correct", id, t1);
			return -1;
		}
		*attempt = (*old)->attempt;
		return 0;
	}
	n = round_dials(cm, h, t, rc->pol->round_days * DAY, dial);
	if (n >= 2 && w->method == ROW_PHONE) {
		copy = rec_contact_fields(rc, h, cf);
		phone_mask(cf[3], mask);
		time_format(dial[0]->ts, t1);
		time_format(dial[1]->ts, t2);
		rec_refuse(rc, w, "%s (%s %s): a third dial in one round is "
		    "not allowed: dialled %s (%s) and %s (%s)", id, cf[2], mask,
		    t1, outcomes[dial[0]->oc].code, t2,
		    outcomes[dial[1]->oc].code);
		free(copy);
		return -1;
	}
	*attempt = n + 1;
	return 0;
}

/*
 * The record's line at the end of b, in the log's column order, and the
 * chain over it (chain: the previous line's, then this one's).
 */
static void
put_line(struct commit *cm, const struct rec_row *w, const struct rec_ent *h,
    const struct vals *v, const char *id, long long t, int attempt,
    const struct event *old, struct tsv_buf *b, char *chain)
{
	struct recorder *rc = cm->rc;
	const char *c;
	char t1[24];
	size_t start = b->len, i, n;

	put_time(cm, b, t);
	tsv_buf_char(b, '\t');
	tsv_buf_raw(b, id, 16);
	tsv_buf_char(b, '\t');
	c = rec_ent_contact(rc, h, &n);
	tsv_buf_raw(b, c, n);
	tsv_buf_char(b, '\t');
	tsv_buf_long(b, attempt);
	tsv_buf_char(b, '\t');
	put_str(b, w->method == ROW_SMS ? "sms" : "phone");
	tsv_buf_char(b, '\t');
	put_str(b, outcomes[w->oc].code);
	for (i = 0; i < 3; i++) {
		tsv_buf_char(b, '\t');
		put_str(b, v->qs[i]);
	}
	tsv_buf_char(b, '\t');
	tsv_buf_put(b, v->text, w->tlen[0]);
	tsv_buf_char(b, '\t');
	put_str(b, v->res);
	tsv_buf_char(b, '\t');
	put_str(b, v->gift);
	tsv_buf_char(b, '\t');
	put_str(b, v->cb);
	tsv_buf_char(b, '\t');
	tsv_buf_put(b, v->agent, v->agent_len);
	tsv_buf_char(b, '\t');
	tsv_buf_put(b, v->text + w->tlen[0], w->tlen[1]);
	tsv_buf_char(b, '\t');
	if (old != NULL) {
		time_format(old->ts, t1);
		put_str(b, t1);
		tsv_buf_char(b, ' ');
		tsv_buf_raw(b, id, 16);
	}
	log_chain_line(chain, b->s + start, b->len - start, chain);
	tsv_buf_char(b, '\t');
	tsv_buf_raw(b, chain, 16);
	tsv_buf_char(b, '\n');
}

/* A queued record's fields as its log line would hold them (in b). */
static void
row_fields(struct commit *cm, const struct rec_row *w, struct tsv_buf *b,
    char **f, size_t *len)
{
	struct recorder *rc = cm->rc;
	struct vals v;
	char id[17], chain[17] = "0000000000000000";
	size_t at = 0;

	rec_row_id(w, id);
	vals_of(rc, w, &v);
	b->len = 0;
	put_line(cm, w, &rc->ent[w->ent], &v, id,
	    w->ts == -1 ? rc->now : w->ts, 0, NULL, b, chain);
	b->s[--b->len] = '\0';
	(void)log_line_split(b->s, b->len, LC_N, &at);
	log_line_fields(b->s, at, f, len);
}

/*
 * Refuse a record that says something else than the one logged at its
 * time (fields of, from the log; nf, the record's), naming each field
 * that differs.
 */
static void
say_differs(struct commit *cm, const struct rec_row *w, char *const *of,
    const size_t *olen, char *const *nf, const size_t *nlen)
{
	char what[800], q1[TEXT_QUOTE_MAX + 1], q2[TEXT_QUOTE_MAX + 1];
	char id[17], t[24];
	size_t i, n = 0;
	int k, r;

	what[0] = '\0';
	for (i = 0; i < NCONTENT && n < sizeof(what); i++) {
		k = content_cols[i];
		if (olen[k] == nlen[k] && memcmp(of[k], nf[k], olen[k]) == 0)
			continue;
		text_quote(of[k], olen[k], q1);
		text_quote(nf[k], nlen[k], q2);
		r = snprintf(what + n, sizeof(what) - n, "%s%s %s%s%s → %s%s%s",
		    n > 0 ? ", " : "", log_cols[k], olen[k] ? "" : "\"", q1,
		    olen[k] ? "" : "\"", nlen[k] ? "" : "\"", q2,
		    nlen[k] ? "" : "\"");
		n += r > 0 ? (size_t)r : 0;
	}
	rec_row_id(w, id);
	time_format(w->ts == -1 ? cm->rc->now : w->ts, t);
	rec_refuse(cm->rc, w, "%s at %s differs from the log: %s; put 更正 in "
	    "the row or use --correct", id, t, what);
}

static int
differ_cmp(const void *a, const void *b)
{
	const struct differ *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* The log read again for the lines that queued records differ from. */
struct relook {
	struct commit	*cm;
	size_t		 k;		/* the next cm->dif */
	struct tsv_buf	 b;
};

static int
relook_one(void *arg, char *line, size_t n, size_t at, long lineno)
{
	struct relook *r = arg;
	struct commit *cm = r->cm;
	char *of[LC_N], *nf[LC_N];
	size_t olen[LC_N], nlen[LC_N];

	(void)n;
	if (r->k >= cm->ndif || cm->dif[r->k].line != lineno)
		return 0;
	log_line_fields(line, at, of, olen);
	for (; r->k < cm->ndif && cm->dif[r->k].line == lineno; r->k++) {
		const struct rec_row *p;
		struct rec_row w;

		(void)rec_rows(cm->rc, cm->dif[r->k].row, &p);
		w = *p;
		row_fields(cm, &w, &r->b, nf, nlen);
		say_differs(cm, &w, of, olen, nf, nlen);
	}
	return 0;
}

/*
 * Refuse the records that differ from those at their times: from one
 * of this run first, then from the log's lines, read again.  -1 with
 * err when the log cannot be read.
 */
static int
report_differs(struct commit *cm, struct logfile *lf, char *err)
{
	struct relook r = { cm, 0, { NULL, 0, 0 } };
	struct tsv_buf ob = { NULL, 0, 0 };
	char *of[LC_N], *nf[LC_N];
	size_t olen[LC_N], nlen[LC_N];
	long records = lf->records;
	char chain[17];
	int ret = 0;

	qsort(cm->dif, cm->ndif, sizeof(*cm->dif), differ_cmp);
	for (; r.k < cm->ndif && cm->dif[r.k].line == 0; r.k++) {
		const struct rec_row *p;
		struct rec_row w, pw;

		(void)rec_rows(cm->rc, cm->dif[r.k].prow - 1, &p);
		pw = *p;
		(void)rec_rows(cm->rc, cm->dif[r.k].row, &p);
		w = *p;
		row_fields(cm, &pw, &ob, of, olen);
		row_fields(cm, &w, &r.b, nf, nlen);
		say_differs(cm, &w, of, olen, nf, nlen);
	}
	memcpy(chain, lf->chain, sizeof(chain));
	if (r.k < cm->ndif)
		ret = logfile_scan_raw(lf, relook_one, &r, err);
	memcpy(lf->chain, chain, sizeof(chain));
	lf->records = records;
	tsv_buf_free(&ob);
	tsv_buf_free(&r.b);
	return ret;
}

/* Match one record with the log; its line at the end of out, or refuse it. */
static void
commit_one(struct commit *cm, const struct rec_row *w, struct tsv_buf *out,
    char *chain)
{
	struct recorder *rc = cm->rc;
	struct rec_ent *h = &rc->ent[w->ent];
	const struct event *other;
	struct event e, *old;
	struct vals v;
	char id[17], d[16], t1[24];
	long long t = w->ts == -1 ? rc->now : w->ts, closes;
	int attempt;

	rec_row_id(w, id);
	if (check_contact(rc, w, h, id) == -1)
		return;
	memset(&e, 0, sizeof(e));
	e.ts = t;
	e.sup = w->supersedes;
	e.oc = e.logged_oc = w->oc;
	e.cx = (unsigned char)((w->tlen[0] > 0 ? EV_COMPLAINT : 0) |
	    (w->resolved != INT32_MIN ? EV_RESOLVED : 0));
	vals_of(rc, w, &v);
	/* What it says matters only beside other records of its id. */
	if (h->head != 0 || (h->flags & ENT_MULTI))
		e.content = vals_content(w, &v);
	e.row = (uint32_t)cm->cur + 1;
	switch (is_duplicate(cm, h, w, t, e.content, &other)) {
	case 1:
		rc->duplicates++;
		return;
	case 2:
		/* Said once the queue is done: the log line is read again. */
		cm->dif = xgrow(cm->dif, &cm->difcap, cm->ndif + 1,
		    sizeof(*cm->dif));
		cm->dif[cm->ndif].row = cm->cur;
		cm->dif[cm->ndif].line = other->line;
		cm->dif[cm->ndif++].prow = other->row;
		return;
	}
	if (check_resolved(cm, w, h, t, id, &closes) == -1 ||
	    attempt_of(cm, w, h, t, id, &old, &attempt) == -1)
		return;
	if (closes != -1) {
		date_format(w->resolved, d);
		time_format(closes, t1);
		fu_warnx("%s: resolved %s closes the complaint recorded %s", id,
		    d, t1);
	}
	e.attempt = attempt;
	put_line(cm, w, h, &v, id, t, attempt, old, out, chain);
	rc->appended++;
	if (old != NULL)
		set_outcome(cm, h, old, w->oc);
	/*
	 * Records and corrections of this run count for the next ones of
	 * the id (rounds, re-runs); an id queued once has no next one.
	 */
	if (h->flags & ENT_MULTI)
		add_event(cm, h, &e);
}

int
rec_commit(struct recorder *rc, const char *path)
{
	struct logfile lf;
	struct commit cm;
	struct rec_ent *h;
	const struct rec_row *w;
	struct tsv_buf out = { NULL, 0, 0 };
	char err[FU_ERRBUF], chain[17];
	size_t i, j, n;
	off_t start;
	int failed = 0;

	rec_rows_settle(rc);
	if (rc->nrow == 0)
		return rc->status;
	memset(&cm, 0, sizeof(cm));
	cm.rc = rc;
	for (i = 0; i < DAYS; i++)
		cm.day[i] = INT_MIN;
	/* The ids whose history is wanted, each with none as yet. */
	for (i = 0; i < rc->nrow; i += n)
		for (j = 0, n = rec_rows(rc, i, &w); j < n; j++) {
			h = &rc->ent[w[j].ent];
			if (h->flags & ENT_WANT) {
				h->flags |= ENT_MULTI;
				continue;
			}
			h->flags |= ENT_WANT;
			h->head = h->tail = 0;
			if (cm.nfew <= FEW)
				few_add(&cm, w[j].id);
			if (h->flags & ENT_LOG) {
				h->flags &= (unsigned char)~(ENT_LOG |
				    ENT_GIFT);
			}
		}
	if (cm.nfew > FEW)
		cm.nfew = 0;
	if (logfile_open(&lf, path, LOG_WRITE | LOG_CREATE, err) == -1 ||
	    logfile_scan_raw(&lf, scan_one, &cm, err) == -1) {
		fu_warnx("%s", err);
		rc->status = FU_EXIT_FATAL;
		goto out;
	}
	/*
	 * The lines are appended in parts of about OUT_PART bytes under the
	 * lock, synced once at the end; on any failure the log is cut back
	 * to what it was, so that either all are appended or none.
	 */
	memcpy(chain, lf.chain, sizeof(chain));
	start = lf.size;
	for (i = 0; i < rc->nrow && !failed; i += n)
		for (j = 0, n = rec_rows(rc, i, &w); j < n && !failed; j++) {
			cm.cur = i + j;
			commit_one(&cm, &w[j], &out, chain);
			if (out.len >= OUT_PART) {
				failed = logfile_append(&lf, out.s, out.len, 1,
				    err);
				out.len = 0;
			}
		}
	if (!failed && cm.ndif > 0)
		failed = report_differs(&cm, &lf, err);
	if (!failed)
		failed = logfile_append(&lf, out.s, out.len, 1, err);
	if (!failed && !rc->no_sync)
		failed = logfile_sync(&lf, err);
	if (failed) {
		logfile_cut(&lf, start);
		fu_warnx("%s", err);
		rc->status = FU_EXIT_FATAL;
		rc->appended = 0;
	}
out:
	logfile_close(&lf);
	tsv_buf_free(&out);
	free(cm.ev);
	free(cm.dif);
	for (i = 0; i < rc->ids.n; i++)
		rc->ent[i].flags &= (unsigned char)~(ENT_WANT | ENT_MULTI);
	/* The queue is spent. */
	rec_rows_clear(rc);
	return rc->status;
}
