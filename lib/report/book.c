/* book.c: libxlsxwriter 1.1.4 wrapped; see book.h. */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/util.h"
#include "fmt/date.h"
#include "report/book.h"

/* The hidden sheet of the drop-down lists. */
#define LIST_SHEET	"列表"
/* Excel's limits. */
#define NAME_MAX_UNITS	31
#define WIDTH_MIN	6.0
#define WIDTH_MAX	60.0

/*
 * The formula is allocated on its own: callers keep the pointer
 * book_list returns while later lists grow the array.
 */
struct book_list {
	char	**v;
	size_t	 n;
	char	*formula;
};

/* "sheet NAME: why" */
static void
book_fail(struct book *b, const char *sheet, lxw_error e)
{
	if (b->failed)
		return;
	b->failed = 1;
	fu_seterr(b->err, "sheet %s: %s", sheet, lxw_strerror(e));
}

static void
cell_fail(struct book_sheet *s, uint32_t row, size_t col, lxw_error e)
{
	struct book *b = s->b;

	if (b->failed)
		return;
	b->failed = 1;
	fu_seterr(b->err, "sheet %s, row %lu, column %zu: %s", s->name,
	    (unsigned long)row + 1, col + 1, lxw_strerror(e));
}

static lxw_format *
new_format(lxw_workbook *wb, int border, const char *num)
{
	lxw_format *f = workbook_add_format(wb);

	if (f == NULL)
		return NULL;
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (num != NULL)
		format_set_num_format(f, num);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

static int
make_formats(struct book *b)
{
	lxw_format **f = b->fmt;
	int i;

	f[BF_TITLE] = new_format(b->wb, 0, NULL);
	f[BF_HEAD] = new_format(b->wb, 1, NULL);
	f[BF_TEXT] = new_format(b->wb, 1, "@");
	f[BF_NOTE] = new_format(b->wb, 1, "@");
	f[BF_PLAIN] = new_format(b->wb, 1, NULL);
	f[BF_INT] = new_format(b->wb, 1, "0");
	f[BF_MONEY] = new_format(b->wb, 1, "0.00");
	f[BF_NUM2] = new_format(b->wb, 1, "0.00");
	f[BF_PCT] = new_format(b->wb, 1, "0.0%");
	f[BF_DATE] = new_format(b->wb, 1, "yyyy-mm-dd");
	f[BF_TIME] = new_format(b->wb, 1, "yyyy-mm-dd hh:mm");
	f[BF_TOTAL] = new_format(b->wb, 1, "@");
	f[BF_TOTAL_INT] = new_format(b->wb, 1, "0");
	f[BF_TOTAL_NUM2] = new_format(b->wb, 1, "0.00");
	f[BF_TOTAL_PCT] = new_format(b->wb, 1, "0.0%");
	for (i = 0; i < BF_N; i++)
		if (f[i] == NULL)
			return -1;
	format_set_bold(f[BF_TITLE]);
	format_set_font_size(f[BF_TITLE], 14);
	format_set_align(f[BF_TITLE], LXW_ALIGN_CENTER);
	format_set_bold(f[BF_HEAD]);
	format_set_align(f[BF_HEAD], LXW_ALIGN_CENTER);
	format_set_text_wrap(f[BF_HEAD]);
	format_set_bg_color(f[BF_HEAD], 0xD9D9D9);
	format_set_text_wrap(f[BF_NOTE]);
	for (i = BF_TOTAL; i <= BF_TOTAL_PCT; i++) {
		format_set_bold(f[i]);
		format_set_bg_color(f[i], 0xF2F2F2);
	}
	return 0;
}

/* Take a name (ASCII-lowered); 0, or -1 when it is taken already. */
static int
take_name(struct book *b, const char *name)
{
	char *low = xstrdup(name), *p;
	size_t i;

	for (p = low; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (i = 0; i < b->nnames; i++)
		if (strcmp(b->names[i], low) == 0) {
			free(low);
			return -1;
		}
	if (strcmp(low, "history") == 0) {
		free(low);
		return -1;
	}
	b->names = xgrow(b->names, &b->namecap, b->nnames + 1,
	    sizeof(*b->names));
	b->names[b->nnames++] = low;
	return 0;
}

int
book_open(struct book *b, const char *path, long long created, int constant,
    const char *tmpdir, char *err)
{
	lxw_workbook_options o;
	lxw_doc_properties props;
	struct lconv *lc = localeconv();

	memset(b, 0, sizeof(*b));
	b->max_rows = LXW_ROW_MAX;
	if (strcmp(lc->decimal_point, ".") != 0) {
		fu_seterr(err, "the decimal point of LC_NUMERIC is \"%s\", not "
		    "\".\": numbers would be written wrong", lc->decimal_point);
		return -1;
	}
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	if (constant && access(tmpdir, W_OK | X_OK) == -1) {
		fu_seterr(err, "TMPDIR %s: %s", tmpdir, strerror(errno));
		return -1;
	}
	if (outfile_reserve(&b->out, path, 0600) == -1) {
		fu_seterr(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.constant_memory = constant ? LXW_TRUE : LXW_FALSE;
	o.tmpdir = (char *)tmpdir;
	o.use_zip64 = LXW_TRUE;
	if ((b->wb = workbook_new_opt(b->out.tmp, &o)) == NULL ||
	    make_formats(b) == -1) {
		fu_seterr(err, "%s: cannot start the workbook (out of memory?)",
		    path);
		book_abort(b);
		return -1;
	}
	memset(&props, 0, sizeof(props));
	props.created = (time_t)created;
	props.author = "fu-report";
	if (workbook_set_properties(b->wb, &props) != LXW_NO_ERROR) {
		fu_seterr(err, "%s: cannot set its properties", path);
		book_abort(b);
		return -1;
	}
	(void)take_name(b, LIST_SHEET);
	return 0;
}

static void
free_names(struct book *b)
{
	size_t i, k;

	for (i = 0; i < b->nnames; i++)
		free(b->names[i]);
	free(b->names);
	for (i = 0; i < b->nlist; i++) {
		for (k = 0; k < b->list[i].n; k++)
			free(b->list[i].v[k]);
		free(b->list[i].v);
		free(b->list[i].formula);
	}
	free(b->list);
	b->names = NULL;
	b->list = NULL;
	b->nnames = b->nlist = 0;
}

/* The hidden sheet 列表: list i in column i. */
static void
write_lists(struct book *b)
{
	struct book_sheet s;
	size_t i, k, most = 0;

	if (b->nlist == 0)
		return;
	memset(&s, 0, sizeof(s));
	s.b = b;
	s.name = LIST_SHEET;
	if ((s.ws = workbook_add_worksheet(b->wb, LIST_SHEET)) == NULL) {
		book_fail(b, LIST_SHEET, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (i = 0; i < b->nlist; i++)
		if (b->list[i].n > most)
			most = b->list[i].n;
	for (k = 0; k < most; k++)
		for (i = 0; i < b->nlist; i++)
			if (k < b->list[i].n)
				book_text(&s, (uint32_t)k, i, b->list[i].v[k],
				    BF_PLAIN);
	worksheet_hide(s.ws);
}

int
book_close(struct book *b, char *err)
{
	lxw_error e;

	write_lists(b);
	if (b->failed) {
		fu_seterr(err, "%s: %s", b->out.path, b->err);
		book_abort(b);
		return -1;
	}
	e = workbook_close(b->wb);	/* frees it, whatever it returns */
	b->wb = NULL;
	if (e != LXW_NO_ERROR) {
		fu_seterr(err, "%s: %s", b->out.path, lxw_strerror(e));
		book_abort(b);
		return -1;
	}
	free_names(b);
	if (outfile_commit(&b->out) == -1) {
		fu_seterr(err, "%s: %s", b->out.path ? b->out.path : "",
		    strerror(errno));
		return -1;
	}
	return 0;
}

void
book_abort(struct book *b)
{
	if (b->wb != NULL) {
		/*
		 * libxlsxwriter has no way to free a workbook unwritten:
		 * close it into the temporary file, then remove that.
		 */
		(void)workbook_close(b->wb);
		b->wb = NULL;
	}
	if (b->out.tmp != NULL)
		outfile_abort(&b->out);
	free_names(b);
}

/* The UTF-16 units of the UTF-8 character at s (its bytes in *len). */
static int
char_units(const unsigned char *s, size_t *len)
{
	if (*s < 0x80)
		*len = 1;
	else if ((*s & 0xe0) == 0xc0)
		*len = 2;
	else if ((*s & 0xf0) == 0xe0)
		*len = 3;
	else if ((*s & 0xf8) == 0xf0) {
		*len = 4;
		return 2;
	} else
		*len = 1;
	return 1;
}

/* Copy s into out (room for 31 units and "(NN...)"), at most max units. */
static void
cut_units(const char *s, size_t max, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t units = 0, len, o = 0, k;
	int u;

	while (*p != '\0') {
		u = char_units(p, &len);
		if (units + (size_t)u > max)
			break;
		for (k = 0; k < len && p[k] != '\0'; k++)
			out[o++] = (char)p[k];
		if (k < len)
			break;
		units += (size_t)u;
		p += len;
	}
	out[o] = '\0';
}

char *
book_sheet_name(struct book *b, const char *want)
{
	char *clean, *p, *base, *name;
	const char *s = want;
	size_t n, blen;
	int k;

	/* none of []:*?/\, no "'" at either end */
	clean = xstrdup(s);
	for (p = clean; *p != '\0'; p++)
		if (strchr("[]:*?/\\", *p) != NULL)
			*p = '_';
	for (p = clean; *p == '\'' || *p == ' '; p++)
		;
	memmove(clean, p, strlen(p) + 1);
	n = strlen(clean);
	while (n > 0 && (clean[n - 1] == '\'' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	if (n == 0) {
		free(clean);
		clean = xstrdup("未命名");
	}
	blen = strlen(clean) + 1;
	base = xmalloc(blen + 16);
	name = xmalloc(blen + 16);
	cut_units(clean, NAME_MAX_UNITS, base);
	/* a cut may leave a "'" at the end */
	n = strlen(base);
	while (n > 0 && base[n - 1] == '\'')
		base[--n] = '\0';
	strcpy(name, base);
	for (k = 2; name[0] == '\0' || take_name(b, name) == -1; k++) {
		char suf[16];

		snprintf(suf, sizeof(suf), "(%d)", k);
		cut_units(clean, NAME_MAX_UNITS - strlen(suf), name);
		n = strlen(name);
		while (n > 0 && name[n - 1] == '\'')
			name[--n] = '\0';
		strcat(name, suf);
	}
	free(clean);
	free(base);
	return name;
}

int
book_sheet_add(struct book *b, struct book_sheet *s, const char *want,
    size_t ncol)
{
	lxw_error e;

	memset(s, 0, sizeof(*s));
	s->b = b;
	s->name = book_sheet_name(b, want);
	if ((e = workbook_validate_sheet_name(b->wb, s->name)) !=
	    LXW_NO_ERROR ||
	    (s->ws = workbook_add_worksheet(b->wb, s->name)) == NULL) {
		book_fail(b, s->name, e ? e :
		    LXW_ERROR_MEMORY_MALLOC_FAILED);
		free(s->name);
		s->name = NULL;
		return -1;
	}
	s->ncol = ncol;
	s->width = xcalloc(ncol ? ncol : 1, sizeof(*s->width));
	return 0;
}

void
book_sheet_end(struct book_sheet *s)
{
	size_t c;
	double w;
	lxw_error e;

	if (s->ws != NULL)
		for (c = 0; c < s->ncol; c++) {
			w = s->width[c] + 2;
			if (w < WIDTH_MIN)
				w = WIDTH_MIN;
			if (w > WIDTH_MAX)
				w = WIDTH_MAX;
			if ((e = worksheet_set_column(s->ws, (lxw_col_t)c,
			    (lxw_col_t)c, w, NULL)) != LXW_NO_ERROR)
				cell_fail(s, 0, c, e);
		}
	free(s->width);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

/* East Asian Wide and Fullwidth, roughly (UAX #11). */
static int
wide(unsigned long c)
{
	return (c >= 0x1100 && c <= 0x115f) ||
	    (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) ||
	    (c >= 0xac00 && c <= 0xd7a3) ||
	    (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) ||
	    (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) ||
	    (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) ||
	    (c >= 0x20000 && c <= 0x3fffd);
}

double
book_text_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	double line = 0, most = 0;
	unsigned long c;
	size_t len, k;

	while (p < end) {
		if (*p < 0x80) {
			if (*p == '\n') {
				if (line > most)
					most = line;
				line = 0;
			} else
				line += 1;
			p++;
			continue;
		}
		(void)char_units(p, &len);
		c = len == 2 ? (*p & 0x1f) : len == 3 ? (*p & 0x0f) :
		    (*p & 0x07);
		for (k = 1; k < len && p + k < end; k++)
			c = (c << 6) | (p[k] & 0x3f);
		line += wide(c) ? 2 : 1;
		p += len;
	}
	return line > most ? line : most;
}

static void
measure(struct book_sheet *s, size_t col, double w)
{
	if (col < s->ncol && w > s->width[col])
		s->width[col] = w;
}

void
book_textn(struct book_sheet *s, uint32_t row, size_t col, const char *t,
    size_t n, int fmt)
{
	lxw_error e;
	char *z = NULL;

	if (s->ws == NULL)
		return;
	if (n == 0) {
		book_blank(s, row, col, fmt);
		return;
	}
	if (t[n] != '\0')
		t = z = xstrndup(t, n);
	/* a string, whatever it looks like: "=1+1" stays text */
	if ((e = worksheet_write_string(s->ws, row, (lxw_col_t)col, t,
	    s->b->fmt[fmt])) != LXW_NO_ERROR)
		cell_fail(s, row, col, e);
	measure(s, col, book_text_width(t, n));
	free(z);
}

void
book_text(struct book_sheet *s, uint32_t row, size_t col, const char *t,
    int fmt)
{
	book_textn(s, row, col, t, t ? strlen(t) : 0, fmt);
}

void
book_num(struct book_sheet *s, uint32_t row, size_t col, double v, int fmt)
{
	lxw_error e;
	double a, w;

	if (s->ws == NULL)
		return;
	if ((e = worksheet_write_number(s->ws, row, (lxw_col_t)col, v,
	    s->b->fmt[fmt])) != LXW_NO_ERROR)
		cell_fail(s, row, col, e);
	/* its width as shown, without printing it (a printf a cell costs) */
	if (fmt == BF_PCT || fmt == BF_TOTAL_PCT)
		w = 6;
	else {
		a = v < 0 ? -v : v;
		for (w = 1; a >= 10 && w < 20; w++)
			a /= 10;
		if (v < 0)
			w++;
		if (fmt != BF_INT && fmt != BF_TOTAL_INT)
			w += 3;
	}
	measure(s, col, w);
}

void
book_date(struct book_sheet *s, uint32_t row, size_t col, int day, int fmt)
{
	lxw_datetime dt;
	lxw_error e;

	if (s->ws == NULL)
		return;
	memset(&dt, 0, sizeof(dt));
	date_to_ymd(day, &dt.year, &dt.month, &dt.day);
	if ((e = worksheet_write_datetime(s->ws, row, (lxw_col_t)col, &dt,
	    s->b->fmt[fmt])) != LXW_NO_ERROR)
		cell_fail(s, row, col, e);
	measure(s, col, 10);
}

void
book_time(struct book_sheet *s, uint32_t row, size_t col, long long t,
    int fmt)
{
	lxw_datetime dt;
	lxw_error e;
	int m = time_minute_of_day(t);
	long long day = time_day(t);

	if (s->ws == NULL)
		return;
	memset(&dt, 0, sizeof(dt));
	date_to_ymd((int)day, &dt.year, &dt.month, &dt.day);
	dt.hour = m / 60;
	dt.min = m % 60;
	dt.sec = (double)(t - (day * 86400 + m * 60LL));
	if ((e = worksheet_write_datetime(s->ws, row, (lxw_col_t)col, &dt,
	    s->b->fmt[fmt])) != LXW_NO_ERROR)
		cell_fail(s, row, col, e);
	measure(s, col, 16);
}

void
book_blank(struct book_sheet *s, uint32_t row, size_t col, int fmt)
{
	lxw_error e;

	if (s->ws == NULL)
		return;
	if ((e = worksheet_write_blank(s->ws, row, (lxw_col_t)col,
	    s->b->fmt[fmt])) != LXW_NO_ERROR)
		cell_fail(s, row, col, e);
}

void
book_sheet_print(struct book_sheet *s, uint32_t head)
{
	lxw_error e;

	worksheet_set_landscape(s->ws);
	worksheet_set_paper(s->ws, 9);		/* A4 */
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_freeze_panes(s->ws, (lxw_row_t)head + 1, 0);
	if ((e = worksheet_repeat_rows(s->ws, 0, head)) != LXW_NO_ERROR ||
	    (e = worksheet_set_footer(s->ws, "&C第 &P 页，共 &N 页")) !=
	    LXW_NO_ERROR ||
	    (e = worksheet_ignore_errors(s->ws,
	    LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576")) != LXW_NO_ERROR)
		cell_fail(s, 0, 0, e);
}

void
book_sheet_title(struct book_sheet *s, uint32_t row, const char *title)
{
	lxw_error e;

	if (s->ncol > 1)
		e = worksheet_merge_range(s->ws, row, 0, row,
		    (lxw_col_t)s->ncol - 1, title, s->b->fmt[BF_TITLE]);
	else
		e = worksheet_write_string(s->ws, row, 0, title,
		    s->b->fmt[BF_TITLE]);
	if (e != LXW_NO_ERROR)
		cell_fail(s, row, 0, e);
	if ((e = worksheet_set_row(s->ws, row, 24, NULL)) != LXW_NO_ERROR)
		cell_fail(s, row, 0, e);
}

void
book_sheet_heads(struct book_sheet *s, uint32_t row,
    const struct book_col *col, size_t ncol)
{
	size_t c;

	for (c = 0; c < ncol; c++) {
		book_text(s, row, c, col[c].head, BF_HEAD);
		/* room for the filter's button */
		measure(s, c, book_text_width(col[c].head,
		    strlen(col[c].head)) + 2);
	}
}

const char *
book_list(struct book *b, const char *const *v, size_t n)
{
	struct book_list *l;
	size_t i, k;

	for (i = 0; i < b->nlist; i++) {
		l = &b->list[i];
		if (l->n != n)
			continue;
		for (k = 0; k < n && strcmp(l->v[k], v[k]) == 0; k++)
			;
		if (k == n)
			return l->formula;
	}
	b->list = xreallocarray(b->list, b->nlist + 1, sizeof(*b->list));
	l = &b->list[b->nlist];
	l->n = n;
	l->v = xreallocarray(NULL, n ? n : 1, sizeof(*l->v));
	for (k = 0; k < n; k++)
		l->v[k] = xstrdup(v[k]);
	l->formula = xmalloc(64);
	snprintf(l->formula, 64, "='%s'!$%c$1:$%c$%zu",
	    LIST_SHEET, (char)('A' + b->nlist), (char)('A' + b->nlist),
	    n ? n : 1);
	b->nlist++;
	return l->formula;
}

void
book_dropdown(struct book_sheet *s, uint32_t first, uint32_t last, size_t col,
    const char *formula)
{
	lxw_data_validation dv;
	lxw_error e;

	if (last < first)
		return;
	memset(&dv, 0, sizeof(dv));
	dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
	dv.value_formula = (char *)formula;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	if ((e = worksheet_data_validation_range(s->ws, first, (lxw_col_t)col,
	    last, (lxw_col_t)col, &dv)) != LXW_NO_ERROR)
		cell_fail(s, first, col, e);
}

static int
table_sheet(struct book_table *t)
{
	char *name;
	size_t n = strlen(t->base) + 16;

	name = xmalloc(n);
	if (t->part == 0)
		snprintf(name, n, "%s", t->base);
	else
		snprintf(name, n, "%s(%d)", t->base, t->part + 1);
	if (book_sheet_add(t->b, &t->sh, name, t->ncol) == -1) {
		free(name);
		return -1;
	}
	free(name);
	t->part++;
	book_sheet_print(&t->sh, 1);
	book_sheet_title(&t->sh, 0, t->title);
	book_sheet_heads(&t->sh, 1, t->col, t->ncol);
	t->sh.rows = 2;
	return 0;
}

int
book_table_start(struct book *b, struct book_table *t, const char *base,
    const char *title, const struct book_col *col, size_t ncol)
{
	memset(t, 0, sizeof(*t));
	t->b = b;
	t->base = xstrdup(base);
	t->title = xstrdup(title);
	t->col = col;
	t->ncol = ncol;
	return table_sheet(t);
}

static void
table_sheet_end(struct book_table *t)
{
	lxw_error e;
	uint32_t last = t->sh.rows > 2 ? t->sh.rows - 1 : 1;

	if (t->sh.ws == NULL)
		return;
	if ((e = worksheet_autofilter(t->sh.ws, 1, 0, last,
	    (lxw_col_t)t->ncol - 1)) != LXW_NO_ERROR)
		cell_fail(&t->sh, 1, 0, e);
	book_sheet_end(&t->sh);
}

uint32_t
book_table_row(struct book_table *t)
{
	if (t->sh.ws != NULL && t->sh.rows >= t->b->max_rows) {
		table_sheet_end(t);
		(void)table_sheet(t);
	}
	t->records++;
	if (t->sh.ws == NULL)
		return 0;
	return t->sh.rows++;
}

void
book_table_end(struct book_table *t)
{
	table_sheet_end(t);
	free(t->base);
	free(t->title);
	t->base = t->title = NULL;
}
