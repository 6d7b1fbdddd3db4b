/*
 * outfile.h: output files written under a temporary name in the same
 * directory (".NAME.XXXXXX") and renamed into place only when complete,
 * so a crash or a full disk never leaves a half file under a real name.
 * A name that is a device or a FIFO (/dev/stdout, /dev/full) is written
 * as it is, never replaced by a file.
 */
#ifndef FU_OUTFILE_H
#define FU_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

struct outfile {
	char	*path;		/* the real name */
	char	*tmp;		/* the temporary name, while open */
	FILE	*fp;		/* NULL for outfile_reserve */
	mode_t	 mode;
	int	 direct;	/* a device or FIFO, written as it is */
};

/*
 * Create the temporary file and open it for writing.  mode 0 means
 * 0666 less the umask.  NULL with errno on failure (nothing is left).
 */
FILE	*outfile_open(struct outfile *, const char *, mode_t);
/*
 * Create the temporary file for a library that writes by name (such as
 * libxlsxwriter): its name is o->tmp.  -1 with errno on failure.
 */
int	 outfile_reserve(struct outfile *, const char *, mode_t);
/*
 * Flush, sync, close and rename into place.  -1 with errno on failure,
 * and then the temporary file is removed and the real name untouched.
 */
int	 outfile_commit(struct outfile *);
/* Give up: close and remove the temporary file. */
void	 outfile_abort(struct outfile *);

#endif
