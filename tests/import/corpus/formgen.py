"""formgen.py: the filled-in forms the import corpus is made of, and their truth.

A form is the content of one paper form: the criteria written in the blank,
which boxes are ticked, the answers and the contact details. The five forms
f01-f05 are the five seed records (records/*.xml) as they are; the others
take a seed record's texts and change what a person filling in the form
decides (ticks, criteria, "please specify" texts, contact details, the
agency), drawn from a random generator with a fixed seed, so the corpus is
the same on every run. The option ids and labels are read from the form
schema (records/record.xsd), which the program generates from its own list.

The truth of a form is a record file (the project's own format, valid
against the schema): the scorer (tests/import/score.c) reads it with the
program's record reader and compares what the importer made with it.
"""
import copy
import os
import random
import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

NS = "urn:x-gpdigest:record"
XS = "http://www.w3.org/2001/XMLSchema"
ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

# The groups in the order the form asks them (the record's element names).
GROUPS = ["outcomes", "target-groups", "agency-types", "regions", "evidence-basis",
          "impact-source", "impact-findings", "process-findings", "report-available"]
EVIDENCE = GROUPS[4:8]
TEXTS = ["purpose", "description", "structures", "tools"]
CONTACT = ["name", "address", "tel", "email", "fax", "mob"]
SPECIFY = {("target-groups", "others"), ("agency-types", "multi-agency"),
           ("agency-types", "other"), ("regions", "national")}


def load_schema(path=os.path.join(ROOT, "records", "record.xsd")):
    """{group: [(id, label), ...]} from the schema's enumerations."""
    tree = ET.parse(path)
    out = {}
    for st in tree.getroot().findall("{%s}simpleType" % XS):
        name = st.get("name")
        if name not in GROUPS:
            continue
        opts = []
        for en in st.iter("{%s}enumeration" % XS):
            doc = en.find(".//{%s}documentation" % XS)
            opts.append((en.get("value"), doc.text))
        out[name] = opts
    return out


def _text(el):
    return el.text if el is not None and el.text else ""


def load_record(path):
    """A record file as a plain dict (the fields the corpus needs)."""
    r = ET.parse(path).getroot()
    q = lambda tag: "{%s}%s" % (NS, tag)
    rec = {"id": r.get("id"), "title": _text(r.find(q("title"))),
           "authority": _text(r.find(q("authority"))),
           "criteria": [_text(c) for c in r.iter(q("criterion"))],
           "agency": _text(r.find(q("agency"))), "ticks": {}, "specify": {},
           "texts": {}, "notes": "", "contact": {}, "attachments": []}
    for g in GROUPS:
        el = r.find(".//" + q(g))
        rec["ticks"][g] = [t.get("option") for t in el.iter(q("tick"))] if el is not None else []
        if el is not None:
            for s in el.iter(q("specify")):
                rec["specify"][(g, s.get("option"))] = s.text or ""
    for t in TEXTS:
        rec["texts"][t] = _text(r.find(q(t)))
    rec["notes"] = _text(r.find(".//" + q("notes")))
    c = r.find(q("contact"))
    if c is not None:
        for f in CONTACT:
            v = _text(c.find(q(f)))
            if v:
                rec["contact"][f] = v
    for a in r.iter(q("attachment")):
        rec["attachments"].append((a.get("title"), a.text or ""))
    return rec


SEED_RECORDS = ["tower-hamlets-health-information", "thurrock-sexual-health-worker",
                "tower-hamlets-user-involvement", "birmingham-peer-education",
                "tower-hamlets-contact-policy"]

