/*
 * batches.c: the rows of every opened export in batches on the worker
 * pool, committed in input order (duplicates, held footer rows,
 * rejects, counts, the output).  See import.h and export.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/idmap.h"
#include "base/pool.h"
#include "base/progress.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/csvin.h"
#include "fmt/tsv.h"
#include "import/export.h"
#include "import/import.h"

/*
 * Rows go through in batches: the main thread reads them (csvin) and
 * copies them into a batch; a worker thread normalizes the batch (the
 * costly part: dates, phones, amounts, the id, the output lines); the
 * main thread then commits batches in input order (duplicates, held
 * footer rows, rejects, counts, output), so the result is the same as
 * one row after another, on as many cores as the machine has.
 */
#define BATCH_ROWS	4096
#define BATCH_TEXT	(512 * 1024)
/*
 * Workers at most: the reading thread feeds about three (it does a
 * quarter of the work), and each batch in flight holds about 2 MiB.
 */
#define IMPORT_WORKERS	4

/* At most this many short rows at the end are taken for a footer. */
#define FOOTER_ROWS	5

static void
batch_reset(struct batch *b, const struct import *im,
    const struct import_file *f, const long *extra_from, int lines)
{
	b->im = im;
	b->f = f;
	b->extra_from = extra_from;
	b->lines = lines;
	b->nrow = b->textlen = b->nf = b->nw = 0;
	b->out.len = b->whys.len = 0;
	/* Escaped once a batch, not once a row. */
	b->src.len = 0;
	tsv_buf_put(&b->src, f->name, strlen(f->name));
	tsv_buf_char(&b->src, ':');
	b->delim = f->in.delim;
	b->enc = f->in.enc;
	b->utf16be = f->in.utf16be;
	b->prevalid = f->in.prevalid;
	b->bad_bytes = b->tabs_in_fields = 0;
}

static void
batch_free(struct batch *b)
{
	free(b->row);
	free(b->text);
	free(b->foff);
	free(b->fsrclen);
	free(b->flen);
	free(b->fptr);
	tsv_buf_free(&b->out);
	tsv_buf_free(&b->src);
	tsv_buf_free(&b->whys);
}

static void
batch_text(struct batch *b, const char *s, size_t n)
{
	if (b->textcap - b->textlen < n + 1) {
		/* Room past BATCH_TEXT for the row that reaches it. */
		while (b->textcap - b->textlen < n + 1)
			b->textcap = b->textcap ? b->textcap * 2 :
			    BATCH_TEXT + BATCH_TEXT / 4;
		b->text = xrealloc(b->text, b->textcap);
	}
	memcpy(b->text + b->textlen, s, n);
	b->text[b->textlen + n] = '\0';
	b->textlen += n + 1;
}

/* Copy csvin's current record into the batch. */
static void
batch_add(struct batch *b, const struct csvin *in)
{
	struct brow *r;
	size_t i;

	if (b->nrow == b->rowcap) {
		b->rowcap = b->rowcap ? b->rowcap * 2 : BATCH_ROWS;
		b->row = xreallocarray(b->row, b->rowcap, sizeof(*b->row));
	}
	r = &b->row[b->nrow++];
	r->lineno = in->lineno;
	r->bad = 0;
	r->badenc = in->badenc;
	r->plain = in->plain;
	r->quoted = in->quoted;
	if (in->plain) {
		r->src = b->textlen;
		r->nsrc = in->linelen;
		batch_text(b, in->line, in->linelen);
		return;
	}
	if (b->fcap - b->nf < in->nfield) {
		while (b->fcap - b->nf < in->nfield)
			b->fcap = b->fcap ? b->fcap * 2 : 1024;
		b->foff = xreallocarray(b->foff, b->fcap, sizeof(*b->foff));
		b->fsrclen = xreallocarray(b->fsrclen, b->fcap,
		    sizeof(*b->fsrclen));
	}
	r->src = b->nf;
	r->nsrc = in->nfield;
	for (i = 0; i < in->nfield; i++) {
		b->foff[b->nf] = b->textlen;
		b->fsrclen[b->nf++] = in->len[i];
		batch_text(b, in->field[i], in->len[i]);
	}
	if (in->bad != NULL) {
		r->bad = b->whys.len + 1;
		tsv_buf_raw(&b->whys, in->bad, strlen(in->bad) + 1);
	}
}

/*
 * Room for need more fields.  A row of no fields points into the arrays
 * too (b->fptr + r->field), so they are made before the first row.
 */
static void
field_room(struct batch *b, size_t need)
{
	size_t cap = b->wcap;

	while (cap - b->nw < need || cap == 0)
		cap = cap ? cap * 2 : BATCH_ROWS * 16;
	if (cap != b->wcap) {
		b->wcap = cap;
		b->fptr = xreallocarray(b->fptr, b->wcap, sizeof(*b->fptr));
		b->flen = xreallocarray(b->flen, b->wcap, sizeof(*b->flen));
	}
}

