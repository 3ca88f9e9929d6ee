#!/usr/bin/env bash
# case-03-record-symlinks.sh: a hostile pull request adds records/passwd.xml
# as a symbolic link to a secret, a link to an XML-like secret (whose text
# libxml2 would quote: "Premature end of data in tag ghp_..."), a link to a
# valid record kept elsewhere (published as if it were ours), a FIFO named
# x.xml (the run would hang), a folder named y.xml, a socket z.xml, or makes
# templates/cover.md a link to a secret that the cover would print.
# Each is set up in a scratch copy and shown to be live (the link reads the
# secret), then gpdigest is shown to refuse it with not-regular-file,
# without ever opening the target: strace shows the one open of the link's
# own name with O_NOFOLLOW, failing with ELOOP, and no open of the target.
. "${GPD_SOURCE_DIR:?}/tests/lib.sh"

need() {
	command -v "$1" >/dev/null && return 0
	[ "${CI:-}" = true ] && { echo "FAIL: $1 is missing (.ci/setup installs it)"; exit 1; }
	echo "skip: $1 is missing"
	exit 77
}
need strace

W=$GPD_TMP/repo
S=$GPD_TMP/elsewhere # outside the repository: what the links reach
mkdir -p "$W" "$S"
cp -r "$GPD_SOURCE_DIR/records" "$GPD_SOURCE_DIR/templates" "$W/"
SEED=records/tower-hamlets-contact-policy.xml
CANARY=SECRET-CANARY-7f3a9c
printf 'root:x:0:0:%s:/root:/bin/bash\n' "$CANARY" >"$S/passwd"
printf '<ghp_%s_TOKEN attr="1">\n' "$CANARY" >"$S/token.xml"
printf '%s: the cover must never print this\n' "$CANARY" >"$S/cover.md"
sed -e 's/id="tower-hamlets-contact-policy"/id="planted"/' \
	-e "s|<title>[^<]*</title>|<title>Planted $CANARY</title>|" "$W/$SEED" >"$S/planted.xml"

