#!/bin/bash
# editions.sh: issue 5's acceptance. The declared editions (compendium, a
# digest per region, a handout per authority) hold exactly their own records,
# as valid PDFs and Markdown; ad-hoc filters build one edition; unknown
# values are usage errors; an empty selection writes nothing; hostile
# authority names give safe, distinct, deterministic file names.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace
need qpdf pdftotext

R=records
T_BIRM=$(title_of $R/birmingham-peer-education.xml)
T_THUR=$(title_of $R/thurrock-sexual-health-worker.xml)
T_CONT=$(title_of $R/tower-hamlets-contact-policy.xml)
T_HEAL=$(title_of $R/tower-hamlets-health-information.xml)
T_USER=$(title_of $R/tower-hamlets-user-involvement.xml)
ALL_TITLES=("$T_BIRM" "$T_THUR" "$T_CONT" "$T_HEAL" "$T_USER")
for t in "${ALL_TITLES[@]}"; do [ -n "$t" ] || { echo "FAIL a record has no <title>"; exit 1; }; done

# holds_only FILE TITLE...: the PDF's extracted text (or the Markdown) holds
# each given title and no other record's title.
holds_only() {
	local f=$1 text t ok=0; shift
	case $f in
	*.pdf) text=$(pdf_text "$f") ;;
	*) text=$(tr -s ' \n\t' '   ' <"$f") ;;
	esac
	for t in "${ALL_TITLES[@]}"; do
		local want=0 w
		for w in "$@"; do [ "$w" = "$t" ] && want=1; done
		if [ $want = 1 ] && [[ $text != *"$t"* ]]; then echo "     $f lacks '$t'"; ok=1; fi
		if [ $want = 0 ] && [[ $text == *"$t"* ]]; then echo "     $f holds '$t'"; ok=1; fi
	done
	return $ok
}

echo "== declared editions"
expect_rc 0 "build of the shipped records" B out
check "summary line counts 7 editions" has "7 editions built, 0 current"
cat >"$WORK/want" <<'EOF'
./.gpdigest-cache
./.gpdigest-manifest
./compendium.md
./compendium.pdf
./digests/london.md
./digests/london.pdf
./digests/se-england.md
./digests/se-england.pdf
./digests/west-midlands.md
./digests/west-midlands.pdf
./handouts/birmingham.md
./handouts/birmingham.pdf
./handouts/thurrock.md
./handouts/thurrock.pdf
./handouts/tower-hamlets.md
./handouts/tower-hamlets.pdf
EOF
# the HTML editions: a folder of pages beside each edition's .md and .pdf
(cd out && find . -type f ! -path '*/*/*.html' ! -path '*/*/style.css' | LC_ALL=C sort) >"$WORK/got"
check "exactly the declared outputs, nothing else" diff "$WORK/want" "$WORK/got"
sites=$(sed -n 's|^\(\./.*\)\.md$|\1|p' "$WORK/want")
check "each edition's HTML site: index.html and style.css beside the pages" eval \
	'for e in $sites; do test -f "out/$e/index.html" && test -f "out/$e/style.css" || exit 1; done'
bad=$(cd out && find . -type f \( -name '*.html' -o -name style.css \) | sed 's|/[^/]*$||' | sort -u |
	grep -vxF "$sites")
check "HTML pages only in the editions' folders ($bad)" test -z "$bad"
for f in $(cd out && find . -name '*.pdf' | sort); do
	check "qpdf --check ${f#./}" qpdf_ok "out/$f"
done
for ext in pdf md; do
	check "compendium.$ext holds all five records" holds_only out/compendium.$ext "${ALL_TITLES[@]}"
	check "digests/london.$ext holds exactly the three Tower Hamlets records" \
		holds_only out/digests/london.$ext "$T_CONT" "$T_HEAL" "$T_USER"
	check "digests/se-england.$ext holds only Thurrock's record" holds_only out/digests/se-england.$ext "$T_THUR"
	check "digests/west-midlands.$ext holds only Birmingham's record" \
		holds_only out/digests/west-midlands.$ext "$T_BIRM"
	check "handouts/tower-hamlets.$ext holds only its three records" \
		holds_only out/handouts/tower-hamlets.$ext "$T_CONT" "$T_HEAL" "$T_USER"
	check "handouts/thurrock.$ext holds only its record" holds_only out/handouts/thurrock.$ext "$T_THUR"
	check "handouts/birmingham.$ext holds only its record" holds_only out/handouts/birmingham.$ext "$T_BIRM"