static void
field_push(struct batch *b, char *s, size_t n)
{
	field_room(b, 1);
	b->fptr[b->nw] = s;
	b->flen[b->nw++] = n;
}

/*
 * A row's fields: a whole line is checked (unless the file was) and
 * cut by csvin_cut, or csvin_cut_quoted when it has clean quotes.
 */
static void
split_row(struct batch *b, struct brow *r)
{
	char why[FU_ERRBUF], *p, *end, *f;
	size_t i, n;

	field_room(b, 0);
	r->field = b->nw;
	if (!r->plain) {
		for (i = 0; i < r->nsrc; i++)
			field_push(b, b->text + b->foff[r->src + i],
			    b->fsrclen[r->src + i]);
		r->nfield = r->nsrc;
		return;
	}
	p = b->text + r->src;
	end = p + r->nsrc;
	if (!b->prevalid && csvin_line_check(b->enc, b->utf16be, p, r->nsrc,
	    why, sizeof(why)) == -1) {
		b->bad_bytes++;
		r->badenc = 1;
		/* Reasons go with the row; offset + 1 in whys, marked. */
		r->bad = b->whys.len + 1;
		tsv_buf_raw(&b->whys, why, strlen(why) + 1);
	}
	if (!r->quoted) {
		b->tabs_in_fields += csvin_tab_in_field(b->delim, p, r->nsrc);
		/* Room for a line of delimiters only. */
		field_room(b, r->nsrc + 1);
		b->nw += csvin_split(p, r->nsrc, b->delim, b->fptr + b->nw,
		    b->flen + b->nw);
	} else
		while (p != NULL) {
			/* As libcsv's fields are counted: each with a tab. */
			f = csvin_cut_quoted(&p, end, b->delim, &n);
			b->tabs_in_fields += csvin_tab_in_field(b->delim, f, n);
			field_push(b, f, n);
		}
	r->nfield = b->nw - r->field;
}

static void
batch_work(struct pool_job *job, void *ctx)
{
	/* The job is the batch's first member. */
	struct batch *b = (struct batch *)job;
	size_t i;

	for (i = 0; i < b->nrow; i++) {
		split_row(b, &b->row[i]);
		imp_classify(b, &b->row[i], ctx);
	}
}

/*
 * Keep a copy of a short row that may turn out to be a footer, and its
 * reason to be rejected if it is not.
 */
static void
hold(struct import_file *f, char *const *field, const size_t *len, size_t n,
    long lineno, int kind, const char *why)
{
	struct held *h;
	size_t i;

	f->held = xreallocarray(f->held, f->nheld + 1, sizeof(*f->held));
	h = &f->held[f->nheld++];
	h->n = n;
	h->lineno = lineno;
	h->kind = kind;
	h->why = xstrdup(why);
	h->field = xreallocarray(NULL, n, sizeof(*h->field));
	h->len = xreallocarray(NULL, n, sizeof(*h->len));
	for (i = 0; i < n; i++) {
		h->field[i] = xstrndup(field[i], len[i]);
		h->len[i] = len[i];
	}
}

void
imp_free_held(struct import_file *f)
{
	size_t i, j;

	for (i = 0; i < f->nheld; i++) {
		for (j = 0; j < f->held[i].n; j++)
			free(f->held[i].field[j]);
		free(f->held[i].field);
		free(f->held[i].len);
		free(f->held[i].why);
	}
	free(f->held);
	f->held = NULL;
	f->nheld = 0;
}

/* Short rows followed by more data were no footer: rejected. */
static void
flush_held(struct import *im, struct import_file *f)
{
	struct held *h;
	size_t i;

	for (i = 0; i < f->nheld; i++) {
		h = &f->held[i];
		f->c.rows++;
		imp_reject(im, f, h->lineno, h->field, h->len, h->n, h->kind,
		    h->why);
	}
	imp_free_held(f);
}

/* An imported row's store size that is not large or small: counted. */
static void
odd_size(struct import *im, const struct import_file *f, const char *size,
    long lineno)
{
	struct imp_names *l = &im->oddsize;
	char buf[64];
	size_t i;
	int added;

	i = imp_names_add(l, size, strlen(size), &added);
	if (added) {
		snprintf(buf, sizeof(buf), ":%ld", lineno);
		l->first[i] = xmalloc(strlen(f->name) + strlen(buf) + 1);
		strcpy(l->first[i], f->name);
		strcat(l->first[i], buf);
	}
	l->count[i]++;
}

