#!/bin/sh
# plan-week.sh: Friday afternoon.  The stores' exports in exports/ are
# imported again into contacts.tsv (ids are stable: a customer already
# there keeps its id; rejects in plan/rejects.tsv), next week is sampled
# and planned from the log, and each of its days gets its call list in
# calls/.  Exit 1 when a program warned (rejected rows, a calendar that
# does not know next week's year, overflow), 2 when one could not run.
. "$(dirname "$0")/common.sh"

set -- exports/*.csv exports/*.tsv
files=""
for f; do [ -f "$f" ] && files="$files $f"; done
if [ -n "$files" ]; then
	# shellcheck disable=SC2086
	run fu-import ${FU_STORES:+--stores "$FU_STORES"} -r plan/rejects.tsv \
	    $files >contacts.tsv.new
	[ $? -le 1 ] && mv contacts.tsv.new contacts.tsv || rm -f contacts.tsv.new
fi
[ -f contacts.tsv ] || { echo "$job: no contacts.tsv and no exports" >&2; exit 2; }
run fu-sample --next -l "$FU_LOG" contacts.tsv >plan/next-sample.tsv.new &&
    mv plan/next-sample.tsv.new plan/next-sample.tsv
run fu-due --next --agents "$FU_AGENTS" --overflow plan/next-overflow.tsv \
    plan/next-sample.tsv >plan/next-due.tsv.new
[ $? -le 1 ] && mv plan/next-due.tsv.new plan/next-due.tsv
# A copy under the week's first day, kept.
monday=$(awk -F'\t' 'NR > 1 && $15 != "" { print $15 }' plan/next-due.tsv |
    sort | head -1)
[ -n "$monday" ] && cp plan/next-due.tsv "plan/$monday-due.tsv"
for day in $(awk -F'\t' 'NR > 1 && $15 != "" { print $15 }' \
    plan/next-due.tsv | sort -u); do
	run fu-report calls --day "$day" -o calls plan/next-due.tsv >/dev/null
done
finish
