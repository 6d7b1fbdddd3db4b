/*
 * rowcheck.c: the row check.  What one row of an export becomes: no
 * contact at all (empty, a footer), rejected with its reason, or a
 * contact with its fields normalized, its id and its output line.  See
 * export.h.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/text.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/money.h"
#include "fmt/phone.h"
#include "fmt/tsv.h"
#include "import/export.h"
#include "import/import.h"

/*
 * Types as stores write them, besides the codes and the names of
 * contact.h: the Chinese of the exports.
 */
static const struct {
	const char		*name;
	enum contact_type	 type;
} type_names[] = {
	{ "服务", CT_SERVICE }, { "客户服务", CT_SERVICE },
	{ "服务回访", CT_SERVICE }, { "销售", CT_SERVICE },
	{ "礼品", CT_GIFT }, { "礼品核查", CT_GIFT }, { "礼品回访", CT_GIFT },
	{ "核销", CT_WRITEOFF }, { "核销回访", CT_WRITEOFF },
	{ "会员", CT_MEMBER },
	{ "需求", CT_REQUEST }, { "回访需求", CT_REQUEST },
};

/* Store sizes as stores write them, besides the codes, 大店 and 小店. */
static const struct {
	const char	*name;		/* in lower case */
	enum store_size	 size;
} size_names[] = {
	{ "大", SIZE_LARGE }, { "big", SIZE_LARGE }, { "l", SIZE_LARGE },
	{ "大型", SIZE_LARGE },
	{ "小", SIZE_SMALL }, { "s", SIZE_SMALL }, { "小型", SIZE_SMALL },
};

/*
 * The first values of the rows under the data: totals (合计, and 合 计
 * as a spreadsheet spaces it), who made and checked the sheet.
 */
static const char *const footer_words[] = {
	"合计", "总计", "小计", "共计", "总额", "汇总", "本页合计", "制表",
	"审核", NULL
};

/* A field with blanks trimmed, as pointer and length. */
void
imp_trim(const char *s, size_t n, const char **out, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;

	text_trim(&p, &n);
	*out = (const char *)p;
	*outlen = n;
}

static int
equal(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

const char *
import_type_parse(const char *s, size_t n)
{
	size_t i;
	int t;

	imp_trim(s, n, &s, &n);
	if ((t = contact_type_parse(s, n)) != -1)
		return contact_type_code(t);
	for (t = 0; t < CT_N; t++)
		if (equal(s, n, contact_type_name(t)))
			return contact_type_code(t);
	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (equal(s, n, type_names[i].name))
			return contact_type_code(type_names[i].type);
	return NULL;
}

const char *
import_size_parse(const char *s, size_t n)
{
	char low[16];
	size_t i;
	int z;

	imp_trim(s, n, &s, &n);
	if (n == 0 || n >= sizeof(low))
		return NULL;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	if ((z = contact_size_parse(low, n)) != -1)
		return contact_size_code(z);
	for (z = SIZE_LARGE; z <= SIZE_SMALL; z++)
		if (equal(low, n, contact_size_name(z)))
			return contact_size_code(z);
	for (i = 0; i < sizeof(size_names) / sizeof(size_names[0]); i++)
		if (equal(low, n, size_names[i].name))
			return contact_size_code(size_names[i].size);
	return NULL;
}

static int
blank_field(const char *s, size_t n)
{
	imp_trim(s, n, &s, &n);
	return n == 0;
}

static int
empty_row(char *const *field, const size_t *len, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!blank_field(field[i], len[i]))
			return 0;
	return 1;
}

/*
 * The start of a value without its spaces (ASCII and the ideographic
 * space U+3000 that 合　计 is written with), at most size - 1 bytes.
 */
static size_t
squeeze(const char *s, size_t n, char *out, size_t size)
{
	size_t i, m = 0;

	for (i = 0; i < n && m + 1 < size; i++) {
		if (s[i] == ' ')
			continue;
		if (i + 2 < n && memcmp(s + i, "\xe3\x80\x80", 3) == 0) {
			i += 2;
			continue;
		}
		out[m++] = s[i];
	}
	return m;
}

