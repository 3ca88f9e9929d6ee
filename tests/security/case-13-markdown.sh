#!/usr/bin/env bash
# case-13-markdown.sh: pathological CommonMark in a record's free text
# (tests/security/mdpatterns.py; tests/security/md-sweep.sh measures every
# pattern). cmark keeps some 250 bytes for each node, and "_*_*..." is a
# node a byte: the Markdown edition held a whole record's fields in one
# tree, so four 480 KiB attachments of it (each within GPD_MD_MAX_PIECES)
# took 260 MB to build, past the bound of 20 x the input + 150 MB (README,
# "Limits"); each field's tree is now written out before the next is
# parsed. Six of them, in every format, took 212 MB (bound 209): the PDF
# layout's held blocks each kept a long word's characters, and glibc kept
# the big arrays freed between cmark's nodes (limits.h,
# GPD_MMAP_THRESHOLD_BYTES). The text must all be there.
. "$GPD_SOURCE_DIR/tests/lib.sh"
. "$GPD_SOURCE_DIR/tests/security/memory.sh"

# run.sh counts any status but 0 as a failure, so no `need` (exit 77)
have python3 || gpd_finish

W=$GPD_TMP/md
python3 "$GPD_SOURCE_DIR/tests/security/mdpatterns.py" --source "$GPD_SOURCE_DIR" \
	--pattern under-star --size 491520 --where record --attachments 6 --out "$W"
input=$(cat "$W"/records/*.xml | wc -c)
memory_bound "$input"

read -r rc kb < <(peak_rss "$W" timeout -k 5 300 "$GPDIGEST" build --out out)
count_check
[ "$rc" = 0 ] || { fail "build: exit status $rc"; sed 's/^/  | /' "$W/err" | tail -5; }
echo "   input $((input / 1000)) kB, peak RSS $kb kB, bound $((bound / 1000)) kB ($what)"
count_check
[ $((kb * 1024)) -le "$bound" ] || fail "peak RSS $kb kB is over $what = $((bound / 1000)) kB"
# "_*_*..." is emphasis round every other character: a third of each
# attachment's 491,520 characters is text, each written escaped ("\_" or
# "\*"); all six attachments' worth must be there
count_check
n=$(grep -o '\\[_*]' "$W/out/compendium.md" | wc -l)
[ "$n" -ge $((6 * 491520 / 3)) ] || fail "the Markdown holds $n escaped characters of the attachments, not $((6 * 491520 / 3))"

# Without smart punctuation (a template) cmark makes a node of each '.'
# or '-' it meets after another: a 1 MiB word of dots took 182 MB to
# build, past the bound of 150 MB; counted as pieces, it is a limit error
# at the template's line 1, and nothing is written.
D=$GPD_TMP/dots
python3 "$GPD_SOURCE_DIR/tests/security/mdpatterns.py" --source "$GPD_SOURCE_DIR" \
	--pattern dots --size 1048576 --where template --out "$D"
input=$(cat "$D"/records/*.xml | wc -c)
memory_bound "$input"
read -r rc kb < <(peak_rss "$D" timeout -k 5 300 "$GPDIGEST" build --out out)
echo "   dots: exit $rc, peak RSS $kb kB, bound $((bound / 1000)) kB ($what)"
count_check
[ $((kb * 1024)) -le "$bound" ] || fail "dots: peak RSS $kb kB is over $what = $((bound / 1000)) kB"
count_check
[ "$rc" = 1 ] && grep -q 'introduction.md:1:1: error: .*\[limit\]' "$D/err" ||
	{ fail "dots: exit $rc, no limit error at the template"; tail -3 "$D/err" | sed 's/^/  | /'; }
count_check
[ ! -e "$D/out" ] || fail "dots: out/ written"

# cmark 0.30 writes the references &#xFFFE; and &#xFFFF; as one byte, no
# UTF-8: the PDF warned of invalid UTF-8 in text that was valid (in a
# template naming no file). All three editions print U+FFFD for them, as
# for any other reference to no character, and none warns. A reference to
# a control prints as its Control Picture in all three.
E=$GPD_TMP/ent
python3 "$GPD_SOURCE_DIR/tests/security/mdpatterns.py" --source "$GPD_SOURCE_DIR" \
	--pattern one-line --size 1 --where record --out "$E"
sed -i 's|<description>[^<]*</description>|<description>x \&amp;#xFFFE; y \&amp;#xFFFF; z \&amp;#x1B; e \&amp;#127; d</description>|' "$E"/records/*.xml
printf '# About\n\na &#xFFFF; b\n' >"$E/templates/introduction.md"
(cd "$E" && timeout -k 5 300 "$GPDIGEST" build --out out) >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "references to U+FFFE and U+FFFF"
expect_not_in "$ERR" "[pdf]" "references to U+FFFE and U+FFFF: a PDF warning"
expect_not_in "$ERR" "[missing-glyph]" "a Control Picture: a missing glyph"
# &#x1B; and &#127; make controls CommonMark keeps: each edition prints
# their Control Pictures (the PDF left them out), and the lint says so
expect_in "$ERR" "&#x1B; in <description> is a control character (U+001B)" "the ESC reference, unsaid"
R=$'\xef\xbf\xbd' # U+FFFD
ESC=$'\xe2\x90\x9b' DEL=$'\xe2\x90\xa1' # U+241B, U+2421
# the spaces as pdftotext places them round a replacement mark aside
pdftotext -enc UTF-8 "$E/out/compendium.pdf" - 2>/dev/null | tr -d ' ' >"$E/pdf.txt"
tr -d ' ' <"$E/out/compendium.md" >"$E/md.txt"
cat "$E"/out/compendium/*.html | tr -d ' ' >"$E/html.txt"
for f in "$E/md.txt" "$E/html.txt" "$E/pdf.txt"; do
	count_check
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || fail "$(basename "$f"): not UTF-8"
	expect_in "$f" "x${R}y${R}z${ESC}e${DEL}d" "the record's references in $(basename "$f")"
	expect_in "$f" "a${R}b" "the template's reference in $(basename "$f")"
done
gpd_finish
