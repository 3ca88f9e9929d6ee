#!/usr/bin/env bash
# Case 2: out/ and its manifest are committed, so a pull request can change
# them. A symlink out/evil -> a folder elsewhere plus a manifest line
# "evil/precious.txt" once made `build --check` advise a build and `build`
# unlink the file outside the repository; any file inside out/ could be
# named and deleted the same way. Now a manifest line may name only an
# output a build writes; every other line is refused (exit 2) naming the
# line, nothing is deleted, and no symlink inside out/ is ever followed
# (strace shows the program never reaches the folder outside). The HTML
# editions' folders of pages widen what a build writes by exactly
# EDITION/PAGE.html and EDITION/style.css, and no more.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
. "$GPD_SOURCE_DIR/tests/security/common.sh"
need_strace

V=$GPD_TMP/victim
mkdir -p "$V"
echo precious >"$V/precious.txt"
echo precious >"$V/london.md"
echo precious >"$V/thurrock.pdf"
echo keep >out/notes.txt
snapshot "$V" >"$GPD_TMP/victim.snap"
ln -s "$V" out/evil
snapshot out >"$GPD_TMP/attacked.snap"
cp out/.gpdigest-manifest manifest.good

attack() { # LINE: the committed manifest plus one forged line
	cp manifest.good out/.gpdigest-manifest
	printf '%s\t0000000000000000\t0000000000000000\n' "$1" >>out/.gpdigest-manifest
	snapshot out >"$GPD_TMP/attacked.snap"
}

for line in evil/precious.txt ../precious.txt "$V/precious.txt" notes.txt records/x.xml \
	evil/../../x.md digests/../evil/london.md .gpdigest-manifest 'digests/Upper.md' 'a//b.md' \
	index.html compendium/../x.html compendium/a/b/c.html compendium/X.html compendium/a--b.html \
	compendium/.html compendium/index.htm compendium/evil.css compendium/style.css.html \
	'compendium/x.html/' evil/../style.css; do
	attack "$line"
	traced "$GPD_TMP/check.trace" build --check
	expect_rc 2 "--check with the manifest line '$line'"
	expect_in "$ERR" ".gpdigest-manifest:" "'$line': the diagnostic names the manifest and its line"
	expect_in "$ERR" "[manifest]" "'$line': with its code"
	expect_not_in "$ERR" "run 'gpdigest build' to remove" "'$line': --check no longer advises a build"
	traced "$GPD_TMP/build.trace" build
	expect_rc 2 "build with the manifest line '$line'"
	expect_same_tree "$GPD_TMP/attacked.snap" out "'$line': out/"
	expect_same_tree "$GPD_TMP/victim.snap" "$V" "'$line': the folder outside"
	expect_no_touch "$GPD_TMP/check.trace" "$V" "'$line': --check"
	expect_no_touch "$GPD_TMP/build.trace" "$V" "'$line': build"
done

# Output-shaped names behind the link: well-formed lines, so the build
# runs, but the walk from out/ never follows evil/ and removes nothing.
for line in evil/london.md evil/thurrock.pdf evil/precious.html evil/style.css digests/evil/x.html; do
	attack "$line"
	traced "$GPD_TMP/build.trace" build --quiet
	expect_rc 0 "build with the well-formed line '$line' behind a link"
	expect_same_tree "$GPD_TMP/victim.snap" "$V" "'$line': the folder outside"
	expect_no_touch "$GPD_TMP/build.trace" "$V" "'$line': build"
done

# A file an editor put in out/, named in the manifest as an output no
# edition declares: removed only if it holds the bytes a build wrote.
cp manifest.good out/.gpdigest-manifest
echo "my notes" >out/digests/old-region.md
printf 'digests/old-region.md\t0000000000000000\t0000000000000000\n' >>out/.gpdigest-manifest
G build
expect_rc 0 "build with an undeclared output someone changed"
expect_in "$ERR" "[kept]" "it is kept, with a warning"
count_check; [ -f out/digests/old-region.md ] || fail "the changed file is still there"

