#!/usr/bin/env python3
"""linebreak.py: records in scripts written without spaces between words,
and the checks of how their lines break (tests/cli/linebreak.sh).

  linebreak.py records DIR     writes the records into DIR: Chinese,
                               Japanese, Thai, Latin with Chinese and
                               Japanese, Lao, and Khmer with zero width
                               spaces; each with long paragraphs
  linebreak.py check PDF       the lines of every page (pdftotext
                               -bbox-layout): none starts with a closing
                               CJK punctuation mark or ends with an opening
                               one (kinsoku, as UAX #14 has it); a line
                               ending inside a run of Thai ends where
                               libthai's own segmentation of that run puts
                               a word boundary; one inside Khmer at one of
                               the record's zero width spaces; a line of
                               Latin text beside CJK ends at a space, as
                               alone; prints the number of lines of each
                               kind checked
  linebreak.py thai TEXT       libthai's words of TEXT, one a line
  linebreak.py syllables RECORD
                               writes a record whose paragraphs are
                               Devanagari and Bengali words wider than the
                               line, made of known syllables (conjuncts,
                               vowel signs, a nukta), each starting at
                               another of them
  linebreak.py cuts PDF        the lines those words were cut into: each
                               starts a syllable, and together they are
                               the words; prints how many cuts it checked
  linebreak.py markdown        CommonMark of every record's text, with
                               links, emphasis and odd spacing around CJK
                               punctuation (the render fuzzer's seed)

Standard library only, and libthai through ctypes.
"""
import ctypes
import ctypes.util
import html
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import shell  # noqa: E402 (the record skeleton)

