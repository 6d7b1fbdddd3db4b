/* policy.c: the policy keys, their defaults, the policy file; see policy.h. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/date.h"
#include "base/err.h"
#include "fmt/money.h"
#include "fmt/policy.h"
#include "fmt/tsv.h"
#include "base/util.h"

enum kind {
	K_BOOL,		/* on/off: int */
	K_INT,		/* int in [min, max] */
	K_RATE,		/* double in (0, 1] */
	K_MONEY,	/* int64_t fen, not negative */
	K_ENUM,		/* int: index into names */
	K_MONDAY,	/* int day number of a Monday */
	K_CLOCK,	/* int minute of the day */
	K_WINDOW,	/* struct window */
	K_TIERS,	/* struct tiers */
	K_FACTOR,	/* double in (0, 100] */
	K_ALIASES	/* struct size_aliases */
};

struct key {
	const char	*name;
	enum kind	 kind;
	size_t		 off;
	int		 min, max;	/* K_INT */
	const char	*const *names;	/* K_ENUM, NULL-terminated */
	const char	*def;		/* the default, in text form */
	const char	*comment;
};

static const char *const method_names[] = { "weighted", "top", NULL };
static const char *const size_names[] = { "", "large", "small", NULL };
static const char *const rule_names[] = { "thursday", "first-day", NULL };
static const char *const spread_names[] = { "first-day", "even", NULL };

#define OFF(f)	offsetof(struct policy, f)

/* Every key of the policy; sorted as samples/policy.tsv lists them. */
static const struct key keys[] = {
	{ "gift_rate", K_RATE, OFF(gift_rate), 0, 0, NULL, "0.40",
	    "share of each store's gift records checked, rounded up (rule 4)" },
	{ "gift_min_weight", K_MONEY, OFF(gift_min_weight), 0, 0, NULL, "1",
	    "weight in yuan of a gift with no or zero value" },
	{ "gift_method", K_ENUM, OFF(gift_method), 0, 0, method_names,
	    "weighted",
	    "weighted: drawn by value (Efraimidis-Spirakis); top: highest values" },
	{ "tiers", K_TIERS, OFF(tiers), 0, 0, NULL,
	    "1500-2999:20,3000-4999:30,5000-:50",
	    "service follow-ups per store and week by amount, yuan (rule 1)" },
	{ "tier_floor", K_MONEY, OFF(tier_floor), 0, 0, NULL, "0",
	    "lowest amount a short tier is filled down to" },
	{ "rotation", K_BOOL, OFF(rotation), 0, 0, NULL, "on",
	    "large and small stores take turns week by week (rule 8)" },
	{ "rotation_even", K_ENUM, OFF(rotation_even), 0, 0, size_names,
	    "large", "store size drawn in even weeks counted from rotation_epoch" },
	{ "rotation_epoch", K_MONDAY, OFF(rotation_epoch), 0, 0, NULL,
	    "2024-01-01", "the Monday from which weeks are counted for rotation" },
	{ "small_store_monthly_min", K_INT, OFF(small_store_monthly_min),
	    0, 100000, NULL, "15",
	    "customers each small store is followed up a month, at least (rule 3)" },
	{ "recent_days", K_INT, OFF(recent_days), 0, 3660, NULL, "30",
	    "a customer successfully followed up this many days ago is not drawn" },
	{ "week_rule", K_ENUM, OFF(week_rule), 0, 0, rule_names, "thursday",
	    "thursday: a week is its Thursday's month's; first-day: the week of "
	    "the 1st is week 1" },
	{ "per_day", K_INT, OFF(per_day), 1, 1000, NULL, "30",
	    "calls a day per specialist (rule 1: 30, or 50)" },
	{ "gift_spread", K_ENUM, OFF(gift_spread), 0, 0, spread_names,
	    "first-day", "gift checks (SMS) on the first working day, or even" },
	{ "am_window", K_WINDOW, OFF(am_window), 0, 0, NULL, "10:00-11:30",
	    "morning call window (rule 5)" },
	{ "pm_window", K_WINDOW, OFF(pm_window), 0, 0, NULL, "14:00-16:30",
	    "afternoon call window (rule 5)" },
	{ "monday_morning", K_BOOL, OFF(monday_morning), 0, 0, NULL, "off",
	    "calls on Monday mornings (rule 5: 星期一除外)" },
	{ "sms_time", K_CLOCK, OFF(sms_time), 0, 0, NULL, "10:00",
	    "when gift-check text messages are sent" },
	{ "revisit_low_scores", K_BOOL, OFF(revisit_low_scores), 0, 0, NULL,
	    "on", "a call with a score at or below low_score is re-visited" },
	{ "low_score", K_INT, OFF(low_score), 1, 5, NULL, "2",
	    "scores at or below this are low" },
	{ "mask_phones", K_BOOL, OFF(mask_phones), 0, 0, NULL, "on",
	    "phone numbers masked in workbooks (138****1234)" },
	{ "request_monthly_min", K_INT, OFF(request_monthly_min), 0, 1000,
	    NULL, "1",
	    "follow-up requests each store files a month, at least (rule 11)" },
	{ "round_days", K_INT, OFF(round_days), 1, 366, NULL, "7",
	    "days a round of dials stays open: two dials in it, never a third "
	    "(rule 6)" },
	{ "bunch_factor", K_FACTOR, OFF(bunch_factor), 0, 0, NULL, "2",
	    "a day with more calls than this times the even share is bunched "
	    "(rule 2)" },
	{ "size_alias", K_ALIASES, OFF(size_aliases), 0, 0, NULL, "",
	    "store-size values taken as large or small by fu-import, as "
	    "中型=large,旗舰店=large" },
};

