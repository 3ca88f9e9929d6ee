#!/usr/bin/env python3
"""fresh.py: a held-out set of scans, made unlike scans.py's, for checking
that the importer's rules generalise (its rules were written on scans.py's).

    python3 tests/import/corpus/fresh.py [--jobs 2] [--only f21,f22] [--keep DIR]

Forms f21-f32 are formgen.py variants from another seed (their truth goes
to truth/fNN.xml). Each is drawn as scans.py draws the Word form, but with
what real scans have and scans.py's do not, one combination per scan
(SCANS below): serif, condensed and book faces at other sizes; ticks drawn
as a pen's check mark, a typed ✓ or ✗, a filled box, a circled label with
the box left empty, or an X typed beside the empty box; option lists in two
columns; questions numbered ("3.", "Q3", "(c)"); a long answer running on
to the next page inside the table; a rubber stamp and pen marks near the
boxes; specks, the faint mirrored bleed of another page, rotation from 0.5
to 2 degrees, 150 or 200 dpi, JPEG quality 30 to 70. Every random choice
comes from a fixed seed. Each page is read by tesseract as scans.py does;
fresh/scans/fNN-K.txt is the text (pages separated by form feeds).
Needs what scans.py needs, and DejaVu Sans (for the ✓ and ✗ glyphs).
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
import scans  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fresh")
AFM = scans.AFM_DIR
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FACES = {  # name: (ImageMagick regular, bold, AFM regular, AFM bold)
    "roman": ("Nimbus-Roman-Regular", "Nimbus-Roman-Bold", "NimbusRoman-Regular", "NimbusRoman-Bold"),
    "narrow": ("Nimbus-Sans-Narrow-Regular", "Nimbus-Sans-Narrow-Bold",
               "NimbusSansNarrow-Regular", "NimbusSansNarrow-Bold"),
    "c059": ("C059-Roman", "C059-Bold", "C059-Roman", "C059-Bold"),
    "p052": ("P052-Roman", "P052-Bold", "P052-Roman", "P052-Bold"),
    "bookman": ("URWBookman-Light", "URWBookman-Demi", "URWBookman-Light", "URWBookman-Demi"),
    "sans": ("Nimbus-Sans-Regular", "Nimbus-Sans-Bold", "NimbusSans-Regular", "NimbusSans-Bold"),
}

# (form, scan, face, size, tick style, layout, marks, dpi, degrees, JPEG quality)
#   tick: pen (a hand-drawn check), check (✓ typed), cross (✗ typed), fill
#         (a filled box), circle (the label circled, box empty), beside (an
#         X typed after the empty box), typed (an X in the box, as scans.py)
#   layout: set of "cols" (option lists in two columns), "num" / "q" / "alpha"
#         (numbered questions), "long" (an answer runs over a page)
#   marks: set of "stamp", "pen" (squiggles near boxes), "speck", "bleed"
SCANS = [
    ("f21", "a", "roman", 40, "pen", {"num"}, {"speck"}, 200, 0.7, 60),
    ("f21", "b", "roman", 40, "pen", {"num"}, {"bleed", "stamp"}, 150, 1.6, 45),
    ("f22", "a", "narrow", 42, "check", {"cols"}, {"speck"}, 200, 1.0, 55),
    ("f22", "b", "narrow", 42, "check", {"cols"}, {"pen", "bleed"}, 150, 0.5, 40),
    ("f23", "a", "c059", 38, "cross", {"q"}, {"stamp"}, 200, 1.3, 65),
    ("f23", "b", "c059", 38, "cross", {"q"}, {"speck", "bleed"}, 150, 2.0, 35),
    ("f24", "a", "bookman", 36, "fill", {"alpha", "long"}, {"speck"}, 200, 0.9, 60),
    ("f24", "b", "bookman", 36, "fill", {"alpha", "long"}, {"pen"}, 150, 1.4, 45),
    ("f25", "a", "p052", 44, "circle", set(), {"speck"}, 200, 0.6, 70),
    ("f25", "b", "p052", 44, "circle", set(), {"bleed"}, 150, 1.8, 40),
    ("f26", "a", "narrow", 46, "beside", {"num"}, {"stamp"}, 200, 1.1, 55),
    ("f26", "b", "narrow", 46, "beside", {"num"}, {"speck", "pen"}, 150, 0.8, 30),
    ("f27", "a", "roman", 34, "typed", {"cols", "long"}, {"stamp", "pen"}, 200, 1.7, 50),
    ("f27", "b", "roman", 34, "typed", {"cols", "long"}, {"bleed", "speck"}, 150, 1.2, 40),
    ("f28", "a", "sans", 36, "pen", {"cols", "q"}, {"pen", "speck"}, 200, 1.5, 50),
    ("f28", "b", "sans", 36, "pen", {"cols", "q"}, {"stamp", "bleed"}, 150, 0.6, 45),
    ("f29", "a", "c059", 42, "typed", {"alpha"}, {"pen", "stamp"}, 200, 2.0, 60),
    ("f29", "b", "c059", 42, "typed", {"alpha"}, {"speck", "bleed"}, 150, 1.0, 35),
    ("f30", "a", "bookman", 40, "check", {"num", "long"}, {"bleed"}, 200, 0.5, 55),
    ("f30", "b", "bookman", 40, "check", {"num", "long"}, {"pen", "speck"}, 150, 1.9, 40),
]


def afm(name):
    return scans.afm_widths(os.path.join(AFM, name + ".afm"))


def set_face(face):
    """scans.py measures and draws in its module's fonts: point them at face."""
    r, b, ar, ab = FACES[face]
    scans.FONT.update({"r": r, "b": b})
    scans.METRICS.update({"r": afm(ar), "b": afm(ab)})


