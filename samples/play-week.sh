#!/bin/sh
# play-week.sh WEEK SAMPLE LOG AGENTS [FROM]: the agents' week, played.
# Each working day of WEEK (from the day FROM on, when given) it plans the rest of the week from the log as the
# office would each morning (fu-due --log, now = 09:00), takes the rows
# due that day and records their outcomes at the planned times as a batch
# at the day's end (now = 18:00): answered calls with scores, no answers
# and the second dials fu-due then plans, 关机, a call-back, refusals,
# complaints (one resolved the next day by a correction), text replies
# and gift mismatches.  The outcome of a row is a function of its id and
# attempt, so the same inputs give the same log.  Programs from PATH;
# FU_HOLIDAYS, FU_POLICY as for any fu program.  Exit: 0, or the first
# non-zero status of a program.
set -u
[ $# -eq 4 ] || [ $# -eq 5 ] ||
    { echo "usage: play-week.sh WEEK SAMPLE LOG AGENTS [FROM]" >&2; exit 2; }
week=$1 sample=$2 log=$3 agents=$4 from=${5:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/fu-play.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

# The week's days, Monday first: the Monday from the plan of the week.
fu-due --week "$week" --agents "$agents" --now 2000-01-01T00:00 \
    "$sample" >"$work/all.tsv" 2>"$work/all.err"
first=$(awk -F'\t' 'NR > 1 && $15 != "" { print $15 }' "$work/all.tsv" |
    sort | head -1)
last=$(awk -F'\t' 'NR > 1 && $15 != "" { print $15 }' "$work/all.tsv" |
    sort | tail -1)
[ -n "$first" ] || {
	cat "$work/all.err" >&2
	echo "play-week.sh: $week: nothing to plan" >&2
	exit 1
}

# outcomes DAY NEXT < due.tsv: the batch of the rows due on DAY, first
# dials, second dials and texts each playing their parts below in turn,
# where the day before left off ($work/k); NEXT is the next working day,
# for call-backs.
outcomes() {
	awk -F'\t' -v day="$1" -v next_day="$2" -v kfile="$work/k" '
	BEGIN {
		OFS = "\t"
		print "id", "outcome", "q1", "q2", "q3", "complaint", "callback",
		    "gift_ok", "agent", "ts", "note"
		n = split("success5 no_answer success4 power_off success5 " \
		    "complaint busy success5 callback success4 partial " \
		    "success5 no_answer refused success5 wrong_number " \
		    "success4 no_answer success5 success5", first, " ")
		n2 = split("success5 success4 no_answer success5", second, " ")
		ns = split("replied replied mismatch replied sent replied " \
		    "replied sent replied replied", text, " ")
		k1 = k2 = ks = 0
		if ((getline line < kfile) > 0)
			split(line, kk, " ")
		k1 = kk[1] + 0; k2 = kk[2] + 0; ks = kk[3] + 0
	}
	END { print k1, k2, ks > kfile }
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["due"] != day { next }
	{
		id = $col["id"]
		ts = day "T" $col["slot"]
		q1 = q2 = q3 = complaint = callback = gift = note = ""
		if ($col["window"] == "sms")
			part = text[ks++ % ns + 1]
		else if ($col["attempt"] >= 2)
			part = second[k2++ % n2 + 1]
		else
			part = first[k1++ % n + 1]
		out = part
		if (part == "success5") { out = "success"; q1 = 5; q2 = 5; q3 = 4 }
		else if (part == "success4") { out = "success"; q1 = 4; q2 = 3; q3 = 4 }
		else if (part == "complaint") { out = "success"; q1 = 2; q2 = 3
			q3 = 2; complaint = "安装师傅迟到两小时" }
		else if (part == "partial") { q1 = 4 }
		else if (part == "callback") { callback = next_day "T14:30"
			note = "客户在开会，约明天下午" }
		else if (part == "replied") { out = "sms_replied"; gift = 1 }
		else if (part == "mismatch") { out = "sms_replied"; gift = 0
			complaint = "收到的是保温杯，登记的是电饭煲" }
		else if (part == "sent") out = "sms_sent"
		print id, out, q1, q2, q3, complaint, callback, gift,
		    $col["agent"], ts, note
	}'
}

# next_working DAY: the next Monday to Friday.
next_working() {
	d=$(date -d "$1 + 1 day" +%F)
	while [ "$(date -d "$d" +%u)" -gt 5 ]; do
		d=$(date -d "$d + 1 day" +%F)
	done
	echo "$d"
}

day=$first
# Days before FROM were recorded otherwise (the call list of the demo).
while [ -n "$from" ] && [ "$day" \< "$from" ]; do
	yesterday=$day
	day=$(next_working "$day")
done
while :; do
	fu-due --week "$week" --agents "$agents" --log "$log" \
	    --now "${day}T09:00" "$sample" >"$work/due.tsv" 2>"$work/due.err"
	st=$?
	[ $st -le 1 ] || { cat "$work/due.err" >&2; exit $st; }
	# A complaint of the day before is resolved this morning: the
	# record corrected at 11:00 with the date it was closed, before
	# the day's calls, as the log would have it.
	if [ -n "${yesterday:-}" ]; then
		awk -F'\t' -v d="$yesterday" 'NR > 1 && $13 != "" &&
		    $14 == "" && substr($1, 1, 10) == d &&
		    $9 == "success" { print $1, $2, $10, $11, $12, $13, $17 }' \
		    OFS='\t' "$log" | head -1 >"$work/fix.tsv"
		if [ -s "$work/fix.tsv" ]; then
			IFS='	' read -r ts id q1 q2 q3 what who <"$work/fix.tsv"
			fu-record -l "$log" --now "${day}T11:00" --agent "$who" \
			    --correct "$ts" --complaint "$what" \
			    --resolved "$day" --note "上门重新安装" \
			    "$id" success "$q1" "$q2" "$q3" \
			    2>"$work/rec.err"
			st=$?
			grep -v 'more than a day from the clock' \
			    "$work/rec.err" >&2
			[ $st -eq 0 ] || exit $st
		fi
	fi
	outcomes "$day" "$(next_working "$day")" <"$work/due.tsv" \
	    >"$work/batch.tsv"
	rows=$(($(wc -l <"$work/batch.tsv") - 1))
	if [ "$rows" -gt 0 ]; then
		fu-record -l "$log" --contacts "$work/due.tsv" --no-sync \
		    --now "${day}T18:00" --batch "$work/batch.tsv" \
		    2>"$work/rec.err"
		st=$?
		# The clock is the week's, not today's: that warning is the
		# point of the play, not news.
		grep -v 'more than a day from the clock' "$work/rec.err" >&2
		[ $st -eq 0 ] || exit $st
	fi
	yesterday=$day
	day=$(next_working "$day")
	[ "$day" \< "$last" ] || [ "$day" = "$last" ] || break
done
exit 0
