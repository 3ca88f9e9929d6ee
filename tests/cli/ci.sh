#!/bin/bash
# tests/cli/ci.sh: the CI recipe for users (.github/workflows/digest.yml) is
# valid YAML of the shape GitHub reads, and every gpdigest command it runs
# works on a copy of this repository's records/, templates/ and out/: the
# records validate with --strict, the committed out/ passes --check, a build
# writes out/, and problems come out as workflow annotations.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
need python3
gpd_workspace
cp -r "$GPD_SOURCE_DIR/out" "$WORK/"
rm -f "$WORK/out/.gpdigest-cache" "$WORK/out/.gpdigest-lock"

WF=$GPD_SOURCE_DIR/.github/workflows/digest.yml
check "the workflow exists" test -f "$WF"
if python3 -c 'import yaml' 2>/dev/null; then
	check "it is YAML with one job of steps, run on push and pull requests" python3 - "$WF" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
on = d.get("on", d.get(True))
assert "push" in on and "pull_request" in on
steps = d["jobs"]["digest"]["steps"]
assert any(s.get("uses", "").startswith("actions/checkout@") for s in steps)
up = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
assert up and up[0]["with"]["path"] == "out/"
PY
elif [ "${CI:-}" = true ]; then
	count_check
	fail "python3-yaml is not installed (bash .ci/setup installs it)"
fi

# It installs every library gpdigest builds against: each lib*-dev that
# .ci/setup installs, but the unit tests' (cmocka) and the fuzzers' (clang).
for lib in $(grep -ow 'lib[a-z0-9.+-]*-dev' "$GPD_SOURCE_DIR/.ci/setup" | grep -v -e cmocka -e clang | sort -u); do
	check "the workflow installs $lib" grep -q -- " $lib\b" "$WF"
done

# The gpdigest command lines of its run steps, run here as CI runs them.
mkdir -p "$GPD_TMP/bin" && ln -s "$GPDIGEST" "$GPD_TMP/bin/gpdigest"
grep -E '^ +gpdigest ' "$WF" | sed 's/^ *//' >"$GPD_TMP/commands"
check "it runs validate, build --check and build" test "$(cut -d' ' -f2 "$GPD_TMP/commands" | sort -u | tr '\n' ' ')" = "build validate "
while IFS= read -r line; do
	expect_rc 0 "$line" env PATH="$GPD_TMP/bin:$PATH" bash -c "$line"
done <"$GPD_TMP/commands"
check "the build wrote out/" test -s out/compendium.pdf

# A problem in a record is an annotation on its line, and fails the step.
sed -i 's|<criterion>2.11</criterion>|<criterion>2.x</criterion>|' records/thurrock-sexual-health-worker.xml
expect_rc 1 "validate with a bad criterion" env PATH="$GPD_TMP/bin:$PATH" bash -c "$(head -1 "$GPD_TMP/commands")"
check "an annotation at its line" has "::error file=records/thurrock-sexual-health-worker.xml,line="
check "in the form's words" has "criterion '2.x' must be two numbers like 2.11"

gpd_finish
