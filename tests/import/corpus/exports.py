#!/usr/bin/env python3
"""exports.py: the corpus's forms as other tools export them, through pandoc.

    python3 tests/import/corpus/exports.py

Each kind is written for three of formgen.py's forms (taken in turn), as
exports/fNN-KIND.EXT, with the form's truth in truth/fNN.xml:

  tasklist.md   GitHub Markdown task lists "- [x]" / "- [ ]" (pandoc -t gfm)
  ballot.txt    plain text with ballot boxes ☒ / ☐ (pandoc -t plain), what
                pandoc writes for Word's check boxes
  ballot.md     Markdown with ☒ / ☐ (pandoc -t markdown-task_lists)
  yesno.md      "Label: Yes" / "Label: No", one paragraph each (pandoc -t markdown)
  barex.md      a table whose first column holds an X for a ticked option
                and nothing for the others (pandoc -t gfm)
  table.html    the form laid out as one HTML table, question cell and answer
                cell side by side, each row on one line, as a word processor's
                HTML export writes it; boxes as ☒ / ☐ or <input> check boxes
  pandoc.html   the same table rewritten by pandoc (pandoc -f html -t html)

Needs pandoc (Debian's, 2.17).
"""
import html
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import formgen  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["tasklist", "ballot", "ballotmd", "yesno", "barex", "table", "pandoc"]
CRITERIA = ("This example of good practice relates to criteria %s of the National Leaving "
            "Care Standards contributing to ECM outcomes:")
QUESTIONS = [  # (question as printed, what answers it)
    ("Name(s) and region of agency/organisation in which this piece of work was developed", "agency"),
    ("Target group(s)", "target-groups"),
    ("Purpose and intended outcomes of this work", "purpose"),
    ("Description of what was carried out in this piece of work (the intervention/s)", "description"),
    ("Service structures and processes that were set up (e.g. posts, partnership groups etc)", "structures"),
    ("Type of agency/organisation in which this work was developed", "agency-types"),
    ("Region where work was developed", "regions"),
    ("Name(s) of tools/resources developed as part of this work", "tools"),
    ("In what sense is this 'good practice'? The evidence", None),
    ("Underlying evidence used to develop the interventions in this piece of work", "evidence-basis"),
    ("Source of evidence available to show the impact of the interventions used in this work",
     "impact-source"),
    ("What this evidence/information suggests", "impact-findings"),
    ("Type of evidence about the 'process' of delivering the interventions used in this work",
     "process-findings"),
    ("Feedback/evaluation report available on this site?", "report-available"),
    ("Contact details for further information about this piece of work and the evidence of its impact",
     "contact"),
]
CONTACT = [("name", "Name"), ("address", "Address"), ("tel", "Tel"), ("email", "Email"),
           ("fax", "Fax"), ("mob", "Mob")]


def options(f, schema, g):
    """[(label as printed, ticked, specify text)] of group g."""
    out = []
    for o, lab in schema[g]:
        if g == "report-available" and o == "yes":
            lab = "Yes, click here to view"
        out.append((lab, o in f["ticks"][g], f["specify"].get((g, o), "")))
    return out


def answer_md(f, schema, what, kind):
    """Markdown blocks answering one question."""
    if what in formgen.GROUPS:
        opts = options(f, schema, what)
        if kind == "yesno":
            return ["%s: %s%s" % (l, "Yes" if t else "No", " (%s)" % s if s else "")
                    for l, t, s in opts]
        if kind == "barex":
            rows = ["| | |", "|---|---|"]
            rows += ["| %s | %s%s |" % ("X" if t else "", l, " " + s if s else "") for l, t, s in opts]
            return ["\n".join(rows)]
        return ["\n".join("- [%s] %s%s" % ("x" if t else " ", l, " " + s if s else "")
                          for l, t, s in opts)]
    if what == "agency":
        return [f["agency"]]
    if what == "contact":
        return ["\\\n".join("%s: %s" % (lab, f["contact"].get(k, "")) for k, lab in CONTACT)]
    if what in formgen.TEXTS:
        return [f["texts"][what]] if f["texts"][what] else []
    return []


def form_md(f, schema, kind):
    b = ["**What Makes The Difference?**\\\n**GOOD PRACTICE EXAMPLE**",
         CRITERIA % (", ".join(f["criteria"]) or "____")]
    b += answer_md(f, schema, "outcomes", kind)
    for q, what in QUESTIONS:
        b.append(q)
        b += answer_md(f, schema, what, kind)
        if what == "process-findings" and f["notes"]:
            b.append(f["notes"])
    for title, body in f["attachments"]:
        b.append("# " + title)
        b.append(body)
    return "\n\n".join(b) + "\n"


