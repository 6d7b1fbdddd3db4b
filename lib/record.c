/* record.c: outcomes checked and appended to the call log; see record.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "date.h"
#include "err.h"
#include "hash.h"
#include "logfile.h"
#include "outcome.h"
#include "phone.h"
#include "outfile.h"
#include "record.h"
#include "text.h"
#include "tsv.h"
#include "util.h"

#define DAY	86400LL

/* The columns of a batch, by the names of the call list (回访清单). */
enum bcol {
	B_ID, B_OUTCOME, B_Q1, B_Q2, B_Q3, B_COMPLAINT, B_CALLBACK, B_GIFT_OK,
	B_AGENT, B_NOTE, B_TS, B_METHOD, B_RESOLVED, B_SUPERSEDES, B_N
};

static const char *const batch_names[B_N][8] = {
	[B_ID] = { "id", "编号", "回访编号", NULL },
	[B_OUTCOME] = { "outcome", "结果", "回访结果", NULL },
	[B_Q1] = { "q1", "评分1", "问题1", NULL },
	[B_Q2] = { "q2", "评分2", "问题2", NULL },
	[B_Q3] = { "q3", "评分3", "问题3", NULL },
	[B_COMPLAINT] = { "complaint", "投诉", "问题", "投诉/问题", "投诉问题",
	    NULL },
	[B_CALLBACK] = { "callback", "约定回电", "回电时间", NULL },
	[B_GIFT_OK] = { "gift_ok", "礼品相符", NULL },
	[B_AGENT] = { "agent", "回访人", "回访员", "客服", NULL },
	[B_NOTE] = { "note", "备注", NULL },
	[B_TS] = { "ts", "回访时间", "时间", NULL },
	[B_METHOD] = { "method", "方式", "回访方式", NULL },
	[B_RESOLVED] = { "resolved", "解决日期", "已解决", NULL },
	[B_SUPERSEDES] = { "supersedes", "更正", NULL },
};

void
rec_init(struct recorder *rc, struct policy *pol, long long now)
{
	memset(rc, 0, sizeof(*rc));
	rc->pol = pol;
	rc->now = now;
}

static void
free_req(struct outcome_req *q)
{
	size_t i;

	free(q->src);
	free(q->complaint);
	free(q->note);
	free(q->agent);
	for (i = 0; i < q->norig; i++)
		free(q->orig[i]);
	free(q->orig);
}

static void
free_contact(struct contact *c)
{
	free(c->type);
	free(c->store);
	free(c->customer);
	free(c->phone);
}

void
rec_free(struct recorder *rc)
{
	size_t i;

	for (i = 0; i < rc->nreq; i++)
		free_req(&rc->req[i]);
	free(rc->req);
	for (i = 0; i < rc->ncontact; i++)
		free_contact(&rc->contact[i]);
	free(rc->contact);
	for (i = 0; i < rc->nrej_cols; i++)
		free(rc->rej_cols[i]);
	free(rc->rej_cols);
	if (rc->rejtmp != NULL)
		fclose(rc->rejtmp);
}

static int
cmp_contact(const void *a, const void *b)
{
	uint64_t x = ((const struct contact *)a)->id;
	uint64_t y = ((const struct contact *)b)->id;

	return x < y ? -1 : x > y;
}

int
rec_load_contacts(struct recorder *rc, const char *path)
{
	static const char *const cols[] = { "id", "type", "store", "customer",
	    "phone" };
	struct tsv_reader r;
	struct contact *c;
	long col[5];
	FILE *fp;
	int i, rcode, bad = 0;

	if ((fp = tsv_open_path(&r, path, path)) == NULL)
		return -1;
	for (i = 0; i < 5; i++)
		col[i] = tsv_col(&r, cols[i]);
	if (col[0] == -1) {
		fu_warnx("%s: no id column (a contacts or due list has one)",
		    path);
		bad = 1;
	}
	while (!bad && (rcode = tsv_next_report(&r)) != TSV_EOF) {
		uint64_t id;

		if (rcode != TSV_OK) {
			bad = 1;
			break;
		}
		if (fu_id_parse(r.field[col[0]], &id) == -1) {
			fu_datawarn(path, r.lineno, "id \"%s\" is not 16 hex "
			    "digits", r.field[col[0]]);
			bad = 1;
			break;
		}
		rc->contact = xgrow(rc->contact, &rc->contactcap,
		    rc->ncontact + 1, sizeof(*rc->contact));
		c = &rc->contact[rc->ncontact++];
		c->id = id;
		c->type = xstrdup(col[1] == -1 ? "" : r.field[col[1]]);
		c->store = xstrdup(col[2] == -1 ? "" : r.field[col[2]]);
		c->customer = xstrdup(col[3] == -1 ? "" : r.field[col[3]]);
		c->phone = xstrdup(col[4] == -1 ? "" : r.field[col[4]]);
	}
	tsv_close(&r);
	fu_close_in(fp);
	/* A due list may hold a contact twice (two rounds): keep one. */
	qsort(rc->contact, rc->ncontact, sizeof(*rc->contact), cmp_contact);
	return bad ? -1 : 0;
}

const struct contact *
rec_contact(const struct recorder *rc, uint64_t id)
{
	struct contact key;

	if (rc->ncontact == 0)
		return NULL;
	key.id = id;
	return bsearch(&key, rc->contact, rc->ncontact, sizeof(key),
	    cmp_contact);
}