class FreshDoc(scans.Doc):
    """scans.Doc with other tick styles and marks near the boxes."""

    def __init__(self, rng, size, tick, marks):
        super().__init__(rng, size)
        self.box_style = "typed"
        self.tick = tick
        self.marks = marks

    def glyph(self, x, y, s, size):
        self.cmds += ["stroke none", "fill black", "font '%s'" % DEJAVU, "font-size %d" % size,
                      "text %d,%d %s" % (x, y, scans.mvg_str(s))]

    def tick_box(self, x, base, ticked):
        b = super().tick_box(x, base, ticked and self.tick == "typed")
        top, t = base - b, self.tick
        if ticked and t == "pen":      # a check mark by pen, overrunning the box
            w = self.rng.uniform(2.5, 4.5)
            self.cmds += ["fill none", "stroke black", "stroke-width %.1f" % w,
                          "path 'M %d,%d Q %d,%d %d,%d Q %d,%d %d,%d'" % (
                              x + b * 0.15, top + b * 0.55, x + b * 0.3, top + b * 0.75,
                              x + b * 0.42, base - b * 0.05, x + b * 0.7, top - b * 0.2,
                              x + b * 1.15, top - b * 0.45)]
        elif ticked and t in ("check", "cross"):
            self.glyph(x + int(b * 0.08), base - int(b * 0.1), "\u2713" if t == "check" else "\u2717",
                       int(b * 1.0))
        elif ticked and t == "fill":
            g = 5
            self.cmds += ["stroke none", "fill black",
                          "rectangle %d,%d %d,%d" % (x + g, top + g, x + b - g, base - g)]
        if "pen" in self.marks and self.rng.random() < 0.12:  # a squiggle left of the box
            y = base - self.rng.randint(0, b)
            self.cmds += ["fill none", "stroke black", "stroke-width 2.5",
                          "path 'M %d,%d C %d,%d %d,%d %d,%d'" % (x - 80, y, x - 70, y - 18, x - 58, y + 16,
                                                         x - 46, y)]
        return b

    def draw_option(self, items, top):
        """As scans.Doc draws it; an X typed beside an empty box pushes the
        label right ("[ ] X Label"), a circled label has an ellipse round it."""
        pad = self.box + int(self.size * 0.45)
        for x, dy, s, kind, ticked in items:
            shift = 0
            if kind == "box":
                self.tick_box(x, top + dy, ticked)
                if ticked and self.tick == "beside":
                    self.text(x + pad, top + dy, "X")
                    shift = int(scans.width("X ", "r", self.size))
                if ticked and self.tick == "circle":
                    w = scans.width(s, "r", self.size)
                    cx, cy = x + pad + w / 2, top + dy - self.size * 0.33
                    self.cmds += ["fill none", "stroke black", "stroke-width 3",
                                  "ellipse %d,%d %d,%d 0,360" % (cx, cy, w / 2 + 12, self.size * 0.72)]
            self.text(x + pad + shift, top + dy, s)


