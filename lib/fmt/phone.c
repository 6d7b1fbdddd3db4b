/*
 * phone.c: phone numbers as people and spreadsheets write them, made into
 * the one form the contacts and the call log key on; see phone.h.
 *
 * The whole field is scanned before anything is decided: the digits are
 * collected together with the separators between them, so that a second
 * number, an extension or a country code can be told from a typo, and the
 * message can say which it is.  The input is (pointer, length) and is
 * never read past its length.
 */
#include <string.h>

#include "base/err.h"
#include "fmt/phone.h"
#include "base/text.h"

#define MAXDIG		32	/* digits kept; more are only counted */

/* What a character is, to a phone number. */
enum {
	K_DIGIT, K_SPACE, K_DASH, K_DOT, K_OPEN, K_CLOSE, K_PLUS,
	K_LIST, K_LETTER, K_OTHER
};

/* What classify() made of the digits. */
enum {
	P_OK, P_COUNT, P_MOBILE, P_AREA, P_ABROAD, P_NOAREA
};

struct scan {
	char		 d[MAXDIG];	/* the digits, in ASCII */
	size_t		 end[MAXDIG];	/* offset just past each digit */
	unsigned	 sep[MAXDIG];	/* 1 << K_ of separators before it */
	size_t		 nd;		/* digits seen, also past MAXDIG */
	int		 plus;		/* a '+' before the first digit */
	int		 badplus;	/* a '+' after one, or a second '+' */
	int		 letters;
	int		 multi;		/* a list separator between digits */
	size_t		 otheroff;	/* first stray character: where */
	size_t		 otherlen;	/* and how long; 0 if none */
};

static int	norm(const char *, size_t, char *, char *, int, int);

static int
kind(long c, int *v)
{
	if (c >= '0' && c <= '9') {
		*v = (int)(c - '0');
		return K_DIGIT;
	}
	if (c >= 0xff10 && c <= 0xff19) {		/* ０-９ */
		*v = (int)(c - 0xff10);
		return K_DIGIT;
	}
	switch (c) {
	case ' ': case '\t': case '\v': case '\f':
	case 0xa0: case 0x200b: case 0x3000: case 0xfeff:
		return K_SPACE;
	case '-': case 0x2010: case 0x2011: case 0x2012: case 0x2013:
	case 0x2014: case 0x2015: case 0x2212: case 0xfe63: case 0xff0d:
		return K_DASH;
	case '.': case 0xff0e:
		return K_DOT;
	case '(': case 0xff08:
		return K_OPEN;
	case ')': case 0xff09:
		return K_CLOSE;
	case '+': case 0xff0b:
		return K_PLUS;
	/* How people put two numbers in one cell (a newline: Alt-Enter). */
	case '/': case ',': case ';': case '|': case '\\': case '\n':
	case '\r': case 0x3001: case 0xff0c: case 0xff0f: case 0xff1b:
	case 0xff5c:
		return K_LIST;
	}
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	    (c >= 0x3040 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff21 && c <= 0xff3a) ||
	    (c >= 0xff41 && c <= 0xff5a) || c >= 0x20000)
		return K_LETTER;
	return K_OTHER;
}

static void
scan(const unsigned char *s, size_t len, struct scan *sc)
{
	size_t i, n, listoff = 0, listlen = 0;
	unsigned seps = 0;
	long c;
	int k, v = 0;

	memset(sc, 0, sizeof(*sc));
	for (i = 0; i < len; i += n) {
		c = u8_decode(s + i, len - i, &n);
		k = kind(c, &v);
		switch (k) {
		case K_DIGIT:
			if (listlen > 0) {
				sc->multi = 1;
				listlen = 0;
			}
			if (sc->nd < MAXDIG) {
				sc->d[sc->nd] = (char)('0' + v);
				sc->end[sc->nd] = i + n;
				sc->sep[sc->nd] = seps;
			}
			sc->nd++;
			seps = 0;
			break;
		case K_PLUS:
			if (sc->nd > 0 || sc->plus)
				sc->badplus = 1;
			sc->plus = 1;
			seps |= 1u << k;
			break;
		case K_LIST:
			if (sc->nd > 0 && listlen == 0) {
				listoff = i;
				listlen = n;
			} else if (sc->nd == 0 && sc->otherlen == 0) {
				sc->otheroff = i;
				sc->otherlen = n;
			}
			break;
		case K_LETTER:
			sc->letters = 1;
			break;
		case K_OTHER:
			if (sc->otherlen == 0) {
				sc->otheroff = i;
				sc->otherlen = n;
			}
			break;
		default:
			seps |= 1u << k;
			break;
		}
	}
	/* A list separator with no number after it is just a stray one. */
	if (listlen > 0 && sc->otherlen == 0) {
		sc->otheroff = listoff;
		sc->otherlen = listlen;
	}
}

