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
# every shipped recommendation has an id, a porteur and an effort, and every question
# and fiche has a next step at each level below the top of the scale
python3 tests/ladder.py >"$tmp/ladder" && ok || { ko "content ladders"; cat "$tmp/ladder"; }

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
# and on the test guide, whose recommendations mix explicit and default ids
# and whose site.yaml has roles
python3 tests/score_ref.py "$bin" tests/fixtures/content "$tmp/genfix" 40 && ok ||
	ko "score reference (test guide, generated)"

# score --format csv --plan: the next steps, the later steps, then the
# adopted actions that no longer apply
cat >"$tmp/plan.yaml" <<'Y'
territory: "T"
kind: commune
date: 2026-08-31
answers:
  a1: {q1: 2, q2: 0}
  b1: {q1: 2, q2: 0}
plan:
  - {action: b1.publier, status: en-cours, porteur: "DGS", echeance: 2026-12-31}
  - {action: b1.q1-1, status: faite}
Y
expect 0 "$bin" score "$tmp/plan.yaml" --format csv --plan --content tests/fixtures/content --answers "$tmp/none"
# a1 = (2 + 0 x 3) / 4, level 0: q2-1 and fiche-1 at 2 x 4; q1-1 (below 3) is
# q1's next step, q1-voter (below 4) comes later, like q2-2 after q2-1; b1.q1
# = 2 passed b1.q1-1 (adopted, no longer applies), b1.q1-2 is next
cat >"$tmp/plan.want" <<'Y'
rank,step,measure,id,fiche,question,horizon,priority,effort,porteur,status,status_porteur,echeance,text
1,plan,1,a1.q2-1,a1,q2,court,8,,,,,,R2 sur q2
2,plan,,a1.fiche-1,a1,,moyen,8,,,,,,R3 sur la fiche
3,plan,2,b1.publier,b1,q2,moyen,4,faible,DGS,en-cours,DGS,2026-12-31,R6 sur b1.q2
4,plan,,a1.q1-1,a1,q1,long,4,,,,,,R1 sur q1
5,plan,,b1.q1-2,b1,q1,moyen,2,,,,,,R9 sur b1.q1 (plus tard)
1,later,,a1.q2-2,a1,q2,moyen,8,,,,,,R8 sur q2 (plus tard)
2,later,,a1.q1-voter,a1,q1,court,4,,,,,,R7 sur q1 (plus tard)
3,later,,b1.q2-2,b1,q2,moyen,4,,,,,,R10 sur b1.q2 (plus tard)
,adopted,,b1.q1-1,b1,q1,moyen,,,,faite,,,R5 sur b1.q1
Y
if tr -d '\r' <"$tmp/out" | cmp -s - "$tmp/plan.want"; then ok; else
	ko "score --plan"; tr -d '\r' <"$tmp/out" | diff -u "$tmp/plan.want" - ; fi
expect 2 "$bin" score "$tmp/plan.yaml" --plan --answers "$tmp/none"
expect 0 "$bin" score "$tmp/plan.yaml" --content tests/fixtures/content --answers "$tmp/none"
grep -q 'Prochain point d’étape : 2027-02-28' "$tmp/out" && ok || ko "text score: review date"
grep -q 'Plan adopté (2 actions) : 0 prévue, 1 en cours, 1 faite, 0 abandonnée' "$tmp/out" && ok ||
	ko "text score: adopted plan"

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

