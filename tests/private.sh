#!/bin/sh
# tests/private.sh WORKBOOK: what a workbook must not give away or do
# (issue 18), for the golden cases' check scripts.  It is mode 0600 (it
# holds customers' names); no temporary file is left beside it; no cell
# holds a formula; no cell holds a phone number in full (a mobile or a
# landline, not inside an id or a longer number).  Exit 1 saying which.
set -u
f=$1
dir=$(dirname "$f")
base=$(basename "$f")
[ "$(stat -c %a "$f")" = 600 ] ||
    { echo "$f: mode $(stat -c %a "$f"), want 600"; exit 1; }
if ls -A "$dir" | grep -q "^\.${base%.xlsx}"; then
	echo "$f: a temporary file left: $(ls -A "$dir" | grep '^\.')"
	exit 1
fi
parts=$(unzip -Z1 "$f" 2>/dev/null | grep -E '^xl/(worksheets/.*|sharedStrings)\.xml$') ||
    { echo "$f: not a workbook"; exit 1; }
# shellcheck disable=SC2086
xml=$(unzip -p "$f" $parts) || { echo "$f: cannot be read"; exit 1; }
if printf '%s' "$xml" | grep -q '<f>\|<f '; then
	echo "$f: a formula"
	exit 1
fi
p=$(printf '%s' "$xml" | grep -Eo \
    '(^|[^0-9a-f])(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-[0-9]{7,8})([^0-9a-f]|$)' |
    head -1)
if [ -n "$p" ]; then
	echo "$f: a phone in full: $p"
	exit 1
fi
exit 0
