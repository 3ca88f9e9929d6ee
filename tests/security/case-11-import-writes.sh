#!/usr/bin/env bash
# case-11-import-writes.sh: `gpdigest new` and `gpdigest import` write
# records into records/ (or the folder --records / -o names). A hostile pull
# request commits records/ as a symbolic link to a folder elsewhere (here a
# stand-in for ~/.config/autostart): validate, list and build refuse to
# read such a folder, but new and import wrote ID.xml through it, outside
# the project, where no command would ever read it again. Each way of
# writing is shown to be live (the link reaches the folder), then refused
# with not-regular-file, exit 2, and nothing in the folder it points to.
. "${GPD_SOURCE_DIR:?}/tests/lib.sh"

W=$GPD_TMP/repo
S=$GPD_TMP/elsewhere # outside the repository: what the link reaches
FORM=$GPD_SOURCE_DIR/tests/import/corpus/scans/f01-1.txt
FORM2=$GPD_SOURCE_DIR/tests/import/corpus/scans/f02-1.txt
mkdir -p "$W" "$S"
cp -r "$GPD_SOURCE_DIR/templates" "$W/"
ln -s "$S" "$W/records"
unset SOURCE_DATE_EPOCH

count_check
echo probe >"$W/records/probe" && [ -f "$S/probe" ] || fail "the link does not reach $S"
rm -f "$S/probe"

# nothing_in WHAT: the folder the link points to is still empty
nothing_in() {
	count_check
	if [ -n "$(ls -A "$S")" ]; then
		fail "$1: written through the link: $(ls -A "$S" | tr '\n' ' ')"
		rm -f "$S"/*
	fi
}

run -d "$W" new --received 2026-11-23 planted
expect_rc 2 "new ID with records/ a link"
expect_in "$ERR" "records: error: refused: it is a symbolic link to a folder" "new: says why"
expect_in "$ERR" "[not-regular-file]" "new: [not-regular-file]"
nothing_in "new"

run -d "$W" new --received 2026-11-23 --records records planted
expect_rc 2 "new --records records with records/ a link"
nothing_in "new --records records"

run -d "$W" import --received 2026-11-23 -o records "$FORM"
expect_rc 2 "import -o records with records/ a link"
expect_in "$ERR" "records: error: refused: it is a symbolic link to a folder" "import -o: says why"
nothing_in "import -o records"

# two forms and no -o: the default folder, records/
run -d "$W" import --received 2026-11-23 "$FORM" "$FORM2"
expect_rc 2 "import FILE FILE with records/ a link"
expect_in "$ERR" "[not-regular-file]" "import FILE FILE: [not-regular-file]"
nothing_in "import FILE FILE"

# one form and no -o goes to standard output: no folder is involved
run -d "$W" import --received 2026-11-23 "$FORM"
expect_rc 0 "import FILE to standard output"
expect_in "$OUT" "<record " "import FILE: the record on standard output"
nothing_in "import FILE"

# the same commands into a real folder write as before
rm "$W/records" && mkdir "$W/records"
run -d "$W" new --received 2026-11-23 planted
expect_rc 0 "new ID into a real records/"
count_check
[ -f "$W/records/planted.xml" ] || fail "new: records/planted.xml not written"
run -d "$W" import --received 2026-11-23 -o records "$FORM"
expect_rc 0 "import -o records into a real records/"

gpd_finish
