/*
 * input.c: the first reading of the contacts, which keeps of each row
 * only what the draw needs, and the do-not-call list.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/progress.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/money.h"
#include "fmt/phone.h"
#include "fmt/policy.h"
#include "fmt/tsv.h"
#include "sample/run.h"
#include "sample/sample.h"

/* Bad rows shown on standard error per input; the rest are counted. */
#define SHOW_BAD	20

static void	 bad_row(struct sample *, struct sample_input *, long,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

static void
bad_row(struct sample *s, struct sample_input *in, long line,
    const char *fmt, ...)
{
	char msg[FU_ERRBUF];
	va_list ap;

	s->bad++;
	s->status = s->status > FU_EXIT_DATA ? s->status : FU_EXIT_DATA;
	if (in->shown++ >= SHOW_BAD)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fu_datawarn(in->name, line, "%s", msg);
}

/* The input's columns into the output's; -1 on a column of ours. */
static int
map_columns(struct sample *s, struct sample_input *in,
    const struct tsv_reader *r)
{
	size_t i, j, k;
	char *known;
	long c;

	for (i = 0; i < r->ncol; i++)
		for (k = 0; k < NOURS; k++)
			if (strcmp(r->col[i], sample_cols[k]) == 0) {
				fu_warnx("%s: has a %s column already "
				    "(fu-sample adds reason, rank and key: is "
				    "it a sample?)", in->name, sample_cols[k]);
				return -1;
			}
	/* Linear in the columns (tsv_col is a lookup): 100,000 are many. */
	known = xcalloc(r->ncol ? r->ncol : 1, 1);
	for (j = 0; j < s->ncol; j++)
		if ((c = tsv_col(r, s->col[j])) != -1)
			known[c] = 1;
	s->col = xreallocarray(s->col, s->ncol + r->ncol + 1,
	    sizeof(*s->col));
	for (i = 0; i < r->ncol; i++)
		if (!known[i])
			s->col[s->ncol++] = xstrdup(r->col[i]);
	free(known);
	return 0;
}

/* Every column the first reading needs, or -1 (said). */
static int
need_col(const struct tsv_reader *r, const char *name, const char *file)
{
	long c = tsv_col(r, name);

	if (c == -1)
		fu_warnx("%s: no %s column", file, name);
	return (int)c;
}

/* The columns of an input the first reading looks at; -1: none. */
struct in_cols {
	long		 id, type, store, size, amount, phone, date;
};

/* A row that passed its checks. */
struct in_row {
	uint64_t	 id;
	int64_t		 fen;		/* its amount (gift and service) */
	int		 type;		/* enum contact_type */
	int		 size;		/* enum store_size */
	int		 have_amount;
	int		 date;		/* its date; INT_MIN: none */
};

/*
 * Open an input for the first reading (a copy of it when it cannot be
 * read twice) and find its columns: 1; 0 when it has no header (r is
 * closed); -1 when it cannot be used (said).
 */
static int
open_input(struct sample *s, struct sample_input *in, const char *path,
    struct tsv_reader *r, struct in_cols *c)
{
	FILE *fp;
	size_t i;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	/* The second reading needs the rows again: a pipe is kept. */
	if ((in->fp = fu_rereadable(fp, s->tmpdir, &in->start)) == NULL) {
		fu_warn("%s", in->name);
		fu_close_in(fp);
		return -1;
	}
	if (in->fp != fp)
		fu_close_in(fp);
	in->own = in->fp != stdin;
	if (tsv_open(r, in->fp, in->name) == -1) {
		fu_warn("%s: read error", in->name);
		return -1;
	}
	if (r->ncol == 0) {
		tsv_close(r);
		return 0;
	}
	if (map_columns(s, in, r) == -1 ||
	    (c->id = need_col(r, "id", in->name)) == -1 ||
	    (c->type = need_col(r, "type", in->name)) == -1 ||
	    (c->store = need_col(r, "store", in->name)) == -1) {
		tsv_close(r);
		return -1;
	}
	in->cid = c->id;
	in->map = xreallocarray(NULL, s->ncol, sizeof(*in->map));
	in->nmap = s->ncol;
	for (i = 0; i < s->ncol; i++)
		in->map[i] = tsv_col(r, s->col[i]);
	c->size = tsv_col(r, "store_size");
	c->amount = tsv_col(r, "amount");
	c->phone = tsv_col(r, "phone");
	c->date = tsv_col(r, "date");
	return 1;
}

/*
 * Check a row split into r's fields: 0 when it is good (*row says what
 * it is), 1 when it is bad (said and counted), -1 when the input cannot
 * be used (gift or service rows and no amount column: said).
 */
static int
check_row(struct sample *s, struct sample_input *in,
    const struct tsv_reader *r, const struct in_cols *c, struct in_row *row)
{
	char err[FU_ERRBUF], q[TEXT_QUOTE_MAX + 1];

	row->type = contact_type_parse(r->field[c->type], r->len[c->type]);
	if (row->type == -1) {
		text_quote(r->field[c->type], r->len[c->type], q);
		bad_row(s, in, r->lineno, "unknown type \"%s\" (gift, "
		    "service, writeoff, member, request)", q);
		return 1;
	}
	if (fu_id_parse(r->field[c->id], &row->id) == -1) {
		text_quote(r->field[c->id], r->len[c->id], q);
		bad_row(s, in, r->lineno, "id \"%s\" is not 16 hex digits", q);
		return 1;
	}
	if (r->len[c->store] == 0) {
		bad_row(s, in, r->lineno, "no store");
		return 1;
	}
	row->size = c->size == -1 ? SIZE_UNKNOWN :
	    contact_size_parse(r->field[c->size], r->len[c->size]);
	if (row->size == -1) {
		text_quote(r->field[c->size], r->len[c->size], q);
		bad_row(s, in, r->lineno, "store_size \"%s\" is not large or "
		    "small", q);
		return 1;
	}
	row->date = INT_MIN;
	if (c->date != -1 && r->len[c->date] > 0 &&
	    date_parse(r->field[c->date], r->len[c->date], 0, &row->date,
	    err) == -1) {
		bad_row(s, in, r->lineno, "date: %s", err);
		return 1;
	}
	row->have_amount = 0;
	row->fen = 0;
	if (row->type != CT_GIFT && row->type != CT_SERVICE)
		return 0;
	if (c->amount == -1) {
		fu_warnx("%s: no amount column (%s rows need one)", in->name,
		    contact_type_code(row->type));
		return -1;
	}
	if (r->len[c->amount] > 0) {
		if (money_parse(r->field[c->amount], r->len[c->amount],
		    MONEY_NONNEG, &row->fen, err) == -1) {
			bad_row(s, in, r->lineno, "%s", err);
			return 1;
		}
		row->have_amount = 1;
	}
	return 0;
}

/* Is a phone excluded (do not call, or a success lately)?  Counted. */
static int
excluded(const struct sample *s, struct sample_store *st, const char *phone,
    size_t plen)
{
	uint64_t k;

	if (plen == 0 || (dnc_count(&s->dnc) == 0 && s->recent.n == 0))
		return 0;
	if (dnc_has(&s->dnc, phone, plen)) {
		st->ex_dnc++;
		return 1;
	}
	k = sample_phone_key(phone, plen);
	if ((!s->recent_filtered || idfilter_maybe(&s->recentf, k)) &&
	    idmap_get(&s->recent, k) != IDMAP_NONE) {
		st->ex_recent++;
		return 1;
	}
	return 0;
}

/*
 * A good row: counted in its store, and what the draw needs of it kept
 * there (16 bytes) unless it is excluded.  1 when it is kept.
 */
static int
keep_row(struct sample *s, const struct tsv_reader *r,
    const struct in_cols *c, const struct in_row *row)
{
	const struct policy *pol = s->pol;
	struct sample_store *st;
	struct sample_gift *g;
	struct sample_svc *sv;
	struct sample_other *o;
	const char *phone;
	size_t plen;
	int64_t fen = row->fen;
	uint32_t n = (uint32_t)(s->nrows - 1);

	/* Not this week's to call: it is dated after its last working day. */
	if (row->date != INT_MIN && row->date > s->lastwd) {
		s->after_week++;
		return 0;
	}
	st = sample_store_get(s, r->field[c->store], r->len[c->store]);
	if (row->size != SIZE_UNKNOWN)
		st->sizes |= row->size == SIZE_LARGE ? 1 : 2;
	st->rows++;
	if (row->type == CT_GIFT)
		st->gift_rows++;
	else if (row->type == CT_SERVICE)
		st->service_rows++;
	phone = c->phone == -1 ? "" : r->field[c->phone];
	plen = c->phone == -1 ? 0 : r->len[c->phone];
	if (excluded(s, st, phone, plen))
		return 0;
	switch (row->type) {
	case CT_GIFT:
		PUSH(st->g, st->ng, st->capg);
		g = &st->g[st->ng++];
		g->cust = plen > 0 ? sample_cust_key(st, phone, plen) : row->id;
		g->id = row->id;
		if (fen == 0)
			fen = pol->gift_min_weight;
		g->weight = fen > UINT32_MAX ? UINT32_MAX : (uint32_t)fen;
		g->row = n;
		break;
	case CT_SERVICE:
		PUSH(st->s, st->ns, st->caps);
		sv = &st->s[st->ns++];
		sv->id = row->id;
		sv->row = n;
		sv->pick = SP_NONE;
		sv->flags = 0;
		if (!row->have_amount) {
			sv->band = SAMPLE_NOBAND;
			sv->flags = SV_NOAMOUNT;
			st->noamount++;
		} else {
			sv->band = (uint8_t)sample_band(&pol->tiers, fen);
			if (fen < pol->tier_floor)
				sv->flags = SV_FLOOR;
		}
		break;
	default:
		PUSH(st->o, st->no, st->capo);
		o = &st->o[st->no++];
		o->id = row->id;
		o->row = n;
		o->type = (uint32_t)row->type;
		break;
	}
	return 1;
}

int
sample_read(struct sample *s, const char *path)
{
	struct sample_input *in;
	struct tsv_reader r;
	struct progress pr;
	struct in_cols c;
	struct in_row row;
	char err[FU_ERRBUF], *raw;
	size_t rawlen;
	int rc;

	in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	s->in = xreallocarray(s->in, s->nin + 1, sizeof(*s->in));
	s->in[s->nin++] = in;
	in->first = s->nrows;
	if ((rc = open_input(s, in, path, &r, &c)) <= 0)
		return rc;
	progress_init(&pr, in->name, s->quiet);
	while ((rc = tsv_next_raw(&r, &raw, &rawlen)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_warnx("%s: read error: %s", in->name,
			    tsv_strerror(&r));
			tsv_close(&r);
			return -1;
		}
		in->rows++;
		s->nrows++;
		s->bytes += (long long)rawlen + 1;
		if ((in->rows & 1023) == 0)
			progress_add(&pr, 1024);
		if (tsv_split(&r) == TSV_BADROW) {
			tsv_badrow_msg(&r, err);
			bad_row(s, in, r.lineno, "%s", err);
			continue;
		}
		if ((rc = check_row(s, in, &r, &c, &row)) == -1) {
			tsv_close(&r);
			return -1;
		}
		if (rc == 0 && keep_row(s, &r, &c, &row) &&
		    s->nrows >= UINT32_MAX - 1) {
			fu_warnx("%s: more than %lu rows: too many to draw "
			    "from", in->name, (unsigned long)UINT32_MAX - 2);
			tsv_close(&r);
			return -1;
		}
	}
	progress_done(&pr);
	if (in->shown > SHOW_BAD)
		fu_warnx("%s: %ld more bad rows", in->name,
		    in->shown - SHOW_BAD);
	tsv_close(&r);
	return 0;
}
