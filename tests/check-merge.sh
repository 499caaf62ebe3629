#!/bin/sh
# autodiag merge: three respondents of one town become one collective file
# that passes check and scores by the lower median of the views; the same
# inputs give the same bytes; files that do not go together are refused with
# both positions.
name=merge
. tests/lib.sh

# the shipped guide, with a "direction" role whatever site.yaml names
python3 - "$tmp/content" <<'EOF' || ko "cannot copy the guide"
import shutil, sys, yaml
shutil.copytree("content", sys.argv[1])
p = sys.argv[1] + "/site.yaml"
site = yaml.safe_load(open(p, encoding="utf-8"))
roles = site.setdefault("roles", [])
if not any(r["id"] == "direction" for r in roles):
    roles.append({"id": "direction", "label": "Direction générale"})
yaml.safe_dump(site, open(p, "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
EOF
c="--content $tmp/content"

# $1: file, $2: respondent, $3: level of lien-projet, $4: of diagnostic-besoins
individual() {
	cat >"$tmp/$1" <<EOF
territory: "Bourg-Test"
code: "99901"
kind: commune
population: 8200
date: $5
version: "2026.1"
respondent: "$2"
targets:
  strategie: 3
answers:
  projet-territorial:
    lien-projet: $3
    diagnostic-besoins: $4
notes:
  projet-territorial: "Vu par $2."
EOF
}
individual elu.yaml "Élu référent" 3 2 2026-03-02
individual dgs.yaml "DGS" 1 nsp 2026-03-04
individual st.yaml "Services techniques" 0 1 2026-03-01
cat >>"$tmp/dgs.yaml" <<'EOF'
respondents:
  - name: "DGS"
    role: direction
EOF
sed -i 's/^    lien-projet: 1$/    lien-projet:\n      level: 1\n      note: "Aucun document."\n      evidence: "https:\/\/bourg.example\/note"/' "$tmp/dgs.yaml"

# an adopted plan in two files: one entry in the merged file, a warning for
# the status they disagree on
act=$(python3 - <<'EOF'
import yaml
fm = yaml.safe_load(open("content/fiches/projet-territorial.md", encoding="utf-8").read().split("---", 2)[1])
r = fm["recommendations"][0]
n = sum(1 for x in fm["recommendations"][:1] if x.get("question") == r.get("question"))
print("projet-territorial." + (r.get("id") or "%s-%d" % (r.get("question", "fiche"), n)))
EOF
)
printf 'plan:\n  - action: %s\n    status: en-cours\n    porteur: "DGS"\n' "$act" >>"$tmp/elu.yaml"
printf 'plan:\n  - action: %s\n    status: prevue\n' "$act" >>"$tmp/st.yaml"
"$bin" merge $c "$tmp/elu.yaml" "$tmp/dgs.yaml" "$tmp/st.yaml" -o "$tmp/collectif.yaml" 2>"$tmp/warn" &&
	ok || ko "merge exit status"
cat >"$tmp/want" <<'EOF'
# Diagnostic collectif : 3 répondants, fusionnés par autodiag merge.
territory: "Bourg-Test"
code: "99901"
kind: commune
population: 8200
date: 2026-03-04
version: "2026.1"
targets:
  strategie: 3
respondents:
  - name: "Élu référent"
  - name: "DGS"
    role: "direction"
  - name: "Services techniques"
answers:
  projet-territorial:
    lien-projet:
      views: {"Élu référent": 3, "DGS": 1, "Services techniques": 0}
      note: "DGS : Aucun document."
      evidence: "https://bourg.example/note"
    diagnostic-besoins:
      views: {"Élu référent": 2, "DGS": nsp, "Services techniques": 1}
notes:
  projet-territorial: "Élu référent : Vu par Élu référent.\nDGS : Vu par DGS.\nServices techniques : Vu par Services techniques."
EOF
printf 'plan:\n  - action: "%s"\n    status: en-cours\n    porteur: "DGS"\n' "$act" >>"$tmp/want"
diff -u "$tmp/want" "$tmp/collectif.yaml" && ok || ko "merged file"
grep -qx "$tmp/st.yaml: warning: action \"$act\" is \"prevue\" here but \"en-cours\" in $tmp/elu.yaml: the first is kept" "$tmp/warn" &&
	ok || ko "plan conflict warning: $(cat "$tmp/warn")"
"$bin" check $c --answers "$tmp/collectif.yaml" 2>"$tmp/err" && ok || ko "merged file checks: $(cat "$tmp/err")"
# lower median: lien-projet views 0 1 3 -> 1; diagnostic-besoins 1 2 -> 1
"$bin" score $c "$tmp/collectif.yaml" --answers "$tmp/collectif.yaml" --format json >"$tmp/s.json" &&
	python3 - "$tmp/s.json" <<'EOF' && ok || ko "collective scores"
import json, sys
r = json.load(open(sys.argv[1]))
f = next(f for f in r["fiches"] if f["id"] == "projet-territorial")
q = {q["id"]: q for q in f["questions"]}
assert q["lien-projet"]["level"] == 1, q["lien-projet"]
assert q["lien-projet"]["spread"] == 3, q["lien-projet"]
assert q["lien-projet"]["views"] == {"Élu référent": 3, "DGS": 1, "Services techniques": 0}
assert q["diagnostic-besoins"]["level"] == 1 and q["diagnostic-besoins"]["spread"] == 1
assert {"fiche": "projet-territorial", "question": "lien-projet", "spread": 3} in r["divergences"]
EOF
# the same inputs again: the same bytes, on stdout too
"$bin" merge $c "$tmp/elu.yaml" "$tmp/dgs.yaml" "$tmp/st.yaml" >"$tmp/again.yaml" 2>/dev/null &&
	cmp -s "$tmp/again.yaml" "$tmp/collectif.yaml" && ok || ko "merge is not repeatable"

# what does not go together: each reported with both positions, exit 1
sed 's/population: 8200/population: 8300/; s/"DGS"/"DGS bis"/' "$tmp/dgs.yaml" >"$tmp/pop.yaml"
"$bin" merge $c "$tmp/elu.yaml" "$tmp/pop.yaml" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -qx "$tmp/pop.yaml:4:13: error: the population differs from the one given at $tmp/elu.yaml:4:13" "$tmp/err" &&
	ok || ko "population conflict: $(cat "$tmp/err")"
sed 's/kind: commune/kind: intercommunalite/; s/"DGS"/"DGS bis"/' "$tmp/dgs.yaml" >"$tmp/kind.yaml"
"$bin" merge $c "$tmp/elu.yaml" "$tmp/kind.yaml" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -qx "$tmp/kind.yaml:3:7: error: the kind of authority differs from the one given at $tmp/elu.yaml:3:7" "$tmp/err" &&
	ok || ko "kind conflict: $(cat "$tmp/err")"
sed 's/99901/99902/' "$tmp/st.yaml" >"$tmp/other.yaml"
"$bin" merge $c "$tmp/elu.yaml" "$tmp/other.yaml" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -qx "$tmp/other.yaml:2:7: error: the INSEE code differs from the one given at $tmp/elu.yaml:2:7" "$tmp/err" &&
	ok || ko "code conflict: $(cat "$tmp/err")"
sed 's/2026-03-01/2026-03-09/' "$tmp/st.yaml" | sed 's/Services techniques/Élu référent/' >"$tmp/twice.yaml"
"$bin" merge $c "$tmp/elu.yaml" "$tmp/st.yaml" "$tmp/twice.yaml" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -qx "$tmp/twice.yaml:7:13: error: respondent \"Élu référent\" is already the respondent of $tmp/elu.yaml:7:13" "$tmp/err" &&
	ok || ko "respondent named twice: $(cat "$tmp/err")"
"$bin" merge $c "$tmp/collectif.yaml" "$tmp/st.yaml" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -q "already a collective answer" "$tmp/err" && ok || ko "collective input"
# an invalid input: the loader's own diagnostic, nothing written
printf 'territory: "X"\nkind: ville\ndate: 2026-01-01\n' >"$tmp/bad.yaml"
rm -f "$tmp/out.yaml"
"$bin" merge $c "$tmp/elu.yaml" "$tmp/bad.yaml" -o "$tmp/out.yaml" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "^$tmp/bad.yaml:2:7: error: " "$tmp/err" && [ ! -e "$tmp/out.yaml" ] &&
	ok || ko "invalid input: $(cat "$tmp/err")"
# -o naming an input would lose a respondent's file: a usage error
cp "$tmp/st.yaml" "$tmp/st.keep"
"$bin" merge $c "$tmp/elu.yaml" "$tmp/st.yaml" -o "$tmp/st.yaml" 2>/dev/null
[ $? -eq 2 ] && cmp -s "$tmp/st.yaml" "$tmp/st.keep" && ok || ko "-o an input"
"$bin" merge $c 2>/dev/null; [ $? -eq 2 ] && ok || ko "merge without files"
# a single file is a collective file of one respondent, and checks
"$bin" merge $c "$tmp/st.yaml" -o "$tmp/one.yaml" && "$bin" check $c --answers "$tmp/one.yaml" &&
	ok || ko "one file"

echo "merge: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