#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

static const struct key *
find_key(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
parse_bool(const char *v, int *out)
{
	static const char *const on[] = { "on", "yes", "true", "1", NULL };
	static const char *const off[] = { "off", "no", "false", "0", NULL };
	int i;

	for (i = 0; on[i] != NULL; i++)
		if (strcasecmp(v, on[i]) == 0) {
			*out = 1;
			return 0;
		}
	for (i = 0; off[i] != NULL; i++)
		if (strcasecmp(v, off[i]) == 0) {
			*out = 0;
			return 0;
		}
	return -1;
}

static int
parse_window(const char *v, struct window *w, char *err)
{
	const char *dash = strchr(v, '-');
	char start[16];
	size_t n;

	if (dash == NULL || (n = dash - v) >= sizeof(start)) {
		snprintf(err, FU_ERRBUF, "\"%s\" is not HH:MM-HH:MM", v);
		return -1;
	}
	memcpy(start, v, n);
	start[n] = '\0';
	if (clock_parse(start, &w->start, err) == -1 ||
	    clock_parse(dash + 1, &w->end, err) == -1) {
		snprintf(err, FU_ERRBUF, "\"%s\" is not HH:MM-HH:MM", v);
		return -1;
	}
	if (w->end <= w->start) {
		snprintf(err, FU_ERRBUF, "\"%s\" ends before it starts", v);
		return -1;
	}
	return 0;
}

/* "why" becomes "name: why", cut to fit. */
static void
prefix_err(char *err, const char *name)
{
	size_t n = strlen(name) + 2, len = strnlen(err, FU_ERRBUF - 1);

	if (n >= FU_ERRBUF)
		return;
	if (len > FU_ERRBUF - 1 - n)
		len = FU_ERRBUF - 1 - n;
	memmove(err + n, err, len);
	err[n + len] = '\0';
	memcpy(err, name, n - 2);
	memcpy(err + n - 2, ": ", 2);
}

static void
aliases_free(struct size_aliases *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->a[i].name);
	free(l->a);
	l->a = NULL;
	l->n = 0;
}

/* "中型=large,旗舰店=大店": every NAME=SIZE; "" is none. */
static int
aliases_parse(const char *v, struct size_aliases *out, char *err)
{
	struct size_aliases l = { NULL, 0 };
	const char *p = v, *comma, *eq, *name, *size;
	size_t nlen, slen;
	int z, k;

	while (*p != '\0') {
		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		eq = memchr(p, '=', (size_t)(comma - p));
		name = p;
		nlen = eq == NULL ? 0 : (size_t)(eq - p);
		while (nlen > 0 && *name == ' ') {
			name++;
			nlen--;
		}
		while (nlen > 0 && name[nlen - 1] == ' ')
			nlen--;
		if (eq == NULL || nlen == 0) {
			snprintf(err, FU_ERRBUF, "\"%.*s\" is not VALUE=SIZE (as "
			    "中型=large)", (int)(comma - p), p);
			goto fail;
		}
		size = eq + 1;
		slen = (size_t)(comma - size);
		while (slen > 0 && *size == ' ') {
			size++;
			slen--;
		}
		while (slen > 0 && size[slen - 1] == ' ')
			slen--;
		z = contact_size_parse(size, slen);
		for (k = SIZE_LARGE; k <= SIZE_SMALL; k++)
			if (strlen(contact_size_name(k)) == slen &&
			    memcmp(size, contact_size_name(k), slen) == 0)
				z = k;
		if (z != SIZE_LARGE && z != SIZE_SMALL) {
			snprintf(err, FU_ERRBUF, "\"%.*s\": the size is not large "
			    "or small (大店, 小店)", (int)(comma - p), p);
			goto fail;
		}
		l.a = xreallocarray(l.a, l.n + 1, sizeof(*l.a));
		l.a[l.n].name = xstrndup(name, nlen);
		l.a[l.n++].size = z;
		p = *comma != '\0' ? comma + 1 : comma;
	}
	aliases_free(out);
	*out = l;
	return 0;
fail:
	aliases_free(&l);
	return -1;
}

