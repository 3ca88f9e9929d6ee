#!/usr/bin/env bash
# case-08-json.sh: `--diagnostics json` promises a program one JSON document
# on stderr. Reproduces what broke it (the human summary line printed before
# the array by build, the progress line, "nothing written: ..." and usage
# errors as text), then shows that every command, in every mode and exit
# path, leaves exactly one valid JSON array on stderr and nothing else,
# with the run's summary as its last element.
. "${GPD_SOURCE_DIR:?}/tests/lib.sh"

command -v python3 >/dev/null || {
	[ "${CI:-}" = true ] && { echo "FAIL: python3 is missing"; exit 1; }
	echo "skip: python3 is missing"; exit 77
}

W=$GPD_TMP/repo
mkdir -p "$W"
cp -r "$GPD_SOURCE_DIR/records" "$GPD_SOURCE_DIR/templates" "$W/"
# the seeds' warnings shown (the shipped file accepts them), so the JSON
# holds warnings and --strict has errors to fail on
rm -f "$W/templates/accepted-warnings"
FORM=$GPD_SOURCE_DIR/tests/import/002-columns.txt

# jrun ARGS...: gpdigest in the scratch copy, with a bound that a
# sanitizer build also meets (a whole build, not one record).
jrun() {
	(cd "$W" && exec timeout -k 1 120 "$GPDIGEST" "$@") >"$OUT" 2>"$ERR"
	RC=$?
}

# expect_json WHAT SUMMARY: stderr is one JSON array of diagnostics, each
# with exactly the six fields; SUMMARY "summary": its last element is the
# run's summary note and the only note; "none": no note at all; "any": a
# note, if there is one, is the summary and comes last.
expect_json() {
	count_check
	python3 - "$ERR" "$2" <<'PY' >"$GPD_TMP/why" 2>&1 || { fail "$1: $(tail -1 "$GPD_TMP/why")"; sed 's/^/  | /' "$ERR" | head -5; }
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
doc = json.loads(text)  # the whole of stderr: nothing before or after
assert isinstance(doc, list), "not an array"
for d in doc:
    assert set(d) == {"file", "line", "column", "severity", "code", "message"}, d
    assert d["severity"] in ("warning", "error", "note"), d
notes = [d for d in doc if d["severity"] == "note"]
if sys.argv[2] == "summary" or (sys.argv[2] == "any" and notes):
    assert doc and doc[-1]["code"] == "summary", "the summary is not the last element"
    assert len(notes) == 1, "%d notes" % len(notes)
elif sys.argv[2] == "none":
    assert not notes, "a summary under --quiet"
PY
}

# --- the attack surface as it was: text around the array -----------------
jrun build --diagnostics json
expect_rc 0 "build"
expect_json "build" summary
expect_in "$ERR" '"code":"summary","message":"7 editions built, 0 current, 5 warnings' "build"
count_check
python3 -m json.tool "$ERR" >/dev/null 2>&1 || fail "build: python3 -m json.tool rejects stderr"
expect_not_in "$ERR" "gpdigest: " "build: no human line"

# the no-op fast path
jrun build --diagnostics json
expect_rc 0 "no-op build"
expect_json "no-op build" summary
expect_in "$ERR" '"message":"0 editions built, 7 current' "no-op build"
# the fast path turning warnings into errors: "nothing written" as the note
jrun build --strict --diagnostics=json
expect_rc 1 "no-op build --strict"
expect_json "no-op build --strict" summary
expect_in "$ERR" '"code":"summary","message":"nothing written: the inputs have errors"' "no-op build --strict"
jrun build --quiet --diagnostics json
expect_rc 0 "build --quiet"
expect_json "build --quiet" none
jrun build --check --diagnostics json
expect_rc 0 "build --check"
expect_json "build --check" summary
expect_in "$ERR" "checked 7 editions against out: current" "build --check"

