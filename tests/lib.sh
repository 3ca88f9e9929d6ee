# tests/lib.sh: helpers shared by the command-line tests (tests/cli/*.sh).
# Source it; it expects GPDIGEST (the program) and GPD_SOURCE_DIR (the
# source root) in the environment, as tests/CMakeLists.txt sets them.
# Checks accumulate: a failed check prints FAIL and the script carries on;
# gpd_finish exits 1 if any check failed.

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
trap 'rm -rf "$GPD_TMP"' EXIT

# The one diagnostic line format: FILE:LINE:COL: error|warning: MESSAGE [code]
GPD_DIAG_RE='^[^[:cntrl:]]+:[0-9]+:[0-9]+: (error|warning): [^[:cntrl:]]+ \[[a-z]+(-[a-z]+)*\]$'
# The closing summary line of a run.
GPD_SUMMARY_RE='^gpdigest: [^:]+: [0-9]+ errors?, [0-9]+ warnings?$'

fail() {
	GPD_FAILS=$((GPD_FAILS + 1))
	echo "FAIL: $*"
}

check() {
	GPD_CHECKS=$((GPD_CHECKS + 1))
}

# run [-d DIR] ARGS...: runs gpdigest (in DIR if given) with a 2-second
# bound; sets RC, and leaves stdout in $OUT and stderr in $ERR.
OUT=$GPD_TMP/stdout
ERR=$GPD_TMP/stderr
run() {
	local dir=.
	if [ "${1-}" = -d ]; then
		dir=$2
		shift 2
	fi
	(cd "$dir" && exec timeout -k 1 2 "$GPDIGEST" "$@") >"$OUT" 2>"$ERR"
	RC=$?
}

# expect_rc WANT WHAT: the last run's exit status.
expect_rc() {
	check
	if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
		fail "$2: did not finish within 2 seconds"
	elif [ "$RC" -ge 128 ]; then
		fail "$2: killed by signal $((RC - 128))"
		sed 's/^/  | /' "$ERR" | head -20
	elif [ "$RC" -ne "$1" ]; then
		fail "$2: exit status $RC, expected $1"
		sed 's/^/  | /' "$ERR" | head -20
	fi
}

# expect_in FILE TEXT WHAT: FILE contains TEXT (a fixed string).
expect_in() {
	check
	grep -qF -- "$2" "$1" || {
		fail "$3: no '$2' in $(basename "$1")"
		sed 's/^/  | /' "$1" | head -20
	}
}

# expect_not_in FILE TEXT WHAT
expect_not_in() {
	check
	if grep -qF -- "$2" "$1"; then
		fail "$3: unexpected '$2' in $(basename "$1")"
	fi
}

# expect_empty FILE WHAT
expect_empty() {
	check
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
	check
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
	check
	grep -v '^[[:space:]]*$' /etc/passwd >"$GPD_TMP/passwd.lines"
	for f in "${@:1:$#-1}"; do
		if grep -qF -f "$GPD_TMP/passwd.lines" "$f" || grep -q 'root:x:0:0' "$f"; then
			fail "$what: a line of /etc/passwd appears in $(basename "$f")"
		fi
	done
}

gpd_finish() {
	if [ "$GPD_FAILS" -gt 0 ]; then
		echo "$GPD_FAILS of $GPD_CHECKS checks failed"
		exit 1
	fi
	echo "all $GPD_CHECKS checks passed"
	exit 0
}
