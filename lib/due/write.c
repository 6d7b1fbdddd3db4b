/*
 * write.c: pass two: each planned or overflowing row's line, with the
 * plan's columns, into the sink; and the output's order; see plan.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/util.h"
#include "due/plan.h"
#include "due/sink.h"
#include "fmt/date.h"
#include "fmt/tsv.h"

const char *const due_plan_cols[NPLAN] = { "due", "window", "slot",
    "agent", "attempt", "why" };

/*
 * The output's order: a total one, as the planned rows' ids are unique.
 * The rows of one text are together, under the first one's id.
 */
static int
cmp_out(const void *pa, const void *pb, void *arg)
{
	const struct due *d = arg;
	const struct drow *a = &d->row[*(const uint32_t *)pa];
	const struct drow *b = &d->row[*(const uint32_t *)pb];
	uint64_t ga, gb;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->agent != b->agent)
		return d->rank[a->agent] < d->rank[b->agent] ? -1 : 1;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	ga = a->with ? d->row[a->pend].id : a->id;
	gb = b->with ? d->row[b->pend].id : b->id;
	if (ga != gb)
		return ga < gb ? -1 : 1;
	if (a->with != b->with)
		return a->with ? 1 : -1;
	return a->id < b->id ? -1 : a->id > b->id;
}

void
due_out_order(struct due *d, uint32_t *out, size_t n)
{
	size_t i;

	qsort_r(out, n, sizeof(*out), cmp_out, d);
	for (i = 0; i < n; i++)
		d->row[out[i]].start = (int32_t)i;
}

/* After the why of an overflow row that no window of the week is left for. */
#define NOWIN_WHY	" (no call window left)"

static const char *
why_text(const struct due *d, const struct drow *r)
{
	switch (r->what) {
	case W_CALLBACK:
		return r->flags & FL_MOVED ? "回电顺延" : "回电";
	case W_REDIAL:
		return "再拨";
	case W_OVERDUE:
		return "回电逾期";
	case W_REVISIT:
		return "复访";
	case W_RULE:
		return d->o->rules->r[r->rule].name;
	default:
		return "首访";
	}
}

/* The plan's value of column k for a row, into buf (64 bytes). */
static const char *
plan_value(const struct due *d, const struct drow *r, int k, char *buf)
{
	static const char *const wname[] = { "", "am", "pm", "sms" };

	buf[0] = '\0';
	if (r->fate != F_PLAN && k != 5)
		return buf;
	switch (k) {
	case 0:
		date_format(d->wd[r->day], buf);
		return buf;
	case 1:
		return wname[r->win];
	case 2:
		snprintf(buf, 64, "%02d:%02d", r->slot / 60, r->slot % 60);
		return buf;
	case 3:
		return r->agent == NOAG ? "" : d->ag[r->agent].name;
	case 4:
		snprintf(buf, 64, "%d", r->attempt);
		return buf;
	default:
		return why_text(d, r);
	}
}

static void
put_plan(const struct due *d, struct tsv_buf *b, const struct drow *r, int k)
{
	char buf[64];
	const char *v = plan_value(d, r, k, buf);

	tsv_buf_put(b, v, strlen(v));
	if (k == 5 && r->fate == F_NOWIN)
		tsv_buf_raw(b, NOWIN_WHY, strlen(NOWIN_WHY));
}

/* A row's output line into b: its fields (or raw line) and the plan. */
static void
build_line(const struct due *d, struct tsv_buf *b, const struct drow *r,
    const char *raw, size_t rawlen, char *const *f, const size_t *len)
{
	size_t i;
	int k;

	b->len = 0;
	if (raw != NULL && r->fate != F_PLAN) {
		/* Over capacity (most rows of a big week): only why is said. */
		const char *why = why_text(d, r);

		tsv_buf_raw(b, raw, rawlen);
		tsv_buf_raw(b, "\t\t\t\t\t\t", NPLAN);
		tsv_buf_put(b, why, strlen(why));
		if (r->fate == F_NOWIN)
			tsv_buf_raw(b, NOWIN_WHY, strlen(NOWIN_WHY));
		tsv_buf_char(b, '\n');
		return;
	}
	if (raw != NULL) {
		tsv_buf_raw(b, raw, rawlen);
	} else {
		for (i = 0; i < d->nhdr; i++) {
			if (i > 0)
				tsv_buf_char(b, '\t');
			for (k = 0; k < NPLAN; k++)
				if (d->outcol[k] == (long)i)
					break;
			if (k < NPLAN)
				put_plan(d, b, r, k);
			else
				tsv_buf_put(b, f[i], len[i]);
		}
	}
	for (k = 0; k < NPLAN; k++)
		if (d->outcol[k] == -1) {
			tsv_buf_char(b, '\t');
			put_plan(d, b, r, k);
		}
	tsv_buf_char(b, '\n');
}

