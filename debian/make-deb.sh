#!/bin/sh
# make deb: builds the Debian package from a copy of the tree (dpkg-buildpackage
# writes its outputs into the parent directory, which may be read-only or
# shared), puts the .deb, .buildinfo and .changes into build/deb and runs
# lintian on them at the error level.
set -eu
top=$(pwd)
dest=$top/build/deb
work=$(mktemp -d "${TMPDIR:-/tmp}/autodiag-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/autodiag" "$dest"
# the files git knows or would add (what .gitignore leaves), else all
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z -c -o --exclude-standard |
		(cd "$top" && xargs -0 tar -cf - --no-recursion) | tar -C "$work/autodiag" -xf -
else
	tar -C "$top" --exclude=./build --exclude=./out --exclude=./tests/tmp \
		--exclude=./autodiag --exclude='./*node_modules' -cf - . | tar -C "$work/autodiag" -xf -
fi
(cd "$work/autodiag" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 || {
	tail -40 "$work/build.log"
	echo "deb: dpkg-buildpackage failed" >&2
	exit 1
}
rm -f "$dest"/*.deb "$dest"/*.buildinfo "$dest"/*.changes
mv "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes "$dest"/
lintian --fail-on error "$dest"/*.changes
ls "$dest"/*.deb
