#!/usr/bin/env python3
"""Right-to-left paragraphs and mixed-direction lines (tests/cli/bidi.sh).

  bidi.py record OUT.xml [OUT.txt]
                                  a record whose description has an Arabic,
                                  a Hebrew, an English-with-one-Urdu-name and
                                  an English paragraph, and an Arabic list
                                  item (and those paragraphs, one a line)
  bidi.py align PDF               those paragraphs' lines are set as their
                                  base direction says, the item indented from
                                  the right (pdftotext -bbox-layout)
  bidi.py html PAGE.html LEAST    the HTML edition marks the right elements dir
                                  (at least LEAST with RTL text)
  bidi.py mixed N SEED OUT.xml OUT.txt
                                  a record of N generated mixed-direction lines
                                  (one paragraph each), and those lines
  bidi.py words PDF LINES.txt     pdftotext gives every word of those lines,
                                  as many times as written, none run together
  bidi.py isolates DIR [OUT.txt]  records whose title, authority, "please
                                  specify" text and address are Arabic or
                                  Hebrew, set in lines of ours (references,
                                  "form received", ticks, contact details),
                                  and a title too long for the running head
                                  (and those texts, one a line)
  bidi.py authority DIR           a record whose authority is Arabic and
                                  English, and DIR/templates' handout
                                  introduction with a sentence starting with
                                  {{authority}}
  bidi.py in-sentence PDF HTML MD the authority in the introduction's
                                  sentences: a bidi isolate in the PDF, <bdi>
                                  in the HTML, as written in the Markdown
  bidi.py title-first PDF HTML MD a handout title that starts with the
                                  authority (TITLE_FIRST): left to right,
                                  the authority an isolate (PDF, <bdi>),
                                  as written in the Markdown
  bidi.py ours PDF                those lines are set left to right with each
                                  record text in one piece, in its own
                                  direction; the running head's ellipsis at
                                  the cut end of the title (pdftotext -bbox)
"""
import collections
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # run from the source tree: write nothing there
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import shell  # noqa: E402 (the record skeleton)

ARABIC = ("في هذا المشروع يعمل الشباب مع المرشدين كل أسبوع ويتعلمون كيف "
          "يكتبون سيرتهم الذاتية ويبحثون عن عمل ويتحدثون مع أصحاب العمل "
          "بثقة وقد شارك فيه أكثر من مئة شاب وشابة خلال السنة الماضية").split()
HEBREW = ("בפרויקט הזה צעירים נפגשים עם מנטורים בכל שבוע ולומדים לכתוב "
          "קורות חיים לחפש עבודה ולדבר עם מעסיקים בביטחון ויותר ממאה צעירים "
          "וצעירות השתתפו בו במהלך השנה האחרונה").split()
URDU_NAME = "عمران"
# English paragraphs: words that print nowhere else in a handout
MIXWORDS = ("mentoring sessions pair every careleaver with volunteer whose "
            "coordinator").split()
ENWORDS = ("weekly drop-in workshops cover tenancy budgeting cooking "
           "interviews").split()

MARKERS = ("\u2022", "\u2013", "-")
ARABIC_ITEM = "يلتقي الشباب بالمرشدين في المكتبة العامة كل يوم سبت ويتحدثون عن خططهم للعمل والدراسة والسكن"


def paragraphs():
    """The description's paragraphs: (kind, text), each long enough to wrap."""
    mix = " ".join(MIXWORDS * 4).split()
    mix.insert(5, URDU_NAME)
    return [
        ("ar", " ".join(ARABIC * 2)),
        ("he", " ".join(HEBREW * 2)),
        ("mix", " ".join(mix)),
        ("en", " ".join(ENWORDS * 5)),
        ("item", "- " + ARABIC_ITEM + " " + ARABIC_ITEM),
    ]


def record(out, txt=None):
    text = "\n\n".join(p[1] for p in paragraphs())
    open(out, "w", encoding="utf-8").write(shell("bidi-paragraphs",
        "Mentoring in two directions", text))
    if txt:  # the paragraphs as written, the item without its marker
        open(txt, "w", encoding="utf-8").write("".join(
            re.sub(r"^- ", "", p[1]) + "\n" for p in paragraphs()))
    return 0