done
text=$(pdf_text out/digests/london.pdf)
check "the London digest's title names the region" test "${text#*Regional digest: London}" != "$text"
text=$(pdf_text out/handouts/thurrock.pdf)
check "Thurrock's handout names the authority" test "${text#*Thurrock}" != "$text"
check "Thurrock's handout names its region" test "${text#*SE England}" != "$text"

echo "== ad-hoc editions"
expect_rc 0 "build --region london --criterion 2" B adhoc --region london --criterion 2
(cd adhoc && find . -type f ! -path './compendium/*' | LC_ALL=C sort) >"$WORK/got"
printf './.gpdigest-cache\n./.gpdigest-manifest\n./compendium.md\n./compendium.pdf\n' >"$WORK/want"
check "one edition written" diff "$WORK/want" "$WORK/got"
check "with its HTML in compendium/" test -f adhoc/compendium/index.html
check "its PDF is valid" qpdf_ok adhoc/compendium.pdf
check "PDF holds only the London record of Standard 2 (2.4)" holds_only adhoc/compendium.pdf "$T_HEAL"
check "Markdown holds only the London record of Standard 2" holds_only adhoc/compendium.md "$T_HEAL"
text=$(pdf_text adhoc/compendium.pdf)
check "the cover states the selection" test "${text#*Region: London; Standard 2}" != "$text"

expect_rc 0 "OR within a kind, AND across: --region london --region 'SE ENGLAND' --criterion 2" \
	B adhoc2 --region london --region 'SE ENGLAND' --criterion 2
check "holds 2.4 (London) and 2.11 (SE England), nothing else" holds_only adhoc2/compendium.md "$T_HEAL" "$T_THUR"
expect_rc 0 "--criterion 2.4 is one criterion, not Standard 2" B adhoc3 --criterion 2.4
check "holds only 2.4" holds_only adhoc3/compendium.md "$T_HEAL"
expect_rc 0 "--authority 'tower hamlets' --criterion 5 (case-insensitive)" \
	B adhoc4 --authority 'tower hamlets' --criterion 5
check "holds only 5.2" holds_only adhoc4/compendium.md "$T_USER"
expect_rc 0 "--agency-type by printed label" B adhoc5 --agency-type 'LOCAL AUTHORITY DEPARTMENT - LONDON BOROUGH'
check "holds the London borough records" holds_only adhoc5/compendium.md "$T_CONT" "$T_HEAL" "$T_USER"

echo "== unknown values and empty selections"
expect_rc 2 "--region atlantis is a usage error" B bad1 --region atlantis
check "it names the value" has "unknown region 'atlantis'"
for r in national nw-england ne-england sw-england se-england london east-midlands west-midlands; do
	check "it lists region $r" has "$r ("
done
check "nothing written" test ! -e bad1
expect_rc 2 "--authority Atlantis is a usage error" B bad2 --authority Atlantis
check "it lists the authorities" has "authorities with records: Birmingham, Thurrock, Tower Hamlets"
check "nothing written" test ! -e bad2
expect_rc 2 "--criterion two is a usage error" B bad3 --criterion two
check "it says what a criterion looks like" has "such as 2.4"
expect_rc 2 "--outcome be-happy is a usage error" B bad4 --outcome be-happy
check "it lists the outcomes" has "be-healthy (Be healthy)"
expect_rc 1 "a selection matching nothing (--region london --criterion 2.11)" \
	B empty1 --region london --criterion 2.11
check "it says so" has "selects no record"
check "the out folder stays absent" test ! -e empty1
mkdir empty2
expect_rc 1 "a selection matching nothing, into an existing empty folder" B empty2 --outcome enjoy-and-achieve
check "the folder stays empty" test -z "$(ls -A empty2)"

