#!/usr/bin/env python3
"""gen.py: a synthetic gpdigest corpus, deterministic for a seed.

    gen.py --records N --seed S --out DIR [--templates TEMPLATES_DIR]

writes DIR/records/<id>.xml (schema-valid records, id == file name),
DIR/templates/ (a copy of the repository's templates/, with the same
publication.xml declaring the compendium, the regional digests and the
handouts, and a standards.xml catalogue listing every criterion the corpus
cites) and DIR/templates-compendium/ (the same, with a publication.xml that
declares only the compendium).

The records are shaped like the five real ones (records/*.xml, transcribed
from the paper forms in shared/seeds): purpose 1-3 sentences, description
60-250 words, structures 20-100 words, 2-6 target groups, 1-2 agency types,
one region, 1-2 criteria over Standards 1 to 7 (about one in ten cites none,
as seed 003 does), every ECM outcome, about 150 authorities, one record in ten
with an attachment of 1 to 3 pages (headings, numbered clauses, bullet
lists), and some Unicode names (accented Latin, Polish, Greek, Cyrillic).
Option ids are those of src/core/form.c. Python standard library only.
"""

import argparse
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

# ---- the form's option ids (src/core/form.c) ----
OUTCOMES = ["be-healthy", "stay-safe", "enjoy-and-achieve",
            "make-a-positive-contribution", "achieve-economic-well-being"]
TARGETS = ["disabled", "mental-health", "uasc", "bme", "neet", "older-looked-after-15",
           "foster-carers", "girls-and-boys", "young-researchers", "service-managers",
           "councillors", "lead-professionals", "other-care-workers", "parents",
           "youth-workers", "information-workers", "in-custody", "young-parents",
           "young-people-16", "involved-in-services", "young-people-19", "girls-only",
           "boys-only", "young-trainers", "senior-management", "leaving-care",
           "researchers", "trainers"]  # + "others" (needs a specify text)
AGENCY_TYPES_LA = ["la-unitary", "la-metropolitan", "la-borough", "la-county", "la-city",
                   "la-london-borough"]
AGENCY_TYPES_OTHER = ["voluntary", "health", "education", "youth-justice", "youth-service"]
REGIONS = ["nw-england", "ne-england", "sw-england", "se-england", "london",
           "east-midlands", "west-midlands", "national"]
EVIDENCE_BASIS = ["none", "not-known", "practitioner", "published-research", "local-research"]
IMPACT_SOURCES = ["independent", "internal", "anecdotal", "none", "not-known"]
FINDINGS = ["positive", "negative", "other", "not-known"]

# ---- about 150 authorities, each in one region (national: the UK nations) ----
AUTHORITIES = {
    "london": ["Tower Hamlets", "Hackney", "Camden", "Islington", "Lambeth", "Southwark",
               "Lewisham", "Greenwich", "Newham", "Haringey", "Barnet", "Brent", "Ealing",
               "Hounslow", "Croydon", "Bromley", "Merton", "Wandsworth", "Westminster",
               "Kensington and Chelsea", "Hammersmith and Fulham", "Enfield", "Redbridge",
               "Havering", "Barking and Dagenham"],
    "se-england": ["Thurrock", "Kent", "Medway", "Surrey", "East Sussex", "West Sussex",
                   "Brighton and Hove", "Hampshire", "Southampton", "Portsmouth",
                   "Oxfordshire", "Buckinghamshire", "Milton Keynes", "Reading", "Slough",
                   "Essex", "Southend-on-Sea", "Isle of Wight", "Hertfordshire", "Luton"],
    "sw-england": ["Bristol", "Cornwall", "Devon", "Plymouth", "Torbay", "Somerset",
                   "North Somerset", "Gloucestershire", "Wiltshire", "Swindon", "Dorset",
                   "Bournemouth", "Poole", "Bath and North East Somerset",
                   "South Gloucestershire", "Saint-Étienne Exchange"],
    "nw-england": ["Manchester", "Salford", "Trafford", "Stockport", "Tameside", "Oldham",
                   "Rochdale", "Bury", "Bolton", "Wigan", "Liverpool", "Knowsley", "Sefton",
                   "Wirral", "St Helens", "Cheshire East", "Warrington", "Halton",
                   "Lancashire", "Blackpool", "Blackburn with Darwen", "Cumbria",
                   "Łódź Twinning Partnership"],
    "ne-england": ["Newcastle upon Tyne", "Gateshead", "Sunderland", "North Tyneside",
                   "South Tyneside", "Durham", "Darlington", "Hartlepool", "Middlesbrough",
                   "Stockton-on-Tees", "Redcar and Cleveland", "Northumberland", "Leeds",
                   "Bradford", "Sheffield", "Wakefield", "Kirklees", "Calderdale",
                   "Θεσσαλονίκη Link"],
    "east-midlands": ["Nottingham", "Nottinghamshire", "Derby", "Derbyshire", "Leicester",
                      "Leicestershire", "Rutland", "Lincolnshire", "Northamptonshire",
                      "North Lincolnshire", "North East Lincolnshire", "Bassetlaw",
                      "Mansfield", "Chesterfield", "Lincoln", "Corby", "Kettering",
                      "Boston", "Newark and Sherwood", "Ashfield"],
    "west-midlands": ["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall",
                      "Wolverhampton", "Staffordshire", "Stoke-on-Trent", "Shropshire",
                      "Telford and Wrekin", "Herefordshire", "Worcestershire",
                      "Warwickshire", "Харків Partnership", "Nuneaton", "Redditch",
                      "Tamworth", "Cannock Chase", "Lichfield"],
    "national": ["National Care Leavers Forum", "Voice of Care Leavers Wales",
                 "Scottish Throughcare Network", "Northern Ireland Leaving Care Forum",
                 "First Key Cymru", "Who Cares? Scotland", "National Care Advisory Service"],
}
NATIONS = {"National Care Leavers Forum": "England", "Voice of Care Leavers Wales": "Wales",
           "Scottish Throughcare Network": "Scotland",
           "Northern Ireland Leaving Care Forum": "N. Ireland", "First Key Cymru": "Wales",
           "Who Cares? Scotland": "Scotland", "National Care Advisory Service": "England"}

