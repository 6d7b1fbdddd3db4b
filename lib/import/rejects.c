/*
 * rejects.c: rejected rows (shown, counted, kept for the reject file),
 * the summary lines, and --check's report.  See import.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/outfile.h"
#include "base/util.h"
#include "fmt/csvin.h"
#include "fmt/tsv.h"
#include "import/export.h"
#include "import/import.h"

/* Rejected rows shown on standard error per file; the rest counted. */
#define SHOW_REJECTS	20

static const char *const reject_names[RJ_N] = {
	"field count", "encoding", "CSV quoting", "type", "store",
	"store size", "date", "phone", "amount", "text, not a customer"
};

/* A field's value in a rejected row, trimmed; "" when it has none. */
static void
field_value(const struct import_file *f, int k, char *const *field,
    const size_t *len, size_t n, const char **s, size_t *m)
{
	*s = "";
	*m = 0;
	if (f->col[k] != -1 && (size_t)f->col[k] < n)
		imp_trim(field[f->col[k]], len[f->col[k]], s, m);
}

static void
decided_pair(FILE *fp, int k, const char *s)
{
	fprintf(fp, "\t%d\t", k);
	tsv_puts(fp, s);
}

/*
 * What was decided for the row beyond its fields, after them (the
 * last value of a column wins): its type, store and size when the row
 * does not say them, so that the row fixed and imported again is the
 * row it would have been.
 */
static void
decided(struct import *im, const struct import_file *f, char *const *field,
    const size_t *len, size_t n)
{
	const char *s, *size = im->opt.size;
	size_t m, sm;

	field_value(f, CF_TYPE, field, len, n, &s, &m);
	if (m == 0 && (f->col[CF_TYPE] == -1 || im->opt.type != NULL))
		decided_pair(im->rejtmp, CF_TYPE, f->col[CF_TYPE] == -1 ?
		    f->type : im->opt.type);
	field_value(f, CF_STORE, field, len, n, &s, &sm);
	if (sm == 0 && im->opt.store != NULL) {
		decided_pair(im->rejtmp, CF_STORE, im->opt.store);
		s = im->opt.store;
		sm = strlen(s);
	}
	if (sm > 0 && im->nsizes > 0 && imp_listed_size(im, s, sm) != NULL)
		size = imp_listed_size(im, s, sm);
	field_value(f, CF_STORE_SIZE, field, len, n, &s, &m);
	if (m == 0 && size != NULL)
		decided_pair(im->rejtmp, CF_STORE_SIZE, size);
}

/* Count a rejected row, show it, and keep it for the reject file. */
void
imp_reject(struct import *im, struct import_file *f, long lineno,
    char *const *field, const size_t *len, size_t n, enum reject_kind kind,
    const char *why)
{
	size_t i;
	long col;

	f->c.rejected++;
	f->c.reason[kind]++;
	/* --check names them too: the rows it would reject. */
	if (f->shown++ < SHOW_REJECTS)
		fu_datawarn(f->name, lineno, "%s", why);
	if (im->opt.check)
		return;
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
	decided(im, f, field, len, n);
	putc('\n', im->rejtmp);
}

void
imp_summary(const char *name, const struct import_counts *c)
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
		used += snprintf(skipped + used, sizeof(skipped) - used,
		    "%s%ld empty row%s", used ? ", " : "; skipped ",
		    c->empty, c->empty == 1 ? "" : "s");
	if (c->headers > 0)
		snprintf(skipped + used, sizeof(skipped) - used,
		    "%s%ld repeated header%s", used ? ", " : "; skipped ",
		    c->headers, c->headers == 1 ? "" : "s");
	fu_warnx("%s: %ld row%s: %ld imported, %ld rejected, %ld duplicate%s%s",
	    name, c->rows, c->rows == 1 ? "" : "s", c->imported, c->rejected,
	    c->duplicates, c->duplicates == 1 ? "" : "s", skipped);
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
			fprintf(fp, "  %-11s ", imp_field_names[k]);
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
				    im->extra.name[f->outcol[k]]);
				any = 1;
			}
		fprintf(fp, "%s\n", any ? "" : "-");
		fprintf(fp, "  in fields:  %ld newlines, %ld tabs\n",
		    st->quoted_newlines, st->tabs_in_fields);
		fprintf(fp, "  skipped:    %ld title, %ld footer, %ld empty "
		    "row%s, %ld empty line%s", f->c.title, f->c.footer,
		    f->c.empty, f->c.empty == 1 ? "" : "s", st->blank,
		    st->blank == 1 ? "" : "s");
		if (f->c.headers > 0)
			fprintf(fp, ", %ld repeated header%s", f->c.headers,
			    f->c.headers == 1 ? "" : "s");
		putc('\n', fp);
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
	ncell = im->orig.n + im->surplus;
	cell = xcalloc(ncell + 1, sizeof(*cell));
	fputs("src\treason", fp);
	for (i = 0; i < im->orig.n; i++) {
		putc('\t', fp);
		tsv_puts(fp, im->orig.name[i]);
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
				    im->orig.n + (size_t)-col - 1] = p;
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
