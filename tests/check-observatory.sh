#!/bin/sh
# check-observatory.sh: the observatory, the history of a territory and the
# build at scale, on the small guide of tests/observatory/content (scale 0-3,
# axis A: fiche A1; axis B: fiches B1 and B2; one question each, so that a
# fiche's level is its answer) and answers files written below:
#   - anonymity: a kind of 4 authorities and bands of 4 never show a figure
#     in observatoire.html, the groups of 5 do; a group of 5 whose figures
#     would give a group of 4 by difference is hidden too;
#   - exact histogram counts and medians, computed by hand;
#   - a territory with three diagnostics: evolution table (scores and
#     levels), levels gained and lost since the previous one, in the report
#     page and in the PDF report (pdftotext);
#   - escaping of the territory name, tidy, byte-identical rebuilds;
#   - 1 000 generated authorities (tests/score_ref.py): the whole build
#     with -j 2 succeeds, its observatory counts the authorities a Python
#     reading of the files finds; time and peak memory are printed.
# Runs from the repository root after `make all`.
set -u
bin=${AUTODIAG:-./autodiag}
tmp=${OBS_TMP:-tests/tmp/observatory}
content=tests/observatory/content
fail=0
export SOURCE_DATE_EPOCH=1767225600
nn=$(printf '\342\200\257')	# U+202F, the thousands separator

rm -rf "$tmp"
mkdir -p "$tmp/main" "$tmp/masked"

bad() {
	echo "check-observatory: FAIL: $*"
	fail=1
}

