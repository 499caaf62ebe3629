#!/usr/bin/env python3
"""bench.py: `make bench`.  Generates the inputs (gen.py), validates them with
`autodiag check`, times autodiag and its peers (Hugo; pandoc + weasyprint)
on the same content, and prints one table, also written to bench/results.txt.

Each command runs under `/usr/bin/time -f '%e %M %U %S'` (peak RSS, CPU
time) and `timeout 600`; the wall time shown is measured around it with a
monotonic clock (milliseconds; %e only has 10 ms steps).  Short commands:
best of 3 (the CPU time and memory shown are those of the fastest run); a
command that took more than SLOW seconds runs once.

Environment: BENCH_QUICK=1 skips the 2,500-fiche PDF peers (about 10 min);
BENCH_ONLY=site,pdf,reports runs only those parts; BENCH_HUGE=N adds a
reports tier of N answers files (e.g. 36000, once: about 15 min).
"""

import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
WORK = os.path.join(BENCH, "work")
# a private copy: `make` elsewhere rewrites ./autodiag in place (SIGBUS)
AUTODIAG = os.path.join(WORK, "bin", "autodiag")
CAP = 600  # seconds, per peer run
HUGE_CAP = 7200  # seconds, for the BENCH_HUGE tier
TMPFS = "/dev/shm"  # the in-memory file system of the I/O floor and tmpfs runs
TMPFS_TIERS = (1000, 10000)  # tiers also built on tmpfs (36,000: ~10 GB, not)
MEMCAP = 8 << 20  # KB of address space for weasyprint (a shared machine)
SLOW = 20  # seconds: above this, one run is enough
REPS = 3
QUICK_REPS = 5  # runs under a second are noisier: best of 5
QUICK = os.environ.get("BENCH_QUICK") == "1"
ONLY = os.environ.get("BENCH_ONLY", "site,pdf,reports").split(",")
HUGE = int(os.environ.get("BENCH_HUGE", "0") or 0)
TIERS = [1, 100, 1000, 10000] + ([HUGE] if HUGE > 10000 else [])
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-pdf-header-footer"]

