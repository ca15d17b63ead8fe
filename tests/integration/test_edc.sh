#!/usr/bin/env bash
# Europass EDC end to end through the real binary: `issue --format edc`
# on a fresh demo database with a test CA and test seals, verified by our
# `verify` (each check read from --json with jq), by the openssl command
# line and by npm `jose`; the same learner's OB3 credential and PDF; a
# B-T seal from the local TSA (tests/tsa/test_tsa) and a TSA that stamps
# the wrong imprint; the bad-input list (each a named failed check and
# exit 1, never a crash); the Commission's sealed sample; `seal`.
# Needs MC_TEST_TSA (the test_tsa binary), node + tests/interop/node_modules
# and the fixtures; without one the test ends as skipped, never as a pass.
. "$(dirname "$0")/lib.sh"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_TEST_NOW
for tool in jq openssl basenc $([ "$mc_backend" != sqlite ] || echo sqlite3); do
	command -v $tool >/dev/null 2>&1 || {
		echo "skipped: $tool is not installed"
		exit 77
	}
done
src=${MC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
fx=${MC_FIXTURES:-${MC_SHARED:-$src/../shared}/fixtures}
db=$(mc_db edc)
org=ua-dniprorudne-lyceum
other=ua-rokytne-lyceum
mcid=ua-mag-welding-steel-structures
m() { "$mc" --db "$db" "$@"; }
learner=(--mc $mcid --learner-name "Олена Коваль" --learner-email olena@example.org --lang uk)
# issue_to N ARGS...: issue the same MC to another learner, "Learner N".
issue_to() {
	local n=$1
	shift
	m issue --mc $mcid --learner-name "Learner $n" --learner-email "l$n@example.org" --lang uk "$@"
}

# ---- helpers -----------------------------------------------------------------

b64u_dec() {
	local s=$1
	while [ $((${#s} % 4)) -ne 0 ]; do s="$s="; done
	printf '%s' "$s" | basenc --base64url -d
}
b64u_enc() { basenc --base64url -w0 | tr -d '='; }
# protected FILE: the decoded protected header.
protected() { b64u_dec "$(jq -r '.signatures[0].protected' "$1")"; }
# reheader IN FILTER OUT: OUT is IN with its protected header rewritten by
# the jq FILTER (and re-encoded); payload and signature untouched.
reheader() {
	protected "$1" | jq -c "$2" | b64u_enc >"$tmp/protected.b64"
	jq --rawfile p "$tmp/protected.b64" '.signatures[0].protected = $p' "$1" >"$3"
}
# sane DESCRIPTION: the last command printed no sanitizer report (a
# refusal's exit code alone would hide one in an MC_SANITIZE build).
sane() { lacks "$tmp/err" "Sanitizer" "$1: no sanitizer report"; }
# verify_json WANT DESCRIPTION FILE [ARGS...]: `verify --json`, exit WANT;
# the report stays in $tmp/report.
verify_json() {
	local want=$1 what=$2 f=$3
	shift 3
	expect "$want" "$what" -- m verify --json "$f" "$@"
	sane "$what"
	cp "$tmp/out" "$tmp/report"
	if ! jq -e .checks "$tmp/report" >/dev/null 2>&1; then
		fail "$what: verify --json printed no report"
		sed 's/^/  stderr: /' "$tmp/err" | head -5 >&2
	fi
}
# result CHECK: the named check's result in $tmp/report; reason CHECK.
result() { jq -r --arg c "$1" '.checks[] | select(.check == $c) | .result' "$tmp/report"; }
code() { jq -r --arg c "$1" '.checks[] | select(.check == $c) | .code' "$tmp/report"; }
reason() { jq -r --arg c "$1" '.checks[] | select(.check == $c) | .reason' "$tmp/report"; }
# check_is CHECK RESULT [TEXT] DESCRIPTION-PREFIX
check_is() {
	equal "$(result "$1")" "$2" "$4: $1 $2"
	if [ -n "$3" ]; then
		case "$(reason "$1")" in
		*"$3"*) ok ;;
		*) fail "$4: $1 reason lacks '$3': $(reason "$1")" ;;
		esac
	fi
}
credential_count() { db_sql "$db" "SELECT count(*) FROM credentials"; }

# ---- a fresh demo database with seals, as scripts/demo prepares it -----------

mc_init "$db"
expect 0 "demo" -- m demo
expect 0 "org list" -- m org list
orgs=$(cut -d' ' -f1 "$tmp/out")
for o in $orgs; do
	expect 0 "key generate $o" -- m key generate --org "$o"
done
expect 0 "create-test-ca" -- m cert create-test-ca --out "$tmp/ca.pem"
for o in $orgs; do
	expect 0 "create-test-seal $o" -- m cert create-test-seal "$o"
done

# ---- one learner, three artefacts -------------------------------------------

expect 0 "issue edc" -- m issue "${learner[@]}" --format edc --out "$tmp/edc.jsonld"
contains "$tmp/err" "issued" "issue says issued"
expect 0 "verify (text)" -- m verify "$tmp/edc.jsonld"
equal "$(head -1 "$tmp/out" | cut -d: -f1)" VALID "verify says VALID"
verify_json 0 "verify --json" "$tmp/edc.jsonld"
equal "$(jq -r .verdict "$tmp/report")" valid "verdict valid"
equal "$(jq -r .verified "$tmp/report")" true "verified true"
equal "$(jq -r .format "$tmp/report")" edc+jades "format edc+jades"
for c in format seal issuer trust revocation expiry accreditation; do
	check_is $c passed "" "our EDC"
done
check_is timestamp skipped "B-B" "our EDC"
check_is owner skipped "" "our EDC"
check_is trust passed "TEST anchor" "our EDC"
edc_id=$(jq -r .id "$tmp/report")
case "$edc_id" in http*/credentials/*) ok ;; *) fail "report id is the credential URL: $edc_id" ;; esac
# What was verified: every reason a code, the learner, the title in
# Ukrainian, the level, the issuer's name, bound by a TEST anchor, and the
# credential's page here.
equal "$(jq '[.checks[] | select(.code | startswith("edc.") or . == "check.not_reached" | not)] | length' "$tmp/report")" 0 "every EDC reason has an edc.* code"
equal "$(jq -r .about.learner "$tmp/report")" "Олена Коваль" "about: the learner"
[ -n "$(jq -r '.about.title.uk // empty' "$tmp/report")" ] && ok || fail "about: a Ukrainian title"
case "$(jq -r .about.level "$tmp/report")" in "EQF "[1-8]) ok ;; *) fail "about: the EQF level" ;; esac
equal "$(jq -r .about.binding "$tmp/report")" test "about: bound by a TEST anchor"
case "$(jq -r .about.bindingDetail "$tmp/report")" in *"TEST CA"*) ok ;; *) fail "about: the anchor's name" ;; esac
equal "$(jq -r .about.page "$tmp/report")" "$edc_id" "about: its page here"
jq -r .payload "$tmp/edc.jsonld" >"$tmp/payload.json"
equal "$(jq -r .id "$tmp/payload.json")" "$edc_id" "payload id"
equal "$(jq -r '.credentialSubject.fullName.uk' "$tmp/payload.json")" "Олена Коваль" "the learner's name"
equal "$(jq -r '.type | join(",")' "$tmp/payload.json")" VerifiableCredential,EuropeanDigitalCredential "EDC type"
expect 0 "issue edc again" -- m issue "${learner[@]}" --format edc --out "$tmp/edc2.jsonld"
cmp -s "$tmp/edc.jsonld" "$tmp/edc2.jsonld" && ok || fail "issuing again gives the stored EDC"

expect 0 "issue ob3" -- m issue "${learner[@]}" --out "$tmp/ob3.json"
verify_json 0 "verify ob3" "$tmp/ob3.json"
equal "$(jq -r .verdict "$tmp/report")" valid "ob3 valid"
[ "$(jq -r .id "$tmp/ob3.json")" != "$edc_id" ] && ok || fail "ob3 and EDC are two credentials"
expect 0 "issue pdf" -- m issue "${learner[@]}" --format pdf --out "$tmp/cert.pdf"
equal "$(head -c 5 "$tmp/cert.pdf")" "%PDF-" "a PDF"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext "$tmp/cert.pdf" "$tmp/cert.txt"
	contains "$tmp/cert.txt" "Олена Коваль" "the PDF names the learner"
else
	skip_part "pdftotext (poppler-utils) absent, the PDF's text not checked"
fi

# ---- independent checks: openssl and jose ------------------------------------

d="$tmp/ossl"
mkdir -p "$d"
jq -j '.signatures[0].protected + "." + .payload' "$tmp/edc.jsonld" >"$d/input"
b64u_dec "$(jq -r '.signatures[0].signature' "$tmp/edc.jsonld")" >"$d/sig"
protected "$tmp/edc.jsonld" >"$d/hdr.json"
equal "$(jq -r .alg "$d/hdr.json")" RS256 "alg RS256"
equal "$(jq -c .b64 "$d/hdr.json")" false "b64 false"
equal "$(jq -c '.crit | index("b64") != null' "$d/hdr.json")" true "b64 is critical"
# pem_of N: x5c[N] of $d/hdr.json as PEM.
pem_of() {
	echo "-----BEGIN CERTIFICATE-----"
	jq -r ".x5c[$1]" "$d/hdr.json" | fold -w 64
	echo "-----END CERTIFICATE-----"
}
pem_of 0 >"$d/leaf.pem"
openssl x509 -in "$d/leaf.pem" -pubkey -noout >"$d/pub.pem" 2>"$d/err" && ok || fail "openssl reads the x5c leaf"
expect 0 "openssl verifies our EDC's signature" -- \
	openssl dgst -sha256 -verify "$d/pub.pem" -signature "$d/sig" "$d/input"
contains "$tmp/out" "Verified OK" "openssl: Verified OK"
expect 0 "openssl verify -CAfile ca.pem leaf" -- openssl verify -CAfile "$tmp/ca.pem" "$d/leaf.pem"
contains "$tmp/out" "leaf.pem: OK" "openssl: the chain reaches our CA"
equal "$(openssl x509 -in "$d/leaf.pem" -outform DER | openssl dgst -sha256 -binary | b64u_enc)" \
	"$(jq -r '."x5t#S256"' "$d/hdr.json")" "x5t#S256 is the leaf's SHA-256"
jq -r .payload "$tmp/edc.jsonld" | sed 's/Коваль/Ковалъ/' | tr -d '\n' >"$d/p2"
jq -j '.signatures[0].protected + "."' "$tmp/edc.jsonld" | cat - "$d/p2" >"$d/input2"
expect 1 "openssl refuses a changed payload" -- \
	openssl dgst -sha256 -verify "$d/pub.pem" -signature "$d/sig" "$d/input2"
if [ -d "$src/tests/interop/node_modules/jose" ] && command -v node >/dev/null 2>&1; then
	expect 0 "jose verifies our EDC" -- node "$src/tests/interop/verify-jades.mjs" "$tmp/edc.jsonld"
	equal "$(jq -r .verified "$tmp/out")" true "jose: verified"
	jq '.payload |= sub("Коваль"; "Ковалъ")' "$tmp/edc.jsonld" >"$tmp/jose-bad.jsonld"
	expect 1 "jose refuses a changed payload" -- node "$src/tests/interop/verify-jades.mjs" "$tmp/jose-bad.jsonld"
else
	skip_part "jose check: node or tests/interop/node_modules absent (npm ci --prefix tests/interop)"
fi

# ---- JAdES B-T with the local TSA --------------------------------------------

tsa=${MC_TEST_TSA:-}
if [ -x "$tsa" ]; then
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/tsa.key" -out "$tmp/tsa.pem" \
		-subj "/CN=microcred TEST TSA" -addext "extendedKeyUsage=critical,timeStamping" \
		-days 30 2>/dev/null
	"$tsa" --cert "$tmp/tsa.pem" --key "$tmp/tsa.key" >"$tmp/tsa.port" 2>"$tmp/tsa.err" &
	tsa_pid=$!
	"$tsa" --cert "$tmp/tsa.pem" --key "$tmp/tsa.key" --bad-imprint >"$tmp/tsa-bad.port" 2>"$tmp/tsa-bad.err" &
	tsa_bad_pid=$!
	at_exit 'kill $tsa_pid $tsa_bad_pid 2>/dev/null'
	for _ in $(seq 50); do [ -s "$tmp/tsa.port" ] && [ -s "$tmp/tsa-bad.port" ] && break; sleep 0.1; done
	tsa_url="http://127.0.0.1:$(head -1 "$tmp/tsa.port")/tsr"
	tsa_bad="http://127.0.0.1:$(head -1 "$tmp/tsa-bad.port")/tsr"

	expect 0 "issue edc B-T" -- issue_to bt1 --format edc --tsa "$tsa_url" --out "$tmp/bt1.jsonld"
	equal "$(jq -r '.signatures[0].header.etsiU | length > 0' "$tmp/bt1.jsonld")" true "B-T: etsiU present"
	# The timestamp's time counts only when its authority reaches an
	# anchor for timestamps (here the TSA's own certificate).
	verify_json 0 "verify B-T" "$tmp/bt1.jsonld" --trust-anchors "$tmp/tsa.pem"
	check_is timestamp passed "B-T" "B-T"
	check_is seal passed "" "B-T"
	verify_json 0 "verify B-T, the TSA not an anchor" "$tmp/bt1.jsonld"
	check_is timestamp skipped "its time is not used" "B-T, TSA untrusted"
	equal "$(code timestamp)" edc.timestamp_untrusted "B-T, TSA untrusted: the code"
	expect 0 "issue edc B-T (2)" -- issue_to bt2 --format edc --tsa "$tsa_url" --out "$tmp/bt2.jsonld"

	before=$(credential_count)
	expect 2 "TSA stamping the wrong imprint: issue fails" -- \
		issue_to badtsa --format edc --tsa "$tsa_bad" --out "$tmp/badtsa.jsonld"
	contains "$tmp/err" "imprint" "the TSA's wrong imprint is named"
	sane "the TSA's wrong imprint is named"
	[ -s "$tmp/badtsa.jsonld" ] && fail "no file written when the TSA is wrong" || ok
	equal "$(credential_count)" "$before" "nothing stored when the TSA is wrong"
	# A TSA that is down: one this test started, then stopped.
	"$tsa" --cert "$tmp/tsa.pem" --key "$tmp/tsa.key" >"$tmp/tsa-down.port" 2>/dev/null &
	down_pid=$!
	for _ in $(seq 50); do [ -s "$tmp/tsa-down.port" ] && break; sleep 0.1; done
	kill $down_pid 2>/dev/null
	wait $down_pid 2>/dev/null
	expect 2 "TSA unreachable: issue fails" -- \
		issue_to notsa --format edc --tsa "http://127.0.0.1:$(head -1 "$tmp/tsa-down.port")/tsr"
	contains "$tmp/err" "TSA" "the TSA is named"
	sane "the TSA is named"
	equal "$(credential_count)" "$before" "nothing stored when the TSA is down"

	# A timestamp moved from another sealed file: not over this signature.
	jq --argjson h "$(jq '.signatures[0].header' "$tmp/bt1.jsonld")" \
		'.signatures[0].header = $h' "$tmp/bt2.jsonld" >"$tmp/moved.jsonld"
	verify_json 1 "moved timestamp" "$tmp/moved.jsonld"
	check_is timestamp failed "not over this signature" "moved timestamp"
	check_is seal passed "" "moved timestamp (the signature itself is intact)"
else
	skip_part "B-T checks: MC_TEST_TSA (tests/tsa/test_tsa) is not set"
fi

# ---- bad input ---------------------------------------------------------------

# One payload byte changed.
jq '.payload |= sub("welding"; "Welding")' "$tmp/edc.jsonld" >"$tmp/t-byte.jsonld"
cmp -s "$tmp/edc.jsonld" "$tmp/t-byte.jsonld" && fail "the tamper changed nothing" || ok
verify_json 1 "one payload byte changed" "$tmp/t-byte.jsonld"
check_is seal failed "changed after sealing" "payload byte"
equal "$(jq -r .verdict "$tmp/report")" invalid "payload byte: invalid"

# Swapped certificate: another organisation's seal, x5t#S256 to match.
expect 0 "other org's seal" -- m cert show $other --pem
awk '/BEGIN CERT/{n++} {print > ("'"$tmp"'/other" n ".pem")}' "$tmp/out"
for f in "$tmp"/other[0-9]*.pem; do openssl x509 -in "$f" -outform DER | base64 -w0; echo; done |
	jq -R . | jq -sc . >"$tmp/other-x5c.json"
t=$(openssl x509 -in "$tmp/other1.pem" -outform DER | openssl dgst -sha256 -binary | b64u_enc)
p=$(protected "$tmp/edc.jsonld" | jq -c --slurpfile x "$tmp/other-x5c.json" --arg t "$t" '.x5c = $x[0] | .["x5t#S256"] = $t' | b64u_enc)
jq --arg p "$p" '.signatures[0].protected = $p' "$tmp/edc.jsonld" >"$tmp/t-swap.jsonld"
equal "$(protected "$tmp/t-swap.jsonld" | jq -r '.x5c | length')" 2 "swapped chain has 2 certificates"
verify_json 1 "swapped certificate" "$tmp/t-swap.jsonld"
check_is seal failed "signature does not match" "swapped certificate"

# Expired and not-yet-valid seals; a seal without keyUsage.  Issuing
# refuses such a seal; `seal` (which seals what it is given) makes the
# files a verifier must refuse.
jq -r .payload "$tmp/edc.jsonld" >"$tmp/p-own.json"
# The expired seal says (sigT) it was made after it expired: forged.
for bad in "expired|--not-before 2020-01-01T00:00:00Z --not-after 2021-01-01T00:00:00Z|expired|forged" \
	"future|--not-before 2090-01-01T00:00:00Z --not-after 2091-01-01T00:00:00Z|not valid before|forged" \
	"noku|--no-key-usage|keyUsage|invalid"; do
	name=${bad%%|*}; rest=${bad#*|}; flags=${rest%%|*}; rest=${rest#*|}; why=${rest%%|*}; verdict=${rest#*|}
	# shellcheck disable=SC2086
	expect 0 "$name seal" -- m cert create-test-seal $org $flags
	expect 1 "issue refuses the $name seal" -- issue_to "$name" --format edc --out "$tmp/t-$name-issued.jsonld"
	contains "$tmp/err" "create or import a valid seal" "the $name seal: what to do"
	[ ! -e "$tmp/t-$name-issued.jsonld" ] && ok || fail "a credential was written with the $name seal"
	expect 0 "seal with the $name seal" -- m seal "$tmp/p-own.json" --org $org --out "$tmp/t-$name.jsonld"
	verify_json 1 "$name seal" "$tmp/t-$name.jsonld"
	check_is seal failed "$why" "$name seal"
	equal "$(jq -r .verdictName "$tmp/report")" "$verdict" "$name seal: $verdict"
done
expect 0 "a good seal again" -- m cert create-test-seal $org

# Trust: --no-db with another CA's anchors, and with none.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other-ca.key" -out "$tmp/other-ca.pem" \
	-subj "/O=Another TEST CA/CN=Another TEST CA" -addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" -days 30 2>/dev/null
# A chain that reaches no anchor ties the seal to no trust service: the
# name is the sealer's own claim, "cannot tell" (exit 2).
verify_json 2 "another CA's anchors" "$tmp/edc.jsonld" --no-db --trust-anchors "$tmp/other-ca.pem"
check_is trust failed "no path to a trust anchor" "another CA"
equal "$(code trust)" edc.chain_no_anchor "another CA: the code"
equal "$(jq -r .about.binding "$tmp/report")" none "another CA: the name is unbound"
check_is seal passed "" "another CA"
verify_json 2 "no anchors at all: cannot tell" "$tmp/edc.jsonld" --no-db
check_is trust skipped "no trust anchors" "no anchors"
equal "$(jq -r .verdict "$tmp/report")" unknown "no anchors: verdict unknown"
# Without the database the credential's own status cannot be read here:
# cannot tell, whatever the seal.
verify_json 2 "our CA as anchor, no database" "$tmp/edc.jsonld" --no-db --trust-anchors "$tmp/ca.pem"
check_is trust passed "TEST anchor" "ca.pem anchor"
check_is revocation skipped "check it there" "no database: revocation"
equal "$(jq -r .verdictName "$tmp/report")" cannot-tell "no database: cannot tell"

# "b64" removed from crit.
reheader "$tmp/edc.jsonld" '.crit -= ["b64"]' "$tmp/t-crit.jsonld"
verify_json 1 "b64 not critical" "$tmp/t-crit.jsonld"
check_is format failed "crit" "b64 not critical"

# Malformed base64 in the signature.
jq '.signatures[0].signature = "AAAA*&^%$not base64!"' "$tmp/edc.jsonld" >"$tmp/t-sig.jsonld"
verify_json 1 "malformed base64 signature" "$tmp/t-sig.jsonld"
check_is format failed "signature" "malformed signature"
check_is seal failed "" "malformed signature"

# x5c with 100 entries.
reheader "$tmp/edc.jsonld" '.x5c = [range(100) as $i | .x5c[0]]' "$tmp/t-x5c.jsonld"
verify_json 1 "x5c with 100 certificates" "$tmp/t-x5c.jsonld"
check_is format failed "x5c" "x5c 100"

# Not JSON, empty, truncated: refused, never a crash.
printf '{"payload": "x", "signatures": [' >"$tmp/t-trunc.jsonld"
expect 1 "truncated sealed file" -- m verify "$tmp/t-trunc.jsonld"
sane "truncated sealed file"
head -c 2000 "$tmp/edc.jsonld" >"$tmp/t-half.jsonld"
expect 1 "half a sealed file" -- m verify "$tmp/t-half.jsonld"
sane "half a sealed file"

# A trusted list with an external entity: refused (exit 2) before the
# entity's file is opened.  The entity names a FIFO: opening it would
# block, so `timeout` turns a read attempt into a failure.
mkfifo "$tmp/secret.fifo"
cat >"$tmp/xxe.xml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE TrustServiceStatusList [ <!ENTITY xxe SYSTEM "file://$tmp/secret.fifo"> ]>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"><SchemeInformation><SchemeOperatorName>&xxe;</SchemeOperatorName></SchemeInformation></TrustServiceStatusList>
EOF
expect 2 "trusted list with an external entity" -- \
	timeout 20 "$mc" --db "$db" verify "$tmp/edc.jsonld" --trust-anchors "$tmp/xxe.xml"
contains "$tmp/err" "xxe.xml" "the list is named"
contains "$tmp/err" "entity" "the entity is the reason"
sane "the entity is the reason"

# --owner and --accreditation.
verify_json 0 "owner: the right name" "$tmp/edc.jsonld" --owner "Олена Коваль"
check_is owner passed "Олена Коваль" "owner right"
verify_json 1 "owner: a wrong name" "$tmp/edc.jsonld" --owner "Mallory"
check_is owner failed "not Mallory" "owner wrong"
body=$(jq -r '.credentialSubject.hasClaim | if type == "array" then .[0] else . end | .awardedBy.awardingBody | if type == "array" then .[0] else . end | .id' "$tmp/payload.json")
qual=$(jq -r '.credentialSubject.hasClaim | if type == "array" then .[0] else . end | .specifiedBy.id' "$tmp/payload.json")
base=$(m config base-url)
equal "$body" "$base/org/$org" "the awarding body is named by its stable page, not by one credential"
jq -n --arg b "$body" --arg q "$qual" '{accreditations: [{awardingBody: $b, qualification: $q}]}' >"$tmp/accr-yes.json"
jq -n --arg q "$qual" '{accreditations: [{awardingBody: "https://example.org/org/someone-else", qualification: $q}]}' >"$tmp/accr-no.json"
verify_json 0 "accreditation list naming the awarding body" "$tmp/edc.jsonld" --accreditation "$tmp/accr-yes.json"
check_is accreditation passed "accredited" "accreditation listed"
verify_json 1 "accreditation list without the awarding body" "$tmp/edc.jsonld" --accreditation "$tmp/accr-no.json"
check_is accreditation failed "not listed" "accreditation not listed"

# Revoked: the revocation check fails (last: it changes the stored state).
expect 0 "revoke the EDC" -- m revoke "$edc_id" --reason "test"
verify_json 1 "revoked EDC" "$tmp/edc.jsonld"
check_is revocation failed "revoked" "revoked"
equal "$(code revocation)" edc.status_revoked_on "revoked: when and why"
equal "$(jq -r '.checks[] | select(.check == "revocation") | .params.reason' "$tmp/report")" test "revoked: the reason given"
equal "$(jq -r .verdictName "$tmp/report")" revoked "revoked: the verdict"
check_is seal passed "" "revoked (the seal is intact)"

# ---- the Commission's sealed sample ------------------------------------------

sample="$fx/edc/Sample-MC-Annex1-signed.jsonld"
if [ -f "$sample" ]; then
	# Its certificate expired in 2025; its timestamp's authority is no
	# anchor here, so nothing trusted dates the seal: cannot tell.
	verify_json 2 "Commission sample, no anchors" "$sample" --no-db
	check_is seal failed "expired on 2025-05-10" "Commission sample"
	equal "$(code seal)" edc.cert_expired_now "Commission sample: the code"
	check_is timestamp skipped "its time is not used" "Commission sample"
	check_is trust skipped "no trust anchors" "Commission sample"
	verify_json 2 "Commission sample, our CA as anchor" "$sample" --no-db --trust-anchors "$tmp/ca.pem"
	check_is trust failed "no path to a trust anchor" "Commission sample vs our CA"
	check_is seal failed "expired" "Commission sample vs our CA"
	jq '.payload |= sub("\"issued\""; "\"Issued\"")' "$sample" >"$tmp/sample-bad.jsonld"
	cmp -s "$sample" "$tmp/sample-bad.jsonld" && fail "the sample tamper changed nothing" || ok
	verify_json 1 "Commission sample, one byte changed" "$tmp/sample-bad.jsonld" --no-db
	check_is seal failed "changed after sealing" "Commission sample changed"
else
	skip_part "$sample absent, the Commission's sample not checked"
fi

# ---- seal --------------------------------------------------------------------

jq -r .payload "$tmp/edc2.jsonld" |
	jq '.credentialSubject.fullName.uk = "Іван Петренко" | .credentialSubject.givenName.uk = "Іван" | .credentialSubject.familyName.uk = "Петренко"' \
		>"$tmp/p-ivan.json"
expect 0 "seal --org" -- m seal "$tmp/p-ivan.json" --org $org --out "$tmp/s-org.jsonld"
# The re-sealed document has a new id and no credentialStatus of ours.
verify_json 0 "verify the re-sealed EDC" "$tmp/s-org.jsonld"
check_is seal passed "" "seal --org"
check_is issuer passed "" "seal --org"
new_id=$(jq -r .id "$tmp/report")
[ -n "$new_id" ] && [ "$new_id" != "$edc_id" ] && [ "$new_id" != null ] && ok || fail "seal gives a new id ($new_id)"
equal "$(jq -r .payload "$tmp/s-org.jsonld" | jq -r .credentialSubject.fullName.uk)" "Іван Петренко" "the changed learner"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/k.pem" -out "$tmp/c.pem" \
	-subj "/C=UA/O=Some Lyceum/organizationIdentifier=NTRUA-44556677/CN=Some Lyceum seal" \
	-addext "keyUsage=critical,digitalSignature,nonRepudiation" -days 30 2>/dev/null
expect 0 "seal --key --chain" -- m seal "$tmp/p-ivan.json" --key "$tmp/k.pem" --chain "$tmp/c.pem" --out "$tmp/s-pem.jsonld"
verify_json 2 "verify the PEM-sealed EDC (no anchor for it)" "$tmp/s-pem.jsonld" --no-db
check_is seal passed "Some Lyceum" "seal --key"
check_is issuer passed "NTRUA-44556677" "seal --key"
verify_json 0 "PEM-sealed EDC with its certificate as anchor" "$tmp/s-pem.jsonld" --no-db --trust-anchors "$tmp/c.pem"
# Our credential's id kept, resealed by someone else (Some Lyceum, whose
# seal the verifier trusts) with the issuer rewritten to match: the id says
# the credential is ours, issued by $org, whose seal did not make it.
if [ -d "$src/tests/interop/node_modules/jose" ] && command -v node >/dev/null 2>&1; then
	jq -c '.issuer.eIDASIdentifier.notation = "NTRUA-44556677" | .issuer.legalName = {"en": "Some Lyceum"}' \
		"$tmp/payload.json" | tr -d '\n' >"$tmp/p-stolen.json"
	expect 0 "jose reseals our credential with another seal" -- \
		node "$src/tests/interop/seal-jades.mjs" RS256 "$tmp/p-stolen.json" "$tmp/k.pem" "$tmp/c.pem" "$tmp/stolen.jsonld"
	verify_json 1 "our credential's id, another's seal" "$tmp/stolen.jsonld" --trust-anchors "$tmp/c.pem"
	check_is issuer failed "$org" "another's seal"
	equal "$(code issuer)" edc.forged_id "another's seal: the code"
	equal "$(jq -r .verdictName "$tmp/report")" forged "another's seal: forged"
	equal "$(jq -r '.about.page // "none"' "$tmp/report")" none "another's seal: no link to our page"
	equal "$(code revocation)" edc.status_unbound "another's seal: the genuine one's status is not borrowed"
else
	skip_part "resealing by another: node or tests/interop/node_modules absent"
fi
printf '{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"]}' >"$tmp/not-edc.json"
expect 1 "seal refuses a non-EDC" -- m seal "$tmp/not-edc.json" --org $org
contains "$tmp/err" "EuropeanDigitalCredential" "the missing type is named"
sane "the missing type is named"
expect 1 "seal refuses non-JSON" -- m seal "$tmp/xxe.xml" --org $org
expect 2 "seal: --org and --key together" -- m seal "$tmp/p-ivan.json" --org $org --key "$tmp/k.pem" --chain "$tmp/c.pem"

finish