def has(word, lo, hi):
    return any(lo <= ord(c) <= hi for c in word)


def kind_of(words):
    """The paragraph a row of words (visual order) belongs to, or None."""
    if not words:
        return None
    if all(has(w, 0x600, 0x6FF) for w in words):
        return "ar"
    if all(has(w, 0x590, 0x5FF) for w in words):
        return "he"
    latin = [w for w in words if not has(w, 0x590, 0x6FF)]
    if latin and all(w in MIXWORDS for w in latin):
        return "mix"
    if all(w in ENWORDS for w in words):
        return "en"
    return None


def rows(pdf):
    """Each printed line: (page, kind, x min, x max), from the words'
    boxes (pdftotext's own <line> grouping splits a line at a change of
    direction, so words are grouped by page and baseline here)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True).stdout
    xml = re.sub(rb"<!DOCTYPE[^>]*>", b"", xml)
    root = ET.fromstring(xml)
    ns = "{http://www.w3.org/1999/xhtml}"
    out = []
    for pno, page in enumerate(root.iter(ns + "page")):
        lines = collections.defaultdict(list)
        for w in page.iter(ns + "word"):
            key = round(float(w.get("yMax")))
            lines[key].append((float(w.get("xMin")), float(w.get("xMax")), w.text or ""))
        for y in sorted(lines):
            ws = sorted(lines[y])
            marks = [w for w in ws if w[2] in MARKERS]
            ws = [w for w in ws if w[2] not in MARKERS]
            if ws:
                out.append((pno, kind_of([w[2] for w in ws]), ws[0][0], ws[-1][1],
                            marks[0][:2] if marks else None))
    return out


def align(pdf):
    by = collections.defaultdict(list)
    marker = None
    state = "before"  # the list item: the Arabic lines straight after English ones
    for pno, kind, x0, x1, mx in rows(pdf):
        if kind == "ar" and by["en"] and state != "after":
            kind, state = "item", "in"
            marker = mx if mx is not None else marker
        elif state == "in":
            state = "after"
        if kind:
            by[kind].append((x0, x1))
    bad = []
    for k in ("ar", "he", "mix", "en"):
        if len(by[k]) < 3:
            bad.append("%s: %d lines found, want 3 or more" % (k, len(by[k])))
    if bad:
        print("\n".join(bad))
        return 1
    # the Arabic item: flush right in the list's measure, indented from
    # the right as an English one is from the left, its marker on the
    # right of its first line, in that indentation (not in the margin)
    ends = [x1 for _, x1 in by["item"]]
    en_start = min(x0 for x0, _ in by["en"])
    en_end = max(x1 for _, x1 in by["en"])
    margin = min(x1 for _, x1 in by["ar"])
    if len(ends) < 2 or max(ends) - min(ends) > 1:
        bad.append("item: lines end at %s, not at one margin" % ends)
    elif marker is None or marker[0] < max(ends):
        bad.append("item: marker at %s, not right of its text (%.1f)" % (marker, max(ends)))
    elif marker[1] > margin + 1:
        bad.append("item: marker at %.1f..%.1f, in the margin (the text ends at %.1f)"
                   % (marker[0], marker[1], margin))
    if ends and max(ends) > margin - 10:
        bad.append("item: lines end at %.1f, not indented from the right margin %.1f"
                   % (max(ends), margin))
    if by["item"] and min(x0 for x0, _ in by["item"]) > en_start + 10:
        bad.append("item: its longest line starts at %.1f, indented from the left margin %.1f"
                   % (min(x0 for x0, _ in by["item"]), en_start))
    for k in ("ar", "he"):
        ends = [x1 for _, x1 in by[k]]
        starts = [x0 for x0, _ in by[k]]
        # every line flush right: the same end, at or past where the
        # ragged English lines end
        if max(ends) - min(ends) > 1:
            bad.append("%s: lines end at %s, not at one margin" % (k, ends))
        if min(ends) < en_end - 1:
            bad.append("%s: lines end at %.1f, left of English lines' %.1f" % (k, min(ends), en_end))
        # ragged left: the short last line starts well right of the margin
        if max(starts) <= en_start + 20:
            bad.append("%s: lines start at %s, flush left at %.1f" % (k, starts, en_start))
    for k in ("mix", "en"):
        starts = [x0 for x0, _ in by[k]]
        if max(starts) - en_start > 1 or min(starts) < en_start - 1:
            bad.append("%s: lines start at %s, not at the left margin %.1f" % (k, starts, en_start))
    print("\n".join(bad) if bad else "ok: %s" % {k: len(v) for k, v in by.items()})
    return 1 if bad else 0


def html(page, least):
    """Every paragraph, item, heading or one-line answer (dd) holding
    Arabic or Hebrew text of its own carries dir (auto: the browser finds
    the base direction as UBA P2/P3 do); English ones need none and keep
    their bytes. least: how many such elements the page must have."""
    text = open(page, encoding="utf-8").read()
    bad = []
    found = collections.Counter()
    block = re.compile(r"</?(?:p|ul|ol|dl|li|dd|dt|h[1-6]|blockquote|nav|div|section"
                       r"|article|address|title|main|header|footer)[ >]")
    for m in re.finditer(r"<(p|li|dd|h[1-6])( [^>]*)?>", text):
        tag, attrs = m.group(1), m.group(2) or ""
        end = block.search(text, m.end())
        own = text[m.end():end.start() if end else len(text)]
        # a title isolated in <bdi> has its own direction
        own = re.sub(r"<bdi>.*?</bdi>", "", own, flags=re.S)
        rtl = any(0x590 <= ord(c) <= 0x6FF for c in own)
        found[(tag, rtl)] += 1
        if rtl and 'dir="auto"' not in attrs and 'dir="rtl"' not in attrs:
            bad.append("no dir: <%s%s>%s" % (tag, attrs, own[:60]))
        if not rtl and "dir=" in attrs:
            bad.append("dir on English text: <%s%s>%s" % (tag, attrs, own[:60]))
    if sum(n for (t, rtl), n in found.items() if rtl) < least:
        bad.append("fewer than %d elements with RTL text: %s" % (least, dict(found)))
    print("\n".join(bad) if bad else "ok: %s" % dict(found))
    return 1 if bad else 0


# Mixed-direction lines: words of a left-to-right script next to words of
# a right-to-left one, numbers (ASCII, Arabic-Indic, Extended) among them.
LATIN = "alpha bravo charlie delta echo foxtrot golf hotel".split()
CYRILLIC = "Добрый день Москва привет мир Киев".split()
URDU = "اردو زبان میں خوش آمدید پاکستان کراچی لاہور".split()
ARAB = "مرحبا بالعالم مدينة لندن اليوم الأصدقاء والعائلة".split()
HEBR = "שלום עולם ירושלים תל אביב חיפה".split()
NUMS = ["4711", "98.6", "3141", "١٢٣", "۴۵۶", "2031"]
PAIRS = [(LATIN, ARAB), (CYRILLIC, URDU), (HEBR, NUMS), (ARAB, NUMS),
         (LATIN, HEBR), (CYRILLIC, ARAB), (URDU, NUMS)]


def mixed(n, seed, out_xml, out_txt):
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        a, b = PAIRS[i % len(PAIRS)]
        # short ones and ones long enough to wrap (words across line breaks)
        k = rnd.choice([2, 3, 5, 8, 13, 30])
        lines.append(" ".join(rnd.choice(rnd.choice([a, b])) for _ in range(k)))
    open(out_txt, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    open(out_xml, "w", encoding="utf-8").write(shell("bidi-mixed",
        "Mixed-direction lines", "\n\n".join(lines)))
    return 0


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ALEFS = "\u0622\u0623\u0625\u0627"


def canon(word):
    # A lam-alef ligature is one glyph for two letters; pdftotext turns
    # the letters of a right-to-left word round but keeps the glyph's
    # ToUnicode text (lam, alef) as it is, so it gives "alef lam" for
    # it. Both orders are read as one here: not our text's fault.
    return re.sub("\u0644([%s])" % ALEFS, "\\1\u0644", word)


def words(pdf, lines_txt):
    """pdftotext's words against the input's. pdftotext orders the words
    of a line with right-to-left text its own way (its guess of the
    visual-to-logical order differs from UBA's for mixed runs, and it adds
    embedding controls), so the sequence is not compared; the count of
    every word is: a space lost between two words shows as each counted
    once too few and a word that was never written."""
    want = collections.Counter()
    for line in open(lines_txt, encoding="utf-8"):
        want.update(canon(w) for w in line.split())
    text = subprocess.run(["pdftotext", pdf, "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    got = collections.Counter(canon(w) for w in BIDI_CONTROLS.sub(" ", text).split())
    vocab = set(canon(w) for grp in (LATIN, CYRILLIC, URDU, ARAB, HEBR, NUMS) for w in grp)
    letters = set("".join(vocab)) - set("0123456789.")
    bad = []
    for w, n in sorted(want.items()):
        if got[w] != n:
            bad.append("%r: %d in the PDF, %d written" % (w, got[w], n))
    for w, n in sorted(got.items()):
        # a token of our scripts that was never written: words run together
        if w not in vocab and any(c in letters for c in w if not c.isascii()):
            bad.append("%r (%d): not a word written" % (w, n))
    print("\n".join(bad[:40]) if bad else "ok: %d words, %d distinct" % (
        sum(want.values()), len(want)))
    return 1 if bad else 0


# Record text inside lines of ours (tests/cli/bidi.sh, isolates): each
# is a bidi isolate in the PDF (FSI ... PDI, the HTML's <bdi>).
ISO_TITLE = "مركز الرعاية 2024 Leaving Care"
LONG_TITLE = ("برنامج دعم الشباب الذين يغادرون الرعاية في مدينة برمنغهام "
              "والمناطق المحيطة بها منذ عام 2010")
HE_AUTHORITY = "תל אביב"
SPEC = "3 مجموعات شبابية"
ADDRESS = "12 شارع الملك"

ISO_RECORD = """<?xml version="1.0" encoding="UTF-8"?>
<record xmlns="urn:x-gpdigest:record" version="1" id="{id}">
  <title>{title}</title>
  <authority>{authority}</authority>
  <received>2026-11-23</received>
  <criteria>
    <criterion>2.11</criterion>
  </criteria>
  <outcomes><tick option="be-healthy"/></outcomes>
  <agency>Agency</agency>
  <target-groups>
    <tick option="leaving-care"/>{others}
  </target-groups>
  <purpose>Purpose.</purpose>
  <description>Description.</description>
  <regions>
    <tick option="se-england"/>
  </regions>
  <contact>
    <name>Jo Bird</name>
    <address>{address}</address>
    <email>a@example.org</email>
  </contact>
