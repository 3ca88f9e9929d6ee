#!/usr/bin/env python3
"""struct_text.py PDF: each sample phrase of samples.py, as poppler's
structure reader (pdfinfo -struct-text) reads its paragraph: whole, or
for the scripts whose vowel signs are drawn before their consonant
(Bengali, Devanagari, Myanmar: the ToUnicode map poppler reads there cannot
reorder them) to its end, with nothing doubled; compared in NFC. Exit 1 naming each
phrase read short or wrong."""
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from samples import SAMPLES  # noqa: E402

REORDERED = ("Bengali", "Devanagari", "Myanmar")


def paragraphs(pdf):
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True,
                         text=True, check=True).stdout
    paras, cur = [], None
    for line in out.splitlines():
        m = re.match(r'\s*"(.*)"$', line)
        if m:
            cur = (cur or "") + m.group(1)
        elif cur is not None:
            paras.append(cur.rstrip())
            cur = None
    if cur is not None:
        paras.append(cur.rstrip())
    return paras


def main(pdf):
    paras = paragraphs(pdf)
    bad = 0
    for script, _, phrase in SAMPLES:
        # the same text in either form (decomposed text reads precomposed)
        phrase = unicodedata.normalize("NFC", phrase)
        want = "%s: %s" % (script, phrase)
        got = next((unicodedata.normalize("NFC", p) for p in paras
                    if p.startswith(script + ": ")), None)
        ok = got is not None and (
            got.endswith(phrase[-2:]) and len(got) <= len(want) + 1
            if script in REORDERED else got == want)
        if not ok:
            print("not read whole: %s: %r" % (script, got))
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