echo "== hostile authority names"
# Records made from a shipped one with only the id, title and authority
# changed; the file name must match the id.
mkdir -p hostile/records h
base=$R/tower-hamlets-health-information.xml
long1=$(printf 'A%.0s' $(seq 1 399))1
long2=$(printf 'A%.0s' $(seq 1 399))2
make_record() { # ID AUTHORITY(xml-escaped)
	sed -e "s|id=\"tower-hamlets-health-information\"|id=\"$1\"|" \
	    -e "s|<title>[^<]*</title>|<title>Title of $1</title>|" \
	    -e "s|<authority>[^<]*</authority>|<authority>$2</authority>|" \
	    "$base" >hostile/records/$1.xml
}
make_record h-dotdot '../../etc'
make_record h-slash '/'
make_record h-dot '.'
make_record h-punct '!!!'
make_record h-st-dot 'St. Helens'
make_record h-st 'St Helens'
make_record h-lodz 'Łódź'
make_record h-case1 'Thurrock'
make_record h-case2 'THURROCK'
make_record h-long1 "$long1"
make_record h-long2 "$long2"
make_record h-amp 'Brighton \&amp; Hove' # \& : sed's & is the match
expect_rc 0 "build with hostile authorities" \
	"$GPDIGEST" build --records hostile/records --templates templates --out h/out
check "nothing was written beside out/" test "$(ls -A h)" = out
check "no etc/ anywhere outside out/" eval 'test ! -e "$WORK/etc" && test ! -e h/etc && test ! -e hostile/etc'
for f in $(cd h/out && find . -name '*.pdf' | sort); do
	check "qpdf --check ${f#./}" qpdf_ok "h/out/$f"
done
check "no file escaped into the work folder" test -z "$(find "$WORK" -maxdepth 1 -newer hostile/records/h-amp.xml -type f ! -name last)"
slug='[a-z0-9]+(-[a-z0-9]+)*'
bad=$(cd h/out && find . -type f ! -name .gpdigest-manifest ! -name .gpdigest-cache |
	grep -Ev "^\./(compendium|(digests|handouts)/$slug)(\.(md|pdf)|/$slug\.html|/style\.css)\$")
check "every output name is a safe slug inside out/ ($bad)" test -z "$bad"
check "../../etc -> handouts/etc.md" grep -q "Title of h-dotdot" h/out/handouts/etc.md
check "Łódź -> handouts/lodz.md" grep -q "Title of h-lodz" h/out/handouts/lodz.md
check "St Helens -> handouts/st-helens.md" grep -Eq "Title of h-st([^-]|$)" h/out/handouts/st-helens.md
check "St. Helens/St Helens are one authority: one handout with both" \
	eval 'grep -q "Title of h-st-dot" h/out/handouts/st-helens.md && test ! -e h/out/handouts/st-helens-2.md'
check "Thurrock/THURROCK are one authority: one handout with both" \
	eval 'grep -q "Title of h-case1" h/out/handouts/thurrock.md && grep -q "Title of h-case2" h/out/handouts/thurrock.md && test ! -e h/out/handouts/thurrock-2.md'
check "Brighton & Hove -> handouts/brighton-hove.md" grep -q "Title of h-amp" h/out/handouts/brighton-hove.md
n=$(ls h/out/handouts/*.md | wc -l)
check "one handout per distinct authority (10, got $n)" test "$n" -eq 10
long_names=$(ls h/out/handouts | grep -c '^aaaa.*\.md$')
check "two 400-character names that slug alike get two names" test "$long_names" -eq 2
maxlen=$(ls h/out/handouts | awk '{ if (length($0) > m) m = length($0) } END { print m }')
check "long names are cut (longest file name $maxlen <= 70)" test "$maxlen" -le 70
# /, . and !!! have nothing to slug: each takes its record's id, not x, x-2, x-3
check "/, . and !!! take their records' ids" eval 'test -e h/out/handouts/h-slash.md && test -e h/out/handouts/h-dot.md && test -e h/out/handouts/h-punct.md && test ! -e h/out/handouts/x.md'
# the same records under other file names (reversed order) map alike
mkdir -p hostile/rev
i=0
for f in $(ls hostile/records | sort -r); do
	i=$((i + 1)); id=$(printf 'z%02d' $i)
	sed "s|id=\"${f%.xml}\"|id=\"$id\"|" hostile/records/$f >hostile/rev/$id.xml
done
expect_rc 0 "the same records read in reverse order" \
	"$GPDIGEST" build --records hostile/rev --templates templates --out h2 --format md
# (a handout named by its record's id is named so in both: "ID")
map() { (cd "$1/handouts" && for f in *.md; do t=$(grep -o 'Title of h-[a-z0-9-]*' "$f" | sort -u | tr '\n' ' ')
	case $f in h-*|z[0-9]*) f=ID ;; esac; printf '%s %s\n' "$f" "$t"; done | sort); }
check "authority -> file name does not depend on the records' order" diff <(map h/out) <(map h2)

gpd_finish
