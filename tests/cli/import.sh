#!/bin/bash
# tests/cli/import.sh: `gpdigest import` end to end: the five seed forms
# become records that `gpdigest validate` accepts; records are written
# atomically and never overwritten without --force; the received date never
# comes from the clock; warnings name FILE:LINE:COL of the input; hostile
# inputs end quickly with exit 1 and write nothing.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"

SEEDS=$GPD_SOURCE_DIR/tests/import/seeds
DAMAGED=$GPD_SOURCE_DIR/tests/import
DIR=$GPD_TMP/records
unset SOURCE_DATE_EPOCH

# import_lines: stderr without the per-file report and "wrote" lines, which
# are not diagnostics.
diag_only() {
	grep -v -e ': report: ' -e ': wrote ' "$ERR" >"$GPD_TMP/diag" || true
}

run import --help
expect_rc 0 "import --help"
expect_in "$OUT" "usage: gpdigest import" "import --help"
run --help
expect_in "$OUT" "import" "gpdigest --help lists import"

run import
expect_rc 2 "import without FILE"
run import --id Bad_Id "$SEEDS"/000_*.txt
expect_rc 2 "import --id with a bad id"
run import --received 2024-02-30 "$SEEDS"/000_*.txt
expect_rc 2 "import --received with a bad date"
run import --id a-b "$SEEDS"/000_*.txt "$SEEDS"/001_*.txt
expect_rc 2 "import --id with two files"
run import "$GPD_TMP/no-such-file.txt"
expect_rc 2 "import of a missing file"

