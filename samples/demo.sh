#!/bin/sh
# demo.sh BUILD: run the pipeline on the shipped samples into demo/.
# Each stage runs when its program has been built; the demo grows with
# the toolkit.
set -u
b=${1:-build}
cd "$(dirname "$0")/.." || exit 2
PATH="$(pwd)/$b:$PATH"
export FU_NOW=${FU_NOW:-2026-11-23T09:00} FU_HOLIDAYS=samples/holidays-cn.tsv
mkdir -p demo
ran=0

have() { [ -x "$b/$1" ]; }

echo "demo: now is $FU_NOW; outputs in demo/"
if have fu-import; then
	fu-import -r demo/rejects.tsv samples/stores/*.csv >demo/contacts.tsv
	echo "demo: fu-import: demo/contacts.tsv ($(($(wc -l <demo/contacts.tsv) - 1)) contacts)"
	ran=$((ran + 1))
fi
if have fu-sample && [ -f demo/contacts.tsv ]; then
	fu-sample --last demo/contacts.tsv >demo/sample.tsv
	ran=$((ran + 1))
fi
if have fu-due && [ -f demo/sample.tsv ]; then
	fu-due --agents 张敏,李娜 demo/sample.tsv >demo/due.tsv
	ran=$((ran + 1))
fi
if have fu-report && [ -f demo/calls.tsv ]; then
	fu-report week --last -o demo demo/calls.tsv
	ran=$((ran + 1))
fi
if [ "$ran" -eq 0 ]; then
	echo "demo: no program is built yet; the library and its tests are:"
	ls "$b"/tests 2>/dev/null | sed 's/^/demo:   /'
fi