def shift(cmd, dy):
    """scans.py's _shift, also for the paths, ellipses and circles drawn
    here (every coordinate pair is absolute; an ellipse's second and third
    pairs are its radii and angles)."""
    m = re.match(r"^(path|ellipse|circle) (.*)$", cmd)
    if not m:
        return scans_shift(cmd, dy)
    pairs = list(re.finditer(r"(-?[\d.]+),(-?[\d.]+)", m.group(2)))
    keep = 1 if m.group(1) == "ellipse" else len(pairs)
    out, last = [], 0
    for i, p in enumerate(pairs):
        out.append(m.group(2)[last:p.start()])
        y = float(p.group(2)) + dy if i < keep else float(p.group(2))
        out.append("%s,%g" % (p.group(1), y))
        last = p.end()
    out.append(m.group(2)[last:])
    return "%s %s" % (m.group(1), "".join(out))


scans_shift = scans._shift
scans._shift = shift


def number_questions(style):
    n = [0]

    def q(text):
        n[0] += 1
        return {"num": "%d. %s", "q": "Q%d %s", "alpha": "(%s) %s"}[style] % (
            chr(96 + n[0]) if style == "alpha" else n[0], text)
    return q


def long_row(tb, question, text):
    """A table row whose answer runs on to the next page: the question cell
    on the first, the answer's lines flowing over the page break, the
    table's rules closed at the page's foot and opened at the next's head."""
    d = tb.d
    pad, x0, x1 = 22, tb.SPLIT + 22, scans.RIGHT - 22
    if not tb.open:
        d.line(scans.LEFT, d.y, scans.RIGHT, d.y)
        tb.open = True
    top = d.y
    for i, l in enumerate(scans.wrap(question, "r", d.size, tb.SPLIT - scans.LEFT - 2 * pad)):
        d.text(scans.LEFT + pad, top + pad + (i + 1) * d.lead, l)
    y, seg = top + pad, top
    for kind, p in formgen.plain(text):
        for l in scans.wrap(("- " if kind == "li" else "") + p, "r", d.size, x1 - x0):
            if y + d.lead > scans.BOTTOM:
                for x in (scans.LEFT, tb.SPLIT, scans.RIGHT):
                    d.line(x, seg, x, scans.BOTTOM)
                d.line(scans.LEFT, scans.BOTTOM, scans.RIGHT, scans.BOTTOM)
                d.new_page()
                d.line(scans.LEFT, d.y, scans.RIGHT, d.y)
                y, seg = d.y + pad, d.y
            y += d.lead
            d.text(x0, y, l)
        y += d.lead // 2
    d.y = y + pad
    for x in (scans.LEFT, tb.SPLIT, scans.RIGHT):
        d.line(x, seg, x, d.y)
    d.line(scans.LEFT, d.y, scans.RIGHT, d.y)


def cols_options(d, g, f, schema, x0, x1):
    """A group's options in two columns inside a cell or across the page."""
    opts, mid = schema[g], (x0 + x1) // 2
    half = (len(opts) + 1) // 2
    laid = []
    for c, (a, b) in zip((opts[:half], opts[half:]), ((x0, mid - 20), (mid + 20, x1))):
        y, col = 0, []
        for o, lab in c:
            items, h = d.option_lines(a, b, lab, o in f["ticks"][g], f["specify"].get((g, o)))
            col.append((items, y))
            y += h + 6
        laid.append((col, y))
    h = max(y for _, y in laid)
    d.need(h)
    for col, _ in laid:
        for items, dy in col:
            d.draw_option(items, d.y + dy)
    d.y += h + d.lead // 2


