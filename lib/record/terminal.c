/* terminal.c: a due list walked at the terminal; see record.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/tsv.h"
#include "log/logfile.h"
#include "record/recorder.h"

/* One due-list row, as the terminal shows it. */
struct due_row {
	char	 id[17];
	int	 due;		/* its due day, or INT32_MIN */
	char	*customer, *phone, *store, *why;
	char	*item, *amount;
	char	*slot;		/* "2026-11-23 14:00", or "" */
	int	 sms;		/* a text, not a call */
	int	 attempt;
	int	 gift;		/* a gift check: ask if the gift is right */
};

struct recorded {
	struct due_row	*rows;
	size_t		 n, cap;
	long long	*latest;	/* per row: its latest record's time,
					   or -1 */
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

/* The terminal: where answers come from and questions go. */
struct term {
	FILE	*in, *out;
	char	*line;
	size_t	 cap;
};

/* A line from the terminal, without its newline; NULL at the end. */
static char *
ask(struct term *tm, const char *prompt)
{
	ssize_t n;

	fputs(prompt, tm->out);
	fflush(tm->out);
	if ((n = getline(&tm->line, &tm->cap, tm->in)) == -1)
		return NULL;
	while (n > 0 && (tm->line[n - 1] == '\n' || tm->line[n - 1] == '\r'))
		tm->line[--n] = '\0';
	return tm->line;
}

static char *
field_or(struct tsv_reader *r, long col)
{
	return xstrdup(col == -1 ? "" : r->field[col]);
}

/* The planned slot: the due day and the slot's time, what there is. */
static char *
slot_of(struct tsv_reader *r, long c_due, long c_slot)
{
	const char *due = c_due == -1 ? "" : r->field[c_due];
	const char *at = c_slot == -1 ? "" : r->field[c_slot];
	size_t n = strlen(due) + 1 + strlen(at) + 1;
	char *s = xmalloc(n);

	snprintf(s, n, "%s%s%s", due, due[0] != '\0' && at[0] != '\0' ?
	    " " : "", at);
	return s;
}

/* The rows of a due list into rd.  -1 after saying why not. */
static int
due_read(struct recorded *rd, const char *due)
{
	struct tsv_reader r;
	char err[FU_ERRBUF];
	long c_id, c_due, c_cust, c_phone, c_store, c_why, c_att, c_type;
	long c_item, c_amount, c_window, c_slot;
	FILE *fp;
	uint64_t id;
	int day, rcode;

	if ((fp = tsv_open_path(&r, due, due)) == NULL)
		return -1;
	c_id = tsv_col(&r, "id");
	c_due = tsv_col(&r, "due");
	c_cust = tsv_col(&r, "customer");
	c_phone = tsv_col(&r, "phone");
	c_store = tsv_col(&r, "store");
	c_why = tsv_col(&r, "why");
	c_att = tsv_col(&r, "attempt");
	c_type = tsv_col(&r, "type");
	c_item = tsv_col(&r, "item");
	c_amount = tsv_col(&r, "amount");
	c_window = tsv_col(&r, "window");
	c_slot = tsv_col(&r, "slot");
	while (c_id != -1 && (rcode = tsv_next(&r)) != TSV_EOF &&
	    rcode != TSV_ERR) {
		struct due_row *d;

		/* A damaged row is said (rec_load_contacts) and not shown. */
		if (rcode == TSV_BADROW || fu_id_parse(r.field[c_id], &id) == -1)
			continue;

		rd->rows = xgrow(rd->rows, &rd->cap, rd->n + 1,
		    sizeof(*rd->rows));
		d = &rd->rows[rd->n++];
		snprintf(d->id, sizeof(d->id), "%s", r.field[c_id]);
		d->due = INT32_MIN;
		if (c_due != -1 && date_parse(r.field[c_due], r.len[c_due], 0,
		    &day, err) == 0)
			d->due = day;
		d->customer = field_or(&r, c_cust);
		d->phone = field_or(&r, c_phone);
		d->store = field_or(&r, c_store);
		d->why = field_or(&r, c_why);
		d->item = field_or(&r, c_item);
		d->amount = field_or(&r, c_amount);
		d->slot = slot_of(&r, c_due, c_slot);
		/* As written, up to a NUL. */
		d->gift = c_type != -1 && contact_type_parse(r.field[c_type],
		    strlen(r.field[c_type])) == CT_GIFT;
		/* fu-due's window sms; without one, a gift check is a text. */
		d->sms = c_window != -1 ? strcmp(r.field[c_window], "sms") == 0 :
		    d->gift;
		d->attempt = c_att == -1 ? 1 : atoi(r.field[c_att]);
	}
	tsv_close(&r);
	fu_close_in(fp);
	if (c_id == -1) {
		fu_warnx("%s: no id column: not a due list", due);
		return -1;
	}
	return 0;
}

/*
 * Who is recorded already (on or after the row's due day, or today):
 * skipped, so that a restart goes on.  Returns how many are left.
 */
static size_t
due_skip_recorded(struct recorder *rc, struct recorded *rd,
    const char *logpath)
{
	struct logfile lf;
	char err[FU_ERRBUF];
	size_t i, todo = 0;

	rd->latest = xreallocarray(NULL, rd->n + 1, sizeof(*rd->latest));
	for (i = 0; i < rd->n; i++)
		rd->latest[i] = -1;
	if (logfile_open(&lf, logpath, 0, err) == 0) {
		if (logfile_scan(&lf, seen_one, rd, err) == -1)
			fu_warnx("%s", err);
	}
	logfile_close(&lf);
	for (i = 0; i < rd->n; i++) {
		int from = rd->rows[i].due != INT32_MIN ? rd->rows[i].due :
		    time_day(rc->now);

		if (rd->latest[i] != -1 && time_day(rd->latest[i]) >= from)
			rd->rows[i].id[0] = '\0';
		else
			todo++;
	}
	return todo;
}

/*
 * A contact shown, and its outcome asked for: the outcome, SKIP, or
 * QUIT (q, or the end of the input).
 */
#define SKIP	(-2)
#define QUIT	(-1)

static int
ask_outcome(struct term *tm, const struct due_row *d, size_t done,
    size_t todo)
{
	char *a;
	int k, oc;

	/*
	 * The whole number: this is the agent's own terminal, and a masked
	 * number cannot be dialled (masks are for files that travel).
	 */
	fprintf(tm->out, "\n[%zu/%zu] %s  %s  %s  %s  第%d次\n", done, todo,
	    d->customer, d->phone, d->store, d->why, d->attempt);
	fprintf(tm->out, "      %s  %s%s  %s  计划 %s\n",
	    d->item[0] != '\0' ? d->item : "-", d->amount[0] != '\0' ?
	    d->amount : "-", d->amount[0] != '\0' ? "元" : "",
	    d->sms ? "短信" : "电话", d->slot[0] != '\0' ? d->slot : "-");
	for (k = 0; k < OC_N; k++)
		fprintf(tm->out, "%s%c %s", k ? "  " : "", outcomes[k].key,
		    outcomes[k].zh);
	fputs("  k 跳过  q 退出\n", tm->out);
	for (;;) {
		if ((a = ask(tm, "结果> ")) == NULL || a[0] == 'q')
			return QUIT;
		if (a[0] == 'k')
			return SKIP;
		if ((oc = outcome_by_key(a[0])) != -1 ||
		    (oc = outcome_parse(a, strlen(a))) != -1)
			return oc;
		fputs("? 请按上面的键\n", tm->out);
	}
}

/* Up to three scores, asked until they are good; -1 at the end. */
static int
ask_scores(struct term *tm, struct outcome_req *q)
{
	char *a, *p, *save;
	int ok;

	for (;;) {
		if ((a = ask(tm, "评分 (1-5, 最多3个, 回车跳过)> ")) == NULL)
			return -1;
		q->nq = 0;
		ok = 1;
		save = NULL;
		for (p = strtok_r(a, " ,", &save); p != NULL;
		    p = strtok_r(NULL, " ,", &save))
			if (q->nq == 3 || (q->q[q->nq++] = rec_score(p)) == -1)
				ok = 0;
		if (ok)
			return 0;
		fputs("? 每个评分是1到5, 最多3个\n", tm->out);
	}
}

/*
 * What goes with the outcome: scores, the callback time, the gift
 * check, a complaint, a note.  -1 at the end of the input (q's strings
 * are the caller's to free).
 */
static int
ask_details(struct recorder *rc, struct term *tm, const struct due_row *d,
    struct outcome_req *q)
{
	char err[FU_ERRBUF], *a = NULL;
	int oc = q->oc, answered;

