#!/usr/bin/env bash
# tests/hpdf/version-check.sh: CMake refuses the libharu patches for a libharu other than 2.3.0.
#
# Runs cmake/hpdf_version.cmake, as CMakeLists.txt does, on fake
# hpdf_version.h headers, and on the real one (HPDF_INCLUDE_DIR).
set -u
: "${CMAKE_COMMAND:=cmake}" "${GPD_SOURCE_DIR:?}" "${HPDF_INCLUDE_DIR:?}"
fails=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gpd-hpdfver.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# expect DIR PATCHES WANT_RC TEXT: the check's exit status and a text of its output.
expect() {
	local out rc
	out=$("$CMAKE_COMMAND" -DHPDF_INCLUDE_DIR="$1" -DPATCHES="$2" \
		-P "$GPD_SOURCE_DIR/cmake/hpdf_version.cmake" 2>&1)
	rc=$?
	if { [ "$3" -eq 0 ] && [ "$rc" -ne 0 ]; } || { [ "$3" -ne 0 ] && [ "$rc" -eq 0 ]; } ||
		! grep -qF -- "$4" <<<"$out"; then
		fails=$((fails + 1))
		echo "FAIL: $1 patches=$2: exit $rc, expected ${3/1/non-zero}, and '$4' in:"
		sed 's/^/  | /' <<<"$out"
	fi
}
fake() { mkdir -p "$tmp/$1" && printf '%s\n' "${@:2}" >"$tmp/$1/hpdf_version.h"; }

fake v240 '#define HPDF_MAJOR_VERSION 2' '#define HPDF_VERSION_TEXT "2.4.0"'
fake v230 '#define HPDF_VERSION_TEXT "2.3.0"'
fake none '#define HPDF_MAJOR_VERSION 2'
mkdir -p "$tmp/missing"

expect "$HPDF_INCLUDE_DIR" ON 0 "patches apply"
expect "$tmp/v230" ON 0 "libharu 2.3.0: the layout's libharu patches apply"
expect "$tmp/v240" ON 1 "-DGPDIGEST_HPDF_PATCHES=OFF"
expect "$tmp/v240" ON 1 "libharu 2.4.0 found"
expect "$tmp/v240" OFF 0 "built without the libharu patches"
expect "$tmp/none" ON 1 "no HPDF_VERSION_TEXT"
expect "$tmp/missing" OFF 1 "hpdf_version.h not found"
[ "$fails" -eq 0 ] && echo "all checks passed"
[ "$fails" -eq 0 ]
