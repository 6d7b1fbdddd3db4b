/* sink.c: fu-due's rows into place; see sink.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/outfile.h"
#include "base/spool.h"
#include "base/util.h"
#include "due/sink.h"

/*
 * The overflow (most of a big week's input, a hundred megabytes) is
 * written through a big stdio buffer.
 */
#define SINK_BUF	(1024 * 1024)
/*
 * The planned rows the spool may hold in memory; past it, its buckets
 * go to temporary files.  Small beside the rows of pass one (64 bytes a
 * contact), so that the plan's peak stays theirs.
 */
#define SINK_BUDGET	(8 * 1024 * 1024)
/* A planned row's bytes, roughly: it only shapes the spool's buckets. */
#define SINK_ROW	160.0

void
sink_open(struct sink *s, size_t n, const char *tmpdir)
{
	memset(s, 0, sizeof(*s));
	spool_init(&s->sp, (uint32_t)n, n, SINK_ROW * (double)n, SINK_BUDGET,
	    tmpdir);
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
	return spool_put(&s->sp, (uint32_t)i, line, n);
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

/* The planned rows to out in order, a bucket of places at a time. */
int
sink_copy(struct sink *s, FILE *out)
{
	struct spool_row row;
	int rc;

	while ((rc = spool_next_bucket(&s->sp)) == 1)
		while (spool_next(&s->sp, &row) == 1)
			fwrite(row.s, 1, row.len, out);
	return rc;
}

void
sink_free(struct sink *s)
{
	if (s->ovf != NULL)
		outfile_abort(&s->of);
	free(s->ovfbuf);
	spool_free(&s->sp);
	memset(s, 0, sizeof(*s));
}
