#!/usr/bin/env bash
# Seal certificates through the command line: the test CA and test seals
# checked with the openssl command line (the chain verifies, the subject
# carries organizationIdentifier, keyUsage), import of a PKCS#12 made by
# `openssl pkcs12 -export` and of PEM files, and the refusals.
. "$(dirname "$0")/lib.sh"
db=$(mc_db cert)
org=ua-dniprorudne-lyceum
mark="TEST certificate - not an eIDAS trust service"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_TEST_NOW
if ! command -v openssl >/dev/null; then
	echo "skipped: the openssl command line is not installed"
	exit 77
fi

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo

# Nothing to seal with yet: clear refusals.
expect 1 "seal without a CA" -- "$mc" --db "$db" cert create-test-seal $org
contains "$tmp/err" "cert create-test-ca" "says how to make a test CA"
expect 1 "export-ca without a CA" -- "$mc" --db "$db" cert export-ca
contains "$tmp/err" "no test CA" "no CA named"
expect 1 "show without a seal" -- "$mc" --db "$db" cert show $org
contains "$tmp/err" "no active seal" "no seal named"

# The test CA and a seal.
expect 0 "create-test-ca" -- "$mc" --db "$db" cert create-test-ca --out "$tmp/ca-new.pem"
contains "$tmp/out" "$mark" "the CA is marked as a test"
contains "$tmp/out" "test-ca-1" "CA id"
expect 2 "bad alg" -- "$mc" --db "$db" cert create-test-seal $org --alg HS256
expect 1 "unknown org" -- "$mc" --db "$db" cert create-test-seal no-such-org
contains "$tmp/err" "no-such-org" "unknown organisation named"
expect 1 "bad identifier" -- "$mc" --db "$db" cert create-test-seal $org --org-identifier "12345"
contains "$tmp/err" "org_identifier" "bad identifier named"
expect 0 "create-test-seal" -- "$mc" --db "$db" cert create-test-seal $org --org-identifier VATUA-12345678
contains "$tmp/out" "$mark" "the seal is marked as a test"
contains "$tmp/out" "$org-seal-1" "seal id"

expect 0 "export-ca" -- "$mc" --db "$db" cert export-ca --out "$tmp/ca.pem"
if cmp -s "$tmp/ca.pem" "$tmp/ca-new.pem"; then ok; else fail "export-ca gives the CA create-test-ca wrote"; fi
expect 0 "show --pem" -- "$mc" --db "$db" cert show $org --pem
cp "$tmp/out" "$tmp/seal.pem"
lacks "$tmp/seal.pem" "PRIVATE KEY" "no private key printed"
equal "$(grep -c 'BEGIN CERTIFICATE' "$tmp/seal.pem")" 2 "chain: seal and CA"

# OpenSSL agrees: the chain verifies, the subject and keyUsage are right.
openssl verify -CAfile "$tmp/ca.pem" "$tmp/seal.pem" >"$tmp/v.out" 2>&1
contains "$tmp/v.out" "seal.pem: OK" "openssl verify says OK"
openssl x509 -in "$tmp/seal.pem" -noout -subject >"$tmp/subj" 2>&1
contains "$tmp/subj" "organizationIdentifier = VATUA-12345678" "organizationIdentifier in the subject"
contains "$tmp/subj" "C = UA" "country"
contains "$tmp/subj" "TEST" "TEST in the subject"
openssl x509 -in "$tmp/seal.pem" -noout -text >"$tmp/text" 2>&1
contains "$tmp/text" "Digital Signature, Non Repudiation" "keyUsage"
grep -A1 "Key Usage: critical" "$tmp/text" >/dev/null && ok || fail "keyUsage is critical"
openssl x509 -in "$tmp/ca.pem" -noout -text >"$tmp/catext" 2>&1
contains "$tmp/catext" "CA:TRUE" "the CA is a CA"
contains "$tmp/catext" "Certificate Sign, CRL Sign" "CA keyUsage"

# A seal without keyUsage (for verifier tests) and rotation.
expect 0 "no-key-usage seal" -- "$mc" --db "$db" cert create-test-seal $org --alg ES256 --no-key-usage
expect 0 "show --pem" -- "$mc" --db "$db" cert show $org --pem
openssl x509 -in "$tmp/out" -noout -text >"$tmp/text2" 2>&1
lacks "$tmp/text2" "Key Usage" "no keyUsage"
contains "$tmp/text2" "prime256v1" "ES256: a P-256 key"
expect 0 "list --json" -- "$mc" --db "$db" cert list $org --json
equal "$(jq length "$tmp/out")" 2 "two seals"
equal "$(jq -r '.[0].retired != null' "$tmp/out")" true "the first is retired"
equal "$(jq -r '.[1].retired' "$tmp/out")" null "the second is active"
equal "$(jq -r '.[1].test' "$tmp/out")" true "marked test in JSON"
lacks "$tmp/out" "PRIVATE" "no private key in the list"
expect 0 "show by id" -- "$mc" --db "$db" cert show $org-seal-1
contains "$tmp/out" "retired" "the old seal shows as retired"

