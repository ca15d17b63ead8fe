#!/usr/bin/env bash
# The OpenAPI description the server serves at /api/v1/openapi.json: it is
# web/openapi.json byte for byte, structurally OpenAPI 3.1 (every operation
# has responses, every $ref resolves, every path parameter is declared),
# it documents every route of src/server/routes.c with its method, and
# every path and method it documents is served, and the answers checked
# below have the fields it documents.  A route added without documenting
# it, or documented without being served, fails here.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the OpenAPI test needs it"
		exit 77
	fi
done
src=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}

db=$(mc_db oas)
mcid=ua-mag-welding-steel-structures
issuer=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES

# An https base URL, so that /org/:id/did.json has a did:web to answer.
mc_init "$db" --base-url https://openapi.test
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $issuer
expect 0 "issue" -- "$mc" --db "$db" issue --mc $mcid --learner-name "Олена Коваль" --learner-email olena@example.org --lang uk --out "$tmp/c1.json"
credid=$(jq -r .id "$tmp/c1.json")
statusurl=$(jq -r '.credentialStatus.statusListCredential // .credentialStatus[0].statusListCredential' "$tmp/c1.json")

pid=
at_exit '[ -z "$pid" ] || kill $pid 2>/dev/null'
MICROCRED_ADMIN_EMAIL=admin@openapi.test MICROCRED_ADMIN_PASSWORD=openapi-admin-password \
	"$mc" --db "$db" serve --port 0 --port-file "$tmp/port" \
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

# ---- served as built ----------------------------------------------------

get /api/v1/openapi.json
equal "$code" 200 "openapi.json"
equal "$(header Content-Type)" application/json "openapi.json type"
cp "$tmp/body" "$tmp/oas.json"
if cmp -s "$tmp/oas.json" "$src/web/openapi.json"; then ok; else
	fail "served document differs from web/openapi.json (rebuild?)"
fi
if jq -e . "$tmp/oas.json" >/dev/null 2>&1; then ok; else
	fail "openapi.json is not JSON"
	finish
fi
etag=$(header ETag)
case "$etag" in W/\"*\") ok ;; *) fail "weak ETag: '$etag'" ;; esac
get /api/v1/openapi.json -H "If-None-Match: $etag"
equal "$code" 304 "openapi.json If-None-Match"
get /api/v1/openapi.json -I
equal "$code" 200 "openapi.json HEAD"

# ---- structure ----------------------------------------------------------

doc="$tmp/oas.json"
# jq over the document; prints the result raw.
q() {
	jq -r "$@" "$doc"
}
methods='["get","put","post","delete","patch","head","options","trace"]'

equal "$(q .openapi)" 3.1.0 "openapi version"
equal "$(q .info.version)" 0.1.0 "info.version"
equal "$(q '.info.title | type')" string "info.title"
equal "$(q -c .servers)" '[{"url":"/"}]' "servers"

