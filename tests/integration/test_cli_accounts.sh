#!/usr/bin/env bash
# Accounts through the command line: users, roles, passwords (never on
# the command line), API tokens printed once, and the audit log.
. "$(dirname "$0")/lib.sh"
db=$(mc_db acc)
org=ua-dniprorudne-lyceum

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo

# Passwords from a file or one line of standard input.
printf 'correct horse battery\n' >"$tmp/pw"
expect 0 "user add (file)" -- "$mc" --db "$db" user add --email Ana@Example.org --name "Ana Admin" --platform-admin --password-file "$tmp/pw"
contains "$tmp/out" "ana@example.org" "email stored lowercased"
anaid=$(cut -d' ' -f1 "$tmp/out")
printf 'another good password\n' | "$mc" --db "$db" user add --email dan@example.org --name "Дан Дизайнер" >"$tmp/out" 2>"$tmp/err"
equal $? 0 "user add (stdin)"
danid=$(cut -d' ' -f1 "$tmp/out")
equal "${danid:0:2}" "u-" "user id shape"

# Bad input: named field, exit 1; usage errors exit 2.
printf 'short\n' >"$tmp/short"
expect 1 "short password" -- "$mc" --db "$db" user add --email x@example.org --name X --password-file "$tmp/short"
contains "$tmp/err" "password" "names the password"
expect 1 "bad email" -- "$mc" --db "$db" user add --email not-an-email --name X --password-file "$tmp/pw"
contains "$tmp/err" "email" "names the email"
expect 1 "taken email" -- "$mc" --db "$db" user add --email ANA@example.org --name X --password-file "$tmp/pw"
contains "$tmp/err" "already" "says the email is taken"
contains "$tmp/err" "email: 'ana@example.org' already has an account" "names the field and the taken email"
expect 2 "no --email" -- "$mc" --db "$db" user add --name X --password-file "$tmp/pw"
expect 2 "password option refused" -- "$mc" --db "$db" user add --email y@example.org --name Y --password secret12345
expect 2 "missing password file" -- "$mc" --db "$db" user add --email y@example.org --name Y --password-file "$tmp/nope"
expect 0 "user add --help" -- "$mc" user add --help
contains "$tmp/out" "--password-file" "help lists the options"

# Roles.
expect 0 "grant" -- "$mc" --db "$db" user grant --user dan@example.org --org $org --roles issuer,designer
contains "$tmp/out" "designer,issuer" "roles in canonical order"
expect 2 "unknown role" -- "$mc" --db "$db" user grant --user dan@example.org --org $org --roles designer,boss
contains "$tmp/err" "boss" "names the unknown role"
expect 1 "unknown org" -- "$mc" --db "$db" user grant --user dan@example.org --org no-such-org --roles viewer
expect 1 "unknown user" -- "$mc" --db "$db" user grant --user nobody@example.org --org $org --roles viewer
expect 0 "user list" -- "$mc" --db "$db" user list
contains "$tmp/out" "$org:designer,issuer" "list shows memberships"
contains "$tmp/out" "platform-admin" "list shows the platform admin"
expect 0 "user list --json" -- "$mc" --db "$db" user list --json
contains "$tmp/out" "\"roles\":[\"designer\",\"issuer\"]" "JSON roles"
lacks "$tmp/out" "argon2" "no password hash in the listing"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==2' "$tmp/out" && ok || fail "user list --json parses"

# Passwords and accounts.
printf 'a brand new password\n' | "$mc" --db "$db" user passwd --user "$danid" >"$tmp/out" 2>"$tmp/err"
equal $? 0 "passwd from stdin"
expect 0 "rename" -- "$mc" --db "$db" user rename --user DAN@example.org --name "Dan Brown"
expect 0 "user list --json after rename" -- "$mc" --db "$db" user list --json
contains "$tmp/out" '"name":"Dan Brown"' "the new name stored"
expect 1 "rename to an empty name" -- "$mc" --db "$db" user rename --user "$danid" --name ""
contains "$tmp/err" "name" "empty name named"
expect 1 "rename an unknown user" -- "$mc" --db "$db" user rename --user nobody@example.org --name X
expect 2 "rename without --name" -- "$mc" --db "$db" user rename --user "$danid"
expect 0 "disable" -- "$mc" --db "$db" user disable --user dan@example.org
expect 0 "user list" -- "$mc" --db "$db" user list
contains "$tmp/out" "disabled" "list shows disabled"
expect 0 "enable" -- "$mc" --db "$db" user enable --user dan@example.org

