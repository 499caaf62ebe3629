#!/usr/bin/env python3
"""gen.py: deterministic benchmark inputs for autodiag and its peers.

  gen.py content DIR --fiches N [--seed S]   DIR/site.yaml + DIR/fiches/*.md
  gen.py answers DIR --content C --files M   M answers files for guide C
  gen.py hugo CONTENT DIR                    Hugo content/ and data/ of a guide
  gen.py pandoc CONTENT FILE                 one Markdown document of a guide

The content has the shape of the shipped guide (5-level scale, 7 axes, ~400
words of Markdown in the four ## sections, lists, links, 4-5 questions with
5 level descriptors, 4-6 recommendations); the text is French-looking words
drawn from a fixed list.  The answers have histories, kinds, populations,
targets, notes, na and nsp.  Same arguments, same bytes (fixed seed).
Standard library only.
"""

import os
import random
import re
import sys

NNBSP = "\u202f"  # before ? ! ;
NBSP = "\u00a0"  # before :

NOUNS = """collectivité territoire donnée service usager habitant commune projet
démarche outil réseau agent élu direction budget marché plateforme référentiel
gouvernance stratégie feuille partenaire association entreprise capteur éclairage
mobilité déchet énergie eau voirie bâtiment école médiathèque mairie guichet
formulaire portail inventaire catalogue licence format logiciel serveur sauvegarde
incident risque procédure convention délibération instance comité atelier
médiation inclusion accessibilité sobriété équipement infrastructure fibre
interopérabilité compétence formation recrutement mutualisation syndicat
intercommunalité département région observatoire indicateur évaluation bilan
tableau qualité cartographie registre traitement sous-traitant prestataire
éditeur achat clause cahier contrat subvention financement coût économie
expérimentation démonstrateur laboratoire tiers-lieu concertation consultation
budget-participatif enquête retour signalement délai courrier accueil""".split()

ADJS = """numérique territorial local public partagé ouvert commun durable sobre
intercommunal départemental régional annuel pluriannuel transversal opérationnel
stratégique technique juridique financier accessible interopérable sécurisé
libre réutilisable fiable complet régulier formalisé structuré collectif
participatif inclusif responsable mutualisé prioritaire essentiel progressif
documenté identifié désigné adopté publié suivi mesuré évalué""".split()

VERBS = """identifier formaliser partager publier mesurer évaluer suivre
mutualiser sécuriser documenter structurer organiser former accompagner
associer consulter cartographier inventorier ouvrir protéger piloter arbitrer
financer prioriser tester déployer améliorer présenter adopter désigner
réutiliser sensibiliser recenser planifier""".split()

LINKS = """dispose met permet associe réunit implique suppose demande oriente
prépare accompagne renforce structure complète précise""".split()

CONNECT = """dans pour avec sans entre auprès selon après avant depuis""".split()

ARTICLES = ["le", "la", "les", "un", "une", "des", "chaque", "leur", "son", "sa"]

ROLES = """Chef de projet numérique|Délégué à la protection des données|
Administrateur des données|Responsable des systèmes d’information|
Directeur général des services|Élu référent au numérique|Acheteur public|
Responsable web et communication|Médiateur numérique|Référent accessibilité|
Responsable de la sécurité des systèmes d’information|Juriste|Archiviste|
Contrôleur de gestion|Chargé de concertation|Technicien réseaux|
Géomaticien|Data scientist|Responsable des services techniques|
Chargé de mission développement économique""".replace("\n", "").split("|")

SYLL = """val mont clair font bel ro sa lor van ne tre gi an cour mar bois
pré ville lieu roche pon ter mes dor al ber cha len vi gnac""".split()

SUFFIXES = ["", "", "", "-sur-Loire", "-en-Vaudois", "-les-Bains",
            "-des-Combes", "-le-Château", "-sur-Mer", "-la-Forêt"]

KINDS = [("commune", 60), ("intercommunalite", 25), ("departement", 8),
         ("region", 2), ("autre", 5)]

POP = {"commune": (150, 160000), "intercommunalite": (4000, 400000),
       "departement": (80000, 2500000), "region": (300000, 12000000),
       "autre": (1000, 200000)}


