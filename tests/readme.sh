#!/bin/sh
# tests/readme.sh BUILD: the README's "A week, start to finish" block,
# run as written in a scratch copy of samples/ with BUILD's programs,
# each command line checked for its exit status (0, or N where the line
# ends "# exit N"); and each of its fu- and play-week lines is a line of
# samples/demo.sh, so that make demo and the README stay the same
# commands.  One line per breach; exit 1 if there is any.
set -u
b=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/fu-readme.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
bad=0

awk '/^## A week, start to finish/ { on = 1; next }
    on && /^```sh/ { inblock = 1; next }
    inblock && /^```/ { exit }
    inblock' README.md >"$work/block"
[ -s "$work/block" ] || { echo "readme: no shell block under 'A week, start to finish'"; exit 1; }

# The block as a script: each command line followed by its status check.
awk -v q="'" '
    /^[[:space:]]*(#|$)/ { next }
    {
	want = 0
	if (match($0, /# exit [0-9]+$/))
		want = substr($0, RSTART + 7)
	line = $0
	sub(/[[:space:]]+#.*$/, "", line)
	gsub(q, q "\\" q q, line)
	print line
	printf "st=$?; [ $st -eq %d ] || echo %sreadme: exit $st, expected %d: %s%s\n", \
	    want, q, want, line, q
    }' "$work/block" >"$work/run.sh"
mkdir "$work/top"
cp -R samples "$work/top/"
ln -s "$top/$b" "$work/top/build"
out=$(cd "$work/top" && env -u FU_NOW -u FU_LOG -u FU_POLICY -u FU_HOLIDAYS \
    sh "$work/run.sh" 2>"$work/err")
printf '%s\n' "$out" | grep '^readme:' && bad=1
for f in 11月第4周客户回访记录单.xlsx 11月第4周礼品回访记录单.xlsx \
    11月客户回访汇总表.xlsx 2026-11-23回访清单.xlsx; do
	[ -f "$work/top/demo/$f" ] || { echo "readme: no demo/$f"; bad=1; }
done

# The same commands as make demo.
grep -E '^(FU_NOW=[^ ]+ )?(fu-|sh samples/)' "$work/block" |
    sed 's/[[:space:]]*# exit [0-9]*$//' |
while IFS= read -r line; do
	grep -qF "\"$line\"" samples/demo.sh ||
	    echo "readme: not in samples/demo.sh: $line"
done >"$work/diff"
[ -s "$work/diff" ] && { cat "$work/diff"; bad=1; }
exit $bad
