/* sample.c: a run of fu-sample and its stores; see sample.h, run.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "base/util.h"
#include "fmt/contact.h"
#include "fmt/date.h"
#include "fmt/policy.h"
#include "sample/run.h"
#include "sample/sample.h"

const char *const sample_cols[NOURS] = { "reason", "rank", "key" };

/*
 * Two names of one hash (possible, if never seen) cannot share its key:
 * the second takes the next key along, hash + STORE_STEP, and so on.  A
 * lookup walks the same keys until it finds its name or a key not
 * there; no store is ever removed, so the walk never stops short.
 */
#define STORE_STEP	UINT64_C(0x9e3779b97f4a7c15)

struct sample_store *
sample_store_get(struct sample *s, const char *name, size_t n)
{
	struct sample_store *st;
	uint64_t h = fnv1a64(FNV64_OFFSET, name, n), k;
	uint32_t i;
	int added;

	for (k = h;; k += STORE_STEP) {
		i = idmap_put(&s->stores, k, &added);
		if (added)
			break;
		st = s->store[i];
		if (st->len == n && memcmp(st->name, name, n) == 0)
			return st;
	}
	st = xcalloc(1, sizeof(*st));
	st->name = xstrndup(name, n);
	st->len = n;
	st->hash = h;
	s->store = xreallocarray(s->store, s->nstore + 1, sizeof(*s->store));
	s->store[s->nstore++] = st;
	return st;
}

void
sample_store_free_rows(struct sample_store *st)
{
	free(st->g);
	free(st->s);
	free(st->o);
	st->g = NULL;
	st->s = NULL;
	st->o = NULL;
	st->ng = st->capg = st->ns = st->caps = st->no = st->capo = 0;
}

static uint32_t
add_reason(struct sample *s, const char *text)
{
	if (strlen(text) > REASON_MAX)
		fu_errx(FU_EXIT_FATAL, "internal error: reason \"%s\" too long",
		    text);
	s->reason = xreallocarray(s->reason, s->nreason + 1,
	    sizeof(*s->reason));
	s->reasonlen = xreallocarray(s->reasonlen, s->nreason + 1,
	    sizeof(*s->reasonlen));
	s->reason[s->nreason] = xstrdup(text);
	s->reasonlen[s->nreason] = strlen(text);
	return (uint32_t)s->nreason++;
}

static void
make_reasons(struct sample *s)
{
	const struct tiers *ts = &s->pol->tiers;
	struct tiers one;
	char buf[256], label[200], pct[32], *p;
	size_t t;

	snprintf(pct, sizeof(pct), "%.2f", s->pol->gift_rate * 100);
	p = pct + strlen(pct);
	while (p[-1] == '0')
		*--p = '\0';
	if (p[-1] == '.')
		p[-1] = '\0';
	snprintf(buf, sizeof(buf), "礼品%s%%", pct);
	add_reason(s, buf);
	for (t = 0; t < ts->n; t++) {
		/* "1500-2999:20" less its count; "5000-" is 5000以上. */
		one.t = &ts->t[t];
		one.n = 1;
		tiers_format(&one, label, sizeof(label));
		if ((p = strrchr(label, ':')) != NULL)
			*p = '\0';
		if (ts->t[t].hi == -1 && (p = strrchr(label, '-')) != NULL &&
		    p[1] == '\0')
			strcpy(p, "以上");
		add_reason(s, label);
		snprintf(buf, sizeof(buf), "%s (由低档补足)", label);
		add_reason(s, buf);
	}
	add_reason(s, "小店月度补足");
	add_reason(s, "全部回访");
}

void
sample_init(struct sample *s, const struct policy *pol,
    const struct week *w, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->pol = pol;
	s->week = *w;
	week_format(w, s->label);
	s->seed = seed;
	s->drawn_size = sample_rotation(pol, w->monday);
	s->lastwd = w->monday + 6;
	idmap_init(&s->stores);
	dnc_init(&s->dnc);
	idmap_init(&s->recent);
	make_reasons(s);
}

void
sample_report(const struct sample *s)
{
	char buf[1024];
	size_t n = 0;
	long drawn = s->topup;
	int t, first = 1;

	for (t = 0; t < CT_N; t++)
		drawn += s->drawn[t];
#define ADD(...)	n += (size_t)snprintf(buf + n, n < sizeof(buf) ? \
			    sizeof(buf) - n : 0, __VA_ARGS__)
	ADD("%s (%s stores): %llu contacts: %ld drawn", s->label,
	    s->drawn_size == SIZE_UNKNOWN ? "all" :
	    contact_size_code(s->drawn_size), (unsigned long long)s->nrows,
	    drawn);
	if (drawn > 0) {
		ADD(" (");
		for (t = 0; t < CT_N; t++) {
			if (s->drawn[t] == 0)
				continue;
			ADD("%s%s %ld", first ? "" : ", ", contact_type_code(t),
			    s->drawn[t]);
			first = 0;
		}
		if (s->topup > 0)
			ADD("%stop-up %ld", first ? "" : ", ", s->topup);
		ADD(")");
	}
	if (s->have_log || s->dnc.loaded) {
		ADD("; ");
		if (s->have_log)
			ADD("%ld excluded (recent)", s->ex_recent);
		if (s->dnc.loaded)
			ADD("%s%ld%s (do not call)", s->have_log ? ", " : "",
			    s->ex_dnc, s->have_log ? "" : " excluded");
	}
	if (s->drawn_size != SIZE_UNKNOWN)
		ADD("; %ld not this week (%s stores)", s->off_week,
		    contact_size_code(s->drawn_size == SIZE_LARGE ?
		    SIZE_SMALL : SIZE_LARGE));
	ADD("; %ld not drawn", s->notdrawn);
	if (s->dups > 0)
		ADD("; %ld duplicate", s->dups);
	if (s->after_week > 0)
		ADD("; %ld dated after the working week", s->after_week);
	if (s->bad > 0)
		ADD("; %ld bad", s->bad);
	/* Which log the draw stands on, or that it stands on none. */
	if (s->logname == NULL)
		ADD("; no log");
	else if (s->log_missing)
		ADD("; no log (%s is not there yet)", s->logname);
	else
		ADD("; log %s", s->logname);
#undef ADD
	fu_warnx("%s", buf);
	if (s->noamount > 0)
		fu_warnx("%ld service rows have no amount: in no tier",
		    s->noamount);
}

void
sample_free(struct sample *s)
{
	size_t i;

	for (i = 0; i < s->nin; i++) {
		if (s->in[i]->own && s->in[i]->fp != NULL)
			fclose(s->in[i]->fp);
		free(s->in[i]->map);
		free(s->in[i]->name);
		free(s->in[i]);
	}
	free(s->in);
	free(s->dup);
	free(s->dupfirst);
	for (i = 0; i < s->ncol; i++)
		free(s->col[i]);
	free(s->col);
	for (i = 0; i < s->nstore; i++) {
		sample_store_free_rows(s->store[i]);
		free(s->store[i]->name);
		free(s->store[i]);
	}
	free(s->store);
	idmap_free(&s->stores);
	for (i = 0; i < s->nreason; i++)
		free(s->reason[i]);
	free(s->reason);
	free(s->reasonlen);
	free(s->pos);
	free(s->pick);
	free(s->chosen);
	free(s->rowslot);
	dnc_free(&s->dnc);
	idmap_free(&s->recent);
	if (s->recent_filtered)
		idfilter_free(&s->recentf);
	memset(s, 0, sizeof(*s));
}
