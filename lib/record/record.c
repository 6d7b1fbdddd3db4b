/* record.c: outcomes checked and appended to the call log; see record.h. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fmt/csvin.h"
#include "fmt/date.h"
#include "base/err.h"
#include "base/hash.h"
#include "log/logfile.h"
#include "fmt/outcome.h"
#include "fmt/phone.h"
#include "base/outfile.h"
#include "record/record.h"
#include "base/text.h"
#include "fmt/tsv.h"
#include "base/util.h"

#define DAY	86400LL
#define NONE	SIZE_MAX

/* The columns of a batch, by the names of the call list (回访清单). */
enum bcol {
	B_ID, B_OUTCOME, B_Q1, B_Q2, B_Q3, B_COMPLAINT, B_CALLBACK, B_GIFT_OK,
	B_AGENT, B_NOTE, B_TS, B_METHOD, B_RESOLVED, B_SUPERSEDES, B_N
};

static const char *const batch_names[B_N][8] = {
	[B_ID] = { "id", "编号", "回访编号", NULL },
	[B_OUTCOME] = { "outcome", "结果", "回访结果", NULL },
	[B_Q1] = { "q1", "评分1", "问题1", NULL },
	[B_Q2] = { "q2", "评分2", "问题2", NULL },
	[B_Q3] = { "q3", "评分3", "问题3", NULL },
	[B_COMPLAINT] = { "complaint", "投诉", "问题", "投诉/问题", "投诉问题",
	    NULL },
	[B_CALLBACK] = { "callback", "约定回电", "回电时间", NULL },
	[B_GIFT_OK] = { "gift_ok", "礼品相符", NULL },
	[B_AGENT] = { "agent", "回访人", "回访员", "客服", NULL },
	[B_NOTE] = { "note", "备注", NULL },
	[B_TS] = { "ts", "回访时间", "时间", NULL },
	[B_METHOD] = { "method", "方式", "回访方式", NULL },
	[B_RESOLVED] = { "resolved", "解决日期", "已解决", NULL },
	[B_SUPERSEDES] = { "supersedes", "更正", NULL },
};

void
rec_init(struct recorder *rc, struct policy *pol, long long now)
{
	memset(rc, 0, sizeof(*rc));
	rc->pol = pol;
	rc->now = now;
}

void
rec_free(struct recorder *rc)
{
	size_t i;

	free(rc->ent);
	free(rc->slot);
	free(rc->ctext);
	free(rc->row);
	free(rc->text);
	for (i = 0; i < rc->nfiles; i++)
		free(rc->files[i]);
	free(rc->files);
	for (i = 0; i < rc->nrej_cols; i++)
		free(rc->rej_cols[i]);
	free(rc->rej_cols);
	if (rc->rejtmp != NULL)
		fclose(rc->rejtmp);
}

/* Room for n more bytes in a growing buffer. */
static char *
room(char **buf, size_t *len, size_t *cap, size_t n)
{
	if (*cap - *len < n)
		*buf = xgrow(*buf, cap, *len + n, 1);
	return *buf + *len;
}

/* The high bit of each byte of v that is zero, and of no other. */
static inline uint64_t
zero_bytes(uint64_t v)
{
	const uint64_t low7 = UINT64_C(0x7f7f7f7f7f7f7f7f);

	return ~(((v & low7) + low7) | v | low7);
}

/*
 * A field escaped as tsv.h says, into o (room for 2n): eight bytes at a
 * time while none of them is a tab, newline, CR or backslash (nearly
 * every field).  Returns the end.
 */
static char *
put_esc(char *o, const char *s, size_t n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const char *end = s + n;
	uint64_t x;
	size_t k;

	for (;;) {
		while (end - s >= 8) {
			memcpy(&x, s, 8);
			if (zero_bytes(x ^ ones * '\t') | zero_bytes(x ^ ones *
			    '\n') | zero_bytes(x ^ ones * '\r') |
			    zero_bytes(x ^ ones * '\\'))
				break;
			memcpy(o, s, 8);
			o += 8;
			s += 8;
		}
		if (s == end)
			return o;
		/* That word, or the last bytes, one at a time. */
		for (k = end - s < 8 ? (size_t)(end - s) : 8; k > 0; k--, s++)
			switch (*s) {
			case '\t':
				*o++ = '\\';
				*o++ = 't';
				break;
			case '\n':
				*o++ = '\\';
				*o++ = 'n';
				break;
			case '\r':
				*o++ = '\\';
				*o++ = 'r';
				break;
			case '\\':
				*o++ = '\\';
				*o++ = '\\';
				break;
			default:
				*o++ = *s;
			}
	}
}

/* The id table: open addressing (linear probing) on mix64 of the id. */
struct rec_ent *
rec_ent_find(const struct recorder *rc, uint64_t id)
{
	size_t mask = rc->nslot - 1, i;
	uint32_t e;

	if (rc->nslot == 0)
		return NULL;
	for (i = mix64(id) & mask; (e = rc->slot[i]) != 0; i = (i + 1) & mask)
		if (rc->ent[e - 1].id == id)
			return &rc->ent[e - 1];
	return NULL;
}

/*
 * A big table probed at random (a million ids): on huge pages where the
 * system has them, as on 4 KiB pages nearly every probe also misses the
 * TLB.  zero: cleared (else left as it is, untouched pages cost nothing).
 */
static void *
table_alloc(size_t n, int zero)
{
	const size_t huge = (size_t)2 << 20;
	void *p;

	if (n < huge)
		return zero ? xcalloc(1, n) : xmalloc(n);
	if (posix_memalign(&p, huge, n) != 0)
		fu_errx(FU_EXIT_FATAL, "out of memory");
#ifdef MADV_HUGEPAGE
	(void)madvise(p, n, MADV_HUGEPAGE);
#endif
	if (zero)
		memset(p, 0, n);
	return p;
}

/*
 * Room for n entries, and slots for them at most half full, so probes
 * stay short.
 */
static void
ent_reserve(struct recorder *rc, size_t n)
{
	size_t nslot = rc->nslot ? rc->nslot : 64, i, j, mask, cap;
	struct rec_ent *ent;

	if (n > UINT32_MAX - 1)
		fu_errx(FU_EXIT_FATAL, "more than %lu ids", (unsigned long)
		    (UINT32_MAX - 1));
	if (n > rc->entcap) {
		cap = rc->entcap * 2 > n ? rc->entcap * 2 : n;
		ent = table_alloc(cap * sizeof(*ent), 0);
		if (rc->nent > 0)
			memcpy(ent, rc->ent, rc->nent * sizeof(*ent));
		free(rc->ent);
		rc->ent = ent;
		rc->entcap = cap;
	}
	while (nslot < 2 * n)
		nslot *= 2;
	if (nslot == rc->nslot)
		return;
	free(rc->slot);
	rc->slot = table_alloc(nslot * sizeof(*rc->slot), 1);
	rc->nslot = nslot;
	mask = nslot - 1;
	for (j = 0; j < rc->nent; j++) {
		for (i = mix64(rc->ent[j].id) & mask; rc->slot[i] != 0;
		    i = (i + 1) & mask)
			;
		rc->slot[i] = (uint32_t)(j + 1);
	}
}

struct rec_ent *
rec_ent_add(struct recorder *rc, uint64_t id)
{
	struct rec_ent *e;
	size_t mask, i;

	if ((e = rec_ent_find(rc, id)) != NULL)
		return e;
	ent_reserve(rc, rc->nent + 1);
	mask = rc->nslot - 1;
	for (i = mix64(id) & mask; rc->slot[i] != 0; i = (i + 1) & mask)
		;
	e = &rc->ent[rc->nent++];
	memset(e, 0, sizeof(*e));
	e->id = id;
	rc->slot[i] = (uint32_t)rc->nent;
	return e;
}

