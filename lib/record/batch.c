/* batch.c: batch files (TSV or CSV) read into the queue; see record.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/csvin.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "record/recorder.h"

/* The columns of a batch, by the names of the call list (回访清单). */
enum bcol {
	B_ID, B_OUTCOME, B_Q1, B_Q2, B_Q3, B_COMPLAINT, B_CALLBACK, B_GIFT_OK,
	B_AGENT, B_NOTE, B_TS, B_METHOD, B_RESOLVED, B_SUPERSEDES, B_DUE, B_N
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
	[B_DUE] = { "due", "回访日期", "计划日期", "应访日期", NULL },
};
static int
blank(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	/*
	 * A field that starts with a byte no blank starts with (see
	 * text_trim) is not blank: most, without a call.
	 */
	if (n == 0)
		return 1;
	if (p[0] > ' ' && p[0] != 0xc2 && p[0] != 0xe3 && p[0] != 0xef)
		return 0;
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

/* A batch row's fields by batch column: "" where there is no column. */
struct brow {
	const char	*v[B_N];
	size_t		 n[B_N];
	char		 id[17];	/* as given, for messages */
	int		 has_due;	/* the list has a due column */
};

/* The id and the outcome; -1 after refusing the row. */
static int
batch_id_outcome(struct recorder *rc, struct brow *b, struct rec_row *w)
{
	char q1[TEXT_QUOTE_MAX + 1], why[256];
	const char *s = b->v[B_ID];
	size_t n = b->n[B_ID];
	int k, oc;

	text_trim((const unsigned char **)&s, &n);
	/* Up to 16 bytes, and not past a NUL (as snprintf "%.*s" did). */
	k = (int)strnlen(s, n < 16 ? n : 16);
	memcpy(b->id, s, (size_t)k);
	b->id[k] = '\0';
	if (n != 16) {
		rec_bad_id(s, n, why, sizeof(why));
		rec_refuse(rc, w, "%s", why);
		return -1;
	}
	if ((oc = outcome_parse(b->v[B_OUTCOME], b->n[B_OUTCOME])) == -1) {
		text_quote(b->v[B_OUTCOME], b->n[B_OUTCOME], q1);
		rec_refuse(rc, w, "%s: outcome \"%s\" is not one of the codes "
		    "(success, no_answer, busy, power_off, suspended, "
		    "wrong_number, refused, partial, callback, sms_sent, "
		    "sms_replied) or their Chinese names", b->id, q1);
		return -1;
	}
	w->oc = (signed char)oc;
	return 0;
}

/* The scores and gift_ok; -1 after refusing the row. */
static int
batch_scores(struct recorder *rc, const struct brow *b, struct rec_row *w)
{
	char q1[TEXT_QUOTE_MAX + 1];
	int k, v;

	for (k = B_Q1; k <= B_Q3; k++) {
		if (b->n[k] == 0 || blank(b->v[k], b->n[k]))
			continue;
		if ((v = rec_score(b->v[k])) == -1) {
			text_quote(b->v[k], b->n[k], q1);
			rec_refuse(rc, w, "%s: score \"%s\" is not 1 to 5",
			    b->id, q1);
			return -1;
		}
		w->q[w->nq++] = (unsigned char)v;
	}
	return 0;
}

/* A time column (flags for time_parse) into *t, unless blank; -1. */
static int
batch_time(struct recorder *rc, const struct brow *b, struct rec_row *w,
    int k, unsigned flags, const char *what, long long *t)
{
	char err[FU_ERRBUF];

	if (blank(b->v[k], b->n[k]))
		return 0;
	if (time_parse(b->v[k], b->n[k], flags, t, err) == -1) {
		rec_refuse(rc, w, "%s: %s: %s", b->id, what, err);
		return -1;
	}
	return 0;
}

/*
 * When the call was made (回访时间), unless blank: a date and a time of
 * day, or a time of day alone on the row's due day.  A date alone is
 * refused: it would be a call at 00:00 that uses up a dial.  -1 after
 * refusing the row.
 */
static int
batch_ts(struct recorder *rc, const struct brow *b, struct rec_row *w)
{
	char err[FU_ERRBUF], e2[FU_ERRBUF], q1[TEXT_QUOTE_MAX + 1];
	long long t;
	int secs, day;

	/* A date and a time, as nearly all rows: one parse. */
	if (blank(b->v[B_TS], b->n[B_TS]) ||
	    time_parse(b->v[B_TS], b->n[B_TS], 0, &w->ts, err) == 0)
		return 0;
	text_quote(b->v[B_TS], b->n[B_TS], q1);
	if (tod_parse(b->v[B_TS], b->n[B_TS], &secs, e2) == 0) {
		if (blank(b->v[B_DUE], b->n[B_DUE])) {
			rec_refuse(rc, w, "%s: time \"%s\" has no date, and %s "
			    "to take it from: write the date too", b->id, q1,
			    b->has_due ? "the row no due day (回访日期)" :
			    "the list no due column (回访日期, due)");
			return -1;
		}
		if (date_parse(b->v[B_DUE], b->n[B_DUE], DATE_TIME_OK, &day,
		    e2) == -1) {
			rec_refuse(rc, w, "%s: time \"%s\" is on the due day, "
			    "but due: %s", b->id, q1, e2);
			return -1;
		}
		w->ts = day * DAY + secs;
		return 0;
	}
	if (time_parse(b->v[B_TS], b->n[B_TS], TIME_DATE_OK, &t, e2) == 0)
		rec_refuse(rc, w, "%s: time: %s: a date alone is not a call at "
		    "00:00; write when it was made (2026-11-23 14:05)", b->id,
		    err);
	else
		rec_refuse(rc, w, "%s: time: %s", b->id, err);
	return -1;
}

/*
 * The callback, gift_ok, time, resolved, supersedes and method columns,
 * in that order; -1 after refusing the row.
 */
static int
batch_when_how(struct recorder *rc, const struct brow *b, struct rec_row *w)
{
	char err[FU_ERRBUF], q1[TEXT_QUOTE_MAX + 1];
	const char *s;
	int day;

	if (batch_time(rc, b, w, B_CALLBACK, 0, "callback",
	    &w->callback) == -1)
		return -1;
	if (!blank(b->v[B_GIFT_OK], b->n[B_GIFT_OK]) &&
	    (w->gift_ok = (signed char)rec_gift_ok(b->v[B_GIFT_OK],
	    b->n[B_GIFT_OK])) == -1) {
		text_quote(b->v[B_GIFT_OK], b->n[B_GIFT_OK], q1);
		rec_refuse(rc, w, "%s: gift_ok \"%s\" is not 1 or 0 (是/否, "
		    "TRUE/FALSE, √/×)",
		    b->id, q1);
		return -1;
	}
	if (batch_ts(rc, b, w) == -1)
		return -1;
	if (!blank(b->v[B_RESOLVED], b->n[B_RESOLVED])) {
		if (date_parse(b->v[B_RESOLVED], b->n[B_RESOLVED],
		    DATE_TIME_OK, &day, err) == -1) {
			rec_refuse(rc, w, "%s: resolved: %s", b->id, err);
			return -1;
		}
		w->resolved = day;
	}
	if (batch_time(rc, b, w, B_SUPERSEDES, 0, "supersedes",
	    &w->supersedes) == -1)
		return -1;
	if (!blank(b->v[B_METHOD], b->n[B_METHOD])) {
		s = b->v[B_METHOD];
		if (strcmp(s, "phone") == 0 || strcmp(s, "电话") == 0)
			w->method = ROW_PHONE;
		else if (strcmp(s, "sms") == 0 || strcmp(s, "短信") == 0)
			w->method = ROW_SMS;
		else {
			rec_refuse(rc, w, "%s: method \"%s\" is not phone or "
			    "sms", b->id, s);
			return -1;
		}
	}
	return 0;
}

/* Fill a record from a batch row and queue it; -1 after refusing it. */
static int
batch_row(struct recorder *rc, struct csvin *in, const long *col,
    struct rec_row *w)
{
	static const int texts[3] = { B_COMPLAINT, B_NOTE, B_AGENT };
	struct brow b;
	const char *ts[3];
	size_t tn[3];
	int k;

	for (k = 0; k < B_N; k++) {
		b.v[k] = col[k] == -1 ? "" : in->field[col[k]];
		b.n[k] = col[k] == -1 ? 0 : in->len[col[k]];
	}
	b.has_due = col[B_DUE] != -1;
	if (batch_id_outcome(rc, &b, w) == -1 ||
	    batch_scores(rc, &b, w) == -1 || batch_when_how(rc, &b, w) == -1)
		return -1;
	/* Up to a NUL, as the strings they were copied to before. */
	for (k = 0; k < 3; k++) {
		ts[k] = blank(b.v[texts[k]], b.n[texts[k]]) ? NULL :
		    b.v[texts[k]];
		tn[k] = ts[k] ? strnlen(ts[k], b.n[texts[k]]) : 0;
	}
	rec_row_texts(rc, w, ts, tn);
	return rec_queue_row(rc, w, b.id);
}

/*
 * The header: the first of the first ten rows that names 编号 and 结果
 * (a title may be above it), with col[] the field of each column or -1.
 * 1 found, 0 not.
 */
static int
batch_header(struct csvin *in, long *col)
{
	size_t i, tries = 0;
	int k, found = 0;

	while (!found && tries++ < 10 && csvin_next(in) == CSVIN_OK) {
		for (k = 0; k < B_N; k++)
			col[k] = -1;
		for (i = 0; i < in->nfield; i++)
			if ((k = batch_col(in->field[i], in->len[i])) != -1 &&
			    col[k] == -1)
				col[k] = (long)i;
		found = col[B_ID] != -1 && col[B_OUTCOME] != -1;
	}
	return found;
}

int
rec_read_batch(struct recorder *rc, const char *path, int enc)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	char err[FU_ERRBUF];
	struct csvin in;
	struct rec_row w;
	long col[B_N], *infield = NULL;
	size_t i, ncol = 0;
	FILE *fp;
	int k, rcode, ret = -1;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	if (csvin_open(&in, fp, name, enc, err) == -1) {
		fu_warnx("%s: %s", name, err);
		fu_close_in(fp);
		return -1;
	}
	rc->files = xreallocarray(rc->files, rc->nfiles + 1,
	    sizeof(*rc->files));
	rc->files[rc->nfiles++] = xstrdup(name);
	if (!batch_header(&in, col)) {
		fu_warnx("%s: no header naming the columns id and outcome (编号, "
		    "结果)", name);
		goto out;
	}
	ncol = in.nfield;
	/* Two columns for one thing: which one is read is said. */
	for (i = 0; i < ncol; i++)
		if ((k = batch_col(in.field[i], in.len[i])) != -1 &&
		    col[k] != (long)i)
			fu_datawarn(name, in.lineno, "columns %ld \"%s\" and "
			    "%zu \"%s\" are both the %s: column %ld is read",
			    col[k] + 1, in.field[col[k]], i + 1, in.field[i],
			    batch_names[k][0], col[k] + 1);
	for (i = 0; i < ncol; i++)
		(void)rec_rej_col(rc, in.field[i]);
	/* Which field of a row goes in each reject column: the last named. */
	infield = xreallocarray(NULL, rc->nrej_cols, sizeof(*infield));
	for (i = 0; i < rc->nrej_cols; i++)
		infield[i] = -1;
	for (i = 0; i < ncol; i++)
		infield[rec_rej_col(rc, in.field[i])] = (long)i;
	while ((rcode = csvin_next(&in)) == CSVIN_OK) {
		rec_row_clear(&w);
		w.file = (uint32_t)rc->nfiles;
		w.line = in.lineno;
		if (rc->keep_rejects)
			w.orig = rec_keep_orig(rc, &in, infield);
		if (in.bad != NULL) {
			rec_refuse(rc, &w, "%s", in.bad);
			continue;
		}
		if (in.nfield != ncol) {
			rec_refuse(rc, &w, "%zu fields, but the header has %zu",
			    in.nfield, ncol);
			continue;
		}
		for (i = 0; i < in.nfield && blank(in.field[i], in.len[i]); i++)
			;
		if (i == in.nfield)	/* an empty row */
			continue;
		if (blank(in.field[col[B_OUTCOME]], in.len[col[B_OUTCOME]])) {
			/* Not called yet: the agent left it empty. */
			rc->unfilled++;
			continue;
		}
		batch_row(rc, &in, col, &w);
	}
	if (rcode == CSVIN_ERR) {
		fu_warn("%s: read error", name);
		goto out;
	}
	ret = 0;
out:
	free(infield);
	csvin_close(&in);
	fu_close_in(fp);
	return ret;
}

int
rec_batch(const struct rec_opts *o, char *const *files)
{
	struct recorder rc;
	int status;

	rec_init(&rc, o);
	for (; *files != NULL; files++)
		if (rec_read_batch(&rc, *files, o->enc) == -1)
			rc.status = FU_EXIT_FATAL;
	/* After the batch: only its records' contacts are kept. */
	if (o->contacts != NULL &&
	    rec_load_contacts(&rc, o->contacts, 1) == -1) {
		rec_free(&rc);
		return -1;
	}
	status = rec_commit(&rc, o->log);
	fu_warnx("%s: %ld appended, %ld duplicate%s, %ld rejected, %ld not "
	    "filled in", o->log, rc.appended, rc.duplicates,
	    rc.duplicates == 1 ? "" : "s", rc.rejected, rc.unfilled);
	if (o->rejects != NULL && rec_write_rejects(&rc, o->rejects) == -1)
		status = FU_EXIT_FATAL;
	rec_free(&rc);
	return status;
}
