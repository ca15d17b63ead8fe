#!/usr/bin/env bash
# The signature suite of OB 3.0 credentials at every front door: issued
# with eddsa-rdfc-2022 when nothing names one; --cryptosuite (issue,
# issue-batch), "cryptosuite" in the API (issue, roster upload, the VC
# API's options) and the workspace's "Signature suite" choice keep
# eddsa-jcs-2022; an unknown name is refused up front, naming the option
# or field and the names allowed.  The platform setting (serve
# --cryptosuite, the config key, MICROCRED_CRYPTOSUITE; `microcred config
# cryptosuite`), kept in the database, is the default of a request that
# names none, at every front door, and the suite of status list
# credentials.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the cryptosuite test needs it"
		exit 77
	fi
done
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES \
	MICROCRED_CRYPTOSUITE
org=ua-dniprorudne-lyceum
mcid=ua-mag-welding-steel-structures
rdfc=eddsa-rdfc-2022
jcs=eddsa-jcs-2022

# suite FILE: the cryptosuite of the credential's proof.
suite() {
	jq -r '.proof | if type == "array" then .[0] else . end | .cryptosuite' "$1" 2>/dev/null
}
# problem_field: the fields the last answer's problem names.
problem_field() {
	jq -r '[.errors[]?.field] | join(",")' "$tmp/body"
}
# as TOKEN METHOD PATH [CURL ARGS...]; json TOKEN METHOD PATH BODY.
as() {
	local t=$1
	shift
	http "$1" "$2" -H "Authorization: Bearer $t" "${@:3}"
}
json() {
	as "$1" "$2" "$3" -H 'Content-Type: application/json' --data-binary "$4"
}
# wait_job TOKEN JOB: poll the job until it ends; its JSON in $tmp/body.
wait_job() {
	for _ in $(seq 200); do
		as "$1" GET "/api/v1/jobs/$2"
		case "$(jq -r .status "$tmp/body")" in done | partial | failed) return ;; esac
		sleep 0.1
	done
}
# credential_of TOKEN NAME: the credential issued to learner NAME of
# $mcid, into $tmp/of.json.
credential_of() {
	local id
	as "$1" GET "/api/v1/credentials?mc=$mcid&limit=1000"
	id=$(jq -r --arg n "$2" '[.credentials[] | select(.learner_name == $n)][0].id // empty' "$tmp/body")
	rm -f "$tmp/of.json"
	[ -n "$id" ] || return 0
	http GET "/credentials/${id##*/}" -H "Accept: application/json"
	cp "$tmp/body" "$tmp/of.json"
}

db=$(mc_db suites)
mc_init "$db"
demo_issuer "$db" "$org"
[ "$failures" -eq 0 ] || finish
issue() {
	"$mc" --db "$db" issue --mc $mcid --learner-name "$1" \
		--learner-email "$2@suites.test" "${@:3}"
}

# ---- the command line ---------------------------------------------------------

expect 0 "issue with no suite" -- issue "Ada Default" ada --out "$tmp/default.json"
equal "$(suite "$tmp/default.json")" $rdfc "the default suite"
expect 0 "issue --cryptosuite $jcs" -- issue "Jan Jcs" jan --cryptosuite $jcs --out "$tmp/jcs.json"
equal "$(suite "$tmp/jcs.json")" $jcs "--cryptosuite $jcs"
expect 0 "verify the JCS one" -- "$mc" --db "$db" verify "$tmp/jcs.json"
expect 0 "issue --cryptosuite=$rdfc" -- issue "Rada Rdfc" rada --cryptosuite=$rdfc --out "$tmp/rdfc.json"
equal "$(suite "$tmp/rdfc.json")" $rdfc "--cryptosuite $rdfc"
expect 2 "issue --cryptosuite bogus" -- issue "Bo Gus" bogus --cryptosuite eddsa-rdfc-2023
contains "$tmp/err" "--cryptosuite" "the option named"
contains "$tmp/err" "eddsa-rdfc-2023" "the value named"
contains "$tmp/err" "eddsa-jcs-2022" "the names allowed listed"
[ -s "$tmp/out" ] && fail "a credential printed for a bad suite" || ok
expect 2 "--cryptosuite with --format vc-jwt" -- issue "Vi Jwt" vi --format vc-jwt --cryptosuite $jcs
contains "$tmp/err" "--cryptosuite" "the option named"

