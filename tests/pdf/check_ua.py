#!/usr/bin/env python3
"""Checks the machine-checkable PDF/UA-1 conditions (Matterhorn Protocol 1.1)
that apply to gpdigest's PDFs, over `qpdf --json`. Standard library only.

  check_ua.py PDF...           one line per failed condition and file, then a
                               summary; exit 0 when no condition fails

Conditions checked (Matterhorn numbers; "gpd" marks the Tagged PDF rules of
ISO 32000-1 the Matterhorn ones rest on):
  01-003 no artifact inside tagged content     01-004 no tagged content inside an artifact
  01-005 all content tagged or an artifact     01-007 no /Suspects true
  02-004 only standard structure types, none remapped
  06-001 XMP metadata                          06-002 its PDF/UA identifier (pdfuaid:part 1)
  06-003 its dc:title                          07-001/002 /DisplayDocTitle true
  09-004/005/006 table, list and TOC elements where ISO 32000-1 puts them
  11-001 the language of page content (the catalog's /Lang)
  13-004 every Figure has /Alt or /ActualText
  14-002 the first numbered heading is H1      14-003 no heading level skipped
  14-007 not both H and H1-H6                  15-003 every TH has a /Scope
  28-002 annotations other than Widget, Link, PrinterMark in an Annot element
  28-004/012 every link annotation has /Contents
  28-008/009 a page with annotations has /Tabs /S
  28-010 widgets in Form elements              28-011 link annotations in Link elements
  31-001/002/003 CIDSystemInfo of a Type 0 font's CMap and CIDFont agree
  31-006 every CMap predefined or embedded     31-009 every font program embedded
  31-027 every font has /ToUnicode
  gpd-marked   /MarkInfo /Marked true, a /StructTreeRoot
  gpd-version  PDF 1.7 (PDF/UA-1 is ISO 32000-1)
  gpd-pages    every page has /StructParents (and its MCIDs are in the parent
               tree, each pointing at an element that holds it)
  gpd-objr     each annotation's /StructParent points at the element holding
               its OBJR
  gpd-kids     every MCID an element claims is on its page, once
"""
import base64
import json
import re
import subprocess
import sys

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead
TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP
Warichu WT WP Figure Formula Form""".split())

# ISO 32000-1 Tables 333, 336, 337: where these elements may stand.
PARENTS = {
    "TOCI": {"TOC"},
    "LI": {"L"},
    "Lbl": {"LI", "TOCI", "BibEntry", "Note", "P"},
    "LBody": {"LI"},
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
}
CHILDREN = {
    "TOC": {"TOCI", "TOC", "Caption"},
    "L": {"LI", "L", "Caption"},
    "LI": {"Lbl", "LBody"},
    "TR": {"TH", "TD"},
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"},
}
PREDEFINED_CMAPS = {"Identity-H", "Identity-V"} | set("""GB-EUC-H GB-EUC-V
GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V GBK2K-H GBK2K-V
UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V B5pc-H B5pc-V HKscs-B5-H
HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V CNS-EUC-H CNS-EUC-V
UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H
90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V EUC-H
EUC-V Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H
UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V KSC-EUC-H KSC-EUC-V KSCms-UHC-H
KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V
UniKS-UTF16-H UniKS-UTF16-V""".split())

PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
         "sh", "Do", "EI"}


class PDF:
    """The objects of one file, as qpdf --json gives them."""

    def __init__(self, path):
        out = subprocess.run(
            ["qpdf", "--json=2", "--json-stream-data=inline",
             "--decode-level=generalized", path, "-"],
            capture_output=True, check=False)
        if out.returncode not in (0, 3):
            raise SystemExit("check_ua: qpdf cannot read %s: %s" % (path, out.stderr.decode()[:300]))
        doc = json.loads(out.stdout)["qpdf"]
        self.header = doc[0]
        self.objs = doc[1]
        self.trailer = self.objs["trailer"]["value"]

    def get(self, v):
        """The value v, a reference followed."""
        while isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = self.objs.get("obj:" + v)
            if o is None:
                return None
            v = o["stream"]["dict"] if "stream" in o else o.get("value")
        return v

    def data(self, ref):
        o = self.objs.get("obj:" + ref)
        if not o or "stream" not in o or "data" not in o["stream"]:
            return None
        return base64.b64decode(o["stream"]["data"])


def text_of(v):
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        if raw[:2] == b"\xfe\xff":
            return raw[2:].decode("utf-16-be", "replace")
        return raw.decode("latin-1")
    return None


# ---- content streams ---------------------------------------------------

DELIM = b"()<>[]{}/%"
WS = b" \t\r\n\f\0"


def tokens(data):
    """(kind, value) for each token: op, num, name, str, [, ], <<, >>."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in (b" ", b"\t", b"\r", b"\n", b"\f", b"\0"):
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in (b"\r", b"\n"):
                i += 1
        elif c == b"(":
            depth, i = 1, i + 1
            while i < n and depth:
                ch = data[i:i + 1]
                if ch == b"\\":
                    i += 2
                    continue
                depth += ch == b"("
                depth -= ch == b")"
                i += 1
            yield ("str", None)
        elif data[i:i + 2] == b"<<":
            i += 2
            yield ("<<", None)
        elif data[i:i + 2] == b">>":
            i += 2
            yield (">>", None)
        elif c == b"<":
            j = data.index(b">", i)
            i = j + 1
            yield ("str", None)
        elif c in (b"[", b"]"):
            i += 1
            yield (c.decode(), None)
        elif c == b"/":
            j = i + 1
            while j < n and data[j] not in WS and data[j] not in DELIM:
                j += 1
            yield ("name", data[i + 1:j].decode("latin-1"))
            i = j
        else:
            j = i
            while j < n and data[j] not in WS and data[j] not in DELIM:
                j += 1
            if j == i:
                j += 1
            word = data[i:j].decode("latin-1")
            i = j
            if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", word):
                yield ("num", float(word))
            elif word == "ID":  # inline image data up to EI
                k = data.find(b"EI", i)
                i = len(data) if k < 0 else k
                yield ("op", "ID")
            else:
                yield ("op", word)


