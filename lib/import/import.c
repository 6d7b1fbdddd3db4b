/* import.c: store exports to contacts; see import.h. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fmt/csvin.h"
#include "fmt/date.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/idset.h"
#include "import/import.h"
#include "fmt/money.h"
#include "base/outfile.h"
#include "fmt/phone.h"
#include "base/pool.h"
#include "base/progress.h"
#include "base/text.h"
#include "fmt/tsv.h"
#include "base/util.h"

/* Records read looking for the header before giving up. */
#define HEADER_SEARCH	50
/* Rejected rows shown on standard error per file; the rest counted. */
#define SHOW_REJECTS	20

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
static const char *const field_names[CF_N] = {
	"order", "type", "store", "store_size", "date", "customer", "phone",
	"amount", "item"
};

/* The contacts columns, in order. */
static const char *const contacts_cols[] = {
	"id", "type", "store", "store_size", "date", "customer", "phone",
	"amount", "item", "src"
};
#define NCONTACTS	(sizeof(contacts_cols) / sizeof(contacts_cols[0]))

static const char *const reject_names[RJ_N] = {
	"field count", "encoding", "CSV quoting", "type", "store",
	"store size", "date", "phone", "amount"
};

/* Headers that say an export is a gift sheet, when no type is given. */
static const char *const gift_headers[] = {
	"礼品", "礼品名称", "礼品价值", "签收日期", "赠送日期", NULL
};

static const struct {
	const char *name;
	const char *code;
} type_names[] = {
	{ "service", "service" }, { "服务", "service" },
	{ "客户服务回访", "service" }, { "客户服务", "service" },
	{ "服务回访", "service" }, { "销售", "service" },
	{ "gift", "gift" }, { "礼品", "gift" }, { "礼品核查", "gift" },
	{ "礼品核查回访", "gift" }, { "礼品回访", "gift" },
	{ "writeoff", "writeoff" }, { "核销", "writeoff" },
	{ "店面核销回访", "writeoff" }, { "核销回访", "writeoff" },
	{ "member", "member" }, { "会员", "member" },
	{ "会员回访", "member" },
	{ "request", "request" }, { "需求", "request" },
	{ "回访需求", "request" }, { "店面回访需求", "request" },
};

static const char *const footer_words[] = {
	"合计", "总计", "小计", "共计", "总额", "汇总", NULL
};

struct held {
	char	**field;
	size_t	*len;
	size_t	 n;
	long	 lineno;
};

struct import_file {
	char		*name;		/* as given; "stdin" for "-" */
	FILE		*fp;
	struct csvin	 in;
	char		**hdr;		/* the header as written */
	size_t		 ncol;
	long		 hdrline;
	long		 col[CF_N];	/* column of each field, or -1 */
	long		*outcol;	/* column -> output extra, or -1 */
	long		*rejcol;	/* column -> reject column */
	const char	*type;		/* from -t or inferred, if no column */
	int		 type_inferred;
	struct held	*held;		/* short rows that may be a footer */
	size_t		 nheld;
	long		 shown;		/* rejects shown on stderr */
	struct import_counts c;
	size_t		 index;		/* in import's list */
};

int
import_field_parse(const char *s)
{
	int i;

	for (i = 0; i < CF_N; i++)
		if (strcmp(s, field_names[i]) == 0)
			return i;
	return -1;
}

/* A field with blanks trimmed, as pointer and length. */
static void
trimmed(const char *s, size_t n, const char **out, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;

	text_trim(&p, &n);
	*out = (const char *)p;
	*outlen = n;
}

static int
equal(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

const char *
import_type_parse(const char *s, size_t n)
{
	size_t i;

	trimmed(s, n, &s, &n);
	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (equal(s, n, type_names[i].name))
			return type_names[i].code;
	return NULL;
}

const char *
import_size_parse(const char *s, size_t n)
{
	static const char *const large[] = { "large", "大店", "大", "big",
	    "l", "大型", NULL };
	static const char *const small[] = { "small", "小店", "小", "s",
	    "小型", NULL };
	char low[16];
	size_t i;

	trimmed(s, n, &s, &n);
	if (n >= sizeof(low))
		return NULL;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	for (i = 0; large[i] != NULL; i++)
		if (equal(low, n, large[i]))
			return "large";
	for (i = 0; small[i] != NULL; i++)
		if (equal(low, n, small[i]))
			return "small";
	return NULL;
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

static void
add_name(char ***list, size_t *n, const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*list)[i], name) == 0)
			return;
	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = xstrdup(name);
}

static long
find_name(char **list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return (long)i;
	return -1;
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
				f->col[k] = (long)i;
				break;
			}
		}
		if (im->opt.map[k] != NULL && f->col[k] == -1) {
			header_list(f, list, sizeof(list));
			fu_warnx("%s: no column \"%s\" (for %s, from -m); "
			    "headers: %s", f->name, im->opt.map[k],
			    field_names[k], list);
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
			f->type = "service";
			f->type_inferred = 1;
			for (i = 0; i < f->ncol && f->type[0] == 's'; i++) {
				text_norm_name(f->hdr[i], strlen(f->hdr[i]), norm,
				    sizeof(norm));
				for (k = 0; gift_headers[k] != NULL; k++)
					if (strcmp(norm, gift_headers[k]) == 0)
						f->type = "gift";
			}
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
		    field_names[k], names, k == CF_STORE ? "; or give -s" : "",
		    list);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* Name each column for the output and reject files. */
