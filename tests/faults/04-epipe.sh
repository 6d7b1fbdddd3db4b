# tests/faults/04-epipe.sh (sourced by tests/faults.sh, in its scratch directory):
# EPIPE: a reader that stops at once stops the writer at once, with
# SIGPIPE (status 141) or, when SIGPIPE is ignored, a quiet status 2.
s=$(date +%s%N)
fu-import big.csv 2>/dev/null | head -1 >/dev/null
e=$(date +%s%N)
ms=$(((e - s) / 1000000))
if [ "$ms" -lt 1500 ]; then ok "epipe-import (${ms} ms)"; else
	fail epipe-import "$ms ms for fu-import big.csv | head -1"; fi
(trap '' PIPE; fu-import big.csv 2>e.pipe; echo $? >rc.pipe) | head -1 >/dev/null
rc=$(cat rc.pipe)
if [ "$rc" = 2 ] && ! grep -q 'Sanitizer\|runtime error' e.pipe; then
	ok epipe-ignored
else
	fail epipe-ignored "status $rc: $(head -c 200 e.pipe)"
fi
(trap '' PIPE; fu-sample --week 2026-11-W3 contacts.tsv 2>/dev/null; echo $? >rc.pipe) |
    head -1 >/dev/null
[ "$(cat rc.pipe)" = 2 ] && ok epipe-sample || fail epipe-sample "status $(cat rc.pipe)"
