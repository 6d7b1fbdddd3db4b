/* test_contact.c: contact columns, type codes, store sizes. */
#include <string.h>

#include "fmt/contact.h"
#include "t.h"

int
main(void)
{
	int t;

	T_STREQ(contact_cols[CC_ID], "id");
	T_STREQ(contact_cols[CC_STORE_SIZE], "store_size");
	T_STREQ(contact_cols[CC_SRC], "src");
	for (t = 0; t < CT_N; t++) {
		const char *c = contact_type_code(t);

		T_INTEQ(contact_type_parse(c, strlen(c)), t);
		T_OK(strlen(contact_type_name(t)) > 0);
	}
	T_INTEQ(contact_type_parse("gift", 4), CT_GIFT);
	T_STREQ(contact_type_name(CT_GIFT), "礼品核查回访");
	T_STREQ(contact_type_name(CT_SERVICE), "客户服务回访");
	/* Exactly as written: no case folding, no prefixes. */
	T_INTEQ(contact_type_parse("Gift", 4), -1);
	T_INTEQ(contact_type_parse("gif", 3), -1);
	T_INTEQ(contact_type_parse("gifts", 5), -1);
	T_INTEQ(contact_type_parse("", 0), -1);
	/* Each length of a code, with the other bytes wrong. */
	T_INTEQ(contact_type_parse("gifT", 4), -1);
	T_INTEQ(contact_type_parse("membex", 6), -1);
	T_INTEQ(contact_type_parse("servicx", 7), -1);
	T_INTEQ(contact_type_parse("requesx", 7), -1);
	T_INTEQ(contact_type_parse("writeofx", 8), -1);
	T_INTEQ(contact_type_parse("request", 7), CT_REQUEST);
	/* A field in a line: only its n bytes count. */
	T_INTEQ(contact_type_parse("member\t店1", 6), CT_MEMBER);
	T_INTEQ(contact_type_parse("serviceX", 7), CT_SERVICE);
	T_INTEQ(contact_size_parse("", 0), SIZE_UNKNOWN);
	T_INTEQ(contact_size_parse("large", 5), SIZE_LARGE);
	T_INTEQ(contact_size_parse("small", 5), SIZE_SMALL);
	T_INTEQ(contact_size_parse("大店", strlen("大店")), -1);
	T_INTEQ(contact_size_parse("larger", 6), -1);
	T_STREQ(contact_size_code(SIZE_SMALL), "small");
	T_STREQ(contact_size_name(SIZE_LARGE), "大店");
	T_STREQ(contact_size_code(SIZE_UNKNOWN), "");
	return t_done("contact");
}
