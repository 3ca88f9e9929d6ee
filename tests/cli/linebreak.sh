#!/usr/bin/env bash
# tests/cli/linebreak.sh: text in scripts written without spaces between
# words breaks where its readers expect (tests/scripts/linebreak.py writes
# the records and checks the lines). The layout broke lines only at spaces
# and cut a longer "word" at any cluster: a Chinese or Japanese paragraph
# (one such word) had lines starting with 」 or 。, a Thai phrase was cut
# inside its words, and Latin beside them was cut mid-word. Now:
#  - Chinese, Japanese and Latin with both: UAX #14 (libunibreak) where a
#    CJK character is on either side, so no line starts with a closing
#    mark or ends with an opening one; the Latin breaks at its spaces only,
#    as alone (not after "well-" or "and/");
#  - Thai: at the word boundaries of libthai's own segmentation;
#  - Khmer with zero width spaces between words: at those only;
#  - Lao (no dictionary): between syllables where a line must break, and
#    said (word-cut) once per record and edition; Thai too when libthai's
#    dictionary is hidden (root only: a private mount namespace);
#  - no word outside the margins, every word of each record in order;
#  - a line separator (U+2028) or paragraph separator (U+2029) ends a line;
#  - a Devanagari or Bengali word wider than the line is cut between syllables.
. "$GPD_SOURCE_DIR/tests/lib.sh"
need python3 pdftotext qpdf

W=$GPD_TMP/lb
mkdir -p "$W/records"
cp -r templates "$W/"
python3 tests/scripts/linebreak.py records "$W/records"
expect_rc 0 "build the Chinese, Japanese, Thai, mixed, Lao and Khmer records" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$W" "$GPDIGEST"
H=$W/out/handouts/tower-hamlets.pdf
check "kinsoku, Thai words, Khmer's zero width spaces, Latin at its spaces" \
	python3 tests/scripts/linebreak.py check "$H"
check "no word outside the margins" \
	python3 tests/pdf/check_pdf.py bbox "$H" --style "$W/templates/style.xml"
for r in chinese japanese thai mixed lao; do
	check "every word of the $r record, in order" \
		python3 tests/pdf/check_pdf.py record "$H" "$W/records/lb-$r.xml" --xsd records/record.xsd
done
check "qpdf finds it sound" qpdf --check "$H"
editions=$(grep -l 'ບໍລິການ' "$W"/out/*.md "$W"/out/*/*.md | wc -l)
check "Lao cut between syllables, said once per edition at its description" \
	test "$(grep -c '^records/lb-lao.xml:14:3: warning: a line of the Lao script is broken inside a word, between syllables, for want of a dictionary of its words (a zero width space, U+200B, between words marks where lines may break) \[word-cut\]$' "$W/err")" = "$editions"
check "and nothing else said" bash -c '! grep -v "lb-lao.xml.*\[word-cut\]" "$1" | grep -q ": warning: "' _ "$W/err"

# Without libthai's dictionary: Thai is cut between syllables, and said.
if unshare -m --propagation private true 2>/dev/null && [ -d /usr/share/libthai ]; then
	mkdir -p "$GPD_TMP/empty"
	expect_rc 0 "build without Thai's dictionary" unshare -m --propagation private bash -c \
		'mount --bind "$3" /usr/share/libthai && cd "$1" && "$2" build --no-warn no-outcome -o out2 2>err2' \
		_ "$W" "$GPDIGEST" "$GPD_TMP/empty"
	check "Thai said once per edition, naming libthai-data" \
		test "$(grep -c '^records/lb-thai.xml:14:3: warning: a line of the Thai script (its dictionary is not installed: the package libthai-data has it) is broken inside a word.*\[word-cut\]$' "$W/err2")" = "$editions"
else
	echo "SKIP: Thai's dictionary hidden: needs root and unshare -m"
fi

# U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (UAX #14's class
# BK) in a record's text: the PDF printed them as spaces, the text run on;
# now its lines break there (a blank line after a paragraph's), as the
# HTML's do (<br />); the Markdown keeps the characters, which cmark reads
# as letters.
S=$GPD_TMP/sep
mkdir -p "$S/records"
cp -r templates "$S/"
python3 -c 'import sys; sys.path.insert(0, "tests/scripts"); from samples import shell
open(sys.argv[1], "w", encoding="utf-8").write(shell("lb-separators", "Separators",
    "Line one\u2028line two\u2029Paragraph two.\n\n\u0938\u094d\u0935\u093e\u0917\u0924\u2028next"))' \
	"$S/records/lb-separators.xml"
python3 tests/scripts/linebreak.py syllables "$S/records/lb-syllables.xml"
expect_rc 0 "build a record with line and paragraph separators, and one with long words" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$S" "$GPDIGEST"
check "the PDF's lines break at them, a blank line after the paragraph's" \
	bash -c 't=$(pdftotext -layout "$1" - | sed "s/^ *//" | tr "\n" "|") &&
		[[ $t == *"|Line one|line two||Paragraph two.|"* ]] &&
		[[ $t == *"|$(printf "\u0938\u094d\u0935\u093e\u0917\u0924")|next|"* ]]' \
	_ "$S/out/handouts/tower-hamlets.pdf"
# The words either side of a break are two words in the text a screen
# reader takes from the structure tree too: it read "Line oneline two"
# (a hard break in Markdown the same, the shipped "emailIf there").
check "the tagged text keeps a space at each break" \
	bash -c 't=$(pdfinfo -struct-text "$1") && [[ $t == *"Line one line two"* ]] && [[ $t != *"Line oneline"* ]]' \
	_ "$S/out/handouts/tower-hamlets.pdf"
check "the HTML's too" grep -q 'Line one<br />$' "$S/out/handouts/tower-hamlets/lb-separators.html"
check "the Markdown keeps them" grep -q "Line one$(printf '\u2028')line two$(printf '\u2029')Paragraph" \
	"$S/out/handouts/tower-hamlets.md"
check "and nothing is said" bash -c '! grep -q ": warning: " "$1"' _ "$S/err"
# A Devanagari and a Bengali word wider than the line: cut between any two
# of HarfBuzz's clusters, a line ended in a half form (स्|था); now each line
# starts a syllable.
check "a word wider than the line is cut between syllables" \
	python3 tests/scripts/linebreak.py cuts "$S/out/handouts/tower-hamlets.pdf"

gpd_finish