def q(s):
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def words(r, n, pool=None):
    pool = pool or NOUNS + ADJS + CONNECT + ARTICLES
    return [r.choice(pool) for _ in range(n)]


def phrase(r):
    """A noun phrase: article, noun, optional adjective."""
    p = [r.choice(ARTICLES), r.choice(NOUNS)]
    if r.random() < 0.6:
        p.append(r.choice(ADJS))
    return " ".join(p)


def sentence(r, lo=10, hi=22, end="."):
    """A sentence of about lo..hi words with French punctuation."""
    out = [phrase(r), r.choice(LINKS), phrase(r)]
    while len(" ".join(out).split()) < r.randint(lo, hi):
        out.append(r.choice(CONNECT) + " " + phrase(r))
    text = " ".join(out)
    text = text[0].upper() + text[1:]
    if end in "?!;":
        return text + NNBSP + end
    return text + end


def paragraph(r, nwords):
    out = []
    while sum(len(s.split()) for s in out) < nwords:
        out.append(sentence(r))
    return " ".join(out)


def title(r):
    t = " ".join([r.choice(NOUNS), r.choice(CONNECT), phrase(r)])
    return t[0].upper() + t[1:]


def slugify(s):
    s = s.lower()
    for a, b in (("àâä", "a"), ("éèêë", "e"), ("îï", "i"), ("ôö", "o"),
                 ("ùûü", "u"), ("ç", "c"), ("’'", "-")):
        for c in a:
            s = s.replace(c, b)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def gen_site(r):
    lines = ["title: " + q("Territoires numériques" + NBSP + ": guide de banc d’essai"),
             'version: "2026.1"', 'language: "fr"',
             "description: " + q(paragraph(r, 60)), "scale:"]
    labels = ["Non engagé", "Découverte", "Structuration", "Déploiement",
              "Maîtrise / exemplarité"]
    for i, lab in enumerate(labels):
        lines += ["  - level: %d" % i, "    label: " + q(lab),
                  "    description: " + q(paragraph(r, 30))]
    lines.append("axes:")
    axes = []
    for i in range(7):
        ax = "axe-%d-%s" % (i + 1, slugify(r.choice(NOUNS)))
        axes.append(ax)
        lines += ["  - id: " + ax, "    title: " + q(title(r)),
                  "    summary: " + q(paragraph(r, 35))]
    return "\n".join(lines) + "\n", axes


def link(r):
    host = r.choice(["www.collectivites-locales.gouv.fr", "doc.data.gouv.fr",
                     "www.cnil.fr", "cyber.gouv.fr", "www.example.org"])
    return "[%s](https://%s/%s)" % (phrase(r), host, slugify(phrase(r)))


def gen_body(r):
    ctx = [paragraph(r, 85), paragraph(r, 65)]
    i = r.randrange(2)
    ctx[i] = ctx[i].replace(". ", ", selon " + link(r) + ". ", 1)
    ctx[1 - i] = ctx[1 - i].replace(" ", " *" + r.choice(ADJS) + "* ", 1)
    out = ["## Contexte", "", ctx[0], "", ctx[1], "", "## Enjeux", ""]
    for _ in range(4):
        lead = r.choice(NOUNS)
        out.append("- **%s %s**%s: %s" % (lead[0].upper() + lead[1:],
                                        r.choice(ADJS), NBSP, sentence(r, 10, 18)))
    out += ["", "## Points de réussite", ""]
    for k in range(5):
        out.append("%d. %s" % (k + 1, sentence(r, 9, 16)))
    out += ["", "## Compétences internes nécessaires", "", paragraph(r, 55), ""]
    if r.random() < 0.5:
        out += ["## Pour aller plus loin", ""]
        out += ["- " + link(r) + "." for _ in range(r.randint(2, 4))]
        out.append("")
    return "\n".join(out)