/*
 * A footer row: its first value starts 合计, 总计, 本页合计, 制表人,
 * 审核, ..., however many empty fields a spreadsheet pads it with.
 */
static int
footer_row(char *const *field, const size_t *len, size_t n)
{
	const char *s;
	char word[32];
	size_t i, k, m;

	for (i = 0; i < n; i++) {
		imp_trim(field[i], len[i], &s, &m);
		if (m == 0)
			continue;
		/* Each footer word begins with byte E5 or E6. */
		if ((unsigned char)s[0] != 0xe5 && (unsigned char)s[0] != 0xe6)
			return 0;
		m = squeeze(s, m, word, sizeof(word));
		for (k = 0; footer_words[k] != NULL; k++)
			if (m >= strlen(footer_words[k]) &&
			    memcmp(word, footer_words[k],
			    strlen(footer_words[k])) == 0)
				return 1;
		return 0;
	}
	return 0;
}

/*
 * The header again (a second sheet, or a page of a printed list, saved
 * under the first): every value is the header's name of its column.
 */
static int
header_row(const struct import_file *f, char *const *field,
    const size_t *len, size_t n)
{
	const char *s, *h;
	size_t i, m, hm, same = 0;

	for (i = 0; i < n; i++) {
		imp_trim(field[i], len[i], &s, &m);
		if (m == 0)
			continue;
		if (i >= f->ncol)
			return 0;
		imp_trim(f->hdr[i], strlen(f->hdr[i]), &h, &hm);
		if (m != hm || memcmp(s, h, m) != 0)
			return 0;
		same++;
	}
	return same >= 2;
}

/*
 * A date that starts with a digit: neither the header again nor a note
 * (most rows are known so at a glance).
 */
static int
dated_row(const struct import_file *f, char *const *field, const size_t *len,
    size_t n)
{
	long col = f->col[CF_DATE];

	return col != -1 && (size_t)col < n && len[col] > 0 &&
	    (unsigned char)(field[col][0] - '0') <= 9;
}

/*
 * A subtotal among the rows (城东店小计, 门店合计: a group's total
 * under its rows): no date and no phone, and a value that holds a word
 * of totals, however spaced.
 */
static int
subtotal_row(const struct import_file *f, char *const *field,
    const size_t *len, size_t n)
{
	static const char *const words[] = { "合计", "小计", "总计", "共计",
	    "汇总" };
	char word[64];
	size_t i, k, m;
	long col;

	col = f->col[CF_DATE];
	if (col != -1 && (size_t)col < n && !blank_field(field[col], len[col]))
		return 0;
	col = f->col[CF_PHONE];
	if (col != -1 && (size_t)col < n && !blank_field(field[col], len[col]))
		return 0;
	for (i = 0; i < n; i++) {
		if (len[i] < 6)
			continue;
		m = squeeze(field[i], len[i], word, sizeof(word));
		word[m] = '\0';
		for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (strstr(word, words[k]) != NULL)
				return 1;
	}
	return 0;
}

/* At most this many values, and no date, phone or amount: a note. */
#define NOTE_VALUES	2

/*
 * A row of text (a note, a label, a store's name over its rows) in a
 * sheet's columns: no date, phone or amount, and at most NOTE_VALUES
 * values.  Its reason, quoting them, in why.
 */
