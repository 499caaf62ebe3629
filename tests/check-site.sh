#!/bin/sh
# check-site.sh: the static site (`autodiag build --only site`).
#   - every page of the shipped guide and of the test guide (tests/site/) is
#     valid HTML for tidy (no error);
#   - no page refers to an http(s) URL in href/src, except content links
#     (fiche bodies) and evidence links of answers files;
#   - a fiche page and a report page match their golden files
#     (tests/site/*.golden; regenerate with UPDATE_GOLDEN=1 sh tests/check-site.sh
#     and review the diff);
#   - two builds give byte-identical trees;
#   - hostile strings from answers files come out escaped, never as markup.
# Runs from the repository root after `make all`.
set -u
bin=${AUTODIAG:-./autodiag}
tmp=tests/tmp/site
golden=tests/site
fail=0
export SOURCE_DATE_EPOCH=1767225600

rm -rf "$tmp"
mkdir -p "$tmp"

bad() {
	echo "check-site: FAIL: $*"
	fail=1
}

build() { # OUT [options]: builds the site into OUT
	out=$1
	shift
	"$bin" build -q --only site --out "$out" "$@" 2>"$out.err" ||
		bad "build $* failed: $(cat "$out.err")"
}

build "$tmp/guide"
build "$tmp/guide2"
build "$tmp/test" --content "$golden/content" --answers "$golden/answers"

# Byte-identical rebuilds.
diff -r "$tmp/guide" "$tmp/guide2" >/dev/null || bad "two builds differ"

# Every page type is there.
for p in index.html methode.html questionnaire.html observatoire.html 404.html \
	sitemap.xml data/model.json data/scores.json data/scores.csv \
	assets/style.css assets/model.js assets/search-index.js \
	axes/donnees.html fiches/gouvernance.html rapports/demo-2026.html; do
	[ -s "$tmp/test/site/$p" ] || bad "missing $p"
done

# tidy: no error on any page (warnings about ARIA attributes unknown to
# tidy 5.6 and intentionally empty elements are not errors).
for f in $(find "$tmp/guide/site" "$tmp/test/site" -name '*.html' | sort); do
	if tidy -q -e --drop-empty-elements no "$f" 2>&1 | grep -q 'Error:'; then
		bad "tidy: $f"
		tidy -q -e --drop-empty-elements no "$f" 2>&1 | grep 'Error:' | head -5
	fi
done

# No external reference outside content links: drop the Markdown bodies of
# fiches, experiences and resources (cmark output, between <div
# class="fiche-body"> and its </div>), evidence links and experience sources.
for f in $(find "$tmp/guide/site" "$tmp/test/site" -name '*.html' | sort); do
	ext=$(sed '/<div class="\(fiche\|experience\|ressource\)-body[^"]*">/,/^<\/div>$/d' "$f" |
		sed 's/<a class="\(evidence\|source\)" href="[^"]*"//g' |
		grep -Eo '(href|src)="https?://[^"]*"' | head -3)
	[ -z "$ext" ] || bad "external reference in $f: $ext"
done
grep -q 'href="https://example.org/charte"' "$tmp/test/site/fiches/gouvernance.html" ||
	bad "the content link of the test fiche is missing"