printf 'name,email\nBatch One,b1@suites.test\nBatch Two,b2@suites.test\n' >"$tmp/roster.csv"
expect 0 "issue-batch --cryptosuite $jcs" -- "$mc" --db "$db" issue-batch --mc $mcid \
	--cryptosuite $jcs --jsonl "$tmp/batch.jsonl" "$tmp/roster.csv"
equal "$(jq -r '.credential | fromjson | .proof | if type == "array" then .[0] else . end | .cryptosuite' \
	"$tmp/batch.jsonl" | sort -u | tr '\n' ' ')" "$jcs " "issue-batch --cryptosuite $jcs"
printf 'name,email\nBatch Three,b3@suites.test\n' >"$tmp/roster2.csv"
expect 0 "issue-batch with no suite" -- "$mc" --db "$db" issue-batch --mc $mcid \
	--jsonl "$tmp/batch2.jsonl" "$tmp/roster2.csv"
equal "$(jq -r '.credential | fromjson | .proof | if type == "array" then .[0] else . end | .cryptosuite' \
	"$tmp/batch2.jsonl")" $rdfc "issue-batch's default"
expect 2 "issue-batch --cryptosuite bogus" -- "$mc" --db "$db" issue-batch --mc $mcid \
	--cryptosuite jcs "$tmp/roster.csv"
contains "$tmp/err" "--cryptosuite" "the option named"

# ---- the server: a bad setting stops it --------------------------------------------

# (A server that ignored the setting would run on: 124 from timeout.)
expect 2 "serve --cryptosuite bogus" -- timeout 10 "$mc" --db "$db" serve --port 0 --cryptosuite bogus
contains "$tmp/err" "cryptosuite" "the setting named"
contains "$tmp/err" "eddsa-rdfc-2022" "the names allowed listed"
printf 'cryptosuite = eddsa-jcs-2021\n' >"$tmp/bad.conf"
expect 2 "cryptosuite in a config file" -- timeout 10 "$mc" --db "$db" serve --port 0 --config "$tmp/bad.conf"
contains "$tmp/err" "cryptosuite: unknown suite" "the key named"
MICROCRED_CRYPTOSUITE=nope expect 2 "MICROCRED_CRYPTOSUITE=nope for serve" -- \
	timeout 10 "$mc" --db "$db" serve --port 0
contains "$tmp/err" "cryptosuite: unknown suite" "the setting named"

# ---- the API ----------------------------------------------------------------------

serve_start "$db"
body() { jq -nc --arg n "$1" --arg e "$2@suites.test" '{learner: {name: $n, email: $e}}' | jq -c "${3:-.}"; }
json "$T" POST /api/v1/microcredentials/$mcid/credentials "$(body "Api Default" apidef)"
equal "$code" 201 "API issue with no suite"
equal "$(suite "$tmp/body")" $rdfc "the API's default"
json "$T" POST /api/v1/microcredentials/$mcid/credentials "$(body "Api Jcs" apijcs ".cryptosuite = \"$jcs\"")"
equal "$code" 201 "API issue with cryptosuite $jcs"
equal "$(suite "$tmp/body")" $jcs "the API's cryptosuite"
json "$T" POST /api/v1/microcredentials/$mcid/credentials "$(body "Api Bad" apibad '.cryptosuite = "ed25519"')"
equal "$code" 400 "API issue with an unknown suite"
equal "$(problem_field)" cryptosuite "the field named"
contains "$tmp/body" "eddsa-jcs-2022" "the names allowed listed"
json "$T" POST /api/v1/microcredentials/$mcid/credentials "$(body "Api Num" apinum '.cryptosuite = 7')"
equal "$code" 400 "cryptosuite not a string"
equal "$(problem_field)" cryptosuite "the field named"
json "$T" POST /api/v1/microcredentials/$mcid/credentials \
	"$(body "Api Jwt" apijwt ".format = \"vc-jwt\" | .cryptosuite = \"$jcs\"")"
