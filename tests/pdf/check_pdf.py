#!/usr/bin/env python3
"""Checks a gpdigest PDF edition through poppler's command-line tools.

Used by tests/cli/pdf.sh; standard library only. Every subcommand exits 0
when the check holds and 1 (printing why) when it does not.

  fonts PDF                 every font is embedded and subset (pdffonts)
  order PDF [--from PREFIX] [--until PREFIX] STR...
                            the STRs occur in this order on the pages from
                            the one the contents entry starting with the
                            --from PREFIX names (default: the first after
                            the contents) to the one before the --until
                            entry's (default: the last)
  toc PDF                   every contents line "title .... N" names a
                            heading that first appears on page N
  record PDF REC.xml --xsd XSD [--missing CHARS]
                            every answered question of the record (label
                            and answer, option labels from the XSD's
                            documentation, CommonMark text without its
                            markers, attachments in full) appears, in
                            order, in the record's pages
  joined PDF REC.xml STRING the record's pages, with all white space
                            removed, contain STRING (a long word the
                            layout broke across lines)
  glyphs PDF                every embedded TrueType subset is whole: each
                            composite glyph it keeps keeps its components
                            (else accented letters print blank or bare)
  orphans PDF --xsd XSD     no page ends with a question of the form (its
                            answer overleaf)
  stress-fixture REC.xml    the stress record still is one: 5,000 words of
                            description, a 300-character URL, a 200-item
                            list, Greek and Cyrillic names, characters
                            DejaVu lacks; prints the URL
  bbox PDF --style STYLE.xml
                            every word lies inside the page, and inside
                            the left and right margins to 0.5 pt
  struct-order PDF TEXT.txt every paragraph of TEXT.txt (one a line) that
                            has right-to-left letters is, word for word and
                            letter for letter as written (logical order),
                            in the text of an element of the structure tree
                            (pdfinfo -struct-text: its marked content in
                            content order, as a screen reader reads it)

Text comparisons are on words (runs of letters and digits), so line
breaks, list bullets, tick boxes, punctuation and CommonMark markers do not
matter, and a word the layout broke across lines counts as one; a lost,
reordered or merged word, or one cut without a line break, does.
"""
import argparse
import bisect
import html
import json
import struct
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

REC_NS = "{urn:x-gpdigest:record}"
XS_NS = "{http://www.w3.org/2001/XMLSchema}"
STYLE_NS = "{urn:x-gpdigest:style}"

# The form's printed questions that the schema does not document (the
# tick-box groups' questions and option labels come from the XSD).
QUESTIONS = {
    "criteria": "National Leaving Care Standards criteria",
    "agency": "Name(s) and region of agency/organisation in which this piece of work was developed",
    "purpose": "Purpose and intended outcomes of this work",
    "description": "Description of what was carried out in this piece of work (the intervention/s)",
    "structures": "Service structures and processes that were set up (e.g. posts, partnership groups etc)",
    "tools": "Name(s) of tools/resources developed as part of this work",
    "evidence": "In what sense is this 'good practice'? The evidence",
    "notes": "Notes on the evidence",
    "contact": "Contact details for further information about this piece of work and the evidence of its impact",
    "attachments": "Attached documents",
}

FOOTER = re.compile(r"^\s*page \d+ of \d+\s*$")
TOC_LINE = re.compile(r"^\s*(?P<title>\S.*?)\s*(?:\.\s*){3,}(?P<page>\d+)\s*$")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(*args):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(args), p.returncode,
                                   p.stderr.decode("utf-8", "replace")))
    return p.stdout.decode("utf-8")


def collapse(s):
    return " ".join(s.split())