# Goldens: one fiche page and one report page (history, peers, notes).
for pair in fiches/gouvernance.html:fiche-gouvernance.golden \
	rapports/demo-2026.html:rapport-demo-2026.golden; do
	page=${pair%%:*}
	gold=$golden/${pair#*:}
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$tmp/test/site/$page" "$gold"
	elif ! diff -u "$gold" "$tmp/test/site/$page" >"$tmp/golden.diff"; then
		bad "$page differs from $gold"
		head -40 "$tmp/golden.diff"
	fi
done

# Hostile answers: the territory, respondent and notes never come out as markup.
h=$tmp/test/site/rapports/hostile.html
grep -q '<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>' "$h" || bad "territory not escaped in $h"
for f in $(find "$tmp/test/site" -name '*.html'); do
	if grep -q -e '<script>alert' -e '<img src=x' -e '<b>gras' -e 'onmouseover="alert' "$f"; then
		bad "unescaped hostile string in $f"
	fi
done
grep -q 'href="javascript' "$tmp/test/site/rapports/demo-2026.html" && bad "javascript: evidence link"
grep -q 'href="javascript' "$tmp/test/site/fiches/gouvernance.html" && bad "javascript: content link"
grep -q '<script>alert("corps")' "$tmp/test/site/fiches/gouvernance.html" && bad "raw HTML of a fiche body"

# The fiche body's headings start at h2 under the page's h1, in order.
grep -c '<h1' "$tmp/test/site/fiches/gouvernance.html" | grep -qx 1 || bad "more than one h1"
grep -q '<h3>Enjeux</h3>' "$tmp/test/site/fiches/gouvernance.html" || bad "heading levels not shifted"

# The report shows the figures a reader checks by hand: Démo-sur-Mer 2026
# answers cartographie 1 (weight 2), instance nsp, publication 2, canaux 2:
# gouvernance 1, ouverture 2, données (2x1 + 1x2)/3 = 1.33, usagers 2,
# overall (1.33 + 2) / 2 = 1.67.
r=$tmp/test/site/rapports/demo-2026.html
grep -q 'Score 1,7 sur 4 (42' "$r" || bad "overall score of demo-2026"
grep -q 'data-chart="history"' "$r" || bad "no history chart in demo-2026"
grep -q '5 collectivités de même nature' "$r" || bad "no peer comparison in demo-2026"

# The collective, planned report of Démo-sur-Mer 2026: divergences highest
# spread first (cartographie 3, then publication and canaux 2 in fiche
# order), each view, the agreed level or the lower median, the scores per
# role; the roadmap with its progress and what was done since 2025; later
# steps collapsed.  Alpha (one respondent, no plan) has none of it.
python3 - "$tmp/test/site/rapports" <<'EOF' || bad "collective report of demo-2026"
import html, re, sys
d = sys.argv[1]
def text(s):
    return re.sub(r'\s+', ' ', html.unescape(re.sub(r'<[^>]+>', ' ', s))).strip()
demo = open(d + '/demo-2026.html', encoding='utf-8').read()
alpha = open(d + '/alpha-2026.html', encoding='utf-8').read()
div = demo.split('id="r-divergences"', 1)[1].split('</section>', 1)[0]
items = [text(i) for i in re.findall(r'<li><p><a href=.*?</li>\n</ul>\n<p class="meta">.*?</p></li>', div, re.S)]
assert len(items) == 3, items
assert items[0].startswith('Gouvernance de la donnée : La collectivité dispose-t-elle'), items[0]
assert 'Élue au numérique (Élus) : 3 – Déploiement DGS (Direction générale) : 1 – Découverte Service informatique (Services) : 0 – Non engagé Écart : 3 · niveau convenu : 1 – Découverte' in items[0], items[0]
assert items[1].startswith('Ouverture des données') and 'Écart : 2' in items[1], items[1]
assert items[2].startswith('Accueil des usagers') and 'pas de niveau convenu ; niveau retenu (médiane basse des avis) : 2 – Structuration' in items[2], items[2]
assert 'href="../fiches/gouvernance.html"' in div
assert 'commencer l’atelier par les écarts les plus grands' in div
roles = text(div.split('<table', 1)[1].split('</table>', 1)[0])
assert 'Axe Niveau retenu Élus Direction générale Services' in roles, roles
assert 'Relation aux usagers 2,0 2,0 3,0 1,0' in roles, roles
road = text(demo.split('id="r-feuille"', 1)[1].split('</section>', 1)[0])
assert 'La collectivité a retenu 3 actions. Avancement : 1 prévue, 1 en cours et 1 faite (33 % des actions faites).' in road, road
assert 'Désigner un référent de la relation usagers. (ne s’applique plus : le niveau a progressé)' in road
assert 'Depuis le diagnostic du 1er juin 2025 Actions menées à bien depuis : Désigner un référent' in road, road
assert 'Actions adoptées alors qui ne s’appliquent plus, le niveau ayant progressé : Publier les délais' in road
assert 'href="../rapports/demo-2025.html"' in demo
assert '<details class="later">' in demo and '<details class="later" open' not in demo
for w in ['id="r-divergences"', 'id="r-feuille"', 'Scores par axe selon chaque rôle']:
    assert w not in alpha, w
assert 'Aucun plan n’a encore été adopté' in alpha
EOF

# data/scores.json holds one export_result per answers file.
n=$(grep -c '"slug"' "$tmp/test/site/data/scores.json")
[ "$n" -eq 8 ] || bad "scores.json has $n results, expected 8"

# The sitemap has absolute URLs only, from base_url (none in the test guide).
grep -q '<loc>' "$tmp/test/site/sitemap.xml" && bad "sitemap without base_url has URLs"
cp -R "$golden/content" "$tmp/content-url"
printf 'base_url: "https://exemple.fr/guide"\n' >>"$tmp/content-url/site.yaml"
build "$tmp/url" --content "$tmp/content-url" --answers "$golden/answers"
grep -q '<loc>https://exemple.fr/guide/fiches/ouverture.html</loc>' "$tmp/url/site/sitemap.xml" ||
	bad "sitemap.xml has no absolute URL from base_url"
grep -q '<loc>[^h]' "$tmp/url/site/sitemap.xml" && bad "relative URL in sitemap.xml"

# A copied theme is used without recompiling; its mistakes are reported with
# their position and fail the build (status 1), never give empty pages.
cp -R themes/default "$tmp/theme"
sed 's/<h1>/<h2>{{#oops}}/' themes/default/templates/404.mustache >"$tmp/theme/templates/404.mustache"
sed 's/Aller au contenu/Sauter au contenu/' themes/default/strings.yaml >"$tmp/theme/strings.yaml"
"$bin" build -q --only site --theme "$tmp/theme" --out "$tmp/themed" 2>"$tmp/themed.err"
st=$?
[ "$st" -eq 1 ] || bad "a broken template gives status $st, expected 1"
grep -q '404.mustache:[0-9]*:[0-9]*: error: ' "$tmp/themed.err" || bad "no positioned error for a broken template"
[ -e "$tmp/themed" ] && bad "a failed build left an output directory"
sed 's/{{#oops}}//' "$tmp/theme/templates/404.mustache" | sed 's/<h2>/<h1>/' >"$tmp/404.fixed"
mv "$tmp/404.fixed" "$tmp/theme/templates/404.mustache"
"$bin" build -q --only site --theme "$tmp/theme" --out "$tmp/themed" || bad "build with a copied theme"
grep -q 'Sauter au contenu' "$tmp/themed/site/index.html" || bad "strings.yaml of --theme not used"
rm "$tmp/theme/templates/base.mustache"
"$bin" build -q --only site --theme "$tmp/theme" --out "$tmp/themed2" 2>"$tmp/themed2.err" &&
	bad "a theme without base.mustache builds"
grep -q 'missing template "base.mustache"' "$tmp/themed2.err" || bad "no error for a missing parent template"

[ "$fail" -eq 0 ] && echo "check-site: ok"
exit "$fail"
