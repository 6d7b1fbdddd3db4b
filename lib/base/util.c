/* util.c: allocation, bounded numbers, checked standard I/O. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/util.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	return xrealloc(p, n * size);
}

void *
xgrow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap;

	if (n <= c)
		return p;
	c = c < 8 ? 8 : c;
	while (c < n)
		c *= 2;
	p = xreallocarray(p, c, size);
	*cap = c;
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

long long
fu_strtonum(const char *s, long long min, long long max, const char **errstr)
{
	long long v;
	char *end;

	*errstr = NULL;
	if (min > max || s == NULL || *s == '\0') {
		*errstr = "invalid";
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0') {
		*errstr = "invalid";
		return 0;
	}
	if ((v == LLONG_MIN && errno == ERANGE) || v < min) {
		*errstr = "too small";
		return 0;
	}
	if ((v == LLONG_MAX && errno == ERANGE) || v > max) {
		*errstr = "too large";
		return 0;
	}
	return v;
}

FILE *
fu_open_in(const char *path)
{
	if (strcmp(path, "-") == 0)
		return stdin;
	return fopen(path, "r");
}

void
fu_close_in(FILE *fp)
{
	if (fp != NULL && fp != stdin)
		fclose(fp);
}

int
fu_tmpfd(const char *dir)
{
	char *path;
	int fd, e;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xmalloc(strlen(dir) + sizeof("/fu.XXXXXX"));
	strcpy(path, dir);
	strcat(path, "/fu.XXXXXX");
	if ((fd = mkstemp(path)) != -1)
		unlink(path);
	e = errno;
	free(path);
	errno = e;
	return fd;
}

FILE *
fu_tmpfile(const char *dir)
{
	FILE *fp;
	int fd, e;

	if ((fd = fu_tmpfd(dir)) == -1)
		return NULL;
	if ((fp = fdopen(fd, "w+")) == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}

FILE *
fu_rereadable(FILE *fp, const char *dir, long long *start)
{
	struct stat st;
	char buf[65536];
	FILE *tmp;
	off_t off;
	size_t n;
	int e;

	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
	    (off = ftello(fp)) != -1) {
		*start = off;
		return fp;
	}
	if ((tmp = fu_tmpfile(dir)) == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, tmp) != n)
			goto fail;
	if (ferror(fp) || fflush(tmp) != 0 || fseeko(tmp, 0, SEEK_SET) != 0)
		goto fail;
	*start = 0;
	return tmp;
fail:
	e = errno ? errno : EIO;
	fclose(tmp);
	errno = e;
	return NULL;
}

static void
write_failed(const char *name, int e)
{
	if (e == EPIPE)
		exit(FU_EXIT_FATAL);
	if (e == 0)
		fu_errx(FU_EXIT_FATAL, "%s: write error", name);
	errno = e;
	fu_err(FU_EXIT_FATAL, "%s: write error", name);
}

void
fu_check_out(FILE *fp, const char *name)
{
	if (ferror(fp))
		write_failed(name, errno);
}

void
fu_close_stdout(void)
{
	int e;

	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		e = errno;
		fclose(stdout);
		write_failed("standard output", e);
	}
	errno = 0;
	if (fclose(stdout) != 0)
		write_failed("standard output", errno);
}

void
fu_init(char *argv[])
{
	setlocale(LC_ALL, "");
	if (argv[0] != NULL)
		argv[0] = (char *)fu_progname();
}

void
fu_print_version(void)
{
	printf("%s (fu) %s\n", fu_progname(), FU_VERSION);
}

int
fu_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