int
rec_score(const char *s)
{
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;

	text_trim(&p, &n);
	if (n == 1 && p[0] >= '1' && p[0] <= '5')
		return p[0] - '0';
	return -1;
}

int
rec_gift_ok(const char *s, size_t n)
{
	static const char *const yes[] = { "1", "是", "相符", "y", "yes",
	    "ok", NULL };
	static const char *const no[] = { "0", "否", "不符", "n", "no", NULL };
	const unsigned char *p = (const unsigned char *)s;
	int i;

	text_trim(&p, &n);
	for (i = 0; yes[i] != NULL; i++)
		if (strlen(yes[i]) == n && strncasecmp((const char *)p, yes[i],
		    n) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strlen(no[i]) == n && strncasecmp((const char *)p, no[i],
		    n) == 0)
			return 0;
	return -1;
}

/* Say why a request is refused, and keep it for -r. */
static void
refuse(struct recorder *rc, const struct outcome_req *q, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
refuse(struct recorder *rc, const struct outcome_req *q, const char *fmt,
    ...)
{
	char why[1024];
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rc->rejected++;
	if (rc->status < FU_EXIT_DATA)
		rc->status = FU_EXIT_DATA;
	if (q->src != NULL && q->src[0] != '\0')
		fu_warnx("%s: %s", q->src, why);
	else
		fu_warnx("%s", why);
	if (q->norig == 0)
		return;
	if (rc->rejtmp == NULL && (rc->rejtmp = tmpfile()) == NULL)
		fu_err(FU_EXIT_FATAL, "temporary file for rejected rows");
	tsv_puts(rc->rejtmp, q->src);
	putc('\t', rc->rejtmp);
	tsv_puts(rc->rejtmp, why);
	for (i = 0; i < q->norig; i++) {
		putc('\t', rc->rejtmp);
		tsv_puts(rc->rejtmp, q->orig[i]);
	}
	putc('\n', rc->rejtmp);
}

int
rec_add(struct recorder *rc, struct outcome_req *q)
{
	const struct outcome_info *o;
	uint64_t id;
	char t[24];

	if (fu_id_parse(q->id, &id) == -1) {
		refuse(rc, q, "id \"%s\" is not 16 hex digits", q->id);
		goto bad;
	}
	if (q->oc < 0 || q->oc >= OC_N) {
		refuse(rc, q, "%s: no such outcome", q->id);
		goto bad;
	}
	o = &outcomes[q->oc];
	if (q->nq > 0 && q->oc != OC_SUCCESS && q->oc != OC_PARTIAL &&
	    q->oc != OC_SMS_REPLIED) {
		refuse(rc, q, "%s: scores need an answered call (success or "
		    "partial), not %s", q->id, o->code);
		goto bad;
	}
	if (q->oc == OC_CALLBACK && q->callback == -1) {
		refuse(rc, q, "%s: callback needs the agreed time (--callback "
		    "TIME, 约定回电)", q->id);
		goto bad;
	}
	if (q->oc != OC_CALLBACK && q->callback != -1) {
		refuse(rc, q, "%s: a callback time goes with the outcome "
		    "callback, not %s", q->id, o->code);
		goto bad;
	}
	if (q->callback != -1 && q->callback < (q->ts == -1 ? rc->now :
	    q->ts)) {
		time_format(q->callback, t);
		refuse(rc, q, "%s: the callback time %s has passed", q->id, t);
		goto bad;
	}
	if (q->ts != -1 && q->ts > rc->now + DAY) {
		time_format(q->ts, t);
		refuse(rc, q, "%s: the time %s is in the future", q->id, t);
		goto bad;
	}
	if (q->method != NULL && strcmp(q->method, "sms") == 0 &&
	    o->dial) {
		refuse(rc, q, "%s: %s is an outcome of a call, not of a text "
		    "message", q->id, o->code);
		goto bad;
	}
	if (q->method != NULL && strcmp(q->method, "phone") == 0 &&
	    (q->oc == OC_SMS_SENT || q->oc == OC_SMS_REPLIED)) {
		refuse(rc, q, "%s: %s is an outcome of a text message, not of "
		    "a call", q->id, o->code);
		goto bad;
	}
	if (q->method == NULL)
		q->method = q->oc == OC_SMS_SENT || q->oc == OC_SMS_REPLIED ?
		    "sms" : "phone";
	rc->req = xgrow(rc->req, &rc->reqcap, rc->nreq + 1, sizeof(*rc->req));
	rc->req[rc->nreq++] = *q;
	return 0;
bad:
	free_req(q);
	return -1;
}

static int
blank(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	text_trim(&p, &n);
	return n == 0;
}

/* Which batch column a header names, or -1. */
static int
batch_col(const char *name, size_t n)
{
	char norm[256];
	int k, i;

	text_norm_name(name, n, norm, sizeof(norm));
	for (k = 0; k < B_N; k++)
		for (i = 0; batch_names[k][i] != NULL; i++)
			if (strcmp(norm, batch_names[k][i]) == 0)
				return k;
	return -1;
}

/* Fill a request from a batch row; -1 after refusing it. */
static int
batch_row(struct recorder *rc, struct csvin *in, const long *col,
    struct outcome_req *q)
{
	char err[FU_ERRBUF], q1[TEXT_QUOTE_MAX + 1];
	const char *s;
	size_t n;
	int k, v, day;

#define VAL(k)	(col[k] == -1 ? "" : in->field[col[k]])
#define LEN(k)	(col[k] == -1 ? 0 : in->len[col[k]])
	s = VAL(B_ID);
	n = LEN(B_ID);
	text_trim((const unsigned char **)&s, &n);
	snprintf(q->id, sizeof(q->id), "%.*s", (int)(n < 16 ? n : 16), s);
	if (n != 16) {
		text_quote(s, n, q1);
		refuse(rc, q, "id \"%s\" is not 16 hex digits", q1);
		return -1;
	}
	if ((q->oc = outcome_parse(VAL(B_OUTCOME), LEN(B_OUTCOME))) == -1) {
		text_quote(VAL(B_OUTCOME), LEN(B_OUTCOME), q1);
		refuse(rc, q, "%s: outcome \"%s\" is not one of the codes "
		    "(success, no_answer, busy, power_off, suspended, "
		    "wrong_number, refused, partial, callback, sms_sent, "
		    "sms_replied) or their Chinese names", q->id, q1);
		return -1;
	}
	for (k = B_Q1; k <= B_Q3; k++) {
		if (LEN(k) == 0 || blank(VAL(k), LEN(k)))
			continue;
		if ((v = rec_score(VAL(k))) == -1) {
			text_quote(VAL(k), LEN(k), q1);
			refuse(rc, q, "%s: score \"%s\" is not 1 to 5", q->id,
			    q1);
			return -1;
		}
		q->q[q->nq++] = v;
	}
	if (!blank(VAL(B_CALLBACK), LEN(B_CALLBACK)) &&
	    time_parse(VAL(B_CALLBACK), LEN(B_CALLBACK), 0, &q->callback,
	    err) == -1) {
		refuse(rc, q, "%s: callback: %s", q->id, err);
		return -1;
	}
	if (!blank(VAL(B_GIFT_OK), LEN(B_GIFT_OK)) &&
	    (q->gift_ok = rec_gift_ok(VAL(B_GIFT_OK), LEN(B_GIFT_OK))) == -1) {
		text_quote(VAL(B_GIFT_OK), LEN(B_GIFT_OK), q1);
		refuse(rc, q, "%s: gift_ok \"%s\" is not 1 or 0 (是/否)", q->id,
		    q1);
		return -1;
	}
	if (!blank(VAL(B_TS), LEN(B_TS)) && time_parse(VAL(B_TS), LEN(B_TS),
	    TIME_DATE_OK, &q->ts, err) == -1) {
		refuse(rc, q, "%s: time: %s", q->id, err);
		return -1;
	}
	if (!blank(VAL(B_RESOLVED), LEN(B_RESOLVED))) {
		if (date_parse(VAL(B_RESOLVED), LEN(B_RESOLVED), DATE_TIME_OK,
		    &day, err) == -1) {
			refuse(rc, q, "%s: resolved: %s", q->id, err);
			return -1;
		}
		q->resolved = day;
	}
	if (!blank(VAL(B_SUPERSEDES), LEN(B_SUPERSEDES)) &&
	    time_parse(VAL(B_SUPERSEDES), LEN(B_SUPERSEDES), 0, &q->supersedes,
	    err) == -1) {
		refuse(rc, q, "%s: supersedes: %s", q->id, err);
		return -1;
	}
	if (!blank(VAL(B_METHOD), LEN(B_METHOD))) {
		s = VAL(B_METHOD);
		if (strcmp(s, "phone") == 0 || strcmp(s, "电话") == 0)
			q->method = "phone";
		else if (strcmp(s, "sms") == 0 || strcmp(s, "短信") == 0)
			q->method = "sms";
		else {
			refuse(rc, q, "%s: method \"%s\" is not phone or sms",
			    q->id, s);
			return -1;
		}
	}
	if (!blank(VAL(B_COMPLAINT), LEN(B_COMPLAINT)))
		q->complaint = xstrndup(VAL(B_COMPLAINT), LEN(B_COMPLAINT));
	if (!blank(VAL(B_NOTE), LEN(B_NOTE)))
		q->note = xstrndup(VAL(B_NOTE), LEN(B_NOTE));
	if (!blank(VAL(B_AGENT), LEN(B_AGENT)))
		q->agent = xstrndup(VAL(B_AGENT), LEN(B_AGENT));
#undef VAL
#undef LEN
	return 0;
}

static void
req_clear(struct outcome_req *q)
{
	memset(q, 0, sizeof(*q));
	q->ts = -1;
	q->callback = -1;
	q->gift_ok = -1;
	q->resolved = INT32_MIN;
	q->supersedes = -1;
	q->oc = -1;
}

/* The reject column of a header name, added when new. */
static size_t
rej_col(struct recorder *rc, const char *name)
{
	size_t i;

	for (i = 0; i < rc->nrej_cols; i++)
		if (strcmp(rc->rej_cols[i], name) == 0)
			return i;
	rc->rej_cols = xreallocarray(rc->rej_cols, rc->nrej_cols + 1,
	    sizeof(*rc->rej_cols));
	rc->rej_cols[rc->nrej_cols] = xstrdup(name);
	return rc->nrej_cols++;
}

int
rec_read_batch(struct recorder *rc, const char *path, int enc)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	char err[FU_ERRBUF], src[1024];
	struct csvin in;
	struct outcome_req q;
	long col[B_N], *rcol = NULL;
	size_t i, ncol = 0, tries = 0;
	FILE *fp;
	int k, rcode, found = 0, ret = -1;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	if (csvin_open(&in, fp, name, enc, err) == -1) {
		fu_warnx("%s: %s", name, err);
		fu_close_in(fp);
		return -1;
	}
	/* The header: the first row naming 编号 and 结果 (a title may be above). */
	while (!found && tries++ < 10 && (rcode = csvin_next(&in)) == CSVIN_OK) {
		for (k = 0; k < B_N; k++)
			col[k] = -1;
		for (i = 0; i < in.nfield; i++)
			if ((k = batch_col(in.field[i], in.len[i])) != -1 &&
			    col[k] == -1)
				col[k] = (long)i;
		found = col[B_ID] != -1 && col[B_OUTCOME] != -1;
	}
	if (!found) {
		fu_warnx("%s: no header naming the columns id and outcome (编号, "
		    "结果)", name);
		goto out;
	}
	ncol = in.nfield;
	rcol = xreallocarray(NULL, ncol, sizeof(*rcol));
	for (i = 0; i < ncol; i++)
		rcol[i] = (long)rej_col(rc, in.field[i]);
	while ((rcode = csvin_next(&in)) == CSVIN_OK) {
		req_clear(&q);
		snprintf(src, sizeof(src), "%s:%ld", name, in.lineno);
		q.src = xstrdup(src);
		/* The row as read, for -r only: a million rows add up. */
		if (rc->keep_rejects) {
			q.norig = rc->nrej_cols;
			q.orig = xcalloc(q.norig, sizeof(*q.orig));
			for (i = 0; i < q.norig; i++)
				q.orig[i] = xstrdup("");
			for (i = 0; i < in.nfield && i < ncol; i++) {
				free(q.orig[rcol[i]]);
				q.orig[rcol[i]] = xstrndup(in.field[i],
				    in.len[i]);
			}
		}
		if (in.bad != NULL) {
			refuse(rc, &q, "%s", in.bad);
			free_req(&q);
			continue;
		}
		if (in.nfield != ncol) {
			refuse(rc, &q, "%zu fields, but the header has %zu",
			    in.nfield, ncol);
			free_req(&q);
			continue;
		}
		for (i = 0; i < in.nfield && blank(in.field[i], in.len[i]); i++)
			;
		if (i == in.nfield) {	/* an empty row */
			free_req(&q);
			continue;
		}
		if (blank(in.field[col[B_OUTCOME]], in.len[col[B_OUTCOME]])) {
			/* Not called yet: the agent left it empty. */
			rc->unfilled++;
			free_req(&q);
			continue;
		}
		if (batch_row(rc, &in, col, &q) == -1) {
			free_req(&q);
			continue;
		}
		rec_add(rc, &q);
	}
	if (rcode == CSVIN_ERR) {
		fu_warn("%s: read error", name);
		goto out;
	}
	ret = 0;
out:
	free(rcol);
	csvin_close(&in);
	fu_close_in(fp);
	return ret;
}

