#!/usr/bin/env bash
# The authorisation matrix: every non-GET route of the server (read from
# the route tables in the source, so a new route without a row here fails)
# tried with every role.  The allowed roles of each row are written below
# from the policy in include/microcred/account.h (never from observed
# answers), and so is the answer of the action done: an allowed role must
# reach the action and get exactly that answer, so a 400, 404 or 409 (a
# bad body, a made-up id, a record in the wrong state) never passes as
# "allowed".  Every denied role must be refused with exactly:
#
#   401  anonymous API clients
#   303  to /login?next=PATH: anonymous browsers on the pages
#   403  signed-in roles without the right (and not for a CSRF failure)
#   404  "no micro-credential 'ID'", as for an MC that does not exist:
#        signed-in roles who may read no version of the cell's MC (an
#        unpublished one, to reviewer_other), so a refusal never tells
#        that a hidden draft exists
#
# Each cell gets fresh records of its own in the state its action needs (a
# draft to submit, an MC in review to approve, an active credential to
# revoke, a token of the caller's to revoke ...), made before the call for
# denied roles too, so a refusal is never a missing or used-up record and
# no allowed action breaks a later cell.  API routes are called with each
# role's API token (scopes "all"), except DELETE /api/v1/session, which
# ends a session; workspace and page routes with a session cookie and the
# csrf form field.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	command -v $tool >/dev/null 2>&1 || skip "$tool is not installed; the matrix test needs it"
done
src=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}

db=$(mc_db matrix)
P=ua-dniprorudne-lyceum # provider and awarding body of $M and $M2
QA=ua-nqa               # the QA body of $M
OTHER=mk-vet-center     # an organisation with nothing to do with $M
M=ua-mag-welding-steel-structures  # the template of the cells' fresh MCs
M2=ua-drywall-partitions-finishing # issuing rows: stays published
ADAPT=ua-metal-roofing-repair      # another provider's, CC-BY-SA: adaptable
R=ua-rokytne-lyceum                # another Ukrainian provider
CONSENT=ua-matrix-consent          # R's MC naming $P as awarding body
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES \
	MICROCRED_TEST_NOW MICROCRED_RATE_LOGIN MICROCRED_RATE_VERIFY

roles="anonymous viewer designer reviewer reviewer_other issuer org_admin platform_admin"
signed="viewer designer reviewer reviewer_other issuer org_admin platform_admin"

