/*
 * fuzz_policy.c: the policy file (key<TAB>value lines), one key set from
 * text, and the tiers spec; the tiers that parse format to a spec that
 * parses again.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/policy.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char path[256], err[FU_ERRBUF], buf[4096], *s, *tab;
	struct policy p;
	struct tiers t, t2;
	FILE *null;

	policy_init(&p);
	(void)policy_load(&p, fuzz_file("policy.tsv", d, n, path,
	    sizeof(path)));
	if ((null = fopen("/dev/null", "w")) == NULL)
		abort();
	policy_write(null, &p);
	fclose(null);
	policy_free(&p);

	s = fuzz_str(d, n);
	if ((tab = strchr(s, '\t')) != NULL) {
		*tab = '\0';
		policy_init(&p);
		(void)policy_set(&p, s, tab + 1, err);
		policy_free(&p);
	}
	memset(&t, 0, sizeof(t));
	if (tiers_parse(s, &t, err) == 0) {
		tiers_format(&t, buf, sizeof(buf));
		memset(&t2, 0, sizeof(t2));
		if (tiers_parse(buf, &t2, err) != 0)
			abort();
		tiers_free(&t2);
		tiers_free(&t);
	}
	free(s);
	return 0;
}
