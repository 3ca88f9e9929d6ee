#!/bin/bash
# markdown.sh: `gpdigest build --format md` end to end: order, cmark fixed point, links that
# resolve under pandoc -f gfm, reproducible bytes, the date, and hostile record text.
GPDIGEST=${GPDIGEST:-build/gpdigest}
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
cd "$GPD_SOURCE_DIR" || exit 2
tmp=$GPD_TMP

build() { # OUTDIR [ENV...] : a fresh Markdown build of the shipped records
	local out=$1; shift
	env "$@" "$GPDIGEST" build --format md --quiet --records records --templates templates \
		--out "$out" 2>"$out.err"
}

# Line number of the first line matching a fixed string, or 999999.
line_of() { local n; n=$(grep -nF -m1 -- "$2" "$1" | cut -d: -f1); echo "${n:-999999}"; }

build "$tmp/a" || fail "build exited $? ($(cat "$tmp/a.err"))"
md=$tmp/a/compendium.md
[ -s "$md" ] || { fail "no compendium.md"; exit 1; }

# Part 1: 1.4 first, 2.4 before 2.11, 5.2 after 2.x, seed 003 under "Criterion not stated".
c14=$(line_of "$md" '### <a id="criterion-1-4"></a>')
c24=$(line_of "$md" '### <a id="criterion-2-4"></a>')
c211=$(line_of "$md" '### <a id="criterion-2-11"></a>')
c52=$(line_of "$md" '### <a id="criterion-5-2"></a>')
first=$(line_of "$md" '### <a id="criterion-')
r24=$(line_of "$md" '<a id="tower-hamlets-health-information"></a>')
r211=$(line_of "$md" '<a id="thurrock-sexual-health-worker"></a>')
unstated=$(line_of "$md" '## <a id="criterion-not-stated"></a>Criterion not stated')
seed3=$(line_of "$md" '### <a id="birmingham-peer-education"></a>')
part2=$(line_of "$md" '# <a id="part-2"></a>')
[ "$first" = "$c14" ] || fail "the first criterion section is not 1.4"
[ "$c14" -lt "$c24" ] && [ "$c24" -lt "$c211" ] && [ "$c211" -lt "$c52" ] ||
	fail "criteria out of order: 1.4@$c14 2.4@$c24 2.11@$c211 5.2@$c52"
[ "$r24" -lt "$r211" ] || fail "2.4's record is not before 2.11's"
[ "$c52" -lt "$unstated" ] && [ "$unstated" -lt "$seed3" ] && [ "$seed3" -lt "$part2" ] ||
	fail "seed 003 is not under \"Criterion not stated\" at the end of Part 1"
# Part 2: seed 002 under "Make a positive contribution".
awk '/^## <a id="outcome-make-a-positive-contribution">/{on=1; next} /^#/{on=0} on' "$md" |
	grep -qF '](#tower-hamlets-user-involvement)' ||
	fail "seed 002 is not listed under Make a positive contribution"

# A fixed point of cmark (the CLI uses CMARK_OPT_DEFAULT, as the renderer does).
if have cmark; then
	for f in $(find "$tmp/a" -name '*.md' | sort); do
		cmark -t commonmark --width 0 "$f" | cmp -s - "$f" || fail "$f is not a fixed point of cmark"
	done
else
	echo "cmark not installed: fixed point checked by unit.test_render_md only" >&2
fi

# Every internal link resolves in pandoc's GitHub-flavoured HTML.
check_links() { # FILE.md
	local f=$1 html=$tmp/links.html frag n=0
	pandoc -f gfm -t html -o "$html" "$f" || { fail "pandoc failed on $f"; return; }
	for frag in $( (grep -oE '\]\(#[^)]+\)' "$f" | sed 's/^](#//; s/)$//'
		grep -oE 'href="#[^"]+"' "$f" | sed 's/^href="#//; s/"$//') | sort -u); do
		n=$((n + 1))
		grep -qF " id=\"$frag\"" "$html" || fail "$f: link #$frag has no target"
	done
	[ "$n" -gt 0 ] || fail "$f: no internal links at all"
}
if have pandoc; then
	for f in $(find "$tmp/a" -name '*.md' | sort); do check_links "$f"; done
