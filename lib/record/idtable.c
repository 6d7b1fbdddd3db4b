/* idtable.c: the id table, and the contacts of the ids; see recorder.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/tsv.h"
#include "record/recorder.h"

void
rec_init(struct recorder *rc, const struct rec_opts *o)
{
	memset(rc, 0, sizeof(*rc));
	idmap_init(&rc->ids);
	rc->pol = o->pol;
	rc->now = o->now;
	rc->default_agent = o->agent;
	rc->holidays = o->holidays;
	rc->no_sync = o->no_sync;
	rc->keep_rejects = o->rejects != NULL;
	rc->tmpdir = o->tmpdir;
	rc->spillfd = -1;
}

void
rec_free(struct recorder *rc)
{
	size_t i;

	free(rc->ent);
	free(rc->damaged);
	if (rc->cal_state == 1)
		cal_free(&rc->cal);
	idmap_free(&rc->ids);
	tsv_buf_free(&rc->ctext);
	free(rc->row);
	free(rc->rbuf);
	if (rc->spillfd != -1)
		close(rc->spillfd);
	tsv_buf_free(&rc->text);
	for (i = 0; i < rc->nfiles; i++)
		free(rc->files[i]);
	free(rc->files);
	for (i = 0; i < rc->nrej_cols; i++)
		free(rc->rej_cols[i]);
	free(rc->rej_cols);
	if (rc->rejtmp != NULL)
		fclose(rc->rejtmp);
}

/* The id table: rc->ids gives each id its slot in rc->ent. */
struct rec_ent *
rec_ent_find(const struct recorder *rc, uint64_t id)
{
	uint32_t x = idmap_get(&rc->ids, id);

	return x == IDMAP_NONE ? NULL : &rc->ent[x];
}

void
rec_ent_reserve(struct recorder *rc, size_t n)
{
	if (n > UINT32_MAX - 1)
		fu_errx(FU_EXIT_FATAL, "more than %lu ids", (unsigned long)
		    (UINT32_MAX - 1));
	idmap_reserve(&rc->ids, n);
	rc->ent = xgrow(rc->ent, &rc->entcap, n, sizeof(*rc->ent));
}

struct rec_ent *
rec_ent_add(struct recorder *rc, uint64_t id)
{
	uint32_t x;
	int added;

	x = idmap_put(&rc->ids, id, &added);
	if (added) {
		rc->ent = xgrow(rc->ent, &rc->entcap, (size_t)x + 1,
		    sizeof(*rc->ent));
		memset(&rc->ent[x], 0, sizeof(rc->ent[x]));
	}
	return &rc->ent[x];
}

/*
 * A contact's four fields, escaped and tab-separated, written just past
 * the end of ctext (its len stays: the caller keeps them or not).
 * Returns their length.
 */
static size_t
esc_contact(struct recorder *rc, char *const *f, const size_t *len)
{
	size_t at = rc->ctext.len, n, i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			tsv_buf_char(&rc->ctext, '\t');
		tsv_buf_put(&rc->ctext, f[i], len[i]);
	}
	/* Ended by a newline, which escaped text holds nowhere else. */
	tsv_buf_char(&rc->ctext, '\n');
	n = rc->ctext.len - at;
	rc->ctext.len = at;
	return n;
}

/* Where an entry's contact begins in rc->ctext. */
static size_t
ent_coff(const struct rec_ent *e)
{
	return (size_t)e->coff | (size_t)e->coff_hi << 32;
}

static void
ent_set_coff(struct rec_ent *e, size_t off)
{
	if (off >> 40 != 0)
		fu_errx(FU_EXIT_FATAL, "more than 1 TiB of contacts");
	e->coff = (uint32_t)off;
	e->coff_hi = (unsigned char)(off >> 32);
}

const char *
rec_ent_contact(const struct recorder *rc, const struct rec_ent *e,
    size_t *len)
{
	const char *s = rc->ctext.s + ent_coff(e);

	*len = (size_t)((const char *)rawmemchr(s, '\n') - s);
	return s;
}