FIRST = ["Jo", "Karen", "Diana", "Lorraine", "Sam", "Alex", "Priya", "Mohammed", "Grace",
         "Tom", "Helen", "David", "Aisha", "Chris", "Sarah", "Michael", "Fatima", "Paul",
         "Rachel", "Andrew", "Zoë", "José", "Renée", "Łukasz", "Agnieszka", "Νίκος",
         "Ελένη", "Ольга", "Дмитрий", "Siân", "Noël", "Bríd"]
LAST = ["Bird", "Jones", "Cattermole", "Marshall", "Patel", "Khan", "Smith", "Brown",
        "Taylor", "Williams", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes",
        "Begum", "Ahmed", "O'Neill", "Núñez", "Lefèvre", "Wróbel", "Ćwikła",
        "Παπαδόπουλος", "Οικονόμου", "Петрова", "Іваненко", "Müller", "Ó Briain"]

SERVICES = ["Leaving Care Service", "Leaving Care Team", "16+ Team", "Aftercare Service",
            "Throughcare Team", "Care Leavers Service", "Young People's Service",
            "Children's Services", "Pathway Team"]

TOPICS = ["sexual health", "independent living skills", "housing support", "education",
          "training and employment", "mental health", "peer mentoring", "user involvement",
          "contact", "pathway planning", "health assessments", "budgeting",
          "drug and alcohol awareness", "tenancy support", "emotional wellbeing",
          "leisure opportunities", "young parents", "personal advisers",
          "supported lodgings", "apprenticeships", "driving lessons", "higher education"]
TITLE_FORMS = ["{T} for care leavers", "{T} in the leaving care team",
               "A {t} project for young people leaving care", "{T} and {t2}",
               "Improving {t} for care leavers", "{T} workshops for young people",
               "Partnership work on {t}", "{T} through peer education",
               "A dedicated worker for {t}", "{T} group"]

WORDS = ("young people care leavers service team worker workers support advice information "
         "health housing education training employment pathway plan plans planning "
         "personal adviser advisers social workers contact sessions workshops group groups "
         "project projects partnership partners agencies community local authority council "
         "staff managers manager funding budget post posts initiative programme programmes "
         "accommodation tenancy independence skills confidence needs issues outcomes "
         "evaluation feedback consultation involvement participation peer mentors mentoring "
         "trainees placement placements referral referrals review reviews meetings forum "
         "steering monitoring supervision policy procedures guidance standards quality "
         "assessment assessments access opportunities choices experiences relationships "
         "families foster carers residential homes schools colleges employers health "
         "nurse practitioners voluntary sector organisations leisure activities events "
         "newsletter website leaflets resources materials sexual emotional wellbeing "
         "mental drugs alcohol pregnancy parenting budgeting money benefits grants "
         "apprenticeships volunteering qualifications awards certificates achievements "
         "progress regular weekly monthly quarterly annual successful positive improved "
         "increased reduced better stronger clearer shared joint integrated flexible "
         "individual specialist dedicated trained accredited independent internal").split()
