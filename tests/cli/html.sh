#!/bin/bash
# html.sh: the HTML editions end to end (issue 18): --format html alone and
# in lists; raw HTML in a record printed as text and javascript: links not
# live; a record's page and anchors kept when records are added; the same
# bytes twice and the date from SOURCE_DATE_EPOCH; lang from style.xml;
# the page template's errors; one h1 and no skipped heading on any page; a
# removed record's page (and a removed edition's folder) swept; the
# Markdown unchanged by the HTML. The browser checks are tests/browser/.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace
need python3

# pages DIR: every HTML page under DIR, relative, sorted.
pages() { (cd "$1" && find . -name '*.html' | LC_ALL=C sort); }

# headings_ok DIR: one h1 per page, first; no heading more than one below
# the last (python3: the standard library's HTML parser).
headings_ok() {
	python3 - "$1" <<'EOF'
import html.parser, pathlib, sys
bad = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.html")):
    class H(html.parser.HTMLParser):
        levels = []
        def handle_starttag(self, tag, attrs):
            if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                self.levels.append(int(tag[1]))
    h = H()
    h.feed(p.read_text(encoding="utf-8"))
    lv = h.levels
    skips = [(a, b) for a, b in zip(lv, lv[1:]) if b > a + 1]
    if lv.count(1) != 1 or not lv or lv[0] != 1 or skips:
        print(f"     {p}: headings {lv}")
        bad += 1
sys.exit(1 if bad else 0)
EOF
}

echo "== --format"
expect_rc 0 "build --format html" B out --format html
check "no .md or .pdf written" test -z "$(find out -name '*.md' -o -name '*.pdf')"
check "every edition's folder of pages" eval 'test -f out/compendium/index.html &&
	test -f out/digests/london/index.html && test -f out/handouts/thurrock/style.css'
check "the summary counts 7 editions" has "7 editions built"
expect_rc 0 "build --format pdf,html,md (any order)" B out2 --format pdf,html,md
expect_rc 0 "and the default build is the same set" B out3
check "the same files as the default" diff <(cd out2 && find . -type f | sort) <(cd out3 && find . -type f | sort)
expect_rc 2 "--format html,html" B out4 --format html,html
check "says it is given twice" has "format 'html' given twice in --format html,html"
expect_rc 2 "--format htm" B out4 --format htm
check "names the word" has "unknown format 'htm' in --format htm"
expect_rc 2 "--format 'md,'" B out4 --format md,
check "no folder made by a usage error" test ! -e out4
check "the Markdown does not depend on the HTML" eval \
	'B out5 --format md --quiet 2>/dev/null && cmp out5/compendium.md out3/compendium.md'
check "one h1 per page, no heading level skipped" headings_ok out3

echo "== hostile record text"
cp records/tower-hamlets-contact-policy.xml records/hostile-html.xml
python3 - records/hostile-html.xml <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace('id="tower-hamlets-contact-policy"', 'id="hostile-html"')
s = re.sub(r"<title>[^<]*</title>", "<title>Hostile &lt;b&gt;title&lt;/b&gt;</title>", s)
body = ("&lt;script&gt;alert(1)&lt;/script&gt;\n\n"
        "A [js link](javascript:alert(2)), a [data link](data:text/html,x), "
        "&lt;javascript:alert(3)&gt;, an [ok link](https://example.org/ok) and "
        "&lt;img src=x onerror=alert(4)&gt;.\n\n"
        "# A heading\n\n#### skipping two levels\n")
s = re.sub(r"<description>.*?</description>", "<description>" + body + "</description>", s, flags=re.S)
open(p, "w", encoding="utf-8").write(s)
EOF
expect_rc 0 "build with a hostile record" B hostile --format html --quiet
page=hostile/compendium/hostile-html.html
check "its page is named by its id" test -f "$page"
check "no script element on any page" test -z "$(grep -rli '<script' hostile)"
check "no javascript: or data: link is live" test -z "$(grep -rliE 'href="(javascript|data):' hostile)"
check "no raw img element" test -z "$(grep -rli '<img' hostile)"
check "raw HTML prints as text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$page"
check "the javascript: link's text is kept" grep -qF 'A js link, a data link' "$page"
check "an https link is live" grep -qF '<a href="https://example.org/ok">ok link</a>' "$page"
check "the title is text in <title> and <h1>" eval "grep -qF '<title>Hostile &lt;b&gt;title&lt;/b&gt;' '$page' &&
	grep -qF '<h1 id=\"hostile-html\">Hostile &lt;b&gt;title&lt;/b&gt;</h1>' '$page'"
check "record headings from h2, no level skipped" grep -qzF $'<h2>A heading</h2>\n<h3>skipping two levels</h3>' "$page"
check "and so on every page" headings_ok hostile
rm records/hostile-html.xml

