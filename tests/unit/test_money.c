/*
 * test_money.c: money_parse on every form the exports hold, each refusal
 * and its reason, money_format at the edges of int64, and round trips of
 * random amounts.  Every input is copied into a buffer of exactly its
 * length, without a NUL, so that the sanitized build catches a read past
 * the end.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fmt/money.h"
#include "t.h"

#define LIMIT	INT64_C(9000000000000000)	/* money.c's limit, in fen */

/* money_parse on a copy of s in a buffer of exactly n bytes. */
static int
parse_len(const char *s, size_t n, unsigned flags, int64_t *fen, char *err)
{
	char *p;
	int r;

	if ((p = malloc(n > 0 ? n : 1)) == NULL) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, s, n);
	r = money_parse(p, n, flags, fen, err);
	free(p);
	return r;
}

static int
parse(const char *s, unsigned flags, int64_t *fen, char *err)
{
	return parse_len(s, strlen(s), flags, fen, err);
}

#define OK(in, want)		ok_at((in), 0, (want), __LINE__)
#define OKF(in, f, want)	ok_at((in), (f), (want), __LINE__)
#define BAD(in, word)		bad_at((in), 0, (word), __LINE__)
#define BADF(in, f, word)	bad_at((in), (f), (word), __LINE__)

static void
ok_at(const char *in, unsigned flags, int64_t want, int line)
{
	char err[FU_ERRBUF];
	int64_t fen = -12345;
	int r;

	strcpy(err, "(no message)");
	r = parse(in, flags, &fen, err);
	if (!t_inteq(r, 0, in, __FILE__, line))
		fprintf(stderr, "\terr: %s\n", err);
	t_inteq(fen, want, in, __FILE__, line);
}

/* Refused, with a message that holds word and the value as written. */
static void
bad_at(const char *in, unsigned flags, const char *word, int line)
{
	char err[FU_ERRBUF];
	int64_t fen = 0;
	int r;

	err[0] = '\0';
	r = parse(in, flags, &fen, err);
	t_inteq(r, -1, in, __FILE__, line);
	if (!t_check(strstr(err, word) != NULL, word, __FILE__, line))
		fprintf(stderr, "\tinput \"%s\"\n\terr   \"%s\"\n", in, err);
	t_check(strncmp(err, "amount ", 7) == 0, "starts with amount",
	    __FILE__, line);
	if (strstr(word, "empty") == NULL && strlen(in) <= 40 &&
	    strpbrk(in, "\"\\\t\n\r") == NULL && in[0] != ' ' &&
	    !t_check(strstr(err, in) != NULL, "value quoted", __FILE__, line))
		fprintf(stderr, "\tinput \"%s\"\n\terr   \"%s\"\n", in, err);
}

/* A small local PRNG (xorshift64*), its state owned by the caller. */
static uint64_t
rnd(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * UINT64_C(2685821657736338717);
}

/* An amount of any size up to the limit, either sign. */
static int64_t
rnd_amount(uint64_t *st)
{
	uint64_t m = rnd(st) >> (rnd(st) % 64);

	m %= (uint64_t)LIMIT + 1;
	return rnd(st) % 2 ? -(int64_t)m : (int64_t)m;
}

/* "1,234,567.89" from "1234567.89". */
static void
add_commas(const char *s, char *out)
{
	size_t i, nint;

	if (*s == '-')
		*out++ = *s++;
	nint = strcspn(s, ".");
	for (i = 0; i < nint; i++) {
		*out++ = s[i];
		if (nint - 1 - i > 0 && (nint - 1 - i) % 3 == 0)
			*out++ = ',';
	}
	strcpy(out, s + nint);
}