def gen_fiche(r, n, axes):
    fid = "%s-%s-%04d" % (slugify(r.choice(NOUNS)), slugify(r.choice(ADJS)), n)
    fm = ["---", "id: " + fid, "title: " + q(title(r)), "axis: " + axes[n % 7],
          "order: %d" % (10 * (n // 7 + 1))]
    w = r.choice([1, 1, 1, 2, 1.5])
    if w != 1:
        fm.append("weight: %s" % w)
    fm.append("summary: " + q(sentence(r, 18, 28)))
    comp = r.sample(ROLES, r.randint(3, 6))
    fm.append("competences: [" + ", ".join(q(c) for c in comp) + "]")
    fm.append("questions:")
    qids = []
    for k in range(r.choice([4, 5])):
        qid = "q%d-%s" % (k + 1, slugify(r.choice(VERBS)))
        qids.append(qid)
        fm += ["  - id: " + qid,
               "    text: " + q(sentence(r, 10, 18, "?"))]
        if r.random() < 0.4:
            fm.append("    help: " + q(sentence(r, 15, 30)))
        if r.random() < 0.25:
            fm.append("    weight: 2")
        fm.append("    levels:")
        fm += ["      - " + q(sentence(r, 8, 22)) for _ in range(5)]
    fm.append("recommendations:")
    # one rule per question, below the top level so that each question has a
    # next step at every level (check warns otherwise), then fiche rules up to
    # 4-6 in all; the draw of an older "below" is kept so that the rest of the
    # generated set stays as in earlier runs
    for k in range(max(len(qids), r.randint(4, 6))):
        if k < len(qids):
            fm.append("  - question: " + qids[k])
            r.randint(1, 3)
            fm.append("    below: 4")
        else:
            fm.append("  - below: %d" % r.randint(2, 4))
        fm.append("    horizon: " + r.choice(["court", "moyen", "long"]))
        v, s = r.choice(VERBS), sentence(r, 10, 20)
        fm.append("    text: " + q(v[0].upper() + v[1:] + " " + s[0].lower() + s[1:]))
    fm.append("---")
    return fid, "\n".join(fm) + "\n\n" + gen_body(r)


def cmd_content(d, nfiches, seed):
    r = random.Random(seed)
    os.makedirs(os.path.join(d, "fiches"), exist_ok=True)
    site, axes = gen_site(r)
    with open(os.path.join(d, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(site)
    for n in range(nfiches):
        fid, text = gen_fiche(r, n, axes)
        with open(os.path.join(d, "fiches", fid + ".md"), "w", encoding="utf-8") as f:
            f.write(text)


# ---- reading a guide back (a small YAML subset: what gen writes and the
# shipped content uses), for answers, Hugo and pandoc ----

def read_front(path):
    """(front matter text, body) of a fiche."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read().replace("\r\n", "\n")
    m = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
    return m.group(1), m.group(2)


def unq(s):
    s = s.strip()
    if s.startswith('"'):
        return s[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return s


def read_guide(cdir):
    """Axes, scale labels and per fiche: id, title, axis, summary, order,
    competences, questions (id, text, help, levels), recommendations."""
    with open(os.path.join(cdir, "site.yaml"), encoding="utf-8") as f:
        site = f.read()
    g = {"title": unq(re.search(r"^title:(.*)$", site, re.M).group(1)),
         "version": unq(re.search(r"^version:(.*)$", site, re.M).group(1)),
         "labels": [unq(x) for x in re.findall(r"^    label:(.*)$", site, re.M)],
         "axes": [], "fiches": []}
    for m in re.finditer(r"^  - id: *(\S+)\n    title:(.*)\n    summary:(.*)$", site, re.M):
        g["axes"].append({"id": unq(m.group(1)), "title": unq(m.group(2)),
                          "summary": unq(m.group(3))})
    fdir = os.path.join(cdir, "fiches")
    for name in sorted(os.listdir(fdir)):
        if name.endswith(".md"):
            g["fiches"].append(read_fiche(os.path.join(fdir, name), name[:-3]))
    axis_pos = {a["id"]: i for i, a in enumerate(g["axes"])}
    g["fiches"].sort(key=lambda f: (axis_pos[f["axis"]], f["order"], f["id"]))
    return g


def read_fiche(path, base):
    fm, body = read_front(path)
    f = {"id": base, "order": 1000, "questions": [], "recs": [], "body": body,
         "competences": [], "summary": "", "fm": fm}
    cur = None
    for line in fm.split("\n"):
        m = re.match(r"^(\w+):(.*)$", line)
        if m:
            key, val = m.group(1), m.group(2).strip()
            if key in ("id", "title", "axis", "summary"):
                f[key] = unq(val)
            elif key == "order":
                f["order"] = int(val)
            elif key == "competences":
                f["competences"] = [unq(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', val)]
            cur = key
            continue
        m = re.match(r"^  - (\w+):(.*)$", line)
        if m and cur == "questions":
            f["questions"].append({"id": unq(m.group(2)), "levels": [], "help": None})
        elif m and cur == "recommendations":
            f["recs"].append({m.group(1): unq(m.group(2))})
        m = re.match(r"^    (\w+):(.*)$", line)
        if m and cur == "questions" and m.group(1) != "levels":
            f["questions"][-1][m.group(1)] = unq(m.group(2))
        elif m and cur == "recommendations":
            f["recs"][-1][m.group(1)] = unq(m.group(2))
        m = re.match(r"^      - (.*)$", line)
        if m and cur == "questions":
            f["questions"][-1]["levels"].append(unq(m.group(1)))
    return f


# ---- answers ----

def territory_name(r):
    n = "".join(r.choice(SYLL) for _ in range(r.randint(2, 3)))
    n = n[0].upper() + n[1:]
    if r.random() < 0.15:
        n = "Saint-" + n
    return n + r.choice(SUFFIXES)


def pick_kind(r):
    x = r.randrange(100)
    for k, w in KINDS:
        if x < w:
            return k
        x -= w
    return "autre"


def gen_answers_file(r, g, terr, date, maturity, out):
    lines = ["territory: " + q(terr["name"])]
    if terr["code"]:
        lines.append("code: " + q(terr["code"]))
    lines.append("kind: " + terr["kind"])
    if terr["pop"] is not None:
        lines.append("population: %d" % terr["pop"])
    lines.append("date: " + date)
    lines.append("version: " + q(g["version"] if r.random() < 0.95 else "2025.1"))
    if r.random() < 0.7:
        lines.append("respondent: " + q(r.choice(ROLES)))
    if terr["targets"]:
        lines.append("targets:")
        lines += ["  %s: %d" % t for t in terr["targets"]]
    lines.append("answers:")
    notes = []
    top = len(g["labels"]) - 1
    for f in g["fiches"]:
        if r.random() < 0.08:
            continue
        lines.append("  %s:" % f["id"])
        for qu in f["questions"]:
            x = r.random()
            if x < 0.05:
                continue
            if x < 0.10:
                val = '"na"'
            elif x < 0.14:
                val = '"nsp"'
            else:
                lv = int(round(maturity + r.gauss(0, 0.9)))
                val = str(max(0, min(top, lv)))
            if r.random() < 0.1:
                lines += ["    %s:" % qu["id"], "      level: " + val,
                          "      note: " + q(sentence(r, 10, 25))]
                if r.random() < 0.4:
                    lines.append("      evidence: " + q("https://www.example.fr/" + slugify(phrase(r))))
            else:
                lines.append("    %s: %s" % (qu["id"], val))
        if r.random() < 0.1:
            notes.append("  %s: %s" % (f["id"], q(sentence(r, 12, 30))))
    if notes:
        lines += ["notes:"] + notes
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def cmd_answers(d, cdir, nfiles, seed):
    r = random.Random(seed)
    g = read_guide(cdir)
    os.makedirs(d, exist_ok=True)
    made, codes, slugs = 0, set(), set()
    while made < nfiles:
        kind = pick_kind(r)
        lo, hi = POP[kind]
        pop = int(lo * (hi / lo) ** r.random())
        code = None
        if r.random() < 0.9:
            # 9xxxx codes while there is room (the sets up to 10,000 files),
            # then any five digits: 36,000 files need about 19,000 codes
            space, fmt = (10000, "9%04d") if len(codes) < 9000 else (100000, "%05d")
            code = fmt % r.randrange(space)
            while code in codes:
                code = fmt % r.randrange(space)
            codes.add(code)
        targets = []
        if r.random() < 0.5:
            for a in r.sample(g["axes"], r.randint(1, 3)):
                targets.append((a["id"], r.randint(2, 4)))
        terr = {"name": territory_name(r), "code": code, "kind": kind,
                "pop": pop if r.random() < 0.95 else None, "targets": targets}
        maturity = r.uniform(0.3, 3.2)
        years = sorted(r.sample([2023, 2024, 2025, 2026], min(r.choice([1, 1, 1, 2, 2, 3]), nfiles - made)))
        for y in years:
            slug = "%s-%d" % (slugify(terr["name"]), y)
            if slug in slugs:
                slug += "-%d" % made
            slugs.add(slug)
            date = "%d-%02d-%02d" % (y, r.randint(1, 12), r.randint(1, 28))
            gen_answers_file(r, g, terr, date, maturity, os.path.join(d, slug + ".yaml"))
            maturity += r.uniform(0, 0.6)
            made += 1


# ---- peers' inputs ----

def cmd_hugo(cdir, d):
    """Hugo content/ (fiches unchanged, one page per axis) and data/site.yaml."""
    g = read_guide(cdir)
    for sub in ("content/fiches", "content/axes", "data"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    with open(os.path.join(cdir, "site.yaml"), encoding="utf-8") as f:
        site = f.read()
    with open(os.path.join(d, "data", "site.yaml"), "w", encoding="utf-8") as f:
        f.write(site)
    src = os.path.join(cdir, "fiches")
    for name in sorted(os.listdir(src)):
        if name.endswith(".md"):
            with open(os.path.join(src, name), encoding="utf-8-sig") as f:
                text = f.read()
            with open(os.path.join(d, "content", "fiches", name), "w", encoding="utf-8") as f:
                f.write(text)
    for i, a in enumerate(g["axes"]):
        with open(os.path.join(d, "content", "axes", a["id"] + ".md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: %s\naxisid: %s\nweight: %d\nsummary: %s\n---\n"
                    % (q(a["title"]), a["id"], i + 1, q(a["summary"])))
    with open(os.path.join(d, "content", "_index.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: %s\n---\n" % q(g["title"]))


def shift_headings(body, by):
    out, fence = [], False
    for line in body.split("\n"):
        if line.startswith("```") or line.startswith("~~~"):
            fence = not fence
        if not fence and re.match(r"#{1,6} ", line):
            line = "#" * by + line
        out.append(line)
    return "\n".join(out)


def cmd_pandoc(cdir, out):
    """The whole guide as one CommonMark document: axes (h1), fiches (h2) with
    summary, body, competences, questions with level descriptors and
    recommendations, as in autodiag's guide.pdf."""
    g = read_guide(cdir)
    md = []
    for a in g["axes"]:
        md += ["# " + a["title"], "", a["summary"], ""]
        for f in g["fiches"]:
            if f["axis"] != a["id"]:
                continue
            md += ["## " + f["title"], "", "*" + f["summary"] + "*", ""]
            md += [shift_headings(f["body"], 1).strip(), ""]
            if f["competences"]:
                md += ["### Compétences", ""] + ["- " + c for c in f["competences"]] + [""]
            md += ["### Questions", ""]
            for k, qu in enumerate(f["questions"]):
                md += ["#### %d. %s" % (k + 1, qu.get("text", "")), ""]
                if qu.get("help"):
                    md += [qu["help"], ""]
                for lv, desc in enumerate(qu["levels"]):
                    lab = g["labels"][lv] if lv < len(g["labels"]) else str(lv)
                    md.append("%d. **%s**%s: %s" % (lv, lab, NBSP, desc))
                md.append("")
            md += ["### Recommandations", ""]
            for rec in f["recs"]:
                md.append("- (%s) %s" % (rec.get("horizon", "moyen"), rec.get("text", "")))
            md.append("")
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(md))


def main(argv):
    def opt(name, default=None):
        if name in argv:
            return argv[argv.index(name) + 1]
        return default
    if len(argv) < 3:
        sys.exit(__doc__)
    seed = int(opt("--seed", "2026"))
    if argv[1] == "content":
        cmd_content(argv[2], int(opt("--fiches", "25")), seed)
    elif argv[1] == "answers":
        cmd_answers(argv[2], opt("--content"), int(opt("--files", "1")), seed)
    elif argv[1] == "hugo":
        cmd_hugo(argv[2], argv[3])
    elif argv[1] == "pandoc":
        cmd_pandoc(argv[2], argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
