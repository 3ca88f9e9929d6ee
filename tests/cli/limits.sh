#!/bin/bash
# tests/cli/limits.sh: every resource bound has a clear diagnostic and holds:
# file size, text length of one field, CommonMark nesting depth, number of
# records, pages per edition, and linear time (a 1 MB paragraph, records of
# hundreds of thousands of elements). Inputs are generated at test time.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"

SRC=$GPD_SOURCE_DIR
BASE=$SRC/records/tower-hamlets-contact-policy.xml
W=$GPD_TMP/limits
mkdir -p "$W"

# Under a sanitizer everything runs several times slower: the time bounds
# below are for catching hangs and quadratic blow-ups, not for benchmarks.
SLOW=1
grep -qa '__asan_init\|__ubsan_handle' "$GPDIGEST" && SLOW=10

# trun SECONDS ARGS...: runs gpdigest with a time bound (scaled by SLOW);
# sets RC and SECS, stdout in $OUT, stderr in $ERR.
trun() {
	local limit=$(($1 * SLOW)) start end
	shift
	start=$(date +%s.%N)
	timeout -k 5 "$limit" "$GPDIGEST" "$@" >"$OUT" 2>"$ERR"
	RC=$?
	end=$(date +%s.%N)
	SECS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
	[ "$RC" -ne 124 ] && [ "$RC" -ne 137 ] || RC=124
}

# expect_status WANT WHAT: exit status, with a timeout or a crash named.
expect_status() {
	count_check
	if [ "$RC" -eq 124 ]; then
		fail "$2: did not finish in time (a hang or quadratic time)"
	elif [ "$RC" -ge 128 ] || [ "$RC" -eq 86 ]; then
		fail "$2: crashed (exit $RC)"
		sed 's/^/  | /' "$ERR" | tail -20
	elif [ "$RC" -ne "$1" ]; then
		fail "$2: exit status $RC, expected $1"
		sed 's/^/  | /' "$ERR" | head -10
	fi
}

# record NAME PYTHON-EXPRESSION-FOR-THE-DESCRIPTION [FIELD]: writes
# $W/NAME/NAME.xml, the base record with its id changed and the field's
# text (default: description) replaced by the expression's value,
# XML-escaped.
record() {
	mkdir -p "$W/$1"
	python3 - "$BASE" "$W/$1/$1.xml" "$1" "$2" "${3:-description}" <<'PY'
import re, sys
from xml.sax.saxutils import escape
base, out, name, expr, field = sys.argv[1:6]
s = open(base, encoding="utf-8").read()
s = s.replace('id="tower-hamlets-contact-policy"', 'id="%s"' % name)
text = eval(expr)
s = re.sub(r"<%s>.*?</%s>" % (field, field), lambda m: "<%s>%s</%s>" % (field, escape(text), field), s, count=1, flags=re.S)
open(out, "w", encoding="utf-8").write(s)
PY
}

# ---- file size: 8 MiB per file (records, templates, publication file) ----

mkdir -p "$W/big"
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<record xmlns="urn:x-gpdigest:record" version="1" id="big">\n<title>'
	head -c 9437184 /dev/zero | tr '\0' 'x'
	printf '</title>\n</record>\n'
} >"$W/big/big.xml"
trun 5 validate "$W/big/big.xml"
expect_status 1 "a 9 MiB record"
expect_in "$ERR" "the file is larger than the limit of 8388608 bytes [too-large]" "a 9 MiB record"

cp -r "$SRC/templates" "$W/tpl-big"
head -c 9437184 /dev/zero | tr '\0' 'x' >"$W/tpl-big/cover.md"
trun 20 build --quiet --jobs 1 --records "$SRC/records" --templates "$W/tpl-big" --out "$W/out-tpl-big"
expect_status 1 "a 9 MiB cover template"
expect_in "$ERR" "cover.md:1:1: error: the file is larger than the limit of 8388608 bytes [too-large]" \
	"a 9 MiB cover template"
count_check
[ -z "$(find "$W/out-tpl-big" -type f 2>/dev/null)" ] || fail "a 9 MiB cover template: files were written"

# ---- text length of one field: 1 MiB (1,048,576 characters) ----

record field-max "'w' * 1048576"
trun 10 validate "$W/field-max/field-max.xml"
expect_status 0 "a description of exactly 1 MiB"
record field-over "'w' * 1048577"
trun 10 validate "$W/field-over/field-over.xml"
expect_status 1 "a description of 1 MiB + 1 character"
expect_in "$ERR" "field-over.xml:21:3: error: the text of <description> is 1048577 characters long; one field may hold at most 1048576 characters (1 MiB)" \
	"a description of 1 MiB + 1 character"
expect_in "$ERR" "[limit]" "a description of 1 MiB + 1 character"
# characters, not bytes: 1 MiB of two-byte letters is within the limit
record field-utf8 "'\u00e9' * 1048576"
trun 10 validate "$W/field-utf8/field-utf8.xml"
expect_status 0 "1 MiB of two-byte characters (2 MiB of bytes)"
# every free-text field, not only the form's questions: a contact's address
record field-address "'a' * 1048577" address
trun 10 validate "$W/field-address/field-address.xml"
expect_status 1 "an address of 1 MiB + 1 character"
expect_in "$ERR" "error: the text of <address> is 1048577 characters long; one field may hold at most 1048576 characters (1 MiB)" \
	"an address of 1 MiB + 1 character"
