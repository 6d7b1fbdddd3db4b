#!/bin/sh
# tests/valgrind.sh BUILD: every golden case and bad input but those
# tests/valgrind.skip lists, once under valgrind --leak-check=full
# (tests/run VALGRIND=cases), in two shards side by side (CI has two
# cores).  Prints each shard's failures and the totals, "valgrind: N
# passed, N failed"; exit 1 on a failure.
set -u
b=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed"; exit 2; }
o=$(mktemp -d "${TMPDIR:-/tmp}/fu-valgrind.XXXXXX") || exit 2
trap 'rm -rf "$o"' EXIT INT TERM
VALGRIND=cases VALGRIND_SHARD=0/2 sh tests/run "$b" >"$o/0" 2>&1 &
p0=$!
VALGRIND=cases VALGRIND_SHARD=1/2 sh tests/run "$b" >"$o/1" 2>&1 &
p1=$!
wait $p0
wait $p1
grep -h -A12 '^FAIL' "$o/0" "$o/1"
awk '/^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3; n++ }
	END { if (n != 2) { print "valgrind: a shard ended without its totals"
		f++ }
	    printf "valgrind: %d passed, %d failed\n", p, f; exit f > 0 }' \
    "$o/0" "$o/1"
