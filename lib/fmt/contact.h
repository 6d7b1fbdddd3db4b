/*
 * contact.h: the contacts (fu(7), "Contacts"): fu-import's output, the
 * input of fu-sample and fu-due, what fu-record checks a record
 * against.  Their columns, the type codes with their Chinese names, and
 * store sizes.  Every program parses a type or a size here.
 */
#ifndef FU_CONTACT_H
#define FU_CONTACT_H

#include <stddef.h>

/* The columns fu-import writes, in order. */
enum contact_col {
	CC_ID,			/* 16 hex digits, stable */
	CC_TYPE,		/* enum contact_type's code */
	CC_STORE,
	CC_STORE_SIZE,		/* "large", "small" or empty */
	CC_DATE,		/* YYYY-MM-DD */
	CC_CUSTOMER,
	CC_PHONE,		/* normalized (phone.h) */
	CC_AMOUNT,		/* yuan, two decimals */
	CC_ITEM,
	CC_SRC,			/* file:line */
	CC_N
};

extern const char *const contact_cols[CC_N];

/* The types of follow-up, in the order of a store's draw (fu-sample). */
enum contact_type {
	CT_GIFT,		/* gift 礼品核查回访: 40% by value, by text */
	CT_SERVICE,		/* service 客户服务回访: amount tiers */
	CT_WRITEOFF,		/* writeoff 店面核销回访: every one */
	CT_MEMBER,		/* member 会员回访: every one */
	CT_REQUEST,		/* request 店面回访需求: every one */
	CT_N
};

/* The type of code s (n bytes, exactly as written), or -1. */
int	 contact_type_parse(const char *, size_t);
/* "gift", ...; and "礼品核查回访", ... */
const char *contact_type_code(enum contact_type);
const char *contact_type_name(enum contact_type);

/* A store's size: large and small stores take turns (rule 8). */
enum store_size {
	SIZE_UNKNOWN,		/* empty: not said */
	SIZE_LARGE,		/* large 大店 */
	SIZE_SMALL		/* small 小店 */
};

/* "large", "small" or "" (SIZE_UNKNOWN); -1 for anything else. */
int	 contact_size_parse(const char *, size_t);
/* "large", "small", ""; and "大店", "小店", "". */
const char *contact_size_code(enum store_size);
const char *contact_size_name(enum store_size);

#endif
