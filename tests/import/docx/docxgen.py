#!/usr/bin/env python3
"""docxgen.py: Word documents (.docx) for the importer's tests, written with
Python's zipfile as Word lays the paper form out.

    python3 tests/import/docx/docxgen.py OUTDIR

writes into OUTDIR:

  seed-NN-BOXES.docx   the five seed forms (tests/import/corpus/formgen.py's
                       f01-f05: the records/*.xml transcriptions of
                       /work/shared/seeds) laid out as the paper form: the
                       heading, the criteria sentence, the ECM outcome boxes,
                       then one table, question cell beside answer cell, and
                       the attached document after it (Heading 1 title,
                       Heading 2/3 sections, bullet and numbered lists from
                       numbering.xml, bold and italic runs); truth: the
                       record (OUTDIR/seed-NN.truth names its file).
                       Each seed has its boxes one of the ways Word writes
                       them (BOXES):
                         legacy    FORMCHECKBOX fields, w:ffData/w:checkBox
                                   with w:checked (or only w:default)
                         sdt       content controls, w14:checkbox/w14:checked,
                                   showing the MS Gothic glyph as Word does
                         glyph     ☒/☐ typed as text in MS Gothic
                         wingsym   Wingdings symbols, w:sym w:char="F078"
                                   (box with X), "F0FE" (box with tick),
                                   "F0A8" and "F06F" (empty boxes)
                         wingtext  Wingdings text runs: "x", "þ", "¨", "o"
                       and one seed has every group's boxes in cells of
                       their own, the labels in the next cell (cells).
  boxes-BOXES.docx     form f06 (a variant with "please specify" texts)
                       with each of the box kinds above; truth f06.

Also writes OUTDIR/manifest.tsv: one line "DOCX<TAB>TRUTH-XML" per file.
"""
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "corpus"))
import formgen  # noqa: E402
import exports  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
BOXES = ["legacy", "sdt", "glyph", "wingsym", "wingtext"]
# A fixed date in the archive, so the same run writes the same bytes.
STAMP = (2026, 11, 23, 0, 0, 0)


def run(text, bold=False, italic=False, font=None):
    rpr = ""
    if font:
        rpr += '<w:rFonts w:ascii=%s w:hAnsi=%s/>' % (quoteattr(font), quoteattr(font))
    if bold:
        rpr += "<w:b/>"
    if italic:
        rpr += "<w:i/>"
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (
        "<w:rPr>%s</w:rPr>" % rpr if rpr else "", escape(text))


def breaks(parts):
    """Runs with line breaks between parts."""
    return '<w:r><w:br/></w:r>'.join(parts)


def box(kind, ticked, n):
    """One check box written the way kind says; n makes names unique."""
    if kind == "legacy":
        # every fourth one says its state only by w:default, as a box
        # never clicked does
        state = ('<w:default w:val="%d"/>' % ticked) if n % 4 == 0 else \
            '<w:default w:val="0"/><w:checked%s/>' % ("" if ticked else ' w:val="0"')
        return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check%d"/>'
                '<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>%s</w:checkBox>'
                '</w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX '
                '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>') % (n, state)
    if kind == "sdt":
        return ('<w:sdt><w:sdtPr><w:id w:val="%d"/><w14:checkbox><w14:checked w14:val="%d"/>'
                '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
                '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
                '<w:sdtContent>%s</w:sdtContent></w:sdt>') % (
                    1000 + n, ticked, run("\u2612" if ticked else "\u2610", font="MS Gothic"))
    if kind == "glyph":
        return run("\u2612" if ticked else "\u2610", font="MS Gothic")
    if kind == "wingsym":
        ch = ("F078" if n % 2 else "F0FE") if ticked else ("F0A8" if n % 2 else "F06F")
        return '<w:r><w:sym w:font="Wingdings" w:char="%s"/></w:r>' % ch
    if kind == "wingtext":
        ch = ("x" if n % 2 else "\u00fe") if ticked else ("\u00a8" if n % 2 else "o")
        return run(ch, font="Wingdings")
    raise ValueError(kind)


