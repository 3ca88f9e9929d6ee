# memory.sh: what the memory cases (05, 12, 13) share. Source it after
# tests/lib.sh.

mb=$((1000 * 1000))

# memory_bound INPUT_BYTES: sets $bound, the most a run on that input may
# hold (README, "Limits": 20 x the input + 150 MB), and $what, its words.
# The gcc and clang passes measure the plain bound. Under AddressSanitizer
# (every allocation with redzones, shadow memory, freed memory held in
# quarantine) it is 3 x the bound plus 256 MB for the sanitizer's own
# memory, its quarantine held to 64 MB of that (256 MB by default, which
# alone took the whole allowance once the typesetting, the tagged PDF and
# the HTML were in): a guard against a blow-up, stated, not skipped.
memory_bound() {
	bound=$((20 * $1 + 150 * mb))
	what="20 x the input + 150 MB"
	if [ "${GPD_SANITIZED:-0}" = 1 ]; then
		export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=64"
		bound=$((3 * bound + 256 * mb))
		what="3 x (20 x the input + 150 MB) + 256 MB (sanitizer build)"
	fi
}

# peak_rss DIR CMD...: runs CMD in DIR; prints "STATUS PEAK_KB" (the
# child's peak resident set, from getrusage), its stderr in DIR/err.
peak_rss() {
	(cd "$1" && shift && python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open("err", "w"))
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$@")
}