AGENCIES = [
    ("Kent", "Kent County Council Leaving Care Service", "kent.gov.uk"),
    ("Leeds", "Leeds City Council 16+ Team", "leeds.gov.uk"),
    ("Bristol", "Bristol City Council Through Care Service", "bristol.gov.uk"),
    ("Camden", "London Borough of Camden Leaving Care Team", "camden.gov.uk"),
    ("Manchester", "Manchester Leaving Care Service, North West", "manchester.gov.uk"),
    ("Durham", "Durham County Council Young People's Service", "durham.gov.uk"),
    ("Nottingham", "Nottingham City Council Aftercare Team", "nottinghamcity.gov.uk"),
    ("Cornwall", "Cornwall Council Leaving Care Service", "cornwall.gov.uk"),
    ("Sheffield", "Sheffield Leaving Care Service", "sheffield.gov.uk"),
    ("Hackney", "Hackney Leaving Care Service, London", "hackney.gov.uk"),
]
PEOPLE = ["Anne Marsh", "Peter O'Neill", "Sunita Patel", "David Okafor", "Claire Hughes",
          "Tom Bradley", "Fatima Khan", "Gareth Lloyd", "Helen McBride", "Yusuf Ahmed"]
STREETS = ["Civic Centre, High Street", "County Hall, Station Road", "12 Market Place",
           "Town Hall, Church Lane", "The Old School, Mill Road"]
SPECIFY_TEXTS = {
    ("target-groups", "others"): ["Care leavers who are parents", "Young people in supported lodgings",
                                  "Siblings of care leavers"],
    ("agency-types", "multi-agency"): ["Social care, health and Connexions", "Housing and leaving care team"],
    ("agency-types", "other"): ["Social enterprise", "Housing association"],
    ("regions", "national"): ["England", "Wales", "England and Wales"],
}


def _phone(rng):
    return "0%d%d%d%d %d%d%d %d%d%d%d" % tuple(rng.randrange(10) for _ in range(11))


def _pick(rng, opts, lo, hi, avoid=()):
    ids = [o for o, _ in opts if o not in avoid]
    return rng.sample(ids, rng.randint(lo, hi))


def variant(rng, base, schema, n):
    """A form filled in by someone else: base's texts, new decisions."""
    f = copy.deepcopy(base)
    auth, agency, domain = AGENCIES[n % len(AGENCIES)]
    f["id"] = "f%02d" % (n + 1)
    f["authority"] = auth
    f["agency"] = agency
    f["criteria"] = sorted(rng.sample(["1.1", "1.4", "2.2", "2.4", "2.11", "3.1", "3.2",
                                       "4.3", "5.2", "6.1", "7.4"], rng.choice([0, 1, 1, 1, 2])),
                           key=lambda c: tuple(int(x) for x in c.split(".")))
    t = f["ticks"]
    t["outcomes"] = _pick(rng, schema["outcomes"], 1, 3)
    t["target-groups"] = _pick(rng, schema["target-groups"], 2, 6)
    t["agency-types"] = _pick(rng, schema["agency-types"], 1, 2)
    t["regions"] = _pick(rng, schema["regions"], 1, 1)
    t["evidence-basis"] = _pick(rng, schema["evidence-basis"], 1, 2)
    t["impact-source"] = _pick(rng, schema["impact-source"], 1, 2)
    t["impact-findings"] = _pick(rng, schema["impact-findings"], 1, 1)
    t["process-findings"] = _pick(rng, schema["process-findings"], 1, 1)
    t["report-available"] = [rng.choice(["yes", "no"])]
    f["specify"] = {}
    for g, opts in t.items():
        for o in opts:
            if (g, o) in SPECIFY:
                f["specify"][(g, o)] = rng.choice(SPECIFY_TEXTS[(g, o)])
    name = rng.choice(PEOPLE)
    c = {"name": name, "tel": _phone(rng),
         "email": "%s@%s" % (re.sub(r"[^a-z.]", "", name.lower().replace(" ", ".")), domain)}
    if rng.random() < 0.5:
        c["address"] = "%s, %s" % (rng.choice(STREETS), auth)
    if rng.random() < 0.3:
        c["fax"] = _phone(rng)
    if rng.random() < 0.3:
        c["mob"] = "07%d%d%d %d%d%d%d%d%d" % tuple(rng.randrange(10) for _ in range(9))
    f["contact"] = c
    if rng.random() < 0.3:
        f["notes"] = ""
    return f


