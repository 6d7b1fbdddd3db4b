/*
 * calls.c: fu-report calls, the day's call list (回访清单): a sheet per
 * agent, the columns fu-record --batch reads back, drop-downs for the
 * outcome, the scores and the gift check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/money.h"
#include "fmt/outcome.h"
#include "fmt/phone.h"
#include "fmt/tsv.h"
#include "report/book.h"
#include "report/report.h"

/* The due list's columns that the list shows. */
enum dcol {
	D_ID, D_TYPE, D_STORE, D_CUSTOMER, D_PHONE, D_AMOUNT, D_ITEM, D_DUE,
	D_SLOT, D_WINDOW, D_AGENT, D_ATTEMPT, D_WHY, D_N
};

static const char *const dcol_names[D_N] = {
	"id", "type", "store", "customer", "phone", "amount", "item", "due",
	"slot", "window", "agent", "attempt", "why"
};

/* The sheet's columns; the names are fu-record --batch's. */
enum ccol {
	C_ID, C_SLOT, C_CUSTOMER, C_PHONE, C_STORE, C_TYPE, C_AMOUNT, C_ITEM,
	C_ATTEMPT, C_WHY, C_OUTCOME, C_Q1, C_Q2, C_Q3, C_COMPLAINT, C_CALLBACK,
	C_GIFT_OK, C_AGENT, C_TS, C_NOTE, C_N
};

static const struct book_col calls_cols[C_N] = {
	[C_ID] = { "编号", BF_TEXT },
	[C_SLOT] = { "时段", BF_TEXT },
	[C_CUSTOMER] = { "客户", BF_TEXT },
	[C_PHONE] = { "电话", BF_TEXT },
	[C_STORE] = { "店面", BF_TEXT },
	[C_TYPE] = { "类别", BF_TEXT },
	[C_AMOUNT] = { "金额", BF_MONEY },
	[C_ITEM] = { "商品/礼品", BF_TEXT },
	[C_ATTEMPT] = { "拨打次数", BF_INT },
	[C_WHY] = { "原因", BF_NOTE },
	[C_OUTCOME] = { "结果", BF_PLAIN },
	[C_Q1] = { "评分1", BF_PLAIN },
	[C_Q2] = { "评分2", BF_PLAIN },
	[C_Q3] = { "评分3", BF_PLAIN },
	[C_COMPLAINT] = { "投诉/问题", BF_NOTE },
	[C_CALLBACK] = { "约定回电", BF_TIME },
	[C_GIFT_OK] = { "礼品相符", BF_PLAIN },
	[C_AGENT] = { "回访人", BF_TEXT },
	[C_TS] = { "回访时间", BF_TIME },
	[C_NOTE] = { "备注", BF_NOTE },
};

/* A row of the day: its fields, copied. */
struct crow {
	char	*f[D_N];
	size_t	 seq;		/* input order, for a stable sort */
};

struct cday {
	struct crow *row;
	size_t	 n, cap;
	int	 bad;
};

