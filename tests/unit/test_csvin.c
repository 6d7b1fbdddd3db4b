/* test_csvin.c: store exports in: encodings, CSV quoting, line numbers. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fmt/csvin.h"
#include "base/text.h"
#include "t.h"

/* UTF-8 text in another encoding, malloc'd. */
static char *
encode(const char *to, const char *s, size_t *outlen)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	size_t inleft = strlen(s), outleft = inleft * 4 + 8;
	char *buf = malloc(outleft), *in = (char *)s, *out = buf;

	iconv(cd, &in, &inleft, &out, &outleft);
	iconv_close(cd);
	*outlen = out - buf;
	return buf;
}

static void
test_quoting(void)
{
	struct csvin r;
	char err[FU_ERRBUF];
	FILE *fp;

	fp = T_INPUT("单号,客户,备注\n"
	    "A1,张三,\"送货上门,\n周末\"\n"
	    "\n"
	    "A2,\"李\"\"四\"\"\",  spaces kept  \n"
	    "A3,王五,\"\"");
	T_INTEQ(csvin_open(&r, fp, "in.csv", ENC_AUTO, err), 0);
	T_INTEQ(r.enc, ENC_UTF8);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.delim, ',');
	T_INTEQ(r.nfield, 3);
	T_STREQ(r.field[0], "单号");
	T_INTEQ(r.lineno, 1);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.lineno, 2);
	T_STREQ(r.field[2], "送货上门,\n周末");
	T_OK(r.bad == NULL);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.lineno, 5);
	T_STREQ(r.field[1], "李\"四\"");
	T_STREQ(r.field[2], "  spaces kept  ");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.lineno, 6);
	T_INTEQ(r.nfield, 3);
	T_STREQ(r.field[2], "");
	T_INTEQ(csvin_next(&r), CSVIN_EOF);
	T_INTEQ(r.st.lines, 6);
	T_INTEQ(r.st.blank, 1);
	T_INTEQ(r.st.quoted_newlines, 1);
	T_INTEQ(r.st.lf, 5);
	T_INTEQ(r.st.crlf, 0);
	csvin_close(&r);
	fclose(fp);
}

static void
test_broken(void)
{
	struct csvin r;
	char err[FU_ERRBUF];
	FILE *fp;

	/*
	 * A quote inside a plain field is a character (55" TV); text after
	 * a closing quote is ambiguous: that record is bad, the next fine.
	 */
	fp = T_INPUT("a,b\n12\" TV,x\n\"ab\"c,x\nok,y\n\"open,z\nstill open\n");
	csvin_open(&r, fp, "q.csv", ENC_AUTO, err);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.lineno, 2);
	T_OK(r.bad == NULL);
	T_INTEQ(r.nfield, 2);
	T_STREQ(r.field[0], "12\" TV");
	T_STREQ(r.field[1], "x");
	T_INTEQ(r.st.stray_quotes, 1);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.lineno, 3);
	T_OK(r.bad != NULL && strstr(r.bad, "quot") != NULL);
	T_INTEQ(r.nfield, 2);
	T_STREQ(r.field[0], "\"ab\"c");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_OK(r.bad == NULL);
	T_STREQ(r.field[0], "ok");
	T_INTEQ(r.lineno, 4);
	/* A quote never closed runs to the end: one bad record. */
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.lineno, 5);
	T_OK(r.bad != NULL && strstr(r.bad, "never closed") != NULL);
	T_INTEQ(csvin_next(&r), CSVIN_EOF);
	csvin_close(&r);
	fclose(fp);
}

static void
test_bom_crlf_tsv(void)
{
	struct csvin r;
	char err[FU_ERRBUF];
	FILE *fp;

	fp = T_INPUT("\xEF\xBB\xBF日期\t客户\t金额\r\n"
	    "2026-11-03\t\"赵,六\"\t1,580.00\r\n"
	    "2026-11-04\t\"多\r\n行\"\t98元");
	T_INTEQ(csvin_open(&r, fp, "in.tsv", ENC_AUTO, err), 0);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.st.bom, 1);
	T_INTEQ(r.delim, '\t');
	T_STREQ(r.field[0], "日期");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_STREQ(r.field[1], "赵,六");
	T_STREQ(r.field[2], "1,580.00");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.lineno, 3);
	/* A CRLF inside a quoted field is kept, as written. */
	T_STREQ(r.field[1], "多\r\n行");
	T_STREQ(r.field[2], "98元");
	T_INTEQ(csvin_next(&r), CSVIN_EOF);
	T_INTEQ(r.st.crlf, 3);
	csvin_close(&r);
	fclose(fp);
}