def draw(f, schema, spec, rng):
    fid, _, face, size, tick, layout, marks = spec[:7]
    set_face(face)
    d = FreshDoc(rng, size, tick, marks)
    style = next((s for s in ("num", "q", "alpha") if s in layout), None)
    q = number_questions(style) if style else (lambda t: t)
    cols = "cols" in layout
    mid = (scans.LEFT + scans.RIGHT) // 2
    for s, sz in (("What Makes The Difference?", size + 16), ("GOOD PRACTICE EXAMPLE", size + 8)):
        d.y += int(sz * 1.4)
        d.text(int(mid - scans.width(s, "b", sz) / 2), d.y, s, "b", sz)
    d.y += d.lead
    d.criteria(f["criteria"])
    d.y += d.lead // 2
    if "stamp" in marks:
        x, y = scans.RIGHT - 620, d.y + 10
        d.cmds += ["push graphic-context", "translate %d,%d" % (x, y), "rotate -8",
                   "fill none", "stroke gray35", "stroke-width 5", "rectangle 0,0 560,170",
                   "stroke none", "fill gray35", "font %s" % scans.FONT["b"], "font-size 52",
                   "text 40,70 'RECEIVED'", "font-size 40", "text 40,135 '14 MAR 2009'",
                   "pop graphic-context"]
    if cols:
        cols_options(d, "outcomes", f, schema, scans.LEFT, scans.RIGHT)
    else:
        d.options("outcomes", f, schema)
    d.para(q("Name(s) and region of agency/organisation in which this piece of work was developed"),
           font="b", gap=0)
    d.para(f["agency"])
    d.para(q("Target group(s)"), font="b", gap=0)
    d.columns("target-groups", f, schema, 20)
    for qq, t in (("Purpose and intended outcomes of this work", "purpose"),
                  ("Description of what was carried out in this piece of work (the intervention/s)",
                   "description")):
        d.para(q(qq), font="b", gap=0)
        for kind, p in formgen.plain(f["texts"][t]):
            d.para(("- " if kind == "li" else "") + p)
    tb = scans.Table(d)

    def opts(g, notes=""):
        if not cols or len(schema[g]) < 4:
            return scans.cell_options(d, g, f, schema, notes)

        def fill(x0, x1):
            cols_options(d, g, f, schema, x0, x1)
            if notes:
                d.para(notes, x0, x1)
        return fill
    sq = q("Service structures and processes that were set up (e.g. posts, partnership groups etc)")
    if "long" in layout:
        long_row(tb, sq, f["texts"]["structures"])
    else:
        tb.row(sq, scans.cell_paras(d, f["texts"]["structures"]))
    tb.row(q("Type of agency/organisation in which this work was developed"), opts("agency-types"))
    tb.row(q("Region where work was developed"), opts("regions"))
    tb.row(q("Name(s) of tools/resources developed as part of this work"),
           scans.cell_paras(d, f["texts"]["tools"]))
    tb.row(q("In what sense is this 'good practice'? The evidence"), None, full=True)
    tb.row(q("Underlying evidence used to develop the interventions in this piece of work"),
           opts("evidence-basis"))
    tb.row(q("Source of evidence available to show the impact of the interventions used in this work"),
           opts("impact-source"))
    tb.row(q("What this evidence/information suggests"), opts("impact-findings"))
    tb.row(q("Type of evidence about the 'process' of delivering the interventions used in this work"),
           opts("process-findings", f["notes"]))
    report = {"report-available": [(o, "Yes, click here to view" if o == "yes" else lab)
                                   for o, lab in schema["report-available"]]}
    tb.row(q("Feedback/evaluation report available on this site?"),
           scans.cell_options(d, "report-available", f, report))
    tb.row(q("Contact details for further information about this piece of work and the evidence "
             "of its impact"), scans.cell_contact(d, f["contact"]))
    for title, body in f["attachments"]:
        d.new_page()
        d.para(title, font="b")
        for kind, p in formgen.plain(body):
            if kind == "h":
                d.para(p, font="b")
            elif kind == "li":
                d.para("\u2022 " + p, scans.LEFT + 60)
            else:
                d.para(p)
    if "speck" in marks:
        for page in d.pages:
            for _ in range(rng.randint(60, 160)):
                x, y, r = rng.randint(0, scans.W), rng.randint(0, scans.H), rng.choice([1, 2, 2, 3, 4])
                page += ["stroke none", "fill black", "circle %d,%d %d,%d" % (x, y, x + r, y)]
    return d.pages


