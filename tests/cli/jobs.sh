#!/usr/bin/env bash
# jobs.sh: issue 15 item 11. Two parallel paths promise "the same output as
# one thread": the parallel ingest (records read in batches on every core,
# merged in path order: src/ingest/load.c) and the Markdown thread of a big
# edition (rendered beside its PDF: src/build/build.c, PAIR_MIN_RECORDS). Neither
# ran in any test. Here a generated corpus big enough for both is built
# with --jobs 1 and --jobs 4 and validated twice: every output file, the
# manifest, stderr (in order) and the exit status must be the same.
. "$GPD_SOURCE_DIR/tests/lib.sh"

# The corpus is sized from the program's own thresholds, so raising one
# cannot quietly leave a path untested.
pair_min=$(sed -n 's/^#define PAIR_MIN_RECORDS \([0-9]*\)$/\1/p' "$GPD_SOURCE_DIR/src/build/build.c")
batch=$(sed -n 's/^#define BATCH \([0-9]*\)$/\1/p' "$GPD_SOURCE_DIR/src/ingest/load.c")
count_check
if [ -z "$pair_min" ] || [ -z "$batch" ]; then
	fail "PAIR_MIN_RECORDS or BATCH not found in src/build/build.c, src/ingest/load.c"
	gpd_finish
fi
n=$((pair_min + 50))
[ "$n" -gt $((2 * batch)) ] || n=$((2 * batch + 1))

need python3

W=$GPD_TMP/jobs
python3 "$GPD_SOURCE_DIR/tests/bench/gen.py" --records "$n" --seed 11 --out "$W" >/dev/null
recs=("$W"/records/*.xml)
# Diagnostics from every stage: a criterion the catalogue lacks (lint, at
# ingest) in a record early on and one late, and characters the fonts lack
# (the PDF renderer: a script no font of the style's chains covers,
# Tibetan) in three records spread over the corpus.
sed -i 's#<criterion>[0-9.]*</criterion>#<criterion>9.9</criterion>#' "${recs[3]}" "${recs[$((n - 2))]}"
for i in 5 $((n / 2)) $((n - 1)); do
	sed -i 's|<purpose>|<purpose>\&#x0F40; |' "${recs[$i]}"
done

# build_with JOBS: builds every declared edition into out-JOBS.
build_with() {
	(cd "$W" && timeout -k 5 300 "$GPDIGEST" build --jobs "$1" --out "out-$1") \
		>"$W/stdout-$1" 2>"$W/stderr-$1"
	echo $? >"$W/rc-$1"
	sed -i -E 's/, [0-9.]+ s$//' "$W/stderr-$1" # the build time
}
build_with 1
build_with 4

count_check
[ "$(cat "$W/rc-1")" = 0 ] || fail "build --jobs 1: exit status $(cat "$W/rc-1")"
count_check
files=$(cd "$W/out-1" && find . -type f | wc -l)
[ "$files" -gt 20 ] || fail "build --jobs 1 wrote only $files files"
count_check
diff -r -x .gpdigest-manifest -x .gpdigest-cache "$W/out-1" "$W/out-4" >"$W/diff" ||
	{ fail "outputs of --jobs 1 and --jobs 4 differ"; head -5 "$W/diff"; }
# The manifest holds only what is decided from content (the file times
# are in the uncommitted .gpdigest-cache), so the two are the same bytes.
count_check
diff "$W/out-1/.gpdigest-manifest" "$W/out-4/.gpdigest-manifest" >"$W/diff" ||
	{ fail "manifests differ"; head -5 "$W/diff"; }
count_check
cmp -s "$W/rc-1" "$W/rc-4" || fail "exit status $(cat "$W/rc-1") with --jobs 1, $(cat "$W/rc-4") with --jobs 4"
count_check
diff "$W/stderr-1" "$W/stderr-4" >"$W/diff" || { fail "diagnostics of --jobs 1 and --jobs 4 differ"; head -10 "$W/diff"; }
# The comparison means something only if there was something to compare:
# diagnostics from lint and from the PDF of the big edition (compendium).
expect_in "$W/stderr-1" "[unknown-criterion]" "build: lint diagnostics"
expect_in "$W/stderr-1" "[missing-script]" "build: renderer diagnostics"
expect_in "$W/out-1/.gpdigest-manifest" "compendium.pdf" "the manifest names the compendium"

# The same corpus plus the bad inputs (errors of every kind): a build
# reads it on one thread and on four, and refuses it the same way, writing
# nothing; validate (which reads on every core) reports the same lines as
# the one-thread build.
mkdir "$W/mixed"
cp "$W"/records/*.xml "$GPD_SOURCE_DIR"/tests/bad/*.xml "$W/mixed/"
for j in 1 4; do
	(cd "$W" && timeout -k 5 300 "$GPDIGEST" build --jobs "$j" --records mixed --out "bad-$j") \
		>/dev/null 2>"$W/bad-err-$j"
	echo $? >"$W/bad-rc-$j"
done
(cd "$W" && timeout -k 5 300 "$GPDIGEST" validate --templates templates mixed) \
	>"$W/v-out" 2>"$W/v-err"
echo $? >"$W/v-rc"
count_check
[ "$(cat "$W/bad-rc-1")" = 1 ] || fail "build of bad records: exit status $(cat "$W/bad-rc-1"), expected 1"
count_check
cmp -s "$W/bad-rc-1" "$W/bad-rc-4" || fail "build of bad records: exit status differs with --jobs 4"
count_check
diff "$W/bad-err-1" "$W/bad-err-4" >"$W/diff" || { fail "build of bad records: diagnostics differ with --jobs 4"; head -10 "$W/diff"; }
count_check
[ ! -e "$W/bad-1" ] && [ ! -e "$W/bad-4" ] || fail "build of bad records wrote something"
count_check
[ "$(cat "$W/v-rc")" = 1 ] || fail "validate: exit status $(cat "$W/v-rc"), expected 1"
grep -E "$GPD_DIAG_RE" "$W/bad-err-1" >"$W/bad-diags"
grep -E "$GPD_DIAG_RE" "$W/v-err" >"$W/v-diags"
expect_in "$W/v-diags" "error:" "validate: errors to compare"
expect_in "$W/v-diags" "warning:" "validate: warnings to compare"
count_check
diff "$W/bad-diags" "$W/v-diags" >"$W/diff" || { fail "validate and build --jobs 1 report differently"; head -10 "$W/diff"; }
gpd_finish
