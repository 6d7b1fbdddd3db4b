/*
 * bgwrite.h: a file written by another thread, so that the kernel's
 * copy of a hundred megabytes (fu-due's overflow) runs beside the work
 * that makes them.  Two buffers: the caller fills one while the thread
 * writes the other, whole, with write(2) (retrying short writes).
 * Without a thread (pthread_create refused) it writes in place.
 */
#ifndef FU_BGWRITE_H
#define FU_BGWRITE_H

#include <pthread.h>
#include <stddef.h>

struct bgwrite {
	int		 fd;
	char		*buf[2];
	size_t		 len[2];
	size_t		 size;		/* of each buffer */
	int		 cur;		/* the one being filled */
	int		 busy;		/* the other is being written */
	int		 stop;
	int		 err;		/* errno of the first failed write */
	int		 threaded;
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
};

/* Start writing to fd through two buffers of size bytes. */
void	bgwrite_open(struct bgwrite *, int fd, size_t size);
void	bgwrite(struct bgwrite *, const void *, size_t);
/*
 * Write what is left and stop the thread (the fd stays open).  0, or
 * -1 with errno set from the first write that failed.
 */
int	bgwrite_close(struct bgwrite *);

#endif
