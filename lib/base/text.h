/*
 * text.h: UTF-8 and blanks as the parsers of fu meet them in a field,
 * and a field quoted safely for a message.
 *
 * Every function takes (pointer, length) and never reads past the
 * length, so a field need not end in a NUL.
 */
#ifndef FU_TEXT_H
#define FU_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * One UTF-8 character of s[0..len), len > 0: its code point, *n its
 * length; -1 and *n = 1 for a byte that starts no valid sequence
 * (overlongs, surrogates, > U+10FFFF, a sequence cut off by len are all
 * invalid).
 */
long	u8_decode(const unsigned char *s, size_t len, size_t *n);
/*
 * 1 when s[0..len) is entirely valid UTF-8; else 0 and *bad = offset of
 * the first bad byte, the one u8_decode refuses (bad may be NULL).
 */
int	u8_valid(const char *s, size_t len, size_t *bad);

/*
 * Length of the blank at s (ASCII space/tab/CR/LF/VT/FF, U+00A0,
 * U+3000, U+FEFF), or 0; and of one ending at s+len.
 */
size_t	text_blank_at(const unsigned char *s, size_t len);
size_t	text_blank_before(const unsigned char *s, size_t len);
/* Move *s and shrink *len past leading and trailing blanks. */
void	text_trim(const unsigned char **s, size_t *len);

#define TEXT_QUOTE_MAX 40
/*
 * The value as written, for a message: control characters, quotes and
 * backslashes escaped, invalid bytes as \xNN, cut at a character
 * boundary to TEXT_QUOTE_MAX bytes with "..."; q has TEXT_QUOTE_MAX + 1
 * bytes.
 */
void	text_quote(const char *s, size_t len, char *q);
/*
 * A value quoted only when a message needs it (text_lazy_quote, once):
 * most values parse, and quoting every one for the message it might
 * have needed was 7% of fu-import's instructions.
 */
struct text_lazy {
	const char	*s;
	size_t		 len;
	int		 done;
	char		 q[TEXT_QUOTE_MAX + 1];
};
void	text_lazy_init(struct text_lazy *, const char *s, size_t len);
const char *text_lazy_quote(struct text_lazy *);

/*
 * A column name as compared with the names a program knows: blanks
 * (also inside) and a trailing "*" or "(元)" dropped, ASCII letters in
 * lower case; out has size bytes.
 */
void	text_norm_name(const char *s, size_t n, char *out, size_t size);

/*
 * The first byte c in [p, end), or end.  Fields are short (a phone, a
 * date), so a call of memchr for each costs more than it finds: this
 * looks at eight bytes at a time.
 */
char	*text_find_byte(char *p, char *end, int c);
/*
 * The fields of a line: the number of fields (tabs plus one); the
 * first max ends go to end[] (the offset of each field's tab, or len
 * for the last), so field i is [i ? end[i - 1] + 1 : 0, end[i]).
 * With max 0 (end may be NULL) the tabs are only counted.
 */
size_t	 text_tabs(const char *, size_t, uint32_t *, size_t);

#endif
