# Sourced by tests/bench/fu-*.sh: timing and memory of one run.
# measure NAME CMD...: run CMD once (sh -c), print seconds and peak MiB,
# and set $secs and $mib.
measure() {
	name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.out" sh -c "$*" \
	    >/dev/null 2>"$BENCH_DIR/err.out"
	rc=$?
	read -r secs kib <"$BENCH_DIR/time.out" 2>/dev/null ||
	    { secs=0; kib=0; }
	# time's own notice of a non-zero exit comes first: take the last line.
	secs=$(tail -n 1 "$BENCH_DIR/time.out" | cut -d' ' -f1)
	kib=$(tail -n 1 "$BENCH_DIR/time.out" | cut -d' ' -f2)
	mib=$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')
	printf '%-28s %8.2f s %9s MiB  (status %d)\n' "$name" "$secs" "$mib" "$rc"
}
# ratio A B: A / B with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 0.001; printf "%.2f", a / b }'
}
