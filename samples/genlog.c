/*
 * genlog: write a large, realistic call log (fu(7), "Call log") to
 * standard output, for fu-summarize's benchmark and scale tests: a
 * year of days, 200 stores, 40 agents, every outcome, scores,
 * complaints, second dials a day or two later, call-backs kept, text
 * messages for gift checks, and corrections (a complaint resolved, a
 * wrong code put right) written days after the call they supersede.
 * Each line carries its real chain (logfile.h), so fu-record --verify
 * accepts the log.
 *
 * The output is a pure function of the options (one SplitMix64 stream,
 * integers only).  Rows are formatted into one buffer; a correction or
 * a second dial waits in a queue by day, so the log is in the order it
 * would be written.
 *
 * Build: cc -std=c11 -O2 -D_GNU_SOURCE -Ilib -o genlog samples/genlog.c \
 *     build/libfu.a
 * Use:   genlog [-n ROWS] [-s STORES] [-a AGENTS] [-d DAYS] [-y YYYY-MM-DD]
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "fmt/date.h"
#include "fmt/outcome.h"
#include "log/logfile.h"

#define OUTBUF	(1u << 20)
#define LINEMAX	1024

struct rng {
	uint64_t	 s;
};

static uint64_t
next(struct rng *r)
{
	r->s += UINT64_C(0x9e3779b97f4a7c15);
	return mix64(r->s);
}

static unsigned
below(struct rng *r, unsigned n)
{
	return (unsigned)(next(r) % n);
}

/* A call to come: a second dial, a call-back, or a correction. */
struct later {
	int		 day;
	uint64_t	 id;		/* the contact */
	int		 store, agent, attempt, gift;
	int		 fix;		/* a correction: line is its fields */
	char		 line[LINEMAX];	/* after ts, tab first */
};

struct gen {
	struct rng	 r;
	char		*buf;
	size_t		 len;
	char		 chain[17];
	long		 rows, max;
	struct later	*q;		/* a ring, by day */
	size_t		 qn, qcap, qhead;
	int		 stores, agents;
};

static void
flush(struct gen *g)
{
	if (fwrite(g->buf, 1, g->len, stdout) != g->len) {
		perror("genlog");
		exit(2);
	}
	g->len = 0;
}

/* A line of 19 fields (no chain), its chain appended. */
static void
emit(struct gen *g, const char *fields, size_t n)
{
	if (g->len + n + 20 > OUTBUF)
		flush(g);
	memcpy(g->buf + g->len, fields, n);
	log_chain_line(g->chain, fields, n, g->chain);
	g->len += n;
	g->buf[g->len++] = '\t';
	memcpy(g->buf + g->len, g->chain, 16);
	g->len += 16;
	g->buf[g->len++] = '\n';
	g->rows++;
}

static void
push(struct gen *g, const struct later *l)
{
	if (g->qn == g->qcap) {
		size_t i, cap = g->qcap ? g->qcap * 2 : 1024;
		struct later *q = malloc(cap * sizeof(*q));

		if (q == NULL) {
			perror("genlog");
			exit(2);
		}
		for (i = 0; i < g->qn; i++)
			q[i] = g->q[(g->qhead + i) % g->qcap];
		free(g->q);
		g->q = q;
		g->qcap = cap;
		g->qhead = 0;
	}
	g->q[(g->qhead + g->qn++) % g->qcap] = *l;
}

static const char *const types[] = {
	"service", "service", "service", "service", "service", "service",
	"service", "writeoff", "member", "request"
};
static const char *const complaints[] = {
	"门没关好", "安装慢", "服务态度差", "噪音大", "送货晚了"
};

/* A phone call's outcome, in shares of 100. */
static int
phone_outcome(struct rng *r, int attempt)
{
	unsigned x = below(r, 100);

	if (x < 55)
		return OC_SUCCESS;
	if (x < 63)
		return OC_PARTIAL;
	if (x < 75)
		return OC_NO_ANSWER;
	if (x < 79)
		return OC_BUSY;
	if (x < 83)
		return attempt == 1 ? OC_POWER_OFF : OC_NO_ANSWER;
	if (x < 85)
		return OC_SUSPENDED;
	if (x < 87)
		return OC_WRONG_NUMBER;
	if (x < 92)
		return OC_REFUSED;
	return attempt == 1 ? OC_CALLBACK : OC_SUCCESS;
}