equal "$code" 400 "cryptosuite with format vc-jwt"
equal "$(problem_field)" cryptosuite "the field named"

# The W3C VC API: options.cryptosuite.
uri=$(jq -r '.credentialSubject.achievement.id' "$tmp/default.json")
vcreq() {
	jq -nc --arg uri "$uri" --arg name "$1" --arg email "$2@suites.test" \
		'{credential: {"@context": ["https://www.w3.org/ns/credentials/v2"],
		  type: ["VerifiableCredential"],
		  credentialSubject: {name: $name, email: $email,
		    achievement: {id: $uri}}}, options: {}}' | jq -c "${3:-.}"
}
json "$T" POST /credentials/issue "$(vcreq "Vc Default" vcdef)"
equal "$code" 201 "VC API issue"
jq '.verifiableCredential' "$tmp/body" >"$tmp/vc.json"
equal "$(suite "$tmp/vc.json")" $rdfc "the VC API's default"
json "$T" POST /credentials/issue "$(vcreq "Vc Jcs" vcjcs ".options.cryptosuite = \"$jcs\"")"
equal "$code" 201 "VC API issue with options.cryptosuite"
jq '.verifiableCredential' "$tmp/body" >"$tmp/vc.json"
equal "$(suite "$tmp/vc.json")" $jcs "the VC API's options.cryptosuite"
json "$T" POST /credentials/issue "$(vcreq "Vc Bad" vcbad '.options.cryptosuite = "rsa"')"
equal "$code" 400 "VC API with an unknown suite"
equal "$(problem_field)" options.cryptosuite "the field named"

# Rosters: "cryptosuite" as a query or form field.
printf 'name,email\nRoster Jcs,rj@suites.test\n' >"$tmp/r1.csv"
as "$T" POST "/api/v1/microcredentials/$mcid/rosters?cryptosuite=bogus" \
	-H 'Content-Type: text/csv' --data-binary @"$tmp/r1.csv"
equal "$code" 400 "roster with an unknown suite"
equal "$(problem_field)" cryptosuite "the field named"
as "$T" POST "/api/v1/microcredentials/$mcid/rosters?cryptosuite=$jcs" \
	-H 'Content-Type: text/csv' --data-binary @"$tmp/r1.csv"
equal "$code" 202 "roster with cryptosuite $jcs"
wait_job "$T" "$(jq -r .job "$tmp/body")"
equal "$(jq -r .status "$tmp/body")" done "roster job"
credential_of "$T" "Roster Jcs"
equal "$(suite "$tmp/of.json")" $jcs "the roster's cryptosuite"
printf 'name,email\nRoster Form,rf@suites.test\n' >"$tmp/r2.csv"
as "$T" POST "/api/v1/microcredentials/$mcid/rosters" \
	-F "roster=@$tmp/r2.csv;type=text/csv" -F "cryptosuite=$jcs"
equal "$code" 202 "roster form with cryptosuite $jcs"
wait_job "$T" "$(jq -r .job "$tmp/body")"
credential_of "$T" "Roster Form"
equal "$(suite "$tmp/of.json")" $jcs "the roster form's cryptosuite"

# ---- the workspace -------------------------------------------------------------

http POST /login --data-urlencode email=ivan@example.org \
	--data-urlencode "password=$(cat "$tmp/pw")"