def degrade(png, bleed, dst, spec, seed):
    dpi, deg, q = spec[7:10]
    rng = random.Random(seed)
    args = [scans.CONVERT, png]
    if bleed:  # the next page through the paper: mirrored, faint
        args += ["(", bleed, "-flop", "-blur", "0x2", "+level", "82%,100%", ")",
                 "-compose", "multiply", "-composite"]
    args += ["-colorspace", "Gray", "-background", "white",
             "-rotate", "%.2f" % (deg * rng.choice([-1, 1])), "-gravity", "center",
             "-extent", "%dx%d" % (scans.W, scans.H), "-blur", "0x%.2f" % rng.uniform(0.3, 0.8),
             "-seed", str(seed), "-attenuate", "0.4", "+noise", "Gaussian",
             "-resize", "%.2f%%" % (dpi / 3.0), "-units", "PixelsPerInch", "-density", str(dpi),
             "-quality", str(q), dst]
    subprocess.run(args, check=True)


def scan(f, schema, spec, tmp):
    fid, k = spec[0], spec[1]
    pngs = []
    for i, cmds in enumerate(spec_pages[(fid, k)]):
        mvg = os.path.join(tmp, "%s-%s-p%d.mvg" % (fid, k, i + 1))
        with open(mvg, "w", encoding="utf-8") as fh:
            fh.write("\n".join(cmds) + "\n")
        png = mvg[:-4] + ".png"
        subprocess.run([scans.CONVERT, "-size", "%dx%d" % (scans.W, scans.H), "mvg:" + mvg, png],
                       check=True)
        pngs.append(png)
    texts = []
    for i, png in enumerate(pngs):
        jpg = png[:-4] + ".jpg"
        bleed = pngs[(i + 1) % len(pngs)] if "bleed" in spec[6] and len(pngs) > 1 else None
        degrade(png, bleed, jpg, spec, int(fid[1:]) * 1000 + i * 10 + ord(k))
        texts.append(scans.ocr(jpg))
    with open(os.path.join(OUT, "scans", "%s-%s.txt" % (fid, k)), "w", encoding="utf-8") as fh:
        fh.write("".join(texts))
    return "%s-%s" % (fid, k), len(pngs)


def fresh_forms(schema):
    """f21-f32: formgen.py variants from another seed; f24, f27 and f30 have
    a structures answer long enough to run over a page."""
    bases = [formgen.load_record(os.path.join(formgen.ROOT, "records", r + ".xml"))
             for r in formgen.SEED_RECORDS]
    rng = random.Random(4242)
    out = {}
    for n in range(20, 32):
        f = formgen.variant(rng, bases[(n * 2) % len(bases)], schema, n)
        if f["id"] in ("f24", "f27", "f30"):
            extra = [b["texts"]["description"] for b in bases if b["texts"]["description"]]
            f["texts"]["structures"] = "\n\n".join(
                [f["texts"]["structures"] or "Structures were set up."] + extra[:3])
        out[f["id"]] = f
    return out


spec_pages = {}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="comma-separated form ids")
    ap.add_argument("--keep", help="keep the page images in this folder")
    a = ap.parse_args()
    schema = formgen.load_schema()
    forms = fresh_forms(schema)
    specs = [s for s in SCANS if not a.only or s[0] in a.only.split(",")]
    os.makedirs(os.path.join(OUT, "scans"), exist_ok=True)
    for fid in sorted({s[0] for s in specs}):
        with open(os.path.join(HERE, "truth", fid + ".xml"), "w", encoding="utf-8") as fh:
            fh.write(formgen.truth_xml(forms[fid], schema))
    for s in specs:  # drawing sets scans.py's fonts: one form at a time
        spec_pages[(s[0], s[1])] = draw(forms[s[0]], schema, s, random.Random("fresh-%s-%s" % s[:2]))
    tmp = a.keep or tempfile.mkdtemp(prefix="gpd-fresh-")
    os.makedirs(tmp, exist_ok=True)
    try:
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            for name, n in ex.map(lambda s: scan(forms[s[0]], schema, s, tmp), specs):
                print("%s: %d pages" % (name, n), flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
