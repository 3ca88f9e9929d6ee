#!/bin/bash
# tests/cli/controls.sh: control characters end to end. Text from scans
# and exports carries them (tesseract ends each page with a form feed; a
# terminal's colour codes start with ESC or CSI, U+009B; text converted
# from EBCDIC ends lines with NEL, U+0085), and they were kept: the C0 ones
# became spaces (a colour code's "[1;31m" left as words), the C1 ones went
# into the record as they were, which validate accepted and every edition
# printed (raw in the Markdown and HTML). Now:
#  - import: whitespace-like controls (FF, VT, NEL) become a space, the
#    others are left out (with a colour code they start), one warning at
#    the first naming FILE:LINE:COL; an HTML export's &#150; is an en dash
#    and &#133; an ellipsis (HTML reads the C1 range as Windows-1252);
#  - validate and build: a record holding one (raw, or as a reference XML
#    allows: &#x85;, &#x7F;) gets a control-char warning at its line and
#    column, and no output holds it; a reference XML forbids (&#27;) is an
#    xml error saying which character and what to do (tests/bad).
LC_ALL=C.UTF-8
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
unset SOURCE_DATE_EPOCH
cd "$GPD_TMP" || exit 1

# Any control but tab and LF: C0, DEL, and the C1 range's UTF-8.
CONTROLS=$'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]'
no_controls() { ! LC_ALL=C grep -qaE "$CONTROLS" "$@"; }

# ---- import of a scan ----
scan=$GPD_SOURCE_DIR/tests/import/corpus/scans/f01-1.txt
# line 66 starts the description: BEL, a colour code, NEL and CSI in it;
# a form feed ends the page before it (line 65), and DEL is on line 67
sed -e '65s/^$/\f/' \
    -e '66s/^Information is provided on a range/Information\x07 is \x1b[1;31mprovided\x1b[0m\xc2\x85on a\xc2\x9b range/' \
    -e '67s/^staff and young people\. A number/staff and young\x7f people. A number/' \
    "$scan" >scan.txt
count_check
cmp -s scan.txt "$scan" && fail "the controls were not put into the scan"
run import --received 2026-11-23 scan.txt
expect_rc 0 "import of a scan with control characters"
check "the record holds no control character" no_controls "$OUT"
expect_in "$OUT" "Information is provided on a range of health issues" "the words around them are whole"
expect_in "$OUT" "staff and young people. A number" "DEL left out"
expect_in "$ERR" "scan.txt:66:12: warning: 5 control characters left out (U+0007 here, the first) with the terminal colour codes they start" \
	"one warning, at the first, naming the input's line and column"
expect_not_in "$ERR" "U+000C" "a form feed is whitespace: no warning"
mkdir records
cp "$OUT" records/tower-hamlets-enable-service-users.xml
run validate --templates "$GPD_SOURCE_DIR/templates" records
expect_rc 0 "validate the imported record"
expect_not_in "$ERR" "control" "validate finds no control character in it"

# ---- import of an HTML export: references ----
seed=$(ls "$GPD_SOURCE_DIR"/tests/import/seeds/000_*.txt)
sed -e 's/<p>Information is provided on a range of health issues/<p>Information is provided \&#150; on a range\&#12;of health issues\&#133;/' \
	"$seed" >export.txt
count_check
cmp -s export.txt "$seed" && fail "the references were not put into the export"
run import --received 2026-11-23 export.txt
expect_rc 0 "import of an export with numeric references"
check "the record holds no control character" no_controls "$OUT"
expect_in "$OUT" "Information is provided – on a range of health issues…" \
	"&#150; an en dash, &#12; a space, &#133; an ellipsis, as HTML reads them"

# ---- a hand-written record: validate and build ----
# raw NEL and CSI, &#x85; &#x9B; &#x7F; as references, and CommonMark's
# own reference &#x9B; (written &amp;#x9B; in XML), which only the
# renderer meets
mkdir -p proj/records
cp -r "$GPD_SOURCE_DIR/templates" proj/
sed -e 's|<purpose>To develop a structure by which|<purpose>To develop\xc2\x85a structure\&#x85;by \&#x9B;which\&#x7F;|' \
    -e 's|<title>\([^<]*\)</title>|<title>\1\xc2\x9b</title>|' \
    -e 's|<description>See the attached document.|<description>See the \&amp;#x9B;attached document.|' \
	"$GPD_SOURCE_DIR/records/tower-hamlets-user-involvement.xml" \
	>proj/records/tower-hamlets-user-involvement.xml
count_check
cmp -s proj/records/tower-hamlets-user-involvement.xml "$GPD_SOURCE_DIR/records/tower-hamlets-user-involvement.xml" &&
	fail "the controls were not put into the record"
line=$(grep -n '<title>' proj/records/tower-hamlets-user-involvement.xml | cut -d: -f1)
run -d proj validate
expect_rc 0 "validate: a warning, not an error"
expect_in "$ERR" "records/tower-hamlets-user-involvement.xml:$line:" "at the first one's line"
expect_in "$ERR" "a control character (U+009B) in <title>: it is not text, and is left out of every output; remove it (and 4 more in this record) [control-char]" \
	"it names the character and the field, and counts the others"
run -d proj validate --strict
expect_rc 1 "--strict: an error"
export SOURCE_DATE_EPOCH=1700000000
run -d proj build --quiet --format md,html,pdf
unset SOURCE_DATE_EPOCH
expect_rc 0 "build"
count_check
[ -s proj/out/compendium.md ] || fail "build wrote no compendium"
check "no control character in the Markdown and HTML editions" no_controls -r proj/out --include='*.md' --include='*.html'
if have pdftotext; then
	# (pdftotext ends each page with a form feed of its own)
	pdftotext -enc UTF-8 proj/out/compendium.pdf - | tr -d '\f' >compendium.txt
	check "none in the PDF's text" no_controls compendium.txt
	check "the purpose's words, NEL a space" grep -q "To develop a structure by which young people" compendium.txt
fi
expect_in proj/out/compendium.md "See the �attached document." "CommonMark's &#x9B; prints as U+FFFD, as its C0 references print as pictures"
gpd_finish