equal "$code" 303 "sign in"
cookie=$(grep -i '^set-cookie: mc_session=' "$tmp/hdr" | head -1 | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
http GET /workspace/mc/$mcid/issue -H "Cookie: $cookie"
equal "$code" 200 "the issue form"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$tmp/body" | head -1 | sed 's/.*value="//; s/"$//')
cp "$tmp/body" "$tmp/form.html"
contains "$tmp/form.html" '<select id="cryptosuite" name="cryptosuite">' "the one-learner form offers a suite"
contains "$tmp/form.html" '<select id="roster-cryptosuite" name="cryptosuite">' "the roster form offers a suite"
contains "$tmp/form.html" '<label for="cryptosuite">Signature suite' "the choice is labelled"
suites=$(grep -o '<select id="cryptosuite".*' "$tmp/form.html" | sed 's#</select>.*##' |
	grep -o '<option value="[^"]*"' | sed 's/.*value="//; s/"$//' | tr '\n' ' ')
equal "$suites" "eddsa-rdfc-2022 eddsa-jcs-2022 ecdsa-rdfc-2019 ecdsa-jcs-2019 " "the four suites"
contains "$tmp/form.html" "<option value=\"$rdfc\" selected>$rdfc - accepted by most wallets" \
	"$rdfc chosen, with when to pick it"
contains "$tmp/form.html" "<option value=\"$jcs\">$jcs - simpler, a W3C Recommendation; some wallets refuse it" \
	"$jcs with when to pick it"
http GET "/workspace/mc/$mcid/issue?lang=uk" -H "Cookie: $cookie"
contains "$tmp/body" "Набір підпису" "the choice in Ukrainian"

http POST /workspace/mc/$mcid/issue -H "Cookie: $cookie" --data-urlencode csrf="$csrf" \
	--data-urlencode format=ob3 --data-urlencode cryptosuite=$jcs \
	--data-urlencode "learner_name=Ws Jcs" --data-urlencode learner_email=wsjcs@suites.test
equal "$code" 303 "issue from the workspace with $jcs"
http GET "$(header Location)" -H "Accept: application/json"
equal "$(suite "$tmp/body")" $jcs "the workspace's suite"
http POST /workspace/mc/$mcid/issue -H "Cookie: $cookie" --data-urlencode csrf="$csrf" \
	--data-urlencode format=ob3 --data-urlencode "learner_name=Ws Default" \
	--data-urlencode learner_email=wsdef@suites.test
equal "$code" 303 "issue from the workspace with no suite"
http GET "$(header Location)" -H "Accept: application/json"
equal "$(suite "$tmp/body")" $rdfc "the workspace's default"
http POST /workspace/mc/$mcid/issue -H "Cookie: $cookie" --data-urlencode csrf="$csrf" \
	--data-urlencode format=ob3 --data-urlencode cryptosuite=bogus \
	--data-urlencode "learner_name=Ws Bad" --data-urlencode learner_email=wsbad@suites.test
equal "$code" 422 "the workspace refuses an unknown suite"
contains "$tmp/body" "Unknown signature suite." "says why"
# A suite chosen with another format is for OB 3.0 only: left out.
expect 0 "RSA key" -- "$mc" --db "$db" key generate --org $org --type rsa2048
http POST /workspace/mc/$mcid/issue -H "Cookie: $cookie" --data-urlencode csrf="$csrf" \
	--data-urlencode format=vc-jwt --data-urlencode cryptosuite=$jcs \
	--data-urlencode "learner_name=Ws Jwt" --data-urlencode learner_email=wsjwt@suites.test
equal "$code" 303 "a VC-JWT from the form, whose suite select says $jcs"
# The roster form.
printf 'name,email\nWs Roster,wsr@suites.test\n' >"$tmp/r3.csv"
http POST /workspace/mc/$mcid/roster -H "Cookie: $cookie" -F "csrf=$csrf" \
	-F "roster=@$tmp/r3.csv;type=text/csv" -F format=ob3 -F "cryptosuite=$jcs"
equal "$code" 303 "roster from the workspace with $jcs"
job=$(header Location)
wait_job "$T" "${job##*/}"
credential_of "$T" "Ws Roster"
equal "$(suite "$tmp/of.json")" $jcs "the workspace roster's suite"

# Status lists of this platform: the library's default.
status=$(jq -r '.credentialStatus | if type == "array" then .[0] else . end | .statusListCredential' "$tmp/default.json")
http GET "${status#"$test_base"}" -H "Accept: application/json"
equal "$code" 200 "the status list"
equal "$(suite "$tmp/body")" $rdfc "the status list's suite"

# ---- the platform's setting ----------------------------------------------------------

kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=
db2=$(mc_db suites2)
before=$failures
mc_init "$db2"
demo_issuer "$db2" "$org"
[ "$failures" -eq "$before" ] || finish
printf 'cryptosuite = %s\n' $jcs >"$tmp/jcs.conf"
serve_start "$db2" --config "$tmp/jcs.conf"
json "$T" POST /api/v1/microcredentials/$mcid/credentials "$(body "Set Default" setdef)"
equal "$code" 201 "API issue on a platform set to $jcs"
equal "$(suite "$tmp/body")" $jcs "the platform's setting is the default"
status=$(jq -r '.credentialStatus | if type == "array" then .[0] else . end | .statusListCredential' "$tmp/body")
json "$T" POST /api/v1/microcredentials/$mcid/credentials "$(body "Set Rdfc" setrdfc ".cryptosuite = \"$rdfc\"")"
equal "$(suite "$tmp/body")" $rdfc "a request's suite wins over the setting"
json "$T" POST /credentials/issue "$(vcreq "Set Vc" setvc)"
jq '.verifiableCredential' "$tmp/body" >"$tmp/vc.json"
equal "$(suite "$tmp/vc.json")" $jcs "the VC API's default is the setting"
http GET "${status#"$test_base"}" -H "Accept: application/json"
equal "$code" 200 "the status list"
equal "$(suite "$tmp/body")" $jcs "status lists follow the setting"
http POST /login --data-urlencode email=ivan@example.org \
	--data-urlencode "password=$(cat "$tmp/pw")"
