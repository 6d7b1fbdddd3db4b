# tests/sheets/make.py SALES.xlsx LABEL.xlsx: two workbooks as stores
# keep them, for tests/sheets.sh to save as CSV with LibreOffice.
#   SALES: a title row over the header, real dates and amounts formatted
#          #,##0.00 (saved as shown: "1,580.00", quoted), a landline in a
#          number cell (its 0 lost), 合计 under the rows, 制表人 and 审核
#   LABEL: a label row above the header (门店,城东店,日期,2026年11月),
#          totals as 合 计, 本页合计 and 合<U+3000>计
import datetime
import sys

from openpyxl import Workbook

rows = [
    ("城东店", datetime.date(2026, 11, 3), "王建军", "13800138000", 100, "电视"),
    ("城东店", datetime.date(2026, 11, 4), "李丽", "13800138001", 200, "冰箱"),
    ("城东店", datetime.date(2026, 11, 5), "张伟", "13800138002", 1580,
     "空调,挂机"),
    ("城东店", datetime.date(2026, 11, 6), "赵敏", 57188886666, 300, "洗衣机"),
]
header = ["门店", "日期", "客户", "电话", "金额", "商品"]


def put(ws, row):
    ws.append(list(row))
    ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
    ws.cell(ws.max_row, 5).number_format = "#,##0.00"


wb = Workbook()
ws = wb.active
ws.title = "销售"
ws.append(["2026年11月销售明细"])
ws.merge_cells("A1:F1")
ws.append(header)
for r in rows:
    put(ws, r)
ws.append(["合计", None, None, None, 2180, None])
ws.cell(ws.max_row, 5).number_format = "#,##0.00"
ws.append(["制表人：张三"])
ws.append(["审核：李四"])
wb.save(sys.argv[1])

wb = Workbook()
ws = wb.active
ws.title = "明细"
ws.append(["门店", "城东店", "日期", "2026年11月"])
ws.append(header)
for r in rows[:2]:
    put(ws, r)
for label in ("合 计", "本页合计", "合\u3000计"):
    ws.append([label, None, None, None, 300, None])
wb.save(sys.argv[2])
