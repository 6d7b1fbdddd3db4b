/*
 * fuzz_calllog.c: a call log as it may be found (mutated, torn,
 * hand-edited): read by the one call-log reader as of a time (every
 * record in force, every field), then checked by --verify and mended: a log that
 * verified verifies after the mend too.
 */
#include "fuzz.h"

#include "base/err.h"
#include "log/calllog.h"
#include "log/logfile.h"
#include "record/record.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char path[256], side[300], err[FU_ERRBUF];
	struct callrec r[4];
	struct calllog lg;
	long k, i;
	int f, whole;

	fuzz_file("calls.tsv", d, n, path, sizeof(path));
	memset(&lg, 0, sizeof(lg));
	if (calllog_open(&lg, path, n % 2 ? CALLLOG_NO_AS_OF :
	    1795338000LL, NULL, err) == 0) {
		while ((k = calllog_read(&lg, r, 4)) > 0)
			for (i = 0; i < k; i++)
				for (f = 0; f < LC_N; f++)
					(void)calllog_field(&lg, &r[i], f,
					    NULL);
	}
	calllog_close(&lg);
	whole = rec_verify(path) == 0;
	snprintf(side, sizeof(side), "%s.bad", path);
	unlink(side);
	/* A log that verified verifies after a mend too. */
	if (rec_mend(path, 1795338000LL, "张敏") == 0 && whole &&
	    rec_verify(path) != 0)
		abort();
	unlink(side);
	return 0;
}
