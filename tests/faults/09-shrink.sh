# tests/faults/09-shrink.sh (sourced by tests/faults.sh, in its scratch directory):
# An input that vanishes or shrinks while it is read.  Removed, it is
# still read whole (the open file stays).  Cut short (truncate(1) by
# another program, once the reader is 8 MB in, as /proc shows), it is
# said and exit 2: the rows past the cut are gone and the last one read
# may be cut short, which a CSV reader would otherwise take as a footer
# and a TSV reader as the end.

# open_fd PID FILE: the /proc path of PID's descriptor of FILE, if any.
open_fd() {
	for fd in /proc/$1/fd/*; do
		[ "$(readlink "$fd" 2>/dev/null)" = "$PWD/$2" ] &&
		    { echo "$fd"; return 0; }
	done
	return 1
}
# cut_at PID FILE: truncate FILE to 4 MB once PID has read 8 MB of it;
# 0, or 1 when PID ended first (then the fault was not made).
cut_at() {
	fd=
	while kill -0 "$1" 2>/dev/null; do
		[ -n "$fd" ] || { fd=$(open_fd "$1" "$2") || continue; }
		pos=$(awk '/^pos:/ { print $2 }' "/proc/$1/fdinfo/${fd##*/}" \
		    2>/dev/null)
		if [ "${pos:-0}" -gt 8000000 ]; then
			truncate -s 4000000 "$2"
			return 0
		fi
	done
	return 1
}
# shrink NAME FILE COPY REGEX CMD...: CMD reads COPY (a copy of FILE),
# cut short under it: status 2 and REGEX said.
shrink() {
	n=$1 f=$2 c=$3 re=$4
	shift 4
	cp "$f" "$c"
	"$@" >/dev/null 2>e.shrink & pid=$!
	if cut_at $pid "$c"; then
		wait $pid; expect "$n" $? 2 e.shrink "$re"
	else
		wait $pid; skip "$n" "it read the file whole before the cut"
	fi
}
for i in 1 2 3 4 5 6; do cat big.csv; done >huge.csv
awk 'BEGIN { OFS = "\t"
	print "id", "type", "store", "store_size", "date", "customer", "phone",
	    "amount", "item"
	for (i = 0; i < 1500000; i++)
		printf "%016x\tservice\t店%d\tlarge\t2026-11-%02d\t客户%d\t139%08d\t1999.00\t商品\n",
		    i + 1, i % 40, 1 + i % 20, i, i }' >hugec.tsv

shrink shrink-import huge.csv h.csv 'changed while it was read' \
    fu-import --now 2026-12-01 h.csv
shrink shrink-sample hugec.tsv h.tsv 'shrank while it was read' \
    fu-sample --week 2026-11-W3 --now 2026-11-15T09:00 h.tsv
shrink shrink-summarize hugec.tsv h.tsv 'shrank while it was read' \
    fu-summarize --contacts h.tsv /dev/null

# Removed while read: the same output as the file left alone.
for i in 1 2 3 4 5 6 7; do cat big.csv; done >gone2.csv
cp gone2.csv gone.csv
fu-import --now 2026-12-01 gone.csv >want.tsv 2>/dev/null
cp gone2.csv gone.csv
fu-import --now 2026-12-01 gone.csv >got.tsv 2>e & pid=$!
# Removed once it is open (its descriptor in /proc).
open=
while [ -z "$open" ] && kill -0 $pid 2>/dev/null; do
	open_fd $pid gone.csv >/dev/null && open=1
done
rm -f gone.csv
wait $pid; rc=$?
if [ -z "$open" ]; then
	skip vanish-import "it read the file before it was removed"
elif [ $rc = 0 ] && cmp -s want.tsv got.tsv; then
	ok vanish-import
else
	fail vanish-import "status $rc: $(head -c 300 e)"
fi
rm -f huge.csv hugec.tsv h.csv h.tsv gone2.csv
