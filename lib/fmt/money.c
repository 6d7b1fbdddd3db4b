/*
 * money.c: amounts as shops write them, to whole fen; see money.h.
 *
 * The arithmetic is done on the digits, never through a double, so that
 * "1580.10" is 158010 fen and not 158009.  Nothing is rounded: a value
 * with more than two decimals of yuan is refused, as a silently changed
 * amount would move a customer from one sampling tier to another.  The
 * input is (pointer, length) and is never read past its length.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "fmt/money.h"
#include "base/text.h"

#define NFRAC		6	/* decimals that can survive scaling by 万 */

/*
 * The largest amount, in fen: 90 trillion yuan.  It is below 2^53, so
 * every amount is exact as a double in a workbook, and a thousand of
 * them add up without overflowing int64.
 */
#define MONEY_LIMIT	UINT64_C(9000000000000000)

#define C_END		(-2)	/* what at() returns past the end */

static const uint64_t pow10[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000
};

/* The character at s[i], or C_END; *n its length. */
static long
at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
	if (i >= len) {
		*n = 0;
		return C_END;
	}
	return u8_decode(s + i, len - i, n);
}

static size_t
skip_blanks(const unsigned char *s, size_t len, size_t i)
{
	size_t k;

	while (i < len && (k = text_blank_at(s + i, len - i)) > 0)
		i += k;
	return i;
}

/* 0-9 or ０-９: the value, else -1. */
static int
digit(long c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xff10 && c <= 0xff19)
		return (int)(c - 0xff10);
	return -1;
}

/* +, -, their full-width forms and the minus sign: 1 or -1, else 0. */
static int
sign(long c)
{
	if (c == '+' || c == 0xff0b)
		return 1;
	if (c == '-' || c == 0xff0d || c == 0x2212)
		return -1;
	return 0;
}

/* Length of a currency mark at s[i] (¥, ￥, RMB, CNY), or 0. */
static size_t
currency(const unsigned char *s, size_t len, size_t i)
{
	size_t n, k;
	long c;

	c = at(s, len, i, &n);
	if (c == 0xa5 || c == 0xffe5)
		return n;
	if (len - i < 3)
		return 0;
	for (k = 0; k < 3; k++)
		if (s[i + k] != (unsigned char)"RMB"[k] &&
		    s[i + k] != (unsigned char)"rmb"[k])
			break;
	if (k < 3)
		for (k = 0; k < 3; k++)
			if (s[i + k] != (unsigned char)"CNY"[k] &&
			    s[i + k] != (unsigned char)"cny"[k])
				return 0;
	/* "RMBX": a word, not the currency. */
	if (i + 3 < len && ((s[i + 3] >= 'a' && s[i + 3] <= 'z') ||
	    (s[i + 3] >= 'A' && s[i + 3] <= 'Z')))
		return 0;
	return 3;
}

/*
 * Most amounts are plain: digits, maybe "." and one or two more, maybe
 * thousands separators in their places ("1,580.00": a third of the
 * amounts of a real export, a third of the time of money_parse when
 * they went the long way).  Twelve digits at most cannot come near
 * MONEY_LIMIT.  1 with *fen set when s is one, else 0 (and the full
 * parse decides).
 */
static int
plain_amount(const char *s, size_t len, int64_t *fen)
{
	int64_t w = 0;
	size_t i, k, dot = len, digits = 0, group = 0, commas = 0;

	if (len == 0 || len > 16)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			w = w * 10 + (s[i] - '0');
			digits++;
			group++;
		} else if (s[i] == ',' && dot == len && group > 0 &&
		    (commas > 0 ? group == 3 : group <= 3)) {
			commas++;
			group = 0;
		} else if (s[i] == '.' && dot == len && i > 0 &&
		    (commas == 0 || group == 3))
			dot = i;
		else
			return 0;
	}
	if (digits > 12 || (commas > 0 && dot == len && group != 3))
		return 0;
	if (dot != len && (len - dot < 2 || len - dot > 3))
		return 0;
	for (k = dot == len ? 0 : len - dot - 1; k < 2; k++)
		w *= 10;
	*fen = w;
	return 1;
}

/* An amount being read: where the reading is, and what it has found. */
struct amount {
	const unsigned char *s;		/* trimmed */
	size_t		 len;
	size_t		 i;		/* the next character */
	int		 sg;		/* 1, -1, or 0 when no sign */
	uint64_t	 ip;		/* the integer part */
	size_t		 nint;		/* its digits */
	int		 big;		/* ip went past MONEY_LIMIT */
	int		 badsep;	/* a comma out of place */
	char		 frac[NFRAC];	/* the fraction's first digits */
	size_t		 nfrac;		/* its digits */
	size_t		 nsig;		/* up to its last nonzero digit */
	int		 wan;		/* in 万 */
};

/* [sign] [currency [blanks]] [sign] */
static void
read_prefix(struct amount *a)
{
	size_t n, k;

	if ((a->sg = sign(at(a->s, a->len, a->i, &n))) != 0)
		a->i += n;
	if ((k = currency(a->s, a->len, a->i)) > 0) {
		a->i = skip_blanks(a->s, a->len, a->i + k);
		if (a->sg == 0 &&
		    (a->sg = sign(at(a->s, a->len, a->i, &n))) != 0)
			a->i += n;
	}
}

/* Integer part, commas only between groups of three: 1,580. */
static void
read_integer(struct amount *a)
{
	size_t n, grp = 0, commas = 0;
	long c;
	int d;

	for (;;) {
		c = at(a->s, a->len, a->i, &n);
		if ((d = digit(c)) >= 0) {
			if (a->ip > MONEY_LIMIT)
				a->big = 1;
			else
				a->ip = a->ip * 10 + (uint64_t)d;
			a->nint++;
			grp++;
		} else if (c == ',') {
			if (commas == 0 ? grp < 1 || grp > 3 : grp != 3)
				a->badsep = 1;
			commas++;
			grp = 0;
		} else
			break;
		a->i += n;
	}
	if (commas > 0 && grp != 3)
		a->badsep = 1;
}

