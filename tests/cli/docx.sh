#!/bin/bash
# tests/cli/docx.sh: `gpdigest import FORM.docx`: Word documents read
# directly. The five seed forms laid out as the paper form, and a form with
# "please specify" texts in each way Word writes a check box (legacy form
# fields, content controls, ☒/☐ typed, Wingdings symbols and text; boxes
# beside their labels and in cells of their own), all made by
# tests/import/docx/docxgen.py, import to records equal to their truth but
# for the editorial fields; .docx files pandoc writes from the corpus's
# Markdown exports with ☒/☐ import with every tick; the hostile archives of
# tests/import/docx/hostile.py (zip bombs, "../" and absolute names,
# encrypted, damaged or lying entries, DTDs) and an old .doc are refused
# with exit 1, an error naming the file, and nothing written.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
need python3

GEN=$GPD_SOURCE_DIR/tests/import/docx
EXPORTS=$GPD_SOURCE_DIR/tests/import/corpus/exports
TRUTH=$GPD_SOURCE_DIR/tests/import/corpus/truth
FIX=$GPD_TMP/docx
BAD=$GPD_TMP/hostile
unset SOURCE_DATE_EPOCH

check "docxgen.py writes the fixtures" python3 "$GEN/docxgen.py" "$FIX"
check "hostile.py writes the hostile files" python3 "$GEN/hostile.py" "$BAD"

diag_only() {
	grep -v -e ': report: ' -e ': wrote ' "$ERR" >"$GPD_TMP/diag" || true
}

# Every fixture: a record equal to its truth apart from id, title,
# authority and received; the report says a Word document was read.
while IFS=$'\t' read -r docx truth; do
	run import --received 2026-11-23 "$FIX/$docx"
	expect_rc 0 "import $docx"
	expect_in "$ERR" "$FIX/$docx: report: Word document;" "import $docx report"
	diag_only
	expect_diag_lines "$GPD_TMP/diag" "$FIX/$docx" "import $docx"
	cp "$OUT" "$GPD_TMP/got.xml"
	check "$docx imports as $(basename "$truth")" \
		python3 "$GEN/compare.py" "$GPD_TMP/got.xml" "$truth"
done <"$FIX/manifest.tsv"

# The seeds into a folder, then validated as records.
run import -o "$GPD_TMP/records" --received 2026-11-23 "$FIX"/seed-*.docx
expect_rc 0 "import -o DIR (five seeds as .docx)"
count_check
[ "$(ls "$GPD_TMP/records"/*.xml | wc -l)" -eq 5 ] || fail "import -o: expected 5 records"
run validate "$GPD_TMP/records"
expect_rc 0 "validate the imported .docx seeds"

# A box in a table of its own inside a cell, the label in the next cell,
# with the empty paragraphs a user leaves after the box: the inner cell
# and the outer one (which holds only that box too) both wrote the box as
# its glyph, the second cutting 28 bytes of the markup after it, so the
# tick was read as "table>" and "Be healthy" left unticked.
python3 - "$FIX/seed-01-legacy.docx" "$GPD_TMP/nested.docx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
parts = {i.filename: z.read(i.filename) for i in z.infolist()}
d = parts["word/document.xml"].decode()
m = re.search(r'<w:p>(<w:r><w:fldChar w:fldCharType="begin">(?:(?!</w:p>).)*?)'
              r'<w:r><w:t xml:space="preserve"> Be healthy</w:t></w:r></w:p>', d)
box = m.group(1).replace('<w:checked w:val="0"/>', '<w:checked w:val="1"/>')
nested = ('<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p>' + box + '</w:p>' + '<w:p/>' * 3 +
          '</w:tc></w:tr></w:tbl><w:p/></w:tc><w:tc><w:p><w:r><w:t>Be healthy</w:t></w:r>'
          '</w:p></w:tc></w:tr></w:tbl>')
d = d[:m.start()] + nested + d[m.end():]
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as o:
    for k, v in parts.items():
        o.writestr(k, d if k == "word/document.xml" else v)
PY
run import --received 2026-11-23 "$GPD_TMP/nested.docx"
expect_rc 0 "a box in a nested table"
expect_in "$OUT" '<tick option="be-healthy"/>' "a box in a nested table: ticked"
expect_not_in "$ERR" "cannot match" "a box in a nested table: no debris read as a label"
expect_not_in "$ERR" "has no tick box" "a box in a nested table: its label has its box"

