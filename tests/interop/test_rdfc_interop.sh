#!/usr/bin/env bash
# Interop for the RDF-canonicalised suites.  Theirs into ours: a credential
# signed by the npm suites (sign-rdfc.mjs: eddsa-rdfc-2022,
# ecdsa-rdfc-2019, ecdsa-jcs-2019, Ed25519Signature2020) verifies with
# `microcred verify` (proof passed; the did:key bound to no name, so
# "cannot tell" unless the reader lists it), and not with one character
# changed; a claim no context defines, added to a signed VC 1.1
# credential, is refused in safe mode by both.  Ours into theirs: OB 3.0
# credentials `microcred issue` signs (eddsa-rdfc-2022 by default,
# ecdsa-rdfc-2019, ecdsa-jcs-2019) verify here; the eddsa-rdfc-2022 one is
# verified by the npm suite (verify-rdfc.mjs) and by the DCC's verifier-core
# (verify-dcc.mjs: signature, expiration, the OB 3.0 schema, and
# revocation read from our status list served by `microcred serve` on a
# free loopback port); one changed character fails there; once revoked,
# all three refuse it.  Offline.  Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
command -v curl >/dev/null 2>&1 || skip "curl is not installed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
	skip "the npm verifiers need Node.js 20 or newer, this is $(node --version)"
[ -d "$here/node_modules/@digitalcredentials/verifier-core" ] &&
	[ -d "$here/node_modules/@digitalbazaar/eddsa-rdfc-2022-cryptosuite" ] ||
	skip "run 'npm ci --prefix tests/interop' first"
[ -n "${MC_FIXTURES:-}" ] && [ -d "$MC_FIXTURES/ob3" ] ||
	skip "../shared/fixtures is absent (the OB 3.0 schema is needed)"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE
db="$tmp/rdfc.db"
org=ge-skills-agency

# The server's port is chosen first, so that the base URL the credentials
# and their status lists name is where `microcred serve` answers.
port=$(node -e "const s = require('net').createServer();
s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
base="http://127.0.0.1:$port"
mc_init "$db" --base-url "$base"
expect 0 "demo" -- "$mc" --db "$db" demo
jq --arg org $org '.id = "rdfc-interop" | .provider = $org
    | .awarding_bodies = [$org] | .quality_assurance.body = $org
    | del(.prerequisites)' "$MC_SOURCE_DIR/docs/examples/mc-example.json" >"$tmp/mc.json"
expect 0 "import MC" -- "$mc" --db "$db" mc import "$tmp/mc.json"
for step in submit approve publish; do
	expect 0 "$step" -- "$mc" --db "$db" mc $step rdfc-interop
done
for t in ed25519 p256; do
	expect 0 "key $t" -- "$mc" --db "$db" key generate --org $org --type $t
done

"$mc" --db "$db" serve --port "$port" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
at_exit 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null'
for _ in $(seq 100); do
	curl -s -o /dev/null "$base/" && break
	kill -0 $server_pid 2>/dev/null || break
	sleep 0.1
done
curl -s -o /dev/null "$base/" || {
	fail "microcred serve did not start on $base"
	sed 's/^/  stderr: /' "$tmp/serve.err" | head -20 >&2
	finish
}

cd "$here" || exit 1

# ---- Ours into theirs ----------------------------------------------------
n=0
for suite in eddsa-rdfc-2022 ecdsa-rdfc-2019 ecdsa-jcs-2019; do
	n=$((n + 1))
	f="$tmp/ours-$suite.json"
	args=(--cryptosuite "$suite")
	[ $suite = eddsa-rdfc-2022 ] && args=() # the default
	expect 0 "issue ($suite)" -- "$mc" --db "$db" issue --mc rdfc-interop \
		--learner-name "Олена Коваль $n" --learner-email "l$n@example.org" \
		"${args[@]}" --out "$f"
	equal "$(jq -r '[.proof] | flatten | .[0].cryptosuite' "$f")" "$suite" "ours is signed with $suite"
	expect 0 "we verify ours ($suite)" -- "$mc" --db "$db" verify "$f"
	sed "s/Олена Коваль $n/Олена Коваль X/" "$f" >"$tmp/bad.json"
	expect 1 "we refuse ours with a changed character ($suite)" -- "$mc" --db "$db" verify "$tmp/bad.json"
	# A P-256 key of an organisation without did:web is named by a URL
	# under BASE/org/ORG/keys/ that nothing serves: no outside verifier
	# can check our ecdsa credentials yet.
	case $suite in ecdsa-*) continue ;; esac
	expect 0 "npm verifies ours ($suite)" -- node verify-rdfc.mjs --loopback "$f"
	expect 1 "npm refuses ours with a changed character ($suite)" -- node verify-rdfc.mjs --loopback "$tmp/bad.json"
done

