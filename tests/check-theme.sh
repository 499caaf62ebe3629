#!/bin/sh
# Themes are input too: every key of pdf.yaml and strings.yaml is checked,
# and a broken font, hyphenation dictionary, template or asset gives one
# clear diagnostic (once, even with -j 3: the theme is checked before the
# jobs start), exit 1 or 3, never a crash, a hang or a flood.
name=theme
. tests/lib.sh
cp -R tests/fixtures/content "$tmp/"
mkdir -p "$tmp/answers"
printf 'territory: "T"\nkind: commune\ndate: 2026-01-01\n' >"$tmp/answers/t.yaml"

# case NAME EXIT ONLY SETUP: a copy of the default theme changed by SETUP
# (run in the theme's folder) must make `build -j 3 [--only ONLY]` exit EXIT
# with exactly the stderr in $tmp/NAME.want ("@" stands for the theme).
case_() {
	cname=$1 code=$2 only=$3 setup=$4
	th=$tmp/th-$cname
	rm -rf "$th" "$tmp/out"
	cp -R themes/default "$th"
	(cd "$th" && eval "$setup")
	if [ -n "$only" ]; then set -- --only "$only"; else set --; fi
	timeout 300 "$bin" build -q -j "${J:-3}" "$@" --content "$tmp/content" --answers "$tmp/answers" \
		--theme "$th" --out "$tmp/out" 2>"$tmp/$cname.err"
	rc=$?
	sed "s|$th|@|g" "$tmp/$cname.err" >"$tmp/$cname.got"
	if [ $rc -eq "$code" ] && diff -u "$tmp/$cname.want" "$tmp/$cname.got" >"$tmp/$cname.diff"; then ok
	else ko "$cname: exit $rc (want $code)"; cat "$tmp/$cname.diff"; fi
}
want() { cat >"$tmp/$1.want"; }

want default </dev/null
case_ default 0 "" ":"

want pdf-keys <<'EOF'
@/pdf.yaml:5:1: error: unknown key "fontes" in pdf.yaml
@/pdf.yaml:18:3: error: unknown key "texte" in "colors"
@/pdf.yaml:16:12: error: colour "primary" must be written "#rrggbb" (six hexadecimal digits)
@/pdf.yaml:27:8: error: "top" must be a number from 5 to 60
@/pdf.yaml:32:12: error: "body-size" must be a number from 6 to 16
EOF
case_ pdf-keys 1 pdf "sed -i 's|primary: .*|primary: \"#+1f4e7\"|; s|^fonts:|fontes: 1\nfonts:|; s|top: 25|top: 2500|; s|  text:|  texte:|; s|^body-size: .*|body-size: grand|' pdf.yaml"

want pdf-types <<'EOF'
@/pdf.yaml:15:1: error: unknown key "x" in pdf.yaml
@/pdf.yaml:14:9: error: "colors" must be a mapping, not a list
EOF
case_ pdf-types 1 pdf "sed -i 's|^colors:|colors: [1]\nx:|' pdf.yaml"

want font-missing <<'EOF'
@/pdf.yaml:7:9: error: bold font "/nulle/part/Bold.ttf": cannot read: No such file or directory
EOF
case_ font-missing 3 pdf "sed -i 's|  bold: .*|  bold: /nulle/part/Bold.ttf|' pdf.yaml"

want font-not-ttf <<'EOF'
@/pdf.yaml:8:11: error: italic font "@/pdf.yaml" is not a TrueType font that can be embedded
EOF
case_ font-not-ttf 1 pdf "sed -i 's|  italic: .*|  italic: pdf.yaml|' pdf.yaml"

want font-no-fallback <<'EOF'
@/pdf.yaml:6:12: error: regular font "@/NoQ.ttf" has no "?", the glyph that stands for missing characters
EOF
case_ font-no-fallback 1 pdf "python3 $PWD/tests/drop-glyph.py /usr/share/fonts/truetype/lato/Lato-Regular.ttf NoQ.ttf 0x3F && sed -i 's|  regular: .*|  regular: NoQ.ttf|' pdf.yaml"

# A font without some letters of the program's own texts: one warning at
# pdf.yaml for all the documents (guide, questionnaire, reports, -j 3).
want font-lacks-own <<'EOF'
@/pdf.yaml:6:12: warning: regular font "@/NoE.ttf" lacks 2 characters of autodiag's own texts (é →); shown as "?"
EOF
case_ font-lacks-own 0 "" "python3 $PWD/tests/drop-glyph.py /usr/share/fonts/truetype/lato/Lato-Regular.ttf NoE.ttf 0xE9 0x2192 && sed -i 's|  regular: .*|  regular: NoE.ttf|' pdf.yaml"
if pdftotext "$tmp/out/pdf/guide.pdf" - 2>/dev/null | grep -q 'maturit? num?rique'; then ok
else ko "font-lacks-own: the guide's cover does not show \"?\" for é"; fi

