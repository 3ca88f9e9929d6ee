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

gpd_finish
