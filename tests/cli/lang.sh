#!/usr/bin/env bash
# tests/cli/lang.sh: the language of parts (WCAG 2.2 SC 3.1.2, AA). A
# record written in another language says so with xml:lang on <record>,
# and an answer, a "please specify" text or an attachment in one of its
# own with xml:lang on its element (a BCP 47 tag). The PDF gives the
# record's section, the answer (a Div round it, the question being ours),
# the specified text (a Span after our label) and the attachment's
# section that /Lang; the HTML gives the <article>, the answer's <dd>, a
# <span> round the specified text and the attachment's <section> that
# lang; the Markdown has no way to say it and
# is the text as before. Where the PDF names the record by its title in a
# line of ours, the title alone is in its language: a Span in the contents
# entry's Link (the page number is ours), the Link of a reference in a
# list of records. Bookmarks can say no language (an outline item has no
# /Lang). A value that is not a language tag, another xml:
# attribute, and xml:lang where the format takes none are errors at the
# element's line and column. A record without xml:lang prints as before
# (the shipped editions are the same bytes).
. "$GPD_SOURCE_DIR/tests/lib.sh"
need python3 qpdf pdfinfo pdftotext

W=$GPD_TMP/lang
mkdir -p "$W/records" "$W/plain/records"
cp -r templates "$W/"
cp -r templates "$W/plain/"
SEED=records/tower-hamlets-user-involvement.xml
# a target group the form does not list, specified (in German, below)
SPECIFIED=Pflegeeltern
sed -e 's|^\(  *\)<tick option="leaving-care"/>|&\n\1<tick option="others"/>\n\1<specify option="others">'"$SPECIFIED"'</specify>|' \
	"$SEED" >"$W/plain/records/tower-hamlets-user-involvement.xml"
# the record in Welsh, its purpose in Polish, the specified group in
# German, its first attachment in Bengali
sed -e 's|id="tower-hamlets-user-involvement">|id="tower-hamlets-user-involvement" xml:lang="cy">|' \
	-e 's|<purpose>|<purpose xml:lang="pl">|' \
	-e 's|<specify option="others">|<specify option="others" xml:lang="de">|' \
	-e '0,/<attachment /s|<attachment |<attachment xml:lang="bn-BD" |' \
	"$W/plain/records/tower-hamlets-user-involvement.xml" >"$W/records/tower-hamlets-user-involvement.xml"
count_check
grep -q 'xml:lang="cy"' "$W/records/tower-hamlets-user-involvement.xml" &&
	grep -q '<purpose xml:lang="pl">' "$W/records/tower-hamlets-user-involvement.xml" &&
	grep -q "<specify option=\"others\" xml:lang=\"de\">$SPECIFIED</specify>" "$W/records/tower-hamlets-user-involvement.xml" &&
	grep -q '<tick option="others"/>' "$W/records/tower-hamlets-user-involvement.xml" &&
	grep -q '<attachment xml:lang="bn-BD"' "$W/records/tower-hamlets-user-involvement.xml" ||
	fail "the record in four languages was not made"

expect_rc 0 "validate the record in four languages" bash -c 'cd "$1" && "$2" validate' _ "$W" "$GPDIGEST"
expect_rc 0 "build it" bash -c 'cd "$1" && "$2" build -o out' _ "$W" "$GPDIGEST"
expect_rc 0 "build the same record without xml:lang" bash -c 'cd "$1" && "$2" build -o out' _ "$W/plain" "$GPDIGEST"

H=$W/out/compendium/tower-hamlets-user-involvement.html
check "HTML: the record's <article> is in Welsh" grep -q '<article class="record" lang="cy">' "$H"
check "HTML: the purpose's <dd> is in Polish, and holds it" \
	bash -c 'grep -A2 "<dd lang=\"pl\">" "$1" | grep -q "To develop a structure"' _ "$H"
check "HTML: the specified group is in German, after our label" \
	grep -q "Others (please specify): <span lang=\"de\">$SPECIFIED</span></li>" "$H"
check "HTML: the attachment's <section> is in Bengali" \
	grep -q '<section class="attachment" lang="bn-BD">' "$H"
check "HTML: no other language is said" \
	bash -c '[ "$(grep -oh " lang=\"[^\"]*\"" "$1"/*.html | sort -u | tr -d "\n")" = " lang=\"bn-BD\" lang=\"cy\" lang=\"de\" lang=\"en-GB\" lang=\"pl\"" ]' \
	_ "$W/out/compendium"
