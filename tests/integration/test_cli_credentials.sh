#!/usr/bin/env bash
# Issuing, verifying, revoking and bulk issuing through the command line.
. "$(dirname "$0")/lib.sh"
db=$(mc_db cred)
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE

mc_init "$db"
contains "$tmp/out" "new master key" "init creates a master key"
# SQLite keeps the key beside the database; PostgreSQL in the file
# $MICROCRED_MASTER_KEY_FILE names (mc_init sets it).
if [ "$mc_backend" = sqlite ]; then keyfile="$db.key"; else keyfile=$MICROCRED_MASTER_KEY_FILE; fi
mode=$(stat -c %a "$keyfile")
equal "$mode" 600 "master key file is private"
if [ "$mc_backend" = sqlite ]; then
	equal "$(stat -c %a "$db")" 600 "the database file is private too, whatever the umask"
fi
expect 0 "demo" -- "$mc" --db "$db" demo

# No key yet: a clear refusal.
expect 1 "issue without key" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" --learner-email olena@example.org
contains "$tmp/err" "key generate" "says how to make a key"

expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
contains "$tmp/out" "did:key:z6Mk" "Ed25519 key as did:key"
expect 0 "rsa key" -- "$mc" --db "$db" key generate --org $org --type rsa2048
expect 0 "p256 key" -- "$mc" --db "$db" key generate --org $org --type p256
expect 0 "key list" -- "$mc" --db "$db" key list --json
lacks "$tmp/out" "\"d\"" "no private key member is printed"

# Issue and verify.
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" --learner-email Olena@Example.org --lang uk --grade "зараховано" --out "$tmp/c1.json"
contains "$tmp/err" "issued" "issued"
lacks "$tmp/c1.json" "lena@example.org" "the email never appears in clear"
contains "$tmp/c1.json" "Олена Коваль" "learner name"
contains "$tmp/c1.json" "eddsa-rdfc-2022" "Data Integrity proof, eddsa-rdfc-2022 by default"
id=$(jq -r .id "$tmp/c1.json")
expect 0 "verify" -- "$mc" --db "$db" verify "$tmp/c1.json" --json
equal "$(jq -r .verdict "$tmp/out")" valid "fresh credential verifies"
equal "$(jq -r '[.checks[] | select(.result == "failed")] | length' "$tmp/out")" 0 "no check fails"
equal "$(jq -r '.checks[] | select(.check == "status") | .result' "$tmp/out")" passed "status checked locally"
# Without the issuer's database the status cannot be known: cannot tell.
expect 2 "verify stand-alone" -- "$mc" verify --no-db "$tmp/c1.json" --json
equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed "stand-alone proof"
equal "$(jq -r .verdict "$tmp/out")" unknown "stand-alone verdict: status unknown"

# Same learner again (email in other case): the stored credential.
expect 0 "issue again" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" --learner-email olena@example.org --out "$tmp/c1b.json"
contains "$tmp/err" "already held" "idempotent"
if cmp -s "$tmp/c1.json" "$tmp/c1b.json"; then ok; else fail "re-issue returns the same bytes"; fi

