/*
 * t.h: the unit-test harness for lib/.  A test program calls the T_*
 * checks and ends with "return t_done();", which prints
 * "NAME: N passed, N failed" and machine lines that tests/run adds up:
 * "T N N", every check, and "L N N", the checks that ran again from a
 * line already counted (a check in a loop, or in a helper called many
 * times), so that a thousand turns of one loop do not read as a
 * thousand tests.  A failed check prints its file, line and the values.
 */
#ifndef FU_T_H
#define FU_T_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct t_count {
	long	passed;
	long	failed;
	long	again_passed;	/* of those, from a line seen before */
	long	again_failed;
};

/* The one counter of a test program; owned by main's translation unit. */
static struct t_count t_count;

/* The lines checks were made from: a small open-addressing set. */
#define T_SITES	16384
static struct t_site {
	const char	*file;
	int		 line;
} t_site[T_SITES];

/* 1 when a check was made from file:line before (then it is a repeat). */
static inline int
t_again(const char *file, int line)
{
	size_t i = ((size_t)line * 2654435761u) & (T_SITES - 1), n;

	for (n = 0; n < T_SITES; n++, i = (i + 1) & (T_SITES - 1)) {
		if (t_site[i].file == NULL) {
			t_site[i].file = file;
			t_site[i].line = line;
			return 0;
		}
		if (t_site[i].line == line && strcmp(t_site[i].file, file) == 0)
			return 1;
	}
	return 0;	/* full: counted as new */
}

static inline int
t_check(int ok, const char *what, const char *file, int line)
{
	int again = t_again(file, line);

	if (ok) {
		t_count.passed++;
		t_count.again_passed += again;
	} else {
		t_count.failed++;
		t_count.again_failed += again;
		fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
	}
	return ok;
}

static inline int
t_streq(const char *got, const char *want, const char *what,
    const char *file, int line)
{
	int ok = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!t_check(ok, what, file, line))
		fprintf(stderr, "\tgot  \"%s\"\n\twant \"%s\"\n",
		    got ? got : "(null)", want ? want : "(null)");
	return ok;
}

static inline int
t_inteq(long long got, long long want, const char *what,
    const char *file, int line)
{
	int ok = got == want;

	if (!t_check(ok, what, file, line))
		fprintf(stderr, "\tgot  %lld\n\twant %lld\n", got, want);
	return ok;
}

static inline int
t_u64eq(uint64_t got, uint64_t want, const char *what,
    const char *file, int line)
{
	int ok = got == want;

	if (!t_check(ok, what, file, line))
		fprintf(stderr, "\tgot  0x%016" PRIx64 "\n\twant 0x%016" PRIx64
		    "\n", got, want);
	return ok;
}

/* A FILE reading the given bytes (a temporary file). */
static inline FILE *
t_input(const char *s, size_t n)
{
	FILE *fp = tmpfile();

	fwrite(s, 1, n, fp);
	rewind(fp);
	return fp;
}

#define T_INPUT(s)	t_input((s), sizeof(s) - 1)

/* A file's whole content, NUL-terminated and malloc'd; NULL if none. */
static inline char *
t_slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc(n + 1);
	buf[fread(buf, 1, n, fp)] = '\0';
	fclose(fp);
	return buf;
}

/* A new temporary file holding text; its malloc'd path. */
static inline char *
t_write_temp(const char *text)
{
	static const char tmpl[] = "/tmp/fu-test.XXXXXX";
	char *path = malloc(sizeof(tmpl));
	int fd;

	memcpy(path, tmpl, sizeof(tmpl));
	fd = mkstemp(path);
	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

#define T_OK(c)		t_check(!!(c), #c, __FILE__, __LINE__)
#define T_STREQ(g, w)	t_streq((g), (w), #g " == " #w, __FILE__, __LINE__)
#define T_INTEQ(g, w)	t_inteq((long long)(g), (long long)(w), \
			    #g " == " #w, __FILE__, __LINE__)
#define T_U64EQ(g, w)	t_u64eq((g), (w), #g " == " #w, __FILE__, __LINE__)

static inline int
t_done(const char *name)
{
	printf("%s: %ld passed, %ld failed\n", name, t_count.passed,
	    t_count.failed);
	printf("T %ld %ld\n", t_count.passed, t_count.failed);
	printf("L %ld %ld\n", t_count.again_passed, t_count.again_failed);
	return t_count.failed ? 1 : 0;
}

#endif