static int
note_row(const struct import_file *f, char *const *field, const size_t *len,
    size_t n, char *why, size_t size)
{
	static const int money_fields[] = { CF_DATE, CF_PHONE, CF_AMOUNT };
	char q[TEXT_QUOTE_MAX + 1];
	const char *s;
	size_t i, m, used, nval = 0;
	long col;

	for (i = 0; i < sizeof(money_fields) / sizeof(money_fields[0]); i++) {
		col = f->col[money_fields[i]];
		if (col != -1 && (size_t)col < n && !blank_field(field[col],
		    len[col]))
			return 0;
	}
	for (i = 0; i < n; i++)
		if (!blank_field(field[i], len[i]) && ++nval > NOTE_VALUES)
			return 0;
	used = (size_t)snprintf(why, size, "a row of text, not a customer "
	    "(no date, phone or amount): ");
	for (i = 0, nval = 0; i < n && used < size; i++) {
		imp_trim(field[i], len[i], &s, &m);
		if (m == 0)
			continue;
		text_quote(s, m, q);
		used += (size_t)snprintf(why + used, size - used, "%s\"%s\"",
		    nval++ ? ", " : "", q);
	}
	return 1;
}

/* The value of a field's column, trimmed; "" when there is none. */
static void
value(const struct import_file *f, int k, char *const *field,
    const size_t *len, const char **s, size_t *n)
{
	if (f->col[k] == -1) {
		*s = "";
		*n = 0;
		return;
	}
	imp_trim(field[f->col[k]], len[f->col[k]], s, n);
}

