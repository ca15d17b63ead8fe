#!/usr/bin/env bash
# Accounts over HTTP: the first-run admin, signing in and out (JSON),
# session cookies and their flags, CSRF on writes, expired sessions, API
# tokens (scopes, revocation), disabled users, the login rate limit, and
# the audit log of the writes.  The real binary on port 0, curl as the
# client.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the auth test needs it"
		exit 77
	fi
done

db=$(mc_db auth)
org=ua-dniprorudne-lyceum
mcid=ua-mag-welding-steel-structures
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES \
	MICROCRED_ADMIN_PASSWORD MICROCRED_TEST_NOW MICROCRED_RATE_LOGIN \
	MICROCRED_RATE_VERIFY MICROCRED_ADMIN_EMAIL

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Test Learner" --learner-email t@example.org --lang uk --out "$tmp/c1.json"

# stop: SIGTERM the server started by serve_start; it must exit 0.
stop() {
	kill -TERM $server_pid
	wait $server_pid
	equal "$?" 0 "server exit status"
	server_pid=
}

# json METHOD PATH BODY [CURL ARGS...]: an http request with a JSON body.
json() {
	local method=$1 path=$2 body=$3
	shift 3
	http "$method" "$path" -H 'Content-Type: application/json' \
		--data-binary "$body" "$@"
}

# jbody FILTER: jq -r FILTER of the last body.
jbody() {
	jq -r "$1" "$tmp/body" 2>/dev/null
}

# ---- the first start creates the platform admin, once ----------------------

serve_start "$db" --rate-login 100 --admin-email root@example.org
# Standard output is a file here, not a terminal: the generated password
# is not written to it but to DB.admin-password (PostgreSQL: beside the
# master key file, a database URL being no place), mode 0600, named there.
pwfile=$db.admin-password
[ "$mc_backend" = sqlite ] || pwfile=$MICROCRED_MASTER_KEY_FILE.admin-password
line=$(grep '^first sign-in: ' "$tmp/serve.out")
equal "$line" "first sign-in: $url/login as root@example.org with the password in $pwfile (mode 0600; delete it once read, and change the password)" \
	"first sign-in line names the password file"
equal "$(grep -c '^listening on' "$tmp/serve.out")" 1 "listening line"
equal "$(sed -n 2p "$tmp/serve.out" | cut -c1-14)" "first sign-in:" "sign-in line after the listening line"
equal "$(stat -c %a "$pwfile")" 600 "the password file is the owner's alone"
adminpw=$(cat "$pwfile")
equal "${#adminpw}" 20 "generated password length"
lacks "$tmp/serve.out" "$adminpw" "the password is not in the log"

# ---- signing in ---------------------------------------------------------------

json POST /api/v1/session "{\"email\":\"root@example.org\",\"password\":\"$adminpw\"}" -c "$tmp/admin.jar"
equal "$code" 201 "sign in"
equal "$(jbody .user.email)" root@example.org "sign-in user"
equal "$(jbody .user.platform_admin)" true "sign-in user is platform admin"
admincsrf=$(jbody .csrf)
[ ${#admincsrf} -ge 20 ] && ok || fail "csrf token: '$admincsrf'"
[ -n "$(jbody '.expires // empty')" ] && ok || fail "sign-in answer has no expires"
cookie=$(header Set-Cookie)
case "$cookie" in mc_session=?*) ok ;; *) fail "Set-Cookie: '$cookie'" ;; esac
for flag in "; HttpOnly" "; SameSite=Lax" "; Path=/" "; Max-Age=43200"; do
	case "$cookie" in *"$flag"*) ok ;; *) fail "cookie lacks '$flag': $cookie" ;; esac
done
case "$cookie" in *Secure*) fail "Secure cookie on an http base URL" ;; *) ok ;; esac
equal "$(header Cache-Control)" "private, no-store" "sign-in answer not cached"
adminid=$(jbody .user.id)

