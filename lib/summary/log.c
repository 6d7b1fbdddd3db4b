/*
 * log.c: a call log read into a summary (summary_log): on the caller's
 * thread; beside it, the reader on one core and the summary made on
 * another (sum_opts.beside); or by several threads, each for its share
 * of the contacts, merged as partials are.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/pool.h"
#include "base/util.h"
#include "log/calllog.h"
#include "summary/sum.h"

/*
 * The log read on one core and summarized on another: the reader (the
 * caller) reads the records in force into batches, their strings
 * copied out of its buffer, which one pool worker adds in the order
 * they were read.  A batch is reused once the worker is done with it.
 * Measured: see log_part.
 */
#define BATCH_RECS	256
#define BATCHES		8

struct batch {
	struct pool_job	 job;
	long		 n;
	struct sum_rec	 rec[BATCH_RECS];
	size_t		 off[BATCH_RECS];	/* its strings in text */
	char		*text;
	size_t		 len, cap;
	int		 busy;		/* submitted, not yet waited for */
};

static void
batch_work(struct pool_job *job, void *s)
{
	struct batch *b = (struct batch *)job;

	sum_add_records(s, b->rec, b->n);
}

/*
 * Records read into b and their strings copied out of the reader's
 * buffer: how many, 0 at the end, -1 on a read error (said).
 */
static long
fill_batch(const struct sum_opts *o, struct calllog *lg, struct batch *b)
{
	struct callrec r[CALLLOG_BLOCK];
	struct sum_rec *p;
	size_t len;
	long got = 0, i;
	char *t;

	b->n = 0;
	b->len = 0;
	while (b->n + CALLLOG_BLOCK <= BATCH_RECS &&
	    (got = calllog_read(lg, r, CALLLOG_BLOCK)) > 0)
		for (i = 0; i < got; i++) {
			p = &b->rec[b->n];
			if (!sum_prepare(o, lg, &r[i], p))
				continue;
			len = (size_t)p->tlen + p->slen + p->alen + 3;
			b->text = xgrow(b->text, &b->cap, b->len + len, 1);
			t = b->text + b->len;
			memcpy(t, p->type, p->tlen + 1);
			memcpy(t + p->tlen + 1, p->store, p->slen + 1);
			memcpy(t + p->tlen + p->slen + 2, p->agent,
			    p->alen + 1);
			b->off[b->n++] = b->len;
			b->len += len;
		}
	for (i = 0; i < b->n; i++) {
		p = &b->rec[i];
		p->type = b->text + b->off[i];
		p->store = p->type + p->tlen + 1;
		p->agent = p->store + p->slen + 1;
	}
	return got == -1 ? -1 : b->n;
}

/* The log's records in force, read on this thread, added on another. */
static long
read_beside(struct summary *s, struct calllog *lg)
{
	struct batch *b;
	struct pool pool;
	void *ctx = s;
	long got = 0;
	unsigned i, k;

	b = xcalloc(BATCHES, sizeof(*b));
	pool_init(&pool, 1, batch_work, &ctx);
	for (k = 0;; k = (k + 1) % BATCHES) {
		if (b[k].busy) {
			pool_wait(&pool, &b[k].job);
			b[k].busy = 0;
		}
		if ((got = fill_batch(&s->o, lg, &b[k])) <= 0 && b[k].n == 0)
			break;
		pool_submit(&pool, &b[k].job);
		b[k].busy = 1;
		if (got <= 0)
			break;
	}
	for (i = 0; i < BATCHES; i++)
		if (b[i].busy)
			pool_wait(&pool, &b[i].job);
	pool_free(&pool);
	for (i = 0; i < BATCHES; i++)
		free(b[i].text);
	free(b);
	return got;
}

/*
 * The log's records in force of contacts of part k of n (by id).  With
 * o.beside (one part), read on this thread and added on another.
 * Measured (/usr/bin/time, 10M genlog rows, --by store,week, the
 * loaded 2-core machine), best of 4: 7.6 s on one thread, 5.5 s beside
 * with whole lines handed over, 5.0 s with their fields cut out by the
 * reader; best of 8: 4.8 s (5.1 s before) with the reader reading off
 * what each record adds (sum_prepare), as now.
 */
