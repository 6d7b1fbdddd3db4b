/*
 * fu-import: store exports (CSV or TSV; UTF-8, GB18030, UTF-16) in,
 * canonical contacts TSV out, every row accounted for.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt/csvin.h"
#include "base/env.h"
#include "base/err.h"
#include "import/import.h"
#include "base/util.h"
#include "fmt/date.h"

enum {
	CHECK_OPTION = CHAR_MAX + 1,
	NOW_OPTION,
	SKIP_LINES_OPTION,
	STORES_OPTION,
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
	{ "rejects", required_argument, NULL, 'r' },
	{ "size", required_argument, NULL, 'S' },
	{ "skip-lines", required_argument, NULL, SKIP_LINES_OPTION },
	{ "store", required_argument, NULL, 's' },
	{ "stores", required_argument, NULL, STORES_OPTION },
	{ "type", required_argument, NULL, 't' },
	{ "version", no_argument, NULL, VERSION_OPTION },
	{ NULL, 0, NULL, 0 }
};

static void
usage(int status)
{
	if (status != 0) {
		fprintf(stderr, "usage: fu-import [-t TYPE] [-s STORE] [-S SIZE] "
		    "[--stores FILE] [-e ENC]\n"
		    "                 [-m FIELD=HEADER,...] [-r REJECTS] "
		    "[--skip-lines N] [--check]\n"
		    "                 [--now TIME] [FILE...]\n"
		    "Try 'fu-import --help' for more.\n");
		exit(status);
	}
	printf("usage: fu-import [-t TYPE] [-s STORE] [-S SIZE] [--stores FILE] "
	    "[-e ENC]\n"
	    "                 [-m FIELD=HEADER,...] [-r REJECTS] "
	    "[--skip-lines N] [--check]\n"
	    "                 [--now TIME] [FILE...]\n"
	    "\n"
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
		if ((eq = strchr(item, '=')) == NULL || eq[1] == '\0') {
			fu_warnx("-m: \"%s\" is not FIELD=HEADER", item);
			usage(FU_EXIT_FATAL);
		}
		*eq = '\0';
		if ((f = import_field_parse(item)) == -1) {
			fu_warnx("-m: unknown field \"%s\" (order, type, store, "
			    "store_size, date, customer, phone, amount, item)",
			    item);
			usage(FU_EXIT_FATAL);
		}
		opt->map[f] = eq + 1;
	}
}

int
main(int argc, char *argv[])
{
	struct fu_env env;
	struct import_opts opt;
	struct import im;
	const char *rejects = NULL, *now_arg = NULL, *errstr;
	char err[FU_ERRBUF];
	long long now;
	char *stdin_only[] = { "-", NULL };
	char *outbuf;
	int ch, i;

	fu_init(argv);
	fu_env_read(&env);
	memset(&opt, 0, sizeof(opt));
	opt.enc = ENC_AUTO;
	opt.threads = env.threads;
	opt.quiet = env.quiet;

	while ((ch = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (ch) {
		/* --check */
		case CHECK_OPTION:
			opt.check = 1;
			break;
		/* -e, --encoding */
		case 'e':
			if ((opt.enc = csvin_enc_parse(optarg)) == -1) {
				fu_warnx("-e: unknown encoding \"%s\" (auto, "
				    "utf-8, gb18030, gbk, utf-16)", optarg);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* -h, --help */
		case 'h':
			usage(0);
			break;
		/* -m, --map */
		case 'm':
			parse_map(optarg, &opt);
			break;
		/* --now */
		case NOW_OPTION:
			now_arg = optarg;
			break;
		/* -r, --rejects */
		case 'r':
			rejects = optarg;
			break;
		/* -S, --size */
		case 'S':
			opt.size = import_size_parse(optarg, strlen(optarg));
			if (opt.size == NULL) {
				fu_warnx("-S: \"%s\" is not large or small "
				    "(大店, 小店)", optarg);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* --skip-lines */
		case SKIP_LINES_OPTION:
			opt.skip_lines = fu_strtonum(optarg, 0, LONG_MAX,
			    &errstr);
			if (errstr != NULL) {
				fu_warnx("--skip-lines: \"%s\" is %s", optarg,
				    errstr);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* -s, --store */
		case 's':
			opt.store = optarg;
			break;
		/* --stores */
		case STORES_OPTION:
			opt.stores = optarg;
			break;
		/* -t, --type */
		case 't':
			opt.type = import_type_parse(optarg, strlen(optarg));
			if (opt.type == NULL) {
				fu_warnx("-t: \"%s\" is not service, gift, "
				    "writeoff, member or request", optarg);
				usage(FU_EXIT_FATAL);
			}
			break;
		/* --version */
		case VERSION_OPTION:
			fu_print_version();
			return 0;
		default:
			usage(FU_EXIT_FATAL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		argv = stdin_only;
	if (fu_now(now_arg, env.now, &now, err) == -1) {
		/* A bad --now is a usage error; a bad FU_NOW is not. */
		fu_warnx("%s", err);
		if (now_arg != NULL)
			usage(FU_EXIT_FATAL);
		return FU_EXIT_FATAL;
	}
	opt.today = time_day(now);

	if (import_init(&im, &opt) == -1) {
		import_free(&im);
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
	if (opt.check) {
		import_run(&im, NULL);
		import_report(&im, stdout);
	} else {
		if (im.nfile > 0 || im.status == 0)
			import_write_header(&im, stdout);
		import_run(&im, stdout);
		fu_check_out(stdout, "standard output");
		if (rejects != NULL && import_write_rejects(&im, rejects) == -1)
			im.status = FU_EXIT_FATAL;
	}
	i = im.status;
	import_free(&im);
	fu_close_stdout();
	free(outbuf);
	return i;
}
