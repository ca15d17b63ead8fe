#!/usr/bin/env bash
# Revoking an award revokes every format of it: the Open Badges 3.0
# credential, the VC-JWT and the sealed EDC issued from one award change
# together, in one transaction, whichever of them is named; suspending and
# reinstating do too.  Our own verifier then says "revoked" with the date
# and the reason the issuer gave; the PDF and PNG certificates of every
# format are withdrawn (410 Gone, and the credential page no longer links
# them), and come back when a suspension is lifted.  Another learner's
# award is untouched.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
[ "$mc_backend" != sqlite ] || command -v sqlite3 >/dev/null 2>&1 ||
	skip "the sqlite3 CLI is not installed"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE
db=$(mc_db twins)
m() { "$mc" --db "$db" "$@"; }

mc_init "$db"
expect 0 "demo" -- m demo
expect 0 "key" -- m key generate --org am-lori-college
expect 0 "test CA" -- m cert create-test-ca --out "$tmp/ca.pem"
expect 0 "test seal" -- m cert create-test-seal am-lori-college
learner=(--mc am-lori-cheese-making --learner-name "Անի Սարգսյան" --learner-email ani@example.org)
expect 0 "issue OB 3.0" -- m issue "${learner[@]}" --out "$tmp/ob3.json"
expect 0 "issue VC-JWT" -- m issue "${learner[@]}" --format vc-jwt --alg EdDSA --out "$tmp/c.jwt"
expect 0 "issue EDC" -- m issue "${learner[@]}" --format edc --out "$tmp/edc.jsonld"
expect 0 "another learner" -- m issue --mc am-lori-cheese-making --learner-name "Aram P" \
	--learner-email aram@example.org --out "$tmp/other.json"
ob3=$(jq -r .id "$tmp/ob3.json")
jwt=$(db_sql "$db" "SELECT id FROM credentials WHERE format = 'vc-jwt'")
edc=$(db_sql "$db" "SELECT id FROM credentials WHERE format = 'edc'")
other=$(jq -r .id "$tmp/other.json")
[ -n "$edc" ] && [ -n "$jwt" ] || fail "the three formats were not all issued"

# state FILE: our verifier's verdict name for FILE ($tmp/v.json the report).
state() { m verify --json "$1" >"$tmp/v.json" 2>/dev/null; jq -r .verdictName "$tmp/v.json"; }

equal "$(state "$tmp/ob3.json")" valid "OB 3.0 valid before"
equal "$(state "$tmp/c.jwt")" valid "VC-JWT valid before"

serve_start "$db"
# Suspend the VC-JWT: the award is suspended in every format.
expect 0 "suspend the VC-JWT" -- m suspend "$jwt" --reason "under review"
equal "$(state "$tmp/ob3.json")" suspended "OB 3.0 suspended with its twin"
equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/v.json")" \
	status.ours_suspended_on "suspension with its date"
equal "$(jq -r '.checks[] | select(.check == "status") | .params.reason' "$tmp/v.json")" \
	"under review" "the suspension's reason"
http GET "/credentials/${ob3##*/}/certificate.pdf"
equal "$code" 409 "suspended: the OB 3.0 PDF is not offered"
http GET "/credentials/${ob3##*/}" -H "Accept: text/html"
lacks "$tmp/body" "certificate.pdf" "suspended: the page offers no PDF"
expect 0 "reinstate the OB 3.0" -- m reinstate "$ob3" --reason "review done"
equal "$(state "$tmp/c.jwt")" valid "VC-JWT reinstated with its twin"
http GET "/credentials/${jwt##*/}/certificate.pdf"
equal "$code" 200 "reinstated: the VC-JWT's PDF is offered again"

# Revoke the EDC alone by name: all three are revoked.
expect 0 "revoke the EDC" -- m revoke "$edc" --reason "Certificate issued in error"
contains "$tmp/out" "3 credentials revoked" "the count includes the twins"
for f in "$tmp/ob3.json" "$tmp/c.jwt"; do
	expect 1 "verify $(basename "$f") after revocation" -- m verify --json "$f"
	equal "$(jq -r .verdictName "$tmp/out")" revoked "$(basename "$f"): revoked"
	equal "$(jq -r '.checks[] | select(.check == "status") | .code' "$tmp/out")" \
		status.ours_revoked_on "$(basename "$f"): revoked on a date"
	equal "$(jq -r '.checks[] | select(.check == "status") | .params.reason' "$tmp/out")" \
		"Certificate issued in error" "$(basename "$f"): the issuer's reason"
	case "$(jq -r '.checks[] | select(.check == "status") | .params.date' "$tmp/out")" in
	20[0-9][0-9]-[01][0-9]-[0-3][0-9]T*Z) ok ;;
	*) fail "$(basename "$f"): the revocation date is not a date-time" ;;
	esac
done
expect 1 "the EDC is revoked" -- m verify --json "$tmp/edc.jsonld"
contains "$tmp/out" "revoked" "the EDC says revoked"
expect 0 "another learner's award is untouched" -- m verify --json "$tmp/other.json"
equal "$(jq -r .verdictName "$tmp/out")" valid "another learner: valid"
# Revocation is final for the twins too.
expect 1 "reinstating a revoked twin is refused" -- m reinstate "$ob3" --reason "oops"
expect 0 "revoking again changes nothing" -- m revoke "$ob3" --reason "again"
contains "$tmp/out" "0 credentials revoked" "nothing left to revoke"

# The certificates: withdrawn for every format.
for id in "$ob3" "$jwt" "$edc"; do
	uuid=${id##*/}
	http GET "/credentials/$uuid/certificate.pdf"
	equal "$code" 410 "$uuid: the PDF is gone"
	http GET "/credentials/$uuid/certificate.png"
	equal "$code" 410 "$uuid: the PNG is gone"
	http GET "/credentials/$uuid" -H "Accept: text/html"
	equal "$code" 200 "$uuid: the page stays"
	lacks "$tmp/body" "certificate.pdf" "$uuid: the page offers no PDF"
done
# In the reader's language, on the page and on the refusal.
uuid=${ob3##*/}
http GET "/credentials/$uuid?lang=uk" -H "Accept: text/html"
contains "$tmp/body" "$(jq -r '."cert.page_withdrawn_revoked"' "$MC_SOURCE_DIR/web/i18n/certificate.uk.json")" \
	"the page says in Ukrainian that the certificate is withdrawn"
http GET "/credentials/$uuid/certificate.pdf?lang=de" -H "Accept-Language: de"
contains "$tmp/body" "$(jq -r '."cert.withdrawn_revoked"' "$MC_SOURCE_DIR/web/i18n/certificate.de.json")" \
	"the refusal in German"
for l in uk de; do
	equal "$(jq -c keys "$MC_SOURCE_DIR/web/i18n/certificate.$l.json")" \
		"$(jq -c keys "$MC_SOURCE_DIR/web/i18n/certificate.en.json")" "certificate.$l.json has English's keys"
done
uuid=${other##*/}
http GET "/credentials/$uuid/certificate.pdf"
equal "$code" 200 "another learner's PDF is still offered"
http GET "/credentials/$uuid" -H "Accept: text/html"
contains "$tmp/body" "certificate.pdf" "another learner's page links its PDF"
finish
