#!/usr/bin/env bash
# The Europass course directory export: `microcred export europass` writes
# the LOQ dataset of an organisation or a country; the server serves the
# same bytes at BASE/europass/org/ORG.jsonld and
# BASE/europass/country/CC.jsonld (application/ld+json, ETag, 304); bad
# scopes are refused (404 unknown organisation, 400 bad country code, the
# CLI's usage errors); and the dataset conforms to the QDR's SHACL shapes
# (fixtures/edc/LOQ-constraints.ttl, checked with tests/interop/shacl.mjs)
# while a copy with a mandatory property removed does not.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed; the Europass test needs it"
		exit 77
	fi
done
src=${MC_SOURCE_DIR:?MC_SOURCE_DIR must name the source tree}
db=$(mc_db eu)
org=ua-dniprorudne-lyceum

mc_init "$db"
expect 0 "demo" -- "$mc" --db "$db" demo

# ---- the command ---------------------------------------------------------
expect 0 "export by org" -- "$mc" --db "$db" export europass --org $org --out "$tmp/org.jsonld"
expect 0 "export by country" -- "$mc" --db "$db" export europass --country UA --out "$tmp/ua.jsonld"
expect 0 "export to stdout" -- "$mc" --db "$db" export europass --country UA
if cmp -s "$tmp/out" "$tmp/ua.jsonld"; then ok; else fail "stdout and --out differ"; fi
expect 0 "export again" -- "$mc" --db "$db" export europass --country ua --out "$tmp/ua2.jsonld"
if cmp -s "$tmp/ua.jsonld" "$tmp/ua2.jsonld"; then ok; else fail "re-export is not byte-identical"; fi
equal "$(jq '[.["@graph"][] | select(.["@type"] == "Qualification")] | length' "$tmp/ua.jsonld")" 11 "UA qualifications"
equal "$(jq '[.["@graph"][] | select(.["@type"] == "LearningOpportunity")] | length' "$tmp/ua.jsonld")" 11 "UA opportunities"
equal "$(jq -r '.["@context"]' "$tmp/org.jsonld")" "http://data.europa.eu/snb/model/context/edc-ap" "context"
equal "$(jq '[.["@graph"][] | select(.["@type"] == "LearningOpportunity") | .providedBy["@id"]] | unique' -c "$tmp/org.jsonld")" \
	"[\"$test_base/org/$org\"]" "org scope: one provider"
contains "$tmp/ua.jsonld" '"uk": "Відновлення пошкоджених цегляних' "Ukrainian title kept"
expect 1 "unknown org" -- "$mc" --db "$db" export europass --org no-such-org
contains "$tmp/err" "no-such-org" "unknown org named"
expect 0 "country without MCs" -- "$mc" --db "$db" export europass --country FR
equal "$(jq -c '.["@graph"]' "$tmp/out")" "[]" "empty dataset"
expect 2 "neither scope" -- "$mc" --db "$db" export europass
expect 2 "both scopes" -- "$mc" --db "$db" export europass --org $org --country UA
expect_bad_country() {
	"$mc" --db "$db" export europass --country "$1" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ $got -ne 0 ] && grep -q "country" "$tmp/err"; then ok; else
		fail "bad country '$1': exit $got, $(head -1 "$tmp/err")"
	fi
}
for cc in XX UKR U1 ""; do expect_bad_country "$cc"; done

# ---- the server ----------------------------------------------------------
serve_start "$db"
http GET "/europass/org/$org.jsonld"
equal "$code" 200 "GET org dataset"
equal "$(header Content-Type)" "application/ld+json" "content type"
if cmp -s "$tmp/body" "$tmp/org.jsonld"; then ok; else fail "served org dataset differs from the CLI's"; fi
etag=$(header ETag)
[ -n "$etag" ] && ok || fail "no ETag"
http GET "/europass/org/$org.jsonld" -H "If-None-Match: $etag"
equal "$code" 304 "revalidation"
http GET "/europass/country/UA.jsonld"
equal "$code" 200 "GET country dataset"
if cmp -s "$tmp/body" "$tmp/ua.jsonld"; then ok; else fail "served country dataset differs from the CLI's"; fi
http GET "/europass/country/ua.jsonld"
if cmp -s "$tmp/body" "$tmp/ua.jsonld"; then ok; else fail "lower-case country code"; fi
http GET "/europass/org/no-such-org.jsonld"
equal "$code" 404 "unknown org"
equal "$(header Content-Type)" "application/problem+json" "problem type"
http GET "/europass/org/$org"
equal "$code" 404 "no .jsonld suffix"
http GET "/europass/country/XX.jsonld"
equal "$code" 400 "bad country"
contains "$tmp/body" "country" "bad country named"
http GET "/europass/country/UKR.jsonld"
equal "$code" 400 "alpha-3 country"
http POST "/europass/country/UA.jsonld"
equal "$code" 405 "POST refused"

