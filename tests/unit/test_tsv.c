/* test_tsv.c: the TSV reader and writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "t.h"
#include "fmt/tsv.h"

/* A FILE reading the given bytes. */
/* What tsv_put writes for n bytes, in a malloc'd string. */
static char *
escaped(const char *s, size_t n, size_t *outlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	tsv_put(fp, s, n);
	fclose(fp);
	*outlen = len;
	return buf;
}

static void
test_escapes(void)
{
	char s[] = "a\\tb\\nc\\rd\\\\e\\xf\\";
	size_t n = tsv_unescape(s, strlen(s));
	size_t len;
	char *e;

	T_INTEQ(n, 13);
	T_OK(memcmp(s, "a\tb\nc\rd\\e\\xf\\", 13) == 0);

	e = escaped("tab\there\nnl\rcr\\bs", 18, &len);
	T_STREQ(e, "tab\\there\\nnl\\rcr\\\\bs");
	free(e);

	e = escaped("plain 中文", strlen("plain 中文"), &len);
	T_STREQ(e, "plain 中文");
	free(e);
}

/* Any byte string without NUL survives escape then unescape. */
static void
test_roundtrip(void)
{
	unsigned long long state = 12345;
	char src[64], *e;
	size_t n, len, i, k, bad = 0, hastab = 0, bufdiff = 0;
	struct tsv_buf line = { NULL, 0, 0 };

	for (k = 0; k < 20000; k++) {
		n = k % 64;
		for (i = 0; i < n; i++) {
			state = state * 6364136223846793005ULL +
			    1442695040888963407ULL;
			/* Favour the special bytes. */
			switch ((state >> 33) % 6) {
			case 0: src[i] = '\\'; break;
			case 1: src[i] = '\t'; break;
			case 2: src[i] = '\n'; break;
			case 3: src[i] = '\r'; break;
			default:
				src[i] = (char)(1 + (state >> 40) % 255);
			}
		}
		e = escaped(src, n, &len);
		/* The line builder escapes exactly as tsv_put does. */
		line.len = 0;
		tsv_buf_put(&line, src, n);
		if (line.len != len || (len > 0 && memcmp(line.s, e, len) != 0))
			bufdiff++;
		if (memchr(e, '\t', len) || memchr(e, '\n', len) ||
		    memchr(e, '\r', len))
			hastab++;
		len = tsv_unescape(e, len);
		if (len != n || memcmp(e, src, n) != 0)
			bad++;
		free(e);
	}
	T_INTEQ(bad, 0);
	T_INTEQ(hastab, 0);
	T_INTEQ(bufdiff, 0);
	tsv_buf_free(&line);
}

static void
test_buf(void)
{
	struct tsv_buf b = { NULL, 0, 0 };
	char *out = NULL;
	size_t outlen = 0;
	FILE *fp = open_memstream(&out, &outlen);

	tsv_buf_raw(&b, "id", 2);
	tsv_buf_char(&b, '\t');
	tsv_buf_put(&b, "a\tb\\c", 5);
	tsv_buf_char(&b, '\t');
	tsv_buf_long(&b, -1234567890L);
	tsv_buf_char(&b, '\t');
	tsv_buf_long(&b, 0);
	tsv_buf_char(&b, '\n');
	tsv_buf_write(&b, fp);
	T_INTEQ(b.len, 0);
	fclose(fp);
	T_STREQ(out, "id\ta\\tb\\\\c\t-1234567890\t0\n");
	free(out);
	tsv_buf_free(&b);
}

