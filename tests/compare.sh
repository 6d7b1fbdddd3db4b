#!/bin/sh
# tests/compare.sh OLD NEW: a refactor keeps every byte.  Runs every
# golden case and a set of large generated inputs with the programs of
# build directory OLD and of NEW, and compares standard output, standard
# error, the exit status and every file each run leaves.  Prints one line
# per difference and "N same, N differ" last; exits 1 on a difference.
#
# OLD is typically a build of the commit before the change:
#   git worktree add /tmp/old HEAD~1 && make -C /tmp/old
#   sh tests/compare.sh /tmp/old/build build
# ROWS (default 200000) sizes the generated inputs; they are kept in
# ${CMP_DATA:-/tmp/fu-compare-data} between runs.
set -u
[ $# -eq 2 ] || { echo "usage: tests/compare.sh OLD NEW" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
old=$(cd "$1" && pwd) && new=$(cd "$2" && pwd) || exit 2
cd "$top" || exit 2
rows=${ROWS:-200000}
data=${CMP_DATA:-/tmp/fu-compare-data}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/fu-compare.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT INT TERM
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai FU_QUIET=1
unset FU_NOW FU_POLICY FU_LOG FU_HOLIDAYS FU_THREADS
same=0
differ=0

# run BIN DIR CMD STDIN: run CMD in DIR with BIN first on PATH.
run() {
	(cd "$2" && PATH="$1:$PATH" FU_TOP="$top" sh -c "$3" \
	    <"$4" >"$2/.stdout" 2>"$2/.stderr"; echo $? >"$2/.rc")
}

# compare NAME CMD STDIN [SETUP_DIR]
compare() {
	for side in old new; do
		rm -rf "$scratch/$side"
		mkdir -p "$scratch/$side"
		[ -n "${4:-}" ] && cp -R "$4/." "$scratch/$side/"
	done
	run "$old" "$scratch/old" "$2" "$3"
	run "$new" "$scratch/new" "$2" "$3"
	# Temporary names and the build path may appear in messages.
	for side in old new; do
		sed -i "s|$scratch/$side|DIR|g; s|$old|BUILD|g; s|$new|BUILD|g" \
		    "$scratch/$side/.stderr" "$scratch/$side/.stdout"
	done
	if dd=$(diff -r "$scratch/old" "$scratch/new" 2>&1); then
		same=$((same + 1))
	else
		differ=$((differ + 1))
		echo "DIFFER $1"
		printf "%s\n" "$dd" | head -20 | sed 's/^/	/'
	fi
}

for c in tests/golden/*/*/; do
	[ -f "$c/cmd" ] || continue
	c=${c%/}
	in=/dev/null
	[ -f "$c/stdin" ] && in="$top/$c/stdin"
	compare "golden ${c#tests/golden/}" "$(cat "$c/cmd")" "$in" "$c"
done

# Large inputs, made once.
mkdir -p "$data"
[ -x "$data/gen" ] || cc -std=c11 -O2 -o "$data/gen" samples/gen.c || exit 2
hol="$top/samples/holidays-cn.tsv"
[ -s "$data/sales.csv" ] || "$data/gen" -n "$rows" -s 200 -f 0.01 >"$data/sales.csv"
[ -s "$data/gift.csv" ] || "$data/gen" -k gift -n "$rows" -s 50 -f 0.01 >"$data/gift.csv"
[ -s "$data/service.csv" ] || "$data/gen" -k service -n "$rows" -s 50 -f 0.01 >"$data/service.csv"
if [ ! -s "$data/contacts.tsv" ]; then
	"$old/fu-import" "$data/sales.csv" "$data/gift.csv" "$data/service.csv" \
	    >"$data/contacts.tsv" 2>/dev/null
fi
if [ ! -s "$data/log.tsv" ]; then
	awk -F'\t' -v l="$data/log.tsv" 'BEGIN {
		print "ts\tid\ttype\tstore\tcustomer\tphone\tattempt\tmethod\toutcome\tq1\tq2\tq3\tcomplaint\tresolved\tgift_ok\tcallback\tagent\tnote\tsupersedes\tchain" > l
		split("success no_answer busy callback success success refused success no_answer", oc, " ") }
	    NR > 1 && NR % 3 == 0 { o = oc[1 + NR % 9]
		printf "2026-11-%02dT10:%02d\t%s\t%s\t%s\t%s\t%s\t1\tphone\t%s\t%d\t\t\t\t\t\t%s\t客服%03d\t\t\t0000000000000000\n", 2 + NR % 12, NR % 60, $1, $2, $3, $6, $7, o, 1 + NR % 5, o == "callback" ? "2026-11-18T15:00" : "", 1 + NR % 20 > l }' \
	    "$data/contacts.tsv"
