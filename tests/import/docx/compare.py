#!/usr/bin/env python3
"""compare.py: is an imported record the truth, apart from the editorial
fields (id, title, authority, received), which the importer derives?

    python3 tests/import/docx/compare.py IMPORTED.xml TRUTH.xml [FIELD...]

Compares the criteria, every tick group's ticks and "please specify"
texts, the agency, the free texts, the evidence notes, the contact fields
and the attachments (titles and CommonMark), texts with runs of white
space read as one space; with FIELDs (ticks, specify, criteria, texts,
agency, notes, contact, attachments), only those. Prints each difference;
exit 1 when there is one.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus"))
import formgen  # noqa: E402

EDITORIAL = {"id", "title", "authority"}


def norm(v):
    if isinstance(v, str):
        return " ".join(v.split())
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    return v


def main():
    got, want = (norm(formgen.load_record(p)) for p in sys.argv[1:3])
    for g in formgen.GROUPS:  # ticks are a set: the record keeps the form's order
        got["ticks"][g] = sorted(got["ticks"][g])
        want["ticks"][g] = sorted(want["ticks"][g])
    bad = 0
    for k in sorted(want):
        if k in EDITORIAL or got.get(k) == want[k] or (sys.argv[3:] and k not in sys.argv[3:]):
            continue
        bad += 1
        print("%s: %s differs:\n  imported: %r\n  truth:    %r" % (sys.argv[1], k, got.get(k), want[k]))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
