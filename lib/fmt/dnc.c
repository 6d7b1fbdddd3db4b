/* dnc.c: the do-not-call list; see dnc.h. */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/text.h"
#include "base/util.h"
#include "fmt/dnc.h"
#include "fmt/phone.h"
#include "fmt/tsv.h"

void
dnc_init(struct dnc *d)
{
	memset(d, 0, sizeof(*d));
	idmap_init(&d->set);
}

static uint64_t
key(const char *p, size_t n)
{
	return fu_id(&p, &n, 1);
}

/* A phone as fu-import writes it: 11 digits from 1. */
static int
is_norm_mobile(const char *p, size_t n)
{
	size_t i;

	if (n != 11 || p[0] != '1')
		return 0;
	for (i = 1; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

/* The key of a phone: normalized, else as written. */
static uint64_t
phone_key(const char *p, size_t n)
{
	char norm[PHONE_MAX];

	if (is_norm_mobile(p, n))
		return key(p, n);
	if (n > 0 && phone_norm(p, n, norm, NULL, 0) == 0)
		return key(norm, strlen(norm));
	return key(p, n);
}

/* One line of the list; 1 when it is no phone (said, kept). */
static int
add(struct dnc *d, const char *name, long line, const char *v, size_t n,
    int show)
{
	const unsigned char *p = (const unsigned char *)v;
	char norm[PHONE_MAX], err[FU_ERRBUF];

	text_trim(&p, &n);
	v = (const char *)p;
	if (n == 0 || v[0] == '#')
		return 0;
	if (phone_norm(v, n, norm, err, show) == 0) {
		(void)idmap_put(&d->set, key(norm, strlen(norm)), NULL);
		return 0;
	}
	fu_datawarn(name, line, "%s; kept as written", err);
	(void)idmap_put(&d->set, key(v, n), NULL);
	return 1;
}

static int
has_digit(const char *s)
{
	return strpbrk(s, "0123456789") != NULL;
}

int
dnc_load(struct dnc *d, const char *path, int show)
{
	static const char *const heads[] = { "phone", "电话", "手机" };
	struct tsv_reader r;
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	FILE *fp;
	size_t i;
	long c = -1;
	int bad = 0, rc;

	d->loaded = 1;
	if ((fp = tsv_open_path(&r, path, name)) == NULL)
		return -1;
	for (i = 0; c == -1 && i < sizeof(heads) / sizeof(heads[0]); i++)
		c = tsv_col(&r, heads[i]);
	if (c == -1 && r.ncol > 1) {
		fu_warnx("%s: no phone column (a phone a line, or TSV with a "
		    "phone column)", name);
		tsv_close(&r);
		fu_close_in(fp);
		return -1;
	}
	/* A list without a header: its first line is a phone too. */
	if (c == -1 && r.ncol == 1) {
		c = 0;
		if (has_digit(r.col[0]))
			bad |= add(d, name, 1, r.col[0], strlen(r.col[0]),
			    show);
	}
	while ((rc = tsv_next_report(&r)) != TSV_EOF) {
		if (rc == TSV_ERR) {
			tsv_close(&r);
			fu_close_in(fp);
			return -1;
		}
		if (rc == TSV_BADROW) {
			bad = 1;
			continue;
		}
		bad |= add(d, name, r.lineno, r.field[c], r.len[c], show);
	}
	tsv_close(&r);
	fu_close_in(fp);
	return bad;
}

int
dnc_has(const struct dnc *d, const char *p, size_t n)
{
	return d->set.n > 0 && idmap_get(&d->set, phone_key(p, n)) !=
	    IDMAP_NONE;
}

void
dnc_free(struct dnc *d)
{
	idmap_free(&d->set);
	memset(d, 0, sizeof(*d));
}
