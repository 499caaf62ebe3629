#!/bin/sh
# make valgrind: the program itself under valgrind (memcheck, leaks counted
# as errors) on the shipped content, every bad input and an import.
top=$(pwd)
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
tmp=$top/tests/tmp/valgrind
pass=0
fail=0
rm -rf "$tmp"
mkdir -p "$tmp"
run() {
	"$@" >/dev/null 2>"$tmp/err"
	if [ $? -eq 99 ] || grep -q '^==[0-9]*==' "$tmp/err"; then
		fail=$((fail + 1)); echo "FAIL: $*"; grep '^==' "$tmp/err" | head -20
	else
		pass=$((pass + 1))
	fi
}
run $vg ./autodiag build --out "$tmp/out" -j 1 -q
run $vg ./autodiag check
run $vg ./autodiag score answers/valmont-sur-loire-2026.yaml --format json
run $vg ./autodiag template
run $vg ./autodiag import tests/import/semicolon-bom.csv --out "$tmp/imp"
run $vg ./autodiag import tests/import/bad-cells.csv --out "$tmp/imp2"
run $vg ./autodiag new --minimal "$tmp/new"
run $vg ./autodiag new "$tmp/new-full"
# serve: the server process under valgrind through the whole serve test
# (its builds exec `autodiag build`, checked above), with wider time limits
printf '#!/bin/sh\nexec %s --log-file=%s/serve-vg.%%p %s/autodiag "$@"\n' "$vg" "$tmp" "$top" >"$tmp/vg-autodiag"
chmod +x "$tmp/vg-autodiag"
if SERVE_LIMIT_MS=20000 AUTODIAG=$tmp/vg-autodiag bash tests/check-serve.sh >"$tmp/serve.log" 2>&1 &&
	! grep -q '^==' "$tmp"/serve-vg.*; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "FAIL: serve under valgrind"; cat "$tmp/serve.log"; cat "$tmp"/serve-vg.* | head -20
fi
sh tests/check-bad.sh >/dev/null 2>&1 # lays out every case in tests/tmp/bad
for d in tests/tmp/bad/*/; do
	run sh -c "cd '$d' && $vg '$top/autodiag' check"
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
