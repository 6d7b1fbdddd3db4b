/* sample.c: whom to call this week; see sample.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "log/calllog.h"
#include "fmt/date.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/idset.h"
#include "fmt/money.h"
#include "fmt/outcome.h"
#include "fmt/phone.h"
#include "fmt/policy.h"
#include "base/progress.h"
#include "base/rand.h"
#include "sample/sample.h"
#include "base/text.h"
#include "fmt/tsv.h"
#include "base/util.h"

/* Bad rows shown on standard error per input; the rest are counted. */
#define SHOW_BAD	20
/* The output ordered in memory up to this, at least (--buffer-size). */
#define BUFFER_DEFAULT	(32UL * 1024 * 1024)
/* At most this many buckets (temporary files) to order the output. */
#define MAX_BUCKETS	256
/* A bucket's bytes held before they go to its temporary file, at least. */
#define BUCKET_FLUSH	(64 * 1024)
/* The bytes of a bucket, at most: it is put in order in the cache. */
#define BUCKET_BYTES	(8.0 * 1024 * 1024)

/* The longest reason (tier labels are short: "1500.50-2999.99 ..."). */
#define REASON_MAX	256

/* The columns fu-sample adds. */
static const char *const our_cols[] = { "reason", "rank", "key" };
#define NOURS	(sizeof(our_cols) / sizeof(our_cols[0]))

static const char *const type_names[ST_N] = {
	"gift", "service", "writeoff", "member", "request"
};

struct sample_input {
	char		*name;		/* for messages; "stdin" for "-" */
	FILE		*fp;
	int		 own;		/* fp is ours to close */
	long long	 start;		/* where its header begins in fp */
	uint64_t	 first;		/* the number of its first row */
	uint64_t	 rows;		/* records the first reading saw */
	long		*map;		/* output column -> its column, or -1 */
	size_t		 nmap;		/* output columns when it was read */
	long		 cid;		/* its id column */
	long		 shown;		/* bad rows shown */
};

/*
 * A store's name as up to three words, for finding it fast: names are
 * looked up once a row.  A name of up to 24 bytes is its words and its
 * length (the first, last and middle 8 bytes cover it); a longer one is
 * compared whole.
 */
struct name_words {
	uint64_t	 w[3];
};

/* A place in the stores' hash table: a name's hash, its index + 1. */
struct sample_slot {
	uint64_t	 h;
	size_t		 i;
};

struct sample_store {
	char		*name;
	size_t		 len;
	uint64_t	 hash;		/* FNV-1a-64 of the name, not mixed */
	uint64_t	 quick;		/* name_hash */
	struct name_words nw;
	unsigned	 sizes;		/* 1: said large, 2: said small */
	int		 size;		/* enum store_size, decided */
	struct sample_gift *g;
	size_t		 ng, capg;
	struct sample_svc *s;
	size_t		 ns, caps;
	struct sample_other *o;
	size_t		 no, capo;
	long		 rows;		/* its good rows */
	long		 gift_rows;	/* gift rows, excluded ones too */
	long		 service_rows;	/* service rows, excluded ones too */
	long		 ex_recent;
	long		 ex_dnc;
	long		 noamount;
	long		 called;	/* customers reached this month (log) */
};

/* A chosen row on its way to output order (see spool_init). */
struct spool_ent {
	uint32_t	 slot;
	uint32_t	 len;		/* its line's; SPOOL_ID: id follows */
};

#define SPOOL_ID	0x80000000u
/* A slot shared by the rows of a customer (in rowslot). */
#define SLOT_SHARED	0x80000000u

struct spool {
	size_t		 nb;		/* buckets */
	size_t		 keep;		/* the first keep stay in memory */
	uint32_t	 per;		/* slots a bucket */
	size_t		 flush;		/* bytes a bucket gathers to write */
	struct tsv_buf	*buf;
	int		*fd;		/* temporary files, made when needed */
	size_t		*bytes;		/* bytes in each */
	size_t		*nent;		/* rows in each bucket */
	const char	*tmpdir;	/* where the files go */
};

static void	 bad_row(struct sample *, struct sample_input *, long,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* Room for one more row in a vector (util.h xgrow). */
#define PUSH(v, n, cap)	do {						\
	if ((n) == (cap))						\
		(v) = xgrow((v), &(cap), (n) + 1, sizeof(*(v)));	\
} while (0)

/* The type of a row, or -1; memcmp of a constant length is inlined. */
static int
parse_type(const char *s, size_t n)
{
	switch (n) {
	case 4:
		return memcmp(s, "gift", 4) == 0 ? ST_GIFT : -1;
	case 6:
		return memcmp(s, "member", 6) == 0 ? ST_MEMBER : -1;
	case 7:
		if (memcmp(s, "service", 7) == 0)
			return ST_SERVICE;
		return memcmp(s, "request", 7) == 0 ? ST_REQUEST : -1;
	case 8:
		return memcmp(s, "writeoff", 8) == 0 ? ST_WRITEOFF : -1;
	}
	return -1;
}

/* "large", "small" or empty; -1 for anything else. */
static int
parse_size(const char *s, size_t n)
{
	if (n == 0)
		return SIZE_UNKNOWN;
	if (n == 5 && memcmp(s, "large", 5) == 0)
		return SIZE_LARGE;
	if (n == 5 && memcmp(s, "small", 5) == 0)
		return SIZE_SMALL;
	return -1;
}

static const char *
size_name(int size)
{
	return size == SIZE_LARGE ? "large" : size == SIZE_SMALL ? "small" :
	    "all";
}

static void
name_words(const char *p, size_t n, struct name_words *nw)
{
	nw->w[0] = nw->w[1] = nw->w[2] = 0;
	if (n >= 8) {
		memcpy(&nw->w[0], p, 8);
		memcpy(&nw->w[1], p + n - 8, 8);
		if (n > 16)
			memcpy(&nw->w[2], p + n / 2 - 4, 8);
	} else
		memcpy(&nw->w[0], p, n);
}

