#!/usr/bin/env python3
"""mdpatterns.py: the known super-linear CommonMark and renderer patterns,
each as a record's free text or as a template, for the Markdown sweep
(tests/security/md-sweep.sh) and the cases that keep its findings fixed.

    mdpatterns.py --list
    mdpatterns.py --pattern NAME --size BYTES --where record|template [--attachments K] --out DIR

writes DIR/records/ (the seed record, its description replaced by the
pattern when --where record, or its K attachments each the pattern with
--attachments K) and DIR/templates/ (the shipped templates, the
introduction replaced by the pattern when --where template; only the
compendium edition declared, so one build renders one edition). BYTES is
the pattern text's size, at most the schema's 1 MiB a field
(GPD_MAX_TEXT_CHARS). Python standard library only; the same arguments
give the same bytes.
"""

import argparse
import os
import re
import shutil
import sys

SEED = "records/tower-hamlets-user-involvement.xml"


def rep(unit, size):
    """unit repeated to size characters (cut at a whole unit)."""
    return unit * max(1, size // len(unit))


def increasing(fmt, size):
    """fmt % i for i = 1, 2, ... until size characters."""
    parts, n, i = [], 0, 1
    while True:
        u = fmt(i)
        if n + len(u) > size:
            break
        parts.append(u)
        n += len(u)
        i += 1
    return "".join(parts)


def refs(size):
    half = size // 2
    defs = increasing(lambda i: "[r%d]: /u%d\n" % (i, i), half)
    count = defs.count("\n")
    uses = "".join("[r%d] " % ((i * 7919) % count + 1) for i in range(1, count + 1))
    return defs + "\n" + uses[: size - len(defs) - 1]


def placeholders(size):
    # a paragraph of placeholders, a line each few (a template's lines)
    return rep("{{title}} {{date}} {{records}}\n", size)


def if_nest(size):
    # conditional lines nested to the limit, again and again
    names = ["compendium", "part-2", "coverage", "index-by-region"]
    block = "".join("{{if %s}}\n" % names[i % 4] for i in range(16)) + \
        "Kept text at depth sixteen.\n" + "{{end}}\n" * 16
    return rep(block, size)


PATTERNS = {
    # block structure
    "quotes": lambda n: rep("> ", n - 4) + "deep",
    "quote-lines": lambda n: increasing(lambda i: "> " * min(i, 2000) + "q\n", n),
    "lists": lambda n: rep("- ", n - 4) + "deep",
    "list-lines": lambda n: increasing(lambda i: "  " * min(i, 600) + "- item\n", n),
    "ordered": lambda n: rep("1. ", n - 4) + "deep",
    # inlines: brackets and links
    "brackets": lambda n: rep("[", n),
    "closers": lambda n: rep("]", n),
    "bracket-pairs": lambda n: rep("[a](", n),
    "link-emph": lambda n: rep("[ a_", n),
    "paren-link": lambda n: rep("[ (](", n),
    "nested-brackets": lambda n: "[" * (n // 2) + "a" + "]" * (n // 2),
    "images": lambda n: rep("![[]()", n),
    "refs": refs,
    "ref-like": lambda n: rep("[[]]: x\n", n),
    # emphasis
    "emph-runs": lambda n: increasing(lambda i: "*a " + "*" * (i % 7) + "a ", n),
    "emph-abc": lambda n: rep("*a **a ***a ", n),
    "emph-open": lambda n: rep("*a ", n),
    "emph-close": lambda n: rep("a* ", n),
    "emph-nested": lambda n: "*a " * (n // 6) + "b" + " a*" * (n // 6),
    "under-star": lambda n: rep("_*", n),
    "star-under-words": lambda n: rep("*a_ _b* ", n),
    "mult3": lambda n: rep("a**b*c*", n),
    # code, autolinks, HTML
    "backticks": lambda n: increasing(lambda i: "`" * i + "a", n),
    "backtick-pairs": lambda n: increasing(lambda i: "`" * i + "a" + "`" * (i + 1), n),
    "autolinks": lambda n: rep("<http://a.b/c> ", n),
    "lt-open": lambda n: rep("<a", n),
    "raw-html": lambda n: rep('<b onclick="x()">x</b><script>alert(1)</script> ', n),
    "html-block": lambda n: rep('<div onclick="x()">\n<script>alert(1)</script>\n</div>\n\n', n),
    "comment-open": lambda n: rep("a <!-- ", n),
    "pi-open": lambda n: rep("a <? ", n),
    "cdata-open": lambda n: rep("a <![CDATA[ ", n),
    "decl-open": lambda n: rep("a <!A ", n),
    # lines
    "table-lines": lambda n: rep("| a | b | c |\n", n),
    "one-line": lambda n: rep("a", n),
    "hard-breaks": lambda n: rep("a  \n", n),
    "backslash-breaks": lambda n: rep("a\\\n", n),
    "entities": lambda n: rep("&#x110000; &#xD800; &#0; &#99999999; &#xFFFE; ", n),
    "controls": lambda n: rep("a\x01b\x1bc\x7fd\u009be\u202ef ", n),
    "dots": lambda n: rep(".", n),
    "dashes": lambda n: rep("a--", n),
    "quotes-smart": lambda n: rep("'a\" ", n),
    "amp-entities": lambda n: rep("&amp;", n),
    "line-per-char": lambda n: rep("a\n", n),
    # templates only
    "braces": lambda n: "{{" * (n // 4) + "}}" * (n // 4),
    "placeholders": placeholders,
    "if-nest": if_nest,
}

TEMPLATE_ONLY = {"braces", "placeholders", "if-nest"}


def xml_text(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--pattern")
    ap.add_argument("--size", type=int, default=1 << 20)
    ap.add_argument("--where", choices=["record", "template"], default="record")
    ap.add_argument("--attachments", type=int, default=0,
                    help="with --where record: the pattern in this many attachments instead")
    ap.add_argument("--out")
    ap.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    a = ap.parse_args()
    if a.list:
        for k in PATTERNS:
            print(k, "template" if k in TEMPLATE_ONLY else "both")
        return
    text = PATTERNS[a.pattern](a.size)
    os.makedirs(os.path.join(a.out, "records"), exist_ok=True)
    tdir = os.path.join(a.out, "templates")
    if os.path.exists(tdir):
        shutil.rmtree(tdir)
    shutil.copytree(os.path.join(a.source, "templates"), tdir)
    pub = os.path.join(tdir, "publication.xml")
    with open(pub, encoding="utf-8") as f:
        p = f.read()
    p = re.sub(r'\s*<edition name="digests".*?/>', "", p, flags=re.S)
    p = re.sub(r'\s*<edition name="handouts".*?/>', "", p, flags=re.S)
    with open(pub, "w", encoding="utf-8") as f:
        f.write(p)
    with open(os.path.join(a.source, SEED), encoding="utf-8") as f:
        rec = f.read()
    if a.where == "record" and a.attachments:
        att = "".join('<attachment title="Part %d">%s</attachment>\n' % (i + 1, xml_text(text))
                      for i in range(a.attachments))
        rec = re.sub(r"<attachments>.*?</attachments>",
                     lambda m: "<attachments>" + att + "</attachments>", rec, flags=re.S)
    elif a.where == "record":
        rec = re.sub(r"<description>.*?</description>",
                     lambda m: "<description>" + xml_text(text) + "</description>", rec, flags=re.S)
    else:
        with open(os.path.join(tdir, "introduction.md"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    with open(os.path.join(a.out, "records", os.path.basename(SEED)), "w", encoding="utf-8",
              newline="") as f:
        f.write(rec)


if __name__ == "__main__":
    sys.exit(main())