# One changed character fails.
sed 's/Олена Коваль/Олена Ковал/' "$tmp/c1.json" >"$tmp/tampered.json"
expect 1 "tampered" -- "$mc" --db "$db" verify "$tmp/tampered.json" --json
equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" failed "proof fails"
printf '{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]' >"$tmp/trunc.json"
expect 1 "truncated" -- "$mc" --db "$db" verify "$tmp/trunc.json"
contains "$tmp/out" "malformed JSON" "truncated input named"
jq '.proof[0].cryptosuite = "bbs-2023"' "$tmp/c1.json" >"$tmp/suite.json"
# A cryptosuite this verifier does not check proves nothing either way.
expect 2 "unknown cryptosuite" -- "$mc" --db "$db" verify "$tmp/suite.json"
contains "$tmp/out" "bbs-2023" "unknown cryptosuite named"
# A suite it checks, named over a key of another type: broken.
jq '.proof[0].cryptosuite = "ecdsa-rdfc-2019"' "$tmp/c1.json" >"$tmp/suite.json"
expect 1 "ecdsa-rdfc-2019 named over an Ed25519 key" -- "$mc" --db "$db" verify "$tmp/suite.json"
contains "$tmp/out" "ecdsa-rdfc-2019" "the suite named"
jq '.proof[0].proofValue = "z0OIl"' "$tmp/c1.json" >"$tmp/b58.json"
expect 1 "bad base58" -- "$mc" --db "$db" verify "$tmp/b58.json"
jq 'del(.proof)' "$tmp/c1.json" >"$tmp/noproof.json"
expect 1 "no proof" -- "$mc" --db "$db" verify "$tmp/noproof.json"
jq '.credentialStatus.statusListIndex = "99999999"' "$tmp/c1.json" >"$tmp/idx.json"
expect 1 "index out of range (and signature broken)" -- "$mc" --db "$db" verify "$tmp/idx.json"
printf 'hello' >"$tmp/garbage"
expect 1 "garbage" -- "$mc" --db "$db" verify "$tmp/garbage"
printf '{"a": "\xff"}' >"$tmp/utf8.json"
expect 1 "invalid UTF-8" -- "$mc" --db "$db" verify "$tmp/utf8.json"
# An issuer not on the reader's list: the list cannot vouch for it.
expect 2 "trust list without the issuer" -- "$mc" --db "$db" verify "$tmp/c1.json" --trusted did:key:z6MkNotOurs
issuer=$(jq -r .issuer.id "$tmp/c1.json")
expect 0 "trust list with the issuer" -- "$mc" --db "$db" verify "$tmp/c1.json" --trusted "$issuer"
printf '# trusted issuers\n\ndid:key:z6MkSomeoneElse\n%s\n' "$issuer" >"$tmp/trusted.txt"
expect 0 "trust file with the issuer" -- "$mc" --db "$db" verify "$tmp/c1.json" --trusted-file "$tmp/trusted.txt"
printf 'did:key:z6MkSomeoneElse\n' >"$tmp/untrusted.txt"
expect 2 "trust file without the issuer" -- "$mc" --db "$db" verify "$tmp/c1.json" --trusted-file "$tmp/untrusted.txt"

# VC-JWT with each algorithm.
for alg in RS256 ES256 EdDSA; do
	expect 0 "issue vc-jwt $alg" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Test $alg" --learner-id "UA-$alg" --format vc-jwt --alg $alg --out "$tmp/j-$alg.jwt"
	expect 0 "verify vc-jwt $alg" -- "$mc" --db "$db" verify "$tmp/j-$alg.jwt" --json
	equal "$(jq -r .format "$tmp/out")" vc-jwt "$alg: detected as VC-JWT"
	equal "$(jq -r .verdict "$tmp/out")" valid "$alg: verifies"
