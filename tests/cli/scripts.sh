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
# chain's collection not installed, or no chain), the build says once per
# record which installed font to add to the style, or when none is
# installed which package has one, and --strict refuses it. Bold and
# italic text of Hebrew, Arabic, Tamil, Gujarati and Gurmukhi is set in
# fonts of that weight and slant, and where the style has none (italic
# Arabic) the build says so.
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
# A cluster of several glyphs (a vowel sign and its consonant), or a
# glyph shown for other text than it first stood for (a precomposed letter
# for decomposed text), carries its text as /ActualText. Nested inside its
# paragraph's marked content, poppler's structure reader ended the
# paragraph at the Span's EMC ("Bengali: আমার সোনার বাংলা" read "Bengali:
# আমামা"); each such cluster is now marked content of its own. poppler
# reads no /ActualText there, only the ToUnicode map, where each glyph of
# such a cluster stood for the whole cluster (মা read মামা); each now
# stands for its own character (tests/scripts/struct_text.py).
check "pdfinfo -struct-text reads every phrase to its end" \
	python3 tests/scripts/struct_text.py "$W/out/handouts/tower-hamlets.pdf"
check "a handout without those scripts embeds no Noto font" \
	bash -c '! pdffonts "$1" | grep -q Noto' _ "$W/out/handouts/birmingham.pdf"

# A build of $W (WHAT), warned not failed, with the system folder HIDE
# empty when given (in a private mount namespace: root only); the
# record's SCRIPT reported once per edition that prints the record, with
# ADVICE (the message's parenthesis; both regular expressions), and never
# without the record's file.
build_missing() { # WHAT SCRIPT ADVICE [HIDE]
	local run='cd "$1" && exec "$2" build --no-warn no-outcome -o out 2>err'
	rm -rf "$W/out"
	if [ -n "${4:-}" ]; then
		mkdir -p "$GPD_TMP/empty"
		expect_rc 0 "build $1" unshare -m --propagation private \
			bash -c "mount --bind '$GPD_TMP/empty' '$4' && $run" _ "$W" "$GPDIGEST"
	else
		expect_rc 0 "build $1" bash -c "$run" _ "$W" "$GPDIGEST"
	fi
	check "$2 reported once per edition with the record: $3" \
		test "$(grep -c "scripts-every-name.xml.*$2 script ($3).*\[missing-script\]" "$W/err")" = \
		"$(grep -l 'Names in every script' "$W"/out/*.md "$W"/out/*/*.md | wc -l)"
	# the title's, in the contents and the running heads too: the record's
	check "$2 in the record's title is not reported without its file" \
		bash -c '! grep -q "^gpdigest: warning: .*$1 script.*\[missing-script\]" "$2"' _ "$2" "$W/err"
}
ADD='is installed: add it to <fallback regular> in templates/style.xml'

# The CJK collections named wrong (not installed by those names): skipped,
# and the record's Han, kana and hangul reported once per edition, naming
# the installed collection to add (the message named the package, which
# was installed already).
cp "$W/templates/style.xml" "$W/style.xml"
sed -i 's/NotoS\(erif\|ans\)CJK-/NotInstalledCJK-/g' "$W/templates/style.xml"
build_missing "with the CJK fonts named wrong" 'Han (Chinese, Japanese kanji)' "NotoSerifCJK-Regular.ttc#2 $ADD"
check "and hangul; Bengali is not reported" \
	bash -c 'grep -q "Hangul (Korean) script (NotoSerifCJK-Regular.ttc#2 is installed" "$1" && ! grep -q Bengali "$1"' _ "$W/err"
cp "$W/style.xml" "$W/templates/style.xml"

# The CJK collections not installed (their folder hidden): the package.
if unshare -m --propagation private true 2>/dev/null && [ -d /usr/share/fonts/opentype/noto ]; then
	build_missing "with the CJK fonts not installed" 'Han (Chinese, Japanese kanji)' \
		'none is installed: the package fonts-noto-cjk has a font for it' /usr/share/fonts/opentype/noto
else
	echo "SKIP: the CJK fonts hidden: needs root and unshare -m"
fi

# No fallback chain: Bengali has no font; one warning for the record (not
# one per character or field), naming the installed font to add; an error
# under --strict.
sed -i '/<fallback/,/\/>/d' "$W/templates/style.xml"
build_missing "without fallback fonts" Bengali "NotoSerifBengali-Regular.ttf $ADD"
expect_rc 1 "--strict refuses it" bash -c 'cd "$1" && "$2" build --strict --no-warn no-outcome -o out2 2>err2' _ "$W" "$GPDIGEST"

