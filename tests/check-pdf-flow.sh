#!/bin/sh
# PDF content is never lost: a level descriptor and a fiche title longer
# than a page flow on to the next pages instead of being cut at the bottom
# (pdftotext finds their last words, and they are on later pages).
name=pdf-flow
. tests/lib.sh
cp -R tests/fixtures/content "$tmp/"
mkdir -p "$tmp/answers"
long=$(python3 -c 'print(" ".join("descripteur%d" % i for i in range(2500)))')
title=$(python3 -c 'print(" ".join("titre%d" % i for i in range(700)))')
cat >"$tmp/content/fiches/longue.md" <<EOF
---
title: "Début $title FINDUTITRE"
axis: beta
questions:
  - id: q
    text: "Une question ?"
    levels: ["Zéro", "Début $long FINDUDESCRIPTEUR", "Deux", "Trois", "Quatre"]
recommendations:
  - question: q
    below: 2
    text: "R"
---
Corps.
EOF
"$bin" build -q --content "$tmp/content" --answers "$tmp/answers" --out "$tmp/out" --only pdf 2>"$tmp/err" &&
	ok || ko "build: $(cat "$tmp/err")"
for doc in guide questionnaire; do
	pdftotext "$tmp/out/pdf/$doc.pdf" "$tmp/$doc.txt" && ok || ko "pdftotext $doc"
	for w in FINDUTITRE FINDUDESCRIPTEUR descripteur1250 titre350; do
		grep -q "$w" "$tmp/$doc.txt" && ok || ko "$doc.pdf: \"$w\" lost"
	done
	# every page's text stays in the page: pdftotext -bbox gives no word
	# below the page's height
	pdftotext -bbox "$tmp/out/pdf/$doc.pdf" "$tmp/$doc.html"
	python3 - "$tmp/$doc.html" <<'EOF' && ok || ko "$doc.pdf: text past the bottom of a page"
import re, sys
bad = 0
for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', open(sys.argv[1]).read(), re.S):
    h = float(page.group(2))
    for m in re.finditer(r'yMax="([\d.]+)"', page.group(3)):
        if float(m.group(1)) > h:
            bad += 1
sys.exit(1 if bad else 0)
EOF
done
echo "pdf-flow: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
