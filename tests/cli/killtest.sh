#!/bin/bash
# killtest.sh: builds killed with SIGKILL at random moments never leave a
# truncated or mixed file: every file in out/ is byte for byte the old
# complete version or the new complete version (so every PDF passes
# qpdf --check), and the next build restores an out/ that --check accepts.
#
# Each killed build rewrites every output: it alternates between two
# SOURCE_DATE_EPOCH values, so the whole of out/ changes each time (with
# --force, as a CI job would run it). KILLS (default 30) kills land at
# random moments in [0, T], T the measured build time; KILLS_LATE (default
# 10) more in [T/2, 1.2 T], where the files are written (the build renders
# every edition before it writes any). KILLS, KILLS_LATE and SEED (default:
# random, printed) may be set in the environment to repeat a run.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace
need qpdf timeout

KILLS=${KILLS:-30}
KILLS_LATE=${KILLS_LATE:-10}
SEED=${SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$SEED
EPOCHS=(1700000000 1800000000)

# build_ep EPOCH OUT ARGS...: a build of the copy with that edition date.
build_ep() {
	local ep=$1 out=$2; shift 2
	SOURCE_DATE_EPOCH=$ep "$GPDIGEST" build --records records --templates templates --out "$out" "$@"
}
now() { date +%s.%N; }

# The two complete versions every file must be one of.
for i in 0 1; do
	build_ep ${EPOCHS[$i]} ref$i --quiet 2>/dev/null || { echo "FAIL reference build $i"; exit 1; }
done
# (but the HTML editions' stylesheets, which hold no date)
check "the two reference trees differ in every output" test \
	"$(diff -rq -x .gpdigest-cache ref0 ref1 | grep -c differ)" -eq "$(find ref0 -type f ! -name style.css ! -name .gpdigest-cache | wc -l)"

# How long a full build takes here (the fastest of three, so that a
# machine busy while timing does not push the kills past the builds' end):
# the kills are spread over [0, that].
T=
for i in 0 1 2; do
	rm -rf out && cp -r ref$(( i % 2 )) out
	t0=$(now)
	build_ep ${EPOCHS[$(( 1 - i % 2 ))]} out --force --quiet 2>/dev/null
	t=$(echo "$t0 $(now)" | awk '{ printf "%.3f", $2 - $1 }')
	T=$(echo "${T:-$t} $t" | awk '{ printf "%.3f", $1 < $2 ? $1 : $2 }')
done
check "the timed build left out/ = the second reference" same_tree out ref1
echo "a full build takes ${T}s here; $KILLS kills at random moments in [0, ${T}s], $KILLS_LATE in [T/2, 1.2 T] (SEED=$SEED)"

# every_file_whole DIR: each output is identical to ref0's or ref1's, and
# each PDF passes qpdf --check; the manifest is whole;
# temporaries and the lock file are the only other files.
every_file_whole() {
	local f rel bad=0
	while IFS= read -r f; do
		rel=${f#$1/}
		# a killed build leaves its temporaries and its (empty or pid)
		# lock file, which the next build takes over and removes; the
		# cache of file times is only a shortcut, trusted when it names
		# the manifest and the outputs as they are
		case ${rel##*/} in .gpdigest-tmp-* | .gpdigest-lock | .gpdigest-cache) continue ;; esac
		if [ "$rel" = .gpdigest-manifest ]; then
			if [ "$(head -1 "$f")" != "gpdigest-manifest 1" ] || [ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n' ] ||
			   ! { diff -q <(manifest_entries "$1") <(manifest_entries ref0) ||
			       diff -q <(manifest_entries "$1") <(manifest_entries ref1); } >/dev/null; then
				echo "     the manifest is not one of the two complete versions"
				bad=1
			fi
			continue
		fi
		if ! cmp -s "$f" "ref0/$rel" && ! cmp -s "$f" "ref1/$rel"; then
			echo "     $rel is neither complete version ($(stat -c %s "$f") bytes)"
			bad=1
		fi
		case $rel in *.pdf) qpdf_ok "$f" || { echo "     $rel fails qpdf --check"; bad=1; } ;; esac
	done < <(find "$1" -type f)
	return $bad
}

killed=0 finished=0 mixed=0 temps=0 start=$(now)
ep_now=1 # out/ holds ref1's version
for k in $(seq 1 $((KILLS + KILLS_LATE))); do
	ep=$(( 1 - ep_now ))
	# a random delay in [0.001, T] (or [T/2, 1.2 T]): timeout 0 would
	# mean no timeout
	d=$(awk -v r=$RANDOM -v t="$T" -v late=$((k > KILLS)) 'BEGIN {
		d = late ? t / 2 + 0.7 * t * r / 32767 : t * r / 32767
		if (d < 0.001) d = 0.001; printf "%.3f", d }')
	# (in a subshell whose stderr is dropped, that does not exec timeout:
	# bash's "Killed" notice goes there)
	( timeout -s KILL "$d" bash -c 'SOURCE_DATE_EPOCH=$1 exec "$0" build --records records --templates templates --out out --force --quiet' \
		"$GPDIGEST" ${EPOCHS[$ep]}; exit $? ) 2>/dev/null
	rc=$?
	if [ $rc -eq 137 ]; then killed=$((killed + 1)); elif [ $rc -eq 0 ]; then finished=$((finished + 1)); else
		fail "kill $k: the build exited $rc"; fi
	n_old=0 n_new=0
	while IFS= read -r f; do
		rel=${f#out/}
		cmp -s "$f" "ref$ep/$rel" && n_new=$((n_new + 1)) || n_old=$((n_old + 1))
	done < <(find out -type f ! -name '.gpdigest-tmp-*' ! -name .gpdigest-manifest ! -name .gpdigest-lock ! -name .gpdigest-cache)
	[ $n_old -gt 0 ] && [ $n_new -gt 0 ] && mixed=$((mixed + 1))
	t=$(find out -name '.gpdigest-tmp-*' | wc -l); temps=$((temps + t))
	printf '     kill %2d after %ss: exit %d, %2d files new, %2d old, %d temporaries\n' \
		"$k" "$d" "$rc" "$n_new" "$n_old" "$t"
	check "kill $k: every file in out/ is a complete version; every PDF passes qpdf --check" \
		every_file_whole out
	# the next build (no --force: it must not trust what the killed one
	# left) restores out/, and --check accepts it
	if build_ep ${EPOCHS[$ep]} out --quiet 2>"$WORK/last"; then
		check "kill $k: the next build restores out/ exactly" same_tree out ref$ep
		check "kill $k: and removes the temporaries" test -z "$(find out -name '.gpdigest-tmp-*')"
		expect_rc 0 "kill $k: --check accepts it" build_ep ${EPOCHS[$ep]} out --check
	else
		fail "kill $k: the next build failed"; sed 's/^/     | /' "$WORK/last" | head
	fi
	ep_now=$ep
done
elapsed=$(echo "$start $(now)" | awk '{ printf "%.1f", $2 - $1 }')
echo "killtest: $((KILLS + KILLS_LATE)) builds: $killed killed, $finished finished first; $mixed left a mix of old and new files, $temps temporaries in all; ${elapsed}s"
# (a check of the test itself: the kills must land during the builds)
check "at least a third of the builds were killed before they finished ($killed of $((KILLS + KILLS_LATE)))" \
	test $((killed * 3)) -ge $((KILLS + KILLS_LATE))

gpd_finish
