/*
 * summarize.c: a summary's options, its metrics by name, its rows and
 * their values, the table; see summary.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "fmt/tsv.h"
#include "log/calllog.h"
#include "summary/sum.h"

_Static_assert(OC_N == 11, "summary.h counts 11 outcomes");

const char *const sum_key_names[SK_N] = {
	"store", "store_size", "agent", "type", "method", "day", "week",
	"month"
};

#define M(name, kind, what)	{ name, kind, what }
const struct sum_metric_info sum_metrics[SM_N] = {
	[SM_PLANNED] = M("planned", MK_COUNT, "rows of the due list"),
	[SM_CONTACTS] = M("contacts", MK_COUNT,
	    "distinct contacts dialled or texted"),
	[SM_DIALS] = M("dials", MK_COUNT, "records: calls and texts"),
	[SM_SUCCESS] = M("success", MK_COUNT,
	    "distinct contacts with a success or sms_replied"),
	[SM_SUCCESS_RATE] = M("success_rate", MK_RATE, "success / contacts"),
	[SM_VISIT_RATE] = M("visit_rate", MK_RATE, "contacts / planned"),
	[SM_N_OUTCOME + OC_SUCCESS] = M("n_success", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_PARTIAL] = M("n_partial", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_NO_ANSWER] = M("n_no_answer", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_BUSY] = M("n_busy", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_POWER_OFF] = M("n_power_off", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_SUSPENDED] = M("n_suspended", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_WRONG_NUMBER] = M("n_wrong_number", MK_COUNT,
	    "records"),
	[SM_N_OUTCOME + OC_REFUSED] = M("n_refused", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_CALLBACK] = M("n_callback", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_SMS_SENT] = M("n_sms_sent", MK_COUNT, "records"),
	[SM_N_OUTCOME + OC_SMS_REPLIED] = M("n_sms_replied", MK_COUNT,
	    "records"),
	[SM_LOST] = M("lost", MK_COUNT,
	    "rounds ended by a second failed dial, suspended or wrong_number"),
	[SM_SUBMITTED] = M("submitted", MK_COUNT, "rows of --contacts"),
	[SM_SAMPLED] = M("sampled", MK_COUNT, "rows of --sample"),
	[SM_DIALLED] = M("dialled", MK_COUNT, "contacts"),
	[SM_REACHED] = M("reached", MK_COUNT,
	    "distinct contacts with success, partial or sms_replied"),
	[SM_Q1_MEAN] = M("q1_mean", MK_MEAN, "mean of the q1 scores"),
	[SM_Q2_MEAN] = M("q2_mean", MK_MEAN, "mean of the q2 scores"),
	[SM_Q3_MEAN] = M("q3_mean", MK_MEAN, "mean of the q3 scores"),
	[SM_SCORED] = M("scored", MK_COUNT, "records with any score"),
	[SM_SATISFIED] = M("satisfied", MK_RATE,
	    "scored records with every score >= 4 / scored"),
	[SM_DISSATISFIED] = M("dissatisfied", MK_RATE,
	    "scored records with any score <= 2 / scored"),
	[SM_COMPLAINTS] = M("complaints", MK_COUNT,
	    "records with a complaint"),
	[SM_RESOLVED] = M("resolved", MK_COUNT,
	    "complaints with a resolved date"),
	[SM_RESOLUTION_RATE] = M("resolution_rate", MK_RATE,
	    "resolved / complaints"),
	[SM_MEDIAN_DAYS] = M("median_days_to_resolve", MK_DAYS,
	    "median of resolved - the call's day, in days"),
	[SM_OPEN_COMPLAINTS] = M("open_complaints", MK_COUNT,
	    "complaints - resolved"),
	[SM_GIFT_CHECKED] = M("gift_checked", MK_COUNT,
	    "distinct gift contacts dialled or texted"),
	[SM_GIFT_SUBMITTED] = M("gift_submitted", MK_COUNT,
	    "gift rows of --contacts"),
	[SM_GIFT_COVERAGE] = M("gift_coverage", MK_RATE,
	    "gift_checked / gift_submitted"),
	[SM_GIFT_MISMATCH] = M("gift_mismatch", MK_COUNT,
	    "records with gift_ok 0"),
	[SM_AGENT_WEEKS] = M("agent_weeks", MK_COUNT,
	    "distinct (agent, week) with service calls"),
	[SM_QUOTA_TARGET] = M("quota_target", MK_COUNT,
	    "per_day x working days, summed over agent_weeks"),
	[SM_QUOTA_MET] = M("quota_met", MK_COUNT,
	    "agent_weeks whose service successes reach their target"),
	[SM_SMALL_STORES] = M("small_stores", MK_COUNT,
	    "distinct (small store, month)"),
	[SM_SMALL_STORE_MIN_MET] = M("small_store_min_met", MK_COUNT,
	    "small_stores with small_store_monthly_min service contacts "
	    "reached"),
	[SM_DAYS_USED] = M("days_used", MK_COUNT,
	    "days with phone calls (not gift checks)"),
	[SM_MAX_DAY_SHARE] = M("max_day_share", MK_RATE,
	    "the busiest day's phone calls / phone calls"),
	[SM_BUNCHED] = M("bunched", MK_COUNT,
	    "weeks with a day over bunch_factor x calls / working days"),
	[SM_THIRD_DIALS] = M("third_dials", MK_COUNT,
	    "calls of a round after its two failed dials"),
	[SM_OUTSIDE_WINDOW] = M("outside_window", MK_COUNT,
	    "phone calls outside the call windows"),
	[SM_REQUESTS] = M("requests", MK_COUNT,
	    "request rows of --contacts, else distinct request contacts"),
};
#undef M

int
sum_metric_by_name(const char *name)
{
	int i;

	for (i = 0; i < SM_N; i++)
		if (strcmp(sum_metrics[i].name, name) == 0)
			return i;
	return -1;
}

int
sum_key_by_name(const char *name)
{
	int i;

	for (i = 0; i < SK_N; i++)
		if (strcmp(sum_key_names[i], name) == 0)
			return i;
	return -1;
}

void
sum_opts_init(struct sum_opts *o, const struct policy *pol,
    const struct calendar *cal)
{
	memset(o, 0, sizeof(*o));
	o->keys[0] = SK_STORE;
	o->nkeys = 1;
	o->from = SUM_NO_BOUND_LO;
	o->to = SUM_NO_BOUND_HI;
	o->as_of = CALLLOG_NO_AS_OF;
	o->pol = pol;
	o->cal = cal;
	o->bunch_factor = pol != NULL ? pol->bunch_factor : 2;
	o->tmpdir = "/tmp";
	o->threads = 1;
	o->thread_bytes = 32LL << 20;
}

int
sum_parse_keys(struct sum_opts *o, const char *spec, char *err)
{
	const char *p = spec, *e;
	char name[32];
	size_t n, i;
	int k;

	o->nkeys = 0;
	if (*spec == '\0')
		return 0;
	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), p);
		if (n > 31 || (k = sum_key_by_name(name)) == -1) {
			fu_seterr(err, "unknown key \"%.*s\" (store, store_size, "
			    "agent, type, method, day, week, month)",
			    (int)(n < 40 ? n : 40), p);
			return -1;
		}
		for (i = 0; i < o->nkeys; i++)
			if (o->keys[i] == k) {
				fu_seterr(err, "key \"%s\" given twice", name);
				return -1;
			}
		o->keys[o->nkeys++] = k;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

void
sum_period_days(struct sum_opts *o, int from, int to)
{
	o->from = (long long)from * 86400;
	o->to = ((long long)to + 1) * 86400;
}

void
sum_period_week(struct sum_opts *o, const struct week *w)
{
	sum_period_days(o, w->monday, w->monday + 6);
}

void
sum_period_month(struct sum_opts *o, const struct month *m)
{
	sum_period_days(o, month_first_day(m), month_last_day(m));
	o->monthly = 1;
}

struct summary *
summary_open(const struct sum_opts *o)
{
	struct summary *s = xcalloc(1, sizeof(*s));
	uint32_t total[SK_N];
	size_t i;
	int k;

	s->o = *o;
	for (i = 0; i < o->nkeys; i++)
		s->bykey[o->keys[i]] = 1;
	for (k = 0; k < SK_N; k++)
		str_init(&s->str[k]);
	tup_init(&s->groups, SK_N, 0);
	for (k = 0; k < SK_N; k++)
		total[k] = UINT32_MAX;
	(void)sum_group(s, total);	/* group 0: the totals */
	idmap_init(&s->cid);
	tup_init(&s->pairs, 2, 1);
	tup_init(&s->gday, 2, 1);
	tup_init(&s->gres, 2, 1);
	tup_init(&s->gaw, 3, 0);
	tup_init(&s->aws, 2, 1);
	tup_init(&s->gsm, 3, 0);
	tup_init(&s->smc, 3, 0);
	tup_init(&s->smr, 2, 1);
	return s;
}

