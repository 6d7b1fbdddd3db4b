/*
 * test_dnc.c: the do-not-call list fu-sample and fu-due share (dnc.h):
 * a phone a line or a phone column, comments, normalization both ways,
 * a line that is no phone kept as written, a list without a phone
 * column refused.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt/dnc.h"
#include "t.h"

static int
has(const struct dnc *d, const char *p)
{
	return dnc_has(d, p, strlen(p));
}

int
main(void)
{
	struct dnc d;
	char *path;

	setenv("FU_QUIET", "1", 1);
	/* One a line, no header: the first line is a phone too. */
	path = t_write_temp("138 0013 8000\n# 拒访\n\n  +86 139-0000-0001 \n"
	    "0731-84123456\n");
	dnc_init(&d);
	T_INTEQ(has(&d, "13800138000"), 0);
	T_INTEQ(dnc_load(&d, path, 0), 0);
	T_INTEQ(d.loaded, 1);
	T_INTEQ(dnc_count(&d), 3);
	T_INTEQ(has(&d, "13800138000"), 1);
	T_INTEQ(has(&d, "138-0013-8000"), 1);
	T_INTEQ(has(&d, "13900000001"), 1);
	T_INTEQ(has(&d, "0731-84123456"), 1);
	T_INTEQ(has(&d, "13800138001"), 0);
	T_INTEQ(has(&d, ""), 0);
	dnc_free(&d);
	unlink(path);
	free(path);

	/* A 电话 column; a line that is no phone: said, kept as written. */
	path = t_write_temp("备注\t电话\n投诉\t13800138000\n写错\tabc 12\n");
	dnc_init(&d);
	T_INTEQ(dnc_load(&d, path, 0), 1);
	T_INTEQ(dnc_count(&d), 2);
	T_INTEQ(has(&d, "13800138000"), 1);
	T_INTEQ(has(&d, "abc 12"), 1);
	T_INTEQ(has(&d, "abc 1"), 0);
	dnc_free(&d);
	unlink(path);
	free(path);

	/* Columns, none a phone: refused, not read as empty. */
	path = t_write_temp("name\tnote\n王\t13800138000\n");
	dnc_init(&d);
	T_INTEQ(dnc_load(&d, path, 0), -1);
	dnc_free(&d);
	unlink(path);
	free(path);
	T_INTEQ(dnc_load(&d, "/nonexistent/dnc.txt", 0), -1);
	dnc_free(&d);
	return t_done("dnc");
}
