#!/usr/bin/env bash
# tests/cli/bidi.sh: issue 20, right-to-left text. A paragraph whose first
# strong character is Arabic or Hebrew (UBA P2/P3) is set flush right,
# ragged left, a list item too (indented from the right, its marker there,
# in the list's indentation); an English one with an Urdu name in it stays
# flush left (tests/scripts/bidi.py align, from pdftotext -bbox-layout). The HTML edition gives such text
# dir="auto" (or isolates a title in <bdi>) and nothing else a dir. On
# generated lines mixing Latin, Cyrillic, Arabic, Urdu, Hebrew and numbers,
# pdftotext gives every word as often as it was written and none run
# together: no space lost at a change of direction (bidi.py words). A
# record's title, authority, "please specify" text or address inside a
# line of ours (a reference in Part 2 and the index, "form received", a
# tick, a contact detail) is a bidi isolate: in one piece, in its own
# direction, the line left to right; a long right-to-left title in the
# running head is cut at its end, the ellipsis on its left (bidi.py ours);
# so is a handout's authority inside a sentence of a template (the HTML's
# <bdi>, the Markdown's text as written: bidi.py in-sentence).
# Every paragraph and line of ours with right-to-left text reads as written
# in the structure tree (tests/pdf/check_pdf.py struct-order: its marked
# content in content order, as a screen reader takes it), and pdftotext,
# which orders letters by where they are drawn, still gives it as written.
. "$GPD_SOURCE_DIR/tests/lib.sh"
need python3 pdftotext pdfinfo

B=tests/scripts/bidi.py
W=$GPD_TMP/bidi
mkdir -p "$W/records"
cp -r templates "$W/"
python3 $B record "$W/records/bidi-paragraphs.xml" "$W/paragraphs.txt"
python3 tests/scripts/samples.py record "$W/records/scripts-every-name.xml"
expect_rc 0 "build the right-to-left paragraphs" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$W" "$GPDIGEST"
check "Arabic and Hebrew paragraphs and an Arabic item flush right, English ones flush left" \
	python3 $B align "$W/out/handouts/tower-hamlets.pdf"
check "the same in the compendium" python3 $B align "$W/out/compendium.pdf"
check "the paragraphs read as written in the structure tree" \
	python3 tests/pdf/check_pdf.py struct-order "$W/out/handouts/tower-hamlets.pdf" "$W/paragraphs.txt"
check "HTML: the paragraphs and the item of RTL text carry dir" \
	python3 $B html "$W/out/compendium/bidi-paragraphs.html" 4
check "HTML: an RTL title, agency and contact name carry dir" \
	python3 $B html "$W/out/compendium/scripts-every-name.html" 5
check "HTML: every page's RTL text carries dir, English none" \
	bash -c 'for f in "$1"/out/compendium/*.html; do python3 "$2" html "$f" 0 >/dev/null || exit 1; done' _ "$W" "$B"
check "Markdown: the text as written, no markup for direction" \
	bash -c '! grep -q "dir=\|<bdi>" "$1"/out/compendium.md "$1"/out/handouts/*.md' _ "$W"

# Record text in lines of ours
I=$W/isolates
mkdir -p "$I/records"
cp -r templates "$I/"
python3 $B isolates "$I/records" "$I/texts.txt"
expect_rc 0 "build records with right-to-left titles, authority and details" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$I" "$GPDIGEST"
check "each record text in one piece, in its own direction, in a line of ours" \
	python3 $B ours "$I/out/compendium.pdf"
check "each record text in a line of ours reads as written in the structure tree" \
	python3 tests/pdf/check_pdf.py struct-order "$I/out/compendium.pdf" "$I/texts.txt"
# <title> holds text alone: a right-to-left title's first letter made
# the whole right to left (the edition's name left of the title's English
# words); each of its parts with such text is now between FSI and PDI.
check "HTML: <title>'s right-to-left text inside FSI ... PDI, an isolate" python3 - "$I"/out/compendium/*.html <<'PY'
import re, sys
rtl = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u202b\u202e\u2067]")
bad = seen = 0
for f in sys.argv[1:]:
    t = re.search("<title>(.*?)</title>", open(f, encoding="utf-8").read(), re.S).group(1)
    outside = re.sub("\u2068[^\u2068\u2069]*\u2069", "", t)
    seen += bool(rtl.search(t))
    if rtl.search(outside):
        print("%s: %r" % (f, t))
        bad += 1
sys.exit(1 if bad or not seen else 0)
PY

# A handout's authority inside a template's sentences (the introduction's
# "examples that {{authority}} sent in", and one that starts with it)
A=$W/authority
mkdir -p "$A/records"
cp -r templates "$A/"
python3 $B authority "$A"
expect_rc 0 "build a handout of an authority with an Arabic and English name" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$A" "$GPDIGEST"
check "the authority in a template's sentence is an isolate (PDF), <bdi> (HTML), as written (Markdown)" \
	python3 $B in-sentence "$A/out/handouts/2024-leaving-care.pdf" \
	"$A/out/handouts/2024-leaving-care/introduction.html" "$A/out/handouts/2024-leaving-care.md"
check "HTML: the authority in our lines (\"form received\", a reference, a list of records) in <bdi>, no dir" \
	bash -c 'for f in "$1"/out/compendium/*.html; do python3 "$2" html "$f" 0 >/dev/null || exit 1; done
		grep -q "<p class=\"meta\"><bdi>" "$1"/out/compendium/rtl-authority.html' _ "$A" "$B"

# A handout title that starts with the authority: the title is the
# template's, left to right, the authority an isolate in it (plan.c)
T=$W/title-first
mkdir -p "$T/records"
cp -r templates "$T/"
python3 $B authority "$T"
sed -i 's/title="Good practice in {{authority}}"/title="{{authority}}: good practice"/' \
	"$T/templates/publication.xml"
expect_rc 0 "build a handout titled \"{{authority}}: good practice\", the authority Arabic and English" \
	bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$T" "$GPDIGEST"
check "the title left to right, flush left, the authority an isolate (PDF, HTML, Markdown)" \
	python3 $B title-first "$T/out/handouts/2024-leaving-care.pdf" \
	"$T/out/handouts/2024-leaving-care/index.html" "$T/out/handouts/2024-leaving-care.md"

# Mixed lines, three seeds: words at a change of direction, mid-line, at
# line ends and across line breaks
for seed in 1 2 3; do
	M=$W/mixed-$seed
	mkdir -p "$M/records"
	cp -r templates "$M/"
	python3 $B mixed 150 $seed "$M/records/bidi-mixed.xml" "$M/lines.txt"
	expect_rc 0 "build mixed-direction lines (seed $seed)" \
		bash -c 'cd "$1" && "$2" build --no-warn no-outcome -o out 2>err' _ "$M" "$GPDIGEST"
	check "pdftotext gives every word written, none run together (seed $seed)" \
		python3 $B words "$M/out/handouts/tower-hamlets.pdf" "$M/lines.txt"
	check "every line reads as written in the structure tree (seed $seed)" \
		python3 tests/pdf/check_pdf.py struct-order "$M/out/handouts/tower-hamlets.pdf" "$M/lines.txt"
done
gpd_finish
