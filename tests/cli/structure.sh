#!/bin/bash
# structure.sh: `gpdigest structure`: one tree per edition, one node a line in the documented
# format, every record of an edition under its anchor (its id), and an unknown --edition a
# usage error naming the editions.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
cd "$GPD_SOURCE_DIR" || exit 2

run structure
expect_rc 0 "structure"
cp "$OUT" "$GPD_TMP/all.tree"
count_check
[ "$(grep -c '^edition ' "$GPD_TMP/all.tree")" -eq 7 ] ||
	fail "structure: $(grep -c '^edition ' "$GPD_TMP/all.tree") editions, the shipped publication declares 7"
count_check
bad=$(grep -vE '^(edition [a-z0-9/-]+|( {2})*[a-z]+ [0-6] ([a-z0-9_-]+|-) md,pdf,html (toc|-) .*)$' \
	"$GPD_TMP/all.tree" | head -3)
[ -z "$bad" ] || fail "structure: lines not in the documented format: $bad"

run structure --edition handouts/tower-hamlets
expect_rc 0 "structure --edition"
count_check
[ "$(grep -c '^edition ' "$OUT")" -eq 1 ] || fail "structure --edition printed other editions"
for id in tower-hamlets-contact-policy tower-hamlets-health-information tower-hamlets-user-involvement; do
	expect_in "$OUT" "record 4 $id md,pdf,html toc " "the handout's record $id"
done
expect_in "$OUT" "  part 1 summary md,pdf,html toc Summary" "the handout's summary"
count_check
! grep -q ' part-2 ' "$OUT" || fail "a handout has no Part 2"

run structure --edition nope
expect_rc 2 "structure --edition nope"
expect_in "$ERR" "handouts/thurrock" "the unknown edition's message lists the editions"

gpd_finish
