#!/bin/bash
# incremental.sh: issue 6's acceptance (except the kill test, killtest.sh).
# --check decides from content, not timestamps; one changed record makes
# exactly its three editions stale; a no-op build rewrites nothing and says
# so; --jobs does not change a byte; removed editions are reported, then
# deleted; --force; SOURCE_DATE_EPOCH; unwritable output folders; the
# progress line only on a terminal; --quiet.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace
need qpdf

OUTPUTS="compendium digests/london digests/se-england digests/west-midlands handouts/birmingham handouts/thurrock handouts/tower-hamlets"

# stale_list [DIR]: the outputs (relative to DIR, default out) the last
# --check called stale or missing; an HTML site's files as its folder
# ("compendium/"; a long name is cut short by the diagnostics' quoting).
stale_list() {
	sed -nE -e "s|^gpdigest: error: ${1:-out}/([^ ]*) is (stale\|missing).*\[stale\]\$|\1|p" \
		-e "s|^gpdigest: error: and [0-9]+ more files of ${1:-out}/([^ ]*/) are .*\[stale\]\$|\1|p" \
		"$WORK/last" | sed -E 's#^(.*/)[^/]*(\.html|style\.css|…)$#\1#' | LC_ALL=C sort -u
}
# expect_stale [-d DIR] EDITION...: --check names exactly these editions'
# .md, .pdf and HTML pages.
expect_stale() {
	local e want="" dir=out
	if [ "$1" = -d ]; then dir=$2; shift 2; fi
	for e in "$@"; do want+="$e.md"$'\n'"$e.pdf"$'\n'"$e/"$'\n'; done
	want=$(printf '%s' "$want" | LC_ALL=C sort)
	if [ "$(stale_list "$dir")" = "$want" ]; then return 0; fi
	echo "     named: $(stale_list "$dir" | tr '\n' ' ')"
	echo "     wanted: $(echo $want)"
	return 1
}
# changed BEFORE AFTER: the files whose mtime or size changed, sorted.
changed() { join -1 3 -2 3 -o 0,1.1,2.1 <(sort -k3 "$1") <(sort -k3 "$2") | awk '$2 != $3 { print $1 }'; }

echo "== a no-op build rewrites nothing and says so"
expect_rc 0 "build" B out
expect_rc 0 "--check right after a build" B out --check
check "it says current" has "checked 7 editions against out: current"
snapshot out >"$WORK/before"
sleep 1.1
expect_rc 0 "second build with no changes" B out
snapshot out >"$WORK/after"
check "no file in out/ rewritten, the manifest included (mtimes and sizes unchanged)" \
	diff "$WORK/before" "$WORK/after"
check "the summary says nothing was built" has "0 editions built, 7 current"
sleep 1.1
expect_rc 0 "a no-op build after touching every input" bash -c 'find records templates -type f -exec touch {} + && "$0" build --records records --templates templates --out out' "$GPDIGEST"
check "touching inputs rebuilds nothing either" diff "$WORK/before" <(snapshot out)
check "and says so" has "0 editions built, 7 current"

echo "== --check after touching every file"
find out records templates -type f -exec touch -d '2001-02-03 04:05:06' {} +
expect_rc 0 "--check after every file's mtime went back to 2001" B out --check
find out records templates -type f -exec touch {} +
expect_rc 0 "--check after touching every file (now)" B out --check
# the outputs copied without the manifest are current too (decided from
# content), but the folder is not what a build leaves: it lacks the manifest
mkdir clone && cp -r out/compendium out/compendium.* out/digests out/handouts clone/
expect_rc 1 "--check of a copy without the manifest" B clone --check
check "names no output (they are current, decided from content)" test -z "$(stale_list clone)"
check "names the manifest" has "clone/.gpdigest-manifest is not what a build writes"
snapshot out >"$WORK/before"
sleep 1.1
expect_rc 0 "a build after touching every file" B out
check "rewrites no output and not the manifest (only the uncommitted cache notes the new times)" \
	diff <(grep -v gpdigest-cache "$WORK/before") <(snapshot out | grep -v gpdigest-cache)
check "and says nothing was built" has "0 editions built, 7 current"

