#!/usr/bin/env python3
"""typeset.py: measures a gpdigest PDF's typesetting from its word positions.

Standard library only; reads `pdftotext -bbox` (poppler: each word and its box). Used by
tests/cli/typeset.sh.

  measure --style STYLE.xml [--xsd XSD] [--records DIR] PDF...
      prints, per PDF and in total, and fails when any is not zero:
        widows        a paragraph's last line alone at the top of a page
                      (fewer than <pagination widows> lines after a break)
        orphans       a paragraph's first line alone at the foot of a page
                      (fewer than <pagination orphans> lines before a break)
        single-line   pages whose body holds one line
        stranded      pages ending with a heading or a question of the form
                      (--xsd: the questions), what it heads overleaf
        split-phrase  "page N", "Criterion N.N", "Standard N" or "Part N"
                      broken over two lines
      and, with --records (the records the PDFs were built from), that the
      sizes of headings strictly decrease by level: part, Standard,
      criterion, record, the form's sections, an attachment's title, the
      headings inside attachments (by their CommonMark level).
  survival GPDIGEST WORKDIR
      writes a record whose description holds CommonMark constructs (hard
      breaks, in emphasis too; a code block with tabs, indentation and
      blank lines; an ordered list from 0; a list in a quote in a list;
      code in a list), builds it, and checks from the words' positions that
      every word, line break, indentation and blank line survived.
  lines PDF PAGE      prints a page's body lines as measured (for debugging)

What a line is: the words pdftotext reports on one baseline. Two lines
belong to one paragraph when they are set at the same size and left edge
(a list or tick marker aside), one line pitch apart on a page, and the
first word of the lower one would not have fitted at the end of the upper
one (the layout breaks lines greedily, so a line ends early only where a
paragraph or a hard break does). Across a page break the same holds but
for the pitch.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

STYLE_NS = "{urn:x-gpdigest:style}"
REC_NS = "{urn:x-gpdigest:record}"
XS_NS = "{http://www.w3.org/2001/XMLSchema}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# DejaVu's ascent + descent (what poppler makes a word's height): the
# regular and bold faces differ by under 1 %.
HEIGHT_PER_PT = 1.168
SPACE_EM = {"serif": 0.318, "mono": 0.602}
MARKERS = {"\u2022", "\u2013", "\u25e6", "\u2612", "\u2610", "\u2713"}
PHRASE_WORDS = ("page", "Criterion", "Standard", "Part")
# The form's own questions that the schema does not document.
QUESTIONS = [
    "National Leaving Care Standards criteria",
    "Name(s) and region of agency/organisation in which this piece of work was developed",
    "Purpose and intended outcomes of this work",
    "Description of what was carried out in this piece of work (the intervention/s)",
    "Service structures and processes that were set up (e.g. posts, partnership groups etc)",
    "Name(s) of tools/resources developed as part of this work",
    "Notes on the evidence",
    "Contact details for further information about this piece of work and the evidence of its impact",
    "Also relevant to this criterion",
]
SECTIONS = ["In what sense is this 'good practice'? The evidence", "Attached documents"]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(*args, **kw):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if p.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(args), p.returncode,
                                   p.stderr.decode("utf-8", "replace")[:2000]))
    return p.stdout.decode("utf-8")


def norm(s):
    """Text as compared: one space for any white space (a no-break one
    too), straight quotes and hyphens for the typographic ones."""
    for a, b in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'),
                 ("\u2013", "-"), ("\u2014", "-"), ("\u00a0", " ")):
        s = s.replace(a, b)
    return " ".join(s.split())


# ---- the style ----------------------------------------------------------

def length(v):
    m = re.fullmatch(r"([0-9.]+)(pt|mm|cm|in)?", v.strip())
    if not m:
        fail("bad length %r in the style" % v)
    return float(m.group(1)) * {None: 1, "pt": 1, "mm": 72 / 25.4, "cm": 72 / 2.54,
                                "in": 72}[m.group(2)]


class Style:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        get = lambda el, at, d: (root.find(STYLE_NS + el).get(at)
                                 if root.find(STYLE_NS + el) is not None
                                 and root.find(STYLE_NS + el).get(at) is not None else d)
        self.width = length(get("page", "width", "595.276"))
        self.height = length(get("page", "height", "841.89"))
        self.top = length(get("margins", "top", "72"))
        self.bottom = length(get("margins", "bottom", "64"))
        self.left = length(get("margins", "left", "68"))
        self.right = length(get("margins", "right", "68"))
        self.size = length(get("text", "size", "10"))
        self.leading = float(get("text", "leading", "1.4"))
        self.widows = int(get("pagination", "widows", "2"))
        self.orphans = int(get("pagination", "orphans", "2"))
        self.pitch = self.size * self.leading


# ---- words and lines ----------------------------------------------------

class Line:
    def __init__(self, words):
        self.words = sorted(words, key=lambda w: w[0])
        self.x0 = self.words[0][0]
        self.x1 = max(w[2] for w in self.words)
        self.top = min(w[1] for w in self.words)
        self.base = max(w[3] for w in self.words)
        self.size = round(statistics.median(w[3] - w[1] for w in self.words)
                          / HEIGHT_PER_PT, 2)
        self.text = " ".join(w[4] for w in self.words)
        first = self.words[0][4]
        marker = first in MARKERS or re.fullmatch(r"\d+\.", first) is not None
        # where the paragraph's text starts: after a list or tick marker
        self.left = self.words[1][0] if marker and len(self.words) > 1 else self.x0
        self.first_word = self.words[1] if marker and len(self.words) > 1 else self.words[0]
        self.marker = first if marker else None

    def __repr__(self):
        return "%6.1f %6.1f %5.2f %s" % (self.top, self.x0, self.size, self.text[:80])


def pages_of(pdf):
    """[[words]] per page, each word (xMin, yMin, xMax, yMax, text)."""
    xml = run("pdftotext", "-bbox", pdf, "-")
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter(XHTML + "page"):
        words = []
        for w in page.iter(XHTML + "word"):
            words.append((float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                          float(w.get("yMax")), w.text or ""))
        pages.append(words)
    return pages


def lines_of(words, st, labels=()):
    """The body's lines (running head and footer left out), top down; a
    line is a label when it is (the start of) a question of the form."""
    body = [w for w in words if w[1] >= st.top - 4 and w[3] <= st.height - st.bottom + 4]
    rows = {}
    for w in body:
        key = round(w[3] * 2) / 2  # one baseline: the same bottom to 0.5 pt
        for k in (key, key - 0.5, key + 0.5):
            if k in rows:
                key = k
                break
        rows.setdefault(key, []).append(w)
    lines = [Line(ws) for _, ws in sorted(rows.items())]
    # leaders of contents lines are words of dots: not words of the text
    for ln in lines:
        ln.leader = sum(1 for w in ln.words if w[4] == ".") >= 3
        t = norm(ln.text)
        ln.label = any(q == t or q.startswith(t + " ") or (q.endswith(" " + t) and len(t) > 12)
                       for q in labels)
    return lines


def is_body(st, ln):
    return abs(ln.size - st.size) < 0.35 or abs(ln.size - st.size * 0.9) < 0.35


def is_heading(st, ln):
    return ln.size > st.size + 0.15


def word_width(w):
    return w[2] - w[0]


def continues(st, a, b, same_page):
    """Is b the next line of a's paragraph?"""
    if not (is_body(st, a) and is_body(st, b)) or abs(a.size - b.size) > 0.2:
        return False
    if a.label or b.label or a.leader:
        return False  # a question of the form; a contents entry's last line
    if same_page and abs((b.top - a.top) - st.pitch) > 0.8:
        return False
    if b.marker is not None or abs(b.x0 - a.left) > 0.8:
        return False
    mono = abs(a.size - st.size * 0.9) < 0.2
    room = (st.width - st.right) - a.x1
    need = SPACE_EM["mono" if mono else "serif"] * a.size + word_width(b.first_word)
    return need > room - 0.5


