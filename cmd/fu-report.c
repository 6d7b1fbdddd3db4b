/*
 * fu-report: the workbooks handed in (客户回访记录单, 礼品回访记录单,
 * 客户回访汇总表) under their exact names, and the agents' call list.
 */
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/env.h"
#include "base/err.h"
#include "base/opt.h"
#include "base/pool.h"
#include "base/util.h"
#include "fmt/calendar.h"
#include "fmt/date.h"
#include "fmt/policy.h"
#include "log/calllog.h"
#include "report/report.h"

enum {
	AS_OF_OPTION = CHAR_MAX + 1,
	CONTACTS_OPTION,
	DAY_OPTION,
	DUE_OPTION,
	HOLIDAYS_OPTION,
	KIND_OPTION,
	LAST_OPTION,
	MONTH_OPTION,
	NAME_FORMAT_OPTION,
	NO_MASK_OPTION,
	NOW_OPTION,
	POLICY_OPTION,
	SHEET_ROWS_OPTION,
	VERSION_OPTION,
	WEEK_OPTION
};

static const char short_options[] = "hl:o:";

static const struct option long_options[] = {
	{ "as-of", required_argument, NULL, AS_OF_OPTION },
	{ "contacts", required_argument, NULL, CONTACTS_OPTION },
	{ "day", required_argument, NULL, DAY_OPTION },
	{ "due", required_argument, NULL, DUE_OPTION },
	{ "help", no_argument, NULL, 'h' },
	{ "holidays", required_argument, NULL, HOLIDAYS_OPTION },
	{ "kind", required_argument, NULL, KIND_OPTION },
	{ "last", no_argument, NULL, LAST_OPTION },
	{ "log", required_argument, NULL, 'l' },
	{ "month", required_argument, NULL, MONTH_OPTION },
	{ "name-format", required_argument, NULL, NAME_FORMAT_OPTION },
	{ "no-mask", no_argument, NULL, NO_MASK_OPTION },
	{ "now", required_argument, NULL, NOW_OPTION },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, POLICY_OPTION },
	{ "sheet-rows", required_argument, NULL, SHEET_ROWS_OPTION },
	{ "version", no_argument, NULL, VERSION_OPTION },
	{ "week", required_argument, NULL, WEEK_OPTION },
	{ NULL, 0, NULL, 0 }
};

static const char synopsis[] =
    "usage: fu-report week [--kind service|gift|service,gift] "
    "[--week W | --last]\n"
    "                 [-o DIR] [--no-mask] [--contacts F] [--as-of T] "
    "[-l LOG]\n"
    "                 [FILE...]\n"
    "       fu-report month [--month M | --last] [-o DIR] [--no-mask] "
    "[--contacts F]\n"
    "                 [--due F] [--as-of T] [-l LOG] [FILE...]\n"
    "       fu-report calls [--day D] [-o DIR] [--no-mask] [FILE...]\n"
    "       (all: [--name-format F] [--now T] [--policy F] "
    "[--holidays F]\n"
    "             [--sheet-rows N])\n";

static const struct opt_usage prog = { "fu-report", synopsis };

struct options {
	const char	*as_of;		/* --as-of */
	const char	*contacts;	/* --contacts */
	const char	*day;		/* --day */
	const char	*dir;		/* -o */
	const char	*due;		/* --due */
	const char	*holidays;	/* --holidays */
	const char	*kind;		/* --kind */
	const char	*log;		/* -l */
	const char	*month;		/* --month */
	const char	*name_format;	/* --name-format */
	const char	*now;		/* --now */
	const char	*policy;	/* --policy */
	const char	*sheet_rows;	/* --sheet-rows */
	const char	*week;		/* --week */
	int		 last;		/* --last */
	int		 no_mask;	/* --no-mask */
};