static void
name_columns(struct import *im, struct import_file *f)
{
	char name[512];
	size_t i, j;
	int k, mapped;

	f->outcol = xreallocarray(NULL, f->ncol, sizeof(*f->outcol));
	f->rejcol = xreallocarray(NULL, f->ncol, sizeof(*f->rejcol));
	for (i = 0; i < f->ncol; i++) {
		/* An empty or repeated header still names a column. */
		if (f->hdr[i][0] == '\0')
			snprintf(name, sizeof(name), "col%zu", i + 1);
		else
			snprintf(name, sizeof(name), "%s", f->hdr[i]);
		for (j = 0; j < i; j++)
			if (strcmp(f->hdr[j], f->hdr[i]) == 0)
				break;
		if (j < i && f->hdr[i][0] != '\0')
			snprintf(name, sizeof(name), "%s_%zu", f->hdr[i],
			    i + 1);
		add_name(&im->orig, &im->norig, name);
		f->rejcol[i] = find_name(im->orig, im->norig, name);
		mapped = 0;
		for (k = 0; k < CF_N; k++)
			if (f->col[k] == (long)i)
				mapped = 1;
		f->outcol[i] = -1;
		if (mapped)
			continue;
		/* Keep clear of the contacts' own column names. */
		for (j = 0; j < NCONTACTS; j++)
			if (strcmp(name, contacts_cols[j]) == 0) {
				memmove(name + 5, name, strlen(name) + 1);
				memcpy(name, "orig_", 5);
				break;
			}
		add_name(&im->extra, &im->nextra, name);
		f->outcol[i] = find_name(im->extra, im->nextra, name);
	}
}

static int
cmp_store(const void *a, const void *b)
{
	return strcmp(((const struct store_size *)a)->store,
	    ((const struct store_size *)b)->store);
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
static const char *
listed_size(const struct import *im, const char *store, size_t n)
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
	memset(im, 0, sizeof(*im));
	im->opt = *opt;
	idset_init(&im->seen);
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
	if (f->in.st.bad_bytes == 0)
		return "";
	return f->in.enc == ENC_UTF8 ? "; its lines are not UTF-8: try "
	    "-e gb18030" : "; its lines are not valid in the encoding: try "
	    "another -e";
}

int
import_open(struct import *im, const char *path)
{
	struct import_file *f = xcalloc(1, sizeof(*f));
	char err[FU_ERRBUF];
	struct stat sb;
	long searched = 0;
	size_t i;
	int rc;

	f->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	if ((f->fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		goto fail;
	}
	if (csvin_open(&f->in, f->fp, f->name, im->opt.enc, err) == -1) {
		fu_warnx("%s: %s", f->name, err);
		goto fail;
	}
	for (;;) {
		rc = csvin_next(&f->in);
		if (rc == CSVIN_ERR) {
			fu_warn("%s: read error", f->name);
			goto fail;
		}
		if (rc == CSVIN_EOF) {
			if (f->in.st.lines == 0)
				fu_warnx("%s: empty file: no header", f->name);
			else
				fu_warnx("%s: no header row found in the "
				    "first %ld records (a header names columns "
				    "such as 日期, 客户, 电话, 金额)%s", f->name,
				    searched, enc_hint(f));
			goto fail;
		}
		if (f->in.lineno <= im->opt.skip_lines) {
			f->c.title++;
			continue;
		}
		if (f->in.bad == NULL && header_score(im, &f->in) >= 2)
			break;
		f->c.title++;
		if (++searched >= HEADER_SEARCH) {
			fu_warnx("%s: no header row found in the first %d "
			    "records (a header names columns such as 日期, "
			    "客户, 电话, 金额; see -m and --skip-lines)%s",
			    f->name, HEADER_SEARCH, enc_hint(f));
			goto fail;
		}
	}
	f->hdrline = f->in.lineno;
	f->ncol = f->in.nfield;
	f->hdr = xreallocarray(NULL, f->ncol, sizeof(*f->hdr));
	for (i = 0; i < f->ncol; i++) {
		const char *s;
		size_t n;

		trimmed(f->in.field[i], f->in.len[i], &s, &n);
		f->hdr[i] = xstrndup(s, n);
	}
	if (map_columns(im, f) == -1)
		goto fail;
	name_columns(im, f);
	im->file = xreallocarray(im->file, im->nfile + 1, sizeof(*im->file));
	f->index = im->nfile;
	im->file[im->nfile++] = f;
	/* A sales row is 80 bytes or more: room for the file's ids. */
	if (fstat(fileno(f->fp), &sb) == 0 && S_ISREG(sb.st_mode))
		idset_reserve(&im->seen, im->seen.n + (size_t)sb.st_size / 80);
	return 0;
fail:
	im->status = FU_EXIT_FATAL;
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

	for (i = 0; i < NCONTACTS; i++) {
		if (i > 0)
			putc('\t', out);
		tsv_puts(out, contacts_cols[i]);
	}
	for (i = 0; i < im->nextra; i++) {
		putc('\t', out);
		tsv_puts(out, im->extra[i]);
	}
	putc('\n', out);
}

/* Count a rejected row, show it, and keep it for the reject file. */
static void
reject(struct import *im, struct import_file *f, long lineno,
    char *const *field, const size_t *len, size_t n, enum reject_kind kind,
    const char *why)
{
	size_t i;
	long col;

	f->c.rejected++;
	f->c.reason[kind]++;
	if (im->opt.check)
		return;
	if (f->shown++ < SHOW_REJECTS)
		fu_datawarn(f->name, lineno, "%s", why);
	if (im->rejtmp == NULL && (im->rejtmp = tmpfile()) == NULL)
		fu_err(FU_EXIT_FATAL, "temporary file for rejected rows");
	/*
	 * Kept as: file index, line, reason, then pairs of reject column
	 * and value; a field beyond the header has column -k, for extra_k.
	 */
	fprintf(im->rejtmp, "%zu\t%ld\t", f->index, lineno);
	tsv_puts(im->rejtmp, why);
	if (n > f->ncol && n - f->ncol > im->surplus)
		im->surplus = n - f->ncol;
	for (i = 0; i < n; i++) {
		col = i < f->ncol ? f->rejcol[i] : -(long)(i - f->ncol + 1);
		fprintf(im->rejtmp, "\t%ld\t", col);
		tsv_put(im->rejtmp, field[i], len[i]);
	}
	putc('\n', im->rejtmp);
}

static int
blank_field(const char *s, size_t n)
{
	trimmed(s, n, &s, &n);
	return n == 0;
}

static int
empty_row(char *const *field, const size_t *len, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!blank_field(field[i], len[i]))
			return 0;
	return 1;
}

