/* queue.c: a request's own values checked, and queued; see recorder.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/tsv.h"
#include "record/recorder.h"

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
	/* As agents type it, and as spreadsheets save a checkbox. */
	static const char *const yes[] = { "1", "是", "相符", "y", "yes",
	    "ok", "true", "√", "✓", "✔", NULL };
	static const char *const no[] = { "0", "否", "不符", "n", "no",
	    "false", "×", "✗", "✘", NULL };
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

/* A row's id, lower case: ids are lower-cased on input. */
void
rec_row_id(const struct rec_row *w, char *out)
{
	fu_id_format(w->id, out);
}

/* Excel's scientific notation: 2.26718E+15, 9.60223E+14, 1E16. */
static int
scientific(const char *s, size_t n)
{
	size_t i = 0, k;

	for (k = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i == k)
		return 0;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i == n || (s[i] != 'E' && s[i] != 'e'))
		return 0;
	if (++i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (k = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	return i > k && i == n;
}

void
rec_bad_id(const char *s, size_t n, char *why, size_t size)
{
	char q[TEXT_QUOTE_MAX + 1];
	const unsigned char *p = (const unsigned char *)s;

	text_trim(&p, &n);
	text_quote((const char *)p, n, q);
	if (scientific((const char *)p, n))
		snprintf(why, size, "id \"%s\" is in scientific notation "
		    "(digits lost in Excel: format the column as text)", q);
	else
		snprintf(why, size, "id \"%s\" is not 16 hex digits", q);
}

void
rec_row_clear(struct rec_row *w)
{
	memset(w, 0, sizeof(*w));
	w->ts = -1;
	w->callback = -1;
	w->gift_ok = -1;
	w->resolved = INT32_MIN;
	w->supersedes = -1;
	w->oc = -1;
	w->orig = NONE;
}

/* The id's 16 hex digits (either case) into w; -1 if not hex. */
static int
row_set_id(struct rec_row *w, const char *s)
{
	return fu_id_parse(s, &w->id);
}

/*
 * Scores and gift_ok go only with an answered call or a reply (success,
 * partial, sms_replied); a complaint also with a call the customer took
 * but did not answer (refused, callback).  -1 after refusing it.
 */
static int
rec_answered_only(struct recorder *rc, const struct rec_row *w,
    const char *idtext)
{
	const char *code = outcomes[w->oc].code;
	int talked = w->oc == OC_SUCCESS || w->oc == OC_PARTIAL ||
	    w->oc == OC_SMS_REPLIED;

	if (w->nq > 0 && !talked) {
		rec_refuse(rc, w, "%s: scores need an answered call or a reply "
		    "(success, partial or sms_replied), not %s", idtext, code);
		return -1;
	}
	if (w->gift_ok != -1 && !talked) {
		rec_refuse(rc, w, "%s: gift_ok needs an answered call or a "
		    "reply (success, partial or sms_replied), not %s", idtext,
		    code);
		return -1;
	}
	if (w->tlen[0] > 0 && !talked && w->oc != OC_REFUSED &&
	    w->oc != OC_CALLBACK) {
		rec_refuse(rc, w, "%s: a complaint needs a customer who "
		    "answered (success, partial, refused, callback or "
		    "sms_replied), not %s", idtext, code);
		return -1;
	}
	return 0;
}

/*
 * A callback is agreed with the customer, so it is recorded as agreed;
 * but one outside the call windows or on a day that is not a working
 * day is said.
 */
static void
callback_hours(struct recorder *rc, const struct rec_row *w,
    const char *idtext)
{
	const struct policy *p = rc->pol;
	char t[24];
	int day = time_day(w->callback);
	int min = (int)((w->callback - (long long)day * DAY) / 60);

	/* Without a calendar ($FU_HOLIDAYS), Monday to Friday. */
	if (rc->cal_state == 0 && rc->holidays == NULL) {
		memset(&rc->cal, 0, sizeof(rc->cal));
		rc->cal_state = 1;
	} else if (rc->cal_state == 0)
		rc->cal_state = cal_load(&rc->cal, rc->holidays) == 0 ? 1 : -1;
	time_format(w->callback, t);
	if (rc->cal_state == 1 && !cal_is_workday(&rc->cal, day))
		rec_note(rc, w, "%s: the callback %s is on a day that is not a "
		    "working day; recorded as agreed", idtext, t);
	else if ((min < p->am_window.start || min >= p->am_window.end) &&
	    (min < p->pm_window.start || min >= p->pm_window.end))
		rec_note(rc, w, "%s: the callback %s is outside the call "
		    "windows (%02d:%02d-%02d:%02d, %02d:%02d-%02d:%02d); "
		    "recorded as agreed", idtext, t, p->am_window.start / 60,
		    p->am_window.start % 60, p->am_window.end / 60,
		    p->am_window.end % 60, p->pm_window.start / 60,
		    p->pm_window.start % 60, p->pm_window.end / 60,
		    p->pm_window.end % 60);
}

/*
 * Check a record's own values (not yet against the log) and queue it;
 * idtext is its id as given.  0 queued, -1 refused.
 */
int
rec_queue_row(struct recorder *rc, struct rec_row *w, const char *idtext)
{
	const struct outcome_info *o;
	char t[24], why[256];

	if (row_set_id(w, idtext) == -1) {
		rec_bad_id(idtext, strlen(idtext), why, sizeof(why));
		rec_refuse(rc, w, "%s", why);
		return -1;
	}
	if (w->oc < 0 || w->oc >= OC_N) {
		rec_refuse(rc, w, "%s: no such outcome", idtext);
		return -1;
	}
	o = &outcomes[w->oc];
	if (w->oc == OC_CALLBACK && w->callback == -1) {
		rec_refuse(rc, w, "%s: callback needs the agreed time "
		    "(--callback TIME, 约定回电)", idtext);
		return -1;
	}
	if (w->oc != OC_CALLBACK && w->callback != -1) {
		rec_refuse(rc, w, "%s: a callback time goes with the outcome "
		    "callback, not %s", idtext, o->code);
		return -1;
	}
	if (w->callback != -1 && w->callback < (w->ts == -1 ? rc->now :
	    w->ts)) {
		time_format(w->callback, t);
		rec_refuse(rc, w, "%s: the callback time %s has passed",
		    idtext, t);
		return -1;
	}
	if (w->ts != -1 && w->ts > rc->now) {
		char n[24];

		time_format(w->ts, t);
		time_format(rc->now, n);
		rec_refuse(rc, w, "%s: the time %s is later than now (%s)",
		    idtext, t, n);
		return -1;
	}
	if (rec_answered_only(rc, w, idtext) == -1)
		return -1;
	if (w->method == ROW_SMS && w->oc != OC_SMS_SENT &&
	    w->oc != OC_SMS_REPLIED) {
		rec_refuse(rc, w, "%s: %s is an outcome of a call, not of a "
		    "text message (sms_sent, sms_replied)", idtext, o->code);
		return -1;
	}
	if (w->method == ROW_PHONE &&
	    (w->oc == OC_SMS_SENT || w->oc == OC_SMS_REPLIED)) {
		rec_refuse(rc, w, "%s: %s is an outcome of a text message, "
		    "not of a call", idtext, o->code);
		return -1;
	}
	if (w->callback != -1)
		callback_hours(rc, w, idtext);
	if (w->method == 0)
		w->method = w->oc == OC_SMS_SENT || w->oc == OC_SMS_REPLIED ?
		    ROW_SMS : ROW_PHONE;
	rec_row_push(rc, w);
	return 0;
}

void
rec_row_push(struct recorder *rc, const struct rec_row *w)
{
	size_t held = rc->nrow - rc->nspilled;

	/*
	 * A million rows are 90 MiB: beyond a block they go to a file
	 * (written in order, read back in order), so a batch's memory is
	 * its ids and contacts.
	 */
	if (held == ROW_BLOCK) {
		rec_rows_settle(rc);
		if (rc->spillfd == -1 && (rc->spillfd = fu_tmpfd(rc->tmpdir)) ==
		    -1)
			fu_err(FU_EXIT_FATAL, "a temporary file for the queue");
		if (fu_write_all(rc->spillfd, rc->row, held *
		    sizeof(*rc->row)) == -1)
			fu_err(FU_EXIT_FATAL, "the queue's temporary file");
		rc->nspilled += held;
		held = 0;
	}
	rc->row = xgrow(rc->row, &rc->rowcap, held + 1, sizeof(*rc->row));
	rc->row[held] = *w;
	/*
	 * Its entry is found once, by rec_rows_settle: later passes go in
	 * queue order.  Adding the ids a block at a time, their places in
	 * the table asked for as they come, spares a wait on memory for
	 * each (a third of a large batch's time, measured).
	 */
	idmap_prefetch(&rc->ids, w->id);
	rc->nrow++;
	if (rc->nrow - rc->nsettled == SETTLE_BLOCK)
		rec_rows_settle(rc);
}

void
rec_rows_settle(struct recorder *rc)
{
	struct rec_ent *e;
	size_t i;

	/* The unsettled rows are the last ones, all in memory. */
	for (i = rc->nsettled; i < rc->nrow; i++) {
		/* The table may move as the id is added: rc->ent is read after. */
		e = rec_ent_add(rc, rc->row[i - rc->nspilled].id);
		rc->row[i - rc->nspilled].ent = (uint32_t)(e - rc->ent);
	}
	rc->nsettled = rc->nrow;
}

size_t
rec_rows(struct recorder *rc, size_t i, const struct rec_row **p)
{
	size_t n, want;
	ssize_t got;

	rec_rows_settle(rc);
	if (i >= rc->nspilled) {
		*p = &rc->row[i - rc->nspilled];
		return rc->nrow - i;
	}
	n = rc->nspilled - i < ROW_BLOCK ? rc->nspilled - i : ROW_BLOCK;
	if (rc->rbuf == NULL)
		rc->rbuf = xreallocarray(NULL, ROW_BLOCK, sizeof(*rc->rbuf));
	want = n * sizeof(*rc->rbuf);
	got = pread(rc->spillfd, rc->rbuf, want, (off_t)(i *
	    sizeof(*rc->rbuf)));
	if (got < 0 || (size_t)got != want)
		fu_err(FU_EXIT_FATAL, "the queue's temporary file");
	*p = rc->rbuf;
	return n;
}

void
rec_rows_clear(struct recorder *rc)
{
	rc->nrow = rc->nspilled = rc->nsettled = 0;
	rc->text.len = 0;
	if (rc->spillfd != -1 && ftruncate(rc->spillfd, 0) == -1)
		fu_err(FU_EXIT_FATAL, "the queue's temporary file");
	if (rc->spillfd != -1 && lseek(rc->spillfd, 0, SEEK_SET) == -1)
		fu_err(FU_EXIT_FATAL, "the queue's temporary file");
}

/* A row's complaint, note and agent (NULL: none) into rc->text. */
void
rec_row_texts(struct recorder *rc, struct rec_row *w, const char *const *s,
    const size_t *n)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (n[i] > UINT32_MAX)
			fu_errx(FU_EXIT_FATAL, "a field of %zu bytes", n[i]);
	w->text = rc->text.len;
	for (i = 0; i < 3; i++) {
		w->tlen[i] = s[i] != NULL ? (uint32_t)n[i] : 0;
		tsv_buf_raw(&rc->text, s[i] != NULL ? s[i] : "", w->tlen[i]);
	}
	w->has_agent = s[2] != NULL;
}

