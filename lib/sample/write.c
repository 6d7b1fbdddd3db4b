/*
 * write.c: the second reading, which finds the chosen rows and puts
 * them out in the draw's order, each with its reason, rank and key.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/progress.h"
#include "base/util.h"
#include "fmt/tsv.h"
#include "sample/run.h"
#include "sample/sample.h"

/* The output ordered in memory up to this, at least (--buffer-size). */
#define BUFFER_DEFAULT	(32UL * 1024 * 1024)
/* At most this many buckets (temporary files) to order the output. */
#define MAX_BUCKETS	256
/* A bucket's bytes held before they go to its temporary file, at least. */
#define BUCKET_FLUSH	(64 * 1024)
/* The bytes of a bucket, at most: it is put in order in the cache. */
#define BUCKET_BYTES	(8.0 * 1024 * 1024)

/* A chosen row on its way to output order (see spool_init). */
struct spool_ent {
	uint32_t	 slot;
	uint32_t	 len;		/* its line's; SPOOL_ID: id follows */
};

#define SPOOL_ID	0x80000000u

struct spool {
	size_t		 nb;		/* buckets */
	size_t		 keep;		/* the first keep stay in memory */
	uint32_t	 per;		/* slots a bucket */
	size_t		 flush;		/* bytes a bucket gathers to write */
	struct tsv_buf	*buf;
	int		*fd;		/* temporary files, made when needed */
	size_t		*bytes;		/* bytes in each */
	size_t		*nent;		/* rows in each bucket */
};

/* What a chosen row's line ends with: its reason, rank and key. */
#define TAIL_MAX	(REASON_MAX + 64)

static size_t
make_tail(const struct sample *s, const struct sample_pick *p, char *buf)
{
	uint32_t reason = p->rank & SAMPLE_REASON, rank = p->rank >> 8;
	char digits[16], *d = digits + sizeof(digits);
	size_t n = 0;

	buf[n++] = '\t';
	memcpy(buf + n, s->reason[reason], s->reasonlen[reason]);
	n += s->reasonlen[reason];
	buf[n++] = '\t';
	do
		*--d = (char)('0' + rank % 10);
	while ((rank /= 10) > 0);
	memcpy(buf + n, d, (size_t)(digits + sizeof(digits) - d));
	n += (size_t)(digits + sizeof(digits) - d);
	buf[n++] = '\t';
	n += sample_fmt_key(p->key, buf + n);
	buf[n++] = '\n';
	return n;
}

size_t
sample_fmt_key(double x, char *buf)
{
	static const double p10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
		1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
		1e21, 1e22
	};
	char d[10], *p = buf;
	uint64_t m;
	double ax;
	int e, sc, nd, i, tries;

	if (isnan(x))
		return (size_t)sprintf(buf, "nan");
	if (isinf(x))
		return (size_t)sprintf(buf, x < 0 ? "-inf" : "inf");
	if (x == 0)
		return (size_t)sprintf(buf, "0");
	ax = fabs(x);
	/* log10(ax) from its binary exponent, within one: the loop mends. */
	e = (int)floor((double)(((int)(sample_dbits(ax) >> 52)) - 1023) *
	    0.30102999566398120);
	for (tries = 0; tries < 3; tries++) {
		sc = 8 - e;
		if (sc > 22 || sc < -22)
			return (size_t)snprintf(buf, 32, "%.9g", x);
		m = (uint64_t)((sc >= 0 ? ax * p10[sc] : ax / p10[-sc]) + 0.5);
		if (m >= UINT64_C(1000000000))
			e++;
		else if (m < UINT64_C(100000000))
			e--;
		else
			break;
	}
	if (tries == 3)
		return (size_t)snprintf(buf, 32, "%.9g", x);
	for (i = 8; i >= 0; i--) {
		d[i] = (char)('0' + m % 10);
		m /= 10;
	}
	for (nd = 9; nd > 1 && d[nd - 1] == '0'; nd--)
		;
	if (x < 0)
		*p++ = '-';
	if (e < -4 || e >= 9) {
		*p++ = d[0];
		if (nd > 1) {
			*p++ = '.';
			for (i = 1; i < nd; i++)
				*p++ = d[i];
		}
		p += sprintf(p, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
	} else if (e >= 0) {
		for (i = 0; i <= e; i++)
			*p++ = i < nd ? d[i] : '0';
		if (nd > e + 1) {
			*p++ = '.';
			for (i = e + 1; i < nd; i++)
				*p++ = d[i];
		}
	} else {
		*p++ = '0';
		*p++ = '.';
		for (i = -1; i > e; i--)
			*p++ = '0';
		for (i = 0; i < nd; i++)
			*p++ = d[i];
	}
	*p = '\0';
	return (size_t)(p - buf);
}

