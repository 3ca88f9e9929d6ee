#!/usr/bin/env python3
"""bigrec.py: schema-valid records of about SIZE bytes each, in one of several
shapes of free text, for memory tests (tests/security/case-05-memory.sh) and
measurements (tests/bench/run).

    bigrec.py --out DIR --count N [--mb 7] [--shape SHAPE]

SHAPE is one of: paragraph (one long paragraph per field), paras (thousands
of short paragraphs), lists (long bullet lists), links (many links),
headings (attachments made of many headings), emph (text thick with
emphasis markers), or mixed (record k in the k-th of those shapes). The text fills the description and as many attachments
as the size needs, each under the schema's 1 MiB a field. Python standard
library only; the same arguments give the same bytes.
"""

import argparse
import os

SHAPES = ["paragraph", "paras", "lists", "links", "headings", "emph"]
FIELD = 1000000  # characters a field, under the schema's 1,048,576

WORDS = ("care leavers need a stable home and someone who stays with them "
         "while they learn to live on their own").split()


def words(n, k=0):
    return " ".join(WORDS[(i + k) % len(WORDS)] for i in range(n))


def unit(shape, i):
    """One repeating piece of text of the shape, ending in a newline."""
    if shape == "paragraph":
        return words(12, i) + " "
    if shape == "paras":
        return words(8, i) + ".\n\n"
    if shape == "lists":
        return "- " + words(5, i) + "\n"
    if shape == "links":
        return "[%s](https://example.org/p/%d) " % (WORDS[i % len(WORDS)], i)
    if shape == "headings":
        return "## Section %d\n\n%s.\n\n" % (i, words(10, i))
    if shape == "emph":
        return "*%s* **%s** _%s_ " % (WORDS[i % 20], WORDS[(i + 1) % 20], WORDS[(i + 2) % 20])
    raise SystemExit("unknown shape " + shape)


def text(shape, size):
    parts, n, i = [], 0, 0
    while n < size:
        u = unit(shape, i)
        parts.append(u)
        n += len(u)
        i += 1
    return "".join(parts)[:size].rstrip()


def record(rid, shape, total):
    fields = []
    left = total
    while left > 0:
        fields.append(text(shape, min(FIELD, left)))
        left -= FIELD
    desc = fields.pop(0)
    atts = "".join('    <attachment title="Part %d">%s</attachment>\n' % (k + 1, t)
                   for k, t in enumerate(fields))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<record xmlns="urn:x-gpdigest:record" version="1" id="%s">\n'
            '  <title>Big record %s</title>\n  <authority>Kent</authority>\n'
            '  <received>2026-11-23</received>\n'
            '  <criteria><criterion>1.1</criterion></criteria>\n'
            '  <outcomes><tick option="stay-safe"/></outcomes>\n'
            '  <agency>Kent Leaving Care Service</agency>\n'
            '  <target-groups><tick option="leaving-care"/></target-groups>\n'
            '  <purpose>To measure memory.</purpose>\n'
            '  <description>%s</description>\n'
            '  <agency-types><tick option="la-county"/></agency-types>\n'
            '  <regions><tick option="se-england"/></regions>\n'
            '  <report-available><tick option="no"/></report-available>\n'
            '  <contact><name>A Person</name></contact>\n'
            '%s</record>\n') % (rid, rid, desc,
                                  "  <attachments>\n%s  </attachments>\n" % atts if atts else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--mb", type=float, default=7)
    ap.add_argument("--shape", default="paragraph")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for k in range(a.count):
        shape = SHAPES[k % len(SHAPES)] if a.shape == "mixed" else a.shape
        rid = "big-%s-%d" % (shape, k + 1)
        with open(os.path.join(a.out, rid + ".xml"), "w", encoding="utf-8") as f:
            f.write(record(rid, shape, int(a.mb * 1000000)))


if __name__ == "__main__":
    main()
