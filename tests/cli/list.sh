#!/bin/bash
# list.sh: `gpdigest list`: one line per record (id, authority, regions,
# criteria, outcomes, warnings); aligned columns under a header, or --tsv;
# the build's filters; exit 0/1/2 like validate.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace
# the seeds' warnings, not accepted (templates/accepted-warnings accepts
# them; tests/cli/editor.sh checks that)
rm -f templates/accepted-warnings

L() { "$GPDIGEST" list --records records --templates templates "$@"; }
# run_list ARGS...: stdout to $WORK/out.txt, stderr to $WORK/last, exit to $rc.
run_list() { L "$@" >"$WORK/out.txt" 2>"$WORK/last"; rc=$?; }

echo "== aligned (the default, terminal or not)"
run_list
check "exit 0 with warnings (like validate)" test $rc -eq 0
check "a header and five records" test "$(wc -l <"$WORK/out.txt")" -eq 6
check "the header names the columns" \
	grep -Eq '^ID +TITLE +AUTHORITY +REGION +CRITERIA +OUTCOMES +WARNINGS$' "$WORK/out.txt"
squeeze() { tr -s ' ' <"$WORK/out.txt"; }
cat >"$WORK/want" <<'EOF'
ID TITLE AUTHORITY REGION CRITERIA OUTCOMES WARNINGS
birmingham-peer-education Peer education on sexual health and independence Birmingham west-midlands - - 2
thurrock-sexual-health-worker Sexual health worker based in the leaving care team Thurrock se-england 2.11 - 1
tower-hamlets-contact-policy Contact policy for care leavers Tower Hamlets london 1.4 - 1
tower-hamlets-health-information Health information and workshops for care leavers Tower Hamlets london 2.4 - 1
tower-hamlets-user-involvement Service user involvement in the leaving care service Tower Hamlets london 5.2 make-a-positive-contribution 0
EOF
check "the rows, in file-name order" diff "$WORK/want" <(squeeze)
# aligned: each column is as wide (field and padding, in characters) in
# every line, so each column starts at the same character
aligned() {
	local line col pos want=""
	while IFS= read -r line; do
		pos=""
		for col in 2 3 4 5 6; do
			# field $((col - 1)) with its padding (fields are separated
			# by two or more spaces; an authority may hold one)
			local prefix
			prefix=$(printf '%s\n' "$line" | sed -E "s/^(([^ ]+( [^ ]+)*) {2,}){$((col - 1))}.*/\\1/")
			pos+="${#prefix} "
		done
		[ -z "$want" ] && want=$pos
		[ "$pos" = "$want" ] || { echo "     '$line': columns at $pos, header's at $want"; return 1; }
	done <"$WORK/out.txt"
}
check "the columns line up" aligned
check "warnings right-aligned under WARNINGS" test "$(awk '{ print length($0) }' "$WORK/out.txt" | sort -u | wc -l)" -eq 1
check "the summary on stderr" grep -q "5 records listed: 0 errors, 5 warnings" "$WORK/last"
check "diagnostics on stderr, not stdout" eval '! grep -q warning: "$WORK/out.txt"'
L 2>/dev/null | cat >"$WORK/piped"
check "the same through a pipe" diff "$WORK/out.txt" "$WORK/piped"
if have script; then
	script -qec "'$GPDIGEST' list --records records --templates templates --quiet 2>/dev/null" /dev/null |
		tr -d '\r' >"$WORK/tty"
	check "the same on a (pseudo) terminal" diff "$WORK/out.txt" "$WORK/tty"
fi

echo "== --tsv"
run_list --tsv
check "exit 0" test $rc -eq 0
check "five lines, no header" test "$(wc -l <"$WORK/out.txt")" -eq 5
check "seven tab-separated fields each" test "$(awk -F'\t' 'NF != 7' "$WORK/out.txt" | wc -l)" -eq 0
printf 'birmingham-peer-education\tPeer education on sexual health and independence\tBirmingham\twest-midlands\t\t\t2\n' >"$WORK/want"
check "empty fields are empty" diff "$WORK/want" <(head -1 "$WORK/out.txt")
printf 'tower-hamlets-user-involvement\tService user involvement in the leaving care service\tTower Hamlets\tlondon\t5.2\tmake-a-positive-contribution\t0\n' >"$WORK/want"
check "a full row" diff "$WORK/want" <(tail -1 "$WORK/out.txt")

