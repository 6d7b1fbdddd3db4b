#!/bin/sh
# tests/install.sh BUILD: make install into a scratch DESTDIR, then check
# that what a user runs is where it is looked for: each program runs and
# finds the installed calendar, each man page renders, the data files and
# rule sets are there, bash completes each program's options from the
# installed completion; then make uninstall leaves no file behind.  One
# line per breach; exit 1 if there is any.
set -u
b=${1:-build}
cd "$(dirname "$0")/.." || exit 2
dest=$(mktemp -d "${TMPDIR:-/tmp}/fu-install.XXXXXX") || exit 2
trap 'rm -rf "$dest"' EXIT INT TERM
bad=0
no() { echo "install: $*"; bad=1; }
prefix=/usr/local
root=$dest$prefix

make -s install BUILD="$b" DESTDIR="$dest" PREFIX="$prefix" >/dev/null ||
    { echo "install: make install failed"; exit 1; }
for p in "$b"/fu-*; do
	[ -x "$p" ] || continue
	prog=${p##*/}
	[ -x "$root/bin/$prog" ] || no "no bin/$prog"
	"$root/bin/$prog" --version >/dev/null 2>&1 || no "$prog --version fails"
	[ -f "$root/share/man/man1/$prog.1" ] || no "no man1/$prog.1"
	mandoc "$root/share/man/man1/$prog.1" >/dev/null 2>&1 ||
	    no "man1/$prog.1 does not render"
	c=$root/share/bash-completion/completions/$prog
	if [ ! -f "$c" ]; then
		no "no completion for $prog"
		continue
	fi
	# The first long option of --help must complete from its first
	# three letters.
	opt=$("$p" --help 2>&1 | grep -Eo -- '--[a-z][a-z-]+' | head -1)
	# (after fu-report's subcommand).
	sub=""
	[ "$prog" = fu-report ] && sub=week
	got=$(PATH="$root/bin:$PATH" bash -c '. "$1"; shift
	    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _fu
	    printf "%s\n" "${COMPREPLY[@]}"' sh "$c" "$prog" $sub \
	    "$(printf %.5s "$opt")")
	printf '%s\n' "$got" | grep -qx -- "$opt" ||
	    no "completion of $prog $(printf %.5s "$opt") lacks $opt"
done
[ -f "$root/share/man/man7/fu.7" ] || no "no man7/fu.7"
for f in holidays-cn.tsv policy.tsv; do
	cmp -s "$root/share/fu/$f" "samples/$f" || no "share/fu/$f differs"
done
for f in samples/rules/*.tsv; do
	cmp -s "$root/share/fu/rules/${f##*/}" "$f" || no "no share/fu/rules/${f##*/}"
done
for f in samples/cron/*; do
	cmp -s "$root/share/fu/cron/${f##*/}" "$f" || no "no share/fu/cron/${f##*/}"
done
make -s uninstall BUILD="$b" DESTDIR="$dest" PREFIX="$prefix" >/dev/null ||
    no "make uninstall failed"
left=$(find "$dest" -type f)
[ -z "$left" ] || no "left after uninstall: $left"
exit $bad
