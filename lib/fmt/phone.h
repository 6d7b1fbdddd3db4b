/*
 * phone.h: normalized phone numbers.
 *
 * A mainland mobile is 11 digits 1[3-9]xxxxxxxxx; a landline is written
 * 0AREA-NUMBER (area 010/02x: 3 digits with the 0, others 4; number 7 or
 * 8 digits).  Input may carry spaces, dashes, dots, brackets, full-width
 * digits, a +86 / 0086 / 86 prefix, and Excel's trailing ".0".
 */
#ifndef FU_PHONE_H
#define FU_PHONE_H

#include <stddef.h>

#define PHONE_MAX 24	/* room for any normalized number and its NUL */

/* 0 and out filled, or -1 with err (FU_ERRBUF): why it is no phone. */
int	phone_norm(const char *, size_t, char *, char *);
/* 1 when s is already a normalized mobile (11 digits 1[3-9]...). */
int	phone_is_mobile(const char *);
/* Masked for workbooks: 138****1234, 0755-****5678; PHONE_MAX bytes. */
void	phone_mask(const char *, char *);

#endif