static void
usage(int status)
{
	if (status != 0)
		opt_usage_exit(&prog);
	fputs(synopsis, stdout);
	printf("\n"
	    "Writes a workbook into DIR under its exact name, and prints its "
	    "path:\n"
	    "  week --kind service  11月第3周客户回访记录单.xlsx (附表1) from "
	    "the call log\n"
	    "  week --kind gift     11月第3周礼品回访记录单.xlsx (附表2)\n"
	    "  week --kind service,gift  both, from one reading of the log\n"
	    "  month                11月客户回访汇总表.xlsx\n"
	    "  calls                2026-11-23回访清单.xlsx: the day's due list "
	    "(fu-due's\n"
	    "                       output), a sheet per agent, for "
	    "fu-record --batch\n"
	    "FILE: call logs (week, month; default -l LOG, FU_LOG, calls.tsv) "
	    "or due lists\n"
	    "(calls; default standard input); - is standard input.\n"
	    "\n"
	    "      --kind K           service (default), gift, or both: "
	    "service,gift\n"
	    "      --week W           the week, 2026-11-W3 or a date in it "
	    "(default: this week)\n"
	    "      --month M          the month, 2026-11 (default: this month)\n"
	    "      --last             the last whole week or month before now\n"
	    "      --day D            the call list's day (default: today)\n"
	    "  -o, --output DIR       where the workbook goes (default .)\n"
	    "      --no-mask          phones in full (default 138****1234)\n"
	    "      --contacts F       contacts or a due list: purchase date, "
	    "amount, item\n"
	    "      --due F            due lists: what was planned (应回访)\n"
	    "      --as-of T          the log as it stood at T (a workbook "
	    "made again)\n"
	    "  -l, --log LOG          the call log (also FU_LOG; default "
	    "calls.tsv)\n"
	    "      --name-format F    the file name: %%Y year, %%m month, %%d "
	    "day, %%D date,\n"
	    "                         %%W week of the month, %%N the standard "
	    "name, %%%% a %%\n"
	    "      --now T            take T as now (also FU_NOW)\n"
	    "      --policy F         the policy file (also FU_POLICY)\n"
	    "      --holidays F       the calendar of working days (also "
	    "FU_HOLIDAYS)\n"
	    "      --sheet-rows N     rows a sheet holds before the records "
	    "go on to the\n"
	    "                         next (default and most 1048576)\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n"
	    "\n"
	    "Exit status: 0 done, 1 bad rows reported, 2 could not run.\n");
	exit(0);
}

static void
parse_options(int argc, char *argv[], struct options *opts)
{
	int ch;

	memset(opts, 0, sizeof(*opts));
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --as-of */
		case AS_OF_OPTION:
			opts->as_of = optarg;
			break;
		/* --contacts */
		case CONTACTS_OPTION:
			opts->contacts = optarg;
			break;
		/* --day */
		case DAY_OPTION:
			opts->day = optarg;
			break;
		/* --due */
		case DUE_OPTION:
			opts->due = optarg;
			break;
		/* --holidays */
		case HOLIDAYS_OPTION:
			opts->holidays = optarg;
			break;
		/* -h, --help */
		case 'h':
			usage(0);
			break;
		/* --kind */
		case KIND_OPTION:
			opts->kind = optarg;
			break;
		/* --last */
		case LAST_OPTION:
			opts->last = 1;
			break;
		/* -l, --log */
		case 'l':
			opts->log = optarg;
			break;
		/* --month */
		case MONTH_OPTION:
			opts->month = optarg;
			break;
		/* --name-format */
		case NAME_FORMAT_OPTION:
			opts->name_format = optarg;
			break;
		/* --no-mask */
		case NO_MASK_OPTION:
			opts->no_mask = 1;
			break;
		/* --now */
		case NOW_OPTION:
			opts->now = optarg;
			break;
		/* -o, --output */
		case 'o':
			opts->dir = optarg;
			break;
		/* --policy */
		case POLICY_OPTION:
			opts->policy = optarg;
			break;
		/* --sheet-rows */
		case SHEET_ROWS_OPTION:
			opts->sheet_rows = optarg;
			break;
		/* --version */
		case VERSION_OPTION:
			fu_print_version();
			exit(0);
		/* --week */
		case WEEK_OPTION:
			opts->week = optarg;
			break;
		default:
			usage(2);
		}
	}
}

