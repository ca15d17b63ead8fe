#!/usr/bin/env bash
# Theirs into ours, with status: credentials and status lists signed by an
# independent signer (@digitalbazaar/vc, eddsa-jcs-2022), the lists'
# bits compressed by Node's zlib, served by a web server on a loopback
# port standing in for the issuer.  Checks `microcred verify --json`'s
# verdictName and the status check's code for: one proof object and an
# array of proofs; VC 2.0 and OB 3.0 contexts; BitstringStatusListEntry
# and StatusList2021Entry (revocation and suspension, bit set or not); an
# entry type we cannot read; credentialStatus as one object or an array;
# a list that is missing, offline, signed by another key, at the wrong
# address or of the wrong kind.  Binding: an unknown did:key issuer is
# "cannot tell" unless the reader lists it (--trusted-file); a claim to be
# ours on another key is forged.  Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
	skip "the npm signers need Node.js 20 or newer"
[ -d "$here/node_modules/@digitalbazaar/vc" ] ||
	skip "run 'npm ci --prefix tests/interop' first"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE
cd "$here" || exit 1

# The issuer's web server: static files of $www on a free loopback port.
www="$tmp/www"
mkdir -p "$www/status"
cat >"$tmp/serve.js" <<'JS'
const http = require('http'), fs = require('fs'), path = require('path');
const root = process.argv[2];
http.createServer((req, res) => {
  const f = path.join(root, decodeURIComponent(req.url.split('?')[0]));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, {'content-type': 'application/json'});
  res.end(fs.readFileSync(f));
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
JS
node "$tmp/serve.js" "$www" >"$tmp/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { fail "the web server did not start"; finish; }
site="http://127.0.0.1:$(cat "$tmp/port")"

key="$tmp/issuer.key"   # the issuer's one key, for credentials and lists
other="$tmp/other.key"  # someone else's

# list NAME TYPE PURPOSE SET [make-status-list args]: a status list signed
# by the issuer, published at $site/status/NAME.
list() {
	local name=$1 type=$2 purpose=$3 set=$4
	shift 4
	node make-status-list.mjs --type "$type" --id "$site/status/$name" \
		--purpose "$purpose" --set "$set" "$@" "$tmp/$name.unsigned" ||
		fail "make list $name"
	node sign-di.mjs --key "${signer:-$key}" "$tmp/$name.unsigned" "$www/status/$name" \
		>/dev/null || fail "sign list $name"
}
list bits-rev bitstring revocation 5
list bits-sus bitstring suspension 6
list sl21-rev 2021 revocation 5
list sl21-sus 2021 suspension 6
list sl21-url 2021 revocation 5 --encoding base64url
list sl21-multibase 2021 revocation 5 --encoding multibase
signer=$other list forged-rev bitstring revocation ""
list wrong-id bitstring revocation 5
# A list that names a status list of its own: itself (its bit 5 is set).
node make-status-list.mjs --type bitstring --id "$site/status/self-rev" \
	--purpose revocation --set 5 "$tmp/self.unsigned"
jq --arg l "$site/status/self-rev" '.credentialStatus = {id: ($l + "#5"),
	type: "BitstringStatusListEntry", statusPurpose: "revocation",
	statusListIndex: "5", statusListCredential: $l}' "$tmp/self.unsigned" >"$tmp/self.u2"
node sign-di.mjs --key "$key" "$tmp/self.u2" "$www/status/self-rev" >/dev/null
jq --arg id "$site/status/elsewhere" '.id = $id' "$tmp/wrong-id.unsigned" >"$tmp/wrong-id.u2"
node sign-di.mjs --key "$key" "$tmp/wrong-id.u2" "$www/status/wrong-id" >/dev/null

# entry TYPE LIST PURPOSE INDEX: a status entry as JSON.
entry() {
	jq -n --arg t "$1" --arg l "$site/status/$2" --arg p "$3" --arg i "$4" \
		'{id: ($l + "#" + $i), type: $t, statusPurpose: $p,
		  statusListIndex: $i, statusListCredential: $l}'
}
bits() { entry BitstringStatusListEntry "$@"; }
sl21() { entry StatusList2021Entry "$@"; }

