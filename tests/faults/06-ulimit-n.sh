# tests/faults/06-ulimit-n.sh (sourced by tests/faults.sh, in its scratch directory):
# 64 descriptors: 100 input files at once.
i=0
while [ $i -lt 100 ]; do cp small.csv "s$i.csv"; i=$((i + 1)); done
(ulimit -n 64; fu-import s*.csv >many.tsv 2>e); rc=$?
if [ $rc = 0 ] || { [ $rc = 2 ] && grep -q 'Too many open files' e; }; then
	ok "ulimit-n-import (status $rc)"
else
	fail ulimit-n-import "status $rc: $(head -c 300 e)"
fi
i=0
while [ $i -lt 100 ]; do cp contacts.tsv "c$i.tsv"; i=$((i + 1)); done
(ulimit -n 64; fu-sample --week 2026-11-W3 c*.tsv >/dev/null 2>e); rc=$?
if [ $rc -le 2 ] && ! grep -q 'Sanitizer' e &&
    { [ $rc != 2 ] || grep -q 'Too many open files' e; }; then
	ok "ulimit-n-sample (status $rc)"
else
	fail ulimit-n-sample "status $rc: $(head -c 300 e)"
fi
(ulimit -n 64; FU_NOW=2026-11-16T08:00 fu-due --agents 张敏 c*.tsv >/dev/null 2>e); rc=$?
if [ $rc -le 2 ] && { [ $rc != 2 ] || grep -q 'Too many open files' e; }; then
	ok "ulimit-n-due (status $rc)"
else
	fail ulimit-n-due "status $rc: $(head -c 300 e)"
fi