# Every operation has at least one response.
bad=$(q --argjson m "$methods" '.paths | to_entries[] | .key as $p
	| .value | to_entries[] | select(.key | IN($m[]))
	| select((.value.responses // {}) | length == 0)
	| "\(.key | ascii_upcase) \($p)"')
equal "$bad" "" "operations without responses"

# Every $ref is local and resolves.
bad=$(q '. as $d | [.. | objects | select(has("$ref")) | .["$ref"]]
	| unique[] | select((startswith("#/") | not) or
		((ltrimstr("#/") | split("/")
		  | map(gsub("~1"; "/") | gsub("~0"; "~"))) as $path
		 | (try ($d | getpath($path)) catch null) == null))')
equal "$bad" "" "unresolved \$ref"

# Every {param} in a path is declared as a path parameter of each of its
# operations (directly or through a $ref), and only those.
bad=$(q --argjson m "$methods" '. as $d | .paths | to_entries[]
	| .key as $p
	| ([$p | scan("\\{([^}]+)\\}") | .[0]] | sort) as $want
	| .value | to_entries[] | select(.key | IN($m[])) | .key as $op
	| ([.value.parameters[]?
	    | if has("$ref") then (.["$ref"] | ltrimstr("#/") | split("/"))
	      as $r | $d | getpath($r) else . end
	    | select(.in == "path") | .name] | sort) as $have
	| select($have != $want)
	| "\($op | ascii_upcase) \($p): path parameters \($have), want \($want)"')
equal "$bad" "" "path parameters"

# Unique operationIds.
bad=$(q --argjson m "$methods" '[.paths[] | to_entries[]
	| select(.key | IN($m[])) | .value.operationId]
	| group_by(.) | map(select(length > 1) | .[0]) | .[]')
equal "$bad" "" "duplicate operationIds"

# Problems are RFC 9457 documents: the schema, and every 400, 403, 404,
# 405 and 413 answer documented as one.
equal "$(q '.components.schemas.ProblemDetails.required | sort | join(",")')" \
	"detail,status,title,type" "ProblemDetails schema"
bad=$(q --argjson m "$methods" '. as $d | .paths | to_entries[]
	| .key as $p | .value | to_entries[] | select(.key | IN($m[]))
	| .key as $op | .value.responses | to_entries[]
	| select(.key | IN("400", "403", "404", "405", "413"))
	| .key as $s | .value
	| if has("$ref") then (.["$ref"] | ltrimstr("#/") | split("/")) as $r
	  | $d | getpath($r) else . end
	| select(.content["application/problem+json"].schema["$ref"]
		 != "#/components/schemas/ProblemDetails")
	| "\($op | ascii_upcase) \($p) \($s)"')
equal "$bad" "" "error answers not problem details"

# A full validator when one happens to be installed (optional).
if command -v python3 >/dev/null 2>&1 &&
	python3 -c 'import openapi_spec_validator' 2>/dev/null; then
	if python3 -c 'import json, sys
from openapi_spec_validator import validate
validate(json.load(open(sys.argv[1])))' "$doc" 2>"$tmp/validator.err"; then
		ok
	else
		fail "openapi-spec-validator rejects the document"
		tail -3 "$tmp/validator.err" | cut -c1-300 | sed "s/^/  | /" >&2
	fi
fi

# ---- the routes and the document agree ----------------------------------

# "METHOD /path/{param}" of every entry of srv_routes[] in routes.c.
sed -n 's/^[[:space:]]*{"\([A-Z]*\)", "\(\/[^"]*\)",.*/\1 \2/p' \
	"$src/src/server/routes.c" |
	sed 's/:\([A-Za-z_][A-Za-z0-9_]*\)/{\1}/g' | sort >"$tmp/routes"
if [ "$(wc -l <"$tmp/routes")" -ge 10 ]; then ok; else
	fail "found only $(wc -l <"$tmp/routes") routes in routes.c"
fi
q --argjson m "$methods" '.paths | to_entries[] | .key as $p | .value
	| keys[] | select(IN($m[])) | "\(ascii_upcase) \($p)"' |
	sort >"$tmp/documented"
comm -23 "$tmp/routes" "$tmp/documented" >"$tmp/undocumented"
comm -13 "$tmp/routes" "$tmp/documented" >"$tmp/unrouted"
if [ -s "$tmp/undocumented" ]; then
	fail "routes missing from web/openapi.json: $(tr '\n' ';' <"$tmp/undocumented")"
else ok; fi
if [ -s "$tmp/unrouted" ]; then
	fail "documented but not in routes.c: $(tr '\n' ';' <"$tmp/unrouted")"
else ok; fi

# sample PATH: the documented path with sample values from the demo and
# the credential issued above; any other {param} becomes "sample".
uuid=${credid##*/}
sl=/${statusurl#*://*/}
sample() {
	sample_known "$1" | sed 's/{[^}]*}/sample/g'
}
sample_known() {
	case "$1" in
	/api/v1/credentials/{uuid}/*) echo "/api/v1/credentials/$uuid/${1##*/}" ;;
	/api/v1/organisations/{id}*) echo "/api/v1/organisations/ua-nqa${1#*\}}" ;;
	/api/v1/clusters/{id}*) echo "/api/v1/clusters/digital-skills${1#*\}}" ;;
	/api/v1/microcredentials/{id}*) echo "/api/v1/microcredentials/$mcid${1#*\}}" ;;
	/mc/{id}/{version}) echo "/mc/$mcid/v1" ;;
	/mc/{id}) echo "/mc/$mcid" ;;
	/credentials/{uuid}) echo "/credentials/$uuid" ;;
	/status/{org}/{purpose}/{n}) echo "$sl" ;;
	/org/{id}/did.json) echo "/org/$issuer/did.json" ;;
	*) echo "$1" | sed 's/{[^}]*}/sample/g' ;;
	esac
}

