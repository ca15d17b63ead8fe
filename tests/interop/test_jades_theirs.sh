#!/usr/bin/env bash
# Interop: JAdES seals made by another signer, npm `jose` (seal-jades.mjs:
# general or flattened JWS JSON, b64 false, crit ["b64", "sigT"], x5c,
# x5t#S256, kid, sigT, cty, typ), over the payload of an EDC we issued,
# in RS256, PS256 and ES256, with seal certificates from a test CA made by
# the openssl CLI.  `microcred verify` with that CA as its trust anchor
# must accept each (format, seal, issuer and trust passed), call it
# "cannot tell" without the anchor, and refuse it with another CA, with
# its payload or signature changed, with a wrong x5t#S256 and with a crit
# member it does not understand.  Offline.  Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v openssl >/dev/null 2>&1 || skip "the openssl CLI is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
[ -d "$here/node_modules/jose" ] || skip "run 'npm ci --prefix tests/interop' first"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE

# An EDC of ours: its payload is what the other signer seals.
db="$tmp/theirs.db"
m() { "$mc" --db "$db" "$@"; }
mc_init "$db"
expect 0 "demo" -- m demo
expect 0 "create-test-ca" -- m cert create-test-ca
expect 0 "create-test-seal" -- m cert create-test-seal ge-skills-agency
expect 0 "status list key" -- m key generate --org ge-skills-agency --type ed25519
expect 0 "issue edc" -- m issue --mc ge-hotel-front-office --learner-name "Олена Коваль" \
	--learner-email olena@example.org --lang uk --format edc --out "$tmp/ours.json"
jq -j .payload "$tmp/ours.json" >"$tmp/payload.json" || fail "no payload in our EDC"
legal=$(jq -r '.issuer.legalName | if type == "object" then (.en // first(.[])) else . end' "$tmp/payload.json")
notation=$(jq -r '.issuer.eIDASIdentifier.notation' "$tmp/payload.json")
country=$(jq -r '.issuer.location.address.countryCode.notation // .issuer.location.address.countryCode.id // "GE"' "$tmp/payload.json")
country=${country##*/}
country=${country:0:2}
[ -n "$legal" ] && [ "$notation" != null ] || fail "our EDC names no issuer legal name and eIDAS identifier"

# The other party's PKI, made with the openssl CLI: a root CA, and another
# CA that has nothing to do with the seals.
ca() { # NAME CN
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/$1.key" -out "$tmp/$1.pem" \
		-subj "/C=EU/O=Interop TEST PKI/CN=$2" -days 30 \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>"$tmp/err" ||
		fail "openssl: CA $1: $(cat "$tmp/err")"
}
ca ca "Interop TEST Root CA"
ca other-ca "Unrelated TEST Root CA"
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' >"$tmp/leaf.ext"

# leaf ALG: a seal key and certificate for the EDC's issuer, issued by the
# CA; $tmp/ALG.key (PKCS#8) and $tmp/ALG-chain.pem (leaf, CA).
leaf() {
	local alg=$1
	case $alg in
	ES256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/$alg.key" ;;
	*) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/$alg.key" ;;
	esac 2>"$tmp/err" || fail "openssl: $alg key: $(cat "$tmp/err")"
	openssl req -new -utf8 -key "$tmp/$alg.key" -out "$tmp/$alg.csr" \
		-subj "/C=$country/O=$legal/organizationIdentifier=$notation/CN=$legal $alg seal" 2>"$tmp/err" ||
		fail "openssl: $alg request: $(cat "$tmp/err")"
	openssl x509 -req -in "$tmp/$alg.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" \
		-set_serial "0x$(openssl rand -hex 8)" -days 30 -extfile "$tmp/leaf.ext" \
		-out "$tmp/$alg.pem" 2>"$tmp/err" || fail "openssl: $alg certificate: $(cat "$tmp/err")"
	cat "$tmp/$alg.pem" "$tmp/ca.pem" >"$tmp/$alg-chain.pem"
}

# results: the check results of `microcred verify --json` in $tmp/out,
# one "name=result" a line.
results() { jq -r '.checks[] | "\(.check)=\(.result)"' "$tmp/out" 2>/dev/null; }

