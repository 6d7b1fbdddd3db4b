/*
 * test_text.c: UTF-8 decoding and validation, blanks, trimming and
 * quoting for messages.  Inputs are copied into buffers of exactly their
 * length, without a NUL, so that the sanitized build catches a read past
 * the end; u8_valid is run with the bad byte at every offset around its
 * eight-byte steps.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"
#include "t.h"

static unsigned char *
alloc(size_t len)
{
	unsigned char *p;

	if ((p = malloc(len > 0 ? len : 1)) == NULL) {
		perror("malloc");
		exit(2);
	}
	return p;
}

/* A copy of s[0..len) in a buffer of exactly len bytes (1 if 0). */
static unsigned char *
dup_exact(const char *s, size_t len)
{
	unsigned char *p;

	p = alloc(len);
	memcpy(p, s, len);
	return p;
}

#define DEC(s, len, c, n)	dec_at((s), (len), (c), (n), __LINE__)

/* u8_decode on an exact copy: code point c, length n. */
static void
dec_at(const char *s, size_t len, long c, size_t n, int line)
{
	unsigned char *p;
	size_t got = 99;

	p = dup_exact(s, len);
	t_inteq(u8_decode(p, len, &got), c, s, __FILE__, line);
	t_inteq(got, n, s, __FILE__, line);
	free(p);
}

static void
test_decode(void)
{
	/* 1 to 4 bytes, and each length's first and last code point. */
	DEC("A", 1, 'A', 1);
	DEC("\x00", 1, 0, 1);
	DEC("\x7f", 1, 0x7f, 1);
	DEC("\xc2\x80", 2, 0x80, 2);
	DEC("\xc2\xa0", 2, 0xa0, 2);
	DEC("\xdf\xbf", 2, 0x7ff, 2);
	DEC("\xe0\xa0\x80", 3, 0x800, 3);
	DEC("中", 3, 0x4e2d, 3);
	DEC("\xe3\x80\x80", 3, 0x3000, 3);
	DEC("\xed\x9f\xbf", 3, 0xd7ff, 3);
	DEC("\xee\x80\x80", 3, 0xe000, 3);
	DEC("\xef\xbf\xbf", 3, 0xffff, 3);
	DEC("\xf0\x90\x80\x80", 4, 0x10000, 4);
	DEC("\xf0\x9f\x98\x80", 4, 0x1f600, 4);
	DEC("\xf4\x8f\xbf\xbf", 4, 0x10ffff, 4);
	/* Only the first character counts. */
	DEC("中文", 6, 0x4e2d, 3);
	DEC("ab", 2, 'a', 1);

	/* Overlong forms. */
	DEC("\xc0\x80", 2, -1, 1);
	DEC("\xc1\xbf", 2, -1, 1);
	DEC("\xe0\x80\x80", 3, -1, 1);
	DEC("\xe0\x9f\xbf", 3, -1, 1);
	DEC("\xf0\x80\x80\x80", 4, -1, 1);
	DEC("\xf0\x8f\xbf\xbf", 4, -1, 1);
	/* Surrogates. */
	DEC("\xed\xa0\x80", 3, -1, 1);
	DEC("\xed\xb2\x80", 3, -1, 1);
	DEC("\xed\xbf\xbf", 3, -1, 1);
	/* Beyond U+10FFFF, and bytes that never start a character. */
	DEC("\xf4\x90\x80\x80", 4, -1, 1);
	DEC("\xf5\x80\x80\x80", 4, -1, 1);
	DEC("\xf8\x88\x80\x80\x80", 5, -1, 1);
	DEC("\xfe", 1, -1, 1);
	DEC("\xff", 1, -1, 1);
	DEC("\x80", 1, -1, 1);
	DEC("\xbf\xbf", 2, -1, 1);
	/* A continuation byte missing. */
	DEC("\xc2\x41", 2, -1, 1);
	DEC("\xe4\xb8\x41", 3, -1, 1);
	DEC("\xe4\x41\xad", 3, -1, 1);
	DEC("\xf0\x9f\x98\x41", 4, -1, 1);
	DEC("\xe4\xb8\xc2\xa0", 4, -1, 1);

	/* Cut off by the length, in buffers that end there. */
	DEC("\xc2", 1, -1, 1);
	DEC("\xe4", 1, -1, 1);
	DEC("\xe4\xb8", 2, -1, 1);
	DEC("\xf0", 1, -1, 1);
	DEC("\xf0\x9f", 2, -1, 1);
	DEC("\xf0\x9f\x98", 3, -1, 1);
	/* ... and by a length shorter than the bytes there. */
	DEC("中", 2, -1, 1);
	DEC("\xf0\x9f\x98\x80", 3, -1, 1);
}