static const char gbtext[] = "2026年11月销售明细\r\n"
    "单号,店名,客户,金额\r\n"
    "B1,城东店,钱七,\"1,580.00\"\r\n"
    "B2,城东店,孙八,￥980\r\n";

static void
test_gb18030(void)
{
	struct csvin r;
	char err[FU_ERRBUF], *gb;
	size_t n;
	FILE *fp;

	gb = encode("GB18030", gbtext, &n);
	fp = t_input(gb, n);
	T_INTEQ(csvin_open(&r, fp, "gb.csv", ENC_AUTO, err), 0);
	T_INTEQ(r.enc, ENC_GB18030);
	T_STREQ(csvin_enc_name(&r), "gb18030");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_STREQ(r.field[0], "2026年11月销售明细");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_STREQ(r.field[1], "店名");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_STREQ(r.field[2], "钱七");
	T_STREQ(r.field[3], "1,580.00");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_STREQ(r.field[3], "￥980");
	T_INTEQ(r.lineno, 4);
	T_INTEQ(csvin_next(&r), CSVIN_EOF);
	csvin_close(&r);

	/* Forced UTF-8 on GB18030 bytes: each such record is flagged. */
	rewind(fp);
	T_INTEQ(csvin_open(&r, fp, "gb.csv", ENC_UTF8, err), 0);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_OK(r.bad != NULL && strstr(r.bad, "not UTF-8") != NULL);
	T_OK(u8_valid(r.field[0], r.len[0], NULL));
	csvin_close(&r);
	fclose(fp);

	/* Forced GBK works on the same bytes. */
	fp = t_input(gb, n);
	T_INTEQ(csvin_open(&r, fp, "gb.csv", ENC_GBK, err), 0);
	csvin_next(&r);
	T_STREQ(r.field[0], "2026年11月销售明细");
	csvin_close(&r);
	fclose(fp);

	/* Bytes invalid in GB18030 itself: flagged, then it goes on. */
	{
		char bad[] = "a,b\n\x81\x20x,y\nc,d\n";

		fp = T_INPUT(bad);
		T_INTEQ(csvin_open(&r, fp, "bad.csv", ENC_GB18030, err), 0);
		T_INTEQ(csvin_next(&r), CSVIN_OK);
		T_INTEQ(csvin_next(&r), CSVIN_OK);
		T_OK(r.bad != NULL && strstr(r.bad, "gb18030") != NULL);
		T_INTEQ(csvin_next(&r), CSVIN_OK);
		T_OK(r.bad == NULL);
		T_STREQ(r.field[0], "c");
		T_INTEQ(r.lineno, 3);
		T_INTEQ(r.st.bad_bytes, 1);
		csvin_close(&r);
		fclose(fp);
	}
	free(gb);
}

static void
test_utf16(void)
{
	struct csvin r;
	char err[FU_ERRBUF], *u16;
	size_t n;
	FILE *fp;

	u16 = encode("UTF-16LE", "\xEF\xBB\xBF客户\t电话\r\n周九\t13800138000\r\n",
	    &n);
	fp = t_input(u16, n);
	T_INTEQ(csvin_open(&r, fp, "u16.txt", ENC_AUTO, err), 0);
	T_STREQ(csvin_enc_name(&r), "utf-16le");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_STREQ(r.field[0], "客户");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_STREQ(r.field[1], "13800138000");
	T_INTEQ(csvin_next(&r), CSVIN_EOF);
	csvin_close(&r);
	fclose(fp);
	free(u16);
}

/* A large file: GB18030 found only after the first 64 KiB. */
static void
test_late_gb(void)
{
	struct csvin r;
	char err[FU_ERRBUF], *gb;
	size_t n, i, rows = 0;
	FILE *fp = tmpfile();

	fputs("name,n\n", fp);
	for (i = 0; i < 20000; i++)
		fprintf(fp, "plain,%zu\n", i);
	gb = encode("GB18030", "张三,1\n", &n);
	fwrite(gb, 1, n, fp);
	rewind(fp);
	T_INTEQ(csvin_open(&r, fp, "late.csv", ENC_AUTO, err), 0);
	T_INTEQ(r.enc, ENC_GB18030);
	while (csvin_next(&r) == CSVIN_OK)
		rows++;
	T_INTEQ(rows, 20002);
	T_STREQ(r.field[0], "张三");
	csvin_close(&r);
	fclose(fp);
	free(gb);
}

