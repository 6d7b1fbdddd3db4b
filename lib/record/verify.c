/* verify.c: the log checked (--verify), repaired (--mend); see record.h. */
#include <stdio.h>

#include "base/err.h"
#include "log/logfile.h"
#include "record/record.h"

int
rec_verify(const char *path)
{
	struct logfile lf;
	char err[FU_ERRBUF];
	int r;

	if (logfile_open(&lf, path, LOG_TORN_OK, err) == -1) {
		fu_warnx("%s", err);
		logfile_close(&lf);
		return FU_EXIT_FATAL;
	}
	r = logfile_verify(&lf, err);
	/* A mend's own record is no call. */
	lf.records -= lf.mends;
	if (r == -1)
		fu_warnx("%s", err);
	else if (r == 0 && lf.mended > 0 && lf.mends > 0)
		fu_warnx("%s: %ld record%s, the chain is whole across the %ld "
		    "damaged line%s mended out to %s.bad (from line %ld); the "
		    "mend is recorded at line %ld (%s)", path, lf.records,
		    lf.records == 1 ? "" : "s", lf.mended, lf.mended == 1 ? "" :
		    "s", path, lf.mended_line, lf.mend_line, lf.mend_ts);
	else if (r == 0 && lf.mended > 0)
		fu_warnx("%s: %ld record%s, the chain is whole across the %ld "
		    "damaged line%s mended out to %s.bad (from line %ld)", path,
		    lf.records, lf.records == 1 ? "" : "s", lf.mended,
		    lf.mended == 1 ? "" : "s", path, lf.mended_line);
	else if (r == 0)
		fu_warnx("%s: %ld record%s, the chain is whole", path,
		    lf.records, lf.records == 1 ? "" : "s");
	logfile_close(&lf);
	return r == -1 ? FU_EXIT_FATAL : r == 1 ? FU_EXIT_DATA : FU_EXIT_OK;
}

int
rec_mend(const char *path, long long now, const char *agent)
{
	struct logfile lf;
	char err[FU_ERRBUF];
	long moved;

	/* Opened for writing: locked, and a torn last line moved aside. */
	if (logfile_open(&lf, path, LOG_WRITE, err) == -1 ||
	    (moved = logfile_mend(&lf, now, agent, err)) == -1) {
		fu_warnx("%s", err);
		logfile_close(&lf);
		return FU_EXIT_FATAL;
	}
	if (moved == 0)
		fu_warnx("%s: no damaged line; nothing to mend", path);
	else
		fu_warnx("%s: %ld damaged line%s moved to %s.bad, with %s, "
		    "and the mend recorded in the log; the log can be appended "
		    "to again (fu-record --verify checks it)", path, moved, moved == 1 ? "" : "s", path,
		    moved == 1 ? "its line number" : "their line numbers");
	logfile_close(&lf);
	return FU_EXIT_OK;
}
