#!/usr/bin/env bash
# Who did what, from where: refused sign-ins (the JSON API, the form, API
# tokens) in the audit log with the email tried and the client's address,
# never the password; the form's sign-in as the user; issuing with its
# actor (the API, the command line); the client address in the access
# log; X-Forwarded-For believed only from a trusted proxy; and a password
# change, which needs the current password and ends every session and API
# token (the user's own, the platform admin's reset, `microcred user
# passwd`); and how many refusals one client address can add to the
# log.  The real binary on port 0, curl as the client.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the audit test needs it"
		exit 77
	fi
done

db=$(mc_db audit)
org=ua-dniprorudne-lyceum
mcid=ua-mag-welding-steel-structures
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES \
	MICROCRED_ADMIN_PASSWORD MICROCRED_TEST_NOW MICROCRED_RATE_LOGIN \
	MICROCRED_RATE_VERIFY MICROCRED_ADMIN_EMAIL MICROCRED_TRUSTED_PROXIES \
	MICROCRED_ACCESS_LOG

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
printf 'alice-first-password\n' >"$tmp/alice.pw"
printf 'root-admin-password\n' >"$tmp/root.pw"
expect 0 "add alice" -- "$mc" --db "$db" user add --email alice@example.org \
	--name Alice --password-file "$tmp/alice.pw"
expect 0 "grant alice" -- "$mc" --db "$db" user grant --user alice@example.org \
	--org $org --roles issuer
expect 0 "add root" -- "$mc" --db "$db" user add --email root@example.org \
	--name Root --platform-admin --password-file "$tmp/root.pw"
[ "$failures" -eq 0 ] || finish
expect 0 "user list" -- "$mc" --db "$db" user list --json
aliceid=$(jq -r '.[] | select(.email == "alice@example.org") | .id' "$tmp/out")

stop() {
	kill -TERM $server_pid
	wait $server_pid
	equal "$?" 0 "server exit status"
	server_pid=
}

json() {
	local method=$1 path=$2 body=$3
	shift 3
	http "$method" "$path" -H 'Content-Type: application/json' \
		--data-binary "$body" "$@"
}

jbody() {
	jq -r "$1" "$tmp/body" 2>/dev/null
}

# audit FILTER: jq -r FILTER over `microcred audit --json` (the newest
# 200 entries), read from the database while the server runs.
audit() {
	"$mc" --db "$db" audit --json --limit 200 >"$tmp/audit.json" 2>"$tmp/audit.err" ||
		fail "microcred audit: $(cat "$tmp/audit.err")"
	jq -r "$1" "$tmp/audit.json"
}

# ---- refused sign-ins, from a peer nobody trusts -------------------------------

serve_start "$db" --rate-login 100 --access-log "$tmp/access.log"

json POST /api/v1/session '{"email":"alice@example.org","password":"not-her-password-1"}' \
	-H "X-Forwarded-For: 203.0.113.9"
equal "$code" 403 "wrong password over the API"
http POST /login --data-urlencode email=Nobody@Example.org \
	--data-urlencode password=whatever-password-2 -H "X-Forwarded-For: 203.0.113.9"
equal "$code" 403 "unknown email on the form"
http GET /api/v1/session -H "Authorization: Bearer mct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
equal "$code" 401 "unknown API token"

equal "$(audit '[.[] | select(.action == "session.refused" and .subject == "alice@example.org" and .reason == "wrong password")] | length')" 1 \
	"a wrong password is audited with the email tried"
equal "$(audit '[.[] | select(.action == "session.refused" and .subject == "alice@example.org")][0].client')" 127.0.0.1 \
	"the refused sign-in has the peer's address, not X-Forwarded-For from an untrusted peer"
equal "$(audit '[.[] | select(.action == "session.refused" and .subject == "nobody@example.org")][0].reason')" "unknown email" \
	"the form's refused sign-in is audited"
equal "$(audit '[.[] | select(.action == "session.refused" and .subject == "nobody@example.org")][0].actor')" anonymous \
	"a refused sign-in's actor"
equal "$(audit '[.[] | select(.action == "token.refused")][0].reason')" "unknown token" \
	"a refused API token is audited"
lacks "$tmp/audit.json" "not-her-password-1" "the password tried is not in the audit log"
lacks "$tmp/audit.json" "whatever-password-2" "nor the form's"
lacks "$tmp/audit.json" "203.0.113.9" "X-Forwarded-For from an untrusted peer is ignored"
expect 0 "audit, text" -- "$mc" --db "$db" audit --limit 5
contains "$tmp/out" "client=127.0.0.1" "microcred audit prints the client"

