#!/usr/bin/env bash
# Case 1: a filtered (ad-hoc) build aimed at the folder that holds the
# declared editions, however the folder is spelled, once replaced the
# compendium with a one-region selection and deleted every digest and
# handout, exiting 0. Now it is refused (exit 2) and out/ is intact.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
. "$GPD_SOURCE_DIR/tests/security/common.sh"

for o in out out/ ./out "$W/out" "$W/./out/" records/../out; do
	G build --region london --out "$o"
	expect_rc 2 "build --region london --out $o"
	expect_in "$ERR" "holds the declared editions" "--out $o: the message says why"
	expect_in "$ERR" "pass another --out" "--out $o: and what to do"
	expect_in "$ERR" "[output-folder]" "--out $o: with its code"
	expect_same_tree "$GPD_TMP/published.snap" out "--out $o"
done

# the same with --check still writes nothing, and a fresh folder works
G build --region london --out london-only --quiet
expect_rc 0 "an ad-hoc build into its own folder"
count_check; [ -s london-only/compendium.pdf ] || fail "the ad-hoc compendium is written there"
G build --region se-england --out london-only --quiet
expect_rc 0 "another selection may replace an ad-hoc folder's"
G build --out london-only --quiet
expect_rc 0 "the declared editions may replace an ad-hoc selection"
G build --region london --out london-only
expect_rc 2 "and then a selection may not replace them"
expect_same_tree "$GPD_TMP/published.snap" out "after all of that"
gpd_finish
