#!/usr/bin/env bash
# case-12-import-memory.sh: `gpdigest import` on a form within the 8 MiB a
# file must stay within the bound a build keeps (README, "Limits": 20
# times its input plus 150 MB), whatever the form's shape. Three shapes
# blew it up:
#   - a scan's text followed by 4 million one-character lines (8 MiB):
#     a few hundred bytes a line, 982 MB;
#   - a Word document of 320 KB whose three parts (document, styles,
#     numbering) each unpack to 8 MiB of "<a/>", packed 78 to one (under
#     the zip-bomb ratio): libxml2's trees of all three, 800 MB;
#   - a Word document of 7.5 MB, stored, whose three parts hold 499,000
#     tags each (under the tag limit): the three trees at once, 400 MB.
# Each is refused or imported within the bound, and nothing is written.
. "$GPD_SOURCE_DIR/tests/lib.sh"
. "$GPD_SOURCE_DIR/tests/security/memory.sh"

have python3 || gpd_finish

W=$GPD_TMP/mem
mkdir -p "$W/records"
python3 - "$W" "$GPD_SOURCE_DIR/tests/import/corpus/scans/f01-1.txt" <<'PY'
import base64, os, sys, zipfile
out, scan = sys.argv[1], sys.argv[2]
form = open(scan, "rb").read()
open(out + "/lines.txt", "wb").write(form + b"a\n" * (((8 << 20) - 4096 - len(form)) // 2))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def part(root, unit, size, pad=0):
    head = ('<?xml version="1.0"?><w:%s %s>' % (root, W)).encode()
    if root == "document":
        head += b"<w:body/>"
    # random bytes in a comment keep the part under 100 to one
    com = b"<!--" + base64.b64encode(os.urandom(pad))[:pad] + b"-->" if pad else b""
    tail = ("</w:%s>" % root).encode()
    n = (size - len(head) - len(com) - len(tail)) // len(unit)
    return head + com + unit * n + tail


def docx(name, parts, method):
    with zipfile.ZipFile(out + "/" + name, "w", method) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        for n, d in parts:
            z.writestr(n, d)


roots = (("word/document.xml", "document"), ("word/styles.xml", "styles"),
         ("word/numbering.xml", "numbering"))
big = (8 << 20) - 4096
docx("dense.docx", [(n, part(r, b"<a/>", big, 120000)) for n, r in roots], zipfile.ZIP_DEFLATED)
docx("tags.docx", [(n, part(r, b"<a/>x", 499000 * 5)) for n, r in roots], zipfile.ZIP_STORED)
PY

# peak FILE: imports FILE into $W/records; prints "STATUS PEAK_KB"
peak() {
	peak_rss "$W" timeout -k 5 120 "$GPDIGEST" import -o records --received 2026-11-23 "$1"
}

for f in lines.txt dense.docx tags.docx; do
	input=$(wc -c <"$W/$f")
	memory_bound "$input"
	read -r rc kb < <(peak "$W/$f")
	echo "   $f: input $((input / 1000)) kB, peak RSS $kb kB, bound $((bound / 1000)) kB ($what)"
	count_check
	[ "$rc" = 1 ] || { fail "$f: exit status $rc, expected 1"; sed 's/^/  | /' "$W/err" | tail -5; }
	count_check
	[ $((kb * 1024)) -le "$bound" ] || fail "$f: peak RSS $kb kB is over $what"
	count_check
	grep -q "$W/$f:[0-9]*:[0-9]*: error: " "$W/err" || fail "$f: no error naming the file"
	count_check
	[ -z "$(ls -A "$W/records")" ] || fail "$f: a record was written"
done

gpd_finish
