#!/usr/bin/env bash
# run.sh: the security suite (ctest `security`). Each tests/security/case-*.sh
# first reproduces one way a hostile pull request or a careless command could
# lose data or reach outside records/, templates/ and out/, then shows that
# gpdigest now refuses it safely. Every case runs in its own scratch copy of
# the repository's inputs; a case that fails prints FAIL lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
failed=0 total=0
for c in "$here"/case-*.sh; do
	[ -e "$c" ] || continue
	total=$((total + 1))
	echo "== $(basename "$c" .sh)"
	if ! bash "$c"; then
		failed=$((failed + 1))
		echo "FAILED: $(basename "$c")"
	fi
done
echo "$((total - failed)) passed, $failed failed"
[ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
