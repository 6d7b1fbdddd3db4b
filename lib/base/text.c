/*
 * text.c: UTF-8, blanks and quoting for the parsers; see text.h.
 *
 * One copy for phone, money and the readers, so that "a blank" and
 * "the value as written" mean the same in every message.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

/* Every byte's high bit, for eight bytes at once. */
#define HIGH_BITS	UINT64_C(0x8080808080808080)

static size_t	escape(const unsigned char *, size_t, size_t *, char *);

/*
 * A byte that starts no valid sequence gives length 1, so that a caller
 * always moves on, and a sequence cut off at the end of the field is
 * never completed from the bytes beyond it.
 */
long
u8_decode(const unsigned char *s, size_t len, size_t *n)
{
	size_t i, k;
	long c;

	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		c = s[0] & 0x07;
	} else
		return -1;
	if (len < k)
		return -1;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*n = k;
	return c;
}

/*
 * Run over every byte of the input, which is mostly ASCII even in
 * Chinese exports (digits, tabs, dates): such runs are checked eight
 * bytes to a load, and only the rest is decoded.
 */
int
u8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w;
	size_t i = 0, n;

	while (i < len) {
		if (u[i] < 0x80) {
			/*
			 * memcpy, not a cast: s need not be aligned.  The run
			 * ends at the lowest high bit of the word (runs between
			 * Chinese words are short: ",2026-11-03,").
			 */
			if (len - i >= 8) {
				memcpy(&w, u + i, 8);
				w &= HIGH_BITS;
				i += w == 0 ? 8 : (size_t)__builtin_ctzll(w) >> 3;
				continue;
			}
			while (i < len && u[i] < 0x80)
				i++;
			continue;
		}
		/*
		 * Chinese text is mostly three-byte characters with leads
		 * E1-EC or EE-EF, which need no overlong or surrogate check.
		 */
		if (len - i >= 3 && ((u[i] >= 0xe1 && u[i] <= 0xec) ||
		    u[i] == 0xee || u[i] == 0xef) && (u[i + 1] & 0xc0) == 0x80 &&
		    (u[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		if (u8_decode(u + i, len - i, &n) < 0) {
			if (bad != NULL)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

size_t
text_blank_at(const unsigned char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
		return 1;
	if (len >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (len >= 3 && ((s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80) ||
	    (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)))
		return 3;
	return 0;
}

size_t
text_blank_before(const unsigned char *s, size_t len)
{
	size_t k;

	for (k = 1; k <= 3 && k <= len; k++)
		if (text_blank_at(s + len - k, k) == k)
			return k;
	return 0;
}

void
text_trim(const unsigned char **s, size_t *len)
{
	const unsigned char *p = *s;
	size_t k, n = *len;

	/*
	 * No blank can start with a byte above ' ' other than C2 (U+00A0),
	 * E3 (U+3000) and EF (U+FEFF), or end with one other than A0, 80
	 * and BF: most fields are done at a glance.
	 */
	if (n == 0 || (p[0] > ' ' && p[0] != 0xc2 && p[0] != 0xe3 &&
	    p[0] != 0xef && p[n - 1] > ' ' && p[n - 1] != 0xa0 &&
	    p[n - 1] != 0x80 && p[n - 1] != 0xbf))
		return;

	while ((k = text_blank_at(*s, *len)) > 0) {
		*s += k;
		*len -= k;
	}
	while ((k = text_blank_before(*s, *len)) > 0)
		*len -= k;
}

/*
 * One character of s as it goes into a message: a tab, a quote or a
 * broken byte must not break the message line.  Returns its length in
 * buf (at most 4, and buf has 5 bytes); *n is what it used of s.
 */
static size_t
escape(const unsigned char *s, size_t len, size_t *n, char *buf)
{
	long c;

	c = u8_decode(s, len, n);
	if (c == '"' || c == '\\') {
		buf[0] = '\\';
		buf[1] = (char)c;
		return 2;
	}
	if (c == '\t' || c == '\n' || c == '\r') {
		buf[0] = '\\';
		buf[1] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
		return 2;
	}
	if (c < 0x20 || c == 0x7f) {
		snprintf(buf, 5, "\\x%02x", s[0]);
		return 4;
	}
	memcpy(buf, s, *n);
	return *n;
}

/*
 * Cut so that a runaway field cannot flood the terminal.  The first pass
 * only measures, to know whether the "..." is needed, and so whether
 * the value has TEXT_QUOTE_MAX bytes or 3 fewer.
 */
void
text_quote(const char *s, size_t len, char *q)
{
	const unsigned char *u = (const unsigned char *)s;
	char buf[5];
	size_t i, n, k, o, total, lim;

	total = 0;
	for (i = 0; i < len && total <= TEXT_QUOTE_MAX; i += n)
		total += escape(u + i, len - i, &n, buf);
	lim = total <= TEXT_QUOTE_MAX ? TEXT_QUOTE_MAX : TEXT_QUOTE_MAX - 3;
	o = 0;
	for (i = 0; i < len; i += n) {
		k = escape(u + i, len - i, &n, buf);
		if (o + k > lim)
			break;
		memcpy(q + o, buf, k);
		o += k;
	}
	if (i < len) {
		memcpy(q + o, "...", 3);
		o += 3;
	}
	q[o] = '\0';
}

void
text_lazy_init(struct text_lazy *l, const char *s, size_t len)
{
	l->s = s;
	l->len = len;
	l->done = 0;
}

const char *
text_lazy_quote(struct text_lazy *l)
{
	if (!l->done) {
		text_quote(l->s, l->len, l->q);
		l->done = 1;
	}
	return l->q;
}

/*
 * A header as compared with the aliases: blanks (also inside) and a
 * trailing "*" or "(元)" dropped, ASCII letters lowercased.
 */
void
text_norm_name(const char *s, size_t n, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, k, cut;

	while (i < n && o + 5 < size) {
		if ((k = text_blank_at(p + i, n - i)) > 0) {
			i += k;
			continue;
		}
		out[o++] = (char)tolower(p[i]);
		i++;
	}
	out[o] = '\0';
	/* Drop a trailing mark of a required column, or the unit. */
	while (o > 0 && out[o - 1] == '*')
		out[--o] = '\0';
	cut = 0;
	if (o >= 5 && strcmp(out + o - 5, "(元)") == 0)
		cut = 5;
	else if (o >= 9 && strcmp(out + o - 9, "（元）") == 0)
		cut = 9;
	out[o - cut] = '\0';
}

char *
text_find_byte(char *p, char *end, int c)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	const uint64_t pattern = ones * (unsigned char)c;
	uint64_t w, t;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		w ^= pattern;
		/* The lowest byte flagged is exact: a zero byte of w. */
		if ((t = (w - ones) & ~w & highs) != 0)
			return p + (__builtin_ctzll(t) >> 3);
		p += 8;
	}
	while (p < end && *p != (char)c)
		p++;
	return p;
}

size_t
text_tabs(const char *s, size_t len, uint32_t *end, size_t max)
{
	const uint64_t lows = 0x7f7f7f7f7f7f7f7fULL;
	const uint64_t tabs = 0x0909090909090909ULL;
	size_t i = 0, nf = 0, at;
	uint64_t w, t;

	if (max == 0) {
		/* Only counted: the tabs of a word at once. */
		for (; i + 8 <= len; i += 8) {
			memcpy(&w, s + i, 8);
			w ^= tabs;
			t = ~(((w & lows) + lows) | w | lows);
			/*
			 * At most one bit a byte: their sum by a multiply,
			 * not __builtin_popcountll, which without -mpopcnt is
			 * a libgcc call (27% of a single append to a 1M-line
			 * log).
			 */
			nf += (size_t)(((t >> 7) * 0x0101010101010101ULL) >> 56);
		}
		for (; i < len; i++)
			nf += s[i] == '\t';
		return nf + 1;
	}
	/* Eight bytes at a time, every tab of a word found at once. */
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		w ^= tabs;
		/* Exact: the high bit of each byte of w that is zero. */
		t = ~(((w & lows) + lows) | w | lows);
		while (t != 0) {
			at = i + ((size_t)__builtin_ctzll(t) >> 3);
			if (nf < max)
				end[nf] = (uint32_t)at;
			nf++;
			t &= t - 1;
		}
	}
	for (; i < len; i++)
		if (s[i] == '\t') {
			if (nf < max)
				end[nf] = (uint32_t)i;
			nf++;
		}
	if (nf < max)
		end[nf] = (uint32_t)len;
	return nf + 1;
}
