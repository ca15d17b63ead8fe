#!/usr/bin/env bash
# Who sees drafts (docs/ACCOUNTS.md, "Who sees drafts"): a version that is
# not published or retired (draft, in review, approved) is read only by
# the platform admin and by members of its provider, its awarding bodies
# and the QA body that reviews it (mc_authz_can_read_version()).  Every
# other reader, anonymous or signed in elsewhere, gets 404 for it (never
# 403) and finds it in no list, search, facet count, cluster, page or
# export.  Retired versions stay public: credentials point at them.
#
# Each route is asked by every reader: anonymous, a user of an unrelated
# organisation, a member of the provider (by session, by a token with the
# read scope, and by a token without it), a member of the QA body, a
# member of a draft's second awarding body, and the platform admin.  The
# anonymous reader asks first and again last, so an answer computed for a
# member and kept by the response cache would show.  The real binary on
# port 0, curl as the client; users and drafts made with the CLI.
#
# Before drafts were private, every check that someone outside sees no
# unpublished version failed, and so did the members' answers being
# private and the page's list of versions showing them their draft.  The
# checks that members do see their drafts, and those of the pages and
# exports that only ever showed published versions (the catalogue and
# organisation pages, the Europass datasets) and of retired versions,
# held before too: they guard against hiding too much, or too little
# later.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	command -v $tool >/dev/null 2>&1 || skip "$tool is not installed; the drafts test needs it"
done

db=$(mc_db drafts)
P=ua-dniprorudne-lyceum  # provider of every MC below
QA=ua-nqa                # their QA body
AB=ua-rokytne-lyceum     # second awarding body of $D only
OTHER=mk-vet-center      # nothing to do with any of them
A=ua-mag-welding-steel-structures # published v1, draft v2
B=ua-drywall-partitions-finishing # retired v1, published v2
D=ua-secret-draft-only            # one version: a draft
R=ua-secret-in-review             # one version: in review
V=ua-secret-approved              # one version: approved, not published
CLUSTER=ukraine-recovery
unset MICROCRED_MASTER_KEY MICROCRED_MASTER_KEY_FILE MICROCRED_DEV_WRITES \
	MICROCRED_TEST_NOW MICROCRED_RATE_LOGIN MICROCRED_RATE_VERIFY \
	MICROCRED_ADMIN_EMAIL MICROCRED_ADMIN_PASSWORD

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo

# ---- the unpublished versions, made with the CLI -------------------------------

expect 0 "export $A" -- "$mc" --db "$db" mc export $A
cp "$tmp/out" "$tmp/a.json"
# draft ID TITLE [JQ]: import a copy of $A as a draft with id ID and
# English title TITLE (the word the searches look for).
draft() {
	jq ".[0] | del(.version, .status) | .id = \"$1\" | .title.en = \"$2\" ${3:-}" \
		"$tmp/a.json" >"$tmp/new.json"
	expect 0 "import $1" -- "$mc" --db "$db" mc import "$tmp/new.json"
}
draft $A "Draftsecretvtwo welding"
draft $D "Draftonlysecret course" "| .awarding_bodies = [\"$P\", \"$AB\"]"
draft $R "Inreviewsecret course"
draft $V "Approvedsecret course"
expect 0 "submit $R" -- "$mc" --db "$db" mc submit $R --by designer
expect 0 "submit $V" -- "$mc" --db "$db" mc submit $V --by designer
expect 0 "approve $V" -- "$mc" --db "$db" mc approve $V --by reviewer
expect 0 "cluster add $D" -- "$mc" --db "$db" cluster add $CLUSTER --mc $D
# $B: v2 published, so v1 is retired.
expect 0 "export $B" -- "$mc" --db "$db" mc export $B
jq '.[0] | del(.version, .status) | .title.en = "Drywall, second edition"' "$tmp/out" >"$tmp/b.json"
expect 0 "import $B v2" -- "$mc" --db "$db" mc import "$tmp/b.json"
for step in submit approve publish; do
	expect 0 "$step $B" -- "$mc" --db "$db" mc $step $B --by someone