/* A minute of the day: in the windows, now and then not. */
static int
minute(struct rng *r, int weekday)
{
	unsigned x = below(r, 100);

	if (x == 0)
		return 12 * 60 + 10;			/* lunch */
	if (x < 40 && weekday != 1)
		return 10 * 60 + (int)below(r, 90);	/* 10:00-11:29 */
	return 14 * 60 + (int)below(r, 150);		/* 14:00-16:29 */
}

/* A record's fields after ts (tab first), without the chain. */
struct rec {
	char		 idh[17];
	const char	*type;
	int		 store, agent, attempt, gift, oc, q[3];
	const char	*complaint, *gift_ok, *note;
	char		 resolved[11], callback[20], sup[40];
	uint64_t	 id;
};

static int
fields(const struct rec *x, char *f, size_t size)
{
	char q[3][2];
	int i;

	for (i = 0; i < 3; i++) {
		q[i][0] = x->q[i] ? (char)('0' + x->q[i]) : '\0';
		q[i][1] = '\0';
	}
	return snprintf(f, size, "\t%s\t%s\t店%03d\t客户%s\t1%010llu\t%d\t"
	    "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t客服%02d\t%s\t%s",
	    x->idh, x->type, x->store, x->idh + 12,
	    (unsigned long long)(x->id % 10000000000ULL), x->attempt,
	    x->gift ? "sms" : "phone", outcomes[x->oc].code, q[0], q[1], q[2],
	    x->complaint, x->resolved, x->gift_ok, x->callback, x->agent,
	    x->note, x->sup);
}

/* One call (or text) of a contact: its line, and what it leads to. */
static void
call(struct gen *g, int day, const struct later *l)
{
	struct rng *r = &g->r;
	char f[LINEMAX], ts[20];
	struct rec x;
	struct later nx;
	long long t;
	int i, n, scored = 0, comp = -1;

	memset(&x, 0, sizeof(x));
	x.id = l->id;
	fu_id_format(l->id, x.idh);
	x.type = l->gift ? "gift" : types[l->id % 10];
	x.store = l->store;
	x.agent = l->agent;
	x.attempt = l->attempt;
	x.gift = l->gift;
	x.complaint = x.gift_ok = x.note = "";
	t = (long long)day * 86400 + minute(r, date_weekday(day)) * 60 +
	    (long long)below(r, 60);
	time_format(t, ts);
	if (l->gift)
		x.oc = below(r, 10) < 6 ? OC_SMS_SENT : OC_SMS_REPLIED;
	else
		x.oc = phone_outcome(r, l->attempt);
	if (x.oc == OC_SUCCESS || x.oc == OC_PARTIAL) {
		scored = x.oc == OC_SUCCESS ? 3 : 1;
		for (i = 0; i < scored; i++)
			x.q[i] = below(r, 10) < 7 ? 4 + (int)below(r, 2) :
			    1 + (int)below(r, 3);
		if (x.oc == OC_SUCCESS && below(r, 20) == 0) {
			comp = (int)below(r, 5);
			x.complaint = complaints[comp];
		}
	}
	if (x.oc == OC_SMS_REPLIED)
		x.gift_ok = below(r, 50) ? "1" : "0";
	if (x.oc == OC_CALLBACK)
		time_format(((long long)day + 1) * 86400 + 15 * 3600,
		    x.callback);
	n = snprintf(f, sizeof(f), "%s", ts);
	n += fields(&x, f + n, sizeof(f) - (size_t)n);
	emit(g, f, (size_t)n);

	/* What comes of it: a second dial, a call-back, a correction. */
	nx = *l;
	nx.fix = 0;
	if (outcomes[x.oc].dial && l->attempt == 1) {
		nx.day = day + 1 + (int)below(r, 2);
		nx.attempt = 2;
		push(g, &nx);
	} else if (x.oc == OC_CALLBACK) {
		nx.day = day + 1;
		push(g, &nx);
	}
	snprintf(x.sup, sizeof(x.sup), "%s %s", ts, x.idh);
	if (comp >= 0 && below(r, 10) < 7) {
		/* Resolved some days on: the call again, with the date. */
		nx.day = day + 1 + (int)below(r, 10);
		nx.fix = 1;
		date_format(nx.day, x.resolved);
		(void)fields(&x, nx.line, sizeof(nx.line));
		push(g, &nx);
	} else if (!l->gift && below(r, 100) == 0) {
		/* A code put right the next morning: a refusal, really. */
		nx.day = day + 1;
		nx.fix = 1;
		x.oc = OC_REFUSED;
		x.q[0] = x.q[1] = x.q[2] = 0;
		x.complaint = "";
		x.callback[0] = '\0';
		x.note = "改正";
		(void)fields(&x, nx.line, sizeof(nx.line));
		push(g, &nx);
	}
}