# ---- the expected allowed sets (from account.h's policy) ---------------------
#
# "METHOD PATTERN [VARIANT] | ROLES | ANSWER": ROLES are allowed and must
# get ANSWER, every other role is denied.  "all" is everyone, anonymous
# included; "signed" every signed-in role.  VARIANT tells apart calls of
# one route ("submit" of :action).  ANSWER is a status, or for a form post
# of the pages "303 LOCATION", where :id is the cell's MC and a trailing *
# any rest (a new credential's or job's id).
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
#   RECOGNISE (QA bodies, self-accrediting providers): platform admin
#   CONSENT (to be an MC's awarding body): admin of the body asked
#   The platform admin may do everything except review and consent.
cat >"$tmp/expected" <<'EOF'
POST /api/v1/session | all | 201
DELETE /api/v1/session | signed | 204
POST /api/v1/users | platform_admin | 201
PUT /api/v1/users/:id | platform_admin | 200
PUT /api/v1/organisations/:id/members/:user | org_admin platform_admin | 200
POST /api/v1/tokens | signed | 201
DELETE /api/v1/tokens/:id | signed | 204
POST /api/v1/organisations | platform_admin | 201
PUT /api/v1/organisations/:id | org_admin platform_admin | 200
POST /api/v1/organisations/:id/recognitions | platform_admin | 201
DELETE /api/v1/organisations/:id/recognitions/:kind/:country | platform_admin | 204
POST /api/v1/organisations/:id/consents/:mc/:answer accept | org_admin | 200
POST /api/v1/organisations/:id/consents/:mc/:answer decline | org_admin | 200
POST /api/v1/clusters | platform_admin | 201
PUT /api/v1/clusters/:id | platform_admin | 200
POST /api/v1/microcredentials | designer org_admin platform_admin | 201
PUT /api/v1/microcredentials/:id | designer org_admin platform_admin | 200
POST /api/v1/microcredentials/:id/comments | reviewer designer org_admin platform_admin | 201
POST /api/v1/microcredentials/:id/submit | designer platform_admin | 200
POST /api/v1/microcredentials/:id/approve | reviewer | 200
POST /api/v1/microcredentials/:id/return | reviewer | 200
POST /api/v1/microcredentials/:id/publish | designer org_admin platform_admin | 200
POST /api/v1/microcredentials/:id/retire | org_admin platform_admin | 200
POST /api/v1/microcredentials/:id/adapt | designer org_admin platform_admin | 201
POST /api/v1/microcredentials/:id/credentials | issuer platform_admin | 201
POST /api/v1/microcredentials/:id/rosters | issuer platform_admin | 202
POST /api/v1/credentials/:uuid/revoke | issuer org_admin platform_admin | 200
POST /api/v1/credentials/:uuid/suspend | issuer org_admin platform_admin | 200
POST /api/v1/credentials/:uuid/reinstate | issuer org_admin platform_admin | 200
POST /api/v1/organisations/:id/keys | org_admin platform_admin | 201
POST /credentials/issue | issuer platform_admin | 201
POST /credentials/verify | all | 200
POST /credentials/status | issuer org_admin platform_admin | 200
POST /verify | all | 200
POST /login | all | 303 /workspace
POST /logout | signed | 303 /
POST /workspace/mc/new | designer org_admin platform_admin | 303 /workspace/mc/:id
POST /workspace/mc/:id | designer org_admin platform_admin | 303 /workspace/mc/:id
POST /workspace/mc/:id/:action comment | reviewer designer org_admin platform_admin | 303 /workspace/mc/:id
POST /workspace/mc/:id/:action submit | designer platform_admin | 303 /workspace/mc/:id
POST /workspace/mc/:id/:action approve | reviewer | 303 /workspace/mc/:id
POST /workspace/mc/:id/:action return | reviewer | 303 /workspace/mc/:id
POST /workspace/mc/:id/:action publish | designer org_admin platform_admin | 303 /workspace/mc/:id
POST /workspace/mc/:id/:action retire | org_admin platform_admin | 303 /workspace/mc/:id
POST /workspace/mc/:id/issue | issuer platform_admin | 303 /credentials/*
POST /workspace/mc/:id/roster | issuer platform_admin | 303 /workspace/jobs/*
POST /workspace/credentials/:uuid/revoke | issuer org_admin platform_admin | 303 /workspace/credentials
POST /workspace/consents/:org/:mc/:answer accept | org_admin | 303 /workspace/consents
POST /workspace/consents/:org/:mc/:answer decline | org_admin | 303 /workspace/consents
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

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
expect 0 "key generate" -- "$mc" --db "$db" key generate --org $P
expect 0 "issue" -- "$mc" --db "$db" issue --mc $M --learner-name "Matrix Learner" --learner-email matrix@example.org --lang uk --out "$tmp/c1.json"

MICROCRED_ADMIN_PASSWORD='platform admin password' serve_start "$db" \
	--admin-email platform_admin@example.org --rate-login 0 --rate-verify 0

# json METHOD PATH BODY [CURL ARGS...]
json() {
	local method=$1 path=$2 body=$3
	shift 3
	http "$method" "$path" -H 'Content-Type: application/json' \
		-H 'Accept: application/json' --data-binary "$body" "$@"
}

# must CODE WHAT: the last request (setting up a cell) answered CODE, or
# the test fails here, naming WHAT: a cell never runs on a record that
# was not made.
must() {
	if [ "$code" != "$1" ]; then
		fail "setting up $2: HTTP $code, wanted $1: $(jq -r '.detail // empty' "$tmp/body" 2>/dev/null | cut -c1-120)"
		finish
	fi
}

# signin ROLE JAR: a session for ROLE in cookie jar JAR; sets $signed_csrf
# to its csrf token.
signin() {
	json POST /api/v1/session "{\"email\":\"$1@example.org\",\"password\":\"$(password "$1")\"}" -c "$2"
	must 201 "a session of $1"
	signed_csrf=$(jq -r .csrf "$tmp/body")
}
password() {
	if [ "$1" = platform_admin ]; then echo 'platform admin password'; else echo "matrix password $1"; fi
}

signin platform_admin "$tmp/platform_admin.jar"
acsrf=$signed_csrf
# user ROLE ORG ROLES: create the user of ROLE with ROLES in ORG.
user() {
	json POST /api/v1/users "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"$(password "$1")\"}" \
		-b "$tmp/platform_admin.jar" -H "X-CSRF-Token: $acsrf"
	must 201 "user $1"
	id=$(jq -r .id "$tmp/body")
	eval "id_$1=\$id"
	if [ -n "$2" ]; then
		json PUT "/api/v1/organisations/$2/members/$id" "{\"roles\":[\"$3\"]}" \
			-b "$tmp/platform_admin.jar" -H "X-CSRF-Token: $acsrf"
		must 200 "$1's role $3 in $2"
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
	signin $r "$tmp/$r.jar"
	eval "csrf_$r=\$signed_csrf"
	json POST /api/v1/tokens '{"name":"matrix","scopes":["all"]}' -b "$tmp/$r.jar" -H "X-CSRF-Token: $signed_csrf"
	must 201 "token for $r"
	tok=$(jq -r .token "$tmp/body")
	eval "token_$r=\$tok"
done

# Sample bodies from the demo records.
http GET "/api/v1/microcredentials/$M"
must 200 "the template MC"
jq 'del(.version, .created_at, .updated_at)' "$tmp/body" >"$tmp/mc.json"
http GET "/api/v1/organisations/$P"
must 200 "the organisation body"
cp "$tmp/body" "$tmp/org.json"
http GET /api/v1/clusters
must 200 "the clusters"
cluster=$(jq -r 'if type == "array" then .[0].id else .clusters[0].id end' "$tmp/body")
http GET "/api/v1/clusters/$cluster"
must 200 "the cluster body"
cp "$tmp/body" "$tmp/cluster.json"
jq -n --slurpfile vc "$tmp/c1.json" '{verifiableCredential: $vc[0]}' >"$tmp/verify.json"
printf 'name,email\nRoster Learner,roster@example.org\n' >"$tmp/roster.csv"
# An MC of $R naming $P as a second awarding body, for the consent rows
# (answering again is no error, so one serves every cell).
json POST /api/v1/microcredentials "$(jq -c --arg id $CONSENT --arg r $R --arg p $P \
	'.id = $id | .status = "draft" | .provider = $r | .awarding_bodies = [$r, $p]' "$tmp/mc.json")" \
	-H "Authorization: Bearer $token_platform_admin"
must 201 "the MC $CONSENT"
# The editor's fields of a valid MC (as tests/integration/test_workspace.sh),
# but its languages: English for a new MC, the primary language (uk) of
# the copies of $M.
mcform=(--data-urlencode "title=Matrix MC"
	--data-urlencode "outcomes_skills=The learner can weld a butt joint."
	--data-urlencode eqf_level=4 --data-urlencode hours=40
	--data-urlencode assessment=practical_demonstration
	--data-urlencode mode=onsite --data-urlencode qa_type=internal
	--data-urlencode sector=0715
	--data-urlencode target_groups=adults --data-urlencode licence=CC-BY-4.0)

# ---- fresh records for each cell ----------------------------------------------------

n=0 # numbers the fresh records

# bearer ROLE: the curl arguments of ROLE's API token (none for anonymous).
bearer() {
	eval "local t=\${token_$1:-}"
	auth=()
	[ -z "$t" ] || auth=(-H "Authorization: Bearer $t")
}

# fresh_mc STATE: a new MC of $P (a copy of $M, QA body $QA) brought to
# STATE by its designer and reviewer; sets $fid.
fresh_mc() {
	local -a auth
	n=$((n + 1))
	fid=ua-matrix-cell-$n
	bearer designer
	json POST /api/v1/microcredentials "$(jq -c --arg id $fid '.id = $id | .status = "draft"' "$tmp/mc.json")" "${auth[@]}"
	must 201 "draft $fid"
	[ "$1" = draft ] && return
	json POST "/api/v1/microcredentials/$fid/submit" '' "${auth[@]}"
	must 200 "$fid in review"
	[ "$1" = in_review ] && return
	bearer reviewer
	json POST "/api/v1/microcredentials/$fid/approve" '' "${auth[@]}"
	must 200 "$fid approved"
	[ "$1" = approved ] && return
	bearer designer
	json POST "/api/v1/microcredentials/$fid/publish" '' "${auth[@]}"
	must 200 "$fid published"
}

# fresh_cred STATE: a credential of $M2 just issued by the issuer (active,
# or suspended); sets $fcid (its id) and $fuuid.
fresh_cred() {
	local -a auth
	n=$((n + 1))
	bearer issuer
	json POST "/api/v1/microcredentials/$M2/credentials" \
		"{\"learner\":{\"name\":\"Cell Learner $n\",\"email\":\"cell$n@example.org\",\"lang\":\"uk\"}}" "${auth[@]}"
	must 201 "credential $n"
	fcid=$(jq -r .id "$tmp/body")
	fuuid=${fcid##*/}
	fuuid=${fuuid#urn:uuid:}
	if [ "$1" = suspended ]; then
		json POST "/api/v1/credentials/$fuuid/suspend" '{"reason":"matrix"}' "${auth[@]}"
		must 200 "credential $n suspended"
	fi
}

