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

/*
 * 0 and out filled, or -1 with err (FU_ERRBUF, or NULL): why it is no
 * phone.  The message quotes the field with every digit but the first
 * 3 and the last 4 made '*' ("138***3800"), or as written when show is 1
 * (a program's --verbose): messages reach cron mail and terminals.
 */
int	phone_norm(const char *, size_t, char *, char *, int);
/* 1 when s is already a normalized mobile (11 digits 1[3-9]...). */
int	phone_is_mobile(const char *);
/* Masked for workbooks: 138****1234, 0755-****5678; PHONE_MAX bytes. */
void	phone_mask(const char *, char *);

#endif
