/* csvin.c: store exports (CSV/TSV, UTF-8/GB18030/UTF-16) in; see csvin.h. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "fmt/csvin.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"

#define CHUNK		(256 * 1024)
#define SNIFF		(64 * 1024)
/* Multibyte characters in the first SNIFF bytes that settle on UTF-8. */
#define SNIFF_CHARS	64
/*
 * Not CSV_STRICT_FINI: with it libcsv drops a field whose quote is never
 * closed, and at_end must keep that text for the rejected row.
 */
#define CSV_OPTIONS	(CSV_STRICT | CSV_APPEND_NULL)
/* Put in place of bytes that are not characters: never valid UTF-8. */
#define BAD_BYTE	'\xff'

static const char *const enc_names[] = {
	"auto", "utf-8", "gb18030", "gbk", "utf-16"
};

static const char *
enc_name(enum csvin_enc enc, int utf16be)
{
	if (enc == ENC_UTF16)
		return utf16be ? "utf-16be" : "utf-16le";
	return enc_names[enc];
}

const char *
csvin_enc_name(const struct csvin *r)
{
	return enc_name(r->enc, r->utf16be);
}

int
csvin_enc_parse(const char *s)
{
	if (strcasecmp(s, "auto") == 0)
		return ENC_AUTO;
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		return ENC_UTF8;
	if (strcasecmp(s, "gb18030") == 0)
		return ENC_GB18030;
	if (strcasecmp(s, "gbk") == 0 || strcasecmp(s, "gb2312") == 0 ||
	    strcasecmp(s, "cp936") == 0)
		return ENC_GBK;
	if (strcasecmp(s, "utf-16") == 0 || strcasecmp(s, "utf16") == 0)
		return ENC_UTF16;
	return -1;
}

/* libcsv: no character is a space to trim; only LF ends a record. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
lf_term(unsigned char c)
{
	return c == '\n';
}

static void
parser_init(struct csvin *r)
{
	if (csv_init(&r->parser, CSV_OPTIONS) != 0)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	csv_set_space_func(&r->parser, no_space);
	csv_set_term_func(&r->parser, lf_term);
	csv_set_delim(&r->parser, (unsigned char)r->delim);
}

/* Room for field i in the field arrays. */
static void
field_room(struct csvin *r, size_t i)
{
	if (i < r->fieldcap)
		return;
	r->fieldcap = r->fieldcap ? r->fieldcap * 2 : 32;
	r->off = xreallocarray(r->off, r->fieldcap, sizeof(*r->off));
	r->len = xreallocarray(r->len, r->fieldcap, sizeof(*r->len));
	r->field = xreallocarray(r->field, r->fieldcap, sizeof(*r->field));
}

static void
add_field(struct csvin *r, const char *s, size_t n)
{
	field_room(r, r->nfield);
	if (r->arenasz - r->arenalen < n + 1) {
		while (r->arenasz - r->arenalen < n + 1)
			r->arenasz = r->arenasz ? r->arenasz * 2 : 4096;
		r->arena = xrealloc(r->arena, r->arenasz);
	}
	memcpy(r->arena + r->arenalen, s, n);
	r->arena[r->arenalen + n] = '\0';
	r->off[r->nfield] = r->arenalen;
	r->len[r->nfield] = n;
	r->nfield++;
	r->arenalen += n + 1;
	if (n > 0 && memchr(s, '\n', n) != NULL)
		r->st.quoted_newlines++;
	if (r->delim == ',' && n > 0 && memchr(s, '\t', n) != NULL)
		r->st.tabs_in_fields++;
}

static void
on_field(void *s, size_t n, void *data)
{
	add_field(data, s, n);
}

static void
on_record(int c, void *data)
{
	struct csvin *r = data;

	(void)c;
	r->done = 1;
}

