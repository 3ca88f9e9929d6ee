#!/bin/bash
# typeset.sh: the PDF typesetting (issue 19), measured from word positions
# (pdftotext -bbox) by tests/pdf/typeset.py:
#  1. every PDF of the shipped records and of a generated 300-record corpus
#     (tests/bench/gen.py, seed 1): no widow, orphan, single-line page,
#     page ending with a heading or a question, or "page N" / "Criterion
#     N.N" / "Standard N" broken over two lines; heading sizes strictly
#     decreasing by level (part, Standard, criterion, record, the form's
#     sections, attachment title, headings in attachments)
#  2. the contact policy's section 9 keeps its hard line breaks (pdftotext)
#  3. CommonMark survives: a record of hard breaks, code with tabs,
#     indentation and blank lines, a list from 0 and nested containers is
#     checked word by word, line by line, column by column
# Needs python3 and poppler-utils (pdftotext).
GPDIGEST=${GPDIGEST:-build/gpdigest}
GPD_SOURCE_DIR=${GPD_SOURCE_DIR:-$(pwd)}
. "$GPD_SOURCE_DIR/tests/lib.sh"
cd "$GPD_SOURCE_DIR" || exit 2
unset SOURCE_DATE_EPOCH

need python3 pdftotext

T=tests/pdf/typeset.py

# measure WHAT RECORDS TEMPLATES OUT: builds every edition and measures
# every PDF it wrote.
measure() {
	local what=$1 recs=$2 tpl=$3 out=$4
	count_check
	if ! timeout -k 5 300 "$GPDIGEST" build --quiet --records "$recs" --templates "$tpl" \
		--out "$out" >"$out.log" 2>&1; then
		fail "$what: build exited $?"
		sed 's/^/  | /' "$out.log" | tail -5
		return
	fi
	pass "$what: built"
	count_check
	if python3 "$T" measure --style "$tpl/style.xml" --xsd records/record.xsd \
		--records "$recs" --templates "$tpl" --gpdigest "$GPDIGEST" \
		$(find "$out" -name '*.pdf' | sort) >"$GPD_TMP/measure.out" 2>&1; then
		pass "$what: $(tr '\n' ' ' <"$GPD_TMP/measure.out" | sed 's/  */ /g')"
	else
		fail "$what: typesetting faults"
		sed 's/^/  | /' "$GPD_TMP/measure.out" | tail -40
	fi
}

# ---- 1. the shipped records and a generated corpus ------------------------
measure "shipped records" records templates "$GPD_TMP/shipped"
python3 tests/bench/gen.py --records 300 --seed 1 --out "$GPD_TMP/c300" >/dev/null ||
	fail "gen.py could not make the 300-record corpus"
measure "300 generated records" "$GPD_TMP/c300/records" "$GPD_TMP/c300/templates" "$GPD_TMP/c300/out"

# ---- 2. section 9 of the contact policy keeps its lines ---------------------
pdftotext "$GPD_TMP/shipped/handouts/tower-hamlets.pdf" "$GPD_TMP/th.txt"
# each line the record ends with a hard break ends a line in the PDF, and
# the next one starts a line (the old PDF ran them together)
for pair in "9.1 Young People 16+|1 x 6 weekly minimum" \
	"9.2 Young People 17(+) 'on Licence' to Leaving Care Service|A statutory visit must" \
	"9.7 Young People in any emergency / short-term accommodation|e.g B&B / Hotel" \
	"e.g B&B / Hotel|Accompany young person to B&B" \
	"1st visit within first week of placement|(i) To meet young person" \
	"(i) To meet young person & ensure they are safe & well|(ii) To take opportunity" \
	"(iii) To agree future planned visit.|9.8 Section 24 Young People"; do
	first=${pair%%|*} next=${pair#*|}
	count_check
	if python3 - "$GPD_TMP/th.txt" "$first" "$next" <<-'EOF'
		import re, sys
		quotes = str.maketrans("\u2018\u2019", "''")
		lines = [l.strip().translate(quotes) for l in open(sys.argv[1], encoding="utf-8")]
		lines = [re.sub(r"^[\u2022\u2013\u25e6]\s*", "", l) for l in lines if l]
		for a, b in zip(lines, lines[1:]):
		    if a == sys.argv[2] and b.startswith(sys.argv[3]):
		        sys.exit(0)
		sys.exit(1)
	EOF
	then
		pass "section 9 keeps the line break after \"$first\""
	else
		fail "section 9: \"$first\" does not end a line followed by \"$next\""
	fi
done

# ---- 3. CommonMark constructs survive ---------------------------------------
count_check
if python3 "$T" survival "$GPDIGEST" "$GPD_TMP/survival" --templates templates \
	>"$GPD_TMP/survival.out" 2>&1; then
	pass "CommonMark survival: $(tail -n 1 "$GPD_TMP/survival.out")"
else
	fail "CommonMark survival"
	sed 's/^/  | /' "$GPD_TMP/survival.out" | tail -30
fi

gpd_finish
