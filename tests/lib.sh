# tests/lib.sh: the one shell library of the command-line tests (tests/cli/*.sh,
# tests/hpdf/*.sh). Source it; it expects GPDIGEST (the program) and
# GPD_SOURCE_DIR (the source root) in the environment, as
# tests/CMakeLists.txt sets them.
# Checks accumulate: a failed check prints FAIL and the script carries on;
# gpd_finish exits 1 if any check failed. A script that cannot run without
# a tool says `need TOOL...` (exit 77, which ctest reports as skipped; under
# CI=true a missing tool fails instead), a part of one `if have TOOL`.

set -u

: "${GPDIGEST:?GPDIGEST must name the gpdigest program}"
GPD_SOURCE_DIR=${GPD_SOURCE_DIR:-$(pwd)}
case $GPDIGEST in
/*) ;;
*) GPDIGEST=$(pwd)/$GPDIGEST ;;
esac
[ -x "$GPDIGEST" ] || { echo "FAIL: $GPDIGEST is not executable"; exit 1; }

# Under a sanitizer build, a report must not pass for the exit status 1 of
# a bad record: give it a status of its own (ignored by normal builds).
export ASAN_OPTIONS="exitcode=86:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="exitcode=86:${UBSAN_OPTIONS:-}"

GPD_FAILS=0
GPD_CHECKS=0
GPD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/gpd-cli.XXXXXX") || exit 1
# CLEANUP_EXTRA: a command to run first (a script that mounts something)
gpd_cleanup() {
	local rc=$?
	[ -n "${CLEANUP_EXTRA:-}" ] && eval "$CLEANUP_EXTRA"
	rm -rf "$GPD_TMP"
	exit $rc
}
trap gpd_cleanup EXIT INT TERM

# The one diagnostic line format: FILE:LINE:COL: error|warning: MESSAGE [code]
GPD_DIAG_RE='^[^[:cntrl:]]+:[0-9]+:[0-9]+: (error|warning): [^[:cntrl:]]+ \[[a-z]+(-[a-z]+)*\]$'
# The closing summary line of a run.
GPD_SUMMARY_RE='^gpdigest: [^:]+: [0-9]+ errors?, [0-9]+ warnings?$'

fail() {
	GPD_FAILS=$((GPD_FAILS + 1))
	echo "FAIL: $*"
}

pass() { echo "ok: $*"; }

# count_check: one more check, whose failure the caller reports with fail.
count_check() {
	GPD_CHECKS=$((GPD_CHECKS + 1))
}

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	local d=$1
	shift
	count_check
	if "$@"; then pass "$d"; else fail "$d"; fi
}

# need TOOL...: the script cannot run without these tools. Missing, it is
# skipped (exit 77), except under CI (CI=true), where it fails.
need() {
	local t missing=
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
	done
	[ -z "$missing" ] && return 0
	if [ "${CI:-}" = true ]; then
		echo "FAIL: not installed:$missing (bash .ci/setup installs it; CI=true fails instead of skipping)"
		exit 1
	fi
	echo "SKIP: not installed:$missing"
	exit 77
}

# have TOOL...: for a part of a script; false when a tool is missing, which
# is a failed check under CI (CI=true).
have() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 && continue
		if [ "${CI:-}" = true ]; then
			count_check
			fail "$t is not installed (bash .ci/setup installs it; CI=true fails instead of skipping)"
		else
			echo "SKIP: $t is not installed: the checks that need it"
		fi
		return 1
	done
	return 0
}

# run [-d DIR] ARGS...: runs gpdigest (in DIR if given), stopped after
# RUN_BOUND seconds: a guard against a hang, not a measure of speed
# (tests/bench/run measures that), so it is far above any run's time even
# under a sanitizer on a busy machine; sets RC, and leaves stdout in $OUT
# and stderr in $ERR.
RUN_BOUND=120
OUT=$GPD_TMP/stdout
ERR=$GPD_TMP/stderr
run() {
	local dir=.
	if [ "${1-}" = -d ]; then
		dir=$2
		shift 2
	fi
	(cd "$dir" && exec timeout -k 1 "$RUN_BOUND" "$GPDIGEST" "$@") >"$OUT" 2>"$ERR"
	RC=$?
}

# expect_rc WANT WHAT [COMMAND...]: the last run's exit status; with a
# command, runs it first (stdout and stderr in $LAST, RC its status).
LAST=$GPD_TMP/last
expect_rc() {
	local want=$1 what=$2 shown=$ERR
	shift 2
	if [ $# -gt 0 ]; then
		"$@" >"$LAST" 2>&1
		RC=$?
		shown=$LAST
	fi
	set -- "$want" "$what"
	count_check
	if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
		fail "$2: did not finish within $RUN_BOUND seconds (a hang)"
	elif [ "$RC" -ge 128 ]; then
		fail "$2: killed by signal $((RC - 128))"
		sed 's/^/  | /' "$shown" | head -30
	elif [ "$RC" -ne "$1" ]; then
		fail "$2: exit status $RC, expected $1"
		sed 's/^/  | /' "$shown" | head -30
	else
		pass "$2 (exit $RC)"
	fi
}

# has TEXT / lacks TEXT: the output of the last expect_rc COMMAND.
has() { grep -qF -- "$1" "$LAST"; }
lacks() { ! grep -qF -- "$1" "$LAST"; }

# expect_in FILE TEXT WHAT: FILE contains TEXT (a fixed string).
expect_in() {
	count_check
	grep -qF -- "$2" "$1" || {
		fail "$3: no '$2' in $(basename "$1")"
		sed 's/^/  | /' "$1" | head -20
	}
}

# expect_not_in FILE TEXT WHAT
expect_not_in() {
	count_check
	if grep -qF -- "$2" "$1"; then
		fail "$3: unexpected '$2' in $(basename "$1")"
	fi
}

# expect_empty FILE WHAT
expect_empty() {
	count_check
	[ ! -s "$1" ] || {
		fail "$2: $(basename "$1") is not empty"
		sed 's/^/  | /' "$1" | head -10
	}
}

# expect_diag_lines FILE PREFIX WHAT: every line of FILE is a diagnostic
# in the FILE:LINE:COL form naming a file that starts with PREFIX, or the
# closing summary line, which comes last and once.
expect_diag_lines() {
	local line n=0 total summary=0
	count_check
	total=$(wc -l <"$1")
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		if [[ $line =~ $GPD_SUMMARY_RE ]]; then
			summary=$((summary + 1))
			[ "$n" -eq "$total" ] || fail "$3: summary line is not last: $line"
		elif ! [[ $line =~ $GPD_DIAG_RE ]]; then
			fail "$3: not a FILE:LINE:COL diagnostic: $line"
		elif [[ $line != "$2"* ]]; then
			fail "$3: diagnostic does not name $2: $line"
		fi
	done <"$1"
	[ "$summary" -eq 1 ] || fail "$3: $summary summary lines, expected 1"
}

# expect_no_passwd FILE... WHAT: no line of /etc/passwd leaked into FILEs.
expect_no_passwd() {
	local what=${!#} f
	count_check
	grep -v '^[[:space:]]*$' /etc/passwd >"$GPD_TMP/passwd.lines"
	for f in "${@:1:$#-1}"; do
		if grep -qF -f "$GPD_TMP/passwd.lines" "$f" || grep -q 'root:x:0:0' "$f"; then
			fail "$what: a line of /etc/passwd appears in $(basename "$f")"
		fi
	done
}

# ---- builds in a scratch copy of records/ and templates/ -------------------

# gpd_workspace: copies records/ and templates/ into $WORK (under $GPD_TMP)
# and works there, never in the repository's out/; no SOURCE_DATE_EPOCH.
gpd_workspace() {
	export LC_ALL=C.UTF-8
	unset SOURCE_DATE_EPOCH
	WORK=$GPD_TMP/work
	LAST=$WORK/last
	mkdir -p "$WORK" && cp -r "$GPD_SOURCE_DIR/records" "$GPD_SOURCE_DIR/templates" "$WORK/" &&
		cd "$WORK" || exit 1
}

# gpd ARGS...: the program; B OUT ARGS...: a build of the copy into OUT.
gpd() { "$GPDIGEST" "$@"; }
B() { local out=$1; shift; "$GPDIGEST" build --records records --templates templates --out "$out" "$@"; }

qpdf_ok() { qpdf --check "$1" >/dev/null 2>&1; }

# Extracted text of a PDF, whitespace squeezed to single spaces, one line.
pdf_text() { pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -s ' \n\t\f' '    ' ; }

# Every record title, by record file (titles identify records in outputs).
title_of() { sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$1" | head -1; }

# snapshot DIR: "mtime size path" of every file, sorted.
snapshot() { (cd "$1" && find . -type f -printf '%T@ %s %p\n' | sort -k3); }

# The manifest's per-output entries ("path TAB inputs TAB content").
manifest_entries() { grep "$(printf '\t')" "$1/.gpdigest-manifest"; }
# same_tree A B: the same outputs, byte for byte (diff -r), and the same
# manifest entries; the uncommitted .gpdigest-cache (file times) differs
# between any two folders by design.
same_tree() {
	diff -r -x .gpdigest-manifest -x .gpdigest-cache "$1" "$2" &&
		diff <(manifest_entries "$1") <(manifest_entries "$2")
}

gpd_finish() {
	if [ "$GPD_FAILS" -gt 0 ]; then
		echo "$GPD_FAILS of $GPD_CHECKS checks failed"
		exit 1
	fi
	echo "all $GPD_CHECKS checks passed"
	exit 0
}
