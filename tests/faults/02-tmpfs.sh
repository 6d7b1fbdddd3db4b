# tests/faults/02-tmpfs.sh (sourced by tests/faults.sh, in its scratch directory):
# A small tmpfs filled halfway: the log and the outputs on a full disk.
if unshare -rm true 2>/dev/null; then
	cat >tmpfs.sh <<'EOF'
set -u
mkdir -p mnt && mount -t tmpfs -o size=256k none mnt || exit 77
# The log half written, then the disk full under the next batch.
head -1001 batch.tsv >b1.tsv
FU_NOW=2026-11-16T17:00 fu-record -l mnt/calls.tsv --contacts contacts.tsv \
    --no-sync --batch b1.tsv 2>/dev/null || { echo "first batch $?"; exit 1; }
cp mnt/calls.tsv before.tsv
head -c 60000 /dev/zero >mnt/filler
FU_NOW=2026-11-16T17:00 fu-record -l mnt/calls.tsv --contacts contacts.tsv \
    --batch batch.tsv 2>err; rc=$?
[ $rc = 2 ] || { echo "status $rc, want 2: $(cat err)"; exit 1; }
grep -q 'No space left' err || { echo "no message: $(cat err)"; exit 1; }
cmp -s mnt/calls.tsv before.tsv || { echo "the log changed"; exit 1; }
# Outputs renamed into place: a full disk leaves no half file.
{ cat big.csv; cat rej.csv; } >bigrej.csv
fu-import -r mnt/rej.tsv bigrej.csv >mnt/contacts.tsv 2>err; rc=$?
[ ! -e mnt/rej.tsv ] || { echo "a rejects file on a full disk"; exit 1; }
[ $rc = 2 ] || { echo "fu-import status $rc, want 2"; exit 1; }
grep -q 'No space left' err || { echo "fu-import: no message"; exit 1; }
left=$(ls -A mnt | grep '^\.' | head -3)
[ -z "$left" ] || { echo "temporary files left: $left"; exit 1; }
exit 0
EOF
	unshare -rm sh tmpfs.sh >out 2>&1
	case $? in
	0) ok tmpfs-half-full ;;
	77) skip tmpfs-half-full "cannot mount a tmpfs here" ;;
	*) fail tmpfs-half-full "$(head -c 300 out)" ;;
	esac
else
	skip tmpfs-half-full "no user or mount namespaces (unshare -rm)"
fi
