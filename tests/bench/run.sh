#!/bin/sh
# make bench: each tests/bench/fu-*.sh against its peers, one run each;
# they print ratios.  BUILD is the build directory; large inputs are
# generated into $BENCH_DIR (default /tmp/fu-bench), kept between runs.
set -u
b=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
export FU_BUILD="$top/$b" BENCH_DIR=${BENCH_DIR:-/tmp/fu-bench} FU_QUIET=1
export LC_ALL=C.UTF-8
mkdir -p "$BENCH_DIR"
# The peers: miller (mlr), and GNU time for peak memory.
need=""
command -v mlr >/dev/null 2>&1 || need="$need miller"
[ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "bench: installing$need" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >&2 ||
		    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -qq $need >&2; }
	else
		echo "bench: needs$need: apt-get install$need" >&2
		exit 1
	fi
fi
cc -std=c11 -O2 -o "$BENCH_DIR/gen" "$top/samples/gen.c" || exit 2
status=0
for s in "$top"/tests/bench/fu-*.sh; do
	[ -f "$s" ] || continue
	echo "== ${s##*/}"
	sh "$s" || status=1
done
exit $status