# fresh_token ROLE: a new token of ROLE (of the viewer for anonymous);
# sets $ftok (its id).
fresh_token() {
	local -a auth
	n=$((n + 1))
	bearer "$([ "$1" = anonymous ] && echo viewer || echo "$1")"
	json POST /api/v1/tokens "{\"name\":\"cell $n\",\"scopes\":[\"read\"]}" "${auth[@]}"
	must 201 "token $n"
	ftok=$(jq -r .id "$tmp/body")
}

# fresh_recognition: the platform admin recognises $OTHER as a QA body
# for a country of the cell's own; sets $fcountry.
countries=(FR IT ES PT PL CZ SK HU AT BE NL SE)
nrec=0
fresh_recognition() {
	local -a auth
	fcountry=${countries[$nrec]}
	nrec=$((nrec + 1))
	bearer platform_admin
	json POST "/api/v1/organisations/$OTHER/recognitions" "{\"country\":\"$fcountry\"}" "${auth[@]}"
	must 201 "$OTHER recognised for $fcountry"
}

# prepare ROLE METHOD PATTERN VARIANT: the fresh records of that cell.
prepare() {
	fid= fuuid= fcid= ftok= fcountry=
	case "$2 $3 $4" in
	"POST /api/v1/microcredentials/:id/submit "* | *" submit" | \
		"PUT /api/v1/microcredentials/:id "* | "POST /workspace/mc/:id ")
		fresh_mc draft ;;
	*/comments* | *" comment" | */approve* | *" approve" | */return* | *" return")
		fresh_mc in_review ;;
	*/publish* | *" publish") fresh_mc approved ;;
	*/retire* | *" retire") fresh_mc published ;;
	*/reinstate*) fresh_cred suspended ;;
	*/revoke* | */suspend* | "POST /credentials/status "*) fresh_cred active ;;
	"DELETE /api/v1/tokens/:id "*) fresh_token "$1" ;;
	"DELETE /api/v1/organisations/:id/recognitions/"*) fresh_recognition ;;
	esac
}

