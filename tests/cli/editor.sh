#!/bin/bash
# tests/cli/editor.sh: the tool as an editor meets it (issue 23): starting a
# record, running from inside the project, one option vocabulary, help and
# "did you mean", warnings accepted or silenced, the files a run reads, the
# order of its messages, and list's titles, --grep and formats. The messages
# in the form's words are tests/bad's cases; a clean clone is clone.sh's.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
gpd_workspace

R() { expect_rc "$@"; }

echo "== gpdigest new"
R 0 "new x" gpd new x
check "writes records/x.xml" test -f records/x.xml
R 0 "validate records/x.xml" gpd validate records/x.xml
check "only warnings about empty fields" \
	bash -c '! grep -E "warning:|error:" "$1" | grep -vE "\[(empty-field|no-criterion|no-outcome|no-region)\]"' _ "$LAST"
check "every field every record needs is named empty" \
	bash -c 'for e in title authority agency purpose description; do grep -q "<$e> (.*) is empty" "$1" || exit 1; done' _ "$LAST"
check "it says the record stays out of the publication" has "stays out of the publication until it is filled in"
# every field of the form, in the schema's order (elements of record)
fields() { grep -oE '^  <[a-z-]+' "$1" | tr -d ' <' | tr '\n' ' '; }
check "every field of the form, in the form's order" test "$(fields records/x.xml)" = \
	"title authority received criteria outcomes agency target-groups purpose description structures agency-types regions tools evidence report-available contact "
check "a tick group's comment lists its ids and printed labels" \
	grep -qE '^ +be-healthy +Be healthy$' records/x.xml
check "and the 'please specify' box's text" grep -q '<specify option="others">TEXT</specify>' records/x.xml
check "xmllint agrees it is valid" bash -c 'xmllint --noout --schema records/record.xsd records/x.xml 2>/dev/null || ! command -v xmllint >/dev/null'
R 2 "new x again: refused" gpd new x
check "it names the file and --force" has "records/x.xml exists; not replaced (use --force"
R 0 "new x --force --authority tower-hamlets --criterion 2.4 --title T --received 2026-01-02" \
	gpd new x --force --authority tower-hamlets --criterion 2.4 --title T --received 2026-01-02
check "the authority as the records spell it" grep -q '<authority>Tower Hamlets</authority>' records/x.xml
check "the criterion" grep -q '<criterion>2.4</criterion>' records/x.xml
check "the date" grep -q '<received>2026-01-02</received>' records/x.xml
R 2 "new with a bad id" gpd new Bad_Id
R 2 "new with a reserved id" gpd new contents
check "says why" has "reserved for a section of the publication"
R 2 "new --criterion 1.4a" gpd new y --criterion 1.4a
check "in the form's words" has "--criterion '1.4a' must be two numbers like 2.11"
R 2 "new --received 23/11/2026" gpd new y --received 23/11/2026
check "no y.xml written" test ! -e records/y.xml
# a records folder whose name cannot stand in the skeleton's XML comment
# ("--", bytes that are not UTF-8) made 'new' refuse with "Double hyphen
# within comment": the name is left out of the comment instead
for dir in 'drafts--2026' "$(printf 'drafts\xff')"; do
	R 0 "new --records with a folder called like that" gpd new --records "$dir" z
	check "writes the record there" test -f "$dir/z.xml"
	R 0 "it validates" gpd validate "$dir/z.xml"
	rm -rf "$dir"
done
SOURCE_DATE_EPOCH=1790000000 gpd new y >/dev/null 2>&1
check "the date received from SOURCE_DATE_EPOCH" grep -q '<received>2026-09-21</received>' records/y.xml
rm -f records/y.xml
# a usage error of make()'s own (it used to exit 0 with its message)
R 2 "new with SOURCE_DATE_EPOCH not a number" env SOURCE_DATE_EPOCH=abc "$GPDIGEST" new y
check "says so" has "SOURCE_DATE_EPOCH must be a number of seconds, not 'abc'"
check "no y.xml written" test ! -e records/y.xml

