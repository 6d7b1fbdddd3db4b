# Sourced by tests/bench/fu-*.sh: timing and memory of one run.  A
# script run alone (sh tests/bench/fu-report.sh) gets run.sh's defaults.
top=${top:-$(cd "$(dirname "$0")/../.." && pwd)}
export FU_BUILD=${FU_BUILD:-$top/build} BENCH_DIR=${BENCH_DIR:-/tmp/fu-bench}
export FU_QUIET=1 LC_ALL=C.UTF-8
mkdir -p "$BENCH_DIR" || exit 2
[ -x "$BENCH_DIR/gen" ] || cc -std=c11 -O2 -o "$BENCH_DIR/gen" \
    "$top/samples/gen.c" || exit 2
# measure NAME CMD...: run CMD (sh -c) BENCH_RUNS times (default 1),
# print the fastest run's seconds and the highest peak MiB, and set
# $secs and $mib.
measure() {
	name=$1
	shift
	best=""
	peak=0
	run=0
	while [ "$run" -lt "${BENCH_RUNS:-1}" ]; do
		run=$((run + 1))
		# The disk quiet first: no earlier write (an input just made,
		# the last stage's output) flushed while this one is timed.
		sync
		/usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.out" sh -c "$*" \
		    >/dev/null 2>"$BENCH_DIR/err.out"
		rc=$?
		# time's notice of a non-zero exit comes first: the last line.
		secs=$(tail -n 1 "$BENCH_DIR/time.out" | cut -d' ' -f1)
		kib=$(tail -n 1 "$BENCH_DIR/time.out" | cut -d' ' -f2)
		best=$(awk -v a="$best" -v b="${secs:-0}" \
		    'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
		peak=$(awk -v a="$peak" -v b="${kib:-0}" \
		    'BEGIN { print (b + 0 > a + 0) ? b : a }')
	done
	secs=$best
	mib=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')
	printf '%-28s %8.2f s %9s MiB  (status %d)\n' "$name" "$secs" "$mib" "$rc"
}
# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 0.001; printf "%.2f", a / b }'
}