/* Standard input from a pipe: judged by its start. */
static void
test_pipe(void)
{
	struct csvin r;
	char err[FU_ERRBUF];
	int fds[2];
	pid_t pid;
	FILE *fp;
	size_t rows = 0;

	if (pipe(fds) == -1)
		return;
	if ((pid = fork()) == 0) {
		FILE *w = fdopen(fds[1], "w");
		int i;

		close(fds[0]);
		fputs("客户,金额\n", w);
		for (i = 0; i < 50000; i++)
			fprintf(w, "客户%d,%d\n", i, i);
		fclose(w);
		_exit(0);
	}
	close(fds[1]);
	fp = fdopen(fds[0], "r");
	T_INTEQ(csvin_open(&r, fp, "-", ENC_AUTO, err), 0);
	T_INTEQ(r.enc, ENC_UTF8);
	while (csvin_next(&r) == CSVIN_OK) {
		if (r.bad != NULL)
			break;
		rows++;
	}
	T_INTEQ(rows, 50001);
	T_STREQ(r.field[0], "客户49999");
	csvin_close(&r);
	fclose(fp);
	waitpid(pid, NULL, 0);
}

/*
 * Plenty of Chinese in the first 64 KiB settles on UTF-8: a bad byte
 * further on is that line's fault, not a reason to decode it all as
 * GB18030.
 */
static void
test_sample_decides(void)
{
	struct csvin r;
	char err[FU_ERRBUF];
	size_t i, rows = 0, bad = 0;
	FILE *fp = tmpfile();

	fputs("客户,金额\n", fp);
	for (i = 0; i < 5000; i++)
		fprintf(fp, "客户%zu,%zu\n", i, i);
	fputs("bad\377byte,1\n", fp);
	fputs("张三,2\n", fp);
	rewind(fp);
	T_INTEQ(csvin_open(&r, fp, "big.csv", ENC_AUTO, err), 0);
	T_INTEQ(r.enc, ENC_UTF8);
	T_INTEQ(r.prevalid, 0);
	while (csvin_next(&r) == CSVIN_OK) {
		rows++;
		if (r.bad != NULL) {
			bad++;
			T_INTEQ(r.lineno, 5002);
			T_STREQ(r.field[0], "bad?byte");
			T_OK(strstr(r.bad, "0xff (byte 4 of the line) is not "
			    "UTF-8") != NULL);
		}
	}
	T_INTEQ(rows, 5003);
	T_INTEQ(bad, 1);
	T_INTEQ(r.st.bad_bytes, 1);
	T_STREQ(r.field[0], "张三");
	csvin_close(&r);
	fclose(fp);
}

/* Read in full before parsing: a file written meanwhile is noticed. */
static void
test_changed(void)
{
	struct csvin r;
	char err[FU_ERRBUF], *path;
	size_t i, rows;
	FILE *fp, *w;
	int round;

	path = t_write_temp("name,n\n");
	w = fopen(path, "a");
	for (i = 0; i < 20000; i++)
		fprintf(w, "plain,%zu\n", i);
	fclose(w);
	for (round = 0; round < 2; round++) {
		fp = fopen(path, "r");
		T_INTEQ(csvin_open(&r, fp, "grow.csv", ENC_AUTO, err), 0);
		T_INTEQ(r.enc, ENC_UTF8);
		T_INTEQ(r.prevalid, 1);
		if (round == 1) {
			w = fopen(path, "a");
			fputs("more,1\n", w);
			fclose(w);
		}
		rows = 0;
		while (csvin_next(&r) == CSVIN_OK)
			rows++;
		T_INTEQ(r.changed, round);
		T_OK(rows >= 20001);
		csvin_close(&r);
		fclose(fp);
	}
	unlink(path);
	free(path);
}

/* whole_lines: plain lines are the caller's to check and cut. */
static void
test_whole_lines(void)
{
	struct csvin r;
	char err[FU_ERRBUF], why[FU_ERRBUF], line[] = "a\377b,c";
	FILE *fp;

	fp = T_INPUT("单号,客户\nA1,张三\nA2,\"李,四\"\nA4,55\" TV\n\nA3,王五");
	T_INTEQ(csvin_open(&r, fp, "in.csv", ENC_AUTO, err), 0);
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.nfield, 2);
	r.whole_lines = 1;
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.plain, 1);
	T_INTEQ(r.nfield, 0);
	T_INTEQ(r.linelen, strlen("A1,张三"));
	T_OK(memcmp(r.line, "A1,张三", r.linelen) == 0);
	T_INTEQ(r.lineno, 2);
	/* Clean quotes: whole too, for csvin_cut_quoted. */
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.plain, 1);
	T_INTEQ(r.quoted, 1);
	T_INTEQ(r.nfield, 0);
	T_OK(memcmp(r.line, "A2,\"李,四\"", r.linelen) == 0);
	/* A quote inside a plain field: libcsv's to judge. */
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.plain, 0);
	T_INTEQ(r.nfield, 2);
	T_STREQ(r.field[1], "55\" TV");
	T_INTEQ(csvin_next(&r), CSVIN_OK);
	T_INTEQ(r.plain, 1);
	T_INTEQ(r.quoted, 0);
	T_INTEQ(r.lineno, 6);
	T_INTEQ(csvin_next(&r), CSVIN_EOF);
	T_INTEQ(r.st.blank, 1);
	csvin_close(&r);
	fclose(fp);

	T_INTEQ(csvin_line_check(ENC_UTF8, 0, line, strlen(line), why,
	    sizeof(why)), -1);
	T_STREQ(line, "a?b,c");
	T_STREQ(why, "byte 0xff (byte 2 of the line) is not UTF-8 (a GB18030 "
	    "file? try -e gb18030)");
	T_INTEQ(csvin_line_check(ENC_UTF8, 0, line, strlen(line), why,
	    sizeof(why)), 0);
	line[1] = (char)0x81;
	T_INTEQ(csvin_line_check(ENC_UTF16, 1, line, strlen(line), why,
	    sizeof(why)), -1);
	T_STREQ(why, "bytes that are not valid utf-16be");
}

