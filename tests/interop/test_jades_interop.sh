#!/usr/bin/env bash
# Interop: our JAdES seals (RS256, PS256, ES256; B-B and B-T against the
# local TSA) verified by npm `jose` (flattenedVerify, b64 false, crit) and
# by the openssl CLI from the reconstructed signing input; a copy with one
# payload character changed fails in both, and in ours.  The B-T signature
# timestamps pass `openssl ts -verify` against the TSA's certificate, and
# fail over another signature or with another certificate.  Offline.
# Needs MC_JADES_SEAL (tests/tsa/jades_seal_tool) and MC_TEST_TSA
# (tests/tsa/test_tsa), which ctest sets.  Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "skipped: openssl CLI is not installed"; exit 77; }
[ -d "$here/node_modules/jose" ] || { echo "skipped: run 'npm ci --prefix tests/interop' first"; exit 77; }
seal=${MC_JADES_SEAL:-}
tsa=${MC_TEST_TSA:-}
[ -x "$seal" ] && [ -x "$tsa" ] || { echo "skipped: MC_JADES_SEAL and MC_TEST_TSA must name the built tools"; exit 77; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/tsa.key" -out "$tmp/tsa.pem" \
	-subj "/CN=microcred TEST TSA" -addext "extendedKeyUsage=critical,timeStamping" -days 30 2>/dev/null
"$tsa" --cert "$tmp/tsa.pem" --key "$tmp/tsa.key" >"$tmp/port" &
tsa_pid=$!
trap 'kill $tsa_pid 2>/dev/null; wait $tsa_pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(head -1 "$tmp/port")/tsr"
printf '{"@context":["https://www.w3.org/2018/credentials/v1"],"name":"Олена Коваль / ნინო","credit":2.5}' >"$tmp/in.json"

b64url_decode() { local s=$1; s=${s//-/+}; s=${s//_//}; while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done; printf '%s' "$s" | openssl base64 -d -A; }

# openssl_verify FILE ALG: rebuild ASCII(protected) "." payload and check
# the signature with the x5c leaf's public key.
openssl_verify() {
	local f=$1 alg=$2 d="$tmp/ossl"
	mkdir -p "$d"
	jq -j '.signatures[0].protected + "." + .payload' "$f" >"$d/input"
	b64url_decode "$(jq -r '.signatures[0].signature' "$f")" >"$d/sig.raw"
	{ echo "-----BEGIN CERTIFICATE-----"; jq -r '.signatures[0].protected' "$f" >/dev/null
	  b64url_decode "$(jq -r '.signatures[0].protected' "$f")" | jq -r '.x5c[0]' | fold -w 64
	  echo "-----END CERTIFICATE-----"; } >"$d/leaf.pem"
	openssl x509 -in "$d/leaf.pem" -pubkey -noout >"$d/pub.pem" || return 2
	case $alg in
	RS256) openssl dgst -sha256 -verify "$d/pub.pem" -signature "$d/sig.raw" "$d/input" ;;
	PS256) openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 \
		-verify "$d/pub.pem" -signature "$d/sig.raw" "$d/input" ;;
	ES256) # r || s to a DER ECDSA-Sig-Value
		local r s
		r=$(head -c 32 "$d/sig.raw" | od -An -tx1 | tr -d ' \n')
		s=$(tail -c 32 "$d/sig.raw" | od -An -tx1 | tr -d ' \n')
		printf 'asn1=SEQUENCE:sig\n[sig]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' "$r" "$s" >"$d/sig.cnf"
		openssl asn1parse -genconf "$d/sig.cnf" -out "$d/sig.der" >/dev/null &&
			openssl dgst -sha256 -verify "$d/pub.pem" -signature "$d/sig.der" "$d/input" ;;
	esac
}