int
rec_add(struct recorder *rc, struct outcome_req *q)
{
	struct rec_row w;
	const char *s[3];
	size_t n[3];
	int i, r;

	rec_row_clear(&w);
	/*
	 * From the command line or the terminal a record always has its
	 * time, now to the second: two of them are two dials.  Only a
	 * batch row may come without one.
	 */
	w.ts = q->ts != -1 ? q->ts : rc->now;
	w.oc = (signed char)(q->oc >= 0 && q->oc < OC_N ? q->oc : -1);
	w.callback = q->callback;
	w.gift_ok = (signed char)q->gift_ok;
	w.resolved = q->resolved;
	w.supersedes = q->supersedes;
	w.nq = (unsigned char)(q->nq > 3 ? 3 : q->nq);
	for (i = 0; i < w.nq; i++)
		w.q[i] = (unsigned char)q->q[i];
	if (q->method != NULL)
		w.method = strcmp(q->method, "sms") == 0 ? ROW_SMS : ROW_PHONE;
	s[0] = q->complaint;
	s[1] = q->note;
	s[2] = q->agent;
	for (i = 0; i < 3; i++)
		n[i] = s[i] != NULL ? strlen(s[i]) : 0;
	rec_row_texts(rc, &w, s, n);
	r = rec_queue_row(rc, &w, q->id);
	rec_req_free(q);
	return r;
}