	if ((oc == OC_SUCCESS || oc == OC_PARTIAL || oc == OC_SMS_REPLIED) &&
	    ask_scores(tm, q) == -1)
		return -1;
	while (oc == OC_CALLBACK) {
		int secs;

		if ((a = ask(tm, "约定回电时间 (15:00 或 2026-11-24 15:00)> ")) ==
		    NULL)
			return -1;
		/* A time of day alone: the next such time. */
		if (tod_parse(a, strlen(a), &secs, err) == 0)
			q->callback = time_next_tod(rc->now, secs);
		else if (time_parse(a, strlen(a), 0, &q->callback, err) == -1)
			q->callback = -1;
		if (q->callback >= rc->now)
			break;
		fputs("? 请写一个将来的时间, 如 15:00 或 2026-11-24 15:00\n",
		    tm->out);
	}
	/* Only an answered call or a reply checks the gift. */
	while (d->gift && (oc == OC_SUCCESS || oc == OC_PARTIAL ||
	    oc == OC_SMS_REPLIED)) {
		if ((a = ask(tm, "礼品相符? (1 是, 0 否, 回车跳过)> ")) == NULL)
			return -1;
		if (a[0] == '\0' ||
		    (q->gift_ok = rec_gift_ok(a, strlen(a))) != -1)
			break;
	}
	/* Only someone who answered can have raised a problem. */
	answered = oc == OC_SUCCESS || oc == OC_PARTIAL || oc == OC_REFUSED ||
	    oc == OC_CALLBACK || oc == OC_SMS_REPLIED;
	if (answered && (a = ask(tm, "投诉/问题 (回车无)> ")) == NULL)
		return -1;
	if (answered && a[0] != '\0')
		q->complaint = xstrdup(a);
	if ((a = ask(tm, "备注 (回车无)> ")) == NULL)
		return -1;
	if (a[0] != '\0')
		q->note = xstrdup(a);
	return 0;
}

static void
due_free(struct recorded *rd)
{
	size_t i;

	for (i = 0; i < rd->n; i++) {
		free(rd->rows[i].customer);
		free(rd->rows[i].phone);
		free(rd->rows[i].store);
		free(rd->rows[i].why);
		free(rd->rows[i].item);
		free(rd->rows[i].amount);
		free(rd->rows[i].slot);
	}
	free(rd->rows);
	free(rd->latest);
}

/*
 * Each contact of the due list not yet recorded, its outcome asked for
 * and appended and synced at once.  Returns the exit status.
 */
static int
walk(struct recorder *rc, const char *due, const char *logpath, FILE *in,
    FILE *out)
{
	struct recorded rd;
	struct outcome_req q;
	struct term tm = { in, out, NULL, 0 };
	size_t i, todo, done = 0;
	int oc, status = 0;

	memset(&rd, 0, sizeof(rd));
	rec_rows_settle(rc);
	if (rc->ids.n == 0 && rec_load_contacts(rc, due, 0) == -1)
		return FU_EXIT_FATAL;
	if (due_read(&rd, due) == -1) {
		due_free(&rd);
		return FU_EXIT_FATAL;
	}
	todo = due_skip_recorded(rc, &rd, logpath);
	fprintf(out, "%s: %zu to call, %zu recorded already\n", due, todo,
	    rd.n - todo);

	for (i = 0; i < rd.n && status != FU_EXIT_FATAL; i++) {
		struct due_row *d = &rd.rows[i];

		if (d->id[0] == '\0')
			continue;
		if ((oc = ask_outcome(&tm, d, ++done, todo)) == QUIT)
			break;
		if (oc == SKIP)
			continue;
		rec_req_init(&q);
		snprintf(q.id, sizeof(q.id), "%s", d->id);
		q.oc = oc;
		if (ask_details(rc, &tm, d, &q) == -1) {
			rec_req_free(&q);
			break;
		}
		/* Appended and synced before the next contact is shown. */
		rc->appended = rc->duplicates = 0;
		if (rec_add(rc, &q) == 0) {
			status = rec_commit(rc, logpath);
			if (rc->appended == 1)
				fprintf(out, "已记录: %s %s\n", d->id,
				    outcomes[oc].code);
			rec_rows_clear(rc);
		}
	}
	fprintf(out, "\n");
	free(tm.line);
	due_free(&rd);
	return status != 0 ? status : rc->status;
}

int
rec_terminal(const struct rec_opts *o, const char *due, FILE *in, FILE *out)
{
	struct recorder rc;
	int status;

	rec_init(&rc, o);
	/* A list is walked: every contact of --contacts is kept. */
	if (o->contacts != NULL &&
	    rec_load_contacts(&rc, o->contacts, 0) == -1) {
		rec_free(&rc);
		return -1;
	}
	status = walk(&rc, due, o->log, in, out);
	rec_free(&rc);
	return status;
}