/* What the log says of one contact: its records in time order. */
struct event {
	long long	 ts;
	int		 oc;		/* as corrected, if it was */
	int		 logged_oc;	/* as first written */
	int		 attempt;
	uint64_t	 content;	/* for duplicates without a time */
};

struct history {
	uint64_t	 id;
	struct event	*ev;
	size_t		 nev, evcap;
	struct contact	 c;		/* the latest in the log */
	int		 has_c;
};

struct commit {
	struct recorder	*rc;
	struct history	*h;		/* sorted by id */
	size_t		 nh;
};

static int
cmp_history(const void *a, const void *b)
{
	uint64_t x = ((const struct history *)a)->id;
	uint64_t y = ((const struct history *)b)->id;

	return x < y ? -1 : x > y;
}

static struct history *
find_history(struct commit *cm, uint64_t id)
{
	struct history key;

	key.id = id;
	return bsearch(&key, cm->h, cm->nh, sizeof(key), cmp_history);
}

/* A hash of what a record says, for re-runs of batches without times. */
static uint64_t
content_hash(const char *const *f, const size_t *len)
{
	static const int cols[] = { LC_OUTCOME, LC_Q1, LC_Q2, LC_Q3,
	    LC_COMPLAINT, LC_GIFT_OK, LC_CALLBACK, LC_AGENT, LC_NOTE };
	const char *v[9];
	size_t n[9];
	int i;

	for (i = 0; i < 9; i++) {
		v[i] = f[cols[i]];
		n[i] = len[cols[i]];
	}
	return fu_id(v, n, 9);
}

