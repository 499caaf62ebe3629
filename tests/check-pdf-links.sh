#!/bin/sh
# PDF navigation lands where it says: every bookmark and internal link of the
# guide and of each shipped report (tests/pdf_links.py), and the checker
# itself fails when every target is moved one page on.
top=$(pwd)
tmp=$top/tests/tmp/pdf-links
rm -rf "$tmp"
SOURCE_DATE_EPOCH=1767225600 ./autodiag build --out "$tmp/out" --only pdf -q || exit 1
fail=0
for f in "$tmp"/out/pdf/guide.pdf "$tmp"/out/pdf/rapports/*.pdf; do
	python3 tests/pdf_links.py "$f" || fail=1
done
if PDF_LINKS_SHIFT=1 python3 tests/pdf_links.py "$tmp/out/pdf/guide.pdf" >/dev/null 2>&1; then
	echo "FAIL: pdf_links.py accepts links moved one page on"
	fail=1
fi
[ $fail -eq 0 ] && echo "pdf links: ok"
exit $fail