/* A contact's four fields, escaped and tab-separated, at the end of ctext. */
static size_t
esc_contact(struct recorder *rc, char *const *f, const size_t *len)
{
	size_t need = 4, i;
	char *o, *start;

	for (i = 0; i < 4; i++)
		need += 2 * len[i];
	start = o = room(&rc->ctext, &rc->nctext, &rc->ctextcap, need);
	for (i = 0; i < 4; i++) {
		if (i > 0)
			*o++ = '\t';
		o = put_esc(o, f[i], len[i]);
	}
	if ((size_t)(o - start) > UINT32_MAX)
		fu_errx(FU_EXIT_FATAL, "a contact of %zu bytes",
		    (size_t)(o - start));
	return (size_t)(o - start);
}

static unsigned char
gift_flag(const char *type, size_t n)
{
	return n == 4 && memcmp(type, "gift", 4) == 0 ? ENT_GIFT : 0;
}

/* The log's latest record of an id gives its contact (unless --contacts). */
static void
set_log_contact(struct recorder *rc, struct rec_ent *e, char *const *f,
    const size_t *len)
{
	size_t n = esc_contact(rc, f, len);

	/* Most are the same as the one before: written over it, not added. */
	if ((e->flags & ENT_LOG) && n <= e->clen) {
		memmove(rc->ctext + e->coff, rc->ctext + rc->nctext, n);
	} else {
		e->coff = rc->nctext;
		rc->nctext += n;
	}
	e->clen = (uint32_t)n;
	e->flags = (unsigned char)((e->flags & ~ENT_GIFT) | ENT_LOG |
	    gift_flag(f[0], len[0]));
}

static inline void
prefetch_slot(const struct recorder *rc, uint64_t id)
{
	if (rc->nslot > 0)
		__builtin_prefetch(&rc->slot[mix64(id) & (rc->nslot - 1)]);
}

static inline void
prefetch_ent(const struct recorder *rc, uint64_t id)
{
	uint32_t x;

	if (rc->nslot > 0 &&
	    (x = rc->slot[mix64(id) & (rc->nslot - 1)]) != 0)
		__builtin_prefetch(&rc->ent[x - 1]);
}

/*
 * Contacts are matched with the table a few dozen at a time: the table's
 * lines for all of them are asked for first (prefetch), so that their
 * cache misses overlap instead of following one another.
 */
#define STAGE	32

struct staged {
	uint64_t	 id;
	size_t		 off;		/* its text, at the end of ctext */
	uint32_t	 len;
	unsigned char	 gift;
};

static void
stage_resolve(struct recorder *rc, struct staged *st, size_t ns,
    size_t base, int only_queued)
{
	struct rec_ent *e;
	size_t i, o = base;

	for (i = 0; i < ns; i++)
		prefetch_slot(rc, st[i].id);
	for (i = 0; i < ns; i++)
		prefetch_ent(rc, st[i].id);
	/* In file order; the texts kept move down over those dropped. */
	for (i = 0; i < ns; i++) {
		e = only_queued ? rec_ent_find(rc, st[i].id) :
		    rec_ent_add(rc, st[i].id);
		/* A due list may hold a contact twice (two rounds): one. */
		if (e == NULL || (e->flags & ENT_FILE))
			continue;
		memmove(rc->ctext + o, rc->ctext + st[i].off, st[i].len);
		e->coff = o;
		e->clen = st[i].len;
		e->flags = (unsigned char)((e->flags & ~(ENT_LOG | ENT_GIFT)) |
		    ENT_FILE | st[i].gift);
		o += st[i].len;
	}
	rc->nctext = o;
}

int
rec_load_contacts(struct recorder *rc, const char *path, int only_queued)
{
	static const char *const cols[] = { "id", "type", "store", "customer",
	    "phone" };
	static char empty[] = "";
	struct staged st[STAGE];
	struct tsv_reader r;
	char *f[4];
	size_t len[4], i, ns, base, n;
	long col[5];
	FILE *fp;
	int k, rcode = TSV_OK, bad = 0;

	if ((fp = tsv_open_path(&r, path, path)) == NULL)
		return -1;
	for (k = 0; k < 5; k++)
		col[k] = tsv_col(&r, cols[k]);
	if (col[0] == -1) {
		fu_warnx("%s: no id column (a contacts or due list has one)",
		    path);
		bad = 1;
	}
	if (only_queued) {
		ent_reserve(rc, rc->nent + rc->nrow);
		for (i = 0; i < rc->nrow; i++) {
			/* The slot well ahead, then the entry it holds. */
			if (i + STAGE < rc->nrow)
				prefetch_slot(rc, rc->row[i + STAGE].id);
			if (i + STAGE / 2 < rc->nrow)
				prefetch_ent(rc, rc->row[i + STAGE / 2].id);
			rc->row[i].ent = (uint32_t)(rec_ent_add(rc,
			    rc->row[i].id) - rc->ent) + 1;
		}
	}
	while (!bad && rcode != TSV_EOF) {
		base = rc->nctext;
		for (ns = 0; ns < STAGE &&
		    (rcode = tsv_next_report(&r)) != TSV_EOF; ) {
			uint64_t id;

			if (rcode != TSV_OK) {
				bad = 1;
				break;
			}
			if (fu_id_parse(r.field[col[0]], &id) == -1) {
				fu_datawarn(path, r.lineno, "id \"%s\" is not "
				    "16 hex digits", r.field[col[0]]);
				bad = 1;
				break;
			}
			if (only_queued && rc->nent == 0)
				continue;	/* none wanted: only checked */
			for (k = 0; k < 4; k++) {
				f[k] = col[k + 1] == -1 ? empty :
				    r.field[col[k + 1]];
				len[k] = col[k + 1] == -1 ? 0 :
				    r.len[col[k + 1]];
			}
			n = esc_contact(rc, f, len);
			st[ns].id = id;
			st[ns].off = rc->nctext;
			st[ns].len = (uint32_t)n;
			st[ns].gift = gift_flag(f[0], len[0]);
			rc->nctext += n;
			ns++;
		}
		stage_resolve(rc, st, ns, base, only_queued);
	}
	tsv_close(&r);
	fu_close_in(fp);
	return bad ? -1 : 0;
}

int
rec_score(const char *s)
{
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;

	text_trim(&p, &n);
	if (n == 1 && p[0] >= '1' && p[0] <= '5')
		return p[0] - '0';
	return -1;
}

int
rec_gift_ok(const char *s, size_t n)
{
	static const char *const yes[] = { "1", "是", "相符", "y", "yes",
	    "ok", NULL };
	static const char *const no[] = { "0", "否", "不符", "n", "no", NULL };
	const unsigned char *p = (const unsigned char *)s;
	int i;

	text_trim(&p, &n);
	for (i = 0; yes[i] != NULL; i++)
		if (strlen(yes[i]) == n && strncasecmp((const char *)p, yes[i],
		    n) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strlen(no[i]) == n && strncasecmp((const char *)p, no[i],
		    n) == 0)
			return 0;
	return -1;
}

/* A row's id as given (16 hex digits, capitals where they were). */
static void
row_id(const struct rec_row *w, char *out)
{
	int i;

	fu_id_format(w->id, out);
	for (i = 0; i < 16; i++)
		if ((w->upper >> i & 1) && out[i] >= 'a')
			out[i] = (char)(out[i] - 'a' + 'A');
}

