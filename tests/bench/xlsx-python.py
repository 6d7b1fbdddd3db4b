#!/usr/bin/python3
"""xlsx-python.py LOG OUT.xlsx: fu-report's record sheet in Python's
XlsxWriter (constant_memory): the same 19 cells a row as xlsx-floor.c."""
import datetime
import sys

import xlsxwriter

wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = wb.add_worksheet("记录")
text = wb.add_format({"border": 1, "num_format": "@"})
num = wb.add_format({"border": 1, "num_format": "0"})
date = wb.add_format({"border": 1, "num_format": "yyyy-mm-dd"})
ws.merge_range(0, 0, 0, 18, "2026年11月第4周客户回访记录单")
for c in range(19):
    ws.write_string(1, c, "标题", text)
r = 2
with open(sys.argv[1], encoding="utf-8") as f:
    next(f)
    for line in f:
        x = line.rstrip("\n").split("\t")
        d = datetime.datetime.strptime(x[0][:10], "%Y-%m-%d")
        ws.write_number(r, 0, r - 1, num)
        ws.write_datetime(r, 1, d, date)
        ws.write_string(r, 2, x[3], text)
        ws.write_string(r, 3, x[4], text)
        ws.write_string(r, 4, x[5][:3] + "****" + x[5][7:], text)
        ws.write_blank(r, 5, None, date)
        ws.write_blank(r, 6, None, num)
        ws.write_string(r, 7, "电话", text)
        ws.write_number(r, 8, int(x[6]), num)
        ws.write_string(r, 9, "成功回访", text)
        ws.write_number(r, 10, int(x[9]), num)
        ws.write_number(r, 11, int(x[10]), num)
        ws.write_number(r, 12, int(x[11]), num)
        ws.write_blank(r, 13, None, text)
        ws.write_blank(r, 14, None, text)
        ws.write_string(r, 15, x[16], text)
        ws.write_string(r, 16, "客户服务回访", text)
        ws.write_blank(r, 17, None, text)
        ws.write_string(r, 18, x[1], text)
        r += 1
wb.close()
