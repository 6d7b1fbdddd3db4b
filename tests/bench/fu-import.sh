#!/bin/sh
# fu-import on 1M generated sales rows shaped as real exports (gen -E:
# 35% of amounts quoted with a thousands separator, quoted commas and
# newlines, messy phones and dates, 1% duplicates; about 100 MB)
# against:
#   mlr --icsv --otsv cat     CSV to TSV, no normalization
#   DuckDB's CSV reader       read_csv(all_varchar) to TSV, 2 threads
#                             (npm @duckdb/node-api, installed into
#                             $BENCH_DIR/duckdb; skipped without npm)
#   cat
# Each the fastest of BENCH_RUNS runs (default 3), all in one run of
# this script.  Targets: at least 5x faster than mlr and 1.5x faster
# than DuckDB; peak memory under 80 MiB.
set -u
. "$(dirname "$0")/lib.sh"
BENCH_RUNS=${BENCH_RUNS:-3}
rows=${BENCH_ROWS:-1000000}
in="$BENCH_DIR/export-$rows.csv"
[ -s "$in" ] || "$BENCH_DIR/gen" -E -n "$rows" -s 200 >"$in" || exit 2
mb=$(awk -v b="$(wc -c <"$in")" 'BEGIN { printf "%.0f", b / 1048576 }')
echo "input: $rows export-shaped sales rows, $mb MiB"

duck="$BENCH_DIR/duckdb"
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1
then
	echo "DuckDB skipped: needs node and npm (apt-get install npm)"
	duck=""
elif [ ! -d "$duck/node_modules/@duckdb/node-api" ] &&
    ! npm install --no-audit --no-fund --prefix "$duck" \
    @duckdb/node-api >"$BENCH_DIR/npm.out" 2>&1; then
	echo "DuckDB skipped: npm install @duckdb/node-api failed" \
	    "(see $BENCH_DIR/npm.out)"
	duck=""
fi
[ -n "$duck" ] && cp "$(dirname "$0")/duckdb-csv.mjs" "$duck/"

measure "cat" "cat '$in'"
t_cat=$secs
measure "mlr --icsv --otsv cat" "mlr --icsv --otsv cat '$in'"
t_mlr=$secs
if [ -n "$duck" ]; then
	measure "DuckDB read_csv, 2 threads" \
	    "cd '$duck' && node duckdb-csv.mjs '$in'"
	t_duck=$secs
fi
measure "fu-import" "'$FU_BUILD/fu-import' '$in'"
t_fu=$secs
m_fu=$mib
echo "fu-import: $(ratio "$t_mlr" "$t_fu")x faster than mlr (target 5x);" \
    "$(awk -v m="$mb" -v t="$t_fu" 'BEGIN { printf "%.0f", m / (t > 0 ? t : 0.001) }') MiB/s;" \
    "cat is $(ratio "$t_fu" "$t_cat")x faster than fu-import"
[ -n "$duck" ] &&
    echo "fu-import: $(ratio "$t_duck" "$t_fu")x faster than DuckDB (target 1.5x)"
echo "fu-import: peak $m_fu MiB (target under 80 MiB)"
