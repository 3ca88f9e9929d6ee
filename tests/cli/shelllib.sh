#!/usr/bin/env bash
# shelllib.sh: tests/lib.sh's own helpers: need skips (exit 77) without CI
# and fails under CI=true; have does the same for a part of a script; check
# and expect_rc count and report.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
lib=$GPD_SOURCE_DIR/tests/lib.sh
missing=gpd-no-such-tool-$$

# sub ENV... -- SCRIPT: runs SCRIPT after sourcing lib.sh in a fresh bash; RC, output in $LAST.
sub() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env -u CI "${envs[@]}" bash -c ". '$lib'; $1" >"$LAST" 2>&1
	RC=$?
}

sub -- "need bash $missing; echo after"
expect_rc 77 "need: a missing tool skips the script"
check "need: says which" has "SKIP: not installed: $missing"
check "need: the script stops" lacks after
sub CI=true -- "need bash $missing; echo after"
expect_rc 1 "need under CI=true: a missing tool fails"
check "need under CI=true: says which" has "FAIL: not installed: $missing"
sub CI=true -- "need bash sh; echo after"
expect_rc 0 "need: tools that are there"
check "need: the script goes on" has after

sub -- "if have $missing; then echo ran; fi; gpd_finish"
expect_rc 0 "have: a missing tool skips the part"
check "have: the part does not run" lacks ran
sub CI=true -- "if have $missing; then echo ran; fi; gpd_finish"
expect_rc 1 "have under CI=true: a missing tool is a failed check"
check "have under CI=true: says which" has "FAIL: $missing is not installed"

sub -- "check 'yes' true; check 'no' false; gpd_finish"
expect_rc 1 "check: a failing command fails the script"
check "check: 2 checks, 1 failed" has "1 of 2 checks failed"
sub -- "expect_rc 3 'three' sh -c 'echo said; exit 3'; check 'its output' has said; gpd_finish"
expect_rc 0 "expect_rc with a command"
gpd_finish