jq -n --slurpfile vc "$tmp/c1.json" '{verifiableCredential: $vc[0]}' \
	>"$tmp/verify.json"
# Every documented operation is served: anything but 404 and 405.  A
# path with a made-up sample may 404 from its handler, never from the
# router ("no resource at this path").
while read -r method path; do
	p=$(sample "$path")
	case "$method $path" in
	"POST /credentials/verify") body=@"$tmp/verify.json" ;;
	*) body='{}' ;;
	esac
	if [ "$method" = GET ]; then
		get "$p"
	else
		get "$p" -X "$method" -H 'Content-Type: application/json' \
			--data-binary "$body"
	fi
	case "$code" in
	405) fail "$method $path ($p): 405" ;;
	404)
		if [ "$p" != "$(echo "$path" | sed 's/{[^}]*}/sample/g')" ] ||
			[ "$(jq -r .detail "$tmp/body" 2>/dev/null)" = "no resource at this path" ]; then
			fail "$method $path ($p): 404 $(jq -r .detail "$tmp/body" 2>/dev/null)"
		else ok; fi
		;;
	000) fail "$method $path ($p): no answer" ;;
	*) ok ;;
	esac
done <"$tmp/documented"

# The main answers carry what the document says they do.
get "/credentials/verify" -X POST -H 'Content-Type: application/json' \
	--data-binary @"$tmp/verify.json"
equal "$(jq -r .verified "$tmp/body")" true "verify sample verified"
for k in $(q '.components.schemas.VerifyCredentialResult.required[]'); do
	equal "$(jq "has(\"$k\")" "$tmp/body")" true "verify result has $k"
done
get "/api/v1/microcredentials?facets=1"
for k in $(q '.components.schemas.SearchResult.required[]') facets; do
	equal "$(jq "has(\"$k\")" "$tmp/body")" true "search result has $k"
done
get /api/v1/coverage
for k in $(q '.components.schemas.Coverage.required[]'); do
	equal "$(jq "has(\"$k\")" "$tmp/body")" true "coverage has $k"
done

equal "$(q '[.paths["/healthz"].get.parameters[]? | select(.in == "query") | .name] | join(",")')" \
	cache "/healthz documents ?cache="
get "/healthz?cache=1"
for k in $(q '.components.schemas.Health.required[]') cache; do
	equal "$(jq "has(\"$k\")" "$tmp/body")" true "healthz?cache=1 has $k"
done
for k in $(q '.components.schemas.Health.properties.cache.required[]'); do
	equal "$(jq ".cache | has(\"$k\")" "$tmp/body")" true "healthz cache has $k"
done
equal "$(jq -c '.cache | keys' "$tmp/body")" \
	"$(q -c '.components.schemas.Health.properties.cache.properties | keys')" \
	"healthz cache keys as documented"
get /healthz
equal "$(jq 'has("cache")' "$tmp/body")" false "no cache counters without ?cache=1"

# An audit entry has the documented fields, no more, no fewer (the
# document once named the organisation org_id where the answer says org).
get /api/v1/session -X POST -H 'Content-Type: application/json' -c "$tmp/admin.jar" \
	--data-binary '{"email":"admin@openapi.test","password":"openapi-admin-password"}'
equal "$code" 201 "the platform admin signs in"
get "/api/v1/audit?limit=100" -b "$tmp/admin.jar"
equal "$code" 200 "audit log"
[ "$(jq '.entries | length' "$tmp/body")" -ge 2 ] 2>/dev/null && ok ||
	fail "audit log: $(head -c 200 "$tmp/body")"
equal "$(jq -c '[.entries[] | keys] | add | unique' "$tmp/body")" \
	"$(q -c '.components.schemas.AuditEntry.properties | keys')" \
	"audit entries have the fields AuditEntry documents"
bad=$(jq -r --argjson want "$(q -c '.components.schemas.AuditEntry.required')" \
	'.entries[] | . as $e | $want[] | select(. as $k | $e | has($k) | not)' "$tmp/body")
equal "$bad" "" "every audit entry has AuditEntry's required fields"

kill -TERM $pid
wait $pid
equal "$?" 0 "server exit status"
pid=
finish
