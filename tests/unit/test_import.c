/*
 * test_import.c: fu-import's row check, through import.h.  Each case
 * imports a small export and looks at what became of every row: the
 * normalized fields of an accepted row (its id too), the reason of a
 * rejected one (in the reject file and on standard error), the type
 * guessed from the headers, duplicates, held short rows and footers,
 * and the counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "import/export.h"
#include "import/import.h"
#include "t.h"

struct result {
	char			*out;	/* the contacts, header first */
	char			*rej;	/* the reject file */
	char			*err;	/* standard error, the input as IN */
	struct import_counts	 c;
	int			 status;
	int			 opened;
};

/* Every occurrence of from in s replaced by to (to no longer than from). */
static void
replace_all(char *s, const char *from, const char *to)
{
	size_t nf = strlen(from), nt = strlen(to);
	char *p;

	while ((p = strstr(s, from)) != NULL) {
		memcpy(p, to, nt);
		memmove(p + nt, p + nf, strlen(p + nf) + 1);
	}
}

/*
 * Import csv with the options given (NULL: none), standard error caught
 * in a file.  The input's temporary name reads "IN" in what comes back.
 */
static struct result
run(const char *csv, const struct import_opts *given)
{
	struct import_opts opt;
	struct import im;
	struct result r;
	char *in, *rejpath, *errpath, prog[64];
	FILE *out;
	int saved, fd;

	memset(&r, 0, sizeof(r));
	if (given != NULL)
		opt = *given;
	else {
		memset(&opt, 0, sizeof(opt));
		opt.enc = ENC_AUTO;
	}
	/* The tests' today, unless one says otherwise. */
	if (opt.today == 0)
		opt.today = date_from_ymd(2026, 12, 1);
	in = t_write_temp(csv);
	rejpath = t_write_temp("");
	errpath = t_write_temp("");
	out = tmpfile();
	fflush(stderr);
	saved = dup(2);
	fd = open(errpath, O_WRONLY | O_TRUNC);
	dup2(fd, 2);
	close(fd);

	if (import_init(&im, &opt) == 0) {
		r.opened = import_open(&im, in) == 0;
		if (!opt.check)
			import_write_header(&im, out);
		import_run(&im, opt.check ? NULL : out);
		if (opt.check)
			import_report(&im, out);
		else
			import_write_rejects(&im, rejpath);
	}
	r.c = im.total;
	r.status = im.status;
	import_free(&im);

	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fflush(out);
	rewind(out);
	{
		long n;

		fseek(out, 0, SEEK_END);
		n = ftell(out);
		rewind(out);
		r.out = malloc(n + 1);
		r.out[fread(r.out, 1, n, out)] = '\0';
	}
	fclose(out);
	r.rej = t_slurp(rejpath);
	r.err = t_slurp(errpath);
	replace_all(r.out, in, "IN");
	replace_all(r.rej, in, "IN");
	replace_all(r.err, in, "IN");
	snprintf(prog, sizeof(prog), "%s: ", fu_progname());
	replace_all(r.err, prog, "");
	unlink(in);
	unlink(rejpath);
	unlink(errpath);
	free(in);
	free(rejpath);
	free(errpath);
	return r;
}

static void
result_free(struct result *r)
{
	free(r->out);
	free(r->rej);
	free(r->err);
}

/*
 * Field col (from 0) of line row (from 0, the header) of a TSV text,
 * into a static buffer (one value at a time); "(none)" when there is
 * no such field.
 */
