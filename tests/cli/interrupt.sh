#!/bin/bash
# tests/cli/interrupt.sh: Ctrl-C or SIGTERM while `gpdigest import` or
# `gpdigest new` runs. They were killed where they stood: a signal while a
# record was staged left its .gpdigest-tmp-* file in the records folder,
# and nothing said why the run stopped. Now, as for a build
# (tests/security/case-06-interrupted.sh), the staged temporaries are
# removed, the run says "interrupted by SIGINT" and exits 130 (143 for
# SIGTERM), and the folder holds only whole records, each the bytes an
# uninterrupted run writes.
#
# No fixed moment can be relied on to land inside a write: each signal is
# sent once the import has started writing, after each of several delays,
# and the invariant is checked for every one; at least one of them must
# have found the import still running.
LC_ALL=C
export LC_ALL
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
unset SOURCE_DATE_EPOCH
cd "$GPD_TMP" || exit 1

# The signal as a terminal's Ctrl-C sends it: bash starts a script's
# background job with SIGINT ignored, which would hide a program that does
# not handle it.
if env --default-signal=INT true 2>/dev/null; then
	TERMINAL=(env --default-signal=INT,TERM)
else
	TERMINAL=(env)
fi

# 300 forms, each of its own agency and so its own record id: an import of
# them writes (and flushes to disk) 300 records, one after another.
N=300
seed=$(ls "$GPD_SOURCE_DIR"/tests/import/seeds/000_*.txt)
form=$(cat "$seed")
mkdir forms
for i in $(seq -w $N); do
	printf '%s\n' "${form/Tower Hamlets Leaving/Ward$i Leaving}" >"forms/f$i.txt"
done
"$GPDIGEST" import -o ref --received 2026-11-23 forms/*.txt 2>/dev/null
RC=$?
expect_rc 0 "the uninterrupted import"
count_check
[ "$(ls ref | wc -l)" -eq $N ] || fail "the uninterrupted import wrote $(ls ref | wc -l) records, not $N"

# whole_records DIR WHAT: no temporary left, and every file a record the
# uninterrupted import wrote, byte for byte (so validate accepts it).
whole_records() {
	local f bad=0
	count_check
	if [ -n "$(find "$1" -name '.gpdigest-tmp-*')" ]; then
		fail "$2: temporaries left: $(find "$1" -name '.gpdigest-tmp-*' | head -3 | tr '\n' ' ')"
		bad=1
	fi
	for f in "$1"/* "$1"/.[!.]*; do
		[ -e "$f" ] || continue
		case ${f##*/} in .gpdigest-tmp-*) continue ;; esac
		if ! cmp -s "$f" "ref/${f##*/}"; then
			fail "$2: ${f##*/} is not a whole record ($(stat -c %s "$f") bytes)"
			bad=1
			break
		fi
	done
	[ $bad -eq 0 ] && pass "$2: no temporary; $(ls "$1" | wc -l) whole records"
	return $bad
}

