#!/bin/sh
# tests/rows.sh BUILD: 1,048,577 service records of one week: 记录 holds
# 1,048,576 rows (title, headings and 1,048,574 records) and the last 3
# go on to 记录(2), with its own title and headings.  About a minute:
# run by make check-office, not the suite.  Ends "N passed, N failed".
set -u
b=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/fu-rows.XXXXXX") || exit 2
trap 'rm -rf "$w"' EXIT INT TERM
export TZ=Asia/Shanghai LC_ALL=C.UTF-8 FU_QUIET=1
cd "$w" || exit 2
head -1 "$top/tests/golden/fu-report/week-service/calls.tsv" >calls.tsv
awk 'BEGIN { for (i = 1; i <= 1048577; i++) printf "2026-11-%02dT10:%02d\t%016x\tservice\t店%d\t客户%d\t138%08d\t1\tphone\tsuccess\t5\t4\t5\t\t\t\t\t张敏\t\t\t0000000000000000\n", 23 + i % 5, i % 60, i, i % 50, i, i }' >>calls.tsv
if "$top/$b/fu-report" week --week 2026-11-W4 --now 2026-12-01T09:00 \
    calls.tsv >out && /usr/bin/python3 - <<'PY'
import re, zipfile
z = zipfile.ZipFile("11月第4周客户回访记录单.xlsx")
wbx = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]*)"', wbx)
assert names == ["记录", "记录(2)", "本周汇总"], names
def last_rows(n):
    with z.open("xl/worksheets/sheet%d.xml" % n) as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 200000))
        tail = f.read().decode("utf-8", "replace")
    return re.findall(r'<row r="(\d+)"', tail)
assert last_rows(1)[-1] == "1048576", last_rows(1)[-1]
two = z.read("xl/worksheets/sheet2.xml").decode()
rows = re.findall(r'<row r="(\d+)"', two)
assert rows == ["1", "2", "3", "4", "5"], rows
assert "1048575" in two and "1048577" in two    # 序号 goes on
assert "2026年11月第4周客户回访记录单" in two and "序号" in two
PY
then
	echo "rows: 1 passed, 0 failed"
	echo "1 passed, 0 failed"
else
	echo "FAIL rows: 1,048,577 records"
	echo "0 passed, 1 failed"
	exit 1
fi
