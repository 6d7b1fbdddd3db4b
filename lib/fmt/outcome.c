/* outcome.c: the outcome codes; see outcome.h. */
#include <string.h>

#include "fmt/outcome.h"
#include "base/text.h"

/* A read-only table, as DESIGN.md gives it. */
const struct outcome_info outcomes[OC_N] = {
	[OC_SUCCESS] = { "success", "成功回访", '1', 1, 0, 0 },
	[OC_PARTIAL] = { "partial", "接通但未完整回答", '8', 0, 0, 0 },
	[OC_NO_ANSWER] = { "no_answer", "无人接听", '2', 0, 1, 1 },
	[OC_BUSY] = { "busy", "占线", '3', 0, 1, 1 },
	[OC_POWER_OFF] = { "power_off", "关机", '4', 0, 1, 1 },
	[OC_SUSPENDED] = { "suspended", "停机", '5', 0, 0, 0 },
	[OC_WRONG_NUMBER] = { "wrong_number", "号码错误", '6', 0, 0, 0 },
	[OC_REFUSED] = { "refused", "拒绝回访", '7', 0, 0, 0 },
	[OC_CALLBACK] = { "callback", "约定回电", '9', 0, 0, 1 },
	[OC_SMS_SENT] = { "sms_sent", "短信已发", 's', 0, 0, 0 },
	[OC_SMS_REPLIED] = { "sms_replied", "短信已回复", 'r', 1, 0, 0 },
};

/* Other names the office uses on its lists. */
static const struct {
	const char	*name;
	int		 oc;
} more_names[] = {
	{ "成功", OC_SUCCESS }, { "已回访", OC_SUCCESS },
	{ "接通未答完", OC_PARTIAL }, { "未完整回答", OC_PARTIAL },
	{ "部分", OC_PARTIAL },
	{ "无人接", OC_NO_ANSWER }, { "未接", OC_NO_ANSWER },
	{ "未接听", OC_NO_ANSWER },
	{ "停机", OC_SUSPENDED }, { "空号", OC_WRONG_NUMBER },
	{ "错号", OC_WRONG_NUMBER }, { "号码错误/空号", OC_WRONG_NUMBER },
	{ "拒绝", OC_REFUSED }, { "拒访", OC_REFUSED },
	{ "不方便", OC_CALLBACK }, { "回电", OC_CALLBACK },
	{ "改约", OC_CALLBACK }, { "约定时间再打", OC_CALLBACK },
	{ "已发短信", OC_SMS_SENT }, { "短信", OC_SMS_SENT },
	{ "已回复", OC_SMS_REPLIED }, { "短信回复", OC_SMS_REPLIED },
};

int
outcome_parse(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	text_trim(&p, &n);
	s = (const char *)p;
	for (i = 0; i < OC_N; i++)
		if ((strlen(outcomes[i].code) == n &&
		    strncasecmp(s, outcomes[i].code, n) == 0) ||
		    (strlen(outcomes[i].zh) == n &&
		    memcmp(s, outcomes[i].zh, n) == 0))
			return (int)i;
	for (i = 0; i < sizeof(more_names) / sizeof(more_names[0]); i++)
		if (strlen(more_names[i].name) == n &&
		    memcmp(s, more_names[i].name, n) == 0)
			return more_names[i].oc;
	return -1;
}

int
outcome_by_key(int key)
{
	int i;

	for (i = 0; i < OC_N; i++)
		if (outcomes[i].key == key)
			return i;
	return -1;
}