static int
log_part(struct summary *s, const char *path, unsigned k, unsigned n,
    char *err)
{
	struct calllog lg;
	struct callrec rec[CALLLOG_BLOCK];
	struct sum_rec p[CALLLOG_BLOCK];
	long got, i, m;

	/* Beside: the other core also has half of the first reading. */
	if (calllog_open_flags(&lg, path, s->o.as_of, s->o.tmpdir,
	    CALLLOG_IN_PLACE | CALLLOG_NO_TORN |
	    (k > 0 || s->o.quiet ? CALLLOG_QUIET : 0) |
	    (n == 1 && s->o.beside ? CALLLOG_SPLIT : 0), err) == -1)
		return -1;
	if (n == 1 && s->o.beside && lg.ncol > 0)
		got = read_beside(s, &lg);
	else
		while ((got = calllog_read(&lg, rec, CALLLOG_BLOCK)) > 0) {
			for (i = m = 0; i < got; i++)
				if ((n == 1 || mix64(rec[i].id) % n == k) &&
				    sum_prepare(&s->o, &lg, &rec[i], &p[m]))
					m++;
			sum_add_records(s, p, m);
		}
	/* Every part saw every line: the first counts them. */
	if (k == 0)
		s->bad += lg.bad + lg.torn;
	calllog_close(&lg);
	if (got == -1) {
		err[0] = '\0';		/* said */
		return -1;
	}
	return 0;
}

/* A thread's part: its own summary, written out as a partial. */
struct part {
	struct summary	*s;
	const char	*path;
	unsigned	 k, n;
	FILE		*out;
	int		 rc;
	char		 err[FU_ERRBUF];
};

static void *
part_run(void *arg)
{
	struct part *p = arg;

	if ((p->rc = log_part(p->s, p->path, p->k, p->n, p->err)) == 0) {
		summary_write_partial(p->s, p->out);
		if (fflush(p->out) == EOF || ferror(p->out)) {
			fu_seterr(p->err, "a partial summary: %s",
			    strerror(errno));
			p->rc = -1;
		}
	}
	return NULL;
}

/* How many threads read the log: 1 unless it is a big enough file. */
static unsigned
threads_for(const struct summary *s, const char *path)
{
	struct stat st;
	long long n;

	if (s->o.threads <= 1 || strcmp(path, "-") == 0 ||
	    stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return 1;
	if (s->o.thread_bytes <= 0)
		return (unsigned)s->o.threads;
	n = st.st_size / s->o.thread_bytes;
	if (n < 2)
		return 1;
	return n < s->o.threads ? (unsigned)n : (unsigned)s->o.threads;
}

int
summary_log(struct summary *s, const char *path, char *err)
{
	struct part *p;
	pthread_t *tid;
	unsigned n = threads_for(s, path), k, i;
	int rc = 0, fd;
	const char *name;

	if (n == 1)
		return log_part(s, path, 0, 1, err);
	p = xcalloc(n, sizeof(*p));
	tid = xcalloc(n, sizeof(*tid));
	for (k = 0; k < n; k++) {
		p[k].s = summary_open(&s->o);
		/* The store sizes the contacts gave, for store_size. */
		for (i = 1; i <= s->str[SK_STORE].n; i++) {
			name = str_at(&s->str[SK_STORE], i);
			sum_set_size(p[k].s, sum_store(p[k].s, name,
			    strlen(name)), sum_size_of(s, i));
		}
		p[k].path = path;
		p[k].k = k;
		p[k].n = n;
		if ((fd = fu_tmpfd(s->o.tmpdir)) == -1 ||
		    (p[k].out = fdopen(fd, "w+")) == NULL)
			fu_err(FU_EXIT_FATAL, "a temporary file in %s",
			    s->o.tmpdir);
		if (pthread_create(&tid[k], NULL, part_run, &p[k]) != 0)
			fu_errx(FU_EXIT_FATAL, "cannot start a thread");
	}
	for (k = 0; k < n; k++)
		pthread_join(tid[k], NULL);
	for (k = 0; k < n; k++) {
		if (rc == 0 && p[k].rc == -1) {
			memcpy(err, p[k].err, FU_ERRBUF);
			rc = -1;
		}
		if (rc == 0) {
			rewind(p[k].out);
			rc = sum_merge_fp(s, p[k].out, "a partial summary",
			    err);
		}
		if (k == 0)
			s->bad += p[k].s->bad;
		fclose(p[k].out);
		summary_close(p[k].s);
	}
	free(tid);
	free(p);
	return rc;
}

