#!/usr/bin/env python3
"""The glyphs a PDF shows for sample words are the ones HarfBuzz's own
shaper (hb-shape, libharfbuzz-bin) gives for them with the same font file
(a right-to-left word's in the order it is read), and pdftotext gives the
text back (logical order, NFC).

  check_glyphs.py PDF SAMPLES_PY

Fonts are found by their PostScript name (the subset's BaseFont after the
tag) through fc-list, with the face's index in a collection (Noto CJK's
.ttc); hb-shape runs in the C.UTF-8 locale, as gpdigest shapes (no language:
the face's default glyph forms). A word passes when, for one of the PDF's fonts that
has all of it, hb-shape's glyph ids appear in a row among the glyph ids
the content streams show in that font.
"""
import os
import re
import subprocess
import sys
import unicodedata


def fonts_by_psname():
    out = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{file}\t%{index}\n"],
                         capture_output=True, text=True).stdout
    return {l.split("\t")[0]: tuple(l.split("\t")[1:3]) for l in out.splitlines()
            if l.count("\t") == 2}


def pdf_glyphs(pdf):
    """{PostScript name: [glyph ids shown, in stream order]}"""
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                         capture_output=True).stdout.decode("latin-1")
    # resource name -> object -> BaseFont
    base = {}
    for num, body in re.findall(r"(\d+) 0 obj\s*<<(.*?)>>\s*endobj", qdf, re.S):
        m = re.search(r"/BaseFont /(\S+)", body)
        if m and "/Subtype /Type0" in body:
            base[num] = m.group(1).split("+", 1)[-1]
    res = {}
    for name, num in re.findall(r"/(F\d+) (\d+) 0 R", qdf):
        if num in base:
            res[name] = base[num]
    shown = {}
    cur = None
    for line in qdf.splitlines():
        m = re.match(r"/(F\d+) [\d.]+ Tf$", line)
        if m:
            cur = res.get(m.group(1))
        elif cur and line.startswith("[") and line.endswith("] TJ"):
            for b in strings_of(line):
                shown.setdefault(cur, []).extend(b[i] << 8 | b[i + 1] for i in range(0, len(b) - 1, 2))
    return shown


ESC = {"n": 10, "r": 13, "t": 9, "b": 8, "f": 12}


def literal(line, i):
    """The bytes of the literal string opening at line[i] == "(", and the index after it."""
    out, depth, i = bytearray(), 1, i + 1
    while i < len(line):
        c = line[i]
        if c == "\\":
            n = line[i + 1]
            if n in ESC:
                out.append(ESC[n]); i += 2
            elif n in "01234567":
                j = i + 1
                while j < min(i + 4, len(line)) and line[j] in "01234567":
                    j += 1
                out.append(int(line[i + 1:j], 8) & 255); i = j
            else:
                out.append(ord(n)); i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(ord(c))
        i += 1
    return bytes(out), i


def strings_of(line):
    """The byte strings, literal or hex, in a TJ array's line."""
    i = 0
    while i < len(line):
        if line[i] == "(":
            b, i = literal(line, i)
            yield b
        elif line[i] == "<":
            j = line.index(">", i)
            yield bytes.fromhex(line[i + 1:j])
            i = j + 1
        else:
            i += 1


def hb_shape(font, word):
    """hb-shape's glyph ids for word, in the order the PDF shows them: the
    order the text is read. hb-shape gives a right-to-left word's glyphs
    in visual order (its clusters falling); the PDF shows its clusters in
    logical order, each placed where it is drawn, each one's glyphs in
    hb-shape's order."""
    path, index = font
    out = subprocess.run(["hb-shape", "--no-glyph-names", "--no-positions",
                          "--face-index=" + index, path, word], capture_output=True, text=True,
                         env=dict(os.environ, LC_ALL="C.UTF-8")).stdout.strip()
    glyphs = [tuple(int(v) for v in g.split("=")) for g in out.strip("[]").split("|") if g]
    groups = []
    for gid, cl in glyphs:
        if groups and groups[-1][0] == cl:
            groups[-1][1].append(gid)
        else:
            groups.append((cl, [gid]))
    if len(groups) > 1 and groups[0][0] > groups[-1][0]:
        groups.reverse()
    return [gid for _, gids in groups for gid in gids]


def contains(seq, sub):
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


def main(argv):
    pdf, samples = argv
    sys.path.insert(0, samples.rsplit("/", 1)[0])
    import samples as S
    files = fonts_by_psname()
    shown = pdf_glyphs(pdf)
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    text = unicodedata.normalize("NFC", re.sub("[\u202a-\u202e\u2066-\u2069]", "", text))
    bad = 0
    for script, word, phrase in S.SAMPLES:
        found = None
        for ps, gids in shown.items():
            if ps not in files:
                continue
            want = hb_shape(files[ps], word)
            if want and 0 not in want and contains(gids, want):
                found = (ps, want)
                break
        if found:
            print("ok: %s %s: glyphs %s in %s, as hb-shape sets them" % (script, word, found[1], found[0]))
        else:
            print("FAIL: %s %s: no font of the PDF shows hb-shape's glyphs for it" % (script, word))
            bad += 1
        p = unicodedata.normalize("NFC", phrase)
        if p in text:
            print("ok: %s phrase extracted as written: %s" % (script, p))
        else:
            print("FAIL: %s phrase %r not in pdftotext's text" % (script, p))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
