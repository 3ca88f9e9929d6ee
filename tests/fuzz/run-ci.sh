#!/usr/bin/env bash
# run-ci.sh: builds the libFuzzer targets with clang into build-fuzz and runs
# each from its seed corpus for a bounded time; any finding (crash, leak,
# sanitizer report, timeout, out-of-memory) fails the run.
#   tests/fuzz/run-ci.sh [TARGET...]     (default: every fuzz_*.c)
#   FUZZ_SECONDS=600 tests/fuzz/run-ci.sh record   (a longer local run)
# GPDIGEST_WERROR=ON (as .ci/run sets it) builds with warnings as errors.
# New inputs go to build-fuzz/fuzz-work/TARGET (not into the committed
# corpus); a finding is kept as build-fuzz/fuzz-artifacts/TARGET/crash-*
# (or leak-*, timeout-*, oom-*): minimise it with -minimize_crash=1, fix it,
# and add it to tests/fuzz/regress/TARGET/ so ctest replays it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
build=${FUZZ_BUILD:-build-fuzz}

cmake -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DGPDIGEST_FUZZ=ON -DGPDIGEST_TESTS=OFF -DGPDIGEST_WERROR="${GPDIGEST_WERROR:-OFF}" \
	> "$build.configure.log" ||
	{ cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j2

if [ $# -eq 0 ]; then
	set -- $(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
fi

dict_of() {
	case $1 in
	record) echo tests/fuzz/record.dict ;;
	publication) echo tests/fuzz/publication.dict ;;
	render|template) echo tests/fuzz/markdown.dict ;;
	docx) echo tests/fuzz/docx.dict ;;
	*) echo "" ;;
	esac
}

failed=0
for t in "$@"; do
	bin=$build/tests/fuzz/fuzz_$t
	work=$build/fuzz-work/$t
	art=$build/fuzz-artifacts/$t
	log=$build/fuzz-$t.log
	dict=$(dict_of "$t")
	extra=()
	[ "$t" = record ] && [ -d tests/bad ] && extra+=(tests/bad)
	mkdir -p "$work" "$art" "tests/fuzz/regress/$t"
	echo "== fuzz_$t: ${seconds}s"
	# -timeout: one input may take 10 s (a 200-page PDF); -rss_limit_mb
	# catches runaway memory; -max_len keeps inputs small enough to be fast
	# while still deep enough to reach the nesting bounds.
	if "$bin" "$work" "tests/fuzz/corpus/$t" "tests/fuzz/regress/$t" "${extra[@]}" \
		-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$art/" ${dict:+-dict="$dict"} \
		> "$log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2
	else
		echo "fuzz_$t: FINDING (see $log and $art/)"
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
		failed=1
	fi
done
exit $failed
