#!/bin/sh
# fu-import on 1M generated sales rows shaped as real exports (gen -E:
# 35% of amounts quoted with a thousands separator, quoted commas and
# newlines, messy phones and dates, 1% duplicates; about 100 MB)
# against mlr --icsv --otsv cat (no normalization) and cat.
# Targets: at least 5x faster than mlr; peak memory under
# 64 MB + 16 bytes a distinct row.
set -u
. "$(dirname "$0")/lib.sh"
rows=${BENCH_ROWS:-1000000}
in="$BENCH_DIR/export-$rows.csv"
[ -s "$in" ] || "$BENCH_DIR/gen" -E -n "$rows" -s 200 >"$in" || exit 2
mb=$(awk -v b="$(wc -c <"$in")" 'BEGIN { printf "%.0f", b / 1048576 }')
echo "input: $rows export-shaped sales rows, $mb MiB"
measure "cat" "cat '$in'"
t_cat=$secs
measure "mlr --icsv --otsv cat" "mlr --icsv --otsv cat '$in'"
t_mlr=$secs
measure "fu-import" "'$FU_BUILD/fu-import' '$in'"
t_fu=$secs
m_fu=$mib
distinct=$("$FU_BUILD/fu-import" "$in" 2>/dev/null | tail -n +2 | wc -l)
limit=$(awk -v n="$distinct" 'BEGIN { printf "%.1f", 64 + 16 * n / 1048576 }')
echo "fu-import: $(ratio "$t_mlr" "$t_fu")x faster than mlr (target 5x);" \
    "$(awk -v m="$mb" -v t="$t_fu" 'BEGIN { printf "%.0f", m / (t > 0 ? t : 0.001) }') MiB/s;" \
    "cat is $(ratio "$t_fu" "$t_cat")x faster than fu-import"
echo "fu-import: peak $m_fu MiB for $distinct distinct rows (target under $limit MiB)"
