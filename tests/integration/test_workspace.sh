#!/usr/bin/env bash
# The workspace pages without a browser (curl): sign-in and its redirects,
# the CSRF gate, validation problems beside their fields with nothing
# stored, the policy's refusals (a designer cannot approve), and bad form
# input.  tests/integration/test_browser.sh drives the happy path in
# chromium.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the workspace test needs it"
		exit 77
	fi
done

db=$(mc_db ws)
org=ua-dniprorudne-lyceum
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES
mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo
printf 'workspace-test-pw\n' >"$tmp/password"
expect 0 "user add" -- "$mc" --db "$db" user add --email d@ws.test \
	--name Designer --password-file "$tmp/password"
expect 0 "user grant" -- "$mc" --db "$db" user grant --user d@ws.test \
	--org $org --roles designer
[ "$failures" -eq 0 ] || finish
serve_start "$db" --rate-login 100

# Not signed in: browsers are sent to the sign-in page.
http GET /workspace -H "Accept: text/html"
equal "$code" 303 "GET /workspace anonymous"
case "$(header Location)" in /login\?next=*) ok ;; *) fail "Location $(header Location)" ;; esac

http GET /login
equal "$code" 200 "GET /login"
contains "$tmp/body" 'id="login-form"' "login form"

http POST /login --data-urlencode email=d@ws.test --data-urlencode password=wrong-password
equal "$code" 403 "wrong password"
contains "$tmp/body" 'id="login-error"' "error shown"
contains "$tmp/body" 'value="d@ws.test"' "email kept"

# Login CSRF: a sign-in posted from another site (as a browser says with
# Origin or Sec-Fetch-Site) is refused, and no session is set; one from
# this site's own page goes through (below).
for h in "Origin: https://evil.example" "Sec-Fetch-Site: cross-site" "Sec-Fetch-Site: same-site"; do
	http POST /login -H "$h" --data-urlencode email=d@ws.test --data-urlencode password=workspace-test-pw
	equal "$code" 403 "sign-in from another site ($h)"
	contains "$tmp/body" "came from another site" "says why ($h)"
	if grep -qi '^set-cookie: mc_session=' "$tmp/hdr"; then fail "a session cookie from another site's post ($h)"; else ok; fi