done
expect 0 "versions $B" -- "$mc" --db "$db" mc versions $B
contains "$tmp/out" "retired" "$B v1 is retired"
expect 0 "versions $A" -- "$mc" --db "$db" mc versions $A
contains "$tmp/out" "draft" "$A v2 is a draft"

# ---- readers ---------------------------------------------------------------------

pw='drafts test password'
printf '%s\n' "$pw" >"$tmp/pw"
# user NAME ORG ROLES: a user NAME@example.org with ROLES in ORG.
user() {
	expect 0 "user add $1" -- "$mc" --db "$db" user add --email "$1@example.org" --name "$1" --password-file "$tmp/pw"
	expect 0 "user grant $1" -- "$mc" --db "$db" user grant --user "$1@example.org" --org "$2" --roles "$3"
}
user member $P viewer
user qa $QA viewer
user awardee $AB designer
user stranger $OTHER designer,reviewer,issuer,admin
expect 0 "token with read" -- "$mc" --db "$db" token create --user member@example.org --name reader --scopes read
read_token=$(cat "$tmp/out")
expect 0 "token without read" -- "$mc" --db "$db" token create --user member@example.org --name issuer --scopes issue,revoke
issue_token=$(cat "$tmp/out")

MICROCRED_ADMIN_PASSWORD=$pw serve_start "$db" --admin-email admin@example.org --rate-login 0

for who in member qa awardee stranger admin; do
	http POST /api/v1/session -H 'Content-Type: application/json' \
		--data-binary "{\"email\":\"$who@example.org\",\"password\":\"$pw\"}" -c "$tmp/$who.jar"
	equal "$code" 201 "sign in as $who"
done

# as READER: the curl arguments of READER in $as.
as() {
	case $1 in
	anonymous | anonymous_again) as=() ;;
	member_read_token) as=(-H "Authorization: Bearer $read_token") ;;
	member_issue_token) as=(-H "Authorization: Bearer $issue_token") ;;
	*) as=(-b "$tmp/$1.jar") ;;
	esac
}
readers="anonymous stranger member_issue_token member member_read_token qa awardee admin anonymous_again"

# sees READER WHAT: "yes" when READER may read the unpublished versions
# of WHAT (provider $P, QA body $QA; "D" also awarded by $AB), else "no".
sees() {
	case $1 in
	member | member_read_token | qa | admin) echo yes ;;
	awardee) [ "$2" = D ] && echo yes || echo no ;;
	*) echo no ;;
	esac
}

# get PATH [CURL ARGS]: GET as the current reader, asking for JSON.
get() {
	local path=$1
	shift
	http GET "$path" -H 'Accept: application/json' "${as[@]}" "$@"
}
page() {
	local path=$1
	shift
	http GET "$path" -H 'Accept: text/html' "${as[@]}" "$@"
}
jbody() {
	jq -r "$1" "$tmp/body" 2>/dev/null
}

# found R WANT WHAT: the last answer is WANT (200 when R sees, else 404).
found() {
	local want=404
	[ "$(sees "$1" "${3:-A}")" = yes ] && want=200
	equal "$code" "$want" "$1: $2"
	if [ "$code" = 200 ] && [ "$want" = 200 ]; then
		# A member's view is theirs alone: no shared cache keeps it.
		equal "$(header Cache-Control)" "private, no-store" "$1: $2 is private"
	fi
}

# same_as_absent HIDDEN ABSENT TEXT_H TEXT_A: GET HIDDEN answers exactly
# as GET ABSENT (a version or MC that does not exist), TEXT_A read as
# TEXT_H: a hidden version's existence is not told.
same_as_absent() {
	get "$1"
	cp "$tmp/body" "$tmp/hidden.json"
	local hidden_code=$code
	get "$2"
	sed "s/$4/$3/g" "$tmp/body" >"$tmp/absent.json"
	if [ "$hidden_code" = "$code" ] && cmp -s "$tmp/hidden.json" "$tmp/absent.json"; then ok; else
		fail "$r: $1 answers unlike $2: $hidden_code $(head -c 300 "$tmp/hidden.json") vs $code $(head -c 300 "$tmp/absent.json")"
	fi
}

