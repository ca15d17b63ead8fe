#!/usr/bin/env bash
# Who reviews and who awards, on the command line (docs/ACCOUNTS.md): the
# platform operator recognises QA bodies for a country and self-accrediting
# providers (org recognise, unrecognise, recognitions), an organisation
# answers requests to award another provider's MC (org requests, accept,
# decline); every change is in the audit log with the actor "cli".  The
# demo records its self-accrediting agencies and co-awarding consents.
. "$(dirname "$0")/lib.sh"
db=$(mc_db rec)
P=ua-dniprorudne-lyceum
R=ua-rokytne-lyceum
M=ua-mag-welding-steel-structures
mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo

# The demo's registrations: the agencies that design demo MCs, and the
# co-awarding agencies' consents.
expect 0 "recognitions" -- "$mc" --db "$db" org recognitions --json
equal "$(jq -r '[.[] | "\(.country) \(.kind) \(.org)"] | join(",")' "$tmp/out")" \
	"AM self_accrediting am-ncvetd,GE self_accrediting ge-skills-agency,MK self_accrediting mk-vet-center,UA self_accrediting ua-nmc-donetsk" \
	"the demo's self-accrediting agencies"
equal "$(jq -r '.[0].granted_by' "$tmp/out")" demo "granted by the demo"
expect 0 "mk-vet-center's requests" -- "$mc" --db "$db" org requests mk-vet-center --json
equal "$(jq -r '[.[] | "\(.mc):\(.state)"] | join(",")' "$tmp/out")" \
	"mk-food-beverage-service-ohrid:accepted,mk-retail-sales-merchandising:accepted,mk-warehouse-operations-wms:accepted" \
	"the co-awarding agency's consents"

# A QA body from another country is refused when a draft is imported,
# naming the field; registered for UA, it is accepted.
jq --arg id ua-rec-bibb '.id = $id | del(.version, .status) | .quality_assurance.body = "de-bibb"' \
	<("$mc" --db "$db" mc show $M --json) >"$tmp/bibb.json"
expect 1 "de-bibb for a Ukrainian MC" -- "$mc" --db "$db" mc import "$tmp/bibb.json"
contains "$tmp/err" "quality_assurance.body: de-bibb is not recognised as a QA body for UA" "the refusal names the field and the reason"
expect 0 "recognise de-bibb" -- "$mc" --db "$db" org recognise de-bibb --country UA
contains "$tmp/out" "de-bibb recognised as qa_body for UA" "recognise says what it did"
expect 1 "recognise twice" -- "$mc" --db "$db" org recognise de-bibb --country UA
contains "$tmp/err" "already" "twice is refused"
expect 0 "de-bibb accepted once recognised" -- "$mc" --db "$db" mc import "$tmp/bibb.json"
expect 0 "unrecognise de-bibb" -- "$mc" --db "$db" org unrecognise de-bibb --country UA
expect 1 "unrecognise again" -- "$mc" --db "$db" org unrecognise de-bibb --country UA
# The provider itself: self-accrediting for its own country only.
expect 1 "self-accrediting abroad" -- "$mc" --db "$db" org recognise $P --country DE --self-accrediting
contains "$tmp/err" "its own country only" "self-accrediting names the rule"
expect 1 "unknown organisation" -- "$mc" --db "$db" org recognise nobody-here --country UA
expect 1 "bad country" -- "$mc" --db "$db" org recognise de-bibb --country ua

# Consent: a draft naming $R saves, is not submitted until $R accepts.
jq --arg id ua-rec-consent --arg r $R '.id = $id | del(.version, .status) | .awarding_bodies += [$r]' \
	<("$mc" --db "$db" mc show $M --json) >"$tmp/consent.json"
expect 0 "a draft naming $R" -- "$mc" --db "$db" mc import "$tmp/consent.json"
expect 0 "$R's requests" -- "$mc" --db "$db" org requests $R
contains "$tmp/out" "ua-rec-consent pending" "the request is pending"
expect 1 "submit without consent" -- "$mc" --db "$db" mc submit ua-rec-consent
contains "$tmp/err" "awarding_bodies[1]: $R has not accepted" "the refusal names the awarding body"
expect 1 "accept for an MC not naming it" -- "$mc" --db "$db" org accept $R $M
expect 0 "$R declines" -- "$mc" --db "$db" org decline $R ua-rec-consent
expect 1 "submit after a decline" -- "$mc" --db "$db" mc submit ua-rec-consent
contains "$tmp/err" "(declined)" "the refusal says declined"
expect 0 "$R accepts" -- "$mc" --db "$db" org accept $R ua-rec-consent
expect 0 "submit once accepted" -- "$mc" --db "$db" mc submit ua-rec-consent

# Every change is audited with the actor "cli".
expect 0 "audit" -- "$mc" --db "$db" audit --json --limit 20
equal "$(jq -r '[.[] | select(.actor == "cli") | .action] | join(",")' "$tmp/out")" \
	"consent.accept,consent.decline,org.unrecognise,org.recognise" \
	"grants, withdrawals and answers in the audit log"
finish
