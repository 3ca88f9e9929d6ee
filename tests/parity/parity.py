#!/usr/bin/env python3
"""parity.py: the Markdown's headings, the PDF's outline, the HTML's headings and `gpdigest structure` agree.

    parity.py GPDIGEST RECORDS TEMPLATES WORKDIR

Builds every declared edition of RECORDS into WORKDIR/out, dumps the
document structure, and for every edition checks that
  - the Markdown's section headings (parsed with `cmark -t xml`, so record
    text holding '#' is not mistaken for one: a section heading is one that
    opens with the structure's <a id> anchor) are the structure's headings
    with a level, in order, with the same titles, levels and anchors;
  - the PDF's outline (qpdf --json) is the same list: titles, levels
    (nesting depth), order;
  - the Markdown's contents (the list under the Contents heading) are the
    structure's contents entries, titles, anchors and nesting depth;
  - anchors are unique in the edition and every internal link has a target;
  - the HTML site (WORKDIR/out/EDITION/) has each of the structure's
    headings once, as an h1-h6 with its anchor as id and its title as text,
    and its contents (index.html) are the structure's contents entries,
    titles and nesting depth, each linking to the page and id of its node.
Prints one line per disagreement; exit 1 if any, 0 if none.
Python standard library only; needs cmark and qpdf on PATH.
"""

import html.parser
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://commonmark.org/xml/1.0}"
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.PIPE, **kw).stdout


def parse_structure(text):
    """{output: [node dicts]} from `gpdigest structure`."""
    editions, cur = {}, None
    for line in text.decode("utf-8").split("\n"):
        if not line:
            continue
        if line.startswith("edition "):
            cur = editions.setdefault(line[len("edition "):], [])
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        kind, level, anchor, formats, toc, title = line.lstrip(" ").split(" ", 5)
        cur.append({"depth": depth, "kind": kind, "level": int(level),
                    "anchor": None if anchor == "-" else anchor,
                    "formats": formats.split(","), "toc": toc == "toc", "title": title})
    return editions


def inline_text(el):
    """The text of a heading or link: text and code, breaks as spaces, no raw HTML."""
    out = []
    for e in el.iter():
        tag = e.tag[len(NS):]
        if tag in ("text", "code"):
            out.append(e.text or "")
        elif tag in ("softbreak", "linebreak"):
            out.append(" ")
    return "".join(out).strip()


ANCHOR = re.compile(r'^<a id="([^"]+)">(</a>)?$')  # cmark splits <a></a> in two


def md_tree(path):
    return ET.fromstring(run(["cmark", "-t", "xml", path]))


def md_headings(doc):
    """(level, title, anchor) of every heading that opens with an anchor."""
    out = []
    for h in doc.iter(NS + "heading"):
        first = next(iter(h), None)
        m = ANCHOR.match(first.text or "") if first is not None and \
            first.tag == NS + "html_inline" else None
        if m:
            out.append((int(h.get("level")), inline_text(h), m.group(1)))
    return out


def md_contents(doc):
    """(depth, title, anchor) of the contents list's links."""
    blocks = list(doc)
    for i, b in enumerate(blocks):
        if b.tag == NS + "heading" and md_headings_of(b) == "contents":
            lst = blocks[i + 1] if i + 1 < len(blocks) else None
            if lst is None or lst.tag != NS + "list":
                return []
            out = []
            walk_list(lst, 1, out)
            return out
    return []


def md_headings_of(h):
    first = next(iter(h), None)
    m = ANCHOR.match(first.text or "") if first is not None and \
        first.tag == NS + "html_inline" else None
    return m.group(1) if m else None


def walk_list(lst, depth, out):
    for item in lst:
        for block in item:
            if block.tag == NS + "paragraph":
                link = block.find(NS + "link")
                if link is not None:
                    out.append((depth, inline_text(link), link.get("destination")[1:]))
            elif block.tag == NS + "list":
                walk_list(block, depth + 1, out)


def pdf_outline(path):
    data = json.loads(run(["qpdf", "--json", "--json-key=outlines", path]))
    out = []

    def walk(entries, depth):
        for e in entries:
            out.append((depth, e["title"], e.get("destpageposfrom1")))
            walk(e.get("kids", []), depth + 1)
    walk(data.get("outlines", []), 1)
    return out


