/*
 * contacts.c: pass one, the contacts: a small record a row, the ids
 * seen, the do-not-call list; see plan.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/text.h"
#include "base/util.h"
#include "due/plan.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/phone.h"
#include "fmt/tsv.h"

/*
 * The ids seen: the id table (idmap.h) gives each id a slot, and
 * idrow[slot] is its row.
 */
long
due_id_find(const struct due *d, uint64_t id)
{
	uint32_t slot = idmap_get(&d->ids, id);

	return slot == IDMAP_NONE ? -1 : (long)d->idrow[slot];
}

long
due_id_add(struct due *d, uint64_t id, size_t idx)
{
	uint32_t slot;
	int added;

	slot = idmap_put(&d->ids, id, &added);
	if (!added)
		return (long)d->idrow[slot];
	d->idrow = xgrow(d->idrow, &d->idrowcap, (size_t)slot + 1,
	    sizeof(*d->idrow));
	d->idrow[slot] = (uint32_t)idx;
	return -1;
}

void
due_ids_free(struct due *d)
{
	idmap_free(&d->ids);
	free(d->idrow);
	d->idrow = NULL;
	d->idrowcap = 0;
}

int
due_dnc_load(struct due *d)
{
	int r;

	dnc_init(&d->dnc);
	if (d->o->dnc == NULL)
		return 0;
	if ((r = dnc_load(&d->dnc, d->o->dnc, d->o->verbose)) == -1)
		return -1;
	if (r == 1)
		due_setstatus(d, FU_EXIT_DATA);
	return 0;
}

/* Contact lines a read (tsv_next_lines). */
#define BLOCK	64

/*
 * Cut a line into its nf fields at the tabs found (end[]), unescaping
 * them, as tsv_split does.
 */
static void
cut_fields(struct fields *t, const struct tsv_line *l, const uint32_t *end,
    size_t nf)
{
	int esc = memchr(l->s, '\\', l->len) != NULL;
	size_t i, a, n;

	for (i = 0; i < nf; i++) {
		a = i > 0 ? end[i - 1] + 1 : 0;
		n = end[i] - a;
		if (esc)
			n = tsv_unescape(l->s + a, n);
		l->s[a + n] = '\0';
		t->field[i] = l->s + a;
		t->len[i] = n;
	}
	t->nfield = nf;
	t->lineno = l->lineno;
}

int
due_store_index(const struct due *d, const char *s)
{
	size_t i;

	for (i = 0; i < d->nsname; i++)
		if (strcmp(d->sname[i], s) == 0)
			return (int)i;
	return -1;
}

struct drow *
due_new_row(struct due *d)
{
	struct drow *r;

	d->row = xgrow(d->row, &d->rowcap, d->nrow + 1, sizeof(*d->row));
	r = &d->row[d->nrow++];
	memset(r, 0, sizeof(*r));
	r->start = r->last = r->cb = r->pend = -1;
	r->agent = r->pref = NOAG;
	r->sidx = -1;
	r->lo = NODATE;
	r->day = -1;
	r->rule = UINT8_MAX;
	return r;
}

static int
same_header(const struct due *d, const struct tsv_reader *t)
{
	size_t i;

	if (t->ncol != d->nhdr)
		return 0;
	for (i = 0; i < d->nhdr; i++)
		if (strcmp(t->col[i], d->hdr[i]) != 0)
			return 0;
	return 1;
}

static void
take_header(struct due *d, const struct tsv_reader *t)
{
	size_t i, k;

	d->nhdr = t->ncol;
	d->hdr = xcalloc(t->ncol + 1, sizeof(*d->hdr));
	for (i = 0; i < t->ncol; i++)
		d->hdr[i] = xstrdup(t->col[i]);
	d->cid = tsv_col(t, "id");
	d->ctype = tsv_col(t, "type");
	d->cstore = tsv_col(t, "store");
	d->cphone = tsv_col(t, "phone");
	d->cdate = tsv_col(t, "date");
	d->ccust = tsv_col(t, "customer");
	for (k = 0; k < NPLAN; k++)
		if ((d->outcol[k] = tsv_col(t, due_plan_cols[k])) != -1)
			d->inplace = 1;
	if (d->o->rules != NULL)
		for (i = 0; i < d->o->rules->n; i++)
			for (k = 0; k < d->o->rules->r[i].ncond; k++) {
				struct due_cond *c = &d->o->rules->r[i].cond[k];

				if ((c->idx = tsv_col(t, c->col)) == -1)
					fu_warnx("%s: no column \"%s\" for rule "
					    "\"%s\": it matches no row",
					    t->name, c->col,
					    d->o->rules->r[i].name);
			}
}