# Tokens: the secret alone on stdout, once; only its hash stored.
expect 0 "token create" -- "$mc" --db "$db" token create --user dan@example.org --name "batch issue" --scopes issue,revoke --days 30
secret=$(cat "$tmp/out")
equal "$(wc -l <"$tmp/out" | tr -d ' ')" 1 "one line on stdout"
equal "${secret:0:4}" "mct_" "token prefix"
equal "${#secret}" 47 "token length"
tid=$(grep -o 't-[0-9a-f]*' "$tmp/err" | head -1)
equal "${tid:0:2}" "t-" "token id on stderr"
if db_sql "$db" "SELECT hash FROM api_tokens" 2>/dev/null | grep -qF "${secret:4}"; then
	fail "secret stored in clear"
else ok; fi
expect 0 "token list" -- "$mc" --db "$db" token list --user dan@example.org
contains "$tmp/out" "issue,revoke" "scopes listed"
lacks "$tmp/out" "$secret" "secret never listed"
expect 2 "bad scope" -- "$mc" --db "$db" token create --user dan@example.org --name x --scopes fly
expect 2 "bad days" -- "$mc" --db "$db" token create --user dan@example.org --name x --scopes all --days 9999
expect 0 "token revoke" -- "$mc" --db "$db" token revoke --user dan@example.org --id "$tid"
expect 1 "revoke again" -- "$mc" --db "$db" token revoke --user dan@example.org --id "$tid"
expect 0 "token list --json" -- "$mc" --db "$db" token list --user dan@example.org --json
contains "$tmp/out" "\"revoked\":true" "revoked in the listing"

# The audit log, newest first, by organisation.
expect 0 "audit" -- "$mc" --db "$db" audit --json
python3 - "$tmp/out" <<'PY' && ok || fail "audit JSON newest first with actions"
import json, sys
a = json.load(open(sys.argv[1]))
assert a[0]["action"] == "token.revoke", a[0]
assert all(a[i]["n"] > a[i + 1]["n"] for i in range(len(a) - 1))
acts = {e["action"] for e in a}
assert {"user.create", "member.set", "user.rename", "user.disable", "token.create"} <= acts, acts
assert all(e["actor"] == "cli" for e in a)
PY
expect 0 "audit --org" -- "$mc" --db "$db" audit --org $org
contains "$tmp/out" "member.set" "membership change filed under the org"
lacks "$tmp/out" "token.create" "others not"
expect 0 "audit --limit 1" -- "$mc" --db "$db" audit --limit 1
equal "$(wc -l <"$tmp/out" | tr -d ' ')" 1 "one entry"
expect 2 "audit --limit 0" -- "$mc" --db "$db" audit --limit 0

# The operator's password reset (no current password: the recovery path)
# revokes the user's API tokens as well as their sessions, and says which.
expect 0 "token create" -- "$mc" --db "$db" token create --user dan@example.org --name again --scopes read
tid2=$(grep -o 't-[0-9a-f]*' "$tmp/err" | head -1)
printf 'yet another password\n' | "$mc" --db "$db" user passwd --user dan@example.org >"$tmp/out" 2>"$tmp/err"
equal $? 0 "passwd with a live token"
contains "$tmp/out" "0 sessions ended; 1 API tokens revoked" "passwd says what it ended"
contains "$tmp/out" "revoked token $tid2" "passwd names the token"
expect 0 "token list --json" -- "$mc" --db "$db" token list --user dan@example.org --json
python3 - "$tmp/out" "$tid2" <<'PY' && ok || fail "passwd revoked the token"
import json, sys
assert all(t["revoked"] for t in json.load(open(sys.argv[1]))), sys.argv[2]
PY
expect 0 "audit --limit 1" -- "$mc" --db "$db" audit --limit 1
contains "$tmp/out" "reason=password changed; 0 sessions ended; 1 tokens revoked: $tid2" "the reset's audit entry says what it ended"
finish
