/* tsv.c: the TSV reader and writer; see tsv.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/text.h"
#include "fmt/tsv.h"
#include "base/util.h"

#define TSV_CHUNK	(256 * 1024)

size_t
tsv_unescape(char *s, size_t n)
{
	char *p, *q, *end = s + n;

	p = memchr(s, '\\', n);
	if (p == NULL)
		return n;
	for (q = p; p < end; p++) {
		if (*p != '\\' || p + 1 == end) {
			*q++ = *p;
			continue;
		}
		switch (p[1]) {
		case 't':
			*q++ = '\t';
			p++;
			break;
		case 'n':
			*q++ = '\n';
			p++;
			break;
		case 'r':
			*q++ = '\r';
			p++;
			break;
		case '\\':
			*q++ = '\\';
			p++;
			break;
		default:
			/* Nothing else is special: keep the backslash. */
			*q++ = '\\';
			break;
		}
	}
	return q - s;
}

/* next_line's answer when the next line is not whole in the buffer. */
#define LINE_WAIT	(-3)

/* fill for tsv_open_part: the part's next bytes, by pread. */
static int
fill_part(struct tsv_reader *r)
{
	size_t want = r->bufsz - r->end - 1;
	ssize_t n;

	if ((long long)want > r->pend - r->ppos)
		want = (size_t)(r->pend - r->ppos);
	do
		n = want > 0 ? pread(r->pfd, r->buf + r->end, want,
		    (off_t)r->ppos) : 0;
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -1;
	r->ppos += n;
	r->end += (size_t)n;
	/* The end of the part (or of a file cut short: a whole reading says). */
	if (n == 0)
		r->eof = 1;
	return 0;
}

/*
 * More input after what is unread: 0, or -1 on a read error (errno
 * set).  The unread part slides down to the start of the buffer, so
 * every line handed out before is gone.
 */
static int
fill(struct tsv_reader *r)
{
	struct stat sb;
	size_t n;

	if (r->beg > 0) {
		memmove(r->buf, r->buf + r->beg, r->end - r->beg);
		r->end -= r->beg;
		r->beg = 0;
	}
	/* A line longer than the buffer: grow (one byte kept for a NUL). */
	if (r->bufsz - r->end < TSV_CHUNK / 2) {
		r->bufsz *= 2;
		r->buf = xrealloc(r->buf, r->bufsz);
	}
	if (r->fp == NULL)
		return fill_part(r);
	n = fread(r->buf + r->end, 1, r->bufsz - r->end - 1, r->fp);
	r->end += n;
	if (n == 0) {
		if (ferror(r->fp)) {
			if (errno == 0)
				errno = EIO;
			return -1;
		}
		if (r->opened >= 0 && fstat(fileno(r->fp), &sb) == 0 &&
		    (long long)sb.st_size < r->opened) {
			r->shrank = 1;
			return -1;
		}
		r->eof = 1;
	}
	return 0;
}

/*
 * The one place lines are found: the next line, without its LF and a
 * CR before it, NUL-terminated in the buffer, into *linep and *lenp: 1.
 * 0 at the end of input, -1 on a read error (errno set).  When the line
 * is not whole in the buffer and may_read is 0, LINE_WAIT: reading more
 * would move the lines handed out before (tsv_next_lines keeps a block
 * of them).
 */