# A heading after the form longer than a record's title may be: it was
# taken as the attachment's title and the record refused as invalid.
python3 - "$FIX/seed-01-legacy.docx" "$GPD_TMP/long-heading.docx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
parts = {i.filename: z.read(i.filename) for i in z.infolist()}
d = parts["word/document.xml"].decode()
h = ('<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>' + "Heading " * 60 +
     '</w:t></w:r></w:p><w:p><w:r><w:t>Body of the attached document.</w:t></w:r></w:p>')
end = d.rindex("</w:body>")
at = d.rfind("<w:sectPr", 0, end)
at = at if at > 0 else end
d = d[:at] + h + d[at:]
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as o:
    for k, v in parts.items():
        o.writestr(k, d if k == "word/document.xml" else v)
PY
run import --received 2026-11-23 "$GPD_TMP/long-heading.docx"
expect_rc 0 "a heading too long for a title"
expect_in "$ERR" "the attached document has no title line" "a heading too long for a title: titled for the editor"
expect_in "$OUT" "Body of the attached document." "a heading too long for a title: the body"

# pandoc's .docx of the Markdown exports with ☒/☐ (pandoc draws Word's
# check boxes so): every tick, criterion and "please specify" text. The
# plain-text export read as Markdown gets curled quotes from pandoc, so
# only the ballot Markdown exports are compared whole.
if have pandoc; then
	for md in "$EXPORTS"/*-ballotmd.md "$EXPORTS"/*-ballot.txt; do
		name=$(basename "$md")
		form=${name%%-*}
		pandoc -f markdown -t docx -o "$GPD_TMP/$name.docx" "$md" ||
			fail "pandoc could not write $name.docx"
		run import --received 2026-11-23 "$GPD_TMP/$name.docx"
		expect_rc 0 "import pandoc's $name.docx"
		cp "$OUT" "$GPD_TMP/got.xml"
		check "pandoc's $name.docx: every tick" python3 "$GEN/compare.py" \
			"$GPD_TMP/got.xml" "$TRUTH/$form.xml" ticks specify criteria agency contact
		case $name in
		*-ballotmd.md)
			check "pandoc's $name.docx: the whole record" python3 "$GEN/compare.py" \
				"$GPD_TMP/got.xml" "$TRUTH/$form.xml" ;;
		esac
	done
fi

# Decomposed letters ("e" and U+0301) in the form and in the attached
# document: the form's text was composed (Normalization Form C), the
# attachment's paragraphs, read apart from it, were written decomposed.
python3 - "$FIX/boxes-glyph.docx" "$GPD_TMP/nfd.docx" <<'PY'
import sys, unicodedata, zipfile
z = zipfile.ZipFile(sys.argv[1])
parts = {n: z.read(n) for n in z.namelist()}
doc = parts["word/document.xml"].decode("utf-8")
old = "Peer educators are recruited each year."
assert old in doc
doc = doc.replace(old, unicodedata.normalize("NFD", "Peer éducateurs de Łódź are recruited each year."))
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as o:
    for n, b in parts.items():
        o.writestr(n, doc.encode("utf-8") if n == "word/document.xml" else b)
PY
run import --received 2026-11-23 "$GPD_TMP/nfd.docx"
expect_rc 0 "a .docx with decomposed letters"
expect_in "$OUT" "Peer éducateurs de Łódź are recruited" "decomposed letters in the attachment: composed"
expect_not_in "$OUT" "$(printf 'e\xcc\x81')" "decomposed letters: none left"

# Hostile archives and an old .doc: exit 1, the error naming the file and
# saying why, nothing on standard output, nothing written with -o.
while IFS=$'\t' read -r file text code; do
	run import "$BAD/$file"
	expect_rc 1 "refuse $file"
	expect_in "$ERR" "$text" "refuse $file: says why"
	expect_in "$ERR" "[$code]" "refuse $file: [$code]"
	expect_empty "$OUT" "refuse $file: nothing on standard output"
	diag_only
	expect_diag_lines "$GPD_TMP/diag" "$BAD/$file" "refuse $file"
	mkdir -p "$GPD_TMP/out"
	run import -o "$GPD_TMP/out" --received 2026-11-23 "$BAD/$file"
	expect_rc 1 "refuse $file with -o"
	count_check
	[ -z "$(ls -A "$GPD_TMP/out")" ] || fail "refuse $file: something was written"
done <"$BAD/expect.tsv"

# A good document beside a refused one: the good one is written, exit 1.
run import -o "$GPD_TMP/mixed" --received 2026-11-23 "$FIX/seed-01-legacy.docx" "$BAD/old.doc"
expect_rc 1 "import a .docx and a .doc"
count_check
[ "$(ls "$GPD_TMP/mixed" | wc -l)" -eq 1 ] || fail "import a .docx and a .doc: expected one record"

gpd_finish
