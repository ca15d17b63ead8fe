#!/usr/bin/env bash
# The verify page (/verify) with curl against a real server: a PDF
# certificate uploaded, a credential URL, a revoked and a tampered
# credential, the owner field, and the page in Ukrainian and German.
#
# Each verdict is shown by name (valid, revoked, forged ...), with what was
# verified (learner, title, issuer and how its name is bound, the issue
# date in the reader's language); a "cannot tell" never says "not valid";
# the Ukrainian page carries none of the library's English reasons (each
# is compared with `microcred verify --json` of the same credential) and
# nothing marked untranslated; the inputs' errors name their field.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	command -v $tool >/dev/null 2>&1 ||
		skip "$tool is not installed; the verify page test needs it"
done
src=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}

db=$(mc_db verify)
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid \
	--learner-name "Olena Koval" --learner-email olena@example.org \
	--lang uk --out "$tmp/c1.json"
expect 0 "issue another" -- "$mc" --db "$db" issue --mc $mcid \
	--learner-name "Petro Bondar" --learner-email petro@example.org \
	--out "$tmp/c2.json"
expect 0 "revoke it" -- "$mc" --db "$db" revoke "$(jq -r .id "$tmp/c2.json")" \
	--reason "Issued in error"
[ "$failures" -eq 0 ] || finish
credid=$(jq -r .id "$tmp/c1.json")
uuid=${credid##*/}
jq -c '.credentialSubject.name = "Mallory"' "$tmp/c1.json" >"$tmp/tampered.json"

# The issue date as each language writes it (UTC; the server says so).
issued=$(jq -r '.validFrom // .issuanceDate' "$tmp/c1.json")
day=$(date -u -d "$issued" +%-d)
month=$(date -u -d "$issued" +%-m)
year=$(date -u -d "$issued" +%Y)
en_months=(January February March April May June July August September October November December)
uk_months=(січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня)
de_months=(Januar Februar März April Mai Juni Juli August September Oktober November Dezember)
en_date="$day ${en_months[$((month - 1))]} $year"
uk_date="$day ${uk_months[$((month - 1))]} $year"
de_date="$day. ${de_months[$((month - 1))]} $year"

serve_start "$db"
expect 0 "the PDF certificate" -- curl -sf -o "$tmp/cert.pdf" "$url/credentials/$uuid/certificate.pdf"

# page WHAT LANG CURL-ARGS...: POST /verify (multipart) in LANG
# (default English); the answer in $tmp/body, saved as $tmp/WHAT.LANG.html.
page() {
	local what=$1 lang=${2:-en}
	shift 2
	http POST "/verify?lang=$lang" "$@"
	cp "$tmp/body" "$tmp/$what.$lang.html"
}

# verdict NAME DESCRIPTION: the page's verdict is NAME.
verdict() {
	contains "$tmp/body" "data-verdict=\"$1\"" "$2: verdict $1"
}

# ---- a PDF certificate, uploaded ---------------------------------------------
page pdf en -F "file=@$tmp/cert.pdf;type=application/pdf"
equal "$code" 200 "PDF certificate"
verdict valid "PDF certificate"
contains "$tmp/body" 'class="verdict ok"' "PDF: the valid class"
contains "$tmp/body" "The credential attached to the PDF certificate cert.pdf" "PDF: says where the credential came from"
contains "$tmp/body" '<dd class="learner">Olena Koval</dd>' "PDF: the learner"
# The title in the reader's language: the credential carries only the
# learner's (Ukrainian), the catalogue has the MC's in English too.
contains "$tmp/body" '<dd class="title">MAG welding of steel structures for bridge and building repair</dd>' \
	"PDF: the MC's title in English, from the catalogue"
contains "$tmp/body" "EQF 4" "PDF: the level"
contains "$tmp/body" 'data-binding="catalogue"' "PDF: bound by our catalogue"
contains "$tmp/body" "Signed with a key registered in this catalogue." "PDF: the binding in words"
contains "$tmp/body" ">$en_date</time>" "PDF: the issue date in English"
contains "$tmp/body" "href=\"$credid\"" "PDF: links the credential's page"
lacks "$tmp/body" 'class="untranslated"' "PDF: nothing untranslated in English"

# ---- a credential URL ----------------------------------------------------------
page url en -F "url=$credid"
equal "$code" 200 "credential URL"
verdict valid "credential URL"
contains "$tmp/body" "The credential at $credid" "URL: says where it came from"
contains "$tmp/body" '<dd class="learner">Olena Koval</dd>' "URL: the learner"

# A URL of another site on a loopback or private address: a public
# server never fetches from those for a stranger (test_verify_fetch.sh
# covers the settings).
page otherurl en -F "url=http://localhost:${url##*:}/credentials/1"
equal "$code" 422 "another site's URL on loopback"
contains "$tmp/body" "private or loopback address" "says it does not fetch from there"

# ---- a baked SVG image ----------------------------------------------------------
{
	printf '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10">'
	printf '<openbadges:credential><![CDATA['
	cat "$tmp/c1.json"
	printf ']]></openbadges:credential><rect width="10" height="10"/></svg>\n'
} >"$tmp/badge.svg"
page svg en -F "file=@$tmp/badge.svg;type=image/svg+xml"
equal "$code" 200 "a baked SVG"
verdict valid "a baked SVG"
contains "$tmp/body" "The credential baked into the image badge.svg" "SVG: says where the credential came from"
printf '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>\n' >"$tmp/plain.svg"
page plainsvg en -F "file=@$tmp/plain.svg;type=image/svg+xml"
equal "$code" 422 "an SVG without a credential"
contains "$tmp/body" "file: this image carries no credential" "an image without a credential says so"

# ---- revoked --------------------------------------------------------------------
page revoked en -F "file=@$tmp/c2.json;type=application/json"
equal "$code" 200 "revoked credential"
verdict revoked "revoked credential"
contains "$tmp/body" 'class="verdict bad"' "revoked: a not-valid class"
contains "$tmp/body" '<span class="name">— revoked by the issuer</span>' "revoked: the verdict by name"
contains "$tmp/body" "The issuer has withdrawn this credential" "revoked: explained"
"$mc" --db "$db" verify --json "$tmp/c2.json" >"$tmp/c2.report" 2>/dev/null
rdate=$(jq -r '[.checks[] | select(.check == "status") | .params.date // empty][0] // empty' "$tmp/c2.report")
if [ -n "$rdate" ]; then
	contains "$tmp/body" "Revoked by the issuer on $(LC_ALL=C date -u -d "$rdate" '+%-d %B %Y, %H:%M UTC')." "revoked: the date, in English"
	contains "$tmp/body" "The issuer&#39;s reason: Issued in error" "revoked: the issuer's reason"
else
	skip_part "the status check gives no revocation date (params.date)"
fi

# ---- tampered --------------------------------------------------------------------
page tampered en -F "credential=<$tmp/tampered.json"
equal "$code" 200 "tampered credential"
verdict forged "tampered credential"
contains "$tmp/body" '<span class="name">— forged or altered</span>' "tampered: forged or altered"
contains "$tmp/body" '<ul class="why"><li><strong>Signature</strong>' "tampered: the failed check is named under the verdict"
contains "$tmp/body" "This is what the credential says; the verdict above says whether to believe it." "tampered: what it says is not vouched for"

# ---- not a credential at all --------------------------------------------------------
page garbage en -F "credential=hello, world"
equal "$code" 200 "pasted text that is no credential"
verdict invalid "no credential"
contains "$tmp/body" '<span class="name">— malformed, not a credential</span>' "malformed, by name"
lacks "$tmp/body" 'class="about"' "nothing to say about what was verified"

# ---- the owner field ---------------------------------------------------------------
page owner_ok en -F "file=@$tmp/c1.json" -F "owner=  olena koval "
equal "$code" 200 "owner given"
verdict valid "the right owner"
contains "$tmp/body" '<tr class="passed"><th scope="row">Owner' "the owner check passes"
page owner_bad en -F "file=@$tmp/c1.json" -F "owner=Mallory Smith"
equal "$code" 200 "another owner"
contains "$tmp/body" '<tr class="failed"><th scope="row">Owner' "the owner check fails for another name"
contains "$tmp/body" "Mallory Smith" "the owner given is quoted"
contains "$tmp/body" '<ul class="why"><li><strong>Owner</strong>' "another owner: the owner check is what the verdict rests on"
lacks "$tmp/body" '<li><strong>Trust</strong>' "another owner: no check that does not matter is blamed"
page owner_none en -F "file=@$tmp/c1.json"
contains "$tmp/body" '<tr class="skipped"><th scope="row">Owner' "no owner: the check is skipped"

# ---- a sealed EDC: a TEST seal is said to be one ----------------------------------------
expect 0 "create-test-ca" -- "$mc" --db "$db" cert create-test-ca
expect 0 "create-test-seal" -- "$mc" --db "$db" cert create-test-seal $org
expect 0 "issue an EDC" -- "$mc" --db "$db" issue --mc $mcid \
	--learner-name "Olena Koval" --learner-email olena@example.org \
	--format edc --out "$tmp/edc.jsonld"
page edc en -F "file=@$tmp/edc.jsonld"
equal "$code" 200 "a sealed EDC"
verdict valid "a sealed EDC"
contains "$tmp/body" '<span class="binding warn" data-binding="test">⚠ A TEST seal (trust anchor CN=microcred TEST CA' "the TEST anchor, with a warning"
contains "$tmp/body" '<tr class="passed"><th scope="row">Seal' "the EDC's checks are named"

# ---- cannot tell: another school's correctly signed credential ------------------------
fixture=${MC_FIXTURES:-$src/../shared/fixtures}/ob3/ob3_minimal_openbadgecredential.json
if [ -f "$fixture" ] && [ -d "$src/tests/interop/node_modules/@digitalbazaar/vc" ] &&
	command -v node >/dev/null 2>&1; then
	# Issued at 01:30 in UTC+2: the issue date is the issuer's day, and the
# validity reason's time is 23:30 UTC the day before.
	jq 'del(.credentialStatus) | .validFrom = "2010-01-01T01:30:00+02:00"' \
		"$fixture" >"$tmp/theirs.unsigned.json"
	expect 0 "another issuer signs (did:key)" -- node "$src/tests/interop/sign-di.mjs" \
		--proof-array "$tmp/theirs.unsigned.json" "$tmp/theirs.json"
	page unbound en -F "file=@$tmp/theirs.json"
	equal "$code" 200 "another issuer's credential"
	verdict cannot-tell "an unbound issuer"
	contains "$tmp/body" 'class="verdict unknown"' "cannot tell: its own class"
	lacks "$tmp/body" "not valid" "cannot tell never says 'not valid'"
	lacks "$tmp/body" 'class="name"' "cannot tell: no 'not valid' verdict name"
	contains "$tmp/body" "This does not mean the credential is false" "cannot tell: explained"
	contains "$tmp/body" "What could not be established:" "cannot tell: what is missing"
	contains "$tmp/body" "What would settle it:" "cannot tell: what would settle it"
	contains "$tmp/body" 'data-binding="none"' "cannot tell: unbound"
	contains "$tmp/body" "The name is the issuer&#39;s own claim" "cannot tell: the name is a claim"
	contains "$tmp/body" '<time datetime="2010-01-01T01:30:00+02:00">1 January 2010</time>' "the issue date as the issuer wrote it"
	contains "$tmp/body" "valid from 31 December 2009, 23:30 UTC" "a date parameter of a reason, with its time in UTC"
	cp "$tmp/theirs.json" "$tmp/unbound.json"

	# A title in two languages: each reader gets theirs, a German one
	# English (marked as English).
	jq 'del(.credentialStatus) | .credentialSubject.achievement.name = [
		{"@value": "Teamwork in small crews", "@language": "en"},
		{"@value": "Робота в малих бригадах", "@language": "uk"}]' \
		"$fixture" >"$tmp/titles.unsigned.json"
	expect 0 "another issuer signs a title in two languages" -- node \
		"$src/tests/interop/sign-di.mjs" --proof-array \
		"$tmp/titles.unsigned.json" "$tmp/titles.json"
	page titles en -F "file=@$tmp/titles.json"
	contains "$tmp/body" '<dd class="title">Teamwork in small crews</dd>' "the English title for an English reader"
	page titles uk -F "file=@$tmp/titles.json"
	contains "$tmp/body" '<dd class="title">Робота в малих бригадах</dd>' "the Ukrainian title for a Ukrainian reader"
	page titles de -F "file=@$tmp/titles.json"
	contains "$tmp/body" '<dd class="title" lang="en">Teamwork in small crews</dd>' "English for a German reader, marked as English"