long
summary_bad(const struct summary *s)
{
	return s->bad;
}

size_t
summary_nrows(const struct summary *s)
{
	return s->nrow;
}

int
summary_is_total(const struct summary *s, size_t r)
{
	return r < s->nrow && s->row[r].g == 0;
}

const char *
summary_keyval(const struct summary *s, size_t r, int k)
{
	struct summary *w = (struct summary *)s;	/* its buffer only */

	if (r >= s->nrow || k < 0 || k >= SK_N)
		return "";
	return sum_key_text(s, s->row[r].g, k, w->keybuf[k]);
}

int
summary_get(const struct summary *s, size_t r, int m, double *v)
{
	const struct sum_row *row;

	if (r >= s->nrow || m < 0 || m >= SM_N)
		return -1;
	row = &s->row[r];
	if (row->none[m / 64] & (uint64_t)1 << (m % 64))
		return -1;
	*v = row->v[m];
	return 0;
}

/* A count, without printf: most cells of a big table are counts. */
static void
fmt_count(long long v, char *buf)
{
	char tmp[24];
	size_t n = 0, i = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
}

void
summary_format(const struct summary *s, size_t r, int m, char *buf)
{
	double v;

	buf[0] = '\0';
	if (summary_get(s, r, m, &v) == -1)
		return;
	switch (sum_metrics[m].kind) {
	case MK_COUNT:
		fmt_count((long long)v, buf);
		break;
	case MK_RATE:
		snprintf(buf, SUM_FMT, "%.4f", v);
		break;
	case MK_MEAN:
		snprintf(buf, SUM_FMT, "%.2f", v);
		break;
	default:
		snprintf(buf, SUM_FMT, "%.1f", v);
		break;
	}
}

