/*
 * book.h: a workbook as fu writes it, over libxlsxwriter (Debian's
 * 1.1.4), with its traps kept away from the callers (STYLE.md 13):
 *
 * - the file is written to a temporary name in its directory (outfile)
 *   and renamed into place only when workbook_close succeeded; the
 *   workbook is closed (and freed) exactly once; mode 0600 (phones);
 * - sheet names are made valid and unique before libxlsxwriter sees
 *   them (book_sheet_name), so workbook_add_worksheet never returns
 *   NULL for a name and never reads an empty one;
 * - every lxw_error is checked: the first is kept and book_close fails
 *   with it (a write to an earlier row in constant_memory mode too);
 * - cells are strings, numbers, dates or blanks, never formulas: a note
 *   that begins with "=" stays text; ids and phones are text cells
 *   ("@") with Excel's "number stored as text" marker suppressed;
 * - column widths are measured as the cells are written, East Asian
 *   wide characters counting two;
 * - drop-down lists point at a hidden sheet 列表, never an inline list
 *   (over 255 bytes it aborts the program in 1.1.4);
 * - the decimal point is checked to be "." (numbers are printed with
 *   the current LC_NUMERIC).
 *
 * A table is a title row, a heading row and records, continued on
 * "NAME(2)", "NAME(3)", ... when a sheet is full (1,048,576 rows).
 */
#ifndef FU_BOOK_H
#define FU_BOOK_H

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

#include "base/err.h"
#include "base/outfile.h"

/* The formats of a book, each made once. */
enum book_fmt {
	BF_TITLE,		/* the title row: bold, large, centred */
	BF_HEAD,		/* a heading: bold, grey, bordered, centred */
	BF_TEXT,		/* text, bordered; "@": stays text when edited */
	BF_NOTE,		/* free text, bordered, wrapped */
	BF_PLAIN,		/* bordered, General: a cell to fill in */
	BF_INT,			/* a whole number */
	BF_MONEY,		/* two decimals */
	BF_NUM2,		/* two decimals (averages) */
	BF_PCT,			/* a rate as a percentage, one decimal */
	BF_DATE,		/* yyyy-mm-dd */
	BF_TIME,		/* yyyy-mm-dd hh:mm */
	BF_TOTAL,		/* a totals row's text: bold */
	BF_TOTAL_INT,
	BF_TOTAL_NUM2,
	BF_TOTAL_PCT,
	BF_N
};

/* A column of a table: its heading and the format of its cells. */
struct book_col {
	const char	*head;
	int		 fmt;		/* enum book_fmt */
};

struct book_list;

struct book {
	lxw_workbook	*wb;
	struct outfile	 out;
	lxw_format	*fmt[BF_N];
	uint32_t	 max_rows;	/* rows a sheet holds (tests: fewer) */
	int		 failed;	/* an error is in err */
	char		 err[FU_ERRBUF];
	/* private */
	char		**names;	/* sheet names taken, ASCII-lower */
	size_t		 nnames, namecap;
	struct book_list *list;		/* the columns of 列表 */
	size_t		 nlist;
};

struct book_sheet {
	struct book	*b;
	lxw_worksheet	*ws;
	char		*name;
	size_t		 ncol;
	double		*width;		/* widest cell of each column */
	uint32_t	 rows;		/* rows written: the next row */
};

struct book_table {
	struct book	*b;
	char		*base;		/* the first sheet's name */
	char		*title;
	const struct book_col *col;
	size_t		 ncol;
	int		 part;		/* sheets so far */
	long		 records;	/* records written, all sheets */
	struct book_sheet sh;		/* the sheet written now */
};

/*
 * Open a workbook to be written as path (its directory must exist),
 * created at time created (date.h seconds: the file's stated creation
 * time, so that the same input makes the same bytes); constant (1)
 * streams rows (constant_memory: rows in order, one temporary file a
 * sheet in tmpdir).  0, or -1 with err.
 */
int	 book_open(struct book *, const char *path, long long created,
	    int constant, const char *tmpdir, char *err);
/*
 * Write the file and rename it into place: 0, or -1 with err (the
 * first error of the book, or of closing it); the real name is then
 * untouched.  The book is freed either way.
 */
int	 book_close(struct book *, char *err);
/* Give up: free the book and remove the temporary file. */
void	 book_abort(struct book *);

/*
 * A valid sheet name from want, unique in the book (ignoring ASCII
 * case): none of []:*?/\ (each becomes "_"), no leading or trailing
 * "'", at most 31 characters (UTF-16 units, as Excel counts), never
 * empty ("未命名") nor "History"; "(2)", "(3)", ... is added to a name
 * taken.  The name is then taken.  The caller frees it.
 */
char	*book_sheet_name(struct book *, const char *want);

/*
 * A sheet of the name (made valid by book_sheet_name), with ncol
 * columns measured.  0, or -1 with the book's err set.
 */
int	 book_sheet_add(struct book *, struct book_sheet *, const char *,
	    size_t ncol);
/* Set the widths measured, and free what the sheet holds. */
void	 book_sheet_end(struct book_sheet *);

/*
 * Cells.  Each checks the library's answer (the first error is kept in
 * the book).  Text is written as a string whatever it looks like.
 */
void	 book_text(struct book_sheet *, uint32_t, size_t, const char *, int);
void	 book_textn(struct book_sheet *, uint32_t, size_t, const char *,
	    size_t, int);
void	 book_num(struct book_sheet *, uint32_t, size_t, double, int);
/* A date (date.h day number); a time (date.h seconds). */
void	 book_date(struct book_sheet *, uint32_t, size_t, int, int);
void	 book_time(struct book_sheet *, uint32_t, size_t, long long, int);
void	 book_blank(struct book_sheet *, uint32_t, size_t, int);
/* Width of text as Excel shows it: East Asian wide characters are 2. */
double	 book_text_width(const char *, size_t);

/*
 * The print setup of a record sheet: landscape, A4, fit to one page
 * wide, rows 0 to head repeated on each page, a footer "第 N 页，共 M
 * 页", frozen below row head.
 */
void	 book_sheet_print(struct book_sheet *, uint32_t head);
/* A title over the columns (merged), in row row. */
void	 book_sheet_title(struct book_sheet *, uint32_t, const char *);
/* The heading row: col's heads in row row. */
void	 book_sheet_heads(struct book_sheet *, uint32_t,
	    const struct book_col *, size_t);

/*
 * A drop-down list of values in a column of the hidden sheet 列表
 * (written at book_close): the formula that names them, as
 * "='列表'!$A$1:$A$11", owned by the book.  The same list asked for
 * twice is one column.
 */
const char *book_list(struct book *, const char *const *, size_t);
/* Rows first..last of column col of a sheet choose from a list. */
void	 book_dropdown(struct book_sheet *, uint32_t, uint32_t, size_t,
	    const char *formula);

/*
 * A table: sheet base, its title in row 0 and headings in row 1, then
 * one record a row, on base(2), base(3), ... past max_rows.  -1 with
 * the book's err.
 */
int	 book_table_start(struct book *, struct book_table *, const char *base,
	    const char *title, const struct book_col *, size_t);
/* The row of the next record, in t->sh (a new sheet when full). */
uint32_t book_table_row(struct book_table *);
/* Autofilter over what was written, widths, and free. */
void	 book_table_end(struct book_table *);

#endif
