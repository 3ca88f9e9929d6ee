#!/bin/bash
# parity.sh: the Markdown, the PDF, the HTML and `gpdigest structure` describe the same document,
# for every edition kind (compendium, digests, handouts), on the shipped records, on
# authorities that differ only in case or punctuation, and on a generated 300-record
# corpus (tests/parity/parity.py); and the structural disagreements of issue 16 stay
# fixed (tests/parity/disagreements.py).
set -u
GPDIGEST=${GPDIGEST:-build/gpdigest}
cd "${GPD_SOURCE_DIR:-.}" || exit 2
case $GPDIGEST in /*) ;; *) GPDIGEST=$PWD/$GPDIGEST ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

for tool in cmark qpdf pdftotext python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		[ "${CI:-}" = true ] && { echo "FAIL: $tool is needed (CI=true)" >&2; exit 1; }
		echo "$tool not installed: skipped" >&2
		exit 77
	fi
done

# corpus NAME RECORDS TEMPLATES [--no-page-text]: parity and the disagreements on one corpus.
corpus() {
	local name=$1 records=$2 templates=$3
	shift 3
	mkdir -p "$tmp/$name"
	python3 tests/parity/parity.py "$GPDIGEST" "$records" "$templates" "$tmp/$name" ||
		fail "$name: the formats disagree with the structure"
	python3 tests/parity/disagreements.py "$@" "$tmp/$name/out" "$records" ||
		fail "$name: a structural disagreement of issue 16 is back"
}

corpus shipped records templates

# Authorities whose names make one anchor: "St Helens" and "St.Helens" (two keys,
# so two index sections) must still get unique anchors; "Thurrock" and "THURROCK"
# are one authority (one key: authority.h), so one section.
mkdir -p "$tmp/variants-records"
cp records/*.xml "$tmp/variants-records/"
variant() { # SOURCE-ID NEW-ID AUTHORITY
	sed -e "s/id=\"$1\"/id=\"$2\"/" -e "s|<authority>[^<]*</authority>|<authority>$3</authority>|" \
		"records/$1.xml" >"$tmp/variants-records/$2.xml"
}
variant thurrock-sexual-health-worker thurrock-upper-case THURROCK
variant birmingham-peer-education st-helens-peer-education "St Helens"
variant birmingham-peer-education st-helens-dotted "St.Helens"
corpus variants "$tmp/variants-records" templates
"$GPDIGEST" structure --records "$tmp/variants-records" --templates templates --edition compendium \
	>"$tmp/variants.tree" 2>/dev/null || fail "structure of the variants exited $?"
for a in authority-thurrock authority-st-helens authority-st-helens-2; do
	grep -qE "^ *group 2 $a " "$tmp/variants.tree" || fail "variants: no index section #$a"
done
grep -qE "^ *group 2 authority-thurrock-2 " "$tmp/variants.tree" &&
	fail "variants: Thurrock and THURROCK make two index sections"

# A generated corpus: every region and outcome, ~150 authorities, attachments
# (its ~800-page compendium is not read page by page: the small corpora above are).
python3 tests/bench/gen.py --records 300 --seed 7 --out "$tmp/gen" >/dev/null ||
	fail "gen.py exited $?"
corpus generated "$tmp/gen/records" "$tmp/gen/templates" --no-page-text

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "parity: ok"