ENV = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", LC_ALL="C.UTF-8")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    """Runs a setup command; stops the bench when it fails."""
    r = subprocess.run(cmd, env=ENV, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        log("bench: failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
        sys.exit(1)
    return r


def measure(name, cmd, clean=None, reps=REPS, cap=None):
    """(best wall time in s, peak RSS in KB, CPU s) of cmd; the time is None
    when a run exceeded CAP, False when it failed.  clean: a directory
    removed before each run (outside the timing)."""
    tfile = os.path.join(WORK, "time.txt")
    logf = os.path.join(WORK, "logs", name + ".log")
    best, rss, cpu = None, 0, 0.0
    i = 0
    while i < reps:
        i += 1
        if clean:
            shutil.rmtree(clean, ignore_errors=True)
        full = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", tfile,
                "timeout", str(cap or CAP)] + cmd
        t0 = time.monotonic()
        with open(logf, "a") as out:
            rc = subprocess.run(full, env=ENV, stdout=out, stderr=out).returncode
        wall = time.monotonic() - t0
        with open(tfile) as f:
            last = f.read().strip().split("\n")[-1].split()
        ok = len(last) == 4 and last[1].isdigit()
        if rc == 124:
            log("  %s: > %d s" % (name, cap or CAP))
            return None, int(last[1]) if ok else 0, 0.0
        if rc != 0 or not ok:
            log("  %s: exit status %d after %.0f s (see %s)" % (name, rc, wall, logf))
            return False, int(last[1]) if ok else 0, 0.0
        log("  %s run %d: %.3f s, %.0f MB, CPU %.2f s" % (
            name, i, wall, int(last[1]) / 1024, float(last[2]) + float(last[3])))
        if best is None or wall < best:
            best, rss, cpu = wall, int(last[1]), float(last[2]) + float(last[3])
        if wall > SLOW:
            break
        if wall < 1 and reps == REPS:
            reps = QUICK_REPS
    return best, rss, cpu


# ---- inputs ----

def gen(*args):
    sh([sys.executable, os.path.join(BENCH, "gen.py")] + list(args))


def check(content, answers):
    r = sh([AUTODIAG, "check", "--content", content, "--answers", answers])
    log("  check: " + (r.stdout.strip() or r.stderr.strip().split("\n")[-1]))


def prepare():
    """Content sets {name: dir}, answers sets {M: dir}, and the empty dir."""
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(os.path.join(WORK, "logs"))
    os.makedirs(os.path.dirname(AUTODIAG))
    shutil.copy2(os.path.join(ROOT, "autodiag"), AUTODIAG)
    empty = os.path.join(WORK, "empty")
    os.makedirs(empty)
    contents = {"livré (28)": os.path.join(ROOT, "content")}
    for n in (25, 250, 2500):
        d = os.path.join(WORK, "g%d" % n)
        log("generating %d fiches" % n)
        gen("content", d, "--fiches", str(n))
        contents["%d" % n] = d
    answers = {}
    for m in TIERS:
        d = os.path.join(WORK, "a%d" % m)
        log("generating %d answers files" % m)
        gen("answers", d, "--content", contents["25"], "--files", str(m))
        answers[m] = d
    for name, d in contents.items():
        check(d, empty)
        hugo = os.path.join(WORK, "hugo-" + key(name))
        shutil.copytree(os.path.join(BENCH, "hugo"), hugo)
        os.makedirs(os.path.join(hugo, "static"))
        shutil.copy(os.path.join(ROOT, "themes", "default", "assets", "style.css"),
                    os.path.join(hugo, "static"))
        gen("hugo", d, hugo)
        md = os.path.join(WORK, "guide-%s.md" % key(name))
        gen("pandoc", d, md)
        # the same HTML as pandoc + weasyprint, for Chromium (not timed)
        sh(["pandoc", "-f", "commonmark", "-t", "html5", "-s", "--toc", "--toc-depth=2",
            "-c", os.path.join(BENCH, "pandoc", "guide.css"), "--metadata", "title=Guide",
            "--metadata", "lang=fr", "-o", os.path.join(WORK, "guide-%s.html" % key(name)), md])
    for m, d in answers.items():
        check(contents["25"], d)
    return contents, answers, empty


def key(name):
    return name.split()[0].replace("é", "e")


# ---- cases ----

def site_case(name, content, empty):
    k = key(name)
    out = os.path.join(WORK, "out", "site-" + k)
    ad = measure("autodiag-site-" + k, [AUTODIAG, "build", "-q", "--only", "site",
                                       "--content", content, "--answers", empty,
                                       "--out", out])
    hout = os.path.join(WORK, "out", "hugo-" + k)
    peer = measure("hugo-" + k, ["hugo", "--source", os.path.join(WORK, "hugo-" + k),
                                 "--destination", hout, "--quiet"], clean=hout)
    return ad, peer, None


def pdf_case(name, content, empty, run_peer=True):
    k = key(name)
    out = os.path.join(WORK, "out", "pdf-" + k)
    ad = measure("autodiag-pdf-" + k, [AUTODIAG, "build", "-q", "--only", "pdf",
                                      "--content", content, "--answers", empty,
                                      "--out", out])
    md = os.path.join(WORK, "guide-%s.md" % k)
    html = os.path.join(WORK, "out", "pandoc-%s.html" % k)
    pdf = os.path.join(WORK, "out", "pandoc-%s.pdf" % k)
    css = os.path.join(BENCH, "pandoc", "guide.css")
    script = ("pandoc -f commonmark -t html5 -s --toc --toc-depth=2 -c '%s' "
              "--metadata title=Guide --metadata lang=fr -o '%s' '%s' && "
              "(ulimit -v %d; weasyprint '%s' '%s')" % (css, html, md, MEMCAP, html, pdf))
    peer = (None, 0, 0.0) if not run_peer else measure("pandoc-weasyprint-" + k, ["sh", "-c", script])
    size = "%s (%s p.)%s ; pair : %s (%s p.)" % (
        fsize(os.path.join(out, "pdf", "guide.pdf")), pages(os.path.join(out, "pdf", "guide.pdf")),
        also_written(out), fsize(pdf), pages(pdf))
    return ad, peer, size


def also_written(out):
    """What autodiag's --only pdf writes in the same time besides the guide:
    the blank questionnaire, and the resources' PDFs of a guide that has
    some (the peers make the guide only)."""
    q = os.path.join(out, "pdf", "questionnaire.pdf")
    res = os.path.join(out, "pdf", "ressources")
    n = len([f for f in os.listdir(res) if f.endswith(".pdf")]) if os.path.isdir(res) else 0
    text = " + questionnaire (%s p.)" % pages(q) if os.path.exists(q) else ""
    return text + (" + %d ressources" % n if n else "")


def chromium_case(name, run_peer=True):
    """Chromium's --print-to-pdf of the HTML that weasyprint prints."""
    k = key(name)
    html = os.path.join(WORK, "guide-%s.html" % k)
    pdf = os.path.join(WORK, "out", "chromium-%s.pdf" % k)
    prof = os.path.join(WORK, "chromium-profile")
    if not run_peer:
        return (None, 0, 0.0), "pair : – (? p.)"
    peer = measure("chromium-" + k, CHROMIUM + ["--user-data-dir=" + prof,
                                                "--print-to-pdf=" + pdf, "file://" + html],
                   clean=prof)
    return peer, "pair : %s (%s p.)" % (fsize(pdf), pages(pdf))


