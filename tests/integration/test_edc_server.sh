#!/usr/bin/env bash
# Europass EDC through the real server: issuing with format "edc" over
# the API with an issuer's token (201, the sealed JSON), the credential URL
# (application/jose+json, the same bytes; the HTML page links its
# downloads), the VC API verifier (verified true; a tampered copy false
# with the seal's reason), the /verify page pasted and uploaded, the
# credentialStatus URL, and the server's trust anchors
# (MICROCRED_TRUST_ANCHORS) applied to a PEM-sealed EDC.
. "$(dirname "$0")/lib.sh"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_TEST_NOW \
	MICROCRED_DEV_WRITES MICROCRED_ACCREDITATION MICROCRED_TSA_URL
for tool in curl jq openssl; do
	command -v $tool >/dev/null 2>&1 || {
		echo "skipped: $tool is not installed"
		exit 77
	}
done
db=$(mc_db edcs)
org=ua-dniprorudne-lyceum
mcid=ua-mag-welding-steel-structures
m() { "$mc" --db "$db" "$@"; }

# ---- a demo database with seals, an issuer and a token -----------------------

mc_init "$db"
expect 0 "demo" -- m demo
expect 0 "key generate" -- m key generate --org $org
expect 0 "create-test-ca" -- m cert create-test-ca --out "$tmp/ca.pem"
expect 0 "create-test-seal" -- m cert create-test-seal $org
printf 'correct horse battery\n' >"$tmp/pw"
expect 0 "user add" -- m user add --email ivan@example.org --name Ivan --password-file "$tmp/pw"
expect 0 "grant issuer" -- m user grant --user ivan@example.org --org $org --roles issuer
T=$(m token create --user ivan@example.org --name t-ivan --scopes all 2>/dev/null | grep -m1 '^mct_')
case "$T" in mct_*) ok ;; *)
	fail "token create printed no token"
	finish
	;;
esac

# A seal of our own making (openssl), trusted only through the server's
# trust_anchors setting: sealed with `seal --key --chain` from the CLI.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/k.pem" -out "$tmp/c.pem" \
	-subj "/C=UA/O=Some Lyceum/organizationIdentifier=NTRUA-44556677/CN=Some Lyceum seal" \
	-addext "keyUsage=critical,digitalSignature,nonRepudiation" -days 30 2>/dev/null
export MICROCRED_TRUST_ANCHORS="$tmp/c.pem"
serve_start "$db"

as() {
	local method=$1 path=$2
	shift 2
	http "$method" "$path" -H "Authorization: Bearer $T" "$@"
}

# ---- issue over the API ------------------------------------------------------

learner='{"learner": {"name": "Олена Коваль", "email": "olena@example.org", "lang": "uk"}, "format": "edc"}'
as POST /api/v1/microcredentials/$mcid/credentials -H 'Content-Type: application/json' --data-binary "$learner"
equal "$code" 201 "issue edc"
cp "$tmp/body" "$tmp/edc.jsonld"
equal "$(jq -r '.signatures | length' "$tmp/edc.jsonld")" 1 "the body is the sealed JSON (one signature)"
equal "$(jq -r '.payload | fromjson | .type | join(",")' "$tmp/edc.jsonld")" \
	VerifiableCredential,EuropeanDigitalCredential "the payload is an EDC"
cred=$(jq -r '.payload | fromjson | .id' "$tmp/edc.jsonld")
uuid=${cred##*/}
loc=$(header Location)
equal "$loc" "/credentials/$uuid" "issue Location"
# The issue response is the sealed file, typed as the credential URL
# below serves it.
case "$(header Content-Type)" in application/jose+json*) ok ;; *) fail "issue Content-Type: $(header Content-Type)" ;; esac
as POST /api/v1/microcredentials/$mcid/credentials -H 'Content-Type: application/json' --data-binary "$learner"
equal "$code" 200 "issue again: the stored one"
cmp -s "$tmp/body" "$tmp/edc.jsonld" && ok || fail "issue again: the same bytes"
http POST /api/v1/microcredentials/$mcid/credentials -H 'Content-Type: application/json' --data-binary "$learner"
equal "$code" 401 "no token: refused"
as POST /api/v1/microcredentials/$mcid/credentials -H 'Content-Type: application/json' \
	--data-binary '{"learner": {"name": "X", "email": "x@example.org"}, "format": "edcx"}'
