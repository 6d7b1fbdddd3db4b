/* pool.c: worker threads in input order; see pool.h. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/pool.h"
#include "base/util.h"

int
pool_threads(const char *env, int max)
{
	const char *errstr;
	long long n;

	if (env != NULL && *env != '\0') {
		n = fu_strtonum(env, 0, max, &errstr);
		if (errstr == NULL)
			return (int)n;
		fu_warnx("FU_THREADS: \"%s\" is %s (0 to %d): ignored", env,
		    errstr, max);
	}
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n < max ? (int)n : max;
}

struct pool_start {
	struct pool	*pool;
	void		*ctx;
};

static void *
worker(void *arg)
{
	struct pool_start *start = arg;
	struct pool *p = start->pool;
	void *ctx = start->ctx;
	struct pool_job *job;

	free(start);
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->head == NULL && !p->stop)
			pthread_cond_wait(&p->more, &p->lock);
		if (p->head == NULL)
			break;
		job = p->head;
		p->head = job->next;
		if (p->head == NULL)
			p->tail = NULL;
		pthread_mutex_unlock(&p->lock);
		p->work(job, ctx);
		pthread_mutex_lock(&p->lock);
		job->done = 1;
		pthread_cond_broadcast(&p->finished);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

void
pool_init(struct pool *p, int n, pool_work_fn *work, void **ctx)
{
	struct pool_start *start;
	int i, rc;

	memset(p, 0, sizeof(*p));
	p->work = work;
	p->ctx = ctx;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->more, NULL);
	pthread_cond_init(&p->finished, NULL);
	p->thread = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*p->thread));
	for (i = 0; i < n; i++) {
		start = xmalloc(sizeof(*start));
		start->pool = p;
		start->ctx = ctx[i];
		if ((rc = pthread_create(&p->thread[i], NULL, worker,
		    start)) != 0) {
			/* Fewer threads, or none: slower, still right. */
			free(start);
			break;
		}
		p->nthread++;
	}
}

void
pool_submit(struct pool *p, struct pool_job *job)
{
	job->next = NULL;
	job->done = 0;
	if (p->nthread == 0) {
		p->work(job, p->ctx[0]);
		job->done = 1;
		return;
	}
	pthread_mutex_lock(&p->lock);
	if (p->tail != NULL)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	pthread_cond_signal(&p->more);
	pthread_mutex_unlock(&p->lock);
}

int
pool_ready(struct pool *p, struct pool_job *job)
{
	int done;

	if (p->nthread == 0)
		return job->done;
	pthread_mutex_lock(&p->lock);
	done = job->done;
	pthread_mutex_unlock(&p->lock);
	return done;
}

void
pool_wait(struct pool *p, struct pool_job *job)
{
	if (p->nthread == 0)
		return;
	pthread_mutex_lock(&p->lock);
	while (!job->done)
		pthread_cond_wait(&p->finished, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

void
pool_free(struct pool *p)
{
	int i;

	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthread; i++)
		pthread_join(p->thread[i], NULL);
	free(p->thread);
	pthread_cond_destroy(&p->finished);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	memset(p, 0, sizeof(*p));
}
