#!/bin/sh
# tests/faults.sh BUILD: the programs in BUILD under faults injected
# from outside (issue 18): a full disk (/dev/full, a small tmpfs filled
# halfway), a read-only output directory, a reader that goes away
# (EPIPE), SIGKILL in the middle of a batch, a descriptor limit of 64,
# an address-space limit.  One line a check, "ok NAME", "FAIL NAME:
# why" or "skip NAME: why" (a fault this machine cannot make, such as a
# mount); tests/run counts them (the faults line).  Plain builds only:
# ulimit -v and sanitizers do not mix.
set -u
b=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
bin="$top/$b"
for p in fu-import fu-sample fu-due fu-record fu-summarize fu-report; do
	[ -x "$bin/$p" ] || { echo "FAIL faults: $bin/$p is not built"; exit 1; }
done
PATH="$bin:$PATH"
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai FU_QUIET=1 FU_AGENT=张敏
export FU_HOLIDAYS="$top/samples/holidays-cn.tsv"
unset FU_NOW FU_POLICY FU_LOG FU_THREADS
w=$(mktemp -d "${TMPDIR:-/tmp}/fu-faults.XXXXXX") || exit 2
trap 'rm -rf "$w"' EXIT INT TERM
cd "$w" || exit 2

ok() { echo "ok $1"; }
fail() { n=$1; shift; echo "FAIL $n: $*"; }
skip() { n=$1; shift; echo "skip $n: $*"; }
# expect NAME STATUS WANT ERRFILE REGEX: the status and a message.
expect() {
	if [ "$2" != "$3" ]; then
		fail "$1" "status $2, want $3; $(head -c 300 "$4")"
	elif ! grep -Eq -- "$5" "$4"; then
		fail "$1" "no message /$5/: $(head -c 300 "$4")"
	else
		ok "$1"
	fi
}

# Inputs: a sales export of 200,000 rows (about 12 MB), its contacts,
# a sample and a batch of outcomes for every contact.
awk 'BEGIN { print "订单号,门店,店型,销售日期,顾客姓名,手机号码,实付金额,商品"
	for (i = 0; i < 200000; i++)
		printf "XS%08d,店%d,%s,2026-11-%02d,顾客%d,139%08d,%d.00,商品%d\n",
		    i, i % 40, i % 2 ? "大店" : "小店", 1 + i % 20, i, i,
		    1500 + (i * 37) % 6000, i % 90 }' >big.csv
head -2001 big.csv >small.csv
fu-import small.csv >contacts.tsv 2>/dev/null
fu-sample --week 2026-11-W3 contacts.tsv >sample.tsv 2>/dev/null
awk -F'\t' 'NR == 1 { print "id\toutcome\tts"; next }
	{ printf "%s\tbusy\t2026-11-16T%02d:%02d\n", $1, 10 + NR % 6,
	    NR % 60 }' contacts.tsv >batch.tsv

# Each tests/faults/*.sh, in order, sourced here (adding a fault is
# adding a file; it may use ok, fail, skip, expect and the inputs above).
for f in "$top"/tests/faults/*.sh; do
	. "$f"
done
exit 0
