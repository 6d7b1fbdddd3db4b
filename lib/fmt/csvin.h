/*
 * csvin.h: reading the spreadsheets that stores export (CSV or TSV as
 * Excel and Chinese retail systems save them) into UTF-8 records.
 *
 * Encoding: auto (a UTF-16 byte-order mark means UTF-16, as Excel's
 * "Unicode text"; valid UTF-8, with or without a BOM, is UTF-8;
 * anything else GB18030) or forced.  Delimiter: tab or comma, told
 * apart from the first line that has either.  Fields are parsed by
 * libcsv (RFC 4180: quoted commas, quotes and newlines), strictly and
 * without trimming spaces.  Each record knows the line it starts on.
 * A record with bytes that are invalid in the encoding, or broken CSV
 * quoting, is still returned, with a reason in bad, so that the caller
 * can reject it with its text: nothing is dropped.
 */
#ifndef FU_CSVIN_H
#define FU_CSVIN_H

#include <iconv.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <csv.h>

#include "base/err.h"

enum csvin_enc {
	ENC_AUTO,
	ENC_UTF8,
	ENC_GB18030,
	ENC_GBK,
	ENC_UTF16		/* by its byte-order mark, LE or BE */
};

/* What a preflight check reports of a file (fu-import --check). */
struct csvin_stats {
	int	 bom;		/* a byte-order mark was found */
	long	 lines;		/* physical lines */
	long	 crlf;		/* of which ended in CRLF */
	long	 lf;		/* ended in a bare LF */
	long	 blank;		/* empty lines skipped */
	long	 quoted_newlines; /* fields holding a newline */
	long	 tabs_in_fields;	/* fields holding a tab (CSV) */
	long	 bad_bytes;	/* lines with bytes invalid in the encoding */
	long	 stray_quotes;	/* lines with a quote inside a plain field */
};

struct csvin {
	const char	*name;		/* for messages; not owned */
	enum csvin_enc	 enc;		/* as found or forced */
	int		 utf16be;
	char		 delim;		/* ',' or '\t' */
	struct csvin_stats st;

	/* The current record: fields valid until the next csvin_next. */
	char		**field;
	size_t		*len;
	size_t		 nfield;
	long		 lineno;	/* the line it starts on */
	const char	*bad;		/* why it is broken, or NULL */
	int		 badenc;	/* broken by its bytes, not quoting */
	/*
	 * With whole_lines set by the caller, a record that is one line
	 * without quotes comes back whole and unchecked: plain set, line
	 * and linelen, nfield 0.  The caller (a worker thread, say) checks
	 * it with csvin_line_check unless prevalid, counts st.bad_bytes and
	 * st.tabs_in_fields itself, and cuts it at delim (no quoting to
	 * undo, nothing trimmed).  The line is valid until the next call.
	 * A line whose quotes are all clean (each quoted field whole on the
	 * line, its quotes doubled inside, a delimiter or the end after
	 * it) comes back the same way with quoted set: the caller cuts it
	 * with csvin_cut_quoted, as libcsv would have split it, and counts
	 * tabs_in_fields by field.  So libcsv's slow path is taken only by
	 * records over several lines and broken quoting.
	 */
	int		 whole_lines;
	int		 plain;
	int		 quoted;	/* plain, with clean quotes */
	char		*line;
	size_t		 linelen;
	int		 prevalid;	/* the whole file was found UTF-8 */
	int		 changed;	/* at the end: the file changed while
					   it was read (then rows may be
					   missing or invalid) */

	/* private */
	FILE		*fp;
	off_t		 start;		/* where fp was at the start */
	iconv_t		 cd;
	struct csv_parser parser;
	char		*raw;		/* undecoded bytes (not UTF-8) */
	size_t		 rawsz, rawlen;
	char		*buf;		/* UTF-8 lines */
	size_t		 bufsz, beg, end;
	int		 eof, rawerr;
	int		 unended;	/* the last line had no line end */
	long		 physline;	/* lines taken from buf */
	char		*arena;		/* the record's fields, NUL-ended */
	size_t		 arenasz, arenalen;
	size_t		*off;		/* field offsets into arena */
	size_t		 fieldcap;
	int		 done;		/* a record is complete */
	int		 partial;	/* a record spans into the next line */
	int		 inquote;	/* odd quotes seen in the record */
	int		 delim_known;
	int		 statted;	/* a regular file: opened is known */
	struct stat	 opened;	/* the file as it was opened */
	char		 why[FU_ERRBUF];
};

/* csvin_next results */
#define CSVIN_OK	1
#define CSVIN_EOF	0
#define CSVIN_ERR	(-1)	/* read error: errno set */

/*
 * Start reading fp.  With ENC_AUTO a regular file is scanned in full
 * for UTF-8 (then rewound); a pipe is judged by its first 64 KiB.
 * -1 with err when the encoding is unusable or fp unreadable (then
 * nothing is held: no csvin_close).
 */
int	 csvin_open(struct csvin *, FILE *, const char *, enum csvin_enc,
	    char *);
int	 csvin_next(struct csvin *);
void	 csvin_close(struct csvin *);
/*
 * 0 when a line is valid UTF-8 without NUL bytes; else -1 with each bad
 * byte and each NUL made '?' and the reason in why (naming the NUL or
 * the byte, or the encoding the text was decoded from).  Touches nothing shared: safe on any thread.
 */
int	 csvin_line_check(enum csvin_enc, int utf16be, char *, size_t, char *,
	    size_t);
/*
 * A whole line cut as csvin cuts a line without quotes: the field at
 * *p, NUL-ended in place at the next delim (or end), its length in
 * len; *p moves past the delimiter, NULL after the last field.
 */
char	*csvin_cut(char **p, char *end, char delim, size_t *len);
/*
 * A whole line without quotes cut at every delim in place, as csvin_cut
 * cuts it field after field, in one pass: field k NUL-ended, at f[k],
 * len[k] bytes.  f and len have room for len + 1 fields (a line of
 * delimiters only); returns the number of fields.
 */
size_t	 csvin_split(char *line, size_t n, char delim, char **f, size_t *len);
/*
 * The same for a line csvin returned plain and quoted: a quoted field
 * comes back without its quotes ("" made "), ended in place.
 */
char	*csvin_cut_quoted(char **p, char *end, char delim, size_t *len);
/* Does a comma-delimited line hold a tab (st.tabs_in_fields)? */
int	 csvin_tab_in_field(char delim, const char *line, size_t len);
/* "utf-8", "gb18030", "gbk", "utf-16le", "utf-16be". */
const char *csvin_enc_name(const struct csvin *);
/* ENC_* from "utf-8", "utf8", "gb18030", "gbk", "gb2312", "auto"; -1. */
int	 csvin_enc_parse(const char *);

#endif
