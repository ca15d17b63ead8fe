#!/usr/bin/env bash
# Interop: independent verifiers from the npm registry check what we issue
# (Data Integrity eddsa-jcs-2022, VC-JWT EdDSA/RS256/ES256, the OB 3.0 JSON
# Schema), with Ukrainian, Georgian and Armenian text and fractional
# credits; one changed character fails there and here; what they sign
# (Data Integrity, VC-JWT EdDSA/RS256/ES256) verifies here, and not once
# changed.  Offline.  Exit 0 pass, 1 fail, 77 skip.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../integration/lib.sh"
command -v node >/dev/null 2>&1 || { echo "skipped: node is not installed"; exit 77; }
command -v openssl >/dev/null 2>&1 || skip "the openssl CLI is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "skipped: the npm verifiers need Node.js 20 or newer, this is $(node --version)"; exit 77; }
[ -d "$here/node_modules/@digitalbazaar/vc" ] ||
	{ echo "skipped: run 'npm ci --prefix tests/interop' first"; exit 77; }
[ -n "${MC_FIXTURES:-}" ] && [ -d "$MC_FIXTURES/ob3" ] ||
	{ echo "skipped: ../shared/fixtures is absent (OB 3.0 schema needed)"; exit 77; }
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE
db="$tmp/interop.db"
org=ge-skills-agency

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
jq '.id = "ge-interop-fractional" | .provider = "ge-skills-agency"
    | .awarding_bodies = ["ge-skills-agency"] | .countries = ["GE"]
    | .regions = ["Kakheti"] | .primary_language = "ka" | .languages = ["ka", "hy"]
    | .title = {"ka": "ღვინის ტურიზმი: ქვევრის ტრადიცია", "hy": "Գինու զբոսաշրջություն",
                "uk": "Винний туризм", "en": "Wine tourism: the qvevri tradition"}
    | .learning_outcomes[].text.ka = "მსმენელს შეუძლია ქვევრის ტექნოლოგიის ახსნა."
    | .workload = {"ects": 2.5, "ecvet": 1.5, "hours": 70}
    | .quality_assurance.body = "ge-skills-agency"
    | del(.prerequisites)' "$MC_SOURCE_DIR/docs/examples/mc-example.json" >"$tmp/mc.json"
expect 0 "import MC" -- "$mc" --db "$db" mc import "$tmp/mc.json"
for step in submit approve publish; do
	expect 0 "$step" -- "$mc" --db "$db" mc $step ge-interop-fractional
done
for t in ed25519 rsa2048 p256; do
	expect 0 "key $t" -- "$mc" --db "$db" key generate --org $org --type $t
done
# This test is about eddsa-jcs-2022 (the rdfc suites have
# test_rdfc_interop.sh): the platform's suite, for credentials and lists.
expect 0 "config cryptosuite" -- "$mc" --db "$db" config cryptosuite eddsa-jcs-2022

