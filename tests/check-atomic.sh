#!/bin/bash
# Atomic output: a build that fails (invalid input, file size limit, full
# disk, SIGINT) leaves the previous out/ byte for byte as it was, and no
# temporary directory behind.
name=atomic
. tests/lib.sh
snapshot() { (cd "$1" && find . -type f -exec md5sum {} + | sort); }
export SOURCE_DATE_EPOCH=1767225600

# same_as_before DIR WHAT: the output equals the first snapshot, nothing left over
same_as_before() {
	if [ "$(snapshot "$1")" = "$(cat "$tmp/snap")" ]; then ok; else ko "$2: previous output changed"; fi
	if ls -d "$1".tmp-* "$1".old-* >/dev/null 2>&1; then ko "$2: temporary directory left"; else ok; fi
}

"$bin" build --out "$tmp/out" -q && ok || ko "first build"
snapshot "$tmp/out" >"$tmp/snap"
[ -s "$tmp/snap" ] && ok || ko "empty output"

# invalid input
cp -R content "$tmp/content"
printf -- '---\ntitle: "x"\naxis: nulle-part\n---\n' >"$tmp/content/fiches/zz.md"
"$bin" build --content "$tmp/content" --out "$tmp/out" -q 2>/dev/null
[ $? -eq 1 ] && ok || ko "invalid input must exit 1"
same_as_before "$tmp/out" "invalid input"

# a theme template with a syntax error
cp -R themes/default "$tmp/theme"
f=$(ls "$tmp/theme/templates/"*.mustache | head -1)
printf '{{#unclosed}}\n' >>"$f"
"$bin" build --theme "$tmp/theme" --out "$tmp/out" -q 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "error: " "$tmp/err" && ok || ko "template error must exit 1"
same_as_before "$tmp/out" "template error"

# the file size limit: writes fail with EFBIG
(ulimit -f 64; "$bin" build --out "$tmp/out" -q 2>"$tmp/err")
[ $? -eq 3 ] && ok || ko "ulimit -f must exit 3: $(cat "$tmp/err")"
same_as_before "$tmp/out" "ulimit -f"

# a full disk: a small tmpfs (needs root; CI is), big enough for the site alone
# (about 4.5 MB with the shipped guide and answers) but not for a full build
# beside it (site and PDFs, about 9.5 MB)
if mkdir -p "$tmp/small" && mount -t tmpfs -o size=8m tmpfs "$tmp/small" 2>/dev/null; then
	"$bin" build --out "$tmp/small/out" --only site -q && ok || ko "site fits on the tmpfs"
	snapshot "$tmp/small/out" >"$tmp/snap"
	"$bin" build --out "$tmp/small/out" -q 2>"$tmp/err"
	[ $? -eq 3 ] && ok || ko "full disk must exit 3: $(cat "$tmp/err")"
	same_as_before "$tmp/small/out" "full disk"
	umount "$tmp/small"
	snapshot "$tmp/out" >"$tmp/snap"
else
	echo "skipped: full disk (tmpfs cannot be mounted here)"
fi

# SIGINT in the middle of a build of many reports
mkdir -p "$tmp/many"
for i in $(seq 1 400); do cp answers/lorvanne-2026.yaml "$tmp/many/a$i.yaml"; done
"$bin" build --answers "$tmp/many" --out "$tmp/out" -q &
pid=$!
# interrupt once the build writes its temporary tree (loading and scoring
# 400 files may take longer than a fixed delay on a busy machine)
for i in $(seq 1 200); do
	ls -d "$tmp/out".tmp-* >/dev/null 2>&1 && break
	sleep 0.05
done
sleep 0.2
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 130 ] || [ $rc -eq 2 ]; then ok; else ko "SIGINT: exit status $rc (finished before the signal?)"; fi
same_as_before "$tmp/out" "SIGINT"

echo "atomic: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
