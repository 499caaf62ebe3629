#!/bin/sh
# The Debian package as a user gets it (run by .ci/run after `make deb`, not
# by `make check`: it installs into the system).  Unpacked with dpkg -x and
# run relocated (AUTODIAG_SHARE), then, as root, installed with dpkg -i:
# `autodiag new` (the guide, and --minimal) and `build` in an empty
# directory, with the installed theme.  The package is removed again when it
# was not installed before.  The other tests keep using ./autodiag.
name=deb
. tests/lib.sh

deb=$(ls build/deb/autodiag_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "deb: no package in build/deb; run make deb first"; exit 1; }
nfiches=$(ls content/fiches/*.md | wc -l)

# new + build with program $1 in a fresh directory $2 (env: AUTODIAG_SHARE)
try() {
	ad=$1
	work=$2
	mkdir -p "$work" && cd "$work" || return
	if "$ad" new guide >"$tmp/out" 2>&1 && cd guide && "$ad" build -q >"$tmp/out" 2>&1 &&
		[ "$(ls out/site/fiches/*.html | wc -l)" -eq "$nfiches" ] && [ -s out/pdf/guide.pdf ] &&
		[ ! -e themes ]; then ok; else ko "$ad: new + build"; cat "$tmp/out"; fi
	cd "$work" || return
	if "$ad" new --minimal mini >"$tmp/out" 2>&1 && cd mini && "$ad" build -q >"$tmp/out" 2>&1 &&
		[ ! -s "$tmp/out" ] && [ -s out/site/fiches/feuille-de-route.html ]; then ok; else
		ko "$ad: new --minimal + build"
		cat "$tmp/out"
	fi
	cd "$top" || exit 1
}

# the contents
dpkg-deb -c "$deb" >"$tmp/list"
for f in ./usr/bin/autodiag ./usr/share/man/man1/autodiag.1.gz \
	./usr/share/autodiag/themes/default/strings.yaml ./usr/share/autodiag/content/site.yaml \
	./usr/share/doc/autodiag/copyright; do
	grep -q " $f$" "$tmp/list" && ok || ko "package lacks $f"
done
dpkg-deb -f "$deb" Depends | grep -q "fonts-lato.*fonts-dejavu-core.*hyphen-fr" && ok ||
	ko "package Depends: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Depends | grep -q "libmicrohttpd12" && ok || ko "no shlibs Depends"

# unpacked, relocated
dpkg -x "$deb" "$tmp/x"
AUTODIAG_SHARE=$tmp/x/usr/share/autodiag try "$tmp/x/usr/bin/autodiag" "$tmp/relocated"

# installed into the system (root only)
if [ "$(id -u)" -eq 0 ]; then
	before=$(dpkg-query -W -f='${Status}' autodiag 2>/dev/null | grep -c 'ok installed')
	if dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then ok; else ko "dpkg -i"; cat "$tmp/dpkg.log"; fi
	try /usr/bin/autodiag "$tmp/installed"
	[ "$before" -eq 0 ] && dpkg -r autodiag >/dev/null 2>&1
else
	echo "deb: not root, dpkg -i skipped"
fi

echo "deb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
