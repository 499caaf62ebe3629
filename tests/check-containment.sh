#!/bin/sh
# check-containment.sh: hostile content and answers (tests/containment/) stay
# data; they never become code, links, formulas or files elsewhere.
#   - site: no page runs a script, frame, event handler or javascript:-like
#     link (scan_html.py parses every page as a browser would; a negative
#     control proves the scanner sees them); raw HTML in fiche bodies is
#     omitted; hostile titles are shown, escaped, not dropped;
#   - data: model.json and scores.json are valid JSON that give back the
#     exact hostile strings; the model.js/search-index.js scripts are valid
#     JavaScript that cannot close a <script> element; scores.csv cells never
#     start a spreadsheet formula (= + - @ tab CR);
#   - PDF: no JavaScript or launch action and no link but http(s)/mailto/tel
#     (scan_pdf.py on `qpdf --qdf`), while the safe links survive;
#   - files: a build (-j 2) writes under --out only: the listing (names,
#     sizes, checksums) of the directory around out/ is the same before and
#     after, also when the old out/ holds symbolic links to elsewhere; a
#     fiche `id: ../../x` and answers files named with ".." are rejected and
#     write nothing.
# Hostile answers already checked by check-site.sh (a territory in <h1>, a
# note in a textarea) are not repeated.  Runs from the repository root.
set -u
bin=${AUTODIAG:-$(pwd)/autodiag}
src=tests/containment
tmp=tests/tmp/containment
fail=0
export SOURCE_DATE_EPOCH=1767225600

ko() {
	echo "check-containment: FAIL: $*"
	fail=1
}

# Names, sizes and checksums of everything under $1 (but $1/out, whose
# parent it is: a leftover temporary directory beside out/ shows), one a line.
listing() {
	(cd "$1" && find . -path ./out -prune -o -print | sort | while read -r f; do
		if [ -L "$f" ]; then
			echo "$f -> $(readlink "$f")"
		elif [ -f "$f" ]; then
			echo "$f $(cksum <"$f")"
		else
			echo "$f/"
		fi
	done)
}

rm -rf "$tmp"
w=$tmp/work
mkdir -p "$w/victim-site" "$w/victim-pdf" "$w/out"
cp -R "$src/content" "$src/answers" "$w/"
echo "ne pas écraser" >"$w/victim-site/index.html"
echo "ne pas écraser" >"$w/victim-pdf/guide.pdf"
# An old out/ (written by a build: it has the marker) whose parts are
# symbolic links out of it: the build must not write through them.
ln -s ../victim-site "$w/out/site"
ln -s ../victim-pdf "$w/out/pdf"
echo "autodiag build" >"$w/out/.autodiag-build"
listing "$w" >"$tmp/before"

"$bin" build -q -j 2 --content "$w/content" --answers "$w/answers" --out "$w/out" \
	2>"$tmp/build.err" || ko "hostile build failed: $(cat "$tmp/build.err")"
site=$w/out/site
pdf=$w/out/pdf

# ---- files: nothing outside out/ ----
listing "$w" >"$tmp/after"
diff -u "$tmp/before" "$tmp/after" >"$tmp/listing.diff" ||
	{ ko "the build changed files outside out/:"; cat "$tmp/listing.diff"; }
[ -L "$w/out/site" ] && ko "out/site is still the old symbolic link"
[ -f "$site/index.html" ] || ko "no site/index.html"
[ -f "$pdf/guide.pdf" ] || ko "no pdf/guide.pdf"

# ---- site ----
python3 "$src/scan_html.py" "$site" >"$tmp/scan.txt" || { ko "hostile markup in the site:"; cat "$tmp/scan.txt"; }
# Negative control: the scanner finds what it looks for.
mkdir -p "$tmp/control"
cat >"$tmp/control/page.html" <<'EOF'
<p><script>alert(1)</script><a href=" java&#9;script:alert(2)">a</a>
<img src=x onerror=alert(3)><iframe src="https://x"></iframe><a href="https://ok">ok</a>
<svg><a xlink:href="data:text/html,x">s</a></svg><script src="https://cdn/x.js"></script></p>
EOF
n=$(python3 "$src/scan_html.py" "$tmp/control" | grep -c ': page.html:\|/page.html:')
[ "$n" -eq 6 ] || ko "scan_html.py found $n of the 6 planted problems"

f=$site/fiches/piege.html
# 3 HTML blocks and 5 inline tags (img, a, /a, span, /span): each replaced by cmark's comment.
n=$(grep -o '<!-- raw HTML omitted -->' "$f" | wc -l)
[ "$n" -eq 8 ] || ko "raw HTML of the fiche body: $n omitted, expected 8"
grep -q 'un lien brut<!-- raw HTML omitted --> et' "$f" || ko "text around inline HTML lost"
grep -q '<h1>Titre &lt;/title&gt;&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;</h1>' "$f" ||
	ko "the hostile fiche title is not shown escaped in its <h1>"
grep -q '<title>Titre &lt;/title&gt;&lt;script&gt;' "$f" || ko "the hostile title is not escaped in <title>"
grep -q 'href="https://www.example.fr/ok"' "$f" || ko "the safe link of the fiche is lost"
grep -q 'href="https://data.example.fr/preuve"' "$site/rapports/formules-2026.html" ||
	ko "the safe evidence link is lost"
grep -q 'javascript:alert(1)' "$site/rapports/hostile-2026.html" ||
	ko "an unsafe evidence is not shown as text"

