/*
 * header.c: the store list; opening an export, finding its header row
 * below any title rows, and mapping its columns to the contacts fields
 * by the names stores use.  See import.h and export.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/err.h"
#include "base/idmap.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/csvin.h"
#include "fmt/tsv.h"
#include "import/export.h"
#include "import/import.h"

/* Records read looking for the header before giving up. */
#define HEADER_SEARCH	50

/* The names stores give each field, compared after norm_header. */
static const char *const aliases[CF_N][24] = {
	[CF_ORDER] = { "订单号", "单号", "单据号", "订单编号", "工单号",
	    "销售单号", "单据编号", "order", "orderno", "order_no",
	    "orderid", NULL },
	[CF_TYPE] = { "类型", "回访类别", "回访类型", "type", NULL },
	[CF_STORE] = { "店面", "门店", "店铺", "店名", "门店名称", "店面名称",
	    "store", "shop", NULL },
	[CF_STORE_SIZE] = { "店型", "大小店", "门店类型", "店面类型",
	    "store_size", "storesize", NULL },
	[CF_DATE] = { "日期", "购买日期", "销售日期", "服务日期", "赠送日期",
	    "签收日期", "下单日期", "开单日期", "date", NULL },
	[CF_CUSTOMER] = { "客户", "姓名", "客户姓名", "顾客", "顾客姓名",
	    "会员姓名", "客户名称", "customer", "name", NULL },
	[CF_PHONE] = { "电话", "手机", "手机号", "手机号码", "联系电话",
	    "联系方式", "客户电话", "顾客电话", "phone", "mobile", "tel",
	    NULL },
	[CF_AMOUNT] = { "金额", "消费金额", "购买金额", "实付金额", "礼品价值",
	    "价值", "销售金额", "amount", "value", NULL },
	[CF_ITEM] = { "商品", "产品", "服务项目", "礼品", "礼品名称",
	    "商品名称", "产品名称", "item", "product", NULL },
};

/* Output field names, and -m's names for the fields. */
const char *const imp_field_names[CF_N] = {
	"order", "type", "store", "store_size", "date", "customer", "phone",
	"amount", "item"
};

/* Headers that say an export is a gift sheet, when no type is given. */
static const char *const gift_headers[] = {
	"礼品", "礼品名称", "礼品价值", "签收日期", "赠送日期", NULL
};

int
import_field_parse(const char *s)
{
	int i;

	for (i = 0; i < CF_N; i++)
		if (strcmp(s, imp_field_names[i]) == 0)
			return i;
	return -1;
}

static int
is_alias(const char *norm, int f)
{
	int i;

	for (i = 0; aliases[f][i] != NULL; i++)
		if (strcmp(norm, aliases[f][i]) == 0)
			return 1;
	return 0;
}

/* How many fields of a record are known column names. */
static int
header_score(const struct import *im, const struct csvin *in)
{
	char norm[256], want[256];
	size_t i;
	int f, score = 0;

	for (i = 0; i < in->nfield; i++) {
		text_norm_name(in->field[i], in->len[i], norm, sizeof(norm));
		for (f = 0; f < CF_N; f++) {
			if (im->opt.map[f] != NULL) {
				text_norm_name(im->opt.map[f],
				    strlen(im->opt.map[f]), want, sizeof(want));
				if (strcmp(norm, want) == 0) {
					score++;
					break;
				}
			} else if (is_alias(norm, f)) {
				score++;
				break;
			}
		}
	}
	return score;
}

/* The header list of a file, for a message. */
static void
header_list(const struct import_file *f, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < f->ncol && used + 1 < size; i++)
		used += snprintf(buf + used, size - used, "%s%s",
		    i ? ", " : "", f->hdr[i]);
	if (f->ncol == 0)
		snprintf(buf, size, "(none)");
}

static void
alias_list(int f, char *buf, size_t size)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; aliases[f][i] != NULL && used + 1 < size; i++)
		used += snprintf(buf + used, size - used, "%s%s",
		    i ? ", " : "", aliases[f][i]);
}

/* Whether a header names a gift sheet's columns (礼品, 签收日期, ...). */
static int
gift_sheet(const struct import_file *f)
{
	char norm[256];
	size_t i;
	int k;

	for (i = 0; i < f->ncol; i++) {
		text_norm_name(f->hdr[i], strlen(f->hdr[i]), norm,
		    sizeof(norm));
		for (k = 0; gift_headers[k] != NULL; k++)
			if (strcmp(norm, gift_headers[k]) == 0)
				return 1;
	}
	return 0;
}

