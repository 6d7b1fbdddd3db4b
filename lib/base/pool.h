/*
 * pool.h: worker threads for the heavy, independent part of a stream
 * (normalizing a batch of rows), so that a run uses the machine's cores
 * while its output stays in input order.
 *
 * The producer submits jobs in order and takes them back in the same
 * order with pool_wait; each job is worked on by exactly one thread,
 * and nothing the job holds is touched by the pool, so the producer
 * may read it freely once pool_wait returns.  With no threads (one
 * CPU, or threads refused) a job is done inside pool_submit.
 */
#ifndef FU_POOL_H
#define FU_POOL_H

#include <pthread.h>

/* Threads beyond this gain nothing on a stream read by one thread. */
#define POOL_MAX	16

struct pool_job {
	struct pool_job	*next;		/* private */
	int		 done;		/* private: under the pool's lock */
};

/* Work on a job; ctx is the thread's own (from pool_new's ctxs). */
typedef void	pool_work_fn(struct pool_job *, void *ctx);

struct pool {
	pool_work_fn	*work;
	void		**ctx;		/* one a thread, owned by the caller */
	pthread_t	*thread;
	int		 nthread;	/* 0: work in pool_submit */
	int		 stop;
	struct pool_job	*head, *tail;	/* submitted, not yet taken */
	pthread_mutex_t	 lock;
	pthread_cond_t	 more;		/* a job was queued, or stop */
	pthread_cond_t	 finished;	/* a job is done */
};

/*
 * How many workers to start: env, the value of FU_THREADS (0 to max; 0
 * does all the work on the calling thread), else the online CPUs, at
 * most max.  A bad env is said, naming FU_THREADS, and ignored; NULL or
 * "" is no value.
 */
int	pool_threads(const char *env, int max);
/*
 * Start n threads (0 allowed), the i-th working with ctx[i] (ctx[0]
 * for the producer's own work when n is 0; ctx must have max(n, 1)).
 */
void	pool_init(struct pool *, int n, pool_work_fn *, void **ctx);
void	pool_submit(struct pool *, struct pool_job *);
/* Non-zero when the job is done (never blocks). */
int	pool_ready(struct pool *, struct pool_job *);
/* Block until the job is done. */
void	pool_wait(struct pool *, struct pool_job *);
/* Stop the threads once the queue is empty, and join them. */
void	pool_free(struct pool *);

#endif
