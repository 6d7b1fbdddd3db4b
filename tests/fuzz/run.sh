#!/bin/sh
# tests/fuzz/run.sh [SECONDS]: build the libFuzzer harnesses (clang,
# -fsanitize=fuzzer,address,undefined) into build-fuzz/ and run each
# for SECONDS (default 30), from a corpus seeded by samples/ and the
# golden and bad cases and kept in build-fuzz/corpus/NAME (it grows from
# run to run).  A crash, leak, timeout or failed check is left in
# build-fuzz/crashes/ and makes the status 1.  FUZZ=NAME,... runs only
# those; FUZZ_JOBS=N runs N at a time.  See tests/fuzz/README.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
secs=${1:-30}
b=build-fuzz
CC=${FUZZ_CC:-clang}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
make -s BUILD=$b CC="$CC" SAN=1 OPT="-O1" \
    CFLAGS="-fsanitize=fuzzer-no-link" $b/libfu.a || exit 2
mkdir -p $b/fuzz $b/crashes
for src in tests/fuzz/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	out=$b/fuzz/fuzz_$name
	if [ ! -x "$out" ] || [ "$src" -nt "$out" ] ||
	    [ tests/fuzz/fuzz.h -nt "$out" ] || [ $b/libfu.a -nt "$out" ]; then
		$CC -std=c11 -O1 -g -D_GNU_SOURCE -Ilib -I$b -Wall -Wextra \
		    -Werror $SAN -fsanitize=fuzzer -o "$out" "$src" \
		    $b/libfu.a -pthread -lcsv -lm || exit 2
	fi
done

# seed NAME FILE...: copy the files that exist (and are small) into the
# seed corpus of NAME.
seed() {
	d=$b/seeds/$1
	shift
	mkdir -p "$d"
	for f in "$@"; do
		[ -f "$f" ] || continue
		[ "$(wc -c <"$f")" -le 65536 ] || continue
		cp "$f" "$d/$(echo "$f" | tr / _)"
	done
}
# words NAME WORD...: one seed file a word.
words() {
	d=$b/seeds/$1
	shift
	mkdir -p "$d"
	i=0
	for w in "$@"; do
		printf '%s' "$w" >"$d/w$i"
		i=$((i + 1))
	done
}
rm -rf $b/seeds
csvs=$(find samples tests/golden tests/bad tests/csv-spectrum -name '*.csv')
tsvs=$(find tests/golden -name '*.tsv' ! -name 'calls.tsv*')
logs=$(find tests/golden -name 'calls.tsv*')
seed csvin $csvs
seed import $csvs
seed tsv $tsvs
seed batch samples/call-list-*.csv $(find tests/golden/fu-record -name '*.csv' -o -name '*.tsv' | grep -v calls)
seed calllog $logs
seed summary $logs
seed policy samples/policy.tsv $(find tests/golden -name 'policy*')
seed calendar samples/holidays-cn.tsv $(find tests/golden -name '*holiday*' -o -name 'cal*.tsv')
seed rules samples/rules/*.tsv
words date 2026-11-23 2026/11/3 2026年11月3日 46329 2026-02-29 \
    2026-11-23T10:05 "2026-11-23 10:05:30" 15:00 "下午 3:00" 9:05:30 \
    2026-11 2026年11月 "2026/11/3 0:00"
words week 2026-11-W3 2026-12-W1 2026-11-16 2024-02-W5 2026-13-W1
words phone 13800138000 "+86 138-0013-8000" "0731-84123456" \
    "(010)12345678" "１３８００１３８０００" 13800138000.0 1.38E+10 \
    008613800138000
words money 1580 1580.5 "1,580.00" ¥980 ￥980 1580元 "RMB 1580" 1.5万 \
    -3.50 0.01 "9223372036854775807"

# fuzz_one NAME: run the harness NAME; its line on standard output,
# status 1 when it found something.
fuzz_one() {
	name=$1
	mkdir -p $b/corpus/$name $b/seeds/$name
	# What crashed once stays a seed: tests/fuzz/regress/NAME/.
	[ -d tests/fuzz/regress/$name ] &&
	    cp tests/fuzz/regress/$name/* $b/seeds/$name/ 2>/dev/null
	start=$(date +%s)
	rm -rf $b/tmp/$name
	mkdir -p $b/tmp/$name
	FU_FUZZ_DIR=$top/$b/tmp/$name ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    TZ=Asia/Shanghai FU_QUIET=1 \
	    $b/fuzz/fuzz_$name -max_total_time="$secs" -timeout=20 \
	    -rss_limit_mb=2048 -max_len=65536 -close_fd_mask=3 \
	    -artifact_prefix=$b/crashes/$name- \
	    $b/corpus/$name $b/seeds/$name >$b/fuzz/$name.log 2>&1
	rc=$?
	end=$(date +%s)
	rm -rf $b/tmp/$name
	# "Done N runs" at the end; the last "#N" status line if cut short
	# (not a "#" in the dictionary libFuzzer prints before it).
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' $b/fuzz/$name.log)
	[ -n "$runs" ] || runs=$(grep -Eo '^#[0-9]+' $b/fuzz/$name.log | tail -1)
	cov=$(grep -Eo 'cov: [0-9]+' $b/fuzz/$name.log | tail -1)
	if [ $rc -eq 0 ]; then
		echo "fuzz $name: $((end - start)) s, ${runs#\#} runs, $cov: ok"
		return 0
	fi
	echo "fuzz $name: $((end - start)) s: FAILED (status $rc);" \
	    "see $b/fuzz/$name.log, $b/crashes/$name-*"
	grep -E 'ERROR|SUMMARY|==[0-9]+==' $b/fuzz/$name.log |
	    head -5 | sed 's/^/	/'
	return 1
}

# FUZZ_JOBS harnesses at a time (default 1; CI runs 2, a core each).
jobs=${FUZZ_JOBS:-1}
status=0
list=${FUZZ:-}
n=0
for src in tests/fuzz/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	case ",${list:-$name}," in *",$name,"*) ;; *) continue ;; esac
	{ fuzz_one $name >$b/fuzz/$name.line; echo $? >$b/fuzz/$name.rc; } &
	n=$((n + 1))
	[ $((n % jobs)) = 0 ] && wait
done
wait
for src in tests/fuzz/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	[ -f $b/fuzz/$name.rc ] || continue
	cat $b/fuzz/$name.line
	[ "$(cat $b/fuzz/$name.rc)" = 0 ] || status=1
	rm -f $b/fuzz/$name.line $b/fuzz/$name.rc
done
exit $status
