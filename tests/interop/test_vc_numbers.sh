#!/usr/bin/env bash
# Every JSON number is valid input: a credential holding integers beyond
# 64 bits (123456789012345680000, as JavaScript writes it) signed with
# eddsa-jcs-2022 by the independent npm signer (sign-di.mjs) verifies its
# proof here as it does with the npm verifier, from the CLI and through
# POST /credentials/verify, so our JCS agrees with JavaScript's on such
# numbers; the same number changed by one digit fails both.  Offline.
# Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
command -v curl >/dev/null 2>&1 || skip "curl is not installed"
[ -d "$here/node_modules/@digitalbazaar/vc" ] ||
	skip "run 'npm ci --prefix tests/interop' first"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE

# Written as text: jq would reformat the numbers.
cat >"$tmp/in.json" <<'EOF'
{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "id": "urn:uuid:5b0b6f52-5a2b-4a39-9d57-2a8f3e0f1b11",
  "type": ["VerifiableCredential"],
  "issuer": "did:example:replaced-by-the-signer",
  "validFrom": "2024-01-01T00:00:00Z",
  "credentialSubject": {
    "id": "did:example:learner",
    "big": 123456789012345678901,
    "negative": -98765432109876543210,
    "huge": 1000000000000000000000,
    "fits": 9007199254740993,
    "small": 42,
    "real": 0.1
  }
}
EOF
cd "$here" || exit 1
expect 0 "npm signer signs" -- node sign-di.mjs "$tmp/in.json" "$tmp/vc.json"
# What JavaScript wrote: the numbers as doubles.
contains "$tmp/vc.json" '"big": 123456789012345680000' "JavaScript's form of the big integer"
contains "$tmp/vc.json" '"negative": -98765432109876540000' "and of the negative one"
contains "$tmp/vc.json" '"huge": 1e+21' "and of 10^21"
expect 0 "npm verifier verifies it" -- node verify-di.mjs --no-status --no-jsonld-check "$tmp/vc.json"

# proof_result FILE: the result of the proof check in a JSON report.
proof_result() {
	jq -r '(.report // .).checks[] | select(.check == "proof") | .result' "$1"
}
"$mc" verify --json "$tmp/vc.json" >"$tmp/report.json" 2>"$tmp/err"
equal "$(proof_result "$tmp/report.json")" passed "our proof check on the big numbers (CLI)"
lacks "$tmp/report.json" "format.bad_json" "not malformed JSON"

# Another literal of the same double (JavaScript reads 123456789012345690000
# as 123456789012345680000): the same canonical form, both accept it.
sed 's/123456789012345680000/123456789012345690000/' "$tmp/vc.json" >"$tmp/same.json"
expect 0 "npm verifier: the same double written otherwise" -- node verify-di.mjs --no-status --no-jsonld-check "$tmp/same.json"
"$mc" verify --json "$tmp/same.json" >"$tmp/report.json" 2>"$tmp/err"
equal "$(proof_result "$tmp/report.json")" passed "our proof check: the same double written otherwise"

# The big integer changed to another double: both refuse it.
sed 's/123456789012345680000/123456789012345780000/' "$tmp/vc.json" >"$tmp/bad.json"
expect 1 "npm verifier refuses a changed number" -- node verify-di.mjs --no-status --no-jsonld-check "$tmp/bad.json"
"$mc" verify --json "$tmp/bad.json" >"$tmp/report.json" 2>"$tmp/err"
equal "$(proof_result "$tmp/report.json")" failed "our proof check on a changed number (CLI)"

# The VC API reads the same request body as text.
db="$tmp/n.db"
mc_init "$db"
serve_start "$db"
{
	printf '{"verifiableCredential": '
	cat "$tmp/vc.json"
	printf ', "options": {"checks": ["proof"]}}'
} >"$tmp/req.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/req.json"
equal "$(proof_result "$tmp/body")" passed "our proof check on the big numbers (VC API)"
equal "$(jq -r '.checks | join(",")' "$tmp/body")" proof "the answer reports on the check asked for"
{
	printf '{"verifiableCredential": '
	cat "$tmp/bad.json"
	printf '}'
} >"$tmp/req.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/req.json"
equal "$code" 422 "a changed number does not verify (VC API)"
equal "$(proof_result "$tmp/body")" failed "our proof check on a changed number (VC API)"
finish