cd "$here" || exit 1
n=0
for who in "ნინო ბერიძე|ka" "Արամ Պետրոսյան|hy" "Олена Коваль|uk"; do
	n=$((n + 1))
	name=${who%|*}
	lang=${who#*|}
	f="$tmp/di$n.json"
	expect 0 "issue DI ($lang)" -- "$mc" --db "$db" issue --mc ge-interop-fractional --learner-name "$name" --learner-email "l$n@example.org" --lang $lang --out "$f"
	contains "$f" "$name" "$lang name in the credential"
	contains "$f" '"creditsAvailable": 2.5' "fractional ECTS"
	expect 0 "npm @digitalbazaar/vc verifies ours ($lang)" -- node verify-di.mjs "$f"
	expect 0 "OB 3.0 JSON Schema (ajv) accepts ours ($lang)" -- node schema.mjs "$f"
	expect 0 "we verify ours ($lang)" -- "$mc" --db "$db" verify "$f"
	# One character changed: both verifiers refuse it.
	sed "s/$name/${name%?}X/" "$f" >"$tmp/bad$n.json"
	expect 1 "npm verifier refuses a changed character ($lang)" -- node verify-di.mjs "$tmp/bad$n.json"
	expect 1 "we refuse a changed character ($lang)" -- "$mc" --db "$db" verify "$tmp/bad$n.json"
done

# VC-JWT with each algorithm, checked by jose.
expect 0 "public keys" -- "$mc" --db "$db" key list --org $org --json
cp "$tmp/out" "$tmp/keys.json"
for alg in EdDSA RS256 ES256; do
	case $alg in EdDSA) t=ed25519 ;; RS256) t=rsa2048 ;; ES256) t=p256 ;; esac
	jq --arg t $t '[.[] | select(.type == $t and .retired == null)][0].public_jwk' "$tmp/keys.json" >"$tmp/$alg.jwk"
	expect 0 "issue VC-JWT $alg" -- "$mc" --db "$db" issue --mc ge-interop-fractional --learner-name "ნინო $alg" --learner-id "GE-$alg" --format vc-jwt --alg $alg --out "$tmp/$alg.jwt"
	expect 0 "jose verifies our $alg VC-JWT" -- node verify-jwt.mjs "$tmp/$alg.jwt" "$tmp/$alg.jwk"
	p=$(cut -d. -f2 "$tmp/$alg.jwt")
	q=$(printf '%s' "$p" | sed 's/^\(.\{20\}\)./\1A/;t;s/^\(.\{20\}\)A/\1B/')
	[ "$q" = "$p" ] && q=$(printf '%s' "$p" | sed 's/^\(.\{20\}\)./\1B/')
	printf '%s.%s.%s' "$(cut -d. -f1 "$tmp/$alg.jwt")" "$q" "$(cut -d. -f3 "$tmp/$alg.jwt")" >"$tmp/$alg-bad.jwt"
	expect 1 "jose refuses a changed $alg VC-JWT" -- node verify-jwt.mjs "$tmp/$alg-bad.jwt" "$tmp/$alg.jwk"
	expect 1 "we refuse a changed $alg VC-JWT" -- "$mc" --db "$db" verify "$tmp/$alg-bad.jwt"
done

# What they sign, we verify.
jq 'del(.proof, .credentialStatus)' "$tmp/di1.json" >"$tmp/unsigned.json"
expect 0 "npm signs (Data Integrity)" -- node sign-di.mjs --proof-array "$tmp/unsigned.json" "$tmp/theirs.json"
# Their signature is right, but on its own nothing ties their fresh
# did:key to the issuer's name: cannot tell.  A reader who lists that
# issuer trusts it.
expect 2 "we verify their Data Integrity proof, but cannot tell who signed" -- "$mc" verify --no-db "$tmp/theirs.json" --json
equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed "their proof verifies"
equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" issuer.unbound "their did:key is bound to no name"
equal "$(jq -r .verdictName "$tmp/out")" cannot-tell "their credential alone: cannot tell"
expect 0 "their issuer on the reader's list" -- "$mc" verify --no-db "$tmp/theirs.json" --trusted "$(jq -r .issuer.id "$tmp/theirs.json")" --json
equal "$(jq -r .about.binding "$tmp/out")" trusted-list "bound by the reader's list"
# The same credential checked where it claims to come from: it keeps our
# credential id, our achievement and our issuer's name, but their key
# signed it.  That is a forgery, not a credential of ours.
expect 1 "our credential re-signed by another key is forged" -- "$mc" --db "$db" verify "$tmp/theirs.json" --json
equal "$(jq -r .verdictName "$tmp/out")" forged "re-signed copy: forged"
equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" issuer.forged_id "the issuer check says so"
equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/out")" status.unbound "no status read for an unbound issuer"
sed 's/ნინო/ნინა/' "$tmp/theirs.json" >"$tmp/theirs-bad.json"
expect 1 "we refuse their credential changed" -- "$mc" verify --no-db "$tmp/theirs-bad.json"
# Every pointer into this platform counts on its own: our issuer's name
# alone (no id, no achievement of ours), or an id under our address that
# was never issued, signed by another key, is a forgery too.
jq 'del(.id) | .credentialSubject.achievement.id = "https://other.example/badges/1"' \
	"$tmp/unsigned.json" >"$tmp/name-only.json"