cookie=$(grep -i '^set-cookie: mc_session=' "$tmp/hdr" | head -1 | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
http GET /workspace/mc/$mcid/issue -H "Cookie: $cookie"
contains "$tmp/body" "<option value=\"$jcs\" selected>" "the form chooses the setting"
# The setting is the platform's, kept in its database: the command line
# issues with it too.
expect 0 "CLI issue on the platform set to $jcs" -- "$mc" --db "$db2" issue --mc $mcid \
	--learner-name "Cli Set" --learner-email cliset@suites.test --out "$tmp/cliset.json"
equal "$(suite "$tmp/cliset.json")" $jcs "the command line follows the setting"
expect 0 "config cryptosuite" -- "$mc" --db "$db2" config cryptosuite
equal "$(cat "$tmp/out")" $jcs "config cryptosuite shows the setting"
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
server_pid=

# Without a server: config cryptosuite [NAME].
expect 0 "config cryptosuite" -- "$mc" --db "$db" config cryptosuite
equal "$(cat "$tmp/out")" $rdfc "the default"
expect 2 "config cryptosuite bogus" -- "$mc" --db "$db" config cryptosuite eddsa
contains "$tmp/err" "cryptosuite: unknown suite 'eddsa'" "the setting and value named"
expect 0 "config cryptosuite $jcs" -- "$mc" --db "$db" config cryptosuite $jcs
equal "$(cat "$tmp/out")" $jcs "set"
expect 0 "issue after config cryptosuite $jcs" -- issue "Conf Jcs" confjcs --out "$tmp/conf.json"
equal "$(suite "$tmp/conf.json")" $jcs "issue follows config cryptosuite"

finish