# ---- one call ---------------------------------------------------------------------

# call ROLE METHOD PATTERN VARIANT: the request of that row for ROLE, on
# the records prepare made; sets $code, $tmp/hdr, $tmp/body and $where
# (the Location an allowed call must answer, for the pages).
call() {
	local role=$1 method=$2 pattern=$3 variant=$4 path body who
	local -a auth=() form=()
	local mcid=${fid:-$M}
	n=$((n + 1))
	case "$pattern" in */credentials | */rosters | */issue | */roster) mcid=$M2 ;; esac
	case "$pattern" in */adapt) mcid=$ADAPT ;; esac
	case "$pattern" in /workspace/mc/new) mcid=ua-matrix-ws-$n ;; esac
	where=$mcid
	local org=$P
	case "$pattern" in */recognitions*) org=$OTHER ;; esac
	path=$(echo "$pattern" | sed -e "s|/microcredentials/:id|/microcredentials/$mcid|" \
		-e "s|/workspace/mc/:id|/workspace/mc/$mcid|" \
		-e "s|/organisations/:id|/organisations/$org|" \
		-e "s|/recognitions/:kind/:country|/recognitions/qa_body/$fcountry|" \
		-e "s|/consents/:mc/:answer|/consents/$CONSENT/$variant|" \
		-e "s|/consents/:org/:mc/:answer|/consents/$P/$CONSENT/$variant|" \
		-e "s|/clusters/:id|/clusters/$cluster|" \
		-e "s|/users/:id|/users/$dummy|" \
		-e "s|/members/:user|/members/$dummy|" \
		-e "s|/tokens/:id|/tokens/$ftok|" \
		-e "s|:uuid|$fuuid|" -e "s|:action|$variant|")
	cpath=$path
	cpath=$path
	# Anonymous signs in as the user without roles.
	who=$role
	[ "$role" = anonymous ] && who=dummy
	case "$method $pattern" in
	"DELETE /api/v1/session")
		# Ends the session that the row before made (a token is
		# not a session: revoked at DELETE /api/v1/tokens/:id).
		if [ "$role" = anonymous ]; then
			http DELETE "$path" -H 'Accept: application/json'
		else
			eval "local c=\$apicsrf_$role"
			http DELETE "$path" -H 'Accept: application/json' \
				-b "$tmp/$role.api.jar" -H "X-CSRF-Token: $c"
		fi
		return ;;
	esac
	case "$path" in
	/api/* | /credentials/*)
		bearer "$role"
		case "$method $pattern" in
		"POST /api/v1/session")
			body="{\"email\":\"$who@example.org\",\"password\":\"$(password $who)\"}"
			json "$method" "$path" "$body" "${auth[@]}" -c "$tmp/$role.api.jar"
			eval "apicsrf_$role=\$(jq -r .csrf \"\$tmp/body\")"
			return ;;
		"POST /api/v1/users")
			body="{\"email\":\"made$n@example.org\",\"name\":\"Made $n\",\"password\":\"matrix password made\"}" ;;
		"PUT /api/v1/users/:id") body="{\"name\":\"Dummy $n\"}" ;;
		"PUT /api/v1/organisations/:id/members/:user") body='{"roles":["viewer"]}' ;;
		"POST /api/v1/tokens") body="{\"name\":\"cell $n\",\"scopes\":[\"read\"]}" ;;
		"POST /api/v1/organisations") body=$(jq -c ".id = \"matrix-org-$n\"" "$tmp/org.json") ;;
		"PUT /api/v1/organisations/:id") body=$(cat "$tmp/org.json") ;;
		"POST /api/v1/clusters") body=$(jq -c ".id = \"matrix-cluster-$n\"" "$tmp/cluster.json") ;;
		"PUT /api/v1/clusters/:id") body=$(cat "$tmp/cluster.json") ;;
		"POST /api/v1/microcredentials") body=$(jq -c ".id = \"ua-matrix-new-$n\" | .status = \"draft\"" "$tmp/mc.json") ;;
		"PUT /api/v1/microcredentials/:id") body=$(jq -c ".id = \"$mcid\" | .status = \"draft\"" "$tmp/mc.json") ;;
		"POST /api/v1/microcredentials/:id/comments") body='{"note":"matrix comment"}' ;;
		"POST /api/v1/microcredentials/:id/adapt")
			body="{\"org\":\"$P\",\"new_id\":\"ua-matrix-adapt-$n\"}" ;;
		"POST /api/v1/microcredentials/:id/credentials")
			body="{\"learner\":{\"name\":\"M L $n\",\"email\":\"ml$n@example.org\",\"lang\":\"uk\"}}" ;;
		"POST /api/v1/microcredentials/:id/rosters")
			http POST "$path" "${auth[@]}" -H 'Accept: application/json' \
				-H 'Content-Type: text/csv' --data-binary @"$tmp/roster.csv"
			return ;;
		"POST /api/v1/organisations/:id/keys") body='{"type":"ed25519"}' ;;
		"POST /api/v1/organisations/:id/recognitions") body='{"country":"RS"}' ;;
		"POST /credentials/issue")
			body="{\"credential\":{\"credentialSubject\":{\"name\":\"M L $n\",\"email\":\"vc$n@example.org\"},\"achievement\":\"$M2\"},\"options\":{\"microcredential\":\"$M2\",\"mc\":\"$M2\",\"lang\":\"uk\"}}" ;;
		"POST /credentials/verify") body=$(cat "$tmp/verify.json") ;;
		"POST /credentials/status")
			body="{\"credentialId\":\"$fcid\",\"credentialStatus\":[{\"type\":\"BitstringStatusListEntry\",\"status\":\"suspended\"}]}" ;;
		*/revoke | */suspend | */reinstate) body='{"reason":"matrix"}' ;;
		*) body='{"note":"matrix"}' ;; # the lifecycle steps
		esac
		json "$method" "$path" "$body" "${auth[@]}"
		return ;;
	esac
	# Pages and the workspace: a browser with a session cookie and the
	# csrf form field.  /logout ends the session that /login (the row
	# before) made, so that the others live on.
	local jar="$tmp/$role.jar" csrf=
	if [ "$role" != anonymous ]; then
		if [ "$pattern" = /logout ]; then
			jar="$tmp/$role.login.jar"
			http GET /api/v1/session -b "$jar"
			must 200 "the session $role signed in to at /login"
			csrf=$(jq -r .csrf "$tmp/body")
		else
			eval "csrf=\$csrf_$role"
		fi
		auth=(-b "$jar")
		form=(--data-urlencode "csrf=$csrf")
	fi
	case "$pattern" in
	/verify) form+=(--data-urlencode "credential@$tmp/c1.json") ;;
	/login)
		form+=(--data-urlencode "email=$who@example.org" --data-urlencode "password=$(password $who)")
		auth+=(-c "$tmp/$role.login.jar") ;;
	/workspace/mc/new) form+=(--data-urlencode "provider=$P" --data-urlencode "id=$mcid" \
		--data-urlencode text_lang=en --data-urlencode languages=en "${mcform[@]}") ;;
	/workspace/mc/:id) form+=(--data-urlencode text_lang=uk --data-urlencode languages=uk "${mcform[@]}") ;;
	*/issue) form+=(--data-urlencode "learner_name=M L $n" --data-urlencode "learner_email=ws$n@example.org" --data-urlencode "learner_lang=uk") ;;
	*/roster) form=("${form[@]/#--data-urlencode/-F}" -F "roster=@$tmp/roster.csv") ;;
	*/revoke) form+=(--data-urlencode "reason=matrix") ;;
	/logout) ;;
	*) form+=(--data-urlencode "note=matrix note") ;; # the lifecycle steps
	esac
	[ ${#form[@]} -eq 0 ] && form=(--data-binary '')
	http "$method" "$path" -H 'Accept: text/html' "${auth[@]}" "${form[@]}"
}

# ---- the matrix ----------------------------------------------------------------------

mismatches=
allowed_cells=0 allowed_done=0 allowed_2xx=0 allowed_303=0
denied_cells=0 denied_refused=0 denied_401=0 denied_403=0 denied_404=0 denied_login=0
while IFS='|' read -r key allowed answer; do
	read -r method pattern variant <<<"$key"
	allowed=$(echo $allowed)
	read -r want_code want_loc <<<"$answer"
	case "$allowed" in
	all) allowed=$roles ;;
	signed) allowed=$signed ;;
	esac
	for role in $roles; do
		prepare "$role" "$method" "$pattern" "${variant:-}"
		call "$role" "$method" "$pattern" "${variant:-}"
		loc=$(header Location)
		detail=$(jq -r '.detail // empty' "$tmp/body" 2>/dev/null | cut -c1-100)
		case " $allowed " in
		*" $role "*)
			allowed_cells=$((allowed_cells + 1))
			want="$want_code${want_loc:+ to ${want_loc//:id/$where}}"
			got="$code${loc:+ to $loc}"
			good=
			if [ "$code" = "$want_code" ]; then
				case "$want_loc" in
				"") [ "$code" = 303 ] || good=1 ;;
				*\*) case "$loc" in "${want_loc%\*}"?*) good=1 ;; esac ;;
				*) [ "$loc" = "${want_loc//:id/$where}" ] && good=1 ;;
				esac
			fi
			if [ -n "$good" ]; then
				allowed_done=$((allowed_done + 1))
				case "$code" in 2??) allowed_2xx=$((allowed_2xx + 1)) ;; *) allowed_303=$((allowed_303 + 1)) ;; esac
			fi ;;
		*)
			denied_cells=$((denied_cells + 1))
			case "$role $pattern" in
			"anonymous /api/"* | "anonymous /credentials/"*) want=401 ;;
			anonymous*) want="303 to /login?next=$cpath" ;;
			*) want=403 ;;
			esac
			# The cell's MC hidden from the role: 404 as if absent.
			if [ "$want" = 403 ] && [ -n "$where" ]; then
				case "$pattern" in
				/api/v1/microcredentials/:id* | /workspace/mc/:id*)
					cp "$tmp/body" "$tmp/cell.body"
					cp "$tmp/hdr" "$tmp/cell.hdr"
					cell_code=$code
					bearer "$role"
					http GET "/api/v1/microcredentials/$where" -H 'Accept: application/json' "${auth[@]}"
					[ "$code" = 404 ] && want=404
					mv "$tmp/cell.body" "$tmp/body"
					mv "$tmp/cell.hdr" "$tmp/hdr"
					code=$cell_code ;;
				esac
			fi
			got="$code${loc:+ to $loc}"
			good=
			case "$want $code" in
			"401 401") good=1 denied_401=$((denied_401 + 1)) ;;
			"404 404")
				if [ "$detail" = "no micro-credential '$where'" ]; then
					good=1 denied_404=$((denied_404 + 1))
				fi ;;
			"403 403")
				# Refused for the right reason, not for a CSRF token.
				if ! grep -q CSRF "$tmp/body"; then
					good=1 denied_403=$((denied_403 + 1))
				fi ;;
			"303 to"*" 303")
				if [ "$loc" = "/login?next=$cpath" ]; then
					good=1 denied_login=$((denied_login + 1))
				fi ;;
			esac
			[ -n "$good" ] && denied_refused=$((denied_refused + 1)) ;;
		esac
		if [ -n "$good" ]; then ok; else
			mismatches="$mismatches
  $key as $role: $got${detail:+ ($detail)}, want $want"
		fi
	done
