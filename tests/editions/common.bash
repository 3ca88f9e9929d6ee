# common.bash: sourced by the edition/build CLI tests (tests/cli/{editions,
# incremental,killtest,list}.sh). Each test works in its own temporary copy
# of records/ and templates/, never in the repository's out/.
set -u

: "${GPDIGEST:?GPDIGEST must name the gpdigest binary}"
GPD_SOURCE_DIR=${GPD_SOURCE_DIR:-$(pwd)}
export LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH

FAILS=0
CHECKS=0
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpd-$TEST_NAME.XXXXXX")
cleanup() {
	local rc=$?
	[ -n "${CLEANUP_EXTRA:-}" ] && eval "$CLEANUP_EXTRA"
	rm -rf "$WORK"
	exit $rc
}
trap cleanup EXIT INT TERM

cp -r "$GPD_SOURCE_DIR/records" "$GPD_SOURCE_DIR/templates" "$WORK/"
cd "$WORK"

# gpd ARGS...: the binary on the copy (records/ and templates/ of $WORK).
gpd() { "$GPDIGEST" "$@"; }
# build/list with the copy's folders; out folder as first argument.
B() { local out=$1; shift; "$GPDIGEST" build --records records --templates templates --out "$out" "$@"; }

pass() { CHECKS=$((CHECKS + 1)); printf 'ok   %s\n' "$*"; }
fail() { CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1)); printf 'FAIL %s\n' "$*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
# expect_rc WANT DESCRIPTION COMMAND...: runs it, stdout+stderr in $WORK/last.
expect_rc() {
	local want=$1 d=$2 rc; shift 2
	"$@" >"$WORK/last" 2>&1; rc=$?
	if [ "$rc" -eq "$want" ]; then pass "$d (exit $rc)"; else
		fail "$d: exit $rc, wanted $want"; sed 's/^/     | /' "$WORK/last" | head -30; fi
}
has() { grep -qF -- "$1" "$WORK/last"; }
lacks() { ! grep -qF -- "$1" "$WORK/last"; }

qpdf_ok() { qpdf --check "$1" >/dev/null 2>&1; }

# Extracted text of a PDF, whitespace squeezed to single spaces, one line.
pdf_text() { pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr -s ' \n\t\f' '    ' ; }

# Every record title, by record file (titles identify records in outputs).
title_of() { sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$1" | head -1; }

# snapshot DIR: "mtime size path" of every file, sorted.
snapshot() { (cd "$1" && find . -type f -printf '%T@ %s %p\n' | sort -k3); }

# The manifest's per-output entries ("path TAB inputs TAB content"): its
# header may hold a signature of the folder's file times, which differs
# between any two folders by design.
manifest_entries() { grep "$(printf '\t')" "$1/.gpdigest-manifest"; }
# same_tree A B: the same outputs, byte for byte (diff -r), and the same
# manifest entries.
same_tree() {
	diff -r -x .gpdigest-manifest "$1" "$2" && diff <(manifest_entries "$1") <(manifest_entries "$2")
}

finish() {
	printf '%s: %d checks, %d failed\n' "$TEST_NAME" "$CHECKS" "$FAILS"
	[ "$FAILS" -eq 0 ]
}

need() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
	done
}
