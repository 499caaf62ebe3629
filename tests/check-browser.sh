#!/bin/sh
# check-browser.sh: the site in Debian's chromium (playwright-core) over
# file:// URLs: no console error nor request leaving file://, axe-core finds
# no WCAG 2.1 A/AA violation, the keyboard-only questionnaire scores like
# `autodiag score` and its exported file passes `autodiag check` and imports
# back; answers kept per diagnostic, the import checked like `autodiag
# check` (tests/bad/ corpus, same lines).  npm packages are pinned in tests/browser/package-lock.json.
set -u
bin=${AUTODIAG:-./autodiag}
tmp=tests/tmp/browser
export SOURCE_DATE_EPOCH=1767225600

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
	echo "check-browser: FAIL: /usr/bin/chromium is missing (make deps-test)"
	exit 1
fi
missing=
for m in axe-core js-yaml mustache playwright-core; do
	[ -d "tests/browser/node_modules/$m" ] || missing=1
done
if [ -n "$missing" ]; then
	(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || {
		echo "check-browser: FAIL: npm ci"
		exit 1
	}
fi
rm -rf "$tmp"
mkdir -p "$tmp"
"$bin" build -q --only site --out "$tmp/guide" || exit 1
"$bin" build -q --only site --out "$tmp/test" --content tests/site/content \
	--answers tests/site/answers 2>/dev/null || exit 1
# The guide of the bad-input corpus (tests/bad/), with no answers.
mkdir -p "$tmp/none"
"$bin" build -q --only site --out "$tmp/fixtures" --content tests/fixtures/content \
	--answers "$tmp/none" || exit 1

AUTODIAG=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") \
SITE_GUIDE=$tmp/guide/site SITE_TEST=$tmp/test/site CONTENT_TEST=tests/site/content \
SITE_FIXTURES=$tmp/fixtures/site CONTENT_FIXTURES=tests/fixtures/content \
	node --test --test-reporter=spec tests/browser/ 2>&1