# Tamil, Gujarati and Gurmukhi (England's Sri Lankan and Indian Tamil,
# Gujarati and Punjabi communities) were reported missing with
# fonts-noto-core installed: no chain named their fonts. The default style
# has them now, and Ethiopic (Tigrinya and Amharic: Eritrean and Ethiopian
# young people are many among unaccompanied children in care) and Khmer
# too; Tibetan, which it has not, is reported naming the font to add when
# it is installed.
K=$GPD_TMP/community
mkdir -p "$K/records" && cp -r templates "$K/"
python3 - "$K/records/community.xml" <<'PY'
import sys
sys.path.insert(0, "tests/scripts")
import samples
open(sys.argv[1], "w", encoding="utf-8").write(samples.shell(
    "community", "Community languages",
    "Tamil \u0ba4\u0bae\u0bbf\u0bb4\u0bcd, Gujarati \u0a97\u0ac1\u0a9c\u0ab0\u0abe\u0aa4\u0ac0, "
    "Gurmukhi \u0a2a\u0a70\u0a1c\u0a3e\u0a2c\u0a40, Tigrinya \u1275\u130d\u122d\u129b, "
    "Khmer \u1781\u17d2\u1798\u17c2\u179a and Tibetan \u0f56\u0f7c\u0f51\u0f0b\u0f61\u0f72\u0f42."))
PY
expect_rc 0 "build a record in Tamil, Gujarati, Gurmukhi, Tigrinya, Khmer and Tibetan" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$K" "$GPDIGEST"
check "their Noto Serif fonts are embedded" bash -c 'f=$(pdffonts "$1") &&
	for n in NotoSerifTamil-Regular NotoSerifGujarati-Regular NotoSerifGurmukhi-Regular \
		NotoSerifEthiopic-Regular NotoSerifKhmer-Regular; do
		grep -q "+$n " <<<"$f" || { echo "no $n"; exit 1; }
	done' _ "$K/out/handouts/tower-hamlets.pdf"
if [ -e /usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf ]; then
	tibetan="NotoSerifTibetan-Regular.ttf $ADD"
else
	tibetan="none is installed: the package fonts-noto-core has a font for it"
fi
check "only Tibetan reported, once per edition with the record, naming what to do" bash -c '
	test "$(grep -c "missing-" "$1")" = 3 &&
	test "$(grep -cF "community.xml:15:3: warning: no font of the style covers the Tibetan script ($2); its text prints as replacement marks [missing-script]" "$1")" = 3' \
	_ "$K/err" "$tibetan"

# Bold and italic Hebrew and Arabic printed regular, unsaid: each face's
# chain put the general fallback (regular DejaVu Sans, which has both
# scripts) before the face's own fonts (DejaVu Sans Bold and Oblique).
# Now each is set in a font of its weight and slant, as are Tamil (Noto
# Serif Tamil Slanted for italic), Gujarati and Gurmukhi; italic Arabic,
# which no Noto or DejaVu font has, prints upright in the regular Arabic's
# font and is said once per edition with the record.
E=$GPD_TMP/emphasis
mkdir -p "$E/records" && cp -r templates "$E/"
python3 - "$E/records/emphasis.xml" <<'PY'
import sys
sys.path.insert(0, "tests/scripts")
import samples
open(sys.argv[1], "w", encoding="utf-8").write(samples.shell(
    "emphasis", "Bold heading \u05e9\u05d9\u05e8\u05d5\u05ea \u0645\u0631\u0643\u0632 \u0627\u0644\u0631\u0639\u0627\u064a\u0629",
    "Hebrew **\u05de\u05d5\u05d3\u05d2\u05e9** and *\u05e0\u05d8\u05d5\u05d9*; "
    "Arabic **\u063a\u0627\u0645\u0642** and *\u0645\u0627\u0626\u0644*; "
    "Tamil **\u0ba4\u0bae\u0bbf\u0bb4\u0bcd** *\u0bae\u0bca\u0bb4\u0bbf*; "
    "Gujarati **\u0a97\u0ac1\u0a9c\u0ab0\u0abe\u0aa4\u0ac0** and Gurmukhi **\u0a2a\u0a70\u0a1c\u0a3e\u0a2c\u0a40**."))
PY
expect_rc 0 "build a record with bold and italic in those scripts" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$E" "$GPDIGEST"
H=$E/out/handouts/tower-hamlets.pdf
check "each emphasis in a font of its weight or slant" bash -c 'f=$(pdffonts "$1") &&
	for n in DejaVuSans-Bold DejaVuSans-Oblique NotoSerifTamil-Bold NotoSerifTamilSlanted-Regular \
		NotoSerifGujarati-Bold NotoSerifGurmukhi-Bold; do
		grep -q "+$n " <<<"$f" || { echo "no $n"; exit 1; }
	done' _ "$H"