/* Convert what is in raw into buf; keep an incomplete tail in raw. */
static void
decode(struct csvin *r, int last)
{
	char *in = r->raw, *out;
	size_t inleft = r->rawlen, outleft;

	for (;;) {
		if (r->bufsz - r->end < inleft * 2 + 16) {
			r->bufsz = r->bufsz * 2 + inleft * 2 + 16;
			r->buf = xrealloc(r->buf, r->bufsz);
		}
		out = r->buf + r->end;
		outleft = r->bufsz - r->end - 1;
		if (iconv(r->cd, &in, &inleft, &out, &outleft) != (size_t)-1) {
			r->end = out - r->buf;
			break;
		}
		r->end = out - r->buf;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !last)
			break;	/* a character cut by the read: wait */
		/* Not a character (or cut off at the end): mark, move on. */
		r->buf[r->end++] = BAD_BYTE;
		in++;
		inleft--;
		if (errno == EINVAL && inleft == 0)
			break;
	}
	memmove(r->raw, in, inleft);
	r->rawlen = inleft;
}

/* Read more: into buf (UTF-8) or through raw and iconv.  0 at the end. */
static int
fill(struct csvin *r)
{
	size_t n;

	if (r->beg > 0) {
		memmove(r->buf, r->buf + r->beg, r->end - r->beg);
		r->end -= r->beg;
		r->beg = 0;
	}
	if (r->cd == (iconv_t)-1) {
		if (r->bufsz - r->end < CHUNK / 2) {
			r->bufsz = r->bufsz * 2;
			r->buf = xrealloc(r->buf, r->bufsz);
		}
		n = fread(r->buf + r->end, 1, r->bufsz - r->end - 1, r->fp);
		r->end += n;
	} else {
		n = fread(r->raw + r->rawlen, 1, r->rawsz - r->rawlen, r->fp);
		r->rawlen += n;
		decode(r, n == 0);
	}
	if (n == 0) {
		if (ferror(r->fp))
			r->rawerr = errno ? errno : EIO;
		r->eof = 1;
		return 0;
	}
	return 1;
}

/* The next physical line, without LF and CR (*cr says if there was one). */
static char *
next_line(struct csvin *r, size_t *lenp, int *cr)
{
	size_t scanned = 0, len;
	char *nl, *line;

	for (;;) {
		nl = memchr(r->buf + r->beg + scanned, '\n',
		    r->end - r->beg - scanned);
		if (nl != NULL || r->eof)
			break;
		scanned = r->end - r->beg;
		if (!fill(r) && r->rawerr)
			return NULL;
	}
	if (nl == NULL) {
		if (r->beg == r->end)
			return NULL;
		nl = r->buf + r->end;
	}
	line = r->buf + r->beg;
	len = nl - line;
	r->beg = (size_t)(nl - r->buf) + (nl < r->buf + r->end);
	r->st.lines++;
	r->unended = nl == r->buf + r->end;
	*cr = 0;
	if (len > 0 && line[len - 1] == '\r') {
		len--;
		r->st.crlf++;
		*cr = 1;
	} else if (nl < r->buf + r->end)
		r->st.lf++;
	line[len] = '\0';
	*lenp = len;
	return line;
}

/* Characters of more than one byte (in valid UTF-8: the lead bytes). */
static size_t
multibytes(const unsigned char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += p[i] >= 0xc0;
	return k;
}

/*
 * Bytes that are not UTF-8 in UTF-8 text, or UTF-8 in GB18030?  In
 * GB18030 Chinese most lead bytes (B0-F7) are UTF-8 continuation bytes
 * or leads without their continuations, so a valid multibyte character
 * there is rare, well under one a bad sequence.  A UTF-8 export with a
 * character cut short, or a row pasted from a GB18030 one, has many
 * more valid characters than bad sequences: it is UTF-8, with bad
 * lines (each named then), not GB18030 mojibake with no header.
 */
static int
mostly_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0, k, good = 0, bad = 0;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if (u8_decode(p + i, n - i, &k) < 0)
			bad++;
		else
			good++;
		i += k;
	}
	return good >= 4 && good >= 2 * bad;
}

