#!/bin/sh
# report-month.sh: the 2nd of the month.  Last month's figures with the
# rule checks (reports/last-month.tsv) and its 客户回访汇总表 into
# $FU_REPORTS under its exact name.  Exit 1 when a rule is broken or a
# program warned, 2 when one could not run.
. "$(dirname "$0")/common.sh"

run fu-summarize --last-month --check --contacts contacts.tsv "$FU_LOG" \
    >reports.tsv.new
[ $? -le 1 ] && mv reports.tsv.new "$FU_REPORTS/last-month.tsv" ||
    rm -f reports.tsv.new
run fu-report month --last -o "$FU_REPORTS" --contacts contacts.tsv
finish
