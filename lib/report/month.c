/*
 * month.c: fu-report month, 客户回访汇总表: 汇总 (a row per store and
 * the totals, from summary.h), a sheet per store with its records (the
 * rows of 附表1), and 图表: success rate by store (bar) and satisfaction
 * by week (line), native charts whose ranges are set with
 * chart_series_set_categories/values (chart_add_series would write the
 * Chinese sheet names unquoted, which Excel and WPS reject).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/util.h"
#include "fmt/date.h"
#include "log/calllog.h"
#include "report/book.h"
#include "report/records.h"
#include "report/report.h"

/* 汇总's columns that the bar chart reads: the store, the success rate. */
#define SUM_SHEET	"汇总"
#define SUM_COL_STORE	0
#define SUM_COL_RATE	4
#define CHART_SHEET	"图表"

struct month_run {
	struct book_table *t;		/* a table a store */
	long		*seq;		/* rows so far, a store */
	size_t		 n;
	struct idmap	 names;		/* hashes of the stores' names */
};

static uint64_t
name_key(const char *s, size_t n)
{
	return fu_hash64(0, s, n);
}

/* A record of the month into its store's sheet. */
struct month_sink {
	struct month_run	*mr;
	const struct purchases	*p;
	int			 mask;
};

static void
month_record(const struct calllog *lg, struct callrec *rec, void *arg)
{
	struct month_sink *ms = arg;
	struct month_run *mr = ms->mr;
	const char *store;
	size_t n;
	uint32_t k;

	store = calllog_field(lg, rec, LC_STORE, &n);
	if ((k = idmap_get(&mr->names, name_key(store, n))) == IDMAP_NONE)
		return;		/* not in the summary: not counted */
	service_row(&mr->t[k], book_table_row(&mr->t[k]), ++mr->seq[k], lg,
	    rec, ms->p, ms->mask);
}

/*
 * A chart (type) of rows r1..r2 of a sheet, categories in column cc and
 * values in vc, placed at row at of ch, column 4.
 */
static void
chart(struct book *b, struct book_sheet *ch, uint8_t type, const char *title,
    const char *name, const char *sheet, lxw_row_t r1, lxw_row_t r2,
    lxw_col_t cc, lxw_col_t vc, lxw_row_t at)
{
	lxw_chart *c;
	lxw_chart_series *s;
	lxw_chart_options opt;

	if ((c = workbook_add_chart(b->wb, type)) == NULL) {
		b->failed = 1;
		fu_seterr(b->err, "charts: out of memory");
		return;
	}
	chart_title_set_name(c, title);
	chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
	s = chart_add_series(c, NULL, NULL);
	chart_series_set_name(s, name);
	chart_series_set_categories(s, sheet, r1, cc, r2, cc);
	chart_series_set_values(s, sheet, r1, vc, r2, vc);
	chart_axis_set_num_format(c->y_axis, "0%");
	memset(&opt, 0, sizeof(opt));
	opt.x_scale = 1.5;
	opt.y_scale = 1.2;
	if (worksheet_insert_chart_opt(ch->ws, at, 4, c, &opt) !=
	    LXW_NO_ERROR) {
		b->failed = 1;
		fu_seterr(b->err, "charts: cannot insert %s", title);
	}
}

/*
 * The month's charts: success rate by store (bar) from the 汇总 sheet,
 * satisfaction by week (line) from ch's table.  A chart without rows is
 * not made (Excel cannot draw one): a month without records says so.
 */
static void
charts(struct book *b, struct book_sheet *ch, size_t nstore, size_t nweek)
{
	if (nstore > 0)
		chart(b, ch, LXW_CHART_COLUMN, "各店成功率", "成功率",
		    SUM_SHEET, 2, (lxw_row_t)(1 + nstore), SUM_COL_STORE,
		    SUM_COL_RATE, 1);
	if (nweek > 0)
		chart(b, ch, LXW_CHART_LINE, "各周满意度", "满意度",
		    CHART_SHEET, 1, (lxw_row_t)nweek, 0, 1, 21);
	else
		book_text(ch, 1, 0, "本月无回访记录，无图表", BF_TEXT);
}

