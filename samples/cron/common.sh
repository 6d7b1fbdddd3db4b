# common.sh: sourced by fu's cron scripts.  Reads $FU_CONF (default
# fu-cron.conf beside the scripts), changes to $FU_DIR, and gives run(),
# which logs a command and its status to cron.log and keeps the worst
# status, and finish(), which exits with it.  Every script writes its
# files under their final names only at the end (the programs rename
# into place), so a re-run after a failure is safe.
set -u
here=$(cd "$(dirname "$0")" && pwd)
conf=${FU_CONF:-$here/fu-cron.conf}
[ -r "$conf" ] || { echo "${0##*/}: $conf: cannot read the settings" >&2; exit 2; }
. "$conf"
: "${FU_DIR:?FU_DIR is not set in $conf}"
FU_REPORTS=${FU_REPORTS:-$FU_DIR/reports}
[ -n "${FU_POLICY:-}" ] && export FU_POLICY || unset FU_POLICY
export FU_LOG=$FU_DIR/calls.tsv
cd "$FU_DIR" || exit 2
mkdir -p "$FU_REPORTS" plan calls || exit 2
worst=0
job=${0##*/}

# run CMD...: run CMD (stdout as it redirects), its stderr to ours and
# to cron.log, with the time and status.
run() {
	printf '%s %s: $ %s\n' "$(date '+%F %T')" "$job" "$*" >>cron.log
	err=$(mktemp) || exit 2
	"$@" 2>"$err"
	st=$?
	cat "$err" >&2
	sed "s/^/  /" "$err" >>cron.log
	rm -f "$err"
	printf '%s %s: exit %d\n' "$(date '+%F %T')" "$job" "$st" >>cron.log
	[ "$st" -gt "$worst" ] && worst=$st
	return "$st"
}

finish() {
	printf '%s %s: done, exit %d\n' "$(date '+%F %T')" "$job" "$worst" >>cron.log
	exit "$worst"
}