char *
rec_contact_fields(const struct recorder *rc, const struct rec_ent *h,
    char **f)
{
	size_t n;
	const char *c = rec_ent_contact(rc, h, &n);
	char *copy = xstrndup(c, n), *p = copy, *tab;
	int k;

	for (k = 0; k < 4; k++) {
		f[k] = p;
		if ((tab = strchr(p, '\t')) == NULL) {
			p += strlen(p);
		} else {
			*tab = '\0';
			p = tab + 1;
		}
		f[k][tsv_unescape(f[k], strlen(f[k]))] = '\0';
	}
	return copy;
}

static unsigned char
gift_flag(const char *type, size_t n)
{
	return contact_type_parse(type, n) == CT_GIFT ? ENT_GIFT : 0;
}

/* The log's latest record of an id gives its contact (unless --contacts). */
void
rec_set_log_contact(struct recorder *rc, struct rec_ent *e, char *const *f,
    const size_t *len)
{
	size_t n = esc_contact(rc, f, len);

	size_t old;

	/* Most are the same as the one before: written over it, not added. */
	if ((e->flags & ENT_LOG) && (rec_ent_contact(rc, e, &old), n <=
	    old + 1)) {
		memmove(rc->ctext.s + ent_coff(e), rc->ctext.s + rc->ctext.len,
		    n);
	} else {
		ent_set_coff(e, rc->ctext.len);
		rc->ctext.len += n;
	}
	e->flags = (unsigned char)((e->flags & ~ENT_GIFT) | ENT_LOG |
	    gift_flag(f[0], len[0]));
}

/*
 * A contact row of --contacts, every one wanted (the terminal's due
 * list): its text kept at the end of ctext.
 */
static void
keep_contact(struct recorder *rc, uint64_t id, char *const *f,
    const size_t *len)
{
	struct rec_ent *e;
	size_t n = esc_contact(rc, f, len);

	e = rec_ent_add(rc, id);
	/* A due list may hold a contact twice (two rounds): one. */
	if (e->flags & ENT_FILE)
		return;
	ent_set_coff(e, rc->ctext.len);
	e->flags = (unsigned char)((e->flags & ~(ENT_LOG | ENT_GIFT)) |
	    ENT_FILE | gift_flag(f[0], len[0]));
	rc->ctext.len += n;
}

/*
 * The contact rows of the queued ids, a block at a time: each row's
 * text is put at the end of ctext as it is read and its id's place in
 * the table asked for (idmap_prefetch); the block's ids are then looked
 * up, in order, and the texts of the rows not wanted taken out.  The
 * same as keep_contact a row at a time, without a wait on memory for
 * each row of a large file.
 */
#define KEEP_BLOCK	32

struct keep_block {
	uint64_t	 id[KEEP_BLOCK];
	size_t		 off[KEEP_BLOCK], len[KEEP_BLOCK];
	unsigned char	 gift[KEEP_BLOCK];
	size_t		 n;
};

static void
keep_flush(struct recorder *rc, struct keep_block *kb)
{
	struct rec_ent *e;
	size_t i, to;

	if (kb->n == 0)
		return;
	to = kb->off[0];
	for (i = 0; i < kb->n; i++) {
		e = rec_ent_find(rc, kb->id[i]);
		/* A due list may hold a contact twice (two rounds): one. */
		if (e == NULL || (e->flags & ENT_FILE))
			continue;
		if (to != kb->off[i])
			memmove(rc->ctext.s + to, rc->ctext.s + kb->off[i],
			    kb->len[i]);
		ent_set_coff(e, to);
		e->flags = (unsigned char)((e->flags & ~(ENT_LOG | ENT_GIFT)) |
		    ENT_FILE | kb->gift[i]);
		to += kb->len[i];
	}
	rc->ctext.len = to;
	kb->n = 0;
}