echo "== a draft stays out of the editions"
R 0 "build with the new, empty record (a draft)" gpd build -o "$WORK/o1" --authority tower-hamlets
check "the draft is not in the handout" bash -c '! grep -q "id=\"x\"" "$1/compendium.md"' _ "$WORK/o1"
check "the others are" grep -q 'id="tower-hamlets-contact-policy"' "$WORK/o1/compendium.md"
R 1 "build --strict fails on it" gpd build --strict -o "$WORK/o2" --authority tower-hamlets
R 0 "list shows the draft" gpd list --format json
check "marked as a draft" bash -c 'grep "\"id\":\"x\"" "$1" | grep -q "\"draft\": true"' _ "$LAST"

echo "== from inside the project"
mkdir -p records/sub/deeper
R 0 "validate from records/ (x.xml, the path from there)" bash -c 'cd records && "$0" validate x.xml' "$GPDIGEST"
check "names the file from there" bash -c 'grep -q "^x.xml:[0-9]*:[0-9]*: warning" "$1"' _ "$LAST"
check "no 'cannot read templates'" lacks "cannot read templates"
R 0 "list from a folder two below the project" bash -c 'cd records/sub/deeper && "$0" list --tsv' "$GPDIGEST"
check "it lists the project's records" has "tower-hamlets-contact-policy"
check "diagnostics named from there" has "../../x.xml:"
R 0 "build --check from templates/" bash -c 'cd templates && "$0" build -o ../out-t && "$0" build --check -o ../out-t' "$GPDIGEST"
check "wrote into the project's folder" test -s out-t/compendium.pdf
mkdir forms && cp "$GPD_SOURCE_DIR/tests/import/002-columns.txt" forms/f.txt
R 0 "import from a subfolder, paths from there" bash -c 'cd forms && "$0" import --id from-sub -o ../records f.txt' "$GPDIGEST"
check "wrote records/from-sub.xml" test -s records/from-sub.xml
rm -rf forms records/from-sub.xml
R 0 "-C DIR" bash -c 'cd / && "$0" -C "$1" validate -q' "$GPDIGEST" "$WORK"
R 2 "-C a folder that is not there" gpd -C /nonexistent-gpd validate
mkdir -p "$GPD_TMP/nowhere"
R 2 "outside any project" bash -c 'cd "$1" && "$0" build' "$GPDIGEST" "$GPD_TMP/nowhere"
check "says there is no project and what to do" has "no project here: no folder from"
check "not 'cannot read templates/standards.xml'" lacks "cannot read templates/standards.xml"
rmdir records/sub/deeper records/sub

echo "== one option vocabulary"
for cmd in validate list structure; do
	R 0 "$cmd --diagnostics json --quiet" gpd "$cmd" --diagnostics json --quiet --records records
done
R 0 "build --diagnostics json --quiet" gpd build --diagnostics json --quiet --records records -o "$WORK/o3"
for cmd in validate list structure; do
	R 0 "$cmd -q -j 2 --records records --templates templates" gpd "$cmd" -q -j 2 --records records --templates templates
	check "$cmd -q: no warning, no summary" lacks "warning:"
done
R 0 "validate --format json (the alias)" gpd validate --format json records/x.xml
check "JSON on stderr" bash -c 'python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$1" 2>/dev/null || ! command -v python3 >/dev/null' _ "$LAST"
R 0 "import --diagnostics json" gpd import --diagnostics json -o "$WORK/imp" "$GPD_SOURCE_DIR/tests/import/002-columns.txt"
R 0 "build -o DIR (the short --out)" gpd build -o "$WORK/o4" --region london
check "wrote there" test -s "$WORK/o4/compendium.md"
R 0 "-V" gpd -V
check "the version" grep -Eq '^gpdigest [0-9]+\.[0-9]+\.[0-9]+$' "$LAST"
R 0 "help build" gpd help build
check "is build's help" has "usage: gpdigest build"
R 0 "help diagnostics" gpd help diagnostics
check "lists every code" bash -c '[ "$(grep -cE "^[a-z-]+ +(warning|error|fatal) " "$1")" -ge 40 ]' _ "$LAST"