class Doc:
    def __init__(self, kind, cells):
        self.kind, self.cells, self.n, self.body = kind, cells, 0, []

    def box(self, ticked):
        self.n += 1
        return box(self.kind, ticked, self.n)

    def option_runs(self, label, ticked, spec):
        return self.box(ticked) + run(" " + label + (" " + spec if spec else ""))


def para(runs, style=None, num=None):
    ppr = ""
    if style:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if num:
        ppr += '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (num[1], num[0])
    return "<w:p>%s%s</w:p>" % ("<w:pPr>%s</w:pPr>" % ppr if ppr else "", runs)


def cell(paras, width=4500):
    return '<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>' % (
        width, "".join(paras) or "<w:p/>")


def table(rows):
    return ('<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr>%s</w:tbl>' %
            "".join("<w:tr>%s</w:tr>" % "".join(r) for r in rows))


def inline_runs(md):
    """CommonMark inline text as runs: **bold**, *italic*, escapes."""
    out, bold, italic, buf, i = [], False, False, "", 0
    while i < len(md):
        if md[i] == "\\" and i + 1 < len(md) and md[i + 1] != "\n":
            buf += md[i + 1]
            i += 2
        elif md.startswith("**", i):
            out.append(run(buf, bold, italic)) if buf else None
            buf, bold, i = "", not bold, i + 2
        elif md[i] == "*":
            out.append(run(buf, bold, italic)) if buf else None
            buf, italic, i = "", not italic, i + 1
        else:
            buf += md[i]
            i += 1
    if buf:
        out.append(run(buf, bold, italic))
    return "".join(out)


def md_blocks(md):
    """A record's CommonMark as Word paragraphs: headings, list items
    (bullets numId 1, numbers numId 2, with their level), paragraphs; a
    line ending in a backslash is a line break."""
    out = []
    for block in re.split(r"\n\s*\n", md.strip("\n")):
        lines = block.split("\n")
        m = re.match(r"^(#{1,6})\s+(.*)", lines[0].strip())
        if m:
            out.append(para(inline_runs(m.group(2)), "Heading%d" % len(m.group(1))))
            continue
        items = []
        for l in lines:
            li = re.match(r"^(\s*)([-*+]|\d+[.)])\s+(.*)", l)
            if li:
                items.append([2 if li.group(2)[0].isdigit() else 1, (len(li.group(1)) + 1) // 4,
                              [li.group(3)]])
            elif items:
                items[-1][2].append(l.strip())
            else:
                items.append([0, 0, [l.strip()]])
        for kind, level, ls in items:
            parts, cur = [], ""
            for l in ls:
                if l.endswith("\\"):
                    parts.append((cur + " " + l[:-1]).strip())
                    cur = ""
                else:
                    cur = (cur + " " + l).strip()
            parts.append(cur) if cur else None
            runs = breaks([inline_runs(p) for p in parts])
            out.append(para(runs, None, (kind, level) if kind else None))
    return out


def answer(d, f, schema, what):
    """The answer cell's paragraphs, or (cells) a nested table of boxes."""
    if what in formgen.GROUPS:
        opts = exports.options(f, schema, what)
        if d.cells:
            return [table([[cell([para(d.box(t))], 600), cell([para(run(l + (" " + s if s else "")))])]
                           for l, t, s in opts])]
        return [para(d.option_runs(l, t, s)) for l, t, s in opts]
    if what == "agency":
        return [para(run(f["agency"]))]
    if what == "contact":
        return [para(run("%s: %s" % (lab, f["contact"].get(k, "")))) for k, lab in exports.CONTACT]
    if what in formgen.TEXTS:
        return [para(inline_runs(p)) for p in re.split(r"\n\s*\n", f["texts"][what].strip()) if p]
    return []