# every report page opens its plan with the priority measures (at most
# priority_measures, on different fiches, in ranked order), gives the next
# steps by horizon, the later steps apart in a collapsed <details>, the review
# date, and the adopted plan with its progress when the file has one
"$bin" build --out "$tmp/site" --only site -q
for a in answers/*.yaml; do
	slug=$(basename "$a" .yaml)
	"$bin" score "$a" --format json >"$tmp/v.json"
	python3 - "$tmp/site/site/rapports/$slug.html" "$tmp/v.json" "$a" <<'PY' && ok || ko "plan of the $slug report"
import html, json, re, sys, yaml
page = open(sys.argv[1], encoding='utf-8').read()
res = json.load(open(sys.argv[2]))
ans = yaml.safe_load(open(sys.argv[3], encoding='utf-8'))
def texts(part):
    return [html.unescape(re.sub(r'<span class="tag[^"]*">.*?</span>', '', t)).strip()
            for t in re.findall(r'<p class="plan-text">(.*?)</p>', part, re.S)]
recs = {r['id']: r for r in res['recommendations']}
want = [recs[i]['text'] for i in res['priority_measures']]
assert 0 < len(want) <= 6, len(want)
assert len({recs[i]['fiche'] for i in res['priority_measures']}) == len(want)
measures = page.split('id="r-mesures"', 1)[1].split('</ol>', 1)[0]
assert texts(measures) == want, (texts(measures), want)
steps = page.split('id="r-etapes"', 1)[1].split('</section>\n</section>', 1)[0]
got = texts(steps)
assert sorted(got) == sorted(r['text'] for r in res['recommendations']), 'next steps'
for h in ['court', 'moyen', 'long']:
    if any(r['horizon'] == h for r in res['recommendations']):
        part = steps.split(f'id="r-plan-{h}"', 1)[1].split('</ol>', 1)[0]
        assert texts(part) == [r['text'] for r in res['recommendations'] if r['horizon'] == h], h
if res['later']:
    later = page.split('<details class="later">', 1)[1].split('</details>', 1)[0]
    assert texts(later) == [r['text'] for r in res['later']], 'later steps'
    assert '<details class="later" open' not in page
y, m, d = res['review'].split('-')
months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
          'septembre', 'octobre', 'novembre', 'décembre']
day = '1er' if d == '01' else str(int(d))
assert f'Prochain point d’étape&#160;: <strong>{day} {months[int(m) - 1]} {y}</strong>' in page
if ans.get('plan'):
    road = page.split('id="r-feuille"', 1)[1].split('</section>', 1)[0]
    n = len(ans['plan'])
    assert f'La collectivité a retenu {n} action' in road, 'roadmap count'
    assert road.count('<span class="status s-') == n, 'roadmap rows'
    faite = sum(1 for e in ans['plan'] if e['status'] == 'faite')
    assert f'{int(100 * faite / n + 0.5)}\u202f% des actions faites' in road, 'progress'
    assert 'Aucun plan n’a encore été adopté' not in page
else:
    assert 'id="r-feuille"' not in page
    assert 'Aucun plan n’a encore été adopté' in measures
views = any(isinstance(q, dict) and q.get('views') for f in (ans.get('answers') or {}).values()
            for q in (f or {}).values())
assert ('id="r-divergences"' in page) == views, 'divergence section only for a collective file'
PY
done

# data/scores.json and scores.csv count the priority measures and the
# adopted actions per status of each file, as the score JSON lists them
python3 - "$tmp/site/site/data" "$bin" <<'PY' && ok || ko "scores.json/csv plan counts"
import csv, json, subprocess, sys
data, binary = sys.argv[1:3]
rows = json.load(open(data + '/scores.json', encoding='utf-8'))
rows = rows if isinstance(rows, list) else rows.get('results', rows)
table = {r['slug']: r for r in csv.DictReader(open(data + '/scores.csv', encoding='utf-8', newline=''))}
statuses = ['prevue', 'en-cours', 'faite', 'abandonnee']
for row in rows:
    one = json.loads(subprocess.run([binary, 'score', f"answers/{row['slug']}.yaml", '--format', 'json'],
                                    check=True, capture_output=True).stdout)
    want = {s: sum(1 for e in one['plan'] if e['status'] == s) for s in statuses}
    assert row['priority_measures_count'] == len(one['priority_measures']), row['slug']
    assert row['plan_status'] == want, (row['slug'], row['plan_status'], want)
    assert list(row).index('plan_status') == list(row).index('review') + 2, list(row)
    t = table[row['slug']]
    assert int(t['priority_measures']) == len(one['priority_measures'])
    assert [int(t['plan_' + s.replace('-', '_')]) for s in statuses] == [want[s] for s in statuses]
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