done
header=$(cut -d. -f1 "$tmp/j-RS256.jwt")
none=$(printf '{"alg":"none","typ":"vc+jwt"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
printf '%s.%s.%s' "$none" "$(cut -d. -f2 "$tmp/j-RS256.jwt")" "$(cut -d. -f3 "$tmp/j-RS256.jwt")" >"$tmp/none.jwt"
expect 1 "alg none" -- "$mc" --db "$db" verify "$tmp/none.jwt"
printf '%s.%s.%s' "$header" "$(cut -d. -f2 "$tmp/j-ES256.jwt")" "$(cut -d. -f3 "$tmp/j-RS256.jwt")" >"$tmp/swap.jwt"
expect 1 "payload swapped" -- "$mc" --db "$db" verify "$tmp/swap.jwt"

# Revocation and suspension.
expect 0 "issue second" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Петро" --learner-email petro@example.org --out "$tmp/c2.json"
id2=$(jq -r .id "$tmp/c2.json")
expect 2 "revoke without reason" -- "$mc" --db "$db" revoke "$id"
expect 0 "revoke" -- "$mc" --db "$db" revoke "$id" --reason "assessment found invalid"
expect 1 "revoked fails" -- "$mc" --db "$db" verify "$tmp/c1.json" --json
contains "$tmp/out" "revoked" "reason: revoked"
expect 1 "reinstate revoked" -- "$mc" --db "$db" reinstate "$id" --reason "mistake"
contains "$tmp/err" "final" "revocation is final"
expect 0 "suspend" -- "$mc" --db "$db" suspend "$id2" --reason "under review"
expect 1 "suspended fails" -- "$mc" --db "$db" verify "$tmp/c2.json" --json
contains "$tmp/out" "suspended" "reason: suspended"
expect 0 "reinstate" -- "$mc" --db "$db" reinstate "$id2" --reason "review done"
expect 0 "reinstated verifies" -- "$mc" --db "$db" verify "$tmp/c2.json"
expect 0 "status lists" -- "$mc" --db "$db" status-list show
contains "$tmp/out" "/status/$org/revocation/1" "revocation list"
url=$(jq -r '.credentialStatus.statusListCredential' "$tmp/c2.json")
expect 0 "status list credential" -- "$mc" --db "$db" status-list get "$url" --out "$tmp/list.json"
expect 0 "status list credential verifies" -- "$mc" --db "$db" verify "$tmp/list.json" --json
equal "$(jq -r .verdict "$tmp/out")" valid "signed status list"
equal "$(jq -r .credentialSubject.encodedList "$tmp/list.json" | cut -c1)" u "encodedList is multibase base64url"

# Key rotation keeps old credentials valid.
expect 0 "rotate" -- "$mc" --db "$db" key rotate --org $org
expect 0 "old credential after rotation" -- "$mc" --db "$db" verify "$tmp/c2.json"
expect 0 "issue after rotation" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Нова" --learner-email nova@example.org --out "$tmp/c3.json"
expect 0 "new credential verifies" -- "$mc" --db "$db" verify "$tmp/c3.json"
if [ "$(jq -r .proof[0].verificationMethod "$tmp/c3.json")" != "$(jq -r .proof[0].verificationMethod "$tmp/c2.json")" ]; then ok; else fail "rotation: a new key signs"; fi

# Bulk issuing: good rows issued, bad rows reported, re-run issues nobody twice.
{
	echo "name,email,identifier,lang,grade"
	for i in $(seq 1 150); do echo "Learner $i,learner$i@example.org,,uk,$((i % 5 + 1))"; done
	echo ",nobody@example.org,,uk,1"
	echo "Bad Email,not-an-email,,uk,1"
	echo "Short row"
} >"$tmp/roster.csv"
expect 1 "issue-batch" -- "$mc" --db "$db" issue-batch --mc $mcid "$tmp/roster.csv" --out "$tmp/out1" --batch 40
contains "$tmp/err" "150 issued" "good rows issued"
contains "$tmp/err" "3 rejected" "bad rows rejected"
contains "$tmp/err" "line 152: learner.name" "missing name reported with line"
contains "$tmp/err" "line 153: learner.email" "bad email reported with line"
equal "$(ls "$tmp/out1" | wc -l)" 150 "one file per credential"
expect 1 "issue-batch again" -- "$mc" --db "$db" issue-batch --mc $mcid "$tmp/roster.csv" --jsonl "$tmp/all.jsonl"
contains "$tmp/err" "0 issued, 150 already held" "re-run issues nobody twice"
equal "$(wc -l <"$tmp/all.jsonl")" 150 "JSON Lines output"
# Past the report's limit of 1000 problems, rows are still checked and
# rejected: 1000 bad e-mails, then a row whose only fault is its
# valid_until, then a good one.  Before, the 1001st bad row was signed
# with "validUntil": "not-a-time".
{
	echo "name,email,valid_until"
	for i in $(seq 1 1000); do echo "Bad $i,not-an-email-$i,"; done
	echo "Zed Late,zed@example.org,not-a-time"
	echo "Good After,good.after@example.org,"
} >"$tmp/many-bad.csv"
expect 1 "issue-batch past 1000 problems" -- "$mc" --db "$db" issue-batch --mc $mcid "$tmp/many-bad.csv" --out "$tmp/out-many"
contains "$tmp/err" "1 issued" "the good row after them is issued"
contains "$tmp/err" "1001 rejected" "every bad row is rejected, past the limit too"
equal "$(ls "$tmp/out-many" | wc -l)" 1 "only the good row's credential is written"
if grep -l "not-a-time" "$tmp"/out-many/* >/dev/null 2>&1; then fail "a bad validUntil was signed"; else ok; fi
# Invisible controls that make a name read otherwise than it is signed
# (a right-to-left override, a C1 control, a tab) are refused, named.
{
	echo "name,email,grade"
	printf 'Olena \342\200\256lavoK,rlo@example.org,\n'
	printf 'Next\302\205Line,c1@example.org,\n'
	printf '"Tab\there",tab@example.org,\n'
	printf 'Fine Name,fine@example.org,\342\200\2175\n'
} >"$tmp/controls.csv"
expect 1 "issue-batch with control characters" -- "$mc" --db "$db" issue-batch --mc $mcid "$tmp/controls.csv" --out "$tmp/out-controls"
contains "$tmp/err" "line 2: learner.name: contains the invisible control character U+202E" "the override is named"
contains "$tmp/err" "line 3: learner.name: contains the invisible control character U+0085" "a C1 control is named"
contains "$tmp/err" "line 4: learner.name: contains the invisible control character U+0009" "a tab is named"
contains "$tmp/err" "line 5: grade: contains the invisible control character U+200F" "a grade with a direction mark is refused"
contains "$tmp/err" "0 issued" "none of them is signed"
expect 1 "issue: a name with an override" -- "$mc" --db "$db" issue --mc $mcid \
	--learner-name "$(printf 'Olena \342\200\256lavoK')" --learner-email rlo@example.org
contains "$tmp/err" "U+202E" "issue names the character"
printf 'name,colour\nA,blue\n' >"$tmp/badhead.csv"
expect 1 "unknown roster column" -- "$mc" --db "$db" issue-batch --mc $mcid "$tmp/badhead.csv"
contains "$tmp/err" "colour" "unknown column named"

# Killed mid-run: nothing half-written, and the re-run completes exactly once.
{
	echo "name,email"
	for i in $(seq 1 6000); do echo "K $i,k$i@example.org"; done
} >"$tmp/big.csv"
stored() { db_sql "$db" "SELECT count(*) FROM credentials"; }
before=$(stored)
"$mc" --db "$db" issue-batch --mc $mcid "$tmp/big.csv" --batch 200 >/dev/null 2>&1 &
pid=$!
# Kill it once its first batch is durable, while it is still running.
for _ in $(seq 1200); do
	[ "$(stored)" -gt "$before" ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
equal "$?" 137 "the run was killed by SIGKILL, not finished"
at_kill=$(($(stored) - before))
[ "$at_kill" -gt 0 ] && [ "$at_kill" -lt 6000 ] && ok ||
	fail "killed mid-run: $at_kill of 6000 stored when killed"
equal "$((at_kill % 200))" 0 "only whole batches are stored ($at_kill)"
expect 0 "re-run after kill -9" -- "$mc" --db "$db" issue-batch --mc $mcid "$tmp/big.csv" --batch 200
contains "$tmp/err" "$((6000 - at_kill)) issued, $at_kill already held" "the re-run issues only the rest"
n=$(db_sql "$db" "SELECT count(*) FROM credentials WHERE learner_key IN (SELECT learner_key FROM credentials GROUP BY mc_id, mc_version, learner_key, format HAVING count(*) > 1)")
equal "$n" 0 "no learner holds two credentials"
equal "$(($(stored) - before))" 6000 "every learner of the roster holds one credential"
expect 0 "all issued" -- "$mc" --db "$db" issue-batch --mc $mcid "$tmp/big.csv" --batch 1000
contains "$tmp/err" "0 issued, 6000 already held" "every learner exactly once"

# Bulk revoke by MC.
expect 0 "revoke by MC" -- "$mc" --db "$db" revoke --mc $mcid --reason "programme withdrawn"
contains "$tmp/out" "revoked" "bulk revoke"
expect 1 "revoked in bulk" -- "$mc" --db "$db" verify "$tmp/c3.json"

# The W3C test vector from another issuer: its signature verifies, but
# nothing ties its did:key to the issuer https://vc.example/issuers/5678,
# so on its own it is "cannot tell"; a reader who lists that issuer and
# its key trusts it; a changed copy is forged.
vec="${MC_FIXTURES:-}/vc/eddsa-jcs-2022-testvectors/signedJCS.json"
if [ -f "$vec" ]; then
	expect 2 "W3C eddsa-jcs-2022 vector" -- "$mc" verify --no-db "$vec" --json
	equal "$(jq -r '.checks[] | select(.check == "proof") | .result' "$tmp/out")" passed "vector proof"
	equal "$(jq -r .verdictName "$tmp/out")" cannot-tell "vector: the key is not tied to the issuer"
	equal "$(jq -r '.checks[] | select(.check == "issuer") | .code' "$tmp/out")" issuer.unbound "vector: unbound, said so"
	vkey=$(jq -r '.proof.verificationMethod' "$vec" | cut -d'#' -f1)
	printf '%s\n%s\n' "$(jq -r .issuer "$vec")" "$vkey" >"$tmp/vtrust.txt"
	expect 0 "W3C vector, issuer and key listed" -- "$mc" verify --no-db "$vec" --trusted-file "$tmp/vtrust.txt" --json
	equal "$(jq -r .about.binding "$tmp/out")" trusted-list "vector bound by the list"
	sed 's/The School of Examples/The School of Examplez/' "$vec" >"$tmp/vec.json"
	expect 1 "W3C vector changed" -- "$mc" verify --no-db "$tmp/vec.json" --json
	equal "$(jq -r .verdictName "$tmp/out")" forged "changed vector is forged"
else
	skip_part "W3C vector: $vec not found"
fi
finish
