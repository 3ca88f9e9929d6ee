#!/bin/bash
# publication.sh: templates/publication.xml's mistakes are said as an editor
# reads them, at the element's line and column: the attribute, what it was
# given and what it takes, instead of libxml2's facets, patterns and
# {urn:...} names (which every one of these messages was before, at column
# 1 of the line the start tag ends on). Nothing is built.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace

cp templates/publication.xml "$WORK/pub.orig"
E='<edition name="digests"'

# with TEXT: publication.xml with TEXT put before the digests' edition.
with() {
	python3 - "$WORK/pub.orig" templates/publication.xml "$E" "$1" <<'EOF'
import sys
src, dst, at, new = sys.argv[1:]
s = open(src).read()
assert at in s
open(dst, "w").write(s.replace(at, new + "\n  " + at, 1))
EOF
}

# said TEXT-BEFORE-DIGESTS MESSAGE WHAT: the build is refused, nothing is
# written, and stderr has MESSAGE (a fixed string) and no libxml2 jargon.
said() {
	with "$1"
	rm -rf out
	expect_rc 1 "$3: refused" B out
	check "$3: says it" has "$2"
	check "$3: [publication]" has "[publication]"
	check "$3: no namespace in braces" lacks "{urn:"
	check "$3: no facets" lacks "facet"
	check "$3: nothing written" test ! -e out
}

L=$(grep -nF "$E" "$WORK/pub.orig" | cut -d: -f1)
said '<edition name="x" title="X" output="x" kind="compendum"/>' \
	"publication.xml:$L:3: error: <edition kind=\"compendum\">: kind takes compendium, digest or handout" \
	"a kind misspelt"
said '<edition name="x" title="X" output="../x"/>' \
	'<edition output="../x">: output takes a path in the output folder' "an output outside out/"
said '<edition name="X" title="X" output="x"/>' \
	'<edition name="X">: name takes lowercase letters, digits and single hyphens' "a name in capitals"
said '<edition name="x" title="X" output="x" introducton="i.md"/>' \
	"<edition> has no attribute 'introducton': did you mean 'introduction'?" "an attribute misspelt"
said '<edition name="x" title="X"/>' '<edition> needs output="..."' "no output"
said '<edition name="x" title="X" output="compendium"/>' \
	'two editions have the output "compendium": each needs its own' "two editions, one output"
said '<edition name="x" title="X" output="x"><select regoin="x"/></edition>' \
	"publication.xml:$L:42: error: <select> has no attribute 'regoin': did you mean 'region'?" \
	"a filter misspelt, at its column"
said "$(printf '<edition\n    name="x"\n    title="X"\n    output="../x"/>')" \
	"publication.xml:$L:3: error: <edition output=\"../x\">" \
	"a start tag over four lines: its first line and column"

# an edition's title of 100,000 characters: libxml2 quotes it and cuts its
# message at 150 bytes, which read "The value 'TTTT..." with no length
said "<edition name=\"x\" output=\"x\" title=\"$(printf 'T%.0s' $(seq 1 2000))\"/>" \
	"publication.xml:$L:3: error: <edition>'s title is 2000 characters long; it holds at most 400" \
	"a title too long"

# the publication's title or publisher blank, or of zero width spaces
# only: "out of memory" before (and built, blank, for the spaces)
T=$(grep -n '<title>' "$WORK/pub.orig" | head -1 | cut -d: -f1)
for t in ' ' $'\u200b\u00a0'; do
	python3 - "$WORK/pub.orig" templates/publication.xml "$t" <<'EOF2'
import re, sys
src, dst, t = sys.argv[1:]
open(dst, "w").write(re.sub(r"<title>[^<]*</title>", "<title>" + t + "</title>", open(src).read(), count=1))
EOF2
	rm -rf out
	expect_rc 1 "a title of '$t': refused" B out
	check "a title of '$t': said at it" has "publication.xml:$T:3: error: <title> is empty"
	check "a title of '$t': not out of memory" lacks "out of memory"
	check "a title of '$t': nothing written" test ! -e out
done

# an edition's title of blanks or zero width spaces: built, its cover's
# heading and its PDF's title blank
said '<edition name="x" output="x" title=" "/>' \
	"publication.xml:$L:3: error: <edition title=\"...\"> is empty" "an edition title of a space"
said "<edition name=\"x\" output=\"x\" title=\"$(printf '\u200b')\"/>" \
	"publication.xml:$L:3: error: <edition title=\"...\"> is empty" "an edition title of U+200B"

# an output an edition declares that another makes for a region or an
# authority: the London digest was moved to digests/london-2 unsaid (and,
# declared after the digests, both were written to digests/london)
said '<edition name="london" title="London" output="digests/london"/>' \
	"publication.xml:$L:3: error: <edition name=\"london\" output=\"digests/london\"> is also where edition \"digests\" (line $((L + 1))) writes its edition for London: give this edition an output outside digests/" \
	"a declared output a region's digest has"
said '<edition name="thurrock" title="Thurrock" output="handouts/thurrock"/>' \
	"publication.xml:$L:3: error: <edition name=\"thurrock\" output=\"handouts/thurrock\"> is also where edition \"handouts\" (line $((L + 2))) writes its edition for Thurrock" \
	"a declared output an authority's handout has"
python3 - "$WORK/pub.orig" templates/publication.xml <<'EOF2'
import sys
src, dst = sys.argv[1:]
s = open(src).read()
s = s.replace("</publication>", '  <edition name="london" title="London" output="digests/london"/>\n</publication>', 1)
open(dst, "w").write(s)
EOF2
A=$(grep -n 'name="london"' templates/publication.xml | cut -d: -f1)
rm -rf out
expect_rc 1 "declared after the digests: refused" B out
check "declared after the digests: said at it" has "publication.xml:$A:3: error: <edition name=\"london\" output=\"digests/london\"> is also where edition \"digests\" (line $L)"
check "declared after the digests: nothing written" test ! -e out
expect_rc 1 "structure: refused too" gpd structure --records records --templates templates --edition digests/london
check "structure: said" has "writes its edition for London"

gpd_finish
