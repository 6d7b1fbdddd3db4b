/* test_policy.c: policy defaults, the policy file, options over it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt/date.h"
#include "base/err.h"
#include "fmt/policy.h"
#include "t.h"

static void
test_defaults(void)
{
	struct policy p;

	policy_init(&p);
	T_OK(p.gift_rate > 0.3999 && p.gift_rate < 0.4001);
	T_INTEQ(p.gift_min_weight, 100);
	T_INTEQ(p.gift_method, GIFT_WEIGHTED);
	T_INTEQ(p.tiers.n, 3);
	T_INTEQ(p.tiers.t[0].lo, 150000);
	T_INTEQ(p.tiers.t[0].hi, 300000);
	T_INTEQ(p.tiers.t[0].count, 20);
	T_INTEQ(p.tiers.t[1].lo, 300000);
	T_INTEQ(p.tiers.t[1].hi, 500000);
	T_INTEQ(p.tiers.t[1].count, 30);
	T_INTEQ(p.tiers.t[2].lo, 500000);
	T_INTEQ(p.tiers.t[2].hi, -1);
	T_INTEQ(p.tiers.t[2].count, 50);
	T_INTEQ(p.tier_floor, 0);
	T_INTEQ(p.rotation, 1);
	T_INTEQ(p.rotation_even, SIZE_LARGE);
	T_INTEQ(p.rotation_epoch, date_from_ymd(2024, 1, 1));
	T_INTEQ(p.small_store_monthly_min, 15);
	T_INTEQ(p.recent_days, 30);
	T_INTEQ(p.week_rule, WEEK_THURSDAY);
	T_INTEQ(p.per_day, 30);
	T_INTEQ(p.gift_spread, SPREAD_FIRST_DAY);
	T_INTEQ(p.am_window.start, 600);
	T_INTEQ(p.am_window.end, 690);
	T_INTEQ(p.pm_window.start, 840);
	T_INTEQ(p.pm_window.end, 990);
	T_INTEQ(p.monday_morning, 0);
	T_INTEQ(p.sms_time, 600);
	T_INTEQ(p.revisit_low_scores, 1);
	T_INTEQ(p.low_score, 2);
	T_INTEQ(p.mask_phones, 1);
	T_INTEQ(p.request_monthly_min, 1);
	T_INTEQ(p.round_days, 7);
	policy_free(&p);
}

/* samples/policy.tsv is exactly the defaults written out. */
static void
test_sample_file(void)
{
	struct policy p;
	char *buf = NULL, *sample;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	policy_init(&p);
	policy_write(fp, &p);
	fclose(fp);
	/* After adding a key: FU_WRITE_SAMPLES=1 build/tests/test_policy */
	if (getenv("FU_WRITE_SAMPLES") != NULL) {
		fp = fopen("samples/policy.tsv", "w");
		fputs(buf, fp);
		fclose(fp);
	}
	sample = t_slurp("samples/policy.tsv");
	T_OK(sample != NULL);
	if (sample != NULL)
		T_STREQ(buf, sample);
	/* And it reads back. */
	T_INTEQ(policy_load(&p, "samples/policy.tsv"), 0);
	policy_free(&p);
	free(buf);
	free(sample);
}