# openssl_ts FILE ALG: the B-T seal's signature timestamp, checked by
# `openssl ts -verify` against the TSA's certificate, with the data the
# imprint is over as ETSI TS 119 182-1 and jades.c say: the base64url
# signature value as ASCII.  The same token over another seal's signature,
# or checked against another certificate, must fail.
openssl_ts() {
	local f=$1 alg=$2 d="$tmp/ts-$2"
	mkdir -p "$d"
	b64url_decode "$(jq -r '.signatures[0].header.etsiU[0]' "$f")" |
		jq -r '.sigTst.tstTokens[0].val' | openssl base64 -d -A >"$d/token.der"
	jq -j '.signatures[0].signature' "$f" >"$d/sig.txt"
	expect 0 "openssl ts -verify: our $alg B-T timestamp is over its signature" -- \
		openssl ts -verify -token_in -in "$d/token.der" -data "$d/sig.txt" -CAfile "$tmp/tsa.pem"
	contains "$tmp/out" "Verification: OK" "openssl ts -verify says OK ($alg)"
	# Over the raw signature bytes instead of the base64url text: refused.
	b64url_decode "$(cat "$d/sig.txt")" >"$d/sig.raw"
	expect 1 "openssl ts -verify refuses the raw signature bytes as data ($alg)" -- \
		openssl ts -verify -token_in -in "$d/token.der" -data "$d/sig.raw" -CAfile "$tmp/tsa.pem"
	contains "$tmp/err" "message imprint mismatch" "the raw bytes are not what was timestamped ($alg)"
	if [ -s "$tmp/prev-sig.txt" ]; then
		expect 1 "openssl ts -verify refuses the $alg timestamp over another seal's signature" -- \
			openssl ts -verify -token_in -in "$d/token.der" -data "$tmp/prev-sig.txt" -CAfile "$tmp/tsa.pem"
		contains "$tmp/err" "message imprint mismatch" "another signature's imprint differs ($alg)"
	fi
	cp "$d/sig.txt" "$tmp/prev-sig.txt"
	expect 1 "openssl ts -verify refuses the $alg timestamp with another TSA certificate" -- \
		openssl ts -verify -token_in -in "$d/token.der" -data "$d/sig.txt" -CAfile "$tmp/other-tsa.pem"
	contains "$tmp/err" "certificate verify error" "the token is not signed by the other TSA ($alg)"
}
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other-tsa.key" -out "$tmp/other-tsa.pem" \
	-subj "/CN=microcred TEST TSA" -addext "extendedKeyUsage=critical,timeStamping" -days 30 2>/dev/null

cd "$here" || exit 1
for alg in RS256 PS256 ES256; do
	for level in B-B B-T; do
		f="$tmp/$alg-$level.json"
		if [ $level = B-T ]; then
			expect 0 "seal $alg $level" -- "$seal" seal $alg "$tmp/in.json" "$f" "$tmp/c.pem" "$tmp/k.pem" "$url"
			contains "$f" '"etsiU"' "$alg B-T has etsiU"
		else
			expect 0 "seal $alg $level" -- "$seal" seal $alg "$tmp/in.json" "$f" "$tmp/c.pem" "$tmp/k.pem"
		fi
		expect 0 "we verify $alg $level" -- "$seal" verify "$f"
		[ $level = B-T ] && openssl_ts "$f" "$alg"
		expect 0 "jose verifies our $alg $level" -- node verify-jades.mjs "$f"
		expect 0 "openssl verifies our $alg $level" -- openssl_verify "$f" $alg
		sed 's/Олена/Олеся/' "$f" >"$tmp/bad.json"
		expect 1 "jose refuses a changed $alg $level" -- node verify-jades.mjs "$tmp/bad.json"
		expect 1 "openssl refuses a changed $alg $level" -- openssl_verify "$tmp/bad.json" $alg
		expect 1 "we refuse a changed $alg $level" -- "$seal" verify "$tmp/bad.json"
	done
done
# The Commission's sealed sample, when present: jose and openssl agree.
s="${MC_FIXTURES:-}/edc/Sample-MC-Annex1-signed.jsonld"
if [ -f "$s" ]; then
	expect 0 "jose verifies the Commission sample" -- node verify-jades.mjs "$s"
	expect 0 "openssl verifies the Commission sample" -- openssl_verify "$s" RS256
	expect 0 "we verify the Commission sample" -- "$seal" verify "$s"
else
	skip_part "$s absent, Commission sample not checked"
fi
finish