int
report_month(const struct report_opts *o, const struct report_period *per,
    char *const *files, size_t nfiles)
{
	struct report_feed f;
	struct report_sums rs;
	struct month_run mr;
	struct month_sink sink;
	struct book b;
	struct book_sheet sum, ch;
	char err[FU_ERRBUF], title[512], *name, *path, **store = NULL;
	size_t i, nstore = 0, nweek = 0;
	int r = 0, rval = FU_EXIT_OK, added;

	if ((name = report_file_name(RK_MONTH, per, o->name_format, err)) ==
	    NULL) {
		fu_warnx("--name-format: %s", err);
		return FU_EXIT_FATAL;
	}
	report_sums_start(&rs, o, REPORT_KIND(RK_MONTH), per, files, nfiles);
	if ((r = report_feed_load(&f, o, REPORT_KIND(RK_MONTH), per, files,
	    nfiles, NULL, NULL)) == -1) {
		report_sums_free(&rs);
		free(name);
		return FU_EXIT_FATAL;
	}
	if (r == 1)
		rval = FU_EXIT_DATA;
	path = report_path(o->dir, name);
	memset(&mr, 0, sizeof(mr));
	idmap_init(&mr.names);
	if (book_open(&b, path, o->asof != CALLLOG_NO_AS_OF ? o->asof : o->now,
	    1, o->tmpdir, err) == -1) {
		fu_warnx("%s", err);
		rval = FU_EXIT_FATAL;
		goto out;
	}
	if (o->max_rows)
		b.max_rows = o->max_rows;
	if (book_sheet_add(&b, &sum, SUM_SHEET, 12) == -1 ||
	    report_month_summary(&sum, o, &f, &rs, per, &store, &nstore) ==
	    -1) {
		book_abort(&b);
		rval = FU_EXIT_FATAL;
		goto out;
	}
	book_sheet_end(&sum);
	mr.n = nstore;
	mr.t = xcalloc(nstore ? nstore : 1, sizeof(*mr.t));
	mr.seq = xcalloc(nstore ? nstore : 1, sizeof(*mr.seq));
	for (i = 0; i < nstore && r != -1; i++) {
		(void)idmap_put(&mr.names, name_key(store[i], strlen(store[i])),
		    &added);
		snprintf(title, sizeof(title), "%d年%d月%s客户回访记录",
		    per->mon.year, per->mon.month, store[i]);
		r = book_table_start(&b, &mr.t[i], store[i], title,
		    service_cols, SV_N);
	}
	if (r != -1 && book_sheet_add(&b, &ch, CHART_SHEET, 3) == 0) {
		if (report_month_weeks(&ch, 0, o, &f, &rs, &nweek) == -1)
			r = -1;
		else
			charts(&b, &ch, nstore, nweek);
		book_sheet_end(&ch);
	}
	sink.mr = &mr;
	sink.p = &f.p;
	sink.mask = o->mask;
	for (i = 0; r != -1 && i < nfiles; i++) {
		r = report_each_record(o, REPORT_KIND(RK_MONTH), per, files[i],
		    0, month_record, &sink);
		if (r == 1)
			rval = FU_EXIT_DATA;
	}
	for (i = 0; i < nstore; i++)
		if (mr.t[i].base != NULL)
			book_table_end(&mr.t[i]);
	if (r == -1) {
		book_abort(&b);
		if (b.failed)
			fu_warnx("%s: %s", path, b.err);
		rval = FU_EXIT_FATAL;
		goto out;
	}
	if (book_close(&b, err) == -1) {
		fu_warnx("%s", err);
		rval = FU_EXIT_FATAL;
	} else
		printf("%s\n", path);
out:
	report_sums_free(&rs);
	for (i = 0; i < nstore; i++)
		free(store[i]);
	free(store);
	free(mr.t);
	free(mr.seq);
	idmap_free(&mr.names);
	report_feed_free(&f);
	free(name);
	free(path);
	return rval;
}