# ---- data: JSON, scripts, CSV ----
python3 - "$site" <<'EOF' || ko "data files"
import csv, json, sys
site = sys.argv[1]
bad = 0
def ko(msg):
    global bad
    print("check-containment: FAIL: " + msg)
    bad = 1
model = json.load(open(site + "/data/model.json", encoding="utf-8"))
scores = json.load(open(site + "/data/scores.json", encoding="utf-8"))
titles = [f["title"] for f in model["fiches"]]
if "Titre </title><script>alert('titre')</script>" not in titles:
    ko("model.json does not give back the hostile fiche title: %r" % titles)
res = scores if isinstance(scores, list) else scores.get("results", scores)
terr = sorted(r["territory"] for r in res)
if "<script>alert(1)</script>" not in terr or '=HYPERLINK("http://x","y")' not in terr:
    ko("scores.json does not give back the hostile territories: %r" % terr)
for name, var in (("model.js", "AUTODIAG_MODEL"), ("search-index.js", "AUTODIAG_SEARCH")):
    text = open(site + "/assets/" + name, encoding="utf-8").read()
    if "</script" in text.lower() or "<!--" in text:
        ko(name + " could close or comment out a <script> element")
    body = text[text.index("window." + var + " = ") + len("window." + var + " = "):].rstrip().rstrip(";")
    try:
        json.loads(body)
    except ValueError as e:
        ko("%s: not a JSON literal: %s" % (name, e))
with open(site + "/data/scores.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
for row in rows:
    for cell in row:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            ko("scores.csv: a cell starts a formula: %r" % cell)
cells = [c for row in rows for c in row]
for want in ("'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1:A9)", "'+cmd|' /C calc'!A0",
             "'\tTabulation", "'\r=1+1"):
    if want not in cells:
        ko("scores.csv: %r is not neutralised as %r" % (want[1:], want))
sys.exit(bad)
EOF
for js in "$site"/assets/*.js; do
	node --check "$js" 2>"$tmp/node.err" || ko "$js is not valid JavaScript: $(head -3 "$tmp/node.err")"
done

# ---- PDF ----
for p in "$pdf"/guide.pdf "$pdf"/rapports/*.pdf; do
	q=$tmp/$(basename "$p" .pdf).qdf
	qpdf --check "$p" >/dev/null 2>&1 || ko "qpdf --check $p"
	qpdf --qdf --object-streams=disable "$p" "$q" 2>/dev/null
done
python3 "$src/scan_pdf.py" "$tmp"/*.qdf >"$tmp/scan-pdf.txt" || { ko "unsafe PDF:"; grep -v ': link ' "$tmp/scan-pdf.txt"; }
grep -q 'guide.qdf: link https://www.example.fr/ok$' "$tmp/scan-pdf.txt" || ko "the safe link is not clickable in guide.pdf"
grep -q 'formules-2026.qdf: link https://data.example.fr/preuve$' "$tmp/scan-pdf.txt" ||
	ko "the safe evidence link is not clickable in formules-2026.pdf"
pdftotext -enc UTF-8 "$pdf/guide.pdf" "$tmp/guide.txt"
grep -qF "Titre </title><script>alert('titre')</script>" "$tmp/guide.txt" ||
	ko "the hostile fiche title is not printed as text in guide.pdf"

# ---- path traversal: rejected, nothing written ----
t=$tmp/trav
mkdir -p "$t/answers"
cp -R "$src/content" "$t/"
listing "$t" >"$tmp/trav-before"
printf -- '---\nid: ../../x\ntitle: "X"\naxis: donnees\n---\n' >"$t/content/fiches/evasion.md"
"$bin" build -q --content "$t/content" --answers "$t/answers" --out "$t/out" 2>"$tmp/trav.err"
st=$?
[ "$st" -eq 1 ] || ko "fiche id ../../x: status $st, expected 1"
grep -q 'evasion.md:2:5: error: invalid id "../../x"' "$tmp/trav.err" || ko "fiche id ../../x: $(cat "$tmp/trav.err")"
rm "$t/content/fiches/evasion.md"
cp "$src/answers/tab-2026.yaml" "$t/answers/a..b.yaml"
"$bin" build -q --content "$t/content" --answers "$t/answers" --out "$t/out" 2>"$tmp/trav.err"
st=$?
[ "$st" -eq 1 ] || ko "answers a..b.yaml: status $st, expected 1"
grep -q 'a\.\.b\.yaml:1:1: error: file name "a\.\.b" is not a valid slug' "$tmp/trav.err" ||
	ko "answers a..b.yaml: $(cat "$tmp/trav.err")"
rm "$t/answers/a..b.yaml"
cp "$src/answers/tab-2026.yaml" "$t/answers/..yaml"
"$bin" build -q --content "$t/content" --answers "$t/answers/..yaml" --out "$t/out" 2>"$tmp/trav.err"
st=$?
[ "$st" -eq 1 ] || ko "answers ..yaml: status $st, expected 1"
grep -q 'error: file name "\." is not a valid slug' "$tmp/trav.err" || ko "answers ..yaml: $(cat "$tmp/trav.err")"
rm "$t/answers/..yaml"
listing "$t" >"$tmp/trav-after"
diff -u "$tmp/trav-before" "$tmp/trav-after" || ko "a rejected build wrote files"
[ -e "$t/out" ] && ko "a rejected build created out/"
[ -n "$(find "$tmp" -name 'x.html' -o -name 'x.pdf')" ] && ko "a page named after ../../x exists"

[ "$fail" -eq 0 ] && echo "check-containment: ok"
exit "$fail"
