#!/usr/bin/env bash
# case-10-escapes.sh: a record's text reaches the terminal through
# diagnostics. A hostile record puts U+009B (CSI: a terminal escape in one
# character), U+202E (right-to-left override: the line reads backwards)
# and a 10 KB tag name where the messages quote them. Reproduces that the
# raw bytes would be printed, then shows they never reach stderr in any
# format: human and github print \u{9B} and \u{202E}, JSON \u009b and
# \u202e (and stays valid), and the long name is cut to an excerpt. Since
# the control-char rule (utf8.c's gpd_utf8_control) a C1 control in a
# record's text is left out as the record is read, with a warning: the
# messages quote the text without it, and U+009B is tried in a file name.
. "${GPD_SOURCE_DIR:?}/tests/lib.sh"

W=$GPD_TMP/repo
mkdir -p "$W/records"
cp -r "$GPD_SOURCE_DIR/templates" "$W/"
SEED=$GPD_SOURCE_DIR/records/tower-hamlets-contact-policy.xml
CSI=$'\xc2\x9b'    # U+009B
RLO=$'\xe2\x80\xae' # U+202E

# the e-mail value is quoted by the bad-email warning
sed "s|<email>[^<]*</email>|<email>jo${CSI}31m${RLO}lmth.exe</email>|" "$SEED" >"$W/records/tower-hamlets-contact-policy.xml"
# an unknown element with a 10 KB name: quoted by the schema's message
long=$(head -c 10240 /dev/zero | tr '\0' 'N')
sed "s|<title>|<${long}/><title>|" "$SEED" |
	sed 's/id="tower-hamlets-contact-policy"/id="long-name"/' >"$W/records/long-name.xml"
# and a malformed one: libxml2 quotes the tag name in "Premature end of data"
printf '<record xmlns="urn:x-gpdigest:record" version="1" id="cut">\n<%s>\n' "$long" >"$W/records/cut.xml"

count_check
grep -q "$CSI" "$W/records/tower-hamlets-contact-policy.xml" && grep -q "$RLO" "$W/records/tower-hamlets-contact-policy.xml" ||
	fail "the hostile record was not made"

# raw_free WHAT: no U+009B, U+202E or other C1/bidi control, raw, in stderr
raw_free() {
	expect_not_in "$ERR" "$CSI" "$1: raw U+009B"
	expect_not_in "$ERR" "$RLO" "$1: raw U+202E"
	count_check
	if LC_ALL=C grep -q $'\x1b' "$ERR"; then fail "$1: a raw ESC"; fi
}

# longest_line: the length in characters of stderr's longest line
longest_line() { LC_ALL=C.UTF-8 awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' "$ERR"; }

for fmt in human github; do
	opt=--format=$fmt
	run -d "$W" validate "$opt" records
	expect_rc 1 "validate $opt"
	raw_free "validate $opt"
	expect_in "$ERR" 'jo31m\u{202E}lmth.exe' "validate $opt: the escape is shown, U+009B left out"
	expect_in "$ERR" "[control-char]" "validate $opt: U+009B is reported"
	expect_in "$ERR" "[bad-email]" "validate $opt"
	# the 10 KB name is cut: no line near its length, an ellipsis where it was
	# cut (60 characters with the "<" before it)
	count_check
	[ "$(longest_line)" -lt 1000 ] || fail "validate $opt: a line of $(longest_line) characters"
	expect_in "$ERR" "$(printf 'N%.0s' $(seq 58))…" "validate $opt: the excerpt"
	expect_not_in "$ERR" "$(printf 'N%.0s' $(seq 61))" "validate $opt: more than the excerpt"
	expect_in "$ERR" "records/cut.xml" "validate $opt: the malformed record is named"
done

run -d "$W" validate --format=json records
expect_rc 1 "validate json"
raw_free "validate json"
expect_in "$ERR" 'jo31m\u202elmth.exe' "validate json: \\u escapes"
count_check
python3 - "$ERR" <<'PY' || fail "validate json: not valid JSON, or the value did not round-trip"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
msgs = [d["message"] for d in doc if d["code"] == "bad-email"]
assert msgs and "jo31m\u202elmth.exe" in msgs[0], msgs
assert max(len(d["message"]) for d in doc) < 1100
PY

# the build quotes the same messages: the same escapes
(cd "$W" && exec timeout -k 1 120 "$GPDIGEST" build --out "$GPD_TMP/out") >"$OUT" 2>"$ERR"
RC=$?
expect_rc 1 "build"
raw_free "build"
expect_in "$ERR" '\u{202E}' "build: the escape is shown"

# a file name is quoted too: control characters in it are escaped
cp "$SEED" "$W/records/x${CSI}${RLO}lmx.xml"
run -d "$W" validate "records/x${CSI}${RLO}lmx.xml"
raw_free "a file name"
expect_in "$ERR" 'records/x\u{9B}\u{202E}lmx.xml' "a file name: escaped"
rm -f "$W/records/x${CSI}${RLO}lmx.xml" "$W/records/long-name.xml" "$W/records/cut.xml"

# What list and structure print of the records goes to the terminal too:
# a title holding U+009B and U+202E was printed raw in every format of
# list (columns, TSV and JSON) and in structure's tree. The columns and the
# tree show the escapes; JSON holds \u escapes, so it is the same text.
sed "s|<title>[^<]*</title>|<title>Hostile ${CSI}31m${RLO}title</title>|" "$SEED" >"$W/records/tower-hamlets-contact-policy.xml"
for fmt in human tsv; do
	run -d "$W" list --format "$fmt"
	expect_rc 0 "list --format $fmt"
	expect_not_in "$OUT" "$CSI" "list --format $fmt: raw U+009B"
	expect_not_in "$OUT" "$RLO" "list --format $fmt: raw U+202E"
	expect_in "$OUT" 'Hostile 31m\u{202E}title' "list --format $fmt: the escape is shown"
done
run -d "$W" list --format json
expect_rc 0 "list --format json"
expect_not_in "$OUT" "$CSI" "list --format json: raw U+009B"
expect_not_in "$OUT" "$RLO" "list --format json: raw U+202E"
count_check
python3 - "$OUT" <<'PY' || fail "list --format json: not valid JSON, or the title did not round-trip"
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
assert any(r["title"] == "Hostile 31m\u202etitle" for r in rows), [r["title"] for r in rows]
PY
run -d "$W" structure
expect_rc 0 "structure"
expect_not_in "$OUT" "$CSI" "structure: raw U+009B"
expect_not_in "$OUT" "$RLO" "structure: raw U+202E"
expect_in "$OUT" 'Hostile 31m\u{202E}title' "structure: the escape is shown"

gpd_finish