sed 's|<criterion>2.11</criterion>|<criterion>2.x</criterion>|' records/thurrock-sexual-health-worker.xml >"$WORK/bad.xml"
R 1 "validate: the form's words" gpd validate "$WORK/bad.xml"
check "without libxml2's" lacks "facet"
R 1 "validate --verbose: libxml2's words too" gpd validate --verbose "$WORK/bad.xml"
check "the form's words first" has "criterion '2.x' must be two numbers like 2.11"
check "then libxml2's" has "(libxml2: Element 'criterion': [facet 'pattern']"

echo "== did you mean"
R 2 "a misspelt command" gpd biuld
check "suggests build" has "unknown command 'biuld'; did you mean 'build'?"
R 2 "help of a misspelt command" gpd help lst
check "suggests list" has "did you mean 'list'?"
R 2 "a misspelt option" gpd validate --stirct
check "suggests --strict" has "unknown option '--stirct'; did you mean --strict?"
R 2 "a misspelt region" gpd list --region londn
check "suggests london" has "unknown region 'londn'; did you mean 'london'?"
R 2 "a misspelt authority" gpd list --authority "Tower Hamlet"
check "suggests Tower Hamlets" has "did you mean 'Tower Hamlets'?"
R 2 "a misspelt warning code" gpd validate --no-warn no-outcom
check "suggests no-outcome" has "did you mean no-outcome?"
R 2 "an error cannot be silenced" gpd validate --no-warn schema
R 2 "a misspelt list format" gpd list --format jsn
check "suggests json" has "did you mean 'json'?"

echo "== filters take an authority's handout name"
R 0 "list --authority tower-hamlets (handouts/tower-hamlets.pdf)" gpd list --tsv --authority tower-hamlets
check "its three records" test "$(grep -c '^tower-hamlets-' "$LAST")" -eq 3
R 0 "build --authority tower-hamlets" gpd build -o "$WORK/o5" --authority tower-hamlets

echo "== warnings accepted, silenced, quiet"
rm -f records/x.xml
R 0 "validate --strict: the shipped accepted-warnings passes" gpd validate --strict
check "the summary counts them accepted" has "0 errors, 0 warnings, 5 accepted"
check "none shown" lacks "warning:"
R 0 "build" gpd build -o "$WORK/o6"
R 0 "build --check --strict (the CI recipe's check)" gpd build --check --strict -o "$WORK/o6"
check "list counts no accepted warning" test "$(gpd list --tsv 2>/dev/null | cut -f7 | sort -u)" = 0
cp templates/accepted-warnings "$WORK/accepted"
sed -i '/thurrock-sexual-health-worker/d' templates/accepted-warnings
R 1 "one acceptance removed: --strict fails" gpd validate --strict
check "on that record's warning" has "thurrock-sexual-health-worker.xml:11:3: error: no ECM outcome ticked [no-outcome]"
R 0 "--no-warn no-outcome silences it" gpd validate --strict --no-warn no-outcome
check "counted as silenced" has " silenced"
printf 'thurrock-sexual-health-worker no-outcom reviewed\nbad_id no-outcome x\ntower-hamlets-contact-policy no-outcome\nthurrock-sexual-health-worker schema x\n' >>templates/accepted-warnings
R 1 "a wrong accepted-warnings file" gpd validate
check "a misspelt code, with the nearest" has "templates/accepted-warnings:9:1: error: 'no-outcom' is no diagnostic code (did you mean no-outcome?)"
check "a bad record id" has "templates/accepted-warnings:10:1: error: 'bad_id' is not a record id"
check "a line with no reason" has "templates/accepted-warnings:11:1: error: the line accepting no-outcome gives no reason"
check "an error code" has "templates/accepted-warnings:12:1: error: 'schema' is not a warning"
cp "$WORK/accepted" templates/accepted-warnings

