/*
 * dnc.h: the do-not-call list (fu(7) "DO-NOT-CALL"), which fu-sample
 * and fu-due both read: phones never to call, a phone a line or TSV
 * with a column phone (电话, 手机); blank lines and lines beginning
 * with "#" are skipped.  Phones are kept normalized (phone.h); a line
 * that is no phone is said and kept as written, so that it still
 * matches a contact's phone written the same way: a customer who asked
 * not to be called is never called for a typo in the list.
 */
#ifndef FU_DNC_H
#define FU_DNC_H

#include <stddef.h>

#include "base/idmap.h"

struct dnc {
	struct idmap	 set;		/* the phones' keys */
	int		 loaded;	/* a list was read */
};

void	 dnc_init(struct dnc *);
/*
 * Add the list at path ("-" standard input); show: phones in full in
 * messages (--verbose).  0; 1 when bad lines were said (and kept as
 * written); -1 when it cannot be read or has no phone column (said):
 * the caller stops rather than call without it.
 */
int	 dnc_load(struct dnc *, const char *path, int show);
/* 1 when a phone (normalized or as written) is on the list. */
int	 dnc_has(const struct dnc *, const char *, size_t);
/* Phones on the list. */
#define dnc_count(d)	((d)->set.n)
void	 dnc_free(struct dnc *);

#endif
