/*
 * test_report.c: lib/report's book (sheet names made valid and unique,
 * widths of Chinese text, the temporary name and the rename, a write to
 * an earlier row in constant_memory mode caught, a failed book leaving
 * no file, the decimal point) and the exact file names with
 * --name-format.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "fmt/date.h"
#include "report/book.h"
#include "report/report.h"
#include "t.h"

/* UTF-16 units of a UTF-8 string, as Excel counts a sheet name. */
static size_t
units(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	for (; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			n += (*p >= 0xf0) ? 2 : 1;
	return n;
}

static void
test_names(const char *dir)
{
	struct book b;
	char path[512], err[FU_ERRBUF], *n[16];
	size_t i, k;
	struct book_sheet s;

	snprintf(path, sizeof(path), "%s/names.xlsx", dir);
	T_INTEQ(book_open(&b, path, 0, 0, NULL, err), 0);
	n[0] = book_sheet_name(&b, "城东店");
	T_STREQ(n[0], "城东店");
	n[1] = book_sheet_name(&b, "城东店");
	T_STREQ(n[1], "城东店(2)");
	n[2] = book_sheet_name(&b, "a[b]:c*d?e/f\\g");
	T_STREQ(n[2], "a_b__c_d_e_f_g");
	n[3] = book_sheet_name(&b, "''quoted''");
	T_STREQ(n[3], "quoted");
	n[4] = book_sheet_name(&b, "");
	T_STREQ(n[4], "未命名");
	n[5] = book_sheet_name(&b, "'");
	T_STREQ(n[5], "未命名(2)");
	n[6] = book_sheet_name(&b, "history");
	T_STREQ(n[6], "history(2)");
	n[7] = book_sheet_name(&b, "Store");
	n[8] = book_sheet_name(&b, "STORE");	/* case does not count */
	T_STREQ(n[8], "STORE(2)");
	/* 40 Chinese characters: cut to 31, and the second to 28 + (2) */
	n[9] = book_sheet_name(&b, "一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十");
	T_INTEQ(units(n[9]), 31);
	n[10] = book_sheet_name(&b, "一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十");
	T_INTEQ(units(n[10]), 31);
	T_OK(strstr(n[10], "(2)") != NULL);
	/* a cut never splits a character, nor leaves a quote at the end */
	n[11] = book_sheet_name(&b, "abcdefghijklmnopqrstuvwxyz1234'6789");
	T_STREQ(n[11], "abcdefghijklmnopqrstuvwxyz1234");
	n[12] = book_sheet_name(&b, "列表");	/* the drop-downs' sheet */
	T_STREQ(n[12], "列表(2)");
	/* libxlsxwriter takes each of them */
	for (i = 0; i < 13; i++) {
		T_INTEQ(workbook_validate_sheet_name(b.wb, n[i]), LXW_NO_ERROR);
		T_OK(workbook_add_worksheet(b.wb, n[i]) != NULL);
	}
	for (k = 0; k < 13; k++)
		free(n[k]);
	/* 600 stores of one long prefix stay unique */
	for (i = 0; i < 600; i++) {
		char want[128], *got;

		snprintf(want, sizeof(want), "某某市某某区某某街道某某购物中心"
		    "某某电器专卖店%zu", i);
		got = book_sheet_name(&b, want);
		T_OK(units(got) <= 31);
		T_OK(workbook_add_worksheet(b.wb, got) != NULL);
		free(got);
	}
	T_INTEQ(book_sheet_add(&b, &s, "一个", 2), 0);
	book_sheet_end(&s);
	T_INTEQ(book_close(&b, err), 0);
	T_INTEQ(access(path, F_OK), 0);
}

static void
test_width(void)
{
	T_OK(book_text_width("abc", 3) == 3);
	T_OK(book_text_width("城东店", strlen("城东店")) == 6);
	T_OK(book_text_width("ａ１", strlen("ａ１")) == 4);	/* full width */
	T_OK(book_text_width("ab\n城东店x", strlen("ab\n城东店x")) == 7);
	T_OK(book_text_width("", 0) == 0);
}

/* A file of the book under its real name only when it is whole. */
static void
test_whole(const char *dir)
{
	struct book b;
	struct book_sheet s;
	struct stat st;
	char path[512], err[FU_ERRBUF];

	snprintf(path, sizeof(path), "%s/w.xlsx", dir);
	T_INTEQ(book_open(&b, path, 0, 1, dir, err), 0);
	T_OK(access(path, F_OK) == -1);		/* not yet */
	T_OK(access(b.out.tmp, F_OK) == 0);	/* its temporary name */
	T_INTEQ(book_sheet_add(&b, &s, "记录", 2), 0);
	book_text(&s, 5, 0, "=1+1", BF_TEXT);
	T_INTEQ(b.failed, 0);
	/* constant_memory: an earlier row is an error, kept and said */
	book_text(&s, 2, 0, "late", BF_TEXT);
	T_INTEQ(b.failed, 1);
	T_OK(strstr(b.err, "row 3") != NULL);
	book_sheet_end(&s);
	T_INTEQ(book_close(&b, err), -1);
	T_OK(strstr(err, "w.xlsx") != NULL);
	T_OK(access(path, F_OK) == -1);		/* nothing under the name */

	/* a whole one replaces a file there, mode 0600 */
	T_INTEQ(book_open(&b, path, 0, 1, dir, err), 0);
	T_INTEQ(book_sheet_add(&b, &s, "记录", 2), 0);
	book_num(&s, 0, 0, 1.5, BF_NUM2);
	book_sheet_end(&s);
	T_INTEQ(book_close(&b, err), 0);
	T_INTEQ(stat(path, &st), 0);
	T_INTEQ(st.st_mode & 0777, 0600);

	/* a directory that is not there */
	snprintf(path, sizeof(path), "%s/no/such/w.xlsx", dir);
	T_INTEQ(book_open(&b, path, 0, 1, dir, err), -1);
	T_OK(strstr(err, "No such file") != NULL);
	/* TMPDIR missing: libxlsxwriter would fall back to /tmp silently */
	snprintf(path, sizeof(path), "%s/w2.xlsx", dir);
	T_INTEQ(book_open(&b, path, 0, 1, "/no/such/tmp", err), -1);
	T_OK(strstr(err, "TMPDIR") != NULL);
}

static void
test_decimal_point(const char *dir)
{
	struct book b;
	char path[512], err[FU_ERRBUF];

	/* a locale with a decimal comma, where there is one */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL &&
	    setlocale(LC_NUMERIC, "fr_FR.UTF-8") == NULL)
		return;
	snprintf(path, sizeof(path), "%s/d.xlsx", dir);
	T_INTEQ(book_open(&b, path, 0, 0, NULL, err), -1);
	T_OK(strstr(err, "LC_NUMERIC") != NULL);
	setlocale(LC_NUMERIC, "C");
}

