#!/usr/bin/env python3
"""hostile.py: archives and files that must be refused when given to
`gpdigest import` as Word documents, each with what the error must say.

    python3 tests/import/docx/hostile.py OUTDIR

writes OUTDIR/NAME.docx (or .doc) for each case below and OUTDIR/expect.tsv,
one line "FILE<TAB>TEXT THE ERROR HOLDS<TAB>CODE" a case. Every case is a
real attack or damage a .docx can carry; tests/cli/docx.sh checks that each
is refused with exit status 1, that message, and nothing written.
"""
import os
import struct
import sys
import warnings
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docxgen  # noqa: E402

STAMP = docxgen.STAMP
GOOD = docxgen.document({"criteria": ["1.1"], "agency": "X", "ticks": {g: [] for g in docxgen.formgen.GROUPS},
                         "specify": {}, "texts": {t: "" for t in docxgen.formgen.TEXTS},
                         "notes": "", "contact": {}, "attachments": []},
                        docxgen.formgen.load_schema(), "legacy")


def zwrite(path, entries, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, STAMP)
            zi.compress_type = method
            z.writestr(zi, data if isinstance(data, bytes) else data.encode("utf-8"))


def patch_flags(path, bit):
    """Sets a general-purpose flag bit in every local and central header."""
    b = bytearray(open(path, "rb").read())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = b.find(sig)
        while i >= 0:
            flags = struct.unpack_from("<H", b, i + off)[0] | bit
            struct.pack_into("<H", b, i + off, flags)
            i = b.find(sig, i + 4)
    open(path, "wb").write(bytes(b))


def patch_size(path, size):
    """Makes every header declare an uncompressed size it does not have."""
    b = bytearray(open(path, "rb").read())
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = b.find(sig)
        while i >= 0:
            struct.pack_into("<I", b, i + off, size)
            i = b.find(sig, i + 4)
    open(path, "wb").write(bytes(b))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases = []

    def case(name, text, code="import"):
        cases.append((name, text, code))
        return os.path.join(out, name)

    # a zip bomb: 64 MiB of spaces in a few kilobytes
    zwrite(case("bomb-size.docx", "would unpack to 67108864 bytes"),
           [("word/document.xml", b" " * (64 << 20))])
    # under the size limit, packed a thousand to one
    zwrite(case("bomb-ratio.docx", "to one (a zip bomb?)"),
           [("word/document.xml", GOOD.encode() + b" " * (4 << 20))])
    zwrite(case("dotdot.docx", "'../../evil.xml' (number 2) is named outside the archive"),
           [("word/document.xml", GOOD), ("../../evil.xml", "x")])
    zwrite(case("absolute.docx", "'/etc/cron.d/evil' (number 1) is named outside"),
           [("/etc/cron.d/evil", "x"), ("word/document.xml", GOOD)])
    zwrite(case("backslash.docx", "is named outside the archive"),
           [("word\\..\\..\\evil.xml", "x"), ("word/document.xml", GOOD)])
    p = case("encrypted.docx", "entry 'word/document.xml' is encrypted")
    zwrite(p, [("word/document.xml", GOOD)])
    patch_flags(p, 1)
    p = case("lying-size.docx", "holds more than the 10 bytes it declares")
    zwrite(p, [("word/document.xml", GOOD)], zipfile.ZIP_STORED)
    patch_size(p, 10)
    zwrite(case("many-entries.docx", "holds 10001 entries"),
           [("word/document.xml", GOOD)] + [("f/%d" % i, b"") for i in range(10000)],
           zipfile.ZIP_STORED)
    # two word/document.xml: another reader may take the other one
    warnings.filterwarnings("ignore", "Duplicate name")
    zwrite(case("duplicate.docx", "two of the archive's entries have the same name"),
           [("word/document.xml", GOOD), ("word/document.xml", GOOD.replace("X", "Y"))])
    zwrite(case("bzip2.docx", "packed by method 12"), [("word/document.xml", GOOD)], zipfile.ZIP_BZIP2)
    p = case("crc.docx", "entry word/document.xml is damaged: CRC error")
    zwrite(p, [("word/document.xml", GOOD)], zipfile.ZIP_STORED)
    b = bytearray(open(p, "rb").read())
    i = b.find(b"GOOD PRACTICE")
    b[i] ^= 0x20
    open(p, "wb").write(bytes(b))
    full = open(os.path.join(out, "crc.docx"), "rb").read()
    open(case("truncated.docx", "the zip archive cannot be read"), "wb").write(full[:len(full) // 2])
    zwrite(case("no-document.docx", "has no word/document.xml"), [("word/other.xml", GOOD)])
    zwrite(case("empty-archive.docx", "the archive has no word/document.xml"), [])
    zwrite(case("not-word.docx", "holds no WordprocessingML body"),
           [("word/document.xml", '<?xml version="1.0"?><html><body/></html>')])
    zwrite(case("laughs.docx", "docx:word/document.xml:2:", "dtd"),
           [("word/document.xml", '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaa">'
             '<!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>')])
    zwrite(case("xxe.docx", "docx:word/document.xml:2:", "dtd"),
           [("word/document.xml", '<?xml version="1.0"?>\n<!DOCTYPE d SYSTEM '
             '"file:///etc/passwd"><d/>')])
    zwrite(case("latin1.docx", "docx:word/document.xml:2:216: error: the file is not valid UTF-8", "encoding"),
           [("word/document.xml", GOOD.encode("utf-8").replace(b"What", b"Wh\xe4t"))])
    zwrite(case("styles-bomb.docx", "word/styles.xml is packed"),
           [("word/document.xml", GOOD), ("word/styles.xml", b" " * (6 << 20))])
    # under every size limit (stored, 2.4 MB), but 600,000 tags: the tree
    # libxml2 would build of it grows with its tags, not its bytes
    zwrite(case("tags.docx", "entry word/document.xml holds more than 500000 XML tags"),
           [("word/document.xml", '<?xml version="1.0"?><d>' + "<a/>" * 600000 + "</d>")],
           zipfile.ZIP_STORED)
    ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504)
    open(case("old.doc", "soffice --headless --convert-to docx"), "wb").write(
        ole + "WordDocument".encode("utf-16-le") + bytes(1000))
    open(case("protected.docx", "encrypted (password-protected)"), "wb").write(
        ole + "EncryptedPackage".encode("utf-16-le") + bytes(1000))
    with open(os.path.join(out, "expect.tsv"), "w", encoding="utf-8") as fh:
        fh.writelines("%s\t%s\t%s\n" % c for c in cases)
    print("%d hostile files" % len(cases))


if __name__ == "__main__":
    main()