int
size_alias_find(const struct size_aliases *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (strlen(l->a[i].name) == n &&
		    strncasecmp(l->a[i].name, s, n) == 0)
			return l->a[i].size;
	return -1;
}

static int
set_key(struct policy *p, const struct key *k, const char *v, char *err)
{
	char *base = (char *)p + k->off;
	const char *errstr;
	char *end;
	double d;
	int64_t fen;
	struct tiers t;
	int i, day;
	long long n;

	switch (k->kind) {
	case K_BOOL:
		if (parse_bool(v, (int *)base) == -1) {
			snprintf(err, FU_ERRBUF, "%s: \"%s\" is not on or off",
			    k->name, v);
			return -1;
		}
		return 0;
	case K_INT:
		n = fu_strtonum(v, k->min, k->max, &errstr);
		if (errstr != NULL) {
			snprintf(err, FU_ERRBUF, "%s: \"%s\" is not a whole "
			    "number in %d-%d", k->name, v, k->min, k->max);
			return -1;
		}
		*(int *)base = (int)n;
		return 0;
	case K_FACTOR:
		errno = 0;
		d = strtod(v, &end);
		if (end == v || *end != '\0' || errno != 0 || !(d > 0) ||
		    d > 100) {
			snprintf(err, FU_ERRBUF, "%s: \"%s\" is not a number "
			    "above 0 and at most 100", k->name, v);
			return -1;
		}
		*(double *)base = d;
		return 0;
	case K_RATE:
		errno = 0;
		d = strtod(v, &end);
		if (end != v && *end == '%') {
			d /= 100;
			end++;
		}
		if (end == v || *end != '\0' || errno != 0 || !(d > 0) ||
		    d > 1) {
			snprintf(err, FU_ERRBUF, "%s: \"%s\" is not a rate "
			    "above 0 and at most 1", k->name, v);
			return -1;
		}
		*(double *)base = d;
		return 0;
	case K_MONEY:
		if (money_parse(v, strlen(v), MONEY_NONNEG, &fen, err) == -1) {
			snprintf(err, FU_ERRBUF, "%s: \"%s\" is not an amount "
			    "of yuan", k->name, v);
			return -1;
		}
		*(int64_t *)base = fen;
		return 0;
	case K_ENUM:
		for (i = 0; k->names[i] != NULL; i++)
			if (*k->names[i] != '\0' &&
			    strcmp(v, k->names[i]) == 0) {
				*(int *)base = i;
				return 0;
			}
		snprintf(err, FU_ERRBUF, "%s: \"%s\" is not one of:", k->name,
		    v);
		for (i = 0; k->names[i] != NULL; i++)
			if (*k->names[i] != '\0')
				snprintf(err + strlen(err),
				    FU_ERRBUF - strlen(err), " %s",
				    k->names[i]);
		return -1;
	case K_MONDAY:
		if (date_parse(v, strlen(v), 0, &day, err) == -1 ||
		    date_weekday(day) != 1) {
			snprintf(err, FU_ERRBUF, "%s: \"%s\" is not a Monday "
			    "(YYYY-MM-DD)", k->name, v);
			return -1;
		}
		*(int *)base = day;
		return 0;
	case K_CLOCK:
		if (clock_parse(v, (int *)base, err) == -1) {
			snprintf(err, FU_ERRBUF, "%s: \"%s\" is not a time of "
			    "day HH:MM", k->name, v);
			return -1;
		}
		return 0;
	case K_WINDOW:
		if (parse_window(v, (struct window *)base, err) == -1) {
			prefix_err(err, k->name);
			return -1;
		}
		return 0;
	case K_TIERS:
		if (tiers_parse(v, &t, err) == -1) {
			prefix_err(err, k->name);
			return -1;
		}
		tiers_free((struct tiers *)base);
		*(struct tiers *)base = t;
		return 0;
	case K_ALIASES:
		if (aliases_parse(v, (struct size_aliases *)base, err) == -1) {
			prefix_err(err, k->name);
			return -1;
		}
		return 0;
	}
	return -1;
}

