/* contact.c: contact columns, types and store sizes; see contact.h. */
#include <string.h>

#include "fmt/contact.h"

const char *const contact_cols[CC_N] = {
	"id", "type", "store", "store_size", "date", "customer", "phone",
	"amount", "item", "src"
};

static const struct {
	const char	*code;
	const char	*name;
} types[CT_N] = {
	[CT_GIFT] = { "gift", "礼品核查回访" },
	[CT_SERVICE] = { "service", "客户服务回访" },
	[CT_WRITEOFF] = { "writeoff", "店面核销回访" },
	[CT_MEMBER] = { "member", "会员回访" },
	[CT_REQUEST] = { "request", "店面回访需求" },
};

static const struct {
	const char	*code;
	const char	*name;
} sizes[] = {
	[SIZE_UNKNOWN] = { "", "" },
	[SIZE_LARGE] = { "large", "大店" },
	[SIZE_SMALL] = { "small", "小店" },
};

int
contact_type_parse(const char *s, size_t n)
{
	int t;

	for (t = 0; t < CT_N; t++)
		if (strlen(types[t].code) == n && memcmp(s, types[t].code, n) == 0)
			return t;
	return -1;
}

const char *
contact_type_code(enum contact_type t)
{
	return types[t].code;
}

const char *
contact_type_name(enum contact_type t)
{
	return types[t].name;
}

int
contact_size_parse(const char *s, size_t n)
{
	if (n == 0)
		return SIZE_UNKNOWN;
	if (n == 5 && memcmp(s, "large", 5) == 0)
		return SIZE_LARGE;
	if (n == 5 && memcmp(s, "small", 5) == 0)
		return SIZE_SMALL;
	return -1;
}

const char *
contact_size_code(enum store_size z)
{
	return sizes[z].code;
}

const char *
contact_size_name(enum store_size z)
{
	return sizes[z].name;
}
