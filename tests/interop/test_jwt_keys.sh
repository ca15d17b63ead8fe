#!/usr/bin/env bash
# VC-JWT key discovery, with VC-JWTs signed by jose (sign-jwt.mjs) and the
# issuer's documents on a web server on a loopback port: an https issuer
# (http on loopback here) publishing its keys as a JWKS at its own URL, in
# an issuer profile naming a jwks_uri, or at /.well-known/jwks.json, with
# or without a kid in the header; offline, the key cannot be fetched and
# the verdict is "cannot tell"; a kid the issuer does not publish is
# "cannot tell", a published kid with another key's signature is forged.
# A did:web issuer (its DID document over HTTPS with a test CA, which only
# a private mount namespace can make libcurl trust) is bound to its domain,
# for a VC-JWT with a relative kid or none and a Data Integrity
# credential.  JWS that must stay refused: alg none, an unknown crit,
# duplicate member names, trailing data; an integer beyond 64 bits in the
# payload is a number, as for any credential.  Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] ||
	skip "the npm signers need Node.js 20 or newer"
[ -d "$here/node_modules/jose" ] || skip "run 'npm ci --prefix tests/interop' first"
cd "$here" || exit 1

# A static web server for $www on a free loopback port; with CERT and KEY
# files it speaks HTTPS.
www="$tmp/www"
mkdir -p "$www/.well-known" "$www/issuers" "$www/keys"
cat >"$tmp/serve.js" <<'JS'
const fs = require('fs'), path = require('path');
const [root, cert, key] = process.argv.slice(2);
const handler = (req, res) => {
  const f = path.join(root, decodeURIComponent(req.url.split('?')[0]));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, {'content-type': 'application/json'});
  res.end(fs.readFileSync(f));
};
const srv = cert ? require('https').createServer(
  {cert: fs.readFileSync(cert), key: fs.readFileSync(key)}, handler) :
  require('http').createServer(handler);
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
JS
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$tmp"' EXIT
# start_server PORTFILE [CERT KEY]
start_server() {
	local pf=$1
	shift
	node "$tmp/serve.js" "$www" "$@" >"$pf" &
	pids+=($!)
	for _ in $(seq 50); do [ -s "$pf" ] && break; sleep 0.1; done
	[ -s "$pf" ] || { fail "the web server did not start"; finish; }
}
start_server "$tmp/port"
site="http://127.0.0.1:$(cat "$tmp/port")"

jq -n '{"@context": ["https://www.w3.org/ns/credentials/v2"],
  id: "urn:uuid:4e2b6c1a-9d8f-4a3b-8c7d-1e2f3a4b5c6d",
  type: ["VerifiableCredential"], issuer: {id: "x", name: "JWKS College"},
  validFrom: "2025-03-01T00:00:00Z",
  credentialSubject: {id: "did:example:learner", name: "Iryna Bondar"}}' >"$tmp/u.json"

# sign OUT [sign-jwt args]: a VC-JWT by the college's key.
sign() {
	local out=$1
	shift
	node sign-jwt.mjs --key "$tmp/college.jwk" "$@" "$tmp/u.json" "$tmp/$out" >/dev/null ||
		fail "sign $out"
}
# check NAME WANT_VERDICT WANT_PROOF_RESULT [verify args]
check() {
	local name=$1 want=$2 proof=$3
	shift 3
	"$mc" verify --no-db --json "$@" "$tmp/$name" >"$tmp/out" 2>"$tmp/err"
	equal "$(jq -r .verdictName "$tmp/out")" "$want" "$name: verdict"
	equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" \
		"$proof" "$name: proof check"
}

# A JWKS at the issuer's own URL, the key named by kid.
iss="$site/issuers/college"
sign kid.jwt --iss "$iss" --kid k1
jq '{keys: [.]}' "$tmp/kid.jwt.jwk.json" >"$www/issuers/college"
check kid.jwt valid passed
equal "$(jq -r .about.binding "$tmp/out")" domain "bound to the issuer's domain"
equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" \
	issuer.domain_jwks "the issuer check says the domain published the key"
equal "$(jq -r '.checks[] | select(.check == "proof") | .params.vm' "$tmp/out")" \
	"$iss#k1" "the key is named by where it was published"