equal "$code" 400 "an unknown format is refused"
contains "$tmp/body" "format" "the format field is named"

# The CLI verifies what the server issued.
expect 0 "the CLI verifies the API's EDC" -- m verify "$tmp/edc.jsonld"
equal "$(head -1 "$tmp/out" | cut -d: -f1)" VALID "CLI: VALID"

# ---- the credential URL ------------------------------------------------------

http GET "/credentials/$uuid" -H 'Accept: application/json'
equal "$code" 200 "GET the credential"
case "$(header Content-Type)" in application/jose+json*) ok ;; *) fail "credential Content-Type: $(header Content-Type)" ;; esac
cmp -s "$tmp/body" "$tmp/edc.jsonld" && ok || fail "GET gives the bytes issued"
http GET "/credentials/$uuid" -H 'Accept: text/html'
equal "$code" 200 "the credential page"
case "$(header Content-Type)" in text/html*) ok ;; *) fail "page Content-Type: $(header Content-Type)" ;; esac
cp "$tmp/body" "$tmp/page.html"
contains "$tmp/page.html" "Олена Коваль" "the page names the learner"
# Links to its download and to its PDF (any href under the credential).
grep -oE "href=\"[^\"]*$uuid[^\"]*\"" "$tmp/page.html" | sort -u >"$tmp/links"
contains "$tmp/links" "href=\"/credentials/$uuid/certificate.pdf\"" "the page links the PDF"
contains "$tmp/links" "href=\"/credentials/$uuid/download\"" "the page links the download"
http GET "/credentials/$uuid/download"
equal "$code" 200 "GET the download link"
cmp -s "$tmp/body" "$tmp/edc.jsonld" && ok || fail "the download is the sealed file as issued"
pdf=$(grep -i pdf "$tmp/links" | head -1 | sed -E 's/^href="//; s/"$//; s/&amp;/\&/g; s|^https?://[^/]*||')
if [ -n "$pdf" ]; then
	http GET "$pdf"
	equal "$code" 200 "GET the PDF link"
	equal "$(head -c 5 "$tmp/body")" "%PDF-" "the PDF link gives a PDF"
fi

# The same learner's Open Badges credential: each page lists the other
# format (with its download); another learner's credential is not listed.
as POST /api/v1/microcredentials/$mcid/credentials -H 'Content-Type: application/json' \
	--data-binary "${learner/\"edc\"/\"ob3\"}"
