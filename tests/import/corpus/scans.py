#!/usr/bin/env python3
"""scans.py: prints the corpus's forms as paper pages, scans them and reads
them with tesseract, as the project's real forms were.

    python3 tests/import/corpus/scans.py [--forms 12] [--jobs 2] [--keep DIR]

For each form of formgen.py it draws A4 pages at 300 dpi the way the Word
form prints (title, the criteria sentence with the number written in its
blank, the outcome and target-group boxes, then the two-column table of
questions and answers, the contact cell, and any attached document on the
pages after), with ImageMagick's drawing language (a box is a thin square
whose outline breaks at the corners, a tick an X in it: README.md says why); degrades each page at
three levels (1: 0.5 degree skew, light noise, JPEG at 300 dpi; 2: 1 degree,
blur, more noise, 250 dpi; 3: 1.5 degrees, more blur and noise, 200 dpi,
low contrast), every random choice from a fixed seed; reads each page with
tesseract (Debian's tesseract-ocr, English, default page segmentation);
and writes scans/fNN-L.txt (the pages' text, one form feed between pages)
and truth/fNN.xml. The tests read only those text files: they need neither
ImageMagick nor tesseract. Needs: imagemagick, tesseract-ocr, the URW base
fonts (fonts-urw-base35, which ghostscript brings). The drawing language
is read from files (mvg:FILE), which Debian's ImageMagick policy allows.
"""
import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import formgen  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CONVERT = os.environ.get("CONVERT", "/usr/bin/convert")
AFM_DIR = "/usr/share/fonts/type1/urw-base35"
W, H = 2480, 3508          # A4 at 300 dpi
LEFT, RIGHT, TOP, BOTTOM = 210, 2270, 230, 3280
FONT = {"r": "Nimbus-Sans-Regular", "b": "Nimbus-Sans-Bold"}
LEVELS = {  # skew degrees, blur sigma, noise attenuation, scale, contrast, JPEG quality
    1: (0.5, 0.0, 0.25, 1.0, 0, 85),
    2: (1.0, 0.6, 0.5, 250 / 300, 5, 65),
    3: (1.5, 0.9, 0.8, 200 / 300, 12, 45),
}


def afm_widths(path):
    """Advance widths (1/1000 em) of a Type 1 font's characters by code."""
    w = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            m = re.match(r"C (\d+) ; WX (\d+) ;", line)
            if m and int(m.group(1)) >= 0:
                w[chr(int(m.group(1)))] = int(m.group(2))
    return w


METRICS = {k: afm_widths(os.path.join(AFM_DIR, "NimbusSans-%s.afm" % n))
           for k, n in (("r", "Regular"), ("b", "Bold"))}


def width(s, font, size):
    m = METRICS[font]
    return sum(m.get(c, 556) for c in s) * size / 1000.0


def wrap(text, font, size, w):
    """Greedy word wrap to w pixels."""
    lines, cur = [], ""
    for word in text.split():
        t = word if not cur else cur + " " + word
        if cur and width(t, font, size) > w:
            lines.append(cur)
            cur = word
        else:
            cur = t
    if cur:
        lines.append(cur)
    return lines