static int
next_line(struct tsv_reader *r, int may_read, char **linep, size_t *lenp)
{
	char *line, *nl;
	size_t scanned = 0, len;

	for (;;) {
		nl = memchr(r->buf + r->beg + scanned, '\n',
		    r->end - r->beg - scanned);
		if (nl != NULL || r->eof)
			break;
		if (!may_read)
			return LINE_WAIT;
		scanned = r->end - r->beg;
		if (fill(r) == -1)
			return -1;
	}
	if (nl == NULL) {
		/* The end: a last line without its newline is a line. */
		if (r->beg == r->end)
			return 0;
		nl = r->buf + r->end;	/* bufsz > end: room for the NUL */
		r->unended = -1;	/* numbered by next_record */
	}
	line = r->buf + r->beg;
	len = (size_t)(nl - line);
	r->beg = (size_t)(nl - r->buf) + (nl < r->buf + r->end);
	if (len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	*linep = line;
	*lenp = len;
	return 1;
}

/*
 * The next record's line, for tsv_next_raw and tsv_next_lines alike:
 * the line numbered, an empty line skipped (and counted) when there are
 * several columns.  TSV_OK, TSV_EOF, TSV_ERR, or LINE_WAIT as next_line.
 */
static int
next_record(struct tsv_reader *r, int may_read, char **linep, size_t *lenp)
{
	int rc;

	for (;;) {
		if ((rc = next_line(r, may_read, linep, lenp)) != 1)
			return rc == 0 ? TSV_EOF : rc == -1 ? TSV_ERR : rc;
		r->lineno++;
		if (r->unended == -1)
			r->unended = r->lineno;
		if (*lenp == 0 && r->ncol > 1) {
			r->blank++;
			continue;
		}
		return TSV_OK;
	}
}

/* Split a line at tabs into r->field, unescaping each field. */
static void
split(struct tsv_reader *r, char *line, size_t len)
{
	char *p = line, *end = line + len, *tab;
	size_t i = 0;
	/* Most lines hold no backslash: then no field needs unescaping. */
	int esc = memchr(line, '\\', len) != NULL;

	for (;;) {
		if (i == r->fieldcap) {
			r->fieldcap = r->fieldcap ? r->fieldcap * 2 : 16;
			r->field = xreallocarray(r->field, r->fieldcap,
			    sizeof(*r->field));
			r->len = xreallocarray(r->len, r->fieldcap,
			    sizeof(*r->len));
		}
		tab = text_find_byte(p, end, '\t');
		*tab = '\0';
		r->field[i] = p;
		r->len[i] = esc ? tsv_unescape(p, tab - p) : (size_t)(tab - p);
		p[r->len[i]] = '\0';
		i++;
		if (tab == end)
			break;
		p = tab + 1;
	}
	r->nfield = i;
}

/*
 * The header's names by hash (FNV-1a-64) in an idmap: two names of one
 * hash probe on (as import/names.c does).  The slot of a name is its
 * column, so tsv_col is linear in nothing, however wide the header.
 */
#define PROBE_STEP	UINT64_C(0x9e3779b97f4a7c15)

/* The column of name (n bytes), or -1 with *key the first free key. */
static long
col_lookup(const struct tsv_reader *r, const char *name, size_t n,
    uint64_t *key)
{
	uint64_t k = fnv1a64(FNV64_OFFSET, name, n);
	uint32_t slot;
	const char *c;

	for (;; k += PROBE_STEP) {
		if ((slot = idmap_get(&r->colmap, k)) == IDMAP_NONE) {
			*key = k;
			return -1;
		}
		c = r->col[r->colat[slot]];
		if (strlen(c) == n && memcmp(c, name, n) == 0)
			return (long)r->colat[slot];
	}
}

static void
col_add(struct tsv_reader *r, uint64_t key, size_t col)
{
	r->colat[idmap_put(&r->colmap, key, NULL)] = col;
}

/*
 * Two columns of one name: which one does a tool mean, and what would
 * its output's header say?  The first is the one found by name; each
 * later one is renamed NAME_K (K its column, or the next that no
 * column has), so a header never names two columns alike; said unless
 * quiet (at most SHOW_DUPS times, then counted).
 */
#define SHOW_DUPS	5

static void
index_cols(struct tsv_reader *r, int quiet)
{
	size_t i, k, len, ndup = 0, *dup = NULL;
	uint64_t key;
	long first;
	char *name;

	idmap_init(&r->colmap);
	idmap_reserve(&r->colmap, r->ncol);
	r->colat = xreallocarray(NULL, r->ncol ? r->ncol : 1,
	    sizeof(*r->colat));
	/* Every first of a name keeps it; the later ones wait. */
	for (i = 0; i < r->ncol; i++) {
		if (col_lookup(r, r->col[i], strlen(r->col[i]), &key) == -1) {
			col_add(r, key, i);
			continue;
		}
		if (ndup % 64 == 0)
			dup = xreallocarray(dup, ndup + 64, sizeof(*dup));
		dup[ndup++] = i;
	}
	for (i = 0; i < ndup; i++) {
		first = tsv_col(r, r->col[dup[i]]);
		len = strlen(r->col[dup[i]]);
		name = xmalloc(len + 24);
		for (k = dup[i] + 1;; k++) {
			snprintf(name, len + 24, "%s_%zu", r->col[dup[i]], k);
			if (col_lookup(r, name, strlen(name), &key) == -1)
				break;
		}
		if (!quiet && i < SHOW_DUPS)
			fu_datawarn(r->name, 1, "two columns named \"%s\" "
			    "(%ld and %zu): column %ld is the one read, column "
			    "%zu passed on as %s", r->col[dup[i]], first + 1,
			    dup[i] + 1, first + 1, dup[i] + 1, name);
		free(r->col[dup[i]]);
		r->col[dup[i]] = name;
		col_add(r, key, dup[i]);
	}
	if (!quiet && ndup > SHOW_DUPS)
		fu_datawarn(r->name, 1, "%zu more columns named as an earlier "
		    "one, each passed on as NAME_K", ndup - SHOW_DUPS);
	free(dup);
}

static int
open_reader(struct tsv_reader *r, FILE *fp, const char *name, int quiet)
{
	struct stat sb;
	char *line;
	size_t len, i;
	int rc;

	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->name = name;
	r->opened = fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) ?
	    (long long)sb.st_size : -1;
	r->bufsz = TSV_CHUNK;
	r->buf = xmalloc(r->bufsz);
	if ((rc = next_line(r, 1, &line, &len)) != 1)
		return rc;
	r->lineno = 1;
	/* Excel and Notepad put a byte-order mark before the header. */
	if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3;
		len -= 3;
	}
	split(r, line, len);
	r->ncol = r->nfield;
	r->col = xreallocarray(NULL, r->ncol, sizeof(*r->col));
	for (i = 0; i < r->ncol; i++)
		r->col[i] = xstrndup(r->field[i], r->len[i]);
	r->nfield = 0;
	index_cols(r, quiet);
	return 0;
}

