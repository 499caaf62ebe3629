#!/bin/sh
# check-content.sh: the shipped guide's text (content/): French typography in
# fiches, experiences and resources (’, « » with U+00A0 inside, U+202F before
# ; ! ?, U+00A0 before :, no straight quotes, no "..."), every fiche reached by
# at least one experience or resource, the four sections of each experience
# (tests/check_content.py).  The checker is first shown to catch each kind of
# fault on a damaged copy of the guide.
name=content
. tests/lib.sh

python3 tests/check_content.py content >"$tmp/out" 2>&1 && ok || {
	ko "content/ has typography or coverage findings:"
	cat "$tmp/out"
}

# a damaged copy: each fault must be reported, and the exit status must be 1
cp -r content "$tmp/bad"
python3 - "$tmp/bad" <<'PY'
import glob, os, sys
bad = sys.argv[1]
# one fiche reached by nothing: drop every experience and resource that names it
target = "cybersecurite"
for p in glob.glob(bad + "/experiences/*.md") + glob.glob(bad + "/ressources/*.md"):
    if target in open(p, encoding="utf-8").read().split("\n---\n")[0]:
        os.remove(p)
# typography faults and a renamed section in one of the remaining experiences
exp = sorted(glob.glob(bad + "/experiences/*.md"))[0]
s = open(exp, encoding="utf-8").read()
s = s.replace("## Contexte\n\n", "## Contexte\n\nUne phrase qu'il faut corriger : elle a des \"guillemets\" ; vraiment ? Oui...\n\n", 1)
s = s.replace("## Résultats", "## Bilan", 1)
open(exp, "w", encoding="utf-8").write(s)
PY
python3 tests/check_content.py "$tmp/bad" >"$tmp/bad.out" 2>&1
[ $? -eq 1 ] && ok || ko "a damaged guide is not rejected"
for msg in "straight apostrophe" "straight double quote" "narrow no-break space" \
	"no-break space (U+00A0) before :" "three dots" "sections" \
	"fiche cybersecurite has no experience nor resource"; do
	grep -qF "$msg" "$tmp/bad.out" && ok || ko "not reported: $msg"
done

echo "content: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