/* Say why a record is refused, and keep it for -r. */
static void
refuse(struct recorder *rc, const struct rec_row *w, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
refuse(struct recorder *rc, const struct rec_row *w, const char *fmt, ...)
{
	char why[1024], src[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rc->rejected++;
	if (rc->status < FU_EXIT_DATA)
		rc->status = FU_EXIT_DATA;
	src[0] = '\0';
	if (w->file != 0)
		snprintf(src, sizeof(src), "%s:%ld", rc->files[w->file - 1],
		    w->line);
	if (src[0] != '\0')
		fu_warnx("%s: %s", src, why);
	else
		fu_warnx("%s", why);
	if (w->orig == NONE)
		return;
	if (rc->rejtmp == NULL && (rc->rejtmp = tmpfile()) == NULL)
		fu_err(FU_EXIT_FATAL, "temporary file for rejected rows");
	tsv_puts(rc->rejtmp, src);
	putc('\t', rc->rejtmp);
	tsv_puts(rc->rejtmp, why);
	putc('\t', rc->rejtmp);
	/* Kept escaped, its fields in the columns of -r. */
	fputs(rc->text + w->orig, rc->rejtmp);
	putc('\n', rc->rejtmp);
}

static void
row_clear(struct rec_row *w)
{
	memset(w, 0, sizeof(*w));
	w->ts = -1;
	w->callback = -1;
	w->gift_ok = -1;
	w->resolved = INT32_MIN;
	w->supersedes = -1;
	w->oc = -1;
	w->orig = NONE;
}

/* The id's 16 characters into w (id, capitals); -1 if not hex. */
static int
row_set_id(struct rec_row *w, const char *s)
{
	int i;

	if (fu_id_parse(s, &w->id) == -1)
		return -1;
	w->upper = 0;
	for (i = 0; i < 16; i++)
		if (s[i] >= 'A' && s[i] <= 'F')
			w->upper |= (uint16_t)(1u << i);
	return 0;
}

/*
 * Check a record's own values (not yet against the log) and queue it;
 * idtext is its id as given.  0 queued, -1 refused.
 */
static int
add_row(struct recorder *rc, struct rec_row *w, const char *idtext)
{
	const struct outcome_info *o;
	char t[24];

	if (row_set_id(w, idtext) == -1) {
		refuse(rc, w, "id \"%s\" is not 16 hex digits", idtext);
		return -1;
	}
	if (w->oc < 0 || w->oc >= OC_N) {
		refuse(rc, w, "%s: no such outcome", idtext);
		return -1;
	}
	o = &outcomes[w->oc];
	if (w->nq > 0 && w->oc != OC_SUCCESS && w->oc != OC_PARTIAL &&
	    w->oc != OC_SMS_REPLIED) {
		refuse(rc, w, "%s: scores need an answered call (success or "
		    "partial), not %s", idtext, o->code);
		return -1;
	}
	if (w->oc == OC_CALLBACK && w->callback == -1) {
		refuse(rc, w, "%s: callback needs the agreed time (--callback "
		    "TIME, 约定回电)", idtext);
		return -1;
	}
	if (w->oc != OC_CALLBACK && w->callback != -1) {
		refuse(rc, w, "%s: a callback time goes with the outcome "
		    "callback, not %s", idtext, o->code);
		return -1;
	}
	if (w->callback != -1 && w->callback < (w->ts == -1 ? rc->now :
	    w->ts)) {
		time_format(w->callback, t);
		refuse(rc, w, "%s: the callback time %s has passed", idtext, t);
		return -1;
	}
	if (w->ts != -1 && w->ts > rc->now + DAY) {
		time_format(w->ts, t);
		refuse(rc, w, "%s: the time %s is in the future", idtext, t);
		return -1;
	}
	if (w->method == ROW_SMS && o->dial) {
		refuse(rc, w, "%s: %s is an outcome of a call, not of a text "
		    "message", idtext, o->code);
		return -1;
	}
	if (w->method == ROW_PHONE &&
	    (w->oc == OC_SMS_SENT || w->oc == OC_SMS_REPLIED)) {
		refuse(rc, w, "%s: %s is an outcome of a text message, not of "
		    "a call", idtext, o->code);
		return -1;
	}
	if (w->method == 0)
		w->method = w->oc == OC_SMS_SENT || w->oc == OC_SMS_REPLIED ?
		    ROW_SMS : ROW_PHONE;
	rc->row = xgrow(rc->row, &rc->rowcap, rc->nrow + 1, sizeof(*rc->row));
	rc->row[rc->nrow++] = *w;
	return 0;
}

/* A row's complaint, note and agent (NULL: none) into rc->text. */
static void
row_texts(struct recorder *rc, struct rec_row *w, const char *const *s,
    const size_t *n)
{
	size_t i, all = 0;
	char *o;

	for (i = 0; i < 3; i++) {
		if (n[i] > UINT32_MAX)
			fu_errx(FU_EXIT_FATAL, "a field of %zu bytes", n[i]);
		all += s[i] != NULL ? n[i] : 0;
	}
	/* A byte more: rc->text is never NULL, even for empty strings. */
	o = room(&rc->text, &rc->ntext, &rc->textcap, all + 1);
	w->text = rc->ntext;
	for (i = 0; i < 3; i++) {
		w->tlen[i] = s[i] != NULL ? (uint32_t)n[i] : 0;
		memcpy(o, s[i] != NULL ? s[i] : "", w->tlen[i]);
		o += w->tlen[i];
	}
	rc->ntext += all;
	w->has_agent = s[2] != NULL;
}

int
rec_add(struct recorder *rc, struct outcome_req *q)
{
	struct rec_row w;
	const char *s[3];
	size_t n[3];
	int i, r;

	row_clear(&w);
	w.ts = q->ts;
	w.oc = (signed char)(q->oc >= 0 && q->oc < OC_N ? q->oc : -1);
	w.callback = q->callback;
	w.gift_ok = (signed char)q->gift_ok;
	w.resolved = q->resolved;
	w.supersedes = q->supersedes;
	w.nq = (unsigned char)(q->nq > 3 ? 3 : q->nq);
	for (i = 0; i < w.nq; i++)
		w.q[i] = (unsigned char)q->q[i];
	if (q->method != NULL)
		w.method = strcmp(q->method, "sms") == 0 ? ROW_SMS : ROW_PHONE;
	s[0] = q->complaint;
	s[1] = q->note;
	s[2] = q->agent;
	for (i = 0; i < 3; i++)
		n[i] = s[i] != NULL ? strlen(s[i]) : 0;
	row_texts(rc, &w, s, n);
	r = add_row(rc, &w, q->id);
	free(q->complaint);
	free(q->note);
	free(q->agent);
	q->complaint = q->note = q->agent = NULL;
	return r;
}

static int
blank(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	/*
	 * A field that starts with a byte no blank starts with (see
	 * text_trim) is not blank: most, without a call.
	 */
	if (n == 0)
		return 1;
	if (p[0] > ' ' && p[0] != 0xc2 && p[0] != 0xe3 && p[0] != 0xef)
		return 0;
	text_trim(&p, &n);
	return n == 0;
}

/* Which batch column a header names, or -1. */
static int
batch_col(const char *name, size_t n)
{
	char norm[256];
	int k, i;

	text_norm_name(name, n, norm, sizeof(norm));
	for (k = 0; k < B_N; k++)
		for (i = 0; batch_names[k][i] != NULL; i++)
			if (strcmp(norm, batch_names[k][i]) == 0)
				return k;
	return -1;
}

/* Fill a record from a batch row and queue it; -1 after refusing it. */
static int
batch_row(struct recorder *rc, struct csvin *in, const long *col,
    struct rec_row *w)
{
	char err[FU_ERRBUF], q1[TEXT_QUOTE_MAX + 1], id[17];
	const char *s, *ts[3];
	size_t n, tn[3];
	int k, v, day, oc;
	long long t;

#define VAL(k)	(col[k] == -1 ? "" : in->field[col[k]])
#define LEN(k)	(col[k] == -1 ? 0 : in->len[col[k]])
	s = VAL(B_ID);
	n = LEN(B_ID);
	text_trim((const unsigned char **)&s, &n);
	/* Up to 16 bytes, and not past a NUL (as snprintf "%.*s" did). */
	k = (int)strnlen(s, n < 16 ? n : 16);
	memcpy(id, s, (size_t)k);
	id[k] = '\0';
	if (n != 16) {
		text_quote(s, n, q1);
		refuse(rc, w, "id \"%s\" is not 16 hex digits", q1);
		return -1;
	}
	if ((oc = outcome_parse(VAL(B_OUTCOME), LEN(B_OUTCOME))) == -1) {
		text_quote(VAL(B_OUTCOME), LEN(B_OUTCOME), q1);
		refuse(rc, w, "%s: outcome \"%s\" is not one of the codes "
		    "(success, no_answer, busy, power_off, suspended, "
		    "wrong_number, refused, partial, callback, sms_sent, "
		    "sms_replied) or their Chinese names", id, q1);
		return -1;
	}
	w->oc = (signed char)oc;
	for (k = B_Q1; k <= B_Q3; k++) {
		if (LEN(k) == 0 || blank(VAL(k), LEN(k)))
			continue;
		if ((v = rec_score(VAL(k))) == -1) {
			text_quote(VAL(k), LEN(k), q1);
			refuse(rc, w, "%s: score \"%s\" is not 1 to 5", id, q1);
			return -1;
		}
		w->q[w->nq++] = (unsigned char)v;
	}
	if (!blank(VAL(B_CALLBACK), LEN(B_CALLBACK))) {
		if (time_parse(VAL(B_CALLBACK), LEN(B_CALLBACK), 0, &t,
		    err) == -1) {
			refuse(rc, w, "%s: callback: %s", id, err);
			return -1;
		}
		w->callback = t;
	}
	if (!blank(VAL(B_GIFT_OK), LEN(B_GIFT_OK)) &&
	    (w->gift_ok = (signed char)rec_gift_ok(VAL(B_GIFT_OK),
	    LEN(B_GIFT_OK))) == -1) {
		text_quote(VAL(B_GIFT_OK), LEN(B_GIFT_OK), q1);
		refuse(rc, w, "%s: gift_ok \"%s\" is not 1 or 0 (是/否)", id,
		    q1);
		return -1;
	}
	if (!blank(VAL(B_TS), LEN(B_TS))) {
		if (time_parse(VAL(B_TS), LEN(B_TS), TIME_DATE_OK, &t,
		    err) == -1) {
			refuse(rc, w, "%s: time: %s", id, err);
			return -1;
		}
		w->ts = t;
	}
	if (!blank(VAL(B_RESOLVED), LEN(B_RESOLVED))) {
		if (date_parse(VAL(B_RESOLVED), LEN(B_RESOLVED), DATE_TIME_OK,
		    &day, err) == -1) {
			refuse(rc, w, "%s: resolved: %s", id, err);
			return -1;
		}
		w->resolved = day;
	}
	if (!blank(VAL(B_SUPERSEDES), LEN(B_SUPERSEDES))) {
		if (time_parse(VAL(B_SUPERSEDES), LEN(B_SUPERSEDES), 0, &t,
		    err) == -1) {
			refuse(rc, w, "%s: supersedes: %s", id, err);
			return -1;
		}
		w->supersedes = t;
	}
	if (!blank(VAL(B_METHOD), LEN(B_METHOD))) {
		s = VAL(B_METHOD);
		if (strcmp(s, "phone") == 0 || strcmp(s, "电话") == 0)
			w->method = ROW_PHONE;
		else if (strcmp(s, "sms") == 0 || strcmp(s, "短信") == 0)
			w->method = ROW_SMS;
		else {
			refuse(rc, w, "%s: method \"%s\" is not phone or sms",
			    id, s);
			return -1;
		}
	}
	/* Up to a NUL, as the strings they were copied to before. */
	ts[0] = blank(VAL(B_COMPLAINT), LEN(B_COMPLAINT)) ? NULL :
	    VAL(B_COMPLAINT);
	ts[1] = blank(VAL(B_NOTE), LEN(B_NOTE)) ? NULL : VAL(B_NOTE);
	ts[2] = blank(VAL(B_AGENT), LEN(B_AGENT)) ? NULL : VAL(B_AGENT);
	tn[0] = ts[0] ? strnlen(ts[0], LEN(B_COMPLAINT)) : 0;
	tn[1] = ts[1] ? strnlen(ts[1], LEN(B_NOTE)) : 0;
	tn[2] = ts[2] ? strnlen(ts[2], LEN(B_AGENT)) : 0;
#undef VAL
#undef LEN
	row_texts(rc, w, ts, tn);
	return add_row(rc, w, id);
}

/* The reject column of a header name, added when new. */
static size_t
rej_col(struct recorder *rc, const char *name)
{
	size_t i;

	for (i = 0; i < rc->nrej_cols; i++)
		if (strcmp(rc->rej_cols[i], name) == 0)
			return i;
	rc->rej_cols = xreallocarray(rc->rej_cols, rc->nrej_cols + 1,
	    sizeof(*rc->rej_cols));
	rc->rej_cols[rc->nrej_cols] = xstrdup(name);
	return rc->nrej_cols++;
}

/*
 * The row as read, for -r: its fields in the reject columns (as many as
 * there are so far), escaped, NUL-terminated in rc->text.
 */
static size_t
keep_orig(struct recorder *rc, const struct csvin *in, const long *infield)
{
	size_t at = rc->ntext, i, need = 1, n;
	char *o, *start;
	long k;

	for (i = 0; i < in->nfield; i++)
		need += 2 * in->len[i] + 1;
	need += rc->nrej_cols;
	start = o = room(&rc->text, &rc->ntext, &rc->textcap, need);
	for (i = 0; i < rc->nrej_cols; i++) {
		if (i > 0)
			*o++ = '\t';
		if ((k = infield[i]) != -1 && (size_t)k < in->nfield) {
			n = strnlen(in->field[k], in->len[k]);
			o = put_esc(o, in->field[k], n);
		}
	}
	*o++ = '\0';
	rc->ntext += (size_t)(o - start);
	return at;
}

int
rec_read_batch(struct recorder *rc, const char *path, int enc)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	char err[FU_ERRBUF];
	struct csvin in;
	struct rec_row w;
	long col[B_N], *infield = NULL;
	size_t i, ncol = 0, tries = 0;
	FILE *fp;
	int k, rcode, found = 0, ret = -1;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	if (csvin_open(&in, fp, name, enc, err) == -1) {
		fu_warnx("%s: %s", name, err);
		fu_close_in(fp);
		return -1;
	}
	rc->files = xreallocarray(rc->files, rc->nfiles + 1,
	    sizeof(*rc->files));
	rc->files[rc->nfiles++] = xstrdup(name);
	/* The header: the first row naming 编号 and 结果 (a title may be above). */
	while (!found && tries++ < 10 && (rcode = csvin_next(&in)) == CSVIN_OK) {
		for (k = 0; k < B_N; k++)
			col[k] = -1;
		for (i = 0; i < in.nfield; i++)
			if ((k = batch_col(in.field[i], in.len[i])) != -1 &&
			    col[k] == -1)
				col[k] = (long)i;
		found = col[B_ID] != -1 && col[B_OUTCOME] != -1;
	}
	if (!found) {
		fu_warnx("%s: no header naming the columns id and outcome (编号, "
		    "结果)", name);
		goto out;
	}
	ncol = in.nfield;
	for (i = 0; i < ncol; i++)
		(void)rej_col(rc, in.field[i]);
	/* Which field of a row goes in each reject column: the last named. */
	infield = xreallocarray(NULL, rc->nrej_cols, sizeof(*infield));
	for (i = 0; i < rc->nrej_cols; i++)
		infield[i] = -1;
	for (i = 0; i < ncol; i++)
		infield[rej_col(rc, in.field[i])] = (long)i;
	while ((rcode = csvin_next(&in)) == CSVIN_OK) {
		row_clear(&w);
		w.file = (uint32_t)rc->nfiles;
		w.line = in.lineno;
		if (rc->keep_rejects)
			w.orig = keep_orig(rc, &in, infield);
		if (in.bad != NULL) {
			refuse(rc, &w, "%s", in.bad);
			continue;
		}
		if (in.nfield != ncol) {
			refuse(rc, &w, "%zu fields, but the header has %zu",
			    in.nfield, ncol);
			continue;
		}
		for (i = 0; i < in.nfield && blank(in.field[i], in.len[i]); i++)
			;
		if (i == in.nfield)	/* an empty row */
			continue;
		if (blank(in.field[col[B_OUTCOME]], in.len[col[B_OUTCOME]])) {
			/* Not called yet: the agent left it empty. */
			rc->unfilled++;
			continue;
		}
		batch_row(rc, &in, col, &w);
	}
	if (rcode == CSVIN_ERR) {
		fu_warn("%s: read error", name);
		goto out;
	}
	ret = 0;
out:
	free(infield);
	csvin_close(&in);
	fu_close_in(fp);
	return ret;
}

/* What the log says of an id: its records in time order, a list. */
struct event {
	long long	 ts;
	long long	 sup;		/* a correction: the ts it corrects;
					   else -1 (no record, no dial) */
	uint64_t	 content;	/* for duplicates without a time */
	uint32_t	 next;		/* index + 1; 0 at the end */
	int		 attempt;
	signed char	 oc;		/* as corrected, if it was */
	signed char	 logged_oc;	/* as first written */
};

struct commit {
	struct recorder	*rc;
	int		 day;		/* the day of date, or INT_MIN */
	char		 date[11];	/* as time_format writes it */
	/* the events of every entry, one array: no allocation per id */
	struct event	*ev;
	size_t		 nev, evcap;
	int		 need_content;	/* a record without a time is queued */
};

/* A hash of what a record says, for re-runs of batches without times. */
static uint64_t
content_hash(const char *const *f, const size_t *len)
{
	static const int cols[] = { LC_OUTCOME, LC_Q1, LC_Q2, LC_Q3,
	    LC_COMPLAINT, LC_GIFT_OK, LC_CALLBACK, LC_AGENT, LC_NOTE };
	const char *v[9];
	size_t n[9];
	int i;

	for (i = 0; i < 9; i++) {
		v[i] = f[cols[i]];
		n[i] = len[cols[i]];
	}
	return fu_id(v, n, 9);
}

static void
add_event(struct commit *cm, struct rec_ent *h, const struct event *e)
{
	struct event *ev;
	uint32_t x, prev = 0, cur;

	cm->ev = xgrow(cm->ev, &cm->evcap, cm->nev + 1, sizeof(*cm->ev));
	if (cm->nev >= UINT32_MAX)
		fu_errx(FU_EXIT_FATAL, "more than %lu records of the log "
		    "concern the batch", (unsigned long)UINT32_MAX);
	ev = cm->ev;
	ev[cm->nev] = *e;
	ev[cm->nev].next = 0;
	x = (uint32_t)++cm->nev;
	/* In time order; a record at the same time goes after. */
	if (h->head == 0) {
		h->head = h->tail = x;
		return;
	}
	if (ev[h->tail - 1].ts <= e->ts) {
		ev[h->tail - 1].next = x;
		h->tail = x;
		return;
	}
	for (cur = h->head; cur != 0 && ev[cur - 1].ts <= e->ts;
	    cur = ev[cur - 1].next)
		prev = cur;
	ev[x - 1].next = cur;
	if (prev == 0)
		h->head = x;
	else
		ev[prev - 1].next = x;
}

/*
 * What a correction naming ts corrects: the record at ts, else the last
 * correction at ts (a correction may itself be corrected).
 */
static struct event *
event_at(struct commit *cm, const struct rec_ent *h, long long ts)
{
	struct event *corr = NULL;
	uint32_t x;

	for (x = h->head; x != 0; x = cm->ev[x - 1].next)
		if (cm->ev[x - 1].ts == ts) {
			if (cm->ev[x - 1].sup == -1)
				return &cm->ev[x - 1];
			corr = &cm->ev[x - 1];
		}
	return corr;
}

/* A correction's outcome holds for the record beneath it too. */
static void
set_outcome(struct commit *cm, const struct rec_ent *h, struct event *ev,
    int oc)
{
	int depth;

	for (depth = 0; ev != NULL && depth < 16; depth++) {
		ev->oc = (signed char)oc;
		if (ev->sup == -1)
			break;
		ev = event_at(cm, h, ev->sup);
	}
}

/*
 * A log line, raw: only the lines of the ids queued are split (a log
 * of a million lines holds few of a small batch's ids).
 */
static int
scan_one(void *arg, char *line, size_t n, size_t at, long lineno)
{
	struct commit *cm = arg;
	struct recorder *rc = cm->rc;
	struct rec_ent *h;
	struct event e, *old;
	char err[FU_ERRBUF], *f[LC_N], *p, *tab;
	size_t len[LC_N];
	long long sup;
	uint64_t id;
	int k;

	(void)lineno;
	p = (char *)memchr(line, '\t', n) + 1;
	tab = memchr(p, '\t', n - (size_t)(p - line));
	if (tab - p != 16)
		return 0;
	*tab = '\0';
	k = fu_id_parse(p, &id);
	*tab = '\t';
	if (k == -1 || (h = rec_ent_find(rc, id)) == NULL ||
	    !(h->flags & ENT_WANT))
		return 0;
	/* Its fields up to supersedes, unescaped in place. */
	log_line_fields(line, at, f, len);
	memset(&e, 0, sizeof(e));
	e.sup = -1;
	if (time_parse(f[LC_TS], len[LC_TS], 0, &e.ts, err) == -1 ||
	    (k = outcome_parse(f[LC_OUTCOME], len[LC_OUTCOME])) == -1)
		return 0;	/* not ours to judge here: --verify */
	e.oc = e.logged_oc = (signed char)k;
	e.attempt = atoi(f[LC_ATTEMPT]);
	if (cm->need_content)
		e.content = content_hash((const char *const *)f, len);
	/* The contact as the log has it last, unless --contacts has it. */
	if (!(h->flags & ENT_FILE))
		set_log_contact(rc, h, &f[LC_TYPE], &len[LC_TYPE]);
	/*
	 * A correction changes the record it names, and is no call itself;
	 * it is kept (marked) so that a batch re-run does not append it
	 * again.
	 */
	if (len[LC_SUPERSEDES] > 0 && time_parse(f[LC_SUPERSEDES],
	    strcspn(f[LC_SUPERSEDES], " "), 0, &sup, err) == 0) {
		if ((old = event_at(cm, h, sup)) != NULL)
			set_outcome(cm, h, old, e.oc);
		e.sup = sup;
	}
	add_event(cm, h, &e);
	return 0;
}

/*
 * The round a call at time t belongs to: the dials it has used and
 * when, or 0 when t starts a new round.  A round runs while its last
 * outcome leaves it open (no answer, busy, power off, callback) or has
 * used both dials, and for round_days at most.
 */
static int
round_dials(const struct commit *cm, const struct rec_ent *h, long long t,
    long long span, const struct event **dial)
{
	const struct event *ev;
	long long start = 0;
	int active = 0, dials = 0;
	uint32_t x;

	for (x = h->head; x != 0 && cm->ev[x - 1].ts <= t; x = ev->next) {
		const struct outcome_info *o;

		ev = &cm->ev[x - 1];
		if (ev->sup != -1)
			continue;	/* a correction is no call */
		o = &outcomes[ev->oc];
		if (!active || ev->ts - start > span) {
			active = 1;
			start = ev->ts;
			dials = 0;
		}
		if (o->dial) {
			if (dials < 2)
				dial[dials] = ev;
			dials++;
		} else if (!o->open)
			active = 0;
	}
	if (!active || t - start > span)
		return 0;
	return dials;
}

/* A contact's fields, unescaped, from a copy to free (messages only). */
static char *
contact_fields(const struct recorder *rc, const struct rec_ent *h,
    char **f)
{
	char *copy = xstrndup(rc->ctext + h->coff, h->clen), *p = copy, *tab;
	int k;

	for (k = 0; k < 4; k++) {
		f[k] = p;
		if ((tab = strchr(p, '\t')) == NULL) {
			p += strlen(p);
		} else {
			*tab = '\0';
			p = tab + 1;
		}
		f[k][tsv_unescape(f[k], strlen(f[k]))] = '\0';
	}
	return copy;
}

/*
 * time_format at o: a batch's records fall on few days, so the date of
 * the last one is kept and only the time of day is written.
 */
static char *
put_time(struct commit *cm, char *o, long long t)
{
	char buf[24];
	unsigned secs;
	int day = time_day(t);
	size_t n;

	if (day != cm->day) {
		time_format(t, buf);
		n = strlen(buf);
		memcpy(o, buf, n);
		/* Years 0-9999: the date is 10 bytes then T. */
		if (n >= 16 && buf[10] == 'T') {
			memcpy(cm->date, buf, 10);
			cm->day = day;
		}
		return o + n;
	}
	secs = (unsigned)(t - (long long)day * DAY) % 86400;
	memcpy(o, cm->date, 10);
	o += 10;
	*o++ = 'T';
	*o++ = (char)('0' + secs / 36000);
	*o++ = (char)('0' + secs / 3600 % 10);
	*o++ = ':';
	*o++ = (char)('0' + secs / 600 % 6);
	*o++ = (char)('0' + secs / 60 % 10);
	if (secs % 60 != 0) {
		*o++ = ':';
		*o++ = (char)('0' + secs % 60 / 10);
		*o++ = (char)('0' + secs % 10);
	}
	return o;
}

static char *
put_str(char *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o, s, n);
	return o + n;
}

