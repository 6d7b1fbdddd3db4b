/*
 * test_util.c: the error reporter, exit codes, bounded numbers, checked
 * output (a full disk, a closed pipe), temporary-then-rename output
 * files and terminal-only progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/err.h"
#include "base/outfile.h"
#include "base/progress.h"
#include "t.h"
#include "base/util.h"

/*
 * Run fn in a child with stdout on outpath (NULL: a pipe whose reader
 * has gone) and stderr captured; return the exit status, or 128+signal.
 */
static int
in_child(void (*fn)(void), const char *outpath, char *errbuf, size_t size)
{
	int errpipe[2], outpipe[2], status;
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	if (pipe(errpipe) == -1 || pipe(outpipe) == -1)
		return -1;
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(errpipe[0]);
		dup2(errpipe[1], 2);
		if (outpath != NULL) {
			int fd = open(outpath, O_WRONLY);

			dup2(fd, 1);
		} else {
			/* A reader that has gone; SIGPIPE ignored, as by some shells. */
			signal(SIGPIPE, SIG_IGN);
			close(outpipe[0]);
			dup2(outpipe[1], 1);
		}
		fn();
		_exit(0);
	}
	close(errpipe[1]);
	close(outpipe[0]);
	close(outpipe[1]);
	while (got + 1 < size &&
	    (n = read(errpipe[0], errbuf + got, size - 1 - got)) > 0)
		got += n;
	errbuf[got] = '\0';
	close(errpipe[0]);
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void
write_lots(void)
{
	int i;

	for (i = 0; i < 100000; i++)
		printf("row %d\n", i);
	fu_close_stdout();
	exit(0);
}

static void
data_error(void)
{
	fu_datawarn("sales.csv", 17, "phone \"%s\" has %d digits",
	    "1380013800", 10);
	fu_datawarn("sales.csv", 0, "no header");
	fu_errx(FU_EXIT_DATA, "%d rows rejected", 3);
}

static void
test_output_errors(void)
{
	char err[4096];
	int rc;

	rc = in_child(write_lots, "/dev/full", err, sizeof(err));
	T_INTEQ(rc, FU_EXIT_FATAL);
	T_OK(strstr(err, "standard output: write error: No space left on "
	    "device") != NULL);
	/* EPIPE: the reader went away; quietly, and not a success. */
	rc = in_child(write_lots, NULL, err, sizeof(err));
	T_INTEQ(rc, FU_EXIT_FATAL);
	T_STREQ(err, "");
	rc = in_child(write_lots, "/dev/null", err, sizeof(err));
	T_INTEQ(rc, 0);
	T_STREQ(err, "");
}

static void
test_reporter(void)
{
	char err[4096], want[512];
	int rc;

	rc = in_child(data_error, "/dev/null", err, sizeof(err));
	T_INTEQ(rc, FU_EXIT_DATA);
	snprintf(want, sizeof(want), "%s: sales.csv:17: phone \"1380013800\" "
	    "has 10 digits\n%s: sales.csv: no header\n%s: 3 rows rejected\n",
	    fu_progname(), fu_progname(), fu_progname());
	T_STREQ(err, want);
	T_STREQ(fu_progname(), "test_util");
}

static void
test_strtonum(void)
{
	const char *errstr;

	T_INTEQ(fu_strtonum("42", 0, 100, &errstr), 42);
	T_OK(errstr == NULL);
	fu_strtonum("101", 0, 100, &errstr);
	T_STREQ(errstr, "too large");
	fu_strtonum("-1", 0, 100, &errstr);
	T_STREQ(errstr, "too small");
	fu_strtonum("4x", 0, 100, &errstr);
	T_STREQ(errstr, "invalid");
	fu_strtonum("", 0, 100, &errstr);
	T_STREQ(errstr, "invalid");
	fu_strtonum("99999999999999999999", 0, 100, &errstr);
	T_STREQ(errstr, "too large");
}

static int
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static size_t
count_entries(const char *dir)
{
	char cmd[512];
	FILE *p;
	size_t n = 0;
	int c;

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
	p = popen(cmd, "r");
	while ((c = fgetc(p)) != EOF)
		n += c == '\n';
	pclose(p);
	return n;
}