/* YYYY-MM-DD in ASCII digits: a date that parsed is then canonical. */
static int
iso_date(const char *s, size_t n)
{
	static const char shape[] = "0000-00-00";
	size_t i;

	if (n != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (shape[i] == '-' ? s[i] != '-' :
		    (unsigned char)(s[i] - '0') > 9)
			return 0;
	return 1;
}

/* The row is rejected: why is kept for the commit. */
static void
verdict_reject(struct batch *b, struct brow *r, enum reject_kind kind,
    const char *why)
{
	r->verdict = V_REJECT;
	r->kind = kind;
	r->why = b->whys.len;
	tsv_buf_raw(&b->whys, why, strlen(why) + 1);
}

/*
 * A row as the checks go through it: its fields, and what the checks
 * have made of them so far.  Each check returns -1 after rejecting the
 * row (verdict_reject).
 */
struct rowcheck {
	struct batch		*b;
	struct brow		*r;
	const struct import	*im;
	const struct import_file *f;
	char *const		*field;
	const size_t		*len;
	const char		*type;		/* a type code */
	const char		*store;
	size_t			 storelen;
	const char		*size;		/* "large", "small" or "" */
	char			 date[16];	/* YYYY-MM-DD */
	char			 phone[PHONE_MAX];
	char			 amount[32];	/* "" when none */
};

/* Rows that are no contact (empty, a footer), or cannot be one. */
static int
check_shape(struct batch *b, struct brow *r)
{
	const struct import_file *f = b->f;
	char *const *field = b->fptr + r->field;
	const size_t *len = b->flen + r->field;
	size_t n = r->nfield;
	char why[FU_ERRBUF + 64];
	int dated;

	r->shortrow = r->future = 0;
	r->oddsize = 0;
	/* Broken quoting is said even where no text survived it. */
	if (r->bad == 0 && empty_row(field, len, n)) {
		r->verdict = V_EMPTY;
		return -1;
	}
	if (r->bad == 0 && footer_row(field, len, n)) {
		r->verdict = V_FOOTER;
		return -1;
	}
	dated = dated_row(f, field, len, n);
	if (r->bad == 0 && !dated && subtotal_row(f, field, len, n)) {
		r->verdict = V_FOOTER;
		return -1;
	}
	if (r->bad == 0 && !dated && header_row(f, field, len, n)) {
		r->verdict = V_HEADER;
		return -1;
	}
	r->shortrow = r->bad == 0 && n < f->ncol && n * 2 <= f->ncol;
	if (r->bad != 0) {
		/* The reason is in whys already. */
		r->verdict = V_REJECT;
		r->kind = r->badenc ? RJ_ENCODING : RJ_CSV;
		r->why = r->bad - 1;
		return -1;
	}
	/* Short or padded to the sheet's width: a footer if last. */
	if (!dated && note_row(f, field, len, n, why, sizeof(why))) {
		r->shortrow = 1;
		verdict_reject(b, r, RJ_NOTE, why);
		return -1;
	}
	if (n != f->ncol) {
		snprintf(why, sizeof(why), "%zu field%s, but the header "
		    "(line %ld) has %zu", n, n == 1 ? "" : "s", f->hdrline,
		    f->ncol);
		verdict_reject(b, r, RJ_FIELDS, why);
		return -1;
	}
	return 0;
}

/* The type: the file's (-t or inferred), or the row's type column. */
static int
check_type(struct rowcheck *c)
{
	char why[FU_ERRBUF + 64], q[TEXT_QUOTE_MAX + 1];
	const char *s;
	size_t n;

	c->type = c->f->type;
	if (c->f->col[CF_TYPE] == -1)
		return 0;
	value(c->f, CF_TYPE, c->field, c->len, &s, &n);
	if ((c->type = import_type_parse(s, n)) != NULL)
		return 0;
	if (n == 0 && c->im->opt.type != NULL) {
		c->type = c->im->opt.type;
		return 0;
	}
	text_quote(s, n, q);
	snprintf(why, sizeof(why), "type \"%s\" is not service, gift, "
	    "writeoff, member or request (or 服务, 礼品, 核销, 会员, 需求)", q);
	verdict_reject(c->b, c->r, RJ_TYPE, why);
	return -1;
}

/* The store: the row's, else -s's. */
static int
check_store(struct rowcheck *c)
{
	value(c->f, CF_STORE, c->field, c->len, &c->store, &c->storelen);
	if (c->storelen == 0 && c->im->opt.store != NULL) {
		c->store = c->im->opt.store;
		c->storelen = strlen(c->store);
	}
	if (c->storelen == 0) {
		verdict_reject(c->b, c->r, RJ_STORE, "store is empty");
		return -1;
	}
	return 0;
}

/* A size value the policy maps (size_alias 中型=large), or NULL. */
static const char *
aliased_size(const struct import *im, const char *s, size_t n)
{
	int z;

	if (im->opt.aliases == NULL ||
	    (z = size_alias_find(im->opt.aliases, s, n)) == -1)
		return NULL;
	return contact_size_code(z);
}

/*
 * The store size: the row's size column, else the store list's, else
 * -S.  A value the policy maps (size_alias) is as good as 大店.  A
 * value that is not large or small (中型, 旗舰店) leaves the size
 * to the list and -S, empty when they have none: kept with the row for
 * the one warning of that value; never a reason to reject the row.
 */
static void
check_size(struct rowcheck *c, struct norm_ctx *ctx)
{
	const char *s, *size, *known;
	size_t n;

	size = c->im->opt.size != NULL ? c->im->opt.size : "";
	if (c->im->nsizes > 0 &&
	    (s = imp_listed_size(c->im, c->store, c->storelen)) != NULL)
		size = s;
	c->r->oddsize = 0;
	value(c->f, CF_STORE_SIZE, c->field, c->len, &s, &n);
	/* A column of 大店 and 小店: the last answer is usually the one. */
	if (n > 0 && n == ctx->lastsize_len &&
	    memcmp(s, ctx->lastsize, n) == 0)
		size = ctx->lastsize_code;
	else if (n > 0 && ((known = import_size_parse(s, n)) != NULL ||
	    (known = aliased_size(c->im, s, n)) != NULL)) {
		size = known;
		if (n < sizeof(ctx->lastsize)) {
			memcpy(ctx->lastsize, s, n);
			ctx->lastsize_len = n;
			ctx->lastsize_code = size;
		}
	} else if (n > 0 && size[0] == '\0') {
		c->r->oddsize = c->b->whys.len + 1;
		tsv_buf_raw(&c->b->whys, s, n);
		tsv_buf_char(&c->b->whys, '\0');
	}
	c->size = size;
}

/* 11/6/2026: a month-first (or day-first) date, the year last. */
static int
year_last(const char *s, size_t n)
{
	size_t i, slashes = 0, last = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '/') {
			slashes++;
			last = i;
		} else if ((unsigned char)(s[i] - '0') > 9)
			return 0;
	return slashes == 2 && n - last - 1 == 4 && last <= 5;
}