def check_edition(out_dir, name, nodes):
    md_path = os.path.join(out_dir, name + ".md")
    pdf_path = os.path.join(out_dir, name + ".pdf")
    want_md = [(n["level"], n["title"], n["anchor"]) for n in nodes
               if n["level"] > 0 and "md" in n["formats"]]
    want_pdf = [(n["level"], n["title"]) for n in nodes
                if n["level"] > 0 and "pdf" in n["formats"]]
    want_toc, stack = [], []
    for n in nodes:  # contents depth: how many listed ancestors
        while stack and stack[-1] >= n["depth"]:
            stack.pop()
        if n["toc"] and "md" in n["formats"]:
            want_toc.append((len(stack) + 1, n["title"], n["anchor"]))
            stack.append(n["depth"])

    anchors = [n["anchor"] for n in nodes if n["anchor"]]
    if len(set(anchors)) != len(anchors):
        seen, dup = set(), []
        for a in anchors:
            if a in seen:
                dup.append(a)
            seen.add(a)
        fail("%s: structure anchors not unique: %s" % (name, ", ".join(dup[:5])))

    doc = md_tree(md_path)
    got = md_headings(doc)
    if got != want_md:
        diff_report(name + ".md headings", want_md, got)
    toc = md_contents(doc)
    if toc != want_toc:
        diff_report(name + ".md contents", want_toc, toc)
    text = open(md_path, encoding="utf-8").read()
    ids = re.findall(r'<a id="([^"]+)"></a>', text)
    if len(set(ids)) != len(ids):
        fail("%s.md: an anchor is defined twice" % name)
    for target in set(re.findall(r'\]\(#([^)\s]+)\)', text)) | \
            set(re.findall(r'href="#([^"]+)"', text)):
        if target not in ids:
            fail("%s.md: link #%s has no target" % (name, target))

    outline = pdf_outline(pdf_path)
    got_pdf = [(d, t) for d, t, _ in outline]
    if got_pdf != want_pdf:
        diff_report(name + ".pdf outline", want_pdf, got_pdf)


class Site(html.parser.HTMLParser):
    """One page: headings with ids ({id: (level, text)}), every id, and the
    contents' entries ((depth, text, href), nested <ul> depth)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.ids, self.toc = {}, set(), []
        self._h = None
        self._in_toc, self._ul, self._a = 0, 0, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "id" in a:
            self._h = [a["id"], int(tag[1]), ""]
        if tag == "nav" and "contents" in (a.get("class") or ""):
            self._in_toc = 1
        if self._in_toc and tag == "ul":
            self._ul += 1
        if self._in_toc and tag == "a":
            self._a = [self._ul, "", a.get("href")]

    def handle_endtag(self, tag):
        if self._h and tag == "h%d" % self._h[1]:
            self.headings[self._h[0]] = (self._h[1], self._h[2])
            self._h = None
        if self._in_toc and tag == "ul":
            self._ul -= 1
        if self._in_toc and tag == "nav":
            self._in_toc = 0
        if self._a and tag == "a":
            self.toc.append(tuple(self._a))
            self._a = None

    def handle_data(self, data):
        if self._h:
            self._h[2] += data
        if self._a:
            self._a[1] += data


def check_html(out_dir, name, nodes):
    site = os.path.join(out_dir, name)
    pages = {}
    for f in sorted(os.listdir(site)):
        if f.endswith(".html"):
            p = Site()
            p.feed(open(os.path.join(site, f), encoding="utf-8").read())
            pages[f] = p
    seen = {}
    for f, p in pages.items():
        for anchor, (level, text) in p.headings.items():
            if anchor in seen:
                fail("%s/: heading #%s on %s and %s" % (name, anchor, seen[anchor][0], f))
            seen[anchor] = (f, level, text)
    want = [n for n in nodes if n["level"] > 0 and "html" in n["formats"]]
    for n in want:
        got = seen.pop(n["anchor"], None)
        if got is None:
            fail("%s/: no heading with id %s (%s)" % (name, n["anchor"], n["title"]))
        elif got[2] != n["title"]:
            fail("%s/%s: heading #%s reads %r, the structure says %r" % (
                name, got[0], n["anchor"], got[2], n["title"]))
    for anchor, (f, _, text) in seen.items():
        fail("%s/%s: heading #%s (%r) is not in the structure" % (name, f, anchor, text))
    want_toc, stack = [], []
    for n in nodes:
        while stack and stack[-1] >= n["depth"]:
            stack.pop()
        if n["toc"] and "html" in n["formats"]:
            want_toc.append((len(stack) + 1, n["title"], n["anchor"]))
            stack.append(n["depth"])
    got_toc = []
    for depth, text, href in pages["index.html"].toc:
        page, _, frag = href.partition("#")
        target = pages.get(page)
        anchor = frag or (page[:-5] if page != "index.html" else "")
        if target is None or (frag and frag not in target.ids):
            fail("%s/index.html: contents link %s has no target" % (name, href))
        got_toc.append((depth, text, anchor))
    if got_toc != want_toc:
        diff_report(name + "/index.html contents", want_toc, got_toc)


def diff_report(what, want, got):
    for i, (w, g) in enumerate(zip(want, got)):
        if w != g:
            fail("%s: entry %d is %r, the structure says %r" % (what, i + 1, g, w))
            return
    fail("%s: %d entries, the structure has %d (first extra: %r)" % (
        what, len(got), len(want), (got[len(want):] or want[len(got):])[:1]))


def main():
    gpdigest, records, templates, work = sys.argv[1:5]
    out_dir = os.path.join(work, "out")
    subprocess.run([gpdigest, "build", "--quiet", "--records", records, "--templates",
                    templates, "--out", out_dir], check=True, stderr=subprocess.DEVNULL)
    editions = parse_structure(run([gpdigest, "structure", "--records", records,
                                    "--templates", templates], stderr=subprocess.DEVNULL))
    if not editions:
        fail("gpdigest structure printed no edition")
    for name, nodes in sorted(editions.items()):
        check_edition(out_dir, name, nodes)
        check_html(out_dir, name, nodes)
    print("parity: %d editions, %d disagreements" % (len(editions), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
