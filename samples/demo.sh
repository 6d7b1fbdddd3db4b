#!/bin/sh
# demo.sh [BUILD]: the week of the README, on the shipped samples, into
# demo/: the stores' exports imported, the week sampled and planned, the
# Monday call list written, filled in by the agents and read back, the
# rest of the week played (samples/play-week.sh), then the figures and
# the three workbooks the office hands in.  These are the README's
# commands, line for line (tests/readme.sh checks both).  The clock is
# set by FU_NOW, so that the same cells come out on every run.
set -u
b=${1:-build}
cd "$(dirname "$0")/.." || exit 2
[ -x "$b/fu-report" ] || { echo "demo: build first (make)" >&2; exit 2; }
rm -rf demo
mkdir -p demo
export PATH="$(pwd)/$b:$PATH" TZ=Asia/Shanghai LC_ALL=C.UTF-8

# step STATUS CMD: show CMD, run it, and stop unless it exits STATUS.
step() {
	want=$1
	shift
	printf '\n$ %s\n' "$*"
	sh -c "$*"
	st=$?
	[ "$st" -eq "$want" ] && return 0
	echo "demo: exit $st, expected $want: $*" >&2
	exit 1
}

export FU_LOG=demo/calls.tsv
export FU_NOW=2026-11-23T08:00
# Status 1: the samples carry faults that are rejected on purpose.
step 1 "fu-import --stores samples/stores.tsv -r demo/rejects.tsv samples/stores/*.csv > demo/contacts.tsv"
step 0 "fu-sample --week 2026-11-W4 demo/contacts.tsv > demo/sample.tsv"
step 0 "fu-due --week 2026-11-W4 --agents 张敏,李娜 demo/sample.tsv > demo/due.tsv"
step 0 "fu-report calls --day 2026-11-23 -o demo demo/due.tsv"
step 0 "FU_NOW=2026-11-23T18:00 fu-record --contacts demo/due.tsv --batch samples/call-list-2026-11-23.csv"
step 0 "sh samples/play-week.sh 2026-11-W4 demo/sample.tsv demo/calls.tsv 张敏,李娜 2026-11-24"
step 0 "fu-record --verify"
export FU_NOW=2026-11-30T09:00
# Status 1: --check names the rules the week broke.
step 1 "fu-summarize --last --due demo/due.tsv --contacts demo/contacts.tsv --check > demo/week.tsv"
step 0 "fu-report week --kind service,gift --last --due demo/due.tsv --contacts demo/contacts.tsv -o demo"
step 0 "FU_NOW=2026-12-02T09:00 fu-report month --last --due demo/due.tsv --contacts demo/contacts.tsv -o demo"

echo
echo "demo: done; in demo/:"
ls demo
exit 0
