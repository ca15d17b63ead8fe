#!/usr/bin/env bash
# read_db: a server on a PostgreSQL primary (db) with its streaming hot
# standby (read_db), both this test's own (tests/pg/cluster.sh).  With the
# standby's replay paused, a new MC published through the API is seen by
# its writer (the read-your-writes cookie sends the writer's reads to db)
# and by signed-in readers, while an anonymous catalogue read shows the
# standby's older state: anonymous catalogue reads are the standby's.  A
# status list is always db's, so a revocation shows at once.  Once replay
# resumes, everyone sees the MC and the cookie is cleared.  With the
# standby stopped, reads go to db, logged once.  read_db is refused, with
# the reason, for an SQLite db, a URL that is not PostgreSQL, the primary
# itself (not in recovery) and a database that is not microcred's.
. "$(dirname "$0")/lib.sh"
pg=$(cd "$(dirname "$0")/../pg" && pwd)/cluster.sh
# shellcheck source=../pg/cluster.sh
. "$pg"

for tool in curl jq; do
	command -v $tool >/dev/null 2>&1 ||
		skip "$tool is not installed; the read_db test needs it"
done
pg_cluster_available 2>"$tmp/why" ||
	skip "read_db needs a PostgreSQL primary and hot standby: $(cat "$tmp/why")"
# The server stops before the clusters (at_exit runs in order).
at_exit '[ -z "${server_pid:-}" ] || { kill "$server_pid"; wait "$server_pid"; } 2>/dev/null'
at_exit pg_cluster_cleanup

pg_cluster_start || {
	fail "the primary did not start"
	finish
}
primary=$PG_CLUSTER_DIR purl=$PG_CLUSTER_URL
pg_cluster_standby "$primary" || {
	fail "the standby did not start"
	finish
}
standby=$PG_CLUSTER_DIR surl=$PG_CLUSTER_URL

src_mc=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
qa=ua-nqa
new=ua-read-db-welding
unset MICROCRED_MASTER_KEY MICROCRED_DEV_WRITES MICROCRED_READ_DB
export MICROCRED_MASTER_KEY_FILE=$tmp/master.key

mc_init "$purl"
expect 0 "demo" -- "$mc" --db "$purl" demo
expect 0 "key generate" -- "$mc" --db "$purl" key generate --org $org
printf 'correct horse battery\n' >"$tmp/pw"
for u in dana rita; do
	expect 0 "user add $u" -- "$mc" --db "$purl" user add \
		--email "$u@example.org" --name "$u" --password-file "$tmp/pw"
done
expect 0 "grant dana" -- "$mc" --db "$purl" user grant \
	--user dana@example.org --org $org --roles designer,issuer
expect 0 "grant rita" -- "$mc" --db "$purl" user grant \
	--user rita@example.org --org $qa --roles reviewer
T_rita=$("$mc" --db "$purl" token create --user rita@example.org \
	--name t-rita --scopes all 2>/dev/null | grep -m1 '^mct_')
"$mc" --db "$purl" mc export $src_mc | jq --arg id $new \
	'.[0] | del(.version, .status) | .id = $id | .title.en = "Welding, read from a standby"' \
	>"$tmp/mc.json"
expect 0 "the standby replays the setup" -- \
	pg_cluster_wait_replay "$primary" "$standby" 30

# ---- refused starts --------------------------------------------------------

