#!/bin/bash
# `autodiag serve` as an author uses it, over HTTP with curl on a free port
# (--port 0): the site answers with the right types, a change to a fiche
# shows in the fetched page within 2 s (and reloads open pages through the
# event stream), a broken fiche shows its escaped diagnostic while the last
# good site stays served, `..` and symlinks out are refused, and SIGINT
# stops it with status 0 and no temporary output left.  Every wait is
# bounded.
name=serve
. tests/lib.sh

# under valgrind (tests/valgrind.sh) the limits are raised
LIMIT_MS=${SERVE_LIMIT_MS:-2000}
WAIT_MS=$((LIMIT_MS * 5))
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# until_ok MS CMD...: runs CMD every 50 ms until it succeeds; 1 after MS ms
until_ok() {
	local end=$(($(now_ms) + $1))
	shift
	while ! "$@"; do
		[ "$(now_ms)" -ge "$end" ] && return 1
		sleep 0.05
	done
}
page_has() { curl -s --max-time $((LIMIT_MS / 1000 + 1)) "$url$1" | grep -q -- "$2"; }
page_lacks() { ! curl -s --max-time $((LIMIT_MS / 1000 + 1)) "$url$1" | grep -q -- "$2"; }
status_of() { curl -s --max-time $((LIMIT_MS / 1000 + 1)) -o /dev/null -w '%{http_code}' "$@"; }
type_of() { curl -s --max-time $((LIMIT_MS / 1000 + 1)) -o /dev/null -w '%{content_type}' "$url$1"; }

"$bin" new --minimal "$tmp/g" >/dev/null 2>&1 || ko "new --minimal"
mkdir -p "$tmp/t"
cd "$tmp/g" || exit 1
fiche=content/fiches/feuille-de-route.md
TMPDIR=$tmp/t "$bin" serve --port 0 >"$tmp/log" 2>"$tmp/err" &
pid=$!
until_ok $WAIT_MS grep -q "^Site servi sur http://127.0.0.1:[0-9]*/" "$tmp/log" && ok ||
	ko "serve: no address printed"
