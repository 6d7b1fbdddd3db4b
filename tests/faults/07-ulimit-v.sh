# tests/faults/07-ulimit-v.sh (sourced by tests/faults.sh, in its scratch directory):
# Out of memory (ulimit -v): exit 2 with a message, never a crash.
for lim in 10000 25000; do
	(ulimit -v $lim; fu-import big.csv >/dev/null 2>e); rc=$?
	if [ $rc = 0 ] || { [ $rc = 2 ] && grep -qi 'memory' e; }; then
		ok "ulimit-v-import-$lim (status $rc)"
	else
		fail "ulimit-v-import-$lim" "status $rc: $(head -c 300 e)"
	fi
	(ulimit -v $lim; fu-sample --week 2026-11-W3 bigc.tsv >/dev/null 2>e); rc=$?
	if [ $rc -le 1 ] || { [ $rc = 2 ] && grep -qi 'memory' e; }; then
		ok "ulimit-v-sample-$lim (status $rc)"
	else
		fail "ulimit-v-sample-$lim" "status $rc: $(head -c 300 e)"
	fi
	(ulimit -v $lim; FU_NOW=2026-11-16T17:00 fu-record -l v.tsv \
	    --contacts bigc.tsv --no-sync --batch bigb.tsv 2>e); rc=$?
	if [ $rc = 0 ] || { [ $rc = 2 ] && grep -qi 'memory' e; }; then
		ok "ulimit-v-record-$lim (status $rc)"
	else
		fail "ulimit-v-record-$lim" "status $rc: $(head -c 300 e)"
	fi
	rm -f v.tsv
done
