#!/bin/bash
# layers.sh: the stage folders under src/ are layers (issue 16, item 4).
# Every #include in src/ and include/gpdigest/, and every call between the
# library's object files, goes down the layers or stays in its folder;
# neither the files' includes nor their calls go round in a circle; each
# public header compiles alone and drags in no library its declarations do
# not use. Each check is first shown to fail on a tree (or a library) that
# breaks it.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
need nm tsort cc ar awk
: "${GPD_BUILD_DIR:?GPD_BUILD_DIR must name the build folder}"

# The layers, lowest first, as the data flows (README, "Architecture"):
# the layout engine knows nothing of records, so it sits just above core;
# ingestion reads the style into the layout's gpd_style; the edition model
# (corpus, filters, publication, structure, templates) stands on ingestion;
# the back ends walk the model and call the layout; the build runs them;
# the importer is a front end of its own on ingestion; the CLI is on top.
# A folder may use its own files and those of lower ranks; folders of one
# rank (build, import) know nothing of each other.
RANKS="core:0 layout:1 ingest:2 edition:3 render:4 build:5 import:5 cli:6"
# Public headers named after no source file: the stage they belong to.
OWNERS="export.h:core limits.h:core version.h:core edition.h:edition render.h:render html.h:render"
# Generated at build time (CMakeLists.txt): not part of any stage.
GENERATED="gpd_source_hash.h"
# Third-party headers a public header may drag in, because its own
# declarations use their types (cmark_node); every other header drags in none.
THIRD_PARTY_OK="template.h:cmark structure.h:cmark"

rank_of() { # FOLDER -> its rank, or nothing
	local r
	for r in $RANKS; do
		[ "${r%%:*}" = "$1" ] && { echo "${r#*:}"; return; }
	done
}

# owner ROOT PATH: the stage folder of a file of the tree (src/F/... or
# include/gpdigest/X.h), or "?" when it has none.
owner() {
	local root=$1 path=$2 name o c
	case $path in
	src/*/*) o=${path#src/}; echo "${o%%/*}"; return ;;
	include/gpdigest/*.h)
		name=${path##*/}
		for o in $OWNERS; do
			[ "${o%%:*}" = "$name" ] && { echo "${o#*:}"; return; }
		done
		c=$(cd "$root" && ls src/*/"${name%.h}.c" 2>/dev/null)
		if [ "$(printf '%s\n' "$c" | grep -c .)" = 1 ]; then
			o=${c#src/}; echo "${o%%/*}"; return
		fi ;;
	esac
	echo "?"
}

# check_includes ROOT: prints each include that goes up or sideways, or
# names no file, and the include graph's edges to ROOT.edges; status 1 when
# anything is wrong.
check_includes() {
	local root=$1 bad=0 f from fr line target tpath to tr
	: >"$root.edges"
	while IFS= read -r f; do
		from=$(owner "$root" "$f")
		fr=$(rank_of "$from")
		if [ -z "$fr" ]; then
			echo "  $f: belongs to no stage (src/FOLDER, or OWNERS in layers.sh)"
			bad=1
			continue
		fi
		while IFS=: read -r line target; do
			case $target in
			gpdigest/*) tpath=include/$target ;;
			*/*) tpath=src/$target ;;
			*) [[ " $GENERATED " == *" $target "* ]] && continue
			   tpath=$target ;;
			esac
			if [ ! -f "$root/$tpath" ]; then
				echo "  $f:$line: includes \"$target\", which is no file of the tree"
				bad=1
				continue
			fi
			echo "$f $tpath" >>"$root.edges"
			to=$(owner "$root" "$tpath")
			tr=$(rank_of "$to")
			if [ -z "$tr" ]; then
				echo "  $f:$line: includes $tpath, which belongs to no stage"
				bad=1
			elif [ "$to" != "$from" ] && [ "$tr" -ge "$fr" ]; then
				echo "  $f:$line: $from includes $tpath ($to, rank $tr: not below $fr)"
				bad=1
			fi
		done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$root/$f" |
			sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
	done < <(cd "$root" && find src include/gpdigest -name '*.[ch]' | sort)
	if ! tsort "$root.edges" >/dev/null 2>"$root.loop"; then
		echo "  the includes go round in a circle:"
		sed 's/^tsort: /    /' "$root.loop"
		bad=1
	fi
	return $bad
}