json POST /api/v1/session "{\"email\":\"root@example.org\",\"password\":\"wrong password\"}"
equal "$code" 403 "wrong password"
wrongpw=$(jbody .detail)
json POST /api/v1/session '{"email":"nobody@example.org","password":"wrong password"}'
equal "$code" 403 "unknown email"
equal "$(jbody .detail)" "$wrongpw" "unknown email answers as a wrong password"
equal "$wrongpw" "wrong email or password" "sign-in failure message"
[ -z "$(header Set-Cookie)" ] && ok || fail "cookie set on a failed sign-in"

# Bad bodies.
http POST /api/v1/session -H 'Content-Type: text/plain' --data-binary '{}'
equal "$code" 415 "sign in as text/plain"
json POST /api/v1/session '{"email": "a@b.c", "password": '
equal "$code" 400 "malformed JSON"
contains "$tmp/body" "position" "malformed JSON names the position"
json POST /api/v1/session '{"email": 5, "password": "x"}'
equal "$code" 400 "email of the wrong type"
equal "$(jbody '.errors[0].field')" email "wrong type names the field"
json POST /api/v1/session '{"email": "root@example.org"}'
equal "$code" 400 "password missing"
equal "$(jbody '.errors[0].field')" password "missing field named"

# The session.
http GET /api/v1/session -b "$tmp/admin.jar"
equal "$code" 200 "GET session"
equal "$(jbody .user.id)" "$adminid" "GET session user"
equal "$(jbody .csrf)" "$admincsrf" "GET session csrf"
http GET /api/v1/session
equal "$code" 401 "GET session without a cookie"
http GET /api/v1/session -H 'Cookie: mc_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
equal "$code" 401 "GET session with a made-up cookie"

# ---- CSRF: a session write needs the token; nothing is stored without ------

alice='{"email":"alice@example.org","name":"Alice","password":"correct horse battery"}'
json POST /api/v1/users "$alice" -b "$tmp/admin.jar"
equal "$code" 403 "create user without CSRF token"
contains "$tmp/body" "CSRF" "CSRF failure named"
json POST /api/v1/users "$alice" -b "$tmp/admin.jar" -H "X-CSRF-Token: ${admincsrf}x"
equal "$code" 403 "create user with a wrong CSRF token"
json POST /api/v1/users "$alice" -b "$tmp/admin.jar" -H "X-CSRF-Token: ${admincsrf%?}"
equal "$code" 403 "create user with a truncated CSRF token"
http GET /api/v1/users -b "$tmp/admin.jar"
equal "$code" 200 "list users"
equal "$(jbody '[.[] | select(.email == "alice@example.org")] | length')" 0 "no user stored without CSRF"
http POST /api/v1/users -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf" -H 'Accept: text/html'
equal "$code" 415 "create user without a JSON body"

# Not signed in: 401 for API clients, 303 to the sign-in page for browsers.
json POST /api/v1/users "$alice"
equal "$code" 401 "create user anonymously"
json POST /api/v1/users "$alice" -H 'Accept: text/html'
equal "$code" 303 "browser without a session"
equal "$(header Location)" "/login?next=/api/v1/users" "redirect to sign-in"

json POST /api/v1/users "$alice" -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 201 "create user"
aliceid=$(jbody .id)
equal "$(header Location)" "/api/v1/users/$aliceid" "created user Location"
lacks "$tmp/body" "correct horse" "no password in the answer"
json POST /api/v1/users "$alice" -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 409 "same email twice"
json POST /api/v1/users '{"email":"bob@example.org","name":"Bob","password":"short"}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 400 "short password"
equal "$(jbody '.errors[0].field')" password "short password names the field"

json PUT "/api/v1/organisations/$org/members/$aliceid" '{"roles":["issuer"]}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 200 "grant issuer"
json PUT "/api/v1/organisations/$org/members/$aliceid" '{"roles":["wizard"]}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 400 "unknown role"
equal "$(jbody '.errors[0].field')" roles "unknown role names the field"
http GET "/api/v1/organisations/$org/members" -b "$tmp/admin.jar"
equal "$code" 200 "list members"
equal "$(jbody "[.[] | select(.user.id == \"$aliceid\") | .roles[]] | join(\",\")")" issuer "alice is an issuer"

# ---- tokens ---------------------------------------------------------------------

json POST /api/v1/session '{"email":"ALICE@example.org","password":"correct horse battery"}' -c "$tmp/alice.jar"
equal "$code" 201 "alice signs in (email in any case)"
alicecsrf=$(jbody .csrf)
json POST /api/v1/tokens '{"name":"reader","scopes":["read"],"days":30}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 201 "create read token"
readtok=$(jbody .token)
readid=$(jbody .id)
case "$readtok" in mct_?*) ok ;; *) fail "token secret: '$readtok'" ;; esac
json POST /api/v1/tokens '{"name":"issuer","scopes":["issue","read"]}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 201 "create issue token"
issuetok=$(jbody .token)
json POST /api/v1/tokens '{"name":"bad","scopes":["everything"]}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 400 "unknown scope"
json POST /api/v1/tokens '{"name":"bad","scopes":"all"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 400 "scopes of the wrong type"
equal "$(jbody '.errors[0].field')" scopes "wrong type names scopes"

