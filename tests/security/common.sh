# common.sh: what the security cases share. Source it after tests/lib.sh.
# Each case works in a scratch copy of the shipped records and templates
# ($W), with out/ built once from them, and compares out/ before and after
# (snapshot) to prove the published set is intact.

W=$GPD_TMP/work
mkdir -p "$W"
cp -r "$GPD_SOURCE_DIR/records" "$GPD_SOURCE_DIR/templates" "$W/"
cd "$W" || exit 1

# G ARGS...: gpdigest with a generous bound (a sanitizer build is slow);
# stdout and stderr to $OUT and $ERR, status in RC.
G() {
	timeout -k 5 300 "$GPDIGEST" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# snapshot DIR: every file's path, type and checksum (links as links).
snapshot() {
	(cd "$1" && find . \( -type f -o -type l \) ! -name .gpdigest-lock -printf '%y %p %l\n' |
		sort | while read -r type path link; do
			if [ "$type" = f ]; then echo "f $path $(sha256sum <"$path" | cut -c1-16)"
			else echo "l $path -> $link"; fi
		done)
}

# expect_same_tree SNAPFILE DIR WHAT
expect_same_tree() {
	count_check
	if ! diff <(cat "$1") <(snapshot "$2") >"$GPD_TMP/tree.diff"; then
		fail "$3: $2 changed"
		sed 's/^/  | /' "$GPD_TMP/tree.diff" | head -10
	fi
}

# traced FILE ARGS...: gpdigest under strace, its file-system calls kept in
# FILE (every path it opened, renamed, linked or removed).
traced() {
	local log=$1
	shift
	# LeakSanitizer cannot run under ptrace: the untraced runs check leaks
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" timeout -k 5 300 strace -f -qq -y -e trace=openat,open,unlinkat,unlink,renameat,renameat2,rename,linkat,mkdirat,mkdir,symlinkat \
		-o "$log" "$GPDIGEST" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# expect_no_touch LOG PATH WHAT: the traced run never named PATH (a file or
# folder outside records/, templates/ and out/) nor held a descriptor of
# anything under it (strace -y prints the path behind every descriptor).
expect_no_touch() {
	count_check
	if grep -F -- "$2" "$1" >"$GPD_TMP/touch"; then
		fail "$3: the program reached $2"
		sed 's/^/  | /' "$GPD_TMP/touch" | head -5
	fi
}

need_strace() {
	if ! command -v strace >/dev/null; then
		if [ "${CI:-}" = true ]; then
			echo "FAIL: strace is missing (.ci/setup installs it)"
			exit 1
		fi
		echo "skip: strace is not installed"
		exit 77
	fi
}

G build --quiet
[ "$RC" -eq 0 ] || { echo "FAIL: the first build of the shipped records: exit $RC"; cat "$ERR"; exit 1; }
snapshot out >"$GPD_TMP/published.snap"
