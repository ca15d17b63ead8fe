#!/usr/bin/env bash
# The HTTP server on a demo database: the JSON API, the stable URIs, the
# VC API, problem details, limits and a clean shutdown.  A real client
# (curl) on port 0.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the server test needs it"
		exit 77
	fi
done

db=$(mc_db srv)
mcid=ua-mag-welding-steel-structures
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $org
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" --learner-email olena@example.org --lang uk --out "$tmp/c1.json"
credid=$(jq -r .id "$tmp/c1.json")
statusurl=$(jq -r '.credentialStatus.statusListCredential // .credentialStatus[0].statusListCredential' "$tmp/c1.json")

# start [ENV=VALUE...]: run the server in the background; sets $pid, $url.
start() {
	rm -f "$tmp/port"
	env "$@" "$mc" --db "$db" serve --port 0 --port-file "$tmp/port" \
		--body-max 32768 --access-log "$tmp/access.log" \
		>"$tmp/serve.out" 2>"$tmp/serve.err" &
	pid=$!
	for _ in $(seq 100); do
		[ -s "$tmp/port" ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -s "$tmp/port" ]; then
		fail "server did not start"
		sed 's/^/  stderr: /' "$tmp/serve.err" | head -20 >&2
		finish
	fi
	url="http://127.0.0.1:$(cat "$tmp/port")"
}

# stop: SIGTERM, and the server must exit 0 within 5 seconds.
stop() {
	kill -TERM $pid
	for _ in $(seq 50); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $pid 2>/dev/null; then
		fail "server still running 5 s after SIGTERM"
		kill -KILL $pid
	fi
	wait $pid
	equal "$?" 0 "server exit status"
}

pid=
at_exit '[ -z "$pid" ] || kill $pid 2>/dev/null'
start

