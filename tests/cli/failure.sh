#!/bin/bash
# tests/cli/failure.sh: failure injection. A full disk (a small tmpfs), a
# file-size limit (ulimit -f: EFBIG, SIGXFSZ ignored), out-of-memory
# (ulimit -v, swept across the whole build) and one allocation of the
# program's own failing (tests/cli/failmalloc.c) each end a build with exit 2
# and a diagnostic, leave out/ exactly as it was (same files, same bytes,
# no temporaries, the manifest untouched), and the next build recovers (or,
# an allocation the program can do without, the build writes what a build
# writes).
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"

SRC=$GPD_SOURCE_DIR
W=$GPD_TMP/failure
mkdir -p "$W"
cp -r "$SRC/records" "$W/records"
cp -r "$SRC/templates" "$W/templates"
# Two dates: every output of a build at B differs from the one at A, so a
# build at B over an out/ made at A must rewrite every file.
A=1700000000
B=1800000000

SAN=0
# (clang links the sanitizer runtimes statically: look inside the program)
grep -qa '__asan_init\|__ubsan_handle' "$GPDIGEST" && SAN=1

# build DATE OUT [EXTRA...]: one build, stdout and stderr kept; sets RC.
build() {
	local date=$1 out=$2
	shift 2
	SOURCE_DATE_EPOCH=$date timeout -k 5 300 "$GPDIGEST" build --quiet --jobs 2 \
		--records "$W/records" --templates "$W/templates" --out "$out" "$@" \
		>"$OUT" 2>"$ERR"
	RC=$?
}

# snapshot DIR: every entry (type, path, size) and every file's hash,
# hidden ones (the manifest, temporaries) included.
snapshot() {
	(cd "$1" && find . \( -type d -printf 'd %p\n' \) -o -printf '%y %p %s\n' | sort &&
		find . -type f -exec sha256sum {} + | sort)
}

# expect_unchanged DIR SNAPSHOT WHAT
expect_unchanged() {
	count_check
	if ! snapshot "$1" | cmp -s - "$2"; then
		fail "$3: out/ changed"
		snapshot "$1" | diff "$2" - | head -10 | sed 's/^/  | /'
	fi
}

# expect_failure WHAT REASON: exit 2, and an error line saying why.
expect_failure() {
	count_check
	if [ "$RC" -ne 2 ]; then
		fail "$1: exit status $RC, expected 2"
		sed 's/^/  | /' "$ERR" | tail -10
	fi
	expect_in "$ERR" "$2" "$1"
	count_check
	grep -Eq '^[^ ]+: error: .+ \[[a-z]+(-[a-z]+)*\]$' "$ERR" || fail "$1: no diagnostic line"
}

# the reference outputs at B, and out/ as a build at A left it
build "$B" "$W/ref"
count_check
[ "$RC" -eq 0 ] || fail "reference build: exit $RC"
build "$A" "$W/prev"
count_check
[ "$RC" -eq 0 ] || fail "first build: exit $RC"
snapshot "$W/prev" >"$W/prev.snap"
total=$(du -sk "$W/prev" | cut -f1)

# expect_recovered DIR WHAT: a build at B now succeeds and writes what a
# fresh one does (the manifest aside: it records file times).
expect_recovered() {
	build "$B" "$1"
	count_check
	[ "$RC" -eq 0 ] || fail "$2: the next build exits $RC"
	count_check
	diff -r -x .gpdigest-manifest -x .gpdigest-cache "$W/ref" "$1" >/dev/null || fail "$2: the next build differs from a fresh one"
}

# ---- a full disk: a tmpfs with 150 KiB to spare, room for any new
# Markdown but for no new PDF (each is over 300 KiB) ----

FS=$W/fs
mkdir -p "$FS"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=$((total + 150))k gpd-failure "$FS" 2>/dev/null; then
	trap 'umount "$FS" 2>/dev/null; rm -rf "$GPD_TMP"' EXIT
	cp -a "$W/prev" "$FS/out"
	build "$B" "$FS/out"
	expect_failure "disk full" "No space left on device"
	expect_in "$ERR" "[write]" "disk full"
	expect_unchanged "$FS/out" "$W/prev.snap" "disk full"
	# room again: the next build recovers
	mount -o remount,size=$((total * 4))k "$FS"
	expect_recovered "$FS/out" "disk full"
	umount "$FS"
	trap 'rm -rf "$GPD_TMP"' EXIT
else
	echo "skip: disk full on a tmpfs (mounting needs root; the file-size limit below stands in)"
fi

# ---- a file-size limit: a KiB under the smallest PDF the build writes ----

cp -a "$W/prev" "$W/out-fsize"
kib=$(( $(find "$W/prev" -name '*.pdf' -printf '%s\n' | sort -n | head -1) / 1024 - 1 ))
[ "$kib" -gt 0 ] || { echo "FAIL: no PDF in the previous build to size the limit by"; exit 1; }
(ulimit -f "$kib" && build "$B" "$W/out-fsize" && echo "$RC" >"$W/rc") 
RC=$(cat "$W/rc")
expect_failure "file-size limit" "File too large"
expect_unchanged "$W/out-fsize" "$W/prev.snap" "file-size limit"
expect_recovered "$W/out-fsize" "file-size limit"

