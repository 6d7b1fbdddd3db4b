/* filename.c: the exact names of the workbooks; see report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "fmt/date.h"
#include "report/report.h"

/* The standard name, without ".xlsx". */
static void
standard(enum report_kind k, const struct report_period *p, char *out,
    size_t n)
{
	char d[16];

	switch (k) {
	case RK_SERVICE:
		snprintf(out, n, "%d月第%d周客户回访记录单", p->wk.month, p->wk.n);
		break;
	case RK_GIFT:
		snprintf(out, n, "%d月第%d周礼品回访记录单", p->wk.month, p->wk.n);
		break;
	case RK_MONTH:
		snprintf(out, n, "%d月客户回访汇总表", p->mon.month);
		break;
	case RK_CALLS:
		date_format(p->day, d);
		snprintf(out, n, "%s回访清单", d);
		break;
	}
}

char *
report_file_name(enum report_kind k, const struct report_period *p,
    const char *fmt, char *err)
{
	char std[128], buf[32], *out;
	size_t len = 0, cap = 0, n;
	const char *f, *add;
	int y, m, d, day, yy, mm;

	standard(k, p, std, sizeof(std));
	if (fmt == NULL)
		fmt = "%N";
	switch (k) {
	case RK_SERVICE:
	case RK_GIFT:
		day = p->wk.monday;
		y = p->wk.year;
		m = p->wk.month;
		break;
	case RK_MONTH:
		day = month_first_day(&p->mon);
		y = p->mon.year;
		m = p->mon.month;
		break;
	default:
		day = p->day;
		date_to_ymd(day, &y, &m, &d);
		break;
	}
	date_to_ymd(day, &yy, &mm, &d);
	out = xmalloc(cap = 64);
	for (f = fmt; *f != '\0'; f++) {
		add = buf;
		if (*f != '%') {
			buf[0] = *f;
			buf[1] = '\0';
		} else {
			switch (*++f) {
			case 'Y':
				snprintf(buf, sizeof(buf), "%d", y);
				break;
			case 'm':
				snprintf(buf, sizeof(buf), "%d", m);
				break;
			case 'd':
				snprintf(buf, sizeof(buf), "%d", d);
				break;
			case 'D':
				date_format(day, buf);
				break;
			case 'W':
				if (k != RK_SERVICE && k != RK_GIFT) {
					fu_seterr(err, "%%W: only a weekly "
					    "workbook has a week");
					free(out);
					return NULL;
				}
				snprintf(buf, sizeof(buf), "%d", p->wk.n);
				break;
			case 'N':
				add = std;
				break;
			case '%':
				strcpy(buf, "%");
				break;
			case '\0':
				fu_seterr(err, "a %% at the end");
				free(out);
				return NULL;
			default:
				fu_seterr(err, "%%%c is not one of %%Y %%m %%d "
				    "%%D %%W %%N %%%%", *f);
				free(out);
				return NULL;
			}
		}
		n = strlen(add);
		out = xgrow(out, &cap, len + n + 8, 1);
		memcpy(out + len, add, n);
		len += n;
	}
	out[len] = '\0';
	if (len < 5 || strcmp(out + len - 5, ".xlsx") != 0)
		strcpy(out + len, ".xlsx");
	if (strchr(out, '/') != NULL || strcmp(out, ".xlsx") == 0 ||
	    out[0] == '.') {
		fu_seterr(err, "\"%s\" is not a file name", out);
		free(out);
		return NULL;
	}
	return out;
}

char *
report_path(const char *dir, const char *name)
{
	char *path;

	if (strcmp(dir, ".") == 0)
		return xstrdup(name);
	path = xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
	    name);
	return path;
}