static void
add_event(struct history *h, const struct event *e)
{
	size_t i;

	h->ev = xgrow(h->ev, &h->evcap, h->nev + 1, sizeof(*h->ev));
	/* In time order; a record at the same time goes after. */
	for (i = h->nev; i > 0 && h->ev[i - 1].ts > e->ts; i--)
		h->ev[i] = h->ev[i - 1];
	h->ev[i] = *e;
	h->nev++;
}

static struct event *
event_at(struct history *h, long long ts)
{
	size_t i;

	for (i = 0; i < h->nev; i++)
		if (h->ev[i].ts == ts)
			return &h->ev[i];
	return NULL;
}

static void
set_str(char **to, const char *s)
{
	free(*to);
	*to = xstrdup(s);
}

static int
scan_one(void *arg, char **f, size_t *len, long lineno)
{
	struct commit *cm = arg;
	struct history *h;
	struct event e, *old;
	char err[FU_ERRBUF];
	long long sup;
	uint64_t id;

	(void)lineno;
	if (fu_id_parse(f[LC_ID], &id) == -1 ||
	    (h = find_history(cm, id)) == NULL)
		return 0;
	memset(&e, 0, sizeof(e));
	if (time_parse(f[LC_TS], len[LC_TS], 0, &e.ts, err) == -1 ||
	    (e.oc = outcome_parse(f[LC_OUTCOME], len[LC_OUTCOME])) == -1)
		return 0;	/* not ours to judge here: --verify */
	e.logged_oc = e.oc;
	e.attempt = atoi(f[LC_ATTEMPT]);
	e.content = content_hash((const char *const *)f, len);
	set_str(&h->c.type, f[LC_TYPE]);
	set_str(&h->c.store, f[LC_STORE]);
	set_str(&h->c.customer, f[LC_CUSTOMER]);
	set_str(&h->c.phone, f[LC_PHONE]);
	h->has_c = 1;
	/* A correction changes the record it names, and is no call itself. */
	if (len[LC_SUPERSEDES] > 0 && time_parse(f[LC_SUPERSEDES],
	    strcspn(f[LC_SUPERSEDES], " "), 0, &sup, err) == 0 &&
	    (old = event_at(h, sup)) != NULL) {
		old->oc = e.oc;
		return 0;
	}
	add_event(h, &e);
	return 0;
}