def marked_content(data):
    """Yields ('paint', op, stack) for painting operators and ('mcid', n,
    stack) for each MCID sequence begun, with the stack of open marked
    content (each 'art', 'mcid' or 'other'); ('error', why) on imbalance."""
    stack, operands, props, key = [], [], None, None
    dict_depth, array_depth = 0, 0
    for kind, v in tokens(data):
        if kind == "<<":
            dict_depth += 1
            props = props or {}
            continue
        if kind == ">>":
            dict_depth -= 1
            continue
        if dict_depth:
            if kind == "name" and key is None:
                key = v
            elif key is not None:
                props[key] = v
                key = None
            continue
        key = None
        if kind == "[":
            array_depth += 1
            continue
        if kind == "]":
            array_depth -= 1
            continue
        if kind != "op":
            operands.append((kind, v))
            continue
        if v in ("BMC", "BDC"):
            tag = operands[0][1] if operands and operands[0][0] == "name" else None
            if tag == "Artifact":
                entry = "art"
            elif v == "BDC" and props and "MCID" in props:
                entry = "mcid"
            else:
                entry = "other"
            yield ("begin", entry, list(stack), props or {}, tag)
            stack.append(entry)
        elif v == "EMC":
            if not stack:
                yield ("error", "EMC without BMC/BDC", None, None, None)
            else:
                stack.pop()
        elif v in PAINT:
            yield ("paint", v, list(stack), None, None)
        operands, props = [], None
    if stack:
        yield ("error", "marked content left open at the end of the stream", None, None, None)



# ---- the checks ----------------------------------------------------------