fi
agents=$(awk 'BEGIN { for (i = 1; i <= 20; i++) printf "%s客服%03d", (i > 1 ? "," : ""), i }')
d="$data"
compare "import large" "fu-import -r rej.tsv '$d/sales.csv' '$d/gift.csv' '$d/service.csv'" /dev/null
compare "import large 1 thread" "FU_THREADS=1 fu-import '$d/sales.csv'" /dev/null
compare "import large stdin" "fu-import -" "$d/gift.csv"
[ -s "$data/export.csv" ] || "$data/gen" -E -n "$rows" -s 200 >"$data/export.csv"
compare "import export-shaped" "fu-import -r rej.tsv '$d/export.csv'" /dev/null
compare "import export-shaped check" "fu-import --check '$d/export.csv'" /dev/null
for w in 2026-11-W2 2026-11-W3 2026-11-W4; do
	compare "sample large $w" "fu-sample --week $w --seed 7 '$d/contacts.tsv'" /dev/null
	compare "sample large $w log" "fu-sample --week $w --seed 7 --log '$d/log.tsv' '$d/contacts.tsv'" /dev/null
done
compare "due large" "FU_HOLIDAYS='$hol' fu-due --now 2026-11-16T08:00 --agents '$agents' -l '$d/log.tsv' --overflow over.tsv '$d/contacts.tsv'" /dev/null
compare "due large no log" "FU_HOLIDAYS='$hol' fu-due --week 2026-11-W4 --now 2026-11-20T08:00 --agents '$agents' --overflow over.tsv '$d/contacts.tsv'" /dev/null
compare "due large pipe" "FU_HOLIDAYS='$hol' fu-due --now 2026-11-16T08:00 --agents '$agents' -l - '$d/contacts.tsv'" "$d/log.tsv"
if [ ! -s "$data/batch.tsv" ]; then
	awk -F'\t' -v b="$data/batch.tsv" 'BEGIN { print "id\toutcome\tq1\tq2\tagent\tts\tnote" > b }
	    NR > 1 && NR % 2 == 0 { printf "%s\t%s\t%d\t%d\t客服%02d\t2026-11-%02dT%02d:%02d:%02d\t\n", $1, NR % 7 ? "success" : "no_answer", 1 + NR % 5, 1 + NR % 4, NR % 50, 2 + NR % 20, 10 + NR % 6, NR % 60, NR % 59 > b }' \
	    "$data/contacts.tsv"
fi
compare "record large" "FU_NOW=2026-11-23T20:00 fu-record -l log.tsv --no-sync --contacts '$d/contacts.tsv' --batch '$d/batch.tsv' && FU_NOW=2026-11-23T20:00 fu-record -l log.tsv --no-sync --contacts '$d/contacts.tsv' --batch '$d/batch.tsv'; fu-record -l log.tsv --verify" /dev/null
compare "record onto log" "cp '$d/log.tsv' log.tsv && FU_NOW=2026-11-23T20:00 fu-record -l log.tsv --no-sync --contacts '$d/contacts.tsv' --batch '$d/batch.tsv'" /dev/null
echo "$same same, $differ differ"
[ "$differ" -eq 0 ]