/*
 * The round a call at time t belongs to: the dials it has used and
 * when, or 0 when t starts a new round.  A round runs while its last
 * outcome leaves it open (no answer, busy, power off, callback) or has
 * used both dials, and for round_days at most.
 */
static int
round_dials(const struct history *h, long long t, long long span,
    const struct event **dial)
{
	long long start = 0;
	int active = 0, dials = 0;
	size_t i;

	for (i = 0; i < h->nev && h->ev[i].ts <= t; i++) {
		const struct outcome_info *o = &outcomes[h->ev[i].oc];

		if (!active || h->ev[i].ts - start > span) {
			active = 1;
			start = h->ev[i].ts;
			dials = 0;
		}
		if (o->dial) {
			if (dials < 2)
				dial[dials] = &h->ev[i];
			dials++;
		} else if (!o->open)
			active = 0;
	}
	if (!active || t - start > span)
		return 0;
	return dials;
}

static void
put_field(struct tsv_buf *b, char **f, size_t *len, int k, const char *s)
{
	f[k] = (char *)s;
	len[k] = strlen(s);
	if (k > 0)
		tsv_buf_char(b, '\t');
	tsv_buf_put(b, s, len[k]);
}

/* Match one request with the log; its line into b, or refuse it. */
static void
commit_one(struct commit *cm, struct outcome_req *q, struct tsv_buf *b,
    char *chain)
{
	struct recorder *rc = cm->rc;
	const struct contact *c;
	const struct event *dial[2], *old = NULL;
	struct history *h;
	struct event e;
	char ts[24], att[8], qs[3][4], cb[24], res[16], sup[48], gift[4];
	char mask[PHONE_MAX], t1[24], t2[24], *f[LC_N];
	size_t len[LC_N], i;
	uint64_t id;
	long long t = q->ts == -1 ? rc->now : q->ts;
	int attempt, n;

	fu_id_parse(q->id, &id);
	h = find_history(cm, id);
	if ((c = rec_contact(rc, id)) == NULL && h->has_c)
		c = &h->c;
	if (c == NULL) {
		refuse(rc, q, "%s: no such contact (give --contacts with the "
		    "contacts or the due list it is on)", q->id);
		return;
	}
	if (q->gift_ok != -1 && strcmp(c->type, "gift") != 0) {
		refuse(rc, q, "%s: gift_ok is for gift checks, and this is a "
		    "%s follow-up", q->id, c->type[0] ? c->type : "untyped");
		return;
	}
	time_format(t, ts);
	memset(&e, 0, sizeof(e));
	e.ts = t;
	e.oc = e.logged_oc = q->oc;

	/* The values as the log will hold them. */
	for (i = 0; i < 3; i++) {
		qs[i][0] = (int)i < q->nq ? (char)('0' + q->q[i]) : '\0';
		qs[i][1] = '\0';
	}
	cb[0] = res[0] = sup[0] = gift[0] = '\0';
	if (q->callback != -1)
		time_format(q->callback, cb);
	if (q->resolved != INT32_MIN)
		date_format(q->resolved, res);
	if (q->gift_ok != -1)
		snprintf(gift, sizeof(gift), "%d", q->gift_ok);
	f[LC_OUTCOME] = (char *)outcomes[q->oc].code;
	f[LC_Q1] = qs[0];
	f[LC_Q2] = qs[1];
	f[LC_Q3] = qs[2];
	f[LC_COMPLAINT] = q->complaint ? q->complaint : "";
	f[LC_GIFT_OK] = gift;
	f[LC_CALLBACK] = cb;
	f[LC_AGENT] = (char *)(q->agent ? q->agent : rc->default_agent ?
	    rc->default_agent : "");
	f[LC_NOTE] = q->note ? q->note : "";
	for (i = 0; i < LC_N; i++)
		len[i] = 0;
	for (i = LC_OUTCOME; i <= LC_NOTE; i++)
		if (i != LC_RESOLVED)
			len[i] = strlen(f[i]);
	e.content = content_hash((const char *const *)f, len);

	if (q->supersedes != -1) {
		if ((old = event_at(h, q->supersedes)) == NULL) {
			time_format(q->supersedes, t1);
			refuse(rc, q, "%s: there is no record at %s to correct",
			    q->id, t1);
			return;
		}
		attempt = old->attempt;
		time_format(old->ts, t1);
		snprintf(sup, sizeof(sup), "%s %s", t1, q->id);
	} else {
		/*
		 * Re-running a batch: the same record is there already, at
		 * the same time, or (given no time) saying the same that day.
		 */
		for (i = 0; i < h->nev; i++)
			if (q->ts != -1 ? h->ev[i].ts == t &&
			    h->ev[i].logged_oc == q->oc :
			    time_day(h->ev[i].ts) == time_day(t) &&
			    h->ev[i].content == e.content)
				break;
		if (i < h->nev) {
			rc->duplicates++;
			return;
		}
		n = round_dials(h, t, rc->pol->round_days * DAY, dial);
		if (n >= 2 && strcmp(q->method, "phone") == 0) {
			phone_mask(c->phone, mask);
			time_format(dial[0]->ts, t1);
			time_format(dial[1]->ts, t2);
			refuse(rc, q, "%s (%s %s): a third dial in one round is "
			    "not allowed: dialled %s (%s) and %s (%s)", q->id,
			    c->customer, mask, t1, outcomes[dial[0]->oc].code,
			    t2, outcomes[dial[1]->oc].code);
			return;
		}
		attempt = n + 1;
	}
	e.attempt = attempt;
	snprintf(att, sizeof(att), "%d", attempt);

	/* The line, in the log's column order. */
	put_field(b, f, len, LC_TS, ts);
	put_field(b, f, len, LC_ID, q->id);
	put_field(b, f, len, LC_TYPE, c->type);
	put_field(b, f, len, LC_STORE, c->store);
	put_field(b, f, len, LC_CUSTOMER, c->customer);
	put_field(b, f, len, LC_PHONE, c->phone);
	put_field(b, f, len, LC_ATTEMPT, att);
	put_field(b, f, len, LC_METHOD, q->method);
	put_field(b, f, len, LC_OUTCOME, outcomes[q->oc].code);
	put_field(b, f, len, LC_Q1, qs[0]);
	put_field(b, f, len, LC_Q2, qs[1]);
	put_field(b, f, len, LC_Q3, qs[2]);
	put_field(b, f, len, LC_COMPLAINT, q->complaint ? q->complaint : "");
	put_field(b, f, len, LC_RESOLVED, res);
	put_field(b, f, len, LC_GIFT_OK, gift);
	put_field(b, f, len, LC_CALLBACK, cb);
	put_field(b, f, len, LC_AGENT, f[LC_AGENT]);
	put_field(b, f, len, LC_NOTE, q->note ? q->note : "");
	put_field(b, f, len, LC_SUPERSEDES, sup);
	log_chain(chain, f, len, chain);
	put_field(b, f, len, LC_CHAIN, chain);
	tsv_buf_char(b, '\n');
	rc->appended++;
	if (old != NULL) {
		((struct event *)old)->oc = q->oc;
		return;
	}
	/* Records of this run count for the next ones (rounds, re-runs). */
	add_event(h, &e);
}