/*
 * Fraction, after an integer part: only its significant digits count
 * ("1.50" is 1.5).  -1 for a point with no digits after it.
 */
static int
read_fraction(struct amount *a)
{
	size_t n;
	long c;
	int d;

	c = at(a->s, a->len, a->i, &n);
	if (a->nint == 0 || (c != '.' && c != 0xff0e))
		return 0;
	a->i += n;
	while ((d = digit(at(a->s, a->len, a->i, &n))) >= 0) {
		if (a->nfrac < NFRAC)
			a->frac[a->nfrac] = (char)d;
		a->nfrac++;
		if (d != 0)
			a->nsig = a->nfrac;
		a->i += n;
	}
	return a->nfrac == 0 ? -1 : 0;
}

/* 1 when an exponent follows the number: 1E5, 1.5e+3. */
static int
scientific(const struct amount *a)
{
	size_t n, k;
	long c;

	c = at(a->s, a->len, a->i, &n);
	if (c != 'e' && c != 'E')
		return 0;
	k = a->i + 1;
	if (k < a->len && (a->s[k] == '+' || a->s[k] == '-'))
		k++;
	return k < a->len && a->s[k] >= '0' && a->s[k] <= '9';
}

/* [blanks] [万 [blanks]] [元 [blanks]] and nothing more: else -1. */
static int
read_suffix(struct amount *a)
{
	size_t n;

	a->i = skip_blanks(a->s, a->len, a->i);
	if (at(a->s, a->len, a->i, &n) == 0x4e07) {
		a->wan = 1;
		a->i = skip_blanks(a->s, a->len, a->i + n);
	}
	if (at(a->s, a->len, a->i, &n) == 0x5143)
		a->i = skip_blanks(a->s, a->len, a->i + n);
	return a->i < a->len ? -1 : 0;
}

/* The amount read, in fen: -1 with err when it cannot be one. */
static int
to_fen(const struct amount *a, unsigned flags, struct text_lazy *q,
    int64_t *fen, char *err)
{
	uint64_t fv = 0, v = 0;
	size_t k, scale;

	scale = 2 + (a->wan ? 4 : 0);
	if (a->nsig > scale) {
		if (a->wan)
			fu_seterr(err, "amount \"%s\" is too precise: more "
			    "than 2 decimals of yuan", text_lazy_quote(q));
		else
			fu_seterr(err, "amount \"%s\" has more than 2 "
			    "decimals", text_lazy_quote(q));
		return -1;
	}
	for (k = 0; k < a->nsig; k++)
		fv = fv * 10 + (uint64_t)a->frac[k];
	/* ip * 10^scale + fv * 10^(scale - nsig), checked before it is made. */
	if (a->big || a->ip > MONEY_LIMIT / pow10[scale] ||
	    (v = a->ip * pow10[scale] + fv * pow10[scale - a->nsig]) >
	    MONEY_LIMIT) {
		fu_seterr(err, "amount \"%s\" is too large",
		    text_lazy_quote(q));
		return -1;
	}
	if (a->sg < 0 && v > 0 && (flags & MONEY_NONNEG)) {
		fu_seterr(err, "amount \"%s\" is negative",
		    text_lazy_quote(q));
		return -1;
	}
	*fen = a->sg < 0 ? -(int64_t)v : (int64_t)v;
	return 0;
}

int
money_parse(const char *in, size_t len, unsigned flags, int64_t *fen,
    char *err)
{
	struct amount a;
	struct text_lazy q;

	*fen = 0;
	if (plain_amount(in, len, fen))
		return 0;
	memset(&a, 0, sizeof(a));
	a.s = (const unsigned char *)in;
	a.len = in == NULL ? 0 : len;
	text_trim(&a.s, &a.len);
	if (a.len == 0) {
		fu_seterr(err, "amount is empty");
		return -1;
	}
	text_lazy_init(&q, (const char *)a.s, a.len);
	read_prefix(&a);
	read_integer(&a);
	if (read_fraction(&a) == -1 || a.nint == 0) {
		fu_seterr(err, "amount \"%s\" is not a number",
		    text_lazy_quote(&q));
		return -1;
	}
	if (scientific(&a)) {
		fu_seterr(err, "amount \"%s\" is in scientific notation",
		    text_lazy_quote(&q));
		return -1;
	}
	if (read_suffix(&a) == -1) {
		fu_seterr(err, "amount \"%s\" is not a number",
		    text_lazy_quote(&q));
		return -1;
	}
	if (a.badsep) {
		fu_seterr(err, "amount \"%s\" has misplaced thousands "
		    "separators", text_lazy_quote(&q));
		return -1;
	}
	return to_fen(&a, flags, &q, fen, err);
}

void
money_format(int64_t fen, char *buf)
{
	uint64_t m;

	char tmp[32], *p = tmp + sizeof(tmp);

	/* Through uint64, so that INT64_MIN has a magnitude too. */
	m = fen < 0 ? -(uint64_t)fen : (uint64_t)fen;
	/* By hand, not snprintf: this runs for every row of an import. */
	*--p = '\0';
	*--p = (char)('0' + m % 10);
	*--p = (char)('0' + m / 10 % 10);
	*--p = '.';
	m /= 100;
	do
		*--p = (char)('0' + m % 10);
	while ((m /= 10) > 0);
	if (fen < 0)
		*--p = '-';
	memcpy(buf, p, tmp + sizeof(tmp) - p);
}
