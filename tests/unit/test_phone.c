/*
 * test_phone.c: phone_norm on every form the exports hold, each refusal
 * and its reason, masking, and random numbers with random separators.
 * Every input is copied into a buffer of exactly its length, without a
 * NUL, so that the sanitized build catches a read past the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fmt/phone.h"
#include "t.h"

/* phone_norm on a copy of s in a buffer of exactly strlen(s) bytes. */
static int
norm_len(const char *s, size_t n, char *out, char *err)
{
	char *p;
	int r;

	if ((p = malloc(n > 0 ? n : 1)) == NULL) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, s, n);
	r = phone_norm(p, n, out, err, 1);
	free(p);
	return r;
}

static int
norm(const char *s, char *out, char *err)
{
	return norm_len(s, strlen(s), out, err);
}

#define OK(in, want)	ok_at((in), (want), __LINE__)
#define BAD(in, word)	bad_at((in), (word), __LINE__)

static void
ok_at(const char *in, const char *want, int line)
{
	char out[PHONE_MAX], err[FU_ERRBUF];
	int r;

	strcpy(err, "(no message)");
	r = norm(in, out, err);
	if (!t_inteq(r, 0, in, __FILE__, line))
		fprintf(stderr, "\terr: %s\n", err);
	t_streq(out, want, in, __FILE__, line);
}

/*
 * Refused, with a message that holds word and, when it is short and
 * plain, the value as written.
 */
static void
bad_at(const char *in, const char *word, int line)
{
	char out[PHONE_MAX], err[FU_ERRBUF];
	const char *p;
	int r, plain = strlen(in) <= 40;

	err[0] = '\0';
	strcpy(out, "junk");
	r = norm(in, out, err);
	t_inteq(r, -1, in, __FILE__, line);
	t_streq(out, "", in, __FILE__, line);
	if (!t_check(strstr(err, word) != NULL, word, __FILE__, line))
		fprintf(stderr, "\tinput \"%s\"\n\terr   \"%s\"\n", in, err);
	t_check(strncmp(err, "phone ", 6) == 0, "starts with phone",
	    __FILE__, line);
	for (p = in; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == '"' || *p == '\\')
			plain = 0;
	if (plain && strcmp(word, "empty") != 0 &&
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

static const char *const seps[] = {
	" ", "\t", "-", ".", "(", ")", "\xe3\x80\x80" /* 　 */,
	"\xef\xbc\x8d" /* － */, "\xef\xbc\x88" /* （ */,
	"\xef\xbc\x89" /* ） */, "  ", "--", " - "
};
#define NSEPS	(sizeof(seps) / sizeof(seps[0]))

/* Append digit d, in ASCII or full width. */
static size_t
put_digit(char *b, size_t o, int d, uint64_t *st)
{
	if (rnd(st) % 4 == 0) {
		b[o++] = '\xef';
		b[o++] = '\xbc';
		b[o++] = (char)(0x90 + d);
	} else
		b[o++] = (char)('0' + d);
	return o;
}

/* Maybe append a random separator. */
static size_t
put_sep(char *b, size_t o, uint64_t *st)
{
	const char *s;

	if (rnd(st) % 3 != 0)
		return o;
	s = seps[rnd(st) % NSEPS];
	memcpy(b + o, s, strlen(s));
	return o + strlen(s);
}

/*
 * A mobile written with separators could look like an Excel float
 * ("1380013800.0"), which phone_norm rightly reads as one: skip those.
 */
static int
looks_excel(const char *b)
{
	size_t i = strspn(b, "0123456789");

	return i > 0 && b[i] == '.' && b[i + 1] != '\0' &&
	    b[i + 1 + strspn(b + i + 1, "0")] == '\0';
}

static long
fuzz_mobiles(uint64_t *st, int rounds)
{
	static const char *const pfx[] = {
		"", "", "", "+86", "+86 ", "0086", "0086 ", "86", "86-",
		"(+86)", "(+86) ", "+86-", "\xef\xbc\x8b\x38\x36 " /* ＋86 */
	};
	char digits[12], b[256], out[PHONE_MAX], err[FU_ERRBUF];
	size_t o, k;
	long bad = 0;
	int i, j;

	for (i = 0; i < rounds; i++) {
		digits[0] = '1';
		digits[1] = (char)('3' + rnd(st) % 7);
		for (j = 2; j < 11; j++)
			digits[j] = (char)('0' + rnd(st) % 10);
		digits[11] = '\0';
		k = rnd(st) % (sizeof(pfx) / sizeof(pfx[0]));
		o = strlen(pfx[k]);
		memcpy(b, pfx[k], o);
		o = put_sep(b, o, st);
		for (j = 0; j < 11; j++) {
			o = put_digit(b, o, digits[j] - '0', st);
			o = put_sep(b, o, st);
		}
		b[o] = '\0';
		if (looks_excel(b))
			continue;
		if (norm(b, out, err) != 0 || strcmp(out, digits) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "fuzz: \"%s\" -> \"%s\" (%s), "
				    "want %s\n", b, out, err, digits);
		}
	}
	return bad;
}

static long
fuzz_landlines(uint64_t *st, int rounds)
{
	static const char *const areas[] = {
		"010", "020", "021", "029", "0755", "0571", "0311", "0991"
	};
	static const char *const pfx[] = {
		"", "", "+86 ", "+86-", "0086 ", "(+86)"
	};
	char num[9], want[PHONE_MAX], b[256], out[PHONE_MAX], err[FU_ERRBUF];
	const char *area;
	size_t o, k, nlen, j;
	long bad = 0;
	int i;

	for (i = 0; i < rounds; i++) {
		area = areas[rnd(st) % (sizeof(areas) / sizeof(areas[0]))];
		nlen = 7 + rnd(st) % 2;
		num[0] = (char)('2' + rnd(st) % 7);
		for (j = 1; j < nlen; j++)
			num[j] = (char)('0' + rnd(st) % 10);
		num[nlen] = '\0';
		snprintf(want, sizeof(want), "%s-%s", area, num);
		k = rnd(st) % (sizeof(pfx) / sizeof(pfx[0]));
		o = strlen(pfx[k]);
		memcpy(b, pfx[k], o);
		/* Abroad the trunk 0 is left out, mostly. */
		for (j = (k >= 2 && rnd(st) % 4 != 0); area[j] != '\0'; j++)
			o = put_digit(b, o, area[j] - '0', st);
		o = put_sep(b, o, st);
		for (j = 0; j < nlen; j++) {
			o = put_digit(b, o, num[j] - '0', st);
			o = put_sep(b, o, st);
		}
		b[o] = '\0';
		if (norm(b, out, err) != 0 || strcmp(out, want) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "fuzz: \"%s\" -> \"%s\" (%s), "
				    "want %s\n", b, out, err, want);
		}
	}
	return bad;
}