# a one-line field has its own, shorter limit, and only that is said
record field-title "'t' * 1048577" title
trun 10 validate "$W/field-title/field-title.xml"
expect_status 1 "a title of 1 MiB + 1 character"
expect_in "$ERR" "is 1048577 characters long; it holds at most 400" "a title of 1 MiB + 1 character"
expect_not_in "$ERR" "one field may hold" "a title of 1 MiB + 1 character"

# ---- CommonMark nesting: flattened beyond 32 levels, with a warning ----

nest_case() { # NAME EXPR WHAT
	record "$1" "$2"
	trun 10 validate "$W/$1/$1.xml"
	expect_status 0 "$3: validate"
	expect_in "$ERR" "$1.xml:21:3: warning: the text of <description> nests quotes and lists, or emphasis and links, more than 32 levels deep; the deeper levels are printed flat [deep-nesting]" "$3: validate"
	trun 10 validate --strict "$W/$1/$1.xml"
	expect_status 1 "$3: validate --strict"
	trun 60 build --quiet --jobs 1 --records "$W/$1" --templates "$SRC/templates" --out "$W/out-$1"
	expect_status 0 "$3: build"
	count_check
	[ -s "$W/out-$1/compendium.md" ] && [ -s "$W/out-$1/compendium.pdf" ] ||
		fail "$3: build wrote no compendium"
	echo "  $3: built in $SECS s"
}
nest_case deep-quote "'>' * 100000 + ' the innermost words'" "a 100,000-deep block quote"
count_check
# the Markdown keeps 32 levels: the innermost line is prefixed 32 times
n=$(grep 'the innermost words' "$W/out-deep-quote/compendium.md" | head -1 | grep -o '>' | wc -l)
[ "$n" -eq 32 ] || fail "a 100,000-deep block quote: $n levels in the Markdown, expected 32"
count_check
if have pdftotext; then
	# 32 quote bars leave a narrow column: one word a line
	pdftotext "$W/out-deep-quote/compendium.pdf" - | tr -s '[:space:]' ' ' |
		grep -q 'the innermost words' ||
		fail "a 100,000-deep block quote: the words are missing from the PDF"
fi
count_check
if have qpdf pdftotext; then
	# a quote's rule stands left of the text inside it: past the room the
	# page leaves, the text moves in no further and the deeper quotes draw
	# no rule (they were drawn across the words, and the text moved back
	# left under the outer quotes' rules as the right indent grew)
	python3 - "$W/out-deep-quote/compendium.pdf" innermost <<'PY' || fail "a 100,000-deep block quote: a quote's rule crosses its text in the PDF"
import os, re, subprocess, sys, tempfile
pdf, word = sys.argv[1:3]
pages = re.split(r"<page ", subprocess.run(["pdftotext", "-bbox", pdf, "-"],
                                           capture_output=True, text=True).stdout)[1:]
bad = seen = 0
with tempfile.TemporaryDirectory() as d:
    for i, pg in enumerate(pages, 1):
        xs = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>%s</word>' % word, pg)]
        if not xs:
            continue
        one = os.path.join(d, "p.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--empty", "--pages", pdf,
                        str(i), "--", one], check=True)
        data = open(one, "rb").read().decode("latin-1")
        rules = [float(a) for a, b in re.findall(r"([\d.]+) [\d.]+ m\s+([\d.]+) [\d.]+ l", data)
                 if a == b]
        seen += len(rules)
        bad += sum(1 for x in rules if x >= min(xs) - 1)
print("   quote rules beside the innermost words: %d, crossing them: %d" % (seen, bad))
sys.exit(1 if bad or not seen else 0)
PY
fi
nest_case deep-list "'- ' * 100000 + 'item'" "a 100,000-deep list"
nest_case deep-ordered "'1. ' * 60000 + 'item'" "a 60,000-deep ordered list"
nest_case deep-mixed "'> - 1. ' * 20000 + 'item'" "quotes in lists in lists, 60,000 deep"
nest_case deep-emphasis "'*' * 100000 + 'x' + '*' * 100000" "100,000 nested emphases"
nest_case deep-images "'![a ' * 50000 + 'x' + '](u) b' * 50000" "50,000 nested images"
nest_case deep-links "'*[a ' * 30000 + 'x' + '](https://e.org)*' * 30000" "30,000 emphasised links"
# a record nested exactly 32 deep is within bounds: no warning
record deep-32 "'>' * 32 + ' thirty-two'"
trun 10 validate "$W/deep-32/deep-32.xml"
expect_status 0 "a 32-deep block quote"
expect_not_in "$ERR" "[deep-nesting]" "a 32-deep block quote"

# ---- number of records: 100,000 per run ----

