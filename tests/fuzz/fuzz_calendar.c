/*
 * fuzz_calendar.c: the calendar file (date<TAB>kind<TAB>name): loaded,
 * then asked about the days it names and the next working day.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/calendar.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char path[256];
	struct calendar c;
	int day, first, last, k;

	memset(&c, 0, sizeof(c));
	if (cal_load(&c, fuzz_file("cal.tsv", d, n, path, sizeof(path))) ==
	    0 && c.n > 0) {
		first = cal_first(&c);
		last = cal_last(&c);
		if (first > last)
			abort();
		for (day = first - 3, k = 0; day <= last + 3 && k < 400;
		    day++, k++)
			(void)cal_is_workday(&c, day);
		(void)cal_next_workday(&c, first);
		(void)cal_check_years(&c, first, last);
	}
	cal_free(&c);
	return 0;
}
