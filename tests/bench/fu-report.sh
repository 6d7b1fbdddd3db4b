#!/bin/sh
# fu-report: a week's 附表1 of 1M records (a 1M-line call log, 19 cells
# a row, then 本周汇总 from fu-summarize's library), against Python's
# XlsxWriter (constant_memory) writing the same record cells, and
# against xlsx-floor.c, libxlsxwriter alone writing them (the floor for
# this library: deflate at its fixed level is most of it).  fu-report's
# time includes its summary passes over the log.  Targets: at least 3
# times faster than Python, within 1.2 times the floor, a peak under 64
# MiB for the record sheet.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_ROWS:-1000000}
log="$BENCH_DIR/report-log-$n.tsv"
if [ ! -s "$log" ]; then
	head -1 "$top/tests/golden/fu-report/week-service/calls.tsv" >"$log"
	awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) { m = i % 360
		printf "2026-11-%02dT%02d:%02d\t%016x\tservice\t门店%03d\t客户%d\t138%08d\t1\tphone\tsuccess\t%d\t%d\t5\t\t\t\t\t客服%02d\t\t\t0000000000000000\n", 23 + i % 5, 10 + int(m / 60), m % 60, i, i % 200, i, i, 1 + i % 5, 1 + i % 4, i % 50 } }' >>"$log" || exit 2
fi
/usr/bin/python3 -c 'import xlsxwriter' 2>/dev/null ||
    { echo "bench: needs python3-xlsxwriter: apt-get install python3-xlsxwriter" >&2; exit 1; }
cc -std=c11 -O2 -D_GNU_SOURCE -o "$BENCH_DIR/xlsx-floor" \
    "$top/tests/bench/xlsx-floor.c" -lxlsxwriter || exit 2
echo "input: $n records, $(awk -v b="$(wc -c <"$log")" 'BEGIN { printf "%.0f", b / 1048576 }') MiB"
out="$BENCH_DIR/report-out"
rm -rf "$out"
mkdir -p "$out"
export TZ=Asia/Shanghai
measure fu-report "$FU_BUILD/fu-report week --week 2026-11-W4 --now 2026-12-01T09:00 -o '$out' '$log'"
fu=$secs fumib=$mib
measure "libxlsxwriter floor (C)" "'$BENCH_DIR/xlsx-floor' '$log' '$out/floor.xlsx'"
floor=$secs
measure "XlsxWriter (Python)" "/usr/bin/python3 '$top/tests/bench/xlsx-python.py' '$log' '$out/py.xlsx'"
py=$secs
echo "fu-report: $(ratio "$py" "$fu")x faster than Python XlsxWriter;" \
    "$(ratio "$fu" "$floor")x the libxlsxwriter floor; peak $fumib MiB"