/* Which encoding a file is in, when asked to find out. */
static int
sniff(struct csvin *r, char *err)
{
	unsigned char *p = (unsigned char *)r->raw;
	size_t n = r->rawlen, bad, cut;
	struct stat sb;
	char *scan;
	int valid = 1;

	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff))) {
		r->enc = ENC_UTF16;
		return 0;
	}
	r->enc = ENC_UTF8;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		return 0;
	/* A workbook given for its CSV: said as such, not as bad lines. */
	if ((n >= 4 && memcmp(p, "PK\3\4", 4) == 0) || (n >= 8 &&
	    memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)) {
		fu_seterr(err, "a %s, not CSV or TSV: save it as CSV "
		    "(CSV UTF-8) first", p[0] == 'P' ? "zip file (an .xlsx "
		    "or .ods workbook?)" : "binary file (an .xls workbook?)");
		return -1;
	}
	/*
	 * Chinese text in GB18030 is never valid UTF-8 for long: its lead
	 * bytes (81-FE) are mostly UTF-8 continuation bytes.  A first
	 * 64 KiB holding many valid multibyte characters is UTF-8; a
	 * later bad byte is then that line's fault, named as such, not a
	 * reason to read the whole file as GB18030 mojibake.
	 */
	cut = 0;
	while (cut < 3 && cut < n && (p[n - 1 - cut] & 0xc0) == 0x80)
		cut++;
	if (cut < n && p[n - 1 - cut] >= 0xc0 && r->rawlen == SNIFF)
		cut++;
	else
		cut = 0;
	if (!u8_valid(r->raw, n - cut, &bad)) {
		if (!mostly_utf8(p, n))
			r->enc = ENC_GB18030;
		return 0;
	}
	if (multibytes(p, n - cut) >= SNIFF_CHARS)
		return 0;
	/* Mostly ASCII so far: a regular file is read through. */
	if (fstat(fileno(r->fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    r->rawlen == r->rawsz) {
		/* A file: read it all once; it is cheap next to parsing. */
		scan = xmalloc(CHUNK + 4);
		memcpy(scan, r->raw, r->rawlen);
		n = r->rawlen;
		for (;;) {
			/* Keep a character cut by the chunk for the next. */
			cut = 0;
			while (cut < 3 && cut < n &&
			    ((unsigned char)scan[n - 1 - cut] & 0xc0) == 0x80)
				cut++;
			if (cut < n && (unsigned char)scan[n - 1 - cut] >= 0xc0)
				cut++;
			else
				cut = 0;
			/* A NUL byte is a line's fault too (csvin_line_check). */
			if (!u8_valid(scan, n - cut, &bad) ||
			    memchr(scan, '\0', n - cut) != NULL) {
				valid = 0;
				break;
			}
			memmove(scan, scan + n - cut, cut);
			n = fread(scan + cut, 1, CHUNK, r->fp);
			if (n == 0) {
				/* A last character cut short by the end. */
				if (cut > 0)
					valid = u8_valid(scan, cut, NULL);
				break;
			}
			n += cut;
		}
		free(scan);
		/*
		 * Checked in full: lines need not be checked again, as long
		 * as the file is the same at the end (csvin_next looks).
		 */
		if (valid)
			r->prevalid = 1;
		if (ferror(r->fp)) {
			fu_seterr(err, "%s", strerror(errno));
			return -1;
		}
		if (fseeko(r->fp, r->start + (off_t)r->rawlen, SEEK_SET) == -1) {
			fu_seterr(err, "cannot rewind: %s", strerror(errno));
			return -1;
		}
	}
	/* A pipe, or a file no longer than the sample: the sample decides. */
	if (!valid)
		r->enc = ENC_GB18030;
	return 0;
}

int
csvin_open(struct csvin *r, FILE *fp, const char *name, enum csvin_enc enc,
    char *err)
{
	const char *from = NULL;
	unsigned char *p;

	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->name = name;
	r->enc = enc;
	r->cd = (iconv_t)-1;
	r->delim = ',';
	r->rawsz = SNIFF;
	r->raw = xmalloc(r->rawsz);
	r->bufsz = CHUNK;
	r->buf = xmalloc(r->bufsz);
	r->start = ftello(fp);
	if (fstat(fileno(fp), &r->opened) == 0 && S_ISREG(r->opened.st_mode))
		r->statted = 1;
	r->rawlen = fread(r->raw, 1, SNIFF, fp);
	if (r->rawlen < SNIFF && ferror(fp)) {
		fu_seterr(err, "%s", strerror(errno));
		goto fail;
	}
	if (enc == ENC_AUTO && sniff(r, err) == -1)
		goto fail;
	p = (unsigned char *)r->raw;
	switch (r->enc) {
	case ENC_UTF8:
		if (r->rawlen >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			r->st.bom = 1;
			memmove(r->raw, r->raw + 3, r->rawlen - 3);
			r->rawlen -= 3;
		}
		break;
	case ENC_GB18030:
		from = "GB18030";
		break;
	case ENC_GBK:
		from = "GBK";
		break;
	case ENC_UTF16:
		if (r->rawlen >= 2 && p[0] == 0xfe && p[1] == 0xff)
			r->utf16be = 1;
		else if (!(r->rawlen >= 2 && p[0] == 0xff && p[1] == 0xfe)) {
			fu_seterr(err, "UTF-16 without a byte-order mark");
			goto fail;
		}
		r->st.bom = 1;
		memmove(r->raw, r->raw + 2, r->rawlen - 2);
		r->rawlen -= 2;
		from = r->utf16be ? "UTF-16BE" : "UTF-16LE";
		break;
	case ENC_AUTO:
		break;
	}
	if (from != NULL) {
		if ((r->cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
			fu_seterr(err, "cannot convert from %s: %s", from,
			    strerror(errno));
			goto fail;
		}
		r->rawsz = CHUNK;
		r->raw = xrealloc(r->raw, r->rawsz);
		decode(r, 0);
	} else {
		/* UTF-8: what was read is already the text. */
		memcpy(r->buf, r->raw, r->rawlen);
		r->end = r->rawlen;
		r->rawlen = 0;
	}
	parser_init(r);
	return 0;
fail:
	/* Nothing for the caller to close: it was never open. */
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->raw);
	free(r->buf);
	memset(r, 0, sizeof(*r));
	r->cd = (iconv_t)-1;
	return -1;
}

int
csvin_line_check(enum csvin_enc enc, int utf16be, char *line, size_t len,
    char *why, size_t whysz)
{
	unsigned char c;
	size_t bad, n;
	char *nul;

	/*
	 * A NUL cannot go on in TSV (nor through C strings): it is named,
	 * and every NUL is kept as '?' in the row passed on to the rejects.
	 */
	if ((nul = memchr(line, '\0', len)) != NULL) {
		snprintf(why, whysz, "a NUL byte (byte %zu of the line; a "
		    "binary file?)", (size_t)(nul - line) + 1);
		for (; nul != NULL; nul = memchr(nul, '\0', len -
		    (size_t)(nul - line)))
			*nul = '?';
		if (!u8_valid(line, len, &bad))
			goto mark;
		return -1;
	}
	if (u8_valid(line, len, &bad))
		return 0;
	c = (unsigned char)line[bad];
	if (enc == ENC_UTF8)
		snprintf(why, whysz, "byte 0x%02x (byte %zu of the line) is "
		    "not UTF-8 (a GB18030 file? try -e gb18030)", c, bad + 1);
	else
		snprintf(why, whysz, "bytes that are not valid %s%s",
		    enc_name(enc, utf16be), enc == ENC_GBK ?
		    " (try -e gb18030, which has every character)" : "");
mark:
	while (bad < len) {
		if (u8_decode((unsigned char *)line + bad, len - bad, &n) < 0)
			line[bad] = '?';
		bad += n;
	}
	return -1;
}

/* After broken quoting: the rest of the line, split plainly. */
static void
salvage(struct csvin *r, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *d;

	for (;;) {
		d = memchr(p, r->delim, end - p);
		if (d == NULL)
			d = end;
		add_field(r, p, d - p);
		if (d == end)
			break;
		p = d + 1;
	}
}

/*
 * A quote inside a field that did not begin with one (55" TV, 37°36'
 * 37.8"N) can only be a character: read the line again leniently.  Any
 * other broken quoting is ambiguous and stays an error.
 */
static int
stray_quote(struct csvin *r, char *line, size_t len, size_t n)
{
	size_t start = n;
	int ok;

	if (n >= len || line[n] != '"')
		return 0;
	while (start > 0 && line[start - 1] != r->delim)
		start--;
	if (start == n || line[start] == '"')
		return 0;
	csv_free(&r->parser);
	if (csv_init(&r->parser, CSV_APPEND_NULL) != 0)
		fu_errx(FU_EXIT_FATAL, "out of memory");
	csv_set_space_func(&r->parser, no_space);
	csv_set_term_func(&r->parser, lf_term);
	csv_set_delim(&r->parser, (unsigned char)r->delim);
	r->nfield = r->arenalen = 0;
	r->done = 0;
	ok = csv_parse(&r->parser, line, len, on_field, on_record, r) == len &&
	    csv_parse(&r->parser, "\n", 1, on_field, on_record, r) == 1 &&
	    r->done;
	csv_free(&r->parser);
	parser_init(r);
	r->inquote = 0;
	r->partial = 0;
	if (!ok)
		r->nfield = r->arenalen = 0;
	return ok;
}

/*
 * A line without quotes is its fields as they stand: cut it at the
 * delimiters in place, as libcsv would (it trims nothing here).
 */
char *
csvin_cut(char **pp, char *end, char delim, size_t *len)
{
	char *p = *pp, *d = text_find_byte(p, end, delim);

	*d = '\0';
	*len = (size_t)(d - p);
	*pp = d == end ? NULL : d + 1;
	return p;
}

char *
csvin_cut_quoted(char **pp, char *end, char delim, size_t *len)
{
	char *p = *pp, *r, *w, *q;

	if (p == end || *p != '"')
		return csvin_cut(pp, end, delim, len);
	/* Clean quoting (csvin_next checked): the closing quote is there. */
	r = p + 1;
	q = memchr(r, '"', (size_t)(end - r));
	if (q + 1 == end || q[1] != '"') {
		/* Nothing doubled: the field is where it stands. */
		*q = '\0';
		*len = (size_t)(q - r);
		*pp = q + 1 == end ? NULL : q + 2;
		return r;
	}
	w = p;
	for (;;) {
		memmove(w, r, (size_t)(q - r));
		w += q - r;
		if (q + 1 == end || q[1] != '"')
			break;
		*w++ = '"';
		r = q + 2;
		q = memchr(r, '"', (size_t)(end - r));
	}
	*w = '\0';
	*len = (size_t)(w - p);
	*pp = q + 1 == end ? NULL : q + 2;
	return p;
}

/*
 * (Lines with clean quotes handed to the workers whole, not parsed by
 * libcsv here: fu-import on 100k rows of gen -E, 35% of them quoted,
 * 903M -> 644M instructions, the reading thread's 308M -> 57M.)
 *
 * Are the quotes of a line (q, the first) all clean, so that it is one
 * record that libcsv would split without complaint: every quote opens a
 * field (at the start or after a delimiter), its closing quote is on
 * the line with a delimiter or the end after it, and quotes inside are
 * doubled.  Anything else (a quote inside a plain field, a field over
 * several lines) is libcsv's to judge.
 */
static int
clean_quotes(const char *line, size_t len, char delim, const char *q)
{
	const char *end = line + len;

	while (q != NULL) {
		if (q != line && q[-1] != delim)
			return 0;
		for (;;) {
			q = memchr(q + 1, '"', (size_t)(end - q - 1));
			if (q == NULL)
				return 0;
			if (q + 1 == end)
				return 1;
			if (q[1] != '"')
				break;
			q++;
		}
		if (q[1] != delim)
			return 0;
		q = memchr(q + 2, '"', (size_t)(end - q - 2));
	}
	return 1;
}

/*
 * Eight bytes a step: the lowest byte flagged in a word is exactly the
 * first delimiter (a higher flag may be a borrow's), so the scan goes
 * on after it.  In one loop rather than a call of csvin_cut a field
 * (fu-import on 100k rows of gen -E: 595M -> 565M instructions,
 * callgrind).
 */
size_t
csvin_split(char *line, size_t n, char delim, char **f, size_t *len)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t highs = UINT64_C(0x8080808080808080);
	const uint64_t pattern = ones * (unsigned char)delim;
	char *p = line, *start = line, *end = line + n;
	size_t k = 0;
	uint64_t w, t;

	for (;;) {
		while (end - p >= 8) {
			memcpy(&w, p, 8);
			w ^= pattern;
			if ((t = (w - ones) & ~w & highs) != 0) {
				p += __builtin_ctzll(t) >> 3;
				goto cut;
			}
			p += 8;
		}
		while (p < end && *p != delim)
			p++;
		if (p == end)
			break;
cut:
		*p = '\0';
		f[k] = start;
		len[k++] = (size_t)(p - start);
		start = ++p;
	}
	*p = '\0';
	f[k] = start;
	len[k++] = (size_t)(p - start);
	return k;
}

