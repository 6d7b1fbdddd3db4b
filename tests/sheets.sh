#!/bin/sh
# tests/sheets.sh BUILD: exports as LibreOffice saves them.  Makes the
# workbooks of tests/sheets/make.py (openpyxl), saves each as CSV with
# soffice --headless in UTF-8 (76) and GB18030 (85), every row padded
# with commas to the sheet's width, and imports them with BUILD's
# fu-import: standard output, standard error and the status must be
# tests/sheets/NAME.out, NAME.err and NAME.rc (checked by hand; the
# ids also by the formula of fu(7)).  Without soffice or openpyxl it
# says it skipped and exits 0; tests/deps.sh check installs both.
set -u
b=$(cd "${1:-build}" && pwd) || exit 2
top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v soffice >/dev/null 2>&1; then
	echo "skipped: no soffice (apt-get install libreoffice-calc-nogui)"
	exit 0
fi
if ! /usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1; then
	echo "skipped: no openpyxl (apt-get install python3-openpyxl)"
	exit 0
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/fu-sheets.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT INT TERM
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai FU_QUIET=1 FU_NOW=2026-11-23T08:00
unset FU_POLICY FU_THREADS
cd "$scratch" || exit 2
/usr/bin/python3 "$top/tests/sheets/make.py" sales.xlsx label.xlsx || exit 1
status=0
for enc in 76:utf-8 85:gb18030; do
	mkdir "${enc#*:}"
	# Its own profile: no clash with a LibreOffice already running.
	HOME=$scratch soffice --headless -env:UserInstallation=file://$scratch/lo \
	    --convert-to "csv:Text - txt - csv (StarCalc):44,34,${enc%%:*},1,,0,false,true,true" \
	    --outdir "${enc#*:}" sales.xlsx label.xlsx >soffice.out 2>&1
	for name in sales label; do
		f=${enc#*:}/$name.csv
		if [ ! -s "$f" ]; then
			echo "$f: soffice saved nothing:"; cat soffice.out
			status=1
			continue
		fi
		(cd "${enc#*:}" && "$b/fu-import" "$name.csv" >"$name.out" \
		    2>"$name.err"; echo $? >"$name.rc")
		for k in out err rc; do
			if ! diff "$top/tests/sheets/$name.$k" \
			    "${enc#*:}/$name.$k" >diff.out; then
				echo "$f: $k differs:"; sed 's/^/	/' diff.out
				status=1
			fi
		done
	done
done
exit $status
