# tests/faults/08-report.sh (sourced by tests/faults.sh, in its scratch directory):
# fu-summarize and fu-report under the same faults: a full disk, a
# read-only directory, a closed standard output, SIGKILL in a write, two
# runs at once into one directory, an address-space limit.  The log:
# every contact of bigc.tsv dialled once in 2026-11-W3 (200,000 lines).
FU_NOW=2026-11-16T17:00 fu-record -l wk.tsv --contacts bigc.tsv --no-sync \
    --batch bigb.tsv 2>/dev/null
rep() { fu-report week --week 2026-11-W3 --now 2026-11-23T09:00 "$@"; }
book=11月第3周客户回访记录单.xlsx

# A full disk under the summary: exit 2, said.
fu-summarize --week 2026-11-W3 --now 2026-11-23T09:00 --by store,agent \
    wk.tsv >/dev/full 2>e; expect summarize-dev-full $? 2 e 'No space left'
# Standard output closed: exit 2, said (a summary fits a pipe's buffer,
# so a reader going away is not felt here; fu-import's case covers it).
fu-summarize wk.tsv >&- 2>e; expect summarize-closed-stdout $? 2 e 'write error'

# Two runs at once into one directory: both succeed, and what is left is
# one whole workbook with the cells of a run alone, no temporary file.
mkdir one two
rep -o one wk.tsv >/dev/null 2>e1 & p1=$!
rep -o one wk.tsv >/dev/null 2>e2 & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
rep -o two wk.tsv >/dev/null 2>/dev/null
if [ $r1 != 0 ] || [ $r2 != 0 ]; then
	fail report-twice "status $r1 and $r2: $(cat e1 e2 | head -c 300)"
elif [ "$(ls -A one)" != "$book" ]; then
	fail report-twice "left in the directory: $(ls -A one | tr '\n' ' ')"
elif ! unzip -tq "one/$book" >/dev/null 2>&1 ||
    ! cmp -s "one/$book" "two/$book"; then
	fail report-twice "the workbook is not the one a single run writes"
else
	ok report-twice
fi

# SIGKILL while the workbook is written: nothing under its real name
# (an older workbook there stays whole), at most a hidden temporary.
mkdir k; echo old >"k/$book"
rep -o k wk.tsv >/dev/null 2>/dev/null & pid=$!
while kill -0 $pid 2>/dev/null && ! ls -A k | grep -q '^\.'; do
	sleep 0.01
done
kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
if [ "$(cat "k/$book")" = old ]; then ok report-sigkill; else
	fail report-sigkill "the workbook under its name changed"; fi

# A read-only directory and a full disk: exit 2, said, no file left.
if unshare -rm true 2>/dev/null; then
	cat >rep.sh <<'EOS'
set -u
rep() { fu-report week --week 2026-11-W3 --now 2026-11-23T09:00 "$@"; }
mkdir -p ro mnt
mount --bind ro ro && mount -o remount,bind,ro ro || exit 77
rep -o ro wk.tsv 2>err; rc=$?
[ $rc = 2 ] || { echo "read-only: status $rc"; exit 1; }
grep -q 'Read-only file system' err || { echo "read-only: $(cat err)"; exit 1; }
[ -z "$(ls -A ro)" ] || { echo "read-only: left $(ls -A ro)"; exit 1; }
mount -t tmpfs -o size=1m none mnt || exit 77
head -c 300000 /dev/zero >mnt/filler
rep -o mnt wk.tsv 2>err; rc=$?
[ $rc = 2 ] || { echo "full: status $rc: $(cat err)"; exit 1; }
grep -q 'No space left' err || { echo "full: no message: $(cat err)"; exit 1; }
[ "$(ls -A mnt)" = filler ] || { echo "full: left $(ls -A mnt)"; exit 1; }
exit 0
EOS
	unshare -rm sh rep.sh >out 2>&1
	case $? in
	0) ok report-read-only-and-full ;;
	77) skip report-read-only-and-full "cannot mount here" ;;
	*) fail report-read-only-and-full "$(head -c 300 out)" ;;
	esac
else
	skip report-read-only-and-full "no user or mount namespaces (unshare -rm)"
fi

# Out of memory: exit 2 with a message, never a crash.
for lim in 20000 60000; do
	(ulimit -v $lim; rep -o one wk.tsv >/dev/null 2>e); rc=$?
	if [ $rc = 0 ] || { [ $rc = 2 ] && grep -qi 'memory' e; }; then
		ok "ulimit-v-report-$lim (status $rc)"
	else
		fail "ulimit-v-report-$lim" "status $rc: $(head -c 300 e)"
	fi
	(ulimit -v $lim; fu-summarize --by store,agent,day wk.tsv >/dev/null 2>e)
	rc=$?
	if [ $rc = 0 ] || { [ $rc = 2 ] && grep -qi 'memory' e; }; then
		ok "ulimit-v-summarize-$lim (status $rc)"
	else
		fail "ulimit-v-summarize-$lim" "status $rc: $(head -c 300 e)"
	fi
done
