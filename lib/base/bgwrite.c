/* bgwrite.c: a file written by another thread; see bgwrite.h. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/bgwrite.h"
#include "base/util.h"

/* Write a whole buffer; after a first error (err) nothing more. */
static void
put(struct bgwrite *w, int err, const char *p, size_t n, int *errp)
{
	if (err == 0 && fu_write_all(w->fd, p, n) == -1)
		*errp = errno;
}

static void *
writer(void *arg)
{
	struct bgwrite *w = arg;
	int idx, err, newerr;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->busy && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->busy)
			break;
		idx = w->cur ^ 1;
		err = w->err;
		pthread_mutex_unlock(&w->lock);
		newerr = 0;
		put(w, err, w->buf[idx], w->len[idx], &newerr);
		pthread_mutex_lock(&w->lock);
		if (newerr != 0 && w->err == 0)
			w->err = newerr;
		w->len[idx] = 0;
		w->busy = 0;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

void
bgwrite_open(struct bgwrite *w, int fd, size_t size)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->size = size;
	w->buf[0] = xmalloc(size);
	w->buf[1] = xmalloc(size);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->threaded = pthread_create(&w->thread, NULL, writer, w) == 0;
}

/* Hand the full buffer to the thread and take the other. */
static void
hand_over(struct bgwrite *w)
{
	int err = 0;

	if (!w->threaded) {
		put(w, w->err, w->buf[w->cur], w->len[w->cur], &err);
		if (err != 0)
			w->err = err;
		w->len[w->cur] = 0;
		return;
	}
	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->cond, &w->lock);
	w->busy = 1;
	w->cur ^= 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void
bgwrite(struct bgwrite *w, const void *p, size_t n)
{
	const char *s = p;
	size_t k;

	while (n > 0) {
		k = w->size - w->len[w->cur];
		if (k > n)
			k = n;
		memcpy(w->buf[w->cur] + w->len[w->cur], s, k);
		w->len[w->cur] += k;
		s += k;
		n -= k;
		if (w->len[w->cur] == w->size)
			hand_over(w);
	}
}

int
bgwrite_close(struct bgwrite *w)
{
	int err;

	if (w->len[w->cur] > 0)
		hand_over(w);
	if (w->threaded) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->cond);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	err = w->err;
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w->buf[0]);
	free(w->buf[1]);
	memset(w, 0, sizeof(*w));
	w->fd = -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}
