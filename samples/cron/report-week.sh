#!/bin/sh
# report-week.sh: Monday morning.  Last week's figures with the rule
# checks (reports/last-week.tsv), its 客户回访记录单 and 礼品回访记录单
# into $FU_REPORTS under their exact names.  Exit 1 when a rule is
# broken or a program warned (cron mails the lines), 2 when one could
# not run.  Re-running replaces the same files with the same cells.
. "$(dirname "$0")/common.sh"

# Last week's plan, kept by plan-week.sh under its Monday.
today=${FU_NOW:+${FU_NOW%%T*}}
today=${today:-$(date +%F)}
monday=$(date -d "$today - $(($(date -d "$today" +%u) + 6)) days" +%F)
due=""
[ -f "plan/$monday-due.tsv" ] && due="plan/$monday-due.tsv"
run fu-summarize --last --check ${due:+--due "$due"} --contacts contacts.tsv \
    "$FU_LOG" >reports.tsv.new
[ $? -le 1 ] && mv reports.tsv.new "$FU_REPORTS/last-week.tsv" ||
    rm -f reports.tsv.new
# Both forms from one reading of the contacts and the log.
run fu-report week --kind service,gift --last -o "$FU_REPORTS" \
    --contacts contacts.tsv
finish
