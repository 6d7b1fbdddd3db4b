/*
 * fuzz_week.c: week labels (2026-11-W3, or a date in the week) under
 * both week rules.  A week that parses has a Monday, 第n周 from 1 to 6,
 * and its label parses back to the same week; --week, --last, --next.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/date.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char err[FU_ERRBUF], buf[64], *s = fuzz_str(d, n);
	struct week w, w2;
	int rule;

	for (rule = WEEK_THURSDAY; rule <= WEEK_FIRST_DAY; rule++) {
		if (week_parse(s, rule, &w, err) == 0) {
			if (date_weekday(w.monday) != 1 || w.n < 1 ||
			    w.n > 6)
				abort();
			week_format(&w, buf);
			if (week_parse(buf, rule, &w2, err) != 0 ||
			    w2.monday != w.monday)
				abort();
			week_label_zh(&w, buf);
			week_next(&w, rule, &w2);
			if (w2.monday != w.monday + 7)
				abort();
			week_prev(&w, rule, &w2);
			if (w2.monday != w.monday - 7)
				abort();
		}
		(void)week_select(s, n % 2, n % 3 == 1, 1795000000LL, rule,
		    &w, err);
	}
	free(s);
	return 0;
}
