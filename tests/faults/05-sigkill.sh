# tests/faults/05-sigkill.sh (sourced by tests/faults.sh, in its scratch directory):
# SIGKILL in the middle of fu-record --batch (once the log has grown
# past a point): the log holds whole lines but for at most a torn last
# one (a write cut short by the kill: the kernel stops between pages),
# which the next writer moves aside to LOG.torn; the chain is whole, and
# the batch run again completes it, each record appended once.
fu-import big.csv >bigc.tsv 2>/dev/null
awk -F'\t' 'NR == 1 { print "id\toutcome\tts"; next }
	{ printf "%s\tbusy\t2026-11-16T10:%02d\n", $1, NR % 60 }' bigc.tsv >bigb.tsv
want=$(($(wc -l <bigb.tsv) - 1))
for at in 300 1500000 3000000; do
	n=sigkill-batch-$at
	rm -f k.tsv k.tsv.torn
	FU_NOW=2026-11-16T17:00 fu-record -l k.tsv --contacts bigc.tsv \
	    --no-sync --batch bigb.tsv 2>/dev/null &
	pid=$!
	while kill -0 $pid 2>/dev/null &&
	    [ "$(stat -c %s k.tsv 2>/dev/null || echo 0)" -lt $at ]; do
		sleep 0.002
	done
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	had=$(($(wc -l <k.tsv) - 1))
	if [ "$had" -ge "$want" ]; then
		skip "$n" "the batch ended before its kill"
		continue
	fi
	# Whole lines, but the last when it has no newline (torn: it may
	# even have its 20 fields, cut inside the chain hash).
	last=$(tail -c 1 k.tsv | od -An -c | tr -d ' ')
	bad=$(awk -F'\t' -v torn="$([ "$last" = '\n' ] || echo 1)" '
		NR > 1 && prev != 20 { n++ }
		{ prev = NF }
		END { if (!torn && prev != 20) n++; print n + 0 }' k.tsv)
	if [ "$bad" != 0 ]; then
		fail "$n" "$bad broken lines before the last"
		continue
	fi
	FU_NOW=2026-11-16T17:00 fu-record -l k.tsv --contacts bigc.tsv \
	    --no-sync --batch bigb.tsv 2>e
	rc=$?
	got=$(($(wc -l <k.tsv) - 1))
	if [ $rc != 0 ] || [ "$got" != "$want" ] ||
	    ! fu-record -l k.tsv --verify 2>>e; then
		fail "$n" "status $rc, $got records, want $want: $(head -c 300 e)"
	elif [ "$last" != '\n' ] && ! grep -q 'torn' e; then
		fail "$n" "a torn line not said: $(head -c 300 e)"
	else
		ok "$n ($had records in at the kill$([ "$last" = '\n' ] ||
		    echo ', a torn line moved aside'))"
	fi
done
