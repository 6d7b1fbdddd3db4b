/*
 * gen: write a large, realistic store export (sales list, gift sign-off
 * sheet or service work orders) as CSV to standard output, for the
 * benchmarks and the scale tests of fu-import and the tools after it.
 *
 * The output is a pure function of the options: one SplitMix64 stream,
 * carried in a struct, and integer arithmetic only (amounts come from a
 * table built with integer steps, not from exp()), so the same options
 * give the same bytes on every machine.  Rows are formatted straight
 * into one large buffer, written with fwrite; nothing is allocated per
 * row.
 *
 * Faults, at the rate given by -f, are those of real exports: a phone
 * with spaces (accepted), a phone with 10 digits or in Excel's scientific
 * notation (rejected), a day that does not exist (rejected), an amount
 * with ¥ and thousands separators (accepted), a quoted field with a comma
 * and a newline (accepted), and an exact copy of an earlier good row (a
 * duplicate).  -v says on standard error what fu-import should make of it.
 *
 * Build: cc -std=c11 -O2 -o build/gen samples/gen.c
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define OUTBUF		(1u << 20)	/* bytes buffered before a write */
#define ROWMAX		1024		/* longest row gen can make, and more */
#define MAXROWS		99999999ULL	/* order numbers have 8 digits */
#define MAXSTORES	9999
#define REPEAT_PCT	8		/* rows of a customer seen before */

enum kind {
	K_SALES,		/* 销售明细 */
	K_GIFT,			/* 礼品签收表 */
	K_SERVICE		/* 服务工单 */
};

enum fault {
	F_NONE,
	F_SPACES,		/* "138 0013 8000": accepted */
	F_SHORT,		/* 10 digits: rejected */
	F_SCI,			/* "1.38001E+10": rejected */
	F_DATE,			/* a day past the month's end: rejected */
	F_MONEY,		/* "¥2,999.00": accepted */
	F_QUOTE,		/* a field with , and a newline: accepted */
	F_DUP,			/* an exact copy of a good row: a duplicate */
	F_NKINDS
};

static const char *const fault_names[F_NKINDS] = {
	"clean", "phone with spaces", "phone with 10 digits",
	"phone in scientific notation", "bad date",
	"amount with yen sign and commas",
	"field with comma and newline", "exact duplicate"
};

/* Date styles, as different stores' systems and clerks write them. */
enum {
	D_ISO,			/* 2026-11-03 */
	D_SLASH,		/* 2026/11/3, what Chinese Excel shows */
	D_CJK,			/* 2026年11月3日 */
	D_COMPACT		/* 20261103 */
};

/* Money styles of gift sheets and work orders (sales are always 0.00). */
enum {
	M_CENTS,		/* 299.00 */
	M_YUAN,			/* 299元 */
	M_PLAIN			/* 299 */
};

struct store {
	char		 name[32];
	int		 large;		/* 大店 */
	int		 dstyle;	/* D_* */
	int		 mstyle;	/* M_* */
};

struct rng {
	uint64_t	 s;		/* SplitMix64 state */
};

struct out {
	char		*buf;
	size_t		 len;
	FILE		*fp;
};

struct gen {
	struct rng	 rng;
	struct out	 out;
	enum kind	 kind;
	uint64_t	 seed;
	uint64_t	 nrows;
	uint32_t	 ppm;		/* fault rate, per million rows */
	int		 year, month, ndays;
	int		 crlf, bom, title, verbose;
	int		 export;	/* -E: shaped as real exports */
	struct store	*stores;
	uint32_t	*cum;		/* cumulative store weights */
	size_t		 nstores;
	uint64_t	 phone_key;	/* key of the phone bijection */
	uint32_t	 amount[700];	/* sales amounts in fen, 1% steps */
	size_t		 namount;
	char		 last[ROWMAX];	/* the last good row, for F_DUP */
	size_t		 lastlen;
	uint64_t	 lastfen;
	/* what was written */
	uint64_t	 nfault[F_NKINDS];
	uint64_t	 total;		/* fen, for the 合计 row */
	/* the row before, for a gift sheet's second gift */
	uint64_t	 prev_cust;
	unsigned	 prev_store, prev_item;
	int		 prev_day, prev_repeat, have_prev;
};

static const char *const districts[] = {
	"万达广场店", "城东店", "河西店", "城南店", "高新店", "开福店",
	"雨花店", "岳麓店", "天心店", "星沙店", "梅溪湖店", "五一广场店",
	"火车站店", "河东店", "城北店", "芙蓉店", "望城店", "暮云店",
	"洋湖店", "德思勤店", "金星店", "四方坪店", "马栏山店", "湘江新区店"
};