echo "== one record's title changed"
cp records/thurrock-sexual-health-worker.xml "$WORK/thurrock.orig"
sed -i 's|<title>\([^<]*\)</title>|<title>\1 (revised)</title>|' records/thurrock-sexual-health-worker.xml
check "the title was edited" grep -q '(revised)</title>' records/thurrock-sexual-health-worker.xml
snapshot out >"$WORK/before"
expect_rc 1 "--check after editing Thurrock's title" B out --check
check "it names the compendium, digests/se-england and handouts/thurrock, and no other output" \
	expect_stale compendium digests/se-england handouts/thurrock
check "it says out of date" has "against out: out of date"
check "--check wrote nothing" diff <(snapshot out) "$WORK/before"
sleep 1.1
expect_rc 0 "build after the edit" B out
check "3 editions rebuilt, 4 current" has "3 editions built, 4 current"
snapshot out >"$WORK/after"
check "exactly those six files, pages of their three sites (and the manifest and cache) rewritten" diff \
	<(changed "$WORK/before" "$WORK/after" | sed -E 's|^(.*/)[^/]*\.html$|\1|' | LC_ALL=C sort -u) \
	<(printf '%s\n' ./.gpdigest-cache ./.gpdigest-manifest ./compendium.md ./compendium.pdf ./compendium/ \
		./digests/se-england.md ./digests/se-england.pdf ./digests/se-england/ \
		./handouts/thurrock.md ./handouts/thurrock.pdf ./handouts/thurrock/ | LC_ALL=C sort)
expect_rc 0 "--check after the rebuild" B out --check
sed -i 's|<title>\([^<]*\)</title>|<title>\1 (again)</title>|' records/tower-hamlets-user-involvement.xml
expect_rc 1 "--check after editing a Tower Hamlets title" B out --check
check "it names the compendium, digests/london and handouts/tower-hamlets only" \
	expect_stale compendium digests/london handouts/tower-hamlets
expect_rc 0 "rebuild" B out
cp "$WORK/thurrock.orig" records/thurrock-sexual-health-worker.xml
expect_rc 1 "--check after restoring Thurrock's title" B out --check
check "it names Thurrock's three editions again" expect_stale compendium digests/se-england handouts/thurrock
expect_rc 0 "rebuild" B out

echo "== a damaged output is found and repaired"
printf 'junk' >>out/digests/london.md
expect_rc 1 "--check after appending to digests/london.md" B out --check
check "it names only that file" test "$(stale_list)" = digests/london.md
head -c 1000 out/handouts/thurrock.pdf >"$WORK/t" && cat "$WORK/t" >out/handouts/thurrock.pdf
rm out/digests/west-midlands.pdf
expect_rc 1 "--check after truncating a PDF and deleting another" B out --check
check "it names the three damaged files" test "$(stale_list | tr '\n' ' ')" = "digests/london.md digests/west-midlands.pdf handouts/thurrock.pdf "
check "a deleted file is called missing" has "out/digests/west-midlands.pdf is missing"
expect_rc 0 "a plain build repairs them" B out
check "the 3 damaged editions rebuilt, 4 current" has "3 editions built, 4 current"
expect_rc 0 "--check after the repair" B out --check
check "the repaired PDF is valid" qpdf_ok out/handouts/thurrock.pdf

echo "== --jobs does not change a byte"
for j in 1 2 4 16; do
	expect_rc 0 "fresh build --jobs $j" B jobs$j --jobs $j
done
check "--jobs 1 and --jobs 4 give identical trees (diff -r)" same_tree jobs1 jobs4
check "--jobs 2 and --jobs 16 too" same_tree jobs2 jobs16
check "and the incremental out/ is byte-identical to a fresh build" same_tree out jobs1
expect_rc 0 "--jobs 4 --force over the --jobs 1 tree" B jobs1 --jobs 4 --force
check "still identical" same_tree jobs1 jobs4
expect_rc 2 "--jobs 0 is a usage error" B jobs0 --jobs 0
expect_rc 2 "--jobs x is a usage error" B jobs0 --jobs x

echo "== --force"
snapshot out >"$WORK/before"
sleep 1.1
expect_rc 0 "build --force" B out --force
check "--force renders all 7 editions" has "7 editions built, 0 current"
check "identical bytes are still not rewritten" diff "$WORK/before" <(snapshot out)
# A manifest that claims an output is current while the file is not what
# a build writes (a stale renderer with the same identity): a plain build
# trusts it, --force does not.
if have python3; then
	printf '# hand-edited\n' >>out/compendium.md
	python3 - out <<'EOF'
