/* test_tsv.c: the TSV reader and writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/text.h"
#include "fmt/tsv.h"
#include "t.h"

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

/*
 * One special byte (or none) at every place of clean fields of every
 * length to 40: the eight-byte steps and the overlapping last word
 * against a byte-by-byte escaper.
 */
static void
test_escape_places(void)
{
	static const char special[] = "\t\n\r\\\001";
	char src[48], want[100], *e;
	size_t n, j, i, k, o, len;

	for (n = 0; n <= 40; n++)
		for (j = 0; j <= n; j++)
			for (k = 0; k < sizeof(special) - 1; k++) {
				for (i = 0; i < n; i++)
					src[i] = "中文a1-"[i % 5];
				if (j < n)
					src[j] = special[k];
				for (i = o = 0; i < n; i++) {
					if (strchr("\t\n\r\\", src[i]) == NULL ||
					    src[i] == '\0') {
						want[o++] = src[i];
						continue;
					}
					want[o++] = '\\';
					want[o++] = src[i] == '\t' ? 't' :
					    src[i] == '\n' ? 'n' :
					    src[i] == '\r' ? 'r' : '\\';
				}
				e = escaped(src, n, &len);
				T_OK(len == o && memcmp(e, want, o) == 0);
				free(e);
			}
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

/* A field longer than tsv_put's pieces, escapes across their seams. */
static void
test_put_long(void)
{
	struct tsv_buf line = { NULL, 0, 0 };
	size_t n = 100000, i, len;
	char *src = malloc(n), *e;

	for (i = 0; i < n; i++)
		src[i] = "ab\\\tc\n\r"[i % 11 == 0 ? 2 : i % 13 == 0 ? 3 :
		    i % 17 == 0 ? 5 : i % 19 == 0 ? 6 : i % 2];
	for (i = 2040; i < 2060; i++)
		src[i] = '\\';
	e = escaped(src, n, &len);
	tsv_buf_put(&line, src, n);
	T_INTEQ(line.len, len);
	T_OK(memcmp(line.s, e, len) == 0);
	T_INTEQ(tsv_unescape(e, len), n);
	T_OK(memcmp(e, src, n) == 0);
	free(e);
	free(src);
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

/*
 * tsv_next_lines must hand out exactly the records of tsv_next_raw, with
 * their line numbers, whatever the block size: the one-at-a-time reader
 * is the oracle.  Every line of a block must still be whole after the
 * block is read (they all stay valid until the next call).
 */
static void
lines_as_raw(const char *text, size_t n, size_t block)
{
	struct tsv_reader t, u;
	struct tsv_line l[8];
	FILE *a = t_input(text, n), *b = t_input(text, n);
	char *raw;
	size_t rawlen;
	long got, k;

	T_INTEQ(tsv_open(&t, a, "a"), 0);
	T_INTEQ(tsv_open(&u, b, "b"), 0);
	T_INTEQ(u.ncol, t.ncol);
	while ((got = tsv_next_lines(&u, l, block)) > 0) {
		T_OK((size_t)got <= block);
		for (k = 0; k < got; k++) {
			if (!T_INTEQ(tsv_next_raw(&t, &raw, &rawlen), TSV_OK))
				break;
			T_INTEQ(l[k].len, rawlen);
			T_OK(memcmp(l[k].s, raw, rawlen) == 0);
			T_INTEQ(l[k].s[l[k].len], '\0');
			T_INTEQ(l[k].lineno, t.lineno);
		}
		/* Empty lines after the last may be read too. */
		T_OK(u.lineno >= l[got - 1].lineno);
	}
	T_INTEQ(got, 0);
	T_INTEQ(tsv_next_lines(&u, l, block), 0);
	T_INTEQ(tsv_next_raw(&t, &raw, &rawlen), TSV_EOF);
	T_INTEQ(u.blank, t.blank);
	T_INTEQ(u.lineno, t.lineno);
	tsv_close(&t);
	tsv_close(&u);
	fclose(a);
	fclose(b);
}

static void
test_lines(void)
{
	static const char *const texts[] = {
		"a\tb\n1\t2\n3\t4\n",
		"a\tb\r\n1\t2\r\n\r\n\n3\t4",	/* CRLF, blanks, no LF */
		"\357\273\277a\tb\n1\t2\n",		/* BOM */
		"phone\n\n13800138000\n\n",	/* one column: blank rows */
		"phone\r\n\r\n1\r\n2",
		"a\tb\n",
		"a\tb",
		"",
		"\n\n",
		"a\tb\n1\n1\t2\t3\n\\t\t\\\\\n",	/* bad rows, escapes */
		"a\tb\n\r\n\r\r\n1\t\r\n",		/* a lone CR is data */
	};
	char *big;
	size_t i, b, n;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (b = 1; b <= 8; b *= 2)
			lines_as_raw(texts[i], strlen(texts[i]), b);
	/*
	 * Lines longer than the buffer, lines across its refills, and many
	 * blocks of lines.
	 */
	n = 5u << 20;
	big = malloc(n + 1);
	memset(big, 'x', n);
	memcpy(big, "a\tb\n", 4);
	for (i = 4; i + 100 < n; i += 100)
		big[i] = i % 3 ? '\n' : '\t';
	big[3u << 20] = 'y';
	for (i = (3u << 20) - 2000000; i < (3u << 20) + 1500000; i++)
		big[i] = 'z';
	big[n] = '\0';
	for (b = 1; b <= 8; b *= 2)
		lines_as_raw(big, n, b);
	/* The same ending in CRLFs and empty lines. */
	for (i = 4; i + 100 < n; i += 100)
		if (big[i] == '\n' && i % 7 == 0)
			big[i - 1] = '\r';
	for (i = n - 1000; i < n; i += 2)
		big[i] = '\n';
	lines_as_raw(big, n, 8);
	free(big);
}

/* The two readers mixed on one file: one line finder beneath. */
static void
test_lines_mixed(void)
{
	static const char text[] = "id\tx\n1\ta\n\n2\tb\r\n3\tc\n"
	    "4\td\n5\te";
	struct tsv_reader r;
	struct tsv_line l[2];
	FILE *fp = T_INPUT(text);
	char *line;
	size_t len;

	T_INTEQ(tsv_open(&r, fp, "mixed"), 0);
	T_INTEQ(tsv_next_raw(&r, &line, &len), TSV_OK);
	T_STREQ(line, "1\ta");
	T_INTEQ(tsv_next_lines(&r, l, 2), 2);
	T_STREQ(l[0].s, "2\tb");
	T_INTEQ(l[0].lineno, 4);
	T_STREQ(l[1].s, "3\tc");
	T_INTEQ(l[1].lineno, 5);
	T_INTEQ(r.blank, 1);
	/* After a block, tsv_next splits as ever. */
	T_INTEQ(tsv_next(&r), TSV_OK);
	T_STREQ(r.field[1], "d");
	T_INTEQ(r.lineno, 6);
	T_INTEQ(tsv_next_lines(&r, l, 2), 1);
	T_STREQ(l[0].s, "5\te");
	T_INTEQ(l[0].lineno, 7);
	T_INTEQ(tsv_next_lines(&r, l, 2), 0);
	T_INTEQ(tsv_next_raw(&r, &line, &len), TSV_EOF);
	tsv_close(&r);
	fclose(fp);
}

/* text_tabs, which splits the lines of a block (text.h). */
static void
test_tabs(void)
{
	uint32_t end[8];
	char s[64];
	size_t i, j, nf;

	T_INTEQ(text_tabs("", 0, end, 8), 1);
	T_INTEQ(end[0], 0);
	T_INTEQ(text_tabs("\t", 1, end, 8), 2);
	T_INTEQ(end[0], 0);
	T_INTEQ(end[1], 1);
	/* Every place of a tab in and across words, against a plain loop. */
	for (i = 0; i < 40; i++) {
		memset(s, 'a', sizeof(s));
		s[i] = '\t';
		s[(i * 7 + 3) % 40] = '\t';
		s[0x27] = (char)0x89;	/* a byte with the high bit */
		nf = text_tabs(s, 40, end, 8);
		for (j = 0; j < 40 && nf > 0; j++)
			if (s[j] == '\t')
				nf--;
		T_INTEQ(nf, 1);
		T_INTEQ(end[0], i < (i * 7 + 3) % 40 ? i : (i * 7 + 3) % 40);
	}
	/* More fields than max: counted, only max ends kept. */
	T_INTEQ(text_tabs("1\t2\t3\t4\t5\t6\t7\t8\t9\t10", 20, end, 3), 10);
	T_INTEQ(end[2], 5);
	nf = text_tabs("ab\tcd\t\tef", 9, end, 8);
	T_INTEQ(nf, 4);
	T_INTEQ(end[0], 2);
	T_INTEQ(end[1], 5);
	T_INTEQ(end[2], 6);
	T_INTEQ(end[3], 9);
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

/*
 * A file cut short under the reader is an error that says so (growing
 * is not: fu-record's concurrent writers' tests read a growing log).
 */
static void
test_shrank(void)
{
	struct tsv_reader r;
	FILE *fp = tmpfile();
	long i, rows = 0;
	int rc;

	fputs("a\tb\n", fp);
	for (i = 0; i < 200000; i++)
		fprintf(fp, "%ld\t%ld\n", i, i * 2);
	rewind(fp);
	tsv_open(&r, fp, "cut");
	T_INTEQ(tsv_next(&r), TSV_OK);
	T_INTEQ(ftruncate(fileno(fp), 1000), 0);
	while ((rc = tsv_next(&r)) == TSV_OK)
		rows++;
	T_INTEQ(rc, TSV_ERR);
	T_OK(rows < 200000);
	T_OK(strstr(tsv_strerror(&r), "shrank while it was read") != NULL);
	tsv_close(&r);
	fclose(fp);
}

int
main(void)
{
	test_escapes();
	test_escape_places();
	test_roundtrip();
	test_put_long();
	test_reader();
	test_long_lines();
	test_split_offsets();
	test_writer();
	test_raw();
	test_buf();
	test_lines();
	test_lines_mixed();
	test_tabs();
	test_shrank();
	return t_done("test_tsv");
}