int
rec_commit(struct recorder *rc, const char *path)
{
	struct logfile lf;
	struct commit cm;
	struct tsv_buf b = { NULL, 0, 0 };
	char err[FU_ERRBUF], chain[17];
	uint64_t id;
	size_t i, j;

	if (rc->nreq == 0)
		return rc->status;
	memset(&cm, 0, sizeof(cm));
	cm.rc = rc;
	cm.h = xcalloc(rc->nreq, sizeof(*cm.h));
	for (i = 0; i < rc->nreq; i++) {
		fu_id_parse(rc->req[i].id, &id);
		cm.h[cm.nh++].id = id;
	}
	qsort(cm.h, cm.nh, sizeof(*cm.h), cmp_history);
	for (i = j = 0; i < cm.nh; i++)
		if (j == 0 || cm.h[j - 1].id != cm.h[i].id)
			cm.h[j++] = cm.h[i];
	cm.nh = j;
	if (logfile_open(&lf, path, LOG_WRITE | LOG_CREATE, err) == -1 ||
	    logfile_scan(&lf, scan_one, &cm, err) == -1) {
		fu_warnx("%s", err);
		rc->status = FU_EXIT_FATAL;
		goto out;
	}
	memcpy(chain, lf.chain, sizeof(chain));
	for (i = 0; i < rc->nreq; i++)
		commit_one(&cm, &rc->req[i], &b, chain);
	if (logfile_append(&lf, b.s, b.len, rc->no_sync, err) == -1) {
		fu_warnx("%s", err);
		rc->status = FU_EXIT_FATAL;
		rc->appended = 0;
	}
out:
	logfile_close(&lf);
	tsv_buf_free(&b);
	for (i = 0; i < cm.nh; i++) {
		free(cm.h[i].ev);
		free_contact(&cm.h[i].c);
	}
	free(cm.h);
	return rc->status;
}