/*
 * The second reading puts each chosen row in the bucket of its slot: a
 * bucket is a range of slots, small enough to be put in order in the
 * cache.  The first buckets are held in memory, as many as the buffer
 * holds; the others gather their rows in memory and write them to their
 * temporary files.  Then each bucket in turn is read back and written
 * out in slot order, every line ending with its slot's reason, rank
 * and key.  A spooled row is its header (struct spool_ent), its id when
 * the slot is shared (SPOOL_ID in len), and its line without a newline.
 */

static void
spool_init(struct sample *s, struct spool *sp)
{
	double per_row = s->nrows ? (double)s->bytes / (double)s->nrows : 0;
	double est = (per_row + sizeof(struct spool_ent)) * (double)s->npick;
	double budget = (double)s->buffer, size;
	size_t nb, b;

	/* By default 32 MiB, or 12 bytes a row of the input if more. */
	if (s->buffer == 0)
		budget = (double)BUFFER_DEFAULT > 12.0 * (double)s->nrows ?
		    (double)BUFFER_DEFAULT : 12.0 * (double)s->nrows;

	/* Buckets of 8 MiB (a quarter of the buffer, if less). */
	size = budget / 4 < BUCKET_BYTES ? budget / 4 : BUCKET_BYTES;
	nb = (size_t)(est / (size > 1 ? size : 1)) + 1;
	if (nb > MAX_BUCKETS)
		nb = MAX_BUCKETS;
	if (nb > s->nslot)
		nb = s->nslot ? s->nslot : 1;
	sp->per = (uint32_t)((s->nslot + nb - 1) / nb);
	if (sp->per == 0)
		sp->per = 1;
	sp->nb = (s->nslot + sp->per - 1) / sp->per;
	if (sp->nb == 0)
		sp->nb = 1;
	/* As many as fit the buffer stay in memory; a byte in 4 to spare. */
	sp->keep = (size_t)(budget * 3 / 4 / (est / (double)sp->nb + 1));
	sp->flush = (size_t)(budget / 4) / (sp->nb - (sp->keep < sp->nb ?
	    sp->keep : sp->nb) + 1);
	if (sp->flush < BUCKET_FLUSH)
		sp->flush = BUCKET_FLUSH;
	sp->buf = xcalloc(sp->nb, sizeof(*sp->buf));
	sp->fd = xreallocarray(NULL, sp->nb, sizeof(*sp->fd));
	sp->bytes = xcalloc(sp->nb, sizeof(*sp->bytes));
	sp->nent = xcalloc(sp->nb, sizeof(*sp->nent));
	for (b = 0; b < sp->nb; b++)
		sp->fd[b] = -1;
}

static int
spool_flush(struct spool *sp, size_t b)
{
	if (sp->buf[b].len == 0)
		return 0;
	if (sp->fd[b] == -1 && (sp->fd[b] = fu_tmpfd()) == -1) {
		fu_warn("temporary file");
		return -1;
	}
	if (fu_write_all(sp->fd[b], sp->buf[b].s, sp->buf[b].len) == -1) {
		fu_warn("temporary file: write error");
		return -1;
	}
	sp->bytes[b] += sp->buf[b].len;
	sp->buf[b].len = 0;
	return 0;
}

/* One spooled row at off: its slot, id, line and length; the next. */
static size_t
spool_row(const char *d, size_t off, uint32_t *slot, uint64_t *id,
    size_t *line, uint32_t *len)
{
	struct spool_ent e;

	memcpy(&e, d + off, sizeof(e));
	off += sizeof(e);
	*slot = e.slot;
	*id = 0;
	if (e.len & SPOOL_ID) {
		memcpy(id, d + off, sizeof(*id));
		off += sizeof(*id);
	}
	*len = e.len & ~SPOOL_ID;
	*line = off;
	return off + *len;
}