/* Read a file no further: its rows are not in the plan. */
static void
drop_file(struct due *d, size_t fi)
{
	if (d->fp[fi] != NULL && d->fp[fi] != d->orig[fi])
		fclose(d->fp[fi]);
	d->fp[fi] = NULL;
}

/*
 * Open file fi and check its header: 0 with t open at its first record,
 * or -1 when its rows are not read (t closed).
 */
static int
open_file(struct due *d, size_t fi, struct tsv_reader *t)
{
	const char *name = d->fname[fi];

	if (tsv_open(t, d->fp[fi], name) == -1) {
		fu_warn("%s: read error", name);
		due_setstatus(d, FU_EXIT_FATAL);
		tsv_close(t);
		drop_file(d, fi);
		return -1;
	}
	if (t->ncol == 0) {
		tsv_close(t);
		return -1;
	}
	if (d->hdr == NULL) {
		take_header(d, t);
		if (d->cid == -1) {
			fu_warnx("%s: no id column (contacts from fu-import or "
			    "fu-sample have one)", name);
			due_setstatus(d, FU_EXIT_FATAL);
		}
	} else if (!same_header(d, t)) {
		fu_warnx("%s: its header is not that of %s: skipped", name,
		    d->fname[0]);
		due_setstatus(d, FU_EXIT_FATAL);
		tsv_close(t);
		drop_file(d, fi);
		return -1;
	}
	if (d->cid == -1) {
		tsv_close(t);
		drop_file(d, fi);
		return -1;
	}
	return 0;
}

/* A line of nf fields (not ncol: a bad row), as tsv.c words it. */
static void
bad_row(const char *name, long lineno, size_t nf, size_t ncol)
{
	struct tsv_reader bad;
	char why[FU_ERRBUF];

	memset(&bad, 0, sizeof(bad));
	bad.nfield = nf;
	bad.ncol = ncol;
	tsv_badrow_msg(&bad, why);
	fu_datawarn(name, lineno, "%s", why);
}

/*
 * A gift row's customer: a hash of its store and phone, as fu-sample
 * draws a customer's gifts whole (no phone: the row alone).  32 bits:
 * two customers that met in them would share a text's day and agent,
 * nothing worse.
 */
static uint32_t
gift_customer(const struct due *d, const struct fields *f, uint64_t id)
{
	uint64_t h;

	if (d->cphone < 0 || f->len[d->cphone] == 0)
		return (uint32_t)(mix64(id) >> 32);
	h = FNV64_OFFSET;
	if (d->cstore >= 0)
		h = fnv1a64(h, f->field[d->cstore], f->len[d->cstore]);
	h = fnv1a64(h, "\x1f", 1);
	h = fnv1a64(h, f->field[d->cphone], f->len[d->cphone]);
	return (uint32_t)(mix64(h) >> 32);
}

/*
 * A new row for a contact line l of file name, cut at end[0..nf): its
 * id (id, when idok) checked against those before, then the
 * do-not-call list and the rules.
 */