/* format -> parse, in several dresses: the same fen back each time. */
static long
round_trips(uint64_t *st, int rounds)
{
	char s[64], t[128], err[FU_ERRBUF];
	int64_t v, got;
	uint64_t m;
	long bad = 0;
	int i;

	for (i = 0; i < rounds; i++) {
		v = rnd_amount(st);
		money_format(v, s);
		if (parse(s, 0, &got, err) != 0 || got != v)
			bad++;
		/* Thousands separators. */
		add_commas(s, t);
		if (parse(t, 0, &got, err) != 0 || got != v) {
			if (bad++ < 5)
				fprintf(stderr, "\"%s\": %s\n", t, err);
		}
		/* Currency marks and 元. */
		snprintf(t, sizeof(t), "%s%s%s", rnd(st) % 2 ?
		    "\xc2\xa5" : "RMB ", s, rnd(st) % 2 ? "\xe5\x85\x83" : "");
		if (parse(t, 0, &got, err) != 0 || got != v)
			bad++;
		/* As 万: six decimals of 万 are exactly fen. */
		m = v < 0 ? -(uint64_t)v : (uint64_t)v;
		snprintf(t, sizeof(t), "%s%" PRIu64 ".%06" PRIu64
		    "\xe4\xb8\x87", v < 0 ? "-" : "", m / 1000000,
		    m % 1000000);
		if (parse(t, 0, &got, err) != 0 || got != v) {
			if (bad++ < 5)
				fprintf(stderr, "\"%s\": %s\n", t, err);
		}
		/* Non-negative amounts pass MONEY_NONNEG; others do not. */
		if ((parse(s, MONEY_NONNEG, &got, err) == 0) != (v >= 0))
			bad++;
	}
	return bad;
}

/*
 * Random bytes from an alphabet of digits, marks and pieces of UTF-8
 * (some cut short): an answer every time, never a read past the end;
 * an accepted amount formats and parses back to itself.
 */
static long
fuzz_bytes(uint64_t *st, int rounds)
{
	static const char *const bits[] = {
		"1", "0", "9", "5", ",", ".", "-", "+", " ", "E", "(",
		"\xc2\xa5", "\xef\xbf\xa5", "\xef\xbf", "\xe4\xb8\x87",
		"\xe4\xb8", "\xe5\x85\x83", "RMB", "CNY", "\xef\xbc\x91",
		"\xe3\x80\x80", "\xc2", "\xff", "999999999", "000"
	};
	char b[256], s[64], err[FU_ERRBUF];
	int64_t fen, again;
	size_t o, k, n;
	long bad = 0;
	int i, r;

	for (i = 0; i < rounds; i++) {
		n = rnd(st) % 10;
		for (o = 0; n-- > 0; o += strlen(bits[k])) {
			k = rnd(st) % (sizeof(bits) / sizeof(bits[0]));
			memcpy(b + o, bits[k], strlen(bits[k]));
		}
		err[0] = '\0';
		r = parse_len(b, o, 0, &fen, err);
		if (r == 0) {
			money_format(fen, s);
			if (parse(s, 0, &again, err) != 0 || again != fen ||
			    fen > LIMIT || fen < -LIMIT)
				bad++;
		} else if (r != -1 || strncmp(err, "amount ", 7) != 0)
			bad++;
	}
	return bad;
}

/*
 * The plain path agrees with the full parse: a string of digits, commas
 * and points, then the same with a space after it (which only the full
 * parse takes), give the same answer, amount and message.
 */
static void
test_plain_path(void)
{
	static const char alphabet[] = "0123456789,,,..";
	char a[24], b[32], ea[FU_ERRBUF], eb[FU_ERRBUF];
	int64_t fa, fb;
	uint64_t st = UINT64_C(88172645463325252);
	size_t n, i;
	int round, ra, rb;

	for (round = 0; round < 100000; round++) {
		n = 1 + (size_t)round % 17;
		for (i = 0; i < n; i++) {
			st ^= st << 13;
			st ^= st >> 7;
			st ^= st << 17;
			a[i] = alphabet[st % (sizeof(alphabet) - 1)];
		}
		a[n] = '\0';
		snprintf(b, sizeof(b), "%s ", a);
		ea[0] = eb[0] = '\0';
		ra = parse(a, 0, &fa, ea);
		rb = parse(b, 0, &fb, eb);
		T_OK(ra == rb && fa == fb && strcmp(ea, eb) == 0);
	}
}