else
	skip_part "cannot tell: needs ../shared/fixtures/ob3 and tests/interop/node_modules (npm ci --prefix tests/interop)"
fi

# ---- Ukrainian: no English reason ----------------------------------------------------
# english_reasons FILE [OWNER]: every English reason `microcred verify`
# gives for FILE, HTML-escaped as the page would show it, one a line.
english_reasons() {
	"$mc" --db "$db" verify --json ${2:+--owner "$2"} "$1" 2>/dev/null |
		jq -r '.checks[].reason' |
		sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
			-e 's/"/\&quot;/g' -e "s/'/\&#39;/g"
}
# no_english WHAT FILE [OWNER]: the Ukrainian page shows none of them.
no_english() {
	local what=$1 reason
	equal "$code" 200 "$what in Ukrainian"
	contains "$tmp/body" '<html lang="uk">' "$what: the page is Ukrainian"
	lacks "$tmp/body" 'class="untranslated"' "$what: no reason left in English"
	lacks "$tmp/body" '<span lang="en">' "$what: no English span"
	while IFS= read -r reason; do
		[ -n "$reason" ] || continue
		if grep -qF -- "$reason" "$tmp/body"; then
			fail "$what in Ukrainian shows the English reason '$reason'"
		else ok; fi
	done < <(english_reasons "$2" "${3:-}")
}
page valid uk -F "file=@$tmp/c1.json"
no_english "a valid credential" "$tmp/c1.json"
verdict valid "a valid credential in Ukrainian"
contains "$tmp/body" "дійсний" "the verdict in Ukrainian"
contains "$tmp/body" ">$uk_date</time>" "the issue date in Ukrainian"
contains "$tmp/body" "Механізоване зварювання" "the MC's Ukrainian title for a Ukrainian reader"
contains "$tmp/body" "Підписано ключем, зареєстрованим у цьому каталозі." "the binding in Ukrainian"
page pdf uk -F "file=@$tmp/cert.pdf;type=application/pdf"
no_english "the PDF" "$tmp/c1.json"
verdict valid "the PDF in Ukrainian"
contains "$tmp/body" "Документ, вкладений у PDF-сертифікат cert.pdf" "the PDF, said in Ukrainian"
page revoked uk -F "file=@$tmp/c2.json"
no_english "the revoked credential" "$tmp/c2.json"
contains "$tmp/body" "відкликаний видавцем" "revoked, in Ukrainian"
[ -z "$rdate" ] || contains "$tmp/body" "Відкликано видавцем $(date -u -d "$rdate" +%-d) ${uk_months[$(($(date -u -d "$rdate" +%-m) - 1))]}" "the revocation date in Ukrainian"
page tampered uk -F "file=@$tmp/tampered.json"
no_english "the tampered credential" "$tmp/tampered.json"
contains "$tmp/body" "підроблений або змінений" "forged, in Ukrainian"
page edc uk -F "file=@$tmp/edc.jsonld"
no_english "a sealed EDC" "$tmp/edc.jsonld"
contains "$tmp/body" "ТЕСТОВА печатка" "the TEST seal, in Ukrainian"
page owner_bad uk -F "file=@$tmp/c1.json" -F "owner=Mallory Smith"
no_english "another owner" "$tmp/c1.json" "Mallory Smith"
if [ -f "$tmp/unbound.json" ]; then
	page unbound uk -F "file=@$tmp/unbound.json"
	no_english "an unbound issuer" "$tmp/unbound.json"
	lacks "$tmp/body" "недійсний" "cannot tell never says 'not valid' in Ukrainian"
	contains "$tmp/body" ">1 січня 2010</time>" "the date in Ukrainian"