static const char *
cell(const char *text, int row, int col)
{
	static char buf[512];
	const char *p = text, *end;
	size_t n;
	int i;

	for (i = 0; i < row && p != NULL; i++)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	if (p == NULL || *p == '\0')
		return "(none)";
	for (i = 0; i < col; i++) {
		p += strcspn(p, "\t\n");
		if (*p != '\t')
			return "(none)";
		p++;
	}
	end = p + strcspn(p, "\t\n");
	n = (size_t)(end - p) < sizeof(buf) - 1 ? (size_t)(end - p) :
	    sizeof(buf) - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

static long
lines(const char *text)
{
	long n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* The id of a row: order, type, store, date, phone, amount, item. */
static const char *
want_id(const char *order, const char *type, const char *store,
    const char *date, const char *phone, const char *amount, const char *item)
{
	static char hex[17];
	const char *f[7] = { order, type, store, date, phone, amount, item };
	size_t len[7], i;

	for (i = 0; i < 7; i++)
		len[i] = strlen(f[i]);
	fu_id_format(fu_id(f, len, 7), hex);
	return hex;
}

/* Columns of the contacts. */
enum { ID, TYPE, STORE, SIZE, DATE, CUSTOMER, PHONE, AMOUNT, ITEM, SRC,
    EXTRA1 };

/* An accepted row: every field normalized, the id of those fields. */
static void
test_accepted(void)
{
	struct result r;

	r = run("订单号,门店,日期,客户,电话,金额,商品,备注\n"
	    "A1, 城东店 ,2026/11/3,王建军,138 0013 8000,\"1,580.5\",电视,急\n"
	    "A2,城东店,2026年11月4日 10:05,李四,+86 139-0013-9000,￥980元,"
	    "冰箱,\n"
	    "A3,城东店,46329,张三,(010)12345678,1.5万,,x\n", NULL);
	T_OK(r.opened);
	T_INTEQ(r.status, 0);
	T_INTEQ(lines(r.out), 4);
	T_STREQ(cell(r.out, 0, EXTRA1), "备注");
	T_STREQ(cell(r.out, 1, TYPE), "service");
	T_STREQ(cell(r.out, 1, STORE), "城东店");
	T_STREQ(cell(r.out, 1, SIZE), "");
	T_STREQ(cell(r.out, 1, DATE), "2026-11-03");
	T_STREQ(cell(r.out, 1, CUSTOMER), "王建军");
	T_STREQ(cell(r.out, 1, PHONE), "13800138000");
	T_STREQ(cell(r.out, 1, AMOUNT), "1580.50");
	T_STREQ(cell(r.out, 1, ITEM), "电视");
	T_STREQ(cell(r.out, 1, SRC), "IN:2");
	T_STREQ(cell(r.out, 1, EXTRA1), "急");
	T_STREQ(cell(r.out, 1, ID), want_id("A1", "service", "城东店",
	    "2026-11-03", "13800138000", "1580.50", "电视"));
	T_STREQ(cell(r.out, 2, DATE), "2026-11-04");
	T_STREQ(cell(r.out, 2, PHONE), "13900139000");
	T_STREQ(cell(r.out, 2, AMOUNT), "980.00");
	T_STREQ(cell(r.out, 2, EXTRA1), "");
	T_STREQ(cell(r.out, 3, DATE), "2026-11-03");
	T_STREQ(cell(r.out, 3, PHONE), "010-12345678");
	T_STREQ(cell(r.out, 3, AMOUNT), "15000.00");
	T_STREQ(cell(r.out, 3, ITEM), "");
	T_STREQ(cell(r.out, 3, ID), want_id("A3", "service", "城东店",
	    "2026-11-03", "010-12345678", "15000.00", ""));
	T_INTEQ(r.c.rows, 3);
	T_INTEQ(r.c.imported, 3);
	T_INTEQ(r.c.rejected, 0);
	T_STREQ(r.err, "IN: 3 rows: 3 imported, 0 rejected, "
	    "0 duplicates\n");
	result_free(&r);
}

/* The reason of reject row (from 1) and its src, "IN:LINE". */
#define REASON(r, row)	cell((r).rej, (row), 1)
#define REJSRC(r, row)	cell((r).rej, (row), 0)

/* Each check that rejects a row, with its reason and its count. */
static void
test_rejected(void)
{
	struct result r;

	r = run("门店,日期,电话,金额,店型\n"
	    "A,2026-11-03,13800138000,100,大店\n"		/* 2 ok */
	    "A,2026-11-03,1380013800,100,\n"		/* 3 phone */
	    "A,2026-11-03,,100,\n"			/* 4 phone empty */
	    "A,2026-02-30,13800138001,100,\n"		/* 5 date */
	    "A,,13800138001,100,\n"			/* 6 date empty */
	    "A,下周三,13800138001,100,\n"		/* 7 date */
	    ",2026-11-03,13800138001,100,\n"		/* 8 store */
	    "  ,2026-11-03,13800138001,100,\n"		/* 9 store blank */
	    "A,2026-11-03,13800138001,abc,\n"		/* 10 amount */
	    "A,2026-11-03,13800138001,-5,\n"		/* 11 amount < 0 */
	    "A,2026-11-03,13800138001,1.234,\n"		/* 12 amount */
	    "A,2026-11-03,13800138001,,中店\n"		/* 13 size */
	    "A,2026-11-03,13800138001,,小店,x,y\n"	/* 14 fields */
	    "A,2026-11-03,13800138001,\"1\"2,小\n"	/* 15 quoting */
	    "A,2026-11-03,13800138002,,小\n", NULL);	/* 16 ok */
	T_INTEQ(r.status, 1);
	T_INTEQ(r.c.rows, 15);
	T_INTEQ(r.c.imported, 3);
	T_INTEQ(r.c.rejected, 12);
	T_INTEQ(r.c.duplicates, 0);
	T_INTEQ(r.c.reason[RJ_PHONE], 2);
	T_INTEQ(r.c.reason[RJ_DATE], 3);
	T_INTEQ(r.c.reason[RJ_STORE], 2);
	T_INTEQ(r.c.reason[RJ_AMOUNT], 3);
	/* A size fu does not know is no reason to lose the customer. */
	T_INTEQ(r.c.reason[RJ_SIZE], 0);
	T_INTEQ(r.c.reason[RJ_FIELDS], 1);
	T_INTEQ(r.c.reason[RJ_CSV], 1);
	T_INTEQ(r.c.reason[RJ_TYPE], 0);
	T_INTEQ(r.c.reason[RJ_ENCODING], 0);
	T_STREQ(cell(r.out, 1, SIZE), "large");
	T_STREQ(cell(r.out, 1, AMOUNT), "100.00");
	T_STREQ(cell(r.out, 2, SRC), "IN:13");
	T_STREQ(cell(r.out, 2, SIZE), "");
	T_STREQ(cell(r.out, 3, SRC), "IN:16");
	T_STREQ(cell(r.out, 3, SIZE), "small");
	T_STREQ(cell(r.out, 3, AMOUNT), "");
	T_INTEQ(lines(r.out), 4);

	T_STREQ(cell(r.rej, 0, 0), "src");
	T_STREQ(cell(r.rej, 0, 1), "reason");
	/* The fields by their names, whatever the export called them. */
	T_STREQ(cell(r.rej, 0, 2), "order");
	T_STREQ(cell(r.rej, 0, 4), "store");
	T_STREQ(cell(r.rej, 0, 11), "extra_1");
	T_INTEQ(lines(r.rej), 13);
	T_STREQ(REJSRC(r, 1), "IN:3");
	/* The phone masked in the reason as in the message (no --verbose). */
	T_STREQ(REASON(r, 1), "phone \"138***3800\" has 10 digits");
	T_STREQ(REASON(r, 2), "phone is empty");
	T_STREQ(REASON(r, 3), "date: no such day: 2026-02-30");
	T_STREQ(REASON(r, 4), "date is empty");
	T_STREQ(REASON(r, 5), "date: \"下周三\" is not a date");
	T_STREQ(REASON(r, 6), "store is empty");
	T_STREQ(REASON(r, 7), "store is empty");
	T_STREQ(cell(r.rej, 7, 4), "  ");
	/* The type that was decided for the row. */
	T_STREQ(cell(r.rej, 7, 3), "service");
	T_STREQ(REASON(r, 8), "amount \"abc\" is not a number");
	T_STREQ(REASON(r, 9), "amount \"-5\" is negative");
	T_STREQ(REASON(r, 10), "amount \"1.234\" has more than 2 decimals");
	T_STREQ(REJSRC(r, 11), "IN:14");
	T_STREQ(REASON(r, 11), "7 fields, but the header (line 1) has 5");
	T_STREQ(cell(r.rej, 11, 11), "x");
	T_STREQ(cell(r.rej, 11, 12), "y");
	T_STREQ(REJSRC(r, 12), "IN:15");
	T_OK(strlen(REASON(r, 12)) > 0);
	T_OK(strstr(r.err, "IN:3: phone \"138***3800\" has 10 digits\n") !=
	    NULL);
	T_OK(strstr(r.err, "IN:14: 7 fields, but the header (line 1) has 5\n")
	    != NULL);
	T_OK(strstr(r.err, "IN:13: store size \"中店\" is not 大店 or 小店 "
	    "(large or small): store_size left empty in 1 row") != NULL);
	T_OK(strstr(r.err, "IN: 15 rows: 3 imported, 12 rejected, "
	    "0 duplicates\n") != NULL);
	result_free(&r);
}

/* The type: from a column (codes and Chinese names), -t, or the headers. */
static void
test_type(void)
{
	struct import_opts opt;
	struct result r;
	int t;

	r = run("类型,门店,日期,电话\n"
	    "服务,A,2026-11-03,13800138000\n"
	    "礼品核查,A,2026-11-03,13800138000\n"
	    " 核销 ,A,2026-11-03,13800138000\n"
	    "member,A,2026-11-03,13800138000\n"
	    "店面回访需求,A,2026-11-03,13800138000\n"
	    "Gift,A,2026-11-03,13800138000\n"
	    ",A,2026-11-03,13800138000\n", NULL);
	T_STREQ(cell(r.out, 1, TYPE), "service");
	T_STREQ(cell(r.out, 2, TYPE), "gift");
	T_STREQ(cell(r.out, 3, TYPE), "writeoff");
	T_STREQ(cell(r.out, 4, TYPE), "member");
	T_STREQ(cell(r.out, 5, TYPE), "request");
	T_INTEQ(r.c.reason[RJ_TYPE], 2);
	T_STREQ(REASON(r, 1), "type \"Gift\" is not service, gift, writeoff, "
	    "member or request (or 服务, 礼品, 核销, 会员, 需求)");
	T_STREQ(REASON(r, 2), "type \"\" is not service, gift, writeoff, "
	    "member or request (or 服务, 礼品, 核销, 会员, 需求)");
	/* The same rows are different contacts by type. */
	T_INTEQ(r.c.duplicates, 0);
	result_free(&r);

	/* An empty type takes -t's. */
	memset(&opt, 0, sizeof(opt));
	opt.enc = ENC_AUTO;
	opt.type = import_type_parse("会员", strlen("会员"));
	T_STREQ(opt.type, "member");
	r = run("类型,门店,日期,电话\n"
	    ",A,2026-11-03,13800138000\n"
	    "gift,A,2026-11-03,13800138000\n", &opt);
	T_STREQ(cell(r.out, 1, TYPE), "member");
	T_STREQ(cell(r.out, 2, TYPE), "gift");
	result_free(&r);

	/* No type column: a gift sheet by its headers, else service. */
	r = run("门店,签收日期,电话,礼品\n"
	    "A,2026-11-03,13800138000,茶具\n", NULL);
	T_STREQ(cell(r.out, 1, TYPE), "gift");
	T_STREQ(cell(r.out, 1, DATE), "2026-11-03");
	T_STREQ(cell(r.out, 1, ITEM), "茶具");
	result_free(&r);
	r = run("门店,日期,电话,商品\n"
	    "A,2026-11-03,13800138000,茶具\n", NULL);
	T_STREQ(cell(r.out, 1, TYPE), "service");
	result_free(&r);
	opt.type = "writeoff";
	r = run("门店,签收日期,电话,礼品\n"
	    "A,2026-11-03,13800138000,茶具\n", &opt);
	T_STREQ(cell(r.out, 1, TYPE), "writeoff");
	result_free(&r);

	T_STREQ(import_type_parse("gift", 4), "gift");
	T_STREQ(import_type_parse(" 服务回访\t", strlen(" 服务回访\t")),
	    "service");
	T_OK(import_type_parse("gifts", 5) == NULL);
	T_STREQ(import_size_parse("大店", strlen("大店")), "large");
	T_STREQ(import_size_parse(" S ", 3), "small");
	T_STREQ(import_size_parse("Large", 5), "large");
	T_OK(import_size_parse("medium", 6) == NULL);
	T_OK(import_size_parse("", 0) == NULL);
	T_STREQ(import_size_parse("Big", 3), "large");
	T_STREQ(import_size_parse("小型", strlen("小型")), "small");
	T_OK(import_size_parse("大店大店大店", strlen("大店大店大店")) == NULL);
	/* Every code and every name of contact.h, and the exports' words. */
	for (t = 0; t < CT_N; t++) {
		const char *code = contact_type_code(t);
		const char *name = contact_type_name(t);

		T_STREQ(import_type_parse(code, strlen(code)), code);
		T_STREQ(import_type_parse(name, strlen(name)), code);
	}
	T_STREQ(import_type_parse("销售", strlen("销售")), "service");
	T_STREQ(import_type_parse("礼品回访", strlen("礼品回访")), "gift");
	T_STREQ(import_type_parse("核销回访", strlen("核销回访")), "writeoff");
	T_STREQ(import_type_parse("会员", strlen("会员")), "member");
	T_STREQ(import_type_parse("回访需求", strlen("回访需求")), "request");
	T_OK(import_type_parse("", 0) == NULL);
}

/* The store and its size: -s, -S, the --stores list, a size column. */
static void
test_store(void)
{
	struct import_opts opt;
	struct result r;
	char *stores;

	stores = t_write_temp("store\tsize\n城东店\t小店\n河西店\tsmall\n");
	memset(&opt, 0, sizeof(opt));
	opt.enc = ENC_AUTO;
	opt.store = "总店";
	opt.size = "large";
	opt.stores = stores;
	r = run("门店,店型,日期,电话\n"
	    "城东店,,2026-11-03,13800138000\n"
	    "河西店,大店,2026-11-03,13800138001\n"
	    ",,2026-11-03,13800138002\n"
	    "万达店,小,2026-11-03,13800138003\n"
	    "万达店,小,2026-11-03,13800138004\n"
	    "万达店,大,2026-11-03,13800138005\n"
	    "万达店,大,2026-11-03,13800138006\n", &opt);
	T_INTEQ(r.status, 0);
	T_STREQ(cell(r.out, 1, SIZE), "small");
	T_STREQ(cell(r.out, 2, SIZE), "large");
	T_STREQ(cell(r.out, 3, STORE), "总店");
	T_STREQ(cell(r.out, 3, SIZE), "large");
	T_STREQ(cell(r.out, 4, SIZE), "small");
	T_STREQ(cell(r.out, 5, SIZE), "small");
	T_STREQ(cell(r.out, 6, SIZE), "large");
	T_STREQ(cell(r.out, 7, SIZE), "large");
	T_STREQ(cell(r.out, 3, ID), want_id("", "service", "总店",
	    "2026-11-03", "13800138002", "", ""));
	result_free(&r);
	unlink(stores);
	free(stores);

	/* No store column: -s gives every row's. */
	memset(&opt, 0, sizeof(opt));
	opt.enc = ENC_AUTO;
	opt.store = "总店";
	r = run("日期,电话\n2026-11-03,13800138000\n", &opt);
	T_STREQ(cell(r.out, 1, STORE), "总店");
	T_STREQ(cell(r.out, 1, SIZE), "");
	result_free(&r);
	/* Without -s, a file with no store column is refused. */
	r = run("日期,电话\n2026-11-03,13800138000\n", NULL);
	T_OK(!r.opened);
	T_INTEQ(r.status, 2);
	T_OK(strstr(r.err, "IN: no store column (") != NULL);
	result_free(&r);
}

/* The same contact twice is written once; the duplicate is counted. */
static void
test_duplicates(void)
{
	struct result r;

	r = run("门店,日期,电话,金额\n"
	    "A,2026-11-03,13800138000,100\n"
	    "A,2026/11/3,138-0013-8000,100.00\n"	/* the same contact */
	    "A,2026-11-03,13800138000,100.01\n"	/* another amount */
	    "B,2026-11-03,13800138000,100\n"		/* another store */
	    "A,2026-11-03,13800138000,100\n", NULL);
	T_INTEQ(r.status, 0);
	T_INTEQ(r.c.rows, 5);
	T_INTEQ(r.c.imported, 3);
	T_INTEQ(r.c.duplicates, 2);
	T_INTEQ(lines(r.out), 4);
	T_STREQ(cell(r.out, 1, SRC), "IN:2");
	T_STREQ(cell(r.out, 2, SRC), "IN:4");
	T_STREQ(cell(r.out, 3, SRC), "IN:5");
	T_STREQ(r.err, "IN: 5 rows: 3 imported, 0 rejected, 2 duplicates\n");
	result_free(&r);
}

/* Title rows, empty rows, footers, and short rows held until the end. */
static void
test_skipped(void)
{
	struct import_opts opt;
	struct result r;

	r = run("2026年11月销售明细\n"
	    "\n"
	    "门店,日期,电话,客户\n"
	    "A,2026-11-03,13800138000,甲\n"
	    ",,,\n"
	    "A,2026-11-03\n"			/* short, then data: rejected */
	    "A,2026-11-03,13800138001,乙\n"
	    "合计,,,2\n"			/* a totals row */
	    "制表人：王\n"			/* short rows at the end */
	    "备注\n", NULL);
	T_INTEQ(r.status, 1);
	T_INTEQ(r.c.rows, 3);
	T_INTEQ(r.c.imported, 2);
	T_INTEQ(r.c.rejected, 1);
	T_INTEQ(r.c.title, 1);
	T_INTEQ(r.c.empty, 1);
	T_INTEQ(r.c.footer, 3);
	T_STREQ(REJSRC(r, 1), "IN:6");
	T_STREQ(REASON(r, 1), "2 fields, but the header (line 3) has 4");
	T_STREQ(cell(r.out, 2, CUSTOMER), "乙");
	T_STREQ(r.err, "IN:6: 2 fields, but the header (line 3) has 4\n"
	    "IN: 3 rows: 2 imported, 1 rejected, 0 duplicates; skipped "
	    "1 title row, 3 footer rows, 1 empty row\n");
	result_free(&r);

	/* --check: the same verdicts, counted, nothing written. */
	memset(&opt, 0, sizeof(opt));
	opt.enc = ENC_AUTO;
	opt.check = 1;
	r = run("门店,日期,电话\n"
	    "A,2026-11-03,13800138000\n"
	    "A,2026-11-03,13800138000\n"
	    "A,2026-11-33,13800138000\n", &opt);
	T_INTEQ(r.c.imported, 1);
	T_INTEQ(r.c.duplicates, 1);
	T_INTEQ(r.c.reason[RJ_DATE], 1);
	/* Named as it would be rejected; no summary line. */
	T_STREQ(r.err, "IN:4: date: no such day: 2026-11-33\n");
	T_OK(strstr(r.out, "  rows:       3: 1 to import, 1 to reject, "
	    "1 duplicates\n") != NULL);
	T_OK(strstr(r.out, "  rejected:   1 for date\n") != NULL);
	T_OK(strstr(r.out, "  type        service (no column: inferred") !=
	    NULL);
	result_free(&r);
}

/* -m names a column; it is then no alias for another field. */
static void
test_map(void)
{
	struct import_opts opt;
	struct result r;

	memset(&opt, 0, sizeof(opt));
	opt.enc = ENC_AUTO;
	T_INTEQ(import_field_parse("phone"), CF_PHONE);
	T_INTEQ(import_field_parse("store_size"), CF_STORE_SIZE);
	T_INTEQ(import_field_parse("电话"), -1);
	opt.map[CF_PHONE] = "联系人手机";
	opt.map[CF_CUSTOMER] = "电话";
	r = run("门店,日期,电话,联系人手机,id\n"
	    "A,2026-11-03,王五,13800138000,7\n", &opt);
	T_INTEQ(r.status, 0);
	T_STREQ(cell(r.out, 1, PHONE), "13800138000");
	T_STREQ(cell(r.out, 1, CUSTOMER), "王五");
	/* A kept column named like a contacts column is renamed. */
	T_STREQ(cell(r.out, 0, EXTRA1), "orig_id");
	T_STREQ(cell(r.out, 1, EXTRA1), "7");
	result_free(&r);
}

/* names.c: each name once, in the order added, found by its bytes. */
static void
test_names(void)
{
	struct imp_names l;
	char name[32];
	size_t i;
	int added, bad = 0;

	imp_names_init(&l);
	T_INTEQ(imp_names_find(&l, "a", 1), -1);
	T_INTEQ(imp_names_add(&l, "备注", strlen("备注"), &added), 0);
	T_INTEQ(added, 1);
	T_INTEQ(imp_names_add(&l, "备注", strlen("备注"), &added), 0);
	T_INTEQ(added, 0);
	/* A prefix is another name; so is the empty one. */
	T_INTEQ(imp_names_add(&l, "备注", 3, &added), 1);
	T_INTEQ(added, 1);
	T_INTEQ(imp_names_add(&l, "", 0, NULL), 2);
	T_INTEQ(imp_names_find(&l, "", 0), 2);
	for (i = 0; i < 50000; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		if (imp_names_add(&l, name, strlen(name), NULL) != i + 3)
			bad++;
	}
	for (i = 0; i < 50000; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		if (imp_names_find(&l, name, strlen(name)) != (long)i + 3)
			bad++;
	}
	T_INTEQ(bad, 0);
	T_INTEQ(l.n, 50003);
	T_STREQ(l.name[3], "c0");
	T_INTEQ(imp_names_find(&l, "c50000", 6), -1);
	imp_names_free(&l);
}

int
main(void)
{
	test_names();
	setenv("FU_QUIET", "1", 1);
	test_accepted();
	test_rejected();
	test_type();
	test_store();
	test_duplicates();
	test_skipped();
	test_map();
	return t_done("test_import");
}