mkdir -p "$W/many"
(cd "$W/many" && seq -f 'r%06g.xml' 1 100001 | xargs touch)
trun 30 validate "$W/many"
expect_status 1 "100,001 record files"
expect_in "$ERR" "error: more records than the limit of 100000 [too-many-records]" "100,001 record files"
rm -rf "$W/many"

# ---- pages per edition: the style's max-pages ----

cp -r "$SRC/templates" "$W/tpl-pages"
sed -i 's|</style>|  <limits max-pages="3"/>\n</style>|' "$W/tpl-pages/style.xml"
trun 60 build --jobs 2 --records "$SRC/records" --templates "$W/tpl-pages" --out "$W/out-pages"
expect_status 1 "max-pages=3"
expect_in "$ERR" 'error: the PDF of "Good practice compendium" needs more than 3 pages, the limit the style sets (<limits max-pages="3"/> in style.xml) [limit]' \
	"max-pages=3"
count_check
[ -z "$(find "$W/out-pages" -type f 2>/dev/null)" ] ||
	fail "max-pages=3: files were written (no edition may be half built): $(find "$W/out-pages" -type f | head -3)"
# nor the editions' folders (out-pages/digests/london/...: a tree of empty
# folders was left), while a folder that was there stays
count_check
[ -z "$(find "$W/out-pages" -mindepth 1 2>/dev/null)" ] ||
	fail "max-pages=3: folders were left: $(find "$W/out-pages" -mindepth 1 | head -3 | tr '\n' ' ')"
mkdir -p "$W/out-pages2/digests"
trun 60 build --jobs 2 --records "$SRC/records" --templates "$W/tpl-pages" --out "$W/out-pages2"
expect_status 1 "max-pages=3, into a folder holding digests/"
count_check
[ "$(cd "$W/out-pages2" && find . -mindepth 1)" = "./digests" ] ||
	fail "max-pages=3, into a folder holding digests/: $(cd "$W/out-pages2" && find . -mindepth 1 | head -3 | tr '\n' ' ')"

# ---- linear time ----

# A 1 MB paragraph (words) and a 1 MB word (no break opportunity) through
# the whole build; the time is printed as the benchmark.
record para-words "' '.join(['pathway', 'planning', 'adviser', 'leaving', 'care', 'support'] * 50000)[:1000000]"
record para-quarter "' '.join(['pathway', 'planning', 'adviser', 'leaving', 'care', 'support'] * 12500)[:250000]"
record para-word "'x' * 1000000"
for c in para-quarter para-words para-word; do
	trun 120 build --quiet --jobs 1 --records "$W/$c" --templates "$SRC/templates" --out "$W/out-$c"
	expect_status 0 "$c: a long paragraph"
	eval "t_${c//-/_}=$SECS"
	echo "  $c: $(wc -c <"$W/$c/$c.xml") bytes of record, built in $SECS s" \
		"($(pdfinfo "$W/out-$c/compendium.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }') pages)"
done
# 4x the text may cost at most ~10x the time (quadratic would be 16x),
# once the fixed cost (fonts, three editions) is small beside it
count_check
awk -v q="$t_para_quarter" -v f="$t_para_words" 'BEGIN { exit !(f < 3 || f < 10 * q) }' ||
	fail "1 MB paragraph: $t_para_words s against $t_para_quarter s for 250 kB: not linear"

# Records of hundreds of thousands of elements: positions, the duplicate
# criterion rule and the schema all stay near-linear (they were quadratic:
# 118 s for 200,000 attachments, minutes and n^2/2 warnings for repeated
# criteria).
mkdir -p "$W/wide"
python3 - "$BASE" "$W/wide" <<'PY'
import re, sys
base, out = sys.argv[1:3]
s = open(base, encoding="utf-8").read()
def write(name, pat, body):
    t = re.sub(pat, lambda m: body, s, count=1, flags=re.S).replace(
        'id="tower-hamlets-contact-policy"', 'id="%s"' % name)
    open("%s/%s.xml" % (out, name), "w", encoding="utf-8").write(t)
write("attachments", r"<attachments>.*?</attachments>",
      "<attachments>\n" + '<attachment title="a">b</attachment>\n' * 200000 + "</attachments>")
write("criteria", r"<criteria>.*?</criteria>",
      "<criteria>" + "<criterion>1.4</criterion>" * 250000 + "</criteria>")
PY
trun 30 validate "$W/wide/attachments.xml"
expect_status 0 "200,000 attachments"
echo "  200,000 attachments: validated in $SECS s"
trun 30 validate "$W/wide/criteria.xml"
expect_status 0 "250,000 criteria on one line"
echo "  250,000 criteria on one line: validated in $SECS s"
count_check
n=$(grep -c 'duplicate-criterion' "$ERR")
[ "$n" -eq 249999 ] || fail "250,000 copies of one criterion: $n duplicate warnings, expected 249999"
# each warning names its own column, not the first element's
expect_in "$ERR" "criteria.xml:11:39: warning: criterion 1.4 is given more than once [duplicate-criterion]" \
	"250,000 criteria: the second one's column"
expect_in "$ERR" "criteria.xml:11:65: warning" "250,000 criteria: the third one's column"

gpd_finish