# judged WHAT DIR: a build into DIR under an injected failure (RC set)
# ended as a build does (exit 0, and the files a build writes: returns 0)
# or as a failed one (exit 2, an error, out/ as it was: returns 1).
judged() {
	if [ "$RC" -eq 0 ]; then
		count_check
		diff -r -x .gpdigest-manifest -x .gpdigest-cache "$W/ref" "$2" >/dev/null ||
			fail "$1: exit 0 but out/ is not what a build writes"
		return 0
	fi
	expect_failure "$1" "error:"
	expect_unchanged "$2" "$W/prev.snap" "$1"
	return 1
}

# ---- out of memory: ulimit -v swept from too little to enough ----

if [ "$SAN" -eq 1 ]; then
	echo "skip: out-of-memory under ulimit -v (a sanitizer reserves terabytes of address space)"
else
	# the least address space the program starts in
	lo=16384
	while [ "$lo" -lt 1048576 ] && ! (ulimit -v "$lo" && "$GPDIGEST" --version) >/dev/null 2>&1; do
		lo=$((lo + 2048))
	done
	[ "$lo" -lt 1048576 ] || { echo "FAIL: the program does not start within 1 GiB of address space"; exit 1; }
	fails=0 ok=0 step=500 kb=$lo
	while [ "$kb" -lt $((lo + 200000)) ]; do
		rm -rf "$W/out-oom"
		cp -a "$W/prev" "$W/out-oom"
		(ulimit -v "$kb" && build "$B" "$W/out-oom" --jobs 1 && echo "$RC" >"$W/rc")
		RC=$(cat "$W/rc")
		if judged "out of memory at ulimit -v $kb" "$W/out-oom"; then
			ok=$((ok + 1))
			[ "$ok" -ge 3 ] && break # enough memory from here on
		else
			fails=$((fails + 1))
		fi
		kb=$((kb + step))
	done
	count_check
	[ "$fails" -ge 3 ] || fail "out of memory: only $fails failing runs between $lo and $kb KiB"
	count_check
	[ "$ok" -ge 1 ] || fail "out of memory: no run succeeded up to $kb KiB"
	echo "  out of memory: $fails runs failed cleanly between $lo and $kb KiB, then the build succeeded"
	expect_recovered "$W/out-oom" "out of memory"
fi
# ---- one allocation of the program's own failing, anywhere in a build ----
# ulimit -v fails whatever allocation comes last, and where depends on the
# threads: a build under it crashed now and then (a template's tree, NULL,
# freed). Here the Nth allocation the program's own code makes returns NULL
# (tests/cli/failmalloc.c, preloaded), for the first 24 and then 240 N
# spread over a whole build: each run ends as a build does (exit 0, and
# the files a build writes) or as a failed one (exit 2, an error, out/ as
# it was), never on a signal and never exit 0 with a file written short.

if [ "$SAN" -eq 1 ]; then
	echo "skip: allocation failures (a sanitizer's allocator cannot be preloaded over)"
elif [ ! -f "${GPD_FAILMALLOC:-}" ]; then
	count_check
	fail "allocation failures: GPD_FAILMALLOC (tests/CMakeLists.txt's gpd_failmalloc) is not built"
else
	# fail_build N OUT: a build at B with the Nth allocation failing (0: none)
	fail_build() {
		SOURCE_DATE_EPOCH=$B timeout -k 5 300 env LD_PRELOAD="$GPD_FAILMALLOC" \
			GPD_FAIL_ALLOC="$1" GPD_FAIL_COUNT="$W/allocs" "$GPDIGEST" build --quiet \
			--jobs 1 --records "$W/records" --templates "$W/templates" --out "$2" \
			>"$OUT" 2>"$ERR"
		RC=$?
	}
	rm -rf "$W/out-alloc"
	cp -a "$W/prev" "$W/out-alloc"
	fail_build 0 "$W/out-alloc"
	allocs=$(cat "$W/allocs" 2>/dev/null || echo 0)
	count_check
	[ "$RC" -eq 0 ] && [ "$allocs" -gt 1000 ] ||
		fail "allocation failures: counting the build's allocations (exit $RC, $allocs counted)"
	failed=0 built=0
	for n in $(seq 1 24) $(seq 25 $(( (allocs - 25) / 240 + 1 )) "$allocs"); do
		rm -rf "$W/out-alloc"
		cp -a "$W/prev" "$W/out-alloc"
		fail_build "$n" "$W/out-alloc"
		if judged "allocation $n of $allocs failing" "$W/out-alloc"; then
			built=$((built + 1))
		else
			failed=$((failed + 1))
		fi
	done
	echo "  allocation failures: $failed runs failed cleanly, $built built as a build does"
	count_check
	[ "$failed" -ge 200 ] || fail "allocation failures: only $failed of the runs failed"
fi

gpd_finish