def mvg_str(s):
    # MVG strings are quoted; the corpus text is ASCII apart from quotes
    s = s.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u2022", "-")
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Doc:
    """Pages of MVG drawing commands, filled top to bottom."""

    def __init__(self, rng, size):
        self.rng = rng
        self.size = size
        self.lead = int(size * 1.32)
        self.pages = []
        self.new_page()
        self.box_style = rng.choice(["typed", "cross"])
        self.box = int(size * rng.uniform(0.82, 0.98))
        self.gap = rng.randint(3, 5)
        self.stroke = rng.choice([2.0, 2.5])

    def new_page(self):
        self.cmds = ["viewbox 0 0 %d %d" % (W, H), "fill white", "rectangle 0,0 %d,%d" % (W, H)]
        self.pages.append(self.cmds)
        self.y = TOP

    def text(self, x, y, s, font="r", size=None):
        self.cmds += ["stroke none", "fill black", "font %s" % FONT[font],
                      "font-size %d" % (size or self.size), "text %d,%d %s" % (x, y, mvg_str(s))]

    def line(self, x0, y0, x1, y1, w=2.5):
        self.cmds += ["fill none", "stroke black", "stroke-width %.1f" % w,
                      "line %d,%d %d,%d" % (x0, y0, x1, y1)]

    def tick_box(self, x, base, ticked):
        """A box whose bottom sits on the baseline at x; returns its width.
        The printed box's thin outline breaks at the corners once scanned
        (a gap at each), and a tick is an X typed in it or drawn inside it,
        as the Word form prints a ticked box."""
        b, g = self.box, self.gap
        top = base - b
        self.cmds += ["fill none", "stroke black", "stroke-width %.1f" % self.stroke,
                      "line %d,%d %d,%d" % (x, top + g, x, base - g),
                      "line %d,%d %d,%d" % (x + b, top + g, x + b, base - g),
                      "line %d,%d %d,%d" % (x + g, top, x + b - g, top),
                      "line %d,%d %d,%d" % (x + g, base, x + b - g, base)]
        if ticked and self.box_style == "typed":
            self.text(x + int(b * 0.2), base - int(b * 0.15), "X", "r", int(b * 0.9))
        elif ticked:
            i = int(b * 0.22)
            self.line(x + i, top + i, x + b - i, base - i, 3)
            self.line(x + b - i, top + i, x + i, base - i, 3)
        return b

    # ---- flowing content ----

    def need(self, h):
        if self.y + h > BOTTOM:
            self.new_page()

    def para(self, text, x0=LEFT, x1=RIGHT, font="r", gap=None):
        for l in wrap(text, font, self.size, x1 - x0):
            self.need(self.lead)
            self.y += self.lead
            self.text(x0, self.y, l, font)
        self.y += self.lead // 2 if gap is None else gap

    def option_lines(self, x0, x1, label, ticked, spec):
        """A box and its label (wrapped beside it), then any specify text;
        [(x, y_offset, text, kind)] without drawing, and the height."""
        pad = self.box + int(self.size * 0.45)
        out, y = [], 0
        for i, l in enumerate(wrap(label, "r", self.size, x1 - x0 - pad)):
            y += self.lead
            out.append((x0, y, l, "box" if i == 0 else "text", ticked))
        if spec:
            for l in wrap(spec, "r", self.size, x1 - x0 - pad):
                y += self.lead
                out.append((x0, y, l, "spec", False))
        return out, y

    def draw_option(self, items, top):
        pad = self.box + int(self.size * 0.45)
        for x, dy, s, kind, ticked in items:
            if kind == "box":
                self.tick_box(x, top + dy, ticked)
            self.text(x + pad, top + dy, s)

    def options(self, g, f, schema, x0=LEFT, x1=RIGHT):
        for o, lab in schema[g]:
            items, h = self.option_lines(x0, x1, lab, o in f["ticks"][g], f["specify"].get((g, o)))
            self.need(h)
            self.draw_option(items, self.y)
            self.y += h + 6
        self.y += self.lead // 2

    def columns(self, g, f, schema, split):
        """A group in two columns: the first split options, then the rest."""
        mid = LEFT + (RIGHT - LEFT) // 2 + 40
        cols = [schema[g][:split], schema[g][split:]]
        laid = []
        for c, (x0, x1) in zip(cols, ((LEFT, mid - 40), (mid, RIGHT))):
            y, col = 0, []
            for o, lab in c:
                items, h = self.option_lines(x0, x1, lab, o in f["ticks"][g], f["specify"].get((g, o)))
                col.append((items, y))
                y += h + 6
            laid.append((col, y))
        self.need(max(h for _, h in laid))
        for col, _ in laid:
            for items, dy in col:
                self.draw_option(items, self.y + dy)
        self.y += max(h for _, h in laid) + self.lead // 2

    def criteria(self, crits):
        """The sentence with the criteria typed on its printed blank."""
        words = ("This example of good practice relates to criteria".split() + [None] +
                 "of the National Leaving Care Standards contributing to ECM outcomes:".split())
        blank = int(self.size * 5.5)
        x, sp = LEFT, width(" ", "b", self.size)
        self.y += self.lead
        for w in words:
            wd = blank if w is None else width(w, "b", self.size)
            if x + wd > RIGHT:
                x = LEFT
                self.y += self.lead
            if w is None:
                self.line(x, self.y + 6, x + blank, self.y + 6, 2)
                if crits:
                    s = ", ".join(crits)
                    self.text(int(x + (blank - width(s, "r", self.size)) / 2), self.y, s)
            else:
                self.text(int(x), self.y, w, "b")
            x += wd + sp
        self.y += self.lead