def document(f, schema, kind, cells=False):
    d = Doc(kind, cells)
    b = [para(run("What Makes The Difference?", bold=True) + '<w:r><w:br/></w:r>' +
              run("GOOD PRACTICE EXAMPLE", bold=True)),
         para(run(exports.CRITERIA % (", ".join(f["criteria"]) or "____")))]
    b += [para(d.option_runs(l, t, s)) for l, t, s in exports.options(f, schema, "outcomes")]
    rows = []
    for q, what in exports.QUESTIONS:
        if what is None:
            rows.append([cell([para(run(q, bold=True))], 9000)])
            continue
        a = answer(d, f, schema, what)
        if what == "process-findings" and f["notes"]:
            a.append(para(run(f["notes"])))
        rows.append([cell([para(run(q))]), cell(a)])
    b.append(table(rows))
    for title, md in f["attachments"]:
        b.append(para(run(title), "Heading1"))
        b += md_blocks(md)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="%s" xmlns:w14="%s"><w:body>%s'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
            % (W, W14, "".join(b)))


STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="%s">'
          '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          + "".join('<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/>'
                    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="%d"/></w:pPr></w:style>'
                    % (i, i, i - 1) for i in range(1, 4)) + '</w:styles>') % W
NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="%s">'
             '<w:abstractNum w:abstractNumId="0">%s</w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1">%s</w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>') % (
    W, "".join('<w:lvl w:ilvl="%d"><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/></w:lvl>' % i
               for i in range(3)),
    "".join('<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%%%d."/></w:lvl>' % (i, i + 1) for i in range(3)))
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '<Override PartName="/word/styles.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                 '<Override PartName="/word/numbering.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/numbering" Target="numbering.xml"/></Relationships>')


# The attachment of the boxes-* documents: what Word's structure carries
# into CommonMark (headings, numbered clauses, nested bullets, bold,
# italic, a line break, text that only looks like markup).
ATTACHMENT = """## 1. Background

The scheme was reviewed in **March 2007** by the *care leavers' forum*, with
***both*** marks in one place.

1. Peer educators are recruited each year.
2. Sessions run in children's homes:
    - sexual health
    - preparation for independence
3. Every session is evaluated.

### 1.1 Findings

Attendance rose from 40% to 75%\\
(figures kept by the service).

- A \\# sign, a \\*star\\* and \\_underscores\\_ are text.
- So is B&B.

2\\. A paragraph that starts with a number."""


def write_docx(path, document_xml, extra=()):
    """A .docx of the parts Word needs, deflated, with fixed dates; extra
    is a list of (name, bytes) appended as they are."""
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
             ("word/document.xml", document_xml), ("word/_rels/document.xml.rels", DOC_RELS),
             ("word/styles.xml", STYLES), ("word/numbering.xml", NUMBERING)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in list(parts) + list(extra):
            zi = zipfile.ZipInfo(name, STAMP)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str) else data)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    schema, forms = formgen.forms()
    manifest = []
    for i in range(5):
        f = forms[i]
        kind = BOXES[i % len(BOXES)]
        cells = i == 2
        name = "seed-%02d-%s%s.docx" % (i + 1, kind, "-cells" if cells else "")
        write_docx(os.path.join(out, name), document(f, schema, kind, cells))
        truth = os.path.join(formgen.ROOT, "records", formgen.SEED_RECORDS[i] + ".xml")
        manifest.append((name, truth))
    f = forms[5]
    f["attachments"] = [("Review of the peer education scheme", ATTACHMENT)]
    with open(os.path.join(out, "f06.xml"), "w", encoding="utf-8") as fh:
        fh.write(formgen.truth_xml(f, schema))
    for kind in BOXES:
        for cells in (False, True):
            name = "boxes-%s%s.docx" % (kind, "-cells" if cells else "")
            write_docx(os.path.join(out, name), document(f, schema, kind, cells))
            manifest.append((name, os.path.join(out, "f06.xml")))
    with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as fh:
        fh.writelines("%s\t%s\n" % m for m in manifest)
    print("%d documents" % len(manifest))


if __name__ == "__main__":
    main()