/* The most a record's line can take (its fields escaped double). */
static size_t
line_room(const struct recorder *rc, const struct rec_row *w,
    size_t agent_len)
{
	return 256 + rc->ent[w->ent - 1].clen + 2 * ((size_t)w->tlen[0] +
	    w->tlen[1] + (w->has_agent ? w->tlen[2] : agent_len));
}

/*
 * Match one record with the log; its line at o (room for line_room),
 * or refuse it.  Returns the end of what was written.
 */
static char *
commit_one(struct commit *cm, struct rec_row *w, char *o, char *chain)
{
	struct recorder *rc = cm->rc;
	struct rec_ent *h = &rc->ent[w->ent - 1];
	const struct event *dial[2];
	struct event e, *old = NULL, *x;
	const char *text = rc->text + w->text, *agent, *f[LC_N];
	char id[17], t1[24], t2[24], cb[24], res[16], gift[2];
	char qs[3][2], mask[PHONE_MAX], *cf[4], *copy, *start;
	size_t len[LC_N], agent_len, i;
	long long t = w->ts == -1 ? rc->now : w->ts;
	int attempt, n;

	row_id(w, id);
	if (!(h->flags & (ENT_FILE | ENT_LOG))) {
		refuse(rc, w, "%s: no such contact (give --contacts with the "
		    "contacts or the due list it is on)", id);
		return o;
	}
	if (w->gift_ok != -1 && !(h->flags & ENT_GIFT)) {
		copy = contact_fields(rc, h, cf);
		refuse(rc, w, "%s: gift_ok is for gift checks, and this is a "
		    "%s follow-up", id, cf[0][0] ? cf[0] : "untyped");
		free(copy);
		return o;
	}
	memset(&e, 0, sizeof(e));
	e.ts = t;
	e.sup = w->supersedes;
	e.oc = e.logged_oc = w->oc;

	/* The values as the log will hold them. */
	for (i = 0; i < 3; i++) {
		qs[i][0] = i < w->nq ? (char)('0' + w->q[i]) : '\0';
		qs[i][1] = '\0';
	}
	cb[0] = res[0] = gift[0] = gift[1] = '\0';
	if (w->callback != -1)
		time_format(w->callback, cb);
	if (w->resolved != INT32_MIN)
		date_format(w->resolved, res);
	if (w->gift_ok != -1)
		gift[0] = (char)('0' + w->gift_ok);
	if (w->has_agent) {
		agent = text + w->tlen[0] + w->tlen[1];
		agent_len = w->tlen[2];
	} else {
		agent = rc->default_agent ? rc->default_agent : "";
		agent_len = strlen(agent);
	}
	if (cm->need_content) {
		f[LC_OUTCOME] = outcomes[w->oc].code;
		f[LC_Q1] = qs[0];
		f[LC_Q2] = qs[1];
		f[LC_Q3] = qs[2];
		f[LC_COMPLAINT] = text;
		f[LC_GIFT_OK] = gift;
		f[LC_CALLBACK] = cb;
		f[LC_AGENT] = agent;
		f[LC_NOTE] = text + w->tlen[0];
		len[LC_OUTCOME] = strlen(f[LC_OUTCOME]);
		for (i = LC_Q1; i <= LC_Q3; i++)
			len[i] = strlen(f[i]);
		len[LC_GIFT_OK] = strlen(gift);
		len[LC_CALLBACK] = strlen(cb);
		len[LC_COMPLAINT] = w->tlen[0];
		len[LC_AGENT] = agent_len;
		len[LC_NOTE] = w->tlen[1];
		e.content = content_hash(f, len);
	}

	/*
	 * Re-running a batch: the same record (or correction of the same
	 * record) is there already, at the same time, or (given no time)
	 * saying the same that day.
	 */
	for (x = h->head ? &cm->ev[h->head - 1] : NULL; x != NULL;
	    x = x->next ? &cm->ev[x->next - 1] : NULL)
		if (x->sup == w->supersedes && (w->ts != -1 ?
		    x->ts == t && x->logged_oc == w->oc :
		    time_day(x->ts) == time_day(t) &&
		    x->content == e.content)) {
			rc->duplicates++;
			return o;
		}
	if (w->supersedes != -1) {
		if ((old = event_at(cm, h, w->supersedes)) == NULL) {
			time_format(w->supersedes, t1);
			refuse(rc, w, "%s: there is no record at %s to correct",
			    id, t1);
			return o;
		}
		attempt = old->attempt;
	} else {
		n = round_dials(cm, h, t, rc->pol->round_days * DAY, dial);
		if (n >= 2 && w->method == ROW_PHONE) {
			copy = contact_fields(rc, h, cf);
			phone_mask(cf[3], mask);
			time_format(dial[0]->ts, t1);
			time_format(dial[1]->ts, t2);
			refuse(rc, w, "%s (%s %s): a third dial in one round "
			    "is not allowed: dialled %s (%s) and %s (%s)", id,
			    cf[2], mask, t1, outcomes[dial[0]->oc].code,
			    t2, outcomes[dial[1]->oc].code);
			free(copy);
			return o;
		}
		attempt = n + 1;
	}
	e.attempt = attempt;

	/* The line, in the log's column order, without printf. */
	start = o;
	o = put_time(cm, o, t);
	*o++ = '\t';
	memcpy(o, id, 16);
	o += 16;
	*o++ = '\t';
	memcpy(o, rc->ctext + h->coff, h->clen);
	o += h->clen;
	*o++ = '\t';
	if (attempt >= 0 && attempt <= 9)
		*o++ = (char)('0' + attempt);
	else {
		char att[8];

		snprintf(att, sizeof(att), "%d", attempt);
		o = put_str(o, att);
	}
	*o++ = '\t';
	o = put_str(o, w->method == ROW_SMS ? "sms" : "phone");
	*o++ = '\t';
	o = put_str(o, outcomes[w->oc].code);
	for (i = 0; i < 3; i++) {
		*o++ = '\t';
		o = put_str(o, qs[i]);
	}
	*o++ = '\t';
	o = put_esc(o, text, w->tlen[0]);
	*o++ = '\t';
	o = put_str(o, res);
	*o++ = '\t';
	o = put_str(o, gift);
	*o++ = '\t';
	o = put_str(o, cb);
	*o++ = '\t';
	o = put_esc(o, agent, agent_len);
	*o++ = '\t';
	o = put_esc(o, text + w->tlen[0], w->tlen[1]);
	*o++ = '\t';
	if (old != NULL) {
		time_format(old->ts, t1);
		o = put_str(o, t1);
		*o++ = ' ';
		memcpy(o, id, 16);
		o += 16;
	}
	/* The chain, over the bytes just written. */
	log_chain_line(chain, start, (size_t)(o - start), chain);
	*o++ = '\t';
	memcpy(o, chain, 16);
	o += 16;
	*o++ = '\n';
	rc->appended++;
	if (old != NULL)
		set_outcome(cm, h, old, w->oc);
	/*
	 * Records and corrections of this run count for the next ones of
	 * the id (rounds, re-runs); an id queued once has no next one.
	 */
	if (h->flags & ENT_MULTI)
		add_event(cm, h, &e);
	return o;
}

