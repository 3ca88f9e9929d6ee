#!/bin/bash
# tests/cli/install.sh: the manual passes `mandoc -T lint`; `cmake --install`
# puts the program, its manual, bash completion, the schema and the default
# templates in place, and the installed program works from another folder
# (with a project's own templates, or the installed ones); `cpack -G DEB`
# makes a package that names its dependencies and runs from /tmp unpacked.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
: "${GPD_BUILD_DIR:?GPD_BUILD_DIR must name the build folder}"
need mandoc cmake cpack dpkg-deb

export LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH

echo "== the manual"
expect_rc 0 "mandoc -T lint -W warning doc/gpdigest.1" mandoc -T lint -W warning "$GPD_SOURCE_DIR/doc/gpdigest.1"
# every command --help lists is in the manual
for cmd in $("$GPDIGEST" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/^Commands:/ {print $1}'); do
	check "the manual documents '$cmd'" grep -q "^\.It Cm $cmd" "$GPD_SOURCE_DIR/doc/gpdigest.1"
done

echo "== cmake --install"
I=$GPD_TMP/inst
expect_rc 0 "cmake --install --prefix" cmake --install "$GPD_BUILD_DIR" --prefix "$I"
for f in bin/gpdigest share/man/man1/gpdigest.1 share/bash-completion/completions/gpdigest \
	share/gpdigest/record.xsd share/gpdigest/templates/publication.xml \
	share/gpdigest/templates/style.xml share/gpdigest/templates/standards.xml; do
	check "installs $f" test -f "$I/$f"
done
check "the schema installed is the program's" cmp -s "$I/share/gpdigest/record.xsd" <("$GPDIGEST" schema)
check "not this repository's accepted warnings" test ! -e "$I/share/gpdigest/templates/accepted-warnings"

# runs the installed program (in $1) from a copy of the project in /tmp
installed_runs() {
	local prog=$1 what=$2 P
	P=$(mktemp -d /tmp/gpd-install.XXXXXX) || return 1
	cp -r "$GPD_SOURCE_DIR/records" "$GPD_SOURCE_DIR/templates" "$P/"
	expect_rc 0 "$what: validate from a copy in /tmp" bash -c 'cd "$1" && "$2" validate --strict' _ "$P" "$prog"
	expect_rc 0 "$what: build there" bash -c 'cd "$1" && "$2" build' _ "$P" "$prog"
	check "$what: it wrote the compendium" test -s "$P/out/compendium.pdf"
	expect_rc 0 "$what: build --check" bash -c 'cd "$1" && "$2" build --check' _ "$P" "$prog"
	expect_rc 0 "$what: validate from records/ (the project found)" bash -c 'cd "$1/records" && "$2" validate' _ "$P" "$prog"
	# a folder with records/ and no templates/: the installed templates
	rm -rf "$P/templates" "$P/out"
	expect_rc 0 "$what: build with records/ only" bash -c 'cd "$1" && "$2" build' _ "$P" "$prog"
	check "$what: the installed templates made it" test -s "$P/out/compendium.pdf"
	rm -rf "$P"
}
installed_runs "$I/bin/gpdigest" "installed"

echo "== bash completion"
comp() { # WORDS...: the completions of the last word
	bash -c 'shopt -s extglob; . "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _gpdigest; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$I/share/bash-completion/completions/gpdigest" "$@"
}
PATH=$I/bin:$PATH
check "completes commands" test "$(comp gpdigest vali)" = validate
check "completes a command's options from its --help" test "$(comp gpdigest build --chec)" = --check
check "completes region ids" test "$(comp gpdigest list --region lon)" = london
check "completes warning codes" test "$(comp gpdigest validate --no-warn no-out)" = no-outcome

echo "== cpack -G DEB"
if have dpkg-shlibdeps; then
	expect_rc 0 "cpack -G DEB" cpack -G DEB --config "$GPD_BUILD_DIR/CPackConfig.cmake" -B "$GPD_TMP/pkg"
	deb=$(ls "$GPD_TMP"/pkg/gpdigest_*.deb 2>/dev/null | head -1)
	check "a .deb" test -n "$deb"
	if [ -n "$deb" ]; then
		dpkg-deb -I "$deb" >"$GPD_TMP/control"
		expect_in "$GPD_TMP/control" "Package: gpdigest" "the package"
		expect_in "$GPD_TMP/control" "libxml2" "it depends on libxml2"
		expect_in "$GPD_TMP/control" "libhpdf" "and on libharu"
		expect_in "$GPD_TMP/control" "libcmark" "and on cmark"
		expect_in "$GPD_TMP/control" "fonts-dejavu-core" "and on the fonts"
		dpkg-deb -c "$deb" >"$GPD_TMP/contents"
		expect_in "$GPD_TMP/contents" "./usr/bin/gpdigest" "it holds the program"
		expect_in "$GPD_TMP/contents" "./usr/share/man/man1/gpdigest.1" "and the manual"
		dpkg-deb -x "$deb" "$GPD_TMP/root"
		installed_runs "$GPD_TMP/root/usr/bin/gpdigest" "the package"
	fi
fi

gpd_finish
