#!/bin/sh
# The site makes no external request: a remote image in a fiche is not an
# <img> (it becomes a link to it, its description as text, with a warning);
# inline data: images and local ones stay images.
name=remote-image
. tests/lib.sh
mkdir -p "$tmp/answers"
cp -R tests/fixtures/content "$tmp/"
cp tests/bad/fiche-remote-image.md "$tmp/content/fiches/"
"$bin" build -q --content "$tmp/content" --answers "$tmp/answers" --out "$tmp/out" --only site 2>"$tmp/err" && ok || ko "build: $(cat "$tmp/err")"
grep -c 'warning: remote image' "$tmp/err" | grep -qx 3 && ok || ko "three warnings expected: $(cat "$tmp/err")"
page=$tmp/out/site/fiches/fiche-remote-image.html
grep -q '<a href="https://tiles.example.org/carte.png" title="Carte">Carte des équipements</a>' "$page" && ok || ko "remote image as a link"
grep -q '<a href="//cdn.example.org/x.png">//cdn.example.org/x.png</a>' "$page" && ok || ko "image without description: its address"
grep -q 'dangereuse <em>x</em>' "$page" && ok || ko "unsafe image: its description only"
grep -q '<img src="data:image/png;base64,iVBORw0KGgo=" alt="pixel" />' "$page" && ok || ko "data: image kept"
grep -q '<img src="logo.png" alt="logo" />' "$page" && ok || ko "local image kept"
# no page of the site loads anything from elsewhere
if grep -rEo '<img[^>]* src="(https?:)?//[^"]*"' "$tmp/out/site"; then ko "remote <img> in the site"; else ok; fi
echo "remote-image: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
