# tests/faults/01-dev-full.sh (sourced by tests/faults.sh, in its scratch directory):
# /dev/full: every output a write error, exit 2, said.
fu-import small.csv >/dev/full 2>e; expect dev-full-import $? 2 e \
    'standard output: .*No space left'
fu-sample --week 2026-11-W3 contacts.tsv >/dev/full 2>e
expect dev-full-sample $? 2 e 'No space left'
FU_NOW=2026-11-16T08:00 fu-due --agents 张敏,李娜 sample.tsv >/dev/full 2>e
expect dev-full-due $? 2 e 'No space left'
printf '订单号,门店,销售日期,手机号码,实付金额\nX1,店1,2026-11-02,1380013800,1\n' >rej.csv
# A FIFO first: written through, never renamed over (as root that would
# put a file in place of /dev/full).
mkfifo rej.fifo
cat rej.fifo >fifo.out &
fu-import -r rej.fifo rej.csv >/dev/null 2>e; rc=$?
wait
if [ -p rej.fifo ] && [ $rc = 1 ] && grep -q '10 digits' fifo.out; then
	ok rejects-fifo
	cp /dev/null e
	fu-import -r /dev/full rej.csv >/dev/null 2>e
	expect dev-full-rejects $? 2 e '/dev/full: write error: No space left'
	[ -c /dev/full ] || fail dev-full-rejects "/dev/full is no longer a device"
else
	fail rejects-fifo "status $rc; $(ls -l rej.fifo); $(head -c 200 e)"
	skip dev-full-rejects "a FIFO was replaced: /dev/full would be too"
fi
FU_NOW=2026-11-16T17:00 fu-record -l /dev/full --contacts contacts.tsv \
    --batch batch.tsv 2>e
expect dev-full-log $? 2 e '/dev/full'
