/* calllog.c: the call-log reader; see calllog.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/pool.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/tsv.h"
#include "log/calllog.h"
#include "log/logfile.h"

/* Bad lines shown on standard error; the rest are counted. */
#define SHOW_BAD	20

/* A correction, as the first reading parsed its supersedes. */
struct calllog_fix {
	long		 line;
	long long	 ts;		/* what it corrects */
	uint64_t	 id;
	char		*why;		/* NULL, or why it does not parse */
	long long	 root_ts;	/* its chain's first record */
	uint64_t	 root_key;	/* fix_key of that record */
	/* CALLLOG_IN_PLACE */
	char		*copy;		/* the line as read, or NULL */
	size_t		 len;
	uint32_t	 next;		/* the next fix of its root, + 1 */
	int		 moved;		/* returned at its root's place */
	long		 prev_last;	/* last[] of its target before it */
	int		 own_ok;	/* its own ts and id parse: */
	long long	 own_ts;
	uint64_t	 own_id;
};

int
calllog_parse_supersedes(const char *s, size_t n, long long *ts,
    uint64_t *id, char *err)
{
	char q[TEXT_QUOTE_MAX + 1];
	const unsigned char *p = (const unsigned char *)s;
	size_t sp;

	text_trim(&p, &n);
	s = (const char *)p;
	for (sp = n; sp > 0 && s[sp - 1] != ' '; sp--)
		;
	if (sp == 0 || n - sp != 16 || fu_id_parse_n(s + sp, 16, id) == -1 ||
	    time_parse(s, sp - 1, 0, ts, NULL) == -1) {
		text_quote(s, n, q);
		fu_seterr(err, "supersedes \"%s\" is not \"TS ID\" (a time and "
		    "a 16-digit id)", q);
		return -1;
	}
	return 0;
}

/* The key of the record (ts, id) in the table of those corrected. */
static uint64_t
fix_key(long long ts, uint64_t id)
{
	return mix64(mix64((uint64_t)ts) + id);
}

/* The line of the last correction of the record (ts, id), or 0. */
static long
last_fix(const struct calllog *lg, long long ts, uint64_t id)
{
	uint64_t key;
	uint32_t slot;

	if (lg->fixed.n == 0)
		return 0;
	key = fix_key(ts, id);
	/*
	 * Most records of a big log were never corrected, and are known
	 * so by the filter.  Measured (/usr/bin/time, user seconds, one
	 * run each on a loaded 2-core machine): fu-summarize --by
	 * store,week on 10M genlog rows, 8.4 s with it, 10.5 s without;
	 * the output the same.
	 */
	if (lg->filtered && !idfilter_maybe(&lg->filter, key))
		return 0;
	slot = idmap_get(&lg->fixed, key);
	return slot == IDMAP_NONE ? 0 : lg->last[slot];
}

static void
bad_line(struct calllog *lg, long lineno, const char *why)
{
	lg->bad++;
	if (lg->flags & CALLLOG_QUIET)
		return;
	if (lg->shown++ < SHOW_BAD)
		fu_datawarn(lg->name, lineno, "%s", why);
}

