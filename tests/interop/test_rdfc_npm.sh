#!/usr/bin/env bash
# The npm side of the rdfc interop on its own (no microcred): sign-rdfc.mjs
# signs with eddsa-rdfc-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019 and
# Ed25519Signature2020 and verify-rdfc.mjs accepts each, and refuses it
# with one character changed or with another suite demanded; the W3C
# vc-di-eddsa vectors (eddsa-rdfc-2022, Ed25519Signature2020, proof sets
# and chains) verify and fail once changed; the DCC's verifier-core
# (verify-dcc.mjs) accepts the eddsa-rdfc-2022 and Ed25519Signature2020
# ones, refuses a changed one and an ecdsa one (it knows no ecdsa suite),
# never fails on registry membership, and fetches nothing; the loader
# refuses an unknown context; bench-verify-rdfc.mjs prints its line.
# Everything inside `unshare -n` (no network) where that works.
# Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
	skip "the npm verifiers need Node.js 20 or newer, this is $(node --version)"
[ -d "$here/node_modules/@digitalcredentials/verifier-core" ] &&
	[ -d "$here/node_modules/@digitalbazaar/eddsa-rdfc-2022-cryptosuite" ] ||
	skip "run 'npm ci --prefix tests/interop' first"
vec=${MC_FIXTURES:-}/vc/vc-di-eddsa-TestVectors
[ -n "${MC_FIXTURES:-}" ] && [ -d "$vec" ] ||
	skip "../shared/fixtures is absent (the W3C vc-di-eddsa vectors are needed)"
cd "$here" || exit 1
# No network, when a network namespace can be had.
nodebin=$(command -v node)
offline=()
unshare -n true 2>/dev/null && offline=(unshare -n)
node() { "${offline[@]}" "$nodebin" "$@"; }

# A credential with VC 2.0 and OB 3.0 contexts, unsigned.
jq '.credentialSubject.alumniOf = "Школа прикладів"' "$vec/unsigned.json" >"$tmp/unsigned.json"
for suite in eddsa-rdfc-2022 ecdsa-rdfc-2019 ecdsa-jcs-2019 Ed25519Signature2020; do
	f="$tmp/$suite.json"
	expect 0 "sign ($suite)" -- node sign-rdfc.mjs --suite $suite --key "$tmp/$suite.key" "$tmp/unsigned.json"
	cp "$tmp/out" "$f"
	equal "$(jq -r '.proof | .cryptosuite // .type' "$f")" $suite "$suite proof written"
	equal "$(jq -r .issuer "$f")" "$(jq -r '.proof.verificationMethod | sub("#.*"; "")' "$f")" \
		"$suite: the issuer is the signing did:key"
	expect 0 "verify ($suite)" -- node verify-rdfc.mjs "$f"
	equal "$(jq -r .suite "$tmp/out")" $suite "verify-rdfc names $suite"
	sed 's/Школа прикладів/Школа прикладиф/' "$f" >"$tmp/bad.json"
	expect 1 "one character changed fails ($suite)" -- node verify-rdfc.mjs "$tmp/bad.json"
	contains "$tmp/out" "Invalid signature" "$suite: the signature is what fails"
	# The same key signs again: the key file is reused.
	expect 0 "sign again with the key file ($suite)" -- node sign-rdfc.mjs --suite $suite --key "$tmp/$suite.key" "$tmp/unsigned.json"
	equal "$(jq -r .issuer "$tmp/out")" "$(jq -r .issuer "$f")" "$suite: one key, one issuer"
done
expect 1 "only ecdsa-rdfc-2019 demanded, eddsa-rdfc-2022 given" -- \
	node verify-rdfc.mjs --suite ecdsa-rdfc-2019 "$tmp/eddsa-rdfc-2022.json"
expect 1 "a P-256 key file for an Ed25519 suite" -- \
	node sign-rdfc.mjs --suite eddsa-rdfc-2022 --key "$tmp/ecdsa-rdfc-2019.key" "$tmp/unsigned.json"
contains "$tmp/err" "not an Ed25519 key" "the wrong key file is named"
expect 2 "an unknown suite" -- node sign-rdfc.mjs --suite eddsa-rdfc-2019 "$tmp/unsigned.json"