/* One bucket, in slot order (a customer's rows by id), to out. */
static int
spool_out(const struct sample *s, struct spool *sp, size_t b, FILE *out,
    char **data, size_t *datacap)
{
	uint32_t base = (uint32_t)(b * sp->per), *cnt, slot, len;
	size_t *at, size, off, n = sp->nent[b], i, j, k, l, line, tl;
	uint64_t id, id2;
	char *d, tail[TAIL_MAX];
	ssize_t r;

	if (sp->fd[b] != -1) {
		if (spool_flush(sp, b) == -1)
			return -1;
		size = sp->bytes[b];
		if (*datacap < size) {
			free(*data);
			*datacap = size;
			*data = xmalloc(size);
		}
		for (off = 0; off < size; off += (size_t)r)
			if ((r = pread(sp->fd[b], *data + off, size - off,
			    (off_t)off)) <= 0) {
				if (r == -1 && errno == EINTR) {
					r = 0;
					continue;
				}
				fu_warn("temporary file: read error");
				return -1;
			}
		close(sp->fd[b]);
		sp->fd[b] = -1;
		d = *data;
	} else {
		d = sp->buf[b].s;
		size = sp->buf[b].len;
	}
	/* Counting sort by slot, stable: a customer's rows in read order. */
	cnt = xcalloc((size_t)sp->per + 1, sizeof(*cnt));
	at = xreallocarray(NULL, n ? n : 1, sizeof(*at));
	for (off = 0; off < size;) {
		off = spool_row(d, off, &slot, &id, &line, &len);
		cnt[slot - base + 1]++;
	}
	for (i = 1; i <= sp->per; i++)
		cnt[i] += cnt[i - 1];
	for (off = 0; off < size;) {
		size_t at0 = off;

		off = spool_row(d, off, &slot, &id, &line, &len);
		at[cnt[slot - base]++] = at0;
	}
	free(cnt);
	for (i = 0; i < n; i = j) {
		(void)spool_row(d, at[i], &slot, &id, &line, &len);
		for (j = i + 1; j < n; j++) {
			uint32_t s2;

			(void)spool_row(d, at[j], &s2, &id2, &line, &len);
			if (s2 != slot)
				break;
		}
		/* A customer's rows by id: the input's order tells nothing. */
		for (k = i + 1; k < j; k++) {
			size_t a = at[k];

			(void)spool_row(d, a, &slot, &id, &line, &len);
			for (l = k; l > i; l--) {
				(void)spool_row(d, at[l - 1], &slot, &id2,
				    &line, &len);
				if (id2 <= id)
					break;
				at[l] = at[l - 1];
			}
			at[l] = a;
		}
		tl = make_tail(s, &s->pick[slot], tail);
		for (k = i; k < j; k++) {
			(void)spool_row(d, at[k], &slot, &id, &line, &len);
			fwrite_unlocked(d + line, 1, len, out);
			fwrite_unlocked(tail, 1, tl, out);
		}
	}
	free(at);
	tsv_buf_free(&sp->buf[b]);
	fu_check_out(out, "standard output");
	return 0;
}

static void
spool_free(struct spool *sp)
{
	size_t b;

	for (b = 0; b < sp->nb; b++) {
		if (sp->fd[b] != -1)
			close(sp->fd[b]);
		tsv_buf_free(&sp->buf[b]);
	}
	free(sp->buf);
	free(sp->fd);
	free(sp->bytes);
	free(sp->nent);
}

/* The id of a chosen row, from its line as read (escapes and all). */
static uint64_t
raw_id(const char *line, size_t len, long col)
{
	const char *p = line, *end = line + len, *tab;
	char buf[17];
	uint64_t id = 0;

	while (col-- > 0 && (p = memchr(p, '\t', end - p)) != NULL)
		p++;
	if (p == NULL)
		return 0;
	if ((tab = memchr(p, '\t', end - p)) == NULL)
		tab = end;
	if (tab - p != 16)
		return 0;
	memcpy(buf, p, 16);
	buf[16] = '\0';
	(void)fu_id_parse(buf, &id);
	return id;
}