def forms(count=14, seed=2026):
    """The corpus's forms: the five seeds, then count - 5 variants."""
    schema = load_schema()
    bases = [load_record(os.path.join(ROOT, "records", r + ".xml")) for r in SEED_RECORDS]
    out = []
    for i, b in enumerate(bases):
        f = copy.deepcopy(b)
        f["id"] = "f%02d" % (i + 1)
        out.append(f)
    rng = random.Random(seed)
    for n in range(len(bases), count):
        out.append(variant(rng, bases[(n * 3) % len(bases)], schema, n))
    return schema, out


def truth_xml(f, schema):
    """The form's truth as a record file."""
    x = ['<?xml version="1.0" encoding="UTF-8"?>',
         "<!-- Truth of corpus form %s (tests/import/corpus/formgen.py). -->" % f["id"],
         '<record xmlns="%s" version="1" id="%s">' % (NS, f["id"]),
         "  <title>%s</title>" % escape(f["title"]),
         "  <authority>%s</authority>" % escape(f["authority"]),
         "  <received>2026-11-23</received>", "  <criteria>"]
    x += ["    <criterion>%s</criterion>" % c for c in f["criteria"]]
    x.append("  </criteria>")

    def group(g, ind="  "):
        order = [o for o, _ in schema[g]]
        ticks = sorted(f["ticks"][g], key=order.index)
        x.append("%s<%s>" % (ind, g))
        x.extend('%s  <tick option="%s"/>' % (ind, o) for o in ticks)
        for o in ticks:
            if (g, o) in f["specify"] and f["specify"][(g, o)]:
                x.append("%s  <specify option=%s>%s</specify>" %
                         (ind, quoteattr(o), escape(f["specify"][(g, o)])))
        x.append("%s</%s>" % (ind, g))

    group("outcomes")
    x.append("  <agency>%s</agency>" % escape(f["agency"]))
    group("target-groups")
    for t in ["purpose", "description", "structures"]:
        if f["texts"][t]:
            x.append("  <%s>%s</%s>" % (t, escape(f["texts"][t]), t))
    group("agency-types")
    group("regions")
    if f["texts"]["tools"]:
        x.append("  <tools>%s</tools>" % escape(f["texts"]["tools"]))
    x.append("  <evidence>")
    for g in EVIDENCE:
        group(g, "    ")
    if f["notes"]:
        x.append("    <notes>%s</notes>" % escape(f["notes"]))
    x.append("  </evidence>")
    group("report-available")
    x.append("  <contact>")
    x += ["    <%s>%s</%s>" % (k, escape(f["contact"][k]), k) for k in CONTACT if k in f["contact"]]
    x.append("  </contact>")
    if f["attachments"]:
        x.append("  <attachments>")
        x += ["    <attachment title=%s>%s</attachment>" % (quoteattr(t), escape(b))
              for t, b in f["attachments"]]
        x.append("  </attachments>")
    x.append("</record>")
    return "\n".join(x) + "\n"


def plain(md):
    """CommonMark of a record reduced to the paragraphs a printed page shows:
    [(kind, text)] with kind 'h' (heading), 'li' (list item) or 'p'."""
    out = []
    for block in re.split(r"\n\s*\n", md.strip()):
        lines = [l.strip() for l in block.split("\n") if l.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            out.append(("h", lines[0].lstrip("#").strip()))
            continue
        items, cur = [], None
        for l in lines:
            m = re.match(r"^([-*+]|\d+[.)])\s+(.*)", l)
            if m:
                cur = [m.group(2)]
                items.append(cur)
            elif cur is not None:
                cur.append(l.rstrip("\\").strip())
            else:
                items.append([l])
                cur = None
        is_list = re.match(r"^([-*+]|\d+[.)])\s", lines[0]) is not None
        if is_list:
            out += [("li", _unescape(" ".join(i))) for i in items]
        else:
            out.append(("p", _unescape(" ".join(" ".join(i) for i in items))))
    return out


def _unescape(s):
    s = re.sub(r"\\(.)", r"\1", s)
    return s.replace("**", "").replace("__", "")


def label(schema, g, o):
    return dict(schema[g])[o]