for r in $readers; do
	as $r
	s=$(sees $r A)
	sd=$(sees $r D)

	# -- the JSON API: one MC, its versions, the stable URIs
	get /api/v1/microcredentials/$D
	found $r "GET /api/v1/microcredentials/$D (draft only)" D
	[ $sd = no ] && same_as_absent /api/v1/microcredentials/$D /api/v1/microcredentials/ua-no-such-mc "$D" ua-no-such-mc
	get /api/v1/microcredentials/$D/versions
	found $r "GET .../$D/versions" D
	[ $sd = no ] && same_as_absent /api/v1/microcredentials/$D/versions /api/v1/microcredentials/ua-no-such-mc/versions "$D" ua-no-such-mc
	get "/api/v1/microcredentials/$D?version=1"
	found $r "GET .../$D?version=1" D
	get /mc/$D/v1
	found $r "GET /mc/$D/v1 (JSON)" D
	for id in $R $V; do
		get /api/v1/microcredentials/$id
		found $r "GET /api/v1/microcredentials/$id" A
		get /mc/$id/v1
		found $r "GET /mc/$id/v1" A
	done

	get /api/v1/microcredentials/$A
	equal "$code" 200 "$r: GET .../$A (published v1, draft v2)"
	if [ $s = yes ]; then
		equal "$(jbody .version)/$(jbody .status)" 2/draft "$r: the latest of $A is the draft"
	else
		equal "$(jbody .version)/$(jbody .status)" 1/published "$r: the latest of $A is its published version"
		lacks "$tmp/body" Draftsecretvtwo "$r: GET .../$A"
	fi
	get "/api/v1/microcredentials/$A?version=2"
	found $r "GET .../$A?version=2"
	[ $s = no ] && same_as_absent "/api/v1/microcredentials/$A?version=2" "/api/v1/microcredentials/$A?version=9" "version 2" "version 9"
	get /api/v1/microcredentials/$A/versions
	equal "$(jbody '[.versions[].version] | join(" ")')" "$([ $s = yes ] && echo '1 2' || echo 1)" \
		"$r: versions of $A listed"
	get /mc/$A/v2
	found $r "GET /mc/$A/v2 (JSON)"
	get /mc/$A
	equal "$(jbody .version)" 1 "$r: /mc/$A is the published version"

	# -- the pages
	page /mc/$D/v1
	found $r "page /mc/$D/v1" D
	if [ $sd = yes ]; then contains "$tmp/body" Draftonlysecret "$r: page of $D"; else lacks "$tmp/body" Draftonlysecret "$r: page of $D"; fi
	page /mc/$A/v2
	found $r "page /mc/$A/v2"
	if [ $s = no ]; then lacks "$tmp/body" Draftsecretvtwo "$r: page /mc/$A/v2"; fi
	page /mc/$A
	equal "$code" 200 "$r: page /mc/$A"
	lacks "$tmp/body" Draftsecretvtwo "$r: page /mc/$A shows v1"
	if [ $s = yes ]; then
		contains "$tmp/body" "/mc/$A/v2" "$r: page /mc/$A lists the draft v2"
	else
		lacks "$tmp/body" "/mc/$A/v2" "$r: page /mc/$A lists no draft"
	fi

	# -- search: hits, totals and facets
	get "/api/v1/microcredentials?status=draft&limit=100"
	equal "$code" 200 "$r: search status=draft"
	ids=$(jbody '[.hits[] | "\(.id)/v\(.version)"] | sort | join(" ")')
	want=""
	[ $s = yes ] && want="$A/v2"
	[ $sd = yes ] && want="$want $D/v1"
	equal "$ids" "$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" "$r: drafts found"
	equal "$(jbody .total)" "$(echo $want | wc -w)" "$r: drafts counted"
	for st in in_review approved; do
		get "/api/v1/microcredentials?status=$st"
		equal "$(jbody .total)" "$([ $s = yes ] && echo 1 || echo 0)" "$r: search status=$st total"
	done
	get "/api/v1/microcredentials?q=Draftonlysecret&status=any"
	equal "$(jbody .total)" "$([ $sd = yes ] && echo 1 || echo 0)" "$r: search q=Draftonlysecret status=any"
	get "/api/v1/microcredentials?q=Draftsecretvtwo&status=any&facets=1"
	equal "$(jbody .total)" "$([ $s = yes ] && echo 1 || echo 0)" "$r: search q=Draftsecretvtwo status=any"
	get "/api/v1/microcredentials?org=$P&status=any&facets=1&limit=0"
	facet=$(jbody '[.facets.status[] | "\(.value):\(.count)"] | sort | join(" ")')
	published=$(echo "$facet" | grep -o 'published:[0-9]*')
	retired=$(echo "$facet" | grep -o 'retired:[0-9]*')
	want="$published${retired:+ $retired}"
	drafts=0
	[ $s = yes ] && drafts=1 && want="$want approved:1 in_review:1"
	[ $sd = yes ] && drafts=$((drafts + 1))
	[ $drafts -gt 0 ] && want="$want draft:$drafts"
	equal "$facet" "$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" "$r: status facet of $P"
	total=$(jbody .total)
	get "/api/v1/microcredentials?org=$P&status=any&limit=0"
	equal "$(jbody .total)" "$total" "$r: total without facets"

	# -- clusters: an MC nobody may see a version of is no member to them
	get /api/v1/clusters/$CLUSTER
	equal "$code" 200 "$r: GET /api/v1/clusters/$CLUSTER"
	equal "$(jbody "[.mcs[]? // .microcredentials[]?] | index(\"$D\") != null")" "$([ $sd = yes ] && echo true || echo false)" \
		"$r: $D in cluster $CLUSTER"
	get /api/v1/clusters
	if [ $sd = yes ]; then contains "$tmp/body" "\"$D\"" "$r: cluster list"; else lacks "$tmp/body" "\"$D\"" "$r: cluster list"; fi
done

# ---- history, the workspace and writes: a hidden MC is an absent one --------------
#
# GET .../ID/history, the workspace page /workspace/mc/ID and every write
# on an MC (PUT, the lifecycle, comments; the workspace's save and
# actions) answer a caller who may read no version of it exactly as for
# an MC that does not exist: the same status, headers (but Date and
# Content-Length) and body, the id read for the other.  Before, they
# answered 403 "needs a role in $P" (or "needs the designer role ..."),
# telling that the draft exists, and the history and the workspace page
# refused the members of its awarding bodies and QA body, who read the
# draft through the API.  A caller who reads it but may not act still
# gets 403 with the reason.

# csrf READER: the session's CSRF token (none for a token or anonymous).
csrf=""
csrf_of() {
	csrf=""
	case $1 in
	anonymous* | member_*_token) return ;;
	esac
	http GET /api/v1/session -b "$tmp/$1.jar"
	csrf=$(jbody .csrf)
}