/* Common surnames, the most common ones more than once. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "王", "李", "张", "刘", "陈",
	"杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
	"郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐",
	"许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董",
	"袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
	"魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟",
	"谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦",
	"付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
	"薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",
	"毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴"
};

static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
	"刚", "桂英", "华", "建华", "建国", "志强", "晓燕", "红梅", "丽华",
	"国强", "海燕", "小红", "玉兰", "文", "斌", "宇", "浩", "凯",
	"鹏", "婷", "雪", "琳", "欣怡", "佳", "思远", "子轩", "浩然",
	"梓涵", "雨涵", "建军", "秀兰", "志明", "丽娟", "晓东", "春梅",
	"德明", "桂兰", "永刚", "淑珍", "美玲"
};

/* Mainland mobile prefixes, 1[3-9]x. */
static const char *const prefixes[] = {
	"130", "131", "132", "133", "134", "135", "136", "137", "138",
	"139", "145", "147", "150", "151", "152", "153", "155", "156",
	"157", "158", "159", "166", "173", "175", "176", "177", "178",
	"180", "181", "182", "183", "184", "185", "186", "187", "188",
	"189", "191", "198", "199"
};

/* Products by price band: below 800, 800-2999, 3000-7999, 8000 up. */
static const char *const band0[] = {
	"苏泊尔电饭煲SF40", "美的电风扇FS40", "九阳豆浆机DJ13",
	"格兰仕微波炉P70", "美的电磁炉C21", "小熊空气炸锅QZG",
	"飞科剃须刀FS903", "美的电水壶SH15"
};
static const char *const band1[] = {
	"美的洗衣机MG100V11D", "小天鹅洗衣机TG100", "海尔电热水器EC6002",
	"万和燃气热水器JSQ24", "老板油烟机CXW-200", "方太油烟机EMD2",
	"格兰仕烤箱K42", "美的洗碗机RX600", "海信电视55E3H",
	"TCL电视55V8E", "美的冰箱BCD-321"
};
static const char *const band2[] = {
	"格力空调KFR-35GW", "美的空调KFR-50LW", "海尔冰箱BCD-510W",
	"容声冰箱BCD-529WD", "海信电视75E7K", "TCL电视65Q10G",
	"西门子洗衣机WM12", "海尔空调KFR-72LW", "A.O.史密斯热水器E60"
};
static const char *const band3[] = {
	"卡萨帝冰箱BCD-650", "格力中央空调GMV", "索尼电视XR-75X90L",
	"海尔空调冰箱套购", "西门子冰洗套装", "卡萨帝洗衣机C1"
};

static const char *const notes[] = {
	"送货上门", "以旧换新", "需安装", "分期付款", "会员日", "开发票",
	"预约周末送货", "老客户介绍"
};

static const char *const when[] = {
	"周末", "周六上午", "工作日晚上", "下午三点后"
};

struct priced {
	const char	*name;
	unsigned	 lo, hi;	/* yuan */
	unsigned	 weight;
};

static const struct priced gifts[] = {
	{ "环保袋", 0, 0, 6 },
	{ "雨伞", 49, 49, 8 },
	{ "保温杯", 98, 98, 12 },
	{ "电水壶", 129, 129, 8 },
	{ "电风扇", 169, 169, 6 },
	{ "不粘锅", 199, 199, 8 },
	{ "购物卡", 200, 200, 8 },
	{ "电饭煲", 299, 299, 10 },
	{ "空气炸锅", 359, 359, 6 },
	{ "床上四件套", 399, 399, 5 },
	{ "料理机", 459, 459, 4 },
	{ "购物卡", 500, 500, 6 },
	{ "电烤箱", 599, 599, 3 },
	{ "吸尘器", 899, 899, 3 },
	{ "购物卡", 1000, 1000, 3 },
	{ "净水器", 1299, 1299, 2 },
	{ "扫地机器人", 1999, 1999, 1 },
	{ "购物卡", 2000, 2000, 1 }
};

static const struct priced services[] = {
	{ "空调清洗", 120, 220, 10 },
	{ "空调安装", 0, 0, 12 },
	{ "空调移机", 260, 400, 4 },
	{ "空调维修", 200, 1500, 6 },
	{ "冰箱维修", 200, 800, 4 },
	{ "洗衣机清洗", 100, 160, 6 },
	{ "洗衣机维修", 150, 600, 4 },
	{ "热水器安装", 100, 300, 6 },
	{ "热水器维修", 150, 500, 4 },
	{ "电视挂架安装", 200, 200, 5 },
	{ "油烟机清洗", 150, 200, 4 },
	{ "延保服务", 399, 599, 3 },
	{ "净水器滤芯更换", 298, 498, 3 },
	{ "中央空调安装", 1500, 5000, 1 }
};

