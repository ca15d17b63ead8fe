#!/usr/bin/env bash
# The authorisation matrix: every non-GET route of the server (read from
# the route tables in the source, so a new route without a row here fails)
# tried with every role, the outcome class compared with the allowed set
# written below from the policy in include/microcred/account.h (never from
# observed answers).
#
#   denied:  401 or 403, or a 303 to /login (browsers without a session)
#   allowed: any other answer (201, 400 for a body, 409 for a state ...)
#
# Routes answering 501 are listed as not implemented and fail the test.
# API routes are called with each role's API token (scopes "all");
# workspace and page routes with a session cookie and the csrf form field.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the matrix test needs it"
		exit 77
	fi
done
src=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}

db="$tmp/matrix.db"
P=ua-dniprorudne-lyceum # provider and awarding body of $M
QA=ua-nqa               # the QA body of $M
OTHER=mk-vet-center     # an organisation with nothing to do with $M
M=ua-mag-welding-steel-structures     # the lifecycle rows act on this MC
M2=ua-drywall-partitions-finishing    # issuing rows: stays published
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES \
	MICROCRED_TEST_NOW MICROCRED_RATE_LOGIN MICROCRED_RATE_VERIFY

roles="anonymous viewer designer reviewer reviewer_other issuer org_admin platform_admin"
signed="viewer designer reviewer reviewer_other issuer org_admin platform_admin"

# ---- the expected allowed sets (from account.h's policy) ---------------------
#
# "METHOD PATTERN [VARIANT] | ROLES": ROLES are allowed, every other role
# denied.  "all" is everyone, anonymous included; "signed" every signed-in
# role.  VARIANT tells apart calls of one route ("submit" of :action).
#
#   READ_PRIVATE any role in the org    ORG_CREATE, CLUSTER_EDIT, USERS:
#   ORG_EDIT, MEMBERS, KEYS: org admin      platform admin only
#   MC_EDIT: designer or admin          MC_SUBMIT: designer
#   MC_REVIEW (approve, return): a reviewer of the QA body, and
#       not the platform admin unless a reviewer there
#   MC_COMMENT: MC_REVIEW or MC_EDIT
#   MC_PUBLISH: admin or designer       MC_RETIRE: admin
#   CRED_ISSUE: issuer of the awarding body
#   CRED_STATUS: issuer or admin of the issuing organisation
#   The platform admin may do everything except review.
cat >"$tmp/expected" <<'EOF'
POST /api/v1/session | all
DELETE /api/v1/session | signed
POST /api/v1/users | platform_admin
PUT /api/v1/users/:id | platform_admin
PUT /api/v1/organisations/:id/members/:user | org_admin platform_admin
POST /api/v1/tokens | signed
DELETE /api/v1/tokens/:id | signed
POST /api/v1/organisations | platform_admin
PUT /api/v1/organisations/:id | org_admin platform_admin
POST /api/v1/clusters | platform_admin
PUT /api/v1/clusters/:id | platform_admin
POST /api/v1/microcredentials | designer org_admin platform_admin
PUT /api/v1/microcredentials/:id | designer org_admin platform_admin
POST /api/v1/microcredentials/:id/comments | reviewer designer org_admin platform_admin
POST /api/v1/microcredentials/:id/submit | designer platform_admin
POST /api/v1/microcredentials/:id/approve | reviewer
POST /api/v1/microcredentials/:id/return | reviewer
POST /api/v1/microcredentials/:id/publish | designer org_admin platform_admin
POST /api/v1/microcredentials/:id/retire | org_admin platform_admin
POST /api/v1/microcredentials/:id/adapt | designer org_admin platform_admin
POST /api/v1/microcredentials/:id/credentials | issuer platform_admin
POST /api/v1/microcredentials/:id/rosters | issuer platform_admin
POST /api/v1/credentials/:uuid/revoke | issuer org_admin platform_admin
POST /api/v1/credentials/:uuid/suspend | issuer org_admin platform_admin
POST /api/v1/credentials/:uuid/reinstate | issuer org_admin platform_admin
POST /api/v1/organisations/:id/keys | org_admin platform_admin
POST /credentials/issue | issuer platform_admin
POST /credentials/verify | all
POST /credentials/status | issuer org_admin platform_admin
POST /verify | all
POST /login | all
POST /logout | signed
POST /workspace/mc/new | designer org_admin platform_admin
POST /workspace/mc/:id | designer org_admin platform_admin
POST /workspace/mc/:id/:action comment | reviewer designer org_admin platform_admin
POST /workspace/mc/:id/:action submit | designer platform_admin
POST /workspace/mc/:id/:action approve | reviewer
POST /workspace/mc/:id/:action return | reviewer
POST /workspace/mc/:id/:action publish | designer org_admin platform_admin
POST /workspace/mc/:id/:action retire | org_admin platform_admin
POST /workspace/mc/:id/issue | issuer platform_admin
POST /workspace/mc/:id/roster | issuer platform_admin
POST /workspace/credentials/:uuid/revoke | issuer org_admin platform_admin
EOF