# same_reply METHOD HIDDEN ABSENT [CURL ARGS]: METHOD HIDDEN answers as
# METHOD ABSENT, $D read for ua-no-such-mc.
same_reply() {
	local method=$1 hidden=$2 absent=$3 hcode
	shift 3
	http "$method" "$hidden" "${as[@]}" "$@"
	hcode=$code
	cp "$tmp/body" "$tmp/hidden.body"
	grep -iv '^date:\|^content-length:' "$tmp/hdr" >"$tmp/hidden.hdr"
	http "$method" "$absent" "${as[@]}" "$@"
	sed "s/ua-no-such-mc/$D/g" "$tmp/body" >"$tmp/absent.body"
	grep -iv '^date:\|^content-length:' "$tmp/hdr" | sed "s/ua-no-such-mc/$D/g" >"$tmp/absent.hdr"
	if [ "$hcode" = "$code" ] && cmp -s "$tmp/hidden.body" "$tmp/absent.body" &&
		cmp -s "$tmp/hidden.hdr" "$tmp/absent.hdr"; then ok; else
		fail "$r: $method $hidden answers unlike $absent: $hcode $(head -c 300 "$tmp/hidden.body") vs $code $(head -c 300 "$tmp/absent.body")"
	fi
}

J=(-H 'Content-Type: application/json' -H 'Accept: application/json')
for r in $readers; do
	as $r
	sd=$(sees $r D)
	csrf_of $r
	X=()
	[ -n "$csrf" ] && X=(-H "X-CSRF-Token: $csrf")
	F=(-H 'Accept: text/html' --data-urlencode "csrf=$csrf" --data-urlencode "note=a note" --data-urlencode "title=x")

	if [ $sd = yes ]; then
		get /api/v1/microcredentials/$D/history
		equal "$code" 200 "$r: GET .../$D/history"
		equal "$(jbody '[.history[].version] | unique | join(" ")')" 1 "$r: history of $D"
		page /workspace/mc/$D
		equal "$code" 200 "$r: page /workspace/mc/$D"
		contains "$tmp/body" 'id="history"' "$r: page /workspace/mc/$D shows the history"
	else
		same_reply GET /api/v1/microcredentials/$D/history /api/v1/microcredentials/ua-no-such-mc/history -H 'Accept: application/json'
		same_reply GET "/api/v1/microcredentials/$D/history?version=1" "/api/v1/microcredentials/ua-no-such-mc/history?version=1" -H 'Accept: application/json'
		same_reply GET /workspace/mc/$D /workspace/mc/ua-no-such-mc -H 'Accept: text/html'
		lacks "$tmp/hidden.body" Draftonlysecret "$r: page /workspace/mc/$D"
		same_reply PUT /api/v1/microcredentials/$D /api/v1/microcredentials/ua-no-such-mc "${J[@]}" "${X[@]}" --data-binary '{}'
		for step in submit approve return publish retire; do
			same_reply POST /api/v1/microcredentials/$D/$step /api/v1/microcredentials/ua-no-such-mc/$step "${J[@]}" "${X[@]}" --data-binary '{}'
		done
		same_reply POST /api/v1/microcredentials/$D/comments /api/v1/microcredentials/ua-no-such-mc/comments "${J[@]}" "${X[@]}" --data-binary '{"note":"a note"}'
		same_reply POST /workspace/mc/$D /workspace/mc/ua-no-such-mc "${F[@]}"
		for step in submit comment approve; do
			same_reply POST /workspace/mc/$D/$step /workspace/mc/ua-no-such-mc/$step "${F[@]}"
		done
		# Issuing, the roster and the list of credentials name no
		# provider for a hidden draft either.
		same_reply POST /api/v1/microcredentials/$D/credentials /api/v1/microcredentials/ua-no-such-mc/credentials "${J[@]}" "${X[@]}" --data-binary '{"name":"A B","email":"a@example.org"}'
		same_reply POST /api/v1/microcredentials/$D/rosters /api/v1/microcredentials/ua-no-such-mc/rosters -H 'Content-Type: text/csv' -H 'Accept: application/json' "${X[@]}" --data-binary $'name,email\nA B,a@example.org\n'
		same_reply GET "/api/v1/credentials?mc=$D" "/api/v1/credentials?mc=ua-no-such-mc" -H 'Accept: application/json'
		same_reply GET /workspace/mc/$D/issue /workspace/mc/ua-no-such-mc/issue -H 'Accept: text/html'
		for step in issue roster; do
			same_reply POST /workspace/mc/$D/$step /workspace/mc/ua-no-such-mc/$step "${F[@]}"
		done
	fi