# A change in the catalogue shows at the same URL: retiring an MC.
retire=$(jq -r '[.["@graph"][] | select(.["@type"] == "Qualification")][0]["@id"] | sub("^.*/mc/"; "") | sub("/v[0-9]+#.*$"; "")' "$tmp/org.jsonld")
expect 0 "retire $retire" -- "$mc" --db "$db" mc retire "$retire"
http GET "/europass/org/$org.jsonld"
equal "$code" 200 "GET after retire"
lacks "$tmp/body" "/mc/$retire/v" "retired MC gone"
"$mc" --db "$db" export europass --org $org --out "$tmp/org-after.jsonld" 2>/dev/null
if cmp -s "$tmp/body" "$tmp/org-after.jsonld"; then ok; else fail "served dataset after retire differs from the CLI's"; fi

# ---- SHACL: the QDR's LOQ shapes -----------------------------------------
fixtures=${MC_FIXTURES:-${MC_SHARED:-$src/../shared}/fixtures}
shapes="$fixtures/edc/LOQ-constraints.ttl"
context="$fixtures/edc/edc-ap-context.jsonld"
shacl="$src/tests/interop/shacl.mjs"
if [ ! -f "$shapes" ] || [ ! -f "$context" ]; then
	skip_part "SHACL part: $shapes or its context is absent"
elif ! command -v node >/dev/null 2>&1; then
	skip_part "SHACL part: node is not installed"
elif [ ! -d "$src/tests/interop/node_modules/rdf-validate-shacl" ]; then
	skip_part "SHACL part: tests/interop/node_modules is not installed (npm ci)"
elif [ ! -f "$shacl" ]; then
	skip_part "SHACL part: tests/interop/shacl.mjs is absent"
else
	# The shapes are used as published: their Java-style "^(?i)(http|https):"
	# is turned into the "i" flag by shacl.mjs itself.
	validate() {
		node "$shacl" --quiet --shapes "$shapes" \
			--context "http://data.europa.eu/snb/model/context/edc-ap=$context" \
			"$1" >"$tmp/shacl.out" 2>"$tmp/shacl.err"
	}
	for f in org.jsonld ua.jsonld; do
		validate "$tmp/$f"
		rc=$?
		if [ $rc -eq 0 ]; then ok; else
			fail "$f does not conform to LOQ-constraints.ttl (exit $rc)"
			cat "$tmp/shacl.out" "$tmp/shacl.err" | grep -v '^note:' | head -20 | sed 's/^/  | /' >&2
		fi
	done
	for cc in MK GE AM RS ME; do
		"$mc" --db "$db" export europass --country $cc --out "$tmp/$cc.jsonld"
		validate "$tmp/$cc.jsonld"
		rc=$?
		if [ $rc -eq 0 ]; then ok; else
			fail "$cc dataset does not conform (exit $rc)"
			grep -v '^note:' "$tmp/shacl.out" | head -10 | sed 's/^/  | /' >&2
		fi
	done
	# Negative controls: a mandatory property removed must be reported.
	neg() {
		jq "$1" "$tmp/ua.jsonld" >"$tmp/neg.jsonld"
		validate "$tmp/neg.jsonld"
		rc=$?
		if [ $rc -eq 1 ] && grep -q "$2" "$tmp/shacl.out"; then ok; else
			fail "negative control ($2) not caught: exit $rc"
			head -5 "$tmp/shacl.out" "$tmp/shacl.err" | sed 's/^/  | /' >&2
		fi
	}
	neg '(.["@graph"][] | select(.["@type"] == "Organisation")) |= del(.legalName)' "regorg#legalName"
	neg '(.["@graph"][] | select(.["@type"] == "Qualification")) |= del(.eqfLevel)' "elm/EQFLevel"
	neg '(.["@graph"][] | select(.["@type"] == "LearningOpportunity")) |= del(.homepage)' "homepage"
fi

finish