/* Once a value: the store sizes left empty. */
static void
warn_data(const struct import *im)
{
	const struct imp_names *l = &im->oddsize;
	size_t i;

	for (i = 0; i < l->n; i++)
		fu_warnx("%s: store size \"%s\" is not 大店 or 小店 (large or "
		    "small): store_size left empty in %ld row%s (list the "
		    "stores' sizes with --stores, or map the value with "
		    "policy key size_alias, as %s=large)", l->first[i],
		    l->name[i],
		    l->count[i], l->count[i] == 1 ? "" : "s", l->name[i]);
}

static void
write_lines(const struct batch *b, size_t from, size_t to, FILE *out)
{
	if (out != NULL && to > from)
		fwrite(b->out.s + from, 1, to - from, out);
}

/*
 * What depends on the rows before: held footer rows, duplicates,
 * counts, the reject list and the output, in input order.
 */
static void
batch_commit(struct import *im, struct batch *b, FILE *out)
{
	struct import_file *f = im->file[b->f->index];
	struct brow *r;
	size_t i, from = 0;
	int added;

	f->in.st.bad_bytes += b->bad_bytes;
	f->in.st.tabs_in_fields += b->tabs_in_fields;
	for (i = 0; i < b->nrow; i++) {
		r = &b->row[i];
		if (r->verdict == V_EMPTY) {
			f->c.empty++;
			continue;
		}
		if (r->verdict == V_FOOTER) {
			f->c.footer++;
			continue;
		}
		if (r->verdict == V_HEADER) {
			f->c.headers++;
			continue;
		}
		if (r->shortrow && f->nheld < FOOTER_ROWS) {
			hold(f, b->fptr + r->field, b->flen + r->field,
			    r->nfield, r->lineno, r->kind, b->whys.s + r->why);
			continue;
		}
		flush_held(im, f);
		f->c.rows++;
		if (r->verdict == V_REJECT) {
			imp_reject(im, f, r->lineno, b->fptr + r->field,
			    b->flen + r->field, r->nfield, r->kind,
			    b->whys.s + r->why);
			continue;
		}
		idmap_put(&im->seen, r->id, &added);
		if (!added) {
			f->c.duplicates++;
			if (b->lines) {
				write_lines(b, from, r->line, out);
				from = r->line + r->linelen;
			}
			continue;
		}
		f->c.imported++;
		if (r->future && f->c.future++ == 0)
			f->c.future_line = r->lineno;
		if (r->oddsize != 0)
			odd_size(im, f, b->whys.s + r->oddsize - 1, r->lineno);
	}
	if (b->lines)
		write_lines(b, from, b->out.len, out);
}

static void
add_counts(struct import_counts *to, const struct import_counts *c)
{
	int k;

	to->rows += c->rows;
	to->imported += c->imported;
	to->rejected += c->rejected;
	to->duplicates += c->duplicates;
	to->title += c->title;
	to->footer += c->footer;
	to->empty += c->empty;
	to->headers += c->headers;
	for (k = 0; k < RJ_N; k++)
		to->reason[k] += c->reason[k];
}

/* The worker pool of a run and its ring of batches. */
struct runner {
	struct pool	 pool;
	struct batch	*ring;
	size_t		 nring;
	size_t		 head;		/* the oldest batch in flight */
	size_t		 inflight;
	struct norm_ctx	*ctxs;		/* a worker's own, one each */
	void		**ctxp;
	long		*extra_from;	/* output extra -> column, or -1 */
};

/*
 * The main thread reads and commits, the workers normalize: as many
 * workers as CPUs, and batches enough to keep them busy.
 */
static void
runner_init(struct runner *ru, const struct import *im)
{
	size_t i, nctx;
	int nthread;

	nthread = pool_threads(im->opt.threads, POOL_MAX);
	if (nthread > IMPORT_WORKERS)
		nthread = IMPORT_WORKERS;
	ru->nring = 2 * (size_t)nthread + 2;
	ru->ring = xcalloc(ru->nring, sizeof(*ru->ring));
	ru->head = ru->inflight = 0;
	nctx = nthread > 0 ? (size_t)nthread : 1;
	ru->ctxs = xcalloc(nctx, sizeof(*ru->ctxs));
	ru->ctxp = xreallocarray(NULL, nctx, sizeof(*ru->ctxp));
	for (i = 0; i < nctx; i++)
		ru->ctxp[i] = &ru->ctxs[i];
	pool_init(&ru->pool, nthread, batch_work, ru->ctxp);
	ru->extra_from = xreallocarray(NULL, im->extra.n + 1,
	    sizeof(*ru->extra_from));
}

static void
runner_free(struct runner *ru)
{
	size_t i;

	pool_free(&ru->pool);
	for (i = 0; i < ru->nring; i++)
		batch_free(&ru->ring[i]);
	free(ru->ring);
	free(ru->ctxs);
	free(ru->ctxp);
	free(ru->extra_from);
}

