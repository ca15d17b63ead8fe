#!/usr/bin/env bash
# The write API over HTTP with API tokens: an MC's whole life (create,
# save, submit, approve by a reviewer, publish), bad bodies refused with
# nothing stored, issuing one credential and a roster (a background job),
# lists, revocation seen by the verifier, keys, the audit log and the W3C
# VC API issue endpoint.  The CLI reads the database independently.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the write API test needs it"
		exit 77
	fi
done

db=$(mc_db w)
src_mc=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
qa=ua-nqa
new=ua-test-welding-basics
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org

# user NAME FLAGS...: a user NAME@example.org; token NAME: its API token.
printf 'correct horse battery\n' >"$tmp/pw"
user() {
	local name=$1
	shift
	expect 0 "user add $name" -- "$mc" --db "$db" user add \
		--email "$name@example.org" --name "$name" \
		--password-file "$tmp/pw" "$@"
}
grant() {
	expect 0 "grant $1 $2 $3" -- "$mc" --db "$db" user grant \
		--user "$1@example.org" --org "$2" --roles "$3"
}
token() {
	"$mc" --db "$db" token create --user "$1@example.org" --name "t-$1" \
		--scopes all 2>"$tmp/err" | grep -m1 '^mct_'
}
user root --platform-admin
user dana
user rita
user ivan
user vera
grant dana $org designer
grant dana $qa reviewer # a reviewer too, but not of her own version
grant rita $qa reviewer
grant ivan $org issuer
grant vera $org viewer
T_root=$(token root)
T_dana=$(token dana)
T_rita=$(token rita)
T_ivan=$(token ivan)
T_vera=$(token vera)
for t in "$T_root" "$T_dana" "$T_rita" "$T_ivan" "$T_vera"; do
	case "$t" in mct_*) ok ;; *)
		fail "token create printed no token"
		finish
		;;
	esac
done

serve_start "$db" --body-max 65536

# as TOKEN METHOD PATH [CURL ARGS...]: a request with a bearer token.
as() {
	local t=$1
	shift
	http "$1" "$2" -H "Authorization: Bearer $t" "${@:3}"
}
# json TOKEN METHOD PATH BODY: a JSON request.
json() {
	as "$1" "$2" "$3" -H 'Content-Type: application/json' \
		--data-binary "$4"
}
problem_field() {
	jq -r '[.errors[]?.field] | join(",")' "$tmp/body"
}
# stored ID: 0 when the CLI finds MC ID in the database.
stored() {
	"$mc" --db "$db" mc show "$1" --json >"$tmp/show.json" 2>/dev/null
}

# ---- an MC: create ----------------------------------------------------------

"$mc" --db "$db" mc export $src_mc | jq --arg id $new \
	'.[0] | del(.version, .status) | .id = $id | .title.en = "Welding basics"' \
	>"$tmp/mc.json"

http POST /api/v1/microcredentials -H 'Content-Type: application/json' \
	--data-binary @"$tmp/mc.json"
equal "$code" 401 "create without a token"
equal "$(header Content-Type)" application/problem+json "401 is a problem"
json "$T_vera" POST /api/v1/microcredentials @"$tmp/mc.json"
equal "$code" 403 "a viewer cannot create"
if stored $new; then fail "refused create stored the MC"; else ok; fi

# Bad bodies: each refused with the right status, nothing stored.
json "$T_dana" POST /api/v1/microcredentials '{"id": "ua-x", "provider": '
equal "$code" 400 "malformed JSON"
contains "$tmp/body" "malformed JSON" "malformed JSON named"
as "$T_dana" POST /api/v1/microcredentials -H 'Content-Type: text/plain' \
	--data-binary @"$tmp/mc.json"
equal "$code" 415 "wrong content type"
jq '.eqf_level = 9' "$tmp/mc.json" >"$tmp/bad.json"
json "$T_dana" POST /api/v1/microcredentials @"$tmp/bad.json"
equal "$code" 422 "invalid field"
equal "$(problem_field)" eqf_level "422 names eqf_level"
jq '.description.en = ("x" * 70000)' "$tmp/mc.json" >"$tmp/big.json"
json "$T_dana" POST /api/v1/microcredentials @"$tmp/big.json"
equal "$code" 413 "oversized body"
jq 'del(.provider)' "$tmp/mc.json" >"$tmp/bad.json"
json "$T_dana" POST /api/v1/microcredentials @"$tmp/bad.json"
equal "$code" 422 "no provider"
equal "$(problem_field)" provider "422 names provider"
if stored $new; then fail "a refused body stored the MC"; else ok; fi

