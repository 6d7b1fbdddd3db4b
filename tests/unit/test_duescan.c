/* test_duescan.c: fu-due's block reader and its call-log reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/duelog.h"
#include "log/duescan.h"
#include "base/err.h"
#include "base/hash.h"
#include "log/logfile.h"
#include "fmt/outcome.h"
#include "t.h"
#include "base/text.h"
#include "fmt/tsv.h"

/*
 * duescan_lines must hand out exactly the records of tsv_next_raw, with
 * their line numbers, whatever the block size: tsv.c is the oracle.
 */
static void
same_as_tsv(const char *text, size_t n, size_t block)
{
	struct tsv_reader t;
	struct duescan sc;
	struct dueline l[8];
	FILE *a = t_input(text, n), *b = t_input(text, n);
	char *raw;
	size_t rawlen;
	long got, k, recs = 0;
	int rc = TSV_OK;

	T_INTEQ(tsv_open(&t, a, "a"), 0);
	duescan_init(&sc, b, t.ncol);
	while ((got = duescan_lines(&sc, l, block)) > 0) {
		T_OK((size_t)got <= block);
		for (k = 0; k < got; k++) {
			rc = tsv_next_raw(&t, &raw, &rawlen);
			if (!T_INTEQ(rc, TSV_OK))
				break;
			T_INTEQ(l[k].len, rawlen);
			T_OK(memcmp(l[k].s, raw, rawlen) == 0);
			T_INTEQ(l[k].s[l[k].len], '\0');
			T_INTEQ(l[k].lineno, t.lineno);
			recs++;
		}
	}
	T_INTEQ(got, 0);
	T_INTEQ(tsv_next_raw(&t, &raw, &rawlen), TSV_EOF);
	tsv_close(&t);
	duescan_free(&sc);
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
		"a\tb\n",
		"a\tb",
		"",
		"a\tb\n1\n1\t2\t3\n\\t\t\\\\\n",	/* bad rows, escapes */
	};
	char *big;
	size_t i, b, n;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (b = 1; b <= 8; b *= 2)
			same_as_tsv(texts[i], strlen(texts[i]), b);
	/* Lines longer than the buffer, and many blocks of lines. */
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
	same_as_tsv(big, n, 8);
	free(big);
}

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

/* duescan_id of field (s, n) against fu_id_parse of it cut out. */
static void
id_like_fu(const char *line, size_t n)
{
	char buf[64];
	uint64_t a = 0, b = 0;
	int ra, rb;

	memcpy(buf, line, n);
	buf[n] = '\0';
	ra = duescan_id(line, n, &a);
	rb = fu_id_parse(buf, &b);
	T_INTEQ(ra, rb);
	if (ra == 0)
		T_U64EQ(a, b);
}

static void
test_id(void)
{
	uint64_t id;
	static const char nul[] = "0123456789abcdef\0zz\tx";

	T_INTEQ(duescan_id("0123456789abcdef\tx", 16, &id), 0);
	T_U64EQ(id, UINT64_C(0x0123456789abcdef));
	T_INTEQ(duescan_id("FFFFFFFFFFFFFFFF", 16, &id), 0);
	T_U64EQ(id, UINT64_MAX);
	id_like_fu("0123456789abcdef\tx", 16);
	id_like_fu("0123456789ABCDEF", 16);
	id_like_fu("0123456789abcde\t", 15);
	id_like_fu("0123456789abcdef0\t", 17);
	id_like_fu("0123456789abcdeg", 16);
	id_like_fu("g123456789abcdef", 16);
	id_like_fu("0123456789\\tbcdef", 17);
	id_like_fu(nul, 19);			/* a NUL after the digits */
	id_like_fu("", 0);
	T_INTEQ(duescan_id("0123456789abcdef0", 17, &id), -1);
}

/*
 * The records in force, their fields unescaped (each cut out once, so
 * asking twice gives the same), corrections of corrections.
 */
static void
test_log(void)
{
	static const char log[] =
	    "ts\tid\toutcome\tq1\tagent\tsupersedes\n"
	    "2026-11-13T10:05\t0000000000011eef\tno_answer\t\t张\\\\敏\t\n"
	    "2026-11-13T10:06\t0000000000013dde\tno_answer\t3\ta\\tb\t\r\n"
	    "\n"
	    "2026-11-13T11:00\t0000000000013dde\tsuccess\t5\t\t"
	    "2026-11-13T10:06 0000000000013dde\n"
	    "2026-11-13T12:00\t0000000000015ccd\tbusy\t\t\t\n"
	    "2026-11-13T12:30\t0000000000015ccd\tbusy\t\t\t"
	    "2026-11-13T12:00 0000000000015ccd\n"
	    "2026-11-13T12:40\t0000000000015ccd\tsuccess\t\t\t"
	    "2026-11-13T12:30 0000000000015ccd\n"
	    "2026-11-13T13:00\t0000000000017bbc\tcallback\t\t\\\\\t";
	static const struct {
		long		 line;
		uint64_t	 id;
		int		 outcome;
		const char	*agent;
		const char	*q1;
	} want[] = {
		{ 2, 0x11eef, OC_NO_ANSWER, "张\\敏", "" },
		{ 5, 0x13dde, OC_SUCCESS, "", "5" },
		{ 8, 0x15ccd, OC_SUCCESS, "", "" },
		{ 9, 0x17bbc, OC_CALLBACK, "\\", "" },
	};
	struct duelog dl;
	struct duelog_rec dr[DUELOG_BLOCK];
	char err[FU_ERRBUF], *path = t_write_temp(log);
	const char *a;
	size_t la, c;
	long n, k, recs = 0;

	T_INTEQ(duelog_open(&dl, path, NULL, err), 0);
	while ((n = duelog_next(&dl, dr)) > 0)
		for (k = 0; k < n && recs < 4; k++, recs++) {
			T_INTEQ(dr[k].lineno, want[recs].line);
			T_U64EQ(dr[k].id, want[recs].id);
			T_INTEQ(dr[k].outcome, want[recs].outcome);
			for (c = 0; c < 2; c++) {
				a = duelog_field(&dl, &dr[k], LC_AGENT, &la);
				T_STREQ(a, want[recs].agent);
				T_INTEQ(la, strlen(want[recs].agent));
				T_STREQ(duelog_field(&dl, &dr[k], LC_Q1, NULL),
				    want[recs].q1);
				/* No such column: empty. */
				T_STREQ(duelog_field(&dl, &dr[k], LC_NOTE,
				    &la), "");
				T_INTEQ(la, 0);
			}
		}
	T_INTEQ(n, 0);
	T_INTEQ(recs, 4);
	T_INTEQ(dl.records, 4);
	T_INTEQ(dl.superseded, 3);
	duelog_close(&dl);
	unlink(path);
	free(path);

	/* Not a call log: the same word as calllog's. */
	path = t_write_temp("ts\tid\n");
	T_INTEQ(duelog_open(&dl, path, NULL, err), -1);
	T_OK(strstr(err, "not a call log: no outcome column") != NULL);
	unlink(path);
	free(path);
}

int
main(void)
{
	test_lines();
	test_tabs();
	test_id();
	test_log();
	return t_done("test_duescan");
}