CHINESE = [
    "伯明翰市议会的离开照顾服务为十六岁至二十五岁的青年提供个人顾问。每位青年在离开寄养家庭或儿童之家之前，"
    "都会与顾问一起制定「路径计划」，内容包括住房、教育、就业、健康和理财。顾问每八周至少探访一次，"
    "并在紧急情况下提供二十四小时电话支持（包括周末和公共假期）。",
    "服务还与当地大学合作，为继续深造的青年提供助学金、假期住宿和学习辅导；许多青年表示：「有人真正关心我的将来，"
    "让我有勇气报考大学！」此外，青年参与小组每月开会一次，讨论服务质量，并直接向议会的企业家长委员会提出建议。"
    "过去三年中，获得稳定住房的青年比例从百分之六十二上升到百分之八十七，接受教育、就业或培训的比例也显著提高。"
    "《离开照顾法》规定的每一项权利，顾问都会用青年听得懂的话解释清楚，并把书面说明（中文或英文）交给青年本人。",
]
JAPANESE = [
    "タワーハムレッツ区の自立支援チームは、十六歳から二十五歳までの若者に専任のパーソナルアドバイザーを付けています。"
    "若者が里親家庭や児童養護施設を離れる前に、アドバイザーと一緒に「自立計画」を作り、住まい、教育、仕事、健康、"
    "お金の管理について話し合います。",
    "アドバイザーは少なくとも八週間に一度は訪問し、緊急の場合は二十四時間の電話相談（週末や祝日を含む）に対応します。"
    "ある若者は『初めて自分の将来を真剣に考えてくれる大人に出会った』と話しています。また、毎月開かれる若者会議では、"
    "サービスの質について意見を出し合い、区議会に直接提案しています。過去三年間で、安定した住まいを得た若者の割合は"
    "六十二パーセントから八十七パーセントに上がりました。ちょっとした相談でも、気軽にアドバイザーに連絡してください！",
]
THAI = [
    "บริการผู้ออกจากการดูแลของเทศบาลเมืองเบอร์มิงแฮมจัดให้มีที่ปรึกษาส่วนตัวสำหรับเยาวชนอายุสิบหกถึงยี่สิบห้าปี "
    "ก่อนที่เยาวชนจะออกจากบ้านอุปถัมภ์หรือสถานสงเคราะห์เด็กที่ปรึกษาจะร่วมกันวางแผนเส้นทางชีวิตซึ่งครอบคลุมเรื่องที่อยู่อาศัยการศึกษาการทำงานสุขภาพและการจัดการเงิน",
    "ที่ปรึกษาจะไปเยี่ยมอย่างน้อยทุกแปดสัปดาห์และให้ความช่วยเหลือทางโทรศัพท์ตลอดยี่สิบสี่ชั่วโมงในกรณีฉุกเฉิน "
    "เยาวชนหลายคนบอกว่าพวกเขามีกำลังใจที่จะสมัครเข้าเรียนในมหาวิทยาลัยเพราะมีคนใส่ใจอนาคตของพวกเขาอย่างแท้จริง "
    "นอกจากนี้กลุ่มเยาวชนจะประชุมกันทุกเดือนเพื่อพูดคุยเกี่ยวกับคุณภาพของบริการและเสนอความคิดเห็นต่อสภาเมืองโดยตรง",
]
MIXED = [
    "The Birmingham Leaving Care Service (伯明翰离开照顾服务) works with well-known partners and/or "
    "local colleges; one young person from Hong Kong wrote: 「我们的顾问每周都来看我，帮助我找到了工作，"
    "还教我怎样管理自己的钱。」 Another, from Osaka, said 「ここに来て、本当に良かった。アドバイザーはいつも"
    "話を聞いてくれます。」 and asked that her words be printed as she wrote them, self-contained and "
    "unabridged, in every edition of the digest.",
]
LAO = [
    "ບໍລິການຊ່ວຍເຫຼືອໄວໜຸ່ມທີ່ອອກຈາກການເບິ່ງແຍງຂອງລັດຖະບານທ້ອງຖິ່ນໃຫ້ຄຳປຶກສາກ່ຽວກັບທີ່ຢູ່ອາໄສການສຶກສາແລະການເຮັດວຽກ",
]
# Khmer written as its writers often do: a zero width space between words
KHMER = [
    "\u200b".join(["សេវា", "ជំនួយ", "យុវជន", "ដែល", "ចាកចេញ", "ពី", "ការ", "ថែទាំ", "ផ្តល់", "ប្រឹក្សា",
                   "អំពី", "លំនៅឋាន", "ការអប់រំ", "និង", "ការងារ", "ដល់", "យុវជន", "អាយុ", "ដប់ប្រាំមួយ",
                   "ដល់", "ម្ភៃប្រាំ", "ឆ្នាំ", "នៅ", "ក្នុង", "ក្រុង", "ឡុងដ៍", "។", "ទីប្រឹក្សា",
                   "មក", "សួរសុខទុក្ខ", "យុវជន", "រៀងរាល់", "ប្រាំបី", "សប្តាហ៍", "ម្តង", "ហើយ",
                   "ជួយ", "ពួកគេ", "ស្វែងរក", "ការងារ", "និង", "កន្លែង", "ស្នាក់នៅ", "ដែល",
                   "មាន", "សុវត្ថិភាព", "។"]),
]

RECORDS = {
    "lb-chinese": ("离开照顾服务：个人顾问与路径计划", CHINESE),
    "lb-japanese": ("自立支援チーム「アドバイザー」の取り組み", JAPANESE),
    "lb-thai": ("บริการที่ปรึกษาส่วนตัวสำหรับเยาวชน", THAI),
    "lb-mixed": ("Leaving care in two languages 伯明翰离开照顾服务", MIXED),
    "lb-lao": ("Lao ບໍລິການຊ່ວຍເຫຼືອໄວໜຸ່ມ", LAO),
    "lb-khmer": ("Khmer សេវាជំនួយយុវជន", KHMER),
}

# Kinsoku as UAX #14 (classes CL, CP, EX, IS, NS) has it: no line starts
# with these, none ends with an opening mark (OP). Small kana and the
# prolonged sound mark (class CJ) may start a line in UAX #14's normal
# breaking, which libunibreak follows.
# the Khmer text as printed (its zero width spaces are not) and where its
# words start in it
KHMER_TEXT = KHMER[0].replace("\u200b", "")
KHMER_CUTS = set(len("".join(KHMER[0].split("\u200b")[:i]))
                 for i in range(1, KHMER[0].count("\u200b") + 1))