import sys
out = sys.argv[1]
M = (1 << 64) - 1
P1, P2, P3 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
def rotl(x, r): return ((x << r) | (x >> (64 - r))) & M
def rnd(acc, w): return (rotl((acc + w * P2) & M, 31) * P1) & M
def word(b, i): return int.from_bytes(b[i:i + 8], "little")
def gpd_hash(b, h=0xcbf29ce484222325):  # src/build/output.c
    n, i = len(b), 0
    lanes = [(h + P1 + P2) & M, (h + P2) & M, h, (h - P1) & M]
    while i + 32 <= n:
        lanes = [rnd(lanes[k], word(b, i + 8 * k)) for k in range(4)]
        i += 32
    x = ((rotl(lanes[0], 1) + rotl(lanes[1], 7) + rotl(lanes[2], 12) + rotl(lanes[3], 18)) & M) ^ n
    while i + 8 <= n:
        x = (rotl(x ^ rnd(0, word(b, i)), 27) * P1 + P3) & M
        i += 8
    while i < n:
        x = (rotl(x ^ ((b[i] * P3) & M), 11) * P1) & M
        i += 1
    x ^= x >> 33; x = (x * P2) & M; x ^= x >> 29; x = (x * P3) & M
    return x ^ (x >> 32)
lines = open(out + "/.gpdigest-manifest").read().split("\n")
for i, l in enumerate(lines):
    f = l.split("\t")
    if len(f) == 3 and f[0] == "compendium.md":
        f[2] = "%016x" % gpd_hash(open(out + "/compendium.md", "rb").read())
        lines[i] = "\t".join(f)
open(out + "/.gpdigest-manifest", "w").write("\n".join(lines))
EOF
	expect_rc 0 "a plain build trusts the manifest" B out
	check "it skips everything" has "0 editions built, 7 current"
	check "so the edit stays" grep -q '# hand-edited' out/compendium.md
	expect_rc 1 "--check is not fooled (it compares content)" B out --check
	check "it names compendium.md" test "$(stale_list)" = compendium.md
	check "and why a plain build keeps it (an edit, or a program whose output format was not raised)" \
		has "GPD_OUTPUT_FORMAT (include/gpdigest/version.h) must be raised"
	expect_rc 0 "build --force" B out --force
	check "--force rewrote it" eval '! grep -q "# hand-edited" out/compendium.md'
	expect_rc 0 "--check after --force" B out --check
fi

echo "== --format builds one format and leaves the other alone"
snapshot out >"$WORK/before"
expect_rc 0 "build --format md over a full out/" B out --format md
check "the PDFs are kept, untouched" diff <(grep '\.pdf$' "$WORK/before") <(snapshot out | grep '\.pdf$')
check "and still tracked by the manifest" test "$(grep -c '\.pdf	' out/.gpdigest-manifest)" -eq 7
expect_rc 0 "--check --format md" B out --check --format md
# The formats are one of a build's inputs: the outputs are current, but a
# build of both formats would rewrite the manifest, which --check says.
expect_rc 1 "--check (both formats)" B out --check
check "names only the manifest" has "out/.gpdigest-manifest is not what a build writes"
check "and no output" test -z "$(stale_list)"
expect_rc 0 "build --format pdf" B out --format pdf
check "the Markdown is kept" test "$(ls out/compendium.md out/digests/*.md out/handouts/*.md | wc -l)" -eq 7
expect_rc 0 "--check --format pdf" B out --check --format pdf
expect_rc 0 "build (both formats)" B out
expect_rc 0 "--check (both formats)" B out --check

echo "== an edition removed from publication.xml"
cp templates/publication.xml "$WORK/publication.orig"
echo 'keep me' >out/handouts/notes.txt
perl -0pi -e 's/\s*<edition name="handouts".*?\/>//s' templates/publication.xml
check "the handouts edition is gone from the copy" eval '! grep -q "name=\"handouts\"" templates/publication.xml'
expect_rc 1 "--check after removing the handouts edition" B out --check
for a in birmingham thurrock tower-hamlets; do
	for x in md pdf; do
		check "it reports handouts/$a.$x as no longer declared" \
			has "out/handouts/$a.$x is not declared by any edition any more"
	done
