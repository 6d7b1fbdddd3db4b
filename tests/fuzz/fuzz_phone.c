/*
 * fuzz_phone.c: phone numbers.  A number that normalizes is a fixed
 * point (normalizing it again gives itself), fits PHONE_MAX, and masks;
 * masking the message (show 0) changes nothing but the message.
 */
#include "fuzz.h"

#include "base/err.h"
#include "fmt/phone.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char err[FU_ERRBUF], out[PHONE_MAX], again[PHONE_MAX], mask[PHONE_MAX];
	char hid[PHONE_MAX];
	int r;

	r = phone_norm((const char *)d, n, out, err, 1);
	if (phone_norm((const char *)d, n, hid, err, 0) != r ||
	    strcmp(out, hid) != 0)
		abort();
	if (r == 0) {
		if (strlen(out) >= PHONE_MAX)
			abort();
		if (phone_norm(out, strlen(out), again, err, 0) != 0 ||
		    strcmp(out, again) != 0)
			abort();
		phone_mask(out, mask);
		(void)phone_is_mobile(out);
	}
	return 0;
}