done <"$tmp/expected"

# ---- escalation paths (issue 12) ----------------------------------------------------
#
# What an ordinary account tried, each on records of its own: rights from
# a draft's awarding bodies (item 1), an organisation admin changing its
# type or country (item 2), a designer choosing who reviews (item 3), and
# naming another awarding body without its consent (item 13).

# as ROLE METHOD PATH [BODY]: the request with ROLE's API token.
as() {
	local -a auth
	bearer "$1"
	json "$2" "$3" "${4:-}" "${auth[@]}"
}
# want CODE WHAT [TEXT]: the last answer was CODE (and its detail has TEXT).
want() {
	local detail
	detail=$(jq -r '.detail // empty' "$tmp/body" 2>/dev/null)
	if [ "$code" = "$1" ] && { [ -z "${3:-}" ] || grep -qF -- "$3" <<<"$detail"; }; then ok; else
		fail "$2: HTTP $code, wanted $1${3:+ with '$3'}: $(echo "$detail" | cut -c1-160)"
	fi
}
# mcbody ID JQ: the template MC as a new draft ID, changed by JQ.
mcbody() {
	jq -c --arg id "$1" --arg p $P --arg r $R ".id = \$id | .status = \"draft\" | $2" "$tmp/mc.json"
}

# Two more accounts: an admin and issuer of $R, a reviewer of de-bibb.
for r in "rokytne $R admin\",\"issuer" "reviewer_de de-bibb reviewer"; do
	read -r r org roles <<<"$r"
	as platform_admin POST /api/v1/users "{\"email\":\"$r@example.org\",\"name\":\"$r\",\"password\":\"$(password $r)\"}"
	must 201 "user $r"
	as platform_admin PUT "/api/v1/organisations/$org/members/$(jq -r .id "$tmp/body")" "{\"roles\":[\"$roles\"]}"
	must 200 "$r's roles in $org"
	signin $r "$tmp/$r.jar"
	json POST /api/v1/tokens '{"name":"matrix","scopes":["all"]}' -b "$tmp/$r.jar" -H "X-CSRF-Token: $signed_csrf"
	must 201 "token for $r"
	eval "token_$r=\$(jq -r .token \"\$tmp/body\")"