static void
take_row(struct due *d, struct fields *f, const char *name,
    struct tsv_line *l, const uint32_t *end, size_t nf, size_t ncol,
    int idok, uint64_t id)
{
	struct drow *r = due_new_row(d);
	char err[FU_ERRBUF];
	char q[TEXT_QUOTE_MAX + 1];
	int date, type = -1;

	if (nf != ncol) {
		bad_row(name, l->lineno, nf, ncol);
		r->fate = F_BAD;
		return;
	}
	cut_fields(f, l, end, ncol);
	if (!idok) {
		fu_datawarn(name, f->lineno, "id \"%s\" is not 16 hex digits",
		    f->field[d->cid]);
		r->fate = F_BAD;
		return;
	}
	r->id = id;
	if (due_id_add(d, id, d->nrow - 1) != -1) {
		fu_datawarn(name, f->lineno, "id %s again: planned once",
		    f->field[d->cid]);
		r->fate = F_DUP;
		return;
	}
	/* Planned as a call, it would be dialled: say what is wrong. */
	if (d->ctype >= 0 && (type = contact_type_parse(f->field[d->ctype],
	    strlen(f->field[d->ctype]))) == -1) {
		text_quote(f->field[d->ctype], strlen(f->field[d->ctype]), q);
		fu_datawarn(name, f->lineno, "unknown type \"%s\" (gift, "
		    "service, writeoff, member, request)", q);
		r->fate = F_BAD;
		return;
	}
	if (d->cphone >= 0 && f->len[d->cphone] == 0) {
		fu_datawarn(name, f->lineno, "no phone: nothing to dial");
		r->fate = F_BAD;
		return;
	}
	if (type == CT_GIFT) {
		r->flags |= FL_GIFT;
		r->cust = gift_customer(d, f, id);
	}
	if (d->restricted && d->cstore >= 0)
		r->sidx = (int16_t)due_store_index(d, f->field[d->cstore]);
	if (d->cphone >= 0 && dnc_has(&d->dnc, f->field[d->cphone],
	    f->len[d->cphone])) {
		r->fate = F_DNC;
		return;
	}
	/*
	 * Never a call before the contact's own date.  The rules read it
	 * themselves: their windows open on it at the soonest.
	 */
	if (d->o->rules == NULL && d->cdate >= 0 && f->len[d->cdate] > 0) {
		if (date_parse(f->field[d->cdate], f->len[d->cdate], 0, &date,
		    err) == -1) {
			fu_datawarn(name, f->lineno, "date: %s", err);
			r->fate = F_BAD;
			return;
		}
		date -= d->ws;
		r->lo = (int16_t)(date < -30000 ? -30000 : date > 30000 ?
		    30000 : date);
	}
	if (d->o->rules != NULL)
		due_rules_apply(d, r, f, name);
}

/* The rows of file fi, from t (open_file's), then t closed. */
static void
read_rows(struct due *d, size_t fi, struct tsv_reader *t)
{
	struct tsv_line ln[BLOCK];
	size_t ncol = t->ncol;
	struct fields f;
	uint64_t id = 0;
	size_t nf, a;
	uint32_t *end;
	int idok;
	long n, k;

	end = xcalloc(ncol, sizeof(*end));
	f.field = xcalloc(ncol, sizeof(*f.field));
	f.len = xcalloc(ncol, sizeof(*f.len));
	while ((n = tsv_next_lines(t, ln, BLOCK)) != 0) {
		if (n == -1) {
			fu_warn("%s: read error", d->fname[fi]);
			due_setstatus(d, FU_EXIT_FATAL);
			break;
		}
		for (k = 0; k < n; k++) {
			nf = text_tabs(ln[k].s, ln[k].len, end, ncol);
			idok = 0;
			if (nf == ncol) {
				a = d->cid > 0 ? end[d->cid - 1] + 1 : 0;
				idok = fu_id_parse_n(ln[k].s + a,
				    end[d->cid] - a, &id) == 0;
			}
			take_row(d, &f, d->fname[fi], &ln[k], end, nf, ncol,
			    idok, id);
		}
	}
	free(end);
	free(f.field);
	free(f.len);
	tsv_close(t);
}

void
due_contacts_read(struct due *d, char *const *files)
{
	struct tsv_reader t;
	size_t i;

	for (i = 0; files[i] != NULL; i++)
		d->nfile++;
	d->fp = xcalloc(d->nfile, sizeof(*d->fp));
	d->orig = xcalloc(d->nfile, sizeof(*d->orig));
	d->fstart = xcalloc(d->nfile, sizeof(*d->fstart));
	d->fname = xcalloc(d->nfile, sizeof(*d->fname));
	for (i = 0; i < d->nfile; i++) {
		d->fname[i] = strcmp(files[i], "-") == 0 ? "stdin" : files[i];
		if ((d->orig[i] = fu_open_in(files[i])) == NULL) {
			fu_warn("%s", files[i]);
			due_setstatus(d, FU_EXIT_FATAL);
			continue;
		}
		if ((d->fp[i] = fu_rereadable(d->orig[i], d->o->tmpdir,
		    &d->fstart[i])) == NULL) {
			fu_warn("%s: read error", d->fname[i]);
			due_setstatus(d, FU_EXIT_FATAL);
			continue;
		}
		if (open_file(d, i, &t) == 0)
			read_rows(d, i, &t);
	}
	d->ninput = d->nrow;
}