static const char *const headers[] = {
	"订单号,门店,店型,销售日期,顾客姓名,手机号码,实付金额,商品,备注",
	"签收日期,门店,店型,顾客姓名,手机,礼品名称,礼品价值",
	"工单号,门店,店型,服务日期,客户姓名,联系方式,服务项目,金额,备注"
};

/* Fields of a row, and the 0-based column of the amount (for 合计). */
static const int nfields[] = { 9, 7, 9 };
static const int amountcol[] = { 6, 6, 7 };
static const char *const titles[] = { "销售明细", "礼品签收表", "服务工单" };

static _Noreturn void	usage(FILE *, int);

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: gen [-BCEtv] [-f rate] [-k sales|gift|service] "
	    "[-m YYYY-MM] [-n rows]\n"
	    "           [-S seed] [-s stores]\n");
	if (status == 0)
		fprintf(fp, "\n"
		    "Write a realistic store export as CSV to standard "
		    "output.\n"
		    "The same options always give the same bytes.\n\n"
		    "  -B, --bom          begin with a UTF-8 byte order mark\n"
		    "  -C, --crlf         end records with CRLF (newlines "
		    "inside fields stay LF)\n"
		    "  -E, --export       sales shaped as real exports: 35%% of "
		    "amounts quoted\n"
		    "                     with a thousands separator, messy "
		    "phones, quoted commas\n"
		    "                     and newlines, 1%% duplicates, no "
		    "faults\n"
		    "  -f, --fault-rate R share of rows with a fault, 0 to 1 "
		    "(default 0.01)\n"
		    "  -h, --help         print this help and exit\n"
		    "  -k, --kind K       sales (default), gift or service\n"
		    "  -m, --month M      month of the dates "
		    "(default 2026-11)\n"
		    "  -n, --rows N       data rows, duplicates included "
		    "(default 1000)\n"
		    "  -S, --seed N       random seed (default 1)\n"
		    "  -s, --stores N     number of stores, about 1 in 4 large "
		    "(default 10)\n"
		    "  -t, --title        a title row above the header and a "
		    "合计 row at the end\n"
		    "  -v, --verbose      say on standard error what fu-import "
		    "should count\n\n"
		    "Faults, equally likely: phone with spaces, phone with 10 "
		    "digits, phone in\n"
		    "scientific notation, bad date, amount with ¥ and commas, "
		    "field with comma\n"
		    "and newline, exact duplicate row.\n");
	else
		fprintf(fp, "Try 'gen -h' for more information.\n");
	exit(status);
}

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t
rng_next(struct rng *r)
{
	r->s += UINT64_C(0x9e3779b97f4a7c15);
	return mix64(r->s);
}

/* Uniform in [0, n), n < 2^32. */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* An index into a table of weights. */
static size_t
pick_weighted(struct rng *r, const struct priced *t, size_t n)
{
	uint32_t sum = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		sum += t[i].weight;
	x = rng_below(r, sum);
	for (i = 0; i < n - 1; i++) {
		if (x < t[i].weight)
			break;
		x -= t[i].weight;
	}
	return i;
}

static void
out_flush(struct out *o)
{
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->fp) != o->len) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		exit(2);
	}
	o->len = 0;
}

/* Room for one more row. */
static char *
out_row(struct out *o)
{
	if (o->len > OUTBUF - ROWMAX)
		out_flush(o);
	return o->buf + o->len;
}

static char *
put(char *p, const char *s)
{
	while (*s != '\0')
		*p++ = *s++;
	return p;
}

