/*
 * fuzz_money.c: amounts of money.  An amount that parses formats to a
 * text that parses to the same fen; MONEY_NONNEG never lets one below 0.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/money.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char err[FU_ERRBUF], buf[32];
	int64_t fen, again;
	unsigned fl;

	for (fl = 0; fl <= MONEY_NONNEG; fl++)
		if (money_parse((const char *)d, n, fl, &fen, err) == 0) {
			if ((fl & MONEY_NONNEG) && fen < 0)
				abort();
			money_format(fen, buf);
			if (money_parse(buf, strlen(buf), 0, &again, err) != 0 ||
			    again != fen)
				abort();
		}
	return 0;
}