json "$T_dana" POST /api/v1/microcredentials @"$tmp/mc.json"
equal "$code" 201 "create"
equal "$(header Location)" /api/v1/microcredentials/$new "create Location"
equal "$(jq -r .status "$tmp/body")" draft "created as draft"
equal "$(jq -r .version "$tmp/body")" 1 "version 1"
if stored $new; then ok; else fail "CLI does not see the new MC"; fi
equal "$(jq -r .status "$tmp/show.json")" draft "CLI: draft"
json "$T_dana" POST /api/v1/microcredentials @"$tmp/mc.json"
equal "$code" 409 "create twice"
contains "$tmp/body" "id: an MC with the id '$new' exists" "409 names the id"

# ---- save, submit, review, publish ------------------------------------------

jq '.title.en = "Welding basics for steel"' "$tmp/mc.json" >"$tmp/mc2.json"
json "$T_dana" PUT /api/v1/microcredentials/$new @"$tmp/mc2.json"
equal "$code" 200 "save draft"
stored $new
equal "$(jq -r .title.en "$tmp/show.json")" "Welding basics for steel" "CLI: saved title"
jq '.id = "ua-other"' "$tmp/mc.json" >"$tmp/bad.json"
json "$T_dana" PUT /api/v1/microcredentials/$new @"$tmp/bad.json"
equal "$code" 400 "PUT with another id"
equal "$(problem_field)" id "id named"
jq '.learning_outcomes = []' "$tmp/mc2.json" >"$tmp/bad.json"
json "$T_dana" PUT /api/v1/microcredentials/$new @"$tmp/bad.json"
equal "$code" 422 "PUT invalid"
stored $new
equal "$(jq -r .title.en "$tmp/show.json")" "Welding basics for steel" "invalid PUT changed nothing"

as "$T_dana" POST /api/v1/microcredentials/$new/submit
equal "$code" 200 "submit (no body)"
equal "$(jq -r .status "$tmp/body")" in_review "in review"
as "$T_dana" POST /api/v1/microcredentials/$new/submit
equal "$code" 409 "submit twice"
json "$T_dana" PUT /api/v1/microcredentials/$new @"$tmp/mc2.json"
equal "$code" 409 "save while in review"

json "$T_dana" POST /api/v1/microcredentials/$new/approve '{"note": "mine"}'
equal "$code" 403 "designer cannot approve her own version"
contains "$tmp/body" design "403 says why"
json "$T_ivan" POST /api/v1/microcredentials/$new/approve '{}'
equal "$code" 403 "an issuer cannot approve"
json "$T_rita" POST /api/v1/microcredentials/$new/comments '{"note": "Outcome 2 needs a verb."}'
equal "$code" 201 "review comment"
json "$T_rita" POST /api/v1/microcredentials/$new/comments '{"note": ""}'
equal "$code" 400 "empty comment"
json "$T_rita" POST /api/v1/microcredentials/$new/approve '{"note": "Meets Annex I."}'
equal "$code" 200 "reviewer approves"
equal "$(jq -r .status "$tmp/body")" approved "approved"
json "$T_dana" POST /api/v1/microcredentials/$new/publish '{"note": 5}'
equal "$code" 400 "note of the wrong type"
as "$T_dana" POST /api/v1/microcredentials/$new/publish
equal "$code" 200 "publish"
stored $new
equal "$(jq -r .status "$tmp/show.json")" published "CLI: published"

as "$T_dana" GET /api/v1/microcredentials/$new/history
equal "$code" 200 "history"
rita_id=$(jq -r '.history[] | select(.to == "approved") | .actor' "$tmp/body")
case "$rita_id" in user:u-*) ok ;; *) fail "approval actor: '$rita_id'" ;; esac
contains "$tmp/body" "Outcome 2 needs a verb." "comment in history"
equal "$(jq -r '[.history[].to] | join(",")' "$tmp/body")" \
	"draft,draft,in_review,in_review,approved,published" "history steps"
http GET /api/v1/microcredentials/$new/history
equal "$code" 401 "history is private"

# ---- issue one ---------------------------------------------------------------