expect 0 "npm signs a copy naming only our issuer" -- node sign-di.mjs "$tmp/name-only.json" "$tmp/name-only-signed.json"
expect 1 "our issuer's name on their key is forged" -- "$mc" --db "$db" verify "$tmp/name-only-signed.json" --json
equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" issuer.forged_name "the name is what gave it away"
jq --arg id "$(jq -r .id "$tmp/unsigned.json" | sed 's/[0-9a-f]\{12\}$/000000000000/')" \
	'.id = $id | .issuer.name = "Some Other School" | .credentialSubject.achievement.id = "https://other.example/badges/1"' \
	"$tmp/unsigned.json" >"$tmp/never.json"
expect 0 "npm signs a copy with an id we never issued" -- node sign-di.mjs "$tmp/never.json" "$tmp/never-signed.json"
expect 1 "an id under our address we never issued is forged" -- "$mc" --db "$db" verify "$tmp/never-signed.json" --json
equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" issuer.not_issued "never issued, said so"
# Nothing of ours in it, one proof object (not an array): their own
# credential, bound to nothing here.
jq '.id = "urn:uuid:6f1c2a9e-3d4b-4c5a-9e8f-7a6b5c4d3e2f" | .issuer.name = "Some Other School" | .credentialSubject.achievement.id = "https://other.example/badges/1"' \
	"$tmp/unsigned.json" >"$tmp/other.json"