done
learner='{"learner":{"name":"Escalation Learner","email":"esc@example.org","lang":"uk"}}'

# Item 1: a draft naming $R as awarding body (and $R's consent to it)
# gives $R's issuer nothing until it is reviewed and published.
fresh_mc published
as designer PUT "/api/v1/microcredentials/$fid" "$(mcbody $fid '.awarding_bodies = [$r]')"
want 200 "item 1: the designer saves a draft naming $R"
as rokytne POST "/api/v1/organisations/$R/consents/$fid/accept"
want 200 "item 1: $R accepts the draft's request"
as rokytne POST "/api/v1/microcredentials/$fid/credentials" "$learner"
want 403 "item 1: $R's issuer issues from a draft"
as issuer POST "/api/v1/microcredentials/$fid/credentials" "$learner"
want 201 "item 1: the published version's awarding body issues"

# Item 2: an organisation's type and country decide who reviews: not
# its admin's to change.
as org_admin PUT "/api/v1/organisations/$P" "$(jq -c '.type = "agency"' "$tmp/org.json")"
want 403 "item 2: the org admin makes $P an agency" "type:"
as org_admin PUT "/api/v1/organisations/$P" "$(jq -c '.country = "DE"' "$tmp/org.json")"
want 403 "item 2: the org admin moves $P to DE" "country:"