#define VALID(s, len, want, bad)	valid_at((s), (len), (want), (bad), \
					    __LINE__)

/*
 * u8_valid on an exact copy, at every alignment from 0 to 7 so that
 * the eight-byte loads start anywhere: want, and bad when want is 0.
 */
static void
valid_at(const char *s, size_t len, int want, size_t bad, int line)
{
	unsigned char *p;
	size_t a, got;

	for (a = 0; a < 8; a++) {
		p = alloc(len + a);
		memcpy(p + a, s, len);
		got = 12345;
		t_inteq(u8_valid((const char *)p + a, len, &got), want, s,
		    __FILE__, line);
		t_inteq(got, want ? 12345 : bad, s, __FILE__, line);
		t_inteq(u8_valid((const char *)p + a, len, NULL), want, s,
		    __FILE__, line);
		free(p);
	}
}

static void
test_valid(void)
{
	char buf[128];
	size_t k, n;
	int i;

	VALID("", 0, 1, 0);
	VALID("a", 1, 1, 0);
	VALID("phone\t13800138000\r\n", 19, 1, 0);
	VALID("中文", 6, 1, 0);
	VALID("客户回访\t2026年11月3日\t¥1,580.10\n", 41, 1, 0);
	VALID("\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 8, 1, 0);
	VALID("\0\0\0\0\0\0\0\0\0", 9, 1, 0);

	VALID("\xff", 1, 0, 0);
	VALID("\x80", 1, 0, 0);
	VALID("ab\xff\xfe", 4, 0, 2);
	VALID("abc\xed\xa0\x80", 6, 0, 3);
	VALID("abc\xc0\x80", 5, 0, 3);
	VALID("abc\xe0\x80\x80", 6, 0, 3);
	VALID("abc\xf4\x90\x80\x80", 7, 0, 3);
	VALID("中\x80", 4, 0, 3);
	VALID("中\xe4\xb8", 5, 0, 3);
	VALID("中文\xe6\x97", 8, 0, 6);
	VALID("\xe4\xb8\x41\x41\x41\x41\x41\x41\x41\x41", 10, 0, 0);
	/* The first bad byte, not a later one. */
	VALID("abcdefgh\xc2\x41\xff", 11, 0, 8);

	/*
	 * k ASCII bytes, then a bad byte (or a cut-off character at the
	 * very end), for every k around the eight-byte steps.
	 */
	for (k = 0; k <= 40; k++) {
		memset(buf, 'a', k);
		VALID(buf, k, 1, 0);
		buf[k] = (char)0xff;
		memset(buf + k + 1, 'b', 20);
		VALID(buf, k + 21, 0, k);
		VALID(buf, k + 1, 0, k);
		memcpy(buf + k, "\xe4\xb8", 2);
		VALID(buf, k + 2, 0, k);
		memcpy(buf + k, "\xed\xa0\x80", 3);
		VALID(buf, k + 3, 0, k);
		/* A good character first, then ASCII, then the bad byte. */
		memcpy(buf, "中", 3);
		memset(buf + 3, 'c', k);
		buf[k + 3] = (char)0x80;
		VALID(buf, k + 4, 0, k + 3);
		buf[k + 3] = 'd';
		VALID(buf, k + 4, 1, 0);
	}

	/* Mixed text with a bad byte at a random place. */
	srand(7);
	for (i = 0; i < 200; i++) {
		for (n = 0; n < 90; n += 3)
			memcpy(buf + n, rand() & 1 ? "中" : "x\t1", 3);
		k = (size_t)rand() % n;
		/* Step back to a character's first byte. */
		while (k > 0 && ((unsigned char)buf[k] & 0xc0) == 0x80)
			k--;
		VALID(buf, n, 1, 0);
		buf[k] = (char)0xfe;
		VALID(buf, n, 0, k);
	}
}

#define BLANK(f, s, len, want)	blank_at_line((f), (s), (len), (want), \
				    __LINE__)

static void
blank_at_line(size_t (*f)(const unsigned char *, size_t), const char *s,
    size_t len, size_t want, int line)
{
	unsigned char *p;

	p = dup_exact(s, len);
	t_inteq(f(p, len), want, s, __FILE__, line);
	free(p);
}

