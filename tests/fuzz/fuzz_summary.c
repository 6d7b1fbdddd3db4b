/*
 * fuzz_summary.c: a found call log summarized (lib/summary: the reader
 * with corrections in place and a torn line left out, every figure by
 * store and week, the rules), then its partial merged back: the merge
 * must give every cell again.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/calendar.h"
#include "fmt/policy.h"
#include "summary/summary.h"

static struct summary *
open_one(const struct policy *pol, const struct calendar *cal)
{
	struct sum_opts o;
	char err[FU_ERRBUF];

	sum_opts_init(&o, pol, cal);
	if (sum_parse_keys(&o, "store,week,agent", err) == -1)
		abort();
	return summary_open(&o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static struct policy pol;
	static struct calendar cal;
	static int ready;
	char path[256], part[256], err[FU_ERRBUF], x[SUM_FMT], y[SUM_FMT];
	struct summary *a, *b;
	FILE *fp;
	size_t r;
	int m;

	if (!ready) {
		policy_init(&pol);
		if (cal_load_builtin(&cal) == -1)
			abort();
		ready = 1;
	}
	fuzz_file("calls.tsv", d, n, path, sizeof(path));
	fuzz_path("calls.p", part, sizeof(part));
	a = open_one(&pol, &cal);
	if (summary_log(a, path, err) == -1) {
		summary_close(a);
		return 0;
	}
	if ((fp = fopen(part, "w")) == NULL)
		abort();
	summary_write_partial(a, fp);
	if (fclose(fp) != 0)
		abort();
	summary_finish(a);
	(void)summary_check(a);
	b = open_one(&pol, &cal);
	if (summary_merge(b, part, err) == -1)
		abort();
	summary_finish(b);
	if (summary_nrows(a) != summary_nrows(b))
		abort();
	for (r = 0; r < summary_nrows(a); r++)
		for (m = 0; m < SM_N; m++) {
			summary_format(a, r, m, x);
			summary_format(b, r, m, y);
			if (strcmp(x, y) != 0)
				abort();
		}
	summary_close(b);
	summary_close(a);
	return 0;
}
