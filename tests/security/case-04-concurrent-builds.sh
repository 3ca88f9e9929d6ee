#!/usr/bin/env bash
# Case 4: two builds into the same out/: the second once deleted the first's
# temporary files and the first then failed with a misleading "cannot write
# ...: No such file or directory". Now the folder has a lock: a second build
# fails at once with "another build is running (pid N)", or waits with
# --wait; --check takes a shared lock; the first build is unharmed.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
. "$GPD_SOURCE_DIR/tests/security/common.sh"

# hold the lock with flock(1), exactly as a running build would hold it
command -v flock >/dev/null || { echo "FAIL: flock (util-linux) is missing"; exit 1; }
lock() { # SECONDS: hold out/.gpdigest-lock exclusively in the background
	flock -x out/.gpdigest-lock sh -c 'echo 4242 >out/.gpdigest-lock; sleep "$0"' "$1" &
	HOLDER=$!
	for _ in $(seq 50); do [ -s out/.gpdigest-lock ] && break; sleep 0.1; done
}

lock 30
G build --force
expect_rc 2 "a second build while the folder is locked"
expect_in "$ERR" "another build is running (pid 4242)" "it names the running build's pid"
expect_in "$ERR" "[busy]" "with its code"
expect_same_tree "$GPD_TMP/published.snap" out "the locked folder"
G build --check
expect_rc 2 "--check while a build holds the lock"
expect_in "$ERR" "another build is running" "it says so too"
kill "$HOLDER"; wait "$HOLDER" 2>/dev/null

lock 2
start=$(date +%s)
G build --force --wait --quiet
expect_rc 0 "build --wait waits for the lock, then builds"
count_check; [ $(( $(date +%s) - start )) -ge 1 ] || fail "it did wait for the holder"
wait "$HOLDER" 2>/dev/null

# two real builds at once: each either builds or says the folder is busy;
# neither fails otherwise, and out/ ends whole and current
for i in 1 2 3; do
	SOURCE_DATE_EPOCH=$((1700000000 + i)) timeout 300 "$GPDIGEST" build --force --quiet 2>"$GPD_TMP/a.err" &
	a=$!
	SOURCE_DATE_EPOCH=$((1700000000 + i)) timeout 300 "$GPDIGEST" build --force --quiet 2>"$GPD_TMP/b.err"
	rb=$?
	wait $a; ra=$?
	for r in "$ra:a" "$rb:b"; do
		count_check
		case ${r%%:*} in
		0) ;;
		2) grep -q '\[busy\]' "$GPD_TMP/${r#*:}.err" || fail "round $i: a build failed without saying the folder is busy: $(cat "$GPD_TMP/${r#*:}.err")" ;;
		*) fail "round $i: a build exited ${r%%:*}" ;;
		esac
	done
	count_check; grep -q "No such file" "$GPD_TMP/a.err" "$GPD_TMP/b.err" && fail "round $i: a misleading 'No such file'"
	SOURCE_DATE_EPOCH=$((1700000000 + i)) G build --check --quiet
	expect_rc 0 "round $i: out/ is current afterwards"
	count_check; [ -z "$(find out -name '.gpdigest-tmp-*' -o -name .gpdigest-lock)" ] || fail "round $i: no temporary or lock file left"
done
gpd_finish
