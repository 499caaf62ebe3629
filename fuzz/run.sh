#!/bin/sh
# make fuzz: builds each libFuzzer harness (clang, ASan + UBSan) against the
# sources and runs it for FUZZ_SECONDS (default 60) on a corpus seeded from
# the tests.  Crashes are written to fuzz/crashes/ and fail the run.
set -u
secs=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out" fuzz/crashes
flags="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 -Isrc -fsanitize=fuzzer,address,undefined"
libs="$(pkg-config --libs libcmark yaml-0.1) -lm"
srcs="src/buf.c src/util.c src/diag.c src/value.c src/ydoc.c src/model.c src/load.c src/score.c $(ls src/mustache*.c) src/html.c"
status=0
for h in answers fiche mustache; do
	clang $flags -o "$out/fuzz_$h" "fuzz/fuzz_$h.c" $srcs $libs || exit 1
	corpus=fuzz/corpus-$h
	mkdir -p "$corpus"
	case $h in
	answers) cp answers/*.yaml tests/bad/*.yaml "$corpus/" 2>/dev/null ;;
	fiche) cp content/fiches/*.md tests/bad/*.md "$corpus/" 2>/dev/null ;;
	mustache) cp themes/default/templates/*.mustache "$corpus/" 2>/dev/null ;;
	esac
	echo "== fuzz_$h for ${secs}s"
	"$out/fuzz_$h" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=fuzz/crashes/"$h"- -print_final_stats=1 "$corpus" 2>"$out/$h.log"
	rc=$?
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$out/$h.log"
	if [ $rc -ne 0 ]; then
		echo "fuzz_$h FAILED:"; tail -30 "$out/$h.log"; status=1
	fi
done
exit $status
