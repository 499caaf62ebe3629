#!/bin/sh
# check-questionnaire-pdf.sh: pdf/questionnaire.pdf, the blank questionnaire
# for workshops on paper, read as a workshop facilitator would: a valid PDF
# with embedded fonts; the cover's fields; every question of every fiche in
# guide order with each of its level descriptors; one "Sans objet" and one
# "Ne sait pas" box per question; one bookmark per axis and per fiche; the
# same bytes twice; and a 7-level scale laid out as lists instead of grids.
name=questionnaire-pdf
. tests/lib.sh
export SOURCE_DATE_EPOCH=1767225600

"$bin" build -q --only pdf --out "$tmp/a" || ko "build failed"
"$bin" build -q --only pdf --out "$tmp/b" || ko "second build failed"
q=$tmp/a/pdf/questionnaire.pdf
cmp -s "$q" "$tmp/b/pdf/questionnaire.pdf" || ko "two builds differ"
qpdf --check "$q" >/dev/null 2>&1 || ko "qpdf --check $q"
pdffonts "$q" 2>/dev/null | tail -n +3 | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
	ko "a font is not embedded"
pdftotext -enc UTF-8 "$q" "$tmp/q.txt" || ko "pdftotext"
qpdf --json --json-key=outlines "$q" >"$tmp/outlines.json" || ko "qpdf --json"
"$bin" score answers/lorvanne-2026.yaml --format json >"$tmp/order.json" || ko "score"

# A guide with a 7-level scale: its questions become lists with a box each.
python3 - "$tmp/seven" <<'EOF' || ko "cannot write the 7-level guide"
import os, shutil, sys, yaml
dst = sys.argv[1]
shutil.copytree("tests/site/content", dst)
site = yaml.safe_load(open(dst + "/site.yaml", encoding="utf-8"))
site["scale"] = [{"level": i, "label": "Palier %d" % i, "description": "Palier %d." % i}
                 for i in range(7)]
yaml.safe_dump(site, open(dst + "/site.yaml", "w", encoding="utf-8"), allow_unicode=True)
for name in os.listdir(dst + "/fiches"):
    p = dst + "/fiches/" + name
    _, fm, body = open(p, encoding="utf-8").read().split("---", 2)
    fm = yaml.safe_load(fm)
    for q in fm.get("questions", []):
        q["levels"] = ["Descripteur %d de %s" % (i, q["id"]) for i in range(7)]
    for r in fm.get("recommendations", []):
        r["below"] = min(r.get("below", 1), 6)
    open(p, "w", encoding="utf-8").write(
        "---\n" + yaml.safe_dump(fm, allow_unicode=True) + "---" + body)
EOF
mkdir -p "$tmp/none"
"$bin" build -q --only pdf --content "$tmp/seven" --answers "$tmp/none" \
	--out "$tmp/seven-out" 2>"$tmp/seven.err" || ko "7-level build failed: $(cat "$tmp/seven.err")"
pdftotext -enc UTF-8 "$tmp/seven-out/pdf/questionnaire.pdf" "$tmp/seven.txt" ||
	ko "pdftotext (7 levels)"

python3 - "$tmp" <<'EOF' || fail=1
import glob, json, os, re, sys
import yaml

tmp = sys.argv[1]
bad = 0

def ko(msg):
    global bad
    print("check-questionnaire-pdf: FAIL: " + msg)
    bad = 1

def norm(s):
    return re.sub(r"[\s\-\u00ad\u2010]+", "", s)

def fiches(content):
    out = {}
    for p in glob.glob(content + "/fiches/*.md"):
        fm = yaml.safe_load(open(p, encoding="utf-8").read().split("---", 2)[1])
        out[fm.get("id") or os.path.basename(p)[:-3]] = fm
    return out

raw = open(tmp + "/q.txt", encoding="utf-8").read()
txt = norm(raw)
for field in ["Collectivité", "Code INSEE", "Date", "Répondant", "Rôle",
              "Comment répondre", "L’échelle de maturité"]:
    if norm(field) not in txt:
        ko("cover: %r missing" % field)
order = [f["id"] for f in json.load(open(tmp + "/order.json"))["fiches"]]
fm = fiches("content")
nq = 0
pos = txt.find(norm("AXE 1"))
spans = []	# (start of a question's text, its level descriptors)
for fid in order:
    at = txt.find(norm(fm[fid]["title"]), pos)
    if at < 0:
        ko("fiche %r missing or out of order" % fid)
        continue
    pos = at
    for i, q in enumerate(fm[fid].get("questions", [])):
        nq += 1
        at = txt.find(norm("Q%d. %s" % (i + 1, q["text"])), pos)
        if at < 0:
            ko("%s: question %r missing or out of order" % (fid, q["id"]))
            continue
        pos = at
        spans.append((at, "%s.%s" % (fid, q["id"]), q["levels"]))
# pdftotext may read a grid's columns across two questions: each descriptor
# is looked for after its fiche's first question
for k, (at, name, levels) in enumerate(spans):
    for lv in levels:
        if norm(lv) not in txt[max(0, at - 3000):]:
            ko("%s: level descriptor %r missing" % (name, lv[:40]))
for word in ["Sans objet", "Ne sait pas"]:
    # the cover's instructions name each once
    n = txt.count(norm(word)) - 1
    if n != nq:
        ko("%d boxes %r for %d questions" % (n, word, nq))
outl = json.load(open(tmp + "/outlines.json"))["outlines"]
naxes = len({fm[f]["axis"] for f in fm if fm[f].get("questions")})
nfiches = sum(1 for f in fm if fm[f].get("questions"))
kids = sum(len(o.get("kids", [])) for o in outl)
if len(outl) != naxes or kids != nfiches:
    ko("%d axis and %d fiche bookmarks, expected %d and %d"
       % (len(outl), kids, naxes, nfiches))

seven = norm(open(tmp + "/seven.txt", encoding="utf-8").read())
for fid, f in fiches(tmp + "/seven").items():
    for q in f.get("questions", []):
        for lv in q["levels"]:
            if norm(lv) not in seven:
                ko("7 levels: %r missing" % lv)
if norm("6 · Palier 6") not in seven:
    ko("7 levels: the last level's label is missing")
print("check-questionnaire-pdf: %d questions, %d fiches, %d pages of text"
      % (nq, nfiches, raw.count("\f")))
sys.exit(bad)
EOF
[ "$fail" -eq 0 ] || exit 1
echo "check-questionnaire-pdf: ok"