static int
write_input(struct sample *s, struct sample_input *in, struct spool *sp,
    size_t *next)
{
	struct tsv_reader r;
	struct spool_ent e;
	struct progress pr;
	struct tsv_buf *bb;
	char *raw;
	size_t len, i, b, at;
	uint64_t row = in->first, id;
	uint32_t slot;
	long c;
	int rc;

	if (fseeko(in->fp, in->start, SEEK_SET) == -1) {
		fu_warn("%s", in->name);
		return -1;
	}
	if (tsv_open(&r, in->fp, in->name) == -1) {
		fu_warn("%s: read error", in->name);
		return -1;
	}
	progress_init(&pr, in->name);
	while ((rc = tsv_next_raw(&r, &raw, &len)) == TSV_OK) {
		if (((row - in->first) & 1023) == 0)
			progress_add(&pr, 1024);
		if (row >= in->first + in->rows) {
			row++;
			break;
		}
		if (!(s->chosen[row / 64] & UINT64_C(1) << (row % 64))) {
			row++;
			continue;
		}
		row++;
		slot = s->rowslot[(*next)++];
		b = (slot & ~SLOT_SHARED) / sp->per;
		bb = &sp->buf[b];
		at = bb->len;
		memset(&e, 0, sizeof(e));
		e.slot = slot & ~SLOT_SHARED;
		tsv_buf_raw(bb, (const char *)&e, sizeof(e));
		if (slot & SLOT_SHARED) {
			/* The id orders a customer's rows; no other row's. */
			if (s->same_header)
				id = raw_id(raw, len, in->cid);
			else {
				(void)tsv_split(&r);
				id = 0;
				(void)fu_id_parse(r.field[in->cid], &id);
			}
			tsv_buf_raw(bb, (const char *)&id, sizeof(id));
		}
		if (s->same_header)
			tsv_buf_raw(bb, raw, len);
		else {
			(void)tsv_split(&r);
			for (i = 0; i < s->ncol; i++) {
				if (i > 0)
					tsv_buf_char(bb, '\t');
				/* Columns of later inputs: it has none. */
				c = i < in->nmap ? in->map[i] : -1;
				if (c >= 0 &&
				    (size_t)c < r.nfield)
					tsv_buf_put(bb, r.field[c], r.len[c]);
			}
		}
		e.len = (uint32_t)(bb->len - at - sizeof(e) -
		    (slot & SLOT_SHARED ? sizeof(id) : 0));
		if (slot & SLOT_SHARED)
			e.len |= SPOOL_ID;
		memcpy(bb->s + at, &e, sizeof(e));
		sp->nent[b]++;
		if (b >= sp->keep && bb->len >= sp->flush &&
		    spool_flush(sp, b) == -1) {
			tsv_close(&r);
			return -1;
		}
	}
	progress_done(&pr);
	tsv_close(&r);
	if (rc == TSV_ERR) {
		fu_warn("%s: read error", in->name);
		return -1;
	}
	if (row != in->first + in->rows) {
		fu_warnx("%s: changed while it was read", in->name);
		return -1;
	}
	return 0;
}

int
sample_write(struct sample *s, FILE *out)
{
	struct spool sp;
	char *data = NULL;
	size_t i, j, datacap = 0, next = 0;
	int rc = 0;

	if (s->ncol == 0)
		return 0;
	/* Raw lines can be copied when every input has the one header. */
	s->same_header = 1;
	for (i = 0; i < s->nin; i++) {
		if (s->in[i]->map == NULL)
			continue;
		for (j = 0; j < s->ncol; j++)
			if (j >= s->in[i]->nmap || s->in[i]->map[j] != (long)j)
				s->same_header = 0;
	}
	for (i = 0; i < s->ncol; i++) {
		if (i > 0)
			putc_unlocked('\t', out);
		tsv_puts(out, s->col[i]);
	}
	for (i = 0; i < NOURS; i++) {
		putc_unlocked('\t', out);
		fputs(sample_cols[i], out);
	}
	putc_unlocked('\n', out);
	if (s->npick == 0)
		return 0;

	spool_init(s, &sp);
	for (i = 0; i < s->nin && rc == 0; i++)
		if (s->in[i]->map != NULL && s->in[i]->rows > 0)
			rc = write_input(s, s->in[i], &sp, &next);
	free(s->chosen);
	s->chosen = NULL;
	free(s->rowslot);
	s->rowslot = NULL;
	for (i = 0; i < sp.nb && rc == 0; i++)
		rc = spool_out(s, &sp, i, out, &data, &datacap);
	free(data);
	spool_free(&sp);
	return rc;
}

