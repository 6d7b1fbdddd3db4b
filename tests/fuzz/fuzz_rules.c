/*
 * fuzz_rules.c: fu-due's timing rules file (name, type, after_days,
 * within_days, every_days, times, match): loaded, each rule's window
 * asked for around a week.
 */
#include "fuzz.h"

#include "base/err.h"
#include "due/due.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char path[256];
	struct due_rules rs;
	size_t i;
	int s, e;

	memset(&rs, 0, sizeof(rs));
	if (due_rules_load(fuzz_file("rules.tsv", d, n, path, sizeof(path)),
	    &rs) == 0)
		for (i = 0; i < rs.n; i++)
			(void)due_rule_window(&rs.r[i], 20770, 20776, &s, &e);
	due_rules_free(&rs);
	return 0;
}