/* Bounded, ASCII-case-blind: does s[i..) begin with pat? */
static int
has_at(const unsigned char *s, size_t len, size_t i, const char *pat)
{
	size_t k, n = strlen(pat);

	if (i > len || len - i < n)
		return 0;
	for (k = 0; k < n; k++) {
		unsigned char a = s[i + k], b = (unsigned char)pat[k];

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * An extension ("转123", "分机123", "ext 123", "x123") is a separate
 * thing to dial after connecting; kept as part of the number it would
 * make a wrong number, dropped it would lose information, so the field
 * is refused and the message says why.
 */
static int
extension(const unsigned char *s, size_t len)
{
	size_t i, j;

	for (i = 0; i < len; i++) {
		/* Most bytes start none of the words: look at the first. */
		if (s[i] == 0xe8 || s[i] == 0xe5 || s[i] == 'e' || s[i] == 'E') {
			/* 转, 分机 */
			if (has_at(s, len, i, "\xe8\xbd\xac") ||
			    has_at(s, len, i, "\xe5\x88\x86\xe6\x9c\xba"))
				return 1;
			if (has_at(s, len, i, "ext") &&
			    (i == 0 || !is_alpha(s[i - 1])))
				return 1;
		}
		if (s[i] != 'x' && s[i] != 'X')
			continue;
		/* x between digits: "12345678 x 123", not "Mr. X 138..." */
		for (j = i; j > 0 && (s[j - 1] == ' ' || s[j - 1] == '-'); j--)
			;
		if (j == 0 || (!is_digit(s[j - 1]) && s[j - 1] != ')'))
			continue;
		for (j = i + 1; j < len && (s[j] == ' ' || s[j] == '.' ||
		    s[j] == ':' || s[j] == '-'); j++)
			;
		if (j < len && is_digit(s[j]))
			return 1;
	}
	return 0;
}

/* Excel's scientific notation: 1.38001E+10, 1.38E10, 13800138000e0. */
static int
scientific(const unsigned char *s, size_t len)
{
	size_t i = 0, k;

	for (k = i; i < len && is_digit(s[i]); i++)
		;
	if (i == k)
		return 0;
	if (i < len && s[i] == '.')
		for (i++; i < len && is_digit(s[i]); i++)
			;
	if (i == len || (s[i] != 'e' && s[i] != 'E'))
		return 0;
	i++;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (k = i; i < len && is_digit(s[i]); i++)
		;
	return i > k && i == len;
}

/*
 * A number that went through Excel as a float: "13800138000.0", ".00".
 * Returns the length without the fraction, else len.  Excel drops a
 * leading 0, so such a value never begins with 0; and since the dot may
 * also be an ordinary separator, only a fraction of zeros is taken as
 * Excel's: "1380013800.0" is a 10-digit float, not a mobile cut by a dot.
 */
static size_t
excel_float(const unsigned char *s, size_t len)
{
	size_t i, dot;

	if (len == 0 || s[0] < '1' || s[0] > '9')
		return len;
	for (i = 0; i < len && is_digit(s[i]); i++)
		;
	if (i == len || s[i] != '.' || i + 1 == len)
		return len;
	for (dot = i++; i < len && s[i] == '0'; i++)
		;
	return i == len ? dot : len;
}

static int
is_mobile(const char *d, size_t n)
{
	size_t i;

	if (n != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
		return 0;
	for (i = 2; i < n; i++)
		if (!is_digit((unsigned char)d[i]))
			return 0;
	return 1;
}

/*
 * The digits, as a mobile or a landline, into out.  *cnt is the number
 * of digits after any country code (*intl set when there was one), for
 * the message when the count is wrong.
 */
static int
classify(const char *d, size_t n, int plus, char *out, size_t *cnt,
    int *intl)
{
	char buf[MAXDIG + 1];
	size_t alen;

	*intl = 0;
	if (plus) {
		if (n < 2 || d[0] != '8' || d[1] != '6') {
			*cnt = n;
			return P_ABROAD;
		}
		d += 2;
		n -= 2;
		*intl = 1;
	} else if (n >= 4 && memcmp(d, "0086", 4) == 0) {
		d += 4;
		n -= 4;
		*intl = 1;
	} else if (n == 13 && d[0] == '8' && d[1] == '6' &&
	    is_mobile(d + 2, 11)) {
		/* "86" alone is a country code only before a mobile. */
		d += 2;
		n -= 2;
	} else if (n == 12 && d[0] == '0' && is_mobile(d + 1, 11)) {
		/* 0 + mobile, as dialled from a landline in another city. */
		d++;
		n--;
	}
	*cnt = n;
	if (n == 0)
		return P_COUNT;
	/*
	 * Abroad, a landline is written without its trunk 0: restore it.
	 * After +86 a 1 begins a mobile, or 10 for Beijing.
	 */
	if (*intl && d[0] != '0' && !(d[0] == '1' && (n == 11 || n < 2 ||
	    d[1] != '0'))) {
		buf[0] = '0';
		memcpy(buf + 1, d, n);
		d = buf;
		n++;
	}
	if (d[0] == '1') {
		if (n != 11)
			return P_COUNT;
		if (!is_mobile(d, n))
			return P_MOBILE;
		memcpy(out, d, 11);
		out[11] = '\0';
		return P_OK;
	}
	if (d[0] != '0')
		return n == 7 || n == 8 ? P_NOAREA : P_COUNT;
	if (n >= 2 && d[1] == '0')
		return P_ABROAD;
	if (n < 10 || n > 12)
		return P_COUNT;
	/* The only area code 01x is 010 (Beijing). */
	if (d[1] == '1' && d[2] != '0')
		return P_AREA;
	/*
	 * 010 and 02x are the 3-digit codes, every other code has 4.  Where
	 * the field was written with a separator after the area code that
	 * split agrees with this rule for every real code; where it does not
	 * ("075-51234567"), the rule wins, as the digits dial the same.
	 */
	alen = d[1] == '1' || d[1] == '2' ? 3 : 4;
	if (n - alen < 7 || n - alen > 8)
		return P_COUNT;
	memcpy(out, d, alen);
	out[alen] = '-';
	memcpy(out + alen + 1, d + alen, n - alen);
	out[n + 1] = '\0';
	return P_OK;
}

/*
 * When the digits do not add up to one number, see whether they are two
 * numbers ("13800138000 13900139000") or a landline and an extension
 * ("010-12345678-123"), for a better message than a digit count.
 */
static int
second_look(const unsigned char *s, size_t len, const struct scan *sc,
    struct text_lazy *q, char *err)
{
	char tmp[PHONE_MAX], scratch[FU_ERRBUF];
	size_t k, last = 0, nd = sc->nd;

	if (nd > MAXDIG)
		return 0;
	for (k = 1; k < nd; k++) {
		if (sc->sep[k] == 0)
			continue;
		last = k;
		if (nd >= 20 && norm((const char *)s, sc->end[k - 1], tmp,
		    scratch, 0, 0) == 0 && norm((const char *)s +
		    sc->end[k - 1], len - sc->end[k - 1], tmp, scratch, 0,
		    0) == 0) {
			fu_seterr(err, "phone \"%s\" holds more than one "
			    "number", text_lazy_quote(q));
			return 1;
		}
	}
	if (last > 0 && (sc->sep[last] & 1u << K_DASH) && nd - last <= 6 &&
	    norm((const char *)s, sc->end[last - 1], tmp, scratch, 0, 0) == 0 &&
	    tmp[0] == '0') {
		fu_seterr(err, "phone \"%s\" has an extension",
		    text_lazy_quote(q));
		return 1;
	}
	return 0;
}

static int
parse(const unsigned char *s, size_t len, char *out, char *err,
    struct text_lazy *q, int outer)
{
	struct scan sc;
	char c[TEXT_QUOTE_MAX + 1];
	size_t cnt;
	int intl, r;

	scan(s, len, &sc);
	if (sc.letters) {
		fu_seterr(err, "phone \"%s\" has letters", text_lazy_quote(q));
		return -1;
	}
	if (sc.multi) {
		fu_seterr(err, "phone \"%s\" holds more than one number",
		    text_lazy_quote(q));
		return -1;
	}
	if (sc.otherlen > 0) {
		text_quote((const char *)s + sc.otheroff, sc.otherlen, c);
		fu_seterr(err, "phone \"%s\" has an unexpected character '%s'",
		    text_lazy_quote(q), c);
		return -1;
	}
	if (sc.badplus) {
		fu_seterr(err, "phone \"%s\" has a '+' inside the number",
		    text_lazy_quote(q));
		return -1;
	}
	if (sc.nd == 0) {
		fu_seterr(err, "phone \"%s\" has no digits",
		    text_lazy_quote(q));
		return -1;
	}
	if (sc.nd > MAXDIG) {
		fu_seterr(err, "phone \"%s\" has %zu digits",
		    text_lazy_quote(q), sc.nd);
		return -1;
	}
	r = classify(sc.d, sc.nd, sc.plus, out, &cnt, &intl);
	if (r == P_OK)
		return 0;
	out[0] = '\0';
	if (r == P_COUNT && outer && second_look(s, len, &sc, q, err))
		return -1;
	switch (r) {
	case P_MOBILE:
		fu_seterr(err, "phone \"%s\" is not a mobile number "
		    "(13x-19x)", text_lazy_quote(q));
		break;
	case P_AREA:
		fu_seterr(err, "phone \"%s\" has an unknown area code",
		    text_lazy_quote(q));
		break;
	case P_ABROAD:
		fu_seterr(err, "phone \"%s\" is not a mainland China number",
		    text_lazy_quote(q));
		break;
	case P_NOAREA:
		fu_seterr(err, "phone \"%s\" has %zu digits and no area code",
		    text_lazy_quote(q), cnt);
		break;
	default:
		if (intl)
			fu_seterr(err, "phone \"%s\" has %zu digits after +86",
			    text_lazy_quote(q), cnt);
		else
			fu_seterr(err, "phone \"%s\" has %zu digits",
			    text_lazy_quote(q), cnt);
		break;
	}
	return -1;
}

/*
 * The field as a message shows it: a phone number is personal data, and
 * messages end up in cron mail and terminals' scrollback.  Every digit
 * but the first 3 and the last 4 (ASCII or full-width) becomes '*', as
 * phone_mask does for a number that parsed; with 7 digits or fewer,
 * all but the first 3.  Only the bytes a quote shows are looked at.
 */
static size_t
mask_text(const unsigned char *s, size_t len, char *out)
{
	size_t i, k, nd = 0, d = 0, o = 0;

	if (len > TEXT_QUOTE_MAX)
		len = TEXT_QUOTE_MAX + 1;	/* text_quote still cuts it */
	for (i = 0; i < len; i += k) {
		k = 1;
		if (is_digit(s[i]))
			nd++;
		else if (s[i] == 0xEF && i + 2 < len && s[i + 1] == 0xBC &&
		    s[i + 2] >= 0x90 && s[i + 2] <= 0x99) {
			nd++;
			k = 3;
		}
	}
	for (i = 0; i < len; i += k) {
		k = 1;
		if (is_digit(s[i]) || (s[i] == 0xEF && i + 2 < len &&
		    s[i + 1] == 0xBC && s[i + 2] >= 0x90 && s[i + 2] <= 0x99)) {
			if (s[i] == 0xEF)
				k = 3;
			if (d >= 3 && (nd <= 7 || d < nd - 4)) {
				out[o++] = '*';
				d++;
				continue;
			}
			d++;
		}
		memcpy(out + o, s + i, k);
		o += k;
	}
	return o;
}

/*
 * outer: 0 when looking at a part of a field, to see if it is a number.
 * show: the field in messages as written (--verbose), else masked.
 */
static int
norm(const char *in, size_t len, char *out, char *err, int outer, int show)
{
	const unsigned char *s = (const unsigned char *)in;
	char masked[TEXT_QUOTE_MAX + 4];
	struct text_lazy q;
	size_t xlen = 0;
	int r;

	out[0] = '\0';
	if (s == NULL)
		len = 0;
	text_trim(&s, &len);
	if (len == 0) {
		fu_seterr(err, "phone is empty");
		return -1;
	}
	text_lazy_init(&q, (const char *)s, len);
	if (extension(s, len))
		r = -2;
	else if (scientific(s, len))
		r = -3;
	else {
		xlen = excel_float(s, len);
		if (err == NULL || show)
			return parse(s, xlen, out, err, &q, outer);
		/* A number that parses needs no message: mask only when not. */
		r = parse(s, xlen, out, NULL, &q, outer);
		if (r == 0)
			return 0;
	}
	if (err != NULL && !show)
		text_lazy_init(&q, masked, mask_text(s, len, masked));
	if (r == -2)
		fu_seterr(err, "phone \"%s\" has an extension",
		    text_lazy_quote(&q));
	else if (r == -3)
		fu_seterr(err, "phone \"%s\" is in scientific notation "
		    "(digits lost in Excel)", text_lazy_quote(&q));
	else
		r = parse(s, xlen, out, err, &q, outer);
	return -1;
}

int
phone_norm(const char *in, size_t len, char *out, char *err, int show)
{
	size_t i;

	/* Most phones are already 11 plain digits 1[3-9]...: say so fast. */
	if (len == 11 && in[0] == '1' && in[1] >= '3' && in[1] <= '9') {
		for (i = 2; i < 11; i++)
			if (in[i] < '0' || in[i] > '9')
				break;
		if (i == 11) {
			memcpy(out, in, 11);
			out[11] = '\0';
			return 0;
		}
	}
	return norm(in, len, out, err, 1, show);
}

int
phone_is_mobile(const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	for (n = 0; n < 12 && s[n] != '\0'; n++)
		;
	return is_mobile(s, n);
}

/* s is 0AREA-NUMBER: area 3 or 4 digits, number 7 or 8; *alen set. */
static int
is_landline(const char *s, size_t n, size_t *alen)
{
	const char *dash;
	size_t i;

	if (n == 0 || s[0] != '0' || (dash = memchr(s, '-', n)) == NULL)
		return 0;
	*alen = dash - s;
	if (*alen < 3 || *alen > 4 || n - *alen - 1 < 7 || n - *alen - 1 > 8)
		return 0;
	for (i = 0; i < n; i++)
		if (i != *alen && !is_digit((unsigned char)s[i]))
			return 0;
	return 1;
}

void
phone_mask(const char *s, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i, k, alen, chars, tail, stars;

	if (s == NULL) {
		out[0] = '\0';
		return;
	}
	n = strlen(s);
	if (phone_is_mobile(s)) {
		memcpy(out, s, 3);
		memcpy(out + 3, "****", 4);
		memcpy(out + 7, s + 7, 5);
		return;
	}
	if (is_landline(s, n, &alen)) {
		memcpy(out, s, alen + 1);
		memset(out + alen + 1, '*', n - alen - 1 - 4);
		memcpy(out + n - 4, s + n - 4, 5);
		return;
	}
	/*
	 * Anything else: all but the last 4 characters (not bytes, so that a
	 * character is never cut in two), one '*' each, as many as fit.
	 */
	chars = 0;
	for (i = 0; i < n; i += k) {
		u8_decode(u + i, n - i, &k);
		chars++;
	}
	stars = chars > 4 ? chars - 4 : 0;
	for (tail = 0, i = 0; i < stars; i++) {
		u8_decode(u + tail, n - tail, &k);
		tail += k;
	}
	if (stars > PHONE_MAX - 1 - (n - tail))
		stars = PHONE_MAX - 1 - (n - tail);
	memset(out, '*', stars);
	memcpy(out + stars, s + tail, n - tail + 1);
}
