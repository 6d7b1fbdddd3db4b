/*
 * fuzz_import.c: a store export through all of fu-import (csvin, the
 * header search, the row checks, the rejects), one worker thread.
 */
#include "fuzz.h"

#include "base/err.h"
#include "import/import.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char path[256], rej[256];
	struct import_opts o;
	struct import im;
	FILE *out;

	fuzz_file("in.csv", d, n, path, sizeof(path));
	fuzz_path("rejects.tsv", rej, sizeof(rej));
	memset(&o, 0, sizeof(o));
	o.threads = "1";
	o.quiet = 1;
	o.today = 20000 + (n > 0 ? d[0] : 0);
	if ((out = fopen("/dev/null", "w")) == NULL)
		abort();
	if (import_init(&im, &o) == 0) {
		import_open(&im, path);
		import_write_header(&im, out);
		import_run(&im, out);
		(void)import_write_rejects(&im, rej);
	}
	import_free(&im);
	fclose(out);
	return 0;
}