cd "$here" || exit 1
for alg in RS256 PS256 ES256; do
	leaf $alg
	ser=; [ $alg = PS256 ] && ser=--flattened
	f="$tmp/$alg.json"
	expect 0 "jose seals our EDC payload ($alg${ser:+, flattened})" -- \
		node seal-jades.mjs $ser $alg "$tmp/payload.json" "$tmp/$alg.key" "$tmp/$alg-chain.pem" "$f"
	hdr=$(jq -r '(.signatures[0] // .).protected' "$f" | tr '_-' '/+')
	while [ $(( ${#hdr} % 4 )) -ne 0 ]; do hdr="$hdr="; done
	printf '%s' "$hdr" | openssl base64 -d -A >"$tmp/hdr.json"
	equal "$(jq -c '[.alg, .b64, .crit, (.x5c | length), .typ, .cty]' "$tmp/hdr.json")" \
		"[\"$alg\",false,[\"b64\",\"sigT\"],2,\"jose+json\",\"application/ld+json\"]" \
		"$alg: the JAdES protected header jose wrote"
	cmp -s <(jq -j .payload "$f") "$tmp/payload.json" && ok || fail "$alg: the payload is not our EDC, unencoded"

	# Without our database the credential's own status (ours) cannot be
	# read: "cannot tell" (2), every seal check passed.
	expect 2 "we verify their $alg seal with their CA as trust anchor" -- \
		"$mc" verify --no-db --json --trust-anchors "$tmp/ca.pem" "$f"
	r=$(results)
	for c in format=passed seal=passed issuer=passed trust=passed revocation=skipped; do
		case " $(echo $r) " in *" $c "*) ok ;; *) fail "their $alg seal: $c wanted, got: $(echo $r)" ;; esac
	done
	contains "$tmp/out" "Interop TEST Root CA" "their $alg chain reaches their CA"

	expect 2 "without their CA, their $alg seal is 'cannot tell'" -- "$mc" verify --no-db --json "$f"
	case " $(results | tr "\n" " ")" in *" trust=skipped "*) ok ;; *) fail "no anchor ($alg): the trust check was not skipped" ;; esac
	# A chain to no anchor ties the seal to nobody: "cannot tell" (2).
	expect 2 "another CA as trust anchor: their $alg seal is not trusted" -- \
		"$mc" verify --no-db --json --trust-anchors "$tmp/other-ca.pem" "$f"
	case " $(results | tr "\n" " ")" in *" trust=failed "*) ok ;; *) fail "another CA ($alg): the trust check did not fail" ;; esac

	# One payload character changed.
	jq '.payload |= sub("Олена"; "Олеся")' "$f" >"$tmp/bad-payload.json"
	cmp -s "$f" "$tmp/bad-payload.json" && fail "$alg: the payload was not changed"
	expect 1 "we refuse their $alg seal with the payload changed" -- \
		"$mc" verify --no-db --json --trust-anchors "$tmp/ca.pem" "$tmp/bad-payload.json"
	case " $(results | tr '\n' ' ')" in *" seal=failed "*) ok ;; *) fail "changed payload ($alg): the seal check did not fail" ;; esac

	# One signature character changed (same length).
	sig=$(jq -r '(.signatures[0] // .).signature' "$f")
	c=${sig:20:1}; [ "$c" = A ] && c=B || c=A
	bad="${sig:0:20}$c${sig:21}"
	jq --arg s "$bad" 'if .signatures then .signatures[0].signature = $s else .signature = $s end' \
		"$f" >"$tmp/bad-sig.json"
	expect 1 "we refuse their $alg seal with the signature changed" -- \
		"$mc" verify --no-db --json --trust-anchors "$tmp/ca.pem" "$tmp/bad-sig.json"
	case " $(results | tr '\n' ' ')" in *" seal=failed "*) ok ;; *) fail "changed signature ($alg): the seal check did not fail" ;; esac

	# Validly signed by jose, but the header is wrong for us.
	expect 0 "jose seals with the x5t#S256 of another certificate ($alg)" -- \
		node seal-jades.mjs $ser --x5t-of "$tmp/other-ca.pem" $alg "$tmp/payload.json" "$tmp/$alg.key" \
		"$tmp/$alg-chain.pem" "$tmp/bad-x5t.json"
	expect 1 "we refuse their $alg seal with a wrong x5t#S256" -- \
		"$mc" verify --no-db --trust-anchors "$tmp/ca.pem" "$tmp/bad-x5t.json"
	contains "$tmp/out" "x5t#S256" "the refusal names x5t#S256 ($alg)"
	expect 0 "jose seals with an unknown crit member ($alg)" -- \
		node seal-jades.mjs $ser --crit-extra sigX $alg "$tmp/payload.json" "$tmp/$alg.key" \
		"$tmp/$alg-chain.pem" "$tmp/bad-crit.json"
	expect 1 "we refuse their $alg seal with an unknown crit member" -- \
		"$mc" verify --no-db --trust-anchors "$tmp/ca.pem" "$tmp/bad-crit.json"
	contains "$tmp/out" "sigX" "the refusal names the crit member ($alg)"
done

# With our database: their seal over our credential, whose id says the
# organisation issued it here, is not one of that organisation's seals in
# our store: forged.  Once imported as its seal, it passes, and the
# revocation check with it until we revoke the credential.
expect 1 "their RS256 seal over our credential, not the issuer's seal here" -- \
	m verify --trust-anchors "$tmp/ca.pem" --json "$tmp/RS256.json"
equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" edc.forged_id "not the issuer's seal: forged"
expect 0 "import their RS256 seal as the organisation's" -- \
	m cert import ge-skills-agency --key "$tmp/RS256.key" --chain "$tmp/RS256-chain.pem"
expect 0 "their RS256 seal, checked against our store" -- \
	m verify --trust-anchors "$tmp/ca.pem" --json "$tmp/RS256.json"
case " $(results | tr '\n' ' ')" in *" revocation=passed "*) ok ;; *) fail "revocation not passed: $(results | tr '\n' ' ')" ;; esac
expect 0 "revoke" -- m revoke "$(jq -r .id "$tmp/payload.json")" --reason "interop test"
expect 1 "their RS256 seal over a revoked credential is refused" -- \
	m verify --trust-anchors "$tmp/ca.pem" "$tmp/RS256.json"
contains "$tmp/out" "revoked" "the refusal says revoked"
finish