done

# Those who read $D but may not act on it are told why.
as awardee
csrf_of awardee
http POST /api/v1/microcredentials/$D/submit -b "$tmp/awardee.jar" "${J[@]}" -H "X-CSRF-Token: $csrf" --data-binary '{}'
equal "$code" 403 "awardee: submit $D"
contains "$tmp/body" "designer role in $P" "awardee: submit $D says why"
page /workspace/mc/$D
lacks "$tmp/body" 'id="mc-form"' "awardee: /workspace/mc/$D is read-only"
contains "$tmp/body" 'id="mc-locked"' "awardee: /workspace/mc/$D says it is read-only"
as qa
csrf_of qa
http POST /api/v1/microcredentials/$D/comments -b "$tmp/qa.jar" "${J[@]}" -H "X-CSRF-Token: $csrf" --data-binary '{"note":"x"}'
equal "$code" 403 "qa (a viewer): comment on $D"
contains "$tmp/body" "reviewer role" "qa: comment on $D says why"
# A reader of the published $A who works on none of its versions: 403,
# not 404 (the published version is public).
as stranger
csrf_of stranger
get /api/v1/microcredentials/$A/history
equal "$code" 403 "stranger: history of the published $A"
contains "$tmp/body" "needs a role in $P" "stranger: history of $A says why"
page /workspace/mc/$A
equal "$code" 403 "stranger: page /workspace/mc/$A"
http PUT /api/v1/microcredentials/$A -b "$tmp/stranger.jar" "${J[@]}" -H "X-CSRF-Token: $csrf" --data-binary '{}'
equal "$code" 403 "stranger: PUT $A"
contains "$tmp/body" "role in $P" "stranger: PUT $A says why"
# The QA body's member reads the history of both versions of $A.
as qa
get /api/v1/microcredentials/$A/history
equal "$(jbody '[.history[].version] | unique | join(" ")')" "1 2" "qa: history of $A"

