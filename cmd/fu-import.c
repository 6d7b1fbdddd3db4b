/*
 * fu-import: store exports (CSV or TSV; UTF-8, GB18030, UTF-16) in,
 * canonical contacts TSV out, every row accounted for.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/env.h"
#include "base/err.h"
#include "base/opt.h"
#include "base/util.h"
#include "fmt/csvin.h"
#include "fmt/date.h"
#include "fmt/policy.h"
#include "import/import.h"

enum {
	CHECK_OPTION = CHAR_MAX + 1,
	NOW_OPTION,
	POLICY_OPTION,
	SKIP_LINES_OPTION,
	STORES_OPTION,
	VERBOSE_OPTION,
	VERSION_OPTION
};

#define OUTBUF	(256 * 1024)

static const char short_options[] = "e:hm:r:S:s:t:";

static const struct option long_options[] = {
	{ "check", no_argument, NULL, CHECK_OPTION },
	{ "encoding", required_argument, NULL, 'e' },
	{ "help", no_argument, NULL, 'h' },
	{ "map", required_argument, NULL, 'm' },
	{ "now", required_argument, NULL, NOW_OPTION },
	{ "policy", required_argument, NULL, POLICY_OPTION },
	{ "rejects", required_argument, NULL, 'r' },
	{ "size", required_argument, NULL, 'S' },
	{ "skip-lines", required_argument, NULL, SKIP_LINES_OPTION },
	{ "store", required_argument, NULL, 's' },
	{ "stores", required_argument, NULL, STORES_OPTION },
	{ "type", required_argument, NULL, 't' },
	{ "verbose", no_argument, NULL, VERBOSE_OPTION },
	{ "version", no_argument, NULL, VERSION_OPTION },
	{ NULL, 0, NULL, 0 }
};

static const char synopsis[] =
    "usage: fu-import [-t TYPE] [-s STORE] [-S SIZE] [--stores FILE] "
    "[-e ENC]\n"
    "                 [-m FIELD=HEADER,...] [-r REJECTS] "
    "[--skip-lines N] [--check]\n"
    "                 [--now TIME] [--policy FILE] [--verbose] [FILE...]\n";

static const struct opt_usage prog = { "fu-import", synopsis };

/* The command line as given. */
struct options {
	struct import_opts im;		/* all but -r, for import_init */
	const char	*rejects;	/* -r; NULL: counted only */
	const char	*now;		/* --now; NULL: FU_NOW, the clock */
	const char	*policy;	/* --policy; NULL: FU_POLICY */
};

static void
usage(int status)
{
	if (status != 0)
		opt_usage_exit(&prog);
	fputs(synopsis, stdout);
	printf("\n"
	    "Store exports (sales lists, gift sign-off sheets, service work "
	    "orders) as\nCSV or TSV in; contacts TSV out on standard output.  "
	    "No FILE, or -, is\nstandard input.\n"
	    "\n"
	    "  -t, --type TYPE        type for files without a type column:\n"
	    "                         service, gift, writeoff, member, "
	    "request\n"
	    "  -s, --store STORE      store for rows without one\n"
	    "  -S, --size SIZE        store size: large or small (大店, 小店)\n"
	    "      --stores FILE      store sizes from a list (TSV: store, size)\n"
	    "  -e, --encoding ENC     auto (default), utf-8, gb18030, gbk, "
	    "utf-16\n"
	    "  -m, --map FIELD=HEADER,...\n"
	    "                         take FIELD (order, type, store, "
	    "store_size, date,\n"
	    "                         customer, phone, amount, item) from the "
	    "column HEADER\n"
	    "  -r, --rejects FILE     write rejected rows to FILE (TSV: src, "
	    "reason, fields)\n"
	    "      --skip-lines N     skip the first N lines before looking "
	    "for the header\n"
	    "      --check            convert nothing: report each file's "
	    "encoding, line ends,\n"
	    "                         header, columns and the rows that would "
	    "be rejected\n"
	    "      --now TIME         today, for dates after it (warned); "
	    "default FU_NOW,\n"
	    "                         else the clock\n"
	    "      --policy FILE      policy file (or $FU_POLICY): size_alias "
	    "maps store-size\n"
	    "                         values to large or small "
	    "(中型=large)\n"
	    "      --verbose          phones in messages as written (default "
	    "masked,\n"
	    "                         138****8000)\n"
	    "  -h, --help             this help\n"
	    "      --version          the version\n"
	    "\n"
	    "Exit status: 0 all imported, 1 rows rejected, 2 could not run.\n");
	exit(0);
}

