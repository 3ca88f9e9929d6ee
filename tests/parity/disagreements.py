#!/usr/bin/env python3
"""disagreements.py: the structural disagreements of issue 16, each checked on built outputs.

    disagreements.py [--no-page-text] OUTDIR RECORDS

(--no-page-text skips the two checks that read every page with pdftotext,
titles on the PDF pages and running heads: most of the time on a large corpus.)

Every check reads only the outputs (Markdown through `cmark -t xml`, the PDF
through qpdf's outline and pdftotext), not `gpdigest structure`, so each
one says something about the publications themselves:
  handout    a handout's Markdown and PDF are one document: the same
             section headings (titles, levels, order), and a Summary
  titles     every contents entry of the Markdown names its target's
             heading; every PDF outline entry's title is printed on the page
             it points to
  running    a page an outline entry points to has a running head naming a
             section on that page (or one it belongs to)
  promises   an introduction mentions Part 2, the indexes, the coverage
             summary or a one-page summary only when the edition has them
  unstated   every record's heading has the same level (Markdown) and depth
             (PDF outline), under "Criterion not stated" too
  anchors    anchors are unique and every internal link has its target
Prints FAIL lines; exit 1 if any check fails.
"""

import collections
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parity  # noqa: E402  (shares the Markdown and outline readers)

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def norm(s):
    return " ".join(s.split())


def headings(doc):
    return [(lvl, t) for lvl, t, _ in parity.md_headings(doc)]


_pages = {}


def page_text(pdf, page, layout=False):
    """The text of a page (1-based); one pdftotext run per file and mode."""
    if (pdf, layout) not in _pages:
        args = ["pdftotext", "-q"] + (["-layout"] if layout else []) + [pdf, "-"]
        text = subprocess.run(args, check=True, stdout=subprocess.PIPE).stdout
        _pages[(pdf, layout)] = text.decode("utf-8").split("\f")
    pages = _pages[(pdf, layout)]
    return pages[page - 1] if 0 < page <= len(pages) else ""


def outline_with_parents(pdf):
    """(depth, title, page, [ancestor titles]) of every outline entry."""
    out, stack = [], []
    for depth, title, page in parity.pdf_outline(pdf):
        del stack[depth - 1:]
        out.append((depth, title, page, list(stack)))
        stack.append(title)
    return out


def check_handout(name, doc, pdf):
    md = headings(doc)
    outline = [(d, t) for d, t, _ in parity.pdf_outline(pdf)]
    if md != outline:
        fail("handout %s: Markdown sections %s, PDF outline %s" % (name, md, outline))
    if not any(t == "Summary" for _, t in md):
        fail("handout %s: the Markdown has no Summary (README promises one)" % name)
    if not any(t == "Summary" for _, t in outline):
        fail("handout %s: the PDF has no Summary (README promises one)" % name)


def check_titles(name, doc, pdf):
    by_anchor = {a: t for _, t, a in parity.md_headings(doc)}
    for _, title, anchor in parity.md_contents(doc):
        if by_anchor.get(anchor) != title:
            fail("%s.md: the contents say %r for #%s, whose heading is %r" % (
                name, title, anchor, by_anchor.get(anchor)))
    for depth, title, page in parity.pdf_outline(pdf) if pdf else []:
        if depth == 1 and norm(title) not in norm(page_text(pdf, page)):
            fail("%s.pdf: the outline says %r, not printed on page %s" % (name, title, page))


def check_running(name, pdf):
    on_page = collections.defaultdict(set)
    for _, title, page, parents in outline_with_parents(pdf):
        on_page[page].update([norm(title)] + [norm(p) for p in parents])
    for page, titles in sorted(on_page.items()):
        first = page_text(pdf, page, layout=True).split("\n", 1)[0]
        head = norm(re.split(r"\s{2,}", first.strip())[-1])
        if not any(t.startswith(head) for t in titles):
            fail("%s.pdf page %s: running head %r names no section on the page (%s)" % (
                name, page, head, "; ".join(sorted(titles))))


PROMISES = [  # what an introduction may mention, and the anchor it needs
    (r"\bPart 2\b", "part-2"),
    (r"\bindex(es)? by authority", "index-by-authority"),
    (r"\b(index(es)? by|and by) region", "index-by-region"),
    (r"summary of coverage|coverage summary", "coverage"),
    (r"one-page summary", "summary"),
]


def check_promises(name, md_text):
    ids = set(re.findall(r'<a id="([^"]+)"></a>', md_text))
    m = re.search(r"^#+ [^\n]*About this[^\n]*$(.*?)^# <a id=\"part-1\">", md_text, re.M | re.S)
    if m is None:
        fail("%s.md: no introduction before Part 1" % name)
        return
    intro = norm(m.group(1))
    for pattern, anchor in PROMISES:
        if re.search(pattern, intro, re.I) and anchor not in ids:
            fail("%s.md: the introduction mentions %r but the edition has no #%s" % (
                name, re.search(pattern, intro, re.I).group(0), anchor))


def check_unstated(name, doc, pdf, record_ids):
    levels = {lvl for lvl, _, a in parity.md_headings(doc) if a in record_ids}
    if len(levels) > 1:
        fail("%s.md: record headings at levels %s" % (name, sorted(levels)))
    titles = {t for _, t, a in parity.md_headings(doc) if a in record_ids}
    depths = {d for d, t, _ in parity.pdf_outline(pdf) if t in titles}
    if len(depths) > 1:
        fail("%s.pdf: records at outline depths %s" % (name, sorted(depths)))


def check_anchors(name, md_text):
    ids = re.findall(r'<a id="([^"]+)"></a>', md_text)
    dup = sorted({a for a in ids if ids.count(a) > 1})
    if dup:
        fail("%s.md: anchors defined more than once: %s" % (name, ", ".join(dup)))
    for target in sorted(set(re.findall(r'\]\(#([^)\s]+)\)', md_text)) |
                         set(re.findall(r'href="#([^"]+)"', md_text))):
        if target not in ids:
            fail("%s.md: link #%s has no target" % (name, target))


def main():
    args = sys.argv[1:]
    page_checks = "--no-page-text" not in args
    out, records = [a for a in args if a != "--no-page-text"][:2]
    record_ids = {os.path.basename(p)[:-4] for p in glob.glob(os.path.join(records, "*.xml"))}
    names = sorted(os.path.relpath(p, out)[:-3]
                   for p in glob.glob(os.path.join(out, "**", "*.md"), recursive=True))
    for name in names:
        md_path, pdf = os.path.join(out, name + ".md"), os.path.join(out, name + ".pdf")
        doc = parity.md_tree(md_path)
        text = open(md_path, encoding="utf-8").read()
        if name.startswith("handouts/"):
            check_handout(name, doc, pdf)
        check_titles(name, doc, pdf if page_checks else None)
        if page_checks:
            check_running(name, pdf)
        _pages.clear()
        check_promises(name, text)
        check_unstated(name, doc, pdf, record_ids)
        check_anchors(name, text)
    if not names:
        fail("no edition in " + out)
    print("disagreements: %d editions, %d failures" % (len(names), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