void
rec_req_init(struct outcome_req *q)
{
	memset(q, 0, sizeof(*q));
	q->ts = q->callback = q->supersedes = -1;
	q->gift_ok = -1;
	q->resolved = INT32_MIN;
}

void
rec_req_free(struct outcome_req *q)
{
	free(q->complaint);
	free(q->note);
	free(q->agent);
	q->complaint = q->note = q->agent = NULL;
}

int
rec_single(const struct rec_opts *o, struct outcome_req *q, int argc,
    char *const *argv)
{
	struct recorder rc;
	char why[256];
	uint64_t id;
	int i, status;

	rec_init(&rc, o);
	/* One record needs one contact: only its id's is kept. */
	if (strlen(argv[0]) == 16 && fu_id_parse(argv[0], &id) == 0)
		rec_ent_add(&rc, id);
	if (o->contacts != NULL &&
	    rec_load_contacts(&rc, o->contacts, 1) == -1) {
		rec_free(&rc);
		return -1;
	}
	snprintf(q->id, sizeof(q->id), "%s", argv[0]);
	if (strlen(argv[0]) != 16)
		q->id[0] = '\0';
	/* Ids are lower-cased on input: as the log will hold it. */
	for (i = 0; q->id[i] != '\0'; i++)
		if (q->id[i] >= 'A' && q->id[i] <= 'F')
			q->id[i] = (char)(q->id[i] - 'A' + 'a');
	if ((q->oc = outcome_parse(argv[1], strlen(argv[1]))) == -1)
		fu_errx(FU_EXIT_DATA, "\"%s\" is not an outcome (see "
		    "fu-record --help)", argv[1]);
	for (i = 2; i < argc; i++)
		if ((q->q[q->nq++] = rec_score(argv[i])) == -1)
			fu_errx(FU_EXIT_DATA, "score \"%s\" is not 1 to 5",
			    argv[i]);
	if (q->id[0] == '\0') {
		rec_bad_id(argv[0], strlen(argv[0]), why, sizeof(why));
		fu_errx(FU_EXIT_DATA, "%s", why);
	}
	/* Refused means nothing at all is appended. */
	if (rec_add(&rc, q) == 0)
		status = rec_commit(&rc, o->log);
	else
		status = FU_EXIT_DATA;
	/* Status 1 with a record appended: a damaged row of --contacts. */
	if (status != FU_EXIT_FATAL && rc.appended == 1)
		fu_warnx("%s: %s %s appended", o->log, q->id,
		    outcomes[q->oc].code);
	else if (status != FU_EXIT_FATAL && rc.duplicates == 1)
		fu_warnx("%s: %s %s: recorded already", o->log, q->id,
		    outcomes[q->oc].code);
	rec_free(&rc);
	return status;
}