int
csvin_tab_in_field(char delim, const char *line, size_t len)
{
	return delim == ',' && memchr(line, '\t', len) != NULL;
}

static void
split_plain(struct csvin *r, char *line, size_t len)
{
	char *p = line, *end = line + len;
	size_t i = 0;

	r->st.tabs_in_fields += csvin_tab_in_field(r->delim, line, len);
	while (p != NULL) {
		field_room(r, i);
		r->field[i] = csvin_cut(&p, end, r->delim, &r->len[i]);
		i++;
	}
	r->nfield = i;
}

static void
finish(struct csvin *r)
{
	size_t i;

	for (i = 0; i < r->nfield; i++)
		r->field[i] = r->arena + r->off[i];
}

/*
 * Is the file not as it was opened (written to, cut short while being
 * read)?  An export is a finished file: any change may have cost rows.
 */
static int
changed(const struct csvin *r)
{
	struct stat sb;

	if (fstat(fileno(r->fp), &sb) == -1)
		return 1;
	return sb.st_size != r->opened.st_size ||
	    sb.st_mtim.tv_sec != r->opened.st_mtim.tv_sec ||
	    sb.st_mtim.tv_nsec != r->opened.st_mtim.tv_nsec ||
	    sb.st_ino != r->opened.st_ino;
}

