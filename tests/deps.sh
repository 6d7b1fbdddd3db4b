#!/bin/sh
# deps.sh build|check: install the Debian packages fu needs, or say how.
# "build" needs the libraries; "check" also the test tools; "office"
# LibreOffice and a CJK font (make check-office).
set -u

need=""
have_header() { [ -f "/usr/include/$1" ]; }

have_header csv.h || need="$need libcsv-dev"
have_header xlsxwriter.h || need="$need libxlsxwriter-dev"
command -v cc >/dev/null 2>&1 || need="$need build-essential"
if [ "${1:-build}" = check ]; then
	command -v mandoc >/dev/null 2>&1 || need="$need mandoc"
	/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 ||
	    need="$need python3-openpyxl"
	command -v script >/dev/null 2>&1 || need="$need bsdutils"
	# fu-summarize's merge test splits the work with GNU parallel.
	command -v parallel >/dev/null 2>&1 || need="$need parallel"
	# tests/sheets.sh: exports as LibreOffice saves them.
	command -v soffice >/dev/null 2>&1 ||
	    need="$need libreoffice-calc-nogui"
fi
if [ "${1:-build}" = office ]; then
	command -v soffice >/dev/null 2>&1 || need="$need libreoffice-calc-nogui"
	[ -d /usr/share/fonts/truetype/wqy ] || need="$need fonts-wqy-microhei"
fi
[ -z "$need" ] && exit 0

cmd="apt-get install -y --no-install-recommends$need"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo "
else
	echo "fu: missing packages:$need" >&2
	echo "fu: run as root:  apt-get update && $cmd" >&2
	exit 1
fi
echo "fu: installing$need" >&2
export DEBIAN_FRONTEND=noninteractive
${sudo}apt-get update -qq >&2 || true
${sudo}$cmd >&2 || {
	echo "fu: could not install; run as root:  apt-get update && $cmd" >&2
	exit 1
}
