#!/usr/bin/env python3
"""Writes tests/pdf/records/stress-unicode-overflow.xml, the PDF stress record.

The record is committed; this script documents how it was made and remakes
it byte for byte (the text is pseudo-random with a fixed seed):

  - a description of 5,000 words in 40 paragraphs, with emphasis, Greek and
    Cyrillic words, an autolinked 300-character URL with no break
    opportunity, and two characters DejaVu lacks (U+1F600, outside the BMP,
    and the CJK ideograph U+6F22);
  - the same URL as plain text in the structures field;
  - a 200-item list (with nested lists three deep) in the tools field;
  - Greek and Cyrillic in the title, agency, contact name and an attachment
    with a long Cyrillic heading, a block quote, a code block whose line is
    longer than the text width, and every letter of Latin-1, Latin
    Extended-A, Greek and Cyrillic in regular, italic, bold and bold italic.

Usage: python3 tests/pdf/make_stress.py [OUT.xml]
"""
import os
import random
import sys
from xml.sax.saxutils import escape

RID = "stress-unicode-overflow"
HERE = os.path.dirname(os.path.abspath(__file__))

ENGLISH = ("young people leaving care personal adviser pathway plan contact "
           "support housing education training employment health worker team "
           "review meeting local authority service user involvement group "
           "independence skills budget tenancy college apprenticeship mentor "
           "advocacy placement foster carer social worker monitoring outcome "
           "evaluation feedback workshop session drop-in centre weekly monthly "
           "referral assessment needs transition accommodation hostel advice").split()
GREEK = "φροντίδα νέοι υποστήριξη στέγαση εκπαίδευση υγεία ομάδα σύμβουλος".split()
CYRILLIC = "поддержка молодёжь жильё образование здоровье команда советник".split()

# Exactly 300 characters, no space and no break opportunity a line breaker
# would prefer (no hyphen at the end of a line either way).
URL_HEAD = "https://example.org/leaving-care/resources/"
URL_TAIL = "?lang=el&ref=stress"
def make_url():
    body = []
    i = 0
    while len(URL_HEAD) + len("".join(body)) + len(URL_TAIL) < 300:
        body.append("section%04dpathwayplanningguidance/" % i)
        i += 1
    s = URL_HEAD + "".join(body)
    s = s[:300 - len(URL_TAIL)] + URL_TAIL
    assert len(s) == 300 and " " not in s
    return s

URL = make_url()

def sentence(rng, n):
    words = []
    for _ in range(n):
        r = rng.random()
        pool = GREEK if r < 0.06 else CYRILLIC if r < 0.12 else ENGLISH
        words.append(rng.choice(pool))
    words[0] = words[0].capitalize()
    return words

def description(rng):
    paras = []
    total = 0
    for p in range(40):
        words = []
        while len(words) < 125:
            words += sentence(rng, rng.randint(8, 20))
            words[-1] += "."
        words = words[:125]
        if not words[-1].endswith("."):
            words[-1] += "."
        words[0] = "P%02d" % (p + 1)  # a paragraph number, so a lost paragraph shows
        if p == 0:
            words[3] = "*" + words[3] + "*"
            words[5] = "**" + words[5] + "**"
            words[7] = "*Ελληνικά*"
            words[9] = "**Кириллица**"
        if p == 9:
            words[60] = "<%s>" % URL  # autolink: one word, 300 characters
        if p == 19:
            # U+1F600 (outside the BMP) and U+6F22: DejaVu has neither
            words[40] = "\U0001F600"
            words[41] = "\u6f22"
        total += len(words)
        paras.append(" ".join(words))
    assert total == 5000
    return "\n\n".join(paras)

def tools(rng):
    lines = ["Two hundred resources were developed:", ""]
    for i in range(1, 201):
        pool = GREEK if i % 17 == 0 else CYRILLIC if i % 19 == 0 else ENGLISH
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 14)))
        depth = 0
        if i % 50 in (11, 12):
            depth = 1
        elif i % 50 == 13:
            depth = 2
        lines.append("  " * depth + "- Resource R%03d %s" % (i, text))
    return "\n".join(lines)

