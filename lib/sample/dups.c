/*
 * dups.c: an id seen twice.  Before a store's draw, a row whose id an
 * earlier row of the store has (fu-import's id hashes the store among
 * the rest) is taken out, so that no id is drawn twice nor weighs
 * twice; the second reading then finds both lines and says which: the
 * same row again (any column but src may differ: another export of the
 * same sale), or two different rows under one id, an error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/tsv.h"
#include "sample/run.h"
#include "sample/sample.h"

static void
add_dup(struct sample *s, uint32_t later, uint32_t first, uint64_t id)
{
	struct sample_dup *p;

	PUSH(s->dup, s->ndup, s->dupcap);
	p = &s->dup[s->ndup++];
	memset(p, 0, sizeof(*p));
	/* In the order read: the row taken out may be the earlier. */
	p->row[0] = first < later ? first : later;
	p->row[1] = first < later ? later : first;
	p->kept_later = first > later;
	p->id = id;
	p->line0 = -1;
}

/* The id of a row of the store, seen before: 1 (said to s), else 0. */
static int
seen(struct sample *s, struct idmap *m, uint32_t **first, size_t *cap,
    uint64_t id, uint32_t row)
{
	uint32_t slot;
	int added;

	slot = idmap_put(m, id, &added);
	if (added) {
		*first = xgrow(*first, cap, (size_t)slot + 1, sizeof(**first));
		(*first)[slot] = row;
		return 0;
	}
	add_dup(s, row, (*first)[slot], id);
	return 1;
}

void
sample_dedupe_store(struct sample *s, struct sample_store *st)
{
	struct idmap m;
	uint32_t *first = NULL;
	size_t cap = 0, j, k, n;
	long gone = 0;

	if (st->ng + st->ns + st->no < 2)
		return;
	idmap_init(&m);
	idmap_reserve(&m, st->ng + st->ns + st->no);
	for (j = 0, k = 0, n = st->ng; j < n; j++) {
		if (seen(s, &m, &first, &cap, st->g[j].id, st->g[j].row)) {
			st->gift_rows--;
			gone++;
		} else
			st->g[k++] = st->g[j];
	}
	st->ng = k;
	for (j = 0, k = 0, n = st->ns; j < n; j++) {
		if (seen(s, &m, &first, &cap, st->s[j].id, st->s[j].row)) {
			st->service_rows--;
			if (st->s[j].flags & SV_NOAMOUNT)
				st->noamount--;
			gone++;
		} else
			st->s[k++] = st->s[j];
	}
	st->ns = k;
	for (j = 0, k = 0, n = st->no; j < n; j++) {
		if (seen(s, &m, &first, &cap, st->o[j].id, st->o[j].row))
			gone++;
		else
			st->o[k++] = st->o[j];
	}
	st->no = k;
	st->rows -= gone;
	idmap_free(&m);
	free(first);
}

static int
cmp_later(const void *a, const void *b)
{
	uint32_t x = ((const struct sample_dup *)a)->row[1];
	uint32_t y = ((const struct sample_dup *)b)->row[1];

	return x < y ? -1 : x > y;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
sample_dups_begin(struct sample *s)
{
	size_t i;

	/* Rows come in order: the later rows so, and the first ones. */
	s->dupfirst = xcalloc(s->ndup + 1, sizeof(*s->dupfirst));
	if (s->ndup > 0) {
		qsort(s->dup, s->ndup, sizeof(*s->dup), cmp_later);
		for (i = 0; i < s->ndup; i++)
			s->dupfirst[i] = (uint64_t)s->dup[i].row[0] << 32 | i;
		qsort(s->dupfirst, s->ndup, sizeof(*s->dupfirst), cmp_u64);
	}
	s->nextlater = s->nextfirst = 0;
	s->srccol = -1;
	for (i = 0; i < s->ncol; i++)
		if (strcmp(s->col[i], "src") == 0)
			s->srccol = (long)i;
}

/*
 * What a row holds, as the output's columns but src: a hash of its
 * fields as written, found at the tabs of raw (its input has ncol).
 */
static uint64_t
row_hash(const struct sample *s, const struct sample_input *in,
    const char *raw, size_t len, size_t ncol)
{
	uint64_t h = FNV64_OFFSET;
	uint32_t *end;
	size_t i, a, nf;
	long c;

	end = xcalloc(ncol + 1, sizeof(*end));
	nf = text_tabs(raw, len, end, ncol);
	for (i = 0; i < s->ncol; i++) {
		h = fnv1a64(h, "\x1f", 1);
		c = i < in->nmap ? in->map[i] : -1;
		if ((long)i == s->srccol || c < 0 || (size_t)c >= nf)
			continue;
		a = c > 0 ? end[c - 1] + 1 : 0;
		h = fnv1a64(h, raw + a, end[c] - a);
	}
	free(end);
	return h;
}

/* Say what a later row is (its first read before it). */
static void
say(struct sample *s, const struct sample_dup *p, const char *name,
    long lineno, uint64_t h)
{
	const char *fname = s->in[p->in0]->name;
	char idh[17];
	int same = h == p->hash;

	fu_id_format(p->id, idh);
	if (same)
		s->dups++;
	else {
		s->bad++;
		s->status = s->status > FU_EXIT_DATA ? s->status :
		    FU_EXIT_DATA;
	}
	if (s->dupshown++ >= SAMPLE_SHOW_DUPS)
		return;
	if (same)
		fu_datawarn(name, lineno, "id %s again (%s:%ld): drawn once",
		    idh, fname, p->line0);
	else
		fu_datawarn(name, lineno, "id %s is %s:%ld's, with other "
		    "content: two rows under one id; %s is not drawn", idh,
		    fname, p->line0, p->kept_later ? "that one" : "this one");
}

void
sample_dups_row(struct sample *s, size_t in, uint32_t row, const char *raw,
    size_t len, long lineno, size_t ncol)
{
	struct sample_dup *p;
	uint64_t h = 0;
	int have = 0;

	while (s->nextfirst < s->ndup && s->dupfirst[s->nextfirst] >> 32 ==
	    row) {
		if (!have)
			h = row_hash(s, s->in[in], raw, len, ncol);
		have = 1;
		p = &s->dup[(uint32_t)s->dupfirst[s->nextfirst++]];
		p->hash = h;
		p->in0 = (uint32_t)in;
		p->line0 = lineno;
	}
	while (s->nextlater < s->ndup && s->dup[s->nextlater].row[1] == row) {
		if (!have)
			h = row_hash(s, s->in[in], raw, len, ncol);
		have = 1;
		say(s, &s->dup[s->nextlater++], s->in[in]->name, lineno, h);
	}
}

void
sample_dups_end(struct sample *s)
{
	if (s->dupshown > SAMPLE_SHOW_DUPS)
		fu_warnx("%ld more ids seen twice", s->dupshown -
		    SAMPLE_SHOW_DUPS);
	free(s->dupfirst);
	s->dupfirst = NULL;
}
