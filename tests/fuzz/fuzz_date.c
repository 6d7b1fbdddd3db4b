/*
 * fuzz_date.c: dates, times, times of day, clocks, months.  Every one
 * that parses formats back to a text that parses to the same value.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/date.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char err[FU_ERRBUF], buf[64], *s = fuzz_str(d, n);
	struct month m, m2;
	long long t, t2;
	int day, day2, sec, min;
	unsigned fl;

	for (fl = 0; fl < 4; fl++) {
		if (date_parse(s, n, fl, &day, err) == 0) {
			date_format(day, buf);
			if (date_parse(buf, strlen(buf), 0, &day2, err) != 0 ||
			    day2 != day)
				abort();
		}
	}
	for (fl = 0; fl < 2; fl++)
		if (time_parse(s, n, fl, &t, err) == 0) {
			time_format(t, buf);
			if (time_parse(buf, strlen(buf), 0, &t2, err) != 0 ||
			    t2 != t)
				abort();
			(void)time_day(t);
			(void)time_minute_of_day(t);
		}
	if (tod_parse(s, n, &sec, err) == 0 && (sec < 0 || sec >= 86400))
		abort();
	if (clock_parse(s, &min, err) == 0 && (min < 0 || min >= 1440))
		abort();
	if (month_parse(s, &m, err) == 0) {
		month_format(&m, buf);
		if (month_parse(buf, &m2, err) != 0 || m2.year != m.year ||
		    m2.month != m.month)
			abort();
		month_label_zh(&m, buf);
		if (month_last_day(&m) < month_first_day(&m))
			abort();
	}
	free(s);
	return 0;
}
