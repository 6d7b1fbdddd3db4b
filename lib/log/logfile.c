/* logfile.c: the call log as a file; see logfile.h. */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "log/logfile.h"
#include "base/text.h"
#include "fmt/date.h"
#include "fmt/tsv.h"
#include "base/util.h"

const char *const log_cols[LC_N] = {
	"ts", "id", "type", "store", "customer", "phone", "attempt", "method",
	"outcome", "q1", "q2", "q3", "complaint", "resolved", "gift_ok",
	"callback", "agent", "note", "supersedes", "chain"
};

static const char zero_chain[] = "0000000000000000";

void
log_chain(const char *prev, char *const *f, const size_t *len, char *out)
{
	uint64_t h = fnv1a64(FNV64_OFFSET, prev, 16);
	int i;

	for (i = 0; i < LC_CHAIN; i++) {
		h = fnv1a64(h, "\x1f", 1);
		h = fnv1a64(h, f[i], len[i]);
	}
	fu_id_format(mix64(h), out);
}

void
log_chain_line(const char *prev, const char *line, size_t n, char *out)
{
	fu_id_format(fu_hash64(fu_hash64(0, prev, 16), line, n), out);
}

int
log_line_split(const char *line, size_t n, size_t ncol, size_t *chain_at)
{
	const char *p;
	size_t k;

	if (text_tabs(line, n, NULL, 0) != ncol)
		return -1;
	if (ncol == LC_N) {
		/* The usual log: the chain is the last field. */
		p = memrchr(line, '\t', n);
		*chain_at = (size_t)(p - line) + 1;
		return 0;
	}
	for (p = line, k = 0; k < LC_CHAIN; k++)
		p = (const char *)memchr(p, '\t', n - (size_t)(p - line)) + 1;
	*chain_at = (size_t)(p - line);
	return 0;
}

static int
write_header(int fd)
{
	char line[512];
	size_t n = 0;
	int i;

	for (i = 0; i < LC_N; i++)
		n += snprintf(line + n, sizeof(line) - n, "%s%s", i ? "\t" : "",
		    log_cols[i]);
	line[n++] = '\n';
	return fu_write_all(fd, line, n);
}

/*
 * A last line without its newline is what a crash leaves: append it to
 * LOG.torn, cut it off the log, and say so.
 */
static int
mend_torn(struct logfile *lf, off_t size, char *err)
{
	char buf[4096], *torn_path = NULL;
	off_t end = size, pos;
	ssize_t n, i;
	int tfd = -1, e;

	/* Find the last newline. */
	pos = -1;
	while (end > 0 && pos == -1) {
		off_t from = end > (off_t)sizeof(buf) ? end - sizeof(buf) : 0;

		n = pread(lf->fd, buf, (size_t)(end - from), from);
		if (n <= 0)
			goto fail;
		for (i = n - 1; i >= 0; i--)
			if (buf[i] == '\n') {
				pos = from + i + 1;
				break;
			}
		end = from;
	}
	if (pos == -1)
		pos = 0;
	if (asprintf(&torn_path, "%s.torn", lf->path) == -1)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	if ((tfd = open(torn_path, O_WRONLY | O_APPEND | O_CREAT, 0600)) == -1)
		goto fail;
	for (end = pos; end < size; end += n) {
		n = pread(lf->fd, buf, sizeof(buf) < (size_t)(size - end) ?
		    sizeof(buf) : (size_t)(size - end), end);
		if (n <= 0 || fu_write_all(tfd, buf, (size_t)n) == -1)
			goto fail;
	}
	if (fu_write_all(tfd, "\n", 1) == -1 || fsync(tfd) == -1 ||
	    ftruncate(lf->fd, pos) == -1 || fsync(lf->fd) == -1)
		goto fail;
	close(tfd);
	fu_warnx("%s: the last line was torn (no newline: a crash?); its "
	    "%lld bytes were moved to %s", lf->path, (long long)(size - pos),
	    torn_path);
	free(torn_path);
	lf->size = pos;
	return 0;
fail:
	e = errno;
	if (tfd != -1)
		close(tfd);
	fu_seterr(err, "%s: cannot move its torn last line aside to %s: %s",
	    lf->path, torn_path ? torn_path : "LOG.torn", strerror(e));
	free(torn_path);
	return -1;
}