check "HTML: the contents and lists name the record in Welsh" \
	bash -c 'grep -q "<a href=\"tower-hamlets-user-involvement.html\"><span lang=\"cy\">Service user" "$1/index.html" &&
		grep -q "<a href=\"tower-hamlets-user-involvement.html\"><span lang=\"cy\">Service user" "$1/criterion-5-2.html"' \
	_ "$W/out/compendium"
check "HTML: the record page's breadcrumb names it in Welsh, its attachment link in Bengali" \
	bash -c 'grep -q "<li aria-current=\"page\"><span lang=\"cy\">" "$1" && grep -q "><span lang=\"bn-BD\">Service User Involvement Project</span></a></li>" "$1"' \
	_ "$H"
check "Markdown: the same text as without xml:lang" \
	cmp "$W/out/compendium.md" "$W/plain/out/compendium.md"

# The PDF's groups with a /Lang: the record's Sect (Welsh), a Div after
# the purpose's question holding its paragraph (Polish), the attachment's
# Sect (Bengali); the document's /Lang as before (Links and Spans below)
check "PDF: /Lang on the record's Sect, the purpose's Div and the attachment's Sect" \
	python3 - "$W/out/compendium.pdf" <<'EOF'
import json, subprocess, sys
objs = json.loads(subprocess.run(["qpdf", "--json=1", "--json-key=objects", sys.argv[1]],
                                 check=True, capture_output=True).stdout)["objects"]
def get(v):
    return objs.get(v) if isinstance(v, str) and v.endswith(" R") else v
def text(v):
    return v[2:] if isinstance(v, str) and v.startswith("u:") else v
found = []
for o in objs.values():
    if isinstance(o, dict) and "/Lang" in o and o.get("/S") not in (None, "/Link", "/Span"):
        kids = get(o.get("/K"))
        kids = kids if isinstance(kids, list) else [kids]
        types = [get(k).get("/S") for k in kids if isinstance(get(k), dict)]
        found.append((o["/S"], text(o["/Lang"]), types))
root = [o for o in objs.values() if isinstance(o, dict) and o.get("/Type") == "/Catalog"][0]
want = [("/Sect", "cy"), ("/Div", "pl"), ("/Sect", "bn-BD")]
got = sorted((s, l) for s, l, _ in found)
assert got == sorted(want), got
div = [t for s, l, t in found if s == "/Div"][0]
assert div and all(t == "/P" for t in div), div
sect = [t for s, l, t in found if l == "cy"][0]
assert sect[0].startswith("/H"), sect  # the record's heading first
assert text(root["/Lang"]) == "en-GB", root["/Lang"]
print("ok:", found)
EOF
# Every Link that names the Welsh record (its annotation's /Contents is
# the title): in the contents a Link with no /Lang holding a Span in Welsh
# (and the page number), in a list of records a Link in Welsh; no other
# Link or Span says a language
TITLE=$(sed -n 's|.*<title>\(.*\)</title>.*|\1|p' "$SEED")
check "PDF: the record's title is in Welsh in the contents and in the lists of records" \
	python3 - "$W/out/compendium.pdf" "$TITLE" <<'EOF'
import json, subprocess, sys
objs = json.loads(subprocess.run(["qpdf", "--json=1", "--json-key=objects", sys.argv[1]],
                                 check=True, capture_output=True).stdout)["objects"]
title = sys.argv[2]
def get(v):
    return objs.get(v) if isinstance(v, str) and v.endswith(" R") else v
def text(v):
    return v[2:] if isinstance(v, str) and v.startswith("u:") else v
def kids(o):
    k = o.get("/K")
    return [get(x) for x in (k if isinstance(k, list) else [k])]
def s(o):
    return o.get("/S") if isinstance(o, dict) else None
named = []
for o in objs.values():
    if s(o) == "/Link" and any(isinstance(k, dict) and k.get("/Type") == "/OBJR" and
                               text(get(k["/Obj"]).get("/Contents")) == title for k in kids(o)):
        named.append(o)
toc = [o for o in named if s(get(o["/P"])) == "/Reference"]
refs = [o for o in named if s(get(o["/P"])) == "/P"]
assert toc and refs and len(toc) + len(refs) == len(named), (len(toc), len(refs), len(named))
said = []
for o in toc:
    assert "/Lang" not in o and "/Lang" not in get(o["/P"]), o
    spans = [k for k in kids(o) if s(k) == "/Span"]
    assert len(spans) == 1 and text(spans[0].get("/Lang")) == "cy", spans
    assert all(isinstance(k, int) for k in kids(spans[0])), spans  # its marked content
    assert any(isinstance(k, int) for k in kids(o)), o  # the page number's: the Link's
    said.append(spans[0])
