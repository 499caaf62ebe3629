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
# fewer for the builds that only need to last a few seconds
mkdir -p "$tmp/some"
for i in $(seq 1 60); do cp answers/lorvanne-2026.yaml "$tmp/some/a$i.yaml"; done
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

# ---- output is never destroyed ----
# refused (exit 2, untouched): the inputs, a plain file, the project
# directory, /, a non-empty directory without the marker, a symbolic link
mkdir -p "$tmp/keep" "$tmp/proj"
echo "précieux" >"$tmp/keep/notes.txt"
echo "fichier" >"$tmp/plain"
ln -s "$tmp/out" "$tmp/link"
cp -R content answers "$tmp/proj/"
ls -laR "$tmp/proj" "$tmp/keep" "$tmp/plain" >"$tmp/before-refusals"
refused() { # refused WHAT ARGS...: exit 2 and the message
	what=$1; shift
	"$bin" build -q "$@" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q 'error: refusing to replace' "$tmp/err"; then ok; else
		ko "$what: exit $rc, $(cat "$tmp/err")"; fi
}
(cd "$tmp/proj" && refused "--out content" --out content)
(cd "$tmp/proj" && refused "--out answers" --out answers)
(cd "$tmp/proj" && refused "--out answers/" --out answers/)
(cd "$tmp/proj" && refused "--out ." --out .)
(cd "$tmp/proj" && refused "--out /" --out /)
(cd "$tmp/proj" && refused "--out .." --out ..)
refused "--out a plain file" --out "$tmp/plain"
refused "--out a directory without the marker" --out "$tmp/keep"
refused "--out a symbolic link" --out "$tmp/link"
ls -laR "$tmp/proj" "$tmp/keep" "$tmp/plain" >"$tmp/after-refusals"
cmp -s "$tmp/before-refusals" "$tmp/after-refusals" && ok || ko "a refused --out was changed"
[ -f "$tmp/out/.autodiag-build" ] && ok || ko "no marker file in out/"
same_as_before "$tmp/out" "refusals"

# `--out out/` is `--out out`: replaced, nothing written inside the old one
"$bin" build -q --out "$tmp/out/" && ok || ko "--out with a trailing slash"
same_as_before "$tmp/out" "--out out/"
ls -a "$tmp/out" | grep -q 'tmp-\|old-' && ko "--out out/: temporary directory inside out/" || ok

# an out/ from before the marker: accepted when it has exactly a build's
# layout (site/index.html, pdf/guide.pdf), refused with anything else
mkdir -p "$tmp/legacy/site" "$tmp/legacy/pdf"
echo x >"$tmp/legacy/site/index.html"
echo x >"$tmp/legacy/pdf/guide.pdf"
"$bin" build -q --only site --out "$tmp/legacy" && [ -f "$tmp/legacy/.autodiag-build" ] &&
	[ "$(cat "$tmp/legacy/pdf/guide.pdf")" = x ] && ok || ko "legacy out/ with a build's layout"
mkdir -p "$tmp/legacy2/site"
echo x >"$tmp/legacy2/site/index.html"
echo x >"$tmp/legacy2/site.bak"
refused "a legacy out/ with something else" --out "$tmp/legacy2"
mkdir -p "$tmp/empty"
"$bin" build -q --only site --out "$tmp/empty" && ok || ko "an empty directory is accepted"

# two builds on one out/ never interleave: the second waits for the lock
"$bin" build --answers "$tmp/some" --out "$tmp/out" -q -j 2 2>"$tmp/err1" &
p1=$!
i=0
while ! ls -d "$tmp"/out.tmp-* >/dev/null 2>&1 && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
"$bin" build --out "$tmp/out" -q 2>"$tmp/err2"
rc2=$?
wait $p1
rc1=$?
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && ok || ko "concurrent builds: exit $rc1 and $rc2"
grep -q "another build is writing to $tmp/out; waiting for it" "$tmp/err2" && ok ||
	ko "the second build did not wait: $(cat "$tmp/err2")"
same_as_before "$tmp/out" "the second build's output"

# a worker killed: named with its signal, exit 3, out/ untouched
"$bin" build --answers "$tmp/some" --out "$tmp/out" -q -j 2 2>"$tmp/err" &
pid=$!
i=0
while [ -z "$(pgrep -P $pid | head -1)" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
kill -KILL "$(pgrep -P $pid | head -1)" 2>/dev/null
wait $pid
rc=$?
[ $rc -eq 3 ] && grep -Eq '^autodiag: error: build job [12] of 2 \(pid [0-9]+\) was killed by signal 9 \(Killed\)$' "$tmp/err" &&
	ok || ko "killed worker: exit $rc, $(cat "$tmp/err")"
same_as_before "$tmp/out" "killed worker"

# the parent killed: its workers die with it, and the next build sweeps
# the temporary directory it left
"$bin" build --answers "$tmp/some" --out "$tmp/out" -q -j 2 2>/dev/null &
pid=$!
i=0
while [ -z "$(pgrep -P $pid | head -1)" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kids=$(pgrep -P $pid)
kill -KILL $pid
wait $pid 2>/dev/null
sleep 1
alive=
# (a zombie is dead: this container's init may not reap it)
for k in $kids; do
	state=$(awk '{print $3}' "/proc/$k/stat" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ] && alive="$alive $k"
done
[ -n "$kids" ] && [ -z "$alive" ] && ok || ko "workers outlived their parent:$alive (of $kids)"
ls -d "$tmp"/out.tmp-* >/dev/null 2>&1 && ok || ko "no temporary directory left by the killed build?"
echo x >"$tmp/out.tmp-keepme"
"$bin" build --out "$tmp/out" -q && ok || ko "build after a killed one"
[ -z "$(find "$tmp" -maxdepth 1 -type d -name 'out.tmp-*')" ] && ok || ko "stale temporary directory not swept"
[ -f "$tmp/out.tmp-keepme" ] && ok || ko "a file that is not a temporary directory was swept"
rm -f "$tmp/out.tmp-keepme"
same_as_before "$tmp/out" "after the sweep"

echo "atomic: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