check "italic Arabic said once per edition with the record" \
	test "$(grep -c '^[^ ]*emphasis.xml:[0-9]*:[0-9]*: warning: no font of the style has the Arabic script in italic, so that text prints without the emphasis \[missing-emphasis\]$' "$E/err")" = \
	"$(grep -l 'Bold heading' "$E"/out/*.md "$E"/out/*/*.md | wc -l)"
check "and nothing else of the fonts" \
	bash -c '! grep -v "Arabic script in italic" "$1" | grep -q "missing-"' _ "$E/err"
check "at the description's place, never without the record's file" \
	bash -c '! grep "\[missing-emphasis\]" "$1" | grep -qv "^[^ ]*emphasis.xml:15:3: "' _ "$E/err"
check "the emphasised words extract as written" bash -c 't=$(pdftotext "$1" -) &&
	for w in מודגש נטוי غامق مائل தமிழ் மொழி; do grep -q "$w" <<<"$t" || { echo "no $w"; exit 1; }; done' _ "$H"
check "qpdf finds it sound" qpdf --check "$H"

# A cross-reference sets a record's title in italic: the italic is ours,
# not the record's, so its Arabic there is not said (warnings in that line
# are the record's now, at its title).
X=$GPD_TMP/xref
mkdir -p "$X/records" && cp -r templates "$X/"
python3 - "$X/records/xref.xml" <<'PY'
import sys
sys.path.insert(0, "tests/scripts")
import samples
open(sys.argv[1], "w", encoding="utf-8").write(samples.shell(
    "xref", "Cross reference \u0645\u0631\u0643\u0632 \u0627\u0644\u0631\u0639\u0627\u064a\u0629",
    "Plain text.").replace("<criterion>2.4</criterion>",
    "<criterion>2.4</criterion>\n    <criterion>5.2</criterion>"))
PY
expect_rc 0 "build a record cross-referenced under a second criterion" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$X" "$GPDIGEST"
check "the cross-reference is there" grep -q "See \[\*Cross reference" "$X/out/compendium.md"
check "and its italic Arabic title is not said" \
	bash -c '! grep -q "missing-emphasis" "$1"' _ "$X/err"

# More than 30 combining marks on one letter (past Unicode's stream-safe
# limit, the rest are not placed) was said naming the record's file but
# no line, and once per edition: a second record with such a run, the
# same word or another, went unsaid. Now at the field's line, once per
# edition with each record.
M=$GPD_TMP/marks
mkdir -p "$M/records" && cp -r templates "$M/"
python3 - "$M/records" <<'PY'
import sys
sys.path.insert(0, "tests/scripts")
import samples
for rid, k in (("marks", 10), ("marks-same", 10), ("marks-other", 9)):
    open("%s/%s.xml" % (sys.argv[1], rid), "w", encoding="utf-8").write(samples.shell(
        rid, "Marks " + rid, "Stacked a" + "\u0308\u0301\u0323\u0328" * k + " here."))
PY
expect_rc 0 "build three records with 40 and 36 marks on a letter" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$M" "$GPDIGEST"
for r in marks marks-same marks-other; do
	check "$r: said at the description's line, once per edition with the record" \
		test "$(grep -c "^records/$r.xml:15:3: warning: PDF typesetting: more than 30 combining marks on one letter" "$M/err")" = \
		"$(grep -l "Marks $r" "$M"/out/*.md "$M"/out/*/*.md | wc -l)"
done
rm -f "$M/records/marks-same.xml" "$M/records/marks-other.xml"

# A Han character beyond the common ones (Extension B, U+20000) that the
# style's Chinese font has not was said as the Han script missing, "add
# NotoSerifCJK-Regular.ttc#2 to <fallback regular>", which the style has
# already; now by its code point, as any character no font has.
mkdir -p "$M/records2" && sed 's/Stacked a[^ ]*/Rare \xf0\xa0\x80\x80 \xe5\x8c\x97/' "$M/records/marks.xml" >"$M/records2/marks.xml"
expect_rc 0 "build a record with a Han Extension B character" \
	bash -c 'cd "$1" && "$2" build --records records2 --no-warn no-outcome -o out2 2>err2' _ "$M" "$GPDIGEST"
check "said by its code point at its field, and Han not said missing" bash -c '
	grep -q "^records2/marks.xml:15:3: warning: the PDF font has no glyph for U+20000; printed as a replacement mark \[missing-glyph\]$" "$1" &&
	! grep -q "missing-script" "$1"' _ "$M/err2"

gpd_finish
