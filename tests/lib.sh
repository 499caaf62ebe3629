# tests/lib.sh: what the check scripts share.  Source it after setting
# `name` (the working folder under tests/tmp/); it sets top, bin (the
# program, $AUTODIAG to override), a fresh $tmp, the pass/fail counters and
# ok/ko to count a check.
top=$(pwd)
bin=${AUTODIAG:-$top/autodiag}
tmp=$top/tests/tmp/$name
pass=0
fail=0
rm -rf "$tmp"
mkdir -p "$tmp"
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