# Item 3: the QA body is recognised for the provider's country, and the
# provider itself only when the platform admin made it self-accrediting.
as designer POST /api/v1/microcredentials "$(mcbody ua-esc-qa-de '.quality_assurance.body = "de-bibb"')"
want 422 "item 3: de-bibb as QA body of a Ukrainian MC" "quality_assurance.body"
as designer POST /api/v1/microcredentials "$(mcbody ua-esc-qa-own '.quality_assurance.body = $p')"
want 422 "item 3: the provider as its own QA body" "self-accrediting"
as platform_admin POST "/api/v1/organisations/$P/recognitions" '{"country":"UA","kind":"self_accrediting"}'
want 201 "item 3: the platform admin makes $P self-accrediting"
as designer POST /api/v1/microcredentials "$(mcbody ua-esc-qa-own '.quality_assurance.body = $p')"
want 201 "item 3: a self-accrediting provider as its own QA body"
as platform_admin DELETE "/api/v1/organisations/$P/recognitions/self_accrediting/UA"
want 204 "item 3: the registration withdrawn"
# de-bibb, registered for UA while the MC was saved and submitted, then
# withdrawn: its reviewer cannot approve; Ukraine's agency can.
as platform_admin POST /api/v1/organisations/de-bibb/recognitions '{"country":"UA"}'
want 201 "item 3: de-bibb registered for UA"
as designer POST /api/v1/microcredentials "$(mcbody ua-esc-qa-bibb '.quality_assurance.body = "de-bibb"')"
want 201 "item 3: de-bibb named while registered"
as designer POST /api/v1/microcredentials/ua-esc-qa-bibb/submit
want 200 "item 3: submitted"
as platform_admin DELETE /api/v1/organisations/de-bibb/recognitions/qa_body/UA
want 204 "item 3: de-bibb's registration withdrawn"
# Its reviewers no longer review it, so they no longer read the draft
# either: 404 as for an MC that does not exist (item 6).
as reviewer_de POST /api/v1/microcredentials/ua-esc-qa-bibb/approve
want 404 "item 3: a German reviewer approves a Ukrainian MC" "no micro-credential 'ua-esc-qa-bibb'"
as reviewer POST /api/v1/microcredentials/ua-esc-qa-bibb/approve
want 200 "item 3: Ukraine's agency approves it"