static void
test_blanks(void)
{
	BLANK(text_blank_at, " x", 2, 1);
	BLANK(text_blank_at, "\tx", 2, 1);
	BLANK(text_blank_at, "\n", 1, 1);
	BLANK(text_blank_at, "\v", 1, 1);
	BLANK(text_blank_at, "\f", 1, 1);
	BLANK(text_blank_at, "\r", 1, 1);
	BLANK(text_blank_at, "\xc2\xa0x", 3, 2);
	BLANK(text_blank_at, "\xe3\x80\x80", 3, 3);		/* U+3000 */
	BLANK(text_blank_at, "\xef\xbb\xbf" "1", 4, 3);		/* BOM */
	BLANK(text_blank_at, "x ", 2, 0);
	BLANK(text_blank_at, "", 0, 0);
	BLANK(text_blank_at, "\0", 1, 0);
	BLANK(text_blank_at, "\x1f", 1, 0);
	BLANK(text_blank_at, "\xe2\x80\x83", 3, 0);		/* em space */
	BLANK(text_blank_at, "\xe2\x80\x8b", 3, 0);		/* zero width */
	BLANK(text_blank_at, "中", 3, 0);
	/* A blank cut off by the length is none. */
	BLANK(text_blank_at, "\xc2", 1, 0);
	BLANK(text_blank_at, "\xe3\x80", 2, 0);
	BLANK(text_blank_at, "\xef\xbb", 2, 0);

	BLANK(text_blank_before, "x ", 2, 1);
	BLANK(text_blank_before, "x\t", 2, 1);
	BLANK(text_blank_before, "x\r\n", 3, 1);
	BLANK(text_blank_before, "x\xc2\xa0", 3, 2);
	BLANK(text_blank_before, "x\xe3\x80\x80", 4, 3);
	BLANK(text_blank_before, "\xe3\x80\x80", 3, 3);
	BLANK(text_blank_before, "1\xef\xbb\xbf", 4, 3);
	BLANK(text_blank_before, " x", 2, 0);
	BLANK(text_blank_before, "", 0, 0);
	BLANK(text_blank_before, "中", 3, 0);
	/* The tail of a blank, without its head, is none. */
	BLANK(text_blank_before, "\xa0", 1, 0);
	BLANK(text_blank_before, "\x80\x80", 2, 0);
	BLANK(text_blank_before, "\xbb\xbf", 2, 0);
}

#define TRIM(s, len, off, want)	trim_at((s), (len), (off), (want), __LINE__)

/* text_trim leaves the value at s + off, and it is want. */
static void
trim_at(const char *s, size_t len, size_t off, const char *want, int line)
{
	const unsigned char *t;
	unsigned char *p;
	size_t n = len;

	p = dup_exact(s, len);
	t = p;
	text_trim(&t, &n);
	t_inteq(t - p, off, s, __FILE__, line);
	t_inteq(n, strlen(want), s, __FILE__, line);
	t_check(n == strlen(want) && memcmp(t, want, n) == 0, s, __FILE__,
	    line);
	free(p);
}

static void
test_trim(void)
{
	TRIM("abc", 3, 0, "abc");
	TRIM("  abc\t", 6, 2, "abc");
	TRIM("a b", 3, 0, "a b");
	TRIM("\xef\xbb\xbf" "138 0013 8000\r\n", 18, 3, "138 0013 8000");
	TRIM("\xe3\x80\x80中 文\xe3\x80\x80", 13, 3, "中 文");
	TRIM(" \t\xc2\xa0\xe3\x80\x80\xef\xbb\xbf" "1\v\f\xc2\xa0", 15, 10,
	    "1");
	TRIM("   ", 3, 3, "");
	TRIM("\xe3\x80\x80\xc2\xa0", 5, 5, "");
	TRIM("", 0, 0, "");
	/* A broken blank is no blank. */
	TRIM("\xe3\x80x\xe3\x80", 5, 0, "\xe3\x80x\xe3\x80");
}

#define QUOTE(s, len, want)	quote_at((s), (len), (want), __LINE__)

/* text_quote of an exact copy into a buffer of exactly its size. */
static void
quote_at(const char *s, size_t len, const char *want, int line)
{
	unsigned char *p;
	char *q;

	p = dup_exact(s, len);
	q = (char *)alloc(TEXT_QUOTE_MAX + 1);
	text_quote((const char *)p, len, q);
	t_streq(q, want, s, __FILE__, line);
	free(q);
	free(p);
}

/*
 * text_quote as its comment in text.h says it, one character at a time,
 * to hold the real one against on random input.
 */
static void
ref_quote(const char *s, size_t len, char *out)
{
	char esc[64][8];
	size_t i, k, n, total = 0, o = 0;
	long c;

	for (i = 0, k = 0; i < len; i += n, k++) {
		c = u8_decode((const unsigned char *)s + i, len - i, &n);
		if (c == '"' || c == '\\')
			snprintf(esc[k], 8, "\\%c", (int)c);
		else if (c == '\t')
			strcpy(esc[k], "\\t");
		else if (c == '\n')
			strcpy(esc[k], "\\n");
		else if (c == '\r')
			strcpy(esc[k], "\\r");
		else if (c < 0x20 || c == 0x7f)
			snprintf(esc[k], 8, "\\x%02x", (unsigned char)s[i]);
		else {
			memcpy(esc[k], s + i, n);
			esc[k][n] = '\0';
		}
		total += strlen(esc[k]);
	}
	n = k;
	out[0] = '\0';
	for (k = 0; k < n; k++) {
		if (o + strlen(esc[k]) > (total <= TEXT_QUOTE_MAX ?
		    TEXT_QUOTE_MAX : TEXT_QUOTE_MAX - 3)) {
			strcat(out, "...");
			break;
		}
		strcat(out, esc[k]);
		o += strlen(esc[k]);
	}
}

