#!/usr/bin/env bash
# case-09-options.sh: a usage error must name the option at fault, or a
# script's author fixes the wrong word. Reproduces the three reported
# cases (`build --check -j4` blamed '--check', `build -j2` blamed 'build',
# the ambiguous `--fo` called unknown), then checks the exact wording for
# every command and the top level, exit status 2, and nothing on stdout.
# Also: -j N / -jN is --jobs.
. "${GPD_SOURCE_DIR:?}/tests/lib.sh"

W=$GPD_TMP/repo
mkdir -p "$W"
cp -r "$GPD_SOURCE_DIR/records" "$GPD_SOURCE_DIR/templates" "$W/"

# usage WANT ARGS...: exit 2, stderr's first line is exactly
# "gpdigest CMD: error: WANT" (CMD the command in ARGS, if any), a hint follows,
# stdout is empty.
usage() {
	local want=$1 cmd=
	shift
	case ${1-} in build|list|validate|import|schema) cmd=" $1" ;; esac
	run -d "$W" "$@"
	expect_rc 2 "$*"
	count_check
	[ "$(head -1 "$ERR")" = "gpdigest$cmd: error: $want" ] ||
		fail "$*: said '$(head -1 "$ERR")', wanted 'gpdigest$cmd: error: $want'"
	expect_in "$ERR" "Try 'gpdigest$cmd --help'" "$* (hint)"
	expect_empty "$OUT" "$* (stdout)"
}

# --- the reported cases -------------------------------------------------------
# -j is --jobs now, so the word at fault in the first two is another one
usage "unknown option '-x'" build --check -x4
usage "unknown option '-x'" build -x2
usage "option '--fo' is ambiguous; possibilities: --force --format" build --fo md
usage "option '--fo' is ambiguous; possibilities: --force --format" build --fo=md
# (list and validate take -j too now, since they read records on threads)
usage "unknown option '-x'" list --tsv -x4
usage "unknown option '-x'" validate -x2 records

# --- short options: the letter, wherever it is --------------------------------
usage "unknown option '-z'" build -hz --check
usage "unknown option '-z'" import -fz x.txt
usage "option '-o' needs a value" import -f -o
usage "option '-j' needs a value" build --check -j
usage "--jobs takes a number from 1 to 256, not 'x'" build -jx
usage "--jobs takes a number from 1 to 256, not '0'" build -j 0

# --- long options -------------------------------------------------------------
usage "unknown option '--bogus'" build --check --bogus=1
usage "unknown option '--frobnicate'" list --frobnicate
usage "option '--check' takes no value" build --check=yes
usage "option '--out' needs a value" build --check --out
usage "option '--region' needs a value" list --reg
usage "option '--t' is ambiguous; possibilities: --tsv --templates --target" list --t x
usage "option '--re' is ambiguous; possibilities: --records --region" build --re x
usage "option '--f' is ambiguous; possibilities: --force --format" import --f json x.txt
usage "unknown option '--bogus'" schema --bogus
usage "unknown option '--'" build --=x
usage "unknown option '-x'" schema -x
usage "unexpected argument 'extra'" schema extra
# the top level
usage "unknown option '--frobnicate'" --frobnicate
usage "unknown option '-x'" -x
usage "option '--help' takes no value" --help=1
usage "unknown command 'frobnicate'" frobnicate --check

# what follows "--" is not an option
usage "unexpected argument '--bogus' (records are read from --records DIR)" build -- --bogus

# --- what is right still works ----------------------------------------------------
# brun ARGS...: a whole build, bounded for a sanitizer build too
brun() {
	(cd "$W" && exec timeout -k 1 120 "$GPDIGEST" "$@") >"$OUT" 2>"$ERR"
	RC=$?
}
for args in "build -j 2 --force" "build -j2 --force" "build --jobs=2 --force" "build --jobs 2"; do
	brun $args
	expect_rc 0 "$args"
	expect_not_in "$ERR" "error" "$args (stderr)"
	expect_in "$ERR" "editions built, " "$args"
done
brun build --chec -j1
expect_rc 0 "an unambiguous abbreviation (--chec) is --check"
expect_in "$ERR" "checked 7 editions" "--chec"
run -d "$GPD_SOURCE_DIR" --vers
expect_rc 0 "--vers is --version"
expect_in "$OUT" "gpdigest " "--vers"
for cmd in build list validate import schema; do
	run "$cmd" --help
	expect_rc 0 "$cmd --help"
	expect_in "$OUT" "usage: gpdigest $cmd" "$cmd --help"
	expect_in "$OUT" "-h, --help" "$cmd --help lists -h"
	run "$cmd" --he
	expect_rc 0 "$cmd --he"
done
run build --help
expect_in "$OUT" "-j, --jobs N" "build --help lists -j"

gpd_finish