for o in refs:
    assert text(o.get("/Lang")) == "cy", o
    said.append(o)
# the specified text: a Span in German in the tick's LBody, after our label
spec = [o for o in objs.values() if s(o) == "/Span" and text(o.get("/Lang")) == "de"]
assert len(spec) == 1 and s(get(spec[0]["/P"])) == "/LBody", spec
assert any(isinstance(k, int) for k in kids(get(spec[0]["/P"]))), "our label"
said.append(spec[0])
others = [o for o in objs.values() if s(o) in ("/Link", "/Span") and "/Lang" in o
          and not any(o is x for x in said)]
assert not others, others
print("ok: %d contents entries, %d references" % (len(toc), len(refs)))
EOF
check "PDF: the specified group's Span holds it" \
	bash -c 'pdfinfo -struct-text "$1" | grep -A1 "Span (inline)" | grep -qF "\"$2\""' _ "$W/out/compendium.pdf" "$SPECIFIED"
check "PDF: the contents' Span holds the title" \
	bash -c 'pdfinfo -struct-text "$1" | grep -A1 "Span (inline)" | grep -qF "\"$2\""' _ "$W/out/compendium.pdf" "$TITLE"
check "PDF: the same text as without xml:lang" \
	bash -c 'cmp <(pdftotext -layout "$1" -) <(pdftotext -layout "$2" -)' _ "$W/out/compendium.pdf" "$W/plain/out/compendium.pdf"
check "PDF: qpdf finds it sound" qpdf --check "$W/out/compendium.pdf"
check "PDF: the Matterhorn conditions hold" python3 tests/pdf/check_ua.py "$W/out/compendium.pdf"

# Errors: at the element, every one reported, nothing built
B=$W/bad
mkdir -p "$B/records"
cp -r templates "$B/"
bad() { # NAME SED WHAT
	sed -e "$2" "$SEED" | sed 's/id="tower-hamlets-user-involvement"/id="'"$1"'"/' >"$B/records/$1.xml"
}
bad not-a-tag 's|<purpose>|<purpose xml:lang="Polish language">|'
bad underscore 's|<description>|<description xml:lang="pl_PL">|'
bad no-language 's|<tools>|<tools xml:lang="po">|'
bad empty 's|<purpose>|<purpose xml:lang="">|'
bad space 's|<purpose>|<purpose xml:space="preserve">|'
bad on-specify 's|</target-groups>|<tick option="others"/><specify option="others" xml:lang="de_DE">x</specify></target-groups>|'
bad on-title 's|<title>|<title xml:lang="pl">|'
run -d "$B" validate
expect_rc 1 "validate the records with bad xml: attributes"
count_check
want_line() { # FILE WHAT: the line of FILE's first WHAT, and its column (the element's <)
	local l; l=$(grep -n -- "$2" "$B/records/$1.xml" | head -1 | cut -d: -f1)
	local c; c=$(sed -n "${l}p" "$B/records/$1.xml" | awk -v w="$2" '{ print index($0, w) }')
	echo "records/$1.xml:$l:$c:"
}
expect_in "$ERR" "$(want_line not-a-tag '<purpose') error: xml:lang=\"Polish language\" on <purpose> is not a language tag" "a value with a space"
expect_in "$ERR" "$(want_line underscore '<description') error: xml:lang=\"pl_PL\" on <description> is not a language tag" "an underscore"
expect_in "$ERR" "$(want_line empty '<purpose') error: xml:lang=\"\" on <purpose> is not a language tag" "an empty value"
expect_in "$ERR" "$(want_line no-language '<tools') error: xml:lang=\"po\" on <tools> is not a language tag" \
	"a tag of the right shape whose code is no language's (Polish is pl)"
expect_in "$ERR" "$(want_line space '<purpose') error: xml:space on <purpose> is not part of the record format" "xml:space"
expect_in "$ERR" "$(want_line on-specify '<specify') error: xml:lang=\"de_DE\" on <specify> is not a language tag" \
	"a please-specify text takes xml:lang, a language tag"
expect_in "$ERR" "$(want_line on-title '<title') error: <title> takes no xml:lang: say a record's language on <record>, and that of an answer, a \"please specify\" text or an attachment in another language on its own element [schema]" \
	"xml:lang on the title (the record's says it): refused, saying where it goes"
expect_in "$ERR" "7 records checked: 7 errors" "one error each"
expect_rc 1 "build refuses them" bash -c 'cd "$1" && "$2" build -o out' _ "$B" "$GPDIGEST"
check "and writes no edition" test ! -e "$B/out/compendium.pdf"

gpd_finish