learner='{"learner": {"name": "Олена Коваль", "email": "olena@example.org", "lang": "uk"}}'
json "$T_dana" POST /api/v1/microcredentials/$new/credentials "$learner"
equal "$code" 403 "a designer cannot issue"
json "$T_ivan" POST /api/v1/microcredentials/$new/credentials "$learner"
equal "$code" 201 "issue"
cred=$(jq -r .id "$tmp/body")
cp "$tmp/body" "$tmp/cred.json"
equal "$(header Location)" "/credentials/${cred##*/}" "issue Location"
json "$T_ivan" POST /api/v1/microcredentials/$new/credentials "$learner"
equal "$code" 200 "issue again: the stored one"
equal "$(jq -r .id "$tmp/body")" "$cred" "same credential"
json "$T_ivan" POST /api/v1/microcredentials/$new/credentials \
	'{"learner": {"name": "X", "email": "not-an-email"}}'
equal "$code" 422 "bad email"
equal "$(problem_field)" learner.email "learner.email named"
json "$T_ivan" POST /api/v1/microcredentials/$new/credentials '{"learner": "X"}'
equal "$code" 400 "learner not an object"
json "$T_ivan" POST /api/v1/microcredentials/$new/credentials \
	'{"learner": {"name": "J", "identifier": "UA-J1"}, "format": "vc-jwt", "alg": "EdDSA"}'
equal "$code" 201 "issue VC-JWT"
case "$(jq -r .jwt "$tmp/body")" in ey*.*.*) ok ;; *) fail "a compact JWS" ;; esac

# ---- a roster ----------------------------------------------------------------

printf 'name,email\nAnna A,anna@example.org\nBohdan B,bohdan@example.org\nBad Row,not-an-email\nCyril C,cyril@example.org\n' >"$tmp/roster.csv"
as "$T_ivan" POST /api/v1/microcredentials/$new/rosters \
	-H 'Content-Type: application/json' --data-binary @"$tmp/roster.csv"
equal "$code" 415 "roster as JSON"
as "$T_ivan" POST /api/v1/microcredentials/$new/rosters \
	-H 'Content-Type: text/csv' --data-binary @"$tmp/roster.csv"
equal "$code" 202 "roster accepted"
job=$(jq -r .job "$tmp/body")
equal "$(header Location)" "/api/v1/jobs/$job" "job Location"
status=
for _ in $(seq 100); do
	as "$T_ivan" GET /api/v1/jobs/$job
	status=$(jq -r .status "$tmp/body")
	case "$status" in done | partial | failed) break ;; esac
	sleep 0.1
done
equal "$status" partial "roster job finished, one row rejected"
equal "$(jq -r '"\(.issued) \(.existing) \(.rejected) \(.done)/\(.total)"' "$tmp/body")" \
	"3 0 1 4/4" "roster counts"
equal "$(jq -r '.problems[0].line' "$tmp/body")" 4 "rejected row's line"
# The same roster again, as a form upload: everyone already holds it.
as "$T_ivan" POST /api/v1/microcredentials/$new/rosters \
	-F "roster=@$tmp/roster.csv;type=text/csv"
equal "$code" 202 "roster as multipart/form-data"
job2=$(jq -r .job "$tmp/body")
for _ in $(seq 100); do
	as "$T_ivan" GET /api/v1/jobs/$job2
	case "$(jq -r .status "$tmp/body")" in done | partial | failed) break ;; esac
	sleep 0.1
done
equal "$(jq -r '"\(.status) \(.issued) \(.existing) \(.rejected)"' "$tmp/body")" \
	"partial 0 3 1" "second run issues nobody twice"
as "$T_vera" GET /api/v1/jobs/$job
equal "$code" 403 "another user's job"
as "$T_root" GET /api/v1/jobs/$job
equal "$code" 200 "platform admin sees the job"
as "$T_ivan" GET /api/v1/jobs/j-0000000000000000
equal "$code" 404 "unknown job"

# ---- lists -------------------------------------------------------------------

as "$T_vera" GET "/api/v1/credentials?org=$org&limit=2"
equal "$code" 200 "credentials list"
equal "$(jq -r .total "$tmp/body")" 5 "five credentials"
equal "$(jq -r '.credentials | length' "$tmp/body")" 2 "limit 2"
for bad in "org=$org&limit=0" "org=$org&limit=1001" "org=$org&offset=-1" \
	"org=$org&offset=x" org=BAD "org=a%2Fb"; do
	as "$T_vera" GET "/api/v1/credentials?$bad"
	equal "$code" 400 "credentials $bad"