equal "$code" 201 "issue ob3 to the same learner"
ob3_uuid=$(header Location)
ob3_uuid=${ob3_uuid##*/}
as POST /api/v1/microcredentials/$mcid/credentials -H 'Content-Type: application/json' \
	--data-binary '{"learner": {"name": "Someone Else", "email": "else@example.org"}, "format": "ob3"}'
equal "$code" 201 "issue ob3 to another learner"
else_uuid=$(header Location)
else_uuid=${else_uuid##*/}
http GET "/credentials/$ob3_uuid" -H 'Accept: text/html'
contains "$tmp/body" "href=\"/credentials/$uuid\">European Digital Credential" "the OB3 page lists the EDC"
contains "$tmp/body" "href=\"/credentials/$uuid/download\"" "the OB3 page links the EDC download"
lacks "$tmp/body" "$else_uuid" "another learner's credential is not listed"
http GET "/credentials/$uuid" -H 'Accept: text/html'
contains "$tmp/body" "href=\"/credentials/$ob3_uuid\">Open Badges 3.0" "the EDC page lists the OB3 credential"

# The status the credential names.
status_url=$(jq -r '.payload | fromjson | .credentialStatus.id' "$tmp/edc.jsonld")
equal "$status_url" "${cred}/status" "credentialStatus.id is BASE/credentials/UUID/status"
http GET "/credentials/$uuid/status"
equal "$code" 200 "GET the credentialStatus URL"
jq -e . "$tmp/body" >/dev/null 2>&1 && ok || fail "the status is JSON"
equal "$(jq -r .status "$tmp/body")" active "the status says active"
equal "$(jq -r .id "$tmp/body")" "$status_url" "the status document's id"
http GET "/credentials/00000000-0000-4000-8000-000000000000/status"
equal "$code" 404 "an unknown credential's status: 404"

# ---- the VC API verifier -----------------------------------------------------

jq -n --slurpfile c "$tmp/edc.jsonld" '{verifiableCredential: $c[0]}' >"$tmp/vreq.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/vreq.json"
equal "$code" 200 "VC API verify"
equal "$(jq -r .verified "$tmp/body")" true "VC API: verified true"
jq '.payload |= sub("welding"; "Welding")' "$tmp/edc.jsonld" >"$tmp/bad.jsonld"
jq -n --slurpfile c "$tmp/bad.jsonld" '{verifiableCredential: $c[0]}' >"$tmp/vbad.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/vbad.json"
equal "$code" 422 "VC API verify a tampered EDC"
equal "$(jq -r .verified "$tmp/body")" false "tampered: verified false"
contains "$tmp/body" "changed after sealing" "the seal's reason is given"

# The server's trust anchors: an EDC sealed with the openssl-made seal.
m issue --mc $mcid --learner-name "Learner pem" --learner-email lpem@example.org --lang uk \
	--format edc --out "$tmp/base.jsonld" 2>/dev/null
jq -r .payload "$tmp/base.jsonld" | jq 'del(.credentialStatus)' >"$tmp/p.json"
expect 0 "seal --key --chain" -- m seal "$tmp/p.json" --key "$tmp/k.pem" --chain "$tmp/c.pem" --out "$tmp/pem.jsonld"
jq -n --slurpfile c "$tmp/pem.jsonld" '{verifiableCredential: $c[0]}' >"$tmp/vpem.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/vpem.json"
equal "$code" 200 "VC API verify the PEM-sealed EDC"
equal "$(jq -r .verified "$tmp/body")" true "trusted through MICROCRED_TRUST_ANCHORS"
contains "$tmp/body" "Some Lyceum" "the anchor is named"

# ---- the /verify page --------------------------------------------------------

http POST /verify --data-urlencode "credential@$tmp/edc.jsonld"
equal "$code" 200 "verify page (pasted)"
cp "$tmp/body" "$tmp/vpage.html"
contains "$tmp/vpage.html" 'class="verdict ok"' "pasted EDC: valid"
for c in format seal issuer trust timestamp revocation expiry accreditation; do
	grep -qiE "<th scope=\"row\">$c" "$tmp/vpage.html" && ok || fail "the page shows the EDC check '$c'"
done
http POST /verify -F "file=@$tmp/edc.jsonld;type=application/json"
equal "$code" 200 "verify page (uploaded)"
contains "$tmp/body" 'class="verdict ok"' "uploaded EDC: valid"
http POST /verify -F "file=@$tmp/bad.jsonld;type=application/json"
equal "$code" 200 "verify page: tampered EDC"
contains "$tmp/body" 'class="verdict bad"' "tampered EDC: not valid"
grep -qiE '<tr class="failed"><th scope="row">seal' "$tmp/body" && ok || fail "the page names the failed seal check"

# ---- revocation seen by the verifier ----------------------------------------

as POST "/api/v1/credentials/$uuid/revoke" -H 'Content-Type: application/json' --data-binary '{"reason": "test"}'
equal "$code" 200 "revoke"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/vreq.json"
equal "$(jq -r .verified "$tmp/body")" false "revoked: verified false"
http GET "/credentials/$uuid/status"
equal "$code" 200 "the status after revocation"
equal "$(jq -r .status "$tmp/body")" revoked "the status says revoked"

# The server said nothing alarming (an MC_SANITIZE build reports here).
lacks "$tmp/serve.err" "Sanitizer" "no sanitizer report from the server"
finish
