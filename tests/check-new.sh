#!/bin/sh
# Installed like a user does it: `make install` into a temporary prefix,
# then `autodiag new` (the shipped guide, or --minimal) and `build` in an
# empty directory with no theme of its own: the installed theme is found.
# Also DESTDIR (files moved, compiled path kept), AUTODIAG_SHARE, and the
# source-checkout fallback (the guide and theme beside the program).
name=new
. tests/lib.sh

expect() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else ko "$* exited $got, not $want"; cat "$tmp/err"; fi
}
quiet() { if [ -s "$tmp/err" ]; then ko "$1 wrote on stderr:"; cat "$tmp/err"; else ok; fi; }

inst=$tmp/inst
if make -s install PREFIX="$inst" >"$tmp/make.log" 2>&1; then ok; else ko "make install"; cat "$tmp/make.log"; fi
ad=$inst/bin/autodiag
for f in bin/autodiag share/man/man1/autodiag.1 share/autodiag/themes/default/strings.yaml \
	share/autodiag/themes/default/assets/style.css share/autodiag/content/site.yaml \
	share/autodiag/answers; do
	[ -e "$inst/$f" ] && ok || ko "make install did not install $f"
done
nfiches=$(ls content/fiches/*.md | wc -l)
[ "$(ls "$inst"/share/autodiag/content/fiches/*.md | wc -l)" -eq "$nfiches" ] && ok ||
	ko "the installed guide lacks fiches"

# the whole guide, built in a new directory by the installed program
mkdir -p "$tmp/work"
cd "$tmp/work" || exit 1
expect 0 "$ad" new guide
[ -f guide/content/site.yaml ] && [ -f guide/README.md ] && [ ! -e guide/themes ] && ok ||
	ko "new: not a copy of the guide (without the theme)"
[ "$(ls guide/answers/*.yaml | wc -l)" -eq "$(ls "$top"/answers/*.yaml | wc -l)" ] && ok ||
	ko "new: the example answers are not all copied"
cd guide || exit 1
expect 0 "$ad" build -q
[ "$(ls out/site/fiches/*.html | wc -l)" -eq "$nfiches" ] && [ -s out/pdf/guide.pdf ] && ok ||
	ko "build of a new guide: fiche pages or guide.pdf missing"
cmp -s out/site/assets/style.css "$top/themes/default/assets/style.css" && ok ||
	ko "build of a new guide: not the installed theme"
cd "$tmp/work" || exit 1

# the skeleton: builds at once, with no warning, and has the four sections
expect 0 "$ad" new --minimal mini
cd mini || exit 1
expect 0 "$ad" check
quiet "check of the skeleton"
expect 0 "$ad" build -q
quiet "build of the skeleton"
page=out/site/fiches/feuille-de-route.html
for s in "Contexte" "Enjeux" "Points de réussite" "Compétences internes nécessaires"; do
	grep -q "<h2[^>]*>$s</h2>" "$page" && ok || ko "skeleton fiche: no section $s"
done
[ -s out/site/rapports/commune-exemple-2026.html ] && [ -s out/pdf/rapports/commune-exemple-2026.pdf ] &&
	ok || ko "skeleton: the example answers give no report"
grep -q "autodiag serve" README.md && ok || ko "skeleton: README for authors"
"$ad" score answers/commune-exemple-2026.yaml --format json >"$tmp/score.json" 2>&1
grep -q '"text": "Rédiger une feuille de route' "$tmp/score.json" && ok ||
	ko "skeleton: its recommendation does not apply"
cd "$tmp/work" || exit 1

# refusals: a non-empty directory, a file, missing or extra arguments
expect 2 "$ad" new mini
grep -q "mini: error: not an empty directory" "$tmp/err" && ok || ko "new: message for a non-empty DIR"
: >afile
expect 2 "$ad" new afile
expect 2 "$ad" new
expect 2 "$ad" new a b
expect 2 "$ad" new x --port 1
mkdir empty
expect 0 "$ad" new --minimal empty
[ -f empty/content/site.yaml ] && ok || ko "new: an existing empty DIR is used"

# DESTDIR: files under it, the compiled-in path still PREFIX
if make -s -C "$top" install DESTDIR="$tmp/root" PREFIX=/opt/ad >"$tmp/make.log" 2>&1; then ok; else
	ko "make install DESTDIR"
	cat "$tmp/make.log"
fi
rad=$tmp/root/opt/ad/bin/autodiag
[ -f "$tmp/root/opt/ad/share/autodiag/themes/default/pdf.yaml" ] && ok || ko "DESTDIR: theme"
"$rad" --help | grep -q "Installed theme and guide: /opt/ad/share/autodiag$" && ok ||
	ko "DESTDIR: the compiled path is not PREFIX"
# a relocated install: AUTODIAG_SHARE points at the moved data
cd mini || exit 1
AUTODIAG_SHARE=$tmp/root/opt/ad/share/autodiag expect 0 "$rad" build -q --out "$tmp/relocated"
[ -s "$tmp/relocated/site/index.html" ] && ok || ko "AUTODIAG_SHARE: build"
# no theme anywhere: a clear error
cp "$rad" "$tmp/lone"
AUTODIAG_SHARE=$tmp/nowhere expect 3 "$tmp/lone" build -q
grep -q "error: no theme" "$tmp/err" && ok || ko "no theme: message"
expect 3 "$ad" build --theme "$tmp/nowhere" -q
cd "$tmp/work" || exit 1

# a source checkout without installation: the guide and theme beside ./autodiag
AUTODIAG_SHARE=$tmp/nowhere expect 0 "$bin" new checkout
cd checkout || exit 1
AUTODIAG_SHARE=$tmp/nowhere expect 0 "$bin" build -q --only site
[ "$(ls out/site/fiches/*.html | wc -l)" -eq "$nfiches" ] && ok || ko "source checkout: new + build"
cd "$top" || exit 1

# --help and the man page name every command
"$bin" --help >"$tmp/help"
for c in build check score template import merge new serve; do
	grep -q "^ *\(usage: \)\?autodiag $c " "$tmp/help" && ok || ko "--help lacks $c"
	grep -q "^\.B autodiag $c$" doc/autodiag.1 && ok || ko "the man page lacks $c in its synopsis"
	grep -q "^\.B $c$" doc/autodiag.1 && ok || ko "the man page does not describe $c"
done

echo "new: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
