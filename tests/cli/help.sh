#!/bin/bash
# tests/cli/help.sh: --help, --version and the usage errors of the command line.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"

run --help
expect_rc 0 "--help"
expect_empty "$ERR" "--help (stderr)"
expect_in "$OUT" "usage: gpdigest [-C DIR] COMMAND" "--help"
expect_in "$OUT" "validate" "--help"
expect_in "$OUT" "schema" "--help"
expect_in "$OUT" "--version" "--help"
cp "$OUT" "$GPD_TMP/help.txt"
run -h
expect_rc 0 "-h"
count_check
cmp -s "$OUT" "$GPD_TMP/help.txt" || fail "-h differs from --help"

# --help lists only what works: every command it names has its own --help
# (exit 0, usage on stdout, nothing on stderr)
commands=$(sed -n '/^Commands:/,/^$/p' "$GPD_TMP/help.txt" | awk 'NF && !/^Commands:/ {print $1}')
count_check
[ -n "$commands" ] || fail "--help lists no commands"
for cmd in $commands; do
	run "$cmd" --help
	expect_rc 0 "$cmd --help"
	expect_in "$OUT" "usage: gpdigest $cmd" "$cmd --help"
	expect_empty "$ERR" "$cmd --help (stderr)"
	run "$cmd" -h
	expect_rc 0 "$cmd -h"
done
case " $(echo $commands) " in
*" validate "*) ;;
*) fail "--help does not list validate" ;;
esac
case " $(echo $commands) " in
*" schema "*) ;;
*) fail "--help does not list schema" ;;
esac

run validate --help
expect_in "$OUT" "--strict" "validate --help"
expect_in "$OUT" "--diagnostics FMT" "validate --help"
expect_in "$OUT" "--format FMT       the same as --diagnostics FMT" "validate --help"
expect_in "$OUT" "Exit status" "validate --help"
run schema --help
expect_in "$OUT" "XML Schema" "schema --help"

# every command's help names -h, --help; build's names -j; validate and
# import take --diagnostics as build and list do
for cmd in $commands; do
	run "$cmd" --help
	expect_in "$OUT" "-h, --help" "$cmd --help"
done
run build --help
expect_in "$OUT" "-j, --jobs N" "build --help"
for cmd in build list validate import; do
	run "$cmd" --help
	expect_in "$OUT" "--diagnostics FMT" "$cmd --help"
done

# ... and every long option a help text names is one the command takes:
# "--NAME=x --zz-not-an-option" is refused for the second word when NAME
# is known (or as "takes no value"), never as an unknown '--NAME', and
# nothing runs
for cmd in $commands; do
	run "$cmd" --help
	for opt in $(grep -oE -- '--[a-z][a-z-]*' "$OUT" | sort -u); do
		run "$cmd" "$opt=x" --zz-not-an-option
		expect_rc 2 "$cmd $opt"
		expect_not_in "$ERR" "unknown option '$opt'" "$cmd --help names $opt"
	done
done

run --version
expect_rc 0 "--version"
expect_empty "$ERR" "--version (stderr)"
count_check
grep -Eq '^gpdigest [0-9]+\.[0-9]+\.[0-9]+$' "$OUT" || fail "--version: '$(cat "$OUT")' is not 'gpdigest X.Y.Z'"

# usage errors: exit 2, a message on stderr, a hint, nothing on stdout
usage_error() { # WHAT NEEDLE HINT ARGS...
	local what=$1 needle=$2 hint=$3
	shift 3
	run "$@"
	expect_rc 2 "$what"
	expect_in "$ERR" "$needle" "$what"
	expect_in "$ERR" "$hint" "$what (hint)"
	expect_empty "$OUT" "$what (stdout)"
}
usage_error "unknown command" "unknown command 'frobnicate'" "Try 'gpdigest --help'" frobnicate
usage_error "no command" "no command given" "Try 'gpdigest --help'"
usage_error "unknown option" "unknown option '--frobnicate'" "Try 'gpdigest --help'" --frobnicate
usage_error "validate: unknown option" "unknown option '--frobnicate'" "Try 'gpdigest validate --help'" validate --frobnicate
usage_error "validate: unknown short option" "unknown option '-x'" "Try 'gpdigest validate --help'" validate -x
usage_error "an ambiguous abbreviation" "option '--fo' is ambiguous; possibilities: --force --format" "Try 'gpdigest build --help'" build --fo
usage_error "a short option in a cluster" "unknown option '-x'" "Try 'gpdigest build --help'" build -j2 -x
usage_error "schema: extra argument" "unexpected argument 'extra'" "Try 'gpdigest schema --help'" schema extra
usage_error "command names are exact" "unknown command 'Validate'" "Try 'gpdigest --help'" Validate

gpd_finish