/*
 * Random bytes from an alphabet of digits, separators and pieces of
 * UTF-8 (some cut short): whatever comes back must be an answer, never
 * a crash or a read past the end, and an accepted value must have the
 * normalized shape and be a fixed point.
 */
static long
fuzz_bytes(uint64_t *st, int rounds)
{
	static const char *const bits[] = {
		"1", "3", "8", "0", "5", "86", "+", "-", " ", ".", "(", ")",
		"/", "x", "E", "\xef\xbc", "\xef\xbc\x91", "\xe3\x80\x80",
		"\xe8\xbd", "\xe8\xbd\xac", "\xc2", "\xff", "\t", "13800138000",
		"010", "0755", "12345678"
	};
	char b[256], out[PHONE_MAX], again[PHONE_MAX], err[FU_ERRBUF];
	size_t o, k, n;
	long bad = 0;
	int i, r;

	for (i = 0; i < rounds; i++) {
		n = rnd(st) % 12;
		for (o = 0; n-- > 0; o += strlen(bits[k])) {
			k = rnd(st) % (sizeof(bits) / sizeof(bits[0]));
			memcpy(b + o, bits[k], strlen(bits[k]));
		}
		err[0] = '\0';
		r = norm_len(b, o, out, err);
		if (r == 0) {
			if (norm(out, again, err) != 0 ||
			    strcmp(out, again) != 0 || strlen(out) < 10)
				bad++;
		} else if (r != -1 || strncmp(err, "phone ", 6) != 0 ||
		    out[0] != '\0')
			bad++;
	}
	return bad;
}

