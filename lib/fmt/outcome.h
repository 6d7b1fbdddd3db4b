/*
 * outcome.h: the outcome codes of a follow-up (fu(7), "Call log"), with
 * what each means for success, for dials and for the round.
 */
#ifndef FU_OUTCOME_H
#define FU_OUTCOME_H

#include <stddef.h>

enum outcome {
	OC_SUCCESS,		/* 成功回访 */
	OC_PARTIAL,		/* 接通但未完整回答 */
	OC_NO_ANSWER,		/* 无人接听 */
	OC_BUSY,		/* 占线 */
	OC_POWER_OFF,		/* 关机 */
	OC_SUSPENDED,		/* 停机 */
	OC_WRONG_NUMBER,	/* 号码错误 / 空号 */
	OC_REFUSED,		/* 拒绝回访 */
	OC_CALLBACK,		/* 不方便, 约定时间再打 */
	OC_SMS_SENT,		/* 短信已发 */
	OC_SMS_REPLIED,		/* 短信已回复 */
	OC_N
};

struct outcome_info {
	const char	*code;
	const char	*zh;		/* as the office writes it */
	char		 key;		/* its key in fu-record --interactive */
	unsigned	 success : 1;	/* a successful follow-up (rule 7) */
	unsigned	 dial : 1;	/* uses up one of the two dials (rule 6) */
	unsigned	 open : 1;	/* leaves the round open (dial again) */
};

extern const struct outcome_info outcomes[OC_N];

/* The outcome of a code or its Chinese name (成功回访, 成功, ...); -1. */
int	outcome_parse(const char *, size_t);
/* The outcome of an interactive key; -1. */
int	outcome_by_key(int);

#endif
