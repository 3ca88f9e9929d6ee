#!/bin/bash
# pdf.sh: the PDF edition (issue 4) end to end, through poppler, qpdf and
# tests/pdf/check_pdf.py:
#  1. the shipped records build (PDF and Markdown); qpdf finds no error; only
#     embedded subset fonts, each subset whole; title, publisher and A4 pages
#  2. Part 1 in criterion order, then "Criterion not stated"; every field of
#     seed 004 and the whole of its Contact Policy, in order
#  3. every contents line's page number is the page where its heading begins;
#     no page ends with a question of the form (its answer overleaf)
#  4. the stress record (tests/pdf/records): 5,000 words, a 300-character URL,
#     a 200-item list, Greek and Cyrillic, characters DejaVu lacks: builds, warns
#     missing-glyph, no word outside the page or past a margin, every word there
#  5. two builds are byte-identical (also with --jobs 1); SOURCE_DATE_EPOCH
#     changes the dates and nothing else
# Needs python3, qpdf and poppler-utils (pdfinfo, pdffonts, pdftotext).
GPDIGEST=${GPDIGEST:-build/gpdigest}
GPD_SOURCE_DIR=${GPD_SOURCE_DIR:-$(pwd)}
. "$GPD_SOURCE_DIR/tests/lib.sh"
cd "$GPD_SOURCE_DIR" || exit 2
unset SOURCE_DATE_EPOCH

need python3 qpdf pdfinfo pdffonts pdftotext

STRESS=tests/pdf/records/stress-unicode-overflow.xml
STYLE=templates/style.xml

# build OUT RECORDS [VAR=VALUE...] [-- OPTIONS...]: a full build (every
# edition, PDF and Markdown) into OUT; RC, stderr in OUT.err. Bounded, so
# a hang fails instead of stalling ctest.
build() {
	local out=$1 recs=$2 envs=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	[ "${1-}" = -- ] && shift
	env "${envs[@]}" timeout -k 5 300 "$GPDIGEST" build --records "$recs" \
		--templates templates --out "$out" "$@" >"$out.out" 2>"$out.err"
	RC=$?
}

# built OUT WHAT: the last build exited 0 (not a crash, not a sanitizer
# report, not a timeout) and wrote OUT/compendium.pdf and .md.
built() {
	count_check
	if [ "$RC" -eq 124 ] || [ "$RC" -ge 128 ]; then
		fail "$2: timed out or killed (status $RC)"
	elif [ "$RC" -ne 0 ]; then
		fail "$2: exit status $RC"
	fi
	[ "$RC" -eq 0 ] || sed 's/^/  | /' "$1.err" | head -20
	count_check
	[ -s "$1/compendium.pdf" ] && [ -s "$1/compendium.md" ] ||
		fail "$2: compendium.pdf or compendium.md missing"
	if grep -q ': error:' "$1.err"; then
		fail "$2: error diagnostics"
		grep ': error:' "$1.err" | sed 's/^/  | /' | head -10
	fi
}

# pdfcheck WHAT SUBCOMMAND ARGS...: one check_pdf.py check; its last line
# on success, its output on failure.
pdfcheck() {
	local what=$1
	shift
	count_check
	if python3 tests/pdf/check_pdf.py "$@" >"$GPD_TMP/check.out" 2>&1; then
		echo "ok: $what: $(tail -n 1 "$GPD_TMP/check.out")"
	else
		fail "$what"
		sed 's/^/  | /' "$GPD_TMP/check.out" | tail -n 30
	fi
}

# expect_qpdf PDF WHAT: qpdf --check exits 0 (no error, no warning).
expect_qpdf() {
	count_check
	qpdf --check "$1" >"$GPD_TMP/qpdf.out" 2>&1 || {
		fail "$2: qpdf --check exited $?"
		grep -iv '^checking\|^PDF Version\|^File is not' "$GPD_TMP/qpdf.out" | sed 's/^/  | /' | head -10
	}
}

