/*
 * output.c: the second reading, which finds the chosen rows and puts
 * them out in the draw's order, each with its reason, rank and key.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/progress.h"
#include "base/spool.h"
#include "base/util.h"
#include "fmt/tsv.h"
#include "sample/run.h"
#include "sample/sample.h"

/* The output ordered in memory up to this, at least (--buffer-size). */
#define BUFFER_DEFAULT	(32UL * 1024 * 1024)

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

/*
 * A chosen row into the spool at its slot: the line as read when every
 * input has the one header, else its fields in the output's columns
 * (built in line); the rows of a customer with their ids.
 */
static int
put_row(struct sample *s, struct sample_input *in, struct tsv_reader *r,
    const char *raw, size_t len, uint32_t slot, struct spool *sp,
    struct tsv_buf *line)
{
	uint32_t pos = slot & ~SLOT_SHARED;
	uint64_t id = 0;
	size_t i;
	long c;

	if (!s->same_header) {
		(void)tsv_split(r);
		line->len = 0;
		for (i = 0; i < s->ncol; i++) {
			if (i > 0)
				tsv_buf_char(line, '\t');
			/* Columns of later inputs: it has none. */
			c = i < in->nmap ? in->map[i] : -1;
			if (c >= 0 && (size_t)c < r->nfield)
				tsv_buf_put(line, r->field[c], r->len[c]);
		}
		raw = line->s;
		len = line->len;
	}
	if (!(slot & SLOT_SHARED))
		return spool_put(sp, pos, raw, len);
	/* The id orders a customer's rows; no other row's. */
	if (s->same_header)
		id = raw_id(raw, len, in->cid);
	else
		(void)fu_id_parse(r->field[in->cid], &id);
	return spool_put_key(sp, pos, id, raw, len);
}

/*
 * The second reading of input k: its chosen rows into the spool (none
 * when sp is NULL), and what the ids seen twice are.
 */
static int
write_input(struct sample *s, size_t k, struct spool *sp, size_t *next,
    struct tsv_buf *line)
{
	struct sample_input *in = s->in[k];
	struct tsv_reader r;
	struct progress pr;
	char *raw;
	size_t len;
	uint64_t row = in->first;
	int rc;

	if (fseeko(in->fp, in->start, SEEK_SET) == -1) {
		fu_warn("%s", in->name);
		return -1;
	}
	if (tsv_reopen(&r, in->fp, in->name) == -1) {
		fu_warn("%s: read error", in->name);
		return -1;
	}
	progress_init(&pr, in->name, s->quiet);
	while ((rc = tsv_next_raw(&r, &raw, &len)) == TSV_OK) {
		if (((row - in->first) & 1023) == 0)
			progress_add(&pr, 1024);
		if (row >= in->first + in->rows) {
			row++;
			break;
		}
		if (s->ndup > 0)
			sample_dups_row(s, k, (uint32_t)row, raw, len, r.lineno,
			    r.ncol);
		if (sp == NULL ||
		    !(s->chosen[row / 64] & UINT64_C(1) << (row % 64))) {
			row++;
			continue;
		}
		row++;
		if (put_row(s, in, &r, raw, len, s->rowslot[(*next)++], sp,
		    line) == -1) {
			tsv_close(&r);
			return -1;
		}
	}
	progress_done(&pr);
	if (rc == TSV_ERR) {
		fu_warnx("%s: read error: %s", in->name, tsv_strerror(&r));
		tsv_close(&r);
		return -1;
	}
	tsv_close(&r);
	if (row != in->first + in->rows) {
		fu_warnx("%s: changed while it was read", in->name);
		return -1;
	}
	return 0;
}

/* The spool's rows to out, each line ending with its slot's tail. */
static int
write_out(const struct sample *s, struct spool *sp, FILE *out)
{
	struct spool_row row;
	char tail[TAIL_MAX];
	size_t tl = 0;
	uint32_t last = UINT32_MAX;
	int rc;

	while ((rc = spool_next_bucket(sp)) == 1) {
		while (spool_next(sp, &row)) {
			if (row.pos != last) {
				tl = make_tail(s, &s->pick[row.pos], tail);
				last = row.pos;
			}
			fwrite_unlocked(row.s, 1, row.len, out);
			fwrite_unlocked(tail, 1, tl, out);
		}
		fu_check_out(out, "standard output");
	}
	return rc;
}

int
sample_write(struct sample *s, FILE *out)
{
	struct spool sp;
	struct tsv_buf line = { NULL, 0, 0 };
	double per_row;
	size_t i, j, next = 0, budget;
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
	sample_dups_begin(s);
	if (s->npick == 0) {
		/* Nothing to write; the ids seen twice are said. */
		for (i = 0; i < s->nin && rc == 0 && s->ndup > 0; i++)
			if (s->in[i]->map != NULL && s->in[i]->rows > 0)
				rc = write_input(s, i, NULL, &next, &line);
		sample_dups_end(s);
		tsv_buf_free(&line);
		return rc;
	}

	/* By default 32 MiB, or 12 bytes a row of the input if more. */
	budget = s->buffer;
	if (budget == 0)
		budget = BUFFER_DEFAULT > 12 * s->nrows ? BUFFER_DEFAULT :
		    (size_t)(12 * s->nrows);
	per_row = s->nrows ? (double)s->bytes / (double)s->nrows : 0;
	spool_init(&sp, s->nslot, s->npick, per_row * (double)s->npick,
	    budget, s->tmpdir);
	for (i = 0; i < s->nin && rc == 0; i++)
		if (s->in[i]->map != NULL && s->in[i]->rows > 0)
			rc = write_input(s, i, &sp, &next, &line);
	sample_dups_end(s);
	tsv_buf_free(&line);
	free(s->chosen);
	s->chosen = NULL;
	free(s->rowslot);
	s->rowslot = NULL;
	if (rc == 0)
		rc = write_out(s, &sp, out);
	spool_free(&sp);
	return rc;
}
