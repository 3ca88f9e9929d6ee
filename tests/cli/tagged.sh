#!/bin/bash
# tagged.sh: the accessible PDF (issue 17), end to end:
#  1. tests/pdf/check_ua.py finds what it must (its self-test: a good file,
#     and one file per condition that breaks it)
#  2. every PDF of the shipped records and of a generated 300-record corpus:
#     0 failed Matterhorn conditions; pdfinfo says Tagged: yes; the structure
#     (pdfinfo -struct) has the document's parts, sections and headings
#  3. the text of pdfinfo -struct-text comes in the Markdown edition's order
#     (tests/pdf/reading_order.py), and a Markdown put out of order fails it
#  4. every record id and section anchor is a named destination on the page
#     its heading is on; the catalog's /Lang is style.xml's
#  5. a rebuild after one record changed writes what a build from nothing
#     writes (unchanged pages' streams are copied only when their bytes, MCIDs
#     included, are the same)
# Needs python3, qpdf and poppler-utils.
GPDIGEST=${GPDIGEST:-build/gpdigest}
GPD_SOURCE_DIR=${GPD_SOURCE_DIR:-$(pwd)}
. "$GPD_SOURCE_DIR/tests/lib.sh"
cd "$GPD_SOURCE_DIR" || exit 2
unset SOURCE_DATE_EPOCH

need python3 qpdf pdfinfo pdftotext

CHECK=tests/pdf/check_ua.py

# ---- 1. the checker fails what it must -----------------------------------
mkdir -p "$GPD_TMP/self"
count_check
if python3 tests/pdf/check_ua_selftest.py "$CHECK" "$GPD_TMP/self" >"$GPD_TMP/self.out" 2>&1; then
	echo "ok: check_ua.py reports each broken condition ($(grep -c '^ok' "$GPD_TMP/self.out") cases)"
else
	fail "check_ua.py self-test"
	sed 's/^/  | /' "$GPD_TMP/self.out" | grep -v '^  | ok' | head -20
fi

# build OUT RECORDS TEMPLATES: every edition into OUT (stderr in OUT.err)
build() {
	timeout -k 5 600 "$GPDIGEST" build --quiet --records "$2" --templates "$3" \
		--out "$1" >"$1.out" 2>"$1.err"
	RC=$?
	count_check
	[ "$RC" -eq 0 ] || { fail "build into $1: exit $RC"; sed 's/^/  | /' "$1.err" | head; }
}

# conditions WHAT DIR: check_ua.py over every PDF under DIR
conditions() {
	local n
	n=$(find "$2" -name '*.pdf' | wc -l)
	count_check
	if [ "$n" -eq 0 ]; then
		fail "$1: no PDFs"
	elif find "$2" -name '*.pdf' -print0 | sort -z | xargs -0 python3 "$CHECK" >"$GPD_TMP/ua.out" 2>&1; then
		echo "ok: $1: $n PDFs, 0 failed conditions"
	else
		fail "$1: failed conditions"
		grep -v '^check_ua:' "$GPD_TMP/ua.out" | sed 's/^/  | /' | head -20
	fi
}

# tagged WHAT DIR: pdfinfo says Tagged: yes of every PDF under DIR
tagged() {
	local f bad=0
	while IFS= read -r f; do
		pdfinfo "$f" 2>/dev/null | grep -q '^Tagged: *yes$' || { bad=$((bad + 1)); echo "  | not tagged: $f"; }
	done < <(find "$2" -name '*.pdf' | sort)
	count_check
	[ "$bad" -eq 0 ] && echo "ok: $1: every PDF Tagged: yes" || fail "$1: $bad PDFs not tagged"
}

# ---- 2. the shipped records and a generated corpus -------------------------
S=$GPD_TMP/shipped
build "$S" records templates
conditions "shipped" "$S"
tagged "shipped" "$S"

pdfinfo -struct "$S/compendium.pdf" >"$GPD_TMP/struct" 2>&1
for want in '^Document$' '^  Div$' '^  Sect$' '^  Part$' '^    Sect$' '^      Sect$' \
	'^        Sect$' 'H1 ' 'H2 ' 'H3 ' 'H4 ' 'H5 ' 'TOC$' 'TOCI$' 'Table( |$)' 'TH(:| |$)' 'TD(:| |$)' '/Scope /Column' '/Scope /Row' \
	'^ *L ' '^ *LI ' '^ *Lbl ' '^ *LBody ' '^ *Link ' 'Object [0-9]+ 0$'; do
	count_check
	grep -Eq "$want" "$GPD_TMP/struct" || fail "pdfinfo -struct of the compendium has no line like '$want'"
done
# the headings' levels are the structure's: each section's own heading is
# H<its depth in parts and sections> (a record's H4 under its criterion's H3)
count_check
python3 - "$GPD_TMP/struct" <<'EOF' || fail "the compendium's headings do not nest as its sections"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
stack, checked = [], 0
for n, line in enumerate(lines):
    ind = len(line) - len(line.lstrip())
    name = line.strip().split(" ")[0]
    while stack and stack[-1] >= ind:
        stack.pop()
    if name in ("Part", "Sect"):
        stack.append(ind)
        nxt = lines[n + 1] if n + 1 < len(lines) else ""
        m = re.match(r" *H([1-6]) ", nxt)
        if m and len(nxt) - len(nxt.lstrip()) == ind + 2:
            checked += 1
            if int(m.group(1)) != len(stack):
                print("a section at depth %d opens with H%s (line %d)" % (len(stack), m.group(1), n + 2))
                sys.exit(1)
