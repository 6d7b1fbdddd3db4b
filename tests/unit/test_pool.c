/* test_pool.c: worker threads, results taken back in order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/util.h"
#include "base/pool.h"
#include "t.h"

struct job {
	struct pool_job	 job;		/* first */
	uint64_t	 in, out;
	int		 worker;
};

static void
work(struct pool_job *pj, void *ctx)
{
	struct job *j = (struct job *)pj;
	uint64_t h = j->in;
	int i;

	/* Enough work that jobs overlap and finish out of order. */
	for (i = 0; i < 1000 + (int)(j->in % 7) * 3000; i++)
		h = mix64(h + 1);
	j->out = h;
	j->worker = *(int *)ctx;
}

static uint64_t
expected(uint64_t in)
{
	uint64_t h = in;
	int i;

	for (i = 0; i < 1000 + (int)(in % 7) * 3000; i++)
		h = mix64(h + 1);
	return h;
}

/* 500 jobs through n threads, at most 6 in flight, taken in order. */
static void
run(int n)
{
	struct pool p;
	struct job ring[6];
	int ids[8], i, used[8], wrong = 0;
	void *ctx[8];
	size_t head = 0, inflight = 0, next = 0, taken = 0;

	for (i = 0; i < 8; i++) {
		ids[i] = i;
		ctx[i] = &ids[i];
		used[i] = 0;
	}
	pool_init(&p, n, work, ctx);
	T_INTEQ(p.nthread, n);
	while (taken < 500) {
		if (next < 500 && inflight < 6) {
			ring[(head + inflight) % 6].in = next++;
			pool_submit(&p, &ring[(head + inflight) % 6].job);
			inflight++;
			continue;
		}
		pool_wait(&p, &ring[head].job);
		T_OK(pool_ready(&p, &ring[head].job));
		if (ring[head].in != taken ||
		    ring[head].out != expected(taken))
			wrong++;
		used[ring[head].worker] = 1;
		taken++;
		head = (head + 1) % 6;
		inflight--;
	}
	T_INTEQ(wrong, 0);
	/* Without threads the caller's ctx[0] does it all. */
	if (n == 0)
		T_INTEQ(used[0], 1);
	pool_free(&p);
}

static void
test_threads_env(void)
{
	int n;

	T_INTEQ(pool_threads("3", 16), 3);
	T_INTEQ(pool_threads("0", 16), 0);
	n = pool_threads("99", 16);		/* too many: warned, CPUs */
	T_OK(n >= 1 && n <= 16);
	n = pool_threads("x", 16);		/* not a number: likewise */
	T_OK(n >= 1 && n <= 16);
	T_INTEQ(pool_threads("", 16), pool_threads(NULL, 16));
	T_OK(pool_threads(NULL, 1) == 1);
}

int
main(int argc, char *argv[])
{
	(void)argc;
	fu_init(argv);
	run(0);
	run(1);
	run(4);
	test_threads_env();
	return t_done("test_pool");
}