echo "== permanent addresses"
expect_rc 0 "build" B perm1 --format html --quiet
for id in $(cd records && ls *.xml | sed 's/\.xml$//'); do
	grep -o 'id="[^"]*"' "perm1/compendium/$id.html" | sort >"$WORK/ids-$id"
done
# two records that sort first in their criteria and authorities
for n in 1 2; do
	sed -e "s/id=\"tower-hamlets-contact-policy\"/id=\"aaa-added-$n\"/" \
		-e "s|<title>[^<]*</title>|<title>AAA added $n</title>|" \
		-e "s|<authority>[^<]*</authority>|<authority>Aardvark $n</authority>|" \
		records/tower-hamlets-contact-policy.xml >"records/aaa-added-$n.xml"
done
expect_rc 0 "build after adding two records" B perm1 --format html --quiet
check "the new records have pages of their own" test -f perm1/compendium/aaa-added-1.html
ok=1
for id in $(cd records && ls *.xml | grep -v aaa-added | sed 's/\.xml$//'); do
	[ -f "perm1/compendium/$id.html" ] || { ok=0; echo "     $id.html is gone"; continue; }
	diff -q "$WORK/ids-$id" <(grep -o 'id="[^"]*"' "perm1/compendium/$id.html" | sort) >/dev/null ||
		{ ok=0; echo "     $id.html: its anchors changed"; }
done
check "every earlier record keeps its page and its anchors" test $ok = 1
rm records/aaa-added-*.xml

echo "== the same bytes; the date"
expect_rc 0 "build a" B same-a --format html --quiet
expect_rc 0 "build b, --jobs 1" B same-b --format html --quiet --jobs 1
check "the same bytes twice" same_tree same-a same-b
expect_rc 0 "build with SOURCE_DATE_EPOCH=1000000000" env SOURCE_DATE_EPOCH=1000000000 \
	"$GPDIGEST" build --records records --templates templates --out sde --format html --quiet
check "pages dated from SOURCE_DATE_EPOCH (9 September 2001)" grep -qF 'Edition of 9 September 2001' sde/compendium/index.html
check "not from the records or the clock" test -z "$(grep -rl 'Edition of 2026' sde)"

echo "== language and page template"
sed -i 's|<document lang="en-GB"/>|<document lang="cy"/>|' templates/style.xml
expect_rc 0 "build with language cy" B lang --format html --quiet
check "<html lang=\"cy\"> on every page" test -z "$(grep -rL '<html lang="cy">' lang --include='*.html')"
sed -i 's|<document lang="cy"/>|<document lang="en GB"/>|' templates/style.xml
expect_rc 1 "a language with a space" B lang2 --format html
check "names style.xml and the setting" has "templates/style.xml:"
check "says what a language is" has "lang: a BCP 47 tag"
sed -i 's|<document lang="en GB"/>|<document lang="en-GB"/>|' templates/style.xml
cp templates/page.html page.orig
sed -i 's|<title>{{title}}</title>|<title>{{title}} {{colour}}</title>|' templates/page.html
expect_rc 1 "a page template with an unknown placeholder" B tpl --format html
check "names the file, line and column" grep -qE '^templates/page\.html:[0-9]+:[0-9]+: error: unknown placeholder \{\{colour\}\}' "$LAST"
check "nothing written" test ! -e tpl
expect_rc 0 "the page template is read only for HTML" B tpl-md --format md --quiet
sed 's|{{content}}||' page.orig >templates/page.html
expect_rc 1 "a page template without {{content}}" B tpl --format html
check "says the pages would be empty" has "has no {{content}}"
rm templates/page.html && ln -s "$WORK/page.orig" templates/page.html
expect_rc 2 "a page template that is a symbolic link" B tpl --format html
check "is refused, not read" has "[not-regular-file]"
rm templates/page.html && cp page.orig templates/page.html
rm templates/style.css
expect_rc 2 "no stylesheet" B tpl --format html
check "names it" has "templates/style.css"
cp "$GPD_SOURCE_DIR/templates/style.css" templates/style.css

echo "== removed records and editions"
expect_rc 0 "build" B rm --quiet
rm records/thurrock-sexual-health-worker.xml
expect_rc 0 "build without Thurrock's record" B rm --quiet
check "its page is gone from the compendium" test ! -e rm/compendium/thurrock-sexual-health-worker.html
check "so is its authority's index page" test ! -e rm/compendium/authority-thurrock.html
check "and its handout's folder" test ! -e rm/handouts/thurrock
check "and --check agrees" B rm --check --quiet
echo note >rm/compendium/notes.txt
rm records/tower-hamlets-user-involvement.xml
expect_rc 0 "build with someone's file in an edition's folder" B rm --quiet
check "it is never removed" test -f rm/compendium/notes.txt
gpd_finish