void
tsv_open_part(struct tsv_reader *r, int fd, long long from, long long to,
    size_t ncol, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->opened = -1;
	r->pfd = fd;
	r->ppos = from;
	r->pend = to;
	r->ncol = ncol;
	r->bufsz = TSV_CHUNK;
	r->buf = xmalloc(r->bufsz);
}

int
tsv_open(struct tsv_reader *r, FILE *fp, const char *name)
{
	return open_reader(r, fp, name, 0);
}

int
tsv_reopen(struct tsv_reader *r, FILE *fp, const char *name)
{
	return open_reader(r, fp, name, 1);
}

FILE *
tsv_open_path(struct tsv_reader *r, const char *path, const char *name)
{
	FILE *fp;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return NULL;
	}
	if (tsv_open(r, fp, name) == -1) {
		fu_warnx("%s: read error: %s", name, tsv_strerror(r));
		tsv_close(r);
		fu_close_in(fp);
		return NULL;
	}
	return fp;
}

int
tsv_next_raw(struct tsv_reader *r, char **linep, size_t *lenp)
{
	char *line;
	size_t len;
	int rc;

	r->raw = NULL;
	r->rawlen = 0;
	r->nfield = 0;
	if (r->ncol == 0)
		return TSV_EOF;
	if ((rc = next_record(r, 1, &line, &len)) != TSV_OK)
		return rc;
	r->raw = line;
	r->rawlen = len;
	*linep = line;
	*lenp = len;
	return TSV_OK;
}

long
tsv_next_lines(struct tsv_reader *r, struct tsv_line *l, size_t max)
{
	size_t n = 0;
	int rc = TSV_OK;

	r->raw = NULL;
	r->rawlen = 0;
	r->nfield = 0;
	if (r->ncol == 0)
		return 0;
	/* Input is read only for the first: the others must stay put. */
	while (n < max &&
	    (rc = next_record(r, n == 0, &l[n].s, &l[n].len)) == TSV_OK)
		l[n++].lineno = r->lineno;
	if (rc == TSV_ERR)
		return -1;
	return (long)n;
}

int
tsv_split(struct tsv_reader *r)
{
	if (r->raw == NULL)
		return r->nfield == r->ncol ? TSV_OK : TSV_BADROW;
	split(r, r->raw, r->rawlen);
	r->raw = NULL;
	return r->nfield == r->ncol ? TSV_OK : TSV_BADROW;
}

int
tsv_next(struct tsv_reader *r)
{
	char *line;
	size_t len;
	int rc;

	if ((rc = tsv_next_raw(r, &line, &len)) != TSV_OK)
		return rc;
	return tsv_split(r);
}

int
tsv_next_report(struct tsv_reader *r)
{
	char err[FU_ERRBUF];
	int rc = tsv_next(r);

	if (rc == TSV_ERR)
		fu_warnx("%s: read error: %s", r->name, tsv_strerror(r));
	else if (rc == TSV_BADROW) {
		tsv_badrow_msg(r, err);
		fu_datawarn(r->name, r->lineno, "%s", err);
	}
	return rc;
}

