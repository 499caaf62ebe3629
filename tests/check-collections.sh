#!/bin/sh
# check-collections.sh: the experiences and resources (content/experiences/,
# content/ressources/) as a user meets them: `check` counts them, a guide
# without them is fine, `template --format experience|ressource` prints a
# file that is valid YAML and checks clean once saved in the guide.  The
# positioned errors are in the bad-input corpus (tests/bad/exp-*, res-*).
name=collections
. tests/lib.sh
guide=tests/collections/content
mkdir -p "$tmp/none"

# run STATUS CMD...: runs CMD into $tmp/out and $tmp/err, checks its status
run() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else ko "$* exited $got, not $want"; cat "$tmp/err"; fi
}

# the test guide: both collections counted, nothing on stderr
run 0 "$bin" check --content "$guide" --answers "$tmp/none"
grep -q ' : 3 fiches, 5 questions, 2 expériences, 3 ressources, 0 fichier de réponses, aucune erreur$' \
	"$tmp/out" && ok || ko "check counts: $(cat "$tmp/out")"
[ -s "$tmp/err" ] && ko "check warns: $(cat "$tmp/err")" || ok

# a guide without collection directories: fine, and not mentioned
run 0 "$bin" check --content tests/fixtures/content --answers "$tmp/none"
grep -q 'expérience' "$tmp/out" && ko "collections counted without any" || ok

# the templates: valid YAML front matter, and a file that checks clean
cp -R "$guide" "$tmp/guide"
for format in experience ressource; do
	run 0 "$bin" template --format $format --content "$guide"
	cp "$tmp/out" "$tmp/$format.md"
	python3 - "$tmp/$format.md" <<'PY' && ok || ko "template $format is not a valid front matter"
import sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
assert text.startswith("---\n")
front = yaml.safe_load(text.split("\n---\n", 1)[0][4:])
assert isinstance(front, dict) and front["title"] and front["fiches"] == ["a1"], front
PY
	cp "$tmp/$format.md" "$tmp/guide/${format}s/nouvelle.md"
done
run 0 "$bin" check --content "$tmp/guide" --answers "$tmp/none"
grep -q '3 expériences, 4 ressources' "$tmp/out" && ok || ko "templates do not check clean: $(cat "$tmp/out" "$tmp/err")"
run 2 "$bin" template --format roman
grep -q 'experience' "$tmp/err" && ok || ko "template usage names the formats"

# ---- the site ----
export SOURCE_DATE_EPOCH=1767225600
build() { # OUT CONTENT: builds the site of CONTENT into OUT
	"$bin" build -q --only site --content "$2" --answers "$tmp/none" --out "$1" 2>"$1.err" &&
		ok || ko "build $2: $(cat "$1.err")"
}
build "$tmp/s1" "$guide"
build "$tmp/s2" "$guide"
site=$tmp/s1/site
diff -r "$tmp/s1" "$tmp/s2" >/dev/null && ok || ko "two builds of the collections differ"
pages="experiences/index.html experiences/bourg-essai.html experiences/interco-essai.html
	ressources/index.html ressources/clauses-essai.html ressources/methode-essai.html"
for p in $pages fiches/a1.html fiches/a2.html fiches/b1.html index.html; do
	if [ ! -s "$site/$p" ]; then ko "missing $p"; continue; fi
	# tidy: no error and no warning, but for the ARIA attributes tidy 5.6 does
	# not know and the empty elements kept on purpose (as in check-site.sh)
	tidy -q -e --drop-empty-elements no "$site/$p" 2>&1 | grep -v 'proprietary attribute' >"$tmp/tidy"
	[ -s "$tmp/tidy" ] && ko "tidy $p: $(cat "$tmp/tidy")" || ok
	# no request leaves the site: no src or stylesheet outside it
	grep -Eq '(src|srcset)="(https?:)?//|<link[^>]*href="(https?:)?//' "$site/$p" &&
		ko "$p refers to an external resource" || ok
done

