/*
 * run.c: the week's call plan (see due.h and fu-due(1)): due_run
 * takes its steps in order, each in its own file (plan.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/idmap.h"
#include "base/rand.h"
#include "base/util.h"
#include "due/due.h"
#include "due/plan.h"
#include "due/sink.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/tsv.h"

void
due_setstatus(struct due *d, int s)
{
	if (s > d->status)
		d->status = s;
}

uint64_t
due_key(const struct due *d, uint64_t id)
{
	return rnd_u64(d->o->seed, id, 0);
}

int
due_by_key(const struct due *d, const struct drow *a, const struct drow *b)
{
	uint64_t ka = due_key(d, a->id), kb = due_key(d, b->id);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void
summary(struct due *d)
{
	char wk[16];
	long n = 0;
	int i;

	for (i = 0; i < F_N; i++)
		n += d->count[i];
	static const struct {
		int		 k;
		const char	*what;
	} other[] = {
		{ F_OVER, "over capacity" }, { F_DONE, "done" },
		{ F_LATER, "not due this week" }, { F_MISSED, "window closed" },
		{ F_USEDUP, "two dials used" }, { F_DNC, "do-not-call" },
		{ F_NORULE, "no rule" }, { F_NOWIN, "no call window left" },
		{ F_AFTER, "dated after the working week" },
		{ F_DUP, "duplicate" }, { F_BAD, "bad" },
	};
	char more[512];
	const char *log;
	size_t used = 0, k;

	week_format(&d->o->wk, wk);
	/* Every row is somewhere; the empty categories are left out. */
	more[0] = '\0';
	for (k = 0; k < sizeof(other) / sizeof(other[0]); k++)
		if (d->count[other[k].k] > 0 && used < sizeof(more))
			used += snprintf(more + used, sizeof(more) - used,
			    "%s %ld %s", used ? "," : ";", d->count[other[k].k],
			    other[k].what);
	if (d->nfromlog > 0 && used < sizeof(more))
		used += snprintf(more + used, sizeof(more) - used, "; %ld "
		    "re-visit%s from the log", d->nfromlog,
		    d->nfromlog == 1 ? "" : "s");
	/* Which log the plan stands on, or that it stands on none. */
	log = d->o->log == NULL || strcmp(d->o->log, "-") != 0 ? d->o->log :
	    "stdin";
	if (used >= sizeof(more))
		;
	else if (log == NULL)
		snprintf(more + used, sizeof(more) - used, "; no log");
	else if (d->logmissing)
		snprintf(more + used, sizeof(more) - used, "; no log (%s is "
		    "not there yet)", log);
	else
		snprintf(more + used, sizeof(more) - used, "; log %s", log);
	fu_warnx("%s: %ld row%s: %ld planned (%ld call%s, %ld sms)%s", wk, n,
	    n == 1 ? "" : "s", d->count[F_PLAN], d->ncall,
	    d->ncall == 1 ? "" : "s", d->nsms, more);
}

/* The week, its working days, the agents and the room they have. */
static void
start(struct due *d, const struct due_opts *o, struct due_agent *one)
{
	size_t i, a;

	memset(d, 0, sizeof(*d));
	d->o = o;
	d->pol = o->pol;
	d->ws = o->wk.monday;
	d->we = o->wk.monday + 6;
	d->nwd = (int)cal_workdays(o->cal, d->ws, d->we, d->wd);
	due_now_setup(d);
	due_agents_setup(d, one);
	for (i = 0; i < (size_t)d->nwd; i++)
		for (a = 0; a < d->na; a++)
			d->remday[i] += due_day_cap(d, a, (int)i);
	for (i = 0; i < (size_t)d->nwd; i++)
		d->room += d->remday[i];
}

/* Each row's fate counted, for the summary and the exit status. */
static void
count(struct due *d)
{
	const struct drow *r;
	size_t i;

	d->ncall = d->nsms = 0;
	for (i = 0; i < d->nrow; i++) {
		r = &d->row[i];
		if (i >= d->ninput) {
			d->nfromlog += r->fate == F_PLAN;
			if (r->fate == F_OVER || r->fate == F_NOWIN)
				due_setstatus(d, FU_EXIT_DATA);
			continue;
		}
		d->count[r->fate]++;
		if (r->fate == F_PLAN && r->win == WIN_SMS)
			d->nsms++;
		else if (r->fate == F_PLAN)
			d->ncall++;
	}
}