# The kid as the key's URL, its fragment the JWKS's kid.
sign urlkid.jwt --iss "$iss" --kid "$iss#k1"
check urlkid.jwt valid passed
# No kid: each key of the set is tried (another issuer's key first).
node sign-jwt.mjs --key "$tmp/stranger.jwk" --iss "$iss" --kid k0 "$tmp/u.json" "$tmp/stranger.jwt" >/dev/null
jq -s '{keys: [.[0], .[1]]}' "$tmp/stranger.jwt.jwk.json" "$tmp/kid.jwt.jwk.json" >"$www/issuers/college"
sign nokid.jwt --iss "$iss" --no-kid
check nokid.jwt valid passed
check kid.jwt valid passed
# Offline: the key is on the network, so cannot tell.
check kid.jwt cannot-tell skipped --offline
contains "$tmp/out" "network is not to be used" "offline says why"
equal "$(jq -r '.checks[] | select(.check == "proof") | .code' "$tmp/out")" proof.offline "offline: its own reason"
# A kid the issuer does not publish: cannot tell which key it was.
sign otherkid.jwt --iss "$iss" --kid k9
check otherkid.jwt cannot-tell skipped
# The published kid, but the signature is another key's: forged.
node sign-jwt.mjs --key "$tmp/stranger.jwk" --iss "$iss" --kid k1 "$tmp/u.json" "$tmp/impostor.jwt" >/dev/null
check impostor.jwt forged failed

# An issuer profile naming its JWKS (jwks_uri).
iss2="$site/issuers/profile"
jq -n --arg u "$site/keys/college.json" --arg id "$iss2" \
	'{id: $id, type: "Profile", name: "JWKS College", jwks_uri: $u}' >"$www/issuers/profile"
jq '{keys: [.]}' "$tmp/kid.jwt.jwk.json" >"$www/keys/college.json"
sign profile.jwt --iss "$iss2" --kid k1
check profile.jwt valid passed
# Nothing at the issuer's URL: the domain's /.well-known/jwks.json.
iss3="$site/issuers/gone"
jq '{keys: [.]}' "$tmp/kid.jwt.jwk.json" >"$www/.well-known/jwks.json"
sign wellknown.jwt --iss "$iss3" --kid k1
check wellknown.jwt valid passed
rm "$www/.well-known/jwks.json"
check wellknown.jwt cannot-tell skipped
contains "$tmp/out" "publishes no key" "no JWKS anywhere: said so"

# JWS that stay refused, each correctly signed by a published key.
node --input-type=module - "$tmp/college.jwk" "$iss" "$tmp" <<'JS' || fail "craft the refused JWS"
import {readFileSync, writeFileSync} from 'node:fs';
import {createPrivateKey, sign} from 'node:crypto';
const [jwkFile, iss, dir] = process.argv.slice(2);
const key = createPrivateKey({key: JSON.parse(readFileSync(jwkFile, 'utf8')), format: 'jwk'});
const b64 = s => Buffer.from(s).toString('base64url');
const vc = `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"${iss}","iss":"${iss}","validFrom":"2025-03-01T00:00:00Z","credentialSubject":{"name":"Iryna Bondar"}`;
const jws = (header, payload) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
};
writeFileSync(`${dir}/dup.jwt`, jws('{"alg":"EdDSA","kid":"k1"}', vc + ',"iss":"https://evil.example"}'));
writeFileSync(`${dir}/trailing.jwt`, jws('{"alg":"EdDSA","kid":"k1"}', vc + '}{}'));
writeFileSync(`${dir}/crit.jwt`, jws('{"alg":"EdDSA","kid":"k1","crit":["x-policy"],"x-policy":1}', vc + '}'));
writeFileSync(`${dir}/none.jwt`, `${b64('{"alg":"none"}')}.${b64(vc + '}')}.`);
writeFileSync(`${dir}/hs256.jwt`, `${b64('{"alg":"HS256","kid":"k1"}')}.${b64(vc + '}')}.c2ln`);
writeFileSync(`${dir}/good.jwt`, jws('{"alg":"EdDSA","kid":"k1"}', vc + '}'));
// An integer beyond 64 bits, as JavaScript writes 1.2345678901234568e20.
writeFileSync(`${dir}/bignum.jwt`, jws('{"alg":"EdDSA","kid":"k1"}', vc + ',"score":123456789012345680000}'));
JS
jq '{keys: [.]}' "$tmp/kid.jwt.jwk.json" >"$www/issuers/college"
check good.jwt valid passed
check bignum.jwt valid passed
for bad in dup trailing crit none hs256; do
	expect 1 "$bad: refused" -- "$mc" verify --no-db --json "$tmp/$bad.jwt"
	equal "$(jq -r .verdictName "$tmp/out")" invalid "$bad: not a VC-JWT"