/* A totals row: its first value starts 合计, 总计, .... */
static int
footer_row(char *const *field, const size_t *len, size_t n)
{
	const char *s;
	size_t i, k, m;

	for (i = 0; i < n; i++) {
		trimmed(field[i], len[i], &s, &m);
		if (m == 0)
			continue;
		/* Each footer word begins with byte E5 or E6. */
		if ((unsigned char)s[0] != 0xe5 && (unsigned char)s[0] != 0xe6)
			return 0;
		for (k = 0; footer_words[k] != NULL; k++)
			if (m >= strlen(footer_words[k]) &&
			    memcmp(s, footer_words[k],
			    strlen(footer_words[k])) == 0)
				return 1;
		return 0;
	}
	return 0;
}

/* Keep a copy of a short row that may turn out to be a footer. */
static void
hold(struct import_file *f, char *const *field, const size_t *len, size_t n,
    long lineno)
{
	struct held *h;
	size_t i;

	f->held = xreallocarray(f->held, f->nheld + 1, sizeof(*f->held));
	h = &f->held[f->nheld++];
	h->n = n;
	h->lineno = lineno;
	h->field = xreallocarray(NULL, n, sizeof(*h->field));
	h->len = xreallocarray(NULL, n, sizeof(*h->len));
	for (i = 0; i < n; i++) {
		h->field[i] = xstrndup(field[i], len[i]);
		h->len[i] = len[i];
	}
}

static void
free_held(struct import_file *f)
{
	size_t i, j;

	for (i = 0; i < f->nheld; i++) {
		for (j = 0; j < f->held[i].n; j++)
			free(f->held[i].field[j]);
		free(f->held[i].field);
		free(f->held[i].len);
	}
	free(f->held);
	f->held = NULL;
	f->nheld = 0;
}

static void
reject_fields(struct import *im, struct import_file *f, char *const *field,
    const size_t *len, size_t n, long lineno)
{
	char why[FU_ERRBUF];

	snprintf(why, sizeof(why), "%zu field%s, but the header (line %ld) "
	    "has %zu", n, n == 1 ? "" : "s", f->hdrline, f->ncol);
	reject(im, f, lineno, field, len, n, RJ_FIELDS, why);
}

/* Short rows followed by more data were no footer: rejected. */
static void
flush_held(struct import *im, struct import_file *f)
{
	size_t i;

	for (i = 0; i < f->nheld; i++) {
		f->c.rows++;
		reject_fields(im, f, f->held[i].field, f->held[i].len,
		    f->held[i].n, f->held[i].lineno);
	}
	free_held(f);
}

/* At most this many short rows at the end are taken for a footer. */
#define FOOTER_ROWS	5

/* The value of a field's column, trimmed; "" when there is none. */
static void
value(const struct import_file *f, int k, char *const *field,
    const size_t *len, const char **s, size_t *n)
{
	if (f->col[k] == -1) {
		*s = "";
		*n = 0;
		return;
	}
	trimmed(field[f->col[k]], len[f->col[k]], s, n);
}

/*
 * Rows go through in batches: the main thread reads them (csvin) and
 * copies them into a batch; a worker thread normalizes the batch (the
 * costly part: dates, phones, amounts, the id, the output lines); the
 * main thread then commits batches in input order (duplicates, held
 * footer rows, rejects, counts, output), so the result is the same as
 * one row after another, on as many cores as the machine has.
 */
#define BATCH_ROWS	4096
#define BATCH_TEXT	(512 * 1024)
/*
 * Workers at most: the reading thread feeds about three (it does a
 * quarter of the work), and each batch in flight holds about 2 MiB.
 */
#define IMPORT_WORKERS	4
/* Rows looked ahead to fetch their id's slot in the set. */
#define PREFETCH_AHEAD	8

enum verdict { V_EMPTY, V_FOOTER, V_REJECT, V_OK };

struct brow {
	size_t		 src;		/* read: the line in text, if plain, */
	size_t		 nsrc;		/* its length; else fields in foff */
	int		 plain;		/* a whole line, not yet split */
	long		 lineno;
	size_t		 bad;		/* csvin's reason, offset in text + 1 */
	int		 badenc;
	size_t		 field;		/* split: the first in fptr, flen */
	size_t		 nfield;
	/* The worker's verdict. */
	unsigned char	 verdict;
	unsigned char	 kind;		/* enum reject_kind */
	unsigned char	 shortrow;	/* few fields: maybe a footer */
	size_t		 why;		/* the reject reason, in whys */
	uint64_t	 id;
	size_t		 line, linelen;	/* the output line, in out */
};