done
as "$T_rita" GET "/api/v1/credentials?org=$org"
equal "$code" 403 "credentials of another organisation"
as "$T_vera" GET "/api/v1/learners?org=$org"
equal "$code" 200 "learners"
equal "$(jq -r '[.learners[].name] | sort | join(",")' "$tmp/body")" \
	"Anna A,Bohdan B,Cyril C,J,Олена Коваль" "learner names"
as "$T_vera" GET /api/v1/learners
equal "$code" 400 "learners without org"

# ---- revoke, verify ------------------------------------------------------------

uuid=${cred##*/}
json "$T_vera" POST /api/v1/credentials/$uuid/revoke '{"reason": "x"}'
equal "$code" 403 "a viewer cannot revoke"
as "$T_ivan" POST /api/v1/credentials/$uuid/revoke
equal "$code" 400 "revoke without a reason"
json "$T_ivan" POST /api/v1/credentials/$uuid/suspend '{}'
equal "$code" 200 "suspend"
json "$T_ivan" POST /api/v1/credentials/$uuid/reinstate '{}'
equal "$code" 200 "reinstate"
json "$T_ivan" POST /api/v1/credentials/$uuid/revoke '{"reason": "issued in error"}'
equal "$code" 200 "revoke"
equal "$(jq -r .status "$tmp/body")" revoked "revoked"
json "$T_ivan" POST /api/v1/credentials/$uuid/reinstate '{}'
equal "$code" 409 "revocation is final"
jq -n --slurpfile vc "$tmp/cred.json" '{verifiableCredential: $vc[0]}' >"$tmp/verify.json"
http POST /credentials/verify -H 'Content-Type: application/json' \
	--data-binary @"$tmp/verify.json"
equal "$code" 422 "verify a revoked credential: 422"
equal "$(jq -r .verified "$tmp/body")" false "revoked: not verified"
equal "$(jq -r .verdictName "$tmp/body")" revoked "revoked: the verdict's name"
contains "$tmp/body" revoked "verify says revoked"
json "$T_ivan" POST /api/v1/credentials/00000000-0000-0000-0000-000000000000/revoke '{"reason": "x"}'
equal "$code" 404 "revoke unknown"

# ---- keys ----------------------------------------------------------------------

as "$T_vera" GET /api/v1/organisations/$org/keys
equal "$code" 403 "a viewer cannot list keys"
json "$T_root" POST /api/v1/organisations/$org/keys '{"type": "p256"}'
equal "$code" 201 "generate p256"
equal "$(jq -r .type "$tmp/body")" p256 "key type"
json "$T_root" POST /api/v1/organisations/$org/keys '{"type": "dsa"}'
equal "$code" 400 "unknown key type"
as "$T_root" GET /api/v1/organisations/$org/keys
equal "$code" 200 "keys"
equal "$(jq -r '[.[].type] | sort | join(",")' "$tmp/body")" ed25519,p256 "two keys"
lacks "$tmp/body" '"d"' "no private key material"

# ---- W3C VC API issue ------------------------------------------------------------

base=$(jq -r '.issuer.id // .issuer' "$tmp/cred.json")
uri=$(jq -r '.credentialSubject.achievement.id' "$tmp/cred.json")
vcreq() {
	jq -n --arg uri "$uri" --arg name "$1" --arg email "$2" \
		'{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"],
		  type: ["VerifiableCredential"],
		  credentialSubject: {name: $name, email: $email,
		    achievement: {id: $uri}}}, options: {}}'
}
vcreq "Dmytro D" dmytro@example.org >"$tmp/vc.json"
http POST /credentials/issue -H 'Content-Type: application/json' --data-binary @"$tmp/vc.json"
equal "$code" 401 "VC API issue without a token"
json "$T_ivan" POST /credentials/issue @"$tmp/vc.json"
equal "$code" 201 "VC API issue"
equal "$(jq -r '.verifiableCredential.credentialSubject.achievement.id' "$tmp/body")" "$uri" "issued for the MC"
jq '{verifiableCredential}' "$tmp/body" >"$tmp/verify.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/verify.json"
equal "$(jq -r .verified "$tmp/body")" true "VC API credential verifies"
jq '.credential.credentialSubject.achievement.id = "https://elsewhere.example/mc/x"' "$tmp/vc.json" >"$tmp/bad.json"
json "$T_ivan" POST /credentials/issue @"$tmp/bad.json"
equal "$code" 422 "not our MC"
equal "$(problem_field)" credential.credentialSubject.achievement.id "achievement named"
jq '.credential.issuer = "did:example:someone-else"' "$tmp/vc.json" >"$tmp/bad.json"
json "$T_ivan" POST /credentials/issue @"$tmp/bad.json"
equal "$code" 422 "another issuer"
equal "$(problem_field)" credential.issuer "issuer named"
jq --arg b "$base" '.credential.issuer = $b | .credential.credentialSubject.email = "x2@example.org"' "$tmp/vc.json" >"$tmp/ok.json"
json "$T_ivan" POST /credentials/issue @"$tmp/ok.json"
equal "$code" 201 "VC API issue naming our issuer"
json "$T_ivan" POST /credentials/issue '{"options": {}}'
equal "$code" 400 "no credential"
equal "$(problem_field)" credential "credential named"
json "$T_ivan" POST /credentials/issue "[1, 2]"
equal "$code" 400 "a body that is not an object"
# The W3C test suites' shape: a generic VC 2.0 credential whose subject has
# an id and a name, our MC in options.mc, a fresh id and an issuer of ours.
jq -n --arg uri "$uri" --arg b "$base" \
	'{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"],
	  id: "urn:uuid:3b79bfd2-c36e-41e6-a4c8-fb96979ac693",
	  type: ["VerifiableCredential"], issuer: $b,
	  credentialSubject: {id: "did:key:z6MktKwz7Ge1Yxzr4JHavN33wiwa8y81QdcMRLXQsrH9T53b",
	    name: "ExampleClaim"}}, options: {mc: $uri}}' >"$tmp/suite.json"
