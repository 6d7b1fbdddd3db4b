#!/bin/sh
# fu-summarize on a generated call log (samples/genlog.c: a year, 200
# stores, 40 agents, every outcome, scores, complaints, second dials,
# corrections; BENCH_SUM_ROWS rows, default 10M, about 1.3 GB), every
# column --by store,week, against peers that compute a few columns:
#   mlr --tsv stats1        count and mean of q1 by store, agent
#   sort | datamash -g      count and distinct ids by store, agent; and
#                           datamash alone on input sorted for it
#   sqlite3 GROUP BY        count, distinct ids, successes, mean q1 by
#                           store, week (the import not counted)
#   DuckDB read_csv         the same, 2 threads (npm @duckdb/node-api in
#                           $BENCH_DIR/duckdb; skipped without npm)
# Targets: 10x faster than mlr, faster than DuckDB, no slower than
# datamash on sorted input; memory flat in the rows.  BENCH_PEERS=0
# measures fu-summarize alone.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
rows=${BENCH_SUM_ROWS:-10000000}
log="$BENCH_DIR/calls-$rows.tsv"
gl="$BENCH_DIR/genlog"
cc -std=c11 -O2 -D_GNU_SOURCE -I"$top/lib" -o "$gl" "$top/samples/genlog.c" \
    "$FU_BUILD/libfu.a" -lm || exit 2
[ -s "$log" ] || "$gl" -n "$rows" >"$log" || exit 2
mb=$(du -m "$log" | cut -f1)
echo "call log: $rows rows, $mb MB"
export TZ=Asia/Shanghai
# Each program reads the log from the page cache, as the peers after
# fu-summarize and datamash's sorted copy (just written) do: read once
# before the first is timed, or the first pays for the disk (a run
# after make bench-week measured fu-summarize at 6.91 s, then 3.67 to
# 5.17 s run by hand).
cat "$log" >/dev/null

measure "fu-summarize --by store,week" \
    "'$FU_BUILD/fu-summarize' --by store,week '$log'"
t_fu=$secs
m_fu=$mib
# Memory flat in the rows: a tenth of the log.
head -n $((rows / 10 + 1)) "$log" >"$BENCH_DIR/calls-tenth.tsv"
measure "fu-summarize, a tenth" \
    "'$FU_BUILD/fu-summarize' --by store,week '$BENCH_DIR/calls-tenth.tsv'"
m_tenth=$mib
rm -f "$BENCH_DIR/calls-tenth.tsv"
echo "fu-summarize: peak $m_fu MiB ($m_tenth MiB on a tenth of the rows)"
[ "${BENCH_PEERS:-1}" = 0 ] && exit 0

command -v mlr >/dev/null 2>&1 && {
	measure "mlr stats1" "mlr --tsv stats1 -a count,mean -f q1 \
	    -g store,agent '$log'"
	echo "fu-summarize: $(ratio "$secs" "$t_fu")x faster than mlr" \
	    "(target 10x)"
}
if command -v datamash >/dev/null 2>&1; then
	measure "sort | datamash" "tail -n +2 '$log' | LC_ALL=C sort -t '	' \
	    -k4,4 -k17,17 -S 200M | datamash -g 4,17 count 1 countunique 2"
	tail -n +2 "$log" | LC_ALL=C sort -t '	' -k4,4 -k17,17 -S 200M \
	    >"$BENCH_DIR/calls-sorted.tsv"
	measure "datamash, sorted input" "datamash -g 4,17 count 1 \
	    countunique 2 <'$BENCH_DIR/calls-sorted.tsv'"
	rm -f "$BENCH_DIR/calls-sorted.tsv"
	echo "fu-summarize: $(ratio "$secs" "$t_fu")x the speed of datamash" \
	    "on sorted input (target 1x)"
else
	echo "datamash skipped: apt-get install datamash"
fi
if command -v sqlite3 >/dev/null 2>&1; then
	db="$BENCH_DIR/calls-$rows.db"
	[ -s "$db" ] || printf '.mode tabs\n.import %s log\n' "$log" |
	    sqlite3 "$db"
	measure "sqlite3 GROUP BY" "sqlite3 '$db' \"SELECT store, \
	    strftime('%Y-%W', substr(ts, 1, 10)) AS w, count(*), \
	    count(DISTINCT id), sum(outcome = 'success'), \
	    avg(nullif(q1, '')) FROM log GROUP BY store, w\""
	echo "fu-summarize: $(ratio "$secs" "$t_fu")x faster than sqlite3"
else
	echo "sqlite3 skipped: apt-get install sqlite3"
fi
duck="$BENCH_DIR/duckdb"
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1
then
	echo "DuckDB skipped: needs node and npm (apt-get install npm)"
elif [ ! -d "$duck/node_modules/@duckdb/node-api" ] &&
    ! npm install --no-audit --no-fund --prefix "$duck" \
    @duckdb/node-api >"$BENCH_DIR/npm.out" 2>&1; then
	echo "DuckDB skipped: npm install @duckdb/node-api failed" \
	    "(see $BENCH_DIR/npm.out)"
else
	cp "$(dirname "$0")/duckdb-summary.mjs" "$duck/"
	measure "DuckDB GROUP BY, 2 threads" \
	    "cd '$duck' && node duckdb-summary.mjs '$log'"
	echo "fu-summarize: $(ratio "$secs" "$t_fu")x faster than DuckDB" \
	    "(target above 1x)"
fi