def reports_case(m, content, answers, under=None):
    """autodiag build -j 2 of m answers files, into WORK/out (or under)."""
    out = os.path.join(under or os.path.join(WORK, "out"), "reports-%d" % m)
    ad = measure("autodiag-reports-%d%s" % (m, "-tmpfs" if under else ""),
                 [AUTODIAG, "build", "-q", "-j", "2", "--content", content,
                  "--answers", answers, "--out", out],
                 cap=HUGE_CAP if m > 10000 else None)
    return ad, out


def io_floor(src, dest):
    """The I/O floor of a build: seconds spent writing the bytes of every
    file of src into the same files under dest (directories made, files
    opened, written, closed; reading src is not counted), best of 3 below a
    minute.  dest is removed before and after each run."""
    best = None
    for _ in range(REPS):
        shutil.rmtree(dest, ignore_errors=True)
        spent = 0.0
        for root, dirs, files in os.walk(src):
            rel = os.path.relpath(root, src)
            t0 = time.monotonic()
            os.makedirs(os.path.join(dest, rel), exist_ok=True)
            spent += time.monotonic() - t0
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    data = f.read()
                t0 = time.monotonic()
                with open(os.path.join(dest, rel, name), "wb") as f:
                    f.write(data)
                spent += time.monotonic() - t0
        best = spent if best is None or spent < best else best
        if spent > 60:
            break
    shutil.rmtree(dest, ignore_errors=True)
    return best


def floor_extra(t, src, dest, what):
    """'floor on disk|tmpfs: x s (autodiag = n × the floor)' for a run of t s."""
    f = io_floor(src, dest)
    if not f or not t:
        return ""
    return "plancher E/S %s %.2f s (autodiag = %.1f× le plancher)" % (what, f, t / f)


def fsize(path):
    if not os.path.exists(path):
        return "–"
    n = os.path.getsize(path)
    return "%.1f Mo" % (n / 1e6) if n >= 1e6 else "%.0f ko" % (n / 1e3)


def pages(path):
    if not os.path.exists(path) or not shutil.which("pdfinfo"):
        return "?"
    r = subprocess.run(["pdfinfo", path], capture_output=True, text=True)
    for line in r.stdout.split("\n"):
        if line.startswith("Pages:"):
            return line.split()[1]
    return "?"


# ---- table ----

def fmt_t(t, rss=0):
    if t is None:
        return "> %d s" % CAP
    if t is False:
        return "échec (> %d Go)" % (MEMCAP >> 20) if rss > 0.95 * MEMCAP else "échec"
    return "%.3f s" % t if t < 10 else "%.1f s" % t


def fmt_m(kb):
    return "%.0f Mo" % (kb / 1024) if kb else "–"


NOPEER = (None, 0, 0.0)


def fmt_cpu(t, cpu):
    return "%.2f s" % cpu if t else "–"


def row(case, ad, peer, extra=""):
    (at, am, ac), (pt, pm, pc) = ad, peer
    if pt is False or at is False:
        ratio = cratio = "–"
    elif pt is not None and at:
        ratio = "%.1f×" % (pt / at)
        cratio = "%.1f×" % (pc / ac) if ac > 0 else "–"
    elif pt is None and pm and at:
        ratio, cratio = "> %.0f×" % (CAP / at), "–"
    else:
        ratio = cratio = "–"
    ran = pt is not None or pm
    return [case, fmt_t(at), fmt_cpu(at, ac), fmt_m(am),
            fmt_t(pt, pm) if ran else "–", fmt_cpu(pt, pc) if ran else "–",
            fmt_m(pm), ratio, cratio, extra]


