#!/usr/bin/env bash
# Designing an MC through the command line: draft, review, publish, new
# versions, stable URIs, retire, OER adaptation.
. "$(dirname "$0")/lib.sh"
db=$(mc_db mc)
example="$MC_SOURCE_DIR/docs/examples/mc-example.json"

mc_init "$db" --base-url https://bank.demo.test
jq '{organisations: .organisations}' "$MC_SOURCE_DIR/data/demo/00-organisations.json" >"$tmp/orgs.json"
expect 0 "orgs" -- "$mc" --db "$db" org import "$tmp/orgs.json"

expect 0 "validate example" -- "$mc" --db "$db" mc validate "$example"
expect 1 "validate stores nothing" -- "$mc" --db "$db" mc show ua-mma-welding-basics
expect 0 "import example" -- "$mc" --db "$db" mc import "$example"
contains "$tmp/out" "1 created" "import creates version 1"
expect 0 "show" -- "$mc" --db "$db" mc show ua-mma-welding-basics --lang en
contains "$tmp/out" "Manual metal arc welding" "English title"
contains "$tmp/out" "v1 (draft)" "new MC is a draft"
contains "$tmp/out" "https://bank.demo.test/mc/ua-mma-welding-basics/v1" "stable URI under the base URL"
expect 0 "show uk" -- "$mc" --db "$db" mc show ua-mma-welding-basics --lang uk
contains "$tmp/out" "Ручне дугове зварювання" "Ukrainian title"

# Draft edits replace the draft.
jq '.eqf_level = 4' "$example" >"$tmp/edit.json"
expect 0 "edit draft" -- "$mc" --db "$db" mc import "$tmp/edit.json"
contains "$tmp/out" "1 updated" "draft replaced"

# Lifecycle: wrong steps are refused with the state named.
expect 1 "publish a draft" -- "$mc" --db "$db" mc publish ua-mma-welding-basics
contains "$tmp/err" "is draft" "refusal names the state"
expect 0 "submit" -- "$mc" --db "$db" mc submit ua-mma-welding-basics --by designer
expect 1 "edit in review" -- "$mc" --db "$db" mc import "$example"
contains "$tmp/err" "in_review" "no edits while in review"
expect 0 "return" -- "$mc" --db "$db" mc return ua-mma-welding-basics --note "add ESCO links"
expect 0 "submit again" -- "$mc" --db "$db" mc submit ua-mma-welding-basics
expect 0 "approve" -- "$mc" --db "$db" mc approve ua-mma-welding-basics --by ua-nqa
expect 0 "publish" -- "$mc" --db "$db" mc publish ua-mma-welding-basics

# A published version is immutable: editing makes version 2.
expect 0 "edit published" -- "$mc" --db "$db" mc import "$example"
contains "$tmp/out" "1 created" "edit of published makes a new version"
expect 0 "versions" -- "$mc" --db "$db" mc versions ua-mma-welding-basics
contains "$tmp/out" "v1   published" "v1 stays published"
contains "$tmp/out" "v2   draft" "v2 is a draft"
expect 0 "v1 by URI" -- "$mc" --db "$db" mc show https://bank.demo.test/mc/ua-mma-welding-basics/v1 --json
equal "$(jq -r .eqf_level "$tmp/out")" 4 "v1 keeps its published content"
expect 0 "MC URI resolves to the published version" -- "$mc" --db "$db" mc show https://bank.demo.test/mc/ua-mma-welding-basics --json
equal "$(jq -r .version "$tmp/out")" 1 "the MC URI names the published version"
expect 1 "foreign URI" -- "$mc" --db "$db" mc show https://elsewhere.example/mc/ua-mma-welding-basics

# Publishing v2 retires v1; v1 stays resolvable.
for step in submit approve publish; do
	expect 0 "$step v2" -- "$mc" --db "$db" mc "$step" ua-mma-welding-basics
done
expect 0 "versions after v2" -- "$mc" --db "$db" mc versions ua-mma-welding-basics
contains "$tmp/out" "v1   retired" "older version retired"
contains "$tmp/out" "v2   published" "v2 published"
expect 0 "v1 still resolvable" -- "$mc" --db "$db" mc show ua-mma-welding-basics --version 1
expect 0 "search finds v2 only" -- "$mc" --db "$db" search зварювання --json
equal "$(jq -r '.total' "$tmp/out")" 1 "one published version in search"
equal "$(jq -r '.hits[0].version' "$tmp/out")" 2 "the published version is v2"

# OER adaptation by another organisation.
expect 1 "adapt own MC" -- "$mc" --db "$db" mc adapt ua-mma-welding-basics --org ua-dniprorudne-lyceum
contains "$tmp/err" "own" "cannot adapt one's own MC"
expect 0 "adapt" -- "$mc" --db "$db" mc adapt ua-mma-welding-basics --org me-ssss-vukadinovic --id me-mma-welding-basics
expect 0 "show adapted" -- "$mc" --db "$db" mc show me-mma-welding-basics --json
equal "$(jq -r .derived_from "$tmp/out")" "https://bank.demo.test/mc/ua-mma-welding-basics/v2" "derived_from names the exact source version"
equal "$(jq -r .provider "$tmp/out")" me-ssss-vukadinovic "adapter is the provider"
equal "$(jq -r '.countries[0]' "$tmp/out")" ME "adapter's country"
equal "$(jq -r .status "$tmp/out")" draft "adaptation is a draft"
contains "$tmp/out" "adapted by" "attribution extended"
contains "$tmp/out" "Dniprorudne Professional Lyceum" "original attribution kept"
jq '.id = "ua-nd-course" | .licence = "CC-BY-ND-4.0" | del(.version, .status)' "$example" >"$tmp/nd.json"
expect 0 "import ND" -- "$mc" --db "$db" mc import "$tmp/nd.json"
for step in submit approve publish; do
	expect 0 "$step ND" -- "$mc" --db "$db" mc "$step" ua-nd-course
done
expect 1 "adapt ND" -- "$mc" --db "$db" mc adapt ua-nd-course --org me-ssss-vukadinovic
contains "$tmp/err" "does not allow adaptations" "ND licence refuses adaptation"

# Retire.
expect 0 "retire" -- "$mc" --db "$db" mc retire ua-mma-welding-basics
expect 0 "search after retire" -- "$mc" --db "$db" search зварювання --json
equal "$(jq -r '[.hits[] | select(.id == "ua-mma-welding-basics")] | length' "$tmp/out")" 0 "retired MCs leave the published catalogue"

finish
