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
grep -q ' : 3 fiches, 5 questions, 2 expériences, 2 ressources, 0 fichier de réponses, aucune erreur$' \
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
grep -q '3 expériences, 3 ressources' "$tmp/out" && ok || ko "templates do not check clean: $(cat "$tmp/out" "$tmp/err")"
run 2 "$bin" template --format roman
grep -q 'experience' "$tmp/err" && ok || ko "template usage names the formats"

echo "collections: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
