#!/usr/bin/env python3
"""The tagged PDF's reading order is the Markdown edition's: the text of
`pdfinfo -struct-text PDF`, element by element, comes in the order of the
same edition's Markdown. Standard library only.

  reading_order.py PDF MD

Each leaf element's text (a heading, a paragraph, a list item's body, a
contents entry, a table cell) is made into words (runs of letters and
digits). An element of three words or more is looked for in the
Markdown's words (its first eight, in a row) from where the one before it
was found; found only earlier, it is out of order. Wording the two formats
do not share (a PDF cross-reference's page number, a question the Markdown
words differently) is not found at all: allowed, but at most 10 % of the
elements' words, so that the check cannot pass by finding nothing.
"""
import bisect
import re
import subprocess
import sys

WORD = re.compile(r"\w+", re.UNICODE)


def md_words(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"<a id=\"[^\"]*\"></a>", " ", text)   # anchors
    text = re.sub(r"\]\([^)]*\)", "] ", text)            # link targets
    return [w.lower() for w in WORD.findall(text)]


def pdf_blocks(path):
    """The text of each element that holds text, in tree order."""
    out = subprocess.run(["pdfinfo", "-struct-text", path], capture_output=True,
                         text=True, check=True).stdout
    blocks, cur = [], None
    for line in out.splitlines():
        stripped = line.strip(" ")
        if stripped.startswith('"'):
            if cur is None:
                cur = []
                blocks.append(cur)
            cur.append(stripped.strip('"'))
        else:
            cur = None
    return [[w.lower() for w in WORD.findall(" ".join(b))] for b in blocks]


class Index:
    """Where each word of the Markdown is: a needle is looked for at the
    places of its rarest word, not scanned for."""

    def __init__(self, words):
        self.words = words
        self.at = {}
        for i, w in enumerate(words):
            self.at.setdefault(w, []).append(i)

    def find(self, needle, start):
        lists = [self.at.get(w) for w in needle]
        if any(x is None for x in lists):
            return -1
        j = min(range(len(needle)), key=lambda k: len(lists[k]))
        pos = lists[j]
        for p in pos[bisect.bisect_left(pos, start + j):]:
            i = p - j
            if self.words[i:i + len(needle)] == needle:
                return i
        return -1


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    pdf, md = argv
    words = Index(md_words(md))
    blocks = [b for b in pdf_blocks(pdf) if len(b) >= 3]
    pos, found, missing, total = 0, 0, 0, 0
    for b in blocks:
        needle = b[:8]
        total += len(b)
        at = words.find(needle, pos)
        if at >= 0:
            pos = at + len(needle)
            found += len(b)
            continue
        if words.find(needle, 0) >= 0:
            print("FAIL: %s: out of the Markdown's order: %r" % (pdf, " ".join(b[:12])))
            return 1
        missing += len(b)
    share = missing / total if total else 1
    if not blocks or share > 0.10:
        print("FAIL: %s: %.1f %% of the tagged text's words are not in %s" % (pdf, 100 * share, md))
        return 1
    print("ok: %s: %d elements in the Markdown's order (%.1f %% of words PDF-only)"
          % (pdf, len(blocks), 100 * share))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
