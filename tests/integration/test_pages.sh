#!/usr/bin/env bash
# The public web pages on a real server: every page is HTML, the CSP
# forbids script, records are escaped, the UI and MC content follow the
# reader's language (?lang=, the cookie, Accept-Language), the verify page
# tells a genuine credential from a tampered one, bad forms and paths are
# refused, and static files and pages answer If-None-Match with 304.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the pages test needs it"
		exit 77
	fi
done
src=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}

db=$(mc_db pages)
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
export MICROCRED_ADMIN_EMAIL=admin@example.org

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена <Коваль>" --learner-email olena@example.org --lang uk --out "$tmp/c1.json"
credid=$(jq -r .id "$tmp/c1.json")
uuid=${credid##*/}

# An MC whose titles carry markup and quotes, published through the CLI.
jq '.id = "evil-markup" | .title.en = "<script>alert(\"x\")</script> & '"'"'quoted'"'"' welding" | .title.uk = "Зварювання <b>жирне</b> \"в лапках\""' \
	"$src/docs/examples/mc-example.json" >"$tmp/evil.json"
expect 0 "import evil" -- "$mc" --db "$db" mc import "$tmp/evil.json"
for step in submit approve publish; do
	expect 0 "$step evil" -- "$mc" --db "$db" mc $step evil-markup
done

# Every UI language has every key English has (and no other).  Parts
# kept in files of their own (AREA.LANG.json) are checked by their own
# tests (test_reasons.sh: the verifier's reasons).
for f in "$src"/web/i18n/*.json; do
	case $(basename "$f" .json) in *.*) continue ;; esac
	equal "$(jq -c 'keys' "$f")" "$(jq -c 'keys' "$src/web/i18n/en.json")" "keys of $(basename "$f")"
done

serve_start "$db"

html() { # html PATH [CURL ARGS...]: GET asking for HTML
	local path=$1
	shift
	http GET "$path" -H 'Accept: text/html' "$@"
}

# Every page: 200, HTML, the CSP without script.
for path in / "/?q=welding" "/?country=UA&eqf=4" /clusters \
	/clusters/digital-skills /coverage /verify /org/$org /mc/$mcid \
	/mc/$mcid/v1 /credentials/$uuid; do
	html "$path"
	equal "$code" 200 "GET $path"
	equal "$(header Content-Type)" "text/html; charset=utf-8" "$path is HTML"
	csp=$(header Content-Security-Policy)
	case "$csp" in
	*"default-src 'none'"*) ok ;;
	*) fail "$path: CSP '$csp' does not default to none" ;;
	esac
	case "$csp" in
	*unsafe-inline* | *script-src*) fail "$path: CSP allows script: $csp" ;;
	*) ok ;;
	esac
	lacks "$tmp/body" "<script" "$path has no script"
	contains "$tmp/body" '<html lang="en">' "$path declares its language"
done
html /clusters/no-such-cluster
equal "$code" 404 "unknown cluster"
equal "$(header Content-Type)" "text/html; charset=utf-8" "404 page is HTML"
html /org/no-such-org
equal "$code" 404 "unknown organisation"

# HEAD answers like GET without a body.
code=$(curl -s -I -o "$tmp/hdr" -w '%{http_code}' "$url/coverage")
equal "$code" 200 "HEAD /coverage"

# Escaped by construction: the MC page and the search results.
html /mc/evil-markup
equal "$code" 200 "evil MC page"
contains "$tmp/body" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;' "title escaped on the MC page"
lacks "$tmp/body" '<script>' "no script element from the title"
html "/?q=alert"
contains "$tmp/body" '&lt;script&gt;alert(&quot;x&quot;)' "title escaped in search results"
lacks "$tmp/body" '<script>' "search results carry no script"
html "/?q=%3Cscript%3E%22"
lacks "$tmp/body" '<script>"' "the query is escaped in the search box"
html "/?country=%3Cb%3E"
equal "$code" 400 "bad facet value"
contains "$tmp/body" "country:" "bad facet names the parameter"

# Ukrainian: UI strings and the MC's own title; the choice sticks.
html "/mc/evil-markup?lang=uk"
contains "$tmp/body" '<html lang="uk">' "lang attribute uk"
contains "$tmp/body" "Каталог" "Ukrainian navigation"
contains "$tmp/body" "Результати навчання" "Ukrainian section heading"
contains "$tmp/body" "Зварювання &lt;b&gt;жирне&lt;/b&gt; &quot;в лапках&quot;" "Ukrainian MC title, escaped"
contains "$tmp/hdr" "lang=uk; Path=/" "?lang= sets the cookie"
contains "$tmp/hdr" "SameSite=Lax" "cookie is SameSite=Lax"
html /mc/$mcid -H 'Cookie: lang=uk'
contains "$tmp/body" "Мікрокваліфікація" "the cookie keeps Ukrainian"
contains "$tmp/body" "Механізоване зварювання" "Ukrainian title of a demo MC"
html "/?lang=uk&q=зварювання"
contains "$tmp/body" "Механізоване зварювання" "Ukrainian titles in results"
html "/?lang=xx"
contains "$tmp/body" '<html lang="en">' "unknown ?lang= falls back to English"
lacks "$tmp/hdr" "lang=xx" "no cookie for an unknown language"

# Accept-Language with q-values.
html /verify -H 'Accept-Language: de-DE,de;q=0.9,en;q=0.8'
contains "$tmp/body" '<html lang="de">' "Accept-Language de"
contains "$tmp/body" "Nachweis prüfen" "German UI"
html /verify -H 'Accept-Language: en;q=0.4, uk;q=0.8, de;q=0'
contains "$tmp/body" '<html lang="uk">' "highest q wins"
html /verify -H 'Accept-Language: fr, de;q=0.1'
contains "$tmp/body" '<html lang="de">' "a language we lack is skipped"

# The verify page: a genuine credential, pasted and uploaded.
http POST /verify --data-urlencode "credential@$tmp/c1.json"
equal "$code" 200 "verify (pasted)"
contains "$tmp/body" 'class="verdict ok"' "genuine credential is valid"
contains "$tmp/body" 'Verdict: <strong class="word"><span aria-hidden="true">✔</span> valid</strong>' "verdict in words and a sign"
contains "$tmp/body" "Every check that decides validity passed." "the verdict is explained"
http POST /verify -F "file=@$tmp/c1.json;type=application/json"
equal "$code" 200 "verify (uploaded)"
contains "$tmp/body" 'class="verdict ok"' "uploaded credential is valid"
jq -c '.credentialSubject.identifier[0].identityHash = "Mallory"' "$tmp/c1.json" >"$tmp/bad.json"
http POST /verify -F "file=@$tmp/bad.json"
equal "$code" 200 "verify a tampered credential"
contains "$tmp/body" 'class="verdict bad"' "tampered credential is not valid"
contains "$tmp/body" '<tr class="failed"><th scope="row">Signature' "the failing check is named"
contains "$tmp/body" '<span aria-hidden="true">✘</span> not valid</strong>' "invalid verdict in words and a sign"
contains "$tmp/body" "At least one check failed" "invalid verdict explained"
http POST /verify --data-urlencode "credential=   "
equal "$code" 400 "empty credential"
contains "$tmp/body" "credential:" "empty form names the field"

# Bad forms.
http POST /verify -H 'Content-Type: application/x-www-form-urlencoded' --data-binary 'credential=%FF%FE'
equal "$code" 400 "invalid UTF-8 (urlencoded)"
contains "$tmp/body" "invalid UTF-8" "the reason is given"
contains "$tmp/body" "credential" "the field is named"
printf -- '--XyZ\r\nContent-Disposition: form-data; name="credential"\r\n\r\n\xc3\x28\r\n--XyZ--\r\n' >"$tmp/mp"
http POST /verify -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary "@$tmp/mp"
equal "$code" 400 "invalid UTF-8 (multipart)"
http POST /verify -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary 'no boundary here'
equal "$code" 400 "multipart without a boundary line"
http POST /verify -H 'Content-Type: text/plain' --data-binary 'x'
equal "$code" 415 "not a form"

# The credential page: who, what, live status, download.
html /credentials/$uuid
contains "$tmp/body" "Олена &lt;Коваль&gt;" "learner name, escaped"
contains "$tmp/body" "/mc/$mcid/v1" "links the MC"
contains "$tmp/body" 'class="state active"' "active"
contains "$tmp/body" 'class="verdict ok"' "verification summary"
http GET /credentials/$uuid -H 'Accept: application/json'
mv "$tmp/body" "$tmp/api.json"
http GET /credentials/$uuid/download
equal "$code" 200 "download"
cmp -s "$tmp/body" "$tmp/api.json" && ok || fail "download is the credential as issued"
equal "$(jq -r .id "$tmp/body")" "$credid" "download is the credential"
expect 0 "revoke" -- "$mc" --db "$db" revoke "$credid" --reason "test"
html /credentials/$uuid
contains "$tmp/body" 'class="state revoked"' "revocation shows live"
html /credentials/00000000-0000-4000-8000-000000000000
equal "$code" 404 "unknown credential"

# Country, language and cluster names in the reader's language, not codes.
html "/?lang=uk"
contains "$tmp/body" ">Вірменія</a>" "country facet in Ukrainian"
contains "$tmp/body" ">сербська (латиниця)</a>" "language facet in Ukrainian"
lacks "$tmp/body" ">sr-Latn</a>" "no language code in the facet"
contains "$tmp/body" "Вірменія · EQF" "country of a hit in Ukrainian"
html "/?lang=de"
contains "$tmp/body" ">Agrar- und Lebensmittelwirtschaft, ländlicher Tourismus</a>" "cluster facet by its German name"
lacks "$tmp/body" ">agrifood-rural-tourism</a>" "no cluster id in the facet"
contains "$tmp/body" ">Nordmazedonien</a>" "country facet in German"
html "/mc/$mcid?lang=uk"
contains "$tmp/body" "(Україна)" "the provider's country in Ukrainian"
lacks "$tmp/body" "</a> (Ukraine)" "no English country name on a Ukrainian page"
contains "$tmp/body" "<dd>українська" "languages of instruction by name"

# ECTS: a facet of ranges on the page, bounds in the JSON API.
html "/"
contains "$tmp/body" "<h2>ECTS credits</h2>" "ECTS facet"
contains "$tmp/body" 'href="/?ects=0-2">up to 2</a>' "ECTS range link"
html "/?ects=5-"
equal "$code" 200 "ECTS range filter"
n_page=$(sed -n 's/.*<h2>Results: \([0-9]*\)<\/h2>.*/\1/p' "$tmp/body")
http GET "/api/v1/microcredentials?ects_min=5.01&limit=1"
equal "$code" 200 "ects_min in the API"
equal "$(jq .total "$tmp/body")" "$n_page" "page range 5- matches ects_min above 5"
[ "${n_page:-0}" -gt 0 ] && ok || fail "some MCs have more than 5 ECTS"
equal "$("$mc" --db "$db" search "" --ects-min 5.01 --json | jq .total)" "$n_page" "search --ects-min"
expect 2 "search --ects-max not a number" -- "$mc" --db "$db" search "" --ects-max lots
http GET "/api/v1/microcredentials?ects_min=2&ects_max=2&limit=100"
equal "$(jq '[.hits[].ects] | unique' -c "$tmp/body")" "[2]" "ects bounds are inclusive"
http GET "/api/v1/microcredentials?ects_min=6&ects_max=2"
equal "$code" 400 "ects_min above ects_max"
contains "$tmp/body" "ects_min" "the parameter is named"
http GET "/api/v1/microcredentials?ects_max=lots"
equal "$code" 400 "ects_max not a number"
contains "$tmp/body" "ects_max" "ects_max is named"
html "/?ects=9-99"
equal "$code" 400 "unknown ECTS range"
contains "$tmp/body" "ects:" "bad range names the parameter"

# Coverage is drawn as SVG with text alternatives.
html /coverage
contains "$tmp/body" "<svg" "coverage has SVG charts"
contains "$tmp/body" "<desc" "charts are described"
contains "$tmp/body" "<table>" "and given as tables"
contains "$tmp/body" "<td>target reached</td>" "a partner country at the target says so"
lacks "$tmp/body" "or not a partner country" "no either-or status"
# Below the target in one partner country, and a country outside them.
for id in $(jq -r '.hits[].id' <(curl -s "$url/api/v1/microcredentials?country=ME&limit=2")); do
	expect 0 "retire $id" -- "$mc" --db "$db" mc retire "$id"
done
jq '.id = "de-extra" | .countries = ["DE"]' "$src/docs/examples/mc-example.json" >"$tmp/de.json"
expect 0 "import de" -- "$mc" --db "$db" mc import "$tmp/de.json"
for step in submit approve publish; do
	expect 0 "$step de" -- "$mc" --db "$db" mc $step de-extra
done
html "/coverage?x=1"
contains "$tmp/body" "⚑ below the target, missing: 1" "how far below the target"
contains "$tmp/body" "<td>not a partner country</td>" "a country outside the partners"
html "/coverage?lang=uk&x=1"
contains "$tmp/body" "показник досягнуто" "coverage status in Ukrainian"

# Static files, ETags, traversal.
http GET /static/style.css
equal "$code" 200 "style sheet"
contains "$tmp/hdr" "text/css" "style sheet type"
size=$(wc -c <"$tmp/body")
[ "$size" -lt 8192 ] && ok || fail "style sheet is $size bytes, over 8 KB"
etag=$(header ETag)
http GET /static/style.css -H "If-None-Match: $etag"
equal "$code" 304 "style sheet revalidates"
http GET /static/style.css
contains "$tmp/body" ".checks td:last-child,.meta,dd{overflow-wrap:anywhere}" "long DIDs and URLs wrap"
html /coverage
etag=$(header ETag)
html /coverage -H "If-None-Match: $etag"
equal "$code" 304 "page revalidates"
for bad in /static/../CMakeLists.txt /static/..%2fCMakeLists.txt \
	/static/%2e%2e /static/i18n%2fen.json /static/nope.css; do
	code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$url$bad")
	case "$code" in
	400 | 404) ok ;;
	*) fail "$bad: $code, wanted 400 or 404" ;;
	esac
done

finish