void
summary_write(const struct summary *s, FILE *fp)
{
	char buf[SUM_FMT];
	size_t i, r;
	int m;

	for (i = 0; i < s->o.nkeys; i++)
		fprintf(fp, "%s%s", i ? "\t" : "", sum_key_names[s->o.keys[i]]);
	for (m = 0; m < SM_N; m++)
		fprintf(fp, "%s%s", i || m ? "\t" : "", sum_metrics[m].name);
	putc('\n', fp);
	for (r = 0; r < s->nrow; r++) {
		for (i = 0; i < s->o.nkeys; i++) {
			if (i)
				putc('\t', fp);
			tsv_puts(fp, summary_keyval(s, r, s->o.keys[i]));
		}
		for (m = 0; m < SM_N; m++) {
			summary_format(s, r, m, buf);
			fprintf(fp, "%s%s", i || m ? "\t" : "", buf);
		}
		putc('\n', fp);
	}
}

void
summary_finish(struct summary *s)
{
	if (s->row != NULL)
		return;
	sum_make_rows(s);
	/*
	 * The rows are made: what is kept for each contact is not needed
	 * any more (fu-report holds all the summaries of a workbook).
	 */
	idmap_free(&s->cid);
	free(s->ct);
	s->ct = NULL;
	s->ctcap = 0;
	tup_free(&s->pairs);
	tup_free(&s->smc);
}

void
summary_close(struct summary *s)
{
	int k;

	if (s == NULL)
		return;
	for (k = 0; k < SK_N; k++)
		str_free(&s->str[k]);
	tup_free(&s->groups);
	free(s->cnt);
	free(s->gc);
	idmap_free(&s->cid);
	free(s->ct);
	tup_free(&s->pairs);
	tup_free(&s->gday);
	tup_free(&s->gres);
	tup_free(&s->gaw);
	tup_free(&s->aws);
	tup_free(&s->gsm);
	tup_free(&s->smc);
	tup_free(&s->smr);
	free(s->size);
	free(s->row);
	free(s);
}