# Links where outputs go: a link in place of an output file is replaced
# by the file (the link, not its target); a linked edition folder is
# refused; the manifest itself as a link is never read.
rm -f out/digests/london.md && ln -s "$V/london.md" out/digests/london.md
traced "$GPD_TMP/build.trace" build --quiet
expect_rc 0 "an output that is a link is replaced by the output"
count_check; [ -f out/digests/london.md ] && [ ! -L out/digests/london.md ] || fail "out/digests/london.md is a file again"
expect_same_tree "$GPD_TMP/victim.snap" "$V" "the link's target"
expect_no_touch "$GPD_TMP/build.trace" "$V" "replacing the link"
mv out/handouts handouts.real && ln -s "$V" out/handouts
traced "$GPD_TMP/build.trace" build --force
expect_rc 2 "an edition folder that is a link"
expect_in "$ERR" "never followed" "it says links are never followed"
expect_same_tree "$GPD_TMP/victim.snap" "$V" "the linked folder"
expect_no_touch "$GPD_TMP/build.trace" "$V" "writing into it"
rm out/handouts && mv handouts.real out/handouts
# the same for an edition's folder of pages
mv out/compendium compendium.real && ln -s "$V" out/compendium
traced "$GPD_TMP/build.trace" build --force
expect_rc 2 "an HTML edition's folder that is a link"
expect_in "$ERR" "never followed" "it says links are never followed"
expect_same_tree "$GPD_TMP/victim.snap" "$V" "the linked folder of pages"
expect_no_touch "$GPD_TMP/build.trace" "$V" "writing pages into it"
rm out/compendium && mv compendium.real out/compendium
mv out/.gpdigest-manifest manifest.moved && ln -s "$V/precious.txt" out/.gpdigest-manifest
traced "$GPD_TMP/build.trace" build --check
expect_rc 2 "a manifest that is a link"
expect_in "$ERR" "[manifest]" "it is refused"
expect_no_touch "$GPD_TMP/build.trace" "$V" "reading it"
rm out/.gpdigest-manifest && mv manifest.moved out/.gpdigest-manifest
# a folder where an output goes fails the build before anything is put
# in place: not half the editions new and the manifest old
G build --force
expect_rc 0 "a clean build before the folders"
sed -i 's/<title>/<title>Changed: /' records/tower-hamlets-user-involvement.xml
for where in digests/london.pdf compendium/style.css; do
	mv "out/$where" moved.aside && mkdir "out/$where"
	snapshot out >"$GPD_TMP/before.snap"
	G build
	expect_rc 2 "a build with a folder at out/$where"
	expect_in "$ERR" "out/$where: error: cannot write out/$where: Is a directory [write]" "it names the folder"
	expect_same_tree "$GPD_TMP/before.snap" out "out/ after the failed build (a folder at $where)"
	rmdir "out/$where" && mv moved.aside "out/$where"
done
git -C "$W" checkout -q records 2>/dev/null || sed -i 's/<title>Changed: /<title>/' records/tower-hamlets-user-involvement.xml
# files a pull request plants in out/ (published with it): --check names
# each one; a build keeps them (it removes only what it wrote)
echo '<script>location="https://evil.example/"</script>' >out/compendium/evil.html
echo 'AddHandler cgi-script .html' >out/.htaccess
mkdir -p out/digests/fake/a && echo '<script>1</script>' >out/digests/fake/a/index.html
G build --check
expect_rc 1 "--check with files no build wrote"
for f in compendium/evil.html .htaccess digests/fake/a/index.html; do
	expect_in "$ERR" "out/$f was not written by a build" "--check names out/$f"
done
rm -r out/compendium/evil.html out/.htaccess out/digests/fake
# the build's own names standing for something it never makes: said by name
for what in "lock-link .gpdigest-lock" "lock-folder .gpdigest-lock" "manifest-folder .gpdigest-manifest"; do
	set -- $what
	[ "$2" = .gpdigest-manifest ] && mv out/.gpdigest-manifest manifest.aside
	case $1 in
	*-link) ln -s "$V/precious.txt" "out/$2" ;;
	*) mkdir "out/$2" ;;
	esac
	G build
	expect_rc 2 "a build with out/$2 a ${1#*-}"
	expect_in "$ERR" "its $2 is not a file (a build writes one there): remove it" "it names out/$2"
	expect_same_tree "$GPD_TMP/victim.snap" "$V" "the link's target ($1)"
	rm -r "out/$2"
	[ "$2" = .gpdigest-manifest ] && mv manifest.aside out/.gpdigest-manifest
done
ln -sfn "$W/out" linked-out
G build --out linked-out
expect_rc 2 "an output folder that is itself a link"
expect_in "$ERR" "is a symbolic link" "it says so"
gpd_finish
