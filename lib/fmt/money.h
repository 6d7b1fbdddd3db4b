/*
 * money.h: amounts of money, held as whole fen (0.01 yuan) in int64.
 *
 * Accepted: 1580, 1580.5, 1,580.00, ¥980, ￥980, 1580元, RMB 1580,
 * 1.5万 (15000.00), spaces around.  More than two decimals (after
 * scaling by 万) is an error, never rounded silently; so is an empty field.
 */
#ifndef FU_MONEY_H
#define FU_MONEY_H

#include <stddef.h>
#include <stdint.h>

#define MONEY_NONNEG	0x01	/* a negative amount is an error */

/* 0 with *fen set, or -1 with err (FU_ERRBUF). */
int	money_parse(const char *, size_t, unsigned, int64_t *, char *);
/* "1580.00", "-3.50"; 32 bytes. */
void	money_format(int64_t, char *);

#endif