# a changed record: --check reports stale outputs, then the build rebuilds
sed -i 's|<title>\(.*\)</title>|<title>\1 (revised)</title>|' "$W/records/thurrock-sexual-health-worker.xml"
jrun build --check --diagnostics json
expect_rc 1 "build --check, stale"
expect_json "build --check, stale" summary
expect_in "$ERR" '"code":"stale"' "build --check, stale"
jrun build --jobs 1 --diagnostics json
expect_rc 0 "incremental build"
expect_json "incremental build" summary

# an invalid record: the full path's "nothing written", in build and check
printf '<record xmlns="urn:x-gpdigest:record" version="1" id="broken">\n' >"$W/records/broken.xml"
for mode in "" --check; do
	jrun build $mode --diagnostics json
	expect_rc 1 "build $mode, invalid record"
	expect_json "build $mode, invalid record" summary
	expect_in "$ERR" '"code":"xml"' "build $mode, invalid record"
	expect_in "$ERR" "the inputs have errors" "build $mode, invalid record"
done
rm "$W/records/broken.xml"

# an ad-hoc edition, and one that selects nothing
jrun build --region london --out "$GPD_TMP/adhoc" --diagnostics json
expect_rc 0 "ad-hoc build"
expect_json "ad-hoc build" summary
jrun build --criterion 9 --out "$GPD_TMP/adhoc2" --diagnostics json
expect_rc 1 "empty ad-hoc selection"
expect_json "empty ad-hoc selection" any
expect_in "$ERR" '"code":"empty-selection"' "empty ad-hoc selection"

# the progress line is off on a terminal too
if command -v script >/dev/null; then
	count_check
	(cd "$W" && timeout -k 1 120 script -qec "'$GPDIGEST' build --force --diagnostics json 2>'$GPD_TMP/tty.err'" /dev/null) >/dev/null 2>&1
	cp "$GPD_TMP/tty.err" "$ERR"
	expect_json "build on a terminal" summary
	expect_not_in "$ERR" "editions done" "build on a terminal: no progress line"
elif [ "${CI:-}" = true ]; then
	fail "util-linux script is missing: the terminal case cannot run"
fi

# --- validate, list, import --------------------------------------------------
jrun validate --diagnostics json records
expect_rc 0 "validate"
expect_json "validate" summary
expect_in "$ERR" '"message":"5 records checked: 0 errors, 5 warnings"' "validate"
jrun validate --format=json records/nonexistent.xml
expect_rc 2 "validate, missing file"
expect_json "validate, missing file" summary
jrun list --diagnostics json
expect_rc 0 "list"
expect_json "list" summary
expect_in "$OUT" "thurrock-sexual-health-worker" "list (stdout)"
jrun list --quiet --diagnostics json
expect_rc 0 "list --quiet"
expect_json "list --quiet" none
jrun list --region london --criterion 9 --diagnostics json
expect_rc 1 "list, empty selection"
expect_json "list, empty selection" summary
expect_in "$ERR" '"code":"empty-selection"' "list, empty selection"
jrun import --diagnostics json "$FORM"
expect_json "import to stdout" summary
expect_in "$OUT" "<record" "import to stdout"
jrun import --format=json -o "$GPD_TMP/imported" "$FORM"
expect_json "import -o" summary
expect_not_in "$ERR" "wrote" "import -o: no human line"

# --- usage errors, with --diagnostics json anywhere on the line -------------
for args in "build --fo --diagnostics json" "build -x --diagnostics=json" \
	"build --diagnostics json --jobs 0" "list --diagnostics json --bogus" \
	"validate --bogus --format=json" "import --diagnostics json" \
	"schema --diagnostics json" "frobnicate --diagnostics json" \
	"--bogus --diagnostics json" "--diagnostics json"; do
	jrun $args
	expect_rc 2 "usage: $args"
	expect_json "usage: $args" none
	expect_in "$ERR" '"code":"usage"' "usage: $args"
	expect_empty "$OUT" "usage: $args (stdout)"
done
# and without it, the usage error stays text for people
jrun build --fo
expect_rc 2 "usage, human"
expect_in "$ERR" "Try 'gpdigest build --help'" "usage, human"

gpd_finish