int
logfile_open(struct logfile *lf, const char *path, int flags, char *err)
{
	struct stat sb;
	char last;
	int oflags;

	memset(lf, 0, sizeof(*lf));
	lf->fd = -1;
	lf->path = xstrdup(path);
	lf->flags = flags;
	memcpy(lf->chain, zero_chain, sizeof(zero_chain));
	oflags = flags & LOG_WRITE ? O_RDWR | O_APPEND : O_RDONLY;
	if (flags & LOG_CREATE)
		oflags |= O_CREAT;
	if ((lf->fd = open(path, oflags | O_CLOEXEC, 0600)) == -1) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(lf->fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		fu_seterr(err, "%s: not a regular file (a call log is one)",
		    path);
		return -1;
	}
	/* One writer at a time; readers see whole batches. */
	while (flock(lf->fd, flags & LOG_WRITE ? LOCK_EX : LOCK_SH) == -1)
		if (errno != EINTR) {
			fu_seterr(err, "%s: cannot lock: %s", path,
			    strerror(errno));
			return -1;
		}
	if (fstat(lf->fd, &sb) == -1) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	lf->size = sb.st_size;
	lf->mode = sb.st_mode & 07777;
	if (lf->size == 0 && (flags & LOG_WRITE)) {
		if (write_header(lf->fd) == -1 || fsync(lf->fd) == -1) {
			fu_seterr(err, "%s: %s", path, strerror(errno));
			if (ftruncate(lf->fd, 0) == -1)
				errno = 0;
			return -1;
		}
		lf->size = lseek(lf->fd, 0, SEEK_END);
		return 0;
	}
	if (lf->size > 0 && pread(lf->fd, &last, 1, lf->size - 1) == 1 &&
	    last != '\n') {
		if (flags & LOG_TORN_OK) {
			lf->torn = 1;
			return 0;
		}
		if (!(flags & LOG_WRITE)) {
			fu_seterr(err, "%s: the last line is torn (no newline: "
			    "a crash?); fu-record mends it on its next write",
			    path);
			return -1;
		}
		if (mend_torn(lf, lf->size, err) == -1)
			return -1;
	}
	return 0;
}

/*
 * Start reading the log from its top and check its header: 1, or 0 for
 * an empty file (nothing is left open), or -1 with err.
 */