/* A correction due: written at 09:00 of its day. */
static void
correct(struct gen *g, int day, const struct later *l)
{
	char f[LINEMAX + 20], ts[20];
	int n;

	time_format((long long)day * 86400 + 9 * 3600 +
	    (long long)below(&g->r, 3600), ts);
	n = snprintf(f, sizeof(f), "%s%s", ts, l->line);
	emit(g, f, (size_t)n);
}

static void
usage(void)
{
	fputs("usage: genlog [-n ROWS] [-s STORES] [-a AGENTS] [-d DAYS] "
	    "[-y YYYY-MM-DD]\n", stderr);
	exit(2);
}

int
main(int argc, char *argv[])
{
	static const char hdr[] = "ts\tid\ttype\tstore\tcustomer\tphone\t"
	    "attempt\tmethod\toutcome\tq1\tq2\tq3\tcomplaint\tresolved\t"
	    "gift_ok\tcallback\tagent\tnote\tsupersedes\tchain\n";
	struct gen g;
	struct later l, d;
	char err[256];
	long per, k;
	int ch, days = 365, first, day;
	size_t i, n;

	memset(&g, 0, sizeof(g));
	g.max = 1000000;
	g.stores = 200;
	g.agents = 40;
	g.r.s = 20261116;
	first = date_from_ymd(2026, 1, 1);
	while ((ch = getopt(argc, argv, "a:d:n:s:y:")) != -1)
		switch (ch) {
		case 'a':
			g.agents = atoi(optarg);
			break;
		case 'd':
			days = atoi(optarg);
			break;
		case 'n':
			g.max = atol(optarg);
			break;
		case 's':
			g.stores = atoi(optarg);
			break;
		case 'y':
			if (date_parse(optarg, strlen(optarg), 0, &first,
			    err) == -1)
				usage();
			break;
		default:
			usage();
		}
	if (g.max < 1 || g.stores < 1 || g.agents < 1 || days < 1)
		usage();
	if ((g.buf = malloc(OUTBUF)) == NULL)
		return 2;
	memcpy(g.chain, "0000000000000000", 17);
	fputs(hdr, stdout);
	/* New contacts a day, so that with what follows the rows come out. */
	per = g.max / days * 10 / 14 + 1;
	for (day = first; g.rows < g.max; day++) {
		/* What was put off to today first, in the order queued. */
		n = g.qn;
		for (i = 0; i < n && g.rows < g.max; i++) {
			d = g.q[g.qhead];
			if (d.day > day) {
				push(&g, &d);
			} else if (d.fix)
				correct(&g, day, &d);
			else
				call(&g, day, &d);
			g.qhead = (g.qhead + 1) % g.qcap;
			g.qn--;
		}
		if (date_weekday(day) > 5)
			continue;
		for (k = 0; k < per && g.rows < g.max; k++) {
			memset(&l, 0, sizeof(l));
			l.id = mix64(next(&g.r));
			l.store = 1 + (int)below(&g.r, (unsigned)g.stores);
			l.agent = 1 + (l.store - 1) % g.agents;
			l.attempt = 1;
			l.gift = below(&g.r, 100) < 15;
			call(&g, day, &l);
		}
	}
	flush(&g);
	free(g.buf);
	free(g.q);
	return fclose(stdout) == 0 ? 0 : 2;
}