# Every character beyond ASCII of the PDF back-end's own texts is in the
# list that pdf_theme_check checks (own_chars in src/pdf_doc.c).
python3 tests/own-chars.py src/pdf_doc.c src/pdf*.c src/layout.c >"$tmp/own.got"
if [ ! -s "$tmp/own.got" ]; then ok; else ko "own_chars is incomplete"; cat "$tmp/own.got"; fi

want hyphenation-garbage <<'EOF'
@/pdf.yaml:12:14: warning: hyphenation patterns "@/strings.yaml" cannot be used; PDFs are not hyphenated
EOF
case_ hyphenation-garbage 0 pdf "sed -i 's|^hyphenation: .*|hyphenation: strings.yaml|' pdf.yaml"

want strings <<'EOF'
@/strings.yaml:NH:11: error: string "nav_home" must be a string, not a list
@/strings.yaml:IN:1: warning: unknown key "inconnue": no template nor page uses it
@/strings.yaml:1:1: warning: missing key "skip"; shown empty
@/templates/base.mustache:LINE: warning: "t.skip" is not in strings.yaml; shown empty
EOF
line=$(grep -n 't\.skip' themes/default/templates/base.mustache | head -1 | cut -d: -f1)
col=$(grep -m1 't\.skip' themes/default/templates/base.mustache | awk '{ print index($0, "t.skip") }')
nh=$(sed '/^skip:/d' themes/default/strings.yaml | grep -n '^nav_home:' | cut -d: -f1)
in=$(( $(sed '/^skip:/d' themes/default/strings.yaml | wc -l) + 1 ))
sed -i "s|LINE|$line:$col|; s|NH|$nh|; s|IN|$in|" "$tmp/strings.want"
case_ strings 1 site "sed -i 's|^nav_home: .*|nav_home: [\"Accueil\"]|; /^skip:/d' strings.yaml; echo 'inconnue: \"?\"' >>strings.yaml"

want template-dir <<'EOF'
@/templates/fiche.mustache: error: is a directory, expected a template file
EOF
case_ template-dir 3 site "rm templates/fiche.mustache && mkdir templates/fiche.mustache"

want template-large <<'EOF'
@/templates/fiche.mustache: error: template larger than 8 MiB
EOF
case_ template-large 1 site "head -c 8388609 /dev/zero | tr '\\\\0' x >templates/fiche.mustache"

want template-syntax <<'EOF'
@/templates/fiche.mustache:LINE:1: error: unclosed section "ouverte"
EOF
sed -i "s|LINE|$(( $(wc -l <themes/default/templates/fiche.mustache) + 1 ))|" "$tmp/template-syntax.want"
case_ template-syntax 1 site "echo '{{#ouverte}}' >>templates/fiche.mustache"

# six partials, each holding the next ten times: 100 000 copies of 1 000
# bytes, under the limits on depth and steps but over the one on output
want template-explodes <<'EOF'
@/templates/b5.mustache:1:36: error: partial "b6" takes the output over 64 MiB
EOF
explode() {
	printf '%01000d' 0 >templates/b6.mustache
	for i in 1 2 3 4 5; do
		j=$((i + 1))
		printf '{{>b%d}}' $j $j $j $j $j $j $j $j $j $j >"templates/b$i.mustache"
	done
	echo '{{>b1}}' >>templates/base.mustache
}
# (-j 1: each job would report it once)
J=1 case_ template-explodes 1 site explode
J=

want asset-dangling <<'EOF'
@/assets/vide.css: error: dangling symbolic link: its target does not exist
EOF
case_ asset-dangling 3 site "ln -s nulle-part.css assets/vide.css"

want asset-loop <<'EOF'
@/assets/boucle: error: symbolic link loop: too many levels of links
EOF
case_ asset-loop 3 site "ln -s boucle assets/boucle"

want asset-dir-loop <<'EOF'
@/assets/haut/assets: error: symbolic link loop: a directory that holds itself
EOF
case_ asset-dir-loop 3 site "ln -s .. assets/haut"

# nothing of it was left behind
[ -z "$(ls -d "$tmp"/out.tmp-* 2>/dev/null)" ] && ok || ko "temporary directory left"
echo "theme: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
