#!/usr/bin/env bash
# The response cache of public catalogue reads (src/server/cache.c):
# repeated anonymous reads are answered from it, byte for byte the same;
# a write by the CLI to the same database while the server runs shows in
# the very next read, on every worker thread; a write through the HTTP API
# moves the generation on and shows too; signed-in requests (an
# Authorization header or a session cookie) are never answered from the
# cache nor stored in it; cache_bytes = 0 turns it off.  The counters come
# from GET /healthz?cache=1.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the cache test needs it"
		exit 77
	fi
done

db=$(mc_db cache)
mcid=ua-mag-welding-steel-structures
other=ua-drywall-partitions-finishing
org=ua-dniprorudne-lyceum
admin=admin@example.org
password=cache-test-password-9
# зварювання (welding), percent-encoded
q='%D0%B7%D0%B2%D0%B0%D1%80%D1%8E%D0%B2%D0%B0%D0%BD%D0%BD%D1%8F'
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
export MICROCRED_ADMIN_EMAIL=$admin MICROCRED_ADMIN_PASSWORD=$password
# Several workers, so that invalidation must reach each of them.
export MICROCRED_THREADS=4

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo

# stat NAME: a counter of the cache, from /healthz?cache=1.
stat() {
	curl -s "$url/healthz?cache=1" | jq -r ".cache.$1"
}

# many N PATH [CURL ARGS...]: N requests; every status must be $want and
# every body the same as the first (kept in $tmp/first).
many() {
	local n=$1 path=$2 i
	shift 2
	for i in $(seq "$n"); do
		http GET "$path" "$@"
		if [ "$code" != "$want" ]; then
			fail "$path: request $i: HTTP $code, wanted $want"
			return
		fi
		if [ "$i" = 1 ]; then
			cp "$tmp/body" "$tmp/first"
		elif ! cmp -s "$tmp/body" "$tmp/first"; then
			fail "$path: request $i answered other bytes"
			return
		fi
	done
	ok
}

serve_start "$db"
equal "$(stat max_bytes)" 8388608 "cache on by default, 8 MiB"

# ---- hits: the same bytes, the same ETag ---------------------------------

want=200
many 12 "/mc/$mcid/v1"
jq -e ".id == \"$mcid\" and .status == \"published\"" "$tmp/first" >/dev/null &&
	ok || fail "MC answer"
h=$(stat hits)
if [ "$h" -ge 4 ]; then ok; else fail "12 same reads: only $h hits"; fi
http GET "/mc/$mcid/v1"
etag=$(header ETag)
http GET "/mc/$mcid/v1" -H "If-None-Match: $etag"
equal "$code" 304 "If-None-Match on a cached answer"

many 8 "/api/v1/microcredentials?q=$q&facets=1"
total=$(jq .total "$tmp/first")
if [ "$total" -ge 1 ]; then ok; else fail "search finds welding"; fi
many 8 "/mc/$mcid"
many 6 /api/v1/organisations/$org
many 6 /api/v1/coverage

# Different queries are different entries.
http GET "/api/v1/microcredentials?q=$q&facets=1&limit=1"
equal "$(jq '.hits | length' "$tmp/body")" 1 "limit=1 is its own entry"

# ---- a CLI write to the same database shows in the next read -------------

expect 0 "retire by the CLI" -- "$mc" --db "$db" mc retire $mcid
want=200
many 8 "/mc/$mcid/v1"
equal "$(jq -r .status "$tmp/first")" retired "retired, on every read"
want=404
many 8 "/mc/$mcid"
want=200
many 8 "/api/v1/microcredentials?q=$q&facets=1"
equal "$(jq .total "$tmp/first")" $((total - 1)) "search no longer finds it"

# ---- a write through the HTTP API ----------------------------------------

http POST /api/v1/session -H 'Content-Type: application/json' \
	--data-binary "{\"email\": \"$admin\", \"password\": \"$password\"}" \
	-c "$tmp/cookies"
equal "$code" 201 "sign in"
csrf=$(jq -r .csrf "$tmp/body")
curl -s "$url/api/v1/organisations/$org" |
	jq '.region = "Cache Test Oblast"' >"$tmp/org.json"
gen=$(stat generation)
http PUT /api/v1/organisations/$org -b "$tmp/cookies" \
	-H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
	--data-binary @"$tmp/org.json"
equal "$code" 200 "organisation updated through the API"
if [ "$(stat generation)" -gt "$gen" ]; then ok; else
	fail "a successful write did not move the generation on"
fi
want=200
many 8 /api/v1/organisations/$org
equal "$(jq -r .region "$tmp/first")" "Cache Test Oblast" "the write shows"

# ---- signed-in requests never come from the cache -------------------------

want=200
many 6 "/mc/$other/v1"
hits=$(stat hits)
bypass=$(stat bypass)
many 3 "/mc/$other/v1" -H 'Authorization: Bearer mct_not_a_real_token'
many 3 "/mc/$other/v1" -H 'Cookie: mc_session=not-a-real-session'
many 3 "/mc/$other/v1" -b "$tmp/cookies"
equal "$(stat hits)" "$hits" "no hits for signed-in requests"
equal "$(stat bypass)" $((bypass + 9)) "each signed-in request bypassed"

# ---- cache_bytes = 0: off ------------------------------------------------

kill $server_pid
wait $server_pid 2>/dev/null
MICROCRED_CACHE_BYTES=0 serve_start "$db"
want=200
many 6 "/mc/$other/v1"
equal "$(stat max_bytes)" 0 "cache off"
equal "$(stat hits)" 0 "no hits with the cache off"
equal "$(stat entries)" 0 "nothing stored with the cache off"
kill $server_pid
wait $server_pid 2>/dev/null
server_pid=
# Refused at start (exit 2, a usage error); a server that started instead
# is stopped after 10 s and fails the check (124).
expect 2 "bad cache_bytes refused" -- env MICROCRED_CACHE_BYTES=lots \
	timeout 10 "$mc" --db "$db" serve --port 0
contains "$tmp/err" cache_bytes "bad cache_bytes named"
finish