class Table:
    """The form's two-column table: a question cell and its answer cell."""
    SPLIT = LEFT + 560

    def __init__(self, doc):
        self.d = doc
        self.open = False

    def row(self, question, fill, full=False):
        d = self.d
        pad = 22
        qx1 = RIGHT if full else self.SPLIT
        qlines = wrap(question, "r", d.size, qx1 - LEFT - 2 * pad)
        # measure the answer cell by drawing into a scratch list
        saved, sy = d.cmds, d.y
        d.cmds, d.y = [], 0
        if fill:
            fill(self.SPLIT + pad, RIGHT - pad)
        body, bh = d.cmds, d.y
        d.cmds, d.y = saved, sy
        h = max(len(qlines) * d.lead, bh) + 2 * pad
        if d.y + h > BOTTOM or not self.open:
            if d.y + h > BOTTOM:
                d.new_page()
            d.line(LEFT, d.y, RIGHT, d.y)
            self.open = True
        top = d.y
        for i, l in enumerate(qlines):
            d.text(LEFT + pad, top + pad + (i + 1) * d.lead, l)
        for c in body:  # shift the answer cell's drawing down to the row
            d.cmds.append(_shift(c, top + pad))
        d.y = top + h
        d.line(LEFT, top, LEFT, d.y)
        d.line(RIGHT, top, RIGHT, d.y)
        if not full:
            d.line(self.SPLIT, top, self.SPLIT, d.y)
        d.line(LEFT, d.y, RIGHT, d.y)


def _shift(cmd, dy):
    """An MVG command moved down by dy pixels."""
    m = re.match(r"^(text|line|rectangle) (.*)$", cmd)
    if not m:
        return cmd
    if m.group(1) == "text":
        xy, rest = m.group(2).split(" ", 1)
        x, y = xy.split(",")
        return "text %s,%d %s" % (x, int(y) + dy, rest)
    pts = []
    for p in m.group(2).split():
        x, y = p.split(",")
        pts.append("%s,%d" % (x, int(y) + dy))
    return "%s %s" % (m.group(1), " ".join(pts))


def cell_paras(doc, text):
    def fill(x0, x1):
        for kind, t in formgen.plain(text) if text else []:
            doc.para(("- " if kind == "li" else "") + t, x0, x1)
    return fill


def cell_options(doc, g, f, schema, notes=""):
    def fill(x0, x1):
        doc.options(g, f, schema, x0, x1)
        if notes:
            doc.para(notes, x0, x1)
    return fill


def cell_contact(doc, c):
    def fill(x0, x1):
        for k, lab in (("name", "Name:"), ("address", "Address:"), ("tel", "Tel:"),
                       ("email", "Email:"), ("fax", "Fax:"), ("mob", "Mob:")):
            doc.para("%s %s" % (lab, c.get(k, "")), x0, x1, gap=4)
    return fill


def draw_form(f, schema, rng):
    d = Doc(rng, rng.choice([40, 42, 44]))
    mid = (LEFT + RIGHT) // 2
    for s, sz in (("What Makes The Difference?", 58), ("GOOD PRACTICE EXAMPLE", 50)):
        d.y += int(sz * 1.4)
        d.text(int(mid - width(s, "b", sz) / 2), d.y, s, "b", sz)
    d.y += d.lead
    d.criteria(f["criteria"])
    d.y += d.lead // 2
    d.options("outcomes", f, schema)
    d.para("Name(s) and region of agency/organisation in which this piece of work was developed", font="b", gap=0)
    d.para(f["agency"])
    d.para("Target group(s)", font="b", gap=0)
    d.columns("target-groups", f, schema, 20)
    for q, t in (("Purpose and intended outcomes of this work", "purpose"),
                 ("Description of what was carried out in this piece of work (the intervention/s)",
                  "description")):
        d.para(q, font="b", gap=0)
        for kind, p in formgen.plain(f["texts"][t]):
            d.para(("- " if kind == "li" else "") + p)
    tb = Table(d)
    tb.row("Service structures and processes that were set up (e.g. posts, partnership groups etc)",
           cell_paras(d, f["texts"]["structures"]))
    tb.row("Type of agency/organisation in which this work was developed",
           cell_options(d, "agency-types", f, schema))
    tb.row("Region where work was developed", cell_options(d, "regions", f, schema))
    tb.row("Name(s) of tools/resources developed as part of this work", cell_paras(d, f["texts"]["tools"]))
    tb.row("In what sense is this 'good practice'? The evidence", None, full=True)
    tb.row("Underlying evidence used to develop the interventions in this piece of work",
           cell_options(d, "evidence-basis", f, schema))
    tb.row("Source of evidence available to show the impact of the interventions used in this work",
           cell_options(d, "impact-source", f, schema))
    tb.row("What this evidence/information suggests", cell_options(d, "impact-findings", f, schema))
    tb.row("Type of evidence about the 'process' of delivering the interventions used in this work",
           cell_options(d, "process-findings", f, schema, f["notes"]))
    report = {"report-available": [(o, "Yes, click here to view" if o == "yes" else lab)
                                   for o, lab in schema["report-available"]]}
    tb.row("Feedback/evaluation report available on this site?",
           cell_options(d, "report-available", f, report))
    tb.row("Contact details for further information about this piece of work and the evidence of its impact",
           cell_contact(d, f["contact"]))
    for title, body in f["attachments"]:
        d.new_page()
        d.para(title, font="b")
        for kind, p in formgen.plain(body):
            if kind == "h":
                d.para(p, font="b")
            elif kind == "li":
                d.para("\u2022 " + p, LEFT + 60)
            else:
                d.para(p)
    return d.pages