# every_pdf DIR FN WHAT: FN PDF WHAT for every PDF under DIR.
every_pdf() {
	local f
	while IFS= read -r f; do
		"$2" "$f" "$3 ${f#"$1"/}"
	done < <(find "$1" -name '*.pdf' | sort)
}
qpdf_each() { expect_qpdf "$1" "$2"; }
bbox_each() { pdfcheck "$2: text inside the page and margins" bbox "$1" --style "$STYLE"; }
orphans_each() { pdfcheck "$2: no question alone at a page foot" orphans "$1" --xsd records/record.xsd; }
fonts_each() {
	pdfcheck "$2: embedded subset fonts" fonts "$1"
	pdfcheck "$2: subsets keep whole glyphs" glyphs "$1"
}

title_of() { sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$1" | head -n 1; }

# ---- 1. the shipped records ---------------------------------------------
S=$GPD_TMP/shipped
build "$S" records
built "$S" "build of the shipped records"
PDF=$S/compendium.pdf
[ -s "$PDF" ] || { echo "FAIL: no compendium.pdf; nothing more to check"; gpd_finish; }
every_pdf "$S" qpdf_each "shipped"
every_pdf "$S" fonts_each "shipped"

pdfinfo -isodates "$PDF" >"$GPD_TMP/info" 2>&1
pub_title=$(title_of templates/publication.xml)
publisher=$(sed -n 's:.*<publisher>\(.*\)</publisher>.*:\1:p' templates/publication.xml)
ed_title=$(sed -n 's:.*name="compendium"[^>]*title="\([^"]*\)".*:\1:p' templates/publication.xml)
count_check
grep -q "^Title: *$pub_title.*$ed_title" "$GPD_TMP/info" ||
	fail "pdfinfo Title is not '$pub_title ... $ed_title': $(grep '^Title' "$GPD_TMP/info")"
count_check
grep -q "^Author: *$publisher\$" "$GPD_TMP/info" || fail "pdfinfo Author is not the publisher"
for key in Subject Keywords Creator CreationDate; do
	count_check
	grep -q "^$key: *[^ ]" "$GPD_TMP/info" || fail "pdfinfo has no $key"
done
pages=$(sed -n 's/^Pages: *//p' "$GPD_TMP/info")
count_check
if [ -z "$pages" ] || [ "$pages" -lt 5 ]; then
	fail "pdfinfo: ${pages:-no} pages"
else
	# every page A4 (595.276 x 841.89 pt), not just the first
	n=$(pdfinfo -f 1 -l "$pages" "$PDF" | grep -c '^Page *[0-9]* size: *595.276 x 841.89 pts (A4)')
	[ "$n" -eq "$pages" ] || fail "$n of $pages pages are A4"
	echo "ok: shipped compendium: $pages pages, all A4"
fi

# ---- 2. order of Part 1; seed 004 in full -------------------------------
pdfcheck "Part 1: 1.4, 2.4, 2.11, 5.2, then Criterion not stated" order "$PDF" --from "Part 1" --until "Part 2" \
	"Criterion 1.4" "$(title_of records/tower-hamlets-contact-policy.xml)" \
	"Criterion 2.4" "$(title_of records/tower-hamlets-health-information.xml)" \
	"Criterion 2.11" "$(title_of records/thurrock-sexual-health-worker.xml)" \
	"Criterion 5.2" "$(title_of records/tower-hamlets-user-involvement.xml)" \
	"Criterion not stated" "$(title_of records/birmingham-peer-education.xml)"
pdfcheck "seed 004: every field and the whole Contact Policy" \
	record "$PDF" records/tower-hamlets-contact-policy.xml --xsd records/record.xsd
for r in records/*.xml; do
	pdfcheck "$(basename "$r" .xml): every field" record "$PDF" "$r" --xsd records/record.xsd
done

# ---- 3. the contents' page numbers --------------------------------------
pdfcheck "shipped contents page numbers" toc "$PDF"
every_pdf "$S" orphans_each "shipped"

# ---- 4. the stress record -----------------------------------------------
count_check
"$GPDIGEST" validate --strict tests/pdf/records >"$GPD_TMP/v.out" 2>&1 ||
	{ fail "the stress record is not valid"; sed 's/^/  | /' "$GPD_TMP/v.out" | head; }
count_check
python3 tests/pdf/make_stress.py "$GPD_TMP/regen.xml" && cmp -s "$GPD_TMP/regen.xml" "$STRESS" ||
	fail "$STRESS is not what tests/pdf/make_stress.py makes"
pdfcheck "the stress record is one" stress-fixture "$STRESS"
url=$(python3 tests/pdf/check_pdf.py stress-fixture "$STRESS" 2>/dev/null | tail -n 1)

R=$GPD_TMP/stress-records
mkdir -p "$R" && cp records/*.xml tests/pdf/records/*.xml "$R"/
T=$GPD_TMP/stress
build "$T" "$R"
built "$T" "build with the stress record"
TPDF=$T/compendium.pdf
if [ -s "$TPDF" ]; then
	# U+6F22 is Han, which the default style's chains cover with Noto CJK
	# (fonts-noto-cjk; tests/cli/scripts.sh has the warning when it is not
	# installed); U+1F600 is in DejaVu Sans (astral characters print): so
	# nothing is said about either.
	count_check
	if grep -q "missing-script" "$T.err"; then fail "a script reported missing"; fi
	count_check
	if grep -q "1F600" "$T.err"; then fail "U+1F600 reported, though DejaVu Sans has it"; fi
	every_pdf "$T" qpdf_each "stress"
	every_pdf "$T" fonts_each "stress"
	every_pdf "$T" bbox_each "stress"
	every_pdf "$T" orphans_each "stress"
	pdfcheck "stress: every word of every field, in order" record "$TPDF" "$STRESS" \
		--xsd records/record.xsd
	pdfcheck "stress: the 300-character URL, line breaks joined" joined "$TPDF" "$STRESS" "$url"
	pdfcheck "stress contents page numbers" toc "$TPDF"
	pdfcheck "stress: Part 1 order" order "$TPDF" --from "Part 1" --until "Part 2" \
		"Criterion 2.4" "$(title_of "$STRESS")" "Criterion 5.2" "Criterion not stated"
fi

# ---- 5. reproducible bytes ----------------------------------------------
same_pdfs() { # A B WHAT: every PDF under A is byte-identical under B
	local f n=0
	count_check
	while IFS= read -r f; do
		n=$((n + 1))
		cmp -s "$1/$f" "$2/$f" || fail "$3: $f differs"
	done < <(cd "$1" && find . -name '*.pdf' | sort)
	[ "$n" -gt 0 ] || fail "$3: no PDFs"
	echo "ok: $3: $n PDFs identical"
}
S2=$GPD_TMP/shipped2
build "$S2" records
built "$S2" "second build of the shipped records"
same_pdfs "$S" "$S2" "two builds"
T2=$GPD_TMP/stress2
build "$T2" "$R" -- --jobs 1
built "$T2" "second stress build, --jobs 1"
same_pdfs "$T" "$T2" "two stress builds (--jobs 1)"

E=$GPD_TMP/epoch
build "$E" records SOURCE_DATE_EPOCH=1700000000
built "$E" "build with SOURCE_DATE_EPOCH"
pdfinfo -isodates "$E/compendium.pdf" >"$GPD_TMP/info.e" 2>&1
count_check
grep -q '^CreationDate: *2023-11-14T22:13:20' "$GPD_TMP/info.e" ||
	fail "SOURCE_DATE_EPOCH=1700000000: $(grep CreationDate "$GPD_TMP/info.e")"
count_check
[ "$(grep '^CreationDate' "$GPD_TMP/info")" != "$(grep '^CreationDate' "$GPD_TMP/info.e")" ] ||
	fail "SOURCE_DATE_EPOCH does not change CreationDate"
count_check
grep -q '^ModDate: *2023-11-14T22:13:20' "$GPD_TMP/info.e" || fail "SOURCE_DATE_EPOCH: ModDate"
# nothing else changes: the document information and the text, dates aside
undated() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:]+Z?)?/DATE/g; s/[0-9]{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) [0-9]{4}/DATE/g'
}
count_check
diff <(grep -v '^File size' "$GPD_TMP/info" | undated) \
	<(grep -v '^File size' "$GPD_TMP/info.e" | undated) >"$GPD_TMP/d" ||
	{ fail "SOURCE_DATE_EPOCH changes more than dates in pdfinfo"; sed 's/^/  | /' "$GPD_TMP/d"; }
count_check
diff <(pdftotext -layout "$PDF" - | undated) <(pdftotext -layout "$E/compendium.pdf" - | undated) \
	>"$GPD_TMP/d" || { fail "SOURCE_DATE_EPOCH changes more than dates in the text"; head "$GPD_TMP/d"; }

gpd_finish
