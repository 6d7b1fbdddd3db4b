/*
 * fuzz_batch.c: fu-record --batch on a call list (TSV or CSV, English
 * or Chinese headers; the first byte chooses the encoding), against a
 * small contacts file, into a fresh log, without fsync.  The log it
 * leaves must verify.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/policy.h"
#include "record/record.h"

static const char contacts[] =
    "id\ttype\tstore\tstore_size\tdate\tcustomer\tphone\tamount\titem\t"
    "src\n"
    "1111111111111111\tservice\t城东店\tlarge\t2026-11-03\t王芳\t"
    "13800138000\t3000.00\t空调\tx:2\n"
    "2222222222222222\tgift\t城东店\tlarge\t2026-11-04\t李娜\t"
    "13800138001\t200.00\t电饭煲\tx:3\n"
    "5100e7966a5c7cd0\tservice\t河西店\tsmall\t2026-11-05\t赵六\t"
    "0731-84123456\t1500.00\t冰箱\tx:4\n";

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char in[256], log[256], rej[256], ct[256], side[300];
	char *files[2];
	struct rec_opts o;
	struct policy pol;

	if (n == 0)
		return 0;
	fuzz_file("contacts.tsv", (const uint8_t *)contacts,
	    sizeof(contacts) - 1, ct, sizeof(ct));
	fuzz_file("list.csv", d + 1, n - 1, in, sizeof(in));
	fuzz_path("calls.tsv", log, sizeof(log));
	fuzz_path("rejects.tsv", rej, sizeof(rej));
	unlink(log);
	snprintf(side, sizeof(side), "%s.torn", log);
	unlink(side);
	policy_init(&pol);
	memset(&o, 0, sizeof(o));
	o.pol = &pol;
	o.now = 1795338000LL;	/* 2026-11-23T10:20 in UTC */
	o.log = log;
	o.contacts = ct;
	o.rejects = rej;
	o.agent = "张敏";
	o.enc = d[0] % 4;
	o.no_sync = 1;
	files[0] = in;
	files[1] = NULL;
	if (rec_batch(&o, files) != 2 && access(log, F_OK) == 0 &&
	    rec_verify(log) != 0)
		abort();		/* what it wrote must verify */
	policy_free(&pol);
	return 0;
}
