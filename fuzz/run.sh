#!/bin/sh
# make fuzz: builds each libFuzzer harness (clang, ASan + UBSan) against the
# sources and runs it for FUZZ_SECONDS (default 60) on a corpus seeded from
# the tests.  Crashes are written to fuzz/crashes/ and fail the run.
#   FUZZ_HARNESSES="tree import"   the harnesses to run (default: all)
#   FUZZ_RUNS=N                    stop each after N executions instead
#   FUZZ_MAX_LEN=N                 the largest input (default 65536)
# Harnesses: answers, fiche, collection (an experience and a resource), mustache (one file each), tree (a whole guide
# and answers tree through load, score and both back-ends), import (CSV form
# exports), layout (the PDF line breaking and pagination).
set -u
secs=${FUZZ_SECONDS:-60}
harnesses=${FUZZ_HARNESSES:-answers fiche collection mustache tree import layout}
out=build/fuzz
mkdir -p "$out" fuzz/crashes
flags="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 -Isrc -I$out -fsanitize=fuzzer,address,undefined,float-cast-overflow"
libs="$(pkg-config --libs libcmark yaml-0.1) -lmicrohttpd -lzip -lhpdf -lhyphen -lcsv -lpng -lz -lm -lpthread"
srcs=$(ls src/*.c | grep -v '^src/main\.c$')
status=0
# the keys of the default strings.yaml, as the Makefile makes them
sed -n 's/^\([a-z0-9_]*\):.*/	"\1",/p' themes/default/strings.yaml >"$out/strings_keys.h"

# The tree corpus: each seed is a whole tree, files joined by NUL bytes as
# fuzz_tree.c reads them ("NAME\nCONTENT").
seed_tree() {
	c=fuzz/corpus-tree
	mkdir -p "$c"
	{
		printf 'site.yaml\n'; cat tests/fixtures/content/site.yaml
		for f in tests/fixtures/content/fiches/*.md; do
			printf '\0%s\n' "$(basename "$f")"; cat "$f"
		done
		printf '\0ville-2026.yaml\nterritory: "Ville"\nkind: commune\npopulation: 5000\ndate: 2026-01-01\ntargets: {alpha: 3}\nanswers:\n  a1: {q1: 2, q2: {level: 1, note: "n"}}\n  b1: {q1: na, q2: nsp}\nnotes:\n  a1: "Note"\n'
		printf '\0ville-2025.yaml\nterritory: "Ville"\nkind: commune\ndate: 2025-01-01\nanswers:\n  a1: {q1: 1}\n'
	} >"$c/fixture"
	{
		printf 'site.yaml\n'; cat content/site.yaml
		for f in content/fiches/*.md; do
			printf '\0%s\n' "$(basename "$f")"; cat "$f"
		done
		for f in answers/*.yaml; do
			printf '\0%s\n' "$(basename "$f")"; cat "$f"
		done
	} >"$c/shipped"
}

for h in $harnesses; do
	clang $flags -o "$out/fuzz_$h" "fuzz/fuzz_$h.c" $srcs $libs || exit 1
	corpus=fuzz/corpus-$h
	mkdir -p "$corpus"
	case $h in
	answers) cp answers/*.yaml tests/bad/*.yaml "$corpus/" 2>/dev/null ;;
	fiche) cp content/fiches/*.md tests/bad/*.md "$corpus/" 2>/dev/null ;;
	collection) cp content/experiences/*.md content/ressources/*.md tests/bad/*.*.md \
		tests/collections/content/*/*.md "$corpus/" 2>/dev/null ;;
	mustache) cp themes/default/templates/*.mustache "$corpus/" 2>/dev/null ;;
	tree) seed_tree ;;
	import) cp tests/import/*.csv "$corpus/" 2>/dev/null ;;
	layout) printf '\120\200\001\003Une phrase ordinaire, puis anticonstitutionnellement.\002Encore' >"$corpus/para"
		cp content/fiches/*.md "$corpus/" 2>/dev/null ;;
	esac
	if [ -n "${FUZZ_RUNS:-}" ]; then limit="-runs=$FUZZ_RUNS"; else limit="-max_total_time=$secs"; fi
	echo "== fuzz_$h ($limit)"
	"$out/fuzz_$h" "$limit" -max_len=${FUZZ_MAX_LEN:-65536} -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=fuzz/crashes/"$h"- -print_final_stats=1 "$corpus" 2>"$out/$h.log"
	rc=$?
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$out/$h.log"
	if [ $rc -ne 0 ]; then
		echo "fuzz_$h FAILED:"; tail -30 "$out/$h.log"; status=1
	fi
done
exit $status