http GET /api/v1/session -H "Authorization: Bearer $readtok"
equal "$code" 200 "token resolves"
equal "$(jbody .user.id)" "$aliceid" "token's user"
http GET /api/v1/tokens -H "Authorization: Bearer $readtok"
equal "$code" 200 "list tokens with a token"
equal "$(jbody 'length')" 2 "two tokens listed"
lacks "$tmp/body" "$readtok" "secrets not listed"
# A bad token is anonymous, even with a good cookie beside it.
http GET /api/v1/session -H "Authorization: Bearer mct_nonsense" -b "$tmp/alice.jar"
equal "$code" 401 "unknown token"

# Scopes: a read token cannot issue, create tokens or write; an issue
# token issues (201, a credential of $mcid for the learner).
issue_body='{"learner":{"name":"Token Learner","email":"tl@example.org","lang":"uk"}}'
json POST "/api/v1/microcredentials/$mcid/credentials" "$issue_body" -H "Authorization: Bearer $readtok"
equal "$code" 403 "read token cannot issue"
json POST "/api/v1/microcredentials/$mcid/credentials" "$issue_body" -H "Authorization: Bearer $issuetok"
equal "$code" 201 "issue token issues ($(jbody '.detail // empty'))"
equal "$(jbody .credentialSubject.achievement.humanCode)" "$mcid" "the credential is of $mcid"
equal "$(jbody '.credentialSubject.identifier[] | select(.identityType == "name") | .identityHash')" "Token Learner" "the credential names the learner"
case "$(jbody .id)" in "$test_base/credentials/"?*) ok ;; *) fail "credential id: '$(jbody .id)'" ;; esac
json POST /api/v1/tokens '{"name":"more","scopes":["all"]}' -H "Authorization: Bearer $readtok"
equal "$code" 403 "read token cannot create tokens"
contains "$tmp/body" "admin scope" "missing scope named"
# Tokens need no CSRF token: browsers never send them on their own.
json PUT "/api/v1/users/$aliceid" '{}' -H "Authorization: Bearer $readtok"
equal "$code" 403 "read token cannot change the account"

# Revocation.
http DELETE "/api/v1/tokens/$readid" -b "$tmp/alice.jar"
equal "$code" 403 "revoke without CSRF"
http DELETE "/api/v1/tokens/$readid" -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 204 "revoke token"
http GET /api/v1/session -H "Authorization: Bearer $readtok"
equal "$code" 401 "revoked token"
http DELETE "/api/v1/tokens/$readid" -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 404 "another user's token"

# ---- disabled users -----------------------------------------------------------

json PUT "/api/v1/users/$aliceid" '{"disabled":true}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 403 "a user cannot disable accounts"
json PUT "/api/v1/users/$adminid" '{"disabled":true}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 400 "the admin cannot disable their own account"
json PUT "/api/v1/users/$aliceid" '{"disabled":"yes"}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 400 "disabled of the wrong type"
equal "$(jbody '.errors[0].field')" disabled "wrong type names disabled"
json PUT "/api/v1/users/$aliceid" '{"disabled":true}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 200 "disable alice"
equal "$(jbody .disabled)" true "alice disabled"
http GET /api/v1/session -b "$tmp/alice.jar"
equal "$code" 401 "disabled user's session"
http GET /api/v1/session -H "Authorization: Bearer $issuetok"
equal "$code" 401 "disabled user's token"
json POST /api/v1/session '{"email":"alice@example.org","password":"correct horse battery"}'
equal "$code" 403 "disabled user signs in"
equal "$(jbody .detail)" "$wrongpw" "disabled answers as a wrong password"
json PUT "/api/v1/users/$aliceid" '{"disabled":false}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 200 "enable alice"