def table(rows):
    head = ["cas", "autodiag", "CPU", "mémoire", "pair", "CPU", "mémoire",
            "pair/autodiag", "CPU pair/autodiag", "par fichier / taille"]
    w = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |"
    out = [line(head), "|" + "|".join("-" * (x + 2) for x in w) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ver = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.split("\n")[0].strip()
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return ["date : " + time.strftime("%Y-%m-%d %H:%M %Z"),
            "charge moyenne à la fin (1, 5, 15 min) : " + load,
            "machine : %d cœurs (nproc), %s" % (os.cpu_count(), cpu),
            "pairs : " + ver(["hugo", "version"]) + " ; " + ver(["pandoc", "--version"])
            + " ; " + ver(["weasyprint", "--version"]) + " ; " + ver(["chromium", "--version"]),
            "autodiag : " + ver([AUTODIAG, "--version"])]


LEGEND = """
Temps : temps écoulé (meilleur de 3, ou 1 essai au-delà de %d s) ; CPU : temps
utilisateur + système de ce même essai (Hugo travaille sur plusieurs cœurs) ;
mémoire : pic de mémoire résidente (%%M de /usr/bin/time, le plus gros processus).
site : autodiag build --only site sans réponses, contre hugo (bench/hugo).
guide PDF : autodiag build --only pdf sans réponses, contre pandoc + weasyprint
(bench/pandoc/guide.css), sur le même Markdown, puis contre Chromium
(--headless --print-to-pdf) sur le HTML que weasyprint imprime ; dans le même
temps, autodiag écrit aussi le questionnaire vierge et, pour le guide livré, les
PDF des ressources (colonne de droite), que les pairs ne font pas.
rapports : autodiag build -j 2 (site + PDF) sur le guide de 25 fiches généré,
sur disque (bench/work) puis, pour 1 000 et 10 000 fichiers, sur tmpfs
(/dev/shm) ; plancher E/S : le temps d'écrire les mêmes octets dans les mêmes
fichiers (dossiers créés, fichiers ouverts, écrits, fermés), au même endroit.
""" % SLOW


def main():
    for tool in ("hugo", "pandoc", "weasyprint", "chromium"):
        if not shutil.which(tool):
            sys.exit("bench: %s is missing (make deps-bench)" % tool)
    contents, answers, empty = prepare()
    rows = []
    log("site: autodiag build --only site vs hugo")
    for name, d in (contents.items() if "site" in ONLY else ()):
        ad, peer, _ = site_case(name, d, empty)
        rows.append(row("site, %s fiches" % name, ad, peer))
        GOT[("site", name)] = (ad, peer)
    log("guide PDF: autodiag build --only pdf vs pandoc + weasyprint")
    for name, d in (contents.items() if "pdf" in ONLY else ()):
        run_peer = not (QUICK and name == "2500")
        ad, peer, size = pdf_case(name, d, empty, run_peer)
        rows.append(row("guide PDF, %s fiches" % name, ad, peer, size))
        GOT[("weasyprint", name)] = (ad, peer)
        peer, size = chromium_case(name, run_peer)
        GOT[("chromium", name)] = (ad, peer)
        rows.append(row("guide PDF, %s fiches, contre Chromium" % name, ad, peer, size))
    if "reports" in ONLY:
        reports(rows, contents, answers, empty)
    text = ("\n".join(machine()) + "\n\n" + table(rows) + "\n" + LEGEND + LINEAR[0]
            + objectives())
    print(text)
    with open(os.path.join(BENCH, "results.txt"), "w") as f:
        f.write(text)


LINEAR = [""]
GOT = {}  # (case, name) -> (autodiag, peer) measures, for the objectives
REPORTS = {}  # files -> (wall time, peak KB)
CPU_PER = {}  # files -> CPU per file beyond the guide


def ratio_line(what, case, goal):
    """The objective 'goal times faster than the peer' over every size."""
    got = []
    for (c, name), ((at, _, ac), (pt, _, pc)) in GOT.items():
        if c == case and at and pt:
            got.append("%s : %.1f× (CPU %.1f×)" % (name, pt / at, pc / ac if ac else 0))
    if not got:
        return None
    worst = min(GOT[k][1][0] / GOT[k][0][0] for k in GOT
                if k[0] == case and GOT[k][0][0] and GOT[k][1][0])
    return "%s ≥ %d× : %s (%s)" % (what, goal, "atteint" if worst >= goal else "manqué",
                                   " ; ".join(got))


def objectives():
    lines = [ratio_line("site contre Hugo", "site", 10),
             ratio_line("guide PDF contre pandoc + weasyprint", "weasyprint", 100),
             ratio_line("guide PDF contre Chromium", "chromium", 15)]
    rep = REPORTS
    if 1000 in rep and rep[1000][0]:
        t, m = rep[1000][0], rep[1000][1]
        lines.append("1 000 fichiers en moins de 10 s : %s (%.1f s, %s)" % (
            "atteint" if t < 10 else "manqué", t, fmt_m(m)))
    if 1000 in CPU_PER and 10000 in CPU_PER:
        r = CPU_PER[10000] / CPU_PER[1000]
        lines.append("CPU par fichier à 10 000 au plus 1,2 fois celui à 1 000 : %s (%.2f)" % (
            "atteint" if r <= 1.2 else "manqué", r))
    if HUGE in rep and rep[HUGE][0]:
        t, m = rep[HUGE][0], rep[HUGE][1]
        lines.append("%s fichiers en moins de 5 min et 500 Mo : %s (%.0f s, %s)" % (
            thousands(HUGE), "atteint" if t < 300 and m < 500 * 1024 else "manqué", t,
            fmt_m(m)))
    lines = [l for l in lines if l]
    return "\nobjectifs :\n" + "\n".join("- " + l for l in lines) + "\n" if lines else ""


def reports(rows, contents, answers, empty):
    """The rows of autodiag alone on 0, 1, 100 and 1,000 answers files."""
    log("reports: autodiag build -j 2 (HTML + PDF), 25 fiches")
    base, _ = reports_case(0, contents["25"], empty)
    rows.append(row("rapports, 0 fichier (guide seul)", base, NOPEER))
    per, cpu = {}, {}
    REPORTS.clear()
    for m, d in answers.items():
        ad, out = reports_case(m, contents["25"], d)
        t = ad[0]
        REPORTS[m] = (t, ad[1])
        if not t:
            rows.append(row("rapports, %d fichiers" % m, ad, NOPEER))
            continue
        per[m] = (t - base[0]) / m if base[0] else t / m
        cpu[m] = (ad[2] - base[2]) / m if base[0] else ad[2] / m
        rep = sorted(os.listdir(os.path.join(out, "pdf", "rapports")))[0]
        extra = ("%.1f ms/fichier, %.1f ms au-delà du guide (CPU %.1f ms) ; "
                 "rapport PDF %s, HTML %s" % (
                     1000 * t / m, 1000 * per[m], 1000 * cpu[m],
                     fsize(os.path.join(out, "pdf", "rapports", rep)),
                     fsize(os.path.join(out, "site", "rapports", rep[:-4] + ".html"))))
        if m >= 1000:
            extra += " ; " + floor_extra(t, out, os.path.join(WORK, "out", "floor"), "disque")
        rows.append(row("rapports, %d fichier%s" % (m, "s" if m > 1 else ""), ad, NOPEER, extra))
        if m in TMPFS_TIERS and os.path.isdir(TMPFS):
            shm = os.path.join(TMPFS, "autodiag-bench")
            shutil.rmtree(shm, ignore_errors=True)
            ad2, out2 = reports_case(m, contents["25"], d, under=shm)
            extra2 = floor_extra(ad2[0], out2, os.path.join(shm, "floor"), "tmpfs")
            rows.append(row("rapports, %d fichiers, sur tmpfs" % m, ad2, NOPEER, extra2))
            shutil.rmtree(shm, ignore_errors=True)
        if m > 10000:  # the huge tier's output (~10 GB) is not kept
            shutil.rmtree(out, ignore_errors=True)
    lines = []
    for lo, hi in ((100, 1000), (1000, 10000), (1000, HUGE)):
        if lo in per and hi in per and hi > lo:
            lines.append("linéarité (au-delà du guide) : %.1f ms par fichier à %s fichiers, "
                         "%.1f ms à %s (rapport %.2f) ; CPU par fichier : %.1f et %.1f ms, "
                         "rapport %.2f (1 = linéaire)" % (
                             1000 * per[lo], thousands(lo), 1000 * per[hi], thousands(hi),
                             per[hi] / per[lo], 1000 * cpu[lo], 1000 * cpu[hi],
                             cpu[hi] / cpu[lo]))
    LINEAR[0] = "\n" + "\n".join(lines) + "\n" if lines else ""
    CPU_PER.update(cpu)


def thousands(n):
    return "{:,}".format(n).replace(",", "\u00a0")


if __name__ == "__main__":
    main()