/*
 * A log on standard input is read more than once (the records, then each
 * summary): kept in a temporary file in tmpdir, whose name replaces "-".
 * The name to remove at the end, or NULL.
 */
/* --kind: service, gift, or both (comma-separated, in any order). */
static unsigned
parse_kinds(const char *v)
{
	const char *p = v, *e;
	unsigned kinds = 0;
	size_t n;

	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 7 && strncmp(p, "service", n) == 0)
			kinds |= REPORT_KIND(RK_SERVICE);
		else if (n == 4 && strncmp(p, "gift", n) == 0)
			kinds |= REPORT_KIND(RK_GIFT);
		else
			opt_bad_value(&prog, "--kind", v,
			    "not service, gift or service,gift");
		if (e == NULL)
			return kinds;
		p = e + 1;
	}
}

static char *
keep_stdin(char **files, size_t n, const char *tmpdir)
{
	char *path = NULL, buf[65536];
	size_t i, k;
	int fd = -1;

	for (i = 0; i < n; i++) {
		if (strcmp(files[i], "-") != 0)
			continue;
		if (path == NULL) {
			path = xmalloc(strlen(tmpdir) + 32);
			sprintf(path, "%s/fu-report.XXXXXX", tmpdir);
			if ((fd = mkstemp(path)) == -1)
				fu_err(FU_EXIT_FATAL, "%s", path);
			while ((k = fread(buf, 1, sizeof(buf), stdin)) > 0)
				if (fu_write_all(fd, buf, k) == -1) {
					unlink(path);
					fu_err(FU_EXIT_FATAL, "%s", path);
				}
			if (ferror(stdin) || close(fd) == -1) {
				unlink(path);
				fu_err(FU_EXIT_FATAL, "stdin: read error");
			}
		}
		files[i] = path;
	}
	return path;
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct options opts;
	struct report_opts o;
	struct report_period per;
	struct policy pol;
	struct calendar cal;
	enum report_kind kind;
	unsigned kinds;
	char err[FU_ERRBUF], *logv[2], *stdin_only[] = { "-", NULL };
	const char *cmd, *e;
	char **files, *kept = NULL;
	size_t nfiles;
	long long v;
	int status;

	fu_init(argv);
	/* numbers go into the workbook with a ".", whatever the locale */
	setlocale(LC_NUMERIC, "C");
	fu_env_read(&env);
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0))
		usage(0);
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		fu_print_version();
		exit(0);
	}
	if (argc < 2)
		opt_usage_errx(&prog, "week, month or calls?");
	cmd = argv[1];
	if (strcmp(cmd, "week") == 0)
		kind = RK_SERVICE;
	else if (strcmp(cmd, "month") == 0)
		kind = RK_MONTH;
	else if (strcmp(cmd, "calls") == 0)
		kind = RK_CALLS;
	else
		opt_usage_errx(&prog, "\"%s\": not week, month or calls", cmd);
	parse_options(argc - 1, argv + 1, &opts);
	argc -= optind + 1;
	argv += optind + 1;

	kinds = REPORT_KIND(kind);
	if (opts.kind != NULL) {
		if (kind != RK_SERVICE)
			opt_usage_errx(&prog, "--kind is for week");
		kinds = parse_kinds(opts.kind);
		if (kinds == REPORT_KIND(RK_GIFT))
			kind = RK_GIFT;
	}
	if (opts.week != NULL && kind != RK_SERVICE && kind != RK_GIFT)
		opt_usage_errx(&prog, "--week is for week");
	if (opts.month != NULL && kind != RK_MONTH)
		opt_usage_errx(&prog, "--month is for month");
	if (opts.day != NULL && kind != RK_CALLS)
		opt_usage_errx(&prog, "--day is for calls");
	if (opts.last && kind == RK_CALLS)
		opt_usage_errx(&prog, "--last is for week and month");
	if (opts.last && (opts.week != NULL || opts.month != NULL))
		opt_usage_errx(&prog, "--last goes alone");

	memset(&o, 0, sizeof(o));
	memset(&per, 0, sizeof(per));
	policy_init(&pol);
	if (policy_load(&pol, opts.policy != NULL ? opts.policy :
	    env.policy) == -1)
		return FU_EXIT_FATAL;
	if (cal_find(&cal, opts.holidays, env.holidays) == -1)
		return FU_EXIT_FATAL;
	o.pol = &pol;
	o.cal = &cal;
	o.due = opts.due;
	o.dir = opts.dir != NULL ? opts.dir : ".";
	o.name_format = opts.name_format;
	o.contacts = opts.contacts;
	o.tmpdir = env.tmpdir;
	/* The summaries are read beside the records sheet. */
	o.threads = pool_threads(env.threads, 16);
	o.mask = pol.mask_phones && !opts.no_mask;
	o.rule = pol.week_rule;
	o.now = fu_now_or_exit(&prog, opts.now, env.now);
	o.asof = CALLLOG_NO_AS_OF;
	if (opts.as_of != NULL && time_parse(opts.as_of, strlen(opts.as_of),
	    TIME_DATE_OK, &o.asof, err) == -1)
		opt_usage_errx(&prog, "--as-of: %s", err);
	if (opts.sheet_rows != NULL) {
		v = fu_strtonum(opts.sheet_rows, 3, 1048576, &e);
		if (e != NULL)
			opt_bad_value(&prog, "--sheet-rows", opts.sheet_rows, e);
		o.max_rows = (uint32_t)v;
	}
	switch (kind) {
	case RK_SERVICE:
	case RK_GIFT:
		if (week_select(opts.week, opts.last, 0, o.now, o.rule,
		    &per.wk, err) == -1)
			opt_usage_errx(&prog, "--week: %s", err);
		break;
	case RK_MONTH:
		if (month_select(opts.month, opts.last, o.now, &per.mon,
		    err) == -1)
			opt_usage_errx(&prog, "--month: %s", err);
		break;
	case RK_CALLS:
		per.day = time_day(o.now);
		if (opts.day != NULL && date_parse(opts.day, strlen(opts.day),
		    0, &per.day, err) == -1)
			opt_usage_errx(&prog, "--day: %s", err);
		break;
	}
	if (opts.name_format != NULL) {
		char *n = report_file_name(kind, &per, opts.name_format, err);

		if (n == NULL)
			opt_usage_errx(&prog, "--name-format: %s", err);
		free(n);
	}
	if (argc > 0) {
		files = argv;
		nfiles = (size_t)argc;
	} else if (kind == RK_CALLS) {
		files = stdin_only;
		nfiles = 1;
	} else {
		logv[0] = (char *)(opts.log != NULL ? opts.log :
		    env.log != NULL ? env.log : "calls.tsv");
		logv[1] = NULL;
		files = logv;
		nfiles = 1;
	}
	if (kind != RK_CALLS) {
		kept = keep_stdin(files, nfiles, env.tmpdir);
		calllog_drop_missing(files, &nfiles);
	}
	if (kind == RK_CALLS)
		status = report_calls(&o, &per, files, nfiles);
	else if (kind == RK_MONTH)
		status = report_month(&o, &per, files, nfiles);
	else
		status = report_week(&o, kinds, &per, files, nfiles);
	if (kept != NULL) {
		unlink(kept);
		free(kept);
	}
	cal_free(&cal);
	policy_free(&pol);
	fu_close_stdout();
	return status;
}
