/* test_due: the call plan's parts (lib/due/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/idmap.h"
#include "fmt/date.h"
#include "due/due.h"
#include "due/plan.h"
#include "base/err.h"
#include "fmt/policy.h"
#include "base/util.h"
#include "t.h"

static void	test_am_open(void);
static void	test_at_or_after(void);
static void	test_agent_by_name(void);
static void	test_slot(void);
static void	test_agents(void);
static void	test_match(void);
static void	test_rule_window(void);

static int
D(const char *s)
{
	char err[FU_ERRBUF];
	int day;

	if (date_parse(s, strlen(s), 0, &day, err) == -1) {
		fprintf(stderr, "test_due: %s\n", err);
		exit(2);
	}
	return day;
}

/* The Monday-morning rule, and due_at_or_after and the slots keep to it. */
static void
test_am_open(void)
{
	struct policy p;

	policy_init(&p);
	T_INTEQ(due_am_open(&p, 0), 1);
	T_INTEQ(due_am_open(&p, 1), 0);
	p.monday_morning = 1;
	T_INTEQ(due_am_open(&p, 0), 1);
	T_INTEQ(due_am_open(&p, 1), 1);
	policy_free(&p);
}

static uint64_t
name_hash(const char *s)
{
	return fnv1a64(FNV64_OFFSET, s, strlen(s));
}

/*
 * Agents by name, a collision too: "B" is made to hash as if it were
 * the slot of "A" (the map then leads to A, whose name is not B).
 */
static void
test_agent_by_name(void)
{
	struct due_agent ag[3];
	struct due d;
	size_t slot[3];

	memset(&d, 0, sizeof(d));
	memset(ag, 0, sizeof(ag));
	ag[0].name = (char *)"A";
	ag[1].name = (char *)"B";
	ag[2].name = (char *)"客服1";
	d.ag = ag;
	d.na = 3;
	d.agslot = slot;
	idmap_init(&d.agmap);
	slot[idmap_put(&d.agmap, name_hash("A"), NULL)] = 0;
	slot[idmap_put(&d.agmap, name_hash("B"), NULL)] = 0;
	slot[idmap_put(&d.agmap, name_hash("客服1"), NULL)] = 2;
	T_INTEQ(due_agent_by_name(&d, "A"), 0);
	T_INTEQ(due_agent_by_name(&d, "B"), 1);
	T_INTEQ(due_agent_by_name(&d, "客服1"), 2);
	T_INTEQ(due_agent_by_name(&d, "C"), NOAG);
	T_INTEQ(due_agent_by_name(&d, ""), NOAG);
	idmap_free(&d.agmap);
}

static void
test_at_or_after(void)
{
	struct policy p;
	int pm;

	policy_init(&p);
	T_INTEQ(due_at_or_after(&p, 0, 10 * 60 + 5, &pm), 605);
	T_INTEQ(pm, 0);
	T_INTEQ(due_at_or_after(&p, 0, 15 * 60, &pm), 900);
	T_INTEQ(pm, 1);
	/* before the morning: its start; Monday: the afternoon's */
	T_INTEQ(due_at_or_after(&p, 0, 8 * 60, &pm), 600);
	T_INTEQ(due_at_or_after(&p, 1, 8 * 60, &pm), 840);
	T_INTEQ(pm, 1);
	T_INTEQ(due_at_or_after(&p, 1, 10 * 60 + 30, &pm), 840);
	/* lunch: the afternoon, never earlier; evening: none left */
	T_INTEQ(due_at_or_after(&p, 0, 11 * 60 + 29, &pm), 689);
	T_INTEQ(due_at_or_after(&p, 0, 11 * 60 + 30, &pm), 840);
	T_INTEQ(due_at_or_after(&p, 0, 12 * 60 + 30, &pm), 840);
	T_INTEQ(pm, 1);
	T_INTEQ(due_at_or_after(&p, 0, 16 * 60 + 29, &pm), 989);
	T_INTEQ(due_at_or_after(&p, 0, 16 * 60 + 30, &pm), -1);
	T_INTEQ(due_at_or_after(&p, 0, 17 * 60 + 30, &pm), -1);
	p.monday_morning = 1;
	T_INTEQ(due_at_or_after(&p, 1, 8 * 60, &pm), 600);
	T_INTEQ(pm, 0);
	policy_free(&p);
}

static void
test_slot(void)
{
	struct window w = { 840, 990 };

	T_INTEQ(due_slot(&w, 0, 12), 840);
	T_INTEQ(due_slot(&w, 1, 12), 852);
	T_INTEQ(due_slot(&w, 11, 12), 977);
	T_INTEQ(due_slot(&w, 0, 1), 840);
	T_INTEQ(due_slot(&w, 0, 0), 840);
}