void
due_header_line(const struct due *d, struct tsv_buf *b)
{
	size_t i;
	int k;

	b->len = 0;
	for (i = 0; i < d->nhdr; i++) {
		if (i > 0)
			tsv_buf_char(b, '\t');
		tsv_buf_put(b, d->hdr[i], strlen(d->hdr[i]));
	}
	for (k = 0; k < NPLAN; k++)
		if (d->outcol[k] == -1) {
			if (d->nhdr > 0 || k > 0)
				tsv_buf_char(b, '\t');
			tsv_buf_put(b, due_plan_cols[k],
			    strlen(due_plan_cols[k]));
		}
	tsv_buf_char(b, '\n');
}

/*
 * A row's line (in b) to its place in the sink, or to the overflow
 * (with no overflow file, a line on standard error); b is emptied.
 */
static void
emit(struct due *d, struct sink *s, const struct drow *r, struct tsv_buf *b,
    const char *name, long lineno)
{
	if (r->fate == F_PLAN) {
		if (sink_put(s, (size_t)r->start, b->s, b->len) == -1)
			due_setstatus(d, FU_EXIT_FATAL);
	} else if (r->fate == F_OVER || r->fate == F_NOWIN) {
		if (sink_has_over(s))
			sink_over(s, b->s, b->len);
		else {
			char idh[17];

			fu_id_format(r->id, idh);
			fu_datawarn(name, lineno, "%s: %s (%s): not planned",
			    idh, r->fate == F_OVER ?
			    "over the week's capacity" :
			    "no call window left this week", why_text(d, r));
		}
	}
	b->len = 0;
}

/* The input's rows again, in order: those planned or over capacity. */
static void
write_input_rows(struct due *d, struct sink *s, struct tsv_buf *b)
{
	struct tsv_reader t;
	size_t fi, ri = 0, rawlen;
	struct drow *r;
	char *raw;

	for (fi = 0; fi < d->nfile; fi++) {
		if (d->fp[fi] == NULL)
			continue;
		if (fseeko(d->fp[fi], (off_t)d->fstart[fi], SEEK_SET) == -1 ||
		    tsv_reopen(&t, d->fp[fi], d->fname[fi]) == -1) {
			fu_warn("%s: cannot read it again", d->fname[fi]);
			due_setstatus(d, FU_EXIT_FATAL);
			continue;
		}
		while (ri < d->ninput &&
		    tsv_next_raw(&t, &raw, &rawlen) == TSV_OK) {
			r = &d->row[ri++];
			if (r->fate != F_PLAN && r->fate != F_OVER &&
			    r->fate != F_NOWIN)
				continue;
			if (d->inplace) {
				if (tsv_split(&t) != TSV_OK)
					continue;
				build_line(d, b, r, NULL, 0, t.field, t.len);
			} else
				build_line(d, b, r, raw, rawlen, NULL, NULL);
			emit(d, s, r, b, d->fname[fi], t.lineno);
		}
		tsv_close(&t);
	}
}

/* Re-visits from the log alone: the columns it has. */
static void
write_log_rows(struct due *d, struct sink *s, struct tsv_buf *b)
{
	size_t i, k, nf, *len;
	const struct logrow *l;
	struct drow *r;
	char idh[17], **f;
	const char *v;

	f = xcalloc(d->nhdr + 1, sizeof(*f));
	len = xcalloc(d->nhdr + 1, sizeof(*len));
	for (i = d->ninput, k = 0; i < d->nrow; i++, k++) {
		r = &d->row[i];
		if (r->fate != F_PLAN && r->fate != F_OVER &&
		    r->fate != F_NOWIN)
			continue;
		l = &d->lr[k];
		fu_id_format(r->id, idh);
		for (nf = 0; nf < d->nhdr; nf++) {
			v = "";
			if ((long)nf == d->cid)
				v = idh;
			else if ((long)nf == d->ctype)
				v = l->type;
			else if ((long)nf == d->cstore)
				v = l->store;
			else if ((long)nf == d->ccust)
				v = l->customer;
			else if ((long)nf == d->cphone)
				v = l->phone;
			f[nf] = (char *)v;
			len[nf] = strlen(v);
		}
		build_line(d, b, r, NULL, 0, f, len);
		emit(d, s, r, b, d->o->log, 0);
	}
	free(f);
	free(len);
}

void
due_write_rows(struct due *d, struct sink *s)
{
	struct tsv_buf b = { NULL, 0, 0 };

	write_input_rows(d, s, &b);
	write_log_rows(d, s, &b);
	tsv_buf_free(&b);
}
