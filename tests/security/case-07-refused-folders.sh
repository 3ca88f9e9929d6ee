#!/usr/bin/env bash
# Case 7: --out accepted /, ., records, templates, src, .git. Now each is
# refused by name before anything is written, as is any folder that is
# neither empty nor a gpdigest output folder.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
. "$GPD_SOURCE_DIR/tests/security/common.sh"

git init -q . 2>/dev/null || mkdir -p .git
mkdir -p src && echo 'int main(void) { return 0; }' >src/main.c
snapshot . >"$GPD_TMP/repo.snap"
while IFS='|' read -r o why; do
	G build --out "$o"
	expect_rc 2 "--out '$o'"
	expect_in "$ERR" "$why" "--out '$o': says why"
	expect_in "$ERR" "[output-folder]" "--out '$o': with its code"
	expect_same_tree "$GPD_TMP/repo.snap" . "--out '$o': the repository"
	count_check; [ ! -e / ] || [ ! -e /compendium.md ] || fail "--out '$o': /compendium.md appeared"
done <<'LIST'
/|it is the root folder
.|a repository's root folder
./|a repository's root folder
records|it is the records folder
records/|it is the records folder
records/sub|inside the records folder
templates|it is the templates folder
src|neither empty nor a gpdigest output folder
.git|inside a Git repository's .git folder
.git/objects|inside a Git repository's .git folder
..|holds the records folder
LIST

mkdir -p other && echo mine >other/notes.txt
G build --out other
expect_rc 2 "a folder holding someone else's file"
expect_in "$ERR" "neither empty nor a gpdigest output folder" "it says why"
count_check; [ "$(ls -A other)" = notes.txt ] || fail "nothing was written into it"
G build --out new/folder --quiet
expect_rc 0 "a new folder is fine"
mkdir -p empty && G build --out empty --quiet
expect_rc 0 "an empty folder is fine"
gpd_finish