</record>
"""


def isolates(folder, txt=None):
    others = """
    <tick option="others"/>
    <specify option="others">%s</specify>""" % SPEC
    for rid, title, authority, extra, address in (
            ("rtl-title", ISO_TITLE, "Birmingham", "", "Leaving Care Service"),
            ("hebrew-authority", "Hebrew authority record", HE_AUTHORITY, others, ADDRESS),
            ("arabic-long-title", LONG_TITLE, "Birmingham", "", "Leaving Care Service")):
        open(os.path.join(folder, rid + ".xml"), "w", encoding="utf-8").write(
            ISO_RECORD.format(id=rid, title=title, authority=authority, others=extra,
                              address=address))
    if txt:  # each record text as written
        open(txt, "w", encoding="utf-8").write("".join(
            t + "\n" for t in (ISO_TITLE, LONG_TITLE, HE_AUTHORITY, SPEC, ADDRESS)))
    return 0


def page_rows(pdf):
    """Each page's printed lines, top down: lists of words (x min, x max,
    text) left to right, grouped by baseline."""
    xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                         capture_output=True).stdout
    xml = re.sub(rb"<!DOCTYPE[^>]*>", b"", xml)
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ET.fromstring(xml).iter(ns + "page"):
        lines = collections.defaultdict(list)
        for w in page.iter(ns + "word"):
            lines[round(float(w.get("yMax")))].append(
                (float(w.get("xMin")), float(w.get("xMax")), w.text or ""))
        pages.append([joined(sorted(lines[y])) for y in sorted(lines)])
    return pages


def is_rtl(word):
    return any(0x590 <= ord(c) <= 0x8FF for c in word)


def joined(row):
    """A row's words, with right-to-left letters that touch made one word
    (left to right, as drawn). The PDF shows right-to-left text in the
    order it is read, each letter placed where it is drawn; pdftotext
    makes a word only of letters shown one after the other left to right,
    so it gives each such letter as a word of its own."""
    out = []
    for w in row:
        if out and is_rtl(w[2]) and is_rtl(out[-1][2]) and w[0] - out[-1][1] < 0.3:
            out[-1] = (out[-1][0], w[1], out[-1][2] + w[2])
        else:
            out.append(w)
    return out


def among(word, words):
    """Whether a word pdftotext gives is one of words: it gives the
    letters of a right-to-left word in the order they are drawn."""
    return word in words or word[::-1] in words


def ours(pdf):
    """The lines of ours that hold record text: each record text in one
    piece and in its own direction, our words left to right around it."""
    bad = []
    found = collections.Counter()
    title = ISO_TITLE.split()
    he = HE_AUTHORITY.split()
    for pno, rows in enumerate(page_rows(pdf)):
        left = min(r[0][0] for r in rows)
        for i, r in enumerate(rows):
            text = [w[2] for w in r]
            at = lambda pred: [w[0] for w in r if pred(w[2])]
            where = "page %d: %s" % (pno + 1, " ".join(text))
            # a reference: "• Leaving Care 2024 <Arabic> (Birmingham),
            # Criterion 2.11, page 4", the bullet first
            if "(Birmingham)," in text and any(among(w, title) for w in text):
                found["reference"] += 1
                t, o = at(lambda w: among(w, title)), at(lambda w: not among(w, title) and w != "\u2022")
                if max(t) > min(o):
                    bad.append("%s: the title is not in one piece before our words" % where)
                if "\u2022" in text and min(at(lambda w: w == "\u2022")) > min(t):
                    bad.append("%s: the bullet is not first" % where)
            # the long title's reference: its own lines, then ours
            if text[:1] == ["(Birmingham),"] and "Criterion" in text:
                found["wrapped reference"] += 1
                if r[0][0] > rows[i - 1][0][0] + 20:
                    bad.append("%s: not at the start of the item's text" % where)
            # "<Hebrew> · form received 23 November 2026", flush left
            if "received" in text and any(among(w, he) for w in text):
                found["form received"] += 1
                if max(at(lambda w: among(w, he))) > min(at(lambda w: w == "form")):
                    bad.append("%s: the authority is not first" % where)
                if r[0][0] > left + 1:
                    bad.append("%s: not flush left (%.1f, the margin %.1f)" % (where, r[0][0], left))
            # "Others (please specify): 3 مجموعات شبابية" and "Address: 12
            # شارع الملك": the number at the right, as the text reads
            for lead, val in (("Others", SPEC), ("Address:", ADDRESS)):
                if lead in text and any(among(w, val.split()[1:]) for w in text):
                    found[lead] += 1
                    num = val.split()[0]
                    if min(at(lambda w: w == num)) < max(at(lambda w: among(w, val.split()[1:]))):
                        bad.append("%s: %s is not on the right of its words" % (where, num))
                    if min(at(lambda w: w == lead)) > min(at(lambda w: w != "\u2612")):
                        bad.append("%s: %s is not first" % (where, lead))
            # the running head: a long right-to-left title cut after its
            # first words, the ellipsis on their left (its end)
            if i == 0 and any(among(w.strip("\u2026"), LONG_TITLE.split()[:1]) for w in text):
                found["running head"] += 1
                gap = max(range(1, len(r)), key=lambda k: r[k][0] - r[k - 1][1])
                cut = r[gap:]  # the section's text, right of the running title
                first = [w for w in cut if among(w[2], LONG_TITLE.split()[:1])]
                arabic = [w[0] for w in cut if among(w[2], LONG_TITLE.split())]
                dots = [w[0] for w in cut if w[2] == "\u2026"]
                if not first or first[0][0] != max(arabic):
                    bad.append("%s: the title's first word is not on the right" % where)
                if not dots or min(dots) > min(arabic):
                    bad.append("%s: no ellipsis left of the title's words" % where)
    want = {"reference": 2, "wrapped reference": 2, "form received": 1, "Others": 1,
            "Address:": 1, "running head": 1}
    for k, n in want.items():
        if found[k] < n:
            bad.append("%s: %d lines found, want %d or more" % (k, found[k], n))
    text = subprocess.run(["pdftotext", pdf, "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    if re.search("[\u2066-\u2069]", text):
        bad.append("isolate controls in the text pdftotext extracts")
    print("\n".join(bad) if bad else "ok: %s" % dict(found))
    return 1 if bad else 0


# A handout's authority inside a template's sentence (tests/cli/bidi.sh,
# authority): an isolate, as record text in a line of ours is.
SENTENCE = "{{authority}} sent in {{records}} example for this handout."


def authority(folder):
    """A record whose authority is ISO_TITLE, and the handout introduction
    (in folder/templates, a copy) with a sentence that starts with it."""
    open(os.path.join(folder, "records", "rtl-authority.xml"), "w", encoding="utf-8").write(
        ISO_RECORD.format(id="rtl-authority", title="Peer mentoring", authority=ISO_TITLE,
                          others="", address="Leaving Care Service"))
    with open(os.path.join(folder, "templates", "handout-introduction.md"), "a",
              encoding="utf-8") as f:
        f.write("\n" + SENTENCE + "\n")
    return 0


def in_sentence(pdf, html_page, md):
    """The authority in the handout introduction's sentences (ours): in
    the PDF in one piece and in its own direction ("Leaving Care" on the
    left of its Arabic), our words round it left to right, the sentence
    that starts with it flush left; in the HTML in <bdi>, the paragraph
    without dir; in the Markdown as written, with no control or markup."""
    bad, found = [], collections.Counter()
    words = ISO_TITLE.split()
    arabic = [w for w in words if is_rtl(w)]
    for pno, rows in enumerate(page_rows(pdf)):
        left = min(r[0][0] for r in rows)
        for r in rows:
            text = [w[2] for w in r]
            at = lambda pred: [w[0] for w in r if pred(w[2])]
            where = "page %d: %s" % (pno + 1, " ".join(text))
            ar = at(lambda w: any(among(w, [a]) for a in arabic))
            if not ar or "Leaving" not in text:
                continue
            if "that" in text:  # "... examples that <authority>", wrapped after it
                found["the introduction's sentence"] += 1
                if min(ar) < max(at(lambda w: w == "that")):
                    bad.append("%s: the authority is not after \"that\"" % where)
            elif "sent" in text:  # "<authority> sent in 1 example ..."
                found["a sentence starting with it"] += 1
                if max(ar) > min(at(lambda w: w == "sent")):
                    bad.append("%s: the authority is not before \"sent\"" % where)
                if r[0][0] > left + 1:
                    bad.append("%s: not flush left (%.1f, the margin %.1f)" % (where, r[0][0], left))
            else:
                continue
            if min(at(lambda w: w == "Leaving")) > min(ar):
                bad.append("%s: \"Leaving\" is not left of the authority's Arabic" % where)
    for k in ("the introduction's sentence", "a sentence starting with it"):
        if not found[k]:
            bad.append("%s: no line found" % k)
    page = open(html_page, encoding="utf-8").read()
    n = len(re.findall(r"<p>[^\n]*<bdi>%s</bdi>" % ISO_TITLE, page))  # the title too is
    if n != 2:  # one in the breadcrumbs and pager: title_first
        bad.append("HTML: the authority in <bdi> %d times, want 2" % n)
    for m in re.finditer(r"<p( [^>]*)?>[^<]*<bdi>", page):
        if m.group(1):
            bad.append("HTML: a paragraph of ours has %s" % m.group(1).strip())
    text = open(md, encoding="utf-8").read()
    if (ISO_TITLE + " sent in") not in text or re.search("[\u2066-\u2069]|<bdi>", text):
        bad.append("Markdown: the authority not as written, or with controls or markup")
    print("\n".join(bad) if bad else "ok: %s" % dict(found))
    return 1 if bad else 0


TITLE_FIRST = "{{authority}}: good practice"


def title_first(pdf, html_page, md):
    """A handout title that starts with the authority (TITLE_FIRST, an
    Arabic and English name): left to right, as its template's words are,
    the authority an isolate. PDF: on the cover, flush left, the
    authority's Arabic left of "good"; HTML: the heading without dir, the
    authority in <bdi>; Markdown: as written, no control or markup."""
    bad = []
    rows = page_rows(pdf)[0]
    left = min(r[0][0] for r in rows)
    arabic = [w for w in ISO_TITLE.split() if is_rtl(w)]
    title = [r for r in rows if "good" in [w[2] for w in r] and "practice" in [w[2] for w in r]]
    if not title:
        bad.append("PDF: no cover line with \"good practice\"")
    for r in title:
        where = " ".join(w[2] for w in r)
        ar = [w[0] for w in r if any(among(w[2], [a]) for a in arabic)]
        good = [w[0] for w in r if w[2] == "good"][0]
        if r[0][0] > left + 1:
            bad.append("PDF: %s: not flush left (%.1f, the margin %.1f)" % (where, r[0][0], left))
        if not ar or max(ar) > good:
            bad.append("PDF: %s: the authority's Arabic is not left of \"good\"" % where)
    page = open(html_page, encoding="utf-8").read()
    want = "<bdi>%s</bdi>: good practice" % ISO_TITLE
    heads = re.findall(r"<h[1-6]( [^>]*)?>([^\n]*?)</h[1-6]>", page)
    mine = [h for h in heads if "good practice" in h[1]]
    if not mine:
        bad.append("HTML: no heading with the title")
    for attrs, inner in mine:
        if inner != want or "dir=" in attrs:
            bad.append("HTML: heading <h%s>%s, want no dir and %s" % (attrs, inner, want))
    text = open(md, encoding="utf-8").read()
    if "%s: good practice" % ISO_TITLE not in text or re.search("[\u2066-\u2069]|<bdi>", text):
        bad.append("Markdown: the title not as written, or with controls or markup")
    print("\n".join(bad) if bad else "ok: %d PDF line(s), %d HTML heading(s)" % (len(title), len(mine)))
    return 1 if bad else 0


def main(argv):
    if len(argv) in (2, 3) and argv[0] == "record":
        return record(*argv[1:])
    if len(argv) == 2 and argv[0] == "align":
        return align(argv[1])
    if len(argv) == 3 and argv[0] == "html":
        return html(argv[1], int(argv[2]))
    if len(argv) == 5 and argv[0] == "mixed":
        return mixed(int(argv[1]), int(argv[2]), argv[3], argv[4])
    if len(argv) == 3 and argv[0] == "words":
        return words(argv[1], argv[2])
    if len(argv) in (2, 3) and argv[0] == "isolates":
        return isolates(*argv[1:])
    if len(argv) == 2 and argv[0] == "ours":
        return ours(argv[1])
    if len(argv) == 2 and argv[0] == "authority":
        return authority(argv[1])
    if len(argv) == 4 and argv[0] == "in-sentence":
        return in_sentence(*argv[1:])
    if len(argv) == 4 and argv[0] == "title-first":
        return title_first(*argv[1:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
