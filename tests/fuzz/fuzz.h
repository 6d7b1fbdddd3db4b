/*
 * fuzz.h: what the libFuzzer harnesses of tests/fuzz share (see
 * tests/fuzz/README).  Each harness is one fuzz_NAME.c with its
 * LLVMFuzzerTestOneInput; tests/fuzz/run.sh builds and runs them.
 */
#ifndef FU_FUZZ_H
#define FU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A scratch directory of this process's, made once. */
static inline const char *
fuzz_dir(void)
{
	static char dir[256];

	const char *env;

	/* run.sh names one (and removes it); else one of our own. */
	if (dir[0] == '\0' && (env = getenv("FU_FUZZ_DIR")) != NULL &&
	    strlen(env) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%s", env);
	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/fu-fuzz.XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	return dir;
}

/* The path of NAME in the scratch directory. */
static inline const char *
fuzz_path(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", fuzz_dir(), name);
	return buf;
}

/* n bytes of d written to NAME in the scratch directory: its path. */
static inline const char *
fuzz_file(const char *name, const uint8_t *d, size_t n, char *buf,
    size_t size)
{
	FILE *fp;

	fuzz_path(name, buf, size);
	if ((fp = fopen(buf, "w")) == NULL)
		abort();
	if (n > 0 && fwrite(d, 1, n, fp) != n)
		abort();
	if (fclose(fp) != 0)
		abort();
	return buf;
}

/* d as a NUL-terminated string (the caller frees it). */
static inline char *
fuzz_str(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		abort();
	memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

#endif