const char *
tsv_strerror(const struct tsv_reader *r)
{
	if (r->shrank)
		return "the file shrank while it was read (cut short or "
		    "rewritten): its last lines are lost; run again once it "
		    "is whole";
	return strerror(errno);
}

void
tsv_badrow_msg(const struct tsv_reader *r, char *err)
{
	snprintf(err, FU_ERRBUF, "%zu field%s, expected %zu (as the header)",
	    r->nfield, r->nfield == 1 ? "" : "s", r->ncol);
}

long
tsv_col(const struct tsv_reader *r, const char *name)
{
	uint64_t key;

	if (r->colat == NULL)
		return -1;
	return col_lookup(r, name, strlen(name), &key);
}

void
tsv_close(struct tsv_reader *r)
{
	size_t i;

	for (i = 0; r->col != NULL && i < r->ncol; i++)
		free(r->col[i]);
	free(r->col);
	free(r->colat);
	idmap_free(&r->colmap);
	free(r->field);
	free(r->len);
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

/*
 * The one escaper: n bytes of s escaped into o, which has room for 2n;
 * how many bytes it wrote.  Most fields have nothing to escape: eight
 * bytes are passed at a time while none is below 0x0e (tab, LF, CR and
 * other controls) or a backslash, and runs are copied whole (escaping
 * in fu-import on 100k rows of gen -E: 57M -> 35M instructions,
 * callgrind).
 */
#define ESC_ONES	UINT64_C(0x0101010101010101)
#define ESC_HIGHS	UINT64_C(0x8080808080808080)

static size_t
escape(char *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *run = p;
	char *o0 = o;
	uint64_t w, b;

	while (p < end) {
		/* The last few bytes: the field's last eight, if it has them. */
		if (end - p >= 8 || n >= 8) {
			memcpy(&w, end - p >= 8 ? p : end - 8, 8);
			b = w ^ ESC_ONES * '\\';
			/* None below 0x0e, none a backslash: all eight go. */
			if (((((w - ESC_ONES * 0x0e) & ~w) |
			    ((b - ESC_ONES) & ~b)) & ESC_HIGHS) == 0) {
				p = end - p >= 8 ? p + 8 : end;
				continue;
			}
		}
		if (*p != '\t' && *p != '\n' && *p != '\r' && *p != '\\') {
			p++;
			continue;
		}
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		*o++ = '\\';
		*o++ = *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' :
		    '\\';
		run = ++p;
	}
	memcpy(o, run, (size_t)(p - run));
	o += p - run;
	return (size_t)(o - o0);
}

void
tsv_put(FILE *fp, const char *s, size_t n)
{
	char out[2 * 2048];
	size_t k;

	/* A piece at a time through the escaper, and out. */
	for (; n > 0; s += k, n -= k) {
		k = n < sizeof(out) / 2 ? n : sizeof(out) / 2;
		fwrite_unlocked(out, 1, escape(out, s, k), fp);
	}
}

void
tsv_puts(FILE *fp, const char *s)
{
	tsv_put(fp, s, strlen(s));
}

void
tsv_write_row(FILE *fp, char *const *field, const size_t *len, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			putc_unlocked('\t', fp);
		tsv_put(fp, field[i], len ? len[i] : strlen(field[i]));
	}
	putc_unlocked('\n', fp);
}

static void
buf_room(struct tsv_buf *b, size_t n)
{
	if (b->cap - b->len >= n)
		return;
	while (b->cap - b->len < n)
		b->cap = b->cap ? b->cap * 2 : 1024;
	b->s = xrealloc(b->s, b->cap);
}

void
tsv_buf_put(struct tsv_buf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	buf_room(b, 2 * n);
	b->len += escape(b->s + b->len, s, n);
}

void
tsv_buf_raw(struct tsv_buf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	buf_room(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

void
tsv_buf_long(struct tsv_buf *b, long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	tsv_buf_raw(b, p, tmp + sizeof(tmp) - p);
}

void
tsv_buf_write(struct tsv_buf *b, FILE *fp)
{
	if (b->len > 0)
		fwrite_unlocked(b->s, 1, b->len, fp);
	b->len = 0;
}

void
tsv_buf_free(struct tsv_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}
