#!/bin/sh
# fu-sample on 10M generated gift rows over 200 stores (about 1 GB of
# contacts), rotation off so that every store is drawn (40% of the rows
# come out), against:
#   mlr --tsv sample -k K -g store   grouped uniform reservoir sampling,
#                                    K = 40% of a store (it cannot weight;
#                                    it holds every row)
#   shuf -n N                        a whole-file uniform sample of as many
#                                    rows as fu-sample draws (no groups)
#   cat                              reading and writing the file
# Targets: at least 20x faster than mlr, faster than shuf -n, peak
# memory under 32 bytes a row.
#
# mlr needs 2 to 4 KB a row.  When 4 KB a row is more than a quarter of
# the available memory, it runs on the first rows that fit, and its time
# is scaled up to all of them linearly (said so; its time grows faster
# than that, so the ratio is understated): a shared machine is not
# pushed into swap or the OOM killer.
set -u
. "$(dirname "$0")/lib.sh"
rows=${BENCH_ROWS:-10000000}
stores=200
in="$BENCH_DIR/gift-$rows.tsv"
if [ ! -s "$in" ]; then
	"$BENCH_DIR/gen" -k gift -n "$rows" -s "$stores" -f 0 |
	    "$FU_BUILD/fu-import" >"$in.tmp" 2>/dev/null &&
	    mv "$in.tmp" "$in" || exit 2
fi
n=$(($(wc -l <"$in") - 1))
mb=$(awk -v b="$(wc -c <"$in")" 'BEGIN { printf "%.0f", b / 1048576 }')
policy="$BENCH_DIR/sample-policy.tsv"
printf 'rotation\toff\n' >"$policy"
fu="'$FU_BUILD/fu-sample' --policy '$policy' --week 2026-11-W3"
drawn=$(sh -c "$fu '$in'" 2>/dev/null | tail -n +2 | wc -l)
k=$(((n / stores * 2 + 4) / 5))
echo "input: $n gift rows, $stores stores, $mb MiB; fu-sample draws $drawn"

measure "cat" "cat '$in'"
t_cat=$secs
measure "shuf -n $drawn" "shuf -n $drawn '$in'"
t_shuf=$secs
measure "fu-sample" "$fu '$in'"
t_fu=$secs
kib_fu=$(tail -n 1 "$BENCH_DIR/time.out" | cut -d' ' -f2)

avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
mrows=$(awk -v a="$avail" -v n="$n" 'BEGIN {
	m = int(a * 1024 / 4 / 4000 / 1000000) * 1000000
	if (m < 1000000) m = 1000000
	print (m < n ? m : n) }')
if [ "$mrows" -lt "$n" ]; then
	part="$BENCH_DIR/gift-$rows-head-$mrows.tsv"
	[ -s "$part" ] || head -n $((mrows + 1)) "$in" >"$part"
	measure "mlr sample -g store ($mrows)" \
	    "mlr --tsv sample -k $k -g store '$part'"
	t_mlr=$(awk -v t="$secs" -v n="$n" -v m="$mrows" \
	    'BEGIN { printf "%.2f", t * n / m }')
	echo "mlr: $mrows rows in $secs s: $t_mlr s for $n rows, scaled"
else
	measure "mlr sample -k $k -g store" \
	    "mlr --tsv sample -k $k -g store '$in'"
	t_mlr=$secs
fi

bpr=$(awk -v k="$kib_fu" -v n="$n" 'BEGIN { printf "%.1f", k * 1024 / n }')
echo "fu-sample: $(ratio "$t_mlr" "$t_fu")x faster than mlr (target 20x);" \
    "$(ratio "$t_shuf" "$t_fu")x shuf -n's speed (target above 1);" \
    "cat is $(ratio "$t_fu" "$t_cat")x faster"
echo "fu-sample: peak $bpr bytes a row (target under 32)"
