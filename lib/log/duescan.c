/* duescan.c: TSV records a block of lines at a time; see duescan.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/duescan.h"
#include "base/hash.h"
#include "base/util.h"

/* Big reads: the inputs are a hundred megabytes and more. */
#define DUESCAN_CHUNK	(1024 * 1024)

void
duescan_init(struct duescan *sc, FILE *fp, size_t ncol)
{
	memset(sc, 0, sizeof(*sc));
	sc->fp = fp;
	sc->ncol = ncol;
	sc->cap = DUESCAN_CHUNK;
	sc->buf = xmalloc(sc->cap);
	/* lineno 1, the header, is read and never handed out. */
}

/* More input after what is unread: 0, or -1 on a read error. */
static int
fill(struct duescan *sc)
{
	size_t n;

	if (sc->beg > 0) {
		memmove(sc->buf, sc->buf + sc->beg, sc->end - sc->beg);
		sc->end -= sc->beg;
		sc->beg = 0;
	}
	/* A line longer than the buffer: grow (one byte kept for a NUL). */
	if (sc->cap - sc->end < DUESCAN_CHUNK / 2) {
		sc->cap *= 2;
		sc->buf = xrealloc(sc->buf, sc->cap);
	}
	n = fread(sc->buf + sc->end, 1, sc->cap - sc->end - 1, sc->fp);
	sc->end += n;
	if (n == 0) {
		if (ferror(sc->fp)) {
			if (errno == 0)
				errno = EIO;
			return -1;
		}
		sc->eof = 1;
	}
	return 0;
}

long
duescan_lines(struct duescan *sc, struct dueline *l, size_t max)
{
	size_t n = 0, len;
	char *p, *e, *nl;

	for (;;) {
		while (n < max) {
			p = sc->buf + sc->beg;
			e = sc->buf + sc->end;
			if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL) {
				if (!sc->eof || p == e)
					break;
				nl = e;	/* cap > end: room for the NUL */
			}
			len = (size_t)(nl - p);
			sc->beg = (size_t)(nl - sc->buf) + (nl < e);
			sc->lineno++;
			if (len > 0 && p[len - 1] == '\r')
				len--;
			p[len] = '\0';
			if (sc->lineno == 1 || (len == 0 && sc->ncol > 1))
				continue;
			l[n].s = p;
			l[n].len = len;
			l[n].lineno = sc->lineno;
			n++;
		}
		if (n > 0 || sc->eof || sc->ncol == 0)
			return (long)n;
		if (fill(sc) == -1)
			return -1;
	}
}

void
duescan_free(struct duescan *sc)
{
	free(sc->buf);
	memset(sc, 0, sizeof(*sc));
}

int
duescan_id(const char *s, size_t n, uint64_t *id)
{
	/*
	 * A backslash is no digit, so an escaped field fails as its
	 * unescaped self would.  fu_id_parse stops at a NUL: a field that
	 * holds one after 16 digits reads as those digits there too.
	 */
	return fu_id_parse_n(s, n > 16 && s[16] == '\0' ? 16 : n, id);
}