port=$(sed -n 's|^Site servi sur http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/log")
url=http://127.0.0.1:$port
until_ok $WAIT_MS page_has / "Mon autodiagnostic" && ok || ko "serve: the site does not answer"

# content types, the script injected in pages only, never in built files
[ "$(type_of /)" = "text/html; charset=utf-8" ] && ok || ko "type of / is $(type_of /)"
[ "$(type_of /assets/style.css)" = "text/css; charset=utf-8" ] && ok || ko "css type"
[ "$(type_of /assets/site.js)" = "text/javascript; charset=utf-8" ] && ok || ko "js type"
[ "$(type_of /assets/favicon.svg)" = "image/svg+xml" ] && ok || ko "svg type"
[ "$(type_of /data/model.json)" = "application/json" ] && ok || ko "json type"
[ "$(type_of /data/scores.csv)" = "text/csv; charset=utf-8" ] && ok || ko "csv type"
page_has /fiches/feuille-de-route.html '<script src="/__autodiag/reload.js"' && ok ||
	ko "serve: no reload script in a page"
page_lacks /assets/site.js "__autodiag" && ok || ko "serve: script injected into a .js"
out=$(ls -d "$tmp"/t/autodiag-serve-*/out/site)
[ -f "$out/index.html" ] && ! grep -rq "__autodiag" "$out" && ok ||
	ko "serve: the reload script is written into the built files"
[ "$(status_of "$url/nope.html")" = 404 ] && ok || ko "serve: no 404"
page_has /nope.html "introuvable" && ok || ko "serve: the 404 page"
[ "$(status_of -X POST "$url/")" = 405 ] && ok || ko "serve: POST accepted"
[ "$(status_of "$url/fiches")" = 301 ] && ok || ko "serve: no redirect for a directory"

# nothing outside the output: .. raw or encoded, a symlink out
for p in /../../../../etc/passwd /fiches/../../../etc/passwd /%2e%2e/%2e%2e/etc/passwd \
	/..%2f..%2fetc/passwd; do
	s=$(status_of --path-as-is "$url$p")
	[ "$s" = 403 ] || [ "$s" = 404 ] && ok || ko "serve: $p answered $s"
	curl -s --path-as-is --max-time $((LIMIT_MS / 1000 + 1)) "$url$p" | grep -q "root:" && ko "serve: $p leaks" || ok
done
ln -s /etc "$out/lien"
[ "$(status_of "$url/lien/passwd")" = 403 ] && ok || ko "serve: a symlink out is followed"
rm -f "$out/lien"

# the event stream tells an open page to reload after a rebuild
gen=$(curl -s "$url/" | sed -n 's|.*data-gen="\([0-9]*\)".*|\1|p')
curl -s -N --max-time $((LIMIT_MS / 500)) "$url/__autodiag/events?gen=$gen" >"$tmp/events" &
events=$!
sleep 0.3

# a change shows within 2 s
start=$(now_ms)
sed -i 's/^title: "Feuille de route numérique"/title: "Feuille de route révisée"/' "$fiche"
if until_ok $LIMIT_MS page_has /fiches/feuille-de-route.html "Feuille de route révisée"; then
	ok
	echo "serve: a change shows in the page after $(($(now_ms) - start)) ms"
else
	ko "serve: the change is not in the page within 2 s"
fi
until_ok $WAIT_MS grep -q "^event: reload" "$tmp/events" && ok || ko "serve: no reload event"
kill $events 2>/dev/null
wait $events 2>/dev/null

# a broken fiche: its diagnostic (escaped) in the page, the last good site kept
sed -i 's|^axis: strategie|axis: "<b>x</b>"|' "$fiche"
diag='feuille-de-route.md:3:7: error: unknown axis "&lt;b&gt;x&lt;/b&gt;"'
until_ok $LIMIT_MS page_has /fiches/feuille-de-route.html "$diag" && ok ||
	ko "serve: the diagnostic is not in the page"
page_has /fiches/feuille-de-route.html "Feuille de route révisée" && ok ||
	ko "serve: the last good site is not served during an error"
page_lacks /fiches/feuille-de-route.html "<b>x</b>" && ok || ko "serve: the diagnostic is not escaped"
grep -q "feuille-de-route.md:3:7: error: unknown axis" "$tmp/err" && ok ||
	ko "serve: the diagnostic is not on stderr"
sed -i 's|^axis: .*|axis: strategie|' "$fiche"
until_ok $LIMIT_MS page_lacks /fiches/feuille-de-route.html "autodiag-erreur" && ok ||
	ko "serve: fixing the fiche does not clear the error"

# a new subdirectory is watched too
mkdir -p content/experiences
sleep 0.3
sed -i 's/^title: "Feuille de route révisée"/title: "Feuille de route finale"/' "$fiche"
until_ok $LIMIT_MS page_has /fiches/feuille-de-route.html "Feuille de route finale" && ok ||
	ko "serve: no rebuild after a directory appeared"

# the port is taken: a clear error, status 3
"$bin" serve --port "$port" >/dev/null 2>"$tmp/err2"
[ $? -eq 3 ] && grep -q "cannot serve on 127.0.0.1:$port" "$tmp/err2" && ok || ko "serve: busy port"
"$bin" serve --port 70000 >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "serve: --port 70000"
"$bin" serve extra >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "serve: an argument"

# SIGINT: status 0, the temporary output removed
kill -INT $pid
until_ok $WAIT_MS sh -c "! kill -0 $pid 2>/dev/null" || { ko "serve: SIGINT does not stop it"; kill -9 $pid; }
wait $pid
st=$?
[ $st -eq 0 ] && ok || ko "serve: exit status $st after SIGINT"
[ -z "$(ls -A "$tmp/t")" ] && ok || ko "serve: temporary output left: $(ls "$tmp/t")"

# --out DIR: kept after SIGTERM (a new log: the shell truncates an old one
# only once the process has started)
"$bin" serve --port 0 --out "$tmp/o" >"$tmp/log-out" 2>&1 &
pid=$!
until_ok $WAIT_MS grep -q "^Site construit" "$tmp/log-out" && ok || ko "serve --out: no build"
kill -TERM $pid
until_ok $WAIT_MS sh -c "! kill -0 $pid 2>/dev/null" || { ko "serve: SIGTERM does not stop it"; kill -9 $pid; }
wait $pid
[ $? -eq 0 ] && [ -f "$tmp/o/site/index.html" ] && ok || ko "serve --out: output not kept"

cd "$top" || exit 1
echo "serve: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