as "$T_ivan" POST /credentials/issue -H 'Content-Type: application/ld+json' --data-binary @"$tmp/suite.json"
equal "$code" 201 "the suite's request shape, naming our MC in options.mc"
equal "$(jq -r '.verifiableCredential.credentialSubject.achievement.id' "$tmp/body")" "$uri" "the MC named in options"
equal "$(jq -r '[.verifiableCredential.proof] | flatten | .[0] | [.type, .cryptosuite] | join(" ")' "$tmp/body")" \
	"DataIntegrityProof eddsa-rdfc-2022" "signed with eddsa-rdfc-2022, the default"
jq '{verifiableCredential, options: {checks: ["proof"]}}' "$tmp/body" >"$tmp/v2.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/v2.json"
equal "$code" 200 "the suite's interop check: what we issue verifies here"
equal "$(jq -c .checks "$tmp/body")" '["proof"]' "options.checks: the answer reports on the checks asked for"
as "$T_ivan" POST /credentials/issue -H 'Content-Type: application/json' --data-binary @"$tmp/suite.json"
equal "$code" 200 "the same learner again: the credential held, 200"
# The learner in options; any JSON number in the request is valid input.
printf '{"credential": {"credentialSubject": {"score": 123456789012345680000}}, "options": {"mc": "%s", "learner": {"name": "Opt Learner", "email": "opt@example.org"}}}' "$uri" >"$tmp/opt.json"
json "$T_ivan" POST /credentials/issue @"$tmp/opt.json"
equal "$code" 201 "the learner in options.learner, a big number in the request"
equal "$(jq -r '.verifiableCredential.credentialSubject.identifier[] | select(.identityType == "name") | .identityHash' "$tmp/body")" \
	"Opt Learner" "the learner named in options"
lacks "$tmp/body" 123456789012345680000 "the caller's claims are not signed"
# Claims we do not issue: 422 saying why.
json "$T_ivan" POST /credentials/issue '{"credential": {"credentialSubject": {"name": "Generic Claim", "email": "g@example.org"}}}'
equal "$code" 422 "no MC of ours named"
equal "$(problem_field)" credential.credentialSubject.achievement.id "where to name the MC"
contains "$tmp/body" "only its published micro-credentials" "says why"
jq '.credential.credentialSubject = {id: "did:example:x"}' "$tmp/suite.json" >"$tmp/bad.json"
json "$T_ivan" POST /credentials/issue @"$tmp/bad.json"
equal "$code" 422 "no learner's name"
equal "$(problem_field)" credential.credentialSubject.name "the learner's name named"

# ---- W3C VC API verify: status codes and options ----------------------------------

jq '.options = {checks: ["proof", "revocation-ish", "x"]}' "$tmp/verify.json" >"$tmp/v3.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/v3.json"
equal "$code" 400 "unknown checks refused"
contains "$tmp/body" "'revocation-ish', 'x'" "every unknown check named"
jq '.options = {checks: ["proof", "status", "expiration"]}' "$tmp/verify.json" >"$tmp/v3.json"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/v3.json"
equal "$code" 200 "known checks"
equal "$(jq -c .checks "$tmp/body")" '["proof","validity","status"]' "the checks asked for, by the report's names"
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary '{"verifiableCredential": "not a credential"}'
equal "$code" 400 "not a credential at all: 400"
equal "$(jq -r .verdictName "$tmp/body")" invalid "with the report in the body"