/* The end of the input: CSVIN_EOF, CSVIN_ERR, or a last record cut short. */
static int
at_end(struct csvin *r)
{
	if (r->rawerr) {
		errno = r->rawerr;
		return CSVIN_ERR;
	}
	if (r->statted && !r->changed && changed(r))
		r->changed = 1;
	if (!r->partial)
		return CSVIN_EOF;
	/*
	 * A quote opened and never closed: libcsv hands over the open
	 * field, line ends and all, so the rejected row keeps its text.
	 */
	r->done = 0;
	csv_fini(&r->parser, on_field, on_record, r);
	snprintf(r->why, sizeof(r->why), "a quote opened on line %ld is "
	    "never closed", r->lineno);
	r->bad = r->why;
	r->partial = 0;
	csv_free(&r->parser);
	parser_init(r);
	finish(r);
	return CSVIN_OK;
}

/* The delimiter, from the first line that has a tab or a comma. */
static void
sniff_delim(struct csvin *r, const char *line, size_t len)
{
	const char *tab = memchr(line, '\t', len);
	const char *comma = memchr(line, ',', len);

	if (tab == NULL && comma == NULL)
		return;
	r->delim = tab != NULL && (comma == NULL || tab < comma) ? '\t' : ',';
	r->delim_known = 1;
	csv_set_delim(&r->parser, (unsigned char)r->delim);
}