# has PAGE TEXT: the page holds the text (fixed string)
has() { grep -qF -- "$2" "$site/$1" && ok || ko "$1 lacks: $2"; }
hasnt() { grep -qF -- "$2" "$site/$1" && ko "$1 should not hold: $2" || ok; }
# the fiche pages link to their experiences and resources
has fiches/a1.html '<h2 id="ils-l-ont-fait">Ils l’ont fait</h2>'
has fiches/a1.html '<a href="../experiences/bourg-essai.html">'
has fiches/a1.html '<h2 id="documents">Documents à réutiliser</h2>'
has fiches/a1.html '<a href="../ressources/clauses-essai.html">'
hasnt fiches/a1.html 'interco-essai'
hasnt fiches/a1.html 'methode-essai.html'
has fiches/a2.html '<a href="../experiences/interco-essai.html">'
has fiches/a2.html '<a href="../ressources/methode-essai.html">'
has fiches/b1.html '<a href="../experiences/bourg-essai.html">'
has fiches/b1.html '<a href="../ressources/methode-essai.html">'
# an experience page: facts, body, sources as plain links, fiches, resources
p=experiences/bourg-essai.html
has $p '<h1>Une cartographie des données à Bourg-d’Essai</h1>'
# U+202F between the digit groups
has $p "$(printf '<dd>4\342\200\257200&#160;habitants</dd>')"
has $p '<h2>Ce qui a été fait</h2>'
has $p '<a class="source" href="https://www.example.org/bourg" rel="external noopener">Page de la commune</a>'
has $p '<a href="../fiches/b1.html">Fiche B1</a>'
has $p '<a href="../ressources/clauses-essai.html">Clauses d’essai</a>'
has ressources/clauses-essai.html '<li>dans un format ouvert.</li>'
has ressources/clauses-essai.html '<a href="../experiences/bourg-essai.html">'
has ressources/methode-essai.html 'CC BY 4.0'
# the indexes: every item, with what the filters read, in id order
p=experiences/index.html
has $p '<li class="card" data-axes="alpha beta" data-kind="commune" data-band="1">'
has $p '<li class="card" data-axes="alpha" data-kind="intercommunalite" data-band="3">'
has $p '<form class="filters" data-filter-list="liste-experiences" hidden>'
has ressources/index.html '<li class="card" data-axes="alpha beta">'
[ "$(grep -o 'data-kind="[a-z]*"' "$site/$p" | tr '\n' ' ')" = 'data-kind="commune" data-kind="intercommunalite" ' ] &&
	ok || ko "experience index order"
# the menu, the search index and the sitemap cover them
has index.html '<a href="experiences/index.html">Expériences</a>'
has index.html '<a href="ressources/index.html">Ressources</a>'
has experiences/index.html '<a href="../experiences/index.html" aria-current="page">Expériences</a>'
for id in experiences/bourg-essai experiences/interco-essai ressources/clauses-essai \
	ressources/methode-essai ressources/modele-essai; do
	has assets/search-index.js "\"href\":\"$id.html\""
	has sitemap.xml "<loc>https://guide.example.org/$id.html</loc>"
done

# ---- the resources as OpenDocument text ----
# The zip: "mimetype" first, stored, without extra field; every entry dated
# from SOURCE_DATE_EPOCH (1980-01-01 without it); every XML part well formed.
odt_zip() { # DIR YEAR-MONTH-DAY: checks every .odt of DIR
	python3 - "$@" <<'PY'
import glob, sys, zipfile, xml.dom.minidom
d, date = sys.argv[1], tuple(int(x) for x in sys.argv[2].split("-"))
files = sorted(glob.glob(d + "/*.odt"))
assert files, "no .odt in " + d
for f in files:
    z = zipfile.ZipFile(f)
    info = z.infolist()
    names = [i.filename for i in info]
    assert names == ["mimetype", "content.xml", "styles.xml", "meta.xml",
                     "META-INF/manifest.xml"], (f, names)
    assert info[0].compress_type == zipfile.ZIP_STORED and info[0].extra == b"", f
    assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text", f
    for i in info:
        assert i.date_time == date + (0, 0, 0), (f, i.filename, i.date_time)
        if i.filename.endswith(".xml"):
            xml.dom.minidom.parseString(z.read(i.filename))
PY
}
for r in clauses-essai methode-essai modele-essai; do
	[ -s "$site/ressources/$r.odt" ] && ok || ko "missing ressources/$r.odt"
