#!/bin/sh
# autodiag template: the blank answers file is valid YAML whatever the
# guide's titles, labels, questions and descriptors hold (line breaks of
# every kind YAML knows, control characters, a BOM, quotes, "#", "---"),
# it reads back with the guide's exact version, and it passes `check`.
name=template
. tests/lib.sh

g=$tmp/guide
mkdir -p "$g/fiches"
# YAML escapes put the hostile characters in the strings: \n \r \x85 (NEL)
# \u2028 \u2029 (line and paragraph separators), \x01 \e \x7f \x9b
# (control characters), \ufeff (BOM).
H='a\nterritory: \"pirate\"\r\nkind: x\rdate: 1\x85answers: 1\u2028z: 1\u2029y: 2\x01\e[31m\x7f\x9b\ufeff # --- ... \" \\ : fin'
cat >"$g/site.yaml" <<EOF
title: "Titre $H"
version: "v1 $H"
scale:
  - level: 0
    label: "Zéro $H"
  - level: 1
    label: "Un $H"
axes:
  - id: alpha
    title: "Axe $H"
EOF
cat >"$g/fiches/f.md" <<EOF
---
title: "Fiche $H"
axis: alpha
questions:
  - id: q
    text: "Question $H"
    levels: ["Niveau 0 $H", "Niveau 1 $H"]
recommendations:
  - question: q
    below: 1
    text: "R"
---
Corps.
EOF
"$bin" template --content "$g" >"$tmp/t.yaml" 2>"$tmp/err" && ok || ko "template: $(cat "$tmp/err")"
python3 - "$tmp/t.yaml" "$g/site.yaml" <<'EOF' && ok || ko "template output is not the YAML expected"
import sys, yaml
t = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
site = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
assert isinstance(t, dict), t
assert sorted(t) == ["answers", "date", "kind", "targets", "territory", "version"], sorted(t)
assert t["territory"] == "Nom de la collectivité", t["territory"]
assert t["version"] == site["version"], (t["version"], site["version"])
assert t["answers"] == {"f": None} and t["targets"] is None, t
EOF
"$bin" check --content "$g" --answers "$tmp/t.yaml" >/dev/null 2>"$tmp/err" && ok || ko "template does not check: $(cat "$tmp/err")"
# every question uncommented with a level: still valid, and it scores
sed 's/^    # q: $/    q: 1/' "$tmp/t.yaml" >"$tmp/filled.yaml"
grep -q '^    q: 1$' "$tmp/filled.yaml" && ok || ko "no question line to fill in"
mkdir -p "$tmp/empty"
"$bin" score "$tmp/filled.yaml" --content "$g" --answers "$tmp/empty" --format json >"$tmp/s.json" 2>"$tmp/err" &&
	grep -q '"level": 1' "$tmp/s.json" && ok || ko "filled template: $(cat "$tmp/err")"
# the shipped guide too
"$bin" template >"$tmp/shipped.yaml" && python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$tmp/shipped.yaml" && ok || ko "shipped template"

echo "template: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
