#!/usr/bin/env python3
"""compare.py: is an imported record the truth, apart from the editorial
fields (id, title, authority, received), which the importer derives?

    python3 tests/import/docx/compare.py IMPORTED.xml TRUTH.xml [FIELD...]

Compares the criteria, every tick group's ticks and "please specify"
texts, the agency, the free texts, the evidence notes, the contact fields
and the attachments (titles and CommonMark), texts with runs of white
space read as one space; CommonMark (the free texts, the notes, the
attachments' bodies) that differs as text is compared as cmark renders it
(so "\\#" and "#" in a line's middle are the same); with FIELDs (ticks, specify, criteria, texts,
agency, notes, contact, attachments), only those. Prints each difference;
exit 1 when there is one.
"""
import os
import subprocess
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


def render(md):
    r = subprocess.run(["cmark", "--smart"], input=md.encode("utf-8"), stdout=subprocess.PIPE, check=True)
    return " ".join(r.stdout.decode("utf-8").split())


def rendered(rec):
    """rec's CommonMark fields as cmark renders them."""
    rec["texts"] = {k: render(v) for k, v in rec["texts"].items()}
    rec["notes"] = render(rec["notes"])
    rec["attachments"] = [(t, render(b)) for t, b in rec["attachments"]]
    return rec


def main():
    raw = [formgen.load_record(p) for p in sys.argv[1:3]]
    got, want = (norm(r) for r in raw)
    if any(got[k] != want[k] for k in ("texts", "notes", "attachments")):
        got, want = (norm(rendered(r)) for r in raw)
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