# brun ARGS...: a whole build, bounded for a sanitizer build too
brun() {
	(cd "$W" && exec timeout -k 1 120 "$GPDIGEST" "$@") >"$OUT" 2>"$ERR"
	RC=$?
}
# traced ARGS...: as run, under strace; the opens in $GPD_TMP/trace
# (LeakSanitizer cannot run under ptrace: it is turned off here, last so
# that it wins; a sanitizer build checks leaks in the untraced runs)
traced() {
	(cd "$W" && ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" exec timeout -k 1 120 \
		strace -f -qq -e trace=openat,open -o "$GPD_TMP/trace" \
		"$GPDIGEST" "$@") >"$OUT" 2>"$ERR"
	RC=$?
}
# never_opened TARGET WHAT: no open(at) in the trace names TARGET (the
# link's own name may appear: opened with O_NOFOLLOW, it fails with ELOOP
# and nothing is read)
never_opened() {
	count_check
	if grep -F -- "$1" "$GPD_TMP/trace" >/dev/null; then
		fail "$2: $1 was opened"
		grep -F -- "$1" "$GPD_TMP/trace" | sed 's/^/  | /' | head -3
	fi
}
# opened_nofollow NAME WHAT: every open of NAME used O_NOFOLLOW and failed
opened_nofollow() {
	count_check
	if ! grep -F -- "\"$1\"" "$GPD_TMP/trace" >/dev/null; then
		fail "$2: no open of $1 traced (is strace working?)"
	elif grep -F -- "\"$1\"" "$GPD_TMP/trace" | grep -v 'O_NOFOLLOW.*= -1 ELOOP' >/dev/null; then
		fail "$2: $1 opened without O_NOFOLLOW, or the open succeeded"
		grep -F -- "\"$1\"" "$GPD_TMP/trace" | sed 's/^/  | /' | head -3
	fi
}
no_canary() { # WHAT
	expect_not_in "$OUT" "$CANARY" "$1 (stdout)"
	expect_not_in "$ERR" "$CANARY" "$1 (stderr)"
}
refused() { # NAME WHAT KIND
	expect_in "$ERR" "$1: error: refused: it is $3; records and templates are read only from regular files [not-regular-file]" "$2"
}

# --- the attacks are live: each link reads its target ---------------------------
ln -s "$S/passwd" "$W/records/passwd.xml"
ln -s "$S/token.xml" "$W/records/token.xml"
count_check
grep -q "$CANARY" "$W/records/passwd.xml" && grep -q "$CANARY" "$W/records/token.xml" ||
	fail "the links do not reach their secrets: nothing is being tested"

# --- a link to a secret, and to an XML-like secret --------------------------------
traced validate records
expect_rc 2 "validate, linked secrets"
refused records/passwd.xml "a link to a passwd-like file" "a symbolic link"
refused records/token.xml "a link to an XML-like secret" "a symbolic link"
no_canary "linked secrets"
expect_not_in "$ERR" "Premature end of data" "the XML-like secret is not parsed"
expect_no_passwd "$OUT" "$ERR" "linked secrets"
never_opened "$S/passwd" "validate"
never_opened "$S/token.xml" "validate"
opened_nofollow records/passwd.xml "validate"
opened_nofollow records/token.xml "validate"
# a file named on the command line: the same rule
run -d "$W" validate records/passwd.xml
expect_rc 2 "validate FILE, a link"
refused records/passwd.xml "validate FILE, a link" "a symbolic link"
no_canary "validate FILE"
traced list
expect_rc 2 "list, linked secrets"
no_canary "list"
never_opened "$S/passwd" "list"
rm "$W/records/passwd.xml" "$W/records/token.xml"

# --- a link to a valid record elsewhere: refused, not published -------------------
brun build
expect_rc 0 "a clean build"
ln -s "$S/planted.xml" "$W/records/planted.xml"
brun build
expect_rc 2 "build, a linked record"
refused records/planted.xml "build, a linked record" "a symbolic link"
expect_in "$ERR" "nothing written" "build, a linked record"
count_check
if grep -rq "$CANARY" "$W/out"; then fail "the linked record was published"; fi
no_canary "build, a linked record"
# the no-op fast path hashes the records: a link replacing a record with
# the same bytes would pass for current if it were followed
mv "$W/$SEED" "$S/same.xml"
ln -s "$S/same.xml" "$W/$SEED"
rm "$W/records/planted.xml"
traced build
expect_rc 2 "no-op build, a record swapped for a link to the same bytes"
refused "$SEED" "no-op build, swapped record" "a symbolic link"
never_opened "$S/same.xml" "no-op build"
opened_nofollow "$SEED" "no-op build"
rm "$W/$SEED"
mv "$S/same.xml" "$W/$SEED"

# --- a FIFO and a folder named like records ------------------------------------------
if mkfifo "$W/records/x.xml"; then
	run -d "$W" validate records
	expect_rc 2 "a FIFO named x.xml (within 2 s: no hang)"
	refused records/x.xml "a FIFO" "a FIFO"
	brun build
	expect_rc 2 "build, a FIFO named x.xml"
	refused records/x.xml "build, a FIFO" "a FIFO"
	rm "$W/records/x.xml"
else
	fail "mkfifo failed"
fi
mkdir "$W/records/y.xml"
run -d "$W" validate records
expect_rc 2 "a folder named y.xml"
refused records/y.xml "a folder named y.xml" "a folder"
rmdir "$W/records/y.xml"
if python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$W/records/z.xml"; then
	run -d "$W" validate records
	expect_rc 2 "a socket named z.xml"
	refused records/z.xml "a socket named z.xml" "a socket"
	rm "$W/records/z.xml"
else
	fail "no socket could be made"
fi

# --- a linked template ----------------------------------------------------------------
brun build --force
expect_rc 0 "a clean build again"
mv "$W/templates/cover.md" "$S/cover-real.md"
ln -s "$S/cover.md" "$W/templates/cover.md"
traced build
expect_rc 2 "build, templates/cover.md a link to a secret"
refused templates/cover.md "a linked template" "a symbolic link"
no_canary "a linked template"
count_check
if grep -rq "$CANARY" "$W/out"; then fail "the linked template was published"; fi
never_opened "$S/cover.md" "a linked template"
opened_nofollow templates/cover.md "a linked template"
rm "$W/templates/cover.md"
mv "$S/cover-real.md" "$W/templates/cover.md"
# the style, the publication and the catalogue likewise
for t in style.xml publication.xml standards.xml; do
	mv "$W/templates/$t" "$S/$t"
	ln -s "$S/$t" "$W/templates/$t"
	brun build --check
	expect_rc 2 "build --check, templates/$t a link"
	refused "templates/$t" "templates/$t a link" "a symbolic link"
	rm "$W/templates/$t"
	mv "$S/$t" "$W/templates/$t"
done
# --- the folders themselves as links (git commits a link as a link) ---------------
# O_NOFOLLOW guards a path's last component only: records/ or templates/
# as a link to a folder elsewhere would have that folder's files read,
# quoted and published, and a font in templates/ as a link any file read
mkdir -p "$S/recs" "$S/tpl"
cp "$W"/records/*.xml "$S/recs/"
cp "$S/token.xml" "$S/recs/"
sed -i "s|<title>[^<]*</title>|<title>Outside $CANARY</title>|" "$S/recs/${SEED#records/}"
mv "$W/records" "$W/records-real"
ln -s "$S/recs" "$W/records"
for cmd in validate build; do
	brun $cmd
	expect_rc 2 "$cmd, records/ a link to a folder elsewhere"
	refused records "$cmd: records/ a link" "a symbolic link to a folder"
	no_canary "$cmd: records/ a link"
done
count_check
if grep -rq "$CANARY" "$W/out"; then fail "a linked records/ was published"; fi
rm "$W/records"
mv "$W/records-real" "$W/records"
cp -r "$W/templates/." "$S/tpl/"
printf '%s: the cover must never print this\n' "$CANARY" >"$S/tpl/cover.md"
mv "$W/templates" "$W/templates-real"
ln -s "$S/tpl" "$W/templates"
brun build --force
expect_rc 2 "build, templates/ a link to a folder elsewhere"
refused templates/style.xml "templates/ a link" "in a folder that is a symbolic link"
no_canary "templates/ a link"
count_check
if grep -rq "$CANARY" "$W/out"; then fail "a linked templates/ was published"; fi
rm "$W/templates"
mv "$W/templates-real" "$W/templates"
cp "$GPD_SOURCE_DIR/templates/DejaVuSerif.ttf" "$S/Linked.ttf" 2>/dev/null ||
	cp /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf "$S/Linked.ttf"
ln -s "$S/Linked.ttf" "$W/templates/Linked.ttf"
cp "$W/templates/style.xml" "$S/style-real.xml"
sed -i '0,/regular="/s#regular="[^"]*"#regular="Linked.ttf"#' "$W/templates/style.xml"
traced build --force
expect_rc 1 "build, a font in templates/ that is a link"
expect_in "$ERR" "templates/style.xml" "the style file is named"
never_opened "$S/Linked.ttf" "a linked font"
count_check
if grep -F '"templates/Linked.ttf"' "$GPD_TMP/trace" | grep -v 'ELOOP' | grep -q .; then
	fail "templates/Linked.ttf was opened"
fi
cp "$S/style-real.xml" "$W/templates/style.xml"
rm "$W/templates/Linked.ttf"

run -d "$W" validate records
expect_rc 0 "everything restored: valid again"

gpd_finish