static void
keep_queued(struct recorder *rc, struct keep_block *kb, uint64_t id,
    char *const *f, const size_t *len)
{
	size_t n = esc_contact(rc, f, len);

	kb->id[kb->n] = id;
	kb->off[kb->n] = rc->ctext.len;
	kb->len[kb->n] = n;
	kb->gift[kb->n] = gift_flag(f[0], len[0]);
	rc->ctext.len += n;
	idmap_prefetch(&rc->ids, id);
	if (++kb->n == KEEP_BLOCK)
		keep_flush(rc, kb);
}

/*
 * A damaged row of --contacts (tsv_next's rc, said already when
 * TSV_BADROW): kept by the id it still shows, else as the first row
 * without one; the run goes on, with status 1.
 */
static void
damaged_row(struct recorder *rc, struct tsv_reader *r, long idcol, int rcode)
{
	uint64_t id;

	if (rcode == TSV_OK)
		fu_datawarn(r->name, r->lineno, "id \"%s\" is not 16 hex "
		    "digits", r->field[idcol]);
	if (rc->status < FU_EXIT_DATA)
		rc->status = FU_EXIT_DATA;
	if ((size_t)idcol < r->nfield && r->len[idcol] == 16 &&
	    fu_id_parse(r->field[idcol], &id) == 0) {
		rc->damaged = xgrow(rc->damaged, &rc->damcap, rc->ndamaged + 1,
		    sizeof(*rc->damaged));
		rc->damaged[rc->ndamaged].id = id;
		rc->damaged[rc->ndamaged++].line = r->lineno;
	} else if (rc->damaged_noid == 0)
		rc->damaged_noid = r->lineno;
}

void
rec_damaged_why(const struct recorder *rc, uint64_t id, char *why, size_t n)
{
	size_t i;

	why[0] = '\0';
	for (i = 0; i < rc->ndamaged; i++)
		if (rc->damaged[i].id == id) {
			snprintf(why, n, ": its row, %s:%ld, is damaged (fix "
			    "it and run again)", rc->contacts_path,
			    rc->damaged[i].line);
			return;
		}
	if (rc->damaged_noid != 0)
		snprintf(why, n, "; %s:%ld is a damaged row with no id that "
		    "may be its", rc->contacts_path, rc->damaged_noid);
}

int
rec_load_contacts(struct recorder *rc, const char *path, int only_queued)
{
	static const char *const cols[] = { "id", "type", "store", "customer",
	    "phone" };
	static char empty[] = "";
	struct keep_block kb;
	struct tsv_reader r;
	char *f[4];
	size_t len[4];
	long col[5];
	uint64_t id;
	FILE *fp;
	int k, rcode, bad = 0;

	rec_rows_settle(rc);
	kb.n = 0;
	if ((fp = tsv_open_path(&r, path, path)) == NULL)
		return -1;
	for (k = 0; k < 5; k++)
		col[k] = tsv_col(&r, cols[k]);
	if (col[0] == -1) {
		fu_warnx("%s: no id column (a contacts or due list has one)",
		    path);
		bad = 1;
	}
	rc->contacts_path = path;
	while (!bad && (rcode = tsv_next_report(&r)) != TSV_EOF) {
		if (rcode == TSV_ERR) {
			bad = 1;
			break;
		}
		if (rcode == TSV_BADROW || fu_id_parse(r.field[col[0]],
		    &id) == -1) {
			damaged_row(rc, &r, col[0], rcode);
			continue;
		}
		if (only_queued && rc->ids.n == 0)
			continue;	/* none wanted: only checked */
		for (k = 0; k < 4; k++) {
			f[k] = col[k + 1] == -1 ? empty : r.field[col[k + 1]];
			len[k] = col[k + 1] == -1 ? 0 : r.len[col[k + 1]];
		}
		if (only_queued)
			keep_queued(rc, &kb, id, f, len);
		else
			keep_contact(rc, id, f, len);
	}
	keep_flush(rc, &kb);
	tsv_close(&r);
	fu_close_in(fp);
	return bad ? -1 : 0;
}
