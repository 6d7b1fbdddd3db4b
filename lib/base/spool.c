/* spool.c: rows to temporary files, then out in order; see spool.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/spool.h"
#include "base/util.h"

/* At most this many buckets (temporary files). */
#define MAX_BUCKETS	256
/* A bucket's bytes held before they go to its temporary file, at least. */
#define BUCKET_FLUSH	(64 * 1024)
/* The bytes of a bucket, at most: it is put in order in the cache. */
#define BUCKET_BYTES	(8.0 * 1024 * 1024)

/* A row as held: this, its key when KEYED, then its bytes. */
struct ent {
	uint32_t	 pos;
	uint32_t	 len;		/* the row's, | KEYED */
};

#define KEYED	0x80000000u

void
spool_init(struct spool *sp, uint32_t npos, size_t nrows, double bytes,
    size_t budget, const char *tmpdir)
{
	double est = bytes + (double)sizeof(struct ent) * (double)nrows;
	double b = (double)budget, size;
	size_t nb, i;

	memset(sp, 0, sizeof(*sp));
	sp->npos = npos;
	sp->tmpdir = tmpdir;
	/* Buckets of 8 MiB (a quarter of the budget, if less). */
	size = b / 4 < BUCKET_BYTES ? b / 4 : BUCKET_BYTES;
	nb = (size_t)(est / (size > 1 ? size : 1)) + 1;
	if (nb > MAX_BUCKETS)
		nb = MAX_BUCKETS;
	if (nb > npos)
		nb = npos ? npos : 1;
	sp->per = (uint32_t)(((size_t)npos + nb - 1) / nb);
	if (sp->per == 0)
		sp->per = 1;
	sp->nb = ((size_t)npos + sp->per - 1) / sp->per;
	if (sp->nb == 0)
		sp->nb = 1;
	/* As many as fit the budget stay in memory; a quarter to spare. */
	sp->keep = (size_t)(b * 3 / 4 / (est / (double)sp->nb + 1));
	sp->flush = (size_t)(b / 4) / (sp->nb - (sp->keep < sp->nb ?
	    sp->keep : sp->nb) + 1);
	if (sp->flush < BUCKET_FLUSH)
		sp->flush = BUCKET_FLUSH;
	sp->buf = xcalloc(sp->nb, sizeof(*sp->buf));
	sp->fd = xreallocarray(NULL, sp->nb, sizeof(*sp->fd));
	sp->bytes = xcalloc(sp->nb, sizeof(*sp->bytes));
	sp->nrow = xcalloc(sp->nb, sizeof(*sp->nrow));
	for (i = 0; i < sp->nb; i++)
		sp->fd[i] = -1;
}

/* What bucket b has gathered, to its temporary file. */
static int
flush(struct spool *sp, size_t b)
{
	struct spool_buf *bb = &sp->buf[b];

	if (bb->len == 0)
		return 0;
	if (sp->fd[b] == -1 && (sp->fd[b] = fu_tmpfd(sp->tmpdir)) == -1) {
		fu_warn("temporary file");
		return -1;
	}
	if (fu_write_all(sp->fd[b], bb->s, bb->len) == -1) {
		fu_warn("temporary file: write error");
		return -1;
	}
	sp->bytes[b] += bb->len;
	bb->len = 0;
	return 0;
}

static void
add(struct spool_buf *bb, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (bb->cap - bb->len < n)
		bb->s = xgrow(bb->s, &bb->cap, bb->len + n, 1);
	memcpy(bb->s + bb->len, p, n);
	bb->len += n;
}

static int
put(struct spool *sp, uint32_t pos, const uint64_t *key, const void *row,
    size_t len)
{
	struct spool_buf *bb;
	struct ent e;
	size_t b;

	if (pos >= sp->npos || sp->cur > 0)
		fu_errx(FU_EXIT_FATAL, "internal error: a row put at %lu of "
		    "%lu positions%s", (unsigned long)pos,
		    (unsigned long)sp->npos, sp->cur > 0 ? ", taken" : "");
	if (len > SPOOL_MAX_ROW)
		fu_errx(FU_EXIT_FATAL, "a row of %zu bytes: too long to put "
		    "in order", len);
	b = pos / sp->per;
	bb = &sp->buf[b];
	e.pos = pos;
	e.len = (uint32_t)len | (key != NULL ? KEYED : 0);
	add(bb, &e, sizeof(e));
	if (key != NULL)
		add(bb, key, sizeof(*key));
	add(bb, row, len);
	sp->nrow[b]++;
	if (b >= sp->keep && bb->len >= sp->flush)
		return flush(sp, b);
	return 0;
}

int
spool_put(struct spool *sp, uint32_t pos, const void *row, size_t len)
{
	return put(sp, pos, NULL, row, len);
}

int
spool_put_key(struct spool *sp, uint32_t pos, uint64_t key, const void *row,
    size_t len)
{
	return put(sp, pos, &key, row, len);
}