/*
 * Give back the pages of [base + *done, base + upto) to the system: the
 * records already turned into lines are not read again, and the lines
 * take more room than they did, so a million of each need not be held
 * at once.  Whole pages only; the memory stays allocated (a later touch
 * reads zeros), and is freed as usual.
 */
static void
release(char *base, size_t *done, size_t upto)
{
	static const size_t min_run = (size_t)1 << 20;
	uintptr_t from, to;
	long pg = sysconf(_SC_PAGESIZE);

	if (pg <= 0 || upto < *done + min_run)
		return;
	from = ((uintptr_t)(base + *done) + (uintptr_t)pg - 1) &
	    ~((uintptr_t)pg - 1);
	to = (uintptr_t)(base + upto) & ~((uintptr_t)pg - 1);
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_DONTNEED);
	*done = upto;
}

int
rec_commit(struct recorder *rc, const char *path)
{
	struct logfile lf;
	struct commit cm;
	struct rec_ent *h;
	struct rec_row *w;
	char err[FU_ERRBUF], chain[17], *out = NULL, *o;
	size_t i, n, room_all = 0, agent_len, rows_done = 0, text_done = 0;

	if (rc->nrow == 0)
		return rc->status;
	memset(&cm, 0, sizeof(cm));
	cm.rc = rc;
	cm.day = INT_MIN;
	/* The ids whose history is wanted, each with none as yet. */
	for (i = 0, n = 0; i < rc->nrow; i++)
		n += rc->row[i].ent == 0;
	ent_reserve(rc, rc->nent + n);
	for (i = 0; i < rc->nrow; i++) {
		w = &rc->row[i];
		if (w->ts == -1)
			cm.need_content = 1;
		if (w->ent == 0)
			w->ent = (uint32_t)(rec_ent_add(rc, w->id) - rc->ent) +
			    1;
		h = &rc->ent[w->ent - 1];
		if (h->flags & ENT_WANT) {
			h->flags |= ENT_MULTI;
			continue;
		}
		h->flags |= ENT_WANT;
		h->head = h->tail = 0;
		if (h->flags & ENT_LOG) {
			h->flags &= (unsigned char)~(ENT_LOG | ENT_GIFT);
			h->clen = 0;
		}
	}
	if (logfile_open(&lf, path, LOG_WRITE | LOG_CREATE, err) == -1 ||
	    logfile_scan_raw(&lf, scan_one, &cm, err) == -1) {
		fu_warnx("%s", err);
		rc->status = FU_EXIT_FATAL;
		goto out;
	}
	/*
	 * One buffer for every line, taken once: pages never written to
	 * (the room kept for escapes) cost nothing.
	 */
	agent_len = rc->default_agent ? strlen(rc->default_agent) : 0;
	for (i = 0; i < rc->nrow; i++)
		room_all += line_room(rc, &rc->row[i], agent_len);
	o = out = xmalloc(room_all);
	memcpy(chain, lf.chain, sizeof(chain));
	for (i = 0; i < rc->nrow; i++) {
		o = commit_one(&cm, &rc->row[i], o, chain);
		if (i + 1 < rc->nrow && (i & 4095) == 4095) {
			w = &rc->row[i + 1];
			release((char *)rc->row, &rows_done,
			    (size_t)((char *)w - (char *)rc->row));
			release(rc->text, &text_done, w->orig < w->text ?
			    w->orig : w->text);
		}
	}
	if (logfile_append(&lf, out, (size_t)(o - out), rc->no_sync,
	    err) == -1) {
		fu_warnx("%s", err);
		rc->status = FU_EXIT_FATAL;
		rc->appended = 0;
	}
out:
	logfile_close(&lf);
	free(out);
	free(cm.ev);
	/* Not by the records: their pages may have been given back. */
	for (i = 0; i < rc->nent; i++)
		rc->ent[i].flags &= (unsigned char)~(ENT_WANT | ENT_MULTI);
	/* The queue is spent. */
	rc->nrow = 0;
	rc->ntext = 0;
	return rc->status;
}

