#!/bin/sh
# tests/floors.sh: lib/ is built in floors (README.md, "Layout"); a
# module includes only from its own floor or the floors below it, and
# no two modules include each other, directly or in a ring; no file
# is longer than 900 lines; no two source files share a name.  Prints one
# line per breach; exits 1 if there is any.
#
# The floors, lowest first; folders on one line are one floor.
set -u
cd "$(dirname "$0")/.." || exit 2
floors='base
fmt
log
import sample due record summary
report'

floor_of() {
	printf '%s\n' "$floors" | awk -v d="$1" '
	    { for (i = 1; i <= NF; i++) if ($i == d) { print NR; exit } }'
}

bad=0
edges=$(mktemp) || exit 2
trap 'rm -f "$edges"' EXIT
for f in lib/*/*.[ch]; do
	dir=${f#lib/}
	dir=${dir%%/*}
	mod=${f%.[ch]}
	mod=${mod#lib/}
	mine=$(floor_of "$dir")
	if [ -z "$mine" ]; then
		echo "$f: folder lib/$dir is not a floor"
		bad=1
		continue
	fi
	for inc in $(sed -n 's/^#include "\([^"]*\)\.h".*/\1/p' "$f"); do
		case $inc in
		*/*) ;;
		*)	# generated (fu_config.h) or a bare name
			[ -f "lib/$dir/$inc.h" ] && {
				echo "$f: includes \"$inc.h\": name its floor"
				bad=1
			}
			continue ;;
		esac
		idir=${inc%%/*}
		theirs=$(floor_of "$idir")
		if [ -z "$theirs" ] || [ ! -f "lib/$inc.h" ]; then
			echo "$f: includes \"$inc.h\", which is not in lib/"
			bad=1
		elif [ "$theirs" -gt "$mine" ] ||
		    { [ "$theirs" -eq "$mine" ] && [ "$idir" != "$dir" ]; }; then
			echo "$f: includes \"$inc.h\" from a floor above or beside it"
			bad=1
		fi
		[ "$inc" != "$mod" ] && echo "$mod $inc" >>"$edges"
	done
done
# A file past 900 lines is two modules (STYLE.md 17).
for f in lib/*/*.[ch]; do
	n=$(wc -l <"$f")
	if [ "$n" -gt 900 ]; then
		echo "$f: $n lines; a file past 900 lines is two modules"
		bad=1
	fi
done
# libfu.a holds its members by file name: two lib files of one name in
# different folders would replace each other there.
for n in $(ls lib/*/*.c | sed 's|.*/||' | sort | uniq -d); do
	echo "lib/*/$n: two source files of one name (one hides the other in libfu.a)"
	bad=1
done
# tsort names a ring of modules on standard error.
if ! tsort "$edges" >/dev/null 2>"$edges.err"; then
	sed 's/^tsort: /include ring: /' "$edges.err"
	bad=1
fi
rm -f "$edges.err"
exit $bad
