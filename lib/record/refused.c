/* refused.c: refused records, said and kept for -r; see recorder.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/outfile.h"
#include "base/util.h"
#include "fmt/csvin.h"
#include "fmt/tsv.h"
#include "record/recorder.h"

/* Say why (with the record's file and line, into src, when it has them). */
static void
say(const struct recorder *rc, const struct rec_row *w, const char *why,
    char *src, size_t size)
{
	src[0] = '\0';
	if (w->file != 0)
		snprintf(src, size, "%s:%ld", rc->files[w->file - 1], w->line);
	if (src[0] != '\0')
		fu_warnx("%s: %s", src, why);
	else
		fu_warnx("%s", why);
}

void
rec_note(const struct recorder *rc, const struct rec_row *w, const char *fmt,
    ...)
{
	char why[1024], src[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	say(rc, w, why, src, sizeof(src));
}

void
rec_refuse(struct recorder *rc, const struct rec_row *w, const char *fmt, ...)
{
	char why[1024], src[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	rc->rejected++;
	if (rc->status < FU_EXIT_DATA)
		rc->status = FU_EXIT_DATA;
	say(rc, w, why, src, sizeof(src));
	if (w->orig == NONE)
		return;
	if (rc->rejtmp == NULL && (rc->rejtmp = tmpfile()) == NULL)
		fu_err(FU_EXIT_FATAL, "temporary file for rejected rows");
	tsv_puts(rc->rejtmp, src);
	putc('\t', rc->rejtmp);
	tsv_puts(rc->rejtmp, why);
	putc('\t', rc->rejtmp);
	/* Kept escaped, its fields in the columns of -r. */
	fputs(rc->text.s + w->orig, rc->rejtmp);
	putc('\n', rc->rejtmp);
}

/* The reject column of a header name, added when new. */
size_t
rec_rej_col(struct recorder *rc, const char *name)
{
	size_t i;

	for (i = 0; i < rc->nrej_cols; i++)
		if (strcmp(rc->rej_cols[i], name) == 0)
			return i;
	rc->rej_cols = xreallocarray(rc->rej_cols, rc->nrej_cols + 1,
	    sizeof(*rc->rej_cols));
	rc->rej_cols[rc->nrej_cols] = xstrdup(name);
	return rc->nrej_cols++;
}

/*
 * The row as read, for -r: its fields in the reject columns (as many as
 * there are so far), escaped, NUL-terminated in rc->text.
 */
size_t
rec_keep_orig(struct recorder *rc, const struct csvin *in, const long *infield)
{
	size_t at = rc->text.len, i;
	long k;

	for (i = 0; i < rc->nrej_cols; i++) {
		if (i > 0)
			tsv_buf_char(&rc->text, '\t');
		if ((k = infield[i]) != -1 && (size_t)k < in->nfield)
			tsv_buf_put(&rc->text, in->field[k],
			    strnlen(in->field[k], in->len[k]));
	}
	tsv_buf_char(&rc->text, '\0');
	return at;
}

int
rec_write_rejects(struct recorder *rc, const char *path)
{
	struct outfile of;
	char *line = NULL;
	size_t cap = 0, i, k, tabs;
	ssize_t n;
	FILE *fp;

	if ((fp = outfile_open(&of, path, 0600)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	fputs("src\treason", fp);
	for (i = 0; i < rc->nrej_cols; i++) {
		putc('\t', fp);
		tsv_puts(fp, rc->rej_cols[i]);
	}
	putc('\n', fp);
	if (rc->rejtmp != NULL) {
		rewind(rc->rejtmp);
		while ((n = getline(&line, &cap, rc->rejtmp)) > 0) {
			line[n - 1] = '\0';
			fputs(line, fp);
			/* Rows read before a later file added columns. */
			for (tabs = 0, k = 0; line[k] != '\0'; k++)
				tabs += line[k] == '\t';
			for (; tabs < rc->nrej_cols + 1; tabs++)
				putc('\t', fp);
			putc('\n', fp);
		}
	}
	free(line);
	if (outfile_commit(&of) == -1) {
		fu_warn("%s: write error", path);
		return -1;
	}
	return 0;
}
