#!/usr/bin/env bash
# tests/cli/glyphs.sh: characters no font has. Each prints as a replacement
# mark and is reported as missing-glyph once per record and character (in
# each edition that prints the record): at the record's file and the
# position of the field that has it (the title's, the authority's, the
# description's), a second record with the same character reported too,
# one line per field naming at most GPD_MAX_MISSING_GLYPHS_NAMED of them
# and counting the rest. --strict makes them errors, and the summary counts
# them as errors. The PDF's text gives the characters back as written (an
# /ActualText for each mark), a family emoji joined by ZWJ and a flag too.
# Private-use characters of plane 15 (U+F0000...) stand for a character no
# font has, whatever fonts are installed.
. "$GPD_SOURCE_DIR/tests/lib.sh"
need pdftotext python3

W=$GPD_TMP/glyphs
mkdir -p "$W/records"
SEED=records/tower-hamlets-user-involvement.xml
# make ID TITLE AUTHORITY DESCRIPTION: a copy of the seed (title line 17,
# authority 18, description 36, each at column 3)
make() {
	python3 - "$SEED" "$W/records/$1.xml" "$@" <<'EOF'
import sys
seed, out, rid, title, auth, desc = sys.argv[1:7]
s = open(seed, encoding="utf-8").read()
s = s.replace('id="tower-hamlets-user-involvement"', 'id="%s"' % rid, 1)
s = s.replace("Service user involvement in the leaving care service", title, 1)
s = s.replace("<authority>Tower Hamlets</authority>", "<authority>%s</authority>" % auth, 1)
s = s.replace("See the attached document.", desc, 1)
open(out, "w", encoding="utf-8").write(s)
EOF
}
U0=$'\U000F0000' U1=$'\U000F0001' U2=$'\U000F0002'
make glyph-a "Title $U0 of A" "Tower Hamlets $U1" "Again $U0, and $U2 too."
make glyph-b "Title of B" "Tower Hamlets" "B has $U0 as well."
many=$(python3 -c 'print("".join(chr(0xF0100 + i) for i in range(20)))')
make glyph-c "Title of C" "Tower Hamlets" "Twenty: $many."
make glyph-d "Title of D" "Tower Hamlets" $'Family \U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 and flag \U0001F1EC\U0001F1E7.'

build() { # OUT [OPTIONS...]
	local out=$1
	shift
	timeout -k 5 300 "$GPDIGEST" build --no-warn no-outcome --records "$W/records" \
		--templates templates --out "$W/$out" "$@" >"$W/$out.out" 2>"$W/$out.err"
}
build out
RC=$?
expect_rc 0 "build with characters no font has"
E=$W/out.err
# editions NAME: how many editions print the record titled NAME
editions() { grep -l "$1" "$W"/out/*.md "$W"/out/*/*.md | wc -l; }
# lines PATTERN: missing-glyph lines matching PATTERN
lines() { grep -c -- "$1.*\[missing-glyph\]" "$E"; }

check "every missing-glyph line names a file, a line and a column" \
	bash -c '! grep "\[missing-glyph\]" "$1" | grep -qvE "$2"' _ "$E" "$GPD_DIAG_RE"
check "none is about no file" bash -c '! grep -q "^gpdigest: warning:.*missing-glyph" "$1"' _ "$E"
n=$(editions "Title $U0 of A")
check "A's title: U+F0000 at the title's place, once per edition ($n)" \
	test "$(lines "glyph-a.xml:17:3: warning: the PDF font has no glyph for U+F0000;")" = "$n"
check "A's authority: U+F0001 at the authority's place, not the title's" \
	test "$(lines "glyph-a.xml:18:3: warning: the PDF font has no glyph for U+F0001;")" = "$n"
check "A's description: U+F0002 only (U+F0000 was said for A)" \
	test "$(lines "glyph-a.xml:36:3: warning: the PDF font has no glyph for U+F0002;")" = "$n"
check "A: nothing else" test "$(lines "glyph-a.xml")" = $((3 * n))
n=$(editions "Title of B")
check "B, a second record with U+F0000, is told too ($n)" \
	test "$(lines "glyph-b.xml:36:3: warning: the PDF font has no glyph for U+F0000;")" = "$n"
n=$(editions "Title of C")
check "C: 20 characters, one line naming 8 and counting 12 ($n)" \
	test "$(lines "glyph-c.xml:36:3: warning: the PDF font has no glyph for U+F0100, U+F0101, U+F0102, U+F0103, U+F0104, U+F0105, U+F0106, U+F0107 or 12 other characters;")" = "$n"
check "C: nothing else" test "$(lines "glyph-c.xml")" = "$n"
check "the summary counts the warnings" \
	grep -q "editions built, 0 current, $(grep -c ': warning: ' "$E") warnings" "$E"

T=$W/text.txt
pdftotext "$W/out/compendium.pdf" "$T"
check "the title's text is as written" grep -qF "Title $U0 of A" "$T"
check "and the authority's" grep -qF "Tower Hamlets $U1" "$T"
check "and twenty in a row" grep -qF "Twenty: $many." "$T"
check "a family emoji (ZWJ) and a flag are as written" \
	grep -qF $'Family \U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 and flag \U0001F1EC\U0001F1E7.' "$T"
check "no replacement mark in the text" bash -c '! grep -q $'"'"'\uFFFD'"'"' "$1"' _ "$T"

build strict --strict
RC=$?
expect_rc 1 "--strict: the missing glyphs are errors"
errors=$(grep -c ': error: .*\[missing-glyph\]' "$W/strict.err")
check "--strict: as many error lines as warnings before" \
	test "$errors" = "$(grep -c ': warning: .*\[missing-glyph\]' "$E")"
check "--strict: the summary counts them as errors, none as warnings" \
	grep -q "editions built, 0 current, $errors errors, 0 warnings" "$W/strict.err"
build out --check --strict
RC=$?
expect_rc 1 "--check --strict: the errors fail it"
check "--check --strict: current, with the errors counted" \
	grep -q "checked [0-9]* editions against $W/out: current, $errors errors" "$W/out.err"
gpd_finish