/* Wait for the oldest batch in flight and commit it. */
static void
commit_oldest(struct import *im, struct runner *ru, FILE *out,
    struct progress *prog)
{
	struct batch *b = &ru->ring[ru->head];

	pool_wait(&ru->pool, &b->job);
	batch_commit(im, b, out);
	progress_add(prog, (long long)b->nrow);
	ru->head = (ru->head + 1) % ru->nring;
	ru->inflight--;
}

/* A batch to fill: the batches done are committed first, room made. */
static struct batch *
next_batch(struct import *im, struct runner *ru, struct import_file *f,
    FILE *out, struct progress *prog)
{
	struct batch *b;

	while (ru->inflight > 0 && (ru->inflight == ru->nring ||
	    pool_ready(&ru->pool, &ru->ring[ru->head].job))) {
		commit_oldest(im, ru, out, prog);
		if (out != NULL)
			fu_check_out(out, "standard output");
	}
	b = &ru->ring[(ru->head + ru->inflight) % ru->nring];
	batch_reset(b, im, f, ru->extra_from, out != NULL);
	return b;
}

/* The row read after the header, looking for it: the first of a batch. */
static struct batch *
add_pending(struct import *im, struct runner *ru, struct import_file *f,
    FILE *out, struct progress *prog)
{
	struct csvin view;
	struct batch *b;

	memset(&view, 0, sizeof(view));
	view.field = f->pending.field;
	view.len = f->pending.len;
	view.nfield = f->pending.n;
	view.lineno = f->pending.lineno;
	view.bad = f->pending_bad;
	view.badenc = f->pending_badenc;
	b = next_batch(im, ru, f, out, prog);
	batch_add(b, &view);
	imp_free_record(&f->pending);
	f->has_pending = 0;
	return b;
}

/*
 * Read a file's rows into batches for the workers, and commit them all
 * before its summary.  csvin_next's last answer: CSVIN_EOF or CSVIN_ERR.
 */
static int
read_file(struct import *im, struct runner *ru, struct import_file *f,
    FILE *out)
{
	struct progress prog;
	struct batch *b = NULL;
	size_t j;
	int rc;

	for (j = 0; j < im->extra.n; j++)
		ru->extra_from[j] = -1;
	for (j = 0; j < f->ncol; j++)
		if (f->outcol[j] != -1)
			ru->extra_from[f->outcol[j]] = (long)j;
	progress_init(&prog, f->name, im->opt.quiet);
	if (f->has_pending)
		b = add_pending(im, ru, f, out, &prog);
	f->in.whole_lines = 1;
	for (;;) {
		rc = csvin_next(&f->in);
		if (rc == CSVIN_OK) {
			if (b == NULL)
				b = next_batch(im, ru, f, out, &prog);
			batch_add(b, &f->in);
			if (b->nrow < BATCH_ROWS && b->textlen < BATCH_TEXT)
				continue;
		}
		if (b != NULL) {
			pool_submit(&ru->pool, &b->job);
			ru->inflight++;
			b = NULL;
		}
		if (rc != CSVIN_OK)
			break;
	}
	while (ru->inflight > 0)
		commit_oldest(im, ru, out, &prog);
	progress_done(&prog);
	return rc;
}

/* A file read: what went wrong, its footer, its summary. */
static void
file_done(struct import *im, struct import_file *f, int rc)
{
	char today[16];

	if (rc == CSVIN_ERR) {
		fu_warn("%s: read error", f->name);
		im->status = FU_EXIT_FATAL;
	}
	if (f->in.changed) {
		fu_warnx("%s: the file changed while it was read: its rows "
		    "may be incomplete; run again once it is written",
		    f->name);
		im->status = FU_EXIT_FATAL;
	}
	if (f->c.future > 0) {
		date_format(im->opt.today, today);
		fu_warnx("%s:%ld: %ld row%s dated after today (%s): imported; "
		    "check the dates", f->name, f->c.future_line, f->c.future,
		    f->c.future == 1 ? "" : "s", today);
	}
	/* Short rows at the very end: a footer (制表人, 备注...). */
	f->c.footer += f->nheld;
	imp_free_held(f);
	if (!im->opt.check)
		imp_summary(f->name, &f->c);
	add_counts(&im->total, &f->c);
}

void
import_run(struct import *im, FILE *out)
{
	struct runner ru;
	size_t i;
	int rc;

	runner_init(&ru, im);
	for (i = 0; i < im->nfile; i++) {
		rc = read_file(im, &ru, im->file[i], out);
		file_done(im, im->file[i], rc);
	}
	runner_free(&ru);
	warn_data(im);
	if (!im->opt.check && im->nfile > 1)
		imp_summary("total", &im->total);
	if (im->total.rejected > 0 && im->status < FU_EXIT_DATA)
		im->status = FU_EXIT_DATA;
}