# cred NAME STATUS [CONTEXT]: sign a credential with credentialStatus
# STATUS (JSON; "null" for none) into $tmp/NAME.json.  CONTEXT "ob3" makes
# an OB 3.0 AchievementCredential signed with an array of proofs.
cred() {
	local name=$1 status=$2 ctx=${3:-vc2} flags=()
	if [ "$ctx" = ob3 ]; then
		jq -n '{"@context": ["https://www.w3.org/ns/credentials/v2",
		         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
		  id: "urn:uuid:5b1f0d6e-8a4f-4c1e-9a37-2f7c1b6e9d10",
		  type: ["VerifiableCredential", "OpenBadgeCredential"],
		  issuer: {id: "x", type: ["Profile"], name: "Interop Test College"},
		  validFrom: "2025-02-01T00:00:00Z", name: "Welding basics",
		  credentialSubject: {type: ["AchievementSubject"],
		    achievement: {id: "https://college.example/achievements/weld",
		      type: ["Achievement"], name: "Welding basics",
		      description: "MIG welding of thin sheet.",
		      criteria: {narrative: "Passed the practical test."}}}}' >"$tmp/$name.u"
		flags=(--proof-array)
	else
		jq -n '{"@context": ["https://www.w3.org/ns/credentials/v2"],
		  id: "urn:uuid:0c8d1f2e-3b4a-4d5c-8e6f-7a8b9c0d1e2f",
		  type: ["VerifiableCredential"],
		  issuer: {id: "x", name: "Interop Test College"},
		  validFrom: "2025-02-01T00:00:00Z",
		  credentialSubject: {id: "did:example:learner", name: "Marta Shevchenko"}}' >"$tmp/$name.u"
	fi
	jq --argjson s "$status" 'if $s == null then . else .credentialStatus = $s end' \
		"$tmp/$name.u" >"$tmp/$name.u2"
	node sign-di.mjs "${flags[@]}" --key "$key" "$tmp/$name.u2" "$tmp/$name.json" >/dev/null ||
		fail "sign $name"
}

issuer=$(node sign-di.mjs --key "$key" "$tmp/bits-rev.unsigned" "$tmp/x.json" | jq -r .issuer)
printf '%s\n' "$issuer" >"$tmp/trusted.txt"
# A list naming the issuer, signed by someone else's key.
node make-status-list.mjs --type bitstring --id "$site/status/claimed-rev" \
	--purpose revocation --set 5 "$tmp/claimed.unsigned"
jq --arg i "$issuer" '.issuer = $i' "$tmp/claimed.unsigned" >"$tmp/claimed.u2"
node sign-di.mjs --keep-issuer --key "$other" "$tmp/claimed.u2" "$www/status/claimed-rev" >/dev/null

# check NAME WANT_VERDICT WANT_STATUS_CODE [verify args]: verify
# $tmp/NAME.json with the issuer on the reader's list.
check() {
	local name=$1 want=$2 code=$3
	shift 3
	"$mc" verify --no-db --json --trusted-file "$tmp/trusted.txt" "$@" "$tmp/$name.json" \
		>"$tmp/out" 2>"$tmp/err"
	equal "$(jq -r .verdictName "$tmp/out")" "$want" "$name: verdict"
	equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/out")" \
		"$code" "$name: status code"
}

# Bitstring Status List, one entry object, one proof object (VC 2.0).
cred bits-clear "$(bits bits-rev revocation 4)"
equal "$(jq -r '.proof | type' "$tmp/bits-clear.json")" object "one proof object"
check bits-clear valid status.good
cred bits-revoked "$(bits bits-rev revocation 5)"
check bits-revoked revoked status.revoked
cred bits-suspended "$(bits bits-sus suspension 6)"
check bits-suspended suspended status.suspended
# The same issuer, not on the reader's list: nothing binds the did:key.
"$mc" verify --no-db --json "$tmp/bits-revoked.json" >"$tmp/out"
equal "$(jq -r .verdictName "$tmp/out")" cannot-tell "unlisted did:key: cannot tell"
equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/out")" status.unbound \
	"unlisted did:key: its list proves nothing"

# StatusList2021 (base64 of GZIP, no multibase), both purposes.
cred sl21-clear "$(sl21 sl21-rev revocation 4)"
check sl21-clear valid status.good
cred sl21-revoked "$(sl21 sl21-rev revocation 5)"
check sl21-revoked revoked status.revoked
contains "$tmp/out" "$site/status/sl21-rev" "the revoked verdict names whose list said so"
cred sl21-suspended "$(sl21 sl21-sus suspension 6)"
check sl21-suspended suspended status.suspended
cred sl21-clear-sus "$(sl21 sl21-sus suspension 5)"
check sl21-clear-sus valid status.good
# base64url without padding, as many StatusList2021 issuers write it.
cred sl21-url "$(sl21 sl21-url revocation 5)"
check sl21-url revoked status.revoked
# VC Data Model 1.1, as most StatusList2021 issuers write: the credential
# and its list.
list sl21-v1 2021 revocation 5 --vc 1
for i in 4 5; do
	jq -n --argjson s "$(sl21 sl21-v1 revocation $i)" '{"@context": [
	    "https://www.w3.org/2018/credentials/v1", "https://w3id.org/vc/status-list/2021/v1"],
	  id: "urn:uuid:1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b", type: ["VerifiableCredential"],
	  issuer: {id: "x", name: "Interop Test College"}, issuanceDate: "2024-09-01T00:00:00Z",
	  credentialSubject: {id: "did:example:learner", name: "Taras Melnyk"},
	  credentialStatus: $s}' >"$tmp/v1-$i.u"
	node sign-di.mjs --key "$key" "$tmp/v1-$i.u" "$tmp/v1-$i.json" >/dev/null || fail "sign v1-$i"
