#!/bin/sh
# tests/office.sh BUILD: the workbooks as LibreOffice opens them.  Each
# workbook fu-report writes (the call list, both weekly forms, the
# month, a first month without a log) made from the golden cases'
# fixtures, converted by LibreOffice headless to CSV, every sheet
# (soffice --convert-to csv, sheet -1), without error, and each sheet's
# cells equal to openpyxl's reading of the same file (text exactly,
# numbers to 1e-9, percentages as shown, dates as YYYY-MM-DD); and to
# PDF (a CJK font: fonts-wqy-microhei), a file to look at in
# $OFFICE_KEEP when that is set.  Without soffice it says so and counts
# nothing.  Ends with "N passed, N failed".
set -u
b=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v soffice >/dev/null 2>&1; then
	echo "office: soffice missing (apt-get install libreoffice-calc-nogui" \
	    "fonts-wqy-microhei): skipped"
	echo "0 passed, 0 failed"
	exit 0
fi
w=$(mktemp -d "${TMPDIR:-/tmp}/fu-office.XXXXXX") || exit 2
trap 'rm -rf "$w"' EXIT INT TERM
export TZ=Asia/Shanghai LC_ALL=C.UTF-8 FU_QUIET=1 HOME="$w"
g="$top/tests/golden/fu-report"
r="$top/$b/fu-report"
cd "$w" || exit 2
"$r" calls --day 2026-11-23 --now 2026-11-23T08:00 \
    "$g/calls-roundtrip/due.tsv" >/dev/null &&
"$r" week --week 2026-11-W4 --now 2026-12-01T09:00 \
    --contacts "$g/week-service/contacts.tsv" "$g/week-service/calls.tsv" \
    >/dev/null &&
"$r" week --kind gift --week 2026-11-W4 --now 2026-12-01T09:00 \
    --contacts "$g/week-service/contacts.tsv" "$g/week-service/calls.tsv" \
    >/dev/null &&
"$r" month --month 2026-11 --now 2026-12-02T09:00 \
    --contacts "$g/week-service/contacts.tsv" "$g/week-service/calls.tsv" \
    >/dev/null &&
"$r" month --month 2026-10 --now 2026-11-02T09:00 "$w/no-log-yet.tsv" \
    >/dev/null 2>&1 || { echo "office: fu-report failed"; echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0
i=0
for f in *.xlsx; do
	i=$((i + 1))
	mkdir "b$i" && cp "$f" "b$i/book.xlsx"
	(cd "b$i" && soffice --headless --convert-to \
	    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	    book.xlsx >lo.out 2>&1 && soffice --headless --convert-to pdf \
	    book.xlsx >>lo.out 2>&1)
	if [ -s "b$i/book.pdf" ] && /usr/bin/python3 - "b$i" <<'PY'
import csv, datetime, glob, os, sys
import openpyxl
d = sys.argv[1]
wb = openpyxl.load_workbook(os.path.join(d, "book.xlsx"))
bad = []
for ws in wb.worksheets:
    if ws.sheet_state != "visible":
        continue
    path = os.path.join(d, "book-%s.csv" % ws.title)
    if not os.path.exists(path):
        sys.exit("no CSV of sheet %s" % ws.title)
    lo = list(csv.reader(open(path, encoding="utf-8")))
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            try:
                got = lo[c.row - 1][c.column - 1]
            except IndexError:
                got = ""
            if v is None:
                ok = got == "" or c.coordinate in ws.merged_cells
            elif isinstance(v, datetime.datetime):
                ok = got.startswith(v.strftime("%Y-%m-%d"))
            elif isinstance(v, (int, float)):
                g = got.replace(",", "")
                if g.endswith("%"):
                    ok = abs(float(g[:-1]) / 100 - v) < 1e-9
                else:
                    ok = abs(float(g) - v) < 1e-9
            else:
                ok = got == str(v)
            if not ok:
                bad.append("%s!%s: openpyxl %r, LibreOffice %r" %
                           (ws.title, c.coordinate, v, got))
if bad:
    sys.exit("\n".join(bad[:10]))
PY
	then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL office $f"
		sed 's/^/	/' "b$i/lo.out" | head -5
	fi
	[ -n "${OFFICE_KEEP:-}" ] && mkdir -p "$OFFICE_KEEP" &&
	    cp "b$i/book.pdf" "$OFFICE_KEEP/${f%.xlsx}.pdf"
done
echo "office workbooks: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