# ans DIR SLUG TERRITORY CODE KIND POPULATION DATE A1 B1 [B2]
ans() {
	{
		printf 'territory: "%s"\n' "$3"
		[ -z "$4" ] || printf 'code: "%s"\n' "$4"
		printf 'kind: %s\npopulation: %s\ndate: %s\nversion: "2026.1"\n' "$5" "$6" "$7"
		printf 'answers:\n  a1: {q: %s}\n  b1: {q: %s}\n' "$8" "$9"
		[ $# -lt 10 ] || printf '  b2: {q: %s}\n' "${10}"
	} >"$1/$2.yaml"
}

# The main set: 18 authorities, 20 files.
#   communes (8): Valbourg (3 dates) and c1-c3 under 3 500 inhabitants (4),
#     c4-c7 from 3 500 to 19 999 (4); axis A levels 3, 0, 1, 1, 2, 2, 2, 3
#   intercommunalités (5), 20 000-49 999: axis A 1, 1, 2, 3, 3
#   départements (4) and one région, 100 000 or more: axis A 0, 0, 0, 0, 3
#   axis B: every latest file scores 1
m=$tmp/main
v='Valbourg <i>&</i>'
ans "$m" valbourg-2024 "$v" 99001 commune 1000 2024-03-01 1 2
ans "$m" valbourg-2025 "$v" 99001 commune 1000 2025-03-01 2 1
ans "$m" valbourg-2026 "$v" 99001 commune 1000 2026-03-01 3 0 2
ans "$m" c1 "Commune 1" "" commune 1000 2026-01-10 0 1
ans "$m" c2 "Commune 2" "" commune 1000 2026-01-10 1 1
ans "$m" c3 "Commune 3" "" commune 1000 2026-01-10 1 1
ans "$m" c4 "Commune 4" "" commune 5000 2026-01-10 2 1
ans "$m" c5 "Commune 5" "" commune 5000 2026-01-10 2 1
ans "$m" c6 "Commune 6" "" commune 5000 2026-01-10 2 1
ans "$m" c7 "Commune 7" "" commune 5000 2026-01-10 3 1
for i in 1 2 3 4 5; do
	set -- 0 1 1 2 3 3
	eval "lv=\${$((i + 1))}"
	ans "$m" "i$i" "Interco $i" "" intercommunalite 25000 2026-01-10 "$lv" 1
done
for i in 1 2 3 4; do
	ans "$m" "d$i" "Département $i" "" departement 150000 2026-01-10 0 1
done
ans "$m" r1 "Région 1" "" region 150000 2026-01-10 3 1

# The masked set: 10 communes, 4 intercommunalités, 5 départements, all of
# the same band: the départements would give the 4 by difference.
k=$tmp/masked
for i in 1 2 3 4 5 6 7 8 9 10; do
	ans "$k" "c$i" "Commune $i" "" commune 1000 2026-01-10 1 1
done
for i in 1 2 3 4; do
	ans "$k" "i$i" "Interco $i" "" intercommunalite 1000 2026-01-10 2 1
done
for i in 1 2 3 4 5; do
	ans "$k" "d$i" "Département $i" "" departement 1000 2026-01-10 3 1
done

build() { # OUT ANSWERS [options]
	out=$1
	shift
	"$bin" build -q --content "$content" --out "$out" --answers "$@" 2>"$out.err" ||
		bad "build $* failed: $(cat "$out.err")"
}
build "$tmp/out" "$m"
build "$tmp/out2" "$m" -j 2
build "$tmp/outm" "$k" --only site
diff -r "$tmp/out" "$tmp/out2" >/dev/null || bad "two builds of the same set differ"

obs=$tmp/out/site/observatoire.html
rep=$tmp/out/site/rapports/valbourg-2026.html
has() { # FILE TEXT: FILE contains TEXT (fixed string)
	grep -qF -- "$2" "$1" || bad "$1 lacks: $2"
}
hasnt() {
	! grep -qF -- "$2" "$1" || bad "$1 shows: $2"
}

# A hidden group: every row naming it says why, with no other figure.
hidden() { # FILE LABEL MESSAGE
	rows=$(grep -F ">$2<" "$1")
	[ -n "$rows" ] || bad "$1: no row for $2"
	echo "$rows" | grep -vqF "$3" && bad "$1: a row of $2 lacks \"$3\""
	left=$(echo "$rows" | sed 's/^.*<\/th>//; s/<[^>]*>//g; s/moins de 5 collectivités//g; s/&#160;//g')
	echo "$left" | grep -q '[0-9]' && bad "$1: figures shown for $2: $left"
	grep -qF "<h3>$2</h3>" "$1" && bad "$1: a histogram of $2 is drawn"
	return 0
}

# Totals: 18 authorities (Valbourg once), 20 answers files.
has "$obs" '<p class="kpi-label">Collectivités</p><p class="kpi-value">18</p>'
has "$obs" '<p class="kpi-label">Diagnostics</p><p class="kpi-value">20</p>'
# Group sizes: communes 8, intercommunalités 5; the 4 départements, the
# région alone and the bands of 4 are hidden (together they are 5 or more).
has "$obs" '<tr><th scope="row">Commune</th><td>8</td></tr>'
has "$obs" '<tr><th scope="row">Intercommunalité</th><td>5</td></tr>'
has "$obs" "<tr><th scope=\"row\">De 20${nn}000 à 49${nn}999 habitants</th><td>5</td></tr>"
has "$obs" "<tr><th scope=\"row\">100${nn}000 habitants ou plus</th><td>5</td></tr>"
small='moins de 5 collectivités&#160;: non affiché'
hidden "$obs" Département "$small"
hidden "$obs" Région "$small"
hidden "$obs" "Moins de 3${nn}500 habitants" "$small"
hidden "$obs" "De 3${nn}500 à 19${nn}999 habitants" "$small"
# Axis A histograms (levels 0 to 3, then the median):
#   all 18: 5, 4, 4, 5, median of the 9th and 10th scores (1 and 2) 1,5
#   communes: 1, 2, 3, 2, median 2,0; intercommunalités: 0, 2, 1, 2, 2,0
#   100 000 or more (4 départements at 0, the région at 3): 4, 0, 0, 1, 0,0
n='<td class="num">'
row() { printf '<tr><th scope="row">%s</th>%s%s</td>%s%s</td>%s%s</td>%s%s</td>%s%s</td>%s%s</td></tr>' \
	"$1" "$n" "$2" "$n" "$3" "$n" "$4" "$n" "$5" "$n" "$6" "$n" "$7"; }
has "$obs" "$(row 'Toutes les collectivités' 18 5 4 4 5 1,5)"
has "$obs" "$(row Commune 8 1 2 3 2 2,0)"
has "$obs" "$(row Intercommunalité 5 0 2 1 2 2,0)"
has "$obs" "$(row "De 20${nn}000 à 49${nn}999 habitants" 5 0 2 1 2 2,0)"
has "$obs" "$(row "100${nn}000 habitants ou plus" 5 4 0 0 1 0,0)"
# Axis B: all 18 at level 1.
has "$obs" "$(row 'Toutes les collectivités' 18 0 18 0 0 1,0)"
# The histograms drawn: the count above each bar of axis A, all 18.
grep -q 'text-anchor="middle">5</text>' "$obs" || bad "histogram bar labels missing"
has "$obs" '<h3>Intercommunalité</h3>'
has "$obs" 'href="data/scores.csv"'
has "$obs" 'href="data/scores.json"'

# Masking: the 5 départements would give the 4 intercommunalités as
# 19 - 10 - 5, so they are hidden too, and say why.
obsm=$tmp/outm/site/observatoire.html
has "$obsm" '<tr><th scope="row">Commune</th><td>10</td></tr>'
hidden "$obsm" Intercommunalité "$small"
hidden "$obsm" Département 'on en déduirait par différence un groupe de moins de 5'

# Fewer than 5 authorities in all: no distribution at all.
mkdir -p "$tmp/few"
for i in 1 2 3 4; do cp "$k/c$i.yaml" "$tmp/few/"; done
build "$tmp/outf" "$tmp/few" --only site
has "$tmp/outf/site/observatoire.html" 'la répartition n’est pas encore affichée'
hidden "$tmp/outf/site/observatoire.html" 'Toutes les collectivités' "$small"

# History of Valbourg (hand-computed), in its 2026 report:
#   overall 1,5 / 1,5 / 2,0; axis A 1 / 2 / 3; axis B 2 / 1 / 1 (B1 0 and B2 2)
#   since 1 March 2025: A1 gained 2 -> 3, B1 lost 1 -> 0, B2 first assessed.
has "$rep" '<h2 id="r-historique">Évolution</h2>'
has "$rep" '<tr><th scope="row">Score global</th><td>1,5 (niveau 1 – Amorcé)</td><td>1,5 (niveau 1 – Amorcé)</td><td>2,0 (niveau 2 – Établi)</td></tr>'
has "$rep" '<tr><th scope="row"><a href="../axes/a.html">Axe A</a></th><td>1,0 (niveau 1 – Amorcé)</td><td>2,0 (niveau 2 – Établi)</td><td>3,0 (niveau 3 – Exemplaire)</td></tr>'
has "$rep" '<tr><th scope="row"><a href="../axes/b.html">Axe B</a></th><td>2,0 (niveau 2 – Établi)</td><td>1,0 (niveau 1 – Amorcé)</td><td>1,0 (niveau 1 – Amorcé)</td></tr>'
has "$rep" '<h3>Ce qui a changé depuis le diagnostic du <a href="../rapports/valbourg-2025.html">1er mars 2025</a></h3>'
gained=$(sed -n '/<ul class="changes-gained">/,/<\/ul>/p' "$rep")
lost=$(sed -n '/<ul class="changes-lost">/,/<\/ul>/p' "$rep")
other=$(sed -n '/<ul class="changes-other">/,/<\/ul>/p' "$rep")
echo "$gained" | grep -qF 'Fiche A1</a>&#160;: niveau 2 – Établi → niveau 3 – Exemplaire</li>' ||
	bad "A1 not listed as gained: $gained"
echo "$lost" | grep -qF 'Fiche B1</a>&#160;: niveau 1 – Amorcé → niveau 0 – Absent</li>' ||
	bad "B1 not listed as lost: $lost"
echo "$other" | grep -qF 'Fiche B2</a>&#160;: non évalué → niveau 2 – Établi</li>' ||
	bad "B2 not listed as first assessed: $other"
[ "$(echo "$gained" | grep -c '<li>')" = 1 ] || bad "gained: one fiche expected"
[ "$(echo "$lost" | grep -c '<li>')" = 1 ] || bad "lost: one fiche expected"
# The first report has a history but no previous one; a lone file none.
has "$tmp/out/site/rapports/valbourg-2024.html" 'Évolution'
hasnt "$tmp/out/site/rapports/valbourg-2024.html" 'Ce qui a changé'
hasnt "$tmp/out/site/rapports/c1.html" 'r-historique'
# Its place among all: axis A, level 3, where 5 of the 18 are, and 2 of the
# 8 communes; its band (4 authorities under 3 500) is not shown.
has "$rep" '<tr><th scope="colgroup" colspan="7">Axe A&#160;: votre niveau 3 – Exemplaire</th></tr>'
has "$rep" '<tr><th scope="row">Toutes les collectivités</th><td class="num">18</td><td class="num">5</td><td class="num">4</td><td class="num">4</td><td class="num"><strong>5</strong>'
has "$rep" '<tr><th scope="row">Commune (même nature)</th><td class="num">8</td><td class="num">1</td><td class="num">2</td><td class="num">3</td><td class="num"><strong>2</strong>'
hidden "$rep" "Moins de 3${nn}500 habitants (même tranche)" "$small"
has "$rep" '· médiane 1,5</p><svg class="line-chart histogram"'
# The territory name is escaped wherever it appears.
has "$rep" 'Valbourg &lt;i&gt;&amp;&lt;/i&gt;'
hasnt "$rep" 'Valbourg <i>'

# tidy: no error on the pages of this test.
for f in "$obs" "$obsm" "$rep" "$tmp/out/site/rapports/valbourg-2024.html" \
	"$tmp/out/site/rapports/c1.html"; do
	if tidy -q -e --drop-empty-elements no "$f" 2>&1 | grep -q 'Error:'; then
		bad "tidy: $f"
		tidy -q -e --drop-empty-elements no "$f" 2>&1 | grep 'Error:' | head -5
	fi
done

# The PDF report: the same history and changes, as a reader copies them.
txt=$tmp/valbourg-2026.txt
pdftotext "$tmp/out/pdf/rapports/valbourg-2026.pdf" - |
	sed 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g' | tr -s ' \n' ' ' >"$txt"
for s in 'Évolution' 'Score global 1,5 (niveau 1) 1,5 (niveau 1) 2,0 (niveau 2)' \
	'Axe A 1,0 (niveau 1) 2,0 (niveau 2) 3,0 (niveau 3)' \
	'Axe B 2,0 (niveau 2) 1,0 (niveau 1) 1,0 (niveau 1)' \
	'Ce qui a changé depuis le diagnostic du 1er mars 2025' \
	'Niveaux gagnés Fiche A1 : niveau 2 « Établi » → niveau 3 « Exemplaire »' \
	'Niveaux perdus Fiche B1 : niveau 1 « Amorcé » → niveau 0 « Absent »' \
	'Fiche B2 : non évalué → niveau 2 « Établi »' \
	'Parmi toutes les collectivités' \
	'Votre niveau : 3 « Exemplaire ». 18 collectivités évaluées, médiane 1,5.' \
	'Commune (même nature) : 8 évaluées, médiane 2,0, dont 2 à votre niveau.' \
	'Moins de 3 500 habitants (même tranche) : moins de 5 collectivités : non affiché.'; do
	grep -qF -- "$s" "$txt" || bad "PDF report lacks: $s"
done
grep -q 'missing from font' "$tmp/out.err" && bad "PDF: characters missing from the font"

# 1 000 generated authorities: the whole build with 2 jobs (OBS_SKIP_BIG=1
# skips it while working on the small cases).
big=$tmp/gen
[ -z "${OBS_SKIP_BIG:-}" ] || { [ "$fail" = 0 ] && echo "check-observatory: ok (1 000 skipped)"; exit "$fail"; }
python3 -c "import sys; sys.path.insert(0, 'tests'); import score_ref as s; \
g = s.load_guide('content'); s.generate(*g, '$big', 1000)" || bad "generating 1 000 answers failed"
expect=$(python3 -c "
import glob, yaml
keys = set()
for p in glob.glob('$big/*.yaml'):
    a = yaml.safe_load(open(p, encoding='utf-8'))
    keys.add(('code', str(a['code'])) if 'code' in a else ('name', a['territory']))
print(len(keys))")
if /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" build -q --answers "$big" \
	--out "$tmp/big" -j 2 2>"$tmp/big.err"; then
	read -r secs kb <"$tmp/time"
	echo "check-observatory: 1 000 answers files, $expect authorities: build -j 2 in $secs s, peak $kb KB"
	has "$tmp/big/site/observatoire.html" "<p class=\"kpi-value\">$expect</p>"
	has "$tmp/big/site/observatoire.html" '<p class="kpi-value">1000</p>'
	# Per axis, the histogram of all authorities, recomputed from the
	# levels of data/scores.csv and the latest file of each territory.
	python3 - "$tmp/big/site" <<'EOF' || bad "the observatory of 1 000 disagrees with scores.csv"
import csv, re, sys
site = sys.argv[1]
rows = list(csv.DictReader(open(site + '/data/scores.csv', encoding='utf-8')))
axes = [c[:-6] for c in rows[0] if c.endswith('_level') and c != 'overall_level']
latest = {}
for r in rows:
    key = ('code', r['code']) if r['code'] else ('name', r['territory'])
    if key not in latest or (r['date'], r['slug']) > (latest[key]['date'], latest[key]['slug']):
        latest[key] = r
html = open(site + '/observatoire.html', encoding='utf-8').read()
got = re.findall(r'<tr><th scope="row">Toutes les collectivités</th>((?:<td class="num">[^<]*</td>)+)', html)
got = [re.findall(r'<td class="num">([^<]*)</td>', g)[:-1] for g in got]
nlevels = len(got[0]) - 1 if got else 0
want = []
for ax in axes:
    lv = [int(r[ax + '_level']) for r in latest.values() if r[ax + '_level'] != '']
    want.append([str(len(lv))] + [str(lv.count(i)) for i in range(nlevels)])
if got != want:
    print('observatory:', got, '\nscores.csv:', want)
    sys.exit(1)
EOF
	[ "$(ls "$tmp/big/site/rapports" | wc -l)" = 1000 ] || bad "not 1 000 report pages"
	[ "$(ls "$tmp/big/pdf/rapports" | wc -l)" = 1000 ] || bad "not 1 000 PDF reports"
else
	bad "build of 1 000 answers failed: $(tail -3 "$tmp/big.err")"
fi

[ "$fail" = 0 ] && echo "check-observatory: ok"
exit "$fail"