void
policy_init(struct policy *p)
{
	char err[FU_ERRBUF];
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < NKEYS; i++)
		if (set_key(p, &keys[i], keys[i].def, err) == -1)
			fu_errx(FU_EXIT_FATAL, "internal error: %s", err);
}

void
policy_free(struct policy *p)
{
	tiers_free(&p->tiers);
	aliases_free(&p->size_aliases);
}

int
policy_set(struct policy *p, const char *name, const char *value, char *err)
{
	const struct key *k = find_key(name);

	if (k == NULL) {
		snprintf(err, FU_ERRBUF, "unknown policy key \"%s\"", name);
		return -1;
	}
	return set_key(p, k, value, err);
}

/* Trim ASCII spaces at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

int
policy_load(struct policy *p, const char *path)
{
	char err[FU_ERRBUF];
	char *line = NULL, *key, *value, *tab;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, seen[NKEYS] = { 0 };
	const struct key *k;
	FILE *fp;
	int bad = 0;

	if (path == NULL)
		return 0;
	if ((fp = fu_open_in(path)) == NULL) {
		fu_warn("%s", path);
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		key = line;
		if (lineno == 1 && strncmp(key, "\xEF\xBB\xBF", 3) == 0)
			key += 3;
		if (*trim(key) == '\0' || *trim(key) == '#')
			continue;
		if ((tab = strchr(key, '\t')) == NULL) {
			fu_datawarn(path, lineno, "\"%s\" is not key<TAB>value",
			    key);
			bad = 1;
			continue;
		}
		*tab = '\0';
		value = tab + 1;
		/* A third column is a comment. */
		if ((tab = strchr(value, '\t')) != NULL)
			*tab = '\0';
		key = trim(key);
		value = trim(value);
		value[tsv_unescape(value, strlen(value))] = '\0';
		if (strcmp(key, "key") == 0 && strcmp(value, "value") == 0)
			continue;
		/* A key given twice is most often an edit that missed the old line. */
		if ((k = find_key(key)) != NULL) {
			if (seen[k - keys] != 0)
				fu_datawarn(path, lineno, "%s given again (line %ld "
				    "also sets it); this later value is used",
				    key, seen[k - keys]);
			seen[k - keys] = lineno;
		}
		if (policy_set(p, key, value, err) == -1) {
			fu_datawarn(path, lineno, "%s", err);
			bad = 1;
		}
	}
	if (ferror(fp)) {
		fu_warn("%s: read error", path);
		bad = 1;
	}
	free(line);
	fu_close_in(fp);
	return bad ? -1 : 0;
}

static void
aliases_format(const struct size_aliases *l, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < l->n && used < size; i++)
		used += snprintf(buf + used, size - used, "%s%s=%s",
		    i ? "," : "", l->a[i].name, contact_size_code(l->a[i].size));
}

static void
format_value(const struct policy *p, const struct key *k, char *buf,
    size_t size)
{
	const char *base = (const char *)p + k->off;
	const struct window *w;
	char tmp[32];

	switch (k->kind) {
	case K_BOOL:
		snprintf(buf, size, "%s", *(const int *)base ? "on" : "off");
		break;
	case K_INT:
		snprintf(buf, size, "%d", *(const int *)base);
		break;
	case K_RATE:
		snprintf(buf, size, "%.2f", *(const double *)base);
		break;
	case K_FACTOR:
		snprintf(buf, size, "%g", *(const double *)base);
		break;
	case K_MONEY:
		money_format(*(const int64_t *)base, tmp);
		/* Whole yuan are written without decimals, as the defaults. */
		if (*(const int64_t *)base % 100 == 0)
			tmp[strlen(tmp) - 3] = '\0';
		snprintf(buf, size, "%s", tmp);
		break;
	case K_ENUM:
		snprintf(buf, size, "%s", k->names[*(const int *)base]);
		break;
	case K_MONDAY:
		date_format(*(const int *)base, tmp);
		snprintf(buf, size, "%s", tmp);
		break;
	case K_CLOCK:
		snprintf(buf, size, "%02d:%02d", *(const int *)base / 60,
		    *(const int *)base % 60);
		break;
	case K_WINDOW:
		w = (const struct window *)base;
		snprintf(buf, size, "%02d:%02d-%02d:%02d", w->start / 60,
		    w->start % 60, w->end / 60, w->end % 60);
		break;
	case K_TIERS:
		tiers_format((const struct tiers *)base, buf, size);
		break;
	case K_ALIASES:
		aliases_format((const struct size_aliases *)base, buf, size);
		break;
	}
}

