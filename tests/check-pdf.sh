#!/bin/sh
# check-pdf.sh: the PDF guide and reports, checked as a reader would: valid
# PDF (qpdf), every font embedded (pdffonts), every fiche title in content
# order and every applicable recommendation in ranked order in the text
# (pdftotext), one bookmark per axis and per fiche, unsafe links never
# clickable, missing glyphs reported, reports under 512 KB, and two builds
# byte-identical.  Runs from the repository root after `make all`.
set -u
tmp=tests/tmp/pdf
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
ko() { echo "check-pdf: FAIL: $*"; fail=1; }

export SOURCE_DATE_EPOCH=1767225600
start=$(date +%s%N)
./autodiag build --only pdf --out "$tmp/a" -q || ko "build failed"
end=$(date +%s%N)
echo "check-pdf: guide and $(ls answers/*.yaml | wc -l) reports in $(( (end - start) / 1000000 )) ms"
./autodiag build --only pdf --out "$tmp/b" -q || ko "second build failed"
if ! diff -r "$tmp/a/pdf" "$tmp/b/pdf" >/dev/null; then
	ko "two builds of the same input differ"
fi

for pdf in "$tmp"/a/pdf/guide.pdf "$tmp"/a/pdf/rapports/*.pdf; do
	qpdf --check "$pdf" >/dev/null 2>&1 || ko "qpdf --check $pdf"
	fonts=$(pdffonts "$pdf" 2>/dev/null | tail -n +3)
	[ -n "$fonts" ] || ko "no font in $pdf"
	echo "$fonts" | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
		ko "a font is not embedded in $pdf"
	pdftotext -enc UTF-8 "$pdf" "${pdf%.pdf}.txt" 2>/dev/null || ko "pdftotext $pdf"
done
for r in "$tmp"/a/pdf/rapports/*.pdf; do
	size=$(wc -c <"$r")
	echo "check-pdf: $(basename "$r"): $size bytes"
	# 300 KB until every action carried its porteur and effort and every
	# question a ladder of steps (later steps in an appendix): the largest
	# shipped report is now about 420 KB for 41 pages.
	[ "$size" -lt 524288 ] || ko "$r is over 512 KB"
done

# Text order, bookmarks and recommendations, read with Python.
for f in answers/*.yaml; do
	./autodiag score "$f" --format json >"$tmp/$(basename "$f" .yaml).json" ||
		ko "score $f"
done
qpdf --json --json-key=outlines "$tmp/a/pdf/guide.pdf" >"$tmp/outlines.json" ||
	ko "qpdf --json outlines"
python3 - "$tmp" <<'EOF' || fail=1
import glob, json, os, re, sys
import yaml

tmp = sys.argv[1]
bad = 0

def ko(msg):
    global bad
    print("check-pdf: FAIL: " + msg)
    bad = 1

def norm(s):
    # Line breaks, hyphenation and spacing are the layout's business.
    return re.sub(r"[\s\-\u00ad\u2010]+", "", s)

def unpage(s):
    # A paragraph may run over a page break: drop the page footer, the form
    # feed and the next page's running header between its two halves.
    return re.sub(r"page \d+ / \d+\s*\f[^\n]*\n", "", s)

def res_questions(res):
    return [q for f in res["fiches"] for q in f["questions"]]

def front(path):
    text = open(path, encoding="utf-8").read()
    return yaml.safe_load(text.split("---", 2)[1])

titles = {}
for p in glob.glob("content/fiches/*.md"):
    fm = front(p)
    titles[fm.get("id") or os.path.basename(p)[:-3]] = fm["title"]

scores = sorted(glob.glob(tmp + "/*.json"))
scores = [s for s in scores if not s.endswith("outlines.json")]
first = json.load(open(scores[0]))
order = [f["id"] for f in first["fiches"]]
guide = norm(open(tmp + "/a/pdf/guide.txt", encoding="utf-8").read())
for word in ["Données", "œ", "l’autodiagnostic", "«", "»"]:
    if norm(word) not in guide:
        ko("guide: %r missing from the text (accents or quotes lost)" % word)
# The fiches' own pages come after the table of contents, in content order.
pos = guide.find(norm("AXE 1"))
if pos < 0:
    ko("guide: first axis page not found")
for fid in order:
    at = guide.find(norm(titles[fid]), pos)
    if at < 0:
        ko("guide: fiche %r missing or out of order" % titles[fid])
    else:
        pos = at

outl = json.load(open(tmp + "/outlines.json"))["outlines"]
def count(items):
    return sum(1 + count(i.get("kids", [])) for i in items)
# one bookmark per axis (top level) and per fiche, then, when the guide has
# experiences, a top-level part « Ils l'ont fait » with one bookmark per experience
nexp = len(glob.glob("content/experiences/*.md"))
want = len(first["axes"]) + len(first["fiches"]) + (1 + nexp if nexp else 0)
top = len(first["axes"]) + (1 if nexp else 0)
if count(outl) != want or len(outl) != top:
    ko("guide: %d bookmarks (%d top level), expected %d (%d axes, %d experiences)"
       % (count(outl), len(outl), want, len(first["axes"]), nexp))

for s in scores:
    res = json.load(open(s))
    slug = os.path.basename(s)[:-5]
    txt = norm(unpage(open("%s/a/pdf/rapports/%s.txt" % (tmp, slug), encoding="utf-8").read()))
    if norm(res["territory"]) not in txt:
        ko("%s: territory %r missing" % (slug, res["territory"]))
    plan = txt.find(norm("Plan d’actions"), txt.find(norm("Résultats par axe")))
    if plan < 0:
        ko("%s: no action plan" % slug)
        continue
    # the priority measures first (at most 6, on different fiches, in
    # ranked order), then the next steps by horizon, in ranked order
    recs = {r["id"]: r for r in res["recommendations"]}
    measures = [recs[i] for i in res["priority_measures"]]
    if not 0 < len(measures) <= 6 or len({r["fiche"] for r in measures}) != len(measures):
        ko("%s: %d priority measures, not 1 to 6 on different fiches" % (slug, len(measures)))
    y, m, d = res["review"].split("-")
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    review = "Prochain point d’étape : %s %s %s" % ("1er" if d == "01" else int(d),
                                                     months[int(m) - 1], y)
    if txt.find(norm(review), plan) < 0:
        ko("%s: no %r" % (slug, review))
    top = txt.find(norm("Les %d mesures prioritaires" % len(measures)), plan)
    full = txt.find(norm("Le plan des prochaines étapes, par horizon"), top)
    if top < 0 or full < 0:
        ko("%s: no priority measures or no plan of next steps" % slug)
        continue
    pos = top
    for i, r in enumerate(measures):
        at = txt.find(norm(r["text"]), pos)
        if at < 0 or at > full:
            ko("%s: priority measure %d out of ranked order: %s" % (slug, i + 1, r["text"][:60]))
            break
        pos = at + 1
    plan = full
    last_group = plan
    for h in ["court", "moyen", "long"]:
        pos = plan
        recs = [r for r in res["recommendations"] if r["horizon"] == h]
        for i, r in enumerate(recs):
            at = txt.find(norm(r["text"]), pos)
            if at < 0:
                ko("%s: recommendation %d (%s) missing or out of ranked order: %s"
                   % (slug, i + 1, h, r["text"][:60]))
                break
            if i == 0:
                if at < last_group:
                    ko("%s: horizon %s before the previous one" % (slug, h))
                last_group = at
            pos = at + 1
    # the later steps in an appendix, after everything else, in ranked order
    if res["later"]:
        pos = txt.find(norm("Annexe : étapes ultérieures"), last_group)
        if pos < 0:
            ko("%s: no appendix of later steps" % slug)
            continue
        for i, r in enumerate(res["later"]):
            at = txt.find(norm(r["text"]), pos)
            if at < 0:
                ko("%s: later step %d missing or out of order: %s" % (slug, i + 1, r["text"][:60]))
                break
            pos = at + 1
    # the adopted plan and its progress; divergences only for a collective file
    ans = yaml.safe_load(open("answers/%s.yaml" % slug, encoding="utf-8"))
    if ans.get("plan"):
        n = len(ans["plan"])
        if norm("La collectivité a retenu %d action" % n) not in txt:
            ko("%s: adopted plan of %d actions not shown" % (slug, n))
        if norm("des actions faites") not in txt:
            ko("%s: no progress of the adopted plan" % slug)
    elif norm("Aucun plan n’a encore été adopté") not in txt:
        ko("%s: priority measures not proposed as a starting point" % slug)
    if (norm("Points de divergence") in txt) != any("views" in q for q in res_questions(res)):
        ko("%s: divergence part shown for a single respondent, or missing" % slug)
sys.exit(bad)
EOF

# The test guide's collective, planned report (tests/site): the roadmap with
# its progress and follow-up since 2025, the divergences highest spread first
# with each view, and the scores per role; none of it for a single respondent.
./autodiag build --content tests/site/content --answers tests/site/answers \
	--only pdf --out "$tmp/c" -q 2>/dev/null || ko "test guide build failed"
pdftotext -enc UTF-8 "$tmp/c/pdf/rapports/demo-2026.pdf" "$tmp/demo.txt"
pdftotext -enc UTF-8 "$tmp/c/pdf/rapports/alpha-2026.pdf" "$tmp/alpha.txt"
python3 - "$tmp" <<'EOF' || fail=1
import re, sys
tmp = sys.argv[1]
def norm(s):
    return re.sub(r"[\s\-\u00ad\u2010]+", "", s)
demo = norm(open(tmp + "/demo.txt", encoding="utf-8").read())
alpha = norm(open(tmp + "/alpha.txt", encoding="utf-8").read())
want = [
    "Prochain point d’étape : 1er décembre 2026",
    "Les 2 mesures prioritaires",
    "1. Lancer une cartographie progressive des données. (fiche « Gouvernance de la donnée », "
    "priorité 4, porteur : Direction générale des services, DSI, effort faible, adoptée : en cours)",
    "2. Publier les jeux de données les plus demandés.",
    "La feuille de route adoptée",
    "La collectivité a retenu 3 actions. Avancement : 1 prévue, 1 en cours et 1 faite "
    "(33,3 % des actions faites).",
    "Désigner un référent de la relation usagers. — faite (ne s’applique plus : le niveau a progressé)",
    "Depuis le diagnostic du 1er juin 2025",
    "Actions menées à bien depuis :",
    "Actions adoptées alors qui ne s’appliquent plus, le niveau ayant progressé :",
    "Publier les délais de réponse et les suivre chaque trimestre. — prévue",
    "Le plan des prochaines étapes, par horizon",
    "Points de divergence",
    "commencer l’atelier par les écarts les plus grands",
    "1. Gouvernance de la donnée : La collectivité dispose-t-elle d’une cartographie de ses données ?",
    "Élue au numérique (Élus) : 3 — Déploiement", "DGS (Direction générale) : 1 — Découverte",
    "Service informatique (Services) : 0 — Non engagé", "Écart : 3 — niveau convenu : 1 — Découverte",
    "2. Ouverture des données", "Service informatique (Services) : 4 — Maîtrise",
    "3. Accueil des usagers",
    "Écart : 2 — pas de niveau convenu ; niveau retenu (médiane basse des avis) : 2 — Structuration",
    "Scores par axe selon chaque rôle",
    "Relation aux usagers : retenu 2, Élus 2, Direction générale 3, Services 1",
    "Annexe : étapes ultérieures",
    "Tenir l’inventaire des données à jour, service par service.",
]
pos = 0
for w in want:
    at = demo.find(norm(w), pos)
    if at < 0:
        print("check-pdf: FAIL: demo-2026: %r missing or out of order" % w)
        sys.exit(1)
    pos = at + 1
# Hand-computed: overall (1.33 + 2) / 2 = 1.67 at level 1, printed truncated
# (1,6) as on the site, never rounded up to 1,7; so in the history table.
for w in ["Niveau global : 1,6 / 4 — niveau 1 « Découverte »", "1,6 (niveau 1)"]:
    if norm(w) not in demo:
        print("check-pdf: FAIL: demo-2026: %r missing (score truncated to the tenth)" % w)
        sys.exit(1)
if norm("1,7 / 4") in demo or norm("1,7 (niveau") in demo:
    print("check-pdf: FAIL: demo-2026: the overall score 1.67 is rounded up to 1,7")
    sys.exit(1)
for w in ["Points de divergence", "Scores par axe selon chaque rôle", "La feuille de route adoptée"]:
    if norm(w) in alpha:
        print("check-pdf: FAIL: alpha-2026 (one respondent, no plan) shows %r" % w)
        sys.exit(1)
if norm("Aucun plan n’a encore été adopté") not in alpha:
    print("check-pdf: FAIL: alpha-2026 does not propose its measures as a starting point")
    sys.exit(1)
EOF

# Hostile content: unsafe links stay plain text, a missing glyph is reported
# with its position, and nothing crashes.
./autodiag build --content tests/pdf/content --answers tests/pdf/answers \
	--only pdf --out "$tmp/h" -q 2>"$tmp/h.err" || ko "hostile build failed"
grep -q 'hostile.md:25: warning: character U+2603' "$tmp/h.err" ||
	ko "missing glyph U+2603 not reported at hostile.md:25"
for pdf in "$tmp"/h/pdf/guide.pdf "$tmp"/h/pdf/rapports/essai-2026.pdf; do
	qpdf --check "$pdf" >/dev/null 2>&1 || ko "qpdf --check $pdf"
	qpdf --qdf --object-streams=disable "$pdf" "$tmp/h.qdf" 2>/dev/null
	if grep -a '/URI' "$tmp/h.qdf" | grep -qiv 'https://www.example.fr/ok\|/S /URI'; then
		ko "$pdf: an unsafe link is clickable"
	fi
	grep -aq 'https://www.example.fr/ok' "$tmp/h.qdf" || ko "$pdf: the safe link is lost"
	pdftotext -enc UTF-8 "$pdf" "$tmp/h.txt"
	grep -q 'Saint-Œillet-lès-Crêtes\|Fiche hostile' "$tmp/h.txt" || ko "$pdf: text lost"
done

[ "$fail" -eq 0 ] && echo "check-pdf: ok"
exit "$fail"
