#!/usr/bin/env bash
# The master key has a setting of its own, independent of where the
# database lies: a database copied elsewhere keeps issuing with the same
# key file ($MICROCRED_MASTER_KEY_FILE); another key file is refused with
# the key named; a key file group or others may access is refused with its
# name and mode; and without a setting an SQLite database keeps its old
# "<database>.key", made once by init and never overwritten.
. "$(dirname "$0")/lib.sh"
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
keyid=$org-ed25519-1
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE

mkdir -p "$tmp/keys" "$tmp/one" "$tmp/two"
key="$tmp/keys/master.key"
other="$tmp/keys/other.key"
(
	umask 077
	head -c 32 /dev/urandom >"$key"
	head -c 32 /dev/urandom >"$other"
)

issue() { # DB EMAIL [ENV...]: issue MC $mcid to EMAIL from DB
	local db=$1 email=$2
	shift 2
	expect "${want:-0}" "issue from $db${*:+ with $*}" -- env "$@" "$mc" \
		--db "$db" issue --mc $mcid --learner-name "Olena Koval" \
		--learner-email "$email" --out "$tmp/c.json"
}

# ---- the key from the environment, wherever the database lies ----------
export MICROCRED_MASTER_KEY_FILE="$key"
db="$tmp/one/a.db"
mc_init "$db"
lacks "$tmp/out" "new master key" "init makes no key beside the database when one is set"
[ -e "$db.key" ] && fail "init wrote $db.key although the key is set" || ok
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
issue "$db" a@example.org

cp "$db" "$tmp/two/b.db"
issue "$tmp/two/b.db" b@example.org
expect 0 "verify from the copy" -- "$mc" --db "$tmp/two/b.db" verify "$tmp/c.json" --json
equal "$(jq -r .verdict "$tmp/out")" valid "the copy's credential verifies"
[ -e "$tmp/two/b.db.key" ] && fail "a key was made beside the copy" || ok

# ---- a different master key: refused, the key named --------------------
want=2 issue "$tmp/two/b.db" c@example.org MICROCRED_MASTER_KEY_FILE="$other"
contains "$tmp/err" "key $keyid" "the sealed key is named"
contains "$tmp/err" "master key does not match" "the mismatch is said"
contains "$tmp/err" "$other" "the key file used is named"

# ---- a key file group or others may access: refused --------------------
chmod 644 "$key"
want=2 issue "$tmp/two/b.db" d@example.org
contains "$tmp/err" "$key" "the loose key file is named"
contains "$tmp/err" "mode 0644" "its mode is named"
chmod 600 "$key"
issue "$tmp/two/b.db" d@example.org

# ---- no setting: SQLite keeps "<database>.key" --------------------------
unset MICROCRED_MASTER_KEY_FILE
old="$tmp/one/old.db"
mc_init "$old"
contains "$tmp/out" "new master key" "init makes the key beside a new database"
equal "$(stat -c %a "$old.key")" 600 "the new key file is private"
equal "$(stat -c %s "$old.key")" 32 "the new key file holds 32 bytes"
sum=$(sha256sum <"$old.key")
mc_init "$old"
lacks "$tmp/out" "new master key" "a second init makes no key"
equal "$(sha256sum <"$old.key")" "$sum" "the key file is never overwritten"
ls "$tmp/one" | grep -q '\.tmp' && fail "a temporary key file was left" || ok
expect 0 "demo (old)" -- "$mc" --db "$old" demo
expect 0 "key generate (old)" -- "$mc" --db "$old" key generate --org $org
issue "$old" e@example.org
# A setting comes before the file beside the database.
want=2 issue "$old" f@example.org MICROCRED_MASTER_KEY_FILE="$key"
contains "$tmp/err" "master key does not match" "the setting wins over <database>.key"
# A loose "<database>.key" is refused too.
chmod 640 "$old.key"
want=2 issue "$old" g@example.org
contains "$tmp/err" "mode 0640" "a loose <database>.key is refused"
chmod 600 "$old.key"

# ---- a PostgreSQL location never gets a key in the working directory ---
(cd "$tmp/two" && "$mc" --db "postgresql://127.0.0.1:1/none" init \
	>"$tmp/out" 2>"$tmp/err")
ls "$tmp/two" | grep -q '\.key' && fail "a key file was made for a PostgreSQL location" || ok


# ---- the front doors' own settings -------------------------------------
# --master-key-file (before the command) and the server's master_key_file
# come before $MICROCRED_MASTER_KEY_FILE.
unset MICROCRED_MASTER_KEY_FILE
flag="$tmp/keys/flag.key"
fdb="$tmp/two/flag.db"
expect 0 "init --master-key-file" -- "$mc" --master-key-file "$flag" --db "$fdb" init --base-url "$test_base"
contains "$tmp/out" "$flag: new master key" "init creates the flag's key file"
equal "$(stat -c %a "$flag")" 600 "the flag's key file is private"
[ -e "$fdb.key" ] && fail "init wrote $fdb.key beside the database" || ok
expect 0 "demo (flag)" -- "$mc" --master-key-file "$flag" --db "$fdb" demo
expect 0 "key generate (flag)" -- "$mc" --master-key-file "$flag" --db "$fdb" key generate --org $org
expect 0 "issue (flag over the environment)" -- env MICROCRED_MASTER_KEY_FILE="$other" \
	"$mc" --master-key-file "$flag" --db "$fdb" issue --mc $mcid \
	--learner-name "Olena Koval" --learner-email h@example.org --out "$tmp/c.json"
expect 2 "issue without the flag" -- "$mc" --db "$fdb" issue --mc $mcid \
	--learner-name "Olena Koval" --learner-email i@example.org
contains "$tmp/err" "no master key" "no key without the flag"

printf 'correct horse battery\n' >"$tmp/pw"
expect 0 "user add" -- "$mc" --db "$fdb" user add --email ivan@example.org \
	--name ivan --password-file "$tmp/pw"
expect 0 "grant" -- "$mc" --db "$fdb" user grant --user ivan@example.org \
	--org $org --roles issuer
tok=$("$mc" --db "$fdb" token create --user ivan@example.org --name t \
	--scopes all 2>/dev/null | grep -m1 '^mct_')
printf 'master_key_file = %s\n' "$flag" >"$tmp/serve.conf"
serve_start "$fdb" --config "$tmp/serve.conf"
http POST /api/v1/microcredentials/$mcid/credentials \
	-H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	--data-binary '{"learner": {"name": "Olena Koval", "email": "j@example.org"}}'
equal "$code" 201 "the server issues with its master_key_file setting"
finish