# The W3C vectors: their issuer is an https URL, not the key's DID.
for f in eddsa-rdfc-2022/signedDataInt.json Ed25519Signature2020/signedEdSig.json \
	proof-set-chain/signedProofSet2.json proof-set-chain/signedProofChain2.json; do
	expect 0 "W3C vector $f" -- node verify-rdfc.mjs --no-issuer-check "$vec/$f"
	sed 's/The School of Examples/The School of Examplez/' "$vec/$f" >"$tmp/bad.json"
	expect 1 "W3C vector $f changed" -- node verify-rdfc.mjs --no-issuer-check "$tmp/bad.json"
done
expect 1 "W3C vector: the issuer check is on by default" -- \
	node verify-rdfc.mjs "$vec/eddsa-rdfc-2022/signedDataInt.json"
contains "$tmp/out" "issuer must match" "the issuer check says why"

# The DCC's verifier-core, offline.
for suite in eddsa-rdfc-2022 Ed25519Signature2020; do
	expect 0 "DCC verifier-core ($suite)" -- node verify-dcc.mjs "$tmp/$suite.json"
	equal "$(jq -r .checks.valid_signature.valid "$tmp/out")" true "DCC $suite: signature"
	equal "$(jq -r .checks.expiration.valid "$tmp/out")" true "DCC $suite: expiration"
	equal "$(jq -r .registry.valid "$tmp/out")" false "DCC $suite: no registry, reported apart"
	equal "$(jq -r '.refused | length' "$tmp/out")" 0 "DCC $suite: nothing fetched"
	sed 's/Школа прикладів/Школа прикладиф/' "$tmp/$suite.json" >"$tmp/bad.json"
	expect 1 "DCC refuses a changed character ($suite)" -- node verify-dcc.mjs "$tmp/bad.json"
	contains "$tmp/out" invalid_signature "DCC $suite: the signature is what fails"
done
expect 1 "DCC knows no ecdsa suite" -- node verify-dcc.mjs "$tmp/ecdsa-rdfc-2019.json"

# An unknown context: the loader refuses it, never fetches it.
jq '."@context" += ["https://example.org/unknown-context.jsonld"]' "$tmp/unsigned.json" >"$tmp/unknown.json"
expect 1 "an unknown context is refused, not fetched" -- node sign-rdfc.mjs "$tmp/unknown.json"
contains "$tmp/err" "refusing to load" "the offline loader says so"

# The contexts microcred embeds (src/lib/ld/contexts/SOURCES.md) are the
# documents this loader serves, URL by URL.
cat >"$tmp/same.mjs" <<'JS'
import {readFileSync} from 'node:fs';
import {isDeepStrictEqual} from 'node:util';
import {pathToFileURL} from 'node:url';
const [dir, loader] = process.argv.slice(2);
const {documentLoader} = await import(pathToFileURL(loader).href);
let n = 0, bad = 0;
for(const line of readFileSync(`${dir}/SOURCES.md`, 'utf8').split('\n')) {
  const m = /^\| (https?:\/\/[^ |]+) \| ([^ |]+) \|/.exec(line);
  if(!m) continue;
  n++;
  const ours = JSON.parse(readFileSync(`${dir}/${m[2]}`, 'utf8'));
  let theirs;
  try {
    theirs = (await documentLoader(m[1])).document;
  } catch(e) {
    theirs = e.message;
  }
  if(!isDeepStrictEqual(ours, theirs)) {
    bad++;
    console.log(`differs: ${m[1]} (${m[2]})`);
  }
}
console.log(`${n} pinned contexts, ${bad} differ`);
process.exit(n > 0 && bad === 0 ? 0 : 1);
JS
expect 0 "microcred's pinned contexts are the loader's" -- \
	node "$tmp/same.mjs" "$here/../../src/lib/ld/contexts" "$here/lib/loader.mjs"
contains "$tmp/out" " 0 differ" "every pinned context compared"

expect 0 "bench" -- node bench-verify-rdfc.mjs -n 20 --warmup 2 "$tmp/eddsa-rdfc-2022.json"
if grep -qE '^node eddsa-rdfc-2022 verify: [0-9.]+/s$' "$tmp/out"; then ok; else
	fail "bench line: $(cat "$tmp/out")"
fi
expect 1 "bench refuses another suite" -- node bench-verify-rdfc.mjs -n 2 "$tmp/ecdsa-rdfc-2019.json"
finish
