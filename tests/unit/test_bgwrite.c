/* test_bgwrite.c: a file written by another thread, whole and in order. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/bgwrite.h"
#include "t.h"

/* Pieces of every size, across many buffer ends, come back in order. */
static void
test_order(void)
{
	struct bgwrite w;
	char path[] = "/tmp/fu-bgw.XXXXXX", piece[300], *got;
	size_t i, n, total = 0, bad = 0;
	int fd = mkstemp(path);
	FILE *want = tmpfile();

	T_OK(fd != -1);
	bgwrite_open(&w, fd, 1000);
	for (i = 0; i < 20000; i++) {
		n = i % 297;
		memset(piece, 'a' + (int)(i % 26), n);
		bgwrite(&w, piece, n);
		fwrite(piece, 1, n, want);
		total += n;
	}
	T_INTEQ(bgwrite_close(&w), 0);
	T_INTEQ(lseek(fd, 0, SEEK_END), (long long)total);
	got = t_slurp(path);
	rewind(want);
	for (i = 0; i < total; i++)
		if (got[i] != getc(want))
			bad++;
	T_INTEQ(bad, 0);
	free(got);
	fclose(want);
	close(fd);
	unlink(path);
}

/* A full disk: the first error comes back from close, with its errno. */
static void
test_full(void)
{
	struct bgwrite w;
	char buf[4096];
	int fd = open("/dev/full", O_WRONLY), i;

	if (fd == -1)
		return;
	memset(buf, 'x', sizeof(buf));
	bgwrite_open(&w, fd, 1024);
	for (i = 0; i < 100; i++)
		bgwrite(&w, buf, sizeof(buf));
	errno = 0;
	T_INTEQ(bgwrite_close(&w), -1);
	T_INTEQ(errno, ENOSPC);
	close(fd);
}

/* Nothing written: nothing to do, no error. */
static void
test_empty(void)
{
	struct bgwrite w;
	int fd = open("/dev/null", O_WRONLY);

	bgwrite_open(&w, fd, 16);
	T_INTEQ(bgwrite_close(&w), 0);
	close(fd);
}

int
main(void)
{
	test_order();
	test_full();
	test_empty();
	return t_done("test_bgwrite");
}