struct batch {
	struct pool_job		 job;	/* first: a batch is its job */
	const struct import	*im;
	const struct import_file *f;
	const long		*extra_from;
	int			 lines;	/* build output lines (not --check) */
	struct brow		*row;
	size_t			 nrow, rowcap;
	char			*text;	/* lines and fields, each NUL-ended */
	size_t			 textlen, textcap;
	size_t			*foff;	/* fields of records not plain */
	size_t			*fsrclen;
	size_t			 nf, fcap;
	char			**fptr;	/* every row's fields, by the worker */
	size_t			*flen;
	size_t			 nw, wcap;
	struct tsv_buf		 out;
	struct tsv_buf		 whys;	/* reject reasons, NUL-ended */
	/* What csvin leaves to the reader of whole lines. */
	char			 delim;
	enum csvin_enc		 enc;
	int			 utf16be, prevalid;
	long			 bad_bytes, tabs_in_fields;
};

/* A worker's own state. */
struct norm_ctx {
	char		 lastsize[16];	/* the store size last read */
	size_t		 lastsize_len;
	const char	*lastsize_code;
};

static void
batch_reset(struct batch *b, const struct import *im,
    const struct import_file *f, const long *extra_from, int lines)
{
	b->im = im;
	b->f = f;
	b->extra_from = extra_from;
	b->lines = lines;
	b->nrow = b->textlen = b->nf = b->nw = 0;
	b->out.len = b->whys.len = 0;
	b->delim = f->in.delim;
	b->enc = f->in.enc;
	b->utf16be = f->in.utf16be;
	b->prevalid = f->in.prevalid;
	b->bad_bytes = b->tabs_in_fields = 0;
}

static void
batch_free(struct batch *b)
{
	free(b->row);
	free(b->text);
	free(b->foff);
	free(b->fsrclen);
	free(b->flen);
	free(b->fptr);
	tsv_buf_free(&b->out);
	tsv_buf_free(&b->whys);
}

static void
batch_text(struct batch *b, const char *s, size_t n)
{
	if (b->textcap - b->textlen < n + 1) {
		/* Room past BATCH_TEXT for the row that reaches it. */
		while (b->textcap - b->textlen < n + 1)
			b->textcap = b->textcap ? b->textcap * 2 :
			    BATCH_TEXT + BATCH_TEXT / 4;
		b->text = xrealloc(b->text, b->textcap);
	}
	memcpy(b->text + b->textlen, s, n);
	b->text[b->textlen + n] = '\0';
	b->textlen += n + 1;
}

/* Copy csvin's current record into the batch. */
static void
batch_add(struct batch *b, const struct csvin *in)
{
	struct brow *r;
	size_t i;

	if (b->nrow == b->rowcap) {
		b->rowcap = b->rowcap ? b->rowcap * 2 : BATCH_ROWS;
		b->row = xreallocarray(b->row, b->rowcap, sizeof(*b->row));
	}
	r = &b->row[b->nrow++];
	r->lineno = in->lineno;
	r->bad = 0;
	r->badenc = in->badenc;
	r->plain = in->plain;
	if (in->plain) {
		r->src = b->textlen;
		r->nsrc = in->linelen;
		batch_text(b, in->line, in->linelen);
		return;
	}
	if (b->fcap - b->nf < in->nfield) {
		while (b->fcap - b->nf < in->nfield)
			b->fcap = b->fcap ? b->fcap * 2 : 1024;
		b->foff = xreallocarray(b->foff, b->fcap, sizeof(*b->foff));
		b->fsrclen = xreallocarray(b->fsrclen, b->fcap,
		    sizeof(*b->fsrclen));
	}
	r->src = b->nf;
	r->nsrc = in->nfield;
	for (i = 0; i < in->nfield; i++) {
		b->foff[b->nf] = b->textlen;
		b->fsrclen[b->nf++] = in->len[i];
		batch_text(b, in->field[i], in->len[i]);
	}
	if (in->bad != NULL) {
		r->bad = b->whys.len + 1;
		tsv_buf_raw(&b->whys, in->bad, strlen(in->bad) + 1);
	}
}

static void
field_push(struct batch *b, char *s, size_t n)
{
	if (b->nw == b->wcap) {
		b->wcap = b->wcap ? b->wcap * 2 : BATCH_ROWS * 16;
		b->fptr = xreallocarray(b->fptr, b->wcap, sizeof(*b->fptr));
		b->flen = xreallocarray(b->flen, b->wcap, sizeof(*b->flen));
	}
	b->fptr[b->nw] = s;
	b->flen[b->nw++] = n;
}

/*
 * A row's fields: a whole line is checked (unless the file was) and
 * cut by csvin_cut.
 */
static void
split_row(struct batch *b, struct brow *r)
{
	char why[FU_ERRBUF], *p, *end, *f;
	size_t i, n;

	r->field = b->nw;
	if (!r->plain) {
		for (i = 0; i < r->nsrc; i++)
			field_push(b, b->text + b->foff[r->src + i],
			    b->fsrclen[r->src + i]);
		r->nfield = r->nsrc;
		return;
	}
	p = b->text + r->src;
	end = p + r->nsrc;
	if (!b->prevalid && csvin_line_check(b->enc, b->utf16be, p, r->nsrc,
	    why, sizeof(why)) == -1) {
		b->bad_bytes++;
		r->badenc = 1;
		/* Reasons go with the row; offset + 1 in whys, marked. */
		r->bad = b->whys.len + 1;
		tsv_buf_raw(&b->whys, why, strlen(why) + 1);
	}
	b->tabs_in_fields += csvin_tab_in_field(b->delim, p, r->nsrc);
	while (p != NULL) {
		f = csvin_cut(&p, end, b->delim, &n);
		field_push(b, f, n);
	}
	r->nfield = b->nw - r->field;
}

