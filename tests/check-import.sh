#!/bin/sh
# autodiag import: form exports to answers files, and their diagnostics.
name=import
. tests/lib.sh

# semicolons, a BOM, CRLF, accents in names: two files that check and score
"$bin" import tests/import/semicolon-bom.csv --out "$tmp/a" >/dev/null && ok || ko "import semicolon-bom"
[ -f "$tmp/a/saint-etienne-du-oeuf-2026-03-01.yaml" ] && [ -f "$tmp/a/bourg-2026-04-01.yaml" ] && ok || ko "file names"
"$bin" check --answers "$tmp/a" >/dev/null && ok || ko "imported files check"
"$bin" score "$tmp/a/saint-etienne-du-oeuf-2026-03-01.yaml" --answers "$tmp/a" --format json >"$tmp/s.json" &&
	grep -q '"territory": "Saint-Étienne-du-Œuf"' "$tmp/s.json" &&
	grep -q '"id": "lien-projet",' "$tmp/s.json" && ok || ko "imported file scores"

# the empty template header, filled with one row of every level, round trips
"$bin" template --format csv >"$tmp/form.csv"
cols=$(head -1 "$tmp/form.csv" | tr ',' '\n' | wc -l)
row='"Ville, test",99999,commune,20000,2026-05-01'
i=5
while [ $i -lt "$cols" ]; do row="$row,$((i % 6))"; i=$((i + 1)); done
row=$(echo "$row" | sed 's/,5,/,na,/g; s/,5$/,nsp/')
printf '%s\r\n' "$row" >>"$tmp/form.csv"
"$bin" import "$tmp/form.csv" --out "$tmp/b" >/dev/null && ok || ko "template round trip import"
"$bin" check --answers "$tmp/b" >/dev/null && ok || ko "template round trip check"

# bad cells: every one reported at FILE:ROW:COL, nothing written, exit 1
"$bin" import tests/import/bad-cells.csv --out "$tmp/c" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && [ ! -d "$tmp/c" ] && ok || ko "bad cells exit 1, nothing written"
cat >"$tmp/want" <<'W'
tests/import/bad-cells.csv:1:4: error: unknown column "zz.q": expected territory, code, kind, population, date or fiche-id.question-id
tests/import/bad-cells.csv:2:2: error: kind "ville" must be commune, intercommunalite, departement, region or autre
tests/import/bad-cells.csv:2:3: error: date "2026-02-30" must be a calendar date written YYYY-MM-DD
tests/import/bad-cells.csv:2:5: error: answer "7" must be a level of the scale, na, nsp or empty
W
diff -u "$tmp/want" "$tmp/err" && ok || ko "bad cell diagnostics"
"$bin" import tests/import/short-row.csv --out "$tmp/d" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -qx 'tests/import/short-row.csv:3:1: error: row has 2 cells, the header has 4' "$tmp/err" && ok || ko "short row"
"$bin" import tests/import/malformed.csv --out "$tmp/e" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -q 'malformed CSV' "$tmp/err" && ok || ko "malformed csv"
"$bin" import "$tmp/missing.csv" 2>/dev/null; [ $? -eq 3 ] && ok || ko "missing file exit 3"

