#!/usr/bin/env bash
# make-seeds.sh: regenerates the seed corpora (corpus/<target>/) and the
# dictionaries from the project's own inputs. Run from anywhere:
#   tests/fuzz/make-seeds.sh [path/to/gpdigest]
# The results are committed; run again when records/, templates/,
# tests/bad/ or the form (src/core/form.c) change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gpdigest=${1:-$root/build/gpdigest}
cd "$here"

# one dictionary entry per argument, quoted as libFuzzer reads them
entry() { for s in "$@"; do s=${s//\\/\\\\}; printf '"%s"\n' "${s//\"/\\\"}"; done; }
# regenerates a target's seeds; the inputs the fuzzers found (fuzz-*,
# merged in by `fuzz_TARGET -merge=1`) stay
fresh() { mkdir -p "corpus/$1"; find "corpus/$1" -maxdepth 1 -type f ! -name 'fuzz-*' -delete; }
# copy FILE... into corpus/TARGET, named after their folder and file
seed() {
	local target=$1; shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		local rel=${f#"$root"/}
		cp "$f" "corpus/$target/${rel//\//_}"
	done
}

# record: the records, the golden records and the bad-input corpus
fresh record
seed record "$root"/records/*.xml "$root"/tests/golden/records/*.xml "$root"/tests/bad/*.xml

# render: CommonMark as records hold it (every free-text field and
# attachment of the records), the templates, and a few hostile shapes
fresh render
python3 - "$root" corpus/render <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
root, out = sys.argv[1], sys.argv[2]
ns = "{urn:x-gpdigest:record}"
fields = ["purpose", "description", "structures", "tools", "notes", "attachment"]
for path in sorted(glob.glob(root + "/records/*.xml") + glob.glob(root + "/tests/golden/records/*.xml")):
    try:
        tree = ET.parse(path)
    except ET.ParseError:
        continue
    base = os.path.basename(path)[:-4]
    for i, el in enumerate(tree.iter()):
        if el.tag.replace(ns, "") in fields and (el.text or "").strip():
            with open(f"{out}/{base}-{i}.md", "w") as f:
                f.write(el.text.strip() + "\n")
PY
seed render "$root"/templates/*.md "$root"/tests/golden/templates/*.md
printf '%s\n' '> > > - 1. > * quote in list in quote' '   > deeper' '' '***bold _it `code` [link](https://example.org)_***' \
	> corpus/render/nesting.md
printf '%s\n' '# Title' '' '<div onclick="x">raw *html*</div>' '' '![alt *text*](javascript:alert(1))' \
	'' '```c' 'int main(void) { return 0; }' '```' '' '| a | b |' '|---|---|' > corpus/render/html-image-code.md
printf 'description text\0## Attachment\n\n1. one\n2. two\n   - nested\n' > corpus/render/with-attachment.md
# scripts written without spaces (the break search, layout_lb.c): CJK
# punctuation beside spaces and links, Thai, Lao, Khmer with zero width
# spaces, and a Latin word glued to Chinese
python3 "$root/tests/scripts/linebreak.py" markdown > corpus/render/linebreak-scripts.md

# template: the editor's texts, and placeholders in every position
fresh template
seed template "$root"/templates/*.md "$root"/tests/golden/templates/*.md
printf '%s\n' '# {{title}} `{{date}}` [{{edition}}](https://x.org/{{region}})' '' '> {{publisher}} {{records}}/{{authorities}}' \
	'' '- {{selection}}' '- {{authority}}' '' '    {{title}} in code' > corpus/template/placeholders.md
printf '%s\n' '{{unknown}} and {{title' > corpus/template/bad-placeholders.md

# publication: the publication file and the standards catalogue
fresh publication
seed publication "$root"/templates/publication.xml "$root"/templates/standards.xml "$root"/tests/golden/templates/standards.xml
cat > corpus/publication/filters.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<publication xmlns="urn:x-gpdigest:publication" version="1">
  <title>T</title>
  <publisher>P</publisher>
  <edition name="a" kind="digest" title="Digest {{region}}" output="digests/a" each="region">
    <select region="london" outcome="stay-safe"/>
    <select criterion="2" target="leaving-care" agency-type="voluntary"/>
  </edition>
  <edition name="b" kind="handout" each="authority" title="{{authority}}" output="h" cover="c.md" introduction="i.md">
    <select authority="Tower Hamlets"/>
  </edition>
  <edition name="c" title="Everything" output="everything"/>
</publication>
XML

# import: the legacy forms the importer reads (HTML exports and OCR text)
fresh import
seed import /work/shared/seeds/*.txt "$root"/tests/import/*.txt "$root"/tests/import/*.md

# docx: Word documents (tests/import/docx/docxgen.py) as archives, three as
# their parts (document, styles, numbering: NUL-separated, which fuzz_docx
# packs itself), pandoc's .docx of a ballot export, and the hostile files
# of hostile.py under 20 kB
fresh docx
tmp=$(mktemp -d)
python3 "$root/tests/import/docx/docxgen.py" "$tmp/gen" >/dev/null
python3 "$root/tests/import/docx/hostile.py" "$tmp/bad" >/dev/null
cp "$tmp/gen/seed-01-legacy.docx" "$tmp/gen/boxes-sdt-cells.docx" corpus/docx/
for f in boxes-wingtext seed-05-wingtext boxes-legacy-cells; do
	python3 - "$tmp/gen/$f.docx" "corpus/docx/$f.parts" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
open(sys.argv[2], "wb").write(b"\0".join(z.read(p) for p in
    ("word/document.xml", "word/styles.xml", "word/numbering.xml")))
PY
done
if command -v pandoc >/dev/null; then
	pandoc -f markdown -t docx -o corpus/docx/pandoc-f03-ballotmd.docx \
		"$root/tests/import/corpus/exports/f03-ballotmd.md"
fi
for f in "$tmp"/bad/*.doc*; do
	[ "$(stat -c %s "$f")" -lt 20000 ] && cp "$f" "corpus/docx/hostile-$(basename "$f")"
done
rm -rf "$tmp"

# dictionaries: element and attribute names and option ids of the record
# schema (from the program itself), of the publication file and catalogue
# (from their schema text in src/), and CommonMark syntax
{
	echo '# record.dict: generated by make-seeds.sh from `gpdigest schema`; do not edit.'
	entry '<?xml version="1.0" encoding="UTF-8"?>' 'xmlns="urn:x-gpdigest:record"' 'version="1"' \
		'<!DOCTYPE' '<!ENTITY' '&amp;' '&#10;' '<![CDATA[' ']]>' '</' '/>'
	"$gpdigest" schema | grep -o 'xs:element name="[^"]*"' | sed 's/.*name="//; s/"$//' | sort -u |
		while read -r e; do printf '"<%s>"\n"</%s>"\n' "$e" "$e"; done
	"$gpdigest" schema | grep -o 'xs:attribute name="[^"]*"' | sed 's/.*name="//; s/"$//' | sort -u |
		while read -r a; do printf '"%s=\\""\n' "$a"; done
	"$gpdigest" schema | grep -o 'xs:enumeration value="[^"]*"' | sed 's/.*value="//; s/"$//' | sort -u |
		while read -r v; do printf '"%s"\n' "$v"; done
} > record.dict
{
	echo '# publication.dict: generated by make-seeds.sh from src/edition/publication.c and src/ingest/catalogue.c; do not edit.'
	entry 'xmlns="urn:x-gpdigest:publication"' 'xmlns="urn:x-gpdigest:standards"' 'version="1"' '{{region}}' '{{authority}}'
	grep -ho 'name=\\"[a-z-]*\\"' "$root"/src/edition/publication.c "$root"/src/ingest/catalogue.c | sed 's/name=\\"//; s/\\"$//' | sort -u |
		while read -r n; do printf '"<%s"\n"%s=\\""\n' "$n" "$n"; done
	grep -ho 'value=\\"[a-z-]*\\"' "$root"/src/edition/publication.c | sed 's/value=\\"//; s/\\"$//' | sort -u |
		while read -r v; do printf '"%s"\n' "$v"; done
	"$gpdigest" schema | grep -o 'xs:enumeration value="[^"]*"' | sed 's/.*value="//; s/"$//' | sort -u |
		while read -r v; do printf '"%s"\n' "$v"; done
} > publication.dict
echo "seeds: $(for t in corpus/*; do printf '%s=%s ' "${t#corpus/}" "$(ls "$t" | wc -l)"; done)"
