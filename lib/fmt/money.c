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

int
money_parse(const char *in, size_t len, unsigned flags, int64_t *fen,
    char *err)
{
	const unsigned char *s = (const unsigned char *)in;
	char q[TEXT_QUOTE_MAX + 1];
	char frac[NFRAC];
	uint64_t ip = 0, fv = 0, v = 0;
	size_t i = 0, n, k, nint = 0, nfrac = 0, nsig = 0, grp = 0;
	size_t commas = 0, scale = 0;
	long c;
	int sg = 0, d, big = 0, badsep = 0, wan = 0;

	*fen = 0;
	/*
	 * Most amounts are plain: digits, maybe "." and one or two more;
	 * twelve characters at most cannot come near MONEY_LIMIT.
	 */
	if (len > 0 && len <= 12) {
		int64_t w = 0;
		size_t dot = len;

		for (i = 0; i < len; i++) {
			if (in[i] >= '0' && in[i] <= '9')
				w = w * 10 + (in[i] - '0');
			else if (in[i] == '.' && dot == len && i > 0)
				dot = i;
			else
				break;
		}
		if (i == len && (dot == len || (len - dot >= 2 &&
		    len - dot <= 3))) {
			for (k = dot == len ? 0 : len - dot - 1; k < 2; k++)
				w *= 10;
			*fen = w;
			return 0;
		}
		i = 0;
	}
	if (s == NULL)
		len = 0;
	text_trim(&s, &len);
	if (len == 0) {
		fu_seterr(err, "amount is empty");
		return -1;
	}
	text_quote((const char *)s, len, q);

	/* [sign] [currency [blanks]] [sign] */
	c = at(s, len, i, &n);
	if ((sg = sign(c)) != 0)
		i += n;
	if ((k = currency(s, len, i)) > 0) {
		i = skip_blanks(s, len, i + k);
		c = at(s, len, i, &n);
		if (sg == 0 && (sg = sign(c)) != 0)
			i += n;
	}

	/* Integer part, commas only between groups of three: 1,580. */
	for (;;) {
		c = at(s, len, i, &n);
		if ((d = digit(c)) >= 0) {
			if (ip > MONEY_LIMIT)
				big = 1;
			else
				ip = ip * 10 + (uint64_t)d;
			nint++;
			grp++;
		} else if (c == ',') {
			if (commas == 0 ? grp < 1 || grp > 3 : grp != 3)
				badsep = 1;
			commas++;
			grp = 0;
		} else
			break;
		i += n;
	}
	if (commas > 0 && grp != 3)
		badsep = 1;

	/* Fraction: only its significant digits count ("1.50" is 1.5). */
	if (nint > 0 && (c == '.' || c == 0xff0e)) {
		i += n;
		while ((d = digit(c = at(s, len, i, &n))) >= 0) {
			if (nfrac < NFRAC)
				frac[nfrac] = (char)d;
			nfrac++;
			if (d != 0)
				nsig = nfrac;
			i += n;
		}
		if (nfrac == 0) {
			fu_seterr(err, "amount \"%s\" is not a number", q);
			return -1;
		}
	}
	if (nint == 0) {
		fu_seterr(err, "amount \"%s\" is not a number", q);
		return -1;
	}
	if (c == 'e' || c == 'E') {
		k = i + 1;
		if (k < len && (s[k] == '+' || s[k] == '-'))
			k++;
		if (k < len && s[k] >= '0' && s[k] <= '9') {
			fu_seterr(err, "amount \"%s\" is in scientific "
			    "notation", q);
			return -1;
		}
	}

	/* [blanks] [万 [blanks]] [元 [blanks]] and nothing more. */
	i = skip_blanks(s, len, i);
	if (at(s, len, i, &n) == 0x4e07) {
		wan = 1;
		i = skip_blanks(s, len, i + n);
	}
	if (at(s, len, i, &n) == 0x5143)
		i = skip_blanks(s, len, i + n);
	if (i < len) {
		fu_seterr(err, "amount \"%s\" is not a number", q);
		return -1;
	}
	if (badsep) {
		fu_seterr(err, "amount \"%s\" has misplaced thousands "
		    "separators", q);
		return -1;
	}

	scale = 2 + (wan ? 4 : 0);
	if (nsig > scale) {
		if (wan)
			fu_seterr(err, "amount \"%s\" is too precise: more "
			    "than 2 decimals of yuan", q);
		else
			fu_seterr(err, "amount \"%s\" has more than 2 "
			    "decimals", q);
		return -1;
	}
	for (k = 0; k < nsig; k++)
		fv = fv * 10 + (uint64_t)frac[k];
	/* ip * 10^scale + fv * 10^(scale - nsig), checked before it is made. */
	if (big || ip > MONEY_LIMIT / pow10[scale] ||
	    (v = ip * pow10[scale] + fv * pow10[scale - nsig]) > MONEY_LIMIT) {
		fu_seterr(err, "amount \"%s\" is too large", q);
		return -1;
	}
	if (sg < 0 && v > 0 && (flags & MONEY_NONNEG)) {
		fu_seterr(err, "amount \"%s\" is negative", q);
		return -1;
	}
	*fen = sg < 0 ? -(int64_t)v : (int64_t)v;
	return 0;
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
