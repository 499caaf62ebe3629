#!/bin/sh
# check-jobs.sh: `build -j N` shares the shared PDFs, the reports and the
# fiche pages among N processes, each taking the next item nobody has taken
# (build_claim): whatever job writes what, the output is the same.  The
# shipped guide and the test site (hostile inputs included) are built with
# 1, 2 and 5 jobs and compared, file by file.  Runs from the repository
# root after `make all`.
set -u
tmp=tests/tmp/jobs
rm -rf "$tmp"
mkdir -p "$tmp"
fail=0
ko() { echo "check-jobs: FAIL: $*"; fail=1; }
export SOURCE_DATE_EPOCH=1767225600

for set in shipped site; do
	case $set in
	shipped) args= ;;
	site) args="--content tests/site/content --answers tests/site/answers" ;;
	esac
	for j in 1 2 5; do
		# shellcheck disable=SC2086
		./autodiag build -q -j $j $args --out "$tmp/$set-$j" 2>"$tmp/$set-$j.err" ||
			ko "$set: build -j $j failed"
	done
	n=$(find "$tmp/$set-1" -type f | wc -l)
	[ "$n" -gt 20 ] || ko "$set: only $n files built"
	for j in 2 5; do
		if diff -r "$tmp/$set-1" "$tmp/$set-$j" >"$tmp/$set-$j.diff"; then
			echo "check-jobs: $set: -j $j gives the $n files of -j 1"
		else
			ko "$set: -j $j differs from -j 1"
			head -5 "$tmp/$set-$j.diff"
		fi
	done
done

[ $fail -eq 0 ] && echo "check-jobs: ok"
exit $fail
