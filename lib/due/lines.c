/*
 * lines.c: fu-due's small files (agents, rules, do-not-call) a line
 * at a time; see plan.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "due/plan.h"
#include "fmt/tsv.h"

size_t
due_split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line, *t;

	while (n < max) {
		f[n++] = p;
		if ((t = strchr(p, '\t')) == NULL)
			break;
		*t = '\0';
		p = t + 1;
	}
	for (size_t i = 0; i < n; i++)
		f[i][tsv_unescape(f[i], strlen(f[i]))] = '\0';
	return n;
}

int
due_each_line(const char *path, int (*fn)(void *, char *, long), void *arg)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int bad = 0;

	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return -2;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if (lineno == 1 && len >= 3 &&
		    memcmp(line, "\xef\xbb\xbf", 3) == 0)
			memmove(line, line + 3, (size_t)(len -= 3) + 1);
		if (len == 0 || line[0] == '#')
			continue;
		if (fn(arg, line, lineno) == -1)
			bad = 1;
	}
	if (ferror(fp)) {
		fu_warn("%s: read error", path);
		bad = 2;
	}
	free(line);
	fu_close_in(fp);
	return bad == 2 ? -2 : bad ? -1 : 0;
}
