#!/usr/bin/env bash
# tests/cli/scripts.sh: issue 20. A record with names and phrases in Arabic,
# Hebrew, Urdu, Bengali, Devanagari, Polish, Vietnamese (NFC and NFD),
# Greek, Cyrillic, an emoji, Chinese, Japanese (kana and kanji) and Korean
# (tests/scripts/samples.py) builds with no missing-glyph or missing-script
# warning (the fallback chains of templates/style.xml cover them with
# fonts-noto-core and fonts-noto-cjk's collections); for each sample word
# the PDF shows the glyphs HarfBuzz's own hb-shape gives with the same font
# file, and pdftotext gives each phrase back as written
# (tests/scripts/check_glyphs.py). Noto CJK's CFF outlines go in as a
# CIDFontType0C subset that qpdf passes. Without a font for a script (a
# chain's collection not installed, or no chain), the build says which
# package has one, once per record, and --strict refuses it.
. "$GPD_SOURCE_DIR/tests/lib.sh"
need python3 pdftotext qpdf hb-shape fc-list pdffonts

W=$GPD_TMP/scripts
mkdir -p "$W/records"
cp records/*.xml "$W/records/"
cp -r templates "$W/"
python3 tests/scripts/samples.py record "$W/records/scripts-every-name.xml"
expect_rc 0 "build with the scripts record" bash -c 'cd "$1" && "$2" build -o out 2>err' _ "$W" "$GPDIGEST"
check "no glyph or script reported missing" bash -c '! grep -q "missing-glyph\|missing-script" "$1/err"' _ "$W"
check "hb-shape's glyphs and the text as written, for every sample" \
	python3 tests/scripts/check_glyphs.py "$W/out/handouts/tower-hamlets.pdf" tests/scripts/samples.py
check "the Bengali and Devanagari fonts are embedded, as subsets" \
	bash -c 'pdffonts "$1" | grep -q "+NotoSerifBengali-Regular.*yes yes yes" &&
		pdffonts "$1" | grep -q "+NotoSerifDevanagari-Regular.*yes yes yes"' _ "$W/out/handouts/tower-hamlets.pdf"
check "the CJK face is embedded as a CFF (Type 0C) subset" \
	bash -c 'pdffonts "$1" | grep -q "+NotoSerifCJKsc-Regular  *CID Type 0C  *Identity-H  *yes yes yes"' \
	_ "$W/out/handouts/tower-hamlets.pdf"
check "qpdf finds the handout sound" qpdf --check "$W/out/handouts/tower-hamlets.pdf"
check "a handout without those scripts embeds no Noto font" \
	bash -c '! pdffonts "$1" | grep -q Noto' _ "$W/out/handouts/birmingham.pdf"

# A build of $W with fonts left out (WHAT), warned not failed; the record's
# SCRIPT (a regular expression of the message) reported once per edition
# that prints the record, with the package PACKAGE, and never without the
# record's file.
build_missing() { # WHAT SCRIPT PACKAGE
	rm -rf "$W/out"
	expect_rc 0 "build $1" bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$W" "$GPDIGEST"
	check "$2 reported once per edition with the record, naming $3" \
		test "$(grep -c "scripts-every-name.xml.*$2 script (the package $3 has a font for it).*\[missing-script\]" "$W/err")" = \
		"$(grep -l 'Names in every script' "$W"/out/*.md "$W"/out/*/*.md | wc -l)"
	# the title's, in the contents and the running heads too: the record's
	check "$2 in the record's title is not reported without its file" \
		bash -c '! grep -q "^gpdigest: warning: .*$1 script.*\[missing-script\]" "$2"' _ "$2" "$W/err"
}

# The CJK collections named but not installed: skipped, and the record's
# Han, kana and hangul reported once per edition, naming fonts-noto-cjk.
cp "$W/templates/style.xml" "$W/style.xml"
sed -i 's/NotoS\(erif\|ans\)CJK-/NotInstalledCJK-/g' "$W/templates/style.xml"
build_missing "with the CJK fonts absent" 'Han (Chinese, Japanese kanji)' fonts-noto-cjk
check "and hangul, naming fonts-noto-cjk; Bengali is not reported" \
	bash -c 'grep -q "Hangul (Korean) script (the package fonts-noto-cjk" "$1" && ! grep -q Bengali "$1"' _ "$W/err"
cp "$W/style.xml" "$W/templates/style.xml"

# No fallback chain: Bengali has no font; one warning for the record (not
# one per character or field), naming the package; an error under --strict.
sed -i '/<fallback/,/\/>/d' "$W/templates/style.xml"
build_missing "without fallback fonts" Bengali fonts-noto-core
expect_rc 1 "--strict refuses it" bash -c 'cd "$1" && "$2" build --strict --no-warn no-outcome -o out2 2>err2' _ "$W" "$GPDIGEST"
gpd_finish