static int
check_date(struct rowcheck *c)
{
	char err[FU_ERRBUF], why[FU_ERRBUF + 64];
	const char *s;
	size_t n;
	int day;

	value(c->f, CF_DATE, c->field, c->len, &s, &n);
	if (n == 0) {
		verdict_reject(c->b, c->r, RJ_DATE, "date is empty");
		return -1;
	}
	if (date_parse(s, n, DATE_SERIAL | DATE_TIME_OK, &day, err) == -1) {
		if (year_last(s, n))
			snprintf(why, sizeof(why), "date: \"%.*s\" has the year "
			    "last: month-first (en-US) or day-first, saved in "
			    "the spreadsheet's locale; save the dates as "
			    "YYYY-MM-DD", (int)n, s);
		else
			snprintf(why, sizeof(why), "date: %s", err);
		verdict_reject(c->b, c->r, RJ_DATE, why);
		return -1;
	}
	if (iso_date(s, n)) {
		/* Already as date_format writes it. */
		memcpy(c->date, s, 10);
		c->date[10] = '\0';
	} else
		date_format(day, c->date);
	c->r->future = day > c->im->opt.today;
	return 0;
}

/* Digits only: a number cell of a spreadsheet, as it saves them. */
static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)(s[i] - '0') > 9)
			return 0;
	return n > 0;
}

/*
 * A phone the spreadsheet changed: a landline whose leading 0 a number
 * cell dropped (57188886666), or a number shown in scientific notation.
 * why: phone_norm's err, and what happened and how to save the column.
 */
static void
phone_hint(const char *s, size_t n, const char *err, int show, char *why,
    size_t size)
{
	char zero[PHONE_MAX + 2], out[PHONE_MAX], e2[FU_ERRBUF];
	char shown[PHONE_MAX];

	snprintf(why, size, "%s", err);
	if (n >= 9 && n <= 11 && s[0] != '0' && s[0] != '1' &&
	    all_digits(s, n)) {
		zero[0] = '0';
		memcpy(zero + 1, s, n);
		if (phone_norm(zero, n + 1, out, e2, show) == 0) {
			if (show)
				memcpy(shown, out, sizeof(shown));
			else
				phone_mask(out, shown);
			snprintf(why, size, "%s: a landline that lost its "
			    "leading 0 in a number cell (%s?): format the column "
			    "as text (文本) and save again", err, shown);
		}
	} else if (strstr(err, "scientific") != NULL)
		snprintf(why, size, "%s: the spreadsheet saved the number as "
		    "it showed it; format the column as text (文本) and save "
		    "again", err);
}

static int
check_phone(struct rowcheck *c)
{
	char err[FU_ERRBUF], why[FU_ERRBUF + 256];
	const char *s;
	size_t n;

	value(c->f, CF_PHONE, c->field, c->len, &s, &n);
	if (phone_norm(s, n, c->phone, err, c->im->opt.verbose) == -1) {
		phone_hint(s, n, err, c->im->opt.verbose, why, sizeof(why));
		verdict_reject(c->b, c->r, RJ_PHONE, why);
		return -1;
	}
	return 0;
}

static int
check_amount(struct rowcheck *c)
{
	char err[FU_ERRBUF];
	const char *s;
	size_t n;
	int64_t fen;

	c->amount[0] = '\0';
	value(c->f, CF_AMOUNT, c->field, c->len, &s, &n);
	if (n == 0)
		return 0;
	if (money_parse(s, n, MONEY_NONNEG, &fen, err) == -1) {
		verdict_reject(c->b, c->r, RJ_AMOUNT, err);
		return -1;
	}
	money_format(fen, c->amount);
	return 0;
}