fi

# German: the date as German writes it.
page valid de -F "file=@$tmp/c1.json"
contains "$tmp/body" ">$de_date</time>" "the issue date in German"
contains "$tmp/body" "gültig" "the verdict in German"

# ---- the inputs' errors name their field ------------------------------------------------
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$tmp/plain.pdf"
page plainpdf en -F "file=@$tmp/plain.pdf;type=application/pdf"
equal "$code" 422 "a PDF without a credential"
contains "$tmp/body" "file: this PDF carries no credential." "a PDF without a credential says so"
contains "$tmp/body" "QR code" "and points to the QR code's address"
page plainpdf uk -F "file=@$tmp/plain.pdf;type=application/pdf"
contains "$tmp/body" "file: цей PDF не містить документа." "says so in Ukrainian"
page badurl en -F "url=ftp://example.org/c.json" -F "owner=Olena"
equal "$code" 400 "a URL that is not http(s)"
contains "$tmp/body" "url: give an address starting with https://" "names the url field"
contains "$tmp/body" 'value="ftp://example.org/c.json"' "the URL typed is kept"
contains "$tmp/body" 'value="Olena"' "the owner typed is kept"
page nourl en -F "url=$test_base/credentials/00000000-0000-4000-8000-000000000000"
equal "$code" 422 "a URL of ours with no credential"
contains "$tmp/body" "url: there is no credential at this address" "says there is none"
page longurl en -F "url=https://example.org/$(head -c 2100 /dev/zero | tr '\0' a)"
equal "$code" 400 "a URL too long"
contains "$tmp/body" "url: the address is longer than 2048 characters" "names the limit"
page longowner en -F "file=@$tmp/c1.json" -F "owner=$(head -c 201 /dev/zero | tr '\0' a)"
equal "$code" 400 "an owner name too long"
contains "$tmp/body" "owner: the name is too long (at most 200 bytes)" "names the owner field"
page two en -F "file=@$tmp/c1.json" -F "url=$credid"
equal "$code" 400 "a file and a URL at once"
contains "$tmp/body" "file, url: give one credential at a time" "names both fields"
page none en -F "owner=Olena Koval"
equal "$code" 400 "no credential"
contains "$tmp/body" "credential: upload a file, paste a credential or give its address" "says what to give"

# ---- the form ------------------------------------------------------------------------------
http GET /verify
contains "$tmp/body" 'accept=".json,.jsonld,.jwt,.pdf,.png,.svg"' "the picker offers every carrier"
contains "$tmp/body" '<input id="url" name="url"' "a URL field"
contains "$tmp/body" '<input id="owner" name="owner"' "an owner field"
contains "$tmp/body" "Name of the person who showed you this" "the owner field says what it is"

lacks "$tmp/serve.err" "Sanitizer" "no sanitizer report from the server"
# MC_VERIFY_PAGES=DIR keeps every page for a look.
[ -z "${MC_VERIFY_PAGES:-}" ] || cp "$tmp"/*.html "$MC_VERIFY_PAGES"/
finish
