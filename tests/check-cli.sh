#!/bin/sh
# The command line as a user meets it: exit statuses, the shipped guide and
# answers checking clean, the template round trip, golden score outputs
# (tests/golden/<slug>.json; GOLDEN_UPDATE=1 rewrites them), make install.
name=cli
. tests/lib.sh
mkdir -p "$tmp/none"

# expect STATUS CMD...: runs CMD, checks its exit status
expect() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else ko "$* exited $got, not $want"; cat "$tmp/err"; fi
}

expect 0 "$bin" --help
grep -q '^usage: autodiag build' "$tmp/out" && ok || ko "--help shows no usage"
expect 0 "$bin" --version
grep -q '^autodiag [0-9]' "$tmp/out" && ok || ko "--version"
expect 2 "$bin"
expect 2 "$bin" frobnicate
expect 2 "$bin" check --bogus
expect 2 "$bin" score
expect 2 "$bin" score answers/x.yaml --format xml
expect 2 "$bin" build -j 0
expect 2 "$bin" check --out x
grep -q "does not apply" "$tmp/err" && ok || ko "option that does not apply"
expect 3 "$bin" check --content "$tmp/nowhere"
expect 3 "$bin" check --answers "$tmp/nowhere"
expect 3 "$bin" score "$tmp/nowhere.yaml"

# the shipped guide and answers: valid, and no warning at all
expect 0 "$bin" check
if [ -s "$tmp/err" ]; then ko "check on the shipped content warns:"; cat "$tmp/err"; else ok; fi

# the template is a valid answers file as it stands, and scores as empty
expect 0 "$bin" template
cp "$tmp/out" "$tmp/template.yaml"
expect 0 "$bin" check --answers "$tmp/template.yaml"
expect 0 "$bin" score "$tmp/template.yaml" --format json --answers "$tmp/none"
grep -q '"overall": {' "$tmp/out" && ok || ko "template scores"
expect 0 "$bin" template --format csv
head -c 40 "$tmp/out" | grep -q '^territory,code,kind,population,date,' && ok || ko "csv template header"