/*
 * Pass two: the lines of the nout planned rows into the sink, the
 * overflow to its file; then the header and the rows in order onto
 * out.  0, or -1 when it could not be done (said).
 */
static int
write_out(struct due *d, size_t nout, FILE *out)
{
	struct sink s;
	struct tsv_buf b = { NULL, 0, 0 };
	int r = -1;

	sink_open(&s, nout, d->o->tmpdir);
	if (d->o->overflow != NULL) {
		if (sink_open_over(&s, d->o->overflow) == -1)
			goto done;
		due_header_line(d, &b);
		sink_over(&s, b.s, b.len);
		b.len = 0;
	}
	due_write_rows(d, &s);
	if (sink_close_over(&s) == -1)
		due_setstatus(d, FU_EXIT_FATAL);
	count(d);
	/* The rows are counted: their memory is the copy's to use. */
	free(d->row);
	d->row = NULL;
	if (d->nhdr > 0 || nout > 0) {
		due_header_line(d, &b);
		tsv_buf_write(&b, out);
	}
	if (sink_copy(&s, out) == -1)
		goto done;
	r = 0;
done:
	sink_free(&s);
	tsv_buf_free(&b);
	return r;
}

static void
finish(struct due *d)
{
	size_t i;

	for (i = 0; i < d->nfile; i++) {
		if (d->fp[i] != NULL && d->fp[i] != d->orig[i])
			fclose(d->fp[i]);
		if (d->orig[i] != NULL)
			fu_close_in(d->orig[i]);
	}
	free(d->fp);
	free(d->orig);
	free(d->fstart);
	free(d->fname);
	for (i = 0; i < d->nhdr; i++)
		free(d->hdr[i]);
	free(d->hdr);
	for (i = 0; i < d->nlr; i++) {
		free(d->lr[i].type);
		free(d->lr[i].store);
		free(d->lr[i].customer);
		free(d->lr[i].phone);
	}
	free(d->lr);
	free(d->row);
	due_ids_free(d);
	dnc_free(&d->dnc);
	free(d->byname);
	free(d->rank);
	idmap_free(&d->agmap);
	free(d->agslot);
	free(d->load);
	free(d->sms);
	free(d->tot);
	free(d->smstot);
	free(d->sname);
}

int
due_run(const struct due_opts *o, char *const *files, FILE *out)
{
	struct due d;
	struct due_agent one;
	uint32_t *order = NULL;
	size_t nout = 0;
	char wk[16];

	if (o->nagent > INT16_MAX) {
		fu_warnx("%zu agents: at most %d", o->nagent, INT16_MAX);
		return FU_EXIT_FATAL;
	}
	if (o->now / 60 >= ((long long)o->wk.monday + 7) * 1440) {
		/* Nothing of it can be called: say so, not "0 planned". */
		week_format(&o->wk, wk);
		fu_warnx("%s is over; use --now to plan it as of an earlier "
		    "time", wk);
		return FU_EXIT_DATA;
	}
	start(&d, o, &one);
	/* A holiday the calendar does not know is never silently worked. */
	if (cal_check_years(o->cal, d.ws, d.we) > 0)
		due_setstatus(&d, FU_EXIT_DATA);
	if (due_dnc_load(&d) == -1) {
		d.status = FU_EXIT_FATAL;
		goto done;
	}
	/* Pass one: the rows. */
	due_contacts_read(&d, files);
	if (d.status == FU_EXIT_FATAL)
		goto done;
	if (o->log != NULL && due_log_read(&d) == -1) {
		d.status = FU_EXIT_FATAL;
		goto done;
	}
	due_ids_free(&d);	/* ids are looked up no more */
	if (d.nwd == 0) {
		week_format(&o->wk, wk);
		fu_warnx("%s: no working days in the week", wk);
	}
	due_plan(&d, &order, &nout);
	/* Pass two: the lines, into a temporary file, then in order. */
	if (write_out(&d, nout, out) == -1) {
		d.status = FU_EXIT_FATAL;
		goto done;
	}
	fu_check_out(out, "standard output");
	summary(&d);
	if (d.count[F_BAD] > 0 || d.count[F_OVER] > 0 || d.count[F_NOWIN] > 0)
		due_setstatus(&d, FU_EXIT_DATA);
done:
	free(order);
	finish(&d);
	return d.status;
}