# ---- organisations, clusters, adapt -------------------------------------------------

orgjson='{"id": "ua-test-org", "name": {"en": "Test Org"}, "country": "UA", "type": "vet_provider"}'
json "$T_dana" POST /api/v1/organisations "$orgjson"
equal "$code" 403 "only a platform admin creates organisations"
json "$T_root" POST /api/v1/organisations "$orgjson"
equal "$code" 201 "create organisation"
json "$T_root" POST /api/v1/organisations "$orgjson"
equal "$code" 409 "organisation exists"
contains "$tmp/body" "id: an organisation with the id 'ua-test-org' exists" "409 names the organisation"
json "$T_root" PUT /api/v1/organisations/ua-test-org '{"id": "ua-nqa", "name": {"en": "T"}, "country": "UA", "type": "agency"}'
equal "$code" 400 "PUT organisation with another id"
json "$T_root" PUT /api/v1/organisations/ua-test-org '{"name": {"en": "Test Org 2"}, "country": "UA", "type": "vet_provider"}'
equal "$code" 200 "PUT organisation"
json "$T_root" POST /api/v1/organisations '{"id": "ua-bad", "name": {"en": "B"}, "country": "ZZZ", "type": "vet_provider"}'
equal "$code" 422 "invalid organisation"
expect 0 "org show" -- "$mc" --db "$db" org show ua-test-org
contains "$tmp/out" "Test Org 2" "CLI sees the changed organisation"
json "$T_root" POST /api/v1/clusters '{"id": "test-cluster", "kind": "thematic", "name": {"en": "Test"}, "organisations": ["ua-test-org"]}'
equal "$code" 201 "create cluster"
json "$T_root" POST /api/v1/clusters '{"id": "test-cluster", "kind": "regional", "name": {"en": "Again"}}'
equal "$code" 409 "cluster exists"
contains "$tmp/body" "id: a cluster with the id 'test-cluster' exists" "409 names the cluster"
as "$T_root" GET /api/v1/clusters/test-cluster
contains "$tmp/body" '"Test"' "the refused create left the cluster as it was"
json "$T_root" POST /api/v1/users '{"email": "twice@example.org", "name": "Twice", "password": "twice-password-1"}'
equal "$code" 201 "create user"
json "$T_root" POST /api/v1/users '{"email": "TWICE@example.org", "name": "Again", "password": "twice-password-2"}'
equal "$code" 409 "user exists"
contains "$tmp/body" "email: 'twice@example.org' already has an account" "409 names the email"
json "$T_root" POST /api/v1/microcredentials/$new/adapt '{"org": "ua-test-org"}'
equal "$code" 201 "adapt"
adapted=$(jq -r .id "$tmp/body")
if stored "$adapted"; then ok; else fail "CLI does not see the adapted MC"; fi
equal "$(jq -r .provider "$tmp/show.json")" ua-test-org "adapted provider"

# ---- the audit log ---------------------------------------------------------------

as "$T_root" GET "/api/v1/audit?org=$org&limit=1000"
equal "$code" 200 "audit"
for action in "POST /api/v1/microcredentials" \
	"POST /api/v1/microcredentials/:id/approve" \
	"POST /api/v1/microcredentials/:id/credentials" \
	"POST /api/v1/credentials/:uuid/revoke" \
	"POST /api/v1/organisations/:id/keys"; do
	n=$(jq --arg a "$action" '[.. | objects | select(.action? == $a and (.actor // "" | startswith("user:")))] | length' "$tmp/body")
	if [ "${n:-0}" -ge 1 ]; then ok; else fail "audit lacks '$action' with an actor"; fi
done
reason=$(jq -r '[.. | objects | select(.action? == "POST /api/v1/credentials/:uuid/revoke")][0].reason' "$tmp/body")
equal "$reason" "issued in error" "audit keeps the revocation reason"

# A clean stop: exit status 0, and nothing from the sanitizers.
kill -TERM $server_pid
wait $server_pid
equal "$?" 0 "server exit status"
server_pid=
lacks "$tmp/serve.err" "runtime error" "no undefined behaviour"
lacks "$tmp/serve.err" "ERROR: " "no sanitizer errors"
finish