# refused WHAT TEXT DB READ_DB: serve exits at once, saying TEXT.
refused() {
	local what=$1 text=$2 db=$3 read_db=$4
	timeout 30 "$mc" --db "$db" serve --port 0 --read-db "$read_db" \
		>"$tmp/refused.out" 2>"$tmp/refused.err"
	local got=$?
	if [ "$got" -ne 0 ] && [ "$got" -ne 124 ]; then ok; else
		fail "$what: serve exited $got, wanted a refusal"
	fi
	contains "$tmp/refused.err" "read_db" "$what: the message names read_db"
	contains "$tmp/refused.err" "$text" "$what: the message says why"
	lacks "$tmp/refused.out" "listening on" "$what: nothing was served"
}
refused "an SQLite db" "db is an SQLite file" "$tmp/lite.db" "$surl"
# Checked before anything is made: no database, no first admin whose
# generated password nobody would see.
if [ -e "$tmp/lite.db" ]; then fail "a refused start made $tmp/lite.db"; else ok; fi
refused "not a URL" "is not a postgresql:// URL" "$purl" "$tmp/lite.db"
refused "the primary itself" "not a hot standby" "$purl" "$purl"
expect 0 "a database that is not microcred's" -- pg_psql \
	"$(pg_cluster_url "$primary" postgres)" -c 'CREATE DATABASE other'
expect 0 "... with a table" -- pg_psql "$(pg_cluster_url "$primary" other)" \
	-c 'CREATE TABLE t (x int)'
expect 0 "the standby replays it" -- \
	pg_cluster_wait_replay "$primary" "$standby" 30
refused "another database" "not a microcred database" "$purl" \
	"$(pg_cluster_url "$standby" other)"
# The environment sets it too.
MICROCRED_READ_DB=$purl timeout 30 "$mc" --db "$purl" serve --port 0 \
	>"$tmp/refused.out" 2>"$tmp/refused.err"
contains "$tmp/refused.err" "read_db" "MICROCRED_READ_DB is read_db"

# ---- the server ------------------------------------------------------------

serve_start "$purl" --read-db "$surl" --threads 2
contains "$tmp/serve.out" "catalogue reads from" "the start names the standby"
lacks "$tmp/serve.out" "read_db" "the start line shows no setting name"

# In a paused standby, nothing the primary commits from now on is seen.
expect 0 "pause the standby's replay" -- pg_psql "$surl" \
	-c 'SELECT pg_wal_replay_pause()'

# dana signs in (a session cookie) and creates, submits, has approved and
# publishes the MC.
http POST /api/v1/session -H 'Content-Type: application/json' \
	--data-binary '{"email": "dana@example.org", "password": "correct horse battery"}' \
	-c "$tmp/jar"
equal "$code" 201 "dana signs in"
csrf=$(jq -r .csrf "$tmp/body")
dana() {
	http "$1" "$2" -b "$tmp/jar" -c "$tmp/jar" -H "X-CSRF-Token: $csrf" \
		-H 'Content-Type: application/json' "${@:3}"
}
dana POST /api/v1/microcredentials --data-binary @"$tmp/mc.json"
equal "$code" 201 "create"
dana POST /api/v1/microcredentials/$new/submit --data-binary '{}'
equal "$code" 200 "submit"
http POST /api/v1/microcredentials/$new/approve -H "Authorization: Bearer $T_rita" \
	-H 'Content-Type: application/json' --data-binary '{}'
equal "$code" 200 "approve (API token)"
dana POST /api/v1/microcredentials/$new/publish --data-binary '{}'
equal "$code" 200 "publish"
rw=$(grep -i '^set-cookie: mc_rw=' "$tmp/hdr" | head -1 | tr -d '\r')
case $rw in
*"mc_rw="[0-9a-f]*"; Path=/; Max-Age=300; HttpOnly; SameSite=Lax"*) ok ;;
*) fail "the publish answer sets the read-your-writes cookie: '$rw'" ;;
esac
cookie=$(echo "$rw" | sed -E 's/^[^:]*: *(mc_rw=[0-9a-f]+);.*/\1/')
equal "$("$mc" --db "$purl" mc show $new --json | jq -r .status)" published \
	"the primary has it published"

# Anonymous: the standby's state, from before the MC existed.
for path in "/mc/$new" "/api/v1/microcredentials/$new"; do
	http GET "$path"
	equal "$code" 404 "anonymous $path: the paused standby's state"