/*
 * A line with a quote in it (q, the first), or one inside a quoted
 * field, through libcsv: 1 when a record is complete (or given up as
 * bad), 0 when the record goes on on the next line.
 */
static int
quoted_line(struct csvin *r, char *line, size_t len, int cr, char *q)
{
	size_t n;

	/*
	 * An odd number of quotes so far: the line ends inside a quoted
	 * field, and its line end, CR and all, is data.
	 */
	for (; q != NULL; q = memchr(q + 1, '"', len - (q + 1 - line)))
		r->inquote ^= 1;
	r->done = 0;
	n = csv_parse(&r->parser, line, len, on_field, on_record, r);
	if (n == len && r->inquote && r->unended)
		;	/* the file ends inside a quote: no line end to add */
	else if (n == len && r->inquote && cr)
		n += csv_parse(&r->parser, "\r\n", 2, on_field, on_record,
		    r) - 2;
	else if (n == len)
		n += csv_parse(&r->parser, "\n", 1, on_field, on_record, r) - 1;
	if ((n < len || csv_error(&r->parser) != CSV_SUCCESS) &&
	    !r->partial && stray_quote(r, line, len, n)) {
		r->st.stray_quotes++;
		finish(r);
		return 1;
	}
	if (n < len || csv_error(&r->parser) != CSV_SUCCESS) {
		snprintf(r->why, sizeof(r->why), "a quote at column %zu "
		    "breaks the CSV quoting", n + 1);
		r->bad = r->why;
		csv_free(&r->parser);
		parser_init(r);
		r->inquote = 0;
		if (!r->partial)
			r->nfield = r->arenalen = 0;
		salvage(r, line, len);
		r->partial = 0;
		finish(r);
		return 1;
	}
	r->partial = !r->done;
	if (r->done) {
		finish(r);
		return 1;
	}
	return 0;
}