static void
test_quote(void)
{
	char buf[128], want[128], q[TEXT_QUOTE_MAX + 1];
	size_t i, n;
	int j;

	QUOTE("", 0, "");
	QUOTE("abc", 3, "abc");
	QUOTE("中文 ok", 9, "中文 ok");
	QUOTE("a\"b\\c", 5, "a\\\"b\\\\c");
	QUOTE("\t\n\r", 3, "\\t\\n\\r");
	QUOTE("\x01\x1f\x7f", 3, "\\x01\\x1f\\x7f");
	QUOTE("a\0b", 3, "a\\x00b");
	/* Broken bytes, each on its own. */
	QUOTE("\xff", 1, "\\xff");
	QUOTE("x\xe4\xb8", 3, "x\\xe4\\xb8");
	QUOTE("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");
	QUOTE("\xc0\x80", 2, "\\xc0\\x80");
	/* Other characters as they are. */
	QUOTE("\xc2\xa0\xe3\x80\x80", 5, "\xc2\xa0\xe3\x80\x80");
	QUOTE("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80");

	/* 40 bytes fit; 41 are cut to 37 and "...". */
	memset(buf, 'a', 41);
	QUOTE(buf, 40, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	QUOTE(buf, 41, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");
	QUOTE(buf, 100, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");
	/* The escapes count: 38 + 2 fit, 39 + 2 do not. */
	buf[38] = '"';
	QUOTE(buf, 39, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\\"");
	buf[38] = 'a';
	buf[39] = '"';
	QUOTE(buf, 40, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");
	/* An escape is never cut in two: 36 + "\t" is 38 > 37. */
	memset(buf, 'a', 36);
	memcpy(buf + 36, "\tbbb", 4);
	QUOTE(buf, 40, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");
	memcpy(buf + 35, "\x01zzzzz", 6);
	QUOTE(buf, 41, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...");

	/* 40 bytes of Chinese (and one letter) fit exactly. */
	QUOTE("x中中中中中中中中中中中中中", 40, "x中中中中中中中中中中中中中");
	QUOTE("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	    "\xf0\x9f\x98\x80", 40,
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
	    "\xf0\x9f\x98\x80");
	/* Over 40, cut before the character that would pass 37. */
	QUOTE("中中中中中中中中中中中中中中", 42,
	    "中中中中中中中中中中中中...");
	QUOTE("ab中中中中中中中中中中中中中", 41,
	    "ab中中中中中中中中中中中...");
	QUOTE("abc中中中中中中中中中中中中中", 42,
	    "abc中中中中中中中中中中中...");
	/* A cut-off character at the end is escaped, not completed. */
	QUOTE("中中中中中中中中中中中中\xe4\xb8", 38,
	    "中中中中中中中中中中中中...");

	/* Random bytes, the NUL too, against the rules written out again. */
	srand(11);
	for (j = 0; j < 5000; j++) {
		n = (size_t)rand() % 60;
		for (i = 0; i < n; i++)
			buf[i] = rand() % 3 == 0 ?
			    "\t\"\\\xe4\xb8\xad\xff\x80"[rand() % 9] :
			    (char)(rand() % 256);
		ref_quote(buf, n, want);
		text_quote(buf, n, q);
		T_STREQ(q, want);
		T_OK(strlen(q) <= TEXT_QUOTE_MAX);
		/* Invalid bytes are escaped, so a quote is valid UTF-8. */
		T_OK(u8_valid(q, strlen(q), NULL));
	}
}

static void
test_seterr(void)
{
	char err[FU_ERRBUF], big[FU_ERRBUF + 50];

	fu_seterr(NULL, "ignored %d", 1);
	fu_seterr(err, "amount \"%s\" is %d", "x", 7);
	T_STREQ(err, "amount \"x\" is 7");
	/* Cut to the buffer, and still a string. */
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fu_seterr(err, "%s", big);
	T_INTEQ(strlen(err), FU_ERRBUF - 1);
}

int
main(void)
{
	test_decode();
	test_valid();
	test_blanks();
	test_trim();
	test_quote();
	test_seterr();
	return t_done("test_text");
}