done

# did:web over HTTPS.  libcurl trusts the system's CA bundle only; a user
# and mount namespace lets this test put its own CA there for microcred
# alone.
ca_bundle=/etc/ssl/certs/ca-certificates.crt
if ! command -v openssl >/dev/null 2>&1; then
	skip_part "did:web: the openssl CLI is not installed"
elif [ ! -f "$ca_bundle" ] || ! unshare -rm true 2>/dev/null; then
	skip_part "did:web: no user namespaces here to trust a test CA in ($ca_bundle)"
else
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=interop test CA" -keyout "$tmp/ca.key" -out "$tmp/ca.pem" 2>/dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
		-keyout "$tmp/tls.key" -out "$tmp/tls.csr" 2>/dev/null
	printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$tmp/ext"
	openssl x509 -req -in "$tmp/tls.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" \
		-CAcreateserial -days 2 -extfile "$tmp/ext" -out "$tmp/tls.pem" 2>/dev/null
	start_server "$tmp/tport" "$tmp/tls.pem" "$tmp/tls.key"
	did="did:web:127.0.0.1%3A$(cat "$tmp/tport")"
	# verify_tls FILE [ARGS]: microcred trusting the test CA.
	verify_tls() {
		unshare -rm sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh \
			"$tmp/ca.pem" "$ca_bundle" "$mc" verify --no-db --json "$@"
	}
	# A Data Integrity credential signed as the did:web's key-1.
	jq '.issuer.name = "Web College"' "$tmp/u.json" >"$tmp/uw.json"
	node sign-di.mjs --key "$tmp/web.key" --did-web "$did" "$tmp/uw.json" "$tmp/web-di.json" >/dev/null
	cp "$tmp/web-di.json.did.json" "$www/.well-known/did.json"
	verify_tls "$tmp/web-di.json" >"$tmp/out" 2>"$tmp/err"
	equal "$(jq -r .verdictName "$tmp/out")" valid "did:web Data Integrity: valid"
	equal "$(jq -r .about.binding "$tmp/out")" domain "did:web: bound to its domain"
	contains "$tmp/out" "127.0.0.1:$(cat "$tmp/tport")" "did:web: the domain is shown"
	# The same credential without the test CA: the document cannot be
	# fetched, so cannot tell (never valid, never forged).
	"$mc" verify --no-db --json "$tmp/web-di.json" >"$tmp/out" 2>"$tmp/err"
	equal "$(jq -r .verdictName "$tmp/out")" cannot-tell "did:web unreachable: cannot tell"
	# A VC-JWT of the did:web's Ed25519 key: a relative kid, and none.
	jq '{kty: "OKP", crv: "Ed25519", x: .x, d: .d}' "$tmp/college.jwk" >"$tmp/web.jwk"
	jq --arg did "$did" --argjson k "$(jq '{kty, crv, x}' "$tmp/web.jwk")" \
		'.verificationMethod = [{id: ($did + "#jwt"), type: "JsonWebKey", controller: $did, publicKeyJwk: $k}]
		 | .assertionMethod = [$did + "#jwt"]' "$www/.well-known/did.json" >"$tmp/did.json"
	cp "$tmp/did.json" "$www/.well-known/did.json"
	node sign-jwt.mjs --key "$tmp/web.jwk" --iss "$did" --kid "#jwt" "$tmp/uw.json" "$tmp/web-rel.jwt" >/dev/null
	node sign-jwt.mjs --key "$tmp/web.jwk" --iss "$did" --no-kid "$tmp/uw.json" "$tmp/web-nokid.jwt" >/dev/null
	for j in web-rel web-nokid; do
		verify_tls "$tmp/$j.jwt" >"$tmp/out" 2>"$tmp/err"
		equal "$(jq -r .verdictName "$tmp/out")" valid "$j: valid"
		equal "$(jq -r '.checks[] | select(.check == "proof") | .params.vm' "$tmp/out")" \
			"$did#jwt" "$j: the did:web method that signed"
		equal "$(jq -r .about.binding "$tmp/out")" domain "$j: bound to its domain"
		verify_tls --offline "$tmp/$j.jwt" >"$tmp/out" 2>"$tmp/err"
		equal "$(jq -r .verdictName "$tmp/out")" cannot-tell "$j offline: cannot tell"
	done
fi
finish