done
http GET "/api/v1/microcredentials?q=standby"
equal "$(jq .total "$tmp/body")" 0 "anonymous search: the standby's state"
# The writer, signed in or not: the primary's.
dana GET "/api/v1/microcredentials/$new"
equal "$code" 200 "dana signed in reads her MC"
http GET "/mc/$new" -H "Cookie: $cookie"
equal "$code" 200 "dana's cookie alone (signed out) reads her MC"
equal "$(jq -r .status "$tmp/body")" published "... published"
http GET "/api/v1/microcredentials?q=standby" -H "Cookie: $cookie"
equal "$(jq .total "$tmp/body")" 1 "... and finds it"
lacks "$tmp/hdr" "mc_rw=;" "the cookie stays while the standby lags"
# A cookie from before the lag: the standby has reached it.
http GET "/mc/$new" -H "Cookie: mc_rw=1"
equal "$code" 404 "an old cookie reads the standby"
contains "$tmp/hdr" "mc_rw=; Path=/; Max-Age=0" "... and is cleared"
# Every catalogue read the standby answers works there (read-only, in
# recovery), without falling back to the primary.
cluster=reconstruction-efficient-building
for path in / "/org/$org" /clusters "/clusters/$cluster" /coverage \
	/api/v1/organisations "/api/v1/organisations/$org" /api/v1/clusters \
	"/api/v1/clusters/$cluster" /api/v1/coverage \
	"/api/v1/microcredentials/$src_mc/versions" "/mc/$src_mc/v1"; do
	http GET "$path"
	equal "$code" 200 "anonymous $path from the standby"
	http HEAD "$path" -I
	equal "$code" 200 "anonymous HEAD $path from the standby"
done
lacks "$tmp/serve.err" "read_db:" "no read fell back to the primary"
# Other readers with credentials: the primary's.
http GET "/api/v1/microcredentials/$new" -H "Authorization: Bearer $T_rita"
equal "$code" 200 "an API token reads the primary"

# A revocation shows at once to anonymous verifiers: a credential's
# status is always read from db, never from a standby that may lag.
"$mc" --db "$purl" issue --mc $new --learner-name "Olena Test" \
	--learner-email olena@example.org --out "$tmp/cred.json" >/dev/null 2>"$tmp/issue.err" ||
	fail "issue: $(cat "$tmp/issue.err")"
cred=$(jq -r .id "$tmp/cred.json")
http GET "/credentials/${cred##*/}/status"
equal "$code" 200 "the credential's status, anonymous, while the standby lags"
lacks "$tmp/body" "revoked" "... not revoked yet"
expect 0 "revoke" -- "$mc" --db "$purl" revoke "$cred" --reason "read_db test"
http GET "/credentials/${cred##*/}/status"
equal "$code" 200 "the status again"
contains "$tmp/body" "revoked" "the revocation shows at once"

# ---- replay resumes ----------------------------------------------------------

expect 0 "resume the standby's replay" -- pg_psql "$surl" \
	-c 'SELECT pg_wal_replay_resume()'
expect 0 "the standby catches up" -- \
	pg_cluster_wait_replay "$primary" "$standby" 30
http GET "/mc/$new"
equal "$code" 200 "anonymous reads the MC once replayed"
http GET "/mc/$new" -H "Cookie: $cookie"
equal "$code" 200 "the writer's cookie, reached"
contains "$tmp/hdr" "mc_rw=; Path=/; Max-Age=0" "the reached cookie is cleared"

# ---- the standby stops: reads go to the primary ------------------------------

pg_cluster_stop "$standby"
for i in 1 2 3 4; do
	http GET "/mc/$new"
	equal "$code" 200 "anonymous read $i with the standby gone"
	http GET "/api/v1/microcredentials?q=standby"
	equal "$(jq .total "$tmp/body")" 1 "anonymous search $i with the standby gone"
done
equal "$(grep -c 'catalogue reads go to db' "$tmp/serve.err")" 1 \
	"the outage is logged once"
finish
