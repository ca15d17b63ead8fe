#!/usr/bin/env bash
# What the server's verifying may fetch from other sites (verify_fetch):
# public addresses only by default, so a stranger's URL cannot make it
# reach loopback or private networks; "any" for a closed network, where
# another platform's credential is fetched and verified; "off" fetches
# nothing.  Another platform here is a second server on loopback.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE

# The other platform: its own database, key and credential, served.
other=$(mc_db other)
mc_init "$other"
expect 0 "other: demo" -- "$mc" --db "$other" demo
expect 0 "other: key" -- "$mc" --db "$other" key generate --org ua-dniprorudne-lyceum
serve_start "$other"
other_url=$url other_pid=$server_pid
expect 0 "other: base URL" -- "$mc" --db "$other" init --base-url "$other_url"
expect 0 "other: issue" -- "$mc" --db "$other" issue --mc ua-mag-welding-steel-structures \
	--learner-name "Olena Koval" --learner-email olena@example.org --out "$tmp/c.json"
credid=$(jq -r .id "$tmp/c.json")
case $credid in "$other_url"/*) ok ;; *) fail "the credential is the other platform's: $credid" ;; esac

# This platform: another database, the same demo catalogue.
db=$(mc_db here)
mc_init "$db"
expect 0 "here: demo" -- "$mc" --db "$db" demo

try() { # try SETTING: verify the other platform's URL on a server with it
	server_pid=
	if [ "$1" = default ]; then serve_start "$db"; else serve_start "$db" --verify-fetch "$1"; fi
	http POST "/verify?lang=en" -F "url=$credid"
	cp "$tmp/body" "$tmp/$1.html"
	kill "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
}

try default
equal "$code" 422 "default: a loopback address is not fetched"
contains "$tmp/body" "private or loopback address" "default: says why"

try any
equal "$code" 200 "any: the other platform's credential is fetched"
contains "$tmp/body" "The credential at $credid" "any: says where it came from"
# Its signature is right, but nothing here ties the other platform's
# did:key to the lyceum's name (it is not this platform's key).
contains "$tmp/body" 'data-verdict="forged"' "any: our organisation's name on another platform's key is forged here"

try off
equal "$code" 422 "off: nothing is fetched"
contains "$tmp/body" "this server does not fetch credentials from other sites" "off: says so"

# URLs are judged as a URL parser reads them: "localhost:1@" before a
# host is a user name, so this is evil.example's, not this machine's.
expect 2 "a URL with a user name" -- "$mc" verify --no-db "http://localhost:1@evil.example/credentials/1"
contains "$tmp/err" "a URL with a user name or password is not fetched" "user name refused, said so"
expect 2 "plain http to another host" -- "$mc" verify --no-db "http://evil.example/credentials/1"
contains "$tmp/err" "only https://" "plain http refused, said so"

expect 2 "bad setting refused" -- "$mc" --db "$db" serve --port 0 --verify-fetch sometimes
contains "$tmp/err" "verify_fetch" "names the setting"

kill "$other_pid" 2>/dev/null
finish
