#!/bin/bash
# tests/cli/import.sh: `gpdigest import` end to end: the five seed forms
# become records that `gpdigest validate` accepts; records are written
# atomically and never overwritten without --force; the received date never
# comes from the clock; warnings name FILE:LINE:COL of the input; hostile
# inputs end quickly with exit 1 and write nothing.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"

SEEDS=$GPD_SOURCE_DIR/tests/import/seeds
DAMAGED=$GPD_SOURCE_DIR/tests/import
DIR=$GPD_TMP/records
unset SOURCE_DATE_EPOCH

# import_lines: stderr without the per-file report and "wrote" lines, which
# are not diagnostics.
diag_only() {
	grep -v -e ': report: ' -e ': wrote ' "$ERR" >"$GPD_TMP/diag" || true
}

run import --help
expect_rc 0 "import --help"
expect_in "$OUT" "usage: gpdigest import" "import --help"
run --help
expect_in "$OUT" "import" "gpdigest --help lists import"

run import
expect_rc 2 "import without FILE"
run import --id Bad_Id "$SEEDS"/000_*.txt
expect_rc 2 "import --id with a bad id"
run import --received 2024-02-30 "$SEEDS"/000_*.txt
expect_rc 2 "import --received with a bad date"
run import --id a-b "$SEEDS"/000_*.txt "$SEEDS"/001_*.txt
expect_rc 2 "import --id with two files"
run import "$GPD_TMP/no-such-file.txt"
expect_rc 2 "import of a missing file"

# Every seed: a record on stdout that validates; warnings in FILE:LINE:COL.
for seed in "$SEEDS"/*.txt; do
	name=$(basename "$seed" .txt)
	run import --received 2026-11-23 "$seed"
	expect_rc 0 "import $name"
	expect_in "$OUT" '<record xmlns="urn:x-gpdigest:record"' "import $name"
	expect_in "$ERR" "$seed: report: " "import $name report"
	diag_only
	expect_diag_lines "$GPD_TMP/diag" "$seed" "import $name"
done

# All five into a folder, then validated as records.
run import -o "$DIR" --received 2026-11-23 "$SEEDS"/*.txt
expect_rc 0 "import -o DIR (five seeds)"
count_check
[ "$(ls "$DIR"/*.xml | wc -l)" -eq 5 ] || fail "import -o: expected 5 records"
run validate "$DIR"
expect_rc 0 "validate the imported seeds"
expect_not_in "$ERR" "error:" "validate the imported seeds"
count_check
ls -A "$DIR" | grep -q "gpdigest-import\|gpdigest-tmp" && fail "a temporary file was left behind"

# Never overwritten without --force; the file is untouched.
one=$(ls "$DIR"/*.xml | head -1)
echo "kept" >"$one.before"
cp "$one" "$one.copy"
run import -o "$DIR" --received 2026-11-23 "$SEEDS"/*.txt
expect_rc 1 "import over existing records"
expect_in "$ERR" "exists; not overwritten (use --force)" "import over existing records"
count_check
cmp -s "$one" "$one.copy" || fail "an existing record was changed without --force"
run import -o "$DIR" --force --received 2026-11-24 "$SEEDS"/*.txt
expect_rc 0 "import --force"
expect_in "$one" "<received>2026-11-24</received>" "import --force rewrote the record"
rm -f "$one.before" "$one.copy"

# Same input, same bytes; the date comes from SOURCE_DATE_EPOCH, not the clock.
SOURCE_DATE_EPOCH=86400 run import --id fixed "$SEEDS"/002_*.txt
expect_rc 0 "import with SOURCE_DATE_EPOCH"
expect_in "$OUT" "<received>1970-01-02</received>" "received from SOURCE_DATE_EPOCH"
expect_in "$ERR" "is taken from SOURCE_DATE_EPOCH" "received date flagged"
expect_in "$OUT" 'id="fixed"' "import --id"
cp "$OUT" "$GPD_TMP/first.xml"
SOURCE_DATE_EPOCH=86400 run import --id fixed "$SEEDS"/002_*.txt
count_check
cmp -s "$OUT" "$GPD_TMP/first.xml" || fail "two imports of the same input differ"
touch -d 2001-02-03T12:00:00Z "$GPD_TMP/first.xml"
cp -p "$SEEDS"/000_*.txt "$GPD_TMP/form.txt"
touch -d 2001-02-03T12:00:00Z "$GPD_TMP/form.txt"
run import "$GPD_TMP/form.txt"
expect_in "$OUT" "<received>2001-02-03</received>" "received from the file's time"
expect_in "$ERR" "modification time; confirm" "received date from mtime flagged"

# Damaged copies: their warnings name the input line.
run import --received 2026-11-23 "$DAMAGED/002-ticks-removed.txt"
expect_rc 0 "import 002-ticks-removed"
expect_in "$ERR" "002-ticks-removed.txt:51:1: warning: Target group: \"Young people 16+\" has no tick box" \
	"ticks removed"
expect_in "$ERR" "002-ticks-removed.txt:13:1: warning: ECM outcome: cannot read the tick box \"[?]\"" \
	"unreadable tick"
run import --received 2026-11-23 "$DAMAGED/002-ocr-misspelt.txt"
expect_in "$ERR" "002-ocr-misspelt.txt:111:1: warning: ticked \"S England\" could be \"SW England\" or \"SE England\"" \
	"ambiguous tick"
expect_not_in "$OUT" "sw-england" "ambiguous tick not guessed"
run import --format=github --received 2026-11-23 "$DAMAGED/000-html-damaged.txt"
expect_rc 0 "import --format=github"
expect_in "$ERR" "::warning file=" "github annotations"

# Hostile input: refused quickly, nothing written.
HOST=$GPD_TMP/hostile
mkdir -p "$HOST" "$GPD_TMP/out"
head -c 10485760 /dev/zero | tr '\0' '[' >"$HOST/brackets.txt"
head -c 1000000 /dev/urandom >"$HOST/junk.txt"
head -c 7000000 /dev/zero | tr '\0' '[' >"$HOST/line.txt"
yes '[] X Trainers [ ] Parents' | head -c 7000000 >"$HOST/boxes.txt"
head -c 7000000 /dev/zero | sed 's/\x0/[] /g' >"$HOST/boxline.txt"
: >"$HOST/empty.txt"
for f in brackets junk line boxes boxline empty; do
	run import -o "$GPD_TMP/out" --received 2026-11-23 "$HOST/$f.txt"
	expect_rc 1 "hostile $f"
	diag_only
	expect_diag_lines "$GPD_TMP/diag" "$HOST/$f.txt" "hostile $f"
done
expect_in "$ERR" "empty" "empty input"
run import "$HOST/brackets.txt"
expect_in "$ERR" "larger than the limit" "10 MB of ["
count_check
[ -z "$(ls -A "$GPD_TMP/out")" ] || fail "a hostile input left a file"

gpd_finish