expect 0 "npm signs another school's credential" -- node sign-di.mjs "$tmp/other.json" "$tmp/other-signed.json"
equal "$(jq -r '.proof | type' "$tmp/other-signed.json")" object "a single proof object"
expect 2 "another school's credential: cannot tell" -- "$mc" --db "$db" verify "$tmp/other-signed.json" --json
equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed "its single proof verifies"
contains "$tmp/out" "Some Other School" "the unbound name is named"
b64url_decode() { local s=$1; s=${s//-/+}; s=${s//_//}; while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done; printf '%s' "$s" | openssl base64 -d -A; }
# Their VC-JWTs: EdDSA with a did:key, RS256 and ES256 with a did:jwk (the
# key is in the DID, so no network and no database is needed).  One
# payload character or one signature character changed: refused.
for alg in EdDSA RS256 ES256; do
	j="$tmp/theirs-$alg.jwt"
	expect 0 "npm signs (VC-JWT $alg)" -- node sign-jwt.mjs --alg $alg "$tmp/unsigned.json" "$j"
	expect 0 "jose verifies its own $alg VC-JWT" -- node verify-jwt.mjs "$j" "$j.jwk.json"
	equal "$(b64url_decode "$(cut -d. -f1 "$j")" | jq -r .alg)" $alg "their header names $alg"
	expect 2 "we verify their $alg VC-JWT, but cannot tell who signed" -- "$mc" verify --no-db --json "$j"
	equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed \
		"their $alg VC-JWT: proof check"
	equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" issuer.unbound \
		"their $alg VC-JWT: the key is bound to no name"
	iss=$(b64url_decode "$(cut -d. -f2 "$j")" | jq -r .iss)
	expect 0 "their $alg VC-JWT, issuer listed" -- "$mc" verify --no-db --json "$j" --trusted "$iss"
	expect 1 "our credential as their $alg VC-JWT is forged" -- "$mc" --db "$db" verify --json "$j"
	equal "$(jq -r .verdictName "$tmp/out")" forged "their $alg VC-JWT claiming to be ours: forged"
	IFS=. read -r h p sg <"$j"
	# The learner's name changed in the payload, which stays valid JSON.
	q=$(b64url_decode "$p" | sed 's/ნინო/ნინა/' | openssl base64 -A | tr '+/' '-_' | tr -d '=')
	[ "$q" != "$p" ] || fail "their $alg VC-JWT: the payload was not changed"
	printf '%s.%s.%s\n' "$h" "$q" "$sg" >"$tmp/theirs-bad.jwt"
	expect 1 "we refuse their $alg VC-JWT with the payload changed" -- "$mc" verify --no-db --json "$tmp/theirs-bad.jwt"
	equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" failed \
		"their changed $alg VC-JWT: proof check"
	q=$(printf '%s' "$sg" | sed 's/^\(.\{20\}\)./\1A/')
	[ "$q" = "$sg" ] && q=$(printf '%s' "$sg" | sed 's/^\(.\{20\}\)./\1B/')
	printf '%s.%s.%s\n' "$h" "$p" "$q" >"$tmp/theirs-bad.jwt"
	expect 1 "we refuse their $alg VC-JWT with the signature changed" -- "$mc" verify --no-db "$tmp/theirs-bad.jwt"
done
# Our status lists, read by an independent implementation
# (@digitalbazaar/vc-bitstring-status-list, check-status.mjs): the list
# credential's proof verifies and its issuer is the credential's, and the
# bit at the statusListIndex each credential names is clear, then set for
# the one credential we revoke and still clear for the other.
bit() { # FILE: $b, the bit check-status.mjs read (at the index FILE names)
	equal "$(jq -r '.results[0].statusListIndex' "$tmp/out")" \
		"$(jq -r '.credentialStatus.statusListIndex' "$1")" "the index $(basename "$1") names was read"
	b=$(jq -r '.results[0].status' "$tmp/out")
}
url=$(jq -r '.credentialStatus.statusListCredential' "$tmp/di1.json")
equal "$(jq -r '.credentialStatus.statusListCredential' "$tmp/di2.json")" "$url" "one revocation list for both"
expect 0 "status list (before)" -- "$mc" --db "$db" status-list get "$url" --out "$tmp/sl-before.json"
expect 0 "npm reads our list (before)" -- node check-status.mjs --list "$tmp/sl-before.json" "$tmp/di1.json"
bit "$tmp/di1.json"
equal "$b" false "credential 1's bit is clear before it is revoked"
expect 0 "revoke credential 1" -- "$mc" --db "$db" revoke "$(jq -r .id "$tmp/di1.json")" --reason "interop test"
expect 0 "status list (after)" -- "$mc" --db "$db" status-list get "$url" --out "$tmp/sl-after.json"
expect 0 "npm reads our list: credential 1" -- node check-status.mjs --list "$tmp/sl-after.json" "$tmp/di1.json"
bit "$tmp/di1.json"
equal "$b" true "credential 1's bit is set once revoked"
expect 0 "npm reads our list: credential 2" -- node check-status.mjs --list "$tmp/sl-after.json" "$tmp/di2.json"
bit "$tmp/di2.json"
equal "$b" false "credential 2's bit is still clear"
expect 1 "npm @digitalbazaar/vc refuses the revoked credential" -- \
	node verify-di.mjs --status-list "$tmp/sl-after.json" "$tmp/di1.json"
expect 0 "npm @digitalbazaar/vc accepts the other, status checked" -- \
	node verify-di.mjs --status-list "$tmp/sl-after.json" "$tmp/di2.json"
expect 1 "we refuse the revoked credential" -- "$mc" --db "$db" verify "$tmp/di1.json"
# The old bitstring under the new proof (a replayed list): its proof fails.
jq --arg e "$(jq -r '.credentialSubject.encodedList' "$tmp/sl-before.json")" \
	'.credentialSubject.encodedList = $e' "$tmp/sl-after.json" >"$tmp/sl-replayed.json"
expect 1 "npm refuses our list with its bitstring replaced" -- \
	node check-status.mjs --list "$tmp/sl-replayed.json" "$tmp/di1.json"
contains "$tmp/out" "not verified" "the replayed list's proof is what fails"

vec="$MC_FIXTURES/vc/eddsa-jcs-2022-testvectors/signedJCS.json"
# The W3C vector: a right signature by a did:key nothing ties to its
# issuer https://vc.example/issuers/5678.
expect 2 "we verify the W3C vector's proof, and cannot tell who signed" -- "$mc" verify --no-db "$vec" --json
equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed "the W3C vector's proof"
finish