/* A held row at off: its header, and its key (0 if none). */
static void
ent_at(const char *d, size_t off, struct ent *e, uint64_t *key)
{
	memcpy(e, d + off, sizeof(*e));
	*key = 0;
	if (e->len & KEYED)
		memcpy(key, d + off + sizeof(*e), sizeof(*key));
}

/* The offset of the row after the one at off. */
static size_t
ent_next(const char *d, size_t off)
{
	struct ent e;

	memcpy(&e, d + off, sizeof(e));
	return off + sizeof(e) + (e.len & KEYED ? sizeof(uint64_t) : 0) +
	    (e.len & ~KEYED);
}

/* Rows of one position: by key, then as put (their offsets). */
static int
by_key(const void *a, const void *b, void *arg)
{
	const char *d = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	struct ent e;
	uint64_t kx, ky;

	ent_at(d, x, &e, &kx);
	ent_at(d, y, &e, &ky);
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Bucket b's size bytes at d in order: sp->at. */
static void
order(struct spool *sp, size_t b, const char *d, size_t size)
{
	uint32_t base = (uint32_t)(b * sp->per), *cnt;
	size_t n = sp->nrow[b], off, i, j;
	struct ent e;
	uint64_t key;

	if (sp->atcap < n)
		sp->at = xgrow(sp->at, &sp->atcap, n, sizeof(*sp->at));
	/* A counting sort by position: each position's rows as put. */
	cnt = xcalloc((size_t)sp->per + 1, sizeof(*cnt));
	for (off = 0; off < size; off = ent_next(d, off)) {
		ent_at(d, off, &e, &key);
		cnt[e.pos - base + 1]++;
	}
	for (i = 1; i <= sp->per; i++)
		cnt[i] += cnt[i - 1];
	for (off = 0; off < size; off = ent_next(d, off)) {
		ent_at(d, off, &e, &key);
		sp->at[cnt[e.pos - base]++] = off;
	}
	free(cnt);
	for (i = 0; i < n; i = j) {
		ent_at(d, sp->at[i], &e, &key);
		for (j = i + 1; j < n; j++) {
			struct ent f;

			ent_at(d, sp->at[j], &f, &key);
			if (f.pos != e.pos)
				break;
		}
		if (j - i > 1)
			qsort_r(sp->at + i, j - i, sizeof(*sp->at), by_key,
			    (void *)d);
	}
	sp->d = d;
	sp->nat = n;
	sp->next = 0;
}

/* Bucket b's temporary file into sp->data, and closed. */
static int
read_back(struct spool *sp, size_t b)
{
	size_t size = sp->bytes[b], off;
	ssize_t r;

	if (sp->data.cap < size) {
		free(sp->data.s);
		sp->data.cap = size;
		sp->data.s = xmalloc(size);
	}
	for (off = 0; off < size; off += (size_t)r)
		if ((r = pread(sp->fd[b], sp->data.s + off, size - off,
		    (off_t)off)) <= 0) {
			if (r == -1 && errno == EINTR) {
				r = 0;
				continue;
			}
			fu_warn("temporary file: read error");
			return -1;
		}
	sp->data.len = size;
	close(sp->fd[b]);
	sp->fd[b] = -1;
	return 0;
}

int
spool_next_bucket(struct spool *sp)
{
	size_t b;

	if (sp->cur > 0) {
		/* The bucket handed back is done with. */
		free(sp->buf[sp->cur - 1].s);
		memset(&sp->buf[sp->cur - 1], 0, sizeof(sp->buf[0]));
	}
	sp->d = NULL;
	sp->nat = sp->next = 0;
	if (sp->cur >= sp->nb)
		return 0;
	b = sp->cur++;
	if (sp->fd[b] == -1) {
		order(sp, b, sp->buf[b].s, sp->buf[b].len);
		return 1;
	}
	if (flush(sp, b) == -1 || read_back(sp, b) == -1)
		return -1;
	order(sp, b, sp->data.s, sp->data.len);
	return 1;
}

int
spool_next(struct spool *sp, struct spool_row *r)
{
	struct ent e;
	size_t off;

	if (sp->next >= sp->nat)
		return 0;
	off = sp->at[sp->next++];
	ent_at(sp->d, off, &e, &r->key);
	off += sizeof(e) + (e.len & KEYED ? sizeof(uint64_t) : 0);
	r->pos = e.pos;
	r->len = e.len & ~KEYED;
	r->s = sp->d + off;
	return 1;
}

void
spool_free(struct spool *sp)
{
	size_t b;

	for (b = 0; b < sp->nb; b++) {
		if (sp->fd[b] != -1)
			close(sp->fd[b]);
		free(sp->buf[b].s);
	}
	free(sp->buf);
	free(sp->fd);
	free(sp->bytes);
	free(sp->nrow);
	free(sp->at);
	free(sp->data.s);
	memset(sp, 0, sizeof(*sp));
}