echo "== the warnings column agrees with validate"
for f in records/*.xml; do
	id=$(basename "$f" .xml)
	v=$("$GPDIGEST" validate --templates templates "$f" 2>&1 | sed -n 's/.*checked: [0-9]* errors\?, \([0-9]*\) warnings\?$/\1/p')
	l=$(L --tsv 2>/dev/null | awk -F'\t' -v id="$id" '$1 == id { print $7 }')
	check "$id: $l warning(s), validate says $v" test -n "$v" -a "$l" = "$v"
done

echo "== filters, as in build"
ids() { L --tsv "$@" 2>/dev/null | cut -f1 | tr '\n' ' '; }
check "--region london" test "$(ids --region london)" = "tower-hamlets-contact-policy tower-hamlets-health-information tower-hamlets-user-involvement "
check "--region London --criterion 2" test "$(ids --region London --criterion 2)" = "tower-hamlets-health-information "
check "--criterion 2 (a Standard)" test "$(ids --criterion 2)" = "thurrock-sexual-health-worker tower-hamlets-health-information "
check "--criterion 2.1 is not 2.11" test -z "$(ids --criterion 2.1)"
check "--criterion 1.4 --criterion 5.2 (OR)" test "$(ids --criterion 1.4 --criterion 5.2)" = "tower-hamlets-contact-policy tower-hamlets-user-involvement "
check "--authority 'TOWER HAMLETS' --outcome 'Make a positive contribution' (AND)" \
	test "$(ids --authority 'TOWER HAMLETS' --outcome 'Make a positive contribution')" = "tower-hamlets-user-involvement "
check "--region 'se england' --region west-midlands" test "$(ids --region 'se england' --region west-midlands)" = "birmingham-peer-education thurrock-sexual-health-worker "
run_list --region atlantis
check "--region atlantis: exit 2" test $rc -eq 2
check "it lists the regions" grep -q "valid regions: national .*west-midlands (West Midlands)" "$WORK/last"
check "nothing on stdout" test ! -s "$WORK/out.txt"
run_list --authority Atlantis
check "--authority Atlantis: exit 2" test $rc -eq 2
check "it lists the authorities" grep -q "authorities with records: Birmingham, Thurrock, Tower Hamlets" "$WORK/last"
check "nothing on stdout" test ! -s "$WORK/out.txt"
run_list --criterion 9
check "a filter matching nothing: exit 1" test $rc -eq 1
check "it says so" grep -q 'selects no record' "$WORK/last"
check "nothing on stdout" test ! -s "$WORK/out.txt"
run_list --criterion 9.x
check "a malformed criterion: exit 2" test $rc -eq 2

echo "== exit status and options"
run_list --strict
check "--strict with warnings: exit 1" test $rc -eq 1
check "it still lists" test "$(wc -l <"$WORK/out.txt")" -eq 6
run_list --quiet
check "--quiet: no summary" eval '! grep -q "records listed" "$WORK/last"'
check "--quiet: errors only, no warning" eval '! grep -q "warning:" "$WORK/last"'
check "--quiet: the list still printed" test "$(wc -l <"$WORK/out.txt")" -eq 6
run_list --diagnostics json
check "--diagnostics json: a JSON array on stderr" grep -q '^\[' "$WORK/last"
run_list --records nowhere
check "--records nowhere: exit 2" test $rc -eq 2
check "it names the folder" grep -q nowhere "$WORK/last"
"$GPDIGEST" list --records '' >"$WORK/out.txt" 2>"$WORK/last"; rc=$?
check "--records '': exit 2" test $rc -eq 2
run_list stray
check "a stray argument: exit 2" test $rc -eq 2
run_list --colour
check "an unknown option: exit 2" test $rc -eq 2
run_list --region
check "a missing value: exit 2" test $rc -eq 2
"$GPDIGEST" list --help >"$WORK/out.txt" 2>&1; rc=$?
check "--help: exit 0" test $rc -eq 0
check "--help documents --tsv and the filters" grep -q -e '--tsv' -e '--agency-type' "$WORK/out.txt"
check "gpdigest --help lists it" eval '"$GPDIGEST" --help | grep -q "^  list "'
L --quiet >/dev/full 2>"$WORK/last"; rc=$?
check "stdout that cannot be written: exit 2" test $rc -eq 2
check "it says so" grep -q "cannot write the standard output" "$WORK/last"

echo "== awkward records"
mkdir odd
sed -e 's|id="tower-hamlets-health-information"|id="odd-lodz"|' \
    -e 's|<authority>[^<]*</authority>|<authority>Łódź\&#9;City</authority>|' \
    records/tower-hamlets-health-information.xml >odd/odd-lodz.xml
cp records/thurrock-sexual-health-worker.xml odd/
printf '<record xmlns="urn:x-gpdigest:record" version="1" id="broken">\n<title>Broken\n' >odd/broken.xml
"$GPDIGEST" list --records odd --templates templates --tsv >"$WORK/out.txt" 2>"$WORK/last"; rc=$?
check "a broken record: exit 1 (like validate)" test $rc -eq 1
check "it is named with its line" grep -q '^odd/broken.xml:[0-9]*:[0-9]*: error' "$WORK/last"
check "the good records are still listed" test "$(cut -f1 "$WORK/out.txt" | tr '\n' ' ')" = "odd-lodz thurrock-sexual-health-worker "
check "a tab in a name does not split the field" test "$(awk -F'\t' 'NF != 7' "$WORK/out.txt" | wc -l)" -eq 0
check "the name is kept, the tab a space" grep -q $'\tŁódź City\t' "$WORK/out.txt"
rm odd/broken.xml
"$GPDIGEST" list --records odd --templates templates >"$WORK/out.txt" 2>/dev/null
check "non-ASCII names keep the columns aligned (counted in characters)" aligned

gpd_finish
