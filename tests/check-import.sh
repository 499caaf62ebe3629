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

echo "import: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
