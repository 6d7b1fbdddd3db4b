#!/usr/bin/python3
"""sumsheet.py BOOK SHEET KEYHEAD SUMMARY.tsv KEYCOL [COL=VALUE [TOTAL.tsv]]

A summary table of a workbook against fu-summarize's TSV: the table
whose heading row starts with KEYHEAD on SHEET; each of its rows is the
summary row whose KEYCOL is the row's first cell (and COL is VALUE),
every figure equal (rates to the 4 decimals of the TSV; an empty figure
an empty cell); a group without a name is "（空）", and left out when
it has no calls; a group whose figures in the table are all 0 may be
left out.  The 合计 row is the totals row of SUMMARY, or with
COL=VALUE the row of TOTAL.tsv (fu-summarize --by COL) whose COL is
VALUE.  Every summary row of the filter must be in the table.  Exit 1
with the first difference.
"""
import csv
import sys

import openpyxl

METRIC = {
    "回访客户": "contacts", "已回访": "contacts", "拨打": "dials",
    "成功": "success", "成功率": "success_rate", "满意度": "satisfied",
    "投诉": "complaints", "已解决": "resolved", "解决率": "resolution_rate",
    "失访": "lost", "第三次拨打": "third_dials", "时段外": "outside_window",
    "集中一天": "bunched", "周目标": "quota_target",
    "提报礼品": "gift_submitted", "已核查": "gift_checked",
    "覆盖率": "gift_coverage", "误差(不符)": "gift_mismatch",
    "误差": "gift_mismatch", "应回访": "planned", "礼品核查": "gift_checked",
    "回访需求": "requests",
}


def rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))


def same(cell, want):
    if want == "":
        return cell is None
    if cell is None:
        return False
    return abs(float(cell) - float(want)) < 5e-5


def main():
    book, sheet, keyhead, sumf, keycol = sys.argv[1:6]
    filt = sys.argv[6].split("=", 1) if len(sys.argv) > 6 else None
    total = rows(sys.argv[7]) if len(sys.argv) > 7 else None
    summ = rows(sumf)
    if filt:
        groups = [r for r in summ if r[filt[0]] == filt[1]]
        tot = [r for r in total if r[filt[0]] == filt[1]][0]
    else:
        groups = [r for r in summ if list(r.values())[0] != "合计"]
        tot = [r for r in summ if list(r.values())[0] == "合计"][0]
    ws = openpyxl.load_workbook(book)[sheet]
    table = list(ws.iter_rows(values_only=True))
    start = [i for i, r in enumerate(table) if r[0] == keyhead][0]
    head = table[start]
    seen = set()
    n = 0
    for r in table[start + 1:]:
        if r[0] is None:
            break
        key = "" if r[0] == "（空）" else r[0]
        want = tot if r[0] == "合计" else \
            [g for g in groups if g[keycol] == key][0]
        seen.add(key)
        for h, v in zip(head, r):
            if h in METRIC and not same(v, want[METRIC[h]]):
                sys.exit("%s %s %s: %r, fu-summarize %r" %
                         (sheet, r[0], h, v, want[METRIC[h]]))
            n += 1
    # a group without a name and without calls is left out
    # and so is one whose figures in the table are all 0 or empty
    def zero(g):
        return all(g[METRIC[h]] in ("", "0", "0.0000") for h in head
                   if h in METRIC)
    missing = [g[keycol] for g in groups if g[keycol] not in seen and
               (g[keycol] != "" or g["dials"] != "0") and not zero(g)]
    if missing or "合计" not in seen:
        sys.exit("%s: rows missing: %s" % (sheet, missing or "合计"))
    print("%s %s: %d cells as fu-summarize" % (sheet, keyhead, n))


main()