# every Latin word of the records, whole
LATIN = set(w for _, paras in RECORDS.values() for p in paras
            for w in re.findall(r"[A-Za-z]+", p))
NO_START = set("。、，．：；！？）」』】〕〉》・々〜")
NO_END = set("（「『【〔〈《")


def thai_lib():
    lib = ctypes.CDLL(ctypes.util.find_library("thai") or "libthai.so.0")
    lib.th_brk_new.restype = ctypes.c_void_p
    lib.th_brk_new.argtypes = [ctypes.c_char_p]
    lib.th_brk_wc_find_breaks.restype = ctypes.c_int
    lib.th_brk_wc_find_breaks.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p,
                                          ctypes.POINTER(ctypes.c_int), ctypes.c_size_t]
    brk = lib.th_brk_new(None)
    if not brk:
        sys.exit("libthai has no dictionary (libthai-data)")
    return lib, brk


def thai_breaks(t, lib_brk):
    lib, brk = lib_brk
    pos = (ctypes.c_int * (len(t) + 1))()
    n = lib.th_brk_wc_find_breaks(brk, t, pos, len(t) + 1)
    return set(pos[i] for i in range(n))


def is_thai(ch):
    return "\u0e01" <= ch <= "\u0e5b"


def is_khmer(ch):
    return "\u1780" <= ch <= "\u17ff"


def is_cjk(ch):
    o = ord(ch)
    return (0x3000 <= o <= 0x30ff or 0x3400 <= o <= 0x9fff or 0xff00 <= o <= 0xff65
            or 0x20000 <= o <= 0x3ffff)


def write_records(out):
    os.makedirs(out, exist_ok=True)
    for rid, (title, paras) in RECORDS.items():
        with open(os.path.join(out, rid + ".xml"), "w", encoding="utf-8") as f:
            f.write(shell(rid, title, "\n\n".join(paras), purpose=paras[0]))


def page_lines(pdf):
    """Each page's lines, in reading order: [(page, [line text, ...]), ...],
    a line's words joined by a space where pdftotext saw a gap."""
    x = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                       text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", x, re.S):
        lines = []
        for flow in re.findall(r"<flow>.*?</flow>", page, re.S):
            for ln in re.findall(r"<line .*?</line>", flow, re.S):
                words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", ln)]
                lines.append(" ".join(words))
            lines.append(None)  # the flow ends: no line runs on past it
        pages.append(lines)
    return pages


def check(pdf):
    lib_brk = thai_lib()
    bad, n_cjk, n_thai, n_mixed, n_khmer = [], 0, 0, 0, 0
    for pno, lines in enumerate(page_lines(pdf), 1):
        for a, b in zip(lines, lines[1:] + [None]):
            if a is None:
                continue
            if any(is_cjk(c) for c in a):
                n_cjk += 1
                if a[0] in NO_START:
                    bad.append("page %d: a line starts with %s: %s" % (pno, a[0], a))
                if a[-1] in NO_END:
                    bad.append("page %d: a line ends with %s: %s" % (pno, a[-1], a))
                end, start = re.search(r"[A-Za-z]+$", a), re.match(r"[A-Za-z]+", b or "")
                if end and start:
                    n_mixed += 1
                    if end.group(0) not in LATIN or start.group(0) not in LATIN:
                        bad.append("page %d: a Latin word cut beside CJK: %s | %s" % (pno, a, b))
                if b and re.search(r"[-/]$", a) and re.match(r"[A-Za-z]", b):
                    bad.append("page %d: Latin broken after %s beside CJK: %s | %s"
                               % (pno, a[-1], a, b))
            if b and is_khmer(a[-1]) and is_khmer(b[0]):
                n_khmer += 1
                left = re.search(r"[\u1780-\u17ff]+$", a).group(0)
                right = re.match(r"[\u1780-\u17ff]+", b).group(0)
                at = KHMER_TEXT.find(left + right)
                if at < 0 or at + len(left) not in KHMER_CUTS:
                    bad.append("page %d: Khmer broken away from its zero width spaces: "
                               "...%s | %s..." % (pno, left[-12:], right[:12]))
            if b and is_thai(a[-1]) and is_thai(b[0]):
                n_thai += 1
                left = re.search(r"[\u0e01-\u0e5b]+$", a).group(0)
                right = re.match(r"[\u0e01-\u0e5b]+", b).group(0)
                if len(left) not in thai_breaks(left + right, lib_brk):
                    bad.append("page %d: Thai broken inside a word: ...%s | %s..."
                               % (pno, left[-12:], right[:12]))
    for m in bad:
        print(m)
    print("%d lines with CJK, %d Latin line ends beside CJK, %d Thai line ends, "
          "%d Khmer line ends" % (n_cjk, n_mixed, n_thai, n_khmer))
    return 1 if bad else 0


