#!/bin/sh
# check-hpdf.sh: src/pdf_hpdf.c, src/pdf_hpdf_font.c and
# src/pdf_hpdf_type0.c replace libharu internals (deflate, font subsets,
# glyph lookups, text widths and encoding, arrays, the allocator, the font
# objects made again from a record) for speed; the PDFs must keep libharu's
# very bytes.  Every PDF of the shipped guide and of the
# test site is built with the replacements and with libharu's own functions
# (AUTODIAG_LIBHARU=1), and the two must be identical; then every font
# subset, text width, text encoding and font's objects is made both ways
# inside one build and compared there (AUTODIAG_LIBHARU=verify aborts on the first
# difference), for Lato, DejaVu and a font with short loca offsets (DejaVu
# Sans ExtraLight).  Runs from the repository root after `make all`.
set -u
tmp=tests/tmp/hpdf
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
ko() { echo "check-hpdf: FAIL: $*"; fail=1; }
export SOURCE_DATE_EPOCH=1767225600

# both: builds "$name" with $@ twice (ours, libharu's) and compares the PDFs
both() {
	name=$1
	shift
	./autodiag build -q --only pdf --out "$tmp/$name-own" "$@" 2>"$tmp/$name.log" ||
		ko "$name: build failed"
	AUTODIAG_LIBHARU=1 ./autodiag build -q --only pdf --out "$tmp/$name-libharu" "$@" \
		2>"$tmp/$name.log" || ko "$name: build with libharu's own functions failed"
	n=$(find "$tmp/$name-own/pdf" -name '*.pdf' | wc -l)
	[ "$n" -gt 1 ] || ko "$name: only $n PDF built"
	if diff -r "$tmp/$name-own/pdf" "$tmp/$name-libharu/pdf" >"$tmp/$name.diff"; then
		echo "check-hpdf: $name: $n PDFs, the same bytes as libharu's own"
	else
		ko "$name: the PDFs differ from libharu's own"
		head -5 "$tmp/$name.diff"
	fi
}

both shipped
both site --content tests/site/content --answers tests/site/answers

# verify: one build where every font subset, text width and encoding is
# made both ways and compared
verify() {
	name=$1
	shift
	if AUTODIAG_LIBHARU=verify ./autodiag build -q --only pdf --out "$tmp/$name-verify" \
		"$@" 2>"$tmp/$name.err"; then
		# a line per subset compared
		n=$(grep -c "^autodiag: font subset of .*: the same as libharu's$" "$tmp/$name.err")
		if [ "$n" -gt 0 ]; then
			echo "check-hpdf: $name: $n font subsets, each the same as libharu's"
		else
			ko "$name: no font subset was compared"
		fi
		# a line per font made again in a later document of a job
		n=$(grep -c "^autodiag: the objects of font .*: the same as recorded$" "$tmp/$name.err")
		if [ "$n" -gt 0 ]; then
			echo "check-hpdf: $name: $n fonts made by libharu, each the same as recorded"
		else
			ko "$name: no font was compared with its record"
		fi
		# paragraphs found in the layout cache, laid out again and compared
		n=$(grep "^autodiag: [0-9]* paragraphs from the layout cache: the same as laid out again$" \
			"$tmp/$name.err" | awk '{ s += $2 } END { print s + 0 }')
		if [ "$n" -gt 0 ]; then
			echo "check-hpdf: $name: $n paragraphs from the layout cache, each the same as laid out again"
		else
			ko "$name: no paragraph was taken from the layout cache"
		fi
	else
		ko "$name: a font subset, text width or encoding differs from libharu's"
		head -5 "$tmp/$name.err"
	fi
}

verify shipped
verify site --content tests/site/content --answers tests/site/answers
dejavu=/usr/share/fonts/truetype/dejavu
th=$tmp/theme-dejavu
cp -R themes/default "$th"
sed -i "s|^  regular: .*|  regular: $dejavu/DejaVuSerif.ttf|
s|^  bold: .*|  bold: $dejavu/DejaVuSans-Bold.ttf|
s|^  italic: .*|  italic: $dejavu/DejaVuSerif-Italic.ttf|" "$th/pdf.yaml"
both dejavu --theme "$th"
verify dejavu --theme "$th"
short=$dejavu/DejaVuSans-ExtraLight.ttf
# its head table says indexToLocFormat 0: the loca table holds halves
python3 -c "
import struct, sys
d = open(sys.argv[1], 'rb').read()
for i in range(struct.unpack('>H', d[4:6])[0]):
    tag, _, off, _ = struct.unpack('>4sIII', d[12 + 16 * i:28 + 16 * i])
    if tag == b'head':
        sys.exit(struct.unpack('>h', d[off + 50:off + 52])[0] != 0)
sys.exit(1)" "$short" || ko "$short has no short loca offsets"
th=$tmp/theme-short
cp -R themes/default "$th"
sed -i "s|^  regular: .*|  regular: $short|" "$th/pdf.yaml"
both short-loca --theme "$th"
verify short-loca --theme "$th"

[ $fail -eq 0 ] && echo "check-hpdf: ok"
exit $fail
