#!/usr/bin/env python3
"""Sample names and phrases in the scripts a record may bring, one word
each for the glyph comparison (tests/cli/scripts.sh), and a record that
carries them in its title, authority, contact name and free text.

  samples.py words            the sample words, one a line (script<TAB>word)
  samples.py record OUT.xml   writes the record
"""
import sys
import unicodedata

# (script, a name or word, a phrase): real words, as a record would have them
SAMPLES = [
    ("Arabic", "محمد", "مرحبا بالعالم"),
    ("Hebrew", "שלום", "שלום עולם"),
    ("Urdu", "پاکستان", "اردو زبان میں خوش آمدید"),
    ("Bengali", "বাংলাদেশ", "আমার সোনার বাংলা"),
    ("Devanagari", "हिन्दी", "नमस्ते दुनिया"),
    ("Polish", "Łódź", "Zażółć gęślą jaźń"),
    ("Vietnamese", "Nguyễn", "Tiếng Việt có dấu"),
    ("Vietnamese-NFD", unicodedata.normalize("NFD", "Trường"),
     unicodedata.normalize("NFD", "Người Việt Nam")),
    ("Greek", "Αθήνα", "Καλημέρα κόσμε"),
    ("Cyrillic", "Москва", "Добрый день"),
    ("Emoji", "\U0001F600", "smile \U0001F600 \u2764"),
    ("Chinese", "北京", "欢迎来到伦敦塔哈姆莱茨"),
    ("Japanese", "東京タワー", "ひらがなとカタカナと漢字"),
    ("Korean", "서울", "안녕하세요 세계"),
    # scripts whose glyphs reach above or below the line (layout_text.c's
    # frag_ink): medials, marks above and below (Tibetan's stacks have no
    # font in the default style: scripts.sh has it reported)
    ("Myanmar", "ကျွန်ုပ်", "မြန်မာ ညွှန့်"),
    ("Thai", "ปั่น", "ภาษาไทย ปู่"),
    ("Lao", "ປູ່", "ພາສາລາວ"),
]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")


def shell(record_id, title, description, agency="Youth service", purpose="Mentoring.",
          name="A Mentor", email="bidi@example.org"):
    """A Tower Hamlets record with these texts (escaped here), the rest
    fixed: the skeleton every generated script record shares."""
    return """<?xml version="1.0" encoding="UTF-8"?>
<record xmlns="urn:x-gpdigest:record" version="1" id="{id}">
  <title>{title}</title>
  <authority>Tower Hamlets</authority>
  <received>2026-11-20</received>
  <criteria>
    <criterion>2.4</criterion>
  </criteria>
  <outcomes/>
  <agency>{agency}</agency>
  <target-groups>
    <tick option="young-people-16"/>
  </target-groups>
  <purpose>{purpose}</purpose>
  <description>{description}</description>
  <regions>
    <tick option="london"/>
  </regions>
  <contact>
    <name>{name}</name>
    <tel>020 7364 5000</tel>
    <email>{email}</email>
  </contact>
</record>
""".format(id=record_id, title=esc(title), agency=esc(agency), purpose=esc(purpose),
           description=esc(description), name=esc(name), email=esc(email))


def record():
    words = " ".join(s[1] for s in SAMPLES)
    phrases = "\n\n".join("%s: %s" % (s[0], s[2]) for s in SAMPLES)
    return shell("scripts-every-name",
                 "Names in every script: " + SAMPLES[3][1] + " " + SAMPLES[0][1] + " " +
                 SAMPLES[6][1],
                 phrases, agency=SAMPLES[2][2], purpose=words,
                 name=SAMPLES[0][1] + " " + SAMPLES[3][1], email="scripts@example.org")


def main(argv):
    if argv[:1] == ["words"]:
        for s in SAMPLES:
            print("%s\t%s" % (s[0], s[1]))
        return 0
    if len(argv) == 2 and argv[0] == "record":
        open(argv[1], "w", encoding="utf-8").write(record())
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