def markdown():
    paras = [p for _, (_, ps) in RECORDS.items() for p in ps]
    extra = ["東京 。 「 東京 」 ( 北京 ) **强调**[链接](https://example.org/路径)。",
             "Supercalifragilistic伯明翰\u200bBirmingham\u200b\u200b 「\u200b」 ไทย ( ไทย ) *ໄທ*",
             "a\u00a0。\u00a0「b」\n  second line after a hard break:  \n「続き」"]
    return "\n\n".join(paras + extra) + "\n"


# The syllables of a Devanagari and a Bengali word (what no line may cut):
# conjuncts (क्ष, त्रि, स्त्री, व्य, स्था; ক্ষ, ন্ত্রী, স্বা), vowel signs, a nukta.
SYLLABLES = [
    ["क्ष", "त्रि", "य", "स्त्री", "सं", "र", "क्ष", "ण", "व्य", "व", "स्था"],
    ["ক্ষ", "ম", "তা", "য়", "ন", "ম", "ন্ত্রী", "স্বা"],
]
REPEAT = 12  # each word some three times the measure


def syllable_words():
    """Each word's syllables, every one of them starting one word: the
    lines are cut at a different place in each."""
    return [s[j:] + s[:j] for s in SYLLABLES for j in range(len(s))]


def write_syllables(path):
    words = ["".join(s) * REPEAT for s in syllable_words()]
    with open(path, "w", encoding="utf-8") as f:
        f.write(shell("lb-syllables", "Syllables", "\n\n".join(words)))


def check_cuts(pdf):
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout.split("\n")
    checked, i = 0, 0
    for syl in syllable_words():  # in order, each after the one before
        word = "".join(syl) * REPEAT
        starts, at = set(), 0
        for s in syl * REPEAT:
            starts.add(at)
            at += len(s)
        while i < len(text) and not (text[i].strip() and word.startswith(text[i].strip())):
            i += 1
        if i == len(text):
            print("the word starting %s is not in the PDF" % syl[0])
            return 1
        got = ""
        while len(got) < len(word) and i < len(text) and word.startswith(got + text[i].strip()):
            if got:
                checked += 1
                if len(got) not in starts:
                    print("a line starts inside a syllable: %r" % text[i].strip())
                    return 1
            got += text[i].strip()
            i += 1
        if got != word:
            print("the lines of the word starting %s are not the word: %r" % (syl[0], got))
            return 1
    if checked < len(syllable_words()):  # each word cut once at least
        print("only %d cuts" % checked)
        return 1
    print("%d cuts, each before a syllable" % checked)
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "records":
        write_records(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    elif len(sys.argv) == 2 and sys.argv[1] == "markdown":
        sys.stdout.write(markdown())
    elif len(sys.argv) == 3 and sys.argv[1] == "syllables":
        write_syllables(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "cuts":
        sys.exit(check_cuts(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "thai":
        t = sys.argv[2]
        cuts = [0] + sorted(thai_breaks(t, thai_lib())) + [len(t)]
        for x, y in zip(cuts, cuts[1:]):
            print(t[x:y])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