static void
test_outfile(void)
{
	char dir[] = "/tmp/fu-outfile.XXXXXX", path[512], buf[64];
	struct outfile o;
	struct stat st;
	FILE *fp;
	mode_t mask;

	T_OK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/11月第3周客户回访记录单.xlsx", dir);
	mask = umask(022);
	fp = outfile_open(&o, path, 0);
	T_OK(fp != NULL);
	fputs("hello\n", fp);
	/* Not under its real name until committed. */
	T_OK(!file_exists(path));
	T_INTEQ(count_entries(dir), 1);
	T_INTEQ(outfile_commit(&o), 0);
	T_OK(file_exists(path));
	T_INTEQ(count_entries(dir), 1);
	stat(path, &st);
	T_INTEQ(st.st_mode & 0777, 0644);
	fp = fopen(path, "r");
	T_STREQ(fgets(buf, sizeof(buf), fp), "hello\n");
	fclose(fp);

	/* Aborted: the old file stays, no temporary is left. */
	fp = outfile_open(&o, path, 0600);
	fputs("half", fp);
	outfile_abort(&o);
	T_INTEQ(count_entries(dir), 1);
	fp = fopen(path, "r");
	T_STREQ(fgets(buf, sizeof(buf), fp), "hello\n");
	fclose(fp);

	/* Reserved for a library that writes by name. */
	T_INTEQ(outfile_reserve(&o, path, 0600), 0);
	fp = fopen(o.tmp, "w");
	fputs("new\n", fp);
	fclose(fp);
	T_INTEQ(outfile_commit(&o), 0);
	stat(path, &st);
	T_INTEQ(st.st_mode & 0777, 0600);
	T_INTEQ(count_entries(dir), 1);

	/* A directory that does not exist. */
	snprintf(buf, sizeof(buf), "%s/no/such", dir);
	T_OK(outfile_open(&o, buf, 0) == NULL);
	T_INTEQ(errno, ENOENT);

	/* A read-only directory (unless root, who may write anyway). */
	if (geteuid() != 0) {
		chmod(dir, 0500);
		T_OK(outfile_open(&o, path, 0) == NULL);
		chmod(dir, 0700);
	}
	umask(mask);
	unlink(path);
	T_INTEQ(rmdir(dir), 0);
}

static void
test_progress(void)
{
	struct progress p;
	int master, saved;
	char *slave;

	/* In a test run stderr is a file or a pipe: silent. */
	saved = dup(2);
	dup2(open("/dev/null", O_WRONLY), 2);
	progress_init(&p, "x", 0);
	T_INTEQ(p.on, 0);
	/* On a terminal it speaks, unless told to be quiet (FU_QUIET). */
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master != -1 && grantpt(master) == 0 && unlockpt(master) == 0 &&
	    (slave = ptsname(master)) != NULL) {
		int fd = open(slave, O_RDWR | O_NOCTTY);

		dup2(fd, 2);
		close(fd);
		progress_init(&p, "x", 0);
		T_INTEQ(p.on, 1);
		progress_init(&p, "x", 1);
		T_INTEQ(p.on, 0);
	} else
		T_OK(!"a pseudo-terminal for the progress test");
	if (master != -1)
		close(master);
	dup2(saved, 2);
	close(saved);
}

/* A regular file is read in place; a pipe is copied, then read twice. */
static void
test_rereadable(void)
{
	FILE *fp = tmpfile(), *r;
	char buf[64];
	long long start = -1;
	int p[2];

	fputs("header\nrow\n", fp);
	fflush(fp);
	fseek(fp, 7, SEEK_SET);
	T_OK((r = fu_rereadable(fp, NULL, &start)) == fp);
	T_INTEQ(start, 7);
	fclose(fp);

	if (pipe(p) == -1)
		return;
	if (write(p[1], "a\tb\n1\t2\n", 8) != 8)
		return;
	close(p[1]);
	fp = fdopen(p[0], "r");
	r = fu_rereadable(fp, NULL, &start);
	T_OK(r != NULL && r != fp);
	T_INTEQ(start, 0);
	if (r != NULL) {
		T_INTEQ(fread(buf, 1, sizeof(buf), r), 8);
		T_OK(memcmp(buf, "a\tb\n1\t2\n", 8) == 0);
		fseek(r, 0, SEEK_SET);
		T_INTEQ(fread(buf, 1, sizeof(buf), r), 8);
		fclose(r);
	}
	fclose(fp);
}

/* Temporary files go to the directory given and leave no name behind. */
static void
test_tmpfile(void)
{
	char dir[] = "/tmp/fu-tmpdir.XXXXXX", buf[8];
	FILE *fp;
	int fd;

	if (mkdtemp(dir) == NULL)
		return;
	T_OK((fd = fu_tmpfd(dir)) != -1);
	T_INTEQ(write(fd, "abc", 3), 3);
	T_INTEQ(pread(fd, buf, 3, 0), 3);
	close(fd);
	T_OK((fp = fu_tmpfile(dir)) != NULL);
	if (fp != NULL) {
		fputs("xyz", fp);
		rewind(fp);
		T_INTEQ(fread(buf, 1, 3, fp), 3);
		fclose(fp);
	}
	/* Both were unlinked at once: the directory is empty. */
	T_INTEQ(rmdir(dir), 0);
	T_INTEQ(fu_tmpfd("/nonexistent-fu-dir"), -1);
	/* No directory: /tmp. */
	T_OK((fd = fu_tmpfd(NULL)) != -1);
	close(fd);
	T_OK((fd = fu_tmpfd("")) != -1);
	close(fd);
}

int
main(void)
{
	test_tmpfile();
	test_rereadable();
	test_output_errors();
	test_reporter();
	test_strtonum();
	test_outfile();
	test_progress();
	return t_done("test_util");
}
