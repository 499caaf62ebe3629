#!/bin/sh
# The bad-input corpus: each tests/bad/NAME.{yaml,md,site.yaml} is put in a
# small content/answers tree and checked; NAME.expect holds the exit status
# ("exit N") and then the exact diagnostics expected on stderr.
# BAD_UPDATE=1 rewrites the .expect files from the current output (review them!).
top=$(pwd)
bin=${AUTODIAG:-$top/autodiag}
tmp=$top/tests/tmp/bad
pass=0
fail=0
rm -rf "$tmp"
for f in tests/bad/*; do
	case $f in *.expect) continue ;; esac
	name=$(basename "$f")
	case $name in
	*.site.yaml) case=${name%.site.yaml} ;;
	*.md) case=${name%.md} ;;
	*.yaml) case=${name%.yaml} ;;
	*) continue ;;
	esac
	d=$tmp/$case
	mkdir -p "$d/content/fiches" "$d/answers"
	case $name in
	*.site.yaml) cp "$f" "$d/content/site.yaml" ;;
	*.md) cp -R tests/fixtures/content/. "$d/content/" && cp "$f" "$d/content/fiches/" ;;
	*.yaml) cp -R tests/fixtures/content/. "$d/content/" && cp "$f" "$d/answers/" ;;
	esac
	(cd "$d" && "$bin" check >/dev/null 2>stderr; echo "exit $?" >status)
	cat "$d/status" "$d/stderr" >"$d/got"
	exp=tests/bad/$case.expect
	if [ -n "$BAD_UPDATE" ]; then
		cp "$d/got" "$exp"
	fi
	if cmp -s "$d/got" "$exp"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $f"
		diff -u "$exp" "$d/got" | sed 's/^/    /'
	fi
done
echo "bad inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 30 ]