# ---- all or nothing, and safe ----
cp -R tests/fixtures/content "$tmp/guide"
imp() { "$bin" import "$@" --content "$tmp/guide" >/dev/null 2>"$tmp/err"; }
# expect_err CODE LINE CSV-BODY: exit CODE, the exact diagnostic, nothing written
expect_err() {
	code=$1; want=$2; shift 2
	rm -rf "$tmp/o"
	printf "$@" >"$tmp/x.csv"
	imp "$tmp/x.csv" --out "$tmp/o"
	rc=$?
	if [ $rc -eq "$code" ] && grep -qxF "$want" "$tmp/err" && [ -z "$(ls -A "$tmp/o" 2>/dev/null)" ]; then ok
	else ko "$want: exit $rc, $(cat "$tmp/err"), written: $(ls -A "$tmp/o" 2>/dev/null)"; fi
}
H='territory,kind,date,population,a1.q1\n'
long=$(printf '%0201d' 0 | tr 0 x)
expect_err 1 "$tmp/x.csv:1:6: error: column \"a1.q1\" appears twice" 'territory,kind,date,a1.q1,a1.q2,a1.q1\nV,commune,2026-01-01,1,2,3\n'
expect_err 1 "$tmp/x.csv:2:1: error: territory longer than 200 bytes" "$H$long,commune,2026-01-01,5,1\n"
expect_err 1 "$tmp/x.csv:3:1: error: control character U+0001 in the cell (character 2)" "${H}V,commune,2026-01-01,5,1\n\"A\001b\",commune,2026-01-01,5,1\n"
expect_err 1 "$tmp/x.csv:2:1: error: control character U+000A in the cell (character 4)" "${H}\"Sur\nDeux\",commune,2026-01-01,5,1\n"
expect_err 1 "$tmp/x.csv:2:1: error: control character U+009B in the cell (character 2)" "${H}A\302\233b,commune,2026-01-01,5,1\n"
expect_err 1 "$tmp/x.csv:2:1: error: non-character U+FFFE in the cell (character 2)" "${H}A\357\277\276,commune,2026-01-01,5,1\n"
expect_err 1 "$tmp/x.csv:2:1: error: non-character U+FDD0 in the cell (character 2)" "${H}A\357\267\220,commune,2026-01-01,5,1\n"
expect_err 1 "$tmp/x.csv:2:4: error: population \"1000000001\" is out of range (0 to 1000000000)" "${H}V,commune,2026-01-01,1000000001,1\n"
expect_err 1 "$tmp/x.csv:2:4: error: population \"99999999999999999999\" is out of range (0 to 1000000000)" "${H}V,commune,2026-01-01,99999999999999999999,1\n"
expect_err 1 "$tmp/x.csv:2:5: error: answer \"99999999999999999999\" must be a level of the scale, na, nsp or empty" "${H}V,commune,2026-01-01,1,99999999999999999999\n"
# one bad row among good ones: nothing at all is written
expect_err 1 "$tmp/x.csv:4:3: error: date \"2026-13-01\" must be a calendar date written YYYY-MM-DD" "${H}A,commune,2026-01-01,1,1\nB,commune,2026-01-01,1,1\nC,commune,2026-13-01,1,1\n"
# a link where a file would go: neither followed nor replaced, nothing written
rm -rf "$tmp/o"; mkdir -p "$tmp/o"
echo "victime" >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/o/b-2026-01-01.yaml"
printf "${H}A,commune,2026-01-01,1,1\nB,commune,2026-01-01,1,1\n" >"$tmp/x.csv"
imp "$tmp/x.csv" --out "$tmp/o"
[ $? -eq 3 ] && grep -qxF "$tmp/o/b-2026-01-01.yaml: error: is a symbolic link: not replaced, nothing imported" "$tmp/err" &&
	[ "$(cat "$tmp/victim")" = victime ] && [ -L "$tmp/o/b-2026-01-01.yaml" ] &&
	[ "$(ls -A "$tmp/o")" = b-2026-01-01.yaml ] && ok || ko "symbolic link target: $(cat "$tmp/err"); $(ls -A "$tmp/o")"
# an X.yml already there would share the slug of X.yaml
rm -rf "$tmp/o"; mkdir -p "$tmp/o"
printf 'territory: "B"\nkind: commune\ndate: 2026-01-01\n' >"$tmp/o/b-2026-01-01.yml"
imp "$tmp/x.csv" --out "$tmp/o"
[ $? -eq 1 ] && grep -q 'b-2026-01-01.yml: error: has the slug of an imported row' "$tmp/err" &&
	[ "$(ls -A "$tmp/o")" = b-2026-01-01.yml ] && ok || ko "x.yml beside: $(cat "$tmp/err")"
# numbers are written as numbers (leading zeros dropped), and it all checks
rm -rf "$tmp/o"
printf "${H}\"Saint-Œuf, « le bourg » \\\\ \"\"q\"\" #1\",commune,2026-01-01,0005,004\nE,commune,2026-01-01,,02\n" >"$tmp/x.csv"
imp "$tmp/x.csv" --out "$tmp/o" && ok || ko "valid import: $(cat "$tmp/err")"
grep -qx 'population: 5' "$tmp/o/saint-oeuf-le-bourg-q-1-2026-01-01.yaml" && grep -qx '    q1: 4' "$tmp/o/saint-oeuf-le-bourg-q-1-2026-01-01.yaml" &&
	ok || ko "numbers as numbers: $(ls "$tmp/o"; cat "$tmp/o"/*.yaml)"
"$bin" check --content "$tmp/guide" --answers "$tmp/o" >/dev/null 2>"$tmp/err" && ok || ko "imported files check: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/o" | grep import)" ] && ok || ko "temporary directory left in the output"

# linear time: 100 000 rows (the slug of each row looked up among the others
# was quadratic), the last one invalid so that nothing is written
python3 - "$tmp/many.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("territory,kind,date,a1.q1\n")
    for i in range(100000):
        f.write("Commune %d,commune,2026-01-01,1\n" % i)
    f.write("Fin,ville,2026-01-01,1\n")
PY
start=$(date +%s)
imp "$tmp/many.csv" --out "$tmp/m"
rc=$?
secs=$(( $(date +%s) - start ))
# (it took over 120 s when quadratic; a few seconds now, more under ASan)
[ $rc -eq 1 ] && [ $secs -lt 120 ] && ok || ko "100 000 rows: exit $rc in $secs s"
[ ! -e "$tmp/m" ] || [ -z "$(ls -A "$tmp/m")" ] && ok || ko "100 000 rows: something written"

echo "import: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