def degrade(src, dst, level, seed):
    skew, blur, noise, scale, contrast, q = LEVELS[level]
    rng = random.Random(seed)
    args = [CONVERT, src, "-colorspace", "Gray", "-background", "white",
            "-rotate", "%.2f" % (skew * rng.choice([-1, 1])), "-gravity", "center",
            "-extent", "%dx%d" % (W, H)]
    if blur:
        args += ["-blur", "0x%.2f" % blur]
    args += ["-seed", str(seed), "-attenuate", "%.2f" % noise, "+noise", "Gaussian"]
    if contrast:
        args += ["-level", "%d%%,%d%%" % (contrast, 100 - contrast)]
    if scale != 1.0:
        args += ["-resize", "%.2f%%" % (scale * 100)]
    args += ["-units", "PixelsPerInch", "-density", str(int(300 * scale)), "-quality", str(q), dst]
    subprocess.run(args, check=True)


def ocr(img):
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(["tesseract", img, "-", "-l", "eng"], check=True, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return r.stdout.decode("utf-8")


def scan_form(f, schema, tmp, out, levels):
    rng = random.Random("form-" + f["id"])
    pages = draw_form(f, schema, rng)
    pngs = []
    for i, cmds in enumerate(pages):
        mvg = os.path.join(tmp, "%s-p%d.mvg" % (f["id"], i + 1))
        with open(mvg, "w", encoding="utf-8") as fh:
            fh.write("\n".join(cmds) + "\n")
        png = mvg[:-4] + ".png"
        subprocess.run([CONVERT, "-size", "%dx%d" % (W, H), "mvg:" + mvg, png], check=True)
        pngs.append(png)
    for lv in levels:
        texts = []
        for i, png in enumerate(pngs):
            jpg = png[:-4] + "-l%d.jpg" % lv
            degrade(png, jpg, lv, hash_seed(f["id"], i, lv))
            texts.append(ocr(jpg))
        with open(os.path.join(out, "scans", "%s-%d.txt" % (f["id"], lv)), "w", encoding="utf-8") as fh:
            fh.write("".join(texts))
    return f["id"], len(pngs)


def hash_seed(fid, page, level):
    return int(fid[1:]) * 1000 + page * 10 + level


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--forms", type=int, default=14)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--levels", default="1,2,3")
    ap.add_argument("--only", help="comma-separated form ids")
    ap.add_argument("--keep", help="keep the page images in this folder")
    ap.add_argument("--out", default=HERE)
    a = ap.parse_args()
    schema, forms = formgen.forms(a.forms)
    if a.only:
        forms = [f for f in forms if f["id"] in a.only.split(",")]
    levels = [int(x) for x in a.levels.split(",")]
    os.makedirs(os.path.join(a.out, "scans"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "truth"), exist_ok=True)
    for f in forms:
        with open(os.path.join(a.out, "truth", f["id"] + ".xml"), "w", encoding="utf-8") as fh:
            fh.write(formgen.truth_xml(f, schema))
    tmp = a.keep or tempfile.mkdtemp(prefix="gpd-scans-")
    os.makedirs(tmp, exist_ok=True)
    try:
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            for fid, n in ex.map(lambda f: scan_form(f, schema, tmp, a.out, levels), forms):
                print("%s: %d pages, levels %s" % (fid, n, a.levels), flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