# interrupt SIG DELAY OUTDIR ARGS...: an import of every form into OUTDIR,
# started by LAUNCH, sent SIG DELAY seconds after its first file appears
# there. Sets RC.
LAUNCH=("${TERMINAL[@]}")
interrupt() {
	local sig=$1 delay=$2 dir=$3 pid
	shift 3
	rm -rf "$dir" && mkdir "$dir"
	"${LAUNCH[@]}" "$GPDIGEST" import -o "$dir" --received 2026-11-23 "$@" forms/*.txt \
		>/dev/null 2>"$ERR" &
	pid=$!
	# started writing: a temporary or a record in the folder (10 s at most)
	for _ in $(seq 500); do
		[ -n "$(ls -A "$dir")" ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.02
	done
	sleep "$delay"
	kill -"$sig" $pid 2>/dev/null
	wait $pid
	RC=$?
}

for sig in INT TERM; do
	want=$([ $sig = INT ] && echo 130 || echo 143)
	caught=0
	for delay in 0 0.03 0.1 0.2 0.4 0.7 1; do
		interrupt $sig $delay out
		whole_records out "SIG$sig after ${delay}s"
		[ $RC -eq 0 ] && continue # finished first
		caught=$((caught + 1))
		count_check
		[ $RC -eq "$want" ] || fail "SIG$sig after ${delay}s: exit $RC, expected $want"
		expect_in "$ERR" "gpdigest: error: interrupted by SIG$sig: the files it had staged are removed" \
			"SIG$sig after ${delay}s: it says so"
	done
	count_check
	if [ $caught -gt 0 ]; then
		pass "SIG$sig: $caught of 7 imports interrupted"
	else
		fail "SIG$sig: every import finished before the signal"
	fi
done

# A job started with SIGINT ignored (a shell's background job, nohup)
# keeps it ignored, as make and sort do: Ctrl-C in the terminal stops the
# script, not the job. It finishes whole; SIGTERM still stops it.
LAUNCH=(bash -c 'trap "" INT; exec "$@"' _)
interrupt INT 0 out
count_check
[ $RC -eq 0 ] || fail "SIGINT ignored at the start: exit $RC, expected 0 (it finishes)"
count_check
diff -r out ref >/dev/null || fail "SIGINT ignored at the start: the import is not whole"
caught=0
for delay in 0 0.03 0.1 0.2; do
	interrupt TERM $delay out
	whole_records out "SIGINT ignored, SIGTERM after ${delay}s"
	[ $RC -eq 0 ] && continue
	caught=1
	count_check
	[ $RC -eq 143 ] || fail "SIGINT ignored, SIGTERM: exit $RC, expected 143"
	break
done
count_check
[ $caught -eq 1 ] || fail "SIGINT ignored: every import finished before SIGTERM"
LAUNCH=("${TERMINAL[@]}")

# What was written before the signal validates, and the import run again
# adds the rest: the ones in place are kept as they are.
interrupt INT 0.1 out
count_check
[ -z "$(ls out)" ] || "$GPDIGEST" validate --templates "$GPD_SOURCE_DIR/templates" out \
	>/dev/null 2>"$LAST" || { fail "the interrupted import's records do not validate"; cat "$LAST"; }
"$GPDIGEST" import -o out --received 2026-11-23 forms/*.txt >/dev/null 2>&1
count_check
diff -r out ref >/dev/null || fail "the import run again did not complete the folder"

# JSON: standard error is still one array, ending with the interruption.
interrupt TERM 0.1 out --diagnostics json
if [ $RC -ne 0 ] && have python3; then
	check "JSON: one array naming the interruption" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if any(e.get("code") == "interrupted" for e in d) else 1)' "$ERR"
fi

# gpdigest new: it reads every record (to spell --authority as they do)
# before it writes one, so with 3000 records a signal lands while it reads
# or writes. Either it was written whole, or nothing was, and it says so.
# (The window of its one write is too short to aim at; the import's
# checks above cover the writing, which is the same code.)
mkdir -p proj/records
cp -r "$GPD_SOURCE_DIR/templates" proj/
for f in ref/*.xml; do
	id=$(basename "$f" .xml)
	rec=$(cat "$f")
	for i in 0 1 2 3 4 5 6 7 8 9; do
		printf '%s\n' "${rec/id=\"$id\"/id=\"$id-$i\"}" >"proj/records/$id-$i.xml"
	done
done
caught=0
for delay in 0.02 0.05 0.1 0.2 0.3 0.5; do
	rm -f proj/records/new-one.xml
	(cd proj && exec "${TERMINAL[@]}" "$GPDIGEST" new --authority ward001 --received 2026-11-23 new-one) \
		>/dev/null 2>"$ERR" &
	pid=$!
	sleep "$delay"
	kill -INT $pid 2>/dev/null
	wait $pid
	RC=$?
	count_check
	[ -z "$(find proj/records -name '.gpdigest-tmp-*')" ] || fail "new, SIGINT after ${delay}s: a temporary is left"
	if [ $RC -eq 0 ]; then
		count_check
		grep -q '^</record>' proj/records/new-one.xml || fail "new finished, but its record is not whole"
		continue
	fi
	# a signal before the program has started (its handler not yet
	# installed: a loaded machine) ends it as SIGINT's default does, with
	# nothing written and nothing said: not a run to judge
	if [ $RC -eq 130 ] && [ ! -s "$ERR" ] && [ ! -e proj/records/new-one.xml ]; then
		continue
	fi
	# nor is one that lands after it wrote the record and said so, as it
	# ends (its watcher gone: SIGINT's default again): the record whole
	if [ $RC -eq 130 ] && grep -q "wrote records/new-one.xml" "$ERR" &&
	    ! grep -q "interrupted" "$ERR"; then
		count_check
		grep -q '^</record>' proj/records/new-one.xml || fail "new, SIGINT after ${delay}s as it ended: its record is not whole"
		continue
	fi
	caught=$((caught + 1))
	count_check
	[ $RC -eq 130 ] || fail "new, SIGINT after ${delay}s: exit $RC, expected 130"
	# (a signal just after the record was put in place finds it whole)
	count_check
	[ ! -e proj/records/new-one.xml ] || grep -q '^</record>' proj/records/new-one.xml ||
		fail "new, SIGINT after ${delay}s: a record was left half-written"
	expect_in "$ERR" "interrupted by SIGINT" "new, SIGINT after ${delay}s: it says so"
done
count_check
if [ $caught -gt 0 ]; then
	pass "new: $caught of 6 runs interrupted"
else
	fail "new: every run finished before the signal"
fi
gpd_finish