echo "== the files a run reads"
mkdir -p extra/old
cp records/thurrock-sexual-health-worker.xml extra/THURROCK-SEXUAL-HEALTH-WORKER.XML
sed -i 's/id="thurrock-sexual-health-worker"/id="THURROCK-SEXUAL-HEALTH-WORKER"/' extra/THURROCK-SEXUAL-HEALTH-WORKER.XML
cp records/tower-hamlets-contact-policy.xml extra/old/
R 1 "validate a folder with a .XML file and a subfolder of records" gpd validate extra
check "the .XML file is read" has "THURROCK-SEXUAL-HEALTH-WORKER.XML"
check "the subfolder is reported, not passed over" has "extra/old: warning: records in subfolders are not read: extra/old/ holds 1 .xml file"
rm -rf extra
R 0 "one file named twice is read once" gpd validate records/thurrock-sexual-health-worker.xml ./records/thurrock-sexual-health-worker.xml records
check "five records, no duplicate id" has "5 records checked: 0 errors"
check "no false duplicate" lacks "duplicate-id"
mkdir dup
cp records/thurrock-sexual-health-worker.xml dup/a.xml
cp records/thurrock-sexual-health-worker.xml dup/thurrock-sexual-health-worker.xml
R 1 "duplicate ids" gpd validate dup
check "names both files" has 'record id "thurrock-sexual-health-worker" is also the id of a.xml'
rm -rf dup

echo "== diagnostics sorted by file, then line"
mkdir sorted
# z.xml first on the command line; in a.xml the lint finds the missing
# region (line 40) before the unticked "please specify" text (line 29)
sed -e 's/id="tower-hamlets-user-involvement"/id="z"/' records/tower-hamlets-user-involvement.xml >sorted/z.xml
sed -e 's/id="tower-hamlets-user-involvement"/id="a"/' \
    -e 's|<tick option="london"/>||' \
    -e 's|</target-groups>|<specify option="others">carers</specify></target-groups>|' \
    records/tower-hamlets-user-involvement.xml >sorted/a.xml
sed -i 's|<criterion>5.2</criterion>|<criterion>9.9</criterion>|' sorted/z.xml
R 0 "validate z.xml a.xml" gpd validate sorted/z.xml sorted/a.xml
grep -oE '^sorted/[az].xml:[0-9]+' "$LAST" >"$WORK/order"
check "a.xml before z.xml, each by line" diff <(sort -t: -k1,1 -k2,2n "$WORK/order") "$WORK/order"
check "both files reported" test "$(cut -d: -f1 "$WORK/order" | sort -u | wc -l)" -eq 2
check "a.xml's two, line 29 before line 4x" bash -c '[ "$(grep -c "^sorted/a.xml" "$1")" -ge 2 ]' _ "$WORK/order"
rm -rf sorted

echo "== list: titles, --grep, formats, an empty folder"
R 0 "list" gpd list
check "a TITLE column" has "TITLE"
check "a title" has "Sexual health worker based in the leaving care team"
R 0 "list --grep 'SEXUAL health'" gpd list --tsv --grep 'SEXUAL health'
check "the records whose text holds it" test "$(cut -f1 "$LAST" | grep -v '^gpdigest' | tr '\n' ' ')" = \
	"birmingham-peer-education thurrock-sexual-health-worker tower-hamlets-health-information "
R 1 "list --grep matching nothing" gpd list --grep 'no such words anywhere'
check "says what matched nothing" has 'the selection "text holding'
R 0 "list --format tsv" gpd list --format tsv
R 0 "list --format json" gpd list --format json
if have python3; then
	gpd list --format json 2>/dev/null >"$WORK/list.json"
	check "one JSON array of five objects" python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert len(a)==5 and a[1]["id"]=="thurrock-sexual-health-worker" and a[1]["criteria"]==["2.11"]' "$WORK/list.json"
fi
mkdir -p empty/records empty/templates
R 0 "list on an empty folder" bash -c 'cd empty && "$0" list' "$GPDIGEST"
check "says the folder holds no record" has "0 records listed (records holds no .xml file)"
check "no edition called 'All records'" lacks "All records"

gpd_finish
