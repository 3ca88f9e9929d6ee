#!/usr/bin/env python3
"""report.py RESULTS PAGES SIZES MACHINE: the table, ratios and targets for tests/bench/run.

RESULTS: N name rep wall_s rss_kb status (one line per run); PAGES: N name pages;
beside RESULTS, inputs.tsv: N input_bytes for the memory runs (issue 15).
Prints Markdown; exits 0 when every target of issues 9 and 15 passes, else 1.
"""
import os
import statistics
import sys

results, pagefile, sizes, machine = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
runs = {}
for line in open(results):
    f = line.rstrip("\n").split("\t")
    n, name, rep, wall, rss, st = f[:6]
    cpu = float(f[6]) if len(f) > 6 else 0.0
    load = float(f[7]) if len(f) > 7 else 0.0
    runs.setdefault((int(n), name), []).append((float(wall), int(rss), cpu, load))
# The budget a --before run is judged by: the issue whose change it measures.
BEFORE_BUDGETS = {
    "17": ("tagged PDF, issue 17", 1.15, 1.20),
    "20": ("shaping, issue 20", 1.30, None),
}
before_for = os.environ.get("BENCH_BEFORE_FOR", "17")
if before_for not in BEFORE_BUDGETS:
    sys.exit("report.py: --before-for takes %s" % " or ".join(sorted(BEFORE_BUDGETS)))
# The targets, one home: issue 24's (round two), and those of issues 9 and
# 18 it did not replace. Times at the largest N; MB = 10^6 bytes.
TARGETS = {
    "compendium_s": 4,        # compendium (md+pdf)
    "all_s": 12,              # every edition, every default format, --jobs 2
    "validate_x": 1.2,        # validate / xmllint, wall and CPU
    "changed_share": 0.10,    # one changed record / a full build, every variant
    "rss_mb": 800,            # peak RSS of every-edition builds
    "growth_x": 11,           # largest N over smallest, every row
    "noop_s": 1,              # issue 9
    "html_s": 3,              # issue 18
    "peer_pages_x": 30,       # issue 9: pages/s against pandoc + weasyprint
}
T = TARGETS
pdf_bytes = {}
bytes_file = os.path.join(os.path.dirname(results), "bytes.tsv")
if os.path.exists(bytes_file):
    for line in open(bytes_file):
        n, name, b = line.rstrip("\n").split("\t")
        pdf_bytes[(int(n), name)] = int(b)
pages = {}
for line in open(pagefile):
    n, name, p = line.rstrip("\n").split("\t")
    pages[(int(n), name)] = int(p)

ORDER = ["validate", "xmllint", "compendium", "compendium-before", "all-editions", "all-editions-before", "no-op",
         "one-changed", "one-changed-before", "one-changed-pages", "one-changed-pages-before", "html",
         "pandoc+weasy", "mem-validate", "mem-build"]
WHAT = {
    "validate": "gpdigest validate",
    "xmllint": "xmllint --noout --schema (floor)",
    "compendium": "build: compendium alone (md+pdf)",
    "compendium-before": "build: compendium alone, the program before (--before)",
    "all-editions": "build: every edition (md, pdf, html), --jobs 2",
    "no-op": "build: no-op rebuild",
    "one-changed": "build: one record changed",
    "one-changed-pages": "build: one record changed, the compendium gains a page",
    "all-editions-before": "build: every edition, the program before (--before)",
    "one-changed-before": "build: one record changed, the program before (--before)",
    "one-changed-pages-before": "build: one record changed, a page more, the program before (--before)",
    "html": "build: every edition's HTML, --jobs 2 (pages, not PDF pages)",
    "pandoc+weasy": "pandoc + weasyprint (compendium.md to PDF)",
    "mem-validate": "gpdigest validate (memory)",
    "mem-build": "build: every edition, --jobs 2 (memory)",
}
inputs = {}
inputs_file = os.path.join(os.path.dirname(results), "inputs.tsv")
if os.path.exists(inputs_file):
    for line in open(inputs_file):
        n, b = line.split()
        inputs[int(n)] = int(b)
sizes = sizes + [str(n) for n in sorted(inputs) if str(n) not in sizes]
mem_sizes = sorted(inputs)


def med(key, i):
    return statistics.median(r[i] for r in runs[key])


def wall(n, name):
    return med((n, name), 0) if (n, name) in runs else None


def rss(n, name):
    return med((n, name), 1) if (n, name) in runs else None


def fmt_rate(v):
    return "—" if v is None else ("%.0f" % v if v >= 100 else "%.1f" % v)


loads = [r[3] for v in runs.values() for r in v]
print("Machine: %s; median of %d runs each (wall s, cpu s = user + sys, peak RSS"
      " each the median on its own). Other programs kept %.1f to %.1f of the 2 cores busy"
      " just before the runs (a shared machine: wall times under load are longer than the"
      " cpu times suggest).\n" % (
          machine, max(len(v) for v in runs.values()), min(loads), max(loads)))
