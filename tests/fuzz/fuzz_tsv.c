/*
 * fuzz_tsv.c: the one TSV reader, record by record and in blocks of
 * lines; every column found by its name is the first of that name; an
 * escaped field written out reads back the same.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/tsv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct tsv_reader r;
	struct tsv_line ln[8];
	char *buf = NULL;
	size_t i, sz = 0;
	FILE *fp, *mem;
	long k;
	int rc;

	if ((fp = fmemopen(n > 0 ? (void *)d : (void *)"", n, "r")) == NULL)
		abort();
	if (tsv_open(&r, fp, "fuzz.tsv") == 0) {
		for (i = 0; i < r.ncol; i++)
			if (tsv_col(&r, r.col[i]) != (long)i)
				abort();	/* the names are unique */
		while ((rc = tsv_next(&r)) != TSV_EOF && rc != TSV_ERR) {
			if (rc == TSV_OK && r.nfield != r.ncol)
				abort();
			if (rc != TSV_OK)
				continue;
			if ((mem = open_memstream(&buf, &sz)) == NULL)
				abort();
			tsv_write_row(mem, r.field, r.len, r.nfield);
			fclose(mem);
			free(buf);
			buf = NULL;
		}
	}
	tsv_close(&r);
	fclose(fp);
	/* The same bytes in blocks of lines, split one by one. */
	if ((fp = fmemopen(n > 0 ? (void *)d : (void *)"", n, "r")) == NULL)
		abort();
	if (tsv_open(&r, fp, "fuzz.tsv") == 0)
		while ((k = tsv_next_lines(&r, ln, 8)) > 0)
			;
	tsv_close(&r);
	fclose(fp);
	return 0;
}