/* YYYY-MM-DD in ASCII digits: a date that parsed is then canonical. */
static int
iso_date(const char *s, size_t n)
{
	static const char shape[] = "0000-00-00";
	size_t i;

	if (n != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (shape[i] == '-' ? s[i] != '-' :
		    (unsigned char)(s[i] - '0') > 9)
			return 0;
	return 1;
}

/* The row is rejected: why is kept for the commit. */
static void
verdict_reject(struct batch *b, struct brow *r, enum reject_kind kind,
    const char *why)
{
	r->verdict = V_REJECT;
	r->kind = kind;
	r->why = b->whys.len;
	tsv_buf_raw(&b->whys, why, strlen(why) + 1);
}

/*
 * Judge one row and build its output line: everything about a row
 * that depends on that row alone.  Runs on a worker thread: it reads
 * the import and the file, and writes only the batch and ctx.
 */
static void
classify(struct batch *b, struct brow *r, struct norm_ctx *ctx)
{
	const struct import *im = b->im;
	const struct import_file *f = b->f;
	char *const *field = b->fptr + r->field;
	const size_t *len = b->flen + r->field;
	size_t n = r->nfield;
	char err[FU_ERRBUF], why[FU_ERRBUF + 64], q[TEXT_QUOTE_MAX + 1];
	char phone[PHONE_MAX], date[16], amount[32], idhex[17];
	const char *type, *store, *size, *s, *idf[7];
	size_t storelen, n2, idlen[7], i;
	struct tsv_buf *o;
	int64_t fen;
	int day;

	r->shortrow = 0;
	if (empty_row(field, len, n)) {
		r->verdict = V_EMPTY;
		return;
	}
	if (r->bad == 0 && footer_row(field, len, n)) {
		r->verdict = V_FOOTER;
		return;
	}
	r->shortrow = r->bad == 0 && n < f->ncol && n * 2 <= f->ncol;
	if (r->bad != 0) {
		/* The reason is in whys already. */
		r->verdict = V_REJECT;
		r->kind = r->badenc ? RJ_ENCODING : RJ_CSV;
		r->why = r->bad - 1;
		return;
	}
	if (n != f->ncol) {
		snprintf(why, sizeof(why), "%zu field%s, but the header "
		    "(line %ld) has %zu", n, n == 1 ? "" : "s", f->hdrline,
		    f->ncol);
		verdict_reject(b, r, RJ_FIELDS, why);
		return;
	}

	type = f->type;
	if (f->col[CF_TYPE] != -1) {
		value(f, CF_TYPE, field, len, &s, &n2);
		if ((type = import_type_parse(s, n2)) == NULL) {
			if (n2 == 0 && im->opt.type != NULL)
				type = im->opt.type;
			else {
				text_quote(s, n2, q);
				snprintf(why, sizeof(why), "type \"%s\" is not "
				    "service, gift, writeoff, member or "
				    "request (or 服务, 礼品, 核销, 会员, 需求)",
				    q);
				verdict_reject(b, r, RJ_TYPE, why);
				return;
			}
		}
	}
	value(f, CF_STORE, field, len, &store, &storelen);
	if (storelen == 0 && im->opt.store != NULL) {
		store = im->opt.store;
		storelen = strlen(store);
	}
	if (storelen == 0) {
		verdict_reject(b, r, RJ_STORE, "store is empty");
		return;
	}
	size = im->opt.size != NULL ? im->opt.size : "";
	if (im->nsizes > 0 && (s = listed_size(im, store, storelen)) != NULL)
		size = s;
	value(f, CF_STORE_SIZE, field, len, &s, &n2);
	/* A column of 大店 and 小店: the last answer is usually the one. */
	if (n2 > 0 && n2 == ctx->lastsize_len &&
	    memcmp(s, ctx->lastsize, n2) == 0)
		size = ctx->lastsize_code;
	else if (n2 > 0 && (size = import_size_parse(s, n2)) != NULL &&
	    n2 < sizeof(ctx->lastsize)) {
		memcpy(ctx->lastsize, s, n2);
		ctx->lastsize_len = n2;
		ctx->lastsize_code = size;
	}
	if (n2 > 0 && size == NULL) {
		text_quote(s, n2, q);
		snprintf(why, sizeof(why), "store size \"%s\" is not 大店 or "
		    "小店 (large or small)", q);
		verdict_reject(b, r, RJ_SIZE, why);
		return;
	}
	value(f, CF_DATE, field, len, &s, &n2);
	if (n2 == 0) {
		verdict_reject(b, r, RJ_DATE, "date is empty");
		return;
	}
	if (date_parse(s, n2, DATE_SERIAL | DATE_TIME_OK, &day, err) == -1) {
		snprintf(why, sizeof(why), "date: %s", err);
		verdict_reject(b, r, RJ_DATE, why);
		return;
	}
	if (iso_date(s, n2)) {
		/* Already as date_format writes it. */
		memcpy(date, s, 10);
		date[10] = '\0';
	} else
		date_format(day, date);
	value(f, CF_PHONE, field, len, &s, &n2);
	if (phone_norm(s, n2, phone, err) == -1) {
		verdict_reject(b, r, RJ_PHONE, err);
		return;
	}
	amount[0] = '\0';
	value(f, CF_AMOUNT, field, len, &s, &n2);
	if (n2 > 0) {
		if (money_parse(s, n2, MONEY_NONNEG, &fen, err) == -1) {
			verdict_reject(b, r, RJ_AMOUNT, err);
			return;
		}
		money_format(fen, amount);
	}

	/* The id: order, type, store, date, phone, amount, item. */
	value(f, CF_ORDER, field, len, &idf[0], &idlen[0]);
	idf[1] = type;
	idlen[1] = strlen(type);
	idf[2] = store;
	idlen[2] = storelen;
	idf[3] = date;
	idlen[3] = strlen(date);
	idf[4] = phone;
	idlen[4] = strlen(phone);
	idf[5] = amount;
	idlen[5] = strlen(amount);
	value(f, CF_ITEM, field, len, &idf[6], &idlen[6]);
	r->id = fu_id(idf, idlen, 7);
	r->verdict = V_OK;
	if (!b->lines)
		return;
	o = &b->out;
	r->line = o->len;
	fu_id_format(r->id, idhex);
	tsv_buf_raw(o, idhex, 16);
	tsv_buf_char(o, '\t');
	tsv_buf_raw(o, type, strlen(type));
	tsv_buf_char(o, '\t');
	tsv_buf_put(o, store, storelen);
	tsv_buf_char(o, '\t');
	tsv_buf_raw(o, size, strlen(size));
	tsv_buf_char(o, '\t');
	tsv_buf_raw(o, date, 10);
	tsv_buf_char(o, '\t');
	value(f, CF_CUSTOMER, field, len, &s, &n2);
	tsv_buf_put(o, s, n2);
	tsv_buf_char(o, '\t');
	tsv_buf_raw(o, phone, strlen(phone));
	tsv_buf_char(o, '\t');
	tsv_buf_raw(o, amount, strlen(amount));
	tsv_buf_char(o, '\t');
	tsv_buf_put(o, idf[6], idlen[6]);
	tsv_buf_char(o, '\t');
	tsv_buf_put(o, f->name, strlen(f->name));
	tsv_buf_char(o, ':');
	tsv_buf_long(o, r->lineno);
	for (i = 0; i < im->nextra; i++) {
		tsv_buf_char(o, '\t');
		if (b->extra_from[i] != -1)
			tsv_buf_put(o, field[b->extra_from[i]],
			    len[b->extra_from[i]]);
	}
	tsv_buf_char(o, '\n');
	r->linelen = o->len - r->line;
}

static void
batch_work(struct pool_job *job, void *ctx)
{
	/* The job is the batch's first member. */
	struct batch *b = (struct batch *)job;
	size_t i;

	for (i = 0; i < b->nrow; i++) {
		split_row(b, &b->row[i]);
		classify(b, &b->row[i], ctx);
	}
}

static void
write_lines(const struct batch *b, size_t from, size_t to, FILE *out)
{
	if (out != NULL && to > from)
		fwrite(b->out.s + from, 1, to - from, out);
}

/*
 * What depends on the rows before: held footer rows, duplicates,
 * counts, the reject list and the output, in input order.
 */
static void
batch_commit(struct import *im, struct batch *b, FILE *out)
{
	struct import_file *f = im->file[b->f->index];
	struct brow *r;
	size_t i, from = 0;

	f->in.st.bad_bytes += b->bad_bytes;
	f->in.st.tabs_in_fields += b->tabs_in_fields;
	for (i = 0; i < b->nrow; i++) {
		r = &b->row[i];
		if (i + PREFETCH_AHEAD < b->nrow &&
		    b->row[i + PREFETCH_AHEAD].verdict == V_OK)
			idset_prefetch(&im->seen, b->row[i +
			    PREFETCH_AHEAD].id);
		if (r->verdict == V_EMPTY) {
			f->c.empty++;
			continue;
		}
		if (r->verdict == V_FOOTER) {
			f->c.footer++;
			continue;
		}
		if (r->shortrow && f->nheld < FOOTER_ROWS) {
			hold(f, b->fptr + r->field, b->flen + r->field,
			    r->nfield, r->lineno);
			continue;
		}
		flush_held(im, f);
		f->c.rows++;
		if (r->verdict == V_REJECT) {
			reject(im, f, r->lineno, b->fptr + r->field,
			    b->flen + r->field, r->nfield, r->kind,
			    b->whys.s + r->why);
			continue;
		}
		if (!idset_add(&im->seen, r->id)) {
			f->c.duplicates++;
			if (b->lines) {
				write_lines(b, from, r->line, out);
				from = r->line + r->linelen;
			}
			continue;
		}
		f->c.imported++;
	}
	if (b->lines)
		write_lines(b, from, b->out.len, out);
}

static void
add_counts(struct import_counts *to, const struct import_counts *c)
{
	int k;

	to->rows += c->rows;
	to->imported += c->imported;
	to->rejected += c->rejected;
	to->duplicates += c->duplicates;
	to->title += c->title;
	to->footer += c->footer;
	to->empty += c->empty;
	for (k = 0; k < RJ_N; k++)
		to->reason[k] += c->reason[k];
}

static void
summary(const char *name, const struct import_counts *c)
{
	char skipped[256];
	size_t used = 0;

	skipped[0] = '\0';
	if (c->title > 0)
		used += snprintf(skipped + used, sizeof(skipped) - used,
		    "%s%ld title row%s", used ? ", " : "; skipped ",
		    c->title, c->title == 1 ? "" : "s");
	if (c->footer > 0)
		used += snprintf(skipped + used, sizeof(skipped) - used,
		    "%s%ld footer row%s", used ? ", " : "; skipped ",
		    c->footer, c->footer == 1 ? "" : "s");
	if (c->empty > 0)
		snprintf(skipped + used, sizeof(skipped) - used,
		    "%s%ld empty row%s", used ? ", " : "; skipped ",
		    c->empty, c->empty == 1 ? "" : "s");
	fu_warnx("%s: %ld row%s: %ld imported, %ld rejected, %ld duplicate%s%s",
	    name, c->rows, c->rows == 1 ? "" : "s", c->imported, c->rejected,
	    c->duplicates, c->duplicates == 1 ? "" : "s", skipped);
}

void
import_run(struct import *im, FILE *out)
{
	struct import_file *f;
	struct progress prog;
	struct batch *ring, *b;
	struct norm_ctx *ctxs;
	struct pool pool;
	void **ctxp;
	long *extra_from;
	size_t i, j, nring, nctx, head = 0, inflight = 0;
	int rc, nthread;

	/*
	 * The main thread reads and commits, the workers normalize: as
	 * many workers as CPUs, and batches enough to keep them busy.
	 */
	nthread = pool_threads(im->opt.threads, POOL_MAX);
	if (nthread > IMPORT_WORKERS)
		nthread = IMPORT_WORKERS;
	nring = 2 * (size_t)nthread + 2;
	ring = xreallocarray(NULL, nring, sizeof(*ring));
	memset(ring, 0, nring * sizeof(*ring));
	nctx = nthread > 0 ? (size_t)nthread : 1;
	ctxs = xreallocarray(NULL, nctx, sizeof(*ctxs));
	memset(ctxs, 0, nctx * sizeof(*ctxs));
	ctxp = xreallocarray(NULL, nctx, sizeof(*ctxp));
	for (i = 0; i < nctx; i++)
		ctxp[i] = &ctxs[i];
	pool_init(&pool, nthread, batch_work, ctxp);
	extra_from = xreallocarray(NULL, im->nextra + 1, sizeof(*extra_from));
	for (i = 0; i < im->nfile; i++) {
		f = im->file[i];
		for (j = 0; j < im->nextra; j++)
			extra_from[j] = -1;
		for (j = 0; j < f->ncol; j++)
			if (f->outcol[j] != -1)
				extra_from[f->outcol[j]] = (long)j;
		progress_init(&prog, f->name, im->opt.quiet);
		f->in.whole_lines = 1;
		b = NULL;
		for (;;) {
			rc = csvin_next(&f->in);
			if (rc == CSVIN_OK) {
				if (b == NULL) {
					/* Commit what is done; make room. */
					while (inflight > 0 && (inflight == nring ||
					    pool_ready(&pool, &ring[head].job))) {
						pool_wait(&pool, &ring[head].job);
						batch_commit(im, &ring[head], out);
						progress_add(&prog,
						    (long long)ring[head].nrow);
						if (out != NULL)
							fu_check_out(out,
							    "standard output");
						head = (head + 1) % nring;
						inflight--;
					}
					b = &ring[(head + inflight) % nring];
					batch_reset(b, im, f, extra_from,
					    out != NULL);
				}
				batch_add(b, &f->in);
				if (b->nrow < BATCH_ROWS &&
				    b->textlen < BATCH_TEXT)
					continue;
			}
			if (b != NULL) {
				pool_submit(&pool, &b->job);
				inflight++;
				b = NULL;
			}
			if (rc != CSVIN_OK)
				break;
		}
		/* The file's rows are all committed before its summary. */
		for (; inflight > 0; inflight--) {
			pool_wait(&pool, &ring[head].job);
			batch_commit(im, &ring[head], out);
			progress_add(&prog, (long long)ring[head].nrow);
			head = (head + 1) % nring;
		}
		progress_done(&prog);
		if (rc == CSVIN_ERR) {
			fu_warn("%s: read error", f->name);
			im->status = FU_EXIT_FATAL;
		}
		if (f->in.changed) {
			fu_warnx("%s: the file changed while it was read: "
			    "its rows may be incomplete; run again once it "
			    "is written", f->name);
			im->status = FU_EXIT_FATAL;
		}
		/* Short rows at the very end: a footer (制表人, 备注...). */
		f->c.footer += f->nheld;
		free_held(f);
		if (!im->opt.check)
			summary(f->name, &f->c);
		add_counts(&im->total, &f->c);
	}
	pool_free(&pool);
	for (i = 0; i < nring; i++)
		batch_free(&ring[i]);
	free(ring);
	free(ctxs);
	free(ctxp);
	if (!im->opt.check && im->nfile > 1)
		summary("total", &im->total);
	if (im->total.rejected > 0 && im->status < FU_EXIT_DATA)
		im->status = FU_EXIT_DATA;
	free(extra_from);
}

static const char *
line_ends(const struct csvin_stats *st)
{
	if (st->crlf > 0 && st->lf > 0)
		return "mixed CRLF and LF";
	if (st->crlf > 0)
		return "CRLF";
	if (st->lf > 0)
		return "LF";
	return "none";
}

void
import_report(struct import *im, FILE *fp)
{
	struct import_file *f;
	const struct csvin_stats *st;
	size_t i;
	int k, any;

	for (i = 0; i < im->nfile; i++) {
		f = im->file[i];
		st = &f->in.st;
		fprintf(fp, "%s:\n", f->name);
		fprintf(fp, "  encoding:   %s%s\n", csvin_enc_name(&f->in),
		    st->bom ? ", with a byte-order mark" : "");
		fprintf(fp, "  line ends:  %s (%ld lines%s)\n", line_ends(st),
		    st->lines, st->lines > 0 && st->crlf + st->lf < st->lines ?
		    ", the last without a newline" : "");
		fprintf(fp, "  delimiter:  %s\n", f->in.delim == '\t' ? "tab" :
		    "comma");
		fprintf(fp, "  header:     line %ld:", f->hdrline);
		for (k = 0; k < (int)f->ncol; k++) {
			putc(' ', fp);
			tsv_puts(fp, f->hdr[k]);
		}
		putc('\n', fp);
		for (k = 0; k < CF_N; k++) {
			fprintf(fp, "  %-11s ", field_names[k]);
			if (f->col[k] != -1)
				fprintf(fp, "column %ld \"%s\"\n", f->col[k] + 1,
				    f->hdr[f->col[k]]);
			else if (k == CF_TYPE)
				fprintf(fp, "%s (%s)\n", f->type,
				    f->type_inferred ? "no column: inferred "
				    "from the headers; -t to say" : "-t");
			else if (k == CF_STORE && im->opt.store != NULL)
				fprintf(fp, "%s (-s)\n", im->opt.store);
			else if (k == CF_STORE_SIZE && im->opt.size != NULL)
				fprintf(fp, "%s (-S)\n", im->opt.size);
			else
				fprintf(fp, "-\n");
		}
		fprintf(fp, "  kept:       ");
		any = 0;
		for (k = 0; k < (int)f->ncol; k++)
			if (f->outcol[k] != -1) {
				fprintf(fp, "%s\"%s\"", any ? ", " : "",
				    im->extra[f->outcol[k]]);
				any = 1;
			}
		fprintf(fp, "%s\n", any ? "" : "-");
		fprintf(fp, "  in fields:  %ld newlines, %ld tabs\n",
		    st->quoted_newlines, st->tabs_in_fields);
		fprintf(fp, "  skipped:    %ld title, %ld footer, %ld empty "
		    "row%s, %ld empty line%s\n", f->c.title, f->c.footer,
		    f->c.empty, f->c.empty == 1 ? "" : "s", st->blank,
		    st->blank == 1 ? "" : "s");
		fprintf(fp, "  rows:       %ld: %ld to import, %ld to reject, "
		    "%ld duplicates\n", f->c.rows, f->c.imported,
		    f->c.rejected, f->c.duplicates);
		for (k = 0; k < RJ_N; k++)
			if (f->c.reason[k] > 0)
				fprintf(fp, "  rejected:   %ld for %s\n",
				    f->c.reason[k], reject_names[k]);
	}
}

int
import_write_rejects(struct import *im, const char *path)
{
	struct outfile of;
	char *line = NULL, *p, *tab, **cell;
	size_t cap = 0, ncell, i, fi;
	ssize_t len;
	long col, lineno;
	FILE *fp;

	if ((fp = outfile_open(&of, path, 0600)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	ncell = im->norig + im->surplus;
	cell = xcalloc(ncell + 1, sizeof(*cell));
	fputs("src\treason", fp);
	for (i = 0; i < im->norig; i++) {
		putc('\t', fp);
		tsv_puts(fp, im->orig[i]);
	}
	for (i = 0; i < im->surplus; i++)
		fprintf(fp, "\textra_%zu", i + 1);
	putc('\n', fp);
	if (im->rejtmp != NULL) {
		rewind(im->rejtmp);
		while ((len = getline(&line, &cap, im->rejtmp)) > 0) {
			line[len - 1] = '\0';
			/* Values are escaped already: copied as they are. */
			fi = strtoul(line, &p, 10);
			lineno = strtol(p + 1, &p, 10);
			p++;
			tab = strchr(p, '\t');
			if (tab != NULL)
				*tab = '\0';
			tsv_puts(fp, im->file[fi]->name);
			fprintf(fp, ":%ld\t%s", lineno, p);
			for (i = 0; i < ncell; i++)
				cell[i] = NULL;
			while (tab != NULL) {
				col = strtol(tab + 1, &p, 10);
				p++;
				tab = strchr(p, '\t');
				if (tab != NULL)
					*tab = '\0';
				cell[col >= 0 ? (size_t)col :
				    im->norig + (size_t)-col - 1] = p;
			}
			for (i = 0; i < ncell; i++) {
				putc('\t', fp);
				if (cell[i] != NULL)
					fputs(cell[i], fp);
			}
			putc('\n', fp);
		}
	}
	free(line);
	free(cell);
	if (outfile_commit(&of) == -1) {
		fu_warn("%s: write error", path);
		return -1;
	}
	return 0;
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
		free_held(f);
		free(f->name);
		free(f);
	}
	free(im->file);
	for (i = 0; i < im->nextra; i++)
		free(im->extra[i]);
	free(im->extra);
	for (i = 0; i < im->norig; i++)
		free(im->orig[i]);
	free(im->orig);
	if (im->rejtmp != NULL)
		fclose(im->rejtmp);
	idset_free(&im->seen);
	for (i = 0; i < im->nsizes; i++)
		free(im->sizes[i].store);
	free(im->sizes);
}