int
rec_verify(const char *path)
{
	struct logfile lf;
	char err[FU_ERRBUF];
	int r;

	if (logfile_open(&lf, path, 0, err) == -1) {
		fu_warnx("%s", err);
		logfile_close(&lf);
		return FU_EXIT_FATAL;
	}
	r = logfile_verify(&lf, err);
	if (r == -1)
		fu_warnx("%s", err);
	else if (r == 0)
		fu_warnx("%s: %ld record%s, the chain is whole", path,
		    lf.records, lf.records == 1 ? "" : "s");
	logfile_close(&lf);
	return r == -1 ? FU_EXIT_FATAL : r == 1 ? FU_EXIT_DATA : FU_EXIT_OK;
}

int
rec_write_rejects(struct recorder *rc, const char *path)
{
	struct outfile of;
	char *line = NULL;
	size_t cap = 0, i, k, tabs;
	ssize_t n;
	FILE *fp;

	if ((fp = outfile_open(&of, path, 0600)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	fputs("src\treason", fp);
	for (i = 0; i < rc->nrej_cols; i++) {
		putc('\t', fp);
		tsv_puts(fp, rc->rej_cols[i]);
	}
	putc('\n', fp);
	if (rc->rejtmp != NULL) {
		rewind(rc->rejtmp);
		while ((n = getline(&line, &cap, rc->rejtmp)) > 0) {
			line[n - 1] = '\0';
			fputs(line, fp);
			/* Rows read before a later file added columns. */
			for (tabs = 0, k = 0; line[k] != '\0'; k++)
				tabs += line[k] == '\t';
			for (; tabs < rc->nrej_cols + 1; tabs++)
				putc('\t', fp);
			putc('\n', fp);
		}
	}
	free(line);
	if (outfile_commit(&of) == -1) {
		fu_warn("%s: write error", path);
		return -1;
	}
	return 0;
}

/* One due-list row, as the terminal shows it. */
struct due_row {
	char	 id[17];
	int	 due;		/* its due day, or INT32_MIN */
	char	*customer, *phone, *store, *why, *type;
	int	 attempt;
};

struct recorded {
	struct due_row	*rows;
	size_t		 n, cap;
	long long	*latest;	/* per row: latest record's time, or -1 */
};

static int
seen_one(void *arg, char **f, size_t *len, long lineno)
{
	struct recorded *rd = arg;
	char err[FU_ERRBUF];
	long long t;
	size_t i;

	(void)lineno;
	if (len[LC_ID] != 16 || time_parse(f[LC_TS], len[LC_TS], 0, &t,
	    err) == -1)
		return 0;
	for (i = 0; i < rd->n; i++)
		if (memcmp(rd->rows[i].id, f[LC_ID], 16) == 0 &&
		    t > rd->latest[i])
			rd->latest[i] = t;
	return 0;
}

/* A line from the terminal, without its newline; NULL at the end. */
static char *
ask(FILE *in, FILE *out, const char *prompt, char **line, size_t *cap)
{
	ssize_t n;

	fputs(prompt, out);
	fflush(out);
	if ((n = getline(line, cap, in)) == -1)
		return NULL;
	while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
		(*line)[--n] = '\0';
	return *line;
}

static char *
field_or(struct tsv_reader *r, long col)
{
	return xstrdup(col == -1 ? "" : r->field[col]);
}

int
rec_interactive(struct recorder *rc, const char *due, const char *logpath,
    FILE *in, FILE *out)
{
	struct tsv_reader r;
	struct recorded rd;
	struct logfile lf;
	struct outcome_req q;
	char err[FU_ERRBUF], mask[PHONE_MAX], *line = NULL, *a;
	size_t cap = 0, i, todo = 0, done = 0;
	long c_id, c_due, c_cust, c_phone, c_store, c_why, c_att, c_type;
	FILE *fp;
	int k, oc = -1, rcode, status = 0, day;

	memset(&rd, 0, sizeof(rd));
	if (rc->nent == 0 && rec_load_contacts(rc, due, 0) == -1)
		return FU_EXIT_FATAL;
	if ((fp = tsv_open_path(&r, due, due)) == NULL)
		return FU_EXIT_FATAL;
	c_id = tsv_col(&r, "id");
	c_due = tsv_col(&r, "due");
	c_cust = tsv_col(&r, "customer");
	c_phone = tsv_col(&r, "phone");
	c_store = tsv_col(&r, "store");
	c_why = tsv_col(&r, "why");
	c_att = tsv_col(&r, "attempt");
	c_type = tsv_col(&r, "type");
	while (c_id != -1 && (rcode = tsv_next(&r)) == TSV_OK) {
		struct due_row *d;

		rd.rows = xgrow(rd.rows, &rd.cap, rd.n + 1, sizeof(*rd.rows));
		d = &rd.rows[rd.n++];
		snprintf(d->id, sizeof(d->id), "%s", r.field[c_id]);
		d->due = INT32_MIN;
		if (c_due != -1 && date_parse(r.field[c_due], r.len[c_due], 0,
		    &day, err) == 0)
			d->due = day;
		d->customer = field_or(&r, c_cust);
		d->phone = field_or(&r, c_phone);
		d->store = field_or(&r, c_store);
		d->why = field_or(&r, c_why);
		d->type = field_or(&r, c_type);
		d->attempt = c_att == -1 ? 1 : atoi(r.field[c_att]);
	}
	tsv_close(&r);
	fu_close_in(fp);
	if (c_id == -1) {
		fu_warnx("%s: no id column: not a due list", due);
		return FU_EXIT_FATAL;
	}

	/* Who is recorded already: skipped, so a restart goes on. */
	rd.latest = xreallocarray(NULL, rd.n + 1, sizeof(*rd.latest));
	for (i = 0; i < rd.n; i++)
		rd.latest[i] = -1;
	if (logfile_open(&lf, logpath, 0, err) == 0) {
		if (logfile_scan(&lf, seen_one, &rd, err) == -1)
			fu_warnx("%s", err);
	}
	logfile_close(&lf);
	for (i = 0; i < rd.n; i++) {
		int from = rd.rows[i].due != INT32_MIN ? rd.rows[i].due :
		    time_day(rc->now);

		if (rd.latest[i] != -1 && time_day(rd.latest[i]) >= from)
			rd.rows[i].id[0] = '\0';
		else
			todo++;
	}
	fprintf(out, "%s: %zu to call, %zu recorded already\n", due, todo,
	    rd.n - todo);

	for (i = 0; i < rd.n && status != FU_EXIT_FATAL; i++) {
		struct due_row *d = &rd.rows[i];

		if (d->id[0] == '\0')
			continue;
		phone_mask(d->phone, mask);
		fprintf(out, "\n[%zu/%zu] %s  %s  %s  %s  第%d次\n", ++done, todo,
		    d->customer, mask, d->store, d->why, d->attempt);
		for (k = 0; k < OC_N; k++)
			fprintf(out, "%s%c %s", k ? "  " : "", outcomes[k].key,
			    outcomes[k].zh);
		fputs("  k 跳过  q 退出\n", out);
		for (;;) {
			if ((a = ask(in, out, "结果> ", &line, &cap)) == NULL ||
			    a[0] == 'q')
				goto quit;
			if (a[0] == 'k' || (oc = outcome_by_key(a[0])) != -1 ||
			    (oc = outcome_parse(a, strlen(a))) != -1)
				break;
			fputs("? 请按上面的键\n", out);
		}
		if (a[0] == 'k')
			continue;
		memset(&q, 0, sizeof(q));
		q.ts = q.callback = q.supersedes = -1;
		q.gift_ok = -1;
		q.resolved = INT32_MIN;
		snprintf(q.id, sizeof(q.id), "%s", d->id);
		q.oc = oc;
		if (oc == OC_SUCCESS || oc == OC_PARTIAL ||
		    oc == OC_SMS_REPLIED) {
			for (;;) {
				char *p, *save = NULL;
				int ok = 1;

				if ((a = ask(in, out, "评分 (1-5, 最多3个, 回车跳过)> ",
				    &line, &cap)) == NULL)
					goto quit_req;
				q.nq = 0;
				for (p = strtok_r(a, " ,", &save); p != NULL;
				    p = strtok_r(NULL, " ,", &save))
					if (q.nq == 3 ||
					    (q.q[q.nq++] = rec_score(p)) == -1)
						ok = 0;
				if (ok)
					break;
				fputs("? 每个评分是1到5, 最多3个\n", out);
			}
		}
		while (oc == OC_CALLBACK) {
			if ((a = ask(in, out, "约定回电时间 (2026-11-24 15:00)> ",
			    &line, &cap)) == NULL)
				goto quit_req;
			if (time_parse(a, strlen(a), 0, &q.callback, err) == 0 &&
			    q.callback >= rc->now)
				break;
			fputs("? 请写一个将来的时间, 如 2026-11-24 15:00\n", out);
		}
		while (strcmp(d->type, "gift") == 0) {
			if ((a = ask(in, out, "礼品相符? (1 是, 0 否, 回车跳过)> ",
			    &line, &cap)) == NULL)
				goto quit_req;
			if (a[0] == '\0' ||
			    (q.gift_ok = rec_gift_ok(a, strlen(a))) != -1)
				break;
		}
		/* Only someone who answered can have raised a problem. */
		if ((oc == OC_SUCCESS || oc == OC_PARTIAL || oc == OC_REFUSED ||
		    oc == OC_CALLBACK || oc == OC_SMS_REPLIED) &&
		    (a = ask(in, out, "投诉/问题 (回车无)> ", &line, &cap)) ==
		    NULL)
			goto quit_req;
		if (a[0] != '\0' && (oc == OC_SUCCESS || oc == OC_PARTIAL ||
		    oc == OC_REFUSED || oc == OC_CALLBACK ||
		    oc == OC_SMS_REPLIED))
			q.complaint = xstrdup(a);
		if ((a = ask(in, out, "备注 (回车无)> ", &line, &cap)) == NULL)
			goto quit_req;
		if (a[0] != '\0')
			q.note = xstrdup(a);
		/* Appended and synced before the next contact is shown. */
		rc->appended = rc->duplicates = 0;
		if (rec_add(rc, &q) == 0) {
			status = rec_commit(rc, logpath);
			if (rc->appended == 1)
				fprintf(out, "已记录: %s %s\n", d->id,
				    outcomes[oc].code);
			rc->nrow = 0;
			rc->ntext = 0;
		}
		continue;
quit_req:
		free(q.complaint);
		free(q.note);
		free(q.agent);
		goto quit;
	}
quit:
	fprintf(out, "\n");
	free(line);
	for (i = 0; i < rd.n; i++) {
		free(rd.rows[i].customer);
		free(rd.rows[i].phone);
		free(rd.rows[i].store);
		free(rd.rows[i].why);
		free(rd.rows[i].type);
	}
	free(rd.rows);
	free(rd.latest);
	return status != 0 ? status : rc->status;
}