# ---- measure ------------------------------------------------------------

def schema_questions(xsd):
    out = []
    t = ET.parse(xsd).getroot()
    for el in t.iter(XS_NS + "element"):
        doc = el.find(XS_NS + "annotation/" + XS_NS + "documentation")
        if doc is not None and doc.text and el.get("name") not in ("tick", "specify"):
            out.append(doc.text)
    return out


def phrase_split(a, b):
    last, first = a.words[-1][4], b.words[0][4]
    return last in PHRASE_WORDS and re.match(r"\d", first) is not None


def measure_pdf(pdf, st, questions):
    labels = {norm(q) for q in questions}
    pages = [lines_of(p, st, labels) for p in pages_of(pdf)]
    found = {"widows": [], "orphans": [], "single-line": [], "stranded": [],
             "split-phrase": []}
    for i, lines in enumerate(pages):
        where = "%s p.%d" % (os.path.basename(pdf), i + 1)
        if len(lines) == 1:
            found["single-line"].append("%s: only %r" % (where, lines[0].text))
        for a, b in zip(lines, lines[1:]):
            if phrase_split(a, b):
                found["split-phrase"].append("%s: %r | %r" % (where, a.text[-30:], b.text[:30]))
        if i + 1 >= len(pages) or not lines or not pages[i + 1]:
            continue
        nxt = pages[i + 1]
        a, b = lines[-1], nxt[0]
        if phrase_split(a, b):
            found["split-phrase"].append("%s: %r | %r" % (where, a.text[-30:], b.text[:30]))
        tail = " ".join(norm(l.text) for l in lines[-3:])
        if is_heading(st, a) or any(tail.endswith(q) and (tail == q or tail[-len(q) - 1] == " ")
                                    for q in labels if len(q) <= len(tail)):
            found["stranded"].append("%s ends with %r" % (where, a.text))
        if not continues(st, a, b, False):
            continue
        before = 1
        while before < len(lines) and continues(st, lines[-before - 1], lines[-before], True):
            before += 1
        after = 1
        while after < len(nxt) and continues(st, nxt[after - 1], nxt[after], True):
            after += 1
        if before < st.orphans:
            found["orphans"].append("%s: %d line(s) before the break: %r" % (where, before, a.text))
        if after < st.widows:
            found["widows"].append("%s: %d line(s) after the break: %r" % (where, after, b.text))
    return found, pages