if checked < 10:
    print("only %d sections checked" % checked)
    sys.exit(1)
EOF

G=$GPD_TMP/g300
python3 tests/bench/gen.py --records 300 --seed 17 --out "$G" >/dev/null || fail "gen.py"
build "$G/out" "$G/records" "$G/templates"
conditions "300 generated records" "$G/out"
tagged "300 generated records" "$G/out"

# ---- 3. reading order --------------------------------------------------------
order() { # PDF MD WHAT
	count_check
	if python3 tests/pdf/reading_order.py "$1" "$2" >"$GPD_TMP/order.out" 2>&1; then
		echo "ok: $3: $(tail -n 1 "$GPD_TMP/order.out" | sed 's/^ok: [^:]*: //')"
	else
		fail "$3: reading order"
		sed 's/^/  | /' "$GPD_TMP/order.out" | head
	fi
}
order "$S/compendium.pdf" "$S/compendium.md" "shipped compendium"
for f in "$S"/digests/*.pdf "$S"/handouts/*.pdf; do
	order "$f" "${f%.pdf}.md" "shipped ${f#"$S"/}"
done
# poppler's -struct-text takes minutes for a 100-page file: the generated
# corpus's first handouts (each a whole document) stand for it
for f in $(find "$G/out/handouts" -name '*.pdf' | sort | head -n 6); do
	order "$f" "${f%.pdf}.md" "generated ${f#"$G"/out/}"
done
# the check fails when the Markdown's records come in another order
python3 - "$S/compendium.md" "$GPD_TMP/swapped.md" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"(?m)^(?=#### )", text)
recs = [i for i, p in enumerate(parts) if p.startswith("#### ")]
a, b = recs[0], recs[-1]
parts[a], parts[b] = parts[b], parts[a]
open(sys.argv[2], "w", encoding="utf-8").write("".join(parts))
EOF
count_check
if python3 tests/pdf/reading_order.py "$S/compendium.pdf" "$GPD_TMP/swapped.md" >/dev/null 2>&1; then
	fail "reading_order.py passes a Markdown whose first and last records are swapped"
else
	echo "ok: reading_order.py fails a Markdown with two records swapped"
fi

# ---- 4. named destinations and language ---------------------------------------
pdfinfo -dests "$G/out/compendium.pdf" >"$GPD_TMP/dests" 2>&1
count_check
python3 - "$G/out/compendium.pdf" "$GPD_TMP/dests" "$G/records" <<'EOF' || fail "named destinations"
import os, re, subprocess, sys
pdf, dests, recs = sys.argv[1:]
have = {}
for line in open(dests):
    m = re.match(r'\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$', line)
    if m:
        have[m.group(2)] = int(m.group(1))
ids = sorted(f[:-4] for f in os.listdir(recs) if f.endswith(".xml"))
missing = [i for i in ids if i not in have]
if missing:
    print("records with no named destination: %s" % missing[:5])
    sys.exit(1)
# each record's destination page shows its title; spot-check every 25th
for rid in ids[::25]:
    title = re.search(r"<title>(.*?)</title>", open(os.path.join(recs, rid + ".xml"), encoding="utf-8").read()).group(1)
    page = have[rid]
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf, "-"],
                          capture_output=True, text=True).stdout
    words = re.findall(r"\w+", title)[:4]
    if not all(w in text for w in words):
        print("%s: its destination, page %d, does not show %r" % (rid, page, title))
        sys.exit(1)
for a in ("contents", "introduction", "part-1"):
    if a not in have:
        print("no named destination %s" % a)
        sys.exit(1)
print("ok: %d named destinations, every record id among them" % len(have))
EOF
count_check
qpdf --show-object=1 "$S/compendium.pdf" | grep -qi '/Lang (en-GB)\|/Lang <FEFF0065006E002D00470042>' ||
	fail "the catalog's /Lang is not en-GB: $(qpdf --show-object=1 "$S/compendium.pdf")"
L=$GPD_TMP/lang
cp -r templates "$L"
sed -i 's|</style>|  <document lang="cy"/>\n</style>|' "$L/style.xml"
build "$GPD_TMP/out-cy" records "$L"
count_check
qpdf --show-object=1 "$GPD_TMP/out-cy/compendium.pdf" | grep -qi '/Lang (cy)\|/Lang <FEFF00630079>' ||
	fail "style.xml's <document lang=\"cy\"/> is not the catalog's /Lang"

# ---- 5. incremental rebuilds ---------------------------------------------------
I=$GPD_TMP/inc
mkdir -p "$I"
cp -r records templates "$I"/
(cd "$I" && "$GPDIGEST" build --quiet >/dev/null 2>&1)
victim=$(ls "$I/records" | sed -n 2p)
sed -i '0,/<title>/s|<title>\(.*\)</title>|<title>\1 (revised)</title>|' "$I/records/$victim"
(cd "$I" && "$GPDIGEST" build >"$GPD_TMP/inc.out" 2>&1)
cp -r "$I" "$GPD_TMP/fresh"
rm -rf "$GPD_TMP/fresh/out"
(cd "$GPD_TMP/fresh" && "$GPDIGEST" build --quiet >/dev/null 2>&1)
count_check
if cmp -s "$I/out/compendium.pdf" "$GPD_TMP/fresh/out/compendium.pdf"; then
	echo "ok: a rebuild after one record changed writes what a build from nothing writes"
else
	fail "the rebuilt compendium differs from a fresh build"
fi
gpd_finish
