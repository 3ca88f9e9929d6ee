#!/bin/bash
# facts.sh: facts kept in one place (issue 16, item 3), end to end: the
# safe-link rule in both back ends, authority identity (handouts, index
# sections, --authority, list, the lint warning), file-name slugs, the
# fonts in the build hash, and a guard against second copies in src/.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace
need qpdf python3

# mkrec ID AUTHORITY [PURPOSE]: records/ID.xml, a copy of a shipped record
# with its id, authority and purpose replaced (sed replacement text: no '|').
mkrec() {
	local purpose=${3:-Purpose of $1.}
	purpose=${purpose//&/\\&}
	sed -e "s|id=\"thurrock-sexual-health-worker\"|id=\"$1\"|" \
	    -e "s|<authority>Thurrock</authority>|<authority>$2</authority>|" \
	    -e "s|<purpose>.*</purpose>|<purpose>$purpose</purpose>|" \
		"$GPD_SOURCE_DIR/records/thurrock-sexual-health-worker.xml" >"records/$1.xml"
}
# uncompressed PDF (qdf) to stdout
qdf() { qpdf --qdf --object-streams=disable "$1" - 2>/dev/null; }

echo "== the safe-link rule: one answer for the Markdown and the PDF"
mkrec link-test "Linkshire" \
	'[the policy](&lt;https://example.com/a b&gt;) and [the site](https://example.com/ok) and [js](javascript:alert(1))'
expect_rc 0 "a selection with a spaced link builds" B sel --authority Linkshire
check "Markdown: the good link is a link" grep -qF '[the site](https://example.com/ok)' sel/compendium.md
check "Markdown: the spaced link is plain text" \
	bash -c '! grep -qF "](<https://example.com/a b>)" sel/compendium.md && grep -qF "the policy" sel/compendium.md'
qdf sel/compendium.pdf >"$WORK/sel.qdf"
check "PDF: the good link is a link" grep -qaF '/URI (https://example.com/ok)' "$WORK/sel.qdf"
check "PDF: the spaced link is not a link" bash -c "! grep -qaF 'example.com/a b' '$WORK/sel.qdf'"
check "PDF: the javascript: link is not a link" bash -c "! grep -qaiF '/URI (javascript' '$WORK/sel.qdf'"
rm -rf sel records/link-test.xml

echo "== authority identity: one key for the plan, the index, --authority and list"
mkrec thurrock-upper "THURROCK"
mkrec th-hyphen "Tower-Hamlets"
mkrec th-lower "tower hamlets"
mkrec sth-a "St Helens"
mkrec sth-b "St. Helens"
expect_rc 0 "the build succeeds (warnings only)" B spell
check "one warning per respelled record, naming both spellings" test "$(grep -c '\[authority-spelling\]' "$WORK/last")" -eq 4
# one record each: the first by id prints (Thurrock: thurrock-sexual-... before
# thurrock-upper; St Helens: sth-a before sth-b)
check "THURROCK: named, with the printed spelling" has 'thurrock-upper.xml:6:3: warning: "THURROCK" is the authority "Thurrock" spelled another way; the publications print "Thurrock" [authority-spelling]'
check "Tower-Hamlets: named" has '"Tower-Hamlets" is the authority "Tower Hamlets" spelled another way'
check "tower hamlets: named" has '"tower hamlets" is the authority "Tower Hamlets" spelled another way'
check "St. Helens: named" has '"St. Helens" is the authority "St Helens" spelled another way'
check "one handout for Thurrock" test "$(ls spell/handouts | grep -c '^thurrock.*\.md$')" -eq 1
check "one handout for Tower Hamlets" test "$(ls spell/handouts | grep -ci '^tower.*\.md$')" -eq 1
check "one handout for St Helens" test "$(ls spell/handouts | grep -c '^st-helens.*\.md$')" -eq 1
check "the Tower Hamlets handout holds all five" test \
	"$(grep -o 'id="\(th-[a-z]*\|tower-hamlets-[a-z-]*\)"' spell/handouts/tower-hamlets.md | sort -u | wc -l)" -eq 5
check "one index section per authority in the compendium" \
	test "$(grep -Ec '^#+ <a id="authority-' spell/compendium.md)" -eq 4
check "the index prints the chosen spellings" \
	bash -c "grep -E '^#+ <a id=\"authority-' spell/compendium.md | sed 's/.*a>//' | tr '\n' '|' | grep -qx 'Birmingham|St Helens|Thurrock|Tower Hamlets|'"
expect_rc 0 "--authority takes any spelling of the key" B sel --authority "TOWER-hamlets."
check "  ... and selects all five Tower Hamlets records" \
	test "$(grep -o 'id="\(th-[a-z]*\|tower-hamlets-[a-z-]*\)"' sel/compendium.md | sort -u | wc -l)" -eq 5
rm -rf sel
gpd list --records records --templates templates --tsv >"$WORK/list" 2>/dev/null
check "list prints the chosen spelling, and counts the warning" \
	grep -qxE "th-hyphen	[^	]*	Tower Hamlets	se-england	2.11		2" "$WORK/list"
rm -rf spell records/thurrock-upper.xml records/th-*.xml records/sth-*.xml

echo "== file-name slugs: other scripts, names Windows reserves"
mkrec moscow "Москва"
mkrec athens "Αθήνα"
mkrec tokyo-one "東京"
mkrec osaka-one "大阪"
mkrec con-record "CON"
mkrec hanoi-nfc "$(printf 'H\xc3\xa0 N\xe1\xbb\x99i')"                 # Hà Nội, precomposed
mkrec hanoi-nfd "$(printf 'Ha\xcc\x80 No\xcc\xa3\xcc\x82i')"            # and as letters and accents
mkrec hanoi-ascii "Ha Noi"
mkrec timis-comma "$(printf 'Timi\xc8\x99oara')"                      # Timișoara
mkrec timis-cedilla "$(printf 'Timi\xc5\x9foara')"                    # Timişoara
expect_rc 0 "the build succeeds" B slugs
check "Cyrillic is transliterated" test -f slugs/handouts/moskva.pdf
check "Greek is transliterated" test -f slugs/handouts/athina.pdf
check "no table: the record's id names the handout" test -f slugs/handouts/tokyo-one.pdf -a -f slugs/handouts/osaka-one.md
check "no handout called x" bash -c "! ls slugs/handouts | grep -q '^x'"
check "CON is not con.pdf" test -f slugs/handouts/con-la.pdf -a ! -e slugs/handouts/con.pdf
check "Vietnamese, precomposed or not, and plain: one handout, ha-noi" \
	test "$(ls slugs/handouts | grep -c '^ha-.*\.pdf$')" -eq 1 -a -f slugs/handouts/ha-noi.pdf
check "Romanian comma below, cedilla and plain: one handout, timisoara" \
	test "$(ls slugs/handouts | grep -c '^timi.*\.pdf$')" -eq 1 -a -f slugs/handouts/timisoara.pdf
rm -rf slugs records/moscow.xml records/athens.xml records/tokyo-one.xml records/osaka-one.xml records/con-record.xml
rm -f records/hanoi-*.xml records/timis-*.xml

echo "== fonts: every font slot of the style is in the build's hash"
# The style names system DejaVu fonts; a changed font file there (a fonts
# package upgrade) must make 'build' rebuild, not answer "nothing to do"
# and leave PDFs that --check then calls stale. The system folder is
# replaced in a private mount namespace (root only; skipped otherwise).
FD=/usr/share/fonts/truetype/dejavu
if [ -d "$FD" ] && unshare -m --propagation private true 2>/dev/null; then
	B fonts-out --quiet >/dev/null 2>&1
	for slot in DejaVuSansMono.ttf DejaVuSans.ttf; do # the mono and fallback slots
		rm -rf "$WORK/fd" && mkdir "$WORK/fd" && cp "$FD"/* "$WORK/fd/" &&
			cp "$FD/DejaVuSansMono-Bold.ttf" "$WORK/fd/$slot"
		expect_rc 0 "$slot changed: build rebuilds, then --check finds out/ current" \
			unshare -m --propagation private bash -c "mount --bind '$WORK/fd' '$FD' &&
			'$GPDIGEST' build --records records --templates templates --out fonts-out >/dev/null 2>&1 &&
			exec '$GPDIGEST' build --check --records records --templates templates --out fonts-out"
	done
	rm -rf "$WORK/fd" fonts-out
else
	echo "SKIP: fonts: needs root and unshare -m"
fi

echo "== one home per fact in src/ (a second copy is what issue 16 removes)"
S=$GPD_SOURCE_DIR
# only_in PATTERN FILE...: the fixed string occurs in src/ and include/ only in FILEs
only_in() {
	local pat=$1; shift
	local got want
	got=$(grep -rlF -- "$pat" "$S/src" "$S/include" | sed "s|^$S/||" | sort)
	want=$(printf '%s\n' "$@" | sort)
	[ "$got" = "$want" ] || { echo "     | '$pat' in: $(echo $got)"; return 1; }
}
check "criterion text \"%u.%u\" is written in record.c only" only_in '%u.%u' src/core/record.c
check "the link schemes are listed in link.c only" only_in '"https://' src/core/link.c
# The Latin fold table is tests/scripts/fold_latin.py's output, never edited by
# hand. The line naming the Unicode version is left out: another Python's
# unicodedata writes the same table (published decompositions never change).
check "src/core/fold_latin.h is what tests/scripts/fold_latin.py writes" bash -c \
	"diff <(python3 '$S/tests/scripts/fold_latin.py' | grep -v 'Unicode [0-9]') \
		<(grep -v 'Unicode [0-9]' '$S/src/core/fold_latin.h')"

# The language codes are tests/scripts/lang_codes.py's output from Debian's
# iso-codes (.ci/setup installs it), never edited by hand.
if [ -d /usr/share/iso-codes/json ]; then
	check "src/core/lang_codes.h is what tests/scripts/lang_codes.py writes" bash -c \
		"diff <(python3 '$S/tests/scripts/lang_codes.py') '$S/src/core/lang_codes.h'"
elif [ -n "${CI:-}" ]; then
	fail "iso-codes is not installed (.ci/setup installs it)"
fi

echo "== limits: one header, and README's table says what it says"
L=$S/include/gpdigest/limits.h
# lim NAME: the plain number limits.h gives NAME
lim() { sed -n "s/^#define $1 \([0-9][0-9]*\)\$/\1/p" "$L"; }
# commas: 100000 -> 100,000
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
readme_has() { grep -qF -- "$1" "$S/README.md" || { echo "     | README lacks: $1"; return 1; }; }
check "limits.h names each limit" test -n "$(lim GPD_MAX_FILE_MIB)" -a -n "$(lim GPD_MAX_RECORDS)" \
	-a -n "$(lim GPD_MAX_TEXT_CHARS)" -a -n "$(lim GPD_MAX_LINE_CHARS)" -a -n "$(lim GPD_MD_MAX_DEPTH)" \
	-a -n "$(lim GPD_DEFAULT_MAX_PAGES)" -a -n "$(lim GPD_MAX_XML_ERRORS)"
check "README: file size" readme_has "| file size | $(lim GPD_MAX_FILE_MIB) MiB a file"
check "README: too-large" readme_has "over the size limit ($(lim GPD_MAX_FILE_MIB) MiB)"
check "README: text fields" readme_has "($(commas "$(lim GPD_MAX_TEXT_CHARS)") characters); one-line fields $(lim GPD_MAX_LINE_CHARS) |"
check "README: nesting" readme_has "| $(lim GPD_MD_MAX_DEPTH) levels of quotes and lists, and $(lim GPD_MD_MAX_DEPTH) of emphasis"
check "README: deep-nesting" readme_has "more than $(lim GPD_MD_MAX_DEPTH) levels deep; deeper levels are printed flat |"
check "README: brackets" readme_has "| image openers \`![\` times the links it may hold (the fewer of its \`[\` and \`]\`) at most $(commas "$(lim GPD_MD_MAX_BRACKET_WORK)") (\`GPD_MD_MAX_BRACKET_WORK\`)"
check "README: conditional lines" readme_has "| \`{{if ...}}\` nested $(lim GPD_MAX_IF_DEPTH) deep (\`GPD_MAX_IF_DEPTH\`)"
check "README: pieces" readme_has "| pieces one text parses into | $(commas "$(lim GPD_MD_MAX_PIECES)") (\`GPD_MD_MAX_PIECES\`)"
check "README: records" readme_has "| records in one run | $(commas "$(lim GPD_MAX_RECORDS)") |"
check "README: too-many-records" readme_has "more records than the limit ($(commas "$(lim GPD_MAX_RECORDS)"))"
check "README: pages" readme_has "(default $(commas "$(lim GPD_DEFAULT_MAX_PAGES)"))"
check "README: diagnostics" readme_has "| $(lim GPD_MAX_XML_ERRORS) XML, $(lim GPD_MAX_SCHEMA_ERRORS) schema and $(lim GPD_MAX_TEMPLATE_ERRORS) template errors per file |"
check "README: missing-glyph" readme_has "| characters a \`missing-glyph\` warning names | $(lim GPD_MAX_MISSING_GLYPHS_NAMED) of one field of a record |"
check "README: Word documents" readme_has "| $(lim GPD_MAX_DOCX_ENTRIES) entries in the archive; each part read at most $(lim GPD_MAX_DOCX_PART_MIB) MiB unpacked and packed at most $(lim GPD_MAX_DOCX_RATIO) to one, with at most $(commas "$(lim GPD_MAX_DOCX_PART_TAGS)") tags;"
check "README: lines of a form" readme_has "| lines of a form given to \`import\` | $(commas "$(lim GPD_MAX_IMPORT_LINES)") (a Word"
check "no size limit is written as a shift outside limits.h" only_in '<< 20' include/gpdigest/limits.h
check "the schemas take their lengths from limits.h" \
	bash -c "! grep -nE 'maxLength value=..(400|1048576)' '$S/src/ingest/schema.c' '$S/src/edition/publication.c'"
gpd_finish