VERBS = ("provides offers supports runs develops delivers coordinates monitors reviews "
         "improves promotes encourages enables helps funds manages organises leads "
         "shapes informs involves prepares trains meets visits records agrees").split()
CONNECT = ["and", "with", "for", "through", "within", "alongside", "across", "by", "to"]

HEADINGS = ["Introduction", "Background", "Aims", "Contact", "Standards of contact",
            "Roles and responsibilities", "Referral process", "Monitoring and review",
            "Confidentiality", "Training", "Funding", "Improvements achieved",
            "Young people's involvement", "Accommodation", "Health", "Complaints",
            "Equal opportunities", "Evaluation", "Next steps"]


def xml_escape(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attr:
        s = s.replace('"', "&quot;")
    return s


def slug(s):
    out, dash = [], False
    for ch in s.lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-") or "x"


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def words(self, n):
        r = self.r
        return [r.choice(WORDS) for _ in range(n)]

    def sentence(self, lo=8, hi=20):
        r = self.r
        n = r.randint(lo, hi)
        w = self.words(n)
        # subject verb object ... with a connective or two, like the forms
        w.insert(min(2, len(w)), r.choice(VERBS))
        if n > 10:
            w.insert(r.randint(4, len(w) - 2), r.choice(CONNECT))
        if r.random() < 0.25:
            w.insert(r.randint(3, len(w) - 1), r.choice(["16+", "18-21", "2005", "(LAC)",
                                                        "e.g.", "etc.", "&", "PCT", "NEET"]))
        s = " ".join(w)
        s = s[0].upper() + s[1:]
        if r.random() < 0.2:
            k = s.find(" ", len(s) // 2)
            if k > 0:
                s = s[:k] + "," + s[k:]
        return s + "."

    def text_words(self, lo, hi, paragraphs=True):
        """Sentences until lo..hi words, sometimes in 2-3 paragraphs."""
        r = self.r
        target = r.randint(lo, hi)
        sents, count = [], 0
        while count < target:
            s = self.sentence()
            sents.append(s)
            count += len(s.split())
        if paragraphs and len(sents) > 4 and r.random() < 0.4:
            k = r.randint(2, len(sents) - 2)
            return " ".join(sents[:k]) + "\n\n" + " ".join(sents[k:])
        return " ".join(sents)

    def attachment(self, pages):
        """About 650 words a printed page: headings, numbered clauses, bullets."""
        r = self.r
        target, count, sec = 650 * pages, 0, 0
        parts = []
        if r.random() < 0.5:
            parts.append(self.sentence(6, 10).rstrip(".").upper())
        while count < target:
            sec += 1
            parts.append("## %d.0 %s" % (sec, r.choice(HEADINGS)))
            for clause in range(1, r.randint(2, 5)):
                if r.random() < 0.3:
                    parts.append("### %d.%d %s" % (sec, clause, r.choice(HEADINGS)))
                    body = self.text_words(30, 90, paragraphs=False)
                else:
                    body = "%d.%d %s" % (sec, clause, self.text_words(30, 90, paragraphs=False))
                parts.append(body)
                count += len(body.split())
                if r.random() < 0.45:
                    items = ["- " + self.sentence(4, 14).rstrip(".")
                             for _ in range(r.randint(3, 7))]
                    parts.append("\n".join(items))
                    count += sum(len(i.split()) for i in items)
        return "\n\n".join(parts)

    def person(self):
        return "%s %s" % (self.r.choice(FIRST), self.r.choice(LAST))


def ticks(r, options, lo, hi):
    k = r.randint(lo, hi)
    picked = r.sample(range(len(options)), k)
    return [options[i] for i in sorted(picked)]


def criteria_pool():
    """Criteria per Standard 1..7, as the Standards number them: 1.1 .. 7.n."""
    sizes = {1: 6, 2: 12, 3: 8, 4: 7, 5: 9, 6: 6, 7: 8}
    return [(s, c) for s in range(1, 8) for c in range(1, sizes[s] + 1)]


def make_record(g, idx, authority, region, used_ids):
    r = g.r
    topic = r.choice(TOPICS)
    t2 = r.choice(TOPICS)
    form = r.choice(TITLE_FORMS)
    title = form.format(T=topic[0].upper() + topic[1:], t=topic, t2=t2)
    base = slug(authority)[:40].strip("-") + "-" + slug(topic)[:24].strip("-")
    rid = base
    k = 2
    while rid in used_ids:
        rid = "%s-%d" % (base, k)
        k += 1
    used_ids.add(rid)

    pool = criteria_pool()
    nc = r.choices([0, 1, 2], weights=[1, 6, 3])[0]
    crits = sorted(r.sample(pool, nc))
    # every ECM outcome appears across the corpus; one record in twelve has no tick,
    # like the four exports that lost them
    outs = [] if r.random() < 1 / 12 else ticks(r, OUTCOMES, 1, 3)
    tg = ticks(r, TARGETS, 2, 6)
    others = r.random() < 0.05
    svc = r.choice(SERVICES)
    agency = "%s %s" % (authority, svc) if r.random() < 0.8 else "%s %s, %s" % (
        authority, svc, r.choice(["London", "England", "the UK"]) if region == "london" else region)

    nsent = r.randint(1, 3)
    purpose = " ".join(g.sentence(10, 24) for _ in range(nsent))
    description = g.text_words(60, 250)
    structures = g.text_words(20, 100) if r.random() < 0.95 else None
    tools = g.sentence(3, 14) if r.random() < 0.7 else None

    if authority in NATIONS or region == "national":
        atypes = ["voluntary"] if r.random() < 0.6 else ["multi-agency"]
    else:
        atypes = [r.choice(AGENCY_TYPES_LA)]
        if r.random() < 0.3:
            atypes.append(r.choice(AGENCY_TYPES_OTHER + ["multi-agency"]))
    atypes = sorted(set(atypes), key=lambda a: (AGENCY_TYPES_LA + ["voluntary", "multi-agency"]
                                                + AGENCY_TYPES_OTHER).index(a))

    L = []
    a = L.append
    a('<?xml version="1.0" encoding="UTF-8"?>')
    a("<!-- Synthetic record %d, generated by tests/bench/gen.py. -->" % idx)
    a('<record xmlns="urn:x-gpdigest:record" version="1" id="%s">' % rid)
    a("  <title>%s</title>" % xml_escape(title))
    a("  <authority>%s</authority>" % xml_escape(authority))
    a("  <received>20%02d-%02d-%02d</received>" % (r.randint(5, 26), r.randint(1, 12),
                                                   r.randint(1, 28)))
    if crits:
        a("  <criteria>")
        for s, c in crits:
            a("    <criterion>%d.%d</criterion>" % (s, c))
        a("  </criteria>")
    else:
        a("  <criteria/>")
    if outs:
        a("  <outcomes>")
        for o in outs:
            a('    <tick option="%s"/>' % o)
        a("  </outcomes>")
    else:
        a("  <outcomes/>")
    a("  <agency>%s</agency>" % xml_escape(agency))
    a("  <target-groups>")
    for t in tg:
        a('    <tick option="%s"/>' % t)
    if others:
        a('    <tick option="others"/>')
        a('    <specify option="others">%s</specify>' % xml_escape(
            r.choice(["Care leavers' families", "Housing officers", "Magistrates",
                      "Personal advisers in training"])))
    a("  </target-groups>")
    a("  <purpose>%s</purpose>" % xml_escape(purpose))
    a("  <description>%s</description>" % xml_escape(description))
    if structures:
        a("  <structures>%s</structures>" % xml_escape(structures))
    a("  <agency-types>")
    for t in atypes:
        a('    <tick option="%s"/>' % t)
    if "multi-agency" in atypes:
        a('    <specify option="multi-agency">%s</specify>' % xml_escape(
            "%s, the PCT and %s" % (authority, r.choice(["Connexions", "the YOT",
                                                           "the local college"]))))
    a("  </agency-types>")
    a("  <regions>")
    a('    <tick option="%s"/>' % region)
    if region == "national":
        a('    <specify option="national">%s</specify>' % NATIONS.get(authority, "England"))
    a("  </regions>")
    if tools:
        a("  <tools>%s</tools>" % xml_escape(tools))
    a("  <evidence>")
    for name, opts, lo, hi in (("evidence-basis", EVIDENCE_BASIS, 1, 2),
                               ("impact-source", IMPACT_SOURCES, 1, 2),
                               ("impact-findings", FINDINGS, 1, 1),
                               ("process-findings", FINDINGS, 1, 1)):
        a("    <%s>" % name)
        for o in ticks(r, opts, lo, hi):
            a('      <tick option="%s"/>' % o)
        a("    </%s>" % name)
    if r.random() < 0.2:
        a("    <notes>%s</notes>" % xml_escape(" ".join(g.sentence(6, 14)
                                                    for _ in range(r.randint(1, 3)))))
    a("  </evidence>")
    a("  <report-available>")
    a('    <tick option="%s"/>' % ("yes" if r.random() < 0.3 else "no"))
    a("  </report-available>")
    name = g.person()
    a("  <contact>")
    a("    <name>%s</name>" % xml_escape(name))
    if r.random() < 0.6:
        a("    <address>%s</address>" % xml_escape("%s, %d %s Road, %s, %s%d %d%s" % (
            svc, r.randint(1, 200), r.choice(["Acorn", "Station", "High", "Church", "Mill"]),
            authority, r.choice("BEMNLS"), r.randint(1, 20), r.randint(1, 9),
            r.choice(["PL", "SA", "AB", "QT"]))))
    a("    <tel>0%d %d %04d</tel>" % (r.randint(1000, 2099), r.randint(100, 999),
                                      r.randint(0, 9999)))
    a("    <email>%s@%s.gov.uk</email>" % (xml_escape(slug(name).replace("-", ".")),
                                          slug(authority)[:20].strip("-")))
    if r.random() < 0.3:
        a("    <fax>0%d %d %04d</fax>" % (r.randint(1000, 2099), r.randint(100, 999),
                                          r.randint(0, 9999)))
    a("  </contact>")
    if r.random() < 0.1:
        pages = r.randint(1, 3)
        atitle = "%s %s" % (authority, r.choice(["Contact Policy", "User Involvement Project",
                                                  "Protocol", "Practice Guidance",
                                                  "Service Description"]))
        a("  <attachments>")
        a('    <attachment title="%s">%s</attachment>' % (xml_escape(atitle, True),
                                                          xml_escape(g.attachment(pages))))
        a("  </attachments>")
    a("</record>")
    return rid, "\n".join(L) + "\n", crits


PUB_COMPENDIUM_ONLY = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by tests/bench/gen.py: the compendium alone. -->
<publication xmlns="urn:x-gpdigest:publication" version="1">
  <title>What Makes The Difference?</title>
  <publisher>National Leaving Care Advisory Service</publisher>
  <subject>Good practice examples of work with young people leaving care, by National Leaving Care Standards criterion and Every Child Matters outcome</subject>
  <keywords>leaving care; care leavers; good practice; National Leaving Care Standards; Every Child Matters</keywords>
  <edition name="compendium" kind="compendium" title="Good practice compendium" output="compendium"/>
</publication>
"""


def write_catalogue(path, used):
    by_std = {}
    for s, c in sorted(used):
        by_std.setdefault(s, []).append(c)
    L = ['<?xml version="1.0" encoding="UTF-8"?>',
         "<!-- Generated by tests/bench/gen.py: every criterion the corpus cites. -->",
         '<standards xmlns="urn:x-gpdigest:standards">']
    for s in sorted(by_std):
        L.append('  <standard number="%d">' % s)
        for c in by_std[s]:
            L.append('    <criterion number="%d.%d"/>' % (s, c))
        L.append("  </standard>")
    L.append("</standards>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--templates", default=os.path.join(REPO, "templates"),
                    help="templates folder to copy (default: the repository's)")
    args = ap.parse_args()
    if args.records < 1:
        ap.error("--records must be at least 1")

    g = Gen(args.seed)
    rec_dir = os.path.join(args.out, "records")
    if os.path.isdir(rec_dir):
        shutil.rmtree(rec_dir)
    os.makedirs(rec_dir)

    # Authorities weighted unevenly (a few prolific, most with dozens), regions from them.
    pairs = [(a, reg) for reg in sorted(AUTHORITIES) for a in AUTHORITIES[reg]]
    weights = [g.r.uniform(0.3, 2.0) for _ in pairs]
    used_ids, used_crits = set(), set()
    for i in range(args.records):
        # the first records cover every authority, so each has a handout
        if i < len(pairs):
            authority, region = pairs[i]
        else:
            authority, region = g.r.choices(pairs, weights=weights)[0]
        rid, xml, crits = make_record(g, i + 1, authority, region, used_ids)
        used_crits.update(crits)
        with open(os.path.join(rec_dir, rid + ".xml"), "w", encoding="utf-8") as f:
            f.write(xml)

    for name, pub in (("templates", None), ("templates-compendium", PUB_COMPENDIUM_ONLY)):
        tdir = os.path.join(args.out, name)
        if os.path.isdir(tdir):
            shutil.rmtree(tdir)
        shutil.copytree(args.templates, tdir)
        write_catalogue(os.path.join(tdir, "standards.xml"), used_crits)
        if pub is not None:
            with open(os.path.join(tdir, "publication.xml"), "w", encoding="utf-8") as f:
                f.write(pub)
    print("gen.py: %d records, %d authorities, %d criteria in %s" % (
        args.records, min(args.records, len(pairs)), len(used_crits), args.out),
        file=sys.stderr)


if __name__ == "__main__":
    main()