# A real (self-made) seal in PKCS#12, made by the openssl command line.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/k.pem" -out "$tmp/c.pem" \
	-subj "/C=UA/O=Dniprorudne Lyceum/organizationIdentifier=NTRUA-44556677/CN=Lyceum seal" \
	-addext "keyUsage=critical,digitalSignature,nonRepudiation" -days 30 2>/dev/null
openssl pkcs12 -export -inkey "$tmp/k.pem" -in "$tmp/c.pem" -out "$tmp/s.p12" \
	-passout pass:s3cret 2>/dev/null
printf 's3cret\n' >"$tmp/pw"
printf 'wrong\n' >"$tmp/bad"
expect 0 "count" -- "$mc" --db "$db" cert list --json
before=$(jq length "$tmp/out")

expect 1 "wrong password" -- "$mc" --db "$db" cert import $org --p12 "$tmp/s.p12" --password-file "$tmp/bad"
contains "$tmp/err" "wrong password" "wrong password named"
expect 1 "no password" -- "$mc" --db "$db" cert import $org --p12 "$tmp/s.p12"
contains "$tmp/err" "password" "password needed"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/k2.pem" 2>/dev/null
expect 1 "key not matching" -- "$mc" --db "$db" cert import $org --key "$tmp/k2.pem" --chain "$tmp/c.pem"
contains "$tmp/err" "does not match" "mismatch named"
printf 'garbage\n' >"$tmp/g.pem"
expect 1 "garbage key" -- "$mc" --db "$db" cert import $org --key "$tmp/g.pem" --chain "$tmp/c.pem"
contains "$tmp/err" "key" "bad key named"
expect 1 "garbage chain" -- "$mc" --db "$db" cert import $org --key "$tmp/k.pem" --chain "$tmp/g.pem"
contains "$tmp/err" "chain" "bad chain named"
expect 1 "garbage p12" -- "$mc" --db "$db" cert import $org --p12 "$tmp/g.pem" --password-file "$tmp/pw"
contains "$tmp/err" "PKCS#12" "bad PKCS#12 named"
head -c 300000 /dev/zero >"$tmp/big.p12"
expect 1 "too big" -- "$mc" --db "$db" cert import $org --p12 "$tmp/big.p12" --password-file "$tmp/pw"
expect 1 "unknown org import" -- "$mc" --db "$db" cert import no-such-org --p12 "$tmp/s.p12" --password-file "$tmp/pw"
expect 2 "both forms" -- "$mc" --db "$db" cert import $org --p12 "$tmp/s.p12" --key "$tmp/k.pem" --chain "$tmp/c.pem"
expect 0 "count" -- "$mc" --db "$db" cert list --json
equal "$(jq length "$tmp/out")" "$before" "nothing stored by the refusals"

expect 0 "import p12" -- "$mc" --db "$db" cert import $org --p12 "$tmp/s.p12" --password-file "$tmp/pw"
lacks "$tmp/out" "$mark" "an imported seal is not marked test"
contains "$tmp/out" "NTRUA-44556677" "identifier read from the certificate"
expect 0 "active" -- "$mc" --db "$db" cert show $org
contains "$tmp/out" "$org-seal-3" "the import is the active seal"
expect 0 "import pem" -- "$mc" --db "$db" cert import $org --key "$tmp/k.pem" --chain "$tmp/c.pem"
expect 0 "show --pem" -- "$mc" --db "$db" cert show $org --pem
if openssl x509 -in "$tmp/out" -noout -fingerprint -sha256 >/dev/null 2>&1 &&
	[ "$(openssl x509 -in "$tmp/out" -outform DER | sha256sum)" = "$(openssl x509 -in "$tmp/c.pem" -outform DER | sha256sum)" ]; then
	ok
else fail "show --pem gives back the imported certificate"; fi

# The key at rest is sealed: the PKCS#8 DER is not in the database.
openssl pkey -in "$tmp/k.pem" -outform DER -out "$tmp/k.der" 2>/dev/null
keyhex=$(xxd -p "$tmp/k.der" | tr -d '\n' | cut -c1-200)
if [ "$mc_backend" = sqlite ]; then hex='hex(sealed)'; else hex="encode(sealed, 'hex')"; fi
db_sql "$db" "SELECT $hex FROM seals" | tr 'A-F' 'a-f' >"$tmp/blobs"
[ -s "$tmp/blobs" ] && ok || fail "no sealed key read from the seals table"
lacks "$tmp/blobs" "$keyhex" "no private key in clear in the database"
equal "$(db_sql "$db" "SELECT count(*) FROM seals WHERE length(sealed) > 100")" \
	"$(db_sql "$db" "SELECT count(*) FROM seals")" "every seal has a sealed key"

finish