static int
crow_cmp(const void *a, const void *b)
{
	const struct crow *x = a, *y = b;
	int c;

	if ((c = strcmp(x->f[D_AGENT], y->f[D_AGENT])) != 0)
		return c;
	if ((c = strcmp(x->f[D_SLOT], y->f[D_SLOT])) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Read one due list: its rows of the day into d.  -1: cannot read. */
static int
read_due(const char *path, int day, struct cday *d)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	struct tsv_reader r;
	char err[FU_ERRBUF], due[11];
	long col[D_N];
	FILE *fp;
	struct crow *w;
	int rc, k;

	if ((fp = tsv_open_path(&r, path, name)) == NULL)
		return -1;
	for (k = 0; k < D_N; k++)
		col[k] = tsv_col(&r, dcol_names[k]);
	if (r.ncol > 0 && col[D_ID] == -1) {
		fu_warnx("%s: no column id: not a due list", name);
		tsv_close(&r);
		fu_close_in(fp);
		return -1;
	}
	date_format(day, due);
	while ((rc = tsv_next(&r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			fu_warnx("%s: read error: %s", name, tsv_strerror(&r));
			tsv_close(&r);
			fu_close_in(fp);
			return -1;
		}
		if (rc == TSV_BADROW) {
			tsv_badrow_msg(&r, err);
			fu_datawarn(name, r.lineno, "%s", err);
			d->bad = 1;
			continue;
		}
		if (col[D_DUE] != -1 && strcmp(r.field[col[D_DUE]], due) != 0)
			continue;
		d->row = xgrow(d->row, &d->cap, d->n + 1, sizeof(*d->row));
		w = &d->row[d->n];
		w->seq = d->n++;
		for (k = 0; k < D_N; k++)
			w->f[k] = xstrdup(col[k] == -1 ? "" : r.field[col[k]]);
	}
	tsv_close(&r);
	fu_close_in(fp);
	return 0;
}

static void
free_day(struct cday *d)
{
	size_t i;
	int k;

	for (i = 0; i < d->n; i++)
		for (k = 0; k < D_N; k++)
			free(d->row[i].f[k]);
	free(d->row);
}

/* One agent's rows [from, to) on a sheet. */
static int
agent_sheet(struct book *b, const struct report_opts *o, const char *title,
    const struct crow *row, size_t from, size_t to, const char *lists[3])
{
	struct book_table t;
	char ph[PHONE_MAX], err[FU_ERRBUF], sheet[256], full[512];
	const char *agent = row[from].f[D_AGENT];
	int64_t fen;
	uint32_t r, first = 0, last = 0;
	size_t i;
	int ty;
	const char *s;
	long long att;

	snprintf(sheet, sizeof(sheet), "%s", *agent ? agent : "未分配");
	snprintf(full, sizeof(full), "%s %s", title, *agent ? agent : "未分配");
	if (book_table_start(b, &t, sheet, full, calls_cols, C_N) == -1)
		return -1;
	for (i = from; i < to; i++) {
		const char *const *f = (const char *const *)row[i].f;

		r = book_table_row(&t);
		if (i == from)
			first = r;
		last = r;
		book_text(&t.sh, r, C_ID, f[D_ID], BF_TEXT);
		s = f[D_SLOT];
		if (*s == '\0' && strcmp(f[D_WINDOW], "sms") == 0)
			s = "短信";
		book_text(&t.sh, r, C_SLOT, s, BF_TEXT);
		book_text(&t.sh, r, C_CUSTOMER, f[D_CUSTOMER], BF_TEXT);
		if (o->mask) {
			phone_mask(f[D_PHONE], ph);
			book_text(&t.sh, r, C_PHONE, ph, BF_TEXT);
		} else
			book_text(&t.sh, r, C_PHONE, f[D_PHONE], BF_TEXT);
		book_text(&t.sh, r, C_STORE, f[D_STORE], BF_TEXT);
		ty = contact_type_parse(f[D_TYPE], strlen(f[D_TYPE]));
		book_text(&t.sh, r, C_TYPE, ty == -1 ? f[D_TYPE] :
		    contact_type_name(ty), BF_TEXT);
		if (*f[D_AMOUNT] != '\0' && money_parse(f[D_AMOUNT],
		    strlen(f[D_AMOUNT]), 0, &fen, err) == 0)
			book_num(&t.sh, r, C_AMOUNT, (double)fen / 100, BF_MONEY);
		else
			book_text(&t.sh, r, C_AMOUNT, f[D_AMOUNT], BF_TEXT);
		book_text(&t.sh, r, C_ITEM, f[D_ITEM], BF_TEXT);
		att = fu_strtonum(f[D_ATTEMPT], 1, 9, &s);
		if (s == NULL)
			book_num(&t.sh, r, C_ATTEMPT, (double)att, BF_INT);
		else
			book_text(&t.sh, r, C_ATTEMPT, f[D_ATTEMPT], BF_TEXT);
		book_text(&t.sh, r, C_WHY, f[D_WHY], BF_NOTE);
		book_blank(&t.sh, r, C_OUTCOME, BF_PLAIN);
		book_blank(&t.sh, r, C_Q1, BF_PLAIN);
		book_blank(&t.sh, r, C_Q2, BF_PLAIN);
		book_blank(&t.sh, r, C_Q3, BF_PLAIN);
		book_blank(&t.sh, r, C_COMPLAINT, BF_NOTE);
		book_blank(&t.sh, r, C_CALLBACK, BF_TIME);
		book_blank(&t.sh, r, C_GIFT_OK, BF_PLAIN);
		book_text(&t.sh, r, C_AGENT, agent, BF_TEXT);
		book_blank(&t.sh, r, C_TS, BF_TIME);
		book_blank(&t.sh, r, C_NOTE, BF_NOTE);
	}
	/* the cells to fill in: room for what the agent writes */
	t.sh.width[C_OUTCOME] = 14;
	t.sh.width[C_COMPLAINT] = t.sh.width[C_NOTE] = 20;
	t.sh.width[C_CALLBACK] = t.sh.width[C_TS] = 16;
	if (to > from) {
		book_dropdown(&t.sh, first, last, C_OUTCOME, lists[0]);
		book_dropdown(&t.sh, first, last, C_Q1, lists[1]);
		book_dropdown(&t.sh, first, last, C_Q2, lists[1]);
		book_dropdown(&t.sh, first, last, C_Q3, lists[1]);
		book_dropdown(&t.sh, first, last, C_GIFT_OK, lists[2]);
	}
	book_table_end(&t);
	return 0;
}

int
report_calls(const struct report_opts *o, const struct report_period *p,
    char *const *files, size_t nfiles)
{
	static const char *const scores[] = { "1", "2", "3", "4", "5" };
	static const char *const gift[] = { "相符", "不符" };
	const char *outs[OC_N], *lists[3];
	char err[FU_ERRBUF], title[64], *name, *path;
	struct cday d;
	struct book b;
	size_t i, j;
	int k, rval = FU_EXIT_OK;

	memset(&d, 0, sizeof(d));
	for (i = 0; i < nfiles; i++)
		if (read_due(files[i], p->day, &d) == -1) {
			free_day(&d);
			return FU_EXIT_FATAL;
		}
	if (d.bad)
		rval = FU_EXIT_DATA;
	qsort(d.row, d.n, sizeof(*d.row), crow_cmp);
	if ((name = report_file_name(RK_CALLS, p, o->name_format, err)) ==
	    NULL) {
		fu_warnx("--name-format: %s", err);
		free_day(&d);
		return FU_EXIT_FATAL;
	}
	path = report_path(o->dir, name);
	if (book_open(&b, path, o->now, 0, o->tmpdir, err) == -1) {
		fu_warnx("%s", err);
		free(name);
		free(path);
		free_day(&d);
		return FU_EXIT_FATAL;
	}
	if (o->max_rows)
		b.max_rows = o->max_rows;
	for (k = 0; k < OC_N; k++)
		outs[k] = outcomes[k].zh;
	lists[0] = book_list(&b, outs, OC_N);
	lists[1] = book_list(&b, scores, 5);
	lists[2] = book_list(&b, gift, 2);
	date_format(p->day, title);
	strcat(title, "回访清单");
	if (d.n == 0)
		fu_warnx("%s: no calls due on that day", name);
	for (i = 0; i < d.n || (i == 0 && d.n == 0); i = j) {
		if (d.n == 0) {
			/* an empty list still has its headings */
			struct crow none;

			memset(&none, 0, sizeof(none));
			for (k = 0; k < D_N; k++)
				none.f[k] = "";
			(void)agent_sheet(&b, o, title, &none, 0, 0, lists);
			break;
		}
		for (j = i + 1; j < d.n &&
		    strcmp(d.row[j].f[D_AGENT], d.row[i].f[D_AGENT]) == 0; j++)
			;
		if (agent_sheet(&b, o, title, d.row, i, j, lists) == -1)
			break;
	}
	free_day(&d);
	if (book_close(&b, err) == -1) {
		fu_warnx("%s", err);
		rval = FU_EXIT_FATAL;
	} else
		printf("%s\n", path);
	free(name);
	free(path);
	return rval;
}