class Doc:
    """pdftotext -layout of the whole file, page by page, furniture removed."""

    def __init__(self, path):
        self.path = path
        pages = run("pdftotext", "-layout", "-enc", "UTF-8", path, "-").split("\f")
        if pages and pages[-1].strip() == "":
            pages.pop()
        self.raw = pages
        self.pages = [self._body(p) for p in pages]  # lists of lines
        self._find_contents()

    @staticmethod
    def _body(text):
        lines = [l for l in text.split("\n") if l.strip()]
        if any(FOOTER.match(l) for l in lines):
            # a page with furniture: the running header is its first line
            lines = [l for l in lines[1:] if not FOOTER.match(l)]
        return lines

    def _find_contents(self):
        self.contents_first = None
        for i, lines in enumerate(self.pages):
            if any(l.strip() == "Contents" for l in lines):
                self.contents_first = i
                break
        if self.contents_first is None:
            fail("no page with a 'Contents' heading")
        i = self.contents_first + 1
        while i < len(self.pages):
            lines = self.pages[i]
            if not lines or sum(1 for l in lines if TOC_LINE.match(l)) * 2 < len(lines):
                break
            i += 1
        self.contents_last = i - 1
        self.body_first = i  # 0-based index of the first page after the contents

    def toc(self):
        """[(title, page)] from the contents pages; wrapped entries joined."""
        entries, pending = [], []
        for i in range(self.contents_first, self.contents_last + 1):
            for l in self.pages[i]:
                s = collapse(l)
                if s == "Contents":
                    continue
                m = TOC_LINE.match(l)
                if m:
                    title = collapse(" ".join(pending + [m.group("title")]))
                    entries.append((title, int(m.group("page"))))
                    pending = []
                else:
                    pending.append(s)
        if pending:
            fail("contents text not followed by a page number: %r" % " ".join(pending))
        if not entries:
            fail("no contents entries found")
        return entries

    def heading_on(self, idx, title, max_lines=4):
        """Whether title is the whole of 1..max_lines consecutive lines of page idx."""
        want = collapse(title)
        lines = [collapse(l) for l in self.pages[idx]]
        for a in range(len(lines)):
            for b in range(a + 1, min(len(lines), a + max_lines) + 1):
                if " ".join(lines[a:b]) == want:
                    return a
        return None

    def first_heading_page(self, title):
        for idx in range(self.body_first, len(self.pages)):
            if self.heading_on(idx, title) is not None:
                return idx
        return None


# ---- fonts --------------------------------------------------------------

def cmd_fonts(a):
    out = run("pdffonts", a.pdf).split("\n")
    if len(out) < 3 or not out[1].startswith("---"):
        fail("unexpected pdffonts output:\n" + "\n".join(out))
    # columns from the dashes line: name type encoding emb sub uni object ID
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", out[1])]
    rows = [l for l in out[2:] if l.strip()]
    if not rows:
        fail("no fonts at all")
    bad = []
    for l in rows:
        col = [l[s:e + 1].strip() for s, e in spans]
        name, emb, sub = col[0], col[3], col[4]
        print("font %-40s emb=%s sub=%s" % (name, emb, sub))
        if emb != "yes" or sub != "yes" or not re.match(r"^[A-Z]{6}\+", name):
            bad.append(name)
    if bad:
        fail("fonts not embedded as subsets: " + ", ".join(bad))
    print("%d fonts, all embedded subsets" % len(rows))


# ---- embedded glyphs ----------------------------------------------------