done
check v1-4 valid status.good
check v1-5 revoked status.revoked
# A multibase list is not a StatusList2021 list: cannot tell, not revoked.
cred sl21-multibase "$(sl21 sl21-multibase revocation 5)"
check sl21-multibase cannot-tell status.unreadable
# An integer statusListIndex (the specifications write a string).
cred sl21-int "$(sl21 sl21-rev revocation 5 | jq '.statusListIndex |= tonumber')"
check sl21-int revoked status.revoked
# An entry whose list is of the other kind.
cred kind-mismatch "$(sl21 bits-rev revocation 5)"
check kind-mismatch cannot-tell status.wrong_type
# An entry whose purpose is not the list's.
cred purpose-mismatch "$(bits bits-rev suspension 5)"
check purpose-mismatch cannot-tell status.wrong_type

# Types this verifier cannot read: skipped with the type named.
cred unsupported '{"id": "https://college.example/revocations#3", "type": "1EdTechRevocationList"}'
check unsupported cannot-tell status.unsupported
contains "$tmp/out" "1EdTechRevocationList" "the unsupported type is named"
cred rl2020 '{"id": "https://college.example/rl#3", "type": "RevocationList2020Status",
	"revocationListIndex": "3", "revocationListCredential": "https://college.example/rl"}'
check rl2020 cannot-tell status.unsupported
contains "$tmp/out" "RevocationList2020Status" "RevocationList2020Status is named"

# credentialStatus as an array: every entry counts.
cred array-revoked "[{\"type\": \"1EdTechRevocationList\", \"id\": \"https://college.example/r\"},
	$(bits bits-rev revocation 5), $(bits bits-sus suspension 4)]"
check array-revoked revoked status.revoked
cred array-clear "[$(bits bits-rev revocation 4), $(sl21 sl21-sus suspension 4)]"
check array-clear valid status.good
cred array-suspended "[$(bits bits-rev revocation 4), $(sl21 sl21-sus suspension 6)]"
check array-suspended suspended status.suspended
cred array-unknown "[$(bits bits-rev revocation 4), {\"type\": \"1EdTechRevocationList\", \"id\": \"https://college.example/r\"}]"
check array-unknown cannot-tell status.unsupported

# More entries than are read (each may fetch a list): cannot tell.
cred too-many "[$(for i in 1 2 3 4 5 6 7 8 9; do bits bits-rev revocation $i; echo ,; done) $(bits bits-rev revocation 10)]"
check too-many cannot-tell status.too_many

# OB 3.0 context, an array of proofs.
cred ob3-clear "$(bits bits-rev revocation 4)" ob3
equal "$(jq -r '.proof | type' "$tmp/ob3-clear.json")" array "an array of proofs"
check ob3-clear valid status.good
cred ob3-revoked "$(sl21 sl21-rev revocation 5)" ob3
check ob3-revoked revoked status.revoked
cred ob3-none null ob3
check ob3-none valid status.none

# Lists that settle nothing: cannot tell, never valid or revoked.
check bits-revoked cannot-tell status.offline --offline
cred missing "$(bits gone revocation 5)"
check missing cannot-tell status.unreachable
cred forged "$(bits forged-rev revocation 5)"
check forged cannot-tell status.not_authentic
cred claimed "$(bits claimed-rev revocation 5)"
check claimed cannot-tell status.not_authentic
contains "$tmp/out" "not a key of the issuer" "the list's key is not the issuer's: said so"
# Its own status is not followed (no loop), and it still counts.
cred self "$(bits self-rev revocation 5)"
check self revoked status.revoked
cred self-clear "$(bits self-rev revocation 4)"
check self-clear valid status.good
cred wrong-id "$(bits wrong-id revocation 5)"
check wrong-id cannot-tell status.wrong_list
cred beyond "$(bits bits-rev revocation 131072)"
check beyond cannot-tell status.out_of_range

# A verifier with a database whose base URL is a prefix of the list's
# address (not a path above it): the list is still theirs, fetched.
expect 0 "init a platform at $site/stat" -- "$mc" --db "$tmp/prefix.db" init --base-url "$site/stat"
expect 1 "their list beside our base URL" -- "$mc" --db "$tmp/prefix.db" verify --json \
	--trusted-file "$tmp/trusted.txt" "$tmp/bits-revoked.json"
equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/out")" status.revoked \
	"a base URL that is only a prefix of the list's address"

# Binding: a credential naming our platform's issuer, signed by their key.
db="$tmp/ours.db"
mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key" -- "$mc" --db "$db" key generate --org am-lori-college
expect 0 "issue" -- "$mc" --db "$db" issue --mc am-lori-cheese-making \
	--learner-name "Արամ Պետրոսյան" --learner-email aram@example.org --out "$tmp/ours.json"
jq 'del(.proof)' "$tmp/ours.json" >"$tmp/ours.u"
node sign-di.mjs --key "$other" "$tmp/ours.u" "$tmp/resigned.json" >/dev/null
expect 1 "ours re-signed by their key" -- "$mc" --db "$db" verify --json "$tmp/resigned.json"
equal "$(jq -r .verdictName "$tmp/out")" forged "ours re-signed by their key: forged"
finish