int
csvin_next(struct csvin *r)
{
	size_t len;
	char *line, *q;
	int cr;

	for (;;) {
		if ((line = next_line(r, &len, &cr)) == NULL)
			return at_end(r);
		if (!r->partial) {
			r->nfield = 0;
			r->arenalen = 0;
			r->bad = NULL;
			r->badenc = 0;
			r->inquote = 0;
			r->lineno = r->st.lines;
		}
		if (len == 0 && !r->partial) {
			r->st.blank++;
			continue;
		}
		if (!r->delim_known)
			sniff_delim(r, line, len);
		q = memchr(line, '"', len);
		if (!r->partial && r->whole_lines && (q == NULL ||
		    clean_quotes(line, len, r->delim, q))) {
			/* The caller checks and splits it (csvin.h). */
			r->plain = 1;
			r->quoted = q != NULL;
			r->line = line;
			r->linelen = len;
			r->nfield = 0;
			return CSVIN_OK;
		}
		r->plain = r->quoted = 0;
		if (!r->prevalid && csvin_line_check(r->enc, r->utf16be, line,
		    len, r->why, sizeof(r->why)) == -1) {
			r->st.bad_bytes++;
			r->bad = r->why;
			r->badenc = 1;
		}
		if (q == NULL && !r->partial) {
			/* No quotes: nothing for libcsv to do. */
			split_plain(r, line, len);
			return CSVIN_OK;
		}
		if (quoted_line(r, line, len, cr, q))
			return CSVIN_OK;
	}
}

void
csvin_close(struct csvin *r)
{
	csv_free(&r->parser);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->raw);
	free(r->buf);
	free(r->arena);
	free(r->off);
	free(r->len);
	free(r->field);
	memset(r, 0, sizeof(*r));
	r->cd = (iconv_t)-1;
}
