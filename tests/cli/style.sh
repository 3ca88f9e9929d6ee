#!/bin/bash
# style.sh: templates/style.xml, the editor's page and type settings. A
# setting the layout cannot use is an error at its line in style.xml, and
# nothing is written; before, a page too small for its margins, a text
# size of 0 or 900 pt, a leading of 0.001 or heading sizes out of range
# failed every edition's typesetting with "layout: invalid style" and no
# file or line, a page of 99,999 mm with a libharu error number, and an
# indent of 900 mm built with exit 0 and contents pages whose entries were
# blank. A style within the rules builds.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace
need pdfinfo pdftotext

cp templates/style.xml "$WORK/style.orig"

# with FROM TO: style.xml with the first FROM replaced by TO.
with() {
	grep -qF -- "$1" "$WORK/style.orig" || { fail "style.xml has no '$1'"; return 1; }
	python3 - "$WORK/style.orig" templates/style.xml "$1" "$2" <<'EOF'
import sys
src, dst, a, b = sys.argv[1:]
open(dst, "w").write(open(src).read().replace(a, b, 1))
EOF
}

# line_of TEXT: the line of style.orig where TEXT is.
line_of() { grep -nF -- "$1" "$WORK/style.orig" | head -1 | cut -d: -f1; }

# refused FROM TO ELEMENT-TEXT MESSAGE: with FROM made TO, the build exits
# 1, writes nothing, and says MESSAGE at style.xml's line holding
# ELEMENT-TEXT (the element whose settings break the rule).
refused() {
	local line
	with "$1" "$2" || return
	line=$(line_of "$3")
	rm -rf out
	expect_rc 1 "$2: refused" B out
	check "$2: the error names style.xml:$line" has "templates/style.xml:$line:"
	check "$2: says why" has "$4"
	check "$2: [template]" has "[template]"
	check "$2: nothing written" test ! -e out
	check "$2: no typesetting failure" lacks "invalid style"
}

echo "== settings the layout cannot use"
refused 'width="210mm"' 'width="99999mm"' '<page ' 'PDF allows 3 to 14400 pt'
refused 'height="297mm"' 'height="1mm"' '<page ' 'PDF allows 3 to 14400 pt'
refused 'width="210mm"' 'width="10mm"' '<margins ' 'the margins leave a text area of'
refused 'left="24mm"' 'left="200mm"' '<margins ' 'it must be more than 36 pt wide and 72 pt high'
refused 'top="25mm"' 'top="290mm"' '<margins ' 'the margins leave a text area of'
refused 'size="10"' 'size="0"' '<text ' 'text size 0 pt: it must be 2 to 72 pt'
refused 'size="10"' 'size="900"' '<text ' 'text size 900 pt'
refused 'small="8"' 'small="0"' '<text ' 'small text size 0 pt'
refused 'leading="1.4"' 'leading="0.001"' '<text ' 'leading 0.001: it must be 0.8 to 4'
refused 'indent="18pt"' 'indent="900mm"' '<text ' 'it must be at most a sixth of the text area'
refused 'paragraph-space="7pt"' 'paragraph-space="2000mm"' '<text ' 'at most a quarter of the text area'
refused 'h1="22"' 'h1="2000"' '<headings ' 'heading h1 is 2000 pt: headings must be 2 to 144 pt'
refused 'widows="2"' 'widows="500"' '<pagination ' 'widows 500 and orphans 2: each must be 1 to 100'

echo "== the rules the file itself states"
refused 'widows="2"' 'widows="2" colour="red"' '<pagination ' "unknown style setting 'colour'"
refused 'h4="13"' 'h4="0"' '<headings ' 'heading sizes must decrease from h1 to h10'
refused 'leading="1.4"' 'leading="inf"' '<text ' "bad value for 'leading'"

echo "== a font file that is not a whole font"
# a style's font in templates/ that is empty, cut short, not a font, or a
# collection's face it lacks failed every edition with "internal error:
# the PDF layout could not start" (exit 2) and a warning naming no line
head -c 5000 /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf >templates/cut.ttf
head -c 3000 /dev/urandom >templates/noise.ttf
: >templates/empty.ttf
refused 'regular="DejaVuSerif.ttf"' 'regular="cut.ttf"' '<fonts ' \
	'the font file templates/cut.ttf (regular on <fonts>) cannot be used: it is cut short'
check "cut.ttf: no internal error" lacks "[internal]"
refused 'regular="DejaVuSerif.ttf"' 'regular="noise.ttf"' '<fonts ' 'it is not a TrueType or OpenType font'
refused 'mono="DejaVuSansMono.ttf"' 'mono="empty.ttf"' '<fonts ' 'it is empty'
if [ -e /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; then
	refused 'NotoSerifCJK-Regular.ttc#2 ' 'NotoSerifCJK-Regular.ttc#40 ' '<fallback ' \
		'the collection has no face of that number'
fi
rm -f templates/cut.ttf templates/noise.ttf templates/empty.ttf

echo "== a style within the rules"
with 'width="210mm" height="297mm"' 'width="8.5in" height="11in"'
python3 - templates/style.xml <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('size="10"', 'size="12"', 1).replace('indent="18pt"', 'indent="2cm"', 1)
open(p, "w").write(s)
EOF
rm -rf out
expect_rc 0 "US Letter, 12 pt text, a 2 cm indent" B out
check "the compendium is US Letter" sh -c "pdfinfo out/compendium.pdf | grep -q 'Page size: *612 x 792 pts'"
check "its contents have their entries" sh -c \
	"pdftotext -f 2 -l 3 out/compendium.pdf - | grep -q 'Part 1: Examples by National'"

gpd_finish
