#!/bin/sh
# PDF navigation lands where it says: every bookmark and internal link of the
# guide and of each shipped report (tests/pdf_links.py), reports have a
# bookmark per part, and the checker itself fails when every target is
# moved one page on.
top=$(pwd)
tmp=$top/tests/tmp/pdf-links
rm -rf "$tmp"
SOURCE_DATE_EPOCH=1767225600 ./autodiag build --out "$tmp/out" --only pdf -q || exit 1
fail=0
for f in "$tmp"/out/pdf/guide.pdf "$tmp"/out/pdf/rapports/*.pdf; do
	python3 tests/pdf_links.py "$f" >"$tmp/links.txt" || fail=1
	cat "$tmp/links.txt"
done
# a report has a bookmark per part (summary, results, plan, fiches to work on)
for f in "$tmp"/out/pdf/rapports/*.pdf; do
	n=$(python3 tests/pdf_links.py "$f" | sed -n 's/.*: \([0-9]*\) bookmarks.*/\1/p')
	if [ "${n:-0}" -lt 4 ]; then echo "FAIL: $f has ${n:-0} bookmarks"; fail=1; fi
done
if PDF_LINKS_SHIFT=1 python3 tests/pdf_links.py "$tmp/out/pdf/guide.pdf" >/dev/null 2>&1; then
	echo "FAIL: pdf_links.py accepts links moved one page on"
	fail=1
fi
[ $fail -eq 0 ] && echo "pdf links: ok"
exit $fail