# golden scores of every example answers file
for a in answers/*.yaml; do
	slug=$(basename "$a" .yaml)
	expect 0 "$bin" score "$a" --format json
	if [ -n "$GOLDEN_UPDATE" ]; then cp "$tmp/out" "tests/golden/$slug.json"; fi
	if cmp -s "$tmp/out" "tests/golden/$slug.json"; then ok; else
		ko "score $a differs from tests/golden/$slug.json"
		diff -u "tests/golden/$slug.json" "$tmp/out" | head -20
	fi
	expect 0 "$bin" score "$a" --format csv
	expect 0 "$bin" score "$a"
	grep -q 'Plan d’action' "$tmp/out" && ok || ko "text score of $a"
done

# an independent Python reading of DESIGN.md agrees, on the shipped answers
# and on 60 generated files with histories, peers, targets, na and nsp
python3 tests/score_ref.py "$bin" content answers && ok || ko "score reference (answers)"
python3 tests/score_ref.py "$bin" content "$tmp/gen" 60 && ok || ko "score reference (generated)"

# a hostile note cannot become a spreadsheet formula
cat >"$tmp/hostile.yaml" <<'Y'
territory: "=HYPERLINK(\"http://x\",\"y\")"
kind: commune
date: 2026-01-01
Y
expect 0 "$bin" score "$tmp/hostile.yaml" --format json --answers "$tmp/none"
grep -q '"territory": "=HYPERLINK(\\"http://x\\",\\"y\\")"' "$tmp/out" && ok || ko "json escaping"

# build progress: on a terminal (script(1) gives one), silent with -q and
# when stderr is not a terminal
if command -v script >/dev/null; then
	script -qec "$bin build --out '$tmp/prog' -j 2" /dev/null | tr '\r' '\n' >"$tmp/progress"
	n=$(ls answers/*.yaml | wc -l)
	grep -q "^\[ *$((2 * n))/$((2 * n))\] rapports" "$tmp/progress" && ok || ko "progress line on a terminal"
	[ -z "$(script -qec "$bin build --out '$tmp/prog' -q" /dev/null)" ] && ok || ko "-q is silent"
	"$bin" build --out "$tmp/prog" 2>"$tmp/err" && [ ! -s "$tmp/err" ] && ok || ko "no progress when not a terminal"
fi

# the report page opens its plan with the ten first actions of the ranking
"$bin" build --out "$tmp/site" --only site -q
"$bin" score answers/valmont-sur-loire-2026.yaml --format json >"$tmp/v.json"
python3 - "$tmp/site/site/rapports/valmont-sur-loire-2026.html" "$tmp/v.json" <<'PY' && ok || ko "ten first actions"
import html, json, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
top = page.split('id="r-top"', 1)[1].split('</ol>', 1)[0]
got = [html.unescape(re.sub(r'<span class="tag[^"]*">.*?</span>', '', t)).strip()
       for t in re.findall(r'<p class="plan-text">(.*?)</p>', top, re.S)]
want = [r['text'] for r in json.load(open(sys.argv[2]))['recommendations'][:10]]
sys.exit(0 if got == want else f'{got} != {want}')
PY

# jobs share the pages: -j 1 and -j 3 write the same bytes
SOURCE_DATE_EPOCH=1767225600 "$bin" build --out "$tmp/j1" -j 1 -q &&
	SOURCE_DATE_EPOCH=1767225600 "$bin" build --out "$tmp/j3" -j 3 -q &&
	diff -r "$tmp/j1" "$tmp/j3" >/dev/null && ok || ko "-j 1 and -j 3 differ"

# fiches and answers are parsed by -j threads: their diagnostics come out
# in file order, the same bytes as with one
mkdir -p "$tmp/par/answers"
cp -R tests/fixtures/content "$tmp/par/content"
cp tests/bad/fiche-*.md "$tmp/par/content/fiches/"
cp tests/bad/answers-*.yaml "$tmp/par/answers/"
for j in 1 4; do
	"$bin" build -j $j --content "$tmp/par/content" --answers "$tmp/par/answers" \
		--out "$tmp/par/out" 2>"$tmp/par/err$j"
	echo "exit $?" >>"$tmp/par/err$j"
done
# (and a guide with broken fiches, some without an id, loads answers safely)
[ "$(grep -c ': error: ' "$tmp/par/err1")" -gt 20 ] && grep -qx "exit 1" "$tmp/par/err1" &&
	cmp -s "$tmp/par/err1" "$tmp/par/err4" &&
	ok || ko "-j 4 loading printed other diagnostics than -j 1"

# --only rebuilds one part and keeps the other as it was
cp -R "$tmp/j1" "$tmp/only"
find "$tmp/only/pdf" -type f -exec md5sum {} + | sort >"$tmp/pdf.before"
SOURCE_DATE_EPOCH=1 "$bin" build --out "$tmp/only" --only site -q &&
	find "$tmp/only/pdf" -type f -exec md5sum {} + | sort | cmp -s - "$tmp/pdf.before" &&
	[ -f "$tmp/only/site/index.html" ] && ok || ko "--only site must keep out/pdf"
find "$tmp/only/site" -type f -exec md5sum {} + | sort >"$tmp/site.before"
"$bin" build --out "$tmp/only" --only pdf -q &&
	find "$tmp/only/site" -type f -exec md5sum {} + | sort | cmp -s - "$tmp/site.before" &&
	[ -f "$tmp/only/pdf/guide.pdf" ] && ok || ko "--only pdf must keep out/site"

# make install honours PREFIX and DESTDIR
if make -s install DESTDIR="$tmp/root" PREFIX=/opt/ad >/dev/null 2>&1 &&
	[ -x "$tmp/root/opt/ad/bin/autodiag" ] &&
	[ -f "$tmp/root/opt/ad/share/man/man1/autodiag.1" ]; then ok; else ko "make install"; fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