done
check "and nothing else (the other editions are current)" test -z "$(stale_list)"
check "--check deleted nothing" test -e out/handouts/thurrock.pdf
snapshot out >"$WORK/before"
expect_rc 0 "build after removing the edition" B out
# publication.xml is a template: every edition's inputs changed, so all 4
# re-render, but their bytes are the same and are not rewritten
check "4 editions now" has "4 editions built, 0 current"
check "the 4 remaining editions' files are not rewritten" diff \
	<(grep -v -e handouts/ -e manifest -e gpdigest-cache "$WORK/before") <(snapshot out | grep -v -e handouts/ -e manifest -e gpdigest-cache)
check "the handouts' outputs are deleted" test -z "$(ls out/handouts | grep -v notes.txt)"
check "a file gpdigest did not write is kept" test -e out/handouts/notes.txt
check "the manifest no longer lists them" eval '! grep -q "^handouts/" out/.gpdigest-manifest'
expect_rc 1 "--check after that build, with the file gpdigest did not write" B out --check
check "it names that file, which would be published" has "out/handouts/notes.txt was not written by a build"
check "and nothing else" test "$(grep -c 'error:' "$LAST")" = 1
mv out/handouts/notes.txt "$WORK/notes.txt"
expect_rc 0 "--check after that build" B out --check
mv "$WORK/notes.txt" out/handouts/notes.txt
cp "$WORK/publication.orig" templates/publication.xml
expect_rc 1 "--check after restoring the edition" B out --check
check "the handouts are reported missing" has "out/handouts/thurrock.pdf is missing"
expect_rc 0 "build restores them" B out
check "7 built" has "7 editions built, 0 current"
rm out/handouts/notes.txt
check "identical to a fresh build" same_tree out jobs1

echo "== SOURCE_DATE_EPOCH"
for v in abc -1 1e9 12.5 ' 1' 99999999999999999999 253402300800; do
	expect_rc 2 "SOURCE_DATE_EPOCH='$v' is a usage error" env SOURCE_DATE_EPOCH="$v" \
		"$GPDIGEST" build --records records --templates templates --out sde-bad
	check "it names the variable" has "SOURCE_DATE_EPOCH"
done
check "nothing written" test ! -e sde-bad
expect_rc 0 "SOURCE_DATE_EPOCH=0" env SOURCE_DATE_EPOCH=0 "$GPDIGEST" build --records records --templates templates --out sde0 --format md
check "the edition date is 1 January 1970" grep -q "1 January 1970" sde0/compendium.md
expect_rc 0 "SOURCE_DATE_EPOCH empty is unset" env SOURCE_DATE_EPOCH= "$GPDIGEST" build --records records --templates templates --out sde-empty --format md
check "same bytes as without it" diff sde-empty/compendium.md jobs1/compendium.md
expect_rc 1 "--check of a tree built with another SOURCE_DATE_EPOCH" B sde0 --check --format md
check "names every Markdown output" test "$(stale_list sde0 | wc -l)" -eq 7

echo "== output folders that cannot be written"
expect_rc 2 "--out '' is a usage error (it would write to /)" B ''
check "it says so" has "--out needs a folder name"
check "nothing written to /" test ! -e /compendium.md
echo "a file" >plain
leftovers() { find "$WORK" -name '.gpdigest-tmp-*' | head -5; }
expect_rc 2 "--out under a regular file" B plain/out
check "it names the path" has "plain/out"
check "no temporary file left" test -z "$(leftovers)"
expect_rc 2 "--out is a regular file" B plain
check "it names the path" has "plain: error: cannot write plain"
check "the file is untouched" test "$(cat plain)" = "a file"
expect_rc 2 "a subfolder of out/ is a file" bash -c '"$0" build --quiet --records records --templates templates --out sub 2>/dev/null && cp sub/.gpdigest-manifest sub.manifest && rm -r sub/digests && echo x >sub/digests && "$0" build --force --records records --templates templates --out sub' "$GPDIGEST"
check "it names the path" has "sub/digests/"
check "no temporary file left" test -z "$(leftovers)"
check "the manifest is not rewritten after a failed build" cmp -s sub.manifest sub/.gpdigest-manifest
# Root ignores permissions, so a read-only and a full file system are the
# real tests; they need a tmpfs mount (root in a container may lack it).
mkdir mnt
if mount -t tmpfs -o size=400k tmpfs mnt 2>/dev/null; then
	CLEANUP_EXTRA='umount "$WORK/mnt" 2>/dev/null'
	expect_rc 2 "a full file system (400 KB tmpfs: the outputs need about 800)" B mnt/out
	check "it names a path in it" has "mnt/out/"
	check "it says why" has "No space left on device"
	check "no temporary file left" test -z "$(leftovers)"
	for f in $(find mnt/out -name '*.pdf'); do
		check "what was written is complete: qpdf --check ${f#mnt/out/}" qpdf_ok "$f"
	done
	check "no manifest claims the failed outputs" test ! -e mnt/out/.gpdigest-manifest
	umount mnt
	mount -t tmpfs -o size=20m tmpfs mnt
	expect_rc 0 "build on a roomy tmpfs" B mnt/out
	mount -o remount,ro mnt
	sed -i 's|<title>\([^<]*\)</title>|<title>\1 (read-only)</title>|' records/birmingham-peer-education.xml
	expect_rc 2 "a build on the same tmpfs mounted read-only" B mnt/out
	check "it names the path" has "mnt/out"
	check "it says why" has "Read-only file system"
	check "no temporary file left" test -z "$(leftovers)"
	expect_rc 1 "--check still works on a read-only out/" B mnt/out --check
	check "and names Birmingham's editions" expect_stale -d mnt/out compendium digests/west-midlands handouts/birmingham
	umount mnt
	CLEANUP_EXTRA=