void
policy_write(FILE *fp, const struct policy *p)
{
	char value[512];
	size_t i;

	fputs("key\tvalue\tcomment\n", fp);
	for (i = 0; i < NKEYS; i++) {
		format_value(p, &keys[i], value, sizeof(value));
		tsv_puts(fp, keys[i].name);
		fputc('\t', fp);
		tsv_puts(fp, value);
		fputc('\t', fp);
		tsv_puts(fp, keys[i].comment);
		fputc('\n', fp);
	}
}

/* Whole yuan "1500" or "1500.50" into fen; -1 when not an amount. */
static int
tier_bound(const char *s, size_t n, int64_t *fen)
{
	char err[FU_ERRBUF];

	return money_parse(s, n, MONEY_NONNEG, fen, err);
}

int
tiers_parse(const char *spec, struct tiers *out, char *err)
{
	const char *p = spec, *comma, *colon, *dash;
	struct tiers t = { NULL, 0 };
	struct tier *cur;
	const char *errstr;
	char count[16];
	size_t n;

	if (*spec == '\0') {
		snprintf(err, FU_ERRBUF, "no tiers given");
		return -1;
	}
	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		colon = memchr(p, ':', comma - p);
		dash = memchr(p, '-', comma - p);
		if (colon == NULL || dash == NULL || dash > colon)
			goto bad;
		t.t = xreallocarray(t.t, t.n + 1, sizeof(*t.t));
		cur = &t.t[t.n++];
		if (tier_bound(p, dash - p, &cur->lo) == -1)
			goto bad;
		if (dash + 1 == colon)
			cur->hi = -1;
		else if (tier_bound(dash + 1, colon - dash - 1, &cur->hi) == -1)
			goto bad;
		else
			/* "A-B" runs to B.99: up to B plus a yuan, or a fen. */
			cur->hi += cur->hi % 100 == 0 ? 100 : 1;
		n = comma - colon - 1;
		if (n == 0 || n >= sizeof(count))
			goto bad;
		memcpy(count, colon + 1, n);
		count[n] = '\0';
		cur->count = (int)fu_strtonum(count, 0, 1000000, &errstr);
		if (errstr != NULL)
			goto bad;
		if (cur->hi != -1 && cur->hi <= cur->lo) {
			snprintf(err, FU_ERRBUF, "tier \"%.*s\" ends before it "
			    "starts", (int)(comma - p), p);
			goto fail;
		}
		if (t.n > 1 && (t.t[t.n - 2].hi == -1 ||
		    t.t[t.n - 2].hi > cur->lo)) {
			snprintf(err, FU_ERRBUF, "tier \"%.*s\" overlaps the one "
			    "before (tiers go from low to high)",
			    (int)(comma - p), p);
			goto fail;
		}
		p = *comma ? comma + 1 : comma;
		continue;
bad:
		snprintf(err, FU_ERRBUF, "tier \"%.*s\" is not LOW-HIGH:COUNT "
		    "(as 1500-2999:20, or 5000-:50)", (int)(comma - p), p);
		goto fail;
	}
	*out = t;
	return 0;
fail:
	free(t.t);
	return -1;
}

void
tiers_format(const struct tiers *t, char *buf, size_t size)
{
	char lo[32], hi[32];
	size_t i, used = 0;
	int64_t h;

	buf[0] = '\0';
	for (i = 0; i < t->n && used < size; i++) {
		money_format(t->t[i].lo, lo);
		if (t->t[i].lo % 100 == 0)
			lo[strlen(lo) - 3] = '\0';
		hi[0] = '\0';
		if (t->t[i].hi != -1) {
			h = t->t[i].hi;
			h -= h % 100 == 0 ? 100 : 1;
			money_format(h, hi);
			if (h % 100 == 0)
				hi[strlen(hi) - 3] = '\0';
		}
		used += snprintf(buf + used, size - used, "%s%s-%s:%d",
		    i ? "," : "", lo, hi, t->t[i].count);
	}
}

void
tiers_free(struct tiers *t)
{
	free(t->t);
	t->t = NULL;
	t->n = 0;
}
