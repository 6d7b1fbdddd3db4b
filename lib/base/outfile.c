/* outfile.c: write to a temporary name, rename into place; see outfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "base/util.h"

static void
reset(struct outfile *o)
{
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

int
outfile_reserve(struct outfile *o, const char *path, mode_t mode)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
	struct stat sb;
	mode_t mask;
	int fd, e;

	memset(o, 0, sizeof(*o));
	if (mode == 0) {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	o->mode = mode;
	o->path = xstrdup(path);
	/*
	 * A device or a FIFO (/dev/stdout, /dev/null, /dev/full) is
	 * written as it is: a rename would put a file in its place.
	 */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) &&
	    !S_ISDIR(sb.st_mode)) {
		o->tmp = xstrdup(path);
		o->direct = 1;
		return 0;
	}
	o->tmp = xmalloc(strlen(path) + 10);
	memcpy(o->tmp, path, dirlen);
	sprintf(o->tmp + dirlen, ".%s.XXXXXX", path + dirlen);
	if ((fd = mkstemp(o->tmp)) == -1 || fchmod(fd, mode) == -1) {
		e = errno;
		if (fd != -1) {
			close(fd);
			unlink(o->tmp);
		}
		reset(o);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

FILE *
outfile_open(struct outfile *o, const char *path, mode_t mode)
{
	int e;

	if (outfile_reserve(o, path, mode) == -1)
		return NULL;
	if ((o->fp = fopen(o->tmp, "w")) == NULL) {
		e = errno;
		if (!o->direct)
			unlink(o->tmp);
		reset(o);
		errno = e;
		return NULL;
	}
	return o->fp;
}

int
outfile_commit(struct outfile *o)
{
	int e = 0, fd;

	if (o->fp != NULL) {
		if (fflush(o->fp) != 0 || ferror(o->fp))
			e = errno ? errno : EIO;
		else if (fsync(fileno(o->fp)) == -1 && errno != EINVAL)
			e = errno;
		if (fclose(o->fp) != 0 && e == 0)
			e = errno;
		o->fp = NULL;
	} else if ((fd = open(o->tmp, O_RDONLY)) != -1) {
		/* Written by name: sync what the library wrote. */
		if (fsync(fd) == -1 && errno != EINVAL)
			e = errno;
		close(fd);
	}
	if (e == 0 && !o->direct && rename(o->tmp, o->path) == -1)
		e = errno;
	if (e != 0 && !o->direct)
		unlink(o->tmp);
	reset(o);
	errno = e;
	return e ? -1 : 0;
}

void
outfile_abort(struct outfile *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL && !o->direct)
		unlink(o->tmp);
	reset(o);
}