done
has ressources/clauses-essai.html '<a href="./clauses-essai.odt" download>'
odt_zip "$site/ressources" 2026-01-01 && ok || ko "odt zip layout"
(unset SOURCE_DATE_EPOCH; build "$tmp/nodate1" "$guide"; build "$tmp/nodate2" "$guide")
odt_zip "$tmp/nodate1/site/ressources" 1980-01-01 && ok || ko "odt zip layout without a date"
cmp -s "$tmp/nodate1/site/ressources/modele-essai.odt" "$tmp/nodate2/site/ressources/modele-essai.odt" &&
	ok || ko "two .odt without SOURCE_DATE_EPOCH differ"

# LibreOffice opens every .odt (the test guide's and the shipped guide's) and
# finds the Markdown's text in it (tests/odt_text.py); a private profile.
build "$tmp/shipped" content
mkdir -p "$tmp/odt"
for f in "$site"/ressources/*.odt "$tmp"/shipped/site/ressources/*.odt; do
	[ -f "$f" ] || continue
	case $f in "$site"/*) src=$guide ;; *) src=content ;; esac
	id=$(basename "$f" .odt)
	cp "$f" "$tmp/odt/$id.odt"
	echo "$id $src/ressources/$id.md" >>"$tmp/odt/list"
done
if ! command -v soffice >/dev/null; then
	ko "soffice is missing (make deps-test installs libreoffice-writer-nogui)"
elif ! timeout 600 soffice -env:UserInstallation=file://$tmp/lo-profile --headless \
	--convert-to "txt:Text (encoded):UTF8" --outdir "$tmp/odt/txt" "$tmp"/odt/*.odt \
	>"$tmp/odt/soffice.log" 2>&1; then
	ko "soffice failed: $(cat "$tmp/odt/soffice.log")"
else
	n=0
	while read -r id md; do
		n=$((n + 1))
		if [ ! -s "$tmp/odt/txt/$id.txt" ]; then ko "LibreOffice did not open $id.odt"; continue; fi
		python3 tests/odt_text.py "$md" "$tmp/odt/txt/$id.txt" && ok || ko "text of $id.odt"
	done <"$tmp/odt/list"
	echo "collections: LibreOffice opened $n .odt files with the Markdown's text"
fi

# ---- PDF: the guide's part of experiences, one PDF per resource ----
pdf() { # OUT CONTENT: builds the PDFs of CONTENT into OUT
	"$bin" build -q --only pdf --content "$2" --answers "$tmp/none" --out "$1" 2>"$1.err" &&
		ok || ko "pdf build $2: $(cat "$1.err")"
}
pdf "$tmp/p" "$guide"
pdftotext "$tmp/p/pdf/guide.pdf" "$tmp/guide.txt"
intext() { # FILE TEXT: the pdftotext output FILE holds TEXT (fixed string)
	grep -qF -- "$2" "$1" && ok || ko "$(basename "$1") lacks: $2"
}
nb=' '	# pdftotext writes U+00A0 as a space
intext "$tmp/guide.txt" "Ils l’ont fait${nb}: retours d’expérience"
intext "$tmp/guide.txt" "Une cartographie des données à Bourg-d’Essai"
intext "$tmp/guide.txt" "Page de la commune — https://www.example.org/bourg"
intext "$tmp/guide.txt" "Fiches${nb}: Fiche A1, Fiche B1"
intext "$tmp/guide.txt" "Délibération — https://www.example.org/delib"
python3 tests/pdf_links.py "$tmp/p/pdf/guide.pdf" >"$tmp/links" && ok || ko "guide links: $(cat "$tmp/links")"
# 2 axes, 3 fiches, then the part and its 2 experiences
grep -q ': 8 bookmarks' "$tmp/links" && ok || ko "guide bookmarks: $(cat "$tmp/links")"
for r in clauses-essai methode-essai modele-essai; do
	f=$tmp/p/pdf/ressources/$r.pdf
	if [ -s "$f" ] && qpdf --check "$f" >/dev/null 2>&1; then ok; else ko "ressources/$r.pdf missing or broken"; fi
done
pdftotext "$tmp/p/pdf/ressources/modele-essai.pdf" "$tmp/modele.txt"
intext "$tmp/modele.txt" "DOCUMENT À RÉUTILISER — Cahier des charges"
intext "$tmp/modele.txt" "Licence${nb}: Licence Ouverte 2.0"
intext "$tmp/modele.txt" "Une ligne après un saut forcé."
intext "$tmp/modele.txt" "encore plus profond"
pdf "$tmp/p2" "$guide"
cmp -s "$tmp/p/pdf/guide.pdf" "$tmp/p2/pdf/guide.pdf" && cmp -s "$tmp/p/pdf/ressources/modele-essai.pdf" \
	"$tmp/p2/pdf/ressources/modele-essai.pdf" && ok || ko "two PDF builds differ"
pdf "$tmp/p-none" tests/fixtures/content
pdftotext "$tmp/p-none/pdf/guide.pdf" - | grep -q 'Ils l’ont fait' && ko "experiences part without experiences" || ok
[ -e "$tmp/p-none/pdf/ressources" ] && ko "pdf/ressources/ without resources" || ok

# a guide without collections: no menu entry, no section, no page
build "$tmp/none-site" tests/fixtures/content
hasnt_none() { grep -qF -- "$2" "$tmp/none-site/site/$1" && ko "no collections, yet $1 holds $2" || ok; }
hasnt_none index.html 'experiences/index.html'
hasnt_none fiches/a1.html 'ils-l-ont-fait'
[ -e "$tmp/none-site/site/experiences" ] && ko "experiences/ without experiences" || ok

# hostile strings come out escaped; raw HTML and javascript: links of bodies are dropped
cp -R "$guide" "$tmp/hostile"
cat >"$tmp/hostile/experiences/hostile.md" <<'MD'
---
title: "<script>alert(1)</script> & co"
territory: "<b>Ville</b>"
kind: commune
population: 100
year: 2020
fiches: [a1]
summary: "\"><img src=x onerror=alert(2)>"
sources:
  - {title: "<i>source</i>", url: "https://www.example.org/?a=1&b=<2>"}
---
<script>alert(3)</script>

[lien](javascript:alert(4)) <img src="x" onerror="alert(5)">
MD
"$bin" check --content "$tmp/hostile" --answers "$tmp/none" >/dev/null 2>"$tmp/err"
grep -q 'hostile.md:10:.*"url" must be an address' "$tmp/err" && ok || ko "url with <> accepted: $(cat "$tmp/err")"
sed -i 's/&b=<2>/\&b=2/' "$tmp/hostile/experiences/hostile.md"
build "$tmp/h" "$tmp/hostile"
h=$tmp/h/site
if grep -rq -e '<script>alert' -e '<img' -e 'href="javascript' -e '<b>Ville' -e '<i>source' \
	"$h/experiences" "$h/fiches"; then
	ko "hostile experience strings leak as markup"
else ok; fi
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; co' "$h/experiences/hostile.html" && ok ||
	ko "hostile title not shown escaped"

# the filters and the search in chromium (tests/browser/collections.mjs)
if [ ! -d tests/browser/node_modules ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || ko "npm ci"
fi
if SITE_COLL=$site node --test --test-reporter=dot tests/browser/collections.mjs >"$tmp/browser" 2>&1; then
	ok
else
	ko "browser tests:"
	cat "$tmp/browser"
fi

echo "collections: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
