/* sink.c: fu-due's rows into place; see sink.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/bgwrite.h"
#include "base/err.h"
#include "base/outfile.h"
#include "base/util.h"
#include "due/sink.h"

/*
 * The overflow of a big week is most of the input, a hundred
 * megabytes: it is written through a big buffer, not stdio's
 * page-sized one (a system call each 4 KiB).
 */
#define SINK_BUF	(1024 * 1024)

int
sink_open(struct sink *s, size_t n)
{
	memset(s, 0, sizeof(*s));
	if ((s->tmp = fu_tmpfile()) == NULL) {
		fu_warn("temporary file");
		return -1;
	}
	s->tmpbuf = xmalloc(SINK_BUF);
	(void)setvbuf(s->tmp, s->tmpbuf, _IOFBF, SINK_BUF);
	s->n = n;
	s->off = xcalloc(n + 1, sizeof(*s->off));
	s->len = xcalloc(n + 1, sizeof(*s->len));
	return 0;
}

int
sink_open_over(struct sink *s, const char *path)
{
	if ((s->ovf = outfile_open(&s->of, path, 0600)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	s->ovfname = path;
	/* The kernel's copy of the overflow runs beside pass two. */
	bgwrite_open(&s->bg, fileno(s->ovf), SINK_BUF);
	return 0;
}

int
sink_has_over(const struct sink *s)
{
	return s->ovf != NULL;
}

int
sink_put(struct sink *s, size_t i, const char *line, size_t n)
{
	s->off[i] = s->pos;
	s->len[i] = (uint32_t)n;
	s->pos += n;
	if (fwrite(line, 1, n, s->tmp) != n) {
		fu_warn("temporary file: write error");
		return -1;
	}
	return 0;
}

void
sink_over(struct sink *s, const char *line, size_t n)
{
	bgwrite(&s->bg, line, n);
}

int
sink_close_over(struct sink *s)
{
	int r = 0;

	if (s->ovf == NULL)
		return 0;
	if (bgwrite_close(&s->bg) == -1) {
		fu_warn("%s", s->ovfname);
		outfile_abort(&s->of);
		r = -1;
	} else if (outfile_commit(&s->of) == -1) {
		fu_warn("%s", s->ovfname);
		r = -1;
	}
	s->ovf = NULL;
	return r;
}

int
sink_done(struct sink *s)
{
	if (fflush(s->tmp) != 0) {
		fu_warn("temporary file: write error");
		return -1;
	}
	return 0;
}

/*
 * The planned rows from the temporary file to out in order, through a
 * mapping of it: a read a row is a system call a row.  The pages read
 * count as the run's memory, and the rows come from all over the file,
 * so after as many rows as could touch MAP_WINDOW bytes of pages they
 * are let go (they stay in the page cache: a row read again costs a
 * minor fault).  0, or -1 when it cannot be mapped (or is not all
 * there: then the reads say so).
 */
#define MAP_WINDOW	(32 * 1024 * 1024)

static int
copy_mapped(int fd, const struct sink *s, size_t nout, FILE *out)
{
	struct stat st;
	const char *p;
	size_t i, n = 0, page = (size_t)sysconf(_SC_PAGESIZE);

	if (nout == 0 || s->pos == 0 || fstat(fd, &st) == -1 ||
	    (uint64_t)st.st_size < s->pos || s->pos > SIZE_MAX)
		return -1;
	p = mmap(NULL, (size_t)s->pos, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < nout; i++) {
		fwrite_unlocked(p + s->off[i], 1, s->len[i], out);
		/* A row spans a page, or two, or a few of its own. */
		if ((n += page + s->len[i]) >= MAP_WINDOW) {
			(void)madvise((void *)p, (size_t)s->pos,
			    MADV_DONTNEED);
			n = 0;
		}
	}
	munmap((void *)p, (size_t)s->pos);
	return 0;
}

int
sink_copy(struct sink *s, FILE *out)
{
	char *buf = NULL;
	size_t bufcap = 0, i, nout = s->n;
	int fd = fileno(s->tmp);

	if (copy_mapped(fd, s, nout, out) == 0)
		nout = 0;	/* done */
	for (i = 0; i < nout; i++) {
		if (s->len[i] > bufcap)
			buf = xgrow(buf, &bufcap, s->len[i], 1);
		if (pread(fd, buf, s->len[i], (off_t)s->off[i]) !=
		    (ssize_t)s->len[i]) {
			fu_warn("temporary file: read error");
			free(buf);
			return -1;
		}
		fwrite(buf, 1, s->len[i], out);
	}
	free(buf);
	return 0;
}

void
sink_free(struct sink *s)
{
	if (s->ovf != NULL) {
		(void)bgwrite_close(&s->bg);
		outfile_abort(&s->of);
	}
	if (s->tmp != NULL)
		fclose(s->tmp);
	free(s->tmpbuf);
	free(s->off);
	free(s->len);
	memset(s, 0, sizeof(*s));
}