# The DCC's verifier (Learner Credential Wallet, VerifierPlus): every check
# but registry membership.
# The credential names the OB 3.0 schema by its json/ URL; the fixture is
# that schema (its $id is the older json-ld/ address).
f="$tmp/ours-eddsa-rdfc-2022.json"
schema="$(jq -r '[.credentialSchema] | flatten | .[0].id' "$f")=$MC_FIXTURES/ob3/ob_v3p0_achievementcredential_schema.json"
expect 0 "DCC verifier-core accepts ours" -- node verify-dcc.mjs --loopback --schema "$schema" "$f"
cp "$tmp/out" "$tmp/dcc.json"
equal "$(jq -r .checks.valid_signature.valid "$tmp/dcc.json")" true "DCC: signature"
equal "$(jq -r .checks.expiration.valid "$tmp/dcc.json")" true "DCC: expiration"
equal "$(jq -r .checks.revocation_status.valid "$tmp/dcc.json")" true "DCC: revocation, read from our server"
equal "$(jq -r .checks.schema.valid "$tmp/dcc.json")" true "DCC: OB 3.0 schema"
equal "$(jq -r '.refused | length' "$tmp/dcc.json")" 0 "DCC: nothing fetched from outside"
sed "s/Олена Коваль 1/Олена Коваль X/" "$f" >"$tmp/bad.json"
expect 1 "DCC refuses ours with a changed character" -- node verify-dcc.mjs --loopback --schema "$schema" "$tmp/bad.json"
# What the issue started from: verifier-core cannot take eddsa-jcs-2022.
expect 0 "issue (eddsa-jcs-2022)" -- "$mc" --db "$db" issue --mc rdfc-interop \
	--learner-name "JCS" --learner-email "jcs@example.org" \
	--cryptosuite eddsa-jcs-2022 --out "$tmp/ours-jcs.json"
expect 1 "DCC refuses eddsa-jcs-2022" -- node verify-dcc.mjs --loopback "$tmp/ours-jcs.json"
# Revoked: our server's list now has the bit set, and both refuse it.
expect 0 "revoke" -- "$mc" --db "$db" revoke "$(jq -r .id "$f")" --reason "rdfc interop"
expect 1 "DCC refuses the revoked credential" -- node verify-dcc.mjs --loopback --schema "$schema" "$f"
equal "$(jq -r .checks.revocation_status.valid "$tmp/out")" false "DCC: the revocation check is what fails"
expect 1 "npm refuses the revoked credential" -- node verify-rdfc.mjs --loopback "$f"
expect 1 "we refuse the revoked credential" -- "$mc" --db "$db" verify "$f"

# ---- Theirs into ours ----------------------------------------------------
jq 'del(.proof, .credentialStatus)' "$tmp/ours-eddsa-rdfc-2022.json" >"$tmp/unsigned.json"
for suite in eddsa-rdfc-2022 ecdsa-rdfc-2019 ecdsa-jcs-2019 Ed25519Signature2020; do
	t="$tmp/theirs-$suite.json"
	expect 0 "npm signs ($suite)" -- node sign-rdfc.mjs --suite $suite --proof-array "$tmp/unsigned.json"
	cp "$tmp/out" "$t"
	expect 0 "npm verifies its own ($suite)" -- node verify-rdfc.mjs "$t"
	expect 2 "we verify theirs ($suite), but cannot tell who signed" -- "$mc" verify --no-db --json "$t"
	equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed "their $suite proof"
	equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" issuer.unbound "their $suite did:key is bound to no name"
	expect 0 "theirs ($suite), issuer listed" -- "$mc" verify --no-db --json "$t" --trusted "$(jq -r .issuer.id "$t")"
	sed 's/Олена Коваль 1/Олена Коваль X/' "$t" >"$tmp/bad.json"
	expect 1 "npm refuses theirs changed ($suite)" -- node verify-rdfc.mjs "$tmp/bad.json"
	expect 1 "we refuse theirs changed ($suite)" -- "$mc" verify --no-db --json "$tmp/bad.json"
	equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" failed "their changed $suite proof"
done

# Safe mode: an unsigned claim riding on a signed credential.  A VC 1.1
# credential (no @vocab) signed by npm eddsa-rdfc-2022, then a claim no
# context defines added: a processor that is not in safe mode drops the
# claim while expanding, so the signature would still verify over a
# credential that shows it.  Both verifiers refuse it, and we name it.
jq -n '{"@context": ["https://www.w3.org/2018/credentials/v1"],
    "type": ["VerifiableCredential"], "id": "urn:uuid:3f1c8a52-9d0e-4b7a-8c1d-2e5f6a7b8c9d",
    "issuanceDate": "2024-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:learner"}}' >"$tmp/vc11.json"
expect 0 "npm signs a VC 1.1 credential" -- node sign-rdfc.mjs "$tmp/vc11.json"
cp "$tmp/out" "$tmp/vc11-signed.json"
expect 2 "we verify it, but cannot tell who signed" -- "$mc" verify --no-db --json "$tmp/vc11-signed.json"
equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed "the VC 1.1 proof"
jq '.credentialSubject.unsignedClaim = "top marks"' "$tmp/vc11-signed.json" >"$tmp/undefined.json"
expect 1 "npm refuses an undefined term (safe mode)" -- node verify-rdfc.mjs "$tmp/undefined.json"
contains "$tmp/out" "Safe mode" "npm: safe mode is what refuses it"
expect 1 "we refuse an undefined term in safe mode" -- "$mc" verify --no-db --json "$tmp/undefined.json"
equal "$(jq -r '.checks[] | select(.check == "proof") | .code' "$tmp/out")" proof.undefined_term "we: the proof check says why"
contains "$tmp/out" "credentialSubject.unsignedClaim" "the refusal names the undefined term"

finish