# The heading kinds, largest first, and how each is recognised.
KINDS = ["part", "standard", "criterion", "record", "section", "attachment",
         "text1", "text2", "text3", "text4"]


def attachment_headings(records):
    """{normalised heading text: kind} of the ATX headings of every
    attachment, by level below the attachment's highest."""
    out = {}
    for name in sorted(os.listdir(records)):
        if not name.endswith(".xml"):
            continue
        rec = ET.parse(os.path.join(records, name)).getroot()
        for att in rec.iter(REC_NS + "attachment"):
            body, fence, found = "".join(att.itertext()), False, []
            for line in body.split("\n"):
                if re.match(r"\s{0,3}(```|~~~)", line):
                    fence = not fence
                m = None if fence else re.match(r" {0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
                if m:
                    found.append((len(m.group(1)), m.group(2)))
            top = min((l for l, _ in found), default=1)
            for l, text in found:
                out[norm(text)] = "text%d" % min(4, l - top + 1)
    return out


def heading_sizes(pages, st, records, structure):
    """{kind: {sizes}} of the headings found."""
    texts = attachment_headings(records) if records else {}
    for q in SECTIONS:
        texts[norm(q)] = "section"
    for kind, title in structure:
        texts.setdefault(norm(title), kind)
    sizes = {}
    for lines in pages[1:]:  # not the cover
        for k, ln in enumerate(lines):
            if not is_heading(st, ln) and norm(ln.text) not in (norm(q) for q in SECTIONS):
                continue
            text = norm(ln.text)
            # a heading set on two lines
            if k + 1 < len(lines) and abs(lines[k + 1].size - ln.size) < 0.05 and \
                    lines[k + 1].top - ln.top < ln.size * 1.3:
                text = norm(ln.text + " " + lines[k + 1].text)
            kind = texts.get(text)
            if kind:
                sizes.setdefault(kind, set()).add(ln.size)
    return sizes


def structure_of(gpdigest, records, templates):
    """[(kind, title)] of every declared edition's headings."""
    out = []
    text = run(gpdigest, "structure", "--records", records, "--templates", templates)
    for line in text.split("\n"):
        parts = line.strip().split(" ", 5)
        if len(parts) == 6 and parts[0] in ("part", "standard", "criterion", "record",
                                             "attachment") and parts[1] != "0":
            out.append((parts[0], parts[5]))
    return out


def cmd_measure(a):
    st = Style(a.style)
    questions = QUESTIONS + (schema_questions(a.xsd) if a.xsd else [])
    structure = structure_of(a.gpdigest, a.records, a.templates) if a.gpdigest else []
    total = {}
    sizes = {}
    npages = 0
    for pdf in a.pdf:
        found, pages = measure_pdf(pdf, st, questions)
        npages += len(pages)
        for k, v in found.items():
            total.setdefault(k, []).extend(v)
        if a.records:
            for kind, s in heading_sizes(pages, st, a.records, structure).items():
                sizes.setdefault(kind, set()).update(s)
    bad = 0
    for k in ("widows", "orphans", "single-line", "stranded", "split-phrase"):
        print("%-13s %d" % (k, len(total[k])))
        for x in total[k][:8]:
            print("    " + x)
        bad += len(total[k])
    if a.records:
        order = [k for k in KINDS if k in sizes]
        print("heading sizes: " + ", ".join("%s %s" % (k, "/".join("%g" % s for s in sorted(sizes[k])))
                                            for k in order))
        for k in order:
            if len(sizes[k]) > 1 and max(sizes[k]) - min(sizes[k]) > 0.1:
                print("    %s headings are set at %d sizes" % (k, len(sizes[k])))
                bad += 1
        for hi, lo in zip(order, order[1:]):
            if not min(sizes[hi]) > max(sizes[lo]) + 0.05:
                print("    %s (%s) is not larger than %s (%s)" % (hi, max(sizes[hi]), lo, max(sizes[lo])))
                bad += 1
        missing = [k for k in ("part", "standard", "criterion", "record", "section", "attachment")
                   if k not in sizes]
        if missing:
            print("    no heading found of kind: " + ", ".join(missing))
            bad += 1
    print("%d PDFs, %d pages" % (len(a.pdf), npages))
    if bad:
        fail("%d typesetting faults" % bad)


def cmd_lines(a):
    st = Style(a.style)
    pages = pages_of(a.pdf)
    for ln in lines_of(pages[a.page - 1], st):
        print(ln)


# ---- CommonMark survival ------------------------------------------------

# The description's CommonMark, and (expected_lines) the lines it must
# print as: (kind, text), text the line's words as printed, kind how the
# line is checked:
#   "first": a new line starting at the paragraph's left edge
#   "code": a code line; its indentation (columns, tabs expanded to 4) and
#           every word's column are checked
#   "blank": an empty code line (the gap above the next line is two pitches)
#   "item N": a list item whose marker is "N." ("item -" a bullet)
SOURCE = r"""Hard breaks keep their lines: one ends here\
and the next starts a line; two spaces end this  
line too, and *emphasis with a break  
inside it* stays one paragraph.

```
def greet(name):
	return "hi " + name
    if name:
        print(name)

	col	one		two
end
```

0. zero starts the list
1. one follows
2. two ends it

- outer item
  > quoted text in the item
  >
  > - nested in the quote
  >   1. deeper still

- code in a list:

      indented code
        two more
"""


def expected_lines():
    """[(kind, text)] in order: the lines SOURCE must print as."""
    out = [("first", "Hard breaks keep their lines: one ends here"),
           ("first", "and the next starts a line; two spaces end this"),
           ("first", "line too, and emphasis with a break"),
           ("first", "inside it stays one paragraph.")]
    code = ["def greet(name):", "\treturn \"hi \" + name", "    if name:",
            "        print(name)", "", "\tcol\tone\t\ttwo", "end"]
    for c in code:
        out.append(("blank", "") if c == "" else ("code", c))
    out += [("item 0", "zero starts the list"), ("item 1", "one follows"),
            ("item 2", "two ends it"), ("item -", "outer item"),
            ("first", "quoted text in the item"), ("item -", "nested in the quote"),
            ("item 1", "deeper still"), ("item -", "code in a list:"),
            ("code", "indented code"), ("code", "  two more")]
    return out


def expand_tabs(s):
    out = ""
    for ch in s:
        if ch == "\t":
            out += " " * (4 - len(out) % 4)
        else:
            out += ch
    return out


def record_xml(desc):
    esc = desc.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return """<?xml version="1.0" encoding="UTF-8"?>
<record xmlns="urn:x-gpdigest:record" version="1" id="survival">
  <title>CommonMark survival</title>
  <authority>Testshire</authority>
  <received>2026-01-15</received>
  <criteria><criterion>1.1</criterion></criteria>
  <outcomes><tick option="be-healthy"/></outcomes>
  <agency>Testshire Leaving Care</agency>
  <target-groups><tick option="leaving-care"/></target-groups>
  <purpose>A record that holds CommonMark constructs.</purpose>
  <description>%s</description>
  <structures>ENDMARK</structures>
  <regions><tick option="london"/></regions>
</record>
""" % esc


def cmd_survival(a):
    st_path = os.path.join(a.templates, "style.xml")
    st = Style(st_path)
    recs = os.path.join(a.workdir, "records")
    out = os.path.join(a.workdir, "out")
    os.makedirs(recs, exist_ok=True)
    with open(os.path.join(recs, "survival.xml"), "w", encoding="utf-8") as f:
        f.write(record_xml(SOURCE))
    p = subprocess.run([a.gpdigest, "build", "--quiet", "--records", recs, "--templates",
                        a.templates, "--out", out, "--format", "pdf"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail("build exited %d: %s" % (p.returncode, p.stderr.decode()[:2000]))
    pages = [lines_of(w, st) for w in pages_of(os.path.join(out, "compendium.pdf"))]
    seq = [(pi, ln) for pi, lines in enumerate(pages) for ln in lines]
    start = next((k for k, (_, ln) in enumerate(seq) if norm(ln.text).startswith(
        "Description of what was carried out")), None)
    end = next((k for k, (_, ln) in enumerate(seq) if ln.text == "ENDMARK"), None)
    if start is None or end is None:
        fail("the description's question or the field after it is not in the PDF")
    got = seq[start + 2 if norm(seq[start + 1][1].text).endswith("intervention/s)") else start + 1:end]
    # up to the question after the description
    cut = next((k for k, (_, ln) in enumerate(got)
                if norm(ln.text).startswith("Service structures")), len(got))
    got = got[:cut]
    exp = expected_lines()
    problems = []
    real = [e for e in exp if e[0] != "blank"]
    if len(got) != len(real):
        problems.append("%d lines printed, %d expected:\n      %s" % (
            len(got), len(real), "\n      ".join(norm(l.text) for _, l in got)))
    code_x0 = {}
    para_left = got[0][1].x0 if got else 0
    gi = 0
    prev = None
    blank_before = False
    for kind, text in exp:
        if kind == "blank":
            blank_before = True
            continue
        if gi >= len(got):
            problems.append("missing line %r" % text)
            break
        pi, ln = got[gi]
        gi += 1
        words = [w[4] for w in ln.words]
        if kind.startswith("item"):
            want = kind.split()[1]
            if want == "-":
                if ln.marker not in MARKERS:
                    problems.append("%r: no bullet (got %r)" % (text, ln.marker))
            elif ln.marker != want + ".":
                problems.append("%r: marker %r, not %r" % (text, ln.marker, want + "."))
            words = words[1:]
        if norm(" ".join(words)) != norm(text.replace("\t", " ")):
            problems.append("line %r printed as %r" % (text, " ".join(words)))
        if kind == "first" and text.startswith(("and the next", "line too", "inside it")):
            if abs(ln.x0 - para_left) > 0.5:
                problems.append("%r does not start at the paragraph's left edge" % text)
        if kind == "code":
            cols = expand_tabs(text)
            key = "list" if text.startswith(("indented", "  two")) else "top"
            # the column of each word: the character offset in the expanded line
            offs = [m.start() for m in re.finditer(r"\S+", cols)]
            if key not in code_x0:
                # the block's left edge, from its first line's first word
                code_x0[key] = ln.words[0][0] - offs[0] * (word_width(ln.words[0]) / len(ln.words[0][4]))
            cw = word_width(ln.words[0]) / len(ln.words[0][4])
            for w, off in zip(ln.words, offs):
                x = code_x0[key] + off * cw
                if abs(w[0] - x) > 0.6:
                    problems.append("code %r: %r at x %.1f, column %d wants %.1f" % (
                        text, w[4], w[0], off, x))
        if prev is not None and prev[0] == pi:
            gap = ln.top - prev[1].top
            if blank_before and abs(gap - 2 * st.pitch) > 1.0:
                problems.append("the blank code line before %r: %.1f pt down, not %.1f" % (
                    text, gap, 2 * st.pitch))
            if kind == "code" and not blank_before and prev[2] == "code" and abs(gap - st.pitch) > 0.6:
                problems.append("code line %r is %.1f pt below the one above, not %.1f" % (
                    text, gap, st.pitch))
        blank_before = False
        prev = (pi, ln, kind)
    # nesting: each container's text further right than the one around it
    xs = {norm(" ".join(w[4] for w in l.words if w[4] != l.marker)): l.left for _, l in got}
    chain = ["outer item", "quoted text in the item", "nested in the quote", "deeper still"]
    lefts = [xs.get(c) for c in chain]
    if None in lefts or any(not (b > a + 3) for a, b in zip(lefts, lefts[1:])):
        problems.append("nested containers are not indented in turn: %s" % lefts)
    if problems:
        fail("CommonMark constructs lost in the PDF:\n  " + "\n  ".join(problems))
    print("%d lines: every word, line break, indentation and blank line kept" % len(got))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("measure")
    p.add_argument("--style", required=True)
    p.add_argument("--xsd")
    p.add_argument("--records")
    p.add_argument("--templates")
    p.add_argument("--gpdigest")
    p.add_argument("pdf", nargs="+")
    p.set_defaults(f=cmd_measure)
    p = sub.add_parser("survival")
    p.add_argument("gpdigest")
    p.add_argument("workdir")
    p.add_argument("--templates", default="templates")
    p.set_defaults(f=cmd_survival)
    p = sub.add_parser("lines")
    p.add_argument("pdf")
    p.add_argument("page", type=int)
    p.add_argument("--style", required=True)
    p.set_defaults(f=cmd_lines)
    a = ap.parse_args()
    a.f(a)


if __name__ == "__main__":
    main()