else
	echo "note: cannot mount a tmpfs here; full and read-only file systems not tested"
fi

echo "== a forged manifest cannot make a build delete anything"
echo victim >victim.txt
expect_rc 0 "build" B forged
mkdir -p forged/sub && echo victim >forged/sub/keep.txt
cp forged/.gpdigest-manifest forged.manifest
for line in '../victim.txt' "$WORK/victim.txt" 'sub/../../victim.txt' 'sub/keep.txt'; do
	cp forged.manifest forged/.gpdigest-manifest
	printf '%s\t0000000000000001\t0000000000000002\n' "$line" >>forged/.gpdigest-manifest
	expect_rc 2 "--check refuses a manifest naming $line" B forged --check
	check "it names the manifest's line" has "forged/.gpdigest-manifest:"
	check "and says it names a file no build writes" has "names a file no build writes"
	expect_rc 2 "a build refuses it too" B forged
	check "../victim.txt is not deleted" test -e victim.txt
	check "sub/keep.txt is not deleted" test -e forged/sub/keep.txt
done
cp forged.manifest forged/.gpdigest-manifest

echo "== diagnostics do not depend on --jobs"
B jd1 --jobs 1 2>"$WORK/e1" >/dev/null
B jd4 --jobs 4 2>"$WORK/e4" >/dev/null
check "same stderr for --jobs 1 and 4 (but the time)" diff <(sed 's/, [0-9.]* s$//' "$WORK/e1") <(sed 's/, [0-9.]* s$//' "$WORK/e4")

echo "== leftovers of a killed build are removed"
expect_rc 0 "build" B jobs1
echo partial >jobs1/.gpdigest-tmp-AbC123
echo partial >jobs1/digests/.gpdigest-tmp-XyZ789
expect_rc 0 "the next build" B jobs1
check "removes the temporary files" test -z "$(find jobs1 -name '.gpdigest-tmp-*')"

echo "== progress on a terminal only; --quiet"
expect_rc 0 "build --force, stderr not a terminal" B prog --force
check "no progress line" lacks "editions done"
cr=$(tr -cd '\r' <"$WORK/last" | wc -c)
check "no carriage return" test "$cr" -eq 0
check "a summary line" has "7 editions built"
expect_rc 0 "build --force --quiet" B prog --force --quiet
check "no summary" lacks "editions built"
check "errors only: no warning either" lacks "warning:"
expect_rc 0 "--check --quiet" B prog --check --quiet
check "no summary" lacks "checked 7 editions"
if have script; then
	cmd="'$GPDIGEST' build --records records --templates templates --out prog"
	expect_rc 0 "build --force on a (pseudo) terminal" script -qec "$cmd --force" /dev/null
	check "a progress line: records read, editions done of total" has "5 records read, 7 of 7 editions done"
	check "cleared before the summary" has $'\r\033[K'"gpdigest: 7 editions built"
	expect_rc 0 "build --force --quiet on a terminal" script -qec "$cmd --force --quiet" /dev/null
	check "no progress line" lacks "editions done"
	check "no summary" lacks "editions built"
fi

gpd_finish