int
main(void)
{
	char out[PHONE_MAX], err[FU_ERRBUF];
	uint64_t st = UINT64_C(0x9e3779b97f4a7c15);

	/* Mobiles, with every separator and prefix. */
	OK("13800138000", "13800138000");
	OK("19912345678", "19912345678");
	OK("13312345678", "13312345678");
	OK("138 0013 8000", "13800138000");
	OK("138-0013-8000", "13800138000");
	OK("138.0013.8000", "13800138000");
	OK("(138)00138000", "13800138000");
	OK("\t13800138000 \r\n", "13800138000");
	OK("\xe3\x80\x80" "13800138000" "\xe3\x80\x80", "13800138000");
	/* １３８００１３８０００ */
	OK("\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xef\xbc\x90\xef\xbc\x90"
	    "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xef\xbc\x90\xef\xbc\x90"
	    "\xef\xbc\x90", "13800138000");
	OK("138\xe3\x80\x80" "0013\xe3\x80\x80" "8000", "13800138000");
	OK("138\xef\xbc\x8d" "0013\xef\xbc\x8d" "8000", "13800138000");
	OK("\xef\xbc\x88" "138\xef\xbc\x89" "00138000", "13800138000");
	OK("+8613800138000", "13800138000");
	OK("+86 138 0013 8000", "13800138000");
	OK("+86-138-0013-8000", "13800138000");
	OK("008613800138000", "13800138000");
	OK("0086 138 0013 8000", "13800138000");
	OK("8613800138000", "13800138000");
	OK("86 13800138000", "13800138000");
	OK("(+86)13800138000", "13800138000");
	OK("(+86) 138-0013-8000", "13800138000");
	OK("\xef\xbc\x8b" "86 13800138000", "13800138000");	/* ＋86 */
	/* 0 + mobile, as dialled from a landline in another city. */
	OK("013800138000", "13800138000");

	/* Excel's float. */
	OK("13800138000.0", "13800138000");
	OK("13800138000.00", "13800138000");

	/* Landlines. */
	OK("010-12345678", "010-12345678");
	OK("(010)12345678", "010-12345678");
	OK("(010) 1234-5678", "010-12345678");
	OK("01012345678", "010-12345678");
	OK("0101234567", "010-1234567");
	OK("010 1234567", "010-1234567");
	OK("021-87654321", "021-87654321");
	OK("\xef\xbc\x88\xef\xbc\x90\xef\xbc\x92\xef\xbc\x90\xef\xbc\x89"
	    "87654321", "020-87654321");		/* （０２０） */
	OK("0755 12345678", "0755-12345678");
	OK("0755-1234567", "0755-1234567");
	OK("075512345678", "0755-12345678");
	OK("0571-88776655", "0571-88776655");
	OK("0571.8877.6655", "0571-88776655");
	OK("+86 10 12345678", "010-12345678");
	OK("+86-755-12345678", "0755-12345678");
	OK("+86 (0)755 12345678", "0755-12345678");
	OK("0086 21 87654321", "021-87654321");
	OK("(+86)10-1234567", "010-1234567");
	/* The written split loses to the area-code rule; same digits. */
	OK("075-51234567", "0755-1234567");

	/* Refusals, each with its reason. */
	BAD("", "empty");
	BAD("   ", "empty");
	BAD("\xe3\x80\x80", "empty");
	T_INTEQ(phone_norm(NULL, 0, out, err, 1), -1);
	T_STREQ(err, "phone is empty");

	/*
	 * Messages mask the digits but the first 3 and the last 4 unless
	 * shown (--verbose); a masked message says the same about the field.
	 */
	T_INTEQ(phone_norm("13800138000/13900139000", 23, out, err, 0), -1);
	T_STREQ(err, "phone \"138********/*******9000\" holds more than one "
	    "number");
	T_INTEQ(phone_norm("13800138000/13900139000", 23, out, err, 1), -1);
	T_STREQ(err, "phone \"13800138000/13900139000\" holds more than one "
	    "number");
	T_INTEQ(phone_norm("010-12345678\xe8\xbd\xac" "123", 18, out, err, 0),
	    -1);
	T_STREQ(err, "phone \"010-*******8\xe8\xbd\xac" "123\" has an "
	    "extension");
	T_INTEQ(phone_norm("1380013800", 10, out, err, 0), -1);
	T_STREQ(err, "phone \"138***3800\" has 10 digits");
	T_INTEQ(phone_norm("1.38001E+10", 11, out, err, 0), -1);
	T_STREQ(err, "phone \"1.38*01E+10\" is in scientific notation "
	    "(digits lost in Excel)");
	T_INTEQ(phone_norm("138 1234", 8, out, err, 0), -1);
	T_OK(strstr(err, "\"138 ****\"") != NULL);
	/* １３８００１３８００: full-width digits are digits too */
	T_INTEQ(phone_norm("\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xef\xbc\x90"
	    "\xef\xbc\x90\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xef\xbc\x90"
	    "\xef\xbc\x90", 30, out, err, 0), -1);
	T_STREQ(err, "phone \"\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98***"
	    "\xef\xbc\x93\xef\xbc\x98\xef\xbc\x90\xef\xbc\x90\" has 10 "
	    "digits");
	/* A number that parses is the same with or without show. */
	T_INTEQ(phone_norm("138 0013 8000", 13, out, err, 0), 0);
	T_STREQ(out, "13800138000");
	BAD("138abc", "letters");
	BAD("abc", "letters");
	BAD("N/A", "letters");
	BAD("\xe6\x97\xa0", "letters");			/* 无 */
	/* 手机13800138000 */
	BAD("\xe6\x89\x8b\xe6\x9c\xba" "13800138000", "letters");
	BAD("1380013800", "10 digits");
	BAD("138001380001", "12 digits");
	BAD("1380", "4 digits");
	BAD("1380013800.0", "10 digits");	/* a float, not a dot */
	BAD("861380013800.0", "12 digits");
	BAD("1012345678.0", "10 digits");	/* Excel ate the 0 */
	BAD("13800138000.5", "12 digits");
	BAD("+86 138001380", "9 digits after +86");
	BAD("12345678901", "not a mobile");
	BAD("10012345678", "not a mobile");
	BAD("13800138000/13900139000", "more than one number");
	BAD("13800138000,13900139000", "more than one number");
	BAD("13800138000\xef\xbc\x9b" "13900139000", "more than one number");
	BAD("13800138000\xe3\x80\x81" "13900139000", "more than one number");
	BAD("13800138000\n13900139000", "more than one number");
	BAD("13800138000 13900139000", "more than one number");
	BAD("010-12345678 13800138000", "more than one number");
	BAD("(010)12345678 (021)87654321", "more than one number");
	BAD("010-12345678\xe8\xbd\xac" "123", "extension");	/* 转 */
	BAD("010-12345678\xe5\x88\x86\xe6\x9c\xba" "123", "extension");
	BAD("010-12345678 ext. 123", "extension");
	BAD("010-12345678 EXT123", "extension");
	BAD("010-12345678x123", "extension");
	BAD("010-12345678 X 123", "extension");
	BAD("Mr. X 13800138000", "letters");
	BAD("010-12345678-123", "extension");
	BAD("0755-1234567-8001", "extension");
	BAD("1.38001E+10", "scientific notation");
	BAD("1.38E10", "scientific notation");
	BAD("1.38001e+10", "scientific notation");
	BAD("13800138000E0", "scientific notation");
	BAD("+1 415 555 1234", "not a mainland China number");
	BAD("+852 2345 6789", "not a mainland China number");
	BAD("001 415 555 1234", "not a mainland China number");
	BAD("0111234567", "unknown area code");
	BAD("87654321", "8 digits and no area code");
	BAD("7654321", "7 digits and no area code");
	BAD("12345678", "has 8 digits");
	BAD("0755-123456", "10 digits");
	BAD("010-123456789", "12 digits");
	BAD("#13800138000", "unexpected character '#'");
	BAD("13800138000/", "unexpected character '/'");
	BAD("138+00138000", "'+' inside");
	BAD("+86+13800138000", "'+' inside");
	BAD("-", "no digits");
	BAD("()", "no digits");
	BAD("0123456789012345678901234567890123456789", "40 digits");
	BAD("01234567890123456789012345678901234567890123456789",
	    "50 digits");

	/* The value in a message: escaped, and cut short when long. */
	T_INTEQ(norm("13800138000\"", out, err), -1);
	T_STREQ(err, "phone \"13800138000\\\"\" has an unexpected "
	    "character '\\\"'");
	T_INTEQ(norm("138\t\x01" "abc", out, err), -1);
	T_STREQ(err, "phone \"138\\t\\x01abc\" has letters");
	T_INTEQ(norm("01234567890123456789012345678901234567890123456789",
	    out, err), -1);
	T_STREQ(err, "phone \"0123456789012345678901234567890123456...\" "
	    "has 50 digits");
	T_INTEQ(norm("\xe7\x94\xb5\xe8\xaf\x9d\xe7\x94\xb5\xe8\xaf\x9d"
	    "\xe7\x94\xb5\xe8\xaf\x9d\xe7\x94\xb5\xe8\xaf\x9d"
	    "\xe7\x94\xb5\xe8\xaf\x9d\xe7\x94\xb5\xe8\xaf\x9d"
	    "\xe7\x94\xb5\xe8\xaf\x9d\xe7\x94\xb5\xe8\xaf\x9d", out, err), -1);
	T_STREQ(err, "phone \"\xe7\x94\xb5\xe8\xaf\x9d\xe7\x94\xb5\xe8\xaf\x9d"
	    "\xe7\x94\xb5\xe8\xaf\x9d\xe7\x94\xb5\xe8\xaf\x9d"
	    "\xe7\x94\xb5\xe8\xaf\x9d\xe7\x94\xb5\xe8\xaf\x9d"
	    "...\" has letters");
	T_INTEQ(norm("1380013800", out, err), -1);
	T_STREQ(err, "phone \"1380013800\" has 10 digits");
	T_INTEQ(norm("1.38001E+10", out, err), -1);
	T_STREQ(err, "phone \"1.38001E+10\" is in scientific notation "
	    "(digits lost in Excel)");

	/* Cut-off input: the length is the end, whatever follows it. */
	T_INTEQ(norm_len("13800138000999", 11, out, err), 0);
	T_STREQ(out, "13800138000");
	T_INTEQ(norm_len("1380013800\xef\xbc\x90", 12, out, err), -1);
	T_INTEQ(norm_len("1380013800\xef\xbc\x90", 13, out, err), 0);
	T_STREQ(out, "13800138000");
	T_INTEQ(norm_len("13800138000.0", 12, out, err), 0);
	T_STREQ(out, "13800138000");

	/* phone_is_mobile */
	T_INTEQ(phone_is_mobile("13800138000"), 1);
	T_INTEQ(phone_is_mobile("19999999999"), 1);
	T_INTEQ(phone_is_mobile("12345678901"), 0);
	T_INTEQ(phone_is_mobile("1380013800"), 0);
	T_INTEQ(phone_is_mobile("138001380001"), 0);
	T_INTEQ(phone_is_mobile("1380013800a"), 0);
	T_INTEQ(phone_is_mobile("010-12345678"), 0);
	T_INTEQ(phone_is_mobile(""), 0);
	T_INTEQ(phone_is_mobile(NULL), 0);

	/* phone_mask */
	phone_mask("13812341234", out);
	T_STREQ(out, "138****1234");
	phone_mask("0755-12345678", out);
	T_STREQ(out, "0755-****5678");
	phone_mask("0755-1234567", out);
	T_STREQ(out, "0755-***4567");
	phone_mask("010-1234567", out);
	T_STREQ(out, "010-***4567");
	phone_mask("010-12345678", out);
	T_STREQ(out, "010-****5678");
	phone_mask("12345", out);
	T_STREQ(out, "*2345");
	phone_mask("1234", out);
	T_STREQ(out, "1234");
	phone_mask("", out);
	T_STREQ(out, "");
	phone_mask(NULL, out);
	T_STREQ(out, "");
	phone_mask("12345678901", out);		/* no mobile: generic */
	T_STREQ(out, "*******8901");
	phone_mask("\xe7\x94\xb5\xe8\xaf\x9d" "12345", out);	/* 电话12345 */
	T_STREQ(out, "***2345");
	phone_mask("\xe7\x94\xb5\xe8\xaf\x9d\xe5\x8f\xb7\xe7\xa0\x81", out);
	T_STREQ(out, "\xe7\x94\xb5\xe8\xaf\x9d\xe5\x8f\xb7\xe7\xa0\x81");
	phone_mask("123456789012345678901234567890", out);
	T_STREQ(out, "*******************7890");
	T_INTEQ(strlen(out), PHONE_MAX - 1);
	T_OK(phone_norm("0755 1234 5678", 14, out, err, 1) == 0);
	phone_mask(out, err);
	T_STREQ(err, "0755-****5678");

	/* Random numbers, random separators: back to the digits. */
	T_INTEQ(fuzz_mobiles(&st, 20000), 0);
	T_INTEQ(fuzz_landlines(&st, 20000), 0);
	T_INTEQ(fuzz_bytes(&st, 50000), 0);

	return t_done("test_phone");
}