# Every seed: a record on stdout that validates; warnings in FILE:LINE:COL.
for seed in "$SEEDS"/*.txt; do
	name=$(basename "$seed" .txt)
	run import --received 2026-11-23 "$seed"
	expect_rc 0 "import $name"
	expect_in "$OUT" '<record xmlns="urn:x-gpdigest:record"' "import $name"
	expect_in "$ERR" "$seed: report: " "import $name report"
	diag_only
	expect_diag_lines "$GPD_TMP/diag" "$seed" "import $name"
done

# All five into a folder, then validated as records.
run import -o "$DIR" --received 2026-11-23 "$SEEDS"/*.txt
expect_rc 0 "import -o DIR (five seeds)"
count_check
[ "$(ls "$DIR"/*.xml | wc -l)" -eq 5 ] || fail "import -o: expected 5 records"
run validate "$DIR"
expect_rc 0 "validate the imported seeds"
expect_not_in "$ERR" "error:" "validate the imported seeds"
count_check
ls -A "$DIR" | grep -q "gpdigest-import\|gpdigest-tmp" && fail "a temporary file was left behind"

# Never overwritten without --force; the file is untouched.
one=$(ls "$DIR"/*.xml | head -1)
echo "kept" >"$one.before"
cp "$one" "$one.copy"
run import -o "$DIR" --received 2026-11-23 "$SEEDS"/*.txt
expect_rc 1 "import over existing records"
expect_in "$ERR" "exists; not overwritten (use --force)" "import over existing records"
count_check
cmp -s "$one" "$one.copy" || fail "an existing record was changed without --force"
run import -o "$DIR" --force --received 2026-11-24 "$SEEDS"/*.txt
expect_rc 0 "import --force"
expect_in "$one" "<received>2026-11-24</received>" "import --force rewrote the record"
rm -f "$one.before" "$one.copy"

# The same form twice over an existing record: each is refused as existing.
# The second was blamed on the first ("was already written from another
# input in this run") though neither was written.
seed=$(ls "$SEEDS"/*.txt | head -1)
run import -o "$DIR" --received 2026-11-23 "$seed" "$seed"
expect_rc 1 "the same form twice over its existing record"
count_check
[ "$(grep -c 'exists; not overwritten' "$ERR")" -eq 2 ] || fail "the same form twice: both said to exist"
expect_not_in "$ERR" "already written" "the same form twice: none was written"
run import -o "$DIR" --force --received 2026-11-23 "$seed" "$seed"
expect_rc 1 "the same form twice with --force"
expect_in "$ERR" "was already written from another input in this run" "the same form twice with --force: the second"

# Same input, same bytes; the date comes from SOURCE_DATE_EPOCH, not the clock.
SOURCE_DATE_EPOCH=86400 run import --id fixed "$SEEDS"/002_*.txt
expect_rc 0 "import with SOURCE_DATE_EPOCH"
expect_in "$OUT" "<received>1970-01-02</received>" "received from SOURCE_DATE_EPOCH"
expect_in "$ERR" "is taken from SOURCE_DATE_EPOCH" "received date flagged"
expect_in "$OUT" 'id="fixed"' "import --id"
cp "$OUT" "$GPD_TMP/first.xml"
SOURCE_DATE_EPOCH=86400 run import --id fixed "$SEEDS"/002_*.txt
count_check
cmp -s "$OUT" "$GPD_TMP/first.xml" || fail "two imports of the same input differ"
touch -d 2001-02-03T12:00:00Z "$GPD_TMP/first.xml"
cp -p "$SEEDS"/000_*.txt "$GPD_TMP/form.txt"
touch -d 2001-02-03T12:00:00Z "$GPD_TMP/form.txt"
run import "$GPD_TMP/form.txt"
expect_in "$OUT" "<received>2001-02-03</received>" "received from the file's time"
expect_in "$ERR" "modification time; confirm" "received date from mtime flagged"

# Damaged copies: their warnings name the input line.
run import --received 2026-11-23 "$DAMAGED/002-ticks-removed.txt"
expect_rc 0 "import 002-ticks-removed"
expect_in "$ERR" "002-ticks-removed.txt:51:1: warning: Target group: \"Young people 16+\" has no tick box" \
	"ticks removed"
expect_in "$ERR" "002-ticks-removed.txt:13:1: warning: ECM outcome: cannot read the tick box \"[?]\"" \
	"unreadable tick"
run import --received 2026-11-23 "$DAMAGED/002-ocr-misspelt.txt"
expect_in "$ERR" "002-ocr-misspelt.txt:111:1: warning: ticked \"S England\" could be \"SW England\" or \"SE England\"" \
	"ambiguous tick"
expect_not_in "$OUT" "sw-england" "ambiguous tick not guessed"
run import --format=github --received 2026-11-23 "$DAMAGED/000-html-damaged.txt"
expect_rc 0 "import --format=github"
expect_in "$ERR" "::warning file=" "github annotations"

# Hostile input: refused quickly, nothing written.
HOST=$GPD_TMP/hostile
SCAN=$GPD_SOURCE_DIR/tests/import/corpus/scans/f01-1.txt
HTML=$GPD_SOURCE_DIR/tests/import/corpus/exports/f01-pandoc.html
mkdir -p "$HOST" "$GPD_TMP/out"
head -c 10485760 /dev/zero | tr '\0' '[' >"$HOST/brackets.txt"
head -c 1000000 /dev/urandom >"$HOST/junk.txt"
head -c 7000000 /dev/zero | tr '\0' '[' >"$HOST/line.txt"
yes '[] X Trainers [ ] Parents' | head -c 7000000 >"$HOST/boxes.txt"
head -c 7000000 /dev/zero | sed 's/\x0/[] /g' >"$HOST/boxline.txt"
: >"$HOST/empty.txt"
for f in brackets junk line boxes boxline empty; do
	run import -o "$GPD_TMP/out" --received 2026-11-23 "$HOST/$f.txt"
	expect_rc 1 "hostile $f"
	diag_only
	expect_diag_lines "$GPD_TMP/diag" "$HOST/$f.txt" "hostile $f"
done
expect_in "$ERR" "empty" "empty input"

# A form followed by 4 million one-character lines (8 MiB): each line
# cost the importer a few hundred bytes (982 MB resident, 2.3 s); now the
# lines are counted first and the input refused at the first line past
# the limit, nothing written. A form with a long attachment still imports.
python3 - "$SCAN" "$HOST" <<'PY'
import sys
form = open(sys.argv[1], "rb").read()
open(sys.argv[2] + "/lines.txt", "wb").write(form + b"a\n" * 4000000)
open(sys.argv[2] + "/attached.txt", "wb").write(form + b"An attachment\n\n" + b"a line\n" * 100000)
PY
run import -o "$GPD_TMP/out" --received 2026-11-23 "$HOST/lines.txt"
expect_rc 1 "4 million lines"
expect_in "$ERR" "$HOST/lines.txt:500001:1: error: the input has more than 500000 lines" "4 million lines: the line past the limit"
diag_only
expect_diag_lines "$GPD_TMP/diag" "$HOST/lines.txt" "4 million lines"
count_check
[ -z "$(ls -A "$GPD_TMP/out")" ] || fail "4 million lines: a file was written"
run import --received 2026-11-23 "$HOST/attached.txt"
expect_rc 0 "a form and an attachment of 100,000 lines"
expect_in "$OUT" "<attachment title=\"An attachment\">" "100,000 lines: the attachment"

# An attached document that is a title and nothing else would be written
# as an empty <attachment>, which validate calls an empty field: refused,
# at the title's line, as a record with a required field empty is.
python3 - "$SCAN" "$HOST" <<'PY'
import sys
form = open(sys.argv[1], "rb").read()
open(sys.argv[2] + "/title-only.txt", "wb").write(form + b"An attachment\n\n  \n")
PY
run import --received 2026-11-23 "$HOST/title-only.txt"
expect_rc 1 "an attachment of a title alone"
expect_in "$ERR" "$HOST/title-only.txt:195:1: error: the record would not be valid: <attachment title=\"An attachment\"> is empty" "a title alone: the empty attachment at its line"

# The id the importer derives is one a record may have: an agency named
# as a long single word made an id of 100 characters (the cut was at
# hyphens only), and one whose slug is a section's anchor ("index",
# "region-...") a reserved id; both ended in "the record would not be
# valid". They are cut at 60 and prefixed with "record-".
agency() { # NAME PURPOSE FILE: the scan with another agency and purpose
	sed -e "s|^Tower Hamlets Leaving Care Service, London\$|$1|" \
		-e "s|^To enable service users to have access.*|$2|" "$SCAN" >"$3"
}
agency "$(printf 'A%.0s' $(seq 100))" "Long names" "$HOST/long-agency.txt"
agency "Region Leaving Care Service" "North services" "$HOST/region-agency.txt"
agency "Index" "The and of." "$HOST/index-agency.txt"
for f in long-agency:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \
	region-agency:record-region-north-services index-agency:record-index; do
	run import --received 2026-11-23 "$HOST/${f%%:*}.txt"
	expect_rc 0 "an agency that derives the id ${f#*:}"
	expect_in "$OUT" "id=\"${f#*:}\"" "${f%%:*}: the id"
done

# A scan of a form filled in in another script (tesseract -l ben+eng): a
# line of Bengali or Chinese has no ASCII letter, so the agency, the
# purpose and a "please specify" text were dropped as the scan's specks
# ("scan debris ignored"), and the record, its required texts empty, was
# refused. Two letters of a caseless script in a row are a word.
agency "সিলেট লিভিং কেয়ার সার্ভিস, লন্ডন" "তরুণদের জন্য স্বাস্থ্য তথ্য ও সহায়তা।" "$HOST/scan-ben-form.txt"
sed -e 's/^|_| Girls and boys |_| Others (please specify)$/|_| Girls and boys [X] Others (please specify) অভিভাবক তরুণ/' \
	-e 's/^Name: Lorraine Marshall/Name: 李明/' "$HOST/scan-ben-form.txt" >"$HOST/scan-ben.txt"
run import --id scan-ben --received 2026-11-23 "$HOST/scan-ben.txt"
expect_rc 0 "a scan filled in in Bengali"
expect_in "$OUT" "<agency>সিলেট লিভিং কেয়ার সার্ভিস, লন্ডন</agency>" "Bengali scan: the agency"
expect_in "$OUT" "<purpose>তরুণদের জন্য স্বাস্থ্য তথ্য ও সহায়তা।</purpose>" "Bengali scan: the purpose"
expect_in "$OUT" '<specify option="others">অভিভাবক তরুণ</specify>' "Bengali scan: a please-specify text"
expect_in "$OUT" "<name>李明</name>" "Bengali scan: a Chinese name"
expect_not_in "$ERR" "debris" "Bengali scan: no words taken for specks"

# Forms in other scripts: an agency and a purpose with no Latin letter
# (Bengali, Arabic) derived the id "record" for every one, so of forms
# imported together only the first was written, the others refused ("was
# already written from another input in this run; give this one its own
# --id", which two files cannot take); they are named by their files. A
# Latin letter with marks is its base letter ("Gdańsk" made "gda-sk",
# "Nguyễn" "nguy-n", in NFD too).
agency "সিলেট লিভিং কেয়ার সার্ভিস, লন্ডন" "তরুণদের জন্য স্বাস্থ্য তথ্য ও সহায়তা।" "$HOST/bengali-form.txt"
agency "خدمة رعاية الشباب في برمنغهام" "تمكين الشباب من الوصول إلى المعلومات الصحية." "$HOST/arabic-form.txt"
agency "Gdańsk Leaving Care Service" "Zapewnić młodzieży dostęp do informacji." "$HOST/polish-form.txt"
agency "$(printf 'Nguye\xcc\x82\xcc\x83n Leaving Care Service')" "Giúp thanh thiếu niên." "$HOST/nfd-form.txt"
rm -rf "$GPD_TMP/scripts"
run import -o "$GPD_TMP/scripts" --received 2026-11-23 "$HOST/bengali-form.txt" "$HOST/arabic-form.txt" \
	"$HOST/polish-form.txt" "$HOST/nfd-form.txt"
expect_rc 0 "forms in other scripts imported together"
for id in bengali-form arabic-form gdansk-zapewnic-mlodziezy-dostep nguyen-giup-thanh-thieu; do
	[ -f "$GPD_TMP/scripts/$id.xml" ] || fail "forms in other scripts: no $id.xml"
done
expect_in "$ERR" 'record id "bengali-form" (from the file'"'"'s name' "an id from the file's name: said so"
run validate "$GPD_TMP/scripts"
expect_rc 0 "forms in other scripts: the records validate"

# A value too long for its field is an error at the input's line of that
# value, not at 1:1: the agency answer is line 17 of the scan, the
# attachment starts at line 195.
agency "Tower Hamlets Leaving Care Service $(printf 'x%.0s' $(seq 450)), London" "To help" "$HOST/long-value.txt"
run import --received 2026-11-23 "$HOST/long-value.txt"
expect_rc 1 "an agency answer too long for the field"
expect_in "$ERR" "$HOST/long-value.txt:17:1: error: the record would not be valid: <agency>" "too long an agency: at its line"
python3 - "$SCAN" "$HOST/long-attachment.txt" <<'PY'
import sys
form = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(form + b"An attachment\n\n" + b"text " * 220000 + b"\n")
PY
run import --received 2026-11-23 "$HOST/long-attachment.txt"
expect_rc 1 "an attachment too long for a field"
expect_in "$ERR" "$HOST/long-attachment.txt:195:1: error: the record would not be valid: the text of <attachment> is" "too long an attachment: at its line"

# The document after the form starts with a line of 12 words or fewer but
# longer than a title may be (400 characters): taken as the attachment's
# title, it made the record invalid ("the title is 461 characters long")
# and nothing was imported; it stays in the body, titled for the editor.
python3 - "$SCAN" "$HOST/long-title.txt" <<'PY'
import sys
form = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(form + b"\nLong " + b"y" * 450 + b" title\n\nSome body text.\n")
PY
run import --received 2026-11-23 "$HOST/long-title.txt"
expect_rc 0 "an attachment whose first line is too long for a title"
expect_in "$ERR" "the attached document has no title line" "too long for a title: titled for the editor"
expect_in "$OUT" "Long yyyyy" "too long for a title: the line is in the body"

# An export's named references, as Word, LibreOffice and Google Docs write
# what their charset lacks: HTML 4's names are characters ("O&rsquo;Brien"
# was kept as "O&amp;rsquo;Brien" in the record, without a word); a name
# HTML does not have stays as the text a browser shows.
SEED0=$(ls "$SEEDS"/000_*.txt)
sed -e 's/Name: Lorraine Marshall/Name: Zo\&euml; O\&rsquo;Brien \&ndash; \&Alpha;\&lambda;\&eacute;\&xi;\&nbsp;\&notaname; Smith/' \
	-e 's/and issues\./and issues \&mdash; \&ldquo;\&hellip;\&rdquo;./' "$SEED0" >"$HOST/named.txt"
cmp -s "$SEED0" "$HOST/named.txt" && fail "the references were not put into the export"
run import --received 2026-11-23 "$HOST/named.txt"
expect_rc 0 "an export with named references"
expect_in "$OUT" "<name>Zoë O’Brien – Αλéξ &amp;notaname; Smith</name>" "named references: the contact's name"
expect_in "$OUT" "and issues — “…”." "named references: the purpose"

# An export saved in the charset its <meta> declares, as Word saves a web
# page in its language's code page: read as UTF-8, every letter outside
# ASCII was U+FFFD in the record (one warning), a Polish or Arabic name
# lost whole. Valid UTF-8 is read as UTF-8 whatever it declares; a byte the
# charset lacks is U+FFFD with a warning at it; a charset that cannot be
# read is an encoding error at its <meta>, nothing written.
python3 - "$SEED0" "$HOST" <<'PY'
import sys
seed = open(sys.argv[1], encoding="utf-8").read()
def page(cs, name, enc, head="", tail=""):
    body = seed.replace("Name: Lorraine Marshall", "Name: " + name)
    return ('<html>\n<head>\n<meta http-equiv=Content-Type content="text/html; charset=%s">\n'
            '</head>\n<body>\n%s%s%s</body></html>\n' % (cs, head, body, tail)).encode(enc)
out = sys.argv[2] + "/"
open(out + "cp1252.html", "wb").write(page("windows-1252", "Zoë O’Brien – Café", "cp1252"))
open(out + "latin1.html", "wb").write(page("iso-8859-1", "Zoë O’Brien – Café", "cp1252"))
open(out + "cp1250.html", "wb").write(page("windows-1250", "Łucja Źrebiec-Wąsowska", "cp1250"))
open(out + "cp1256.html", "wb").write(page("windows-1256", "فاطمة الزهراء / عائشہ", "cp1256"))
open(out + "utf8-lying.html", "wb").write(page("windows-1252", "Nguyễn Thị Minh Khai", "utf-8"))
b = page("windows-1252", "Zoë Café", "cp1252")
open(out + "cp1252-hole.html", "wb").write(b.replace(b"Zo\xeb", b"Zo\x81"))
open(out + "unknown-cs.html", "wb").write(page("x-no-such-charset", "Zoë", "cp1252"))
PY
for f in cp1252:"Zoë O’Brien – Café" latin1:"Zoë O’Brien – Café" cp1250:"Łucja Źrebiec-Wąsowska" \
	cp1256:"فاطمة الزهراء / عائشہ" utf8-lying:"Nguyễn Thị Minh Khai"; do
	run import --received 2026-11-23 "$HOST/${f%%:*}.html"
	expect_rc 0 "an export in ${f%%:*}"
	expect_in "$OUT" "<name>${f#*:}</name>" "${f%%:*}: the contact's name"
	expect_not_in "$ERR" "U+FFFD" "${f%%:*}: no byte replaced"
done
run import --received 2026-11-23 "$HOST/cp1252-hole.html"
expect_rc 0 "windows-1252 with a byte it lacks"
expect_in "$ERR" "cp1252-hole.html:70:119: warning: byte 0x81 is not a character of windows-1252" "a byte the charset lacks: at its place"
run import -o "$GPD_TMP/out" --received 2026-11-23 "$HOST/unknown-cs.html"
expect_rc 1 "an export in a charset that cannot be read"
expect_in "$ERR" "unknown-cs.html:3:1: error: the file is not valid UTF-8: it declares the charset \"x-no-such-charset\"" \
	"an unknown charset: at its <meta>"
diag_only
expect_diag_lines "$GPD_TMP/diag" "$HOST/unknown-cs.html" "an unknown charset"

# An export as Word writes a web page: its source wrapped at 76 columns,
# inside tags too (<td width=301 valign=top\n  style='...'>), and what
# Word alone reads hidden in comments over several lines (field codes,
# <xml> blocks). A tag over two lines was read as text, the rest of its
# cell lost ("text not read as part of any answer" at every cell, every
# form of Word's refused); a comment's words were read as the form's.
# The record is the one the unwrapped export makes; a warning names the
# line the value is on.
WORDX=$HOST/word-wrapped.html
TABLE=$GPD_SOURCE_DIR/tests/import/corpus/exports/f02-table.html
python3 - "$TABLE" "$WORDX" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("<td>", "<td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;\n  padding:0cm 5.4pt 0cm 5.4pt'>")
s = s.replace('<input type="checkbox"', '<input\ntype="checkbox"')
s = s.replace("<body>", "<body lang=EN-GB\nstyle='word-wrap:break-word'>\n<!--[if supportFields]><span\nstyle='mso-element:field-begin'></span>FORMCHECKBOX Stray words\n<![endif]-->")
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
run import --received 2026-11-23 "$TABLE"
cp "$OUT" "$HOST/unwrapped.xml"
run import --received 2026-11-23 "$WORDX"
expect_rc 0 "an export wrapped as Word wraps it"
check "Word's wrapping: the record the unwrapped export makes" cmp -s "$OUT" "$HOST/unwrapped.xml"
expect_not_in "$ERR" "not read" "Word's wrapping: no text left over"
expect_not_in "$OUT" "Stray" "Word's wrapping: a comment's words are no text"
agency_line=$(grep -n "Thurrock Leaving Care Team" "$WORDX" | cut -d: -f1)
expect_in "$ERR" "word-wrapped.html:$agency_line:" "Word's wrapping: a warning at the value's line"

# An export on one line, as Google Docs writes its whole document, with a
# document attached after the form: the last contact field ran on into the
# attached document, which was stored as the mobile number without a word
# ("<mob>Our project We met every month. ...</mob>"; a longer one made the
# record invalid, refused). The form reads as the export on its lines, the
# attachment is an attachment, and a warning names the input's own column.
ONELINE=$HOST/one-line.html
python3 - "$TABLE" "$ONELINE" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read().replace("\n", "")
s = s.replace("</table>", "</table><h1>Our project</h1><p>We met every month.</p><p>Young people chaired it.</p>")
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
run import --received 2026-11-23 "$ONELINE"
expect_rc 0 "an export on one line with an attachment"
expect_in "$OUT" "<email>dcattermole@thurrock.gov.uk</email>" "one line: the contact's last field"
expect_in "$OUT" "<attachment title=\"Our project\">We met every month." "one line: the attachment"
expect_not_in "$OUT" "<mob>" "one line: the attachment is not the contact's"
col=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().find(b"Thurrock Leaving Care Team") + 1)' "$ONELINE")
expect_in "$ERR" "one-line.html:1:$col: warning: derived: authority" "one line: a warning at the input's column"
# No ECM outcome is ticked on this form: said for the export on its lines
# (f02-table.html), it was not for the same on one line, where the derived
# fields' warning, on line 1 too, was taken for a warning about the group.
expect_in "$ERR" "warning: no ECM outcome ticked [no-outcome]" "one line: no outcome ticked, said"

# Two million paragraphs on one line: refused as more than 500000 lines,
# but at "line 500001", which the one-line input does not have; now at
# the paragraph past the limit, nothing written.
python3 -c 'import sys; open(sys.argv[1], "w").write("<html><body>" + "<p>a" * 2000000)' "$HOST/many-p.html"
rm -rf "$GPD_TMP/many"
run import -o "$GPD_TMP/many" --received 2026-11-23 "$HOST/many-p.html"
expect_rc 1 "two million paragraphs on one line"
expect_in "$ERR" "many-p.html:1:2000009: error: the input holds more than 500000 lines, table rows and paragraphs" \
	"two million paragraphs: at the one past the limit"
[ -z "$(ls -A "$GPD_TMP/many" 2>/dev/null)" ] || fail "two million paragraphs: a file was written"

# A scan's running header in the middle of an answer, the page break
# tesseract marks with a form feed, and a line that ends in a hyphen: the
# header, holding the form's title, was read as a second form and the
# whole form refused; a header without the title ran into the answer
# ("... provide Tower Hamlets Leaving Care Service Page 1 of 3 advice"),
# and the hyphen's line was joined with a space ("community- based"). The
# header is left out with a warning at its line, the answer goes on.
python3 - "$SCAN" "$HOST" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
old = "A number of community based health organisations, such as Options and Life Line provide\n"
assert old in s
for name, head in [("header-title", "What Makes The Difference? Good practice example    Page 1 of 3"),
                   ("header-agency", "Tower Hamlets Leaving Care Service      Page 1 of 3")]:
    t = s.replace(old, "A number of community-\nbased health organisations, such as Options and Life Line provide\n\n"
                  + head + "\n\f\n")
    open(sys.argv[2] + "/" + name + ".txt", "w", encoding="utf-8").write(t)
PY
for f in header-title header-agency; do
	run import --received 2026-11-23 "$HOST/$f.txt"
	expect_rc 0 "$f: a running header in an answer"
	expect_in "$OUT" "community-based health organisations, such as Options and Life Line provide advice and run" \
		"$f: the answer whole, the hyphen's line joined"
	expect_not_in "$OUT" "Page 1" "$f: the header is no answer"
	expect_in "$ERR" "$f.txt:70:1: warning: page header or footer left out" "$f: the header, at its line"
done

# A one-line value whose last word is one letter of a script beyond ASCII
# ("Jan Ł", a Chinese name spaced "李 明", an Arabic initial): the rule
# that drops a scan's lone speck after a space ("Leeds °") took any
# character beyond ASCII for one, and cut the name without a word.
for name in "Jan Ł" "李 明" "فاطمة ع"; do
	sed -e "s/^Name: Lorraine Marshall/Name: $name/" "$SCAN" >"$HOST/short-word.txt"
	run import --received 2026-11-23 "$HOST/short-word.txt"
	expect_rc 0 "a name ending in one letter: $name"
	expect_in "$OUT" "<name>$name</name>" "a name ending in one letter, kept: $name"
done

# A line of an answer that names a page is the answer's, not a footer.
sed -e 's/^staff and young people. A number of community based health organisations, such as Options and Life Line provide$/staff and young people, as on page 3 of the report/' \
	"$SCAN" >"$HOST/see-page.txt"
grep -q "on page 3 of the report" "$HOST/see-page.txt" || fail "see-page: the line was not put in"
run import --received 2026-11-23 "$HOST/see-page.txt"
expect_in "$OUT" "as on page 3 of the report" "a page named in an answer stays in it"
expect_not_in "$ERR" "page header" "a page named in an answer: no header"

# Text with decomposed letters (a Mac's, a PDF's, a Vietnamese keyboard's:
# "e" and U+0301 for "é") was written so, a name the same to the eye as
# its composed spelling but other bytes. A record holds Normalization
# Form C: "Nguyễn", "Źrebiec", a Bengali vowel in two parts ("ে" "া":
# "ো"), and the ohm sign's Ω as the Greek letter, as Unicode composes them.
printf 'Name: Nguye\xcc\x82\xcc\x83n Z\xcc\x81rebiec \xe0\xa6\x95\xe0\xa7\x87\xe0\xa6\xbe \xe2\x84\xa6\n' >"$HOST/nfd-name"
sed -e "s/^Name: Lorraine Marshall/$(cat "$HOST/nfd-name")/" "$SCAN" >"$HOST/nfd.txt"
grep -q "$(printf 'e\xcc\x82\xcc\x83')" "$HOST/nfd.txt" || fail "NFD: the decomposed name was not put in"
run import --received 2026-11-23 "$HOST/nfd.txt"
expect_rc 0 "a form with decomposed letters"
expect_in "$OUT" "<name>$(printf 'Nguy\xe1\xbb\x85n \xc5\xb9rebiec \xe0\xa6\x95\xe0\xa7\x8b \xce\xa9')</name>" \
	"decomposed letters: composed (NFC)"

# The document attached after an export's form, one paragraph or heading
# a line with no blank line between, as LibreOffice and Word write it:
# read as one block, its <h1> was no title ("Attached document", with a
# warning) and its paragraphs ran into one. Each block starts its own.
python3 - "$TABLE" "$HOST/lo-attached.html" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace("</table>", "</table>\n<h1 class=\"western\">Our project</h1>\n<p style=\"margin-bottom: 0cm\">We met every month.</p>\n"
              "<h2 class=\"western\">Who came</h2>\n<p style=\"margin-bottom: 0cm\">Young people chaired it, and the staff took the minutes of every meeting.</p>")
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
run import --received 2026-11-23 "$HOST/lo-attached.html"
expect_rc 0 "an export's attachment, a block a line"
expect_in "$OUT" "<attachment title=\"Our project\">We met every month." "a block a line: the title"
expect_in "$OUT" "## Who came" "a block a line: a heading"
expect_not_in "$ERR" "no title line" "a block a line: no warning of a missing title"

# A scan's text or an export saved as UTF-16 (Notepad's "Unicode", Word's
# web page in "Unicode") with a byte-order mark, either byte order: read as
# what its mark says, the same record as from UTF-8 (it was refused, though
# the mark leaves no doubt); a byte pair that is no character (a lone
# surrogate) is U+FFFD with a warning.
for src in "$SCAN" "$HTML"; do
	run import --received 2026-11-23 "$src"
	cp "$OUT" "$HOST/utf8.xml"
	for enc in UTF-16 UTF-16BE-BOM; do
		f=$HOST/$enc-$(basename "$src")
		case $enc in
		UTF-16) iconv -f UTF-8 -t UTF-16 "$src" >"$f" ;;
		*) { printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$src"; } >"$f" ;;
		esac
		run import --received 2026-11-23 "$f"
		expect_rc 0 "$enc with its mark: $(basename "$src")"
		check "$enc with its mark: $(basename "$src"): the record UTF-8 makes" cmp -s "$OUT" "$HOST/utf8.xml"
	done
done
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$SCAN" | head -c 2000; printf '\000\330A\000'; \
	iconv -f UTF-8 -t UTF-16LE "$SCAN" | tail -c +2001; } >"$HOST/surrogate.txt"
run import --received 2026-11-23 "$HOST/surrogate.txt"
expect_in "$ERR" "is not a character of UTF-16LE, the encoding its byte-order mark names" "a lone surrogate: said"

# Without a mark, either byte order: an encoding error saying so, not a
# form read as text spaced out by NULs ("W h a t  M a k e s").
for enc in UTF-16LE UTF-16BE; do
	for src in "$SCAN" "$HTML"; do
		f=$HOST/$enc-$(basename "$src")
		iconv -f UTF-8 -t "$enc" "$src" >"$f"
		run import -o "$GPD_TMP/out" --received 2026-11-23 "$f"
		expect_rc 1 "$enc $(basename "$src")"
		expect_in "$ERR" "$f:1:1: error: the file is not valid UTF-8: it is UTF-16" "$enc $(basename "$src"): says why"
		expect_in "$ERR" "[encoding]" "$enc $(basename "$src"): [encoding]"
		diag_only
		expect_diag_lines "$GPD_TMP/diag" "$f" "$enc $(basename "$src")"
	done
done
run import "$HOST/brackets.txt"
expect_in "$ERR" "larger than the limit" "10 MB of ["
count_check
[ -z "$(ls -A "$GPD_TMP/out")" ] || fail "a hostile input left a file"

gpd_finish
