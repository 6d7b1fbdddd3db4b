/*
 * history.c: what the call log tells the draw: the recent successes
 * not to draw again, and the service customers each store reached
 * (success, partial) this month.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/hash.h"
#include "base/idmap.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/policy.h"
#include "log/calllog.h"
#include "sample/run.h"
#include "sample/sample.h"

int
sample_load_log(struct sample *s, const char *path)
{
	struct calllog lg;
	struct callrec rec;
	struct sample_store *st;
	struct idmap seen;
	struct month m;
	char err[FU_ERRBUF];
	const char *phone, *store, *type;
	size_t plen, slen, tlen;
	uint64_t k;
	int day, first, rc, added;

	s->have_log = 1;
	s->logname = strcmp(path, "-") == 0 ? "stdin" : path;
	if (calllog_open(&lg, path, CALLLOG_NO_AS_OF, s->tmpdir, err) == -1) {
		fu_warnx("%s", err);
		return -1;
	}
	s->log_missing = lg.missing;
	m.year = s->week.year;
	m.month = s->week.month;
	first = month_first_monday(&m, s->pol->week_rule);
	idmap_init(&seen);
	while ((rc = calllog_next(&lg, &rec)) == 1) {
		/* What happened before the week: a re-run draws the same. */
		if ((day = time_day(rec.ts)) >= s->week.monday)
			continue;
		phone = calllog_field(&lg, &rec, LC_PHONE, &plen);
		if (outcomes[rec.outcome].success && plen > 0 &&
		    day >= s->week.monday - s->pol->recent_days)
			idmap_put(&s->recent, sample_phone_key(phone, plen),
			    NULL);
		/*
		 * Rule 3 counts service customers reached: success or
		 * partial, not 关机 nor a gift text.
		 */
		if (rec.outcome != OC_SUCCESS && rec.outcome != OC_PARTIAL)
			continue;
		type = calllog_field(&lg, &rec, LC_TYPE, &tlen);
		if (tlen != 7 || memcmp(type, "service", 7) != 0)
			continue;
		store = calllog_field(&lg, &rec, LC_STORE, &slen);
		if (day < first || slen == 0)
			continue;
		st = sample_store_get(s, store, slen);
		k = plen > 0 ? sample_cust_key(st, phone, plen) :
		    mix64(rec.id ^ st->hash);
		idmap_put(&seen, k, &added);
		if (added)
			st->called++;
	}
	idmap_free(&seen);
	if (s->recent_filtered)
		idfilter_free(&s->recentf);
	idfilter_build(&s->recentf, &s->recent);
	s->recent_filtered = 1;
	rc = rc == -1 ? -1 : lg.bad > 0 ? 1 : 0;
	calllog_close(&lg);
	return rc;
}