static void
test_reader(void)
{
	struct tsv_reader r;
	FILE *fp;

	/* BOM, CRLF, escapes, blank line, missing final newline. */
	fp = T_INPUT("\xEF\xBB\xBFid\tnote\tx\r\n"
	    "1\ta\\tb\\nc\t\r\n"
	    "\r\n"
	    "2\t\\\\\tlast");
	T_INTEQ(tsv_open(&r, fp, "in.tsv"), 0);
	T_INTEQ(r.ncol, 3);
	T_STREQ(r.col[0], "id");
	T_INTEQ(tsv_col(&r, "note"), 1);
	T_INTEQ(tsv_col(&r, "x"), 2);
	T_INTEQ(tsv_col(&r, "nope"), -1);
	T_INTEQ(tsv_next(&r), TSV_OK);
	T_INTEQ(r.lineno, 2);
	T_STREQ(r.field[1], "a\tb\nc");
	T_INTEQ(r.len[1], 5);
	T_STREQ(r.field[2], "");
	T_INTEQ(tsv_next(&r), TSV_OK);
	T_INTEQ(r.lineno, 4);
	T_INTEQ(r.blank, 1);
	T_STREQ(r.field[1], "\\");
	T_STREQ(r.field[2], "last");
	T_INTEQ(tsv_next(&r), TSV_EOF);
	T_INTEQ(tsv_next(&r), TSV_EOF);
	tsv_close(&r);
	fclose(fp);

	/* Wrong field counts are reported, not padded. */
	fp = T_INPUT("a\tb\n1\n1\t2\t3\n1\t2\n");
	tsv_open(&r, fp, "bad.tsv");
	T_INTEQ(tsv_next(&r), TSV_BADROW);
	T_INTEQ(r.nfield, 1);
	T_INTEQ(r.lineno, 2);
	{
		char err[FU_ERRBUF];

		tsv_badrow_msg(&r, err);
		T_STREQ(err, "1 field, expected 2 (as the header)");
	}
	T_INTEQ(tsv_next(&r), TSV_BADROW);
	T_INTEQ(r.nfield, 3);
	T_INTEQ(tsv_next(&r), TSV_OK);
	T_INTEQ(r.lineno, 4);
	T_INTEQ(tsv_next(&r), TSV_EOF);
	tsv_close(&r);
	fclose(fp);

	/* Empty input: no columns, no records; header only: no records. */
	fp = T_INPUT("");
	T_INTEQ(tsv_open(&r, fp, "empty"), 0);
	T_INTEQ(r.ncol, 0);
	T_INTEQ(tsv_next(&r), TSV_EOF);
	tsv_close(&r);
	fclose(fp);
	fp = T_INPUT("a\tb\n");
	tsv_open(&r, fp, "hdr");
	T_INTEQ(r.ncol, 2);
	T_INTEQ(tsv_next(&r), TSV_EOF);
	tsv_close(&r);
	fclose(fp);

	/* One column: an empty line is an empty value, not skipped. */
	fp = T_INPUT("phone\n\n13800138000\n");
	tsv_open(&r, fp, "one");
	T_INTEQ(tsv_next(&r), TSV_OK);
	T_STREQ(r.field[0], "");
	T_INTEQ(tsv_next(&r), TSV_OK);
	T_STREQ(r.field[0], "13800138000");
	tsv_close(&r);
	fclose(fp);
}

/* Lines far longer than the reader's buffer, and many of them. */
static void
test_long_lines(void)
{
	struct tsv_reader r;
	size_t big = 3 * 1024 * 1024 + 7, i, rows = 0, ok = 0;
	FILE *fp = tmpfile();
	char *s = malloc(big);

	memset(s, 'x', big);
	fputs("a\tb\n", fp);
	for (i = 0; i < 3; i++) {
		fwrite(s, 1, big, fp);
		fputs("\ty\n", fp);
	}
	for (i = 0; i < 100000; i++)
		fprintf(fp, "%zu\t%zu\n", i, i * 2);
	rewind(fp);
	tsv_open(&r, fp, "long");
	for (i = 0; i < 3; i++) {
		T_INTEQ(tsv_next(&r), TSV_OK);
		T_INTEQ(r.len[0], big);
		T_STREQ(r.field[1], "y");
	}
	while (tsv_next(&r) == TSV_OK) {
		if ((size_t)atol(r.field[1]) == 2 * rows)
			ok++;
		rows++;
	}
	T_INTEQ(rows, 100000);
	T_INTEQ(ok, 100000);
	tsv_close(&r);
	fclose(fp);
	free(s);
}