/* v in decimal, zero-padded to width digits. */
static char *
putn(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n < width)
		tmp[n++] = '0';
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* Yuan with thousands separators: 12,580. */
static char *
put_grouped(char *p, uint64_t yuan)
{
	char tmp[32];
	int n = 0, k = 0;

	do {
		if (k > 0 && k % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + yuan % 10);
		yuan /= 10;
		k++;
	} while (yuan > 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

static char *
put_cents(char *p, uint64_t fen)
{
	p = putn(p, fen / 100, 0);
	*p++ = '.';
	return putn(p, fen % 100, 2);
}

/* An amount in a store's style, or with the F_MONEY fault. */
static char *
put_amount(char *p, uint64_t fen, int mstyle, int fault)
{
	if (fault == F_MONEY) {
		if (fen >= 100000)
			*p++ = '"';
		p = put(p, "¥");
		p = put_grouped(p, fen / 100);
		if (fen % 100 != 0 || mstyle == M_CENTS) {
			*p++ = '.';
			p = putn(p, fen % 100, 2);
		}
		if (fen >= 100000)
			*p++ = '"';
		return p;
	}
	if (mstyle == M_CENTS || fen % 100 != 0)
		p = put_cents(p, fen);
	else
		p = putn(p, fen / 100, 0);
	if (mstyle == M_YUAN)
		p = put(p, "元");
	return p;
}

static char *
put_date(char *p, const struct gen *g, int day, int style, int fault)
{
	if (fault == F_DATE) {
		/* A day the month does not have, as typed by hand. */
		p = putn(p, (uint64_t)g->year, 4);
		*p++ = '-';
		p = putn(p, (uint64_t)g->month, 2);
		*p++ = '-';
		return putn(p, (uint64_t)g->ndays + 1, 2);
	}
	switch (style) {
	case D_SLASH:
		p = putn(p, (uint64_t)g->year, 4);
		*p++ = '/';
		p = putn(p, (uint64_t)g->month, 0);
		*p++ = '/';
		return putn(p, (uint64_t)day, 0);
	case D_CJK:
		p = putn(p, (uint64_t)g->year, 4);
		p = put(p, "年");
		p = putn(p, (uint64_t)g->month, 0);
		p = put(p, "月");
		p = putn(p, (uint64_t)day, 0);
		return put(p, "日");
	case D_COMPACT:
		p = putn(p, (uint64_t)g->year, 4);
		p = putn(p, (uint64_t)g->month, 2);
		return putn(p, (uint64_t)day, 2);
	default:
		p = putn(p, (uint64_t)g->year, 4);
		*p++ = '-';
		p = putn(p, (uint64_t)g->month, 2);
		*p++ = '-';
		return putn(p, (uint64_t)day, 2);
	}
}

/*
 * Customer c's mobile: a prefix from a hash of c, and eight digits that
 * are a bijection of c (a four-round Feistel network on two halves of
 * four digits), so that two customers never share a number and the
 * numbers of neighbouring customers look nothing alike.
 */
static void
phone_of(const struct gen *g, uint64_t c, char d[11])
{
	uint64_t h, l, r, t, suf;
	const char *pf;
	int i;

	h = mix64(g->seed ^ (c * UINT64_C(0x9e3779b97f4a7c15)));
	pf = prefixes[h % NELEM(prefixes)];
	l = c / 10000 % 10000;
	r = c % 10000;
	for (i = 0; i < 4; i++) {
		t = (l + mix64(r ^ g->phone_key ^ (uint64_t)i << 32)) % 10000;
		l = r;
		r = t;
	}
	suf = l * 10000 + r;
	d[0] = pf[0];
	d[1] = pf[1];
	d[2] = pf[2];
	for (i = 10; i >= 3; i--) {
		d[i] = (char)('0' + suf % 10);
		suf /= 10;
	}
}

static char *
put_phone(char *p, const struct gen *g, uint64_t c, int fault)
{
	char d[11];
	int i, k;

	phone_of(g, c, d);
	switch (fault) {
	case F_SPACES:
		for (i = 0; i < 11; i++) {
			if (i == 3 || i == 7)
				*p++ = ' ';
			*p++ = d[i];
		}
		return p;
	case F_SHORT:
		memcpy(p, d, 10);
		return p + 10;
	case F_SCI:
		/* Excel's General format: six significant digits. */
		*p++ = d[0];
		for (k = 5; k > 0 && d[k] == '0'; k--)
			;
		if (k > 0) {
			*p++ = '.';
			for (i = 1; i <= k; i++)
				*p++ = d[i];
		}
		return put(p, "E+10");
	default:
		memcpy(p, d, 11);
		return p + 11;
	}
}

static char *
put_name(char *p, const struct gen *g, uint64_t c)
{
	uint64_t h;

	h = mix64(g->seed + c * UINT64_C(0xd1b54a32d192ed03) + 1);
	p = put(p, surnames[h % NELEM(surnames)]);
	h /= NELEM(surnames);
	if (h % 20 == 0)
		return put(p, (h / 20) % 2 ? "先生" : "女士");
	return put(p, given[(h / 20) % NELEM(given)]);
}

static char *
put_store(char *p, const struct store *s)
{
	p = put(p, s->name);
	*p++ = ',';
	return put(p, s->large ? "大店" : "小店");
}

static unsigned
pick_store(struct gen *g)
{
	uint32_t x;
	size_t lo = 0, hi = g->nstores - 1, mid;

	x = rng_below(&g->rng, g->cum[g->nstores - 1]);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (x < g->cum[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return (unsigned)lo;
}

/* A customer: new (the row's own number), or one seen before. */
static uint64_t
pick_customer(struct gen *g, uint64_t row)
{
	if (row > 0 && rng_below(&g->rng, 100) < REPEAT_PCT)
		return rng_below(&g->rng, (uint32_t)row);
	return row;
}

/* A note, sometimes; F_QUOTE makes it a quoted one with , and newline. */
static char *
put_note(char *p, struct gen *g, int fault)
{
	uint32_t x = rng_below(&g->rng, 100);

	if (fault == F_QUOTE) {
		*p++ = '"';
		p = put(p, notes[x % 2 ? 0 : 6]);
		p = put(p, ",\n");
		p = put(p, when[x % NELEM(when)]);
		*p++ = '"';
		return p;
	}
	if (x < 70)
		return p;
	return put(p, notes[x % NELEM(notes)]);
}

/* Log-normal-ish: median about 2,600 yuan, from 100 to 50,000. */
static uint64_t
sales_amount(struct gen *g)
{
	uint64_t r, s, fen, yuan;
	int64_t idx;

	r = rng_next(&g->rng);
	s = (r & 0xffff) + (r >> 16 & 0xffff) + (r >> 32 & 0xffff) +
	    (r >> 48);
	/* Irwin-Hall of 4: mean 131070, sd 37837; 75 steps of 1% each. */
	idx = 327 + ((int64_t)s - 131070) * 75 / 37837;
	if (idx < 0)
		idx = 0;
	if (idx >= (int64_t)g->namount)
		idx = (int64_t)g->namount - 1;
	yuan = g->amount[idx] / 100;
	/* Shop prices: 2999, 3280, and now and then an odd one. */
	switch (rng_below(&g->rng, 10)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		yuan = yuan < 100 ? 99 : yuan / 100 * 100 + 99;
		fen = yuan * 100;
		break;
	case 6: case 7: case 8:
		fen = (yuan / 10 * 10) * 100;
		break;
	default:
		fen = yuan * 100 + 50 * rng_below(&g->rng, 2);
		break;
	}
	if (fen < 10000)
		fen = 10000;
	if (fen > 5000000)
		fen = 5000000;
	return fen;
}

static const char *
sales_item(struct gen *g, uint64_t fen)
{
	uint32_t x = rng_next(&g->rng) >> 33;

	if (fen < 80000)
		return band0[x % NELEM(band0)];
	if (fen < 300000)
		return band1[x % NELEM(band1)];
	if (fen < 800000)
		return band2[x % NELEM(band2)];
	return band3[x % NELEM(band3)];
}

/* 订单号 or 工单号: XS20261103 and the row number. */
static char *
put_orderno(char *p, const struct gen *g, const char *pfx, int day,
    uint64_t row)
{
	p = put(p, pfx);
	p = putn(p, (uint64_t)g->year, 4);
	p = putn(p, (uint64_t)g->month, 2);
	p = putn(p, (uint64_t)day, 2);
	return putn(p, row + 1, 8);
}

/*
 * -E: a sales row's amount, phone and item as real exports have them:
 * 35% of amounts quoted with a thousands separator ("1,580.00"), 3%
 * each of phones with +86, dashes, spaces or Excel's .0, 0.2% of items
 * with a quoted comma.  u is the row's draw.
 */
static char *
export_amount(char *p, uint64_t fen, uint64_t u)
{
	if (u % 100 >= 35)
		return put_cents(p, fen);
	*p++ = '"';
	p = put_grouped(p, fen / 100);
	*p++ = '.';
	p = putn(p, fen % 100, 2);
	*p++ = '"';
	return p;
}

static char *
export_phone(char *p, const struct gen *g, uint64_t c, uint64_t u)
{
	char d[11];
	int i, k = (int)(u >> 8 & 0xff) % 100;

	phone_of(g, c, d);
	if (k < 3)
		p = put(p, "+86 ");
	for (i = 0; i < 11; i++) {
		if ((i == 3 || i == 7) && k >= 3 && k < 9)
			*p++ = k < 6 ? '-' : ' ';
		*p++ = d[i];
	}
	if (k >= 9 && k < 12)
		p = put(p, ".0");
	return p;
}

static char *
export_item(char *p, const char *item, uint64_t u)
{
	if ((u >> 16 & 0xffff) % 10000 >= 20)
		return put(p, item);
	*p++ = '"';
	p = put(p, item);
	p = put(p, ",含安装\"");
	return p;
}

static char *
sales_row(struct gen *g, char *p, uint64_t row, int fault, uint64_t *fen)
{
	const struct store *s;
	uint64_t c, u;
	int day;

	s = &g->stores[pick_store(g)];
	day = 1 + (int)rng_below(&g->rng, (uint32_t)g->ndays);
	c = pick_customer(g, row);
	*fen = sales_amount(g);
	p = put_orderno(p, g, "XS", day, row);
	*p++ = ',';
	p = put_store(p, s);
	*p++ = ',';
	p = put_date(p, g, day, s->dstyle, fault);
	*p++ = ',';
	p = put_name(p, g, c);
	*p++ = ',';
	if (g->export) {
		u = rng_next(&g->rng);
		p = export_phone(p, g, c, u);
		*p++ = ',';
		p = export_amount(p, *fen, u);
		*p++ = ',';
		p = export_item(p, sales_item(g, *fen), u);
		*p++ = ',';
		/* 0.15% of notes hold a quoted newline. */
		return put_note(p, g, (u >> 32) % 10000 < 15 ? F_QUOTE :
		    F_NONE);
	}
	p = put_phone(p, g, c, fault);
	*p++ = ',';
	p = put_amount(p, *fen, M_CENTS, fault);
	*p++ = ',';
	p = put(p, sales_item(g, *fen));
	*p++ = ',';
	return put_note(p, g, fault);
}

static char *
service_row(struct gen *g, char *p, uint64_t row, int fault, uint64_t *fen)
{
	const struct priced *sv;
	const struct store *s;
	uint64_t c;
	int day;

	s = &g->stores[pick_store(g)];
	day = 1 + (int)rng_below(&g->rng, (uint32_t)g->ndays);
	c = pick_customer(g, row);
	sv = &services[pick_weighted(&g->rng, services, NELEM(services))];
	*fen = (uint64_t)(sv->lo +
	    rng_below(&g->rng, (sv->hi - sv->lo) / 10 + 1) * 10) * 100;
	p = put_orderno(p, g, "FW", day, row);
	*p++ = ',';
	p = put_store(p, s);
	*p++ = ',';
	p = put_date(p, g, day, s->dstyle, fault);
	*p++ = ',';
	p = put_name(p, g, c);
	*p++ = ',';
	p = put_phone(p, g, c, fault);
	*p++ = ',';
	p = put(p, sv->name);
	*p++ = ',';
	p = put_amount(p, *fen, s->mstyle, fault);
	*p++ = ',';
	return put_note(p, g, fault);
}

/*
 * A gift sheet has no order number, so a row is told from another by
 * store, date, phone, gift and value.  Every customer is new but for a
 * second gift at the same sign-off (same store and day, another gift),
 * which keeps two different rows from ever looking like one.
 */
static char *
gift_row(struct gen *g, char *p, uint64_t row, int fault, uint64_t *fen)
{
	const struct priced *gf;
	const struct store *s;
	uint64_t c;
	unsigned si, item;
	int day, repeat;

	repeat = g->have_prev && !g->prev_repeat &&
	    rng_below(&g->rng, 100) < REPEAT_PCT;
	if (repeat) {
		si = g->prev_store;
		day = g->prev_day;
		c = g->prev_cust;
		item = (g->prev_item + 1 +
		    rng_below(&g->rng, NELEM(gifts) - 1)) % NELEM(gifts);
	} else {
		si = pick_store(g);
		day = 1 + (int)rng_below(&g->rng, (uint32_t)g->ndays);
		c = row;
		item = (unsigned)pick_weighted(&g->rng, gifts, NELEM(gifts));
	}
	g->prev_store = si;
	g->prev_day = day;
	g->prev_cust = c;
	g->prev_item = item;
	g->prev_repeat = repeat;
	g->have_prev = 1;

	s = &g->stores[si];
	gf = &gifts[item];
	*fen = (uint64_t)gf->lo * 100;
	p = put_date(p, g, day, s->dstyle, fault);
	*p++ = ',';
	p = put_store(p, s);
	*p++ = ',';
	p = put_name(p, g, c);
	*p++ = ',';
	p = put_phone(p, g, c, fault);
	*p++ = ',';
	if (fault == F_QUOTE) {
		/* Two gifts typed into one cell with Alt-Enter. */
		*p++ = '"';
		p = put(p, gf->name);
		p = put(p, ",\n另赠");
		p = put(p, gifts[(item + 1) % NELEM(gifts)].name);
		*p++ = '"';
	} else
		p = put(p, gf->name);
	*p++ = ',';
	return put_amount(p, *fen, s->mstyle, fault);
}

static char *
put_eol(char *p, const struct gen *g)
{
	if (g->crlf)
		*p++ = '\r';
	*p++ = '\n';
	return p;
}

static void
write_title(struct gen *g)
{
	char *p;
	int i;

	p = out_row(&g->out);
	p = putn(p, (uint64_t)g->year, 4);
	p = put(p, "年");
	p = putn(p, (uint64_t)g->month, 0);
	p = put(p, "月");
	p = put(p, titles[g->kind]);
	for (i = 1; i < nfields[g->kind]; i++)
		*p++ = ',';
	p = put_eol(p, g);
	g->out.len = (size_t)(p - g->out.buf);
}

static void
write_footer(struct gen *g)
{
	char *p;
	int i;

	p = out_row(&g->out);
	p = put(p, "合计");
	for (i = 1; i < nfields[g->kind]; i++) {
		*p++ = ',';
		if (i == amountcol[g->kind])
			p = put_cents(p, g->total);
	}
	p = put_eol(p, g);
	g->out.len = (size_t)(p - g->out.buf);
}

static void
generate(struct gen *g)
{
	uint64_t row, fen, r;
	char *start, *p;
	int fault;

	if (g->bom) {
		memcpy(g->out.buf, "\xef\xbb\xbf", 3);
		g->out.len = 3;
	}
	if (g->title)
		write_title(g);
	start = out_row(&g->out);
	p = put(start, headers[g->kind]);
	p = put_eol(p, g);
	g->out.len = (size_t)(p - g->out.buf);

	for (row = 0; row < g->nrows; row++) {
		start = out_row(&g->out);
		r = rng_next(&g->rng);
		fault = F_NONE;
		if (((r >> 32) * 1000000 >> 32) < g->ppm)
			fault = 1 + (int)(((r & 0xffffffff) *
			    (F_NKINDS - 1)) >> 32);
		/* -E: exact duplicates only (1%), nothing rejected. */
		if (g->export)
			fault = ((r >> 32) * 100 >> 32) == 0 ? F_DUP : F_NONE;
		if (fault == F_DUP && g->lastlen == 0)
			fault = F_NONE;
		if (fault == F_DUP) {
			memcpy(start, g->last, g->lastlen);
			g->out.len += g->lastlen;
			g->total += g->lastfen;
			g->nfault[F_DUP]++;
			continue;
		}
		switch (g->kind) {
		case K_SALES:
			p = sales_row(g, start, row, fault, &fen);
			break;
		case K_GIFT:
			p = gift_row(g, start, row, fault, &fen);
			break;
		default:
			p = service_row(g, start, row, fault, &fen);
			break;
		}
		p = put_eol(p, g);
		g->out.len = (size_t)(p - g->out.buf);
		g->total += fen;
		g->nfault[fault]++;
		if (fault != F_SHORT && fault != F_SCI && fault != F_DATE) {
			g->lastlen = (size_t)(p - start);
			memcpy(g->last, start, g->lastlen);
			g->lastfen = fen;
		}
	}
	if (g->title)
		write_footer(g);
	out_flush(&g->out);
}

/* The amounts table: 100 yuan up to 50,000 in steps of 1%. */
static void
init_amounts(struct gen *g)
{
	uint64_t a = 10000;

	g->namount = 0;
	while (a <= 5000000 && g->namount < NELEM(g->amount)) {
		g->amount[g->namount++] = (uint32_t)a;
		a = a * 101 / 100;
	}
}

static void
init_stores(struct gen *g)
{
	struct store *s;
	uint64_t h;
	size_t i;

	g->stores = calloc(g->nstores, sizeof(*g->stores));
	g->cum = calloc(g->nstores, sizeof(*g->cum));
	if (g->stores == NULL || g->cum == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		exit(2);
	}
	for (i = 0; i < g->nstores; i++) {
		s = &g->stores[i];
		if (i < NELEM(districts))
			snprintf(s->name, sizeof(s->name), "%s", districts[i]);
		else
			snprintf(s->name, sizeof(s->name), "门店%03zu", i + 1);
		s->large = i % 4 == 0;
		h = mix64(g->seed ^ (i + 1) * UINT64_C(0x2545f4914f6cdd1d));
		switch (h % 20) {
		case 0:
			s->dstyle = D_CJK;
			break;
		case 1:
			s->dstyle = D_COMPACT;
			break;
		case 2: case 3: case 4: case 5: case 6: case 7:
			s->dstyle = D_SLASH;
			break;
		default:
			s->dstyle = D_ISO;
			break;
		}
		s->mstyle = (int)(h / 20 % 3);
		g->cum[i] = (i > 0 ? g->cum[i - 1] : 0) + (s->large ? 3 : 1);
	}
}

static uint64_t
number(const char *s, uint64_t min, uint64_t max, const char *what)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		goto bad;
	return v;
bad:
	fprintf(stderr, "gen: %s \"%s\": not a number from %llu to %llu\n",
	    what, s, (unsigned long long)min, (unsigned long long)max);
	usage(stderr, 2);
}

/* "0.01", "1", ".5": parts per million, without floating point. */
static uint32_t
rate(const char *s)
{
	const char *p = s;
	uint32_t ppm = 0, scale = 100000;
	int digits = 0;

	for (; *p == '0'; p++)
		digits++;
	if (*p == '1') {
		ppm = 1000000;
		p++;
		digits++;
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
			if (scale > 0) {
				ppm += (uint32_t)(*p - '0') * scale;
				scale /= 10;
			} else if (*p != '0')
				goto bad;
		}
	if (*p != '\0' || digits == 0 || ppm > 1000000)
		goto bad;
	return ppm;
bad:
	fprintf(stderr, "gen: fault rate \"%s\": not a number from 0 to 1 "
	    "with at most 6 decimals\n", s);
	usage(stderr, 2);
}

static void
month(const char *s, struct gen *g)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y, m, i;

	for (i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			goto bad;
	if (s[7] != '\0')
		goto bad;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (y < 1900 || m < 1 || m > 12)
		goto bad;
	g->year = y;
	g->month = m;
	g->ndays = mdays[m - 1] + (m == 2 && y % 4 == 0 &&
	    (y % 100 != 0 || y % 400 == 0));
	return;
bad:
	fprintf(stderr, "gen: month \"%s\": not YYYY-MM\n", s);
	usage(stderr, 2);
}

static void
report(const struct gen *g)
{
	uint64_t rej, dup;
	int f;

	rej = g->nfault[F_SHORT] + g->nfault[F_SCI] + g->nfault[F_DATE];
	dup = g->nfault[F_DUP];
	fprintf(stderr, "gen: %llu rows: %llu imported, %llu rejected, "
	    "%llu duplicates", (unsigned long long)g->nrows,
	    (unsigned long long)(g->nrows - rej - dup),
	    (unsigned long long)rej, (unsigned long long)dup);
	if (g->title)
		fprintf(stderr, "; 2 title and footer rows");
	fprintf(stderr, "\n");
	for (f = 0; f < F_NKINDS; f++)
		fprintf(stderr, "gen:   %-32s %llu\n", fault_names[f],
		    (unsigned long long)g->nfault[f]);
}

int
main(int argc, char *argv[])
{
	static const char short_options[] = "BCEf:hk:m:n:S:s:tv";
	static const struct option long_options[] = {
		{ "bom", no_argument, NULL, 'B' },
		{ "crlf", no_argument, NULL, 'C' },
		{ "export", no_argument, NULL, 'E' },
		{ "fault-rate", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "kind", required_argument, NULL, 'k' },
		{ "month", required_argument, NULL, 'm' },
		{ "rows", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "stores", required_argument, NULL, 's' },
		{ "title", no_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct gen *g;
	int ch;

	/* Large (the last row, tables), so not on the stack. */
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		return 2;
	}
	g->kind = K_SALES;
	g->nrows = 1000;
	g->nstores = 10;
	g->ppm = 10000;
	g->seed = 1;
	month("2026-11", g);

	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --bom */
		case 'B':
			g->bom = 1;
			break;
		/* --crlf */
		case 'C':
			g->crlf = 1;
			break;
		/* --export */
		case 'E':
			g->export = 1;
			break;
		/* --fault-rate */
		case 'f':
			g->ppm = rate(optarg);
			break;
		/* --help */
		case 'h':
			usage(stdout, 0);
			break;
		/* --kind */
		case 'k':
			if (strcmp(optarg, "sales") == 0)
				g->kind = K_SALES;
			else if (strcmp(optarg, "gift") == 0)
				g->kind = K_GIFT;
			else if (strcmp(optarg, "service") == 0)
				g->kind = K_SERVICE;
			else {
				fprintf(stderr, "gen: kind \"%s\": not sales, "
				    "gift or service\n", optarg);
				usage(stderr, 2);
			}
			break;
		/* --month */
		case 'm':
			month(optarg, g);
			break;
		/* --rows */
		case 'n':
			g->nrows = number(optarg, 0, MAXROWS, "rows");
			break;
		/* --seed */
		case 'S':
			g->seed = number(optarg, 0, UINT64_MAX, "seed");
			break;
		/* --stores */
		case 's':
			g->nstores = number(optarg, 1, MAXSTORES, "stores");
			break;
		/* --title */
		case 't':
			g->title = 1;
			break;
		/* --verbose */
		case 'v':
			g->verbose = 1;
			break;
		default:
			usage(stderr, 2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 0) {
		fprintf(stderr, "gen: unexpected operand \"%s\"\n", argv[0]);
		usage(stderr, 2);
	}

	g->rng.s = mix64(g->seed ^ UINT64_C(0x6a09e667f3bcc908));
	g->phone_key = mix64(g->seed + 1);
	init_amounts(g);
	init_stores(g);
	if ((g->out.buf = malloc(OUTBUF)) == NULL) {
		fprintf(stderr, "gen: out of memory\n");
		return 2;
	}
	g->out.fp = stdout;

	generate(g);
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		return 2;
	}
	if (g->verbose)
		report(g);
	free(g->out.buf);
	free(g->cum);
	free(g->stores);
	free(g);
	return 0;
}