int
rec_verify(const char *path)
{
	struct logfile lf;
	char err[FU_ERRBUF];
	int r;

	if (logfile_open(&lf, path, 0, err) == -1) {
		fu_warnx("%s", err);
		logfile_close(&lf);
		return FU_EXIT_FATAL;
	}
	r = logfile_verify(&lf, err);
	if (r == -1)
		fu_warnx("%s", err);
	else if (r == 0)
		fu_warnx("%s: %ld record%s, the chain is whole", path,
		    lf.records, lf.records == 1 ? "" : "s");
	logfile_close(&lf);
	return r == -1 ? FU_EXIT_FATAL : r == 1 ? FU_EXIT_DATA : FU_EXIT_OK;
}

int
rec_write_rejects(struct recorder *rc, const char *path)
{
	struct outfile of;
	char *line = NULL;
	size_t cap = 0, i, k, tabs;
	ssize_t n;
	FILE *fp;

	if ((fp = outfile_open(&of, path, 0600)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	fputs("src\treason", fp);
	for (i = 0; i < rc->nrej_cols; i++) {
		putc('\t', fp);
		tsv_puts(fp, rc->rej_cols[i]);
	}
	putc('\n', fp);
	if (rc->rejtmp != NULL) {
		rewind(rc->rejtmp);
		while ((n = getline(&line, &cap, rc->rejtmp)) > 0) {
			line[n - 1] = '\0';
			fputs(line, fp);
			/* Rows read before a later file added columns. */
			for (tabs = 0, k = 0; line[k] != '\0'; k++)
				tabs += line[k] == '\t';
			for (; tabs < rc->nrej_cols + 1; tabs++)
				putc('\t', fp);
			putc('\n', fp);
		}
	}
	free(line);
	if (outfile_commit(&of) == -1) {
		fu_warn("%s: write error", path);
		return -1;
	}
	return 0;
}

/* One due-list row, as the terminal shows it. */
struct due_row {
	char	 id[17];
	int	 due;		/* its due day, or INT32_MIN */
	char	*customer, *phone, *store, *why, *type;
	int	 attempt;
};

struct recorded {
	struct due_row	*rows;
	size_t		 n, cap;
	long long	*latest;	/* per row: latest record's time, or -1 */
};

static int
seen_one(void *arg, char **f, size_t *len, long lineno)
{
	struct recorded *rd = arg;
	char err[FU_ERRBUF];
	long long t;
	size_t i;

	(void)lineno;
	if (len[LC_ID] != 16 || time_parse(f[LC_TS], len[LC_TS], 0, &t,
	    err) == -1)
		return 0;
	for (i = 0; i < rd->n; i++)
		if (memcmp(rd->rows[i].id, f[LC_ID], 16) == 0 &&
		    t > rd->latest[i])
			rd->latest[i] = t;
	return 0;
}

/* A line from the terminal, without its newline; NULL at the end. */
static char *
ask(FILE *in, FILE *out, const char *prompt, char **line, size_t *cap)
{
	ssize_t n;

	fputs(prompt, out);
	fflush(out);
	if ((n = getline(line, cap, in)) == -1)
		return NULL;
	while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
		(*line)[--n] = '\0';
	return *line;
}

static char *
field_or(struct tsv_reader *r, long col)
{
	return xstrdup(col == -1 ? "" : r->field[col]);
}

int
rec_interactive(struct recorder *rc, const char *due, const char *logpath,
    FILE *in, FILE *out)
{
	struct tsv_reader r;
	struct recorded rd;
	struct logfile lf;
	struct outcome_req q;
	char err[FU_ERRBUF], mask[PHONE_MAX], *line = NULL, *a;
	size_t cap = 0, i, todo = 0, done = 0;
	long c_id, c_due, c_cust, c_phone, c_store, c_why, c_att, c_type;
	FILE *fp;
	int k, oc = -1, rcode, status = 0, day;

	memset(&rd, 0, sizeof(rd));
	if (rc->ncontact == 0 && rec_load_contacts(rc, due) == -1)
		return FU_EXIT_FATAL;
	if ((fp = tsv_open_path(&r, due, due)) == NULL)
		return FU_EXIT_FATAL;
	c_id = tsv_col(&r, "id");
	c_due = tsv_col(&r, "due");
	c_cust = tsv_col(&r, "customer");
	c_phone = tsv_col(&r, "phone");
	c_store = tsv_col(&r, "store");
	c_why = tsv_col(&r, "why");
	c_att = tsv_col(&r, "attempt");
	c_type = tsv_col(&r, "type");
	while (c_id != -1 && (rcode = tsv_next(&r)) == TSV_OK) {
		struct due_row *d;

		rd.rows = xgrow(rd.rows, &rd.cap, rd.n + 1, sizeof(*rd.rows));
		d = &rd.rows[rd.n++];
		snprintf(d->id, sizeof(d->id), "%s", r.field[c_id]);
		d->due = INT32_MIN;
		if (c_due != -1 && date_parse(r.field[c_due], r.len[c_due], 0,
		    &day, err) == 0)
			d->due = day;
		d->customer = field_or(&r, c_cust);
		d->phone = field_or(&r, c_phone);
		d->store = field_or(&r, c_store);
		d->why = field_or(&r, c_why);
		d->type = field_or(&r, c_type);
		d->attempt = c_att == -1 ? 1 : atoi(r.field[c_att]);
	}
	tsv_close(&r);
	fu_close_in(fp);
	if (c_id == -1) {
		fu_warnx("%s: no id column: not a due list", due);
		return FU_EXIT_FATAL;
	}

	/* Who is recorded already: skipped, so a restart goes on. */
	rd.latest = xreallocarray(NULL, rd.n + 1, sizeof(*rd.latest));
	for (i = 0; i < rd.n; i++)
		rd.latest[i] = -1;
	if (logfile_open(&lf, logpath, 0, err) == 0) {
		if (logfile_scan(&lf, seen_one, &rd, err) == -1)
			fu_warnx("%s", err);
	}
	logfile_close(&lf);
	for (i = 0; i < rd.n; i++) {
		int from = rd.rows[i].due != INT32_MIN ? rd.rows[i].due :
		    time_day(rc->now);

		if (rd.latest[i] != -1 && time_day(rd.latest[i]) >= from)
			rd.rows[i].id[0] = '\0';
		else
			todo++;
	}
	fprintf(out, "%s: %zu to call, %zu recorded already\n", due, todo,
	    rd.n - todo);

	for (i = 0; i < rd.n && status != FU_EXIT_FATAL; i++) {
		struct due_row *d = &rd.rows[i];

		if (d->id[0] == '\0')
			continue;
		phone_mask(d->phone, mask);
		fprintf(out, "\n[%zu/%zu] %s  %s  %s  %s  第%d次\n", ++done, todo,
		    d->customer, mask, d->store, d->why, d->attempt);
		for (k = 0; k < OC_N; k++)
			fprintf(out, "%s%c %s", k ? "  " : "", outcomes[k].key,
			    outcomes[k].zh);
		fputs("  k 跳过  q 退出\n", out);
		for (;;) {
			if ((a = ask(in, out, "结果> ", &line, &cap)) == NULL ||
			    a[0] == 'q')
				goto quit;
			if (a[0] == 'k' || (oc = outcome_by_key(a[0])) != -1 ||
			    (oc = outcome_parse(a, strlen(a))) != -1)
				break;
			fputs("? 请按上面的键\n", out);
		}
		if (a[0] == 'k')
			continue;
		memset(&q, 0, sizeof(q));
		q.ts = q.callback = q.supersedes = -1;
		q.gift_ok = -1;
		q.resolved = INT32_MIN;
		snprintf(q.id, sizeof(q.id), "%s", d->id);
		q.oc = oc;
		q.src = xstrdup("");
		if (oc == OC_SUCCESS || oc == OC_PARTIAL ||
		    oc == OC_SMS_REPLIED) {
			for (;;) {
				char *p, *save = NULL;
				int ok = 1;

				if ((a = ask(in, out, "评分 (1-5, 最多3个, 回车跳过)> ",
				    &line, &cap)) == NULL)
					goto quit_req;
				q.nq = 0;
				for (p = strtok_r(a, " ,", &save); p != NULL;
				    p = strtok_r(NULL, " ,", &save))
					if (q.nq == 3 ||
					    (q.q[q.nq++] = rec_score(p)) == -1)
						ok = 0;
				if (ok)
					break;
				fputs("? 每个评分是1到5, 最多3个\n", out);
			}
		}
		while (oc == OC_CALLBACK) {
			if ((a = ask(in, out, "约定回电时间 (2026-11-24 15:00)> ",
			    &line, &cap)) == NULL)
				goto quit_req;
			if (time_parse(a, strlen(a), 0, &q.callback, err) == 0 &&
			    q.callback >= rc->now)
				break;
			fputs("? 请写一个将来的时间, 如 2026-11-24 15:00\n", out);
		}
		while (strcmp(d->type, "gift") == 0) {
			if ((a = ask(in, out, "礼品相符? (1 是, 0 否, 回车跳过)> ",
			    &line, &cap)) == NULL)
				goto quit_req;
			if (a[0] == '\0' ||
			    (q.gift_ok = rec_gift_ok(a, strlen(a))) != -1)
				break;
		}
		/* Only someone who answered can have raised a problem. */
		if ((oc == OC_SUCCESS || oc == OC_PARTIAL || oc == OC_REFUSED ||
		    oc == OC_CALLBACK || oc == OC_SMS_REPLIED) &&
		    (a = ask(in, out, "投诉/问题 (回车无)> ", &line, &cap)) ==
		    NULL)
			goto quit_req;
		if (a[0] != '\0' && (oc == OC_SUCCESS || oc == OC_PARTIAL ||
		    oc == OC_REFUSED || oc == OC_CALLBACK ||
		    oc == OC_SMS_REPLIED))
			q.complaint = xstrdup(a);
		if ((a = ask(in, out, "备注 (回车无)> ", &line, &cap)) == NULL)
			goto quit_req;
		if (a[0] != '\0')
			q.note = xstrdup(a);
		/* Appended and synced before the next contact is shown. */
		rc->appended = rc->duplicates = 0;
		if (rec_add(rc, &q) == 0) {
			status = rec_commit(rc, logpath);
			if (rc->appended == 1)
				fprintf(out, "已记录: %s %s\n", d->id,
				    outcomes[oc].code);
			free_req(&rc->req[0]);
			rc->nreq = 0;
		}
		continue;
quit_req:
		free_req(&q);
		goto quit;
	}
quit:
	fprintf(out, "\n");
	free(line);
	for (i = 0; i < rd.n; i++) {
		free(rd.rows[i].customer);
		free(rd.rows[i].phone);
		free(rd.rows[i].store);
		free(rd.rows[i].why);
		free(rd.rows[i].type);
	}
	free(rd.rows);
	free(rd.latest);
	return status != 0 ? status : rc->status;
}
