#!/usr/bin/env python3
"""fresh_exports.py: held-out exports, unlike exports.py's, of fresh.py's forms.

    python3 tests/import/corpus/fresh_exports.py

writes fresh/exports/fNN-KIND.EXT and truth/fNN.xml:

  lo-BOXES.html  the Word form (tests/import/docx/docxgen.py, boxes written
                 the BOXES way) saved as HTML by LibreOffice (soffice
                 --convert-to html): <input type="checkbox" checked="checked">
                 for form fields, ☒/☐ for glyphs and content controls, and
                 the Wingdings symbols as Private Use characters (U+F078,
                 U+F0FE ticked; U+F0A8, U+F06F empty) without their font
  lo-glyph.txt   the same saved as text by LibreOffice (Text (encoded))
  wrap.txt       plain text as a mail client or an old word processor saves
                 it: lines wrapped at 72 columns (long labels continue on an
                 indented line), the question and its answer cell joined by a
                 tab, two options of a column pair on one line split by a
                 tab, boxes ☑/☐
  brackets.txt   the same with [x]/[ ] boxes, options indented by a tab, CRLF
                 line ends

Needs LibreOffice Writer (Debian's libreoffice-writer, 7.4) for the lo- kinds.
"""
import os
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "docx"))
import docxgen  # noqa: E402
import exports  # noqa: E402
import formgen  # noqa: E402
import fresh  # noqa: E402

OUT = os.path.join(HERE, "fresh", "exports")
LO = [("f31", "legacy"), ("f32", "sdt"), ("f23", "glyph"), ("f28", "wingsym"), ("f25", "wingtext")]
TXT = [("f31", "wrap"), ("f32", "brackets"), ("f22", "wrap"), ("f29", "brackets")]


def wrapped(text, first="", rest="", width=72):
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first.rstrip()]


def opt_lines(f, schema, g, kind, indent=""):
    ticked, empty = ("[x] ", "[ ] ") if kind == "brackets" else ("\u2611 ", "\u2610 ")
    out = []
    for lab, t, s in exports.options(f, schema, g):
        box = ticked if t else empty
        out += wrapped(lab + (" " + s if s else ""), indent + box, indent + " " * len(box))
    return out


def text_form(f, schema, kind):
    ind = "\t" if kind == "brackets" else ""
    L = ["What Makes The Difference?", "GOOD PRACTICE EXAMPLE", ""]
    L += wrapped(exports.CRITERIA % (", ".join(f["criteria"]) or "____")) + [""]
    L += opt_lines(f, schema, "outcomes", kind, ind) + [""]
    for q, what in exports.QUESTIONS:
        if what == "target-groups":  # the form's two columns, a tab between
            L.append(q)
            a = opt_lines(f, schema, what, kind)
            col1, col2 = a[:len(a) * 2 // 3], a[len(a) * 2 // 3:]
            for i, l in enumerate(col1):
                L.append(l + ("\t" + col2[i] if i < len(col2) else ""))
            L.append("")
            continue
        if what in formgen.GROUPS:
            a = opt_lines(f, schema, what, kind, ind)
            if what == "process-findings" and f["notes"]:
                a += wrapped(f["notes"])
        elif what == "agency":
            a = wrapped(f["agency"])
        elif what == "contact":
            a = ["%s: %s" % (lab, f["contact"].get(k, "")) for k, lab in exports.CONTACT]
        elif what is None:
            a = []
        else:
            a = []
            for k, p in formgen.plain(f["texts"][what]) if f["texts"][what] else []:
                a += wrapped(p, "- " if k == "li" else "", "  " if k == "li" else "") + [""]
            a = a[:-1]
        ql = wrapped(q)
        if what in formgen.TEXTS and a:  # a table row: question<TAB>answer's first line
            L += ql[:-1] + [ql[-1] + "\t" + a[0]] + a[1:] + [""]
        else:
            L += ql + a + [""]
    for title, body in f["attachments"]:
        L += [title, ""]
        for k, p in formgen.plain(body):
            L += wrapped(p, "* " if k == "li" else "", "  " if k == "li" else "") + [""]
    nl = "\r\n" if kind == "brackets" else "\n"
    return nl.join(L) + nl


def main():
    schema = formgen.load_schema()
    forms = fresh.fresh_forms(schema)
    os.makedirs(OUT, exist_ok=True)
    used = set()
    with tempfile.TemporaryDirectory(prefix="gpd-fresh-lo-") as tmp:
        for fid, boxes in LO:
            docx = os.path.join(tmp, "%s-lo-%s.docx" % (fid, boxes))
            docxgen.write_docx(docx, docxgen.document(forms[fid], schema, boxes, False))
            outs = [("html", "html")] + ([("txt:Text (encoded):UTF8", "txt")] if boxes in ("glyph", "legacy") else [])
            for conv, ext in outs:
                subprocess.run(["soffice", "--headless", "--convert-to", conv, "--outdir", tmp, docx],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                with open(docx[:-5] + "." + ext, encoding="utf-8-sig") as fh:
                    text = fh.read()
                with open(os.path.join(OUT, os.path.basename(docx)[:-5] + "." + ext), "w",
                          encoding="utf-8") as fh:
                    fh.write(text)
            used.add(fid)
    for fid, kind in TXT:
        with open(os.path.join(OUT, "%s-%s.txt" % (fid, kind)), "w", encoding="utf-8", newline="") as fh:
            fh.write(text_form(forms[fid], schema, kind))
        used.add(fid)
    for fid in sorted(used):
        with open(os.path.join(HERE, "truth", fid + ".xml"), "w", encoding="utf-8") as fh:
            fh.write(formgen.truth_xml(forms[fid], schema))
    print("%d exports" % (len(LO) + 1 + len(TXT)))


if __name__ == "__main__":
    main()
