#!/usr/bin/env bash
# Case 6: Ctrl-C or SIGTERM during a build left .gpdigest-tmp-* files until
# the next build, and --check did not report a leftover temporary. Now the
# signals remove the staged temporaries and exit 130 / 143, and --check
# reports a leftover temporary (from a build killed outright) as stale.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
. "$GPD_SOURCE_DIR/tests/security/common.sh"

# A corpus big enough that a build is still staging files when the signal
# comes: the shipped records copied 60 times under other ids.
mkdir -p big/records
for f in records/*.xml; do
	id=$(basename "$f" .xml)
	for i in $(seq 60); do
		sed "s/id=\"$id\"/id=\"$id-$i\"/" "$f" >"big/records/$id-$i.xml"
	done
done
cp -r templates big/

for sig in INT TERM; do
	want=$([ $sig = INT ] && echo 130 || echo 143)
	caught=0
	for delay in 0.3 0.6 1 1.5 2 3; do
		rm -rf big/out
		(cd big && exec env --default-signal=INT,TERM "$GPDIGEST" build --force --jobs 2) >/dev/null 2>"$GPD_TMP/sig.err" &
		pid=$!
		# signal once the build has staged something (or after delay)
		for _ in $(seq 100); do
			[ -n "$(find big/out -name '.gpdigest-tmp-*' 2>/dev/null)" ] && break
			sleep 0.02
		done
		sleep "$delay"
		kill -$sig $pid 2>/dev/null
		wait $pid
		rc=$?
		[ $rc -eq 0 ] && continue # finished first: try sooner next time
		caught=1
		count_check; [ $rc -eq "$want" ] || fail "SIG$sig: exit $rc, expected $want"
		expect_in "$GPD_TMP/sig.err" "interrupted by SIG$sig" "SIG$sig: it says so"
		count_check; [ -z "$(find big/out -name '.gpdigest-tmp-*' 2>/dev/null)" ] ||
			fail "SIG$sig: temporaries left: $(find big/out -name '.gpdigest-tmp-*' | head -3)"
		count_check; [ ! -e big/out/.gpdigest-lock ] || fail "SIG$sig: the lock file is left"
		break
	done
	count_check; [ $caught -eq 1 ] || fail "SIG$sig: every build finished before the signal"
done

# a build killed outright (SIGKILL) cannot clean up: --check says so
(cd big && exec "$GPDIGEST" build --quiet) 2>/dev/null
echo partial >big/out/digests/.gpdigest-tmp-4242-1
cd big
G build --check
expect_rc 1 "--check with a leftover temporary"
expect_in "$ERR" "digests/.gpdigest-tmp-4242-1 is a temporary file an interrupted build left" "it names it"
expect_in "$ERR" "[stale]" "as stale"
G build --quiet
expect_rc 0 "the next build"
count_check; [ ! -e out/digests/.gpdigest-tmp-4242-1 ] || fail "removes it"
G build --check --quiet
expect_rc 0 "and --check is content"
gpd_finish