static void
test_set(void)
{
	struct policy p;
	char err[FU_ERRBUF];

	policy_init(&p);
	T_INTEQ(policy_set(&p, "gift_rate", "0.5", err), 0);
	T_OK(p.gift_rate == 0.5);
	T_INTEQ(policy_set(&p, "gift_rate", "35%", err), 0);
	T_OK(p.gift_rate > 0.3499 && p.gift_rate < 0.3501);
	T_INTEQ(policy_set(&p, "gift_rate", "1.5", err), -1);
	T_STREQ(err, "gift_rate: \"1.5\" is not a rate above 0 and at most 1");
	T_INTEQ(policy_set(&p, "gift_rate", "0", err), -1);
	T_INTEQ(policy_set(&p, "gift_rat", "0.4", err), -1);
	T_STREQ(err, "unknown policy key \"gift_rat\"");
	T_INTEQ(policy_set(&p, "rotation", "off", err), 0);
	T_INTEQ(p.rotation, 0);
	T_INTEQ(policy_set(&p, "rotation", "maybe", err), -1);
	T_INTEQ(policy_set(&p, "per_day", "50", err), 0);
	T_INTEQ(p.per_day, 50);
	T_INTEQ(policy_set(&p, "per_day", "0", err), -1);
	T_STREQ(err, "per_day: \"0\" is not a whole number in 1-1000");
	T_INTEQ(policy_set(&p, "week_rule", "first-day", err), 0);
	T_INTEQ(p.week_rule, WEEK_FIRST_DAY);
	T_INTEQ(policy_set(&p, "week_rule", "iso", err), -1);
	T_STREQ(err, "week_rule: \"iso\" is not one of: thursday first-day");
	T_INTEQ(policy_set(&p, "rotation_even", "small", err), 0);
	T_INTEQ(p.rotation_even, SIZE_SMALL);
	T_INTEQ(policy_set(&p, "rotation_even", "", err), -1);
	T_INTEQ(policy_set(&p, "rotation_epoch", "2024-01-02", err), -1);
	T_INTEQ(policy_set(&p, "rotation_epoch", "2025-12-29", err), 0);
	T_INTEQ(policy_set(&p, "am_window", "09:30-11:00", err), 0);
	T_INTEQ(p.am_window.start, 570);
	T_INTEQ(policy_set(&p, "am_window", "11:00-09:30", err), -1);
	T_OK(strncmp(err, "am_window: ", 11) == 0);
	T_INTEQ(policy_set(&p, "am_window", "10:00", err), -1);
	T_INTEQ(policy_set(&p, "sms_time", "25:00", err), -1);
	T_INTEQ(policy_set(&p, "gift_min_weight", "0.5", err), 0);
	T_INTEQ(p.gift_min_weight, 50);
	T_INTEQ(policy_set(&p, "gift_min_weight", "-1", err), -1);
	T_INTEQ(policy_set(&p, "tiers", "1000-1999:5,2000-:10", err), 0);
	T_INTEQ(p.tiers.n, 2);
	T_INTEQ(p.tiers.t[0].hi, 200000);
	T_INTEQ(p.tiers.t[1].hi, -1);
	T_INTEQ(p.size_aliases.n, 0);
	T_INTEQ(policy_set(&p, "size_alias", "中型=large, 旗舰店 = 大店,A类=small",
	    err), 0);
	T_INTEQ(p.size_aliases.n, 3);
	T_INTEQ(size_alias_find(&p.size_aliases, "旗舰店", strlen("旗舰店")),
	    SIZE_LARGE);
	T_INTEQ(size_alias_find(&p.size_aliases, "a类", strlen("a类")),
	    SIZE_SMALL);
	T_INTEQ(size_alias_find(&p.size_aliases, "中", strlen("中")), -1);
	T_INTEQ(policy_set(&p, "size_alias", "中型=medium", err), -1);
	T_STREQ(err, "size_alias: \"中型=medium\": the size is not large or "
	    "small (大店, 小店)");
	T_INTEQ(policy_set(&p, "size_alias", "中型", err), -1);
	T_STREQ(err, "size_alias: \"中型\" is not VALUE=SIZE (as 中型=large)");
	/* A bad value leaves the list as it was. */
	T_INTEQ(p.size_aliases.n, 3);
	T_INTEQ(policy_set(&p, "size_alias", "", err), 0);
	T_INTEQ(p.size_aliases.n, 0);
	policy_free(&p);
}

