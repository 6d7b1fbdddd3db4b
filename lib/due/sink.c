/* sink.c: fu-due's rows into place; see sink.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/outfile.h"
#include "base/util.h"
#include "due/sink.h"

/*
 * The temporary file and the overflow (most of a big week's input, a
 * hundred megabytes) are written through a big stdio buffer each.
 */
#define SINK_BUF	(1024 * 1024)

int
sink_open(struct sink *s, size_t n, const char *tmpdir)
{
	memset(s, 0, sizeof(*s));
	if ((s->tmp = fu_tmpfile(tmpdir)) == NULL) {
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
	s->ovfbuf = xmalloc(SINK_BUF);
	(void)setvbuf(s->ovf, s->ovfbuf, _IOFBF, SINK_BUF);
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
	if (fwrite(line, 1, n, s->ovf) != n && s->ovferr == 0)
		s->ovferr = errno != 0 ? errno : EIO;
}

int
sink_close_over(struct sink *s)
{
	int r = 0;

	if (s->ovf == NULL)
		return 0;
	if (s->ovferr != 0) {
		errno = s->ovferr;
		fu_warn("%s", s->ovfname);
		outfile_abort(&s->of);
		r = -1;
	} else if (outfile_commit(&s->of) == -1) {
		fu_warn("%s", s->ovfname);
		r = -1;
	}
	s->ovf = NULL;
	free(s->ovfbuf);
	s->ovfbuf = NULL;
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
 * The planned rows from the temporary file to out in order: a read
 * each (they are all over the file).
 */
int
sink_copy(struct sink *s, FILE *out)
{
	char *buf = NULL;
	size_t bufcap = 0, i;
	int fd = fileno(s->tmp);

	for (i = 0; i < s->n; i++) {
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
	if (s->ovf != NULL)
		outfile_abort(&s->of);
	free(s->ovfbuf);
	if (s->tmp != NULL)
		fclose(s->tmp);
	free(s->tmpbuf);
	free(s->off);
	free(s->len);
	memset(s, 0, sizeof(*s));
}