# Item 13: naming $R as awarding body needs its consent, given by an
# admin of $R (not of $P, not the platform admin); without it the MC is
# not submitted, and once declined $R's issuers issue nothing.
as designer POST /api/v1/microcredentials "$(mcbody ua-esc-consent '.awarding_bodies = [$r, $p]')"
want 201 "item 13: a draft naming $R saves"
as designer POST /api/v1/microcredentials/ua-esc-consent/submit
want 409 "item 13: submitted without $R's consent" "awarding_bodies[0]: $R has not accepted"
# The workspace says so before and when the designer tries, in the
# reader's language, naming whom they wait for.
http GET "/api/v1/organisations/$R"
rname_en=$(jq -r .name.en "$tmp/body") rname_uk=$(jq -r .name.uk "$tmp/body")
http GET /workspace/mc/ua-esc-consent -b "$tmp/designer.jar" -H 'Accept-Language: en'
contains "$tmp/body" "id=\"mc-consents\">$(jq -r '."ws.mc.consent_wait"' "$MC_SOURCE_DIR/web/i18n/en.json") $rname_en</p>" "item 13: the workspace page names whose consent is awaited"
http POST /workspace/mc/ua-esc-consent/submit -b "$tmp/designer.jar" -H 'Accept-Language: uk' -H 'Accept: text/html' --data-urlencode "csrf=$csrf_designer"
equal "$code" 409 "item 13: the workspace's submit without $R's consent"
contains "$tmp/body" "$(jq -r '."ws.mc.consent_wait"' "$MC_SOURCE_DIR/web/i18n/uk.json") $rname_uk" "item 13: and says why in Ukrainian"
as rokytne GET "/api/v1/organisations/$R/consents"
want 200 "item 13: $R lists its requests"
contains "$tmp/body" '"mc":"ua-esc-consent","org":"ua-rokytne-lyceum","state":"pending"' "item 13: the request is pending"
http GET "/api/v1/organisations/$P"
pname=$(jq -r .name.en "$tmp/body")
http GET /workspace/consents -b "$tmp/rokytne.jar" -H 'Accept-Language: en'
want 200 "item 13: $R's workspace lists its requests"
contains "$tmp/body" 'data-org="ua-rokytne-lyceum" data-mc="ua-esc-consent" data-state="pending"' "item 13: the workspace shows the request"
contains "$tmp/body" "data-state=\"pending\"><td>$pname</td>" "item 13: and who asks ($P)"
contains "$tmp/body" 'id="accept-ua-rokytne-lyceum-ua-esc-consent"' "item 13: with an accept button for $R's admin"
as org_admin POST "/api/v1/organisations/$R/consents/ua-esc-consent/accept"
want 403 "item 13: $P's admin accepts for $R"
as platform_admin POST "/api/v1/organisations/$R/consents/ua-esc-consent/accept"
want 403 "item 13: the platform admin accepts for $R"
as rokytne POST "/api/v1/organisations/$R/consents/ua-esc-consent/accept"
want 200 "item 13: $R's admin accepts"
as designer POST /api/v1/microcredentials/ua-esc-consent/submit
want 200 "item 13: submitted once accepted"
as reviewer POST /api/v1/microcredentials/ua-esc-consent/approve
want 200 "item 13: approved"
as designer POST /api/v1/microcredentials/ua-esc-consent/publish
want 200 "item 13: published"
as rokytne POST "/api/v1/organisations/$R/keys" '{"type":"ed25519"}'
want 201 "item 13: $R's key"
as rokytne POST "/api/v1/organisations/$R/consents/ua-esc-consent/decline"
want 200 "item 13: $R withdraws its consent"
as rokytne POST /api/v1/microcredentials/ua-esc-consent/credentials "$learner"
want 403 "item 13: $R's issuer issues without its consent" "has not accepted"

echo "allowed cells: $allowed_done of $allowed_cells reached the action ($allowed_2xx answered their 2xx, $allowed_303 the 303 of a form done)"
echo "denied cells: $denied_refused of $denied_cells refused ($denied_401 with 401, $denied_403 with 403, $denied_404 with 404, $denied_login with a 303 to /login)"
if [ -n "$mismatches" ]; then
	fail "authorisation mismatches:$mismatches"
fi
[ "$allowed_cells" -ge 100 ] && [ "$denied_cells" -ge 150 ] && ok ||
	fail "only $allowed_cells allowed and $denied_cells denied cells tried"
finish