# call_edges LIB ROOT: "caller callee symbol" for every call between two
# object files of the archive LIB, as source paths under ROOT.
call_edges() {
	local lib=$1 root=$2
	(cd "$root" && find src -name '*.c') >"$GPD_TMP/sources"
	nm -A "$lib" 2>/dev/null | awk -v srcs="$GPD_TMP/sources" '
		BEGIN {
			while ((getline src < srcs) > 0) {
				n = src; sub(/.*\//, "", n); sub(/\.c$/, "", n)
				seen = n in path
				path[n] = seen ? "?" : src   # "?": two files share a name
			}
		}
		{
			split($1, a, ":"); obj = a[2]; sub(/\.c\.o$/, "", obj); sub(/\.o$/, "", obj)
			if ($2 == "U") use[obj, $3] = 1
			else if ($2 ~ /^[TDBRVWC]$/) def[$3] = obj
		}
		END {
			for (u in use) {
				split(u, p, SUBSEP)
				if (!(p[2] in def) || def[p[2]] == p[1]) continue
				caller = p[1] in path ? path[p[1]] : "?" p[1]
				callee = def[p[2]] in path ? path[def[p[2]]] : "?" def[p[2]]
				print caller, callee, p[2]
			}
		}' | sort -u
}

# check_calls LIB ROOT: prints each call that goes up or sideways between
# stage folders, and any circle of calls between files; status 1 if any.
check_calls() {
	local lib=$1 root=$2 bad=0 from to sym fo to_f fr tr
	call_edges "$lib" "$root" >"$GPD_TMP/calls"
	if [ ! -s "$GPD_TMP/calls" ]; then
		echo "  no calls between the object files of $lib: is it the library?"
		return 1
	fi
	while read -r from to sym; do
		if [[ $from == \?* || $to == \?* ]]; then
			echo "  $from -> $to ($sym): an object file with no one source file in src/"
			bad=1
			continue
		fi
		fo=$(owner "$root" "$from")
		to_f=$(owner "$root" "$to")
		fr=$(rank_of "$fo")
		tr=$(rank_of "$to_f")
		if [ "$fo" != "$to_f" ] && { [ -z "$fr" ] || [ -z "$tr" ] || [ "$tr" -ge "$fr" ]; }; then
			echo "  $from calls $sym in $to ($fo -> $to_f: not down)"
			bad=1
		fi
	done <"$GPD_TMP/calls"
	awk '{print $1, $2}' "$GPD_TMP/calls" | sort -u >"$GPD_TMP/call-pairs"
	if ! tsort "$GPD_TMP/call-pairs" >/dev/null 2>"$GPD_TMP/loop"; then
		echo "  calls between files go round in a circle:"
		sed 's/^tsort: /    /' "$GPD_TMP/loop"
		bad=1
	fi
	return $bad
}

# copy_tree NAME: src/ and include/ of the source, to break on purpose.
copy_tree() {
	rm -rf "$GPD_TMP/$1"
	mkdir -p "$GPD_TMP/$1"
	cp -r "$GPD_SOURCE_DIR/src" "$GPD_SOURCE_DIR/include" "$GPD_TMP/$1/"
	echo "$GPD_TMP/$1"
}

# expect_caught WHAT WANT COMMAND...: the check fails, naming WANT.
expect_caught() {
	local what=$1 want=$2
	shift 2
	count_check
	if "$@" >"$GPD_TMP/caught" 2>&1; then
		fail "$what: not caught"
	elif ! grep -qF -- "$want" "$GPD_TMP/caught"; then
		fail "$what: caught, but the report does not name $want"
		sed 's/^/  | /' "$GPD_TMP/caught" | head -10
	else
		pass "$what: caught"
	fi
}

echo "== the checks catch what they are for"
t=$(copy_tree up)
echo '#include "gpdigest/render.h"' >>"$t/src/core/buf.c"
expect_caught "core including a renderer's header" "src/core/buf.c" check_includes "$t"
t=$(copy_tree up-header)
sed -i 's|#include "gpdigest/export.h"|#include "gpdigest/export.h"\n#include "gpdigest/layout.h"|' \
	"$t/include/gpdigest/utf8.h"
expect_caught "a core header including the layout's" "include/gpdigest/utf8.h" check_includes "$t"
t=$(copy_tree sideways)
echo '#include "gpdigest/import.h"' >>"$t/src/build/plan.c"
expect_caught "the build including the importer (one rank)" "src/build/plan.c" check_includes "$t"
t=$(copy_tree circle)
printf '#include "core/ring_b.h"\n' >"$t/src/core/ring_a.h"
printf '#include "core/ring_a.h"\n' >"$t/src/core/ring_b.h"
expect_caught "two headers including each other" "go round in a circle" check_includes "$t"
t=$(copy_tree nowhere)
echo '#include "gpdigest/nowhere.h"' >>"$t/src/edition/corpus.c"
expect_caught "an include of no file" "nowhere.h" check_includes "$t"

# a library of two stages, core calling up into render; then a circle
fake=$GPD_TMP/fake
mkdir -p "$fake/src/core" "$fake/src/render" "$fake/obj"
printf 'int drawn(void);\nint counted(void) { return drawn() + 1; }\n' >"$fake/src/core/count.c"
printf 'int drawn(void) { return 2; }\n' >"$fake/src/render/draw.c"
printf 'int odd(int);\nint even(int n) { return n ? odd(n - 1) : 1; }\n' >"$fake/src/render/even.c"
printf 'int even(int);\nint odd(int n) { return n ? even(n - 1) : 0; }\n' >"$fake/src/render/odd.c"
for f in core/count render/draw render/even render/odd; do
	cc -c "$fake/src/$f.c" -o "$fake/obj/${f#*/}.c.o" || fail "cc cannot build the fake library"
done
ar rcs "$fake/up.a" "$fake/obj/count.c.o" "$fake/obj/draw.c.o"
expect_caught "core calling up into render" "src/core/count.c calls drawn" check_calls "$fake/up.a" "$fake"
ar rcs "$fake/circle.a" "$fake/obj/even.c.o" "$fake/obj/odd.c.o"
expect_caught "two files calling each other" "go round in a circle" check_calls "$fake/circle.a" "$fake"

echo "== the source: includes"
check_includes "$GPD_SOURCE_DIR" >"$GPD_TMP/includes" 2>&1
check "every include goes down the layers, none in a circle" test ! -s "$GPD_TMP/includes"
sed 's/^/  | /' "$GPD_TMP/includes"

echo "== the library: calls"
lib=$GPD_BUILD_DIR/libgpdigest_core.a
check "the library is built" test -f "$lib"
check_calls "$lib" "$GPD_SOURCE_DIR" >"$GPD_TMP/calls-report" 2>&1
check "every call goes down the layers, none in a circle" test ! -s "$GPD_TMP/calls-report"
sed 's/^/  | /' "$GPD_TMP/calls-report"

echo "== public headers: each compiles alone, and drags in no more than it uses"
for h in "$GPD_SOURCE_DIR"/include/gpdigest/*.h; do
	name=${h##*/}
	count_check
	if ! printf '#include "gpdigest/%s"\n' "$name" |
		cc -std=c11 -fsyntax-only -H -I"$GPD_SOURCE_DIR/include" -x c - >/dev/null 2>"$GPD_TMP/h"; then
		fail "$name does not compile alone"
		sed 's/^/  | /' "$GPD_TMP/h" | head -5
		continue
	fi
	third=$(grep '^\.' "$GPD_TMP/h" | sed 's/^\.* //' | awk '
		/\/cmark[^\/]*\.h$/ { print "cmark" } /\/hpdf[^\/]*\.h$/ { print "hpdf" }
		/\/libxml\// { print "libxml2" } /\/zlib\.h$/ { print "zlib" }' | sort -u | tr '\n' ' ' | sed 's/ $//')
	allowed=
	for o in $THIRD_PARTY_OK; do
		[ "${o%%:*}" = "$name" ] && allowed=${o#*:}
	done
	extra=
	for lib in $third; do
		[ "$lib" = "$allowed" ] || extra="$extra $lib"
	done
	if [ -n "$extra" ]; then
		fail "$name drags in$extra"
	else
		pass "$name compiles alone${third:+, with $third}"
	fi
	if [ "$name" = edition.h ]; then
		count_check
		drags=$(grep '^\.' "$GPD_TMP/h" | sed 's/^\.* //; s|.*/||' |
			grep -xE 'render\.h|layout\.h|structure\.h|template\.h|cmark\.h|hpdf\.h' | sort -u | tr '\n' ' ')
		if [ -n "$drags" ]; then fail "edition.h drags in $drags"; else pass "edition.h drags in no renderer, layout or cmark header"; fi
	fi
done

gpd_finish