# ---- the editor offers only the QA bodies a save accepts ---------------------------

user designer $P designer
http POST /api/v1/session -H 'Content-Type: application/json' \
	--data-binary "{\"email\":\"designer@example.org\",\"password\":\"$pw\"}" -c "$tmp/designer.jar"
equal "$code" 201 "sign in as designer"
as designer
# qa_options PATH: the values of the editor's QA body options on PATH.
qa_options() {
	page "$1"
	equal "$code" 200 "designer: page $1"
	perl -0ne 'if (/<select id="qa_body"[^>]*>(.*?)<\/select>/s) {
		my $s = $1; print "$1\n" while $s =~ /<option value="([^"]*)"/g }' \
		"$tmp/body" >"$tmp/qa_options"
	equal "$(grep -cx "$QA" "$tmp/qa_options")" 1 "designer: $1 offers $QA"
	equal "$(grep -cx de-bibb "$tmp/qa_options")" 0 "designer: $1 offers no German QA body (de-bibb)"
	equal "$(head -1 "$tmp/qa_options")" "" "designer: $1 offers none"
}
qa_options /workspace/mc/$A
qa_options /workspace/mc/new

# ---- pages and exports that show only published versions, to everyone ----------

for r in anonymous member; do
	as $r
	page "/?q=Draftonlysecret"
	lacks "$tmp/body" "/mc/$D" "$r: catalogue page"
	page /org/$P
	lacks "$tmp/body" Draftonlysecret "$r: organisation page"
	lacks "$tmp/body" Draftsecretvtwo "$r: organisation page"
	for path in /europass/org/$P.jsonld /europass/country/UA.jsonld; do
		get $path
		equal "$code" 200 "$r: $path"
		lacks "$tmp/body" Draftonlysecret "$r: $path"
		lacks "$tmp/body" Draftsecretvtwo "$r: $path"
		lacks "$tmp/body" Approvedsecret "$r: $path"
	done
done

# The clusters page counts the MCs a reader may see.
as anonymous
page /clusters
anon_count=$(grep -o '[0-9]* micro-credentials' "$tmp/body" | tr '\n' ' ')
as awardee
page /clusters
member_count=$(grep -o '[0-9]* micro-credentials' "$tmp/body" | tr '\n' ' ')
if [ -n "$anon_count" ] && [ "$anon_count" != "$member_count" ]; then ok; else
	fail "clusters page: anonymous counts '$anon_count', a member of $AB '$member_count'"
fi
as anonymous_again
page /clusters
equal "$(grep -o '[0-9]* micro-credentials' "$tmp/body" | tr '\n' ' ')" "$anon_count" "clusters page: anonymous again"

# ---- retired versions stay public ------------------------------------------------

as anonymous
get /mc/$B/v1
equal "$code" 200 "retired $B v1 is public"
equal "$(jbody .status)" retired "retired $B v1 says so"
page /mc/$B/v1
equal "$code" 200 "page of retired $B v1"
get /api/v1/microcredentials/$B/versions
equal "$(jbody '[.versions[].status] | join(" ")')" "retired published" "versions of $B"
get "/api/v1/microcredentials?status=retired&org=$P"
equal "$(jbody '[.hits[].id] | join(" ")')" "$B" "search status=retired"

finish
