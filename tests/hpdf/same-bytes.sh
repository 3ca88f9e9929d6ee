#!/usr/bin/env bash
# tests/hpdf/same-bytes.sh: the libharu patches change nothing but how the pages are deflated.
#
# GPDIGEST is the program with the patches (GPDIGEST_HPDF_PATCHES=ON),
# GPDIGEST_PLAIN the same objects built with them off (tests/CMakeLists.txt).
# Both build the shipped records, a generated corpus of 60 records (every
# edition, then the compendium alone on one thread) and, in a copy of that
# corpus, a rebuild after one record changed (the patched program copies
# unchanged pages from the previous file; the plain one cannot). Every
# output (a PDF: once inflated), the diagnostics and the exit codes must
# be the same.
. "$GPD_SOURCE_DIR/tests/lib.sh"
: "${GPDIGEST_PLAIN:?GPDIGEST_PLAIN must name the program built without the libharu patches}"
need nm python3 qpdf
unset SOURCE_DATE_EPOCH

# The two programs really differ: only the patched one defines libharu's
# memory copy and set (the dynamic linker binds libharu to them).
for sym in HPDF_MemCpy HPDF_MemSet; do
	count_check
	nm --defined-only "$GPDIGEST" | grep -q " T $sym\$" ||
		fail "$sym is not defined by the patched program"
	count_check
	if nm --defined-only "$GPDIGEST_PLAIN" | grep -q " T $sym\$"; then
		fail "$sym is defined by the program built without the patches"
	fi
done

python3 "$GPD_SOURCE_DIR/tests/bench/gen.py" --records 60 --seed 3 --out "$GPD_TMP/g60" >/dev/null ||
	{ fail "gen.py"; gpd_finish; }

# builds BIN TAG: every build of the sequence, outputs under $GPD_TMP/TAG,
# each one's stderr and exit code in $GPD_TMP/TAG/log.
builds() {
	local bin=$1 o=$GPD_TMP/$2
	mkdir -p "$o"
	step() { "$@" 2>>"$o/log"; echo "exit $?" >>"$o/log"; }
	(cd "$GPD_SOURCE_DIR" && step "$bin" build --jobs 2 --out "$o/shipped")
	(cd "$GPD_TMP/g60" && step "$bin" build --jobs 2 --out "$o/all" &&
		step "$bin" build --jobs 1 --templates templates-compendium --out "$o/comp")
	cp -r "$GPD_TMP/g60" "$o/inc"
	(cd "$o/inc" && step "$bin" build --jobs 2 &&
		sed -i 's|<title>\([^<]*\)</title>|<title>\1 (revised)</title>|' \
			"records/$(ls records | sed -n 7p)" &&
		step "$bin" build --jobs 2)
	rm -rf "$o/inc/records" "$o/inc/templates" "$o/inc/templates-compendium"
	# the build time printed at the end of a summary line varies
	sed -i -E 's/, [0-9.]+ s$//' "$o/log"
}
builds "$GPDIGEST" patched
builds "$GPDIGEST_PLAIN" plain

# Something was built: the shipped compendium and a PDF per edition.
count_check
[ -s "$GPD_TMP/plain/shipped/compendium.pdf" ] || fail "no compendium.pdf from the shipped records"
npdf=$(find "$GPD_TMP/plain" -name '*.pdf' | wc -l)
count_check
[ "$npdf" -ge 50 ] || fail "only $npdf PDFs were built"

# Every file the same but the PDFs (manifests: their entries; the header
# holds a signature of the folder's file times, different in any two
# folders). The patched program deflates page contents with libdeflate,
# libharu with zlib, so the PDFs' compressed bytes differ: each is compared
# as qpdf rewrites it with every stream inflated, its /ID (a digest of the
# file) aside; and the patched program's PDFs are checked to use
# libdeflate's bytes, not zlib's, so the comparison compares two deflaters.
count_check
diff -r -x .gpdigest-manifest -x .gpdigest-cache -x '*.pdf' "$GPD_TMP/patched" "$GPD_TMP/plain" >"$GPD_TMP/diff" ||
	{ fail "the outputs differ"; head -20 "$GPD_TMP/diff"; }
inflated() {
	qpdf --qdf --object-streams=disable "$1" - 2>/dev/null | grep -av '^  /ID \['
}
ndiffer=0
while IFS= read -r f; do
	count_check
	cmp -s <(inflated "$GPD_TMP/patched/$f") <(inflated "$GPD_TMP/plain/$f") ||
		fail "the content of $f differs"
	cmp -s "$GPD_TMP/patched/$f" "$GPD_TMP/plain/$f" || ndiffer=$((ndiffer + 1))
done < <(cd "$GPD_TMP/plain" && find . -name '*.pdf' | sort)
count_check
[ "$ndiffer" -gt 0 ] || fail "every PDF is byte for byte the plain one: the pages were not deflated apart"
tab=$(printf '\t')
while IFS= read -r m; do
	count_check
	diff <(grep "$tab" "$GPD_TMP/patched/$m" | grep -v "\.pdf$tab") \
		<(grep "$tab" "$GPD_TMP/plain/$m" | grep -v "\.pdf$tab") >/dev/null ||
		fail "manifest entries differ: $m"
done < <(cd "$GPD_TMP/plain" && find . -name .gpdigest-manifest)
echo "compared $(find "$GPD_TMP/plain" -type f | wc -l) files, $npdf of them PDFs"
gpd_finish
