# tests/faults/03-read-only.sh (sourced by tests/faults.sh, in its scratch directory):
# A read-only output directory (a read-only mount: root writes any
# directory it may not).
mkdir ro
if unshare -rm sh -c 'mount --bind ro ro && mount -o remount,bind,ro ro' \
    2>/dev/null; then
	cat >ro.sh <<'EOF'
mount --bind ro ro && mount -o remount,bind,ro ro || exit 77
FU_NOW=2026-11-16T17:00 fu-record -l ro/calls.tsv --contacts contacts.tsv \
    --batch batch.tsv 2>err1; echo "record $?"
fu-import -r ro/rej.tsv rej.csv >/dev/null 2>err2; echo "import $?"
ls ro | wc -l
EOF
	unshare -rm sh ro.sh >out 2>&1
	if [ "$(tr '\n' ' ' <out)" = "record 2 import 2 0 " ] &&
	    grep -q 'Read-only file system' err1 &&
	    grep -q 'Read-only file system' err2; then
		ok read-only-dir
	else
		fail read-only-dir "$(tr '\n' ' ' <out) $(cat err1 err2 | head -c 300)"
	fi
else
	skip read-only-dir "cannot make a read-only mount here"
fi