def cell_boxes(f, schema, g, inputs):
    parts = []
    for l, t, s in options(f, schema, g):
        box = ('<input type="checkbox"%s>' % (" checked" if t else "")) if inputs else \
            ("&#9746;" if t else "&#9744;")
        parts.append("%s %s%s" % (box, html.escape(l), " " + html.escape(s) if s else ""))
    return "<br>".join(parts)


def cell_text(md):
    if not md:
        return ""
    return "".join("<p>%s</p>" % html.escape(p if k != "li" else "- " + p) for k, p in formgen.plain(md))


def form_html(f, schema, inputs):
    rows = ['<tr><td colspan="2"><b>What Makes The Difference?</b><br><b>GOOD PRACTICE EXAMPLE</b></td></tr>',
            '<tr><td colspan="2">%s</td></tr>' % html.escape(
                CRITERIA % (", ".join(f["criteria"]) or "____")),
            '<tr><td colspan="2">%s</td></tr>' % cell_boxes(f, schema, "outcomes", inputs)]
    for q, what in QUESTIONS:
        if what is None:
            rows.append('<tr><td colspan="2"><b>%s</b></td></tr>' % html.escape(q))
            continue
        if what in formgen.GROUPS:
            a = cell_boxes(f, schema, what, inputs)
            if what == "process-findings" and f["notes"]:
                a += "<br>" + html.escape(f["notes"])
        elif what == "agency":
            a = html.escape(f["agency"])
        elif what == "contact":
            a = "<br>".join("%s: %s" % (lab, html.escape(f["contact"].get(k, ""))) for k, lab in CONTACT)
        else:
            a = cell_text(f["texts"][what])
        rows.append("<tr><td>%s</td><td>%s</td></tr>" % (html.escape(q), a))
    body = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"><title>Good practice example</title></head>',
            '<body>', '<table border="1">'] + rows + ['</table>']
    for title, md in f["attachments"]:
        body.append("<h1>%s</h1>" % html.escape(title))
        for k, p in formgen.plain(md):
            tag = {"h": "h2", "li": "li", "p": "p"}[k]
            body.append("<%s>%s</%s>" % (tag, html.escape(p), tag))
    body += ["</body></html>"]
    return "\n".join(body) + "\n"


def pandoc(src, frm, to, *extra):
    r = subprocess.run(["pandoc", "-f", frm, "-t", to, "--wrap=auto"] + list(extra),
                       input=src.encode("utf-8"), stdout=subprocess.PIPE, check=True)
    return r.stdout.decode("utf-8")


def export(f, schema, kind):
    if kind == "tasklist":
        return "md", pandoc(form_md(f, schema, kind), "gfm", "gfm")
    if kind == "ballot":
        return "txt", pandoc(form_md(f, schema, kind), "gfm", "plain")
    if kind == "ballotmd":
        return "md", pandoc(form_md(f, schema, kind), "gfm", "markdown-task_lists")
    if kind == "yesno":
        return "md", pandoc(form_md(f, schema, kind), "gfm", "markdown")
    if kind == "barex":
        return "md", pandoc(form_md(f, schema, kind), "gfm", "gfm")
    # pandoc's HTML reader drops <input>: its table has the ballot boxes
    inputs = kind == "table" and int(f["id"][1:]) % 2 == 0
    doc = form_html(f, schema, inputs)
    if kind == "table":
        return "html", doc
    return "html", pandoc(doc, "html", "html", "--standalone")


def main():
    schema, forms = formgen.forms()
    os.makedirs(os.path.join(HERE, "exports"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "truth"), exist_ok=True)
    n = 0
    for k, kind in enumerate(KINDS):
        for j in range(3):
            f = forms[(k * 3 + j * 5) % len(forms)]
            ext, text = export(f, schema, kind)
            name = "%s-%s.%s" % (f["id"], kind, ext)
            with open(os.path.join(HERE, "exports", name), "w", encoding="utf-8") as fh:
                fh.write(text)
            with open(os.path.join(HERE, "truth", f["id"] + ".xml"), "w", encoding="utf-8") as fh:
                fh.write(formgen.truth_xml(f, schema))
            n += 1
    print("%d exports" % n)


if __name__ == "__main__":
    main()