static int
scan_open(struct logfile *lf, struct tsv_reader *r, FILE **fpp, char *err)
{
	FILE *fp;
	int fd, i;

	if ((fd = dup(lf->fd)) == -1 || lseek(fd, 0, SEEK_SET) == -1 ||
	    (fp = fdopen(fd, "r")) == NULL) {
		fu_seterr(err, "%s: %s", lf->path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	memcpy(lf->chain, zero_chain, sizeof(zero_chain));
	lf->records = 0;
	if (tsv_open(r, fp, lf->path) == -1) {
		fu_seterr(err, "%s: read error: %s", lf->path, tsv_strerror(r));
		fclose(fp);
		return -1;
	}
	if (r->ncol == 0) {	/* an empty file: no records */
		tsv_close(r);
		fclose(fp);
		return 0;
	}
	*fpp = fp;
	for (i = 0; i < LC_N; i++)
		if ((size_t)i >= r->ncol ||
		    strcmp(r->col[i], log_cols[i]) != 0) {
			fu_seterr(err, "%s: not a call log of fu: its header "
			    "has no \"%s\" as column %d", lf->path, log_cols[i],
			    i + 1);
			tsv_close(r);
			fclose(fp);
			return -1;
		}
	return 1;
}

int
logfile_scan(struct logfile *lf, int (*fn)(void *, char **, size_t *, long),
    void *arg, char *err)
{
	struct tsv_reader r;
	FILE *fp;
	int rc, stop = 0, ret = -1;

	if ((rc = scan_open(lf, &r, &fp, err)) <= 0)
		return rc;
	while (!stop && (rc = tsv_next(&r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_seterr(err, "%s: read error: %s", lf->path,
			    tsv_strerror(&r));
			goto out;
		}
		if (rc == TSV_BADROW) {
			char why[FU_ERRBUF];

			tsv_badrow_msg(&r, why);
			fu_seterr(err, "%s:%ld: %s (fu-record --mend moves "
			    "damaged lines aside)", lf->path, r.lineno, why);
			lf->badline = r.lineno;
			goto out;
		}
		lf->records++;
		if (fn != NULL)
			stop = fn(arg, r.field, r.len, r.lineno);
		memcpy(lf->chain, r.field[LC_CHAIN],
		    r.len[LC_CHAIN] == 16 ? 16 : 0);
		lf->chain[16] = '\0';
	}
	ret = 0;
out:
	tsv_close(&r);
	fclose(fp);
	return ret;
}

/* lf->chain from a line's raw chain field, as logfile_scan takes it. */
static void
take_chain(struct logfile *lf, const char *f, size_t n)
{
	char tmp[33];

	if (n == 16 && memchr(f, '\\', 16) == NULL) {
		memcpy(lf->chain, f, 16);
		return;
	}
	/* Escaped: only what it unescapes to counts (rare: hand edits). */
	if (n > 32 || memchr(f, '\\', n) == NULL)
		return;
	memcpy(tmp, f, n);
	if (tsv_unescape(tmp, n) == 16)
		memcpy(lf->chain, tmp, 16);
}

int
logfile_scan_raw(struct logfile *lf,
    int (*fn)(void *, char *, size_t, size_t, long), void *arg, char *err)
{
	struct tsv_reader r;
	FILE *fp;
	char *line, *end;
	size_t len, at;
	int rc, stop = 0, ret = -1;

	if ((rc = scan_open(lf, &r, &fp, err)) <= 0)
		return rc;
	while (!stop && (rc = tsv_next_raw(&r, &line, &len)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_seterr(err, "%s: read error: %s", lf->path,
			    tsv_strerror(&r));
			goto out;
		}
		if (log_line_split(line, len, r.ncol, &at) == -1) {
			char why[FU_ERRBUF];

			/* The reader's own split, for its own message. */
			(void)tsv_split(&r);
			tsv_badrow_msg(&r, why);
			fu_seterr(err, "%s:%ld: %s (fu-record --mend moves "
			    "damaged lines aside)", lf->path, r.lineno, why);
			lf->badline = r.lineno;
			goto out;
		}
		lf->records++;
		/* Before fn, which may change the line. */
		end = memchr(line + at, '\t', len - at);
		take_chain(lf, line + at, (end ? (size_t)(end - line) : len) -
		    at);
		if (fn != NULL)
			stop = fn(arg, line, len, at, r.lineno);
	}
	ret = 0;
out:
	tsv_close(&r);
	fclose(fp);
	return ret;
}

int
logfile_append(struct logfile *lf, const char *buf, size_t n, int no_sync,
    char *err)
{
	int e;

	if (n == 0)
		return 0;
	/* It holds phone numbers: only its owner reads it. */
	if (lf->mode & 077) {
		if (fchmod(lf->fd, lf->mode & 0700) == 0)
			fu_warnx("%s: group or others could read it (mode "
			    "%04o); now %04o", lf->path, (unsigned)lf->mode,
			    (unsigned)(lf->mode & 0700));
		else
			fu_warn("%s: mode %04o, and it cannot be set to 0600",
			    lf->path, (unsigned)lf->mode);
		lf->mode &= 0700;
	}
	if (fu_write_all(lf->fd, buf, n) == -1 ||
	    (!no_sync && fsync(lf->fd) == -1)) {
		e = errno;
		/* Nothing half-written stays: cut back to the whole lines. */
		if (ftruncate(lf->fd, lf->size) == -1 || fsync(lf->fd) == -1)
			errno = 0;
		fu_seterr(err, "%s: %s; nothing was appended", lf->path,
		    strerror(e));
		return -1;
	}
	lf->size += (off_t)n;
	return 0;
}

int
logfile_sync(struct logfile *lf, char *err)
{
	if (fsync(lf->fd) == -1) {
		fu_seterr(err, "%s: %s; nothing was appended", lf->path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

void
logfile_cut(struct logfile *lf, off_t size)
{
	if (lf->size == size)
		return;
	if (ftruncate(lf->fd, size) == -1 || fsync(lf->fd) == -1)
		errno = 0;
	lf->size = size;
}

/* A line a mend moved to LOG.bad: where it was, and its chain. */
struct badline {
	long	 line;		/* its line number then */
	long	 before;	/* the records kept before it */
	char	 chain[17];	/* its chain field, or "" */
};

struct verify {
	struct logfile	*lf;
	struct badline	*bad;
	size_t	 nbad, k;
	char	 prev[17];
	char	 alt[17];	/* the chain before a mended-out line */
	int	 have_alt;
	long	 broken;	/* first broken line, or 0 */
	int	 hashed;	/* a line chained by log_chain_line was seen */
	long	 mends;		/* mend records, and the first one's */
	long	 mend_line;
	char	 mend_ts[20];
	char	**f;		/* a legacy line's fields */
	size_t	*len;
};

void
log_line_fields(char *line, size_t at, char **f, size_t *len)
{
	char *p = line, *q = line, *end = line + at - 1;
	/* Most lines hold no backslash: then no field needs unescaping. */
	int esc = memchr(line, '\\', at) != NULL, k;

	/* One pass, not a memchr a field: the fields are short. */
	for (k = 0; k < LC_CHAIN - 1; q++)
		if (*q == '\t') {
			f[k] = p;
			len[k++] = (size_t)(q - p);
			*q = '\0';
			p = q + 1;
		}
	f[k] = p;
	len[k] = (size_t)(end - p);
	*end = '\0';
	for (k = 0; esc && k < LC_CHAIN; k++) {
		len[k] = tsv_unescape(f[k], len[k]);
		f[k][len[k]] = '\0';
	}
}

int
log_line_is_mend(const char *line, size_t at)
{
	const char *p = memchr(line, '\t', at), *end = line + at;
	int k;

	if (p == NULL || (size_t)(end - p) < 18 ||
	    memcmp(p + 1, LOG_MEND_ID "\t", 17) != 0)
		return 0;
	/* The outcome field: past id, type, ..., method. */
	for (p += 17, k = LC_ID + 1; k < LC_OUTCOME && p != NULL; k++)
		p = memchr(p + 1, '\t', (size_t)(end - p - 1));
	return p != NULL && (size_t)(end - p) > 5 &&
	    memcmp(p + 1, "mend\t", 5) == 0;
}

/* Does a line written before log_chain_line carry its FNV chain? */
static int
legacy_ok(struct verify *v, char *line, size_t at)
{
	char want[17];

	log_line_fields(line, at, v->f, v->len);
	log_chain(v->prev, v->f, v->len, want);
	return memcmp(want, line + at, 16) == 0;
}

static int
verify_one(void *arg, char *line, size_t n, size_t at, long lineno)
{
	struct verify *v = arg;
	const char *c = line + at;
	char want[17];

	/*
	 * Across a line mended out: the chain went on from its own, when
	 * the next line was written before the mend; from the line before
	 * it (alt) when the mended line was the last, the next one written
	 * after the mend.
	 */
	v->have_alt = 0;
	for (; v->k < v->nbad && v->bad[v->k].before < v->lf->records;
	    v->k++)
		if (v->bad[v->k].chain[0] != '\0') {
			if (!v->have_alt)
				memcpy(v->alt, v->prev, 17);
			v->have_alt = 1;
			memcpy(v->prev, v->bad[v->k].chain, 17);
		}

	if (n - at < 16 || (n - at > 16 && c[16] != '\t')) {
		v->broken = lineno;
		return 1;
	}
	log_chain_line(v->prev, line, at - 1, want);
	if (memcmp(want, c, 16) != 0 && v->have_alt)
		log_chain_line(v->alt, line, at - 1, want);
	if (memcmp(want, c, 16) == 0)
		v->hashed = 1;
	/*
	 * A log begun by an older fu-record holds FNV chains up to its
	 * first newer line; after that line only the new chain counts.
	 */
	else if (v->hashed || !legacy_ok(v, line, at)) {
		v->broken = lineno;
		return 1;
	}
	memcpy(v->prev, c, 16);
	if (log_line_is_mend(line, at) && v->mends++ == 0) {
		v->mend_line = lineno;
		snprintf(v->mend_ts, sizeof(v->mend_ts), "%.*s",
		    (int)strcspn(line, "\t"), line);
	}
	return 0;
}

static char *
side_path(const char *path, const char *ext)
{
	char *p;

	if (asprintf(&p, "%s%s", path, ext) == -1)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	return p;
}

/* A damaged line's chain (17 bytes), if its last field still is one. */
static int
bad_chain(const char *line, size_t n, char *chain)
{
	if (n < 17 || line[n - 17] != '\t' ||
	    strspn(line + n - 16, "0123456789abcdef") < 16)
		return 0;
	memcpy(chain, line + n - 16, 16);
	chain[16] = '\0';
	return 1;
}

/* LOG.bad's lines, if there is one: 0, or -1 with err. */
static int
read_bad(struct logfile *lf, struct verify *v, char *err)
{
	char *path = side_path(lf->path, ".bad"), *line = NULL, *t1, *t2;
	size_t cap = 0, n, rn = 0;
	ssize_t len;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		free(path);
		if (errno == ENOENT)
			return 0;
		fu_seterr(err, "%s.bad: %s", lf->path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		struct badline *b;

		n = (size_t)len;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if ((t1 = strchr(line, '\t')) == NULL ||
		    (t2 = strchr(t1 + 1, '\t')) == NULL)
			continue;
		v->bad = xgrow(v->bad, &rn, v->nbad + 1, sizeof(*v->bad));
		b = &v->bad[v->nbad++];
		b->line = atol(line);
		b->before = atol(t1 + 1);
		b->chain[0] = '\0';
		(void)bad_chain(t2 + 1, n - (size_t)(t2 + 1 - line), b->chain);
	}
	free(line);
	free(path);
	fclose(fp);
	return 0;
}

int
logfile_verify(struct logfile *lf, char *err)
{
	struct verify v;
	char *f[LC_N];
	size_t len[LC_N];
	int r = 0;

	memset(&v, 0, sizeof(v));
	memcpy(v.prev, zero_chain, sizeof(zero_chain));
	v.lf = lf;
	v.f = f;
	v.len = len;
	if (lf->torn) {
		fu_warnx("%s: the last line is torn (no newline: a crash?); "
		    "fu-record mends it on its next write", lf->path);
		return 1;
	}
	if (read_bad(lf, &v, err) == -1)
		return -1;
	lf->mended = (long)v.nbad;
	lf->mended_line = v.nbad > 0 ? v.bad[0].line : 0;
	if (logfile_scan_raw(lf, verify_one, &v, err) == -1) {
		free(v.bad);
		if (lf->badline == 0)
			return -1;
		/* A damaged line is the data's problem, not ours. */
		fu_warnx("%s", err);
		return 1;
	}
	free(v.bad);
	lf->mends = v.mends;
	lf->mend_line = v.mend_line;
	memcpy(lf->mend_ts, v.mend_ts, sizeof(lf->mend_ts));
	if (v.broken == 0 && v.mends > 0 && v.nbad == 0) {
		fu_datawarn(lf->path, v.mend_line, "the log was mended here "
		    "(%s), but %s.bad, which holds the lines it moved, is not "
		    "there", v.mend_ts, lf->path);
		return 1;
	}
	if (v.broken == 0)
		return r;
	fu_datawarn(lf->path, v.broken, "the chain is broken here: this line "
	    "was changed, or a line before it was removed or changed");
	return 1;
}

/* What a mend did, for its record: the last chain, the lines moved. */
struct mended {
	char		 chain[17];
	struct tsv_buf	 lines;		/* "3, 7, 9" */
};

/* The log's lines sorted into good (kept in *keep) and bad (to bfd). */
static long
mend_sort(struct logfile *lf, struct tsv_buf *keep, int bfd,
    struct mended *md, char *err)
{
	struct tsv_reader r;
	struct tsv_buf b = { NULL, 0, 0 };
	FILE *fp;
	char *line;
	size_t len, at;
	long moved = 0, kept = 0;
	int rc;

	if ((rc = scan_open(lf, &r, &fp, err)) <= 0)
		return rc;
	while ((rc = tsv_next_raw(&r, &line, &len)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_seterr(err, "%s: read error: %s", lf->path,
			    tsv_strerror(&r));
			moved = -1;
			break;
		}
		if (log_line_split(line, len, r.ncol, &at) == 0) {
			tsv_buf_raw(keep, line, len);
			tsv_buf_char(keep, '\n');
			kept++;
			if (len - at >= 16)
				memcpy(md->chain, line + at, 16);
			continue;
		}
		(void)bad_chain(line, len, md->chain);
		if (moved < 10) {
			tsv_buf_raw(&md->lines, moved ? ", " : "", moved ? 2 : 0);
			tsv_buf_long(&md->lines, r.lineno);
		} else if (moved == 10)
			tsv_buf_raw(&md->lines, ", ...", 5);
		b.len = 0;
		tsv_buf_long(&b, r.lineno);
		tsv_buf_char(&b, '\t');
		tsv_buf_long(&b, kept);
		tsv_buf_char(&b, '\t');
		tsv_buf_raw(&b, line, len);
		tsv_buf_char(&b, '\n');
		if (fu_write_all(bfd, b.s, b.len) == -1) {
			fu_seterr(err, "%s.bad: %s", lf->path, strerror(errno));
			moved = -1;
			break;
		}
		fu_warnx("%s:%ld: a damaged line, moved to %s.bad", lf->path,
		    r.lineno, lf->path);
		moved++;
	}
	tsv_buf_free(&b);
	tsv_close(&r);
	fclose(fp);
	return moved;
}

/* The log rewritten as keep, a copy kept in LOG.mend until it is. */
static int
mend_write(struct logfile *lf, const struct tsv_buf *keep, char *err)
{
	char *path = side_path(lf->path, ".mend");
	int fd, ret = -1;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || write_header(fd) == -1 ||
	    fu_write_all(fd, keep->s, keep->len) == -1 || fsync(fd) == -1) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (ftruncate(lf->fd, 0) == -1 || write_header(lf->fd) == -1 ||
	    fu_write_all(lf->fd, keep->s, keep->len) == -1 ||
	    fsync(lf->fd) == -1) {
		fu_seterr(err, "%s: %s; its lines are in %s", lf->path,
		    strerror(errno), path);
		goto out;
	}
	lf->size = lseek(lf->fd, 0, SEEK_END);
	(void)unlink(path);
	ret = 0;
out:
	if (fd != -1)
		close(fd);
	free(path);
	return ret;
}

/*
 * The mend's own record, appended after the lines kept, in the chain:
 * id LOG_MEND_ID, outcome mend, who and what in agent and note.
 */
static int
mend_record(struct logfile *lf, const struct mended *md, long moved,
    long long now, const char *agent, char *err)
{
	struct tsv_buf b = { NULL, 0, 0 }, note = { NULL, 0, 0 };
	char ts[20], chain[17];
	int k, ret;

	time_format(now, ts);
	tsv_buf_long(&note, moved);
	tsv_buf_raw(&note, moved == 1 ? " damaged line moved to " :
	    " damaged lines moved to ", moved == 1 ? 23 : 24);
	tsv_buf_raw(&note, lf->path, strlen(lf->path));
	tsv_buf_raw(&note, moved == 1 ? ".bad: line " : ".bad: lines ",
	    moved == 1 ? 11 : 12);
	tsv_buf_raw(&note, md->lines.s, md->lines.len);
	for (k = 0; k < LC_CHAIN; k++) {
		if (k > 0)
			tsv_buf_char(&b, '\t');
		if (k == LC_TS)
			tsv_buf_raw(&b, ts, strlen(ts));
		else if (k == LC_ID)
			tsv_buf_raw(&b, LOG_MEND_ID, 16);
		else if (k == LC_OUTCOME)
			tsv_buf_raw(&b, "mend", 4);
		else if (k == LC_AGENT && agent != NULL)
			tsv_buf_put(&b, agent, strlen(agent));
		else if (k == LC_NOTE)
			tsv_buf_put(&b, note.s, note.len);
	}
	log_chain_line(md->chain, b.s, b.len, chain);
	tsv_buf_char(&b, '\t');
	tsv_buf_raw(&b, chain, 16);
	tsv_buf_char(&b, '\n');
	ret = logfile_append(lf, b.s, b.len, 0, err);
	tsv_buf_free(&b);
	tsv_buf_free(&note);
	return ret;
}

long
logfile_mend(struct logfile *lf, long long now, const char *agent,
    char *err)
{
	struct tsv_buf keep = { NULL, 0, 0 };
	struct mended md;
	char *path = side_path(lf->path, ".bad");
	long moved;
	int bfd;

	memset(&md, 0, sizeof(md));
	memcpy(md.chain, zero_chain, sizeof(zero_chain));

	if ((bfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		fu_seterr(err, "%s: %s%s", path, strerror(errno), errno ==
		    EEXIST ? " (from an earlier mend: a log is mended once; "
		    "keep it, and start a new log)" : "");
		free(path);
		return -1;
	}
	moved = mend_sort(lf, &keep, bfd, &md, err);
	if (moved > 0 && fsync(bfd) == -1) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		moved = -1;
	}
	close(bfd);
	if (moved <= 0)
		(void)unlink(path);
	if (moved > 0 && (mend_write(lf, &keep, err) == -1 ||
	    mend_record(lf, &md, moved, now, agent, err) == -1))
		moved = -1;
	tsv_buf_free(&keep);
	tsv_buf_free(&md.lines);
	free(path);
	return moved;
}

void
logfile_close(struct logfile *lf)
{
	if (lf->fd != -1)
		close(lf->fd);	/* and so unlocked */
	free(lf->path);
	memset(lf, 0, sizeof(*lf));
	lf->fd = -1;
}
