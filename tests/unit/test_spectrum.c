/*
 * test_spectrum.c: the csv-spectrum test set (tests/csv-spectrum/):
 * each NAME.csv, read by csvin and written as TSV, equals NAME.tsv.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/csvin.h"
#include "t.h"
#include "fmt/tsv.h"

#define DIR_SPECTRUM	"tests/csv-spectrum"

static int
one(const char *name)
{
	char path[512], err[FU_ERRBUF], *want, *got = NULL;
	size_t gotlen = 0;
	struct csvin r;
	FILE *in, *out;
	int ok;

	snprintf(path, sizeof(path), "%s/%s.csv", DIR_SPECTRUM, name);
	if ((in = fopen(path, "rb")) == NULL)
		return T_OK(!"csv-spectrum file readable");
	out = open_memstream(&got, &gotlen);
	T_INTEQ(csvin_open(&r, in, path, ENC_UTF8, err), 0);
	while (csvin_next(&r) == CSVIN_OK) {
		T_OK(r.bad == NULL);
		tsv_write_row(out, r.field, r.len, r.nfield);
	}
	csvin_close(&r);
	fclose(in);
	fclose(out);
	snprintf(path, sizeof(path), "%s/%s.tsv", DIR_SPECTRUM, name);
	want = t_slurp(path);
	ok = T_STREQ(got, want);
	if (!ok)
		fprintf(stderr, "\tin %s\n", name);
	free(want);
	free(got);
	return ok;
}

int
main(void)
{
	DIR *d = opendir(DIR_SPECTRUM);
	struct dirent *e;
	char name[256];
	size_t n, cases = 0;

	if (d == NULL) {
		T_OK(!"tests/csv-spectrum exists");
		return t_done("test_spectrum");
	}
	while ((e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".tsv") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(n - 4), e->d_name);
		one(name);
		cases++;
	}
	closedir(d);
	/* All twelve: location_coordinates.tsv was written by hand. */
	T_INTEQ(cases, 12);
	return t_done("test_spectrum");
}
