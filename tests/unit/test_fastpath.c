/*
 * test_fastpath.c: the fast paths of money_parse, phone_norm and
 * date_parse give exactly what the full parsers give.  A leading space
 * sends the same text down the full parser.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt/date.h"
#include "base/err.h"
#include "fmt/money.h"
#include "fmt/phone.h"
#include "t.h"

static uint64_t
next(uint64_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return *st;
}

/* A random string over the given alphabet, 1 to max long. */
static size_t
random_text(uint64_t *st, const char *alpha, size_t max, char *out)
{
	size_t n = 1 + next(st) % max, i, k = strlen(alpha);

	for (i = 0; i < n; i++)
		out[i] = alpha[next(st) % k];
	out[n] = '\0';
	return n;
}

int
main(void)
{
	char s[64], sp[66], err[FU_ERRBUF], out1[PHONE_MAX], out2[PHONE_MAX];
	uint64_t st = 0x9e3779b97f4a7c15ULL;
	long money_diff = 0, phone_diff = 0, date_diff = 0, i;
	int64_t a, b;
	int r1, r2, d1, d2;
	size_t n;

	for (i = 0; i < 200000; i++) {
		n = random_text(&st, "0123456789.", 14, s);
		sp[0] = ' ';
		memcpy(sp + 1, s, n + 1);
		a = b = -1;
		r1 = money_parse(s, n, 0, &a, err);
		r2 = money_parse(sp, n + 1, 0, &b, err);
		if (r1 != r2 || (r1 == 0 && a != b))
			money_diff++;
	}
	T_INTEQ(money_diff, 0);
	for (i = 0; i < 200000; i++) {
		n = random_text(&st, "0123456789", 12, s);
		if (i % 2 == 0 && n >= 2) {
			s[0] = '1';	/* mostly mobile-like */
			n = 11;
			s[11] = '\0';
			random_text(&st, "0123456789", 1, s + 1);
			for (r1 = 2; r1 < 11; r1++)
				s[r1] = (char)('0' + next(&st) % 10);
		}
		sp[0] = ' ';
		memcpy(sp + 1, s, n + 1);
		r1 = phone_norm(s, n, out1, err, 1);
		r2 = phone_norm(sp, n + 1, out2, err, 1);
		if (r1 != r2 || (r1 == 0 && strcmp(out1, out2) != 0))
			phone_diff++;
	}
	T_INTEQ(phone_diff, 0);
	for (i = 0; i < 200000; i++) {
		snprintf(s, sizeof(s), "%04d-%02d-%02d",
		    (int)(next(&st) % 10000), (int)(next(&st) % 14),
		    (int)(next(&st) % 33));
		n = strlen(s);
		sp[0] = ' ';
		memcpy(sp + 1, s, n + 1);
		d1 = d2 = -99999;
		r1 = date_parse(s, n, 0, &d1, err);
		r2 = date_parse(sp, n + 1, 0, &d2, err);
		if (r1 != r2 || (r1 == 0 && d1 != d2))
			date_diff++;
	}
	T_INTEQ(date_diff, 0);

	/* time_format by hand gives what printf gives. */
	for (i = 0, date_diff = 0; i < 200000; i++) {
		long long t = (long long)(next(&st) % 4102444800ULL);
		int y, m, d, day = time_day(t);
		unsigned sec = (unsigned)(t - (long long)day * 86400);
		char want[32];

		date_to_ymd(day, &y, &m, &d);
		if (sec % 60)
			snprintf(want, sizeof(want), "%04d-%02d-%02dT%02u:%02u:%02u",
			    y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
		else
			snprintf(want, sizeof(want), "%04d-%02d-%02dT%02u:%02u",
			    y, m, d, sec / 3600, sec / 60 % 60);
		time_format(i % 3 == 0 ? t - t % 60 : t, s);
		if (i % 3 == 0) {
			sec -= sec % 60;
			snprintf(want, sizeof(want), "%04d-%02d-%02dT%02u:%02u",
			    y, m, d, sec / 3600, sec / 60 % 60);
		}
		if (strcmp(s, want) != 0)
			date_diff++;
	}
	T_INTEQ(date_diff, 0);
	return t_done("test_fastpath");
}