done
host=${url#http://}
http POST /login -H "Origin: http://$host" -H "Sec-Fetch-Site: same-origin" --data-urlencode email=d@ws.test \
	--data-urlencode password=workspace-test-pw
equal "$code" 303 "sign-in from this site's own page"

# Only local paths are followed after signing in.
http POST /login --data-urlencode email=d@ws.test \
	--data-urlencode password=workspace-test-pw --data-urlencode next=//evil.example/x
equal "$code" 303 "sign in"
equal "$(header Location)" /workspace "next=//host is not followed"
cookie=$(grep -i '^set-cookie: mc_session=' "$tmp/hdr" | head -1 | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
grep -i '^set-cookie: mc_session=' "$tmp/hdr" | grep -qi httponly && ok || fail "session cookie not HttpOnly"
# Open redirects: what browsers would turn into "//evil.example" (a tab
# or newline they drop, a backslash they read as a slash, an encoded
# slash), a header injection, another scheme: all go to the workspace,
# from the form's field and from the query the sign-in page carries.
for next in '/	/evil.example' '/%09/evil.example' '/\evil.example' '/%5Cevil.example' \
	'/%2F/evil.example' '/%0d%0aLocation: https://evil.example' 'https://evil.example' \
	'\\evil.example' '/
/evil.example'; do
	http POST /login --data-urlencode email=d@ws.test \
		--data-urlencode password=workspace-test-pw --data-urlencode "next=$next"
	equal "$code" 303 "sign in with next=$next"
	equal "$(header Location)" /workspace "next=$next is not followed"
done
http GET '/login?next=/%09/evil.example'
lacks "$tmp/body" 'evil.example' "the sign-in page does not carry next=/%09/evil.example"
http POST /login --data-urlencode email=d@ws.test \
	--data-urlencode password=workspace-test-pw --data-urlencode "next=/workspace/credentials?x=1"
equal "$(header Location)" "/workspace/credentials?x=1" "a local next is followed"
[ -n "$cookie" ] && ok || { fail "no session cookie"; finish; }

http GET /workspace -H "Cookie: $cookie"
equal "$code" 200 "GET /workspace"
contains "$tmp/body" "data-org=\"$org\"" "my organisation listed"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$tmp/body" | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$csrf" ] && ok || fail "no CSRF token in the page"

form=(--data-urlencode id=ws-test-mc --data-urlencode provider=$org
	--data-urlencode text_lang=en --data-urlencode "title=Test MC"
	--data-urlencode "outcomes_skills=The learner can weld a butt joint."
	--data-urlencode hours=40 --data-urlencode assessment=practical_demonstration
	--data-urlencode mode=onsite --data-urlencode qa_type=internal
	--data-urlencode languages=en --data-urlencode sector=0715
	--data-urlencode target_groups=adults --data-urlencode target_groups=youth
	--data-urlencode licence=CC-BY-4.0)

# Without the CSRF token: refused, nothing stored.
http POST /workspace/mc/new -H "Cookie: $cookie" "${form[@]}" --data-urlencode eqf_level=4
equal "$code" 403 "POST without CSRF"
http GET /workspace/mc/ws-test-mc -H "Cookie: $cookie"
equal "$code" 404 "nothing stored without CSRF"

# A bad EQF level: 422, the problem beside its field, values kept.
http POST /workspace/mc/new -H "Cookie: $cookie" "${form[@]}" \
	--data-urlencode csrf="$csrf" --data-urlencode eqf_level=9
equal "$code" 422 "invalid MC"
contains "$tmp/body" 'id="err-eqf_level"' "problem beside eqf_level"
# The reason alone beside the field (its label is there), no field path;
# the summary names the field by its label.
grep -o '<p class="field-error" id="err-eqf_level"[^>]*>[^<]*' "$tmp/body" | sed 's/.*>//' >"$tmp/beside"
[ -s "$tmp/beside" ] && ! grep -q 'eqf_level' "$tmp/beside" && ok ||
	fail "problem beside eqf_level shows the field path: $(cat "$tmp/beside")"
contains "$tmp/body" '<a href="#eqf_level">EQF level</a>: ' "summary names the field's label"
# Select options and checkboxes: the codes are submitted, labels shown.
contains "$tmp/body" '<option value="practical_demonstration" selected>Practical demonstration</option>' "assessment label shown"
contains "$tmp/body" '<option value="onsite" selected>On site</option>' "participation label shown"
contains "$tmp/body" '<option value="external">External review</option>' "QA label shown"
contains "$tmp/body" 'value="idps"> Internally displaced people</label>' "target group label shown"
lacks "$tmp/body" '> idps</label>' "target group code not shown"
contains "$tmp/body" 'value="Test MC"' "title kept"
http GET /workspace/mc/ws-test-mc -H "Cookie: $cookie"
equal "$code" 404 "nothing stored when invalid"
http GET '/workspace/mc/new?lang=uk' -H "Cookie: $cookie"
contains "$tmp/body" 'value="idps"> Внутрішньо переміщені особи</label>' "target group label in Ukrainian"
contains "$tmp/body" '<option value="onsite">Очно</option>' "participation label in Ukrainian"

# Invalid UTF-8 in a form field.
http POST /workspace/mc/new -H "Cookie: $cookie" --data-urlencode csrf="$csrf" \
	--data 'title=%FF%FE'
equal "$code" 400 "invalid UTF-8"

http POST /workspace/mc/new -H "Cookie: $cookie" "${form[@]}" \
	--data-urlencode csrf="$csrf" --data-urlencode eqf_level=4
equal "$code" 303 "MC created"
equal "$(header Location)" /workspace/mc/ws-test-mc "to the MC's page"
http POST /workspace/mc/new -H "Cookie: $cookie" "${form[@]/#title=Test MC/title=Another title}" \
	--data-urlencode csrf="$csrf" --data-urlencode eqf_level=4
equal "$code" 422 "the same id again"
contains "$tmp/body" 'id="err-id"' "problem beside id"
http GET /workspace/mc/ws-test-mc -H "Cookie: $cookie"
lacks "$tmp/body" 'Another title' "the refused create left the stored draft as it was"

http GET /workspace/mc/ws-test-mc -H "Cookie: $cookie"
contains "$tmp/body" 'id="mc-form"' "a draft is edited in the form"
lacks "$tmp/body" 'id="details"' "no read-only details beside the editor"
contains "$tmp/body" 'formaction="/workspace/mc/ws-test-mc/submit"' "submit button posts to its action"
equal "$(grep -o '<textarea id="note"' "$tmp/body" | wc -l)" 1 "one note box for all actions"

http POST /workspace/mc/ws-test-mc/submit -H "Cookie: $cookie" --data-urlencode csrf="$csrf"
equal "$code" 303 "submit"
http GET /workspace/mc/ws-test-mc -H "Cookie: $cookie"
contains "$tmp/body" 'data-status="in_review"' "in review"
lacks "$tmp/body" 'id="mc-form"' "no editor while in review"
contains "$tmp/body" 'id="details"' "the version's details shown read-only"
contains "$tmp/body" 'The learner can weld a butt joint.' "outcomes readable in review"
contains "$tmp/body" '<dl class="annex">' "Annex I elements readable in review"
lacks "$tmp/body" 'id="action-approve"' "no approve button for the designer"
http POST /workspace/mc/ws-test-mc/approve -H "Cookie: $cookie" --data-urlencode csrf="$csrf"
equal "$code" 403 "the designer cannot approve"
http POST /workspace/mc/ws-test-mc/frobnicate -H "Cookie: $cookie" --data-urlencode csrf="$csrf"
equal "$code" 404 "unknown action"

# Issuing from the workspace in every format the form offers (the
# select once offered "vc_jwt", which no parser knew).
expect 0 "grant issuer" -- "$mc" --db "$db" user grant --user d@ws.test \
	--org $org --roles designer,issuer
expect 0 "keys" -- "$mc" --db "$db" key generate --org $org
expect 0 "RSA key" -- "$mc" --db "$db" key generate --org $org --type rsa2048
expect 0 "test CA" -- "$mc" --db "$db" cert create-test-ca
expect 0 "test seal" -- "$mc" --db "$db" cert create-test-seal $org
pub=ua-mag-welding-steel-structures
http GET /workspace/mc/$pub/issue -H "Cookie: $cookie"
equal "$code" 200 "issue form"
formats=$(grep -o '<option value="[^"]*"' "$tmp/body" | sed 's/.*value="//; s/"$//' |
	grep -E '^(ob3|vc.jwt|edc)$' | sort -u | tr '\n' ' ')
equal "$formats" "edc ob3 vc-jwt " "the form offers ob3, vc-jwt and edc"
for f in $formats; do
	http POST /workspace/mc/$pub/issue -H "Cookie: $cookie" \
		--data-urlencode csrf="$csrf" --data-urlencode format="$f" \
		--data-urlencode "learner_name=Learner $f" \
		--data-urlencode learner_email="$f@ws.test"
	equal "$code" 303 "issue as $f from the workspace"
	loc=$(header Location)
	http GET "$loc" -H "Accept: application/json"
	equal "$code" 200 "the $f credential"
	case $f in
	vc-jwt) equal "$(header Content-Type)" application/vc+jwt "$f content type" ;;
	edc) equal "$(header Content-Type)" application/jose+json "$f content type" ;;
	*) equal "$(header Content-Type)" application/vc+ld+json "$f content type" ;;
	esac
done

http POST /logout -H "Cookie: $cookie" --data-urlencode csrf="$csrf"
equal "$code" 303 "sign out"
http GET /workspace -H "Cookie: $cookie" -H "Accept: text/html"
equal "$code" 303 "the session has ended"
finish
