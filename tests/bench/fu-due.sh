#!/bin/sh
# fu-due: 1M contacts and a 1M-row call log into a due list for 200
# agents, against sort -k3,3 of the contacts (one pass and a sort).
# Target: within 2x of the sort; under 64 bytes a contact.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_ROWS:-1000000}
contacts="$BENCH_DIR/due-contacts-$n.tsv"
log="$BENCH_DIR/due-log-$n.tsv"
agents=$(awk 'BEGIN { for (i = 1; i <= 200; i++) printf "%s客服%03d", (i > 1 ? "," : ""), i }')
if [ ! -s "$log" ]; then
	awk -v n="$n" -v c="$contacts" -v l="$log" 'BEGIN {
		print "id\ttype\tstore\tstore_size\tdate\tcustomer\tphone\tamount\titem\tsrc" > c
		print "ts\tid\ttype\tstore\tcustomer\tphone\tattempt\tmethod\toutcome\tq1\tq2\tq3\tcomplaint\tresolved\tgift_ok\tcallback\tagent\tnote\tsupersedes\tchain" > l
		split("success no_answer busy callback success success refused success", oc, " ")
		for (i = 1; i <= n; i++) {
			printf "d0e1f2a3%08x\t%s\t门店%03d\tlarge\t2026-11-%02d\t客户%d\t138%08d\t%d.00\t冰箱\tbench.csv:%d\n", i, i % 10 == 0 ? "gift" : "service", i % 300, 1 + i % 12, i, i, 1500 + i % 4000, i + 1 > c
			o = oc[1 + i % 8]
			printf "2026-11-%02dT10:%02d\td0e1f2a3%08x\tservice\t门店%03d\t客户%d\t138%08d\t1\tphone\t%s\t%d\t\t\t\t\t\t%s\t客服%03d\t\t\t0000000000000000\n", 9 + i % 5, i % 60, (i * 7) % n + 1, i % 300, i, i, o, 1 + i % 5, o == "callback" ? "2026-11-18T15:00" : "", 1 + i % 200 > l
		} }' || exit 2
fi
echo "input: $n contacts ($(awk -v b="$(wc -c <"$contacts")" 'BEGIN { printf "%.0f", b / 1048576 }') MiB), $n log rows"
measure "sort -k3,3 contacts" "sort -t'$(printf '\t')' -k3,3 '$contacts'"
t_sort=$secs
measure "fu-due (200 agents)" "FU_HOLIDAYS='$top/samples/holidays-cn.tsv' '$FU_BUILD/fu-due' --now 2026-11-16T08:00 --agents '$agents' -l '$log' --overflow '$BENCH_DIR/due-over.tsv' '$contacts'"
t_fu=$secs
echo "fu-due: $(ratio "$t_fu" "$t_sort")x the sort (target 2x); $(awk -v k="$mib" -v n="$n" 'BEGIN { printf "%.0f", k * 1048576 / n }') bytes a contact (target 64)"
tail -1 "$BENCH_DIR/err.out"
rm -f "$BENCH_DIR/due-over.tsv"