else
	echo "pandoc not installed: links checked by unit.test_render_md when it is" >&2
fi

# Same inputs, same bytes.
build "$tmp/b" || fail "second build exited $?"
diff -r -x .gpdigest-manifest -x .gpdigest-cache "$tmp/a" "$tmp/b" >/dev/null || fail "two builds differ"

# Another SOURCE_DATE_EPOCH changes only the lines that carry the date.
build "$tmp/d1" SOURCE_DATE_EPOCH=1700000000 || fail "build with SOURCE_DATE_EPOCH exited $?"
build "$tmp/d2" SOURCE_DATE_EPOCH=1800000000 || fail "build with SOURCE_DATE_EPOCH exited $?"
cmp -s "$tmp/d1/compendium.md" "$tmp/d2/compendium.md" && fail "the date did not change the output"
[ "$(wc -l <"$tmp/d1/compendium.md")" = "$(wc -l <"$tmp/d2/compendium.md")" ] || fail "the date changed the line count"
paste -d '\n' "$tmp/d1/compendium.md" "$tmp/d2/compendium.md" | awk '
	NR % 2 { a = $0; next }
	a != $0 && (index(a, "14 November 2023") == 0 || index($0, "15 January 2027") == 0) { bad = 1; print "  " a " | " $0 }
	END { exit bad }' >&2 || fail "lines without the date differ between two dates"

# Hostile text in a record (XML cannot carry control characters: the unit test covers those).
mkdir -p "$tmp/hostile"
word=$(head -c 10000 /dev/zero | tr '\0' w)
cat >"$tmp/hostile/hostile-record.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<record xmlns="urn:x-gpdigest:record" version="1" id="hostile-record">
  <title>*Draft* #1 &lt;b&gt; [x](javascript:alert(1)) &lt;script&gt;alert(1)&lt;/script&gt;</title>
  <authority>&lt;b&gt;Evil&lt;/b&gt; # Borough</authority>
  <received>2026-02-02</received>
  <criteria><criterion>2.4</criterion></criteria>
  <outcomes><tick option="stay-safe"/></outcomes>
  <agency>[agency](javascript:alert(2)) &lt;img src=x onerror=alert(3)&gt;</agency>
  <purpose>&lt;script&gt;alert(4)&lt;/script&gt;

[click](javascript:alert(5)) &lt;b&gt;bold&lt;/b&gt; ![i](javascript:alert(6)) $word</purpose>
  <description># Heading
&lt;div onclick="x"&gt;block&lt;/div&gt;</description>
  <regions><tick option="london"/></regions>
  <contact><email>x@example.org"&gt;&lt;script&gt;alert(7)&lt;/script&gt;</email></contact>
</record>
EOF
if "$GPDIGEST" build --format md --quiet --records "$tmp/hostile" --templates templates \
	--out "$tmp/h" 2>"$tmp/h.err"; then
	h=$tmp/h/compendium.md
	if have cmark; then
		cmark -t commonmark --width 0 "$h" | cmp -s - "$h" || fail "hostile output is not a fixed point"
		cmark --unsafe "$h" >"$tmp/h.html"
		grep -qi '<script' "$tmp/h.html" && fail "hostile: <script> reached the HTML"
		grep -qiE 'href="javascript' "$tmp/h.html" && fail "hostile: a javascript: link reached the HTML"
		grep -qiE '<(b|img|div)[ >]' "$tmp/h.html" && fail "hostile: user HTML reached the HTML"
		grep -qF '*Draft* #1 &lt;b&gt; [x](javascript:alert(1))' "$tmp/h.html" ||
			fail "hostile: the title is not shown literally"
		grep -qF "$word" "$tmp/h.html" || fail "hostile: the 10,000-character word is lost"
	fi
	have pandoc && check_links "$h"
else
	fail "build of the hostile record exited $? ($(cat "$tmp/h.err"))"
fi

gpd_finish
