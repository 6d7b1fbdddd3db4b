#!/bin/sh
# demo.sh BUILD: the pipeline on the shipped samples, into demo/.  Each
# stage runs when its program is built: the demo grows with the toolkit.
set -u
b=${1:-build}
cd "$(dirname "$0")/.." || exit 2
PATH="$(pwd)/$b:$PATH"
export FU_NOW=${FU_NOW:-2026-11-23T18:00} FU_HOLIDAYS=samples/holidays-cn.tsv
rm -rf demo
mkdir -p demo
have() { [ -x "$b/$1" ]; }
step() { printf '\n$ %s\n' "$*"; sh -c "$*"; }

echo "demo: now is $FU_NOW; outputs in demo/"
# Status 1 is expected: the samples carry faults that must be rejected.
step "fu-import --check samples/stores/chengdong-sales-2026-11.csv"
step "fu-import --stores samples/stores.tsv -r demo/rejects.tsv" \
    "samples/stores/*.csv > demo/contacts.tsv"
step "head -4 demo/contacts.tsv"
step "cut -f1,2 demo/rejects.tsv"
if have fu-sample; then
	step "fu-sample --week 2026-11-W4 demo/contacts.tsv > demo/sample.tsv"
	step "cut -f2,3,5,8,11- demo/sample.tsv | head -8"
fi
if have fu-due; then
	step "fu-due --week 2026-11-W4 --agents 张敏,李娜 demo/sample.tsv" \
	    "> demo/due.tsv"
fi
if have fu-record; then
	# The agents' call list, filled in Excel and saved as CSV.
	step "fu-record -l demo/calls.tsv --contacts demo/contacts.tsv" \
	    "--batch samples/call-list-2026-11-23.csv"
	step "fu-record -l demo/calls.tsv --verify"
	step "cut -f1,2,7,9,10,11,12,13,17 demo/calls.tsv"
fi
if have fu-report && [ -f demo/calls.tsv ]; then
	step "fu-report week --last -o demo demo/calls.tsv"
fi
echo
echo "demo: done; see demo/"
exit 0