def font_files(pdf):
    """[(font name, TrueType bytes)] of every embedded FontFile2."""
    objs = json.loads(run("qpdf", "--json=2", "--json-key=qpdf", pdf))["qpdf"][1]
    names = {}
    for key, o in objs.items():
        d = o.get("value")
        if isinstance(d, dict) and "/FontFile2" in d:
            names[d["/FontFile2"]] = d.get("/FontName", "?")
    out = []
    for ref in sorted(names, key=lambda r: int(r.split()[0])):
        p = subprocess.run(["qpdf", "--show-object=" + ref.split()[0],
                            "--filtered-stream-data", pdf],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            fail("cannot read font stream %s" % ref)
        out.append((names[ref], p.stdout))
    return out


def ttf_glyphs(data):
    """{gid: glyph bytes} for every glyph with an outline."""
    ntab = struct.unpack(">H", data[4:6])[0]
    tabs = {}
    for i in range(ntab):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tabs[tag.decode("latin-1")] = (off, ln)
    for t in ("head", "maxp", "loca", "glyf"):
        if t not in tabs:
            fail("embedded font has no %s table" % t)
    long_loca = struct.unpack(">h", data[tabs["head"][0] + 50:tabs["head"][0] + 52])[0]
    n = struct.unpack(">H", data[tabs["maxp"][0] + 4:tabs["maxp"][0] + 6])[0]
    lo = tabs["loca"][0]
    if long_loca:
        loca = struct.unpack(">%dI" % (n + 1), data[lo:lo + 4 * (n + 1)])
    else:
        loca = [2 * v for v in struct.unpack(">%dH" % (n + 1), data[lo:lo + 2 * (n + 1)])]
    g0 = tabs["glyf"][0]
    return {gid: data[g0 + loca[gid]:g0 + loca[gid + 1]]
            for gid in range(n) if loca[gid + 1] > loca[gid]}


def components(g):
    """Glyph ids a composite glyph is made of ([] for a simple glyph)."""
    if struct.unpack(">h", g[0:2])[0] >= 0:
        return []
    out, p = [], 10
    while True:
        flags, gid = struct.unpack(">HH", g[p:p + 4])
        out.append(gid)
        p += 4 + (4 if flags & 1 else 2)
        p += 2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
        if not flags & 0x20:
            return out


def cmd_glyphs(a):
    fonts = font_files(a.pdf)
    if not fonts:
        fail("no embedded TrueType fonts")
    bad = []
    for name, data in fonts:
        glyphs = ttf_glyphs(data)
        lost = sorted({(gid, c) for gid, g in glyphs.items() for c in components(g)
                       if c not in glyphs})
        print("%-40s %5d glyphs kept, %d composite, %d components missing" % (
            name, len(glyphs), sum(1 for g in glyphs.values() if components(g)), len(lost)))
        if lost:
            bad.append("%s: glyph %s" % (name, ", ".join(
                "%d lacks component %d" % gc for gc in lost[:8])))
    if not bad:
        print("%d embedded fonts, every composite glyph whole" % len(fonts))
    if bad:
        fail("embedded subsets miss glyph parts (those letters print blank or "
             "without their base):\n  " + "\n  ".join(bad))


# ---- order --------------------------------------------------------------

def toc_page(d, prefix):
    for title, page in d.toc():
        if title.startswith(prefix):
            return page
    fail("no contents entry starts with %r" % prefix)


def cmd_order(a):
    d = Doc(a.pdf)
    first = toc_page(d, a.since) - 1 if a.since else d.body_first
    last = toc_page(d, a.until) - 1 if a.until else len(d.pages)
    lines = [(idx + 1, collapse(l)) for idx in range(first, last) for l in d.pages[idx]]
    # lines joined by a space, so a wrapped heading still matches
    text, starts = "", []
    for _, l in lines:
        starts.append(len(text))
        text += l + " "
    pos = 0
    for s in a.strings:
        at = text.find(s, pos)
        if at < 0:
            before = text.find(s)
            fail("pages %d-%d: %r not found after the previous item%s" % (
                first + 1, last, s, " (it occurs earlier)" if before >= 0
                else " (nor anywhere on those pages)"))
        page = lines[bisect.bisect_right(starts, at) - 1][0]
        print("page %3d: %s" % (page, s))
        pos = at + len(s)


# ---- contents -----------------------------------------------------------

def cmd_toc(a):
    d = Doc(a.pdf)
    entries = d.toc()
    bad = 0
    for title, page in entries:
        first = d.first_heading_page(title)
        if page < 1 or page > len(d.pages):
            print("BAD  %-60s -> page %d: no such page" % (title, page))
            bad += 1
        elif d.heading_on(page - 1, title) is None:
            print("BAD  %-60s -> page %d: not on that page (first seen on %s)" % (
                title, page, first + 1 if first is not None else "no page"))
            bad += 1
        elif first != page - 1:
            print("BAD  %-60s -> page %d: but it begins on page %d" % (title, page, first + 1))
            bad += 1
        else:
            print("ok   %-60s -> page %d" % (title, page))
    if bad:
        fail("%d of %d contents entries point at the wrong page" % (bad, len(entries)))
    print("%d contents entries, all true" % len(entries))


# ---- one record ---------------------------------------------------------

def schema_labels(xsd):
    """{group element: (question, {option id: label})} from the XSD."""
    t = ET.parse(xsd).getroot()
    types = {}
    for st in t.iter(XS_NS + "simpleType"):
        opts = {}
        for en in st.iter(XS_NS + "enumeration"):
            doc = en.find(".//" + XS_NS + "documentation")
            if doc is not None:
                opts[en.get("value")] = doc.text
        if opts:
            types[st.get("name")] = opts
    groups = {}
    for el in t.iter(XS_NS + "element"):
        name = el.get("name")
        doc = el.find(XS_NS + "annotation/" + XS_NS + "documentation")
        if name and doc is not None:
            groups[name] = (doc.text, types.get(name, {}))
    return groups


def markdown_text(md):
    """CommonMark source reduced to what prints: link destinations dropped
    (markers, escapes and bullets are not word characters anyway)."""
    md = re.sub(r"\]\([^)]*\)", "]", md)
    return md


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def long_date(iso):
    """A received date as the editions print it (style.xml's default format)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso.strip())
    return "%d %s %s" % (int(m.group(3)), MONTHS[int(m.group(2)) - 1], m.group(1)) if m else iso


def expected_items(rec, groups):
    """[(what, text)] in the order the form (and the record) has them."""
    items = []
    g = lambda name: rec.find(REC_NS + name)
    txt = lambda el: (el.text or "") if el is not None else ""

    def group(el):
        name = el.tag[len(REC_NS):]
        q, opts = groups[name]
        ticks = el.findall(REC_NS + "tick")
        if not ticks:
            return
        items.append((name + " question", q))
        spec = {s.get("option"): s.text or "" for s in el.findall(REC_NS + "specify")}
        for t in ticks:
            o = t.get("option")
            items.append((name + " option " + o, opts[o]))
            if spec.get(o):
                items.append((name + " specified " + o, spec[o]))

    items.append(("title", txt(g("title"))))
    items.append(("authority", txt(g("authority"))))
    items.append(("received", long_date(txt(g("received")))))
    crit = g("criteria").findall(REC_NS + "criterion")
    if crit:
        items.append(("criteria question", QUESTIONS["criteria"]))
        for c in crit:
            items.append(("criterion", c.text))
    for el in rec:
        name = el.tag[len(REC_NS):]
        if name in ("title", "authority", "received", "criteria"):
            continue
        if name in groups:
            group(el)
        elif name == "agency":
            items += [("agency question", QUESTIONS["agency"]), ("agency", txt(el))]
        elif name in ("purpose", "description", "structures", "tools"):
            items += [(name + " question", QUESTIONS[name]), (name, markdown_text(txt(el)))]
        elif name == "evidence":
            if len(el):
                items.append(("evidence heading", QUESTIONS["evidence"]))
            for sub in el:
                sname = sub.tag[len(REC_NS):]
                if sname == "notes":
                    items += [("notes question", QUESTIONS["notes"]),
                              ("notes", markdown_text(txt(sub)))]
                else:
                    group(sub)
        elif name == "contact":
            if len(el):
                items.append(("contact question", QUESTIONS["contact"]))
            for sub in el:
                sname = sub.tag[len(REC_NS):]
                items += [("contact " + sname + " label", sname.capitalize()),
                          ("contact " + sname, txt(sub))]
        elif name == "attachments":
            if len(el):
                items.append(("attachments question", QUESTIONS["attachments"]))
            for i, at in enumerate(el):
                items.append(("attachment %d title" % (i + 1), at.get("title")))
                items.append(("attachment %d body" % (i + 1), markdown_text(txt(at))))
        else:
            fail("record element <%s> unknown to this test" % name)
    return items


def record_pages(d, title):
    """0-based page range [first, last] of the record titled title."""
    first = d.first_heading_page(title)
    if first is None:
        fail("record title %r is not a heading on any page after the contents" % title)
    nxt = [p for _, p in d.toc() if p - 1 > first]
    last = (min(nxt) - 2) if nxt else len(d.pages) - 1
    return first, max(first, last)


def record_text(d, title):
    first, last = record_pages(d, title)
    start = d.heading_on(first, title)
    lines = d.pages[first][start:]
    for idx in range(first + 1, last + 1):
        lines += d.pages[idx]
    return first, last, "\n".join(lines)


def words(s, missing=""):
    """The words of s: maximal runs of letters and digits (characters in
    missing dropped)."""
    out, cur = [], []
    for c in s:
        if c.isalnum() and c not in missing:
            cur.append(c)
        elif c.isalnum():
            continue
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def line_words(text):
    """[(word, last on its line)] of extracted text."""
    out = []
    for l in text.split("\n"):
        ws = words(l)
        out += [(w, i == len(ws) - 1) for i, w in enumerate(ws)]
    return out


def match_at(pdf, j, want):
    """Matches the words want against pdf from index j, a word the layout
    broke across lines counting as one. Returns (end index or None, number
    of words matched)."""
    k = 0
    while k < len(want):
        if j >= len(pdf):
            return None, k
        t, eol = pdf[j]
        w = want[k]
        if t == w:
            j, k = j + 1, k + 1
            continue
        if eol and w.startswith(t):
            acc, j2 = t, j + 1
            while acc != w and j2 < len(pdf) and pdf[j2 - 1][1] \
                    and w.startswith(acc + pdf[j2][0]):
                acc += pdf[j2][0]
                j2 += 1
            if acc == w:
                j, k = j2, k + 1
                continue
        return None, k
    return j, k


def cmd_record(a):
    d = Doc(a.pdf)
    rec = ET.parse(a.record).getroot()
    title = rec.find(REC_NS + "title").text
    first, last, text = record_text(d, title)
    pdf = line_words(text)
    pos, nwords = 0, 0
    items = expected_items(rec, schema_labels(a.xsd))
    for what, s in items:
        want = words(s, a.missing)
        if not want:
            continue
        best, end = (0, pos), None
        for j in range(pos, len(pdf)):
            if pdf[j][0] != want[0] and not (pdf[j][1] and want[0].startswith(pdf[j][0])):
                continue
            end, k = match_at(pdf, j, want)
            if end is not None:
                break
            best = max(best, (k, j))
        if end is None:
            k, j = best
            fail("pages %d-%d: %s not found whole and in order: at best %d of its %d "
                 "words match, then expected %r but the PDF has %r" % (
                     first + 1, last + 1, what, k, len(want), " ".join(want[k:k + 8]),
                     " ".join(w for w, _ in pdf[j + k:j + k + 8])))
        pos = end
        nwords += len(want)
    if a.missing:
        marks = text.count("\ufffd")
        if marks < len(set(a.missing)):
            fail("%d characters the fonts lack, but %d replacement marks (U+FFFD) in "
                 "the record's pages" % (len(set(a.missing)), marks))
        print("%d replacement marks for %d missing characters" % (marks, len(set(a.missing))))
    print("pages %d-%d: all %d fields (%d words) of %s present, whole and in order" % (
        first + 1, last + 1, len(items), nwords, rec.get("id")))


def cmd_joined(a):
    d = Doc(a.pdf)
    rec = ET.parse(a.record).getroot()
    first, last, text = record_text(d, rec.find(REC_NS + "title").text)
    flat = "".join(text.split())
    n = flat.count(a.string)
    if n == 0:
        fail("pages %d-%d: %d-character string not found even with line breaks "
             "joined: %r" % (first + 1, last + 1, len(a.string), a.string[:60]))
    print("pages %d-%d: %d-character string found %d times" % (
        first + 1, last + 1, len(a.string), n))


# ---- labels at a page foot ----------------------------------------------

def cmd_orphans(a):
    d = Doc(a.pdf)
    labels = {collapse(q) for q in QUESTIONS.values()}
    labels |= {collapse(q) for q, _ in schema_labels(a.xsd).values()}
    bad = []
    for idx in range(d.body_first, len(d.pages)):
        lines = [collapse(l) for l in d.pages[idx]]
        for k in range(1, 4):
            if len(lines) >= k and " ".join(lines[-k:]) in labels:
                bad.append("page %d ends with %r" % (idx + 1, " ".join(lines[-k:])))
                break
    if bad:
        fail("questions left at the foot of a page, their answers overleaf:\n  "
             + "\n  ".join(bad))
    print("%d pages, none ends with a question" % (len(d.pages) - d.body_first))


# ---- the stress fixture -------------------------------------------------

def cmd_stress_fixture(a):
    rec = ET.parse(a.record).getroot()
    get = lambda path: "".join(rec.find(path).itertext()) if rec.find(path) is not None else ""
    problems = []
    desc = get(REC_NS + "description")
    nwords = len(desc.split())
    if nwords < 5000:
        problems.append("description has %d words, not 5,000" % nwords)
    urls = re.findall(r"https?://\S+", desc)
    urls = [u.rstrip(">") for u in urls if len(u.rstrip(">")) >= 300]
    if not urls:
        problems.append("no unbroken URL of 300 characters in the description")
    items = len(re.findall(r"^\s*[-*+] ", get(REC_NS + "tools"), re.M))
    if items < 200:
        problems.append("the tools list has %d items, not 200" % items)
    greek = lambda s: re.search("[\u0370-\u03ff]", s)
    cyrillic = lambda s: re.search("[\u0400-\u04ff]", s)
    for what in ("title", "agency", "contact/" + REC_NS + "name"):
        v = get(REC_NS + what)
        if not (greek(v) and cyrillic(v)):
            problems.append("%s is not both Greek and Cyrillic" % what.split("}")[-1])
    for c in ("\U0001F600", "\u6f22"):
        if c not in desc:
            problems.append("U+%04X is not in the description" % ord(c))
    if rec.get("id") + ".xml" != a.record.replace("\\", "/").split("/")[-1]:
        problems.append("id %r does not match the file name" % rec.get("id"))
    if problems:
        fail("; ".join(problems))
    print(urls[0])


# ---- bounding boxes -----------------------------------------------------

def length_pt(v):
    m = re.match(r"^\s*([0-9.]+)\s*(pt|mm|cm|in)?\s*$", v)
    if not m:
        fail("bad length %r in the style" % v)
    return float(m.group(1)) * {"pt": 1, None: 1, "mm": 72 / 25.4,
                                "cm": 72 / 2.54, "in": 72}[m.group(2)]


def cmd_bbox(a):
    st = ET.parse(a.style).getroot()
    mg = st.find(STYLE_NS + "margins")
    left, right = length_pt(mg.get("left")), length_pt(mg.get("right"))
    out = run("pdftotext", "-bbox", "-enc", "UTF-8", a.pdf, "-")
    page_re = re.compile(r'<page width="([0-9.]+)" height="([0-9.]+)">')
    word_re = re.compile(r'<word xMin="([-0-9.]+)" yMin="([-0-9.]+)" '
                         r'xMax="([-0-9.]+)" yMax="([-0-9.]+)">(.*?)</word>')
    page, W, H, n, bad, widest = 0, 0.0, 0.0, 0, [], 0.0
    for line in out.split("\n"):
        m = page_re.search(line)
        if m:
            page += 1
            W, H = float(m.group(1)), float(m.group(2))
            continue
        m = word_re.search(line)
        if not m:
            continue
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        word = html.unescape(m.group(5))
        n += 1
        widest = max(widest, x1)
        why = []
        if x0 < 0 or x1 > W or y0 < 0 or y1 > H:
            why.append("outside the page box %.2fx%.2f" % (W, H))
        if x1 > W - right + 0.5:
            why.append("past the right margin (%.2f > %.2f)" % (x1, W - right))
        if x0 < left - 0.5:
            why.append("left of the left margin (%.2f < %.2f)" % (x0, left))
        if why:
            bad.append("page %d: %r x %.2f..%.2f y %.2f..%.2f: %s" % (
                page, word[:40], x0, x1, y0, y1, "; ".join(why)))
    if n == 0:
        fail("no words extracted")
    print("%d words on %d pages; rightmost x %.2f, right margin at %.2f" % (
        n, page, widest, W - right))
    if bad:
        print("\n".join(bad[:20]))
        fail("%d words outside the text area" % len(bad))


RTL = re.compile("[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def struct_texts(pdf):
    """The text of each element of the structure tree that holds text:
    its pieces of marked content (a page's part, each in quotes) joined."""
    texts, cur = [], None
    for line in run("pdfinfo", "-struct-text", pdf).splitlines():
        s = line.strip(" ")
        if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
            if cur is None:
                cur = []
                texts.append(cur)
            cur.append(s[1:-1])
        else:
            cur = None
    return ["".join(t) for t in texts]


def cmd_struct_order(a):
    paras = [p.split() for p in open(a.text, encoding="utf-8").read().splitlines()
             if RTL.search(p)]
    if not paras:
        fail("no paragraph of %s has right-to-left letters" % a.text)
    texts = [t.split() for t in struct_texts(a.pdf)]
    joined = ["\x00".join(t) for t in texts]
    bad = []
    for words in paras:
        want = "\x00".join(words)
        if any(("\x00" + want + "\x00") in ("\x00" + t + "\x00") for t in joined):
            continue
        back = "\x00".join(w[::-1] for w in reversed(words))
        how = "in visual order (reversed)" if any(back in t for t in joined) else "not found"
        bad.append("%s: %s" % (" ".join(words)[:70], how))
    print("%d of %d right-to-left paragraphs read as written" % (len(paras) - len(bad), len(paras)))
    if bad:
        print("\n".join(bad[:20]))
        fail("%d paragraphs do not read in logical order in the structure tree" % len(bad))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("fonts"); p.add_argument("pdf"); p.set_defaults(f=cmd_fonts)
    p = sub.add_parser("order"); p.add_argument("pdf"); p.add_argument("--until")
    p.add_argument("--from", dest="since")
    p.add_argument("strings", nargs="+"); p.set_defaults(f=cmd_order)
    p = sub.add_parser("toc"); p.add_argument("pdf"); p.set_defaults(f=cmd_toc)
    p = sub.add_parser("record"); p.add_argument("pdf"); p.add_argument("record")
    p.add_argument("--xsd", required=True); p.add_argument("--missing", default="")
    p.set_defaults(f=cmd_record)
    p = sub.add_parser("joined"); p.add_argument("pdf"); p.add_argument("record")
    p.add_argument("string"); p.set_defaults(f=cmd_joined)
    p = sub.add_parser("glyphs"); p.add_argument("pdf"); p.set_defaults(f=cmd_glyphs)
    p = sub.add_parser("orphans"); p.add_argument("pdf"); p.add_argument("--xsd", required=True)
    p.set_defaults(f=cmd_orphans)
    p = sub.add_parser("stress-fixture"); p.add_argument("record")
    p.set_defaults(f=cmd_stress_fixture)
    p = sub.add_parser("bbox"); p.add_argument("pdf"); p.add_argument("--style", required=True)
    p.set_defaults(f=cmd_bbox)
    p = sub.add_parser("struct-order"); p.add_argument("pdf"); p.add_argument("text")
    p.set_defaults(f=cmd_struct_order)
    a = ap.parse_args()
    a.f(a)


if __name__ == "__main__":
    main()