# ---- every non-GET route of the source has a row, every row a route -----------

for f in routes.c routes_pages.c routes_workspace.c; do
	sed -n 's/^[[:space:]]*{"\([A-Z]*\)", "\(\/[^"]*\)",.*/\1 \2/p' \
		"$src/src/server/$f"
done | grep -v '^GET ' | sort -u >"$tmp/routes"
if [ "$(wc -l <"$tmp/routes")" -ge 30 ]; then ok; else
	fail "found only $(wc -l <"$tmp/routes") write routes in the route tables"
fi
sed 's/ |.*//' "$tmp/expected" | awk '{print $1, $2}' | sort -u >"$tmp/rows"
missing=$(comm -23 "$tmp/routes" "$tmp/rows" | tr '\n' ';')
extra=$(comm -13 "$tmp/routes" "$tmp/rows" | tr '\n' ';')
equal "$missing" "" "write routes without a matrix row"
equal "$extra" "" "matrix rows without a route"

# ---- the demo database, one user per role -----------------------------------------

expect 0 "init" -- "$mc" --db "$db" init
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $P
expect 0 "issue" -- "$mc" --db "$db" issue --mc $M --learner-name "Matrix Learner" --learner-email matrix@example.org --lang uk --out "$tmp/c1.json"
credid=$(jq -r .id "$tmp/c1.json")
uuid=${credid##*/}
uuid=${uuid#urn:uuid:}

MICROCRED_ADMIN_PASSWORD='platform admin password' serve_start "$db" \
	--admin-email platform_admin@example.org --rate-login 0 --rate-verify 0

# json METHOD PATH BODY [CURL ARGS...]
json() {
	local method=$1 path=$2 body=$3
	shift 3
	http "$method" "$path" -H 'Content-Type: application/json' \
		-H 'Accept: application/json' --data-binary "$body" "$@"
}

# signin ROLE JAR: a session for ROLE in cookie jar JAR; prints its csrf.
signin() {
	json POST /api/v1/session "{\"email\":\"$1@example.org\",\"password\":\"$(password "$1")\"}" -c "$2"
	[ "$code" = 201 ] || fail "sign in as $1: $code $(cat "$tmp/body")"
	jq -r .csrf "$tmp/body"
}
password() {
	if [ "$1" = platform_admin ]; then echo 'platform admin password'; else echo "matrix password $1"; fi
}

acsrf=$(signin platform_admin "$tmp/platform_admin.jar")
# user ROLE ORG ROLES: create the user of ROLE with ROLES in ORG.
user() {
	json POST /api/v1/users "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"$(password "$1")\"}" \
		-b "$tmp/platform_admin.jar" -H "X-CSRF-Token: $acsrf"
	equal "$code" 201 "create user $1"
	id=$(jq -r .id "$tmp/body")
	eval "id_$1=\$id"
	if [ -n "$2" ]; then
		json PUT "/api/v1/organisations/$2/members/$id" "{\"roles\":[\"$3\"]}" \
			-b "$tmp/platform_admin.jar" -H "X-CSRF-Token: $acsrf"
		equal "$code" 200 "grant $1 $3 in $2"
	fi
}
user viewer $P viewer
user designer $P designer
user reviewer $QA reviewer
user reviewer_other $OTHER reviewer
user issuer $P issuer
user org_admin $P admin
user dummy "" ""
dummy=$id_dummy

# Each signed-in role: a session (cookie jar, csrf) and an API token.
for r in $signed; do
	csrf=$(signin $r "$tmp/$r.jar")
	eval "csrf_$r=\$csrf"
	json POST /api/v1/tokens '{"name":"matrix","scopes":["all"]}' -b "$tmp/$r.jar" -H "X-CSRF-Token: $csrf"
	equal "$code" 201 "token for $r"
	tok=$(jq -r .token "$tmp/body")
	eval "token_$r=\$tok"
done

# Sample bodies from the demo records.
http GET "/api/v1/microcredentials/$M"
cp "$tmp/body" "$tmp/mc.json"
http GET "/api/v1/organisations/$P"
cp "$tmp/body" "$tmp/org.json"
http GET /api/v1/clusters
cluster=$(jq -r 'if type == "array" then .[0].id else .clusters[0].id end' "$tmp/body")
http GET "/api/v1/clusters/$cluster"
cp "$tmp/body" "$tmp/cluster.json"
jq -n --slurpfile vc "$tmp/c1.json" '{verifiableCredential: $vc[0]}' >"$tmp/verify.json"
printf 'name,email\nRoster Learner,roster@example.org\n' >"$tmp/roster.csv"

# ---- one call ---------------------------------------------------------------------

# call ROLE METHOD PATTERN VARIANT: the request of that row for ROLE; sets
# $code and $tmp/hdr.
call() {
	local role=$1 method=$2 pattern=$3 variant=$4 path body
	local -a auth=() form=()
	local mc=$M
	case "$pattern" in */credentials | */rosters | */issue | */roster) mc=$M2 ;; esac
	path=$(echo "$pattern" | sed -e "s|/microcredentials/:id|/microcredentials/$mc|" \
		-e "s|/workspace/mc/:id|/workspace/mc/$mc|" \
		-e "s|/organisations/:id|/organisations/$P|" \
		-e "s|/clusters/:id|/clusters/$cluster|" \
		-e "s|/users/:id|/users/$dummy|" \
		-e "s|/members/:user|/members/$dummy|" \
		-e "s|/tokens/:id|/tokens/t-0000000000000000|" \
		-e "s|:uuid|$uuid|" -e "s|:action|$variant|")
	case "$path" in
	/api/* | /credentials/*)
		if [ "$role" != anonymous ]; then
			eval "auth=(-H \"Authorization: Bearer \$token_$role\")"
		fi
		case "$method $pattern" in
		"POST /api/v1/session")
			if [ "$role" = anonymous ]; then body='{}'; else
				body="{\"email\":\"$role@example.org\",\"password\":\"$(password $role)\"}"
			fi ;;
		"PUT /api/v1/organisations/:id/members/:user") body='{"roles":[]}' ;;
		"POST /api/v1/organisations") body=$(jq -c ".id = \"matrix-org-$role\"" "$tmp/org.json") ;;
		"PUT /api/v1/organisations/:id") body=$(cat "$tmp/org.json") ;;
		"POST /api/v1/clusters") body=$(jq -c ".id = \"matrix-$role\"" "$tmp/cluster.json") ;;
		"PUT /api/v1/clusters/:id") body=$(cat "$tmp/cluster.json") ;;
		"POST /api/v1/microcredentials") body=$(jq -c ".id = \"ua-matrix-$role\" | .status = \"draft\"" "$tmp/mc.json") ;;
		"PUT /api/v1/microcredentials/:id") body=$(cat "$tmp/mc.json") ;;
		"POST /api/v1/microcredentials/:id/adapt")
			body="{\"org\":\"$P\",\"provider\":\"$P\",\"id\":\"ua-matrix-adapt-$role\",\"country\":\"UA\",\"lang\":\"uk\"}" ;;
		"POST /api/v1/microcredentials/:id/credentials")
			body='{"learner":{"name":"M L","email":"ml@example.org"},"name":"M L","email":"ml@example.org","lang":"uk"}' ;;
		"POST /api/v1/microcredentials/:id/rosters")
			http POST "$path" "${auth[@]}" -H 'Accept: application/json' \
				-H 'Content-Type: text/csv' --data-binary @"$tmp/roster.csv"
			return ;;
		"POST /credentials/issue")
			body="{\"credential\":{\"credentialSubject\":{\"name\":\"M L\",\"email\":\"ml@example.org\"},\"achievement\":\"$M2\"},\"options\":{\"microcredential\":\"$M2\",\"mc\":\"$M2\",\"lang\":\"uk\"}}" ;;
		"POST /credentials/verify") body=$(cat "$tmp/verify.json") ;;
		"POST /credentials/status")
			body="{\"credentialId\":\"$credid\",\"credentialStatus\":[{\"type\":\"BitstringStatusListEntry\",\"status\":\"suspended\"}]}" ;;
		*) body='{"text":"matrix","comment":"matrix","note":"matrix","reason":"matrix"}' ;;
		esac
		json "$method" "$path" "$body" "${auth[@]}"
		return ;;
	esac
	# Pages and the workspace: a browser with a session cookie and the
	# csrf form field (/logout in a session of its own, so that the
	# others live on).
	local jar="$tmp/$role.jar" csrf=
	if [ "$role" != anonymous ]; then
		if [ "$pattern" = /logout ]; then
			jar="$tmp/$role.logout.jar"
			csrf=$(signin $role "$jar")
		else
			eval "csrf=\$csrf_$role"
		fi
		auth=(-b "$jar")
		form=(--data-urlencode "csrf=$csrf")
	fi
	case "$pattern" in
	/verify) form+=(--data-urlencode "credential@$tmp/c1.json") ;;
	/login)
		if [ "$role" != anonymous ]; then
			form+=(--data-urlencode "email=$role@example.org" --data-urlencode "password=$(password $role)")
		fi ;;
	/workspace/mc/new) form+=(--data-urlencode "provider=$P" --data-urlencode "id=ua-matrix-ws-$role" --data-urlencode "lang=uk") ;;
	*/issue) form+=(--data-urlencode "name=M L" --data-urlencode "email=ml@example.org" --data-urlencode "lang=uk") ;;
	*/roster) form=("${form[@]/#--data-urlencode/-F}" -F "roster=@$tmp/roster.csv") ;;
	*) form+=(--data-urlencode "comment=matrix" --data-urlencode "reason=matrix") ;;
	esac
	[ ${#form[@]} -eq 0 ] && form=(--data-binary '')
	http "$method" "$path" -H 'Accept: text/html' "${auth[@]}" "${form[@]}"
}

# ---- the matrix ----------------------------------------------------------------------

mismatches=
unimplemented=
while IFS='|' read -r key allowed; do
	read -r method pattern variant <<<"$key"
	allowed=$(echo $allowed)
	case "$allowed" in
	all) allowed=$roles ;;
	signed) allowed=$signed ;;
	esac
	for role in $roles; do
		call "$role" "$method" "$pattern" "${variant:-}"
		want=denied
		case " $allowed " in *" $role "*) want=allowed ;; esac
		loc=$(header Location)
		case "$code" in
		401 | 403) got=denied ;;
		303) case "$loc" in /login*) got=denied ;; *) got=allowed ;; esac ;;
		501) got=unimplemented ;;
		000) got=no-answer ;;
		*) got=allowed ;;
		esac
		if [ "$got" = unimplemented ]; then
			case "$unimplemented" in *"[$key]"*) ;; *) unimplemented="$unimplemented [$key]" ;; esac
		elif [ "$got" != "$want" ]; then
			detail=$(jq -r '.detail // empty' "$tmp/body" 2>/dev/null | cut -c1-80)
			mismatches="$mismatches
  $key as $role: $got ($code${detail:+ $detail}), want $want"
		else
			ok
		fi
	done
done <"$tmp/expected"

if [ -n "$unimplemented" ]; then
	fail "routes not implemented (501):$unimplemented"
fi
if [ -n "$mismatches" ]; then
	fail "authorisation mismatches:$mismatches"
fi
finish