static uint64_t
name_hash(const struct name_words *nw, size_t n)
{
	uint64_t h = nw->w[0] ^ (nw->w[1] << 21 | nw->w[1] >> 43) ^
	    (nw->w[2] << 42 | nw->w[2] >> 22);

	return mix64(h + n * UINT64_C(0x9e3779b97f4a7c15));
}

/* The store of a name, made when new. */
static struct sample_store *
store_get(struct sample *s, const char *name, size_t n)
{
	struct name_words nw;
	struct sample_store *st;
	uint64_t h;
	size_t j, i, mask;

	name_words(name, n, &nw);
	h = name_hash(&nw, n);
	if ((s->nstore + 1) * 2 > s->slotcap) {
		free(s->slot);
		s->slotcap = s->slotcap ? s->slotcap * 2 : 256;
		s->slot = xcalloc(s->slotcap, sizeof(*s->slot));
		mask = s->slotcap - 1;
		for (i = 0; i < s->nstore; i++) {
			for (j = s->store[i]->quick & mask; s->slot[j].i != 0;
			    j = (j + 1) & mask)
				;
			s->slot[j].h = s->store[i]->quick;
			s->slot[j].i = i + 1;
		}
	}
	mask = s->slotcap - 1;
	for (j = h & mask; s->slot[j].i != 0; j = (j + 1) & mask) {
		if (s->slot[j].h != h)
			continue;
		st = s->store[s->slot[j].i - 1];
		if (st->len != n || st->nw.w[0] != nw.w[0] ||
		    st->nw.w[1] != nw.w[1] || st->nw.w[2] != nw.w[2])
			continue;
		if (n <= 24 || memcmp(st->name, name, n) == 0)
			return st;
	}
	st = xcalloc(1, sizeof(*st));
	st->name = xstrndup(name, n);
	st->len = n;
	st->quick = h;
	st->nw = nw;
	st->hash = fnv1a64(FNV64_OFFSET, name, n);
	s->store = xreallocarray(s->store, s->nstore + 1, sizeof(*s->store));
	s->store[s->nstore++] = st;
	s->slot[j].h = h;
	s->slot[j].i = s->nstore;
	return st;
}

static void
store_free_rows(struct sample_store *st)
{
	free(st->g);
	free(st->s);
	free(st->o);
	st->g = NULL;
	st->s = NULL;
	st->o = NULL;
	st->ng = st->capg = st->ns = st->caps = st->no = st->capo = 0;
}

static uint32_t
add_reason(struct sample *s, const char *text)
{
	if (strlen(text) > REASON_MAX)
		fu_errx(FU_EXIT_FATAL, "internal error: reason \"%s\" too long",
		    text);
	s->reason = xreallocarray(s->reason, s->nreason + 1,
	    sizeof(*s->reason));
	s->reasonlen = xreallocarray(s->reasonlen, s->nreason + 1,
	    sizeof(*s->reasonlen));
	s->reason[s->nreason] = xstrdup(text);
	s->reasonlen[s->nreason] = strlen(text);
	return (uint32_t)s->nreason++;
}

/*
 * The reasons, in this order: the gift checks, each tier's own draw and
 * its fill from below, the top-up, the types taken whole.
 */
#define R_GIFT		0
#define R_OWN(t)	(1 + 2 * (t))
#define R_FILL(t)	(2 + 2 * (t))
#define R_TOPUP(m)	(1 + 2 * (m))
#define R_ALL(m)	(2 + 2 * (m))

static void
make_reasons(struct sample *s)
{
	const struct tiers *ts = &s->pol->tiers;
	struct tiers one;
	char buf[256], label[200], pct[32], *p;
	size_t t;

	snprintf(pct, sizeof(pct), "%.2f", s->pol->gift_rate * 100);
	p = pct + strlen(pct);
	while (p[-1] == '0')
		*--p = '\0';
	if (p[-1] == '.')
		p[-1] = '\0';
	snprintf(buf, sizeof(buf), "礼品%s%%", pct);
	add_reason(s, buf);
	for (t = 0; t < ts->n; t++) {
		/* "1500-2999:20" less its count; "5000-" is 5000以上. */
		one.t = &ts->t[t];
		one.n = 1;
		tiers_format(&one, label, sizeof(label));
		if ((p = strrchr(label, ':')) != NULL)
			*p = '\0';
		if (ts->t[t].hi == -1 && (p = strrchr(label, '-')) != NULL &&
		    p[1] == '\0')
			strcpy(p, "以上");
		add_reason(s, label);
		snprintf(buf, sizeof(buf), "%s (由低档补足)", label);
		add_reason(s, buf);
	}
	add_reason(s, "小店月度补足");
	add_reason(s, "全部回访");
}