/* Cut as libcsv splits it; unclean quoting left to libcsv. */
static void
cut_case(const char *in, const char *want)
{
	char buf[128], got[256], *p = buf, *f;
	size_t n, used = 0;

	snprintf(buf, sizeof(buf), "%s", in);
	while (p != NULL) {
		f = csvin_cut_quoted(&p, buf + strlen(in), ',', &n);
		used += snprintf(got + used, sizeof(got) - used, "[%.*s]",
		    (int)n, f);
		T_INTEQ(strlen(f), n);
	}
	T_STREQ(got, want);
}

static void
test_cut_quoted(void)
{
	static const char *const unclean[] = {
		"a,b\"c", "\"a\"b,c", "\"a", "a,\"b\"\"", " \"a\",b",
		"\"a\" ,b", "a,\"b", "\"\"\"", NULL
	};
	struct csvin r;
	char err[FU_ERRBUF];
	FILE *fp;
	size_t i;

	cut_case("\"1,580.00\",x", "[1,580.00][x]");
	cut_case("a,\"\",b", "[a][][b]");
	cut_case("\"\"", "[]");
	cut_case("\"\"\"\"", "[\"]");
	cut_case("\"say \"\"hi\"\"\",\"x\"", "[say \"hi\"][x]");
	cut_case("a,\"b,c\",", "[a][b,c][]");
	cut_case("\"\"\"a\"\"\"", "[\"a\"]");
	/* Lines libcsv must see: none comes back plain. */
	for (i = 0; unclean[i] != NULL; i++) {
		fp = t_input(unclean[i], strlen(unclean[i]));
		T_INTEQ(csvin_open(&r, fp, "in.csv", ENC_UTF8, err), 0);
		r.whole_lines = 1;
		T_INTEQ(csvin_next(&r), CSVIN_OK);
		T_INTEQ(r.plain, 0);
		csvin_close(&r);
		fclose(fp);
	}
}

/* csvin_split agrees with csvin_cut, field after field. */
static void
test_split(void)
{
	static const char alphabet[] = ",-+a中\t";
	char a[80], b[80], *f[81], *p, *g;
	size_t len[81], i, k, n, m, gl;
	unsigned long x = 12345;
	int round;

	for (round = 0; round < 4000; round++) {
		n = (size_t)round % 40;
		for (i = 0; i < n; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			a[i] = alphabet[(x >> 33) % (sizeof(alphabet) - 1)];
		}
		a[n] = '\0';
		memcpy(b, a, n + 1);
		m = csvin_split(a, n, ',', f, len);
		p = b;
		for (k = 0; p != NULL; k++) {
			g = csvin_cut(&p, b + n, ',', &gl);
			T_OK(k < m && len[k] == gl && strcmp(f[k], g) == 0 &&
			    f[k] - a == g - b);
		}
		T_INTEQ(k, m);
	}
}

static void
test_enc_names(void)
{
	T_INTEQ(csvin_enc_parse("utf-8"), ENC_UTF8);
	T_INTEQ(csvin_enc_parse("UTF8"), ENC_UTF8);
	T_INTEQ(csvin_enc_parse("gb18030"), ENC_GB18030);
	T_INTEQ(csvin_enc_parse("gbk"), ENC_GBK);
	T_INTEQ(csvin_enc_parse("auto"), ENC_AUTO);
	T_INTEQ(csvin_enc_parse("latin1"), -1);
}

int
main(void)
{
	test_quoting();
	test_broken();
	test_bom_crlf_tsv();
	test_gb18030();
	test_utf16();
	test_late_gb();
	test_pipe();
	test_sample_decides();
	test_changed();
	test_whole_lines();
	test_cut_quoted();
	test_split();
	test_enc_names();
	return t_done("test_csvin");
}
