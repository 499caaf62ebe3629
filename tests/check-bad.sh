#!/bin/sh
# The bad-input corpus.  Each case NAME in tests/bad/ has NAME.expect: the
# exit status ("exit N") on the first line, then the exact diagnostics
# expected on stderr.  Its input is one of
#   NAME.yaml       an answers file, put in answers/ beside the test guide
#   NAME.md         a fiche, put in content/fiches/ beside the test guide
#   NAME.site.yaml  a content/site.yaml, with an empty content/fiches/
#   NAME.experience.md  an experience, put in content/experiences/
#   NAME.ressource.md   a resource, put in content/ressources/ (either may
#                   come with a NAME.md fiche or with the other)
#   NAME.setup      a shell snippet run (with sh) in the case's directory,
#                   which holds the test guide in content/ and an empty
#                   answers/, to make special files (symlinks, directories,
#                   huge files, odd names); it may come alone or with one of
#                   the files above (it then runs after the file is copied)
# and the case runs `autodiag check` in that directory, or the command line
# (after `autodiag`) that NAME.cmd holds, e.g. `build -q`, where @TOP@
# stands for the repository (`--theme @TOP@/themes/default`): a case with a
# .cmd needs an input file as well.  When the tests run
# as root, NAME.root.expect (if present) replaces NAME.expect: root reads
# any file, so an "unreadable file" case has another result.
#
# The exit status rule the corpus holds autodiag to:
#   exit 1  invalid input: the bytes or the names are there but wrong (YAML
#           syntax, types, unknown ids, bad UTF-8, bad file names, limits
#           such as files over 8 MiB or strings over 64 KiB);
#   exit 3  I/O failure: the system cannot hand over the bytes of a file or
#           the listing of a directory (missing, unreadable, a directory where
#           a file is expected, a dangling or looping symbolic link).
#   exit 0  accepted (warnings may be printed).
#
# BAD_UPDATE=1 rewrites the .expect files from the current output (review them!).
top=$(pwd)
bin=${AUTODIAG:-$top/autodiag}
tmp=$top/tests/tmp/bad
pass=0
fail=0
[ -d "$tmp" ] && chmod -R u+rwX "$tmp" 2>/dev/null
rm -rf "$tmp"

# Prints the input files of case $1 (those that exist).
inputs() {
	for ext in site.yaml md experience.md ressource.md yaml setup; do
		[ -f "tests/bad/$1.$ext" ] && echo "$1.$ext"
	done
}

# Every input file must belong to a case with an .expect.
for f in tests/bad/*; do
	name=$(basename "$f")
	case $name in
	*.root.expect) base=${name%.root.expect} ;;
	*.expect) continue ;;
	*.site.yaml) base=${name%.site.yaml} ;;
	*.experience.md) base=${name%.experience.md} ;;
	*.ressource.md) base=${name%.ressource.md} ;;
	*.md) base=${name%.md} ;;
	*.yaml) base=${name%.yaml} ;;
	*.setup) base=${name%.setup} ;;
	*.cmd) base=${name%.cmd} ;;
	*) echo "FAIL: $f: not a corpus file"; fail=$((fail + 1)); continue ;;
	esac
	if [ ! -f "tests/bad/$base.expect" ]; then
		echo "FAIL: $f: no tests/bad/$base.expect"
		fail=$((fail + 1))
	fi
done

for exp in tests/bad/*.expect; do
	case $exp in *.root.expect) continue ;; esac
	case=$(basename "$exp" .expect)
	d=$tmp/$case
	mkdir -p "$d/content/fiches" "$d/answers"
	files=$(inputs "$case")
	if [ -z "$files" ]; then
		echo "FAIL: $exp: no input file"
		fail=$((fail + 1))
		continue
	fi
	case $files in
	*.site.yaml*) cp "tests/bad/$case.site.yaml" "$d/content/site.yaml" ;;
	*) cp -R tests/fixtures/content/. "$d/content/" ;;
	esac
	case $files in *"$case.md"*) cp "tests/bad/$case.md" "$d/content/fiches/" ;; esac
	case $files in *"$case.yaml"*) cp "tests/bad/$case.yaml" "$d/answers/" ;; esac
	for coll in experience ressource; do
		case $files in *"$case.$coll.md"*)
			mkdir -p "$d/content/${coll}s"
			cp "tests/bad/$case.$coll.md" "$d/content/${coll}s/$case.md" ;;
		esac
	done
	case $files in
	*.setup*)
		if ! (cd "$d" && sh "$top/tests/bad/$case.setup") >"$d/setup.log" 2>&1; then
			echo "FAIL: $case.setup failed:"
			sed 's/^/    /' "$d/setup.log"
			fail=$((fail + 1))
			continue
		fi
		;;
	esac
	cmd=check
	[ -f "tests/bad/$case.cmd" ] && cmd=$(sed "s|@TOP@|$top|g" "tests/bad/$case.cmd")
	# A hang is a failure too (exit 124).
	# shellcheck disable=SC2086
	(cd "$d" && timeout 60 "$bin" $cmd >/dev/null 2>stderr; echo "exit $?" >status)
	cat "$d/status" "$d/stderr" >"$d/got"
	if [ "$(id -u)" = 0 ] && [ -f "tests/bad/$case.root.expect" ]; then
		exp=tests/bad/$case.root.expect
	fi
	if [ -n "$BAD_UPDATE" ]; then
		cp "$d/got" "$exp"
	fi
	if cmp -s "$d/got" "$exp"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $exp"
		diff -u "$exp" "$d/got" | sed 's/^/    /'
	fi
	# Huge generated inputs are not kept.
	find "$d" -type f -size +1M -exec rm -f {} +
done
echo "bad inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 80 ]