# A user reads and changes their own account, not others'.
json POST /api/v1/session '{"email":"alice@example.org","password":"correct horse battery"}' -c "$tmp/alice.jar"
equal "$code" 201 "alice signs in again"
alicecsrf=$(jbody .csrf)
http GET "/api/v1/users/$aliceid" -b "$tmp/alice.jar"
equal "$code" 200 "own account"
http GET "/api/v1/users/$adminid" -b "$tmp/alice.jar"
equal "$code" 403 "someone else's account"
json PUT "/api/v1/users/$aliceid" '{"password":"another good password"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 400 "changing own password needs the current one"
equal "$(jbody '.errors[0].field')" current_password "names current_password"
json PUT "/api/v1/users/$aliceid" '{"password":"another good password","current_password":"wrong horse battery"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 403 "a wrong current password"
equal "$(jbody '.errors[0].field')" current_password "the refusal names current_password"
http GET /api/v1/session -H "Authorization: Bearer $issuetok"
equal "$code" 200 "alice's token before the change"
json PUT "/api/v1/users/$aliceid" '{"password":"another good password","current_password":"correct horse battery"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 200 "change own password"
http GET /api/v1/session -H "Authorization: Bearer $issuetok"
equal "$code" 401 "a password change revokes the API tokens"
http GET /api/v1/session -b "$tmp/alice.jar"
equal "$code" 401 "a password change ends the sessions"
json POST /api/v1/session '{"email":"alice@example.org","password":"another good password"}' -c "$tmp/alice.jar"
equal "$code" 201 "sign in with the new password"
alicecsrf=$(jbody .csrf)

# ---- signing out ------------------------------------------------------------------

json POST /api/v1/session "{\"email\":\"root@example.org\",\"password\":\"$adminpw\"}" -c "$tmp/out.jar"
outcsrf=$(jbody .csrf)
http DELETE /api/v1/session -b "$tmp/out.jar"
equal "$code" 403 "sign out without CSRF"
http DELETE /api/v1/session -b "$tmp/out.jar" -H "X-CSRF-Token: $outcsrf"
equal "$code" 204 "sign out"
case "$(header Set-Cookie)" in mc_session=\;*Max-Age=0*) ok ;; *) fail "sign-out cookie: '$(header Set-Cookie)'" ;; esac
http GET /api/v1/session -H "Cookie: $(awk '$6 == "mc_session" {print "mc_session=" $7}' "$tmp/out.jar")"
equal "$code" 401 "session after sign-out"

# ---- the audit log ----------------------------------------------------------------