/* Read the header and find the columns. */
static int
begin(struct calllog *lg, char *err)
{
	int i;

	if (tsv_open(&lg->tsv, lg->fp, lg->name) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	lg->ncol = lg->tsv.ncol;
	for (i = 0; i < LC_N; i++)
		lg->col[i] = tsv_col(&lg->tsv, log_cols[i]);
	if (lg->ncol == 0)
		return 0;
	for (i = 0; i < LC_N; i++)
		if (lg->col[i] == -1 &&
		    (i == LC_TS || i == LC_ID || i == LC_OUTCOME)) {
			fu_seterr(err, "%s: not a call log: no %s column",
			    lg->name, log_cols[i]);
			return -1;
		}
	return 0;
}

/*
 * Field c of a line of ncol fields, looked for from the nearer end:
 * [*a, *b).  -1 when the line has too few tabs for it.  A line with
 * the wrong count of fields may show another field here: the caller
 * checks the count before it trusts a field that is not empty.
 */
static int
find_field(const char *s, size_t len, size_t c, size_t ncol, size_t *a,
    size_t *b)
{
	const char *p = s, *q = s + len, *t;
	size_t k;

	if (c < ncol / 2) {
		for (k = 0; k < c; k++) {
			if ((t = memchr(p, '\t', (size_t)(q - p))) == NULL)
				return -1;
			p = t + 1;
		}
		t = memchr(p, '\t', (size_t)(q - p));
		*a = (size_t)(p - s);
		*b = t != NULL ? (size_t)(t - s) : len;
		return 0;
	}
	for (k = ncol - 1; k > c; k--) {
		if ((t = memrchr(s, '\t', (size_t)(q - s))) == NULL)
			return -1;
		q = t;
	}
	t = memrchr(s, '\t', (size_t)(q - s));
	*a = t != NULL ? (size_t)(t - s) + 1 : 0;
	*b = (size_t)(q - s);
	return 0;
}

/* Field c of a line split at end[], cut out and unescaped in place. */
static char *
cut(char *s, const uint32_t *end, long c, size_t *n)
{
	size_t a = c > 0 ? end[c - 1] + 1 : 0, b = end[c];

	if (memchr(s + a, '\\', b - a) != NULL)
		b = a + tsv_unescape(s + a, b - a);
	s[b] = '\0';
	*n = b - a;
	return s + a;
}

/* A correction line of the first reading: listed, its target noted. */
static void
add_fix(struct calllog *lg, struct tsv_line *l)
{
	char err[FU_ERRBUF];
	struct calllog_fix *fx;
	const char *f;
	size_t n;
	long long own_ts = 0;
	uint64_t own_id = 0;
	uint32_t slot;
	int added, own_ok;
	char *copy = NULL;

	if (lg->flags & CALLLOG_IN_PLACE)
		copy = xstrndup(l->s, l->len);
	f = cut(l->s, lg->end, lg->col[LC_TS], &n);
	own_ok = time_parse(f, n, 0, &own_ts, NULL) == 0;
	/* Not yet written then; a bad ts is the second reading's. */
	if (lg->asof != CALLLOG_NO_AS_OF && own_ok && own_ts > lg->asof) {
		free(copy);
		return;
	}
	f = cut(l->s, lg->end, lg->col[LC_ID], &n);
	own_ok = own_ok && fu_id_parse_n(f, n, &own_id) == 0;
	lg->fix = xgrow(lg->fix, &lg->fixcap, lg->nfix + 1, sizeof(*lg->fix));
	fx = &lg->fix[lg->nfix++];
	memset(fx, 0, sizeof(*fx));
	fx->line = l->lineno;
	fx->copy = copy;
	fx->len = l->len;
	f = cut(l->s, lg->end, lg->col[LC_SUPERSEDES], &n);
	if (calllog_parse_supersedes(f, n, &fx->ts, &fx->id, err) == -1) {
		/* Reported by the second reading, if the line gets there. */
		fx->why = xstrdup(err);
		return;
	}
	slot = idmap_put(&lg->fixed, fix_key(fx->ts, fx->id), &added);
	if (added)
		lg->last = xgrow(lg->last, &lg->lastcap, lg->fixed.n,
		    sizeof(*lg->last));
	/* Lines come in order: the last correction is this one. */
	fx->prev_last = added ? 0 : lg->last[slot];
	lg->last[slot] = l->lineno;
	/* Its chain's first record: its target's, if that corrects. */
	fx->root_ts = fx->ts;
	fx->root_key = fix_key(fx->ts, fx->id);
	if (lg->own.n > 0 && (slot = idmap_get(&lg->own, fx->root_key)) !=
	    IDMAP_NONE) {
		fx->root_ts = lg->fix[lg->ownfix[slot]].root_ts;
		fx->root_key = lg->fix[lg->ownfix[slot]].root_key;
	}
	fx->own_ok = own_ok;
	fx->own_ts = own_ts;
	fx->own_id = own_id;
	if (own_ok) {
		slot = idmap_put(&lg->own, fix_key(own_ts, own_id), &added);
		if (added)
			lg->ownfix = xgrow(lg->ownfix, &lg->owncap, lg->own.n,
			    sizeof(*lg->ownfix));
		lg->ownfix[slot] = (uint32_t)(lg->nfix - 1);
	}
}

/*
 * CALLLOG_IN_PLACE: each correction that will be in force (the last of
 * its target's, not corrected itself), listed under its chain's first
 * record, in log order.
 */
static void
list_roots(struct calllog *lg)
{
	struct calllog_fix *fx;
	uint32_t slot, *tail = NULL;
	size_t i, tailcap = 0;
	int added;

	for (i = 0; i < lg->nfix; i++) {
		fx = &lg->fix[i];
		if (fx->why != NULL || fx->copy == NULL || !fx->own_ok ||
		    fx->line > lg->lines ||
		    last_fix(lg, fx->ts, fx->id) != fx->line ||
		    last_fix(lg, fx->own_ts, fx->own_id) > fx->line)
			continue;
		slot = idmap_put(&lg->roots, fx->root_key, &added);
		if (added) {
			lg->rootfix = xgrow(lg->rootfix, &lg->rootcap,
			    lg->roots.n, sizeof(*lg->rootfix));
			tail = xgrow(tail, &tailcap, lg->roots.n,
			    sizeof(*tail));
			lg->rootfix[slot] = (uint32_t)i + 1;
		} else
			lg->fix[tail[slot] - 1].next = (uint32_t)i + 1;
		tail[slot] = (uint32_t)i + 1;
	}
	free(tail);
}

/* Whether the log's last line has no newline (a writer's crash). */
static int
torn(const struct calllog *lg)
{
	struct stat st;
	char c;

	if (fstat(fileno(lg->fp), &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size <= lg->start)
		return 0;
	return pread(fileno(lg->fp), &c, 1, st.st_size - 1) == 1 && c != '\n';
}

/* CALLLOG_NO_TORN: the torn last line said, and not read. */
static void
drop_torn(struct calllog *lg)
{
	struct calllog_fix *fx;
	uint32_t slot;

	if (!(lg->flags & CALLLOG_QUIET))
		fu_datawarn(lg->name, lg->lines, "the last line is torn (no "
		    "newline: a writer stopped); not read");
	lg->torn = 1;
	if (lg->nfix > 0 && lg->fix[lg->nfix - 1].line == lg->lines) {
		/* It corrects nothing. */
		fx = &lg->fix[lg->nfix - 1];
		if (fx->why == NULL && (slot = idmap_get(&lg->fixed,
		    fix_key(fx->ts, fx->id))) != IDMAP_NONE)
			lg->last[slot] = fx->prev_last;
	}
	lg->lines--;
}

/* Does a line of the log correct something?  Most do not: one field. */
static int
corrects(const struct calllog *lg, const char *s, size_t len, uint32_t *end)
{
	size_t a, b;

	return lg->col[LC_SUPERSEDES] != -1 && find_field(s, len,
	    (size_t)lg->col[LC_SUPERSEDES], lg->ncol, &a, &b) == 0 && a != b &&
	    text_tabs(s, len, end, lg->ncol) == lg->ncol;
}

/*
 * A part of the log, [from, to) in bytes from a line's start, read by
 * a reader of its own (tsv_open_part: the lines as one reading finds
 * them) for its corrections, each copied with its line number in the
 * part, to be added in the file's order.
 */
struct part {
	struct pool_job	 job;
	struct calllog	*lg;
	long long	 from, to;
	char		*text;		/* the lines found, each NUL-ended */
	size_t		 len, cap;
	struct tsv_line	*ln;		/* s: the offset into text, till done */
	size_t		 n, lncap;
	long		 lines;		/* in the part */
	int		 error;		/* errno of a failed read */
};

static void
part_scan(struct pool_job *job, void *ctx)
{
	struct part *pt = (struct part *)job;
	const struct calllog *lg = pt->lg;
	struct tsv_reader r;
	struct tsv_line ln[CALLLOG_BLOCK], *l;
	uint32_t *end = xcalloc(lg->ncol, sizeof(*end));
	long n, k;

	(void)ctx;
	tsv_open_part(&r, fileno(lg->fp), pt->from, pt->to, lg->ncol,
	    lg->name);
	while ((n = tsv_next_lines(&r, ln, CALLLOG_BLOCK)) > 0)
		for (k = 0; k < n; k++) {
			if (!corrects(lg, ln[k].s, ln[k].len, end))
				continue;
			pt->ln = xgrow(pt->ln, &pt->lncap, pt->n + 1,
			    sizeof(*pt->ln));
			l = &pt->ln[pt->n++];
			*l = ln[k];
			l->s = (char *)(uintptr_t)pt->len;
			pt->text = xgrow(pt->text, &pt->cap, pt->len +
			    ln[k].len + 1, 1);
			memcpy(pt->text + pt->len, ln[k].s, ln[k].len + 1);
			pt->len += ln[k].len + 1;
		}
	if (n == -1)
		pt->error = errno;
	pt->lines = r.lineno;
	tsv_close(&r);
	free(end);
}

/*
 * CALLLOG_SPLIT: the lines after the header read in two parts, the
 * second on a thread of its own, their corrections then added in the
 * order of the file, as one reading would.  0 when done; 1 when the
 * file is not one to split (the caller reads it on its own); -1 with
 * err.
 */
static int
split_corrections(struct calllog *lg, char *err)
{
	struct part pt[2];
	struct pool pool;
	struct tsv_line *l;
	struct stat st;
	off_t data, mid;
	char buf[4096], *nl;
	void *ctx = NULL;
	ssize_t got;
	size_t i, k;
	int e, fd = fileno(lg->fp);

	if (!(lg->flags & (CALLLOG_SPLIT | CALLLOG_SPLIT_ANY)) ||
	    fstat(fd, &st) == -1 || !S_ISREG(st.st_mode))
		return 1;
	/* Where the records begin: what stdio and the reader hold back. */
	if ((data = ftello(lg->fp)) == -1)
		return 1;
	data -= (off_t)(lg->tsv.end - lg->tsv.beg);
	if (st.st_size - data < 2 || (!(lg->flags & CALLLOG_SPLIT_ANY) &&
	    st.st_size - data < CALLLOG_SPLIT_MIN))
		return 1;
	/* The second part begins after the LF at or past the middle. */
	for (mid = data + (st.st_size - data) / 2; mid < st.st_size;
	    mid += got) {
		if ((got = pread(fd, buf, sizeof(buf), mid)) <= 0) {
			mid = st.st_size;	/* the one part: read as one */
			break;
		}
		if ((nl = memchr(buf, '\n', (size_t)got)) != NULL) {
			mid += nl - buf + 1;
			break;
		}
	}
	memset(pt, 0, sizeof(pt));
	pt[0].lg = pt[1].lg = lg;
	pt[0].from = data;
	pt[0].to = pt[1].from = mid;
	pt[1].to = st.st_size;
	pool_init(&pool, 1, part_scan, &ctx);
	pool_submit(&pool, &pt[1].job);
	part_scan(&pt[0].job, NULL);
	pool_wait(&pool, &pt[1].job);
	pool_free(&pool);
	if ((e = pt[0].error != 0 ? pt[0].error : pt[1].error) != 0)
		fu_seterr(err, "%s: read error: %s", lg->name, strerror(e));
	for (k = 0; e == 0 && k < 2; k++)
		for (i = 0; i < pt[k].n; i++) {
			l = &pt[k].ln[i];
			l->s = pt[k].text + (uintptr_t)l->s;
			l->lineno += lg->tsv.lineno + (k == 1 ? pt[0].lines : 0);
			/* add_fix cuts its fields at lg->end. */
			(void)text_tabs(l->s, l->len, lg->end, lg->ncol);
			add_fix(lg, l);
		}
	lg->lines = lg->tsv.lineno + pt[0].lines + pt[1].lines;
	for (k = 0; k < 2; k++) {
		free(pt[k].text);
		free(pt[k].ln);
	}
	return e != 0 ? -1 : 0;
}

/*
 * The first reading: the corrections, and what each corrects; then
 * back to the start for the second.
 */
static int
read_corrections(struct calllog *lg, char *err)
{
	struct tsv_line *l;
	long n = 0, k;
	int r;

	if ((r = split_corrections(lg, err)) == -1)
		return -1;
	while (r == 1 && (n = tsv_next_lines(&lg->tsv, lg->ln,
	    CALLLOG_BLOCK)) > 0)
		for (k = 0; k < n; k++) {
			l = &lg->ln[k];
			if (corrects(lg, l->s, l->len, lg->end))
				add_fix(lg, l);
		}
	if (n == -1) {
		fu_seterr(err, "%s: read error: %s", lg->name,
		    tsv_strerror(&lg->tsv));
		return -1;
	}
	if (r == 1)
		lg->lines = lg->tsv.lineno;
	if ((lg->flags & CALLLOG_NO_TORN) && torn(lg))
		drop_torn(lg);
	if (lg->flags & CALLLOG_IN_PLACE)
		list_roots(lg);
	if (lg->fixed.n > 0) {
		idfilter_build(&lg->filter, &lg->fixed);
		lg->filtered = 1;
	}
	tsv_close(&lg->tsv);
	if (fseeko(lg->fp, lg->start, SEEK_SET) == -1) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		return -1;
	}
	return begin(lg, err);
}

/*
 * Is the folder of path there?  A log not there in a folder that is
 * is a first week's; in a folder that is not (a share not mounted, a
 * typing slip), it is an error.
 */
static int
dir_exists(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	char *dir;
	int r;

	if (slash == NULL)
		return 1;
	dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	r = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	free(dir);
	return r;
}

static void
note_missing(const char *path)
{
	fu_warnx("%s: no such log yet: read as an empty log", path);
}

void
calllog_drop_missing(char **files, size_t *n)
{
	struct stat st;
	size_t i, k = 0;

	for (i = 0; i < *n; i++) {
		if (strcmp(files[i], "-") != 0 && stat(files[i], &st) == -1 &&
		    errno == ENOENT && dir_exists(files[i]))
			note_missing(files[i]);
		else
			files[k++] = files[i];
	}
	*n = k;
}

int
calllog_open(struct calllog *lg, const char *path, long long asof,
    const char *tmpdir, char *err)
{
	return calllog_open_flags(lg, path, asof, tmpdir, 0, err);
}

int
calllog_open_flags(struct calllog *lg, const char *path, long long asof,
    const char *tmpdir, int flags, char *err)
{
	FILE *fp, *rr;

	memset(lg, 0, sizeof(*lg));
	lg->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	lg->asof = asof;
	lg->flags = flags;
	lg->lines = LONG_MAX;
	idmap_init(&lg->fixed);
	idmap_init(&lg->own);
	idmap_init(&lg->roots);
	if ((fp = fu_open_in(path)) == NULL && errno == ENOENT &&
	    strcmp(path, "-") != 0 && dir_exists(path)) {
		/* Every office's first week: no log yet. */
		note_missing(path);
		lg->missing = 1;
		return 0;
	}
	if (fp == NULL) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((rr = fu_rereadable(fp, tmpdir, &lg->start)) == NULL) {
		fu_seterr(err, "%s: %s", lg->name, strerror(errno));
		fu_close_in(fp);
		goto fail;
	}
	if (rr != fp)
		fu_close_in(fp);
	lg->fp = rr;
	lg->own_fp = rr != stdin;
	/* fu-record appends under an exclusive lock: read whole batches. */
	(void)flock(fileno(lg->fp), LOCK_SH);
	if (begin(lg, err) == -1)
		goto fail;
	lg->end = xcalloc((lg->ncol ? lg->ncol : 1) * CALLLOG_BLOCK,
	    sizeof(*lg->end));
	if (lg->ncol > 0 && (lg->col[LC_SUPERSEDES] != -1 ||
	    (flags & CALLLOG_NO_TORN)) && read_corrections(lg, err) == -1)
		goto fail;
	return 0;
fail:
	calllog_close(lg);
	return -1;
}

/* Cut out field c (column i) of r once: unescaping twice would undo a "\\". */
static inline void
cut_field(struct callrec *r, enum logcol c, long i)
{
	size_t a = i > 0 ? r->end[i - 1] + 1 : 0, n = r->end[i] - a;

	if (r->esc)
		n = tsv_unescape(r->s + a, n);
	r->s[a + n] = '\0';
	r->len[c] = (uint32_t)n;
	r->ready |= (uint32_t)1 << c;
}

const char *
calllog_field(const struct calllog *lg, struct callrec *r, enum logcol c,
    size_t *len)
{
	long i = lg->col[c];

	if (i == -1) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	if (!(r->ready & (uint32_t)1 << c))
		cut_field(r, c, i);
	if (len != NULL)
		*len = r->len[c];
	return r->s + (i > 0 ? r->end[i - 1] + 1 : 0);
}

/* The correction on line lineno, if it is one, as the first reading saw. */
static const struct calllog_fix *
fix_at(struct calllog *lg, long lineno)
{
	while (lg->nextfix < lg->nfix && lg->fix[lg->nextfix].line < lineno)
		lg->nextfix++;
	if (lg->nextfix < lg->nfix && lg->fix[lg->nextfix].line == lineno)
		return &lg->fix[lg->nextfix];
	return NULL;
}

/* Whether a record stands: 0 if a correction replaced it (counted). */
static int
in_force(struct calllog *lg, struct callrec *r)
{
	const struct calllog_fix *fx;
	uint32_t slot;

	if ((fx = fix_at(lg, r->lineno)) != NULL) {
		if (fx->moved)
			return 0;	/* returned at its root's place */
		if (fx->why != NULL) {
			bad_line(lg, r->lineno, fx->why);
			return 0;
		}
		/* Replaced by a later correction of its target. */
		if (last_fix(lg, fx->ts, fx->id) > r->lineno) {
			lg->superseded++;
			return 0;
		}
		r->correction = 1;
		r->sup_ts = fx->ts;
		r->sup_id = fx->id;
		r->call_ts = fx->root_ts;
	}
	/* Replaced by a later correction of it. */
	if (last_fix(lg, r->ts, r->id) > r->lineno) {
		lg->superseded++;
		/* Its chain's last forms are returned here instead. */
		if (lg->roots.n > 0 && (slot = idmap_get(&lg->roots,
		    fix_key(r->ts, r->id))) != IDMAP_NONE)
			lg->pend = lg->rootfix[slot];
		return 0;
	}
	return 1;
}

/* A line: 1 a record in force (in r), else 0 (bad, later, superseded). */
static int
take(struct calllog *lg, struct tsv_line *l, struct callrec *r,
    uint32_t *end)
{
	char err[FU_ERRBUF], why[FU_ERRBUF], q[TEXT_QUOTE_MAX + 1];
	const char *f;
	size_t n;

	lg->tsv.nfield = text_tabs(l->s, l->len, end, lg->ncol);
	/* A last line cut short, without its newline: a crash's. */
	if (lg->tsv.nfield != lg->ncol && l->lineno == lg->tsv.unended) {
		bad_line(lg, l->lineno, "the last line is torn (no newline, "
		    "fields missing: a crash?): left out; fu-record moves it "
		    "aside on its next write");
		return 0;
	}
	if (lg->tsv.nfield != lg->ncol) {
		/* tsv.c words it, as for any bad row. */
		tsv_badrow_msg(&lg->tsv, err);
		bad_line(lg, l->lineno, err);
		return 0;
	}
	memset(r, 0, sizeof(*r));
	r->s = l->s;
	r->end = end;
	r->esc = memchr(l->s, '\\', l->len) != NULL;
	r->lineno = l->lineno;
	/* The record of a mend (logfile.h) is no call: skipped, counted. */
	f = calllog_field(lg, r, LC_ID, &n);
	if (n == 16 && memcmp(f, LOG_MEND_ID, 16) == 0 &&
	    strcmp(calllog_field(lg, r, LC_OUTCOME, NULL), "mend") == 0) {
		lg->mends++;
		return 0;
	}
	f = calllog_field(lg, r, LC_TS, &n);
	if (time_parse(f, n, 0, &r->ts, err) == -1) {
		snprintf(why, sizeof(why), "ts: %.200s", err);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	r->call_ts = r->ts;
	if (r->ts > lg->asof) {
		lg->later++;
		return 0;
	}
	f = calllog_field(lg, r, LC_ID, &n);
	if (fu_id_parse_n(f, n, &r->id) == -1) {
		text_quote(f, n, q);
		snprintf(why, sizeof(why), "id \"%s\" is not 16 hex digits", q);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	f = calllog_field(lg, r, LC_OUTCOME, &n);
	if ((r->outcome = outcome_parse(f, n)) == -1) {
		text_quote(f, n, q);
		snprintf(why, sizeof(why), "unknown outcome \"%s\"", q);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	if (!in_force(lg, r))
		return 0;
	lg->records++;
	return 1;
}

/*
 * The next correction of a root, moved there (CALLLOG_IN_PLACE): 1 and
 * the record in r, or 0 when it is bad after all.
 */
static int
take_moved(struct calllog *lg, struct callrec *r, uint32_t *end)
{
	struct calllog_fix *fx = &lg->fix[lg->pend - 1];
	char q[TEXT_QUOTE_MAX + 1], why[FU_ERRBUF];
	const char *f;
	size_t n;

	lg->pend = fx->next;
	fx->moved = 1;
	(void)text_tabs(fx->copy, fx->len, end, lg->ncol);
	memset(r, 0, sizeof(*r));
	r->s = fx->copy;
	r->end = end;
	r->esc = memchr(fx->copy, '\\', fx->len) != NULL;
	r->lineno = fx->line;
	r->ts = fx->own_ts;
	r->id = fx->own_id;
	r->call_ts = fx->root_ts;
	r->correction = 1;
	r->sup_ts = fx->ts;
	r->sup_id = fx->id;
	f = calllog_field(lg, r, LC_OUTCOME, &n);
	if ((r->outcome = outcome_parse(f, n)) == -1) {
		text_quote(f, n, q);
		snprintf(why, sizeof(why), "unknown outcome \"%s\"", q);
		bad_line(lg, r->lineno, why);
		return 0;
	}
	lg->records++;
	return 1;
}

long
calllog_read(struct calllog *lg, struct callrec *r, size_t max)
{
	long got = 0;
	struct tsv_line *l;

	if (lg->ncol == 0 || lg->fp == NULL)
		return 0;
	if (max > CALLLOG_BLOCK)
		max = CALLLOG_BLOCK;
	if (max == 0)
		max = 1;
	for (;;) {
		while (lg->pend != 0 && (size_t)got < max)
			got += take_moved(lg, &r[got],
			    lg->end + (size_t)got * lg->ncol);
		if ((size_t)got == max)
			return got;
		if (lg->blk_i == lg->blk_n) {
			/* A new block would overwrite the lines in r. */
			if (got > 0 || lg->at_end)
				return got;
			lg->blk_i = 0;
			lg->blk_n = tsv_next_lines(&lg->tsv, lg->ln, max);
			if (lg->blk_n == -1) {
				lg->blk_n = 0;
				fu_warnx("%s: read error: %s", lg->name,
				    tsv_strerror(&lg->tsv));
				return -1;
			}
			if (lg->blk_n == 0) {
				lg->at_end = 1;
				return 0;
			}
		}
		l = &lg->ln[lg->blk_i++];
		/* Appended since the first reading: not read. */
		if (l->lineno > lg->lines) {
			lg->at_end = 1;
			lg->blk_i = lg->blk_n;
			continue;
		}
		got += take(lg, l, &r[got], lg->end + (size_t)got * lg->ncol);
	}
}

int
calllog_next(struct calllog *lg, struct callrec *r)
{
	return (int)calllog_read(lg, r, 1);
}

void
calllog_close(struct calllog *lg)
{
	size_t i;

	if (lg->shown > SHOW_BAD)
		fu_warnx("%s: %ld more bad lines", lg->name,
		    lg->shown - SHOW_BAD);
	tsv_close(&lg->tsv);
	if (lg->fp != NULL && lg->own_fp)
		fclose(lg->fp);
	for (i = 0; i < lg->nfix; i++) {
		free(lg->fix[i].why);
		free(lg->fix[i].copy);
	}
	free(lg->fix);
	free(lg->last);
	idmap_free(&lg->fixed);
	free(lg->ownfix);
	idmap_free(&lg->own);
	free(lg->rootfix);
	idmap_free(&lg->roots);
	if (lg->filtered)
		idfilter_free(&lg->filter);
	free(lg->end);
	free(lg->name);
	memset(lg, 0, sizeof(*lg));
}
