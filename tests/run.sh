#!/bin/sh
# Runs every test of `make check`: the cmocka unit binaries in $1/tests, then
# every tests/check-*.sh script.  Prints "check: N passed, N failed" last and
# exits non-zero when any failed.  VALGRIND=1 runs the unit binaries under it.
build=${1:-build/rel}
pass=0
fail=0
failed=
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	if [ -n "$VALGRIND" ]; then
		run="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
	else
		run=
	fi
	if $run "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $t"; fi
done
scripts=tests/check-*.sh
[ -n "$VALGRIND" ] && scripts=tests/valgrind.sh
for s in $scripts; do
	[ -f "$s" ] || continue
	echo "== $s"
	shell=sh
	head -1 "$s" | grep -q bash && shell=bash
	if $shell "$s"; then pass=$((pass + 1)); else fail=$((fail + 1)); failed="$failed $s"; fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
