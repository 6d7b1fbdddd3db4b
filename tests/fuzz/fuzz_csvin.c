/*
 * fuzz_csvin.c: store exports through the CSV reader, in each encoding
 * (the first byte chooses: auto, UTF-8, GB18030, GBK, UTF-16), as a
 * regular file (scanned whole for UTF-8) and as a stream (judged by its
 * first 64 KiB).  Every field of every record must be readable, and
 * valid UTF-8 unless the record is marked bad.
 */
#include "fuzz.h"

#include "base/err.h"
#include "base/text.h"
#include "fmt/csvin.h"

static void
drain(FILE *fp, int enc)
{
	char err[FU_ERRBUF];
	struct csvin in;
	size_t i;
	int rc;

	if (csvin_open(&in, fp, "fuzz.csv", enc, err) == -1)
		return;
	while ((rc = csvin_next(&in)) == CSVIN_OK) {
		if (in.plain) {
			/* The caller's part for a whole line (csvin.h). */
			(void)csvin_line_check(in.enc, in.utf16be, in.line,
			    in.linelen, err, sizeof(err));
			continue;
		}
		for (i = 0; i < in.nfield; i++)
			if (in.bad == NULL &&
			    !u8_valid(in.field[i], in.len[i], NULL))
				abort();
	}
	csvin_close(&in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char path[256];
	FILE *fp;
	int enc;

	if (n == 0)
		return 0;
	enc = d[0] % 5;
	d++;
	n--;
	fuzz_file("in.csv", d, n, path, sizeof(path));
	if ((fp = fopen(path, "r")) == NULL)
		abort();
	drain(fp, enc);
	fclose(fp);
	if ((fp = fmemopen(n > 0 ? (void *)d : (void *)"", n, "r")) == NULL)
		abort();
	drain(fp, enc);
	fclose(fp);
	return 0;
}