static void
test_agents(void)
{
	struct due_agent *a;
	size_t n;
	char err[FU_ERRBUF], path[] = "/tmp/test_due.XXXXXX";
	FILE *fp;
	int fd;

	if ((fd = mkstemp(path)) == -1)
		exit(2);
	close(fd);
	T_INTEQ(due_agents_parse("张敏,李娜", 30, &a, &n, err), 0);
	T_INTEQ(n, 2);
	T_STREQ(a[1].name, "李娜");
	T_INTEQ(a[0].cap, 30);
	due_agents_free(a, n);
	T_INTEQ(due_agents_parse("A,,B", 30, &a, &n, err), -1);
	T_INTEQ(due_agents_parse("A,B,A", 30, &a, &n, err), -1);
	T_STREQ(err, "agent \"A\" named twice");
	/* Blanks around names are not theirs; NAME:CAP sets a cap. */
	T_INTEQ(due_agents_parse(" 张敏 ,李娜:40, 王芳 : 5 ", 30, &a, &n, err),
	    0);
	T_INTEQ(n, 3);
	T_STREQ(a[0].name, "张敏");
	T_INTEQ(a[0].cap, 30);
	T_STREQ(a[1].name, "李娜");
	T_INTEQ(a[1].cap, 40);
	T_STREQ(a[2].name, "王芳");
	T_INTEQ(a[2].cap, 5);
	due_agents_free(a, n);
	T_INTEQ(due_agents_parse("A, ", 30, &a, &n, err), -1);
	T_INTEQ(due_agents_parse("A:x", 30, &a, &n, err), -1);
	T_STREQ(err, "agent \"A\": cap \"x\" is invalid");
	T_INTEQ(due_agents_parse("A:", 30, &a, &n, err), -1);
	T_INTEQ(due_agents_parse("A ,A", 30, &a, &n, err), -1);
	T_STREQ(err, "agent \"A\" named twice");

	fp = fopen(path, "w");
	fputs("name\tcap\tstores\n# a comment\n张敏 \t20\t一店,二店\n李娜\n"
	    "王芳\t\t三店\n", fp);
	fclose(fp);
	T_INTEQ(due_agents_load(path, 30, &a, &n), 0);
	T_INTEQ(n, 3);
	T_STREQ(a[0].name, "张敏");
	T_INTEQ(a[0].cap, 20);
	T_INTEQ(a[0].nstore, 2);
	T_STREQ(a[0].store[1], "二店");
	T_INTEQ(a[1].cap, 30);
	T_INTEQ(a[1].nstore, 0);
	T_INTEQ(a[2].cap, 30);
	T_STREQ(a[2].store[0], "三店");
	due_agents_free(a, n);
	fp = fopen(path, "w");
	fputs("A\tmany\n", fp);
	fclose(fp);
	T_INTEQ(due_agents_load(path, 30, &a, &n), -1);
	due_agents_free(a, n);
	remove(path);
}

static void
test_match(void)
{
	struct due_cond *c;
	size_t n;
	char err[FU_ERRBUF];
	char *row[] = { "large", "5000.00", "冰箱" };

	T_INTEQ(due_match_parse("", &c, &n, err), 0);
	T_INTEQ(n, 0);
	T_INTEQ(due_match(c, n, row, 3), 1);
	T_INTEQ(due_match_parse("store_size=large,amount>=5000", &c, &n, err),
	    0);
	T_INTEQ(n, 2);
	T_STREQ(c[0].col, "store_size");
	T_STREQ(c[1].val, "5000");
	c[0].idx = 0;
	c[1].idx = 1;
	T_INTEQ(due_match(c, n, row, 3), 1);
	row[1] = "4999.99";
	T_INTEQ(due_match(c, n, row, 3), 0);
	row[1] = "";
	T_INTEQ(due_match(c, n, row, 3), 0);
	c[1].op = OP_LT;
	row[1] = "100";
	T_INTEQ(due_match(c, n, row, 3), 1);
	c[0].op = OP_NE;
	T_INTEQ(due_match(c, n, row, 3), 0);
	/* a missing column reads empty */
	c[0].idx = -1;
	T_INTEQ(due_match(c, n, row, 3), 1);
	for (size_t i = 0; i < n; i++) {
		free(c[i].col);
		free(c[i].val);
	}
	free(c);
	T_INTEQ(due_match_parse("amount>=lots", &c, &n, err), -1);
	T_INTEQ(due_match_parse("=x", &c, &n, err), -1);
	T_INTEQ(due_match_parse("novalue", &c, &n, err), -1);
}

static void
test_rule_window(void)
{
	struct due_rule r;
	int s, e;

	memset(&r, 0, sizeof(r));
	r.after = 3;
	r.within = 3;
	/* once: 3 days after */
	T_INTEQ(due_rule_window(&r, D("2026-11-13"), D("2026-11-22"), &s, &e),
	    0);
	T_INTEQ(s, D("2026-11-16"));
	T_INTEQ(e, D("2026-11-19"));
	T_INTEQ(due_rule_window(&r, D("2026-11-20"), D("2026-11-22"), &s, &e),
	    -1);
	/* every 14 days, 3 times: the latest begun */
	r.every = 14;
	r.times = 3;
	T_INTEQ(due_rule_window(&r, D("2026-10-30"), D("2026-11-22"), &s, &e),
	    0);
	T_INTEQ(s, D("2026-11-16"));
	T_INTEQ(due_rule_window(&r, D("2026-09-01"), D("2026-11-22"), &s, &e),
	    0);
	T_INTEQ(s, D("2026-10-02"));
	/* without end */
	r.times = 0;
	T_INTEQ(due_rule_window(&r, D("2026-09-01"), D("2026-11-22"), &s, &e),
	    0);
	T_INTEQ(s, D("2026-11-13"));
}

int
main(void)
{
	test_am_open();
	test_at_or_after();
	test_agent_by_name();
	test_slot();
	test_agents();
	test_match();
	test_rule_window();
	return t_done("test_due");
}