static void
test_tiers(void)
{
	struct tiers t;
	char err[FU_ERRBUF], buf[256];

	T_INTEQ(tiers_parse("1500-2999:20,3000-4999:30,5000-:50", &t, err), 0);
	tiers_format(&t, buf, sizeof(buf));
	T_STREQ(buf, "1500-2999:20,3000-4999:30,5000-:50");
	tiers_free(&t);
	T_INTEQ(tiers_parse("0-99.50:3", &t, err), 0);
	T_INTEQ(t.t[0].hi, 9951);
	tiers_format(&t, buf, sizeof(buf));
	T_STREQ(buf, "0-99.50:3");
	tiers_free(&t);
	T_INTEQ(tiers_parse("", &t, err), -1);
	T_INTEQ(tiers_parse("1500-2999", &t, err), -1);
	T_STREQ(err, "tier \"1500-2999\" is not LOW-HIGH:COUNT (as 1500-2999:20, "
	    "or 5000-:50)");
	T_INTEQ(tiers_parse("3000-4999:30,1500-2999:20", &t, err), -1);
	T_OK(strstr(err, "overlaps") != NULL);
	T_INTEQ(tiers_parse("5000-:50,6000-:1", &t, err), -1);
	T_INTEQ(tiers_parse("2999-1500:20", &t, err), -1);
	T_OK(strstr(err, "ends before") != NULL);
	T_INTEQ(tiers_parse("1500-2999:x", &t, err), -1);
	T_INTEQ(tiers_parse("1500-2999:-1", &t, err), -1);
	T_INTEQ(tiers_parse("a-2999:1", &t, err), -1);
}

static void
test_file(void)
{
	struct policy p;
	char *good, *bad;

	good = t_write_temp("\xEF\xBB\xBF# our site\r\n"
	    "key\tvalue\n"
	    "\n"
	    "gift_rate\t0.5\tcomment column\n"
	    "  per_day \t 50 \n"
	    "tiers\t2000-:10\n");
	policy_init(&p);
	T_INTEQ(policy_load(&p, good), 0);
	T_OK(p.gift_rate == 0.5);
	T_INTEQ(p.per_day, 50);
	T_INTEQ(p.tiers.n, 1);
	policy_free(&p);

	/* No file (neither --policy nor FU_POLICY): the defaults. */
	policy_init(&p);
	T_INTEQ(policy_load(&p, NULL), 0);
	T_INTEQ(p.per_day, 30);
	policy_free(&p);

	bad = t_write_temp("gift_rate\t0.5\nbogus_key\t1\nper_day\tlots\n"
	    "no tab here\ntiers\t2000-:10\n");
	policy_init(&p);
	{
		/* Capture the messages to check each names file:line. */
		char *errpath = t_write_temp(""), *msgs, want[512];
		int saved = dup(2);

		fflush(stderr);
		freopen(errpath, "w", stderr);
		T_INTEQ(policy_load(&p, bad), -1);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		msgs = t_slurp(errpath);
		snprintf(want, sizeof(want),
		    "%s: %s:2: unknown policy key \"bogus_key\"\n"
		    "%s: %s:3: per_day: \"lots\" is not a whole number in "
		    "1-1000\n"
		    "%s: %s:4: \"no tab here\" is not key<TAB>value\n",
		    fu_progname(), bad, fu_progname(), bad, fu_progname(), bad);
		T_STREQ(msgs, want);
		unlink(errpath);
		free(errpath);
		free(msgs);
	}
	/* Good lines still apply; all bad lines are reported. */
	T_OK(p.gift_rate == 0.5);
	T_INTEQ(p.tiers.n, 1);
	policy_free(&p);
	policy_init(&p);
	T_INTEQ(policy_load(&p, "/nonexistent/policy.tsv"), -1);
	policy_free(&p);
	unlink(good);
	unlink(bad);
	free(good);
	free(bad);
}

int
main(void)
{
	test_defaults();
	test_sample_file();
	test_set();
	test_tiers();
	test_file();
	return t_done("test_policy");
}