print("| N | step | wall s | cpu s | peak RSS MiB | records/s | pages | pages/s |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
for n in map(int, sizes):
    for name in ORDER:
        if (n, name) not in runs:
            continue
        w, m = wall(n, name), rss(n, name)
        recs = n / w if name not in ("pandoc+weasy",) and w > 0 else None
        p = pages.get((n, name)) if name in ("compendium", "compendium-before", "all-editions",
                                             "html", "pandoc+weasy") else None
        print("| %d | %s | %.2f | %.2f | %.0f | %s | %s | %s |" % (
            n, WHAT[name], w, med((n, name), 2), m / 1024, fmt_rate(recs), p if p is not None else "—",
            fmt_rate(p / w if p and w > 0 else None)))

checks = []  # (label, value text, ok)


def check(label, ok, text):
    if ok is None:
        checks.append((label, text, None))
    else:
        checks.append((label, text, bool(ok)))


# Issue 15: peak RSS <= 20 x the input + 150 MB (MB = 10^6 bytes).
MB = 1000 * 1000
if mem_sizes:
    print("\n## Memory (issue 15): peak RSS <= 20 x the record bytes + 150 MB (MB = 10^6 bytes)\n")
    print("| records | input MB | step | peak RSS MB | bound MB | result |")
    print("|---:|---:|---|---:|---:|---|")
for n in mem_sizes:
    for name in ("mem-validate", "mem-build"):
        if (n, name) not in runs:
            continue
        peak = rss(n, name) * 1024  # bytes
        bound = 20 * inputs[n] + 150 * MB
        ok = peak <= bound
        print("| %d | %.1f | %s | %.0f | %.0f | %s |" % (
            n, inputs[n] / MB, WHAT[name], peak / MB, bound / MB, "PASS" if ok else "FAIL"))
        check("%s, %d records: peak RSS <= 20 x input + 150 MB" % (WHAT[name], n), ok,
              "%.0f MB of %.0f MB" % (peak / MB, bound / MB))
issue9 = [k for k in map(int, sizes) if k not in inputs]
if issue9:
    big, small = max(issue9), min(issue9)
    sizes = [str(k) for k in issue9]
    print("\n## Comparisons (N = %d unless stated)\n" % big)
    n = big
    w = wall(n, "compendium")
    check("compendium (md+pdf) <= %g s" % T["compendium_s"], None if w is None else w <= T["compendium_s"],
          "%.2f s" % w if w else "not measured")
    b = wall(n, "compendium-before")
    if w and b:
        cw, cb = med((n, "compendium"), 2), med((n, "compendium-before"), 2)
        rw, rb = rss(n, "compendium"), rss(n, "compendium-before")
        print("- compendium / the program before: wall **%.2f x** (%.2f s / %.2f s), cpu %.2f x"
              " (%.2f s / %.2f s), peak RSS **%.2f x** (%.0f MB / %.0f MB)" % (
                  w / b, w, b, cw / cb, cw, cb, rw / rb, rw / 1024, rb / 1024))
        what, tmax, mmax = BEFORE_BUDGETS[before_for]
        check("compendium within %.0f %% of the time before (%s)" % (100 * (tmax - 1), what), w / b <= tmax,
              "%.2f x wall (cpu %.2f x)" % (w / b, cw / cb))
        if mmax:
            check("compendium within %.0f %% of the memory before (%s)" % (100 * (mmax - 1), what),
                  rw / rb <= mmax, "%.2f x" % (rw / rb))
    w = wall(n, "all-editions")
    check("every edition (md, pdf, html), --jobs 2 <= %g s" % T["all_s"],
          None if w is None else w <= T["all_s"],
          "%.2f s" % w if w else "not measured")
    v, x = wall(n, "validate"), wall(n, "xmllint")
    if v and x:
        print("- validate / xmllint: **%.2f x** (%.2f s / %.2f s)" % (v / x, v, x))
        vc, xc = med((n, "validate"), 2), med((n, "xmllint"), 2)
        print("- validate / xmllint, cpu: **%.2f x** (%.2f s / %.2f s)" % (vc / xc, vc, xc))
        check("validate <= %g x xmllint, wall" % T["validate_x"], v / x <= T["validate_x"], "%.2f x" % (v / x))
        check("validate <= %g x xmllint, cpu" % T["validate_x"], vc / xc <= T["validate_x"],
              "%.2f x" % (vc / xc))
    w = wall(n, "no-op")
    check("no-op rebuild <= %g s" % T["noop_s"], None if w is None else w <= T["noop_s"],
          "%.2f s" % w if w else "not measured")
    w = wall(n, "html")
    check("every edition's HTML, --jobs 2 <= %g s (issue 18)" % T["html_s"],
          None if w is None else w <= T["html_s"],
          "%.2f s" % w if w else "not measured")
    for sfx, who in (("", ""), ("-before", " (the program before)")):
        a = wall(n, "all-editions" + sfx)
        for name in ("one-changed", "one-changed-pages"):
            c = wall(n, name + sfx)
            if c and a:
                cc, ca = med((n, name + sfx), 2), med((n, "all-editions" + sfx), 2)
                print("- %s / full build%s: **%.0f %%** (%.2f s / %.2f s), cpu %.0f %% (%.2f s / %.2f s)" % (
                    name, who, 100 * c / a, c, a, 100 * cc / ca, cc, ca))
                if not sfx:
                    check("%s <= %.0f %% of a full build" % (name, 100 * T["changed_share"]),
                          c / a <= T["changed_share"], "%.0f %%" % (100 * c / a))
    for name in ("all-editions", "one-changed", "one-changed-pages"):
        w, b = wall(n, name), wall(n, name + "-before")
        if w and b:
            print("- %s / the program before: wall **%.2f x** (%.2f s / %.2f s), cpu %.2f x" % (
                name, w / b, w, b, med((n, name), 2) / med((n, name + "-before"), 2)))
    worst = max((rss(n, k) or 0) for k in ("all-editions", "no-op", "one-changed", "one-changed-pages"))
    check("peak RSS of every-edition builds <= %d MB" % T["rss_mb"],
          worst * 1024 <= T["rss_mb"] * MB if worst else None,
          "%.0f MB" % (worst * 1024 / MB) if worst else "not measured")
    peer_n = [k for k in map(int, sizes) if (k, "pandoc+weasy") in runs]
    for pn in peer_n:
        gp = pages[(pn, "compendium")] / wall(pn, "compendium")
        wp = pages[(pn, "pandoc+weasy")] / wall(pn, "pandoc+weasy")
        print("- per page, N = %d: gpdigest %.0f pages/s (%d pages in %.2f s) vs pandoc + weasyprint"
              " %.1f pages/s (%d pages in %.1f s): **%.0f x**" % (
                  pn, gp, pages[(pn, "compendium")], wall(pn, "compendium"), wp,
                  pages[(pn, "pandoc+weasy")], wall(pn, "pandoc+weasy"), gp / wp))
        check("gpdigest >= %d x faster per page than pandoc + weasyprint (N = %d)" % (T["peer_pages_x"], pn),
              gp / wp >= T["peer_pages_x"], "%.0f x" % (gp / wp))
    if not peer_n:
        check("gpdigest >= %d x faster per page than pandoc + weasyprint" % T["peer_pages_x"], None,
              "not measured")
    # Issues 20 and 24: the compendium PDF no heavier per page than the peer's.
    for pn in peer_n:
        if (pn, "compendium") not in pdf_bytes or (pn, "pandoc+weasy") not in pdf_bytes:
            continue
        gb = pdf_bytes[(pn, "compendium")] / pages[(pn, "compendium")]
        wb = pdf_bytes[(pn, "pandoc+weasy")] / pages[(pn, "pandoc+weasy")]
        print("- bytes per page, N = %d: gpdigest %.0f (%d bytes, %d pages) vs pandoc + weasyprint %.0f"
              " (%d bytes, %d pages): **%.2f x**" % (
                  pn, gb, pdf_bytes[(pn, "compendium")], pages[(pn, "compendium")], wb,
                  pdf_bytes[(pn, "pandoc+weasy")], pages[(pn, "pandoc+weasy")], gb / wb))
        check("compendium bytes per page <= pandoc + weasyprint's (N = %d; issues 20, 24)" % pn,
              gb <= wb, "%.0f vs %.0f" % (gb, wb))
    if small != big:
        print("- growth, N = %d over N = %d (linear would be %.0f x; the target is <= %g x):" % (
            big, small, big / small, T["growth_x"]))
        worst_ratio, worst_what = 0.0, ""
        for name in ORDER:
            if name in ("xmllint", "pandoc+weasy") or (small, name) not in runs or (big, name) not in runs:
                continue
            rw = wall(big, name) / wall(small, name)
            rm = rss(big, name) / rss(small, name)
            print("  - %s: wall %.1f x, peak RSS %.1f x" % (name, rw, rm))
            for r, what in ((rw, name + " wall"), (rm, name + " RSS")):
                if r > worst_ratio:
                    worst_ratio, worst_what = r, what
        check("N = %d figures within %g x the N = %d figures" % (big, T["growth_x"], small),
              worst_ratio <= T["growth_x"],
              "worst %.1f x (%s)" % (worst_ratio, worst_what))

print("\n## Targets\n")
print("| target | measured | result |")
print("|---|---:|---|")
failed = 0
for label, text, ok in checks:
    res = "PASS" if ok else ("FAIL" if ok is False else "not measured")
    failed += ok is False
    print("| %s | %s | %s |" % (label, text, res))
print("\n%d of %d targets pass" % (sum(1 for c in checks if c[2]), len(checks)))
sys.exit(1 if failed else 0)