http GET /api/v1/audit -b "$tmp/admin.jar"
equal "$code" 200 "audit log"
equal "$(jbody "[.entries[] | select(.action == \"POST /api/v1/users\" and .actor == \"user:$adminid\")] | length")" 1 "one user creation audited, by the admin"
equal "$(jbody "[.entries[] | select(.action == \"PUT /api/v1/organisations/:id/members/:user\" and .org == \"$org\" and .subject == \"$aliceid\")] | length")" 1 "membership audited with its organisation"
equal "$(jbody "[.entries[] | select(.action == \"DELETE /api/v1/tokens/:id\" and (.actor | startswith(\"user:$aliceid\")))] | length")" 1 "token revocation audited"
equal "$(jbody "[.entries[] | select(.action == \"POST /api/v1/session\" and .actor == \"user:$aliceid\")] | length")" 3 "alice's sign-ins audited as hers"
lacks "$tmp/body" "correct horse" "no password in the audit log"
http GET "/api/v1/audit?limit=2" -b "$tmp/admin.jar"
equal "$(jbody '.entries | length')" 2 "audit limit"
next=$(jbody .next)
http GET "/api/v1/audit?limit=2&before=$next" -b "$tmp/admin.jar"
[ "$(jbody '.entries[0].n')" -lt "$next" ] 2>/dev/null && ok || fail "audit before= pages back"
http GET "/api/v1/audit?limit=0" -b "$tmp/admin.jar"
equal "$code" 400 "audit limit 0"
http GET "/api/v1/audit?org=$org" -b "$tmp/alice.jar"
equal "$code" 403 "an issuer cannot read the audit log"
http GET /api/v1/audit -b "$tmp/alice.jar"
equal "$code" 403 "the whole audit log is the platform admin's"
http GET "/api/v1/audit?org=$org"
equal "$code" 401 "audit log anonymously"

# ---- display names ------------------------------------------------------------------

json PUT "/api/v1/users/$aliceid" '{"name":"Alice Liddell"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 200 "change own name"
equal "$(jbody .name)" "Alice Liddell" "own name changed"
http GET /api/v1/session -b "$tmp/alice.jar"
equal "$code" 200 "a name change keeps the session"
equal "$(jbody .user.name)" "Alice Liddell" "session shows the new name"
json PUT "/api/v1/users/$adminid" '{"name":"Not The Admin"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 403 "a user cannot rename someone else"
json PUT "/api/v1/users/$aliceid" '{"name":""}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 400 "empty name"
equal "$(jbody '.errors[0].field')" name "empty name names the field"
json PUT "/api/v1/users/$aliceid" '{"name":"Bell\u0007"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 400 "name with a control character"
contains "$tmp/body" "control character" "control character named"
json PUT "/api/v1/users/$aliceid" '{"name":"Half Stored","password":"short"}' -b "$tmp/alice.jar" -H "X-CSRF-Token: $alicecsrf"
equal "$code" 400 "a new name with a short password"
equal "$(jbody '.errors[0].field')" password "short password named"
http GET "/api/v1/users/Alice@Example.org" -b "$tmp/alice.jar"
equal "$code" 200 "own account by email, in any case"
equal "$(jbody .name)" "Alice Liddell" "nothing half-stored by the failed change"
json PUT "/api/v1/users/ALICE@example.org" '{"name":"Alice L."}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 200 "the platform admin renames a user named by email"
equal "$(jbody .name)" "Alice L." "renamed by the admin"
equal "$(jbody .id)" "$aliceid" "the email named alice"
http GET /api/v1/audit -b "$tmp/admin.jar"
equal "$(jbody "[.entries[] | select(.action == \"PUT /api/v1/users/:id\" and .subject == \"$aliceid\" and .reason == \"name changed\")] | length")" 2 "name changes audited"

# ---- members named by email ------------------------------------------------------

json PUT "/api/v1/organisations/$org/members/alice@example.org" '{"roles":["designer","issuer"]}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 200 "membership by email"
equal "$(jbody .user)" "$aliceid" "the email names alice"
equal "$(jbody '.roles | join(",")')" "designer,issuer" "roles set by email"
json PUT "/api/v1/organisations/$org/members/ALICE@Example.ORG" '{"roles":["issuer"]}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 200 "membership by email in another case"
equal "$(jbody .user)" "$aliceid" "any case names alice"
json PUT "/api/v1/organisations/$org/members/$aliceid" '{"roles":["issuer"]}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 200 "membership by id still"
equal "$(jbody .user)" "$aliceid" "the id names alice"
json PUT "/api/v1/organisations/$org/members/nobody@example.org" '{"roles":["issuer"]}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 404 "membership for an unknown email"
http GET "/api/v1/organisations/$org/members" -b "$tmp/admin.jar"
equal "$(jbody "[.[] | select(.user.id == \"$aliceid\") | .roles[]] | join(\",\")")" issuer "alice is an issuer again"
http GET "/api/v1/organisations/$org/members/a@b@c" -b "$tmp/admin.jar"
equal "$code" 405 "GET of a member (PUT only), named oddly"
equal "$(header Allow)" PUT "a member is only PUT"

# ---- expired sessions (the library's test clock, 13 hours on) --------------------

stop
later=$(date -u -d '+13 hours' +%Y-%m-%dT%H:%M:%SZ)
MICROCRED_TEST_NOW=$later serve_start "$db"
lacks "$tmp/serve.out" "first sign-in" "no admin line on the second start"
http GET /api/v1/session -b "$tmp/admin.jar"
equal "$code" 401 "expired session"
json POST /api/v1/users '{"email":"late@example.org","name":"Late","password":"correct horse battery"}' -b "$tmp/admin.jar" -H "X-CSRF-Token: $admincsrf"
equal "$code" 401 "write with an expired session"
stop
unset MICROCRED_TEST_NOW

# ---- rate limits ------------------------------------------------------------------
# The buckets are rows of the database and outlive a restart, and the
# sign-ins above came from 127.0.0.1 within the minute: this part counts
# a client address of its own, named by a trusted proxy's header.

serve_start "$db" --rate-login 3 --rate-verify 2 --trusted-proxies 127.0.0.1
client=(-H 'X-Forwarded-For: 198.51.100.7')
for i in 1 2 3; do
	json POST /api/v1/session '{"email":"alice@example.org","password":"not the password"}' "${client[@]}"
	equal "$code" 403 "sign-in attempt $i within the limit"
done
json POST /api/v1/session '{"email":"alice@example.org","password":"another good password"}' "${client[@]}"
equal "$code" 429 "sign-in attempt over the limit"
retry=$(header Retry-After)
case "$retry" in [1-9] | [1-9][0-9]) ok ;; *) fail "Retry-After: '$retry'" ;; esac
equal "$(jbody .status)" 429 "429 problem details"
jq -n --slurpfile vc "$tmp/c1.json" '{verifiableCredential: $vc[0]}' >"$tmp/verify.json"
for i in 1 2; do
	http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/verify.json" "${client[@]}"
	equal "$code" 200 "verification $i within the limit"
done
http POST /credentials/verify -H 'Content-Type: application/json' --data-binary @"$tmp/verify.json" "${client[@]}"
equal "$code" 429 "verification over the limit"
stop
# A restart does not refill the bucket.
serve_start "$db" --rate-login 3 --rate-verify 2 --trusted-proxies 127.0.0.1
json POST /api/v1/session '{"email":"alice@example.org","password":"not the password"}' "${client[@]}"
equal "$code" 429 "sign-in over the limit after a restart"
stop

# ---- a fresh https site: the admin's password from the environment ---------------

db2=$(mc_db fresh)
mc_init "$db2" --base-url "https://${test_base#http://}"
MICROCRED_ADMIN_PASSWORD='a chosen admin password' serve_start "$db2" --admin-email ops@example.org
contains "$tmp/serve.out" "first sign-in: $url/login as ops@example.org" "admin email from the flag"
lacks "$tmp/serve.out" "a chosen admin password" "a password from the environment is not echoed"
json POST /api/v1/session '{"email":"ops@example.org","password":"a chosen admin password"}'
equal "$code" 201 "sign in with MICROCRED_ADMIN_PASSWORD"
case "$(header Set-Cookie)" in *"; Secure"*) ok ;; *) fail "no Secure on an https site: $(header Set-Cookie)" ;; esac
stop

# A database URL's password never reaches the log (PostgreSQL: the
# suite's cluster trusts its socket, so any password opens it).
if [ "$mc_backend" = postgresql ]; then
	case $db in
	*\?*) secret="$db&password=hunter2-secret" ;;
	*) secret="$db?password=hunter2-secret" ;;
	esac
	serve_start "$secret"
	contains "$tmp/serve.out" "password=***" "the password parameter is masked"
	lacks "$tmp/serve.out" "hunter2-secret" "the password parameter is not logged"
	stop
	serve_start "${db/postgresql:\/\//postgresql://postgres:hunter3-secret@}"
	contains "$tmp/serve.out" "postgresql://postgres:***@" "the user's password is masked"
	lacks "$tmp/serve.out" "hunter3-secret" "the user's password is not logged"
	stop
fi

# The default first admin, admin@localhost (last: serve_start finishes the
# test when the server cannot start).
db3=$(mc_db default)
mc_init "$db3"
serve_start "$db3"
pwfile=$db3.admin-password
[ "$mc_backend" = sqlite ] || pwfile=$MICROCRED_MASTER_KEY_FILE.admin-password
contains "$tmp/serve.out" "first sign-in: $url/login as admin@localhost with the password in $pwfile" "default admin email"
stop

finish