static void
test_file_names(void)
{
	struct report_period p;
	char err[FU_ERRBUF], *n;

	memset(&p, 0, sizeof(p));
	T_INTEQ(week_parse("2026-11-W3", WEEK_THURSDAY, &p.wk, err), 0);
	p.mon.year = 2026;
	p.mon.month = 1;
	T_INTEQ(date_parse("2026-11-23", 10, 0, &p.day, err), 0);
	n = report_file_name(RK_SERVICE, &p, NULL, err);
	T_STREQ(n, "11月第3周客户回访记录单.xlsx");
	free(n);
	n = report_file_name(RK_GIFT, &p, NULL, err);
	T_STREQ(n, "11月第3周礼品回访记录单.xlsx");
	free(n);
	n = report_file_name(RK_MONTH, &p, NULL, err);
	T_STREQ(n, "1月客户回访汇总表.xlsx");	/* no leading zero */
	free(n);
	n = report_file_name(RK_CALLS, &p, NULL, err);
	T_STREQ(n, "2026-11-23回访清单.xlsx");
	free(n);
	n = report_file_name(RK_SERVICE, &p, "%Y年%N", err);
	T_STREQ(n, "2026年11月第3周客户回访记录单.xlsx");
	free(n);
	n = report_file_name(RK_SERVICE, &p, "%D_%m-%d_W%W_100%%.xlsx", err);
	T_STREQ(n, "2026-11-16_11-16_W3_100%.xlsx");
	free(n);
	/* 12月第1周 is the week of 2026-11-30 (its Thursday in December) */
	T_INTEQ(week_parse("2026-11-30", WEEK_THURSDAY, &p.wk, err), 0);
	n = report_file_name(RK_SERVICE, &p, "%Y-%N", err);
	T_STREQ(n, "2026-12月第1周客户回访记录单.xlsx");
	free(n);
	T_OK(report_file_name(RK_MONTH, &p, "%W", err) == NULL);
	T_OK(report_file_name(RK_MONTH, &p, "%Q", err) == NULL);
	T_OK(strstr(err, "%Q") != NULL);
	T_OK(report_file_name(RK_MONTH, &p, "a/%N", err) == NULL);
	T_OK(report_file_name(RK_MONTH, &p, "%N%", err) == NULL);
	T_OK(report_file_name(RK_MONTH, &p, ".%N", err) == NULL);
}

int
main(void)
{
	char dir[] = "/tmp/fu-test-report.XXXXXX";
	char cmd[128];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	setlocale(LC_ALL, "C");
	test_names(dir);
	test_width();
	test_whole(dir);
	test_decimal_point(dir);
	test_file_names();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 2;
	return t_done("test_report");
}
