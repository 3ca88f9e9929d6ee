#!/bin/bash
# run.sh: ctest `browser`: the HTML editions in Debian's chromium (check.js)
# on every page of the shipped out/ and of a generated corpus: 300 records
# shaped like the real ones (tests/bench/gen.py) and three hostile ones
# (raw HTML and script links, words and addresses too long for a phone,
# lists and quotes nested deep), built by this program as a compendium
# (every digest and handout page of the shipped out/ is checked as well).
# Screenshots of the index, a record and the coverage page at 375 and
# 1280 px go to $GPD_BUILD_DIR/browser-screenshots/.
#
# Needs chromium (apt) and tests/browser/node_modules (npm ci --prefix
# tests/browser): .ci/setup installs both. Missing, the test is skipped,
# except under CI=true, where it fails.
. "${GPD_SOURCE_DIR:-.}/tests/lib.sh"
need chromium node python3
here=$GPD_SOURCE_DIR/tests/browser
for m in puppeteer-core axe-core; do
	[ -d "$here/node_modules/$m" ] && continue
	if [ "${CI:-}" = true ]; then
		echo "FAIL: tests/browser/node_modules/$m is missing (npm ci --prefix tests/browser; .ci/setup runs it)"
		exit 1
	fi
	echo "SKIP: tests/browser/node_modules/$m is missing: npm ci --prefix tests/browser"
	exit 77
done
shots=${GPD_BUILD_DIR:-$GPD_TMP}/browser-screenshots
rm -rf "$shots"
gen=$GPD_TMP/gen

python3 "$GPD_SOURCE_DIR/tests/bench/gen.py" --records 300 --seed 18 --out "$gen" >/dev/null ||
	{ echo "FAIL: gen.py"; exit 1; }
python3 - "$gen/records" <<'EOF'
import glob, os, re, sys
from xml.sax.saxutils import escape
d = sys.argv[1]
base = open(sorted(glob.glob(os.path.join(d, "*.xml")))[0], encoding="utf-8").read()
long_word = "Supercalifragilisticexpialidocious" * 6
long_url = "https://example.org/" + "a-very-long-path-segment/" * 12
hostile = {
    "zz-hostile-markup": ("<script>alert(1)</script> <b>Raw</b> title",
        "<div onclick=\"x\">raw block</div>\n\n[js](javascript:alert(1)) "
        "[data](data:text/html,x) <img src=x onerror=alert(2)> [ok](https://example.org/)\n\n"
        "# Heading\n\n###### Deep heading\n"),
    "zz-hostile-long": ("A title with " + long_word,
        long_word + " " + long_url + "\n\n<" + long_url + ">\n\n`" + long_word + "`\n\n"
        "```\n" + long_word + " " + long_word + "\n```\n"),
    "zz-hostile-nested": ("Nested lists and quotes",
        "".join("  " * i + "- level %d\n" % i for i in range(40)) + "\n" + "> " * 40 + "deep quote\n"),
    # right-to-left text: dir="auto" on its elements, <bdi> in lists (axe: no violation)
    "zz-rtl": ("\u0628\u0631\u0646\u0627\u0645\u062c \u0627\u0644\u0625\u0631\u0634\u0627\u062f",
        "\u0641\u064a \u0647\u0630\u0627 \u0627\u0644\u0645\u0634\u0631\u0648\u0639 *\u0645\u0639* 2026\n\n"
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd\n\n"
        "- \u0627\u0644\u0634\u0628\u0627\u0628\n- English item with \u0639\u0645\u0631\u0627\u0646\n\n"
        "## \u0639\u0646\u0648\u0627\u0646\n"),
}
# the language of parts: a record in Welsh with a description in Polish, and
# the right-to-left record's description in Arabic (axe: valid-lang)
hostile["zz-lang"] = ("Cymorth i bobl ifanc",
    "M\u0142odzi ludzie spotykaj\u0105 si\u0119 co tydzie\u0144.\n")
langs = {"zz-lang": ("cy", "pl"), "zz-rtl": (None, "ar")}
for rid, (title, text) in hostile.items():
    rec_lang, text_lang = langs.get(rid, (None, None))
    s = re.sub(r'id="[^"]*"', 'id="%s"%s' % (rid, ' xml:lang="%s"' % rec_lang if rec_lang else ""),
               base, count=1)
    s = re.sub(r"<title>[^<]*</title>", lambda m: "<title>%s</title>" % escape(title), s, count=1)
    s = re.sub(r"<description>.*?</description>",
               lambda m: "<description%s>%s</description>" % (
                   ' xml:lang="%s"' % text_lang if text_lang else "", escape(text)), s, count=1, flags=re.S)
    open(os.path.join(d, rid + ".xml"), "w", encoding="utf-8").write(s)
EOF
"$GPDIGEST" build --quiet --records "$gen/records" --templates "$gen/templates-compendium" \
	--out "$gen/out" 2>"$GPD_TMP/gen.err" || { echo "FAIL: the generated build"; cat "$GPD_TMP/gen.err"; exit 1; }

out=$GPD_SOURCE_DIR/out
record=$(cd "$out/compendium" && ls | grep -v -e '^index' -e '^part-' -e '^criterion-' -e '^outcome-' \
	-e '^authority-' -e '^region-' -e '^coverage' -e '^introduction' -e 'style.css' | head -1)
count_check
if node "$here/check.js" --chromium "$(command -v chromium)" --jobs 3 --shots "$shots" \
	--shot "index=$out/compendium/index.html" --shot "record=$out/compendium/$record" \
	--shot "coverage=$out/compendium/coverage.html" \
	--shot "generated-record=$gen/out/compendium/zz-hostile-long.html" \
	--shot "generated-coverage=$gen/out/compendium/coverage.html" \
	"$out" "$gen/out" >"$GPD_TMP/check.log" 2>&1; then
	pass "$(tail -1 "$GPD_TMP/check.log")"
else
	fail "the browser checks (tests/browser/check.js):"
	sed 's/^/  | /' "$GPD_TMP/check.log" | head -60
fi
n=$(ls "$shots"/*.png 2>/dev/null | wc -l)
check "10 screenshots in $shots ($n)" test "$n" -eq 10
gpd_finish