class Checker:
    def __init__(self, path):
        self.path = path
        self.pdf = PDF(path)
        self.failed = {}

    def fail(self, cond, why):
        self.failed.setdefault(cond, []).append(why)

    def run(self):
        p = self.pdf
        cat = p.get(p.trailer.get("/Root"))
        self.catalog = cat
        self.document(cat)
        self.metadata(cat)
        root = p.get(cat.get("/StructTreeRoot"))
        if not isinstance(root, dict):
            self.fail("gpd-marked", "no /StructTreeRoot")
            return self.failed
        self.elements = {}   # ref -> dict
        self.owner = {}      # (page ref, mcid) -> element ref
        self.objr = {}       # annotation ref -> element ref
        self.walk_tree(root)
        self.headings()
        self.pages(root)
        self.fonts()
        return self.failed

    def document(self, cat):
        p = self.pdf
        ver = p.header.get("pdfversion", "")
        if ver != "1.7":
            self.fail("gpd-version", "PDF %s, not 1.7" % ver)
        mi = p.get(cat.get("/MarkInfo")) or {}
        if mi.get("/Marked") is not True:
            self.fail("gpd-marked", "/MarkInfo /Marked is not true")
        if mi.get("/Suspects") is True:
            self.fail("01-007", "/Suspects true")
        vp = p.get(cat.get("/ViewerPreferences")) or {}
        if "/DisplayDocTitle" not in vp:
            self.fail("07-001", "no /DisplayDocTitle")
        elif vp["/DisplayDocTitle"] is not True:
            self.fail("07-002", "/DisplayDocTitle is false")
        lang = text_of(p.get(cat.get("/Lang")))
        if not lang or not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", lang):
            self.fail("11-001", "no natural language (/Lang %r)" % lang)

    def metadata(self, cat):
        ref = cat.get("/Metadata")
        xmp = self.pdf.data(ref) if isinstance(ref, str) else None
        if xmp is None:
            self.fail("06-001", "no XMP metadata stream")
            return
        x = xmp.decode("utf-8", "replace")
        if not re.search(r"<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part=\"1\"", x) or \
                "http://www.aiim.org/pdfua/ns/id/" not in x:
            self.fail("06-002", "XMP has no pdfuaid:part 1")
        m = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", x, re.S)
        if not m or not m.group(1).strip():
            self.fail("06-003", "XMP has no dc:title")

    def kids(self, e):
        k = e.get("/K")
        if k is None:
            return []
        return k if isinstance(k, list) else [k]

    def walk_tree(self, root):
        p = self.pdf
        rm = p.get(root.get("/RoleMap")) or {}
        for k, v in rm.items():
            if k[1:] in STANDARD:
                self.fail("02-004", "standard type %s remapped to %s" % (k, v))
        self.order = []  # elements in document order: (ref, type, parent type)
        seen = set()
        todo = [(kid, None, None) for kid in reversed(self.kids(root))]
        while todo:
            ref, parent_ref, parent_type = todo.pop()
            if not isinstance(ref, str) or not ref.endswith(" R"):
                continue
            if ref in seen:
                self.fail("gpd-kids", "element %s appears twice in the tree" % ref)
                continue
            seen.add(ref)
            e = p.get(ref)
            if not isinstance(e, dict):
                continue
            t = (e.get("/S") or "")[1:]
            if t not in STANDARD:
                mapped = (rm.get("/" + t) or "")[1:]
                if mapped not in STANDARD:
                    self.fail("02-001", "non-standard type %s not mapped" % t)
                t = mapped or t
            self.elements[ref] = e
            self.order.append((ref, t, parent_type))
            self.structure_rules(ref, e, t, parent_type)
            page = e.get("/Pg")
            more = []
            for kid in self.kids(e):
                if isinstance(kid, (int, float)):
                    self.claim(page, int(kid), ref)
                elif isinstance(kid, dict) and kid.get("/Type") == "/MCR":
                    self.claim(kid.get("/Pg", page), int(kid["/MCID"]), ref)
                elif isinstance(kid, dict) and kid.get("/Type") == "/OBJR":
                    self.objr[kid.get("/Obj")] = ref
                elif isinstance(kid, dict) and "/MCID" in kid:
                    self.claim(kid.get("/Pg", page), int(kid["/MCID"]), ref)
                elif isinstance(kid, str):
                    more.append(kid)
            for kid in reversed(more):
                todo.append((kid, ref, t))

    def claim(self, page, mcid, ref):
        if page is None:
            self.fail("gpd-kids", "%s claims MCID %d with no page" % (ref, mcid))
            return
        if (page, mcid) in self.owner:
            self.fail("gpd-kids", "MCID %d of page %s claimed twice" % (mcid, page))
        self.owner[(page, mcid)] = ref

    def structure_rules(self, ref, e, t, parent_type):
        p = self.pdf
        if t in PARENTS and parent_type not in PARENTS[t]:
            cond = {"TOCI": "09-006", "LI": "09-005", "Lbl": "09-005",
                    "LBody": "09-005"}.get(t, "09-004")
            self.fail(cond, "%s %s inside %s" % (t, ref, parent_type))
        if t in CHILDREN:
            for kid in self.kids(e):
                if isinstance(kid, str):
                    kt = ((p.get(kid) or {}).get("/S") or "")[1:]
                    if kt and kt not in CHILDREN[t]:
                        cond = {"TOC": "09-006", "L": "09-005", "LI": "09-005"}.get(t, "09-004")
                        self.fail(cond, "%s inside %s %s" % (kt, t, ref))
        if t == "Figure" and not (e.get("/Alt") or e.get("/ActualText")):
            self.fail("13-004", "Figure %s without /Alt" % ref)
        if t == "TH":
            a = p.get(e.get("/A"))
            attrs = a if isinstance(a, list) else [a]
            if not e.get("/Headers") and not any(
                    isinstance(p.get(x), dict) and "/Scope" in p.get(x) for x in attrs if x):
                self.fail("15-003", "TH %s without /Scope" % ref)

    def headings(self):
        levels = [(ref, t) for ref, t, _ in self.order if re.fullmatch(r"H[1-6]?", t)]
        numbered = [(ref, int(t[1])) for ref, t in levels if len(t) == 2]
        if numbered and len(numbered) != len(levels):
            self.fail("14-007", "both H and H1-H6 are used")
        if numbered and numbered[0][1] != 1:
            self.fail("14-002", "the first heading is H%d" % numbered[0][1])
        for (_, a), (ref, b) in zip(numbered, numbered[1:]):
            if b > a + 1:
                self.fail("14-003", "H%d after H%d (%s)" % (b, a, ref))

    def pages(self, root):
        p = self.pdf
        ptree = self.number_tree(p.get(root.get("/ParentTree")))
        pages = self.page_refs(p.get(self.catalog.get("/Pages")))
        for n, pref in enumerate(pages, 1):
            pg = p.get(pref)
            where = "page %d" % n
            sp = pg.get("/StructParents")
            if sp is None:
                self.fail("gpd-pages", "%s has no /StructParents" % where)
            parents = p.get(ptree.get(sp)) if sp is not None else None
            annots = p.get(pg.get("/Annots")) or []
            if annots:
                if "/Tabs" not in pg:
                    self.fail("28-008", "%s has annotations and no /Tabs" % where)
                elif pg["/Tabs"] != "/S":
                    self.fail("28-009", "%s has /Tabs %s" % (where, pg["/Tabs"]))
            for aref in annots:
                self.annotation(aref, p.get(aref), ptree, where)
            self.content(pref, pg, parents, where)

    def annotation(self, aref, a, ptree, where):
        st = a.get("/Subtype")
        holder = self.objr.get(aref)
        htype = (self.elements.get(holder, {}).get("/S") or "")[1:] if holder else None
        if st == "/Link":
            if htype != "Link":
                self.fail("28-011", "link annotation %s on %s is in %s" % (aref, where, htype))
            if not text_of(a.get("/Contents")):
                self.fail("28-012", "link annotation %s on %s has no /Contents" % (aref, where))
        elif st == "/Widget":
            if htype != "Form":
                self.fail("28-010", "widget %s on %s is in %s" % (aref, where, htype))
        elif st not in ("/PrinterMark", "/Popup"):
            if htype != "Annot":
                self.fail("28-002", "%s annotation %s on %s is in %s" % (st, aref, where, htype))
            if not text_of(a.get("/Contents")) and not (self.elements.get(holder) or {}).get("/Alt"):
                self.fail("28-004", "%s annotation %s on %s has no /Contents" % (st, aref, where))
        if holder is not None:
            key = a.get("/StructParent")
            if key is None or ptree.get(key) != holder:
                self.fail("gpd-objr", "annotation %s: /StructParent %s does not lead to %s"
                          % (aref, key, holder))

    def content(self, pref, pg, parents, where):
        p = self.pdf
        cont = pg.get("/Contents")
        refs = cont if isinstance(cont, list) else [cont] if cont else []
        data = b"\n".join(p.data(r) or b"" for r in refs)
        res = p.get(pg.get("/Resources")) or {}
        if p.get(res.get("/XObject")):
            self.fail("01-005", "%s paints XObjects, which this checker does not read" % where)
        seen = set()
        for ev, v, stack, props, tag in marked_content(data):
            if ev == "error":
                self.fail("gpd-pages", "%s: %s" % (where, v))
            elif ev == "begin":
                if v == "mcid":
                    mcid = int(props["MCID"])
                    if "art" in stack:
                        self.fail("01-004", "%s: MCID %d inside an artifact" % (where, mcid))
                    if mcid in seen:
                        self.fail("gpd-pages", "%s: MCID %d used twice" % (where, mcid))
                    seen.add(mcid)
                    owner = self.owner.get((pref, mcid))
                    if owner is None:
                        self.fail("gpd-kids", "%s: MCID %d belongs to no element" % (where, mcid))
                    if not isinstance(parents, list) or mcid >= len(parents) or \
                            parents[mcid] != owner:
                        self.fail("gpd-pages", "%s: the parent tree does not give MCID %d's "
                                  "element" % (where, mcid))
                elif v == "art" and "mcid" in stack:
                    self.fail("01-003", "%s: an artifact inside tagged content" % where)
            elif ev == "paint":
                if "mcid" not in stack and "art" not in stack:
                    self.fail("01-005", "%s: %s neither tagged nor an artifact" % (where, v))
        for (page, mcid), ref in self.owner.items():
            if page == pref and mcid not in seen:
                self.fail("gpd-kids", "%s claims MCID %d, not on %s" % (ref, mcid, where))

    def number_tree(self, node, out=None):
        p = self.pdf
        out = {} if out is None else out
        node = p.get(node) or {}
        nums = p.get(node.get("/Nums")) or []
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
        for kid in p.get(node.get("/Kids")) or []:
            self.number_tree(kid, out)
        return out

    def page_refs(self, node, out=None):
        p = self.pdf
        out = [] if out is None else out
        for kid in p.get(node.get("/Kids")) or []:
            k = p.get(kid)
            if k.get("/Type") == "/Pages":
                self.page_refs(k, out)
            else:
                out.append(kid)
        return out

    def fonts(self):
        p = self.pdf
        for key, o in p.objs.items():
            if not key.startswith("obj:"):
                continue
            d = o["stream"]["dict"] if "stream" in o else o.get("value")
            if not isinstance(d, dict) or d.get("/Type") != "/Font":
                continue
            name = d.get("/BaseFont", key)
            st = d.get("/Subtype")
            if st == "/Type0":
                self.type0(key[4:], name, d)
            if st in ("/Type0", "/TrueType", "/Type1", "/Type3") and "/ToUnicode" not in d:
                if not (st == "/TrueType" and d.get("/Encoding") in
                        ("/WinAnsiEncoding", "/MacRomanEncoding")):
                    self.fail("31-027", "font %s has no /ToUnicode" % name)
            if st in ("/TrueType", "/Type1", "/CIDFontType2", "/CIDFontType0"):
                fd = p.get(d.get("/FontDescriptor")) or {}
                if not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    self.fail("31-009", "font %s is not embedded" % name)

    def type0(self, ref, name, d):
        p = self.pdf
        enc = d.get("/Encoding")
        desc = p.get((p.get(d.get("/DescendantFonts")) or [None])[0]) or {}
        if isinstance(enc, str) and enc.startswith("/"):
            if enc[1:] not in PREDEFINED_CMAPS:
                self.fail("31-006", "font %s: CMap %s neither predefined nor embedded" % (name, enc))
            return
        cmap = p.get(enc)
        if not isinstance(cmap, dict) or p.data(enc) is None:
            self.fail("31-006", "font %s: CMap neither predefined nor embedded" % name)
            return
        a = p.get(cmap.get("/CIDSystemInfo")) or {}
        b = p.get(desc.get("/CIDSystemInfo")) or {}
        if text_of(a.get("/Registry")) != text_of(b.get("/Registry")):
            self.fail("31-001", "font %s: CMap and CIDFont Registry differ" % name)
        if text_of(a.get("/Ordering")) != text_of(b.get("/Ordering")):
            self.fail("31-002", "font %s: CMap and CIDFont Ordering differ" % name)
        if (b.get("/Supplement") or 0) < (a.get("/Supplement") or 0):
            self.fail("31-003", "font %s: CIDFont Supplement below the CMap's" % name)


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    bad = 0
    for path in argv:
        failed = Checker(path).run()
        for cond in sorted(failed):
            whys = failed[cond]
            print("%s: %s: %s%s" % (path, cond, whys[0],
                                    " (and %d more)" % (len(whys) - 1) if len(whys) > 1 else ""))
        bad += bool(failed)
    print("check_ua: %d file(s), %d with failed conditions" % (len(argv), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