/* -m phone=客户电话,amount=合同金额 */
static void
parse_map(char *arg, struct import_opts *opt)
{
	char *item, *eq, *save = NULL;
	int f;

	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL || eq[1] == '\0')
			opt_bad_value(&prog, "-m", item, "not FIELD=HEADER");
		*eq = '\0';
		if ((f = import_field_parse(item)) == -1)
			opt_usage_errx(&prog, "-m: unknown field \"%s\" (order, "
			    "type, store, store_size, date, customer, phone, "
			    "amount, item)", item);
		opt->map[f] = eq + 1;
	}
}

static void
parse_options(int argc, char *argv[], struct options *opts)
{
	struct import_opts *im = &opts->im;
	const char *errstr;
	int ch;

	memset(opts, 0, sizeof(*opts));
	im->enc = ENC_AUTO;
	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --check */
		case CHECK_OPTION:
			im->check = 1;
			break;
		/* -e, --encoding */
		case 'e':
			if ((im->enc = csvin_enc_parse(optarg)) == -1)
				opt_usage_errx(&prog, "-e: unknown encoding "
				    "\"%s\" (auto, utf-8, gb18030, gbk, "
				    "utf-16)", optarg);
			break;
		/* -h, --help */
		case 'h':
			usage(0);
			break;
		/* -m, --map */
		case 'm':
			parse_map(optarg, im);
			break;
		/* --now */
		case NOW_OPTION:
			opts->now = optarg;
			break;
		/* --policy */
		case POLICY_OPTION:
			opts->policy = optarg;
			break;
		/* -r, --rejects */
		case 'r':
			opts->rejects = optarg;
			break;
		/* -S, --size */
		case 'S':
			if ((im->size = import_size_parse(optarg,
			    strlen(optarg))) == NULL)
				opt_bad_value(&prog, "-S", optarg,
				    "not large or small (大店, 小店)");
			break;
		/* --skip-lines */
		case SKIP_LINES_OPTION:
			im->skip_lines = fu_strtonum(optarg, 0, LONG_MAX,
			    &errstr);
			if (errstr != NULL)
				opt_bad_value(&prog, "--skip-lines", optarg,
				    errstr);
			break;
		/* -s, --store */
		case 's':
			im->store = optarg;
			break;
		/* --stores */
		case STORES_OPTION:
			im->stores = optarg;
			break;
		/* -t, --type */
		case 't':
			if ((im->type = import_type_parse(optarg,
			    strlen(optarg))) == NULL)
				opt_bad_value(&prog, "-t", optarg, "not service, "
				    "gift, writeoff, member or request");
			break;
		/* --verbose */
		case VERBOSE_OPTION:
			im->verbose = 1;
			break;
		/* --version */
		case VERSION_OPTION:
			fu_print_version();
			exit(0);
		default:
			usage(FU_EXIT_FATAL);
		}
	}
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct options opts;
	struct import im;
	struct policy pol;
	char *stdin_only[] = { "-", NULL };
	char *outbuf;
	long long now;
	int i, status;

	fu_init(argv);
	fu_env_read(&env);
	parse_options(argc, argv, &opts);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		argv = stdin_only;
	opts.im.threads = env.threads;
	opts.im.quiet = env.quiet;
	now = fu_now_or_exit(&prog, opts.now, env.now);
	opts.im.today = time_day(now);
	policy_init(&pol);
	if (policy_load(&pol, opts.policy != NULL ? opts.policy :
	    env.policy) == -1) {
		policy_free(&pol);
		return FU_EXIT_FATAL;
	}
	opts.im.aliases = &pol.size_aliases;

	if (import_init(&im, &opts.im) == -1) {
		import_free(&im);
		policy_free(&pol);
		return FU_EXIT_FATAL;
	}
	/*
	 * Millions of rows: write in big blocks.  glibc ignores the size
	 * unless it is given the buffer too.
	 */
	outbuf = xmalloc(OUTBUF);
	setvbuf(stdout, outbuf, _IOFBF, OUTBUF);
	for (i = 0; argv[i] != NULL; i++)
		import_open(&im, argv[i]);
	if (opts.im.check) {
		import_run(&im, NULL);
		import_report(&im, stdout);
	} else {
		if (im.nfile > 0 || im.status == 0)
			import_write_header(&im, stdout);
		import_run(&im, stdout);
		fu_check_out(stdout, "standard output");
		if (opts.rejects != NULL &&
		    import_write_rejects(&im, opts.rejects) == -1)
			im.status = FU_EXIT_FATAL;
	}
	status = im.status;
	import_free(&im);
	policy_free(&pol);
	fu_close_stdout();
	free(outbuf);
	return status;
}