/* Map a header's columns to fields; -1 after reporting what is missing. */
static int
map_columns(struct import *im, struct import_file *f)
{
	char norm[256], want[256], list[1024], names[512];
	size_t i;
	int k, bad = 0;

	for (k = 0; k < CF_N; k++)
		f->col[k] = -1;
	for (k = 0; k < CF_N; k++) {
		if (im->opt.map[k] != NULL)
			text_norm_name(im->opt.map[k], strlen(im->opt.map[k]),
			    want, sizeof(want));
		for (i = 0; i < f->ncol; i++) {
			text_norm_name(f->hdr[i], strlen(f->hdr[i]), norm,
			    sizeof(norm));
			if (im->opt.map[k] != NULL ? strcmp(norm, want) == 0 :
			    is_alias(norm, k)) {
				if (f->col[k] == -1) {
					f->col[k] = (long)i;
					continue;
				}
				/* Which one is meant?  Said, never guessed. */
				fu_datawarn(f->name, f->hdrline, "columns %ld "
				    "\"%s\" and %zu \"%s\" are both the %s: "
				    "column %ld is taken, column %zu passed on "
				    "as an extra%s", f->col[k] + 1,
				    f->hdr[f->col[k]], i + 1, f->hdr[i],
				    imp_field_names[k], f->col[k] + 1, i + 1,
				    im->opt.map[k] == NULL ? " (-m chooses)" :
				    "");
				break;
			}
		}
		if (im->opt.map[k] != NULL && f->col[k] == -1) {
			header_list(f, list, sizeof(list));
			fu_warnx("%s: no column \"%s\" (for %s, from -m); "
			    "headers: %s", f->name, im->opt.map[k],
			    imp_field_names[k], list);
			bad = 1;
		}
	}
	/* A column named by -m for one field is no alias for another. */
	for (k = 0; k < CF_N; k++) {
		int j;

		for (j = 0; j < CF_N; j++)
			if (j != k && im->opt.map[j] != NULL &&
			    im->opt.map[k] == NULL && f->col[k] == f->col[j])
				f->col[k] = -1;
	}
	if (f->col[CF_TYPE] == -1) {
		f->type = im->opt.type;
		if (f->type == NULL) {
			f->type = contact_type_code(gift_sheet(f) ? CT_GIFT :
			    CT_SERVICE);
			f->type_inferred = 1;
		}
	}
	for (k = 0; k < CF_N; k++) {
		if (f->col[k] != -1 || (k != CF_PHONE && k != CF_DATE &&
		    k != CF_STORE))
			continue;
		if ((k == CF_STORE && im->opt.store != NULL) ||
		    im->opt.map[k] != NULL)
			continue;	/* given, or said above */
		header_list(f, list, sizeof(list));
		alias_list(k, names, sizeof(names));
		fu_warnx("%s: no %s column (%s%s); headers: %s", f->name,
		    imp_field_names[k], names,
		    k == CF_STORE ? "; or give -s" : "", list);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/*
 * base, else base_K for the first K from col + 1 that no name of seen
 * has: a column's name, unique among its file's.
 */
static char *
unique_name(const struct imp_names *seen, const char *base, size_t col)
{
	size_t n = strlen(base), k;
	char *name;

	if (imp_names_find(seen, base, n) == -1)
		return xstrdup(base);
	name = xmalloc(n + 24);
	for (k = col + 1;; k++) {
		snprintf(name, n + 24, "%s_%zu", base, k);
		if (imp_names_find(seen, name, strlen(name)) == -1)
			return name;
	}
}

/* The field that -m or an alias gave a column, or -1. */
static int
mapped_column(const struct import_file *f, size_t i)
{
	int k;

	for (k = 0; k < CF_N; k++)
		if (f->col[k] == (long)i)
			return k;
	return -1;
}

/*
 * A column's name in the rejects: the field's name when it is mapped
 * to one (so that every file's date column is the rejects' date), else
 * its own, orig_NAME when that is a field's name.
 */
static long
reject_column(struct import *im, const struct import_file *f, size_t i,
    const char *name)
{
	char *o;
	long k;

	if ((k = mapped_column(f, i)) != -1)
		return k;
	if (import_field_parse(name) == -1)
		return (long)imp_names_add(&im->orig, name, strlen(name), NULL);
	o = xmalloc(strlen(name) + 6);
	memcpy(o, "orig_", 5);
	strcpy(o + 5, name);
	k = (long)imp_names_add(&im->orig, o, strlen(o), NULL);
	free(o);
	return k;
}

/*
 * Name each column for the output and reject files: every column its
 * own name within its file (an empty header is colN, a repeated one
 * NAME_N), so no two columns of a file ever share one; files share a
 * column by name.
 */
static void
name_columns(struct import *im, struct import_file *f)
{
	struct imp_names seen, kept;
	char col[32], *name, *out;
	size_t i, j;

	imp_names_init(&seen);
	imp_names_init(&kept);
	f->outcol = xreallocarray(NULL, f->ncol, sizeof(*f->outcol));
	f->rejcol = xreallocarray(NULL, f->ncol, sizeof(*f->rejcol));
	for (i = 0; i < f->ncol; i++) {
		snprintf(col, sizeof(col), "col%zu", i + 1);
		name = unique_name(&seen, f->hdr[i][0] == '\0' ? col :
		    f->hdr[i], i);
		imp_names_add(&seen, name, strlen(name), NULL);
		f->rejcol[i] = reject_column(im, f, i, name);
		f->outcol[i] = -1;
		if (mapped_column(f, i) != -1) {
			free(name);
			continue;
		}
		/* Keep clear of the contacts' own column names. */
		for (j = 0; j < CC_N; j++)
			if (strcmp(name, contact_cols[j]) == 0)
				break;
		if (j < CC_N) {
			out = xmalloc(strlen(name) + 6);
			memcpy(out, "orig_", 5);
			strcpy(out + 5, name);
			free(name);
			name = unique_name(&kept, out, i);
			free(out);
		} else if (imp_names_find(&kept, name, strlen(name)) != -1) {
			/* orig_id named by the file, and id made orig_id. */
			out = unique_name(&kept, name, i);
			free(name);
			name = out;
		}
		imp_names_add(&kept, name, strlen(name), NULL);
		f->outcol[i] = (long)imp_names_add(&im->extra, name,
		    strlen(name), NULL);
		free(name);
	}
	imp_names_free(&seen);
	imp_names_free(&kept);
}

static int
cmp_store(const void *a, const void *b)
{
	return strcmp(((const struct listed_store *)a)->store,
	    ((const struct listed_store *)b)->store);
}

/* The store list: "store<TAB>size" with a header, as samples/stores.tsv. */
static int
load_stores(struct import *im, const char *path)
{
	struct tsv_reader r;
	const char *size;
	long cstore, csize;
	FILE *fp;
	size_t i;
	int rc, bad = 0;

	if ((fp = tsv_open_path(&r, path, path)) == NULL)
		return -1;
	cstore = tsv_col(&r, "store");
	csize = tsv_col(&r, "size");
	if (cstore == -1 || csize == -1) {
		fu_warnx("%s: needs the columns store and size", path);
		tsv_close(&r);
		fu_close_in(fp);
		return -1;
	}
	while ((rc = tsv_next_report(&r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			bad = 1;
			break;
		}
		if (rc == TSV_BADROW) {
			bad = 1;
			continue;
		}
		size = import_size_parse(r.field[csize], r.len[csize]);
		if (size == NULL) {
			fu_datawarn(path, r.lineno, "size \"%s\" is not 大店 or "
			    "小店 (large or small)", r.field[csize]);
			bad = 1;
			continue;
		}
		im->sizes = xreallocarray(im->sizes, im->nsizes + 1,
		    sizeof(*im->sizes));
		im->sizes[im->nsizes].store = xstrdup(r.field[cstore]);
		im->sizes[im->nsizes++].size = size;
	}
	tsv_close(&r);
	fu_close_in(fp);
	qsort(im->sizes, im->nsizes, sizeof(*im->sizes), cmp_store);
	for (i = 1; i < im->nsizes; i++)
		if (strcmp(im->sizes[i].store, im->sizes[i - 1].store) == 0 &&
		    im->sizes[i].size != im->sizes[i - 1].size) {
			fu_warnx("%s: store \"%s\" is listed as both large "
			    "and small", path, im->sizes[i].store);
			bad = 1;
		}
	return bad ? -1 : 0;
}

/* The listed size of a store, or NULL. */
const char *
imp_listed_size(const struct import *im, const char *store, size_t n)
{
	size_t lo = 0, hi = im->nsizes, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(im->sizes[mid].store, store, n);
		if (c == 0 && im->sizes[mid].store[n] != '\0')
			c = 1;
		if (c == 0)
			return im->sizes[mid].size;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
import_init(struct import *im, const struct import_opts *opt)
{
	int k;

	memset(im, 0, sizeof(*im));
	im->opt = *opt;
	idmap_init(&im->seen);
	imp_names_init(&im->extra);
	imp_names_init(&im->orig);
	imp_names_init(&im->oddsize);
	/* The rejects' first columns: the fields, whatever each file names. */
	for (k = 0; k < CF_N; k++)
		imp_names_add(&im->orig, imp_field_names[k],
		    strlen(imp_field_names[k]), NULL);
	if (opt->stores != NULL && load_stores(im, opt->stores) == -1) {
		im->status = FU_EXIT_FATAL;
		return -1;
	}
	return 0;
}

/* When lines were unreadable, the encoding is the likelier fault. */
static const char *
enc_hint(const struct import_file *f)
{
	if (f->qmarks)
		return "; its first rows are ? marks: text saved in a "
		    "character set that has no Chinese, save it again as "
		    "UTF-8 (CSV UTF-8) or GB18030";
	if (f->in.st.bad_bytes == 0)
		return "";
	return f->in.enc == ENC_UTF8 ? "; its lines are not UTF-8: try "
	    "-e gb18030" : f->in.enc == ENC_GB18030 ? "; its lines are not "
	    "valid GB18030 either: try another -e" : "; its lines are not "
	    "valid in the encoding: try another -e";
}

/* Two fields or more of nothing but ? marks: 门店 saved as Latin-1. */
static int
qmark_record(const struct csvin *in)
{
	size_t i, j, n = 0;

	for (i = 0; i < in->nfield && n < 2; i++) {
		for (j = 0; j < in->len[i] && in->field[i][j] == '?'; j++)
			;
		if (in->len[i] > 0 && j == in->len[i])
			n++;
	}
	return n >= 2;
}

/* A copy of csvin's current record. */
static void
copy_record(struct held *h, const struct csvin *in)
{
	size_t i;

	h->n = in->nfield;
	h->lineno = in->lineno;
	h->field = xreallocarray(NULL, h->n, sizeof(*h->field));
	h->len = xreallocarray(NULL, h->n, sizeof(*h->len));
	for (i = 0; i < h->n; i++) {
		h->field[i] = xstrndup(in->field[i], in->len[i]);
		h->len[i] = in->len[i];
	}
}

void
imp_free_record(struct held *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->field[i]);
	free(h->field);
	free(h->len);
	memset(h, 0, sizeof(*h));
}

/* How many fields of a copied record are known column names. */
static int
held_score(const struct import *im, const struct held *h)
{
	struct csvin view;

	memset(&view, 0, sizeof(view));
	view.field = h->field;
	view.len = h->len;
	view.nfield = h->n;
	return header_score(im, &view);
}

/*
 * The header: of the rows naming two known columns or more, the first
 * that names more than the row after it (so that a label row such as
 * 门店,城东店,日期,2026年11月 above the header is taken for a title).
 * The row read after it is kept in f->pending for the data.
 */
static int
find_header(struct import *im, struct import_file *f, struct held *best)
{
	long searched = 0;
	int rc, score = -1;

	for (;;) {
		rc = csvin_next(&f->in);
		if (rc == CSVIN_ERR) {
			fu_warn("%s: read error", f->name);
			return -1;
		}
		if (rc == CSVIN_EOF && score >= 2)
			return 0;
		if (rc == CSVIN_EOF) {
			if (f->in.st.lines == 0)
				fu_warnx("%s: empty file: no header", f->name);
			else if (searched == 0 && f->c.title == 0)
				fu_warnx("%s: only empty lines (%ld): no header",
				    f->name, f->in.st.lines);
			else
				fu_warnx("%s: no header row found in the "
				    "first %ld record%s (a header names "
				    "columns such as 日期, 客户, 电话, 金额)%s",
				    f->name,
				    searched, searched == 1 ? "" : "s",
				    enc_hint(f));
			return -1;
		}
		if (f->in.lineno <= im->opt.skip_lines) {
			f->c.title++;
			continue;
		}
		if (score >= 2 && (f->in.bad != NULL ||
		    header_score(im, &f->in) <= score)) {
			copy_record(&f->pending, &f->in);
			f->has_pending = 1;
			if (f->in.bad != NULL)
				f->pending_bad = xstrdup(f->in.bad);
			f->pending_badenc = f->in.badenc;
			return 0;
		}
		if (f->in.bad == NULL && header_score(im, &f->in) >= 2) {
			if (score >= 2)
				f->c.title++;	/* a label row above it */
			imp_free_record(best);
			copy_record(best, &f->in);
			score = held_score(im, best);
			continue;
		}
		f->c.title++;
		if (f->in.bad == NULL && qmark_record(&f->in))
			f->qmarks = 1;
		if (++searched >= HEADER_SEARCH) {
			fu_warnx("%s: no header row found in the first %d "
			    "records (a header names columns such as 日期, "
			    "客户, 电话, 金额; see -m and --skip-lines)%s",
			    f->name, HEADER_SEARCH, enc_hint(f));
			return -1;
		}
	}
}

int
import_open(struct import *im, const char *path)
{
	struct import_file *f = xcalloc(1, sizeof(*f));
	struct held best;
	char err[FU_ERRBUF];
	struct stat sb;
	size_t i;

	memset(&best, 0, sizeof(best));
	f->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	if ((f->fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		goto fail;
	}
	if (csvin_open(&f->in, f->fp, f->name, im->opt.enc, err) == -1) {
		fu_warnx("%s: %s", f->name, err);
		goto fail;
	}
	if (find_header(im, f, &best) == -1)
		goto fail;
	f->hdrline = best.lineno;
	f->ncol = best.n;
	f->hdr = xreallocarray(NULL, f->ncol, sizeof(*f->hdr));
	for (i = 0; i < f->ncol; i++) {
		const char *s;
		size_t n;

		imp_trim(best.field[i], best.len[i], &s, &n);
		f->hdr[i] = xstrndup(s, n);
	}
	imp_free_record(&best);
	if (map_columns(im, f) == -1)
		goto fail;
	name_columns(im, f);
	im->file = xreallocarray(im->file, im->nfile + 1, sizeof(*im->file));
	f->index = im->nfile;
	im->file[im->nfile++] = f;
	/* A sales row is 80 bytes or more: room for the file's ids. */
	if (fstat(fileno(f->fp), &sb) == 0 && S_ISREG(sb.st_mode))
		idmap_reserve(&im->seen, im->seen.n + (size_t)sb.st_size / 80);
	return 0;
fail:
	im->status = FU_EXIT_FATAL;
	imp_free_record(&best);
	imp_free_record(&f->pending);
	free(f->pending_bad);
	if (f->fp != NULL) {
		csvin_close(&f->in);
		fu_close_in(f->fp);
	}
	for (i = 0; i < f->ncol; i++)
		free(f->hdr[i]);
	free(f->hdr);
	free(f->name);
	free(f);
	return -1;
}

void
import_write_header(struct import *im, FILE *out)
{
	size_t i;

	for (i = 0; i < CC_N; i++) {
		if (i > 0)
			putc('\t', out);
		tsv_puts(out, contact_cols[i]);
	}
	for (i = 0; i < im->extra.n; i++) {
		putc('\t', out);
		tsv_puts(out, im->extra.name[i]);
	}
	putc('\n', out);
}

void
import_free(struct import *im)
{
	struct import_file *f;
	size_t i, j;

	for (i = 0; i < im->nfile; i++) {
		f = im->file[i];
		csvin_close(&f->in);
		fu_close_in(f->fp);
		for (j = 0; j < f->ncol; j++)
			free(f->hdr[j]);
		free(f->hdr);
		free(f->outcol);
		free(f->rejcol);
		imp_free_held(f);
		imp_free_record(&f->pending);
		free(f->pending_bad);
		free(f->name);
		free(f);
	}
	free(im->file);
	imp_names_free(&im->extra);
	imp_names_free(&im->orig);
	imp_names_free(&im->oddsize);
	if (im->rejtmp != NULL)
		fclose(im->rejtmp);
	idmap_free(&im->seen);
	for (i = 0; i < im->nsizes; i++)
		free(im->sizes[i].store);
	free(im->sizes);
}