# get PATH [CURL ARGS...]: body to $tmp/body, headers to $tmp/hdr, status
# code to $code.
get() {
	local path=$1
	shift
	code=$(curl -s -g -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' \
		"$@" "$url$path")
}
header() {
	grep -i "^$1:" "$tmp/hdr" | head -1 | cut -d' ' -f2- | tr -d '\r'
}

get /healthz
equal "$code" 200 "healthz"
equal "$(jq -r .status "$tmp/body")" ok "healthz status"
equal "$(jq -r .version "$tmp/body")" "$("$mc" --version | grep -o '[0-9][0-9.]*' | head -1)" "healthz version"
equal "$(jq -r '.schema | type' "$tmp/body")" number "healthz schema"

get /api/v1/organisations
equal "$code" 200 "organisations"
equal "$(jq length "$tmp/body")" 17 "17 organisations"
get "/api/v1/organisations?country=UA"
equal "$(jq '[.[] | select(.country != "UA")] | length' "$tmp/body")" 0 "country filter"
get "/api/v1/organisations?country=U1"
equal "$code" 400 "bad country"
contains "$tmp/body" country "bad country named"
get /api/v1/organisations/$org
equal "$code" 200 "one organisation"
equal "$(jq -r .id "$tmp/body")" $org "organisation id"
get /api/v1/clusters
equal "$code" 200 "clusters"
cl=$(jq -r '.[0].id' "$tmp/body")
get "/api/v1/clusters/$cl"
equal "$code" 200 "one cluster"

# Search in Ukrainian with facets.
get "/api/v1/microcredentials?q=%D0%B7%D0%B2%D0%B0%D1%80%D1%8E%D0%B2%D0%B0%D0%BD%D0%BD%D1%8F&lang=uk&facets=1"
equal "$code" 200 "search in Ukrainian"
if [ "$(jq .total "$tmp/body")" -ge 1 ]; then ok; else fail "search finds welding (зварювання)"; fi
equal "$(jq -r '.facets.country | type' "$tmp/body")" array "facets"
equal "$(jq -r .hits[0].title_lang "$tmp/body")" uk "title in Ukrainian"
get "/api/v1/microcredentials?eqf=9"
equal "$code" 400 "eqf out of range"
equal "$(jq -r '.errors[0].field' "$tmp/body")" eqf "eqf named"
get "/api/v1/microcredentials?limit=1001"
equal "$code" 400 "limit over the maximum"
get "/api/v1/microcredentials?status=bogus"
equal "$code" 400 "bad status"
get "/api/v1/microcredentials?q=%22unclosed"
if [ "$code" = 400 ] || [ "$code" = 200 ]; then ok; else fail "unclosed phrase: $code"; fi
get "/api/v1/microcredentials?limit=2&offset=1"
equal "$(jq '.hits | length' "$tmp/body")" 2 "limit"
get /api/v1/microcredentials/$mcid
equal "$code" 200 "one MC"
equal "$(jq -r .id "$tmp/body")" $mcid "MC id"
get "/api/v1/microcredentials/$mcid?version=x"
equal "$code" 400 "bad version"
get /api/v1/microcredentials/$mcid/versions
equal "$code" 200 "versions"
equal "$(jq -r .versions[0].version "$tmp/body")" 1 "first version"
get /api/v1/coverage
equal "$code" 200 "coverage"
contains "$tmp/body" '"countries"' "coverage countries"

# The stable URI.
get /mc/$mcid/v1
equal "$code" 200 "MC by stable URI"
equal "$(jq -r .id "$tmp/body")" $mcid "stable URI id"
equal "$(jq -r .version "$tmp/body")" 1 "stable URI version"
get /mc/$mcid
equal "$code" 200 "MC latest published"
get /mc/$mcid/v99
equal "$code" 404 "unknown version"
get /mc/$mcid/1
equal "$code" 404 "version without v"

# Problems.
for path in /nope /api/v1/organisations/no-such-org /mc/no-such-mc/v1 \
	/credentials/00000000-0000-0000-0000-000000000000 /api/v1/organisations/ \
	/healthz/extra; do
	get "$path"
	equal "$code" 404 "404 for $path"
	equal "$(header Content-Type)" application/problem+json "problem type for $path"
	equal "$(jq -r .status "$tmp/body")" 404 "problem status for $path"
done
get /healthz -X DELETE
equal "$code" 405 "405 for DELETE"
equal "$(header Content-Type)" application/problem+json "405 is a problem"
get /credentials/verify
equal "$code" 405 "405 for GET on a POST route"

# ETag and If-None-Match.
get /api/v1/organisations
etag=$(header ETag)
case "$etag" in W/\"*\") ok ;; *) fail "weak ETag: '$etag'" ;; esac
get /api/v1/organisations -H "If-None-Match: $etag"
equal "$code" 304 "If-None-Match"
get /api/v1/organisations -H 'If-None-Match: W/"0000000000000000"'
equal "$code" 200 "other ETag"

# The credential at its URL, byte for byte (the CLI adds a newline).
get "/credentials/${credid##*/}"
equal "$code" 200 "credential by URL"
equal "$(header Content-Type)" application/vc+ld+json "credential type"
printf '\n' >>"$tmp/body"
if cmp -s "$tmp/body" "$tmp/c1.json"; then ok; else fail "credential bytes differ from the file"; fi

# VC API verify.
jq -n --slurpfile vc "$tmp/c1.json" '{verifiableCredential: $vc[0], options: {}}' >"$tmp/req.json"
get /credentials/verify -X POST -H 'Content-Type: application/json' --data-binary @"$tmp/req.json"
equal "$code" 200 "verify"
equal "$(jq -r .verified "$tmp/body")" true "verified"
equal "$(jq -r .verdictName "$tmp/body")" valid "the verdict's name"
equal "$(jq -r '.errors | length' "$tmp/body")" 0 "no errors"
sed 's/Олена Коваль/Олена Ковал/' "$tmp/req.json" >"$tmp/bad.json"
get /credentials/verify -X POST -H 'Content-Type: application/json' --data-binary @"$tmp/bad.json"
equal "$code" 422 "verify tampered: 422, the report in the body"
equal "$(jq -r .verified "$tmp/body")" false "tampered: not verified"
equal "$(jq -r .verdictName "$tmp/body")" forged "tampered: the verdict's name"
if [ "$(jq '.errors | length' "$tmp/body")" -ge 1 ]; then ok; else fail "tampered: errors listed"; fi
get /credentials/verify -X POST -H 'Content-Type: application/json' --data-binary '{"verifiableCredential": '
equal "$code" 400 "malformed JSON"
equal "$(header Content-Type)" application/problem+json "malformed JSON problem"
contains "$tmp/body" "malformed JSON" "malformed JSON named"
get /credentials/verify -X POST -H 'Content-Type: application/json' --data-binary '{"options": {}}'
equal "$code" 400 "no verifiableCredential"
contains "$tmp/body" verifiableCredential "missing member named"
head -c 40000 /dev/zero | tr '\0' a >"$tmp/big"
get /credentials/verify -X POST -H 'Content-Type: application/json' --data-binary @"$tmp/big"
equal "$code" 413 "body over --body-max"

# VC-JWT, wrapped and raw.
expect 0 "key rsa" -- "$mc" --db "$db" key generate --org $org --type rsa2048
expect 0 "issue vc-jwt" -- "$mc" --db "$db" issue --mc $mcid --learner-name "J W" --learner-id UA-JWT --format vc-jwt --out "$tmp/j.jwt"
get /credentials/verify -X POST -H 'Content-Type: application/vc+jwt' --data-binary @"$tmp/j.jwt"
equal "$code" 200 "verify raw VC-JWT"
equal "$(jq -r .verified "$tmp/body")" true "raw VC-JWT verified"

# Status writes need a signed-in issuer: 401 without credentials (the
# signed-in path is tested in test_server_auth.sh).
status_req() {
	printf '{"credentialId": "%s", "credentialStatus": [{"type": "BitstringStatusListEntry", "status": "%s"}], "options": {"reason": "test"}}' "$1" "$2"
}
get /credentials/status -X POST -H 'Content-Type: application/json' --data-binary "$(status_req "$credid" revoked)"
equal "$code" 401 "status write without credentials"
equal "$(header Content-Type)" application/problem+json "401 is a problem"
contains "$tmp/body" "sign in" "says how to authenticate"
get /credentials/status -X POST -H 'Content-Type: application/json' -H 'Authorization: Bearer mct_bogus' --data-binary "$(status_req "$credid" revoked)"
equal "$code" 401 "status write with an unknown token"
get /credentials/verify -X POST -H 'Content-Type: application/json' --data-binary @"$tmp/req.json"
equal "$(jq -r .verified "$tmp/body")" true "not revoked by refused writes"

# Hostile paths never answer 200.
for path in /../etc/passwd /mc/%2e%2e/v1 /api/v1/organisations/%ff \
	/%ff /credentials/..%2f..%2fetc%2fpasswd; do
	code=$(curl -s --path-as-is -o "$tmp/body" -w '%{http_code}' "$url$path")
	case "$code" in 400 | 404) ok ;; *) fail "$path: $code" ;; esac
done

# The status list the credential points at.
get "/${statusurl#*://*/}"
equal "$code" 200 "status list"
equal "$(header Content-Type)" application/vc+ld+json "status list type"
cp "$tmp/body" "$tmp/sl.json"
expect 0 "status list verifies" -- "$mc" --db "$db" verify "$tmp/sl.json"

# DID document: the demo base URL is http, so there is no did:web.
get /org/$org/did.json
equal "$code" 404 "no did:web over http"

# SIGTERM: exit 0 within a few seconds.
stop
contains "$tmp/access.log" '"path":"/healthz"' "access log"

# MICROCRED_DEV_WRITES, the loopback escape hatch, is gone: still 401.
start MICROCRED_DEV_WRITES=1
get /credentials/status -X POST -H 'Content-Type: application/json' --data-binary "$(status_req "$credid" suspended)"
equal "$code" 401 "no loopback status writes"
get /credentials/verify -X POST -H 'Content-Type: application/json' --data-binary @"$tmp/req.json"
equal "$(jq -r .verified "$tmp/body")" true "not suspended"
stop
pid=
finish
