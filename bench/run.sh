#!/bin/sh
# run.sh: `make bench` (after ./autodiag is built and the peers installed by
# `make deps-bench`).  Generates inputs under bench/work/, times autodiag
# against Hugo and pandoc + weasyprint, prints the table and writes it to
# bench/results.txt.  BENCH_QUICK=1 skips the 2,500-fiche PDF peer.
set -e
cd "$(dirname "$0")/.."
if [ ! -x ./autodiag ]; then
	echo "bench: ./autodiag is missing (run make)" >&2
	exit 1
fi
exec python3 bench/bench.py "$@"