# ---- the form's sign-in is the user's, and issuing has its actor ------------------

http POST /login --data-urlencode email=alice@example.org \
	--data-urlencode password=alice-first-password
equal "$code" 303 "alice signs in on the form"
equal "$(audit "[.[] | select(.action == \"POST /login\")][0].actor")" "user:$aliceid" \
	"the form's sign-in is audited as the user, not anonymous"

json POST /api/v1/session '{"email":"alice@example.org","password":"alice-first-password"}' -c "$tmp/alice.jar"
equal "$code" 201 "alice signs in over the API"
alicecsrf=$(jbody .csrf)
json POST /api/v1/microcredentials/$mcid/credentials \
	'{"learner": {"name": "Олена Коваль", "email": "olena@example.org", "lang": "uk"}}' \
	-b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 201 "alice issues"
credid=$(jbody .id)
equal "$(audit "[.[] | select(.action == \"credential.issue\" and .subject == \"$credid\")][0].actor")" "user:$aliceid" \
	"the library's issuing entry has the issuer as actor"
equal "$(audit "[.[] | select(.action == \"credential.issue\" and .subject == \"$credid\")][0].client")" 127.0.0.1 \
	"and the client's address"
expect 0 "issue from the command line" -- "$mc" --db "$db" issue --mc $mcid \
	--learner-name "Test Learner" --learner-email t@example.org --lang uk --out "$tmp/c1.json"
clicred=$(jq -r .id "$tmp/c1.json")
equal "$(audit "[.[] | select(.action == \"credential.issue\" and .subject == \"$clicred\")][0].actor")" cli \
	"issuing from the command line has the actor cli"
equal "$(audit "[.[] | select(.action == \"credential.issue\" and .subject == \"$clicred\")][0].client")" null \
	"and no client address"
json POST /api/v1/microcredentials/$mcid/credentials \
	'{"learner": {"name": "Петро Іваненко", "email": "petro@example.org", "lang": "uk"}}' \
	-b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 201 "alice issues again"
http GET "/api/v1/audit?limit=200" -b "$tmp/alice.jar"
equal "$code" 403 "the whole audit log is not alice's"

# A roster is issued by a job on its own thread and store: its entries
# have the uploader as actor and the uploader's address too.
printf 'name,email\nRoster One,r1@example.org\nRoster Two,r2@example.org\n' >"$tmp/roster.csv"
http POST /api/v1/microcredentials/$mcid/rosters -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf" \
	-H 'Content-Type: text/csv' --data-binary @"$tmp/roster.csv"
equal "$code" 202 "alice uploads a roster"
job=$(jbody .job)
status=
for _ in $(seq 100); do
	http GET /api/v1/jobs/$job -b "$tmp/alice.jar"
	status=$(jbody .status)
	case "$status" in done | partial | failed) break ;; esac
	sleep 0.1
done
equal "$status" done "the roster job"
equal "$(audit "[.[] | select(.action == \"credential.issue\" and .actor == \"user:$aliceid\" and .client == \"127.0.0.1\")] | length")" 4 \
	"the roster's credentials are audited with the uploader and the address (and the two issued before)"

grep -q '"client":"127.0.0.1"' "$tmp/access.log" && ok || fail "the access log has the client address: $(tail -1 "$tmp/access.log")"

# ---- changing one's own password ----------------------------------------------------

json POST /api/v1/tokens '{"name":"script","scopes":["read"]}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 201 "alice makes an API token"
tok=$(jbody .token)
tokid=$(jbody .id)
cp "$tmp/alice.jar" "$tmp/alice.old.jar"

json PUT "/api/v1/users/$aliceid" '{"password":"alice-second-password"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 400 "a password change without the current password"
equal "$(jbody '.errors[0].field')" current_password "names current_password"
json PUT "/api/v1/users/$aliceid" '{"password":"alice-second-password","current_password":"not-the-password"}' \
	-b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 403 "a wrong current password"
equal "$(jbody '.errors[0].field')" current_password "the refusal names current_password"
case "$(jbody .detail)" in current_password:*) ok ;; *) fail "detail: $(jbody .detail)" ;; esac
http GET /api/v1/session -H "Authorization: Bearer $tok"
equal "$code" 200 "a refused change revokes nothing"
json POST /api/v1/session '{"email":"alice@example.org","password":"alice-second-password"}'
equal "$code" 403 "a refused change keeps the old password"

json PUT "/api/v1/users/$aliceid" '{"password":"alice-second-password","current_password":"alice-first-password"}' \
	-b "$tmp/alice.jar" -c "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 200 "change own password"
equal "$(jbody '.revoked.tokens | index("'"$tokid"'") != null')" true "the answer lists the revoked token"
[ "$(jbody .revoked.sessions)" -ge 2 ] 2>/dev/null && ok || fail "sessions ended: $(jbody .revoked.sessions)"
newcsrf=$(jbody .csrf)
[ ${#newcsrf} -ge 20 ] && ok || fail "a fresh session's csrf: '$newcsrf'"
http GET /api/v1/session -H "Authorization: Bearer $tok"
equal "$code" 401 "the old API token is revoked"
http GET /api/v1/session -b "$tmp/alice.old.jar"
equal "$code" 401 "the old session is ended"
http GET /api/v1/session -b "$tmp/alice.jar"
equal "$code" 200 "the fresh session works"
equal "$(jbody .csrf)" "$newcsrf" "with the csrf the answer gave"
equal "$(audit '[.[] | select(.action == "token.refused" and .subject == "'"$tokid"'")][0].reason')" "token revoked" \
	"the revoked token's use is audited"
reason=$(audit "[.[] | select(.action == \"PUT /api/v1/users/:id\" and .subject == \"$aliceid\")][0].reason")
case "$reason" in "password changed; "*" sessions ended; 1 tokens revoked: $tokid") ok ;;
*) fail "the audit entry says what was revoked: '$reason'" ;; esac
equal "$(audit '[.[] | select(.action == "user.password.refused")] | length')" 1 "the wrong current password is audited"

# ---- the platform admin resets alice's password ----------------------------------

json POST /api/v1/session '{"email":"root@example.org","password":"root-admin-password"}' -c "$tmp/root.jar"
equal "$code" 201 "root signs in"
rootcsrf=$(jbody .csrf)
json POST /api/v1/tokens '{"name":"second","scopes":["read"]}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $newcsrf"
equal "$code" 201 "alice makes another token"
tok2=$(jbody .token)
tok2id=$(jbody .id)
json PUT "/api/v1/users/$aliceid" '{"password":"alice-third-password"}' -b "$tmp/root.jar" -H "X-CSRF-Token: $rootcsrf"
equal "$code" 200 "the platform admin resets alice's password without hers"
equal "$(jbody '.revoked.tokens | join(",")')" "$tok2id" "the reset lists alice's token"
equal "$(jbody .csrf)" null "the admin's own session is not replaced"
http GET /api/v1/session -H "Authorization: Bearer $tok2"
equal "$code" 401 "alice's token is revoked by the reset"
http GET /api/v1/session -b "$tmp/alice.jar"
equal "$code" 401 "alice's session is ended by the reset"
http GET /api/v1/session -b "$tmp/root.jar"
equal "$code" 200 "the admin's session stays"

# ---- the operator's reset: microcred user passwd --------------------------------

expect 0 "token create" -- "$mc" --db "$db" token create --user alice@example.org --name cli --scopes read
tok3=$(cat "$tmp/out")
tok3id=$(grep -o 't-[0-9a-f]\{16\}' "$tmp/err" | head -1)
json POST /api/v1/session '{"email":"alice@example.org","password":"alice-third-password"}' -c "$tmp/alice.jar"
equal "$code" 201 "alice signs in with the reset password"
printf 'alice-fourth-password\n' | "$mc" --db "$db" user passwd --user alice@example.org >"$tmp/out" 2>"$tmp/err"
equal $? 0 "user passwd"
contains "$tmp/out" "1 sessions ended; 1 API tokens revoked" "passwd says what it ended"
contains "$tmp/out" "revoked token $tok3id" "passwd names the token"
http GET /api/v1/session -H "Authorization: Bearer $tok3"
equal "$code" 401 "the token is revoked by user passwd"
http GET /api/v1/session -b "$tmp/alice.jar"
equal "$code" 401 "the session is ended by user passwd"
equal "$(audit '[.[] | select(.action == "user.password")][0].reason')" \
	"password changed; 1 sessions ended; 1 tokens revoked: $tok3id" "user passwd is audited with what it ended"
stop

# ---- behind a trusted proxy ---------------------------------------------------------

MICROCRED_TRUSTED_PROXIES=nonsense "$mc" --db "$db" serve --port 0 >"$tmp/out" 2>"$tmp/err"
equal $? 2 "a bad trusted_proxies stops the server"
contains "$tmp/err" "trusted_proxies" "and names the setting"

MICROCRED_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8" serve_start "$db" --rate-login 100 --access-log "$tmp/access2.log"
json POST /api/v1/session '{"email":"alice@example.org","password":"not-her-password-3"}' \
	-H "X-Forwarded-For: 198.51.100.7, 203.0.113.9, 10.0.0.2"
equal "$code" 403 "a wrong password through the proxy"
equal "$(audit '[.[] | select(.action == "session.refused")][0].client')" 203.0.113.9 \
	"from a trusted proxy, the rightmost untrusted hop of X-Forwarded-For"
grep -q '"client":"203.0.113.9"' "$tmp/access2.log" && ok || fail "the access log has the forwarded client: $(tail -1 "$tmp/access2.log")"
json POST /api/v1/session '{"email":"alice@example.org","password":"not-her-password-4"}'
equal "$(audit '[.[] | select(.action == "session.refused")][0].client')" 127.0.0.1 \
	"the proxy itself, without X-Forwarded-For"
stop


# ---- refusals are bounded per client address -----------------------------------------
# Anyone can be refused as often as they can send requests: 500 bad API
# tokens from one address are 20 entries (the first 20 of its minute) and
# one audit.suppressed entry counting the other 480, written by the time
# the server stops; a sign-in refused from that address (another kind)
# and the refusals from another address in the same minute are recorded
# in full.

attacker=198.51.100.23
bystander=203.0.113.44
MICROCRED_TRUSTED_PROXIES=127.0.0.1 serve_start "$db" --rate-login 100
curl -s -o /dev/null -w '%{stderr}%{http_code}\n' -H "X-Forwarded-For: $attacker" \
	-H "Authorization: Bearer mct_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" \
	"$url/api/v1/session?n=[1-500]" >/dev/null 2>"$tmp/codes"
equal "$(sort "$tmp/codes" | uniq -c | tr -s ' ')" " 500 401" "500 bad API tokens from one address are refused"
json POST /api/v1/session '{"email":"alice@example.org","password":"not-her-password-5"}' \
	-H "X-Forwarded-For: $attacker"
equal "$code" 403 "a wrong password from the same address"
json POST /api/v1/session '{"email":"carol@example.org","password":"not-her-password-6"}' \
	-H "X-Forwarded-For: $bystander"
equal "$code" 403 "a refused sign-in from another address"
http GET /api/v1/session -H "X-Forwarded-For: $bystander" \
	-H "Authorization: Bearer mct_CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
equal "$code" 401 "a bad API token from another address"
stop

"$mc" --db "$db" audit --json --limit 1000 >"$tmp/audit.json" 2>"$tmp/audit.err" ||
	fail "microcred audit: $(cat "$tmp/audit.err")"
naming() {
	jq -r "[.[] | select(.client == \"$1\") | $2] | length" "$tmp/audit.json"
}
equal "$(naming $attacker 'select(.action == "token.refused")')" 20 \
	"the first 20 bad tokens of the minute from one address are recorded singly"
equal "$(naming $attacker 'select(.action == "token.refused" or (.action == "audit.suppressed" and .subject == "token.refused"))')" 21 \
	"and one entry more counts the rest (before the bound: every one, 500)"
reason=$(jq -r "[.[] | select(.action == \"audit.suppressed\" and .client == \"$attacker\")][0].reason" "$tmp/audit.json")
case "$reason" in "480 more token.refused from $attacker between "*" and "*) ok ;;
*) fail "the summary counts the other 480: '$reason'" ;; esac
equal "$(naming $attacker 'select(.action == "session.refused" and .reason == "wrong password")')" 1 \
	"a refused sign-in from that address is still recorded (a kind of its own)"
equal "$(naming $bystander 'select(.action == "session.refused" and .subject == "carol@example.org")')" 1 \
	"another address's refused sign-in in the same minute is recorded in full"
equal "$(naming $bystander 'select(.action == "token.refused")')" 1 \
	"and its refused token"
equal "$(jq '[.[] | select(.action == "audit.suppressed")] | length' "$tmp/audit.json")" 1 \
	"nothing else is counted instead of recorded"

finish
