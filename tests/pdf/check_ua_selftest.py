#!/usr/bin/env python3
"""check_ua.py's own test: a small tagged PDF that passes every condition,
and variants that each break one, which check_ua.py must report by number.

  check_ua_selftest.py CHECK_UA.py TMPDIR
"""
import subprocess
import sys

XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
       b'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
       b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li></rdf:Alt></dc:title>'
       b'<pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta>'
       b'<?xpacket end="w"?>')

GOOD_CONTENT = (b"/H1 <</MCID 0>> BDC BT /F1 12 Tf 72 720 Td (Title) Tj ET EMC\n"
                b"/P <</MCID 1>> BDC BT /F1 10 Tf 72 700 Td (Body ) Tj EMC "
                b"/Link <</MCID 2>> BDC (link) Tj EMC ET\n"
                b"/Artifact <</Type /Layout>> BDC 72 690 m 200 690 l S EMC\n")


def objects(v):
    """The objects of the test file (1-based), with variant v applied."""
    content = v.get("content", GOOD_CONTENT)
    h1 = v.get("h1", "H1")
    link_type = v.get("link_type", "Link")
    annot_contents = "" if v.get("no_contents") else " /Contents (a link)"
    o = {
        1: "<</Type /Catalog /Pages 2 0 R /StructTreeRoot 5 0 R /MarkInfo <</Marked true>>"
           " /Lang (en-GB) /Metadata 14 0 R%s>>"
           % ("" if v.get("no_title_pref") else " /ViewerPreferences <</DisplayDocTitle true>>"),
        2: "<</Type /Pages /Kids [3 0 R] /Count 1>>",
        3: "<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
           " /Resources <</Font <</F1 15 0 R>>>> /StructParents 0 /Annots [12 0 R]%s>>"
           % ("" if v.get("no_tabs") else " /Tabs /S"),
        4: None,  # the content stream
        5: "<</Type /StructTreeRoot /K 6 0 R /ParentTree 11 0 R /ParentTreeNextKey 2>>",
        6: "<</Type /StructElem /S /Document /P 5 0 R /K [7 0 R 8 0 R 13 0 R]>>",
        7: "<</Type /StructElem /S /%s /P 6 0 R /Pg 3 0 R /K [0]>>" % h1,
        8: "<</Type /StructElem /S /P /P 6 0 R /Pg 3 0 R /K [1 9 0 R]>>",
        9: "<</Type /StructElem /S /%s /P 8 0 R /Pg 3 0 R /K [2 <</Type /OBJR /Obj 12 0 R>>]>>"
           % link_type,
        10: "<<>>",
        11: "<</Nums [0 [7 0 R 8 0 R 9 0 R] 1 9 0 R]>>",
        12: "<</Type /Annot /Subtype /Link /Rect [72 695 100 710] /StructParent 1%s"
            " /A <</S /URI /URI (http://example.org/)>>>>" % annot_contents,
        13: "<</Type /StructElem /S /H2 /P 6 0 R /K []>>" if not v.get("skip") else
            "<</Type /StructElem /S /H3 /P 6 0 R /K []>>",
        14: None,  # XMP
        15: "<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding"
            " /ToUnicode 16 0 R /FontDescriptor 17 0 R>>",
        16: None,
        17: "<</Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontFile 18 0 R>>",
        18: None,
    }
    streams = {4: content, 14: v.get("xmp", XMP), 16: b"%% a CMap", 18: b"%% a font program"}
    return o, streams


def write(path, v):
    o, streams = objects(v)
    out = bytearray(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % v.get("version", b"1.7"))
    offs = {}
    for n in sorted(o):
        offs[n] = len(out)
        out += b"%d 0 obj\n" % n
        if n in streams:
            data = streams[n]
            extra = b" /Type /Metadata /Subtype /XML" if n == 14 else b""
            out += b"<</Length %d%s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"
        else:
            out += o[n].encode()
        out += b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % (len(o) + 1)
    for n in sorted(o):
        out += b"%010d 00000 n\r\n" % offs[n]
    out += b"trailer\n<</Size %d /Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(o) + 1, x)
    with open(path, "wb") as f:
        f.write(out)


CASES = [
    ("good", {}, None),
    ("untagged text", {"content": GOOD_CONTENT + b"BT 72 600 Td (loose) Tj ET\n"}, "01-005"),
    ("untagged path", {"content": GOOD_CONTENT + b"0 0 m 10 10 l S\n"}, "01-005"),
    ("tagged in artifact", {"content": GOOD_CONTENT.replace(
        b"72 690 m", b"/P <</MCID 3>> BDC EMC 72 690 m")}, "01-004"),
    ("artifact in tagged", {"content": GOOD_CONTENT.replace(
        b"(Title) Tj", b"(Title) Tj /Artifact BMC EMC")}, "01-003"),
    ("no pdfuaid", {"xmp": XMP.replace(b"<pdfuaid:part>1</pdfuaid:part>", b"")}, "06-002"),
    ("no dc:title", {"xmp": XMP.replace(b"<rdf:li xml:lang=\"x-default\">T</rdf:li>", b"")},
     "06-003"),
    ("no DisplayDocTitle", {"no_title_pref": True}, "07-001"),
    ("first heading H2", {"h1": "H2"}, "14-002"),
    ("skipped level", {"skip": True}, "14-003"),
    ("link annotation in a Span", {"link_type": "Span"}, "28-011"),
    ("link without Contents", {"no_contents": True}, "28-012"),
    ("annotations without Tabs", {"no_tabs": True}, "28-008"),
    ("PDF 1.4", {"version": b"1.4"}, "gpd-version"),
    ("MCID not in the parent tree", {"content": GOOD_CONTENT.replace(
        b"(link) Tj EMC", b"(link) Tj EMC /Span <</MCID 7>> BDC (x) Tj EMC")}, "gpd-kids"),
]


def main(argv):
    check, tmp = argv
    bad = 0
    for name, v, want in CASES:
        path = "%s/%s.pdf" % (tmp, name.replace(" ", "-"))
        write(path, v)
        r = subprocess.run([sys.executable, check, path], capture_output=True, text=True)
        got = {line.split(": ")[1] for line in r.stdout.splitlines() if line.startswith(path)}
        if want is None and (r.returncode != 0 or got):
            print("FAIL: %s: reported %s\n%s" % (name, sorted(got), r.stdout))
            bad += 1
        elif want is not None and (r.returncode != 1 or want not in got):
            print("FAIL: %s: %s not reported (got %s)\n%s" % (name, want, sorted(got), r.stdout))
            bad += 1
        else:
            print("ok: %s%s" % (name, "" if want is None else ": " + want))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