/* tsv_next_raw sees the records tsv_next sees; tsv_split splits one. */
static void
test_raw(void)
{
	static const char text[] = "id\tnote\r\n"
	    "1\ta\\tb\r\n"
	    "\n"
	    "2\n"
	    "3\tc\td\n"
	    "4\tlast";
	struct tsv_reader r;
	FILE *fp = T_INPUT(text);
	char *line;
	size_t len;

	T_INTEQ(tsv_open(&r, fp, "raw.tsv"), 0);
	T_INTEQ(tsv_next_raw(&r, &line, &len), TSV_OK);
	T_STREQ(line, "1\ta\\tb");
	T_INTEQ(len, 6);
	T_INTEQ(r.lineno, 2);
	T_INTEQ(r.nfield, 0);
	T_INTEQ(tsv_split(&r), TSV_OK);
	T_STREQ(r.field[1], "a\tb");
	/* Split once: a second call says the same. */
	T_INTEQ(tsv_split(&r), TSV_OK);
	/* The empty line is skipped, as by tsv_next. */
	T_INTEQ(tsv_next_raw(&r, &line, &len), TSV_OK);
	T_STREQ(line, "2");
	T_INTEQ(r.lineno, 4);
	T_INTEQ(r.blank, 1);
	/* Not split: the next record comes all the same. */
	T_INTEQ(tsv_next_raw(&r, &line, &len), TSV_OK);
	T_STREQ(line, "3\tc\td");
	T_INTEQ(tsv_split(&r), TSV_BADROW);
	T_INTEQ(r.nfield, 3);
	T_INTEQ(tsv_next_raw(&r, &line, &len), TSV_OK);
	T_STREQ(line, "4\tlast");
	T_INTEQ(r.lineno, 6);
	T_INTEQ(tsv_next_raw(&r, &line, &len), TSV_EOF);
	tsv_close(&r);
	fclose(fp);
}

/* Fields of every length up to 20, so the tab falls at every offset. */
static void
test_split_offsets(void)
{
	struct tsv_reader r;
	FILE *fp = tmpfile();
	unsigned long long state = 7;
	size_t line, k, n, bad = 0, len[4];

	fputs("a\tb\tc\td\n", fp);
	for (line = 0; line < 2000; line++) {
		for (k = 0; k < 4; k++) {
			state = state * 6364136223846793005ULL + 1;
			len[k] = (state >> 33) % 21;
			for (n = 0; n < len[k]; n++)
				putc("x中\\"[n % 2], fp);
			putc(k < 3 ? '\t' : '\n', fp);
		}
	}
	rewind(fp);
	tsv_open(&r, fp, "offsets");
	state = 7;
	for (line = 0; line < 2000; line++) {
		if (tsv_next(&r) != TSV_OK) {
			bad++;
			break;
		}
		for (k = 0; k < 4; k++) {
			state = state * 6364136223846793005ULL + 1;
			if (r.len[k] != (state >> 33) % 21)
				bad++;
		}
	}
	T_INTEQ(bad, 0);
	T_INTEQ(tsv_next(&r), TSV_EOF);
	tsv_close(&r);
	fclose(fp);
}

static void
test_writer(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	char f0[] = "1", f1[] = "a\tb", f2[] = "";
	char *row[] = { f0, f1, f2 };

	tsv_write_row(fp, row, NULL, 3);
	fclose(fp);
	T_STREQ(buf, "1\ta\\tb\t\n");
	free(buf);
}

int
main(void)
{
	test_escapes();
	test_roundtrip();
	test_reader();
	test_long_lines();
	test_split_offsets();
	test_writer();
	test_raw();
	test_buf();
	return t_done("test_tsv");
}