ATTACHMENT = """## Раздел 1. Очень длинный заголовок на русском языке, который не помещается на одной строке страницы формата A4

Текст приложения на русском языке: молодые люди, покидающие учреждения опеки, получают поддержку персонального советника.

> Η φροντίδα των νέων που φεύγουν από τη φροντίδα είναι ευθύνη όλων μας. Цитата: «поддержка — это общая ответственность».

```
code_line_that_is_much_longer_than_the_text_width_of_an_a4_page_with_twenty_four_millimetre_margins_0123456789
```

### Τμήμα 2. Ελληνικά

Κείμενο στα ελληνικά με *πλάγια*, **έντονα** και ***έντονα πλάγια*** γράμματα.

### Alphabets

"""

# Every letter of Latin-1, Latin Extended-A, Greek and Cyrillic, in all four
# faces: many are composite glyphs (some nested), which a font subset must
# keep whole.
def alphabets():
    ranges = [(0xC0, 0x17F), (0x386, 0x3CE), (0x400, 0x45F)]
    out = []
    for lo, hi in ranges:
        letters = "".join(chr(c) for c in range(lo, hi + 1)
                          if chr(c).isalpha() and c not in (0xD7, 0xF7))
        words = " ".join(letters[i:i + 12] for i in range(0, len(letters), 12))
        for mark in ("", "*", "**", "***"):
            out.append(mark + words + mark)
    return "\n\n".join(out) + "\n"


def main():
    rng = random.Random(4)
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "records", RID + ".xml")
    desc = description(rng)
    lst = tools(rng)
    x = []
    x.append('<?xml version="1.0" encoding="UTF-8"?>')
    x.append("<!-- The PDF stress record: generated by tests/pdf/make_stress.py; do not edit by hand. -->")
    x.append('<record xmlns="urn:x-gpdigest:record" version="1" id="%s">' % RID)
    x.append("  <title>Πρόγραμμα υποστήριξης νέων που φεύγουν από τη φροντίδα · Программа поддержки выпускников детских домов</title>")
    x.append("  <authority>Stress Borough</authority>")
    x.append("  <received>2026-01-15</received>")
    x.append("  <criteria>\n    <criterion>2.4</criterion>\n    <criterion>5.2</criterion>\n  </criteria>")
    x.append('  <outcomes>\n    <tick option="be-healthy"/>\n    <tick option="stay-safe"/>\n  </outcomes>')
    x.append("  <agency>Οργανισμός Κοινωνικής Φροντίδας Αθηνών · Служба поддержки выпускников, Санкт-Петербург</agency>")
    x.append('  <target-groups>\n    <tick option="uasc"/>\n    <tick option="leaving-care"/>\n'
             '    <tick option="others"/>\n    <specify option="others">Νέοι πρόσφυγες · молодые беженцы</specify>\n  </target-groups>')
    x.append("  <purpose>To test the PDF edition: long text, long words, deep lists, Ελληνικά and кириллица.</purpose>")
    x.append("  <description>%s</description>" % escape(desc))
    x.append("  <structures>The resource library lives at %s and is mirrored locally.</structures>" % escape(URL))
    x.append('  <agency-types>\n    <tick option="multi-agency"/>\n'
             '    <specify option="multi-agency">Υπηρεσία υγείας; Служба занятости</specify>\n  </agency-types>')
    x.append('  <regions>\n    <tick option="london"/>\n  </regions>')
    x.append("  <tools>%s</tools>" % escape(lst))
    x.append('  <report-available>\n    <tick option="yes"/>\n  </report-available>')
    x.append("  <contact>\n    <name>Αλέξανδρος Παπαδόπουλος · Мария Ивановна Кузнецова</name>\n"
             "    <address>Οδός Ερμού 10, Αθήνα · ул. Ленина, д. 5, Москва</address>\n"
             "    <tel>+30 210 000 0000</tel>\n    <email>stress@example.org</email>\n  </contact>")
    x.append('  <attachments>\n    <attachment title="Приложение: Политика поддержки · Παράρτημα">%s</attachment>\n  </attachments>'
             % escape(ATTACHMENT + alphabets()))
    x.append("</record>")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(x) + "\n")

if __name__ == "__main__":
    main()