void
sample_init(struct sample *s, const struct policy *pol,
    const struct week *w, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->pol = pol;
	s->week = *w;
	week_format(w, s->label);
	s->seed = seed;
	s->drawn_size = sample_rotation(pol, w->monday);
	idset_init(&s->dnc);
	idset_init(&s->recent);
	make_reasons(s);
#ifdef __GLIBC__
	/*
	 * Large vectors from mmap, so that realloc moves no data and free
	 * gives the memory back as the draw goes from store to store.
	 */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

/* The key of a phone in the exclusion sets. */
static uint64_t
phone_key(const char *p, size_t n)
{
	return fu_id(&p, &n, 1);
}

/*
 * The customer of a row: fu_id(store, phone) (hash.h), carrying on from
 * the hash of the store's name.
 */
static uint64_t
cust_key(const struct sample_store *st, const char *phone, size_t plen)
{
	return mix64(fnv1a64(fnv1a64(st->hash, "\x1f", 1), phone, plen));
}

static int
has_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* One entry of the do-not-call list; 1 when it is not a phone. */
static int
dnc_add(struct sample *s, const char *name, long line, const char *v,
    size_t n)
{
	const unsigned char *p = (const unsigned char *)v;
	char out[PHONE_MAX], err[FU_ERRBUF];

	text_trim(&p, &n);
	v = (const char *)p;
	if (n == 0 || v[0] == '#')
		return 0;
	if (phone_norm(v, n, out, err) == 0) {
		idset_add(&s->dnc, phone_key(out, strlen(out)));
		return 0;
	}
	fu_datawarn(name, line, "%s; kept as written", err);
	idset_add(&s->dnc, phone_key(v, n));
	return 1;
}

int
sample_load_dnc(struct sample *s, const char *path)
{
	struct tsv_reader r;
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	FILE *fp;
	long c;
	int bad = 0, rc;

	s->have_dnc = 1;
	if ((fp = tsv_open_path(&r, path, name)) == NULL)
		return -1;
	if ((c = tsv_col(&r, "phone")) == -1 && r.ncol > 1) {
		fu_warnx("%s: no phone column (a phone a line, or TSV with a "
		    "phone column)", name);
		tsv_close(&r);
		fu_close_in(fp);
		return -1;
	}
	/* A list without a header: its first line is a phone too. */
	if (c == -1 && r.ncol == 1) {
		c = 0;
		if (has_digit(r.col[0], strlen(r.col[0])))
			bad |= dnc_add(s, name, 1, r.col[0], strlen(r.col[0]));
	}
	while ((rc = tsv_next_report(&r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			tsv_close(&r);
			fu_close_in(fp);
			return -1;
		}
		if (rc == TSV_BADROW) {
			bad = 1;
			continue;
		}
		bad |= dnc_add(s, name, r.lineno, r.field[c], r.len[c]);
	}
	tsv_close(&r);
	fu_close_in(fp);
	return bad;
}

int
sample_load_log(struct sample *s, const char *path)
{
	struct calllog lg;
	struct callrec rec;
	struct sample_store *st;
	struct idset seen;
	struct month m;
	char err[FU_ERRBUF];
	const char *phone, *store;
	size_t plen, slen;
	uint64_t k;
	int day, first, rc;

	s->have_log = 1;
	if (calllog_open(&lg, path, CALLLOG_NO_AS_OF, s->tmpdir, err) == -1) {
		fu_warnx("%s", err);
		return -1;
	}
	m.year = s->week.year;
	m.month = s->week.month;
	first = month_first_monday(&m, s->pol->week_rule);
	idset_init(&seen);
	while ((rc = calllog_next(&lg, &rec)) == 1) {
		/* What happened before the week: a re-run draws the same. */
		if ((day = time_day(rec.ts)) >= s->week.monday)
			continue;
		phone = calllog_field(&lg, &rec, LC_PHONE, &plen);
		if (outcomes[rec.outcome].success && plen > 0 &&
		    day >= s->week.monday - s->pol->recent_days)
			idset_add(&s->recent, phone_key(phone, plen));
		store = calllog_field(&lg, &rec, LC_STORE, &slen);
		if (day < first || slen == 0)
			continue;
		st = store_get(s, store, slen);
		k = plen > 0 ? cust_key(st, phone, plen) :
		    mix64(rec.id ^ st->hash);
		if (idset_add(&seen, k))
			st->called++;
	}
	idset_free(&seen);
	rc = rc == -1 ? -1 : lg.bad > 0 ? 1 : 0;
	calllog_close(&lg);
	return rc;
}

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

	for (i = 0; i < r->ncol; i++)
		for (k = 0; k < NOURS; k++)
			if (strcmp(r->col[i], our_cols[k]) == 0) {
				fu_warnx("%s: has a %s column already "
				    "(fu-sample adds reason, rank and key: is "
				    "it a sample?)", in->name, our_cols[k]);
				return -1;
			}
	for (i = 0; i < r->ncol; i++) {
		for (j = 0; j < s->ncol; j++)
			if (strcmp(s->col[j], r->col[i]) == 0)
				break;
		if (j == s->ncol) {
			s->col = xreallocarray(s->col, s->ncol + 1,
			    sizeof(*s->col));
			s->col[s->ncol++] = xstrdup(r->col[i]);
		}
	}
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

int
sample_read(struct sample *s, const char *path)
{
	struct sample_input *in;
	struct sample_store *st;
	struct sample_gift *g;
	struct sample_svc *sv;
	struct sample_other *o;
	struct tsv_reader r;
	struct progress pr;
	char err[FU_ERRBUF], q[TEXT_QUOTE_MAX + 1];
	const struct policy *pol = s->pol;
	const char *phone;
	char *raw;
	size_t plen, i, rawlen;
	long cid, ctype, cstore, csize, camount, cphone;
	uint64_t id;
	int64_t fen;
	FILE *fp;
	int rc, type, size, have_amount;

	in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	s->in = xreallocarray(s->in, s->nin + 1, sizeof(*s->in));
	s->in[s->nin++] = in;
	in->first = s->nrows;
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
	if (tsv_open(&r, in->fp, in->name) == -1) {
		fu_warn("%s: read error", in->name);
		return -1;
	}
	if (r.ncol == 0) {
		tsv_close(&r);
		return 0;
	}
	if (map_columns(s, in, &r) == -1 ||
	    (cid = need_col(&r, "id", in->name)) == -1 ||
	    (ctype = need_col(&r, "type", in->name)) == -1 ||
	    (cstore = need_col(&r, "store", in->name)) == -1) {
		tsv_close(&r);
		return -1;
	}
	in->cid = cid;
	in->map = xreallocarray(NULL, s->ncol, sizeof(*in->map));
	in->nmap = s->ncol;
	for (i = 0; i < s->ncol; i++)
		in->map[i] = tsv_col(&r, s->col[i]);
	csize = tsv_col(&r, "store_size");
	camount = tsv_col(&r, "amount");
	cphone = tsv_col(&r, "phone");
	progress_init(&pr, in->name, s->quiet);

	while ((rc = tsv_next_raw(&r, &raw, &rawlen)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_warn("%s: read error", in->name);
			tsv_close(&r);
			return -1;
		}
		in->rows++;
		s->nrows++;
		s->bytes += (long long)rawlen + 1;
		if ((in->rows & 1023) == 0)
			progress_add(&pr, 1024);
		rc = tsv_split(&r);
		if (rc == TSV_BADROW) {
			tsv_badrow_msg(&r, err);
			bad_row(s, in, r.lineno, "%s", err);
			continue;
		}
		if ((type = parse_type(r.field[ctype], r.len[ctype])) == -1) {
			text_quote(r.field[ctype], r.len[ctype], q);
			bad_row(s, in, r.lineno, "unknown type \"%s\" (gift, "
			    "service, writeoff, member, request)", q);
			continue;
		}
		if (fu_id_parse(r.field[cid], &id) == -1) {
			text_quote(r.field[cid], r.len[cid], q);
			bad_row(s, in, r.lineno, "id \"%s\" is not 16 hex "
			    "digits", q);
			continue;
		}
		if (r.len[cstore] == 0) {
			bad_row(s, in, r.lineno, "no store");
			continue;
		}
		size = csize == -1 ? SIZE_UNKNOWN :
		    parse_size(r.field[csize], r.len[csize]);
		if (size == -1) {
			text_quote(r.field[csize], r.len[csize], q);
			bad_row(s, in, r.lineno, "store_size \"%s\" is not "
			    "large or small", q);
			continue;
		}
		have_amount = 0;
		fen = 0;
		if (type == ST_GIFT || type == ST_SERVICE) {
			if (camount == -1) {
				fu_warnx("%s: no amount column (%s rows need "
				    "one)", in->name, type_names[type]);
				tsv_close(&r);
				return -1;
			}
			if (r.len[camount] > 0) {
				if (money_parse(r.field[camount],
				    r.len[camount], MONEY_NONNEG, &fen,
				    err) == -1) {
					bad_row(s, in, r.lineno, "%s", err);
					continue;
				}
				have_amount = 1;
			}
		}
		st = store_get(s, r.field[cstore], r.len[cstore]);
		if (size != SIZE_UNKNOWN)
			st->sizes |= size == SIZE_LARGE ? 1 : 2;
		st->rows++;
		if (type == ST_GIFT)
			st->gift_rows++;
		else if (type == ST_SERVICE)
			st->service_rows++;
		phone = cphone == -1 ? "" : r.field[cphone];
		plen = cphone == -1 ? 0 : r.len[cphone];
		if (plen > 0 && (s->dnc.n > 0 || s->recent.n > 0)) {
			uint64_t k = phone_key(phone, plen);

			if (idset_has(&s->dnc, k)) {
				st->ex_dnc++;
				continue;
			}
			if (idset_has(&s->recent, k)) {
				st->ex_recent++;
				continue;
			}
		}
		switch (type) {
		case ST_GIFT:
			PUSH(st->g, st->ng, st->capg);
			g = &st->g[st->ng++];
			g->cust = plen > 0 ? cust_key(st, phone, plen) : id;
			if (fen == 0)
				fen = pol->gift_min_weight;
			g->weight = fen > UINT32_MAX ? UINT32_MAX :
			    (uint32_t)fen;
			g->row = (uint32_t)(s->nrows - 1);
			break;
		case ST_SERVICE:
			PUSH(st->s, st->ns, st->caps);
			sv = &st->s[st->ns++];
			sv->id = id;
			sv->row = (uint32_t)(s->nrows - 1);
			sv->pick = SP_NONE;
			sv->flags = 0;
			if (!have_amount) {
				sv->band = SAMPLE_NOBAND;
				sv->flags = SV_NOAMOUNT;
				st->noamount++;
			} else {
				sv->band = (uint8_t)sample_band(&pol->tiers,
				    fen);
				if (fen < pol->tier_floor)
					sv->flags = SV_FLOOR;
			}
			break;
		default:
			PUSH(st->o, st->no, st->capo);
			o = &st->o[st->no++];
			o->id = id;
			o->row = (uint32_t)(s->nrows - 1);
			o->type = (uint32_t)type;
			break;
		}
		if (s->nrows >= UINT32_MAX - 1) {
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

/* The draw. */

size_t
sample_gift_quota(double rate, size_t n)
{
	double x = rate * (double)n;
	size_t k = (size_t)x;

	/* 0.7 * 10 is 6.9999999999999991: ceil by the rate as written. */
	if ((double)k < x - 1e-9 * (x > 1 ? x : 1))
		k++;
	return k > n ? n : k;
}

int
sample_rotation(const struct policy *p, int monday)
{
	long w;

	if (!p->rotation)
		return SIZE_UNKNOWN;
	w = (long)(monday - p->rotation_epoch);
	w = (w - ((w % 7 + 7) % 7)) / 7;
	if ((w % 2 + 2) % 2 == 0)
		return p->rotation_even;
	return p->rotation_even == SIZE_LARGE ? SIZE_SMALL : SIZE_LARGE;
}

double
sample_es_key(double u, uint64_t weight)
{
	if (weight == 0)
		return -INFINITY;
	return log(u) / ((double)weight / 100.0);
}

/*
 * RADIX_SORT(name, type, field) makes name(a, n, limit): an in-place
 * MSD radix sort (American flag sort) of records by their 64-bit field,
 * low first, that orders only what lies before limit: the records from
 * limit on are those that come after, in no order (a radix select and
 * sort: O(n), and nth_element's work for the rest).  Equal keys are
 * left in no order.  Each level skips the bits its records share, and
 * takes as many bits as it has records to spread (8 to 16).
 */
#define RADIX_SORT(name, type, field)					\
static void								\
name(type *a, size_t n, size_t limit)					\
{									\
	uint32_t small[3 * 256], *cnt, *start, *next;			\
	uint64_t lo, hi, x;						\
	size_t i, j, b, nb, end;					\
	type v, t;							\
	int bits, shift, top;						\
									\
	if (n <= 1 || limit == 0)					\
		return;							\
	if (n <= 24) {							\
		for (i = 1; i < n; i++) {				\
			v = a[i];					\
			for (j = i; j > 0 && a[j - 1].field > v.field;	\
			    j--)					\
				a[j] = a[j - 1];			\
			a[j] = v;					\
		}							\
		return;							\
	}								\
	lo = hi = a[0].field;						\
	for (i = 1; i < n; i++) {					\
		x = a[i].field;						\
		lo = x < lo ? x : lo;					\
		hi = x > hi ? x : hi;					\
	}								\
	if (lo == hi)							\
		return;							\
	top = 64 - __builtin_clzll(lo ^ hi);				\
	for (bits = 8; bits < 16 && ((size_t)4 << bits) < n; bits++)	\
		;							\
	if (bits > top)							\
		bits = top;						\
	shift = top - bits;						\
	nb = (size_t)1 << bits;						\
	cnt = nb <= 256 ? small : xreallocarray(NULL, 3 * nb,		\
	    sizeof(*cnt));						\
	start = cnt + nb;						\
	next = start + nb;						\
	memset(cnt, 0, nb * sizeof(*cnt));				\
	for (i = 0; i < n; i++)						\
		cnt[(a[i].field >> shift) & (nb - 1)]++;		\
	for (b = 0, j = 0; b < nb; b++) {				\
		start[b] = next[b] = (uint32_t)j;			\
		j += cnt[b];						\
	}								\
	for (b = 0; b < nb; b++) {					\
		end = start[b] + cnt[b];				\
		while (next[b] < end) {					\
			v = a[next[b]];					\
			j = (v.field >> shift) & (nb - 1);		\
			while (j != b) {				\
				t = a[next[j]];				\
				a[next[j]++] = v;			\
				v = t;					\
				j = (v.field >> shift) & (nb - 1);	\
			}						\
			a[next[b]++] = v;				\
		}							\
	}								\
	for (b = 0; b < nb && start[b] < limit; b++)			\
		if (cnt[b] > 1)						\
			name(a + start[b], cnt[b],			\
			    limit - start[b] < cnt[b] ?			\
			    limit - start[b] : cnt[b]);			\
	if (cnt != small)						\
		free(cnt);						\
}

/* Gift rows by customer (a customer's rows in no order). */
RADIX_SORT(gift_sort, struct sample_gift, cust)

/* What ties between customers are broken by. */
struct unit_ctx {
	const struct sample_gift *g;
	uint64_t	 seed;
};

/* Is a ranked before b?  Equal ranks (rare): u high first, then id. */
static inline int
before(const struct sample_unit *a, const struct sample_unit *b,
    const struct unit_ctx *c)
{
	uint64_t ca, cb;
	double ua, ub;

	if (a->rank != b->rank)
		return a->rank < b->rank;
	ca = c->g[a->start].cust;
	cb = c->g[b->start].cust;
	ua = rnd_unit(c->seed, ca, 0);
	ub = rnd_unit(c->seed, cb, 0);
	if (ua != ub)
		return ua > ub;
	return ca < cb;
}

static void
unit_isort(struct sample_unit *a, long n, const struct unit_ctx *c)
{
	struct sample_unit x;
	long i, j;

	for (i = 1; i < n; i++) {
		x = a[i];
		for (j = i; j > 0 && before(&x, &a[j - 1], c); j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* Customers by rank, the first limit of them in order. */
RADIX_SORT(unit_radix, struct sample_unit, rank)

static uint64_t
dbits(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b;
}

static double
bitsd(uint64_t b)
{
	double d;

	memcpy(&d, &b, sizeof(d));
	return d;
}

/*
 * A key as a rank, low first.  The bits of a double that is not
 * negative order as the double does: an Efraimidis-Spirakis key (below
 * 0, or -inf) ranks by the bits of its size, a value by their complement.
 */
static uint64_t
key_rank(double key, int method)
{
	if (method == GIFT_TOP)
		return ~dbits(key);
	return dbits(-key);
}

double
sample_unit_key(const struct sample_unit *u, const struct sample_gift *g,
    uint64_t seed, int method)
{
	if (method == GIFT_TOP)
		return rnd_unit(seed, g[u->start].cust, 0);
	return -bitsd(u->rank);
}

size_t
sample_gifts(struct sample_gift *g, size_t n, size_t k, uint64_t seed,
    int method, struct sample_unit **unitsp)
{
	struct sample_unit *u;
	struct unit_ctx c;
	size_t i, j, nu = 0, want, covered;
	uint64_t w;
	double r;

	gift_sort(g, n, n);
	u = xreallocarray(NULL, n ? n : 1, sizeof(*u));
	for (i = 0; i < n; i = j) {
		w = 0;
		for (j = i; j < n && g[j].cust == g[i].cust; j++)
			w += g[j].weight;
		r = rnd_unit(seed, g[i].cust, 0);
		/* w + u: the value first, then u breaks the ties. */
		u[nu].rank = key_rank(method == GIFT_TOP ? (double)w + r :
		    sample_es_key(r, w), method);
		u[nu].start = (uint32_t)i;
		u[nu].n = (uint32_t)(j - i);
		nu++;
	}
	c.g = g;
	c.seed = seed;
	/* Each customer covers a row at least: the first k cover k rows. */
	want = k < nu ? k : nu;
	unit_radix(u, nu, want);
	/*
	 * Equal ranks (rare: a gift worth nothing, or equal values with
	 * --method top) are ordered by u and id, a run that straddles want
	 * taken whole.
	 */
	for (i = 0; i < want; i = j) {
		for (j = i + 1; j < nu && u[j].rank == u[i].rank; j++)
			;
		if (j - i > 1)
			unit_isort(u + i, (long)(j - i), &c);
	}
	for (i = 0, covered = 0; i < want && covered < k; i++)
		covered += u[i].n;
	*unitsp = u;
	return i;
}

int
sample_band(const struct tiers *ts, int64_t fen)
{
	size_t t;

	for (t = 0; t < ts->n; t++) {
		if (fen < ts->t[t].lo)
			return (int)(2 * t);
		if (ts->t[t].hi == -1 || fen < ts->t[t].hi)
			return (int)(2 * t + 1);
	}
	return (int)(2 * ts->n);
}

/* A row in the order of the service draw. */
struct svc_ord {
	double		 u;
	uint64_t	 id;
	uint32_t	 i;
	uint32_t	 band;
};

static int
svc_ord_cmp(const void *a, const void *b)
{
	const struct svc_ord *x = a, *y = b;

	if (x->band != y->band)
		return x->band < y->band ? -1 : 1;
	if (x->u != y->u)
		return x->u > y->u ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

size_t
sample_service(struct sample_svc *sv, size_t n, const struct tiers *ts,
    uint64_t seed, size_t topup, uint32_t *order, size_t *short_,
    size_t *topup_short)
{
	struct svc_ord *o = xreallocarray(NULL, n ? n : 1, sizeof(*o));
	size_t m = ts->n, nb = 2 * m + 1, i, t, b, need, nout = 0, nfill = 0;
	size_t *bstart = xcalloc(nb + 1, sizeof(*bstart));
	size_t *own = xcalloc(m ? m : 1, sizeof(*own));
	size_t *fstart = xcalloc(m ? m : 1, sizeof(*fstart));
	size_t *flen = xcalloc(m ? m : 1, sizeof(*flen));
	uint32_t *fill = xreallocarray(NULL, n ? n : 1, sizeof(*fill));

	for (i = 0; i < n; i++) {
		o[i].u = rnd_unit(seed, sv[i].id, 0);
		o[i].id = sv[i].id;
		o[i].i = (uint32_t)i;
		o[i].band = sv[i].band;
		sv[i].pick = SP_NONE;
	}
	qsort(o, n, sizeof(*o), svc_ord_cmp);
	/* bstart[b]: where band b begins in o; rows of no band come last. */
	for (b = 0, i = 0; b <= nb; b++) {
		while (i < n && o[i].band < b)
			i++;
		bstart[b] = i;
	}

	/* Each tier from its own band. */
	for (t = 0; t < m; t++) {
		b = 2 * t + 1;
		own[t] = bstart[b + 1] - bstart[b];
		if (own[t] > (size_t)ts->t[t].count)
			own[t] = (size_t)ts->t[t].count;
		for (i = 0; i < own[t]; i++)
			sv[o[bstart[b] + i].i].pick = (uint16_t)R_OWN(t);
	}
	/* A short tier, the highest first, from the bands below it. */
	for (t = m; t-- > 0;) {
		need = (size_t)ts->t[t].count - own[t];
		fstart[t] = nfill;
		for (b = 2 * t + 1; b-- > 0 && need > 0;)
			for (i = bstart[b]; i < bstart[b + 1] && need > 0;
			    i++) {
				struct sample_svc *r = &sv[o[i].i];

				if (r->pick != SP_NONE || (r->flags & SV_FLOOR))
					continue;
				r->pick = (uint16_t)R_FILL(t);
				fill[nfill++] = o[i].i;
				need--;
			}
		flen[t] = nfill - fstart[t];
		short_[t] = need;
	}
	for (t = 0; t < m; t++) {
		b = 2 * t + 1;
		for (i = 0; i < own[t]; i++)
			order[nout++] = o[bstart[b] + i].i;
		for (i = 0; i < flen[t]; i++)
			order[nout++] = fill[fstart[t] + i];
	}

	/* The top-up: the best keys of any rows left. */
	if (topup > 0) {
		size_t nleft = 0;

		for (i = 0; i < n; i++)
			if (sv[o[i].i].pick == SP_NONE)
				o[nleft++] = o[i];
		for (i = 0; i < nleft; i++)
			o[i].band = 0;
		qsort(o, nleft, sizeof(*o), svc_ord_cmp);
		for (i = 0; i < nleft && i < topup; i++) {
			sv[o[i].i].pick = SP_TOPUP;
			order[nout++] = o[i].i;
		}
		*topup_short = topup - i;
	} else
		*topup_short = 0;
	free(o);
	free(bstart);
	free(own);
	free(fstart);
	free(flen);
	free(fill);
	return nout;
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
	e = (int)floor((double)(((int)(dbits(ax) >> 52)) - 1023) *
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

static void
add_pick(struct sample *s, uint32_t row, uint32_t slot, uint32_t rank,
    double key, uint32_t reason)
{
	struct sample_pick *p;

	if (rank > SAMPLE_MAX_RANK)
		fu_errx(FU_EXIT_FATAL, "more than %d rows drawn in one store",
		    SAMPLE_MAX_RANK);
	PUSH(s->pick, s->npick, s->pickcap);
	p = &s->pick[s->npick++];
	p->key = key;
	p->slot = slot;
	p->rank = rank << 8 | reason;
	s->pos[row] = (uint32_t)s->npick;
}

static int
store_cmp(const void *a, const void *b)
{
	const struct sample_store *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

struct ord {
	double		 u;
	uint64_t	 id;
	uint32_t	 i;
};

static int
ord_cmp(const void *a, const void *b)
{
	const struct ord *x = a, *y = b;

	if (x->u != y->u)
		return x->u > y->u ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Weeks from this one to the month's last in which a size is drawn. */
static int
weeks_left(const struct sample *s, int size)
{
	struct month m;
	int d, last, n = 0, drawn;

	m.year = s->week.year;
	m.month = s->week.month;
	last = month_first_monday(&m, s->pol->week_rule) +
	    7 * (month_weeks(&m, s->pol->week_rule) - 1);
	for (d = s->week.monday; d <= last; d += 7) {
		drawn = sample_rotation(s->pol, d);
		if (drawn == SIZE_UNKNOWN || drawn == size)
			n++;
	}
	return n > 0 ? n : 1;
}

static void
shortfall(struct sample *s, const char *store, const char *what,
    size_t got, size_t want, const char *why)
{
	s->shortfalls++;
	fu_warnx("%s: %s: %zu of %zu drawn (%zu short%s%s)", store, what, got,
	    want, want - got, why[0] ? ": " : "", why);
}

/* One store's draw, given the slots and ranks that follow. */
static void
draw_store(struct sample *s, struct sample_store *st)
{
	const struct policy *pol = s->pol;
	const struct tiers *ts = &pol->tiers;
	struct sample_unit *units = NULL;
	struct ord *ord;
	uint32_t rank = 0, *order, slot;
	size_t k, nu, j, r, covered = 0, nsvc, tshort = 0, topup = 0, want;
	size_t shortv[SAMPLE_MAX_TIERS];
	long need, drawn;
	char what[256], why[128];

	s->ex_recent += st->ex_recent;
	s->ex_dnc += st->ex_dnc;
	s->noamount += st->noamount;

	/* Gift checks: whole customers until the quota's rows are covered. */
	if (st->gift_rows > 0) {
		k = sample_gift_quota(pol->gift_rate, (size_t)st->gift_rows);
		nu = sample_gifts(st->g, st->ng, k, s->seed, pol->gift_method,
		    &units);
		for (j = 0; j < nu; j++) {
			rank++;
			slot = s->nslot++;
			for (r = units[j].start;
			    r < units[j].start + units[j].n; r++, covered++)
				add_pick(s, st->g[r].row, slot, rank,
				    sample_unit_key(&units[j], st->g, s->seed,
				    pol->gift_method), R_GIFT |
				    (units[j].n > 1 ? SAMPLE_SHARED : 0));
		}
		free(units);
		s->drawn[ST_GIFT] += (long)covered;
		if (covered < k) {
			snprintf(why, sizeof(why), "%ld excluded",
			    st->ex_recent + st->ex_dnc);
			shortfall(s, st->name, "gift checks", covered, k, why);
		}
	} else
		nu = 0;

	/*
	 * The small-store minimum: what the month still lacks, shared over
	 * the weeks left in which small stores are drawn.
	 */
	drawn = (long)nu + (long)st->no;
	order = xreallocarray(NULL, st->ns ? st->ns : 1, sizeof(*order));
	nsvc = sample_service(st->s, st->ns, ts, s->seed, 0, order, shortv,
	    &tshort);
	drawn += (long)nsvc;
	if (s->have_log && st->size == SIZE_SMALL &&
	    (need = pol->small_store_monthly_min - st->called - drawn) > 0) {
		long wl = weeks_left(s, SIZE_SMALL);

		topup = (size_t)((need + wl - 1) / wl);
		nsvc = sample_service(st->s, st->ns, ts, s->seed, topup, order,
		    shortv, &tshort);
	}
	for (j = 0; j < nsvc; j++) {
		struct sample_svc *sv = &st->s[order[j]];

		add_pick(s, sv->row, s->nslot++, ++rank,
		    rnd_unit(s->seed, sv->id, 0),
		    sv->pick == SP_TOPUP ? (uint32_t)R_TOPUP(ts->n) :
		    (uint32_t)sv->pick);
		if (sv->pick == SP_TOPUP)
			s->topup++;
		else
			s->drawn[ST_SERVICE]++;
	}
	free(order);
	/* A store with no service rows at all has no tiers to fill. */
	for (j = 0; j < ts->n && st->service_rows > 0; j++) {
		if (shortv[j] == 0)
			continue;
		snprintf(what, sizeof(what), "service %s",
		    s->reason[R_OWN(j)]);
		shortfall(s, st->name, what,
		    (size_t)ts->t[j].count - shortv[j],
		    (size_t)ts->t[j].count, "");
	}
	if (tshort > 0) {
		snprintf(why, sizeof(why), "%ld called this month, %ld drawn, "
		    "minimum %d", st->called, drawn,
		    pol->small_store_monthly_min);
		shortfall(s, st->name, "小店月度补足", topup - tshort, topup,
		    why);
	}

	/* The other types: every one, in key order. */
	if (st->no > 0) {
		ord = xreallocarray(NULL, st->no, sizeof(*ord));
		for (j = 0; j < st->no; j++) {
			ord[j].u = rnd_unit(s->seed, st->o[j].id, 0);
			ord[j].id = st->o[j].id;
			ord[j].i = (uint32_t)j;
		}
		qsort(ord, st->no, sizeof(*ord), ord_cmp);
		for (j = 0; j < st->no; j++) {
			add_pick(s, st->o[ord[j].i].row, s->nslot++, ++rank,
			    ord[j].u, (uint32_t)R_ALL(ts->n));
			s->drawn[st->o[ord[j].i].type]++;
		}
		free(ord);
	}
	want = (size_t)st->rows - (size_t)(st->ex_recent + st->ex_dnc);
	s->notdrawn += (long)want - (long)(covered + nsvc + st->no);
}

/*
 * After the draw: for the second reading, which rows are chosen (a bit
 * a row) and the slot of each, in the order of the rows (gathered in a
 * tight loop, where the misses overlap, rather than one miss a row while
 * reading); for the writing, one pick a slot, in slot order.
 */
static void
finish_draw(struct sample *s)
{
	const struct sample_pick *p;
	uint64_t row;
	size_t j = 0, i;

	s->chosen = xcalloc(s->nrows / 64 + 1, sizeof(*s->chosen));
	s->rowslot = xreallocarray(NULL, s->npick ? s->npick : 1,
	    sizeof(*s->rowslot));
	for (row = 0; row < s->nrows; row++) {
		if (s->pos[row] == 0)
			continue;
		p = &s->pick[s->pos[row] - 1];
		s->chosen[row / 64] |= UINT64_C(1) << (row % 64);
		s->rowslot[j++] = p->slot |
		    ((p->rank & SAMPLE_SHARED) ? SLOT_SHARED : 0);
	}
	free(s->pos);
	s->pos = NULL;
	/* The rows of a customer share their slot and its pick. */
	for (i = 0, j = 0; i < s->npick; i++)
		if (i == 0 || s->pick[i].slot != s->pick[j - 1].slot)
			s->pick[j++] = s->pick[i];
	s->pick = xreallocarray(s->pick, j ? j : 1, sizeof(*s->pick));
	s->pickcap = j;
}

void
sample_draw(struct sample *s)
{
	struct sample_store **order;
	struct sample_store *st;
	size_t i;

	if (s->pol->tiers.n > SAMPLE_MAX_TIERS) {
		fu_warnx("tiers: more than %d tiers", SAMPLE_MAX_TIERS);
		s->status = FU_EXIT_FATAL;
		return;
	}
	s->pos = xcalloc(s->nrows ? s->nrows : 1, sizeof(*s->pos));
	order = xreallocarray(NULL, s->nstore ? s->nstore : 1,
	    sizeof(*order));
	if (s->nstore > 0)
		memcpy(order, s->store, s->nstore * sizeof(*order));
	qsort(order, s->nstore, sizeof(*order), store_cmp);
	for (i = 0; i < s->nstore; i++) {
		st = order[i];
		st->size = st->sizes == 1 ? SIZE_LARGE : st->sizes == 2 ?
		    SIZE_SMALL : SIZE_UNKNOWN;
		if (st->sizes == 3) {
			fu_warnx("%s: rows say both large and small: drawn "
			    "every week", st->name);
			s->conflicts++;
			s->status = s->status > FU_EXIT_DATA ? s->status :
			    FU_EXIT_DATA;
		}
		if (st->rows == 0)
			continue;
		if (s->drawn_size != SIZE_UNKNOWN &&
		    st->size != SIZE_UNKNOWN && st->size != s->drawn_size) {
			s->off_week += st->rows;
			store_free_rows(st);
			continue;
		}
		draw_store(s, st);
		store_free_rows(st);
	}
	free(order);
	finish_draw(s);
}

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
	sp->tmpdir = s->tmpdir;
	for (b = 0; b < sp->nb; b++)
		sp->fd[b] = -1;
}

static int
spool_flush(struct spool *sp, size_t b)
{
	if (sp->buf[b].len == 0)
		return 0;
	if (sp->fd[b] == -1 && (sp->fd[b] = fu_tmpfd(sp->tmpdir)) == -1) {
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
	progress_init(&pr, in->name, s->quiet);
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
		fputs(our_cols[i], out);
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

void
sample_report(const struct sample *s)
{
	char buf[1024];
	size_t n = 0;
	long drawn = s->topup;
	int t, first = 1;

	for (t = 0; t < ST_N; t++)
		drawn += s->drawn[t];
#define ADD(...)	n += (size_t)snprintf(buf + n, n < sizeof(buf) ? \
			    sizeof(buf) - n : 0, __VA_ARGS__)
	ADD("%s (%s stores): %llu contacts: %ld drawn", s->label,
	    size_name(s->drawn_size), (unsigned long long)s->nrows, drawn);
	if (drawn > 0) {
		ADD(" (");
		for (t = 0; t < ST_N; t++) {
			if (s->drawn[t] == 0)
				continue;
			ADD("%s%s %ld", first ? "" : ", ", type_names[t],
			    s->drawn[t]);
			first = 0;
		}
		if (s->topup > 0)
			ADD("%stop-up %ld", first ? "" : ", ", s->topup);
		ADD(")");
	}
	if (s->have_log || s->have_dnc) {
		ADD("; ");
		if (s->have_log)
			ADD("%ld excluded (recent)", s->ex_recent);
		if (s->have_dnc)
			ADD("%s%ld%s (do not call)", s->have_log ? ", " : "",
			    s->ex_dnc, s->have_log ? "" : " excluded");
	}
	if (s->drawn_size != SIZE_UNKNOWN)
		ADD("; %ld not this week (%s stores)", s->off_week,
		    size_name(s->drawn_size == SIZE_LARGE ? SIZE_SMALL :
		    SIZE_LARGE));
	ADD("; %ld not drawn", s->notdrawn);
	if (s->bad > 0)
		ADD("; %ld bad", s->bad);
#undef ADD
	fu_warnx("%s", buf);
	if (s->noamount > 0)
		fu_warnx("%ld service rows have no amount: in no tier",
		    s->noamount);
}

void
sample_free(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->nin; i++) {
		if (s->in[i]->own && s->in[i]->fp != NULL)
			fclose(s->in[i]->fp);
		free(s->in[i]->map);
		free(s->in[i]->name);
		free(s->in[i]);
	}
	free(s->in);
	for (i = 0; i < s->ncol; i++)
		free(s->col[i]);
	free(s->col);
	for (i = 0; i < s->nstore; i++) {
		store_free_rows(s->store[i]);
		free(s->store[i]->name);
		free(s->store[i]);
	}
	free(s->store);
	free(s->slot);
	for (i = 0; i < s->nreason; i++)
		free(s->reason[i]);
	free(s->reason);
	free(s->reasonlen);
	free(s->pos);
	free(s->pick);
	free(s->chosen);
	free(s->rowslot);
	idset_free(&s->dnc);
	idset_free(&s->recent);
	memset(s, 0, sizeof(*s));
}