/* The id: order, type, store, date, phone, amount, item. */
static uint64_t
row_id(const struct rowcheck *c)
{
	const char *idf[7];
	size_t idlen[7];

	value(c->f, CF_ORDER, c->field, c->len, &idf[0], &idlen[0]);
	idf[1] = c->type;
	idlen[1] = strlen(c->type);
	idf[2] = c->store;
	idlen[2] = c->storelen;
	idf[3] = c->date;
	idlen[3] = strlen(c->date);
	idf[4] = c->phone;
	idlen[4] = strlen(c->phone);
	idf[5] = c->amount;
	idlen[5] = strlen(c->amount);
	value(c->f, CF_ITEM, c->field, c->len, &idf[6], &idlen[6]);
	return fu_id(idf, idlen, 7);
}

/* Append s to the piece at *p: the fixed fields, put out at once. */
static void
piece(char **p, const char *s)
{
	size_t n = strlen(s);

	memcpy(*p, s, n);
	(*p)[n] = '\t';
	*p += n + 1;
}

/*
 * The contacts line of an accepted row, at the end of the batch's out:
 * the fields fu made (id, type, size, date, phone, amount) in pieces of
 * their own, the fields as written escaped between them.
 */
static void
put_line(const struct rowcheck *c)
{
	struct tsv_buf *o = &c->b->out;
	const long *extra_from = c->b->extra_from;
	char buf[16 + 1 + 16 + 1 + 8 + 1 + 10 + 1 + PHONE_MAX + 32 + 2], *p;
	const char *s;
	size_t n, i;

	c->r->line = o->len;
	fu_id_format(c->r->id, buf);
	p = buf + 16;
	*p++ = '\t';
	piece(&p, c->type);
	tsv_buf_raw(o, buf, (size_t)(p - buf));
	tsv_buf_put(o, c->store, c->storelen);
	p = buf;
	*p++ = '\t';
	piece(&p, c->size);
	piece(&p, c->date);
	tsv_buf_raw(o, buf, (size_t)(p - buf));
	value(c->f, CF_CUSTOMER, c->field, c->len, &s, &n);
	tsv_buf_put(o, s, n);
	p = buf;
	*p++ = '\t';
	piece(&p, c->phone);
	piece(&p, c->amount);
	tsv_buf_raw(o, buf, (size_t)(p - buf));
	value(c->f, CF_ITEM, c->field, c->len, &s, &n);
	tsv_buf_put(o, s, n);
	tsv_buf_char(o, '\t');
	tsv_buf_raw(o, c->b->src.s, c->b->src.len);
	tsv_buf_long(o, c->r->lineno);
	for (i = 0; i < c->im->extra.n; i++) {
		tsv_buf_char(o, '\t');
		if (extra_from[i] != -1)
			tsv_buf_put(o, c->field[extra_from[i]],
			    c->len[extra_from[i]]);
	}
	tsv_buf_char(o, '\n');
	c->r->linelen = o->len - c->r->line;
}

/*
 * Everything about a row that depends on that row alone, check after
 * check; the first that fails gives the reason.
 */
void
imp_classify(struct batch *b, struct brow *r, struct norm_ctx *ctx)
{
	struct rowcheck c;

	if (check_shape(b, r) == -1)
		return;
	c.b = b;
	c.r = r;
	c.im = b->im;
	c.f = b->f;
	c.field = b->fptr + r->field;
	c.len = b->flen + r->field;
	if (check_type(&c) == -1 || check_store(&c) == -1)
		return;
	check_size(&c, ctx);
	if (check_date(&c) == -1 || check_phone(&c) == -1 ||
	    check_amount(&c) == -1)
		return;
	r->id = row_id(&c);
	r->verdict = V_OK;
	if (b->lines)
		put_line(&c);
}