int
main(void)
{
	char buf[32], err[FU_ERRBUF];
	int64_t fen;
	uint64_t st = UINT64_C(0x2545f4914f6cdd1d);

	test_plain_path();
	/* Plain, decimals, thousands. */
	OK("1580", 158000);
	OK("1580.5", 158050);
	OK("1580.50", 158050);
	OK("1580.00", 158000);
	OK("0.05", 5);
	OK("0", 0);
	OK("00980", 98000);
	OK("1,580.00", 158000);
	OK("1,580", 158000);
	OK("1,234,567.89", 123456789);
	OK("1.230", 123);		/* a trailing 0 loses nothing */
	OK("1580.000000000000000000000", 158000);
	/* Currency marks, 元, 万. */
	OK("\xc2\xa5" "980", 98000);			/* ¥980 */
	OK("\xef\xbf\xa5" "980", 98000);		/* ￥980 */
	OK("\xc2\xa5 980", 98000);
	OK("980\xe5\x85\x83", 98000);			/* 980元 */
	OK("980 \xe5\x85\x83", 98000);
	OK("\xc2\xa5" "980\xe5\x85\x83", 98000);
	OK("RMB 980", 98000);
	OK("RMB980", 98000);
	OK("rmb 980", 98000);
	OK("CNY 980", 98000);
	OK("CNY 1,580.5", 158050);
	OK("1.5\xe4\xb8\x87", 1500000);			/* 1.5万 */
	OK("1.23456\xe4\xb8\x87", 1234560);
	OK("1.234567\xe4\xb8\x87", 1234567);		/* 12345.67 yuan */
	OK("2\xe4\xb8\x87\xe5\x85\x83", 2000000);	/* 2万元 */
	OK("2 \xe4\xb8\x87 \xe5\x85\x83", 2000000);
	OK("12,345\xe4\xb8\x87", INT64_C(12345000000));
	/* Blanks and full width. */
	OK("  1580  ", 158000);
	OK("\t1580\r\n", 158000);
	OK("\xe3\x80\x80" "1580\xe3\x80\x80", 158000);	/* 　1580　 */
	OK("\xef\xbc\x91\xef\xbc\x95\xef\xbc\x98\xef\xbc\x90", 158000);
	OK("\xef\xbc\x91\xef\xbc\x95\xef\xbc\x98\xef\xbc\x90\xef\xbc\x8e"
	    "\xef\xbc\x95", 158050);			/* １５８０．５ */
	/* Signs. */
	OK("+100", 10000);
	OK("-100", -10000);
	OK("-1,580.50", -158050);
	OK("-\xc2\xa5" "3.5", -350);
	OK("\xc2\xa5-3.5", -350);
	OK("RMB -3.50", -350);
	OK("\xef\xbc\x8d" "3.50", -350);			/* －3.50 */
	OK("-0", 0);
	OKF("-0.00", MONEY_NONNEG, 0);
	OKF("100", MONEY_NONNEG, 10000);
	/* The limit, and no further. */
	OK("90000000000000", LIMIT);
	OK("-90,000,000,000,000.00", -LIMIT);
	OK("0.9\xe4\xb8\x87", 900000);

	/* Refusals. */
	BAD("", "amount is empty");
	BAD("   ", "amount is empty");
	BAD("\xe3\x80\x80", "amount is empty");
	T_INTEQ(money_parse(NULL, 0, 0, &fen, err), -1);
	T_STREQ(err, "amount is empty");
	BAD("1.234", "more than 2 decimals");
	BAD("0.001", "more than 2 decimals");
	BAD("1.2345678\xe4\xb8\x87", "decimals");
	BAD("1.0000001\xe4\xb8\x87", "too precise");
	BAD("abc", "not a number");
	BAD("1580abc", "not a number");
	BAD("1580 yuan", "not a number");
	BAD("1.2.3", "not a number");
	BAD("1,58,0", "thousands");
	BAD("1580,00", "thousands");
	BAD("1,5800", "thousands");
	BAD("1,", "thousands");
	BAD(",580", "thousands");
	BAD("1,,580", "thousands");
	BAD("1E5", "scientific");
	BAD("1.5e3", "scientific");
	BAD("1.58E+03", "scientific");
	BAD("1E", "not a number");
	BAD("(100)", "not a number");
	BAD("\xc2\xa5", "not a number");		/* lone ¥ */
	BAD("\xe5\x85\x83", "not a number");		/* lone 元 */
	BAD("\xe4\xb8\x87", "not a number");		/* lone 万 */
	BAD("RMB", "not a number");
	BAD("RMBX 980", "not a number");
	BAD("- 100", "not a number");
	BAD("--100", "not a number");
	BAD("-\xc2\xa5-3", "not a number");
	BAD("100-", "not a number");
	BAD("1 580", "not a number");
	BAD(".5", "not a number");
	BAD("5.", "not a number");
	BAD("1\xe4\xb8\x87\xe4\xb8\x87", "not a number");
	BAD("980\xe5\x85\x83\xe5\x85\x83", "not a number");
	/* The fault named when there are several: the order of the steps. */
	BAD("1,58,0abc", "not a number");	/* text after, then commas */
	BAD("1,5800.123", "thousands");		/* commas, then decimals */
	BAD("1.234e5", "scientific");		/* exponent, then decimals */
	BAD("5.e3", "not a number");		/* a point with no digits */
	BADF("-1.234", MONEY_NONNEG, "decimals");	/* then the sign */
	BADF("-9,000,000,000,000,000", MONEY_NONNEG, "too large");
	/* Past the plain path's twelve characters, the same answers. */
	OK("123456789012", INT64_C(12345678901200));
	OK("12345678901.5", INT64_C(1234567890150));
	BAD("1.555", "more than 2 decimals");
	BAD("1580\xef\xbc\x8c" "00", "not a number");	/* full-width comma */
	BAD("90000000000000.01", "too large");
	BAD("-90000000000000.01", "too large");
	BAD("9000000001\xe4\xb8\x87", "too large");
	BAD("99999999999999999999999999", "too large");
	BAD("92233720368547758.07", "too large");
	BAD("-92233720368547758.08", "too large");
	BAD("184467440737095516.16", "too large");
	BAD("18446744073709551616", "too large");	/* 2^64: wraps to 0 */
	BAD("36893488147419103232.00", "too large");	/* 2^65 */
	BADF("-100", MONEY_NONNEG, "amount \"-100\" is negative");
	BADF("-0.01", MONEY_NONNEG, "negative");
	BADF("\xc2\xa5-3.5", MONEY_NONNEG, "negative");

	/* Exact messages. */
	T_INTEQ(parse("1.234", 0, &fen, err), -1);
	T_STREQ(err, "amount \"1.234\" has more than 2 decimals");
	T_INTEQ(parse("1.2345678\xe4\xb8\x87", 0, &fen, err), -1);
	T_STREQ(err, "amount \"1.2345678\xe4\xb8\x87\" is too precise: "
	    "more than 2 decimals of yuan");
	T_INTEQ(parse("12\"34", 0, &fen, err), -1);
	T_STREQ(err, "amount \"12\\\"34\" is not a number");
	T_INTEQ(parse("123456789012345678901234567890123456789012345", 0,
	    &fen, err), -1);
	T_STREQ(err, "amount \"1234567890123456789012345678901234567...\" "
	    "is too large");

	/* Cut-off input: the length is the end, whatever follows it. */
	T_INTEQ(parse_len("1580.509", 7, 0, &fen, err), 0);
	T_INTEQ(fen, 158050);
	T_INTEQ(parse_len("980\xe5\x85\x83", 5, 0, &fen, err), -1);
	T_INTEQ(parse_len("1.5\xe4\xb8\x87", 4, 0, &fen, err), -1);
	T_INTEQ(parse_len("1.5\xe4\xb8\x87", 6, 0, &fen, err), 0);
	T_INTEQ(fen, 1500000);
	T_INTEQ(parse_len("RMB 980", 2, 0, &fen, err), -1);

	/* money_format */
	money_format(158000, buf);
	T_STREQ(buf, "1580.00");
	money_format(5, buf);
	T_STREQ(buf, "0.05");
	money_format(-350, buf);
	T_STREQ(buf, "-3.50");
	money_format(-5, buf);
	T_STREQ(buf, "-0.05");
	money_format(0, buf);
	T_STREQ(buf, "0.00");
	money_format(123456789, buf);
	T_STREQ(buf, "1234567.89");
	money_format(INT64_MAX, buf);
	T_STREQ(buf, "92233720368547758.07");
	money_format(INT64_MIN, buf);
	T_STREQ(buf, "-92233720368547758.08");
	money_format(LIMIT, buf);
	T_STREQ(buf, "90000000000000.00");

	/* Round trips at the edges, then at random. */
	money_format(-LIMIT, buf);
	T_INTEQ(parse(buf, 0, &fen, err), 0);
	T_INTEQ(fen, -LIMIT);
	money_format(LIMIT + 1, buf);
	T_INTEQ(parse(buf, 0, &fen, err), -1);
	T_INTEQ(round_trips(&st, 20000), 0);
	T_INTEQ(fuzz_bytes(&st, 50000), 0);

	return t_done("test_money");
}
