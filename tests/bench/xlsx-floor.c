/*
 * xlsx-floor: the floor for fu-report's record sheet, libxlsxwriter
 * alone: the call log's lines split on tabs (no checks, no unescaping)
 * and the same 19 cells a row that fu-report writes for 附表1 (the same
 * formats, made once, in constant_memory mode), and nothing else.
 * Usage: xlsx-floor LOG OUT.xlsx
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

static lxw_format *
fmt(lxw_workbook *wb, const char *num)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_border(f, LXW_BORDER_THIN);
	if (num != NULL)
		format_set_num_format(f, num);
	return f;
}

int
main(int argc, char *argv[])
{
	lxw_workbook_options o = { LXW_TRUE, NULL, LXW_TRUE };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text, *in, *date;
	char *line = NULL, *f[32], ph[16];
	size_t cap = 0, n;
	lxw_row_t r = 2;
	lxw_datetime dt;
	ssize_t len;
	FILE *fp;

	if (argc != 3 || (fp = fopen(argv[1], "r")) == NULL)
		return 2;
	wb = workbook_new_opt(argv[2], &o);
	ws = workbook_add_worksheet(wb, "记录");
	text = fmt(wb, "@");
	in = fmt(wb, "0");
	date = fmt(wb, "yyyy-mm-dd");
	worksheet_merge_range(ws, 0, 0, 0, 18, "2026年11月第4周客户回访记录单",
	    NULL);
	for (n = 0; n < 19; n++)
		worksheet_write_string(ws, 1, (lxw_col_t)n, "标题", text);
	len = getline(&line, &cap, fp);		/* the header */
	while ((len = getline(&line, &cap, fp)) > 0) {
		line[len - 1] = '\0';
		f[0] = line;
		for (n = 1; n < 32 && (f[n] = strchr(f[n - 1], '\t')) != NULL;
		    n++)
			*f[n]++ = '\0';
		if (n < 20)
			continue;
		memset(&dt, 0, sizeof(dt));
		sscanf(f[0], "%d-%d-%d", &dt.year, &dt.month, &dt.day);
		snprintf(ph, sizeof(ph), "%.3s****%s", f[5], f[5] + 7);
		worksheet_write_number(ws, r, 0, r - 1, in);
		worksheet_write_datetime(ws, r, 1, &dt, date);
		worksheet_write_string(ws, r, 2, f[3], text);
		worksheet_write_string(ws, r, 3, f[4], text);
		worksheet_write_string(ws, r, 4, ph, text);
		worksheet_write_blank(ws, r, 5, date);
		worksheet_write_blank(ws, r, 6, in);
		worksheet_write_string(ws, r, 7, "电话", text);
		worksheet_write_number(ws, r, 8, atoi(f[6]), in);
		worksheet_write_string(ws, r, 9, "成功回访", text);
		worksheet_write_number(ws, r, 10, atoi(f[9]), in);
		worksheet_write_number(ws, r, 11, atoi(f[10]), in);
		worksheet_write_number(ws, r, 12, atoi(f[11]), in);
		worksheet_write_blank(ws, r, 13, text);
		worksheet_write_blank(ws, r, 14, text);
		worksheet_write_string(ws, r, 15, f[16], text);
		worksheet_write_string(ws, r, 16, "客户服务回访", text);
		worksheet_write_blank(ws, r, 17, text);
		worksheet_write_string(ws, r, 18, f[1], text);
		r++;
	}
	free(line);
	fclose(fp);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
